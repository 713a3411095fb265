/* Resources against a hostile AWS, table-driven: each entry of s_resources names a resource, its create and
 * update configurations and the (service, operation) answers it needs from the fake AWS (tests/unit/support);
 * listing a new resource there gives it the whole treatment. The hub is the first entry.
 *
 * For each resource, a baseline run of each phase (create, refresh = read, in-place update, destroy = delete)
 * against the untouched fake records which operations it sends and their first answers; then, for every one of
 * those operations, the operation's answer is replaced (on every call) by a hostile variant (fake_hostile.h) and
 * the whole phase is run again: each XML element / JSON key removed, emptied or duplicated in turn, truncated,
 * empty, garbage, HTML, 1 MB text, 10k-deep nesting, wrong types, 1000 items, a NextToken that never ends, error
 * statuses without a body, and seeded random byte mutations. A partial-failure pass answers each operation with
 * an AWS error once, then for good. Every run must end with rc 0, or rc != 0 and an error diagnostic, within a
 * bounded number of calls; ASan/UBSan/LSan catch the rest. A crash prints the input that caused it. */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "aws/fake_aws.h"
#include "fake_hostile.h"
#include "fake_text.h"
#include "fake_world.h"
#include "framework/gc_plan.h"
#include "gc_test.h"
#include "dns_world.h"
#include "hub_world.h"
#include "pca_world.h"
#include "conn_world.h"
#include "onprem_world.h"
#include "resources/asp_connection.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define S_HAVE_SANITIZER 1
#endif

extern const struct gc_resource_def gc_resource_municipality_hub;
extern const struct gc_resource_def gc_resource_private_ca;
extern const struct gc_resource_def gc_resource_dns_resolver;
extern const struct gc_resource_def gc_resource_certificate;
extern const struct gc_resource_def gc_resource_asp_connection;
extern const struct gc_resource_def gc_resource_onprem_link;

#define MAX_OPS 48
#define N_RANDOM 30 /* seeded mutations per (phase, operation); HOSTILE_RANDOM=n for more */

enum phase { P_CREATE, P_READ, P_UPDATE, P_DELETE, P_COUNT };
static const char *const s_phase_names[P_COUNT] = {"create", "read", "update", "delete"};

/* ---- the resources ---- */

struct endless_case {
    enum phase phase;
    const struct gc_aws_op_def *op;
};

struct resource_case {
    const char *name;
    const struct gc_resource_def *def;
    struct gc_value *(*config)(bool update); /* the create's config, or the update's (changed in place) */
    const struct fw_answer *answers;
    const size_t *n_answers;
    size_t state_size;                               /* the handlers' state (zeroed per run) */
    const struct gc_aws_op_def *const *update_sends; /* the update must send these (NULL-terminated) */
    const char *const *prior_attrs;                  /* the baseline create sets these (NULL-terminated) */
    const struct endless_case *endless;              /* paged operations: an endless NextToken must end */
    size_t n_endless;
    void (*setup)(void *state, bool exists); /* optional: the handlers' state for a phase (exists: not create) */
    size_t min_ops;                          /* distinct operations each baseline phase must send (0: 5) */
    void (*created)(const void *state);      /* optional: the handlers' state after the baseline create */
};

/* timeouts { create = update = delete = "1m" }: a wait for a state a hostile answer never reports ends after a
 * few polls */
static struct gc_value *s_short_timeouts(const struct gc_resource_def *def)
{
    const struct gc_block_def *tb = def->block->blocks[0].block;
    struct gc_value *to = gc_value_new_object(tb->type);
    if (to) {
        gc_value_set_string(to, "create", "1m");
        gc_value_set_string(to, "update", "1m");
        gc_value_set_string(to, "delete", "1m");
    }
    return to;
}

/* The hub's create configuration; `update` changes what changes in place: the name (TGW description, the
 * share's name), a tag (every object re-tagged, the share too) and share_with (one principal for another). */
static struct gc_value *s_hub_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_municipality_hub;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *t = gc_value_new_collection(&gc_type_map_string);
    if (!config || !t) {
        gc_value_free(config);
        gc_value_free(t);
        return NULL;
    }
    gc_value_set_string(config, "municipality", "naruto");
    gc_value_set_string(config, "vpc_cidr", "10.20.0.0/24");
    gc_value_map_put(t, "env", gc_value_new_string(update ? "prod" : "test"));
    gc_value_object_set(config, "tags", t);
    if (update) {
        struct gc_value *share = gc_value_new_collection(&gc_type_set_string);
        gc_value_set_string(config, "name", "naruto-hub-2");
        if (share)
            gc_value_append(share, gc_value_new_string("111122223333")); /* the fixture has 210987654321 */
        gc_value_object_set(config, "share_with", share);
    }
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

static const struct gc_aws_op_def *const s_hub_update_sends[] = {
    &gc_op_ec2_modify_transit_gateway,
    &gc_op_ec2_create_tags,
    &gc_op_ram_tag_resource,
    &gc_op_ram_update_resource_share,
    &gc_op_ram_associate_resource_share,
    &gc_op_ram_disassociate_resource_share,
    NULL,
};
static const char *const s_hub_prior_attrs[] = {"id", "resource_share_arn", "vpc_attachment_id", NULL};
/* each pager gives up after its page limit (10000 in gc_ec2.c and gc_ram.c) */
static const struct endless_case s_hub_endless[] = {
    {P_READ, &gc_op_ec2_describe_transit_gateway_attachments},
    {P_READ, &gc_op_ram_get_resource_share_associations},
};

/* gcnet_private_ca: the example; `update` changes what changes in place: share_with (one account for
 * another), acm_permission (revoked), ocsp_enabled and a tag. */
static struct gc_value *s_ca_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_private_ca;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *subject = gc_value_new_collection(&gc_type_map_string);
    struct gc_value *share = gc_value_new_collection(&gc_type_set_string);
    struct gc_value *t = gc_value_new_collection(&gc_type_map_string);
    if (!config || !subject || !share || !t) {
        gc_value_free(config);
        gc_value_free(subject);
        gc_value_free(share);
        gc_value_free(t);
        return NULL;
    }
    gc_value_map_put(subject, "common_name", gc_value_new_string("Naruto City Government Cloud Root CA"));
    gc_value_map_put(subject, "country", gc_value_new_string("JP"));
    gc_value_map_put(subject, "organization", gc_value_new_string("Naruto City"));
    gc_value_map_put(subject, "state", gc_value_new_string("Tokushima"));
    gc_value_object_set(config, "subject", subject);
    gc_value_append(share, gc_value_new_string(update ? "222222222222" : "111111111111"));
    gc_value_object_set(config, "share_with", share);
    gc_value_map_put(t, "env", gc_value_new_string(update ? "prod" : "test"));
    gc_value_object_set(config, "tags", t);
    if (update) {
        gc_value_set_bool(config, "acm_permission", false);
        gc_value_set_bool(config, "ocsp_enabled", true);
    }
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

