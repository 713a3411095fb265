/* The tfplugin6 Provider service: one handler per RPC, each decoding its DynamicValues with the schema's
 * types, calling the framework, and encoding the answer (diagnostics included) into the call's arena. */
#ifndef GC_RPC_H
#define GC_RPC_H

#include <pthread.h>
#include <stdbool.h>

#include "framework/gc_op.h"
#include "transport/gc_server.h"

struct gc_rpc_app {
    pthread_mutex_t lock;
    struct gc_provider *provider; /* set by ConfigureProvider */
    bool stopping;
};

void gc_rpc_app_init(struct gc_rpc_app *app);
void gc_rpc_app_clean_up(struct gc_rpc_app *app);
/* StopProvider / Shutdown: cancels waits and retries in flight. */
void gc_rpc_app_stop(void *app);

extern const struct gc_rpc_method gc_rpc_methods[];
extern const size_t gc_rpc_n_methods;

#endif
