/* Diagnostics: what the user sees. Every failure in gcnet becomes one of these, with an attribute path
 * where one applies, so that Terraform underlines the offending line. The RPC layer turns a gc_diags list
 * into tfplugin6 Diagnostic messages. */
#ifndef GC_DIAG_H
#define GC_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gc_severity {
    GC_SEV_ERROR = 1,
    GC_SEV_WARNING = 2,
};

enum gc_step_kind {
    GC_STEP_ATTR = 1,       /* .name */
    GC_STEP_KEY_STRING = 2, /* ["key"] */
    GC_STEP_KEY_INT = 3,    /* [3] */
};

struct gc_path_step {
    enum gc_step_kind kind;
    char *name; /* ATTR and KEY_STRING: owned */
    int64_t index;
};

/* An owned attribute path. A zeroed struct is the empty (root) path. */
struct gc_path {
    struct gc_path_step *steps;
    size_t n;
};

int gc_path_push_attr(struct gc_path *path, const char *name);
int gc_path_push_key(struct gc_path *path, const char *key);
int gc_path_push_index(struct gc_path *path, int64_t index);
void gc_path_pop(struct gc_path *path);
int gc_path_copy(struct gc_path *out, const struct gc_path *in);
/* Parses `a.b["k"][2].c` into steps. Returns 0, or -1 on syntax errors. */
int gc_path_parse(struct gc_path *out, const char *text);
/* Appends a human form (`a.b["k"][2]`) to a NUL-terminated malloc'd string; NULL on failure. */
char *gc_path_to_string(const struct gc_path *path);
void gc_path_clean_up(struct gc_path *path);

struct gc_diag {
    enum gc_severity severity;
    char *summary;
    char *detail;
    struct gc_path path;
};

struct gc_diags {
    struct gc_diag *items;
    size_t n;
    size_t cap;
    size_t n_lost; /* errors that could not be recorded at all for want of memory: gc_diags_has_error counts them,
                    * and whoever reports the list adds one GC_DIAG_OOM_SUMMARY error in their place */
};

/* What stands for an error that could not be recorded, or for a summary or detail that could not be copied. */
#define GC_DIAG_OOM_SUMMARY "Out of memory"
#define GC_DIAG_OOM_DETAIL                                                                                             \
    "gcnet ran out of memory and could not record the details of an error. Nothing was reported as done that was "     \
    "not; run the command again."

void gc_diags_init(struct gc_diags *diags);
void gc_diags_clean_up(struct gc_diags *diags);

/* Adds a diagnostic. `path` may be NULL (no attribute). `detail_fmt` may be NULL. An error is never lost to a
 * failed allocation: without memory for the summary the entry has a NULL summary (read it as
 * GC_DIAG_OOM_SUMMARY), without memory for the entry itself n_lost counts it. */
void gc_diags_add(struct gc_diags *diags, enum gc_severity sev, const struct gc_path *path, const char *summary,
                  const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));
/* Error on a path given as text (`gc_path_parse` syntax; NULL or "" for none). */
void gc_diags_error_at(struct gc_diags *diags, const char *path_text, const char *summary, const char *detail_fmt, ...)
    __attribute__((format(printf, 4, 5)));
void gc_diags_warning_at(struct gc_diags *diags, const char *path_text, const char *summary, const char *detail_fmt,
                         ...) __attribute__((format(printf, 4, 5)));
/* Moves every entry of `from` into `to` (from is left empty; entries that cannot be moved for want of memory
 * are counted in to->n_lost when they are errors). */
void gc_diags_move(struct gc_diags *to, struct gc_diags *from);
/* True when an error was added, recorded or lost (n_lost). */
bool gc_diags_has_error(const struct gc_diags *diags);

#endif
