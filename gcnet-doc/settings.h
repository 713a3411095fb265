/* The document settings file: what a municipality's reviewer signs besides the values (案件名, 文書番号, 版数, 作成者,
 * 組織, 承認欄, 改版履歴, 試験の実施者/確認者). It lives in the repository beside the root module, so regenerating the
 * documents never loses them. JSON:
 *
 *   {"project": "…", "document_number": "…", "version": "1.0", "author": "…", "organisation": "…",
 *    "approvals": [{"role": "作成", "name": "…", "date": "…"}, …],
 *    "revisions": [{"version": "1.0", "date": "2025-04-01", "author": "…", "description": "初版"}, …],
 *    "tests": {"tester": "…", "reviewer": "…", "environment": "…"}}
 *
 * Every key is optional; keys starting with "_" are comments. A value of the wrong type is an input error. */
#ifndef GC_DOC_SETTINGS_H
#define GC_DOC_SETTINGS_H

#include <jansson.h>
#include <stddef.h>

#include "base/gc_diag.h"

struct gc_doc_approval {
    const char *role; /* 作成 / 確認 / 承認 */
    const char *name; /* may be "" */
    const char *date; /* may be "" */
};

struct gc_doc_revision {
    const char *version;
    const char *date;
    const char *author;
    const char *description;
};

/* Strings are borrowed from `root` (or are static defaults) and never NULL. */
struct gc_doc_settings {
    json_t *root; /* owned; NULL for the defaults */
    const char *project;
    const char *document_number;
    const char *version;
    const char *author;
    const char *organisation;
    const char *tester;
    const char *reviewer;
    const char *environment; /* the test environment as the contract names it; "" to derive it */
    struct gc_doc_approval *approvals;
    size_t n_approvals;
    struct gc_doc_revision *revisions;
    size_t n_revisions;
};

/* Defaults: empty names, approval roles 作成/確認/承認, no revisions. */
int gc_doc_settings_init_default(struct gc_doc_settings *s);
/* Loads `path`; a missing, malformed or mistyped file adds an error and returns -1. */
int gc_doc_settings_load(struct gc_doc_settings *s, const char *path, struct gc_diags *diags);
int gc_doc_settings_load_text(struct gc_doc_settings *s, const char *text, size_t len, const char *name,
                              struct gc_diags *diags);
void gc_doc_settings_clean_up(struct gc_doc_settings *s);

#endif
