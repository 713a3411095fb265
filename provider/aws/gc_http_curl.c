/* The default HTTP transport: libcurl (see gc_http.h).
 *
 * Connections are reused through a pool of idle easy handles: a worker takes one, sends, and gives it back,
 * and the handle keeps its connections alive between requests. libcurl 7.88 does not support sharing a
 * connection cache between threads that run at the same time, so only the DNS cache and TLS sessions are
 * shared (with locks). */
#include "aws/gc_http.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/gc_curl_lib.h"
#include "base/gc_log.h"

#define GC_HTTP_POOL_MAX 16

struct gc_http_curl {
    CURLSH *share;
    pthread_mutex_t pool_lock;
    CURL *pool[GC_HTTP_POOL_MAX]; /* idle handles, each with its own live connections */
    size_t n_pool;
    pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
    bool locks_ready;
    const atomic_bool *cancel;
    char *ca_file;
    char *http_proxy;
    char *https_proxy;
    char *no_proxy;
};

static void s_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr)
{
    (void)handle;
    (void)access;
    struct gc_http_curl *c = userptr;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
        pthread_mutex_lock(&c->locks[data]);
}

static void s_unlock(CURL *handle, curl_lock_data data, void *userptr)
{
    (void)handle;
    struct gc_http_curl *c = userptr;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
        pthread_mutex_unlock(&c->locks[data]);
}

static int s_copy_option(char **dst, const char *src)
{
    *dst = NULL;
    if (!src || !*src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

int gc_http_curl_new(struct gc_http_curl **out, const struct gc_http_curl_options *options)
{
    int result = -1;
    struct gc_http_curl *c = NULL;

    *out = NULL;
    const struct gc_curl_lib *L = gc_curl_lib();
    if (!L)
        goto cleanup;
    c = calloc(1, sizeof *c);
    if (!c)
        goto cleanup;
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&c->locks[i], NULL);
    pthread_mutex_init(&c->pool_lock, NULL);
    c->locks_ready = true;
    if (options &&
        (s_copy_option(&c->ca_file, options->ca_file) != 0 || s_copy_option(&c->http_proxy, options->http_proxy) != 0 ||
         s_copy_option(&c->https_proxy, options->https_proxy) != 0 ||
         s_copy_option(&c->no_proxy, options->no_proxy) != 0))
        goto cleanup;
    c->share = L->share_init();
    if (!c->share)
        goto cleanup;
    if (L->share_setopt(c->share, CURLSHOPT_LOCKFUNC, s_lock) != CURLSHE_OK ||
        L->share_setopt(c->share, CURLSHOPT_UNLOCKFUNC, s_unlock) != CURLSHE_OK ||
        L->share_setopt(c->share, CURLSHOPT_USERDATA, c) != CURLSHE_OK ||
        L->share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
        L->share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)
        goto cleanup;
    *out = c;
    c = NULL;
    result = 0;
cleanup:
    gc_http_curl_free(c);
    return result;
}

void gc_http_curl_free(struct gc_http_curl *c)
{
    if (!c)
        return;
    const struct gc_curl_lib *L = gc_curl_lib(); /* loaded: gc_http_curl_new made `c` */
    for (size_t i = 0; i < c->n_pool; i++)
        L->easy_cleanup(c->pool[i]);
    if (c->share)
        L->share_cleanup(c->share);
    if (c->locks_ready) {
        for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
            pthread_mutex_destroy(&c->locks[i]);
        pthread_mutex_destroy(&c->pool_lock);
    }
    free(c->ca_file);
    free(c->http_proxy);
    free(c->https_proxy);
    free(c->no_proxy);
    free(c);
}

void gc_http_curl_set_cancel_flag(struct gc_http_curl *c, const atomic_bool *flag)
{
    if (c)
        c->cancel = flag;
}

static int s_on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    const struct gc_http_curl *c = userdata;
    return (c && c->cancel && atomic_load(c->cancel)) ? 1 : 0;
}

struct gc_http_transport gc_http_curl_transport(struct gc_http_curl *c)
{
    struct gc_http_transport t = {gc_http_curl_send, c};
    return t;
}

