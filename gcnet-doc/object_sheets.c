#include "object_sheets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"
#include "catalog.h"
#include "xlsx_util.h"

#define S_COLS 6u

enum s_col { S_NO = 0, S_ITEM = 1, S_VALUE = 2, S_UNIT = 3, S_CHANGE = 4, S_NOTE = 5 };

struct s_formats {
    lxw_format *title;
    lxw_format *header;
    lxw_format *cell;
    lxw_format *section;
    lxw_format *changed;
};

struct s_sheet {
    lxw_worksheet *ws;
    struct s_formats *f;
    unsigned row;
    unsigned no;
    size_t widths[S_COLS];
};

int gc_doc_objsheets_check(const json_t *table, const char *name, struct gc_diags *diags)
{
    const char *type;
    const json_t *sheets;

    if (!table)
        return 0;
    if (!json_is_object(table)) {
        gc_diags_error_at(diags, NULL, "Bad sheet table", "%s: the top level must be an object", name);
        return -1;
    }
    json_object_foreach((json_t *)table, type, sheets)
    {
        size_t i;
        const json_t *sh;
        if (type[0] == '_')
            continue;
        if (!json_is_array(sheets)) {
            gc_diags_error_at(diags, NULL, "Bad sheet table", "%s: %s must be an array of sheets", name, type);
            return -1;
        }
        json_array_foreach(sheets, i, sh)
        {
            size_t j;
            const json_t *row;
            if (!json_is_string(json_object_get(sh, "sheet")) || !json_is_array(json_object_get(sh, "rows"))) {
                gc_diags_error_at(diags, NULL, "Bad sheet table", "%s: %s[%zu] needs sheet and rows", name, type, i);
                return -1;
            }
            json_array_foreach(json_object_get(sh, "rows"), j, row)
            {
                if (!json_is_string(json_object_get(row, "item")) ||
                    (!json_is_string(json_object_get(row, "attr")) && !json_object_get(row, "fixed"))) {
                    gc_diags_error_at(diags, NULL, "Bad sheet table",
                                      "%s: %s[%zu].rows[%zu] needs item and attr or fixed", name, type, i, j);
                    return -1;
                }
            }
        }
    }
    return 0;
}

bool gc_doc_objsheets_has_type(const json_t *table, const char *type)
{
    return json_array_size(json_object_get(table, type)) > 0;
}

const char *gc_doc_objsheets_change_label(enum gc_doc_kind kind, enum gc_doc_action action, bool changed, bool forcing,
                                          bool fixed)
{
    if (kind != GC_DOC_KIND_PLAN)
        return "構築済み";
    switch (action) {
    case GC_DOC_ACT_CREATE:
        return "作成";
    case GC_DOC_ACT_DELETE:
        return "削除";
    case GC_DOC_ACT_UPDATE:
        return changed && !fixed ? "更新 (インプレース)" : "変更なし";
    case GC_DOC_ACT_REPLACE:
        if (fixed || !changed)
            return "変更なし (再作成)";
        return forcing ? "置換 (この項目の変更で再作成)" : "再作成に伴い変更";
    default:
        break;
    }
    return "変更なし";
}

/* Reviewer wording of a boolean. */
static const char *s_words(const char *words, bool v)
{
    if (words && strcmp(words, "allow") == 0)
        return v ? "許可する" : "許可しない";
    if (words && strcmp(words, "enable") == 0)
        return v ? "有効" : "無効";
    return v ? "はい" : "いいえ";
}

/* Whether `path` is the attribute `base` itself, or one element of it ("base[..]" with nothing after the first
 * bracket group). On a match `key` gets the element's name: the map key, the 1-based index, or "" for the whole. */
static bool s_match(const char *path, const char *base, bool each, struct gc_buf *key)
{
    size_t n = strlen(base);
    const char *p = path + n;

    gc_buf_reset(key);
    if (strncmp(path, base, n) != 0)
        return false;
    if (*p == '\0')
        return true;
    if (!each || *p != '[')
        return false;
    if (p[1] == '"') {
        const char *q = p + 2;
        for (; *q && *q != '"'; q++) {
            if (*q == '\\' && q[1])
                q++;
            if (gc_buf_append_byte(key, (uint8_t)*q))
                return false;
        }
        return q[0] == '"' && q[1] == ']' && q[2] == '\0';
    }
    char *end = NULL;
    unsigned long idx = strtoul(p + 1, &end, 10);
    if (!end || end == p + 1 || end[0] != ']' || end[1] != '\0')
        return false;
    return gc_buf_printf(key, "%lu", idx + 1) == 0;
}

