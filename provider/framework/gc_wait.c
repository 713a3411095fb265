#include "framework/gc_wait.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gc_wait_failed_default[] = {"failed",        "rejected",      "FAILED",        "REJECTED",
                                              "CREATE_FAILED", "DELETE_FAILED", "UPDATE_FAILED", NULL};

static bool s_in(const char *const *list, const char *s)
{
    for (size_t i = 0; list && s && list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

enum gc_wait_step gc_wait_decide(const struct gc_wait_spec *spec, const char *status)
{
    if (!status)
        return spec->target ? GC_WAIT_PENDING : GC_WAIT_DONE;
    if (spec->target && s_in(spec->target, status))
        return GC_WAIT_DONE;
    if (s_in(spec->failed ? spec->failed : gc_wait_failed_default, status))
        return GC_WAIT_FAILED;
    if (!spec->pending || s_in(spec->pending, status))
        return GC_WAIT_PENDING;
    return GC_WAIT_UNEXPECTED;
}

static int s_poll(struct gc_op *op, void *arg, bool *done)
{
    const struct gc_wait_spec *spec = arg;
    char *status = NULL, *reason = NULL;
    int result = -1;
    if (spec->status(op, spec->arg, &status, &reason) != 0)
        goto cleanup;
    enum gc_wait_step step = gc_wait_decide(spec, status);
    *done = step == GC_WAIT_DONE;
    if (step == GC_WAIT_FAILED) {
        gc_diags_error_at(op->diags, NULL, "AWS object failed", "%s entered state \"%s\"%s%s.", spec->what, status,
                          reason ? ": " : "", reason ? reason : "");
        goto cleanup;
    }
    if (step == GC_WAIT_UNEXPECTED) {
        gc_diags_error_at(op->diags, NULL, "Unexpected AWS object state",
                          "%s entered state \"%s\" while gcnet waited for it to become %s.", spec->what, status,
                          spec->target[0]);
        goto cleanup;
    }
    result = 0;
cleanup:
    free(status);
    free(reason);
    return result;
}

int gc_wait_for(struct gc_op *op, const struct gc_wait_spec *spec)
{
    if (spec->target && spec->answered && gc_wait_decide(spec, spec->answered) == GC_WAIT_DONE)
        return 0; /* the write's own answer is already the target: no look needed to confirm it (issue 9 §2) */
    char text[300];
    snprintf(text, sizeof text, "%s to become %s", spec->what ? spec->what : "the object",
             spec->target && spec->target[0] ? spec->target[0] : "deleted");
    return gc_op_wait(op, text, s_poll, (void *)spec);
}

int gc_wait_gone(struct gc_op *op, const char *what, gc_wait_status_fn *status, void *arg)
{
    struct gc_wait_spec spec = {.what = what, .status = status, .arg = arg};
    return gc_wait_for(op, &spec);
}
