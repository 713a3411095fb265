/* gcnet_onprem_link's answers (see onprem_world.h): conn_world's table with the attachment describe replaced, and
 * the Direct Connect operations. */
#include "onprem_world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fake_text.h"

static const char *const s_tables[] = {"", CW_RT_ONPREM, CW_RT_ASP, CW_RT_OPS};

#define S_NS "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\""

static json_t *s_body(const struct fw_request *req)
{
    return json_loads(req->body ? req->body : "{}", 0, NULL);
}

static char *s_json(json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    return text;
}

/* A create that acted: its answer, or (while st->lost_creates lasts) a 500 in the service's error shape. */
static char *s_maybe_lost(struct ow_state *st, char *answer, bool ec2)
{
    if (st->lost_creates <= 0 || !answer)
        return answer;
    st->lost_creates--;
    free(answer);
    return strdup(ec2 ? "!500 <Response><Errors><Error><Code>InternalError</Code><Message>lost</Message></Error>"
                        "</Errors><RequestID>r</RequestID></Response>"
                      : "!500 {\"__type\": \"DirectConnectServerException\", \"message\": \"lost\"}");
}

static char *s_not_found(const char *what)
{
    char buf[256];
    snprintf(buf, sizeof buf, "!400 {\"__type\": \"DirectConnectClientException\", \"message\": \"%s not found\"}",
             what);
    return strdup(buf);
}

static const char *s_assoc_state(const struct ow_state *st)
{
    if (!st->assoc_live)
        return "disassociated";
    return st->assoc_state ? st->assoc_state : "associated";
}

static json_t *s_assoc_doc(const struct ow_state *st)
{
    json_t *prefixes = json_array();
    for (int i = 0; prefixes && i < st->n_prefixes; i++)
        json_array_append_new(prefixes, json_pack("{s:s}", "cidr", st->prefixes[i]));
    return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:o}", "associationId", OW_ASSOC, "associationState",
                     s_assoc_state(st), "directConnectGatewayId", OW_DXGW, "directConnectGatewayOwnerAccount",
                     st->n_proposals ? "333333333333" : "123456789012", "associatedGateway", "id", CW_TGW, "type",
                     "transitGateway", "ownerAccount", "123456789012", "region", "ap-northeast-1",
                     "allowedPrefixesToDirectConnectGateway", prefixes);
}

static void s_prefix_apply(struct ow_state *st, const json_t *list, bool add)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *c = json_string_value(json_object_get(json_array_get(list, i), "cidr"));
        int at = -1;
        for (int k = 0; c && k < st->n_prefixes; k++)
            if (strcmp(st->prefixes[k], c) == 0)
                at = k;
        if (c && add && at < 0 && st->n_prefixes < OW_MAX)
            snprintf(st->prefixes[st->n_prefixes++], sizeof st->prefixes[0], "%s", c);
        if (c && !add && at >= 0) {
            memmove(st->prefixes[at], st->prefixes[at + 1], (size_t)(st->n_prefixes - at - 1) * sizeof st->prefixes[0]);
            st->n_prefixes--;
        }
    }
}

static char *s_describe_gateways(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    if (st->dxgw_gone)
        return s_not_found("Direct Connect Gateway " OW_DXGW);
    return s_json(json_pack("{s:[{s:s, s:s, s:i, s:s, s:s}]}", "directConnectGateways", "directConnectGatewayId",
                            OW_DXGW, "directConnectGatewayName", "naruto-lgcs", "amazonSideAsn", 64600, "ownerAccount",
                            "123456789012", "directConnectGatewayState", "available"));
}

static char *s_create_assoc(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    json_t *in = s_body(req);
    if (st->assoc_live) {
        json_decref(in);
        return strdup("!400 {\"__type\": \"DirectConnectClientException\", \"message\": \"already associated\"}");
    }
    st->assoc_live = true;
    st->assoc_state = st->create_state ? st->create_state : "associating";
    st->n_prefixes = 0;
    s_prefix_apply(st, json_object_get(in, "addAllowedPrefixesToDirectConnectGateway"), true);
    st->creates++;
    json_decref(in);
    return s_json(json_pack("{s:o}", "directConnectGatewayAssociation", s_assoc_doc(st)));
}

