/* gcnet_dns_resolver: name resolution between a municipality's premises and the business systems (Route 53
 * Resolver) in the hub's operations VPC. Inbound and outbound endpoints (two each by default), each with one
 * address in each of the two subnets; a security group for each direction; one FORWARD rule per premises
 * domain through a chosen outbound endpoint, associated with the VPC and shared through one RAM share; and the
 * ASPs' private hosted zones associated with the VPC.
 *
 * Every step converges what exists towards the plan (s_converge), so create (from nothing), update (from what
 * gc_dns_load found) and the repair of drift are one code path. Pinned inbound addresses move in place, adding
 * before removing; a rule's targets change in place (UpdateResolverRule), never with a new rule id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
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
#include "resources/dns_check.h"
#include "resources/dns_model.h"

#define S_MAX_RULES 64
#define S_DEFAULT_NAME "gcnet-dns"

/* ---- schema ---- */

/* forward_rules = { "<domain>" = { target_ips = [...], port = 53, outbound_endpoint = 0 } } (attributes sorted) */
static struct gc_type_attr s_rule_type_attrs[] = {
    {(char *)"outbound_endpoint", &gc_type_number},
    {(char *)"port", &gc_type_number},
    {(char *)"target_ips", &gc_type_list_string},
};
static const struct gc_type s_rule_type = {GC_TYPE_OBJECT, false, NULL, s_rule_type_attrs, 3};
static const struct gc_type s_rules_type = {GC_TYPE_MAP, false, &s_rule_type, NULL, 0};

static int s_validate_prefixed(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags,
                               const char *prefix, const char *what)
{
    const char *s = gc_value_string(v);
    if (gc_schema_is_aws_id(s, prefix))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid ID", "\"%s\" is not a %s ID (%s followed by 8 to 32 hex digits).",
                 s ? s : "", what, prefix);
    return -1;
}

static int s_validate_vpc_id(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return s_validate_prefixed(v, path, diags, "vpc-", "VPC");
}

static int s_validate_subnet_ids(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    if (gc_value_length(v) != GC_DNS_SUBNETS) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Two subnets required",
                     "Give exactly two subnet IDs, in two availability zones (the hub's subnet_ids); got %zu.",
                     gc_value_length(v));
        return -1;
    }
    for (size_t i = 0; i < GC_DNS_SUBNETS; i++) {
        const struct gc_value *s = gc_value_index(v, i);
        if (gc_value_is_known(s) && !gc_value_is_null(s) && s_validate_prefixed(s, path, diags, "subnet-", "subnet"))
            result = -1;
    }
    const char *a = gc_value_string(gc_value_index(v, 0)), *b = gc_value_string(gc_value_index(v, 1));
    if (a && b && strcmp(a, b) == 0) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Duplicate subnet", "\"%s\" is listed twice; give two subnets.", a);
        result = -1;
    }
    return result;
}

static int s_validate_cidrs(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    if (gc_value_length(v) == 0) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "No allowed CIDR blocks",
                     "Give the CIDR blocks of the premises' DNS servers that may query the inbound endpoints.");
        return -1;
    }
    for (size_t i = 0; i < gc_value_length(v); i++) {
        const char *c = gc_value_string(gc_value_index(v, i));
        uint32_t net = 0;
        int prefix = 0;
        if (c && (gc_cidr_parse(c, true, &net, &prefix) != 0 || prefix < 8)) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid CIDR block",
                         "\"%s\": give an IPv4 network address with a prefix of /8 to /32, such as 172.16.0.0/16.", c);
            result = -1;
        }
    }
    return result;
}

static int s_validate_ips(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    for (size_t i = 0; i < gc_value_length(v); i++) {
        const char *ip = gc_value_string(gc_value_index(v, i));
        uint32_t a = 0;
        if (!ip)
            continue;
        if (gc_ipv4_parse(ip, &a) != 0) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid IP address", "\"%s\" is not an IPv4 address.", ip);
            result = -1;
        }
        for (size_t k = 0; k < i; k++) {
            const char *prev = gc_value_string(gc_value_index(v, k));
            if (prev && strcmp(prev, ip) == 0) {
                gc_diags_add(diags, GC_SEV_ERROR, path, "Duplicate IP address", "\"%s\" is listed twice.", ip);
                result = -1;
            }
        }
    }
    return result;
}

static int s_validate_endpoint_count(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int64_t n = 0;
    if (gc_value_int64(v, &n) == 0 && n >= 1 && n <= GC_DNS_MAX_ENDPOINTS)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid endpoint count", "Give 1 to %d endpoints (default 2).",
                 GC_DNS_MAX_ENDPOINTS);
    return -1;
}

static int s_validate_zone_ids(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    for (size_t i = 0; i < gc_value_length(v); i++) {
        const char *z = gc_value_string(gc_value_index(v, i));
        if (z && !gc_dns_zone_id_valid(z)) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid hosted zone ID",
                         "\"%s\": a Route 53 hosted zone ID is Z followed by upper-case letters and digits, such as "
                         "Z0123456789ABCDEFGHIJ (without /hostedzone/).",
                         z);
            result = -1;
        }
    }
    return result;
}

/* One rule of forward_rules at path forward_rules["<key>"]. */
static int s_validate_rule(const char *key, const struct gc_value *rule, struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    const struct gc_value *targets = gc_value_object_get(rule, "target_ips");
    const struct gc_value *port = gc_value_object_get(rule, "port");
    const struct gc_value *ep = gc_value_object_get(rule, "outbound_endpoint");
    int64_t n = 0;
    if (gc_path_push_attr(path, "target_ips") != 0)
        return -1;
    if (gc_value_is_known(targets) && (gc_value_length(targets) < 1 || gc_value_length(targets) > GC_DNS_MAX_TARGETS)) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid target count",
                     "Rule \"%s\": give 1 to %d target IP addresses (the premises' DNS servers).", key,
                     GC_DNS_MAX_TARGETS);
        result = -1;
    } else if (gc_value_is_wholly_known(targets) && s_validate_ips(targets, path, diags) != 0) {
        result = -1;
    }
    gc_path_pop(path);
    if (gc_path_push_attr(path, "port") != 0)
        return -1;
    if (gc_value_is_known(port) && !gc_value_is_null(port) && (gc_value_int64(port, &n) != 0 || n < 1 || n > 65535)) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid port", "Rule \"%s\": the port must be 1 to 65535.", key);
        result = -1;
    }
    gc_path_pop(path);
    if (gc_path_push_attr(path, "outbound_endpoint") != 0)
        return -1;
    if (gc_value_is_known(ep) && !gc_value_is_null(ep) &&
        (gc_value_int64(ep, &n) != 0 || n < 0 || n >= GC_DNS_MAX_ENDPOINTS)) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid outbound endpoint",
                     "Rule \"%s\": outbound_endpoint is the index of an outbound endpoint, 0 to %d.", key,
                     GC_DNS_MAX_ENDPOINTS - 1);
        result = -1;
    }
    gc_path_pop(path);
    return result;
}

static int s_validate_rules(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    struct gc_path p = {0};
    char(*normal)[GC_DNS_DOMAIN_MAX + 1] = NULL;
    size_t n = v->u.map.n;
    if (n > S_MAX_RULES) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Too many forwarding rules", "Give at most %d domains.", S_MAX_RULES);
        return -1;
    }
    normal = calloc(n + 1, sizeof *normal);
    if (!normal || gc_path_copy(&p, path) != 0) {
        result = -1;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const char *key = v->u.map.keys[i];
        const char *why = NULL;
        if (gc_path_push_key(&p, key) != 0) {
            result = -1;
            goto cleanup;
        }
        if (gc_dns_domain_normalise(key, normal[i], &why) != 0) {
            gc_diags_add(diags, GC_SEV_ERROR, &p, "Invalid domain name", "\"%s\": %s.", key, why);
            normal[i][0] = '\0';
            result = -1;
        }
        for (size_t k = 0; normal[i][0] && k < i; k++) {
            if (strcmp(normal[i], normal[k]) == 0) {
                gc_diags_add(diags, GC_SEV_ERROR, &p, "Duplicate domain",
                             "\"%s\" and \"%s\" are the same domain (%s): names are compared without case and "
                             "trailing dot.",
                             v->u.map.keys[k], key, normal[i]);
                result = -1;
            }
        }
        if (gc_value_is_known(v->u.map.vals[i]) && s_validate_rule(key, v->u.map.vals[i], &p, diags) != 0)
            result = -1;
        gc_path_pop(&p);
    }
cleanup:
    gc_path_clean_up(&p);
    free(normal);
    return result;
}

static struct gc_value *s_default_two(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_int(2);
}

static struct gc_value *s_default_name(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_string(S_DEFAULT_NAME);
}

GC_TIMEOUTS_MINUTES(s_timeouts_block, 30);

#define RO (GC_ATTR_COMPUTED | GC_ATTR_STABLE)
#define OPT_C (GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED)
static const struct gc_attr_def s_attrs[] = {
    {"allow_external_principals", &gc_type_bool, OPT_C,
     "Whether the RAM share of the rules may include accounts outside the AWS Organization (default false).", NULL,
     gc_default_false},
    {"allowed_cidrs", &gc_type_set_string, GC_ATTR_REQUIRED,
     "CIDR blocks that may query the inbound endpoints (TCP and UDP 53): the premises' DNS servers.", s_validate_cidrs,
     NULL},
    {"forward_rules", &s_rules_type, GC_ATTR_OPTIONAL,
     "FORWARD rules by premises domain: target_ips (the premises' DNS servers, 1-6), port (1-65535) and "
     "outbound_endpoint (index of the outbound endpoint). Domains compare without case and trailing dot. Targets "
     "and port change in place, keeping the rule ID.",
     s_validate_rules, NULL},
    {"hosted_zone_ids", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "Route 53 private hosted zones (the ASPs') associated with the VPC so that the premises resolve their names; a "
     "zone of another account needs the ASP's CreateVPCAssociationAuthorization first.",
     s_validate_zone_ids, NULL},
    {"id", &gc_type_string, RO, "The resolver's ID: the VPC ID (one resolver per VPC).", NULL, NULL},
    {"inbound_endpoint_ids", &gc_type_list_string, RO, "IDs of the inbound endpoints, in index order.", NULL, NULL},
    {"inbound_endpoints", &gc_type_number, OPT_C, "Number of inbound endpoints, 1-4 (default 2).",
     s_validate_endpoint_count, s_default_two},
    {"inbound_ip_addresses", &gc_type_list_string, RO,
     "Addresses of the inbound endpoints (endpoint 0 in subnet 0, endpoint 0 in subnet 1, endpoint 1 ...): what the "
     "premises' DNS servers forward to.",
     NULL, NULL},
    {"inbound_ips", &gc_type_list_string, OPT_C,
     "Pinned inbound addresses, two per endpoint in the order of inbound_ip_addresses. Left out, AWS chooses them "
     "once and they are kept. A change moves addresses in place, adding before removing.",
     s_validate_ips, NULL},
    {"name", &gc_type_string, OPT_C, "Name of the endpoints, rules, security groups and share (default \"gcnet-dns\").",
     gc_validate_name, s_default_name},
    {"outbound_endpoint_ids", &gc_type_list_string, RO, "IDs of the outbound endpoints, in index order.", NULL, NULL},
    {"outbound_endpoints", &gc_type_number, OPT_C, "Number of outbound endpoints, 1-4 (default 2).",
     s_validate_endpoint_count, s_default_two},
    {"outbound_ip_addresses", &gc_type_list_string, RO, "Addresses of the outbound endpoints, in the same order.", NULL,
     NULL},
    {"resource_share_arn", &gc_type_string, RO, "ARN of the RAM share of the forwarding rules.", NULL, NULL},
    {"rule_ids", &gc_type_map_string, RO, "Resolver rule ID of each domain of forward_rules.", NULL, NULL},
    {"security_group_ids", &gc_type_map_string, RO, "Security group IDs by direction (inbound, outbound).", NULL, NULL},
    {"share_with", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "12-digit AWS account IDs of the business systems the forwarding rules are shared with through RAM.",
     gc_validate_account_id, NULL},
    {"subnet_ids", &gc_type_list_string, GC_ATTR_REQUIRED,
     "The two subnets of the endpoints, in two availability zones (the hub's subnet_ids). A change moves the "
     "addresses in place.",
     s_validate_subnet_ids, NULL},
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL | GC_ATTR_TAGS, "Tags for every object of the resolver.",
     gc_validate_tags, NULL},
    {"tags_all", &gc_type_map_string, GC_ATTR_COMPUTED | GC_ATTR_TAGS_ALL,
     "Tags of the objects, including the provider's default_tags.", NULL, NULL},
    {"vpc_id", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "The VPC of the endpoints: the hub's operations VPC.", s_validate_vpc_id, NULL},
};
#undef RO
#undef OPT_C

