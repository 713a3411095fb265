/* gcnet's HTTP/1.1 client over OpenSSL (see gc_http_tls.h). */
#include "aws/gc_http_tls.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "aws/gc_http.h"

#define S_POOL_MAX 16
#define S_IDLE_MAX_MS 30000 /* an idle connection older than this is closed rather than reused */
#define S_SLICE_MS 100      /* how often a wait looks at the cancel flag */
#define S_LINE_MAX 16384    /* one status, header or chunk-size line */
#define S_HEAD_MAX 65536    /* all the header lines of one answer */
#define S_HEADERS_MAX 512   /* header lines kept per answer */
#define S_USER_AGENT "gcnet-terraform-provider/0.1"

/* ---- the response parser ---- */

static bool s_is_tchar(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch && strchr("!#$%&'*+-.^_`|~", ch) != NULL);
}

/* A field value's byte: HTAB, SP, visible ASCII or obs-text. */
static bool s_is_vchar(unsigned char ch)
{
    return ch == '\t' || (ch >= 0x20 && ch != 0x7f);
}

static int s_fail(struct gc_http_parser *p, const char *why)
{
    if (p->state != GC_HTTP_PARSE_ERROR)
        snprintf(p->error, sizeof p->error, "malformed HTTP answer: %s", why);
    p->state = GC_HTTP_PARSE_ERROR;
    return -1;
}

void gc_http_parser_init(struct gc_http_parser *p, struct gc_http_response *resp, bool head_request)
{
    memset(p, 0, sizeof *p);
    p->resp = resp;
    p->head_request = head_request;
    gc_buf_init(&p->line, S_LINE_MAX);
}

void gc_http_parser_clean_up(struct gc_http_parser *p)
{
    if (p)
        gc_buf_clean_up(&p->line);
}

static void s_forget_headers(struct gc_http_response *resp)
{
    for (size_t i = 0; i < resp->n_headers; i++)
        free(resp->headers[i]);
    resp->n_headers = 0;
}

/* "HTTP/1.x DDD[ reason]" */
static int s_status_line(struct gc_http_parser *p, const char *s, size_t n)
{
    if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || (s[7] != '0' && s[7] != '1') || s[8] != ' ')
        return s_fail(p, "bad status line");
    for (int i = 9; i < 12; i++) {
        if (s[i] < '0' || s[i] > '9')
            return s_fail(p, "bad status code");
    }
    if (n > 12 && s[12] != ' ')
        return s_fail(p, "bad status line");
    for (size_t i = 13; i < n; i++) {
        if (!s_is_vchar((unsigned char)s[i]))
            return s_fail(p, "control character in the reason phrase");
    }
    long status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    if (status < 100 || status > 599)
        return s_fail(p, "bad status code");
    p->resp->status = status;
    p->keep_alive = s[7] == '1'; /* HTTP/1.0: close unless said otherwise */
    p->has_length = false;
    p->chunked = false;
    p->state = GC_HTTP_PARSE_HEADER;
    return 0;
}

static bool s_has_token(const char *value, const char *token)
{
    size_t n = strlen(token);
    const char *v = value;
    while (*v) {
        while (*v == ' ' || *v == '\t' || *v == ',')
            v++;
        size_t len = strcspn(v, ", \t");
        if (len == n && strncasecmp(v, token, n) == 0)
            return true;
        v += len;
    }
    return false;
}

/* What the framing headers say; `value` is trimmed. */
static int s_framing_header(struct gc_http_parser *p, const char *name, const char *value)
{
    if (strcmp(name, "content-length") == 0) {
        uint64_t len = 0;
        size_t digits = strlen(value);
        if (digits == 0 || digits > 18 || strspn(value, "0123456789") != digits)
            return s_fail(p, "bad Content-Length");
        for (size_t i = 0; i < digits; i++)
            len = len * 10 + (uint64_t)(value[i] - '0');
        if (p->has_length && len != p->length)
            return s_fail(p, "conflicting Content-Length headers");
        p->has_length = true;
        p->length = len;
    } else if (strcmp(name, "transfer-encoding") == 0) {
        if (p->chunked || strcasecmp(value, "chunked") != 0)
            return s_fail(p, "unsupported Transfer-Encoding");
        p->chunked = true;
    } else if (strcmp(name, "connection") == 0) {
        if (s_has_token(value, "close"))
            p->keep_alive = false;
        else if (s_has_token(value, "keep-alive"))
            p->keep_alive = true;
    }
    return 0;
}

