/* go-plugin server on gRPC C core: one completion queue, N worker threads, one heap call context per
 * accepted call used as the CQ tag, exactly one batch in flight per call (gRPC C core 1.51). */
#include "transport/gc_server.h"

#include <errno.h>
#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/slice.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/gc_log.h"
#include "grpc/health/v1/health.pb-c.h"
#include "grpc_controller.pb-c.h"
#include "transport/gc_handshake.h"
#include "transport/gc_tls.h"

/* gRPC's completion queue orders the thread that starts a batch with a call as its tag before the worker that gets the
 * tag back; ThreadSanitizer cannot see that inside the uninstrumented libgrpc and reports every hand-off of a call as
 * a race. These tell it (scripts/e2e-sanitizers.sh thread); they compile to nothing in any other build. */
#if defined(__SANITIZE_THREAD__)
#define S_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define S_TSAN 1
#endif
#endif
#ifdef S_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define S_HANDOFF_RELEASE(tag) __tsan_release(tag)
#define S_HANDOFF_ACQUIRE(tag) __tsan_acquire(tag)
#else
#define S_HANDOFF_RELEASE(tag) ((void)(tag))
#define S_HANDOFF_ACQUIRE(tag) ((void)(tag))
#endif

#define S_DEFAULT_WORKERS 12
#define S_MAX_WORKERS 256
#define S_MAX_MESSAGE_BYTES (256 * 1024 * 1024)
#define S_SUN_PATH_MAX 108
#define S_WAKE_SIGNAL SIGUSR1
/* How long a shutdown lets calls in flight finish, and replies already sent reach the client, before it cancels
 * what is left. Cancelling at once could reset the stream of the Shutdown reply itself. */
#define S_SHUTDOWN_GRACE_MS 500

#define S_PATH_SHUTDOWN "/plugin.GRPCController/Shutdown"
#define S_PATH_HEALTH "/grpc.health.v1.Health/Check"

enum s_call_state {
    S_CALL_ARMED = 1,     /* waiting in grpc_server_request_call */
    S_CALL_RECEIVING = 2, /* batch A: RECV_MESSAGE */
    S_CALL_SENDING = 3,   /* batch B: metadata, message, status, RECV_CLOSE */
};

struct s_server;

struct s_call {
    struct s_server *server;
    enum s_call_state state;
    grpc_call *call;
    grpc_call_details details;
    grpc_metadata_array request_md;
    grpc_byte_buffer *req_bb;
    grpc_byte_buffer *resp_bb;
    const struct gc_rpc_method *method;
    int cancelled;
};

struct s_server {
    const struct gc_server_options *options;
    grpc_server *server;
    grpc_completion_queue *cq;
    pthread_mutex_t lock;
    bool shutdown_begun;    /* under lock */
    gpr_timespec cancel_at; /* under lock; set with shutdown_begun */
    bool cancelled;         /* under lock */
    atomic_bool draining;   /* no re-arming once set */
    int shutdown_tag;       /* its address is the shutdown-notify tag */
    char socket_path[S_SUN_PATH_MAX];
    bool socket_bound;
};

static int s_handle_shutdown(void *app, const ProtobufCMessage *request, ProtobufCMessage *response,
                             struct gc_arena *arena)
{
    (void)app;
    (void)request;
    (void)response;
    (void)arena;
    GC_DEBUG("transport: Shutdown requested");
    return 0;
}

static int s_handle_health(void *app, const ProtobufCMessage *request, ProtobufCMessage *response,
                           struct gc_arena *arena)
{
    (void)app;
    (void)arena;
    const Grpc__Health__V1__HealthCheckRequest *req = (const Grpc__Health__V1__HealthCheckRequest *)request;
    Grpc__Health__V1__HealthCheckResponse *resp = (Grpc__Health__V1__HealthCheckResponse *)response;
    const char *service = req->service ? req->service : "";
    if (strcmp(service, "") == 0 || strcmp(service, "plugin") == 0)
        resp->status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    else
        resp->status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN;
    return 0;
}

static const struct gc_rpc_method s_builtin_methods[] = {
    {S_PATH_SHUTDOWN, &plugin__empty__descriptor, &plugin__empty__descriptor, s_handle_shutdown},
    {S_PATH_HEALTH, &grpc__health__v1__health_check_request__descriptor,
     &grpc__health__v1__health_check_response__descriptor, s_handle_health},
};

