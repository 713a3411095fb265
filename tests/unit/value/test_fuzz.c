/* Fuzz smoke test without libFuzzer: pseudo-random mutations of a valid encoding, decoded against the
 * object type. Nothing may crash or leak (run under ASan), and every outcome must be consistent. */
#include <stdlib.h>

#include "gc_test.h"
#include "value/gc_codec.h"

static uint32_t g_seed = 0x9e3779b9u;

static uint32_t s_rand(void)
{
    g_seed ^= g_seed << 13;
    g_seed ^= g_seed >> 17;
    g_seed ^= g_seed << 5;
    return g_seed;
}

GC_TEST(mutations_of_valid_object)
{
    struct gc_type *t = gc_type_new_object();
    gc_type_object_add(t, "name", &gc_type_string);
    gc_type_object_add(t, "n", &gc_type_number);
    gc_type_object_add(t, "tags", &gc_type_map_string);
    gc_type_object_add(t, "ids", &gc_type_set_string);
    gc_type_object_add(t, "any", &gc_type_dynamic);
    gc_type_object_add(t, "rules", gc_type_new_list(gc_type_copy(t)));

    struct gc_value *v = gc_value_new_object(t);
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    gc_value_map_put(tags, "Name", gc_value_new_string("gcnet"));
    gc_value_object_set(v, "tags", tags);
    const char *ids[] = {"a", "b", "c"};
    gc_value_object_set(v, "ids", gc_value_new_string_list(&gc_type_set_string, ids, 3));
    gc_value_object_set(v, "n", gc_value_new_number_text("123456789012345678901234567890.5"));
    gc_value_object_set(v, "any", gc_value_new_dynamic(gc_value_new_int(7), (struct gc_type *)&gc_type_number));
    gc_value_set_string(v, "name", "x");
    struct gc_value *unknown = gc_value_new_unknown(&gc_type_string);
    unknown->refined_not_null = true;
    struct gc_value *rules = gc_value_new_collection(gc_type_object_attr(t, "rules"));
    struct gc_value *rule = gc_value_new_object(gc_type_object_attr(t, "rules")->elem);
    gc_value_object_set(rule, "name", unknown);
    gc_value_append(rules, rule);
    gc_value_object_set(v, "rules", rules);

    struct gc_buf enc;
    gc_buf_init(&enc, 0);
    ASSERT_INT_EQ(gc_msgpack_encode(v, &enc), 0);
    struct gc_value *back = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    ASSERT_INT_EQ(gc_msgpack_decode(t, gc_buf_span(&enc), &back, &diags), 0);
    ASSERT_TRUE(gc_value_equal(v, back));
    gc_value_free(back);

    int ok = 0, failed = 0;
    uint8_t *buf = malloc(enc.len + 16);
    for (int iter = 0; iter < 2000; iter++) {
        size_t n = enc.len;
        memcpy(buf, enc.ptr, n);
        int muts = 1 + (int)(s_rand() % 4);
        for (int m = 0; m < muts; m++) {
            uint32_t r = s_rand();
            size_t at = n ? r % n : 0;
            switch ((r >> 24) % 4) {
            case 0: /* flip a byte */
                if (n)
                    buf[at] = (uint8_t)s_rand();
                break;
            case 1: /* truncate */
                n = at;
                break;
            case 2: /* insert a byte */
                if (n < enc.len + 16) {
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = (uint8_t)s_rand();
                    n++;
                }
                break;
            default: /* set an interesting byte */
                if (n) {
                    static const uint8_t hot[] = {0xc0, 0xc1, 0xd4, 0xc7, 0xdd, 0xdf, 0x9f, 0x8f, 0xff, 0x00};
                    buf[at] = hot[s_rand() % sizeof hot];
                }
                break;
            }
        }
        struct gc_value *out = NULL;
        struct gc_diags d;
        gc_diags_init(&d);
        int rc = gc_msgpack_decode(t, gc_span_from(buf, n), &out, &d);
        if (rc == 0) {
            ok++;
            ASSERT_TRUE(out != NULL && d.n == 0);
            struct gc_buf again;
            gc_buf_init(&again, 0);
            gc_msgpack_encode(out, &again);
            gc_buf_clean_up(&again);
        } else {
            failed++;
            ASSERT_TRUE(out == NULL && gc_diags_has_error(&d));
        }
        gc_value_free(out);
        gc_diags_clean_up(&d);
    }
    printf("# decoded %d, rejected %d\n", ok, failed);
    ASSERT_TRUE(failed > 1000);
    free(buf);
    gc_buf_clean_up(&enc);
    gc_value_free(v);
    gc_type_free(t);
}

GC_TEST_MAIN(GC_CASE(mutations_of_valid_object))
