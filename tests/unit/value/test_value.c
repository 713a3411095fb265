#include <stdlib.h>

#include "gc_test.h"
#include "value/gc_value.h"
#include "value/gc_value_priv.h"

GC_TEST(number_canonical_table)
{
    static const struct {
        const char *in;
        const char *out; /* NULL: rejected */
    } cases[] = {
        {"0", "0"},
        {"-0", "0"},
        {"0012", "12"},
        {"+7", "7"},
        {"-1.50", "-1.5"},
        {"1.0", "1"},
        {"1e3", "1000"},
        {"1E+3", "1000"},
        {"1.25e-2", "0.0125"},
        {"12345e-2", "123.45"},
        {".5", "0.5"},
        {"5.", "5"},
        {"0.000", "0"},
        {"99999999999999999999", "99999999999999999999"},
        {"-99999999999999999999.5", "-99999999999999999999.5"},
        {"inf", "Inf"},
        {"-Infinity", "-Inf"},
        {"", NULL},
        {"-", NULL},
        {"abc", NULL},
        {"1e", NULL},
        {"1x", NULL},
        {"1..2", NULL},
        {"1e99999", NULL},
        {"nan", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = gc_number_canonical(cases[i].in, strlen(cases[i].in));
        if (!cases[i].out) {
            if (got)
                printf("# case %zu (%s) gave %s\n", i, cases[i].in, got);
            ASSERT_TRUE(got == NULL);
            continue;
        }
        ASSERT_STR_EQ(got, cases[i].out);
        free(got);
    }
    char *big = gc_number_canonical("1e400", 5);
    ASSERT_TRUE(big != NULL);
    ASSERT_INT_EQ(strlen(big), 401);
    ASSERT_TRUE(big[0] == '1' && big[400] == '0');
    free(big);
}

GC_TEST(number_from_double_exact)
{
    char *s = gc_number_from_double(1.5);
    ASSERT_STR_EQ(s, "1.5");
    free(s);
    s = gc_number_from_double(0.1);
    ASSERT_STR_EQ(s, "0.1000000000000000055511151231257827021181583404541015625");
    free(s);
    s = gc_number_from_double(-1e20);
    ASSERT_STR_EQ(s, "-100000000000000000000");
    free(s);
    double d;
    ASSERT_INT_EQ(gc_number_to_double_exact("0.1", &d), -1);
    ASSERT_INT_EQ(gc_number_to_double_exact("0.25", &d), 0);
    ASSERT_TRUE(d == 0.25);
    ASSERT_INT_EQ(gc_number_to_double_exact("18446744073709551616", &d), 0);
    ASSERT_INT_EQ(gc_number_to_double_exact("18446744073709551615", &d), -1);
}

GC_TEST(int64_reads)
{
    static const struct {
        const char *text;
        int ok;
        int64_t v;
    } cases[] = {
        {"64512", 0, 64512},
        {"-9223372036854775808", 0, INT64_MIN},
        {"9223372036854775807", 0, INT64_MAX},
        {"9223372036854775808", -1, 0},
        {"1.5", -1, 0},
        {"1e2", 0, 100},
        {"Inf", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_value *v = gc_value_new_number_text(cases[i].text);
        int64_t got = 0;
        ASSERT_TRUE(v != NULL);
        int rc = gc_value_int64(v, &got);
        gc_value_free(v);
        ASSERT_INT_EQ(rc, cases[i].ok);
        if (rc == 0)
            ASSERT_INT_EQ(got, cases[i].v);
    }
    struct gc_value *v = gc_value_new_int(INT64_MIN);
    ASSERT_STR_EQ(v->u.num, "-9223372036854775808");
    gc_value_free(v);
    ASSERT_TRUE(gc_value_new_number_text("12a") == NULL);
}

GC_TEST(set_dedups_and_compares_unordered)
{
    struct gc_value *a = gc_value_new_collection(&gc_type_set_string);
    struct gc_value *b = gc_value_new_collection(&gc_type_set_string);
    ASSERT_INT_EQ(gc_value_append(a, gc_value_new_string("x")), 0);
    ASSERT_INT_EQ(gc_value_append(a, gc_value_new_string("y")), 0);
    ASSERT_INT_EQ(gc_value_append(a, gc_value_new_string("x")), 0);
    ASSERT_INT_EQ(gc_value_length(a), 2);
    ASSERT_INT_EQ(gc_value_append(b, gc_value_new_string("y")), 0);
    ASSERT_INT_EQ(gc_value_append(b, gc_value_new_string("x")), 0);
    ASSERT_TRUE(gc_value_equal(a, b));
    ASSERT_INT_EQ(gc_value_append(b, gc_value_new_string("z")), 0);
    ASSERT_FALSE(gc_value_equal(a, b));
    /* unknowns are never merged */
    ASSERT_INT_EQ(gc_value_append(a, gc_value_new_unknown(&gc_type_string)), 0);
    ASSERT_INT_EQ(gc_value_append(a, gc_value_new_unknown(&gc_type_string)), 0);
    ASSERT_INT_EQ(gc_value_length(a), 4);
    ASSERT_FALSE(gc_value_is_wholly_known(a));
    gc_value_free(a);
    gc_value_free(b);

    /* lists are ordered */
    const char *xy[] = {"x", "y"}, *yx[] = {"y", "x"};
    struct gc_value *l1 = gc_value_new_string_list(&gc_type_list_string, xy, 2);
    struct gc_value *l2 = gc_value_new_string_list(&gc_type_list_string, yx, 2);
    ASSERT_FALSE(gc_value_equal(l1, l2));
    ASSERT_STR_EQ(gc_value_string(gc_value_index(l2, 0)), "y");
    ASSERT_TRUE(gc_value_index(l2, 2) == NULL);
    gc_value_free(l1);
    gc_value_free(l2);
}

GC_TEST(map_keys_sorted_and_replaced)
{
    struct gc_value *m = gc_value_new_collection(&gc_type_map_string);
    const char *keys[] = {"m", "b", "z", "a", "k"};
    for (size_t i = 0; i < 5; i++)
        ASSERT_INT_EQ(gc_value_map_put(m, keys[i], gc_value_new_string(keys[i])), 0);
    ASSERT_INT_EQ(gc_value_map_put(m, "b", gc_value_new_string("B")), 0);
    ASSERT_INT_EQ(gc_value_length(m), 5);
    ASSERT_STR_EQ(m->u.map.keys[0], "a");
    ASSERT_STR_EQ(m->u.map.keys[1], "b");
    ASSERT_STR_EQ(m->u.map.keys[4], "z");
    ASSERT_STR_EQ(gc_value_string(gc_value_map_get(m, "b")), "B");
    ASSERT_TRUE(gc_value_map_get(m, "q") == NULL);
    /* wrong kind */
    struct gc_value *l = gc_value_new_collection(&gc_type_list_string);
    ASSERT_INT_EQ(gc_value_map_put(l, "a", gc_value_new_string("x")), -1);
    ASSERT_INT_EQ(gc_value_append(m, gc_value_new_string("x")), -1);
    gc_value_free(l);
    gc_value_free(m);
}

static struct gc_type *s_obj_type(void)
{
    struct gc_type *t = gc_type_new_object();
    gc_type_object_add(t, "name", &gc_type_string);
    gc_type_object_add(t, "count", &gc_type_number);
    gc_type_object_add(t, "enabled", &gc_type_bool);
    gc_type_object_add(t, "tags", &gc_type_map_string);
    gc_type_object_add(t, "any", &gc_type_dynamic);
    return t;
}

GC_TEST(object_accessors)
{
    struct gc_type *t = s_obj_type();
    struct gc_value *o = gc_value_new_object(t);
    ASSERT_TRUE(o != NULL);
    ASSERT_INT_EQ(gc_value_length(o), 5);
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(o, "name")));
    ASSERT_INT_EQ(gc_value_set_string(o, "name", "gc"), 0);
    ASSERT_INT_EQ(gc_value_set_int64(o, "count", 42), 0);
    ASSERT_INT_EQ(gc_value_set_bool(o, "enabled", true), 0);
    ASSERT_INT_EQ(gc_value_set_string(o, "nope", "x"), -1);
    ASSERT_INT_EQ(gc_value_object_set(o, "nope", gc_value_new_string("x")), -1);
    ASSERT_STR_EQ(gc_value_get_string(o, "name"), "gc");
    int64_t n = 0;
    bool b = false;
    ASSERT_INT_EQ(gc_value_get_int64(o, "count", &n), 0);
    ASSERT_INT_EQ(n, 42);
    ASSERT_INT_EQ(gc_value_get_bool(o, "enabled", &b), 0);
    ASSERT_TRUE(b);
    ASSERT_INT_EQ(gc_value_get_bool(o, "name", &b), -1);
    ASSERT_TRUE(gc_value_get_string(o, "tags") == NULL);

    struct gc_value *taken = gc_value_object_take(o, "name");
    ASSERT_STR_EQ(gc_value_string(taken), "gc");
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(o, "name")));
    gc_value_free(taken);

    ASSERT_INT_EQ(gc_value_set_string(o, "name", NULL), 0);
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(o, "name")));
    ASSERT_INT_EQ(gc_value_object_set(o, "any", gc_value_new_unknown(&gc_type_dynamic)), 0);
    ASSERT_FALSE(gc_value_is_wholly_known(o));
    ASSERT_TRUE(gc_value_is_known(o));
    gc_value_free(o);
    gc_type_free(t);
}

