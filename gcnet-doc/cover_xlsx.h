/* The cover (表紙) with the approval boxes, the revision history (改版履歴) and the footer that every workbook
 * gcnet-doc writes shares: all from the document settings file. */
#ifndef GC_DOC_COVER_XLSX_H
#define GC_DOC_COVER_XLSX_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "base/gc_buf.h"
#include "settings.h"

#define GC_DOC_COVER_COLS 6u

struct gc_doc_cover_field {
    const char *label;
    const char *value;
};

struct gc_doc_cover {
    const char *title; /* 文書名, e.g. パラメータシート */
    const char *date;  /* 作成日 */
    const struct gc_doc_settings *settings;
    const struct gc_doc_cover_field *fields; /* the document's own rows after the settings rows */
    size_t n_fields;
};

/* The 表紙 sheet being written: callers may add rows (label in column 0, value in 1) before finishing it. */
struct gc_doc_cover_sheet {
    lxw_worksheet *ws;
    lxw_format *label;
    lxw_format *cell;
    lxw_format *header;
    unsigned row; /* the next free row */
    size_t widths[GC_DOC_COVER_COLS];
};

/* Adds the 表紙 (title, settings rows, `fields`, approval boxes) and the 改版履歴 sheet. 0 or -1. */
int gc_doc_cover_write(struct gc_doc_cover_sheet *out, lxw_workbook *wb, const struct gc_doc_cover *cover,
                       const char *footer);
/* Column widths and print setup of the 表紙, once the caller's rows are in. */
void gc_doc_cover_finish(struct gc_doc_cover_sheet *sheet, const char *footer);
/* The footer text for every sheet: project and document title on the left, page x / y in the middle, document
 * number and version on the right ('&' escaped, cut to Excel's 255-character limit). */
int gc_doc_cover_footer(struct gc_buf *out, const struct gc_doc_settings *settings, const char *title);

#endif
