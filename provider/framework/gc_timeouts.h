/* The `timeouts { create, delete, update }` block every resource declares, defined once. The descriptions name
 * the resource's defaults, which must match the def's default_create_s/_update_s/_delete_s; with one default for
 * all three, GC_TIMEOUTS_MINUTES states it once for both:
 *
 *     GC_TIMEOUTS_MINUTES(s_timeouts_block, 30);
 *     GC_RESOURCE_BLOCK(s_block, s_attrs, s_timeouts_block, "What the resource is.");
 *     ...
 *     GC_RESOURCE_DEFINE(gc_resource_x, "gcnet_x", &s_block, s_timeouts_block);
 *
 * The framework reads the block when it sets an operation's deadline (gc_plan.c); it is config-only, so read
 * and import keep the prior value. */
#ifndef GC_TIMEOUTS_H
#define GC_TIMEOUTS_H

#include "framework/gc_schema.h"

#define GC_TIMEOUTS_DESCRIPTION "Operation timeouts."

/* Defines `static struct gc_block_def name` (and its attributes) with the given default durations (text such
 * as "30m"), attributes in schema order. */
#define GC_TIMEOUTS_BLOCK(name, create_default, update_default, delete_default)                                        \
    static const struct gc_attr_def name##_attrs[] = {                                                                 \
        {"create", &gc_type_string, GC_ATTR_OPTIONAL, "How long a create may take (default " create_default ").",      \
         gc_validate_duration, NULL},                                                                                  \
        {"delete", &gc_type_string, GC_ATTR_OPTIONAL, "How long a delete may take (default " delete_default ").",      \
         gc_validate_duration, NULL},                                                                                  \
        {"update", &gc_type_string, GC_ATTR_OPTIONAL, "How long an update may take (default " update_default ").",     \
         gc_validate_duration, NULL},                                                                                  \
    };                                                                                                                 \
    static struct gc_block_def name = {name##_attrs, 3, NULL, 0, GC_TIMEOUTS_DESCRIPTION, NULL}

/* GC_TIMEOUTS_BLOCK with one default of `minutes` (a number literal) for create, update and delete, and that default
 * in seconds as the constant `name##_default_s` (what GC_RESOURCE_DEFINE reads). */
#define GC_TIMEOUTS_MINUTES(name, minutes)                                                                             \
    enum { name##_default_s = (minutes)*60 };                                                                          \
    GC_TIMEOUTS_BLOCK(name, #minutes "m", #minutes "m", #minutes "m")

/* The nested-block entry for a block defined with GC_TIMEOUTS_BLOCK. */
#define GC_TIMEOUTS_NESTED(block)                                                                                      \
    {                                                                                                                  \
        "timeouts", GC_NEST_SINGLE, 0, 0, &(block), GC_ATTR_CONFIG_ONLY                                                \
    }

/* Defines `static struct gc_block_def name`, a resource's top-level block: the attribute array `attrs` (its length
 * taken from the array) and one nested block, `timeouts`, defined with GC_TIMEOUTS_BLOCK. */
#define GC_RESOURCE_BLOCK(name, attrs, timeouts, description)                                                          \
    static const struct gc_nested_def name##_nested[] = {GC_TIMEOUTS_NESTED(timeouts)};                                \
    static struct gc_block_def name = {(attrs), sizeof(attrs) / sizeof((attrs)[0]), name##_nested, 1, description, NULL}

#endif
