/* gcnet_asp_connection's answers (see conn_world.h). */
#include "conn_world.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_text.h"

#define S_NS "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\""

static const char *const s_tables[] = {"", CW_RT_ONPREM, CW_RT_ASP, CW_RT_OPS};
static const char *const s_domains[] = {"", "onprem", "asp", "ops"};

struct s_out {
    char text[32768];
    size_t len;
};

static void s_put(struct s_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->text + o->len, sizeof o->text - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len = o->len + (size_t)n < sizeof o->text ? o->len + (size_t)n : sizeof o->text - 1;
}

static char *s_done(struct s_out *o)
{
    return strdup(o->text);
}

/* A form parameter, percent-decoded (malloc'd), or NULL. */
static char *s_ok(const char *op)
{
    struct s_out o = {{0}, 0};
    s_put(&o, "<%sResponse " S_NS "><requestId>r</requestId><return>true</return></%sResponse>", op, op);
    return s_done(&o);
}

static char *s_error(const char *code)
{
    (void)code;
    return NULL; /* no answer: the fake answers a 400 */
}

static char *s_describe_tgw(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_out o = {{0}, 0};
    (void)req;
    s_put(&o, "<DescribeTransitGatewaysResponse " S_NS "><transitGatewaySet><item><transitGatewayId>" CW_TGW
              "</transitGatewayId><transitGatewayArn>arn:aws:ec2:ap-northeast-1:123456789012:transit-gateway/" CW_TGW
              "</transitGatewayArn><state>available</state><ownerId>123456789012</ownerId>");
    if (st->tgw_default_association)
        s_put(&o, "<options><defaultRouteTableAssociation>%s</defaultRouteTableAssociation></options>",
              st->tgw_default_association);
    s_put(&o,
          "<tagSet><item><key>gcnet:municipality</key><value>%s</value></item></tagSet></item></transitGatewaySet>"
          "<requestId>r</requestId></DescribeTransitGatewaysResponse>",
          st->municipality ? st->municipality : "naruto");
    return s_done(&o);
}

static char *s_describe_rts(void *ctx, const struct fw_request *req)
{
    struct s_out o = {{0}, 0};
    (void)ctx;
    (void)req;
    s_put(&o, "<DescribeTransitGatewayRouteTablesResponse " S_NS "><transitGatewayRouteTables>");
    for (int i = 1; i <= 3; i++)
        s_put(&o,
              "<item><transitGatewayRouteTableId>%s</transitGatewayRouteTableId><transitGatewayId>" CW_TGW
              "</transitGatewayId><state>available</state><tagSet><item><key>gcnet:routing-domain</key><value>%s"
              "</value></item></tagSet></item>",
              s_tables[i], s_domains[i]);
    s_put(&o, "</transitGatewayRouteTables><requestId>r</requestId></DescribeTransitGatewayRouteTablesResponse>");
    return s_done(&o);
}

static char *s_describe_vpcs(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    (void)req;
    return strdup("<DescribeVpcsResponse " S_NS "><vpcSet><item><ownerId>123456789012</ownerId><vpcId>" CW_VPC
                  "</vpcId><state>available</state><cidrBlock>10.2.0.0/16</cidrBlock></item></vpcSet><requestId>r"
                  "</requestId></DescribeVpcsResponse>");
}

static char *s_describe_route_tables(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_out o = {{0}, 0};
    (void)req;
    s_put(&o, "<DescribeRouteTablesResponse " S_NS "><routeTableSet><item><routeTableId>" CW_RTB
              "</routeTableId><vpcId>" CW_VPC "</vpcId><routeSet><item><destinationCidrBlock>10.2.0.0/16"
              "</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item>");
    for (int i = 0; i < st->n_routes; i++)
        s_put(&o,
              "<item><destinationCidrBlock>%s</destinationCidrBlock><transitGatewayId>" CW_TGW
              "</transitGatewayId><state>active</state></item>",
              st->routes[i]);
    if (st->other_route[0])
        s_put(&o,
              "<item><destinationCidrBlock>%s</destinationCidrBlock><natGatewayId>nat-1</natGatewayId>"
              "<state>active</state></item>",
              st->other_route);
    s_put(&o, "</routeSet></item></routeTableSet><requestId>r</requestId></DescribeRouteTablesResponse>");
    return s_done(&o);
}