static void s_ca_setup(void *state, bool exists)
{
    if (exists)
        pw_state_active(state, NULL);
}

static const struct gc_aws_op_def *const s_ca_update_sends[] = {
    &gc_op_acmpca_update_certificate_authority,
    &gc_op_acmpca_tag_certificate_authority,
    &gc_op_acmpca_delete_permission,
    &gc_op_ram_associate_resource_share,
    &gc_op_ram_disassociate_resource_share,
    &gc_op_ram_tag_resource,
    NULL,
};
static const char *const s_ca_prior_attrs[] = {"id", "certificate", "serial", "resource_share_arn", NULL};
static const struct endless_case s_ca_endless[] = {
    {P_CREATE, &gc_op_acmpca_list_certificate_authorities},
    {P_READ, &gc_op_acmpca_list_tags},
};

/* gcnet_certificate: the example against an ACTIVE CA; `update` shortens early_renewal_days (in place,
 * nothing sent). Its phases are small: the plan and create read the CA and issue, read and delete make one call. */
static struct gc_value *s_cert_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_certificate;
    struct gc_value *config = gc_value_new_object(def->block->type);
    char *csr = fx_file("pca_ops_csr.pem");
    if (config && csr) {
        gc_value_set_string(config, "certificate_authority_arn", PW_CA_ARN);
        gc_value_set_string(config, "certificate_signing_request", csr);
        gc_value_set_int64(config, "validity_days", 397);
        gc_value_set_int64(config, "early_renewal_days", update ? 10 : 30);
        gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    }
    free(csr);
    return config;
}

static void s_cert_setup(void *state, bool exists)
{
    (void)exists;
    pw_state_active(state, NULL);
}

static const char *const s_cert_prior_attrs[] = {"id", "certificate", "serial", "not_after", NULL};
/* gcnet_asp_connection (transit_gateway): `update` changes the networks (a route added, one removed) and the
 * name (the attachment's tags). */
static struct gc_value *s_asp_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_asp_connection;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *cidrs = gc_value_new_collection(&gc_type_set_string);
    struct gc_value *systems = gc_value_new_collection(&gc_type_set_string);
    if (!config || !cidrs || !systems) {
        gc_value_free(config);
        gc_value_free(cidrs);
        gc_value_free(systems);
        return NULL;
    }
    gc_value_set_string(config, "hub_id", CW_TGW);
    gc_value_set_string(config, "name", update ? "naruto-a-2" : "naruto-a");
    gc_value_set_string(config, "vendor", "Vendor A");
    gc_value_set_string(config, "method", "transit_gateway");
    gc_value_set_string(config, "attachment_id", CW_ATT);
    gc_value_append(cidrs, gc_value_new_string(update ? "10.51.0.0/16" : "10.50.0.0/16"));
    gc_value_object_set(config, "cidrs", cidrs);
    gc_value_append(systems, gc_value_new_string("resident_records"));
    gc_value_object_set(config, "business_systems", systems);
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

static void s_asp_setup(void *state, bool exists)
{
    if (exists)
        cw_state_connected(state, "10.50.0.0/16");
}

static const struct gc_aws_op_def *const s_asp_update_sends[] = {&gc_op_ec2_create_route, &gc_op_ec2_delete_route,
                                                                 &gc_op_ec2_create_tags, NULL};
static const char *const s_asp_prior_attrs[] = {"id", "route_table_id", NULL};
static const struct endless_case s_asp_endless[] = {
    {P_READ, &gc_op_ec2_describe_route_tables},
};

/* gcnet_asp_connection (tgw_peering, the ASP's peering accepted): `update` changes the networks (static routes in
 * onprem and ops and the ops VPC route: one added, one removed) and the name (the attachment's tags). */
static struct gc_value *s_asp_peer_config(bool update)
{
    struct gc_value *config = s_asp_config(update);
    if (config) {
        gc_value_set_string(config, "method", "tgw_peering");
        gc_value_set_string(config, "peer_transit_gateway_id", CW_PEER_TGW);
        gc_value_set_string(config, "peer_account_id", CW_PEER_ACCOUNT);
        gc_value_set_string(config, "peer_region", CW_PEER_REGION);
    }
    return config;
}

/* gcnet_onprem_link (dx_gateway): `update` changes an allowed prefix (UpdateDirectConnectGatewayAssociation, in
 * place) and the premises' range (the ops VPC's routes). */
static struct gc_value *s_onprem_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_onprem_link;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *prefixes = gc_value_new_collection(&gc_type_set_string);
    struct gc_value *cidrs = gc_value_new_collection(&gc_type_set_string);
    if (!config || !prefixes || !cidrs) {
        gc_value_free(config);
        gc_value_free(prefixes);
        gc_value_free(cidrs);
        return NULL;
    }
    gc_value_set_string(config, "hub_id", CW_TGW);
    gc_value_set_string(config, "name", "naruto-lgcs");
    gc_value_set_string(config, "service", "lgcs");
    gc_value_set_string(config, "method", "dx_gateway");
    gc_value_set_string(config, "dx_gateway_id", OW_DXGW);
    gc_value_append(prefixes, gc_value_new_string(update ? "10.60.0.0/16" : "10.2.0.0/16"));
    gc_value_object_set(config, "allowed_prefixes", prefixes);
    gc_value_append(cidrs, gc_value_new_string(update ? "172.17.0.0/16" : "172.16.0.0/16"));
    gc_value_object_set(config, "onprem_cidrs", cidrs);
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

static void s_onprem_setup(void *state, bool exists)
{
    struct ow_state *st = state;
    st->cw.att_state = "available";
    if (exists)
        ow_state_linked(st, "10.2.0.0/16", "172.16.0.0/16");
}

static const struct gc_aws_op_def *const s_onprem_update_sends[] = {
    &gc_op_directconnect_update_direct_connect_gateway_association, &gc_op_ec2_create_route, &gc_op_ec2_delete_route,
    &gc_op_ec2_create_tags, NULL};
static const char *const s_onprem_prior_attrs[] = {"id", "association_id", "attachment_id", "route_table_id", NULL};
static const struct endless_case s_onprem_endless[] = {
    {P_READ, &gc_op_directconnect_describe_direct_connect_gateway_associations},
    {P_READ, &gc_op_ec2_describe_transit_gateway_attachments},
};

/* gcnet_onprem_link (tgw_peering): `update` changes the premises' range (static routes in asp and ops, the ops
 * VPC's routes). */
