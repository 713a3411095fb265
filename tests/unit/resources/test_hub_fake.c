/* gcnet_municipality_hub driven through the framework (gc_plan_resource + gc_apply_resource) against a scripted
 * fake AWS: the transport answers each EC2/STS action (Action= in the body) and RAM operation (the REST path)
 * from the recorded moto fixtures in tests/unit/aws/ec2-fixtures (the test's working directory), with fresh ids
 * for route tables and subnets. One action can be made to fail a given number of times. */
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "fake_text.h"
#include "fake_world.h"
#include "framework/gc_parallel.h"
#include "framework/gc_plan.h"
#include "framework/gc_read_cache.h"
#include "gc_test.h"
#include "hub_world.h"
#include "resources/conn_model.h"

extern const struct gc_resource_def gc_resource_municipality_hub;

#define TGW_ID HW_TGW_ID
#define ATT_ID HW_ATT_ID
#define VPC_ID HW_VPC_ID
#define SHARE_ARN HW_SHARE_ARN
#define ORPHAN_TGW HW_ORPHAN_TGW
#define ORPHAN_ARN HW_ORPHAN_ARN
#define MAX_CALLS 256

static bool s_mutating(const char *op)
{
    static const char *const prefixes[] = {"Create",       "Associate", "Enable", "Modify", "Delete",
                                           "Disassociate", "Disable",   "Update", "Accept"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(op, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* ---- the op clock (waits) ---- */

static int64_t s_now_ms = 1000000;
static int64_t s_op_now(void)
{
    return s_now_ms;
}
static void s_op_sleep(int64_t ms)
{
    s_now_ms += ms;
}

/* ---- one create run ---- */

struct run {
    struct fw_world *world;
    struct hw_state hub;
    struct fake_aws clock; /* the AWS client's clock (retry sleeps) */
    int rc;
    struct gc_value *planned;
    struct gc_value *state;
    struct gc_diags diags;
};

/* A fresh run against a fresh fake with the hub's answers (no RAM shares yet); prime faults before s_create_hub. */
static int s_run_init(struct run *r, enum hw_shares shares)
{
    memset(r, 0, sizeof *r);
    r->hub.shares = shares;
    if (fw_world_new(&r->world) != 0)
        return -1;
    return hw_install(r->world, &r->hub);
}

static void s_run_clean_up(struct run *r)
{
    fw_world_destroy(r->world);
    fake_aws_forget(&r->clock);
    gc_value_free(r->planned);
    gc_value_free(r->state);
    gc_diags_clean_up(&r->diags);
}

/* Plans and applies a create of the naruto hub with the fake primed by the caller. Returns 0 when the plan
 * worked (r->rc is the apply's result). */
static int s_create_hub(struct run *r, int max_retries)
{
    const struct gc_resource_def *def = &gc_resource_municipality_hub;
    static const char *const tags[] = {"env", "test"};
    int result = -1;
    struct gc_path_list replace = {0};
    gc_diags_init(&r->diags);
    struct gc_aws_client *aws = fake_aws_client(&r->clock, "ap-northeast-1", "http://fake.test", NULL, max_retries);
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *t = gc_value_new_collection(&gc_type_map_string);
    struct gc_value *defaults = gc_value_new_collection(&gc_type_map_string);
    struct gc_provider prov = {.aws = aws, .default_tags = defaults, .region = (char *)"ap-northeast-1"};
    if (!aws || !config || !t || !defaults)
        goto cleanup;
    struct gc_http_transport tr = fw_world_transport(r->world);
    gc_aws_client_set_transport(aws, &tr);
    gc_value_set_string(config, "municipality", "naruto");
    gc_value_set_string(config, "vpc_cidr", "10.20.0.0/24");
    gc_value_map_put(t, tags[0], gc_value_new_string(tags[1]));
    gc_value_object_set(config, "tags", t);
    t = NULL;
    gc_value_map_put(defaults, "owner", gc_value_new_string("council"));
    gc_op_set_clock(s_op_now, s_op_sleep);
    if (gc_plan_resource(def, &prov, NULL, config, config, &r->planned, &replace, &r->diags) != 0) {
        printf("# plan failed: %s\n", r->diags.n ? r->diags.items[0].detail : "?");
        goto cleanup;
    }
    r->rc = gc_apply_resource(def, &prov, NULL, r->planned, &r->state, &r->diags);
    result = 0;
cleanup:
    gc_op_set_clock(NULL, NULL);
    gc_path_list_clean_up(&replace);
    gc_value_free(t);
    gc_value_free(config);
    gc_value_free(defaults);
    gc_aws_client_free(aws);
    return result;
}

static bool s_diag_has(const struct gc_diags *diags, const char *text)
{
    for (size_t i = 0; i < diags->n; i++)
        if ((diags->items[i].summary && strstr(diags->items[i].summary, text)) ||
            (diags->items[i].detail && strstr(diags->items[i].detail, text)))
            return true;
    return false;
}

/* The name of the operation of call i, or "". */
static const char *s_op(const struct run *r, size_t i)
{
    const struct fw_call *c = fw_call_at(r->world, i);
    return c ? c->operation : "";
}

static const char *const s_expected_mutations[] = {
    "CreateTransitGateway",
    "CreateTags", /* the TGW's own id tag */
    "CreateVpc",
    "CreateSubnet",
    "CreateSubnet",
    "CreateTransitGatewayVpcAttachment",
    "CreateTransitGatewayRouteTable", /* onprem; the tables and the share are made beside the network */
    "CreateTransitGatewayRouteTable", /* asp */
    "CreateTransitGatewayRouteTable", /* ops */
    "CreateResourceShare",
    "EnableTransitGatewayRouteTablePropagation", /* onprem: wiring needs the attachment and the tables */
    "EnableTransitGatewayRouteTablePropagation", /* asp */
    "AssociateTransitGatewayRouteTable",         /* ops */
    "DeleteTags",                                /* gcnet:create-unfinished: the create finished */
};
#define N_EXPECTED (sizeof s_expected_mutations / sizeof s_expected_mutations[0])

/* Checks the state of a complete hub. Returns a description of the first mismatch, or NULL. */
static const char *s_check_full_state(const struct gc_value *s)
{
    const char *v;
    if (!s)
        return "no state";
    if (!(v = gc_value_get_string(s, "id")) || strcmp(v, TGW_ID) != 0)
        return "id";
    if (!(v = gc_value_get_string(s, "transit_gateway_id")) || strcmp(v, TGW_ID) != 0)
        return "transit_gateway_id";
    if (!(v = gc_value_get_string(s, "vpc_id")) || strcmp(v, VPC_ID) != 0)
        return "vpc_id";
    if (!(v = gc_value_get_string(s, "vpc_attachment_id")) || strcmp(v, ATT_ID) != 0)
        return "vpc_attachment_id";
    if (!(v = gc_value_get_string(s, "resource_share_arn")) || strcmp(v, SHARE_ARN) != 0)
        return "resource_share_arn";
    if (!(v = gc_value_get_string(s, "owner_id")) || strcmp(v, "123456789012") != 0)
        return "owner_id";
    const struct gc_value *rts = gc_value_object_get(s, "route_table_ids");
    if (gc_value_length(rts) != 3)
        return "route_table_ids has not 3 entries";
    static const char *const domains[] = {"onprem", "asp", "ops"};
    for (int i = 0; i < 3; i++) {
        const char *a = gc_value_string(gc_value_map_get(rts, domains[i]));
        if (!a || strncmp(a, "tgw-rtb-", 8) != 0)
            return "route_table_ids domain missing";
        for (int k = 0; k < i; k++)
            if (strcmp(a, gc_value_string(gc_value_map_get(rts, domains[k]))) == 0)
                return "route_table_ids not distinct";
    }
    const struct gc_value *subnets = gc_value_object_get(s, "subnet_ids");
    if (gc_value_length(subnets) != 2 ||
        strcmp(gc_value_string(gc_value_index(subnets, 0)), gc_value_string(gc_value_index(subnets, 1))) == 0)
        return "subnet_ids";
    const struct gc_value *all = gc_value_object_get(s, "tags_all");
    if (gc_value_length(all) != 2 || !gc_value_map_get(all, "owner") || !gc_value_map_get(all, "env"))
        return "tags_all";
    if (!gc_value_is_wholly_known(s))
        return "state has unknowns";
    return NULL;
}

GC_TEST(create_full)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    const char *mismatch = s_check_full_state(r.state);
    /* the mutating calls, in order */
    const char *muts[MAX_CALLS];
    size_t n_muts = 0;
    for (size_t i = 0; i < fw_n_calls(r.world); i++)
        if (s_mutating(s_op(&r, i)) && n_muts < MAX_CALLS)
            muts[n_muts++] = s_op(&r, i);
    bool order_ok = n_muts == N_EXPECTED;
    for (size_t i = 0; order_ok && i < N_EXPECTED; i++)
        if (strcmp(muts[i], s_expected_mutations[i]) != 0) {
            printf("# mutation %zu: %s, expected %s\n", i, muts[i], s_expected_mutations[i]);
            order_ok = false;
        }
    if (n_muts != N_EXPECTED)
        for (size_t i = 0; i < n_muts; i++)
            printf("# mutation %zu: %s\n", i, muts[i]);
    /* the subnets are the two halves of the VPC in the default Tokyo zones */
    bool halves = false, zones = false, asn = false;
    int subnet = 0;
    for (size_t i = 0; i < fw_n_calls(r.world); i++) {
        if (strcmp(s_op(&r, i), "CreateSubnet") == 0) {
            char *cidr = fx_param(fw_call_at(r.world, i)->body, "CidrBlock");
            char *az = fx_param(fw_call_at(r.world, i)->body, "AvailabilityZone");
            const char *want_cidr = subnet == 0 ? "10.20.0.0%2F25" : "10.20.0.128%2F25";
            const char *want_az = subnet == 0 ? "ap-northeast-1a" : "ap-northeast-1c";
            halves = (subnet == 0 || halves) && cidr && strcmp(cidr, want_cidr) == 0;
            zones = (subnet == 0 || zones) && az && strcmp(az, want_az) == 0;
            subnet++;
            free(cidr);
            free(az);
        } else if (strcmp(s_op(&r, i), "CreateTransitGateway") == 0) {
            char *a = fx_param(fw_call_at(r.world, i)->body, "Options.AmazonSideAsn");
            asn = a && strcmp(a, "64512") == 0;
            free(a);
        }
    }
    int rc = r.rc;
    size_t n_diags = r.diags.n;
    int unanswered = fw_n_unanswered(r.world);
    s_run_clean_up(&r);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n_diags, 0);
    ASSERT_INT_EQ(unanswered, 0); /* every call was identified and answered */
    if (mismatch)
        printf("# state: %s\n", mismatch);
    ASSERT_TRUE(mismatch == NULL);
    ASSERT_TRUE(order_ok);
    ASSERT_INT_EQ(subnet, 2);
    ASSERT_TRUE(halves);
    ASSERT_TRUE(zones);
    ASSERT_TRUE(asn);
}

static const char s_att_error[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><Errors>"
    "<Error><Code>InvalidSubnetID.NotFound</Code><Message>The subnet ID 'subnet-gone' does not exist</Message>"
    "</Error></Errors><RequestID>req-fail-0042</RequestID></Response>";

GC_TEST(attachment_fails_keeps_partial_state)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
    ASSERT_INT_EQ(fw_fail(r.world, &gc_op_ec2_create_transit_gateway_vpc_attachment, 400, s_att_error, 100), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    char tgw[64] = "", vpc[64] = "";
    snprintf(tgw, sizeof tgw, "%s", gc_value_get_string(r.state, "id") ? gc_value_get_string(r.state, "id") : "");
    snprintf(vpc, sizeof vpc, "%s",
             gc_value_get_string(r.state, "vpc_id") ? gc_value_get_string(r.state, "vpc_id") : "");
    bool have_state = r.state != NULL && !gc_value_is_null(r.state);
    bool att_null = gc_value_is_null(gc_value_object_get(r.state, "vpc_attachment_id"));
    bool share_kept = !gc_value_is_null(gc_value_object_get(r.state, "resource_share_arn"));
    size_t n_tables = gc_value_length(gc_value_object_get(r.state, "route_table_ids"));
    bool svc = s_diag_has(&r.diags, "EC2");
    bool op = s_diag_has(&r.diags, "CreateTransitGatewayVpcAttachment");
    bool code = s_diag_has(&r.diags, "InvalidSubnetID.NotFound");
    bool msg = s_diag_has(&r.diags, "The subnet ID 'subnet-gone' does not exist");
    bool reqid = s_diag_has(&r.diags, "req-fail-0042");
    bool is_error = gc_diags_has_error(&r.diags);
    int attempts = fw_count(r.world, &gc_op_ec2_create_transit_gateway_vpc_attachment);
    /* the tables and the share were made beside the network and are in the state; nothing is wired */
    int later = fw_count(r.world, &gc_op_ec2_associate_transit_gateway_route_table) +
                fw_count(r.world, &gc_op_ec2_enable_transit_gateway_route_table_propagation);
    int rc = r.rc;
    s_run_clean_up(&r);
    ASSERT_TRUE(rc != 0);
    ASSERT_TRUE(have_state);
    ASSERT_STR_EQ(tgw, TGW_ID);
    ASSERT_STR_EQ(vpc, VPC_ID);
    ASSERT_TRUE(att_null);
    ASSERT_TRUE(share_kept);
    ASSERT_INT_EQ(n_tables, 3);
    ASSERT_TRUE(is_error);
    ASSERT_TRUE(svc);
    ASSERT_TRUE(op);
    ASSERT_TRUE(code);
    ASSERT_TRUE(msg);
    ASSERT_TRUE(reqid);
    ASSERT_INT_EQ(attempts, 1); /* a 400 is not retried */
    ASSERT_INT_EQ(later, 0);
}

static const char s_tgw_error[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><Errors>"
    "<Error><Code>TransitGatewayLimitExceeded</Code><Message>You have reached the limit</Message></Error></Errors>"
    "<RequestID>req-tgw-7</RequestID></Response>";

GC_TEST(tgw_fails_nothing_made)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
    ASSERT_INT_EQ(fw_fail(r.world, &gc_op_ec2_create_transit_gateway, 400, s_tgw_error, 100), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    bool no_state = r.state == NULL;
    size_t calls = fw_n_calls(r.world);
    /* the stray-hub guard and the orphan-share sweep look first; after the refused create nothing else is sent */
    bool guard_ok = calls > 1 && strcmp(s_op(&r, 0), "DescribeTransitGateways") == 0 &&
                    strcmp(s_op(&r, 1), "GetResourceShares") == 0;
    bool create_last = calls > 1 && strcmp(s_op(&r, calls - 1), "CreateTransitGateway") == 0;
    bool code = s_diag_has(&r.diags, "TransitGatewayLimitExceeded");
    bool reqid = s_diag_has(&r.diags, "req-tgw-7");
    int rc = r.rc;
    s_run_clean_up(&r);
    ASSERT_TRUE(rc != 0);
    ASSERT_TRUE(no_state);
    ASSERT_INT_EQ(calls, 3);
    ASSERT_TRUE(guard_ok);
    ASSERT_TRUE(create_last);
    ASSERT_TRUE(code);
    ASSERT_TRUE(reqid);
}

static const char s_tgw_internal_error[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><Errors>"
    "<Error><Code>InternalError</Code><Message>An internal error has occurred</Message></Error></Errors>"
    "<RequestID>req-tgw-500</RequestID></Response>";

/* CreateTransitGateway answers 500, but AWS made the TGW: it is not sent again (no idempotency token), it is
 * found by its create token and the hub is built on it. */
GC_TEST(ambiguous_tgw_create_is_adopted_not_repeated)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
    ASSERT_INT_EQ(fw_fail(r.world, &gc_op_ec2_create_transit_gateway, 500, s_tgw_internal_error, 1), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    size_t creates = 0;
    for (size_t i = 0; i < fw_n_calls(r.world); i++)
        creates += strcmp(s_op(&r, i), "CreateTransitGateway") == 0;
    const char *bad = s_check_full_state(r.state);
    int rc = r.rc;
    size_t n_diags = r.diags.n;
    s_run_clean_up(&r);
    ASSERT_INT_EQ(creates, 1);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n_diags, 0);
    if (bad)
        printf("# state mismatch: %s\n", bad);
    ASSERT_TRUE(bad == NULL);
}

/* A TGW that carries the naruto hub's gcnet tags but is in no state (an interrupted earlier apply). */
static const char s_stray_hub[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><DescribeTransitGatewaysResponse "
    "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-guard-1</requestId><transitGatewaySet><item>"
    "<transitGatewayId>tgw-0stray0000000001</transitGatewayId><state>available</state><ownerId>123456789012</ownerId>"
    "<tagSet><item><key>gcnet:municipality</key><value>naruto</value></item>"
    "<item><key>gcnet:hub</key><value>naruto-gcnet</value></item></tagSet></item></transitGatewaySet>"
    "</DescribeTransitGatewaysResponse>";

GC_TEST(stray_hub_is_refused_not_duplicated)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
    ASSERT_INT_EQ(fw_fail(r.world, &gc_op_ec2_describe_transit_gateways, 200, s_stray_hub, 1), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    bool no_state = r.state == NULL;
    bool created = false;
    for (size_t i = 0; i < fw_n_calls(r.world); i++)
        created = created || strncmp(s_op(&r, i), "Create", 6) == 0;
    bool says_exists = s_diag_has(&r.diags, "Hub already exists");
    bool names_it = s_diag_has(&r.diags, "tgw-0stray0000000001");
    bool says_import = s_diag_has(&r.diags, "terraform import");
    int rc = r.rc;
    s_run_clean_up(&r);
    ASSERT_TRUE(rc != 0);
    ASSERT_TRUE(no_state);
    ASSERT_FALSE(created);
    ASSERT_TRUE(says_exists);
    ASSERT_TRUE(names_it);
    ASSERT_TRUE(says_import);
}

/* The whole stack of an earlier hub was deleted outside Terraform but its RAM share was not: the create deletes
 * that share (and only it: a naruto share without the TGW tag is someone else's), warns, and builds the hub. */
GC_TEST(orphan_share_of_a_deleted_hub_is_deleted_first)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_ORPHAN), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    const char *mismatch = s_check_full_state(r.state);
    int deletes = fw_count(r.world, &gc_op_ram_delete_resource_share);
    bool deleted_orphan = false, before_create = false, seen_create = false;
    for (size_t i = 0; i < fw_n_calls(r.world); i++) {
        if (strcmp(s_op(&r, i), "CreateTransitGateway") == 0)
            seen_create = true;
        if (strcmp(s_op(&r, i), "DeleteResourceShare") == 0) {
            /* the ARN travels URL-encoded in the query: its unique tail is enough */
            deleted_orphan = strstr(fw_call_at(r.world, i)->url, "00000000dead") != NULL;
            before_create = !seen_create;
        }
    }
    bool warned = false;
    for (size_t i = 0; i < r.diags.n; i++)
        warned = warned || (r.diags.items[i].severity == GC_SEV_WARNING && r.diags.items[i].detail &&
                            strstr(r.diags.items[i].detail, ORPHAN_TGW) && strstr(r.diags.items[i].detail, ORPHAN_ARN));
    int rc = r.rc;
    s_run_clean_up(&r);
    if (mismatch)
        printf("# state: %s\n", mismatch);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(mismatch == NULL);
    ASSERT_INT_EQ(deletes, 1);
    ASSERT_TRUE(deleted_orphan);
    ASSERT_TRUE(before_create);
    ASSERT_TRUE(warned);
}

static const char s_throttle[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Response><Errors><Error><Code>RequestLimitExceeded</Code>"
    "<Message>Request limit exceeded.</Message></Error></Errors><RequestID>req-throttle</RequestID></Response>";

GC_TEST(throttling_is_retried)
{
    /* two writes and a read (the fixtures' writes answer their target state, so the create's waits make no read:
     * the read is the look for a stray hub before the create) */
    static const struct gc_aws_op_def *const ops[] = {
        &gc_op_ec2_create_vpc, &gc_op_ec2_create_transit_gateway_route_table, &gc_op_ec2_describe_transit_gateways};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        struct run r;
        ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
        ASSERT_INT_EQ(fw_fail(r.world, ops[k], 503, s_throttle, 2), 0);
        ASSERT_INT_EQ(s_create_hub(&r, 5), 0);
        const char *mismatch = s_check_full_state(r.state);
        int sleeps = r.clock.sleeps;
        int failed = fw_n_failed(r.world);
        int rc = r.rc;
        size_t n_diags = r.diags.n;
        s_run_clean_up(&r);
        if (mismatch || rc != 0 || sleeps < 2)
            printf("# %s: rc %d, %s, %d sleeps\n", ops[k]->name, rc, mismatch ? mismatch : "", sleeps);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_INT_EQ(n_diags, 0);
        ASSERT_TRUE(mismatch == NULL);
        ASSERT_INT_EQ(failed, 2);
        ASSERT_TRUE(sleeps >= 2); /* backed off on the fake clock, not in real time */
    }
}

GC_TEST(throttling_exhausts_retries)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
    ASSERT_INT_EQ(fw_fail(r.world, &gc_op_ec2_create_vpc, 503, s_throttle, 1000), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 2), 0);
    int attempts = fw_count(r.world, &gc_op_ec2_create_vpc);
    bool code = s_diag_has(&r.diags, "RequestLimitExceeded");
    char tgw[64] = "";
    snprintf(tgw, sizeof tgw, "%s", gc_value_get_string(r.state, "id") ? gc_value_get_string(r.state, "id") : "");
    int rc = r.rc;
    s_run_clean_up(&r);
    ASSERT_TRUE(rc != 0);
    ASSERT_INT_EQ(attempts, 3); /* first try + max_retries */
    ASSERT_TRUE(code);
    ASSERT_STR_EQ(tgw, TGW_ID); /* the TGW made before is not orphaned */
}

