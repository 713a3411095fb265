/* The AWS client object and its send pipeline: endpoint, SigV4, transport, error parsing, retries. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_cred_sources.h"
#include "aws/gc_credentials.h"
#include "aws/gc_http.h"
#include "aws/gc_http_tls.h"
#include "aws/gc_retry.h"
#include "aws/gc_sigv4.h"
#include "aws/gc_sts.h"
#include "base/gc_log.h"
#include "base/gc_secret.h"

#define S_REFRESH_MARGIN_S 300
#define S_SLEEP_SLICE_MS 100L

struct gc_aws_client {
    char *region;
    char *endpoints[GC_SVC_COUNT];
    int max_retries;

    pthread_mutex_t creds_lock;           /* guards creds */
    struct gc_aws_credentials base_creds; /* as resolved (used to refresh an assumed role) */
    struct gc_aws_credentials creds;      /* what requests are signed with */

    struct gc_aws_cred_supplier supplier; /* fetched base credentials (credential_process, SSO, ...) */
    struct gc_aws_role_settings *roles;   /* assumed in order (role chaining) */
    size_t n_roles;
    bool assumed; /* creds came from AssumeRole or a supplier (guarded by creds_lock) */
    pthread_mutex_t refresh_lock;
    char *sts_region;
    enum gc_aws_retry_mode retry_mode;
    pthread_mutex_t rate_lock; /* guards rate */
    struct gc_retry_rate rate; /* adaptive mode: how fast this client may send after throttling */

    struct gc_http_curl *curl; /* with a proxy (libcurl speaks CONNECT and no_proxy) */
    struct gc_http_tls *tls;   /* without one: gcnet's own client over OpenSSL */
    struct gc_http_transport transport;
    struct gc_aws_clock clock;

    atomic_bool cancelled;
    atomic_uint_fast64_t requests;
    atomic_uint_fast64_t writes; /* operations sent that are not reads (gc_aws_op_is_read) */

    pthread_mutex_t account_lock;
    char *account_id;
};

/* ---- small shared helpers ---- */

static const char *const s_keys[GC_SVC_COUNT] = {
    "ec2", "sts", "ram", "route53", "route53resolver", "acmpca", "directconnect",
};
static const char *const s_signing[GC_SVC_COUNT] = {
    "ec2", "sts", "ram", "route53", "route53resolver", "acm-pca", "directconnect",
};
static const char *const s_display[GC_SVC_COUNT] = {
    "EC2", "STS", "RAM", "Route 53", "Route 53 Resolver", "ACM PCA", "Direct Connect",
};

const char *gc_aws_service_key(enum gc_aws_service svc)
{
    return (unsigned)svc < GC_SVC_COUNT ? s_keys[svc] : "unknown";
}

const char *gc_aws_service_signing_name(enum gc_aws_service svc)
{
    return (unsigned)svc < GC_SVC_COUNT ? s_signing[svc] : "unknown";
}

const char *gc_aws_service_display_name(enum gc_aws_service svc)
{
    return (unsigned)svc < GC_SVC_COUNT ? s_display[svc] : "AWS";
}

static void s_roles_free(struct gc_aws_role_settings *roles, size_t n)
{
    for (size_t i = 0; roles && i < n; i++) {
        free(roles[i].arn);
        free(roles[i].session_name);
        gc_secret_free(roles[i].external_id);
    }
    free(roles);
}

void gc_aws_client_settings_clean_up(struct gc_aws_client_settings *s)
{
    if (!s)
        return;
    free(s->region);
    gc_aws_credentials_clean_up(&s->creds);
    gc_cred_supplier_clean_up(&s->supplier);
    for (int i = 0; i < GC_SVC_COUNT; i++)
        free(s->endpoints[i]);
    s_roles_free(s->roles, s->n_roles);
    free(s->sts_region);
    free(s->ca_bundle);
    free(s->http_proxy);
    free(s->https_proxy);
    free(s->no_proxy);
    memset(s, 0, sizeof *s);
}

void gc_aws_error_clean_up(struct gc_aws_error *err)
{
    if (!err)
        return;
    free(err->operation);
    free(err->code);
    free(err->message);
    free(err->request_id);
    memset(err, 0, sizeof *err);
}

void gc_aws_error_set(struct gc_aws_error *err, enum gc_aws_service svc, const char *operation, const char *code,
                      const char *message)
{
    if (!err)
        return;
    gc_aws_error_clean_up(err);
    err->service = svc;
    err->operation = gc_strdup(operation);
    err->code = gc_strdup(code);
    err->message = gc_strdup(message);
}

