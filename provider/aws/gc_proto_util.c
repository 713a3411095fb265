/* What the protocol codecs share: member paths, errors, input checking, scalar text, the REST request line,
 * JSON and XML document walks, error answers and request ids. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/gc_proto.h"
#include "aws/gc_xml.h"

/* ---- requests ---- */

void gc_proto_request_init(struct gc_proto_request *req)
{
    memset(req, 0, sizeof *req);
    gc_buf_init(&req->path_and_query, (size_t)64 << 10);
    gc_buf_init(&req->body, (size_t)64 << 20);
}

void gc_proto_request_clean_up(struct gc_proto_request *req)
{
    if (!req)
        return;
    gc_buf_clean_up(&req->path_and_query);
    gc_buf_clean_up_secure(&req->body);
    free(req->target);
    for (size_t i = 0; i < req->n_headers; i++)
        free(req->headers[i]);
    memset(req, 0, sizeof *req);
}

const struct gc_proto_codec *gc_proto_for_wire(enum gc_aws_wire_protocol wire)
{
    switch (wire) {
    case GC_WIRE_EC2:
        return &gc_proto_ec2;
    case GC_WIRE_QUERY:
        return &gc_proto_query;
    case GC_WIRE_JSON:
        return &gc_proto_json;
    case GC_WIRE_REST_JSON:
        return &gc_proto_rest_json;
    case GC_WIRE_REST_XML:
        return &gc_proto_rest_xml;
    }
    return NULL;
}

const struct gc_proto_codec *gc_proto_for(enum gc_aws_protocol proto)
{
    switch (proto) {
    case GC_AWS_PROTO_EC2:
        return &gc_proto_ec2;
    case GC_AWS_PROTO_QUERY:
        return &gc_proto_query;
    case GC_AWS_PROTO_JSON:
        return &gc_proto_json;
    case GC_AWS_PROTO_REST_JSON:
        return &gc_proto_rest_json;
    case GC_AWS_PROTO_REST_XML:
        return &gc_proto_rest_xml;
    }
    return NULL;
}

/* ---- member paths ---- */

void gc_proto_path_init(struct gc_proto_path *p)
{
    p->text[0] = '\0';
    p->len = 0;
}

static void s_path_append(struct gc_proto_path *p, const char *fmt, const char *s, size_t index)
{
    size_t room = sizeof p->text - p->len;
    int n = s ? snprintf(p->text + p->len, room, fmt, s) : snprintf(p->text + p->len, room, fmt, index);
    if (n < 0)
        p->text[p->len] = '\0';
    else
        p->len = (size_t)n < room ? p->len + (size_t)n : sizeof p->text - 1;
}

size_t gc_proto_path_push(struct gc_proto_path *p, const char *member)
{
    size_t old = p->len;
    s_path_append(p, p->len ? ".%s" : "%s", member, 0);
    return old;
}

size_t gc_proto_path_push_index(struct gc_proto_path *p, size_t index)
{
    size_t old = p->len;
    s_path_append(p, "[%zu]", NULL, index);
    return old;
}

void gc_proto_path_pop(struct gc_proto_path *p, size_t len)
{
    if (len < sizeof p->text) {
        p->len = len;
        p->text[len] = '\0';
    }
}

const char *gc_proto_path_text(const struct gc_proto_path *p, const char *empty)
{
    return p->len ? p->text : empty;
}

int gc_proto_fail(struct gc_aws_error *err, const char *code, const char *fmt, ...)
{
    char message[768];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (n < 0)
        message[0] = '\0';
    free(err->code);
    free(err->message);
    err->code = gc_strdup(code);
    err->message = gc_strdup(message);
    return -1;
}

const char *gc_proto_wire_name(const struct gc_shape_member *m)
{
    return m->location_name ? m->location_name : m->name;
}

/* ---- input checking ---- */

static const char *s_type_word(enum gc_shape_type t)
{
    switch (t) {
    case GC_SHAPE_STRING:
        return "a string";
    case GC_SHAPE_BOOLEAN:
        return "a boolean";
    case GC_SHAPE_INTEGER:
    case GC_SHAPE_LONG:
        return "an integer";
    case GC_SHAPE_DOUBLE:
        return "a number";
    case GC_SHAPE_TIMESTAMP:
        return "a timestamp (string or number)";
    case GC_SHAPE_BLOB:
        return "a base64 string";
    case GC_SHAPE_STRUCTURE:
        return "an object";
    case GC_SHAPE_LIST:
        return "an array";
    case GC_SHAPE_MAP:
        return "an object (map)";
    }
    return "a value";
}