/* ---- shutdown ------------------------------------------------------------------------------------------ */

/* Starts the graceful shutdown once: on_stop, stop accepting; the workers cancel what is still in flight
 * S_SHUTDOWN_GRACE_MS later (s_server_cancel_if_due). Safe from any thread except a signal handler. */
static void s_server_begin_shutdown(struct s_server *srv, const char *why)
{
    bool first = false;
    pthread_mutex_lock(&srv->lock);
    if (!srv->shutdown_begun) {
        srv->shutdown_begun = true;
        srv->cancel_at =
            gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), gpr_time_from_millis(S_SHUTDOWN_GRACE_MS, GPR_TIMESPAN));
        first = true;
    }
    pthread_mutex_unlock(&srv->lock);
    if (!first)
        return;
    GC_DEBUG("transport: shutting down (%s)", why);
    if (srv->options->on_stop)
        srv->options->on_stop(srv->options->app);
    grpc_server_shutdown_and_notify(srv->server, srv->cq, &srv->shutdown_tag);
}

/* How long a worker may wait for the next event: for ever until a shutdown begins, then until its grace ends. */
static gpr_timespec s_server_wait_deadline(struct s_server *srv)
{
    gpr_timespec deadline = gpr_inf_future(GPR_CLOCK_MONOTONIC);
    pthread_mutex_lock(&srv->lock);
    if (srv->shutdown_begun && !srv->cancelled)
        deadline = srv->cancel_at;
    pthread_mutex_unlock(&srv->lock);
    return deadline;
}

/* Once the grace is over, cancels the calls still in flight (once). */
static void s_server_cancel_if_due(struct s_server *srv)
{
    bool due = false;
    pthread_mutex_lock(&srv->lock);
    if (srv->shutdown_begun && !srv->cancelled && gpr_time_cmp(gpr_now(GPR_CLOCK_MONOTONIC), srv->cancel_at) >= 0) {
        srv->cancelled = true;
        due = true;
    }
    pthread_mutex_unlock(&srv->lock);
    if (due) {
        GC_DEBUG("transport: cancelling the calls still in flight after %d ms", S_SHUTDOWN_GRACE_MS);
        grpc_server_cancel_all_calls(srv->server);
    }
}

/* ---- call contexts ------------------------------------------------------------------------------------- */

static void s_call_free(struct s_call *c)
{
    if (!c)
        return;
    if (c->req_bb)
        grpc_byte_buffer_destroy(c->req_bb);
    if (c->resp_bb)
        grpc_byte_buffer_destroy(c->resp_bb);
    grpc_metadata_array_destroy(&c->request_md);
    grpc_call_details_destroy(&c->details);
    if (c->call)
        grpc_call_unref(c->call);
    free(c);
}

/* Arms one fresh context with grpc_server_request_call. Returns 0 or -1. */
static int s_call_arm(struct s_server *srv)
{
    int result = -1;
    struct s_call *c = calloc(1, sizeof *c);

    if (!c) {
        GC_ERROR("transport: out of memory arming a call");
        goto cleanup;
    }
    c->server = srv;
    c->state = S_CALL_ARMED;
    grpc_call_details_init(&c->details);
    grpc_metadata_array_init(&c->request_md);
    S_HANDOFF_RELEASE(c);
    grpc_call_error err =
        grpc_server_request_call(srv->server, &c->call, &c->details, &c->request_md, srv->cq, srv->cq, c);
    if (err != GRPC_CALL_OK) {
        GC_ERROR("transport: grpc_server_request_call failed (%d)", (int)err);
        goto cleanup;
    }
    c = NULL;
    result = 0;
cleanup:
    s_call_free(c);
    return result;
}

static const struct gc_rpc_method *s_method_find(const struct s_server *srv, grpc_slice path)
{
    for (size_t i = 0; i < sizeof s_builtin_methods / sizeof s_builtin_methods[0]; i++)
        if (grpc_slice_str_cmp(path, s_builtin_methods[i].path) == 0)
            return &s_builtin_methods[i];
    for (size_t i = 0; i < srv->options->n_methods; i++) {
        const struct gc_rpc_method *m = &srv->options->methods[i];
        if (m->path && grpc_slice_str_cmp(path, m->path) == 0)
            return m;
    }
    return NULL;
}

