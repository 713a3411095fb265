/* Private to provider/aws: gcnet's own HTTP/1.1 client over OpenSSL, the transport of every AWS client without a
 * proxy (a configured proxy goes through libcurl, gc_http.h: CONNECT, proxy authentication and no_proxy are
 * libcurl's well-kept job on that rare path).
 *
 * Why: libcurl's chain (GnuTLS, p11-kit, Kerberos, LDAP, SSH, RTMP, nghttp2, ...) costs 4.3 MiB of RSS in every
 * launch that calls AWS; OpenSSL is mapped anyway (gRPC, SigV4). README "Start-up and memory".
 *
 * What it does: http:// and https:// URLs; TLS 1.2 or later with the peer's certificate AND its name (or IP
 * address) always verified, against the system CA store or `ca_file`; SNI; a pool of up to 16 idle keep-alive
 * connections shared by all threads (a request takes one, or makes one, and gives it back when the answer was
 * read to its end and the server did not say "close"); a request on a reused connection that the server had
 * closed meanwhile is sent once more on a new connection; Content-Length, chunked and close-delimited bodies up
 * to GC_HTTP_BODY_MAX; a connect timeout (GC_HTTP_CONNECT_TIMEOUT_MS, covering the TLS handshake) and a total
 * timeout per request; the cancel flag, looked at every 100 ms while waiting. Answers are parsed strictly (a
 * malformed status line, obs-folded headers, both Content-Length and Transfer-Encoding, unequal repeated
 * Content-Lengths, a transfer coding other than chunked: the request fails and the connection is dropped), and
 * a request header or URL with a control character is refused before anything is sent. No redirects, no
 * compression (none is asked for), no Expect: 100-continue.
 *
 * Failures are classified as libcurl's are (gc_http_curl_failure), with the same words for the two that mean
 * "AWS was not reached": "Could not resolve host: NAME" (RESOLVE), "Failed to connect to HOST port N: ..."
 * (CONNECT); an untrusted or misnamed certificate is TLS; timeouts, resets and malformed answers are OTHER.
 *
 * Name resolution is getaddrinfo, which can be neither timed out nor cancelled (libcurl's threaded resolver
 * can): a hanging DNS server delays a request by the resolver's own timeout (resolv.conf, 5 s x 2 by default).
 * The process must ignore SIGPIPE (transport/gc_server.c does): OpenSSL writes to the socket with write(2). */
#ifndef GC_HTTP_TLS_H
#define GC_HTTP_TLS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "aws/gc_aws.h"

struct gc_http_tls;

struct gc_http_tls_options {
    const char *ca_file; /* PEM bundle that replaces the system store; NULL: the system store */
};

/* `options` may be NULL; it is copied. -1: no memory or no TLS context. A CA bundle that cannot be read fails
 * every https request (class TLS), as with libcurl. */
int gc_http_tls_new(struct gc_http_tls **out, const struct gc_http_tls_options *options);
void gc_http_tls_free(struct gc_http_tls *t);
/* Requests in flight fail soon after *flag becomes true. `flag` is borrowed and must outlive `t`; NULL: never. */
void gc_http_tls_set_cancel_flag(struct gc_http_tls *t, const atomic_bool *flag);
/* A struct gc_http_transport whose impl is `t` (borrowed). */
struct gc_http_transport gc_http_tls_transport(struct gc_http_tls *t);
/* 0 when an HTTP answer arrived (any status), -1 with resp->transport_error and resp->failure otherwise. */
int gc_http_tls_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp);
/* Connections made so far (for the keep-alive tests). */
uint64_t gc_http_tls_connections(const struct gc_http_tls *t);

/* The response parser (exposed for the unit tests and the fuzz target): push bytes as they arrive. */
enum gc_http_parse_state {
    GC_HTTP_PARSE_STATUS = 0,
    GC_HTTP_PARSE_HEADER,
    GC_HTTP_PARSE_BODY_LENGTH,
    GC_HTTP_PARSE_BODY_CLOSE,
    GC_HTTP_PARSE_CHUNK_SIZE,
    GC_HTTP_PARSE_CHUNK_DATA,
    GC_HTTP_PARSE_CHUNK_END,
    GC_HTTP_PARSE_TRAILER,
    GC_HTTP_PARSE_DONE,
    GC_HTTP_PARSE_ERROR,
};

struct gc_http_parser {
    enum gc_http_parse_state state;
    bool head_request;   /* the answer to HEAD has no body whatever its headers say */
    bool keep_alive;     /* after DONE: the connection may carry another request */
    bool too_large;      /* the error is the body limit */
    bool has_length;     /* a Content-Length was seen */
    bool chunked;        /* Transfer-Encoding: chunked was seen */
    uint64_t length;     /* the Content-Length */
    uint64_t remaining;  /* of the body or the chunk */
    size_t header_bytes; /* of this answer's head, capped */
    size_t received;     /* bytes fed so far */
    struct gc_buf line;  /* the line being read */
    struct gc_http_response *resp;
    char error[160];
};

/* `resp` (zeroed, its body initialised with its cap) receives status, headers and body. */
void gc_http_parser_init(struct gc_http_parser *p, struct gc_http_response *resp, bool head_request);
void gc_http_parser_clean_up(struct gc_http_parser *p);
/* Consumes up to `len` bytes (*used says how many). 1: the answer is complete (bytes after it are left unused),
 * 0: more is needed, -1: malformed or too large (p->error says why). */
int gc_http_parser_feed(struct gc_http_parser *p, const uint8_t *data, size_t len, size_t *used);
/* The connection was closed: 1 if that completes the answer (a close-delimited body), -1 otherwise. */
int gc_http_parser_eof(struct gc_http_parser *p);

#endif
