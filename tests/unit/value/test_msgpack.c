#include <stdlib.h>

#include "gc_test.h"
#include "value/gc_codec.h"

/* "c7 03 0c" -> bytes; returns the length. */
static size_t s_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*hex && n < cap) {
        if (*hex == ' ') {
            hex++;
            continue;
        }
        unsigned v = 0;
        sscanf(hex, "%2x", &v);
        out[n++] = (uint8_t)v;
        hex += 2;
    }
    return n;
}

static struct gc_type *g_obj;  /* {list: list(string), n: number, o: object({b: bool})} */
static struct gc_type *g_list_num;

static void s_types(void)
{
    if (g_obj)
        return;
    struct gc_type *inner = gc_type_new_object();
    gc_type_object_add(inner, "b", &gc_type_bool);
    g_obj = gc_type_new_object();
    gc_type_object_add(g_obj, "o", inner);
    gc_type_object_add(g_obj, "n", &gc_type_number);
    gc_type_object_add(g_obj, "list", &gc_type_list_string);
    g_list_num = gc_type_new_list(&gc_type_number);
}

static struct gc_value *s_refined(const struct gc_type *t)
{
    struct gc_value *v = gc_value_new_unknown(t);
    v->refined_not_null = true;
    return v;
}

static struct gc_value *s_dyn_hi(void)
{
    return gc_value_new_dynamic(gc_value_new_string("hi"), (struct gc_type *)&gc_type_string);
}

static struct gc_value *s_set_ab(void)
{
    const char *items[] = {"a", "b"};
    return gc_value_new_string_list(&gc_type_set_string, items, 2);
}

static struct gc_value *s_map_ab(void)
{
    struct gc_value *m = gc_value_new_collection(&gc_type_map_string);
    gc_value_map_put(m, "b", gc_value_new_string("y"));
    gc_value_map_put(m, "a", gc_value_new_string("x"));
    return m;
}

static struct gc_value *s_nested(void)
{
    s_types();
    struct gc_value *o = gc_value_new_object(g_obj);
    const char *items[] = {"a"};
    gc_value_object_set(o, "list", gc_value_new_string_list(&gc_type_list_string, items, 1));
    gc_value_set_int64(o, "n", 1);
    return o;
}

static struct gc_value *s_nested_refined(void)
{
    struct gc_value *o = s_nested();
    gc_value_object_set(o, "o", s_refined(g_obj->attrs[2].type));
    return o;
}

static struct gc_value *s_nums(void)
{
    s_types();
    struct gc_value *l = gc_value_new_collection(g_list_num);
    gc_value_append(l, gc_value_new_int(42));
    gc_value_append(l, gc_value_new_int(-1));
    gc_value_append(l, gc_value_new_number_text("1.5"));
    gc_value_append(l, gc_value_new_number_text("0.1"));
    gc_value_append(l, gc_value_new_number_text("99999999999999999999"));
    gc_value_append(l, gc_value_new_int(200));
    return l;
}

static struct gc_value *s_unknown_str(void) { return gc_value_new_unknown(&gc_type_string); }
static struct gc_value *s_refined_str(void) { return s_refined(&gc_type_string); }
static struct gc_value *s_refined_dyn(void) { return s_refined(&gc_type_dynamic); }
static struct gc_value *s_null_str(void) { return gc_value_new_null(&gc_type_string); }
static struct gc_value *s_true(void) { return gc_value_new_bool(true); }
static struct gc_value *s_big(void) { return gc_value_new_number_text("99999999999999999999"); }
static struct gc_value *s_hi(void) { return gc_value_new_string("hi"); }