/* ---- the read: one round by the state's ids (hub_model.h gc_hub_load_hinted) ---- */

/* Reads the hub with `prior` against r's world (as Terraform's refresh does); r->state becomes the new state. */
/* The hub's read, as a plan's process makes it (`cached`: with the provider's read cache, nothing written yet)
 * or without a cache. `then` (may be NULL) runs after it on the same provider: the connections' reads. */
/* The hub's read with its stored private bytes (`memo`) and the bytes it sets (*next, may be NULL), then `then`
 * (may be NULL) with an op of the same provider (the same read cache), as a connection's read would have. */
static int s_read_hub_memo(struct run *r, const struct gc_value *prior, bool cached, const char *memo,
                           struct gc_private *next, int (*then)(struct run *r, struct gc_op *op))
{
    struct gc_aws_client *aws = fake_aws_client(&r->clock, "ap-northeast-1", "http://fake.test", NULL, 0);
    struct gc_value *defaults = gc_value_new_collection(&gc_type_map_string);
    struct gc_provider prov = {.aws = aws, .default_tags = defaults, .region = (char *)"ap-northeast-1"};
    int rc = -1;
    if (aws && defaults && (!cached || (prov.read_cache = gc_read_cache_new(aws)))) {
        struct gc_http_transport tr = fw_world_transport(r->world);
        gc_aws_client_set_transport(aws, &tr);
        gc_value_free(r->state);
        r->state = NULL;
        rc = gc_read_resource_private(&gc_resource_municipality_hub, &prov, prior,
                                      gc_span_from(memo, memo ? strlen(memo) : 0), &r->state, next, &r->diags);
        struct gc_op op = {.provider = &prov, .aws = aws, .diags = &r->diags, .type_name = "gcnet_asp_connection"};
        if (rc == 0 && then)
            rc = then(r, &op);
    }
    gc_read_cache_free(prov.read_cache);
    gc_value_free(defaults);
    gc_aws_client_free(aws);
    return rc;
}

