/* libFuzzer: every tfplugin6 RPC handler of provider/rpc behind the server's unpack step. The first byte picks the
 * method; the rest is the protobuf request as the wire would carry it. The server's path is followed: protobuf-c
 * unpack (a failure is the server's INVALID_ARGUMENT), the handler, then the response must pack. The provider is
 * not configured (ConfigureProvider would reach for AWS and is left out; StopProvider would stop the app), so
 * resource calls run validation, decoding and planning and must fail cleanly where AWS would be needed. */
#include <protobuf-c/protobuf-c.h>

#include "base/gc_arena.h"
#include "framework/gc_resource.h"
#include "fuzz_util.h"
#include "rpc/gc_rpc.h"

static struct gc_rpc_app s_app;
static const struct gc_rpc_method *s_methods[32];
static size_t s_n_methods;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (gc_registry_prepare() != 0)
        abort();
    gc_rpc_app_init(&s_app);
    for (size_t i = 0; i < gc_rpc_n_methods && s_n_methods < 32; i++) {
        const char *path = gc_rpc_methods[i].path;
        if (strstr(path, "/ConfigureProvider") || strstr(path, "/StopProvider"))
            continue;
        s_methods[s_n_methods++] = &gc_rpc_methods[i];
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const struct gc_rpc_method *m = s_methods[data[0] % s_n_methods];
    ProtobufCMessage *req = protobuf_c_message_unpack(m->request_descriptor, NULL, size - 1, data + 1);
    if (!req)
        return 0; /* the server answers INVALID_ARGUMENT without calling the handler */
    struct gc_arena arena;
    gc_arena_init(&arena);
    ProtobufCMessage *resp = calloc(1, m->response_descriptor->sizeof_message);
    FUZZ_CHECK(resp != NULL);
    protobuf_c_message_init(m->response_descriptor, resp);
    int rc = m->handle(&s_app, req, resp, &arena);
    if (rc == 0) {
        size_t n = protobuf_c_message_get_packed_size(resp);
        uint8_t *buf = malloc(n ? n : 1);
        FUZZ_CHECK(buf != NULL);
        FUZZ_CHECK(protobuf_c_message_pack(resp, buf) == n);
        ProtobufCMessage *back = protobuf_c_message_unpack(m->response_descriptor, NULL, n, buf);
        FUZZ_CHECK(back != NULL); /* what we send, Terraform can read */
        protobuf_c_message_free_unpacked(back, NULL);
        free(buf);
    }
    free(resp); /* the response's members live in the arena */
    gc_arena_clean_up(&arena);
    protobuf_c_message_free_unpacked(req, NULL);
    return 0;
}
