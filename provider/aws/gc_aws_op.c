/* AWS operations as data (gc_aws_op.h): check and encode the input document by the operation's protocol, send
 * it through the client's pipeline, decode the answer into an output document; paging; document accessors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_proto.h"

#define S_MAX_PAGES 1000

/* Sets what every failure of a call carries: the service and the operation. */
static void s_error_context(struct gc_aws_error *err, const struct gc_aws_op_def *op)
{
    if (op && op->service)
        err->service = op->service->service;
    if (!err->operation && op && op->name)
        err->operation = gc_strdup(op->name);
    if (!err->code)
        gc_proto_fail(err, "RequestError", "out of memory");
}

/* The document to send: a copy of `input` (or {}) with absent idempotency tokens filled, checked against
 * the input shape. */
static int s_prepare_input(const struct gc_aws_op_def *op, const json_t *input, json_t **out, struct gc_aws_error *err)
{
    int result = -1;
    json_t *doc = input ? json_deep_copy(input) : json_object();
    struct gc_proto_path path;

    gc_proto_path_init(&path);
    if (!doc) {
        gc_proto_fail(err, "RequestError", "out of memory");
        goto cleanup;
    }
    if (!json_is_object(doc)) {
        gc_proto_fail(err, "InvalidArgument", "%s: the input must be a JSON object", op->name);
        goto cleanup;
    }
    if (!op->input) {
        if (json_object_size(doc) > 0) {
            gc_proto_fail(err, "InvalidArgument", "%s takes no input", op->name);
            goto cleanup;
        }
    } else {
        for (size_t i = 0; i < op->input->n_members; i++) {
            const struct gc_shape_member *m = &op->input->members[i];
            char token[37];
            if (!m->idempotency_token || json_object_get(doc, m->name))
                continue;
            if (gc_aws_new_token(token) != 0 || json_object_set_new(doc, m->name, json_string(token)) != 0) {
                gc_proto_fail(err, "RequestError", "cannot draw an idempotency token");
                goto cleanup;
            }
        }
        if (gc_proto_check_input(op->input, doc, &path, err) != 0) {
            char *detail = err->message;
            err->message = NULL;
            gc_proto_fail(err, "InvalidArgument", "%s: %s", op->name, detail ? detail : "invalid input");
            free(detail);
            goto cleanup;
        }
    }
    *out = doc;
    doc = NULL;
    result = 0;
cleanup:
    json_decref(doc);
    return result;
}

int gc_aws_op_call(struct gc_aws_client *client, const struct gc_aws_op_def *op, const json_t *input, json_t **output,
                   struct gc_aws_error *err)
{
    return gc_aws_op_call_as(client, NULL, op, input, output, err);
}

int gc_aws_op_call_as(struct gc_aws_client *client, const struct gc_aws_credentials *creds,
                      const struct gc_aws_op_def *op, const json_t *input, json_t **output, struct gc_aws_error *err)
{
    int result = -1;
    json_t *doc = NULL;
    json_t *out = NULL;
    const struct gc_proto_codec *codec = NULL;
    struct gc_proto_request req;
    struct gc_http_response resp;
    const char *headers[GC_PROTO_MAX_HEADERS];

    memset(err, 0, sizeof *err); /* filled, not released: the caller cleans up what an earlier call left */
    memset(&resp, 0, sizeof resp);
    gc_proto_request_init(&req);
    if (output)
        *output = NULL;
    codec = (op && op->service) ? gc_proto_for_wire(op->service->protocol) : NULL;
    if (!client || !codec || !op->name || !output) {
        gc_proto_fail(err, "InvalidArgument", "no client, operation table or output");
        goto cleanup;
    }
    if (s_prepare_input(op, input, &doc, err) != 0 || codec->encode(op, doc, &req, err) != 0)
        goto cleanup;
    for (size_t i = 0; i < req.n_headers; i++)
        headers[i] = req.headers[i];
    struct gc_aws_call call = {
        .svc = op->service->service,
        .proto = codec->proto,
        .operation = op->name,
        .method = req.method,
        .path_and_query = gc_buf_cstr(&req.path_and_query),
        .content_type = req.content_type,
        .target = req.target,
        .body = gc_buf_span(&req.body),
        .headers = headers,
        .n_headers = req.n_headers,
        .creds = creds,
    };
    int sent = gc_aws_client_send(client, &call, &resp, err);
    if (!gc_aws_op_is_read(op))
        gc_aws_client_note_write(client); /* also when it failed: it may have acted */
    if (sent != 0)
        goto cleanup;
    if (codec->decode(op, &resp, &out, err) != 0) {
        err->http_status = resp.status;
        free(err->request_id);
        err->request_id = codec->request_id(&resp);
        goto cleanup;
    }
    *output = out;
    out = NULL;
    result = 0;
cleanup:
    if (result != 0)
        s_error_context(err, op);
    json_decref(out);
    json_decref(doc);
    gc_proto_request_clean_up(&req);
    gc_http_response_clean_up(&resp);
    return result;
}

