/* The AWS client: configuration and credentials, SigV4-signed HTTPS calls with retries (gc_http_tls.h; libcurl
 * with a proxy), and the four wire protocols gcnet needs (EC2 query, STS query, JSON 1.1, REST-JSON; REST-XML for
 * Route 53).
 *
 * Every call logs one line (service, operation, HTTP status, attempts, duration; never a credential) and, on
 * failure, fills a struct gc_aws_error that the caller may turn into a Terraform diagnostic with
 * gc_aws_error_diag (service, operation, error code, message and request id).
 *
 * A client is shared by all the worker threads of one provider instance; every function here is
 * thread-safe for a shared client. */
#ifndef GC_AWS_H
#define GC_AWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "base/gc_buf.h"
#include "base/gc_diag.h"

struct gc_xml_doc; /* aws/gc_xml.h */

enum gc_aws_service {
    GC_SVC_EC2 = 0,
    GC_SVC_STS,
    GC_SVC_RAM,
    GC_SVC_ROUTE53,
    GC_SVC_ROUTE53RESOLVER,
    GC_SVC_ACMPCA,
    GC_SVC_DIRECTCONNECT,
    GC_SVC_COUNT,
};

/* "ec2", "sts", "ram", "route53", "route53resolver", "acmpca", "directconnect": the provider's `endpoints`
 * block keys and the AWS_ENDPOINT_URL_<KEY> suffixes (upper-cased). */
const char *gc_aws_service_key(enum gc_aws_service svc);
/* The SigV4 signing name ("ec2", "acm-pca", ...). */
const char *gc_aws_service_signing_name(enum gc_aws_service svc);

/* One assume_role block. Blocks are assumed in order, each with the credentials the previous one gave (role
 * chaining, as the AWS provider v5). */
struct gc_aws_role {
    char *arn;
    char *session_name;
    char *external_id;  /* sensitive-ish: never logged */
    char *duration;     /* "1h", "45m", "1h30m"; NULL: not set */
    int64_t duration_s; /* the deprecated duration_seconds; 0: not set */
};

#define GC_AWS_MAX_ROLES 8

/* The assume_role_with_web_identity block: base credentials from STS AssumeRoleWithWebIdentity. */
struct gc_aws_web_identity {
    char *role_arn;
    char *session_name;
    char *token;      /* sensitive */
    char *token_file; /* read at every (re)fetch */
    char *duration;
};

/* What the provider block (and the environment) says. All strings owned; gc_aws_config_clean_up frees. */
struct gc_aws_config {
    char *region;
    char *profile;
    char **shared_config_files;
    size_t n_shared_config_files;
    char **shared_credentials_files;
    size_t n_shared_credentials_files;
    char *access_key;
    char *secret_key; /* sensitive */
    char *token;      /* sensitive */
    struct gc_aws_role roles[GC_AWS_MAX_ROLES];
    size_t n_roles;
    bool has_web_identity;
    struct gc_aws_web_identity web_identity;
    char *endpoints[GC_SVC_COUNT]; /* per-service override from the provider block; NULL: none */
    int max_retries;               /* < 0: default (25, as the AWS provider) */
    bool skip_credentials_validation;
    char *custom_ca_bundle; /* NULL: AWS_CA_BUNDLE, else the system store */
    char *http_proxy;       /* NULL: HTTP_PROXY/http_proxy; "": none */
    char *https_proxy;      /* NULL: HTTPS_PROXY/https_proxy; "": none */
    char *no_proxy;         /* NULL: NO_PROXY/no_proxy */
    char *retry_mode;       /* NULL: AWS_RETRY_MODE, else "standard" */
    char *sts_region;       /* NULL: the region */
};

void gc_aws_config_clean_up(struct gc_aws_config *cfg);

/* The two regions Government Cloud allows (ap-northeast-1, ap-northeast-3). */
bool gc_aws_region_is_allowed(const char *region);
/* arn:aws:iam::<12 digits>:role/<path and name> */
bool gc_aws_role_arn_is_valid(const char *arn);
/* An http:// or https:// URL with a host and no whitespace or control characters. */
bool gc_aws_endpoint_url_is_valid(const char *url);
/* 2-64 characters of [A-Za-z0-9_+=,.@-] (STS RoleSessionName). */
bool gc_aws_session_name_is_valid(const char *name);
/* A duration as the AWS provider writes it ("1h", "45m", "1h30m", "900s"): whole numbers with the units h, m
 * and s. *out_s is the total in seconds. Returns 0, or -1 (malformed, a fraction, ms/us/ns, over 1e6 s). */
