/* framework/gc_attrmap: documents (jansson, built here) to state values and planned values to input documents,
 * for every kind; missing, null and wrong-typed fields; clashing paths; a round trip. */
#include <stdlib.h>

#include "base/gc_doc.h"
#include "framework/gc_attrmap.h"
#include "framework/gc_schema.h"
#include "gc_test.h"

static const struct gc_attr_def s_attrs[] = {
    {"enabled", &gc_type_bool, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"id", &gc_type_string, GC_ATTR_COMPUTED, "", NULL, NULL},
    {"labels", &gc_type_map_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"name", &gc_type_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"principals", &gc_type_set_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"secret", &gc_type_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"size", &gc_type_number, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"zones", &gc_type_list_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
};
static struct gc_block_def s_block = {s_attrs, 9, NULL, 0, "", NULL};

static const struct gc_attrmap_entry s_map[] = {
    {"id", "Thing.Id", GC_ATTRMAP_STRING, GC_ATTRMAP_OUT_ONLY},
    {"name", "Thing.Name", GC_ATTRMAP_STRING, 0},
    {"size", "Thing.Config.Size", GC_ATTRMAP_INT, 0},
    {"enabled", "Thing.Config.Enabled", GC_ATTRMAP_BOOL, 0},
    {"zones", "Thing.Zones", GC_ATTRMAP_STRING_LIST, 0},
    {"principals", "Thing.Principals", GC_ATTRMAP_STRING_LIST, 0},
    {"labels", "Thing.Labels", GC_ATTRMAP_STRING_MAP, 0},
    {"tags", "Thing.Tags", GC_ATTRMAP_TAG_LIST, 0},
    {"secret", "Thing.Secret", GC_ATTRMAP_STRING, GC_ATTRMAP_IN_ONLY},
};
#define S_N (sizeof s_map / sizeof s_map[0])

static const char *const s_full =
    "{\"Thing\": {\"Id\": \"t-1\", \"Name\": \"hub\", \"Config\": {\"Size\": 42, \"Enabled\": true},"
    " \"Zones\": [\"a\", \"c\"], \"Principals\": [\"111\", \"222\"], \"Labels\": {\"k\": \"v\"},"
    " \"Tags\": [{\"Key\": \"env\", \"Value\": \"prod\"}], \"Secret\": \"never read\", \"Extra\": 1}}";

static struct gc_value *s_state(void)
{
    if (!s_block.type && gc_schema_prepare(&s_block) != 0)
        return NULL;
    struct gc_value *v = gc_value_new_object(s_block.type);
    gc_value_set_string(v, "secret", "kept");
    return v;
}

GC_TEST(to_state_every_kind)
{
    json_t *doc = json_loads(s_full, 0, NULL);
    struct gc_value *st = s_state();
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_attrmap_to_state(st, doc, s_map, S_N, &diags);
    int64_t size = 0;
    bool enabled = false;
    int rc_size = gc_value_get_int64(st, "size", &size);
    int rc_en = gc_value_get_bool(st, "enabled", &enabled);
    const struct gc_value *zones = gc_value_object_get(st, "zones");
    const struct gc_value *principals = gc_value_object_get(st, "principals");
    bool zones_ok = gc_value_length(zones) == 2 && strcmp(gc_value_string(gc_value_index(zones, 1)), "c") == 0 &&
                    zones->type->kind == GC_TYPE_LIST;
    bool principals_set = principals->type->kind == GC_TYPE_SET && gc_value_length(principals) == 2;
    const char *label = gc_value_string(gc_value_map_get(gc_value_object_get(st, "labels"), "k"));
    const char *env = gc_value_string(gc_value_map_get(gc_value_object_get(st, "tags"), "env"));
    bool strings = strcmp(gc_value_get_string(st, "id"), "t-1") == 0 &&
                   strcmp(gc_value_get_string(st, "name"), "hub") == 0 && label && strcmp(label, "v") == 0 && env &&
                   strcmp(env, "prod") == 0 && strcmp(gc_value_get_string(st, "secret"), "kept") == 0;
    size_t n_diags = diags.n;
    gc_diags_clean_up(&diags);
    gc_value_free(st);
    json_decref(doc);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n_diags, 0);
    ASSERT_INT_EQ(rc_size, 0);
    ASSERT_INT_EQ(size, 42);
    ASSERT_INT_EQ(rc_en, 0);
    ASSERT_TRUE(enabled);
    ASSERT_TRUE(zones_ok);
    ASSERT_TRUE(principals_set);
    ASSERT_TRUE(strings);
}

