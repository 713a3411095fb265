/* The hub's answers (see hub_world.h). */
#include "hub_world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_text.h"

static const char s_sts_identity[] =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
    "<Arn>arn:aws:iam::123456789012:user/gcnet</Arn><UserId>AIDAGCNET</UserId><Account>123456789012</Account>"
    "</GetCallerIdentityResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>";

static const char s_no_shares[] = "{\"resourceShares\": []}";
static const char s_orphan_share[] =
    "{\"resourceShares\": [{\"allowExternalPrincipals\": false, \"name\": \"naruto-gcnet\", \"owningAccountId\": "
    "\"123456789012\", \"resourceShareArn\": \"" HW_ORPHAN_ARN "\", \"status\": \"ACTIVE\", \"tags\": [{\"key\": "
    "\"gcnet:municipality\", \"value\": \"naruto\"}, {\"key\": \"gcnet:transit-gateway-id\", \"value\": "
    "\"" HW_ORPHAN_TGW "\"}]}, {\"name\": \"naruto-by-hand\", \"resourceShareArn\": \"arn:aws:ram:ap-northeast-1:"
    "123456789012:resource-share/by-hand\", \"status\": \"ACTIVE\", \"tags\": [{\"key\": \"gcnet:municipality\", "
    "\"value\": \"naruto\"}]}]}";

#define S_EC2_OK(op)                                                                                                   \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><" op "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"     \
    "<requestId>request-id</requestId><return>true</return></" op "Response>"

static const char *const s_domains[] = {"", "onprem", "asp", "ops"};

/* 1..7 from "tgw-rtb-00000000000000001" (the ids this world hands out), else 0. */
static int s_rt_number(const char *id)
{
    if (!id || strncmp(id, "tgw-rtb-", 8) != 0)
        return 0;
    return (int)(strtol(id + 8, NULL, 10) & 7);
}

static int s_rt_param(const struct fw_request *req)
{
    char *rt = fx_param(req->body, "TransitGatewayRouteTableId");
    int n = s_rt_number(rt);
    free(rt);
    return n;
}

/* The value of tag `key` (URL-encoded) in a create's TagSpecification.1.Tag.N.Key/Value, into out ("" when absent).
 * Allocates nothing: the allocation-failure tests count the fake's allocations too. */
static void s_tag_value(const char *body, const char *key, char *out, size_t cap)
{
    char needle[96], prefix[96];
    out[0] = '\0';
    snprintf(needle, sizeof needle, "Key=%s&", key);
    const char *at = body ? strstr(body, needle) : NULL;
    if (!at)
        return;
    const char *start = at;
    while (start > body && start[-1] != '&')
        start--;
    snprintf(prefix, sizeof prefix, "%.*sValue=", (int)(at - start), start);
    const char *v = strstr(body, prefix);
    if (!v)
        return;
    v += strlen(prefix);
    snprintf(out, cap, "%.*s", (int)strcspn(v, "&"), v);
}

static char *s_create_rt(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    char id[64];
    snprintf(id, sizeof id, "tgw-rtb-%017d", ++st->n_rt);
    if (st->n_rt < 8)
        s_tag_value(req->body, "gcnet%3Arouting-domain", st->rt_domain[st->n_rt], sizeof st->rt_domain[0]);
    return fx_file_replaced("create_rt.xml", "tgw-rtb-2b45bc295800d4fce", id);
}

static char *s_create_subnet(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    char id[64];
    char *raw = fx_param(req->body, "CidrBlock");
    char *cidr = raw ? fx_replace(raw, "%2F", "/") : NULL; /* the form is URL-encoded */
    snprintf(id, sizeof id, "subnet-%017d", ++st->n_subnet);
    if (st->n_subnet <= 8)
        snprintf(st->subnet_cidr[st->n_subnet - 1], sizeof st->subnet_cidr[0], "%s", cidr ? cidr : "");
    free(raw);
    free(cidr);
    return fx_file_replaced("create_subnet.xml", "subnet-6438d73a0391e7cb3", id);
}

/* The fixture, or, for a look-up by CIDR (Filter cidr-block, after an uncertain CreateSubnet), the subnets this
 * world made with that CIDR. */
