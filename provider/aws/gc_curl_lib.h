/* Private to provider/aws: libcurl, loaded on first use (base/gc_lazy.h). Only launches that call AWS load it
 * with its chain of some thirty shared objects (GnuTLS, Kerberos, LDAP, SSH, RTMP, ...). */
#ifndef GC_CURL_LIB_H
#define GC_CURL_LIB_H

#include <curl/curl.h>

/* The libcurl functions gcnet calls, by the names of curl.h without the curl_ prefix. */
struct gc_curl_lib {
    CURLcode (*global_init)(long flags);
    CURLSH *(*share_init)(void);
    CURLSHcode (*share_setopt)(CURLSH *share, CURLSHoption option, ...);
    CURLSHcode (*share_cleanup)(CURLSH *share);
    CURL *(*easy_init)(void);
    void (*easy_reset)(CURL *easy);
    void (*easy_cleanup)(CURL *easy);
    CURLcode (*easy_setopt)(CURL *easy, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *easy);
    CURLcode (*easy_getinfo)(CURL *easy, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
    void (*slist_free_all)(struct curl_slist *list);
};

/* libcurl.so.4, loaded and curl_global_init'ed by the first call (thread-safe). NULL if it cannot be: then
 * gc_curl_lib_error says why (the SONAME, the loader's reason, the Debian package to install). */
const struct gc_curl_lib *gc_curl_lib(void);
const char *gc_curl_lib_error(void);

#endif