static int s_route_find(const struct cw_state *st, const char *cidr)
{
    for (int i = 0; cidr && i < st->n_routes; i++)
        if (strcmp(st->routes[i], cidr) == 0)
            return i;
    return -1;
}

static char *s_create_route(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    char *cidr = fx_param_decoded(req->body, "DestinationCidrBlock");
    /* as AWS: a table holds one route per destination, whatever it leads to */
    bool taken = cidr && (s_route_find(st, cidr) >= 0 || strcmp(st->other_route, cidr) == 0);
    if (cidr && !taken && st->n_routes < CW_MAX)
        snprintf(st->routes[st->n_routes++], sizeof st->routes[0], "%s", cidr);
    free(cidr);
    if (taken)
        return strdup("!400 <Response><Errors><Error><Code>RouteAlreadyExists</Code><Message>The route identified "
                      "by that destination already exists.</Message></Error></Errors><RequestID>r</RequestID>"
                      "</Response>");
    return s_ok("CreateRoute");
}

static char *s_delete_route(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    char *cidr = fx_param_decoded(req->body, "DestinationCidrBlock");
    int i = s_route_find(st, cidr);
    /* as AWS: whatever the route leads to */
    bool other = i < 0 && cidr && strcmp(st->other_route, cidr) == 0;
    free(cidr);
    if (other) {
        st->other_route[0] = '\0';
        return s_ok("DeleteRoute");
    }
    if (i < 0)
        return strdup("!400 <Response><Errors><Error><Code>InvalidRoute.NotFound</Code><Message>no route with "
                      "destination-cidr-block in route table</Message></Error></Errors><RequestID>r</RequestID>"
                      "</Response>");
    memmove(st->routes[i], st->routes[i + 1], (size_t)(st->n_routes - i - 1) * sizeof st->routes[0]);
    st->n_routes--;
    return s_ok("DeleteRoute");
}

static char *s_describe_atts(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_out o = {{0}, 0};
    char *id = fx_param_decoded(req->body, "TransitGatewayAttachmentIds.1");
    bool ours = !id || strcmp(id, CW_ATT) == 0;
    free(id);
    s_put(&o, "<DescribeTransitGatewayAttachmentsResponse " S_NS "><transitGatewayAttachments>");
    if (ours && !st->att_gone) {
        s_put(&o,
              "<item><transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><transitGatewayId>" CW_TGW
              "</transitGatewayId><resourceOwnerId>222222222222</resourceOwnerId><resourceType>%s</resourceType>"
              "<resourceId>%s</resourceId><state>%s</state>",
              st->peering ? "peering" : "vpc", st->peering ? CW_PEER_TGW : "vpc-asp",
              st->att_state ? st->att_state : "pendingAcceptance");
        if (st->assoc)
            s_put(&o,
                  "<association><transitGatewayRouteTableId>%s</transitGatewayRouteTableId><state>associated"
                  "</state></association>",
                  s_tables[st->assoc]);
        s_put(&o, "<tagSet>");
        for (int i = 0; i < st->n_tags; i++)
            s_put(&o, "<item><key>%s</key><value>%s</value></item>", st->tag_keys[i], st->tag_values[i]);
        s_put(&o, "</tagSet></item>");
    }
    s_put(&o, "</transitGatewayAttachments><requestId>r</requestId></DescribeTransitGatewayAttachmentsResponse>");
    return s_done(&o);
}

static char *s_accept(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    (void)req;
    st->att_state = "available";
    struct s_out o = {{0}, 0};
    s_put(&o,
          "<AcceptTransitGatewayVpcAttachmentResponse " S_NS "><transitGatewayVpcAttachment>"
          "<transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><state>%s</state>"
          "</transitGatewayVpcAttachment><requestId>r</requestId></AcceptTransitGatewayVpcAttachmentResponse>",
          st->accept_answers_available ? "available" : "pending");
    return s_done(&o);
}

static char *s_link(const char *op, const char *member, int table, const char *state)
{
    struct s_out o = {{0}, 0};
    s_put(&o,
          "<%sResponse " S_NS "><%s><transitGatewayRouteTableId>%s</transitGatewayRouteTableId>"
          "<transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><resourceType>vpc</resourceType>"
          "<state>%s</state></%s><requestId>r</requestId></%sResponse>",
          op, member, s_tables[table], state, member, op);
    return s_done(&o);
}