static char *s_describe_subnets(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    char *name = fx_param(req->body, "Filter.2.Name");
    char *raw = fx_param(req->body, "Filter.2.Value.1");
    char *want = raw ? fx_replace(raw, "%2F", "/") : NULL;
    free(raw);
    char *out = NULL;
    if (!name || strcmp(name, "cidr-block") != 0 || !want) {
        out = fx_file("describe_subnets.xml");
    } else {
        char items[2048] = "";
        size_t at = 0;
        for (int i = 0; i < st->n_subnet && i < 8; i++)
            if (strcmp(st->subnet_cidr[i], want) == 0 && at < sizeof items)
                at += (size_t)snprintf(items + at, sizeof items - at,
                                       "<item><subnetId>subnet-%017d</subnetId><state>available</state><vpcId>"
                                       "vpc-0ede708d21bacbe6c</vpcId><cidrBlock>%s</cidrBlock><availabilityZone>"
                                       "ap-northeast-1a</availabilityZone></item>",
                                       i + 1, st->subnet_cidr[i]);
        size_t cap = strlen(items) + 256;
        out = malloc(cap);
        if (out)
            snprintf(out, cap,
                     "<DescribeSubnetsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r"
                     "</requestId><subnetSet>%s</subnetSet></DescribeSubnetsResponse>",
                     items);
    }
    free(name);
    free(want);
    return out;
}

/* Route table n of this world, tagged with its routing domain. */
static int s_rt_item(char *out, size_t cap, const struct hw_state *st, int n, const char *state)
{
    const char *domain = n >= 1 && n < 8 && st->rt_domain[n][0] ? st->rt_domain[n]
                         : n >= 1 && n <= 3                     ? s_domains[n]
                                                                : "x";
    return snprintf(
        out, cap,
        "<item><transitGatewayRouteTableId>tgw-rtb-%017d</transitGatewayRouteTableId><transitGatewayId>" HW_TGW_ID
        "</transitGatewayId><state>%s</state><defaultAssociationRouteTable>false"
        "</defaultAssociationRouteTable><defaultPropagationRouteTable>false"
        "</defaultPropagationRouteTable><creationTime>2026-11-28T17:35:06.000Z</creationTime><tagSet>"
        "<item><key>gcnet:routing-domain</key><value>%s</value></item><item><key>gcnet:tgw</key><value>" HW_TGW_ID
        "</value></item></tagSet></item>",
        n, state, domain);
}

/* By id (one table, "deleted" once deleted), or all (the live ones). */
static char *s_describe_rts(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    char *want = fx_param(req->body, "TransitGatewayRouteTableIds.1");
    size_t cap = 8192, len = 0;
    char *out = malloc(cap);
    if (!out)
        goto cleanup;
    len += (size_t)snprintf(out, cap,
                            "<?xml version=\"1.0\" encoding=\"utf-8\"?><DescribeTransitGatewayRouteTables"
                            "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
                            "<transitGatewayRouteTables>");
    /* the look-up after an uncertain create (Filter tag:gcnet:routing-domain): only the tables made for it */
    char *tag_filter = fx_param(req->body, "Filter.2.Name");
    char *tag_value = fx_param(req->body, "Filter.2.Value.1");
    bool by_domain = tag_filter && strcmp(tag_filter, "tag%3Agcnet%3Arouting-domain") == 0 && tag_value;
    for (int n = 1; n <= (want ? 1 : by_domain ? 7 : 3); n++) {
        int k = want ? s_rt_number(want) : n;
        if (!want && st->rt_gone[k])
            continue;
        if (by_domain && (k > st->n_rt || strcmp(st->rt_domain[k], tag_value) != 0))
            continue;
        len += (size_t)s_rt_item(out + len, cap - len, st, k, st->rt_gone[k] ? "deleted" : "available");
    }
    snprintf(out + len, cap - len,
             "</transitGatewayRouteTables><requestId>request-id</requestId>"
             "</DescribeTransitGatewayRouteTablesResponse>");
    free(tag_filter);
    free(tag_value);
cleanup:
    free(want);
    return out;
}

static char *s_describe_tgws(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    char *want = fx_param(req->body, "TransitGatewayIds.1");
    bool orphan = want && strcmp(want, HW_ORPHAN_TGW) == 0;
    free(want);
    return fx_file(orphan || st->tgw_gone ? "describe_tgw_deleted.xml" : "describe_tgw.xml");
}

static char *s_describe_att(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    (void)req;
    if (!st->att_gone)
        return fx_file("describe_att.xml");
    return fx_file_replaced("describe_att.xml", "<state>available</state>", "<state>deleted</state>");
}

/* The route table of `domain` this world holds (1..7), or 0. */
static int s_rt_of_domain(const struct hw_state *st, const char *domain)
{
    for (int n = 1; n < 8; n++) {
        const char *d = st->rt_domain[n][0] ? st->rt_domain[n] : n <= 3 ? s_domains[n] : "";
        if (!st->rt_gone[n] && strcmp(d, domain) == 0)
            return n;
    }
    return 0;
}

/* The TGW's attachments as DescribeTransitGatewayAttachments lists them (the hub's read; the ops VPC's), with the
 * ops attachment's association with the ops table until it is disassociated. */
