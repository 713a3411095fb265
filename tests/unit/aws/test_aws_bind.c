/* gc_aws_bind: filling table-described structs from AWS documents, and freeing them. */
#include <stdint.h>
#include <stdlib.h>

#include "aws/gc_aws_bind.h"
#include "aws/gc_tags.h"
#include "gc_test.h"

struct thing {
    char *id;
    int64_t asn;
    bool on;
    char **cidrs;
    size_t n_cidrs;
    struct gc_tags tags;
    char *first_target;
};

#define T struct thing
static const struct gc_bind_field s_fields[] = {
    GC_BIND_STR(T, id, "Id"),
    GC_BIND_I64(T, asn, "Options.Asn"),
    GC_BIND_BOOL(T, on, "Options.On"),
    GC_BIND_STRV(T, cidrs, n_cidrs, "Options.Cidrs"),
    GC_BIND_TAGS(T, tags, "Tags"),
    GC_BIND_STR(T, first_target, "Targets.0.Id"),
};
static const struct gc_bind_type s_type = GC_BIND_TYPE(T, s_fields);
#undef T

static json_t *s_doc(const char *text)
{
    json_error_t e;
    return json_loads(text, 0, &e);
}

/* Each document and what it must fill (or that it must be refused). */
static const struct {
    const char *doc;
    int rc;
    const char *id;
    int64_t asn;
    bool on;
    size_t n_cidrs;
    const char *tag_name; /* value of the Name tag */
    const char *first_target;
} s_cases[] = {
    {"{\"Id\": \"tgw-1\", \"Options\": {\"Asn\": 64512, \"On\": true, \"Cidrs\": [\"10.0.0.0/16\", \"10.1.0.0/16\"]},"
     " \"Tags\": [{\"Key\": \"Name\", \"Value\": \"hub\"}], \"Targets\": [{\"Id\": \"a-1\"}, {\"Id\": \"a-2\"}]}",
     0, "tgw-1", 64512, true, 2, "hub", "a-1"},
    /* XML answers carry text: integers and booleans as strings */
    {"{\"Id\": \"tgw-2\", \"Options\": {\"Asn\": \"4200000000\", \"On\": \"true\"}}", 0, "tgw-2", 4200000000LL, true,
     0, NULL, NULL},
    /* RAM's lowerCamel tags; an id given as a number becomes text */
    {"{\"Id\": 7, \"Tags\": [{\"key\": \"Name\", \"value\": \"share\"}]}", 0, "7", 0, false, 0, "share", NULL},
    /* missing members leave zero values */
    {"{}", 0, NULL, 0, false, 0, NULL, NULL},
    {"{\"Options\": {\"On\": \"false\"}, \"Targets\": []}", 0, NULL, 0, false, 0, NULL, NULL},
    /* values of a kind the field cannot hold are refused, and nothing is kept */
    {"{\"Id\": \"x\", \"Options\": {\"Asn\": \"sixty\"}}", -1, NULL, 0, false, 0, NULL, NULL},
    {"{\"Id\": \"x\", \"Options\": {\"Cidrs\": \"10.0.0.0/16\"}}", -1, NULL, 0, false, 0, NULL, NULL},
    {"{\"Id\": \"x\", \"Options\": {\"Cidrs\": [{\"a\": 1}]}}", -1, NULL, 0, false, 0, NULL, NULL},
    {"{\"Id\": \"x\", \"Tags\": {\"Key\": \"Name\"}}", -1, NULL, 0, false, 0, NULL, NULL},
    {"{\"Id\": {\"nested\": true}}", -1, NULL, 0, false, 0, NULL, NULL},
    {"[1, 2]", -1, NULL, 0, false, 0, NULL, NULL},
};

