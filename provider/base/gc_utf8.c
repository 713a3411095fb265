#include "base/gc_utf8.h"

/* Length of the sequence starting at s[0] (1 for a stray or truncated one), bounded by `left`. */
static size_t s_seq_len(const unsigned char *s, size_t left)
{
    size_t want = 1;
    if (s[0] >= 0xf0 && s[0] <= 0xf4)
        want = 4;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        want = 3;
    else if (s[0] >= 0xc2 && s[0] <= 0xdf)
        want = 2;
    if (want > left)
        return 1;
    for (size_t i = 1; i < want; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 1;
    return want;
}

size_t gc_utf8_count(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; s && i < len; n++)
        i += s_seq_len(p + i, len - i);
    return n;
}

size_t gc_utf8_prefix(const char *s, size_t len, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (size_t n = 0; s && i < len && n < max_chars; n++)
        i += s_seq_len(p + i, len - i);
    return i;
}
