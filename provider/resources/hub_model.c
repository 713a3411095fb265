#include "resources/hub_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_ec2.h"
#include "aws/gc_ram.h"
#include "base/gc_log.h"
#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "base/gc_doc.h"
#include "framework/gc_parallel.h"
#include "framework/gc_read_cache.h"

void gc_hub_clean_up(struct gc_hub *hub)
{
    if (!hub)
        return;
    free(hub->tgw_id);
    free(hub->tgw_arn);
    free(hub->owner_id);
    free(hub->municipality);
    free(hub->name);
    for (size_t i = 0; i < hub->n_domains; i++) {
        free(hub->domains[i].name);
        free(hub->domains[i].route_table_id);
    }
    free(hub->vpc_id);
    free(hub->vpc_cidr);
    for (size_t i = 0; i < GC_HUB_ZONES; i++) {
        free(hub->subnet_ids[i]);
        free(hub->zones[i]);
    }
    free(hub->attachment_id);
    free(hub->share_arn);
    free(hub->share_name);
    for (size_t i = 0; i < hub->n_principals; i++)
        free(hub->principals[i]);
    free(hub->principals);
    gc_tags_clean_up(&hub->tags);
    for (size_t i = 0; i < hub->n_dx_gateways; i++)
        free(hub->dx_gateways[i]);
    free(hub->dx_gateways);
    memset(hub, 0, sizeof(*hub));
}

struct gc_hub_domain *gc_hub_domain_find(struct gc_hub *hub, const char *name)
{
    for (size_t i = 0; name && i < hub->n_domains; i++)
        if (hub->domains[i].name && strcmp(hub->domains[i].name, name) == 0)
            return &hub->domains[i];
    return NULL;
}

json_t *gc_hub_input_tgw(const char *tgw_id)
{
    return json_pack("{s:[s]}", "TransitGatewayIds", tgw_id ? tgw_id : "");
}

json_t *gc_hub_input_route_tables(const char *tgw_id)
{
    return json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}], s:i}", "Filters", "Name", "transit-gateway-id", "Values",
                     tgw_id ? tgw_id : "", "Name", "tag-key", "Values", GC_TAG_DOMAIN, "MaxResults", 1000);
}

json_t *gc_hub_input_vpcs(const char *tgw_id)
{
    return json_pack("{s:[{s:s, s:[s]}], s:i}", "Filters", "Name", "tag:" GC_TAG_TGW, "Values", tgw_id ? tgw_id : "",
                     "MaxResults", 1000);
}

json_t *gc_hub_input_attachments(const char *tgw_id)
{
    return json_pack("{s:[{s:s, s:[s]}], s:i}", "Filters", "Name", "transit-gateway-id", "Values", tgw_id ? tgw_id : "",
                     "MaxResults", 1000);
}

json_t *gc_hub_input_propagations(const char *rt_id)
{
    return json_pack("{s:s, s:i}", "TransitGatewayRouteTableId", rt_id ? rt_id : "", "MaxResults", 1000);
}

json_t *gc_hub_input_vpc_route_tables(const char *vpc_id)
{
    return json_pack("{s:[{s:s, s:[s]}], s:i}", "Filters", "Name", "vpc-id", "Values", vpc_id ? vpc_id : "",
                     "MaxResults", 100);
}

json_t *gc_hub_input_dx_associations(const char *tgw_id)
{
    return json_pack("{s:s}", "associatedGatewayId", tgw_id ? tgw_id : "");
}

char *gc_hub_memo_of(const struct gc_hub *hub)
{
    char *text = NULL;
    json_t *list = hub->n_dx_gateways > 0 ? json_array() : NULL;
    json_t *memo = NULL;
    if (hub->n_dx_gateways == 0)
        return gc_strdup("");
    for (size_t i = 0; list && i < hub->n_dx_gateways; i++)
        if (json_array_append_new(list, json_string(hub->dx_gateways[i])) != 0)
            goto cleanup;
    if (list && (memo = json_pack("{s:i, s:O}", "v", 1, "dxgw", list)))
        text = json_dumps(memo, JSON_COMPACT);
cleanup:
    json_decref(list);
    json_decref(memo);
    return text;
}

