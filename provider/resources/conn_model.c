#include "resources/conn_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_ec2.h"
#include "base/gc_buf.h"
#include "base/gc_log.h"
#include "framework/gc_import.h"
#include "framework/gc_parallel.h"
#include "framework/gc_read_cache.h"
#include "framework/gc_wait.h"
#include "resources/dns_check.h"
#include "resources/hub_model.h"

#define S_TAG_VALUE_MAX 256

static char *s_strndup(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

/* ---- the hub ---- */

void gc_conn_hub_clean_up(struct gc_conn_hub *hub)
{
    if (!hub)
        return;
    free(hub->tgw_id);
    free(hub->tgw_owner_id);
    free(hub->municipality);
    for (size_t i = 0; i < hub->n_domains; i++) {
        free(hub->domains[i].name);
        free(hub->domains[i].route_table_id);
    }
    free(hub->vpc_id);
    free(hub->vpc_cidr);
    for (size_t i = 0; i < hub->n_vpc_route_tables; i++)
        free(hub->vpc_route_table_ids[i]);
    memset(hub, 0, sizeof(*hub));
}

const char *gc_conn_hub_table(const struct gc_conn_hub *hub, const char *domain)
{
    for (size_t i = 0; hub && domain && i < hub->n_domains; i++)
        if (strcmp(hub->domains[i].name, domain) == 0)
            return hub->domains[i].route_table_id;
    return NULL;
}

const char *gc_conn_hub_domain_of(const struct gc_conn_hub *hub, const char *route_table_id)
{
    for (size_t i = 0; hub && route_table_id && i < hub->n_domains; i++)
        if (strcmp(hub->domains[i].route_table_id, route_table_id) == 0)
            return hub->domains[i].name;
    return NULL;
}

int gc_conn_hub_require(struct gc_op *op, const struct gc_conn_hub *hub, const char *const *domains)
{
    int result = 0;
    for (size_t i = 0; domains[i]; i++) {
        if (gc_conn_hub_table(hub, domains[i]))
            continue;
        gc_diags_error_at(op->diags, "hub_id", "Routing domain missing",
                          "Hub %s has no route table for the routing domain \"%s\" (tag " GC_TAG_DOMAIN
                          "): add it to the hub's routing_domains, or apply the hub to repair it.",
                          hub->tgw_id, domains[i]);
        result = -1;
    }
    if (!hub->vpc_id) {
        gc_diags_error_at(op->diags, "hub_id", "Operations VPC missing",
                          "Hub %s has no operations VPC (a VPC tagged " GC_TAG_TGW "=%s): apply the hub first.",
                          hub->tgw_id, hub->tgw_id);
        result = -1;
    }
    return result;
}

int gc_conn_hub_load_required(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, const char *const *domains)
{
    bool found = false;
    if (gc_conn_hub_load(op, tgw_id, hub, &found) != 0)
        return -1;
    return gc_conn_hub_check_required(op, tgw_id, found, hub, domains);
}

int gc_conn_hub_check_required(struct gc_op *op, const char *tgw_id, bool found, const struct gc_conn_hub *hub,
                               const char *const *domains)
{
    if (!found) {
        gc_diags_error_at(op->diags, "hub_id", "Hub not found",
                          "Transit Gateway %s does not exist in this account and region (or it is deleted).", tgw_id);
        return -1;
    }
    return gc_conn_hub_require(op, hub, domains);
}

/* ---- reads shared by a hub's connections (framework/gc_read_cache.h) ----
 *
 * Every describe of the load and of a read's wiring goes through the provider's read cache with the hub's TGW id
 * as its scope: a refresh of many connections of one hub makes each of them once (a page each), whatever the
 * number of connections. The waits and the write paths' own looks (s_link_state, s_attachment_describe) do not:
 * a poll must see AWS move. */

/* A describe of the hub's through the cache; an error becomes a diagnostic. Owned, shared *out (read only). */
static int s_cached(struct gc_op *op, const char *tgw_id, const struct gc_aws_op_def *def, json_t *in, json_t **out)
{
    struct gc_aws_error err = {0};
    int result = -1;
    *out = NULL;
    if (!in) {
        gc_diags_error_at(op->diags, "hub_id", "Out of memory", "Could not build the %s request for hub %s.", def->name,
                          tgw_id);
        return -1;
    }
    if (gc_read_cache_call_all(op, tgw_id, def, in, out, &err) != 0)
        gc_op_aws_error(op, &err);
    else
        result = 0;
    gc_aws_error_clean_up(&err);
    json_decref(in);
    return result;
}

static int s_load_domains(struct gc_op *op, void *arg)
{
    struct gc_conn_hub *hub = arg;
    json_t *out = NULL;
    int result = -1;
    json_t *in = gc_hub_input_route_tables(hub->tgw_id); /* the hub's read fills the same key */
    if (s_cached(op, hub->tgw_id, &gc_op_ec2_describe_transit_gateway_route_tables, in, &out) != 0)
        goto cleanup;
    const json_t *rts = gc_doc_list(out, "TransitGatewayRouteTables");
    for (size_t i = 0; i < json_array_size(rts) && hub->n_domains < GC_CONN_MAX_DOMAINS; i++) {
        const json_t *rt = json_array_get(rts, i);
        const char *id = gc_doc_str(rt, "TransitGatewayRouteTableId");
        const char *rt_tgw = gc_doc_str(rt, "TransitGatewayId");
        const char *domain = gc_doc_tag(rt, GC_TAG_DOMAIN);
        /* strict even if a server ignores a filter: this TGW's tables that carry the tag */
        if (!domain || !id || !rt_tgw || strcmp(rt_tgw, hub->tgw_id) != 0 ||
            gc_ec2_state_is_gone(gc_doc_str(rt, "State")) || gc_conn_hub_table(hub, domain))
            continue;
        struct gc_conn_domain *d = &hub->domains[hub->n_domains];
        d->name = gc_strdup(domain);
        d->route_table_id = gc_strdup(id);
        if (!d->name || !d->route_table_id) {
            free(d->name);
            free(d->route_table_id);
            d->name = d->route_table_id = NULL;
            gc_diags_error_at(op->diags, "hub_id", "Out of memory", "Could not read the route tables of hub %s.",
                              hub->tgw_id);
            goto cleanup;
        }
        hub->n_domains++;
    }
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

/* ---- the ops VPC's tables as this process first saw them (gc_read_cache_get_kept) ----
 *
 * Which route tables the ops VPC has, and its routes at that moment (all but `local`): gcnet adds and removes
 * routes toward the TGW, never a table, so in an apply the tables' ids need not be asked again after each write
 * (each ask returns every route of the tables: one per connection, so bytes read per create would grow with the
 * number of connections). The routes serve gc_conn_hub_load_ranges as candidates, each confirmed afresh. In a plan or
 * refresh the fill shares the whole tables' cached answer (gc_conn_vpc_tables): no extra request. */

struct s_facts {
    struct gc_op *op;
    const char *tgw_id;
    const char *vpc_id;
};

/* The tables' ids and their routes but `local`. NULL when memory ran out. */
static json_t *s_facts_of(const json_t *full)
{
    json_t *tables = json_array();
    json_t *doc = tables ? json_pack("{s:o}", "RouteTables", tables) : NULL;
    const json_t *list = gc_doc_list(full, "RouteTables");
    for (size_t i = 0; doc && i < json_array_size(list); i++) {
        const json_t *t = json_array_get(list, i);
        const json_t *routes = gc_doc_list(t, "Routes");
        json_t *kept = json_array();
        json_t *item =
            kept ? json_pack("{s:s?, s:o}", "RouteTableId", gc_doc_str(t, "RouteTableId"), "Routes", kept) : NULL;
        bool ok = item != NULL;
        for (size_t k = 0; ok && k < json_array_size(routes); k++) {
            json_t *r = json_array_get(routes, k);
            const char *gw = gc_doc_str(r, "GatewayId");
            ok = (gw && strcmp(gw, "local") == 0) || json_array_append(kept, r) == 0;
        }
        if (!ok || json_array_append_new(tables, item) != 0) {
            if (!ok)
                json_decref(item);
            json_decref(doc);
            doc = NULL;
        }
    }
    return doc;
}

static int s_facts_fill(void *arg, json_t **doc, struct gc_aws_error *err)
{
    const struct s_facts *f = arg;
    json_t *full = NULL, *in = gc_hub_input_vpc_route_tables(f->vpc_id);
    int rc = -1;
    *doc = NULL;
    if (!in)
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_describe_route_tables.name, "OutOfMemory", "out of memory");
    else if (gc_read_cache_call_all(f->op, f->tgw_id, &gc_op_ec2_describe_route_tables, in, &full, err) == 0 &&
             !(*doc = s_facts_of(full)))
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_describe_route_tables.name, "OutOfMemory", "out of memory");
    rc = *doc ? 0 : -1;
    json_decref(in);
    json_decref(full);
    return rc;
}

/* The kept document {RouteTables: [{RouteTableId, Routes: [every route but local]}]}; an error becomes a
 * diagnostic. Shared: read it, then json_decref. */
static int s_vpc_facts(struct gc_op *op, const char *tgw_id, const char *vpc_id, json_t **out)
{
    struct s_facts f = {op, tgw_id, vpc_id};
    struct gc_aws_error err = {0};
    char kind[160];
    int result = 0;
    snprintf(kind, sizeof kind, "ops VPC tables as first seen %s", vpc_id);
    if (gc_read_cache_get_kept(op->provider ? op->provider->read_cache : NULL, tgw_id, kind, s_facts_fill, &f, out,
                               &err) != 0) {
        if (err.code)
            gc_op_aws_error(op, &err);
        else
            gc_diags_error_at(op->diags, "hub_id", "Out of memory", "Could not read the ops VPC %s.", vpc_id);
        result = -1;
    }
    gc_aws_error_clean_up(&err);
    return result;
}

static int s_load_vpc(struct gc_op *op, void *arg)
{
    struct gc_conn_hub *hub = arg;
    int result = -1;
    json_t *vpcs = NULL, *tables = NULL;
    json_t *in = gc_hub_input_vpcs(hub->tgw_id);
    if (s_cached(op, hub->tgw_id, &gc_op_ec2_describe_vpcs, in, &vpcs) != 0)
        goto cleanup;
    const json_t *vpc = json_array_get(gc_doc_list(vpcs, "Vpcs"), 0);
    const char *vpc_id = gc_doc_str(vpc, "VpcId");
    const char *cidr = gc_doc_str(vpc, "CidrBlock");
    if (!vpc_id) {
        result = 0;
        goto cleanup;
    }
    hub->vpc_id = gc_strdup(vpc_id);
    hub->vpc_cidr = cidr ? gc_strdup(cidr) : NULL;
    if (!hub->vpc_id || (cidr && !hub->vpc_cidr))
        goto oom;
    if (s_vpc_facts(op, hub->tgw_id, hub->vpc_id, &tables) != 0)
        goto cleanup;
    const json_t *list = gc_doc_list(tables, "RouteTables");
    for (size_t i = 0; i < json_array_size(list) && hub->n_vpc_route_tables < GC_CONN_MAX_VPC_TABLES; i++) {
        const char *id = gc_doc_str(json_array_get(list, i), "RouteTableId");
        if (!id)
            continue;
        if (!(hub->vpc_route_table_ids[hub->n_vpc_route_tables] = gc_strdup(id)))
            goto oom;
        hub->n_vpc_route_tables++;
    }
    result = 0;
    goto cleanup;
oom:
    gc_diags_error_at(op->diags, "hub_id", "Out of memory", "Could not read the ops VPC of hub %s.", hub->tgw_id);
cleanup:
    json_decref(vpcs);
    json_decref(tables);
    return result;
}