static struct gc_value *s_onprem_peering_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_onprem_link;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *cidrs = gc_value_new_collection(&gc_type_set_string);
    if (!config || !cidrs) {
        gc_value_free(config);
        gc_value_free(cidrs);
        return NULL;
    }
    gc_value_set_string(config, "hub_id", CW_TGW);
    gc_value_set_string(config, "name", "naruto-line");
    gc_value_set_string(config, "service", "private_line");
    gc_value_set_string(config, "method", "tgw_peering");
    gc_value_set_string(config, "peering_attachment_id", CW_ATT);
    gc_value_append(cidrs, gc_value_new_string(update ? "172.17.0.0/16" : "172.16.0.0/16"));
    gc_value_object_set(config, "onprem_cidrs", cidrs);
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

static void s_onprem_peering_setup(void *state, bool exists)
{
    struct ow_state *st = state;
    st->peering = true;
    if (!exists)
        return;
    ow_state_linked(st, "10.2.0.0/16", "172.16.0.0/16");
    st->assoc_live = false;
    st->cw.prop[2] = st->cw.prop[3] = false;
    st->peer_state = "available";
    for (int t = 2; t <= 3; t++) {
        snprintf(st->troutes[t][0], sizeof st->troutes[t][0], "172.16.0.0/16");
        st->n_troutes[t] = 1;
    }
}

static const struct gc_aws_op_def *const s_onprem_peering_update_sends[] = {
    &gc_op_ec2_create_transit_gateway_route, &gc_op_ec2_delete_transit_gateway_route, &gc_op_ec2_create_route,
    &gc_op_ec2_delete_route, NULL};
static const char *const s_onprem_peering_prior_attrs[] = {"id", "attachment_id", "route_table_id", NULL};
static const struct endless_case s_onprem_peering_endless[] = {
    {P_READ, &gc_op_ec2_search_transit_gateway_routes},
    {P_READ, &gc_op_ec2_describe_route_tables},
};

/* gcnet_onprem_link (dx_proposal): the carrier's gateway, the association accepted; `update` asks for a new prefix
 * (a new proposal) and changes the premises' range. */
static struct gc_value *s_onprem_proposal_config(bool update)
{
    struct gc_value *config = s_onprem_config(update);
    if (config) {
        gc_value_set_string(config, "method", "dx_proposal");
        gc_value_set_string(config, "dx_gateway_owner_account_id", "333333333333");
    }
    return config;
}

static void s_asp_peer_setup(void *state, bool exists)
{
    struct cw_state *st = state;
    st->peering = true;
    st->peer_requested_by_asp = true;
    if (!exists)
        return;
    cw_state_connected(st, "10.50.0.0/16");
    st->prop[1] = st->prop[3] = false; /* a peering does not propagate: static routes instead */
    for (int i = 0; i < 2; i++) {
        st->tgw_routes[i].table = i == 0 ? 1 : 3;
        snprintf(st->tgw_routes[i].cidr, sizeof st->tgw_routes[i].cidr, "10.50.0.0/16");
        snprintf(st->tgw_routes[i].att, sizeof st->tgw_routes[i].att, CW_ATT);
    }
    st->n_tgw_routes = 2;
}

static const struct gc_aws_op_def *const s_asp_peer_update_sends[] = {&gc_op_ec2_create_transit_gateway_route,
                                                                      &gc_op_ec2_delete_transit_gateway_route,
                                                                      &gc_op_ec2_create_route,
                                                                      &gc_op_ec2_delete_route,
                                                                      &gc_op_ec2_create_tags,
                                                                      NULL};
static const char *const s_asp_peer_prior_attrs[] = {"id", "route_table_id", "peer_region", NULL};
static void s_onprem_proposal_setup(void *state, bool exists)
{
    struct ow_state *st = state;
    st->cw.att_state = "available";
    if (!exists)
        return;
    ow_state_linked(st, "10.2.0.0/16", "172.16.0.0/16");
    st->n_proposals = 1;
    st->prop_state = "accepted";
    snprintf(st->prop_prefixes[0], sizeof st->prop_prefixes[0], "10.2.0.0/16");
    st->n_prop_prefixes = 1;
}

static const struct gc_aws_op_def *const s_onprem_proposal_update_sends[] = {
    &gc_op_directconnect_create_direct_connect_gateway_association_proposal, &gc_op_ec2_create_route,
    &gc_op_ec2_delete_route, NULL};
static const char *const s_onprem_proposal_prior_attrs[] = {"id", "proposal_id", NULL};
static const struct endless_case s_onprem_proposal_endless[] = {
    {P_READ, &gc_op_directconnect_describe_direct_connect_gateway_associations},
};

/* gcnet_onprem_link (vpn): `update` renames (the attachment's tags) and changes the premises' range. */
static struct gc_value *s_onprem_vpn_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_onprem_link;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *cidrs = gc_value_new_collection(&gc_type_set_string);
    if (!config || !cidrs) {
        gc_value_free(config);
        gc_value_free(cidrs);
        return NULL;
    }
    gc_value_set_string(config, "hub_id", CW_TGW);
    gc_value_set_string(config, "name", update ? "naruto-backup-2" : "naruto-backup");
    gc_value_set_string(config, "service", "lgcs");
    gc_value_set_string(config, "method", "vpn");
    gc_value_set_string(config, "customer_gateway_ip", "203.0.113.10");
    gc_value_object_set(config, "bgp_asn", gc_value_new_number_text("65010"));
    gc_value_append(cidrs, gc_value_new_string(update ? "172.17.0.0/16" : "172.16.0.0/16"));
    gc_value_object_set(config, "onprem_cidrs", cidrs);
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

static void s_onprem_vpn_setup(void *state, bool exists)
{
    struct ow_state *st = state;
    st->vpn_mode = true;
    if (!exists)
        return;
    ow_state_linked(st, "10.2.0.0/16", "172.16.0.0/16");
    st->assoc_live = false;
    st->cgw_exists = st->vpn_exists = true;
}

static const struct gc_aws_op_def *const s_onprem_vpn_update_sends[] = {
    &gc_op_ec2_create_route, &gc_op_ec2_delete_route, &gc_op_ec2_create_tags, NULL};
static const char *const s_onprem_vpn_prior_attrs[] = {"id", "vpn_connection_id", "customer_gateway_id", NULL};
static const struct endless_case s_onprem_vpn_endless[] = {
    {P_READ, &gc_op_ec2_describe_transit_gateway_attachments},
};

/* gcnet_asp_connection (privatelink): `update` opens one more port (rules authorized) and renames (the endpoint's
 * tags). */