bool gc_hub_memo_dx(struct gc_span memo)
{
    json_error_t jerr;
    json_t *doc = memo.len > 0 ? json_loadb((const char *)memo.ptr, memo.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    const json_t *v = json_object_get(doc, "v");
    const json_t *list = json_object_get(doc, "dxgw");
    bool dx = json_is_integer(v) && json_integer_value(v) == 1 && json_array_size(list) > 0 &&
              json_is_string(json_array_get(list, 0));
    json_decref(doc);
    return dx;
}

/* A describe through the read cache (scope: the TGW); *out shared, read only. -1 without err->code: no memory. */
static int s_shared(struct gc_op *op, const char *tgw_id, const struct gc_aws_op_def *def, json_t *in, json_t **out,
                    struct gc_aws_error *err)
{
    int rc = in ? gc_read_cache_call_all(op, tgw_id, def, in, out, err) : -1;
    json_decref(in);
    return rc;
}

/* The ops VPC attachment: the VPC attachment of this TGW to the ops VPC (there may be ASP attachments too), from
 * the TGW's attachment list (DescribeTransitGatewayAttachments, the list its connections share). It is matched by
 * VPC rather than by its own tags, which moto 5.2.1 does not return for attachments; the list is read beside the
 * VPC and matched once both are in. *assoc: its Association member (the ops domain's wiring), borrowed from `atts`;
 * NULL without one. */
static int s_pick_attachment(struct gc_hub *hub, const json_t *atts, const json_t **assoc)
{
    *assoc = NULL;
    const json_t *list = gc_doc_list(atts, "TransitGatewayAttachments");
    for (size_t i = 0; hub->vpc_id && i < json_array_size(list); i++) {
        const json_t *a = json_array_get(list, i);
        const char *id = gc_doc_str(a, "TransitGatewayAttachmentId");
        const char *tgw = gc_doc_str(a, "TransitGatewayId");
        const char *type = gc_doc_str(a, "ResourceType");
        const char *vpc = gc_doc_str(a, "ResourceId");
        if (!id || !tgw || strcmp(tgw, hub->tgw_id) != 0 || !type || strcmp(type, "vpc") != 0 || !vpc ||
            strcmp(vpc, hub->vpc_id) != 0 || gc_ec2_state_is_gone(gc_doc_str(a, "State")))
            continue;
        hub->attachment_id = gc_strdup(id);
        *assoc = json_object_get(a, "Association");
        return hub->attachment_id ? 0 : -1;
    }
    return 0;
}

/* The Direct Connect gateways of the TGW's live direct-connect-gateway attachments (its dx_gateway links'). */
static int s_pick_dx_gateways(struct gc_hub *hub, const json_t *atts)
{
    const json_t *list = gc_doc_list(atts, "TransitGatewayAttachments");
    hub->dx_gateways = calloc(json_array_size(list) + 1, sizeof(char *));
    if (!hub->dx_gateways)
        return -1;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *a = json_array_get(list, i);
        const char *tgw = gc_doc_str(a, "TransitGatewayId");
        const char *type = gc_doc_str(a, "ResourceType");
        const char *dxgw = gc_doc_str(a, "ResourceId");
        if (!tgw || strcmp(tgw, hub->tgw_id) != 0 || !type || strcmp(type, "direct-connect-gateway") != 0 || !dxgw ||
            gc_ec2_state_is_gone(gc_doc_str(a, "State")))
            continue;
        if (!(hub->dx_gateways[hub->n_dx_gateways] = gc_strdup(dxgw)))
            return -1;
        hub->n_dx_gateways++;
    }
    return 0;
}

/* The ops VPC (tagged with the TGW id) and its subnets: both lists are asked at once (the subnets carry the same
 * tag), the subnets kept are those of the VPC found. */
