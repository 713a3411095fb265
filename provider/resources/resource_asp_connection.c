/* gcnet_asp_connection: one business-system vendor (ASP) connected to a municipality's hub.
 *
 * Method "transit_gateway": the ASP attaches its own VPC to the hub's shared Transit Gateway; gcnet accepts the
 * attachment when it is pendingAcceptance, associates it with the `asp` routing domain, propagates it into
 * `onprem` and `ops` (never into `asp`: ASPs do not reach each other), and routes the ASP's `cidrs` from every
 * route table of the ops VPC toward the TGW. The attachment stays the ASP's: destroy removes gcnet's routes,
 * propagations, association and bookkeeping tags, and never deletes it.
 *
 * The connection's own settings (name, vendor, cidrs, business systems) are kept as gcnet:asp-* tags on the
 * attachment, so that import by the attachment id rebuilds the whole state. Drift in the wiring shows as
 * route_table_id (association), propagated_domains and ops_vpc_routes differing from what the plan wants, and the
 * next apply repairs it in place (s_converge is the one path for create, update and repair). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_ec2.h"
#include "base/gc_buf.h"
#include "base/gc_log.h"
#include "framework/gc_import.h"
#include "framework/gc_plan.h"
#include "framework/gc_strset.h"
#include "framework/gc_timeouts.h"
#include "resources/asp_connection.h"
#include "resources/asp_pairs.h"
#include "resources/conn_model.h"
#include "resources/dns_check.h"
#include "resources/gc_catalog.h"
#include "resources/hub_model.h"

#define S_TYPE "gcnet_asp_connection"
#define S_MAX_PORTS 16
#define S_TAG_NAME GC_ASP_TAG_NAME
#define S_TAG_VENDOR "gcnet:asp-vendor"
#define S_TAG_CIDRS "gcnet:asp-cidrs"
#define S_TAG_SYSTEMS "gcnet:asp-systems"
#define S_TAG_PREFIX "gcnet:asp-"
#define S_MAX_PARTNERS 32
#define S_RT_MAX 64

/* Where an ASP attachment is associated, and where it is propagated: never into asp. */
static const char *const s_assoc_domain = "asp";
static const char *const s_prop_domains[] = {"onprem", "ops", NULL};
static const char *const s_needed_domains[] = {"asp", "onprem", "ops", NULL};
static const char *const s_methods[] = {"transit_gateway", "privatelink", "tgw_peering", NULL};
/* Method tgw_peering: a peering cannot propagate; static routes for cidrs go into these instead. */
static const char *const s_static_domains[] = {"onprem", "ops", NULL};
static const char *const s_regions[] = {"ap-northeast-1", "ap-northeast-3", NULL};

const struct gc_type gc_asp_type_set_number = {.kind = GC_TYPE_SET, .elem = &gc_type_number};

static bool s_is_method(const struct gc_value *v, const char *method)
{
    const char *m = gc_value_get_string(v, "method");
    return m && strcmp(m, method) == 0;
}

/* ---- validation ---- */

static int s_validate_attachment_id(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (gc_schema_is_aws_id(gc_value_string(v), "tgw-attach-"))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid attachment ID",
                 "\"%s\" is not a Transit Gateway attachment ID (tgw-attach- and 8 to 32 hex digits).",
                 gc_value_string(v) ? gc_value_string(v) : "");
    return -1;
}

static int s_validate_method(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    const char *m = gc_value_string(v);
    for (size_t i = 0; m && s_methods[i]; i++)
        if (strcmp(m, s_methods[i]) == 0)
            return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid connection method",
                 "\"%s\" is not a connection method this gcnet supports: use \"transit_gateway\" (the ASP's VPC "
                 "attachment on the hub's shared Transit Gateway), \"tgw_peering\" (a peering between the hub's "
                 "Transit Gateway and the ASP's) or \"privatelink\" (an interface endpoint in the ops VPC to the "
                 "ASP's endpoint service).",
                 m ? m : "");
    return -1;
}

static int s_validate_peer_tgw(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (gc_schema_is_aws_id(gc_value_string(v), "tgw-"))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid transit gateway ID",
                 "\"%s\" is not a Transit Gateway ID (tgw- and 8 to 32 hex digits): give the ASP's Transit Gateway.",
                 gc_value_string(v) ? gc_value_string(v) : "");
    return -1;
}

static int s_validate_account(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(v);
    bool ok = s && strlen(s) == 12;
    for (size_t i = 0; ok && s[i]; i++)
        ok = s[i] >= '0' && s[i] <= '9';
    if (ok)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid account ID",
                 "\"%s\" is not an AWS account ID: give the ASP's account as 12 digits.", s ? s : "");
    return -1;
}

static int s_validate_region(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(v);
    for (size_t i = 0; s && s_regions[i]; i++)
        if (strcmp(s, s_regions[i]) == 0)
            return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid peer region",
                 "\"%s\": the Government Cloud's Transit Gateways are in ap-northeast-1 (Tokyo) or ap-northeast-3 "
                 "(Osaka); give the region of the ASP's Transit Gateway.",
                 s ? s : "");
    return -1;
}

static int s_validate_reachable_from(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    if (gc_value_length(v) > S_MAX_PARTNERS) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Too many partner connections",
                     "Give at most %d connections in reachable_from; got %zu.", S_MAX_PARTNERS, gc_value_length(v));
        return -1;
    }
    for (size_t i = 0; i < gc_value_length(v); i++) {
        const char *id = gc_value_string(gc_value_index(v, i));
        if (!id || gc_schema_is_aws_id(id, "tgw-attach-"))
            continue;
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid partner connection",
                     "\"%s\" is not the id of an ASP connection with a Transit Gateway attachment (tgw-attach-…): "
                     "give gcnet_asp_connection.<name>.id of a transit_gateway or tgw_peering connection.",
                     id);
        result = -1;
    }
    return result;
}

static int s_validate_cidrs(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_conn_validate_cidr_list(v, path, diags, "the ASP's networks", 28);
}

static int s_validate_allowed_cidrs(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_conn_validate_cidr_list(v, path, diags, "the premises' networks allowed to the endpoint", 32);
}

static int s_validate_ports(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    size_t n = gc_value_length(v);
    if (n == 0 || n > S_MAX_PORTS) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid number of ports",
                     "Give 1 to %d TCP ports the ASP's service listens on; got %zu.", S_MAX_PORTS, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const struct gc_value *e = gc_value_index(v, i);
        int64_t port = 0;
        if (!gc_value_is_known(e) || gc_value_is_null(e))
            continue;
        if (gc_value_int64(e, &port) != 0 || port < 1 || port > 65535) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid port",
                         "Each port must be a whole number from 1 to 65535 (a TCP port such as 443).");
            result = -1;
        }
    }
    return result;
}

/* com.amazonaws.vpce.<region>.vpce-svc-<hex>: an endpoint service of an account (not an AWS service). */
static int s_validate_service_name(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    static const char *const regions[] = {"ap-northeast-1", "ap-northeast-3", NULL};
    static const char prefix[] = "com.amazonaws.vpce.";
    const char *s = gc_value_string(v);
    bool ok = s && strncmp(s, prefix, sizeof prefix - 1) == 0;
    const char *rest = ok ? s + sizeof prefix - 1 : NULL;
    const char *region_end = rest ? strchr(rest, '.') : NULL;
    bool region_ok = false;
    for (size_t i = 0; region_end && regions[i]; i++)
        region_ok = region_ok || ((size_t)(region_end - rest) == strlen(regions[i]) &&
                                  strncmp(rest, regions[i], strlen(regions[i])) == 0);
    if (region_ok && gc_schema_is_aws_id(region_end + 1, "vpce-svc-"))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid endpoint service name",
                 "\"%s\" is not an endpoint service name: give the ASP's service as "
                 "com.amazonaws.vpce.<region>.vpce-svc-<8 to 32 hex digits>, with region ap-northeast-1 (Tokyo) or "
                 "ap-northeast-3 (Osaka).",
                 s ? s : "");
    return -1;
}

static int s_system_index(const char *key)
{
    for (int i = 0; key && i < GC_CATALOG_SYSTEMS; i++)
        if (strcmp(gc_catalog_systems[i].key, key) == 0)
            return i;
    return -1;
}

static int s_validate_systems(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    if (gc_value_length(v) == 0) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "No business system",
                     "Give the standard business systems this ASP runs (keys of data.gcnet_municipality's "
                     "business_systems, such as resident_records).");
        return -1;
    }
    for (size_t i = 0; i < gc_value_length(v); i++) {
        const char *k = gc_value_string(gc_value_index(v, i));
        if (!k || s_system_index(k) >= 0)
            continue;
        gc_diags_add(diags, GC_SEV_ERROR, path, "Unknown business system",
                     "\"%s\" is not one of the 20 standard business systems (resident_records, electoral_roll, "
                     "fixed_asset_tax, …, seal_registration).",
                     k);
        result = -1;
    }
    return result;
}

