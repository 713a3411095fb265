#include "change_set.h"

#include <stdlib.h>
#include <string.h>

#include "object_sheets.h"

#define S_TEXT_MAX ((size_t)1 << 20)
#define S_WHOLE_ITEM "(リソース全体)"

static bool s_any_true(const json_t *shadow)
{
    const char *key;
    const json_t *v;
    size_t i;

    if (json_is_true(shadow))
        return true;
    if (json_is_object(shadow)) {
        json_object_foreach((json_t *)shadow, key, v)
        {
            if (s_any_true(v))
                return true;
        }
    }
    if (json_is_array(shadow)) {
        json_array_foreach(shadow, i, v)
        {
            if (s_any_true(v))
                return true;
        }
    }
    return false;
}

static int s_scalar(struct gc_buf *out, const json_t *v, const char *words)
{
    if (json_is_string(v))
        return gc_buf_append_str(out, json_string_value(v));
    if (json_is_integer(v))
        return gc_buf_printf(out, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return gc_buf_printf(out, "%g", json_real_value(v));
    if (json_is_boolean(v)) {
        bool t = json_is_true(v);
        if (words && strcmp(words, "enable") == 0)
            return gc_buf_append_str(out, t ? "有効" : "無効");
        if (words && strcmp(words, "allow") == 0)
            return gc_buf_append_str(out, t ? "許可する" : "許可しない");
        if (words && strcmp(words, "yes") == 0)
            return gc_buf_append_str(out, t ? "はい" : "いいえ");
        return gc_buf_append_str(out, t ? "true" : "false");
    }
    return gc_buf_append_str(out, GC_DOC_NULL_TEXT);
}

/* `depth` bounds the recursion on hostile nesting; below it a value shows as "…". */
static int s_text(struct gc_buf *out, const json_t *value, const json_t *unknown, const json_t *sensitive,
                  const char *words, int depth)
{
    const char *key;
    const json_t *v;
    size_t i;
    bool first = true;

    if (s_any_true(sensitive))
        return gc_buf_append_str(out, GC_DOC_SENSITIVE_TEXT);
    if (json_is_true(unknown))
        return gc_buf_append_str(out, GC_DOC_UNKNOWN_TEXT);
    if (depth > 8)
        return gc_buf_append_str(out, "…");
    if (json_is_array(value)) {
        if (json_array_size(value) == 0)
            return gc_buf_append_str(out, GC_DOC_EMPTY_TEXT);
        json_array_foreach(value, i, v)
        {
            if ((!first && gc_buf_append_str(out, ", ")) ||
                s_text(out, v, json_array_get(unknown, i), NULL, words, depth + 1))
                return -1;
            first = false;
        }
        /* elements only known after apply, beyond the known ones */
        for (i = json_array_size(value); i < json_array_size(unknown); i++)
            if (json_is_true(json_array_get(unknown, i)) && gc_buf_printf(out, ", %s", GC_DOC_UNKNOWN_TEXT))
                return -1;
        return 0;
    }
    if (json_is_object(value)) {
        if (json_object_size(value) == 0)
            return gc_buf_append_str(out, GC_DOC_EMPTY_TEXT);
        json_object_foreach((json_t *)value, key, v)
        {
            if ((!first && gc_buf_append_str(out, depth ? "; " : "\n")) || gc_buf_printf(out, "%s = ", key) ||
                s_text(out, v, json_object_get(unknown, key), NULL, words, depth + 1))
                return -1;
            first = false;
        }
        return 0;
    }
    return s_scalar(out, value, words);
}

int gc_doc_chgset_value_text(struct gc_buf *out, const json_t *value, const json_t *unknown, const json_t *sensitive,
                             const char *words)
{
    return s_text(out, value, unknown, sensitive, words, 0);
}

const char *gc_doc_chgset_reason_ja(const char *action_reason)
{
    static const char *const table[][2] = {
        {"replace_because_cannot_update", "更新できない項目の変更による再作成"},
        {"replace_because_tainted", "前回の適用が途中で失敗し、汚染 (tainted) とされたための再作成"},
        {"replace_by_request", "-replace の指定による再作成"},
        {"replace_by_triggers", "replace_triggered_by による再作成"},
        {"delete_because_no_resource_config", "構成から削除されたため"},
        {"delete_because_no_module", "モジュールが構成から削除されたため"},
        {"delete_because_wrong_repetition", "count / for_each の有無が変わったため"},
        {"delete_because_count_index", "count の数が減ったため"},
        {"delete_because_each_key", "for_each のキーがなくなったため"},
        {"delete_because_no_move_target", "moved の移動先がないため"},
    };

    if (!action_reason)
        return NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i][0], action_reason) == 0)
            return table[i][1];
    return NULL;
}

