/* gcnet_asp_connection (method transit_gateway) through the framework against the fake AWS with the connection's
 * answers (conn_world.h): validation before any AWS call (table-driven), the create from pendingAcceptance to
 * wired (accept, association with asp, propagation into onprem and ops only, ops VPC route, tags), the plan-time
 * catalog and overlap checks, drift shown and repaired in place (a propagation into asp removed: isolation),
 * destroy that keeps the ASP's attachment, import then no changes. */
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "conn_world.h"
#include "fake_world.h"
#include "framework/gc_plan.h"
#include "gc_test.h"

extern const struct gc_resource_def gc_resource_asp_connection;
#define DEF (&gc_resource_asp_connection)

static int64_t s_now_ms = 1000000;
static int64_t s_op_now(void)
{
    return s_now_ms;
}
static void s_op_sleep(int64_t ms)
{
    s_now_ms += ms;
}

struct env {
    struct fw_world *world;
    struct cw_state st;
    struct fake_aws clock;
    struct gc_aws_client *aws;
    struct gc_value *defaults;
    struct gc_provider prov;
    struct gc_diags diags;
};

static int s_env_init(struct env *e)
{
    memset(e, 0, sizeof *e);
    gc_diags_init(&e->diags);
    if (fw_world_new(&e->world) != 0 || cw_install(e->world, &e->st) != 0)
        return -1;
    e->aws = fake_aws_client(&e->clock, "ap-northeast-1", "http://fake.test", NULL, 2);
    e->defaults = gc_value_new_collection(&gc_type_map_string);
    if (!e->aws || !e->defaults)
        return -1;
    struct gc_http_transport tr = fw_world_transport(e->world);
    gc_aws_client_set_transport(e->aws, &tr);
    e->prov.aws = e->aws;
    e->prov.default_tags = e->defaults;
    e->prov.region = (char *)"ap-northeast-1";
    gc_op_set_clock(s_op_now, s_op_sleep);
    return 0;
}

static void s_env_clean_up(struct env *e)
{
    gc_op_set_clock(NULL, NULL);
    gc_aws_client_free(e->aws);
    fake_aws_forget(&e->clock);
    gc_value_free(e->defaults);
    fw_world_destroy(e->world);
    gc_diags_clean_up(&e->diags);
}

static struct gc_value *s_set(const char *a, const char *b)
{
    struct gc_value *s = gc_value_new_collection(&gc_type_set_string);
    if (s && a)
        gc_value_append(s, gc_value_new_string(a));
    if (s && b)
        gc_value_append(s, gc_value_new_string(b));
    return s;
}

static struct gc_value *s_config(const char *cidr, const char *system)
{
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    if (!c)
        return NULL;
    gc_value_set_string(c, "hub_id", CW_TGW);
    gc_value_set_string(c, "name", "naruto-a");
    gc_value_set_string(c, "vendor", "Vendor A");
    gc_value_set_string(c, "method", "transit_gateway");
    gc_value_set_string(c, "attachment_id", CW_ATT);
    gc_value_object_set(c, "cidrs", s_set(cidr, NULL));
    gc_value_object_set(c, "business_systems", s_set(system, "electoral_roll"));
    return c;
}

static struct gc_value *s_proposed(const struct gc_value *prior, const struct gc_value *config)
{
    struct gc_value *p = gc_value_copy(config);
    for (size_t i = 0; p && !gc_value_is_null(prior) && i < DEF->block->n_attrs; i++) {
        const struct gc_attr_def *a = &DEF->block->attrs[i];
        if ((a->flags & GC_ATTR_COMPUTED) && gc_value_is_null(gc_value_object_get(config, a->name)))
            gc_value_object_set(p, a->name, gc_value_copy(gc_value_object_get(prior, a->name)));
    }
    return p;
}

static int s_plan(struct env *e, const struct gc_value *prior, const struct gc_value *config, struct gc_value **planned)
{
    struct gc_path_list replace = {0};
    struct gc_value *proposed = s_proposed(prior, config);
    int rc = proposed ? gc_plan_resource(DEF, &e->prov, prior, proposed, config, planned, &replace, &e->diags) : -1;
    gc_value_free(proposed);
    gc_path_list_clean_up(&replace);
    return rc;
}

static int s_apply(struct env *e, const struct gc_value *prior, const struct gc_value *config, struct gc_value **state)
{
    struct gc_value *planned = NULL;
    int rc = s_plan(e, prior, config, &planned);
    *state = NULL;
    if (rc == 0)
        rc = gc_apply_resource(DEF, &e->prov, prior, planned, state, &e->diags);
    gc_value_free(planned);
    return rc;
}

