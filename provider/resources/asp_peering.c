/* gcnet_asp_connection, method "tgw_peering": a Transit Gateway peering attachment between the hub's TGW and the
 * ASP's own TGW (peer_transit_gateway_id in peer_account_id, peer_region Tokyo or Osaka).
 *
 * Either gcnet creates the peering (CreateTransitGatewayPeeringAttachment with the connection's bookkeeping tags
 * and a create marker, gc_adopt.h; the ASP then accepts it on its side), or the ASP created it and gives its id as
 * attachment_id (AcceptTransitGatewayPeeringAttachment). A peering attachment cannot propagate routes, so the
 * ASP's `cidrs` become static routes toward the attachment in the onprem and ops route tables; the attachment is
 * associated with asp like every ASP (resource_asp_connection.c does that and the ops VPC's routes).
 *
 * The create marker stays on a peering gcnet made: destroy deletes the peering only when it carries one (an
 * ASP's peering is left alone, only gcnet's routes, association and tags go). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_ec2.h"
#include "base/gc_log.h"
#include "framework/gc_adopt.h"
#include "framework/gc_tagging.h"
#include "framework/gc_wait.h"
#include "resources/asp_connection.h"
#include "resources/conn_model.h"
#include "resources/dns_model.h"
#include "resources/hub_model.h"

#define S_MAX_CIDRS 32

/* The domains whose tables get the static routes: the premises and the ops VPC reach the ASP, never other ASPs. */
static const char *const s_route_domains[] = {"onprem", "ops", NULL};

/* ---- the peering's two sides ---- */

void gc_asp_peer_info_clean_up(struct gc_asp_peer_info *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->state);
    free(p->peer_tgw_id);
    free(p->peer_account_id);
    free(p->peer_region);
    free(p->create_token);
    memset(p, 0, sizeof(*p));
}

static int s_dup(char **out, const char *s)
{
    *out = s ? gc_strdup(s) : NULL;
    return s && !*out ? -1 : 0;
}

/* The side of `item` that is not the hub `tgw_id` (requester or accepter). */
static int s_info_fill(struct gc_asp_peer_info *p, const json_t *item, const char *tgw_id)
{
    const char *req_tgw = gc_doc_str(item, "RequesterTgwInfo.TransitGatewayId");
    const char *side = req_tgw && tgw_id && strcmp(req_tgw, tgw_id) == 0 ? "AccepterTgwInfo" : "RequesterTgwInfo";
    char path[64];
    int rc = 0;
    rc |= s_dup(&p->id, gc_doc_str(item, "TransitGatewayAttachmentId"));
    rc |= s_dup(&p->state, gc_doc_str(item, "State"));
    snprintf(path, sizeof path, "%s.TransitGatewayId", side);
    rc |= s_dup(&p->peer_tgw_id, gc_doc_str(item, path));
    snprintf(path, sizeof path, "%s.OwnerId", side);
    rc |= s_dup(&p->peer_account_id, gc_doc_str(item, path));
    snprintf(path, sizeof path, "%s.Region", side);
    rc |= s_dup(&p->peer_region, gc_doc_str(item, path));
    rc |= s_dup(&p->create_token, gc_doc_tag(item, GC_TAG_CREATE_TOKEN));
    return rc ? -1 : 0;
}