/* What the sheet table says of the top-level `attr`: its Japanese item name (item_names first, else the first sheet
 * row on the attribute, up to its first placeholder), the wording of booleans and the format ("pem"). Outputs are
 * NULL where the table says nothing. */
static void s_table_row(const json_t *sheets, const char *type, const char *attr, const char **item, const char **words,
                        const char **format)
{
    size_t i, j;
    const json_t *sheet, *row;
    size_t n = strlen(attr);

    *item = json_string_value(json_object_get(json_object_get(json_object_get(sheets, "item_names"), type), attr));
    *words = NULL;
    *format = NULL;
    json_array_foreach(json_object_get(sheets, type), i, sheet)
    {
        json_array_foreach(json_object_get(sheet, "rows"), j, row)
        {
            const char *a = json_string_value(json_object_get(row, "attr"));
            if (!a || strncmp(a, attr, n) != 0 || (a[n] != '\0' && a[n] != '[' && a[n] != '.'))
                continue;
            if (!*item)
                *item = json_string_value(json_object_get(row, "item"));
            *words = json_string_value(json_object_get(row, "words"));
            *format = json_string_value(json_object_get(row, "format"));
            return;
        }
    }
}

/* "共有先 AWS アカウント {key}" → "共有先 AWS アカウント (share_with)"; the item name up to its first placeholder. */
static int s_item_name(struct gc_buf *out, const char *item, const char *attr)
{
    const char *brace = item ? strchr(item, '{') : NULL;
    size_t n;

    gc_buf_reset(out);
    if (!item)
        return gc_buf_append_str(out, attr);
    n = brace ? (size_t)(brace - item) : strlen(item);
    while (n > 0 && (item[n - 1] == ' ' || item[n - 1] == '(' || item[n - 1] == ':'))
        n--;
    return gc_buf_append(out, item, n) || gc_buf_printf(out, " (%s)", attr);
}

/* A value of a "pem" row: its line count, never the body (a certificate or a signing request). */
static int s_value_text(struct gc_buf *out, const json_t *value, const json_t *unknown, const json_t *sensitive,
                        const char *words, const char *format)
{
    size_t lines = 0;

    if (!format || strcmp(format, "pem") != 0 || !json_is_string(value) || s_any_true(sensitive) ||
        json_is_true(unknown))
        return gc_doc_chgset_value_text(out, value, unknown, sensitive, words);
    for (const char *p = json_string_value(value); *p; p++)
        if (*p == '\n' || p[1] == '\0')
            lines++;
    return gc_buf_printf(out, "PEM (%zu 行)", lines);
}

static const char *s_note(const json_t *block, const char *attr)
{
    return json_string_value(
        json_object_get(json_object_get(json_object_get(block, "attributes"), attr), "description"));
}

static const char *s_operation(enum gc_doc_chgset_source source, enum gc_doc_action action)
{
    if (source == GC_DOC_CHGSET_DRIFT)
        return action == GC_DOC_ACT_DELETE ? "削除 (Terraform の外で削除)" : "変更 (Terraform の外で変更)";
    switch (action) {
    case GC_DOC_ACT_CREATE:
        return "作成";
    case GC_DOC_ACT_UPDATE:
        return "更新 (インプレース)";
    case GC_DOC_ACT_REPLACE:
        return "置換 (削除して再作成)";
    case GC_DOC_ACT_DELETE:
        return "削除";
    default:
        break;
    }
    return "変更なし";
}

