/* gcnet's own HTTP/1.1 client (provider/aws/gc_http_tls.c): the response parser on its own (table-driven, each
 * answer fed whole and byte by byte), then the client against http_test_server.py on loopback (plain http and
 * https with a test CA it makes: good, misnamed and expired certificates; keep-alive, stale connections, chunked
 * bodies, malformed answers, timeout, cancel, refused port, unresolvable name, concurrent requests).
 * Usage: test_http_tls <python3> <http_test_server.py> */
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/gc_aws_private.h"
#include "aws/gc_http.h"
#include "aws/gc_http_tls.h"
#include "gc_test.h"

static const char *g_python;
static const char *g_server_py;
static pid_t g_server = -1;
static int g_stdin = -1; /* the server's stdin: closing it stops the server */
static char g_dir[64];
static char g_ca[128];
static int g_ports[4]; /* http, https good, https wrong name, https expired */

/* ---- the parser ---- */

struct parse_row {
    const char *name;
    const char *wire;
    bool head;
    int want;          /* 1 complete, -1 refused, 0 needs the connection's end */
    long status;       /* with want 1 */
    const char *body;  /* with want 1 */
    bool keep_alive;   /* with want 1 */
    const char *error; /* part of the error, with want -1 */
};

static const struct parse_row s_parse_rows[] = {
    {"length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  v \r\n\r\nhello", false, 1, 200, "hello", true, NULL},
    {"no reason", "HTTP/1.1 204\r\n\r\n", false, 1, 204, "", true, NULL},
    {"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n",
     false, 1, 200, "abcde", true, NULL},
    {"close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx", false, 1, 200, "x", false, NULL},
    {"http/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", false, 1, 200, "x", false, NULL},
    {"http/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx", false, 1, 200,
     "x", true, NULL},
    {"interim", "HTTP/1.1 100 Continue\r\nA: b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false, 1, 200,
     "ok", true, NULL},
    {"head", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", true, 1, 200, "", true, NULL},
    {"304", "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", false, 1, 304, "", true, NULL},
    {"equal lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", false, 1, 200, "ok", true,
     NULL},
    {"until close", "HTTP/1.1 200 OK\r\n\r\nsome", false, 0, 200, "some", false, NULL},
    {"bad version", "HTTP/2.0 200 OK\r\n\r\n", false, -1, 0, NULL, false, "bad status line"},
    {"four digits", "HTTP/1.1 2000 OK\r\n\r\n", false, -1, 0, NULL, false, "bad status line"},
    {"letters", "HTTP/1.1 2x0 OK\r\n\r\n", false, -1, 0, NULL, false, "bad status code"},
    {"status 600", "HTTP/1.1 600 OK\r\n\r\n", false, -1, 0, NULL, false, "bad status code"},
    {"not http", "SSH-2.0-OpenSSH\r\n", false, -1, 0, NULL, false, "bad status line"},
    {"bare LF", "HTTP/1.1 200 OK\nContent-Length: 0\n\n", false, -1, 0, NULL, false, "CRLF"},
    {"CR inside", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", false, -1, 0, NULL, false, "control character"},
    {"length and chunked", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false,
     -1, 0, NULL, false, "both Content-Length and Transfer-Encoding"},
    {"chunked and length", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", false,
     -1, 0, NULL, false, "both Content-Length and Transfer-Encoding"},
    {"two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", false, -1, 0, NULL, false,
     "conflicting Content-Length"},
    {"signed length", "HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\na", false, -1, 0, NULL, false,
     "bad Content-Length"},
    {"list length", "HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\na", false, -1, 0, NULL, false,
     "bad Content-Length"},
    {"gzip coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false, -1, 0, NULL, false,
     "Transfer-Encoding"},
    {"folded", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", false, -1, 0, NULL, false, "folded"},
    {"space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\na", false, -1, 0, NULL, false,
     "bad header line"},
    {"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, -1, 0, NULL, false,
     "bad chunk size"},
    {"chunk overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000000\r\n", false, -1, 0,
     NULL, false, "chunk size too large"},
    {"chunk without CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n", false, -1, 0,
     NULL, false, "chunk not followed by CRLF"},
    {"huge length", "HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n", false, -1, 0, NULL, false,
     "body too large"},
    {"protocol switch", "HTTP/1.1 101 Switching Protocols\r\n\r\n", false, -1, 0, NULL, false, "protocol switch"},
};

/* Feeds `row` in pieces of `step` bytes (0: whole); 0 if the outcome is the row's. */
static int s_parse_one(const struct parse_row *row, size_t step)
{
    struct gc_http_response resp;
    struct gc_http_parser p;
    size_t len = strlen(row->wire);
    int rc = 0;
    int bad = 0;

    memset(&resp, 0, sizeof resp);
    gc_buf_init(&resp.body, GC_HTTP_BODY_MAX);
    gc_http_parser_init(&p, &resp, row->head);
    for (size_t at = 0; at < len && rc == 0;) {
        size_t piece = step && len - at > step ? step : len - at;
        size_t used = 0;
        rc = gc_http_parser_feed(&p, (const uint8_t *)row->wire + at, piece, &used);
        at += used;
        if (rc == 0 && used != piece)
            rc = 2; /* it must take everything while it needs more */
    }
    if (row->want == 0) {
        bad += rc != 0;
        rc = gc_http_parser_eof(&p);
    } else if (rc == 0) {
        rc = gc_http_parser_eof(&p) == 1 ? 3 : -1; /* a complete answer must not need the end */
    }
    if (row->want >= 0) {
        bad += rc != 1 || resp.status != row->status || gc_span_eq_cstr(gc_buf_span(&resp.body), row->body) == false;
        bad += p.keep_alive != row->keep_alive;
    } else {
        bad += rc != -1 || !strstr(p.error, row->error);
    }
    if (bad)
        printf("# parse %s (step %zu): rc %d status %ld keep %d error \"%s\"\n", row->name, step, rc, resp.status,
               p.keep_alive, p.error);
    gc_http_parser_clean_up(&p);
    gc_http_response_clean_up(&resp);
    return bad;
}

GC_TEST(parser_table)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof s_parse_rows / sizeof s_parse_rows[0]; i++)
        bad += s_parse_one(&s_parse_rows[i], 0) + s_parse_one(&s_parse_rows[i], 1) + s_parse_one(&s_parse_rows[i], 7);
    ASSERT_INT_EQ(bad, 0);
}

GC_TEST(parser_keeps_headers_lower_cased_and_leaves_extra_bytes)
{
    struct gc_http_response resp;
    struct gc_http_parser p;
    const char *wire = "HTTP/1.1 200 OK\r\nX-Amzn-RequestId: r-1\r\nContent-Length: 2\r\n\r\nokEXTRA";
    size_t used = 0;

    memset(&resp, 0, sizeof resp);
    gc_buf_init(&resp.body, 16);
    gc_http_parser_init(&p, &resp, false);
    ASSERT_INT_EQ(gc_http_parser_feed(&p, (const uint8_t *)wire, strlen(wire), &used), 1);
    ASSERT_INT_EQ(used, strlen(wire) - 5);
    ASSERT_INT_EQ(resp.n_headers, 2);
    ASSERT_STR_EQ(resp.headers[0], "x-amzn-requestid: r-1");
    ASSERT_STR_EQ(gc_http_response_header(&resp, "X-Amzn-RequestId"), "r-1");
    gc_http_parser_clean_up(&p);
    gc_http_response_clean_up(&resp);

    /* the body cap: a chunked body that grows past it */
    const char *big = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n10\r\n";
    memset(&resp, 0, sizeof resp);
    gc_buf_init(&resp.body, 20);
    gc_http_parser_init(&p, &resp, false);
    ASSERT_INT_EQ(gc_http_parser_feed(&p, (const uint8_t *)big, strlen(big), &used), -1);
    ASSERT_TRUE(p.too_large);
    gc_http_parser_clean_up(&p);
    gc_http_response_clean_up(&resp);
}

/* ---- the server ---- */

static int s_start_server(void)
{
    int result = -1;
    int out_fds[2] = {-1, -1};
    int in_fds[2] = {-1, -1};
    FILE *out = NULL;
    char line[128];

    snprintf(g_dir, sizeof g_dir, "/tmp/gcnet-http-XXXXXX");
    if (!mkdtemp(g_dir) || pipe(out_fds) != 0 || pipe(in_fds) != 0)
        goto cleanup;
    snprintf(g_ca, sizeof g_ca, "%s/ca.pem", g_dir);
    g_server = fork();
    if (g_server < 0)
        goto cleanup;
    if (g_server == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(in_fds[0], 0);
        dup2(out_fds[1], 1);
        dup2(devnull, 2);
        close(out_fds[0]);
        close(in_fds[1]);
        execlp(g_python, g_python, g_server_py, g_dir, (char *)NULL);
        _exit(127);
    }
    close(out_fds[1]);
    out_fds[1] = -1;
    close(in_fds[0]);
    in_fds[0] = -1;
    g_stdin = in_fds[1];
    in_fds[1] = -1;
    out = fdopen(out_fds[0], "r");
    if (!out)
        goto cleanup;
    out_fds[0] = -1;
    if (!fgets(line, sizeof line, out) ||
        sscanf(line, "PORTS %d %d %d %d", &g_ports[0], &g_ports[1], &g_ports[2], &g_ports[3]) != 4)
        goto cleanup;
    result = 0;
cleanup:
    if (out)
        fclose(out);
    for (int i = 0; i < 2; i++) {
        if (out_fds[i] >= 0)
            close(out_fds[i]);
        if (in_fds[i] >= 0)
            close(in_fds[i]);
    }
    return result;
}

static void s_stop_server(void)
{
    char cmd[128];
    if (g_stdin >= 0)
        close(g_stdin);
    if (g_server > 0) {
        kill(g_server, SIGTERM);
        waitpid(g_server, NULL, 0);
    }
    if (g_dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
        if (system(cmd) != 0)
            printf("# cannot remove %s\n", g_dir);
    }
}

static char *s_url(int port_index, const char *host, const char *path)
{
    static __thread char url[256];
    snprintf(url, sizeof url, "%s://%s:%d%s", port_index ? "https" : "http", host, g_ports[port_index], path);
    return url;
}

static int s_get(struct gc_http_tls *t, const char *method, const char *url, long timeout_ms,
                 struct gc_http_response *resp)
{
    const char *headers[] = {"X-Test: yes"};
    struct gc_http_request req = {
        .method = method, .url = url, .headers = headers, .n_headers = 1, .timeout_ms = timeout_ms};
    int rc = gc_http_tls_send(t, &req, resp);
    printf("# %s %s: rc %d status %ld class %d %s\n", method, url, rc, resp->status, (int)resp->failure,
           resp->transport_error);
    return rc;
}

static bool s_body_has(struct gc_http_response *resp, const char *text)
{
    return strstr(gc_buf_cstr(&resp->body), text) != NULL;
}

/* ---- the client ---- */

GC_TEST(answers_and_keep_alive_over_http_and_https)
{
    struct gc_http_tls_options o = {.ca_file = g_ca};
    struct gc_http_tls *t = NULL;
    ASSERT_INT_EQ(gc_http_tls_new(&t, &o), 0);
    const struct {
        int port;
        const char *host;
    } ends[] = {{0, "127.0.0.1"}, {1, "localhost"}, {1, "127.0.0.1"}};
    for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
        uint64_t before = gc_http_tls_connections(t);
        struct gc_http_response resp;
        for (int i = 0; i < 3; i++) {
            ASSERT_INT_EQ(s_get(t, "GET", s_url(ends[e].port, ends[e].host, "/echo?a=1"), 5000, &resp), 0);
            ASSERT_INT_EQ(resp.status, 200);
            ASSERT_TRUE(s_body_has(&resp, "GET /echo?a=1 "));
            ASSERT_TRUE(s_body_has(&resp, "X-Test: yes"));
            ASSERT_TRUE(s_body_has(&resp, "User-Agent: gcnet-terraform-provider/0.1"));
            ASSERT_STR_EQ(gc_http_response_header(&resp, "content-type"), "text/plain");
            gc_http_response_clean_up(&resp);
        }
        ASSERT_INT_EQ(gc_http_tls_connections(t) - before, 1); /* one connection, kept alive */

        /* a POST's body and length; a chunked answer; HEAD; 100 Continue: all on the same connection */
        const char *headers[] = {"Content-Type: application/x-www-form-urlencoded"};
        struct gc_http_request post = {.method = "POST",
                                       .url = s_url(ends[e].port, ends[e].host, "/echo"),
                                       .headers = headers,
                                       .n_headers = 1,
                                       .body = gc_span_from_cstr("Action=GetCallerIdentity")};
        ASSERT_INT_EQ(gc_http_tls_send(t, &post, &resp), 0);
        ASSERT_TRUE(s_body_has(&resp, "Content-Length: 24"));
        ASSERT_TRUE(s_body_has(&resp, "Host: "));
        ASSERT_TRUE(s_body_has(&resp, "\n\nAction=GetCallerIdentity"));
        gc_http_response_clean_up(&resp);
        ASSERT_INT_EQ(s_get(t, "GET", s_url(ends[e].port, ends[e].host, "/chunked"), 5000, &resp), 0);
        ASSERT_STR_EQ(gc_buf_cstr(&resp.body), "hello chunked!!!");
        gc_http_response_clean_up(&resp);
        ASSERT_INT_EQ(s_get(t, "HEAD", s_url(ends[e].port, ends[e].host, "/head"), 5000, &resp), 0);
        ASSERT_INT_EQ(resp.body.len, 0);
        gc_http_response_clean_up(&resp);
        ASSERT_INT_EQ(s_get(t, "GET", s_url(ends[e].port, ends[e].host, "/interim"), 5000, &resp), 0);
        ASSERT_INT_EQ(resp.status, 201);
        ASSERT_STR_EQ(gc_buf_cstr(&resp.body), "created");
        gc_http_response_clean_up(&resp);
        ASSERT_INT_EQ(gc_http_tls_connections(t) - before, 1);

        /* answers that end their connection: the next request makes a new one */
        const char *closing[] = {"/close", "/eof", "/http10"};
        for (size_t i = 0; i < 3; i++) {
            uint64_t n = gc_http_tls_connections(t);
            ASSERT_INT_EQ(s_get(t, "GET", s_url(ends[e].port, ends[e].host, closing[i]), 5000, &resp), 0);
            ASSERT_INT_EQ(resp.status, 200);
            ASSERT_TRUE(resp.body.len > 0);
            gc_http_response_clean_up(&resp);
            ASSERT_INT_EQ(s_get(t, "GET", s_url(ends[e].port, ends[e].host, "/echo"), 5000, &resp), 0);
            gc_http_response_clean_up(&resp);
            ASSERT_INT_EQ(gc_http_tls_connections(t) - n, 1); /* the closing answer's connection was not kept */
        }
    }
    gc_http_tls_free(t);
}

