/* The EC2 protocol: a query-string request (Action, Version, Key.N lists, queryName keys) and an XML answer
 * rooted at <OperationResponse> with <item> lists; errors in <Response><Errors><Error>. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_proto.h"
#include "aws/gc_xml.h"

static const char *const s_request_id_paths[] = {"requestId", "RequestID", "RequestId", NULL};

/* queryName, else locationName with its first letter upper-cased, else the member name. */
static int s_key_append(struct gc_buf *key, const struct gc_shape_member *m)
{
    if (key->len > 0 && gc_buf_append_byte(key, '.') != 0)
        return -1;
    if (m->query_name)
        return gc_buf_append_str(key, m->query_name);
    if (m->location_name && m->location_name[0]) {
        if (gc_buf_append_byte(key, (uint8_t)toupper((unsigned char)m->location_name[0])) != 0)
            return -1;
        return gc_buf_append_str(key, m->location_name + 1);
    }
    return gc_buf_append_str(key, m->name);
}

static int s_encode(struct gc_query *q, struct gc_buf *key, const struct gc_shape *shape, const json_t *v,
                    struct gc_buf *text)
{
    size_t old = key->len;
    int rc = 0;
    if (shape->type == GC_SHAPE_STRUCTURE) {
        for (size_t i = 0; rc == 0 && i < shape->n_members; i++) {
            const struct gc_shape_member *m = &shape->members[i];
            const json_t *mv = json_object_get(v, m->name);
            if (!mv)
                continue;
            rc = s_key_append(key, m) != 0 ? -1 : s_encode(q, key, m->shape, mv, text);
            key->len = old;
        }
    } else if (shape->type == GC_SHAPE_LIST) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            rc = gc_buf_printf(key, "%s%zu", key->len ? "." : "", i + 1) != 0
                     ? -1
                     : s_encode(q, key, shape->member, item, text);
            key->len = old;
            if (rc != 0)
                break;
        }
    } else if (shape->type == GC_SHAPE_MAP) {
        const char *k;
        json_t *item;
        size_t n = 0;
        json_object_foreach((json_t *)v, k, item)
        {
            n++;
            rc = gc_buf_printf(key, ".%zu.key", n) != 0 || gc_query_add(q, gc_buf_cstr(key), k) != 0 ? -1 : 0;
            key->len = old;
            if (rc == 0)
                rc = gc_buf_printf(key, ".%zu.value", n) != 0 ? -1 : s_encode(q, key, shape->value, item, text);
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

static int s_ec2_encode(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                        struct gc_aws_error *err)
{
    return gc_proto_query_encode(op, input, s_encode, req, err);
}

static int s_ec2_decode(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t **out,
                        struct gc_aws_error *err)
{
    return gc_proto_xml_decode_answer(op, resp, NULL, "item", out, err);
}

static int s_ec2_parse_error(struct gc_aws_error *err, const struct gc_http_response *resp)
{
    return gc_proto_xml_error(err, resp, "Errors/Error");
}

static char *s_ec2_request_id(const struct gc_http_response *resp)
{
    return gc_proto_xml_request_id(resp, s_request_id_paths);
}

const struct gc_proto_codec gc_proto_ec2 = {
    .name = "ec2",
    .proto = GC_AWS_PROTO_EC2,
    .encode = s_ec2_encode,
    .decode = s_ec2_decode,
    .parse_error = s_ec2_parse_error,
    .request_id = s_ec2_request_id,
};
