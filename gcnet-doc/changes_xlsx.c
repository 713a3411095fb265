#include "changes_xlsx.h"

#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/gc_buf.h"
#include "catalog.h"
#include "cover_xlsx.h"
#include "xlsx_util.h"

#define S_LIST_COLS 6u
#define S_DETAIL_COLS 8u
#define S_FLAG_TEXT "要注意"

struct s_formats {
    lxw_format *title;
    lxw_format *header;
    lxw_format *cell;
    lxw_format *flag;
};

static void s_formats_init(lxw_workbook *wb, struct s_formats *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xD9E1F2);
    format_set_border(f->header, LXW_BORDER_THIN);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    f->cell = workbook_add_format(wb);
    format_set_border(f->cell, LXW_BORDER_THIN);
    format_set_text_wrap(f->cell);
    format_set_align(f->cell, LXW_ALIGN_VERTICAL_TOP);
    f->flag = workbook_add_format(wb);
    format_set_border(f->flag, LXW_BORDER_THIN);
    format_set_text_wrap(f->flag);
    format_set_bold(f->flag);
    format_set_bg_color(f->flag, 0xF8CBAD);
    format_set_align(f->flag, LXW_ALIGN_VERTICAL_TOP);
}

const char *gc_doc_changes_title(enum gc_doc_chgset_source source)
{
    return source == GC_DOC_CHGSET_DRIFT ? "構成差異報告" : "変更管理票";
}

static bool s_drift(const struct gc_doc_chgset *set)
{
    return set->source == GC_DOC_CHGSET_DRIFT;
}

/* "作成 1 / 更新 2 / 置換 0 / 削除 1" (drift: "変更 2 / 削除 0"). */
static int s_counts(struct gc_buf *out, const struct gc_doc_chgset *set)
{
    gc_buf_reset(out);
    if (s_drift(set))
        return gc_buf_printf(out, "差異 %zu 件 (変更 %zu / 削除 %zu)", set->n_entries, set->n_update, set->n_delete);
    return gc_buf_printf(out, "%zu 件 (作成 %zu / 更新 %zu / 置換 %zu / 削除 %zu)", set->n_entries, set->n_create,
                         set->n_update, set->n_replace, set->n_delete);
}

static size_t s_flagged(const struct gc_doc_chgset *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n_entries; i++)
        n += set->entries[i].flagged;
    return n;
}

static int s_cover(lxw_workbook *wb, const struct gc_doc_chgset *set, const struct gc_doc_input *in,
                   const struct gc_doc_changes_opts *opts, const char *footer)
{
    int result = -1;
    struct gc_doc_cover_sheet cs = {0};
    struct gc_buf counts, flagged;

    gc_buf_init(&counts, 4096);
    gc_buf_init(&flagged, 4096);
    if (s_counts(&counts, set))
        goto cleanup;
    if (s_flagged(set)
            ? gc_buf_printf(&flagged, "置換・削除 %zu 件 (一覧の先頭に「" S_FLAG_TEXT "」として記載)", s_flagged(set))
            : gc_buf_append_str(&flagged, "なし"))
        goto cleanup;
    const struct gc_doc_cover_field fields[] = {
        {"入力元", s_drift(set) ? "リフレッシュのみのプラン (terraform plan -refresh-only; terraform show -json)"
                                : "プラン (terraform show -json plan.out)"},
        {"入力ファイル", opts->source_name ? opts->source_name : "-"},
        {"プラン作成日時", in->timestamp ? in->timestamp : "-"},
        {"Terraform バージョン", in->terraform_version ? in->terraform_version : "(不明)"},
        {"プロバイダー バージョン", opts->provider_version ? opts->provider_version : "(不明)"},
        {s_drift(set) ? "差異件数" : "変更件数", gc_buf_cstr(&counts)},
        {s_drift(set) ? "AWS 上で削除" : "置換・削除", s_drift(set) && !set->n_delete ? "なし" : gc_buf_cstr(&flagged)},
    };
    const struct gc_doc_cover cover = {gc_doc_changes_title(set->source), opts->date, opts->settings, fields,
                                       sizeof fields / sizeof fields[0]};
    if (gc_doc_cover_write(&cs, wb, &cover, footer))
        goto cleanup;
    gc_doc_cover_finish(&cs, footer);
    result = 0;
cleanup:
    gc_buf_clean_up(&counts);
    gc_buf_clean_up(&flagged);
    return result;
}

static const char *s_municipality(const struct gc_doc_resource *res)
{
    const char *key = gc_doc_resource_string(res, "municipality");
    const struct gc_doc_municipality *m = key ? gc_doc_catalog_find(key) : NULL;
    return m ? m->name_ja : key ? key : "-";
}

static int s_row(lxw_worksheet *ws, unsigned row, const char *const *cells, unsigned n, lxw_format *fmt, size_t *widths)
{
    for (unsigned c = 0; c < n; c++)
        if (gc_doc_xlsx_write(ws, row, c, cells[c], fmt, widths))
            return -1;
    return 0;
}

