/* gcnet_onprem_link: the municipality's premises (LGWAN over LGCS, or a private line) connected to its hub.
 *
 * The link's Transit Gateway attachment is associated with the `onprem` routing domain and reaches `asp` and `ops`:
 * by propagation where the attachment type propagates (a Direct Connect gateway's), by static routes for
 * `onprem_cidrs` where it cannot (a TGW peering). Every route table of the ops VPC routes `onprem_cidrs` toward the
 * TGW. The link's settings (name, service, networks) are kept as gcnet:onprem-* tags on the attachment, so that
 * import rebuilds the whole state.
 *
 * Methods:
 *   - "dx_gateway": gcnet associates the municipality's Direct Connect gateway with the TGW, advertising
 *     `allowed_prefixes` to the premises. A change of `allowed_prefixes` is made in place
 *     (UpdateDirectConnectGatewayAssociation): the association, its attachment and the attachment's route-table
 *     association stay (hashicorp/aws replaced them, which cut real Direct Connect links). The link's id is the
 *     association id; destroy deletes the association (gcnet's), never the Direct Connect gateway.
 *   - "tgw_peering": the carrier's peering attachment to the hub's TGW; gcnet accepts it when pendingAcceptance.
 *     The link's id is the attachment id; destroy removes gcnet's wiring and tags and leaves the carrier's
 *     attachment.
 *
 * Drift in the wiring shows as route_table_id, routed_domains, ops_vpc_routes and allowed_prefixes differing from
 * what the plan wants, and the next apply repairs it in place (s_converge is one path for create, update and
 * repair). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_ec2.h"
#include "base/gc_buf.h"
#include "base/gc_log.h"
#include "framework/gc_import.h"
#include "framework/gc_plan.h"
#include "framework/gc_strset.h"
#include "framework/gc_timeouts.h"
#include "resources/conn_model.h"
#include "resources/dns_check.h"
#include "resources/hub_model.h"
#include "resources/onprem_link.h"

#define S_TYPE "gcnet_onprem_link"
#define S_TAG_NAME "gcnet:onprem-link"
#define S_TAG_SERVICE "gcnet:onprem-service"
#define S_TAG_CIDRS "gcnet:onprem-cidrs"
#define S_TAG_PREFIX "gcnet:onprem-"
#define S_DX_TYPE "direct-connect-gateway"

/* Where the link's attachment is associated, and which domains reach the premises through it. */
static const char *const s_assoc_domain = "onprem";
static const char *const s_reach_domains[] = {"asp", "ops", NULL};
static const char *const s_needed_domains[] = {"onprem", "asp", "ops", NULL};
static const char *const s_methods[] = {"dx_gateway", "tgw_peering", "dx_proposal", "vpn", NULL};
static const char *const s_services[] = {"lgcs", "private_line", NULL};

static struct gc_block_def s_block;

static bool s_is_method(const struct gc_value *v, const char *method)
{
    const char *m = gc_value_get_string(v, "method");
    return m && strcmp(m, method) == 0;
}

/* Whether the method's attachment propagates its routes (a peering's does not: static routes instead). */
static bool s_propagates(const struct gc_value *v)
{
    return !s_is_method(v, "tgw_peering");
}

/* ---- validation ---- */

/* 8-4-4-4-12 hex digits: Direct Connect gateway, association and proposal ids. */
static bool s_uuid(const char *s)
{
    static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    if (!s || strlen(s) != sizeof form - 1)
        return false;
    for (size_t i = 0; form[i]; i++) {
        char c = s[i];
        bool hex = (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9');
        if (form[i] == '-' ? c != '-' : !hex)
            return false;
    }
    return true;
}

static const char *s_str_or_empty(const struct gc_value *v)
{
    return gc_value_string(v) ? gc_value_string(v) : "";
}

static int s_validate_dx_gateway_id(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (s_uuid(gc_value_string(v)))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid Direct Connect gateway ID",
                 "\"%s\" is not a Direct Connect gateway ID: those are UUIDs of lower-case hex digits, such as "
                 "5f294f92-bafb-4011-916d-9b0b0e0a0001.",
                 s_str_or_empty(v));
    return -1;
}

static int s_validate_attachment_id(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (gc_schema_is_aws_id(gc_value_string(v), "tgw-attach-"))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid attachment ID",
                 "\"%s\" is not a Transit Gateway attachment ID (tgw-attach- and 8 to 32 hex digits): give the "
                 "attachment ID of the peering the carrier offered on the hub's side.",
                 s_str_or_empty(v));
    return -1;
}

static int s_validate_account_id(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(v);
    bool ok = s && strlen(s) == 12;
    for (const char *p = s; ok && *p; p++)
        ok = *p >= '0' && *p <= '9';
    if (ok)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid account ID",
                 "\"%s\" is not an AWS account ID (12 digits): give the account of the carrier that owns the Direct "
                 "Connect gateway.",
                 s_str_or_empty(v));
    return -1;
}

static int s_validate_gateway_ip(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    uint32_t a = 0;
    int prefix = 0;
    char cidr[40];
    const char *s = gc_value_string(v);
    snprintf(cidr, sizeof cidr, "%s/32", s ? s : "");
    bool ok = s && strlen(s) <= 15 && gc_cidr_parse(cidr, true, &a, &prefix) == 0;
    /* a public address: not private, loopback, link-local, shared (100.64/10), multicast or reserved */
    bool private = (a >> 24) == 10 || (a >> 24) == 127 || (a >> 24) == 0 || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8 ||
                   (a >> 16) == 0xa9fe || (a >> 22) == (100u << 2 | 1) || (a >> 28) >= 0xe;
    if (ok && !private)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid customer gateway address",
                 "\"%s\" is not a public IPv4 address: give the address the premises' VPN router is reached at on "
                 "the internet.",
                 s_str_or_empty(v));
    return -1;
}

static int s_validate_bgp_asn(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    static const int64_t reserved[] = {7224, 9059, 10124, 17943};
    int64_t asn = 0;
    bool ok = gc_value_int64(v, &asn) == 0 && asn >= 1 && asn <= 4294967294LL;
    for (size_t i = 0; ok && i < sizeof reserved / sizeof reserved[0]; i++)
        ok = asn != reserved[i];
    if (ok)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid BGP ASN",
                 "Give the premises' router's AS number: 1 to 4294967294 (private: 64512-65534), not one AWS reserves "
                 "(7224, 9059, 10124, 17943).");
    return -1;
}

static int s_validate_one_of(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags,
                             const char *const *allowed, const char *summary, const char *detail)
{
    const char *s = gc_value_string(v);
    for (size_t i = 0; s && allowed[i]; i++)
        if (strcmp(s, allowed[i]) == 0)
            return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, summary, "\"%s\" %s", s ? s : "", detail);
    return -1;
}

static int s_validate_method(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return s_validate_one_of(v, path, diags, s_methods, "Invalid connection method",
                             "is not an on-prem connection method this gcnet supports: use \"dx_gateway\" (the "
                             "municipality's Direct Connect gateway associated with the hub's TGW), "
                             "\"dx_proposal\" (the carrier's Direct Connect gateway: gcnet proposes the association, "
                             "the carrier accepts it), \"tgw_peering\" (a peering attachment the carrier offered) "
                             "or \"vpn\" (a Site-to-Site VPN on the hub's TGW).");
}

static int s_validate_service(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return s_validate_one_of(v, path, diags, s_services, "Invalid connection service",
                             "is not a connection service: use \"lgcs\" (the LGWAN Government Cloud connection "
                             "service) or \"private_line\" (a private access line).");
}

static int s_validate_onprem_cidrs(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_conn_validate_cidr_list(v, path, diags, "the premises' networks", 28);
}

static int s_validate_allowed_prefixes(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_conn_validate_cidr_list(v, path, diags, "the hub's and ASPs' ranges advertised to the premises", 32);
}

/* Which arguments each method needs (R) and which it refuses (F); "-" neither; in s_methods' order. */
static const struct gc_conn_arg_rule s_arg_rules[] = {
    {"dx_gateway_id", "RFRF", "the Direct Connect gateway (a UUID)"},
    {"allowed_prefixes", "RFRF", "the ranges the Direct Connect gateway advertises to the premises"},
    {"peering_attachment_id", "FRFF", "the peering attachment the carrier offered on the hub's Transit Gateway"},
    {"dx_gateway_owner_account_id", "FFRF", "the account of the carrier that owns the Direct Connect gateway"},
    {"customer_gateway_ip", "FFFR", "the public IPv4 address of the premises' VPN router"},
    {"bgp_asn", "FFFR", "the BGP AS number of the premises' VPN router"},
};

static int s_validate(const struct gc_value *config, struct gc_diags *diags)
{
    int result =
        gc_conn_check_method_args(config, s_methods, s_arg_rules, sizeof s_arg_rules / sizeof s_arg_rules[0], diags);
    /* the premises cannot be among the ranges advertised to them */
    const struct gc_value *cidrs = gc_value_object_get(config, "onprem_cidrs");
    const struct gc_value *prefixes = gc_value_object_get(config, "allowed_prefixes");
    for (size_t i = 0;
         gc_value_is_wholly_known(cidrs) && gc_value_is_wholly_known(prefixes) && i < gc_value_length(prefixes); i++) {
        const char *p = gc_value_string(gc_value_index(prefixes, i));
        for (size_t j = 0; p && j < gc_value_length(cidrs); j++) {
            const char *c = gc_value_string(gc_value_index(cidrs, j));
            if (!c || !gc_conn_cidrs_overlap(c, p))
                continue;
            gc_diags_error_at(diags, "allowed_prefixes", "Premises range advertised to the premises",
                              "%s (allowed_prefixes, advertised to the premises) overlaps %s (onprem_cidrs, the "
                              "premises' own network): advertise only the hub's and the ASPs' ranges.",
                              p, c);
            result = -1;
        }
    }
    return result;
}

/* ---- schema ---- */

GC_TIMEOUTS_MINUTES(s_timeouts_block, 45);