/* The TGW: *found false when AWS does not know it or it is deleted. */
static int s_load_tgw(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found)
{
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    json_t *in = gc_hub_input_tgw(tgw_id);
    int result = -1;
    *found = false;
    if (!in)
        goto oom;
    if (gc_read_cache_call_all(op, tgw_id, &gc_op_ec2_describe_transit_gateways, in, &out, &err) != 0) {
        if (gc_aws_op_is_not_found(&gc_op_ec2_describe_transit_gateways, &err))
            result = 0;
        else
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *tgw = NULL;
    const json_t *list = gc_doc_list(out, "TransitGateways");
    for (size_t i = 0; !tgw && i < json_array_size(list); i++) {
        const char *id = gc_doc_str(json_array_get(list, i), "TransitGatewayId");
        if (id && strcmp(id, tgw_id) == 0)
            tgw = json_array_get(list, i);
    }
    if (!tgw || gc_ec2_state_is_gone(gc_doc_str(tgw, "State"))) {
        result = 0;
        goto cleanup;
    }
    const char *owner = gc_doc_str(tgw, "OwnerId");
    const char *municipality = gc_doc_tag(tgw, GC_TAG_MUNICIPALITY);
    const char *association = gc_doc_str(tgw, "Options.DefaultRouteTableAssociation");
    hub->no_default_association = association && strcmp(association, "disable") == 0;
    hub->tgw_owner_id = owner ? gc_strdup(owner) : NULL;
    hub->municipality = municipality ? gc_strdup(municipality) : NULL;
    if ((owner && !hub->tgw_owner_id) || (municipality && !hub->municipality))
        goto oom;
    *found = true;
    result = 0;
    goto cleanup;
oom:
    gc_diags_error_at(op->diags, "hub_id", "Could not read the hub", "Reading hub %s failed: out of memory.", tgw_id);
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return result;
}

struct s_prefetch {
    const char *tgw_id;
    const char *rt_id;
};

/* Work that needs only part of the hub, started as soon as that part is in (gc_conn_hub_load_ranges). Each hook
 * runs in the step that loaded its part; a hook's failure is that step's. */
struct s_hub_hooks {
    gc_parallel_fn *domains; /* once the domains' route tables are known */
    gc_parallel_fn *vpc;     /* once the ops VPC and its tables are known */
    void *arg;
};

struct s_hub_load {
    struct gc_op *op; /* the caller's: the TGW step reports on it, the others on their own lists */
    const char *tgw_id;
    struct gc_conn_hub *hub;
    bool wiring;                     /* also fill each domain's propagations into the read cache */
    const struct s_hub_hooks *hooks; /* NULL: none */
    bool tgw_ran, found;
    int tgw_rc;
    struct s_prefetch prefetch[GC_CONN_MAX_DOMAINS];
};

static int s_hub_step_tgw(struct gc_op *op, void *arg)
{
    struct s_hub_load *l = arg;
    (void)op;
    l->tgw_ran = true;
    l->tgw_rc = s_load_tgw(l->op, l->tgw_id, l->hub, &l->found);
    return 0;
}

/* A prefetch: the answer goes into the read cache for the wiring read (gc_conn_wiring_read); a failure is left to
 * that read, which asks again and reports it. */
static int s_prefetch_propagations(struct gc_op *op, void *arg)
{
    const struct s_prefetch *p = arg;
    struct gc_aws_error err = {0};
    json_t *out = NULL, *in = gc_hub_input_propagations(p->rt_id);
    if (in)
        gc_read_cache_call_all(op, p->tgw_id, &gc_op_ec2_get_transit_gateway_route_table_propagations, in, &out, &err);
    json_decref(in);
    json_decref(out);
    gc_aws_error_clean_up(&err);
    return 0;
}

static int s_hub_step_domains(struct gc_op *op, void *arg)
{
    struct s_hub_load *l = arg;
    struct gc_parallel_step steps[GC_CONN_MAX_DOMAINS];
    size_t n = 0;
    if (s_load_domains(op, l->hub) != 0)
        return -1;
    if (l->hooks && l->hooks->domains && l->hooks->domains(op, l->hooks->arg) != 0)
        return -1;
    if (!l->wiring || !gc_read_cache_read_only(op))
        return 0;
    for (size_t i = 0; i < l->hub->n_domains && n < GC_CONN_MAX_DOMAINS; i++) {
        l->prefetch[n] = (struct s_prefetch){l->tgw_id, l->hub->domains[i].route_table_id};
        steps[n] = (struct gc_parallel_step){s_prefetch_propagations, &l->prefetch[n]};
        n++;
    }
    return gc_parallel_run(op, steps, n);
}

static int s_hub_step_vpc(struct gc_op *op, void *arg)
{
    struct s_hub_load *l = arg;
    if (s_load_vpc(op, l->hub) != 0)
        return -1;
    return l->hooks && l->hooks->vpc ? l->hooks->vpc(op, l->hooks->arg) : 0;
}

/* The TGW, its route tables and its ops VPC (+ the VPC's tables) at once: 1 round trip, 2 the first time a hub's
 * VPC is read. The tables' and the VPC's diagnostics count only when the TGW exists: for a TGW that is gone their
 * answers mean nothing. */
static int s_hub_load(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found, bool wiring,
                      const struct s_hub_hooks *hooks)
{
    struct s_hub_load l = {.op = op, .tgw_id = tgw_id, .hub = hub, .wiring = wiring, .hooks = hooks};
    const struct gc_parallel_step parts[] = {{s_hub_step_tgw, &l}, {s_hub_step_domains, &l}, {s_hub_step_vpc, &l}};
    struct gc_diags others;
    struct gc_op quiet = *op;
    int result = -1;
    *found = false;
    gc_diags_init(&others);
    quiet.diags = &others;
    /* the tables' and the VPC's filters name the TGW before its answer is in */
    if (!(hub->tgw_id = gc_strdup(tgw_id))) {
        gc_diags_error_at(op->diags, "hub_id", "Could not read the hub", "Reading hub %s failed: out of memory.",
                          tgw_id);
        goto cleanup;
    }
    int rc = gc_parallel_run(&quiet, parts, sizeof parts / sizeof parts[0]);
    if (!l.tgw_ran) {
        gc_diags_move(op->diags, &others); /* cancelled before the TGW was asked */
        goto cleanup;
    }
    if (l.tgw_rc != 0)
        goto cleanup; /* the TGW's own failure is on op */
    if (!l.found) {
        gc_conn_hub_clean_up(hub); /* gone: nothing of it is kept */
        result = 0;
        goto cleanup;
    }
    gc_diags_move(op->diags, &others);
    if (rc != 0)
        goto cleanup;
    *found = true;
    result = 0;
cleanup:
    gc_diags_clean_up(&others);
    return result;
}

int gc_conn_hub_load(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found)
{
    return s_hub_load(op, tgw_id, hub, found, false, NULL);
}

int gc_conn_hub_load_for_read(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found)
{
    return s_hub_load(op, tgw_id, hub, found, true, NULL);
}

/* ---- the attachment ---- */

void gc_conn_attachment_clean_up(struct gc_conn_attachment *att)
{
    if (!att)
        return;
    free(att->id);
    free(att->tgw_id);
    free(att->state);
    free(att->resource_type);
    free(att->resource_id);
    free(att->resource_owner);
    free(att->assoc_table);
    free(att->assoc_state);
    gc_tags_clean_up(&att->tags);
    memset(att, 0, sizeof(*att));
}

static int s_dup_member(char **out, const json_t *doc, const char *path)
{
    const char *s = gc_doc_str(doc, path);
    *out = s ? gc_strdup(s) : NULL;
    return s && !*out ? -1 : 0;
}

static int s_attachment_fill(struct gc_conn_attachment *att, const json_t *item)
{
    int rc = 0;
    rc |= s_dup_member(&att->id, item, "TransitGatewayAttachmentId");
    rc |= s_dup_member(&att->tgw_id, item, "TransitGatewayId");
    rc |= s_dup_member(&att->state, item, "State");
    rc |= s_dup_member(&att->resource_type, item, "ResourceType");
    rc |= s_dup_member(&att->resource_id, item, "ResourceId");
    rc |= s_dup_member(&att->resource_owner, item, "ResourceOwnerId");
    const char *assoc_state = gc_doc_str(item, "Association.State");
    if (assoc_state && !gc_ec2_state_is_gone(assoc_state)) {
        rc |= s_dup_member(&att->assoc_table, item, "Association.TransitGatewayRouteTableId");
        rc |= s_dup_member(&att->assoc_state, item, "Association.State");
    }
    rc |= gc_tags_add_list(&att->tags, gc_doc_list(item, "Tags"));
    return rc ? -1 : 0;
}

/* The attachment as listed (deleted ones too): *listed false when AWS does not know it. */
static int s_attachment_describe(struct gc_op *op, const char *id, struct gc_conn_attachment *att, bool *listed)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *in = json_pack("{s:[s]}", "TransitGatewayAttachmentIds", id ? id : "");
    json_t *out = NULL;
    *listed = false;
    gc_conn_attachment_clean_up(att);
    if (!in)
        goto cleanup;
    if (gc_aws_op_call(op->aws, &gc_op_ec2_describe_transit_gateway_attachments, in, &out, &err) != 0) {
        if (gc_aws_op_is_not_found(&gc_op_ec2_describe_transit_gateway_attachments, &err))
            result = 0;
        else
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *item = gc_doc_find(out, "TransitGatewayAttachments", "TransitGatewayAttachmentId", id);
    if (item && s_attachment_fill(att, item) != 0)
        goto cleanup;
    *listed = item != NULL;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Could not read the attachment", "Reading attachment %s failed.",
                          id ? id : "");
    if (result != 0)
        gc_conn_attachment_clean_up(att);
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return result;
}

int gc_conn_attachment_get(struct gc_op *op, const char *id, struct gc_conn_attachment *att, bool *found)
{
    bool listed = false;
    if (s_attachment_describe(op, id, att, &listed) != 0)
        return -1;
    *found = listed && !gc_ec2_state_is_gone(att->state);
    return 0;
}