static int s_read_hub_then(struct run *r, const struct gc_value *prior, bool cached,
                           int (*then)(struct run *r, struct gc_op *op))
{
    return s_read_hub_memo(r, prior, cached, NULL, NULL, then);
}

static int s_read_hub(struct run *r, const struct gc_value *prior, bool cached)
{
    return s_read_hub_then(r, prior, cached, NULL);
}

/* The number the fake gives the route table of `domain` in `state` (hub_world.c: tgw-rtb-<n>), or 0. */
static int s_rt_of(const struct gc_value *state, const char *domain)
{
    const char *id = gc_value_string(gc_value_map_get(gc_value_object_get(state, "route_table_ids"), domain));
    return id && strncmp(id, "tgw-rtb-", 8) == 0 ? (int)(strtol(id + 8, NULL, 10) & 7) : 0;
}

enum read_drift {
    RD_NONE,
    RD_TABLE_REPLACED,
    RD_TABLE_DELETED,
    RD_SHARE_DELETED,
    RD_TGW_DELETED,
    RD_ASSOC_GONE,
    RD_PROP_GONE
};

struct read_case {
    const char *name;
    enum read_drift drift;
    bool cached;         /* a plan's read (the read cache, nothing written): what the connections read comes too */
    int propagations;    /* GetTransitGatewayRouteTablePropagations made */
    int associations;    /* GetTransitGatewayRouteTableAssociations made */
    int principals;      /* GetResourceShareAssociations made */
    int calls;           /* every request of the read */
    const char *domains; /* routing_domains read, joined by ','; NULL: the hub is gone */
    bool shared;         /* share_with still names the account */
};

