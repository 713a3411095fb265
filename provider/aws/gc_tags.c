#include "aws/gc_tags.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"
#include "base/gc_grow.h"

void gc_tags_init(struct gc_tags *tags)
{
    if (tags)
        memset(tags, 0, sizeof *tags);
}

void gc_tags_clean_up(struct gc_tags *tags)
{
    if (!tags)
        return;
    for (size_t i = 0; i < tags->n; i++) {
        free(tags->items[i].key);
        free(tags->items[i].value);
    }
    free(tags->items);
    memset(tags, 0, sizeof *tags);
}

static struct gc_tag *s_find(const struct gc_tags *tags, const char *key)
{
    if (!tags || !key)
        return NULL;
    for (size_t i = 0; i < tags->n; i++) {
        if (strcmp(tags->items[i].key, key) == 0)
            return &tags->items[i];
    }
    return NULL;
}

int gc_tags_add(struct gc_tags *tags, const char *key, const char *value)
{
    int result = -1;
    char *k = NULL;
    char *v = NULL;

    if (!tags || !key)
        return -1;
    v = gc_strdup(value ? value : "");
    if (!v)
        goto cleanup;
    struct gc_tag *existing = s_find(tags, key);
    if (existing) {
        free(existing->value);
        existing->value = v;
        v = NULL;
        result = 0;
        goto cleanup;
    }
    k = gc_strdup(key);
    if (!k)
        goto cleanup;
    struct gc_tag *items = gc_grow(tags->items, tags->n, &tags->cap, sizeof *items, 8);
    if (!items)
        goto cleanup;
    tags->items = items;
    tags->items[tags->n].key = k;
    tags->items[tags->n].value = v;
    tags->n++;
    k = NULL;
    v = NULL;
    result = 0;
cleanup:
    free(k);
    free(v);
    return result;
}

int gc_tags_add_list(struct gc_tags *tags, const json_t *list)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *item = json_array_get(list, i);
        const char *key = json_string_value(json_object_get(item, "Key"));
        if (key && gc_tags_add(tags, key, json_string_value(json_object_get(item, "Value"))) != 0)
            return -1;
    }
    return 0;
}

bool gc_tags_remove(struct gc_tags *tags, const char *key)
{
    struct gc_tag *t = s_find(tags, key);
    if (!t)
        return false;
    size_t i = (size_t)(t - tags->items);
    free(t->key);
    free(t->value);
    memmove(&tags->items[i], &tags->items[i + 1], (tags->n - i - 1) * sizeof *t);
    tags->n--;
    return true;
}

const char *gc_tags_find(const struct gc_tags *tags, const char *key)
{
    const struct gc_tag *t = s_find(tags, key);
    return t ? t->value : NULL;
}

bool gc_tags_equal(const struct gc_tags *a, const struct gc_tags *b)
{
    size_t na = a ? a->n : 0;
    size_t nb = b ? b->n : 0;
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++) {
        const char *v = gc_tags_find(b, a->items[i].key);
        if (!v || strcmp(v, a->items[i].value) != 0)
            return false;
    }
    return true;
}

static int s_cmp_tag(const void *a, const void *b)
{
    return strcmp(((const struct gc_tag *)a)->key, ((const struct gc_tag *)b)->key);
}

void gc_tags_sort(struct gc_tags *tags)
{
    if (tags && tags->n > 1)
        qsort(tags->items, tags->n, sizeof *tags->items, s_cmp_tag);
}

int gc_tags_copy(struct gc_tags *out, const struct gc_tags *in)
{
    int result = -1;
    struct gc_tags tmp = {0};

    if (!out)
        return -1;
    for (size_t i = 0; in && i < in->n; i++) {
        if (gc_tags_add(&tmp, in->items[i].key, in->items[i].value) != 0)
            goto cleanup;
    }
    gc_tags_clean_up(out);
    *out = tmp;
    memset(&tmp, 0, sizeof tmp);
    result = 0;
cleanup:
    gc_tags_clean_up(&tmp);
    return result;
}

int gc_tags_diff(const struct gc_tags *old_tags, const struct gc_tags *new_tags, struct gc_tags *to_set,
                 struct gc_tags *to_remove)
{
    if (!to_set || !to_remove)
        return -1;
    for (size_t i = 0; new_tags && i < new_tags->n; i++) {
        const char *old = gc_tags_find(old_tags, new_tags->items[i].key);
        if (old && strcmp(old, new_tags->items[i].value) == 0)
            continue;
        if (gc_tags_add(to_set, new_tags->items[i].key, new_tags->items[i].value) != 0)
            return -1;
    }
    for (size_t i = 0; old_tags && i < old_tags->n; i++) {
        if (gc_tags_find(new_tags, old_tags->items[i].key))
            continue;
        if (gc_tags_add(to_remove, old_tags->items[i].key, old_tags->items[i].value) != 0)
            return -1;
    }
    return 0;
}