static bool s_json_fits(enum gc_shape_type t, const json_t *v)
{
    switch (t) {
    case GC_SHAPE_STRING:
    case GC_SHAPE_BLOB:
        return json_is_string(v);
    case GC_SHAPE_BOOLEAN:
        return json_is_boolean(v);
    case GC_SHAPE_INTEGER:
    case GC_SHAPE_LONG:
        return json_is_integer(v);
    case GC_SHAPE_DOUBLE:
        return json_is_number(v);
    case GC_SHAPE_TIMESTAMP:
        return json_is_string(v) || json_is_number(v);
    case GC_SHAPE_STRUCTURE:
    case GC_SHAPE_MAP:
        return json_is_object(v);
    case GC_SHAPE_LIST:
        return json_is_array(v);
    }
    return false;
}

int gc_proto_check_input(const struct gc_shape *shape, const json_t *value, struct gc_proto_path *path,
                         struct gc_aws_error *err)
{
    if (!s_json_fits(shape->type, value))
        return gc_proto_fail(err, "InvalidArgument", "%s: expected %s", gc_proto_path_text(path, "input"),
                             s_type_word(shape->type));
    if (shape->type == GC_SHAPE_STRUCTURE) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)value, key, v)
        {
            const struct gc_shape_member *m = gc_shape_member_find(shape, key);
            size_t old = gc_proto_path_push(path, key);
            if (!m)
                return gc_proto_fail(err, "InvalidArgument", "%s: not a member of %s", path->text, shape->name);
            if (gc_proto_check_input(m->shape, v, path, err) != 0)
                return -1;
            gc_proto_path_pop(path, old);
        }
        for (size_t i = 0; i < shape->n_members; i++) {
            const struct gc_shape_member *m = &shape->members[i];
            if (m->required && !json_object_get(value, m->name)) {
                gc_proto_path_push(path, m->name);
                return gc_proto_fail(err, "InvalidArgument", "%s: required member missing", path->text);
            }
        }
    } else if (shape->type == GC_SHAPE_LIST) {
        size_t i;
        json_t *v;
        json_array_foreach(value, i, v)
        {
            size_t old = gc_proto_path_push_index(path, i);
            if (gc_proto_check_input(shape->member, v, path, err) != 0)
                return -1;
            gc_proto_path_pop(path, old);
        }
    } else if (shape->type == GC_SHAPE_MAP) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)value, key, v)
        {
            size_t old = gc_proto_path_push(path, key);
            if (gc_proto_check_input(shape->value, v, path, err) != 0)
                return -1;
            gc_proto_path_pop(path, old);
        }
    }
    return 0;
}

/* ---- scalars ---- */

static int s_double_text(struct gc_buf *out, double d)
{
    char text[40];
    if (!isfinite(d))
        return -1;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(text, sizeof text, "%.*g", prec, d);
        if (strtod(text, NULL) == d)
            break;
    }
    return gc_buf_append_str(out, text);
}

