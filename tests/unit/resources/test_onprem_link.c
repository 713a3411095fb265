/* gcnet_onprem_link (method dx_gateway) through the framework against the fake AWS with the link's answers
 * (onprem_world.h): validation before any AWS call (table-driven), the create (association made with the prefixes
 * and waited for, its attachment associated with onprem, propagated into asp and ops and not onprem, the ops VPC's
 * route, tags), allowed_prefixes changed in place (one UpdateDirectConnectGatewayAssociation, nothing deleted or
 * disassociated), plan-time checks (table), drift shown and repaired in place, a failed association kept in state,
 * destroy that deletes the association only, import by the association id then no changes. */
#include <stdio.h>
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "fake_world.h"
#include "framework/gc_plan.h"
#include "framework/gc_read_cache.h"
#include "resource_run.h"
#include "resources/hub_model.h"
#include "gc_test.h"
#include "onprem_world.h"

extern const struct gc_resource_def gc_resource_onprem_link;
#define DEF (&gc_resource_onprem_link)

struct env {
    struct rr_env rr;
    struct ow_state st;
};

static int s_env_init(struct env *e)
{
    memset(e, 0, sizeof *e);
    e->st.cw.att_state = "available";
    if (rr_env_init(&e->rr, DEF) != 0 || ow_install(e->rr.world, &e->st) != 0)
        return -1;
    return 0;
}

static void s_env_clean_up(struct env *e)
{
    rr_env_clean_up(&e->rr);
}

static struct gc_value *s_config(const char *prefix_a, const char *prefix_b, const char *onprem)
{
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    if (!c)
        return NULL;
    gc_value_set_string(c, "hub_id", CW_TGW);
    gc_value_set_string(c, "name", "naruto-lgcs");
    gc_value_set_string(c, "service", "lgcs");
    gc_value_set_string(c, "method", "dx_gateway");
    gc_value_set_string(c, "dx_gateway_id", OW_DXGW);
    gc_value_object_set(c, "allowed_prefixes", rr_string_set(prefix_a, prefix_b));
    gc_value_object_set(c, "onprem_cidrs", rr_string_set(onprem, NULL));
    return c;
}

static struct gc_value *s_default(void)
{
    return s_config("10.2.0.0/16", NULL, "172.16.0.0/16");
}

/* ---- validation ---- */

struct bad_case {
    const char *attr;
    const char *value; /* rr_set_text's: a string, or for the sets one element ("a|b" for two); NULL: null */
    const char *summary;
    const char *path; /* where the error is; NULL: attr */
};

static const struct bad_case s_bad[] = {
    {"hub_id", "tgw-XYZ", "Invalid transit gateway ID", NULL},
    {"dx_gateway_id", "dxgw-0123456789abcdef0", "Invalid Direct Connect gateway ID", NULL},
    {"dx_gateway_id", "5F294F92-BAFB-4011-916D-9B0B0E0A0001", "Invalid Direct Connect gateway ID", NULL},
    {"dx_gateway_id", "5f294f92bafb4011916d9b0b0e0a0001", "Invalid Direct Connect gateway ID", NULL},
    {"dx_gateway_id", NULL, "Missing dx_gateway_id", NULL},
    {"method", "dx", "Invalid connection method", NULL},
    {"service", "lgwan", "Invalid connection service", NULL},
    {"onprem_cidrs", "172.16.0.1/16", "Invalid CIDR block", NULL},
    {"onprem_cidrs", "172.16.0.0/16|172.16.128.0/17", "Overlapping CIDR blocks", NULL},
    {"allowed_prefixes", "10.2.0.0/33", "Invalid CIDR block", NULL},
    {"allowed_prefixes", "172.16.0.0/12", "Premises range advertised to the premises", NULL},
    {"allowed_prefixes", NULL, "Missing allowed_prefixes", NULL},
    {"peering_attachment_id", "tgw-attach-0123456789abcdef0", "Argument not used by dx_gateway", NULL},
    {"peering_attachment_id", "tgw-0123456789abcdef0", "Invalid attachment ID", NULL},
    {"name", "", "Invalid name", NULL},
};

GC_TEST(validation_before_any_aws_call)
{
    for (size_t i = 0; i < sizeof s_bad / sizeof s_bad[0]; i++) {
        const struct bad_case *b = &s_bad[i];
        struct env e;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *c = s_default();
        rr_set_text(&e.rr, c, b->attr, b->value);
        bool refused = rr_refused_before_aws(&e.rr, c, b->path ? b->path : b->attr, b->summary);
        if (!refused)
            printf("# case %zu (%s=%s)\n", i, b->attr, b->value ? b->value : "null");
        gc_value_free(c);
        s_env_clean_up(&e);
        ASSERT_TRUE(refused);
    }
}

/* ---- create ---- */

