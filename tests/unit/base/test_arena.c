#include <stdint.h>
#include <stdlib.h>

#include "base/gc_arena.h"
#include "gc_test.h"

GC_TEST(alloc_zeroed_and_aligned)
{
    struct gc_arena a;
    gc_arena_init(&a);
    for (int i = 1; i < 2000; i++) {
        unsigned char *p = gc_arena_alloc(&a, (size_t)i % 97 + 1);
        ASSERT_TRUE(p != NULL);
        ASSERT_INT_EQ((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t k = 0; k < (size_t)i % 97 + 1; k++)
            ASSERT_INT_EQ(p[k], 0);
        memset(p, 0xab, (size_t)i % 97 + 1);
    }
    /* larger than a block */
    char *big = gc_arena_alloc(&a, 100000);
    ASSERT_TRUE(big != NULL);
    memset(big, 1, 100000);
    ASSERT_TRUE(gc_arena_calloc(&a, SIZE_MAX / 2, 4) == NULL);
    ASSERT_TRUE(gc_arena_alloc(&a, SIZE_MAX - 4) == NULL);
    gc_arena_clean_up(&a);
    ASSERT_TRUE(a.head == NULL);
    gc_arena_clean_up(&a);
    gc_arena_clean_up(NULL);
}

GC_TEST(dups)
{
    struct gc_arena a;
    gc_arena_init(&a);
    ASSERT_STR_EQ(gc_arena_strdup(&a, "abc"), "abc");
    ASSERT_STR_EQ(gc_arena_strdup(&a, NULL), "");
    ASSERT_STR_EQ(gc_arena_spandup(&a, gc_span_from("abcdef", 3)), "abc");
    ASSERT_TRUE(gc_arena_memdup(&a, "x", 0) == NULL);
    int *v = gc_arena_memdup(&a, &(int){42}, sizeof(int));
    ASSERT_INT_EQ(*v, 42);
    int *arr = gc_arena_calloc(&a, 10, sizeof(int));
    ASSERT_INT_EQ(arr[9], 0);
    gc_arena_clean_up(&a);
}

GC_TEST_MAIN(GC_CASE(alloc_zeroed_and_aligned), GC_CASE(dups))