int gc_proto_scalar_text(struct gc_buf *out, const struct gc_shape *shape, const json_t *value)
{
    if (json_is_string(value))
        return gc_buf_append(out, json_string_value(value), json_string_length(value));
    if (json_is_boolean(value))
        return gc_buf_append_str(out, json_is_true(value) ? "true" : "false");
    if (shape->type == GC_SHAPE_TIMESTAMP && json_is_number(value)) {
        time_t t = (time_t)json_number_value(value);
        struct tm tm;
        char text[40];
        if (!gmtime_r(&t, &tm) || strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
            return -1;
        return gc_buf_append_str(out, text);
    }
    if (json_is_integer(value))
        return gc_buf_printf(out, "%lld", (long long)json_integer_value(value));
    if (json_is_real(value))
        return s_double_text(out, json_real_value(value));
    return -1;
}

json_t *gc_proto_scalar_from_text(const struct gc_shape *shape, const char *text, const struct gc_proto_path *path,
                                  struct gc_aws_error *err)
{
    json_t *v = NULL;
    const char *where = gc_proto_path_text(path, "output");
    if (shape->type == GC_SHAPE_BOOLEAN) {
        if (strcmp(text, "true") == 0)
            v = json_true();
        else if (strcmp(text, "false") == 0)
            v = json_false();
        else
            gc_proto_fail(err, "InvalidResponse", "%s: expected true or false", where);
    } else if (shape->type == GC_SHAPE_INTEGER || shape->type == GC_SHAPE_LONG || shape->type == GC_SHAPE_DOUBLE) {
        char *end = NULL;
        errno = 0;
        while (isspace((unsigned char)*text))
            text++;
        long long ll = 0;
        double d = 0;
        if (shape->type == GC_SHAPE_DOUBLE)
            d = strtod(text, &end);
        else
            ll = strtoll(text, &end, 10);
        while (end && isspace((unsigned char)*end))
            end++;
        if (!*text || errno != 0 || !end || *end != '\0')
            gc_proto_fail(err, "InvalidResponse", "%s: expected a number", where);
        else
            v = shape->type == GC_SHAPE_DOUBLE ? json_real(d) : json_integer((json_int_t)ll);
    } else {
        v = json_string(text);
        if (!v)
            gc_proto_fail(err, "InvalidResponse", "%s: not UTF-8 text", where);
    }
    return v;
}

/* ---- REST request line and answer headers ---- */

static const struct gc_shape_member *s_uri_member(const struct gc_shape *shape, const char *label, size_t n)
{
    for (size_t i = 0; shape && i < shape->n_members; i++) {
        const struct gc_shape_member *m = &shape->members[i];
        const char *w = gc_proto_wire_name(m);
        if (m->location == GC_LOC_URI && strlen(w) == n && strncmp(w, label, n) == 0)
            return m;
    }
    return NULL;
}

static int s_fill_uri(const struct gc_aws_op_def *op, const json_t *input, struct gc_buf *out, struct gc_buf *text,
                      struct gc_aws_error *err)
{
    const char *p = gc_aws_op_request_uri(op);
    while (*p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close)
            return gc_buf_append_str(out, p) == 0 ? 0 : gc_proto_fail(err, "RequestError", "URI too long");
        if (gc_buf_append(out, p, (size_t)(open - p)) != 0)
            return gc_proto_fail(err, "RequestError", "URI too long");
        size_t n = (size_t)(close - open - 1);
        bool greedy = n > 0 && open[n] == '+';
        const struct gc_shape_member *m = s_uri_member(op->input, open + 1, greedy ? n - 1 : n);
        const json_t *v = m ? json_object_get(input, m->name) : NULL;
        if (!v)
            return gc_proto_fail(err, "InvalidArgument", "%.*s: the URI label has no value", (int)n, open + 1);
        gc_buf_reset(text);
        if (gc_proto_scalar_text(text, m->shape, v) != 0 || text->len == 0)
            return gc_proto_fail(err, "InvalidArgument", "%s: empty or not a scalar", m->name);
        if (gc_aws_uri_encode(out, gc_buf_cstr(text), !greedy) != 0)
            return gc_proto_fail(err, "RequestError", "URI too long");
        p = close + 1;
    }
    return 0;
}

static int s_add_query_pair(struct gc_buf *out, const char *name, const char *value)
{
    bool first = memchr(out->ptr, '?', out->len) == NULL;
    if (gc_buf_append_byte(out, first ? '?' : '&') != 0 || gc_aws_uri_encode(out, name, true) != 0 ||
        gc_buf_append_byte(out, '=') != 0 || gc_aws_uri_encode(out, value, true) != 0)
        return -1;
    return 0;
}

static int s_querystring_member(const struct gc_shape_member *m, const json_t *v, struct gc_buf *out,
                                struct gc_buf *text)
{
    const char *name = gc_proto_wire_name(m);
    if (m->shape->type == GC_SHAPE_LIST) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            gc_buf_reset(text);
            if (gc_proto_scalar_text(text, m->shape->member, item) != 0 ||
                s_add_query_pair(out, name, gc_buf_cstr(text)) != 0)
                return -1;
        }
        return 0;
    }
    if (m->shape->type == GC_SHAPE_MAP) {
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)v, key, item)
        {
            gc_buf_reset(text);
            if (gc_proto_scalar_text(text, m->shape->value, item) != 0 ||
                s_add_query_pair(out, key, gc_buf_cstr(text)) != 0)
                return -1;
        }
        return 0;
    }
    gc_buf_reset(text);
    if (gc_proto_scalar_text(text, m->shape, v) != 0)
        return -1;
    return s_add_query_pair(out, name, gc_buf_cstr(text));
}