GC_TEST(a_kept_connection_the_server_closed_is_replaced_once)
{
    struct gc_http_tls_options o = {.ca_file = g_ca};
    struct gc_http_tls *t = NULL;
    struct gc_http_response resp;
    ASSERT_INT_EQ(gc_http_tls_new(&t, &o), 0);
    for (int port = 0; port < 2; port++) {
        uint64_t before = gc_http_tls_connections(t);
        ASSERT_INT_EQ(s_get(t, "GET", s_url(port, "localhost", "/echo"), 5000, &resp), 0);
        gc_http_response_clean_up(&resp);
        /* the kept connection takes /stale and is closed unanswered: sent again on a new connection */
        ASSERT_INT_EQ(s_get(t, "POST", s_url(port, "localhost", "/stale"), 5000, &resp), 0);
        ASSERT_INT_EQ(resp.status, 200);
        ASSERT_TRUE(s_body_has(&resp, "req=1"));
        gc_http_response_clean_up(&resp);
        ASSERT_INT_EQ(gc_http_tls_connections(t) - before, 2);
        /* a new connection closed unanswered is not retried */
        ASSERT_INT_EQ(s_get(t, "GET", s_url(port, "localhost", "/close"), 5000, &resp), 0);
        gc_http_response_clean_up(&resp);
        before = gc_http_tls_connections(t);
        ASSERT_INT_EQ(s_get(t, "GET", s_url(port, "localhost", "/silent"), 5000, &resp), -1);
        ASSERT_INT_EQ(resp.failure, GC_HTTP_FAILURE_OTHER);
        ASSERT_TRUE(strstr(resp.transport_error, "empty reply") != NULL);
        gc_http_response_clean_up(&resp);
        ASSERT_INT_EQ(gc_http_tls_connections(t) - before, 1);
    }
    gc_http_tls_free(t);
}

