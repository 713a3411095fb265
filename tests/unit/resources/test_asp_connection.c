/* gcnet_asp_connection (method transit_gateway) through the framework against the fake AWS with the connection's
 * answers (conn_world.h): validation before any AWS call (table-driven), the create from pendingAcceptance to
 * wired (accept, association with asp, propagation into onprem and ops only, ops VPC route, tags), the plan-time
 * catalog and overlap checks, drift shown and repaired in place (a propagation into asp removed: isolation),
 * destroy that keeps the ASP's attachment, import then no changes. */
#include <stdint.h>
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "conn_world.h"
#include "fake_world.h"
#include "framework/gc_parallel.h"
#include "framework/gc_plan.h"
#include "resource_run.h"
#include "framework/gc_read_cache.h"
#include "gc_test.h"

#include "resources/asp_connection.h"
#include "resources/asp_pairs.h"

extern const struct gc_resource_def gc_resource_asp_connection;
#define DEF (&gc_resource_asp_connection)

struct env {
    struct rr_env rr;
    struct cw_state st;
};

static int s_env_init(struct env *e)
{
    memset(e, 0, sizeof *e);
    if (rr_env_init(&e->rr, DEF) != 0 || cw_install(e->rr.world, &e->st) != 0)
        return -1;
    return 0;
}

static void s_env_clean_up(struct env *e)
{
    rr_env_clean_up(&e->rr);
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
    gc_value_object_set(c, "cidrs", rr_string_set(cidr, NULL));
    gc_value_object_set(c, "business_systems", rr_string_set(system, "electoral_roll"));
    return c;
}

/* ---- validation ---- */

struct bad_case {
    const char *attr;
    const char *value; /* rr_set_text's: a string, or for cidrs/business_systems one element ("a|b" for two) */
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
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        rr_set_text(&e.rr, c, b->attr, b->value);
        bool refused = rr_refused_before_aws(&e.rr, c, b->attr, b->summary);
        if (!refused)
            printf("# case %zu (%s=%s)\n", i, b->attr, b->value ? b->value : "null");
        gc_value_free(c);
        s_env_clean_up(&e);
        ASSERT_TRUE(refused);
    }
}

/* ---- create ---- */

GC_TEST(create_accepts_associates_propagates_and_routes)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_accept_transit_gateway_vpc_attachment), 1);
    ASSERT_INT_EQ(e.st.assoc, 2);
    ASSERT_TRUE(e.st.prop[1] && e.st.prop[3]);
    ASSERT_FALSE(e.st.prop[2]); /* never into asp */
    ASSERT_INT_EQ(e.st.n_routes, 1);
    ASSERT_STR_EQ(e.st.routes[0], "10.50.0.0/16");
    ASSERT_TRUE(cw_has_tag(&e.st, "gcnet:asp-connection", "naruto-a"));
    ASSERT_TRUE(cw_has_tag(&e.st, "gcnet:asp-cidrs", "10.50.0.0/16"));
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), CW_ATT);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
    ASSERT_STR_EQ(gc_value_get_string(state, "route_table_id"), CW_RT_ASP);
    ASSERT_TRUE(rr_has_string(gc_value_object_get(state, "propagated_domains"), "ops"));
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* The association and both propagations are written together and awaited in ONE polling loop: each stays pending
 * for two looks, and the create waits 0.2 s + 0.4 s once (three waits one after another would take three times as
 * long), reading each link once a round. */
GC_TEST(wiring_awaited_in_one_loop)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.link_pending = 2;
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    int64_t started = rr_now_ms();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(rr_now_ms() - started, 200 + 400);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_get_transit_gateway_route_table_associations), 3);
    /* one look at each of the three tables, then three rounds of the two new propagations */
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_get_transit_gateway_route_table_propagations), 3 + 3 * 2);
    ASSERT_INT_EQ(e.st.assoc, 2);
    ASSERT_TRUE(e.st.prop[1] && e.st.prop[3]);
    ASSERT_FALSE(e.st.prop[2]);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* Writes that answer the target state (moto) need no poll; the same writes answering "associating" / "enabling"
 * (AWS) are confirmed by one round of looks. */
GC_TEST(wiring_not_polled_when_the_writes_answer_done)
{
    for (int done = 0; done < 2; done++) {
        struct env e;
        struct gc_value *state = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        e.st.links_answer_done = done;
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_get_transit_gateway_route_table_associations), done ? 0 : 1);
        /* one look at each of the three tables, then (unless done) one round of the two new propagations */
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_get_transit_gateway_route_table_propagations), done ? 3 : 3 + 2);
        ASSERT_INT_EQ(e.st.assoc, 2);
        ASSERT_TRUE(e.st.prop[1] && e.st.prop[3]);
        ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
        gc_value_free(state);
        gc_value_free(c);
        s_env_clean_up(&e);
    }
}

/* The accept's own answer: "available" (moto) on a TGW that associates nothing by default (the hub's own policy)
 * leaves nothing to wait for and nothing new to read; "pending" (AWS), or a TGW that may associate by default or
 * does not say, is confirmed by reading the attachment again (its association as AWS made it). */
GC_TEST(accept_confirmed_only_when_its_answer_leaves_something_to_know)
{
    static const struct {
        bool answer_available;
        const char *default_association;
        int reads_after;
    } cases[] = {
        {false, "disable", 1},
        {true, "disable", 0},
        {true, "enable", 1},
        {true, NULL, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct env e;
        struct gc_value *state = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        e.st.accept_answers_available = cases[k].answer_available;
        e.st.tgw_default_association = cases[k].default_association;
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_accept_transit_gateway_vpc_attachment), 1);
        int reads_after = -1;
        for (size_t i = 0; i < fw_n_calls(e.rr.world); i++) {
            const struct fw_call *call = fw_call_at(e.rr.world, i);
            if (call->op == &gc_op_ec2_accept_transit_gateway_vpc_attachment)
                reads_after = 0;
            else if (reads_after >= 0 && call->op == &gc_op_ec2_describe_transit_gateway_attachments && call->body &&
                     strstr(call->body, "TransitGatewayAttachmentIds"))
                reads_after++;
        }
        if (reads_after != cases[k].reads_after)
            printf("# case %zu: %d reads of the attachment after the accept\n", k, reads_after);
        ASSERT_INT_EQ(reads_after, cases[k].reads_after);
        ASSERT_INT_EQ(e.st.assoc, 2);
        ASSERT_TRUE(e.st.prop[1] && e.st.prop[3]);
        ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
        gc_value_free(state);
        gc_value_free(c);
        s_env_clean_up(&e);
    }
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
    /* both ways of reading the hub's routes: the shared whole lists of a plan (a read cache, nothing written) and
     * an apply's own questions per range (no cache, or one that a write made stale) */
    for (size_t i = 0; i < 3 * (sizeof cases / sizeof cases[0]); i++) {
        size_t k = i / 3;
        struct env e;
        struct gc_value *planned = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        if (i % 3 > 0)
            e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
        if (i % 3 == 2)
            gc_read_cache_bump(e.rr.prov.read_cache);
        snprintf(e.st.other_route, sizeof e.st.other_route, "%s", cases[k].other_route);
        e.st.municipality = cases[k].municipality;
        struct gc_value *c = s_config(cases[k].cidr, cases[k].system);
        if (rr_plan_in_place(&e.rr, NULL, c, &planned) == 0 ||
            !rr_diag_on(&e.rr.diags, strstr(cases[k].summary, "Business") ? "business_systems" : "cidrs",
                        cases[k].summary)) {
            printf("# case %zu (mode %zu) planned without the error\n", k, i % 3);
            ASSERT_TRUE(false);
        }
        gc_value_free(planned);
        gc_value_free(c);
        gc_read_cache_free(e.rr.prov.read_cache);
        s_env_clean_up(&e);
    }
}