GC_RESOURCE_BLOCK(
    s_block, s_attrs, s_timeouts_block,
    "Route 53 Resolver between a municipality's premises and the business systems: inbound and outbound endpoints in "
    "the operations VPC, their security groups, FORWARD rules for the premises' domains shared through RAM, and the "
    "ASPs' private hosted zones associated with the VPC.");

static int64_t s_count(const struct gc_value *v, const char *name)
{
    int64_t n = 2;
    if (gc_value_get_int64(v, name, &n) != 0)
        n = 2;
    return n < 1 ? 1 : n > GC_DNS_MAX_ENDPOINTS ? GC_DNS_MAX_ENDPOINTS : n;
}

/* Cross-attribute checks: the number of pinned addresses, and each rule's outbound endpoint. */
static int s_validate(const struct gc_value *config, struct gc_diags *diags)
{
    int result = 0;
    const struct gc_value *ips = gc_value_object_get(config, "inbound_ips");
    const struct gc_value *n_in = gc_value_object_get(config, "inbound_endpoints");
    const struct gc_value *n_out = gc_value_object_get(config, "outbound_endpoints");
    const struct gc_value *rules = gc_value_object_get(config, "forward_rules");
    if (gc_value_is_known(ips) && !gc_value_is_null(ips) && gc_value_is_known(n_in)) {
        int64_t want = 2 * s_count(config, "inbound_endpoints");
        if ((int64_t)gc_value_length(ips) != want) {
            gc_diags_error_at(diags, "inbound_ips", "Wrong number of pinned addresses",
                              "Give two addresses per inbound endpoint (one in each subnet): %lld for %lld endpoints; "
                              "got %zu.",
                              (long long)want, (long long)want / 2, gc_value_length(ips));
            result = -1;
        }
    }
    if (gc_value_is_known(rules) && !gc_value_is_null(rules) && gc_value_is_known(n_out)) {
        int64_t n = s_count(config, "outbound_endpoints");
        for (size_t i = 0; i < rules->u.map.n; i++) {
            int64_t ep = 0;
            const struct gc_value *r = rules->u.map.vals[i];
            if (!gc_value_is_known(r) || gc_value_get_int64(r, "outbound_endpoint", &ep) != 0 || ep < n)
                continue;
            char path[300];
            snprintf(path, sizeof path, "forward_rules[\"%s\"].outbound_endpoint", rules->u.map.keys[i]);
            gc_diags_error_at(diags, path, "No such outbound endpoint",
                              "Rule \"%s\" uses outbound endpoint %lld, but there are %lld (indexes 0 to %lld).",
                              rules->u.map.keys[i], (long long)ep, (long long)n, (long long)n - 1);
            result = -1;
        }
    }
    return result;
}

/* ---- the network checks (AWS reads only, before anything is made) ---- */

struct s_subnet {
    const char *id;
    uint32_t net;
    int prefix;
};

/* One read of the network check: the VPC (vpc set) or a subnet. */
struct s_net_read {
    const char *id;
    struct gc_ec2_vpc *vpc;
    struct gc_ec2_subnet *subnet;
    bool found;
    struct gc_aws_error err;
    int rc;
};

static int s_step_net_read(struct gc_op *op, void *arg)
{
    struct s_net_read *r = arg;
    r->rc = r->vpc ? gc_ec2_vpc_get(op->aws, r->id, r->vpc, &r->found, &r->err)
                   : gc_ec2_subnet_get(op->aws, r->id, r->subnet, &r->found, &r->err);
    return 0;
}

/* Subnets in the VPC, pinned addresses inside their subnet and not reserved, targets outside the VPC.
 * `check_ips` false: inbound_ips are not the configuration's (a plan's proposed value holds the addresses AWS
 * chose in the old subnets, which are about to move with them), so they are not checked. */
static int s_check_network(struct gc_op *op, const struct gc_value *planned, bool check_ips)
{
    int result = -1;
    struct gc_ec2_vpc vpc = {0};
    struct gc_ec2_subnet subnets[GC_DNS_SUBNETS] = {{0}};
    struct s_net_read reads[1 + GC_DNS_SUBNETS] = {{0}};
    struct gc_parallel_step steps[1 + GC_DNS_SUBNETS];
    struct s_subnet nets[GC_DNS_SUBNETS] = {{0}};
    uint32_t vnet = 0;
    int vprefix = 0;
    bool bad = false;
    const char *vpc_id = gc_value_get_string(planned, "vpc_id");
    const struct gc_value *subnet_ids = gc_value_object_get(planned, "subnet_ids");
    /* the VPC and both subnets at once (one round trip, at plan and again at apply), judged in that order */
    for (size_t i = 0; i < 1 + GC_DNS_SUBNETS; i++) {
        reads[i] = i == 0 ? (struct s_net_read){.id = vpc_id, .vpc = &vpc}
                          : (struct s_net_read){.id = gc_value_string(gc_value_index(subnet_ids, i - 1)),
                                                .subnet = &subnets[i - 1]};
        steps[i] = (struct gc_parallel_step){s_step_net_read, &reads[i]};
    }
    if (gc_parallel_run(op, steps, 1 + GC_DNS_SUBNETS) != 0)
        goto cleanup;
    for (size_t i = 0; i < 1 + GC_DNS_SUBNETS; i++)
        if (reads[i].rc != 0) {
            gc_op_aws_error(op, &reads[i].err);
            goto cleanup;
        }
    if (!reads[0].found || gc_cidr_parse(vpc.cidr_block, false, &vnet, &vprefix) != 0) {
        gc_diags_error_at(op->diags, "vpc_id", "VPC not found", "VPC %s does not exist in this account and region.",
                          vpc_id);
        goto cleanup;
    }
    for (size_t i = 0; i < GC_DNS_SUBNETS; i++) {
        char path[48];
        const char *sid = reads[i + 1].id;
        snprintf(path, sizeof path, "subnet_ids[%zu]", i);
        nets[i].id = sid;
        if (!reads[i + 1].found || !subnets[i].vpc_id || strcmp(subnets[i].vpc_id, vpc_id) != 0 ||
            gc_cidr_parse(subnets[i].cidr_block, false, &nets[i].net, &nets[i].prefix) != 0) {
            gc_diags_error_at(op->diags, path, "Subnet not in the VPC", "Subnet %s does not exist in VPC %s.",
                              sid ? sid : "", vpc_id);
            bad = true;
        }
    }
    if (bad)
        goto cleanup;
    const struct gc_value *ips = gc_value_object_get(planned, "inbound_ips");
    for (size_t i = 0; check_ips && gc_value_is_wholly_known(ips) && i < gc_value_length(ips); i++) {
        const char *ip = gc_value_string(gc_value_index(ips, i));
        const struct s_subnet *s = &nets[i % GC_DNS_SUBNETS];
        uint32_t a = 0;
        char path[48];
        snprintf(path, sizeof path, "inbound_ips[%zu]", i);
        if (!ip || gc_ipv4_parse(ip, &a) != 0)
            continue;
        if (!gc_cidr_contains(s->net, s->prefix, a)) {
            gc_diags_error_at(op->diags, path, "Address outside its subnet",
                              "%s is endpoint %zu's address in subnet %s, but it is not inside that subnet's CIDR "
                              "block (addresses alternate between subnet_ids[0] and subnet_ids[1]).",
                              ip, i / 2, s->id);
            bad = true;
        } else if (gc_subnet_reserved(s->net, s->prefix, a)) {
            gc_diags_error_at(op->diags, path, "Reserved address",
                              "%s is one of the addresses AWS reserves in subnet %s (its first four and its last).", ip,
                              s->id);
            bad = true;
        }
    }
    const struct gc_value *rules = gc_value_object_get(planned, "forward_rules");
    for (size_t i = 0; gc_value_is_known(rules) && !gc_value_is_null(rules) && i < rules->u.map.n; i++) {
        const struct gc_value *targets = gc_value_object_get(rules->u.map.vals[i], "target_ips");
        for (size_t k = 0; gc_value_is_wholly_known(targets) && k < gc_value_length(targets); k++) {
            const char *ip = gc_value_string(gc_value_index(targets, k));
            uint32_t a = 0;
            if (!ip || gc_ipv4_parse(ip, &a) != 0 || !gc_cidr_contains(vnet, vprefix, a))
                continue;
            char path[320];
            snprintf(path, sizeof path, "forward_rules[\"%s\"].target_ips[%zu]", rules->u.map.keys[i], k);
            gc_diags_error_at(op->diags, path, "Target inside the VPC",
                              "%s is inside VPC %s (%s): a forwarding target must be a DNS server on the premises.", ip,
                              vpc_id, vpc.cidr_block);
            bad = true;
        }
    }
    result = bad ? -1 : 0;
cleanup:
    for (size_t i = 0; i < 1 + GC_DNS_SUBNETS; i++)
        gc_aws_error_clean_up(&reads[i].err);
    gc_ec2_vpc_clean_up(&vpc);
    for (size_t i = 0; i < GC_DNS_SUBNETS; i++)
        gc_ec2_subnet_clean_up(&subnets[i]);
    return result;
}

/* ---- plan ---- */

static size_t s_len(const struct gc_value *v, const char *name)
{
    const struct gc_value *a = gc_value_object_get(v, name);
    return gc_value_is_known(a) && !gc_value_is_null(a) ? gc_value_length(a) : 0;
}

/* The planned rule_ids: the prior id of each domain kept, unknown for a new one (or one found broken). */
static int s_plan_rule_ids(struct gc_plan_ctx *ctx)
{
    const struct gc_value *rules = gc_value_object_get(ctx->planned, "forward_rules");
    const struct gc_value *prior_ids = gc_value_object_get(ctx->prior, "rule_ids");
    struct gc_value *ids = NULL;
    bool changed = false;
    if (!gc_value_is_known(rules))
        return gc_plan_set_unknown(ctx, "rule_ids");
    ids = gc_value_new_collection(&gc_type_map_string);
    if (!ids)
        return -1;
    for (size_t i = 0; !gc_value_is_null(rules) && i < rules->u.map.n; i++) {
        const struct gc_value *old = gc_value_map_get(prior_ids, rules->u.map.keys[i]);
        changed = changed || !old;
        if (gc_value_map_put(ids, rules->u.map.keys[i],
                             old ? gc_value_copy(old) : gc_value_new_unknown(&gc_type_string)))
            goto fail;
    }
    changed = changed || gc_value_length(ids) != gc_value_length(prior_ids);
    if (!changed) {
        gc_value_free(ids);
        return 0;
    }
    return gc_value_object_set(ctx->planned, "rule_ids", ids);
fail:
    gc_value_free(ids);
    return -1;
}

static bool s_endpoints_broken(const struct gc_value *prior, const char *ids, const char *addrs, int64_t n)
{
    return (int64_t)s_len(prior, ids) != n || (int64_t)s_len(prior, addrs) != 2 * n;
}