/* A wait's look at an attachment; `att` keeps the last answer (NULL: not kept). */
struct s_att_wait {
    const char *id;
    struct gc_conn_attachment *att;
};

static int s_attachment_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct s_att_wait *w = arg;
    struct gc_conn_attachment own = {0};
    struct gc_conn_attachment *att = w->att ? w->att : &own;
    bool listed = false;
    (void)reason;
    *status = NULL;
    if (s_attachment_describe(op, w->id, att, &listed) != 0)
        return -1;
    int rc = 0;
    if (listed && att->state && !(*status = gc_strdup(att->state)))
        rc = -1;
    gc_conn_attachment_clean_up(&own);
    return rc;
}

static int s_wait_available(struct gc_op *op, const char *id, struct gc_conn_attachment *att)
{
    static const char *const target[] = {"available", NULL};
    static const char *const failed[] = {"failed", "failing", "rejected", "rejecting", "deleting", "deleted", NULL};
    char what[160];
    struct s_att_wait aw = {id, att};
    snprintf(what, sizeof what, "transit gateway attachment %s", id);
    struct gc_wait_spec w = {
        .what = what, .target = target, .failed = failed, .status = s_attachment_status, .arg = &aw};
    return gc_wait_for(op, &w);
}

int gc_conn_attachment_wait_available(struct gc_op *op, const char *id)
{
    return s_wait_available(op, id, NULL);
}

int gc_conn_attachment_accept(struct gc_op *op, struct gc_conn_attachment *att, const struct gc_conn_hub *hub)
{
    int result = -1;
    struct gc_aws_error err = {0};
    struct gc_ec2_tgw_vpc_attachment answer = {0};
    char *id = att->id ? gc_strdup(att->id) : NULL;
    if (!id) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not accept an attachment.");
        goto cleanup;
    }
    if (att->state && strcmp(att->state, "pendingAcceptance") == 0) {
        GC_INFO("accepting transit gateway attachment %s of account %s", id,
                att->resource_owner ? att->resource_owner : "?");
        /* IncorrectState: no longer pendingAcceptance, e.g. a retry after a lost answer met the first accept; the
         * wait below tells accepted from rejected */
        if (gc_ec2_tgw_vpc_attachment_accept(op->aws, id, &answer, &err) != 0 &&
            !gc_aws_error_is(&err, "IncorrectState")) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        /* this accept made it available: a TGW that associates nothing by default left it unassociated */
        bool done = !err.code && answer.state && strcmp(answer.state, "available") == 0 && hub &&
                    hub->no_default_association && !att->assoc_table;
        if (done) {
            char *available = gc_strdup("available");
            if (!available) {
                gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not accept attachment %s.", id);
                goto cleanup;
            }
            free(att->state);
            att->state = available;
            result = 0;
            goto cleanup;
        }
    }
    if (att->state && strcmp(att->state, "available") == 0) {
        result = 0; /* as read: nothing to wait for */
        goto cleanup;
    }
    result = s_wait_available(op, id, att);
cleanup:
    gc_ec2_tgw_vpc_attachment_clean_up(&answer);
    gc_aws_error_clean_up(&err);
    free(id);
    return result;
}

int gc_conn_attachment_accept_vpc(struct gc_op *op, const char *id)
{
    struct gc_conn_attachment att = {0};
    bool found = false;
    int result = -1;
    if (gc_conn_attachment_get(op, id, &att, &found) != 0)
        goto cleanup;
    if (!att.id && !(att.id = gc_strdup(id))) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not accept attachment %s.", id);
        goto cleanup;
    }
    result = gc_conn_attachment_accept(op, &att, NULL);
cleanup:
    gc_conn_attachment_clean_up(&att);
    return result;
}

/* ---- a connection's read (refresh), through the read cache ---- */

/* The item of `list` whose `member` is `id`, or NULL. */
static const json_t *s_item_by(const json_t *list, const char *member, const char *id)
{
    for (size_t i = 0; id && i < json_array_size(list); i++) {
        const char *v = gc_doc_str(json_array_get(list, i), member);
        if (v && strcmp(v, id) == 0)
            return json_array_get(list, i);
    }
    return NULL;
}

int gc_conn_attachment_find(struct gc_op *op, const char *tgw_id, const char *id, struct gc_conn_attachment *att,
                            bool *found)
{
    json_t *out = NULL;
    int result = -1;
    *found = false;
    gc_conn_attachment_clean_up(att);
    /* the hub's whole list only where it is shared (a plan or refresh); in an apply, by id */
    if (!tgw_id || !gc_read_cache_read_only(op))
        return gc_conn_attachment_get(op, id, att, found);
    json_t *in = gc_hub_input_attachments(tgw_id);
    if (s_cached(op, tgw_id, &gc_op_ec2_describe_transit_gateway_attachments, in, &out) != 0)
        goto cleanup;
    const json_t *item = s_item_by(gc_doc_list(out, "TransitGatewayAttachments"), "TransitGatewayAttachmentId", id);
    if (!item) {
        /* not (or no longer) the hub's: ask about the attachment itself */
        result = gc_conn_attachment_get(op, id, att, found);
        goto cleanup;
    }
    if (s_attachment_fill(att, item) != 0) {
        gc_conn_attachment_clean_up(att);
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read attachment %s.", id);
        goto cleanup;
    }
    *found = !gc_ec2_state_is_gone(att->state);
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

struct s_read_load {
    const char *tgw_id;
    const char *att_id;
    struct gc_conn_hub *hub;
    struct gc_conn_attachment *att;
    bool hub_found;
    bool att_found;
};

static int s_read_step_att(struct gc_op *op, void *arg)
{
    struct s_read_load *l = arg;
    return gc_conn_attachment_find(op, l->tgw_id, l->att_id, l->att, &l->att_found);
}

static int s_read_step_hub(struct gc_op *op, void *arg)
{
    struct s_read_load *l = arg;
    return gc_conn_hub_load_for_read(op, l->tgw_id, l->hub, &l->hub_found);
}

int gc_conn_read_load(struct gc_op *op, const char *tgw_hint, const char *att_id, struct gc_conn_hub *hub,
                      struct gc_conn_attachment *att, bool *found)
{
    struct s_read_load l = {.tgw_id = tgw_hint, .att_id = att_id, .hub = hub, .att = att};
    const struct gc_parallel_step steps[] = {{s_read_step_att, &l}, {s_read_step_hub, &l}};
    *found = false;
    if (tgw_hint && gc_parallel_run(op, steps, sizeof steps / sizeof steps[0]) != 0)
        return -1;
    if (!tgw_hint && s_read_step_att(op, &l) != 0)
        return -1;
    if (!l.att_found || !att->tgw_id)
        return 0; /* the ASP deleted its attachment: the connection is gone */
    if (!tgw_hint || strcmp(att->tgw_id, tgw_hint) != 0) {
        gc_conn_hub_clean_up(hub);
        if (gc_conn_hub_load_for_read(op, att->tgw_id, hub, &l.hub_found) != 0)
            return -1;
    }
    *found = l.hub_found;
    return 0;
}

struct s_wiring_read {
    const struct gc_conn_hub *hub;
    const char *att_id;
    bool *propagated;
    json_t **vpc_tables;
};

struct s_wiring_domain {
    struct s_wiring_read *w;
    size_t index;
};

/* Whether the attachment propagates into one domain's table (enabling or enabled), from the table's cached list. */
static int s_wiring_step_domain(struct gc_op *op, void *arg)
{
    const struct s_wiring_domain *d = arg;
    const struct gc_conn_hub *hub = d->w->hub;
    const char *rt_id = hub->domains[d->index].route_table_id;
    if (!gc_read_cache_read_only(op)) /* in an apply: this attachment's link only (the table's whole list is stale) */
        return gc_conn_propagated(op, d->w->att_id, rt_id, &d->w->propagated[d->index]);
    json_t *out = NULL;
    json_t *in = gc_hub_input_propagations(rt_id);
    if (s_cached(op, hub->tgw_id, &gc_op_ec2_get_transit_gateway_route_table_propagations, in, &out) != 0)
        return -1;
    const json_t *item =
        s_item_by(gc_doc_list(out, "TransitGatewayRouteTablePropagations"), "TransitGatewayAttachmentId", d->w->att_id);
    const char *state = gc_doc_str(item, "State");
    d->w->propagated[d->index] = state && !gc_ec2_state_is_gone(state) && strcmp(state, "disabling") != 0;
    json_decref(out);
    return 0;
}

static int s_wiring_step_vpc(struct gc_op *op, void *arg)
{
    struct s_wiring_read *w = arg;
    return w->hub->vpc_id ? gc_conn_vpc_tables(op, w->hub, w->vpc_tables) : 0;
}

int gc_conn_wiring_read(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id,
                        bool propagated[GC_CONN_MAX_DOMAINS], json_t **vpc_tables)
{
    struct s_wiring_read w = {.hub = hub, .att_id = att_id, .propagated = propagated, .vpc_tables = vpc_tables};
    struct s_wiring_domain domains[GC_CONN_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_CONN_MAX_DOMAINS + 1];
    size_t n = 0;
    *vpc_tables = NULL;
    for (size_t i = 0; i < hub->n_domains && i < GC_CONN_MAX_DOMAINS; i++) {
        propagated[i] = false;
        domains[i] = (struct s_wiring_domain){&w, i};
        steps[n++] = (struct gc_parallel_step){s_wiring_step_domain, &domains[i]};
    }
    steps[n++] = (struct gc_parallel_step){s_wiring_step_vpc, &w};
    if (gc_parallel_run(op, steps, n) != 0) {
        json_decref(*vpc_tables);
        *vpc_tables = NULL;
        return -1;
    }
    return 0;
}

/* ---- association and propagation ---- */

struct s_link_wait {
    const char *att_id;
    const char *rt_id;
    bool propagation;
};

/* The attachment's link with the table, asked with the attachment filter: one item however many attachments the
 * table has (a wait polls this; without the filter each poll would list every connection of the hub). */
static int s_link_state(struct gc_op *op, const struct s_link_wait *w, char **state)
{
    const struct gc_aws_op_def *def = w->propagation ? &gc_op_ec2_get_transit_gateway_route_table_propagations
                                                     : &gc_op_ec2_get_transit_gateway_route_table_associations;
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    json_t *in = json_pack("{s:s, s:[{s:s, s:[s]}]}", "TransitGatewayRouteTableId", w->rt_id, "Filters", "Name",
                           "transit-gateway-attachment-id", "Values", w->att_id);
    int rc = -1;
    *state = NULL;
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.", def->name);
    } else if (gc_aws_op_call_all(op->aws, def, in, &out, &err) != 0) {
        gc_op_aws_error(op, &err);
    } else {
        /* strict even if a server ignores the filter */
        const json_t *item =
            s_item_by(gc_doc_list(out, w->propagation ? "TransitGatewayRouteTablePropagations" : "Associations"),
                      "TransitGatewayAttachmentId", w->att_id);
        const char *st = gc_doc_str(item, "State");
        rc = 0;
        if (st && !gc_ec2_state_is_gone(st) && !(*state = gc_strdup(st))) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read the %s answer.", def->name);
            rc = -1;
        }
    }
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return rc;
}