/* A plan's overlap check asks each TGW table's routes as soon as the hub's tables are known, not after the ops
 * VPC and its tables (conn_model.h gc_conn_hub_load_ranges): one round trip fewer. Steps run in order (width 1),
 * so the searches come before the VPC's tables, in all three ways of reading the routes. */
GC_TEST(plan_searches_the_tgw_tables_without_waiting_for_the_vpc)
{
    for (size_t mode = 0; mode < 3; mode++) {
        struct env e;
        struct gc_value *planned = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        if (mode > 0)
            e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
        if (mode == 2)
            gc_read_cache_bump(e.rr.prov.read_cache);
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        gc_parallel_set_width(1);
        int rc = rr_plan_in_place(&e.rr, NULL, c, &planned);
        gc_parallel_set_width(0);
        ASSERT_INT_EQ(rc, 0);
        size_t first_search = SIZE_MAX, first_tables = SIZE_MAX;
        for (size_t i = 0; i < fw_n_calls(e.rr.world); i++) {
            const struct gc_aws_op_def *op = fw_call_at(e.rr.world, i)->op;
            if (op == &gc_op_ec2_search_transit_gateway_routes && first_search == SIZE_MAX)
                first_search = i;
            if (op == &gc_op_ec2_describe_route_tables && first_tables == SIZE_MAX)
                first_tables = i;
        }
        ASSERT_TRUE(first_search != SIZE_MAX && first_tables != SIZE_MAX);
        ASSERT_TRUE(first_search < first_tables);
        gc_value_free(planned);
        gc_value_free(c);
        gc_read_cache_free(e.rr.prov.read_cache);
        s_env_clean_up(&e);
    }
}

/* Whether call i's body has `text`. */
static bool s_body_has(const struct env *e, size_t i, const char *text)
{
    const struct fw_call *call = fw_call_at(e->rr.world, i);
    return call && call->body && strstr(call->body, text);
}

/* An apply of a process that has written (its read cache stale): a new connection's plan check and create ask
 * about their own ranges and routes only. The ops VPC's tables are read whole once (the kept first sight, which
 * gives the tables' ids), the TGW tables are searched per range, the attachments by id or by the pairs' tag: so
 * the bytes a create reads do not grow with the hub's other connections (README "At scale"). */
GC_TEST(apply_reads_only_what_the_connection_needs)
{
    struct env e;
    struct gc_value *state = NULL, *second = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
    gc_read_cache_bump(e.rr.prov.read_cache);
    /* other connections' routes in the ops VPC and a TGW table */
    for (int i = 0; i < 10; i++) {
        snprintf(e.st.routes[e.st.n_routes++], sizeof e.st.routes[0], "10.%d.0.0/16", 100 + i);
        e.st.tgw_routes[e.st.n_tgw_routes].table = 3;
        snprintf(e.st.tgw_routes[e.st.n_tgw_routes].cidr, sizeof e.st.tgw_routes[0].cidr, "10.%d.0.0/16", 100 + i);
        snprintf(e.st.tgw_routes[e.st.n_tgw_routes++].att, sizeof e.st.tgw_routes[0].att, "tgw-attach-%d", i);
    }
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    size_t before = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(e.st.n_routes, 11);
    /* a second create in the same process (the same connection again: its route is there, toward the TGW) */
    gc_read_cache_bump(e.rr.prov.read_cache);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &second), 0);
    ASSERT_INT_EQ(e.st.n_routes, 11);
    int whole_tables = 0, searches = 0, lists = 0;
    for (size_t i = before; i < fw_n_calls(e.rr.world); i++) {
        const struct gc_aws_op_def *op = fw_call_at(e.rr.world, i)->op;
        if (op == &gc_op_ec2_describe_route_tables && !s_body_has(&e, i, "route.destination-cidr-block") &&
            !s_body_has(&e, i, "RouteTableId"))
            whole_tables++;
        if (op == &gc_op_ec2_search_transit_gateway_routes) {
            searches++;
            ASSERT_TRUE(s_body_has(&e, i, "route-search."));
        }
        if (op == &gc_op_ec2_describe_transit_gateway_attachments && !s_body_has(&e, i, "TransitGatewayAttachmentId") &&
            !s_body_has(&e, i, "tag-key"))
            lists++;
    }
    ASSERT_INT_EQ(whole_tables, 1);
    ASSERT_INT_EQ(searches, 2 * 3 * 3); /* two plans: 3 domains x exact, inside, around */
    ASSERT_INT_EQ(lists, 0);
    /* the overlap check still sees another connection's range through its own questions */
    struct gc_value *planned = NULL, *o = s_config("10.104.0.0/20", "resident_records");
    gc_read_cache_bump(e.rr.prov.read_cache);
    ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, o, &planned) != 0);
    ASSERT_TRUE(rr_diag_on(&e.rr.diags, "cidrs", "Overlapping address ranges"));
    gc_value_free(planned);
    gc_value_free(o);
    gc_value_free(state);
    gc_value_free(second);
    gc_value_free(c);
    gc_read_cache_free(e.rr.prov.read_cache);
    s_env_clean_up(&e);
}

/* A route for the range toward something else appears between the plan and the apply: CreateRoute answers
 * RouteAlreadyExists, and the create names that route's target instead of taking it over. */
