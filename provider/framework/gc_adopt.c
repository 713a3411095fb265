#include "framework/gc_adopt.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"
#include "aws/gc_aws_op.h"
#include "aws/gc_retry.h"
#include "base/gc_log.h"

bool gc_adopt_is_uncertain(const struct gc_aws_error *err)
{
    /* throttling is retried by the client until its budget is spent, and every attempt was refused before AWS
     * acted: nothing to look up, and no reason to multiply the budget by sending the create again */
    if (err->code && gc_retry_is_throttling_code(err->code))
        return false;
    return err->http_status == 0 || err->http_status >= 500;
}

static int s_take_id(char **id, const char *found)
{
    free(*id);
    *id = gc_strdup(found);
    return *id ? 0 : -1;
}

int gc_adopt_call_for_id(struct gc_op *op, const struct gc_aws_op_def *def, const json_t *in, const char *id_path,
                         char **id, struct gc_aws_error *err)
{
    int result = -1;
    json_t *out = NULL;
    enum gc_aws_service svc = def->service->service;
    if (!in) {
        gc_aws_error_set(err, svc, def->name, "OutOfMemory", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call(op->aws, def, in, &out, err) != 0)
        goto cleanup;
    const char *found = gc_doc_str(out, id_path);
    if (!found) {
        gc_aws_error_set(err, svc, def->name, "InvalidAnswer", "the answer names no id");
        goto cleanup;
    }
    if (!(*id = gc_strdup(found))) {
        gc_aws_error_set(err, svc, def->name, "OutOfMemory", "could not keep the new id");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

int gc_adopt_token_tag(struct gc_tags *tags, const char *key, char token[37])
{
    if (gc_aws_new_token(token) != 0 || gc_tags_add(tags, key, token) != 0)
        return -1;
    return 0;
}

/* "a, b and c" for a diagnostic (owned, NULL on allocation failure). */
static char *s_join(const struct gc_strset *ids)
{
    size_t len = 1;
    for (size_t i = 0; i < ids->n; i++)
        len += strlen(ids->items[i]) + 5;
    char *text = calloc(len, 1);
    size_t at = 0;
    for (size_t i = 0; text && i < ids->n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == ids->n ? " and " : ", ";
        size_t n = strlen(sep), k = strlen(ids->items[i]);
        memcpy(text + at, sep, n);
        memcpy(text + at + n, ids->items[i], k);
        at += n + k;
    }
    return text;
}

int gc_adopt_create(struct gc_op *op, const struct gc_adopt_spec *spec)
{
    int result = -1;
    struct gc_aws_error err = {0}, lookup_err = {0};
    struct gc_strset ids = {0};
    char *names = NULL;
    for (int attempt = 1;; attempt++) {
        gc_aws_error_clean_up(&err);
        gc_aws_error_clean_up(&lookup_err);
        gc_strset_clean_up(&ids);
        if ((spec->create ? spec->create(op, spec->arg, &err)
                          : gc_adopt_call_for_id(op, spec->def, spec->in, spec->id_path, spec->id, &err)) == 0) {
            result = 0;
            goto cleanup;
        }
        if (!gc_adopt_is_uncertain(&err)) {
            gc_op_aws_error(op, &err); /* a definite answer: nothing was created */
            goto cleanup;
        }
        if (spec->lookup(op, spec->arg, &ids, &lookup_err) != 0) {
            GC_WARN("%s answered %s and the look-up of what it may have made failed (%s)", spec->operation,
                    err.code ? err.code : "?", lookup_err.code ? lookup_err.code : "?");
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        if (ids.n > 0)
            break;
        /* nothing carries the marker: AWS did not act, so sending the create again cannot make a second one */
        if (attempt >= GC_ADOPT_ATTEMPTS || gc_op_cancelled(op)) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        GC_WARN("%s answered %s and made no %s: sending it again (attempt %d of %d)", spec->operation,
                err.code ? err.code : "?", spec->what, attempt + 1, GC_ADOPT_ATTEMPTS);
    }
    if (ids.n > 1) {
        names = s_join(&ids);
        gc_diags_error_at(op->diags, NULL, "Several objects from one create",
                          "%s answered %s without a definite result, and %zu %ss carry this create's marker: %s. "
                          "gcnet adopts none of them; delete the extra ones (or import one) and apply again.",
                          spec->operation, err.code ? err.code : "an error", ids.n, spec->what,
                          names ? names : "(several)");
        goto cleanup;
    }
    GC_WARN("%s answered %s, but AWS made %s: adopting it", spec->operation, err.code ? err.code : "?", ids.items[0]);
    if ((spec->take ? spec->take(op, spec->arg, ids.items[0]) : s_take_id(spec->id, ids.items[0])) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = 0;
cleanup:
    free(names);
    gc_strset_clean_up(&ids);
    gc_aws_error_clean_up(&lookup_err);
    gc_aws_error_clean_up(&err);
    return result;
}
