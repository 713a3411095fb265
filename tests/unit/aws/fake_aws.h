/* Test helpers for provider/aws: a scripted fake transport that records what it was sent, a fake clock, and
 * a client built from settings (no gc_config.c needed). Header-only so each test binary stays standalone. */
#ifndef FAKE_AWS_H
#define FAKE_AWS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"

struct fake_reply {
    long status;            /* 0: transport error, of the class fake_aws.failure */
    const char *body;
    const char *headers[4]; /* "name: value" */
};

struct fake_aws {
    const struct fake_reply *replies;
    size_t n_replies; /* the last reply repeats */
    size_t next;
    int calls;
    char *method;
    char *url;
    char *body;
    char *headers[32];
    size_t n_headers;
    /* clock */
    time_t now;
    long slept_ms;
    int sleeps;
    uint32_t jitter; /* the backoff's random draw; 0: UINT32_MAX, which gives every retry a non-zero delay */
    enum gc_http_failure failure; /* of every status-0 reply: OTHER (a timeout), RESOLVE or CONNECT, in curl's words */
    struct gc_aws_client *cancel_after_sleep; /* cancel this client on the first sleep */
    enum gc_aws_retry_mode retry_mode;         /* of the clients fake_aws_client makes (0: standard) */
    int64_t mono_ms;                           /* the fake monotonic clock: advanced by every sleep */
};

static inline void fake_aws_forget(struct fake_aws *f)
{
    free(f->method);
    free(f->url);
    free(f->body);
    for (size_t i = 0; i < f->n_headers; i++)
        free(f->headers[i]);
    f->method = f->url = f->body = NULL;
    f->n_headers = 0;
}

static inline int fake_aws_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    struct fake_aws *f = impl;
    fake_aws_forget(f);
    f->calls++;
    f->method = strdup(req->method);
    f->url = strdup(req->url);
    f->body = strndup(req->body.ptr ? (const char *)req->body.ptr : "", req->body.len);
    for (size_t i = 0; i < req->n_headers && i < 32; i++)
        f->headers[f->n_headers++] = strdup(req->headers[i]);

    const struct fake_reply *r = &f->replies[f->next < f->n_replies ? f->next : f->n_replies - 1];
    f->next++;
    memset(resp, 0, sizeof *resp);
    gc_buf_init(&resp->body, 1 << 20);
    resp->status = r->status;
    if (r->status == 0) {
        static const char *const texts[] = {
            [GC_HTTP_FAILURE_OTHER] = "Timeout was reached: Operation timed out after 60000 milliseconds",
            [GC_HTTP_FAILURE_RESOLVE] = "Couldn't resolve host name: Could not resolve host: fake.invalid",
            [GC_HTTP_FAILURE_CONNECT] = "Couldn't connect to server: Failed to connect to 127.0.0.1 port 1",
            [GC_HTTP_FAILURE_TLS] = "SSL peer certificate or SSH remote key was not OK: unable to get local issuer",
        };
        resp->failure = f->failure;
        snprintf(resp->transport_error, sizeof resp->transport_error, "%s", texts[f->failure]);
        return -1;
    }
    if (r->body)
        gc_buf_append_str(&resp->body, r->body);
    size_t n = 0;
    while (n < 4 && r->headers[n])
        n++;
    resp->headers = calloc(n + 1, sizeof *resp->headers);
    for (size_t i = 0; i < n; i++)
        resp->headers[i] = strdup(r->headers[i]);
    resp->n_headers = n;
    return 0;
}

/* The value of a header the fake was sent (case-insensitive name), or NULL. */
static inline const char *fake_aws_header(const struct fake_aws *f, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < f->n_headers; i++) {
        if (strncasecmp(f->headers[i], name, n) == 0 && f->headers[i][n] == ':') {
            const char *v = f->headers[i] + n + 1;
            while (*v == ' ')
                v++;
            return v;
        }
    }
    return NULL;
}

/* now/sleeps/slept_ms are touched atomically: a provider operation may run steps on several threads at once
 * (framework/gc_parallel.h), each retrying on this one fake clock. */
static inline time_t fake_aws_now(void *impl)
{
    return __atomic_load_n(&((struct fake_aws *)impl)->now, __ATOMIC_SEQ_CST);
}

static inline uint32_t fake_aws_jitter(void *impl)
{
    struct fake_aws *f = impl;
    return f->jitter ? f->jitter : UINT32_MAX;
}

static inline int64_t fake_aws_mono_ms(void *impl)
{
    return __atomic_load_n(&((struct fake_aws *)impl)->mono_ms, __ATOMIC_SEQ_CST);
}

static inline void fake_aws_sleep(void *impl, long ms)
{
    struct fake_aws *f = impl;
    __atomic_fetch_add(&f->mono_ms, (int64_t)ms, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&f->slept_ms, ms, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&f->sleeps, 1, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&f->now, ms / 1000, __ATOMIC_SEQ_CST);
    if (f->cancel_after_sleep)
        gc_aws_client_cancel(f->cancel_after_sleep);
}

/* A client for region `region` whose every service points at the fake. `endpoint` NULL: real AWS hosts. */
static inline struct gc_aws_client *fake_aws_client(struct fake_aws *f, const char *region, const char *endpoint,
                                                    const char *token, int max_retries)
{
    struct gc_aws_client_settings s;
    memset(&s, 0, sizeof s);
    s.region = strdup(region);
    s.creds.access_key_id = strdup("AKIAGCNETEXAMPLE0001");
    s.creds.secret_access_key = strdup("gcnet/Example+Secret/Key0000000000000000");
    s.creds.session_token = token ? strdup(token) : NULL;
    for (int i = 0; i < GC_SVC_COUNT && endpoint; i++)
        s.endpoints[i] = strdup(endpoint);
    s.max_retries = max_retries;
    s.retry_mode = f->retry_mode;
    struct gc_aws_client *c = NULL;
    if (gc_aws_client_new_with_settings(&c, &s) != 0)
        return NULL;
    struct gc_http_transport t = {fake_aws_send, f};
    struct gc_aws_clock clk = {fake_aws_now, fake_aws_sleep, f, fake_aws_jitter, fake_aws_mono_ms};
    gc_aws_client_set_transport(c, &t);
    gc_aws_client_set_clock(c, &clk);
    return c;
}

#endif