bool gc_aws_error_is(const struct gc_aws_error *err, const char *code)
{
    return err && err->code && code && strcmp(err->code, code) == 0;
}

void gc_aws_error_diag(struct gc_diags *diags, const struct gc_path *path, const struct gc_aws_error *err)
{
    char summary[256];
    struct gc_buf detail;

    if (!diags || !err)
        return;
    gc_buf_init(&detail, 1 << 20);
    snprintf(summary, sizeof summary, "%s %s failed", gc_aws_service_display_name(err->service),
             err->operation ? err->operation : "call");
    if (err->code)
        gc_buf_printf(&detail, "Error code: %s\n", err->code);
    if (err->message && *err->message)
        gc_buf_printf(&detail, "Message: %s\n", err->message);
    if (err->http_status)
        gc_buf_printf(&detail, "HTTP status: %ld\n", err->http_status);
    if (err->request_id && *err->request_id)
        gc_buf_printf(&detail, "Request ID: %s\n", err->request_id);
    if (err->attempts > 1)
        gc_buf_printf(&detail, "Attempts: %d\n", err->attempts);
    if (detail.len > 0 && detail.ptr[detail.len - 1] == '\n')
        detail.len--;
    gc_diags_add(diags, GC_SEV_ERROR, path, summary, "%s", gc_buf_cstr(&detail));
    gc_buf_clean_up(&detail);
}

/* ---- default clock ---- */

static time_t s_real_now(void *impl)
{
    (void)impl;
    return time(NULL);
}