GC_TEST(a_route_made_meanwhile_is_not_taken_over)
{
    struct env e;
    struct gc_value *planned = NULL, *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, NULL, c, &planned), 0);
    snprintf(e.st.other_route, sizeof e.st.other_route, "10.50.0.0/16");
    ASSERT_TRUE(gc_apply_resource(DEF, &e.rr.prov, NULL, planned, &state, &e.rr.diags) != 0);
    ASSERT_TRUE(rr_diag_on(&e.rr.diags, "cidrs", "Route taken in the ops VPC"));
    bool named = false;
    for (size_t i = 0; i < e.rr.diags.n; i++)
        named = named || (e.rr.diags.items[i].detail && strstr(e.rr.diags.items[i].detail, "nat-1"));
    ASSERT_TRUE(named);
    ASSERT_INT_EQ(e.st.n_routes, 0);
    gc_value_free(planned);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* A create killed after its ops VPC route: the next plan sees that route toward the TGW. It is this connection's own
 * when its attachment's bookkeeping tag lists the range (s_retag runs before any route), so the plan passes and the
 * apply finishes; without the tag the same route is another network's and the plan refuses the overlap. */
GC_TEST(interrupted_create_owns_its_ops_vpc_route)
{
    for (int tagged = 1; tagged >= 0; tagged--) {
        struct env e;
        struct gc_value *planned = NULL, *state = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        e.st.att_state = "available";
        snprintf(e.st.routes[0], sizeof e.st.routes[0], "10.50.0.0/16");
        e.st.n_routes = 1;
        if (tagged) {
            snprintf(e.st.tag_keys[0], sizeof e.st.tag_keys[0], "gcnet:asp-cidrs");
            snprintf(e.st.tag_values[0], sizeof e.st.tag_values[0], "10.50.0.0/16");
            e.st.n_tags = 1;
        }
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        int rc = rr_plan_in_place(&e.rr, NULL, c, &planned);
        printf("# tagged %d: plan rc %d\n", tagged, rc);
        if (tagged) {
            ASSERT_INT_EQ(rc, 0);
            ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
            ASSERT_INT_EQ(e.st.n_routes, 1); /* kept, not made twice */
            ASSERT_INT_EQ(e.st.assoc, 2);
        } else {
            ASSERT_TRUE(rc != 0);
            ASSERT_TRUE(rr_diag_on(&e.rr.diags, "cidrs", "Overlapping address ranges"));
        }
        gc_value_free(planned);
        gc_value_free(state);
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
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    e.st.prop[3] = false; /* ops propagation removed */
    e.st.prop[2] = true;  /* a propagation into asp: other ASPs would reach this one */
    e.st.assoc = 0;
    e.st.n_routes = 0;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(read, "route_table_id")));
    ASSERT_TRUE(rr_has_string(gc_value_object_get(read, "propagated_domains"), "asp"));
    ASSERT_INT_EQ((int)gc_value_length(gc_value_object_get(read, "ops_vpc_routes")), 0);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, read));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, read, planned, &after, &e.rr.diags), 0);
    ASSERT_INT_EQ(e.st.assoc, 2);
    ASSERT_TRUE(e.st.prop[1] && e.st.prop[3] && !e.st.prop[2]);
    ASSERT_INT_EQ(e.st.n_routes, 1);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_accept_transit_gateway_vpc_attachment), 1);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* The destroy's ops VPC route, in a process of its own (a read cache, as the provider has): deleted without reading
 * the tables again when the process's first look saw it toward the TGW, so a destroy of N connections reads the
 * tables' routes once, not N times (README "At scale"); looked at afresh when that look did not see it (made since,
 * in the same process); never deleted when it leads anywhere else (another network's route for the same range); a
 * delete run again (a retry after a lost answer) is done. The other connections' routes stay in every case. */
struct route_case {
    const char *name;
    bool create_first; /* the create runs in the destroy's process: its first look is from before the route */
    bool other;        /* the range now leads to a NAT gateway (someone replaced the route) */
    bool twice;        /* the delete runs a second time */
    int describes;     /* DescribeRouteTables in the destroy(s) */
    int deletes;       /* DeleteRoute in the destroy(s) */
};

static const struct route_case s_route_cases[] = {
    {"seen toward the TGW at the first look", false, false, false, 1, 1},
    {"deleted twice", false, false, true, 1, 2},
    {"made after the first look", true, false, false, 1, 1},
    {"another network's route for the range", false, true, false, 2, 0},
};

GC_TEST(destroy_deletes_its_own_ops_vpc_route_without_reading_the_tables_per_delete)
{
    for (size_t k = 0; k < sizeof s_route_cases / sizeof s_route_cases[0]; k++) {
        const struct route_case *rc = &s_route_cases[k];
        struct env e;
        struct gc_value *state = NULL;
        printf("# %s\n", rc->name);
        ASSERT_INT_EQ(s_env_init(&e), 0);
        for (int i = 0; i < 10; i++)
            snprintf(e.st.routes[e.st.n_routes++], sizeof e.st.routes[0], "10.%d.0.0/16", 100 + i);
        if (rc->create_first)
            e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
        ASSERT_INT_EQ(e.st.n_routes, 11);
        if (rc->other) {
            e.st.n_routes--; /* 10.50.0.0/16 was made last */
            snprintf(e.st.other_route, sizeof e.st.other_route, "10.50.0.0/16");
        }
        if (!rc->create_first)
            e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
        int describes = fw_count(e.rr.world, &gc_op_ec2_describe_route_tables);
        ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
        if (rc->twice)
            ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
        ASSERT_INT_EQ(e.st.n_routes, 10);
        for (int i = 0; i < e.st.n_routes; i++)
            ASSERT_TRUE(strcmp(e.st.routes[i], "10.50.0.0/16") != 0);
        ASSERT_STR_EQ(e.st.other_route, rc->other ? "10.50.0.0/16" : "");
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_describe_route_tables) - describes, rc->describes);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_delete_route), rc->deletes);
        gc_value_free(state);
        gc_value_free(c);
        gc_read_cache_free(e.rr.prov.read_cache);
        s_env_clean_up(&e);
    }
}

GC_TEST(destroy_unwires_and_keeps_the_attachment)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
    ASSERT_INT_EQ(e.st.assoc, 0);
    ASSERT_FALSE(e.st.prop[1] || e.st.prop[2] || e.st.prop[3]);
    ASSERT_INT_EQ(e.st.n_routes, 0);
    ASSERT_INT_EQ(e.st.n_tags, 0);
    ASSERT_FALSE(e.st.att_gone);
    ASSERT_STR_EQ(e.st.att_state, "available");
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_delete_transit_gateway_vpc_attachment), 0);
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
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_TRUE(gc_import_resource(DEF, &e.rr.prov, "vpc-0123456789abcdef0", &imported, &e.rr.diags) != 0);
    gc_diags_clean_up(&e.rr.diags);
    gc_diags_init(&e.rr.diags);
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, CW_ATT, &imported, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "name"), "naruto-a");
    ASSERT_STR_EQ(gc_value_get_string(read, "hub_id"), CW_TGW);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    gc_value_free(state);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* ---- refresh through the provider's read cache (framework/gc_read_cache.h) ---- */