static char *s_associate(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    int n = cw_request_table(req);
    if (!n || st->assoc)
        return s_error("Resource.AlreadyAssociated");
    st->assoc = n;
    st->assoc_pending = st->link_pending;
    return s_link("AssociateTransitGatewayRouteTable", "association", n,
                  st->links_answer_done ? "associated" : "associating");
}

static char *s_disassociate(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    int n = cw_request_table(req);
    if (!n || st->assoc != n)
        return s_error("InvalidAssociation.NotFound");
    st->assoc = 0;
    return s_link("DisassociateTransitGatewayRouteTable", "association", n, "disassociating");
}

static char *s_list(const char *op, const char *member, bool present, const char *state)
{
    struct s_out o = {{0}, 0};
    s_put(&o, "<%sResponse " S_NS "><%s>", op, member);
    if (present)
        s_put(&o,
              "<item><transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><resourceId>vpc-asp"
              "</resourceId><resourceType>vpc</resourceType><state>%s</state></item>",
              state);
    s_put(&o, "</%s><requestId>r</requestId></%sResponse>", member, op);
    return s_done(&o);
}

static char *s_get_assocs(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    int n = cw_request_table(req);
    bool pending = n && st->assoc == n && st->assoc_pending > 0 && st->assoc_pending--;
    return s_list("GetTransitGatewayRouteTableAssociations", "associations", n && st->assoc == n,
                  pending ? "associating" : "associated");
}

static char *s_get_props(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    int n = cw_request_table(req);
    bool pending = n && st->prop[n] && st->prop_pending[n] > 0 && st->prop_pending[n]--;
    return s_list("GetTransitGatewayRouteTablePropagations", "transitGatewayRouteTablePropagations", n && st->prop[n],
                  pending ? "enabling" : "enabled");
}

static char *s_enable(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    int n = cw_request_table(req);
    if (!n)
        return s_error("InvalidRouteTableID.NotFound");
    st->prop[n] = true;
    st->prop_pending[n] = st->link_pending;
    return s_link("EnableTransitGatewayRouteTablePropagation", "propagation", n,
                  st->links_answer_done ? "enabled" : "enabling");
}

static char *s_disable(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    int n = cw_request_table(req);
    if (!n || !st->prop[n])
        return s_error("InvalidPropagation.NotFound");
    st->prop[n] = false;
    return s_link("DisableTransitGatewayRouteTablePropagation", "propagation", n, "disabling");
}

static char *s_search_routes(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_out o = {{0}, 0};
    int n = cw_request_table(req);
    s_put(&o, "<SearchTransitGatewayRoutesResponse " S_NS "><routeSet>");
    for (int i = 0; i < st->n_tgw_routes; i++)
        if (st->tgw_routes[i].table == n)
            s_put(&o,
                  "<item><destinationCidrBlock>%s</destinationCidrBlock><transitGatewayAttachments><item>"
                  "<transitGatewayAttachmentId>%s</transitGatewayAttachmentId><resourceType>peering</resourceType>"
                  "</item></transitGatewayAttachments><type>static</type><state>active</state></item>",
                  st->tgw_routes[i].cidr, st->tgw_routes[i].att);
    s_put(&o, "</routeSet><additionalRoutesAvailable>false</additionalRoutesAvailable><requestId>r</requestId>"
              "</SearchTransitGatewayRoutesResponse>");
    return s_done(&o);
}

static int s_tgw_route_find(const struct cw_state *st, int table, const char *cidr)
{
    for (int i = 0; cidr && i < st->n_tgw_routes; i++)
        if (st->tgw_routes[i].table == table && strcmp(st->tgw_routes[i].cidr, cidr) == 0)
            return i;
    return -1;
}

bool cw_tgw_route(const struct cw_state *st, int table, const char *cidr, const char *att)
{
    int i = s_tgw_route_find(st, table, cidr);
    return i >= 0 && strcmp(st->tgw_routes[i].att, att) == 0;
}

