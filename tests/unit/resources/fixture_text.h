/* Text helpers shared by the hub tests that answer AWS calls from recorded fixtures (test_hub_fake.c,
 * test_hostile_aws.c). Test-only code. */
#ifndef GC_FIXTURE_TEXT_H
#define GC_FIXTURE_TEXT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fixture file's text (up to 64 KiB, trailing newlines cut), malloc'd; NULL if it cannot be read. */
static inline char *fx_file(const char *name)
{
    FILE *f = fopen(name, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 16);
    size_t n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    (void)n;
    fclose(f);
    if (buf) {
        size_t l = strlen(buf);
        while (l > 0 && (buf[l - 1] == '\n' || buf[l - 1] == '\r'))
            buf[--l] = '\0';
    }
    return buf;
}

/* `text` with every `from` replaced by `to` (malloc'd). */
static inline char *fx_replace(const char *text, const char *from, const char *to)
{
    size_t count = 0, fl = strlen(from), tl = strlen(to);
    for (const char *p = strstr(text, from); p; p = strstr(p + fl, from))
        count++;
    size_t out_len = strlen(text) + count * tl;
    char *out = malloc(out_len + 1);
    char *o = out;
    const char *p = text;
    if (!out)
        return NULL;
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

/* The value of form parameter `key` in an x-www-form-urlencoded body (malloc'd), or NULL. */
static inline char *fx_param(const char *body, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
            const char *v = p + kl + 1;
            return strndup(v, strcspn(v, "&"));
        }
    }
    return NULL;
}

/* A fixture file's text with every `from` replaced by `to` (malloc'd), or NULL. */
static inline char *fx_file_replaced(const char *name, const char *from, const char *to)
{
    char *t = fx_file(name);
    char *out = t ? fx_replace(t, from, to) : NULL;
    free(t);
    return out;
}

/* "/createresourceshare" -> "CreateResourceShare" for the RAM operations the hub uses; else the path itself. */
static inline const char *fx_ram_op(const char *path)
{
    static const struct {
        const char *path, *op;
    } ram[] = {
        {"/createresourceshare", "CreateResourceShare"},
        {"/getresourceshares", "GetResourceShares"},
        {"/getresourceshareassociations", "GetResourceShareAssociations"},
        {"/associateresourceshare", "AssociateResourceShare"},
        {"/disassociateresourceshare", "DisassociateResourceShare"},
        {"/updateresourceshare", "UpdateResourceShare"},
        {"/deleteresourceshare", "DeleteResourceShare"},
        {"/tagresource", "TagResource"},
        {"/untagresource", "UntagResource"},
    };
    for (size_t i = 0; i < sizeof ram / sizeof ram[0]; i++)
        if (strncmp(path, ram[i].path, strlen(ram[i].path)) == 0)
            return ram[i].op;
    return path;
}

#endif
