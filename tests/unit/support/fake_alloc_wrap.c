/* The --wrap side of fake_alloc.h: the linker sends the executable's malloc, calloc, realloc, strdup and strndup
 * calls here (and json_loadb, see below); __real_* are the C library's (or the sanitizer's) own. Linked only into binaries built with
 * fake_alloc_link_args. */
#include "fake_alloc.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
json_t *__real_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
json_t *__wrap_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error);

static bool s_fail(void)
{
    if (!fa_should_fail())
        return false;
    errno = ENOMEM;
    return true;
}

void *__wrap_malloc(size_t size)
{
    return s_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return s_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return s_fail() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
    return s_fail() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return s_fail() ? NULL : __real_strndup(s, n);
}

/* jansson 2.14's lexer is not safe against a failed allocation (a bad free in json_loadb, an assert in
 * lex_scan_string), so a parse runs with the counter paused and counts as one allocation of its own: the caller
 * still meets a NULL from json_loadb. */
json_t *__wrap_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error)
{
    if (s_fail()) {
        if (error)
            memset(error, 0, sizeof *error);
        return NULL;
    }
    fa_pause();
    json_t *out = __real_json_loadb(buffer, buflen, flags, error);
    fa_resume();
    return out;
}

static void s_free(void *p)
{
    free(p);
}

void fa_install(void)
{
    json_set_alloc_funcs(__wrap_malloc, s_free);
}
