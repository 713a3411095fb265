/* gcnet_municipality_hub: a municipality's routing hub. A Transit Gateway (shared attachments not
 * auto-accepted, no default route-table association or propagation, DNS support on), one route table per
 * routing domain, the operations VPC with a subnet in each of two zones and its TGW attachment (associated with
 * the `ops` table, propagated into every other one), and a RAM share of the TGW to the ASP accounts.
 *
 * The file declares the schema and the CRUD steps; plan rules, tags, timeouts, import and diagnostics are the
 * framework's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_ec2.h"
#include "aws/gc_ram.h"
#include "base/gc_log.h"
#include "framework/gc_adopt.h"
#include "framework/gc_delete.h"
#include "framework/gc_import.h"
#include "framework/gc_journal.h"
#include "framework/gc_parallel.h"
#include "framework/gc_plan.h"
#include "framework/gc_strset.h"
#include "framework/gc_tagging.h"
#include "framework/gc_timeouts.h"
#include "framework/gc_wait.h"
#include "resources/gc_catalog.h"
#include "resources/hub_model.h"

/* ---- schema ---- */

static int s_validate_municipality(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (gc_catalog_find(gc_value_string(v)))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Unknown municipality",
                 "\"%s\" is not one of the joint procurement's municipalities: %s.", gc_value_string(v),
                 gc_catalog_keys_text());
    return -1;
}

static int s_validate_domains(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    size_t n = gc_value_length(v);
    bool has_ops = false;
    if (n == 0 || n > GC_HUB_MAX_DOMAINS) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid routing domains", "Give 1 to %d routing domains.",
                     GC_HUB_MAX_DOMAINS);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *d = gc_value_string(gc_value_index(v, i));
        size_t len = d ? strlen(d) : 0;
        bool ok = len > 0 && len <= 32;
        for (size_t k = 0; ok && k < len; k++)
            ok = (d[k] >= 'a' && d[k] <= 'z') || (d[k] >= '0' && d[k] <= '9') || d[k] == '_' || d[k] == '-';
        if (!ok) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid routing domain name",
                         "\"%s\": use 1-32 lower-case letters, digits, '-' or '_'.", d ? d : "");
            result = -1;
        }
        for (size_t k = 0; ok && k < i; k++) {
            const char *prev = gc_value_string(gc_value_index(v, k));
            if (prev && strcmp(d, prev) == 0) {
                gc_diags_add(diags, GC_SEV_ERROR, path, "Duplicate routing domain", "\"%s\" is listed twice.", d);
                result = -1;
            }
        }
        has_ops = has_ops || (d && strcmp(d, "ops") == 0);
    }
    if (!has_ops) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "The ops routing domain is required",
                     "The operations VPC is associated with the \"ops\" route table; add \"ops\" to the list.");
        result = -1;
    }
    return result;
}

static struct gc_value *s_default_name(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    const struct gc_value *m = gc_value_object_get(config, "municipality");
    if (!gc_value_is_known(m) || gc_value_is_null(m))
        return gc_value_new_unknown(&gc_type_string);
    char name[128];
    snprintf(name, sizeof name, "%s-gcnet", gc_value_string(m));
    return gc_value_new_string(name);
}

static struct gc_value *s_default_asn(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_int(64512);
}

static struct gc_value *s_default_domains(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    static const char *const domains[] = {"onprem", "asp", "ops"};
    return gc_value_new_string_list(&gc_type_list_string, domains, 3);
}

static struct gc_value *s_default_zones(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)config;
    static const char *const tokyo[] = {"ap-northeast-1a", "ap-northeast-1c"};
    static const char *const osaka[] = {"ap-northeast-3a", "ap-northeast-3b"};
    if (!ctx->provider || !ctx->provider->region)
        return gc_value_new_unknown(&gc_type_list_string);
    bool is_osaka = strcmp(ctx->provider->region, "ap-northeast-3") == 0;
    return gc_value_new_string_list(&gc_type_list_string, is_osaka ? osaka : tokyo, 2);
}

GC_TIMEOUTS_MINUTES(s_timeouts_block, 30);

#define RO (GC_ATTR_COMPUTED | GC_ATTR_STABLE)
static const struct gc_attr_def s_hub_attrs[] = {
    {"allow_external_principals", &gc_type_bool, GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED,
     "Whether the RAM share may include accounts outside the AWS Organization (default false).", NULL,
     gc_default_false},
    {"amazon_side_asn", &gc_type_number, GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED | GC_ATTR_FORCE_NEW,
     "Private ASN of the Transit Gateway's AWS side (default 64512); must not collide with the carrier's ASN.",
     gc_validate_private_asn, s_default_asn},
    {"availability_zones", &gc_type_list_string, GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED | GC_ATTR_FORCE_NEW,
     "The two availability zones of the operations VPC's subnets (default: a and c in Tokyo, a and b in Osaka).",
     gc_validate_az_japan, s_default_zones},
    {"id", &gc_type_string, RO, "The Transit Gateway ID.", NULL, NULL},
    {"municipality", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "Key of the municipality in the joint procurement's catalog (naruto, komatsushima, anan, mima, katsuura, "
     "matsushige, aizumi, itano, kamiita).",
     s_validate_municipality, NULL},
    {"name", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED,
     "Name of the hub, used for the Name tags and the Transit Gateway description (default \"<municipality>-gcnet\").",
     gc_validate_name, s_default_name},
    {"owner_id", &gc_type_string, RO, "AWS account that owns the Transit Gateway.", NULL, NULL},
    {"resource_share_arn", &gc_type_string, RO, "ARN of the RAM share of the Transit Gateway.", NULL, NULL},
    {"route_table_ids", &gc_type_map_string, RO, "Transit Gateway route table ID of each routing domain.", NULL, NULL},
    {"routing_domains", &gc_type_list_string, GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED,
     "Routing domains, one Transit Gateway route table each (default [\"onprem\", \"asp\", \"ops\"]); must include "
     "\"ops\".",
     s_validate_domains, s_default_domains},
    {"share_with", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "12-digit AWS account IDs of the ASPs the Transit Gateway is shared with through RAM.", gc_validate_account_id,
     NULL},
    {"subnet_ids", &gc_type_list_string, RO, "Subnet IDs of the operations VPC, in availability_zones order.", NULL,
     NULL},
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL | GC_ATTR_TAGS, "Tags for every object of the hub.",
     gc_validate_tags, NULL},
    {"tags_all", &gc_type_map_string, GC_ATTR_COMPUTED | GC_ATTR_TAGS_ALL,
     "Tags of the objects, including the provider's default_tags.", NULL, NULL},
    {"transit_gateway_arn", &gc_type_string, RO, "ARN of the Transit Gateway.", NULL, NULL},
    {"transit_gateway_id", &gc_type_string, RO, "ID of the Transit Gateway.", NULL, NULL},
    {"vpc_attachment_id", &gc_type_string, RO, "Transit Gateway attachment ID of the operations VPC.", NULL, NULL},
    {"vpc_cidr", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "IPv4 CIDR block of the operations VPC (/16 to /27); its two halves become the subnets.", gc_validate_ipv4_cidr,
     NULL},
    {"vpc_id", &gc_type_string, RO, "ID of the operations VPC.", NULL, NULL},
};
#undef RO

GC_RESOURCE_BLOCK(
    s_hub_block, s_hub_attrs, s_timeouts_block,
    "A municipality's routing hub in the Government Cloud: Transit Gateway with one route table per routing domain, "
    "the operations VPC and its attachment, and a RAM share of the Transit Gateway to the ASP accounts.");

static int s_validate(const struct gc_value *config, struct gc_diags *diags)
{
    const char *cidr = gc_value_get_string(config, "vpc_cidr");
    const char *slash = cidr ? strchr(cidr, '/') : NULL;
    if (slash && strtoul(slash + 1, NULL, 10) > 27) {
        gc_diags_error_at(diags, "vpc_cidr", "VPC CIDR block too small",
                          "\"%s\": the hub splits the VPC into two subnets of at least /28, so the VPC must be /27 "
                          "or larger.",
                          cidr);
        return -1;
    }
    return 0;
}

static int s_plan(struct gc_plan_ctx *ctx)
{
    const struct gc_value *zones = gc_value_object_get(ctx->planned, "availability_zones");
    if (ctx->provider && ctx->provider->region && gc_value_is_wholly_known(zones) && !gc_value_is_null(zones)) {
        for (size_t i = 0; i < gc_value_length(zones); i++) {
            const char *z = gc_value_string(gc_value_index(zones, i));
            if (z && strncmp(z, ctx->provider->region, strlen(ctx->provider->region)) != 0) {
                gc_diags_error_at(ctx->diags, "availability_zones", "Zone outside the provider's region",
                                  "\"%s\" is not in %s, the region the provider is configured for.", z,
                                  ctx->provider->region);
                return -1;
            }
        }
    }
    if (gc_plan_is_create(ctx))
        return 0;
    /* Route tables are created or removed in place when the domains change (or were found missing). */
    if (gc_plan_changed(ctx, "routing_domains") && gc_plan_set_unknown(ctx, "route_table_ids") != 0)
        return -1;
    /* An attachment deleted behind Terraform's back is made again, with a new id. */
    if (gc_value_is_null(gc_value_object_get(ctx->prior, "vpc_attachment_id")) &&
        gc_plan_set_unknown(ctx, "vpc_attachment_id") != 0)
        return -1;
    /* A share deleted behind Terraform's back is made again, with a new ARN. */
    if (gc_value_is_null(gc_value_object_get(ctx->prior, "resource_share_arn")) &&
        gc_plan_set_unknown(ctx, "resource_share_arn") != 0)
        return -1;
    return 0;
}

/* ---- helpers ---- */

/* The tags every object of the hub carries: tags_all, the hub's bookkeeping keys and a generated Name. */
static int s_object_tags(struct gc_tags *out, const struct gc_value *planned, const char *tgw_id, const char *suffix)
{
    const char *name = gc_value_get_string(planned, "name");
    const struct gc_tag_pair bookkeeping[] = {
        {GC_TAG_MUNICIPALITY, gc_value_get_string(planned, "municipality")},
        {GC_TAG_HUB, name},
        {GC_TAG_TGW, tgw_id},
    };
    return gc_tagging_object_tags(out, planned, bookkeeping, 3, name, suffix);
}

/* Splits a /n CIDR into its two /n+1 halves. */
static int s_split_cidr(const char *cidr, char halves[2][32])
{
    unsigned long part[5] = {0};
    const char *p = cidr;
    for (int i = 0; p && i < 5; i++) {
        char *end = NULL;
        part[i] = strtoul(p, &end, 10);
        if (end == p || *end != (i < 3 ? '.' : i == 3 ? '/' : '\0') || part[i] > 255)
            return -1;
        p = end + 1;
    }
    if (!cidr || part[4] >= 28)
        return -1;
    uint32_t base = (uint32_t)(part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3]);
    uint32_t half = 1u << (31 - part[4]);
    for (int i = 0; i < 2; i++) {
        uint32_t n = base + (uint32_t)i * half;
        snprintf(halves[i], 32, "%u.%u.%u.%u/%lu", n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255, part[4] + 1);
    }
    return 0;
}