static char *s_describe_assocs(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    json_t *in = s_body(req);
    const char *id = json_string_value(json_object_get(in, "associationId"));
    const char *gw = json_string_value(json_object_get(in, "associatedGatewayId"));
    bool ours = (!id || strcmp(id, OW_ASSOC) == 0) && (!gw || strcmp(gw, CW_TGW) == 0);
    json_t *list = json_array();
    if (ours && (st->assoc_live || st->deletes > 0))
        json_array_append_new(list, s_assoc_doc(st));
    if (st->assoc_live && st->assoc_state &&
        (strcmp(st->assoc_state, "associating") == 0 || strcmp(st->assoc_state, "updating") == 0) &&
        st->assoc_polls-- <= 0)
        st->assoc_state = NULL;
    json_decref(in);
    return s_json(json_pack("{s:o}", "directConnectGatewayAssociations", list));
}

static char *s_update_assoc(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    json_t *in = s_body(req);
    if (!st->assoc_live) {
        json_decref(in);
        return s_not_found("Direct Connect Gateway Association " OW_ASSOC);
    }
    s_prefix_apply(st, json_object_get(in, "addAllowedPrefixesToDirectConnectGateway"), true);
    s_prefix_apply(st, json_object_get(in, "removeAllowedPrefixesToDirectConnectGateway"), false);
    st->assoc_state = "updating";
    st->updates++;
    json_decref(in);
    return s_json(json_pack("{s:o}", "directConnectGatewayAssociation", s_assoc_doc(st)));
}

static char *s_delete_assoc(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    if (!st->assoc_live)
        return s_not_found("Direct Connect Gateway Association " OW_ASSOC);
    st->assoc_live = false;
    st->deletes++;
    /* AWS drops the attachment's association and propagations with it */
    st->cw.assoc = 0;
    memset(st->cw.prop, 0, sizeof st->cw.prop);
    return s_json(json_pack("{s:o}", "directConnectGatewayAssociation", s_assoc_doc(st)));
}

/* The association's attachment while it lives (ids and filters answer the same: there is one). */
static char *s_describe_atts(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    char head[1024];
    (void)req;
    size_t cap = 8192;
    char *o = malloc(cap);
    if (!o)
        return NULL;
    int n = snprintf(o, cap, "<DescribeTransitGatewayAttachmentsResponse " S_NS "><transitGatewayAttachments>");
    if (st->vpn_mode)
        snprintf(head, sizeof head,
                 "<item><transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><transitGatewayId>" CW_TGW
                 "</transitGatewayId><resourceOwnerId>123456789012</resourceOwnerId><resourceType>vpn</resourceType>"
                 "<resourceId>" OW_VPN "</resourceId><state>available</state>");
    else if (st->peering && !st->cw.att_gone)
        snprintf(head, sizeof head,
                 "<item><transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><transitGatewayId>" CW_TGW
                 "</transitGatewayId><resourceOwnerId>333333333333</resourceOwnerId><resourceType>peering"
                 "</resourceType><resourceId>tgw-0000000000000ca77</resourceId><state>%s</state>",
                 st->peer_state ? st->peer_state : "pendingAcceptance");
    else
        snprintf(head, sizeof head,
                 "<item><transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><transitGatewayId>" CW_TGW
                 "</transitGatewayId><resourceOwnerId>123456789012</resourceOwnerId><resourceType>"
                 "direct-connect-gateway</resourceType><resourceId>" OW_DXGW "</resourceId><state>available</state>");
    if (st->vpn_mode ? st->vpn_exists : st->peering ? !st->cw.att_gone : st->assoc_live) {
        n += snprintf(o + n, cap - (size_t)n, "%s", head);
        if (st->cw.assoc)
            n += snprintf(o + n, cap - (size_t)n,
                          "<association><transitGatewayRouteTableId>%s</transitGatewayRouteTableId><state>associated"
                          "</state></association>",
                          s_tables[st->cw.assoc]);
        n += snprintf(o + n, cap - (size_t)n, "<tagSet>");
        for (int i = 0; i < st->cw.n_tags; i++)
            n += snprintf(o + n, cap - (size_t)n, "<item><key>%s</key><value>%s</value></item>", st->cw.tag_keys[i],
                          st->cw.tag_values[i]);
        n += snprintf(o + n, cap - (size_t)n, "</tagSet></item>");
    }
    snprintf(o + n, cap - (size_t)n,
             "</transitGatewayAttachments><requestId>r</requestId></DescribeTransitGatewayAttachmentsResponse>");
    return o;
}