static int s_link_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    (void)reason;
    return s_link_state(op, arg, status);
}

static int s_link_wait(struct gc_op *op, struct s_link_wait *w, bool gone)
{
    static const char *const associated[] = {"associated", NULL};
    static const char *const enabled[] = {"enabled", NULL};
    char what[200];
    snprintf(what, sizeof what, "%s of %s %s %s", w->propagation ? "propagation" : "association", w->att_id,
             w->propagation ? "into" : "with", w->rt_id);
    if (gone)
        return gc_wait_gone(op, what, s_link_status, w);
    struct gc_wait_spec spec = {
        .what = what, .target = w->propagation ? enabled : associated, .status = s_link_status, .arg = w};
    return gc_wait_for(op, &spec);
}

int gc_conn_disassociate(struct gc_op *op, const char *att_id, const char *rt_id)
{
    struct s_link_wait w = {att_id, rt_id, false};
    struct gc_aws_error err = {0};
    char *state = NULL;
    int result = -1;
    if (s_link_state(op, &w, &state) != 0)
        goto cleanup;
    if (state && strcmp(state, "disassociating") != 0 &&
        gc_ec2_tgw_rt_disassociate(op->aws, rt_id, att_id, NULL, &err) != 0 && !gc_ec2_error_is_not_found(&err) &&
        !gc_aws_error_is(&err, "InvalidAssociation.NotFound")) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = state ? s_link_wait(op, &w, true) : 0;
cleanup:
    free(state);
    gc_aws_error_clean_up(&err);
    return result;
}

int gc_conn_associate(struct gc_op *op, const char *att_id, const char *rt_id)
{
    struct gc_conn_attachment att = {0};
    struct gc_aws_error err = {0};
    struct s_link_wait w = {att_id, rt_id, false};
    bool found = false;
    int result = -1;
    if (gc_conn_attachment_get(op, att_id, &att, &found) != 0)
        goto cleanup;
    if (att.assoc_table && strcmp(att.assoc_table, rt_id) != 0) {
        GC_WARN("attachment %s is associated with %s: moving it to %s", att_id, att.assoc_table, rt_id);
        if (gc_conn_disassociate(op, att_id, att.assoc_table) != 0)
            goto cleanup;
    }
    if ((!att.assoc_table || strcmp(att.assoc_table, rt_id) != 0) &&
        gc_ec2_tgw_rt_associate(op->aws, rt_id, att_id, NULL, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = s_link_wait(op, &w, false);
cleanup:
    gc_aws_error_clean_up(&err);
    gc_conn_attachment_clean_up(&att);
    return result;
}

int gc_conn_propagated(struct gc_op *op, const char *att_id, const char *rt_id, bool *yes)
{
    struct s_link_wait w = {att_id, rt_id, true};
    char *state = NULL;
    int rc = s_link_state(op, &w, &state);
    *yes = state && strcmp(state, "disabling") != 0;
    free(state);
    return rc;
}

/* Whether a failed enable (`on`) or disable of a propagation finds it done already, as a retry after a lost answer
 * does: Duplicate on, not-found off. */
static bool s_propagation_settled(const struct gc_aws_error *err, bool on)
{
    return on ? gc_aws_error_is(err, "TransitGatewayRouteTablePropagation.Duplicate")
              : gc_ec2_error_is_not_found(err) || gc_aws_error_is(err, "InvalidPropagation.NotFound");
}

/* Turns the propagation of `att_id` into `rt_id` on or off and waits for it to settle (s_propagation_settled for a
 * retry's answer); off does not wait for a propagation that was not there. */
static int s_propagation_set(struct gc_op *op, const char *att_id, const char *rt_id, bool on)
{
    struct s_link_wait w = {att_id, rt_id, true};
    struct gc_aws_error err = {0};
    bool yes = false;
    int result = -1;
    if (gc_conn_propagated(op, att_id, rt_id, &yes) != 0)
        goto cleanup;
    if (yes != on) {
        int rc = on ? gc_ec2_tgw_rt_propagation_enable(op->aws, rt_id, att_id, NULL, &err)
                    : gc_ec2_tgw_rt_propagation_disable(op->aws, rt_id, att_id, NULL, &err);
        if (rc != 0 && !s_propagation_settled(&err, on)) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
    }
    result = on || yes ? s_link_wait(op, &w, !on) : 0;
cleanup:
    gc_aws_error_clean_up(&err);
    return result;
}

int gc_conn_propagate(struct gc_op *op, const char *att_id, const char *rt_id)
{
    return s_propagation_set(op, att_id, rt_id, true);
}

int gc_conn_unpropagate(struct gc_op *op, const char *att_id, const char *rt_id)
{
    return s_propagation_set(op, att_id, rt_id, false);
}

/* ---- a connection's wiring at once (conn_model.h) ---- */

void gc_conn_wiring_clean_up(struct gc_conn_wiring *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < GC_CONN_MAX_DOMAINS; i++) {
        free(w->on_state[i]);
        free(w->off_state[i]);
        w->on_state[i] = w->off_state[i] = NULL;
    }
}

struct s_look {
    const char *att_id;
    const char *rt_id;
    char **state;
};

static int s_look_step(struct gc_op *op, void *arg)
{
    struct s_look *l = arg;
    struct s_link_wait w = {l->att_id, l->rt_id, true};
    return s_link_state(op, &w, l->state);
}

int gc_conn_wire_look(struct gc_op *op, struct gc_conn_wiring *w, const struct gc_parallel_step *with, size_t n_with)
{
    struct s_look looks[2 * GC_CONN_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_PARALLEL_MAX_STEPS];
    size_t n = 0, n_looks = 0;
    if (w->n_on > GC_CONN_MAX_DOMAINS || w->n_off > GC_CONN_MAX_DOMAINS ||
        w->n_on + w->n_off + n_with > GC_PARALLEL_MAX_STEPS) {
        gc_diags_error_at(op->diags, NULL, "Internal error", "Too many wiring steps for attachment %s.", w->att_id);
        return -1;
    }
    for (size_t i = 0; i < w->n_on + w->n_off; i++) {
        bool on = i < w->n_on;
        size_t k = on ? i : i - w->n_on;
        char **state = on ? &w->on_state[k] : &w->off_state[k];
        free(*state);
        *state = NULL;
        looks[n_looks] = (struct s_look){w->att_id, on ? w->on[k] : w->off[k], state};
        steps[n++] = (struct gc_parallel_step){s_look_step, &looks[n_looks++]};
    }
    for (size_t i = 0; i < n_with; i++)
        steps[n++] = with[i];
    return gc_parallel_run(op, steps, n);
}

/* One link of the wiring: what is written, and what the one wait awaits. */
struct s_wire_link {
    struct s_link_wait link;
    const char *moved_from; /* an association with another table, removed first */
    enum { S_WRITE_NONE, S_WRITE_ASSOCIATE, S_WRITE_ENABLE, S_WRITE_DISABLE } write;
    bool gone;    /* awaited until gone (a disabled propagation), else until associated / enabled */
    bool pending; /* still awaited */
    char *status; /* the last poll's answer */
};

/* A write's own answer already in the awaited state: that link needs no poll (issue 9 §2). AWS answers a new
 * association "associating" and a propagation "enabling", so against AWS the wait still polls; an answer lost and
 * tolerated on retry (Duplicate, NotFound) has no state and is polled as before. */
static bool s_answer_done(const struct s_wire_link *l, const char *state)
{
    if (!state)
        return false;
    if (l->gone)
        return gc_ec2_state_is_gone(state);
    return strcmp(state, l->link.propagation ? "enabled" : "associated") == 0;
}

static int s_wire_write(struct gc_op *op, void *arg)
{
    struct s_wire_link *l = arg;
    struct gc_aws_error err = {0};
    struct gc_ec2_tgw_rt_link answer = {0};
    int rc = 0;
    const char *att = l->link.att_id, *rt = l->link.rt_id;
    switch (l->write) {
    case S_WRITE_ASSOCIATE:
        if (l->moved_from) {
            GC_WARN("attachment %s is associated with %s: moving it to %s", att, l->moved_from, rt);
            if (gc_conn_disassociate(op, att, l->moved_from) != 0)
                return -1;
        }
        rc = gc_ec2_tgw_rt_associate(op->aws, rt, att, &answer, &err);
        break;
    case S_WRITE_ENABLE:
        rc = gc_ec2_tgw_rt_propagation_enable(op->aws, rt, att, &answer, &err);
        if (rc != 0 && s_propagation_settled(&err, true))
            rc = 0; /* a retry after a lost answer */
        break;
    case S_WRITE_DISABLE:
        rc = gc_ec2_tgw_rt_propagation_disable(op->aws, rt, att, &answer, &err);
        if (rc != 0 && s_propagation_settled(&err, false))
            rc = 0;
        break;
    case S_WRITE_NONE:
        break;
    }
    if (rc != 0)
        gc_op_aws_error(op, &err);
    else if (s_answer_done(l, answer.state))
        l->pending = false;
    gc_ec2_tgw_rt_link_clean_up(&answer);
    gc_aws_error_clean_up(&err);
    return rc ? -1 : 0;
}

static int s_wire_poll_step(struct gc_op *op, void *arg)
{
    struct s_wire_link *l = arg;
    free(l->status);
    l->status = NULL;
    return s_link_state(op, &l->link, &l->status);
}

struct s_wire_wait {
    struct s_wire_link *links;
    size_t n;
    char *what; /* rewritten by each poll: what is still awaited (gc_op_wait's timeout message) */
    size_t what_cap;
};

static void s_wire_describe(const struct s_wire_link *l, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s of %s %s %s", l->link.propagation ? "propagation" : "association", l->link.att_id,
             l->link.propagation ? "into" : "with", l->link.rt_id);
}

