/* `gcnet-doc params`: the parameter sheet workbook (cover sheet + one sheet per gcnet resource type). */
#ifndef GC_DOC_PARAMS_XLSX_H
#define GC_DOC_PARAMS_XLSX_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "base/gc_diag.h"
#include "tf_json.h"

struct gc_doc_params_opts {
    const char *date;             /* YYYY-MM-DD shown on the cover; required */
    const char *provider_version; /* overrides the plan's constraint; may be NULL */
    const char *source_name;      /* input file name shown on the cover; may be NULL */
};

/* Writes the workbook to `path` (the caller makes it atomic). 0 on success, -1 with a diagnostic. */
int gc_doc_params_write(const char *path, const struct gc_doc_input *in, const struct gc_doc_schema *schema,
                        const struct gc_doc_params_opts *opts, struct gc_diags *diags);

/* Shared spreadsheet helpers. */
/* Display width in Excel character units: East Asian (multi-byte) characters count two. */
size_t gc_doc_xlsx_text_width(const char *text);
/* Writes a string, truncated at a UTF-8 boundary to Excel's cell limit; tracks the widest text per column in
 * `widths` (may be NULL). */
int gc_doc_xlsx_write(lxw_worksheet *ws, unsigned row, unsigned col, const char *text, lxw_format *fmt, size_t *widths);
/* Sets column widths from `widths` clamped to [min_w, max_w]. */
void gc_doc_xlsx_fit_columns(lxw_worksheet *ws, const size_t *widths, unsigned n, double min_w, double max_w,
                             lxw_format *fmt);
/* A4 landscape, one page wide, header rows repeated, print area rows 0..last_row, columns 0..last_col. */
void gc_doc_xlsx_print_setup(lxw_worksheet *ws, unsigned header_rows, unsigned last_row, unsigned last_col);

#endif