static struct gc_value *s_asp_pl_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_asp_connection;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *allowed = gc_value_new_collection(&gc_type_set_string);
    struct gc_value *ports = gc_value_new_collection(&gc_asp_type_set_number);
    struct gc_value *systems = gc_value_new_collection(&gc_type_set_string);
    if (!config || !allowed || !ports || !systems) {
        gc_value_free(config);
        gc_value_free(allowed);
        gc_value_free(ports);
        gc_value_free(systems);
        return NULL;
    }
    gc_value_set_string(config, "hub_id", CW_TGW);
    gc_value_set_string(config, "name", update ? "naruto-a-2" : "naruto-a");
    gc_value_set_string(config, "vendor", "Vendor A");
    gc_value_set_string(config, "method", "privatelink");
    gc_value_set_string(config, "service_name", CW_SERVICE);
    gc_value_append(allowed, gc_value_new_string("172.16.0.0/16"));
    gc_value_object_set(config, "allowed_cidrs", allowed);
    gc_value_append(ports, gc_value_new_int(443));
    if (update)
        gc_value_append(ports, gc_value_new_int(8443));
    gc_value_object_set(config, "ports", ports);
    gc_value_append(systems, gc_value_new_string("resident_records"));
    gc_value_object_set(config, "business_systems", systems);
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

static void s_asp_pl_setup(void *state, bool exists)
{
    struct cw_state *st = state;
    st->municipality = "mima";
    if (!exists)
        return;
    st->ep_exists = st->sg_exists = true;
    snprintf(st->perms[0], sizeof st->perms[0], "tcp|443|172.16.0.0/16");
    st->n_perms = 1;
    static const char *const tags[][2] = {{"gcnet:asp-connection", "naruto-a"},
                                          {"gcnet:asp-vendor", "Vendor A"},
                                          {"gcnet:transit-gateway-id", CW_TGW},
                                          {"gcnet:asp-systems", "resident_records"}};
    for (int i = 0; i < 4; i++) {
        snprintf(st->ep_tag_keys[i], sizeof st->ep_tag_keys[0], "%s", tags[i][0]);
        snprintf(st->ep_tag_values[i], sizeof st->ep_tag_values[0], "%s", tags[i][1]);
    }
    st->n_ep_tags = 4;
}

static const struct gc_aws_op_def *const s_asp_pl_update_sends[] = {&gc_op_ec2_authorize_security_group_ingress,
                                                                    &gc_op_ec2_create_tags, NULL};
static const char *const s_asp_pl_prior_attrs[] = {"id", "vpc_endpoint_id", "security_group_id", NULL};
static const struct endless_case s_asp_pl_endless[] = {
    {P_READ, &gc_op_ec2_describe_vpc_endpoints},
    {P_READ, &gc_op_ec2_describe_security_groups},
};

/* gcnet_dns_resolver: the example in the fake's VPC; `update` changes what changes in place: a pinned
 * address (added before the old one is removed), the rule's targets and port (UpdateResolverRule, the egress
 * rules follow), share_with (one account for another), the name (endpoints renamed, share updated) and a tag. */
static struct gc_value *s_dns_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_dns_resolver;
    const struct gc_type *rules_type = NULL;
    for (size_t i = 0; i < def->block->n_attrs; i++)
        if (strcmp(def->block->attrs[i].name, "forward_rules") == 0)
            rules_type = def->block->attrs[i].type;
    static const char *const subnets[] = {DW_SUBNET_A, DW_SUBNET_B};
    static const char *const cidrs[] = {"172.16.0.0/16"};
    static const char *const pinned[2][4] = {{"10.2.0.10", "10.2.128.10", "10.2.0.11", "10.2.128.11"},
                                             {"10.2.0.10", "10.2.128.10", "10.2.0.12", "10.2.128.11"}};
    static const char *const targets[2][2] = {{"172.16.1.53", "172.16.2.53"}, {"172.16.3.53", "172.16.2.53"}};
    static const char *const zones[] = {DW_ZONE};
    const char *share[] = {update ? "222222222222" : "111111111111"};
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *rules = rules_type ? gc_value_new_collection(rules_type) : NULL;
    struct gc_value *rule = rules_type ? gc_value_new_object(rules_type->elem) : NULL;
    struct gc_value *t = gc_value_new_collection(&gc_type_map_string);
    if (!config || !rules || !rule || !t) {
        gc_value_free(config);
        gc_value_free(rules);
        gc_value_free(rule);
        gc_value_free(t);
        return NULL;
    }
    gc_value_set_string(config, "vpc_id", DW_VPC_ID);
    gc_value_object_set(config, "subnet_ids", gc_value_new_string_list(&gc_type_list_string, subnets, 2));
    gc_value_set_string(config, "name", update ? "naruto-dns-2" : "naruto-dns");
    gc_value_object_set(config, "allowed_cidrs", gc_value_new_string_list(&gc_type_set_string, cidrs, 1));
    gc_value_object_set(config, "inbound_ips", gc_value_new_string_list(&gc_type_list_string, pinned[update], 4));
    gc_value_object_set(rule, "target_ips", gc_value_new_string_list(&gc_type_list_string, targets[update], 2));
    gc_value_set_int64(rule, "port", update ? 5353 : 53);
    gc_value_set_int64(rule, "outbound_endpoint", 0);
    gc_value_map_put(rules, "naruto.local", rule);
    gc_value_object_set(config, "forward_rules", rules);
    gc_value_object_set(config, "share_with", gc_value_new_string_list(&gc_type_set_string, share, 1));
    gc_value_object_set(config, "hosted_zone_ids", gc_value_new_string_list(&gc_type_set_string, zones, 1));
    gc_value_map_put(t, "env", gc_value_new_string(update ? "prod" : "test"));
    gc_value_object_set(config, "tags", t);
    gc_value_object_set(config, "timeouts", s_short_timeouts(def));
    return config;
}

/* The world as the baseline create left it: read, update and delete start from it. */
static struct dw_state s_dns_built;

static void s_dns_created(const void *state)
{
    s_dns_built = *(const struct dw_state *)state;
}

static void s_dns_setup(void *state, bool exists)
{
    if (exists)
        *(struct dw_state *)state = s_dns_built;
}

static const struct gc_aws_op_def *const s_dns_update_sends[] = {
    &gc_op_route53resolver_associate_resolver_endpoint_ip_address,
    &gc_op_route53resolver_disassociate_resolver_endpoint_ip_address,
    &gc_op_route53resolver_update_resolver_rule,
    &gc_op_route53resolver_update_resolver_endpoint,
    &gc_op_route53resolver_tag_resource,
    &gc_op_ec2_authorize_security_group_egress,
    &gc_op_ec2_revoke_security_group_egress,
    &gc_op_ec2_create_tags,
    &gc_op_ram_associate_resource_share,
    &gc_op_ram_disassociate_resource_share,
    &gc_op_ram_update_resource_share,
    NULL,
};
static const char *const s_dns_prior_attrs[] = {"id", "resource_share_arn", NULL};
/* gc_aws_op_call_all gives up after 1000 pages */
static const struct endless_case s_dns_endless[] = {
    {P_READ, &gc_op_route53resolver_list_resolver_endpoints},
    {P_READ, &gc_op_route53resolver_list_resolver_rules},
    {P_DELETE, &gc_op_ec2_describe_security_groups},
};

