/* The query protocol (STS): a query-string request (Key.member.N lists, Key.entry.N.key/value maps) and an XML
 * answer <OperationResponse><OperationResult>...; errors in <ErrorResponse><Error>. */
#include <stdlib.h>
#include <string.h>

#include "aws/gc_proto.h"
#include "aws/gc_xml.h"

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

/* The top-level walk: structures at the top are never flattened. */
static int s_walk(struct gc_query *q, struct gc_buf *key, const struct gc_shape *shape, const json_t *v,
                  struct gc_buf *text)
{
    return s_encode(q, key, shape, v, false, text);
}

static int s_query_encode(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                          struct gc_aws_error *err)
{
    return gc_proto_query_encode(op, input, s_walk, req, err);
}

static int s_query_decode(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t **out,
                          struct gc_aws_error *err)
{
    return gc_proto_xml_decode_answer(op, resp, op->result_wrapper, "member", out, err);
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