static char *s_create_tgw_route(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    int n = cw_request_table(req);
    char *cidr = fx_param_decoded(req->body, "DestinationCidrBlock");
    char *att = fx_param_decoded(req->body, "TransitGatewayAttachmentId");
    bool ok = n && cidr && att && s_tgw_route_find(st, n, cidr) < 0 && st->n_tgw_routes < CW_MAX;
    if (ok) {
        st->tgw_routes[st->n_tgw_routes].table = n;
        snprintf(st->tgw_routes[st->n_tgw_routes].cidr, sizeof st->tgw_routes[0].cidr, "%s", cidr);
        snprintf(st->tgw_routes[st->n_tgw_routes].att, sizeof st->tgw_routes[0].att, "%s", att);
        st->n_tgw_routes++;
    }
    struct s_out o = {{0}, 0};
    s_put(&o,
          "<CreateTransitGatewayRouteResponse " S_NS "><route><destinationCidrBlock>%s</destinationCidrBlock>"
          "<type>static</type><state>active</state></route><requestId>r</requestId>"
          "</CreateTransitGatewayRouteResponse>",
          cidr ? cidr : "");
    free(cidr);
    free(att);
    return ok ? s_done(&o) : s_error("RouteAlreadyExists");
}

static char *s_delete_tgw_route(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    char *cidr = fx_param_decoded(req->body, "DestinationCidrBlock");
    int i = s_tgw_route_find(st, cw_request_table(req), cidr);
    free(cidr);
    if (i < 0)
        return strdup("!400 <Response><Errors><Error><Code>InvalidRoute.NotFound</Code><Message>no route with "
                      "destination-cidr-block in route table</Message></Error></Errors><RequestID>r</RequestID>"
                      "</Response>");
    memmove(&st->tgw_routes[i], &st->tgw_routes[i + 1], (size_t)(st->n_tgw_routes - i - 1) * sizeof st->tgw_routes[0]);
    st->n_tgw_routes--;
    return strdup("<DeleteTransitGatewayRouteResponse " S_NS "><route><type>static</type><state>deleted</state>"
                  "</route><requestId>r</requestId></DeleteTransitGatewayRouteResponse>");
}

struct s_tagset {
    char (*keys)[64];
    char (*values)[300];
    int *n;
};

static struct s_tagset s_tagset_of(struct cw_state *st, const char *resource)
{
    if (resource && strncmp(resource, "vpce-", 5) == 0)
        return (struct s_tagset){st->ep_tag_keys, st->ep_tag_values, &st->n_ep_tags};
    return (struct s_tagset){st->tag_keys, st->tag_values, &st->n_tags};
}

static int s_tag_find(const struct s_tagset *t, const char *key)
{
    for (int i = 0; key && i < *t->n; i++)
        if (strcmp(t->keys[i], key) == 0)
            return i;
    return -1;
}

/* Sets (create) or removes the tags `prefix`N.Key / `prefix`N.Value of the request. */
static void s_tags_apply(const struct s_tagset *t, const struct fw_request *req, const char *prefix, bool create)
{
    for (int n = 1; n <= CW_MAX; n++) {
        char k[64], v[64];
        snprintf(k, sizeof k, "%s%d.Key", prefix, n);
        snprintf(v, sizeof v, "%s%d.Value", prefix, n);
        char *key = fx_param_decoded(req->body, k), *value = create ? fx_param_decoded(req->body, v) : NULL;
        int i = s_tag_find(t, key);
        if (key && create && i < 0 && *t->n < CW_MAX)
            i = (*t->n)++;
        if (key && create && i >= 0) {
            snprintf(t->keys[i], sizeof t->keys[0], "%s", key);
            snprintf(t->values[i], sizeof t->values[0], "%s", value ? value : "");
        } else if (key && !create && i >= 0) {
            memmove(t->keys[i], t->keys[i + 1], (size_t)(*t->n - i - 1) * sizeof t->keys[0]);
            memmove(t->values[i], t->values[i + 1], (size_t)(*t->n - i - 1) * sizeof t->values[0]);
            (*t->n)--;
        }
        free(key);
        free(value);
        if (!key)
            break;
    }
}

static char *s_tags(void *ctx, const struct fw_request *req, bool create)
{
    char *resource = fx_param_decoded(req->body, "ResourceId.1");
    struct s_tagset t = s_tagset_of(ctx, resource);
    free(resource);
    s_tags_apply(&t, req, "Tag.", create);
    return s_ok(create ? "CreateTags" : "DeleteTags");
}

static char *s_create_tags(void *ctx, const struct fw_request *req)
{
    return s_tags(ctx, req, true);
}

