#include "params_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"
#include "catalog.h"
#include "cover_xlsx.h"
#include "network_sheets.h"
#include "object_sheets.h"
#include "xlsx_util.h"

#define S_COLS 4u

/* ---- the workbook ----------------------------------------------------------------------------------------- */

struct s_formats {
    lxw_format *title;
    lxw_format *header;
    lxw_format *label;
    lxw_format *cell;
    lxw_format *section;
    lxw_format *act[7];
};

struct s_counts {
    size_t by_action[7];
};

static void s_formats_init(lxw_workbook *wb, struct s_formats *f)
{
    static const uint32_t colors[7] = {0xFFFFFF, 0xFFFFFF, 0xE2EFDA, 0xFFF2CC, 0xFCE4D6, 0xF8CBAD, 0xDDEBF7};

    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xD9E1F2);
    format_set_border(f->header, LXW_BORDER_THIN);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    f->label = workbook_add_format(wb);
    format_set_bold(f->label);
    format_set_bg_color(f->label, 0xF2F2F2);
    format_set_border(f->label, LXW_BORDER_THIN);
    format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);
    f->cell = workbook_add_format(wb);
    format_set_border(f->cell, LXW_BORDER_THIN);
    format_set_text_wrap(f->cell);
    format_set_align(f->cell, LXW_ALIGN_VERTICAL_TOP);
    f->section = workbook_add_format(wb);
    format_set_bold(f->section);
    format_set_bg_color(f->section, 0xEDEDED);
    format_set_border(f->section, LXW_BORDER_THIN);
    for (int i = 0; i < 7; i++) {
        f->act[i] = workbook_add_format(wb);
        format_set_border(f->act[i], LXW_BORDER_THIN);
        format_set_align(f->act[i], LXW_ALIGN_CENTER);
        format_set_align(f->act[i], LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(f->act[i], colors[i]);
    }
}

static bool s_is_gcnet(const struct gc_doc_resource *r)
{
    return r->type && strncmp(r->type, "gcnet_", 6) == 0;
}

/* Flattens a resource and decides the 変更 label of every row. Rows are appended to `rows` (path, text,
 * description) with a parallel array of actions. */
struct s_row {
    const struct gc_doc_item *item;
    enum gc_doc_action action;
    bool removed;
    const struct gc_doc_item *old; /* the value before an update, when it changed and may be shown */
};

/* True when `path` lies under an item of `items` (e.g. tags_all["a"] under an unknown tags_all). */
static bool s_covered(const struct gc_doc_items *items, const char *path)
{
    for (size_t i = 0; i < items->n; i++) {
        size_t n = strlen(items->items[i].path);
        if (strncmp(items->items[i].path, path, n) == 0 && (path[n] == '[' || path[n] == '.'))
            return true;
    }
    return false;
}

static int s_resource_rows(const struct gc_doc_resource *res, const json_t *block, struct gc_doc_items *after,
                           struct gc_doc_items *before, struct s_row **rows_out, size_t *n_out)
{
    int result = -1;
    struct s_row *rows = NULL;
    size_t n = 0;

    if (res->action == GC_DOC_ACT_DELETE) {
        if (gc_doc_flatten(before, block, res->before, NULL, res->before_sensitive))
            goto cleanup;
    } else {
        if (gc_doc_flatten(after, block, res->after, res->after_unknown, res->after_sensitive))
            goto cleanup;
        if ((res->action == GC_DOC_ACT_UPDATE || res->action == GC_DOC_ACT_REPLACE) &&
            gc_doc_flatten(before, block, res->before, NULL, res->before_sensitive))
            goto cleanup;
    }
    rows = calloc(after->n + before->n + 1, sizeof *rows);
    if (!rows)
        goto cleanup;
    if (res->action == GC_DOC_ACT_DELETE) {
        for (size_t i = 0; i < before->n; i++)
            rows[n++] = (struct s_row){&before->items[i], GC_DOC_ACT_DELETE, false, NULL};
    } else {
        bool diff = res->action == GC_DOC_ACT_UPDATE || res->action == GC_DOC_ACT_REPLACE;
        for (size_t i = 0; i < after->n; i++) {
            enum gc_doc_action a = res->action;
            const struct gc_doc_item *old = NULL;
            if (diff) {
                long j = gc_doc_items_find(before, after->items[i].path);
                if (j >= 0 && after->items[i].state != GC_DOC_ITEM_UNKNOWN &&
                    strcmp(before->items[j].cmp, after->items[i].cmp) == 0)
                    a = GC_DOC_ACT_NOOP;
                else if (j >= 0 && before->items[j].state == GC_DOC_ITEM_VALUE &&
                         after->items[i].state != GC_DOC_ITEM_SENSITIVE)
                    old = &before->items[j];
            }
            rows[n++] = (struct s_row){&after->items[i], a, false, old};
        }
        if (diff) {
            for (size_t j = 0; j < before->n; j++)
                if (gc_doc_items_find(after, before->items[j].path) < 0 && !s_covered(after, before->items[j].path))
                    rows[n++] = (struct s_row){&before->items[j], res->action, true, NULL};
        }
    }
    *rows_out = rows;
    *n_out = n;
    rows = NULL;
    result = 0;
cleanup:
    free(rows);
    return result;
}

