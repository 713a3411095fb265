#include "base/gc_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_secret.h"

void gc_buf_init(struct gc_buf *buf, size_t max)
{
    buf->ptr = NULL;
    buf->len = 0;
    buf->cap = 0;
    buf->max = max ? max : GC_BUF_MAX_DEFAULT;
}

int gc_buf_reserve(struct gc_buf *buf, size_t extra)
{
    if (buf->max == 0)
        buf->max = GC_BUF_MAX_DEFAULT;
    if (extra > buf->max || buf->len > buf->max - extra)
        return -1;
    size_t need = buf->len + extra + 1; /* room for the terminator */
    if (need <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap > buf->max + 1)
        cap = buf->max + 1;
    uint8_t *p = realloc(buf->ptr, cap);
    if (!p)
        return -1;
    buf->ptr = p;
    buf->cap = cap;
    return 0;
}

int gc_buf_append(struct gc_buf *buf, const void *data, size_t len)
{
    if (len == 0)
        return 0;
    if (gc_buf_reserve(buf, len) != 0)
        return -1;
    memcpy(buf->ptr + buf->len, data, len);
    buf->len += len;
    return 0;
}

int gc_buf_append_str(struct gc_buf *buf, const char *s)
{
    return s ? gc_buf_append(buf, s, strlen(s)) : 0;
}

int gc_buf_append_span(struct gc_buf *buf, struct gc_span s)
{
    return gc_buf_append(buf, s.ptr, s.len);
}

int gc_buf_append_byte(struct gc_buf *buf, uint8_t b)
{
    return gc_buf_append(buf, &b, 1);
}

int gc_buf_vprintf(struct gc_buf *buf, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return -1;
    if (gc_buf_reserve(buf, (size_t)n) != 0)
        return -1;
    vsnprintf((char *)buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
    buf->len += (size_t)n;
    return 0;
}

int gc_buf_printf(struct gc_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gc_buf_vprintf(buf, fmt, ap);
    va_end(ap);
    return rc;
}

const char *gc_buf_cstr(struct gc_buf *buf)
{
    if (!buf->ptr)
        return "";
    buf->ptr[buf->len] = '\0'; /* reserve() always keeps one spare byte */
    return (const char *)buf->ptr;
}

char *gc_buf_release(struct gc_buf *buf)
{
    if (!buf->ptr && gc_buf_reserve(buf, 0) != 0)
        return NULL;
    buf->ptr[buf->len] = '\0';
    char *out = (char *)buf->ptr;
    buf->ptr = NULL;
    buf->len = 0;
    buf->cap = 0;
    return out;
}

void gc_buf_reset(struct gc_buf *buf)
{
    buf->len = 0;
}

void gc_buf_clean_up(struct gc_buf *buf)
{
    if (!buf)
        return;
    free(buf->ptr);
    buf->ptr = NULL;
    buf->len = 0;
    buf->cap = 0;
}

void gc_buf_clean_up_secure(struct gc_buf *buf)
{
    if (!buf)
        return;
    gc_secret_wipe(buf->ptr, buf->cap);
    gc_buf_clean_up(buf);
}

struct gc_span gc_buf_span(const struct gc_buf *buf)
{
    struct gc_span s = {buf->ptr, buf->len};
    return s;
}

struct gc_span gc_span_from_cstr(const char *s)
{
    struct gc_span out = {(const uint8_t *)s, s ? strlen(s) : 0};
    return out;
}

struct gc_span gc_span_from(const void *ptr, size_t len)
{
    struct gc_span out = {ptr, len};
    return out;
}

bool gc_span_eq(struct gc_span a, struct gc_span b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool gc_span_eq_cstr(struct gc_span s, const char *c)
{
    return gc_span_eq(s, gc_span_from_cstr(c));
}

bool gc_span_starts_with(struct gc_span s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s.len >= n && memcmp(s.ptr, prefix, n) == 0;
}

char *gc_span_dup(struct gc_span s)
{
    char *out = malloc(s.len + 1);
    if (!out)
        return NULL;
    if (s.len)
        memcpy(out, s.ptr, s.len);
    out[s.len] = '\0';
    return out;
}

char *gc_strdup(const char *s)
{
    return s ? gc_span_dup(gc_span_from_cstr(s)) : NULL;
}
