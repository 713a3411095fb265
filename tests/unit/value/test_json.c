#include <stdlib.h>

#include "gc_test.h"
#include "value/gc_codec.h"

static struct gc_type *s_state_type(void)
{
    /* {id: string, asn: number, tags: map(string), cidrs: list(string), extra: dynamic, flag: bool} */
    struct gc_type *t = gc_type_new_object();
    gc_type_object_add(t, "id", &gc_type_string);
    gc_type_object_add(t, "asn", &gc_type_number);
    gc_type_object_add(t, "tags", &gc_type_map_string);
    gc_type_object_add(t, "cidrs", &gc_type_list_string);
    gc_type_object_add(t, "extra", &gc_type_dynamic);
    gc_type_object_add(t, "flag", &gc_type_bool);
    return t;
}

GC_TEST(raw_state_with_big_ints)
{
    struct gc_type *t = s_state_type();
    const char *json = "{\"id\":\"tgw-1\",\"asn\":99999999999999999999,\"tags\":{\"b\":\"2\",\"a\":\"1\"},"
                       "\"cidrs\":[\"10.0.0.0/16\"],\"extra\":{\"value\":[1,2.50],\"type\":[\"list\",\"number\"]}}";
    struct gc_value *v = NULL;
    struct gc_diags diags;
    struct gc_buf out;
    gc_diags_init(&diags);
    gc_buf_init(&out, 0);
    ASSERT_INT_EQ(gc_json_decode(t, gc_span_from_cstr(json), &v, &diags), 0);
    ASSERT_INT_EQ(diags.n, 0);
    ASSERT_STR_EQ(gc_value_object_get(v, "asn")->u.num, "99999999999999999999");
    ASSERT_STR_EQ(gc_value_get_string(v, "id"), "tgw-1");
    ASSERT_STR_EQ(gc_value_string(gc_value_map_get(gc_value_object_get(v, "tags"), "a")), "1");
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(v, "flag"))); /* missing -> null */
    const struct gc_value *extra = gc_value_object_get(v, "extra");
    ASSERT_INT_EQ(gc_value_length(extra), 2);
    ASSERT_STR_EQ(gc_value_index(extra, 1)->u.num, "2.5");
    ASSERT_INT_EQ(gc_json_encode(v, &out), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&out),
                  "{\"asn\":99999999999999999999,\"cidrs\":[\"10.0.0.0/16\"],\"extra\":{\"value\":[1,2.5],\"type\":"
                  "[\"list\",\"number\"]},\"flag\":null,\"id\":\"tgw-1\",\"tags\":{\"a\":\"1\",\"b\":\"2\"}}");

    /* the msgpack form of the same value round-trips too */
    struct gc_buf mp;
    struct gc_value *back = NULL;
    gc_buf_init(&mp, 0);
    ASSERT_INT_EQ(gc_msgpack_encode(v, &mp), 0);
    ASSERT_INT_EQ(gc_msgpack_decode(t, gc_buf_span(&mp), &back, &diags), 0);
    ASSERT_TRUE(gc_value_equal(v, back));
    gc_value_free(back);
    gc_buf_clean_up(&mp);

    gc_value_free(v);
    gc_buf_clean_up(&out);
    gc_type_free(t);
}

