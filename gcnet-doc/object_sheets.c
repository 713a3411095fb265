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

/* The optional parts of a row have the shapes the writer relies on; -1 when one does not. */
static int s_check_row_options(const json_t *row)
{
    const json_t *group = json_object_get(row, "group");
    const char *format = json_string_value(json_object_get(row, "format"));
    const char *lookup = json_string_value(json_object_get(row, "lookup"));
    static const char *const objects[] = {"keys", "values", "when"};

    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        if (json_object_get(row, objects[i]) && !json_is_object(json_object_get(row, objects[i])))
            return -1;
    if (group && (!json_is_integer(group) || json_integer_value(group) <= 0))
        return -1;
    if (json_object_get(row, "format") && (!format || strcmp(format, "pem") != 0))
        return -1;
    if (json_object_get(row, "lookup") &&
        (!lookup || (strcmp(lookup, "business_system") != 0 && strcmp(lookup, "connection_method") != 0)))
        return -1;
    return 0;
}

/* item_names: {"<type>": {"<attr>": "<Japanese item name>"}}. */
static int s_check_names(const json_t *names, const char *name, struct gc_diags *diags)
{
    const char *type, *attr;
    const json_t *attrs, *v;

    if (!json_is_object(names)) {
        gc_diags_error_at(diags, NULL, "Bad sheet table", "%s: item_names must be an object", name);
        return -1;
    }
    json_object_foreach((json_t *)names, type, attrs)
    {
        if (!json_is_object(attrs)) {
            gc_diags_error_at(diags, NULL, "Bad sheet table", "%s: item_names.%s must be an object", name, type);
            return -1;
        }
        json_object_foreach((json_t *)attrs, attr, v)
        {
            if (!json_is_string(v)) {
                gc_diags_error_at(diags, NULL, "Bad sheet table", "%s: item_names.%s.%s must be a string", name, type,
                                  attr);
                return -1;
            }
        }
    }
    return 0;
}

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
        if (strcmp(type, "item_names") == 0) {
            if (s_check_names(sheets, name, diags))
                return -1;
            continue;
        }
        if (!json_is_array(sheets)) {
            gc_diags_error_at(diags, NULL, "Bad sheet table", "%s: %s must be an array of sheets", name, type);
            return -1;
        }
        json_array_foreach(sheets, i, sh)
        {
            size_t j;
            const json_t *row;
            if (!json_is_string(json_object_get(sh, "sheet")) || !json_is_array(json_object_get(sh, "rows")) ||
                (json_object_get(sh, "when") && !json_is_object(json_object_get(sh, "when")))) {
                gc_diags_error_at(diags, NULL, "Bad sheet table",
                                  "%s: %s[%zu] needs sheet and rows (and when, if any, an object)", name, type, i);
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
                if (s_check_row_options(row)) {
                    gc_diags_error_at(diags, NULL, "Bad sheet table",
                                      "%s: %s[%zu].rows[%zu]: keys, values and when must be objects, group a positive "
                                      "integer, format \"pem\", lookup business_system or connection_method",
                                      name, type, i, j);
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

long gc_doc_objsheets_type_rank(const json_t *table, const char *type)
{
    long rank = 0;
    const char *key;
    const json_t *sheets;

    json_object_foreach((json_t *)table, key, sheets)
    {
        if (!json_is_array(sheets))
            continue;
        if (strcmp(key, type) == 0)
            return rank;
        rank++;
    }
    return -1;
}

static const char *s_words(const char *words, bool v);

int gc_doc_objsheets_diagram_facts(struct gc_buf *out, const json_t *table, const char *type, unsigned per_line)
{
    size_t i, j;
    const json_t *sheet, *row;
    unsigned n = 0;

    json_array_foreach(json_object_get(table, type), i, sheet)
    {
        json_array_foreach(json_object_get(sheet, "rows"), j, row)
        {
            const char *label = json_string_value(json_object_get(row, "diagram"));
            const json_t *fixed = json_object_get(row, "fixed");
            const char *words = json_string_value(json_object_get(row, "words"));
            const char *value = json_is_boolean(fixed) ? s_words(words, json_is_true(fixed)) : json_string_value(fixed);
            if (!label || !value)
                continue;
            if (n > 0 && gc_buf_append_str(out, per_line && n % per_line == 0 ? "\n" : " / "))
                return -1;
            if (gc_buf_printf(out, "%s %s", label, value))
                return -1;
            n++;
        }
    }
    return 0;
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

#define S_MAX_KEYS 2

/* The keys one table pattern captured from an item's path: one per "[*]", "" where the path stopped there. */
struct s_keys {
    struct gc_buf k[S_MAX_KEYS];
};

/* One bracket group of a path ("[3]" or "[\"key\"]") at `p`: its name (the map key or the 1-based index) into
 * `key`; returns the text after it, or NULL when `p` is not a bracket group. */
static const char *s_group(const char *p, struct gc_buf *key)
{
    if (p[0] != '[')
        return NULL;
    if (p[1] == '"') {
        const char *q = p + 2;
        for (; *q && *q != '"'; q++) {
            if (*q == '\\' && q[1])
                q++;
            if (key && gc_buf_append_byte(key, (uint8_t)*q))
                return NULL;
        }
        return q[0] == '"' && q[1] == ']' ? q + 2 : NULL;
    }
    char *end = NULL;
    unsigned long idx = strtoul(p + 1, &end, 10);
    if (!end || end == p + 1 || end[0] != ']')
        return NULL;
    if (key && gc_buf_printf(key, "%lu", idx + 1))
        return NULL;
    return end + 1;
}

/* Whether an item's `path` matches a table pattern: the attribute path with "[*]" for any one element of a list,
 * set or map (`tags_all[*]`, `forward_rules[*].target_ips[*]`). A path that stops at a "[*]" (the whole
 * attribute is one item: unknown, sensitive or empty) matches with empty keys from there on. */
static bool s_match(const char *path, const char *pattern, struct s_keys *keys)
{
    const char *p = path;
    const char *q = pattern;
    size_t k = 0;

    for (size_t i = 0; i < S_MAX_KEYS; i++)
        gc_buf_reset(&keys->k[i]);
    while (*q) {
        if (strncmp(q, "[*]", 3) == 0) {
            if (*p == '\0')
                return true;
            p = s_group(p, k < S_MAX_KEYS ? &keys->k[k] : NULL);
            if (!p)
                return false;
            k++;
            q += 3;
            continue;
        }
        if (*p != *q)
            return false;
        p++;
        q++;
    }
    return *p == '\0';
}

/* The part of a pattern before its first "[*]" (the whole pattern without one). */
static int s_pattern_base(struct gc_buf *out, const char *pattern)
{
    const char *star = strstr(pattern, "[*]");
    gc_buf_reset(out);
    return gc_buf_append(out, pattern, star ? (size_t)(star - pattern) : strlen(pattern));
}

/* The top-level attribute of a pattern (before any "[" or "."). */
static int s_pattern_attr(struct gc_buf *out, const char *pattern)
{
    gc_buf_reset(out);
    return gc_buf_append(out, pattern, strcspn(pattern, "[."));
}

/* The display form of one captured key: the row's "keys" map translates it ({"common_name": "コモンネーム (CN)"}). */
static const char *s_key_text(const json_t *row, const char *key)
{
    const char *ja = json_string_value(json_object_get(json_object_get(row, "keys"), key));
    if (!*key)
        return "全体";
    return ja ? ja : key;
}

/* `item` with its placeholders filled: {key} and {key2} (the captured keys), {group} and {member} (with "group": n,
 * the 1-based index i of the first key split as ((i-1)/n+1, (i-1)%n+1): endpoint and subnet of a flat address
 * list). An unknown placeholder is left as written. */
static int s_item_name(struct gc_buf *out, const json_t *row, struct s_keys *keys)
{
    const char *item = json_string_value(json_object_get(row, "item"));
    json_int_t group = json_integer_value(json_object_get(row, "group"));
    const char *k0 = keys ? gc_buf_cstr(&keys->k[0]) : "";
    unsigned long idx = strtoul(k0, NULL, 10);
    const char *p = item;

    gc_buf_reset(out);
    while (*p) {
        const char *brace = strchr(p, '{');
        size_t n = brace ? (size_t)(brace - p) : strlen(p);
        int rc = gc_buf_append(out, p, n);
        p += n;
        if (rc)
            return -1;
        if (!brace)
            break;
        if (strncmp(p, "{key}", 5) == 0) {
            rc = gc_buf_append_str(out, s_key_text(row, k0));
            p += 5;
        } else if (strncmp(p, "{key2}", 6) == 0) {
            rc = gc_buf_append_str(out, s_key_text(row, keys ? gc_buf_cstr(&keys->k[1]) : ""));
            p += 6;
        } else if (strncmp(p, "{group}", 7) == 0 || strncmp(p, "{member}", 8) == 0) {
            bool is_group = p[1] == 'g';
            if (group <= 0 || idx == 0)
                rc = gc_buf_append_str(out, *k0 ? k0 : "全体");
            else
                rc = gc_buf_printf(
                    out, "%lu", is_group ? (idx - 1) / (unsigned long)group + 1 : (idx - 1) % (unsigned long)group + 1);
            p += is_group ? 7 : 8;
        } else {
            rc = gc_buf_append_byte(out, '{');
            p++;
        }
        if (rc)
            return -1;
    }
    return 0;
}

/* The display text of an item in the row's words: booleans (words), a PEM body as its line count only (format
 * "pem": a certificate never appears on a sheet), values translated by the row's "values" map or by the catalog
 * ("lookup": "business_system" or "connection_method"). `scratch` holds a text built here. */
static const char *s_text(const struct gc_doc_item *it, const json_t *row, struct gc_buf *scratch)
{
    const char *words = json_string_value(json_object_get(row, "words"));
    const char *format = json_string_value(json_object_get(row, "format"));
    const char *lookup = json_string_value(json_object_get(row, "lookup"));
    const char *ja = NULL;

    if (it->state != GC_DOC_ITEM_VALUE)
        return it->text;
    if (words && strcmp(it->cmp, "true") == 0)
        return s_words(words, true);
    if (words && strcmp(it->cmp, "false") == 0)
        return s_words(words, false);
    if (format && strcmp(format, "pem") == 0) {
        size_t lines = 0;
        for (const char *p = it->text; *p; p++)
            if (*p == '\n' || (p[1] == '\0'))
                lines++;
        gc_buf_reset(scratch);
        if (gc_buf_printf(scratch, "PEM (%zu 行)", lines))
            return "PEM";
        return gc_buf_cstr(scratch);
    }
    ja = json_string_value(json_object_get(json_object_get(row, "values"), it->text));
    if (!ja && lookup && strcmp(lookup, "business_system") == 0)
        ja = gc_doc_catalog_system_ja(it->text);
    if (!ja && lookup && strcmp(lookup, "connection_method") == 0)
        ja = gc_doc_catalog_method_ja(it->text);
    if (ja) {
        gc_buf_reset(scratch);
        if (gc_buf_printf(scratch, "%s (%s)", ja, it->text))
            return ja;
        return gc_buf_cstr(scratch);
    }
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
    const char *unit = json_string_value(json_object_get(row, "unit"));
    const char *note = json_string_value(json_object_get(row, "note"));
    struct gc_buf base, top, name, value, scratch;
    struct s_keys keys;
    bool each = strstr(attr, "[*]") != NULL;
    bool forcing;
    size_t found = 0;

    gc_buf_init(&base, 1 << 12);
    gc_buf_init(&top, 1 << 12);
    gc_buf_init(&name, 1 << 16);
    gc_buf_init(&value, 1 << 20);
    gc_buf_init(&scratch, 1 << 16);
    for (size_t i = 0; i < S_MAX_KEYS; i++)
        gc_buf_init(&keys.k[i], 1 << 16);
    if (s_pattern_base(&base, attr) || s_pattern_attr(&top, attr))
        goto cleanup;
    forcing = gc_doc_resource_attr_forces_replace(ri->res, gc_buf_cstr(&top));
    for (size_t i = 0; i < ri->now.n; i++) {
        const struct gc_doc_item *it = &ri->now.items[i];
        long j;
        bool changed;
        if (!s_match(it->path, attr, &keys))
            continue;
        found++;
        j = gc_doc_items_find(&ri->before, it->path);
        changed = it->state == GC_DOC_ITEM_UNKNOWN || j < 0 || strcmp(ri->before.items[j].cmp, it->cmp) != 0;
        gc_buf_reset(&value);
        if (gc_buf_append_str(&value, s_text(it, row, &scratch)))
            goto cleanup;
        if (changed && j >= 0 && ri->before.items[j].state == GC_DOC_ITEM_VALUE && it->state != GC_DOC_ITEM_SENSITIVE &&
            gc_buf_printf(&value, "\n(変更前: %s)", s_text(&ri->before.items[j], row, &scratch)))
            goto cleanup;
        if (s_item_name(&name, row, &keys) ||
            s_write_row(sh, gc_buf_cstr(&name), gc_buf_cstr(&value), unit,
                        gc_doc_objsheets_change_label(ri->kind, ri->res->action, changed, forcing, false),
                        note ? note : it->description))
            goto cleanup;
    }
    /* elements an update removes; not when the whole attribute is one row now (unknown or sensitive) */
    for (size_t j = 0; j < ri->before.n && gc_doc_items_find(&ri->now, gc_buf_cstr(&base)) < 0; j++) {
        const struct gc_doc_item *old = &ri->before.items[j];
        if (!s_match(old->path, attr, &keys) || gc_doc_items_find(&ri->now, old->path) >= 0)
            continue;
        gc_buf_reset(&value);
        if (gc_buf_printf(&value, "%s\n(変更前: %s)", GC_DOC_REMOVED_TEXT, s_text(old, row, &scratch)) ||
            s_item_name(&name, row, &keys) ||
            s_write_row(sh, gc_buf_cstr(&name), gc_buf_cstr(&value), unit,
                        gc_doc_objsheets_change_label(ri->kind, ri->res->action, true, forcing, false),
                        note ? note : old->description))
            goto cleanup;
        found++;
    }
    if (found == 0 && !each &&
        (s_item_name(&name, row, NULL) ||
         s_write_row(sh, gc_buf_cstr(&name), GC_DOC_NULL_TEXT, unit,
                     gc_doc_objsheets_change_label(ri->kind, ri->res->action, false, false, false), note)))
        goto cleanup;
    result = 0;
cleanup:
    gc_buf_clean_up(&base);
    gc_buf_clean_up(&top);
    gc_buf_clean_up(&name);
    gc_buf_clean_up(&value);
    gc_buf_clean_up(&scratch);
    for (size_t i = 0; i < S_MAX_KEYS; i++)
        gc_buf_clean_up(&keys.k[i]);
    return result;
}

/* A sheet's or row's "when" ({"method": "privatelink"}): every named top-level attribute has that value. A value
 * not known yet matches (the plan shows the row as 適用後に確定). */
static bool s_when(const json_t *spec, const struct gc_doc_resource *res)
{
    const char *attr;
    const json_t *want;

    json_object_foreach((json_t *)json_object_get(spec, "when"), attr, want)
    {
        const char *have = gc_doc_resource_string(res, attr);
        if (gc_doc_resource_attr_unknown(res, attr))
            continue;
        if (!have || !json_is_string(want) || strcmp(have, json_string_value(want)) != 0)
            return false;
    }
    return true;
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
    char name[128]; /* Excel's limit is 31 characters, not bytes: libxlsxwriter checks it */
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
        if (strcmp(in->resources[r].type, type) != 0 || !s_when(spec, &in->resources[r]))
            continue;
        ri.res = &in->resources[r];
        ri.kind = in->kind;
        if (s_flatten_resource(&ri, block) || s_section(&sh, &ri))
            goto cleanup;
        json_array_foreach(json_object_get(spec, "rows"), i, row)
        {
            int rc = !s_when(row, ri.res)           ? 0
                     : json_object_get(row, "attr") ? s_attr_rows(&sh, &ri, row)
                                                    : s_fixed_row(&sh, &ri, row);
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
        bool any = false;
        for (size_t r = 0; r < in->n_resources && !any; r++)
            any = strcmp(in->resources[r].type, type) == 0 && s_when(spec, &in->resources[r]);
        if (!any)
            continue; /* a sheet for another method (PrivateLink when every connection is a TGW attachment) */
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