static char *s_delete_tags(void *ctx, const struct fw_request *req)
{
    return s_tags(ctx, req, false);
}

/* ---- method privatelink ---- */

static char *s_describe_subnets(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    (void)req;
    return strdup("<DescribeSubnetsResponse " S_NS "><subnetSet><item><subnetId>subnet-b</subnetId><vpcId>" CW_VPC
                  "</vpcId><cidrBlock>10.2.128.0/17</cidrBlock></item><item><subnetId>subnet-a</subnetId><vpcId>" CW_VPC
                  "</vpcId><cidrBlock>10.2.0.0/17</cidrBlock></item></subnetSet><requestId>r</requestId>"
                  "</DescribeSubnetsResponse>");
}

static char *s_create_sg(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    (void)req;
    st->sg_exists = true;
    st->sg_egress_open = true;
    st->n_perms = 0;
    return strdup("<CreateSecurityGroupResponse " S_NS "><requestId>r</requestId><return>true</return><groupId>" CW_SG
                  "</groupId></CreateSecurityGroupResponse>");
}

static char *s_describe_sgs(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_out o = {{0}, 0};
    (void)req;
    s_put(&o, "<DescribeSecurityGroupsResponse " S_NS "><securityGroupInfo>");
    if (st->sg_exists) {
        s_put(&o, "<item><groupId>" CW_SG "</groupId><groupName>gcnet-naruto-a</groupName><vpcId>" CW_VPC
                  "</vpcId><ipPermissions>");
        for (int i = 0; i < st->n_perms; i++) {
            const char *p1 = strchr(st->perms[i], '|') + 1, *p2 = strchr(p1, '|');
            s_put(&o,
                  "<item><ipProtocol>tcp</ipProtocol><fromPort>%.*s</fromPort><toPort>%.*s</toPort><ipRanges>"
                  "<item><cidrIp>%s</cidrIp></item></ipRanges></item>",
                  (int)(p2 - p1), p1, (int)(p2 - p1), p1, p2 + 1);
        }
        s_put(&o, "</ipPermissions></item>");
    }
    s_put(&o, "</securityGroupInfo><requestId>r</requestId></DescribeSecurityGroupsResponse>");
    return s_done(&o);
}

bool cw_has_perm(const struct cw_state *st, const char *key)
{
    for (int i = 0; i < st->n_perms; i++)
        if (strcmp(st->perms[i], key) == 0)
            return true;
    return false;
}

static char *s_ingress(void *ctx, const struct fw_request *req, bool add)
{
    struct cw_state *st = ctx;
    char *port = fx_param_decoded(req->body, "IpPermissions.1.FromPort");
    char *cidr = fx_param_decoded(req->body, "IpPermissions.1.IpRanges.1.CidrIp");
    char key[64];
    snprintf(key, sizeof key, "tcp|%s|%s", port ? port : "", cidr ? cidr : "");
    free(port);
    free(cidr);
    int at = -1;
    for (int i = 0; i < st->n_perms; i++)
        if (strcmp(st->perms[i], key) == 0)
            at = i;
    if (add && at < 0 && st->n_perms < CW_MAX)
        snprintf(st->perms[st->n_perms++], sizeof st->perms[0], "%s", key);
    if (!add && at >= 0) {
        memmove(st->perms[at], st->perms[at + 1], (size_t)(st->n_perms - at - 1) * sizeof st->perms[0]);
        st->n_perms--;
    }
    return s_ok(add ? "AuthorizeSecurityGroupIngress" : "RevokeSecurityGroupIngress");
}

static char *s_authorize(void *ctx, const struct fw_request *req)
{
    return s_ingress(ctx, req, true);
}

static char *s_revoke(void *ctx, const struct fw_request *req)
{
    return s_ingress(ctx, req, false);
}

static char *s_revoke_egress(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    (void)req;
    st->sg_egress_open = false;
    return s_ok("RevokeSecurityGroupEgress");
}

static char *s_delete_sg(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    (void)req;
    if (st->ep_exists)
        return s_error("DependencyViolation");
    st->sg_exists = false;
    return s_ok("DeleteSecurityGroup");
}

