#include <stdlib.h>

#include "base/gc_diag.h"
#include "gc_test.h"

GC_TEST(parse_and_print_table)
{
    static const struct {
        const char *in;
        size_t steps;
        const char *out;
    } cases[] = {
        {"a", 1, "a"},
        {"a.b", 2, "a.b"},
        {"a.b[\"k\"][2].c", 5, "a.b[\"k\"][2].c"},
        {"tags[\"Name\"]", 2, "tags[\"Name\"]"},
        {"[0].x", 2, "[0].x"},
        {"list[-1]", 2, "list[-1]"},
        {"", 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_path p = {0};
        ASSERT_INT_EQ(gc_path_parse(&p, cases[i].in), 0);
        ASSERT_INT_EQ(p.n, cases[i].steps);
        char *s = gc_path_to_string(&p);
        ASSERT_STR_EQ(s, cases[i].out);
        free(s);
        gc_path_clean_up(&p);
    }
}

GC_TEST(parse_steps_and_errors)
{
    struct gc_path p = {0};
    ASSERT_INT_EQ(gc_path_parse(&p, "a.b[\"k.x\"][12]"), 0);
    ASSERT_INT_EQ(p.steps[0].kind, GC_STEP_ATTR);
    ASSERT_STR_EQ(p.steps[1].name, "b");
    ASSERT_INT_EQ(p.steps[2].kind, GC_STEP_KEY_STRING);
    ASSERT_STR_EQ(p.steps[2].name, "k.x");
    ASSERT_INT_EQ(p.steps[3].kind, GC_STEP_KEY_INT);
    ASSERT_INT_EQ(p.steps[3].index, 12);
    gc_path_clean_up(&p);
    static const char *bad[] = {"a[", "a[\"k\"", "a[\"k]", "a[x]", "a[1", "a[\"k\"x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct gc_path q = {0};
        ASSERT_INT_EQ(gc_path_parse(&q, bad[i]), -1);
        ASSERT_INT_EQ(q.n, 0);
    }
}

GC_TEST(push_pop_copy)
{
    struct gc_path p = {0}, c = {0};
    ASSERT_INT_EQ(gc_path_push_attr(&p, "rules"), 0);
    ASSERT_INT_EQ(gc_path_push_index(&p, 3), 0);
    ASSERT_INT_EQ(gc_path_push_key(&p, "k"), 0);
    ASSERT_INT_EQ(gc_path_copy(&c, &p), 0);
    gc_path_pop(&p);
    char *s = gc_path_to_string(&p);
    ASSERT_STR_EQ(s, "rules[3]");
    free(s);
    s = gc_path_to_string(&c);
    ASSERT_STR_EQ(s, "rules[3][\"k\"]");
    free(s);
    gc_path_pop(&p);
    gc_path_pop(&p);
    gc_path_pop(&p); /* empty: no-op */
    ASSERT_INT_EQ(p.n, 0);
    gc_path_clean_up(&p);
    gc_path_clean_up(&c);
    gc_path_clean_up(NULL);
    s = gc_path_to_string(NULL);
    ASSERT_STR_EQ(s, "");
    free(s);
}

GC_TEST_MAIN(GC_CASE(parse_and_print_table), GC_CASE(parse_steps_and_errors), GC_CASE(push_pop_copy))