void gc_http_response_clean_up(struct gc_http_response *resp)
{
    if (!resp)
        return;
    gc_buf_clean_up(&resp->body);
    for (size_t i = 0; i < resp->n_headers; i++)
        free(resp->headers[i]);
    free(resp->headers);
    resp->headers = NULL;
    resp->n_headers = 0;
    resp->status = 0;
    resp->transport_error[0] = '\0';
}

const char *gc_http_response_header(const struct gc_http_response *resp, const char *name)
{
    if (!resp || !name)
        return NULL;
    size_t n = strlen(name);
    for (size_t i = 0; i < resp->n_headers; i++) {
        const char *h = resp->headers[i];
        if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
            const char *v = h + n + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            return v;
        }
    }
    return NULL;
}

struct s_ctx {
    struct gc_http_response *resp;
    bool too_large;
    bool oom;
};

static size_t s_on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct s_ctx *ctx = userdata;
    size_t n = size * nmemb;
    if (gc_buf_append(&ctx->resp->body, ptr, n) != 0) {
        ctx->too_large = true;
        return 0;
    }
    return n;
}

static void s_clear_headers(struct gc_http_response *resp)
{
    for (size_t i = 0; i < resp->n_headers; i++)
        free(resp->headers[i]);
    resp->n_headers = 0;
}

static size_t s_on_header(char *ptr, size_t size, size_t nitems, void *userdata)
{
    struct s_ctx *ctx = userdata;
    struct gc_http_response *resp = ctx->resp;
    size_t n = size * nitems;
    size_t len = n;

    while (len > 0 && (ptr[len - 1] == '\r' || ptr[len - 1] == '\n'))
        len--;
    if (len >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
        /* a new response (after 100 Continue or a redirect): forget the previous headers */
        s_clear_headers(resp);
        return n;
    }
    const char *colon = memchr(ptr, ':', len);
    if (!colon || resp->n_headers >= 512)
        return n;
    char *line = malloc(len + 1);
    char **grown = realloc(resp->headers, (resp->n_headers + 1) * sizeof *grown);
    if (!line || !grown) {
        free(line);
        if (grown)
            resp->headers = grown;
        ctx->oom = true;
        return 0;
    }
    resp->headers = grown;
    memcpy(line, ptr, len);
    line[len] = '\0';
    for (size_t i = 0; i < (size_t)(colon - ptr); i++)
        line[i] = (char)tolower((unsigned char)line[i]);
    resp->headers[resp->n_headers++] = line;
    return n;
}

/* An idle handle from the pool (reset, connections kept), or a new one. */
static CURL *s_handle_take(const struct gc_curl_lib *L, struct gc_http_curl *c)
{
    CURL *easy = NULL;
    if (c) {
        pthread_mutex_lock(&c->pool_lock);
        if (c->n_pool > 0)
            easy = c->pool[--c->n_pool];
        pthread_mutex_unlock(&c->pool_lock);
    }
    if (easy)
        L->easy_reset(easy);
    return easy ? easy : L->easy_init();
}

/* Gives a handle back to the pool, or closes it when the pool is full or the request failed. */
static void s_handle_give(const struct gc_curl_lib *L, struct gc_http_curl *c, CURL *easy, bool reusable)
{
    if (!easy)
        return;
    if (c && reusable) {
        pthread_mutex_lock(&c->pool_lock);
        if (c->n_pool < GC_HTTP_POOL_MAX) {
            c->pool[c->n_pool++] = easy;
            easy = NULL;
        }
        pthread_mutex_unlock(&c->pool_lock);
    }
    if (easy)
        L->easy_cleanup(easy);
}

enum gc_http_failure gc_http_curl_failure(int curl_code)
{
    switch (curl_code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return GC_HTTP_FAILURE_RESOLVE;
    case CURLE_COULDNT_CONNECT:
        return GC_HTTP_FAILURE_CONNECT;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        return GC_HTTP_FAILURE_TLS;
    default:
        return GC_HTTP_FAILURE_OTHER;
    }
}

