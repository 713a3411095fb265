/* A tiny unit-test harness: each test file defines cases with GC_TEST(name) and lists them in a table passed
 * to gc_test_main(). Output is TAP (meson reads it with protocol: 'tap'). Assertions report file:line and
 * the values, mark the case failed and return from it. */
#ifndef GC_TEST_H
#define GC_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct gc_test_case {
    const char *name;
    void (*fn)(int *failed);
};

#define GC_TEST(name) static void name(int *gc_test_failed_)
#define GC_CASE(name) {#name, name}

#define GC_FAIL_(...)                                                                                       \
    do {                                                                                                    \
        printf("# %s:%d: ", __FILE__, __LINE__);                                                            \
        printf(__VA_ARGS__);                                                                                \
        printf("\n");                                                                                       \
        *gc_test_failed_ = 1;                                                                               \
    } while (0)

#define ASSERT_TRUE(c)                                                                                      \
    do {                                                                                                    \
        if (!(c)) {                                                                                         \
            GC_FAIL_("expected true: %s", #c);                                                              \
            return;                                                                                         \
        }                                                                                                   \
    } while (0)
#define ASSERT_FALSE(c) ASSERT_TRUE(!(c))
#define ASSERT_INT_EQ(a, b)                                                                                 \
    do {                                                                                                    \
        long long a_ = (long long)(a), b_ = (long long)(b);                                                 \
        if (a_ != b_) {                                                                                     \
            GC_FAIL_("%s == %s: %lld != %lld", #a, #b, a_, b_);                                             \
            return;                                                                                         \
        }                                                                                                   \
    } while (0)
#define ASSERT_STR_EQ(a, b)                                                                                 \
    do {                                                                                                    \
        const char *a_ = (a), *b_ = (b);                                                                    \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                                            \
            GC_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)");         \
            return;                                                                                         \
        }                                                                                                   \
    } while (0)
#define ASSERT_MEM_EQ(a, alen, b, blen)                                                                     \
    do {                                                                                                    \
        size_t al_ = (alen), bl_ = (blen);                                                                  \
        if (al_ != bl_ || (al_ && memcmp((a), (b), al_) != 0)) {                                            \
            GC_FAIL_("%s == %s: bytes differ (len %zu vs %zu)", #a, #b, al_, bl_);                          \
            return;                                                                                         \
        }                                                                                                   \
    } while (0)

static inline int gc_test_main(const struct gc_test_case *cases, size_t n)
{
    int failures = 0;
    printf("1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        int failed = 0;
        cases[i].fn(&failed);
        printf("%s %zu - %s\n", failed ? "not ok" : "ok", i + 1, cases[i].name);
        failures += failed;
    }
    fflush(stdout);
    return failures ? 1 : 0;
}

#define GC_TEST_MAIN(...)                                                                                   \
    int main(void)                                                                                          \
    {                                                                                                       \
        static const struct gc_test_case cases_[] = {__VA_ARGS__};                                          \
        return gc_test_main(cases_, sizeof cases_ / sizeof cases_[0]);                                      \
    }

#endif
