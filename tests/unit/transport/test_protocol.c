/* End-to-end transport tests: the test plugin (test_server_main.c, path in argv[1]) runs as a child
 * launched the way Terraform launches it, and a gRPC C-core client talks to it over the handshake address. */
#include <errno.h>
#include <fcntl.h>
#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/slice.h>
#include <grpc/support/time.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gc_test.h"
#include "grpc/health/v1/health.pb-c.h"
#include "tfplugin6.pb-c.h"
#include "transport/gc_handshake.h"
#include "transport/gc_tls.h"

static const char *s_server_path;
static struct gc_tls_identity s_client;    /* the "Terraform" client identity */
static struct gc_tls_identity s_stranger;  /* a different self-signed identity */

#define GPS "/tfplugin6.Provider/GetProviderSchema"
#define VPC "/tfplugin6.Provider/ValidateProviderConfig"
#define VRC "/tfplugin6.Provider/ValidateResourceConfig" /* the test server's rendezvous of 8 calls */

static double s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* ---- the child plugin ---------------------------------------------------------------------------------- */

struct child {
    pid_t pid;
    int out_fd;
    int err_fd;
    char line[16384];
    char *field[8];
    int n_fields;
    char err[4096];
    double handshake_ms;
    char *server_pem; /* PEM of the certificate from field 6 */
};

struct spawn_env {
    const char *cookie;      /* NULL: unset */
    const char *versions;    /* NULL: unset */
    const char *client_cert; /* NULL: unset */
    bool capture_stderr;
    bool debug;              /* run with --debug */
};

static char *s_der_b64_to_pem(const char *b64)
{
    size_t len = strlen(b64);
    size_t padded = (len + 3) / 4 * 4;
    char *in = calloc(1, padded + 1);
    unsigned char *der = calloc(1, padded);
    char *pem = NULL;
    X509 *cert = NULL;
    BIO *bio = NULL;
    if (!in || !der || strchr(b64, '='))
        goto cleanup;
    memcpy(in, b64, len);
    memset(in + len, '=', padded - len);
    int n = EVP_DecodeBlock(der, (unsigned char *)in, (int)padded);
    if (n < 0)
        goto cleanup;
    n -= (int)(padded - len);
    const unsigned char *p = der;
    cert = d2i_X509(NULL, &p, n);
    if (!cert || p != der + n)
        goto cleanup;
    bio = BIO_new(BIO_s_mem());
    if (!bio || !PEM_write_bio_X509(bio, cert))
        goto cleanup;
    char *data = NULL;
    long dlen = BIO_get_mem_data(bio, &data);
    pem = calloc(1, (size_t)dlen + 1);
    if (pem)
        memcpy(pem, data, (size_t)dlen);
cleanup:
    BIO_free(bio);
    X509_free(cert);
    free(in);
    free(der);
    return pem;
}

/* Reads until '\n' or EOF (or timeout) from fd into buf. */
static size_t s_read_until(int fd, char *buf, size_t size, bool stop_at_newline, int timeout_ms)
{
    size_t len = 0;
    double deadline = s_now_ms() + timeout_ms;
    while (len + 1 < size) {
        int left = (int)(deadline - s_now_ms());
        if (left <= 0)
            break;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, left) <= 0)
            break;
        ssize_t n = read(fd, buf + len, 1);
        if (n <= 0)
            break;
        len++;
        if (stop_at_newline && buf[len - 1] == '\n')
            break;
    }
    buf[len] = '\0';
    return len;
}