/* The created state as the prior, changed as the case's drift wants (in `prior` and in the world). */
static struct gc_value *s_drifted_prior(struct run *r, enum read_drift drift)
{
    struct gc_value *prior = gc_value_copy(r->state);
    if (!prior)
        return NULL;
    static const char *const domains[] = {"onprem", "asp", "ops"};
    gc_value_object_set(prior, "routing_domains", gc_value_new_string_list(&gc_type_list_string, domains, 3));
    gc_value_object_set(prior, "share_with",
                        gc_value_new_string_list(&gc_type_set_string, (const char *const[]){"210987654321"}, 1));
    int asp = s_rt_of(prior, "asp");
    r->hub.shares = HW_SHARES_OURS; /* GetResourceShares lists the share the create made */
    if (drift == RD_TABLE_REPLACED) {
        /* the state names a table that is no longer asp's: its answer (propagation disabled) must not be used */
        struct gc_value *rts = gc_value_object_take(prior, "route_table_ids");
        gc_value_map_put(rts, "asp", gc_value_new_string("tgw-rtb-00000000000000006"));
        gc_value_object_set(prior, "route_table_ids", rts);
        r->hub.prop_gone[6] = true;
    } else if (drift == RD_TABLE_DELETED) {
        r->hub.rt_gone[asp] = true;
    } else if (drift == RD_SHARE_DELETED) {
        r->hub.share_gone = true;
    } else if (drift == RD_TGW_DELETED) {
        r->hub.tgw_gone = true;
    } else if (drift == RD_ASSOC_GONE) {
        r->hub.assoc_gone = true; /* the ops attachment no longer associated with the ops table */
    } else if (drift == RD_PROP_GONE) {
        r->hub.prop_gone[asp] = true; /* its propagation into asp disabled by hand */
    }
    return prior;
}