/* ---- method tgw_peering ---- */

static int s_troute_find(const struct ow_state *st, int table, const char *cidr)
{
    for (int i = 0; cidr && i < st->n_troutes[table]; i++)
        if (strcmp(st->troutes[table][i], cidr) == 0)
            return i;
    return -1;
}

static char *s_accept_peering(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    if (!st->peering || (st->peer_state && strcmp(st->peer_state, "pendingAcceptance") != 0))
        return NULL; /* IncorrectState: the fake's 400 */
    st->peer_state = "available";
    return strdup("<AcceptTransitGatewayPeeringAttachmentResponse " S_NS "><requestId>r</requestId>"
                  "<transitGatewayPeeringAttachment><transitGatewayAttachmentId>" CW_ATT
                  "</transitGatewayAttachmentId><state>pending</state></transitGatewayPeeringAttachment>"
                  "</AcceptTransitGatewayPeeringAttachmentResponse>");
}

static char *s_create_troute(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    int t = cw_request_table(req);
    char *cidr = fx_param_decoded(req->body, "DestinationCidrBlock");
    char *att = fx_param_decoded(req->body, "TransitGatewayAttachmentId");
    bool ok =
        t && cidr && att && strcmp(att, CW_ATT) == 0 && s_troute_find(st, t, cidr) < 0 && st->n_troutes[t] < OW_MAX;
    if (ok)
        snprintf(st->troutes[t][st->n_troutes[t]++], sizeof st->troutes[0][0], "%s", cidr);
    free(cidr);
    free(att);
    return ok ? strdup("<CreateTransitGatewayRouteResponse " S_NS "><requestId>r</requestId><route><state>active"
                       "</state></route></CreateTransitGatewayRouteResponse>")
              : NULL;
}

static char *s_delete_troute(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    int t = cw_request_table(req);
    char *cidr = fx_param_decoded(req->body, "DestinationCidrBlock");
    int i = t ? s_troute_find(st, t, cidr) : -1;
    free(cidr);
    if (i < 0)
        return NULL;
    memmove(st->troutes[t][i], st->troutes[t][i + 1], (size_t)(st->n_troutes[t] - i - 1) * sizeof st->troutes[0][0]);
    st->n_troutes[t]--;
    return strdup("<DeleteTransitGatewayRouteResponse " S_NS "><requestId>r</requestId><route><state>deleted"
                  "</state></route></DeleteTransitGatewayRouteResponse>");
}

static char *s_search_troutes(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    int t = cw_request_table(req);
    size_t cap = 8192;
    char *o = malloc(cap);
    if (!o)
        return NULL;
    int n = snprintf(o, cap, "<SearchTransitGatewayRoutesResponse " S_NS "><routeSet>");
    for (int i = 0; t && i < st->n_troutes[t]; i++)
        n += snprintf(o + n, cap - (size_t)n,
                      "<item><destinationCidrBlock>%s</destinationCidrBlock><transitGatewayAttachments><item>"
                      "<transitGatewayAttachmentId>" CW_ATT "</transitGatewayAttachmentId><resourceType>peering"
                      "</resourceType></item></transitGatewayAttachments><type>static</type><state>active</state>"
                      "</item>",
                      st->troutes[t][i]);
    snprintf(o + n, cap - (size_t)n,
             "</routeSet><additionalRoutesAvailable>false</additionalRoutesAvailable><requestId>r</requestId>"
             "</SearchTransitGatewayRoutesResponse>");
    return o;
}

