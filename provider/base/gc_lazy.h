/* Shared libraries loaded on first use: dlopen by SONAME, then dlsym of a table of functions.
 *
 * Only the launches that call AWS need libcurl (and its chain of some thirty shared objects); the
 * schema and validate launches never do. Loading them on first use keeps the loader's work and the resident
 * library pages of those launches down (README, "Speed and memory"). A library that cannot be loaded gives a
 * message naming the SONAME and the Debian package that ships it, for a diagnostic. Thread-safe. */
#ifndef GC_LAZY_H
#define GC_LAZY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* One function of the table: its symbol name, and where its address goes (offsetof a function-pointer member). */
struct gc_lazy_sym {
    const char *name;
    size_t offset;
};

struct gc_lazy {
    const char *soname;  /* e.g. "libcurl.so.4": found the way the loader finds DT_NEEDED entries */
    const char *package; /* the Debian runtime package that ships it, for the message */
    const struct gc_lazy_sym *syms;
    size_t n_syms;
    void *table; /* a struct of function pointers, filled by gc_lazy_load */
    /* private */
    pthread_mutex_t lock;
    atomic_int state;
    char error[384];
};

#define GC_LAZY_INIT(soname_, package_, syms_, n_syms_, table_)                                                        \
    {                                                                                                                  \
        .soname = (soname_), .package = (package_), .syms = (syms_), .n_syms = (n_syms_), .table = (table_),           \
        .lock = PTHREAD_MUTEX_INITIALIZER                                                                              \
    }

/* 0 once the library is loaded and every symbol resolved (the first call loads it; later calls cost one atomic
 * read). -1 if it could not be: the table is left unusable and gc_lazy_error says why; later calls fail alike. */
int gc_lazy_load(struct gc_lazy *lib);
/* Why gc_lazy_load failed ("" if it did not). */
const char *gc_lazy_error(const struct gc_lazy *lib);

#endif
