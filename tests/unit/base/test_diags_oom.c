/* gc_diags when memory runs out: an error added while the k-th allocation fails (k = 1, 2, ...; fake_alloc.h) is
 * still an error, whether its entry, summary, detail or path could not be allocated; a warning never becomes one. */
#include <stdlib.h>

#include "base/gc_diag.h"
#include "fake_alloc.h"
#include "gc_test.h"

/* Adds one diagnostic of `sev` to a list that already holds `before` warnings, with the k-th allocation failing. */
static bool s_add_failing(unsigned long k, size_t before, enum gc_severity sev, struct gc_diags *d)
{
    for (size_t i = 0; i < before; i++)
        gc_diags_warning_at(d, NULL, "earlier", NULL);
    fa_start(k);
    if (sev == GC_SEV_ERROR)
        gc_diags_error_at(d, "tags[\"Name\"]", "Bad tag", "value %d", 7);
    else
        gc_diags_warning_at(d, "tags[\"Name\"]", "Careful", "value %d", 7);
    fa_stop();
    return fa_failed();
}

GC_TEST(an_error_survives_each_failed_allocation)
{
    size_t befores[] = {0, 4}; /* an empty list (first allocation) and a full one (growth) */
    for (size_t b = 0; b < 2; b++) {
        for (unsigned long k = 1;; k++) {
            struct gc_diags d;
            gc_diags_init(&d);
            bool reached = s_add_failing(k, befores[b], GC_SEV_ERROR, &d);
            bool has_error = gc_diags_has_error(&d);
            bool accounted = d.n == befores[b] + 1 || d.n_lost == 1;
            gc_diags_clean_up(&d);
            ASSERT_TRUE(has_error);
            ASSERT_TRUE(accounted);
            if (!reached)
                break;
        }
    }
}

GC_TEST(a_lost_warning_is_no_error)
{
    for (unsigned long k = 1;; k++) {
        struct gc_diags d;
        gc_diags_init(&d);
        bool reached = s_add_failing(k, 4, GC_SEV_WARNING, &d);
        bool has_error = gc_diags_has_error(&d);
        size_t lost = d.n_lost;
        gc_diags_clean_up(&d);
        ASSERT_FALSE(has_error);
        ASSERT_INT_EQ(lost, 0);
        if (!reached)
            break;
    }
}

GC_TEST(entry_without_memory_is_counted_and_moved)
{
    struct gc_diags a, b;
    gc_diags_init(&a);
    gc_diags_init(&b);
    fa_start(1); /* the entry array itself */
    gc_diags_error_at(&a, NULL, "Lost", NULL);
    fa_stop();
    ASSERT_INT_EQ(a.n, 0);
    ASSERT_INT_EQ(a.n_lost, 1);
    ASSERT_TRUE(gc_diags_has_error(&a));
    gc_diags_move(&b, &a);
    ASSERT_INT_EQ(a.n_lost, 0);
    ASSERT_FALSE(gc_diags_has_error(&a));
    ASSERT_INT_EQ(b.n_lost, 1);
    ASSERT_TRUE(gc_diags_has_error(&b));
    /* an error that cannot be moved for want of memory is counted in the destination */
    gc_diags_error_at(&a, NULL, "Kept", NULL);
    fa_start(1);
    gc_diags_move(&b, &a);
    fa_stop();
    ASSERT_INT_EQ(b.n, 0);
    ASSERT_INT_EQ(b.n_lost, 2);
    /* clean-up forgets them */
    gc_diags_clean_up(&b);
    ASSERT_FALSE(gc_diags_has_error(&b));
    gc_diags_clean_up(&a);
}

int main(void)
{
    fa_install();
    static const struct gc_test_case cases[] = {
        GC_CASE(an_error_survives_each_failed_allocation),
        GC_CASE(a_lost_warning_is_no_error),
        GC_CASE(entry_without_memory_is_counted_and_moved),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