/* ---- method dx_proposal ---- */

static void s_prop_id(int n, char *out, size_t size)
{
    snprintf(out, size, "aaaaaaaa-0000-4000-8000-%012d", n);
}

static json_t *s_prop_doc(const struct ow_state *st)
{
    char id[40];
    json_t *req = json_array();
    for (int i = 0; req && i < st->n_prop_prefixes; i++)
        json_array_append_new(req, json_pack("{s:s}", "cidr", st->prop_prefixes[i]));
    s_prop_id(st->n_proposals, id, sizeof id);
    return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:o}", "proposalId", id, "proposalState", st->prop_state,
                     "directConnectGatewayId", OW_DXGW, "directConnectGatewayOwnerAccount", "333333333333",
                     "associatedGateway", "id", CW_TGW, "type", "transitGateway", "ownerAccount", "123456789012",
                     "requestedAllowedPrefixesToDirectConnectGateway", req);
}

static char *s_create_proposal(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    json_t *in = s_body(req);
    /* the resulting set: the association's prefixes (if any) with the additions, without the removals */
    struct ow_state tmp = *st;
    if (!st->assoc_live)
        tmp.n_prefixes = 0;
    s_prefix_apply(&tmp, json_object_get(in, "addAllowedPrefixesToDirectConnectGateway"), true);
    s_prefix_apply(&tmp, json_object_get(in, "removeAllowedPrefixesToDirectConnectGateway"), false);
    memcpy(st->prop_prefixes, tmp.prefixes, sizeof st->prop_prefixes);
    st->n_prop_prefixes = tmp.n_prefixes;
    st->n_proposals++;
    st->prop_state = "requested";
    json_decref(in);
    return s_maybe_lost(st, s_json(json_pack("{s:o}", "directConnectGatewayAssociationProposal", s_prop_doc(st))),
                        false);
}

static char *s_describe_proposals(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    json_t *in = s_body(req);
    const char *id = json_string_value(json_object_get(in, "proposalId"));
    char latest[40];
    s_prop_id(st->n_proposals, latest, sizeof latest);
    json_t *list = json_array();
    if (st->prop_state && (!id || strcmp(id, latest) == 0))
        json_array_append_new(list, s_prop_doc(st));
    for (int n = 1; id && n < st->n_proposals; n++) { /* earlier ones: accepted or deleted, as they ended */
        char older[40];
        s_prop_id(n, older, sizeof older);
        if (strcmp(id, older) == 0)
            json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "proposalId", older, "proposalState",
                                                  "accepted", "directConnectGatewayId", OW_DXGW,
                                                  "directConnectGatewayOwnerAccount", "333333333333",
                                                  "associatedGateway", "id", CW_TGW));
    }
    json_decref(in);
    return s_json(json_pack("{s:o}", "directConnectGatewayAssociationProposals", list));
}

static char *s_delete_proposal(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    if (!st->prop_state || strcmp(st->prop_state, "requested") != 0)
        return s_not_found("Direct Connect Gateway Association Proposal");
    st->prop_state = "deleted";
    return s_json(json_pack("{s:o}", "directConnectGatewayAssociationProposal", s_prop_doc(st)));
}

void ow_accept(struct ow_state *st)
{
    memcpy(st->prefixes, st->prop_prefixes, sizeof st->prefixes);
    st->n_prefixes = st->n_prop_prefixes;
    st->assoc_live = true;
    st->prop_state = "accepted";
}

/* ---- method vpn ---- */

