/* gcnet_municipality_hub driven through the framework (gc_plan_resource + gc_apply_resource) against a scripted
 * fake AWS: the transport answers each EC2/STS action (Action= in the body) and RAM operation (the REST path)
 * from the recorded moto fixtures in tests/unit/aws/ec2-fixtures (the test's working directory), with fresh ids
 * for route tables and subnets. One action can be made to fail a given number of times. */
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "framework/gc_plan.h"
#include "gc_test.h"
#include "fixture_text.h"

extern const struct gc_resource_def gc_resource_municipality_hub;

#define TGW_ID "tgw-c629df727a9b815ec"
#define ATT_ID "tgw-attach-fbc03a7310f259a08"
#define VPC_ID "vpc-0ede708d21bacbe6c"
#define SHARE_ARN "arn:aws:ram:ap-northeast-1:123456789012:resource-share/0d52780e-6b8f-47b6-8c2d-2c4b72be455d"
#define MAX_CALLS 256
#define ORPHAN_TGW "tgw-0000000000000dead"
#define ORPHAN_ARN "arn:aws:ram:ap-northeast-1:123456789012:resource-share/00000000-0000-0000-0000-00000000dead"

struct hub_fake {
    char *ops[MAX_CALLS];
    char *bodies[MAX_CALLS];
    char *urls[MAX_CALLS];
    size_t n;
    const char *fail_op; /* answer this operation with fail_status/fail_body ... */
    int fail_times;      /* ... this many times */
    long fail_status;
    const char *fail_body;
    int failed;
    int n_rt, n_subnet;
    bool orphan_share; /* GetResourceShares lists a naruto share whose TGW (ORPHAN_TGW) is deleted */
};