static int s_header_line(struct gc_http_parser *p, char *s, size_t n)
{
    struct gc_http_response *resp = p->resp;
    size_t name_len = 0;
    while (name_len < n && s_is_tchar((unsigned char)s[name_len]))
        name_len++;
    if (name_len == 0 || name_len == n || s[name_len] != ':')
        return s_fail(p, n > 0 && (s[0] == ' ' || s[0] == '\t') ? "folded header line" : "bad header line");
    for (size_t i = 0; i < name_len; i++)
        s[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    size_t v = name_len + 1;
    while (v < n && (s[v] == ' ' || s[v] == '\t'))
        v++;
    size_t end = n;
    while (end > v && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    for (size_t i = v; i < end; i++) {
        if (!s_is_vchar((unsigned char)s[i]))
            return s_fail(p, "control character in a header");
    }
    if (p->state == GC_HTTP_PARSE_TRAILER)
        return 0; /* trailers are checked, not kept */
    s[name_len] = '\0';
    s[end] = '\0';
    if (s_framing_header(p, s, s + v) != 0)
        return -1;
    if (resp->status < 200 || resp->n_headers >= S_HEADERS_MAX)
        return 0;
    size_t value_len = end - v;
    char *line = malloc(name_len + 2 + value_len + 1);
    char **grown = realloc(resp->headers, (resp->n_headers + 1) * sizeof *grown);
    if (grown)
        resp->headers = grown;
    if (!line || !grown) {
        free(line);
        return s_fail(p, "out of memory");
    }
    memcpy(line, s, name_len);
    memcpy(line + name_len, ": ", 2);
    memcpy(line + name_len + 2, s + v, value_len);
    line[name_len + 2 + value_len] = '\0';
    resp->headers[resp->n_headers++] = line;
    return 0;
}

/* The empty line after the headers: how the body is framed. */
static int s_end_of_head(struct gc_http_parser *p)
{
    long status = p->resp->status;
    if (status == 101)
        return s_fail(p, "unexpected protocol switch");
    if (status < 200) { /* 100 Continue and other interim answers: the real one follows */
        s_forget_headers(p->resp);
        p->header_bytes = 0;
        p->state = GC_HTTP_PARSE_STATUS;
        return 0;
    }
    if (p->has_length && p->chunked)
        return s_fail(p, "both Content-Length and Transfer-Encoding");
    if (p->head_request || status == 204 || status == 304) {
        p->state = GC_HTTP_PARSE_DONE;
    } else if (p->chunked) {
        p->state = GC_HTTP_PARSE_CHUNK_SIZE;
    } else if (p->has_length) {
        if (p->length > p->resp->body.max) {
            p->too_large = true;
            return s_fail(p, "body too large");
        }
        p->remaining = p->length;
        p->state = p->length ? GC_HTTP_PARSE_BODY_LENGTH : GC_HTTP_PARSE_DONE;
    } else {
        p->keep_alive = false;
        p->state = GC_HTTP_PARSE_BODY_CLOSE;
    }
    return 0;
}

static int s_chunk_size_line(struct gc_http_parser *p, const char *s, size_t n)
{
    uint64_t size = 0;
    size_t i = 0;
    while (i < n && strchr("0123456789abcdefABCDEF", s[i]) && s[i]) {
        if (i >= 15)
            return s_fail(p, "chunk size too large");
        int d = s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10;
        size = size * 16 + (uint64_t)d;
        i++;
    }
    if (i == 0 || (i < n && s[i] != ';' && s[i] != ' ' && s[i] != '\t'))
        return s_fail(p, "bad chunk size");
    for (; i < n; i++) {
        if (!s_is_vchar((unsigned char)s[i]))
            return s_fail(p, "control character in a chunk extension");
    }
    if (size > p->resp->body.max - p->resp->body.len) {
        p->too_large = true;
        return s_fail(p, "body too large");
    }
    p->remaining = size;
    p->state = size ? GC_HTTP_PARSE_CHUNK_DATA : GC_HTTP_PARSE_TRAILER;
    return 0;
}

/* One complete line (without its CRLF) in the state that reads lines. */
static int s_line(struct gc_http_parser *p, char *s, size_t n)
{
    switch (p->state) {
    case GC_HTTP_PARSE_STATUS:
        return s_status_line(p, s, n);
    case GC_HTTP_PARSE_HEADER:
        return n == 0 ? s_end_of_head(p) : s_header_line(p, s, n);
    case GC_HTTP_PARSE_CHUNK_SIZE:
        return s_chunk_size_line(p, s, n);
    case GC_HTTP_PARSE_CHUNK_END:
        if (n != 0)
            return s_fail(p, "chunk not followed by CRLF");
        p->state = GC_HTTP_PARSE_CHUNK_SIZE;
        return 0;
    case GC_HTTP_PARSE_TRAILER:
        if (n == 0) {
            p->state = GC_HTTP_PARSE_DONE;
            return 0;
        }
        return s_header_line(p, s, n);
    default:
        return s_fail(p, "internal state");
    }
}

static bool s_reads_lines(enum gc_http_parse_state st)
{
    return st == GC_HTTP_PARSE_STATUS || st == GC_HTTP_PARSE_HEADER || st == GC_HTTP_PARSE_CHUNK_SIZE ||
           st == GC_HTTP_PARSE_CHUNK_END || st == GC_HTTP_PARSE_TRAILER;
}

static int s_body_bytes(struct gc_http_parser *p, const uint8_t *data, size_t n)
{
    if (gc_buf_append(&p->resp->body, data, n) != 0) {
        p->too_large = true;
        return s_fail(p, "body too large");
    }
    return 0;
}

int gc_http_parser_feed(struct gc_http_parser *p, const uint8_t *data, size_t len, size_t *used)
{
    size_t i = 0;
    int result = 0;

    while (i < len && p->state != GC_HTTP_PARSE_DONE && p->state != GC_HTTP_PARSE_ERROR) {
        if (s_reads_lines(p->state)) {
            const uint8_t *lf = memchr(data + i, '\n', len - i);
            size_t take = lf ? (size_t)(lf - (data + i)) + 1 : len - i;
            bool in_head = p->state == GC_HTTP_PARSE_STATUS || p->state == GC_HTTP_PARSE_HEADER;
            p->header_bytes += in_head ? take : 0;
            if (p->header_bytes > S_HEAD_MAX || gc_buf_append(&p->line, data + i, take) != 0) {
                s_fail(p, "header section too large");
                break;
            }
            i += take;
            if (!lf)
                break;
            char *s = (char *)p->line.ptr;
            size_t n = p->line.len - 1; /* without the LF */
            if (n == 0 || s[n - 1] != '\r') {
                s_fail(p, "line not ended by CRLF");
                break;
            }
            n--;
            if (memchr(s, '\0', n) || memchr(s, '\r', n)) {
                s_fail(p, "control character in a line");
                break;
            }
            s[n] = '\0';
            int rc = s_line(p, s, n);
            gc_buf_reset(&p->line);
            if (rc != 0)
                break;
        } else if (p->state == GC_HTTP_PARSE_BODY_CLOSE) {
            if (s_body_bytes(p, data + i, len - i) != 0)
                break;
            i = len;
        } else { /* BODY_LENGTH or CHUNK_DATA */
            size_t take = len - i < p->remaining ? len - i : (size_t)p->remaining;
            if (s_body_bytes(p, data + i, take) != 0)
                break;
            i += take;
            p->remaining -= take;
            if (p->remaining == 0)
                p->state = p->state == GC_HTTP_PARSE_CHUNK_DATA ? GC_HTTP_PARSE_CHUNK_END : GC_HTTP_PARSE_DONE;
        }
    }
    p->received += i;
    if (used)
        *used = i;
    if (p->state == GC_HTTP_PARSE_ERROR)
        result = -1;
    else if (p->state == GC_HTTP_PARSE_DONE)
        result = 1;
    return result;
}

int gc_http_parser_eof(struct gc_http_parser *p)
{
    if (p->state == GC_HTTP_PARSE_DONE)
        return 1;
    if (p->state == GC_HTTP_PARSE_BODY_CLOSE) {
        p->state = GC_HTTP_PARSE_DONE;
        return 1;
    }
    if (p->state != GC_HTTP_PARSE_ERROR)
        snprintf(p->error, sizeof p->error, "%s",
                 p->received ? "connection closed before the end of the answer" : "empty reply from server");
    p->state = GC_HTTP_PARSE_ERROR;
    return -1;
}

/* ---- URLs ---- */

struct s_url {
    bool tls;
    char host[256]; /* without the brackets of an IPv6 literal */
    char port[8];
    bool ip_literal;
    bool default_port;
    const char *target; /* path and query, borrowed from the URL ("" means "/") */
};

static int s_parse_url(struct s_url *u, const char *url)
{
    const char *rest = NULL;
    memset(u, 0, sizeof *u);
    if (strncasecmp(url, "https://", 8) == 0) {
        u->tls = true;
        rest = url + 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        rest = url + 7;
    } else {
        return -1;
    }
    for (const char *c = url; *c; c++) {
        if ((unsigned char)*c <= 0x20 || *c == 0x7f)
            return -1;
    }
    size_t auth_len = strcspn(rest, "/?#");
    if (memchr(rest, '@', auth_len)) /* user:password@ is never what an endpoint means */
        return -1;
    const char *host = rest;
    size_t host_len = auth_len;
    const char *port = NULL;
    if (rest[0] == '[') {
        const char *close = memchr(rest, ']', auth_len);
        if (!close)
            return -1;
        host = rest + 1;
        host_len = (size_t)(close - host);
        if (close + 1 < rest + auth_len) {
            if (close[1] != ':')
                return -1;
            port = close + 2;
        }
        u->ip_literal = true;
    } else {
        const char *colon = memchr(rest, ':', auth_len);
        if (colon) {
            host_len = (size_t)(colon - rest);
            port = colon + 1;
        }
    }
    if (host_len == 0 || host_len >= sizeof u->host)
        return -1;
    memcpy(u->host, host, host_len);
    size_t port_len = port ? (size_t)(rest + auth_len - port) : 0;
    if (port && (port_len == 0 || port_len > 5 || strspn(port, "0123456789") < port_len))
        return -1;
    if (port) {
        memcpy(u->port, port, port_len);
        long n = strtol(u->port, NULL, 10);
        if (n < 1 || n > 65535)
            return -1;
    } else {
        snprintf(u->port, sizeof u->port, "%s", u->tls ? "443" : "80");
    }
    u->default_port = strcmp(u->port, u->tls ? "443" : "80") == 0;
    if (!u->ip_literal) {
        struct in_addr a4;
        u->ip_literal = inet_pton(AF_INET, u->host, &a4) == 1;
    }
    if (rest[auth_len] == '#')
        return -1;
    u->target = rest + auth_len;
    return 0;
}

/* ---- the client ---- */

struct s_conn {
    int fd;
    SSL *ssl;
    char key[300]; /* scheme, host and port */
    int64_t idle_since_ms;
};

struct gc_http_tls {
    char *ca_file;       /* NULL: the system store */
    SSL_CTX *ctx;        /* made with the first https connection (s_ctx) */
    char ctx_error[200]; /* why https cannot work ("" when it can) */
    pthread_mutex_t lock;
    bool lock_ready;
    struct s_conn *idle[S_POOL_MAX];
    size_t n_idle;
    atomic_uint_fast64_t connections;
    const atomic_bool *cancel;
};

static int64_t s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void s_conn_free(struct s_conn *conn)
{
    if (!conn)
        return;
    SSL_free(conn->ssl);
    if (conn->fd >= 0)
        close(conn->fd);
    free(conn);
}

int gc_http_tls_new(struct gc_http_tls **out, const struct gc_http_tls_options *options)
{
    int result = -1;
    struct gc_http_tls *t = NULL;

    *out = NULL;
    t = calloc(1, sizeof *t);
    if (!t)
        goto cleanup;
    atomic_init(&t->connections, 0);
    if (pthread_mutex_init(&t->lock, NULL) != 0)
        goto cleanup;
    t->lock_ready = true;
    if (options && options->ca_file && *options->ca_file) {
        t->ca_file = strdup(options->ca_file);
        if (!t->ca_file)
            goto cleanup;
    }
    *out = t;
    t = NULL;
    result = 0;
cleanup:
    gc_http_tls_free(t);
    return result;
}

/* Whether OpenSSL's certificate directory holds hashed names ("5ad8a5d6.0", made by openssl rehash, which
 * Debian's update-ca-certificates runs). */
static bool s_dir_is_hashed(const char *path)
{
    bool hashed = false;
    DIR *dir = opendir(path);
    struct dirent *e = NULL;

    while (dir && !hashed && (e = readdir(dir)) != NULL)
        hashed = strlen(e->d_name) == 10 && strspn(e->d_name, "0123456789abcdef") == 8 && e->d_name[8] == '.' &&
                 e->d_name[9] >= '0' && e->d_name[9] <= '9';
    if (dir)
        closedir(dir);
    return hashed;
}

/* The system store. Its hashed directory when it has one: a certificate is read when a chain needs it (0.1 MiB);
 * the whole bundle file parsed at once costs 1.5 MiB of RSS. Otherwise, or with SSL_CERT_FILE or SSL_CERT_DIR set,
 * OpenSSL's defaults (both). */
static int s_system_store(SSL_CTX *ctx)
{
    if (!getenv(X509_get_default_cert_file_env()) && !getenv(X509_get_default_cert_dir_env()) &&
        s_dir_is_hashed(X509_get_default_cert_dir()))
        return SSL_CTX_set_default_verify_dir(ctx);
    return SSL_CTX_set_default_verify_paths(ctx);
}

/* The TLS context, made with the first https connection: reading the CA store takes tens of milliseconds and
 * launches that only talk http:// (moto) or make no request never pay for it. NULL: ctx_error says why. */
static SSL_CTX *s_ctx(struct gc_http_tls *t)
{
    SSL_CTX *ctx = NULL;

    pthread_mutex_lock(&t->lock);
    if (t->ctx || t->ctx_error[0])
        goto cleanup;
    t->ctx = SSL_CTX_new(TLS_client_method());
    if (!t->ctx || SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION) != 1) {
        snprintf(t->ctx_error, sizeof t->ctx_error, "cannot create a TLS context");
        goto cleanup;
    }
    SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER, NULL);
    /* a peer that closes without close_notify ends the stream; the framing still tells a truncated answer */
    SSL_CTX_set_options(t->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (t->ca_file) {
        if (SSL_CTX_load_verify_locations(t->ctx, t->ca_file, NULL) != 1)
            snprintf(t->ctx_error, sizeof t->ctx_error, "error setting certificate file: %s", t->ca_file);
    } else if (s_system_store(t->ctx) != 1) {
        snprintf(t->ctx_error, sizeof t->ctx_error, "cannot read the system CA store");
    }
cleanup:
    ERR_clear_error();
    if (!t->ctx_error[0])
        ctx = t->ctx;
    pthread_mutex_unlock(&t->lock);
    return ctx;
}

void gc_http_tls_free(struct gc_http_tls *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_idle; i++)
        s_conn_free(t->idle[i]);
    SSL_CTX_free(t->ctx);
    free(t->ca_file);
    if (t->lock_ready)
        pthread_mutex_destroy(&t->lock);
    free(t);
}

