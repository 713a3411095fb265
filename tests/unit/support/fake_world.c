/* The fake AWS (see fake_world.h). */
#include "fake_world.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "fake_alloc.h"
#include "fake_text.h"

#define S_BODY_MAX (16 << 20)     /* what the fake will put in one answer */
#define S_DEFAULT_CALL_LIMIT 8000 /* more calls than this in one world is a runaway */

struct s_entry {
    const struct gc_aws_op_def *op;
    char *text; /* file or literal answer */
    fw_handler_fn *handler;
    void *ctx;
    long fail_status; /* fw_fail */
    char *fail_body;
    int fail_times, failed;
    bool hostile; /* fw_hostile */
    struct fh_variant variant;
    int hostile_calls;
    int calls;
    char *sample; /* the first normal answer */
};

struct fw_world {
    pthread_mutex_t lock;
    struct s_entry *entries;
    size_t n_entries, cap_entries;
    struct fw_call **calls;
    size_t n_calls, cap_calls;
    const struct gc_aws_op_def **seen;
    size_t n_seen, cap_seen;
    int total_calls, call_limit, n_failed, n_unanswered;
    bool runaway;
};

/* ---- identification ---- */

static const struct gc_aws_service_def *s_service_def(enum gc_aws_service service)
{
    for (size_t i = 0; gc_aws_all_ops[i]; i++)
        if (gc_aws_all_ops[i]->service->service == service)
            return gc_aws_all_ops[i]->service;
    return NULL;
}

enum gc_aws_service fw_service_of(const char *authorization)
{
    const char *p = authorization ? strstr(authorization, "Credential=") : NULL;
    for (int slashes = 0; p && slashes < 3; slashes++) { /* AKID/date/region/ */
        p = strchr(p, '/');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return GC_SVC_COUNT;
    size_t n = strcspn(p, "/");
    for (int s = 0; s < GC_SVC_COUNT; s++) {
        const char *name = gc_aws_service_signing_name((enum gc_aws_service)s);
        if (name && strlen(name) == n && strncmp(p, name, n) == 0)
            return (enum gc_aws_service)s;
    }
    return GC_SVC_COUNT;
}

const struct gc_aws_op_def *fw_op_find(enum gc_aws_service service, const char *name)
{
    for (size_t i = 0; name && gc_aws_all_ops[i]; i++)
        if (gc_aws_all_ops[i]->service->service == service && strcmp(gc_aws_all_ops[i]->name, name) == 0)
            return gc_aws_all_ops[i];
    return NULL;
}

/* The length of the segment at `p` (up to '/', '?' or the end). */
static size_t s_segment(const char *p)
{
    return strcspn(p, "/?");
}

bool fw_uri_matches(const char *template_uri, const char *path)
{
    const char *t = template_uri, *p = path;
    if (*t != '/' || *p != '/')
        return false;
    for (;;) {
        t++;
        p++;
        size_t tl = s_segment(t), pl = s_segment(p);
        if (tl >= 3 && t[0] == '{' && t[tl - 2] == '+' && t[tl - 1] == '}')
            return pl > 0; /* {Label+}: the rest */
        if (tl >= 2 && t[0] == '{' && t[tl - 1] == '}') {
            if (pl == 0)
                return false;
        } else if (tl != pl || strncmp(t, p, tl) != 0) {
            return false;
        }
        t += tl;
        p += pl;
        bool t_end = *t != '/', p_end = *p != '/';
        if (t_end || p_end)
            return t_end && p_end;
    }
}

/* The number of literal (non-label) segments of a template: the more, the better a match. */
static int s_uri_literals(const char *template_uri)
{
    int n = 0;
    for (const char *t = template_uri; *t == '/'; t += s_segment(t)) {
        t++;
        n += s_segment(t) > 0 && t[0] != '{';
    }
    return n;
}

static const char *s_header(const struct gc_http_request *req, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < req->n_headers; i++) {
        const char *h = req->headers[i];
        if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
            h += n + 1;
            while (*h == ' ')
                h++;
            return h;
        }
    }
    return NULL;
}

/* The path of a URL (after the host), or "/". */
static const char *s_url_path(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    return p ? p : "/";
}

