/* Deleting an AWS object that may still be in use: AWS refuses while something depends on it
 * (DependencyViolation) or while it is changing state (IncorrectState, ResourceInUseException, ...). The
 * delete is tried again with gc_op_wait's backoff until it is accepted, the operation's deadline or
 * cancellation. An answer that the object does not exist counts as deleted. Then, optionally, the object is
 * awaited until gone (gc_wait.h).
 *
 *     struct gc_delete_spec d = {"subnet subnet-1", s_delete_subnet, &ctx, NULL, NULL, NULL};
 *     if (gc_delete_object(op, &d) != 0) goto cleanup;
 */
#ifndef GC_DELETE_H
#define GC_DELETE_H

#include <stdbool.h>

#include "framework/gc_op.h"
#include "framework/gc_wait.h"

/* One delete request. Returns 0 when AWS accepted it, else -1 with *err filled. */
typedef int gc_delete_fn(struct gc_op *op, void *arg, struct gc_aws_error *err);

/* An AWS answer that means "still in use, try again": the error code and, when set, a text the message must
 * contain (services such as Route 53 Resolver use one generic code for many causes). */
struct gc_delete_retry {
    const char *code;
    const char *message_contains; /* NULL: any message */
};

struct gc_delete_spec {
    const char *what; /* the object, for messages: "subnet subnet-0123" */
    gc_delete_fn *delete;
    void *arg;
    const struct gc_delete_retry *retry; /* terminated by {NULL, NULL}; NULL: gc_delete_retry_default */
    bool (*is_not_found)(const struct gc_aws_error *err); /* NULL: gc_delete_is_not_found */
    const struct gc_wait_spec *wait_gone;                 /* NULL: no wait after the delete */
};

/* DependencyViolation, IncorrectState, ResourceInUseException, ResourceInUse. */
extern const struct gc_delete_retry gc_delete_retry_default[];

/* True for the usual not-found codes: "*.NotFound", "*NotFound", "NotFoundException", "ResourceNotFoundException",
 * "NoSuch*". */
bool gc_delete_is_not_found(const struct gc_aws_error *err);
/* True when `err` matches one entry of `retry`. */
bool gc_delete_is_retryable(const struct gc_delete_retry *retry, const struct gc_aws_error *err);

/* Deletes the object, retrying while it is in use, then waits until gone when `wait_gone` is set. 0, or -1 with
 * a diagnostic (the AWS error, or the deadline naming the object and the delete timeout). */
int gc_delete_object(struct gc_op *op, const struct gc_delete_spec *spec);

#endif