GC_TEST(create_associates_waits_wires_and_routes)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.assoc_polls = 3; /* associating for three describes: the wait must go on */
    struct gc_value *c = s_config("10.2.0.0/16", "10.50.0.0/16", "172.16.0.0/16");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(e.st.creates, 1);
    ASSERT_TRUE(ow_has_prefix(&e.st, "10.2.0.0/16") && ow_has_prefix(&e.st, "10.50.0.0/16"));
    ASSERT_INT_EQ(e.st.n_prefixes, 2);
    ASSERT_INT_EQ(e.st.updates, 0);
    ASSERT_INT_EQ(e.st.cw.assoc, 1); /* onprem */
    ASSERT_TRUE(e.st.cw.prop[2] && e.st.cw.prop[3]);
    ASSERT_FALSE(e.st.cw.prop[1]);
    ASSERT_INT_EQ(e.st.cw.n_routes, 1);
    ASSERT_STR_EQ(e.st.cw.routes[0], "172.16.0.0/16");
    ASSERT_TRUE(cw_has_tag(&e.st.cw, "gcnet:onprem-link", "naruto-lgcs"));
    ASSERT_TRUE(cw_has_tag(&e.st.cw, "gcnet:onprem-service", "lgcs"));
    ASSERT_TRUE(cw_has_tag(&e.st.cw, "gcnet:onprem-cidrs", "172.16.0.0/16"));
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), OW_ASSOC);
    ASSERT_STR_EQ(gc_value_get_string(state, "association_id"), OW_ASSOC);
    ASSERT_STR_EQ(gc_value_get_string(state, "attachment_id"), CW_ATT);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "associated");
    ASSERT_STR_EQ(gc_value_get_string(state, "route_table_id"), CW_RT_ONPREM);
    ASSERT_TRUE(rr_has_string(gc_value_object_get(state, "routed_domains"), "asp"));
    ASSERT_TRUE(rr_has_string(gc_value_object_get(state, "routed_domains"), "ops"));
    ASSERT_TRUE(fw_count(e.rr.world, &gc_op_directconnect_describe_direct_connect_gateway_associations) >= 4);
    /* every poll of the association reads the gateway's attachment beside it (onprem_link.h
     * gc_onprem_dx_assoc_wait_attached): no round of its own once the association is done */
    int polls = 0, att_looks = 0;
    for (size_t i = 0; i < fw_n_calls(e.rr.world); i++) {
        const struct fw_call *call = fw_call_at(e.rr.world, i);
        if (call->op == &gc_op_directconnect_describe_direct_connect_gateway_associations && call->body &&
            strstr(call->body, "associationId"))
            polls++;
        if (call->op == &gc_op_ec2_describe_transit_gateway_attachments && call->body &&
            strstr(call->body, "direct-connect-gateway"))
            att_looks++;
    }
    ASSERT_TRUE(polls >= 4);
    ASSERT_INT_EQ(att_looks, polls);
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(failed_association_is_kept_in_state)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.create_state = "disassociating"; /* AWS gave it up */
    struct gc_value *c = s_default();
    ASSERT_TRUE(rr_apply_in_place(&e.rr, NULL, c, &state) != 0);
    ASSERT_TRUE(state != NULL);
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), OW_ASSOC);
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(state, "route_table_id")));
    ASSERT_INT_EQ(e.st.cw.assoc, 0);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* ---- allowed prefixes in place ---- */

GC_TEST(allowed_prefixes_change_in_place)
{
    struct env e;
    struct gc_value *state = NULL, *after = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_default();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    int disassociations = fw_count(e.rr.world, &gc_op_ec2_disassociate_transit_gateway_route_table);
    struct gc_value *c2 = s_config("10.2.0.0/16", "10.60.0.0/16", "172.16.0.0/16");
    e.st.assoc_polls = 2;
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, state, c2, &after), 0); /* 2 would be a replacement */
    ASSERT_INT_EQ(e.st.updates, 1);
    ASSERT_INT_EQ(e.st.creates, 1);
    ASSERT_INT_EQ(e.st.deletes, 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_disassociate_transit_gateway_route_table), disassociations);
    ASSERT_TRUE(ow_has_prefix(&e.st, "10.60.0.0/16"));
    ASSERT_STR_EQ(gc_value_get_string(after, "id"), OW_ASSOC);
    ASSERT_STR_EQ(gc_value_get_string(after, "state"), "associated");
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    gc_value_free(after);
    after = NULL;
    /* and back: one prefix removed */
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, state, c, &after), 0);
    ASSERT_INT_EQ(e.st.updates, 2);
    ASSERT_INT_EQ(e.st.n_prefixes, 1);
    gc_value_free(after);
    gc_value_free(state);
    gc_value_free(c);
    gc_value_free(c2);
    s_env_clean_up(&e);
}

/* ---- plan ---- */

