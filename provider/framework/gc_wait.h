/* Waiting for an AWS object to reach a status, or to be gone, on top of gc_op_wait (polling with backoff, the
 * operation's deadline and StopProvider):
 *
 *     static const char *const available[] = {"available", NULL};
 *     struct gc_wait_spec w = {.what = "transit gateway tgw-1", .target = available,
 *                              .status = s_tgw_status, .arg = &ctx};
 *     if (gc_wait_for(op, &w) != 0) goto cleanup;
 *
 * Each poll calls the resource's status function, which reads the object and answers its status, or NULL
 * when the object is gone. A status in `target` ends the wait; one in `failed` ends it with an error that
 * names the status and the object's reason when AWS gives one; one in `pending`, or any other status when
 * `pending` is NULL, keeps waiting; with a `pending` list, an unlisted status is an error naming it. A spec
 * without `target` waits until the object is gone. */
#ifndef GC_WAIT_H
#define GC_WAIT_H

#include <stdbool.h>

#include "framework/gc_op.h"

/* Reads the object's status: *status an owned string (NULL: the object is gone), *reason an owned failure
 * reason or NULL (only read when the status is a failed one). Returns 0, or -1 after adding a diagnostic. */
typedef int gc_wait_status_fn(struct gc_op *op, void *arg, char **status, char **reason);

struct gc_wait_spec {
    const char *what;           /* the object, for messages: "transit gateway tgw-0123" */
    const char *const *target;  /* NULL-terminated; NULL: wait until gone */
    const char *const *pending; /* NULL-terminated; NULL: every status not target or failed is pending */
    const char *const *failed;  /* NULL-terminated; NULL: gc_wait_failed_default */
    gc_wait_status_fn *status;
    void *arg;
    /* The status the write's own answer gave (NULL: none, or not kept): when it is a target status the wait ends
     * without a poll. AWS answers a new object "pending" / "associating", so against AWS the wait still polls. */
    const char *answered;
};

/* "failed", "rejected", and the upper-case forms of other services (FAILED, CREATE_FAILED, ...). */
extern const char *const gc_wait_failed_default[];

enum gc_wait_step {
    GC_WAIT_DONE,       /* target reached, or gone when waiting for that */
    GC_WAIT_PENDING,    /* keep polling */
    GC_WAIT_FAILED,     /* a failed status */
    GC_WAIT_UNEXPECTED, /* a status in no list (only with a pending list) */
};

/* The decision for one observed status (NULL: gone). Gone while waiting for a target is pending: AWS reads are
 * eventually consistent, so a new object may not be listed yet. */
enum gc_wait_step gc_wait_decide(const struct gc_wait_spec *spec, const char *status);

/* Polls until done. On failure an error diagnostic says what was awaited: the failed or unexpected status, the
 * deadline and the timeout to raise (gc_op_wait), or cancellation. */
int gc_wait_for(struct gc_op *op, const struct gc_wait_spec *spec);

/* Shorthand for a wait until gone. */
int gc_wait_gone(struct gc_op *op, const char *what, gc_wait_status_fn *status, void *arg);

#endif