/* Batch B: finishes the call with `status`; resp_bb (may be NULL) is the message for an OK status.
 * Returns 0, or -1 if the batch was refused (the caller then frees the context). */
static int s_call_finish(struct s_call *c, grpc_status_code status, const char *details)
{
    grpc_op ops[4];
    size_t n = 0;
    grpc_slice details_slice = grpc_empty_slice();

    memset(ops, 0, sizeof ops);
    if (details)
        details_slice = grpc_slice_from_copied_string(details);
    ops[n].op = GRPC_OP_SEND_INITIAL_METADATA;
    ops[n].data.send_initial_metadata.count = 0;
    n++;
    if (c->resp_bb) {
        ops[n].op = GRPC_OP_SEND_MESSAGE;
        ops[n].data.send_message.send_message = c->resp_bb;
        n++;
    }
    ops[n].op = GRPC_OP_SEND_STATUS_FROM_SERVER;
    ops[n].data.send_status_from_server.status = status;
    ops[n].data.send_status_from_server.trailing_metadata_count = 0;
    ops[n].data.send_status_from_server.status_details = details ? &details_slice : NULL;
    n++;
    ops[n].op = GRPC_OP_RECV_CLOSE_ON_SERVER;
    ops[n].data.recv_close_on_server.cancelled = &c->cancelled;
    n++;
    c->state = S_CALL_SENDING;
    grpc_call *call = c->call; /* read before the hand-off: from here the completion may free c */
    S_HANDOFF_RELEASE(c);
    grpc_call_error err = grpc_call_start_batch(call, ops, n, c, NULL);
    grpc_slice_unref(details_slice);
    if (err != GRPC_CALL_OK) {
        GC_ERROR("transport: cannot send the reply (%d)", (int)err);
        grpc_call_cancel_with_status(call, GRPC_STATUS_INTERNAL, "cannot send the reply", NULL);
        return -1;
    }
    return 0;
}

/* A new call arrived: re-arm, then either receive its message or refuse it. Returns 0 while the context
 * lives on, -1 when the caller must free it. */
static int s_call_on_new(struct s_call *c)
{
    struct s_server *srv = c->server;

    if (!atomic_load(&srv->draining) && s_call_arm(srv) != 0)
        GC_ERROR("transport: could not re-arm; serving with fewer pending calls");
    c->method = s_method_find(srv, c->details.method);
    if (!c->method) {
        if (gc_log_enabled(GC_LOG_DEBUG)) {
            char *path = grpc_slice_to_c_string(c->details.method);
            GC_DEBUG("transport: unimplemented method %s", path ? path : "?");
            gpr_free(path);
        }
        return s_call_finish(c, GRPC_STATUS_UNIMPLEMENTED, "method not implemented by gcnet");
    }
    grpc_op op;
    memset(&op, 0, sizeof op);
    op.op = GRPC_OP_RECV_MESSAGE;
    op.data.recv_message.recv_message = &c->req_bb;
    c->state = S_CALL_RECEIVING;
    grpc_call *call = c->call; /* read before the hand-off: from here the completion may free c */
    S_HANDOFF_RELEASE(c);
    grpc_call_error err = grpc_call_start_batch(call, &op, 1, c, NULL);
    if (err != GRPC_CALL_OK) {
        GC_ERROR("transport: cannot receive the request (%d)", (int)err);
        grpc_call_cancel_with_status(call, GRPC_STATUS_INTERNAL, "cannot receive the request", NULL);
        return -1;
    }
    return 0;
}

/* Reads the whole request into one slice. Returns 0, or -1 when there is no readable message. */
static int s_read_request(grpc_slice *out, grpc_byte_buffer *bb)
{
    grpc_byte_buffer_reader reader;
    if (!bb || grpc_byte_buffer_reader_init(&reader, bb) != 1)
        return -1;
    *out = grpc_byte_buffer_reader_readall(&reader);
    grpc_byte_buffer_reader_destroy(&reader);
    return 0;
}