GC_TEST(refresh_reads_the_hub_once_and_never_across_a_write)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *again = NULL, *planned = NULL, *after = NULL, *fresh = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    /* the refresh of a later plan: a new provider process, nothing written through it yet */
    e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
    ASSERT_TRUE(e.rr.prov.read_cache != NULL);
    size_t before = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    size_t first = fw_n_calls(e.rr.world) - before;
    /* TGW, route tables, VPC, VPC route tables, the hub's attachments, 3 tables' propagations */
    ASSERT_INT_EQ((int)first, 8);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_describe_transit_gateway_attachments) > 0, 1);
    /* a second connection's read (the same one here) costs nothing more */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &again, &e.rr.diags), 0);
    ASSERT_INT_EQ((int)(fw_n_calls(e.rr.world) - before), (int)first);
    ASSERT_TRUE(gc_value_equal(read, again));
    /* drift, seen by the next plan's process; then an apply repairs it: what the reads kept before the apply is
     * not used after it */
    e.st.prop[3] = false;
    e.st.n_routes = 0;
    gc_read_cache_free(e.rr.prov.read_cache);
    e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
    gc_value_free(read);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_INT_EQ((int)gc_value_length(gc_value_object_get(read, "ops_vpc_routes")), 0);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, read, planned, &after, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, after, &fresh, &e.rr.diags), 0);
    ASSERT_INT_EQ((int)gc_value_length(gc_value_object_get(fresh, "ops_vpc_routes")), 1);
    ASSERT_TRUE(rr_has_string(gc_value_object_get(fresh, "propagated_domains"), "ops"));
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(again);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(fresh);
    gc_value_free(c);
    gc_read_cache_free(e.rr.prov.read_cache);
    s_env_clean_up(&e);
}

/* The hub's TGW, tables and VPC are asked at once (conn_model.c s_hub_load): what the tables' describe said counts
 * only for a TGW that exists. */
static const char s_tgw_not_found[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>InvalidTransitGatewayID.NotFound</Code>"
    "<Message>gone</Message></Error></Errors><RequestID>req-tgw</RequestID></Response>";
static const char s_rt_refused[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>UnauthorizedOperation</Code>"
    "<Message>no</Message></Error></Errors><RequestID>req-rt</RequestID></Response>";

GC_TEST(a_gone_hub_is_gone_whatever_its_tables_said)
{
    static const struct {
        bool tgw_gone; /* the TGW's describe says it does not exist: the connection is gone, no error */
        bool rt_error; /* the tables' error is a diagnostic and the read fails */
    } cases[] = {{true, false}, {false, true}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct env e;
        struct gc_value *state = NULL, *read = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
        ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
        e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
        if (cases[k].tgw_gone)
            ASSERT_INT_EQ(fw_fail(e.rr.world, &gc_op_ec2_describe_transit_gateways, 400, s_tgw_not_found, 100), 0);
        ASSERT_INT_EQ(fw_fail(e.rr.world, &gc_op_ec2_describe_transit_gateway_route_tables, 403, s_rt_refused, 100), 0);
        int rc = gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags);
        bool said = false;
        for (size_t i = 0; i < e.rr.diags.n; i++)
            said = said || (e.rr.diags.items[i].detail && strstr(e.rr.diags.items[i].detail, "UnauthorizedOperation"));
        bool gone = rc == 0 && read == NULL;
        ASSERT_INT_EQ(gone, cases[k].tgw_gone);
        ASSERT_INT_EQ(said, cases[k].rt_error);
        ASSERT_INT_EQ(gc_diags_has_error(&e.rr.diags), cases[k].rt_error);
        gc_value_free(state);
        gc_value_free(read);
        gc_value_free(c);
        gc_read_cache_free(e.rr.prov.read_cache);
        s_env_clean_up(&e);
    }
}

/* ---- method privatelink ---- */

static struct gc_value *s_ports(int64_t a, int64_t b)
{
    struct gc_value *s = gc_value_new_collection(&gc_asp_type_set_number);
    if (s && a)
        gc_value_append(s, gc_value_new_int(a));
    if (s && b)
        gc_value_append(s, gc_value_new_int(b));
    return s;
}

static struct gc_value *s_pl_config(void)
{
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    if (!c)
        return NULL;
    gc_value_set_string(c, "hub_id", CW_TGW);
    gc_value_set_string(c, "name", "naruto-a");
    gc_value_set_string(c, "vendor", "Vendor A");
    gc_value_set_string(c, "method", "privatelink");
    gc_value_set_string(c, "service_name", CW_SERVICE);
    gc_value_object_set(c, "allowed_cidrs", rr_string_set("172.16.0.0/16", "192.168.10.0/24"));
    gc_value_object_set(c, "ports", s_ports(443, 8443));
    gc_value_object_set(c, "business_systems", rr_string_set("resident_records", NULL));
    return c;
}

static int s_pl_env(struct env *e)
{
    if (s_env_init(e) != 0)
        return -1;
    e->st.municipality = "mima"; /* the catalog has PrivateLink ordered for Mima */
    e->st.ep_polls = 2;
    return 0;
}

static bool s_warned(const struct gc_diags *d, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == GC_SEV_WARNING && d->items[i].summary && strstr(d->items[i].summary, text))
            return true;
    return false;
}

struct pl_bad_case {
    const char *attr;
    const char *value; /* string attributes; "port:N" for ports, "cidr:X" for allowed_cidrs, "set:X" for cidrs */
    const char *summary;
};

static const struct pl_bad_case s_pl_bad[] = {
    {"service_name", "com.amazonaws.ap-northeast-1.s3", "Invalid endpoint service name"},
    {"service_name", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "Invalid endpoint service name"},
    {"service_name", "com.amazonaws.vpce.ap-northeast-1.vpce-svc-XYZ", "Invalid endpoint service name"},
    {"service_name", NULL, "Missing service_name"},
    {"ports", "port:0", "Invalid port"},
    {"ports", "port:65536", "Invalid port"},
    {"allowed_cidrs", "cidr:172.16.0.1/16", "Invalid CIDR block"},
    {"attachment_id", CW_ATT, "Argument not used by privatelink"},
    {"cidrs", "set:10.50.0.0/16", "Argument not used by privatelink"},
    {"allowed_cidrs", NULL, "Missing allowed_cidrs"},
};