GC_TEST(scalar_conversions)
{
    static const struct {
        const char *json;
        const struct gc_type *type;
        const char *enc; /* re-encoded JSON */
    } cases[] = {
        {"0.1", &gc_type_number, "0.1"},
        {"-12.500e1", &gc_type_number, "-125"},
        {"\"42\"", &gc_type_number, "42"},
        {"1e-3", &gc_type_number, "0.001"},
        {"12", &gc_type_string, "\"12\""},
        {"true", &gc_type_string, "\"true\""},
        {"\"false\"", &gc_type_bool, "false"},
        {"\"a\\u00e9\\ud83d\\ude00\\n\\\"\"", &gc_type_string, "\"a\xc3\xa9\xf0\x9f\x98\x80\\n\\\"\""},
        {"  null ", &gc_type_dynamic, "null"},
        {"{\"value\":\"hi\",\"type\":\"string\"}", &gc_type_dynamic, "{\"value\":\"hi\",\"type\":\"string\"}"},
        {"[\"b\",\"a\",\"b\"]", &gc_type_set_string, "[\"b\",\"a\"]"},
        {"{}", &gc_type_map_string, "{}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_value *v = NULL;
        struct gc_diags diags;
        struct gc_buf out;
        gc_diags_init(&diags);
        gc_buf_init(&out, 0);
        printf("# case %zu: %s\n", i, cases[i].json);
        ASSERT_INT_EQ(gc_json_decode(cases[i].type, gc_span_from_cstr(cases[i].json), &v, &diags), 0);
        ASSERT_INT_EQ(gc_json_encode(v, &out), 0);
        ASSERT_STR_EQ(gc_buf_cstr(&out), cases[i].enc);
        gc_value_free(v);
        gc_buf_clean_up(&out);
    }
}

GC_TEST(decode_errors_carry_paths)
{
    struct gc_type *t = s_state_type();
    static const struct {
        const char *json;
        const char *detail;
        const char *path;
    } cases[] = {
        {"{\"nope\":1}", "unsupported attribute \"nope\"", ""},
        {"{\"cidrs\":[\"a\",{}]}", "string is required", "cidrs[1]"},
        {"{\"tags\":{\"k\":[]}}", "string is required", "tags[\"k\"]"},
        {"{\"asn\":\"x\"}", "number is required", "asn"},
        {"{\"flag\":1}", "bool is required", "flag"},
        {"{\"extra\":{\"value\":1}}", "needs both", "extra"},
        {"{\"extra\":{\"value\":1,\"type\":\"nope\"}}", "invalid type", "extra"},
        {"{\"extra\":{\"value\":1,\"type\":\"number\",\"x\":1}}", "invalid attribute", "extra"},
        {"[]", "JSON object is required", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_value *v = NULL;
        struct gc_diags diags;
        gc_diags_init(&diags);
        printf("# case %zu: %s\n", i, cases[i].json);
        ASSERT_INT_EQ(gc_json_decode(t, gc_span_from_cstr(cases[i].json), &v, &diags), -1);
        ASSERT_TRUE(v == NULL);
        ASSERT_INT_EQ(diags.n, 1);
        if (!strstr(diags.items[0].detail, cases[i].detail))
            printf("# detail: %s\n", diags.items[0].detail);
        ASSERT_TRUE(strstr(diags.items[0].detail, cases[i].detail) != NULL);
        char *path = gc_path_to_string(&diags.items[0].path);
        ASSERT_STR_EQ(path, cases[i].path);
        free(path);
        gc_diags_clean_up(&diags);
    }
    gc_type_free(t);
}

GC_TEST(syntax_errors)
{
    static const char *bad[] = {
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"abc", "\"\\x\"", "\"\\ud800\"", "\"\xff\"",
        "\"a\nb\"", "nul", "[1] 2", "{\"a\":1,}", "\"\\u12\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct gc_value *v = NULL;
        struct gc_diags diags;
        gc_diags_init(&diags);
        printf("# case %zu\n", i);
        ASSERT_INT_EQ(gc_json_decode(&gc_type_dynamic, gc_span_from_cstr(bad[i]), &v, &diags), -1);
        ASSERT_TRUE(gc_diags_has_error(&diags));
        gc_diags_clean_up(&diags);
    }
    /* nesting beyond the parser's limit */
    struct gc_buf deep;
    struct gc_value *v = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    gc_buf_init(&deep, 0);
    for (int i = 0; i < 5000; i++)
        gc_buf_append_byte(&deep, '[');
    ASSERT_INT_EQ(gc_json_decode(&gc_type_list_string, gc_buf_span(&deep), &v, &diags), -1);
    ASSERT_TRUE(strstr(diags.items[0].detail, "nested too deeply") != NULL);
    gc_diags_clean_up(&diags);
    gc_buf_clean_up(&deep);
}

GC_TEST(encode_refuses_unknown)
{
    struct gc_value *l = gc_value_new_collection(&gc_type_list_string);
    struct gc_buf out;
    gc_buf_init(&out, 0);
    gc_value_append(l, gc_value_new_string("a"));
    gc_value_append(l, gc_value_new_unknown(&gc_type_string));
    ASSERT_INT_EQ(gc_json_encode(l, &out), -1);
    ASSERT_INT_EQ(out.len, 0);
    gc_value_free(l);
    struct gc_value *inf = gc_value_new_number_text("Inf");
    ASSERT_INT_EQ(gc_json_encode(inf, &out), -1);
    gc_value_free(inf);
    /* a concrete value stored in a dynamic attribute is wrapped with its type */
    struct gc_type *t = gc_type_new_object();
    gc_type_object_add(t, "d", &gc_type_dynamic);
    struct gc_value *o = gc_value_new_object(t);
    gc_value_object_set(o, "d", gc_value_new_bool(true));
    ASSERT_INT_EQ(gc_json_encode(o, &out), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&out), "{\"d\":{\"value\":true,\"type\":\"bool\"}}");
    gc_buf_reset(&out);
    ASSERT_INT_EQ(gc_msgpack_encode(o, &out), 0);
    static const uint8_t want[] = {0x81, 0xa1, 'd', 0x92, 0xc4, 0x06, '"', 'b', 'o', 'o', 'l', '"', 0xc3};
    ASSERT_MEM_EQ(out.ptr, out.len, want, sizeof want);
    gc_value_free(o);
    gc_type_free(t);
    gc_buf_clean_up(&out);
}

/* Found by tests/fuzz (fuzz_msgpack, JSON mode): a number too long to accept was quoted in the error with "%.64s" from
 * the source text, which is not NUL-terminated there, so the message read past the end of the input (ASan: heap
 * overflow). Each input sits in a buffer of exactly its length. And a string "true\u0000x" was read as the bool
 * true (compared up to the NUL); only "true" and "false" are bools. */
GC_TEST(fuzz_found_unterminated_number_and_nul_bool)
{
    static const struct {
        const char *json;
        size_t len;
        const struct gc_type *type;
        int rc;
        const char *detail;
    } cases[] = {
        {"1e999999999999999999", 20, &gc_type_number, -1, "\"1e999999999999999999\" is not one"},
        {"{\"n\": 9.9e99999999990}", 22, NULL, -1, "is not one"},
        {"\"true\\u0000x\"", 13, &gc_type_bool, -1, "a bool is required"},
        {"\"false\"", 7, &gc_type_bool, 0, NULL},
    };
    struct gc_type *obj = gc_type_new_object();
    gc_type_object_add(obj, "n", &gc_type_number);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *exact = malloc(cases[i].len);
        memcpy(exact, cases[i].json, cases[i].len);
        struct gc_value *v = NULL;
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_json_decode(cases[i].type ? cases[i].type : obj, gc_span_from(exact, cases[i].len), &v, &diags);
        bool said = !cases[i].detail || (diags.n && diags.items[0].detail && strstr(diags.items[0].detail, cases[i].detail));
        if (!said)
            printf("# case %zu: %s\n", i, diags.n && diags.items[0].detail ? diags.items[0].detail : "(none)");
        gc_value_free(v);
        gc_diags_clean_up(&diags);
        free(exact);
        ASSERT_INT_EQ(rc, cases[i].rc);
        ASSERT_TRUE(said);
    }
    gc_type_free(obj);
}

GC_TEST_MAIN(GC_CASE(raw_state_with_big_ints), GC_CASE(scalar_conversions), GC_CASE(decode_errors_carry_paths),
             GC_CASE(syntax_errors), GC_CASE(encode_refuses_unknown),
             GC_CASE(fuzz_found_unterminated_number_and_nul_bool))