GC_TEST(plan_rejects_overlaps_and_a_missing_gateway)
{
    static const struct {
        const char *onprem, *other_route;
        bool dxgw_gone;
        const char *path, *summary;
    } cases[] = {
        {"10.2.8.0/24", "", false, "onprem_cidrs", "Overlapping address ranges"},
        {"172.16.0.0/16", "172.16.128.0/17", false, "onprem_cidrs", "Overlapping address ranges"},
        {"172.16.0.0/16", "", true, "dx_gateway_id", "Direct Connect gateway not found"},
    };
    /* both ways of reading the hub's routes (conn_model.h gc_conn_hub_load_ranges): a plan's shared whole lists (a
     * read cache, nothing written) and an apply's questions per range (no cache, or one a write made stale) */
    for (size_t i = 0; i < 3 * (sizeof cases / sizeof cases[0]); i++) {
        size_t k = i / 3;
        struct env e;
        struct gc_value *planned = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        if (i % 3 > 0)
            e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
        if (i % 3 == 2)
            gc_read_cache_bump(e.rr.prov.read_cache);
        snprintf(e.st.cw.other_route, sizeof e.st.cw.other_route, "%s", cases[k].other_route);
        e.st.dxgw_gone = cases[k].dxgw_gone;
        struct gc_value *c = s_config("10.50.0.0/16", NULL, cases[k].onprem);
        if (rr_plan_in_place(&e.rr, NULL, c, &planned) == 0 ||
            !rr_diag_on(&e.rr.diags, cases[k].path, cases[k].summary)) {
            printf("# case %zu (mode %zu) planned without the error\n", k, i % 3);
            ASSERT_TRUE(false);
        }
        /* the ops VPC's tables: read whole once with a cache (the hub load's sight of them serves the ranges, also
         * after a write, as in an apply's plan); without one, whole twice and then the range's own question */
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_describe_route_tables), i % 3 == 0 ? 3 : 1);
        ASSERT_INT_EQ(e.st.creates, 0);
        gc_value_free(planned);
        gc_value_free(c);
        gc_read_cache_free(e.rr.prov.read_cache);
        s_env_clean_up(&e);
    }
}

/* ---- drift ---- */

GC_TEST(drift_is_shown_and_repaired_in_place)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *after = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_default();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    e.st.cw.prop[3] = false; /* ops no longer reaches the premises */
    e.st.cw.prop[1] = true;  /* a propagation into onprem itself */
    e.st.cw.assoc = 0;
    e.st.cw.n_routes = 0;
    snprintf(e.st.prefixes[1], sizeof e.st.prefixes[1], "10.99.0.0/16"); /* a prefix added outside */
    e.st.n_prefixes = 2;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(read, "route_table_id")));
    ASSERT_TRUE(rr_has_string(gc_value_object_get(read, "routed_domains"), "onprem"));
    ASSERT_FALSE(rr_has_string(gc_value_object_get(read, "routed_domains"), "ops"));
    ASSERT_TRUE(rr_has_string(gc_value_object_get(read, "allowed_prefixes"), "10.99.0.0/16"));
    ASSERT_INT_EQ((int)gc_value_length(gc_value_object_get(read, "ops_vpc_routes")), 0);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, read));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, read, planned, &after, &e.rr.diags), 0);
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    ASSERT_TRUE(e.st.cw.prop[2] && e.st.cw.prop[3] && !e.st.cw.prop[1]);
    ASSERT_INT_EQ(e.st.cw.n_routes, 1);
    ASSERT_FALSE(ow_has_prefix(&e.st, "10.99.0.0/16"));
    ASSERT_INT_EQ(e.st.creates, 1);
    ASSERT_INT_EQ(e.st.deletes, 0);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(association_deleted_outside_is_gone_on_read)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_default();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    e.st.assoc_live = false;
    e.st.deletes = 1; /* listed as disassociated */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_TRUE(gc_value_is_null(read));
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* In a plan (the read cache, nothing written) the gateway's attachment comes from the hub's attachment list, which
 * the hub's read and the connections share: no filtered describe of its own, and the same state as without it. */
GC_TEST(a_plans_read_takes_the_attachment_from_the_hubs_list)
{
    struct env e;
    struct gc_value *state = NULL, *direct = NULL, *cached = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_default();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &direct, &e.rr.diags), 0);
    e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
    ASSERT_TRUE(e.rr.prov.read_cache != NULL);
    size_t before = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &cached, &e.rr.diags), 0);
    int lists = 0, filtered = 0;
    for (size_t i = before; i < fw_n_calls(e.rr.world); i++) {
        const struct fw_call *call = fw_call_at(e.rr.world, i);
        if (call->op != &gc_op_ec2_describe_transit_gateway_attachments)
            continue;
        lists++;
        filtered += call->body && strstr(call->body, "resource-type") ? 1 : 0;
    }
    ASSERT_INT_EQ(lists, 1);
    ASSERT_INT_EQ(filtered, 0);
    ASSERT_STR_EQ(gc_value_get_string(cached, "attachment_id"), CW_ATT);
    ASSERT_TRUE(gc_value_equal(direct, cached));
    gc_value_free(state);
    gc_value_free(direct);
    gc_value_free(cached);
    gc_value_free(c);
    gc_read_cache_free(e.rr.prov.read_cache);
    s_env_clean_up(&e);
}

/* In a plan the association comes from the TGW's associations as the hub's read asked them in its round (the hub
 * remembers its Direct Connect gateways, hub_model.h): none of its own after the hub's read, still the drift. */