static int s_header_member(const struct gc_shape_member *m, const json_t *v, struct gc_proto_request *req,
                           struct gc_buf *text, struct gc_aws_error *err)
{
    gc_buf_reset(text);
    if (gc_buf_printf(text, "%s: ", gc_proto_wire_name(m)) != 0)
        return gc_proto_fail(err, "RequestError", "out of memory");
    if (m->shape->type == GC_SHAPE_LIST) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            if ((i > 0 && gc_buf_append_byte(text, ',') != 0) || gc_proto_scalar_text(text, m->shape->member, item))
                return gc_proto_fail(err, "InvalidArgument", "%s: not a list of scalars", m->name);
        }
    } else if (gc_proto_scalar_text(text, m->shape, v) != 0) {
        return gc_proto_fail(err, "InvalidArgument", "%s: not a scalar", m->name);
    }
    const char *line = gc_buf_cstr(text);
    if (strpbrk(line, "\r\n"))
        return gc_proto_fail(err, "InvalidArgument", "%s: a header value may not hold a line break", m->name);
    if (req->n_headers == GC_PROTO_MAX_HEADERS)
        return gc_proto_fail(err, "InvalidArgument", "%s: too many header members", m->name);
    req->headers[req->n_headers] = gc_strdup(line);
    if (!req->headers[req->n_headers])
        return gc_proto_fail(err, "RequestError", "out of memory");
    req->n_headers++;
    return 0;
}

int gc_proto_rest_encode_http(const struct gc_aws_op_def *op, const json_t *input, struct gc_proto_request *req,
                              struct gc_aws_error *err)
{
    int result = -1;
    struct gc_buf text;