GC_TEST(privatelink_validation_before_any_aws_call)
{
    for (size_t i = 0; i < sizeof s_pl_bad / sizeof s_pl_bad[0]; i++) {
        const struct pl_bad_case *b = &s_pl_bad[i];
        struct env e;
        ASSERT_INT_EQ(s_pl_env(&e), 0);
        struct gc_value *c = s_pl_config();
        if (b->value && strncmp(b->value, "port:", 5) == 0) {
            struct gc_value *ports = s_ports(443, 0);
            gc_value_append(ports, gc_value_new_int(strtol(b->value + 5, NULL, 10)));
            gc_value_object_set(c, b->attr, ports);
        } else if (b->value && strncmp(b->value, "cidr:", 5) == 0)
            gc_value_object_set(c, b->attr, rr_string_set(b->value + 5, NULL));
        else if (b->value && strncmp(b->value, "set:", 4) == 0)
            gc_value_object_set(c, b->attr, rr_string_set(b->value + 4, NULL));
        else if (strcmp(b->attr, "allowed_cidrs") == 0)
            gc_value_object_set(c, b->attr, gc_value_new_null(&gc_type_set_string));
        else
            gc_value_set_string(c, b->attr, b->value);
        bool refused = rr_refused_before_aws(&e.rr, c, b->attr, b->summary);
        if (!refused)
            printf("# case %zu (%s=%s)\n", i, b->attr, b->value ? b->value : "null");
        gc_value_free(c);
        s_env_clean_up(&e);
        ASSERT_TRUE(refused);
    }
    /* and the other way round: a transit_gateway connection refuses the endpoint's arguments */
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    gc_value_object_set(c, "ports", s_ports(443, 0));
    bool refused = rr_refused_before_aws(&e.rr, c, "ports", "Argument not used by transit_gateway");
    gc_value_free(c);
    s_env_clean_up(&e);
    ASSERT_TRUE(refused);
}

GC_TEST(privatelink_create_endpoint_group_and_rules)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_pl_env(&e), 0);
    struct gc_value *c = s_pl_config();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_TRUE(e.st.ep_exists && e.st.sg_exists);
    ASSERT_FALSE(e.st.sg_egress_open);
    ASSERT_INT_EQ(e.st.n_perms, 4);
    ASSERT_TRUE(cw_has_perm(&e.st, "tcp|443|172.16.0.0/16") && cw_has_perm(&e.st, "tcp|8443|192.168.10.0/24"));
    ASSERT_STR_EQ(e.st.ep_created_with[0], "Interface");
    ASSERT_STR_EQ(e.st.ep_created_with[1], "subnet-a"); /* both of the ops VPC's subnets */
    ASSERT_STR_EQ(e.st.ep_created_with[2], "subnet-b");
    ASSERT_STR_EQ(e.st.ep_created_with[3], CW_SG);
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), CW_VPCE);
    ASSERT_STR_EQ(gc_value_get_string(state, "vpc_endpoint_id"), CW_VPCE);
    ASSERT_STR_EQ(gc_value_get_string(state, "security_group_id"), CW_SG);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available"); /* waited through "pending" */
    const struct gc_value *ips = gc_value_object_get(state, "ip_addresses");
    ASSERT_INT_EQ((int)gc_value_length(ips), 2);
    ASSERT_STR_EQ(gc_value_string(gc_value_index(ips, 0)), "10.2.0.10");
    ASSERT_TRUE(strstr(gc_value_string(gc_value_index(gc_value_object_get(state, "dns_names"), 0)), CW_VPCE) != NULL);
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(state, "attachment_id")));
    /* nothing on the Transit Gateway side, no VPC route */
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_associate_transit_gateway_route_table), 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_route), 0);
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    bool tagged = false;
    for (int i = 0; i < e.st.n_ep_tags; i++)
        tagged = tagged || (strcmp(e.st.ep_tag_keys[i], "gcnet:asp-connection") == 0 &&
                            strcmp(e.st.ep_tag_values[i], "naruto-a") == 0);
    ASSERT_TRUE(tagged);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(privatelink_pending_acceptance_is_shown_not_failed)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *read2 = NULL;
    ASSERT_INT_EQ(s_pl_env(&e), 0);
    e.st.ep_create_state = "pendingAcceptance";
    struct gc_value *c = s_pl_config();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "pendingAcceptance");
    ASSERT_TRUE(s_warned(&e.rr.diags, "acceptance"));
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read)); /* nothing to apply: the ASP acts */
    e.st.ep_state = "available";                /* the ASP accepts */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, read, &read2, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read2, "state"), "available");
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(read2);
    gc_value_free(planned);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(privatelink_only_where_the_catalog_ordered_it)
{
    struct env e;
    struct gc_value *planned = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0); /* naruto: no PrivateLink ordered */
    struct gc_value *c = s_pl_config();
    ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, c, &planned) != 0);
    ASSERT_TRUE(rr_diag_on(&e.rr.diags, "method", "PrivateLink not ordered"));
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_vpc_endpoint), 0);
    gc_value_free(planned);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(privatelink_rule_drift_repaired_and_ports_changed_in_place)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *after = NULL, *after2 = NULL;
    ASSERT_INT_EQ(s_pl_env(&e), 0);
    struct gc_value *c = s_pl_config();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    e.st.n_perms = 3; /* the last rule removed outside Terraform */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_FALSE(
        gc_value_equal(gc_value_object_get(read, "allowed_cidrs"), gc_value_object_get(state, "allowed_cidrs")) &&
        gc_value_equal(gc_value_object_get(read, "ports"), gc_value_object_get(state, "ports")));
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, read));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, read, planned, &after, &e.rr.diags), 0);
    ASSERT_INT_EQ(e.st.n_perms, 4);
    /* ports 443 only: the 8443 rules go, the endpoint stays */
    gc_value_object_set(c, "ports", s_ports(443, 0));
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, after, c, &after2), 0);
    ASSERT_INT_EQ(e.st.n_perms, 2);
    ASSERT_FALSE(cw_has_perm(&e.st, "tcp|8443|172.16.0.0/16"));
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_vpc_endpoint), 1);
    ASSERT_STR_EQ(gc_value_get_string(after2, "id"), CW_VPCE);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(after2);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(privatelink_interrupted_create_adopts_destroy_and_import)
{
    struct env e;
    struct gc_value *first = NULL, *state = NULL, *imported = NULL, *read = NULL, *planned = NULL;
    ASSERT_INT_EQ(s_pl_env(&e), 0);
    struct gc_value *c = s_pl_config();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &first), 0);
    /* a second create (the first one's answer lost) adopts the endpoint and the group */
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_vpc_endpoint), 1);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_security_group), 1);
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), CW_VPCE);
    /* import by the endpoint id, then no changes */
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, CW_VPCE, &imported, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "method"), "privatelink");
    ASSERT_STR_EQ(gc_value_get_string(read, "service_name"), CW_SERVICE);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    /* destroy: the endpoint and gcnet's group go */
    ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
    ASSERT_FALSE(e.st.ep_exists);
    ASSERT_FALSE(e.st.sg_exists);
    gc_value_free(first);
    gc_value_free(state);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* ---- method tgw_peering ---- */

