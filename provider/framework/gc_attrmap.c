#include "framework/gc_attrmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_doc.h"

static const char *s_json_kind(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static const char *s_kind_text(enum gc_attrmap_kind kind)
{
    switch (kind) {
    case GC_ATTRMAP_STRING:
        return "a string";
    case GC_ATTRMAP_INT:
        return "an integer";
    case GC_ATTRMAP_BOOL:
        return "a boolean";
    case GC_ATTRMAP_STRING_LIST:
        return "a list of strings";
    case GC_ATTRMAP_STRING_MAP:
        return "an object of strings";
    default:
        return "a list of Key/Value tags";
    }
}

static struct gc_value *s_int_of(const json_t *j)
{
    if (json_is_integer(j))
        return gc_value_new_int((int64_t)json_integer_value(j));
    if (!json_is_string(j))
        return NULL;
    const char *text = json_string_value(j);
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
        return NULL;
    return gc_value_new_int((int64_t)v);
}

static struct gc_value *s_bool_of(const json_t *j)
{
    if (json_is_boolean(j))
        return gc_value_new_bool(json_is_true(j));
    const char *text = json_string_value(j);
    if (text && (strcmp(text, "true") == 0 || strcmp(text, "false") == 0))
        return gc_value_new_bool(text[0] == 't');
    return NULL;
}

static struct gc_value *s_list_of(const json_t *j, const struct gc_type *type)
{
    if (!json_is_array(j))
        return NULL;
    struct gc_value *list = gc_value_new_collection(type);
    for (size_t i = 0; list && i < json_array_size(j); i++) {
        const json_t *item = json_array_get(j, i);
        if (!json_is_string(item) || gc_value_append(list, gc_value_new_string(json_string_value(item))) != 0) {
            gc_value_free(list);
            list = NULL;
        }
    }
    return list;
}

static struct gc_value *s_map_of(const json_t *j, const struct gc_type *type, bool tag_list)
{
    if (tag_list ? !json_is_array(j) : !json_is_object(j))
        return NULL;
    struct gc_value *map = gc_value_new_collection(type);
    size_t n = tag_list ? json_array_size(j) : json_object_size(j);
    void *iter = tag_list ? NULL : json_object_iter((json_t *)j);
    for (size_t i = 0; map && i < n; i++) {
        const char *key = NULL;
        const json_t *val = NULL;
        if (tag_list) {
            key = json_string_value(json_object_get(json_array_get(j, i), "Key"));
            val = json_object_get(json_array_get(j, i), "Value");
        } else {
            key = json_object_iter_key(iter);
            val = json_object_iter_value(iter);
            iter = json_object_iter_next((json_t *)j, iter);
        }
        if (!key || !json_is_string(val) ||
            gc_value_map_put(map, key, gc_value_new_string(json_string_value(val))) != 0) {
            gc_value_free(map);
            map = NULL;
        }
    }
    return map;
}

/* The state value of one field, or NULL when it does not have the entry's kind. */
static struct gc_value *s_value_of(const json_t *j, const struct gc_attrmap_entry *e, const struct gc_type *type)
{
    switch (e->kind) {
    case GC_ATTRMAP_STRING:
        return json_is_string(j) ? gc_value_new_string(json_string_value(j)) : NULL;
    case GC_ATTRMAP_INT:
        return s_int_of(j);
    case GC_ATTRMAP_BOOL:
        return s_bool_of(j);
    case GC_ATTRMAP_STRING_LIST:
        return s_list_of(j, type);
    case GC_ATTRMAP_STRING_MAP:
    case GC_ATTRMAP_TAG_LIST:
        return s_map_of(j, type, e->kind == GC_ATTRMAP_TAG_LIST);
    }
    return NULL;
}

int gc_attrmap_to_state(struct gc_value *state, const json_t *doc, const struct gc_attrmap_entry *map, size_t n,
                        struct gc_diags *diags)
{
    int result = 0;
    for (size_t i = 0; i < n; i++) {
        const struct gc_attrmap_entry *e = &map[i];
        const struct gc_type *type = gc_type_object_attr(state->type, e->attr);
        if (e->flags & GC_ATTRMAP_IN_ONLY)
            continue;
        if (!type) {
            gc_diags_error_at(diags, NULL, "Attribute map error", "\"%s\" is not an attribute of this resource.",
                              e->attr);
            result = -1;
            continue;
        }
        const json_t *j = gc_doc_member(doc, e->path);
        struct gc_value *v = j && !json_is_null(j) ? s_value_of(j, e, type) : gc_value_new_null(type);
        if (!v && j && !json_is_null(j)) {
            gc_diags_error_at(diags, e->attr, "Unexpected AWS answer",
                              "AWS answered %s for %s where %s was expected; \"%s\" is left null.", s_json_kind(j),
                              e->path, s_kind_text(e->kind), e->attr);
            v = gc_value_new_null(type);
            result = -1;
        }
        if (gc_value_object_set(state, e->attr, v) != 0)
            result = -1;
    }
    return result;
}

/* The document form of a known, non-null value; NULL when it does not fit the entry's kind. */
static json_t *s_json_of(const struct gc_value *v, const struct gc_attrmap_entry *e)
{
    json_t *out = NULL;
    int64_t i64 = 0;
    bool b = false;
    switch (e->kind) {
    case GC_ATTRMAP_STRING:
        return gc_value_string(v) ? json_string(gc_value_string(v)) : NULL;
    case GC_ATTRMAP_INT:
        return gc_value_int64(v, &i64) == 0 ? json_integer((json_int_t)i64) : NULL;
    case GC_ATTRMAP_BOOL:
        return gc_value_bool(v, &b) == 0 ? json_boolean(b) : NULL;
    case GC_ATTRMAP_STRING_LIST:
        out = v->type->kind == GC_TYPE_LIST || v->type->kind == GC_TYPE_SET ? json_array() : NULL;
        for (size_t i = 0; out && i < gc_value_length(v); i++) {
            const char *s = gc_value_string(gc_value_index(v, i));
            if (!s || json_array_append_new(out, json_string(s)) != 0) {
                json_decref(out);
                out = NULL;
            }
        }
        return out;
    case GC_ATTRMAP_STRING_MAP:
    case GC_ATTRMAP_TAG_LIST:
        if (v->type->kind != GC_TYPE_MAP)
            return NULL;
        out = e->kind == GC_ATTRMAP_TAG_LIST ? json_array() : json_object();
        for (size_t i = 0; out && i < v->u.map.n; i++) {
            const char *s = gc_value_string(v->u.map.vals[i]);
            int rc = !s ? -1
                     : e->kind == GC_ATTRMAP_TAG_LIST
                         ? json_array_append_new(out, json_pack("{s:s,s:s}", "Key", v->u.map.keys[i], "Value", s))
                         : json_object_set_new(out, v->u.map.keys[i], json_string(s));
            if (rc != 0) {
                json_decref(out);
                out = NULL;
            }
        }
        return out;
    }
    return NULL;
}

int gc_attrmap_to_input(json_t **out, const struct gc_value *planned, const struct gc_attrmap_entry *map, size_t n,
                        struct gc_diags *diags)
{
    int result = -1;
    json_t *doc = json_object();
    *out = NULL;
    if (!doc)
        goto cleanup;
    for (size_t i = 0; i < n; i++) {
        const struct gc_attrmap_entry *e = &map[i];
        const struct gc_value *v = gc_value_object_get(planned, e->attr);
        if ((e->flags & GC_ATTRMAP_OUT_ONLY) || gc_value_is_null(v) || !gc_value_is_wholly_known(v))
            continue;
        json_t *j = s_json_of(v, e);
        if (!j) {
            gc_diags_error_at(diags, e->attr, "Cannot send attribute", "\"%s\" is not %s, so it cannot be sent as %s.",
                              e->attr, s_kind_text(e->kind), e->path);
            goto cleanup;
        }
        if (gc_doc_put(doc, e->path, j) != 0) {
            gc_diags_error_at(diags, e->attr, "Cannot send attribute",
                              "%s clashes with another field of the request (attribute \"%s\").", e->path, e->attr);
            goto cleanup;
        }
    }
    *out = doc;
    doc = NULL;
    result = 0;
cleanup:
    json_decref(doc);
    return result;
}