static int s_spawn(struct child *c, const struct spawn_env *env)
{
    int out[2], err[2] = {-1, -1};
    memset(c, 0, sizeof *c);
    c->out_fd = c->err_fd = -1;
    if (pipe(out) != 0 || (env->capture_stderr && pipe(err) != 0))
        return -1;
    double start = s_now_ms();
    c->pid = fork();
    if (c->pid < 0)
        return -1;
    if (c->pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        if (env->capture_stderr)
            dup2(err[1], STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        if (env->capture_stderr) {
            close(err[0]);
            close(err[1]);
        }
        env->cookie ? setenv(GC_HANDSHAKE_COOKIE_KEY, env->cookie, 1) : unsetenv(GC_HANDSHAKE_COOKIE_KEY);
        env->versions ? setenv(GC_HANDSHAKE_VERSIONS_KEY, env->versions, 1) : unsetenv(GC_HANDSHAKE_VERSIONS_KEY);
        env->client_cert ? setenv(GC_HANDSHAKE_CLIENT_CERT_KEY, env->client_cert, 1)
                         : unsetenv(GC_HANDSHAKE_CLIENT_CERT_KEY);
        execl(s_server_path, s_server_path, env->debug ? "--debug" : (char *)NULL, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    c->out_fd = out[0];
    if (env->capture_stderr) {
        close(err[1]);
        c->err_fd = err[0];
    }
    s_read_until(c->out_fd, c->line, sizeof c->line, true, 20000);
    if (env->debug) {
        /* The banner line, a blank line, then the line carrying TF_REATTACH_PROVIDERS. */
        while (c->line[0] && !strstr(c->line, "TF_REATTACH_PROVIDERS='"))
            s_read_until(c->out_fd, c->line, sizeof c->line, true, 20000);
        return 0;
    }
    c->handshake_ms = s_now_ms() - start;
    size_t len = strlen(c->line);
    if (len && c->line[len - 1] == '\n')
        c->line[--len] = '\0';
    /* Split on '|' keeping empty fields, as Terraform does (strings.Split). */
    for (char *p = c->line; len && c->n_fields < 8;) {
        c->field[c->n_fields++] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        p = bar + 1;
    }
    if (c->n_fields == 6)
        c->server_pem = s_der_b64_to_pem(c->field[5]);
    return 0;
}

/* Waits up to timeout_ms for the child to exit. Returns its exit code, or -1 (and kills it) on timeout. */
static int s_wait(struct child *c, int timeout_ms, double *took_ms)
{
    double start = s_now_ms();
    int status = 0;
    for (;;) {
        pid_t r = waitpid(c->pid, &status, WNOHANG);
        if (r == c->pid)
            break;
        if (s_now_ms() - start > timeout_ms) {
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &status, 0);
            c->pid = 0;
            return -1;
        }
        usleep(2000);
    }
    if (took_ms)
        *took_ms = s_now_ms() - start;
    c->pid = 0;
    if (c->err_fd >= 0)
        s_read_until(c->err_fd, c->err, sizeof c->err, false, 1000);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void s_child_clean_up(struct child *c)
{
    if (c->pid > 0) {
        kill(c->pid, SIGKILL);
        waitpid(c->pid, NULL, 0);
    }
    if (c->out_fd >= 0)
        close(c->out_fd);
    if (c->err_fd >= 0)
        close(c->err_fd);
    free(c->server_pem);
    memset(c, 0, sizeof *c);
}

/* ---- the client ---------------------------------------------------------------------------------------- */

enum client_auth {
    AUTH_GOOD = 1,     /* the client cert the server was given */
    AUTH_NONE = 2,     /* TLS without a client cert */
    AUTH_STRANGER = 3, /* a different self-signed cert */
    AUTH_PLAIN = 4,    /* h2c */
};

static grpc_channel *s_channel(const struct child *c, enum client_auth auth)
{
    char target[512];
    snprintf(target, sizeof target, "unix:%s", c->n_fields > 3 ? c->field[3] : "/nonexistent");
    grpc_channel_credentials *creds = NULL;
    if (auth == AUTH_PLAIN) {
        creds = grpc_insecure_credentials_create();
    } else {
        const struct gc_tls_identity *id = auth == AUTH_GOOD ? &s_client : &s_stranger;
        grpc_ssl_pem_key_cert_pair pair = {
            .private_key = (const char *)id->key_pem.ptr,
            .cert_chain = (const char *)id->cert_pem.ptr,
        };
        creds = grpc_ssl_credentials_create(c->server_pem, auth == AUTH_NONE ? NULL : &pair, NULL, NULL);
    }
    grpc_arg arg;
    memset(&arg, 0, sizeof arg);
    arg.type = GRPC_ARG_STRING;
    arg.key = (char *)GRPC_SSL_TARGET_NAME_OVERRIDE_ARG;
    arg.value.string = (char *)"localhost";
    grpc_channel_args args = {.num_args = 1, .args = &arg};
    grpc_channel *ch = grpc_channel_create(target, creds, auth == AUTH_PLAIN ? NULL : &args);
    grpc_channel_credentials_release(creds);
    return ch;
}

struct reply {
    grpc_status_code status;
    bool completed;
    uint8_t *data;
    size_t len;
};

static void s_unary(grpc_channel *ch, const char *method, const void *req, size_t req_len, struct reply *out)
{
    memset(out, 0, sizeof *out);
    out->status = GRPC_STATUS_UNKNOWN;
    grpc_completion_queue *cq = grpc_completion_queue_create_for_next(NULL);
    gpr_timespec deadline = gpr_time_add(gpr_now(GPR_CLOCK_REALTIME), gpr_time_from_seconds(10, GPR_TIMESPAN));
    grpc_slice method_slice = grpc_slice_from_static_string(method);
    grpc_call *call = grpc_channel_create_call(ch, NULL, GRPC_PROPAGATE_DEFAULTS, cq, method_slice, NULL, deadline,
                                               NULL);
    grpc_slice req_slice = grpc_slice_from_copied_buffer(req, req_len);
    grpc_byte_buffer *req_bb = grpc_raw_byte_buffer_create(&req_slice, 1);
    grpc_slice_unref(req_slice);
    grpc_byte_buffer *resp_bb = NULL;
    grpc_metadata_array initial_md, trailing_md;
    grpc_metadata_array_init(&initial_md);
    grpc_metadata_array_init(&trailing_md);
    grpc_slice details = grpc_empty_slice();
    grpc_op ops[6];
    memset(ops, 0, sizeof ops);
    ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
    ops[1].op = GRPC_OP_SEND_MESSAGE;
    ops[1].data.send_message.send_message = req_bb;
    ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
    ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
    ops[3].data.recv_initial_metadata.recv_initial_metadata = &initial_md;
    ops[4].op = GRPC_OP_RECV_MESSAGE;
    ops[4].data.recv_message.recv_message = &resp_bb;
    ops[5].op = GRPC_OP_RECV_STATUS_ON_CLIENT;
    ops[5].data.recv_status_on_client.trailing_metadata = &trailing_md;
    ops[5].data.recv_status_on_client.status = &out->status;
    ops[5].data.recv_status_on_client.status_details = &details;
    if (grpc_call_start_batch(call, ops, 6, (void *)1, NULL) == GRPC_CALL_OK) {
        grpc_event ev = grpc_completion_queue_next(cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
        out->completed = ev.type == GRPC_OP_COMPLETE && ev.success;
    }
    if (resp_bb) {
        grpc_byte_buffer_reader reader;
        if (grpc_byte_buffer_reader_init(&reader, resp_bb) == 1) {
            grpc_slice s = grpc_byte_buffer_reader_readall(&reader);
            out->len = GRPC_SLICE_LENGTH(s);
            out->data = malloc(out->len + 1);
            if (out->data)
                memcpy(out->data, GRPC_SLICE_START_PTR(s), out->len);
            grpc_slice_unref(s);
            grpc_byte_buffer_reader_destroy(&reader);
        }
        grpc_byte_buffer_destroy(resp_bb);
    }
    grpc_byte_buffer_destroy(req_bb);
    grpc_slice_unref(details);
    grpc_metadata_array_destroy(&initial_md);
    grpc_metadata_array_destroy(&trailing_md);
    grpc_call_unref(call);
    grpc_completion_queue_shutdown(cq);
    while (grpc_completion_queue_next(cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL).type != GRPC_QUEUE_SHUTDOWN)
        ;
    grpc_completion_queue_destroy(cq);
}

static void s_reply_clean_up(struct reply *r)
{
    free(r->data);
    r->data = NULL;
}

static const struct spawn_env s_tls_env = {GC_HANDSHAKE_COOKIE_VALUE, "6,5", NULL, false, false};

static int s_spawn_tls(struct child *c)
{
    struct spawn_env env = s_tls_env;
    env.client_cert = gc_buf_cstr(&s_client.cert_pem);
    return s_spawn(c, &env);
}

/* Shutdown RPC, then the child must be gone within 2 s with exit code 0. Returns the exit code or -1. */
static int s_shutdown(struct child *c, grpc_channel *ch, grpc_status_code *status, double *took_ms)
{
    struct reply r;
    s_unary(ch, "/plugin.GRPCController/Shutdown", "", 0, &r);
    *status = r.status;
    s_reply_clean_up(&r);
    return s_wait(c, 2000, took_ms);
}

/* ---- cases --------------------------------------------------------------------------------------------- */

GC_TEST(handshake_line_tls)
{
    struct child c;
    int spawned = s_spawn_tls(&c) == 0;
    struct stat st;
    int is_socket = c.n_fields > 3 && stat(c.field[3], &st) == 0 && S_ISSOCK(st.st_mode);
    int path_short = c.n_fields > 3 && strlen(c.field[3]) < 108 && c.field[3][0] == '/';
    printf("# handshake after %.1f ms\n", c.handshake_ms);
    int fields = c.n_fields;
    int core1 = fields > 0 && strcmp(c.field[0], "1") == 0;
    int app6 = fields > 1 && strcmp(c.field[1], "6") == 0;
    int unix_net = fields > 2 && strcmp(c.field[2], "unix") == 0;
    int grpc_proto = fields > 4 && strcmp(c.field[4], "grpc") == 0;
    int cert_ok = c.server_pem != NULL;
    grpc_channel *ch = s_channel(&c, AUTH_GOOD);
    grpc_status_code sd;
    s_shutdown(&c, ch, &sd, NULL);
    grpc_channel_destroy(ch);
    s_child_clean_up(&c);
    ASSERT_TRUE(spawned);
    ASSERT_INT_EQ(fields, 6);
    ASSERT_TRUE(core1 && app6 && unix_net && grpc_proto);
    ASSERT_TRUE(is_socket);
    ASSERT_TRUE(path_short);
    ASSERT_TRUE(cert_ok);
}

GC_TEST(mtls_call_succeeds)
{
    struct child c;
    s_spawn_tls(&c);
    grpc_channel *ch = s_channel(&c, AUTH_GOOD);
    struct reply r;
    s_unary(ch, GPS, "", 0, &r);
    Tfplugin6__GetProviderSchema__Response *resp = NULL;
    if (r.status == GRPC_STATUS_OK && r.data)
        resp = (Tfplugin6__GetProviderSchema__Response *)protobuf_c_message_unpack(
            &tfplugin6__get_provider_schema__response__descriptor, NULL, r.len, r.data);
    int has_block = resp && resp->provider && resp->provider->block;
    int optional = resp && resp->server_capabilities && resp->server_capabilities->get_provider_schema_optional;
    if (resp)
        protobuf_c_message_free_unpacked(&resp->base, NULL);
    grpc_status_code status = r.status;
    s_reply_clean_up(&r);

    /* grpc.health.v1 Check for "plugin" */
    Grpc__Health__V1__HealthCheckRequest hreq = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    hreq.service = (char *)"plugin";
    uint8_t hbuf[64];
    size_t hlen = grpc__health__v1__health_check_request__pack(&hreq, hbuf);
    s_unary(ch, "/grpc.health.v1.Health/Check", hbuf, hlen, &r);
    Grpc__Health__V1__HealthCheckResponse *hresp =
        r.data ? grpc__health__v1__health_check_response__unpack(NULL, r.len, r.data) : NULL;
    int serving = hresp && hresp->status == GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    if (hresp)
        grpc__health__v1__health_check_response__free_unpacked(hresp, NULL);
    s_reply_clean_up(&r);

    grpc_status_code sd_status;
    int code = s_shutdown(&c, ch, &sd_status, NULL);
    grpc_channel_destroy(ch);
    s_child_clean_up(&c);
    ASSERT_INT_EQ(status, GRPC_STATUS_OK);
    ASSERT_TRUE(has_block);
    ASSERT_TRUE(optional);
    ASSERT_TRUE(serving);
    ASSERT_INT_EQ(code, 0);
}

GC_TEST(client_without_or_with_wrong_cert_is_refused)
{
    struct child c;
    s_spawn_tls(&c);
    grpc_channel *none = s_channel(&c, AUTH_NONE);
    grpc_channel *stranger = s_channel(&c, AUTH_STRANGER);
    grpc_channel *plain = s_channel(&c, AUTH_PLAIN);
    struct reply r1, r2, r3, r4;
    s_unary(none, GPS, "", 0, &r1);
    s_unary(stranger, GPS, "", 0, &r2);
    s_unary(plain, GPS, "", 0, &r3);
    grpc_channel *good = s_channel(&c, AUTH_GOOD); /* the server is still fine */
    s_unary(good, GPS, "", 0, &r4);
    printf("# no cert: %d, stranger: %d, plaintext: %d, good: %d\n", r1.status, r2.status, r3.status, r4.status);
    grpc_status_code s1 = r1.status, s2 = r2.status, s3 = r3.status, s4 = r4.status;
    int data1 = r1.data != NULL, data2 = r2.data != NULL;
    s_reply_clean_up(&r1);
    s_reply_clean_up(&r2);
    s_reply_clean_up(&r3);
    s_reply_clean_up(&r4);
    grpc_status_code sd;
    int code = s_shutdown(&c, good, &sd, NULL);
    grpc_channel_destroy(none);
    grpc_channel_destroy(stranger);
    grpc_channel_destroy(plain);
    grpc_channel_destroy(good);
    s_child_clean_up(&c);
    ASSERT_TRUE(s1 != GRPC_STATUS_OK && !data1);
    ASSERT_TRUE(s2 != GRPC_STATUS_OK && !data2);
    ASSERT_TRUE(s3 != GRPC_STATUS_OK);
    ASSERT_INT_EQ(s4, GRPC_STATUS_OK);
    ASSERT_INT_EQ(code, 0);
}

GC_TEST(malformed_unknown_and_failing_calls)
{
    struct child c;
    s_spawn_tls(&c);
    grpc_channel *ch = s_channel(&c, AUTH_GOOD);
    static const struct {
        const char *method;
        const char *bytes;
        size_t len;
        grpc_status_code want;
    } cases[] = {
        {VPC, "\x0a\x05" "ab", 4, GRPC_STATUS_INVALID_ARGUMENT},           /* truncated length-delimited */
        {GPS, "\x0a\xff\xff\xff\xff\x0f", 6, GRPC_STATUS_INVALID_ARGUMENT}, /* absurd length */
        {VPC, "\x0f", 1, GRPC_STATUS_INVALID_ARGUMENT},                   /* bad wire type */
        {"/tfplugin6.Provider/PlanResourceChange", "", 0, GRPC_STATUS_UNIMPLEMENTED},
        {"/no.Such/Method", "", 0, GRPC_STATUS_UNIMPLEMENTED},
        {"/plugin.GRPCStdio/StreamStdio", "", 0, GRPC_STATUS_UNIMPLEMENTED},
        {"/plugin.GRPCBroker/StartStream", "", 0, GRPC_STATUS_UNIMPLEMENTED},
        {"/tfplugin6.Provider/ConfigureProvider", "", 0, GRPC_STATUS_INTERNAL}, /* handler returns -1 */
        {VPC, "\x0a\x02\x0a\x00", 4, GRPC_STATUS_OK},                      /* config { msgpack: "" } */
        {GPS, "", 0, GRPC_STATUS_OK},                                      /* still serving */
    };
    int failed_case = -1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct reply r;
        s_unary(ch, cases[i].method, cases[i].bytes, cases[i].len, &r);
        if (r.status != cases[i].want && failed_case < 0) {
            printf("# case %zu (%s): status %d, want %d\n", i, cases[i].method, r.status, cases[i].want);
            failed_case = (int)i;
        }
        s_reply_clean_up(&r);
    }
    grpc_status_code sd;
    int code = s_shutdown(&c, ch, &sd, NULL);
    grpc_channel_destroy(ch);
    s_child_clean_up(&c);
    ASSERT_INT_EQ(failed_case, -1);
    ASSERT_INT_EQ(code, 0);
}

struct worker_arg {
    grpc_channel *ch;
    grpc_status_code status;
};

static void *s_concurrent_call(void *p)
{
    struct worker_arg *a = p;
    struct reply r;
    s_unary(a->ch, VRC, "", 0, &r);
    a->status = r.status;
    s_reply_clean_up(&r);
    return NULL;
}

/* The test server answers VRC only once 8 calls are in its handlers at the same time (and fails them otherwise),
 * so all 16 succeed only if the server runs calls concurrently: no timing involved. */
GC_TEST(sixteen_concurrent_calls)
{
    struct child c;
    s_spawn_tls(&c);
    grpc_channel *ch = s_channel(&c, AUTH_GOOD);
    pthread_t threads[16];
    struct worker_arg args[16];
    for (int i = 0; i < 16; i++) {
        args[i].ch = ch;
        args[i].status = GRPC_STATUS_UNKNOWN;
        pthread_create(&threads[i], NULL, s_concurrent_call, &args[i]);
    }
    for (int i = 0; i < 16; i++)
        pthread_join(threads[i], NULL);
    int ok = 0;
    for (int i = 0; i < 16; i++)
        ok += args[i].status == GRPC_STATUS_OK;
    grpc_status_code sd;
    int code = s_shutdown(&c, ch, &sd, NULL);
    grpc_channel_destroy(ch);
    s_child_clean_up(&c);
    ASSERT_INT_EQ(ok, 16);
    ASSERT_INT_EQ(code, 0);
}

GC_TEST(shutdown_exits_promptly_and_removes_socket)
{
    struct child c;
    s_spawn_tls(&c);
    char path[512] = "";
    if (c.n_fields > 3)
        snprintf(path, sizeof path, "%s", c.field[3]);
    grpc_channel *ch = s_channel(&c, AUTH_GOOD);
    grpc_status_code sd = GRPC_STATUS_UNKNOWN;
    double took = 0;
    int code = s_shutdown(&c, ch, &sd, &took);
    printf("# exited %.1f ms after the Shutdown reply\n", took);
    grpc_channel_destroy(ch);
    s_child_clean_up(&c);
    struct stat st;
    ASSERT_INT_EQ(sd, GRPC_STATUS_OK);
    ASSERT_INT_EQ(code, 0); /* s_shutdown waits for the exit (up to 2 s, then kills: code -1) */
    ASSERT_TRUE(path[0] && stat(path, &st) != 0 && errno == ENOENT);
}

/* The signal mask `field` ("SigIgn", "SigPnd", "ShdPnd") of process `pid` from /proc, or 0 when unreadable. */
static unsigned long long s_signal_mask(pid_t pid, const char *field)
{
    char path[64];
    char line[256];
    unsigned long long mask = 0;
    size_t field_len = strlen(field);
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, field_len) == 0 && line[field_len] == ':') {
            mask = strtoull(line + field_len + 1, NULL, 16);
            break;
        }
    }
    fclose(f);
    return mask;
}