/* Which arguments each method needs (R) and which it refuses (F); "-" neither; in s_methods' order. */
static const struct gc_conn_arg_rule s_arg_rules[] = {
    {"attachment_id", "RF-", "the ID of the VPC attachment the ASP created on the hub's shared Transit Gateway"},
    {"cidrs", "RFR", "the ASP's networks, routed through the Transit Gateway"},
    {"service_name", "FRF", "the ASP's endpoint service (com.amazonaws.vpce.<region>.vpce-svc-…)"},
    {"allowed_cidrs", "FRF", "the premises' networks the endpoint's security group lets in"},
    {"ports", "FRF", "the TCP ports the endpoint's security group opens"},
    {"peer_transit_gateway_id", "FFR", "the ASP's Transit Gateway at the other end of the peering"},
    {"peer_account_id", "FFR", "the AWS account of the ASP's Transit Gateway"},
    {"peer_region", "FFR", "the region of the ASP's Transit Gateway (ap-northeast-1 or ap-northeast-3)"},
    {"reachable_from", "-F-", "the other ASP connections that may reach this one (routed through the Transit Gateway)"},
};

static int s_validate(const struct gc_value *config, struct gc_diags *diags)
{
    return gc_conn_check_method_args(config, s_methods, s_arg_rules, sizeof s_arg_rules / sizeof s_arg_rules[0], diags);
}

/* ---- schema ---- */

GC_TIMEOUTS_MINUTES(s_timeouts_block, 30);

#define RO (GC_ATTR_COMPUTED | GC_ATTR_STABLE)
static const struct gc_attr_def s_attrs[] = {
    {"allowed_cidrs", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "Method privatelink: the premises' networks (IPv4 CIDR blocks) the endpoint's security group lets in on "
     "ports. Changed in place.",
     s_validate_allowed_cidrs, NULL},
    {"attachment_id", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED | GC_ATTR_FORCE_NEW,
     "The ASP's Transit Gateway attachment (method transit_gateway: its VPC attachment on the hub's shared TGW, "
     "accepted by gcnet when pendingAcceptance; method tgw_peering: the peering attachment the ASP created, "
     "accepted by gcnet, or unset for gcnet to create the peering). A change replaces the connection.",
     s_validate_attachment_id, NULL},
    {"business_systems", &gc_type_set_string, GC_ATTR_REQUIRED,
     "The standard business systems the ASP runs for the municipality (catalog keys such as resident_records); "
     "each must be built on AWS for the hub's municipality.",
     s_validate_systems, NULL},
    {"cidrs", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "The ASP's networks (IPv4 CIDR blocks, /8 to /28; methods transit_gateway and tgw_peering). They must not "
     "overlap the ops VPC, the premises or another ASP; the ops VPC's route tables route them toward the Transit "
     "Gateway.",
     s_validate_cidrs, NULL},
    {"dns_names", &gc_type_list_string, RO,
     "Method privatelink: the endpoint's DNS names (what the premises' DNS records point at).", NULL, NULL},
    {"hub_id", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "The hub's Transit Gateway ID (gcnet_municipality_hub.<name>.id). A change replaces the connection.",
     gc_conn_validate_hub_id, NULL},
    {"id", &gc_type_string, RO,
     "The connection's ID: its attachment ID (tgw-attach-…), or for method privatelink its endpoint ID (vpce-…).", NULL,
     NULL},
    {"ip_addresses", &gc_type_list_string, RO,
     "Method privatelink: the endpoint's private addresses in the ops VPC, one per subnet.", NULL, NULL},
    {"method", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "How the ASP is connected: \"transit_gateway\" (the ASP's VPC attachment on the shared TGW), "
     "\"tgw_peering\" (a peering attachment between the hub's TGW and the ASP's) or \"privatelink\" (an "
     "interface endpoint in the ops VPC to the ASP's endpoint service). A change replaces the connection.",
     s_validate_method, NULL},
    {"name", &gc_type_string, GC_ATTR_REQUIRED, "Name of the connection.", gc_validate_name, NULL},
    {"ops_vpc_routes", &gc_type_set_string, RO,
     "The ASP's networks that every route table of the ops VPC routes toward the Transit Gateway.", NULL, NULL},
    {"peer_account_id", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method tgw_peering: the AWS account (12 digits) of the ASP's Transit Gateway. A change replaces the "
     "connection.",
     s_validate_account, NULL},
    {"peer_region", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method tgw_peering: the region of the ASP's Transit Gateway, ap-northeast-1 (Tokyo) or ap-northeast-3 "
     "(Osaka). A change replaces the connection.",
     s_validate_region, NULL},
    {"peer_transit_gateway_id", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method tgw_peering: the ASP's Transit Gateway (tgw-…) at the other end of the peering. A change replaces "
     "the connection.",
     s_validate_peer_tgw, NULL},
    {"paired_with", &gc_type_set_string, RO,
     "The connections of reachable_from whose pair routing is complete in both directions (each side associated "
     "with its member route table, which routes every one of the other's cidrs to it). A difference from "
     "reachable_from is drift, repaired in place.",
     NULL, NULL},
    {"ports", &gc_asp_type_set_number, GC_ATTR_OPTIONAL,
     "Method privatelink: the TCP ports (1 to 65535) the endpoint's security group opens to allowed_cidrs. "
     "Changed in place.",
     s_validate_ports, NULL},
    {"propagated_domains", &gc_type_set_string, RO,
     "Routing domains the attachment propagates into: onprem and ops (never asp, so that ASPs do not reach each "
     "other). Empty for method tgw_peering (a peering cannot propagate; see static_route_domains).",
     NULL, NULL},
    {"reachable_from", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "IDs of other ASP connections (gcnet_asp_connection.<name>.id, methods transit_gateway and tgw_peering) that "
     "may reach this one, and this one them: exactly each other's cidrs, both directions, no third ASP. Naming the "
     "pair on either side is enough. Changed in place.",
     s_validate_reachable_from, NULL},
    {"route_table_id", &gc_type_string, RO,
     "The TGW route table the attachment is associated with: the asp domain's, or with partners (reachable_from, "
     "either side) its own member table (asp's routes plus the partners').",
     NULL, NULL},
    {"security_group_id", &gc_type_string, RO, "Method privatelink: the endpoint's security group (gcnet's).", NULL,
     NULL},
    {"service_name", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_FORCE_NEW,
     "Method privatelink: the ASP's endpoint service, com.amazonaws.vpce.<region>.vpce-svc-…. A change replaces "
     "the connection.",
     s_validate_service_name, NULL},
    {"state", &gc_type_string, RO,
     "State of the attachment or endpoint: available once connected; pendingAcceptance while a PrivateLink "
     "endpoint waits for the ASP to accept it.",
     NULL, NULL},
    {"static_route_domains", &gc_type_set_string, RO,
     "Method tgw_peering: the routing domains whose route tables route every one of cidrs to the peering "
     "attachment (onprem and ops; never asp).",
     NULL, NULL},
    {"vendor", &gc_type_string, GC_ATTR_REQUIRED, "The ASP (vendor) that builds and runs the business systems.",
     gc_validate_name, NULL},
    {"vpc_endpoint_id", &gc_type_string, RO, "Method privatelink: the interface VPC endpoint (vpce-…).", NULL, NULL},
};
#undef RO

GC_RESOURCE_BLOCK(
    s_block, s_attrs, s_timeouts_block,
    "A business-system vendor (ASP) connected to a municipality's hub: the ASP's attachment accepted, associated "
    "with the asp routing domain, propagated into onprem and ops (or, for a Transit Gateway peering, static routes "
    "in onprem and ops), and its networks routed from the ops VPC; or an interface endpoint in the ops VPC to the "
    "ASP's PrivateLink service.");

/* ---- plan ---- */

static struct gc_value *s_domains_value(void)
{
    return gc_value_new_string_list(&gc_type_set_string, s_prop_domains, 2);
}