void gc_http_tls_set_cancel_flag(struct gc_http_tls *t, const atomic_bool *flag)
{
    if (t)
        t->cancel = flag;
}

struct gc_http_transport gc_http_tls_transport(struct gc_http_tls *t)
{
    struct gc_http_transport tr = {gc_http_tls_send, t};
    return tr;
}

uint64_t gc_http_tls_connections(const struct gc_http_tls *t)
{
    return t ? atomic_load(&t->connections) : 0;
}

/* An idle connection to `key` that the server has not closed, or NULL. */
static struct s_conn *s_pool_take(struct gc_http_tls *t, const char *key)
{
    struct s_conn *found = NULL;
    struct s_conn *dead[S_POOL_MAX];
    size_t n_dead = 0;
    int64_t now = s_now_ms();

    pthread_mutex_lock(&t->lock);
    for (size_t i = t->n_idle; i-- > 0;) {
        struct s_conn *conn = t->idle[i];
        bool expired = now - conn->idle_since_ms > S_IDLE_MAX_MS;
        if (!expired && (found || strcmp(conn->key, key) != 0))
            continue;
        t->idle[i] = t->idle[--t->n_idle];
        /* readable while idle: the server closed it (or sent something unasked): not reusable */
        struct pollfd pfd = {.fd = conn->fd, .events = POLLIN};
        if (expired || poll(&pfd, 1, 0) != 0)
            dead[n_dead++] = conn;
        else
            found = conn;
    }
    pthread_mutex_unlock(&t->lock);
    for (size_t i = 0; i < n_dead; i++)
        s_conn_free(dead[i]);
    return found;
}