static const struct resource_case s_resources[] = {
    {"municipality_hub", &gc_resource_municipality_hub, s_hub_config, hw_answers, &hw_n_answers,
     sizeof(struct hw_state), s_hub_update_sends, s_hub_prior_attrs, s_hub_endless,
     sizeof s_hub_endless / sizeof s_hub_endless[0], NULL, 0, NULL},
    {"private_ca", &gc_resource_private_ca, s_ca_config, pw_answers, &pw_n_answers, sizeof(struct pw_state),
     s_ca_update_sends, s_ca_prior_attrs, s_ca_endless, sizeof s_ca_endless / sizeof s_ca_endless[0], s_ca_setup, 0,
     NULL},
    {"certificate", &gc_resource_certificate, s_cert_config, pw_answers, &pw_n_answers, sizeof(struct pw_state), NULL,
     s_cert_prior_attrs, NULL, 0, s_cert_setup, 1, NULL},
    {"asp_connection", &gc_resource_asp_connection, s_asp_config, cw_answers, &cw_n_answers, sizeof(struct cw_state),
     s_asp_update_sends, s_asp_prior_attrs, s_asp_endless, sizeof s_asp_endless / sizeof s_asp_endless[0], s_asp_setup,
     0, NULL},
    {"asp_privatelink", &gc_resource_asp_connection, s_asp_pl_config, cw_answers, &cw_n_answers,
     sizeof(struct cw_state), s_asp_pl_update_sends, s_asp_pl_prior_attrs, s_asp_pl_endless,
     sizeof s_asp_pl_endless / sizeof s_asp_pl_endless[0], s_asp_pl_setup, 3, NULL},
    {"asp_peering", &gc_resource_asp_connection, s_asp_peer_config, cw_answers, &cw_n_answers, sizeof(struct cw_state),
     s_asp_peer_update_sends, s_asp_peer_prior_attrs, s_asp_endless, sizeof s_asp_endless / sizeof s_asp_endless[0],
     s_asp_peer_setup, 0, NULL},
    {"onprem_link", &gc_resource_onprem_link, s_onprem_config, ow_answers, &ow_n_answers, sizeof(struct ow_state),
     s_onprem_update_sends, s_onprem_prior_attrs, s_onprem_endless,
     sizeof s_onprem_endless / sizeof s_onprem_endless[0], s_onprem_setup, 0, NULL},
    {"onprem_peering", &gc_resource_onprem_link, s_onprem_peering_config, ow_answers, &ow_n_answers,
     sizeof(struct ow_state), s_onprem_peering_update_sends, s_onprem_peering_prior_attrs, s_onprem_peering_endless,
     sizeof s_onprem_peering_endless / sizeof s_onprem_peering_endless[0], s_onprem_peering_setup, 0, NULL},
    {"onprem_proposal", &gc_resource_onprem_link, s_onprem_proposal_config, ow_answers, &ow_n_answers,
     sizeof(struct ow_state), s_onprem_proposal_update_sends, s_onprem_proposal_prior_attrs, s_onprem_proposal_endless,
     sizeof s_onprem_proposal_endless / sizeof s_onprem_proposal_endless[0], s_onprem_proposal_setup, 0, NULL},
    {"onprem_vpn", &gc_resource_onprem_link, s_onprem_vpn_config, ow_answers, &ow_n_answers, sizeof(struct ow_state),
     s_onprem_vpn_update_sends, s_onprem_vpn_prior_attrs, s_onprem_vpn_endless,
     sizeof s_onprem_vpn_endless / sizeof s_onprem_vpn_endless[0], s_onprem_vpn_setup, 0, NULL},
    {"dns_resolver", &gc_resource_dns_resolver, s_dns_config, dw_answers, &dw_n_answers, sizeof(struct dw_state),
     s_dns_update_sends, s_dns_prior_attrs, s_dns_endless, sizeof s_dns_endless / sizeof s_dns_endless[0], s_dns_setup,
     0, s_dns_created},
};
#define N_RESOURCES (sizeof s_resources / sizeof s_resources[0])

/* ---- clocks ---- */

static _Atomic int64_t s_now_ms = 1000000; /* steps of one operation may sleep on several threads */
static int64_t s_op_now(void)
{
    return s_now_ms;
}
static void s_op_sleep(int64_t ms)
{
    s_now_ms += ms;
}

/* ---- crash attribution ---- */

static char s_current[256] = "startup";

static void s_say_current(void)
{
    static const char pre[] = "\n# CRASH while running: ";
    ssize_t w = write(STDOUT_FILENO, pre, sizeof pre - 1);
    w = write(STDOUT_FILENO, s_current, strlen(s_current));
    w = write(STDOUT_FILENO, "\n", 1);
    (void)w;
}