/* Appends the page's result_key items to the first page's array. */
static int s_merge_page(json_t *all, const json_t *page, const char *result_key)
{
    json_t *items = json_object_get(page, result_key);
    json_t *into = json_object_get(all, result_key);
    if (!items)
        return 0;
    if (!into) {
        into = json_array();
        if (!into || json_object_set_new(all, result_key, into) != 0)
            return -1;
    }
    return json_array_extend(into, items);
}

int gc_aws_op_call_all(struct gc_aws_client *client, const struct gc_aws_op_def *op, const json_t *input,
                       json_t **output, struct gc_aws_error *err)
{
    int result = -1;
    json_t *in = NULL;
    json_t *all = NULL;
    json_t *page = NULL;
    json_t *seen = NULL;

    if (!op || !op->input_token || !op->output_token || !op->result_key)
        return gc_aws_op_call(client, op, input, output, err);
    memset(err, 0, sizeof *err);
    *output = NULL;
    in = input ? json_deep_copy(input) : json_object();
    seen = json_object();
    if (!json_is_object(in) || !seen) {
        gc_proto_fail(err, "InvalidArgument", "%s: the input must be a JSON object", op->name);
        goto cleanup;
    }
    for (int pages = 0;; pages++) {
        if (pages == S_MAX_PAGES) {
            gc_proto_fail(err, "InvalidResponse", "%s: more than %d pages", op->name, S_MAX_PAGES);
            goto cleanup;
        }
        if (gc_aws_op_call(client, op, in, &page, err) != 0)
            goto cleanup;
        const char *token = gc_doc_str(page, op->output_token);
        json_t *token_v = token && *token ? json_string(token) : NULL;
        if (!all) {
            all = page;
        } else if (s_merge_page(all, page, op->result_key) != 0) {
            json_decref(token_v);
            gc_proto_fail(err, "RequestError", "out of memory");
            goto cleanup;
        } else {
            json_decref(page);
        }
        page = NULL;
        if (!token_v)
            break;
        if (json_object_get(seen, json_string_value(token_v))) {
            gc_proto_fail(err, "InvalidResponse", "%s: the paging token \"%s\" came twice", op->name,
                          json_string_value(token_v));
            json_decref(token_v);
            goto cleanup;
        }
        if (json_object_set_new(seen, json_string_value(token_v), json_true()) != 0) {
            json_decref(token_v);
            gc_proto_fail(err, "RequestError", "out of memory");
            goto cleanup;
        }
        if (json_object_set_new(in, op->input_token, token_v) != 0) { /* steals token_v even on failure */
            gc_proto_fail(err, "RequestError", "out of memory");
            goto cleanup;
        }
    }
    json_object_del(all, op->output_token);
    *output = all;
    all = NULL;
    result = 0;
cleanup:
    if (result != 0)
        s_error_context(err, op);
    json_decref(page);
    json_decref(all);
    json_decref(in);
    json_decref(seen);
    return result;
}

bool gc_aws_op_is_read(const struct gc_aws_op_def *op)
{
    static const char *const verbs[] = {"Describe", "Get", "List", "Search"};
    if (!op || !op->name)
        return false;
    if (op->service && op->service->service == GC_SVC_STS)
        return true;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strncmp(op->name, verbs[i], strlen(verbs[i])) == 0)
            return true;
    return false;
}

bool gc_aws_op_is_not_found(const struct gc_aws_op_def *op, const struct gc_aws_error *err)
{
    for (size_t i = 0; op && op->not_found_codes && err && err->code && op->not_found_codes[i]; i++) {
        if (strcmp(op->not_found_codes[i], err->code) == 0)
            return true;
    }
    return false;
}