static void s_pool_give(struct gc_http_tls *t, struct s_conn *conn)
{
    conn->idle_since_ms = s_now_ms();
    pthread_mutex_lock(&t->lock);
    if (t->n_idle < S_POOL_MAX) {
        t->idle[t->n_idle++] = conn;
        conn = NULL;
    }
    pthread_mutex_unlock(&t->lock);
    s_conn_free(conn);
}

/* One request's progress: its deadlines and where its failure is written. */
struct s_call {
    struct gc_http_tls *t;
    struct gc_http_response *resp;
    const struct s_url *url;
    int64_t started_ms;
    int64_t deadline_ms;         /* the total timeout */
    int64_t connect_deadline_ms; /* while connecting and shaking hands */
    bool connecting;
    bool stale; /* a reused connection failed before any byte of the answer: worth one new connection */
};

static int s_error(struct s_call *call, enum gc_http_failure failure, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int s_error(struct s_call *call, enum gc_http_failure failure, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(call->resp->transport_error, sizeof call->resp->transport_error, fmt, ap);
    va_end(ap);
    call->resp->failure = failure;
    return -1;
}

/* Waits until the socket is ready for `events`. 0, or -1 on timeout or cancel (the error is set). */
static int s_wait(struct s_call *call, int fd, short events)
{
    int result = -1;
    for (;;) {
        if (call->t->cancel && atomic_load(call->t->cancel)) {
            s_error(call, GC_HTTP_FAILURE_OTHER, "Operation was aborted: the provider is stopping");
            goto cleanup;
        }
        int64_t now = s_now_ms();
        int64_t deadline = call->connecting && call->connect_deadline_ms < call->deadline_ms ? call->connect_deadline_ms
                                                                                             : call->deadline_ms;
        if (now >= deadline) {
            s_error(call, GC_HTTP_FAILURE_OTHER, "Timeout was reached: %s timed out after %lld milliseconds",
                    call->connecting ? "Connection" : "Operation", (long long)(now - call->started_ms));
            goto cleanup;
        }
        int64_t slice = deadline - now < S_SLICE_MS ? deadline - now : S_SLICE_MS;
        struct pollfd pfd = {.fd = fd, .events = events};
        int n = poll(&pfd, 1, (int)slice);
        if (n > 0)
            break;
        if (n < 0 && errno != EINTR) {
            s_error(call, GC_HTTP_FAILURE_OTHER, "poll failed: %s", strerror(errno));
            goto cleanup;
        }
    }
    result = 0;
cleanup:
    return result;
}

/* A TCP connection to one of the host's addresses. */
static int s_tcp_connect(struct s_call *call, int *out_fd)
{
    int result = -1;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *addrs = NULL;
    int fd = -1;
    int last_errno = 0;
    const struct s_url *u = call->url;

    *out_fd = -1;
    int rc = getaddrinfo(u->host, u->port, &hints, &addrs);
    if (rc != 0) {
        if (rc == EAI_SYSTEM || rc == EAI_MEMORY)
            s_error(call, GC_HTTP_FAILURE_OTHER, "Could not resolve host: %s (%s)", u->host, gai_strerror(rc));
        else
            s_error(call, GC_HTTP_FAILURE_RESOLVE, "Could not resolve host: %s", u->host);
        goto cleanup;
    }
    for (struct addrinfo *a = addrs; a; a = a->ai_next) {
        fd = socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        if (errno == EINPROGRESS) {
            if (s_wait(call, fd, POLLOUT) != 0)
                goto cleanup; /* timeout or cancel: no other address gets a turn */
            int err = 0;
            socklen_t len = sizeof err;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
                break;
            last_errno = err ? err : errno;
        } else {
            last_errno = errno;
        }
        close(fd);
        fd = -1;
    }
    if (fd < 0) {
        s_error(call, GC_HTTP_FAILURE_CONNECT, "Failed to connect to %s port %s: %s", u->host, u->port,
                strerror(last_errno ? last_errno : ECONNREFUSED));
        goto cleanup;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    *out_fd = fd;
    fd = -1;
    result = 0;
cleanup:
    if (fd >= 0)
        close(fd);
    if (addrs)
        freeaddrinfo(addrs);
    return result;
}

/* Waits for what a non-blocking SSL call asked for. 0: call it again; -1: failed (the error is set unless
 * `quiet_eof` and the peer closed, which returns -2). */
static int s_ssl_retry(struct s_call *call, struct s_conn *conn, int ssl_rc, const char *what)
{
    int err = SSL_get_error(conn->ssl, ssl_rc);
    if (err == SSL_ERROR_WANT_READ)
        return s_wait(call, conn->fd, POLLIN);
    if (err == SSL_ERROR_WANT_WRITE)
        return s_wait(call, conn->fd, POLLOUT);
    if (err == SSL_ERROR_ZERO_RETURN)
        return -2;
    if (err == SSL_ERROR_SYSCALL && (errno == ECONNRESET || errno == EPIPE || errno == 0))
        return -2;
    char detail[160] = "";
    unsigned long e = ERR_peek_last_error();
    if (e)
        ERR_error_string_n(e, detail, sizeof detail);
    else if (err == SSL_ERROR_SYSCALL)
        snprintf(detail, sizeof detail, "%s", strerror(errno));
    s_error(call, GC_HTTP_FAILURE_OTHER, "%s: %s", what, detail[0] ? detail : "TLS error");
    return -1;
}

static int s_tls_handshake(struct s_call *call, struct s_conn *conn)
{
    int result = -1;
    const struct s_url *u = call->url;

    SSL_CTX *ctx = s_ctx(call->t);
    if (!ctx) {
        s_error(call, GC_HTTP_FAILURE_TLS, "%s", call->t->ctx_error);
        goto cleanup;
    }
    conn->ssl = SSL_new(ctx);
    if (!conn->ssl || SSL_set_fd(conn->ssl, conn->fd) != 1) {
        s_error(call, GC_HTTP_FAILURE_OTHER, "cannot start TLS");
        goto cleanup;
    }
    int ok = u->ip_literal ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(conn->ssl), u->host)
                           : SSL_set_tlsext_host_name(conn->ssl, u->host) == 1 && SSL_set1_host(conn->ssl, u->host);
    if (ok != 1) {
        s_error(call, GC_HTTP_FAILURE_OTHER, "cannot set the TLS peer name %s", u->host);
        goto cleanup;
    }
    SSL_set_hostflags(conn->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    for (;;) {
        ERR_clear_error();
        int rc = SSL_connect(conn->ssl);
        if (rc == 1)
            break;
        long verify = SSL_get_verify_result(conn->ssl);
        if (verify != X509_V_OK) {
            s_error(call, GC_HTTP_FAILURE_TLS, "SSL certificate problem: %s (%s)",
                    X509_verify_cert_error_string(verify), u->host);
            goto cleanup;
        }
        int again = s_ssl_retry(call, conn, rc, "TLS handshake failed");
        if (again == -2)
            s_error(call, GC_HTTP_FAILURE_OTHER, "TLS handshake failed: connection closed by %s", u->host);
        if (again != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    ERR_clear_error();
    return result;
}

static int s_connect(struct s_call *call, const char *key, struct s_conn **out)
{
    int result = -1;
    struct s_conn *conn = calloc(1, sizeof *conn);

    *out = NULL;
    if (!conn) {
        s_error(call, GC_HTTP_FAILURE_OTHER, "out of memory");
        goto cleanup;
    }
    conn->fd = -1;
    snprintf(conn->key, sizeof conn->key, "%s", key);
    call->connecting = true;
    call->connect_deadline_ms = s_now_ms() + GC_HTTP_CONNECT_TIMEOUT_MS;
    if (s_tcp_connect(call, &conn->fd) != 0)
        goto cleanup;
    atomic_fetch_add(&call->t->connections, 1);
    if (call->url->tls && s_tls_handshake(call, conn) != 0)
        goto cleanup;
    *out = conn;
    conn = NULL;
    result = 0;
cleanup:
    call->connecting = false;
    s_conn_free(conn);
    return result;
}

/* Writes all of `data`. A reused connection that fails here was closed by the server: stale. */
static int s_write_all(struct s_call *call, struct s_conn *conn, const uint8_t *data, size_t len, bool reused)
{
    int result = -1;
    size_t done = 0;
    while (done < len) {
        if (conn->ssl) {
            size_t n = 0;
            ERR_clear_error();
            int rc = SSL_write_ex(conn->ssl, data + done, len - done, &n);
            if (rc == 1) {
                done += n;
                continue;
            }
            int again = s_ssl_retry(call, conn, rc, "TLS write failed");
            if (again == -2) {
                call->stale = reused;
                s_error(call, GC_HTTP_FAILURE_OTHER, "Send failure: connection closed by the server");
            }
            if (again != 0)
                goto cleanup;
        } else {
            ssize_t n = send(conn->fd, data + done, len - done, MSG_NOSIGNAL);
            if (n >= 0) {
                done += (size_t)n;
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (s_wait(call, conn->fd, POLLOUT) != 0)
                    goto cleanup;
            } else if (errno != EINTR) {
                call->stale = reused && (errno == EPIPE || errno == ECONNRESET);
                s_error(call, GC_HTTP_FAILURE_OTHER, "Send failure: %s", strerror(errno));
                goto cleanup;
            }
        }
    }
    result = 0;
cleanup:
    ERR_clear_error();
    return result;
}

/* Reads some bytes: >0 bytes read, 0 the peer closed, -1 failed (the error is set). */
static ssize_t s_read_some(struct s_call *call, struct s_conn *conn, uint8_t *buf, size_t cap)
{
    ssize_t result = -1;
    for (;;) {
        if (conn->ssl) {
            size_t n = 0;
            ERR_clear_error();
            int rc = SSL_read_ex(conn->ssl, buf, cap, &n);
            if (rc == 1) {
                result = (ssize_t)n;
                break;
            }
            int again = s_ssl_retry(call, conn, rc, "TLS read failed");
            if (again == -2)
                result = 0;
            if (again != 0)
                break;
        } else {
            ssize_t n = recv(conn->fd, buf, cap, 0);
            if (n >= 0) {
                result = n;
                break;
            }
            if (errno == ECONNRESET) {
                result = 0;
                break;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (s_wait(call, conn->fd, POLLIN) != 0)
                    break;
            } else if (errno != EINTR) {
                s_error(call, GC_HTTP_FAILURE_OTHER, "Recv failure: %s", strerror(errno));
                break;
            }
        }
    }
    ERR_clear_error();
    return result;
}

/* Reads one answer into call->resp. *reusable: the connection may carry another request. */
static int s_read_answer(struct s_call *call, struct s_conn *conn, bool head, bool reused, bool *reusable)
{
    int result = -1;
    struct gc_http_parser p;
    uint8_t buf[16384];

    *reusable = false;
    gc_http_parser_init(&p, call->resp, head);
    for (;;) {
        ssize_t n = s_read_some(call, conn, buf, sizeof buf);
        if (n < 0)
            goto cleanup;
        if (n == 0) {
            if (gc_http_parser_eof(&p) == 1)
                break;
            call->stale = reused && p.received == 0;
            s_error(call, GC_HTTP_FAILURE_OTHER, "%s", p.error);
            goto cleanup;
        }
        size_t used = 0;
        int rc = gc_http_parser_feed(&p, buf, (size_t)n, &used);
        if (rc < 0) {
            if (p.too_large)
                s_error(call, GC_HTTP_FAILURE_OTHER, "response body larger than %zu bytes", (size_t)GC_HTTP_BODY_MAX);
            else
                s_error(call, GC_HTTP_FAILURE_OTHER, "%s", p.error);
            goto cleanup;
        }
        if (rc == 1) {
            /* bytes after the answer were never asked for: the connection is not trusted again */
            *reusable = p.keep_alive && used == (size_t)n && (!conn->ssl || SSL_pending(conn->ssl) == 0);
            break;
        }
    }
    result = 0;
cleanup:
    gc_http_parser_clean_up(&p);
    return result;
}

static bool s_header_named(const char *h, const char *name)
{
    size_t n = strlen(name);
    return strncasecmp(h, name, n) == 0 && h[n] == ':';
}

/* Whether the request can be written as it is: the method a token, every header "Name: value" with a token name
 * and no control character (no CR or LF: nothing can be smuggled into a second line or request), and no framing
 * header (the length is ours to write) nor a second Host. */
static bool s_request_is_clean(const struct gc_http_request *req, const char *method)
{
    bool clean = *method != '\0';
    bool has_host = false;

    for (const char *m = method; clean && *m; m++)
        clean = s_is_tchar((unsigned char)*m);
    for (size_t i = 0; clean && i < req->n_headers; i++) {
        const char *h = req->headers[i];
        size_t name_len = 0;
        while (h[name_len] && s_is_tchar((unsigned char)h[name_len]))
            name_len++;
        clean = name_len > 0 && h[name_len] == ':';
        for (const char *c = h + name_len + 1; clean && *c; c++)
            clean = s_is_vchar((unsigned char)*c);
        clean = clean && !s_header_named(h, "content-length") && !s_header_named(h, "transfer-encoding") &&
                !s_header_named(h, "connection") && !s_header_named(h, "expect") && !s_header_named(h, "upgrade") &&
                !(has_host && s_header_named(h, "host"));
        has_host = has_host || s_header_named(h, "host");
    }
    return clean;
}

static bool s_has_header(const struct gc_http_request *req, const char *name)
{
    for (size_t i = 0; i < req->n_headers; i++) {
        if (s_header_named(req->headers[i], name))
            return true;
    }
    return false;
}

/* The request's bytes: its line, the caller's headers, Host and User-Agent unless given, Content-Length, body. */
static int s_build_request(struct s_call *call, const struct gc_http_request *req, const char *method,
                           struct gc_buf *out)
{
    int result = -1;
    const struct s_url *u = call->url;
    const char *target = u->target[0] ? u->target : "/";
    bool v6 = strchr(u->host, ':') != NULL;
    bool sends_length =
        req->body.len > 0 || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0;

    if (!s_request_is_clean(req, method)) {
        s_error(call, GC_HTTP_FAILURE_OTHER, "request refused: a malformed method, header or framing header");
        goto cleanup;
    }
    bool ok = gc_buf_printf(out, "%s %s%s HTTP/1.1\r\n", method, target[0] == '?' ? "/" : "", target) == 0;
    for (size_t i = 0; ok && i < req->n_headers; i++)
        ok = gc_buf_printf(out, "%s\r\n", req->headers[i]) == 0;
    if (ok && !s_has_header(req, "host"))
        ok = gc_buf_printf(out, "Host: %s%s%s%s%s\r\n", v6 ? "[" : "", u->host, v6 ? "]" : "",
                           u->default_port ? "" : ":", u->default_port ? "" : u->port) == 0;
    if (ok && !s_has_header(req, "user-agent"))
        ok = gc_buf_append_str(out, "User-Agent: " S_USER_AGENT "\r\n") == 0;
    if (ok && sends_length)
        ok = gc_buf_printf(out, "Content-Length: %zu\r\n", req->body.len) == 0;
    if (!ok || gc_buf_append_str(out, "\r\n") != 0 || gc_buf_append_span(out, req->body) != 0) {
        s_error(call, GC_HTTP_FAILURE_OTHER, "out of memory");
        goto cleanup;
    }
    result = 0;
cleanup:
    return result;
}

int gc_http_tls_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    int result = -1;
    struct gc_http_tls *t = impl;
    struct s_url url;
    struct gc_buf wire;
    struct s_conn *conn = NULL;
    char key[300];
    int64_t now = s_now_ms();
    struct s_call call = {.t = t, .resp = resp, .url = &url, .started_ms = now};

    memset(resp, 0, sizeof *resp);
    gc_buf_init(&resp->body, GC_HTTP_BODY_MAX);
    gc_buf_init(&wire, GC_HTTP_BODY_MAX + 65536);
    call.deadline_ms = now + (req->timeout_ms > 0 ? req->timeout_ms : GC_HTTP_DEFAULT_TIMEOUT_MS);
    const char *method = req->method ? req->method : "GET";
    if (!t || !req->url || s_parse_url(&url, req->url) != 0) {
        s_error(&call, GC_HTTP_FAILURE_OTHER, "URL rejected: malformed or unsupported");
        goto cleanup;
    }
    snprintf(key, sizeof key, "%s://%s:%s", url.tls ? "https" : "http", url.host, url.port);
    if (s_build_request(&call, req, method, &wire) != 0)
        goto cleanup;
    /* A reused connection may have been closed by the server while idle; the request then goes once more, on a
     * new connection, as libcurl did: only when the connection was reused and not one byte of an answer arrived
     * (a server closing an idle connection does not act on what reaches it afterwards). The window is small: a
     * connection the server closed before it was taken is readable and dropped by s_pool_take, and connections
     * idle over 30 s (under the idle timeouts of AWS's endpoints) are not reused. */
    for (int attempt = 0; attempt < 2; attempt++) {
        bool reused = false;
        bool reusable = false;
        call.stale = false;
        if (attempt == 0)
            conn = s_pool_take(t, key);
        reused = conn != NULL;
        if (!conn && s_connect(&call, key, &conn) != 0)
            goto cleanup;
        if (s_write_all(&call, conn, wire.ptr, wire.len, reused) == 0 &&
            s_read_answer(&call, conn, strcmp(method, "HEAD") == 0, reused, &reusable) == 0) {
            if (reusable)
                s_pool_give(t, conn);
            else
                s_conn_free(conn);
            conn = NULL;
            result = 0;
            break;
        }
        s_conn_free(conn);
        conn = NULL;
        if (!call.stale)
            break;
        s_forget_headers(resp);
        resp->status = 0;
        gc_buf_reset(&resp->body);
    }
cleanup:
    s_conn_free(conn);
    gc_buf_clean_up(&wire);
    if (result != 0) {
        resp->status = 0;
        if (!resp->transport_error[0])
            s_error(&call, GC_HTTP_FAILURE_OTHER, "request failed");
    }
    return result;
}