GC_TEST(a_plans_read_takes_the_association_from_the_hubs_answer)
{
    enum drift { D_NONE, D_PREFIXES, D_GONE };
    static const struct {
        const char *name;
        bool cached;        /* a plan's read */
        bool hub_asked;     /* the hub's read asked the TGW's associations first (its memo named a gateway) */
        enum drift drift;   /* changed in AWS before both reads */
        int by_tgw, by_id;  /* the link read's DescribeDirectConnectGatewayAssociations, by TGW and by id */
        const char *prefix; /* allowed_prefixes read (one); NULL: gone */
    } cases[] = {
        {"plan after the hub's read", true, true, D_NONE, 0, 0, "10.2.0.0/16"},
        {"plan, the hub did not ask", true, false, D_NONE, 1, 0, "10.2.0.0/16"},
        {"outside a plan", false, false, D_NONE, 0, 1, "10.2.0.0/16"},
        {"plan, prefixes changed", true, true, D_PREFIXES, 0, 0, "10.9.0.0/16"},
        {"plan, association gone: asked by its id", true, true, D_GONE, 0, 1, NULL},
    };
    int failures = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct env e;
        struct gc_value *state = NULL, *read = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *cfg = s_default();
        ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, cfg, &state), 0);
        if (cases[c].drift == D_PREFIXES)
            snprintf(e.st.prefixes[0], sizeof e.st.prefixes[0], "10.9.0.0/16");
        if (cases[c].drift == D_GONE) {
            e.st.assoc_live = false;
            e.st.deletes = 1; /* listed as disassociated */
        }
        if (cases[c].cached)
            e.rr.prov.read_cache = gc_read_cache_new(e.rr.aws);
        ASSERT_TRUE(!cases[c].cached || e.rr.prov.read_cache != NULL);
        if (cases[c].hub_asked) {
            /* what the hub's read asks in its round, with the hub's own input */
            struct gc_op op = {.provider = &e.rr.prov, .aws = e.rr.aws, .diags = &e.rr.diags};
            struct gc_aws_error err = {0};
            json_t *in = gc_hub_input_dx_associations(CW_TGW), *doc = NULL;
            ASSERT_INT_EQ(gc_read_cache_call_all(&op, CW_TGW,
                                                 &gc_op_directconnect_describe_direct_connect_gateway_associations, in,
                                                 &doc, &err),
                          0);
            json_decref(in);
            json_decref(doc);
        }
        size_t before = fw_n_calls(e.rr.world);
        int rc = gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags);
        int by_tgw = 0, by_id = 0;
        for (size_t i = before; i < fw_n_calls(e.rr.world); i++) {
            const struct fw_call *call = fw_call_at(e.rr.world, i);
            if (call->op != &gc_op_directconnect_describe_direct_connect_gateway_associations)
                continue;
            by_tgw += call->body && strstr(call->body, "associatedGatewayId") ? 1 : 0;
            by_id += call->body && strstr(call->body, "associationId") ? 1 : 0;
        }
        const struct gc_value *prefixes = gc_value_object_get(read, "allowed_prefixes");
        bool read_ok = cases[c].prefix ? read && !gc_value_is_null(read) && gc_value_length(prefixes) == 1 &&
                                             rr_has_string(prefixes, cases[c].prefix)
                                       : !read || gc_value_is_null(read);
        if (rc != 0 || by_tgw != cases[c].by_tgw || by_id != cases[c].by_id || !read_ok || e.rr.diags.n != 0) {
            printf("# %s: rc %d, by tgw %d, by id %d, read %s, %zu diags\n", cases[c].name, rc, by_tgw, by_id,
                   read_ok ? "ok" : "wrong", e.rr.diags.n);
            failures++;
        }
        gc_value_free(state);
        gc_value_free(read);
        gc_value_free(cfg);
        gc_read_cache_free(e.rr.prov.read_cache);
        e.rr.prov.read_cache = NULL;
        s_env_clean_up(&e);
    }
    ASSERT_INT_EQ(failures, 0);
}

/* ---- destroy and import ---- */

GC_TEST(destroy_unwires_and_deletes_only_the_association)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_default();
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
    ASSERT_INT_EQ(e.st.deletes, 1);
    ASSERT_FALSE(e.st.assoc_live);
    ASSERT_FALSE(e.st.dxgw_gone);
    ASSERT_INT_EQ(e.st.cw.n_routes, 0);
    ASSERT_INT_EQ(e.st.cw.n_tags, 0);
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    /* a second destroy (the association already gone) succeeds without a call that changes anything */
    ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
    ASSERT_INT_EQ(e.st.deletes, 1);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(import_by_association_id_then_no_changes)
{
    struct env e;
    struct gc_value *imported = NULL, *read = NULL, *planned = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    ow_state_linked(&e.st, "10.2.0.0/16", "172.16.0.0/16");
    ASSERT_TRUE(gc_import_resource(DEF, &e.rr.prov, "dxgw-1", &imported, &e.rr.diags) != 0);
    ASSERT_INT_EQ(fw_n_calls(e.rr.world), 0);
    gc_diags_clean_up(&e.rr.diags);
    gc_diags_init(&e.rr.diags);
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, OW_ASSOC, &imported, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "name"), "naruto-lgcs");
    ASSERT_STR_EQ(gc_value_get_string(read, "service"), "lgcs");
    ASSERT_STR_EQ(gc_value_get_string(read, "hub_id"), CW_TGW);
    ASSERT_STR_EQ(gc_value_get_string(read, "dx_gateway_id"), OW_DXGW);
    ASSERT_TRUE(rr_has_string(gc_value_object_get(read, "onprem_cidrs"), "172.16.0.0/16"));
    struct gc_value *c = s_default();
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* ---- method tgw_peering ---- */

