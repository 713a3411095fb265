/* The hand-rolled calls (gc_ec2_call, gc_json_call, ...) and query encoding; error and request-id parsing
 * dispatch to the protocol codecs (gc_proto.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_proto.h"
#include "aws/gc_xml.h"

#define S_EC2_VERSION "2016-11-15"
#define S_STS_VERSION "2011-06-15"
#define S_FORM_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"
#define S_JSON_CONTENT_TYPE "application/x-amz-json-1.1"
#define S_REST_JSON_CONTENT_TYPE "application/json"
#define S_BODY_MAX ((size_t)64 << 20)

/* ---- gc_query ---- */

void gc_query_init(struct gc_query *q)
{
    memset(q, 0, sizeof *q);
}

void gc_query_clean_up(struct gc_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++) {
        free(q->keys[i]);
        free(q->values[i]);
    }
    free(q->keys);
    free(q->values);
    memset(q, 0, sizeof *q);
}

int gc_query_add(struct gc_query *q, const char *key, const char *value)
{
    if (!key)
        return -1;
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        char **k = realloc(q->keys, cap * sizeof *k);
        if (!k)
            return -1;
        q->keys = k;
        char **v = realloc(q->values, cap * sizeof *v);
        if (!v)
            return -1;
        q->values = v;
        q->cap = cap;
    }
    char *k = gc_strdup(key);
    char *v = gc_strdup(value ? value : "");
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    q->keys[q->n] = k;
    q->values[q->n] = v;
    q->n++;
    return 0;
}

int gc_query_addf(struct gc_query *q, const char *value, const char *key_fmt, ...)
{
    char key[512];
    va_list ap;
    va_start(ap, key_fmt);
    int n = vsnprintf(key, sizeof key, key_fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof key)
        return -1;
    return gc_query_add(q, key, value);
}

int gc_query_add_filter(struct gc_query *q, int filter_index, const char *name, const char *const *values,
                        size_t n_values)
{
    if (filter_index < 1 || gc_query_addf(q, name, "Filter.%d.Name", filter_index) != 0)
        return -1;
    for (size_t i = 0; i < n_values; i++) {
        if (gc_query_addf(q, values[i], "Filter.%d.Value.%zu", filter_index, i + 1) != 0)
            return -1;
    }
    return 0;
}

int gc_query_encode(struct gc_buf *out, const char *action, const char *version, const struct gc_query *q)
{
    if (gc_buf_append_str(out, "Action=") != 0 || gc_aws_uri_encode(out, action, true) != 0 ||
        gc_buf_append_str(out, "&Version=") != 0 || gc_aws_uri_encode(out, version, true) != 0)
        return -1;
    for (size_t i = 0; q && i < q->n; i++) {
        if (gc_buf_append_byte(out, '&') != 0 || gc_aws_uri_encode(out, q->keys[i], true) != 0 ||
            gc_buf_append_byte(out, '=') != 0 || gc_aws_uri_encode(out, q->values[i], true) != 0)
            return -1;
    }
    return 0;
}

const char *gc_aws_json_target_prefix(enum gc_aws_service svc)
{
    switch (svc) {
    case GC_SVC_ROUTE53RESOLVER:
        return "Route53Resolver";
    case GC_SVC_ACMPCA:
        return "ACMPrivateCA";
    case GC_SVC_DIRECTCONNECT:
        return "OvertureService";
    default:
        return NULL;
    }
}

/* ---- error and request-id parsing: one implementation per protocol, in the codecs (gc_proto_*.c) ---- */

char *gc_aws_response_request_id(enum gc_aws_protocol proto, const struct gc_http_response *resp)
{
    const struct gc_proto_codec *codec = gc_proto_for(proto);
    return codec ? codec->request_id(resp) : gc_proto_header_request_id(resp);
}

/* A short printable excerpt of a body that said nothing usable (moto's HTML 404s, proxies). */
static char *s_body_excerpt(const struct gc_http_response *resp)
{
    size_t n = resp->body.len < 200 ? resp->body.len : 200;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = resp->body.ptr[i];
        out[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : ' ';
    }
    out[n] = '\0';
    return out;
}

