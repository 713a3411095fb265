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

#include "base/gc_buf.h"

static _Atomic int s_level = GC_LOG_WARN; /* read by every worker thread */
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
    const char *v = getenv("TF_LOG_PROVIDER");
    if (!v || !*v)
        v = getenv("TF_LOG");
    s_level = s_parse(v, GC_LOG_WARN);
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