GC_TEST(malformed_answers_fail_and_are_not_reused)
{
    struct gc_http_tls *t = NULL;
    struct gc_http_response resp;
    const struct {
        const char *path;
        const char *words;
    } rows[] = {
        {"/bad-status", "bad status line"},
        {"/smuggle", "both Content-Length and Transfer-Encoding"},
        {"/two-lengths", "conflicting Content-Length"},
        {"/folded", "folded"},
        {"/truncated", "connection closed before the end"},
        {"/huge", "response body larger than"},
    };
    ASSERT_INT_EQ(gc_http_tls_new(&t, NULL), 0);
    int bad = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int rc = s_get(t, "GET", s_url(0, "127.0.0.1", rows[i].path), 5000, &resp);
        bad += rc != -1 || resp.status != 0 || resp.failure != GC_HTTP_FAILURE_OTHER ||
               !strstr(resp.transport_error, rows[i].words);
        gc_http_response_clean_up(&resp);
        /* the connection that carried it is gone: the next request needs a new one */
        uint64_t before = gc_http_tls_connections(t);
        rc = s_get(t, "GET", s_url(0, "127.0.0.1", "/echo"), 5000, &resp);
        bad += rc != 0 || gc_http_tls_connections(t) - before != 1;
        gc_http_response_clean_up(&resp);
    }
    gc_http_tls_free(t);
    ASSERT_INT_EQ(bad, 0);
}

