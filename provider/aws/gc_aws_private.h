/* Private to provider/aws: the hand-off between configuration resolution and the client, plus test-only
 * constructors. Not for use outside provider/aws and its unit tests.
 *
 * Who implements what (each layer calls only the ones above it in this list):
 * - gc_ini.c: the shared config/credentials file reader (gc_ini.h);
 * - gc_credentials.c: gc_aws_credentials_clean_up, gc_aws_credentials_copy and the credential chain
 *   (gc_credentials.h), reading the shared files through gc_ini;
 * - gc_config.c: gc_aws_resolve and gc_aws_config_clean_up, region/endpoint/assume_role resolution and the
 *   validators (gc_config.h); it loads the files with gc_ini and asks gc_credentials for the keys;
 * - gc_aws_client.c: the client object and its send pipeline: gc_aws_client_settings_clean_up,
 *   _new_with_settings, gc_aws_client_send, the service names, the assumed-role credentials and their refresh;
 * - gc_sts.c: the STS calls the client makes (AssumeRole, GetCallerIdentity) through the operation tables
 *   (gc_sts.h); they go out through the send pipeline like any other operation;
 * - gc_aws_client_new.c: gc_aws_client_new (= gc_aws_resolve + _new_with_settings + assume role). */
#ifndef GC_AWS_PRIVATE_H
#define GC_AWS_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "aws/gc_aws.h"
#include "base/gc_diag.h"

#define GC_AWS_DEFAULT_MAX_RETRIES 25
#define GC_AWS_DEFAULT_ASSUME_ROLE_DURATION_S 3600

/* A source of base credentials that must be fetched, and fetched again before they expire: a credential_process
 * command, an SSO session's cached token, STS AssumeRoleWithWebIdentity, EC2 instance metadata. `fetch` fills
 * *out (owned by the caller) or returns -1 with *err filled; it may send through the client's transport
 * (gc_aws_client_http) but never through the signed pipeline's credential refresh. `destroy` frees `impl`
 * (wiping any secret it holds). Implemented in gc_cred_sources.c. */
struct gc_aws_cred_supplier {
    const char *name; /* "credential_process", "sso", "web identity", "EC2 instance metadata" */
    int (*fetch)(void *impl, struct gc_aws_client *c, struct gc_aws_credentials *out, struct gc_aws_error *err);
    void (*destroy)(void *impl);
    void *impl;
};

enum gc_aws_retry_mode {
    GC_AWS_RETRY_STANDARD = 0,
    GC_AWS_RETRY_ADAPTIVE,
};

/* Resolved assume_role blocks: the session name is always set, the duration in seconds always > 0. */
struct gc_aws_role_settings {
    char *arn;
    char *session_name;
    char *external_id; /* NULL: none */
    int64_t duration_s;
};

/* Everything a client needs, fully resolved. All strings owned; gc_aws_client_settings_clean_up frees
 * (wiping the credentials). A zeroed struct is valid to clean up. */
struct gc_aws_client_settings {
    char *region;                         /* required */
    struct gc_aws_credentials creds;      /* the static base credentials (unused when supplier.fetch is set) */
    struct gc_aws_cred_supplier supplier; /* base credentials fetched at start and before they expire */
    char *endpoints[GC_SVC_COUNT];        /* resolved base URLs ("http://127.0.0.1:5000"); NULL: real AWS host */
    int max_retries;                      /* >= 0 (resolver applies the default of 25) */
    enum gc_aws_retry_mode retry_mode;
    struct gc_aws_role_settings *roles; /* assumed in order after the base credentials */
    size_t n_roles;
    char *sts_region;                          /* NULL: region */
    char *ca_bundle;                           /* NULL: the system store */
    char *http_proxy, *https_proxy, *no_proxy; /* NULL: none */
    bool skip_credentials_validation;
};

void gc_aws_client_settings_clean_up(struct gc_aws_client_settings *s);
/* A proxy is configured: the client sends through libcurl (loaded then), else through gc_http_tls.h. */
bool gc_aws_client_settings_proxied(const struct gc_aws_client_settings *s);

/* gc_config.c: region, credential chain (explicit, env, shared files/profiles, through gc_credentials.c) and
 * endpoint resolution. Does NOT perform assume_role (the client does, with
 * gc_sts_assume_role). Problems become diagnostics; returns 0 or -1. */
int gc_aws_resolve(struct gc_aws_client_settings *out, const struct gc_aws_config *cfg, struct gc_diags *diags);

/* Builds a client from already-resolved settings (tests; and gc_aws_client_new after gc_aws_resolve).
 * Takes ownership of the settings' contents (*settings is left zeroed, even on failure). Does not contact
 * AWS: assume_role, if requested, is performed by gc_aws_client_assume_configured_role. */
int gc_aws_client_new_with_settings(struct gc_aws_client **out, struct gc_aws_client_settings *settings);

/* Fetches the base credentials from the supplier (if any), then assumes each configured role in turn with the
 * credentials before it, and installs the result. With neither, a no-op. */