/* The log context of a call (gc_log_context_begin): the RPC's short name and the request's `type_name` field,
 * which every resource and data source request has. */
static void s_log_context_begin(const struct gc_rpc_method *m, const ProtobufCMessage *request)
{
    const char *slash = strrchr(m->path, '/');
    const char *type_name = NULL;
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(m->request_descriptor, "type_name");
    if (f && f->type == PROTOBUF_C_TYPE_STRING && f->label != PROTOBUF_C_LABEL_REPEATED)
        type_name = *(const char *const *)((const char *)request + f->offset);
    gc_log_context_begin(slash ? slash + 1 : m->path, type_name);
}

/* Runs the handler for an unpacked request and packs the response into c->resp_bb. */
static grpc_status_code s_call_run_handler(struct s_call *c, const ProtobufCMessage *request, const char **details)
{
    grpc_status_code status = GRPC_STATUS_INTERNAL;
    const struct gc_rpc_method *m = c->method;
    struct gc_arena arena;
    ProtobufCMessage *response = NULL;

    gc_arena_init(&arena);
    *details = "internal error";
    response = gc_arena_alloc(&arena, m->response_descriptor->sizeof_message);
    if (!response)
        goto cleanup;
    m->response_descriptor->message_init(response);
    void *app = m->handle == s_handle_shutdown || m->handle == s_handle_health ? c->server : c->server->options->app;
    s_log_context_begin(m, request);
    int handled = m->handle(app, request, response, &arena);
    gc_log_context_end();
    if (handled != 0) {
        GC_ERROR("transport: handler for %s failed", m->path);
        goto cleanup;
    }
    size_t size = protobuf_c_message_get_packed_size(response);
    if (size > S_MAX_MESSAGE_BYTES) {
        GC_ERROR("transport: response for %s is too large (%zu bytes)", m->path, size);
        *details = "response too large";
        goto cleanup;
    }
    grpc_slice slice = grpc_slice_malloc(size);
    if (protobuf_c_message_pack(response, GRPC_SLICE_START_PTR(slice)) != size) {
        grpc_slice_unref(slice);
        goto cleanup;
    }
    c->resp_bb = grpc_raw_byte_buffer_create(&slice, 1);
    grpc_slice_unref(slice);
    status = GRPC_STATUS_OK;
    *details = NULL;
cleanup:
    gc_arena_clean_up(&arena);
    return status;
}

/* Batch A completed: unpack, dispatch, reply. Returns 0 while the context lives on, -1 to free it. */
static int s_call_on_request(struct s_call *c, bool success)
{
    grpc_slice slice = grpc_empty_slice();
    ProtobufCMessage *request = NULL;
    grpc_status_code status = GRPC_STATUS_INTERNAL;
    const char *details = "internal error";

    if (!success || !c->req_bb) {
        /* The client half-closed without a message, or the call is gone. */
        status = GRPC_STATUS_INVALID_ARGUMENT;
        details = "missing request message";
        goto cleanup;
    }
    if (s_read_request(&slice, c->req_bb) != 0) {
        status = GRPC_STATUS_INVALID_ARGUMENT;
        details = "unreadable request message";
        goto cleanup;
    }
    grpc_byte_buffer_destroy(c->req_bb);
    c->req_bb = NULL;
    request = protobuf_c_message_unpack(c->method->request_descriptor, NULL, GRPC_SLICE_LENGTH(slice),
                                        GRPC_SLICE_START_PTR(slice));
    if (!request) {
        GC_WARN("transport: malformed request for %s (%zu bytes)", c->method->path, (size_t)GRPC_SLICE_LENGTH(slice));
        status = GRPC_STATUS_INVALID_ARGUMENT;
        details = "malformed request message";
        goto cleanup;
    }
    status = s_call_run_handler(c, request, &details);
cleanup:
    /* The response is packed already, so the request (which it may have pointed into) can go. */
    if (request)
        protobuf_c_message_free_unpacked(request, NULL);
    grpc_slice_unref(slice);
    if (status != GRPC_STATUS_OK && c->resp_bb) {
        grpc_byte_buffer_destroy(c->resp_bb);
        c->resp_bb = NULL;
    }
    return s_call_finish(c, status, details);
}

