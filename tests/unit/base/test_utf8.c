/* base/gc_utf8: characters counted as AWS counts them (code points), prefixes never cut inside a character, and
 * hostile bytes (stray continuation bytes, truncated sequences) never read past the length given. */
#include "base/gc_utf8.h"
#include "gc_test.h"

GC_TEST(count_table)
{
    static const struct {
        const char *s;
        size_t len, chars;
    } rows[] = {
        {"", 0, 0},
        {"naruto", 6, 6},
        {"鳴門市", 9, 3},
        {"a\xc3\xa9z", 4, 3},          /* é */
        {"\xf0\x9f\x8c\x8a", 4, 1},    /* a 4-byte character */
        {"\xe9\xb3", 2, 2},            /* truncated 3-byte sequence: each byte counts */
        {"\x80\x80", 2, 2},            /* stray continuation bytes */
        {"\xe9\xb3\xb4", 2, 2},        /* the length given cuts the character */
        {"x\0y", 3, 3},                /* NUL is a character */
        {"\xc0\xaf", 2, 2},            /* overlong form: not one character */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t n = gc_utf8_count(rows[i].s, rows[i].len);
        if (n != rows[i].chars)
            printf("# row %zu: %zu\n", i, n);
        ASSERT_INT_EQ(n, rows[i].chars);
    }
    ASSERT_INT_EQ(gc_utf8_count(NULL, 5), 0);
}

GC_TEST(prefix_table)
{
    static const struct {
        const char *s;
        size_t max_chars, bytes;
    } rows[] = {
        {"naruto", 3, 3}, {"naruto", 10, 6}, {"鳴門市", 2, 6}, {"鳴門市", 0, 0}, {"a鳴", 1, 1}, {"a鳴", 2, 4},
        {"\xe9\xb3", 1, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t n = gc_utf8_prefix(rows[i].s, strlen(rows[i].s), rows[i].max_chars);
        if (n != rows[i].bytes)
            printf("# row %zu: %zu\n", i, n);
        ASSERT_INT_EQ(n, rows[i].bytes);
    }
}

int main(void)
{
    static const struct gc_test_case cases[] = {GC_CASE(count_table), GC_CASE(prefix_table)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
