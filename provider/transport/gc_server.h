/* The go-plugin server: magic-cookie check, protocol negotiation, AutoMTLS, the handshake line, and a
 * gRPC C-core server with a worker pool that dispatches unary calls through a method table.
 *
 * The server answers plugin.GRPCController/Shutdown, grpc.health.v1.Health/Check (SERVING for "plugin"
 * and ""), and UNIMPLEMENTED for plugin.GRPCStdio, plugin.GRPCBroker and every unknown path, itself.
 * Everything else goes to the table. A request that does not unpack gets INVALID_ARGUMENT; a handler never
 * sees malformed bytes. */
#ifndef GC_SERVER_H
#define GC_SERVER_H

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/gc_arena.h"

/* Fills `response` (already initialised with its descriptor's init) from `request`. Everything the
 * response points at must come from `arena` (or be static). Return 0; a non-zero return sends gRPC status
 * INTERNAL (use it only for bugs: user-facing failures are diagnostics inside an OK response). */
typedef int gc_rpc_handler_fn(void *app, const ProtobufCMessage *request, ProtobufCMessage *response,
                              struct gc_arena *arena);

struct gc_rpc_method {
    const char *path; /* "/tfplugin6.Provider/GetProviderSchema" */
    const ProtobufCMessageDescriptor *request_descriptor;
    const ProtobufCMessageDescriptor *response_descriptor;
    gc_rpc_handler_fn *handle;
};

struct gc_server_options {
    const struct gc_rpc_method *methods;
    size_t n_methods;
    void *app;
    int workers; /* worker threads (default 12) */
    bool debug;  /* --debug: no cookie check, plaintext, print TF_REATTACH_PROVIDERS, run until signalled */
    const char *provider_address; /* for the reattach line, e.g. "registry.terraform.io/tokushima/gcnet" */
    void (*on_stop)(void *app);   /* called once when Shutdown or SIGTERM begins shutdown (may be NULL) */
};

/* Runs the plugin until shutdown. Returns the process exit code (0 after a clean Shutdown, 1 when not
 * launched by Terraform, 2 on set-up failure). */
int gc_server_main(const struct gc_server_options *options);

#endif