/* Waits (up to timeout_ms) until signal `signo` is no longer pending for `pid`: it has been delivered, or
 * discarded because it is ignored. Returns 0 once it is not pending, -1 on timeout. */
static int s_wait_signal_taken(pid_t pid, int signo, int timeout_ms)
{
    unsigned long long bit = 1ULL << (signo - 1);
    double deadline = s_now_ms() + timeout_ms;
    while ((s_signal_mask(pid, "SigPnd") | s_signal_mask(pid, "ShdPnd")) & bit) {
        if (s_now_ms() > deadline)
            return -1;
        usleep(1000);
    }
    return 0;
}

GC_TEST(sigint_ignored_sigterm_stops)
{
    struct child c;
    s_spawn_tls(&c);
    grpc_channel *ch = s_channel(&c, AUTH_GOOD);
    unsigned long long ignored = s_signal_mask(c.pid, "SigIgn");
    kill(c.pid, SIGINT);
    int taken = s_wait_signal_taken(c.pid, SIGINT, 5000);
    struct reply r;
    s_unary(ch, GPS, "", 0, &r); /* still alive after SIGINT */
    grpc_status_code after_int = r.status;
    s_reply_clean_up(&r);
    char path[512] = "";
    if (c.n_fields > 3)
        snprintf(path, sizeof path, "%s", c.field[3]);
    kill(c.pid, SIGTERM);
    double took = 0;
    int code = s_wait(&c, 2000, &took);
    grpc_channel_destroy(ch);
    s_child_clean_up(&c);
    struct stat st;
    ASSERT_TRUE(ignored & (1ULL << (SIGINT - 1))); /* the disposition, read before the signal was sent */
    ASSERT_INT_EQ(taken, 0);
    ASSERT_INT_EQ(after_int, GRPC_STATUS_OK);
    ASSERT_INT_EQ(code, 0);
    ASSERT_TRUE(path[0] && stat(path, &st) != 0 && errno == ENOENT);
}