GC_TEST(to_state_missing_and_null_fields)
{
    static const char *const docs[] = {"{}", "{\"Thing\": null}", "{\"Thing\": \"flat\"}",
                                       "{\"Thing\": {\"Id\": null, \"Config\": null, \"Tags\": null}}"};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        json_t *doc = json_loads(docs[i], 0, NULL);
        struct gc_value *st = s_state();
        gc_value_set_string(st, "name", "stale");
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_attrmap_to_state(st, doc, s_map, S_N, &diags);
        bool nulls = gc_value_is_null(gc_value_object_get(st, "id")) &&
                     gc_value_is_null(gc_value_object_get(st, "name")) &&
                     gc_value_is_null(gc_value_object_get(st, "size")) &&
                     gc_value_is_null(gc_value_object_get(st, "tags")) &&
                     gc_value_is_null(gc_value_object_get(st, "zones"));
        size_t n_diags = diags.n;
        gc_diags_clean_up(&diags);
        gc_value_free(st);
        json_decref(doc);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_INT_EQ(n_diags, 0);
        ASSERT_TRUE(nulls);
    }
}

GC_TEST(to_state_wrong_types)
{
    static const struct {
        const char *doc, *attr;
        bool ok;
    } cases[] = {
        {"{\"Thing\": {\"Name\": 7}}", "name", false},
        {"{\"Thing\": {\"Config\": {\"Size\": \"12x\"}}}", "size", false},
        {"{\"Thing\": {\"Config\": {\"Size\": 1.5}}}", "size", false},
        {"{\"Thing\": {\"Config\": {\"Size\": \"12\"}}}", "size", true}, /* XML answers carry text */
        {"{\"Thing\": {\"Config\": {\"Enabled\": \"yes\"}}}", "enabled", false},
        {"{\"Thing\": {\"Config\": {\"Enabled\": \"false\"}}}", "enabled", true},
        {"{\"Thing\": {\"Zones\": \"a\"}}", "zones", false},
        {"{\"Thing\": {\"Zones\": [\"a\", 3]}}", "zones", false},
        {"{\"Thing\": {\"Labels\": [\"k\"]}}", "labels", false},
        {"{\"Thing\": {\"Labels\": {\"k\": 1}}}", "labels", false},
        {"{\"Thing\": {\"Tags\": {\"env\": \"prod\"}}}", "tags", false},
        {"{\"Thing\": {\"Tags\": [{\"Key\": \"env\"}]}}", "tags", false},
        {"{\"Thing\": {\"Tags\": [\"env\"]}}", "tags", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *doc = json_loads(cases[i].doc, 0, NULL);
        json_object_set_new(json_object_get(doc, "Thing"), "Id", json_string("t-9"));
        struct gc_value *st = s_state();
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_attrmap_to_state(st, doc, s_map, S_N, &diags);
        bool named = diags.n == 1 && diags.items[0].detail && strstr(diags.items[0].detail, cases[i].attr) &&
                     strstr(diags.items[0].detail, "where");
        bool null_attr = gc_value_is_null(gc_value_object_get(st, cases[i].attr));
        bool others_set = gc_value_get_string(st, "id") && strcmp(gc_value_get_string(st, "id"), "t-9") == 0;
        size_t n_diags = diags.n;
        gc_diags_clean_up(&diags);
        gc_value_free(st);
        json_decref(doc);
        if ((rc == 0) != cases[i].ok)
            printf("# case %zu\n", i);
        ASSERT_INT_EQ(rc == 0, cases[i].ok);
        ASSERT_TRUE(others_set);
        if (!cases[i].ok) {
            ASSERT_TRUE(named);
            ASSERT_TRUE(null_attr);
        } else {
            ASSERT_INT_EQ(n_diags, 0);
            ASSERT_FALSE(null_attr);
        }
    }
}

GC_TEST(to_state_unknown_attribute)
{
    static const struct gc_attrmap_entry bad[] = {{"nope", "X", GC_ATTRMAP_STRING, 0}};
    json_t *doc = json_object();
    struct gc_value *st = s_state();
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_attrmap_to_state(st, doc, bad, 1, &diags);
    bool err = gc_diags_has_error(&diags);
    gc_diags_clean_up(&diags);
    gc_value_free(st);
    json_decref(doc);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(err);
}

GC_TEST(to_input_and_round_trip)
{
    json_t *doc = json_loads(s_full, 0, NULL);
    struct gc_value *st = s_state();
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc_state = gc_attrmap_to_state(st, doc, s_map, S_N, &diags);
    gc_value_object_set(st, "labels", gc_value_new_unknown(&gc_type_map_string)); /* left out */
    json_t *in = NULL;
    int rc_in = gc_attrmap_to_input(&in, st, s_map, S_N, &diags);
    const json_t *thing = json_object_get(in, "Thing");
    bool id_left_out = json_object_get(thing, "Id") == NULL;
    bool labels_left_out = json_object_get(thing, "Labels") == NULL;
    bool secret_sent = json_is_string(json_object_get(thing, "Secret")) &&
                       strcmp(json_string_value(json_object_get(thing, "Secret")), "kept") == 0;
    bool size_int = json_integer_value(json_object_get(json_object_get(thing, "Config"), "Size")) == 42;
    bool enabled = json_is_true(json_object_get(json_object_get(thing, "Config"), "Enabled"));
    const json_t *tag0 = json_array_get(json_object_get(thing, "Tags"), 0);
    bool tag_ok = tag0 && strcmp(json_string_value(json_object_get(tag0, "Key")), "env") == 0 &&
                  strcmp(json_string_value(json_object_get(tag0, "Value")), "prod") == 0;
    bool zones_ok = json_array_size(json_object_get(thing, "Zones")) == 2;
    /* back again: the same values */
    struct gc_value *again = s_state();
    int rc_again = gc_attrmap_to_state(again, in, s_map, S_N, &diags);
    bool same = gc_value_equal(gc_value_object_get(again, "zones"), gc_value_object_get(st, "zones")) &&
                gc_value_equal(gc_value_object_get(again, "principals"), gc_value_object_get(st, "principals")) &&
                gc_value_equal(gc_value_object_get(again, "tags"), gc_value_object_get(st, "tags")) &&
                gc_value_equal(gc_value_object_get(again, "size"), gc_value_object_get(st, "size"));
    size_t n_diags = diags.n;
    gc_diags_clean_up(&diags);
    gc_value_free(st);
    gc_value_free(again);
    json_decref(doc);
    json_decref(in);
    ASSERT_INT_EQ(rc_state, 0);
    ASSERT_INT_EQ(rc_in, 0);
    ASSERT_INT_EQ(rc_again, 0);
    ASSERT_INT_EQ(n_diags, 0);
    ASSERT_TRUE(id_left_out);
    ASSERT_TRUE(labels_left_out);
    ASSERT_TRUE(secret_sent);
    ASSERT_TRUE(size_int);
    ASSERT_TRUE(enabled);
    ASSERT_TRUE(tag_ok);
    ASSERT_TRUE(zones_ok);
    ASSERT_TRUE(same);
}

GC_TEST(to_input_errors)
{
    static const struct gc_attrmap_entry clash[] = {
        {"name", "Thing", GC_ATTRMAP_STRING, 0},
        {"size", "Thing.Size", GC_ATTRMAP_INT, 0},
    };
    static const struct gc_attrmap_entry not_int[] = {{"size", "Size", GC_ATTRMAP_INT, 0}};
    static const struct gc_attrmap_entry bad_path[] = {{"name", "A..B", GC_ATTRMAP_STRING, 0}};
    struct gc_value *st = s_state();
    gc_value_set_string(st, "name", "hub");
    gc_value_object_set(st, "size", gc_value_new_number_text("1.5"));
    struct gc_diags diags;
    gc_diags_init(&diags);
    json_t *a = NULL, *b = NULL, *c = NULL;
    int rc_clash = gc_attrmap_to_input(&a, st, clash, 2, &diags);
    bool clash_named = diags.n == 1 && strstr(diags.items[0].detail, "Thing.Size");
    int rc_int = gc_attrmap_to_input(&b, st, not_int, 1, &diags);
    bool int_named = diags.n == 2 && strstr(diags.items[1].detail, "is not an integer");
    int rc_path = gc_attrmap_to_input(&c, st, bad_path, 1, &diags);
    size_t n_diags = diags.n;
    gc_diags_clean_up(&diags);
    gc_value_free(st);
    ASSERT_INT_EQ(rc_clash, -1);
    ASSERT_TRUE(a == NULL && b == NULL && c == NULL);
    ASSERT_TRUE(clash_named);
    ASSERT_INT_EQ(rc_int, -1);
    ASSERT_TRUE(int_named);
    ASSERT_INT_EQ(rc_path, -1);
    ASSERT_INT_EQ(n_diags, 3);
}

GC_TEST(get_paths)
{
    json_t *doc = json_loads("{\"A\": {\"B\": {\"C\": 1}}, \"L\": [1]}", 0, NULL);
    bool ok = json_integer_value(gc_doc_member(doc, "A.B.C")) == 1 && gc_doc_member(doc, "") == doc &&
              gc_doc_member(doc, "A.X") == NULL && gc_doc_member(doc, "L.0") == NULL &&
              gc_doc_member(doc, "A.B.C.D") == NULL && gc_doc_member(doc, "A..B") == NULL;
    json_decref(doc);
    ASSERT_TRUE(ok);
}

GC_TEST_MAIN(GC_CASE(to_state_every_kind), GC_CASE(to_state_missing_and_null_fields), GC_CASE(to_state_wrong_types),
             GC_CASE(to_state_unknown_attribute), GC_CASE(to_input_and_round_trip), GC_CASE(to_input_errors),
             GC_CASE(get_paths))