static struct gc_value *s_peer_config(const char *attachment_id)
{
    struct gc_value *c = s_config("10.60.0.0/16", "resident_records");
    gc_value_set_string(c, "method", "tgw_peering");
    gc_value_set_string(c, "attachment_id", attachment_id);
    gc_value_set_string(c, "peer_transit_gateway_id", CW_PEER_TGW);
    gc_value_set_string(c, "peer_account_id", CW_PEER_ACCOUNT);
    gc_value_set_string(c, "peer_region", CW_PEER_REGION);
    return c;
}

static int s_peer_env(struct env *e)
{
    int rc = s_env_init(e);
    e->st.peering = true;
    e->st.att_gone = true; /* nothing yet: gcnet creates it */
    return rc;
}

static const struct bad_case s_peer_bad[] = {
    {"peer_region", "us-east-1", "Invalid peer region"},
    {"peer_account_id", "12345", "Invalid account ID"},
    {"peer_account_id", "12345678901x", "Invalid account ID"},
    {"peer_transit_gateway_id", "tgw-XYZ", "Invalid transit gateway ID"},
    {"peer_region", NULL, "Missing peer_region"},
    {"peer_transit_gateway_id", NULL, "Missing peer_transit_gateway_id"},
    {"service_name", CW_SERVICE, "Argument not used by tgw_peering"},
    {"cidrs", NULL, "Missing cidrs"},
};

GC_TEST(peering_validation_before_any_aws_call)
{
    for (size_t i = 0; i < sizeof s_peer_bad / sizeof s_peer_bad[0]; i++) {
        const struct bad_case *b = &s_peer_bad[i];
        struct env e;
        ASSERT_INT_EQ(s_peer_env(&e), 0);
        struct gc_value *c = s_peer_config(NULL);
        if (strcmp(b->attr, "cidrs") == 0)
            gc_value_object_set(c, "cidrs", gc_value_new_null(&gc_type_set_string));
        else
            gc_value_set_string(c, b->attr, b->value);
        bool refused = rr_refused_before_aws(&e.rr, c, b->attr, b->summary);
        if (!refused)
            printf("# case %zu (%s=%s)\n", i, b->attr, b->value ? b->value : "null");
        gc_value_free(c);
        s_env_clean_up(&e);
        ASSERT_TRUE(refused);
    }
    /* and a transit_gateway connection refuses the peering's arguments */
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    gc_value_set_string(c, "peer_region", CW_PEER_REGION);
    bool refused = rr_refused_before_aws(&e.rr, c, "peer_region", "Argument not used by transit_gateway");
    gc_value_free(c);
    s_env_clean_up(&e);
    ASSERT_TRUE(refused);
}

static int s_count_routes_to(const struct cw_state *st, int table)
{
    int n = 0;
    for (int i = 0; i < st->n_tgw_routes; i++)
        n += st->tgw_routes[i].table == table;
    return n;
}

GC_TEST(peering_created_waits_for_the_asp_then_routes_statically)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *read2 = NULL, *planned2 = NULL, *wired = NULL;
    ASSERT_INT_EQ(s_peer_env(&e), 0);
    struct gc_value *c = s_peer_config(NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(e.st.peer_creates, 1);
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), CW_ATT);
    ASSERT_STR_EQ(gc_value_get_string(state, "attachment_id"), CW_ATT);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "pendingAcceptance");
    ASSERT_TRUE(s_warned(&e.rr.diags, "acceptance"));
    ASSERT_TRUE(cw_has_tag(&e.st, "gcnet:create-token", NULL)); /* the create marker: gcnet made it */
    ASSERT_TRUE(cw_has_tag(&e.st, "gcnet:asp-connection", "naruto-a"));
    ASSERT_INT_EQ(e.st.assoc, 0); /* nothing wired before the ASP accepts */
    ASSERT_INT_EQ(e.st.n_tgw_routes, 0);
    /* while pending: a clean plan */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "peer_region"), CW_PEER_REGION);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    /* the ASP accepts: the refresh shows it, the plan shows the wiring, the apply adds it */
    e.st.att_state = "available";
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, read, &read2, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read2, "state"), "available");
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read2, c, &planned2), 0);
    ASSERT_FALSE(gc_value_equal(planned2, read2));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, read2, planned2, &wired, &e.rr.diags), 0);
    ASSERT_INT_EQ(e.st.assoc, 2);                                /* asp */
    ASSERT_TRUE(cw_tgw_route(&e.st, 1, "10.60.0.0/16", CW_ATT)); /* onprem */
    ASSERT_TRUE(cw_tgw_route(&e.st, 3, "10.60.0.0/16", CW_ATT)); /* ops */
    ASSERT_INT_EQ(s_count_routes_to(&e.st, 2), 0);               /* never in asp: no other ASP reaches it */
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_enable_transit_gateway_route_table_propagation), 0);
    ASSERT_INT_EQ(e.st.n_routes, 1); /* the ops VPC */
    ASSERT_STR_EQ(e.st.routes[0], "10.60.0.0/16");
    ASSERT_TRUE(rr_has_string(gc_value_object_get(wired, "static_route_domains"), "onprem"));
    ASSERT_TRUE(rr_has_string(gc_value_object_get(wired, "static_route_domains"), "ops"));
    ASSERT_INT_EQ((int)gc_value_length(gc_value_object_get(wired, "propagated_domains")), 0);
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(read2);
    gc_value_free(planned2);
    gc_value_free(wired);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* A wired peering gcnet made: a static route removed outside Terraform shows and is repaired; destroy deletes it. */