static const struct gc_aws_op_def *s_identify_query(enum gc_aws_service service, const struct gc_http_request *req)
{
    char *body = strndup(req->body.ptr ? (const char *)req->body.ptr : "", req->body.len);
    char *action = body ? fx_param(body, "Action") : NULL;
    const char *query = strchr(req->url, '?');
    if (!action && query)
        action = fx_param(query + 1, "Action");
    const struct gc_aws_op_def *op = fw_op_find(service, action);
    free(action);
    free(body);
    return op;
}

static const struct gc_aws_op_def *s_identify_rest(enum gc_aws_service service, const struct gc_http_request *req)
{
    const char *path = s_url_path(req->url);
    size_t len = strcspn(path, "?");
    char *bare = strndup(path, len);
    const struct gc_aws_op_def *best = NULL;
    int best_score = -1;
    for (size_t i = 0; bare && gc_aws_all_ops[i]; i++) {
        const struct gc_aws_op_def *op = gc_aws_all_ops[i];
        if (op->service->service != service || strcasecmp(gc_aws_op_http_method(op), req->method) != 0)
            continue;
        int score = s_uri_literals(gc_aws_op_request_uri(op));
        if (score > best_score && fw_uri_matches(gc_aws_op_request_uri(op), bare)) {
            best = op;
            best_score = score;
        }
    }
    free(bare);
    return best;
}

const struct gc_aws_op_def *fw_identify(enum gc_aws_service service, const struct gc_http_request *req)
{
    const struct gc_aws_service_def *def = s_service_def(service);
    if (!def)
        return NULL;
    switch (def->protocol) {
    case GC_WIRE_EC2:
    case GC_WIRE_QUERY:
        return s_identify_query(service, req);
    case GC_WIRE_JSON: {
        const char *target = s_header(req, "X-Amz-Target");
        const char *dot = target ? strrchr(target, '.') : NULL;
        return dot ? fw_op_find(service, dot + 1) : NULL;
    }
    case GC_WIRE_REST_JSON:
    case GC_WIRE_REST_XML:
        return s_identify_rest(service, req);
    }
    return NULL;
}

/* ---- the world ---- */

int fw_world_new(struct fw_world **out)
{
    int result = -1;
    pthread_mutexattr_t attr;
    struct fw_world *w = calloc(1, sizeof *w);
    *out = NULL;
    if (!w)
        goto cleanup;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    int rc = pthread_mutex_init(&w->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    if (rc != 0)
        goto cleanup;
    w->call_limit = S_DEFAULT_CALL_LIMIT;
    *out = w;
    w = NULL;
    result = 0;
cleanup:
    free(w);
    return result;
}

void fw_world_destroy(struct fw_world *world)
{
    if (!world)
        return;
    for (size_t i = 0; i < world->n_entries; i++) {
        free(world->entries[i].text);
        free(world->entries[i].fail_body);
        free(world->entries[i].sample);
    }
    for (size_t i = 0; i < world->n_calls; i++) {
        free(world->calls[i]->method);
        free(world->calls[i]->url);
        free(world->calls[i]->body);
        free(world->calls[i]);
    }
    free(world->entries);
    free(world->calls);
    free(world->seen);
    pthread_mutex_destroy(&world->lock);
    free(world);
}

static bool s_grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t next = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, next * size);
    if (!p)
        return false;
    *items = p;
    *cap = next;
    return true;
}

/* The entry of `op`, made on first use; NULL when out of memory. Under the lock. */
static struct s_entry *s_entry(struct fw_world *w, const struct gc_aws_op_def *op)
{
    for (size_t i = 0; i < w->n_entries; i++)
        if (w->entries[i].op == op)
            return &w->entries[i];
    if (!s_grow((void **)&w->entries, &w->cap_entries, w->n_entries, sizeof *w->entries))
        return NULL;
    struct s_entry *e = &w->entries[w->n_entries++];
    memset(e, 0, sizeof *e);
    e->op = op;
    return e;
}

static const struct s_entry *s_find(const struct fw_world *w, const struct gc_aws_op_def *op)
{
    for (size_t i = 0; i < w->n_entries; i++)
        if (w->entries[i].op == op)
            return &w->entries[i];
    return NULL;
}

