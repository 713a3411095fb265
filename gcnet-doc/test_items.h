/* The test items (試験項目) of a test report: one per `assert` of each run, from the `.tftest.hcl` files
 * (tftest_hcl.h: the condition and its error_message) joined with what `terraform test -json` reported, which names
 * only the failing assertions (by the condition's line): 判定 ○ when the assertion held, × when it failed or its
 * run errored, - when the run did not run. A run without asserts, or whose file was not read, is one item. */
#ifndef GC_DOC_TEST_ITEMS_H
#define GC_DOC_TEST_ITEMS_H

#include <stddef.h>

#include "tftest_hcl.h"

struct gc_doc_test_report;

enum gc_doc_testitem_verdict {
    GC_DOC_VERDICT_PASS = 0,    /* ○ */
    GC_DOC_VERDICT_FAIL = 1,    /* × */
    GC_DOC_VERDICT_NOT_RUN = 2, /* - */
};

struct gc_doc_testitem {
    const char *file;      /* borrowed from the report */
    const char *run;       /* borrowed from the report */
    const char *command;   /* plan / apply; borrowed from the test file, "-" when not read */
    size_t index;          /* 1-based within the run */
    const char *condition; /* borrowed from the test file, or a static text for a whole run */
    const char *expected;  /* borrowed from the test file (error_message), or a static text */
    char *result;          /* 結果: 成立 / 不成立: <Terraform's message> / エラー … / 未実施; owned */
    enum gc_doc_testitem_verdict verdict;
};

struct gc_doc_testitems {
    struct gc_doc_testitem *items;
    size_t n;
    size_t n_pass, n_fail, n_not_run;
    size_t n_unmatched; /* failures the test files did not account for (counted as × on their run's first item) */
};

/* `files` is parallel to rep->files (entry i: the parsed rep->files[i].path; n_runs 0 when it was not read), or
 * NULL when no test file was read. 0, or -1 when memory runs out. */
int gc_doc_testitems_build(struct gc_doc_testitems *out, const struct gc_doc_test_report *rep,
                           const struct gc_doc_tftest_file *files);
void gc_doc_testitems_clean_up(struct gc_doc_testitems *items);
/* ○ / × / - */
const char *gc_doc_testitem_mark(enum gc_doc_testitem_verdict verdict);

#endif