GC_TEST(round_trips_byte_exact)
{
    static const struct {
        const char *name;
        struct gc_value *(*make)(void);
        const char *hex;
    } cases[] = {
        {"unknown", s_unknown_str, "d4 00 00"},
        {"refined string not null", s_refined_str, "c7 03 0c 81 01 c2"},
        {"dynamic never refined", s_refined_dyn, "d4 00 00"},
        {"null", s_null_str, "c0"},
        {"true", s_true, "c3"},
        {"string", s_hi, "a2 68 69"},
        {"dynamic hi", s_dyn_hi, "92 c4 08 22 73 74 72 69 6e 67 22 a2 68 69"},
        {"big number as str", s_big, "b4 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39"},
        {"numbers", s_nums,
         "96 2a ff cb 3f f8 00 00 00 00 00 00 a3 30 2e 31 b4 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 39 "
         "39 39 cc c8"},
        {"set", s_set_ab, "92 a1 61 a1 62"},
        {"map sorted", s_map_ab, "82 a1 61 a1 78 a1 62 a1 79"},
        {"nested object", s_nested, "83 a4 6c 69 73 74 91 a1 61 a1 6e 01 a1 6f c0"},
        {"nested refined", s_nested_refined, "83 a4 6c 69 73 74 91 a1 61 a1 6e 01 a1 6f c7 03 0c 81 01 c2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t want[256];
        size_t wlen = s_hex(cases[i].hex, want, sizeof want);
        struct gc_value *v = cases[i].make();
        struct gc_value *back = NULL;
        struct gc_buf out, again;
        struct gc_diags diags;
        gc_buf_init(&out, 0);
        gc_buf_init(&again, 0);
        gc_diags_init(&diags);
        printf("# %s\n", cases[i].name);
        ASSERT_TRUE(v != NULL);
        ASSERT_INT_EQ(gc_msgpack_encode(v, &out), 0);
        ASSERT_MEM_EQ(out.ptr, out.len, want, wlen);
        ASSERT_INT_EQ(gc_msgpack_decode(v->type, gc_buf_span(&out), &back, &diags), 0);
        ASSERT_INT_EQ(diags.n, 0);
        ASSERT_TRUE(gc_value_equal(v, back));
        ASSERT_INT_EQ(back->refined_not_null, v->refined_not_null && v->type->kind != GC_TYPE_DYNAMIC);
        ASSERT_INT_EQ(gc_msgpack_encode(back, &again), 0);
        ASSERT_MEM_EQ(again.ptr, again.len, want, wlen);
        gc_value_free(v);
        gc_value_free(back);
        gc_buf_clean_up(&out);
        gc_buf_clean_up(&again);
        gc_diags_clean_up(&diags);
    }
}

/* Inputs only a peer produces: decode, then check the value. */
GC_TEST(decode_accepted_forms)
{
    static const struct {
        const char *hex;
        const struct gc_type *type;
        const char *num;       /* expected number text, or NULL */
        int state;             /* enum gc_value_state */
        int not_null;
    } cases[] = {
        {"c7 00 00", &gc_type_string, NULL, GC_VALUE_UNKNOWN, 0},
        {"d4 05 00", &gc_type_number, NULL, GC_VALUE_UNKNOWN, 0},
        {"c7 03 05 81 01 c2", &gc_type_string, NULL, GC_VALUE_UNKNOWN, 0}, /* payload read only for type 12 */
        {"c7 06 0c 82 02 a1 61 01 c2", &gc_type_string, NULL, GC_VALUE_UNKNOWN, 1},
        {"c7 06 0c 82 02 a1 61 01 c3", &gc_type_string, NULL, GC_VALUE_UNKNOWN, 0},
        {"c7 07 0c 83 05 01 01 c2 06 03", &gc_type_list_string, NULL, GC_VALUE_UNKNOWN, 1},
        {"ca 3f c0 00 00", &gc_type_number, "1.5", GC_VALUE_KNOWN, 0},
        {"cb 7f f0 00 00 00 00 00 00", &gc_type_number, "Inf", GC_VALUE_KNOWN, 0},
        {"cf ff ff ff ff ff ff ff ff", &gc_type_number, "18446744073709551615", GC_VALUE_KNOWN, 0},
        {"d3 80 00 00 00 00 00 00 00", &gc_type_number, "-9223372036854775808", GC_VALUE_KNOWN, 0},
        {"a5 31 2e 35 65 32", &gc_type_number, "150", GC_VALUE_KNOWN, 0},
        {"", &gc_type_string, NULL, GC_VALUE_NULL, 0},
        {"c0", &gc_type_dynamic, NULL, GC_VALUE_NULL, 0},
        {"92 c4 08 22 73 74 72 69 6e 67 22 c0", &gc_type_dynamic, NULL, GC_VALUE_NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t in[64];
        size_t n = s_hex(cases[i].hex, in, sizeof in);
        struct gc_value *v = NULL;
        struct gc_diags diags;
        gc_diags_init(&diags);
        printf("# case %zu: %s\n", i, cases[i].hex);
        ASSERT_INT_EQ(gc_msgpack_decode(cases[i].type, gc_span_from(in, n), &v, &diags), 0);
        ASSERT_INT_EQ(diags.n, 0);
        ASSERT_INT_EQ(v->state, cases[i].state);
        ASSERT_INT_EQ(v->refined_not_null, cases[i].not_null);
        if (cases[i].num)
            ASSERT_STR_EQ(v->u.num, cases[i].num);
        gc_value_free(v);
    }
    /* the number written as str comes back as str when float64 cannot hold it exactly */
    uint8_t in[] = {0xa3, '0', '.', '1'};
    struct gc_value *v = NULL;
    struct gc_diags diags;
    struct gc_buf out;
    gc_diags_init(&diags);
    gc_buf_init(&out, 0);
    ASSERT_INT_EQ(gc_msgpack_decode(&gc_type_number, gc_span_from(in, sizeof in), &v, &diags), 0);
    ASSERT_INT_EQ(gc_msgpack_encode(v, &out), 0);
    ASSERT_MEM_EQ(out.ptr, out.len, in, sizeof in);
    gc_value_free(v);
    gc_buf_clean_up(&out);
}

/* Found by tests/fuzz (fuzz_msgpack, input 29 81 a0 22): msgpack-c gives an empty string a NULL pointer, and the
 * NUL check of map keys handed it to memchr, which UBSan reports (nonnull argument). An empty key is a valid map key;
 * the same map with a number where a string belongs is refused with a diagnostic. */
GC_TEST(fuzz_found_empty_map_key)
{
    static const struct {
        const char *hex;
        int rc;
    } cases[] = {{"81 a0 a1 78", 0}, {"81 a0 22", -1}, {"82 a0 a0 a1 6b a1 76", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t in[16];
        size_t n = s_hex(cases[i].hex, in, sizeof in);
        struct gc_value *v = NULL;
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_msgpack_decode(&gc_type_map_string, gc_span_from(in, n), &v, &diags);
        const struct gc_value *empty = rc == 0 ? gc_value_map_get(v, "") : NULL;
        bool has_error = gc_diags_has_error(&diags);
        gc_value_free(v);
        gc_diags_clean_up(&diags);
        ASSERT_INT_EQ(rc, cases[i].rc);
        ASSERT_TRUE(cases[i].rc == 0 ? empty != NULL : has_error);
    }
}

GC_TEST(decode_rejects_malformed)
{
    s_types();
    static const struct {
        const char *name;
        const char *hex;
        int which;            /* 0 string, 1 object, 2 list(number), 3 dynamic, 4 map(string) */
        const char *detail;   /* substring expected in the diagnostic detail */
        const char *path;     /* expected path, "" for root */
    } cases[] = {
        {"truncated", "92 a1 61", 2, "truncated", ""},
        {"trailing", "c0 c0", 0, "unexpected bytes", ""},
        {"wrong type", "01", 0, "string is required", ""},
        {"bad msgpack byte", "c1", 0, "malformed", ""},
        {"missing attr", "82 a4 6c 69 73 74 c0 a1 6e c0", 1, "3 attributes is required (2 given)", ""},
        {"extra attr", "84 a4 6c 69 73 74 c0 a1 6e c0 a1 6f c0 a1 78 c0", 1, "unsupported attribute \"x\"", ""},
        {"duplicate attr", "83 a1 6e c0 a1 6e c0 a1 6f c0", 1, "duplicate attribute", ""},
        {"zero-length map is not all-null", "80", 1, "(0 given)", ""},
        {"nested bad elem", "83 a4 6c 69 73 74 92 a1 61 05 a1 6e c0 a1 6f c0", 1, "string is required", "list[1]"},
        {"nested bad bool", "83 a4 6c 69 73 74 c0 a1 6e c0 a1 6f 81 a1 62 a1 78", 1, "bool is required", "o.b"},
        {"bad number str", "91 a3 61 62 63", 2, "not a decimal", "[0]"},
        {"NaN", "91 cb 7f f8 00 00 00 00 00 00", 2, "NaN", "[0]"},
        {"map key not str", "81 01 a1 61", 4, "must be strings", ""},
        {"map elem", "81 a1 6b 01", 4, "string is required", "[\"k\"]"},
        {"dynamic not array", "a2 68 69", 3, "2-element array", ""},
        {"dynamic bad type json", "92 c4 03 22 78 22 a2 68 69", 3, "invalid type", ""},
        {"dynamic type mismatch", "92 c4 08 22 6e 75 6d 62 65 72 22 a2 68 69", 3, "not a decimal", ""},
        {"huge array claim", "dd ff ff ff ff c0", 2, "more elements than there are bytes", ""},
        {"huge map claim", "df 7f ff ff ff", 4, "more elements than there are bytes", ""},
        {"huge str claim", "db ff ff ff ff 61", 0, "truncated", ""},
        {"refinement not a map", "c7 02 0c 01 02", 0, "invalid unknown value refinement", ""},
        {"refinement trailing", "c7 04 0c 81 01 c2 c0", 0, "invalid unknown value refinement", ""},
        {"nullness not bool", "c7 03 0c 81 01 01", 0, "nullness", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct gc_type *types[] = {&gc_type_string, g_obj, g_list_num, &gc_type_dynamic,
                                         &gc_type_map_string};
        uint8_t in[128];
        size_t n = s_hex(cases[i].hex, in, sizeof in);
        struct gc_value *v = (struct gc_value *)1;
        struct gc_diags diags;
        gc_diags_init(&diags);
        printf("# %s\n", cases[i].name);
        ASSERT_INT_EQ(gc_msgpack_decode(types[cases[i].which], gc_span_from(in, n), &v, &diags), -1);
        ASSERT_TRUE(v == NULL);
        ASSERT_INT_EQ(diags.n, 1);
        ASSERT_TRUE(diags.items[0].detail != NULL);
        if (!strstr(diags.items[0].detail, cases[i].detail))
            printf("# detail: %s\n", diags.items[0].detail);
        ASSERT_TRUE(strstr(diags.items[0].detail, cases[i].detail) != NULL);
        char *path = gc_path_to_string(&diags.items[0].path);
        ASSERT_STR_EQ(path, cases[i].path);
        free(path);
        gc_diags_clean_up(&diags);
    }
}

GC_TEST(decode_deep_nesting_and_oversize_ext)
{
    uint8_t in[2048];
    struct gc_diags diags;
    struct gc_value *v = NULL;
    gc_diags_init(&diags);
    memset(in, 0x91, 100);
    in[100] = 0xc0;
    ASSERT_INT_EQ(gc_msgpack_decode(&gc_type_list_string, gc_span_from(in, 101), &v, &diags), -1);
    ASSERT_INT_EQ(diags.n, 1);
    ASSERT_STR_EQ(diags.items[0].detail, "value nested too deeply");
    gc_diags_clean_up(&diags);

    /* ext16 of 1025 bytes, type 12 */
    in[0] = 0xc8;
    in[1] = 0x04;
    in[2] = 0x01;
    in[3] = 0x0c;
    memset(in + 4, 0xc0, 1025);
    ASSERT_INT_EQ(gc_msgpack_decode(&gc_type_string, gc_span_from(in, 4 + 1025), &v, &diags), -1);
    ASSERT_TRUE(strstr(diags.items[0].detail, "oversize") != NULL);
    gc_diags_clean_up(&diags);
}

GC_TEST(random_buffers_do_not_crash)
{
    uint32_t seed = 12345;
    s_types();
    const struct gc_type *types[] = {&gc_type_string, g_obj, g_list_num, &gc_type_dynamic, &gc_type_map_string,
                                     &gc_type_set_string};
    int decoded = 0;
    for (int iter = 0; iter < 3000; iter++) {
        uint8_t buf[64];
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (uint8_t)(seed >> 16);
        }
        struct gc_value *v = NULL;
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_msgpack_decode(types[iter % 6], gc_span_from(buf, n), &v, &diags);
        ASSERT_TRUE(rc == 0 ? v != NULL && diags.n == 0 : v == NULL && gc_diags_has_error(&diags));
        decoded += rc == 0;
        gc_value_free(v);
        gc_diags_clean_up(&diags);
    }
    ASSERT_TRUE(decoded > 0); /* the empty and nil buffers at least */
}

GC_TEST(encode_rejects_inconsistent_values)
{
    s_types();
    struct gc_buf out;
    gc_buf_init(&out, 4);
    struct gc_value *s = gc_value_new_string("far too long for a 4-byte cap");
    ASSERT_INT_EQ(gc_msgpack_encode(s, &out), -1);
    ASSERT_INT_EQ(out.len, 0);
    gc_value_free(s);
    gc_buf_clean_up(&out);
}

/* The shared types live for the whole run and are freed once after it (ASan's leak check covers them). */
int main(void)
{
    static const struct gc_test_case cases[] = {
        GC_CASE(round_trips_byte_exact),          GC_CASE(decode_accepted_forms),
        GC_CASE(decode_rejects_malformed),        GC_CASE(decode_deep_nesting_and_oversize_ext),
        GC_CASE(random_buffers_do_not_crash),     GC_CASE(encode_rejects_inconsistent_values),
        GC_CASE(fuzz_found_empty_map_key),
    };
    int result = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    gc_type_free(g_obj);
    gc_type_free(g_list_num);
    return result;
}
