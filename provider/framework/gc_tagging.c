#include "framework/gc_tagging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_utf8.h"

/* "<name>-<suffix>" within AWS's 256 characters for a tag value: the name is cut (never inside a character) so
 * that the suffix, which tells the objects apart, stays whole. malloc'd; NULL when memory ran out. */
static char *s_generated_name(const char *name, const char *suffix)
{
    size_t name_len = strlen(name);
    size_t suffix_len = suffix ? strlen(suffix) : 0;
    size_t suffix_chars = suffix ? 1 + gc_utf8_count(suffix, suffix_len) : 0;
    size_t room = suffix_chars < GC_TAG_VALUE_MAX_CHARS ? GC_TAG_VALUE_MAX_CHARS - suffix_chars : 0;
    size_t keep = gc_utf8_prefix(name, name_len, room);
    char *full = malloc(keep + suffix_len + 2);
    if (!full)
        return NULL;
    snprintf(full, keep + suffix_len + 2, "%.*s%s%s", (int)keep, name, suffix ? "-" : "", suffix ? suffix : "");
    /* a suffix longer than the limit on its own (none is) is cut as well */
    full[gc_utf8_prefix(full, strlen(full), GC_TAG_VALUE_MAX_CHARS)] = '\0';
    return full;
}

int gc_tagging_object_tags(struct gc_tags *out, const struct gc_value *planned, const struct gc_tag_pair *bookkeeping,
                           size_t n, const char *name, const char *suffix)
{
    const struct gc_value *all = gc_value_object_get(planned, "tags_all");
    int rc = 0;
    for (size_t i = 0; gc_value_is_known(all) && !gc_value_is_null(all) && i < all->u.map.n; i++)
        rc |= gc_tags_add(out, all->u.map.keys[i], gc_value_string(all->u.map.vals[i]));
    for (size_t i = 0; i < n; i++)
        if (bookkeeping[i].value)
            rc |= gc_tags_add(out, bookkeeping[i].key, bookkeeping[i].value);
    if (!gc_tags_find(out, "Name")) {
        char *full = s_generated_name(name ? name : "gcnet", suffix);
        rc |= full ? gc_tags_add(out, "Name", full) : -1;
        rc |= gc_tags_add(out, GC_TAG_NAME_GENERATED, "true");
        free(full);
    }
    return rc ? -1 : 0;
}

void gc_tagging_user_tags(struct gc_tags *tags)
{
    bool generated = gc_tags_find(tags, GC_TAG_NAME_GENERATED) != NULL;
    for (size_t i = tags->n; i-- > 0;)
        if (strncmp(tags->items[i].key, GC_TAG_PREFIX, strlen(GC_TAG_PREFIX)) == 0)
            gc_tags_remove(tags, tags->items[i].key);
    if (generated)
        gc_tags_remove(tags, "Name");
}

struct gc_value *gc_tagging_to_map(const struct gc_tags *tags)
{
    struct gc_value *map = gc_value_new_collection(&gc_type_map_string);
    for (size_t i = 0; map && i < tags->n; i++) {
        if (gc_value_map_put(map, tags->items[i].key, gc_value_new_string(tags->items[i].value)) != 0) {
            gc_value_free(map);
            map = NULL;
        }
    }
    return map;
}

bool gc_tagging_changed(const struct gc_value *prior, const struct gc_value *planned, const char *name_attr)
{
    if (!gc_value_equal(gc_value_object_get(prior, "tags_all"), gc_value_object_get(planned, "tags_all")))
        return true;
    return name_attr && !gc_value_equal(gc_value_object_get(prior, name_attr), gc_value_object_get(planned, name_attr));
}

bool gc_tagging_ignored(const struct gc_provider *provider, const char *key)
{
    if (!provider || !key)
        return false;
    for (size_t i = 0; i < provider->n_ignore_tag_keys; i++)
        if (strcmp(provider->ignore_tag_keys[i], key) == 0)
            return true;
    for (size_t i = 0; i < provider->n_ignore_tag_prefixes; i++)
        if (strncmp(provider->ignore_tag_prefixes[i], key, strlen(provider->ignore_tag_prefixes[i])) == 0)
            return true;
    return false;
}

struct gc_value *gc_tagging_without_ignored(const struct gc_provider *provider, const struct gc_value *map)
{
    if (!map || gc_value_is_null(map) || !gc_value_is_wholly_known(map))
        return map ? gc_value_copy(map) : NULL;
    struct gc_value *out = gc_value_new_collection(&gc_type_map_string);
    for (size_t i = 0; out && i < map->u.map.n; i++) {
        if (gc_tagging_ignored(provider, map->u.map.keys[i]))
            continue;
        if (gc_value_map_put(out, map->u.map.keys[i], gc_value_copy(map->u.map.vals[i])) != 0) {
            gc_value_free(out);
            out = NULL;
        }
    }
    return out;
}

/* Drops the ignored keys from a re-tag's both sides, so that it neither adds nor removes them. */
static void s_drop_ignored(const struct gc_provider *provider, struct gc_tags *tags)
{
    for (size_t i = tags->n; i-- > 0;)
        if (gc_tagging_ignored(provider, tags->items[i].key))
            gc_tags_remove(tags, tags->items[i].key);
}

int gc_tagging_retag(struct gc_op *op, const char *id, const struct gc_value *prior, const struct gc_value *planned,
                     gc_tagging_build_fn *build, void *arg, gc_tagging_apply_fn *apply)
{
    int result = -1;
    struct gc_tags old_tags = {0}, new_tags = {0};
    struct gc_aws_error err = {0};
    if (build(&old_tags, prior, arg) != 0 || build(&new_tags, planned, arg) != 0) {
        gc_diags_error_at(op->diags, NULL, "Cannot compute tags", "Out of memory while re-tagging %s.", id);
        goto cleanup;
    }
    s_drop_ignored(op->provider, &old_tags);
    s_drop_ignored(op->provider, &new_tags);
    if (apply(op->aws, id, &old_tags, &new_tags, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_tags_clean_up(&old_tags);
    gc_tags_clean_up(&new_tags);
    return result;
}
