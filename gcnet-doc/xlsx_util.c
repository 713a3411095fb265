#include "xlsx_util.h"

#include <stdlib.h>
#include <string.h>

#define S_MAX_CELL 32000u

size_t gc_doc_xlsx_text_width(const char *text)
{
    size_t w = 0, line = 0;
    const unsigned char *p = (const unsigned char *)text;

    for (; p && *p; p++) {
        if (*p == '\n') {
            w = line > w ? line : w;
            line = 0;
        } else if (*p < 0x80) {
            line += 1;
        } else if (*p >= 0xC0) {
            /* lead byte: 2-byte sequences are Latin/Greek etc. (one column), 3+ are CJK and friends (two) */
            line += *p >= 0xE0 ? 2 : 1;
        }
    }
    return line > w ? line : w;
}

int gc_doc_xlsx_write(lxw_worksheet *ws, unsigned row, unsigned col, const char *text, lxw_format *fmt, size_t *widths)
{
    int result = -1;
    char *cut = NULL;
    size_t len = strlen(text);

    if (len > S_MAX_CELL) {
        size_t n = S_MAX_CELL;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
        cut = malloc(n + 1);
        if (!cut)
            goto cleanup;
        memcpy(cut, text, n);
        cut[n] = '\0';
        text = cut;
    }
    if (worksheet_write_string(ws, row, (lxw_col_t)col, text, fmt) != LXW_NO_ERROR)
        goto cleanup;
    if (widths) {
        size_t w = gc_doc_xlsx_text_width(text);
        if (w > widths[col])
            widths[col] = w;
    }
    result = 0;
cleanup:
    free(cut);
    return result;
}

void gc_doc_xlsx_fit_columns(lxw_worksheet *ws, const size_t *widths, unsigned n, double min_w, double max_w,
                             lxw_format *fmt)
{
    for (unsigned c = 0; c < n; c++) {
        double w = (double)widths[c] + 2.0;
        if (w < min_w)
            w = min_w;
        if (w > max_w)
            w = max_w;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, fmt);
    }
}

void gc_doc_xlsx_print_setup(lxw_worksheet *ws, unsigned header_rows, unsigned last_row, unsigned last_col,
                             const char *footer)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.5, 0.5, 0.75, 0.75);
    if (header_rows > 0)
        worksheet_repeat_rows(ws, 0, header_rows - 1);
    worksheet_print_area(ws, 0, 0, last_row, (lxw_col_t)last_col);
    worksheet_set_footer(ws, footer && *footer ? footer : "&C&P / &N");
}