int gc_aws_parse_error(struct gc_aws_error *err, enum gc_aws_protocol proto, const struct gc_http_response *resp)
{
    const struct gc_proto_codec *codec = gc_proto_for(proto);
    free(err->code);
    free(err->message);
    free(err->request_id);
    err->code = err->message = err->request_id = NULL;
    err->http_status = resp->status;

    if (codec && codec->parse_error(err, resp) != 0)
        return -1;
    if (!err->request_id)
        err->request_id = gc_aws_response_request_id(proto, resp);
    if (!err->code) {
        char code[32];
        snprintf(code, sizeof code, "HTTP %ld", resp->status);
        err->code = gc_strdup(code);
        if (!err->message && resp->body.len > 0)
            err->message = s_body_excerpt(resp);
    }
    return err->code ? 0 : -1;
}

/* ---- calls ---- */

static void s_fail(struct gc_aws_error *err, enum gc_aws_service svc, const char *operation, const char *code,
                   const char *message, long status)
{
    gc_aws_error_clean_up(err);
    err->service = svc;
    err->operation = gc_strdup(operation);
    err->code = gc_strdup(code);
    err->message = gc_strdup(message);
    err->http_status = status;
    err->attempts = 1;
}

/* Sends `call` and parses the 2xx body as XML into *out; an empty body is no document when `empty_ok`. An
 * answer that is not XML is "MalformedResponse" with its HTTP status and request id. */
static int s_xml_exchange(struct gc_aws_client *c, const struct gc_aws_call *call, bool empty_ok,
                          struct gc_xml_doc **out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_http_response resp;

    memset(&resp, 0, sizeof resp);
    if (gc_aws_client_send(c, call, &resp, err) != 0)
        goto cleanup;
    if (resp.body.len > 0 || !empty_ok) {
        *out = gc_xml_parse(gc_buf_span(&resp.body));
        if (!*out) {
            int attempts = err->attempts;
            s_fail(err, call->svc, call->operation, "MalformedResponse", "the response is not XML", resp.status);
            err->attempts = attempts;
            err->request_id = gc_aws_response_request_id(call->proto, &resp);
            goto cleanup;
        }
    }
    result = 0;
cleanup:
    gc_http_response_clean_up(&resp);
    return result;
}

int gc_aws_query_call_with(struct gc_aws_client *c, const struct gc_aws_credentials *creds, enum gc_aws_service svc,
                           const char *action, const struct gc_query *params, struct gc_xml_doc **out,
                           struct gc_aws_error *err)
{
    int result = -1;
    struct gc_buf body;

    memset(err, 0, sizeof *err);
    *out = NULL;
    gc_buf_init(&body, S_BODY_MAX);
    if (gc_query_encode(&body, action, svc == GC_SVC_STS ? S_STS_VERSION : S_EC2_VERSION, params) != 0) {
        s_fail(err, svc, action, "RequestError", "request too large or out of memory", 0);
        goto cleanup;
    }
    struct gc_aws_call call = {
        .svc = svc,
        .proto = svc == GC_SVC_EC2 ? GC_AWS_PROTO_EC2 : GC_AWS_PROTO_QUERY,
        .operation = action,
        .method = "POST",
        .path_and_query = "/",
        .content_type = S_FORM_CONTENT_TYPE,
        .body = gc_buf_span(&body),
        .creds = creds,
    };
    result = s_xml_exchange(c, &call, false, out, err);
cleanup:
    gc_buf_clean_up_secure(&body);
    return result;
}

int gc_ec2_call(struct gc_aws_client *client, const char *action, const struct gc_query *params,
                struct gc_xml_doc **out, struct gc_aws_error *err)
{
    return gc_aws_query_call_with(client, NULL, GC_SVC_EC2, action, params, out, err);
}