static struct gc_value *s_peering_config(const char *onprem)
{
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    if (!c)
        return NULL;
    gc_value_set_string(c, "hub_id", CW_TGW);
    gc_value_set_string(c, "name", "naruto-line");
    gc_value_set_string(c, "service", "private_line");
    gc_value_set_string(c, "method", "tgw_peering");
    gc_value_set_string(c, "peering_attachment_id", CW_ATT);
    gc_value_object_set(c, "onprem_cidrs", rr_string_set(onprem, NULL));
    return c;
}

static void s_peering_env(struct env *e)
{
    e->st.peering = true;
}

GC_TEST(peering_accepted_associated_and_routed_statically)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    s_peering_env(&e);
    struct gc_value *c = s_peering_config("172.16.0.0/16");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_accept_transit_gateway_peering_attachment), 1);
    ASSERT_STR_EQ(e.st.peer_state, "available");
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    ASSERT_FALSE(e.st.cw.prop[1] || e.st.cw.prop[2] || e.st.cw.prop[3]); /* a peering does not propagate */
    ASSERT_TRUE(ow_has_troute(&e.st, 2, "172.16.0.0/16") && ow_has_troute(&e.st, 3, "172.16.0.0/16"));
    ASSERT_INT_EQ(e.st.n_troutes[1], 0);
    ASSERT_INT_EQ(e.st.cw.n_routes, 1);
    ASSERT_INT_EQ(e.st.creates, 0); /* no Direct Connect call */
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), CW_ATT);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
    ASSERT_TRUE(gc_value_is_null(gc_value_object_get(state, "association_id")));
    ASSERT_TRUE(rr_has_string(gc_value_object_get(state, "routed_domains"), "ops"));
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(peering_drift_cidrs_destroy_and_import)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *after = NULL, *imported = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    s_peering_env(&e);
    struct gc_value *c = s_peering_config("172.16.0.0/16");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    /* drift: a static route removed, a propagation into asp added, the association removed */
    e.st.n_troutes[2] = 0;
    e.st.cw.prop[2] = true;
    e.st.cw.assoc = 0;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_FALSE(rr_has_string(gc_value_object_get(read, "routed_domains"), "asp"));
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, read));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, read, planned, &after, &e.rr.diags), 0);
    ASSERT_TRUE(ow_has_troute(&e.st, 2, "172.16.0.0/16"));
    ASSERT_FALSE(e.st.cw.prop[2]);
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_accept_transit_gateway_peering_attachment), 1);
    /* the premises' range changes in place: the old routes go */
    struct gc_value *c2 = s_peering_config("172.18.0.0/16");
    gc_value_free(state);
    state = after;
    after = NULL;
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, state, c2, &after), 0);
    ASSERT_TRUE(ow_has_troute(&e.st, 3, "172.18.0.0/16"));
    ASSERT_FALSE(ow_has_troute(&e.st, 3, "172.16.0.0/16"));
    ASSERT_INT_EQ(e.st.cw.n_routes, 1);
    ASSERT_STR_EQ(e.st.cw.routes[0], "172.18.0.0/16");
    /* import by the attachment id, then no changes */
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, CW_ATT, &imported, &e.rr.diags), 0);
    gc_value_free(read);
    read = NULL;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "method"), "tgw_peering");
    ASSERT_STR_EQ(gc_value_get_string(read, "service"), "private_line");
    gc_value_free(planned);
    planned = NULL;
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c2, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    /* destroy: gcnet's routes, association and tags go; the carrier's attachment stays. Each domain's static routes
     * are asked for this attachment's only (a domain's table holds every peering's routes) */
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_destroy(&e.rr, after), 0);
    ASSERT_INT_EQ(e.st.n_troutes[2] + e.st.n_troutes[3], 0);
    int searches = 0;
    for (size_t i = from; i < fw_n_calls(e.rr.world); i++) {
        const struct fw_call *call = fw_call_at(e.rr.world, i);
        if (call->op != &gc_op_ec2_search_transit_gateway_routes)
            continue;
        searches++;
        ASSERT_TRUE(call->body && strstr(call->body, "attachment.transit-gateway-attachment-id") &&
                    strstr(call->body, CW_ATT));
    }
    ASSERT_INT_EQ(searches, 3);
    ASSERT_INT_EQ(e.st.cw.assoc, 0);
    ASSERT_INT_EQ(e.st.cw.n_routes, 0);
    ASSERT_INT_EQ(e.st.cw.n_tags, 0);
    ASSERT_STR_EQ(e.st.peer_state, "available");
    gc_value_free(imported);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(c);
    gc_value_free(c2);
    s_env_clean_up(&e);
}

