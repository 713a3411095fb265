/* libFuzzer: the cty codecs of provider/value. The first byte picks the type (every schema type the provider serves,
 * plus dynamic and a few collections) and the codec (msgpack or JSON); the rest is the encoded value. A value that
 * decodes must encode, and decode again to an equal value (a round trip that loses or changes data is a bug). */
#include "framework/gc_resource.h"
#include "fuzz_util.h"
#include "value/gc_codec.h"

static const struct gc_type *s_types[64];
static size_t s_n_types;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (gc_registry_prepare() != 0)
        abort();
    s_types[s_n_types++] = gc_provider_definition.block->type;
    for (size_t i = 0; i < gc_n_resource_defs && s_n_types < 60; i++)
        s_types[s_n_types++] = gc_resource_defs[i]->block->type;
    for (size_t i = 0; i < gc_n_data_source_defs && s_n_types < 60; i++)
        s_types[s_n_types++] = gc_data_source_defs[i]->block->type;
    s_types[s_n_types++] = &gc_type_dynamic;
    s_types[s_n_types++] = &gc_type_map_string;
    s_types[s_n_types++] = &gc_type_set_string;
    s_types[s_n_types++] = &gc_type_list_string;
    return 0;
}

static void s_round_trip(const struct gc_type *t, const struct gc_value *v, bool json)
{
    struct gc_buf enc;
    struct gc_value *again = NULL;
    struct gc_diags diags;
    gc_buf_init(&enc, 64u << 20);
    gc_diags_init(&diags);
    int rc = json ? gc_json_encode(v, &enc) : gc_msgpack_encode(v, &enc);
    if (rc == 0) {
        /* JSON cannot carry unknowns (encode fails on them); msgpack carries everything */
        int back = json ? gc_json_decode(t, gc_buf_span(&enc), &again, &diags)
                        : gc_msgpack_decode(t, gc_buf_span(&enc), &again, &diags);
        FUZZ_CHECK(back == 0);
        FUZZ_CHECK(gc_value_equal(v, again));
    } else {
        FUZZ_CHECK(json); /* a decoded value always encodes to msgpack */
    }
    gc_value_free(again);
    gc_diags_clean_up(&diags);
    gc_buf_clean_up(&enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const struct gc_type *t = s_types[(data[0] & 0x7f) % s_n_types];
    bool json = data[0] & 0x80;
    struct gc_span in = gc_span_from(data + 1, size - 1);
    struct gc_value *v = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = json ? gc_json_decode(t, in, &v, &diags) : gc_msgpack_decode(t, in, &v, &diags);
    if (rc == 0) {
        FUZZ_CHECK(v != NULL);
        s_round_trip(t, v, json);
    } else {
        FUZZ_CHECK(gc_diags_has_error(&diags)); /* malformed input gives -1 and says why */
    }
    gc_value_free(v);
    gc_diags_clean_up(&diags);
    return 0;
}