/* `item` with "{key}" replaced by `key` ("全体" when empty: the whole attribute is unknown or sensitive). */
static int s_item_name(struct gc_buf *out, const char *item, const char *key)
{
    const char *hole = strstr(item, "{key}");

    gc_buf_reset(out);
    if (!hole)
        return gc_buf_append_str(out, item);
    if (gc_buf_append(out, item, (size_t)(hole - item)) || gc_buf_append_str(out, *key ? key : "全体"))
        return -1;
    return gc_buf_append_str(out, hole + 5);
}

/* The display text of an item, with reviewer words for booleans. */
static const char *s_text(const struct gc_doc_item *it, const char *words)
{
    if (it->state == GC_DOC_ITEM_VALUE && words && strcmp(it->cmp, "true") == 0)
        return s_words(words, true);
    if (it->state == GC_DOC_ITEM_VALUE && words && strcmp(it->cmp, "false") == 0)
        return s_words(words, false);
    return it->text;
}

static int s_write_row(struct s_sheet *sh, const char *item, const char *value, const char *unit, const char *change,
                       const char *note)
{
    char no[24];
    bool quiet =
        strcmp(change, "変更なし") == 0 || strcmp(change, "構築済み") == 0 || strcmp(change, "変更なし (再作成)") == 0;
    lxw_format *cf = quiet ? sh->f->cell : sh->f->changed;

    snprintf(no, sizeof no, "%u", ++sh->no);
    if (gc_doc_xlsx_write(sh->ws, sh->row, S_NO, no, sh->f->cell, sh->widths) ||
        gc_doc_xlsx_write(sh->ws, sh->row, S_ITEM, item, sh->f->cell, sh->widths) ||
        gc_doc_xlsx_write(sh->ws, sh->row, S_VALUE, value, sh->f->cell, sh->widths) ||
        gc_doc_xlsx_write(sh->ws, sh->row, S_UNIT, unit ? unit : "", sh->f->cell, sh->widths) ||
        gc_doc_xlsx_write(sh->ws, sh->row, S_CHANGE, change, cf, sh->widths) ||
        gc_doc_xlsx_write(sh->ws, sh->row, S_NOTE, note ? note : "", sh->f->cell, sh->widths))
        return -1;
    sh->row++;
    return 0;
}

struct s_res_items {
    const struct gc_doc_resource *res;
    enum gc_doc_kind kind;
    struct gc_doc_items now;    /* after (before for a delete) */
    struct gc_doc_items before; /* update / replace only */
};