static void s_lock(const struct fw_world *w)
{
    fa_pause();
    pthread_mutex_lock((pthread_mutex_t *)&w->lock);
}

static void s_unlock(const struct fw_world *w)
{
    pthread_mutex_unlock((pthread_mutex_t *)&w->lock);
    fa_resume();
}

/* Sets an entry's answer: an owned text (may be NULL) or a handler. */
static int s_set_answer(struct fw_world *w, const struct gc_aws_op_def *op, char *text, fw_handler_fn *handler,
                        void *ctx)
{
    int result = -1;
    s_lock(w);
    struct s_entry *e = op && (text || handler) ? s_entry(w, op) : NULL;
    if (!e)
        goto cleanup;
    free(e->text);
    e->text = text;
    text = NULL;
    e->handler = handler;
    e->ctx = ctx;
    result = 0;
cleanup:
    s_unlock(w);
    free(text);
    return result;
}

int fw_answer_file(struct fw_world *world, const struct gc_aws_op_def *op, const char *file)
{
    fa_pause();
    char *text = fx_file(file);
    fa_resume();
    if (!text)
        printf("# fake: cannot read fixture %s\n", file);
    return s_set_answer(world, op, text, NULL, NULL);
}

int fw_answer_body(struct fw_world *world, const struct gc_aws_op_def *op, const char *body)
{
    fa_pause();
    char *text = strdup(body);
    fa_resume();
    return s_set_answer(world, op, text, NULL, NULL);
}

int fw_answer_handler(struct fw_world *world, const struct gc_aws_op_def *op, fw_handler_fn *handler, void *ctx)
{
    return s_set_answer(world, op, NULL, handler, ctx);
}

int fw_answer_table(struct fw_world *world, const struct fw_answer *answers, size_t n, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        int rc = answers[i].handler ? fw_answer_handler(world, answers[i].op, answers[i].handler, ctx)
                 : answers[i].file  ? fw_answer_file(world, answers[i].op, answers[i].file)
                                    : fw_answer_body(world, answers[i].op, answers[i].body ? answers[i].body : "");
        if (rc != 0) {
            printf("# fake: answer %zu (%s) not registered\n", i, answers[i].op ? answers[i].op->name : "NULL");
            return -1;
        }
    }
    return 0;
}

int fw_fail(struct fw_world *world, const struct gc_aws_op_def *op, long status, const char *body, int times)
{
    int result = -1;
    s_lock(world);
    struct s_entry *e = op ? s_entry(world, op) : NULL;
    char *copy = strdup(body ? body : "");
    if (!e || !copy) {
        free(copy);
        goto cleanup;
    }
    free(e->fail_body);
    e->fail_body = copy;
    e->fail_status = status;
    e->fail_times = times;
    e->failed = 0;
    result = 0;
cleanup:
    s_unlock(world);
    return result;
}

int fw_hostile(struct fw_world *world, const struct gc_aws_op_def *op, const struct fh_variant *variant)
{
    int result = -1;
    s_lock(world);
    struct s_entry *e = op ? s_entry(world, op) : NULL;
    if (!e)
        goto cleanup;
    e->hostile = true;
    e->variant = *variant;
    e->hostile_calls = 0;
    result = 0;
cleanup:
    s_unlock(world);
    return result;
}

void fw_set_call_limit(struct fw_world *world, int limit)
{
    s_lock(world);
    world->call_limit = limit;
    s_unlock(world);
}

/* ---- answering ---- */

/* The error a real endpoint of the service's protocol sends for an action it does not know. */
static void s_unknown(struct gc_http_response *resp, enum gc_aws_service service, const char *what)
{
    const struct gc_aws_service_def *def = s_service_def(service);
    enum gc_aws_wire_protocol proto = def ? def->protocol : GC_WIRE_EC2;
    char body[512];
    resp->status = 400;
    if (proto == GC_WIRE_JSON || proto == GC_WIRE_REST_JSON) {
        snprintf(body, sizeof body, "{\"__type\": \"UnknownOperationException\", \"message\": \"the fake: %s\"}", what);
        resp->headers = calloc(2, sizeof *resp->headers);
        if (resp->headers) {
            resp->headers[0] = strdup("x-amzn-errortype: UnknownOperationException");
            resp->n_headers = resp->headers[0] ? 1 : 0;
        }
    } else if (proto == GC_WIRE_EC2) {
        snprintf(body, sizeof body,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>InvalidAction</Code>"
                 "<Message>the fake: %s</Message></Error></Errors><RequestID>fake-unknown</RequestID></Response>",
                 what);
    } else {
        snprintf(body, sizeof body,
                 "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the fake: %s</Message>"
                 "</Error><RequestId>fake-unknown</RequestId></ErrorResponse>",
                 what);
    }
    gc_buf_append_str(&resp->body, body);
}