GC_TEST(peering_plan_refuses_another_kind_of_attachment)
{
    struct env e;
    struct gc_value *planned = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.assoc_live = true; /* CW_ATT is a Direct Connect gateway's attachment, not a peering */
    struct gc_value *c = s_peering_config("172.16.0.0/16");
    ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, c, &planned) != 0);
    ASSERT_TRUE(rr_diag_on(&e.rr.diags, "peering_attachment_id", "Not a peering attachment"));
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_accept_transit_gateway_peering_attachment), 0);
    gc_value_free(planned);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* ---- method dx_proposal ---- */

static struct gc_value *s_proposal_config(const char *prefix_a, const char *prefix_b)
{
    struct gc_value *c = s_config(prefix_a, prefix_b, "172.16.0.0/16");
    if (c) {
        gc_value_set_string(c, "method", "dx_proposal");
        gc_value_set_string(c, "dx_gateway_owner_account_id", "333333333333");
    }
    return c;
}

static bool s_warned(const struct gc_diags *d, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == GC_SEV_WARNING && d->items[i].summary && strstr(d->items[i].summary, text))
            return true;
    return false;
}

GC_TEST(proposal_pending_then_accepted_then_routed)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *after = NULL, *read2 = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.dxgw_gone = true; /* the carrier's gateway: not in this account, and not looked for */
    struct gc_value *c = s_proposal_config("10.2.0.0/16", NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(e.st.n_proposals, 1);
    ASSERT_STR_EQ(e.st.prop_state, "requested");
    ASSERT_FALSE(e.st.assoc_live);
    ASSERT_TRUE(s_warned(&e.rr.diags, "Proposal waits for the carrier"));
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), OW_PROP1);
    ASSERT_STR_EQ(gc_value_get_string(state, "proposal_id"), OW_PROP1);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "requested");
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_directconnect_describe_direct_connect_gateways), 0);
    /* pending: the plan is clean (and warns), however often it runs */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "state"), "requested");
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    gc_value_free(planned);
    planned = NULL;
    /* the carrier accepts: the next plan wires it, in place */
    ow_accept(&e.st);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, read, &read2, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read2, "state"), "associated");
    ASSERT_STR_EQ(gc_value_get_string(read2, "association_id"), OW_ASSOC);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read2, c, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, read2));
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, read2, planned, &after, &e.rr.diags), 0);
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    ASSERT_TRUE(e.st.cw.prop[2] && e.st.cw.prop[3] && !e.st.cw.prop[1]);
    ASSERT_INT_EQ(e.st.cw.n_routes, 1);
    ASSERT_STR_EQ(gc_value_get_string(after, "state"), "associated");
    ASSERT_STR_EQ(gc_value_get_string(after, "id"), OW_PROP1);
    ASSERT_INT_EQ(e.st.n_proposals, 1);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(read2);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(c);
    s_env_clean_up(&e);
}

GC_TEST(proposal_new_prefixes_keep_the_association_then_destroy)
{
    struct env e;
    struct gc_value *state = NULL, *after = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_proposal_config("10.2.0.0/16", NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ow_accept(&e.st);
    struct gc_value *read = NULL, *prior = NULL;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, read, c, &prior),
                  0); /* routes the accepted association (no second proposal) */
    gc_value_free(read);
    gc_value_free(state);
    state = NULL;
    ASSERT_INT_EQ(e.st.n_proposals, 1);
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    struct gc_value *c2 = s_proposal_config("10.2.0.0/16", "10.60.0.0/16");
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, prior, c2, &after), 0);
    ASSERT_INT_EQ(e.st.n_proposals, 2);
    ASSERT_STR_EQ(e.st.prop_state, "requested");
    ASSERT_INT_EQ(e.st.n_prop_prefixes, 2);
    ASSERT_INT_EQ(e.st.deletes, 0);
    ASSERT_INT_EQ(e.st.cw.assoc, 1); /* still routed meanwhile */
    ASSERT_STR_EQ(gc_value_get_string(after, "state"), "requested");
    ASSERT_STR_EQ(gc_value_get_string(after, "proposal_id"), OW_PROP2);
    ASSERT_STR_EQ(gc_value_get_string(after, "id"), gc_value_get_string(prior, "id"));
    /* destroy: the waiting proposal withdrawn, the association ended, the wiring gone */
    ASSERT_INT_EQ(rr_destroy(&e.rr, after), 0);
    ASSERT_STR_EQ(e.st.prop_state, "deleted");
    ASSERT_INT_EQ(e.st.deletes, 1);
    ASSERT_INT_EQ(e.st.cw.n_routes, 0);
    ASSERT_INT_EQ(e.st.cw.n_tags, 0);
    gc_value_free(prior);
    gc_value_free(after);
    gc_value_free(c);
    gc_value_free(c2);
    s_env_clean_up(&e);
}

