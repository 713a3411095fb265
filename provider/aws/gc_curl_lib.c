/* libcurl loaded on first use (see gc_curl_lib.h). */
#include "aws/gc_curl_lib.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "base/gc_lazy.h"

#define S_SYM(member, name)                                                                                            \
    {                                                                                                                  \
        name, offsetof(struct gc_curl_lib, member)                                                                     \
    }

static const struct gc_lazy_sym s_syms[] = {
    S_SYM(global_init, "curl_global_init"),       S_SYM(share_init, "curl_share_init"),
    S_SYM(share_setopt, "curl_share_setopt"),     S_SYM(share_cleanup, "curl_share_cleanup"),
    S_SYM(easy_init, "curl_easy_init"),           S_SYM(easy_reset, "curl_easy_reset"),
    S_SYM(easy_cleanup, "curl_easy_cleanup"),     S_SYM(easy_setopt, "curl_easy_setopt"),
    S_SYM(easy_perform, "curl_easy_perform"),     S_SYM(easy_getinfo, "curl_easy_getinfo"),
    S_SYM(easy_strerror, "curl_easy_strerror"),   S_SYM(slist_append, "curl_slist_append"),
    S_SYM(slist_free_all, "curl_slist_free_all"),
};

static struct gc_curl_lib s_table;
static struct gc_lazy s_lazy =
    GC_LAZY_INIT("libcurl.so.4", "libcurl4", s_syms, sizeof s_syms / sizeof s_syms[0], &s_table);
static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static const struct gc_curl_lib *s_ready;
static char s_init_error[64];

static void s_init(void)
{
    if (gc_lazy_load(&s_lazy) != 0)
        return;
    CURLcode rc = s_table.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        snprintf(s_init_error, sizeof s_init_error, "curl_global_init failed (CURLcode %d)", (int)rc);
        return;
    }
    s_ready = &s_table;
}

const struct gc_curl_lib *gc_curl_lib(void)
{
    pthread_once(&s_once, s_init);
    return s_ready;
}

const char *gc_curl_lib_error(void)
{
    pthread_once(&s_once, s_init);
    return s_init_error[0] ? s_init_error : gc_lazy_error(&s_lazy);
}
