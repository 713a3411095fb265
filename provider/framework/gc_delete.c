#include "framework/gc_delete.h"

#include <stdio.h>
#include <string.h>

const struct gc_delete_retry gc_delete_retry_default[] = {
    {"DependencyViolation", NULL},
    {"IncorrectState", NULL},
    {"ResourceInUseException", NULL},
    {"ResourceInUse", NULL},
    {NULL, NULL},
};

static bool s_ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

bool gc_delete_is_not_found(const struct gc_aws_error *err)
{
    const char *code = err ? err->code : NULL;
    if (!code)
        return false;
    return s_ends_with(code, "NotFound") || s_ends_with(code, "NotFoundException") || strncmp(code, "NoSuch", 6) == 0;
}

bool gc_delete_is_retryable(const struct gc_delete_retry *retry, const struct gc_aws_error *err)
{
    for (size_t i = 0; retry && err && err->code && retry[i].code; i++) {
        if (strcmp(retry[i].code, err->code) != 0)
            continue;
        if (!retry[i].message_contains || (err->message && strstr(err->message, retry[i].message_contains)))
            return true;
    }
    return false;
}

/* One attempt: accepted or not found ends the retries, "in use" waits for the next one, anything else fails. */
static int s_attempt(struct gc_op *op, void *arg, bool *done)
{
    const struct gc_delete_spec *spec = arg;
    struct gc_aws_error err = {0};
    bool (*not_found)(const struct gc_aws_error *) = spec->is_not_found ? spec->is_not_found : gc_delete_is_not_found;
    int rc = spec->delete (op, spec->arg, &err);
    *done = rc == 0;
    if (rc != 0 && not_found(&err)) {
        *done = true;
        rc = 0;
    } else if (rc != 0 && gc_delete_is_retryable(spec->retry ? spec->retry : gc_delete_retry_default, &err)) {
        rc = 0;
    } else if (rc != 0) {
        gc_op_aws_error(op, &err);
    }
    gc_aws_error_clean_up(&err);
    return rc;
}

int gc_delete_object(struct gc_op *op, const struct gc_delete_spec *spec)
{
    char text[300];
    snprintf(text, sizeof text, "%s to be deleted (AWS still reports dependencies)",
             spec->what ? spec->what : "the object");
    if (gc_op_wait(op, text, s_attempt, (void *)spec) != 0)
        return -1;
    return spec->wait_gone ? gc_wait_for(op, spec->wait_gone) : 0;
}
