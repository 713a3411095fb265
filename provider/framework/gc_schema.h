/* Declarative schemas: a resource, data source or the provider itself is a table of attribute and nested-block
 * definitions. The framework derives everything else from these tables: the wire schema, the value types,
 * validation, the plan rules (defaults, computed values, forced replacement), import and state handling.
 *
 * Definitions are static const data in each resource file; gc_schema_prepare() builds the cty object types
 * once at start-up. */
#ifndef GC_SCHEMA_H
#define GC_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/gc_diag.h"
#include "value/gc_value.h"

struct gc_plan_ctx;

enum gc_attr_flags {
    GC_ATTR_REQUIRED = 1u << 0,
    GC_ATTR_OPTIONAL = 1u << 1,
    GC_ATTR_COMPUTED = 1u << 2,
    GC_ATTR_SENSITIVE = 1u << 3,
    GC_ATTR_FORCE_NEW = 1u << 4,   /* a change replaces the object */
    GC_ATTR_STABLE = 1u << 5,      /* computed value keeps its prior value across in-place updates */
    GC_ATTR_CONFIG_ONLY = 1u << 6, /* not readable from AWS: read and import keep the prior value */
    GC_ATTR_TAGS = 1u << 7,        /* the `tags` map: merged with the provider's default_tags into tags_all */
    GC_ATTR_TAGS_ALL = 1u << 8,    /* the computed `tags_all` map */
};

/* Checks a known, non-null value. `path` locates it (for diagnostics). Returns 0 or -1. */
typedef int gc_validate_fn(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags);
/* The value an optional+computed attribute takes when the configuration leaves it null. `config` is the
 * whole resource configuration (may hold unknowns). Returns an owned value: an unknown one when there is no default
 * yet (it is left "known after apply"); NULL only when memory ran out (the plan then fails). */
typedef struct gc_value *gc_default_fn(const struct gc_plan_ctx *ctx, const struct gc_value *config);

struct gc_attr_def {
    const char *name;
    const struct gc_type *type;
    unsigned flags;
    const char *description;
    gc_validate_fn *validate;
    gc_default_fn *default_value;
};

enum gc_nesting {
    GC_NEST_SINGLE = 1,
    GC_NEST_LIST = 2,
    GC_NEST_SET = 3,
    GC_NEST_MAP = 4,
    GC_NEST_GROUP = 5,
};

struct gc_block_def;

struct gc_nested_def {
    const char *name;
    enum gc_nesting nesting;
    int64_t min_items;
    int64_t max_items;
    const struct gc_block_def *block;
    unsigned flags; /* GC_ATTR_FORCE_NEW / GC_ATTR_CONFIG_ONLY apply to the whole block */
};

struct gc_block_def {
    const struct gc_attr_def *attrs;
    size_t n_attrs;
    const struct gc_nested_def *blocks;
    size_t n_blocks;
    const char *description;
    /* Built by gc_schema_prepare: the object type of a value of this block. */
    struct gc_type *type;
};

/* Builds the object types of a block tree (idempotent). */
int gc_schema_prepare(struct gc_block_def *block);
const struct gc_attr_def *gc_block_attr(const struct gc_block_def *block, const char *name);
const struct gc_nested_def *gc_block_nested(const struct gc_block_def *block, const char *name);

/* Validates a configuration against the block: refuses a NUL character in any known string (attributes of every
 * type, nested blocks, map keys' values, list elements), then runs each attribute's validator on known values
 * (also inside nested blocks), with paths. Unknown values are skipped (they are checked again at apply). */
int gc_schema_validate(const struct gc_block_def *block, const struct gc_value *config, struct gc_diags *diags);

/* ---- shared validators ---- */
gc_validate_fn gc_validate_ipv4_cidr;   /* "10.0.0.0/16", prefix /16../28 for a VPC, network address */
gc_validate_fn gc_validate_private_asn; /* 64512-65534 or 4200000000-4294967294 */
gc_validate_fn gc_validate_account_id;  /* 12 digits; on each element of a set/list */
gc_validate_fn gc_validate_duration;    /* Go duration: "30m", "1h30m", "90s" */
gc_validate_fn gc_validate_az_japan;    /* ap-northeast-1a/c/d, ap-northeast-3a/b/c */
gc_validate_fn gc_validate_name;        /* 1..255 printable characters (code points, as AWS counts) */
gc_validate_fn gc_validate_tags;        /* keys 1..128, values 0..256 characters, no "aws:"/"gcnet:" prefix */
/* A whole number from lo to hi; `what` names it in the error ("validity_days (the certificate's lifetime)"). For
 * an attribute's own validator to call with its bounds. */
int gc_validate_int_range(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags, int64_t lo,
                          int64_t hi, const char *what);
/* Whether `s` is an AWS id of the kind `prefix` names: the prefix, then 8 to 32 lower-case hex digits (tgw-…,
 * tgw-attach-…, vpc-…, vpn-…). For validators and imports, so that "tgw-attach-…" is not taken for a "tgw-". */
bool gc_schema_is_aws_id(const char *s, const char *prefix);

/* ---- shared defaults ---- */
gc_default_fn gc_default_false; /* false */
gc_default_fn gc_default_true;  /* true */

/* Tags a user may put on one object: AWS allows 50 per object and gcnet keeps 10 for its own (gcnet:* keys, the
 * generated Name). Checked on `tags` alone at validation and on tags + default_tags (tags_all) at plan. */
#define GC_TAGS_USER_MAX 40

/* Parses a Go duration ("1h30m", "45s") into seconds; -1 on syntax error. */
int64_t gc_duration_parse(const char *text);

#endif
