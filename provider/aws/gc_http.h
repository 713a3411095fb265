/* Private to provider/aws: the libcurl transport, used when a proxy is configured (without one: gc_http_tls.h). */
#ifndef GC_HTTP_H
#define GC_HTTP_H

#include <stdatomic.h>

#include "aws/gc_aws.h"

#define GC_HTTP_BODY_MAX ((size_t)64 << 20)
#define GC_HTTP_DEFAULT_TIMEOUT_MS 60000L
#define GC_HTTP_CONNECT_TIMEOUT_MS 10000L

/* One shared CURLSH (DNS cache, TLS sessions, connection pool) guarded by mutexes; one easy handle per
 * request. TLS peer and host verification are always on. Thread-safe. */
struct gc_http_curl;

/* Where TLS trust and proxies come from. NULL members: the system CA store, no proxy. The environment's proxy
 * variables are NOT read here (configuration resolution does that, with the provider block first): libcurl's own
 * reading of them is switched off so that what the provider resolved is what is used. */
struct gc_http_curl_options {
    const char *ca_file;     /* PEM bundle (CURLOPT_CAINFO) */
    const char *http_proxy;  /* for http:// endpoints */
    const char *https_proxy; /* for https:// endpoints */
    const char *no_proxy;    /* comma-separated hosts/domains/CIDRs that bypass the proxy */
};

/* `options` may be NULL; it is copied. */
int gc_http_curl_new(struct gc_http_curl **out, const struct gc_http_curl_options *options);
void gc_http_curl_free(struct gc_http_curl *c);
/* In-flight transfers abort (CURLE_ABORTED_BY_CALLBACK) soon after *flag becomes true. `flag` is borrowed
 * and must outlive `c`; NULL: never. */
void gc_http_curl_set_cancel_flag(struct gc_http_curl *c, const atomic_bool *flag);
/* A struct gc_http_transport whose impl is `c` (borrowed). */
struct gc_http_transport gc_http_curl_transport(struct gc_http_curl *c);
int gc_http_curl_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp);
/* The class of a failed transfer's CURLcode (passed as int so that this header needs no curl.h). */
enum gc_http_failure gc_http_curl_failure(int curl_code);

#endif