/* routing_domains of a state joined by ',' into out. */
static void s_join_domains(const struct gc_value *state, char *out, size_t cap)
{
    const struct gc_value *list = gc_value_object_get(state, "routing_domains");
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < gc_value_length(list) && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "," : "", gc_value_string(gc_value_index(list, i)));
}

GC_TEST(read_uses_the_state_ids_and_still_sees_drift)
{
    static const struct read_case cases[] = {
        /* TGW, tables, VPC, subnets, attachments, share, principals, the asp and onprem wirings (propagations);
         * ops's wiring is the attachment's association: nothing asked twice */
        {"no drift", RD_NONE, false, 2, 0, 1, 9, "onprem,asp,ops", true},
        /* in a plan also the ops table's propagations and the ops VPC's route tables, for the connections */
        {"no drift, plan", RD_NONE, true, 3, 0, 1, 11, "onprem,asp,ops", true},
        /* the replaced table's wiring is asked again once its id is known */
        {"table replaced", RD_TABLE_REPLACED, false, 3, 0, 1, 10, "onprem,asp,ops", true},
        {"table replaced, plan", RD_TABLE_REPLACED, true, 4, 0, 1, 12, "onprem,asp,ops", true},
        {"table deleted", RD_TABLE_DELETED, true, 3, 0, 1, 11, "onprem,ops", true},
        {"share deleted", RD_SHARE_DELETED, true, 3, 0, 1, 11, "onprem,asp,ops", false},
        {"tgw deleted", RD_TGW_DELETED, true, 3, 0, 1, 11, NULL, false},
        /* drift of the wiring is still seen, with the cache or without */
        {"ops disassociated", RD_ASSOC_GONE, false, 2, 0, 1, 9, "onprem,asp", true},
        {"ops disassociated, plan", RD_ASSOC_GONE, true, 3, 0, 1, 11, "onprem,asp", true},
        {"asp unpropagated, plan", RD_PROP_GONE, true, 3, 0, 1, 11, "onprem,ops", true},
    };
    int failures = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct read_case *k = &cases[c];
        struct run r;
        ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
        ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
        ASSERT_INT_EQ(r.rc, 0);
        struct gc_value *prior = s_drifted_prior(&r, k->drift);
        size_t before = fw_n_calls(r.world);
        int before_prop = fw_count(r.world, &gc_op_ec2_get_transit_gateway_route_table_propagations);
        int before_assoc = fw_count(r.world, &gc_op_ec2_get_transit_gateway_route_table_associations);
        int before_princ = fw_count(r.world, &gc_op_ram_get_resource_share_associations);
        int rc = prior ? s_read_hub(&r, prior, k->cached) : -1;
        int calls = (int)(fw_n_calls(r.world) - before);
        int prop = fw_count(r.world, &gc_op_ec2_get_transit_gateway_route_table_propagations) - before_prop;
        int assoc = fw_count(r.world, &gc_op_ec2_get_transit_gateway_route_table_associations) - before_assoc;
        int princ = fw_count(r.world, &gc_op_ram_get_resource_share_associations) - before_princ;
        char domains[64];
        s_join_domains(r.state, domains, sizeof domains);
        const struct gc_value *share_with = gc_value_object_get(r.state, "share_with");
        bool shared = gc_value_length(share_with) == 1 &&
                      strcmp(gc_value_string(gc_value_index(share_with, 0)), "210987654321") == 0;
        bool ok = rc == 0 && r.diags.n == 0 && calls == k->calls && prop == k->propagations &&
                  assoc == k->associations && princ == k->principals && shared == k->shared &&
                  (k->domains ? r.state && strcmp(domains, k->domains) == 0 : r.state == NULL);
        if (!ok) {
            printf("# %s: rc %d, %zu diags, %d calls, %d/%d/%d wiring/principal reads, domains '%s', shared %d\n",
                   k->name, rc, r.diags.n, calls, prop, assoc, princ, domains, shared);
            failures++;
        }
        gc_value_free(prior);
        s_run_clean_up(&r);
    }
    ASSERT_INT_EQ(failures, 0);
}

