#include <stdlib.h>

#include "gc_test.h"
#include "value/gc_type.h"

/* Every type form gcnet emits must round-trip byte-exactly (go-cty compact form, object keys sorted). */
GC_TEST(json_round_trips)
{
    static const char *forms[] = {
        "\"string\"",
        "\"number\"",
        "\"bool\"",
        "\"dynamic\"",
        "[\"list\",\"string\"]",
        "[\"set\",\"string\"]",
        "[\"map\",\"string\"]",
        "[\"list\",[\"object\",{\"cidr\":\"string\",\"id\":\"string\"}]]",
        "[\"set\",[\"object\",{\"from_port\":\"number\",\"protocol\":\"string\",\"to_port\":\"number\"}]]",
        "[\"object\",{}]",
        "[\"object\",{\"a\":[\"map\",[\"list\",\"number\"]],\"b\":\"bool\",\"timeouts\":[\"object\",{\"create\":"
        "\"string\"}]}]",
        "[\"tuple\",[\"string\",\"number\"]]",
        "[\"tuple\",[]]",
        "[\"map\",\"dynamic\"]",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        struct gc_diags diags;
        struct gc_type *t = NULL;
        struct gc_buf out;
        gc_diags_init(&diags);
        gc_buf_init(&out, 0);
        ASSERT_INT_EQ(gc_type_from_json(gc_span_from_cstr(forms[i]), &t, &diags), 0);
        ASSERT_INT_EQ(diags.n, 0);
        ASSERT_INT_EQ(gc_type_to_json(t, &out), 0);
        ASSERT_STR_EQ(gc_buf_cstr(&out), forms[i]);
        struct gc_type *c = gc_type_copy(t);
        ASSERT_TRUE(gc_type_equal(t, c));
        gc_type_free(c);
        gc_type_free(t);
        gc_buf_clean_up(&out);
    }
}

GC_TEST(json_sorts_object_keys_and_tolerates_whitespace)
{
    struct gc_diags diags;
    struct gc_type *t = NULL;
    struct gc_buf out;
    gc_diags_init(&diags);
    gc_buf_init(&out, 0);
    ASSERT_INT_EQ(gc_type_from_json(gc_span_from_cstr(" [ \"object\" , {\"z\":\"bool\",\"a\":\"string\"} ] "), &t,
                                    &diags),
                  0);
    ASSERT_INT_EQ(gc_type_to_json(t, &out), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&out), "[\"object\",{\"a\":\"string\",\"z\":\"bool\"}]");
    ASSERT_INT_EQ(gc_type_object_index(t, "z"), 1);
    ASSERT_INT_EQ(gc_type_object_index(t, "q"), -1);
    ASSERT_TRUE(gc_type_object_attr(t, "a") == &gc_type_string);
    gc_type_free(t);
    gc_buf_clean_up(&out);
}

GC_TEST(json_rejects_bad_forms)
{
    static const char *bad[] = {
        "",
        "\"strin\"",
        "\"String\"",
        "\"string\" x",
        "\"string\"\"number\"",
        "[\"list\"]",
        "[\"list\",\"string\",\"x\"]",
        "[\"object\",{\"a\":\"string\"},[\"a\"]]", /* optional-attribute constraints are not wire types */
        "[\"object\",[\"a\"]]",
        "[\"object\",{\"a\":\"string\",\"a\":\"bool\"}]",
        "[\"tuple\",{}]",
        "[\"frob\",\"string\"]",
        "42",
        "null",
        "{\"list\":\"string\"}",
        "[\"list\",[\"list\",\"nope\"]]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct gc_diags diags;
        struct gc_type *t = (struct gc_type *)1;
        gc_diags_init(&diags);
        int rc = gc_type_from_json(gc_span_from_cstr(bad[i]), &t, &diags);
        if (rc == 0)
            printf("# accepted: %s\n", bad[i]);
        ASSERT_INT_EQ(rc, -1);
        ASSERT_TRUE(t == NULL);
        ASSERT_TRUE(gc_diags_has_error(&diags));
        gc_diags_clean_up(&diags);
    }
}

GC_TEST(json_rejects_deep_nesting)
{
    struct gc_buf in;
    struct gc_diags diags;
    struct gc_type *t = NULL;
    gc_buf_init(&in, 0);
    gc_diags_init(&diags);
    for (int i = 0; i < 100; i++)
        gc_buf_append_str(&in, "[\"list\",");
    gc_buf_append_str(&in, "\"string\"");
    for (int i = 0; i < 100; i++)
        gc_buf_append_str(&in, "]");
    ASSERT_INT_EQ(gc_type_from_json(gc_buf_span(&in), &t, &diags), -1);
    ASSERT_TRUE(gc_diags_has_error(&diags));
    gc_diags_clean_up(&diags);
    gc_buf_clean_up(&in);
}

GC_TEST(builders_and_equality)
{
    struct gc_type *a = gc_type_new_object();
    struct gc_type *b = gc_type_new_object();
    ASSERT_INT_EQ(gc_type_object_add(a, "x", &gc_type_string), 0);
    ASSERT_INT_EQ(gc_type_object_add(a, "y", gc_type_new_list(&gc_type_number)), 0);
    ASSERT_INT_EQ(gc_type_object_add(a, "x", &gc_type_bool), -1);
    ASSERT_INT_EQ(gc_type_object_add(b, "y", gc_type_new_list(&gc_type_number)), 0);
    ASSERT_INT_EQ(gc_type_object_add(b, "x", &gc_type_string), 0);
    ASSERT_TRUE(gc_type_equal(a, b));
    ASSERT_STR_EQ(b->attrs[0].name, "x");
    ASSERT_INT_EQ(gc_type_object_add(b, "z", gc_type_new_set(&gc_type_string)), 0);
    ASSERT_FALSE(gc_type_equal(a, b));
    ASSERT_FALSE(gc_type_equal(&gc_type_list_string, &gc_type_set_string));
    struct gc_type *ls = gc_type_new_list(&gc_type_string);
    ASSERT_TRUE(gc_type_equal(ls, &gc_type_list_string));
    gc_type_free(ls);
    gc_type_free(a);
    gc_type_free(b);
    gc_type_free(&gc_type_string); /* static: ignored */
    gc_type_free(NULL);
}

GC_TEST_MAIN(GC_CASE(json_round_trips), GC_CASE(json_sorts_object_keys_and_tolerates_whitespace),
             GC_CASE(json_rejects_bad_forms), GC_CASE(json_rejects_deep_nesting), GC_CASE(builders_and_equality))
