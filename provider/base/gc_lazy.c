/* Shared libraries loaded on first use (see gc_lazy.h). */
#include "base/gc_lazy.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

enum { S_NOT_TRIED = 0, S_LOADED = 1, S_FAILED = 2 };

static int s_load_locked(struct gc_lazy *lib)
{
    int result = -1;
    /* RTLD_LOCAL: the library's symbols serve the table only, never the symbol lookups of other code */
    void *handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        snprintf(lib->error, sizeof lib->error, "cannot load %s (%s; install the Debian package %s)", lib->soname,
                 why ? why : "not found", lib->package);
        goto cleanup;
    }
    for (size_t i = 0; i < lib->n_syms; i++) {
        void *sym = dlsym(handle, lib->syms[i].name);
        if (!sym) {
            snprintf(lib->error, sizeof lib->error, "%s has no symbol %s (a version older than gcnet needs? %s)",
                     lib->soname, lib->syms[i].name, lib->package);
            goto cleanup;
        }
        /* a data pointer into a function-pointer member: same size and representation on every POSIX system */
        memcpy((char *)lib->table + lib->syms[i].offset, &sym, sizeof sym);
    }
    handle = NULL; /* loaded for the rest of the process: its functions are in the table */
    result = 0;
cleanup:
    if (handle)
        dlclose(handle);
    return result;
}

int gc_lazy_load(struct gc_lazy *lib)
{
    int state = atomic_load_explicit(&lib->state, memory_order_acquire);
    if (state == S_NOT_TRIED) {
        pthread_mutex_lock(&lib->lock);
        state = atomic_load_explicit(&lib->state, memory_order_relaxed);
        if (state == S_NOT_TRIED) {
            state = s_load_locked(lib) == 0 ? S_LOADED : S_FAILED;
            atomic_store_explicit(&lib->state, state, memory_order_release);
        }
        pthread_mutex_unlock(&lib->lock);
    }
    return state == S_LOADED ? 0 : -1;
}

const char *gc_lazy_error(const struct gc_lazy *lib)
{
    return atomic_load_explicit(&lib->state, memory_order_acquire) == S_FAILED ? lib->error : "";
}
