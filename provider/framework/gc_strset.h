/* Borrowed sets of strings: views of the strings of a list or set value (or any array of strings), membership
 * and the difference between two sets (what to add and what to remove when a planned set replaces a prior
 * one, e.g. the principals of a RAM share).
 *
 * A struct gc_strset owns only its array of pointers; the strings stay owned by the value or array they come
 * from and must outlive the set. A zeroed struct is an empty, valid set. */
#ifndef GC_STRSET_H
#define GC_STRSET_H

#include <stdbool.h>
#include <stddef.h>

#include "value/gc_value.h"

struct gc_strset {
    const char **items;
    size_t n;
    size_t cap;
};

void gc_strset_init(struct gc_strset *set);
void gc_strset_clean_up(struct gc_strset *set);
/* Adds `s` (borrowed) unless it is NULL or already there. 0 / -1 (allocation). */
int gc_strset_add(struct gc_strset *set, const char *s);
/* Views of the known strings of a list or set value into a zeroed or empty `out` (null, unknown and non-string
 * elements are skipped; a null or unknown value gives an empty set). 0 / -1. */
int gc_strset_of_value(struct gc_strset *out, const struct gc_value *v);
/* Views of an array of strings (NULL entries skipped). 0 / -1. */
int gc_strset_of_array(struct gc_strset *out, const char *const *items, size_t n);
bool gc_strset_has(const struct gc_strset *set, const char *s);
/* `out` (zeroed or empty) gets the items of `a` that `b` lacks, in `a`'s order. 0 / -1. */
int gc_strset_minus(struct gc_strset *out, const struct gc_strset *a, const struct gc_strset *b);
/* Both directions at once: `added` = planned minus prior, `removed` = prior minus planned. 0 / -1. */
int gc_strset_diff(const struct gc_strset *prior, const struct gc_strset *planned, struct gc_strset *added,
                   struct gc_strset *removed);

#endif