int gc_aws_parse_duration(const char *text, int64_t *out_s);
/* "ap-northeast-1", "us-east-1": a syntactically valid region name (any partition's). */
bool gc_aws_region_name_is_valid(const char *region);

struct gc_aws_credentials {
    char *access_key_id;
    char *secret_access_key; /* wiped on clean-up */
    char *session_token;     /* wiped on clean-up */
    time_t expiration;       /* 0: does not expire */
};

void gc_aws_credentials_clean_up(struct gc_aws_credentials *creds);

/* An HTTP request as signed and sent. Headers are "Name: value" strings. */
struct gc_http_request {
    const char *method;
    const char *url; /* full URL: scheme://host[:port]/path?query */
    const char *const *headers;
    size_t n_headers;
    struct gc_span body;
    long timeout_ms;
};

/* Why no HTTP response arrived. Zero is every transport failure not named here (a timeout, TLS, a dropped
 * connection): the request may have reached AWS. The named ones mean it did not leave this machine. */
enum gc_http_failure {
    GC_HTTP_FAILURE_OTHER = 0,
    GC_HTTP_FAILURE_RESOLVE, /* the host or proxy name did not resolve */
    GC_HTTP_FAILURE_CONNECT, /* no connection could be made (refused, unreachable network) */
    GC_HTTP_FAILURE_TLS,     /* the peer's certificate was not trusted: no retry will change that */
};

struct gc_http_response {
    long status;        /* 0 when no HTTP response arrived */
    struct gc_buf body; /* capped */
    char **headers;     /* "name: value" (name lower-cased), owned */
    size_t n_headers;
    char transport_error[256];    /* set when status == 0 (connection refused, timeout, TLS, ...) */
    enum gc_http_failure failure; /* with status == 0 */
};

void gc_http_response_clean_up(struct gc_http_response *resp);
/* Header value (borrowed) by case-insensitive name, or NULL. */
const char *gc_http_response_header(const struct gc_http_response *resp, const char *name);

/* Test seam: how requests leave the process. The default is gc_http_tls.h (libcurl with a proxy, gc_http.h). */
struct gc_http_transport {
    int (*send)(void *impl, const struct gc_http_request *req, struct gc_http_response *resp);
    void *impl;
};

/* Test seam: the clock and sleep used by signing and retries, and the random draw behind the backoff's jitter
 * (`jitter` NULL: OpenSSL's RAND_bytes), so that tests can make a retry's delay certain. */
struct gc_aws_clock {
    time_t (*now)(void *impl);
    void (*sleep_ms)(void *impl, long ms);
    void *impl;
    uint32_t (*jitter)(void *impl);
    int64_t (*monotonic_ms)(void *impl); /* NULL: CLOCK_MONOTONIC; the adaptive retry mode's send rate runs on it */
};

struct gc_aws_error {
    enum gc_aws_service service;
    char *operation;
    long http_status; /* 0: no HTTP response */
    char *code;       /* AWS error code, e.g. "InvalidTransitGatewayID.NotFound"; or "RequestError" */
    char *message;
    char *request_id;
    int attempts;
    bool unreachable; /* the endpoint could not be reached (name not resolved, connection refused): no AWS answer */
};

void gc_aws_error_clean_up(struct gc_aws_error *err);
/* Replaces *err (NULL: nothing) with an error found by our own code rather than in an AWS answer: a refused
 * argument, a malformed answer, no memory. */
void gc_aws_error_set(struct gc_aws_error *err, enum gc_aws_service svc, const char *operation, const char *code,
                      const char *message);
bool gc_aws_error_is(const struct gc_aws_error *err, const char *code);
/* Adds an error diagnostic: summary "<service> <operation> failed", detail with code, message, HTTP status
 * and request id. `path` may be NULL. */
void gc_aws_error_diag(struct gc_diags *diags, const struct gc_path *path, const struct gc_aws_error *err);

struct gc_aws_client;