/* ---- waits and deletes ---- */

/* The kinds of object the hub waits for and deletes. */
enum s_object { S_TGW, S_ROUTE_TABLE, S_ATTACHMENT, S_ASSOCIATION, S_PROPAGATION, S_SUBNET, S_VPC };

struct s_object_ref {
    enum s_object kind;
    const char *id;
    const char *route_table_id; /* associations and propagations: the table they belong to */
};

/* The object's state as EC2 answers it ("" when the answer has none), or NULL when it is gone. */
static int s_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    const struct s_object_ref *o = arg;
    struct gc_aws_error err = {0};
    char *state = NULL;
    bool found = false;
    int rc = 0;
    (void)reason;
    if (o->kind == S_TGW) {
        struct gc_ec2_tgw t = {0};
        rc = gc_ec2_tgw_get(op->aws, o->id, &t, &found, &err);
        state = gc_strdup(t.state ? t.state : "");
        gc_ec2_tgw_clean_up(&t);
    } else if (o->kind == S_ROUTE_TABLE) {
        struct gc_ec2_tgw_rt t = {0};
        rc = gc_ec2_tgw_rt_get(op->aws, o->id, &t, &found, &err);
        state = gc_strdup(t.state ? t.state : "");
        gc_ec2_tgw_rt_clean_up(&t);
    } else if (o->kind == S_ATTACHMENT) {
        struct gc_ec2_tgw_vpc_attachment t = {0};
        rc = gc_ec2_tgw_vpc_attachment_get(op->aws, o->id, &t, &found, &err);
        state = gc_strdup(t.state ? t.state : "");
        gc_ec2_tgw_vpc_attachment_clean_up(&t);
    } else if (o->kind == S_ASSOCIATION || o->kind == S_PROPAGATION) {
        struct gc_ec2_tgw_rt_link_list links = {0};
        rc = o->kind == S_ASSOCIATION ? gc_ec2_tgw_rt_associations(op->aws, o->route_table_id, &links, &err)
                                      : gc_ec2_tgw_rt_propagations(op->aws, o->route_table_id, &links, &err);
        const struct gc_ec2_tgw_rt_link *l = gc_ec2_tgw_rt_link_find(&links, o->id);
        found = l && !gc_ec2_state_is_gone(l->state);
        state = gc_strdup(l && l->state ? l->state : "");
        gc_ec2_tgw_rt_link_list_clean_up(&links);
    }
    if (rc != 0) {
        gc_op_aws_error(op, &err);
    } else if (found && !state) { /* not "gone": a wait for deletion would end early */
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not hold the state of %s.", o->id);
        rc = -1;
    }
    *status = rc == 0 && found ? state : NULL;
    if (!*status)
        free(state);
    gc_aws_error_clean_up(&err);
    return rc;
}

/* Waits for the object to reach `want`, or to be gone when `want` is NULL; `answered` (may be NULL) is the status
 * the write's own answer gave (gc_wait_spec: a target status needs no poll). */
static int s_wait(struct gc_op *op, enum s_object kind, const char *id, const char *route_table_id, const char *want,
                  const char *what, const char *answered)
{
    struct s_object_ref o = {kind, id, route_table_id};
    const char *target[] = {want, NULL};
    char text[200];
    snprintf(text, sizeof text, "%s %s", what, id);
    struct gc_wait_spec spec = {
        .what = text, .target = want ? target : NULL, .status = s_status, .arg = &o, .answered = answered};
    return gc_wait_for(op, &spec);
}

static int s_delete_request(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    const struct s_object_ref *o = arg;
    return o->kind == S_TGW           ? gc_ec2_tgw_delete(op->aws, o->id, err)
           : o->kind == S_ROUTE_TABLE ? gc_ec2_tgw_rt_delete(op->aws, o->id, err)
           : o->kind == S_SUBNET      ? gc_ec2_subnet_delete(op->aws, o->id, err)
                                      : gc_ec2_vpc_delete(op->aws, o->id, err);
}

/* Deletes one object, trying again while AWS reports dependencies (DependencyViolation) or a changing state
 * (IncorrectState); with `wait`, then waits until it is gone. */
static int s_delete_object(struct gc_op *op, enum s_object kind, const char *id, const char *what, bool wait)
{
    struct s_object_ref o = {kind, id, NULL};
    char text[200];
    snprintf(text, sizeof text, "%s %s", what, id);
    struct gc_wait_spec gone = {.what = text, .status = s_status, .arg = &o};
    struct gc_delete_spec spec = {text, s_delete_request, &o, NULL, gc_ec2_error_is_not_found, wait ? &gone : NULL};
    return gc_delete_object(op, &spec);
}

/* ---- state ---- */

/* Writes what `hub` knows into `state` (a copy of the planned or prior value). */
static int s_hub_to_state(const struct gc_hub *hub, struct gc_value *state, bool include_config)
{
    int rc = 0;
    rc |= gc_value_set_string(state, "id", hub->tgw_id);
    rc |= gc_value_set_string(state, "transit_gateway_id", hub->tgw_id);
    rc |= gc_value_set_string(state, "transit_gateway_arn", hub->tgw_arn);
    rc |= gc_value_set_string(state, "owner_id", hub->owner_id);
    rc |= gc_value_set_string(state, "vpc_id", hub->vpc_id);
    rc |= gc_value_set_string(state, "vpc_attachment_id", hub->attachment_id);
    rc |= gc_value_set_string(state, "resource_share_arn", hub->share_arn);
    if (hub->tgw_id) {
        struct gc_value *rts = gc_value_new_collection(&gc_type_map_string);
        for (size_t i = 0; rts && i < hub->n_domains; i++)
            if (hub->domains[i].route_table_id)
                rc |= gc_value_map_put(rts, hub->domains[i].name, gc_value_new_string(hub->domains[i].route_table_id));
        rc |= gc_value_object_set(state, "route_table_ids", rts);
    }
    if (hub->n_subnets == GC_HUB_ZONES)
        rc |= gc_value_object_set(
            state, "subnet_ids",
            gc_value_new_string_list(&gc_type_list_string, (const char *const *)hub->subnet_ids, hub->n_subnets));
    if (!include_config)
        return rc ? -1 : 0;
    /* Read and import: the configuration-visible settings as AWS has them, so drift shows in the plan. */
    const struct gc_municipality *m = gc_catalog_find(hub->municipality);
    if (m)
        rc |= gc_value_set_string(state, "municipality", m->key);
    rc |= gc_value_set_string(state, "name", hub->name);
    if (hub->asn > 0) /* an answer without a readable ASN keeps the prior value rather than planning a replace */
        rc |= gc_value_set_int64(state, "amazon_side_asn", hub->asn);
    rc |= gc_value_set_string(state, "vpc_cidr", hub->vpc_cidr);
    rc |= gc_value_set_bool(state, "allow_external_principals", hub->allow_external_principals);
    rc |= gc_value_object_set(state, "tags_all", gc_tagging_to_map(&hub->tags));
    return rc ? -1 : 0;
}

/* The state after a create or update: the plan, completed with what exists in AWS. NULL on allocation failure. */
static struct gc_value *s_state_from(const struct gc_value *planned, const struct gc_hub *hub)
{
    struct gc_value *state = gc_value_copy(planned);
    if (state && s_hub_to_state(hub, state, false) != 0) {
        gc_value_free(state);
        state = NULL;
    }
    return state;
}

/* Orders `names` as they appear in `prior_list` (a list value), the rest after them in the given order. NULL
 * when memory ran out. */
static struct gc_value *s_ordered_list(const struct gc_value *prior_list, const char *const *names, size_t n)
{
    struct gc_value *out = gc_value_new_collection(&gc_type_list_string);
    bool *used = calloc(n + 1, sizeof(bool));
    int rc = out && used ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < gc_value_length(prior_list); i++) {
        const char *p = gc_value_string(gc_value_index(prior_list, i));
        for (size_t k = 0; p && k < n; k++) {
            if (!used[k] && strcmp(names[k], p) == 0) {
                used[k] = true;
                rc = gc_value_append(out, gc_value_new_string(p));
                break;
            }
        }
    }
    for (size_t k = 0; rc == 0 && k < n; k++)
        if (!used[k])
            rc = gc_value_append(out, gc_value_new_string(names[k]));
    free(used);
    if (rc != 0) {
        gc_value_free(out);
        out = NULL;
    }
    return out;
}

/* The read-side view of domains, zones and principals, ordered like the prior state so that only real drift
 * shows. A domain whose table or wiring is missing is left out: the next apply repairs it in place. */
static int s_hub_to_read_state(const struct gc_hub *hub, const struct gc_value *prior, struct gc_value *state)
{
    const char *domains[GC_HUB_MAX_DOMAINS];
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < hub->n_domains; i++)
        if (hub->domains[i].wired)
            domains[n++] = hub->domains[i].name;
    const struct gc_value *prior_domains = gc_value_object_get(prior, "routing_domains");
    if (gc_value_is_null(prior_domains)) {
        static const char *const order[] = {"onprem", "asp", "ops"};
        struct gc_value *def = gc_value_new_string_list(&gc_type_list_string, order, 3);
        rc |= gc_value_object_set(state, "routing_domains", def ? s_ordered_list(def, domains, n) : NULL);
        gc_value_free(def);
    } else {
        rc |= gc_value_object_set(state, "routing_domains", s_ordered_list(prior_domains, domains, n));
    }
    const struct gc_value *prior_zones = gc_value_object_get(prior, "availability_zones");
    struct gc_value *zones = s_ordered_list(prior_zones, (const char *const *)hub->zones, hub->n_subnets);
    if (!zones)
        return -1;
    if (gc_value_length(zones) == GC_HUB_ZONES) {
        /* subnet_ids follow the zone order */
        const char *ids[GC_HUB_ZONES] = {NULL, NULL};
        for (size_t z = 0; z < GC_HUB_ZONES; z++)
            for (size_t k = 0; k < hub->n_subnets; k++)
                if (strcmp(gc_value_string(gc_value_index(zones, z)), hub->zones[k]) == 0)
                    ids[z] = hub->subnet_ids[k];
        rc |= gc_value_object_set(state, "subnet_ids", gc_value_new_string_list(&gc_type_list_string, ids, 2));
        rc |= gc_value_object_set(state, "availability_zones", zones);
    } else {
        gc_value_free(zones);
        rc |= gc_value_object_set(state, "availability_zones", gc_value_new_null(&gc_type_list_string));
        rc |= gc_value_object_set(state, "subnet_ids", gc_value_new_null(&gc_type_list_string));
    }
    const struct gc_value *prior_share = gc_value_object_get(prior, "share_with");
    if (hub->n_principals == 0 && gc_value_is_null(prior_share) && hub->share_arn)
        rc |= gc_value_object_set(state, "share_with", gc_value_new_null(&gc_type_set_string));
    else
        rc |= gc_value_object_set(
            state, "share_with",
            gc_value_new_string_list(&gc_type_set_string, (const char *const *)hub->principals, hub->n_principals));
    return rc ? -1 : 0;
}

/* ---- create / update steps ---- */