static int s_plan(struct gc_plan_ctx *ctx)
{
    const struct gc_value *p = ctx->planned;
    bool create = gc_plan_is_create(ctx);
    bool pinned = !gc_value_is_null(gc_value_object_get(ctx->config, "inbound_ips"));
    if (ctx->provider && ctx->provider->aws && gc_value_is_wholly_known(gc_value_object_get(p, "vpc_id")) &&
        gc_value_is_wholly_known(gc_value_object_get(p, "subnet_ids")) &&
        (create || gc_plan_changed(ctx, "subnet_ids") || gc_plan_changed(ctx, "inbound_ips") ||
         gc_plan_changed(ctx, "forward_rules"))) {
        struct gc_op op = {.provider = ctx->provider,
                           .aws = ctx->provider->aws,
                           .diags = ctx->diags,
                           .type_name = "gcnet_dns_resolver",
                           .timeout_kind = "plan"};
        if (s_check_network(&op, p, pinned) != 0)
            return -1;
    }
    const struct gc_value *pinned_ips = gc_value_object_get(p, "inbound_ips");
    if (create) {
        if (pinned && gc_value_is_wholly_known(pinned_ips))
            return gc_value_object_set(ctx->planned, "inbound_ip_addresses", gc_value_copy(pinned_ips));
        return 0;
    }
    int64_t n_in = s_count(p, "inbound_endpoints"), n_out = s_count(p, "outbound_endpoints");
    bool subnets = gc_plan_changed(ctx, "subnet_ids");
    bool in_broken = s_endpoints_broken(ctx->prior, "inbound_endpoint_ids", "inbound_ip_addresses", n_in);
    bool out_broken = s_endpoints_broken(ctx->prior, "outbound_endpoint_ids", "outbound_ip_addresses", n_out);
    if (in_broken && gc_plan_set_unknown(ctx, "inbound_endpoint_ids") != 0)
        return -1;
    if (out_broken && gc_plan_set_unknown(ctx, "outbound_endpoint_ids") != 0)
        return -1;
    if (in_broken || subnets || gc_plan_changed(ctx, "inbound_ips")) {
        if (pinned && gc_value_is_wholly_known(pinned_ips)) {
            if (gc_value_object_set(ctx->planned, "inbound_ip_addresses", gc_value_copy(pinned_ips)) != 0)
                return -1;
        } else if (gc_plan_set_unknown(ctx, "inbound_ip_addresses") != 0 ||
                   (!pinned && gc_plan_set_unknown(ctx, "inbound_ips") != 0)) {
            return -1;
        }
    }
    if ((out_broken || subnets) && gc_plan_set_unknown(ctx, "outbound_ip_addresses") != 0)
        return -1;
    if (s_plan_rule_ids(ctx) != 0)
        return -1;
    if (gc_value_is_null(gc_value_object_get(ctx->prior, "resource_share_arn")) &&
        gc_plan_set_unknown(ctx, "resource_share_arn") != 0)
        return -1;
    if (s_len(ctx->prior, "security_group_ids") != 2 && gc_plan_set_unknown(ctx, "security_group_ids") != 0)
        return -1;
    return 0;
}

/* ---- waits ---- */

enum s_kind { S_ENDPOINT, S_RULE, S_ASSOCIATION, S_CHANGE };

struct s_ref {
    enum s_kind kind;
    const char *id;
};

static const struct {
    const struct gc_aws_op_def *op;
    const char *member;
    const char *object;
} s_getters[] = {
    [S_ENDPOINT] = {&gc_op_route53resolver_get_resolver_endpoint, "ResolverEndpointId", "ResolverEndpoint"},
    [S_RULE] = {&gc_op_route53resolver_get_resolver_rule, "ResolverRuleId", "ResolverRule"},
    [S_ASSOCIATION] = {&gc_op_route53resolver_get_resolver_rule_association, "ResolverRuleAssociationId",
                       "ResolverRuleAssociation"},
    [S_CHANGE] = {&gc_op_route53_get_change, "Id", "ChangeInfo"},
};

/* `s`, or "" for NULL. */
static const char *s_str(const char *s)
{
    return s ? s : "";
}

static bool s_not_found(const struct gc_aws_error *err)
{
    return gc_aws_error_is(err, "ResourceNotFoundException") || gc_delete_is_not_found(err);
}

static int s_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    const struct s_ref *r = arg;
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    char path[64];
    *status = NULL;
    if (gc_op_call(op, s_getters[r->kind].op, json_pack("{s:s}", s_getters[r->kind].member, r->id), &out, &err)) {
        if (s_not_found(&err))
            result = 0;
        else if (err.code)
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    snprintf(path, sizeof path, "%s.Status", s_getters[r->kind].object);
    *status = gc_strdup(gc_doc_str(out, path) ? gc_doc_str(out, path) : "");
    snprintf(path, sizeof path, "%s.StatusMessage", s_getters[r->kind].object);
    if (gc_doc_str(out, path))
        *reason = gc_strdup(gc_doc_str(out, path));
    result = *status ? 0 : -1;
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(out);
    return result;
}

static int s_wait(struct gc_op *op, enum s_kind kind, const char *id, const char *want, const char *what)
{
    static const char *const failed[] = {"ACTION_NEEDED", "FAILED", NULL};
    struct s_ref r = {kind, id};
    const char *target[] = {want, NULL};
    char text[200];
    snprintf(text, sizeof text, "%s %s", what, id ? id : "?");
    struct gc_wait_spec spec = {
        .what = text, .target = want ? target : NULL, .failed = failed, .status = s_status, .arg = &r};
    return gc_wait_for(op, &spec);
}

/* ---- tags and names ---- */

static int s_object_tags(struct gc_tags *out, const struct gc_value *resource, const char *vpc_id, const char *role,
                         const char *suffix)
{
    const char *name = gc_value_get_string(resource, "name");
    const struct gc_tag_pair bookkeeping[] = {
        {GC_TAG_DNS, vpc_id},
        {GC_TAG_DNS_ROLE, role},
        {GC_TAG_DNS_NAME, name},
    };
    return gc_tagging_object_tags(out, resource, bookkeeping, 3, name, suffix);
}

/* A Resolver name: letters, digits, '-', '_' and spaces, at most 64 characters. */
static void s_resolver_name(char out[65], const char *name, const char *suffix)
{
    snprintf(out, 65, "%s-%s", name ? name : S_DEFAULT_NAME, suffix);
    for (char *p = out; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_' || *p == ' '))
            *p = '-';
}

/* ---- security groups ---- */

struct s_tagged {
    const char *vpc_id;
    const char *role;
    const char *suffix;
};

static int s_build_tags(struct gc_tags *out, const struct gc_value *resource, void *arg)
{
    const struct s_tagged *t = arg;
    if (s_object_tags(out, resource, t->vpc_id, t->role, t->suffix) != 0)
        return -1;
    if (t->role && strcmp(t->role, "inbound") == 0 && t->suffix && strcmp(t->suffix, "inbound") == 0) {
        /* the inbound group records subnet_ids in order, so that an import rebuilds them */
        const struct gc_value *subnets = gc_value_object_get(resource, "subnet_ids");
        char text[160];
        snprintf(text, sizeof text, "%s,%s", s_str(gc_value_string(gc_value_index(subnets, 0))),
                 s_str(gc_value_string(gc_value_index(subnets, 1))));
        return gc_value_is_wholly_known(subnets) ? gc_tags_add(out, GC_TAG_DNS_SUBNETS, text) : 0;
    }
    return 0;
}

static const char *const s_roles[2] = {"inbound", "outbound"};

/* The permissions a direction's group must hold: inbound TCP/UDP 53 from each allowed CIDR; outbound TCP/UDP to
 * each target's address and port. */
static int s_wanted_perms(const struct gc_value *planned, enum gc_dns_dir d, struct gc_dns_strs *out)
{
    static const char *const protos[] = {"tcp", "udp"};
    char key[128];
    if (d == GC_DNS_IN) {
        const struct gc_value *cidrs = gc_value_object_get(planned, "allowed_cidrs");
        for (size_t i = 0; i < gc_value_length(cidrs); i++)
            for (int p = 0; p < 2; p++)
                if (gc_dns_perm_key(key, sizeof key, protos[p], 53, 53, gc_value_string(gc_value_index(cidrs, i))) ||
                    (!gc_dns_strs_has(out, key) && gc_dns_strs_add(out, key) != 0))
                    return -1;
        return 0;
    }
    const struct gc_value *rules = gc_value_object_get(planned, "forward_rules");
    for (size_t i = 0; !gc_value_is_null(rules) && i < rules->u.map.n; i++) {
        const struct gc_value *targets = gc_value_object_get(rules->u.map.vals[i], "target_ips");
        int64_t port = 53;
        gc_value_get_int64(rules->u.map.vals[i], "port", &port);
        for (size_t k = 0; k < gc_value_length(targets); k++) {
            char cidr[24];
            snprintf(cidr, sizeof cidr, "%s/32", gc_value_string(gc_value_index(targets, k)));
            for (int p = 0; p < 2; p++)
                if (gc_dns_perm_key(key, sizeof key, protos[p], (long)port, (long)port, cidr) != 0 ||
                    (!gc_dns_strs_has(out, key) && gc_dns_strs_add(out, key) != 0))
                    return -1;
        }
    }
    return 0;
}

/* Authorizes or revokes one permission key on a group's ingress (inbound) or egress (outbound). */
static int s_perm_call(struct gc_op *op, const char *sg_id, enum gc_dns_dir d, bool add, const char *key)
{
    char proto[8] = "", cidr[48] = "";
    long from = 0, to = 0;
    const char *p1 = strchr(key, '|'), *p2 = p1 ? strchr(p1 + 1, '|') : NULL, *p3 = p2 ? strchr(p2 + 1, '|') : NULL;
    if (!p3 || (size_t)(p1 - key) >= sizeof proto || strlen(p3 + 1) >= sizeof cidr)
        return 0; /* not a permission gcnet writes: leave it to the revoke of the whole group */
    memcpy(proto, key, (size_t)(p1 - key));
    from = strtol(p1 + 1, NULL, 10);
    to = strtol(p2 + 1, NULL, 10);
    snprintf(cidr, sizeof cidr, "%s", p3 + 1);
    const struct gc_aws_op_def *def =
        d == GC_DNS_IN ? (add ? &gc_op_ec2_authorize_security_group_ingress : &gc_op_ec2_revoke_security_group_ingress)
                       : (add ? &gc_op_ec2_authorize_security_group_egress : &gc_op_ec2_revoke_security_group_egress);
    json_t *perm = strcmp(proto, "-1") == 0
                       ? json_pack("{s:s, s:[{s:s}]}", "IpProtocol", proto, "IpRanges", "CidrIp", cidr)
                       : json_pack("{s:s, s:I, s:I, s:[{s:s}]}", "IpProtocol", proto, "FromPort", (json_int_t)from,
                                   "ToPort", (json_int_t)to, "IpRanges", "CidrIp", cidr);
    json_t *in = perm ? json_pack("{s:s, s:[o]}", "GroupId", sg_id, "IpPermissions", perm) : NULL;
    return gc_op_call_idempotent(op, def, in, gc_ec2_sg_rule_settled);
}

/* The group `group_name` of `vpc_id` when it carries this resolver's bookkeeping tags (GC_TAG_DNS = the VPC,
 * GC_TAG_DNS_ROLE = `role`): *found is a document with its GroupId (owned), else NULL. 0 / -1 with a diagnostic. */
static int s_find_own_group(struct gc_op *op, const char *vpc_id, const char *group_name, const char *role,
                            json_t **found)
{
    int result = -1;
    json_t *out = NULL;
    *found = NULL;
    if (gc_op_call_all(op, &gc_op_ec2_describe_security_groups, gc_ec2_sg_named(vpc_id, group_name), &out) != 0)
        goto cleanup;
    const json_t *groups = gc_doc_list(out, "SecurityGroups");
    for (size_t i = 0; i < json_array_size(groups); i++) {
        const json_t *g = json_array_get(groups, i);
        const char *mine = NULL, *g_role = NULL;
        const json_t *tag;
        size_t k;
        json_array_foreach(gc_doc_list(g, "Tags"), k, tag)
        {
            const char *key = gc_doc_str(tag, "Key");
            if (key && strcmp(key, GC_TAG_DNS) == 0)
                mine = gc_doc_str(tag, "Value");
            else if (key && strcmp(key, GC_TAG_DNS_ROLE) == 0)
                g_role = gc_doc_str(tag, "Value");
        }
        if (gc_doc_str(g, "GroupId") && mine && g_role && strcmp(mine, vpc_id) == 0 && strcmp(g_role, role) == 0) {
            *found = json_pack("{s:s}", "GroupId", gc_doc_str(g, "GroupId"));
            if (!*found) {
                gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record security group %s.", group_name);
                goto cleanup;
            }
            break;
        }
    }
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

static int s_create_group(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned, enum gc_dns_dir d)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    char group_name[128], description[160];
    const char *name = gc_value_get_string(planned, "name");
    snprintf(group_name, sizeof group_name, "%s-%s", name ? name : S_DEFAULT_NAME, s_roles[d]);
    snprintf(description, sizeof description, "gcnet DNS resolver %s endpoints (%s)", s_roles[d], dns->vpc_id);
    struct s_tagged t = {dns->vpc_id, s_roles[d], s_roles[d]};
    if (s_build_tags(&tags, planned, &t) != 0 ||
        (dns->unfinished && d == GC_DNS_IN && gc_tags_add(&tags, GC_TAG_CREATE_UNFINISHED, "true") != 0) ||
        (dns->create_token && d == GC_DNS_IN && gc_tags_add(&tags, GC_TAG_CREATE_TOKEN, dns->create_token) != 0))
        goto cleanup;
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:[{s:s, s:o}]}", "GroupName", group_name, "Description", description, "VpcId",
                  dns->vpc_id, "TagSpecifications", "ResourceType", "security-group", "Tags", gc_dns_tags_doc(&tags));
    if (gc_op_call(op, &gc_op_ec2_create_security_group, in, &out, &err) != 0) {
        json_decref(out);
        out = NULL;
        /* the name is taken: by this resolver's own group when an answer was lost (the client's retry then meets
         * it) or an earlier create was killed; that group is adopted, anyone else's is an error */
        if (!gc_aws_error_is(&err, "InvalidGroup.Duplicate") ||
            s_find_own_group(op, dns->vpc_id, group_name, s_roles[d], &out) != 0 || !out) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        GC_WARN("security group %s already exists and carries this resolver's tags: adopting it", group_name);
    }
    if (!gc_doc_str(out, "GroupId") || !(dns->sg_ids[d] = gc_strdup(gc_doc_str(out, "GroupId")))) {
        gc_diags_error_at(op->diags, NULL, "Invalid AWS answer", "EC2 CreateSecurityGroup answered no GroupId.");
        goto cleanup;
    }
    /* a new group allows all egress: gcnet's groups allow only what the resolver needs */
    if (d == GC_DNS_OUT && gc_dns_strs_add(&dns->perms[d], "-1|-1|-1|0.0.0.0/0") != 0)
        goto cleanup;
    if (d == GC_DNS_IN && s_perm_call(op, dns->sg_ids[d], GC_DNS_OUT, false, "-1|-1|-1|0.0.0.0/0") != 0)
        goto cleanup;
    GC_INFO("created security group %s (%s) for the resolver in %s", dns->sg_ids[d], s_roles[d], dns->vpc_id);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(out);
    gc_tags_clean_up(&tags);
    return result;
}