static char *s_create_endpoint(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_tagset t = s_tagset_of(st, CW_VPCE);
    st->ep_exists = true;
    st->ep_state = st->ep_create_state ? st->ep_create_state : "pending";
    st->n_ep_tags = 0;
    s_tags_apply(&t, req, "TagSpecification.1.Tag.", true);
    static const char *const keys[4] = {"VpcEndpointType", "SubnetId.1", "SubnetId.2", "SecurityGroupId.1"};
    for (int i = 0; i < 4; i++) {
        char *v = fx_param_decoded(req->body, keys[i]);
        snprintf(st->ep_created_with[i], sizeof st->ep_created_with[0], "%s", v ? v : "");
        free(v);
    }
    return strdup("<CreateVpcEndpointResponse " S_NS "><vpcEndpoint><vpcEndpointId>" CW_VPCE "</vpcEndpointId>"
                  "<state>pending</state></vpcEndpoint><requestId>r</requestId></CreateVpcEndpointResponse>");
}

static char *s_describe_endpoints(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_out o = {{0}, 0};
    (void)req;
    if (st->ep_exists && st->ep_state && strcmp(st->ep_state, "pending") == 0 && st->ep_polls-- <= 0)
        st->ep_state = "available";
    s_put(&o, "<DescribeVpcEndpointsResponse " S_NS "><vpcEndpointSet>");
    if (st->ep_exists) {
        s_put(&o,
              "<item><vpcEndpointId>" CW_VPCE "</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType>"
              "<vpcId>" CW_VPC "</vpcId><serviceName>" CW_SERVICE "</serviceName><state>%s</state>",
              st->ep_state ? st->ep_state : "available");
        if (st->sg_exists)
            s_put(&o, "<groupSet><item><groupId>" CW_SG "</groupId><groupName>gcnet-naruto-a</groupName></item>"
                      "</groupSet>");
        s_put(&o, "<subnetIdSet><item>subnet-a</item><item>subnet-b</item></subnetIdSet><dnsEntrySet><item>"
                  "<dnsName>" CW_VPCE ".vpce-svc-0123456789abcdef0.ap-northeast-1.vpce.amazonaws.com</dnsName>"
                  "</item></dnsEntrySet><networkInterfaceIdSet><item>eni-1</item><item>eni-2</item>"
                  "</networkInterfaceIdSet><tagSet>");
        for (int i = 0; i < st->n_ep_tags; i++)
            s_put(&o, "<item><key>%s</key><value>%s</value></item>", st->ep_tag_keys[i], st->ep_tag_values[i]);
        s_put(&o, "</tagSet></item>");
    }
    s_put(&o, "</vpcEndpointSet><requestId>r</requestId></DescribeVpcEndpointsResponse>");
    return s_done(&o);
}

static char *s_delete_endpoints(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    (void)req;
    st->ep_exists = false;
    return strdup("<DeleteVpcEndpointsResponse " S_NS "><unsuccessful/><requestId>r</requestId>"
                  "</DeleteVpcEndpointsResponse>");
}

static char *s_describe_enis(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    (void)req;
    return strdup("<DescribeNetworkInterfacesResponse " S_NS "><networkInterfaceSet><item><networkInterfaceId>eni-2"
                  "</networkInterfaceId><privateIpAddress>10.2.128.10</privateIpAddress></item><item>"
                  "<networkInterfaceId>eni-1</networkInterfaceId><privateIpAddress>10.2.0.10</privateIpAddress>"
                  "</item></networkInterfaceSet><requestId>r</requestId></DescribeNetworkInterfacesResponse>");
}

/* ---- method tgw_peering ---- */

static bool s_has_tag(const struct cw_state *st, const char *key, const char *value)
{
    for (int i = 0; i < st->n_tags; i++)
        if (strcmp(st->tag_keys[i], key) == 0)
            return strcmp(st->tag_values[i], value) == 0;
    return false;
}

/* Filter.N tag:<key> = Values.1: every tag filter must match the attachment's tags. */
static bool s_tag_filters_match(const struct cw_state *st, const struct fw_request *req)
{
    bool ok = true;
    for (int n = 1; ok && n <= 4; n++) {
        char k[48], v[48];
        snprintf(k, sizeof k, "Filter.%d.Name", n);
        snprintf(v, sizeof v, "Filter.%d.Value.1", n);
        char *name = fx_param_decoded(req->body, k), *value = fx_param_decoded(req->body, v);
        if (name && strncmp(name, "tag:", 4) == 0)
            ok = value && s_has_tag(st, name + 4, value);
        free(name);
        free(value);
    }
    return ok;
}

