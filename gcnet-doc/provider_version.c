#include "provider_version.h"

#include <string.h>

/* Next quoted string at or after `p` (before `end`): its contents in [*s, *e). */
static int s_quoted(const char *p, const char *end, const char **s, const char **e)
{
    const char *q = memchr(p, '"', (size_t)(end - p));
    const char *r;

    if (!q)
        return -1;
    r = memchr(q + 1, '"', (size_t)(end - q - 1));
    if (!r)
        return -1;
    *s = q + 1;
    *e = r;
    return 0;
}

/* The `version = "…"` line inside the block text [p, close), or -1. */
static int s_block_version(struct gc_buf *out, const char *p, const char *close)
{
    int result = -1;
    const char *s, *e;

    for (const char *line = p; line < close;) {
        const char *nl = memchr(line, '\n', (size_t)(close - line));
        const char *lend = nl ? nl : close;
        const char *t = line;
        while (t < lend && (*t == ' ' || *t == '\t'))
            t++;
        if (lend - t > 7 && memcmp(t, "version", 7) == 0 && (t[7] == ' ' || t[7] == '=')) {
            if (s_quoted(t, lend, &s, &e) == 0 && e > s) {
                gc_buf_reset(out);
                result = gc_buf_append(out, s, (size_t)(e - s));
            }
            break;
        }
        line = lend + 1;
    }
    return result;
}

int gc_doc_provider_version_from_lock(struct gc_buf *out, const char *text, size_t len)
{
    int result = -1;
    const char *end = text + len;
    const char *p = text;
    static const char kw[] = "provider \"";

    while (p < end) {
        const char *hit = memmem(p, (size_t)(end - p), kw, sizeof kw - 1);
        const char *s, *e, *close;
        if (!hit || s_quoted(hit, end, &s, &e) != 0)
            break;
        p = e + 1;
        if ((size_t)(e - s) < 6 || memcmp(e - 6, "/gcnet", 6) != 0)
            continue;
        close = memchr(p, '}', (size_t)(end - p));
        if (close)
            result = s_block_version(out, p, close);
        break;
    }
    return result;
}

int gc_doc_provider_version_text(struct gc_buf *out, const char *lock_version, const char *constraint,
                                 const char *builtin)
{
    gc_buf_reset(out);
    if (lock_version && *lock_version)
        return gc_buf_printf(out, "%s (ロックファイル)", lock_version);
    if (constraint && *constraint)
        return gc_buf_printf(out, "%s (構成のバージョン制約)", constraint);
    return gc_buf_printf(out, "%s (gcnet-doc と同一リリース。ロックファイルに gcnet の記録なし: dev_overrides 等)",
                         builtin);
}
