#include "base/gc_diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"
#include "base/gc_grow.h"

static int s_push(struct gc_path *path, struct gc_path_step step)
{
    struct gc_path_step *steps = realloc(path->steps, (path->n + 1) * sizeof(*steps));
    if (!steps)
        return -1;
    path->steps = steps;
    path->steps[path->n++] = step;
    return 0;
}

/* A step that names an attribute or a string key: the name is copied. */
static int s_push_named(struct gc_path *path, enum gc_step_kind kind, const char *name)
{
    struct gc_path_step step = {kind, gc_strdup(name), 0};
    if (!step.name)
        return -1;
    if (s_push(path, step) != 0) {
        free(step.name);
        return -1;
    }
    return 0;
}

int gc_path_push_attr(struct gc_path *path, const char *name)
{
    return s_push_named(path, GC_STEP_ATTR, name);
}

int gc_path_push_key(struct gc_path *path, const char *key)
{
    return s_push_named(path, GC_STEP_KEY_STRING, key);
}

int gc_path_push_index(struct gc_path *path, int64_t index)
{
    struct gc_path_step step = {GC_STEP_KEY_INT, NULL, index};
    return s_push(path, step);
}

void gc_path_pop(struct gc_path *path)
{
    if (path->n == 0)
        return;
    path->n--;
    free(path->steps[path->n].name);
    path->steps[path->n].name = NULL;
}

void gc_path_clean_up(struct gc_path *path)
{
    if (!path)
        return;
    for (size_t i = 0; i < path->n; i++)
        free(path->steps[i].name);
    free(path->steps);
    path->steps = NULL;
    path->n = 0;
}

int gc_path_copy(struct gc_path *out, const struct gc_path *in)
{
    int result = -1;
    struct gc_path tmp = {0};
    for (size_t i = 0; in && i < in->n; i++) {
        const struct gc_path_step *s = &in->steps[i];
        int rc = s->kind == GC_STEP_ATTR         ? gc_path_push_attr(&tmp, s->name)
                 : s->kind == GC_STEP_KEY_STRING ? gc_path_push_key(&tmp, s->name)
                                                 : gc_path_push_index(&tmp, s->index);
        if (rc != 0)
            goto cleanup;
    }
    *out = tmp;
    tmp = (struct gc_path){0};
    result = 0;
cleanup:
    gc_path_clean_up(&tmp);
    return result;
}

int gc_path_parse(struct gc_path *out, const char *text)
{
    int result = -1;
    struct gc_path tmp = {0};
    char *name = NULL;
    const char *p = text ? text : "";
    while (*p) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (*p == '[') {
            p++;
            if (*p == '"') {
                const char *end = strchr(p + 1, '"');
                if (!end || end[1] != ']')
                    goto cleanup;
                name = gc_span_dup(gc_span_from(p + 1, (size_t)(end - p - 1)));
                if (!name || gc_path_push_key(&tmp, name) != 0)
                    goto cleanup;
                free(name);
                name = NULL;
                p = end + 2;
            } else {
                char *end = NULL;
                long long v = strtoll(p, &end, 10);
                if (end == p || *end != ']')
                    goto cleanup;
                if (gc_path_push_index(&tmp, v) != 0)
                    goto cleanup;
                p = end + 1;
            }
            continue;
        }
        size_t n = strcspn(p, ".[");
        name = gc_span_dup(gc_span_from(p, n));
        if (!name || gc_path_push_attr(&tmp, name) != 0)
            goto cleanup;
        free(name);
        name = NULL;
        p += n;
    }
    *out = tmp;
    tmp = (struct gc_path){0};
    result = 0;
cleanup:
    free(name);
    gc_path_clean_up(&tmp);
    return result;
}

char *gc_path_to_string(const struct gc_path *path)
{
    struct gc_buf buf;
    gc_buf_init(&buf, 1 << 16);
    int rc = 0;
    for (size_t i = 0; path && i < path->n && rc == 0; i++) {
        const struct gc_path_step *s = &path->steps[i];
        if (s->kind == GC_STEP_ATTR)
            rc = gc_buf_printf(&buf, "%s%s", i ? "." : "", s->name);
        else if (s->kind == GC_STEP_KEY_STRING)
            rc = gc_buf_printf(&buf, "[\"%s\"]", s->name);
        else
            rc = gc_buf_printf(&buf, "[%lld]", (long long)s->index);
    }
    if (rc != 0) {
        gc_buf_clean_up(&buf);
        return NULL;
    }
    return gc_buf_release(&buf);
}