static const char s_rt_describe[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><DescribeTransitGatewayRouteTablesResponse "
    "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><transitGatewayRouteTables><item><transitGatewayRouteTableId>"
    "@ID@</transitGatewayRouteTableId><transitGatewayId>" TGW_ID "</transitGatewayId><state>available</state>"
    "<defaultAssociationRouteTable>false</defaultAssociationRouteTable><defaultPropagationRouteTable>false"
    "</defaultPropagationRouteTable><creationTime>2026-11-28T17:35:06.000Z</creationTime><tagSet/></item>"
    "</transitGatewayRouteTables><requestId>request-id</requestId></DescribeTransitGatewayRouteTablesResponse>";

static const char s_sts_identity[] =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
    "<Arn>arn:aws:iam::123456789012:user/gcnet</Arn><UserId>AIDAGCNET</UserId><Account>123456789012</Account>"
    "</GetCallerIdentityResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>";

static const char s_no_shares[] = "{\"resourceShares\": []}";
static const char s_orphan_share[] =
    "{\"resourceShares\": [{\"allowExternalPrincipals\": false, \"name\": \"naruto-gcnet\", \"owningAccountId\": "
    "\"123456789012\", \"resourceShareArn\": \"" ORPHAN_ARN "\", \"status\": \"ACTIVE\", \"tags\": [{\"key\": "
    "\"gcnet:municipality\", \"value\": \"naruto\"}, {\"key\": \"gcnet:transit-gateway-id\", \"value\": "
    "\"" ORPHAN_TGW "\"}]}, {\"name\": \"naruto-by-hand\", \"resourceShareArn\": \"arn:aws:ram:ap-northeast-1:"
    "123456789012:resource-share/by-hand\", \"status\": \"ACTIVE\", \"tags\": [{\"key\": \"gcnet:municipality\", "
    "\"value\": \"naruto\"}]}]}";

static const char s_unknown_action[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Response><Errors><Error><Code>InvalidAction</Code><Message>the fake "
    "does not know this action</Message></Error></Errors><RequestID>fake-unknown</RequestID></Response>";

/* The reply body for a successful `op` (malloc'd), or NULL when the fake does not know it. */
static char *s_answer(struct hub_fake *f, const char *op, const char *body)
{
    static const struct {
        const char *op, *file;
    } files[] = {
        {"CreateTransitGateway", "create_tgw.xml"},
        {"DescribeTransitGateways", "describe_tgw.xml"},
        {"CreateTags", "create_tags.xml"},
        {"CreateVpc", "create_vpc.xml"},
        {"CreateTransitGatewayVpcAttachment", "create_att.xml"},
        {"DescribeTransitGatewayVpcAttachments", "describe_att.xml"},
        {"AssociateTransitGatewayRouteTable", "associate.xml"},
        {"EnableTransitGatewayRouteTablePropagation", "enable_propagation.xml"},
        {"GetTransitGatewayRouteTableAssociations", "get_associations.xml"},
        {"GetTransitGatewayRouteTablePropagations", "get_propagations.xml"},
        {"CreateResourceShare", "ram_create.json"},
        {"DeleteResourceShare", "ram_delete.json"},
    };
    char id[64];
    if (strcmp(op, "GetCallerIdentity") == 0)
        return strdup(s_sts_identity);
    if (strcmp(op, "GetResourceShares") == 0)
        return strdup(f->orphan_share ? s_orphan_share : s_no_shares);
    if (strcmp(op, "DescribeTransitGateways") == 0) {
        char *want = fx_param(body, "TransitGatewayIds.1");
        bool orphan = want && strcmp(want, ORPHAN_TGW) == 0;
        free(want);
        if (orphan)
            return fx_file("describe_tgw_deleted.xml"); /* an empty set: gone */
    }
    if (strcmp(op, "CreateTransitGatewayRouteTable") == 0) {
        snprintf(id, sizeof id, "tgw-rtb-%017d", ++f->n_rt);
        return fx_file_replaced("create_rt.xml", "tgw-rtb-2b45bc295800d4fce", id);
    }
    if (strcmp(op, "DescribeTransitGatewayRouteTables") == 0) {
        char *want = fx_param(body, "TransitGatewayRouteTableIds.1");
        char *out = want ? fx_replace(s_rt_describe, "@ID@", want) : NULL;
        free(want);
        return out;
    }
    if (strcmp(op, "CreateSubnet") == 0) {
        snprintf(id, sizeof id, "subnet-%017d", ++f->n_subnet);
        return fx_file_replaced("create_subnet.xml", "subnet-6438d73a0391e7cb3", id);
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (strcmp(op, files[i].op) == 0)
            return fx_file(files[i].file);
    return NULL;
}

static int s_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    struct hub_fake *f = impl;
    char *body = strndup(req->body.ptr ? (const char *)req->body.ptr : "", req->body.len);
    char *op = fx_param(body, "Action");
    if (!op) {
        const char *path = strstr(req->url, "://");
        path = path ? strchr(path + 3, '/') : NULL;
        op = strdup(fx_ram_op(path ? path : "?"));
    }
    if (f->n < MAX_CALLS) {
        f->ops[f->n] = strdup(op);
        f->bodies[f->n] = strdup(body);
        f->urls[f->n] = strdup(req->url);
        f->n++;
    }
    memset(resp, 0, sizeof *resp);
    gc_buf_init(&resp->body, 1 << 20);
    char *answer = NULL;
    if (f->fail_op && strcmp(op, f->fail_op) == 0 && f->failed < f->fail_times) {
        f->failed++;
        resp->status = f->fail_status;
        gc_buf_append_str(&resp->body, f->fail_body);
    } else if ((answer = s_answer(f, op, body)) != NULL) {
        resp->status = 200;
        gc_buf_append_str(&resp->body, answer);
    } else {
        printf("# fake: no answer for %s\n", op);
        resp->status = 400;
        gc_buf_append_str(&resp->body, s_unknown_action);
    }
    free(answer);
    free(op);
    free(body);
    return 0;
}

static void s_fake_clean_up(struct hub_fake *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->ops[i]);
        free(f->bodies[i]);
        free(f->urls[i]);
    }
    f->n = 0;
}

static bool s_mutating(const char *op)
{
    static const char *const prefixes[] = {"Create", "Associate", "Enable", "Modify", "Delete", "Disassociate",
                                           "Disable", "Update", "Accept"};
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
    struct hub_fake fake;
    struct fake_aws clock; /* the AWS client's clock (retry sleeps) */
    int rc;
    struct gc_value *planned;
    struct gc_value *state;
    struct gc_diags diags;
};

