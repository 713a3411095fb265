/* The REST-JSON protocol (RAM): the request URI's labels, query string and headers from the members located
 * there, the other members as a JSON body keyed by locationName (else member name); the answer's JSON body
 * keyed the same way, plus header-located members; errors from x-amzn-ErrorType, then the body. */
#include <stdlib.h>
#include <string.h>

#include "aws/gc_proto.h"

static int s_rest_json_encode(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                              struct gc_aws_error *err)
{
    int result = -1;
    json_t *wire = NULL;
    char *text = NULL;

    if (gc_proto_rest_encode_http(op, input, req, err) != 0)
        goto cleanup;
    if (gc_proto_has_body_members(op->input)) {
        if (gc_proto_json_to_wire(op->input, input, true, true, &wire) != 0 ||
            !(text = json_dumps(wire, JSON_COMPACT)) || gc_buf_append_str(&req->body, text) != 0) {
            gc_proto_fail(err, "RequestError", "request too large or out of memory");
            goto cleanup;
        }
        req->content_type = "application/json";
    }
    result = 0;
cleanup:
    json_decref(wire);
    free(text);
    return result;
}

static int s_rest_json_decode(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t **out,
                              struct gc_aws_error *err)
{
    int result = -1;
    json_t *wire = NULL;
    json_t *doc = NULL;
    struct gc_proto_path path;

    *out = NULL;
    gc_proto_path_init(&path);
    if (gc_proto_json_body(resp, &wire, err) != 0)
        goto cleanup;
    if (!op->output) {
        doc = json_object();
        if (!doc) {
            gc_proto_fail(err, "RequestError", "out of memory");
            goto cleanup;
        }
    } else if (gc_proto_json_from_wire(op->output, wire, true, true, &path, &doc, err) != 0 ||
               gc_proto_rest_decode_http(op, resp, doc, err) != 0) {
        goto cleanup;
    }
    *out = doc;
    doc = NULL;
    result = 0;
cleanup:
    json_decref(doc);
    json_decref(wire);
    return result;
}

static int s_rest_json_parse_error(struct gc_aws_error *err, const struct gc_http_response *resp)
{
    return gc_proto_json_error(err, resp, true);
}

const struct gc_proto_codec gc_proto_rest_json = {
    .name = "rest-json",
    .proto = GC_AWS_PROTO_REST_JSON,
    .encode = s_rest_json_encode,
    .decode = s_rest_json_decode,
    .parse_error = s_rest_json_parse_error,
    .request_id = gc_proto_header_request_id,
};
