#include "framework/gc_strset.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc_grow.h"

void gc_strset_init(struct gc_strset *set)
{
    memset(set, 0, sizeof(*set));
}

void gc_strset_clean_up(struct gc_strset *set)
{
    if (!set)
        return;
    free(set->items);
    memset(set, 0, sizeof(*set));
}

bool gc_strset_has(const struct gc_strset *set, const char *s)
{
    for (size_t i = 0; s && i < set->n; i++)
        if (strcmp(set->items[i], s) == 0)
            return true;
    return false;
}

int gc_strset_add(struct gc_strset *set, const char *s)
{
    if (!s || gc_strset_has(set, s))
        return 0;
    const char **items = gc_grow(set->items, set->n, &set->cap, sizeof *items, 8);
    if (!items)
        return -1;
    set->items = items;
    set->items[set->n++] = s;
    return 0;
}

int gc_strset_of_value(struct gc_strset *out, const struct gc_value *v)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < gc_value_length(v); i++)
        rc = gc_strset_add(out, gc_value_string(gc_value_index(v, i)));
    return rc;
}

int gc_strset_of_array(struct gc_strset *out, const char *const *items, size_t n)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && items && i < n; i++)
        rc = gc_strset_add(out, items[i]);
    return rc;
}

int gc_strset_minus(struct gc_strset *out, const struct gc_strset *a, const struct gc_strset *b)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < a->n; i++)
        if (!gc_strset_has(b, a->items[i]))
            rc = gc_strset_add(out, a->items[i]);
    return rc;
}

int gc_strset_diff(const struct gc_strset *prior, const struct gc_strset *planned, struct gc_strset *added,
                   struct gc_strset *removed)
{
    if (gc_strset_minus(added, planned, prior) != 0 || gc_strset_minus(removed, prior, planned) != 0)
        return -1;
    return 0;
}
