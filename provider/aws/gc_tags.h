/* Resource tags as plain key/value pairs, shared by every AWS service wrapper (EC2 tagSet, RAM tags, ...).
 *
 * A struct gc_tags owns its keys and values. Keys are unique: gc_tags_add replaces the value of an existing
 * key. A zeroed struct is an empty, valid list. */
#ifndef GC_TAGS_H
#define GC_TAGS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct gc_tag {
    char *key;
    char *value; /* never NULL once added ("" for an empty value) */
};

struct gc_tags {
    struct gc_tag *items;
    size_t n;
    size_t cap;
};

void gc_tags_init(struct gc_tags *tags);
void gc_tags_clean_up(struct gc_tags *tags);
/* Adds key=value (copies both; NULL value stores ""), or replaces the value if the key exists. 0 / -1. */
int gc_tags_add(struct gc_tags *tags, const char *key, const char *value);
/* Adds each {"Key", "Value"} item of an AWS tag list (a decoded answer's "Tags"; NULL or not a list adds nothing;
 * an item without a Key is passed over, one without a Value stores ""). 0 / -1 when memory runs out. */
int gc_tags_add_list(struct gc_tags *tags, const json_t *list);
/* Removes `key` if present; returns true if it was there. */
bool gc_tags_remove(struct gc_tags *tags, const char *key);
/* The value (borrowed) for `key`, or NULL. */
const char *gc_tags_find(const struct gc_tags *tags, const char *key);
/* Same set of key=value pairs, in any order. NULL counts as empty. */
bool gc_tags_equal(const struct gc_tags *a, const struct gc_tags *b);
/* Sorts by key (byte order), for stable output. */
void gc_tags_sort(struct gc_tags *tags);
/* Deep copy into a cleaned-up or zeroed `out` (replaced). NULL `in` copies nothing. 0 / -1. */
int gc_tags_copy(struct gc_tags *out, const struct gc_tags *in);
/* What turns `old_tags` into `new_tags`: `to_set` gets every pair that is new or changed, `to_remove` every
 * key of `old_tags` missing from `new_tags` (value copied from old). Both outputs must be empty on entry. */
int gc_tags_diff(const struct gc_tags *old_tags, const struct gc_tags *new_tags, struct gc_tags *to_set,
                 struct gc_tags *to_remove);

#endif