/* One round of the one wait: every pending link read at once (one request each), then judged as gc_wait judges. */
static int s_wire_poll(struct gc_op *op, void *arg, bool *done)
{
    static const char *const associated[] = {"associated", NULL};
    static const char *const enabled[] = {"enabled", NULL};
    struct s_wire_wait *ww = arg;
    struct gc_parallel_step steps[GC_PARALLEL_MAX_STEPS];
    size_t n = 0;
    for (size_t i = 0; i < ww->n && n < GC_PARALLEL_MAX_STEPS; i++)
        if (ww->links[i].pending)
            steps[n++] = (struct gc_parallel_step){s_wire_poll_step, &ww->links[i]};
    if (gc_parallel_run(op, steps, n) != 0)
        return -1;
    size_t used = 0;
    ww->what[0] = '\0';
    *done = true;
    for (size_t i = 0; i < ww->n; i++) {
        struct s_wire_link *l = &ww->links[i];
        if (!l->pending)
            continue;
        char what[200];
        s_wire_describe(l, what, sizeof what);
        struct gc_wait_spec spec = {.what = what,
                                    .target = l->gone ? NULL : (l->link.propagation ? enabled : associated)};
        enum gc_wait_step step = gc_wait_decide(&spec, l->status);
        if (step == GC_WAIT_FAILED || step == GC_WAIT_UNEXPECTED) {
            gc_diags_error_at(op->diags, NULL, "AWS object failed", "%s entered state \"%s\".", what, l->status);
            return -1;
        }
        if (step == GC_WAIT_DONE) {
            l->pending = false;
            continue;
        }
        *done = false;
        int w = snprintf(ww->what + used, ww->what_cap - used, "%s%s", used ? ", " : "", what);
        if (w > 0 && (size_t)w < ww->what_cap - used)
            used += (size_t)w;
    }
    if (!*done)
        snprintf(ww->what + used, ww->what_cap - used, " to finish");
    return 0;
}

/* The writes at once, then ONE wait for every link they started (or found under way). */
static int s_wire_links(struct gc_op *op, void *arg)
{
    struct gc_conn_wiring *w = arg;
    struct s_wire_link links[2 * GC_CONN_MAX_DOMAINS + 1];
    struct gc_parallel_step steps[2 * GC_CONN_MAX_DOMAINS + 1] = {{NULL, NULL}};
    char what[1024];
    size_t n = 0, n_writes = 0;
    int result = -1;
    memset(links, 0, sizeof links);
    if (w->assoc_rt) {
        struct s_wire_link *l = &links[n++];
        l->link = (struct s_link_wait){w->att_id, w->assoc_rt, false};
        bool here = w->assoc_now && strcmp(w->assoc_now, w->assoc_rt) == 0;
        l->moved_from = w->assoc_now && !here ? w->assoc_now : NULL;
        l->write = here ? S_WRITE_NONE : S_WRITE_ASSOCIATE;
        l->pending = !(here && w->assoc_state && strcmp(w->assoc_state, "associated") == 0);
    }
    for (size_t i = 0; i < w->n_on + w->n_off; i++) {
        bool on = i < w->n_on;
        size_t k = on ? i : i - w->n_on;
        const char *state = on ? w->on_state[k] : w->off_state[k];
        bool propagated = state && strcmp(state, "disabling") != 0; /* as gc_conn_propagated */
        struct s_wire_link *l = &links[n++];
        l->link = (struct s_link_wait){w->att_id, on ? w->on[k] : w->off[k], true};
        l->gone = !on;
        if (on) {
            l->write = propagated ? S_WRITE_NONE : S_WRITE_ENABLE;
            l->pending = !(state && strcmp(state, "enabled") == 0);
        } else {
            l->write = propagated ? S_WRITE_DISABLE : S_WRITE_NONE;
            l->pending = propagated;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (links[i].write != S_WRITE_NONE)
            steps[n_writes++] = (struct gc_parallel_step){s_wire_write, &links[i]};
    if (n_writes > 0 && gc_parallel_run(op, steps, n_writes) != 0)
        goto cleanup;
    bool any = false;
    for (size_t i = 0; i < n; i++)
        any = any || links[i].pending;
    snprintf(what, sizeof what, "the wiring of attachment %s", w->att_id);
    struct s_wire_wait ww = {links, n, what, sizeof what};
    if (any && gc_op_wait(op, what, s_wire_poll, &ww) != 0)
        goto cleanup;
    result = 0;
cleanup:
    for (size_t i = 0; i < n; i++)
        free(links[i].status);
    return result;
}

int gc_conn_wire_apply(struct gc_op *op, struct gc_conn_wiring *w, const struct gc_parallel_step *beside,
                       size_t n_beside)
{
    struct gc_parallel_step steps[GC_PARALLEL_MAX_STEPS];
    size_t n = 0;
    if (n_beside + 1 > GC_PARALLEL_MAX_STEPS) {
        gc_diags_error_at(op->diags, NULL, "Internal error", "Too many wiring steps for attachment %s.", w->att_id);
        return -1;
    }
    steps[n++] = (struct gc_parallel_step){s_wire_links, w};
    for (size_t i = 0; i < n_beside; i++)
        steps[n++] = beside[i];
    return gc_parallel_run(op, steps, n);
}

/* ---- static routes in TGW route tables ---- */

static bool s_in(const char *s, const char *const *items, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (items[i] && strcmp(items[i], s) == 0)
            return true;
    return false;
}

int gc_conn_tgw_routes_sync(struct gc_op *op, const char *rt_id, const char *att_id, const char *const *cidrs, size_t n)
{
    static const char *const static_type[] = {"static"};
    const char *const att[] = {att_id};
    /* removing only (a delete): only this attachment's routes matter, so only they are asked for (the table holds
     * every static route of the domain); adding needs the whole table, to see a range taken by another */
    const struct gc_ec2_filter f[] = {{"type", static_type, 1}, {"attachment.transit-gateway-attachment-id", att, 1}};
    struct gc_ec2_tgw_route_list routes = {0};
    struct gc_aws_error err = {0};
    int result = -1;
    if (gc_ec2_tgw_route_search(op->aws, rt_id, f, n == 0 ? 2 : 1, &routes, &err) != 0)
        goto fail;
    for (size_t i = 0; i < routes.n; i++) {
        const struct gc_ec2_tgw_route *r = &routes.items[i];
        bool ours = r->attachment_id && strcmp(r->attachment_id, att_id) == 0;
        if (ours && !s_in(r->destination_cidr_block, cidrs, n) &&
            gc_ec2_tgw_route_delete(op->aws, rt_id, r->destination_cidr_block, &err) != 0)
            goto fail;
    }
    for (size_t k = 0; k < n; k++) {
        const struct gc_ec2_tgw_route *have = NULL;
        for (size_t i = 0; !have && i < routes.n; i++)
            if (routes.items[i].destination_cidr_block && strcmp(routes.items[i].destination_cidr_block, cidrs[k]) == 0)
                have = &routes.items[i];
        if (have && have->attachment_id && strcmp(have->attachment_id, att_id) == 0)
            continue;
        if (have) {
            gc_diags_error_at(op->diags, NULL, "Route taken",
                              "TGW route table %s already routes %s to %s; gcnet does not take over a route it did not "
                              "make. Remove that route or choose another range.",
                              rt_id, cidrs[k], have->attachment_id ? have->attachment_id : "a blackhole");
            goto cleanup;
        }
        if (gc_ec2_tgw_route_create(op->aws, rt_id, cidrs[k], att_id, NULL, &err) != 0)
            goto fail;
    }
    result = 0;
    goto cleanup;
fail:
    gc_op_aws_error(op, &err);
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_route_list_clean_up(&routes);
    return result;
}

/* ---- the ops VPC's routes ---- */

int gc_conn_vpc_tables(struct gc_op *op, const struct gc_conn_hub *hub, json_t **tables)
{
    return s_cached(op, hub->tgw_id, &gc_op_ec2_describe_route_tables, gc_hub_input_vpc_route_tables(hub->vpc_id),
                    tables);
}

/* The route to `cidr` in VPC route table `rt_id` of a DescribeRouteTables answer, or NULL. */
static const json_t *s_vpc_route(const json_t *tables, const char *rt_id, const char *cidr)
{
    return gc_doc_find(gc_doc_find(tables, "RouteTables", "RouteTableId", rt_id), "Routes", "DestinationCidrBlock",
                       cidr);
}

static bool s_to_tgw(const json_t *route, const char *tgw_id)
{
    const char *t = gc_doc_str(route, "TransitGatewayId");
    return route && t && tgw_id && strcmp(t, tgw_id) == 0;
}

static const char *s_route_target(const json_t *route)
{
    static const char *const members[] = {"TransitGatewayId",   "GatewayId",  "NatGatewayId", "VpcPeeringConnectionId",
                                          "NetworkInterfaceId", "InstanceId", "VpcEndpointId"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (gc_doc_str(route, members[i]))
            return gc_doc_str(route, members[i]);
    return "a blackhole";
}

bool gc_conn_vpc_routed(const json_t *tables, const struct gc_conn_hub *hub, const char *cidr)
{
    if (hub->n_vpc_route_tables == 0)
        return false;
    for (size_t i = 0; i < hub->n_vpc_route_tables; i++)
        if (!s_to_tgw(s_vpc_route(tables, hub->vpc_route_table_ids[i], cidr), hub->tgw_id))
            return false;
    return true;
}

/* The route for `cidr` in route table `rt_id` now (asked afresh, not through the read cache): *target its target
 * (owned; NULL when the table has no such route). 0, or -1 with a diagnostic. */
static int s_vpc_route_now(struct gc_op *op, const char *rt_id, const char *cidr, char **target)
{
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    json_t *in = json_pack("{s:[s]}", "RouteTableIds", rt_id);
    int result = -1;
    *target = NULL;
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read route table %s.", rt_id);
    } else if (gc_aws_op_call(op->aws, &gc_op_ec2_describe_route_tables, in, &out, &err) != 0) {
        gc_op_aws_error(op, &err);
    } else {
        const json_t *route = s_vpc_route(out, rt_id, cidr);
        result = 0;
        if (route && !(*target = gc_strdup(s_route_target(route)))) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read route table %s.", rt_id);
            result = -1;
        }
    }
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return result;
}

/* DeleteRoute (`tgw_id` NULL: one already gone is fine) or CreateRoute toward `tgw_id`; *exists (CreateRoute
 * only) when the table already has a route for `cidr`, which the caller judges. */
static int s_vpc_route_call(struct gc_op *op, const struct gc_aws_op_def *def, const char *rt_id, const char *cidr,
                            const char *tgw_id, bool *exists)
{
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    json_t *in = tgw_id ? json_pack("{s:s, s:s, s:s}", "RouteTableId", rt_id, "DestinationCidrBlock", cidr,
                                    "TransitGatewayId", tgw_id)
                        : json_pack("{s:s, s:s}", "RouteTableId", rt_id, "DestinationCidrBlock", cidr);
    int rc = in ? gc_aws_op_call(op->aws, def, in, &out, &err) : -1;
    if (exists)
        *exists = false;
    if (rc != 0 && in && !tgw_id && gc_aws_op_is_not_found(def, &err)) {
        rc = 0;
    } else if (rc != 0 && in && tgw_id && exists && gc_aws_error_is(&err, "RouteAlreadyExists")) {
        *exists = true;
        rc = 0;
    } else if (rc != 0 && in) {
        gc_op_aws_error(op, &err);
    } else if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.", def->name);
    }
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return rc;
}

