/* Creating an object whose create call has no idempotency token, so that the AWS client does not retry it after
 * a 5xx or a lost answer, yet AWS may have made the object all the same. The create carries a marker (a tag
 * with a fresh token, gc_adopt_token_tag); when the create fails without a definite answer, the resource looks
 * objects up by that marker:
 *   - exactly one: it is adopted as the created object (logged as a warning naming it);
 *   - none: AWS did not act, so the create is sent again (at most GC_ADOPT_ATTEMPTS creates in all, each
 *     uncertain failure looked up first); after the last one the create's own error is reported;
 *   - several: an error names them all (nothing is adopted, so nothing is taken over blindly).
 * A definite answer (HTTP 1xx-4xx) is reported as it is. */
#ifndef GC_ADOPT_H
#define GC_ADOPT_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/gc_tags.h"
#include "framework/gc_op.h"
#include "framework/gc_strset.h"

/* The create call: 0 and the object stored in `arg`, or -1 with *err filled. */
typedef int gc_adopt_create_fn(struct gc_op *op, void *arg, struct gc_aws_error *err);
/* Finds the objects carrying the create's marker: adds their ids to `ids` (borrowed from what `arg` keeps, valid
 * until the caller's clean-up). 0, or -1 with *err filled. */
typedef int gc_adopt_lookup_fn(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err);
/* Makes the found object `id` (one of the lookup's ids) the created object in `arg`. 0 / -1. */
typedef int gc_adopt_take_fn(struct gc_op *op, void *arg, const char *id);

#define GC_ADOPT_ATTEMPTS 5

struct gc_adopt_spec {
    const char *operation; /* the create call, for messages: "CreateTransitGateway" */
    const char *what;      /* the object kind: "transit gateway" */
    gc_adopt_create_fn *create;
    gc_adopt_lookup_fn *lookup;
    gc_adopt_take_fn *take;
    void *arg;
    /* An object known by its id alone, with create and take left NULL: the create call is gc_adopt_call_for_id(def,
     * in, id_path, id) and an adopted object's id is copied into *id (what *id held is freed). */
    const struct gc_aws_op_def *def;
    const json_t *in;
    const char *id_path;
    char **id;
};

/* True when `err` leaves open whether AWS acted: no HTTP answer (transport error) or a 5xx, but not a throttling
 * code (AWS refused those before acting). */
bool gc_adopt_is_uncertain(const struct gc_aws_error *err);

/* A fresh token (UUID text) in `token`, added to `tags` under `key`. 0 / -1. */
int gc_adopt_token_tag(struct gc_tags *tags, const char *key, char token[37]);

/* The usual body of a create call: sends `def` with `in` (borrowed, so that the next attempt sends it again; NULL
 * counts as out of memory) and keeps the new object's id, read at `id_path` of the answer, in *id (owned). 0, or -1
 * with *err filled: AWS's error, OutOfMemory, or InvalidAnswer when the answer names no id. */
int gc_adopt_call_for_id(struct gc_op *op, const struct gc_aws_op_def *def, const json_t *in, const char *id_path,
                         char **id, struct gc_aws_error *err);

/* Creates, or adopts what an uncertain create left. 0, or -1 with an error diagnostic. */
int gc_adopt_create(struct gc_op *op, const struct gc_adopt_spec *spec);

#endif
