/* Documents by dotted path (gc_doc.h). */
#include "base/gc_doc.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define S_STEP_MAX 256

/* The length of the step at `p`, or 0 when it is empty or too long. */
static size_t s_step_len(const char *p)
{
    size_t n = strcspn(p, ".");
    return n < S_STEP_MAX ? n : 0;
}

/* The list item a step of decimal digits names, or NULL. */
static const json_t *s_index(const json_t *list, const char *p, size_t n)
{
    size_t index = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9' || index > SIZE_MAX / 10 - 1)
            return NULL;
        index = index * 10 + (size_t)(p[i] - '0');
    }
    return json_array_get(list, index);
}

static const json_t *s_walk(const json_t *doc, const char *path, bool index_lists)
{
    const json_t *v = doc;
    const char *p = path ? path : "";
    while (v && *p) {
        size_t n = s_step_len(p);
        if (n == 0)
            return NULL;
        if (index_lists && json_is_array(v))
            v = s_index(v, p, n);
        else if (json_is_object(v))
            v = json_object_getn(v, p, n);
        else
            return NULL;
        p += n;
        if (*p == '.')
            p++;
    }
    return v;
}

const json_t *gc_doc_get(const json_t *doc, const char *path)
{
    return s_walk(doc, path, true);
}

const json_t *gc_doc_member(const json_t *doc, const char *path)
{
    return s_walk(doc, path, false);
}

const char *gc_doc_str(const json_t *doc, const char *path)
{
    return json_string_value(gc_doc_get(doc, path));
}

long long gc_doc_int(const json_t *doc, const char *path, long long fallback)
{
    const json_t *v = gc_doc_get(doc, path);
    if (json_is_integer(v))
        return (long long)json_integer_value(v);
    if (json_is_string(v) && json_string_length(v) > 0) {
        char *end = NULL;
        errno = 0;
        long long n = strtoll(json_string_value(v), &end, 10);
        if (errno == 0 && end && *end == '\0')
            return n;
    }
    return fallback;
}

bool gc_doc_bool(const json_t *doc, const char *path)
{
    const json_t *v = gc_doc_get(doc, path);
    return json_is_true(v) || (json_is_string(v) && strcmp(json_string_value(v), "true") == 0);
}

const json_t *gc_doc_list(const json_t *doc, const char *path)
{
    const json_t *v = gc_doc_get(doc, path);
    return json_is_array(v) ? v : NULL;
}

const json_t *gc_doc_find(const json_t *doc, const char *list, const char *field, const char *value)
{
    const json_t *items = gc_doc_list(doc, list);
    for (size_t i = 0; value && i < json_array_size(items); i++) {
        const char *have = gc_doc_str(json_array_get(items, i), field);
        if (have && strcmp(have, value) == 0)
            return json_array_get(items, i);
    }
    return NULL;
}

const char *gc_doc_tag(const json_t *doc, const char *key)
{
    return gc_doc_str(gc_doc_find(doc, "Tags", "Key", key), "Value");
}

int gc_doc_put(json_t *doc, const char *path, json_t *value)
{
    int result = -1;
    json_t *cur = doc;
    const char *p = path ? path : "";

    while (value && json_is_object(cur)) {
        size_t n = s_step_len(p);
        if (n == 0)
            break;
        if (p[n] == '\0') {
            result = json_object_setn_new(cur, p, n, value);
            value = NULL;
            break;
        }
        json_t *next = json_object_getn(cur, p, n);
        if (!next) {
            next = json_object();
            if (!next || json_object_setn_new(cur, p, n, next) != 0)
                break;
        }
        cur = next;
        p += n + 1;
    }
    json_decref(value);
    return result;
}