static void s_on_signal(int sig)
{
    s_say_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ---- one phase against one fake ---- */

/* What a baseline phase sent: its operations and their first answers. */
struct phase_ops {
    const struct gc_aws_op_def *op[MAX_OPS];
    char *sample[MAX_OPS];
    size_t n;
};

/* Per resource: a complete object made by the baseline create, and what each phase sends. */
struct resource_run {
    struct gc_value *prior;
    struct phase_ops ops[P_COUNT];
};
static struct resource_run s_runs[N_RESOURCES];

struct outcome {
    int rc;
    bool error_diag;
    bool runaway;
    int calls;
};

/* A fake with the resource's answers; the handlers' state is *state (free it after the world). */
static struct fw_world *s_world(const struct resource_case *rc, void **state, enum phase phase)
{
    struct fw_world *w = NULL;
    *state = calloc(1, rc->state_size ? rc->state_size : 1);
    if (*state && rc->setup)
        rc->setup(*state, phase != P_CREATE);
    if (!*state || fw_world_new(&w) != 0 || fw_answer_table(w, rc->answers, *rc->n_answers, *state) != 0) {
        fw_world_destroy(w);
        return NULL;
    }
    return w;
}

/* Runs one phase of resource `ri` against `w`. With keep_state, the resulting state is returned in *state. */
static int s_run(size_t ri, enum phase phase, struct fw_world *w, struct outcome *out, struct gc_value **keep_state)
{
    const struct resource_case *rcase = &s_resources[ri];
    const struct gc_resource_def *def = rcase->def;
    const struct gc_value *prior = s_runs[ri].prior;
    int result = -1;
    struct fake_aws clock;
    struct gc_diags diags;
    struct gc_path_list replace = {0};
    struct gc_value *planned = NULL, *state = NULL, *config = NULL;
    memset(&clock, 0, sizeof clock);
    gc_diags_init(&diags);
    struct gc_aws_client *aws = fake_aws_client(&clock, "ap-northeast-1", "http://fake.test", NULL, 0);
    struct gc_value *defaults = gc_value_new_collection(&gc_type_map_string);
    struct gc_provider prov = {.aws = aws, .default_tags = defaults, .region = (char *)"ap-northeast-1"};
    /* the plan runs without AWS: plan-time checks that read AWS (gcnet_asp_connection's) are not what is under
     * test here, and a hostile answer must reach the apply step it was recorded for */
    struct gc_provider plan_prov = {.aws = NULL, .default_tags = defaults, .region = (char *)"ap-northeast-1"};
    if (!aws || !defaults)
        goto cleanup;
    struct gc_http_transport tr = fw_world_transport(w);
    gc_aws_client_set_transport(aws, &tr);
    gc_value_map_put(defaults, "owner", gc_value_new_string("council"));
    gc_op_set_clock(s_op_now, s_op_sleep);
    if (phase == P_CREATE || phase == P_UPDATE) {
        const struct gc_value *from = phase == P_UPDATE ? prior : NULL;
        if (!(config = rcase->config(phase == P_UPDATE)) ||
            gc_plan_resource(def, &plan_prov, from, config, config, &planned, &replace, &diags) != 0) {
            printf("# plan failed: %s\n", diags.n ? diags.items[0].detail : "?");
            /* a plan that reads AWS (the certificate's CA) may fail on a hostile answer: cleanly, with an error */
            if (config && fw_n_calls(w) > 0 && gc_diags_has_error(&diags)) {
                out->rc = -1;
                out->error_diag = true;
                out->calls = (int)fw_n_calls(w);
                result = 0;
            }
            goto cleanup;
        }
        if (phase == P_UPDATE && replace.n != 0) {
            printf("# the update plans a replacement\n");
            goto cleanup;
        }
        out->rc = gc_apply_resource(def, &prov, from, planned, &state, &diags);
    } else if (phase == P_READ) {
        out->rc = gc_read_resource(def, &prov, prior, &state, &diags);
    } else {
        out->rc = gc_apply_resource(def, &prov, prior, NULL, &state, &diags);
    }
    out->error_diag = gc_diags_has_error(&diags);
    if (getenv("HOSTILE_VERBOSE"))
        for (size_t i = 0; i < diags.n; i++)
            printf("#   diag: %s: %s\n", diags.items[i].summary, diags.items[i].detail ? diags.items[i].detail : "");
    out->runaway = fw_runaway(w);
    out->calls = (int)fw_n_calls(w);
    if (keep_state) {
        *keep_state = state;
        state = NULL;
    }
    result = 0;
cleanup:
    gc_op_set_clock(NULL, NULL);
    gc_path_list_clean_up(&replace);
    gc_value_free(planned);
    gc_value_free(state);
    gc_value_free(config);
    gc_value_free(defaults);
    gc_diags_clean_up(&diags);
    gc_aws_client_free(aws);
    fake_aws_forget(&clock);
    return result;
}

static void s_runs_clean_up(void)
{
    for (size_t r = 0; r < N_RESOURCES; r++) {
        for (int p = 0; p < P_COUNT; p++) {
            for (size_t i = 0; i < s_runs[r].ops[p].n; i++)
                free(s_runs[r].ops[p].sample[i]);
            s_runs[r].ops[p].n = 0;
        }
        gc_value_free(s_runs[r].prior);
        s_runs[r].prior = NULL;
    }
}

static bool s_phase_sent(const struct phase_ops *ops, const struct gc_aws_op_def *op)
{
    for (size_t i = 0; i < ops->n; i++)
        if (ops->op[i] == op)
            return true;
    return false;
}

/* Copies what the world saw into *ops. */
static void s_keep_seen(struct phase_ops *ops, const struct fw_world *w)
{
    for (size_t i = 0; i < fw_n_seen(w) && ops->n < MAX_OPS; i++) {
        const struct gc_aws_op_def *op = fw_seen_at(w, i);
        ops->op[ops->n] = op;
        ops->sample[ops->n] = strdup(fw_sample(w, op));
        ops->n++;
    }
}

/* The baseline: every phase of every resource succeeds against the untouched fake, answering every call, and
 * records which operations it uses. */
GC_TEST(baseline_phases_succeed)
{
    for (size_t r = 0; r < N_RESOURCES; r++) {
        const struct resource_case *rcase = &s_resources[r];
        for (int p = 0; p < P_COUNT; p++) {
            void *state = NULL;
            struct fw_world *w = s_world(rcase, &state, (enum phase)p);
            struct outcome o = {0};
            snprintf(s_current, sizeof s_current, "%s: baseline %s", rcase->name, s_phase_names[p]);
            int rc = w ? s_run(r, (enum phase)p, w, &o, p == P_CREATE ? &s_runs[r].prior : NULL) : -1;
            int unanswered = w ? fw_n_unanswered(w) : -1;
            if (w && p == P_CREATE && rcase->created)
                rcase->created(state);
            if (w)
                s_keep_seen(&s_runs[r].ops[p], w);
            fw_world_destroy(w);
            free(state);
            printf("# %s: baseline %s: rc %d, %d calls, %zu operations\n", rcase->name, s_phase_names[p], o.rc, o.calls,
                   s_runs[r].ops[p].n);
            ASSERT_INT_EQ(rc, 0);
            ASSERT_INT_EQ(o.rc, 0);
            ASSERT_FALSE(o.error_diag);
            ASSERT_FALSE(o.runaway);
            ASSERT_INT_EQ(unanswered, 0);
            /* the update of a resource whose in-place changes call nothing (min_ops 1) may send nothing */
            ASSERT_TRUE(s_runs[r].ops[p].n >= (rcase->min_ops ? (p == P_UPDATE ? 0 : rcase->min_ops) : 5));
        }
        ASSERT_TRUE(s_runs[r].prior != NULL);
        /* the update really changes things in place, so that hostile answers meet every kind of change */
        for (size_t i = 0; rcase->update_sends && rcase->update_sends[i]; i++) {
            if (!s_phase_sent(&s_runs[r].ops[P_UPDATE], rcase->update_sends[i]))
                printf("# %s: the update sent no %s\n", rcase->name, rcase->update_sends[i]->name);
            ASSERT_TRUE(s_phase_sent(&s_runs[r].ops[P_UPDATE], rcase->update_sends[i]));
        }
        gc_value_object_set(s_runs[r].prior, "timeouts", s_short_timeouts(rcase->def));
        for (size_t i = 0; rcase->prior_attrs && rcase->prior_attrs[i]; i++) {
            if (!gc_value_get_string(s_runs[r].prior, rcase->prior_attrs[i]))
                printf("# %s: the baseline create left %s unset\n", rcase->name, rcase->prior_attrs[i]);
            ASSERT_TRUE(gc_value_get_string(s_runs[r].prior, rcase->prior_attrs[i]) != NULL);
        }
    }
    ASSERT_STR_EQ(gc_value_get_string(s_runs[0].prior, "id"), HW_TGW_ID);
}

/* ---- hostile and failing answers ---- */

struct tally {
    int runs, ok, failed_cleanly, bad;
    int by_kind_runs[FH_COUNT], by_kind_fail[FH_COUNT];
    double by_kind_s[FH_COUNT];
};
static struct tally s_tally;

static double s_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Counts one run's outcome; a bad one is printed. */
static void s_judge(struct tally *t, int run_rc, const struct outcome *o, int kind)
{
    t->runs++;
    bool good = run_rc == 0 && !o->runaway && (o->rc == 0 || o->error_diag);
    if (!good) {
        t->bad++;
        if (t->bad <= 20)
            printf("# BAD: %s: rc %d, error diag %d, runaway %d, %d calls\n", s_current, o->rc, o->error_diag,
                   o->runaway, o->calls);
    } else if (o->rc == 0) {
        t->ok++;
    } else {
        t->failed_cleanly++;
        if (kind >= 0)
            t->by_kind_fail[kind]++;
    }
}

/* One run of phase p of resource r with op's answers replaced by variant v. */
static void s_one(struct tally *t, size_t r, enum phase p, const struct gc_aws_op_def *op, const struct fh_variant *v)
{
    void *state = NULL;
    struct fw_world *w = s_world(&s_resources[r], &state, p);
    struct outcome o = {0};
    snprintf(s_current, sizeof s_current, "%s: phase %s, op %s, variant %s #%zu, status %ld", s_resources[r].name,
             s_phase_names[p], op->name, fh_kind_name(v->kind), v->index, v->status);
    if (getenv("HOSTILE_VERBOSE"))
        printf("# %s\n", s_current);
    double t0 = s_seconds();
    int run_rc = w && fw_hostile(w, op, v) == 0 ? s_run(r, p, w, &o, NULL) : -1;
    t->by_kind_s[v->kind] += s_seconds() - t0;
    if (getenv("HOSTILE_SLOW") && s_seconds() - t0 > 0.5)
        printf("# slow (%.1f s, %d calls): %s\n", s_seconds() - t0, o.calls, s_current);
    t->by_kind_runs[v->kind]++;
    s_judge(t, run_rc, &o, (int)v->kind);
    fw_world_destroy(w);
    free(state);
}

static void s_phase_hostile(size_t r, enum phase p, bool random)
{
    const struct phase_ops *ops = &s_runs[r].ops[p];
    for (size_t i = 0; i < ops->n; i++) {
        const struct gc_aws_op_def *op = ops->op[i];
        if (random) {
            size_t n_random = getenv("HOSTILE_RANDOM") ? strtoul(getenv("HOSTILE_RANDOM"), NULL, 10) : N_RANDOM;
            for (size_t seed = 1; seed <= n_random; seed++) {
                struct fh_variant v = {FH_RANDOM, seed + 1000 * (size_t)p + 100000 * i + 10000000 * r, 200, 0};
                s_one(&s_tally, r, p, op, &v);
            }
            continue;
        }
        size_t n = fh_count(ops->sample[i]);
        for (int k = FH_REMOVE; k <= FH_DUP; k++)
            for (size_t e = 0; e < n; e++) {
                struct fh_variant v = {(enum fh_kind)k, e, 200, 0};
                s_one(&s_tally, r, p, op, &v);
            }
        for (int k = FH_HALF; k < FH_RANDOM; k++) {
            if (k == FH_TOKEN_COUNTING)
                continue; /* endless_next_token_is_bounded */
            /* a delete deletes and waits for every one of 1000 (equal) listed objects: 1000 waits each parsing
             * 1000 items is quadratic and slow under ASan, so there only the first answer has 1000 items */
            int max_calls = k == FH_MANY_ITEMS && p == P_DELETE ? 1 : 0;
            struct fh_variant v = {(enum fh_kind)k, 0, fh_kind_status((enum fh_kind)k), max_calls};
            s_one(&s_tally, r, p, op, &v);
        }
    }
}

static void s_summary(const char *what, const struct tally *before)
{
    printf("# %s: %d runs, %d succeeded, %d failed with a diagnostic, %d bad\n", what, s_tally.runs - before->runs,
           s_tally.ok - before->ok, s_tally.failed_cleanly - before->failed_cleanly, s_tally.bad - before->bad);
}

GC_TEST(hostile_table_every_phase)
{
    int runs_before = s_tally.runs, failed_before = s_tally.failed_cleanly;
    for (size_t r = 0; r < N_RESOURCES; r++) {
        ASSERT_TRUE(s_runs[r].prior != NULL);
        for (int p = 0; p < P_COUNT; p++) {
            struct tally before = s_tally;
            s_phase_hostile(r, (enum phase)p, false);
            char what[128];
            snprintf(what, sizeof what, "%s: table, %s (%zu operations)", s_resources[r].name, s_phase_names[p],
                     s_runs[r].ops[p].n);
            s_summary(what, &before);
        }
    }
    ASSERT_INT_EQ(s_tally.bad, 0);
    ASSERT_TRUE(s_tally.runs - runs_before > 500);
    ASSERT_TRUE(s_tally.failed_cleanly > failed_before); /* the variants do bite */
}

GC_TEST(hostile_random_mutations)
{
    int bad_before = s_tally.bad;
    for (size_t r = 0; r < N_RESOURCES; r++) {
        ASSERT_TRUE(s_runs[r].prior != NULL);
        for (int p = 0; p < P_COUNT; p++) {
            struct tally before = s_tally;
            s_phase_hostile(r, (enum phase)p, true);
            char what[128];
            snprintf(what, sizeof what, "%s: random, %s", s_resources[r].name, s_phase_names[p]);
            s_summary(what, &before);
        }
    }
    for (int k = 0; k < FH_COUNT; k++)
        if (s_tally.by_kind_runs[k])
            printf("# variant %-13s %5d runs, %5d failed with a diagnostic, %.1f s\n", fh_kind_name((enum fh_kind)k),
                   s_tally.by_kind_runs[k], s_tally.by_kind_fail[k], s_tally.by_kind_s[k]);
    ASSERT_INT_EQ(s_tally.bad, bad_before);
}

static const char s_ec2_error[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>InternalError</Code><Message>An "
    "internal error has occurred</Message></Error></Errors><RequestID>req-partial</RequestID></Response>";
static const char s_query_error[] =
    "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>An internal error has occurred"
    "</Message></Error><RequestId>req-partial</RequestId></ErrorResponse>";
static const char s_json_error[] = "{\"__type\": \"ServerInternalException\", \"message\": \"An internal error\"}";

/* Partial failure: each operation of each phase answers an AWS error (400, not retried) once, then on every call.
 * The run goes on or stops, but never silently: rc 0, or rc != 0 with an error diagnostic. */
GC_TEST(partial_failure_every_operation)
{
    struct tally t = {0};
    for (size_t r = 0; r < N_RESOURCES; r++) {
        for (int p = 0; p < P_COUNT; p++) {
            const struct phase_ops *ops = &s_runs[r].ops[p];
            for (size_t i = 0; i < ops->n; i++) {
                enum gc_aws_wire_protocol proto = ops->op[i]->service->protocol;
                const char *body = proto == GC_WIRE_EC2     ? s_ec2_error
                                   : proto == GC_WIRE_QUERY ? s_query_error
                                                            : s_json_error;
                static const int times[] = {1, 1000};
                for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
                    void *state = NULL;
                    struct fw_world *w = s_world(&s_resources[r], &state, (enum phase)p);
                    struct outcome o = {0};
                    snprintf(s_current, sizeof s_current, "%s: phase %s, op %s fails %d times", s_resources[r].name,
                             s_phase_names[p], ops->op[i]->name, times[k]);
                    int run_rc = w && fw_fail(w, ops->op[i], 400, body, times[k]) == 0
                                     ? s_run(r, (enum phase)p, w, &o, NULL)
                                     : -1;
                    bool failed_seen = w && fw_n_failed(w) > 0;
                    s_judge(&t, run_rc, &o, -1);
                    fw_world_destroy(w);
                    free(state);
                    ASSERT_TRUE(failed_seen); /* the operation was called and did fail */
                }
            }
        }
    }
    printf("# partial failure: %d runs, %d succeeded, %d failed with a diagnostic, %d bad\n", t.runs, t.ok,
           t.failed_cleanly, t.bad);
    ASSERT_INT_EQ(t.bad, 0);
    ASSERT_TRUE(t.failed_cleanly > 0);
}

/* A NextToken that changes on every page: each pager gives up after its page limit with an error, rather than
 * paging forever. */
GC_TEST(endless_next_token_is_bounded)
{
    for (size_t r = 0; r < N_RESOURCES; r++) {
        ASSERT_TRUE(s_runs[r].prior != NULL);
        for (size_t i = 0; i < s_resources[r].n_endless; i++) {
            const struct endless_case *c = &s_resources[r].endless[i];
            void *state = NULL;
            struct fw_world *w = s_world(&s_resources[r], &state, c->phase);
            struct fh_variant v = {FH_TOKEN_COUNTING, 0, 200, 0};
            struct outcome o = {0};
            snprintf(s_current, sizeof s_current, "%s: endless NextToken, %s", s_resources[r].name, c->op->name);
            int run_rc = -1;
            if (w && fw_hostile(w, c->op, &v) == 0) {
                fw_set_call_limit(w, 25000);
                run_rc = s_run(r, c->phase, w, &o, NULL);
            }
            int pages = w ? fw_count(w, c->op) : 0;
            fw_world_destroy(w);
            free(state);
            printf("# endless NextToken on %s: rc %d after %d calls (%d of them pages)\n", c->op->name, o.rc, o.calls,
                   pages);
            ASSERT_INT_EQ(run_rc, 0);
            ASSERT_TRUE(o.rc != 0);
            ASSERT_TRUE(o.error_diag);
            ASSERT_FALSE(o.runaway);
            ASSERT_TRUE(pages <= 10001);
        }
    }
}

/* The mutators themselves: removing an element / key really removes it. */
GC_TEST(mutators_do_what_they_say)
{
    const char *x = "<R><a>1</a><b><item><c>2</c></item></b><d/></R>";
    ASSERT_INT_EQ(fh_count(x), 6);
    struct fh_variant rm = {FH_REMOVE, 2, 200, 0}, empty = {FH_EMPTY, 2, 200, 0}, many = {FH_MANY_ITEMS, 0, 200, 0};
    struct fh_text t = fh_apply(&rm, x, 1);
    ASSERT_STR_EQ(t.p, "<R><a>1</a><d/></R>");
    free(t.p);
    t = fh_apply(&empty, x, 1);
    ASSERT_STR_EQ(t.p, "<R><a>1</a><b/><d/></R>");
    free(t.p);
    t = fh_apply(&many, x, 1);
    ASSERT_INT_EQ(t.len, strlen(x) + 1000 * strlen("<item><c>2</c></item>"));
    free(t.p);
    const char *j = "{\"a\": 1, \"b\": {\"c\": [1, 2]}, \"d\": \"x\"}";
    ASSERT_INT_EQ(fh_count(j), 4);
    struct fh_variant jrm = {FH_REMOVE, 1, 200, 0}, jlast = {FH_REMOVE, 3, 200, 0};
    t = fh_apply(&jrm, j, 1);
    ASSERT_STR_EQ(t.p, "{\"a\": 1, \"d\": \"x\"}");
    free(t.p);
    t = fh_apply(&jlast, j, 1);
    ASSERT_STR_EQ(t.p, "{\"a\": 1, \"b\": {\"c\": [1, 2]}}");
    free(t.p);
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    FILE *probe = fopen("create_tgw.xml", "rb");
    if (!probe) {
        printf("Bail out! fixtures not found: run in tests/unit/aws/ec2-fixtures\n");
        return 1;
    }
    fclose(probe);
    signal(SIGSEGV, s_on_signal);
    signal(SIGBUS, s_on_signal);
    signal(SIGABRT, s_on_signal);
    signal(SIGFPE, s_on_signal);
#ifdef S_HAVE_SANITIZER
    __sanitizer_set_death_callback(s_say_current);
#endif
    static const struct gc_test_case cases[] = {
        GC_CASE(mutators_do_what_they_say),       GC_CASE(baseline_phases_succeed),
        GC_CASE(hostile_table_every_phase),       GC_CASE(hostile_random_mutations),
        GC_CASE(partial_failure_every_operation), GC_CASE(endless_next_token_is_bounded),
    };
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    s_runs_clean_up();
    snprintf(s_current, sizeof s_current, "exit (after all cases)");
    return rc;
}