static int s_reason(struct gc_buf *out, enum gc_doc_chgset_source source, const struct gc_doc_resource *res)
{
    const char *ja = gc_doc_chgset_reason_ja(res->action_reason);
    size_t i;
    const json_t *p;
    bool first = true;

    gc_buf_reset(out);
    if (source == GC_DOC_CHGSET_DRIFT)
        return gc_buf_append_str(out, res->action == GC_DOC_ACT_DELETE
                                          ? "AWS 上で削除されていた。次回の apply で再作成される"
                                          : "AWS 上の設定が記録と異なる。次回の apply で構成どおりに戻る "
                                            "(変更を残すなら構成を修正)");
    if (ja && gc_buf_append_str(out, ja))
        return -1;
    if (!ja) {
        const char *plain = res->action == GC_DOC_ACT_CREATE ? "構成に追加"
                            : res->action == GC_DOC_ACT_UPDATE ? "設定の変更 (再作成なし、ID は変わらない)"
                            : res->action == GC_DOC_ACT_DELETE ? "構成から削除"
                                                               : "再作成";
        if (gc_buf_append_str(out, plain))
            return -1;
    }
    json_array_foreach(res->replace_paths, i, p)
    {
        const char *attr = json_string_value(json_array_get(p, 0));
        if (!attr)
            continue;
        if (gc_buf_printf(out, first ? " (原因: %s" : ", %s", attr))
            return -1;
        first = false;
    }
    return first ? 0 : gc_buf_append_str(out, ")");
}

static int s_push_row(struct gc_doc_chgset_entry *e, const char *attr, const char *item, const char *before,
                      const char *after, const char *how, const char *note)
{
    struct gc_doc_chgset_row *grown = realloc(e->rows, (e->n_rows + 1) * sizeof *grown);
    struct gc_doc_chgset_row *r;

    if (!grown)
        return -1;
    e->rows = grown;
    r = &e->rows[e->n_rows];
    memset(r, 0, sizeof *r);
    r->attr = gc_strdup(attr);
    r->item = gc_strdup(item);
    r->before = gc_strdup(before);
    r->after = gc_strdup(after);
    r->how = how;
    r->note = note;
    e->n_rows++;
    return r->attr && r->item && r->before && r->after ? 0 : -1;
}

/* The union of the attribute names of before and after, in after's order then before's. */
static int s_attr_names(json_t *names, const struct gc_doc_resource *res)
{
    const char *key;
    const json_t *v;

    json_object_foreach((json_t *)res->after, key, v)
    {
        if (json_object_set_new(names, key, json_true()))
            return -1;
    }
    json_object_foreach((json_t *)res->before, key, v)
    {
        if (!json_object_get(names, key) && json_object_set_new(names, key, json_true()))
            return -1;
    }
    json_object_foreach((json_t *)res->after_unknown, key, v)
    {
        if (!json_object_get(names, key) && json_object_set_new(names, key, json_true()))
            return -1;
    }
    return 0;
}

struct s_scratch {
    struct gc_buf item, before, after;
};