int gc_conn_vpc_route_add(struct gc_op *op, const struct gc_conn_hub *hub, const char *cidr, const char *path)
{
    int result = 0;
    /* made without a look first: a table's routes are one per connection, so reading them for every create would
     * read more the more connections the hub has; a route that is there already is looked at (a retry after a
     * lost answer, an interrupted create, or another network's route) */
    for (size_t i = 0; result == 0 && i < hub->n_vpc_route_tables; i++) {
        const char *rt = hub->vpc_route_table_ids[i];
        char *target = NULL;
        bool exists = false;
        if (s_vpc_route_call(op, &gc_op_ec2_create_route, rt, cidr, hub->tgw_id, &exists) != 0 ||
            (exists && s_vpc_route_now(op, rt, cidr, &target) != 0)) {
            result = -1;
        } else if (exists && !(target && strcmp(target, hub->tgw_id) == 0)) {
            gc_diags_error_at(op->diags, path, "Route taken in the ops VPC",
                              "Route table %s of the ops VPC %s already routes %s to %s; gcnet does not take over a "
                              "route it did not make. Remove that route or choose another range.",
                              rt, hub->vpc_id, cidr, target ? target : "a route that is gone again");
            result = -1;
        }
        free(target);
    }
    return result;
}

int gc_conn_vpc_route_remove(struct gc_op *op, const struct gc_conn_hub *hub, const char *cidr)
{
    json_t *facts = NULL;
    int result = 0;
    /* deleted without a look first: a table's routes are one per connection, so reading them for every delete would
     * read more the more connections the hub has (N^2 bytes for a destroy of N). Whether the route is ours comes from
     * the process's first look (s_vpc_facts, made once); a route that was not toward the TGW then, or not there, is
     * asked about afresh (made since by this process, or a retried delete: DeleteRoute's InvalidRoute.NotFound is
     * done). Never a route toward anything else: another network's with the same range stays. */
    if (hub->vpc_id && hub->n_vpc_route_tables > 0 && s_vpc_facts(op, hub->tgw_id, hub->vpc_id, &facts) != 0)
        result = -1;
    for (size_t i = 0; result == 0 && i < hub->n_vpc_route_tables; i++) {
        const char *rt = hub->vpc_route_table_ids[i];
        char *target = NULL;
        bool ours = s_to_tgw(s_vpc_route(facts, rt, cidr), hub->tgw_id);
        if (!ours && s_vpc_route_now(op, rt, cidr, &target) != 0)
            result = -1;
        else if ((ours || (target && strcmp(target, hub->tgw_id) == 0)) &&
                 s_vpc_route_call(op, &gc_op_ec2_delete_route, rt, cidr, NULL, NULL) != 0)
            result = -1;
        free(target);
    }
    json_decref(facts);
    return result;
}

bool gc_conn_set_has(const struct gc_value *set, const char *s)
{
    for (size_t i = 0; s && gc_value_is_known(set) && i < gc_value_length(set); i++) {
        const char *e = gc_value_string(gc_value_index(set, i));
        if (e && strcmp(e, s) == 0)
            return true;
    }
    return false;
}

int gc_conn_vpc_routes_sync(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_value *planned,
                            const struct gc_value *prior, const char *attr)
{
    const struct gc_value *want = gc_value_object_get(planned, attr);
    const struct gc_value *had = prior ? gc_value_object_get(prior, attr) : NULL;
    for (size_t i = 0; had && gc_value_is_known(had) && i < gc_value_length(had); i++) {
        const char *c = gc_value_string(gc_value_index(had, i));
        if (c && !gc_conn_set_has(want, c) && gc_conn_vpc_route_remove(op, hub, c) != 0)
            return -1;
    }
    for (size_t i = 0; i < gc_value_length(want); i++) {
        const char *c = gc_value_string(gc_value_index(want, i));
        if (c && gc_conn_vpc_route_add(op, hub, c, attr) != 0)
            return -1;
    }
    return 0;
}

/* ---- address ranges ---- */

bool gc_conn_cidrs_overlap(const char *a, const char *b)
{
    uint32_t na = 0, nb = 0;
    int pa = 0, pb = 0;
    if (!a || !b || gc_cidr_parse(a, false, &na, &pa) != 0 || gc_cidr_parse(b, false, &nb, &pb) != 0)
        return false;
    int p = pa < pb ? pa : pb;
    uint32_t mask = p == 0 ? 0 : 0xffffffffu << (32 - p);
    return (na & mask) == (nb & mask);
}

void gc_conn_ranges_clean_up(struct gc_conn_ranges *ranges)
{
    for (size_t i = 0; ranges && i < ranges->n; i++) {
        free(ranges->items[i].cidr);
        free(ranges->items[i].where);
        free(ranges->items[i].target);
    }
    if (ranges) {
        free(ranges->items);
        memset(ranges, 0, sizeof(*ranges));
    }
}

static int s_range_add(struct gc_conn_ranges *r, const char *cidr, const char *where, const char *target)
{
    struct gc_conn_range *grown = realloc(r->items, (r->n + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    r->items = grown;
    struct gc_conn_range *it = &r->items[r->n];
    it->cidr = gc_strdup(cidr);
    it->where = gc_strdup(where);
    it->target = target ? gc_strdup(target) : NULL;
    r->n++;
    return it->cidr && it->where && (!target || it->target) ? 0 : -1;
}

/* The routes of the ops VPC's `tables` (all but `local`; only those sharing an address with `cidr` unless NULL). */
static int s_vpc_ranges_add(struct gc_conn_ranges *out, const json_t *tables, const char *cidr)
{
    char where[160];
    const json_t *list = gc_doc_list(tables, "RouteTables");
    for (size_t t = 0; t < json_array_size(list); t++) {
        const json_t *table = json_array_get(list, t);
        const json_t *rs = gc_doc_list(table, "Routes");
        snprintf(where, sizeof where, "route table %s of the ops VPC",
                 gc_doc_str(table, "RouteTableId") ? gc_doc_str(table, "RouteTableId") : "?");
        for (size_t i = 0; i < json_array_size(rs); i++) {
            const json_t *r = json_array_get(rs, i);
            const char *d = gc_doc_str(r, "DestinationCidrBlock");
            const char *gw = gc_doc_str(r, "GatewayId");
            if (!d || (gw && strcmp(gw, "local") == 0) || (cidr && !gc_conn_cidrs_overlap(d, cidr)))
                continue; /* the VPC's own range is listed apart */
            if (s_range_add(out, d, where, s_route_target(r)) != 0)
                return -1;
        }
    }
    return 0;
}

/* One domain's TGW table (or the ops VPC's tables) from the hub's whole lists: in a plan or refresh one cached
 * read of each serves the plans of all the hub's new connections. */
struct s_all_step {
    const struct gc_conn_hub *hub;
    size_t domain;
    bool vpc; /* the ops VPC's tables rather than a domain's */
    struct gc_conn_ranges out;
};

static int s_all_step(struct gc_op *op, void *arg)
{
    struct s_all_step *st = arg;
    const struct gc_conn_hub *hub = st->hub;
    json_t *doc = NULL;
    char where[160];
    int result = -1;
    if (st->vpc) {
        if (gc_conn_vpc_tables(op, hub, &doc) != 0)
            goto cleanup;
        if (s_vpc_ranges_add(&st->out, doc, NULL) != 0)
            goto oom;
        result = 0;
        goto cleanup;
    }
    const struct gc_conn_domain *d = &hub->domains[st->domain];
    /* no MaxResults: AWS answers up to 1,000 routes without one (and moto 5.2.1 fails with one) */
    json_t *in = json_pack("{s:s, s:[{s:s, s:[s, s]}]}", "TransitGatewayRouteTableId", d->route_table_id, "Filters",
                           "Name", "type", "Values", "static", "propagated");
    if (s_cached(op, hub->tgw_id, &gc_op_ec2_search_transit_gateway_routes, in, &doc) != 0)
        goto cleanup;
    snprintf(where, sizeof where, "the hub's TGW route table %s (%s)", d->name, d->route_table_id);
    const json_t *list = gc_doc_list(doc, "Routes");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *r = json_array_get(list, i);
        const char *cidr = gc_doc_str(r, "DestinationCidrBlock");
        if (!cidr || gc_ec2_state_is_gone(gc_doc_str(r, "State")))
            continue;
        const char *att =
            gc_doc_str(json_array_get(gc_doc_list(r, "TransitGatewayAttachments"), 0), "TransitGatewayAttachmentId");
        if (s_range_add(&st->out, cidr, where, att) != 0)
            goto oom;
    }
    result = 0;
    goto cleanup;
oom:
    gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not list the hub's routes.");
cleanup:
    json_decref(doc);
    return result;
}

/* Appends each step's ranges in step order (so that the first overlap named does not depend on timing) and frees
 * them. `ok` false: only frees. */
static int s_ranges_merge(struct gc_op *op, struct gc_conn_ranges *const *parts, size_t n, bool ok,
                          struct gc_conn_ranges *out)
{
    int result = ok ? 0 : -1;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; result == 0 && k < parts[i]->n; k++) {
            const struct gc_conn_range *r = &parts[i]->items[k];
            if (s_range_add(out, r->cidr, r->where, r->target) != 0) {
                gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not list the hub's routes.");
                result = -1;
            }
        }
        gc_conn_ranges_clean_up(parts[i]);
    }
    return result;
}

/* ---- in an apply: only the routes that overlap the ranges asked about ----
 *
 * Once a process writes, the whole lists are stale after every write, and reading them again for each new
 * connection reads every other connection's routes: bytes per create grow with the number of connections. So
 * each range is asked about by itself: in each domain's TGW table the routes equal to it, inside it and around it
 * (SearchTransitGatewayRoutes route-search.exact-match, subnet-of-match, supernet-of-match: together every route
 * that shares an address with it), and in the ops VPC the tables that hold a route equal to it or around it, or
 * one of the routes the tables held when this process first read them that lies inside it
 * (route.destination-cidr-block; such a table is answered whole). A route made inside a range by someone else
 * during this command is not seen (the next plan sees it); one gcnet makes is toward the TGW and has its route in a
 * domain's table. */

#define S_SEARCH_VALUES 64
#define S_VALUE_LEN 24

struct s_ranges_step {
    const struct gc_conn_hub *hub;
    size_t domain; /* hub->n_domains: the ops VPC */
    const char *const *cidrs;
    size_t n;
    struct gc_conn_ranges out;
};

/* One search of one domain's table: the routes of one kind (kinds[kind]) around one range (cidrs[cidr]). */
struct s_search_step {
    const struct s_ranges_step *st;
    size_t cidr;
    size_t kind;
    struct gc_conn_ranges out;
};