/* One CQ event for a call context. */
static void s_call_on_event(struct s_call *c, bool success)
{
    struct s_server *srv = c->server;
    int keep = -1;

    switch (c->state) {
    case S_CALL_ARMED:
        if (success)
            keep = s_call_on_new(c);
        break;
    case S_CALL_RECEIVING:
        keep = s_call_on_request(c, success);
        break;
    case S_CALL_SENDING:
        if (c->method && c->method->handle == s_handle_shutdown)
            s_server_begin_shutdown(srv, "Shutdown RPC");
        break;
    }
    if (keep != 0)
        s_call_free(c);
}

/* ---- threads ------------------------------------------------------------------------------------------- */

static void *s_worker_main(void *arg)
{
    struct s_server *srv = arg;
    for (;;) {
        grpc_event ev = grpc_completion_queue_next(srv->cq, s_server_wait_deadline(srv), NULL);
        if (ev.type == GRPC_QUEUE_SHUTDOWN)
            break;
        s_server_cancel_if_due(srv);
        if (ev.type != GRPC_OP_COMPLETE)
            continue;
        if (ev.tag == &srv->shutdown_tag) {
            atomic_store(&srv->draining, true);
            grpc_completion_queue_shutdown(srv->cq);
            continue;
        }
        S_HANDOFF_ACQUIRE(ev.tag);
        s_call_on_event(ev.tag, ev.success != 0);
    }
    return NULL;
}

struct s_signals {
    struct s_server *server;
    sigset_t set;
    atomic_bool quit;
};

static void *s_signal_main(void *arg)
{
    struct s_signals *sig = arg;
    for (;;) {
        int signo = 0;
        if (sigwait(&sig->set, &signo) != 0)
            continue;
        if (atomic_load(&sig->quit))
            break;
        if (signo == SIGTERM || signo == SIGINT || signo == SIGHUP)
            s_server_begin_shutdown(sig->server, signo == SIGTERM ? "SIGTERM" : "signal");
    }
    return NULL;
}

/* ---- set-up -------------------------------------------------------------------------------------------- */

/* Picks an unused socket path "plugin-gcnet-<random>" under PLUGIN_UNIX_SOCKET_DIR or $TMPDIR (or /tmp when
 * those are unset or too long for sun_path), the way go-plugin does: create a unique file, then delete it
 * so the listener can take the name. */
static int s_socket_path_make(char *out, size_t size)
{
    int result = -1;
    const char *dirs[] = {getenv("PLUGIN_UNIX_SOCKET_DIR"), getenv("TMPDIR"), "/tmp"};

    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && result != 0; i++) {
        const char *dir = dirs[i];
        if (!dir || dir[0] != '/')
            continue;
        size_t dlen = strlen(dir);
        while (dlen > 1 && dir[dlen - 1] == '/')
            dlen--;
        int n = snprintf(out, size, "%.*s/plugin-gcnet-XXXXXX", (int)dlen, dir);
        if (n < 0 || (size_t)n >= size)
            continue;
        int fd = mkstemp(out);
        if (fd < 0)
            continue;
        close(fd);
        unlink(out);
        result = 0;
    }
    if (result != 0)
        GC_ERROR("transport: no usable directory for the plugin socket (TMPDIR too long or not writable)");
    return result;
}

static grpc_server_credentials *s_credentials_make(const char *client_cert_pem, struct gc_tls_identity *identity,
                                                   struct gc_buf *cert_b64)
{
    grpc_server_credentials *creds = NULL;

    char why[256];