int gc_sts_call(struct gc_aws_client *client, const char *action, const struct gc_query *params,
                struct gc_xml_doc **out, struct gc_aws_error *err)
{
    return gc_aws_query_call_with(client, NULL, GC_SVC_STS, action, params, out, err);
}

static int s_json_exchange(struct gc_aws_client *client, const struct gc_aws_call *tmpl, json_t *body,
                           bool empty_object_default, json_t **out, struct gc_aws_error *err)
{
    int result = -1;
    char *text = NULL;
    struct gc_http_response resp;
    struct gc_aws_call call = *tmpl;

    memset(&resp, 0, sizeof resp);
    memset(err, 0, sizeof *err);
    *out = NULL;
    if (body)
        text = json_dumps(body, JSON_COMPACT);
    else if (empty_object_default)
        text = strdup("{}");
    if ((body || empty_object_default) && !text) {
        s_fail(err, call.svc, call.operation, "RequestError", "cannot serialise the request body", 0);
        goto cleanup;
    }
    call.body = text ? gc_span_from_cstr(text) : gc_span_from(NULL, 0);
    if (!text)
        call.content_type = NULL;
    if (gc_aws_client_send(client, &call, &resp, err) != 0)
        goto cleanup;
    if (resp.body.len == 0) {
        *out = json_object();
    } else {
        json_error_t jerr;
        *out = json_loadb((const char *)resp.body.ptr, resp.body.len, 0, &jerr);
    }
    if (!*out) {
        int attempts = err->attempts;
        s_fail(err, call.svc, call.operation, "MalformedResponse", "the response is not JSON", resp.status);
        err->attempts = attempts;
        err->request_id = gc_aws_response_request_id(call.proto, &resp);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_http_response_clean_up(&resp);
    free(text);
    return result;
}

int gc_json_call(struct gc_aws_client *client, enum gc_aws_service svc, const char *operation, json_t *body,
                 json_t **out, struct gc_aws_error *err)
{
    char target[256];
    const char *prefix = gc_aws_json_target_prefix(svc);
    if (!prefix || snprintf(target, sizeof target, "%s.%s", prefix, operation) >= (int)sizeof target) {
        memset(err, 0, sizeof *err);
        *out = NULL;
        s_fail(err, svc, operation, "RequestError", "not a JSON 1.1 service", 0);
        return -1;
    }
    struct gc_aws_call call = {
        .svc = svc,
        .proto = GC_AWS_PROTO_JSON,
        .operation = operation,
        .method = "POST",
        .path_and_query = "/",
        .content_type = S_JSON_CONTENT_TYPE,
        .target = target,
    };
    return s_json_exchange(client, &call, body, true, out, err);
}

int gc_rest_json_call(struct gc_aws_client *client, enum gc_aws_service svc, const char *operation, const char *method,
                      const char *path_and_query, json_t *body, json_t **out, struct gc_aws_error *err)
{
    struct gc_aws_call call = {
        .svc = svc,
        .proto = GC_AWS_PROTO_REST_JSON,
        .operation = operation,
        .method = method,
        .path_and_query = path_and_query,
        .content_type = S_REST_JSON_CONTENT_TYPE,
    };
    return s_json_exchange(client, &call, body, false, out, err);
}

int gc_rest_xml_call(struct gc_aws_client *client, enum gc_aws_service svc, const char *operation, const char *method,
                     const char *path_and_query, struct gc_span body, struct gc_xml_doc **out, struct gc_aws_error *err)
{
    struct gc_aws_call call = {
        .svc = svc,
        .proto = GC_AWS_PROTO_REST_XML,
        .operation = operation,
        .method = method,
        .path_and_query = path_and_query,
        .content_type = body.len ? "application/xml" : NULL,
        .body = body,
    };

    memset(err, 0, sizeof *err);
    *out = NULL;
    return s_xml_exchange(client, &call, true, out, err);
}

int gc_aws_new_token(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        out[0] = '\0';
        return -1;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
             b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return 0;
}
