/* base/gc_lazy: libraries loaded on first use by SONAME, a table of functions, clear messages when missing. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "base/gc_lazy.h"
#include "gc_test.h"

/* libm stands in for libcurl: present on every Debian system, and not linked into this test */
struct s_math {
    double (*cos)(double);
    double (*sqrt)(double);
};

static const struct gc_lazy_sym s_math_syms[] = {
    {"cos", offsetof(struct s_math, cos)},
    {"sqrt", offsetof(struct s_math, sqrt)},
};
static const struct gc_lazy_sym s_bad_syms[] = {
    {"cos", offsetof(struct s_math, cos)},
    {"gcnet_no_such_function", offsetof(struct s_math, sqrt)},
};

GC_TEST(loads_by_soname_and_fills_the_table)
{
    struct s_math m = {0};
    struct gc_lazy lib = GC_LAZY_INIT("libm.so.6", "libc6", s_math_syms, 2, &m);
    ASSERT_INT_EQ(gc_lazy_load(&lib), 0);
    ASSERT_TRUE(m.cos != NULL && m.sqrt != NULL);
    ASSERT_TRUE(m.cos(0.0) == 1.0);
    ASSERT_TRUE(m.sqrt(16.0) == 4.0);
    ASSERT_STR_EQ(gc_lazy_error(&lib), "");
    ASSERT_INT_EQ(gc_lazy_load(&lib), 0); /* the second call: already loaded */
}

/* A missing library or symbol fails every call with a message naming the SONAME (or symbol) and the package. */
GC_TEST(missing_library_or_symbol_is_named)
{
    static const struct {
        const char *soname;
        const struct gc_lazy_sym *syms;
        const char *needles[3];
    } rows[] = {
        {"libgcnet-no-such-library.so.9",
         s_math_syms,
         {"cannot load libgcnet-no-such-library.so.9", "install the Debian package gcnet-test-pkg", NULL}},
        {"libm.so.6", s_bad_syms, {"libm.so.6 has no symbol gcnet_no_such_function", "gcnet-test-pkg", NULL}},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct s_math m = {0};
        struct gc_lazy lib = GC_LAZY_INIT(rows[i].soname, "gcnet-test-pkg", rows[i].syms, 2, &m);
        ASSERT_STR_EQ(gc_lazy_error(&lib), ""); /* not tried yet */
        for (int call = 0; call < 2; call++) {
            ASSERT_INT_EQ(gc_lazy_load(&lib), -1);
            for (size_t k = 0; rows[i].needles[k]; k++) {
                if (!strstr(gc_lazy_error(&lib), rows[i].needles[k]))
                    printf("# row %zu: %s\n", i, gc_lazy_error(&lib));
                ASSERT_TRUE(strstr(gc_lazy_error(&lib), rows[i].needles[k]) != NULL);
            }
        }
    }
}

static struct s_math s_shared;
static struct gc_lazy s_shared_lib = GC_LAZY_INIT("libm.so.6", "libc6", s_math_syms, 2, &s_shared);

static void *s_racer(void *arg)
{
    int *ok = arg;
    *ok = gc_lazy_load(&s_shared_lib) == 0 && s_shared.sqrt && s_shared.sqrt(9.0) == 3.0;
    return NULL;
}

/* First calls from many threads at once: every one sees the whole table. */
GC_TEST(concurrent_first_use)
{
    pthread_t t[8];
    int ok[8] = {0};
    for (int i = 0; i < 8; i++)
        ASSERT_INT_EQ(pthread_create(&t[i], NULL, s_racer, &ok[i]), 0);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 8; i++)
        ASSERT_TRUE(ok[i]);
}

int main(void)
{
    static const struct gc_test_case cases[] = {GC_CASE(loads_by_soname_and_fills_the_table),
                                                GC_CASE(missing_library_or_symbol_is_named),
                                                GC_CASE(concurrent_first_use)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
