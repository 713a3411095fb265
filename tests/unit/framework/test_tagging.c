/* framework/gc_tagging: an object's tags from tags_all, bookkeeping pairs and a generated Name; what users see
 * of them; the state map; when to re-tag; and a re-tag through a service callback, also failing. */
#include <stdlib.h>

#include "framework/gc_tagging.h"
#include "gc_test.h"
#include "kit_test.h"

static struct gc_type *s_type;

/* A resource value with name and tags_all (pairs k, v, ...; n pairs). */
static struct gc_value *s_resource(const char *name, const char *const *pairs, size_t n)
{
    if (!s_type) {
        s_type = gc_type_new_object();
        gc_type_object_add(s_type, "name", &gc_type_string);
        gc_type_object_add(s_type, "tags_all", &gc_type_map_string);
    }
    struct gc_value *v = gc_value_new_object(s_type);
    struct gc_value *all = gc_value_new_collection(&gc_type_map_string);
    for (size_t i = 0; i < n; i++)
        gc_value_map_put(all, pairs[2 * i], gc_value_new_string(pairs[2 * i + 1]));
    gc_value_set_string(v, "name", name);
    gc_value_object_set(v, "tags_all", all);
    return v;
}

GC_TEST(object_tags_table)
{
    static const char *const env[] = {"env", "prod"};
    static const char *const named[] = {"env", "prod", "Name", "mine"};
    static const struct {
        const char *const *pairs;
        size_t n;
        const char *name, *suffix, *want_name;
        bool generated;
    } cases[] = {
        {env, 1, "naruto-gcnet", "ops", "naruto-gcnet-ops", true},
        {env, 1, "naruto-gcnet", NULL, "naruto-gcnet", true},
        {env, 1, NULL, "asp", "gcnet-asp", true},
        {named, 2, "naruto-gcnet", "ops", "mine", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_value *r = s_resource(cases[i].name, cases[i].pairs, cases[i].n);
        const struct gc_tag_pair book[] = {{"gcnet:hub", cases[i].name}, {"gcnet:transit-gateway-id", NULL}};
        struct gc_tags tags = {0};
        int rc = gc_tagging_object_tags(&tags, r, book, 2, cases[i].name, cases[i].suffix);
        char *name = strdup(gc_tags_find(&tags, "Name") ? gc_tags_find(&tags, "Name") : "(none)");
        bool generated = gc_tags_find(&tags, GC_TAG_NAME_GENERATED) != NULL;
        bool env_ok = gc_tags_find(&tags, "env") && strcmp(gc_tags_find(&tags, "env"), "prod") == 0;
        bool hub_ok = (gc_tags_find(&tags, "gcnet:hub") != NULL) == (cases[i].name != NULL);
        bool null_left_out = gc_tags_find(&tags, "gcnet:transit-gateway-id") == NULL;
        gc_tags_clean_up(&tags);
        gc_value_free(r);
        bool name_ok = strcmp(name, cases[i].want_name) == 0;
        free(name);
        if (!name_ok)
            printf("# case %zu\n", i);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_TRUE(name_ok);
        ASSERT_INT_EQ(generated, cases[i].generated);
        ASSERT_TRUE(env_ok);
        ASSERT_TRUE(hub_ok);
        ASSERT_TRUE(null_left_out);
    }
}

GC_TEST(user_tags_table)
{
    static const struct {
        const char *in[8];
        const char *out[8];
    } cases[] = {
        {{"env", "prod", "gcnet:hub", "h", "Name", "h-ops", GC_TAG_NAME_GENERATED}, {"env", "prod"}},
        {{"env", "prod", "gcnet:hub", "h", "Name", "mine"}, {"env", "prod", "Name", "mine"}},
        {{"gcnet:create-token", "t"}, {NULL}},
        {{"gcnetx", "kept", "Name", "n"}, {"gcnetx", "kept", "Name", "n"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_tags tags = {0};
        for (size_t k = 0; k < 8 && cases[i].in[k]; k += 2)
            gc_tags_add(&tags, cases[i].in[k], k + 1 < 8 ? cases[i].in[k + 1] : "true");
        gc_tagging_user_tags(&tags);
        size_t want = 0;
        bool ok = true;
        for (; want < 8 && cases[i].out[want]; want += 2) {
            const char *v = gc_tags_find(&tags, cases[i].out[want]);
            ok = ok && v && strcmp(v, cases[i].out[want + 1]) == 0;
        }
        size_t n = tags.n;
        gc_tags_clean_up(&tags);
        if (!ok || n != want / 2)
            printf("# case %zu\n", i);
        ASSERT_TRUE(ok);
        ASSERT_INT_EQ(n, want / 2);
    }
}

GC_TEST(to_map_and_changed)
{
    static const char *const a[] = {"env", "prod"};
    static const char *const b[] = {"env", "dev"};
    struct gc_tags tags = {0};
    gc_tags_add(&tags, "env", "prod");
    gc_tags_add(&tags, "owner", "");
    struct gc_value *map = gc_tagging_to_map(&tags);
    bool map_ok = gc_value_length(map) == 2 && strcmp(gc_value_string(gc_value_map_get(map, "env")), "prod") == 0 &&
                  strcmp(gc_value_string(gc_value_map_get(map, "owner")), "") == 0;
    struct gc_value *p = s_resource("hub", a, 1), *same = s_resource("hub", a, 1);
    struct gc_value *retagged = s_resource("hub", b, 1), *renamed = s_resource("hub2", a, 1);
    bool c_same = gc_tagging_changed(p, same, "name");
    bool c_tags = gc_tagging_changed(p, retagged, "name");
    bool c_name = gc_tagging_changed(p, renamed, "name");
    bool c_name_ignored = gc_tagging_changed(p, renamed, NULL);
    gc_value_free(map);
    gc_value_free(p);
    gc_value_free(same);
    gc_value_free(retagged);
    gc_value_free(renamed);
    gc_tags_clean_up(&tags);
    ASSERT_TRUE(map_ok);
    ASSERT_FALSE(c_same);
    ASSERT_TRUE(c_tags);
    ASSERT_TRUE(c_name);
    ASSERT_FALSE(c_name_ignored);
}

static int s_build(struct gc_tags *out, const struct gc_value *resource, void *arg)
{
    const char *suffix = arg;
    const struct gc_tag_pair book[] = {{"gcnet:hub", gc_value_get_string(resource, "name")}};
    return gc_tagging_object_tags(out, resource, book, 1, gc_value_get_string(resource, "name"), suffix);
}

static struct {
    int calls;
    bool fail;
    char *id, *old_name, *new_name, *new_env;
    size_t n_old, n_new;
} s_applied;

static int s_apply(struct gc_aws_client *client, const char *id, const struct gc_tags *old_tags,
                   const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    (void)client;
    s_applied.calls++;
    s_applied.id = strdup(id);
    s_applied.old_name = strdup(gc_tags_find(old_tags, "Name"));
    s_applied.new_name = strdup(gc_tags_find(new_tags, "Name"));
    s_applied.new_env = strdup(gc_tags_find(new_tags, "env") ? gc_tags_find(new_tags, "env") : "-");
    s_applied.n_old = old_tags->n;
    s_applied.n_new = new_tags->n;
    if (!s_applied.fail)
        return 0;
    err->operation = strdup("CreateTags");
    err->http_status = 400;
    err->code = strdup("TagLimitExceeded");
    return -1;
}

static void s_applied_clean_up(void)
{
    free(s_applied.id);
    free(s_applied.old_name);
    free(s_applied.new_name);
    free(s_applied.new_env);
    memset(&s_applied, 0, sizeof s_applied);
}

GC_TEST(retag_through_service_callback)
{
    static const char *const a[] = {"env", "prod"};
    static const char *const b[] = {"env", "dev", "team", "net"};
    struct kit_op k;
    kit_op_init(&k, 600, "update");
    struct gc_value *prior = s_resource("hub", a, 1), *planned = s_resource("hub2", b, 2);
    int rc = gc_tagging_retag(&k.op, "vpc-1", prior, planned, s_build, "ops", s_apply);
    size_t n_diags = k.diags.n;
    bool ok = s_applied.calls == 1 && strcmp(s_applied.id, "vpc-1") == 0 &&
              strcmp(s_applied.old_name, "hub-ops") == 0 && strcmp(s_applied.new_name, "hub2-ops") == 0 &&
              strcmp(s_applied.new_env, "dev") == 0 && s_applied.n_old == 4 && s_applied.n_new == 5;
    s_applied_clean_up();
    s_applied.fail = true;
    int rc_fail = gc_tagging_retag(&k.op, "vpc-1", prior, planned, s_build, "ops", s_apply);
    bool reported = kit_diag_has(&k.diags, "TagLimitExceeded");
    s_applied_clean_up();
    gc_value_free(prior);
    gc_value_free(planned);
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n_diags, 0);
    ASSERT_TRUE(ok);
    ASSERT_INT_EQ(rc_fail, -1);
    ASSERT_TRUE(reported);
}

static void s_free_type(void)
{
    gc_type_free(s_type);
}

/* A 255-character name made "<name>-<suffix>" Names longer than AWS's 256 characters (and a 255-character Japanese
 * name was cut at byte 299, inside a character). The name part is now cut at a character boundary so that the whole
 * Name is at most 256 characters, with the suffix kept. */
GC_TEST(generated_name_fits_aws_limit)
{
    static const struct {
        const char *unit; /* the name is 255 of these */
        const char *suffix;
    } rows[] = {
        {"n", "ops"}, {"n", "onprem_and_a_long_domain_name_32"}, {"鳴", "ops"}, {"鳴", NULL}, {"n", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t ul = strlen(rows[i].unit);
        char *name = malloc(255 * ul + 1);
        for (size_t k = 0; k < 255; k++)
            memcpy(name + k * ul, rows[i].unit, ul);
        name[255 * ul] = '\0';
        struct gc_value *r = s_resource(name, NULL, 0);
        struct gc_tags tags = {0};
        int rc = gc_tagging_object_tags(&tags, r, NULL, 0, name, rows[i].suffix);
        const char *got = gc_tags_find(&tags, "Name");
        size_t chars = 0, bad = 0;
        for (const unsigned char *p = (const unsigned char *)(got ? got : ""); *p; p++) {
            chars += (*p & 0xc0) != 0x80;
            bad += (*p & 0xc0) == 0x80 && p == (const unsigned char *)got; /* starts inside a character */
        }
        size_t got_len = got ? strlen(got) : 0;
        char want_end[64] = "";
        if (rows[i].suffix)
            snprintf(want_end, sizeof want_end, "-%s", rows[i].suffix);
        size_t end_len = strlen(want_end);
        bool suffix_kept = got && got_len >= end_len && strcmp(got + got_len - end_len, want_end) == 0;
        size_t name_part = suffix_kept ? got_len - end_len : 0;
        bool whole_chars = name_part % ul == 0; /* the name is cut between characters */
        bool prefix_ok = got && strncmp(got, name, name_part) == 0;
        size_t want_chars = rows[i].suffix ? 256 : 255;
        if (chars != want_chars || !suffix_kept || !whole_chars)
            printf("# row %zu: %zu characters, suffix kept %d, whole %d\n", i, chars, suffix_kept, whole_chars);
        gc_tags_clean_up(&tags);
        gc_value_free(r);
        free(name);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_INT_EQ(chars, want_chars);
        ASSERT_INT_EQ(bad, 0);
        ASSERT_TRUE(whole_chars);
        ASSERT_TRUE(suffix_kept);
        ASSERT_TRUE(prefix_ok);
    }
}

int main(void)
{
    static const struct gc_test_case cases[] = {GC_CASE(object_tags_table), GC_CASE(generated_name_fits_aws_limit),
                                                GC_CASE(user_tags_table),
                                                GC_CASE(to_map_and_changed), GC_CASE(retag_through_service_callback)};
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    s_free_type();
    return rc;
}
