/* Spreadsheet helpers shared by every workbook gcnet-doc writes (cell text, column widths, print setup). */
#ifndef GC_DOC_XLSX_UTIL_H
#define GC_DOC_XLSX_UTIL_H

#include <stddef.h>

#include <xlsxwriter.h>

/* Display width in Excel character units: East Asian (multi-byte) characters count two. */
size_t gc_doc_xlsx_text_width(const char *text);
/* Writes a string, truncated at a UTF-8 boundary to Excel's cell limit; tracks the widest text per column in
 * `widths` (may be NULL). */
int gc_doc_xlsx_write(lxw_worksheet *ws, unsigned row, unsigned col, const char *text, lxw_format *fmt, size_t *widths);
/* Sets column widths from `widths` clamped to [min_w, max_w]. */
void gc_doc_xlsx_fit_columns(lxw_worksheet *ws, const size_t *widths, unsigned n, double min_w, double max_w,
                             lxw_format *fmt);
/* A4 landscape, one page wide, header rows repeated, print area rows 0..last_row, columns 0..last_col, and the
 * footer (gc_doc_cover_footer's text; NULL: page numbers only). */
void gc_doc_xlsx_print_setup(lxw_worksheet *ws, unsigned header_rows, unsigned last_row, unsigned last_col,
                             const char *footer);

#endif