static int s_write_type_sheet(lxw_workbook *wb, struct s_formats *f, const struct gc_doc_input *in,
                              const struct gc_doc_schema *schema, const char *type, const char *footer,
                              struct gc_diags *diags)
{
    int result = -1;
    lxw_worksheet *ws = NULL;
    size_t widths[S_COLS] = {0};
    unsigned row = 0;
    struct gc_buf title;
    char sheet_name[32];
    const json_t *block = gc_doc_schema_resource_block(schema, type);
    struct gc_doc_items after = {0}, before = {0};
    struct s_row *rows = NULL;
    size_t n_rows = 0;

    gc_buf_init(&title, 1 << 16);
    snprintf(sheet_name, sizeof sheet_name, "%s", type);
    ws = workbook_add_worksheet(wb, sheet_name);
    if (!ws) {
        gc_diags_error_at(diags, NULL, "Cannot add a worksheet", "%s", sheet_name);
        goto cleanup;
    }
    if (gc_buf_printf(&title, "パラメータシート: %s", type))
        goto cleanup;
    if (gc_doc_xlsx_write(ws, row, 0, gc_buf_cstr(&title), f->title, NULL))
        goto cleanup;
    row = 1;
    static const char *const heads[S_COLS] = {"項目", "設定値", "変更", "備考"};
    for (unsigned c = 0; c < S_COLS; c++)
        if (gc_doc_xlsx_write(ws, row, c, heads[c], f->header, widths))
            goto cleanup;
    row = 2;
    for (size_t r = 0; r < in->n_resources; r++) {
        const struct gc_doc_resource *res = &in->resources[r];
        if (strcmp(res->type, type) != 0)
            continue;
        gc_buf_reset(&title);
        if (gc_buf_printf(&title, "■ %s (変更: %s)", res->address, gc_doc_action_label(res->action)))
            goto cleanup;
        if (worksheet_merge_range(ws, row, 0, row, S_COLS - 1, gc_buf_cstr(&title), f->section) != LXW_NO_ERROR)
            goto cleanup;
        row++;
        if (s_resource_rows(res, block, &after, &before, &rows, &n_rows))
            goto cleanup;
        for (size_t i = 0; i < n_rows; i++) {
            const struct gc_doc_item *it = rows[i].item;
            enum gc_doc_action a = rows[i].action;
            gc_buf_reset(&title);
            if (gc_buf_append_str(&title, rows[i].removed ? GC_DOC_REMOVED_TEXT : it->text) ||
                (rows[i].old && gc_buf_printf(&title, "\n(変更前: %s)", rows[i].old->text)))
                goto cleanup;
            if (gc_doc_xlsx_write(ws, row, 0, it->path, f->cell, widths) ||
                gc_doc_xlsx_write(ws, row, 1, gc_buf_cstr(&title), f->cell, widths) ||
                gc_doc_xlsx_write(ws, row, 2, gc_doc_action_label(a), f->act[a], widths) ||
                gc_doc_xlsx_write(ws, row, 3, it->description ? it->description : "", f->cell, widths))
                goto cleanup;
            row++;
        }
        free(rows);
        rows = NULL;
        gc_doc_items_clean_up(&after);
        gc_doc_items_clean_up(&before);
    }
    worksheet_freeze_panes(ws, 2, 0);
    gc_doc_xlsx_fit_columns(ws, widths, S_COLS, 10.0, 60.0, NULL);
    gc_doc_xlsx_print_setup(ws, 2, row > 2 ? row - 1 : 2, S_COLS - 1, footer);
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(diags))
        gc_diags_error_at(diags, NULL, "Cannot write the parameter sheet", "sheet %s", type);
    free(rows);
    gc_doc_items_clean_up(&after);
    gc_doc_items_clean_up(&before);
    gc_buf_clean_up(&title);
    return result;
}