GC_TEST(peering_drift_repaired_then_destroy_deletes_gcnets_peering)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *wired = NULL, *drifted = NULL, *planned = NULL, *fixed = NULL;
    ASSERT_INT_EQ(s_peer_env(&e), 0);
    struct gc_value *c = s_peer_config(NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    e.st.att_state = "available";
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, read, c, &wired), 0);
    ASSERT_INT_EQ(e.st.n_tgw_routes, 2);
    e.st.n_tgw_routes = 1; /* the ops table's route removed outside Terraform (it was added second) */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, wired, &drifted, &e.rr.diags), 0);
    ASSERT_FALSE(rr_has_string(gc_value_object_get(drifted, "static_route_domains"), "ops"));
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, drifted, c, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, drifted));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, drifted, planned, &fixed, &e.rr.diags), 0);
    ASSERT_TRUE(cw_tgw_route(&e.st, 3, "10.60.0.0/16", CW_ATT));
    ASSERT_INT_EQ(e.st.peer_creates, 1);
    ASSERT_INT_EQ(rr_destroy(&e.rr, fixed), 0);
    ASSERT_INT_EQ(e.st.n_tgw_routes, 0);
    ASSERT_INT_EQ(e.st.assoc, 0);
    ASSERT_INT_EQ(e.st.n_routes, 0);
    ASSERT_STR_EQ(e.st.att_state, "deleted"); /* gcnet created it: it goes with the connection */
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(wired);
    gc_value_free(drifted);
    gc_value_free(planned);
    gc_value_free(fixed);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(peering_interrupted_create_is_adopted)
{
    struct env e;
    struct gc_value *first = NULL, *second = NULL;
    ASSERT_INT_EQ(s_peer_env(&e), 0);
    struct gc_value *c = s_peer_config(NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &first), 0);
    /* the first answer lost: the next create finds the peering by the connection's tags */
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &second), 0);
    ASSERT_INT_EQ(e.st.peer_creates, 1);
    ASSERT_STR_EQ(gc_value_get_string(second, "id"), CW_ATT);
    gc_value_free(first);
    gc_value_free(second);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* The ASP made the peering: gcnet checks where it leads, accepts it, wires it; import rebuilds the state; destroy
 * unwires and leaves the ASP's peering. */
GC_TEST(peering_of_the_asp_accepted_imported_and_kept)
{
    struct env e;
    struct gc_value *planned = NULL, *state = NULL, *imported = NULL, *read = NULL, *again = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.peering = true;
    e.st.peer_requested_by_asp = true;
    e.st.att_state = "pendingAcceptance";
    struct gc_value *c = s_peer_config(CW_ATT);
    gc_value_set_string(c, "peer_region", "ap-northeast-1");
    ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, c, &planned) != 0);
    ASSERT_TRUE(rr_diag_on(&e.rr.diags, "peer_region", "Peering leads elsewhere"));
    gc_value_set_string(c, "peer_region", CW_PEER_REGION);
    gc_diags_clean_up(&e.rr.diags);
    gc_diags_init(&e.rr.diags);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_accept_transit_gateway_peering_attachment), 1);
    ASSERT_INT_EQ(e.st.peer_creates, 0);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
    ASSERT_INT_EQ(e.st.assoc, 2);
    ASSERT_TRUE(cw_tgw_route(&e.st, 1, "10.60.0.0/16", CW_ATT) && cw_tgw_route(&e.st, 3, "10.60.0.0/16", CW_ATT));
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, CW_ATT, &imported, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "method"), "tgw_peering");
    ASSERT_STR_EQ(gc_value_get_string(read, "peer_transit_gateway_id"), CW_PEER_TGW);
    ASSERT_STR_EQ(gc_value_get_string(read, "peer_account_id"), CW_PEER_ACCOUNT);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &again), 0);
    ASSERT_TRUE(gc_value_equal(again, read));
    ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
    ASSERT_INT_EQ(e.st.n_tgw_routes, 0);
    ASSERT_INT_EQ(e.st.assoc, 0);
    ASSERT_STR_EQ(e.st.att_state, "available"); /* the ASP's peering stays */
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_delete_transit_gateway_peering_attachment), 0);
    gc_value_free(planned);
    gc_value_free(state);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(again);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* ---- reachable_from ---- */

/* By construction: the only routes toward an ASP that any member table holds come from gc_asp_pair_wanted, which
 * the apply uses for every table it syncs. Over every graph of four connections (each may name each other one:
 * 2^12 graphs), X's table routes toward Y exactly when X names Y or Y names X, the routes are exactly Y's networks,
 * and a connection in no pair has no member table (it stays on asp, which holds no route toward an ASP). */
GC_TEST(asps_reach_each_other_only_through_reachable_from)
{
    static const char *const ids[4] = {"tgw-attach-a", "tgw-attach-b", "tgw-attach-c", "tgw-attach-d"};
    static const char *const cidrs[4][2] = {
        {"10.50.0.0/16", NULL}, {"10.51.0.0/16", "10.151.0.0/16"}, {"10.52.0.0/16", NULL}, {"10.53.0.0/16", NULL}};
    static const size_t n_cidrs[4] = {1, 2, 1, 1};
    for (unsigned graph = 0; graph < (1u << 12); graph++) {
        const char *declared[4][4] = {{0}};
        struct gc_asp_node nodes[4];
        bool names[4][4] = {{false}};
        unsigned bit = 0;
        for (int x = 0; x < 4; x++) {
            size_t n = 0;
            for (int y = 0; y < 4; y++) {
                if (x == y)
                    continue;
                names[x][y] = (graph >> bit++) & 1u;
                if (names[x][y])
                    declared[x][n++] = ids[y];
            }
            declared[x][n] = NULL;
            /* a name that is no connection (a deleted one) never counts */
            if (n < 3)
                declared[x][n++] = "tgw-attach-gone";
            nodes[x] = (struct gc_asp_node){ids[x], cidrs[x], n_cidrs[x], declared[x], n};
        }
        for (int x = 0; x < 4; x++) {
            struct gc_asp_route routes[16];
            size_t n = gc_asp_pair_wanted(nodes, 4, ids[x], routes, 16);
            ASSERT_TRUE(n <= 16);
            size_t expect = 0;
            for (int y = 0; y < 4; y++) {
                bool linked = x != y && (names[x][y] || names[y][x]);
                size_t toward = 0;
                for (size_t k = 0; k < n; k++)
                    if (strcmp(routes[k].att_id, ids[y]) == 0) {
                        bool own = false;
                        for (size_t c = 0; c < n_cidrs[y]; c++)
                            own = own || strcmp(routes[k].cidr, cidrs[y][c]) == 0;
                        ASSERT_TRUE(own); /* only the partner's own networks */
                        toward++;
                    }
                if (toward != (linked ? n_cidrs[y] : 0) || gc_asp_pair_linked(nodes, 4, ids[x], ids[y]) != linked ||
                    gc_asp_pair_linked(nodes, 4, ids[y], ids[x]) != linked) {
                    printf("# graph %#x: %s -> %s: %zu routes, linked %d\n", graph, ids[x], ids[y], toward, linked);
                    ASSERT_TRUE(false);
                }
                expect += linked ? n_cidrs[y] : 0;
            }
            ASSERT_INT_EQ((int)n, (int)expect); /* nothing toward anything else */
        }
    }
}