GC_TEST(plaintext_without_client_cert)
{
    struct child c;
    s_spawn(&c, &s_tls_env); /* no PLUGIN_CLIENT_CERT */
    int fields = c.n_fields;
    grpc_channel *ch = s_channel(&c, AUTH_PLAIN);
    struct reply r;
    s_unary(ch, GPS, "", 0, &r);
    grpc_status_code status = r.status;
    s_reply_clean_up(&r);
    grpc_status_code sd;
    int code = s_shutdown(&c, ch, &sd, NULL);
    grpc_channel_destroy(ch);
    s_child_clean_up(&c);
    ASSERT_INT_EQ(fields, 5);
    ASSERT_INT_EQ(status, GRPC_STATUS_OK);
    ASSERT_INT_EQ(code, 0);
}

GC_TEST(debug_mode_prints_reattach_and_stops_on_sigint)
{
    struct child c;
    struct spawn_env env = {NULL, NULL, NULL, false, true}; /* no cookie needed */
    s_spawn(&c, &env);
    char want_prefix[128];
    snprintf(want_prefix, sizeof want_prefix, "{\"registry.terraform.io/tokushima/gcnet\":{\"Protocol\":\"grpc\","
             "\"ProtocolVersion\":6,\"Pid\":%ld,\"Test\":true,", (long)c.pid);
    const char *json = strstr(c.line, "TF_REATTACH_PROVIDERS='");
    json = json ? json + strlen("TF_REATTACH_PROVIDERS='") : "";
    int prefix_ok = strncmp(json, want_prefix, strlen(want_prefix)) == 0;
    char path[512] = "";
    const char *s = strstr(json, "\"String\":\"");
    if (s) {
        s += strlen("\"String\":\"");
        const char *end = strchr(s, '"');
        if (end && (size_t)(end - s) < sizeof path) {
            memcpy(path, s, (size_t)(end - s));
            path[end - s] = '\0';
        }
    }
    /* Reuse the client plumbing: fake a plaintext handshake with the reattach address. */
    c.n_fields = 4;
    c.field[3] = path;
    grpc_channel *ch = s_channel(&c, AUTH_PLAIN);
    struct reply r;
    s_unary(ch, GPS, "", 0, &r);
    grpc_status_code status = r.status;
    s_reply_clean_up(&r);
    kill(c.pid, SIGINT);
    int code = s_wait(&c, 2000, NULL);
    grpc_channel_destroy(ch);
    c.n_fields = 0;
    s_child_clean_up(&c);
    struct stat st;
    if (!prefix_ok)
        printf("# reattach: %s\n", json);
    ASSERT_TRUE(prefix_ok);
    ASSERT_TRUE(path[0] == '/');
    ASSERT_INT_EQ(status, GRPC_STATUS_OK);
    ASSERT_INT_EQ(code, 0);
    ASSERT_TRUE(stat(path, &st) != 0 && errno == ENOENT);
}