/* ---- a plan: the connections' reads after the hub's (conn_model.h) find every answer in the read cache ---- */

struct conn_reads {
    size_t calls; /* requests the connection-side reads made */
    bool found, att_found, by_resource_found;
    size_t n_vpc_tables;
    char propagated[64]; /* the domains the ops attachment propagates into, as the wiring read saw them */
};

static struct conn_reads s_conn_reads;

static int s_read_as_connection(struct run *r, struct gc_op *op)
{
    struct conn_reads *out = &s_conn_reads;
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0}, by_resource = {0};
    bool propagated[GC_CONN_MAX_DOMAINS] = {false};
    json_t *vpc_tables = NULL;
    size_t before = fw_n_calls(r->world), len = 0;
    int rc = gc_conn_hub_load_for_read(op, TGW_ID, &hub, &out->found);
    if (rc == 0)
        rc = gc_conn_wiring_read(op, &hub, HW_ATT_ID, propagated, &vpc_tables);
    if (rc == 0)
        rc = gc_conn_attachment_find(op, TGW_ID, HW_ATT_ID, &att, &out->att_found);
    if (rc == 0)
        rc = gc_conn_attachment_read_by_resource(op, TGW_ID, "vpc", HW_VPC_ID, &by_resource, &out->by_resource_found);
    out->calls = fw_n_calls(r->world) - before;
    out->n_vpc_tables = json_array_size(json_object_get(vpc_tables, "RouteTables"));
    out->propagated[0] = '\0';
    for (size_t i = 0; i < hub.n_domains; i++)
        if (propagated[i])
            len += (size_t)snprintf(out->propagated + len, sizeof out->propagated - len, "%s%s", len ? "," : "",
                                    hub.domains[i].name);
    json_decref(vpc_tables);
    gc_conn_attachment_clean_up(&att);
    gc_conn_attachment_clean_up(&by_resource);
    gc_conn_hub_clean_up(&hub);
    return rc;
}

GC_TEST(a_plans_connection_reads_find_what_the_hubs_read_asked)
{
    static const struct {
        const char *name;
        enum read_drift drift;
        const char *propagated; /* as the connection's wiring read sees it */
    } cases[] = {
        {"no drift", RD_NONE, "onprem,asp,ops"},
        /* a propagation disabled by hand: the cached answer is the hub's fresh one, so the drift shows */
        {"asp unpropagated", RD_PROP_GONE, "onprem,ops"},
    };
    int failures = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct run r;
        ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
        ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
        ASSERT_INT_EQ(r.rc, 0);
        struct gc_value *prior = s_drifted_prior(&r, cases[c].drift);
        memset(&s_conn_reads, 0, sizeof s_conn_reads);
        s_conn_reads.calls = 99;
        int rc = prior ? s_read_hub_then(&r, prior, true, s_read_as_connection) : -1;
        const struct conn_reads *k = &s_conn_reads;
        bool ok = rc == 0 && r.diags.n == 0 && k->calls == 0 && k->found && k->att_found && k->by_resource_found &&
                  k->n_vpc_tables == 1 && strcmp(k->propagated, cases[c].propagated) == 0;
        if (!ok) {
            printf("# %s: rc %d, %zu diags, %zu calls after the hub's, found %d/%d/%d, %zu VPC tables, propagated "
                   "'%s'\n",
                   cases[c].name, rc, r.diags.n, k->calls, k->found, k->att_found, k->by_resource_found,
                   k->n_vpc_tables, k->propagated);
            failures++;
        }
        gc_value_free(prior);
        s_run_clean_up(&r);
    }
    ASSERT_INT_EQ(failures, 0);
}

/* ---- update and delete: the load by the state's ids, then only writes ---- */