/* The hub's parts whose create takes no idempotency token (CreateVpc, CreateSubnet, CreateTransitGatewayRouteTable,
 * CreateTransitGatewayVpcAttachment) are made through gc_adopt_create: after a 5xx or a lost answer the part is
 * looked up by what makes it unique in this hub (the VPC by its gcnet:transit-gateway-id tag, a subnet by VPC and
 * CIDR, a route table by TGW and routing-domain tag, the attachment by TGW and VPC), adopted when AWS made it,
 * and created again when it did not. */
enum s_part_kind { S_PART_VPC, S_PART_SUBNET, S_PART_RT, S_PART_ATTACHMENT };

struct s_part {
    enum s_part_kind kind;
    const char *tgw_id;
    const char *vpc_id;
    const char *cidr;
    const char *zone;
    const char *domain;
    const struct gc_tags *tags;
    const struct gc_ec2_tgw_vpc_attachment_spec *att_spec;
    void *out; /* struct gc_ec2_vpc, _subnet, _tgw_rt or _tgw_vpc_attachment */
    struct gc_ec2_vpc_list vpcs;
    struct gc_ec2_subnet_list subnets;
    struct gc_ec2_tgw_rt_list rts;
    struct gc_ec2_tgw_vpc_attachment_list atts;
};

static int s_part_create(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    struct s_part *p = arg;
    switch (p->kind) {
    case S_PART_VPC:
        return gc_ec2_vpc_create(op->aws, p->cidr, p->tags, p->out, err);
    case S_PART_SUBNET:
        return gc_ec2_subnet_create(op->aws, p->vpc_id, p->cidr, p->zone, p->tags, p->out, err);
    case S_PART_RT:
        return gc_ec2_tgw_rt_create(op->aws, p->tgw_id, p->tags, p->out, err);
    case S_PART_ATTACHMENT:
        return gc_ec2_tgw_vpc_attachment_create(op->aws, p->att_spec, p->out, err);
    }
    return -1;
}

static bool s_eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool s_part_live(const char *state)
{
    return !gc_ec2_state_is_gone(state) && !(state && strcmp(state, "deleting") == 0);
}

static int s_part_lookup(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err)
{
    struct s_part *p = arg;
    const char *tgw[1] = {p->tgw_id}, *vpc[1] = {p->vpc_id}, *cidr[1] = {p->cidr}, *domain[1] = {p->domain};
    int rc = -1;
    gc_ec2_vpc_list_clean_up(&p->vpcs);
    gc_ec2_subnet_list_clean_up(&p->subnets);
    gc_ec2_tgw_rt_list_clean_up(&p->rts);
    gc_ec2_tgw_vpc_attachment_list_clean_up(&p->atts);
    switch (p->kind) {
    case S_PART_VPC: {
        struct gc_ec2_filter f[] = {{"tag:" GC_TAG_TGW, tgw, 1}, {"cidr-block", cidr, 1}};
        struct gc_ec2_select sel = {.filters = f, .n_filters = 2};
        rc = gc_ec2_vpc_list(op->aws, &sel, &p->vpcs, err);
        for (size_t i = 0; rc == 0 && i < p->vpcs.n; i++)
            if (s_eq(gc_tags_find(&p->vpcs.items[i].tags, GC_TAG_TGW), p->tgw_id) &&
                s_eq(p->vpcs.items[i].cidr_block, p->cidr))
                rc = gc_strset_add(ids, p->vpcs.items[i].id);
        break;
    }
    case S_PART_SUBNET: {
        struct gc_ec2_filter f[] = {{"vpc-id", vpc, 1}, {"cidr-block", cidr, 1}};
        struct gc_ec2_select sel = {.filters = f, .n_filters = 2};
        rc = gc_ec2_subnet_list(op->aws, &sel, &p->subnets, err);
        for (size_t i = 0; rc == 0 && i < p->subnets.n; i++)
            if (s_eq(p->subnets.items[i].vpc_id, p->vpc_id) && s_eq(p->subnets.items[i].cidr_block, p->cidr))
                rc = gc_strset_add(ids, p->subnets.items[i].id);
        break;
    }
    case S_PART_RT: {
        struct gc_ec2_filter f[] = {{"transit-gateway-id", tgw, 1}, {"tag:" GC_TAG_DOMAIN, domain, 1}};
        struct gc_ec2_select sel = {.filters = f, .n_filters = 2};
        rc = gc_ec2_tgw_rt_list(op->aws, &sel, &p->rts, err);
        for (size_t i = 0; rc == 0 && i < p->rts.n; i++)
            if (s_part_live(p->rts.items[i].state) && s_eq(p->rts.items[i].tgw_id, p->tgw_id) &&
                s_eq(gc_tags_find(&p->rts.items[i].tags, GC_TAG_DOMAIN), p->domain))
                rc = gc_strset_add(ids, p->rts.items[i].id);
        break;
    }
    case S_PART_ATTACHMENT: {
        struct gc_ec2_filter f[] = {{"transit-gateway-id", tgw, 1}, {"vpc-id", vpc, 1}};
        struct gc_ec2_select sel = {.filters = f, .n_filters = 2};
        rc = gc_ec2_tgw_vpc_attachment_list(op->aws, &sel, &p->atts, err);
        for (size_t i = 0; rc == 0 && i < p->atts.n; i++)
            if (s_part_live(p->atts.items[i].state) && s_eq(p->atts.items[i].tgw_id, p->tgw_id) &&
                s_eq(p->atts.items[i].vpc_id, p->vpc_id))
                rc = gc_strset_add(ids, p->atts.items[i].id);
        break;
    }
    }
    return rc;
}

/* Moves the found item whose id is `id` into `out` (the ids handed to gc_adopt are the items' own strings). */
#define S_PART_TAKE(list, type, out, id)                                                                               \
    for (size_t i = 0; i < (list).n; i++) {                                                                            \
        if ((list).items[i].id != (id))                                                                                \
            continue;                                                                                                  \
        type##_clean_up(out);                                                                                          \
        *(out) = (list).items[i];                                                                                      \
        memset(&(list).items[i], 0, sizeof((list).items[i]));                                                          \
        return 0;                                                                                                      \
    }

static int s_part_take(struct gc_op *op, void *arg, const char *id)
{
    struct s_part *p = arg;
    (void)op;
    switch (p->kind) {
    case S_PART_VPC:
        S_PART_TAKE(p->vpcs, gc_ec2_vpc, (struct gc_ec2_vpc *)p->out, id)
        break;
    case S_PART_SUBNET:
        S_PART_TAKE(p->subnets, gc_ec2_subnet, (struct gc_ec2_subnet *)p->out, id)
        break;
    case S_PART_RT:
        S_PART_TAKE(p->rts, gc_ec2_tgw_rt, (struct gc_ec2_tgw_rt *)p->out, id)
        break;
    case S_PART_ATTACHMENT:
        S_PART_TAKE(p->atts, gc_ec2_tgw_vpc_attachment, (struct gc_ec2_tgw_vpc_attachment *)p->out, id)
        break;
    }
    return -1;
}

/* Creates one part, or adopts what an uncertain create of it left. 0, or -1 with an error diagnostic. */
static int s_part_make(struct gc_op *op, struct s_part *p)
{
    static const char *const operations[] = {"CreateVpc", "CreateSubnet", "CreateTransitGatewayRouteTable",
                                             "CreateTransitGatewayVpcAttachment"};
    static const char *const whats[] = {"VPC", "subnet", "transit gateway route table", "VPC attachment"};
    struct gc_adopt_spec spec = {.operation = operations[p->kind],
                                 .what = whats[p->kind],
                                 .create = s_part_create,
                                 .lookup = s_part_lookup,
                                 .take = s_part_take,
                                 .arg = p};
    int rc = gc_adopt_create(op, &spec);
    gc_ec2_vpc_list_clean_up(&p->vpcs);
    gc_ec2_subnet_list_clean_up(&p->subnets);
    gc_ec2_tgw_rt_list_clean_up(&p->rts);
    gc_ec2_tgw_vpc_attachment_list_clean_up(&p->atts);
    return rc;
}

/* Makes the route table of one domain into `slot` (its own, so that domains can be made at once). */
static int s_create_domain(struct gc_op *op, const struct gc_hub *hub, const struct gc_value *planned,
                           const char *domain, struct gc_hub_domain *slot)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_ec2_tgw_rt rt = {0};
    struct gc_aws_error err = {0};
    if (s_object_tags(&tags, planned, hub->tgw_id, domain) != 0 || gc_tags_add(&tags, GC_TAG_DOMAIN, domain) != 0)
        goto cleanup;
    struct s_part part = {.kind = S_PART_RT, .tgw_id = hub->tgw_id, .domain = domain, .tags = &tags, .out = &rt};
    if (s_part_make(op, &part) != 0)
        goto cleanup;
    slot->name = gc_strdup(domain);
    slot->route_table_id = gc_strdup(rt.id);
    if (!slot->name || !slot->route_table_id) {
        free(slot->name);
        free(slot->route_table_id);
        memset(slot, 0, sizeof *slot);
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record route table %s of domain %s.", rt.id,
                          domain);
        goto cleanup;
    }
    if (s_wait(op, S_ROUTE_TABLE, rt.id, NULL, "available", "route table", rt.state) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_rt_clean_up(&rt);
    gc_tags_clean_up(&tags);
    return result;
}

/* Associates the ops attachment with the ops table, or propagates it into another domain's table. */
static int s_wire_domain(struct gc_op *op, struct gc_hub *hub, struct gc_hub_domain *d)
{
    struct gc_aws_error err = {0};
    struct gc_ec2_tgw_rt_link answer = {0};
    bool ops = strcmp(d->name, "ops") == 0;
    int rc = ops ? gc_ec2_tgw_rt_associate(op->aws, d->route_table_id, hub->attachment_id, &answer, &err)
                 : gc_ec2_tgw_rt_propagation_enable(op->aws, d->route_table_id, hub->attachment_id, &answer, &err);
    if (rc != 0 && (gc_aws_error_is(&err, "Resource.AlreadyAssociated") ||
                    gc_aws_error_is(&err, "TransitGatewayRouteTablePropagation.Duplicate")))
        rc = 0; /* no answer's state then: the wait looks */
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    if (rc == 0)
        rc = s_wait(op, ops ? S_ASSOCIATION : S_PROPAGATION, hub->attachment_id, d->route_table_id,
                    ops ? "associated" : "enabled", ops ? "route-table association of" : "route propagation of",
                    answer.state);
    gc_ec2_tgw_rt_link_clean_up(&answer);
    d->wired = rc == 0;
    return rc;
}

static int s_unwire_domain(struct gc_op *op, struct gc_hub *hub, struct gc_hub_domain *d)
{
    struct gc_aws_error err = {0};
    int rc = 0;
    if (!d->wired || !hub->attachment_id)
        return 0;
    bool ops = strcmp(d->name, "ops") == 0;
    rc = ops ? gc_ec2_tgw_rt_disassociate(op->aws, d->route_table_id, hub->attachment_id, NULL, &err)
             : gc_ec2_tgw_rt_propagation_disable(op->aws, d->route_table_id, hub->attachment_id, NULL, &err);
    if (rc != 0 && gc_ec2_error_is_not_found(&err))
        rc = 0;
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    if (rc == 0 && ops)
        rc = s_wait(op, S_ASSOCIATION, hub->attachment_id, d->route_table_id, NULL, "route-table association of", NULL);
    if (rc == 0)
        d->wired = false;
    return rc;
}

