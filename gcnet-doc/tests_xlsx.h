/* `gcnet-doc tests`: a test result report workbook from `terraform test -json` output (one JSON per line). */
#ifndef GC_DOC_TESTS_XLSX_H
#define GC_DOC_TESTS_XLSX_H

#include <stddef.h>
#include <stdio.h>

#include "base/gc_diag.h"
#include "settings.h"
#include "test_items.h"

/* One "Test assertion failed" diagnostic of a run: the line of the failing condition and Terraform's message. */
struct gc_doc_test_failure {
    unsigned line; /* 0 when the diagnostic has no range */
    char *detail;  /* the evaluated error_message, may be NULL */
};

struct gc_doc_test_run {
    char *file;
    char *run;
    char *status;     /* pass / fail / error / skip, or NULL when the run never completed */
    double seconds;   /* from the run's start and completion timestamps (or `elapsed`), -1 when unknown */
    char *assertions; /* failed assertions and other diagnostics for this run, newline separated; may be NULL */
    size_t n_failed_assertions;
    struct gc_doc_test_failure *failures; /* one per failed assertion, in stream order */
    size_t n_failures;
};

struct gc_doc_test_file {
    char *path;
    char *status;
    double seconds;
    char *diagnostics; /* diagnostics outside any run (file-level), may be NULL */
};

struct gc_doc_test_report {
    char *terraform_version;
    struct gc_doc_test_file *files;
    size_t n_files;
    struct gc_doc_test_run *runs;
    size_t n_runs;
    bool has_summary;
    char *summary_status;
    long passed, failed, errored, skipped;
    double total_seconds;
    char *general_diagnostics; /* diagnostics with no file, may be NULL */
    char started[32];          /* the first message's timestamp as YYYY-MM-DD HH:MM:SS UTC, "" when none */
};

/* Reads the stream line by line (never the whole file at once). Malformed lines or a stream that is not
 * `terraform test -json` output add an error and return -1. */
int gc_doc_test_report_read(struct gc_doc_test_report *rep, FILE *f, struct gc_diags *diags);
void gc_doc_test_report_clean_up(struct gc_doc_test_report *rep);

struct gc_doc_tests_opts {
    const char *date;                       /* required */
    const char *source;                     /* input file name, may be NULL */
    const char *provider_version;           /* may be NULL */
    const char *environment;                /* overrides the settings' tests.environment; may be NULL */
    const struct gc_doc_settings *settings; /* required */
    const struct gc_doc_testitems *items;   /* one row per assertion (試験項目 sheet); NULL: none */
};

int gc_doc_tests_write(const char *path, const struct gc_doc_test_report *rep, const struct gc_doc_tests_opts *opts,
                       struct gc_diags *diags);

#endif