static int s_pick_vpc(struct gc_hub *hub, const struct gc_ec2_vpc_list *vpcs, const struct gc_ec2_subnet_list *subnets)
{
    if (vpcs->n > 0) {
        hub->vpc_id = gc_strdup(vpcs->items[0].id);
        hub->vpc_cidr = gc_strdup(vpcs->items[0].cidr_block);
        if (!hub->vpc_id || (vpcs->items[0].cidr_block && !hub->vpc_cidr))
            return -1;
    }
    for (size_t i = 0; hub->vpc_id && i < subnets->n && hub->n_subnets < GC_HUB_ZONES; i++) {
        if (!subnets->items[i].vpc_id || !subnets->items[i].availability_zone ||
            strcmp(subnets->items[i].vpc_id, hub->vpc_id) != 0)
            continue; /* a subnet AWS answered without a VPC or zone cannot be one of ours */
        hub->subnet_ids[hub->n_subnets] = gc_strdup(subnets->items[i].id);
        hub->zones[hub->n_subnets] = gc_strdup(subnets->items[i].availability_zone);
        hub->n_subnets++;
        if (!hub->subnet_ids[hub->n_subnets - 1] || !hub->zones[hub->n_subnets - 1])
            return -1;
    }
    return 0;
}

/* A domain is wired when the ops attachment is associated with the ops table (the attachment's own Association
 * member in the TGW's attachment list: no request of its own), or propagated into the others (each table's
 * propagations, asked with the input the hub's connections use, so that one answer serves them all). */
static bool s_is_ops(const struct gc_hub_domain *d)
{
    return strcmp(d->name, "ops") == 0;
}

static bool s_associated(const struct gc_hub_domain *d, const json_t *assoc)
{
    const char *rt = gc_doc_str(assoc, "TransitGatewayRouteTableId");
    const char *state = gc_doc_str(assoc, "State");
    return rt && strcmp(rt, d->route_table_id) == 0 && state && !gc_ec2_state_is_gone(state) &&
           strcmp(state, "disassociating") != 0;
}

static bool s_propagated(const struct gc_hub *hub, const json_t *propagations)
{
    const json_t *list = gc_doc_list(propagations, "TransitGatewayRouteTablePropagations");
    for (size_t i = 0; hub->attachment_id && i < json_array_size(list); i++) {
        const char *id = gc_doc_str(json_array_get(list, i), "TransitGatewayAttachmentId");
        const char *state = gc_doc_str(json_array_get(list, i), "State");
        if (id && strcmp(id, hub->attachment_id) == 0)
            return state && !gc_ec2_state_is_gone(state) && strcmp(state, "disabling") != 0;
    }
    return false;
}

static int s_propagations(struct gc_op *op, const char *tgw_id, const char *rt_id, json_t **doc,
                          struct gc_aws_error *err)
{
    return s_shared(op, tgw_id, &gc_op_ec2_get_transit_gateway_route_table_propagations,
                    gc_hub_input_propagations(rt_id), doc, err);
}

static int s_load_wiring(struct gc_op *op, const struct gc_hub *hub, struct gc_hub_domain *d, struct gc_aws_error *err)
{
    json_t *doc = NULL;
    int rc = s_propagations(op, hub->tgw_id, d->route_table_id, &doc, err);
    if (rc == 0)
        d->wired = s_propagated(hub, doc);
    json_decref(doc);
    return rc;
}

/* The share that holds the hub's TGW: by its ARN from the state, or (import) the one tagged with the TGW id or
 * associated with its ARN. *found false when there is none or it is deleted. */