    if (!client_cert_pem)
        return grpc_insecure_server_credentials_create();
    if (gc_tls_client_cert_check(client_cert_pem, why, sizeof why) != 0) {
        /* fail closed, and say why: gRPC would only refuse the listen */
        GC_ERROR("transport: cannot serve mTLS: %s", why);
        return NULL;
    }
    if (gc_tls_identity_generate(identity) != 0)
        goto cleanup;
    if (gc_tls_base64_raw(cert_b64, gc_buf_span(&identity->cert_der)) != 0)
        goto cleanup;
    grpc_ssl_pem_key_cert_pair pair = {
        .private_key = gc_buf_cstr(&identity->key_pem),
        .cert_chain = gc_buf_cstr(&identity->cert_pem),
    };
    grpc_ssl_server_certificate_config *config = grpc_ssl_server_certificate_config_create(client_cert_pem, &pair, 1);
    if (!config)
        goto cleanup;
    grpc_ssl_server_credentials_options *opts = grpc_ssl_server_credentials_create_options_using_config(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY, config);
    if (!opts)
        goto cleanup;
    creds = grpc_ssl_server_credentials_create_with_options(opts);
cleanup:
    if (!creds)
        GC_ERROR("transport: cannot set up the mTLS server credentials");
    /* gRPC copied the PEMs: the key can go now. */
    gc_buf_clean_up_secure(&identity->key_pem);
    return creds;
}

static int s_print_stdout(struct gc_buf *text)
{
    if (fwrite(text->ptr, 1, text->len, stdout) != text->len || fflush(stdout) != 0)
        return -1;
    return 0;
}