static char *s_ec2_ok(const char *op, const char *inner)
{
    char *o = malloc(1024);
    if (o)
        snprintf(o, 1024, "<%sResponse " S_NS "><requestId>r</requestId>%s</%sResponse>", op, inner, op);
    return o;
}

static const char *const s_cgw_item = "<item><customerGatewayId>" OW_CGW "</customerGatewayId><state>available</state>"
                                      "<type>ipsec.1</type><ipAddress>203.0.113.10</ipAddress><bgpAsn>65010</bgpAsn>"
                                      "</item>";

static char *s_describe_cgws(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    char inner[512];
    snprintf(inner, sizeof inner, "<customerGatewaySet>%s</customerGatewaySet>", st->cgw_exists ? s_cgw_item : "");
    return s_ec2_ok("DescribeCustomerGateways", inner);
}

static char *s_create_cgw(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    st->cgw_exists = true;
    st->cgw_creates++;
    return s_maybe_lost(st,
                        s_ec2_ok("CreateCustomerGateway", "<customerGateway><customerGatewayId>" OW_CGW
                                                          "</customerGatewayId><state>available</state>"
                                                          "</customerGateway>"),
                        true);
}

static char *s_delete_cgw(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    if (!st->cgw_exists)
        return NULL;
    st->cgw_exists = false;
    st->cgw_deletes++;
    return s_ec2_ok("DeleteCustomerGateway", "<return>true</return>");
}

static char *s_create_vpn(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    char *cgw = fx_param_decoded(req->body, "CustomerGatewayId");
    bool ok = cgw && strcmp(cgw, OW_CGW) == 0 && st->cgw_exists;
    free(cgw);
    if (!ok)
        return NULL;
    st->vpn_exists = true;
    st->vpn_state = "pending";
    st->vpn_creates++;
    return s_maybe_lost(st,
                        s_ec2_ok("CreateVpnConnection", "<vpnConnection><vpnConnectionId>" OW_VPN
                                                        "</vpnConnectionId><state>pending</state></vpnConnection>"),
                        true);
}

static char *s_describe_vpns(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    char inner[768];
    (void)req;
    const char *state = st->vpn_state ? st->vpn_state : "available";
    snprintf(inner, sizeof inner,
             "<vpnConnectionSet><item><vpnConnectionId>" OW_VPN "</vpnConnectionId><state>%s</state>"
             "<customerGatewayId>" OW_CGW "</customerGatewayId><transitGatewayId>" CW_TGW "</transitGatewayId>"
             "<type>ipsec.1</type></item></vpnConnectionSet>",
             st->vpn_exists ? state : "deleted");
    if (st->vpn_exists && st->vpn_state && strcmp(st->vpn_state, "pending") == 0 && st->vpn_polls-- <= 0)
        st->vpn_state = NULL;
    return s_ec2_ok("DescribeVpnConnections", inner);
}

static char *s_delete_vpn(void *ctx, const struct fw_request *req)
{
    struct ow_state *st = ctx;
    (void)req;
    if (!st->vpn_exists)
        return NULL;
    st->vpn_exists = false;
    st->vpn_deletes++;
    st->cw.assoc = 0;
    memset(st->cw.prop, 0, sizeof st->cw.prop);
    return s_ec2_ok("DeleteVpnConnection", "<return>true</return>");
}