static void s_peer_item(struct s_out *o, const struct cw_state *st)
{
    const char *req_tgw = st->peer_requested_by_asp ? CW_PEER_TGW : CW_TGW;
    const char *req_owner = st->peer_requested_by_asp ? CW_PEER_ACCOUNT : "123456789012";
    const char *req_region = st->peer_requested_by_asp ? CW_PEER_REGION : "ap-northeast-1";
    const char *acc_tgw = st->peer_requested_by_asp ? CW_TGW : CW_PEER_TGW;
    const char *acc_owner = st->peer_requested_by_asp ? "123456789012" : CW_PEER_ACCOUNT;
    const char *acc_region = st->peer_requested_by_asp ? "ap-northeast-1" : CW_PEER_REGION;
    s_put(o,
          "<transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><requesterTgwInfo><transitGatewayId>%s"
          "</transitGatewayId><ownerId>%s</ownerId><region>%s</region></requesterTgwInfo><accepterTgwInfo>"
          "<transitGatewayId>%s</transitGatewayId><ownerId>%s</ownerId><region>%s</region></accepterTgwInfo>"
          "<state>%s</state><tagSet>",
          req_tgw, req_owner, req_region, acc_tgw, acc_owner, acc_region,
          st->att_state ? st->att_state : "pendingAcceptance");
    for (int i = 0; i < st->n_tags; i++)
        s_put(o, "<item><key>%s</key><value>%s</value></item>", st->tag_keys[i], st->tag_values[i]);
    s_put(o, "</tagSet>");
}

static char *s_describe_peerings(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_out o = {{0}, 0};
    char *id = fx_param_decoded(req->body, "TransitGatewayAttachmentIds.1");
    bool listed = st->peering && !st->att_gone && (id ? strcmp(id, CW_ATT) == 0 : s_tag_filters_match(st, req));
    free(id);
    s_put(&o, "<DescribeTransitGatewayPeeringAttachmentsResponse " S_NS "><transitGatewayPeeringAttachments>");
    if (listed) {
        s_put(&o, "<item>");
        s_peer_item(&o, st);
        s_put(&o, "</item>");
    }
    s_put(&o, "</transitGatewayPeeringAttachments><requestId>r</requestId>"
              "</DescribeTransitGatewayPeeringAttachmentsResponse>");
    return s_done(&o);
}

static char *s_peer_answer(const struct cw_state *st, const char *op)
{
    struct s_out o = {{0}, 0};
    s_put(&o, "<%sResponse " S_NS "><transitGatewayPeeringAttachment>", op);
    s_peer_item(&o, st);
    s_put(&o, "</transitGatewayPeeringAttachment><requestId>r</requestId></%sResponse>", op);
    return s_done(&o);
}

static char *s_create_peering(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    struct s_tagset t = s_tagset_of(st, CW_ATT);
    st->peering = true;
    st->att_gone = false;
    st->peer_requested_by_asp = false;
    st->att_state = "pendingAcceptance";
    st->assoc = 0;
    st->n_tags = 0;
    st->peer_creates++;
    s_tags_apply(&t, req, "TagSpecification.1.Tag.", true);
    return s_peer_answer(st, "CreateTransitGatewayPeeringAttachment");
}

static char *s_accept_peering(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    (void)req;
    if (!st->peering || st->att_gone || !st->peer_requested_by_asp)
        return s_error("InvalidParameterValue");
    st->att_state = "available";
    return s_peer_answer(st, "AcceptTransitGatewayPeeringAttachment");
}

static char *s_delete_peering(void *ctx, const struct fw_request *req)
{
    struct cw_state *st = ctx;
    (void)req;
    if (!st->peering || st->att_gone)
        return s_error("InvalidTransitGatewayAttachmentID.NotFound");
    st->att_state = "deleted";
    return s_peer_answer(st, "DeleteTransitGatewayPeeringAttachment");
}