/* The entry's normal answer (malloc'd), or NULL. */
static char *s_normal(struct s_entry *e, const struct fw_request *req)
{
    if (e->handler)
        return e->handler(e->ctx, req);
    return e->text ? strdup(e->text) : NULL;
}

static void s_record(struct fw_world *w, const struct fw_request *req, long status, bool answered)
{
    struct fw_call *c = calloc(1, sizeof *c);
    if (!c || !s_grow((void **)&w->calls, &w->cap_calls, w->n_calls, sizeof *w->calls)) {
        free(c);
        return;
    }
    c->service = req->service;
    c->op = req->op;
    c->operation = req->operation;
    c->method = strdup(req->method);
    c->url = strdup(req->url);
    c->body = strdup(req->body);
    c->status = status;
    c->answered = answered;
    w->calls[w->n_calls++] = c;
}

static void s_see(struct fw_world *w, struct s_entry *e, const char *answer)
{
    if (e->sample || !s_grow((void **)&w->seen, &w->cap_seen, w->n_seen, sizeof *w->seen))
        return;
    e->sample = strdup(answer);
    if (e->sample)
        w->seen[w->n_seen++] = e->op;
}

/* Whether a request to a JSON service carries a body that is not JSON. */
static bool s_malformed_json(enum gc_aws_service service, const char *body)
{
    const struct gc_aws_service_def *def = s_service_def(service);
    if (!def || (def->protocol != GC_WIRE_JSON && def->protocol != GC_WIRE_REST_JSON) || !body || !*body)
        return false;
    json_t *doc = json_loads(body, 0, NULL);
    json_decref(doc);
    return doc == NULL;
}

/* The status of a handler's error answer "!<3 digits> <body>", else 0. */
static long s_handler_error(const char *answer)
{
    if (answer[0] != '!' || !isdigit((unsigned char)answer[1]) || !isdigit((unsigned char)answer[2]) ||
        !isdigit((unsigned char)answer[3]) || answer[4] != ' ')
        return 0;
    return (answer[1] - '0') * 100 + (answer[2] - '0') * 10 + (answer[3] - '0');
}