GC_TEST(header_and_url_injection_is_refused_before_sending)
{
    struct gc_http_tls *t = NULL;
    struct gc_http_response resp;
    const char *bad_headers[][1] = {{"X-A: b\r\nX-Evil: 1"}, {"X-A: b\nGET / HTTP/1.1"},     {"X A: b"},
                                    {"Content-Length: 0"},   {"Transfer-Encoding: chunked"}, {"NoColon"}};
    ASSERT_INT_EQ(gc_http_tls_new(&t, NULL), 0);
    int bad = 0;
    for (size_t i = 0; i < sizeof bad_headers / sizeof bad_headers[0]; i++) {
        struct gc_http_request req = {
            .method = "GET", .url = s_url(0, "127.0.0.1", "/echo"), .headers = bad_headers[i], .n_headers = 1};
        bad += gc_http_tls_send(t, &req, &resp) != -1 || !strstr(resp.transport_error, "request refused");
        gc_http_response_clean_up(&resp);
    }
    const char *bad_urls[] = {"http://127.0.0.1:1/a b",   "http://127.0.0.1:1/a\r\nX: y", "ftp://127.0.0.1/",
                              "http://user@127.0.0.1:1/", "http://127.0.0.1:99999/",      "http:///x"};
    for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
        struct gc_http_request req = {.method = "GET", .url = bad_urls[i]};
        bad += gc_http_tls_send(t, &req, &resp) != -1 || !strstr(resp.transport_error, "URL rejected");
        gc_http_response_clean_up(&resp);
    }
    struct gc_http_request req = {.method = "GET /x HTTP/1.1\r\n", .url = s_url(0, "127.0.0.1", "/echo")};
    bad += gc_http_tls_send(t, &req, &resp) != -1;
    gc_http_response_clean_up(&resp);
    ASSERT_INT_EQ(gc_http_tls_connections(t), 0); /* nothing was sent */
    gc_http_tls_free(t);
    ASSERT_INT_EQ(bad, 0);
}