/* DescribeTransitGatewayPeeringAttachments with `in` (consumed): the first item not deleted/failed/rejected. */
static int s_describe(struct gc_op *op, json_t *in, const char *tgw_id, struct gc_asp_peer_info *p, bool *found)
{
    static const char *const gone[] = {"deleted", "deleting", "failed", "failing", "rejected", "rejecting", NULL};
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    int result = -1;
    *found = false;
    if (gc_op_call(op, &gc_op_ec2_describe_transit_gateway_peering_attachments, in, &out, &err) != 0) {
        if (gc_aws_op_is_not_found(&gc_op_ec2_describe_transit_gateway_peering_attachments, &err))
            result = 0;
        else if (err.code)
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *items = gc_doc_list(out, "TransitGatewayPeeringAttachments");
    for (size_t i = 0; !*found && i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *state = gc_doc_str(item, "State");
        bool dead = false;
        for (size_t k = 0; state && gone[k]; k++)
            dead = dead || strcmp(state, gone[k]) == 0;
        if (dead)
            continue;
        if (s_info_fill(p, item, tgw_id) != 0) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read the peering attachment.");
            goto cleanup;
        }
        *found = true;
    }
    result = 0;
cleanup:
    if (result != 0)
        gc_asp_peer_info_clean_up(p);
    gc_aws_error_clean_up(&err);
    json_decref(out);
    return result;
}

int gc_asp_peer_get(struct gc_op *op, const char *att_id, const char *tgw_id, struct gc_asp_peer_info *p, bool *found)
{
    json_t *in = json_pack("{s:[s]}", "TransitGatewayAttachmentIds", att_id ? att_id : "");
    return s_describe(op, in, tgw_id, p, found);
}

/* A peering an earlier, interrupted create of this connection left (its tags name the hub and the connection). */
static int s_find_ours(struct gc_op *op, const char *tgw_id, const char *name, const char *peer_tgw,
                       struct gc_asp_peer_info *p, bool *found)
{
    json_t *in = json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "tag:" GC_TAG_TGW, "Values", tgw_id,
                           "Name", "tag:" GC_ASP_TAG_NAME, "Values", name ? name : "");
    if (s_describe(op, in, tgw_id, p, found) != 0)
        return -1;
    if (*found && (!p->peer_tgw_id || strcmp(p->peer_tgw_id, peer_tgw) != 0)) {
        gc_asp_peer_info_clean_up(p);
        *found = false;
    }
    return 0;
}

/* ---- create or accept ---- */

struct s_create {
    const char *token;
    char *id; /* the created (or adopted) attachment */
    struct gc_strset found;
    char *found_ids[4];
    size_t n_found;
};

static int s_lookup(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err)
{
    struct s_create *c = arg;
    json_t *out = NULL;
    json_t *in = json_pack("{s:[{s:s, s:[s]}]}", "Filters", "Name", "tag:" GC_TAG_CREATE_TOKEN, "Values", c->token);
    int rc = -1;
    if (!in || gc_aws_op_call(op->aws, &gc_op_ec2_describe_transit_gateway_peering_attachments, in, &out, err) != 0)
        goto cleanup;
    const json_t *items = gc_doc_list(out, "TransitGatewayPeeringAttachments");
    rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(items) && c->n_found < 4; i++) {
        const char *id = gc_doc_str(json_array_get(items, i), "TransitGatewayAttachmentId");
        if (!id)
            continue;
        if (!(c->found_ids[c->n_found] = gc_strdup(id)) || gc_strset_add(ids, c->found_ids[c->n_found]) != 0)
            rc = -1;
        c->n_found += c->found_ids[c->n_found] ? 1 : 0;
    }
cleanup:
    json_decref(in);
    json_decref(out);
    return rc;
}

