#include <stdlib.h>

#include "base/gc_diag.h"
#include "gc_test.h"

GC_TEST(add_and_query)
{
    struct gc_diags d;
    gc_diags_init(&d);
    ASSERT_FALSE(gc_diags_has_error(&d));
    gc_diags_warning_at(&d, "a.b", "Careful", "value %d", 3);
    ASSERT_FALSE(gc_diags_has_error(&d));
    gc_diags_error_at(&d, "tags[\"Name\"]", "Bad tag", NULL);
    gc_diags_error_at(&d, NULL, "No path", "%s", "x");
    ASSERT_TRUE(gc_diags_has_error(&d));
    ASSERT_INT_EQ(d.n, 3);
    ASSERT_INT_EQ(d.items[0].severity, GC_SEV_WARNING);
    ASSERT_STR_EQ(d.items[0].summary, "Careful");
    ASSERT_STR_EQ(d.items[0].detail, "value 3");
    ASSERT_INT_EQ(d.items[0].path.n, 2);
    ASSERT_TRUE(d.items[1].detail == NULL);
    ASSERT_INT_EQ(d.items[1].path.steps[1].kind, GC_STEP_KEY_STRING);
    ASSERT_INT_EQ(d.items[2].path.n, 0);
    gc_diags_clean_up(&d);
    ASSERT_INT_EQ(d.n, 0);
    gc_diags_clean_up(NULL);
}

GC_TEST(add_with_path_and_many)
{
    struct gc_diags d;
    struct gc_path p = {0};
    gc_diags_init(&d);
    gc_path_push_attr(&p, "x");
    gc_path_push_index(&p, 7);
    for (int i = 0; i < 50; i++)
        gc_diags_add(&d, GC_SEV_ERROR, &p, NULL, "n=%d", i);
    gc_path_clean_up(&p); /* the diagnostics own copies */
    ASSERT_INT_EQ(d.n, 50);
    ASSERT_STR_EQ(d.items[49].summary, "Error");
    ASSERT_STR_EQ(d.items[49].detail, "n=49");
    char *s = gc_path_to_string(&d.items[10].path);
    ASSERT_STR_EQ(s, "x[7]");
    free(s);
    gc_diags_clean_up(&d);
}

GC_TEST(move)
{
    struct gc_diags a, b;
    gc_diags_init(&a);
    gc_diags_init(&b);
    gc_diags_error_at(&a, "p", "one", NULL);
    gc_diags_warning_at(&b, NULL, "zero", NULL);
    gc_diags_move(&b, &a);
    ASSERT_INT_EQ(a.n, 0);
    ASSERT_INT_EQ(b.n, 2);
    ASSERT_STR_EQ(b.items[1].summary, "one");
    ASSERT_STR_EQ(b.items[1].path.steps[0].name, "p");
    gc_diags_clean_up(&a);
    gc_diags_clean_up(&b);
}

GC_TEST_MAIN(GC_CASE(add_and_query), GC_CASE(add_with_path_and_many), GC_CASE(move))