/* One table row of one resource: a row per matching item, plus the elements an update removes. */
static int s_attr_rows(struct s_sheet *sh, const struct s_res_items *ri, const json_t *row)
{
    int result = -1;
    const char *attr = json_string_value(json_object_get(row, "attr"));
    const char *item = json_string_value(json_object_get(row, "item"));
    const char *unit = json_string_value(json_object_get(row, "unit"));
    const char *words = json_string_value(json_object_get(row, "words"));
    const char *note = json_string_value(json_object_get(row, "note"));
    struct gc_buf base, key, name, value;
    size_t alen = strlen(attr);
    bool each = alen > 3 && strcmp(attr + alen - 3, "[*]") == 0;
    bool forcing;
    size_t found = 0;

    gc_buf_init(&base, 1 << 12);
    gc_buf_init(&key, 1 << 16);
    gc_buf_init(&name, 1 << 16);
    gc_buf_init(&value, 1 << 20);
    if (gc_buf_append(&base, attr, each ? alen - 3 : alen))
        goto cleanup;
    forcing = gc_doc_resource_attr_forces_replace(ri->res, gc_buf_cstr(&base));
    for (size_t i = 0; i < ri->now.n; i++) {
        const struct gc_doc_item *it = &ri->now.items[i];
        long j;
        bool changed;
        if (!s_match(it->path, gc_buf_cstr(&base), each, &key))
            continue;
        found++;
        j = gc_doc_items_find(&ri->before, it->path);
        changed = it->state == GC_DOC_ITEM_UNKNOWN || j < 0 || strcmp(ri->before.items[j].cmp, it->cmp) != 0;
        gc_buf_reset(&value);
        if (gc_buf_append_str(&value, s_text(it, words)))
            goto cleanup;
        if (changed && j >= 0 && ri->before.items[j].state == GC_DOC_ITEM_VALUE && it->state != GC_DOC_ITEM_SENSITIVE &&
            gc_buf_printf(&value, "\n(変更前: %s)", s_text(&ri->before.items[j], words)))
            goto cleanup;
        if (s_item_name(&name, item, gc_buf_cstr(&key)) ||
            s_write_row(sh, gc_buf_cstr(&name), gc_buf_cstr(&value), unit,
                        gc_doc_objsheets_change_label(ri->kind, ri->res->action, changed, forcing, false),
                        note ? note : it->description))
            goto cleanup;
    }
    /* elements an update removes; not when the whole attribute is one row now (unknown or sensitive) */
    for (size_t j = 0; j < ri->before.n && gc_doc_items_find(&ri->now, gc_buf_cstr(&base)) < 0; j++) {
        const struct gc_doc_item *old = &ri->before.items[j];
        if (!s_match(old->path, gc_buf_cstr(&base), each, &key) || gc_doc_items_find(&ri->now, old->path) >= 0)
            continue;
        gc_buf_reset(&value);
        if (gc_buf_printf(&value, "%s\n(変更前: %s)", GC_DOC_REMOVED_TEXT, s_text(old, words)) ||
            s_item_name(&name, item, gc_buf_cstr(&key)) ||
            s_write_row(sh, gc_buf_cstr(&name), gc_buf_cstr(&value), unit,
                        gc_doc_objsheets_change_label(ri->kind, ri->res->action, true, forcing, false),
                        note ? note : old->description))
            goto cleanup;
        found++;
    }
    if (found == 0 && !each &&
        (s_item_name(&name, item, "") ||
         s_write_row(sh, gc_buf_cstr(&name), GC_DOC_NULL_TEXT, unit,
                     gc_doc_objsheets_change_label(ri->kind, ri->res->action, false, false, false), note)))
        goto cleanup;
    result = 0;
cleanup:
    gc_buf_clean_up(&base);
    gc_buf_clean_up(&key);
    gc_buf_clean_up(&name);
    gc_buf_clean_up(&value);
    return result;
}

static int s_fixed_row(struct s_sheet *sh, const struct s_res_items *ri, const json_t *row)
{
    const json_t *fixed = json_object_get(row, "fixed");
    const char *words = json_string_value(json_object_get(row, "words"));
    const char *text = json_is_boolean(fixed)  ? s_words(words, json_is_true(fixed))
                       : json_is_string(fixed) ? json_string_value(fixed)
                                               : "-";

    return s_write_row(sh, json_string_value(json_object_get(row, "item")), text,
                       json_string_value(json_object_get(row, "unit")),
                       gc_doc_objsheets_change_label(ri->kind, ri->res->action, false, false, true),
                       json_string_value(json_object_get(row, "note")));
}

/* "■ address (鳴門市) 変更: 置換 (原因: vpc_cidr)" */
static int s_section(struct s_sheet *sh, const struct s_res_items *ri)
{
    int result = -1;
    struct gc_buf b;
    const struct gc_doc_resource *res = ri->res;
    const struct gc_doc_municipality *m = gc_doc_catalog_find(gc_doc_resource_string(res, "municipality"));
    size_t i;
    const json_t *p;

    gc_buf_init(&b, 1 << 16);
    if (gc_buf_printf(&b, "■ %s", res->address) || (m && gc_buf_printf(&b, " (%s)", m->name_ja)))
        goto cleanup;
    if (ri->kind == GC_DOC_KIND_PLAN && gc_buf_printf(&b, "  変更: %s", gc_doc_action_label(res->action)))
        goto cleanup;
    json_array_foreach(res->replace_paths, i, p)
    {
        const char *first = json_string_value(json_array_get(p, 0));
        if (first && gc_buf_printf(&b, "%s%s", i == 0 ? " (原因: " : ", ", first))
            goto cleanup;
    }
    if (json_array_size(res->replace_paths) > 0 && gc_buf_append_str(&b, ")"))
        goto cleanup;
    if (worksheet_merge_range(sh->ws, sh->row, 0, sh->row, S_COLS - 1, gc_buf_cstr(&b), sh->f->section) != LXW_NO_ERROR)
        goto cleanup;
    sh->row++;
    result = 0;
cleanup:
    gc_buf_clean_up(&b);
    return result;
}