    gc_buf_init(&text, (size_t)64 << 10);
    req->method = gc_aws_op_http_method(op);
    if (s_fill_uri(op, input, &req->path_and_query, &text, err) != 0)
        goto cleanup;
    for (size_t i = 0; op->input && i < op->input->n_members; i++) {
        const struct gc_shape_member *m = &op->input->members[i];
        const json_t *v = json_object_get(input, m->name);
        if (!v)
            continue;
        if (m->location == GC_LOC_QUERYSTRING && s_querystring_member(m, v, &req->path_and_query, &text) != 0) {
            gc_proto_fail(err, "InvalidArgument", "%s: cannot go in the query string", m->name);
            goto cleanup;
        }
        if (m->location == GC_LOC_HEADER && s_header_member(m, v, req, &text, err) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_buf_clean_up(&text);
    return result;
}

int gc_proto_rest_decode_http(const struct gc_aws_op_def *op, const struct gc_http_response *resp, json_t *out,
                              struct gc_aws_error *err)
{
    struct gc_proto_path path;
    gc_proto_path_init(&path);
    for (size_t i = 0; op->output && i < op->output->n_members; i++) {
        const struct gc_shape_member *m = &op->output->members[i];
        json_t *v = NULL;
        if (m->location == GC_LOC_STATUS_CODE) {
            v = json_integer(resp->status);
        } else if (m->location == GC_LOC_HEADER) {
            const char *h = gc_http_response_header(resp, gc_proto_wire_name(m));
            if (!h)
                continue;
            size_t old = gc_proto_path_push(&path, m->name);
            v = gc_proto_scalar_from_text(m->shape, h, &path, err);
            gc_proto_path_pop(&path, old);
            if (!v)
                return -1;
        } else {
            continue;
        }
        if (json_object_set_new(out, m->name, v) != 0)
            return gc_proto_fail(err, "RequestError", "out of memory");
    }
    return 0;
}

bool gc_proto_has_body_members(const struct gc_shape *shape)
{
    for (size_t i = 0; shape && i < shape->n_members; i++) {
        if (shape->members[i].location == GC_LOC_BODY)
            return true;
    }
    return false;
}

/* ---- JSON walks ---- */

int gc_proto_json_to_wire(const struct gc_shape *shape, const json_t *doc, bool by_location, bool body_only,
                          json_t **out)
{
    json_t *v = NULL;
    *out = NULL;
    if (shape->type == GC_SHAPE_STRUCTURE) {
        v = json_object();
        for (size_t i = 0; v && i < shape->n_members; i++) {
            const struct gc_shape_member *m = &shape->members[i];
            const json_t *d = json_object_get(doc, m->name);
            json_t *w = NULL;
            if (!d || (body_only && m->location != GC_LOC_BODY))
                continue;
            if (gc_proto_json_to_wire(m->shape, d, by_location, false, &w) != 0 ||
                json_object_set_new(v, by_location ? gc_proto_wire_name(m) : m->name, w) != 0) {
                json_decref(v);
                return -1;
            }
        }
    } else if (shape->type == GC_SHAPE_LIST) {
        size_t i;
        json_t *d;
        v = json_array();
        json_array_foreach(doc, i, d)
        {
            json_t *w = NULL;
            if (!v || gc_proto_json_to_wire(shape->member, d, by_location, false, &w) != 0 ||
                json_array_append_new(v, w) != 0) {
                json_decref(v);
                return -1;
            }
        }
    } else if (shape->type == GC_SHAPE_MAP) {
        const char *key;
        json_t *d;
        v = json_object();
        json_object_foreach((json_t *)doc, key, d)
        {
            json_t *w = NULL;
            if (!v || gc_proto_json_to_wire(shape->value, d, by_location, false, &w) != 0 ||
                json_object_set_new(v, key, w) != 0) {
                json_decref(v);
                return -1;
            }
        }
    } else {
        v = json_deep_copy(doc);
    }
    *out = v;
    return v ? 0 : -1;
}

static json_t *s_json_scalar(const struct gc_shape *shape, const json_t *wire)
{
    switch (shape->type) {
    case GC_SHAPE_INTEGER:
    case GC_SHAPE_LONG:
        if (json_is_real(wire) && floor(json_real_value(wire)) == json_real_value(wire) &&
            fabs(json_real_value(wire)) < 9e18)
            return json_integer((json_int_t)json_real_value(wire));
        return json_is_integer(wire) ? json_deep_copy(wire) : NULL;
    case GC_SHAPE_DOUBLE:
        return json_is_number(wire) ? json_real(json_number_value(wire)) : NULL;
    default:
        return s_json_fits(shape->type, wire) ? json_deep_copy(wire) : NULL;
    }
}

int gc_proto_json_from_wire(const struct gc_shape *shape, const json_t *wire, bool by_location, bool body_only,
                            struct gc_proto_path *path, json_t **out, struct gc_aws_error *err)
{
    json_t *v = NULL;
    *out = NULL;
    if (!s_json_fits(shape->type, wire) && !(shape->type == GC_SHAPE_INTEGER && json_is_real(wire)) &&
        !(shape->type == GC_SHAPE_LONG && json_is_real(wire)))
        return gc_proto_fail(err, "InvalidResponse", "%s: expected %s", gc_proto_path_text(path, "output"),
                             s_type_word(shape->type));
    if (shape->type == GC_SHAPE_STRUCTURE) {
        v = json_object();
        for (size_t i = 0; v && i < shape->n_members; i++) {
            const struct gc_shape_member *m = &shape->members[i];
            const json_t *w = json_object_get(wire, by_location ? gc_proto_wire_name(m) : m->name);
            json_t *d = NULL;
            if (!w || json_is_null(w) || (body_only && m->location != GC_LOC_BODY))
                continue;
            size_t old = gc_proto_path_push(path, m->name);
            if (gc_proto_json_from_wire(m->shape, w, by_location, false, path, &d, err) != 0)
                goto fail;
            gc_proto_path_pop(path, old);
            if (json_object_set_new(v, m->name, d) != 0)
                goto fail;
        }
    } else if (shape->type == GC_SHAPE_LIST) {
        size_t i;
        json_t *w;
        v = json_array();
        json_array_foreach(wire, i, w)
        {
            json_t *d = NULL;
            size_t old = gc_proto_path_push_index(path, i);
            if (!v || gc_proto_json_from_wire(shape->member, w, by_location, false, path, &d, err) != 0)
                goto fail;
            gc_proto_path_pop(path, old);
            if (json_array_append_new(v, d) != 0)
                goto fail;
        }
    } else if (shape->type == GC_SHAPE_MAP) {
        const char *key;
        json_t *w;
        v = json_object();
        json_object_foreach((json_t *)wire, key, w)
        {
            json_t *d = NULL;
            size_t old = gc_proto_path_push(path, key);
            if (!v || gc_proto_json_from_wire(shape->value, w, by_location, false, path, &d, err) != 0)
                goto fail;
            gc_proto_path_pop(path, old);
            if (json_object_set_new(v, key, d) != 0)
                goto fail;
        }
    } else {
        v = s_json_scalar(shape, wire);
        if (!v)
            return gc_proto_fail(err, "InvalidResponse", "%s: expected %s", gc_proto_path_text(path, "output"),
                                 s_type_word(shape->type));
    }
    if (!v)
        return gc_proto_fail(err, "RequestError", "out of memory");
    *out = v;
    return 0;
fail:
    json_decref(v);
    if (!err->code)
        gc_proto_fail(err, "RequestError", "out of memory");
    return -1;
}

int gc_proto_json_body(const struct gc_http_response *resp, json_t **out, struct gc_aws_error *err)
{
    json_error_t jerr;
    *out = NULL;
    if (resp->body.len == 0) {
        *out = json_object();
        return *out ? 0 : gc_proto_fail(err, "RequestError", "out of memory");
    }
    json_t *j = json_loadb((const char *)resp->body.ptr, resp->body.len, 0, &jerr);
    if (!json_is_object(j)) {
        json_decref(j);
        return gc_proto_fail(err, "InvalidResponse", "the answer is not a JSON object%s%s", j ? "" : ": ",
                             j ? "" : jerr.text);
    }
    *out = j;
    return 0;
}

/* ---- XML walk ---- */

static bool s_is(const struct gc_xml_node *n, const char *name)
{
    return n->type == GC_XML_ELEMENT && strcmp(n->name, name) == 0;
}

static bool s_has_elements(const struct gc_xml_node *n)
{
    for (const struct gc_xml_node *c = n->children; c; c = c->next) {
        if (c->type == GC_XML_ELEMENT)
            return true;
    }
    return false;
}

static bool s_has_text(const struct gc_xml_node *n)
{
    for (const struct gc_xml_node *c = n->children; c; c = c->next) {
        if (c->type != GC_XML_TEXT)
            continue;
        for (const char *t = c->content; *t; t++) {
            if (!isspace((unsigned char)*t))
                return true;
        }
    }
    return false;
}

static int s_xml_list_items(const struct gc_shape *list, const struct gc_xml_node *parent, const char *item_name,
                            const char *default_item, struct gc_proto_path *path, json_t *arr, struct gc_aws_error *err)
{
    size_t index = 0;
    for (const struct gc_xml_node *c = parent->children; c; c = c->next) {
        if (c->type != GC_XML_ELEMENT)
            continue;
        if (!s_is(c, item_name))
            return gc_proto_fail(err, "InvalidResponse", "%s: <%s> where list items <%s> belong",
                                 gc_proto_path_text(path, "output"), c->name, item_name);
        json_t *d = NULL;
        size_t old = gc_proto_path_push_index(path, index++);
        if (gc_proto_xml_decode(list->member, c, default_item, false, path, &d, err) != 0)
            return -1;
        gc_proto_path_pop(path, old);
        if (json_array_append_new(arr, d) != 0)
            return gc_proto_fail(err, "RequestError", "out of memory");
    }
    return 0;
}

static int s_xml_map_entry(const struct gc_shape *map, const struct gc_xml_node *entry, const char *default_item,
                           struct gc_proto_path *path, json_t *obj, struct gc_aws_error *err)
{
    const char *kname = map->key_location_name ? map->key_location_name : "key";
    const char *vname = map->value_location_name ? map->value_location_name : "value";
    struct gc_xml_node *k = gc_xml_child(entry, kname);
    struct gc_xml_node *v = gc_xml_child(entry, vname);
    if (!k || !v || s_has_elements(k))
        return gc_proto_fail(err, "InvalidResponse", "%s: a map entry without <%s> and <%s>",
                             gc_proto_path_text(path, "output"), kname, vname);
    char *key = gc_xml_content(k); /* NULL only when memory ran out */
    json_t *d = NULL;
    if (!key)
        return gc_proto_fail(err, "RequestError", "out of memory");
    size_t old = gc_proto_path_push(path, (const char *)key);
    int rc = gc_proto_xml_decode(map->value, v, default_item, false, path, &d, err);
    gc_proto_path_pop(path, old);
    if (rc == 0 && json_object_set_new(obj, (const char *)key, d) != 0)
        rc = gc_proto_fail(err, "RequestError", "out of memory");
    free(key);
    return rc;
}

static int s_xml_member(const struct gc_shape_member *m, const struct gc_xml_node *node, const char *default_item,
                        struct gc_proto_path *path, json_t **out, struct gc_aws_error *err)
{
    const char *name = gc_proto_wire_name(m);
    const struct gc_shape *s = m->shape;
    bool flat = (s->type == GC_SHAPE_LIST || s->type == GC_SHAPE_MAP) && (m->flattened || s->flattened);
    const struct gc_xml_node *first = NULL;
    size_t count = 0;
    *out = NULL;
    for (const struct gc_xml_node *c = node->children; c; c = c->next) {
        if (s_is(c, name) && count++ == 0)
            first = c;
    }
    if (!first)
        return 0;
    if (!flat && count > 1)
        return gc_proto_fail(err, "InvalidResponse", "%s: <%s> appears %zu times", path->text, name, count);
    if (!flat)
        return gc_proto_xml_decode(s, first, default_item, false, path, out, err);
    json_t *v = s->type == GC_SHAPE_LIST ? json_array() : json_object();
    size_t index = 0;
    for (const struct gc_xml_node *c = first; v && c; c = c->next) {
        if (!s_is(c, name))
            continue;
        int rc;
        if (s->type == GC_SHAPE_MAP) {
            rc = s_xml_map_entry(s, c, default_item, path, v, err);
        } else {
            json_t *d = NULL;
            size_t old = gc_proto_path_push_index(path, index++);
            rc = gc_proto_xml_decode(s->member, c, default_item, false, path, &d, err);
            gc_proto_path_pop(path, old);
            if (rc == 0 && json_array_append_new(v, d) != 0)
                rc = gc_proto_fail(err, "RequestError", "out of memory");
        }
        if (rc != 0) {
            json_decref(v);
            return -1;
        }
    }
    *out = v;
    return v ? 0 : gc_proto_fail(err, "RequestError", "out of memory");
}

int gc_proto_xml_decode(const struct gc_shape *shape, const struct gc_xml_node *node, const char *default_item,
                        bool top_level, struct gc_proto_path *path, json_t **out, struct gc_aws_error *err)
{
    json_t *v = NULL;
    const char *where = gc_proto_path_text(path, "output");
    *out = NULL;
    if (shape->type == GC_SHAPE_STRUCTURE) {
        if (!s_has_elements(node) && s_has_text(node))
            return gc_proto_fail(err, "InvalidResponse", "%s: text where a structure belongs", where);
        v = json_object();
        for (size_t i = 0; v && i < shape->n_members; i++) {
            const struct gc_shape_member *m = &shape->members[i];
            json_t *d = NULL;
            if (top_level && m->location != GC_LOC_BODY)
                continue;
            size_t old = gc_proto_path_push(path, m->name);
            int rc = s_xml_member(m, node, default_item, path, &d, err);
            gc_proto_path_pop(path, old);
            if (rc != 0 || (d && json_object_set_new(v, m->name, d) != 0)) {
                json_decref(v);
                return rc != 0 ? -1 : gc_proto_fail(err, "RequestError", "out of memory");
            }
        }
    } else if (shape->type == GC_SHAPE_LIST || shape->type == GC_SHAPE_MAP) {
        if (s_has_text(node))
            return gc_proto_fail(err, "InvalidResponse", "%s: text where a list belongs", where);
        v = shape->type == GC_SHAPE_LIST ? json_array() : json_object();
        int rc = 0;
        if (v && shape->type == GC_SHAPE_LIST) {
            const char *item = shape->member_location_name ? shape->member_location_name : default_item;
            rc = s_xml_list_items(shape, node, item, default_item, path, v, err);
        }
        for (const struct gc_xml_node *c = node->children; v && rc == 0 && shape->type == GC_SHAPE_MAP && c;
             c = c->next) {
            if (s_is(c, "entry"))
                rc = s_xml_map_entry(shape, c, default_item, path, v, err);
        }
        if (rc != 0) {
            json_decref(v);
            return -1;
        }
    } else {
        if (s_has_elements(node))
            return gc_proto_fail(err, "InvalidResponse", "%s: elements where %s belongs", where,
                                 s_type_word(shape->type));
        char *text = gc_xml_content(node); /* "" for an empty element: NULL only when memory ran out */
        if (!text)
            return gc_proto_fail(err, "RequestError", "out of memory");
        v = gc_proto_scalar_from_text(shape, (const char *)text, path, err);
        free(text);
        if (!v)
            return -1;
    }
    if (!v)
        return gc_proto_fail(err, "RequestError", "out of memory");
    *out = v;
    return 0;
}

int gc_proto_xml_body(const struct gc_http_response *resp, struct gc_xml_doc **out, struct gc_aws_error *err)
{
    *out = gc_xml_parse(gc_buf_span(&resp->body));
    if (!*out || !gc_xml_root(*out)) {
        gc_xml_free_doc(*out);
        *out = NULL;
        return gc_proto_fail(err, "InvalidResponse", "the answer is not XML");
    }
    return 0;
}

/* ---- error answers and request ids ---- */

char *gc_proto_header_request_id(const struct gc_http_response *resp)
{
    const char *v = gc_http_response_header(resp, "x-amzn-requestid");
    if (!v || !*v)
        v = gc_http_response_header(resp, "x-amz-request-id");
    return (v && *v) ? gc_strdup(v) : NULL;
}

static char *s_xml_text_at(struct gc_xml_node *root, const char *const *paths)
{
    for (size_t i = 0; root && paths[i]; i++) {
        char *t = gc_xml_text(root, paths[i]);
        if (t && *t)
            return t;
        free(t);
    }
    return NULL;
}

char *gc_proto_xml_request_id(const struct gc_http_response *resp, const char *const *paths)
{
    char *id = NULL;
    if (resp->body.len > 0) {
        struct gc_xml_doc *doc = gc_xml_parse(gc_buf_span(&resp->body));
        id = s_xml_text_at(gc_xml_root(doc), paths);
        gc_xml_free_doc(doc);
    }
    return id ? id : gc_proto_header_request_id(resp);
}

int gc_proto_xml_error(struct gc_aws_error *err, const struct gc_http_response *resp, const char *error_path)
{
    if (resp->body.len == 0)
        return 0;
    struct gc_xml_doc *doc = gc_xml_parse(gc_buf_span(&resp->body));
    struct gc_xml_node *root = gc_xml_root(doc);
    struct gc_xml_node *e = root ? gc_xml_path(root, error_path) : NULL;
    if (!e && root)
        e = gc_xml_path(root, "Errors/Error"); /* <Response><Errors><Error> */
    if (!e && root)
        e = gc_xml_child(root, "Error"); /* <ErrorResponse><Error> */
    if (!e && root && strcmp(root->name, "Error") == 0)
        e = root; /* a bare <Error> (S3 style) */
    if (e) {
        err->code = gc_xml_text(e, "Code");
        err->message = gc_xml_text(e, "Message");
        if (err->code && !*err->code) {
            free(err->code);
            err->code = NULL;
        }
    }
    gc_xml_free_doc(doc);
    return 0;
}

/* "ns#Code" -> "Code"; "Code:http://..." -> "Code" */
static char *s_clean_code(const char *raw)
{
    if (!raw)
        return NULL;
    const char *hash = strrchr(raw, '#');
    const char *start = hash ? hash + 1 : raw;
    size_t n = strcspn(start, ":");
    while (n > 0 && isspace((unsigned char)start[n - 1]))
        n--;
    while (n > 0 && isspace((unsigned char)*start)) {
        start++;
        n--;
    }
    return n ? strndup(start, n) : NULL;
}

int gc_proto_json_error(struct gc_aws_error *err, const struct gc_http_response *resp, bool header_first)
{
    json_t *j = NULL;
    if (resp->body.len > 0)
        j = json_loadb((const char *)resp->body.ptr, resp->body.len, 0, NULL);
    const char *hdr = gc_http_response_header(resp, "x-amzn-errortype");
    if (header_first && hdr && *hdr)
        err->code = s_clean_code(hdr);
    if (!err->code && json_is_object(j)) {
        const char *t = json_string_value(json_object_get(j, "__type"));
        if (!t)
            t = json_string_value(json_object_get(j, "code"));
        if (!t)
            t = json_string_value(json_object_get(j, "Code"));
        err->code = s_clean_code(t);
    }
    if (!err->code && hdr && *hdr)
        err->code = s_clean_code(hdr);
    if (json_is_object(j)) {
        const char *m = json_string_value(json_object_get(j, "message"));
        if (!m)
            m = json_string_value(json_object_get(j, "Message"));
        if (m)
            err->message = gc_strdup(m);
    }
    json_decref(j);
    return 0;
}

#define S_FORM_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

int gc_proto_query_encode(const struct gc_aws_op_def *op, const json_t *input, gc_proto_query_walk_fn *walk,
                          struct gc_proto_request *req, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q;
    struct gc_buf key, text;

    gc_query_init(&q);
    gc_buf_init(&key, 1024);
    gc_buf_init(&text, (size_t)1 << 20);
    if (op->input && walk(&q, &key, op->input, input, &text) != 0) {
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

int gc_proto_xml_decode_answer(const struct gc_aws_op_def *op, const struct gc_http_response *resp, const char *wrapper,
                               const char *default_item, json_t **out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_xml_doc *doc = NULL;
    struct gc_xml_node *node = NULL;
    struct gc_proto_path path;

    *out = NULL;
    gc_proto_path_init(&path);
    if (op->output) {
        if (gc_proto_xml_body(resp, &doc, err) != 0)
            goto cleanup;
        node = gc_xml_root(doc);
        if (wrapper)
            node = gc_xml_child(node, wrapper);
    }
    if (!node) {
        /* nothing to read: no output shape, or no <OperationResult> */
        *out = json_object();
        result = *out ? 0 : gc_proto_fail(err, "RequestError", "out of memory");
        goto cleanup;
    }
    result = gc_proto_xml_decode(op->output, node, default_item, true, &path, out, err);
cleanup:
    gc_xml_free_doc(doc);
    return result;
}
