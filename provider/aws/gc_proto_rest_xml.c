/* The REST-XML protocol (Route 53): the request URI's labels, query string and headers from the members located
 * there, the other members as an XML body (root element = the input's locationName, xmlns = the service's
 * namespace; every text escaped by gc_xml_escape); the answer's XML root, plus header-located members;
 * errors in <ErrorResponse><Error>. */
#include <stdlib.h>
#include <string.h>

#include "aws/gc_proto.h"
#include "aws/gc_xml.h"

static const char *const s_request_id_paths[] = {"RequestId", "ResponseMetadata/RequestId", NULL};

/* "<name>", "</name>" (names come from the tables: nothing to escape) */
static int s_tag(struct gc_buf *out, const char *name, bool end)
{
    return gc_buf_append_str(out, end ? "</" : "<") != 0 || gc_buf_append_str(out, name) != 0 ||
                   gc_buf_append_str(out, ">") != 0
               ? -1
               : 0;
}

/* <name>escaped text</name> */
static int s_element(struct gc_buf *out, const char *name, const char *text)
{
    return s_tag(out, name, false) != 0 || gc_xml_escape(out, text, false) != 0 || s_tag(out, name, true) != 0 ? -1 : 0;
}

static int s_write(struct gc_buf *out, const char *name, const struct gc_shape *shape, const json_t *v,
                   struct gc_buf *text);

static int s_write_members(struct gc_buf *out, const struct gc_shape *shape, const json_t *v, bool body_only,
                           struct gc_buf *text)
{
    for (size_t i = 0; i < shape->n_members; i++) {
        const struct gc_shape_member *m = &shape->members[i];
        const json_t *mv = json_object_get(v, m->name);
        if (!mv || (body_only && m->location != GC_LOC_BODY))
            continue;
        if (m->shape->type == GC_SHAPE_LIST && (m->flattened || m->shape->flattened)) {
            size_t j;
            json_t *item;
            json_array_foreach(mv, j, item)
            {
                if (s_write(out, gc_proto_wire_name(m), m->shape->member, item, text) != 0)
                    return -1;
            }
        } else if (s_write(out, gc_proto_wire_name(m), m->shape, mv, text) != 0) {
            return -1;
        }
    }
    return 0;
}

static int s_write(struct gc_buf *out, const char *name, const struct gc_shape *shape, const json_t *v,
                   struct gc_buf *text)
{
    if (shape->type == GC_SHAPE_STRUCTURE) {
        return s_tag(out, name, false) != 0 || s_write_members(out, shape, v, false, text) != 0 ||
                       s_tag(out, name, true) != 0
                   ? -1
                   : 0;
    }
    if (shape->type == GC_SHAPE_LIST) {
        const char *item_name = shape->member_location_name ? shape->member_location_name : "member";
        size_t i;
        json_t *item;
        if (s_tag(out, name, false) != 0)
            return -1;
        json_array_foreach(v, i, item)
        {
            if (s_write(out, item_name, shape->member, item, text) != 0)
                return -1;
        }
        return s_tag(out, name, true);
    }
    if (shape->type == GC_SHAPE_MAP) {
        const char *kname = shape->key_location_name ? shape->key_location_name : "key";
        const char *vname = shape->value_location_name ? shape->value_location_name : "value";
        const char *k;
        json_t *item;
        if (s_tag(out, name, false) != 0)
            return -1;
        json_object_foreach((json_t *)v, k, item)
        {
            if (s_tag(out, "entry", false) != 0 || s_element(out, kname, k) != 0 ||
                s_write(out, vname, shape->value, item, text) != 0 || s_tag(out, "entry", true) != 0)
                return -1;
        }
        return s_tag(out, name, true);
    }
    gc_buf_reset(text);
    if (gc_proto_scalar_text(text, shape, v) != 0)
        return -1;
    return s_element(out, name, gc_buf_cstr(text));
}

static bool s_any_body_member(const struct gc_shape *shape, const json_t *input)
{
    for (size_t i = 0; shape && i < shape->n_members; i++) {
        if (shape->members[i].location == GC_LOC_BODY && json_object_get(input, shape->members[i].name))
            return true;
    }
    return false;
}

static int s_write_body(const struct gc_aws_op_def *op, const json_t *input, struct gc_buf *out)
{
    int result = -1;
    struct gc_buf text;
    const char *root = op->input_location_name ? op->input_location_name : op->input->name;
    const char *ns = op->service->xml_namespace;

    gc_buf_init(&text, (size_t)1 << 20);
    if (gc_buf_append_str(out, "<") != 0 || gc_buf_append_str(out, root) != 0)
        goto cleanup;
    if (ns && (gc_buf_append_str(out, " xmlns=\"") != 0 || gc_xml_escape(out, ns, true) != 0 ||
               gc_buf_append_str(out, "\"") != 0))
        goto cleanup;
    if (gc_buf_append_str(out, ">") != 0 || s_write_members(out, op->input, input, true, &text) != 0 ||
        s_tag(out, root, true) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_buf_clean_up_secure(&text);
    return result;
}

static int s_rest_xml_encode(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                             struct gc_aws_error *err)
{
    if (gc_proto_rest_encode_http(op, input, req, err) != 0)
        return -1;
    if (s_any_body_member(op->input, input)) {
        if (s_write_body(op, input, &req->body) != 0)
            return gc_proto_fail(err, "InvalidArgument", "%s: the input cannot be written as XML", op->name);
        req->content_type = "application/xml";
    }
    return 0;
}

static int s_rest_xml_decode(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t **out,
                             struct gc_aws_error *err)
{
    int result = -1;
    struct gc_xml_doc *doc = NULL;
    json_t *v = NULL;
    struct gc_proto_path path;

    *out = NULL;
    gc_proto_path_init(&path);
    if (!op->output || resp->body.len == 0) {
        v = json_object();
        if (!v) {
            gc_proto_fail(err, "RequestError", "out of memory");
            goto cleanup;
        }
    } else if (gc_proto_xml_body(resp, &doc, err) != 0 ||
               gc_proto_xml_decode(op->output, gc_xml_root(doc), "member", true, &path, &v, err) != 0) {
        goto cleanup;
    }
    if (op->output && gc_proto_rest_decode_http(op, resp, v, err) != 0)
        goto cleanup;
    *out = v;
    v = NULL;
    result = 0;
cleanup:
    json_decref(v);
    gc_xml_free_doc(doc);
    return result;
}

static int s_rest_xml_parse_error(struct gc_aws_error *err, const struct gc_http_response *resp)
{
    return gc_proto_xml_error(err, resp, "Error");
}

static char *s_rest_xml_request_id(const struct gc_http_response *resp)
{
    char *id = gc_proto_header_request_id(resp);
    return id ? id : gc_proto_xml_request_id(resp, s_request_id_paths);
}

const struct gc_proto_codec gc_proto_rest_xml = {
    .name = "rest-xml",
    .proto = GC_AWS_PROTO_REST_XML,
    .encode = s_rest_xml_encode,
    .decode = s_rest_xml_decode,
    .parse_error = s_rest_xml_parse_error,
    .request_id = s_rest_xml_request_id,
};