static int s_ensure_groups(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned)
{
    int result = -1;
    struct gc_dns_strs want = {0};
    for (int d = 0; d < 2; d++) {
        gc_dns_strs_clean_up(&want);
        if (!dns->sg_ids[d] && s_create_group(op, dns, planned, (enum gc_dns_dir)d) != 0)
            goto cleanup;
        if (s_wanted_perms(planned, (enum gc_dns_dir)d, &want) != 0)
            goto cleanup;
        for (size_t i = 0; i < want.n; i++)
            if (!gc_dns_strs_has(&dns->perms[d], want.items[i]) &&
                s_perm_call(op, dns->sg_ids[d], (enum gc_dns_dir)d, true, want.items[i]) != 0)
                goto cleanup;
        for (size_t i = 0; i < dns->perms[d].n; i++)
            if (*dns->perms[d].items[i] && !gc_dns_strs_has(&want, dns->perms[d].items[i]) &&
                s_perm_call(op, dns->sg_ids[d], (enum gc_dns_dir)d, false, dns->perms[d].items[i]) != 0)
                goto cleanup;
        gc_dns_strs_clean_up(&dns->perms[d]);
        dns->perms[d] = want;
        memset(&want, 0, sizeof want);
    }
    result = 0;
cleanup:
    gc_dns_strs_clean_up(&want);
    return result;
}

/* ---- endpoints and their addresses ---- */

/* The address endpoint `i` of direction `d` must have in subnet `s`: the pinned one, or NULL (AWS chooses). */
static const char *s_wanted_ip(const struct gc_value *planned, enum gc_dns_dir d, int i, int s)
{
    const struct gc_value *ips = gc_value_object_get(planned, "inbound_ips");
    if (d != GC_DNS_IN || !gc_value_is_wholly_known(ips) || gc_value_is_null(ips))
        return NULL;
    return gc_value_string(gc_value_index(ips, (size_t)(2 * i + s)));
}

static const char *s_subnet(const struct gc_value *planned, int s)
{
    return gc_value_string(gc_value_index(gc_value_object_get(planned, "subnet_ids"), (size_t)s));
}

/* A create with a CreatorRequestId that answered ResourceExistsException met what an earlier attempt of the same
 * call made (its answer was lost, the client sent it again): that object from `list` (its items under `key`) as the
 * create's answer, {"<wrap>": item}, in *out. 0 when found; -1 (no diagnostic) when not. */
static int s_created_by(struct gc_op *op, const struct gc_aws_op_def *list, const char *key, const char *wrap,
                        const char *creator, json_t **out)
{
    json_t *all = NULL;
    *out = NULL;
    if (gc_op_call_all(op, list, json_object(), &all) == 0) {
        size_t i;
        const json_t *item;
        json_array_foreach(gc_doc_list(all, key), i, item)
        {
            const char *c = gc_doc_str(item, "CreatorRequestId");
            if (c && strcmp(c, creator) == 0) {
                *out = json_pack("{s:O}", wrap, item);
                break;
            }
        }
    }
    json_decref(all);
    return *out ? 0 : -1;
}

static int s_create_endpoint(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned, enum gc_dns_dir d,
                             int i)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_aws_error err = {0};
    json_t *out = NULL, *addrs = json_array();
    char creator[96], token[37], suffix[16], name[65];
    struct gc_dns_endpoint *ep = &dns->endpoints[d][i];
    snprintf(suffix, sizeof suffix, "%s-%d", d == GC_DNS_IN ? "in" : "out", i);
    s_resolver_name(name, gc_value_get_string(planned, "name"), suffix);
    if (!addrs || gc_adopt_token_tag(&tags, GC_TAG_CREATE_TOKEN, token) != 0 ||
        s_object_tags(&tags, planned, dns->vpc_id, s_roles[d], suffix) != 0)
        goto cleanup;
    gc_tags_remove(&tags, GC_TAG_CREATE_TOKEN);
    snprintf(creator, sizeof creator, GC_DNS_CREATOR_PREFIX "%s:%d:%s", d == GC_DNS_IN ? "in" : "out", i, token);
    for (int s = 0; s < GC_DNS_SUBNETS; s++) {
        const char *ip = s_wanted_ip(planned, d, i, s);
        json_t *a = ip ? json_pack("{s:s, s:s}", "SubnetId", s_subnet(planned, s), "Ip", ip)
                       : json_pack("{s:s}", "SubnetId", s_subnet(planned, s));
        if (json_array_append_new(addrs, a) != 0)
            goto cleanup;
    }
    json_t *in = json_pack("{s:s, s:s, s:[s], s:s, s:O, s:o}", "CreatorRequestId", creator, "Name", name,
                           "SecurityGroupIds", dns->sg_ids[d], "Direction", d == GC_DNS_IN ? "INBOUND" : "OUTBOUND",
                           "IpAddresses", addrs, "Tags", gc_dns_tags_doc(&tags));
    if (gc_op_call(op, &gc_op_route53resolver_create_resolver_endpoint, in, &out, &err) != 0) {
        json_decref(out);
        if (!gc_aws_error_is(&err, "ResourceExistsException") ||
            s_created_by(op, &gc_op_route53resolver_list_resolver_endpoints, "ResolverEndpoints", "ResolverEndpoint",
                         creator, &out) != 0) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        GC_WARN("resolver endpoint %s: the create's answer was lost, adopting what it made", creator);
    }
    if (!gc_doc_str(out, "ResolverEndpoint.Id") || !(ep->id = gc_strdup(gc_doc_str(out, "ResolverEndpoint.Id")))) {
        gc_diags_error_at(op->diags, NULL, "Invalid AWS answer", "CreateResolverEndpoint answered no endpoint ID.");
        goto cleanup;
    }
    ep->arn = gc_strdup(gc_doc_str(out, "ResolverEndpoint.Arn"));
    ep->name = gc_strdup(name);
    GC_INFO("created resolver endpoint %s (%s %d) in %s", ep->id, s_roles[d], i, dns->vpc_id);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(addrs);
    json_decref(out);
    gc_tags_clean_up(&tags);
    return result;
}

static int s_address_call(struct gc_op *op, struct gc_dns_endpoint *ep, bool add, const char *subnet, const char *ip,
                          const char *ip_id)
{
    json_t *addr = json_object();
    if (addr && subnet)
        json_object_set_new(addr, "SubnetId", json_string(subnet));
    if (addr && ip)
        json_object_set_new(addr, "Ip", json_string(ip));
    if (addr && ip_id && !add)
        json_object_set_new(addr, "IpId", json_string(ip_id));
    json_t *in = addr ? json_pack("{s:s, s:o}", "ResolverEndpointId", ep->id, "IpAddress", addr) : NULL;
    GC_INFO("%s address %s (subnet %s) %s endpoint %s", add ? "adding" : "removing", ip ? ip : "(AWS-chosen)",
            subnet ? subnet : "?", add ? "to" : "from", ep->id);
    if (gc_op_call(op,
                   add ? &gc_op_route53resolver_associate_resolver_endpoint_ip_address
                       : &gc_op_route53resolver_disassociate_resolver_endpoint_ip_address,
                   in, NULL, NULL) != 0)
        return -1;
    return s_wait(op, S_ENDPOINT, ep->id, "OPERATIONAL", "resolver endpoint");
}

/* Moves an endpoint's addresses to the planned ones: every missing address is added first, then what is no
 * longer wanted is removed, so that the endpoint never has fewer than two addresses. */
static int s_converge_addresses(struct gc_op *op, struct gc_dns_endpoint *ep, const struct gc_value *planned,
                                enum gc_dns_dir d, int i)
{
    bool used[GC_DNS_MAX_IPS] = {false};
    bool missing[GC_DNS_SUBNETS] = {false};
    bool changed = false;
    for (int s = 0; s < GC_DNS_SUBNETS; s++) {
        const char *subnet = s_subnet(planned, s), *want = s_wanted_ip(planned, d, i, s);
        missing[s] = true;
        for (size_t k = 0; k < ep->n_ips && missing[s]; k++) {
            if (used[k] || !subnet || strcmp(ep->ips[k].subnet_id, subnet) != 0 ||
                (want && strcmp(ep->ips[k].ip, want)))
                continue;
            used[k] = true;
            missing[s] = false;
        }
    }
    for (int s = 0; s < GC_DNS_SUBNETS; s++) {
        if (!missing[s])
            continue;
        if (s_address_call(op, ep, true, s_subnet(planned, s), s_wanted_ip(planned, d, i, s), NULL) != 0)
            return -1;
        changed = true;
    }
    for (size_t k = 0; k < ep->n_ips; k++) {
        if (used[k])
            continue;
        if (s_address_call(op, ep, false, ep->ips[k].subnet_id, ep->ips[k].ip, ep->ips[k].ip_id) != 0)
            return -1;
        changed = true;
    }
    return changed ? gc_dns_endpoint_load_addresses(op, ep) : 0;
}

static int s_ensure_endpoints(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned)
{
    bool created[2][GC_DNS_MAX_ENDPOINTS] = {{false}};
    for (int d = 0; d < 2; d++) {
        int64_t n = s_count(planned, d == GC_DNS_IN ? "inbound_endpoints" : "outbound_endpoints");
        for (int i = 0; i < n; i++) {
            if (dns->endpoints[d][i].id)
                continue;
            if (s_create_endpoint(op, dns, planned, (enum gc_dns_dir)d, i) != 0)
                return -1;
            created[d][i] = true;
        }
    }
    /* the endpoints are made concurrently by AWS: wait for them all, then read the addresses it chose */
    for (int d = 0; d < 2; d++) {
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++) {
            struct gc_dns_endpoint *ep = &dns->endpoints[d][i];
            if (!created[d][i])
                continue;
            if (s_wait(op, S_ENDPOINT, ep->id, "OPERATIONAL", "resolver endpoint") != 0 ||
                gc_dns_endpoint_load_addresses(op, ep) != 0)
                return -1;
        }
    }
    for (int d = 0; d < 2; d++) {
        int64_t n = s_count(planned, d == GC_DNS_IN ? "inbound_endpoints" : "outbound_endpoints");
        for (int i = 0; i < n; i++)
            if (s_converge_addresses(op, &dns->endpoints[d][i], planned, (enum gc_dns_dir)d, i) != 0)
                return -1;
    }
    return 0;
}