/* Municipality keys of all gcnet resources, in order, without repeats. */
static int s_municipalities(const struct gc_doc_input *in, const char ***out, size_t *n_out)
{
    const char **keys = calloc(in->n_resources + 1, sizeof *keys);
    size_t n = 0;

    if (!keys)
        return -1;
    for (size_t i = 0; i < in->n_resources; i++) {
        const char *m;
        bool seen = false;
        if (!s_is_gcnet(&in->resources[i]))
            continue;
        m = gc_doc_resource_string(&in->resources[i], "municipality");
        if (!m)
            continue;
        for (size_t j = 0; j < n; j++)
            seen = seen || strcmp(keys[j], m) == 0;
        if (!seen)
            keys[n++] = m;
    }
    *out = keys;
    *n_out = n;
    return 0;
}

static int s_join(struct gc_buf *b, const char **keys, size_t n, int field)
{
    gc_buf_reset(b);
    for (size_t i = 0; i < n; i++) {
        const struct gc_doc_municipality *m = gc_doc_catalog_find(keys[i]);
        const char *v = field == 0   ? keys[i]
                        : !m         ? "(カタログにない自治体)"
                        : field == 1 ? m->name_ja
                        : field == 2 ? m->code
                                     : m->connection_ja;
        if ((i > 0 && gc_buf_append_str(b, "、")) || gc_buf_append_str(b, v))
            return -1;
    }
    if (n == 0 && gc_buf_append_str(b, "(不明)"))
        return -1;
    return 0;
}

static const char *s_title(const struct gc_doc_input *in)
{
    return in->kind == GC_DOC_KIND_PLAN ? "パラメータシート (設計)" : "パラメータシート (構築結果)";
}

static int s_write_cover(lxw_workbook *wb, struct s_formats *f, const struct gc_doc_input *in,
                         const struct gc_doc_params_opts *opts, const char *footer)
{
    int result = -1;
    struct gc_doc_cover_sheet cs = {0};
    const char **keys = NULL;
    size_t n_keys = 0;
    struct gc_buf joined[4];
    struct gc_buf b;
    struct s_counts counts = {{0}};
    const char *pv = opts->provider_version ? opts->provider_version : gc_doc_input_provider_version(in);

    gc_buf_init(&b, 1 << 20);
    for (int i = 0; i < 4; i++)
        gc_buf_init(&joined[i], 1 << 20);
    if (s_municipalities(in, &keys, &n_keys))
        goto cleanup;
    for (int field = 0; field < 4; field++)
        if (s_join(&joined[field], keys, n_keys, field))
            goto cleanup;
    for (size_t i = 0; i < in->n_resources; i++)
        if (s_is_gcnet(&in->resources[i]))
            counts.by_action[in->resources[i].action]++;
    if (in->kind == GC_DOC_KIND_PLAN) {
        static const enum gc_doc_action order[] = {GC_DOC_ACT_CREATE, GC_DOC_ACT_UPDATE, GC_DOC_ACT_REPLACE,
                                                   GC_DOC_ACT_DELETE, GC_DOC_ACT_NOOP};
        for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
            if (gc_buf_printf(&b, "%s%s %zu", i ? " / " : "", gc_doc_action_label(order[i]),
                              counts.by_action[order[i]]))
                goto cleanup;
    } else if (gc_buf_printf(&b, "ステートのため変更なし (リソース %zu 件)", counts.by_action[GC_DOC_ACT_NONE])) {
        goto cleanup;
    }
    const struct gc_doc_cover_field fields[] = {
        {"自治体", gc_buf_cstr(&joined[0])},
        {"自治体名", gc_buf_cstr(&joined[1])},
        {"地方公共団体コード", gc_buf_cstr(&joined[2])},
        {"接続方式", gc_buf_cstr(&joined[3])},
        {"入力元",
         in->kind == GC_DOC_KIND_PLAN ? "プラン (terraform show -json plan.out)" : "ステート (terraform show -json)"},
        {"入力ファイル", opts->source_name ? opts->source_name : "-"},
        {"Terraform バージョン", in->terraform_version ? in->terraform_version : "(不明)"},
        {"プロバイダー バージョン", pv ? pv : "(不明)"},
        {"変更概要", gc_buf_cstr(&b)},
    };
    const struct gc_doc_cover cover = {s_title(in), opts->date, opts->settings, fields,
                                       sizeof fields / sizeof fields[0]};
    if (gc_doc_cover_write(&cs, wb, &cover, footer))
        goto cleanup;
    cs.row++;
    static const char *const heads[3] = {"リソース", "種類", "変更"};
    for (unsigned c = 0; c < 3; c++)
        if (gc_doc_xlsx_write(cs.ws, cs.row, c, heads[c], f->header, cs.widths))
            goto cleanup;
    cs.row++;
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        if (!s_is_gcnet(r))
            continue;
        if (gc_doc_xlsx_write(cs.ws, cs.row, 0, r->address, f->cell, cs.widths) ||
            gc_doc_xlsx_write(cs.ws, cs.row, 1, r->type, f->cell, cs.widths) ||
            gc_doc_xlsx_write(cs.ws, cs.row, 2, gc_doc_action_label(r->action), f->act[r->action], cs.widths))
            goto cleanup;
        cs.row++;
    }
    gc_doc_cover_finish(&cs, footer);
    result = 0;
