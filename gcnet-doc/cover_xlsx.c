#include "cover_xlsx.h"

#include <string.h>

#include "xlsx_util.h"

#define S_FOOTER_MAX 250u

/* Appends `text` with '&' doubled (Excel's header/footer escape), stopping before `limit` bytes in total at a
 * UTF-8 boundary. */
static int s_footer_text(struct gc_buf *out, const char *text, size_t limit)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        size_t seq = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        if (out->len + seq + 1 > limit)
            break;
        if (*p == '&' && gc_buf_append_byte(out, '&'))
            return -1;
        if (gc_buf_append_byte(out, *p))
            return -1;
    }
    return 0;
}

int gc_doc_cover_footer(struct gc_buf *out, const struct gc_doc_settings *settings, const char *title)
{
    int result = -1;

    gc_buf_reset(out);
    if (gc_buf_append_str(out, "&L&8"))
        goto cleanup;
    if (s_footer_text(out, settings->project, S_FOOTER_MAX / 2) || gc_buf_append_str(out, " ") ||
        s_footer_text(out, title, S_FOOTER_MAX / 2 + 40))
        goto cleanup;
    if (gc_buf_append_str(out, "&C&8&P / &N&R&8"))
        goto cleanup;
    if (s_footer_text(out, settings->document_number, S_FOOTER_MAX - 20))
        goto cleanup;
    if (*settings->version && (gc_buf_append_str(out, " 第") || s_footer_text(out, settings->version, S_FOOTER_MAX) ||
                               gc_buf_append_str(out, "版")))
        goto cleanup;
    result = 0;
cleanup:
    return result;
}

static int s_pair(struct gc_doc_cover_sheet *c, const char *label, const char *value)
{
    if (gc_doc_xlsx_write(c->ws, c->row, 0, label, c->label, c->widths) ||
        gc_doc_xlsx_write(c->ws, c->row, 1, value && *value ? value : "-", c->cell, c->widths))
        return -1;
    c->row++;
    return 0;
}

/* 承認欄: one column per role to the right of the settings rows: the role, a tall box for the seal or signature,
 * the name and the date. */
static int s_approvals(struct gc_doc_cover_sheet *c, const struct gc_doc_settings *s, lxw_format *box)
{
    unsigned col0 = 3;

    if (gc_doc_xlsx_write(c->ws, 1, col0, "承認欄", c->label, NULL))
        return -1;
    for (size_t i = 0; i < s->n_approvals && col0 + i < GC_DOC_COVER_COLS + 4; i++) {
        unsigned col = col0 + (unsigned)i;
        const struct gc_doc_approval *a = &s->approvals[i];
        if (gc_doc_xlsx_write(c->ws, 2, col, a->role, c->header, NULL) ||
            gc_doc_xlsx_write(c->ws, 3, col, "", box, NULL) ||
            gc_doc_xlsx_write(c->ws, 4, col, a->name, c->cell, NULL) ||
            gc_doc_xlsx_write(c->ws, 5, col, a->date, c->cell, NULL))
            return -1;
        worksheet_set_column(c->ws, (lxw_col_t)col, (lxw_col_t)col, 14.0, NULL);
    }
    worksheet_set_row(c->ws, 3, 48.0, NULL);
    return 0;
}

static int s_revisions(lxw_workbook *wb, const struct gc_doc_cover_sheet *c, const struct gc_doc_settings *s,
                       lxw_format *title, const char *footer)
{
    int result = -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "改版履歴");
    static const char *const heads[4] = {"版数", "改版日", "改版内容", "作成者"};
    size_t widths[4] = {0};
    unsigned row = 2;

    if (!ws || gc_doc_xlsx_write(ws, 0, 0, "改版履歴", title, NULL))
        goto cleanup;
    for (unsigned i = 0; i < 4; i++)
        if (gc_doc_xlsx_write(ws, 1, i, heads[i], c->header, widths))
            goto cleanup;
    for (size_t i = 0; i < s->n_revisions; i++, row++) {
        const struct gc_doc_revision *r = &s->revisions[i];
        if (gc_doc_xlsx_write(ws, row, 0, r->version, c->cell, widths) ||
            gc_doc_xlsx_write(ws, row, 1, r->date, c->cell, widths) ||
            gc_doc_xlsx_write(ws, row, 2, r->description, c->cell, widths) ||
            gc_doc_xlsx_write(ws, row, 3, r->author, c->cell, widths))
            goto cleanup;
    }
    if (s->n_revisions == 0 && gc_doc_xlsx_write(ws, row++, 0, "(設定ファイルに改版履歴がありません)", NULL, NULL))
        goto cleanup;
    worksheet_freeze_panes(ws, 2, 0);
    gc_doc_xlsx_fit_columns(ws, widths, 4, 10.0, 70.0, NULL);
    gc_doc_xlsx_print_setup(ws, 2, row, 3, footer);
    result = 0;
cleanup:
    return result;
}

int gc_doc_cover_write(struct gc_doc_cover_sheet *out, lxw_workbook *wb, const struct gc_doc_cover *cover,
                       const char *footer)
{
    int result = -1;
    const struct gc_doc_settings *s = cover->settings;
    lxw_format *title = workbook_add_format(wb);
    lxw_format *box = workbook_add_format(wb);

    memset(out, 0, sizeof *out);
    out->label = workbook_add_format(wb);
    out->cell = workbook_add_format(wb);
    out->header = workbook_add_format(wb);
    if (!title || !box || !out->label || !out->cell || !out->header)
        goto cleanup;
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_bold(out->label);
    format_set_bg_color(out->label, 0xF2F2F2);
    format_set_border(out->label, LXW_BORDER_THIN);
    format_set_align(out->label, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(out->cell, LXW_BORDER_THIN);
    format_set_text_wrap(out->cell);
    format_set_align(out->cell, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(out->header);
    format_set_bg_color(out->header, 0xD9E1F2);
    format_set_border(out->header, LXW_BORDER_THIN);
    format_set_align(out->header, LXW_ALIGN_CENTER);
    format_set_border(box, LXW_BORDER_THIN);
    out->ws = workbook_add_worksheet(wb, "表紙");
    if (!out->ws)
        goto cleanup;
    if (gc_doc_xlsx_write(out->ws, 0, 0, cover->title, title, NULL))
        goto cleanup;
    out->row = 2;
    if (s_pair(out, "案件名", s->project) || s_pair(out, "文書名", cover->title) ||
        s_pair(out, "文書番号", s->document_number) || s_pair(out, "版数", s->version) ||
        s_pair(out, "作成日", cover->date) || s_pair(out, "作成者", s->author) ||
        s_pair(out, "作成組織", s->organisation))
        goto cleanup;
    for (size_t i = 0; i < cover->n_fields; i++)
        if (s_pair(out, cover->fields[i].label, cover->fields[i].value))
            goto cleanup;
    if (s_approvals(out, s, box))
        goto cleanup;
    if (s_revisions(wb, out, s, title, footer))
        goto cleanup;
    result = 0;
cleanup:
    return result;
}

void gc_doc_cover_finish(struct gc_doc_cover_sheet *sheet, const char *footer)
{
    gc_doc_xlsx_fit_columns(sheet->ws, sheet->widths, 3, 12.0, 70.0, NULL);
    gc_doc_xlsx_print_setup(sheet->ws, 0, sheet->row, GC_DOC_COVER_COLS + 1, footer);
}