static int s_delete_endpoint_request(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    const char *id = arg;
    return gc_op_call(op, &gc_op_route53resolver_delete_resolver_endpoint, json_pack("{s:s}", "ResolverEndpointId", id),
                      NULL, err);
}

static int s_delete_endpoint(struct gc_op *op, struct gc_dns_endpoint *ep)
{
    char text[200];
    struct s_ref r = {S_ENDPOINT, ep->id};
    snprintf(text, sizeof text, "resolver endpoint %s", ep->id);
    struct gc_wait_spec gone = {.what = text, .status = s_status, .arg = &r};
    struct gc_delete_spec spec = {text, s_delete_endpoint_request, ep->id, NULL, s_not_found, &gone};
    if (gc_delete_object(op, &spec) != 0)
        return -1;
    gc_dns_endpoint_clean_up(ep);
    return 0;
}

/* ---- forwarding rules ---- */

/* The planned rule of a domain, in normal form: its targets document, the endpoint id and the config key. */
struct s_planned_rule {
    const char *key;
    char domain[GC_DNS_DOMAIN_MAX + 1];
    const struct gc_value *targets;
    int64_t port;
    int64_t endpoint;
};

static int s_planned_rule(const struct gc_value *rules, size_t i, struct s_planned_rule *out)
{
    const char *why = NULL;
    out->key = rules->u.map.keys[i];
    out->targets = gc_value_object_get(rules->u.map.vals[i], "target_ips");
    out->port = 53;
    out->endpoint = 0;
    gc_value_get_int64(rules->u.map.vals[i], "port", &out->port);
    gc_value_get_int64(rules->u.map.vals[i], "outbound_endpoint", &out->endpoint);
    if (out->endpoint < 0 || out->endpoint >= GC_DNS_MAX_ENDPOINTS)
        out->endpoint = 0;
    return gc_dns_domain_normalise(out->key, out->domain, &why);
}

static json_t *s_targets_doc(const struct s_planned_rule *pr)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < gc_value_length(pr->targets); i++) {
        json_t *t = json_pack("{s:s, s:I}", "Ip", gc_value_string(gc_value_index(pr->targets, i)), "Port",
                              (json_int_t)pr->port);
        if (json_array_append_new(list, t) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    return list;
}

/* Whether the rule forwards exactly to the planned targets and port through the planned endpoint. */
static bool s_rule_matches(const struct gc_dns_rule *rule, const struct s_planned_rule *pr, const char *endpoint_id)
{
    if (!rule->endpoint_id || !endpoint_id || strcmp(rule->endpoint_id, endpoint_id) != 0 ||
        rule->n_targets != gc_value_length(pr->targets))
        return false;
    for (size_t i = 0; i < rule->n_targets; i++)
        if (rule->targets[i].port != pr->port ||
            strcmp(rule->targets[i].ip, s_str(gc_value_string(gc_value_index(pr->targets, i)))) != 0)
            return false;
    return true;
}

static int s_rule_answer(struct gc_op *op, struct gc_dns_rule *rule, const json_t *out, const char *call)
{
    const json_t *doc = gc_doc_get(out, "ResolverRule");
    int rc = doc ? gc_dns_rule_from_doc(rule, doc) : 1;
    if (rc > 0)
        gc_diags_error_at(op->diags, NULL, "Invalid AWS answer", "%s answered no usable ResolverRule.", call);
    else if (rc < 0)
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the answer of %s.", call);
    return rc ? -1 : 0;
}

static int s_create_rule(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned,
                         const struct s_planned_rule *pr, const char *endpoint_id)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    char creator[64], token[37], name[65];
    s_resolver_name(name, gc_value_get_string(planned, "name"), pr->domain);
    if (gc_adopt_token_tag(&tags, GC_TAG_CREATE_TOKEN, token) != 0 ||
        s_object_tags(&tags, planned, dns->vpc_id, "rule", pr->domain) != 0)
        goto cleanup;
    gc_tags_remove(&tags, GC_TAG_CREATE_TOKEN);
    snprintf(creator, sizeof creator, GC_DNS_CREATOR_PREFIX "rule:%s", token);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:o}", "CreatorRequestId", creator, "Name", name, "RuleType",
                           "FORWARD", "DomainName", pr->domain, "TargetIps", s_targets_doc(pr), "ResolverEndpointId",
                           endpoint_id, "Tags", gc_dns_tags_doc(&tags));
    if (gc_op_call(op, &gc_op_route53resolver_create_resolver_rule, in, &out, &err) != 0) {
        json_decref(out);
        if (!gc_aws_error_is(&err, "ResourceExistsException") ||
            s_created_by(op, &gc_op_route53resolver_list_resolver_rules, "ResolverRules", "ResolverRule", creator,
                         &out) != 0) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        GC_WARN("resolver rule %s: the create's answer was lost, adopting what it made", creator);
    }
    struct gc_dns_rule *rule = gc_dns_rule_add(dns);
    if (!rule || s_rule_answer(op, rule, out, "CreateResolverRule") != 0) {
        if (rule) {
            gc_dns_rule_clean_up(rule); /* what the answer filled in before it failed */
            dns->n_rules--;
        }
        goto cleanup;
    }
    GC_INFO("created resolver rule %s for %s", rule->id, pr->domain);
    result = s_wait(op, S_RULE, rule->id, "COMPLETE", "resolver rule");
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(out);
    gc_tags_clean_up(&tags);
    return result;
}

/* UpdateResolverRule: the same rule id, new targets, port or endpoint (ASPs keep their associations). */
static int s_update_rule(struct gc_op *op, struct gc_dns_rule *rule, const struct s_planned_rule *pr,
                         const char *endpoint_id)
{
    int result = -1;
    json_t *out = NULL;
    json_t *in = json_pack("{s:s, s:{s:o, s:s}}", "ResolverRuleId", rule->id, "Config", "TargetIps", s_targets_doc(pr),
                           "ResolverEndpointId", endpoint_id);
    GC_INFO("updating resolver rule %s (%s) in place", rule->id, pr->domain);
    if (gc_op_call(op, &gc_op_route53resolver_update_resolver_rule, in, &out, NULL) != 0 ||
        s_rule_answer(op, rule, out, "UpdateResolverRule") != 0)
        goto cleanup;
    result = s_wait(op, S_RULE, rule->id, "COMPLETE", "resolver rule");
cleanup:
    json_decref(out);
    return result;
}

/* AssociateResolverRule takes no idempotency token: after a 5xx or a lost answer the association of this rule and
 * VPC is looked up and adopted, or sent again when AWS made none (gc_adopt.h). */
struct s_assoc_create {
    struct gc_dns *dns;
    struct gc_dns_rule *rule;
    const char *name;
    json_t *out;   /* the create's answer */
    json_t *found; /* the look-up's answer: the ids handed to gc_adopt point into it */
};

static int s_assoc_call(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    struct s_assoc_create *c = arg;
    json_t *in = json_pack("{s:s, s:s, s:s}", "ResolverRuleId", c->rule->id, "VPCId", c->dns->vpc_id, "Name", c->name);
    json_decref(c->out);
    c->out = NULL;
    return gc_op_call(op, &gc_op_route53resolver_associate_resolver_rule, in, &c->out, err);
}

static int s_assoc_lookup(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err)
{
    struct s_assoc_create *c = arg;
    json_decref(c->found);
    c->found = NULL;
    if (gc_aws_op_call_all(op->aws, &gc_op_route53resolver_list_resolver_rule_associations, NULL, &c->found, err) != 0)
        return -1;
    size_t i;
    const json_t *a;
    json_array_foreach(gc_doc_list(c->found, "ResolverRuleAssociations"), i, a)
    {
        const char *rule = gc_doc_str(a, "ResolverRuleId"), *vpc = gc_doc_str(a, "VPCId");
        const char *status = gc_doc_str(a, "Status"), *id = gc_doc_str(a, "Id");
        if (id && rule && vpc && strcmp(rule, c->rule->id) == 0 && strcmp(vpc, c->dns->vpc_id) == 0 &&
            !(status && (strcmp(status, "DELETING") == 0 || strcmp(status, "FAILED") == 0)) &&
            gc_strset_add(ids, id) != 0)
            return -1;
    }
    return 0;
}

static int s_assoc_take(struct gc_op *op, void *arg, const char *id)
{
    struct s_assoc_create *c = arg;
    (void)op;
    json_decref(c->out);
    c->out = json_pack("{s:{s:s}}", "ResolverRuleAssociation", "Id", id);
    return c->out ? 0 : -1;
}

static int s_associate_rule(struct gc_op *op, struct gc_dns *dns, struct gc_dns_rule *rule)
{
    int result = -1;
    char name[65];
    s_resolver_name(name, rule->name, "vpc");
    struct s_assoc_create c = {dns, rule, name, NULL, NULL};
    struct gc_adopt_spec spec = {.operation = "AssociateResolverRule",
                                 .what = "resolver rule association",
                                 .create = s_assoc_call,
                                 .lookup = s_assoc_lookup,
                                 .take = s_assoc_take,
                                 .arg = &c};
    if (gc_adopt_create(op, &spec) != 0)
        goto cleanup;
    const char *id = gc_doc_str(c.out, "ResolverRuleAssociation.Id");
    if (!id || !(rule->association_id = gc_strdup(id))) {
        gc_diags_error_at(op->diags, NULL, "Invalid AWS answer", "AssociateResolverRule answered no association ID.");
        goto cleanup;
    }
    result = s_wait(op, S_ASSOCIATION, rule->association_id, "COMPLETE", "resolver rule association");
cleanup:
    json_decref(c.out);
    json_decref(c.found);
    return result;
}

static int s_ensure_rules(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned)
{
    const struct gc_value *rules = gc_value_object_get(planned, "forward_rules");
    for (size_t i = 0; !gc_value_is_null(rules) && i < rules->u.map.n; i++) {
        struct s_planned_rule pr;
        if (s_planned_rule(rules, i, &pr) != 0)
            continue; /* refused at validation */
        const char *endpoint_id = dns->endpoints[GC_DNS_OUT][pr.endpoint].id;
        struct gc_dns_rule *rule = gc_dns_rule_find(dns, pr.domain);
        if (!rule) {
            if (s_create_rule(op, dns, planned, &pr, endpoint_id) != 0)
                return -1;
            rule = gc_dns_rule_find(dns, pr.domain);
        } else if (!s_rule_matches(rule, &pr, endpoint_id) && s_update_rule(op, rule, &pr, endpoint_id) != 0) {
            return -1;
        }
        if (rule && !rule->association_id && s_associate_rule(op, dns, rule) != 0)
            return -1;
    }
    return 0;
}

static int s_delete_rule_request(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    const struct gc_dns_rule *rule = arg;
    return gc_op_call(op, &gc_op_route53resolver_delete_resolver_rule, json_pack("{s:s}", "ResolverRuleId", rule->id),
                      NULL, err);
}

/* Disassociates the rule from the VPC (and waits until the association is gone), then deletes it, retrying
 * while AWS still counts it as shared or associated. */
static int s_delete_rule(struct gc_op *op, struct gc_dns *dns, struct gc_dns_rule *rule)
{
    struct gc_aws_error err = {0};
    char text[200];
    if (rule->association_id) {
        json_t *in = json_pack("{s:s, s:s}", "ResolverRuleId", rule->id, "VPCId", dns->vpc_id);
        int rc = gc_op_call(op, &gc_op_route53resolver_disassociate_resolver_rule, in, NULL, &err);
        if (rc != 0 && !s_not_found(&err)) {
            gc_op_aws_error(op, &err);
            gc_aws_error_clean_up(&err);
            return -1;
        }
        gc_aws_error_clean_up(&err);
        if (s_wait(op, S_ASSOCIATION, rule->association_id, NULL, "resolver rule association") != 0)
            return -1;
        free(rule->association_id);
        rule->association_id = NULL;
    }
    static const struct gc_delete_retry retry[] = {{"ResourceInUseException", NULL}, {NULL, NULL}};
    struct s_ref r = {S_RULE, rule->id};
    snprintf(text, sizeof text, "resolver rule %s", rule->id);
    struct gc_wait_spec gone = {.what = text, .status = s_status, .arg = &r};
    struct gc_delete_spec spec = {text, s_delete_rule_request, rule, retry, s_not_found, &gone};
    return gc_delete_object(op, &spec);
}

