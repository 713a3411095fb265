#include "framework/gc_op.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/gc_aws_op.h"
#include "base/gc_log.h"

#define GC_WAIT_SLICE_MS 200

static int64_t s_real_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void s_real_sleep_ms(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int64_t (*s_now_ms)(void) = s_real_now_ms;
static void (*s_sleep_ms)(int64_t) = s_real_sleep_ms;

void gc_op_set_clock(int64_t (*now_ms)(void), void (*sleep_ms)(int64_t ms))
{
    s_now_ms = now_ms ? now_ms : s_real_now_ms;
    s_sleep_ms = sleep_ms ? sleep_ms : s_real_sleep_ms;
}

int64_t gc_op_now_ms(void)
{
    return s_now_ms();
}

bool gc_op_cancelled(const struct gc_op *op)
{
    return op->aws && gc_aws_client_cancelled(op->aws);
}

int gc_op_wait(struct gc_op *op, const char *what, gc_poll_fn *poll, void *arg)
{
    /* the first look again soon (an association or propagation is often done within a second, and an emulator
     * answers at once), then backing off as before: AWS's slow objects take minutes and are polled every 10 s */
    int64_t interval_ms = GC_WAIT_FIRST_MS;
    int64_t started = s_now_ms();
    for (int round = 0;; round++) {
        bool done = false;
        if (poll(op, arg, &done) != 0)
            return -1;
        if (done) {
            if (round > 0)
                GC_DEBUG("%s: done after %d polls, %lld ms", what, round + 1, (long long)(s_now_ms() - started));
            return 0;
        }
        if (gc_op_cancelled(op)) {
            gc_diags_add(op->diags, GC_SEV_ERROR, NULL, "Operation cancelled",
                         "Terraform asked the provider to stop while waiting for %s.", what);
            return -1;
        }
        int64_t now = s_now_ms();
        if (op->deadline_ms && now + interval_ms > op->deadline_ms) {
            gc_diags_add(op->diags, GC_SEV_ERROR, NULL, "Timed out",
                         "Waited %lld s for %s, the %s timeout of %s. If AWS is slow today, raise it in the "
                         "resource's timeouts { %s = \"…\" } block.",
                         (long long)((now - started) / 1000), what, op->timeout_kind ? op->timeout_kind : "operation",
                         op->type_name ? op->type_name : "this resource",
                         op->timeout_kind ? op->timeout_kind : "create");
            return -1;
        }
        /* sleep in slices so that StopProvider is noticed within a fraction of a second */
        for (int64_t slept = 0; slept < interval_ms && !gc_op_cancelled(op); slept += GC_WAIT_SLICE_MS)
            s_sleep_ms(interval_ms - slept < GC_WAIT_SLICE_MS ? interval_ms - slept : GC_WAIT_SLICE_MS);
        interval_ms = interval_ms < 1000 ? interval_ms * 2 : interval_ms * 3 / 2;
        if (interval_ms > GC_WAIT_MAX_MS)
            interval_ms = GC_WAIT_MAX_MS;
    }
}

int gc_op_set_private(struct gc_op *op, const void *bytes, size_t len)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    if (!copy)
        return -1;
    if (len > 0)
        memcpy(copy, bytes, len);
    free(op->private_next.bytes);
    op->private_next = (struct gc_private){.bytes = copy, .len = len};
    return 0;
}

void gc_op_aws_error(struct gc_op *op, const struct gc_aws_error *err)
{
    gc_aws_error_diag(op->diags, NULL, err);
}

int gc_op_call(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, json_t **out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_aws_error own = {0};
    struct gc_aws_error *e = err ? err : &own;
    json_t *answer = NULL;
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.", def->name);
        goto cleanup;
    }
    if (gc_aws_op_call(op->aws, def, in, &answer, e) != 0) {
        if (!err)
            gc_op_aws_error(op, e);
        goto cleanup;
    }
    if (out) {
        *out = answer;
        answer = NULL;
    }
    result = 0;
cleanup:
    json_decref(answer);
    json_decref(in);
    gc_aws_error_clean_up(&own);
    return result;
}

int gc_op_call_all(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, json_t **out)
{
    int result = -1;
    struct gc_aws_error err = {0};
    *out = NULL;
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.", def->name);
        goto cleanup;
    }
    if (gc_aws_op_call_all(op->aws, def, in, out, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(in);
    gc_aws_error_clean_up(&err);
    return result;
}

int gc_op_call_idempotent(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, const char *const *done_codes)
{
    struct gc_aws_error err = {0};
    int rc = gc_op_call(op, def, in, NULL, &err);
    for (size_t i = 0; rc != 0 && err.code && done_codes && done_codes[i]; i++)
        if (gc_aws_error_is(&err, done_codes[i]))
            rc = 0;
    if (rc != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}
