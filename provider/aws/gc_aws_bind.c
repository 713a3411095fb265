/* Filling and freeing table-described structs from AWS documents (see gc_aws_bind.h). */
#include "aws/gc_aws_bind.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_tags.h"
#include "base/gc_buf.h"

static void s_strv_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void gc_bind_clean_up(const struct gc_bind_type *type, void *obj)
{
    if (!type || !obj)
        return;
    char *base = obj;
    for (size_t i = 0; i < type->n_fields; i++) {
        const struct gc_bind_field *f = &type->fields[i];
        void *field = base + f->offset;
        if (f->kind == GC_BIND_KIND_STR) {
            free(*(char **)field);
        } else if (f->kind == GC_BIND_KIND_STRV) {
            s_strv_free(*(char ***)field, *(size_t *)(void *)(base + f->count_offset));
        } else if (f->kind == GC_BIND_KIND_TAGS) {
            gc_tags_clean_up(field);
        }
    }
    memset(obj, 0, type->size);
}

/* A scalar as text: strings as they are, integers and booleans written out. NULL for anything else. */
static char *s_scalar_text(const json_t *v)
{
    char num[32];
    if (json_is_string(v))
        return gc_strdup(json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return gc_strdup(num);
    }
    if (json_is_boolean(v))
        return gc_strdup(json_is_true(v) ? "true" : "false");
    return NULL;
}

static int s_fill_i64(int64_t *out, const json_t *v)
{
    if (json_is_integer(v)) {
        *out = (int64_t)json_integer_value(v);
        return 0;
    }
    if (!json_is_string(v))
        return -1;
    const char *text = json_string_value(v);
    char *end = NULL;
    errno = 0;
    long long parsed = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
        return -1;
    *out = (int64_t)parsed;
    return 0;
}

static int s_fill_strv(char ***out, size_t *n_out, const json_t *v)
{
    int result = -1;
    size_t n = json_array_size(v);
    char **items = NULL;
    size_t filled = 0;
    if (!json_is_array(v))
        goto cleanup;
    items = calloc(n + 1, sizeof *items);
    if (!items)
        goto cleanup;
    for (filled = 0; filled < n; filled++) {
        items[filled] = s_scalar_text(json_array_get(v, filled));
        if (!items[filled])
            goto cleanup;
    }
    *out = items;
    *n_out = n;
    items = NULL;
    result = 0;
cleanup:
    s_strv_free(items, filled);
    return result;
}

static int s_fill_tags(struct gc_tags *tags, const json_t *v)
{
    if (!json_is_array(v))
        return -1;
    for (size_t i = 0; i < json_array_size(v); i++) {
        const json_t *tag = json_array_get(v, i);
        const char *key = gc_doc_str(tag, "Key") ? gc_doc_str(tag, "Key") : gc_doc_str(tag, "key");
        const char *value = gc_doc_str(tag, "Value") ? gc_doc_str(tag, "Value") : gc_doc_str(tag, "value");
        if (key && gc_tags_add(tags, key, value ? value : "") != 0)
            return -1;
    }
    return 0;
}

static int s_fill_field(char *base, const struct gc_bind_field *f, const json_t *v)
{
    void *field = base + f->offset;
    switch (f->kind) {
    case GC_BIND_KIND_STR:
        *(char **)field = s_scalar_text(v);
        return *(char **)field ? 0 : -1;
    case GC_BIND_KIND_I64:
        return s_fill_i64(field, v);
    case GC_BIND_KIND_BOOL:
        *(bool *)field = json_is_true(v) || (json_is_string(v) && strcmp(json_string_value(v), "true") == 0);
        return 0;
    case GC_BIND_KIND_STRV:
        return s_fill_strv(field, (size_t *)(void *)(base + f->count_offset), v);
    case GC_BIND_KIND_TAGS:
        return s_fill_tags(field, v);
    }
    return -1;
}

int gc_bind_fill(const struct gc_bind_type *type, void *obj, const json_t *doc)
{
    int result = -1;
    gc_bind_clean_up(type, obj);
    if (!json_is_object(doc))
        goto cleanup;
    for (size_t i = 0; i < type->n_fields; i++) {
        const json_t *v = gc_doc_get(doc, type->fields[i].path);
        if (v && !json_is_null(v) && s_fill_field(obj, &type->fields[i], v) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    if (result != 0)
        gc_bind_clean_up(type, obj);
    return result;
}

void gc_bind_array_free(const struct gc_bind_type *type, void *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        gc_bind_clean_up(type, (char *)items + i * type->size);
    free(items);
}

int gc_bind_array_fill(const struct gc_bind_type *type, const json_t *list, void **items, size_t *n)
{
    int result = -1;
    size_t count = json_array_size(list);
    char *array = NULL;
    size_t filled = 0;
    *items = NULL;
    *n = 0;
    if (list && !json_is_array(list))
        goto cleanup;
    if (count > 0) {
        array = calloc(count, type->size);
        if (!array)
            goto cleanup;
    }
    for (filled = 0; filled < count; filled++) {
        if (gc_bind_fill(type, array + filled * type->size, json_array_get(list, filled)) != 0)
            goto cleanup;
    }
    *items = array;
    *n = count;
    array = NULL;
    result = 0;
cleanup:
    gc_bind_array_free(type, array, filled);
    return result;
}