const struct fw_answer cw_answers[] = {
    {&gc_op_ec2_describe_transit_gateways, NULL, NULL, s_describe_tgw},
    {&gc_op_ec2_describe_transit_gateway_route_tables, NULL, NULL, s_describe_rts},
    {&gc_op_ec2_describe_vpcs, NULL, NULL, s_describe_vpcs},
    {&gc_op_ec2_describe_route_tables, NULL, NULL, s_describe_route_tables},
    {&gc_op_ec2_create_route, NULL, NULL, s_create_route},
    {&gc_op_ec2_delete_route, NULL, NULL, s_delete_route},
    {&gc_op_ec2_describe_transit_gateway_attachments, NULL, NULL, s_describe_atts},
    {&gc_op_ec2_accept_transit_gateway_vpc_attachment, NULL, NULL, s_accept},
    {&gc_op_ec2_associate_transit_gateway_route_table, NULL, NULL, s_associate},
    {&gc_op_ec2_disassociate_transit_gateway_route_table, NULL, NULL, s_disassociate},
    {&gc_op_ec2_get_transit_gateway_route_table_associations, NULL, NULL, s_get_assocs},
    {&gc_op_ec2_get_transit_gateway_route_table_propagations, NULL, NULL, s_get_props},
    {&gc_op_ec2_enable_transit_gateway_route_table_propagation, NULL, NULL, s_enable},
    {&gc_op_ec2_disable_transit_gateway_route_table_propagation, NULL, NULL, s_disable},
    {&gc_op_ec2_search_transit_gateway_routes, NULL, NULL, s_search_routes},
    {&gc_op_ec2_create_tags, NULL, NULL, s_create_tags},
    {&gc_op_ec2_delete_tags, NULL, NULL, s_delete_tags},
    {&gc_op_ec2_describe_subnets, NULL, NULL, s_describe_subnets},
    {&gc_op_ec2_create_security_group, NULL, NULL, s_create_sg},
    {&gc_op_ec2_describe_security_groups, NULL, NULL, s_describe_sgs},
    {&gc_op_ec2_authorize_security_group_ingress, NULL, NULL, s_authorize},
    {&gc_op_ec2_revoke_security_group_ingress, NULL, NULL, s_revoke},
    {&gc_op_ec2_revoke_security_group_egress, NULL, NULL, s_revoke_egress},
    {&gc_op_ec2_delete_security_group, NULL, NULL, s_delete_sg},
    {&gc_op_ec2_create_vpc_endpoint, NULL, NULL, s_create_endpoint},
    {&gc_op_ec2_describe_vpc_endpoints, NULL, NULL, s_describe_endpoints},
    {&gc_op_ec2_delete_vpc_endpoints, NULL, NULL, s_delete_endpoints},
    {&gc_op_ec2_describe_network_interfaces, NULL, NULL, s_describe_enis},
    {&gc_op_ec2_create_transit_gateway_route, NULL, NULL, s_create_tgw_route},
    {&gc_op_ec2_delete_transit_gateway_route, NULL, NULL, s_delete_tgw_route},
    {&gc_op_ec2_create_transit_gateway_peering_attachment, NULL, NULL, s_create_peering},
    {&gc_op_ec2_describe_transit_gateway_peering_attachments, NULL, NULL, s_describe_peerings},
    {&gc_op_ec2_accept_transit_gateway_peering_attachment, NULL, NULL, s_accept_peering},
    {&gc_op_ec2_delete_transit_gateway_peering_attachment, NULL, NULL, s_delete_peering},
};
const size_t cw_n_answers = sizeof cw_answers / sizeof cw_answers[0];

int cw_install(struct fw_world *world, struct cw_state *state)
{
    return fw_answer_table(world, cw_answers, cw_n_answers, state);
}

void cw_state_connected(struct cw_state *st, const char *cidr)
{
    st->att_state = "available";
    st->assoc = 2;
    st->prop[1] = st->prop[3] = true;
    snprintf(st->routes[0], sizeof st->routes[0], "%s", cidr);
    st->n_routes = 1;
}

bool cw_has_tag(const struct cw_state *st, const char *key, const char *value)
{
    for (int i = 0; i < st->n_tags; i++)
        if (strcmp(st->tag_keys[i], key) == 0)
            return !value || strcmp(st->tag_values[i], value) == 0;
    return false;
}

int cw_request_table(const struct fw_request *req)
{
    char *rt = fx_param_decoded(req->body, "TransitGatewayRouteTableId");
    int n = 0;
    for (int i = 1; rt && i <= 3; i++)
        if (strcmp(rt, s_tables[i]) == 0)
            n = i;
    free(rt);
    return n;
}
