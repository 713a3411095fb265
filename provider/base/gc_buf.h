/* Owned, capped byte buffers (struct gc_buf) and borrowed views (struct gc_span).
 *
 * A gc_buf owns its memory and never grows past `max`; every append past it fails and leaves the buffer
 * unchanged. A gc_span is a borrowed (ptr, len) view passed by value; it never owns what it points at.
 * The buffer keeps one spare byte so that gc_buf_cstr() can always NUL-terminate without reallocating. */
#ifndef GC_BUF_H
#define GC_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GC_BUF_MAX_DEFAULT ((size_t)256 << 20) /* 256 MiB: the largest gRPC message we accept */

struct gc_span {
    const uint8_t *ptr;
    size_t len;
};

struct gc_buf {
    uint8_t *ptr;
    size_t len;
    size_t cap;
    size_t max;
};

void gc_buf_init(struct gc_buf *buf, size_t max);
int gc_buf_reserve(struct gc_buf *buf, size_t extra);
int gc_buf_append(struct gc_buf *buf, const void *data, size_t len);
int gc_buf_append_str(struct gc_buf *buf, const char *s);
int gc_buf_append_span(struct gc_buf *buf, struct gc_span s);
int gc_buf_append_byte(struct gc_buf *buf, uint8_t b);
int gc_buf_printf(struct gc_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gc_buf_vprintf(struct gc_buf *buf, const char *fmt, va_list ap);
/* NUL-terminated view of the contents ("" for an empty buffer); valid until the next change. */
const char *gc_buf_cstr(struct gc_buf *buf);
/* Hands the (NUL-terminated) memory to the caller, who frees it; the buffer is left empty. NULL if empty
 * and nothing could be allocated. */
char *gc_buf_release(struct gc_buf *buf);
void gc_buf_reset(struct gc_buf *buf);
void gc_buf_clean_up(struct gc_buf *buf);
/* Wipes the bytes (OPENSSL_cleanse) before freeing: for keys, secrets and signatures. */
void gc_buf_clean_up_secure(struct gc_buf *buf);
struct gc_span gc_buf_span(const struct gc_buf *buf);

struct gc_span gc_span_from_cstr(const char *s);
struct gc_span gc_span_from(const void *ptr, size_t len);
bool gc_span_eq(struct gc_span a, struct gc_span b);
bool gc_span_eq_cstr(struct gc_span s, const char *c);
bool gc_span_starts_with(struct gc_span s, const char *prefix);
/* malloc'd NUL-terminated copy; NULL on allocation failure. */
char *gc_span_dup(struct gc_span s);

/* strdup that tolerates NULL (returns NULL) */
char *gc_strdup(const char *s);

#endif
