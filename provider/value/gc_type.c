#include "value/gc_type.h"
#include "value/gc_value_priv.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define S_TYPE_MAX_DEPTH 64

const struct gc_type gc_type_string = {.kind = GC_TYPE_STRING};
const struct gc_type gc_type_number = {.kind = GC_TYPE_NUMBER};
const struct gc_type gc_type_bool = {.kind = GC_TYPE_BOOL};
const struct gc_type gc_type_dynamic = {.kind = GC_TYPE_DYNAMIC};
const struct gc_type gc_type_list_string = {.kind = GC_TYPE_LIST, .elem = &gc_type_string};
const struct gc_type gc_type_set_string = {.kind = GC_TYPE_SET, .elem = &gc_type_string};
const struct gc_type gc_type_map_string = {.kind = GC_TYPE_MAP, .elem = &gc_type_string};

static struct gc_type *s_new(enum gc_type_kind kind, const struct gc_type *elem)
{
    struct gc_type *t = calloc(1, sizeof(*t));
    if (!t) {
        gc_type_free(elem);
        return NULL;
    }
    t->kind = kind;
    t->heap = true;
    t->elem = elem;
    return t;
}

struct gc_type *gc_type_new_list(const struct gc_type *elem)
{
    return elem ? s_new(GC_TYPE_LIST, elem) : NULL;
}

struct gc_type *gc_type_new_set(const struct gc_type *elem)
{
    return elem ? s_new(GC_TYPE_SET, elem) : NULL;
}

struct gc_type *gc_type_new_map(const struct gc_type *elem)
{
    return elem ? s_new(GC_TYPE_MAP, elem) : NULL;
}

struct gc_type *gc_type_new_object(void)
{
    return s_new(GC_TYPE_OBJECT, NULL);
}

struct gc_type *gc_type_new_tuple(void)
{
    return s_new(GC_TYPE_TUPLE, NULL);
}

/* Inserts (name may be NULL for tuples) at position `at`. Takes ownership of `type` also on failure. */
static int s_insert(struct gc_type *t, size_t at, const char *name, const struct gc_type *type)
{
    int result = -1;
    char *copy = NULL;
    if (name) {
        copy = gc_strdup(name);
        if (!copy)
            goto cleanup;
    }
    struct gc_type_attr *attrs = realloc(t->attrs, (t->n_attrs + 1) * sizeof(*attrs));
    if (!attrs)
        goto cleanup;
    t->attrs = attrs;
    memmove(&attrs[at + 1], &attrs[at], (t->n_attrs - at) * sizeof(*attrs));
    attrs[at].name = copy;
    attrs[at].type = type;
    t->n_attrs++;
    copy = NULL;
    type = NULL;
    result = 0;
cleanup:
    free(copy);
    gc_type_free(type);
    return result;
}