/* Resolves region, credentials (explicit keys, env, shared files and profiles, then assume_role) and
 * endpoints (provider block, AWS_ENDPOINT_URL_<SVC>, AWS_ENDPOINT_URL, else the real AWS host). Problems
 * become diagnostics on the provider attribute that caused them. Does not call STS GetCallerIdentity. */
int gc_aws_client_new(struct gc_aws_client **out, const struct gc_aws_config *cfg, struct gc_diags *diags);
void gc_aws_client_free(struct gc_aws_client *client);
/* Replace the transport or clock (tests). Call before any request. */
void gc_aws_client_set_transport(struct gc_aws_client *client, const struct gc_http_transport *transport);
void gc_aws_client_set_clock(struct gc_aws_client *client, const struct gc_aws_clock *clock);
const char *gc_aws_client_region(const struct gc_aws_client *client);
/* The account id from GetCallerIdentity, cached after the first successful call. */
int gc_aws_client_account_id(struct gc_aws_client *client, const char **out, struct gc_aws_error *err);
/* Asks every retry loop and wait of this client to stop as soon as possible (StopProvider). */
void gc_aws_client_cancel(struct gc_aws_client *client);
bool gc_aws_client_cancelled(const struct gc_aws_client *client);
/* Number of HTTP requests sent so far (for benchmarks and tests). */
uint64_t gc_aws_client_request_count(const struct gc_aws_client *client);
/* Number of operations sent so far that are not reads (gc_aws_op_is_read), counted when each call has ended,
 * whatever its outcome: a read that began before it may not see what it did (framework/gc_read_cache.h). */
uint64_t gc_aws_client_write_count(const struct gc_aws_client *client);

/* ---- EC2 / STS query protocol ---- */

/* Ordered form parameters. Keys and values are copied. */
struct gc_query {
    char **keys;
    char **values;
    size_t n;
    size_t cap;
};

void gc_query_init(struct gc_query *q);
void gc_query_clean_up(struct gc_query *q);
int gc_query_add(struct gc_query *q, const char *key, const char *value);
int gc_query_addf(struct gc_query *q, const char *value, const char *key_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds Filter.N.Name / Filter.N.Value.1..M; `filter_index` is 1-based. */
int gc_query_add_filter(struct gc_query *q, int filter_index, const char *name, const char *const *values,
                        size_t n_values);

/* POST Action=<action>&Version=2016-11-15&<params>. On success *out is the parsed response document (free
 * with gc_xml_free_doc). On failure returns -1 and fills *err (which the caller cleans up). Retries throttling,
 * 5xx and transient network errors with capped exponential backoff and jitter, up to max_retries. */
int gc_ec2_call(struct gc_aws_client *client, const char *action, const struct gc_query *params,
                struct gc_xml_doc **out, struct gc_aws_error *err);
int gc_sts_call(struct gc_aws_client *client, const char *action, const struct gc_query *params,
                struct gc_xml_doc **out, struct gc_aws_error *err);

/* ---- JSON 1.1 (Route 53 Resolver, ACM PCA, Direct Connect) ---- */

/* X-Amz-Target "<prefix>.<operation>"; `body` is borrowed (NULL sends {}); *out owned (json_decref). */
int gc_json_call(struct gc_aws_client *client, enum gc_aws_service svc, const char *operation, json_t *body,
                 json_t **out, struct gc_aws_error *err);

/* ---- REST-JSON (RAM) ---- */

/* `path_and_query` e.g. "/getresourceshares" or "/deleteresourceshare?resourceShareArn=..." (already
 * encoded); `body` borrowed, may be NULL. */
int gc_rest_json_call(struct gc_aws_client *client, enum gc_aws_service svc, const char *operation, const char *method,
                      const char *path_and_query, json_t *body, json_t **out, struct gc_aws_error *err);

/* ---- REST-XML (Route 53) ---- */
int gc_rest_xml_call(struct gc_aws_client *client, enum gc_aws_service svc, const char *operation, const char *method,
                     const char *path_and_query, struct gc_span body, struct gc_xml_doc **out,
                     struct gc_aws_error *err);

/* Percent-encodes per RFC 3986 unreserved (as SigV4 wants) into `out`. */
int gc_aws_uri_encode(struct gc_buf *out, const char *s, bool encode_slash);

/* A random token (UUID v4 text) for idempotency fields (clientToken, CreatorRequestId, ...). */
int gc_aws_new_token(char out[37]);

#endif