static bool s_diag_on(const struct gc_diags *d, const char *path, const char *text)
{
    for (size_t i = 0; i < d->n; i++) {
        char *p = gc_path_to_string(&d->items[i].path);
        bool hit = p && strcmp(p, path) == 0 && d->items[i].summary && strstr(d->items[i].summary, text);
        free(p);
        if (hit)
            return true;
    }
    return false;
}

static bool s_has(const struct gc_value *set, const char *s)
{
    for (size_t i = 0; i < gc_value_length(set); i++)
        if (gc_value_string(gc_value_index(set, i)) && strcmp(gc_value_string(gc_value_index(set, i)), s) == 0)
            return true;
    return false;
}

static bool s_tag(const struct cw_state *st, const char *key, const char *value)
{
    for (int i = 0; i < st->n_tags; i++)
        if (strcmp(st->tag_keys[i], key) == 0)
            return !value || strcmp(st->tag_values[i], value) == 0;
    return false;
}

/* ---- validation ---- */

struct bad_case {
    const char *attr;
    const char *value; /* a string, or for cidrs/business_systems one element ("a|b" for two) */
    const char *summary;
};

static const struct bad_case s_bad[] = {
    {"hub_id", "tgw-XYZ", "Invalid transit gateway ID"},
    {"hub_id", "vpc-0123456789abcdef0", "Invalid transit gateway ID"},
    {"attachment_id", "tgw-0123456789abcdef0", "Invalid attachment ID"},
    {"method", "privatelinks", "Invalid connection method"},
    {"cidrs", "10.50.0.1/16", "Invalid CIDR block"},
    {"cidrs", "10.0.0.0/7", "Invalid CIDR block"},
    {"cidrs", "10.50.0.0/16|10.50.64.0/18", "Overlapping CIDR blocks"},
    {"business_systems", "resident_register", "Unknown business system"},
    {"name", "", "Invalid name"},
    {"vendor", "", "Invalid name"},
    {"attachment_id", NULL, "Missing attachment_id"},
};

GC_TEST(validation_before_any_aws_call)
{
    for (size_t i = 0; i < sizeof s_bad / sizeof s_bad[0]; i++) {
        const struct bad_case *b = &s_bad[i];
        struct env e;
        struct gc_value *planned = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        if (strcmp(b->attr, "cidrs") == 0 || strcmp(b->attr, "business_systems") == 0) {
            char two[64];
            snprintf(two, sizeof two, "%s", b->value);
            char *bar = strchr(two, '|');
            if (bar)
                *bar = '\0';
            gc_value_object_set(c, b->attr, s_set(two, bar ? bar + 1 : NULL));
        } else {
            gc_value_set_string(c, b->attr, b->value);
        }
        int rc = s_plan(&e, NULL, c, &planned);
        if (rc == 0 || !s_diag_on(&e.diags, b->attr, b->summary) || fw_n_calls(e.world) != 0) {
            printf("# case %zu (%s=%s): rc %d, calls %zu\n", i, b->attr, b->value ? b->value : "null", rc,
                   fw_n_calls(e.world));
            ASSERT_TRUE(false);
        }
        gc_value_free(planned);
        gc_value_free(c);
        s_env_clean_up(&e);
    }
}

/* ---- create ---- */