static int s_flatten_resource(struct s_res_items *ri, const json_t *block)
{
    const struct gc_doc_resource *res = ri->res;

    if (res->action == GC_DOC_ACT_DELETE)
        return gc_doc_flatten(&ri->now, block, res->before, NULL, res->before_sensitive);
    if (gc_doc_flatten(&ri->now, block, res->after, res->after_unknown, res->after_sensitive))
        return -1;
    if (res->action == GC_DOC_ACT_UPDATE || res->action == GC_DOC_ACT_REPLACE)
        return gc_doc_flatten(&ri->before, block, res->before, NULL, res->before_sensitive);
    return 0;
}

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
    f->section = workbook_add_format(wb);
    format_set_bold(f->section);
    format_set_bg_color(f->section, 0xEDEDED);
    format_set_border(f->section, LXW_BORDER_THIN);
    f->changed = workbook_add_format(wb);
    format_set_border(f->changed, LXW_BORDER_THIN);
    format_set_text_wrap(f->changed);
    format_set_align(f->changed, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(f->changed, 0xFFF2CC);
}

static int s_write_sheet(lxw_workbook *wb, struct s_formats *f, const json_t *spec, const char *type,
                         const struct gc_doc_input *in, const json_t *block, const char *footer)
{
    int result = -1;
    struct s_sheet sh = {0};
    char name[32];
    struct gc_buf title;
    struct s_res_items ri = {0};
    const char *heads[S_COLS] = {"No.", "項目", "設定値", "単位・形式", "変更", "備考"};
    size_t i;
    const json_t *row;

    gc_buf_init(&title, 1 << 12);
    if (in->kind != GC_DOC_KIND_PLAN)
        heads[S_CHANGE] = "状態";
    snprintf(name, sizeof name, "%s", json_string_value(json_object_get(spec, "sheet")));
    sh.f = f;
    sh.ws = workbook_add_worksheet(wb, name);
    if (!sh.ws || gc_buf_printf(&title, "パラメータシート: %s", name) ||
        gc_doc_xlsx_write(sh.ws, 0, 0, gc_buf_cstr(&title), f->title, NULL))
        goto cleanup;
    for (unsigned c = 0; c < S_COLS; c++)
        if (gc_doc_xlsx_write(sh.ws, 1, c, heads[c], f->header, sh.widths))
            goto cleanup;
    sh.row = 2;
    for (size_t r = 0; r < in->n_resources; r++) {
        if (strcmp(in->resources[r].type, type) != 0)
            continue;
        ri.res = &in->resources[r];
        ri.kind = in->kind;
        if (s_flatten_resource(&ri, block) || s_section(&sh, &ri))
            goto cleanup;
        json_array_foreach(json_object_get(spec, "rows"), i, row)
        {
            int rc = json_object_get(row, "attr") ? s_attr_rows(&sh, &ri, row) : s_fixed_row(&sh, &ri, row);
            if (rc)
                goto cleanup;
        }
        gc_doc_items_clean_up(&ri.now);
        gc_doc_items_clean_up(&ri.before);
    }
    worksheet_freeze_panes(sh.ws, 2, 0);
    gc_doc_xlsx_fit_columns(sh.ws, sh.widths, S_COLS, 5.0, 60.0, NULL);
    gc_doc_xlsx_print_setup(sh.ws, 2, sh.row > 2 ? sh.row - 1 : 2, S_COLS - 1, footer);
    result = 0;
cleanup:
    gc_doc_items_clean_up(&ri.now);
    gc_doc_items_clean_up(&ri.before);
    gc_buf_clean_up(&title);
    return result;
}

int gc_doc_objsheets_write(lxw_workbook *wb, const json_t *table, const char *type, const struct gc_doc_input *in,
                           const struct gc_doc_schema *schema, const char *footer, struct gc_diags *diags)
{
    int result = -1;
    struct s_formats f;
    const json_t *block = gc_doc_schema_resource_block(schema, type);
    size_t i;
    const json_t *spec;

    s_formats_init(wb, &f);
    json_array_foreach(json_object_get(table, type), i, spec)
    {
        if (s_write_sheet(wb, &f, spec, type, in, block, footer)) {
            gc_diags_error_at(diags, NULL, "Cannot write the parameter sheet", "%s",
                              json_string_value(json_object_get(spec, "sheet")));
            goto cleanup;
        }
    }
    result = 0;
cleanup:
    return result;
}