static int s_check_systems(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_value *planned)
{
    int result = 0;
    const struct gc_value *systems = gc_value_object_get(planned, "business_systems");
    const struct gc_municipality *m = hub->municipality ? gc_catalog_find(hub->municipality) : NULL;
    if (!m) {
        GC_WARN("hub %s carries no known " GC_TAG_MUNICIPALITY " tag: business systems not checked", hub->tgw_id);
        return 0;
    }
    if (s_is_method(planned, "privatelink") && !m->privatelink) {
        gc_diags_error_at(op->diags, "method", "PrivateLink not ordered",
                          "The catalog has no PrivateLink connections ordered for %s (%s) (data.gcnet_municipality's "
                          "orders_privatelink is false): connect this ASP by \"transit_gateway\" instead.",
                          m->name_en, m->name_ja);
        result = -1;
    }
    for (size_t i = 0; gc_value_is_known(systems) && i < gc_value_length(systems); i++) {
        int k = s_system_index(gc_value_string(gc_value_index(systems, i)));
        if (k < 0 || m->systems[k] == GC_SYS_AWS)
            continue;
        gc_diags_error_at(op->diags, "business_systems", "Business system not on AWS",
                          "\"%s\" (%s) is not built on AWS for %s (%s): the catalog has it %s. Remove it from "
                          "business_systems.",
                          gc_catalog_systems[k].key, gc_catalog_systems[k].name_ja, m->name_en, m->name_ja,
                          m->systems[k] == GC_SYS_OUTSIDE ? "built outside AWS (in the municipality's own data centre)"
                                                          : "not built by the municipality");
        result = -1;
    }
    return result;
}

/* The strings of a set value that are known, into `out` (at most `cap`); how many. */
static size_t s_strings_of(const struct gc_value *set, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; gc_value_is_known(set) && i < gc_value_length(set) && n < cap; i++)
        if (gc_value_string(gc_value_index(set, i)))
            out[n++] = gc_value_string(gc_value_index(set, i));
    return n;
}

static bool s_in_list(char *const *items, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(items[i], s) == 0)
            return true;
    return false;
}

/* A range on the hub that is this connection's own: routed toward its attachment, or an ops VPC route it made —
 * by the prior state's cidrs, or, for a create that an earlier apply began and never finished, by the cidrs its
 * attachment's bookkeeping tag lists (written before any route: s_converge). */
static bool s_own_range(const struct gc_conn_range *r, const char *att_id, const struct gc_value *prior,
                        char *const *tagged, size_t n_tagged)
{
    if (att_id && r->target && strcmp(r->target, att_id) == 0)
        return true;
    return strstr(r->where, "of the ops VPC") && r->target && strncmp(r->target, "tgw-", 4) == 0 &&
           (gc_conn_set_has(gc_value_object_get(prior, "cidrs"), r->cidr) || s_in_list(tagged, n_tagged, r->cidr));
}

/* The cidrs the attachment's bookkeeping tag lists (none when it has no such tag or was not found). */
static int s_tagged_cidrs(struct gc_op *op, const struct gc_conn_attachment *att, bool found, char ***items, size_t *n)
{
    *items = NULL;
    *n = 0;
    if (found && gc_conn_tags_get_list(&att->tags, S_TAG_CIDRS, items, n) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read the tags of attachment %s.", att->id);
        return -1;
    }
    return 0;
}

/* `ranges` are the hub's around the planned cidrs and `att` (found or not) the planned attachment_id's, as the plan
 * loaded them. */
static int s_check_overlaps(struct gc_op *op, const struct gc_conn_ranges *ranges, const struct gc_value *planned,
                            const struct gc_value *prior, const struct gc_conn_attachment *att, bool att_found)
{
    const struct gc_value *cidrs = gc_value_object_get(planned, "cidrs");
    const char *att_id = gc_value_get_string(planned, "attachment_id");
    char **tagged = NULL;
    size_t n_tagged = 0;
    int result = -1;
    if (s_tagged_cidrs(op, att, att_id && att_found, &tagged, &n_tagged) != 0)
        goto cleanup;
    result = 0;
    for (size_t i = 0; gc_value_is_wholly_known(cidrs) && i < gc_value_length(cidrs); i++) {
        const char *c = gc_value_string(gc_value_index(cidrs, i));
        for (size_t k = 0; c && k < ranges->n; k++) {
            const struct gc_conn_range *r = &ranges->items[k];
            if (s_own_range(r, att_id, prior, tagged, n_tagged) || !gc_conn_cidrs_overlap(c, r->cidr))
                continue;
            gc_diags_error_at(op->diags, "cidrs", "Overlapping address ranges",
                              "%s (cidrs of this ASP connection) overlaps %s, which is %s%s%s. Give the ASP a range "
                              "that no other network of the hub uses.",
                              c, r->cidr, r->where, r->target ? " toward " : "", r->target ? r->target : "");
            result = -1;
            break;
        }
    }
cleanup:
    gc_conn_strings_free(tagged, n_tagged);
    return result;
}

/* Method tgw_peering with attachment_id: the peering's other side is the configured one. */
static int s_check_peer(struct gc_op *op, const char *att_id, const char *tgw_id, const struct gc_value *planned)
{
    static const char *const attrs[] = {"peer_transit_gateway_id", "peer_account_id", "peer_region"};
    struct gc_asp_peer_info p = {0};
    bool found = false;
    int result = -1;
    if (gc_asp_peer_get(op, att_id, tgw_id, &p, &found) != 0)
        goto cleanup;
    result = 0;
    const char *have[] = {p.peer_tgw_id, p.peer_account_id, p.peer_region};
    for (size_t i = 0; found && i < 3; i++) {
        const char *want = gc_value_get_string(planned, attrs[i]);
        if (!want || !have[i] || strcmp(want, have[i]) == 0)
            continue;
        gc_diags_error_at(op->diags, attrs[i], "Peering leads elsewhere",
                          "Peering attachment %s connects to %s, not to %s (%s): give the values of the ASP's "
                          "peering, or the attachment the ASP made for this hub.",
                          att_id, have[i], want, attrs[i]);
        result = -1;
    }
cleanup:
    gc_asp_peer_info_clean_up(&p);
    return result;
}

/* `att` as the plan loaded it (the hub's list, shared by every plan; found false: no such attachment). */
static int s_check_attachment(struct gc_op *op, const char *att_id, const char *tgw_id, const struct gc_value *planned,
                              const struct gc_conn_attachment *att, bool found)
{
    bool peering = s_is_method(planned, "tgw_peering");
    const char *type = peering ? "peering" : "vpc";
    int result = -1;
    if (!found) {
        gc_diags_error_at(op->diags, "attachment_id", "Attachment not found",
                          "No Transit Gateway attachment %s exists (or it is deleted). The ASP creates its VPC "
                          "attachment on the hub's shared Transit Gateway %s first; gcnet then accepts it.",
                          att_id, tgw_id);
    } else if (!att->tgw_id || strcmp(att->tgw_id, tgw_id) != 0) {
        gc_diags_error_at(op->diags, "attachment_id", "Attachment on another Transit Gateway",
                          "Attachment %s belongs to %s, not to the hub %s.", att_id, att->tgw_id ? att->tgw_id : "?",
                          tgw_id);
    } else if (!att->resource_type || strcmp(att->resource_type, type) != 0) {
        gc_diags_error_at(op->diags, "attachment_id", peering ? "Not a peering attachment" : "Not a VPC attachment",
                          "Attachment %s is of type %s; method \"%s\" connects an ASP's %s attachment.", att_id,
                          att->resource_type ? att->resource_type : "?", peering ? "tgw_peering" : "transit_gateway",
                          type);
    } else {
        result = peering ? s_check_peer(op, att_id, tgw_id, planned) : 0;
    }
    return result;
}

/* Each connection of reachable_from is another gcnet ASP connection of this hub with an available attachment. */
static int s_check_partners(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_value *planned)
{
    struct gc_asp_graph g = {0};
    const struct gc_value *want = gc_value_object_get(planned, "reachable_from");
    const char *self = gc_value_get_string(planned, "attachment_id");
    int result = -1;
    if (!gc_value_is_known(want) || gc_value_length(want) == 0)
        return 0;
    if (gc_asp_graph_load(op, hub, &g) != 0)
        goto cleanup;
    result = 0;
    for (size_t i = 0; i < gc_value_length(want); i++) {
        const char *id = gc_value_string(gc_value_index(want, i));
        if (!id)
            continue;
        if (self && strcmp(id, self) == 0) {
            gc_diags_error_at(op->diags, "reachable_from", "Connection names itself",
                              "%s is this connection's own attachment: reachable_from names other connections.", id);
            result = -1;
        } else if (!gc_asp_graph_find(&g, id)) {
            gc_diags_error_at(op->diags, "reachable_from", "Unknown partner connection",
                              "%s is not an available gcnet_asp_connection on hub %s (a transit_gateway or "
                              "tgw_peering connection's id): ASPs reach each other only through connections gcnet "
                              "manages.",
                              id, hub->tgw_id);
            result = -1;
        }
    }
cleanup:
    gc_asp_graph_clean_up(&g);
    return result;
}