GC_TEST(proposal_validation_and_import)
{
    static const struct bad_case bad[] = {
        {"dx_gateway_owner_account_id", NULL, "Missing dx_gateway_owner_account_id", NULL},
        {"dx_gateway_owner_account_id", "33333333333a", "Invalid account ID", NULL},
        {"allowed_prefixes", NULL, "Missing allowed_prefixes", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct env e;
        struct gc_value *planned = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *c = s_proposal_config("10.2.0.0/16", NULL);
        if (strcmp(bad[i].attr, "allowed_prefixes") == 0)
            gc_value_object_set(c, bad[i].attr, gc_value_new_null(&gc_type_set_string));
        else
            gc_value_set_string(c, bad[i].attr, bad[i].value);
        ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, c, &planned) != 0);
        ASSERT_TRUE(rr_diag_on(&e.rr.diags, bad[i].attr, bad[i].summary));
        ASSERT_INT_EQ(fw_n_calls(e.rr.world), 0);
        gc_value_free(planned);
        gc_value_free(c);
        s_env_clean_up(&e);
    }
    /* import by the proposal id: the association is found through it */
    struct env e;
    struct gc_value *state = NULL, *imported = NULL, *read = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_proposal_config("10.2.0.0/16", NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, OW_PROP1, &imported, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(imported, "method"), "dx_proposal");
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "state"), "requested");
    ASSERT_STR_EQ(gc_value_get_string(read, "dx_gateway_owner_account_id"), "333333333333");
    gc_value_free(state);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* An accepted association with no proposal in state (the state was lost): taken over, and its id imports it as
 * a proposed link (the gateway is another account's). */
GC_TEST(proposal_accepted_association_taken_over_and_imported)
{
    struct env e;
    struct gc_value *state = NULL, *again = NULL, *imported = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *c = s_proposal_config("10.2.0.0/16", NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ow_accept(&e.st);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &again), 0);
    ASSERT_STR_EQ(gc_value_get_string(again, "id"), OW_ASSOC);
    ASSERT_STR_EQ(gc_value_get_string(again, "state"), "associated");
    ASSERT_INT_EQ(e.st.n_proposals, 1);
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, OW_ASSOC, &imported, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(imported, "method"), "dx_proposal");
    ASSERT_STR_EQ(gc_value_get_string(imported, "dx_gateway_owner_account_id"), "333333333333");
    gc_value_free(state);
    gc_value_free(again);
    gc_value_free(imported);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* ---- method vpn ---- */

static struct gc_value *s_vpn_config(const char *ip, int64_t asn)
{
    char asn_text[24];
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    if (!c)
        return NULL;
    snprintf(asn_text, sizeof asn_text, "%lld", (long long)asn);
    gc_value_set_string(c, "hub_id", CW_TGW);
    gc_value_set_string(c, "name", "naruto-backup");
    gc_value_set_string(c, "service", "lgcs");
    gc_value_set_string(c, "method", "vpn");
    gc_value_set_string(c, "customer_gateway_ip", ip);
    gc_value_object_set(c, "bgp_asn", gc_value_new_number_text(asn_text));
    gc_value_object_set(c, "onprem_cidrs", rr_string_set("172.16.0.0/16", NULL));
    return c;
}

GC_TEST(vpn_validation_before_any_aws_call)
{
    static const struct {
        const char *ip;
        int64_t asn;
        const char *attr, *summary;
    } cases[] = {
        {"10.1.2.3", 65010, "customer_gateway_ip", "Invalid customer gateway address"},
        {"192.168.0.1", 65010, "customer_gateway_ip", "Invalid customer gateway address"},
        {"100.64.0.1", 65010, "customer_gateway_ip", "Invalid customer gateway address"},
        {"203.0.113.300", 65010, "customer_gateway_ip", "Invalid customer gateway address"},
        {"203.0.113.10", 7224, "bgp_asn", "Invalid BGP ASN"},
        {"203.0.113.10", 0, "bgp_asn", "Invalid BGP ASN"},
        {"203.0.113.10", 4294967295LL, "bgp_asn", "Invalid BGP ASN"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct env e;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *c = s_vpn_config(cases[i].ip, cases[i].asn);
        bool refused = rr_refused_before_aws(&e.rr, c, cases[i].attr, cases[i].summary);
        if (!refused)
            printf("# case %zu (%s, %lld)\n", i, cases[i].ip, (long long)cases[i].asn);
        gc_value_free(c);
        s_env_clean_up(&e);
        ASSERT_TRUE(refused);
    }
}

GC_TEST(vpn_create_wait_wire_read_import_destroy)
{
    struct env e;
    struct gc_value *state = NULL, *read = NULL, *planned = NULL, *imported = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.vpn_mode = true;
    e.st.vpn_polls = 2; /* pending for two describes */
    struct gc_value *c = s_vpn_config("203.0.113.10", 65010);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(e.st.cgw_creates, 1);
    ASSERT_INT_EQ(e.st.vpn_creates, 1);
    ASSERT_INT_EQ(e.st.cw.assoc, 1);
    ASSERT_TRUE(e.st.cw.prop[2] && e.st.cw.prop[3] && !e.st.cw.prop[1]);
    ASSERT_INT_EQ(e.st.cw.n_routes, 1);
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), OW_VPN);
    ASSERT_STR_EQ(gc_value_get_string(state, "customer_gateway_id"), OW_CGW);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    /* read, then import: address and ASN come back from the customer gateway, no changes */
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, OW_VPN, &imported, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_STR_EQ(gc_value_get_string(read, "customer_gateway_ip"), "203.0.113.10");
    ASSERT_STR_EQ(gc_value_get_string(read, "name"), "naruto-backup");
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, c, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    /* destroy: VPN and customer gateway deleted */
    ASSERT_INT_EQ(rr_destroy(&e.rr, state), 0);
    ASSERT_INT_EQ(e.st.vpn_deletes, 1);
    ASSERT_INT_EQ(e.st.cgw_deletes, 1);
    ASSERT_INT_EQ(e.st.cw.n_routes, 0);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