static int s_delete_domain(struct gc_op *op, struct gc_hub *hub, struct gc_hub_domain *d)
{
    struct gc_aws_error err = {0};
    if (s_unwire_domain(op, hub, d) != 0)
        return -1;
    int rc = gc_ec2_tgw_rt_delete(op->aws, d->route_table_id, &err);
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc == 0 ? s_wait(op, S_ROUTE_TABLE, d->route_table_id, NULL, NULL, "route table", NULL) : -1;
}

/* Attaches the operations VPC to the TGW (also to repair an attachment deleted outside Terraform). */
static int s_create_attachment(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_ec2_tgw_vpc_attachment att = {0};
    struct gc_aws_error err = {0};
    if (hub->n_subnets != GC_HUB_ZONES) {
        gc_diags_error_at(op->diags, "availability_zones", "Operations subnets missing",
                          "VPC %s has %zu of its %d subnets, so it cannot be attached to %s. Replace the hub "
                          "(terraform apply -replace=<resource address>).",
                          hub->vpc_id ? hub->vpc_id : "?", hub->n_subnets, GC_HUB_ZONES, hub->tgw_id);
        goto cleanup;
    }
    if (s_object_tags(&tags, planned, hub->tgw_id, "ops") != 0)
        goto cleanup;
    struct gc_ec2_tgw_vpc_attachment_spec spec = {hub->tgw_id,  hub->vpc_id,   (const char *const *)hub->subnet_ids,
                                                  GC_HUB_ZONES, GC_EC2_ENABLE, GC_EC2_UNSET,
                                                  GC_EC2_UNSET, GC_EC2_UNSET,  &tags};
    struct s_part part = {
        .kind = S_PART_ATTACHMENT, .tgw_id = hub->tgw_id, .vpc_id = hub->vpc_id, .att_spec = &spec, .out = &att};
    if (s_part_make(op, &part) != 0)
        goto cleanup;
    hub->attachment_id = att.id; /* moved: what AWS made must reach the state */
    att.id = NULL;
    result = s_wait(op, S_ATTACHMENT, hub->attachment_id, NULL, "available", "VPC attachment", att.state);
cleanup:
    if (result != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_vpc_attachment_clean_up(&att);
    gc_tags_clean_up(&tags);
    return result;
}

/* One subnet of the ops VPC, into its own slot (the zones' subnets are made at once). */
struct s_subnet_step {
    struct gc_hub *hub;
    size_t index;
    const char *cidr;
    const char *zone;
    const struct gc_tags *tags;
    bool made;
};

static int s_step_subnet(struct gc_op *op, void *arg)
{
    struct s_subnet_step *st = arg;
    struct gc_ec2_subnet subnet = {0};
    struct s_part part = {.kind = S_PART_SUBNET,
                          .vpc_id = st->hub->vpc_id,
                          .cidr = st->cidr,
                          .zone = st->zone,
                          .tags = st->tags,
                          .out = &subnet};
    int result = -1;
    if (s_part_make(op, &part) != 0)
        goto cleanup;
    /* moved from the answer, not copied: what AWS made must reach the state */
    st->hub->subnet_ids[st->index] = subnet.id;
    subnet.id = NULL;
    st->made = true;
    st->hub->zones[st->index] = st->zone ? gc_strdup(st->zone) : NULL;
    if (st->zone && !st->hub->zones[st->index]) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the zone of subnet %s.",
                          st->hub->subnet_ids[st->index]);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_ec2_subnet_clean_up(&subnet);
    return result;
}

static int s_create_network(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_ec2_vpc vpc = {0};
    struct gc_aws_error err = {0};
    char halves[2][32];
    struct s_subnet_step subnets[GC_HUB_ZONES];
    struct gc_parallel_step steps[GC_HUB_ZONES];
    const char *cidr = gc_value_get_string(planned, "vpc_cidr");
    const struct gc_value *zones = gc_value_object_get(planned, "availability_zones");
    if (s_split_cidr(cidr, halves) != 0 || s_object_tags(&tags, planned, hub->tgw_id, "ops") != 0)
        goto cleanup;
    struct s_part vpc_part = {.kind = S_PART_VPC, .tgw_id = hub->tgw_id, .cidr = cidr, .tags = &tags, .out = &vpc};
    if (s_part_make(op, &vpc_part) != 0)
        goto cleanup;
    /* ids are moved from the answers, not copied: what AWS made must reach the state */
    hub->vpc_id = vpc.id;
    vpc.id = NULL;
    hub->vpc_cidr = gc_strdup(cidr);
    if (!hub->vpc_cidr) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the CIDR of VPC %s.", hub->vpc_id);
        goto cleanup;
    }
    /* the zones' subnets at once (issue 9 §2): each needs only the VPC */
    for (size_t i = 0; i < GC_HUB_ZONES; i++) {
        subnets[i] = (struct s_subnet_step){.hub = hub,
                                            .index = i,
                                            .cidr = halves[i],
                                            .zone = gc_value_string(gc_value_index(zones, i)),
                                            .tags = &tags};
        steps[i] = (struct gc_parallel_step){s_step_subnet, &subnets[i]};
    }
    int subnets_rc = gc_parallel_run(op, steps, GC_HUB_ZONES);
    hub->n_subnets = 0;
    for (size_t i = 0; i < GC_HUB_ZONES; i++)
        hub->n_subnets += subnets[i].made ? 1 : 0;
    if (subnets_rc != 0)
        goto cleanup;
    result = s_create_attachment(op, hub, planned);
cleanup:
    if (result != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    gc_ec2_vpc_clean_up(&vpc);
    gc_tags_clean_up(&tags);
    return result;
}

