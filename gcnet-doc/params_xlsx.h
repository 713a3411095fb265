/* `gcnet-doc params`: the parameter sheet workbook (cover sheet + one sheet per gcnet resource type). */
#ifndef GC_DOC_PARAMS_XLSX_H
#define GC_DOC_PARAMS_XLSX_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "base/gc_diag.h"
#include "settings.h"
#include "tf_json.h"

struct gc_doc_params_opts {
    const char *date;                       /* YYYY-MM-DD shown on the cover; required */
    const char *provider_version;           /* overrides the plan's constraint; may be NULL */
    const char *source_name;                /* input file name shown on the cover; may be NULL */
    const struct gc_doc_settings *settings; /* cover, approvals, revision history, footer; required */
    const json_t *sheets; /* the per-AWS-object sheet table (object_sheets.h); NULL: one generic sheet per type */
};

/* Writes the workbook: 表紙, 改版履歴, the sheets by AWS object of each resource type the table knows (a generic
 * sheet of every attribute for the others), then the IP address plan and one routing sheet per route table. */
/* Writes the workbook to `path` (the caller makes it atomic). 0 on success, -1 with a diagnostic. */
int gc_doc_params_write(const char *path, const struct gc_doc_input *in, const struct gc_doc_schema *schema,
                        const struct gc_doc_params_opts *opts, struct gc_diags *diags);

#endif