int gc_server_main(const struct gc_server_options *options)
{
    int result = 2;
    struct s_server srv;
    struct s_signals sig;
    struct gc_tls_identity identity;
    struct gc_buf cert_b64;
    struct gc_buf line;
    grpc_server_credentials *creds = NULL;
    pthread_t workers[S_MAX_WORKERS];
    int n_workers = 0;
    pthread_t signal_thread;
    bool signal_started = false;
    bool grpc_started = false;
    bool server_started = false;
    bool drained = false;
    int app_version = 0;

    memset(&srv, 0, sizeof srv);
    memset(&sig, 0, sizeof sig);
    pthread_mutex_init(&srv.lock, NULL);
    gc_tls_identity_init(&identity);
    gc_buf_init(&cert_b64, 64 * 1024);
    gc_buf_init(&line, 64 * 1024);
    gc_log_init();
    srv.options = options;
    if (!options || (options->n_methods && !options->methods))
        goto cleanup;

    bool debug = options->debug;
    if (!debug && !gc_handshake_cookie_check(getenv(GC_HANDSHAKE_COOKIE_KEY))) {
        fprintf(stderr, "This is a Terraform provider plugin, not a command-line tool: Terraform starts it itself.\n"
                        "Use it from a Terraform configuration (or run it with --debug to attach by hand).\n");
        result = 1;
        goto cleanup;
    }
    if (!debug &&
        gc_handshake_versions_pick(&app_version, getenv(GC_HANDSHAKE_VERSIONS_KEY), GC_HANDSHAKE_APP_VERSION) != 0) {
        fprintf(stderr, "gcnet speaks plugin protocol %d only, which this client did not offer (%s=%s)\n",
                GC_HANDSHAKE_APP_VERSION, GC_HANDSHAKE_VERSIONS_KEY, getenv(GC_HANDSHAKE_VERSIONS_KEY));
        result = 1;
        goto cleanup;
    }
    app_version = GC_HANDSHAKE_APP_VERSION;

    /* Signals: SIGINT is Terraform's Ctrl-C and is ignored (except in --debug, where it stops us).
     * SIGTERM (and SIGHUP) are taken synchronously by one sigwait thread; every thread inherits the mask. */
    sigemptyset(&sig.set);
    sigaddset(&sig.set, SIGTERM);
    sigaddset(&sig.set, SIGHUP);
    sigaddset(&sig.set, S_WAKE_SIGNAL);
    if (debug)
        sigaddset(&sig.set, SIGINT);
    else
        signal(SIGINT, SIG_IGN);
    /* An inherited SIG_IGN would discard these before sigwait could see them. */
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    if (debug)
        signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    if (pthread_sigmask(SIG_BLOCK, &sig.set, NULL) != 0)
        goto cleanup;
    sig.server = &srv;

    const char *client_cert = debug ? NULL : getenv(GC_HANDSHAKE_CLIENT_CERT_KEY);
    if (s_socket_path_make(srv.socket_path, sizeof srv.socket_path) != 0)
        goto cleanup;

    grpc_init();
    grpc_started = true;
    creds = s_credentials_make(client_cert, &identity, &cert_b64);
    if (!creds)
        goto cleanup;

    grpc_arg args[2];
    memset(args, 0, sizeof args);
    args[0].type = GRPC_ARG_INTEGER;
    args[0].key = (char *)GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH;
    args[0].value.integer = S_MAX_MESSAGE_BYTES;
    args[1].type = GRPC_ARG_INTEGER;
    args[1].key = (char *)GRPC_ARG_MAX_SEND_MESSAGE_LENGTH;
    args[1].value.integer = S_MAX_MESSAGE_BYTES;
    grpc_channel_args channel_args = {.num_args = 2, .args = args};

    srv.cq = grpc_completion_queue_create_for_next(NULL);
    srv.server = grpc_server_create(&channel_args, NULL);
    if (!srv.cq || !srv.server)
        goto cleanup;
    grpc_server_register_completion_queue(srv.server, srv.cq, NULL);
    char address[S_SUN_PATH_MAX + 8];
    snprintf(address, sizeof address, "unix:%s", srv.socket_path);
    if (grpc_server_add_http2_port(srv.server, address, creds) == 0) {
        GC_ERROR("transport: cannot listen on %s", address);
        goto cleanup;
    }
    srv.socket_bound = true;
    grpc_server_credentials_release(creds);
    creds = NULL;
    chmod(srv.socket_path, 0600);
    grpc_server_start(srv.server);
    server_started = true;

    int want_workers = options->workers > 0 ? options->workers : S_DEFAULT_WORKERS;
    if (want_workers > S_MAX_WORKERS)
        want_workers = S_MAX_WORKERS;
    for (int i = 0; i < want_workers; i++)
        if (s_call_arm(&srv) != 0)
            goto cleanup;
    for (; n_workers < want_workers; n_workers++)
        if (pthread_create(&workers[n_workers], NULL, s_worker_main, &srv) != 0)
            goto cleanup;
    if (pthread_create(&signal_thread, NULL, s_signal_main, &sig) != 0)
        goto cleanup;
    signal_started = true;

    if (debug) {
        if (gc_buf_append_str(&line, "Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS "
                                     "environment variable with the following:\n\n\tTF_REATTACH_PROVIDERS='") != 0 ||
            gc_handshake_reattach_format(
                &line, options->provider_address ? options->provider_address : "registry.terraform.io/tokushima/gcnet",
                app_version, (long)getpid(), "unix", srv.socket_path) != 0 ||
            gc_buf_append_str(&line, "'\n\n") != 0)
            goto cleanup;
    } else if (gc_handshake_line_format(&line, app_version, "unix", srv.socket_path,
                                        cert_b64.len ? gc_buf_cstr(&cert_b64) : NULL) != 0) {
        goto cleanup;
    }
    if (s_print_stdout(&line) != 0) {
        GC_ERROR("transport: cannot write the handshake line");
        goto cleanup;
    }
    GC_DEBUG("transport: serving on %s (%s)", srv.socket_path, client_cert ? "mTLS" : "plaintext");

    /* Serve: the workers return once Shutdown or a signal has drained the server. */
    for (int i = 0; i < n_workers; i++)
        pthread_join(workers[i], NULL);
    n_workers = 0;
    drained = true;
    result = 0;

cleanup:
    if (server_started && !drained) {
        s_server_begin_shutdown(&srv, "set-up failure");
        if (n_workers == 0)
            s_worker_main(&srv); /* no worker ran: drain the queue here */
    }
    for (int i = 0; i < n_workers; i++)
        pthread_join(workers[i], NULL);
    if (signal_started) {
        atomic_store(&sig.quit, true);
        pthread_kill(signal_thread, S_WAKE_SIGNAL);
        pthread_join(signal_thread, NULL);
    }
    if (creds)
        grpc_server_credentials_release(creds);
    if (srv.server)
        grpc_server_destroy(srv.server);
    if (srv.cq)
        grpc_completion_queue_destroy(srv.cq);
    if (grpc_started)
        grpc_shutdown();
    if (srv.socket_bound)
        unlink(srv.socket_path);
    gc_tls_identity_clean_up(&identity);
    gc_buf_clean_up(&cert_b64);
    gc_buf_clean_up(&line);
    pthread_mutex_destroy(&srv.lock);
    if (result == 0)
        GC_DEBUG("transport: stopped");
    return result;
}
