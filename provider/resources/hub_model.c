#include "resources/hub_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_ec2.h"
#include "aws/gc_ram.h"
#include "base/gc_log.h"
#include "framework/gc_parallel.h"

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
    memset(hub, 0, sizeof(*hub));
}

struct gc_hub_domain *gc_hub_domain_find(struct gc_hub *hub, const char *name)
{
    for (size_t i = 0; name && i < hub->n_domains; i++)
        if (hub->domains[i].name && strcmp(hub->domains[i].name, name) == 0)
            return &hub->domains[i];
    return NULL;
}

static int s_load_domains(struct gc_op *op, struct gc_hub *hub, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ec2_tgw_rt_list rts = {0};
    if (gc_ec2_tgw_rt_list_tagged(op->aws, hub->tgw_id, GC_TAG_DOMAIN, &rts, err) != 0)
        goto cleanup;
    for (size_t i = 0; i < rts.n && hub->n_domains < GC_HUB_MAX_DOMAINS; i++) {
        const char *domain = gc_tags_find(&rts.items[i].tags, GC_TAG_DOMAIN);
        if (!domain || gc_ec2_state_is_gone(rts.items[i].state) || gc_hub_domain_find(hub, domain))
            continue;
        struct gc_hub_domain *d = &hub->domains[hub->n_domains];
        d->name = gc_strdup(domain);
        d->route_table_id = gc_strdup(rts.items[i].id);
        hub->n_domains++;
        if (!d->name || !d->route_table_id)
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_ec2_tgw_rt_list_clean_up(&rts);
    return result;
}

/* The ops VPC attachment: the attachment of this TGW to the ops VPC (there may be ASP attachments too).
 * It is matched by VPC rather than by its own tags, which moto 5.2.1 does not return for attachments; the list is
 * read beside the VPC and matched once both are in. */
static int s_pick_attachment(struct gc_hub *hub, const struct gc_ec2_tgw_vpc_attachment_list *atts)
{
    for (size_t i = 0; i < atts->n; i++) {
        const struct gc_ec2_tgw_vpc_attachment *a = &atts->items[i];
        if (gc_ec2_state_is_gone(a->state) || !hub->vpc_id || !a->vpc_id || strcmp(a->vpc_id, hub->vpc_id) != 0)
            continue;
        hub->attachment_id = gc_strdup(a->id);
        return hub->attachment_id ? 0 : -1;
    }
    return 0;
}

static int s_load_vpc(struct gc_op *op, struct gc_hub *hub, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ec2_vpc_list vpcs = {0};
    struct gc_ec2_subnet_list subnets = {0};
    const char *tag_values[1] = {hub->tgw_id};
    struct gc_ec2_filter f = {"tag:" GC_TAG_TGW, tag_values, 1};
    struct gc_ec2_select by_tag = {.filters = &f, .n_filters = 1};
    if (gc_ec2_vpc_list(op->aws, &by_tag, &vpcs, err) != 0)
        goto cleanup;
    if (vpcs.n > 0) {
        hub->vpc_id = gc_strdup(vpcs.items[0].id);
        hub->vpc_cidr = gc_strdup(vpcs.items[0].cidr_block);
        if (!hub->vpc_id || (vpcs.items[0].cidr_block && !hub->vpc_cidr))
            goto cleanup;
    }
    if (!hub->vpc_id) {
        result = 0;
        goto cleanup;
    }
    if (gc_ec2_subnet_list(op->aws, &by_tag, &subnets, err) != 0)
        goto cleanup;
    for (size_t i = 0; i < subnets.n && hub->n_subnets < GC_HUB_ZONES; i++) {
        if (!subnets.items[i].vpc_id || !subnets.items[i].availability_zone ||
            strcmp(subnets.items[i].vpc_id, hub->vpc_id) != 0)
            continue; /* a subnet AWS answered without a VPC or zone cannot be one of ours */
        hub->subnet_ids[hub->n_subnets] = gc_strdup(subnets.items[i].id);
        hub->zones[hub->n_subnets] = gc_strdup(subnets.items[i].availability_zone);
        hub->n_subnets++;
        if (!hub->subnet_ids[hub->n_subnets - 1] || !hub->zones[hub->n_subnets - 1])
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_ec2_vpc_list_clean_up(&vpcs);
    gc_ec2_subnet_list_clean_up(&subnets);
    return result;
}

/* A domain is wired when the ops attachment is associated with the ops table, or propagated into the others. */
static int s_load_wiring(struct gc_op *op, const struct gc_hub *hub, struct gc_hub_domain *d, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ec2_tgw_rt_link_list links = {0};
    bool ops = strcmp(d->name, "ops") == 0;
    int rc = ops ? gc_ec2_tgw_rt_associations(op->aws, d->route_table_id, &links, err)
                 : gc_ec2_tgw_rt_propagations(op->aws, d->route_table_id, &links, err);
    if (rc != 0)
        goto cleanup;
    const struct gc_ec2_tgw_rt_link *l = gc_ec2_tgw_rt_link_find(&links, hub->attachment_id);
    d->wired = l && l->state && !gc_ec2_state_is_gone(l->state) && strcmp(l->state, "disassociating") != 0 &&
               strcmp(l->state, "disabling") != 0;
    result = 0;
cleanup:
    gc_ec2_tgw_rt_link_list_clean_up(&links);
    return result;
}

static int s_load_share(struct gc_op *op, struct gc_hub *hub, const char *hint, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ram_share share = {0};
    struct gc_ram_share_list list = {0};
    struct gc_ram_association_list assocs = {0};
    bool found = false;
    if (hint) {
        if (gc_ram_share_get(op->aws, hint, &share, &found, err) != 0)
            goto cleanup;
    } else {
        /* Import: the share that holds this TGW. Shares are tagged with the TGW id, but a RAM that drops tags
         * (moto 5.2.1 does) still answers which share a resource is associated with. */
        if (gc_ram_share_list(op->aws, NULL, NULL, NULL, &list, err) != 0)
            goto cleanup;
        for (size_t i = 0; i < list.n && !found; i++) {
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
            found = true;
            share.arn = gc_strdup(list.items[i].arn);
            share.name = gc_strdup(list.items[i].name);
            share.allow_external_principals = list.items[i].allow_external_principals;
            share.status = gc_strdup(list.items[i].status);
            if (!share.arn || (list.items[i].name && !share.name) || (list.items[i].status && !share.status))
                goto cleanup;
        }
    }
    if (!found || gc_ram_status_is_gone(share.status)) {
        result = 0;
        goto cleanup;
    }
    hub->share_arn = gc_strdup(share.arn);
    hub->share_name = gc_strdup(share.name);
    hub->allow_external_principals = share.allow_external_principals;
    if (!hub->share_arn || (share.name && !hub->share_name))
        goto cleanup;
    if (gc_ram_share_associations(op->aws, share.arn, GC_RAM_ASSOC_PRINCIPAL, &assocs, err) != 0)
        goto cleanup;
    hub->principals = calloc(assocs.n + 1, sizeof(char *));
    if (!hub->principals)
        goto cleanup;
    for (size_t i = 0; i < assocs.n; i++) {
        const char *who = assocs.items[i].associated_entity;
        bool live = gc_ram_association_is_live(assocs.items[i].status);
        if (!live || !who)
            continue;
        if (!(hub->principals[hub->n_principals] = gc_strdup(who)))
            goto cleanup;
        hub->n_principals++;
    }
    result = 0;
cleanup:
    gc_ram_share_clean_up(&share);
    gc_ram_share_list_clean_up(&list);
    gc_ram_association_list_clean_up(&assocs);
    return result;
}

/* ---- the load's steps: each writes its own fields of the hub and reports its own failure ---- */

struct s_load {
    struct gc_hub *hub;
    const char *share_hint;
    struct gc_ec2_tgw_vpc_attachment_list atts;
};

struct s_wiring {
    const struct gc_hub *hub;
    struct gc_hub_domain *domain;
};

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

static int s_step_domains(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    struct gc_aws_error err = {0};
    return s_step_end(op, l->hub->tgw_id, s_load_domains(op, l->hub, &err), &err);
}

static int s_step_vpc(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    struct gc_aws_error err = {0};
    return s_step_end(op, l->hub->tgw_id, s_load_vpc(op, l->hub, &err), &err);
}

static int s_step_attachments(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    struct gc_aws_error err = {0};
    int rc = gc_ec2_tgw_vpc_attachment_list_by_tgw(op->aws, l->hub->tgw_id, &l->atts, &err);
    return s_step_end(op, l->hub->tgw_id, rc, &err);
}

static int s_step_share(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    struct gc_aws_error err = {0};
    return s_step_end(op, l->hub->tgw_id, s_load_share(op, l->hub, l->share_hint, &err), &err);
}

static int s_step_wiring(struct gc_op *op, void *arg)
{
    struct s_wiring *w = arg;
    struct gc_aws_error err = {0};
    return s_step_end(op, w->hub->tgw_id, s_load_wiring(op, w->hub, w->domain, &err), &err);
}

/* Every domain's wiring at once (one call each, once the ops attachment is known). */
static int s_load_all_wiring(struct gc_op *op, struct gc_hub *hub)
{
    struct s_wiring wiring[GC_HUB_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_HUB_MAX_DOMAINS];
    if (!hub->attachment_id)
        return 0;
    for (size_t i = 0; i < hub->n_domains; i++) {
        wiring[i] = (struct s_wiring){hub, &hub->domains[i]};
        steps[i] = (struct gc_parallel_step){s_step_wiring, &wiring[i]};
    }
    return gc_parallel_run(op, steps, hub->n_domains);
}

/* After the TGW (its tags name the hub): its route tables, VPC and subnets, attachments and RAM share are
 * independent and read at once; then each domain's wiring, also at once. 4 round trips instead of 11. */
int gc_hub_load(struct gc_op *op, const char *tgw_id, const char *share_arn_hint, struct gc_hub *hub, bool *found)
{
    int result = -1;
    struct gc_ec2_tgw tgw = {0};
    struct gc_aws_error err = {0};
    struct s_load load = {hub, share_arn_hint, {0}};
    *found = false;
    if (gc_ec2_tgw_get(op->aws, tgw_id, &tgw, found, &err) != 0) {
        s_step_end(op, tgw_id, -1, &err);
        goto cleanup;
    }
    if (!*found) {
        result = 0;
        goto cleanup;
    }
    const char *municipality = gc_tags_find(&tgw.tags, GC_TAG_MUNICIPALITY);
    const char *name = gc_tags_find(&tgw.tags, GC_TAG_HUB) ? gc_tags_find(&tgw.tags, GC_TAG_HUB) : tgw.description;
    /* the TGW's fields move into the hub (no copy that could fail); the others are copied and checked */
    hub->tgw_id = tgw.id;
    hub->tgw_arn = tgw.arn;
    hub->owner_id = tgw.owner_id;
    tgw.id = tgw.arn = tgw.owner_id = NULL;
    hub->asn = tgw.amazon_side_asn;
    hub->municipality = gc_strdup(municipality);
    hub->name = gc_strdup(name);
    if ((municipality && !hub->municipality) || (name && !hub->name) || gc_tags_copy(&hub->tags, &tgw.tags) != 0) {
        s_step_end(op, tgw_id, -1, &err);
        goto cleanup;
    }
    gc_tagging_user_tags(&hub->tags);
    const struct gc_parallel_step parts[] = {
        {s_step_domains, &load},
        {s_step_vpc, &load},
        {s_step_attachments, &load},
        {s_step_share, &load},
    };
    if (gc_parallel_run(op, parts, sizeof parts / sizeof parts[0]) != 0)
        goto cleanup;
    if (s_pick_attachment(hub, &load.atts) != 0) {
        s_step_end(op, tgw_id, -1, &err);
        goto cleanup;
    }
    if (s_load_all_wiring(op, hub) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_clean_up(&tgw);
    gc_ec2_tgw_vpc_attachment_list_clean_up(&load.atts);
    return result;
}