GC_TEST(tls_verifies_the_peer_and_its_name)
{
    struct gc_http_tls_options o = {.ca_file = g_ca};
    struct gc_http_tls_options missing = {.ca_file = "/nonexistent/ca.pem"};
    const struct {
        const struct gc_http_tls_options *options;
        int port;
        const char *host;
        const char *words;
    } rows[] = {
        {&o, 2, "localhost", "hostname mismatch"},
        {&o, 2, "127.0.0.1", "IP address mismatch"},
        {&o, 3, "localhost", "certificate has expired"},
        {NULL, 1, "localhost", "unable to get local issuer certificate"}, /* the system store does not know it */
        {&missing, 1, "localhost", "error setting certificate file"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_http_tls *t = NULL;
        struct gc_http_response resp;
        ASSERT_INT_EQ(gc_http_tls_new(&t, rows[i].options), 0);
        int rc = s_get(t, "GET", s_url(rows[i].port, rows[i].host, "/echo"), 5000, &resp);
        bad += rc != -1 || resp.failure != GC_HTTP_FAILURE_TLS || !strstr(resp.transport_error, rows[i].words);
        gc_http_response_clean_up(&resp);
        gc_http_tls_free(t);
    }
    ASSERT_INT_EQ(bad, 0);
}

/* The system store as OpenSSL finds it (here SSL_CERT_DIR, a hashed directory that trusts the test CA). */
GC_TEST(the_system_store_is_used_without_a_ca_file)
{
    char hashed[160];
    struct gc_http_tls *t = NULL;
    struct gc_http_response resp;
    snprintf(hashed, sizeof hashed, "%s/hashed", g_dir);
    ASSERT_INT_EQ(setenv("SSL_CERT_DIR", hashed, 1), 0);
    ASSERT_INT_EQ(gc_http_tls_new(&t, NULL), 0);
    int rc = s_get(t, "GET", s_url(1, "localhost", "/echo"), 5000, &resp);
    long status = resp.status;
    gc_http_response_clean_up(&resp);
    gc_http_tls_free(t);
    unsetenv("SSL_CERT_DIR");
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(status, 200);
}

GC_TEST(unreachable_slow_and_cancelled)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    ASSERT_TRUE(fd >= 0);
    ASSERT_INT_EQ(bind(fd, (struct sockaddr *)&a, sizeof a), 0); /* bound, not listening: refuses */
    ASSERT_INT_EQ(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    char refused[64];
    snprintf(refused, sizeof refused, "http://127.0.0.1:%d/", ntohs(a.sin_port));
    struct gc_http_tls *t = NULL;
    struct gc_http_response resp;
    ASSERT_INT_EQ(gc_http_tls_new(&t, NULL), 0);
    const struct {
        const char *url;
        long timeout_ms;
        enum gc_http_failure want;
        const char *words; /* libcurl's, which tests/e2e/test_faults.py and the retry log rely on */
    } rows[] = {
        {"http://gcnet-unresolvable.invalid:1/", 5000, GC_HTTP_FAILURE_RESOLVE,
         "Could not resolve host: gcnet-unresolvable.invalid"},
        {refused, 5000, GC_HTTP_FAILURE_CONNECT, "Failed to connect to 127.0.0.1 port"},
        {s_url(0, "127.0.0.1", "/slow"), 300, GC_HTTP_FAILURE_OTHER, "Timeout was reached"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int rc = s_get(t, "GET", rows[i].url, rows[i].timeout_ms, &resp);
        bad += rc != -1 || resp.status != 0 || resp.failure != rows[i].want ||
               !strstr(resp.transport_error, rows[i].words);
        gc_http_response_clean_up(&resp);
    }
    atomic_bool cancel;
    atomic_init(&cancel, true);
    gc_http_tls_set_cancel_flag(t, &cancel);
    int rc = s_get(t, "GET", s_url(0, "127.0.0.1", "/slow"), 60000, &resp);
    bad += rc != -1 || !strstr(resp.transport_error, "aborted");
    gc_http_response_clean_up(&resp);
    gc_http_tls_free(t);
    close(fd);
    ASSERT_INT_EQ(bad, 0);
}

struct worker {
    struct gc_http_tls *t;
    int port;
    int failures;
};

static void *s_worker(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < 20; i++) {
        struct gc_http_response resp;
        char url[128];
        snprintf(url, sizeof url, "%s://localhost:%d/%s", w->port ? "https" : "http", g_ports[w->port],
                 i % 3 ? "echo" : "chunked");
        struct gc_http_request req = {.method = "GET", .url = url, .timeout_ms = 10000};
        w->failures += gc_http_tls_send(w->t, &req, &resp) != 0 || resp.status != 200;
        gc_http_response_clean_up(&resp);
    }
    return NULL;
}

GC_TEST(concurrent_requests_share_the_pool)
{
    struct gc_http_tls_options o = {.ca_file = g_ca};
    struct gc_http_tls *t = NULL;
    struct worker w[8];
    pthread_t threads[8];
    ASSERT_INT_EQ(gc_http_tls_new(&t, &o), 0);
    for (int i = 0; i < 8; i++) {
        w[i] = (struct worker){.t = t, .port = i % 2};
        ASSERT_INT_EQ(pthread_create(&threads[i], NULL, s_worker, &w[i]), 0);
    }
    int failures = 0;
    for (int i = 0; i < 8; i++) {
        pthread_join(threads[i], NULL);
        failures += w[i].failures;
    }
    ASSERT_INT_EQ(failures, 0);
    ASSERT_TRUE(gc_http_tls_connections(t) <= 8 + 8); /* at most one per thread and kind, not one per request */
    gc_http_tls_free(t);
}

static bool s_mapped(const char *prefix)
{
    char line[1024];
    bool found = false;
    FILE *maps = fopen("/proc/self/maps", "r");
    while (maps && !found && fgets(line, sizeof line, maps)) {
        const char *slash = strrchr(line, '/');
        found = slash && strncmp(slash + 1, prefix, strlen(prefix)) == 0;
    }
    if (maps)
        fclose(maps);
    return found;
}

static struct gc_aws_client *s_client(const char *https_proxy)
{
    struct gc_aws_client_settings s;
    struct gc_aws_client *c = NULL;
    memset(&s, 0, sizeof s);
    s.region = strdup("ap-northeast-1");
    s.creds.access_key_id = strdup("AKIAGCNETTEST0000001");
    s.creds.secret_access_key = strdup("secret");
    s.https_proxy = https_proxy ? strdup(https_proxy) : NULL;
    gc_aws_client_new_with_settings(&c, &s);
    return c;
}

/* The memory this client exists for: a client without a proxy does not map libcurl (nor GnuTLS); one with a proxy
 * does (libcurl speaks CONNECT). Runs first, before anything in this process could have loaded libcurl. */
GC_TEST(only_a_proxied_client_loads_libcurl)
{
    struct gc_aws_client *direct = s_client(NULL);
    ASSERT_TRUE(direct != NULL);
    ASSERT_FALSE(s_mapped("libcurl.so"));
    ASSERT_FALSE(s_mapped("libgnutls.so"));
    gc_aws_client_free(direct);
    struct gc_aws_client *proxied = s_client("http://127.0.0.1:3128");
    ASSERT_TRUE(proxied != NULL);
    ASSERT_TRUE(s_mapped("libcurl.so"));
    gc_aws_client_free(proxied);
}

int main(int argc, char **argv)
{
    static const struct gc_test_case cases[] = {
        GC_CASE(only_a_proxied_client_loads_libcurl),
        GC_CASE(parser_table),
        GC_CASE(parser_keeps_headers_lower_cased_and_leaves_extra_bytes),
        GC_CASE(answers_and_keep_alive_over_http_and_https),
        GC_CASE(a_kept_connection_the_server_closed_is_replaced_once),
        GC_CASE(malformed_answers_fail_and_are_not_reused),
        GC_CASE(header_and_url_injection_is_refused_before_sending),
        GC_CASE(tls_verifies_the_peer_and_its_name),
        GC_CASE(the_system_store_is_used_without_a_ca_file),
        GC_CASE(unreachable_slow_and_cancelled),
        GC_CASE(concurrent_requests_share_the_pool),
    };
    if (argc != 3) {
        printf("Bail out! usage: test_http_tls <python3> <http_test_server.py>\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN); /* as the provider (transport/gc_server.c) */
    g_python = argv[1];
    g_server_py = argv[2];
    if (s_start_server() != 0) {
        printf("Bail out! cannot start %s\n", g_server_py);
        s_stop_server();
        return 1;
    }
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    s_stop_server();
    return rc;
}