/* The case: A and B paired (named on one side only), C not: A and B reach each other, C neither. */
GC_TEST(a_pair_named_on_one_side_leaves_the_third_asp_out)
{
    static const char *const a_names[] = {"tgw-attach-b"};
    static const char *const ca[] = {"10.50.0.0/16"}, *const cb[] = {"10.51.0.0/16"}, *const cc[] = {"10.52.0.0/16"};
    const struct gc_asp_node nodes[3] = {
        {"tgw-attach-a", ca, 1, a_names, 1}, {"tgw-attach-b", cb, 1, NULL, 0}, {"tgw-attach-c", cc, 1, NULL, 0}};
    struct gc_asp_route r[4];
    ASSERT_INT_EQ((int)gc_asp_pair_wanted(nodes, 3, "tgw-attach-a", r, 4), 1);
    ASSERT_STR_EQ(r[0].att_id, "tgw-attach-b");
    ASSERT_STR_EQ(r[0].cidr, "10.51.0.0/16");
    ASSERT_INT_EQ((int)gc_asp_pair_wanted(nodes, 3, "tgw-attach-b", r, 4), 1);
    ASSERT_STR_EQ(r[0].att_id, "tgw-attach-a");
    ASSERT_INT_EQ((int)gc_asp_pair_wanted(nodes, 3, "tgw-attach-c", r, 4), 0);
    ASSERT_FALSE(gc_asp_pair_linked(nodes, 3, "tgw-attach-a", "tgw-attach-a"));
}

GC_TEST(reachable_from_is_checked_before_and_at_plan)
{
    /* refused before any AWS call: not an attachment id; on a privatelink connection */
    struct env e;
    struct gc_value *planned = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    gc_value_object_set(c, "reachable_from", rr_string_set("vpce-0123456789abcdef0", NULL));
    ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, c, &planned) != 0);
    ASSERT_TRUE(rr_diag_on(&e.rr.diags, "reachable_from", "Invalid partner connection"));
    ASSERT_INT_EQ((int)fw_n_calls(e.rr.world), 0);
    gc_value_free(planned);
    planned = NULL;
    gc_value_free(c);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(s_pl_env(&e), 0);
    c = s_pl_config();
    gc_value_object_set(c, "reachable_from", rr_string_set(CW_ATT, NULL));
    ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, c, &planned) != 0);
    ASSERT_TRUE(rr_diag_on(&e.rr.diags, "reachable_from", "Argument not used by privatelink"));
    gc_value_free(planned);
    planned = NULL;
    gc_value_free(c);
    s_env_clean_up(&e);
    /* at plan: a partner that is no gcnet connection of the hub, and the connection itself */
    static const struct {
        const char *partner;
        const char *summary;
    } cases[] = {{"tgw-attach-0000000000000000ff", "Unknown partner connection"}, {CW_ATT, "Connection names itself"}};
    for (size_t i = 0; i < 2; i++) {
        ASSERT_INT_EQ(s_env_init(&e), 0);
        c = s_config("10.50.0.0/16", "resident_records");
        gc_value_object_set(c, "reachable_from", rr_string_set(cases[i].partner, NULL));
        ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, c, &planned) != 0);
        ASSERT_TRUE(rr_diag_on(&e.rr.diags, "reachable_from", cases[i].summary));
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_associate_transit_gateway_route_table), 0);
        gc_value_free(planned);
        planned = NULL;
        gc_value_free(c);
        s_env_clean_up(&e);
    }
}

/* Without reachable_from nothing changes: the connection stays on asp, paired_with is empty and the read costs no
 * graph look-up. */
GC_TEST(no_partners_stays_on_asp)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_config("10.50.0.0/16", "resident_records");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(e.st.assoc, 2);
    ASSERT_INT_EQ((int)gc_value_length(gc_value_object_get(state, "paired_with")), 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_transit_gateway_route_table), 0);
    int describes = fw_count(e.rr.world, &gc_op_ec2_describe_transit_gateway_route_tables);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_describe_transit_gateway_route_tables), describes + 1); /* the hub */
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    gc_value_free(state);
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
        GC_CASE(validation_before_any_aws_call),
        GC_CASE(create_accepts_associates_propagates_and_routes),
        GC_CASE(wiring_awaited_in_one_loop),
        GC_CASE(wiring_not_polled_when_the_writes_answer_done),
        GC_CASE(accept_confirmed_only_when_its_answer_leaves_something_to_know),
        GC_CASE(plan_rejects_systems_not_on_aws_and_overlaps),
        GC_CASE(plan_searches_the_tgw_tables_without_waiting_for_the_vpc),
        GC_CASE(apply_reads_only_what_the_connection_needs),
        GC_CASE(a_route_made_meanwhile_is_not_taken_over),
        GC_CASE(interrupted_create_owns_its_ops_vpc_route),
        GC_CASE(drift_is_shown_and_repaired_in_place),
        GC_CASE(destroy_unwires_and_keeps_the_attachment),
        GC_CASE(destroy_deletes_its_own_ops_vpc_route_without_reading_the_tables_per_delete),
        GC_CASE(import_by_attachment_id_then_no_changes),
        GC_CASE(refresh_reads_the_hub_once_and_never_across_a_write),
        GC_CASE(a_gone_hub_is_gone_whatever_its_tables_said),
        GC_CASE(privatelink_validation_before_any_aws_call),
        GC_CASE(privatelink_create_endpoint_group_and_rules),
        GC_CASE(privatelink_pending_acceptance_is_shown_not_failed),
        GC_CASE(privatelink_only_where_the_catalog_ordered_it),
        GC_CASE(privatelink_rule_drift_repaired_and_ports_changed_in_place),
        GC_CASE(privatelink_interrupted_create_adopts_destroy_and_import),
        GC_CASE(peering_validation_before_any_aws_call),
        GC_CASE(peering_created_waits_for_the_asp_then_routes_statically),
        GC_CASE(peering_drift_repaired_then_destroy_deletes_gcnets_peering),
        GC_CASE(peering_interrupted_create_is_adopted),
        GC_CASE(peering_of_the_asp_accepted_imported_and_kept),
        GC_CASE(asps_reach_each_other_only_through_reachable_from),
        GC_CASE(a_pair_named_on_one_side_leaves_the_third_asp_out),
        GC_CASE(reachable_from_is_checked_before_and_at_plan),
        GC_CASE(no_partners_stays_on_asp)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
