/* `gcnet-doc changes` and `gcnet-doc drift`: the change record (変更管理票) of a plan and the drift report
 * (構成差異報告) of a refresh-only plan, from a change set (change_set.h): a list with one row per resource
 * (replacements and deletions first, marked), then one row per changed attribute, before → after. */
#ifndef GC_DOC_CHANGES_XLSX_H
#define GC_DOC_CHANGES_XLSX_H

#include "base/gc_diag.h"
#include "change_set.h"
#include "settings.h"
#include "tf_json.h"

struct gc_doc_changes_opts {
    const char *date;                       /* 作成日 on the cover; required */
    const char *source_name;                /* input file name; may be NULL */
    const char *provider_version;           /* may be NULL */
    const struct gc_doc_settings *settings; /* required */
};

/* The document title: 変更管理票 or 構成差異報告. */
const char *gc_doc_changes_title(enum gc_doc_chgset_source source);
/* Writes the workbook to `path` (the caller makes it atomic): 表紙, 改版履歴, then 変更一覧 + 変更明細 (a plan) or
 * 差異一覧 + 差異明細 (drift). 0, or -1 with a diagnostic. */
int gc_doc_changes_write(const char *path, const struct gc_doc_chgset *set, const struct gc_doc_input *in,
                         const struct gc_doc_changes_opts *opts, struct gc_diags *diags);

#endif