#define RO (GC_ATTR_COMPUTED | GC_ATTR_STABLE)
static const struct gc_attr_def s_attrs[] = {
    {"allowed_prefixes", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "Methods dx_gateway and dx_proposal: the ranges the Direct Connect gateway advertises to the premises (IPv4 "
     "CIDR blocks, usually the ops VPC's and the ASPs'). Changed in place (dx_gateway: "
     "UpdateDirectConnectGatewayAssociation; dx_proposal: a new proposal the carrier accepts): the association and "
     "its route-table association stay.",
     s_validate_allowed_prefixes, NULL},
    {"association_id", &gc_type_string, RO, "Method dx_gateway: the Direct Connect gateway association's ID.", NULL,
     NULL},
    {"attachment_id", &gc_type_string, RO,
     "The link's Transit Gateway attachment (the Direct Connect gateway's, or the carrier's peering).", NULL, NULL},
    {"bgp_asn", &gc_type_number, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method vpn: the BGP AS number of the premises' VPN router. A change replaces the link.", s_validate_bgp_asn,
     NULL},
    {"customer_gateway_id", &gc_type_string, RO, "Method vpn: gcnet's customer gateway (cgw-…).", NULL, NULL},
    {"customer_gateway_ip", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method vpn: the public IPv4 address of the premises' VPN router. A change replaces the link.",
     s_validate_gateway_ip, NULL},
    {"dx_gateway_id", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Methods dx_gateway and dx_proposal: the Direct Connect gateway (a UUID): the municipality's, or the carrier's "
     "for dx_proposal. A change replaces the link.",
     s_validate_dx_gateway_id, NULL},
    {"dx_gateway_owner_account_id", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method dx_proposal: the carrier's AWS account (12 digits) that owns the Direct Connect gateway and accepts "
     "gcnet's proposal. A change replaces the link.",
     s_validate_account_id, NULL},
    {"hub_id", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "The hub's Transit Gateway ID (gcnet_municipality_hub.<name>.id). A change replaces the link.",
     gc_conn_validate_hub_id, NULL},
    {"id", &gc_type_string, RO,
     "The link's ID: the association ID for method dx_gateway, the first proposal's ID for dx_proposal, the "
     "attachment ID (tgw-attach-…) for tgw_peering, the VPN connection ID (vpn-…) for vpn. Import takes the same ID.",
     NULL, NULL},
    {"method", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "How the premises land in AWS: \"dx_gateway\" (the municipality's Direct Connect gateway associated with the "
     "hub's TGW), \"dx_proposal\" (the carrier's Direct Connect gateway: gcnet proposes, the carrier accepts) or "
     "\"tgw_peering\" (a peering attachment the carrier offered) or \"vpn\" (a Site-to-Site VPN on the hub's TGW, "
     "the backup path). A change replaces the link.",
     s_validate_method, NULL},
    {"name", &gc_type_string, GC_ATTR_REQUIRED, "Name of the link.", gc_validate_name, NULL},
    {"onprem_cidrs", &gc_type_set_string, GC_ATTR_REQUIRED,
     "The premises' networks (IPv4 CIDR blocks, /8 to /28). They must not overlap the ops VPC or an ASP; every route "
     "table of the ops VPC routes them toward the Transit Gateway.",
     s_validate_onprem_cidrs, NULL},
    {"ops_vpc_routes", &gc_type_set_string, RO,
     "The premises' networks that every route table of the ops VPC routes toward the Transit Gateway.", NULL, NULL},
    {"peering_attachment_id", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method tgw_peering: the peering attachment the carrier offered, as the hub's side sees it (tgw-attach-…); "
     "gcnet accepts it. A change replaces the link.",
     s_validate_attachment_id, NULL},
    {"proposal_id", &gc_type_string, RO,
     "Method dx_proposal: the latest association proposal (a new one when allowed_prefixes change).", NULL, NULL},
    {"route_table_id", &gc_type_string, RO,
     "The TGW route table the link's attachment is associated with (the onprem domain).", NULL, NULL},
    {"routed_domains", &gc_type_set_string, RO,
     "Routing domains that reach the premises through the link: asp and ops, by propagation (dx_gateway) or by "
     "static routes for onprem_cidrs (tgw_peering).",
     NULL, NULL},
    {"service", &gc_type_string, GC_ATTR_REQUIRED,
     "The connection service: \"lgcs\" (the LGWAN Government Cloud connection service) or \"private_line\".",
     s_validate_service, NULL},
    {"vpn_connection_id", &gc_type_string, RO, "Method vpn: the Site-to-Site VPN connection (vpn-…).", NULL, NULL},
    {"state", &gc_type_string, RO,
     "State of the link: the association's (associated) for dx_gateway and dx_proposal, requested while a "
     "proposal waits for the carrier to accept it, the attachment's (available) for tgw_peering.",
     NULL, NULL},
};
#undef RO

GC_RESOURCE_BLOCK(
    s_block, s_attrs, s_timeouts_block,
    "The municipality's premises connected to its hub (LGCS or a private line): the link's attachment associated "
    "with the onprem routing domain, reaching asp and ops, and the premises' networks routed from the ops VPC.");

/* ---- the link's bookkeeping tags on the attachment ---- */

static int s_wanted_tags(struct gc_tags *out, const struct gc_value *planned, const char *tgw_id)
{
    struct gc_strset cidrs = {0};
    int rc = gc_strset_of_value(&cidrs, gc_value_object_get(planned, "onprem_cidrs"));
    rc |= gc_tags_add(out, S_TAG_NAME, gc_value_get_string(planned, "name"));
    rc |= gc_tags_add(out, S_TAG_SERVICE, gc_value_get_string(planned, "service"));
    rc |= gc_tags_add(out, GC_TAG_TGW, tgw_id);
    if (rc == 0)
        rc |= gc_conn_tags_put_list(out, S_TAG_CIDRS, cidrs.items, cidrs.n);
    gc_strset_clean_up(&cidrs);
    return rc ? -1 : 0;
}

static int s_retag(struct gc_op *op, const struct gc_conn_attachment *att, const struct gc_value *planned,
                   const char *tgw_id)
{
    struct gc_tags want = {0};
    int result = -1;
    if (planned && s_wanted_tags(&want, planned, tgw_id) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the tags of attachment %s.", att->id);
        goto cleanup;
    }
    result = gc_conn_retag(op, att->id, &att->tags, S_TAG_PREFIX, planned ? &want : NULL);
cleanup:
    gc_tags_clean_up(&want);
    return result;
}

static int s_fill_from_tags(struct gc_value *s, const struct gc_tags *tags)
{
    char **items = NULL;
    size_t n = 0;
    int rc = 0;
    const char *name = gc_tags_find(tags, S_TAG_NAME);
    const char *service = gc_tags_find(tags, S_TAG_SERVICE);
    if (name)
        rc |= gc_value_set_string(s, "name", name);
    if (service)
        rc |= gc_value_set_string(s, "service", service);
    rc |= gc_conn_tags_get_list(tags, S_TAG_CIDRS, &items, &n);
    if (rc == 0 && items && n > 0)
        rc |= gc_value_object_set(s, "onprem_cidrs",
                                  gc_value_new_string_list(&gc_type_set_string, (const char *const *)items, n));
    gc_conn_strings_free(items, n);
    return rc ? -1 : 0;
}

/* ---- wiring (create, update and repair) ---- */

static int s_cidr_array(const struct gc_value *v, const char **out, size_t max, size_t *n)
{
    *n = 0;
    for (size_t i = 0; gc_value_is_known(v) && i < gc_value_length(v) && *n < max; i++)
        if (gc_value_string(gc_value_index(v, i)))
            out[(*n)++] = gc_value_string(gc_value_index(v, i));
    return 0;
}

static bool s_reach_domain(const char *name)
{
    for (size_t k = 0; s_reach_domains[k]; k++)
        if (strcmp(name, s_reach_domains[k]) == 0)
            return true;
    return false;
}

/* The steps of a converge that run beside others (gc_parallel.h). */
struct s_conv {
    const struct gc_conn_hub *hub;
    const struct gc_conn_attachment *att;
    const struct gc_value *planned;
    const struct gc_value *prior;
    const char *rt_id; /* s_conv_static: one reach domain's table */
    const char *const *cidrs;
    size_t n_cidrs;
};

static int s_conv_retag(struct gc_op *op, void *arg)
{
    struct s_conv *c = arg;
    return s_retag(op, c->att, c->planned, c->hub->tgw_id);
}

static int s_conv_ops_routes(struct gc_op *op, void *arg)
{
    struct s_conv *c = arg;
    return gc_conn_vpc_routes_sync(op, c->hub, c->planned, c->prior, "onprem_cidrs");
}

static int s_conv_static(struct gc_op *op, void *arg)
{
    struct s_conv *c = arg;
    return gc_conn_tgw_routes_sync(op, c->rt_id, c->att->id, c->cidrs, c->n_cidrs);
}

/* The bookkeeping tags beside the propagations' looks (first: the plan's overlap check knows the link's routes by
 * them); then the association with onprem, the propagations (into asp and ops only) or the static routes (a peering),
 * and the ops VPC routes at once, with one wait (gc_conn_wire_look / gc_conn_wire_apply). */