static int s_search_step(struct gc_op *op, void *arg)
{
    static const char *const kinds[] = {"route-search.exact-match", "route-search.subnet-of-match",
                                        "route-search.supernet-of-match"};
    static const char *const types[] = {"static", "propagated"};
    struct s_search_step *ss = arg;
    const struct gc_conn_domain *d = &ss->st->hub->domains[ss->st->domain];
    const char *cidr = ss->st->cidrs[ss->cidr];
    const struct gc_ec2_filter f[] = {{"type", types, 2}, {kinds[ss->kind], &ss->st->cidrs[ss->cidr], 1}};
    struct gc_ec2_tgw_route_list routes = {0};
    struct gc_aws_error err = {0};
    char where[160];
    int result = 0;
    snprintf(where, sizeof where, "the hub's TGW route table %s (%s)", d->name, d->route_table_id);
    if (gc_ec2_tgw_route_search(op->aws, d->route_table_id, f, 2, &routes, &err) != 0) {
        gc_op_aws_error(op, &err);
        result = -1;
    }
    for (size_t i = 0; result == 0 && i < routes.n; i++) {
        const struct gc_ec2_tgw_route *r = &routes.items[i];
        if (r->destination_cidr_block && !gc_ec2_state_is_gone(r->state) &&
            gc_conn_cidrs_overlap(r->destination_cidr_block, cidr) &&
            s_range_add(&ss->out, r->destination_cidr_block, where, r->attachment_id) != 0) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not list the hub's routes.");
            result = -1;
        }
    }
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_route_list_clean_up(&routes);
    return result;
}

/* One domain's table: every range's three searches at once (a range's exact, inner and outer routes). */
static int s_step_tgw(struct gc_op *op, void *arg)
{
    struct s_ranges_step *st = arg;
    struct s_search_step steps[GC_CONN_MAX_CIDRS * 3];
    struct gc_conn_ranges *parts[GC_CONN_MAX_CIDRS * 3];
    struct gc_parallel_step run[GC_CONN_MAX_CIDRS * 3];
    size_t n = 0;
    for (size_t c = 0; c < st->n && c < GC_CONN_MAX_CIDRS; c++) {
        for (size_t k = 0; k < 3; k++) {
            steps[n] = (struct s_search_step){.st = st, .cidr = c, .kind = k};
            parts[n] = &steps[n].out;
            run[n] = (struct gc_parallel_step){s_search_step, &steps[n]};
            n++;
        }
    }
    bool ok = n == 0 || gc_parallel_run(op, run, n) == 0;
    return s_ranges_merge(op, parts, n, ok, &st->out);
}

/* Adds `cidr` (as text) to values[*n] unless it is there or the array is full (then *full). */
static void s_value_add(char values[][S_VALUE_LEN], size_t *n, bool *full, const char *cidr)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(values[i], cidr) == 0)
            return;
    if (*n == S_SEARCH_VALUES || strlen(cidr) >= S_VALUE_LEN) {
        *full = true;
        return;
    }
    snprintf(values[(*n)++], S_VALUE_LEN, "%s", cidr);
}

/* The destinations to ask the ops VPC about for `cidr`: itself, every range around it, and the routes the tables
 * held at first sight that lie inside it. *full when they do not fit in one request. */
static void s_vpc_values(const char *cidr, const json_t *facts, char values[][S_VALUE_LEN], size_t *n, bool *full)
{
    uint32_t net = 0;
    int prefix = 0;
    *n = 0;
    *full = false;
    if (gc_cidr_parse(cidr, false, &net, &prefix) != 0) {
        *full = true;
        return;
    }
    for (int p = prefix; p >= 0; p--) {
        uint32_t mask = p == 0 ? 0 : 0xffffffffu << (32 - p);
        uint32_t a = net & mask;
        char text[48];
        snprintf(text, sizeof text, "%u.%u.%u.%u/%d", a >> 24, (a >> 16) & 0xffu, (a >> 8) & 0xffu, a & 0xffu, p);
        s_value_add(values, n, full, text);
    }
    const json_t *tables = gc_doc_list(facts, "RouteTables");
    for (size_t t = 0; t < json_array_size(tables); t++) {
        const json_t *routes = gc_doc_list(json_array_get(tables, t), "Routes");
        for (size_t i = 0; i < json_array_size(routes); i++) {
            const char *d = gc_doc_str(json_array_get(routes, i), "DestinationCidrBlock");
            if (d && gc_conn_cidrs_overlap(d, cidr))
                s_value_add(values, n, full, d);
        }
    }
}

static int s_step_vpc(struct gc_op *op, void *arg)
{
    struct s_ranges_step *st = arg;
    const struct gc_conn_hub *hub = st->hub;
    json_t *facts = NULL, *tables = NULL;
    struct gc_aws_error err = {0};
    char values[S_SEARCH_VALUES][S_VALUE_LEN];
    int result = -1;
    if (s_vpc_facts(op, hub->tgw_id, hub->vpc_id, &facts) != 0)
        goto cleanup;
    json_t *whole_in = gc_hub_input_vpc_route_tables(hub->vpc_id);
    bool whole =
        whole_in && gc_read_cache_peek_all(op, hub->tgw_id, &gc_op_ec2_describe_route_tables, whole_in, &tables);
    json_decref(whole_in);
    if (whole) {
        /* the whole tables as AWS answered them since the last write (the first sight just now, as a plan after
         * a write fills it): every route is at hand, nothing to ask per range */
        for (size_t c = 0; c < st->n; c++)
            if (s_vpc_ranges_add(&st->out, tables, st->cidrs[c]) != 0)
                goto oom;
        result = 0;
        goto cleanup;
    }
    for (size_t c = 0; c < st->n; c++) {
        size_t n = 0;
        bool full = false;
        s_vpc_values(st->cidrs[c], facts, values, &n, &full);
        json_t *dest = full ? NULL : json_array();
        for (size_t i = 0; dest && i < n; i++)
            if (json_array_append_new(dest, json_string(values[i])) != 0) {
                json_decref(dest);
                dest = NULL;
            }
        json_t *in = full || !dest ? NULL
                                   : json_pack("{s:[{s:s, s:[s]}, {s:s, s:o}], s:i}", "Filters", "Name", "vpc-id",
                                               "Values", hub->vpc_id, "Name", "route.destination-cidr-block", "Values",
                                               dest, "MaxResults", 100);
        if (!in && !full)
            goto oom;
        json_decref(tables);
        tables = NULL;
        /* too many candidates for one request: the whole tables (through the read cache) */
        int rc = full ? gc_conn_vpc_tables(op, hub, &tables)
                      : gc_aws_op_call_all(op->aws, &gc_op_ec2_describe_route_tables, in, &tables, &err);
        json_decref(in);
        if (rc != 0 && !full)
            gc_op_aws_error(op, &err);
        if (rc != 0)
            goto cleanup;
        if (s_vpc_ranges_add(&st->out, tables, st->cidrs[c]) != 0)
            goto oom;
    }
    result = 0;
    goto cleanup;
oom:
    gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not list the routes of the ops VPC %s.", hub->vpc_id);
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(facts);
    json_decref(tables);
    return result;
}

/* ---- the hub and its ranges in one go ---- */

/* The parts of the ranges, each started by the hub load's step that loaded what it needs. */
struct s_hub_ranges {
    const struct gc_conn_hub *hub;
    bool all; /* a plan or refresh: the shared whole lists (s_all_step), else the searches around `cidrs` */
    const char *const *cidrs;
    size_t n;
    struct s_all_step all_steps[GC_CONN_MAX_DOMAINS + 1];
    struct s_ranges_step steps[GC_CONN_MAX_DOMAINS + 1];
    struct gc_conn_ranges *parts[GC_CONN_MAX_DOMAINS + 1]; /* [domain], then the VPC's at GC_CONN_MAX_DOMAINS */
};

static int s_hub_ranges_domains(struct gc_op *op, void *arg)
{
    struct s_hub_ranges *r = arg;
    struct gc_parallel_step run[GC_CONN_MAX_DOMAINS];
    size_t n = 0;
    if (!r->all && r->n == 0)
        return 0;
    for (size_t d = 0; d < r->hub->n_domains && d < GC_CONN_MAX_DOMAINS; d++, n++) {
        if (r->all) {
            r->all_steps[d] = (struct s_all_step){.hub = r->hub, .domain = d};
            r->parts[d] = &r->all_steps[d].out;
            run[n] = (struct gc_parallel_step){s_all_step, &r->all_steps[d]};
        } else {
            r->steps[d] = (struct s_ranges_step){.hub = r->hub, .domain = d, .cidrs = r->cidrs, .n = r->n};
            r->parts[d] = &r->steps[d].out;
            run[n] = (struct gc_parallel_step){s_step_tgw, &r->steps[d]};
        }
    }
    return n == 0 ? 0 : gc_parallel_run(op, run, n);
}

static int s_hub_ranges_vpc(struct gc_op *op, void *arg)
{
    struct s_hub_ranges *r = arg;
    const size_t v = GC_CONN_MAX_DOMAINS;
    if (!r->hub->vpc_id || (!r->all && r->n == 0))
        return 0;
    if (r->all) {
        r->all_steps[v] = (struct s_all_step){.hub = r->hub, .vpc = true};
        r->parts[v] = &r->all_steps[v].out;
        return s_all_step(op, &r->all_steps[v]);
    }
    r->steps[v] = (struct s_ranges_step){.hub = r->hub, .cidrs = r->cidrs, .n = r->n};
    r->parts[v] = &r->steps[v].out;
    return s_step_vpc(op, &r->steps[v]);
}

int gc_conn_hub_load_ranges(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found,
                            const char *const *cidrs, size_t n, struct gc_conn_ranges *out)
{
    struct s_hub_ranges r = {.hub = hub, .all = gc_read_cache_read_only(op), .cidrs = cidrs, .n = n};
    const struct s_hub_hooks hooks = {.domains = s_hub_ranges_domains, .vpc = s_hub_ranges_vpc, .arg = &r};
    struct gc_conn_ranges *parts[GC_CONN_MAX_DOMAINS + 1];
    size_t n_parts = 0;
    int rc = s_hub_load(op, tgw_id, hub, found, false, &hooks);
    bool ok = rc == 0 && *found;
    for (size_t i = 0; i <= GC_CONN_MAX_DOMAINS; i++)
        if (r.parts[i])
            parts[n_parts++] = r.parts[i]; /* the domains in order, then the VPC */
    if (ok && hub->vpc_cidr && s_range_add(out, hub->vpc_cidr, "the hub's ops VPC", hub->vpc_id) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not list the hub's routes.");
        ok = false;
        rc = -1;
    }
    if (s_ranges_merge(op, parts, n_parts, ok, out) != 0 && ok)
        rc = -1;
    if (rc != 0 || !*found)
        gc_conn_ranges_clean_up(out);
    return rc;
}

/* ---- lists in tags ---- */

int gc_conn_tags_ours(struct gc_tags *out, const struct gc_tags *all, const char *prefix)
{
    for (size_t i = 0; i < all->n; i++) {
        const char *k = all->items[i].key;
        if ((strncmp(k, prefix, strlen(prefix)) == 0 || strcmp(k, GC_TAG_TGW) == 0) &&
            gc_tags_add(out, k, all->items[i].value) != 0)
            return -1;
    }
    return 0;
}

