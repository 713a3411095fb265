/* Typed calls: the steps the typed service layers (gc_ec2.c, gc_ram.c) share. A request is a document
 * (gc_aws_op.h); an answer fills structs described by a binding table (gc_aws_bind.h).
 *
 * A `struct gc_typed_kind` says how one kind of object is listed (the paged operation, the answer's list), what
 * makes one whole (its id is present) and which state means it is gone. With it, one call, list, get and delete
 * serve every kind. Every function returns 0, or -1 with *err filled: "InvalidArgument" for a missing id or a
 * request that could not be built (`in` NULL), "InvalidResponse" for an answer that does not fill the struct. */
#ifndef GC_AWS_TYPED_H
#define GC_AWS_TYPED_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_bind.h"
#include "aws/gc_aws_model.h"
#include "aws/gc_tags.h"

struct gc_typed_kind {
    const struct gc_aws_op_def *list_op; /* the paged describe that answers a list of them */
    const char *result_key;              /* the answer's list: "TransitGateways", "resourceShares" */
    const struct gc_bind_type *type;
    size_t id_offset;                   /* of the `char *` a whole object carries (its id) */
    size_t state_offset;                /* of its `char *` state */
    bool (*is_gone)(const char *state); /* a state that means deleted */
    bool (*is_whole)(const void *obj);  /* NULL: the id is present */
};

/* Calls `op` with `in` (consumed; NULL: it could not be built). If `out` is non-NULL it is cleaned up first and
 * then filled from the answer's `member`. */
int gc_typed_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, json_t *in, const char *member,
                  const struct gc_typed_kind *kind, void *out, struct gc_aws_error *err);

/* Every page of kind->list_op for `in` (consumed), appended to *items_io / *n_io (an array of kind->type).
 * Objects whose state is gone are dropped unless `include_gone`. On failure the array is freed and zeroed. */
int gc_typed_list(struct gc_aws_client *c, const struct gc_typed_kind *kind, json_t *in, bool include_gone,
                  void **items_io, size_t *n_io, struct gc_aws_error *err);

/* The object whose id is `id`, listed with `in` (consumed). `id` may point into `out` (refreshing in place).
 * A not-found code, an empty answer or a gone state give *found = false and 0 (a gone object stays in `out`). */
int gc_typed_get(struct gc_aws_client *c, const struct gc_typed_kind *kind, json_t *in, const char *id, void *out,
                 bool *found, struct gc_aws_error *err);

/* Deletes the object `id` with `op` and `in` (consumed); a not-found code counts as done. */
int gc_typed_delete(struct gc_aws_client *c, const struct gc_aws_op_def *op, json_t *in, const char *id,
                    struct gc_aws_error *err);

/* ---- request documents ---- */

/* ["a", "b", ...], or NULL (out of memory or a NULL item). */
json_t *gc_typed_strings(const char *const *items, size_t n);
/* [{<key_name>: key, <value_name>: value}, ...] (a NULL value is sent as ""); `value_name` NULL: [{<key_name>:
 * key}, ...]; `key_name` NULL too: [key, ...]. NULL on failure. */
json_t *gc_typed_tags(const struct gc_tags *tags, const char *key_name, const char *value_name);
/* Sets obj[key] = value; `value` NULL (it could not be built) fails. The value is consumed either way. */
int gc_typed_set(json_t *obj, const char *key, json_t *value);
/* `in` when every `rc` was 0, else NULL with `in` released: for requests built in steps. */
json_t *gc_typed_built(json_t *in, int rc);

#endif