cleanup:
    free(keys);
    for (int i = 0; i < 4; i++)
        gc_buf_clean_up(&joined[i]);
    gc_buf_clean_up(&b);
    return result;
}

int gc_doc_params_write(const char *path, const struct gc_doc_input *in, const struct gc_doc_schema *schema,
                        const struct gc_doc_params_opts *opts, struct gc_diags *diags)
{
    int result = -1;
    lxw_workbook *wb = NULL;
    struct s_formats f;
    const char **types = NULL;
    size_t n_types = 0;
    lxw_error err;
    struct gc_buf footer;

    gc_buf_init(&footer, 1024);
    if (gc_doc_cover_footer(&footer, opts->settings, s_title(in))) {
        gc_diags_error_at(diags, NULL, "Out of memory", NULL);
        goto cleanup;
    }
    wb = workbook_new(path);
    if (!wb) {
        gc_diags_error_at(diags, NULL, "Cannot create the workbook", "%s", path);
        goto cleanup;
    }
    s_formats_init(wb, &f);
    if (s_write_cover(wb, &f, in, opts, gc_buf_cstr(&footer))) {
        gc_diags_error_at(diags, NULL, "Cannot write the cover sheet", NULL);
        goto cleanup;
    }
    types = calloc(in->n_resources + 1, sizeof *types);
    if (!types)
        goto cleanup;
    for (size_t i = 0; i < in->n_resources; i++) {
        bool seen = false;
        if (!s_is_gcnet(&in->resources[i]))
            continue;
        for (size_t j = 0; j < n_types; j++)
            seen = seen || strcmp(types[j], in->resources[i].type) == 0;
        if (!seen)
            types[n_types++] = in->resources[i].type;
    }
    /* the table's order (hub, resolver, CA, certificate, ASP), then types without sheets in document order */
    for (size_t i = 1; i < n_types; i++) {
        const char *t = types[i];
        long rank = gc_doc_objsheets_type_rank(opts->sheets, t);
        size_t j = i;
        for (; j > 0; j--) {
            long prev = gc_doc_objsheets_type_rank(opts->sheets, types[j - 1]);
            if (rank < 0 || (prev >= 0 && prev <= rank))
                break;
            types[j] = types[j - 1];
        }
        types[j] = t;
    }
    for (size_t t = 0; t < n_types; t++) {
        int rc = gc_doc_objsheets_has_type(opts->sheets, types[t])
                     ? gc_doc_objsheets_write(wb, opts->sheets, types[t], in, schema, gc_buf_cstr(&footer), diags)
                     : s_write_type_sheet(wb, &f, in, schema, types[t], gc_buf_cstr(&footer), diags);
        if (rc)
            goto cleanup;
    }
    if (gc_doc_network_sheets_write(wb, in, schema, gc_buf_cstr(&footer), diags))
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
    free(types);
    gc_buf_clean_up(&footer);
    return result;
}