/* The hub and the attachment, loaded at once (issue 9 §2): both by ids the caller already has. */
struct s_hub_att_load {
    const char *hub_id;
    const char *att_id;
    bool on_hub;              /* the attachment looked up among the hub's (a plan) rather than by its id alone */
    const char *const *cidrs; /* with `ranges`: the hub's ranges around these, loaded with the hub */
    size_t n_cidrs;
    struct gc_conn_ranges *ranges;
    struct gc_conn_hub *hub;
    struct gc_conn_attachment *att;
    bool hub_found;
    bool att_found;
};

static int s_load_hub_step(struct gc_op *op, void *arg)
{
    struct s_hub_att_load *l = arg;
    if (l->ranges)
        return gc_conn_hub_load_ranges(op, l->hub_id, l->hub, &l->hub_found, l->cidrs, l->n_cidrs, l->ranges);
    return gc_conn_hub_load(op, l->hub_id, l->hub, &l->hub_found);
}

static int s_load_att_step(struct gc_op *op, void *arg)
{
    struct s_hub_att_load *l = arg;
    return l->on_hub ? gc_conn_attachment_find(op, l->hub_id, l->att_id, l->att, &l->att_found)
                     : gc_conn_attachment_get(op, l->att_id, l->att, &l->att_found);
}

