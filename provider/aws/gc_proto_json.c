/* The JSON protocol (1.0 / 1.1: Route 53 Resolver, ACM PCA, Direct Connect): POST / with X-Amz-Target
 * "<prefix>.<Operation>"; the body is the document itself, both ways; errors carry __type and message. */
#include <stdlib.h>
#include <string.h>

#include "aws/gc_proto.h"

static int s_json_encode(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                         struct gc_aws_error *err)
{
    int result = -1;
    json_t *wire = NULL;
    char *text = NULL;
    const struct gc_aws_service_def *svc = op->service;

    if (!svc->target_prefix) {
        gc_proto_fail(err, "InvalidArgument", "%s: the service table has no target prefix", op->name);
        goto cleanup;
    }
    if (op->input ? gc_proto_json_to_wire(op->input, input, true, false, &wire) != 0 : !(wire = json_object())) {
        gc_proto_fail(err, "RequestError", "out of memory");
        goto cleanup;
    }
    text = json_dumps(wire, JSON_COMPACT);
    size_t n = strlen(svc->target_prefix) + strlen(op->name) + 2;
    req->target = malloc(n);
    if (!text || !req->target || gc_buf_append_str(&req->body, text) != 0 ||
        gc_buf_append_str(&req->path_and_query, "/") != 0) {
        gc_proto_fail(err, "RequestError", "request too large or out of memory");
        goto cleanup;
    }
    snprintf(req->target, n, "%s.%s", svc->target_prefix, op->name);
    req->method = "POST";
    req->content_type = (svc->json_version && strcmp(svc->json_version, "1.0") == 0) ? "application/x-amz-json-1.0"
                                                                                     : "application/x-amz-json-1.1";
    result = 0;
cleanup:
    json_decref(wire);
    free(text);
    return result;
}

static int s_json_decode(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t **out,
                         struct gc_aws_error *err)
{
    int result = -1;
    json_t *wire = NULL;
    struct gc_proto_path path;

    *out = NULL;
    gc_proto_path_init(&path);
    if (gc_proto_json_body(resp, &wire, err) != 0)
        goto cleanup;
    if (!op->output) {
        *out = json_object();
        result = *out ? 0 : gc_proto_fail(err, "RequestError", "out of memory");
        goto cleanup;
    }
    result = gc_proto_json_from_wire(op->output, wire, true, false, &path, out, err);
cleanup:
    json_decref(wire);
    return result;
}

static int s_json_parse_error(struct gc_aws_error *err, const struct gc_http_response *resp)
{
    return gc_proto_json_error(err, resp, false);
}

const struct gc_proto_codec gc_proto_json = {
    .name = "json",
    .proto = GC_AWS_PROTO_JSON,
    .encode = s_json_encode,
    .decode = s_json_decode,
    .parse_error = s_json_parse_error,
    .request_id = gc_proto_header_request_id,
};
