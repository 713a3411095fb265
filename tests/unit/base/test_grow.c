/* base/gc_grow: the array is kept while there is room, doubles when full (first size the first time), and an
 * impossible size fails with the array and its capacity unchanged. */
#include <stdint.h>
#include <stdlib.h>

#include "base/gc_grow.h"
#include "gc_test.h"

GC_TEST(grows_by_doubling_and_keeps_items)
{
    int *items = NULL;
    size_t n = 0, cap = 0;
    static const size_t caps_after[] = {4, 4, 4, 4, 8, 8, 8, 8, 16, 16};
    for (size_t i = 0; i < sizeof caps_after / sizeof caps_after[0]; i++) {
        int *room = gc_grow(items, n, &cap, sizeof *items, 4);
        ASSERT_TRUE(room != NULL);
        items = room;
        items[n++] = (int)i * 10;
        ASSERT_INT_EQ(cap, caps_after[i]);
    }
    int kept = 1;
    for (size_t i = 0; i < n; i++)
        kept &= items[i] == (int)i * 10;
    free(items);
    ASSERT_TRUE(kept);
}

GC_TEST(room_left_returns_the_same_array)
{
    size_t cap = 4;
    int *items = malloc(cap * sizeof *items);
    ASSERT_TRUE(items != NULL);
    int same = gc_grow(items, 3, &cap, sizeof *items, 8) == items;
    free(items);
    ASSERT_TRUE(same);
    ASSERT_INT_EQ(cap, 4);
}

GC_TEST(overflow_fails_and_changes_nothing)
{
    static const struct {
        size_t cap, size, first;
    } rows[] = {
        {SIZE_MAX / 2 + 1, 1, 8}, /* doubling the count overflows */
        {SIZE_MAX / 16, 16, 8},   /* doubling the count is fine, the bytes overflow */
        {0, 8, 0},                /* no first size */
        {0, 0, 8},                /* no item size */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char marker = 0;
        size_t cap = rows[i].cap;
        ASSERT_TRUE(gc_grow(&marker, cap, &cap, rows[i].size, rows[i].first) == NULL);
        ASSERT_INT_EQ(cap, rows[i].cap);
    }
}

int main(void)
{
    static const struct gc_test_case cases[] = {GC_CASE(grows_by_doubling_and_keeps_items),
                                                GC_CASE(room_left_returns_the_same_array),
                                                GC_CASE(overflow_fails_and_changes_nothing)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