/* 変更一覧 / 差異一覧: one row per resource, the flagged ones first. */
static int s_list(lxw_workbook *wb, const struct s_formats *f, const struct gc_doc_chgset *set, const char *footer)
{
    static const char *const heads[S_LIST_COLS] = {"No.", "リソース", "自治体", "操作", "理由", "注意"};
    static const char *const drift_heads[S_LIST_COLS] = {"No.", "リソース", "自治体", "差異", "対処", "注意"};
    lxw_worksheet *ws = workbook_add_worksheet(wb, s_drift(set) ? "差異一覧" : "変更一覧");
    size_t widths[S_LIST_COLS] = {0};
    struct gc_buf b;
    unsigned row = 3;
    int result = -1;

    gc_buf_init(&b, 4096);
    if (!ws || s_counts(&b, set))
        goto cleanup;
    if (gc_doc_xlsx_write(ws, 0, 0, s_drift(set) ? "構成差異報告 (差異一覧)" : "変更管理票 (変更一覧)", f->title,
                          NULL) ||
        gc_doc_xlsx_write(ws, 1, 0, gc_buf_cstr(&b), NULL, NULL) ||
        s_row(ws, 2, s_drift(set) ? drift_heads : heads, S_LIST_COLS, f->header, widths))
        goto cleanup;
    if (set->n_entries == 0) {
        const char *none[S_LIST_COLS] = {
            "-", s_drift(set) ? "差異なし (AWS 上の構成は記録と一致)" : "変更なし", "", "", "", ""};
        if (s_row(ws, row++, none, S_LIST_COLS, f->cell, widths))
            goto cleanup;
    }
    for (size_t i = 0; i < set->n_entries; i++, row++) {
        const struct gc_doc_chgset_entry *e = &set->entries[i];
        char no[32];
        snprintf(no, sizeof no, "%zu", i + 1);
        const char *cells[S_LIST_COLS] = {no,           e->res->address, s_municipality(e->res),
                                          e->operation, e->reason,       e->flagged ? S_FLAG_TEXT : ""};
        if (s_row(ws, row, cells, S_LIST_COLS, e->flagged ? f->flag : f->cell, widths))
            goto cleanup;
    }
    worksheet_freeze_panes(ws, 3, 0);
    gc_doc_xlsx_fit_columns(ws, widths, S_LIST_COLS, 6.0, 60.0, NULL);
    gc_doc_xlsx_print_setup(ws, 3, row - 1, S_LIST_COLS - 1, footer);
    result = 0;
cleanup:
    gc_buf_clean_up(&b);
    return result;
}

/* 変更明細 / 差異明細: one row per changed attribute. */
static int s_detail(lxw_workbook *wb, const struct s_formats *f, const struct gc_doc_chgset *set, const char *footer)
{
    static const char *const heads[S_DETAIL_COLS] = {"No.",    "リソース", "操作",       "項目",
                                                     "変更前", "変更後",   "変更の扱い", "備考"};
    static const char *const drift_heads[S_DETAIL_COLS] = {
        "No.", "リソース", "差異", "項目", "記録値 (ステート)", "実際の値 (AWS)", "扱い", "備考"};
    lxw_worksheet *ws = workbook_add_worksheet(wb, s_drift(set) ? "差異明細" : "変更明細");
    size_t widths[S_DETAIL_COLS] = {0};
    unsigned row = 2;
    size_t no = 0;

    if (!ws)
        return -1;
    if (gc_doc_xlsx_write(ws, 0, 0, s_drift(set) ? "構成差異報告 (差異明細)" : "変更管理票 (変更明細)", f->title,
                          NULL) ||
        s_row(ws, 1, s_drift(set) ? drift_heads : heads, S_DETAIL_COLS, f->header, widths))
        return -1;
    for (size_t i = 0; i < set->n_entries; i++) {
        const struct gc_doc_chgset_entry *e = &set->entries[i];
        for (size_t j = 0; j < e->n_rows; j++, row++) {
            const struct gc_doc_chgset_row *r = &e->rows[j];
            char num[32];
            snprintf(num, sizeof num, "%zu", ++no);
            const char *cells[S_DETAIL_COLS] = {num,       e->res->address, e->operation, r->item,
                                                r->before, r->after,        r->how,       r->note ? r->note : ""};
            if (s_row(ws, row, cells, S_DETAIL_COLS, e->flagged ? f->flag : f->cell, widths))
                return -1;
        }
    }
    worksheet_freeze_panes(ws, 2, 0);
    gc_doc_xlsx_fit_columns(ws, widths, S_DETAIL_COLS, 6.0, 50.0, NULL);
    gc_doc_xlsx_print_setup(ws, 2, row > 2 ? row - 1 : 2, S_DETAIL_COLS - 1, footer);
    return 0;
}

int gc_doc_changes_write(const char *path, const struct gc_doc_chgset *set, const struct gc_doc_input *in,
                         const struct gc_doc_changes_opts *opts, struct gc_diags *diags)
{
    int result = -1;
    struct gc_buf footer;
    struct s_formats f;
    lxw_workbook *wb = NULL;
    lxw_error err;

    gc_buf_init(&footer, 1024);
    if (gc_doc_cover_footer(&footer, opts->settings, gc_doc_changes_title(set->source)))
        goto cleanup;
    wb = workbook_new(path);
    if (!wb) {
        gc_diags_error_at(diags, NULL, "Cannot create the workbook", "%s", path);
        goto cleanup;
    }
    s_formats_init(wb, &f);
    if (s_cover(wb, set, in, opts, gc_buf_cstr(&footer)) || s_list(wb, &f, set, gc_buf_cstr(&footer)) ||
        s_detail(wb, &f, set, gc_buf_cstr(&footer)))
        goto cleanup;
    result = 0;
cleanup:
    if (wb) {
        err = workbook_close(wb);
        if (result == 0 && err != LXW_NO_ERROR) {
            gc_diags_error_at(diags, NULL, "Cannot save the workbook", "%s", lxw_strerror(err));
            result = -1;
        }
    }
    if (result != 0 && !gc_diags_has_error(diags))
        gc_diags_error_at(diags, NULL, "Cannot write the document", "%s", path);
    gc_buf_clean_up(&footer);
    return result;
}