GC_TEST(fill_table)
{
    for (size_t i = 0; i < sizeof s_cases / sizeof s_cases[0]; i++) {
        struct thing t = {0};
        json_t *doc = s_doc(s_cases[i].doc);
        ASSERT_TRUE(doc != NULL);
        int rc = gc_bind_fill(&s_type, &t, doc);
        json_decref(doc);
        printf("# case %zu: rc %d\n", i, rc);
        ASSERT_INT_EQ(rc, s_cases[i].rc);
        if (s_cases[i].id)
            ASSERT_STR_EQ(t.id, s_cases[i].id);
        else
            ASSERT_TRUE(t.id == NULL);
        ASSERT_INT_EQ(t.asn, s_cases[i].asn);
        ASSERT_INT_EQ(t.on, s_cases[i].on);
        ASSERT_INT_EQ(t.n_cidrs, s_cases[i].n_cidrs);
        if (s_cases[i].tag_name)
            ASSERT_STR_EQ(gc_tags_find(&t.tags, "Name"), s_cases[i].tag_name);
        else
            ASSERT_INT_EQ(t.tags.n, 0);
        if (s_cases[i].first_target)
            ASSERT_STR_EQ(t.first_target, s_cases[i].first_target);
        else
            ASSERT_TRUE(t.first_target == NULL);
        gc_bind_clean_up(&s_type, &t);
        ASSERT_TRUE(t.id == NULL && t.cidrs == NULL && t.n_cidrs == 0 && t.tags.items == NULL);
    }
}

GC_TEST(refill_replaces)
{
    struct thing t = {0};
    json_t *a = s_doc("{\"Id\": \"one\", \"Options\": {\"Cidrs\": [\"a\", \"b\"]}}");
    json_t *b = s_doc("{\"Id\": \"two\"}");
    ASSERT_INT_EQ(gc_bind_fill(&s_type, &t, a), 0);
    ASSERT_INT_EQ(t.n_cidrs, 2);
    ASSERT_STR_EQ(t.cidrs[1], "b");
    ASSERT_INT_EQ(gc_bind_fill(&s_type, &t, b), 0); /* what `a` filled is freed (ASan would see a leak) */
    ASSERT_STR_EQ(t.id, "two");
    ASSERT_INT_EQ(t.n_cidrs, 0);
    ASSERT_TRUE(t.cidrs == NULL);
    gc_bind_clean_up(&s_type, &t);
    gc_bind_clean_up(&s_type, NULL);
    json_decref(a);
    json_decref(b);
}

GC_TEST(arrays)
{
    void *items = NULL;
    size_t n = 7;
    json_t *list = s_doc("[{\"Id\": \"a\"}, {\"Id\": \"b\", \"Options\": {\"Asn\": 1}}, {}]");
    ASSERT_INT_EQ(gc_bind_array_fill(&s_type, list, &items, &n), 0);
    ASSERT_INT_EQ(n, 3);
    struct thing *t = items;
    ASSERT_STR_EQ(t[0].id, "a");
    ASSERT_INT_EQ(t[1].asn, 1);
    ASSERT_TRUE(t[2].id == NULL);
    gc_bind_array_free(&s_type, items, n);
    json_decref(list);

    /* absent or empty: nothing, and no allocation */
    ASSERT_INT_EQ(gc_bind_array_fill(&s_type, NULL, &items, &n), 0);
    ASSERT_TRUE(items == NULL && n == 0);
    /* not an array, or an element that cannot be read: refused, nothing kept */
    json_t *bad = s_doc("{\"Id\": \"a\"}");
    ASSERT_INT_EQ(gc_bind_array_fill(&s_type, bad, &items, &n), -1);
    ASSERT_TRUE(items == NULL && n == 0);
    json_decref(bad);
    json_t *bad_item = s_doc("[{\"Id\": \"a\"}, {\"Options\": {\"Asn\": \"x\"}}]");
    ASSERT_INT_EQ(gc_bind_array_fill(&s_type, bad_item, &items, &n), -1);
    ASSERT_TRUE(items == NULL && n == 0);
    json_decref(bad_item);
}

int main(void)
{
    static const struct gc_test_case cases[] = {GC_CASE(fill_table), GC_CASE(refill_replaces), GC_CASE(arrays)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