static int s_accept(struct gc_op *op, const char *att_id)
{
    struct gc_aws_error err = {0};
    json_t *in = json_pack("{s:s}", "TransitGatewayAttachmentId", att_id);
    GC_INFO("accepting transit gateway peering attachment %s", att_id);
    int rc = gc_op_call(op, &gc_op_ec2_accept_transit_gateway_peering_attachment, in, NULL, &err);
    if (rc != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

int gc_asp_peer_attach(struct gc_op *op, const char *tgw_id, const struct gc_value *planned, char **att_id)
{
    struct gc_asp_peer_info p = {0};
    struct gc_tags tags = {0};
    struct s_create c = {0};
    json_t *in = NULL;
    char token[37];
    const char *given = gc_value_get_string(planned, "attachment_id");
    bool found = false;
    int result = -1;
    *att_id = NULL;
    if (given) {
        /* the ASP made it: accept it while it waits for us (the hub is the accepter) */
        if (gc_asp_peer_get(op, given, tgw_id, &p, &found) != 0)
            goto cleanup;
        if (found && p.state && strcmp(p.state, "pendingAcceptance") == 0 && s_accept(op, given) != 0)
            goto cleanup;
        result = (*att_id = gc_strdup(given)) ? 0 : -1;
        goto cleanup;
    }
    if (s_find_ours(op, tgw_id, gc_value_get_string(planned, "name"),
                    gc_value_get_string(planned, "peer_transit_gateway_id"), &p, &found) != 0)
        goto cleanup;
    if (found) {
        GC_WARN("adopting peering attachment %s that an interrupted create of %s left", p.id,
                gc_value_get_string(planned, "name"));
        result = (*att_id = gc_strdup(p.id)) ? 0 : -1;
        goto cleanup;
    }
    if (gc_asp_wanted_tags(&tags, planned, tgw_id) != 0 || gc_adopt_token_tag(&tags, GC_TAG_CREATE_TOKEN, token) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the peering attachment's tags.");
        goto cleanup;
    }
    c.token = token;
    in = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:o}]}", "TransitGatewayId", tgw_id, "PeerTransitGatewayId",
                   gc_value_get_string(planned, "peer_transit_gateway_id"), "PeerAccountId",
                   gc_value_get_string(planned, "peer_account_id"), "PeerRegion",
                   gc_value_get_string(planned, "peer_region"), "TagSpecifications", "ResourceType",
                   "transit-gateway-attachment", "Tags", gc_dns_tags_doc(&tags));
    struct gc_adopt_spec spec = {.operation = "CreateTransitGatewayPeeringAttachment",
                                 .what = "transit gateway peering attachment",
                                 .lookup = s_lookup,
                                 .arg = &c,
                                 .def = &gc_op_ec2_create_transit_gateway_peering_attachment,
                                 .in = in,
                                 .id_path = "TransitGatewayPeeringAttachment.TransitGatewayAttachmentId",
                                 .id = &c.id};
    if (gc_adopt_create(op, &spec) != 0)
        goto cleanup;
    GC_INFO("created transit gateway peering attachment %s to %s", c.id,
            gc_value_get_string(planned, "peer_transit_gateway_id"));
    *att_id = c.id;
    c.id = NULL;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the peering attachment.");
    for (size_t i = 0; i < c.n_found; i++)
        free(c.found_ids[i]);
    free(c.id);
    json_decref(in);
    gc_tags_clean_up(&tags);
    gc_asp_peer_info_clean_up(&p);
    return result;
}

/* ---- the static routes ---- */

static size_t s_cidr_array(const struct gc_value *cidrs, const char **out)
{
    size_t n = 0;
    for (size_t i = 0; gc_value_is_known(cidrs) && i < gc_value_length(cidrs) && n < S_MAX_CIDRS; i++)
        if (gc_value_string(gc_value_index(cidrs, i)))
            out[n++] = gc_value_string(gc_value_index(cidrs, i));
    return n;
}

static bool s_route_domain(const char *domain)
{
    for (size_t i = 0; s_route_domains[i]; i++)
        if (strcmp(s_route_domains[i], domain) == 0)
            return true;
    return false;
}

int gc_asp_peer_routes(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id,
                       const struct gc_value *cidrs)
{
    const char *items[S_MAX_CIDRS] = {0};
    size_t n = s_cidr_array(cidrs, items);
    for (size_t i = 0; i < hub->n_domains; i++) {
        bool wanted = s_route_domain(hub->domains[i].name);
        /* isolation: no route toward the ASP in any other domain (asp above all) */
        if (gc_conn_tgw_routes_sync(op, hub->domains[i].route_table_id, att_id, items, wanted ? n : 0) != 0)
            return -1;
    }
    return 0;
}