/* Applies `planned` (NULL: a delete) over `prior` against r's world; r->state becomes the new state. */
static int s_apply_over(struct run *r, const struct gc_value *prior, const struct gc_value *planned)
{
    struct gc_aws_client *aws = fake_aws_client(&r->clock, "ap-northeast-1", "http://fake.test", NULL, 0);
    struct gc_value *defaults = gc_value_new_collection(&gc_type_map_string);
    struct gc_provider prov = {.aws = aws, .default_tags = defaults, .region = (char *)"ap-northeast-1"};
    int rc = -1;
    if (aws && defaults) {
        struct gc_http_transport tr = fw_world_transport(r->world);
        gc_aws_client_set_transport(aws, &tr);
        gc_value_map_put(defaults, "owner", gc_value_new_string("council"));
        gc_value_free(r->state);
        r->state = NULL;
        gc_op_set_clock(s_op_now, s_op_sleep);
        rc = gc_apply_resource(&gc_resource_municipality_hub, &prov, prior, planned, &r->state, &r->diags);
        gc_op_set_clock(NULL, NULL);
    }
    gc_value_free(defaults);
    gc_aws_client_free(aws);
    return rc;
}

/* The calls from `from` on: how many are `op`, and the index of the first write (n when none). */
static int s_count_from(const struct run *r, size_t from, const char *op)
{
    int n = 0;
    for (size_t i = from; i < fw_n_calls(r->world); i++)
        n += strcmp(s_op(r, i), op) == 0;
    return n;
}

static size_t s_first_write(const struct run *r, size_t from)
{
    size_t i = from;
    while (i < fw_n_calls(r->world) && !s_mutating(s_op(r, i)))
        i++;
    return i;
}

struct update_case {
    const char *name;
    bool drop_asp; /* routing_domains without asp: its table is deleted, not re-tagged */
    int ec2_tags;  /* CreateTags: TGW, VPC, attachment, subnet (the fake lists one) and the kept domains' tables */
    int deletes;   /* DeleteTransitGatewayRouteTable */
};

GC_TEST(update_loads_once_by_the_state_ids_and_retags_each_object)
{
    static const struct update_case cases[] = {
        {"tags only", false, 7, 0},
        {"tags and a domain less", true, 6, 1},
    };
    int failures = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct update_case *k = &cases[c];
        struct run r;
        ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
        ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
        ASSERT_INT_EQ(r.rc, 0);
        r.hub.shares = HW_SHARES_OURS;
        struct gc_value *prior = gc_value_copy(r.state);
        struct gc_value *planned = gc_value_copy(r.state);
        struct gc_value *tags = gc_value_copy(gc_value_object_get(planned, "tags_all"));
        gc_value_map_put(tags, "cost-centre", gc_value_new_string("1234"));
        gc_value_object_set(planned, "tags_all", tags);
        if (k->drop_asp) {
            static const char *const two[] = {"onprem", "ops"};
            gc_value_object_set(planned, "routing_domains", gc_value_new_string_list(&gc_type_list_string, two, 2));
        }
        size_t before = fw_n_calls(r.world);
        int rc = s_apply_over(&r, prior, planned);
        size_t first_write = s_first_write(&r, before);
        /* the load: TGW, tables, VPC, subnets, attachments (with the ops association), share, principals, the 2
         * other domains' propagations, all before any write */
        int reads_before = (int)(first_write - before);
        /* none of the load's reads again (the waits for the TGW's modify and a deleted table poll their own) */
        static const char *const loaded[] = {"DescribeVpcs",
                                             "DescribeSubnets",
                                             "DescribeTransitGatewayAttachments",
                                             "GetResourceShares",
                                             "GetResourceShareAssociations",
                                             "GetTransitGatewayRouteTablePropagations",
                                             "GetTransitGatewayRouteTableAssociations"};
        int reads_after = 0;
        for (size_t i = first_write; i < fw_n_calls(r.world); i++)
            for (size_t l = 0; l < sizeof loaded / sizeof loaded[0]; l++)
                reads_after += strcmp(s_op(&r, i), loaded[l]) == 0;
        int ec2_tags = s_count_from(&r, before, "CreateTags");
        int ram_tags = s_count_from(&r, before, "TagResource");
        int deletes = s_count_from(&r, before, "DeleteTransitGatewayRouteTable");
        bool ok = rc == 0 && r.diags.n == 0 && reads_before == 9 && ec2_tags == k->ec2_tags && ram_tags == 1 &&
                  deletes == k->deletes && reads_after == 0;
        if (!ok) {
            printf("# %s: rc %d, %zu diags, %d reads before the first write, %d after, %d/%d tag writes, %d "
                   "deletes\n",
                   k->name, rc, r.diags.n, reads_before, reads_after, ec2_tags, ram_tags, deletes);
            for (size_t i = before; i < fw_n_calls(r.world); i++)
                printf("#   %s\n", s_op(&r, i));
            failures++;
        }
        gc_value_free(prior);
        gc_value_free(planned);
        s_run_clean_up(&r);
    }
    ASSERT_INT_EQ(failures, 0);
}

GC_TEST(delete_loads_once_by_the_state_ids_and_deletes_everything)
{
    struct run r;
    ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    ASSERT_INT_EQ(r.rc, 0);
    r.hub.shares = HW_SHARES_OURS;
    struct gc_value *prior = gc_value_copy(r.state);
    size_t before = fw_n_calls(r.world);
    int rc = s_apply_over(&r, prior, NULL);
    size_t first_write = s_first_write(&r, before);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ((int)r.diags.n, 0);
    ASSERT_TRUE(r.state == NULL || gc_value_is_null(r.state));
    ASSERT_INT_EQ((int)(first_write - before), 9); /* one load, by the state's ids */
    /* the wiring is read by the load (the ops association from the attachment list) and once more by the ops
     * disassociation's wait, never again */
    ASSERT_INT_EQ(s_count_from(&r, before, "GetTransitGatewayRouteTablePropagations"), 2);
    ASSERT_INT_EQ(s_count_from(&r, before, "GetTransitGatewayRouteTableAssociations"), 1);
    ASSERT_INT_EQ(s_count_from(&r, before, "GetResourceShareAssociations"), 1);
    /* the lists of what is tagged with the TGW, each once */
    ASSERT_INT_EQ(s_count_from(&r, before, "DescribeVpcs"), 2);
    ASSERT_INT_EQ(s_count_from(&r, before, "DescribeTransitGatewayVpcAttachments"), 2); /* the list, the wait */
    /* everything is gone */
    ASSERT_TRUE(r.hub.tgw_gone && r.hub.att_gone && r.hub.share_gone && r.hub.assoc_gone);
    for (int i = 1; i <= 3; i++)
        ASSERT_TRUE(r.hub.rt_gone[i]);
    ASSERT_INT_EQ(s_count_from(&r, before, "DeleteSubnet"), 1); /* the fake lists one */
    ASSERT_INT_EQ(s_count_from(&r, before, "DeleteVpc"), 1);
    ASSERT_INT_EQ(s_count_from(&r, before, "DeleteTransitGateway"), 1);
    gc_value_free(prior);
    s_run_clean_up(&r);
}

