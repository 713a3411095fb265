/* terraform-provider-gcnet: prepares the schemas, then serves tfplugin6 through the go-plugin transport
 * until Terraform says Shutdown. Run by hand it explains itself and exits 1; `--debug` serves for a
 * debugger (TF_REATTACH_PROVIDERS); `--version` prints the version (meson.build's) and exits 0. Terraform
 * starts a plugin without arguments, so neither flag touches the handshake. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "base/gc_log.h"
#include "framework/gc_resource.h"
#include "rpc/gc_rpc.h"

#define GC_PROVIDER_ADDRESS "registry.terraform.io/tokushima/gcnet"
/* glibc gives each thread that allocates its own malloc arena, up to 8 per core (16 here), and each arena keeps what
 * its threads freed: with Terraform's ten RPCs at once and their helper threads, 15 arenas held 1.5 MiB, about 100
 * KiB each, of which half was free. Two arenas hold the same data in 0.2-0.3 MiB less (README "Start-up and memory");
 * the threads mostly wait on AWS, so the shared arenas' locks are not contended. */
#define S_MALLOC_ARENAS 2

#ifndef GCNET_VERSION
#error "GCNET_VERSION comes from meson.build (provider/meson.build passes it)"
#endif

int main(int argc, char **argv)
{
    struct gc_rpc_app app;
    bool debug = false;
    mallopt(M_ARENA_MAX, S_MALLOC_ARENAS); /* before gRPC starts its threads */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "version") == 0) {
            printf("terraform-provider-gcnet %s (%s)\n", GCNET_VERSION, GC_PROVIDER_ADDRESS);
            return 0;
        }
        debug = debug || strcmp(argv[i], "--debug") == 0;
    }
    gc_log_init();
    if (gc_registry_prepare() != 0) {
        GC_ERROR("could not prepare the provider schemas");
        return 2;
    }
    gc_rpc_app_init(&app);
    struct gc_server_options options = {
        .methods = gc_rpc_methods,
        .n_methods = gc_rpc_n_methods,
        .app = &app,
        .workers = 12,
        .debug = debug,
        .provider_address = GC_PROVIDER_ADDRESS,
        .on_stop = gc_rpc_app_stop,
    };
    int rc = gc_server_main(&options);
    gc_rpc_app_clean_up(&app);
    return rc;
}
