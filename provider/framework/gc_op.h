/* What a CRUD step runs with: the configured provider, a deadline from the resource's timeouts, the
 * diagnostics of the call, and shared waiting (poll until done, deadline or StopProvider). */
#ifndef GC_OP_H
#define GC_OP_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_model.h"
#include "base/gc_buf.h"
#include "base/gc_diag.h"
#include "value/gc_value.h"

struct gc_read_cache;
struct gc_journal;

/* The configured provider instance (built by ConfigureProvider, shared by all calls of the process). */
struct gc_provider {
    struct gc_aws_client *aws;
    struct gc_value *default_tags; /* map(string), never NULL after configure (maybe empty) */
    char *region;
    char **ignore_tag_keys; /* ignore_tags { keys }: neither planned nor read (gc_tagging_ignored) */
    size_t n_ignore_tag_keys;
    char **ignore_tag_prefixes; /* ignore_tags { key_prefixes } */
    size_t n_ignore_tag_prefixes;
    struct gc_read_cache *read_cache; /* describes shared by the resources of one hub (gc_read_cache.h); NULL: none */
    struct gc_journal *journal;       /* the working directory's create journal (gc_journal.h); NULL: none */
};

/* New private bytes of an instance, as a read set them (gc_op_set_private). bytes NULL: the read set none, and
 * Terraform's stored bytes stay (the caller echoes them); set, bytes is never NULL, even for len 0. Owned:
 * free(bytes). */
struct gc_private {
    uint8_t *bytes;
    size_t len;
};

struct gc_op {
    struct gc_provider *provider;
    struct gc_aws_client *aws;
    struct gc_diags *diags;
    const char *type_name;
    int64_t deadline_ms;      /* monotonic; 0: none */
    int64_t timeout_s;        /* for messages */
    const char *timeout_kind; /* "create", "update", "delete", "read" */
    /* A read's private bytes (gc_read_resource_private; empty in every other step): what Terraform stored with the
     * instance (borrowed; len 0: none), and what to store instead, set with gc_op_set_private (owned; unset: the
     * stored bytes stay). Only the read's own op carries them: gc_parallel_run's steps see neither. */
    struct gc_span private_prior;
    struct gc_private private_next;
};

/* Test seam for waits: the monotonic clock in ms and the sleep. NULL restores the real ones. */
void gc_op_set_clock(int64_t (*now_ms)(void), void (*sleep_ms)(int64_t ms));
int64_t gc_op_now_ms(void);

/* One poll: set *done when the wait is over. Return 0, or -1 with a diagnostic (stops the wait). */
typedef int gc_poll_fn(struct gc_op *op, void *arg, bool *done);

/* The pause before the second poll, and the longest pause. */
#define GC_WAIT_FIRST_MS 200
#define GC_WAIT_MAX_MS 10000

/* Polls at once, then after pauses of 0.2, 0.4, 0.8, 1.6 s (doubling while under 1 s), then ×1.5 up to 10 s, until
 * done, the deadline (an error diagnostic that names `what` and the timeout to raise) or cancellation (StopProvider).
 * `what` is read again for that message, so a poll may rewrite the text it points to (what is still pending). */
int gc_op_wait(struct gc_op *op, const char *what, gc_poll_fn *poll, void *arg);
bool gc_op_cancelled(const struct gc_op *op);

/* In a read: the instance's private bytes to store instead of the prior ones (copied; len 0 clears them). 0, or -1
 * when memory ran out (the prior bytes then stay). Terraform keeps them with the state, hands them to the next
 * plan's read, and never shows them: a resource's own memo, never a fact of the state. */
int gc_op_set_private(struct gc_op *op, const void *bytes, size_t len);

/* Adds an AWS failure as a diagnostic on the resource (no attribute path). */
void gc_op_aws_error(struct gc_op *op, const struct gc_aws_error *err);

/* One AWS call of a step: `in` is consumed (NULL counts as an allocation failure and is reported); the answer
 * into *out when `out` is given. On failure adds the AWS error as a diagnostic, unless `err` is given: then it
 * is filled for the caller to judge (a not-found or already-done code). */
int gc_op_call(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, json_t **out, struct gc_aws_error *err);
/* The same for every page of a paged operation (the pages' lists joined in *out); failures are reported. */
int gc_op_call_all(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, json_t **out);
/* gc_op_call of a change that may have been made already: an AWS error whose code is one of `done_codes`
 * (NULL-terminated; e.g. "InvalidPermission.Duplicate" for an authorize) counts as success. */
int gc_op_call_idempotent(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, const char *const *done_codes);

#endif
