/* Text helpers (see fake_text.h). */
#include "fake_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_FILE_MAX (1 << 16)

char *fx_file(const char *name)
{
    char *result = NULL;
    char *buf = NULL;
    FILE *f = fopen(name, "rb");
    if (!f)
        goto cleanup;
    buf = calloc(1, S_FILE_MAX);
    if (!buf)
        goto cleanup;
    size_t len = fread(buf, 1, S_FILE_MAX - 1, f);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    result = buf;
    buf = NULL;
cleanup:
    free(buf);
    if (f)
        fclose(f);
    return result;
}

char *fx_replace(const char *text, const char *from, const char *to)
{
    size_t count = 0, fl = strlen(from), tl = strlen(to);
    for (const char *p = strstr(text, from); p; p = strstr(p + fl, from))
        count++;
    char *out = malloc(strlen(text) + count * tl + 1);
    if (!out)
        return NULL;
    char *o = out;
    const char *p = text;
    for (const char *q = strstr(p, from); q; q = strstr(p, from)) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, tl);
        o += tl;
        p = q + fl;
    }
    memcpy(o, p, strlen(p) + 1);
    return out;
}

char *fx_file_replaced(const char *name, const char *from, const char *to)
{
    char *t = fx_file(name);
    char *out = t ? fx_replace(t, from, to) : NULL;
    free(t);
    return out;
}

char *fx_param_decoded(const char *body, const char *key)
{
    char *raw = fx_param(body, key);
    if (!raw)
        return NULL;
    char *w = raw;
    for (const char *r = raw; *r; r++) {
        if (r[0] == '%' && r[1] && r[2]) {
            char hex[3] = {r[1], r[2], 0};
            *w++ = (char)strtol(hex, NULL, 16);
            r += 2;
        } else {
            *w++ = *r == '+' ? ' ' : *r;
        }
    }
    *w = '\0';
    return raw;
}

char *fx_param(const char *body, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = body; p && *p;) {
        if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
            const char *v = p + kl + 1;
            return strndup(v, strcspn(v, "&"));
        }
        p = strchr(p, '&');
        p = p ? p + 1 : NULL;
    }
    return NULL;
}
