/* The query protocol (STS): a query-string request (Key.member.N lists, Key.entry.N.key/value maps) and an XML
 * answer <OperationResponse><OperationResult>...; errors in <ErrorResponse><Error>. */
#include <stdlib.h>
#include <string.h>

#include "aws/gc_proto.h"
#include "aws/gc_xml.h"

#define S_FORM_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

static const char *const s_request_id_paths[] = {"ResponseMetadata/RequestId", "RequestId", "RequestID", NULL};

static int s_encode(struct gc_query *q, struct gc_buf *key, const struct gc_shape *shape, const json_t *v,
                    bool flattened, struct gc_buf *text)
{
    size_t old = key->len;
    int rc = 0;
    const char *dot = key->len ? "." : "";
    if (shape->type == GC_SHAPE_STRUCTURE) {
        for (size_t i = 0; rc == 0 && i < shape->n_members; i++) {
            const struct gc_shape_member *m = &shape->members[i];
            const json_t *mv = json_object_get(v, m->name);
            if (!mv)
                continue;
            rc = gc_buf_printf(key, "%s%s", dot, gc_proto_wire_name(m)) != 0
                     ? -1
                     : s_encode(q, key, m->shape, mv, m->flattened || m->shape->flattened, text);
            key->len = old;
        }
    } else if (shape->type == GC_SHAPE_LIST) {
        size_t i;
        json_t *item;
        const char *member = shape->member_location_name ? shape->member_location_name : "member";
        if (json_array_size(v) == 0)
            rc = gc_query_add(q, gc_buf_cstr(key), "");
        json_array_foreach(v, i, item)
        {
            rc = (flattened ? gc_buf_printf(key, ".%zu", i + 1) : gc_buf_printf(key, ".%s.%zu", member, i + 1)) != 0
                     ? -1
                     : s_encode(q, key, shape->member, item, false, text);
            key->len = old;
            if (rc != 0)
                break;
        }
    } else if (shape->type == GC_SHAPE_MAP) {
        const char *k;
        json_t *item;
        size_t n = 0;
        const char *kname = shape->key_location_name ? shape->key_location_name : "key";
        const char *vname = shape->value_location_name ? shape->value_location_name : "value";
        json_object_foreach((json_t *)v, k, item)
        {
            n++;
            const char *entry = flattened ? "" : ".entry";
            rc = gc_buf_printf(key, "%s.%zu.%s", entry, n, kname) != 0 || gc_query_add(q, gc_buf_cstr(key), k) != 0 ? -1
                                                                                                                    : 0;
            key->len = old;
            if (rc == 0)
                rc = gc_buf_printf(key, "%s.%zu.%s", entry, n, vname) != 0
                         ? -1
                         : s_encode(q, key, shape->value, item, false, text);
            key->len = old;
            if (rc != 0)
                break;
        }
    } else {
        gc_buf_reset(text);
        rc = gc_proto_scalar_text(text, shape, v) != 0 ? -1 : gc_query_add(q, gc_buf_cstr(key), gc_buf_cstr(text));
    }
    key->len = old;
    return rc;
}

static int s_query_encode(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                          struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q;
    struct gc_buf key, text;

    gc_query_init(&q);
    gc_buf_init(&key, 1024);
    gc_buf_init(&text, (size_t)1 << 20);
    if (op->input && s_encode(&q, &key, op->input, input, false, &text) != 0) {
        gc_proto_fail(err, "InvalidArgument", "%s: the input cannot be written as query parameters", op->name);
        goto cleanup;
    }
    if (gc_query_encode(&req->body, op->name, op->service->api_version, &q) != 0 ||
        gc_buf_append_str(&req->path_and_query, "/") != 0) {
        gc_proto_fail(err, "RequestError", "request too large or out of memory");
        goto cleanup;
    }
    req->method = "POST";
    req->content_type = S_FORM_CONTENT_TYPE;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    gc_buf_clean_up(&key);
    gc_buf_clean_up_secure(&text);
    return result;
}

static int s_query_decode(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t **out,
                          struct gc_aws_error *err)
{
    int result = -1;
    xmlDoc *doc = NULL;
    struct gc_proto_path path;

    *out = NULL;
    gc_proto_path_init(&path);
    if (!op->output) {
        *out = json_object();
        result = *out ? 0 : gc_proto_fail(err, "RequestError", "out of memory");
        goto cleanup;
    }
    if (gc_proto_xml_body(resp, &doc, err) != 0)
        goto cleanup;
    xmlNode *node = gc_xml_root(doc);
    if (op->result_wrapper)
        node = gc_xml_child(node, op->result_wrapper);
    if (!node) {
        *out = json_object(); /* no <OperationResult>: nothing to read */
        result = *out ? 0 : gc_proto_fail(err, "RequestError", "out of memory");
        goto cleanup;
    }
    result = gc_proto_xml_decode(op->output, node, "member", true, &path, out, err);
cleanup:
    xmlFreeDoc(doc);
    return result;
}

static int s_query_parse_error(struct gc_aws_error *err, const struct gc_http_response *resp)
{
    return gc_proto_xml_error(err, resp, "Error");
}

static char *s_query_request_id(const struct gc_http_response *resp)
{
    return gc_proto_xml_request_id(resp, s_request_id_paths);
}

const struct gc_proto_codec gc_proto_query = {
    .name = "query",
    .proto = GC_AWS_PROTO_QUERY,
    .encode = s_query_encode,
    .decode = s_query_decode,
    .parse_error = s_query_parse_error,
    .request_id = s_query_request_id,
};