static char *s_describe_atts(void *ctx, const struct fw_request *req)
{
    const struct hw_state *st = ctx;
    char assoc[256] = "", out[1536];
    int ops = s_rt_of_domain(st, "ops");
    const char *dx = st->dx_attached ? "<item><transitGatewayAttachmentId>tgw-attach-0000000000000d0c0"
                                       "</transitGatewayAttachmentId><transitGatewayId>" HW_TGW_ID
                                       "</transitGatewayId><resourceType>direct-connect-gateway</resourceType>"
                                       "<resourceId>" HW_DXGW_ID "</resourceId><state>available</state></item>"
                                     : "";
    (void)req;
    if (!st->att_gone && !st->assoc_gone && ops)
        snprintf(assoc, sizeof assoc,
                 "<association><transitGatewayRouteTableId>tgw-rtb-%017d</transitGatewayRouteTableId><state>"
                 "associated</state></association>",
                 ops);
    snprintf(out, sizeof out,
             "<?xml version=\"1.0\" encoding=\"utf-8\"?><DescribeTransitGatewayAttachmentsResponse xmlns="
             "\"http://ec2.amazonaws.com/doc/2016-11-15\"><transitGatewayAttachments><item>"
             "<transitGatewayAttachmentId>" HW_ATT_ID "</transitGatewayAttachmentId><transitGatewayId>" HW_TGW_ID
             "</transitGatewayId><resourceType>vpc</resourceType><resourceId>" HW_VPC_ID
             "</resourceId><state>%s</state>%s</item>%s</transitGatewayAttachments><requestId>r</requestId>"
             "</DescribeTransitGatewayAttachmentsResponse>",
             st->att_gone ? "deleted" : "available", assoc, dx);
    return strdup(out);
}

