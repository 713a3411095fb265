#include <stdlib.h>

#include "base/gc_buf.h"
#include "gc_test.h"

GC_TEST(cap_is_enforced)
{
    struct gc_buf b;
    gc_buf_init(&b, 8);
    ASSERT_INT_EQ(gc_buf_append(&b, "12345678", 8), 0);
    ASSERT_INT_EQ(gc_buf_append_byte(&b, '9'), -1);
    ASSERT_INT_EQ(b.len, 8);
    ASSERT_STR_EQ(gc_buf_cstr(&b), "12345678");
    ASSERT_INT_EQ(gc_buf_printf(&b, "%d", 1), -1);
    ASSERT_INT_EQ(b.len, 8);
    gc_buf_reset(&b);
    ASSERT_INT_EQ(gc_buf_printf(&b, "%s-%d", "ab", 42), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&b), "ab-42");
    ASSERT_INT_EQ(gc_buf_printf(&b, "%s", "toolong"), -1);
    ASSERT_STR_EQ(gc_buf_cstr(&b), "ab-42");
    ASSERT_INT_EQ(gc_buf_reserve(&b, SIZE_MAX), -1);
    gc_buf_clean_up(&b);
    ASSERT_TRUE(b.ptr == NULL && b.len == 0);
    gc_buf_clean_up(NULL);
}

GC_TEST(growth_and_release)
{
    struct gc_buf b;
    gc_buf_init(&b, 0);
    ASSERT_INT_EQ(b.max, GC_BUF_MAX_DEFAULT);
    ASSERT_STR_EQ(gc_buf_cstr(&b), "");
    for (int i = 0; i < 1000; i++)
        ASSERT_INT_EQ(gc_buf_append_str(&b, "xy"), 0);
    ASSERT_INT_EQ(b.len, 2000);
    ASSERT_TRUE(b.cap > b.len);
    char *s = gc_buf_release(&b);
    ASSERT_INT_EQ(strlen(s), 2000);
    ASSERT_TRUE(b.ptr == NULL && b.len == 0);
    free(s);
    s = gc_buf_release(&b); /* empty: still a valid "" */
    ASSERT_STR_EQ(s, "");
    free(s);
    gc_buf_clean_up(&b);

    struct gc_buf z = {0}; /* zeroed: usable with the default cap */
    ASSERT_INT_EQ(gc_buf_append(&z, "a", 1), 0);
    ASSERT_INT_EQ(gc_buf_append(&z, NULL, 0), 0);
    ASSERT_INT_EQ(gc_buf_append_str(&z, NULL), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&z), "a");
    gc_buf_clean_up_secure(&z);
    ASSERT_TRUE(z.ptr == NULL);
}

GC_TEST(spans)
{
    struct gc_span a = gc_span_from_cstr("hello");
    struct gc_span b = gc_span_from("hello world", 5);
    ASSERT_TRUE(gc_span_eq(a, b));
    ASSERT_TRUE(gc_span_eq_cstr(a, "hello"));
    ASSERT_FALSE(gc_span_eq_cstr(a, "hell"));
    ASSERT_TRUE(gc_span_starts_with(a, "he"));
    ASSERT_FALSE(gc_span_starts_with(a, "hello!"));
    ASSERT_TRUE(gc_span_eq(gc_span_from_cstr(NULL), gc_span_from(NULL, 0)));
    char *d = gc_span_dup(gc_span_from("a\0b", 3));
    ASSERT_MEM_EQ(d, 4, "a\0b", 4);
    free(d);
    ASSERT_TRUE(gc_strdup(NULL) == NULL);
    d = gc_strdup("x");
    ASSERT_STR_EQ(d, "x");
    free(d);
}

GC_TEST_MAIN(GC_CASE(cap_is_enforced), GC_CASE(growth_and_release), GC_CASE(spans))