int gc_conn_validate_hub_id(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (gc_schema_is_aws_id(gc_value_string(v), "tgw-"))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid transit gateway ID",
                 "\"%s\" is not a Transit Gateway ID (tgw- and 8 to 32 hex digits): give the hub's id "
                 "(gcnet_municipality_hub.<name>.id).",
                 gc_value_string(v) ? gc_value_string(v) : "");
    return -1;
}

int gc_conn_validate_cidr_list(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags,
                               const char *what, int max_prefix)
{
    int result = 0;
    size_t n = gc_value_length(v);
    if (n == 0 || n > GC_CONN_MAX_CIDRS) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid number of CIDR blocks",
                     "Give 1 to %d CIDR blocks (%s); got %zu.", GC_CONN_MAX_CIDRS, what, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *c = gc_value_string(gc_value_index(v, i));
        uint32_t net = 0;
        int prefix = 0;
        if (!c)
            continue;
        if (gc_cidr_parse(c, true, &net, &prefix) != 0 || prefix < 8 || prefix > max_prefix) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid CIDR block",
                         "\"%s\": give an IPv4 network address with a prefix of /8 to /%d, such as 10.50.0.0/16 (%s).",
                         c, max_prefix, what);
            result = -1;
            continue;
        }
        for (size_t k = 0; k < i; k++) {
            const char *o = gc_value_string(gc_value_index(v, k));
            if (o && gc_conn_cidrs_overlap(c, o)) {
                gc_diags_add(diags, GC_SEV_ERROR, path, "Overlapping CIDR blocks",
                             "%s and %s, both in this list, overlap: list each network once.", o, c);
                result = -1;
            }
        }
    }
    return result;
}

int gc_conn_import_state(struct gc_op *op, const struct gc_block_def *block, const char *id, const char *hub_id,
                         const char *method, struct gc_value **state)
{
    if (gc_import_state(op, block, id, state) != 0)
        return -1;
    if (gc_value_set_string(*state, "hub_id", hub_id) == 0 && gc_value_set_string(*state, "method", method) == 0)
        return 0;
    gc_value_free(*state);
    *state = NULL;
    gc_diags_error_at(op->diags, NULL, GC_DIAG_OOM_SUMMARY, "Could not make the imported state of %s.", id);
    return -1;
}

int gc_conn_check_method_args(const struct gc_value *config, const char *const *methods,
                              const struct gc_conn_arg_rule *rules, size_t n, struct gc_diags *diags)
{
    const struct gc_value *method = gc_value_object_get(config, "method");
    const char *m = gc_value_is_known(method) ? gc_value_string(method) : NULL;
    int k = -1, result = 0;
    for (int i = 0; m && methods[i]; i++)
        if (strcmp(m, methods[i]) == 0)
            k = i;
    for (size_t i = 0; k >= 0 && i < n; i++) {
        const struct gc_conn_arg_rule *r = &rules[i];
        const struct gc_value *v = gc_value_object_get(config, r->attr);
        if (!gc_value_is_known(v))
            continue;
        char summary[64];
        if (r->rules[k] == 'R' && gc_value_is_null(v)) {
            snprintf(summary, sizeof summary, "Missing %s", r->attr);
            gc_diags_error_at(diags, r->attr, summary, "method \"%s\" needs %s: %s.", m, r->attr, r->what);
            result = -1;
        } else if (r->rules[k] == 'F' && !gc_value_is_null(v)) {
            snprintf(summary, sizeof summary, "Argument not used by %s", m);
            gc_diags_error_at(diags, r->attr, summary,
                              "%s (%s) belongs to another connection method; method \"%s\" does not use it: "
                              "remove it.",
                              r->attr, r->what, m);
            result = -1;
        }
    }
    return result;
}

int gc_conn_retag(struct gc_op *op, const char *id, const struct gc_tags *current, const char *prefix,
                  const struct gc_tags *want)
{
    struct gc_tags have = {0}, none = {0};
    struct gc_aws_error err = {0};
    int result = -1;
    if (!want)
        want = &none;
    if (gc_conn_tags_ours(&have, current, prefix) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read the tags of %s.", id);
        goto cleanup;
    }
    if (!gc_tags_equal(&have, want) && gc_ec2_tags_update(op->aws, id, &have, want, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_tags_clean_up(&have);
    return result;
}

int gc_conn_tags_put_list(struct gc_tags *tags, const char *key, const char *const *items, size_t n)
{
    char value[S_TAG_VALUE_MAX + 1];
    char k[128];
    size_t len = 0;
    int part = 1;
    value[0] = '\0';
    for (size_t i = 0; i <= n; i++) {
        size_t add = i < n ? strlen(items[i]) : 0;
        bool flush = i == n || (len > 0 && len + 1 + add > S_TAG_VALUE_MAX);
        if (flush && (len > 0 || part == 1)) {
            if (part == 1)
                snprintf(k, sizeof k, "%s", key);
            else
                snprintf(k, sizeof k, "%s-%d", key, part);
            if (gc_tags_add(tags, k, value) != 0)
                return -1;
            part++;
            len = 0;
            value[0] = '\0';
        }
        if (i == n)
            break;
        if (add > S_TAG_VALUE_MAX)
            return -1;
        len += (size_t)snprintf(value + len, sizeof value - len, "%s%s", len ? "," : "", items[i]);
    }
    return 0;
}

void gc_conn_strings_free(char **items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        free(items[i]);
    free(items);
}

static int s_split_into(const char *value, char ***items, size_t *n)
{
    const char *p = value;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len > 0) {
            char **grown = realloc(*items, (*n + 1) * sizeof(*grown));
            if (!grown)
                return -1;
            *items = grown;
            if (!((*items)[*n] = s_strndup(p, len)))
                return -1;
            (*n)++;
        }
        p += len + (comma ? 1 : 0);
    }
    return 0;
}

int gc_conn_tags_get_list(const struct gc_tags *tags, const char *key, char ***out, size_t *n)
{
    char k[128];
    *out = NULL;
    *n = 0;
    for (int part = 1; part < 64; part++) {
        if (part == 1)
            snprintf(k, sizeof k, "%s", key);
        else
            snprintf(k, sizeof k, "%s-%d", key, part);
        const char *v = gc_tags_find(tags, k);
        if (!v)
            break;
        if (s_split_into(v, out, n) != 0) {
            gc_conn_strings_free(*out, *n);
            *out = NULL;
            *n = 0;
            return -1;
        }
    }
    return 0;
}

/* ---- attachments found by their resource ---- */

/* The live item of an attachment list that is `tgw_id`'s attachment of `resource_type`/`resource_id`, or NULL. The
 * filters are the server's; they are checked again rather than trusted. */
static const json_t *s_item_of_resource(const json_t *out, const char *tgw_id, const char *resource_type,
                                        const char *resource_id)
{
    const json_t *items = gc_doc_list(out, "TransitGatewayAttachments");
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *state = gc_doc_str(item, "State");
        const char *type = gc_doc_str(item, "ResourceType");
        const char *rid = gc_doc_str(item, "ResourceId");
        const char *tgw = gc_doc_str(item, "TransitGatewayId");
        if (!gc_ec2_state_is_gone(state) && type && rid && tgw && strcmp(type, resource_type) == 0 &&
            strcmp(rid, resource_id) == 0 && strcmp(tgw, tgw_id) == 0)
            return item;
    }
    return NULL;
}

int gc_conn_attachment_read_by_resource(struct gc_op *op, const char *tgw_id, const char *resource_type,
                                        const char *resource_id, struct gc_conn_attachment *att, bool *found)
{
    json_t *out = NULL;
    int result = -1;
    *found = false;
    gc_conn_attachment_clean_up(att);
    /* the hub's whole list only where it is shared (a plan or refresh); in an apply, by its filters */
    if (!tgw_id || !resource_type || !resource_id || !gc_read_cache_read_only(op))
        return gc_conn_attachment_find_by_resource(op, tgw_id, resource_type, resource_id, att, found);
    if (s_cached(op, tgw_id, &gc_op_ec2_describe_transit_gateway_attachments, gc_hub_input_attachments(tgw_id), &out) !=
        0)
        goto cleanup;
    const json_t *item = s_item_of_resource(out, tgw_id, resource_type, resource_id);
    if (item && s_attachment_fill(att, item) != 0) {
        gc_conn_attachment_clean_up(att);
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read the %s attachment of %s.", resource_type,
                          resource_id);
        goto cleanup;
    }
    *found = item != NULL;
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

int gc_conn_attachment_find_by_resource(struct gc_op *op, const char *tgw_id, const char *resource_type,
                                        const char *resource_id, struct gc_conn_attachment *att, bool *found)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    json_t *in =
        json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "transit-gateway-id", "Values",
                  tgw_id ? tgw_id : "", "Name", "resource-type", "Values", resource_type ? resource_type : "", "Name",
                  "resource-id", "Values", resource_id ? resource_id : "");
    *found = false;
    gc_conn_attachment_clean_up(att);
    if (!tgw_id || !resource_type || !resource_id) {
        result = 0; /* nothing names it (an answer that left the id out): not found */
        goto cleanup;
    }
    if (!in)
        goto cleanup;
    if (gc_aws_op_call_all(op->aws, &gc_op_ec2_describe_transit_gateway_attachments, in, &out, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *item = s_item_of_resource(out, tgw_id, resource_type, resource_id);
    if (item && s_attachment_fill(att, item) != 0)
        goto cleanup;
    *found = item != NULL;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Could not read the attachment",
                          "Listing the %s attachment of %s on %s failed: out of memory.",
                          resource_type ? resource_type : "?", resource_id ? resource_id : "?", tgw_id ? tgw_id : "?");
    if (result != 0)
        gc_conn_attachment_clean_up(att);
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return result;
}

struct s_find_wait {
    const char *tgw_id;
    const char *type;
    const char *resource_id;
    struct gc_conn_attachment *att; /* the last answer */
};

static int s_find_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    const struct s_find_wait *w = arg;
    bool found = false;
    (void)reason;
    *status = NULL;
    if (gc_conn_attachment_find_by_resource(op, w->tgw_id, w->type, w->resource_id, w->att, &found) != 0)
        return -1;
    if (found && w->att->state && !(*status = gc_strdup(w->att->state)))
        return -1;
    return 0;
}

int gc_conn_attachment_find_by_resource_wait(struct gc_op *op, const char *tgw_id, const char *resource_type,
                                             const char *resource_id, struct gc_conn_attachment *att)
{
    static const char *const target[] = {"available", NULL};
    static const char *const failed[] = {"failed", "failing", "rejected", "rejecting", "deleting", "deleted", NULL};
    struct s_find_wait w = {tgw_id, resource_type, resource_id, att};
    char what[200];
    snprintf(what, sizeof what, "the %s attachment of %s on %s", resource_type, resource_id, tgw_id);
    struct gc_wait_spec spec = {.what = what, .target = target, .failed = failed, .status = s_find_status, .arg = &w};
    /* *att: the attachment as the last poll found it (available) */
    return gc_wait_for(op, &spec);
}