static int s_converge(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_conn_attachment *att,
                      const struct gc_value *planned, const struct gc_value *prior)
{
    const char *cidrs[GC_CONN_MAX_CIDRS] = {0};
    size_t n = 0;
    bool propagates = s_propagates(planned);
    struct s_conv c = {.hub = hub, .att = att, .planned = planned, .prior = prior};
    struct s_conv statics[GC_CONN_MAX_DOMAINS];
    struct gc_parallel_step beside[GC_CONN_MAX_DOMAINS + 1];
    size_t n_beside = 0;
    struct gc_conn_wiring w = {.att_id = att->id,
                               .assoc_now = att->assoc_table,
                               .assoc_state = att->assoc_state,
                               .assoc_rt = gc_conn_hub_table(hub, s_assoc_domain)};
    const struct gc_parallel_step first[] = {{s_conv_retag, &c}};
    int result = -1;
    s_cidr_array(gc_value_object_get(planned, "onprem_cidrs"), cidrs, GC_CONN_MAX_CIDRS, &n);
    c.cidrs = cidrs;
    c.n_cidrs = n;
    beside[n_beside++] = (struct gc_parallel_step){s_conv_ops_routes, &c};
    for (size_t i = 0; i < hub->n_domains; i++) {
        const char *rt = hub->domains[i].route_table_id;
        bool reach = s_reach_domain(hub->domains[i].name);
        /* the premises reach asp and ops, nothing else: a propagation elsewhere (onprem itself) is removed */
        if (propagates && reach)
            w.on[w.n_on++] = rt;
        else
            w.off[w.n_off++] = rt;
        if (!propagates && reach) {
            statics[i] = c;
            statics[i].rt_id = rt;
            beside[n_beside++] = (struct gc_parallel_step){s_conv_static, &statics[i]};
        }
    }
    if (gc_conn_wire_look(op, &w, first, sizeof first / sizeof first[0]) != 0 ||
        gc_conn_wire_apply(op, &w, beside, n_beside) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_conn_wiring_clean_up(&w);
    return result;
}

static int s_unwire(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_conn_attachment *att,
                    const struct gc_value *prior)
{
    int result = -1;
    const struct gc_value *cidrs = gc_value_object_get(prior, "onprem_cidrs");
    for (size_t i = 0; gc_value_is_known(cidrs) && i < gc_value_length(cidrs); i++) {
        const char *c = gc_value_string(gc_value_index(cidrs, i));
        if (c && gc_conn_vpc_route_remove(op, hub, c) != 0)
            goto cleanup;
    }
    for (size_t i = 0; i < hub->n_domains; i++) {
        const char *rt = hub->domains[i].route_table_id;
        if (gc_conn_unpropagate(op, att->id, rt) != 0 || gc_conn_tgw_routes_sync(op, rt, att->id, NULL, 0) != 0)
            goto cleanup;
    }
    /* only gcnet's association: one with a table that is not the hub's is someone else's */
    if (gc_conn_hub_domain_of(hub, att->assoc_table) && gc_conn_disassociate(op, att->id, att->assoc_table) != 0)
        goto cleanup;
    if (s_retag(op, att, NULL, hub->tgw_id) != 0)
        goto cleanup;
    result = 0;
cleanup:
    return result;
}

/* ---- reading the wiring ---- */

/* Whether every one of `cidrs` has a static route toward `att_id` in `rt_id`. */
static int s_static_routed(struct gc_op *op, const char *rt_id, const char *att_id, const char *const *cidrs, size_t n,
                           bool *yes)
{
    static const char *const static_type[] = {"static"};
    const struct gc_ec2_filter f = {"type", static_type, 1};
    struct gc_ec2_tgw_route_list routes = {0};
    struct gc_aws_error err = {0};
    int result = -1;
    *yes = n > 0;
    if (gc_ec2_tgw_route_search(op->aws, rt_id, &f, 1, &routes, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    for (size_t k = 0; k < n && *yes; k++) {
        bool hit = false;
        for (size_t i = 0; i < routes.n && !hit; i++)
            hit = routes.items[i].destination_cidr_block && routes.items[i].attachment_id &&
                  strcmp(routes.items[i].destination_cidr_block, cidrs[k]) == 0 &&
                  strcmp(routes.items[i].attachment_id, att_id) == 0;
        *yes = hit;
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_route_list_clean_up(&routes);
    return result;
}

/* A peering's static routes in one domain's table, read beside the others. */
struct s_static_look {
    const char *rt_id;
    const char *att_id;
    const char *const *cidrs;
    size_t n;
    bool yes;
};

static int s_static_look(struct gc_op *op, void *arg)
{
    struct s_static_look *l = arg;
    return s_static_routed(op, l->rt_id, l->att_id, l->cidrs, l->n, &l->yes);
}

struct s_vpc_look {
    const struct gc_conn_hub *hub;
    json_t *tables;
};

static int s_vpc_look(struct gc_op *op, void *arg)
{
    struct s_vpc_look *l = arg;
    return l->hub->vpc_id ? gc_conn_vpc_tables(op, l->hub, &l->tables) : 0;
}

/* Which domains the attachment reaches and which ops VPC routes lead to it, every table read at once: the
 * propagations from each table's list (shared with the hub's connections through the read cache in a refresh,
 * gc_conn_wiring_read), a peering's static routes per table. */
static int s_fill_wiring(struct gc_op *op, struct gc_value *s, const struct gc_conn_hub *hub,
                         const struct gc_conn_attachment *att)
{
    const char *domains[GC_CONN_MAX_DOMAINS] = {0};
    const char *routed[GC_CONN_MAX_CIDRS] = {0};
    const char *cidrs[GC_CONN_MAX_CIDRS] = {0};
    bool reached[GC_CONN_MAX_DOMAINS] = {false};
    struct s_static_look statics[GC_CONN_MAX_DOMAINS];
    struct gc_parallel_step steps[GC_CONN_MAX_DOMAINS + 1];
    struct s_vpc_look vpc = {hub, NULL};
    size_t n_domains = 0, n_routed = 0, n_cidrs = 0, n_steps = 0;
    json_t *tables = NULL;
    int result = -1;
    const char *assoc = gc_conn_hub_domain_of(hub, att->assoc_table);
    bool ours = assoc && strcmp(assoc, s_assoc_domain) == 0;
    bool propagates = s_propagates(s);
    s_cidr_array(gc_value_object_get(s, "onprem_cidrs"), cidrs, GC_CONN_MAX_CIDRS, &n_cidrs);
    if (propagates) {
        if (gc_conn_wiring_read(op, hub, att->id, reached, &tables) != 0)
            goto cleanup;
    } else {
        for (size_t i = 0; i < hub->n_domains && i < GC_CONN_MAX_DOMAINS; i++) {
            statics[i] = (struct s_static_look){hub->domains[i].route_table_id, att->id, cidrs, n_cidrs, false};
            steps[n_steps++] = (struct gc_parallel_step){s_static_look, &statics[i]};
        }
        steps[n_steps++] = (struct gc_parallel_step){s_vpc_look, &vpc};
        int rc = gc_parallel_run(op, steps, n_steps);
        tables = vpc.tables;
        if (rc != 0)
            goto cleanup;
        for (size_t i = 0; i < hub->n_domains && i < GC_CONN_MAX_DOMAINS; i++)
            reached[i] = statics[i].yes;
    }
    for (size_t i = 0; i < hub->n_domains && i < GC_CONN_MAX_DOMAINS; i++)
        if (reached[i])
            domains[n_domains++] = hub->domains[i].name;
    for (size_t i = 0; tables && i < n_cidrs; i++)
        if (gc_conn_vpc_routed(tables, hub, cidrs[i]))
            routed[n_routed++] = cidrs[i];
    int rc = 0;
    rc |= gc_value_set_string(s, "attachment_id", att->id);
    rc |= gc_value_set_string(s, "route_table_id", ours ? att->assoc_table : NULL);
    rc |= gc_value_object_set(s, "routed_domains", gc_value_new_string_list(&gc_type_set_string, domains, n_domains));
    rc |= gc_value_object_set(s, "ops_vpc_routes", gc_value_new_string_list(&gc_type_set_string, routed, n_routed));
    result = rc ? -1 : 0;
cleanup:
    json_decref(tables);
    return result;
}

/* What a link whose wiring is not known (a failed create, an attachment not there yet) holds. */
static int s_clear_wiring(struct gc_value *s)
{
    int rc = 0;
    rc |= gc_value_set_string(s, "route_table_id", NULL);
    rc |= gc_value_object_set(s, "routed_domains", gc_value_new_null(&gc_type_set_string));
    rc |= gc_value_object_set(s, "ops_vpc_routes", gc_value_new_null(&gc_type_set_string));
    return rc ? -1 : 0;
}

/* The attachment's part of a read: the settings its bookkeeping tags hold and its live wiring, or, while it is not
 * listed (not there yet, or gone), no attachment and no wiring. */
static int s_fill_attachment(struct gc_op *op, struct gc_value *s, const struct gc_conn_hub *hub,
                             const struct gc_conn_attachment *att, bool found)
{
    if (!found)
        return (gc_value_set_string(s, "attachment_id", NULL) | s_clear_wiring(s)) ? -1 : 0;
    if (s_fill_from_tags(s, &att->tags) != 0)
        return -1;
    return s_fill_wiring(op, s, hub, att);
}

static int s_set_wired(struct gc_value *s, const struct gc_conn_hub *hub)
{
    int rc = 0;
    rc |= gc_value_set_string(s, "route_table_id", gc_conn_hub_table(hub, s_assoc_domain));
    rc |= gc_value_object_set(s, "routed_domains", gc_value_new_string_list(&gc_type_set_string, s_reach_domains, 2));
    rc |= gc_value_object_set(s, "ops_vpc_routes", gc_value_copy(gc_value_object_get(s, "onprem_cidrs")));
    return rc ? -1 : 0;
}

/* ---- the hub ---- */

/* The hub `tgw_id` as a read or delete finds it (NULL: none; *hub_found false when it is gone) and, on it, the
 * link's attachment of `type` for `resource_id` (*att_found false when there is none). 0 / -1 with a diagnostic. */
struct s_link_look {
    const char *tgw_id, *type, *resource_id;
    struct gc_conn_hub *hub;
    struct gc_conn_attachment *att;
    bool hub_found, att_found;
};

static int s_link_look_hub(struct gc_op *op, void *arg)
{
    struct s_link_look *l = arg;
    return gc_conn_hub_load_for_read(op, l->tgw_id, l->hub, &l->hub_found);
}

static int s_link_look_att(struct gc_op *op, void *arg)
{
    struct s_link_look *l = arg;
    return gc_conn_attachment_find_by_resource(op, l->tgw_id, l->type, l->resource_id, l->att, &l->att_found);
}

/* The hub and the attachment at once (both by the TGW id); an attachment counts only on a hub that exists. */
static int s_load_link(struct gc_op *op, const char *tgw_id, const char *type, const char *resource_id,
                       struct gc_conn_hub *hub, bool *hub_found, struct gc_conn_attachment *att, bool *att_found)
{
    struct s_link_look l = {.tgw_id = tgw_id, .type = type, .resource_id = resource_id, .hub = hub, .att = att};
    const struct gc_parallel_step both[] = {{s_link_look_hub, &l}, {s_link_look_att, &l}};
    *hub_found = *att_found = false;
    if (tgw_id && gc_parallel_run(op, both, sizeof both / sizeof both[0]) != 0)
        return -1;
    *hub_found = l.hub_found;
    *att_found = l.hub_found && l.att_found;
    return 0;
}

/* A delete's unwiring: the link's attachment (s_load_link) unwired when it and the hub still exist. */
static int s_unwire_link(struct gc_op *op, const char *tgw_id, const char *type, const char *resource_id,
                         const struct gc_value *prior)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    bool hub_found = false, att_found = false;
    int result = -1;
    if (s_load_link(op, tgw_id, type, resource_id, &hub, &hub_found, &att, &att_found) != 0)
        goto cleanup;
    if (att_found && s_unwire(op, &hub, &att, prior) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

/* ---- method dx_gateway ---- */

static int s_dx_prefixes_sync(struct gc_op *op, const struct gc_onprem_dx_assoc *live, const struct gc_value *planned)
{
    struct gc_strset have = {0}, want = {0}, add = {0}, remove = {0};
    int result = -1;
    if (gc_strset_of_array(&have, (const char *const *)live->prefixes, live->n_prefixes) != 0 ||
        gc_strset_of_value(&want, gc_value_object_get(planned, "allowed_prefixes")) != 0 ||
        gc_strset_diff(&have, &want, &add, &remove) != 0) {
        gc_diags_error_at(op->diags, "allowed_prefixes", "Out of memory", "Could not compare the allowed prefixes.");
        goto cleanup;
    }
    result = gc_onprem_dx_assoc_update(op, live->id, add.items, add.n, remove.items, remove.n);
cleanup:
    gc_strset_clean_up(&have);
    gc_strset_clean_up(&want);
    gc_strset_clean_up(&add);
    gc_strset_clean_up(&remove);
    return result;
}

static struct gc_value *s_dx_state(const struct gc_value *planned, const char *assoc_id, const char *state,
                                   const struct gc_conn_hub *hub, const char *att_id, bool wired)
{
    struct gc_value *s = gc_value_copy(planned);
    int rc = s ? 0 : -1;
    if (rc == 0) {
        rc |= gc_value_set_string(s, "id", assoc_id);
        rc |= gc_value_set_string(s, "association_id", assoc_id);
        rc |= gc_value_set_string(s, "attachment_id", att_id);
        rc |= gc_value_set_string(s, "state", state);
        rc |= wired ? s_set_wired(s, hub) : s_clear_wiring(s);
    }
    if (rc != 0) {
        gc_value_free(s);
        s = NULL;
    }
    return s;
}

struct s_dx_start {
    const char *hub_id;
    const char *dxgw_id;
    const char *assoc_id; /* NULL: find the one joining the two gateways */
    struct gc_conn_hub *hub;
    struct gc_onprem_dx_assoc *live;
    bool found;
};

static int s_dx_start_hub(struct gc_op *op, void *arg)
{
    struct s_dx_start *l = arg;
    return gc_conn_hub_load_required(op, l->hub_id, l->hub, s_needed_domains);
}

static int s_dx_start_assoc(struct gc_op *op, void *arg)
{
    struct s_dx_start *l = arg;
    return l->assoc_id ? gc_onprem_dx_assoc_get(op, l->assoc_id, l->live, &l->found)
                       : gc_onprem_dx_assoc_find(op, l->dxgw_id, l->hub_id, l->live, &l->found);
}

/* Create and update: the association (made, or adopted when one already joins the two gateways), its prefixes,
 * its attachment and the wiring. `assoc_id` NULL on create. */
static int s_dx_apply(struct gc_op *op, const struct gc_value *planned, const struct gc_value *prior,
                      const char *assoc_id, struct gc_value **state)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    struct gc_onprem_dx_assoc live = {0};
    const char *hub_id = gc_value_get_string(planned, "hub_id");
    const char *dxgw = gc_value_get_string(planned, "dx_gateway_id");
    char *id = assoc_id ? gc_strdup(assoc_id) : NULL;
    bool found = false, wired = false;
    int result = -1;
    *state = NULL;
    struct s_dx_start l = {.hub_id = hub_id, .dxgw_id = dxgw, .assoc_id = id, .hub = &hub, .live = &live};
    const struct gc_parallel_step start[] = {{s_dx_start_hub, &l}, {s_dx_start_assoc, &l}};
    /* the hub and the association (by id, or the one joining the two gateways) at once */
    if ((assoc_id && !id) || gc_parallel_run(op, start, sizeof start / sizeof start[0]) != 0)
        goto cleanup;
    found = l.found;
    if (!found && id) {
        gc_diags_error_at(op->diags, "association_id", "Association gone",
                          "Direct Connect gateway association %s no longer exists: refresh, and the plan will "
                          "create it again.",
                          id);
        goto cleanup;
    }
    if (!found) {
        const char *prefixes[GC_CONN_MAX_CIDRS] = {0};
        size_t n = 0;
        s_cidr_array(gc_value_object_get(planned, "allowed_prefixes"), prefixes, GC_CONN_MAX_CIDRS, &n);
        if (gc_onprem_dx_assoc_create(op, dxgw, hub_id, prefixes, n, &id) != 0)
            goto cleanup;
    } else if (!id) {
        GC_WARN("Direct Connect gateway %s is already associated with %s (%s): gcnet takes that association over", dxgw,
                hub_id, live.id);
        if (!(id = gc_strdup(live.id)))
            goto cleanup;
    }
    /* live: the association as the wait's last poll read it; att: its attachment, read beside it */
    if (gc_onprem_dx_assoc_wait_attached(op, id, hub_id, dxgw, &live, &att) != 0 ||
        s_dx_prefixes_sync(op, &live, planned) != 0)
        goto cleanup;
    if (s_converge(op, &hub, &att, planned, prior) != 0)
        goto cleanup;
    wired = true;
    result = 0;
cleanup:
    if (id) {
        /* also on failure: the association is in state (tainted on create), so destroy can delete it */
        *state = s_dx_state(planned, id, wired ? "associated" : (live.state ? live.state : "associating"), &hub, att.id,
                            wired);
        if (!*state)
            result = -1;
    }
    free(id);
    gc_onprem_dx_assoc_clean_up(&live);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

/* A dx_gateway link's read: the association, and (from the prior hub_id and dx_gateway_id, which the association
 * then confirms) the hub and the gateway's attachment, at once. */
struct s_dx_look {
    const char *assoc_id;
    const char *tgw_id;
    const char *dxgw_id;
    struct gc_onprem_dx_assoc *live;
    struct gc_conn_hub *hub;
    struct gc_conn_attachment *att;
    bool live_found, hub_found, att_found;
};

static int s_dx_look_assoc(struct gc_op *op, void *arg)
{
    struct s_dx_look *l = arg;
    return gc_onprem_dx_assoc_read(op, l->assoc_id, l->tgw_id, l->live, &l->live_found);
}

static int s_dx_look_hub(struct gc_op *op, void *arg)
{
    struct s_dx_look *l = arg;
    return gc_conn_hub_load_for_read(op, l->tgw_id, l->hub, &l->hub_found);
}

static int s_dx_look_att(struct gc_op *op, void *arg)
{
    struct s_dx_look *l = arg;
    return gc_conn_attachment_read_by_resource(op, l->tgw_id, S_DX_TYPE, l->dxgw_id, l->att, &l->att_found);
}

static int s_dx_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    struct gc_onprem_dx_assoc live = {0};
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    struct s_dx_look l = {.assoc_id = gc_value_get_string(prior, "id"),
                          .tgw_id = gc_value_get_string(prior, "hub_id"),
                          .dxgw_id = gc_value_get_string(prior, "dx_gateway_id"),
                          .live = &live,
                          .hub = &hub,
                          .att = &att};
    const struct gc_parallel_step all[] = {{s_dx_look_assoc, &l}, {s_dx_look_hub, &l}, {s_dx_look_att, &l}};
    int result = -1;
    if (l.tgw_id && l.dxgw_id ? gc_parallel_run(op, all, 3) != 0 : s_dx_look_assoc(op, &l) != 0)
        goto cleanup;
    if (!l.live_found || !live.gateway_id) {
        result = 0; /* disassociated: the link is gone */
        goto cleanup;
    }
    if (!l.tgw_id || !l.dxgw_id || strcmp(live.gateway_id, l.tgw_id) != 0 ||
        (live.dxgw_id && strcmp(live.dxgw_id, l.dxgw_id) != 0)) {
        /* the association says otherwise than the prior state: read what it names */
        gc_conn_hub_clean_up(&hub);
        gc_conn_attachment_clean_up(&att);
        l.tgw_id = live.gateway_id;
        l.dxgw_id = live.dxgw_id;
        if (s_dx_look_hub(op, &l) != 0)
            goto cleanup;
        if (l.hub_found && s_dx_look_att(op, &l) != 0)
            goto cleanup;
    }
    if (!l.hub_found) {
        result = 0;
        goto cleanup;
    }
    *state = gc_value_copy(prior);
    int rc = *state ? 0 : -1;
    if (rc == 0) {
        rc |= gc_value_set_string(*state, "hub_id", live.gateway_id);
        rc |= gc_value_set_string(*state, "dx_gateway_id", live.dxgw_id);
        rc |= gc_value_set_string(*state, "association_id", live.id);
        rc |= gc_value_set_string(*state, "state", live.state);
        rc |= gc_value_object_set(
            *state, "allowed_prefixes",
            gc_value_new_string_list(&gc_type_set_string, (const char *const *)live.prefixes, live.n_prefixes));
    }
    if (rc != 0 || s_fill_attachment(op, *state, &hub, &att, l.att_found) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_onprem_dx_assoc_clean_up(&live);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_dx_delete(struct gc_op *op, const struct gc_value *prior)
{
    struct gc_onprem_dx_assoc live = {0};
    const char *id = gc_value_get_string(prior, "id");
    bool found = false;
    int result = -1;
    if (gc_onprem_dx_assoc_get(op, id, &live, &found) != 0)
        goto cleanup;
    if (!found) {
        result = 0;
        goto cleanup;
    }
    if (s_unwire_link(op, live.gateway_id, S_DX_TYPE, live.dxgw_id, prior) != 0)
        goto cleanup;
    if (gc_onprem_dx_assoc_delete(op, id) != 0)
        goto cleanup;
    GC_INFO("deleted Direct Connect gateway association %s (the Direct Connect gateway %s stays)", id,
            live.dxgw_id ? live.dxgw_id : "?");
    result = 0;
cleanup:
    gc_onprem_dx_assoc_clean_up(&live);
    return result;
}

static int s_prop_import(struct gc_op *op, const char *id, struct gc_value **state);

static int s_dx_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    struct gc_onprem_dx_assoc live = {0};
    bool found = false;
    int result = -1;
    if (gc_onprem_dx_assoc_get(op, id, &live, &found) != 0)
        goto cleanup;
    if (!found) {
        result = s_prop_import(op, id, state); /* not an association: a proposal (method dx_proposal) */
        goto cleanup;
    }
    if (!live.gateway_type || strcmp(live.gateway_type, "transitGateway") != 0) {
        gc_diags_error_at(op->diags, NULL, "Not a Transit Gateway association",
                          "Association %s joins a %s, not a Transit Gateway: gcnet_onprem_link imports the "
                          "association of a Direct Connect gateway with a hub's Transit Gateway.",
                          id, live.gateway_type ? live.gateway_type : "gateway of unknown type");
        goto cleanup;
    }
    /* a gateway of another account was associated through a proposal */
    bool proposed = live.dxgw_owner && live.gateway_owner && strcmp(live.dxgw_owner, live.gateway_owner) != 0;
    if (gc_conn_import_state(op, &s_block, id, live.gateway_id, proposed ? "dx_proposal" : "dx_gateway", state) != 0)
        goto cleanup;
    if (gc_value_set_string(*state, "dx_gateway_id", live.dxgw_id) != 0 ||
        (proposed && gc_value_set_string(*state, "dx_gateway_owner_account_id", live.dxgw_owner) != 0)) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the state of %s.", id);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_onprem_dx_assoc_clean_up(&live);
    return result;
}

/* ---- method tgw_peering ---- */

static int s_peering_accept(struct gc_op *op, const char *att_id)
{
    struct gc_conn_attachment att = {0};
    struct gc_aws_error err = {0};
    json_t *in = NULL, *out = NULL;
    bool found = false;
    int result = -1;
    if (gc_conn_attachment_get(op, att_id, &att, &found) != 0)
        goto cleanup;
    if (found && att.state && strcmp(att.state, "pendingAcceptance") == 0) {
        GC_INFO("accepting the carrier's peering attachment %s", att_id);
        in = json_pack("{s:s}", "TransitGatewayAttachmentId", att_id);
        if (!in || gc_aws_op_call(op->aws, &gc_op_ec2_accept_transit_gateway_peering_attachment, in, &out, &err) != 0) {
            if (in)
                gc_op_aws_error(op, &err);
            else
                gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not accept %s.", att_id);
            goto cleanup;
        }
    }
    result = gc_conn_attachment_wait_available(op, att_id);
cleanup:
    gc_aws_error_clean_up(&err);
    gc_conn_attachment_clean_up(&att);
    json_decref(in);
    json_decref(out);
    return result;
}

/* The peering attachment, checked to be a peering on the hub. */
static int s_peering_load(struct gc_op *op, const char *att_id, const char *hub_id, struct gc_conn_attachment *att)
{
    bool found = false;
    if (gc_conn_attachment_get(op, att_id, att, &found) != 0)
        return -1;
    if (!found) {
        gc_diags_error_at(op->diags, "peering_attachment_id", "Attachment not found",
                          "No Transit Gateway attachment %s exists (or it is deleted): the carrier creates the "
                          "peering to the hub's Transit Gateway %s first; gcnet then accepts it.",
                          att_id, hub_id);
        return -1;
    }
    if (!att->tgw_id || strcmp(att->tgw_id, hub_id) != 0) {
        gc_diags_error_at(op->diags, "peering_attachment_id", "Attachment on another Transit Gateway",
                          "Attachment %s belongs to %s, not to the hub %s.", att_id, att->tgw_id ? att->tgw_id : "?",
                          hub_id);
        return -1;
    }
    if (!att->resource_type || strcmp(att->resource_type, "peering") != 0) {
        gc_diags_error_at(op->diags, "peering_attachment_id", "Not a peering attachment",
                          "Attachment %s is of type %s; method \"tgw_peering\" connects the carrier's peering "
                          "attachment.",
                          att_id, att->resource_type ? att->resource_type : "?");
        return -1;
    }
    return 0;
}

static int s_peering_apply(struct gc_op *op, const struct gc_value *planned, const struct gc_value *prior,
                           struct gc_value **state)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    const char *hub_id = gc_value_get_string(planned, "hub_id");
    const char *att_id =
        prior ? gc_value_get_string(prior, "id") : gc_value_get_string(planned, "peering_attachment_id");
    bool found = false, accepted = false, wired = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_hub_load_required(op, hub_id, &hub, s_needed_domains) != 0 ||
        s_peering_load(op, att_id, hub_id, &att) != 0)
        goto cleanup;
    if (s_peering_accept(op, att_id) != 0)
        goto cleanup;
    accepted = true;
    if (gc_conn_attachment_get(op, att_id, &att, &found) != 0 || s_converge(op, &hub, &att, planned, prior) != 0)
        goto cleanup;
    wired = true;
    result = 0;
cleanup:
    if (accepted) {
        struct gc_value *s = gc_value_copy(planned);
        int rc = s ? 0 : -1;
        if (rc == 0) {
            rc |= gc_value_set_string(s, "id", att_id);
            rc |= gc_value_set_string(s, "attachment_id", att_id);
            rc |= gc_value_set_string(s, "association_id", NULL);
            rc |= gc_value_set_string(s, "state", wired ? "available" : att.state);
            rc |= wired ? s_set_wired(s, &hub) : s_clear_wiring(s);
        }
        if (rc != 0) {
            gc_value_free(s);
            s = NULL;
            result = -1;
        }
        *state = s;
    }
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_peering_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    const char *id = gc_value_get_string(prior, "id");
    bool found = false;
    int result = -1;
    if (gc_conn_attachment_get(op, id, &att, &found) != 0)
        goto cleanup;
    if (!found || !att.tgw_id) {
        result = 0; /* the carrier deleted the peering: the link is gone */
        goto cleanup;
    }
    if (gc_conn_hub_load(op, att.tgw_id, &hub, &found) != 0)
        goto cleanup;
    if (!found) {
        result = 0;
        goto cleanup;
    }
    *state = gc_value_copy(prior);
    int rc = *state ? 0 : -1;
    if (rc == 0) {
        rc |= gc_value_set_string(*state, "hub_id", att.tgw_id);
        rc |= gc_value_set_string(*state, "peering_attachment_id", att.id);
        rc |= gc_value_set_string(*state, "state", att.state);
        rc |= s_fill_from_tags(*state, &att.tags);
    }
    if (rc != 0 || s_fill_wiring(op, *state, &hub, &att) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_peering_delete(struct gc_op *op, const struct gc_value *prior)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    const char *id = gc_value_get_string(prior, "id");
    bool found = false;
    int result = -1;
    if (gc_conn_attachment_get(op, id, &att, &found) != 0)
        goto cleanup;
    if (!found || !att.tgw_id) {
        result = 0;
        goto cleanup;
    }
    if (gc_conn_hub_load(op, att.tgw_id, &hub, &found) != 0)
        goto cleanup;
    if (found && s_unwire(op, &hub, &att, prior) != 0)
        goto cleanup;
    GC_INFO("disconnected peering attachment %s (the attachment itself is the carrier's and stays)", id);
    result = 0;
cleanup:
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_peering_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    struct gc_conn_attachment att = {0};
    bool found = false;
    int result = -1;
    if (gc_conn_attachment_get(op, id, &att, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_import_missing(op, "No Transit Gateway attachment %s exists in this account and region.", id);
        goto cleanup;
    }
    if (!att.resource_type || strcmp(att.resource_type, "peering") != 0) {
        gc_diags_error_at(op->diags, NULL, "Not a peering attachment",
                          "Attachment %s is of type %s; gcnet_onprem_link imports a peering attachment by its "
                          "attachment ID, or a Direct Connect link by its association ID.",
                          id, att.resource_type ? att.resource_type : "?");
        goto cleanup;
    }
    result = gc_conn_import_state(op, &s_block, id, att.tgw_id, "tgw_peering", state);
cleanup:
    gc_conn_attachment_clean_up(&att);
    return result;
}

/* ---- method dx_proposal ---- */

/* The prefixes `want` lacks against `have`, and the other way round (views into both). */
static int s_prefix_diff(const char *const *have, size_t n_have, const struct gc_value *want, struct gc_strset *add,
                         struct gc_strset *remove)
{
    struct gc_strset h = {0}, w = {0};
    int rc = gc_strset_of_array(&h, have, n_have);
    rc |= gc_strset_of_value(&w, want);
    if (rc == 0)
        rc = gc_strset_diff(&h, &w, add, remove);
    gc_strset_clean_up(&h);
    gc_strset_clean_up(&w);
    return rc ? -1 : 0;
}

static void s_warn_pending(struct gc_op *op, const char *proposal_id, const char *owner)
{
    gc_diags_add(op->diags, GC_SEV_WARNING, NULL, "Proposal waits for the carrier",
                 "Direct Connect gateway association proposal %s is requested: the carrier (account %s) must accept "
                 "it. The next apply after that completes the routing.",
                 proposal_id ? proposal_id : "?", owner ? owner : "?");
}

/* Create and update: the association when the carrier accepted, else (or for new prefixes) a proposal. */
static int s_prop_apply(struct gc_op *op, const struct gc_value *planned, const struct gc_value *prior,
                        struct gc_value **state)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    struct gc_onprem_dx_assoc live = {0};
    struct gc_onprem_dx_proposal prop = {0};
    struct gc_strset add = {0}, remove = {0};
    const char *hub_id = gc_value_get_string(planned, "hub_id");
    const char *dxgw = gc_value_get_string(planned, "dx_gateway_id");
    const char *owner = gc_value_get_string(planned, "dx_gateway_owner_account_id");
    const struct gc_value *want = gc_value_object_get(planned, "allowed_prefixes");
    char *prop_id = NULL, *made = NULL;
    bool assoc = false, pending = false, wired = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_hub_load_required(op, hub_id, &hub, s_needed_domains) != 0 ||
        gc_onprem_dx_assoc_find(op, dxgw, hub_id, &live, &assoc) != 0 ||
        gc_onprem_dx_proposal_find(op, dxgw, hub_id, &prop, &pending) != 0)
        goto cleanup;
    if (pending && !(prop_id = gc_strdup(prop.id)))
        goto cleanup;
    /* what the carrier is (or will be) asked for; a waiting proposal that asks something else is replaced */
    if (s_prefix_diff(assoc ? (const char *const *)live.prefixes : NULL, assoc ? live.n_prefixes : 0, want, &add,
                      &remove) != 0)
        goto cleanup;
    bool asked = add.n == 0 && remove.n == 0;
    if (pending) {
        struct gc_strset a2 = {0}, r2 = {0};
        if (s_prefix_diff((const char *const *)prop.requested, prop.n_requested, want, &a2, &r2) != 0)
            goto cleanup;
        bool same = a2.n == 0 && r2.n == 0;
        gc_strset_clean_up(&a2);
        gc_strset_clean_up(&r2);
        if (!same && gc_onprem_dx_proposal_delete(op, prop_id) != 0)
            goto cleanup;
        pending = same;
    }
    if (!asked && !pending) {
        if (gc_onprem_dx_proposal_create(op, dxgw, owner, hub_id, add.items, add.n, remove.items, remove.n, &made) != 0)
            goto cleanup;
        free(prop_id);
        prop_id = made;
        made = NULL;
        pending = true;
    }
    if (!prop_id && prior && gc_value_get_string(prior, "proposal_id") &&
        !(prop_id = gc_strdup(gc_value_get_string(prior, "proposal_id"))))
        goto cleanup;
    if (assoc) {
        if (gc_onprem_dx_assoc_wait(op, live.id, NULL) != 0 ||
            gc_conn_attachment_find_by_resource_wait(op, hub_id, S_DX_TYPE, dxgw, &att) != 0 ||
            s_converge(op, &hub, &att, planned, prior) != 0)
            goto cleanup;
        wired = true;
    }
    if (pending)
        s_warn_pending(op, prop_id, owner);
    result = 0;
cleanup:
    if (prop_id || assoc) {
        /* also on failure: a proposal made is in state, so destroy can withdraw it */
        /* the link's id: kept; else the first proposal's; else (an accepted association taken over) the
         * association's */
        const char *id = prior && gc_value_get_string(prior, "id") ? gc_value_get_string(prior, "id")
                         : prop_id                                 ? prop_id
                                                                   : live.id;
        struct gc_value *s = gc_value_copy(planned);
        int rc = s && id ? 0 : -1;
        if (rc == 0) {
            rc |= gc_value_set_string(s, "id", id);
            rc |= gc_value_set_string(s, "proposal_id", prop_id);
            rc |= gc_value_set_string(s, "association_id", assoc ? live.id : NULL);
            rc |= gc_value_set_string(s, "attachment_id", att.id);
            rc |= gc_value_set_string(s, "state", pending ? "requested" : wired ? "associated" : live.state);
            rc |= wired ? s_set_wired(s, &hub) : s_clear_wiring(s);
        }
        if (rc != 0) {
            gc_value_free(s);
            s = NULL;
            result = -1;
        }
        *state = s;
    }
    free(prop_id);
    free(made);
    gc_strset_clean_up(&add);
    gc_strset_clean_up(&remove);
    gc_onprem_dx_proposal_clean_up(&prop);
    gc_onprem_dx_assoc_clean_up(&live);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_prop_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    struct gc_onprem_dx_proposal prop = {0}, waiting = {0};
    struct gc_onprem_dx_assoc live = {0};
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    const char *prop_id = gc_value_get_string(prior, "proposal_id");
    bool found = false, assoc = false, pending = false, hub_found = false, att_found = false;
    int result = -1;
    if (gc_onprem_dx_proposal_get(op, prop_id ? prop_id : gc_value_get_string(prior, "id"), &prop, &found) != 0)
        goto cleanup;
    const char *dxgw = found && prop.dxgw_id ? prop.dxgw_id : gc_value_get_string(prior, "dx_gateway_id");
    const char *hub_id = found && prop.gateway_id ? prop.gateway_id : gc_value_get_string(prior, "hub_id");
    if (gc_onprem_dx_assoc_find(op, dxgw, hub_id, &live, &assoc) != 0 ||
        gc_onprem_dx_proposal_find(op, dxgw, hub_id, &waiting, &pending) != 0)
        goto cleanup;
    if (!assoc && !pending) {
        result = 0; /* withdrawn or rejected, and never (or no longer) associated: the link is gone */
        goto cleanup;
    }
    /* the attachment exists only once associated */
    if (s_load_link(op, hub_id, S_DX_TYPE, assoc ? dxgw : NULL, &hub, &hub_found, &att, &att_found) != 0)
        goto cleanup;
    if (!hub_found) {
        result = 0;
        goto cleanup;
    }
    *state = gc_value_copy(prior);
    int rc = *state ? 0 : -1;
    if (rc == 0) {
        const struct gc_onprem_dx_proposal *p = pending ? &waiting : &prop;
        rc |= gc_value_set_string(*state, "hub_id", hub_id);
        rc |= gc_value_set_string(*state, "dx_gateway_id", dxgw);
        const char *owner = found && prop.dxgw_owner ? prop.dxgw_owner : assoc ? live.dxgw_owner : NULL;
        if (owner)
            rc |= gc_value_set_string(*state, "dx_gateway_owner_account_id", owner);
        if (pending)
            rc |= gc_value_set_string(*state, "proposal_id", waiting.id);
        rc |= gc_value_set_string(*state, "association_id", assoc ? live.id : NULL);
        rc |= gc_value_set_string(*state, "state", pending ? "requested" : live.state);
        /* what is asked of the carrier while it waits, else what the association has */
        rc |= gc_value_object_set(
            *state, "allowed_prefixes",
            pending
                ? gc_value_new_string_list(&gc_type_set_string, (const char *const *)p->requested, p->n_requested)
                : gc_value_new_string_list(&gc_type_set_string, (const char *const *)live.prefixes, live.n_prefixes));
    }
    if (rc != 0 || s_fill_attachment(op, *state, &hub, &att, att_found) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_onprem_dx_proposal_clean_up(&prop);
    gc_onprem_dx_proposal_clean_up(&waiting);
    gc_onprem_dx_assoc_clean_up(&live);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_prop_delete(struct gc_op *op, const struct gc_value *prior)
{
    struct gc_onprem_dx_proposal waiting = {0};
    struct gc_onprem_dx_assoc live = {0};
    const char *dxgw = gc_value_get_string(prior, "dx_gateway_id");
    const char *hub_id = gc_value_get_string(prior, "hub_id");
    bool pending = false, assoc = false;
    int result = -1;
    if (gc_onprem_dx_proposal_find(op, dxgw, hub_id, &waiting, &pending) != 0)
        goto cleanup;
    if (pending && gc_onprem_dx_proposal_delete(op, waiting.id) != 0)
        goto cleanup;
    if (gc_onprem_dx_assoc_find(op, dxgw, hub_id, &live, &assoc) != 0)
        goto cleanup;
    if (assoc && s_unwire_link(op, hub_id, S_DX_TYPE, dxgw, prior) != 0)
        goto cleanup;
    /* the TGW's owner may end the association; the gateway itself is the carrier's */
    if (assoc && gc_onprem_dx_assoc_delete(op, live.id) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_onprem_dx_proposal_clean_up(&waiting);
    gc_onprem_dx_assoc_clean_up(&live);
    return result;
}

/* Import by a proposal id (a UUID that is not an association's). */
static int s_prop_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    struct gc_onprem_dx_proposal prop = {0};
    bool found = false;
    int result = -1;
    if (gc_onprem_dx_proposal_get(op, id, &prop, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_import_missing(op, "No Direct Connect gateway association or association proposal %s exists.", id);
        goto cleanup;
    }
    if (gc_conn_import_state(op, &s_block, id, prop.gateway_id, "dx_proposal", state) != 0)
        goto cleanup;
    if (gc_value_set_string(*state, "proposal_id", id) != 0 ||
        gc_value_set_string(*state, "dx_gateway_id", prop.dxgw_id) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the state of %s.", id);
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_onprem_dx_proposal_clean_up(&prop);
    return result;
}

/* ---- method vpn ---- */

static int s_vpn_apply(struct gc_op *op, const struct gc_value *planned, const struct gc_value *prior,
                       struct gc_value **state)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    struct gc_onprem_vpn vpn = {0};
    const char *hub_id = gc_value_get_string(planned, "hub_id");
    const char *prior_id = prior ? gc_value_get_string(prior, "id") : NULL;
    char *id = NULL, *cgw = NULL;
    int64_t asn = 0;
    bool found = false, wired = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_hub_load_required(op, hub_id, &hub, s_needed_domains) != 0)
        goto cleanup;
    if (prior_id && gc_onprem_vpn_get(op, prior_id, &vpn, &found) != 0)
        goto cleanup;
    if (prior_id && !found) {
        gc_diags_error_at(op->diags, "vpn_connection_id", "VPN connection gone",
                          "VPN connection %s no longer exists: refresh, and the plan will create it again.", prior_id);
        goto cleanup;
    }
    if (found) {
        if (!(id = gc_strdup(vpn.id)) || (vpn.customer_gateway_id && !(cgw = gc_strdup(vpn.customer_gateway_id))))
            goto cleanup;
    } else {
        if (gc_value_int64(gc_value_object_get(planned, "bgp_asn"), &asn) != 0 ||
            gc_onprem_cgw_ensure(op, hub_id, gc_value_get_string(planned, "customer_gateway_ip"), asn, &cgw) != 0 ||
            gc_onprem_vpn_create(op, hub_id, cgw, gc_value_get_string(planned, "name"), &id) != 0)
            goto cleanup;
    }
    if (gc_onprem_vpn_wait(op, id) != 0 || gc_conn_attachment_find_by_resource_wait(op, hub_id, "vpn", id, &att) != 0 ||
        s_converge(op, &hub, &att, planned, prior) != 0)
        goto cleanup;
    wired = true;
    result = 0;
cleanup:
    if (id) {
        /* also on failure: the VPN made is in state (tainted on create), so destroy can delete it */
        struct gc_value *s = gc_value_copy(planned);
        int rc = s ? 0 : -1;
        if (rc == 0) {
            rc |= gc_value_set_string(s, "id", id);
            rc |= gc_value_set_string(s, "vpn_connection_id", id);
            rc |= gc_value_set_string(s, "customer_gateway_id", cgw);
            rc |= gc_value_set_string(s, "association_id", NULL);
            rc |= gc_value_set_string(s, "attachment_id", att.id);
            rc |= gc_value_set_string(s, "state", wired ? "available" : (vpn.state ? vpn.state : "pending"));
            rc |= wired ? s_set_wired(s, &hub) : s_clear_wiring(s);
        }
        if (rc != 0) {
            gc_value_free(s);
            s = NULL;
            result = -1;
        }
        *state = s;
    }
    free(id);
    free(cgw);
    gc_onprem_vpn_clean_up(&vpn);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_vpn_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    struct gc_onprem_vpn vpn = {0};
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    bool found = false, att_found = false, cgw_found = false;
    char *ip = NULL;
    int64_t asn = 0;
    int result = -1;
    if (gc_onprem_vpn_get(op, gc_value_get_string(prior, "id"), &vpn, &found) != 0)
        goto cleanup;
    if (!found || !vpn.tgw_id) {
        result = 0; /* deleted: the link is gone */
        goto cleanup;
    }
    if (s_load_link(op, vpn.tgw_id, "vpn", vpn.id, &hub, &found, &att, &att_found) != 0)
        goto cleanup;
    if (!found) {
        result = 0;
        goto cleanup;
    }
    if (vpn.customer_gateway_id && gc_onprem_cgw_get(op, vpn.customer_gateway_id, &ip, &asn, &cgw_found) != 0)
        goto cleanup;
    *state = gc_value_copy(prior);
    int rc = *state ? 0 : -1;
    if (rc == 0 && cgw_found) {
        rc |= gc_value_set_string(*state, "customer_gateway_ip", ip);
        char asn_text[24];
        snprintf(asn_text, sizeof asn_text, "%lld", (long long)asn);
        struct gc_value *n = gc_value_new_number_text(asn_text);
        rc |= n ? gc_value_object_set(*state, "bgp_asn", n) : -1;
    }
    if (rc == 0) {
        rc |= gc_value_set_string(*state, "hub_id", vpn.tgw_id);
        rc |= gc_value_set_string(*state, "vpn_connection_id", vpn.id);
        rc |= gc_value_set_string(*state, "customer_gateway_id", vpn.customer_gateway_id);
        rc |= gc_value_set_string(*state, "state", vpn.state);
    }
    if (rc != 0 || s_fill_attachment(op, *state, &hub, &att, att_found) != 0)
        goto cleanup;
    result = 0;
cleanup:
    free(ip);
    gc_onprem_vpn_clean_up(&vpn);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_vpn_delete(struct gc_op *op, const struct gc_value *prior)
{
    struct gc_onprem_vpn vpn = {0};
    bool found = false;
    int result = -1;
    if (gc_onprem_vpn_get(op, gc_value_get_string(prior, "id"), &vpn, &found) != 0)
        goto cleanup;
    if (!found) {
        result = 0;
        goto cleanup;
    }
    if (s_unwire_link(op, vpn.tgw_id, "vpn", vpn.id, prior) != 0)
        goto cleanup;
    if (gc_onprem_vpn_delete(op, vpn.id, vpn.customer_gateway_id) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_onprem_vpn_clean_up(&vpn);
    return result;
}

static int s_vpn_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    struct gc_onprem_vpn vpn = {0};
    bool found = false;
    int result = -1;
    if (gc_onprem_vpn_get(op, id, &vpn, &found) != 0)
        goto cleanup;
    if (!found || !vpn.tgw_id) {
        gc_import_missing(op, "No VPN connection %s on a Transit Gateway exists in this account and region.", id);
        goto cleanup;
    }
    result = gc_conn_import_state(op, &s_block, id, vpn.tgw_id, "vpn", state);
cleanup:
    gc_onprem_vpn_clean_up(&vpn);
    return result;
}

/* ---- plan ---- */

/* A range on the hub that is this link's own: routed toward its attachment, or an ops VPC route it made. */
static bool s_own_range(const struct gc_conn_range *r, const char *att_id, const struct gc_value *prior)
{
    if (att_id && r->target && strcmp(r->target, att_id) == 0)
        return true;
    return strstr(r->where, "of the ops VPC") && r->target && strncmp(r->target, "tgw-", 4) == 0 &&
           gc_conn_set_has(gc_value_object_get(prior, "onprem_cidrs"), r->cidr);
}

/* A link replaced (a new method, gateway or peering) is planned as a create while its predecessor's routes still
 * stand: the hub's attachments tagged as a link of the same name are its own, with the networks they carry. */
struct s_predecessors {
    char **att_ids;
    size_t n_atts;
    char **cidrs;
    size_t n_cidrs;
};

static void s_predecessors_clean_up(struct s_predecessors *p)
{
    gc_conn_strings_free(p->att_ids, p->n_atts);
    gc_conn_strings_free(p->cidrs, p->n_cidrs);
    memset(p, 0, sizeof(*p));
}

static int s_predecessors_load(struct gc_op *op, const char *tgw_id, const char *name, struct s_predecessors *out)
{
    struct gc_aws_error err = {0};
    json_t *res = NULL;
    /* by the TGW only: the tags are checked here (not every server honours a tag filter on this call) */
    json_t *in = json_pack("{s:[{s:s, s:[s]}]}", "Filters", "Name", "transit-gateway-id", "Values", tgw_id);
    int result = -1;
    if (!in || gc_aws_op_call_all(op->aws, &gc_op_ec2_describe_transit_gateway_attachments, in, &res, &err) != 0) {
        if (in)
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *items = gc_doc_list(res, "TransitGatewayAttachments");
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *id = gc_doc_str(item, "TransitGatewayAttachmentId");
        const json_t *tags = gc_doc_list(item, "Tags");
        bool ours = false;
        struct gc_tags t = {0};
        for (size_t k = 0; k < json_array_size(tags); k++) {
            const char *key = gc_doc_str(json_array_get(tags, k), "Key");
            const char *value = gc_doc_str(json_array_get(tags, k), "Value");
            ours = ours || (key && value && name && strcmp(key, S_TAG_NAME) == 0 && strcmp(value, name) == 0);
            if (key && gc_tags_add(&t, key, value ? value : "") != 0) {
                gc_tags_clean_up(&t);
                goto cleanup;
            }
        }
        char **cidrs = NULL;
        size_t n = 0;
        int rc = ours && id ? gc_conn_tags_get_list(&t, S_TAG_CIDRS, &cidrs, &n) : 0;
        gc_tags_clean_up(&t);
        if (rc != 0)
            goto cleanup;
        if (!ours || !id) {
            gc_conn_strings_free(cidrs, n);
            continue;
        }
        char **grown_ids = realloc(out->att_ids, (out->n_atts + 1) * sizeof(char *));
        char **grown_cidrs = grown_ids ? realloc(out->cidrs, (out->n_cidrs + n + 1) * sizeof(char *)) : NULL;
        if (grown_ids)
            out->att_ids = grown_ids;
        if (grown_cidrs)
            out->cidrs = grown_cidrs;
        if (!grown_ids || !grown_cidrs || !(out->att_ids[out->n_atts] = gc_strdup(id))) {
            gc_conn_strings_free(cidrs, n);
            goto cleanup;
        }
        out->n_atts++;
        for (size_t k = 0; k < n; k++)
            out->cidrs[out->n_cidrs++] = cidrs[k];
        free(cidrs);
    }
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not list the hub's on-prem links.");
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(res);
    return result;
}

static bool s_predecessor_range(const struct s_predecessors *p, const struct gc_conn_range *r)
{
    for (size_t i = 0; r->target && i < p->n_atts; i++)
        if (strcmp(r->target, p->att_ids[i]) == 0)
            return true;
    bool to_tgw = strstr(r->where, "of the ops VPC") && r->target && strncmp(r->target, "tgw-", 4) == 0 &&
                  strncmp(r->target, "tgw-attach-", 11) != 0;
    for (size_t i = 0; to_tgw && i < p->n_cidrs; i++)
        if (strcmp(r->cidr, p->cidrs[i]) == 0)
            return true;
    return false;
}

/* `ranges`: the hub's around the planned onprem_cidrs; `pred`: the predecessors of a create
 * (gc_value_is_null(prior)); both as the plan loaded them. */
static int s_check_overlaps(struct gc_op *op, const struct gc_conn_ranges *ranges, const struct gc_value *planned,
                            const struct gc_value *prior, const struct s_predecessors *pred)
{
    const struct gc_value *cidrs = gc_value_object_get(planned, "onprem_cidrs");
    const char *att_id = prior ? gc_value_get_string(prior, "attachment_id") : NULL;
    int result = 0;
    if (!att_id)
        att_id = gc_value_get_string(planned, "peering_attachment_id");
    for (size_t i = 0; gc_value_is_wholly_known(cidrs) && i < gc_value_length(cidrs); i++) {
        const char *c = gc_value_string(gc_value_index(cidrs, i));
        for (size_t k = 0; c && k < ranges->n; k++) {
            const struct gc_conn_range *r = &ranges->items[k];
            if (s_own_range(r, att_id, prior) || s_predecessor_range(pred, r) || !gc_conn_cidrs_overlap(c, r->cidr))
                continue;
            gc_diags_error_at(op->diags, "onprem_cidrs", "Overlapping address ranges",
                              "%s (onprem_cidrs of this on-prem link, the premises) overlaps %s, which is %s%s%s. "
                              "The premises' networks must not be used by any other network of the hub.",
                              c, r->cidr, r->where, r->target ? " toward " : "", r->target ? r->target : "");
            result = -1;
            break;
        }
    }
    return result;
}

static int s_check_dx_gateway(struct gc_op *op, const char *dxgw)
{
    char *owner = NULL;
    bool found = false;
    int result = gc_onprem_dx_gateway_get(op, dxgw, &found, &owner);
    if (result == 0 && !found) {
        gc_diags_error_at(op->diags, "dx_gateway_id", "Direct Connect gateway not found",
                          "No Direct Connect gateway %s exists in this account: create it (or ask the carrier for "
                          "its ID and use method \"dx_proposal\" when the carrier owns it).",
                          dxgw);
        result = -1;
    }
    free(owner);
    return result;
}

/* What a link's plan reads, each by the ids the plan has: all at once (issue 9 §2). */
struct s_plan_load {
    const struct gc_value *planned;
    const struct gc_value *prior;
    bool create;
    struct gc_conn_hub hub;
    struct gc_conn_ranges ranges; /* the hub's around the planned onprem_cidrs, loaded with it */
    struct s_predecessors pred;
    struct gc_conn_attachment att;
    int hub_rc;
    int pred_rc;
};

static int s_plan_load_hub(struct gc_op *op, void *arg)
{
    struct s_plan_load *l = arg;
    const char *hub_id = gc_value_get_string(l->planned, "hub_id");
    const char *asked[GC_CONN_MAX_CIDRS] = {0};
    size_t n_asked = 0;
    bool found = false;
    s_cidr_array(gc_value_object_get(l->planned, "onprem_cidrs"), asked, GC_CONN_MAX_CIDRS, &n_asked);
    l->hub_rc = gc_conn_hub_load_ranges(op, hub_id, &l->hub, &found, asked, n_asked, &l->ranges);
    if (l->hub_rc == 0)
        l->hub_rc = gc_conn_hub_check_required(op, hub_id, found, &l->hub, s_needed_domains);
    return l->hub_rc;
}

static int s_plan_load_pred(struct gc_op *op, void *arg)
{
    struct s_plan_load *l = arg;
    l->pred_rc = s_predecessors_load(op, gc_value_get_string(l->planned, "hub_id"),
                                     gc_value_get_string(l->planned, "name"), &l->pred);
    return l->pred_rc;
}

static int s_plan_check_gateway(struct gc_op *op, void *arg)
{
    struct s_plan_load *l = arg;
    return s_check_dx_gateway(op, gc_value_get_string(l->planned, "dx_gateway_id"));
}

static int s_plan_check_peering(struct gc_op *op, void *arg)
{
    struct s_plan_load *l = arg;
    return s_peering_load(op, gc_value_get_string(l->planned, "peering_attachment_id"),
                          gc_value_get_string(l->planned, "hub_id"), &l->att);
}

static int s_plan_checks(struct gc_plan_ctx *ctx, bool create)
{
    struct gc_op op = {.provider = ctx->provider,
                       .aws = ctx->provider->aws,
                       .diags = ctx->diags,
                       .type_name = S_TYPE,
                       .timeout_kind = "plan"};
    struct s_plan_load l = {.planned = ctx->planned, .prior = ctx->prior, .create = create};
    const struct gc_value *p = ctx->planned;
    struct gc_parallel_step steps[4] = {{s_plan_load_hub, &l}};
    size_t n = 1;
    if (gc_value_is_null(ctx->prior))
        steps[n++] = (struct gc_parallel_step){s_plan_load_pred, &l};
    if (create && s_is_method(p, "dx_gateway") && gc_value_get_string(p, "dx_gateway_id"))
        steps[n++] = (struct gc_parallel_step){s_plan_check_gateway, &l};
    if (create && s_is_method(p, "tgw_peering") && gc_value_get_string(p, "peering_attachment_id"))
        steps[n++] = (struct gc_parallel_step){s_plan_check_peering, &l};
    int result = gc_parallel_run(&op, steps, n);
    /* the overlaps only against a hub and predecessors that loaded whole (their diagnostic stands otherwise) */
    if (l.hub_rc == 0 && l.pred_rc == 0 && s_check_overlaps(&op, &l.ranges, p, ctx->prior, &l.pred) != 0)
        result = -1;
    gc_conn_ranges_clean_up(&l.ranges);
    gc_conn_attachment_clean_up(&l.att);
    s_predecessors_clean_up(&l.pred);
    gc_conn_hub_clean_up(&l.hub);
    return result;
}

/* Method dx_proposal on update. While the carrier has not accepted, the wiring cannot be made: it stays as it is
 * (no endless diff), and a warning says what is awaited. New prefixes mean a new proposal. */
static int s_plan_proposal(struct gc_plan_ctx *ctx)
{
    static const char *const wiring[] = {"route_table_id", "routed_domains", "ops_vpc_routes", "attachment_id", NULL};
    const char *state = gc_value_get_string(ctx->prior, "state");
    bool waiting = state && strcmp(state, "requested") == 0;
    for (size_t i = 0; waiting && wiring[i]; i++)
        if (gc_value_object_set(ctx->planned, wiring[i], gc_value_copy(gc_value_object_get(ctx->prior, wiring[i]))) !=
            0)
            return -1;
    if (waiting)
        gc_diags_add(ctx->diags, GC_SEV_WARNING, NULL, "Proposal waits for the carrier",
                     "Direct Connect gateway association proposal %s is requested: the carrier (account %s) must "
                     "accept it before the premises are routed.",
                     gc_value_get_string(ctx->prior, "proposal_id") ? gc_value_get_string(ctx->prior, "proposal_id")
                                                                    : "?",
                     gc_value_get_string(ctx->prior, "dx_gateway_owner_account_id")
                         ? gc_value_get_string(ctx->prior, "dx_gateway_owner_account_id")
                         : "?");
    if (!waiting && gc_value_is_null(gc_value_object_get(ctx->prior, "route_table_id")) &&
        (gc_plan_set_unknown(ctx, "route_table_id") != 0 || gc_plan_set_unknown(ctx, "attachment_id") != 0))
        return -1;
    if (gc_plan_changed(ctx, "allowed_prefixes") &&
        (gc_plan_set_unknown(ctx, "proposal_id") != 0 || gc_plan_set_unknown(ctx, "state") != 0))
        return -1;
    if (!waiting && (!state || strcmp(state, "associated") != 0) && gc_plan_set_unknown(ctx, "state") != 0)
        return -1;
    return 0;
}

static int s_plan(struct gc_plan_ctx *ctx)
{
    const struct gc_value *p = ctx->planned;
    bool create = gc_plan_is_create(ctx);
    bool hub_known = gc_value_is_known(gc_value_object_get(p, "hub_id"));
    if (ctx->provider && ctx->provider->aws && hub_known && (create || gc_plan_changed(ctx, "onprem_cidrs")) &&
        s_plan_checks(ctx, create) != 0)
        return -1;
    /* what the wiring must be: a difference from the prior state (drift) is repaired in place */
    struct gc_value *routes = gc_value_copy(gc_value_object_get(p, "onprem_cidrs"));
    if (!routes || gc_value_object_set(ctx->planned, "ops_vpc_routes", routes) != 0)
        return -1;
    if (gc_value_object_set(ctx->planned, "routed_domains",
                            gc_value_new_string_list(&gc_type_set_string, s_reach_domains, 2)) != 0)
        return -1;
    bool peering = s_is_method(p, "tgw_peering");
    bool proposal = s_is_method(p, "dx_proposal");
    if (peering && gc_value_set_string(ctx->planned, "association_id", NULL) != 0)
        return -1;
    if (!proposal && gc_value_set_string(ctx->planned, "proposal_id", NULL) != 0)
        return -1;
    bool vpn = s_is_method(p, "vpn");
    if (vpn && gc_value_set_string(ctx->planned, "association_id", NULL) != 0)
        return -1;
    if (!vpn && (gc_value_set_string(ctx->planned, "vpn_connection_id", NULL) != 0 ||
                 gc_value_set_string(ctx->planned, "customer_gateway_id", NULL) != 0))
        return -1;
    if (proposal && !create) {
        if (s_plan_proposal(ctx) != 0)
            return -1;
        return 0;
    }
    if (create) {
        const struct gc_value *att = gc_value_object_get(p, "peering_attachment_id");
        if (peering && gc_value_is_known(att) && !gc_value_is_null(att) &&
            (gc_value_object_set(ctx->planned, "id", gc_value_copy(att)) != 0 ||
             gc_value_object_set(ctx->planned, "attachment_id", gc_value_copy(att)) != 0))
            return -1;
        return 0;
    }
    static const char *const unknown_when_null[] = {"route_table_id", "attachment_id", NULL};
    for (size_t i = 0; unknown_when_null[i]; i++)
        if (gc_value_is_null(gc_value_object_get(ctx->prior, unknown_when_null[i])) &&
            gc_plan_set_unknown(ctx, unknown_when_null[i]) != 0)
            return -1;
    const char *want = peering || vpn ? "available" : "associated";
    const char *state = gc_value_get_string(ctx->prior, "state");
    if ((!state || strcmp(state, want) != 0) && gc_plan_set_unknown(ctx, "state") != 0)
        return -1;
    return 0;
}

/* ---- dispatch ---- */

static int s_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    if (s_is_method(planned, "tgw_peering"))
        return s_peering_apply(op, planned, NULL, state);
    if (s_is_method(planned, "dx_proposal"))
        return s_prop_apply(op, planned, NULL, state);
    if (s_is_method(planned, "vpn"))
        return s_vpn_apply(op, planned, NULL, state);
    return s_dx_apply(op, planned, NULL, NULL, state);
}

static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state)
{
    if (s_is_method(planned, "tgw_peering"))
        return s_peering_apply(op, planned, prior, state);
    if (s_is_method(planned, "dx_proposal"))
        return s_prop_apply(op, planned, prior, state);
    if (s_is_method(planned, "vpn"))
        return s_vpn_apply(op, planned, prior, state);
    return s_dx_apply(op, planned, prior, gc_value_get_string(prior, "id"), state);
}

static int s_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    *state = NULL;
    if (!gc_value_get_string(prior, "id"))
        return 0;
    int rc = s_is_method(prior, "tgw_peering")   ? s_peering_read(op, prior, state)
             : s_is_method(prior, "dx_proposal") ? s_prop_read(op, prior, state)
             : s_is_method(prior, "vpn")         ? s_vpn_read(op, prior, state)
                                                 : s_dx_read(op, prior, state);
    if (rc != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read on-prem link %s.",
                          gc_value_get_string(prior, "id"));
    return rc;
}

static int s_delete(struct gc_op *op, const struct gc_value *prior)
{
    if (!gc_value_get_string(prior, "id"))
        return 0;
    if (s_is_method(prior, "tgw_peering"))
        return s_peering_delete(op, prior);
    if (s_is_method(prior, "dx_proposal"))
        return s_prop_delete(op, prior);
    if (s_is_method(prior, "vpn"))
        return s_vpn_delete(op, prior);
    return s_dx_delete(op, prior);
}

static int s_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    *state = NULL;
    if (s_uuid(id))
        return s_dx_import(op, id, state);
    if (gc_schema_is_aws_id(id, "tgw-attach-"))
        return s_peering_import(op, id, state);
    if (gc_schema_is_aws_id(id, "vpn-"))
        return s_vpn_import(op, id, state);
    gc_import_bad_id(op, id,
                     "an on-prem link by its Direct Connect gateway association ID (a UUID, method dx_gateway; or "
                     "the proposal ID, dx_proposal), its peering attachment ID (tgw-attach-…, method tgw_peering) or "
                     "its VPN connection ID (vpn-…)",
                     "gcnet_onprem_link.x tgw-attach-0123456789abcdef0");
    return -1;
}

GC_RESOURCE_DEFINE(gc_resource_onprem_link, S_TYPE, &s_block, s_timeouts_block);
