#define _POSIX_C_SOURCE 200809L
#include "base/gc_log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/rand.h>

#include "base/gc_buf.h"

#define S_PROVIDER_ADDR "registry.terraform.io/tokushima/gcnet"

static _Atomic int s_level = GC_LOG_WARN; /* read by every worker thread */

/* The RPC this thread is serving, added to each of its lines as the AWS provider does. */
static _Thread_local struct gc_log_context s_ctx;
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const s_names[] = {"trace", "debug", "info", "warn", "error", "off"};

static enum gc_log_level s_parse(const char *v, enum gc_log_level fallback)
{
    if (!v || !*v)
        return fallback;
    for (int i = 0; i <= GC_LOG_OFF; i++)
        if (strcasecmp(v, s_names[i]) == 0)
            return (enum gc_log_level)i;
    if (strcasecmp(v, "json") == 0)
        return GC_LOG_TRACE;
    return GC_LOG_TRACE; /* any other non-empty TF_LOG value means trace in Terraform */
}

void gc_log_init(void)
{
    /* as terraform-plugin-go does for TF_LOG_PROVIDER_AWS: the provider's own variable first */
    static const char *const names[] = {"TF_LOG_PROVIDER_GCNET", "TF_LOG_PROVIDER", "TF_LOG"};
    const char *v = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && (!v || !*v); i++)
        v = getenv(names[i]);
    s_level = s_parse(v, GC_LOG_WARN);
}

void gc_log_context_begin(const char *rpc, const char *resource_type)
{
    unsigned char r[16];
    memset(&s_ctx, 0, sizeof s_ctx);
    if (RAND_bytes(r, sizeof r) != 1)
        memset(r, 0, sizeof r);
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    snprintf(s_ctx.req_id, sizeof s_ctx.req_id, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
    snprintf(s_ctx.rpc, sizeof s_ctx.rpc, "%s", rpc ? rpc : "");
    snprintf(s_ctx.resource_type, sizeof s_ctx.resource_type, "%s", resource_type ? resource_type : "");
}

void gc_log_context_end(void)
{
    memset(&s_ctx, 0, sizeof s_ctx);
}

void gc_log_context_copy(struct gc_log_context *out)
{
    *out = s_ctx;
}

void gc_log_context_set(const struct gc_log_context *ctx)
{
    if (ctx)
        s_ctx = *ctx;
    else
        memset(&s_ctx, 0, sizeof s_ctx);
}

const char *gc_log_context_req_id(void)
{
    return s_ctx.req_id;
}

void gc_log_set_level(enum gc_log_level level)
{
    s_level = level;
}

int gc_log_enabled(enum gc_log_level level)
{
    return (int)level >= s_level && level < GC_LOG_OFF;
}

static void s_json_string(struct gc_buf *buf, const char *s)
{
    gc_buf_append_byte(buf, '"');
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p == '"' || *p == '\\')
            gc_buf_printf(buf, "\\%c", *p);
        else if (*p < 0x20)
            gc_buf_printf(buf, "\\u%04x", *p);
        else
            gc_buf_append_byte(buf, *p);
    }
    gc_buf_append_byte(buf, '"');
}

static void s_emit(enum gc_log_level level, const char *message, const char *const *kv)
{
    struct gc_buf line;
    gc_buf_init(&line, 1 << 20);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char stamp[64];
    snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
    gc_buf_printf(&line, "{\"@level\":\"%s\",\"@module\":\"provider.gcnet\",\"@timestamp\":\"%s\",\"@message\":",
                  s_names[level], stamp);
    s_json_string(&line, message);
    gc_buf_append_str(&line, ",\"tf_provider_addr\":\"" S_PROVIDER_ADDR "\"");
    const char *ctx_kv[] = {"tf_req_id", s_ctx.req_id, "tf_rpc", s_ctx.rpc, "tf_resource_type", s_ctx.resource_type};
    for (size_t i = 0; i < 6; i += 2) {
        if (!ctx_kv[i + 1][0])
            continue;
        gc_buf_append_byte(&line, ',');
        s_json_string(&line, ctx_kv[i]);
        gc_buf_append_byte(&line, ':');
        s_json_string(&line, ctx_kv[i + 1]);
    }
    for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2) {
        gc_buf_append_byte(&line, ',');
        s_json_string(&line, kv[i]);
        gc_buf_append_byte(&line, ':');
        s_json_string(&line, kv[i + 1]);
    }
    gc_buf_append_str(&line, "}\n");
    pthread_mutex_lock(&s_lock);
    fwrite(line.ptr, 1, line.len, stderr);
    fflush(stderr);
    pthread_mutex_unlock(&s_lock);
    gc_buf_clean_up(&line);
}

void gc_log(enum gc_log_level level, const char *fmt, ...)
{
    if (!gc_log_enabled(level))
        return;
    struct gc_buf msg;
    gc_buf_init(&msg, 1 << 20);
    va_list ap;
    va_start(ap, fmt);
    gc_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    s_emit(level, gc_buf_cstr(&msg), NULL);
    gc_buf_clean_up(&msg);
}

void gc_log_fields(enum gc_log_level level, const char *message, const char *const *kv)
{
    if (!gc_log_enabled(level))
        return;
    s_emit(level, message, kv);
}