static void s_real_sleep_ms(void *impl, long ms)
{
    (void)impl;
    if (ms <= 0)
        return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static int64_t s_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- lifecycle ---- */

bool gc_aws_client_settings_proxied(const struct gc_aws_client_settings *s)
{
    return (s->http_proxy && *s->http_proxy) || (s->https_proxy && *s->https_proxy);
}

int gc_aws_client_new_with_settings(struct gc_aws_client **out, struct gc_aws_client_settings *settings)
{
    int result = -1;
    struct gc_aws_client *c = NULL;

    *out = NULL;
    c = calloc(1, sizeof *c);
    if (!c)
        goto cleanup;
    pthread_mutex_init(&c->creds_lock, NULL);
    pthread_mutex_init(&c->refresh_lock, NULL);
    pthread_mutex_init(&c->account_lock, NULL);
    pthread_mutex_init(&c->rate_lock, NULL);
    atomic_init(&c->cancelled, false);
    atomic_init(&c->requests, 0);
    atomic_init(&c->writes, 0);
    c->clock.now = s_real_now;
    c->clock.sleep_ms = s_real_sleep_ms;

    c->region = settings->region;
    settings->region = NULL;
    for (int i = 0; i < GC_SVC_COUNT; i++) {
        c->endpoints[i] = settings->endpoints[i];
        settings->endpoints[i] = NULL;
        /* no trailing '/' so that base + "/path" is well-formed */
        size_t n = c->endpoints[i] ? strlen(c->endpoints[i]) : 0;
        while (n > 0 && c->endpoints[i][n - 1] == '/')
            c->endpoints[i][--n] = '\0';
    }
    c->max_retries = settings->max_retries < 0 ? GC_AWS_DEFAULT_MAX_RETRIES : settings->max_retries;
    c->base_creds = settings->creds;
    memset(&settings->creds, 0, sizeof settings->creds);
    c->supplier = settings->supplier;
    memset(&settings->supplier, 0, sizeof settings->supplier);
    c->roles = settings->roles;
    c->n_roles = settings->n_roles;
    settings->roles = NULL;
    settings->n_roles = 0;
    c->sts_region = settings->sts_region;
    settings->sts_region = NULL;
    c->retry_mode = settings->retry_mode;
    if (!c->region)
        goto cleanup;
    if (gc_aws_credentials_copy(&c->creds, &c->base_creds) != 0)
        goto cleanup;
    if (gc_aws_client_settings_proxied(settings)) {
        struct gc_http_curl_options http_options = {settings->ca_bundle, settings->http_proxy, settings->https_proxy,
                                                    settings->no_proxy};
        if (gc_http_curl_new(&c->curl, &http_options) != 0)
            goto cleanup;
        gc_http_curl_set_cancel_flag(c->curl, &c->cancelled);
        c->transport = gc_http_curl_transport(c->curl);
    } else {
        struct gc_http_tls_options tls_options = {.ca_file = settings->ca_bundle};
        if (gc_http_tls_new(&c->tls, &tls_options) != 0)
            goto cleanup;
        gc_http_tls_set_cancel_flag(c->tls, &c->cancelled);
        c->transport = gc_http_tls_transport(c->tls);
    }
    *out = c;
    c = NULL;
    result = 0;
cleanup:
    gc_aws_client_settings_clean_up(settings);
    gc_aws_client_free(c);
    return result;
}

void gc_aws_client_free(struct gc_aws_client *c)
{
    if (!c)
        return;
    free(c->region);
    for (int i = 0; i < GC_SVC_COUNT; i++)
        free(c->endpoints[i]);
    gc_aws_credentials_clean_up(&c->base_creds);
    gc_aws_credentials_clean_up(&c->creds);
    gc_cred_supplier_clean_up(&c->supplier);
    s_roles_free(c->roles, c->n_roles);
    free(c->sts_region);
    gc_http_curl_free(c->curl);
    gc_http_tls_free(c->tls);
    free(c->account_id);
    pthread_mutex_destroy(&c->creds_lock);
    pthread_mutex_destroy(&c->refresh_lock);
    pthread_mutex_destroy(&c->account_lock);
    pthread_mutex_destroy(&c->rate_lock);
    free(c);
}

void gc_aws_client_set_transport(struct gc_aws_client *c, const struct gc_http_transport *transport)
{
    if (c && transport)
        c->transport = *transport;
}

void gc_aws_client_set_clock(struct gc_aws_client *c, const struct gc_aws_clock *clock)
{
    if (c && clock)
        c->clock = *clock;
}

time_t gc_aws_client_now(const struct gc_aws_client *c)
{
    return c->clock.now(c->clock.impl);
}

const char *gc_aws_client_region(const struct gc_aws_client *c)
{
    return c ? c->region : NULL;
}

void gc_aws_client_cancel(struct gc_aws_client *c)
{
    if (c)
        atomic_store(&c->cancelled, true);
}

bool gc_aws_client_cancelled(const struct gc_aws_client *c)
{
    return c && atomic_load(&((struct gc_aws_client *)c)->cancelled);
}

uint64_t gc_aws_client_request_count(const struct gc_aws_client *c)
{
    return c ? (uint64_t)atomic_load(&((struct gc_aws_client *)c)->requests) : 0;
}

uint64_t gc_aws_client_write_count(const struct gc_aws_client *c)
{
    return c ? (uint64_t)atomic_load(&((struct gc_aws_client *)c)->writes) : 0;
}

void gc_aws_client_note_write(struct gc_aws_client *c)
{
    if (c)
        atomic_fetch_add(&c->writes, 1);
}

const char *gc_aws_client_signing_region(const struct gc_aws_client *c, enum gc_aws_service svc)
{
    if (svc == GC_SVC_STS && c->sts_region)
        return c->sts_region;
    return svc == GC_SVC_ROUTE53 ? "us-east-1" : c->region;
}

char *gc_aws_client_endpoint_url(const struct gc_aws_client *c, enum gc_aws_service svc)
{
    struct gc_buf b;
    gc_buf_init(&b, 4096);
    if ((unsigned)svc >= GC_SVC_COUNT)
        return NULL;
    if (c->endpoints[svc]) {
        gc_buf_append_str(&b, c->endpoints[svc]);
    } else if (svc == GC_SVC_ROUTE53) {
        gc_buf_append_str(&b, "https://route53.amazonaws.com");
    } else {
        gc_buf_printf(&b, "https://%s.%s.amazonaws.com", svc == GC_SVC_ACMPCA ? "acm-pca" : s_keys[svc],
                      gc_aws_client_signing_region(c, svc));
    }
    return gc_buf_release(&b);
}

/* ---- the send pipeline ---- */

/* Splits "scheme://host[:port][/path][?query]" into the Host header value, path and query (all malloc'd). */
static int s_split_url(const char *url, char **host, char **path, char **query)
{
    *host = *path = *query = NULL;
    const char *p = strstr(url, "://");
    if (!p)
        return -1;
    bool https = strncmp(url, "https", 5) == 0;
    p += 3;
    size_t hlen = strcspn(p, "/?");
    if (hlen == 0)
        return -1;
    /* drop a default port, as HTTP clients do in the Host header */
    size_t keep = hlen;
    if (https && hlen > 4 && strncmp(p + hlen - 4, ":443", 4) == 0)
        keep = hlen - 4;
    else if (!https && hlen > 3 && strncmp(p + hlen - 3, ":80", 3) == 0)
        keep = hlen - 3;
    *host = strndup(p, keep);
    const char *rest = p + hlen;
    size_t plen = strcspn(rest, "?");
    *path = plen ? strndup(rest, plen) : strdup("/");
    *query = rest[plen] == '?' ? strdup(rest + plen + 1) : strdup("");
    if (!*host || !*path || !*query) {
        free(*host);
        free(*path);
        free(*query);
        *host = *path = *query = NULL;
        return -1;
    }
    return 0;
}

/* Refreshes assumed-role credentials that are about to expire. */
static int s_refresh_creds(struct gc_aws_client *c, struct gc_aws_error *err);

static int s_sign_and_send(struct gc_aws_client *c, const struct gc_aws_call *call, const char *url,
                           struct gc_http_response *resp)
{
    int result = -1;
    char *host = NULL, *path = NULL, *query = NULL;
    const char *headers[16];
    size_t n = 0;
    struct gc_buf host_h, ct_h, target_h;
    struct gc_sigv4_result sig;
    const char *send_headers[24];
    size_t n_send = 0;

    memset(&sig, 0, sizeof sig);
    gc_buf_init(&host_h, 4096);
    gc_buf_init(&ct_h, 4096);
    gc_buf_init(&target_h, 4096);
    if (s_split_url(url, &host, &path, &query) != 0) {
        snprintf(resp->transport_error, sizeof resp->transport_error, "invalid endpoint URL");
        goto cleanup;
    }
    if (gc_buf_printf(&host_h, "Host: %s", host) != 0)
        goto cleanup;
    headers[n++] = gc_buf_cstr(&host_h);
    if (call->content_type) {
        if (gc_buf_printf(&ct_h, "Content-Type: %s", call->content_type) != 0)
            goto cleanup;
        headers[n++] = gc_buf_cstr(&ct_h);
    }
    if (call->target) {
        if (gc_buf_printf(&target_h, "X-Amz-Target: %s", call->target) != 0)
            goto cleanup;
        headers[n++] = gc_buf_cstr(&target_h);
    }
    if (call->n_headers > GC_AWS_CALL_MAX_HEADERS) {
        snprintf(resp->transport_error, sizeof resp->transport_error, "too many request headers");
        goto cleanup;
    }
    for (size_t i = 0; i < call->n_headers; i++)
        headers[n++] = call->headers[i];

    struct gc_sigv4_request sreq = {.method = call->method,
                                    .path = path,
                                    .query = query,
                                    .headers = headers,
                                    .n_headers = n,
                                    .payload = call->body};
    const struct gc_aws_credentials *cr = call->creds ? call->creds : &c->creds;
    int rc = 0;
    /* credentials without a key (gc_sts_anonymous): an unsigned call such as AssumeRoleWithWebIdentity */
    bool anonymous = call->creds && !call->creds->access_key_id;
    if (!call->creds)
        pthread_mutex_lock(&c->creds_lock);
    struct gc_sigv4_params params = {
        .access_key_id = cr->access_key_id ? cr->access_key_id : "",
        .secret_access_key = cr->secret_access_key ? cr->secret_access_key : "",
        .session_token = cr->session_token,
        .region = gc_aws_client_signing_region(c, call->svc),
        .service = gc_aws_service_signing_name(call->svc),
        .now = c->clock.now(c->clock.impl),
        .normalize_path = true,
    };
    if (!anonymous)
        rc = gc_sigv4_sign(&sig, &params, &sreq);
    if (!call->creds)
        pthread_mutex_unlock(&c->creds_lock);
    if (rc != 0) {
        snprintf(resp->transport_error, sizeof resp->transport_error, "signing failed");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        send_headers[n_send++] = headers[i];
    for (size_t i = 0; i < sig.n_add_headers; i++)
        send_headers[n_send++] = sig.add_headers[i];

    struct gc_http_request req = {
        .method = call->method, .url = url, .headers = send_headers, .n_headers = n_send, .body = call->body};
    atomic_fetch_add(&c->requests, 1);
    c->transport.send(c->transport.impl, &req, resp);
    if (resp->status == 0 && !resp->transport_error[0])
        snprintf(resp->transport_error, sizeof resp->transport_error, "no response");
    result = 0;
cleanup:
    gc_sigv4_result_clean_up(&sig);
    gc_buf_clean_up(&host_h);
    gc_buf_clean_up(&ct_h);
    gc_buf_clean_up(&target_h);
    free(host);
    free(path);
    free(query);
    return result;
}

/* Sleeps up to `ms` in slices; returns false if the client was cancelled. */
static bool s_wait(struct gc_aws_client *c, long ms)
{
    while (ms > 0) {
        if (gc_aws_client_cancelled(c))
            return false;
        long step = ms < S_SLEEP_SLICE_MS ? ms : S_SLEEP_SLICE_MS;
        c->clock.sleep_ms(c->clock.impl, step);
        ms -= step;
    }
    return !gc_aws_client_cancelled(c);
}

static uint32_t s_random_u32(void)
{
    uint32_t r = 0;
    if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
        r = (uint32_t)s_monotonic_ms() * 2654435761u;
    return r;
}

static int s_set_error(struct gc_aws_error *err, const char *code, const char *message)
{
    free(err->code);
    free(err->message);
    err->code = gc_strdup(code);
    err->message = gc_strdup(message);
    return err->code ? 0 : -1;
}

/* The AWS provider's field names (aws-sdk-go-base): aws.service, aws.operation, http.status_code, aws.request_id;
 * gc_log adds tf_req_id, tf_rpc and tf_resource_type. Never a header, a body or a credential. */
static void s_log_request(const char *service, const char *operation, const char *region, const char *method,
                          const char *url, int attempt)
{
    if (!gc_log_enabled(GC_LOG_DEBUG))
        return;
    char attempt_s[24];
    snprintf(attempt_s, sizeof attempt_s, "%d", attempt);
    const char *kv[] = {"aws.service", service, "aws.operation", operation, "aws.region", region ? region : "",
                        "http.method", method,  "http.url",      url,       "attempt",    attempt_s,
                        NULL};
    gc_log_fields(GC_LOG_DEBUG, "HTTP Request Sent", kv);
}

static void s_log_response(const char *service, const char *operation, const struct gc_http_response *resp,
                           const char *request_id, int64_t duration_ms)
{
    if (!gc_log_enabled(GC_LOG_DEBUG))
        return;
    char status_s[24], duration_s[24];
    snprintf(status_s, sizeof status_s, "%ld", resp->status);
    snprintf(duration_s, sizeof duration_s, "%lld", (long long)duration_ms);
    const char *kv[] = {
        "aws.service",
        service,
        "aws.operation",
        operation,
        "http.status_code",
        status_s,
        "aws.request_id",
        request_id ? request_id : "",
        "http.duration_ms",
        duration_s,
        "transport_error",
        resp->status == 0 ? resp->transport_error : "",
        NULL,
    };
    gc_log_fields(GC_LOG_DEBUG, "HTTP Response Received", kv);
}

static void s_log_call(const struct gc_aws_call *call, long status, int attempts, int64_t duration_ms, const char *code,
                       const char *request_id)
{
    if (!gc_log_enabled(GC_LOG_DEBUG))
        return;
    char status_s[24], attempts_s[24], duration_s[24];
    snprintf(status_s, sizeof status_s, "%ld", status);
    snprintf(attempts_s, sizeof attempts_s, "%d", attempts);
    snprintf(duration_s, sizeof duration_s, "%lld", (long long)duration_ms);
    const char *kv[] = {
        "aws.service",
        gc_aws_service_key(call->svc),
        "aws.operation",
        call->operation ? call->operation : "",
        "http.status_code",
        status_s,
        "attempts",
        attempts_s,
        "duration_ms",
        duration_s,
        "aws.error_code",
        code ? code : "",
        "aws.request_id",
        request_id ? request_id : "",
        NULL,
    };
    gc_log_fields(GC_LOG_DEBUG, "AWS call", kv);
}

/* The error of an attempt that got no HTTP response. An unreachable endpoint names its URL, since the usual
 * cause is the endpoint itself (no network, a wrong `endpoints` entry or AWS_ENDPOINT_URL). */
static int s_set_transport_error(struct gc_aws_error *err, const char *endpoint, const struct gc_http_response *resp)
{
    int result = -1;
    struct gc_buf message;

    gc_buf_init(&message, sizeof resp->transport_error + 4096);
    if (!err->unreachable) {
        result = s_set_error(err, "RequestError", resp->transport_error);
        goto cleanup;
    }
    if (gc_buf_printf(&message, "cannot reach %s: %s", endpoint, resp->transport_error) != 0)
        goto cleanup;
    result = s_set_error(err, "RequestError", gc_buf_cstr(&message));
cleanup:
    gc_buf_clean_up(&message);
    return result;
}

/* One debug line per retry: the attempt that failed, why (HTTP status and AWS code, or the transport error),
 * and how long we wait before the next one. */
static void s_log_retry(const struct gc_aws_call *call, int attempt, const struct gc_http_response *resp,
                        const struct gc_aws_error *err, long delay_ms)
{
    if (!gc_log_enabled(GC_LOG_DEBUG))
        return;
    char status_s[24], attempt_s[24], delay_s[24];
    snprintf(status_s, sizeof status_s, "%ld", resp->status);
    snprintf(attempt_s, sizeof attempt_s, "%d", attempt);
    snprintf(delay_s, sizeof delay_s, "%ld", delay_ms);
    const char *kv[] = {
        "aws.service",
        gc_aws_service_key(call->svc),
        "aws.operation",
        call->operation ? call->operation : "",
        "attempt",
        attempt_s,
        "http.status_code",
        status_s,
        "aws.error_code",
        err->code ? err->code : "",
        "aws.request_id",
        err->request_id ? err->request_id : "",
        "transport_error",
        resp->status == 0 ? resp->transport_error : "",
        "retry_reason",
        resp->status == 0                        ? "transport error"
        : gc_retry_is_throttling_code(err->code) ? "throttled"
                                                 : "transient error",
        "retry_delay_ms",
        delay_s,
        NULL,
    };
    gc_log_fields(GC_LOG_DEBUG, "AWS call retry", kv);
}

/* The time the adaptive mode's send rate runs on: the clock seam's, else the real monotonic clock. */
static int64_t s_rate_now_ms(const struct gc_aws_client *c)
{
    return c->clock.monotonic_ms ? c->clock.monotonic_ms(c->clock.impl) : s_monotonic_ms();
}

/* Adaptive mode: waits for this send's turn under the client's send rate (none until AWS throttled it). False
 * when the wait was cancelled. */
static bool s_rate_wait(struct gc_aws_client *c)
{
    if (c->retry_mode != GC_AWS_RETRY_ADAPTIVE)
        return true;
    pthread_mutex_lock(&c->rate_lock);
    long delay_ms = gc_retry_rate_acquire(&c->rate, s_rate_now_ms(c));
    pthread_mutex_unlock(&c->rate_lock);
    if (delay_ms > 0)
        GC_DEBUG("adaptive retry mode: waiting %ld ms for this request's turn", delay_ms);
    return delay_ms <= 0 || s_wait(c, delay_ms);
}

/* Adaptive mode: a throttling answer slows the client down, a success lets it speed up again. */
static void s_rate_update(struct gc_aws_client *c, const struct gc_http_response *resp, const struct gc_aws_error *err)
{
    if (c->retry_mode != GC_AWS_RETRY_ADAPTIVE)
        return;
    pthread_mutex_lock(&c->rate_lock);
    if (resp->status >= 200 && resp->status < 300)
        gc_retry_rate_succeeded(&c->rate);
    else if (err->code && gc_retry_is_throttling_code(err->code))
        gc_retry_rate_throttled(&c->rate, s_rate_now_ms(c));
    pthread_mutex_unlock(&c->rate_lock);
}

int gc_aws_client_send(struct gc_aws_client *c, const struct gc_aws_call *call, struct gc_http_response *resp,
                       struct gc_aws_error *err)
{
    int result = -1;
    char *url = NULL;
    char *base = NULL;
    char *ok_request_id = NULL;
    int attempt = 0;
    int64_t started_ms = s_monotonic_ms();

    memset(resp, 0, sizeof *resp);
    memset(err, 0, sizeof *err);
    err->service = call->svc;
    err->operation = gc_strdup(call->operation);

    if (gc_aws_client_cancelled(c)) {
        s_set_error(err, "RequestCanceled", "the provider is stopping");
        goto cleanup;
    }
    if (!call->creds && s_refresh_creds(c, err) != 0)
        goto cleanup;
    base = gc_aws_client_endpoint_url(c, call->svc);
    if (!base)
        goto cleanup;
    size_t url_len = strlen(base) + strlen(call->path_and_query ? call->path_and_query : "/") + 1;
    url = malloc(url_len);
    if (!url)
        goto cleanup;
    snprintf(url, url_len, "%s%s", base, call->path_and_query ? call->path_and_query : "/");

    for (;;) {
        attempt++;
        err->unreachable = false;
        gc_http_response_clean_up(resp);
        memset(resp, 0, sizeof *resp);
        if (!s_rate_wait(c)) {
            s_set_error(err, "RequestCanceled", "the provider is stopping");
            break;
        }
        int64_t attempt_started_ms = s_monotonic_ms();
        s_log_request(gc_aws_service_key(call->svc), call->operation ? call->operation : "",
                      gc_aws_client_signing_region(c, call->svc), call->method ? call->method : "POST", url, attempt);
        int sent = s_sign_and_send(c, call, url, resp);
        if (sent == 0) {
            char *rid = gc_aws_response_request_id(call->proto, resp);
            s_log_response(gc_aws_service_key(call->svc), call->operation ? call->operation : "", resp, rid,
                           s_monotonic_ms() - attempt_started_ms);
            free(rid);
        }
        if (sent != 0) {
            s_set_error(err, "RequestError", resp->transport_error[0] ? resp->transport_error : "signing failed");
            break;
        }
        if (resp->status >= 200 && resp->status < 300) {
            s_rate_update(c, resp, err);
            result = 0;
            break;
        }
        free(err->code);
        free(err->message);
        free(err->request_id);
        err->code = err->message = err->request_id = NULL;
        err->http_status = resp->status;
        err->unreachable =
            resp->status == 0 && (resp->failure == GC_HTTP_FAILURE_RESOLVE || resp->failure == GC_HTTP_FAILURE_CONNECT);
        if (resp->status == 0) {
            if (s_set_transport_error(err, base, resp) != 0)
                break;
        } else if (gc_aws_parse_error(err, call->proto, resp) != 0) {
            break;
        }
        s_rate_update(c, resp, err);
        if (resp->status == 0 && resp->failure == GC_HTTP_FAILURE_TLS)
            break; /* an untrusted certificate stays untrusted: custom_ca_bundle / AWS_CA_BUNDLE, not a retry */
        bool retry = err->unreachable ? gc_retry_should_retry_unreachable(attempt, c->max_retries)
                                      : gc_retry_should_retry_operation(call->operation, resp->status, err->code,
                                                                        attempt, c->max_retries);
        if (!retry || (!err->unreachable && gc_retry_is_quota_code(gc_aws_service_key(call->svc), err->code)))
            break;
        uint32_t draw = c->clock.jitter ? c->clock.jitter(c->clock.impl) : s_random_u32();
        long base_ms = err->unreachable ? GC_RETRY_UNREACHABLE_BASE_MS : GC_RETRY_BASE_MS;
        long cap_ms = err->unreachable ? GC_RETRY_UNREACHABLE_CAP_MS : GC_RETRY_CAP_MS;
        long delay_ms = gc_retry_backoff_ms(attempt, draw, base_ms, cap_ms);
        s_log_retry(call, attempt, resp, err, delay_ms);
        if (!s_wait(c, delay_ms)) {
            s_set_error(err, "RequestCanceled", "the provider is stopping; last error kept in the log");
            break;
        }
    }
cleanup:
    err->attempts = attempt;
    if (result == 0) {
        ok_request_id = gc_aws_response_request_id(call->proto, resp);
        s_log_call(call, resp->status, attempt, s_monotonic_ms() - started_ms, NULL, ok_request_id);
        gc_aws_error_clean_up(err);
        err->attempts = attempt;
    } else {
        if (!err->code)
            s_set_error(err, "RequestError", "out of memory");
        s_log_call(call, err->http_status, attempt, s_monotonic_ms() - started_ms, err->code, err->request_id);
        gc_http_response_clean_up(resp);
    }
    free(ok_request_id);
    free(url);
    free(base);
    return result;
}

int gc_aws_client_http(struct gc_aws_client *c, const char *svc_name, const char *operation,
                       const struct gc_http_request *req, struct gc_http_response *resp)
{
    int64_t started_ms = s_monotonic_ms();
    memset(resp, 0, sizeof *resp);
    if (gc_aws_client_cancelled(c)) {
        snprintf(resp->transport_error, sizeof resp->transport_error, "the provider is stopping");
        return -1;
    }
    s_log_request(svc_name, operation, NULL, req->method ? req->method : "GET", req->url, 1);
    atomic_fetch_add(&c->requests, 1);
    c->transport.send(c->transport.impl, req, resp);
    if (resp->status == 0 && !resp->transport_error[0])
        snprintf(resp->transport_error, sizeof resp->transport_error, "no response");
    s_log_response(svc_name, operation, resp, gc_http_response_header(resp, "x-amzn-requestid"),
                   s_monotonic_ms() - started_ms);
    return resp->status == 0 ? -1 : 0;
}

/* ---- credentials from an assumed role, and the account id (the STS calls are in gc_sts.c) ---- */

/* Fetches the base credentials (from the supplier, else the static ones), assumes each role in turn, and installs
 * the result. Called with refresh_lock held. */
static int s_establish(struct gc_aws_client *c, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_aws_credentials current = {0};
    struct gc_aws_credentials next = {0};
    struct gc_aws_credentials old = {0};

    if (c->supplier.fetch) {
        if (c->supplier.fetch(c->supplier.impl, c, &current, err) != 0)
            goto cleanup;
    } else if (gc_aws_credentials_copy(&current, &c->base_creds) != 0) {
        gc_aws_error_set(err, GC_SVC_STS, "AssumeRole", "RequestError", "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < c->n_roles; i++) {
        const struct gc_aws_role_settings *r = &c->roles[i];
        if (gc_sts_assume_role(c, &current, r->arn, r->session_name, r->external_id, r->duration_s, &next, err) != 0)
            goto cleanup;
        GC_INFO("aws: assumed role %s (%zu of %zu)", r->arn, i + 1, c->n_roles);
        gc_aws_credentials_clean_up(&current);
        current = next;
        memset(&next, 0, sizeof next);
    }
    pthread_mutex_lock(&c->creds_lock);
    old = c->creds;
    c->creds = current;
    c->assumed = true;
    pthread_mutex_unlock(&c->creds_lock);
    memset(&current, 0, sizeof current);
    result = 0;
cleanup:
    gc_aws_credentials_clean_up(&old);
    gc_aws_credentials_clean_up(&next);
    gc_aws_credentials_clean_up(&current);
    return result;
}

static bool s_dynamic(const struct gc_aws_client *c)
{
    return c->n_roles > 0 || c->supplier.fetch != NULL;
}

int gc_aws_client_assume_configured_role(struct gc_aws_client *c, struct gc_aws_error *err)
{
    memset(err, 0, sizeof *err);
    if (!s_dynamic(c))
        return 0;
    pthread_mutex_lock(&c->refresh_lock);
    int rc = s_establish(c, err);
    pthread_mutex_unlock(&c->refresh_lock);
    return rc;
}

const char *gc_aws_client_credential_source(const struct gc_aws_client *c)
{
    return c->supplier.name;
}

static int s_refresh_creds(struct gc_aws_client *c, struct gc_aws_error *err)
{
    if (!s_dynamic(c))
        return 0;
    int result = 0;
    pthread_mutex_lock(&c->refresh_lock);
    pthread_mutex_lock(&c->creds_lock);
    time_t exp = c->creds.expiration;
    bool assumed = c->assumed;
    pthread_mutex_unlock(&c->creds_lock);
    time_t now = c->clock.now(c->clock.impl);
    if (assumed && exp != 0 && now + S_REFRESH_MARGIN_S >= exp) {
        struct gc_aws_error inner = {0};
        GC_DEBUG("refreshing credentials (%s%s)", c->supplier.name ? c->supplier.name : "static",
                 c->n_roles ? ", then the assumed roles" : "");
        if (s_establish(c, &inner) != 0) {
            free(err->code);
            free(err->message);
            err->code = inner.code;
            err->message = inner.message;
            inner.code = inner.message = NULL;
            err->http_status = inner.http_status;
            result = -1;
        }
        gc_aws_error_clean_up(&inner);
    }
    pthread_mutex_unlock(&c->refresh_lock);
    return result;
}

int gc_aws_client_account_id(struct gc_aws_client *c, const char **out, struct gc_aws_error *err)
{
    int result = -1;

    *out = NULL;
    memset(err, 0, sizeof *err);
    pthread_mutex_lock(&c->account_lock);
    if (!c->account_id && gc_sts_caller_account(c, &c->account_id, err) != 0)
        goto cleanup;
    *out = c->account_id;
    result = 0;
cleanup:
    pthread_mutex_unlock(&c->account_lock);
    return result;
}