/* A bad PLUGIN_CLIENT_CERT: the server fails closed (no handshake line, exit code not 0) and stderr says what is
 * wrong with the certificate, not "cannot listen". */
GC_TEST(bad_client_cert_fails_closed_saying_why)
{
    static const struct {
        const char *cert;
        const char *stderr_has;
    } cases[] = {
        {"garbage", "no PEM certificate"},
        {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "does not parse"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct child c;
        struct spawn_env env = {GC_HANDSHAKE_COOKIE_VALUE, "6", cases[i].cert, true, false};
        s_spawn(&c, &env);
        int code = s_wait(&c, 10000, NULL);
        int no_stdout = c.line[0] == '\0';
        int message = strstr(c.err, cases[i].stderr_has) != NULL && strstr(c.err, "PLUGIN_CLIENT_CERT") != NULL;
        int no_listen = strstr(c.err, "cannot listen") == NULL;
        if (!message || !no_listen)
            printf("# case %zu stderr: %s\n", i, c.err);
        s_child_clean_up(&c);
        ASSERT_TRUE(code != 0 && code != -1);
        ASSERT_TRUE(no_stdout);
        ASSERT_TRUE(message);
        ASSERT_TRUE(no_listen);
    }
}

GC_TEST(not_launched_by_terraform)
{
    static const struct {
        const char *cookie;
        const char *versions;
        const char *stderr_has;
    } cases[] = {
        {NULL, "5,6", "Terraform provider plugin"},
        {"wrong", "5,6", "Terraform provider plugin"},
        {GC_HANDSHAKE_COOKIE_VALUE, "5", "protocol 6"},
        {GC_HANDSHAKE_COOKIE_VALUE, "4,5", "protocol 6"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct child c;
        struct spawn_env env = {cases[i].cookie, cases[i].versions, NULL, true, false};
        s_spawn(&c, &env);
        int code = s_wait(&c, 5000, NULL);
        int no_stdout = c.line[0] == '\0';
        int message = strstr(c.err, cases[i].stderr_has) != NULL;
        if (!message)
            printf("# case %zu stderr: %s\n", i, c.err);
        s_child_clean_up(&c);
        ASSERT_INT_EQ(code, 1);
        ASSERT_TRUE(no_stdout);
        ASSERT_TRUE(message);
    }
}

int main(int argc, char **argv)
{
    static const struct gc_test_case cases[] = {
        GC_CASE(handshake_line_tls),
        GC_CASE(mtls_call_succeeds),
        GC_CASE(client_without_or_with_wrong_cert_is_refused),
        GC_CASE(malformed_unknown_and_failing_calls),
        GC_CASE(sixteen_concurrent_calls),
        GC_CASE(shutdown_exits_promptly_and_removes_socket),
        GC_CASE(sigint_ignored_sigterm_stops),
        GC_CASE(plaintext_without_client_cert),
        GC_CASE(debug_mode_prints_reattach_and_stops_on_sigint),
        GC_CASE(not_launched_by_terraform),
        GC_CASE(bad_client_cert_fails_closed_saying_why),
    };
    if (argc < 2) {
        printf("1..0 # SKIP usage: %s <test-server>\n", argv[0]);
        return 1;
    }
    s_server_path = argv[1];
    signal(SIGPIPE, SIG_IGN);
    gc_tls_identity_init(&s_client);
    gc_tls_identity_init(&s_stranger);
    if (gc_tls_identity_generate(&s_client) != 0 || gc_tls_identity_generate(&s_stranger) != 0) {
        printf("1..0 # cannot generate client identities\n");
        return 1;
    }
    gc_buf_cstr(&s_client.key_pem);
    gc_buf_cstr(&s_client.cert_pem);
    gc_buf_cstr(&s_stranger.key_pem);
    gc_buf_cstr(&s_stranger.cert_pem);
    grpc_init();
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    grpc_shutdown();
    gc_tls_identity_clean_up(&s_client);
    gc_tls_identity_clean_up(&s_stranger);
    return rc;
}