int gc_type_object_add(struct gc_type *object, const char *name, const struct gc_type *type)
{
    if (!object || object->kind != GC_TYPE_OBJECT || !object->heap || !name || !type) {
        gc_type_free(type);
        return -1;
    }
    size_t lo = 0, hi = object->n_attrs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(object->attrs[mid].name, name);
        if (c == 0) {
            gc_type_free(type);
            return -1;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return s_insert(object, lo, name, type);
}

int gc_type_tuple_append(struct gc_type *tuple, const struct gc_type *type)
{
    if (!tuple || tuple->kind != GC_TYPE_TUPLE || !tuple->heap || !type) {
        gc_type_free(type);
        return -1;
    }
    return s_insert(tuple, tuple->n_attrs, NULL, type);
}

void gc_type_free(const struct gc_type *type)
{
    if (!type || !type->heap)
        return;
    struct gc_type *t = (struct gc_type *)type;
    gc_type_free(t->elem);
    for (size_t i = 0; i < t->n_attrs; i++) {
        free(t->attrs[i].name);
        gc_type_free(t->attrs[i].type);
    }
    free(t->attrs);
    free(t);
}

struct gc_type *gc_type_copy(const struct gc_type *type)
{
    struct gc_type *out = NULL;
    if (!type)
        return NULL;
    switch (type->kind) {
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_MAP: {
        struct gc_type *elem = gc_type_copy(type->elem);
        return elem ? s_new(type->kind, elem) : NULL;
    }
    case GC_TYPE_OBJECT:
    case GC_TYPE_TUPLE:
        out = s_new(type->kind, NULL);
        if (!out)
            return NULL;
        out->attrs = type->n_attrs ? calloc(type->n_attrs, sizeof(*out->attrs)) : NULL;
        if (type->n_attrs && !out->attrs)
            goto fail;
        for (size_t i = 0; i < type->n_attrs; i++) {
            out->n_attrs = i + 1;
            out->attrs[i].type = gc_type_copy(type->attrs[i].type);
            if (!out->attrs[i].type)
                goto fail;
            if (type->attrs[i].name) {
                out->attrs[i].name = gc_strdup(type->attrs[i].name);
                if (!out->attrs[i].name)
                    goto fail;
            }
        }
        return out;
    default:
        out = s_new(type->kind, NULL);
        return out;
    }
fail:
    gc_type_free(out);
    return NULL;
}

long gc_type_object_index(const struct gc_type *object, const char *name)
{
    if (!object || object->kind != GC_TYPE_OBJECT || !name)
        return -1;
    size_t lo = 0, hi = object->n_attrs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(object->attrs[mid].name, name);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

const struct gc_type *gc_type_object_attr(const struct gc_type *object, const char *name)
{
    long i = gc_type_object_index(object, name);
    return i < 0 ? NULL : object->attrs[i].type;
}

bool gc_type_equal(const struct gc_type *a, const struct gc_type *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_MAP:
        return gc_type_equal(a->elem, b->elem);
    case GC_TYPE_OBJECT:
    case GC_TYPE_TUPLE:
        if (a->n_attrs != b->n_attrs)
            return false;
        for (size_t i = 0; i < a->n_attrs; i++) {
            if (a->kind == GC_TYPE_OBJECT && strcmp(a->attrs[i].name, b->attrs[i].name) != 0)
                return false;
            if (!gc_type_equal(a->attrs[i].type, b->attrs[i].type))
                return false;
        }
        return true;
    default:
        return true;
    }
}

/* ---- type JSON: encode ---- */

int gc_json_append_string(struct gc_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (gc_buf_append_byte(out, '"') != 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int rc;
        if (c == '"')
            rc = gc_buf_append(out, "\\\"", 2);
        else if (c == '\\')
            rc = gc_buf_append(out, "\\\\", 2);
        else if (c == '\n')
            rc = gc_buf_append(out, "\\n", 2);
        else if (c == '\r')
            rc = gc_buf_append(out, "\\r", 2);
        else if (c == '\t')
            rc = gc_buf_append(out, "\\t", 2);
        else if (c < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            rc = gc_buf_append(out, esc, sizeof esc);
        } else
            rc = gc_buf_append_byte(out, c);
        if (rc != 0)
            return -1;
    }
    return gc_buf_append_byte(out, '"');
}

static int s_to_json(const struct gc_type *t, struct gc_buf *out, int depth)
{
    if (!t || depth > S_TYPE_MAX_DEPTH)
        return -1;
    switch (t->kind) {
    case GC_TYPE_STRING:
        return gc_buf_append_str(out, "\"string\"");
    case GC_TYPE_NUMBER:
        return gc_buf_append_str(out, "\"number\"");
    case GC_TYPE_BOOL:
        return gc_buf_append_str(out, "\"bool\"");
    case GC_TYPE_DYNAMIC:
        return gc_buf_append_str(out, "\"dynamic\"");
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_MAP: {
        const char *k = t->kind == GC_TYPE_LIST ? "[\"list\"," : t->kind == GC_TYPE_SET ? "[\"set\"," : "[\"map\",";
        if (gc_buf_append_str(out, k) != 0 || s_to_json(t->elem, out, depth + 1) != 0)
            return -1;
        return gc_buf_append_byte(out, ']');
    }
    case GC_TYPE_OBJECT:
    case GC_TYPE_TUPLE: {
        bool obj = t->kind == GC_TYPE_OBJECT;
        if (gc_buf_append_str(out, obj ? "[\"object\",{" : "[\"tuple\",[") != 0)
            return -1;
        for (size_t i = 0; i < t->n_attrs; i++) {
            if (i && gc_buf_append_byte(out, ',') != 0)
                return -1;
            if (obj && (gc_json_append_string(out, t->attrs[i].name, strlen(t->attrs[i].name)) != 0 ||
                        gc_buf_append_byte(out, ':') != 0))
                return -1;
            if (s_to_json(t->attrs[i].type, out, depth + 1) != 0)
                return -1;
        }
        return gc_buf_append_str(out, obj ? "}]" : "]]");
    }
    }
    return -1;
}

int gc_type_to_json(const struct gc_type *type, struct gc_buf *out)
{
    size_t mark = out->len;
    if (s_to_json(type, out, 0) != 0) {
        out->len = mark;
        return -1;
    }
    return 0;
}

/* ---- type JSON: decode ---- */

static struct gc_type *s_from_json(const json_t *j, int depth, const char **why)
{
    if (depth > S_TYPE_MAX_DEPTH) {
        *why = "type nested too deeply";
        return NULL;
    }
    if (json_is_string(j)) {
        const char *s = json_string_value(j);
        if (json_string_length(j) != strlen(s))
            goto bad;
        if (strcmp(s, "string") == 0)
            return (struct gc_type *)&gc_type_string;
        if (strcmp(s, "number") == 0)
            return (struct gc_type *)&gc_type_number;
        if (strcmp(s, "bool") == 0)
            return (struct gc_type *)&gc_type_bool;
        if (strcmp(s, "dynamic") == 0)
            return (struct gc_type *)&gc_type_dynamic;
        *why = "unknown primitive type name";
        return NULL;
    }
    if (!json_is_array(j) || json_array_size(j) != 2 || !json_is_string(json_array_get(j, 0)))
        goto bad;
    const char *k = json_string_value(json_array_get(j, 0));
    const json_t *arg = json_array_get(j, 1);
    if (strcmp(k, "list") == 0 || strcmp(k, "set") == 0 || strcmp(k, "map") == 0) {
        struct gc_type *elem = s_from_json(arg, depth + 1, why);
        if (!elem)
            return NULL;
        return k[0] == 'l' ? gc_type_new_list(elem) : k[0] == 's' ? gc_type_new_set(elem) : gc_type_new_map(elem);
    }
    if (strcmp(k, "object") == 0 && json_is_object(arg)) {
        struct gc_type *obj = gc_type_new_object();
        const char *name;
        json_t *v;
        if (!obj)
            return NULL;
        json_object_foreach((json_t *)arg, name, v)
        {
            struct gc_type *at = s_from_json(v, depth + 1, why);
            if (!at || gc_type_object_add(obj, name, at) != 0) {
                if (at && !*why)
                    *why = "duplicate attribute";
                gc_type_free(obj);
                return NULL;
            }
        }
        return obj;
    }
    if (strcmp(k, "tuple") == 0 && json_is_array(arg)) {
        struct gc_type *tup = gc_type_new_tuple();
        if (!tup)
            return NULL;
        for (size_t i = 0; i < json_array_size(arg); i++) {
            struct gc_type *et = s_from_json(json_array_get(arg, i), depth + 1, why);
            if (!et || gc_type_tuple_append(tup, et) != 0) {
                gc_type_free(tup);
                return NULL;
            }
        }
        return tup;
    }
bad:
    *why = "unsupported type form";
    return NULL;
}

int gc_type_from_json(struct gc_span json, struct gc_type **out, struct gc_diags *diags)
{
    int result = -1;
    json_error_t err;
    const char *why = NULL;
    json_t *root = json_loadb((const char *)json.ptr, json.len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
    *out = NULL;
    if (!root) {
        gc_diags_add(diags, GC_SEV_ERROR, NULL, "Invalid type JSON", "%s (at position %d)", err.text, err.position);
        goto cleanup;
    }
    *out = s_from_json(root, 0, &why);
    if (!*out) {
        gc_diags_add(diags, GC_SEV_ERROR, NULL, "Invalid type JSON", "%s", why ? why : "out of memory");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(root);
    return result;
}