static int s_find_share(struct gc_op *op, const struct gc_hub *hub, const char *hint, struct gc_ram_share *share,
                        bool *found, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ram_share_list list = {0};
    struct gc_ram_association_list assocs = {0};
    *found = false;
    if (hint) {
        if (gc_ram_share_get(op->aws, hint, share, found, err) != 0)
            goto cleanup;
        *found = *found && !gc_ram_status_is_gone(share->status);
        result = 0;
        goto cleanup;
    }
    /* Import: the share that holds this TGW. Shares are tagged with the TGW id, but a RAM that drops tags (moto
     * 5.2.1 does) still answers which share a resource is associated with. */
    if (gc_ram_share_list(op->aws, NULL, NULL, NULL, &list, err) != 0)
        goto cleanup;
    for (size_t i = 0; i < list.n && !*found; i++) {
        if (gc_ram_status_is_gone(list.items[i].status))
            continue;
        const char *tag = gc_tags_find(&list.items[i].tags, GC_TAG_TGW);
        bool mine = tag && strcmp(tag, hub->tgw_id) == 0;
        if (!tag) {
            gc_ram_association_list_clean_up(&assocs);
            if (gc_ram_share_associations(op->aws, list.items[i].arn, GC_RAM_ASSOC_RESOURCE, &assocs, err) != 0)
                goto cleanup;
            for (size_t k = 0; k < assocs.n && !mine; k++)
                mine = hub->tgw_arn && assocs.items[k].associated_entity &&
                       strcmp(assocs.items[k].associated_entity, hub->tgw_arn) == 0 &&
                       !gc_ram_status_is_gone(assocs.items[k].status);
            gc_ram_association_list_clean_up(&assocs);
        }
        if (!mine)
            continue;
        *found = true;
        share->arn = gc_strdup(list.items[i].arn);
        share->name = gc_strdup(list.items[i].name);
        share->allow_external_principals = list.items[i].allow_external_principals;
        share->status = gc_strdup(list.items[i].status);
        if (!share->arn || (list.items[i].name && !share->name) || (list.items[i].status && !share->status))
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_ram_share_list_clean_up(&list);
    gc_ram_association_list_clean_up(&assocs);
    return result;
}

/* The share's fields and its live principals into the hub. */
static int s_take_share(struct gc_hub *hub, const struct gc_ram_share *share,
                        const struct gc_ram_association_list *principals)
{
    hub->share_arn = gc_strdup(share->arn);
    hub->share_name = gc_strdup(share->name);
    hub->allow_external_principals = share->allow_external_principals;
    hub->principals = calloc(principals->n + 1, sizeof(char *));
    if (!hub->share_arn || (share->name && !hub->share_name) || !hub->principals)
        return -1;
    for (size_t i = 0; i < principals->n; i++) {
        const char *who = principals->items[i].associated_entity;
        if (!gc_ram_association_is_live(principals->items[i].status) || !who)
            continue;
        if (!(hub->principals[hub->n_principals] = gc_strdup(who)))
            return -1;
        hub->n_principals++;
    }
    return 0;
}

/* ---- the load: one round of every read the state's ids allow, then what the answers showed was missing ----
 *
 * Every step keeps its own answer and its own failure; nothing is reported before the TGW's answer is in, since a
 * TGW that is gone makes the other answers (empty lists, or not-found errors) meaningless. The reads by the
 * state's ids (the share's principals, each domain's wiring by its table id) are guesses: one is used only when
 * the answer it depends on (the share, the domain's table) says the id still holds; otherwise, or when the guess
 * failed, the read is made again once the id is known, as before. */

enum s_part { S_TGW, S_RTS, S_VPCS, S_SUBNETS, S_ATTS, S_SHARE, S_PRINCIPALS, S_N_PARTS };

struct s_guess {
    const char *tgw_id;
    const char *domain;
    const char *rt_id;
    json_t *doc; /* the table's propagations: shared (read cache), read only */
    int rc;
    struct gc_aws_error err;
};

struct s_load {
    struct gc_hub *hub;
    const char *tgw_id;
    const char *share_hint;
    struct gc_ec2_tgw tgw;
    bool tgw_found;
    struct gc_ec2_tgw_rt_list rts;
    struct gc_ec2_vpc_list vpcs;
    struct gc_ec2_subnet_list subnets;
    json_t *atts; /* shared (read cache): read only */
    struct gc_ram_share share;
    bool share_found;
    struct gc_ram_association_list principals;
    int rcs[S_N_PARTS];
    struct gc_aws_error errs[S_N_PARTS];
    struct s_guess guesses[GC_HUB_MAX_DOMAINS];
    size_t n_guesses;
    const char *vpc_hint; /* the ops VPC whose route tables are read for the connections (plan, refresh); or NULL */
};

struct s_part_arg {
    struct s_load *l;
    enum s_part part;
};

/* The TGW (*found false when AWS does not know it or it is deleted). */
static int s_read_tgw(struct gc_op *op, struct s_load *l, struct gc_aws_error *err)
{
    json_t *doc = NULL;
    const json_t *item = NULL;
    int rc = s_shared(op, l->tgw_id, &gc_op_ec2_describe_transit_gateways, gc_hub_input_tgw(l->tgw_id), &doc, err);
    if (rc != 0 && gc_aws_op_is_not_found(&gc_op_ec2_describe_transit_gateways, err)) {
        gc_aws_error_clean_up(err);
        rc = 0;
    }
    const json_t *list = gc_doc_list(doc, "TransitGateways");
    for (size_t i = 0; rc == 0 && !item && i < json_array_size(list); i++) {
        const char *id = gc_doc_str(json_array_get(list, i), "TransitGatewayId");
        if (id && strcmp(id, l->tgw_id) == 0)
            item = json_array_get(list, i);
    }
    if (item)
        rc = gc_bind_fill(gc_ec2_tgw_bind, &l->tgw, item);
    l->tgw_found = rc == 0 && item && !gc_ec2_state_is_gone(l->tgw.state);
    json_decref(doc);
    return rc;
}

/* A shared describe's list bound into typed items (the route tables, the VPCs). */
static int s_read_list(struct gc_op *op, const char *tgw_id, const struct gc_aws_op_def *def, json_t *in,
                       const char *list_key, const struct gc_bind_type *type, void **items, size_t *n,
                       struct gc_aws_error *err)
{
    json_t *doc = NULL;
    int rc = s_shared(op, tgw_id, def, in, &doc, err);
    if (rc == 0)
        rc = gc_bind_array_fill(type, gc_doc_list(doc, list_key), items, n);
    json_decref(doc);
    return rc;
}

static int s_part_run(struct gc_op *op, void *arg)
{
    const struct s_part_arg *a = arg;
    struct s_load *l = a->l;
    struct gc_aws_error *err = &l->errs[a->part];
    const char *tag_values[1] = {l->tgw_id};
    struct gc_ec2_filter f = {"tag:" GC_TAG_TGW, tag_values, 1};
    struct gc_ec2_select by_tag = {.filters = &f, .n_filters = 1};
    int rc = -1;
    switch (a->part) {
    case S_TGW:
        rc = s_read_tgw(op, l, err);
        break;
    case S_RTS:
        rc = s_read_list(op, l->tgw_id, &gc_op_ec2_describe_transit_gateway_route_tables,
                         gc_hub_input_route_tables(l->tgw_id), "TransitGatewayRouteTables", gc_ec2_tgw_rt_bind,
                         (void **)&l->rts.items, &l->rts.n, err);
        break;
    case S_VPCS:
        rc = s_read_list(op, l->tgw_id, &gc_op_ec2_describe_vpcs, gc_hub_input_vpcs(l->tgw_id), "Vpcs", gc_ec2_vpc_bind,
                         (void **)&l->vpcs.items, &l->vpcs.n, err);
        break;
    case S_SUBNETS:
        rc = gc_ec2_subnet_list(op->aws, &by_tag, &l->subnets, err);
        break;
    case S_ATTS:
        rc = s_shared(op, l->tgw_id, &gc_op_ec2_describe_transit_gateway_attachments,
                      gc_hub_input_attachments(l->tgw_id), &l->atts, err);
        break;
    case S_SHARE:
        rc = s_find_share(op, l->hub, l->share_hint, &l->share, &l->share_found, err);
        break;
    case S_PRINCIPALS:
        rc = gc_ram_share_associations(op->aws, l->share_hint, GC_RAM_ASSOC_PRINCIPAL, &l->principals, err);
        break;
    case S_N_PARTS:
        break;
    }
    l->rcs[a->part] = rc;
    return 0; /* judged once every answer is in (s_parts_end) */
}

static int s_guess_run(struct gc_op *op, void *arg)
{
    struct s_guess *g = arg;
    g->rc = s_propagations(op, g->tgw_id, g->rt_id, &g->doc, &g->err);
    return 0;
}

/* Only for the hub's connections and links (the hub itself does not use it): the ops VPC's route tables into the
 * read cache. A failure is left to their reads, which ask again and report it. */
static int s_prefetch_vpc_tables(struct gc_op *op, void *arg)
{
    const struct s_load *l = arg;
    struct gc_aws_error err = {0};
    json_t *doc = NULL;
    s_shared(op, l->tgw_id, &gc_op_ec2_describe_route_tables, gc_hub_input_vpc_route_tables(l->vpc_hint), &doc, &err);
    json_decref(doc);
    gc_aws_error_clean_up(&err);
    return 0;
}

/* Only for the hub's dx_gateway links (hints->dx_associations): the TGW's Direct Connect associations into the read
 * cache, with the input their reads use in a plan (onprem_dx.c). A failure is left to their reads. */
static int s_prefetch_dx(struct gc_op *op, void *arg)
{
    const struct s_load *l = arg;
    struct gc_aws_error err = {0};
    json_t *doc = NULL;
    s_shared(op, l->tgw_id, &gc_op_directconnect_describe_direct_connect_gateway_associations,
             gc_hub_input_dx_associations(l->tgw_id), &doc, &err);
    json_decref(doc);
    gc_aws_error_clean_up(&err);
    return 0;
}

/* A step's end: an AWS failure as AWS said it, else (AWS answered) a copy of the answer failed. */
static int s_step_end(struct gc_op *op, const char *tgw_id, int rc, struct gc_aws_error *err)
{
    if (rc != 0 && err->code)
        gc_op_aws_error(op, err);
    else if (rc != 0)
        gc_diags_error_at(op->diags, NULL, "Out of memory",
                          "Could not hold what AWS answered for hub %s; nothing was read partly.", tgw_id);
    gc_aws_error_clean_up(err);
    return rc;
}

/* Every failed part but the principals' guess as a diagnostic, in part order; -1 if any. */
static int s_parts_end(struct gc_op *op, struct s_load *l)
{
    int result = 0;
    for (size_t i = 0; i < S_N_PARTS; i++)
        if (i != S_PRINCIPALS && l->rcs[i] != 0 && s_step_end(op, l->tgw_id, l->rcs[i], &l->errs[i]) != 0)
            result = -1;
    return result;
}

/* The hub's TGW fields; its own fields move into the hub (no copy that could fail), the others are copied. */
static int s_take_tgw(struct gc_hub *hub, struct gc_ec2_tgw *tgw)
{
    const char *municipality = gc_tags_find(&tgw->tags, GC_TAG_MUNICIPALITY);
    const char *name = gc_tags_find(&tgw->tags, GC_TAG_HUB) ? gc_tags_find(&tgw->tags, GC_TAG_HUB) : tgw->description;
    hub->tgw_id = tgw->id;
    hub->tgw_arn = tgw->arn;
    hub->owner_id = tgw->owner_id;
    tgw->id = tgw->arn = tgw->owner_id = NULL;
    hub->asn = tgw->amazon_side_asn;
    hub->municipality = gc_strdup(municipality);
    hub->name = gc_strdup(name);
    if ((municipality && !hub->municipality) || (name && !hub->name) || gc_tags_copy(&hub->tags, &tgw->tags) != 0)
        return -1;
    gc_tagging_user_tags(&hub->tags);
    return 0;
}

struct s_wiring {
    const struct gc_hub *hub;
    struct gc_hub_domain *domain;
};

static int s_step_wiring(struct gc_op *op, void *arg)
{
    struct s_wiring *w = arg;
    struct gc_aws_error err = {0};
    return s_step_end(op, w->hub->tgw_id, s_load_wiring(op, w->hub, w->domain, &err), &err);
}

/* Each domain's wiring: ops from the attachment's association; the others from the guess made with the state's
 * table id when it still holds, else read now (all such reads at once). Nothing is wired without the ops
 * attachment. */
static int s_settle_wiring(struct gc_op *op, struct gc_hub *hub, const struct s_load *l, const json_t *assoc)
{
    struct s_wiring wiring[GC_HUB_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_HUB_MAX_DOMAINS];
    size_t n = 0;
    if (!hub->attachment_id)
        return 0;
    for (size_t i = 0; i < hub->n_domains; i++) {
        struct gc_hub_domain *d = &hub->domains[i];
        const struct s_guess *g = NULL;
        if (s_is_ops(d)) {
            d->wired = s_associated(d, assoc);
            continue;
        }
        for (size_t k = 0; !g && k < l->n_guesses; k++)
            if (l->guesses[k].rc == 0 && strcmp(l->guesses[k].domain, d->name) == 0 &&
                strcmp(l->guesses[k].rt_id, d->route_table_id) == 0)
                g = &l->guesses[k];
        if (g) {
            d->wired = s_propagated(hub, g->doc);
            continue;
        }
        wiring[n] = (struct s_wiring){hub, d};
        steps[n] = (struct gc_parallel_step){s_step_wiring, &wiring[n]};
        n++;
    }
    return n > 0 ? gc_parallel_run(op, steps, n) : 0;
}

/* The share and its principals: the guess by the state's ARN when the share found is that one, else read now. */
static int s_settle_share(struct gc_op *op, struct gc_hub *hub, struct s_load *l)
{
    struct gc_aws_error err = {0};
    if (!l->share_found)
        return 0;
    bool guessed =
        l->share_hint && l->rcs[S_PRINCIPALS] == 0 && l->share.arn && strcmp(l->share.arn, l->share_hint) == 0;
    gc_aws_error_clean_up(&l->errs[S_PRINCIPALS]);
    if (!guessed) {
        gc_ram_association_list_clean_up(&l->principals);
        if (gc_ram_share_associations(op->aws, l->share.arn, GC_RAM_ASSOC_PRINCIPAL, &l->principals, &err) != 0)
            return s_step_end(op, hub->tgw_id, -1, &err);
    }
    return s_step_end(op, hub->tgw_id, s_take_share(hub, &l->share, &l->principals), &err);
}

static void s_load_clean_up(struct s_load *l)
{
    gc_ec2_tgw_clean_up(&l->tgw);
    gc_ec2_tgw_rt_list_clean_up(&l->rts);
    gc_ec2_vpc_list_clean_up(&l->vpcs);
    gc_ec2_subnet_list_clean_up(&l->subnets);
    json_decref(l->atts);
    gc_ram_share_clean_up(&l->share);
    gc_ram_association_list_clean_up(&l->principals);
    for (size_t i = 0; i < S_N_PARTS; i++)
        gc_aws_error_clean_up(&l->errs[i]);
    for (size_t i = 0; i < l->n_guesses; i++) {
        json_decref(l->guesses[i].doc);
        gc_aws_error_clean_up(&l->guesses[i].err);
    }
}

/* The hub's domains from the route tables listed (one per routing-domain tag; deleted ones skipped). */
static int s_take_domains(struct gc_hub *hub, const struct gc_ec2_tgw_rt_list *rts)
{
    for (size_t i = 0; i < rts->n && hub->n_domains < GC_HUB_MAX_DOMAINS; i++) {
        const char *domain = gc_tags_find(&rts->items[i].tags, GC_TAG_DOMAIN);
        const char *tgw = rts->items[i].tgw_id;
        /* strict even if a server ignores a filter: this TGW's tables that carry the tag */
        if (!domain || !tgw || strcmp(tgw, hub->tgw_id) != 0 || gc_ec2_state_is_gone(rts->items[i].state) ||
            gc_hub_domain_find(hub, domain))
            continue;
        struct gc_hub_domain *d = &hub->domains[hub->n_domains];
        d->name = gc_strdup(domain);
        d->route_table_id = gc_strdup(rts->items[i].id);
        hub->n_domains++;
        if (!d->name || !d->route_table_id)
            return -1;
    }
    return 0;
}

/* One round: the TGW, its route tables, VPC, subnets, attachments and RAM share, and by the state's ids the share's
 * principals and each domain's wiring (1 round trip instead of 4: the state names every id). Then what a guess
 * could not give (a domain whose table changed, an import's share), and nothing more when nothing changed.
 *
 * In a plan or refresh the round also asks what the hub's connections and links read after it (Terraform reads them
 * once the hub's read is done), with their very inputs through the read cache: the ops table's propagations (the
 * hub's own ops wiring is the attachment's association) and the ops VPC's route tables by the state's VPC id. Their
 * reads then cost no round trip of their own; a hub without connections pays 2 requests in the same round. When the
 * hub's memo says Direct Connect gateways were attached (hints->dx_associations, from its private bytes), the round
 * also asks the TGW's Direct Connect associations for its dx_gateway links; a hub without links asks nothing more. */
int gc_hub_load_hinted(struct gc_op *op, const char *tgw_id, const struct gc_hub_hints *hints, struct gc_hub *hub,
                       bool *found)
{
    int result = -1;
    struct gc_aws_error err = {0};
    bool shared = gc_read_cache_read_only(op);
    struct s_load l = {.hub = hub,
                       .tgw_id = tgw_id,
                       .share_hint = hints ? hints->share_arn : NULL,
                       .vpc_hint = shared && hints ? hints->vpc_id : NULL};
    struct s_part_arg args[S_N_PARTS];
    struct gc_parallel_step steps[S_N_PARTS + GC_HUB_MAX_DOMAINS + 2];
    const json_t *assoc = NULL;
    size_t n = 0;
    *found = false;
    for (size_t i = 0; i < S_N_PARTS; i++) {
        args[i] = (struct s_part_arg){&l, (enum s_part)i};
        /* an import has no share ARN: its share is looked up by the TGW, which that step waits for */
        if ((i == S_SHARE || i == S_PRINCIPALS) && !l.share_hint)
            continue;
        steps[n++] = (struct gc_parallel_step){s_part_run, &args[i]};
    }
    for (size_t i = 0; hints && i < hints->n_domains && l.n_guesses < GC_HUB_MAX_DOMAINS; i++) {
        /* the ops table's propagations are the connections' only (the hub's ops wiring is its association) */
        if (!hints->domains[i] || !hints->route_table_ids[i] || (strcmp(hints->domains[i], "ops") == 0 && !shared))
            continue;
        struct s_guess *g = &l.guesses[l.n_guesses++];
        g->tgw_id = tgw_id;
        g->domain = hints->domains[i];
        g->rt_id = hints->route_table_ids[i];
        steps[n++] = (struct gc_parallel_step){s_guess_run, g};
    }
    if (l.vpc_hint)
        steps[n++] = (struct gc_parallel_step){s_prefetch_vpc_tables, &l};
    if (shared && hints && hints->dx_associations)
        steps[n++] = (struct gc_parallel_step){s_prefetch_dx, &l};
    if (gc_parallel_run(op, steps, n) != 0)
        goto cleanup;
    if (l.rcs[S_TGW] != 0) {
        s_step_end(op, tgw_id, -1, &l.errs[S_TGW]);
        goto cleanup;
    }
    if (!l.tgw_found) {
        result = 0;
        goto cleanup;
    }
    *found = true;
    if (s_take_tgw(hub, &l.tgw) != 0) {
        s_step_end(op, tgw_id, -1, &err);
        goto cleanup;
    }
    if (!l.share_hint)
        s_part_run(op, &args[S_SHARE]);
    if (s_parts_end(op, &l) != 0)
        goto cleanup;
    if (s_take_domains(hub, &l.rts) != 0 || s_pick_vpc(hub, &l.vpcs, &l.subnets) != 0 ||
        s_pick_attachment(hub, l.atts, &assoc) != 0 || s_pick_dx_gateways(hub, l.atts) != 0) {
        s_step_end(op, tgw_id, -1, &err);
        goto cleanup;
    }
    if (s_settle_share(op, hub, &l) != 0 || s_settle_wiring(op, hub, &l, assoc) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    s_load_clean_up(&l);
    return result;
}

int gc_hub_load(struct gc_op *op, const char *tgw_id, const char *share_arn_hint, struct gc_hub *hub, bool *found)
{
    struct gc_hub_hints hints = {.share_arn = share_arn_hint};
    return gc_hub_load_hinted(op, tgw_id, &hints, hub, found);
}