static void s_run_clean_up(struct run *r)
{
    s_fake_clean_up(&r->fake);
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
    struct gc_provider prov = {aws, defaults, (char *)"ap-northeast-1"};
    if (!aws || !config || !t || !defaults)
        goto cleanup;
    struct gc_http_transport tr = {s_send, &r->fake};
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

static int s_count(const struct hub_fake *f, const char *op)
{
    int n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += strcmp(f->ops[i], op) == 0;
    return n;
}

static const char *const s_expected_mutations[] = {
    "CreateTransitGateway",
    "CreateTags", /* the TGW's own id tag */
    "CreateVpc",
    "CreateSubnet",
    "CreateSubnet",
    "CreateTransitGatewayVpcAttachment",
    "CreateTransitGatewayRouteTable", /* onprem */
    "EnableTransitGatewayRouteTablePropagation",
    "CreateTransitGatewayRouteTable", /* asp */
    "EnableTransitGatewayRouteTablePropagation",
    "CreateTransitGatewayRouteTable", /* ops */
    "AssociateTransitGatewayRouteTable",
    "CreateResourceShare",
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
    memset(&r, 0, sizeof r);
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    const char *mismatch = s_check_full_state(r.state);
    /* the mutating calls, in order */
    const char *muts[MAX_CALLS];
    size_t n_muts = 0;
    for (size_t i = 0; i < r.fake.n; i++)
        if (s_mutating(r.fake.ops[i]))
            muts[n_muts++] = r.fake.ops[i];
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
    for (size_t i = 0; i < r.fake.n; i++) {
        if (strcmp(r.fake.ops[i], "CreateSubnet") == 0) {
            char *cidr = fx_param(r.fake.bodies[i], "CidrBlock");
            char *az = fx_param(r.fake.bodies[i], "AvailabilityZone");
            const char *want_cidr = subnet == 0 ? "10.20.0.0%2F25" : "10.20.0.128%2F25";
            const char *want_az = subnet == 0 ? "ap-northeast-1a" : "ap-northeast-1c";
            halves = (subnet == 0 || halves) && cidr && strcmp(cidr, want_cidr) == 0;
            zones = (subnet == 0 || zones) && az && strcmp(az, want_az) == 0;
            subnet++;
            free(cidr);
            free(az);
        } else if (strcmp(r.fake.ops[i], "CreateTransitGateway") == 0) {
            char *a = fx_param(r.fake.bodies[i], "Options.AmazonSideAsn");
            asn = a && strcmp(a, "64512") == 0;
            free(a);
        }
    }
    int rc = r.rc;
    size_t n_diags = r.diags.n;
    s_run_clean_up(&r);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n_diags, 0);
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
    memset(&r, 0, sizeof r);
    r.fake.fail_op = "CreateTransitGatewayVpcAttachment";
    r.fake.fail_times = 100;
    r.fake.fail_status = 400;
    r.fake.fail_body = s_att_error;
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    char tgw[64] = "", vpc[64] = "";
    snprintf(tgw, sizeof tgw, "%s", gc_value_get_string(r.state, "id") ? gc_value_get_string(r.state, "id") : "");
    snprintf(vpc, sizeof vpc, "%s",
             gc_value_get_string(r.state, "vpc_id") ? gc_value_get_string(r.state, "vpc_id") : "");
    bool have_state = r.state != NULL && !gc_value_is_null(r.state);
    bool att_null = gc_value_is_null(gc_value_object_get(r.state, "vpc_attachment_id"));
    bool share_null = gc_value_is_null(gc_value_object_get(r.state, "resource_share_arn"));
    bool svc = s_diag_has(&r.diags, "EC2");
    bool op = s_diag_has(&r.diags, "CreateTransitGatewayVpcAttachment");
    bool code = s_diag_has(&r.diags, "InvalidSubnetID.NotFound");
    bool msg = s_diag_has(&r.diags, "The subnet ID 'subnet-gone' does not exist");
    bool reqid = s_diag_has(&r.diags, "req-fail-0042");
    bool is_error = gc_diags_has_error(&r.diags);
    int attempts = s_count(&r.fake, "CreateTransitGatewayVpcAttachment");
    /* nothing is made after the failure */
    int later = s_count(&r.fake, "CreateTransitGatewayRouteTable") + s_count(&r.fake, "CreateResourceShare");
    int rc = r.rc;
    s_run_clean_up(&r);
    ASSERT_TRUE(rc != 0);
    ASSERT_TRUE(have_state);
    ASSERT_STR_EQ(tgw, TGW_ID);
    ASSERT_STR_EQ(vpc, VPC_ID);
    ASSERT_TRUE(att_null);
    ASSERT_TRUE(share_null);
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
    memset(&r, 0, sizeof r);
    r.fake.fail_op = "CreateTransitGateway";
    r.fake.fail_times = 100;
    r.fake.fail_status = 400;
    r.fake.fail_body = s_tgw_error;
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    bool no_state = r.state == NULL;
    size_t calls = r.fake.n;
    /* the stray-hub guard and the orphan-share sweep look first; after the refused create nothing else is sent */
    bool guard_ok = calls > 1 && strcmp(r.fake.ops[0], "DescribeTransitGateways") == 0 &&
                    strcmp(r.fake.ops[1], "GetResourceShares") == 0;
    bool create_last = calls > 1 && strcmp(r.fake.ops[calls - 1], "CreateTransitGateway") == 0;
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
    memset(&r, 0, sizeof r);
    r.fake.fail_op = "CreateTransitGateway";
    r.fake.fail_times = 1;
    r.fake.fail_status = 500;
    r.fake.fail_body = s_tgw_internal_error;
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    size_t creates = 0;
    for (size_t i = 0; i < r.fake.n; i++)
        creates += strcmp(r.fake.ops[i], "CreateTransitGateway") == 0;
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
    memset(&r, 0, sizeof r);
    r.fake.fail_op = "DescribeTransitGateways";
    r.fake.fail_times = 1;
    r.fake.fail_status = 200;
    r.fake.fail_body = s_stray_hub;
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    bool no_state = r.state == NULL;
    bool created = false;
    for (size_t i = 0; i < r.fake.n; i++)
        created = created || strncmp(r.fake.ops[i], "Create", 6) == 0;
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
    memset(&r, 0, sizeof r);
    r.fake.orphan_share = true;
    ASSERT_INT_EQ(s_create_hub(&r, 3), 0);
    const char *mismatch = s_check_full_state(r.state);
    int deletes = s_count(&r.fake, "DeleteResourceShare");
    bool deleted_orphan = false, before_create = false, seen_create = false;
    for (size_t i = 0; i < r.fake.n; i++) {
        if (strcmp(r.fake.ops[i], "CreateTransitGateway") == 0)
            seen_create = true;
        if (strcmp(r.fake.ops[i], "DeleteResourceShare") == 0) {
            /* the ARN travels URL-encoded in the query: its unique tail is enough */
            deleted_orphan = strstr(r.fake.urls[i], "00000000dead") != NULL;
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
    static const char *const ops[] = {"CreateVpc", "CreateTransitGatewayRouteTable",
                                      "GetTransitGatewayRouteTableAssociations"};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        struct run r;
        memset(&r, 0, sizeof r);
        r.fake.fail_op = ops[k];
        r.fake.fail_times = 2;
        r.fake.fail_status = 503;
        r.fake.fail_body = s_throttle;
        ASSERT_INT_EQ(s_create_hub(&r, 5), 0);
        const char *mismatch = s_check_full_state(r.state);
        int sleeps = r.clock.sleeps;
        int failed = r.fake.failed;
        int rc = r.rc;
        size_t n_diags = r.diags.n;
        s_run_clean_up(&r);
        if (mismatch || rc != 0 || sleeps < 2)
            printf("# %s: rc %d, %s, %d sleeps\n", ops[k], rc, mismatch ? mismatch : "", sleeps);
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
    memset(&r, 0, sizeof r);
    r.fake.fail_op = "CreateVpc";
    r.fake.fail_times = 1000;
    r.fake.fail_status = 503;
    r.fake.fail_body = s_throttle;
    ASSERT_INT_EQ(s_create_hub(&r, 2), 0);
    int attempts = s_count(&r.fake, "CreateVpc");
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
    static const struct gc_test_case cases[] = {
        GC_CASE(create_full),
        GC_CASE(attachment_fails_keeps_partial_state),
        GC_CASE(tgw_fails_nothing_made), GC_CASE(stray_hub_is_refused_not_duplicated),
             GC_CASE(ambiguous_tgw_create_is_adopted_not_repeated),
        GC_CASE(throttling_is_retried),
        GC_CASE(throttling_exhausts_retries),
        GC_CASE(orphan_share_of_a_deleted_hub_is_deleted_first),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
