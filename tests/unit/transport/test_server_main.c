/* A tiny plugin for the transport tests (and for checking the handshake against the real terraform):
 * GetProviderSchema answers an empty-but-valid schema, ValidateProviderConfig answers at once,
 * ValidateResourceConfig is a rendezvous (to show calls run concurrently), ConfigureProvider's handler fails
 * (INTERNAL). Everything else is the server's. */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "tfplugin6.pb-c.h"
#include "transport/gc_server.h"

static int s_get_schema(void *app, const ProtobufCMessage *request, ProtobufCMessage *response,
                        struct gc_arena *arena)
{
    (void)app;
    (void)request;
    Tfplugin6__GetProviderSchema__Response *resp = (Tfplugin6__GetProviderSchema__Response *)response;
    Tfplugin6__Schema *provider = gc_arena_alloc(arena, sizeof *provider);
    Tfplugin6__Schema__Block *block = gc_arena_alloc(arena, sizeof *block);
    Tfplugin6__ServerCapabilities *caps = gc_arena_alloc(arena, sizeof *caps);
    if (!provider || !block || !caps)
        return -1;
    tfplugin6__schema__init(provider);
    tfplugin6__schema__block__init(block);
    tfplugin6__server_capabilities__init(caps);
    provider->block = block;
    caps->get_provider_schema_optional = 1;
    resp->provider = provider;
    resp->server_capabilities = caps;
    return 0;
}

static int s_validate_provider(void *app, const ProtobufCMessage *request, ProtobufCMessage *response,
                               struct gc_arena *arena)
{
    (void)app;
    (void)request;
    (void)response;
    (void)arena;
    return 0;
}

/* Each ValidateResourceConfig call waits until S_RENDEZVOUS calls have arrived, and fails (INTERNAL) when they
 * have not within S_RENDEZVOUS_WAIT_S: calls served one at a time fail instead of only being slower. Must not
 * exceed the server's worker count (12). */
#define S_RENDEZVOUS 8
#define S_RENDEZVOUS_WAIT_S 5

static pthread_mutex_t s_rendezvous_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t s_rendezvous_cond = PTHREAD_COND_INITIALIZER;
static int s_arrived;

static int s_validate_resource(void *app, const ProtobufCMessage *request, ProtobufCMessage *response,
                               struct gc_arena *arena)
{
    (void)app;
    (void)request;
    (void)response;
    (void)arena;
    int result = 0;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += S_RENDEZVOUS_WAIT_S;
    pthread_mutex_lock(&s_rendezvous_lock);
    s_arrived++;
    pthread_cond_broadcast(&s_rendezvous_cond);
    while (s_arrived < S_RENDEZVOUS && result == 0)
        result = pthread_cond_timedwait(&s_rendezvous_cond, &s_rendezvous_lock, &deadline) == 0 ? 0 : -1;
    if (s_arrived >= S_RENDEZVOUS)
        result = 0;
    pthread_mutex_unlock(&s_rendezvous_lock);
    return result;
}

static int s_configure_fails(void *app, const ProtobufCMessage *request, ProtobufCMessage *response,
                             struct gc_arena *arena)
{
    (void)app;
    (void)request;
    (void)response;
    (void)arena;
    return -1;
}

static const struct gc_rpc_method s_methods[] = {
    {"/tfplugin6.Provider/GetProviderSchema", &tfplugin6__get_provider_schema__request__descriptor,
     &tfplugin6__get_provider_schema__response__descriptor, s_get_schema},
    {"/tfplugin6.Provider/ValidateProviderConfig", &tfplugin6__validate_provider_config__request__descriptor,
     &tfplugin6__validate_provider_config__response__descriptor, s_validate_provider},
    {"/tfplugin6.Provider/ValidateResourceConfig", &tfplugin6__validate_resource_config__request__descriptor,
     &tfplugin6__validate_resource_config__response__descriptor, s_validate_resource},
    {"/tfplugin6.Provider/ConfigureProvider", &tfplugin6__configure_provider__request__descriptor,
     &tfplugin6__configure_provider__response__descriptor, s_configure_fails},
};

int main(int argc, char **argv)
{
    struct gc_server_options options = {
        .methods = s_methods,
        .n_methods = sizeof s_methods / sizeof s_methods[0],
        .debug = argc > 1 && strcmp(argv[1], "--debug") == 0,
        .provider_address = "registry.terraform.io/tokushima/gcnet",
    };
    return gc_server_main(&options);
}
