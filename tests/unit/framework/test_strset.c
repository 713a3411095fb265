/* framework/gc_strset: views of list/set values, membership, de-duplication, and differences between a prior
 * and a planned set. */
#include <stdlib.h>

#include "framework/gc_strset.h"
#include "gc_test.h"

#define S_MAX 6

/* "a b c" -> set (NULL text: empty). */
static int s_words(struct gc_strset *out, const char *const *words)
{
    size_t n = 0;
    while (words[n])
        n++;
    return gc_strset_of_array(out, words, n);
}

static bool s_same(const struct gc_strset *s, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++)
        if (n >= s->n || strcmp(s->items[n], want[n]) != 0)
            return false;
    return n == s->n;
}

GC_TEST(diff_table)
{
    static const struct {
        const char *prior[S_MAX], *planned[S_MAX], *added[S_MAX], *removed[S_MAX];
    } cases[] = {
        {{NULL}, {NULL}, {NULL}, {NULL}},
        {{NULL}, {"111", "222", NULL}, {"111", "222", NULL}, {NULL}},
        {{"111", "222", NULL}, {NULL}, {NULL}, {"111", "222", NULL}},
        {{"111", "222", NULL}, {"222", "111", NULL}, {NULL}, {NULL}},
        {{"111", "222", NULL}, {"222", "333", NULL}, {"333", NULL}, {"111", NULL}},
        {{"a", "b", "c", NULL}, {"d", "e", NULL}, {"d", "e", NULL}, {"a", "b", "c", NULL}},
        {{"a", "a", "b", NULL}, {"b", "b", NULL}, {NULL}, {"a", NULL}}, /* duplicates count once */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_strset prior = {0}, planned = {0}, added = {0}, removed = {0};
        int rc = s_words(&prior, cases[i].prior) | s_words(&planned, cases[i].planned) |
                 gc_strset_diff(&prior, &planned, &added, &removed);
        bool ok_added = s_same(&added, cases[i].added);
        bool ok_removed = s_same(&removed, cases[i].removed);
        gc_strset_clean_up(&prior);
        gc_strset_clean_up(&planned);
        gc_strset_clean_up(&added);
        gc_strset_clean_up(&removed);
        if (!ok_added || !ok_removed)
            printf("# case %zu\n", i);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_TRUE(ok_added);
        ASSERT_TRUE(ok_removed);
    }
}

GC_TEST(of_value_views_known_strings)
{
    static const char *const accounts[] = {"111111111111", "222222222222"};
    struct gc_value *set = gc_value_new_string_list(&gc_type_set_string, accounts, 2);
    struct gc_value *list = gc_value_new_collection(&gc_type_list_string);
    gc_value_append(list, gc_value_new_string("x"));
    gc_value_append(list, gc_value_new_null(&gc_type_string));
    gc_value_append(list, gc_value_new_unknown(&gc_type_string));
    gc_value_append(list, gc_value_new_string("y"));
    struct gc_value *unknown = gc_value_new_unknown(&gc_type_set_string);
    struct gc_value *null = gc_value_new_null(&gc_type_set_string);
    struct gc_strset a = {0}, b = {0}, c = {0}, d = {0};
    int rc = gc_strset_of_value(&a, set) | gc_strset_of_value(&b, list) | gc_strset_of_value(&c, unknown) |
             gc_strset_of_value(&d, null) | gc_strset_of_value(&d, NULL);
    bool has = gc_strset_has(&a, "222222222222") && !gc_strset_has(&a, "333333333333") && !gc_strset_has(&a, NULL);
    bool borrowed = a.n == 2 && (a.items[0] == gc_value_string(gc_value_index(set, 0)));
    size_t nb = b.n, nc = c.n, nd = d.n;
    bool order = nb == 2 && strcmp(b.items[0], "x") == 0 && strcmp(b.items[1], "y") == 0;
    gc_strset_clean_up(&a);
    gc_strset_clean_up(&b);
    gc_strset_clean_up(&c);
    gc_strset_clean_up(&d);
    gc_value_free(set);
    gc_value_free(list);
    gc_value_free(unknown);
    gc_value_free(null);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(has);
    ASSERT_TRUE(borrowed);
    ASSERT_TRUE(order);
    ASSERT_INT_EQ(nc, 0);
    ASSERT_INT_EQ(nd, 0);
}

GC_TEST(add_grows_and_dedupes)
{
    struct gc_strset s;
    gc_strset_init(&s);
    char names[40][8];
    int rc = 0;
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "n%d", i);
        rc |= gc_strset_add(&s, names[i]);
        rc |= gc_strset_add(&s, names[i]);
    }
    rc |= gc_strset_add(&s, NULL);
    size_t n = s.n;
    bool last = gc_strset_has(&s, "n39");
    gc_strset_clean_up(&s);
    gc_strset_clean_up(&s); /* twice is harmless */
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n, 40);
    ASSERT_TRUE(last);
}

GC_TEST_MAIN(GC_CASE(diff_table), GC_CASE(of_value_views_known_strings), GC_CASE(add_grows_and_dedupes))