void gc_diags_init(struct gc_diags *diags)
{
    diags->items = NULL;
    diags->n = 0;
    diags->cap = 0;
    diags->n_lost = 0;
}

void gc_diags_clean_up(struct gc_diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->n; i++) {
        free(diags->items[i].summary);
        free(diags->items[i].detail);
        gc_path_clean_up(&diags->items[i].path);
    }
    free(diags->items);
    gc_diags_init(diags);
}

static struct gc_diag *s_new_entry(struct gc_diags *diags)
{
    struct gc_diag *items = gc_grow(diags->items, diags->n, &diags->cap, sizeof *items, 4);
    if (!items)
        return NULL;
    diags->items = items;
    struct gc_diag *d = &diags->items[diags->n++];
    memset(d, 0, sizeof(*d));
    return d;
}

static void s_vadd(struct gc_diags *diags, enum gc_severity sev, const struct gc_path *path, const char *summary,
                   const char *fmt, va_list ap)
{
    struct gc_diag *d = s_new_entry(diags);
    if (!d) {
        if (sev == GC_SEV_ERROR)
            diags->n_lost++; /* still an error: gc_diags_has_error sees it, the RPC layer reports it */
        return;
    }
    d->severity = sev;
    d->summary = gc_strdup(summary ? summary : "Error");
    if (fmt) {
        struct gc_buf buf;
        gc_buf_init(&buf, 1 << 20);
        if (gc_buf_vprintf(&buf, fmt, ap) == 0)
            d->detail = gc_buf_release(&buf);
        gc_buf_clean_up(&buf);
    }
    if (path)
        gc_path_copy(&d->path, path);
}

void gc_diags_add(struct gc_diags *diags, enum gc_severity sev, const struct gc_path *path, const char *summary,
                  const char *detail_fmt, ...)
{
    va_list ap;
    va_start(ap, detail_fmt);
    s_vadd(diags, sev, path, summary, detail_fmt, ap);
    va_end(ap);
}

static void s_add_at(struct gc_diags *diags, enum gc_severity sev, const char *path_text, const char *summary,
                     const char *fmt, va_list ap)
{
    struct gc_path path = {0};
    if (path_text && *path_text)
        gc_path_parse(&path, path_text);
    s_vadd(diags, sev, path.n ? &path : NULL, summary, fmt, ap);
    gc_path_clean_up(&path);
}

void gc_diags_error_at(struct gc_diags *diags, const char *path_text, const char *summary, const char *detail_fmt, ...)
{
    va_list ap;
    va_start(ap, detail_fmt);
    s_add_at(diags, GC_SEV_ERROR, path_text, summary, detail_fmt, ap);
    va_end(ap);
}

void gc_diags_warning_at(struct gc_diags *diags, const char *path_text, const char *summary, const char *detail_fmt,
                         ...)
{
    va_list ap;
    va_start(ap, detail_fmt);
    s_add_at(diags, GC_SEV_WARNING, path_text, summary, detail_fmt, ap);
    va_end(ap);
}

void gc_diags_move(struct gc_diags *to, struct gc_diags *from)
{
    for (size_t i = 0; i < from->n; i++) {
        struct gc_diag *d = s_new_entry(to);
        if (!d) {
            if (from->items[i].severity == GC_SEV_ERROR)
                to->n_lost++;
            free(from->items[i].summary);
            free(from->items[i].detail);
            gc_path_clean_up(&from->items[i].path);
            continue;
        }
        *d = from->items[i];
    }
    to->n_lost += from->n_lost;
    free(from->items);
    gc_diags_init(from);
}

bool gc_diags_has_error(const struct gc_diags *diags)
{
    if (diags->n_lost > 0)
        return true;
    for (size_t i = 0; i < diags->n; i++)
        if (diags->items[i].severity == GC_SEV_ERROR)
            return true;
    return false;
}