/* gcnet_onprem_link's creates without an idempotency token are not sent twice by the client: after a lost answer
 * the object AWS made is looked up and adopted; a VPN an interrupted create left is adopted by the next create. */
GC_TEST(vpn_lost_answers_and_an_interrupted_create_are_adopted)
{
    for (int interrupted = 0; interrupted < 2; interrupted++) {
        struct env e;
        struct gc_value *state = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        e.st.vpn_mode = true;
        if (interrupted)
            e.st.cgw_exists = e.st.vpn_exists = true; /* what a killed create left (not in Terraform's state) */
        else
            e.st.lost_creates = 2; /* CreateCustomerGateway and CreateVpnConnection acted, their answers lost */
        struct gc_value *c = s_vpn_config("203.0.113.10", 65010);
        ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
        ASSERT_INT_EQ(e.st.lost_creates, 0);
        ASSERT_INT_EQ(e.st.cgw_creates, interrupted ? 0 : 1);
        ASSERT_INT_EQ(e.st.vpn_creates, interrupted ? 0 : 1);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_customer_gateway), interrupted ? 0 : 1);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_create_vpn_connection), interrupted ? 0 : 1);
        ASSERT_STR_EQ(gc_value_get_string(state, "id"), OW_VPN);
        ASSERT_STR_EQ(gc_value_get_string(state, "customer_gateway_id"), OW_CGW);
        ASSERT_STR_EQ(gc_value_get_string(state, "state"), "available");
        ASSERT_INT_EQ(e.st.cw.assoc, 1);
        ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
        gc_value_free(state);
        gc_value_free(c);
        s_env_clean_up(&e);
    }
}

GC_TEST(proposal_lost_answer_is_adopted)
{
    struct env e;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.lost_creates = 1;
    struct gc_value *c = s_proposal_config("10.2.0.0/16", NULL);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, c, &state), 0);
    ASSERT_INT_EQ(e.st.lost_creates, 0);
    ASSERT_INT_EQ(e.st.n_proposals, 1);
    ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_directconnect_create_direct_connect_gateway_association_proposal), 1);
    ASSERT_STR_EQ(gc_value_get_string(state, "proposal_id"), OW_PROP1);
    ASSERT_STR_EQ(gc_value_get_string(state, "state"), "requested");
    ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
    gc_value_free(state);
    gc_value_free(c);
    s_env_clean_up(&e);
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    static const struct gc_test_case cases[] = {GC_CASE(validation_before_any_aws_call),
                                                GC_CASE(create_associates_waits_wires_and_routes),
                                                GC_CASE(failed_association_is_kept_in_state),
                                                GC_CASE(allowed_prefixes_change_in_place),
                                                GC_CASE(plan_rejects_overlaps_and_a_missing_gateway),
                                                GC_CASE(drift_is_shown_and_repaired_in_place),
                                                GC_CASE(association_deleted_outside_is_gone_on_read),
                                                GC_CASE(a_plans_read_takes_the_attachment_from_the_hubs_list),
                                                GC_CASE(a_plans_read_takes_the_association_from_the_hubs_answer),
                                                GC_CASE(destroy_unwires_and_deletes_only_the_association),
                                                GC_CASE(import_by_association_id_then_no_changes),
                                                GC_CASE(peering_accepted_associated_and_routed_statically),
                                                GC_CASE(peering_drift_cidrs_destroy_and_import),
                                                GC_CASE(peering_plan_refuses_another_kind_of_attachment),
                                                GC_CASE(proposal_pending_then_accepted_then_routed),
                                                GC_CASE(proposal_new_prefixes_keep_the_association_then_destroy),
                                                GC_CASE(proposal_validation_and_import),
                                                GC_CASE(proposal_accepted_association_taken_over_and_imported),
                                                GC_CASE(vpn_validation_before_any_aws_call),
                                                GC_CASE(vpn_create_wait_wire_read_import_destroy),
                                                GC_CASE(vpn_lost_answers_and_an_interrupted_create_are_adopted),
                                                GC_CASE(proposal_lost_answer_is_adopted)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