static const struct fw_answer s_own[] = {
    {&gc_op_ec2_describe_customer_gateways, NULL, NULL, s_describe_cgws},
    {&gc_op_ec2_create_customer_gateway, NULL, NULL, s_create_cgw},
    {&gc_op_ec2_delete_customer_gateway, NULL, NULL, s_delete_cgw},
    {&gc_op_ec2_create_vpn_connection, NULL, NULL, s_create_vpn},
    {&gc_op_ec2_describe_vpn_connections, NULL, NULL, s_describe_vpns},
    {&gc_op_ec2_delete_vpn_connection, NULL, NULL, s_delete_vpn},
    {&gc_op_directconnect_create_direct_connect_gateway_association_proposal, NULL, NULL, s_create_proposal},
    {&gc_op_directconnect_describe_direct_connect_gateway_association_proposals, NULL, NULL, s_describe_proposals},
    {&gc_op_directconnect_delete_direct_connect_gateway_association_proposal, NULL, NULL, s_delete_proposal},
    {&gc_op_ec2_accept_transit_gateway_peering_attachment, NULL, NULL, s_accept_peering},
    {&gc_op_ec2_create_transit_gateway_route, NULL, NULL, s_create_troute},
    {&gc_op_ec2_delete_transit_gateway_route, NULL, NULL, s_delete_troute},
    {&gc_op_ec2_search_transit_gateway_routes, NULL, NULL, s_search_troutes},
    {&gc_op_ec2_describe_transit_gateway_attachments, NULL, NULL, s_describe_atts},
    {&gc_op_directconnect_describe_direct_connect_gateways, NULL, NULL, s_describe_gateways},
    {&gc_op_directconnect_create_direct_connect_gateway_association, NULL, NULL, s_create_assoc},
    {&gc_op_directconnect_describe_direct_connect_gateway_associations, NULL, NULL, s_describe_assocs},
    {&gc_op_directconnect_update_direct_connect_gateway_association, NULL, NULL, s_update_assoc},
    {&gc_op_directconnect_delete_direct_connect_gateway_association, NULL, NULL, s_delete_assoc},
};

#define S_N_OWN (sizeof s_own / sizeof s_own[0])
#define S_CAP 64

/* conn_world's table, then the rows above (a later row for the same operation replaces the earlier one). Built
 * before main so that tables of tables (test_hostile_aws) can point at it. */
struct fw_answer ow_answers[S_CAP];
size_t ow_n_answers;

__attribute__((constructor)) static void s_build(void)
{
    size_t n = 0;
    for (size_t i = 0; i < cw_n_answers && n < S_CAP; i++)
        ow_answers[n++] = cw_answers[i];
    for (size_t i = 0; i < S_N_OWN && n < S_CAP; i++)
        ow_answers[n++] = s_own[i];
    ow_n_answers = n;
}

int ow_install(struct fw_world *world, struct ow_state *state)
{
    return fw_answer_table(world, ow_answers, ow_n_answers, state);
}

void ow_state_linked(struct ow_state *st, const char *prefix, const char *cidr)
{
    static const char *const tags[][2] = {{"gcnet:onprem-link", "naruto-lgcs"},
                                          {"gcnet:onprem-service", "lgcs"},
                                          {"gcnet:transit-gateway-id", CW_TGW},
                                          {"gcnet:onprem-cidrs", NULL}};
    st->assoc_live = true;
    st->assoc_state = NULL;
    snprintf(st->prefixes[0], sizeof st->prefixes[0], "%s", prefix);
    st->n_prefixes = 1;
    st->cw.assoc = 1;
    st->cw.prop[2] = st->cw.prop[3] = true;
    snprintf(st->cw.routes[0], sizeof st->cw.routes[0], "%s", cidr);
    st->cw.n_routes = 1;
    st->cw.n_tags = 0;
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        snprintf(st->cw.tag_keys[i], sizeof st->cw.tag_keys[0], "%s", tags[i][0]);
        snprintf(st->cw.tag_values[i], sizeof st->cw.tag_values[0], "%s", tags[i][1] ? tags[i][1] : cidr);
        st->cw.n_tags++;
    }
}

bool ow_has_prefix(const struct ow_state *st, const char *cidr)
{
    for (int i = 0; i < st->n_prefixes; i++)
        if (strcmp(st->prefixes[i], cidr) == 0)
            return true;
    return false;
}

bool ow_has_troute(const struct ow_state *st, int table, const char *cidr)
{
    return table >= 1 && table <= 3 && s_troute_find(st, table, cidr) >= 0;
}
