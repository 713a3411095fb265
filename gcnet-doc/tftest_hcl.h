/* A reader for the subset of HCL that the test report needs from `.tftest.hcl` files: the `run "name" { … }` blocks,
 * their `command` and their `assert { condition = …, error_message = … }` blocks, with line numbers (to match
 * Terraform's "Test assertion failed" diagnostics, which name the condition's line).
 *
 * What it understands (HCL native syntax, enough to find where each attribute and block ends):
 *   - attributes `name = expression`: the expression ends at a newline outside brackets, strings and heredocs;
 *   - blocks `type "label"… { body }` (labels quoted or bare), nested to any depth up to S_MAX_DEPTH;
 *   - strings with escapes and `${ … }` / `%{ … }` templates (which may hold strings and braces), heredocs
 *     `<<EOT` and `<<-EOT`, comments `#`, `//` and block comments.
 * Expressions are kept as their source text, trimmed; an `error_message` that is one quoted string or heredoc is
 * decoded (the escapes for newline, tab, quote and backslash become their characters; unicode escapes and
 * templates stay as written). Everything else
 * (variables, provider, mock_provider blocks, other attributes) is read past and ignored. A file that is not
 * well formed at this level (an unterminated string, block or heredoc, a stray character) is an error with its
 * line number. */
#ifndef GC_DOC_TFTEST_HCL_H
#define GC_DOC_TFTEST_HCL_H

#include <stddef.h>

#include "base/gc_diag.h"

struct gc_doc_tftest_assert {
    char *condition;     /* source text of the condition expression */
    char *error_message; /* the decoded string, or the source text of a non-literal expression */
    unsigned line;       /* 1-based line of `condition` */
};

struct gc_doc_tftest_run {
    char *name;
    char *command; /* "plan" or "apply" (Terraform's default when absent) */
    unsigned line;
    struct gc_doc_tftest_assert *asserts;
    size_t n_asserts;
};

struct gc_doc_tftest_file {
    struct gc_doc_tftest_run *runs;
    size_t n_runs;
};

/* Parses `text` (`len` bytes, need not be NUL-terminated); `name` names it in messages. 0, or -1 with an error. */
int gc_doc_tftest_parse(struct gc_doc_tftest_file *out, const char *text, size_t len, const char *name,
                        struct gc_diags *diags);
/* Reads and parses a file (at most 4 MiB). */
int gc_doc_tftest_load(struct gc_doc_tftest_file *out, const char *path, struct gc_diags *diags);
void gc_doc_tftest_clean_up(struct gc_doc_tftest_file *f);

#endif