GC_TEST(create_accepts_associates_propagates_and_routes)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(s_apply(&e, NULL, c, &state), 0);
    ASSERT_INT_EQ(fw_count(e.world, &gc_op_ec2_accept_transit_gateway_vpc_attachment), 1);
    ASSERT_INT_EQ(e.st.assoc, 2);
    ASSERT_TRUE(e.st.prop[1] && e.st.prop[3]);
    ASSERT_FALSE(e.st.prop[2]); /* never into asp */
    ASSERT_INT_EQ(e.st.n_routes, 1);
    ASSERT_STR_EQ(e.st.routes[0], "10.50.0.0/16");
    ASSERT_TRUE(s_tag(&e.st, "gcnet:asp-connection", "naruto-a"));
    ASSERT_TRUE(s_tag(&e.st, "gcnet:asp-cidrs", "10.50.0.0/16"));
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), CW_ATT);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
    ASSERT_STR_EQ(gc_value_get_string(state, "route_table_id"), CW_RT_ASP);
    ASSERT_TRUE(s_has(gc_value_object_get(state, "propagated_domains"), "ops"));
    ASSERT_INT_EQ(fw_n_unanswered(e.world), 0);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(plan_rejects_systems_not_on_aws_and_overlaps)
{
    static const struct {
        const char *cidr, *system, *other_route, *municipality, *summary;
    } cases[] = {
        {"10.50.0.0/16", "family_register", "", NULL, "Business system not on AWS"},
        {"10.50.0.0/16", "public_assistance", "", "kamiita", "Business system not on AWS"},
        {"10.2.8.0/24", "resident_records", "", NULL, "Overlapping address ranges"},
        {"10.50.0.0/16", "resident_records", "10.50.128.0/17", NULL, "Overlapping address ranges"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct env e;
        struct gc_value *planned = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        snprintf(e.st.other_route, sizeof e.st.other_route, "%s", cases[i].other_route);
        e.st.municipality = cases[i].municipality;
        struct gc_value *c = s_config(cases[i].cidr, cases[i].system);
        if (s_plan(&e, NULL, c, &planned) == 0 ||
            !s_diag_on(&e.diags, strstr(cases[i].summary, "Business") ? "business_systems" : "cidrs",
                       cases[i].summary)) {
            printf("# case %zu planned without the error\n", i);
            ASSERT_TRUE(false);
        }
        gc_value_free(planned);
        gc_value_free(c);
        s_env_clean_up(&e);
    }
}

/* ---- drift, destroy, import ---- */

GC_TEST(drift_is_shown_and_repaired_in_place)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *after = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(s_apply(&e, NULL, c, &state), 0);
    e.st.prop[3] = false; /* ops propagation removed */
    e.st.prop[2] = true;  /* a propagation into asp: other ASPs would reach this one */
    e.st.assoc = 0;
    e.st.n_routes = 0;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.prov, state, &read, &e.diags), 0);
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(read, "route_table_id")));
    ASSERT_TRUE(s_has(gc_value_object_get(read, "propagated_domains"), "asp"));
    ASSERT_INT_EQ((int)gc_value_length(gc_value_object_get(read, "ops_vpc_routes")), 0);
    ASSERT_INT_EQ(s_plan(&e, read, c, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, read));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.prov, read, planned, &after, &e.diags), 0);
    ASSERT_INT_EQ(e.st.assoc, 2);
    ASSERT_TRUE(e.st.prop[1] && e.st.prop[3] && !e.st.prop[2]);
    ASSERT_INT_EQ(e.st.n_routes, 1);
    ASSERT_INT_EQ(fw_count(e.world, &gc_op_ec2_accept_transit_gateway_vpc_attachment), 1);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(destroy_unwires_and_keeps_the_attachment)
{
    struct env e;
    struct gc_value *state = NULL, *gone = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(s_apply(&e, NULL, c, &state), 0);
    struct gc_value *null_plan = gc_value_new_null(DEF->block->type);
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.prov, state, null_plan, &gone, &e.diags), 0);
    ASSERT_INT_EQ(e.st.assoc, 0);
    ASSERT_FALSE(e.st.prop[1] || e.st.prop[2] || e.st.prop[3]);
    ASSERT_INT_EQ(e.st.n_routes, 0);
    ASSERT_INT_EQ(e.st.n_tags, 0);
    ASSERT_FALSE(e.st.att_gone);
    ASSERT_STR_EQ(e.st.att_state, "available");
    ASSERT_INT_EQ(fw_count(e.world, &gc_op_ec2_delete_transit_gateway_vpc_attachment), 0);
    gc_value_free(null_plan);
    gc_value_free(gone);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(import_by_attachment_id_then_no_changes)
{
    struct env e;
    struct gc_value *state = NULL, *imported = NULL, *read = NULL, *planned = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(s_apply(&e, NULL, c, &state), 0);
    ASSERT_TRUE(gc_import_resource(DEF, &e.prov, "vpc-0123456789abcdef0", &imported, &e.diags) != 0);
    gc_diags_clean_up(&e.diags);
    gc_diags_init(&e.diags);
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.prov, CW_ATT, &imported, &e.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.prov, imported, &read, &e.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "name"), "naruto-a");
    ASSERT_STR_EQ(gc_value_get_string(read, "hub_id"), CW_TGW);
    ASSERT_INT_EQ(s_plan(&e, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    gc_value_free(state);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(c);
    s_env_clean_up(&e);
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    static const struct gc_test_case cases[] = {
        GC_CASE(validation_before_any_aws_call),         GC_CASE(create_accepts_associates_propagates_and_routes),
        GC_CASE(plan_rejects_systems_not_on_aws_and_overlaps), GC_CASE(drift_is_shown_and_repaired_in_place),
        GC_CASE(destroy_unwires_and_keeps_the_attachment), GC_CASE(import_by_attachment_id_then_no_changes)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