int gc_http_curl_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    int result = -1;
    struct gc_http_curl *c = impl;
    CURL *easy = NULL;
    struct curl_slist *headers = NULL;
    struct s_ctx ctx = {resp, false, false};
    char errbuf[CURL_ERROR_SIZE] = "";
    CURLcode rc;

    memset(resp, 0, sizeof *resp);
    gc_buf_init(&resp->body, GC_HTTP_BODY_MAX);
    const struct gc_curl_lib *L = gc_curl_lib();
    if (!L) {
        snprintf(resp->transport_error, sizeof resp->transport_error, "%s", gc_curl_lib_error());
        goto cleanup;
    }
    easy = s_handle_take(L, c);
    if (!easy) {
        snprintf(resp->transport_error, sizeof resp->transport_error, "cannot create a curl handle");
        goto cleanup;
    }
    for (size_t i = 0; i < req->n_headers; i++) {
        struct curl_slist *next = L->slist_append(headers, req->headers[i]);
        if (!next) {
            snprintf(resp->transport_error, sizeof resp->transport_error, "out of memory");
            goto cleanup;
        }
        headers = next;
    }
    struct curl_slist *next = L->slist_append(headers, "Expect:");
    if (!next)
        goto cleanup;
    headers = next;

    long timeout_ms = req->timeout_ms > 0 ? req->timeout_ms : GC_HTTP_DEFAULT_TIMEOUT_MS;
    L->easy_setopt(easy, CURLOPT_URL, req->url);
    L->easy_setopt(easy, CURLOPT_SHARE, c ? c->share : NULL);
    L->easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    L->easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    L->easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    L->easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    L->easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c && c->ca_file)
        L->easy_setopt(easy, CURLOPT_CAINFO, c->ca_file);
    /* the proxy the configuration resolved, never libcurl's own reading of the environment ("" = none) */
    bool https = strncasecmp(req->url, "https:", 6) == 0;
    const char *proxy = c ? (https ? c->https_proxy : c->http_proxy) : NULL;
    L->easy_setopt(easy, CURLOPT_PROXY, proxy ? proxy : "");
    if (proxy && c->no_proxy)
        L->easy_setopt(easy, CURLOPT_NOPROXY, c->no_proxy);
    L->easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    L->easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, GC_HTTP_CONNECT_TIMEOUT_MS);
    L->easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    L->easy_setopt(easy, CURLOPT_WRITEFUNCTION, s_on_body);
    L->easy_setopt(easy, CURLOPT_WRITEDATA, &ctx);
    L->easy_setopt(easy, CURLOPT_HEADERFUNCTION, s_on_header);
    L->easy_setopt(easy, CURLOPT_HEADERDATA, &ctx);
    L->easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
    L->easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    L->easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, s_on_progress);
    L->easy_setopt(easy, CURLOPT_XFERINFODATA, c);
    L->easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    L->easy_setopt(easy, CURLOPT_USERAGENT, "gcnet-terraform-provider/0.1");

    const char *method = req->method ? req->method : "GET";
    if (strcmp(method, "GET") == 0) {
        L->easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(method, "HEAD") == 0) {
        L->easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else {
        if (strcmp(method, "POST") != 0)
            L->easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
        if (req->body.len > 0 || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
            L->easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body.len);
            L->easy_setopt(easy, CURLOPT_POSTFIELDS, req->body.len ? (const char *)req->body.ptr : "");
        }
    }

    rc = L->easy_perform(easy);
    if (rc != CURLE_OK) {
        resp->status = 0;
        resp->failure = gc_http_curl_failure((int)rc);
        if (ctx.too_large)
            snprintf(resp->transport_error, sizeof resp->transport_error, "response body larger than %zu bytes",
                     (size_t)GC_HTTP_BODY_MAX);
        else
            snprintf(resp->transport_error, sizeof resp->transport_error, "%s%s%s", L->easy_strerror(rc),
                     errbuf[0] ? ": " : "", errbuf);
        goto cleanup;
    }
    L->easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &resp->status);
    if (resp->status == 0) {
        snprintf(resp->transport_error, sizeof resp->transport_error, "no HTTP status received");
        goto cleanup;
    }
    result = 0;
cleanup:
    if (result != 0 && !resp->transport_error[0])
        snprintf(resp->transport_error, sizeof resp->transport_error, "request failed");
    if (result != 0)
        resp->status = 0;
    if (L) {
        L->slist_free_all(headers);
        s_handle_give(L, c, easy, result == 0);
    }
    return result;
}