int gc_asp_peer_unroute(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id)
{
    for (size_t i = 0; i < hub->n_domains; i++)
        if (gc_conn_tgw_routes_sync(op, hub->domains[i].route_table_id, att_id, NULL, 0) != 0)
            return -1;
    return 0;
}

int gc_asp_peer_routed_domains(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id,
                               const struct gc_value *cidrs, const char **domains, size_t *n_domains)
{
    static const char *const static_type[] = {"static"};
    const struct gc_ec2_filter f = {"type", static_type, 1};
    const char *items[S_MAX_CIDRS] = {0};
    size_t n = s_cidr_array(cidrs, items);
    int result = 0;
    *n_domains = 0;
    for (size_t d = 0; result == 0 && d < hub->n_domains; d++) {
        struct gc_ec2_tgw_route_list routes = {0};
        struct gc_aws_error err = {0};
        if (gc_ec2_tgw_route_search(op->aws, hub->domains[d].route_table_id, &f, 1, &routes, &err) != 0) {
            gc_op_aws_error(op, &err);
            result = -1;
        }
        /* the domain counts when every one of cidrs leads to the attachment there (and there is at least one) */
        bool all = result == 0 && n > 0;
        for (size_t k = 0; all && k < n; k++) {
            bool have = false;
            for (size_t i = 0; !have && i < routes.n; i++)
                have = routes.items[i].destination_cidr_block && routes.items[i].attachment_id &&
                       strcmp(routes.items[i].destination_cidr_block, items[k]) == 0 &&
                       strcmp(routes.items[i].attachment_id, att_id) == 0;
            all = have;
        }
        if (all)
            domains[(*n_domains)++] = hub->domains[d].name;
        gc_aws_error_clean_up(&err);
        gc_ec2_tgw_route_list_clean_up(&routes);
    }
    return result;
}

/* ---- waits ---- */

/* The attachment's state, NULL once it is gone. */
static int s_gone_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct gc_conn_attachment att = {0};
    bool found = false;
    (void)reason;
    *status = NULL;
    if (gc_conn_attachment_get(op, arg, &att, &found) != 0)
        return -1;
    int rc = found && att.state && !(*status = gc_strdup(att.state)) ? -1 : 0;
    gc_conn_attachment_clean_up(&att);
    return rc;
}

int gc_asp_peer_wait_settled(struct gc_op *op, const char *att_id)
{
    static const char *const target[] = {"available", "pendingAcceptance", NULL};
    static const char *const failed[] = {"failed", "failing", "rejected", "rejecting", "deleting", "deleted", NULL};
    char what[160];
    snprintf(what, sizeof what, "transit gateway peering attachment %s", att_id);
    struct gc_wait_spec w = {
        .what = what, .target = target, .failed = failed, .status = s_gone_status, .arg = (void *)att_id};
    return gc_wait_for(op, &w);
}

int gc_asp_peer_delete(struct gc_op *op, const char *att_id)
{
    struct gc_aws_error err = {0};
    char what[160];
    json_t *in = json_pack("{s:s}", "TransitGatewayAttachmentId", att_id);
    int result = -1;
    if (gc_op_call(op, &gc_op_ec2_delete_transit_gateway_peering_attachment, in, NULL, &err) != 0) {
        if (!gc_aws_op_is_not_found(&gc_op_ec2_delete_transit_gateway_peering_attachment, &err)) {
            if (err.code)
                gc_op_aws_error(op, &err);
            goto cleanup;
        }
    }
    snprintf(what, sizeof what, "transit gateway peering attachment %s", att_id);
    if (gc_wait_gone(op, what, s_gone_status, (void *)att_id) != 0)
        goto cleanup;
    GC_INFO("deleted transit gateway peering attachment %s (gcnet created it)", att_id);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    return result;
}