/* The ops VPC's route tables (what its connections read; the hub's read asks for them in a plan): one table. */
static const char s_vpc_route_tables[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><DescribeRouteTablesResponse xmlns=\"http://ec2.amazonaws.com/doc/"
    "2016-11-15/\"><requestId>r</requestId><routeTableSet><item><routeTableId>rtb-0000000000000000a</routeTableId>"
    "<vpcId>" HW_VPC_ID "</vpcId><routeSet><item><destinationCidrBlock>10.20.0.0/16</destinationCidrBlock><gatewayId>"
    "local</gatewayId><state>active</state></item></routeSet></item></routeTableSet></DescribeRouteTablesResponse>";

/* The TGW's Direct Connect associations (a dx_gateway link's; the hub's read asks them when its memo says so). */
static char *s_dx_associations(void *ctx, const struct fw_request *req)
{
    const struct hw_state *st = ctx;
    (void)req;
    return strdup(st->dx_attached
                      ? "{\"directConnectGatewayAssociations\": [{\"associationId\": \"dxgw-assoc-1\", "
                        "\"associationState\": \"associated\", \"directConnectGatewayId\": \"" HW_DXGW_ID "\", "
                        "\"associatedGateway\": {\"id\": \"" HW_TGW_ID "\", \"type\": \"transitGateway\"}}]}"
                      : "{\"directConnectGatewayAssociations\": []}");
}

static char *s_associations(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    (void)req;
    if (!st->assoc_gone)
        return fx_file("get_associations.xml");
    return fx_file_replaced("get_associations.xml", "<state>associated</state>", "<state>disassociated</state>");
}

static char *s_propagations(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    if (!st->prop_gone[s_rt_param(req)])
        return fx_file("get_propagations.xml");
    return fx_file_replaced("get_propagations.xml", "<state>enabled</state>", "<state>disabled</state>");
}

static char *s_get_shares(void *ctx, const struct fw_request *req)
{
    struct hw_state *st = ctx;
    (void)req;
    if (st->shares == HW_SHARES_NONE)
        return strdup(s_no_shares);
    if (st->shares == HW_SHARES_ORPHAN)
        return strdup(s_orphan_share);
    return fx_file(st->share_gone ? "ram_get_deleted.json" : "ram_get.json");
}

static char *s_share_associations(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    return fx_file(strstr(req->body, "PRINCIPAL") ? "ram_assoc_principal.json" : "ram_assoc_resource.json");
}

/* ---- deletes: the world changes ---- */

static char *s_delete_tgw(void *ctx, const struct fw_request *req)
{
    (void)req;
    ((struct hw_state *)ctx)->tgw_gone = true;
    return fx_file("delete_tgw.xml");
}

static char *s_delete_att(void *ctx, const struct fw_request *req)
{
    (void)req;
    ((struct hw_state *)ctx)->att_gone = true;
    return fx_file("delete_att.xml");
}

static char *s_delete_share(void *ctx, const struct fw_request *req)
{
    (void)req;
    ((struct hw_state *)ctx)->share_gone = true;
    return fx_file("ram_delete.json");
}

static char *s_disassociate(void *ctx, const struct fw_request *req)
{
    (void)req;
    ((struct hw_state *)ctx)->assoc_gone = true;
    return fx_file("disassociate.xml");
}

static char *s_disable_propagation(void *ctx, const struct fw_request *req)
{
    ((struct hw_state *)ctx)->prop_gone[s_rt_param(req)] = true;
    return fx_file("disable_propagation.xml");
}

static char *s_delete_rt(void *ctx, const struct fw_request *req)
{
    ((struct hw_state *)ctx)->rt_gone[s_rt_param(req)] = true;
    return fx_file("delete_rt.xml");
}

const struct fw_answer hw_answers[] = {
    {&gc_op_sts_get_caller_identity, NULL, s_sts_identity, NULL},
    {&gc_op_ec2_create_transit_gateway, "create_tgw.xml", NULL, NULL},
    {&gc_op_ec2_describe_transit_gateways, NULL, NULL, s_describe_tgws},
    {&gc_op_ec2_modify_transit_gateway, "modify_tgw.xml", NULL, NULL},
    {&gc_op_ec2_delete_transit_gateway, NULL, NULL, s_delete_tgw},
    {&gc_op_ec2_create_tags, "create_tags.xml", NULL, NULL},
    {&gc_op_ec2_delete_tags, "delete_tags.xml", NULL, NULL},
    {&gc_op_ec2_create_vpc, "create_vpc.xml", NULL, NULL},
    {&gc_op_ec2_describe_vpcs, "describe_vpcs.xml", NULL, NULL},
    {&gc_op_ec2_delete_vpc, NULL, S_EC2_OK("DeleteVpc"), NULL},
    {&gc_op_ec2_create_subnet, NULL, NULL, s_create_subnet},
    {&gc_op_ec2_describe_subnets, NULL, NULL, s_describe_subnets},
    {&gc_op_ec2_delete_subnet, NULL, S_EC2_OK("DeleteSubnet"), NULL},
    {&gc_op_ec2_create_transit_gateway_vpc_attachment, "create_att.xml", NULL, NULL},
    {&gc_op_ec2_describe_transit_gateway_vpc_attachments, NULL, NULL, s_describe_att},
    {&gc_op_ec2_describe_transit_gateway_attachments, NULL, NULL, s_describe_atts},
    {&gc_op_ec2_describe_route_tables, NULL, s_vpc_route_tables, NULL},
    {&gc_op_directconnect_describe_direct_connect_gateway_associations, NULL, NULL, s_dx_associations},
    {&gc_op_ec2_delete_transit_gateway_vpc_attachment, NULL, NULL, s_delete_att},
    {&gc_op_ec2_create_transit_gateway_route_table, NULL, NULL, s_create_rt},
    {&gc_op_ec2_describe_transit_gateway_route_tables, NULL, NULL, s_describe_rts},
    {&gc_op_ec2_delete_transit_gateway_route_table, NULL, NULL, s_delete_rt},
    {&gc_op_ec2_associate_transit_gateway_route_table, "associate.xml", NULL, NULL},
    {&gc_op_ec2_disassociate_transit_gateway_route_table, NULL, NULL, s_disassociate},
    {&gc_op_ec2_get_transit_gateway_route_table_associations, NULL, NULL, s_associations},
    {&gc_op_ec2_enable_transit_gateway_route_table_propagation, "enable_propagation.xml", NULL, NULL},
    {&gc_op_ec2_disable_transit_gateway_route_table_propagation, NULL, NULL, s_disable_propagation},
    {&gc_op_ec2_get_transit_gateway_route_table_propagations, NULL, NULL, s_propagations},
    {&gc_op_ram_create_resource_share, "ram_create.json", NULL, NULL},
    {&gc_op_ram_get_resource_shares, NULL, NULL, s_get_shares},
    {&gc_op_ram_update_resource_share, "ram_update.json", NULL, NULL},
    {&gc_op_ram_delete_resource_share, NULL, NULL, s_delete_share},
    {&gc_op_ram_get_resource_share_associations, NULL, NULL, s_share_associations},
    {&gc_op_ram_associate_resource_share, NULL, "{\"resourceShareAssociations\": []}", NULL},
    {&gc_op_ram_disassociate_resource_share, NULL, "{\"resourceShareAssociations\": []}", NULL},
    {&gc_op_ram_tag_resource, NULL, "{}", NULL},
    {&gc_op_ram_untag_resource, NULL, "{}", NULL},
};
const size_t hw_n_answers = sizeof hw_answers / sizeof hw_answers[0];

int hw_install(struct fw_world *world, struct hw_state *state)
{
    return fw_answer_table(world, hw_answers, hw_n_answers, state);
}