GC_TEST(copy_dynamic_survives_original)
{
    struct gc_type *lt = gc_type_new_list(gc_type_new_map(&gc_type_number));
    struct gc_value *list = gc_value_new_collection(lt);
    struct gc_value *m = gc_value_new_collection(lt->elem);
    ASSERT_INT_EQ(gc_value_map_put(m, "k", gc_value_new_number_text("99999999999999999999")), 0);
    ASSERT_INT_EQ(gc_value_append(list, m), 0);
    struct gc_value *dyn = gc_value_new_dynamic(list, lt);
    ASSERT_TRUE(dyn != NULL);
    struct gc_value *copy = gc_value_copy(dyn);
    ASSERT_TRUE(copy != NULL);
    ASSERT_TRUE(gc_value_equal(dyn, copy));
    ASSERT_TRUE(copy->owned_type != dyn->owned_type);
    gc_value_free(dyn); /* frees lt too */
    ASSERT_INT_EQ(gc_value_length(copy), 1);
    const struct gc_value *e = gc_value_index(copy, 0);
    ASSERT_TRUE(e->type == copy->owned_type->elem);
    ASSERT_STR_EQ(gc_value_map_get(e, "k")->u.num, "99999999999999999999");
    gc_value_free(copy);
}

GC_TEST(equality_rules)
{
    struct gc_value *u1 = gc_value_new_unknown(&gc_type_string);
    struct gc_value *u2 = gc_value_new_unknown(&gc_type_string);
    struct gc_value *n1 = gc_value_new_null(&gc_type_string);
    struct gc_value *n2 = gc_value_new_null(&gc_type_number);
    struct gc_value *s = gc_value_new_string_len("a\0b", 3);
    struct gc_value *s2 = gc_value_new_string_len("a\0c", 3);
    ASSERT_TRUE(gc_value_equal(u1, u2));
    ASSERT_FALSE(gc_value_equal(u1, n1));
    ASSERT_FALSE(gc_value_equal(n1, n2));
    ASSERT_FALSE(gc_value_equal(s, s2));
    ASSERT_INT_EQ(s->u.str.len, 3);
    struct gc_value *a = gc_value_new_number_text("1.50");
    struct gc_value *b = gc_value_new_number_text("15e-1");
    ASSERT_TRUE(gc_value_equal(a, b));
    ASSERT_TRUE(gc_value_is_null(NULL));
    gc_value_free(a);
    gc_value_free(b);
    gc_value_free(u1);
    gc_value_free(u2);
    gc_value_free(n1);
    gc_value_free(n2);
    gc_value_free(s);
    gc_value_free(s2);
}

GC_TEST(tuple_append_bounded)
{
    struct gc_type *t = gc_type_new_tuple();
    gc_type_tuple_append(t, &gc_type_string);
    struct gc_value *v = gc_value_new_collection(t);
    ASSERT_INT_EQ(gc_value_append(v, gc_value_new_string("a")), 0);
    ASSERT_INT_EQ(gc_value_append(v, gc_value_new_string("b")), -1);
    ASSERT_INT_EQ(gc_value_length(v), 1);
    gc_value_free(v);
    gc_type_free(t);
    gc_value_free(NULL);
}

GC_TEST_MAIN(GC_CASE(number_canonical_table), GC_CASE(number_from_double_exact), GC_CASE(int64_reads),
             GC_CASE(set_dedups_and_compares_unordered), GC_CASE(map_keys_sorted_and_replaced),
             GC_CASE(object_accessors), GC_CASE(copy_dynamic_survives_original), GC_CASE(equality_rules),
             GC_CASE(tuple_append_bounded))