/* Answers one request under the lock. Returns the transport's result. */
static int s_answer(struct fw_world *w, const struct gc_http_request *req, struct gc_http_response *resp)
{
    int result = 0;
    char *answer = NULL;
    struct fw_request r = {0};
    char *body = strndup(req->body.ptr ? (const char *)req->body.ptr : "", req->body.len);
    r.service = fw_service_of(s_header(req, "Authorization"));
    r.op = r.service < GC_SVC_COUNT ? fw_identify(r.service, req) : NULL;
    r.operation = r.op ? r.op->name : "?";
    r.method = req->method;
    r.url = req->url;
    r.body = body ? body : "";
    if (++w->total_calls > w->call_limit) {
        w->runaway = true;
        snprintf(resp->transport_error, sizeof resp->transport_error, "fake: call limit reached");
        result = -1;
        goto cleanup;
    }
    struct s_entry *e = r.op ? s_entry(w, r.op) : NULL;
    if (!e) {
        printf("# fake: unknown request %s %s\n", req->method, req->url);
        s_unknown(resp, r.service, "unknown request");
        w->n_unanswered++;
        s_record(w, &r, resp->status, false);
        goto cleanup;
    }
    r.call_no = ++e->calls;
    if (e->failed < e->fail_times) {
        e->failed++;
        w->n_failed++;
        resp->status = e->fail_status;
        s_record(w, &r, resp->status, true);
        if (e->fail_status == 0) {
            snprintf(resp->transport_error, sizeof resp->transport_error, "fake: %s", e->fail_body);
            result = -1;
        } else {
            gc_buf_append_str(&resp->body, e->fail_body);
        }
        goto cleanup;
    }
    if (s_malformed_json(r.service, r.body)) {
        /* what a JSON service answers a body it cannot parse (a client that sent one has a bug) */
        resp->status = 400;
        gc_buf_append_str(&resp->body, "{\"__type\": \"SerializationException\", \"message\": \"the fake: the "
                                       "request body is not JSON\"}");
        s_record(w, &r, resp->status, true);
        goto cleanup;
    }
    answer = s_normal(e, &r); /* always: a handler's world moves on even when the answer is replaced */
    if (!answer) {
        printf("# fake: no answer for %s\n", r.operation);
        s_unknown(resp, r.service, "no answer registered");
        w->n_unanswered++;
        s_record(w, &r, resp->status, false);
        goto cleanup;
    }
    long error_status = s_handler_error(answer);
    if (error_status) {
        /* a handler's AWS error ("!<status> <body>"): not hostile-mutated, not a sample of a normal answer */
        resp->status = error_status;
        gc_buf_append_str(&resp->body, answer + 5);
    } else if (e->hostile && (!e->variant.max_calls || e->hostile_calls < e->variant.max_calls)) {
        struct fh_text h = fh_apply(&e->variant, answer, ++e->hostile_calls);
        resp->status = e->variant.status;
        gc_buf_append(&resp->body, h.p, h.len);
        free(h.p);
    } else {
        s_see(w, e, answer);
        resp->status = 200;
        gc_buf_append_str(&resp->body, answer);
    }
    s_record(w, &r, resp->status, true);
cleanup:
    free(answer);
    free(body);
    return result;
}

static int s_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    struct fw_world *w = impl;
    s_lock(w);
    memset(resp, 0, sizeof *resp);
    gc_buf_init(&resp->body, S_BODY_MAX);
    int result = s_answer(w, req, resp);
    s_unlock(w);
    return result;
}

struct gc_http_transport fw_world_transport(struct fw_world *world)
{
    struct gc_http_transport t = {s_send, world};
    return t;
}

/* ---- the record ---- */

size_t fw_n_calls(const struct fw_world *world)
{
    s_lock(world);
    size_t n = world->n_calls;
    s_unlock(world);
    return n;
}

const struct fw_call *fw_call_at(const struct fw_world *world, size_t i)
{
    s_lock(world);
    const struct fw_call *c = i < world->n_calls ? world->calls[i] : NULL;
    s_unlock(world);
    return c;
}

int fw_count(const struct fw_world *world, const struct gc_aws_op_def *op)
{
    s_lock(world);
    const struct s_entry *e = s_find(world, op);
    int n = e ? e->calls : 0;
    s_unlock(world);
    return n;
}

int fw_n_failed(const struct fw_world *world)
{
    s_lock(world);
    int n = world->n_failed;
    s_unlock(world);
    return n;
}

int fw_n_unanswered(const struct fw_world *world)
{
    s_lock(world);
    int n = world->n_unanswered;
    s_unlock(world);
    return n;
}

bool fw_runaway(const struct fw_world *world)
{
    s_lock(world);
    bool r = world->runaway;
    s_unlock(world);
    return r;
}

size_t fw_n_seen(const struct fw_world *world)
{
    s_lock(world);
    size_t n = world->n_seen;
    s_unlock(world);
    return n;
}

const struct gc_aws_op_def *fw_seen_at(const struct fw_world *world, size_t i)
{
    s_lock(world);
    const struct gc_aws_op_def *op = i < world->n_seen ? world->seen[i] : NULL;
    s_unlock(world);
    return op;
}

const char *fw_sample(const struct fw_world *world, const struct gc_aws_op_def *op)
{
    s_lock(world);
    const struct s_entry *e = s_find(world, op);
    const char *s = e ? e->sample : NULL;
    s_unlock(world);
    return s;
}

json_t *fw_json_body(const struct fw_request *req)
{
    json_t *doc = json_loads(req->body ? req->body : "{}", 0, NULL);
    return doc ? doc : json_object();
}

char *fw_json_answer(json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    return text;
}

const char *fw_json_str(const json_t *doc, const char *key)
{
    return json_string_value(json_object_get(doc, key));
}