static int s_plan_checks(struct gc_plan_ctx *ctx)
{
    struct gc_op op = {.provider = ctx->provider,
                       .aws = ctx->provider->aws,
                       .diags = ctx->diags,
                       .type_name = S_TYPE,
                       .timeout_kind = "plan"};
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    struct gc_conn_ranges ranges = {0};
    const struct gc_value *p = ctx->planned;
    const char *hub_id = gc_value_get_string(p, "hub_id");
    const char *att_id = gc_value_get_string(p, "attachment_id");
    const char *asked[GC_CONN_MAX_CIDRS] = {0};
    bool routed = !s_is_method(p, "privatelink"); /* checked against the hub's ranges */
    struct s_hub_att_load l = {.hub_id = hub_id,
                               .att_id = att_id,
                               .on_hub = true,
                               .cidrs = asked,
                               .n_cidrs = s_strings_of(gc_value_object_get(p, "cidrs"), asked, GC_CONN_MAX_CIDRS),
                               .ranges = routed ? &ranges : NULL,
                               .hub = &hub,
                               .att = &att};
    const struct gc_parallel_step load[] = {{s_load_hub_step, &l}, {s_load_att_step, &l}};
    int result = -1;
    if (gc_parallel_run(&op, load, att_id ? 2 : 1) != 0)
        goto cleanup;
    if (!l.hub_found) {
        gc_diags_error_at(ctx->diags, "hub_id", "Hub not found",
                          "Transit Gateway %s does not exist in this account and region (or it is deleted).", hub_id);
        goto cleanup;
    }
    result = 0;
    if (s_check_systems(&op, &hub, p) != 0)
        result = -1;
    if (routed && (gc_conn_hub_require(&op, &hub, s_needed_domains) != 0 ||
                   s_check_overlaps(&op, &ranges, p, ctx->prior, &att, l.att_found) != 0))
        result = -1;
    if (att_id && gc_plan_is_create(ctx) && s_check_attachment(&op, att_id, hub_id, p, &att, l.att_found) != 0)
        result = -1;
    if (routed && s_check_partners(&op, &hub, p) != 0)
        result = -1;
cleanup:
    gc_conn_ranges_clean_up(&ranges);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

/* Method privatelink: no TGW wiring (null), the endpoint's attributes kept from the prior state or unknown. */
static int s_plan_privatelink(struct gc_plan_ctx *ctx, bool create)
{
    static const char *const endpoint_attrs[] = {
        "id", "vpc_endpoint_id", "security_group_id", "dns_names", "ip_addresses", "state", NULL};
    int rc = 0;
    rc |= gc_value_set_string(ctx->planned, "attachment_id", NULL);
    rc |= gc_value_set_string(ctx->planned, "route_table_id", NULL);
    rc |= gc_value_object_set(ctx->planned, "propagated_domains", gc_value_new_null(&gc_type_set_string));
    rc |= gc_value_object_set(ctx->planned, "ops_vpc_routes", gc_value_new_null(&gc_type_set_string));
    rc |= gc_value_object_set(ctx->planned, "static_route_domains", gc_value_new_null(&gc_type_set_string));
    rc |= gc_value_object_set(ctx->planned, "paired_with", gc_value_new_null(&gc_type_set_string));
    for (size_t i = 0; create && endpoint_attrs[i]; i++)
        rc |= gc_plan_set_unknown(ctx, endpoint_attrs[i]);
    if (rc || create)
        return rc ? -1 : 0;
    const char *state = gc_value_get_string(ctx->prior, "state");
    if (state && strcmp(state, "pendingAcceptance") == 0)
        gc_diags_add(ctx->diags, GC_SEV_WARNING, NULL, "Endpoint waits for the ASP's acceptance",
                     "VPC endpoint %s is pendingAcceptance: the ASP must accept it on its endpoint service.",
                     gc_value_get_string(ctx->prior, "id") ? gc_value_get_string(ctx->prior, "id") : "?");
    if ((!state || (strcmp(state, "available") != 0 && strcmp(state, "pendingAcceptance") != 0)) &&
        gc_plan_set_unknown(ctx, "state") != 0)
        return -1;
    return 0;
}

/* The other methods' endpoint attributes are null. */
static int s_plan_no_endpoint(struct gc_plan_ctx *ctx)
{
    int rc = 0;
    if (!s_is_method(ctx->planned, "tgw_peering"))
        rc |= gc_value_object_set(ctx->planned, "static_route_domains", gc_value_new_null(&gc_type_set_string));
    rc |= gc_value_set_string(ctx->planned, "vpc_endpoint_id", NULL);
    rc |= gc_value_set_string(ctx->planned, "security_group_id", NULL);
    rc |= gc_value_object_set(ctx->planned, "dns_names", gc_value_new_null(&gc_type_list_string));
    rc |= gc_value_object_set(ctx->planned, "ip_addresses", gc_value_new_null(&gc_type_list_string));
    return rc ? -1 : 0;
}

static bool s_pending(const struct gc_value *s)
{
    const char *state = gc_value_get_string(s, "state");
    return state && strcmp(state, "pendingAcceptance") == 0;
}

/* Method tgw_peering. A peering gcnet creates waits for the ASP's acceptance: what the create ends with is not
 * known (unknown wiring). While the prior state is pendingAcceptance the plan keeps the prior (unwired) values and
 * warns: a refresh after the ASP accepts shows it available, and the plan then shows the wiring to add. */
static int s_plan_peering(struct gc_plan_ctx *ctx, bool create)
{
    static const char *const unknown_on_create[] = {"id",
                                                    "attachment_id",
                                                    "route_table_id",
                                                    "propagated_domains",
                                                    "static_route_domains",
                                                    "ops_vpc_routes",
                                                    "state",
                                                    "paired_with",
                                                    NULL};
    static const char *const kept_while_pending[] = {
        "route_table_id", "propagated_domains", "static_route_domains", "ops_vpc_routes", "state", "paired_with", NULL};
    if (create && gc_value_is_null(gc_value_object_get(ctx->planned, "attachment_id"))) {
        for (size_t i = 0; unknown_on_create[i]; i++)
            if (gc_plan_set_unknown(ctx, unknown_on_create[i]) != 0)
                return -1;
        return 0;
    }
    if (!create && s_pending(ctx->prior)) {
        gc_diags_add(ctx->diags, GC_SEV_WARNING, NULL, "Peering waits for the ASP's acceptance",
                     "Transit Gateway peering attachment %s is pendingAcceptance: the ASP must accept it in account "
                     "%s. A refresh then shows it available, and the next apply routes it.",
                     gc_value_get_string(ctx->prior, "id") ? gc_value_get_string(ctx->prior, "id") : "?",
                     gc_value_get_string(ctx->prior, "peer_account_id")
                         ? gc_value_get_string(ctx->prior, "peer_account_id")
                         : "?");
        for (size_t i = 0; kept_while_pending[i]; i++) {
            struct gc_value *v = gc_value_copy(gc_value_object_get(ctx->prior, kept_while_pending[i]));
            if (!v || gc_value_object_set(ctx->planned, kept_while_pending[i], v) != 0)
                return -1;
        }
        return 0;
    }
    return gc_value_object_set(ctx->planned, "static_route_domains",
                               gc_value_new_string_list(&gc_type_set_string, s_static_domains, 2)) != 0
               ? -1
               : 0;
}

/* paired_with must be reachable_from (empty without it): a pair whose routing is incomplete is drift. */
static int s_plan_paired(struct gc_plan_ctx *ctx)
{
    const struct gc_value *want = gc_value_object_get(ctx->planned, "reachable_from");
    if (!gc_value_is_known(want))
        return gc_plan_set_unknown(ctx, "paired_with");
    struct gc_value *v =
        gc_value_is_null(want) ? gc_value_new_string_list(&gc_type_set_string, NULL, 0) : gc_value_copy(want);
    return v && gc_value_object_set(ctx->planned, "paired_with", v) == 0 ? 0 : -1;
}

static int s_plan(struct gc_plan_ctx *ctx)
{
    const struct gc_value *p = ctx->planned;
    bool create = gc_plan_is_create(ctx);
    bool hub_known = gc_value_is_known(gc_value_object_get(p, "hub_id"));
    if (ctx->provider && ctx->provider->aws && hub_known &&
        (create || gc_plan_changed(ctx, "cidrs") || gc_plan_changed(ctx, "business_systems") ||
         gc_plan_changed(ctx, "reachable_from")) &&
        s_plan_checks(ctx) != 0)
        return -1;
    if (s_is_method(p, "privatelink"))
        return s_plan_privatelink(ctx, create);
    if (s_plan_no_endpoint(ctx) != 0)
        return -1;
    /* what the wiring must be: a difference from the prior state (drift) is repaired in place */
    const struct gc_value *cidrs = gc_value_object_get(p, "cidrs");
    struct gc_value *routes = gc_value_copy(cidrs);
    if (!routes || gc_value_object_set(ctx->planned, "ops_vpc_routes", routes) != 0)
        return -1;
    bool peering = s_is_method(p, "tgw_peering");
    if (gc_value_object_set(ctx->planned, "propagated_domains",
                            peering ? gc_value_new_string_list(&gc_type_set_string, NULL, 0) : s_domains_value()) != 0)
        return -1;
    if (s_plan_paired(ctx) != 0)
        return -1;
    if (peering && s_plan_peering(ctx, create) != 0)
        return -1;
    if (peering && (create ? gc_value_is_null(gc_value_object_get(p, "attachment_id")) : s_pending(ctx->prior)))
        return 0;
    const struct gc_value *att = gc_value_object_get(p, "attachment_id");
    if (create && gc_value_is_known(att) && !gc_value_is_null(att) &&
        gc_value_object_set(ctx->planned, "id", gc_value_copy(att)) != 0)
        return -1;
    if (create)
        return 0;
    if ((gc_value_is_null(gc_value_object_get(ctx->prior, "route_table_id")) ||
         gc_plan_changed(ctx, "reachable_from")) &&
        gc_plan_set_unknown(ctx, "route_table_id") != 0)
        return -1;
    const char *state = gc_value_get_string(ctx->prior, "state");
    if ((!state || strcmp(state, "available") != 0) && gc_plan_set_unknown(ctx, "state") != 0)
        return -1;
    return 0;
}

/* ---- the connection's bookkeeping tags on the attachment ---- */

static int s_strset_array(struct gc_strset *set, const struct gc_value *v)
{
    gc_strset_init(set);
    return gc_strset_of_value(set, v);
}

int gc_asp_wanted_tags(struct gc_tags *out, const struct gc_value *planned, const char *tgw_id)
{
    struct gc_strset cidrs = {0}, systems = {0}, partners = {0};
    int rc = 0;
    rc |= s_strset_array(&cidrs, gc_value_object_get(planned, "cidrs"));
    rc |= s_strset_array(&systems, gc_value_object_get(planned, "business_systems"));
    rc |= s_strset_array(&partners, gc_value_object_get(planned, "reachable_from"));
    rc |= gc_tags_add(out, S_TAG_NAME, gc_value_get_string(planned, "name"));
    rc |= gc_tags_add(out, S_TAG_VENDOR, gc_value_get_string(planned, "vendor"));
    rc |= gc_tags_add(out, GC_TAG_TGW, tgw_id);
    if (rc == 0)
        rc |= gc_conn_tags_put_list(out, S_TAG_CIDRS, cidrs.items, cidrs.n);
    if (rc == 0)
        rc |= gc_conn_tags_put_list(out, S_TAG_SYSTEMS, systems.items, systems.n);
    if (rc == 0 && partners.n > 0)
        rc |= gc_conn_tags_put_list(out, GC_ASP_TAG_REACHABLE, partners.items, partners.n);
    gc_strset_clean_up(&partners);
    gc_strset_clean_up(&cidrs);
    gc_strset_clean_up(&systems);
    return rc ? -1 : 0;
}

/* The attachment's tags that are gcnet's (gcnet:asp-* and the TGW marker). */
int gc_asp_retag(struct gc_op *op, const char *id, const struct gc_tags *current, const struct gc_value *planned,
                 const char *tgw_id)
{
    struct gc_tags want = {0};
    int result = -1;
    if (planned && gc_asp_wanted_tags(&want, planned, tgw_id) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the tags of %s.", id);
        goto cleanup;
    }
    result = gc_conn_retag(op, id, current, S_TAG_PREFIX, planned ? &want : NULL);
cleanup:
    gc_tags_clean_up(&want);
    return result;
}

/* ---- converge: create, update and repair ---- */

/* Whether reachable_from concerns this connection: it names partners now or did before, or (`by_others`, from
 * gc_asp_pairs_involved) it has a member table or another connection names it (asp_pairs.h). */
static bool s_pairs_involved(bool by_others, const struct gc_value *planned, const struct gc_value *prior)
{
    const char *names[S_MAX_PARTNERS] = {0};
    return by_others || s_strings_of(gc_value_object_get(planned, "reachable_from"), names, S_MAX_PARTNERS) > 0 ||
           s_strings_of(gc_value_object_get(prior, "reachable_from"), names, S_MAX_PARTNERS) > 0;
}

/* reachable_from (asp_pairs.h), when s_pairs_involved: the attachment is associated with asp, or with its member
 * table when it has partners; the partners it names now or named before are synced too (their tables gain or lose
 * its routes). Decided from the whole graph, read under the pair lock. `rt_out` gets the table it is associated
 * with. */
static int s_pairs_converge(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id,
                            const struct gc_value *planned, const struct gc_value *prior, char *rt_out, size_t cap)
{
    const char *now[S_MAX_PARTNERS] = {0}, *before[S_MAX_PARTNERS] = {0};
    size_t n_now = s_strings_of(gc_value_object_get(planned, "reachable_from"), now, S_MAX_PARTNERS);
    size_t n_before = s_strings_of(gc_value_object_get(prior, "reachable_from"), before, S_MAX_PARTNERS);
    struct gc_asp_graph graph = {0}, *g = &graph;
    int result = -1;
    gc_asp_pairs_lock();
    if (gc_asp_graph_load(op, hub, g) != 0)
        goto cleanup;
    result = 0;
    for (size_t i = 0; i < n_now; i++) {
        if (gc_asp_graph_find(g, now[i]) && strcmp(now[i], att_id) != 0)
            continue;
        gc_diags_error_at(op->diags, "reachable_from", "Unknown partner connection",
                          "%s (in reachable_from) is not another available gcnet_asp_connection on hub %s: name the "
                          "id of a connection of method transit_gateway or tgw_peering on the same hub.",
                          now[i], hub->tgw_id);
        result = -1;
    }
    if (result != 0)
        goto cleanup;
    result = -1;
    if (gc_asp_pair_sync(op, hub, g, att_id, gc_value_get_string(planned, "name")) != 0)
        goto cleanup;
    for (size_t i = 0; i < n_now + n_before; i++) {
        const char *p = i < n_now ? now[i] : before[i - n_now];
        const struct gc_asp_graph_node *node = gc_asp_graph_find(g, p);
        if (node && strcmp(p, att_id) != 0 && gc_asp_pair_sync(op, hub, g, p, node->name) != 0)
            goto cleanup;
    }
    const char *rt = gc_asp_graph_table_of(g, att_id);
    snprintf(rt_out, cap, "%s", rt ? rt : gc_conn_hub_table(hub, s_assoc_domain));
    result = 0;
cleanup:
    gc_asp_pairs_unlock();
    gc_asp_graph_clean_up(g);
    return result;
}

/* The steps of a converge that run beside others (gc_parallel.h). */
struct s_conv {
    const struct gc_conn_hub *hub;
    const struct gc_conn_attachment *att;
    const struct gc_value *planned;
    const struct gc_value *prior;
    bool involved; /* gc_asp_pairs_involved */
};

static int s_conv_retag(struct gc_op *op, void *arg)
{
    struct s_conv *c = arg;
    return gc_asp_retag(op, c->att->id, &c->att->tags, c->planned, c->hub->tgw_id);
}

static int s_conv_graph(struct gc_op *op, void *arg)
{
    struct s_conv *c = arg;
    return gc_asp_pairs_involved(op, c->hub, c->att->id, &c->involved);
}

static int s_conv_routes(struct gc_op *op, void *arg)
{
    struct s_conv *c = arg;
    return gc_conn_vpc_routes_sync(op, c->hub, c->planned, c->prior, "cidrs");
}

/* Method transit_gateway: tags and the hub's connections read beside the propagations' looks; the association
 * (unless reachable_from decides it under its lock first), the propagations and the ops VPC routes then at once,
 * with one wait (gc_conn_wire_look / gc_conn_wire_apply). The tags go first: the plan's overlap check knows an ops
 * VPC route as this connection's by them, so a crash must never leave a route without them. */
static int s_converge_tgw(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_conn_attachment *att,
                          const struct gc_value *planned, const struct gc_value *prior, char *rt_out, size_t cap)
{
    struct s_conv c = {.hub = hub, .att = att, .planned = planned, .prior = prior};
    struct gc_conn_wiring w = {.att_id = att->id, .assoc_now = att->assoc_table, .assoc_state = att->assoc_state};
    const struct gc_parallel_step first[] = {{s_conv_retag, &c}, {s_conv_graph, &c}};
    const struct gc_parallel_step beside[] = {{s_conv_routes, &c}};
    int result = -1;
    for (size_t i = 0; i < hub->n_domains; i++) {
        bool wanted = false;
        for (size_t k = 0; s_prop_domains[k]; k++)
            wanted = wanted || strcmp(hub->domains[i].name, s_prop_domains[k]) == 0;
        /* isolation: the attachment never propagates into a domain outside s_prop_domains (asp above all) */
        if (wanted)
            w.on[w.n_on++] = hub->domains[i].route_table_id;
        else
            w.off[w.n_off++] = hub->domains[i].route_table_id;
    }
    if (gc_conn_wire_look(op, &w, first, sizeof first / sizeof first[0]) != 0)
        goto cleanup;
    if (s_pairs_involved(c.involved, planned, prior)) {
        if (s_pairs_converge(op, hub, att->id, planned, prior, rt_out, cap) != 0)
            goto cleanup;
    } else {
        w.assoc_rt = gc_conn_hub_table(hub, s_assoc_domain);
        snprintf(rt_out, cap, "%s", w.assoc_rt);
    }
    if (gc_conn_wire_apply(op, &w, beside, sizeof beside / sizeof beside[0]) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_conn_wiring_clean_up(&w);
    return result;
}

static int s_converge(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_conn_attachment *att,
                      const struct gc_value *planned, const struct gc_value *prior, char *rt_out, size_t cap)
{
    bool involved = false;
    int result = -1;
    if (!s_is_method(planned, "tgw_peering"))
        return s_converge_tgw(op, hub, att, planned, prior, rt_out, cap);
    if (gc_asp_retag(op, att->id, &att->tags, planned, hub->tgw_id) != 0 ||
        gc_asp_pairs_involved(op, hub, att->id, &involved) != 0)
        goto cleanup;
    if (s_pairs_involved(involved, planned, prior)) {
        if (s_pairs_converge(op, hub, att->id, planned, prior, rt_out, cap) != 0)
            goto cleanup;
    } else {
        if (gc_conn_associate(op, att->id, gc_conn_hub_table(hub, s_assoc_domain)) != 0)
            goto cleanup;
        snprintf(rt_out, cap, "%s", gc_conn_hub_table(hub, s_assoc_domain));
    }
    /* a peering cannot propagate: static routes in onprem and ops, none elsewhere */
    if (gc_asp_peer_routes(op, hub, att->id, gc_value_object_get(planned, "cidrs")) != 0)
        goto cleanup;
    result = gc_conn_vpc_routes_sync(op, hub, planned, prior, "cidrs");
cleanup:
    return result;
}

/* Loads the hub and the attachment at once, checking that the attachment is the hub's. */
static int s_load(struct gc_op *op, const char *hub_id, const char *att_id, struct gc_conn_hub *hub,
                  struct gc_conn_attachment *att)
{
    struct s_hub_att_load l = {.hub_id = hub_id, .att_id = att_id, .hub = hub, .att = att};
    const struct gc_parallel_step parts[] = {{s_load_hub_step, &l}, {s_load_att_step, &l}};
    if (gc_parallel_run(op, parts, sizeof parts / sizeof parts[0]) != 0)
        return -1;
    if (gc_conn_hub_check_required(op, hub_id, l.hub_found, hub, s_needed_domains) != 0)
        return -1;
    if (!l.att_found) {
        gc_diags_error_at(op->diags, "attachment_id", "Attachment not found",
                          "No Transit Gateway attachment %s exists (or it is deleted): the ASP must create its VPC "
                          "attachment on the hub's Transit Gateway %s first.",
                          att_id, hub_id);
        return -1;
    }
    if (!att->tgw_id || strcmp(att->tgw_id, hub_id) != 0) {
        gc_diags_error_at(op->diags, "attachment_id", "Attachment on another Transit Gateway",
                          "Attachment %s belongs to %s, not to the hub %s.", att_id, att->tgw_id ? att->tgw_id : "?",
                          hub_id);
        return -1;
    }
    return 0;
}

static struct gc_value *s_state_from(const struct gc_value *planned, const char *rt_id, const char *att_id,
                                     const char *state, bool wired)
{
    struct gc_value *s = gc_value_copy(planned);
    int rc = s ? 0 : -1;
    if (rc == 0) {
        rc |= gc_value_set_string(s, "id", att_id);
        rc |= gc_value_set_string(s, "attachment_id", att_id);
        rc |= gc_value_set_string(s, "state", state);
        if (!wired) {
            /* a failed create: what the wiring is is not known, the next plan repairs it */
            rc |= gc_value_set_string(s, "route_table_id", NULL);
            rc |= gc_value_object_set(s, "propagated_domains", gc_value_new_null(&gc_type_set_string));
            rc |= gc_value_object_set(s, "ops_vpc_routes", gc_value_new_null(&gc_type_set_string));
            rc |= gc_value_object_set(s, "paired_with", gc_value_new_null(&gc_type_set_string));
        } else {
            rc |= gc_value_set_string(s, "route_table_id", rt_id);
        }
    }
    if (rc != 0) {
        gc_value_free(s);
        s = NULL;
    }
    return s;
}

/* Method tgw_peering: the peering created (or the ASP's accepted); wired once available. A peering that waits for
 * the ASP's acceptance ends the apply with a warning and its state pendingAcceptance (nothing to wire yet). */
static int s_create_peering(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    char rt[S_RT_MAX] = "";
    char *att_id = NULL;
    bool found = false, wired = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_hub_load_required(op, gc_value_get_string(planned, "hub_id"), &hub, s_needed_domains) != 0 ||
        gc_asp_peer_attach(op, hub.tgw_id, planned, &att_id) != 0)
        goto cleanup;
    if (gc_asp_peer_wait_settled(op, att_id) != 0 || gc_conn_attachment_get(op, att_id, &att, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_diags_error_at(op->diags, "attachment_id", "Attachment gone",
                          "Peering attachment %s disappeared during the apply.", att_id);
        goto cleanup;
    }
    if (att.state && strcmp(att.state, "pendingAcceptance") == 0) {
        if (gc_asp_retag(op, att.id, &att.tags, planned, hub.tgw_id) != 0)
            goto cleanup;
        gc_diags_add(op->diags, GC_SEV_WARNING, NULL, "Peering waits for the ASP's acceptance",
                     "Transit Gateway peering attachment %s to %s is pendingAcceptance: the ASP must accept it in "
                     "account %s. A refresh then shows it available, and the next apply routes it.",
                     att_id, gc_value_get_string(planned, "peer_transit_gateway_id"),
                     gc_value_get_string(planned, "peer_account_id"));
        result = 0;
        goto cleanup;
    }
    if (s_converge(op, &hub, &att, planned, NULL, rt, sizeof rt) != 0)
        goto cleanup;
    wired = true;
    result = 0;
cleanup:
    if (att_id) {
        /* also on failure: the peering goes into state (tainted), so destroy can undo it */
        *state = s_state_from(planned, rt, att_id, wired ? "available" : att.state, wired);
        if (*state && !wired)
            gc_value_object_set(*state, "static_route_domains", gc_value_new_null(&gc_type_set_string));
        if (!*state)
            result = -1;
    }
    free(att_id);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    if (s_is_method(planned, "privatelink"))
        return gc_asp_pl_create(op, planned, state);
    if (s_is_method(planned, "tgw_peering"))
        return s_create_peering(op, planned, state);
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    char rt[S_RT_MAX] = "";
    const char *att_id = gc_value_get_string(planned, "attachment_id");
    bool accepted = false, wired = false;
    int result = -1;
    *state = NULL;
    if (s_load(op, gc_value_get_string(planned, "hub_id"), att_id, &hub, &att) != 0)
        goto cleanup;
    /* accepted as read (att then holds it as the wait last saw it: its association, if AWS made one) */
    if (gc_conn_attachment_accept(op, &att, &hub) != 0)
        goto cleanup;
    accepted = true;
    if (s_converge(op, &hub, &att, planned, NULL, rt, sizeof rt) != 0)
        goto cleanup;
    wired = true;
    result = 0;
cleanup:
    if (accepted) {
        /* also on failure: the accepted attachment's wiring goes into state (tainted), so destroy can undo it */
        *state = s_state_from(planned, rt, att_id, wired ? "available" : att.state, wired);
        if (!*state)
            result = -1;
    }
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state)
{
    if (s_is_method(planned, "privatelink"))
        return gc_asp_pl_update(op, prior, planned, state);
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    char rt[S_RT_MAX] = "";
    const char *att_id = gc_value_get_string(prior, "id");
    int result = -1;
    *state = NULL;
    bool peering = s_is_method(planned, "tgw_peering");
    if (s_load(op, gc_value_get_string(planned, "hub_id"), att_id, &hub, &att) != 0)
        goto cleanup;
    if (peering && s_pending(prior)) {
        /* planned with the pending values: only the bookkeeping tags follow the configuration */
        if (gc_asp_retag(op, att.id, &att.tags, planned, hub.tgw_id) != 0)
            goto cleanup;
        *state = gc_value_copy(planned);
        result = *state ? 0 : -1;
        goto cleanup;
    }
    if (!peering && att.state && strcmp(att.state, "available") != 0 && gc_conn_attachment_accept(op, &att, &hub) != 0)
        goto cleanup;
    if (peering && att.state && strcmp(att.state, "available") != 0 &&
        gc_conn_attachment_wait_available(op, att_id) != 0)
        goto cleanup;
    if (s_converge(op, &hub, &att, planned, prior, rt, sizeof rt) != 0)
        goto cleanup;
    *state = s_state_from(planned, rt, att_id, "available", true);
    result = *state ? 0 : -1;
cleanup:
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

/* ---- read and import ---- */

static struct gc_value *s_strings_value(char **items, size_t n)
{
    return gc_value_new_string_list(&gc_type_set_string, (const char *const *)items, n);
}

/* The settings gcnet recorded on the attachment (import, and drift of the tags). */
int gc_asp_fill_from_tags(struct gc_value *s, const struct gc_tags *tags)
{
    char **items = NULL;
    size_t n = 0;
    int rc = 0;
    const char *name = gc_tags_find(tags, S_TAG_NAME);
    const char *vendor = gc_tags_find(tags, S_TAG_VENDOR);
    if (name)
        rc |= gc_value_set_string(s, "name", name);
    if (vendor)
        rc |= gc_value_set_string(s, "vendor", vendor);
    rc |= gc_conn_tags_get_list(tags, S_TAG_CIDRS, &items, &n);
    if (rc == 0 && items && n > 0)
        rc |= gc_value_object_set(s, "cidrs", s_strings_value(items, n));
    gc_conn_strings_free(items, n);
    items = NULL;
    n = 0;
    rc |= gc_conn_tags_get_list(tags, S_TAG_SYSTEMS, &items, &n);
    if (rc == 0 && items)
        rc |= gc_value_object_set(s, "business_systems", s_strings_value(items, n));
    gc_conn_strings_free(items, n);
    items = NULL;
    n = 0;
    rc |= gc_conn_tags_get_list(tags, GC_ASP_TAG_REACHABLE, &items, &n);
    if (rc == 0 && items && n > 0)
        rc |= gc_value_object_set(s, "reachable_from", s_strings_value(items, n));
    gc_conn_strings_free(items, n);
    return rc ? -1 : 0;
}

/* The pair routing as it is (asp_pairs.h): *ours tells whether the association is the one wanted (asp without
 * partners; with partners the member table, holding asp's propagations), `paired` the partners of reachable_from
 * (borrowed from `s`) whose routing is complete both ways. The graph is read only when the connection names
 * partners or sits in a member table, so that a connection without partners costs no more reads. */
static int s_read_pairs(struct gc_op *op, const struct gc_value *s, const struct gc_conn_hub *hub,
                        const struct gc_conn_attachment *att, bool *ours, const char **paired, size_t *n_paired)
{
    struct gc_asp_graph g = {0};
    const char *declared[S_MAX_PARTNERS] = {0};
    size_t n_declared = s_strings_of(gc_value_object_get(s, "reachable_from"), declared, S_MAX_PARTNERS);
    int result = -1;
    *n_paired = 0;
    if (n_declared == 0 && (!att->assoc_table || gc_conn_hub_domain_of(hub, att->assoc_table)))
        return 0;
    if (gc_asp_graph_load(op, hub, &g) != 0)
        goto cleanup;
    const char *table = gc_asp_graph_table_of(&g, att->id);
    if (gc_asp_pair_wanted(g.view, g.n, att->id, NULL, 0) > 0) {
        bool mirrored = false;
        *ours = table && att->assoc_table && strcmp(att->assoc_table, table) == 0;
        if (*ours && gc_asp_pair_mirrors_asp(op, hub, table, &mirrored) != 0)
            goto cleanup;
        *ours = *ours && mirrored;
    }
    for (size_t i = 0; i < n_declared; i++) {
        bool complete = false;
        if (gc_asp_pair_complete(op, &g, att->id, declared[i], &complete) != 0)
            goto cleanup;
        if (complete)
            paired[(*n_paired)++] = declared[i];
    }
    result = 0;
cleanup:
    gc_asp_graph_clean_up(&g);
    return result;
}

static int s_fill_wiring(struct gc_op *op, struct gc_value *s, const struct gc_conn_hub *hub,
                         const struct gc_conn_attachment *att, bool peering)
{
    const char *domains[GC_CONN_MAX_DOMAINS] = {0};
    const char *routed[GC_CONN_MAX_CIDRS] = {0};
    bool propagated[GC_CONN_MAX_DOMAINS] = {0};
    size_t n_domains = 0, n_routed = 0;
    json_t *tables = NULL;
    int result = -1;
    const char *assoc = gc_conn_hub_domain_of(hub, att->assoc_table);
    bool ours = assoc && strcmp(assoc, s_assoc_domain) == 0;
    const char *paired[S_MAX_PARTNERS] = {0};
    size_t n_paired = 0;
    if (s_read_pairs(op, s, hub, att, &ours, paired, &n_paired) != 0)
        goto cleanup;
    if (gc_conn_wiring_read(op, hub, att->id, propagated, &tables) != 0)
        goto cleanup;
    for (size_t i = 0; !peering && i < hub->n_domains; i++) /* a peering cannot propagate */
        if (propagated[i])
            domains[n_domains++] = hub->domains[i].name;
    const struct gc_value *cidrs = gc_value_object_get(s, "cidrs");
    for (size_t i = 0; gc_value_is_known(cidrs) && i < gc_value_length(cidrs) && n_routed < GC_CONN_MAX_CIDRS; i++) {
        const char *c = gc_value_string(gc_value_index(cidrs, i));
        if (c && gc_conn_vpc_routed(tables, hub, c))
            routed[n_routed++] = c;
    }
    int rc = 0;
    rc |= gc_value_set_string(s, "route_table_id", ours ? att->assoc_table : NULL);
    rc |= gc_value_object_set(s, "paired_with", gc_value_new_string_list(&gc_type_set_string, paired, n_paired));
    rc |=
        gc_value_object_set(s, "propagated_domains", gc_value_new_string_list(&gc_type_set_string, domains, n_domains));
    rc |= gc_value_object_set(s, "ops_vpc_routes", gc_value_new_string_list(&gc_type_set_string, routed, n_routed));
    if (rc == 0 && peering) {
        const char *statics[GC_CONN_MAX_DOMAINS] = {0};
        size_t n_statics = 0;
        if (gc_asp_peer_routed_domains(op, hub, att->id, cidrs, statics, &n_statics) != 0)
            goto cleanup;
        rc |= gc_value_object_set(s, "static_route_domains",
                                  gc_value_new_string_list(&gc_type_set_string, statics, n_statics));
    } else {
        rc |= gc_value_object_set(s, "static_route_domains", gc_value_new_null(&gc_type_set_string));
    }
    result = rc ? -1 : 0;
cleanup:
    json_decref(tables);
    return result;
}

/* peer_* of `s` from the peering's other side. */
static int s_fill_peer(struct gc_op *op, struct gc_value *s, const struct gc_conn_attachment *att)
{
    struct gc_asp_peer_info p = {0};
    bool found = false;
    int rc = gc_asp_peer_get(op, att->id, att->tgw_id, &p, &found);
    if (rc == 0 && found) {
        rc |= gc_value_set_string(s, "peer_transit_gateway_id", p.peer_tgw_id);
        rc |= gc_value_set_string(s, "peer_account_id", p.peer_account_id);
        rc |= gc_value_set_string(s, "peer_region", p.peer_region);
    }
    gc_asp_peer_info_clean_up(&p);
    return rc ? -1 : 0;
}

static bool s_endpoint_id(const char *id)
{
    return id && strncmp(id, "vpce-", 5) == 0;
}

static int s_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    if (s_endpoint_id(gc_value_get_string(prior, "id")))
        return gc_asp_pl_read(op, prior, state);
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    const char *id = gc_value_get_string(prior, "id");
    bool found = false, peering = false;
    int result = -1;
    *state = NULL;
    if (!id)
        return 0;
    /* the attachment and the hub at once, both from the hub's shared reads (conn_model.h) */
    if (gc_conn_read_load(op, gc_value_get_string(prior, "hub_id"), id, &hub, &att, &found) != 0)
        goto cleanup;
    if (!found) {
        result = 0; /* the ASP deleted its attachment, or the hub is gone: the connection is gone */
        goto cleanup;
    }
    peering = att.resource_type && strcmp(att.resource_type, "peering") == 0;
    *state = gc_value_copy(prior);
    int rc = *state ? 0 : -1;
    if (rc == 0) {
        rc |= gc_value_set_string(*state, "attachment_id", att.id);
        rc |= gc_value_set_string(*state, "hub_id", att.tgw_id);
        rc |= gc_value_set_string(*state, "state", att.state);
        if (gc_value_is_null(gc_value_object_get(prior, "method")) && att.resource_type)
            rc |= gc_value_set_string(*state, "method", peering ? "tgw_peering" : "transit_gateway");
        rc |= gc_asp_fill_from_tags(*state, &att.tags);
    }
    if (rc != 0 || (peering && s_fill_peer(op, *state, &att) != 0))
        goto cleanup;
    if (peering && s_pending(*state)) {
        /* nothing is wired before the ASP accepts: the plan keeps it so (s_plan_peering) */
        static const char *const unwired[] = {"propagated_domains", "static_route_domains", "ops_vpc_routes",
                                              "paired_with", NULL};
        rc |= gc_value_set_string(*state, "route_table_id", NULL);
        for (size_t i = 0; unwired[i]; i++)
            rc |= gc_value_object_set(*state, unwired[i], gc_value_new_null(&gc_type_set_string));
        result = rc ? -1 : 0;
        goto cleanup;
    }
    if (s_fill_wiring(op, *state, &hub, &att, peering) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read connection %s.", id);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

static int s_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    struct gc_conn_attachment att = {0};
    bool found = false;
    int result = -1;
    *state = NULL;
    if (gc_schema_is_aws_id(id, "vpce-"))
        return gc_asp_pl_import(op, id, &s_block, state);
    if (!gc_schema_is_aws_id(id, "tgw-attach-")) {
        gc_import_bad_id(op, id,
                         "an ASP connection by its attachment ID (tgw-attach-…: a VPC or peering attachment) or, for "
                         "method privatelink, its endpoint ID (vpce-…)",
                         "gcnet_asp_connection.x tgw-attach-0123456789abcdef0");
        goto cleanup;
    }
    if (gc_conn_attachment_get(op, id, &att, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_import_missing(op, "No Transit Gateway attachment %s exists in this account and region.", id);
        goto cleanup;
    }
    bool peering = att.resource_type && strcmp(att.resource_type, "peering") == 0;
    if (!peering && (!att.resource_type || strcmp(att.resource_type, "vpc") != 0)) {
        gc_diags_error_at(op->diags, NULL, "Not an ASP attachment",
                          "Attachment %s is of type %s; gcnet_asp_connection imports VPC and peering attachments.", id,
                          att.resource_type ? att.resource_type : "?");
        goto cleanup;
    }
    result = gc_conn_import_state(op, &s_block, id, att.tgw_id, peering ? "tgw_peering" : "transit_gateway", state);
cleanup:
    gc_conn_attachment_clean_up(&att);
    return result;
}

/* ---- delete ---- */

/* The connection is gone from the graph (its tags are removed): its partners' tables lose its routes (a partner
 * left without partners goes back to asp), and its own member table goes. */
static int s_unpair(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_conn_attachment *att,
                    const struct gc_value *prior)
{
    struct gc_asp_graph g = {0};
    const char *before[S_MAX_PARTNERS] = {0};
    size_t n_before = s_strings_of(gc_value_object_get(prior, "reachable_from"), before, S_MAX_PARTNERS);
    bool member = att->assoc_table && !gc_conn_hub_domain_of(hub, att->assoc_table);
    int result = -1;
    if (n_before == 0 && !member)
        return 0;
    gc_asp_pairs_lock();
    if (gc_asp_graph_load(op, hub, &g) != 0)
        goto cleanup;
    for (size_t i = 0; i < g.n; i++) {
        bool partner = false;
        for (size_t k = 0; k < n_before; k++)
            partner = partner || strcmp(before[k], g.nodes[i].id) == 0;
        for (size_t k = 0; k < g.nodes[i].n_declared; k++)
            partner = partner || strcmp(g.nodes[i].declared[k], att->id) == 0;
        if (partner && gc_asp_pair_sync(op, hub, &g, g.nodes[i].id, g.nodes[i].name) != 0)
            goto cleanup;
    }
    if (gc_asp_pair_release(op, &g, att->id) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_asp_pairs_unlock();
    gc_asp_graph_clean_up(&g);
    return result;
}

static int s_unwire(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_conn_attachment *att,
                    const struct gc_value *prior)
{
    int result = -1;
    const struct gc_value *cidrs = gc_value_object_get(prior, "cidrs");
    for (size_t i = 0; gc_value_is_known(cidrs) && i < gc_value_length(cidrs); i++) {
        const char *c = gc_value_string(gc_value_index(cidrs, i));
        if (c && gc_conn_vpc_route_remove(op, hub, c) != 0)
            goto cleanup;
    }
    bool peering = att->resource_type && strcmp(att->resource_type, "peering") == 0;
    for (size_t i = 0; !peering && i < hub->n_domains; i++)
        if (gc_conn_unpropagate(op, att->id, hub->domains[i].route_table_id) != 0)
            goto cleanup;
    if (peering && gc_asp_peer_unroute(op, hub, att->id) != 0)
        goto cleanup;
    /* only gcnet's association: one with a table that is not the hub's is someone else's */
    if (gc_conn_hub_domain_of(hub, att->assoc_table) && gc_conn_disassociate(op, att->id, att->assoc_table) != 0)
        goto cleanup;
    if (gc_asp_retag(op, att->id, &att->tags, NULL, hub->tgw_id) != 0)
        goto cleanup;
    if (s_unpair(op, hub, att, prior) != 0)
        goto cleanup;
    result = 0;
cleanup:
    return result;
}

static int s_delete(struct gc_op *op, const struct gc_value *prior)
{
    if (s_endpoint_id(gc_value_get_string(prior, "id")))
        return gc_asp_pl_delete(op, prior);
    struct gc_conn_hub hub = {0};
    struct gc_conn_attachment att = {0};
    struct gc_asp_peer_info peer = {0};
    const char *id = gc_value_get_string(prior, "id");
    bool found = false, made = false;
    int result = -1;
    if (!id)
        return 0;
    if (gc_conn_attachment_get(op, id, &att, &found) != 0)
        goto cleanup;
    if (!found || !att.tgw_id) {
        result = 0;
        goto cleanup;
    }
    if (att.resource_type && strcmp(att.resource_type, "peering") == 0) {
        if (gc_asp_peer_get(op, id, att.tgw_id, &peer, &found) != 0)
            goto cleanup;
        made = found && peer.create_token;
    }
    if (gc_conn_hub_load(op, att.tgw_id, &hub, &found) != 0)
        goto cleanup;
    if (found && s_unwire(op, &hub, &att, prior) != 0)
        goto cleanup;
    if (made) {
        /* gcnet's own peering goes with the connection; an ASP's stays */
        if (gc_asp_peer_delete(op, id) != 0)
            goto cleanup;
    } else {
        GC_INFO("disconnected ASP attachment %s (the attachment itself is the ASP's and stays)", id);
    }
    result = 0;
cleanup:
    gc_asp_peer_info_clean_up(&peer);
    gc_conn_attachment_clean_up(&att);
    gc_conn_hub_clean_up(&hub);
    return result;
}

GC_RESOURCE_DEFINE(gc_resource_asp_connection, S_TYPE, &s_block, s_timeouts_block);
