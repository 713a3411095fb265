/* AWS Signature Version 4, split by spec step so that each step can be tested against the AWS suite.
 * Private to provider/aws (and its tests). The time is always passed in; nothing here reads the clock. */
#ifndef GC_SIGV4_H
#define GC_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/gc_buf.h"

#define GC_SIGV4_ALGORITHM "AWS4-HMAC-SHA256"

struct gc_sigv4_params {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL or "": none */
    const char *region;
    const char *service; /* signing name */
    time_t now;
    bool normalize_path;     /* remove dot segments and empty segments (every service but S3) */
    bool add_content_sha256; /* add and sign x-amz-content-sha256 */
    bool omit_session_token; /* send the token but do not sign it (suite's post-sts-header-after) */
};

/* What gets signed. `headers` are "Name:value" or "Name: value" strings (host included by the caller). */
struct gc_sigv4_request {
    const char *method;
    const char *path;  /* as on the wire (already percent-encoded for real requests); "" means "/" */
    const char *query; /* as on the wire, without '?'; NULL or "": none */
    const char *const *headers;
    size_t n_headers;
    struct gc_span payload;
};

/* Everything signing produces. `add_headers` are the "Name: value" lines to send in addition to the
 * request's own (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256, Authorization). */
struct gc_sigv4_result {
    struct gc_buf canonical_request;
    struct gc_buf string_to_sign;
    char signature[65];
    struct gc_buf authorization; /* value of the Authorization header */
    char *add_headers[4];
    size_t n_add_headers;
};

void gc_sigv4_result_clean_up(struct gc_sigv4_result *r);

/* "20150830T123600Z" and "20150830" (UTC). */
void gc_sigv4_format_time(time_t t, char amz_date[17], char date[9]);

/* Lower-case hex SHA-256 of data. */
void gc_sigv4_sha256_hex(struct gc_span data, char out[65]);

/* Step 1a: canonical URI: optional normalisation, then every byte except unreserved and '/' percent-encoded. */
int gc_sigv4_canonical_uri(struct gc_buf *out, const char *path, bool normalize);
/* Step 1b: canonical query: split on '&' and '=', decode, re-encode, sort by name then value. */
int gc_sigv4_canonical_query(struct gc_buf *out, const char *query);
/* Step 1c: canonical headers block (each "name:value\n") and the signed-headers list ("a;b;c"). Names are
 * lower-cased, values trimmed with inner whitespace runs folded to one space, duplicates joined with ','. */
int gc_sigv4_canonical_headers(struct gc_buf *canon, struct gc_buf *signed_names, const char *const *headers,
                               size_t n_headers);
/* Step 1: the canonical request (headers must already include x-amz-date etc.). */
int gc_sigv4_canonical_request(struct gc_buf *out, struct gc_buf *signed_names, const struct gc_sigv4_request *req,
                               bool normalize_path, const char *payload_hash_hex);
/* "yyyymmdd/region/service/aws4_request" */
int gc_sigv4_scope(struct gc_buf *out, const char *date, const char *region, const char *service);
/* Step 2: the string to sign. */
int gc_sigv4_string_to_sign(struct gc_buf *out, const char *amz_date, const char *scope,
                            struct gc_span canonical_request);
/* Step 3: the signing key (caller wipes it). */
int gc_sigv4_signing_key(uint8_t key[32], const char *secret_access_key, const char *date, const char *region,
                         const char *service);
/* Step 4: hex HMAC-SHA256 of the string to sign. */
int gc_sigv4_signature(char out[65], const uint8_t key[32], struct gc_span string_to_sign);
/* Step 5: the Authorization header value. */
int gc_sigv4_authorization(struct gc_buf *out, const char *access_key_id, const char *scope, const char *signed_headers,
                           const char *signature);

/* All steps. */
int gc_sigv4_sign(struct gc_sigv4_result *out, const struct gc_sigv4_params *params,
                  const struct gc_sigv4_request *req);

#endif
