/* The hand-written part of the shape tables (gc_aws_model.h); the tables themselves are gc_aws_ops.c. */
#include "aws/gc_aws_model.h"

#include <string.h>

const struct gc_shape_member *gc_shape_member_find(const struct gc_shape *shape, const char *name)
{
    const struct gc_shape_member *result = NULL;

    if (!shape || !name || shape->type != GC_SHAPE_STRUCTURE)
        goto cleanup;
    for (size_t i = 0; i < shape->n_members; i++) {
        if (strcmp(shape->members[i].name, name) == 0) {
            result = &shape->members[i];
            goto cleanup;
        }
    }
cleanup:
    return result;
}

const char *gc_aws_op_http_method(const struct gc_aws_op_def *op)
{
    return op->http_method ? op->http_method : "POST";
}

const char *gc_aws_op_request_uri(const struct gc_aws_op_def *op)
{
    return op->request_uri ? op->request_uri : "/";
}
