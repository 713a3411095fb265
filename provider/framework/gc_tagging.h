/* The tags gcnet puts on the AWS objects of a resource, and re-tagging them when the configuration changes.
 *
 * An object carries the resource's `tags_all` (the provider's default_tags and the resource's tags), gcnet's
 * bookkeeping pairs (keys under GC_TAG_PREFIX, never shown in tags/tags_all), and a Name: the user's own, or a
 * generated "<name>[-<suffix>]" marked with GC_TAG_NAME_GENERATED so that a read can tell it apart and a rename
 * of the resource renames its objects. */
#ifndef GC_TAGGING_H
#define GC_TAGGING_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/gc_tags.h"
#include "framework/gc_op.h"
#include "value/gc_value.h"

#define GC_TAG_PREFIX "gcnet:"
#define GC_TAG_NAME_GENERATED "gcnet:name-generated"
#define GC_TAG_CREATE_TOKEN "gcnet:create-token"
/* On a resource's first object from its create call until the create has made everything: an object carrying it
 * (and the resource's identity tags) but in no state is a create that never finished (the provider was killed),
 * which the next create takes over instead of refusing (hub: swept and rebuilt; resolver: adopted and finished). */
#define GC_TAG_CREATE_UNFINISHED "gcnet:create-unfinished"
#define GC_TAG_VALUE_MAX_CHARS 256 /* AWS's limit on a tag value, in characters */

struct gc_tag_pair {
    const char *key;
    const char *value; /* NULL: the pair is left out */
};

/* Adds to `out`: the `tags_all` map of `planned`, then `bookkeeping` (n pairs), then, when no Name is set,
 * Name = "<name>[-<suffix>]" ("gcnet" when `name` is NULL) and GC_TAG_NAME_GENERATED = "true". A Name longer than
 * GC_TAG_VALUE_MAX_CHARS has its name part cut at a character boundary, the suffix kept. 0 / -1. */
int gc_tagging_object_tags(struct gc_tags *out, const struct gc_value *planned, const struct gc_tag_pair *bookkeeping,
                           size_t n, const char *name, const char *suffix);

/* What a user sees of an object's tags: removes the GC_TAG_PREFIX keys, and Name when gcnet generated it. */
void gc_tagging_user_tags(struct gc_tags *tags);

/* A known map(string) value of `tags` (for tags_all in state). NULL on allocation failure. */
struct gc_value *gc_tagging_to_map(const struct gc_tags *tags);

/* True when the objects' tags may differ between `prior` and `planned`: tags_all, or the `name_attr` attribute
 * the generated Names come from (NULL: none), changed. */
bool gc_tagging_changed(const struct gc_value *prior, const struct gc_value *planned, const char *name_attr);

/* The provider's ignore_tags: true when `key` is one of its keys or starts with one of its prefixes. Such a tag
 * is neither planned (tags_all leaves it out) nor read (drift in it is not shown) nor changed by a re-tag. */
bool gc_tagging_ignored(const struct gc_provider *provider, const char *key);
/* A copy of the map(string) `map` without the ignored keys (an unknown or null map is copied as it is). */
struct gc_value *gc_tagging_without_ignored(const struct gc_provider *provider, const struct gc_value *map);

/* Builds one object's tags for a resource value (prior or planned). 0 / -1. */
typedef int gc_tagging_build_fn(struct gc_tags *out, const struct gc_value *resource, void *arg);
/* A service's tag update of one object: removes the keys gone from `new_tags`, sets the others (EC2
 * gc_ec2_tags_update, RAM gc_ram_share_tags_update). 0, or -1 with *err filled. */
typedef int gc_tagging_apply_fn(struct gc_aws_client *client, const char *id, const struct gc_tags *old_tags,
                                const struct gc_tags *new_tags, struct gc_aws_error *err);

/* Re-tags object `id` from its tags under `prior` to those under `planned`, both made by `build`. 0, or -1 with
 * a diagnostic. */
int gc_tagging_retag(struct gc_op *op, const char *id, const struct gc_value *prior, const struct gc_value *planned,
                     gc_tagging_build_fn *build, void *arg, gc_tagging_apply_fn *apply);

#endif