/* The hub remembers its Direct Connect gateways in its private bytes; when they name one, a plan's read also asks
 * the TGW's Direct Connect associations (for its dx_gateway links, onprem_dx.c), and otherwise nothing more. */
GC_TEST(the_hubs_memo_names_its_dx_gateways_and_a_plan_asks_their_associations)
{
#define MEMO_DX "{\"v\":1,\"dxgw\":[\"" HW_DXGW_ID "\"]}"
    static const struct {
        const char *name;
        const char *memo; /* the stored private bytes */
        bool attached;    /* a gateway is attached now */
        bool cached;      /* a plan's read */
        int dx;           /* DescribeDirectConnectGatewayAssociations made (by the TGW) */
        int calls;        /* every request of the read */
        const char *next; /* the memo set */
    } cases[] = {
        {"no memo, a gateway attached: remembered", "", true, true, 0, 11, MEMO_DX},
        {"memo: asked in the same round", MEMO_DX, true, true, 1, 12, MEMO_DX},
        {"memo, outside a plan: not asked", MEMO_DX, true, false, 0, 9, MEMO_DX},
        {"memo, the gateway detached since: asked once, forgotten", MEMO_DX, false, true, 1, 12, ""},
        {"no memo, no gateway: a hub alone pays nothing", "", false, true, 0, 11, ""},
        {"garbage memo ignored", "{\"v\":1,\"dxgw\":[", true, true, 0, 11, MEMO_DX},
        {"another version ignored", "{\"v\":2,\"dxgw\":[\"x\"]}", false, true, 0, 11, ""},
        {"an empty list asks nothing", "{\"v\":1,\"dxgw\":[]}", false, true, 0, 11, ""},
    };
#undef MEMO_DX
    int failures = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct run r;
        struct gc_private next = {0};
        ASSERT_INT_EQ(s_run_init(&r, HW_SHARES_NONE), 0);
        ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
        ASSERT_INT_EQ(r.rc, 0);
        struct gc_value *prior = s_drifted_prior(&r, RD_NONE);
        r.hub.dx_attached = cases[c].attached;
        size_t before = fw_n_calls(r.world);
        int dx_before = fw_count(r.world, &gc_op_directconnect_describe_direct_connect_gateway_associations);
        int rc = prior ? s_read_hub_memo(&r, prior, cases[c].cached, cases[c].memo, &next, NULL) : -1;
        int dx = fw_count(r.world, &gc_op_directconnect_describe_direct_connect_gateway_associations) - dx_before;
        size_t calls = fw_n_calls(r.world) - before;
        bool by_tgw = true;
        for (size_t i = before; i < fw_n_calls(r.world); i++) {
            const struct fw_call *call = fw_call_at(r.world, i);
            if (call->op == &gc_op_directconnect_describe_direct_connect_gateway_associations)
                by_tgw = by_tgw && call->body && strstr(call->body, "\"associatedGatewayId\"") &&
                         strstr(call->body, HW_TGW_ID) && !strstr(call->body, "associationId");
        }
        bool memo_ok =
            next.bytes && next.len == strlen(cases[c].next) && memcmp(next.bytes, cases[c].next, next.len) == 0;
        bool ok = rc == 0 && r.diags.n == 0 && r.state && dx == cases[c].dx && calls == (size_t)cases[c].calls &&
                  by_tgw && memo_ok && fw_n_unanswered(r.world) == 0;
        if (!ok) {
            printf("# %s: rc %d, %zu diags, %d dx (by tgw %d), %zu calls, memo '%.*s'\n", cases[c].name, rc, r.diags.n,
                   dx, by_tgw, calls, next.bytes ? (int)next.len : 6, next.bytes ? (const char *)next.bytes : "(none)");
            failures++;
        }
        free(next.bytes);
        gc_value_free(prior);
        s_run_clean_up(&r);
    }
    ASSERT_INT_EQ(failures, 0);
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    FILE *probe = fopen("create_tgw.xml", "rb");
    if (!probe) {
        printf("Bail out! fixtures not found: run in tests/unit/aws/ec2-fixtures\n");
        return 1;
    }
    fclose(probe);
    /* These cases assert the order of the requests, so the hub's independent steps run one after another here, in
     * the order of their lists (framework/gc_parallel.h); test_hostile_aws and test_hub_alloc run them at once. */
    gc_parallel_set_width(1);
    static const struct gc_test_case cases[] = {
        GC_CASE(create_full),
        GC_CASE(attachment_fails_keeps_partial_state),
        GC_CASE(tgw_fails_nothing_made),
        GC_CASE(stray_hub_is_refused_not_duplicated),
        GC_CASE(ambiguous_tgw_create_is_adopted_not_repeated),
        GC_CASE(throttling_is_retried),
        GC_CASE(throttling_exhausts_retries),
        GC_CASE(orphan_share_of_a_deleted_hub_is_deleted_first),
        GC_CASE(read_uses_the_state_ids_and_still_sees_drift),
        GC_CASE(a_plans_connection_reads_find_what_the_hubs_read_asked),
        GC_CASE(update_loads_once_by_the_state_ids_and_retags_each_object),
        GC_CASE(delete_loads_once_by_the_state_ids_and_deletes_everything),
        GC_CASE(the_hubs_memo_names_its_dx_gateways_and_a_plan_asks_their_associations),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