/* One row per changed top-level attribute ("id" repeats another ID and is left out); a deletion is one row. */
static int s_rows(struct gc_doc_chgset_entry *e, enum gc_doc_chgset_source source, const json_t *block,
                  const json_t *sheets, struct s_scratch *s)
{
    const struct gc_doc_resource *res = e->res;
    json_t *names = json_object();
    const char *attr;
    const json_t *unused;
    int result = -1;

    if (!names)
        goto cleanup;
    if (res->action == GC_DOC_ACT_DELETE) {
        const char *id = json_string_value(json_object_get(res->before, "id"));
        result = s_push_row(e, "", S_WHOLE_ITEM, id ? id : res->address, GC_DOC_REMOVED_TEXT, "削除", NULL);
        goto cleanup;
    }
    if (s_attr_names(names, res))
        goto cleanup;
    json_object_foreach(names, attr, unused)
    {
        const json_t *b = json_object_get(res->before, attr);
        const json_t *a = json_object_get(res->after, attr);
        const json_t *unk = json_object_get(res->after_unknown, attr);
        bool schema_sensitive = gc_doc_resource_attr_sensitive(res, block, attr);
        const char *item = NULL, *words = NULL, *format = NULL;
        bool forcing;

        if (strcmp(attr, "id") == 0)
            continue;
        if (res->action == GC_DOC_ACT_CREATE && json_is_null(a) && !s_any_true(unk))
            continue; /* not set: no noise rows */
        if (res->action != GC_DOC_ACT_CREATE && !s_any_true(unk) && json_equal(b, a))
            continue;
        if (!a && !b && !s_any_true(unk))
            continue;
        s_table_row(sheets, res->type, attr, &item, &words, &format);
        gc_buf_reset(&s->before);
        gc_buf_reset(&s->after);
        if (s_item_name(&s->item, item, attr))
            goto cleanup;
        if (res->action == GC_DOC_ACT_CREATE) {
            if (gc_buf_append_str(&s->before, "-"))
                goto cleanup;
        } else if (schema_sensitive ? gc_buf_append_str(&s->before, GC_DOC_SENSITIVE_TEXT)
                                    : s_value_text(&s->before, b, NULL, json_object_get(res->before_sensitive, attr),
                                                   words, format)) {
            goto cleanup;
        }
        if (schema_sensitive
                ? gc_buf_append_str(&s->after, GC_DOC_SENSITIVE_TEXT)
                : s_value_text(&s->after, a, unk, json_object_get(res->after_sensitive, attr), words, format))
            goto cleanup;
        forcing = gc_doc_resource_attr_forces_replace(res, attr);
        if (s_push_row(e, attr, gc_buf_cstr(&s->item), gc_buf_cstr(&s->before), gc_buf_cstr(&s->after),
                       source == GC_DOC_CHGSET_DRIFT
                           ? "差異"
                           : gc_doc_objsheets_change_label(GC_DOC_KIND_PLAN, res->action, true, forcing, false),
                       s_note(block, attr)))
            goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(names);
    return result;
}

static bool s_is_change(enum gc_doc_action a)
{
    return a == GC_DOC_ACT_CREATE || a == GC_DOC_ACT_UPDATE || a == GC_DOC_ACT_REPLACE || a == GC_DOC_ACT_DELETE;
}

static int s_add_entry(struct gc_doc_chgset *set, const struct gc_doc_resource *res, const struct gc_doc_schema *schema,
                       const json_t *sheets, struct s_scratch *s)
{
    struct gc_doc_chgset_entry *grown = realloc(set->entries, (set->n_entries + 1) * sizeof *grown);
    struct gc_doc_chgset_entry *e;

    if (!grown)
        return -1;
    set->entries = grown;
    e = &set->entries[set->n_entries++];
    memset(e, 0, sizeof *e);
    e->res = res;
    e->operation = s_operation(set->source, res->action);
    e->flagged = res->action == GC_DOC_ACT_REPLACE || res->action == GC_DOC_ACT_DELETE;
    if (s_reason(&s->item, set->source, res))
        return -1;
    e->reason = gc_strdup(gc_buf_cstr(&s->item));
    if (!e->reason)
        return -1;
    set->n_create += res->action == GC_DOC_ACT_CREATE;
    set->n_update += res->action == GC_DOC_ACT_UPDATE;
    set->n_replace += res->action == GC_DOC_ACT_REPLACE;
    set->n_delete += res->action == GC_DOC_ACT_DELETE;
    return s_rows(e, set->source, gc_doc_schema_resource_block(schema, res->type), sheets, s);
}

int gc_doc_chgset_build(struct gc_doc_chgset *set, const struct gc_doc_input *in, enum gc_doc_chgset_source source,
                        const struct gc_doc_schema *schema, const json_t *sheets)
{
    int result = -1;
    const struct gc_doc_resource *list = source == GC_DOC_CHGSET_DRIFT ? in->drift : in->resources;
    size_t n = source == GC_DOC_CHGSET_DRIFT ? in->n_drift : in->n_resources;
    struct s_scratch s;

    memset(set, 0, sizeof *set);
    set->source = source;
    gc_buf_init(&s.item, S_TEXT_MAX);
    gc_buf_init(&s.before, S_TEXT_MAX);
    gc_buf_init(&s.after, S_TEXT_MAX);
    /* two passes: replacements and deletions first, so the reviewer meets them at the top */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            const struct gc_doc_resource *res = &list[i];
            bool flagged = res->action == GC_DOC_ACT_REPLACE || res->action == GC_DOC_ACT_DELETE;
            if (!s_is_change(res->action) || flagged != (pass == 0))
                continue;
            if (s_add_entry(set, res, schema, sheets, &s))
                goto cleanup;
        }
    result = 0;
cleanup:
    gc_buf_clean_up(&s.item);
    gc_buf_clean_up(&s.before);
    gc_buf_clean_up(&s.after);
    if (result != 0)
        gc_doc_chgset_clean_up(set);
    return result;
}

void gc_doc_chgset_clean_up(struct gc_doc_chgset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n_entries; i++) {
        struct gc_doc_chgset_entry *e = &set->entries[i];
        for (size_t j = 0; j < e->n_rows; j++) {
            free(e->rows[j].attr);
            free(e->rows[j].item);
            free(e->rows[j].before);
            free(e->rows[j].after);
        }
        free(e->rows);
        free(e->reason);
    }
    free(set->entries);
    memset(set, 0, sizeof *set);
}
