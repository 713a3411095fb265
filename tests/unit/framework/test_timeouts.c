/* framework/gc_timeouts: the shared block has create/delete/update in schema order, descriptions that name
 * each default, duration validation, and a config-only nested entry; it prepares like any block. */
#include "framework/gc_timeouts.h"
#include "gc_test.h"

GC_TIMEOUTS_BLOCK(s_default_block, "30m", "30m", "30m");
GC_TIMEOUTS_BLOCK(s_mixed_block, "10m", "20m", "1h");
GC_TIMEOUTS_MINUTES(s_minutes_block, 45);
static const struct gc_nested_def s_nested[] = {GC_TIMEOUTS_NESTED(s_mixed_block)};
static const struct gc_attr_def s_res_attrs[] = {
    {"id", &gc_type_string, GC_ATTR_COMPUTED, "ID.", NULL, NULL},
    {"name", &gc_type_string, GC_ATTR_REQUIRED, "Name.", NULL, NULL},
};
GC_RESOURCE_BLOCK(s_res_block, s_res_attrs, s_mixed_block, "A resource.");

GC_TEST(block_text)
{
    static const struct {
        const struct gc_block_def *block;
        const char *name, *description;
    } cases[] = {
        {&s_default_block, "create", "How long a create may take (default 30m)."},
        {&s_default_block, "delete", "How long a delete may take (default 30m)."},
        {&s_default_block, "update", "How long an update may take (default 30m)."},
        {&s_mixed_block, "create", "How long a create may take (default 10m)."},
        {&s_mixed_block, "update", "How long an update may take (default 20m)."},
        {&s_mixed_block, "delete", "How long a delete may take (default 1h)."},
        {&s_minutes_block, "create", "How long a create may take (default 45m)."},
        {&s_minutes_block, "update", "How long an update may take (default 45m)."},
        {&s_minutes_block, "delete", "How long a delete may take (default 45m)."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct gc_attr_def *a = gc_block_attr(cases[i].block, cases[i].name);
        ASSERT_TRUE(a != NULL);
        ASSERT_STR_EQ(a->description, cases[i].description);
        ASSERT_TRUE(a->flags == GC_ATTR_OPTIONAL);
        ASSERT_TRUE(a->validate == gc_validate_duration);
        ASSERT_TRUE(a->type == &gc_type_string);
    }
    ASSERT_INT_EQ(s_default_block.n_attrs, 3);
    ASSERT_STR_EQ(s_default_block.attrs[0].name, "create"); /* schema order */
    ASSERT_STR_EQ(s_default_block.attrs[1].name, "delete");
    ASSERT_STR_EQ(s_default_block.attrs[2].name, "update");
    ASSERT_STR_EQ(s_default_block.description, "Operation timeouts.");
}

GC_TEST(nested_entry_and_prepare)
{
    ASSERT_STR_EQ(s_nested[0].name, "timeouts");
    ASSERT_INT_EQ(s_nested[0].nesting, GC_NEST_SINGLE);
    ASSERT_TRUE(s_nested[0].flags == GC_ATTR_CONFIG_ONLY);
    ASSERT_TRUE(s_nested[0].block == &s_mixed_block);
    ASSERT_INT_EQ(gc_schema_prepare(&s_mixed_block), 0);
    ASSERT_TRUE(s_mixed_block.type != NULL);
    struct gc_value *v = gc_value_new_object(s_mixed_block.type);
    struct gc_diags diags;
    gc_diags_init(&diags);
    gc_value_set_string(v, "create", "90s");
    int rc_ok = gc_schema_validate(&s_mixed_block, v, &diags);
    gc_value_set_string(v, "delete", "soon");
    int rc_bad = gc_schema_validate(&s_mixed_block, v, &diags);
    bool error = gc_diags_has_error(&diags);
    gc_diags_clean_up(&diags);
    gc_value_free(v);
    ASSERT_INT_EQ(rc_ok, 0);
    ASSERT_TRUE(rc_bad != 0);
    ASSERT_TRUE(error);
}

GC_TEST(resource_block)
{
    ASSERT_TRUE(s_res_block.attrs == s_res_attrs);
    ASSERT_INT_EQ(s_res_block.n_attrs, 2);
    ASSERT_INT_EQ(s_res_block.n_blocks, 1);
    ASSERT_STR_EQ(s_res_block.blocks[0].name, "timeouts");
    ASSERT_TRUE(s_res_block.blocks[0].flags == GC_ATTR_CONFIG_ONLY);
    ASSERT_TRUE(s_res_block.blocks[0].block == &s_mixed_block);
    ASSERT_STR_EQ(s_res_block.description, "A resource.");
    ASSERT_INT_EQ(gc_schema_prepare(&s_res_block), 0);
    ASSERT_TRUE(s_res_block.type != NULL);
    ASSERT_TRUE(gc_block_attr(&s_res_block, "name") == &s_res_attrs[1]);
}

/* GC_TIMEOUTS_MINUTES's number is also the seconds GC_RESOURCE_DEFINE applies. */
GC_TEST(minutes_constant)
{
    ASSERT_INT_EQ(s_minutes_block_default_s, 2700);
}

GC_TEST_MAIN(GC_CASE(minutes_constant), GC_CASE(block_text), GC_CASE(nested_entry_and_prepare), GC_CASE(resource_block))