int gc_aws_client_assume_configured_role(struct gc_aws_client *c, struct gc_aws_error *err);

/* The name of the client's fetched credential source ("credential_process", ...), NULL for static keys. */
const char *gc_aws_client_credential_source(const struct gc_aws_client *c);

/* Sends one unsigned request through the client's transport (the test seam): IMDS, SSO, web identity. Counts
 * and logs it like a signed call. `svc_name`/`operation` are for the log. Returns 0 when an HTTP response
 * arrived (any status), -1 with resp->transport_error otherwise. */
int gc_aws_client_http(struct gc_aws_client *c, const char *svc_name, const char *operation,
                       const struct gc_http_request *req, struct gc_http_response *resp);

/* Copy of the client's resolved base URL for `svc` (override or https://<host>) into a malloc'd string. */
char *gc_aws_client_endpoint_url(const struct gc_aws_client *c, enum gc_aws_service svc);

/* The signing region for `svc` (route53 is global: "us-east-1"). */
const char *gc_aws_client_signing_region(const struct gc_aws_client *c, enum gc_aws_service svc);

/* Counts one write operation sent (gc_aws_op_call_as, when it is not a read). */
void gc_aws_client_note_write(struct gc_aws_client *c);

/* The client's clock (gc_aws_client_set_clock): now, in seconds. */
time_t gc_aws_client_now(const struct gc_aws_client *c);

/* ---- the send pipeline (gc_aws_client.c) and protocol helpers (gc_aws_protocols.c) ----
 * Error parsing and request ids are implemented once per protocol by the codecs (gc_proto.h); the two
 * functions below dispatch to them by `enum gc_aws_protocol`. */

enum gc_aws_protocol {
    GC_AWS_PROTO_EC2 = 1,   /* <Response><Errors><Error>, <RequestID>/<requestId> */
    GC_AWS_PROTO_QUERY,     /* STS: <ErrorResponse><Error>, <RequestId> */
    GC_AWS_PROTO_JSON,      /* JSON 1.1: __type (after '#'), message/Message, x-amzn-ErrorType */
    GC_AWS_PROTO_REST_JSON, /* RAM: x-amzn-ErrorType (before ':'), __type/code, message */
    GC_AWS_PROTO_REST_XML,  /* Route 53: <ErrorResponse><Error> */
};

/* One logical call. */
struct gc_aws_call {
    enum gc_aws_service svc;
    enum gc_aws_protocol proto;
    const char *operation;
    const char *method;         /* "POST", "GET", "DELETE", ... */
    const char *path_and_query; /* "/" or "/2013-04-01/hostedzone?x=y" (already encoded) */
    const char *content_type;   /* NULL: no Content-Type header */
    const char *target;         /* X-Amz-Target value or NULL */
    struct gc_span body;
    const struct gc_aws_credentials *creds; /* NULL: the client's current credentials */
    const char *const *headers;             /* more "Name: value" headers (REST header members), signed */
    size_t n_headers;                       /* at most GC_AWS_CALL_MAX_HEADERS */
};

#define GC_AWS_CALL_MAX_HEADERS 8

/* Signs and sends `call` with retries (gc_retry.c). On success returns 0 with the 2xx response in *resp
 * (caller cleans up). On failure returns -1 with *err filled (code "RequestError" for transport failures,
 * "RequestCanceled" when the client was cancelled). Logs one DEBUG line per call. */
int gc_aws_client_send(struct gc_aws_client *c, const struct gc_aws_call *call, struct gc_http_response *resp,
                       struct gc_aws_error *err);

/* A query-protocol call (EC2 or STS) signed with explicit credentials (NULL: the client's). */
int gc_aws_query_call_with(struct gc_aws_client *c, const struct gc_aws_credentials *creds, enum gc_aws_service svc,
                           const char *action, const struct gc_query *params, struct gc_xml_doc **out,
                           struct gc_aws_error *err);

/* Fills err->code/message/request_id from an error response (http_status is copied). Always succeeds in
 * leaving a code: "HTTP <status>" when the body says nothing usable. Returns 0, -1 on allocation failure. */
int gc_aws_parse_error(struct gc_aws_error *err, enum gc_aws_protocol proto, const struct gc_http_response *resp);
/* The request id of any response (success or error), malloc'd, or NULL. */
char *gc_aws_response_request_id(enum gc_aws_protocol proto, const struct gc_http_response *resp);
/* "Action=<action>&Version=<version>&k=v..." with keys and values percent-encoded. */
int gc_query_encode(struct gc_buf *out, const char *action, const char *version, const struct gc_query *q);
/* X-Amz-Target prefix for a JSON 1.1 service ("Route53Resolver", "ACMPrivateCA", "OvertureService"), or NULL. */
const char *gc_aws_json_target_prefix(enum gc_aws_service svc);
/* "EC2", "Route 53 Resolver", ... */
const char *gc_aws_service_display_name(enum gc_aws_service svc);

#endif