static bool s_domain_planned(const struct gc_value *planned, const char *domain)
{
    const struct gc_value *rules = gc_value_object_get(planned, "forward_rules");
    for (size_t i = 0; planned && !gc_value_is_null(rules) && i < rules->u.map.n; i++) {
        struct s_planned_rule pr;
        if (s_planned_rule(rules, i, &pr) == 0 && strcmp(pr.domain, domain) == 0)
            return true;
    }
    return false;
}

/* ---- the RAM share of the rules ---- */

static int s_create_share(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned)
{
    int result = -1;
    struct gc_tags tags = {0};
    struct gc_ram_share share = {0};
    struct gc_aws_error err = {0};
    struct gc_strset principals = {0};
    const char **arns = calloc(dns->n_rules + 1, sizeof(char *));
    size_t n_arns = 0;
    bool external = false;
    gc_value_get_bool(planned, "allow_external_principals", &external);
    for (size_t i = 0; arns && i < dns->n_rules; i++)
        if (dns->rules[i].arn)
            arns[n_arns++] = dns->rules[i].arn;
    if (!arns || gc_strset_of_value(&principals, gc_value_object_get(planned, "share_with")) != 0 ||
        s_object_tags(&tags, planned, dns->vpc_id, "share", NULL) != 0)
        goto cleanup;
    struct gc_ram_share_spec spec = {
        gc_value_get_string(planned, "name"),  arns,  n_arns, principals.items, principals.n, NULL, 0,
        external ? GC_RAM_TRUE : GC_RAM_FALSE, &tags, NULL};
    if (gc_ram_share_create(op->aws, &spec, &share, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    if (!(dns->share_arn = gc_strdup(share.arn)))
        goto cleanup;
    dns->share_name = gc_strdup(spec.name);
    dns->allow_external_principals = external;
    for (size_t i = 0; i < dns->n_rules; i++)
        dns->rules[i].shared = dns->rules[i].arn != NULL;
    for (size_t i = 0; i < principals.n; i++)
        if (gc_dns_strs_add(&dns->principals, principals.items[i]) != 0)
            goto cleanup;
    result = 0;
cleanup:
    free(arns);
    gc_strset_clean_up(&principals);
    gc_aws_error_clean_up(&err);
    gc_ram_share_clean_up(&share);
    gc_tags_clean_up(&tags);
    return result;
}

/* Shares the rules not yet shared, and moves the principals and settings to the plan. */
static int s_ensure_share(struct gc_op *op, struct gc_dns *dns, const struct gc_value *planned)
{
    int result = -1;
    struct gc_aws_error err = {0};
    struct gc_strset want = {0}, have = {0}, add = {0}, remove = {0};
    const char **arns = NULL;
    size_t n_arns = 0;
    bool external = false;
    if (!dns->share_arn)
        return s_create_share(op, dns, planned);
    gc_value_get_bool(planned, "allow_external_principals", &external);
    const char *name = gc_value_get_string(planned, "name");
    bool rename = name && (!dns->share_name || strcmp(name, dns->share_name) != 0);
    if (!(arns = calloc(dns->n_rules + 1, sizeof(char *))))
        goto cleanup;
    for (size_t i = 0; i < dns->n_rules; i++)
        if (!dns->rules[i].shared && dns->rules[i].arn)
            arns[n_arns++] = dns->rules[i].arn;
    if (gc_strset_of_value(&want, gc_value_object_get(planned, "share_with")) != 0 ||
        gc_strset_of_array(&have, (const char *const *)dns->principals.items, dns->principals.n) != 0 ||
        gc_strset_diff(&have, &want, &add, &remove) != 0)
        goto cleanup;
    if ((rename || external != dns->allow_external_principals) &&
        gc_ram_share_update(op->aws, dns->share_arn, rename ? name : NULL, external ? GC_RAM_TRUE : GC_RAM_FALSE, NULL,
                            &err) != 0)
        goto cleanup;
    if (remove.n && gc_ram_share_disassociate(op->aws, dns->share_arn, remove.items, remove.n, NULL, 0, &err) != 0)
        goto cleanup;
    if ((add.n || n_arns) && gc_ram_share_associate(op->aws, dns->share_arn, add.items, add.n, arns, n_arns, &err))
        goto cleanup;
    for (size_t i = 0; i < dns->n_rules; i++)
        dns->rules[i].shared = dns->rules[i].arn != NULL;
    gc_dns_strs_clean_up(&dns->principals);
    for (size_t i = 0; i < want.n; i++)
        if (gc_dns_strs_add(&dns->principals, want.items[i]) != 0)
            goto cleanup;
    dns->allow_external_principals = external;
    result = 0;
cleanup:
    if (result != 0 && err.code)
        gc_op_aws_error(op, &err);
    else if (result != 0)
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not update the RAM share of the rules.");
    free(arns);
    gc_aws_error_clean_up(&err);
    gc_strset_clean_up(&want);
    gc_strset_clean_up(&have);
    gc_strset_clean_up(&add);
    gc_strset_clean_up(&remove);
    return result;
}

/* Takes a rule out of the share before it is deleted. */
static int s_unshare_rule(struct gc_op *op, struct gc_dns *dns, struct gc_dns_rule *rule)
{
    struct gc_aws_error err = {0};
    const char *arns[1] = {rule->arn};
    if (!dns->share_arn || !rule->shared || !rule->arn)
        return 0;
    int rc = gc_ram_share_disassociate(op->aws, dns->share_arn, NULL, 0, arns, 1, &err);
    if (rc != 0 && gc_ram_error_is_not_found(&err))
        rc = 0;
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    rule->shared = rc != 0;
    return rc;
}

/* ---- hosted zones ---- */

static const char *s_region(const struct gc_op *op)
{
    return op->provider && op->provider->region ? op->provider->region : "ap-northeast-1";
}

/* Associates a zone with the VPC and waits for INSYNC. A zone of another account that the ASP has not
 * authorised is a pending partner action (domain §8): a warning says what the ASP must run; the next apply
 * finishes it. *pending is set then. */
static int s_associate_zone(struct gc_op *op, struct gc_dns *dns, const char *zone, bool *pending)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    const char *region = s_region(op);
    json_t *in = json_pack("{s:s, s:{s:s, s:s}, s:s}", "HostedZoneId", zone, "VPC", "VPCRegion", region, "VPCId",
                           dns->vpc_id, "Comment", "gcnet DNS resolver");
    *pending = false;
    if (gc_op_call(op, &gc_op_route53_associate_vpc_with_hosted_zone, in, &out, &err) != 0) {
        if (gc_aws_error_is(&err, "NotAuthorizedException")) {
            *pending = true;
            gc_diags_warning_at(op->diags, "hosted_zone_ids", "Hosted zone association waits for the ASP",
                                "Hosted zone %s belongs to another account that has not authorised VPC %s. The "
                                "zone's owner must run: aws route53 create-vpc-association-authorization "
                                "--hosted-zone-id %s --vpc VPCRegion=%s,VPCId=%s. The rest of the resolver is in "
                                "place; the next apply associates the zone. (Route 53: %s%s%s)",
                                zone, dns->vpc_id, zone, region, dns->vpc_id, err.code, err.message ? ": " : "",
                                err.message ? err.message : "");
            result = 0;
        } else if (gc_aws_error_is(&err, "ConflictingDomainExists") && gc_dns_strs_has(&dns->zones, zone)) {
            result = 0;
        } else if (gc_aws_error_is(&err, "ConflictingDomainExists") && gc_dns_load_zones(op, dns) == 0 &&
                   gc_dns_strs_has(&dns->zones, zone)) {
            result = 0; /* a retry after a lost answer met the association the first attempt made */
        } else if (err.code) {
            gc_op_aws_error(op, &err);
        }
        goto cleanup;
    }
    const char *change = gc_doc_str(out, "ChangeInfo.Id");
    if (change && strncmp(change, "/change/", 8) == 0)
        change += 8;
    if (change && s_wait(op, S_CHANGE, change, "INSYNC", "association of hosted zone") != 0)
        goto cleanup;
    if (gc_dns_strs_add(&dns->zones, zone) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(out);
    return result;
}

static int s_disassociate_zone(struct gc_op *op, struct gc_dns *dns, const char *zone)
{
    struct gc_aws_error err = {0};
    json_t *in =
        json_pack("{s:s, s:{s:s, s:s}}", "HostedZoneId", zone, "VPC", "VPCRegion", s_region(op), "VPCId", dns->vpc_id);
    int rc = gc_op_call(op, &gc_op_route53_disassociate_vpc_from_hosted_zone, in, NULL, &err);
    if (rc != 0 && (gc_aws_error_is(&err, "VPCAssociationNotFound") || gc_aws_error_is(&err, "NoSuchHostedZone")))
        rc = 0;
    else if (rc != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

static int s_ensure_zones(struct gc_op *op, struct gc_dns *dns, const struct gc_value *prior,
                          const struct gc_value *planned)
{
    const struct gc_value *want = gc_value_object_get(planned, "hosted_zone_ids");
    const struct gc_value *had = gc_value_object_get(prior, "hosted_zone_ids");
    for (size_t i = 0; i < gc_value_length(had); i++) {
        const char *z = gc_value_string(gc_value_index(had, i));
        bool keep = false;
        for (size_t k = 0; z && k < gc_value_length(want); k++)
            keep = keep || strcmp(z, s_str(gc_value_string(gc_value_index(want, k)))) == 0;
        if (z && !keep && gc_dns_strs_has(&dns->zones, z) && s_disassociate_zone(op, dns, z) != 0)
            return -1;
    }
    for (size_t i = 0; i < gc_value_length(want); i++) {
        const char *z = gc_value_string(gc_value_index(want, i));
        bool pending = false;
        if (z && !gc_dns_strs_has(&dns->zones, z) && s_associate_zone(op, dns, z, &pending) != 0)
            return -1;
    }
    return 0;
}

/* ---- tags on update ---- */

static int s_rename(struct gc_op *op, struct gc_dns *dns, const char *name)
{
    char want[65], suffix[16];
    for (int d = 0; d < 2; d++) {
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++) {
            struct gc_dns_endpoint *ep = &dns->endpoints[d][i];
            snprintf(suffix, sizeof suffix, "%s-%d", d == GC_DNS_IN ? "in" : "out", i);
            s_resolver_name(want, name, suffix);
            if (!ep->id || (ep->name && strcmp(ep->name, want) == 0))
                continue;
            if (gc_op_call(op, &gc_op_route53resolver_update_resolver_endpoint,
                           json_pack("{s:s, s:s}", "ResolverEndpointId", ep->id, "Name", want), NULL, NULL) != 0 ||
                s_wait(op, S_ENDPOINT, ep->id, "OPERATIONAL", "resolver endpoint") != 0)
                return -1;
        }
    }
    for (size_t i = 0; i < dns->n_rules; i++) {
        struct gc_dns_rule *rule = &dns->rules[i];
        s_resolver_name(want, name, rule->domain);
        if (rule->name && strcmp(rule->name, want) == 0)
            continue;
        if (gc_op_call(op, &gc_op_route53resolver_update_resolver_rule,
                       json_pack("{s:s, s:{s:s}}", "ResolverRuleId", rule->id, "Config", "Name", want), NULL,
                       NULL) != 0)
            return -1;
    }
    return 0;
}

static int s_update_tags(struct gc_op *op, struct gc_dns *dns, const struct gc_value *prior,
                         const struct gc_value *planned)
{
    bool subnets =
        !gc_value_equal(gc_value_object_get(prior, "subnet_ids"), gc_value_object_get(planned, "subnet_ids"));
    if (!gc_tagging_changed(prior, planned, "name") && !subnets)
        return 0;
    for (int d = 0; d < 2; d++) {
        struct s_tagged t = {dns->vpc_id, s_roles[d], s_roles[d]};
        if (dns->sg_ids[d] &&
            gc_tagging_retag(op, dns->sg_ids[d], prior, planned, s_build_tags, &t, gc_ec2_tags_update) != 0)
            return -1;
    }
    if (!gc_tagging_changed(prior, planned, "name"))
        return 0;
    for (int d = 0; d < 2; d++) {
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++) {
            char suffix[16];
            snprintf(suffix, sizeof suffix, "%s-%d", d == GC_DNS_IN ? "in" : "out", i);
            struct s_tagged t = {dns->vpc_id, s_roles[d], suffix};
            const struct gc_dns_endpoint *ep = &dns->endpoints[d][i];
            if (ep->arn &&
                gc_tagging_retag(op, ep->arn, prior, planned, s_build_tags, &t, gc_dns_resolver_tags_update) != 0)
                return -1;
        }
    }
    for (size_t i = 0; i < dns->n_rules; i++) {
        struct s_tagged t = {dns->vpc_id, "rule", dns->rules[i].domain};
        if (dns->rules[i].arn &&
            gc_tagging_retag(op, dns->rules[i].arn, prior, planned, s_build_tags, &t, gc_dns_resolver_tags_update) != 0)
            return -1;
    }
    struct s_tagged share = {dns->vpc_id, "share", NULL};
    if (dns->share_arn &&
        gc_tagging_retag(op, dns->share_arn, prior, planned, s_build_tags, &share, gc_ram_share_tags_update) != 0)
        return -1;
    return s_rename(op, dns, gc_value_get_string(planned, "name"));
}

/* ---- state ---- */

/* The configuration's spelling of a domain (its key in `ref`'s forward_rules), else the normal form. */
static const char *s_rule_key(const struct gc_value *ref, const char *domain)
{
    const struct gc_value *rules = gc_value_object_get(ref, "forward_rules");
    for (size_t i = 0; gc_value_is_known(rules) && !gc_value_is_null(rules) && i < rules->u.map.n; i++) {
        struct s_planned_rule pr;
        if (s_planned_rule(rules, i, &pr) == 0 && strcmp(pr.domain, domain) == 0)
            return rules->u.map.keys[i];
    }
    return domain;
}

/* A direction's endpoint ids and addresses: endpoint by endpoint, each one's address in subnet 0, then in
 * subnet 1, then any other. */
static int s_endpoints_to_state(const struct gc_dns *dns, enum gc_dns_dir d, const char *const subnets[2],
                                struct gc_value *state, int *count)
{
    struct gc_value *ids = gc_value_new_collection(&gc_type_list_string);
    struct gc_value *addrs = gc_value_new_collection(&gc_type_list_string);
    int rc = ids && addrs ? 0 : -1;
    *count = 0;
    for (int i = 0; rc == 0 && i < GC_DNS_MAX_ENDPOINTS; i++) {
        const struct gc_dns_endpoint *ep = &dns->endpoints[d][i];
        bool used[GC_DNS_MAX_IPS] = {false};
        if (!ep->id)
            continue;
        (*count)++;
        rc |= gc_value_append(ids, gc_value_new_string(ep->id));
        for (int s = 0; s <= GC_DNS_SUBNETS; s++)
            for (size_t k = 0; k < ep->n_ips; k++) {
                bool mine = s == GC_DNS_SUBNETS || (subnets[s] && strcmp(ep->ips[k].subnet_id, subnets[s]) == 0);
                if (used[k] || !mine)
                    continue;
                used[k] = true;
                rc |= gc_value_append(addrs, gc_value_new_string(ep->ips[k].ip));
                if (s < GC_DNS_SUBNETS)
                    break;
            }
    }
    bool in = d == GC_DNS_IN;
    if (rc == 0 && in && gc_value_object_set(state, "inbound_ips", gc_value_copy(addrs)) != 0)
        rc = -1;
    rc |= gc_value_object_set(state, in ? "inbound_endpoint_ids" : "outbound_endpoint_ids", ids);
    rc |= gc_value_object_set(state, in ? "inbound_ip_addresses" : "outbound_ip_addresses", addrs);
    return rc ? -1 : 0;
}

/* Whether the outbound group lets queries reach a target (TCP and UDP to its address and port). Without the
 * group nothing is judged here (the group itself then shows as missing). */
static bool s_target_allowed(const struct gc_dns *dns, const struct gc_dns_target *t)
{
    char cidr[24], tcp[128], udp[128];
    if (!dns->sg_ids[GC_DNS_OUT])
        return true;
    snprintf(cidr, sizeof cidr, "%s/32", t->ip);
    if (gc_dns_perm_key(tcp, sizeof tcp, "tcp", t->port, t->port, cidr) != 0 ||
        gc_dns_perm_key(udp, sizeof udp, "udp", t->port, t->port, cidr) != 0)
        return true;
    return gc_dns_strs_has(&dns->perms[GC_DNS_OUT], tcp) && gc_dns_strs_has(&dns->perms[GC_DNS_OUT], udp);
}

/* A read's forward_rules: each rule as AWS has it, keyed by the prior spelling, targets in prior order when the
 * set is unchanged. A target the outbound group no longer lets queries reach (an egress rule removed outside
 * Terraform) is left out: it forwards nothing, and the plan then shows it being put back, which the apply does
 * by authorising the egress again (the rule itself keeps its id and targets). */
static struct gc_value *s_rules_value(const struct gc_dns *dns, const struct gc_value *prior)
{
    const struct gc_value *prior_rules = gc_value_object_get(prior, "forward_rules");
    struct gc_value *rules = gc_value_new_collection(&s_rules_type);
    for (size_t i = 0; rules && i < dns->n_rules; i++) {
        const struct gc_dns_rule *rule = &dns->rules[i];
        const char *key = s_rule_key(prior, rule->domain);
        int64_t ep = 0;
        for (int k = 0; k < GC_DNS_MAX_ENDPOINTS; k++)
            if (dns->endpoints[GC_DNS_OUT][k].id && rule->endpoint_id &&
                strcmp(dns->endpoints[GC_DNS_OUT][k].id, rule->endpoint_id) == 0)
                ep = k;
        struct gc_value *obj = gc_value_new_object(&s_rule_type);
        const char *ips[GC_DNS_MAX_TARGETS];
        size_t n_ips = 0;
        for (size_t k = 0; k < rule->n_targets; k++)
            if (s_target_allowed(dns, &rule->targets[k]))
                ips[n_ips++] = rule->targets[k].ip;
        const struct gc_value *old = gc_value_object_get(gc_value_map_get(prior_rules, key), "target_ips");
        struct gc_value *as_set = gc_value_new_string_list(&gc_type_set_string, ips, n_ips);
        struct gc_value *old_set = gc_value_new_collection(&gc_type_set_string);
        bool copied = old_set != NULL;
        for (size_t k = 0; old_set && k < gc_value_length(old); k++)
            copied = copied && gc_value_append(old_set, gc_value_copy(gc_value_index(old, k))) == 0;
        bool same = as_set && copied && gc_value_equal(as_set, old_set) && gc_value_length(old) == n_ips;
        gc_value_free(as_set);
        gc_value_free(old_set);
        struct gc_value *targets =
            same ? gc_value_copy(old) : gc_value_new_string_list(&gc_type_list_string, ips, n_ips);
        /* each setter takes ownership of its value, also when it fails */
        bool ok = obj && gc_value_object_set(obj, "target_ips", targets) == 0;
        if (!obj)
            gc_value_free(targets);
        ok =
            ok && gc_value_object_set(obj, "port", gc_value_new_int(rule->n_targets ? rule->targets[0].port : 53)) == 0;
        ok = ok && gc_value_object_set(obj, "outbound_endpoint", gc_value_new_int(ep)) == 0;
        if (!ok) {
            gc_value_free(obj);
            gc_value_free(rules);
            return NULL;
        }
        if (gc_value_map_put(rules, key, obj) != 0) {
            gc_value_free(rules);
            return NULL;
        }
    }
    return rules;
}

static int s_to_state(const struct gc_dns *dns, const struct gc_value *ref, struct gc_value *state, bool read)
{
    int rc = 0, n_in = 0, n_out = 0;
    const struct gc_value *ref_subnets = gc_value_object_get(ref, "subnet_ids");
    const char *subnets[2] = {gc_value_string(gc_value_index(ref_subnets, 0)),
                              gc_value_string(gc_value_index(ref_subnets, 1))};
    if (!subnets[0] && !subnets[1]) {
        subnets[0] = dns->subnet_ids[0];
        subnets[1] = dns->subnet_ids[1];
    }
    rc |= gc_value_set_string(state, "id", dns->vpc_id);
    struct gc_value *sgs = gc_value_new_collection(&gc_type_map_string);
    for (int d = 0; sgs && d < 2; d++)
        if (dns->sg_ids[d])
            rc |= gc_value_map_put(sgs, s_roles[d], gc_value_new_string(dns->sg_ids[d]));
    rc |= gc_value_object_set(state, "security_group_ids", sgs);
    const struct gc_value *planned_ips = gc_value_object_get(state, "inbound_ips");
    struct gc_value *keep_ips = !read && gc_value_is_wholly_known(planned_ips) ? gc_value_copy(planned_ips) : NULL;
    rc |= s_endpoints_to_state(dns, GC_DNS_IN, subnets, state, &n_in);
    rc |= s_endpoints_to_state(dns, GC_DNS_OUT, subnets, state, &n_out);
    if (keep_ips)
        rc |= gc_value_object_set(state, "inbound_ips", keep_ips); /* the plan's own value wins after an apply */
    struct gc_value *ids = gc_value_new_collection(&gc_type_map_string);
    for (size_t i = 0; ids && i < dns->n_rules; i++) {
        const struct gc_dns_rule *rule = &dns->rules[i];
        if (rule->association_id && (rule->shared || !dns->share_arn))
            rc |= gc_value_map_put(ids, s_rule_key(ref, rule->domain), gc_value_new_string(rule->id));
    }
    rc |= gc_value_object_set(state, "rule_ids", ids);
    rc |= gc_value_set_string(state, "resource_share_arn", dns->share_arn);
    if (!read)
        return rc ? -1 : 0;
    /* read and import: the configuration-visible settings as AWS has them, so that drift shows in the plan */
    rc |= gc_value_set_string(state, "vpc_id", dns->vpc_id);
    if (dns->name)
        rc |= gc_value_set_string(state, "name", dns->name);
    if (dns->sg_ids[GC_DNS_IN])
        rc |= gc_value_object_set(state, "tags_all", gc_tagging_to_map(&dns->tags));
    if (subnets[0] && subnets[1] && gc_value_is_null(ref_subnets))
        rc |= gc_value_object_set(state, "subnet_ids", gc_value_new_string_list(&gc_type_list_string, subnets, 2));
    rc |= gc_value_set_int64(state, "inbound_endpoints", n_in);
    rc |= gc_value_set_int64(state, "outbound_endpoints", n_out);
    struct gc_value *cidrs = gc_value_new_collection(&gc_type_set_string);
    for (size_t i = 0; cidrs && i < dns->perms[GC_DNS_IN].n; i++) {
        const char *key = dns->perms[GC_DNS_IN].items[i];
        char other[128];
        if (strncmp(key, "tcp|53|53|", 10) != 0)
            continue;
        snprintf(other, sizeof other, "udp|53|53|%s", key + 10);
        if (gc_dns_strs_has(&dns->perms[GC_DNS_IN], other))
            rc |= gc_value_append(cidrs, gc_value_new_string(key + 10));
    }
    rc |= gc_value_object_set(state, "allowed_cidrs", cidrs);
    const struct gc_value *prior_rules = gc_value_object_get(ref, "forward_rules");
    rc |= gc_value_object_set(state, "forward_rules",
                              dns->n_rules == 0 && gc_value_is_null(prior_rules) ? gc_value_new_null(&s_rules_type)
                                                                                 : s_rules_value(dns, ref));
    if (dns->share_arn) {
        const struct gc_value *prior_share = gc_value_object_get(ref, "share_with");
        rc |= gc_value_set_bool(state, "allow_external_principals", dns->allow_external_principals);
        rc |= gc_value_object_set(state, "share_with",
                                  dns->principals.n == 0 && gc_value_is_null(prior_share)
                                      ? gc_value_new_null(&gc_type_set_string)
                                      : gc_value_new_string_list(&gc_type_set_string,
                                                                 (const char *const *)dns->principals.items,
                                                                 dns->principals.n));
    }
    /* zones: those of the prior state still associated (import: every zone associated with the VPC) */
    const struct gc_value *prior_zones = gc_value_object_get(ref, "hosted_zone_ids");
    bool import = gc_value_is_null(gc_value_object_get(ref, "vpc_id"));
    struct gc_value *zones = gc_value_new_collection(&gc_type_set_string);
    for (size_t i = 0; zones && i < dns->zones.n; i++) {
        bool was = import;
        for (size_t k = 0; !was && k < gc_value_length(prior_zones); k++)
            was = strcmp(s_str(gc_value_string(gc_value_index(prior_zones, k))), dns->zones.items[i]) == 0;
        if (was)
            rc |= gc_value_append(zones, gc_value_new_string(dns->zones.items[i]));
    }
    if (gc_value_length(zones) == 0 && gc_value_is_null(prior_zones)) {
        gc_value_free(zones);
        zones = gc_value_new_null(&gc_type_set_string);
    }
    rc |= gc_value_object_set(state, "hosted_zone_ids", zones);
    return rc ? -1 : 0;
}

/* ---- create, read, update, delete, import ---- */

static bool s_changed(const struct gc_value *prior, const struct gc_value *planned, const char *name)
{
    return !gc_value_equal(gc_value_object_get(prior, name), gc_value_object_get(planned, name));
}

static bool s_exists(const struct gc_dns *dns)
{
    bool any = dns->sg_ids[0] || dns->sg_ids[1] || dns->n_rules > 0 || dns->share_arn;
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++)
            any = any || dns->endpoints[d][i].id;
    return any;
}

/* Everything from what exists towards the plan; create starts from nothing. */
static int s_converge(struct gc_op *op, struct gc_dns *dns, const struct gc_value *prior,
                      const struct gc_value *planned)
{
    if (s_ensure_groups(op, dns, planned) != 0 || s_ensure_endpoints(op, dns, planned) != 0 ||
        s_ensure_rules(op, dns, planned) != 0)
        return -1;
    for (size_t i = dns->n_rules; i-- > 0;) {
        struct gc_dns_rule *rule = &dns->rules[i];
        if (s_domain_planned(planned, rule->domain))
            continue;
        if (s_unshare_rule(op, dns, rule) != 0 || s_delete_rule(op, dns, rule) != 0)
            return -1;
        gc_dns_rule_clean_up(rule);
        dns->rules[i] = dns->rules[--dns->n_rules];
    }
    if (s_ensure_share(op, dns, planned) != 0)
        return -1;
    for (int d = 0; d < 2; d++) {
        int64_t n = s_count(planned, d == GC_DNS_IN ? "inbound_endpoints" : "outbound_endpoints");
        for (int i = (int)n; i < GC_DNS_MAX_ENDPOINTS; i++)
            if (dns->endpoints[d][i].id && s_delete_endpoint(op, &dns->endpoints[d][i]) != 0)
                return -1;
    }
    if (s_ensure_zones(op, dns, prior, planned) != 0)
        return -1;
    return prior ? s_update_tags(op, dns, prior, planned) : 0;
}

static struct gc_value *s_state_from(const struct gc_value *planned, const struct gc_dns *dns)
{
    struct gc_value *state = gc_value_copy(planned);
    if (state && s_to_state(dns, planned, state, false) != 0) {
        gc_value_free(state);
        state = NULL;
    }
    return state;
}

/* The create made everything: the inbound group loses GC_TAG_CREATE_UNFINISHED. */
static int s_mark_finished(struct gc_op *op, struct gc_dns *dns)
{
    int result = -1;
    struct gc_tags marker = {0};
    struct gc_aws_error err = {0};
    const char *id = dns->sg_ids[GC_DNS_IN];
    if (!id || gc_tags_add(&marker, GC_TAG_CREATE_UNFINISHED, "true") != 0)
        goto cleanup;
    if (gc_ec2_tags_delete(op->aws, &id, 1, &marker, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    dns->unfinished = false;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_tags_clean_up(&marker);
    return result;
}

static int s_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    int result = -1;
    struct gc_dns dns = {0}, stray = {0};
    bool found = false;
    char token[37];
    const char *vpc_id = gc_value_get_string(planned, "vpc_id");
    struct gc_journal *journal = op->provider ? op->provider->journal : NULL;
    char *identity = gc_journal_identity(op->provider ? op->provider->region : NULL, &vpc_id, 1); /* region/vpc */
    *state = NULL;
    if (!identity || s_check_network(op, planned, true) != 0)
        goto cleanup;
    if (gc_dns_load(op, vpc_id, NULL, &stray, &found) != 0)
        goto cleanup;
    if (found && !stray.unfinished && stray.create_token &&
        gc_journal_holds(journal, op->type_name, identity, stray.create_token, op->diags)) {
        /* this directory's own create, finished in AWS, whose answer never reached the state (gc_journal.h) */
        GC_WARN("resolver %s: taking over security group %s, made by a create whose answer never reached the state",
                vpc_id, stray.sg_ids[GC_DNS_IN] ? stray.sg_ids[GC_DNS_IN] : "-");
        gc_diags_warning_at(
            op->diags, NULL, "Took over the resolver of a create whose answer never reached Terraform's state",
            "VPC %s has gcnet resolver objects (security group %s) made by an earlier create in this "
            "working directory (its create token is in %s), which stopped after AWS had built the "
            "resolver but before Terraform saved it. gcnet took them over and brought them to the plan.",
            vpc_id, stray.sg_ids[GC_DNS_IN] ? stray.sg_ids[GC_DNS_IN] : "-", gc_journal_path(journal));
        dns = stray;
        memset(&stray, 0, sizeof stray);
    } else if (found && stray.unfinished) {
        /* a create of this resolver that never finished (nothing reached the state): take it over and finish it */
        GC_WARN("resolver %s: finishing the create that left security group %s", vpc_id,
                stray.sg_ids[GC_DNS_IN] ? stray.sg_ids[GC_DNS_IN] : "-");
        gc_diags_warning_at(op->diags, NULL, "Finished an interrupted create",
                            "VPC %s had gcnet resolver objects (security group %s) left by a create that never "
                            "finished (the provider stopped before it answered). gcnet took them over and finished "
                            "the resolver.",
                            vpc_id, stray.sg_ids[GC_DNS_IN] ? stray.sg_ids[GC_DNS_IN] : "-");
        dns = stray;
        memset(&stray, 0, sizeof stray);
    } else if (found) {
        gc_diags_error_at(op->diags, "vpc_id", "Resolver already exists",
                          "VPC %s already has gcnet resolver objects (security group %s, endpoint %s) that are not in "
                          "this state: another workspace manages them, or an earlier create lost its marker. "
                          "Import them (terraform import <resource address> %s) or delete them, then apply again.",
                          vpc_id, stray.sg_ids[0] ? stray.sg_ids[0] : "-",
                          stray.endpoints[0][0].id ? stray.endpoints[0][0].id : "-", vpc_id);
        goto cleanup;
    } else if (!(dns.vpc_id = gc_strdup(vpc_id)) || gc_aws_new_token(token) != 0 ||
               !(dns.create_token = gc_strdup(token))) {
        goto cleanup;
    }
    /* before the first create request (or with the token of the objects taken over): should the answer never reach
     * the state, the next create of this directory takes the finished resolver over */
    if (dns.create_token)
        gc_journal_begin(journal, op->type_name, identity, dns.create_token, vpc_id, op->diags);
    dns.unfinished = true;
    if (s_converge(op, &dns, NULL, planned) != 0 || s_mark_finished(op, &dns) != 0)
        goto cleanup;
    result = 0;
cleanup:
    free(identity);
    if (s_exists(&dns)) {
        /* also on failure: what exists goes into state so that nothing is orphaned */
        *state = s_state_from(planned, &dns);
        if (!*state)
            result = -1;
    }
    gc_dns_clean_up(&stray);
    gc_dns_clean_up(&dns);
    return result;
}

/* The IDs of `prior` that let gc_dns_load_known read everything in one round. */
static void s_known(const struct gc_value *prior, struct gc_dns_known *known)
{
    static const char *const lists[] = {"inbound_endpoint_ids", "outbound_endpoint_ids"};
    *known = (struct gc_dns_known){.share_arn = gc_value_get_string(prior, "resource_share_arn")};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        const struct gc_value *ids = gc_value_object_get(prior, lists[l]);
        for (size_t i = 0; i < s_len(prior, lists[l]) && known->n_endpoint_ids < 2 * GC_DNS_MAX_ENDPOINTS; i++) {
            const char *id = gc_value_string(gc_value_index(ids, i));
            if (id)
                known->endpoint_ids[known->n_endpoint_ids++] = id;
        }
    }
    known->rules = s_len(prior, "rule_ids") > 0 || s_len(prior, "forward_rules") > 0;
}

static int s_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    int result = -1;
    struct gc_dns dns = {0};
    bool found = false;
    const char *id = gc_value_get_string(prior, "id");
    *state = NULL;
    if (!id)
        return 0;
    struct gc_dns_known known;
    s_known(prior, &known);
    if (gc_dns_load_known(op, id, &known, &dns, &found) != 0)
        goto cleanup;
    if (found) {
        *state = gc_value_copy(prior);
        if (!*state || s_to_state(&dns, prior, *state, true) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_dns_clean_up(&dns);
    return result;
}

static int s_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    int result = -1;
    struct gc_dns dns = {0};
    bool found = false;
    *state = NULL;
    if (!gc_schema_is_aws_id(id, "vpc-")) {
        gc_import_bad_id(op, id, "a resolver by the ID of its VPC", "gcnet_dns_resolver.x vpc-0123456789abcdef0");
        goto cleanup;
    }
    if (gc_dns_load(op, id, NULL, &dns, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_import_missing(op, "VPC %s has no security groups or endpoints tagged or named by gcnet_dns_resolver.", id);
        goto cleanup;
    }
    result = gc_import_state(op, &s_block, id, state);
cleanup:
    gc_dns_clean_up(&dns);
    return result;
}

static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state)
{
    int result = -1;
    struct gc_dns dns = {0};
    bool found = false;
    const char *id = gc_value_get_string(prior, "id");
    *state = NULL;
    struct gc_dns_known known;
    s_known(prior, &known);
    if (gc_dns_load_known(op, id, &known, &dns, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_diags_error_at(op->diags, NULL, "Resolver disappeared", "The resolver of VPC %s no longer exists.", id);
        goto cleanup;
    }
    if ((s_changed(prior, planned, "subnet_ids") || s_changed(prior, planned, "inbound_ips") ||
         s_changed(prior, planned, "forward_rules")) &&
        s_check_network(op, planned, true) != 0)
        goto cleanup;
    if (s_converge(op, &dns, prior, planned) != 0)
        goto cleanup;
    *state = s_state_from(planned, &dns);
    result = *state ? 0 : -1;
cleanup:
    gc_dns_clean_up(&dns);
    return result;
}

static int s_delete_group_request(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    return gc_op_call(op, &gc_op_ec2_delete_security_group, json_pack("{s:s}", "GroupId", (const char *)arg), NULL,
                      err);
}

/* Zones first, then the share, the rules (disassociated, then deleted), the endpoints and last the groups. */
static int s_delete(struct gc_op *op, const struct gc_value *prior)
{
    int result = -1;
    struct gc_dns dns = {0};
    bool found = false;
    struct gc_aws_error err = {0};
    const char *id = gc_value_get_string(prior, "id");
    if (!id)
        return 0;
    struct gc_dns_known known;
    s_known(prior, &known);
    if (gc_dns_load_known(op, id, &known, &dns, &found) != 0)
        goto cleanup;
    const struct gc_value *zones = gc_value_object_get(prior, "hosted_zone_ids");
    for (size_t i = 0; i < gc_value_length(zones); i++) {
        const char *z = gc_value_string(gc_value_index(zones, i));
        if (z && gc_dns_strs_has(&dns.zones, z) && s_disassociate_zone(op, &dns, z) != 0)
            goto cleanup;
    }
    if (dns.share_arn && gc_ram_share_delete(op->aws, dns.share_arn, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    for (size_t i = 0; i < dns.n_rules; i++)
        if (s_delete_rule(op, &dns, &dns.rules[i]) != 0)
            goto cleanup;
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++)
            if (dns.endpoints[d][i].id && s_delete_endpoint(op, &dns.endpoints[d][i]) != 0)
                goto cleanup;
    for (int d = 0; d < 2; d++) {
        char text[120];
        if (!dns.sg_ids[d])
            continue;
        snprintf(text, sizeof text, "security group %s", dns.sg_ids[d]);
        struct gc_delete_spec spec = {text, s_delete_group_request,    dns.sg_ids[d],
                                      NULL, gc_ec2_error_is_not_found, NULL};
        if (gc_delete_object(op, &spec) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_dns_clean_up(&dns);
    return result;
}

GC_RESOURCE_DEFINE(gc_resource_dns_resolver, "gcnet_dns_resolver", &s_block, s_timeouts_block);