static int s_create_share(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_ram_share share = {0};
    struct gc_aws_error err = {0};
    struct gc_strset principals = {0};
    bool external = false;
    const char *arns[1] = {hub->tgw_arn};
    gc_value_get_bool(planned, "allow_external_principals", &external);
    if (gc_strset_of_value(&principals, gc_value_object_get(planned, "share_with")) != 0 ||
        s_object_tags(&tags, planned, hub->tgw_id, NULL) != 0)
        goto cleanup;
    struct gc_ram_share_spec spec = {
        gc_value_get_string(planned, "name"),  arns,  1,   principals.items, principals.n, NULL, 0,
        external ? GC_RAM_TRUE : GC_RAM_FALSE, &tags, NULL};
    if (gc_ram_share_create(op->aws, &spec, &share, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    hub->share_arn = share.arn; /* moved: what AWS made must reach the state */
    share.arn = NULL;
    hub->allow_external_principals = external;
    result = 0;
cleanup:
    gc_strset_clean_up(&principals);
    gc_aws_error_clean_up(&err);
    gc_ram_share_clean_up(&share);
    gc_tags_clean_up(&tags);
    return result;
}

/* ---- steps run at once (framework/gc_parallel.h): each writes only its own slot or its own hub fields ---- */

struct s_domain_step {
    struct gc_hub *hub;
    const struct gc_value *planned;
    const char *name;
    struct gc_hub_domain *domain; /* wire, unwire, delete: the hub's entry */
    struct gc_hub_domain slot;    /* create: filled by the step, moved into the hub afterwards */
};

static int s_step_create_domain(struct gc_op *op, void *arg)
{
    struct s_domain_step *st = arg;
    return s_create_domain(op, st->hub, st->planned, st->name, &st->slot);
}

static int s_step_wire_domain(struct gc_op *op, void *arg)
{
    struct s_domain_step *st = arg;
    return s_wire_domain(op, st->hub, st->domain);
}

static int s_step_unwire_domain(struct gc_op *op, void *arg)
{
    struct s_domain_step *st = arg;
    return s_unwire_domain(op, st->hub, st->domain);
}

/* Makes the route tables of the planned domains the hub lacks, at once. Every table made reaches the hub (and
 * so the state), also when a sibling failed. */
static int s_create_missing_domains(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    struct s_domain_step st[GC_HUB_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_HUB_MAX_DOMAINS];
    size_t n = 0;
    int rc = 0;
    const struct gc_value *domains = gc_value_object_get(planned, "routing_domains");
    for (size_t i = 0; i < gc_value_length(domains); i++) {
        const char *name = gc_value_string(gc_value_index(domains, i));
        if (gc_hub_domain_find(hub, name))
            continue;
        if (hub->n_domains + n >= GC_HUB_MAX_DOMAINS) {
            gc_diags_error_at(op->diags, "routing_domains", "Too many routing domains",
                              "A hub holds at most %d routing domains.", GC_HUB_MAX_DOMAINS);
            return -1;
        }
        st[n] = (struct s_domain_step){hub, planned, name, NULL, {0}};
        steps[n] = (struct gc_parallel_step){s_step_create_domain, &st[n]};
        n++;
    }
    rc = gc_parallel_run(op, steps, n);
    for (size_t i = 0; i < n; i++) {
        if (!st[i].slot.name)
            continue;
        hub->domains[hub->n_domains++] = st[i].slot; /* counted only once whole: no nameless domain */
    }
    return rc;
}

/* Wires every planned domain that is not wired yet, at once. */
static int s_wire_domains(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    struct s_domain_step st[GC_HUB_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_HUB_MAX_DOMAINS];
    size_t n = 0;
    const struct gc_value *domains = gc_value_object_get(planned, "routing_domains");
    if (!hub->attachment_id)
        return 0;
    for (size_t i = 0; i < gc_value_length(domains) && n < GC_HUB_MAX_DOMAINS; i++) {
        struct gc_hub_domain *d = gc_hub_domain_find(hub, gc_value_string(gc_value_index(domains, i)));
        if (!d)
            return -1;
        if (d->wired)
            continue;
        st[n] = (struct s_domain_step){hub, planned, d->name, d, {0}};
        steps[n] = (struct gc_parallel_step){s_step_wire_domain, &st[n]};
        n++;
    }
    return gc_parallel_run(op, steps, n);
}

static int s_ensure_domains(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    if (s_create_missing_domains(op, hub, planned) != 0)
        return -1;
    return s_wire_domains(op, hub, planned);
}

/* Unwires every domain of the hub at once (the delete's first step, beside the share's deletion). */
static int s_unwire_all(struct gc_op *op, struct gc_hub *hub)
{
    struct s_domain_step st[GC_HUB_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_HUB_MAX_DOMAINS];
    for (size_t i = 0; i < hub->n_domains; i++) {
        st[i] = (struct s_domain_step){hub, NULL, hub->domains[i].name, &hub->domains[i], {0}};
        steps[i] = (struct gc_parallel_step){s_step_unwire_domain, &st[i]};
    }
    return gc_parallel_run(op, steps, hub->n_domains);
}

static int s_delete_hub(struct gc_op *op, const char *tgw_id, const struct gc_hub_hints *hints);
static int s_delete_loaded(struct gc_op *op, struct gc_hub *hub);

/* The municipality's live TGWs, for s_check_no_stray_hub. */
static int s_list_municipality_tgws(struct gc_op *op, const struct gc_value *planned, struct gc_ec2_tgw_list *found)
{
    struct gc_aws_error err = {0};
    const char *municipality = gc_value_get_string(planned, "municipality");
    const char *m_values[1] = {municipality};
    const char *live[] = {"pending", "available", "modifying"};
    /* one tag filter only (the hub name is checked by s_check_no_stray_hub): moto 5.2.1 crashes on two tag filters
     * when an object matches neither */
    struct gc_ec2_filter filters[2] = {{"tag:" GC_TAG_MUNICIPALITY, m_values, 1}, {"state", live, 3}};
    struct gc_ec2_select sel = {.filters = filters, .n_filters = 2};
    int result = 0;
    if (!municipality)
        return 0;
    if (gc_ec2_tgw_list(op->aws, &sel, found, &err) != 0) {
        gc_op_aws_error(op, &err);
        result = -1;
    }
    gc_aws_error_clean_up(&err);
    return result;
}

/* Refuses to build a second hub when a live, finished TGW already carries this hub's municipality and name tags
 * but is in no state: another workspace manages it (importing is the user's call; adopting silently could take
 * over someone else's hub). A TGW that also carries GC_TAG_CREATE_UNFINISHED is this hub's own create, killed before it
 * finished (nothing reached the state): it and everything tagged with it are deleted, with a warning, and the
 * create starts afresh, so no import is ever needed after a crash. A finished TGW whose GC_TAG_CREATE_TOKEN this
 * directory's create journal holds (`identity`) is this directory's own create whose answer never reached the
 * state: *adopt_id gets its id (malloc'd) for the caller to take over. `found`:
 * s_list_municipality_tgws's answer; *deleted: an unfinished hub (and what was tagged with it) was deleted. */
static int s_check_no_stray_hub(struct gc_op *op, const struct gc_value *planned, const char *identity,
                                const struct gc_ec2_tgw_list *found, char **adopt_id, bool *deleted)
{
    int result = -1;
    const char *municipality = gc_value_get_string(planned, "municipality");
    const char *name = gc_value_get_string(planned, "name");
    *deleted = false;
    if (!municipality || !name) {
        result = 0;
        goto cleanup;
    }
    for (size_t i = 0; i < found->n; i++) {
        const char *m = gc_tags_find(&found->items[i].tags, GC_TAG_MUNICIPALITY);
        const char *h = gc_tags_find(&found->items[i].tags, GC_TAG_HUB);
        if (!m || !h || strcmp(m, municipality) != 0 || strcmp(h, name) != 0 ||
            gc_ec2_state_is_gone(found->items[i].state))
            continue;
        if (gc_tags_find(&found->items[i].tags, GC_TAG_CREATE_UNFINISHED)) {
            GC_WARN("hub %s: deleting transit gateway %s, left by a create that never finished", name,
                    found->items[i].id);
            *deleted = true;
            if (s_delete_hub(op, found->items[i].id, NULL) != 0)
                goto cleanup;
            gc_diags_warning_at(op->diags, NULL, "Deleted an unfinished hub",
                                "Transit Gateway %s and the objects tagged with it were left by a create of hub "
                                "\"%s\" (%s) that never finished (the provider stopped before it answered). gcnet "
                                "deleted them and created the hub afresh.",
                                found->items[i].id, name, municipality);
            continue;
        }
        const char *token = gc_tags_find(&found->items[i].tags, GC_TAG_CREATE_TOKEN);
        if (!*adopt_id && token && gc_journal_holds(op->provider->journal, op->type_name, identity, token, op->diags)) {
            if (!(*adopt_id = gc_strdup(found->items[i].id)))
                goto cleanup;
            continue;
        }
        gc_diags_error_at(op->diags, "name", "Hub already exists",
                          "Transit Gateway %s already carries the gcnet tags of hub \"%s\" (%s) but is not in this "
                          "state: an earlier apply may have been interrupted after AWS created it, or another "
                          "workspace manages it. Import it (terraform import <resource address> %s) or delete it, "
                          "then apply again.",
                          found->items[i].id, name, municipality, found->items[i].id);
        goto cleanup;
    }
    result = 0;
cleanup:
    return result;
}

/* Whether the Transit Gateway `tgw_id` is gone (not found, or deleting/deleted). */
static int s_tgw_is_gone(struct gc_op *op, const char *tgw_id, bool *gone)
{
    int result = -1;
    struct gc_ec2_tgw tgw = {0};
    struct gc_aws_error err = {0};
    bool found = false;
    if (gc_ec2_tgw_get(op->aws, tgw_id, &tgw, &found, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    *gone = !found || gc_ec2_state_is_gone(tgw.state);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_clean_up(&tgw);
    return result;
}

/* RAM keeps a share ACTIVE after the Transit Gateway it shares is deleted. When a hub's whole stack is deleted
 * outside Terraform, refresh drops the hub and Terraform plans a new one, whose share would stand beside the old,
 * empty one under the same name. Before creating, delete this municipality's gcnet shares whose tagged TGW is
 * gone, and say so in a warning. A share without the TGW tag was not made by a hub and is left alone. */
/* The municipality's RAM shares, for s_sweep_orphan_shares. */
static int s_list_municipality_shares(struct gc_op *op, const struct gc_value *planned,
                                      struct gc_ram_share_list *shares)
{
    struct gc_aws_error err = {0};
    const char *municipality = gc_value_get_string(planned, "municipality");
    int result = 0;
    if (!municipality)
        return 0;
    if (gc_ram_share_list(op->aws, NULL, GC_TAG_MUNICIPALITY, municipality, shares, &err) != 0) {
        gc_op_aws_error(op, &err);
        result = -1;
    }
    gc_aws_error_clean_up(&err);
    return result;
}

/* `listed`: s_list_municipality_shares's answer, or NULL to list them now. */
static int s_sweep_orphan_shares(struct gc_op *op, const struct gc_value *planned,
                                 const struct gc_ram_share_list *listed)
{
    int result = -1;
    struct gc_ram_share_list own = {0};
    struct gc_aws_error err = {0};
    const struct gc_ram_share_list *shares = listed ? listed : &own;
    if (!listed && s_list_municipality_shares(op, planned, &own) != 0)
        goto cleanup;
    for (size_t i = 0; i < shares->n; i++) {
        const struct gc_ram_share *share = &shares->items[i];
        const char *tgw_id = gc_tags_find(&share->tags, GC_TAG_TGW);
        bool gone = false;
        if (!tgw_id || !share->arn)
            continue;
        if (s_tgw_is_gone(op, tgw_id, &gone) != 0)
            goto cleanup;
        if (!gone)
            continue;
        if (gc_ram_share_delete(op->aws, share->arn, &err) != 0) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        GC_INFO("deleted RAM share %s: its transit gateway %s no longer exists", share->arn, tgw_id);
        gc_diags_warning_at(op->diags, NULL, "Deleted a RAM share left by a deleted hub",
                            "RAM share %s (\"%s\") shared Transit Gateway %s, which no longer exists: the hub was "
                            "deleted outside Terraform. gcnet deleted the share before creating the new hub's.",
                            share->arn, share->name ? share->name : "", tgw_id);
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ram_share_list_clean_up(&own);
    return result;
}

/* What a create looks up before CreateTransitGateway (issue 9 §2: both at once, one round trip). */
struct s_before_create {
    const struct gc_value *planned;
    struct gc_ec2_tgw_list tgws;
    struct gc_ram_share_list shares;
};

static int s_step_list_tgws(struct gc_op *op, void *arg)
{
    struct s_before_create *b = arg;
    return s_list_municipality_tgws(op, b->planned, &b->tgws);
}

static int s_step_list_shares(struct gc_op *op, void *arg)
{
    struct s_before_create *b = arg;
    return s_list_municipality_shares(op, b->planned, &b->shares);
}

/* CreateTransitGateway has no idempotency token, so the client does not retry it after a 5xx or a lost
 * answer. AWS may have created it all the same: the TGW carrying this create's token is adopted (gc_adopt.h). */
struct s_tgw_create {
    const struct gc_ec2_tgw_spec *spec;
    const char *token;
    struct gc_ec2_tgw *out;
    struct gc_ec2_tgw_list found;
};

static int s_tgw_create_call(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    struct s_tgw_create *c = arg;
    return gc_ec2_tgw_create(op->aws, c->spec, c->out, err);
}

static int s_tgw_lookup(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err)
{
    struct s_tgw_create *c = arg;
    const char *values[1] = {c->token};
    struct gc_ec2_filter f = {.name = "tag:" GC_TAG_CREATE_TOKEN, .values = values, .n_values = 1};
    struct gc_ec2_select sel = {.filters = &f, .n_filters = 1};
    gc_ec2_tgw_list_clean_up(&c->found); /* a look-up per uncertain attempt: the last one's answer only */
    int rc = gc_ec2_tgw_list(op->aws, &sel, &c->found, err);
    for (size_t i = 0; rc == 0 && i < c->found.n; i++)
        rc = gc_strset_add(ids, c->found.items[i].id);
    return rc;
}

static int s_tgw_take(struct gc_op *op, void *arg, const char *id)
{
    struct s_tgw_create *c = arg;
    (void)op;
    for (size_t i = 0; i < c->found.n; i++) {
        if (c->found.items[i].id != id)
            continue;
        gc_ec2_tgw_clean_up(c->out);
        *c->out = c->found.items[i];
        memset(&c->found.items[i], 0, sizeof(c->found.items[i]));
        return 0;
    }
    return -1;
}

static int s_create_tgw(struct gc_op *op, const struct gc_ec2_tgw_spec *spec, const char *token, struct gc_ec2_tgw *out)
{
    struct s_tgw_create c = {spec, token, out, {0}};
    struct gc_adopt_spec adopt = {.operation = "CreateTransitGateway",
                                  .what = "transit gateway",
                                  .create = s_tgw_create_call,
                                  .lookup = s_tgw_lookup,
                                  .take = s_tgw_take,
                                  .arg = &c};
    int rc = gc_adopt_create(op, &adopt);
    gc_ec2_tgw_list_clean_up(&c.found);
    return rc;
}

/* Tags the TGW with its own id, as every other object of the hub is, so that one tag query finds them all. */
static int s_tag_self(struct gc_op *op, const char *tgw_id)
{
    int result = -1;
    struct gc_tags self = {0};
    struct gc_aws_error err = {0};
    if (gc_tags_add(&self, GC_TAG_TGW, tgw_id) != 0)
        goto cleanup;
    if (gc_ec2_tags_create(op->aws, &tgw_id, 1, &self, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_tags_clean_up(&self);
    return result;
}

/* The create made and wired everything: the TGW loses GC_TAG_CREATE_UNFINISHED. */
static int s_mark_finished(struct gc_op *op, const char *tgw_id)
{
    int result = -1;
    struct gc_tags marker = {0};
    struct gc_aws_error err = {0};
    if (gc_tags_add(&marker, GC_TAG_CREATE_UNFINISHED, "true") != 0)
        goto cleanup;
    if (gc_ec2_tags_delete(op->aws, &tgw_id, 1, &marker, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_tags_clean_up(&marker);
    return result;
}

/* Progress of a create, one INFO line per step ("hub naruto: route table asp (4 of 10)"), so that someone watching
 * TF_LOG_PROVIDER=info sees where a long create is. Steps that run at once are reported by the create's own thread
 * when their phase ends, from what the hub then holds, so no step on another thread touches this. */
struct s_progress {
    const char *municipality;
    int step;
    int total;
};

static void s_progress_begin(struct s_progress *p, const struct gc_value *planned)
{
    /* transit gateway, VPC and subnets, VPC attachment, a route table and its wiring per domain, RAM share */
    p->municipality = gc_value_get_string(planned, "municipality");
    p->step = 0;
    p->total = 4 + 2 * (int)gc_value_length(gc_value_object_get(planned, "routing_domains"));
}

static void s_progress_step(struct s_progress *p, const char *what, const char *detail)
{
    p->step++;
    GC_INFO("hub %s: %s%s%s (%d of %d)", p->municipality ? p->municipality : "?", what, detail ? " " : "",
            detail ? detail : "", p->step, p->total);
}

/* The parts made at once after the transit gateway: what of them exists now. */
static void s_progress_parts(struct s_progress *p, const struct gc_hub *hub)
{
    if (hub->vpc_id)
        s_progress_step(p, "operations VPC and subnets", hub->vpc_cidr);
    if (hub->attachment_id)
        s_progress_step(p, "VPC attachment", hub->attachment_id);
    for (size_t i = 0; i < hub->n_domains; i++)
        s_progress_step(p, "route table", hub->domains[i].name);
    if (hub->share_arn)
        s_progress_step(p, "RAM share of the transit gateway", NULL);
}

static void s_progress_wiring(struct s_progress *p, const struct gc_hub *hub)
{
    for (size_t i = 0; i < hub->n_domains; i++) {
        const struct gc_hub_domain *d = &hub->domains[i];
        if (d->wired)
            s_progress_step(p,
                            strcmp(d->name, "ops") == 0 ? "associate the operations VPC with"
                                                        : "propagate the operations VPC into",
                            d->name);
    }
}

/* The create's and delete's parts, each writing its own fields of the hub. */
struct s_hub_step {
    struct gc_hub *hub;
    const struct gc_value *planned;
};

static int s_step_tag_self(struct gc_op *op, void *arg)
{
    struct s_hub_step *st = arg;
    return s_tag_self(op, st->hub->tgw_id);
}

static int s_step_create_network(struct gc_op *op, void *arg)
{
    struct s_hub_step *st = arg;
    return s_create_network(op, st->hub, st->planned);
}

static int s_step_create_domains(struct gc_op *op, void *arg)
{
    struct s_hub_step *st = arg;
    return s_create_missing_domains(op, st->hub, st->planned);
}

static int s_step_create_share(struct gc_op *op, void *arg)
{
    struct s_hub_step *st = arg;
    return s_create_share(op, st->hub, st->planned);
}

static int s_step_delete_share(struct gc_op *op, void *arg)
{
    struct s_hub_step *st = arg;
    struct gc_aws_error err = {0};
    int rc = st->hub->share_arn ? gc_ram_share_delete(op->aws, st->hub->share_arn, &err) : 0;
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

static int s_step_unwire_all(struct gc_op *op, void *arg)
{
    struct s_hub_step *st = arg;
    return s_unwire_all(op, st->hub);
}

struct s_rt_delete_step {
    const char *id;
};

static int s_step_delete_route_table(struct gc_op *op, void *arg)
{
    struct s_rt_delete_step *st = arg;
    return s_delete_object(op, S_ROUTE_TABLE, st->id, "route table", true);
}

/* Deletes the hub's route tables at once (their wiring is gone). At most GC_PARALLEL_MAX_STEPS per run. */
static int s_delete_route_tables(struct gc_op *op, const struct gc_ec2_tgw_rt_list *rts)
{
    struct s_rt_delete_step st[GC_PARALLEL_MAX_STEPS];
    struct gc_parallel_step steps[GC_PARALLEL_MAX_STEPS];
    for (size_t done = 0; done < rts->n;) {
        size_t n = rts->n - done < GC_PARALLEL_MAX_STEPS ? rts->n - done : GC_PARALLEL_MAX_STEPS;
        for (size_t i = 0; i < n; i++) {
            st[i].id = rts->items[done + i].id;
            steps[i] = (struct gc_parallel_step){s_step_delete_route_table, &st[i]};
        }
        if (gc_parallel_run(op, steps, n) != 0)
            return -1;
        done += n;
    }
    return 0;
}

static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state);

/* The journal's key of a hub: region, municipality and name (what its identity tags and the provider say). NULL
 * when memory ran out. */
static char *s_journal_identity(const struct gc_op *op, const struct gc_value *planned)
{
    const char *parts[] = {gc_value_get_string(planned, "municipality"), gc_value_get_string(planned, "name")};
    return gc_journal_identity(op->provider ? op->provider->region : NULL, parts, 2);
}

/* Whether the loaded hub was built with what the plan would replace it for (ASN, VPC CIDR, zones). */
static bool s_hub_fits_plan(const struct gc_hub *hub, const struct gc_value *planned)
{
    int64_t asn = 0;
    const char *cidr = gc_value_get_string(planned, "vpc_cidr");
    const struct gc_value *zones = gc_value_object_get(planned, "availability_zones");
    bool fits = gc_value_get_int64(planned, "amazon_side_asn", &asn) == 0 && hub->asn == asn && cidr && hub->vpc_cidr &&
                strcmp(cidr, hub->vpc_cidr) == 0 && hub->n_subnets == gc_value_length(zones);
    for (size_t i = 0; fits && i < hub->n_subnets; i++) {
        const char *z = gc_value_string(gc_value_index(zones, i));
        fits = z && hub->zones[i] && strcmp(z, hub->zones[i]) == 0;
    }
    return fits;
}

/* Takes over the finished hub `tgw_id` of this directory's create whose answer never reached the state: brought to
 * the plan as an update from what AWS holds. A hub built with other force-new settings (the configuration changed
 * since) is deleted instead and *rebuild set: the caller creates it afresh. */
static int s_adopt_hub(struct gc_op *op, const char *tgw_id, const struct gc_value *planned, struct gc_value **state,
                       bool *rebuild)
{
    int result = -1;
    struct gc_hub hub = {0};
    struct gc_value *prior = NULL;
    bool found = false;
    *rebuild = false;
    if (gc_hub_load(op, tgw_id, NULL, &hub, &found) != 0)
        goto cleanup;
    if (!found) { /* gone since it was listed: nothing to take over */
        *rebuild = true;
        result = 0;
        goto cleanup;
    }
    if (!s_hub_fits_plan(&hub, planned)) {
        if (s_delete_loaded(op, &hub) != 0)
            goto cleanup;
        gc_diags_warning_at(op->diags, NULL, "Deleted the hub of a create whose answer never reached the state",
                            "Transit Gateway %s was made by an earlier create of hub \"%s\" in this working directory "
                            "whose answer never reached Terraform's state, with settings the plan now replaces "
                            "(amazon_side_asn, vpc_cidr or availability_zones). gcnet deleted it and creates the hub "
                            "afresh.",
                            tgw_id, gc_value_get_string(planned, "name"));
        *rebuild = true;
        result = 0;
        goto cleanup;
    }
    prior = gc_value_copy(planned);
    if (!prior || s_hub_to_state(&hub, prior, true) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not take over hub %s.", tgw_id);
        goto cleanup;
    }
    GC_WARN("hub %s: taking over transit gateway %s, made by a create whose answer never reached the state",
            hub.name ? hub.name : "?", tgw_id);
    gc_diags_warning_at(op->diags, NULL, "Took over the hub of a create whose answer never reached Terraform's state",
                        "Transit Gateway %s was made by an earlier create of hub \"%s\" in this working directory "
                        "(its create token is in %s), which stopped after AWS had built the hub but before Terraform "
                        "saved it. gcnet took it over and brought it to the plan.",
                        tgw_id, gc_value_get_string(planned, "name"), gc_journal_path(op->provider->journal));
    result = s_update(op, prior, planned, state);
cleanup:
    gc_value_free(prior);
    gc_hub_clean_up(&hub);
    return result;
}

static int s_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    int result = -1;
    struct gc_hub hub = {0};
    struct gc_tags tags = {0};
    struct gc_ec2_tgw tgw = {0};
    /* The hub's Transit Gateway policy: nothing shared is accepted, associated or propagated by default (every
     * attachment is wired explicitly to its routing domain); DNS support and VPN ECMP on. */
    struct gc_ec2_tgw_spec spec = {
        .auto_accept_shared_attachments = GC_EC2_DISABLE,
        .default_route_table_association = GC_EC2_DISABLE,
        .default_route_table_propagation = GC_EC2_DISABLE,
        .dns_support = GC_EC2_ENABLE,
        .vpn_ecmp_support = GC_EC2_ENABLE,
    };
    int64_t asn = 64512;
    char token[37];
    char *identity = NULL, *adopt_id = NULL;
    bool rebuild = false, deleted = false;
    struct s_progress progress;
    struct s_before_create before = {.planned = planned};
    const struct gc_parallel_step before_steps[] = {{s_step_list_tgws, &before}, {s_step_list_shares, &before}};
    *state = NULL;
    s_progress_begin(&progress, planned);
    gc_value_get_int64(planned, "amazon_side_asn", &asn);
    spec.amazon_side_asn = asn;
    spec.description = gc_value_get_string(planned, "name");
    if (s_object_tags(&tags, planned, NULL, NULL) != 0)
        goto cleanup;
    spec.tags = &tags;
    if (gc_adopt_token_tag(&tags, GC_TAG_CREATE_TOKEN, token) != 0 ||
        gc_tags_add(&tags, GC_TAG_CREATE_UNFINISHED, "true") != 0)
        goto cleanup;
    /* the municipality's TGWs (a stray or unfinished hub, or this directory's own to take over) and its shares (a
     * deleted hub's) are listed at once */
    if (!(identity = s_journal_identity(op, planned)) || gc_parallel_run(op, before_steps, 2) != 0 ||
        s_check_no_stray_hub(op, planned, identity, &before.tgws, &adopt_id, &deleted) != 0)
        goto cleanup;
    if (adopt_id && s_adopt_hub(op, adopt_id, planned, state, &rebuild) != 0)
        goto cleanup;
    if (adopt_id && !rebuild) {
        result = 0;
        goto cleanup;
    }
    /* an unfinished hub deleted above took its share with it: then the shares are listed again */
    if (s_sweep_orphan_shares(op, planned, deleted ? NULL : &before.shares) != 0)
        goto cleanup;
    /* before the first create request: should the answer never reach the state, the next create of this directory
     * finds the finished hub by this token and takes it over (gc_journal.h) */
    gc_journal_begin(op->provider->journal, op->type_name, identity, token, NULL, op->diags);
    if (s_create_tgw(op, &spec, token, &tgw) != 0)
        goto cleanup;
    gc_journal_set_id(op->provider->journal, op->type_name, identity, token, tgw.id, op->diags);
    /* moved, not copied: a failed copy here would lose the TGW from the state */
    hub.tgw_id = tgw.id;
    hub.tgw_arn = tgw.arn;
    hub.owner_id = tgw.owner_id;
    tgw.id = tgw.arn = tgw.owner_id = NULL;
    s_progress_step(&progress, "transit gateway", hub.tgw_id);
    if (s_wait(op, S_TGW, hub.tgw_id, NULL, "available", "transit gateway", tgw.state) != 0)
        goto cleanup;
    /* the VPC and its attachment, the domains' route tables and the share need only the TGW: made at once, beside
     * the TGW's own id tag (each part carries that tag itself, and an interrupted create that is adopted runs this
     * again) */
    struct s_hub_step parts_arg = {&hub, planned};
    const struct gc_parallel_step parts[] = {
        {s_step_tag_self, &parts_arg},
        {s_step_create_network, &parts_arg},
        {s_step_create_domains, &parts_arg},
        {s_step_create_share, &parts_arg},
    };
    int parts_rc = gc_parallel_run(op, parts, sizeof parts / sizeof parts[0]);
    s_progress_parts(&progress, &hub);
    if (parts_rc != 0)
        goto cleanup;
    int wiring_rc = s_wire_domains(op, &hub, planned);
    s_progress_wiring(&progress, &hub);
    if (wiring_rc != 0)
        goto cleanup;
    if (s_mark_finished(op, hub.tgw_id) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (hub.tgw_id) {
        /* also on failure: what exists goes into state so that nothing is orphaned */
        *state = s_state_from(planned, &hub);
        if (!*state)
            result = -1;
    }
    GC_INFO("hub %s: %s after %d of %d steps", progress.municipality ? progress.municipality : "?",
            adopt_id && !rebuild ? "taken over"
            : result == 0        ? "created"
                                 : "failed",
            progress.step, progress.total);
    free(identity);
    free(adopt_id);
    gc_ec2_tgw_list_clean_up(&before.tgws);
    gc_ram_share_list_clean_up(&before.shares);
    gc_ec2_tgw_clean_up(&tgw);
    gc_tags_clean_up(&tags);
    gc_hub_clean_up(&hub);
    return result;
}

/* The ids the prior state names, for the load's one round (hub_model.h). Borrowed from `prior`. An imported state
 * has no routing_domains (the read orders them as the default list): every table of route_table_ids is a hint. */
static void s_hints_of(const struct gc_value *prior, struct gc_hub_hints *hints)
{
    const struct gc_value *domains = gc_value_object_get(prior, "routing_domains");
    const struct gc_value *tables = gc_value_object_get(prior, "route_table_ids");
    hints->share_arn = gc_value_get_string(prior, "resource_share_arn");
    hints->vpc_id = gc_value_get_string(prior, "vpc_id");
    if (gc_value_is_null(domains) && gc_value_is_known(tables) && !gc_value_is_null(tables)) {
        for (size_t i = 0; i < tables->u.map.n && hints->n_domains < GC_HUB_MAX_DOMAINS; i++) {
            const char *rt_id = gc_value_string(tables->u.map.vals[i]);
            if (!rt_id)
                continue;
            hints->domains[hints->n_domains] = tables->u.map.keys[i];
            hints->route_table_ids[hints->n_domains] = rt_id;
            hints->n_domains++;
        }
        return;
    }
    for (size_t i = 0; gc_value_is_known(domains) && i < gc_value_length(domains) && i < GC_HUB_MAX_DOMAINS; i++) {
        const char *name = gc_value_string(gc_value_index(domains, i));
        const char *rt_id = gc_value_is_known(tables) ? gc_value_string(gc_value_map_get(tables, name)) : NULL;
        if (!name || !rt_id)
            continue;
        hints->domains[hints->n_domains] = name;
        hints->route_table_ids[hints->n_domains] = rt_id;
        hints->n_domains++;
    }
}

static int s_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    int result = -1;
    struct gc_hub hub = {0};
    struct gc_hub_hints hints = {0};
    bool found = false;
    *state = NULL;
    const char *id = gc_value_get_string(prior, "id");
    if (!id)
        return 0;
    s_hints_of(prior, &hints);
    hints.dx_associations = gc_hub_memo_dx(op->private_prior);
    if (gc_hub_load_hinted(op, id, &hints, &hub, &found) != 0)
        goto cleanup;
    if (found) {
        /* the memo for the next read: the Direct Connect gateways seen now (a lost memo costs a round, no more) */
        char *memo = gc_hub_memo_of(&hub);
        if (memo)
            gc_op_set_private(op, memo, strlen(memo));
        free(memo);
        *state = gc_value_copy(prior);
        if (!*state || s_hub_to_state(&hub, *state, true) != 0 || s_hub_to_read_state(&hub, prior, *state) != 0 ||
            (!hub.municipality &&
             gc_value_object_set(*state, "municipality", gc_value_copy(gc_value_object_get(prior, "municipality"))) !=
                 0)) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the state of hub %s.", id);
            goto cleanup;
        }
    }
    result = 0;
cleanup:
    gc_hub_clean_up(&hub);
    return result;
}

static int s_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    int result = -1;
    struct gc_hub hub = {0};
    bool found = false;
    *state = NULL;
    if (!gc_schema_is_aws_id(id, "tgw-")) {
        gc_import_bad_id(op, id, "a hub by its Transit Gateway ID", "gcnet_municipality_hub.x tgw-0123456789abcdef0");
        goto cleanup;
    }
    if (gc_hub_load(op, id, NULL, &hub, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_import_missing(op, "No Transit Gateway %s exists in this account and region.", id);
        goto cleanup;
    }
    if (!gc_catalog_find(hub.municipality)) {
        gc_diags_error_at(op->diags, NULL, "Not a gcnet hub",
                          "Transit Gateway %s has no %s tag naming one of the catalog's municipalities, so it was not "
                          "built by gcnet_municipality_hub.",
                          id, GC_TAG_MUNICIPALITY);
        goto cleanup;
    }
    /* the ids found (tables, share) go with the imported state: the read that follows loads in one round */
    result = gc_import_state(op, &s_hub_block, id, state);
    if (result == 0 && s_hub_to_state(&hub, *state, false) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not make the imported state of %s.", id);
        gc_value_free(*state);
        *state = NULL;
        result = -1;
    }
cleanup:
    gc_hub_clean_up(&hub);
    return result;
}

/* What makes one object's tags: the TGW id and the object's part of a generated Name (<name>-ops,
 * <name>-<domain>), so that a renamed hub renames its objects. */
struct s_tagged {
    const char *tgw_id;
    const char *suffix;
};

static int s_build_tags(struct gc_tags *out, const struct gc_value *resource, void *arg)
{
    const struct s_tagged *t = arg;
    return s_object_tags(out, resource, t->tgw_id, t->suffix);
}

/* Re-tags one object from its tags under the prior configuration to those under the planned one; the share is
 * RAM's, everything else EC2's. */
static int s_retag(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned, const char *tgw_id,
                   const char *id, const char *suffix, bool share)
{
    struct s_tagged t = {tgw_id, suffix};
    return gc_tagging_retag(op, id, prior, planned, s_build_tags, &t,
                            share ? gc_ram_share_tags_update : gc_ec2_tags_update);
}

/* One object's re-tagging, a step of s_update_tags's round. */
struct s_retag_step {
    const struct gc_value *prior;
    const struct gc_value *planned;
    const char *tgw_id;
    const char *id;
    const char *suffix;
    bool share;
};

static int s_step_retag(struct gc_op *op, void *arg)
{
    const struct s_retag_step *st = arg;
    return s_retag(op, st->prior, st->planned, st->tgw_id, st->id, st->suffix, st->share);
}

/* Re-tags the TGW, the ops VPC, its attachment and subnets, the route tables of the domains still planned and the
 * share, all at once (each object is its own request: their Name tags differ). The domains to be removed are
 * left as they are: s_update_domains deletes them. */
static int s_update_tags(struct gc_op *op, struct gc_hub *hub, const struct gc_value *prior,
                         const struct gc_value *planned)
{
    struct s_retag_step st[4 + GC_HUB_ZONES + GC_HUB_MAX_DOMAINS];
    struct gc_parallel_step steps[4 + GC_HUB_ZONES + GC_HUB_MAX_DOMAINS];
    struct gc_strset want = {0};
    size_t n = 0;
    const char *tgw = hub->tgw_id;
    int result = -1;
    if (!gc_tagging_changed(prior, planned, "name"))
        return 0;
    if (gc_strset_of_value(&want, gc_value_object_get(planned, "routing_domains")) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not re-tag hub %s.", tgw);
        goto cleanup;
    }
    st[n++] = (struct s_retag_step){prior, planned, tgw, tgw, NULL, false};
    if (hub->vpc_id)
        st[n++] = (struct s_retag_step){prior, planned, tgw, hub->vpc_id, "ops", false};
    if (hub->attachment_id)
        st[n++] = (struct s_retag_step){prior, planned, tgw, hub->attachment_id, "ops", false};
    for (size_t i = 0; i < hub->n_subnets && i < GC_HUB_ZONES; i++)
        st[n++] = (struct s_retag_step){prior, planned, tgw, hub->subnet_ids[i], "ops", false};
    for (size_t i = 0; i < hub->n_domains; i++)
        if (gc_strset_has(&want, hub->domains[i].name))
            st[n++] =
                (struct s_retag_step){prior, planned, tgw, hub->domains[i].route_table_id, hub->domains[i].name, false};
    if (hub->share_arn)
        st[n++] = (struct s_retag_step){prior, planned, tgw, hub->share_arn, NULL, true};
    for (size_t i = 0; i < n; i++)
        steps[i] = (struct gc_parallel_step){s_step_retag, &st[i]};
    result = gc_parallel_run(op, steps, n);
cleanup:
    gc_strset_clean_up(&want);
    return result;
}

static int s_update_share(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    int result = -1;
    struct gc_aws_error err = {0};
    struct gc_strset want = {0}, have = {0}, add = {0}, remove = {0};
    bool external = false;
    if (!hub->share_arn)
        return s_create_share(op, hub, planned);
    gc_value_get_bool(planned, "allow_external_principals", &external);
    /* the share is named after the hub */
    const char *name = gc_value_get_string(planned, "name");
    bool rename = name && (!hub->share_name || strcmp(name, hub->share_name) != 0);
    if (gc_strset_of_value(&want, gc_value_object_get(planned, "share_with")) != 0 ||
        gc_strset_of_array(&have, (const char *const *)hub->principals, hub->n_principals) != 0 ||
        gc_strset_diff(&have, &want, &add, &remove) != 0)
        goto cleanup;
    if ((rename || external != hub->allow_external_principals) &&
        gc_ram_share_update(op->aws, hub->share_arn, rename ? name : NULL, external ? GC_RAM_TRUE : GC_RAM_FALSE, NULL,
                            &err) != 0)
        goto cleanup;
    if (remove.n && gc_ram_share_disassociate(op->aws, hub->share_arn, remove.items, remove.n, NULL, 0, &err) != 0)
        goto cleanup;
    if (add.n && gc_ram_share_associate(op->aws, hub->share_arn, add.items, add.n, NULL, 0, &err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    gc_strset_clean_up(&want);
    gc_strset_clean_up(&have);
    gc_strset_clean_up(&add);
    gc_strset_clean_up(&remove);
    return result;
}

/* Removes the domains no longer planned, then creates and wires the missing ones. */
static int s_update_domains(struct gc_op *op, struct gc_hub *hub, const struct gc_value *planned)
{
    struct gc_strset want = {0};
    int rc = gc_strset_of_value(&want, gc_value_object_get(planned, "routing_domains"));
    for (size_t i = hub->n_domains; rc == 0 && i-- > 0;) {
        struct gc_hub_domain *d = &hub->domains[i];
        if (gc_strset_has(&want, d->name))
            continue;
        rc = s_delete_domain(op, hub, d);
        if (rc == 0) {
            free(d->name);
            free(d->route_table_id);
            *d = hub->domains[--hub->n_domains];
            memset(&hub->domains[hub->n_domains], 0, sizeof(hub->domains[0]));
        }
    }
    gc_strset_clean_up(&want);
    return rc == 0 ? s_ensure_domains(op, hub, planned) : -1;
}

static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state)
{
    int result = -1;
    struct gc_hub hub = {0};
    struct gc_aws_error err = {0};
    bool found = false;
    *state = NULL;
    struct gc_hub_hints hints = {0};
    const char *id = gc_value_get_string(prior, "id");
    s_hints_of(prior, &hints);
    if (gc_hub_load_hinted(op, id, &hints, &hub, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_diags_error_at(op->diags, NULL, "Hub disappeared", "Transit Gateway %s no longer exists.", id);
        goto cleanup;
    }
    const char *name = gc_value_get_string(planned, "name");
    if (name && (!hub.name || strcmp(name, hub.name) != 0)) {
        struct gc_ec2_tgw_modify mod = {0};
        mod.description = name;
        if (gc_ec2_tgw_modify(op->aws, hub.tgw_id, &mod, NULL, &err) != 0) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        if (s_wait(op, S_TGW, hub.tgw_id, NULL, "available", "transit gateway", NULL) != 0)
            goto cleanup;
    }
    if (s_update_tags(op, &hub, prior, planned) != 0)
        goto cleanup;
    /* an attachment deleted outside Terraform is made again; the domains are then wired to it */
    if (hub.vpc_id && !hub.attachment_id) {
        if (s_create_attachment(op, &hub, planned) != 0)
            goto cleanup;
        for (size_t i = 0; i < hub.n_domains; i++)
            hub.domains[i].wired = false; /* a new attachment has no associations or propagations yet */
    }
    if (s_update_domains(op, &hub, planned) != 0)
        goto cleanup;
    if (s_update_share(op, &hub, planned) != 0)
        goto cleanup;
    *state = s_state_from(planned, &hub);
    result = *state ? 0 : -1;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_hub_clean_up(&hub);
    return result;
}

/* What the delete's first round lists: every VPC and domain route table tagged with the TGW (strays the state never
 * held included) and the TGW's VPC attachments. */
struct s_delete_lists {
    const char *tgw_id;
    struct gc_ec2_vpc_list vpcs;
    struct gc_ec2_tgw_rt_list rts;
    struct gc_ec2_tgw_vpc_attachment_list atts;
};

static int s_step_list_vpcs(struct gc_op *op, void *arg)
{
    struct s_delete_lists *dl = arg;
    struct gc_aws_error err = {0};
    const char *values[1] = {dl->tgw_id};
    struct gc_ec2_filter f = {"tag:" GC_TAG_TGW, values, 1};
    struct gc_ec2_select by_tag = {.filters = &f, .n_filters = 1};
    int rc = gc_ec2_vpc_list(op->aws, &by_tag, &dl->vpcs, &err);
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

static int s_step_list_route_tables(struct gc_op *op, void *arg)
{
    struct s_delete_lists *dl = arg;
    struct gc_aws_error err = {0};
    int rc = gc_ec2_tgw_rt_list_tagged(op->aws, dl->tgw_id, GC_TAG_DOMAIN, &dl->rts, &err);
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

static int s_step_list_attachments(struct gc_op *op, void *arg)
{
    struct s_delete_lists *dl = arg;
    struct gc_aws_error err = {0};
    int rc = gc_ec2_tgw_vpc_attachment_list_by_tgw(op->aws, dl->tgw_id, &dl->atts, &err);
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

/* One operations VPC of the hub to delete, with the TGW's attachments listed in the first round. */
struct s_vpc_delete {
    const char *vpc_id;
    const struct gc_ec2_tgw_vpc_attachment_list *atts;
    struct gc_ec2_subnet_list subnets;
};

/* The VPC's attachments to the TGW, deleted and waited for. */
static int s_step_delete_vpc_attachments(struct gc_op *op, void *arg)
{
    const struct s_vpc_delete *vd = arg;
    struct gc_aws_error err = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vd->atts->n; i++) {
        const struct gc_ec2_tgw_vpc_attachment *a = &vd->atts->items[i];
        if (!a->vpc_id || strcmp(a->vpc_id, vd->vpc_id) != 0 || gc_ec2_state_is_gone(a->state))
            continue;
        rc = gc_ec2_tgw_vpc_attachment_delete(op->aws, a->id, &err);
        if (rc != 0)
            gc_op_aws_error(op, &err);
        else
            rc = s_wait(op, S_ATTACHMENT, a->id, NULL, NULL, "VPC attachment", NULL);
        gc_aws_error_clean_up(&err);
    }
    return rc;
}

/* The VPC's subnets (a read beside the attachments' deletion: they are deleted once it has ended). */
static int s_step_list_vpc_subnets(struct gc_op *op, void *arg)
{
    struct s_vpc_delete *vd = arg;
    struct gc_aws_error err = {0};
    const char *values[1] = {vd->vpc_id};
    struct gc_ec2_filter f = {"vpc-id", values, 1};
    struct gc_ec2_select by_vpc = {.filters = &f, .n_filters = 1};
    int rc = gc_ec2_subnet_list(op->aws, &by_vpc, &vd->subnets, &err);
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

struct s_subnet_delete_step {
    const char *id;
};

static int s_step_delete_subnet(struct gc_op *op, void *arg)
{
    const struct s_subnet_delete_step *st = arg;
    return s_delete_object(op, S_SUBNET, st->id, "subnet", false);
}

/* Deletes one operations VPC of the hub: its attachments to the TGW (its subnets listed meanwhile), its subnets at
 * once, then the VPC. */
static int s_delete_vpc(struct gc_op *op, const char *vpc_id, const struct gc_ec2_tgw_vpc_attachment_list *atts)
{
    int result = -1;
    struct s_vpc_delete vd = {.vpc_id = vpc_id, .atts = atts};
    struct s_subnet_delete_step st[GC_PARALLEL_MAX_STEPS];
    struct gc_parallel_step steps[GC_PARALLEL_MAX_STEPS];
    const struct gc_parallel_step first[] = {{s_step_delete_vpc_attachments, &vd}, {s_step_list_vpc_subnets, &vd}};
    if (gc_parallel_run(op, first, sizeof first / sizeof first[0]) != 0)
        goto cleanup;
    for (size_t done = 0; done < vd.subnets.n;) {
        size_t n = vd.subnets.n - done < GC_PARALLEL_MAX_STEPS ? vd.subnets.n - done : GC_PARALLEL_MAX_STEPS;
        for (size_t i = 0; i < n; i++) {
            st[i].id = vd.subnets.items[done + i].id;
            steps[i] = (struct gc_parallel_step){s_step_delete_subnet, &st[i]};
        }
        if (gc_parallel_run(op, steps, n) != 0)
            goto cleanup;
        done += n;
    }
    result = s_delete_object(op, S_VPC, vpc_id, "VPC", false);
cleanup:
    gc_ec2_subnet_list_clean_up(&vd.subnets);
    return result;
}

static int s_step_delete_vpcs(struct gc_op *op, void *arg)
{
    const struct s_delete_lists *dl = arg;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < dl->vpcs.n; i++)
        rc = s_delete_vpc(op, dl->vpcs.items[i].id, &dl->atts);
    return rc;
}

static int s_step_delete_route_tables(struct gc_op *op, void *arg)
{
    const struct s_delete_lists *dl = arg;
    return s_delete_route_tables(op, &dl->rts);
}

/* Deletes the loaded hub and everything tagged with its TGW id, then the TGW: also strays the state never held,
 * such as a second VPC made by a create whose answer was lost, so that nothing is orphaned. First round: the
 * share's deletion, the domains' unwiring (before any attachment goes: a propagation of a deleted attachment is
 * gone, and its disable would fail) and the lists of what is tagged with the TGW, at once; then the VPCs
 * (attachments, subnets, VPC) beside the route tables (unwired: nothing holds them); then the TGW. */
static int s_delete_loaded(struct gc_op *op, struct gc_hub *hub)
{
    int result = -1;
    struct s_delete_lists dl = {.tgw_id = hub->tgw_id};
    struct s_hub_step first_arg = {hub, NULL};
    const struct gc_parallel_step first[] = {{s_step_delete_share, &first_arg},
                                             {s_step_unwire_all, &first_arg},
                                             {s_step_list_vpcs, &dl},
                                             {s_step_list_route_tables, &dl},
                                             {s_step_list_attachments, &dl}};
    const struct gc_parallel_step second[] = {{s_step_delete_vpcs, &dl}, {s_step_delete_route_tables, &dl}};
    if (gc_parallel_run(op, first, sizeof first / sizeof first[0]) != 0 ||
        gc_parallel_run(op, second, sizeof second / sizeof second[0]) != 0 ||
        s_delete_object(op, S_TGW, hub->tgw_id, "transit gateway", true) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_ec2_vpc_list_clean_up(&dl.vpcs);
    gc_ec2_tgw_rt_list_clean_up(&dl.rts);
    gc_ec2_tgw_vpc_attachment_list_clean_up(&dl.atts);
    return result;
}

/* Deletes the hub of `tgw_id` and everything tagged with it; `hints` (may be NULL: a stray, the share found by its
 * tag) are the ids of the prior state, for the load's one round. */
static int s_delete_hub(struct gc_op *op, const char *tgw_id, const struct gc_hub_hints *hints)
{
    int result = -1;
    struct gc_hub hub = {0};
    bool found = false;
    if (gc_hub_load_hinted(op, tgw_id, hints, &hub, &found) != 0)
        goto cleanup;
    result = found ? s_delete_loaded(op, &hub) : 0;
cleanup:
    gc_hub_clean_up(&hub);
    return result;
}

static int s_delete(struct gc_op *op, const struct gc_value *prior)
{
    struct gc_hub_hints hints = {0};
    const char *id = gc_value_get_string(prior, "id");
    if (!id)
        return 0;
    s_hints_of(prior, &hints);
    return s_delete_hub(op, id, &hints);
}

GC_RESOURCE_DEFINE(gc_resource_municipality_hub, "gcnet_municipality_hub", &s_hub_block, s_timeouts_block);
