/* gcnet_asp_connection, method "privatelink": an interface VPC endpoint in the hub's operations VPC (both of its
 * subnets) to the ASP's endpoint service, behind a security group of gcnet's that lets `allowed_cidrs` (the
 * premises) in on `ports`. The premises reach the endpoint's addresses through the ops VPC, which the hub already
 * propagates into onprem; no Transit Gateway route changes.
 *
 * The endpoint carries the connection's bookkeeping tags (import by vpce-… rebuilds the state from them) and the
 * group is found by its name "gcnet-<name>", so an interrupted create adopts both. An endpoint the ASP has not
 * accepted yet is pendingAcceptance: the apply ends there (not an error) and a later refresh shows it available.
 * Drift of the group's rules shows as allowed_cidrs / ports losing the entries whose rules are incomplete, and
 * the next apply authorizes them again; destroy deletes the endpoint and the group, never the ASP's service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_ec2.h"
#include "base/gc_log.h"
#include "framework/gc_import.h"
#include "resources/asp_connection.h"
#include "resources/conn_endpoint.h"
#include "resources/conn_model.h"
#include "resources/hub_model.h"

#define S_SG_PREFIX "gcnet-"
#define S_MAX_PORTS 64

/* ---- what the configuration wants ---- */

/* allowed_cidrs × ports as "tcp|port|cidr" keys. */
static json_t *s_wanted_perms(const struct gc_value *planned)
{
    const struct gc_value *cidrs = gc_value_object_get(planned, "allowed_cidrs");
    const struct gc_value *ports = gc_value_object_get(planned, "ports");
    json_t *out = json_array();
    char key[96];
    for (size_t i = 0; out && i < gc_value_length(cidrs); i++) {
        const char *c = gc_value_string(gc_value_index(cidrs, i));
        for (size_t k = 0; c && out && k < gc_value_length(ports); k++) {
            int64_t port = 0;
            if (gc_value_int64(gc_value_index(ports, k), &port) != 0)
                continue;
            if (gc_conn_perm_key(key, sizeof key, (long)port, c) != 0 ||
                json_array_append_new(out, json_string(key)) != 0) {
                json_decref(out);
                out = NULL;
            }
        }
    }
    return out;
}

/* ---- state ---- */

static struct gc_value *s_json_list(const json_t *array)
{
    const char *items[64] = {0};
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(array) && n < 64; i++)
        if (json_string_value(json_array_get(array, i)))
            items[n++] = json_string_value(json_array_get(array, i));
    return gc_value_new_string_list(&gc_type_list_string, items, n);
}

/* The endpoint's computed attributes on `s`, and the other methods' set null. */
static int s_set_endpoint(struct gc_value *s, const struct gc_conn_endpoint *ep)
{
    int rc = 0;
    rc |= gc_value_set_string(s, "id", ep->id);
    rc |= gc_value_set_string(s, "vpc_endpoint_id", ep->id);
    rc |= gc_value_set_string(s, "state", ep->state);
    rc |= gc_value_set_string(s, "security_group_id", ep->sg_id);
    rc |= gc_value_object_set(s, "dns_names", s_json_list(ep->dns_names));
    rc |= gc_value_object_set(s, "ip_addresses", s_json_list(ep->ip_addresses));
    rc |= gc_value_set_string(s, "attachment_id", NULL);
    rc |= gc_value_set_string(s, "route_table_id", NULL);
    rc |= gc_value_object_set(s, "propagated_domains", gc_value_new_null(&gc_type_set_string));
    rc |= gc_value_object_set(s, "ops_vpc_routes", gc_value_new_null(&gc_type_set_string));
    return rc ? -1 : 0;
}

/* ---- create ---- */

struct s_made {
    char *sg_id;
    bool sg_new;
    char *ep_id;
};

static int s_ensure_group(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_value *planned,
                          struct s_made *made)
{
    int result = -1;
    struct gc_tags tags = {0};
    json_t *have = NULL, *want = NULL;
    char group_name[160], description[200];
    const char *name = gc_value_get_string(planned, "name");
    snprintf(group_name, sizeof group_name, S_SG_PREFIX "%s", name ? name : "asp");
    snprintf(description, sizeof description, "gcnet PrivateLink endpoint of ASP connection %s", name ? name : "asp");
    if (gc_conn_sg_find(op, hub->vpc_id, group_name, &made->sg_id) != 0)
        goto cleanup;
    if (!made->sg_id) {
        if (gc_tags_add(&tags, GC_TAG_TGW, hub->tgw_id) != 0 || gc_tags_add(&tags, GC_ASP_TAG_NAME, name) != 0) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the security group's tags.");
            goto cleanup;
        }
        if (gc_conn_sg_create(op, hub->vpc_id, group_name, description, &tags, &made->sg_id) != 0)
            goto cleanup;
        made->sg_new = true;
    }
    want = s_wanted_perms(planned);
    if (!want || gc_conn_sg_ingress(op, made->sg_id, &have) != 0 || gc_conn_sg_sync(op, made->sg_id, have, want) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the security group's rules.");
    json_decref(have);
    json_decref(want);
    gc_tags_clean_up(&tags);
    return result;
}

static int s_ensure_endpoint(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_value *planned,
                             struct s_made *made)
{
    int result = -1;
    struct gc_conn_endpoint ep = {0};
    struct gc_tags tags = {0};
    json_t *subnets = NULL;
    bool found = false;
    const char *service = gc_value_get_string(planned, "service_name");
    const char *name = gc_value_get_string(planned, "name");
    if (gc_conn_endpoint_find(op, hub->vpc_id, service, GC_ASP_TAG_NAME, name, &ep, &found) != 0)
        goto cleanup;
    if (found) {
        GC_INFO("adopting endpoint %s that an interrupted create of %s left", ep.id, name);
        made->ep_id = gc_strdup(ep.id);
        result = made->ep_id ? 0 : -1;
        goto cleanup;
    }
    if (gc_asp_wanted_tags(&tags, planned, hub->tgw_id) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the endpoint's tags.");
        goto cleanup;
    }
    if (gc_conn_hub_subnets(op, hub, &subnets) != 0)
        goto cleanup;
    if (gc_conn_endpoint_create(op, hub->vpc_id, service, subnets, made->sg_id, &tags, &made->ep_id) != 0)
        goto cleanup;
    result = 0;
cleanup:
    json_decref(subnets);
    gc_tags_clean_up(&tags);
    gc_conn_endpoint_clean_up(&ep);
    return result;
}

/* The endpoint lives in the hub's ops VPC and uses none of its routing domains. */
static const char *const s_no_domains[] = {NULL};

/* The endpoint read back into the new state (also after a failed wait: partial state). */
static int s_state_of(struct gc_op *op, const struct gc_value *planned, const char *ep_id, struct gc_value **state)
{
    struct gc_conn_endpoint ep = {0};
    bool found = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_endpoint_get(op, ep_id, &ep, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_diags_error_at(op->diags, NULL, "VPC endpoint gone", "Endpoint %s disappeared during the apply.", ep_id);
        goto cleanup;
    }
    *state = gc_value_copy(planned);
    if (!*state || s_set_endpoint(*state, &ep) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record endpoint %s.", ep_id);
        goto cleanup;
    }
    if (ep.state && strcmp(ep.state, "pendingAcceptance") == 0)
        gc_diags_add(op->diags, GC_SEV_WARNING, NULL, "Endpoint waits for the ASP's acceptance",
                     "VPC endpoint %s to %s is pendingAcceptance: the ASP must accept the connection on its "
                     "endpoint service. A refresh then shows it available; nothing else needs applying.",
                     ep_id, ep.service_name ? ep.service_name : "?");
    result = 0;
cleanup:
    if (result != 0) {
        gc_value_free(*state);
        *state = NULL;
    }
    gc_conn_endpoint_clean_up(&ep);
    return result;
}

int gc_asp_pl_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    struct gc_conn_hub hub = {0};
    struct s_made made = {0};
    int result = -1;
    *state = NULL;
    if (gc_conn_hub_load_required(op, gc_value_get_string(planned, "hub_id"), &hub, s_no_domains) != 0)
        goto cleanup;
    if (s_ensure_group(op, &hub, planned, &made) != 0 || s_ensure_endpoint(op, &hub, planned, &made) != 0)
        goto cleanup;
    if (gc_conn_endpoint_wait(op, made.ep_id) != 0)
        goto cleanup;
    result = s_state_of(op, planned, made.ep_id, state);
cleanup:
    if (result != 0 && made.ep_id && !*state) {
        /* partial state: the endpoint exists, so it goes into state (tainted) for destroy to remove */
        *state = gc_value_copy(planned);
        struct gc_conn_endpoint ep = {.id = made.ep_id, .sg_id = made.sg_id};
        if (*state && s_set_endpoint(*state, &ep) != 0) {
            gc_value_free(*state);
            *state = NULL;
        }
    } else if (result != 0 && made.sg_new) {
        gc_conn_sg_delete(op, made.sg_id); /* nothing uses the new group: leave nothing behind */
    }
    free(made.sg_id);
    free(made.ep_id);
    gc_conn_hub_clean_up(&hub);
    return result;
}

/* ---- update ---- */

int gc_asp_pl_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                     struct gc_value **state)
{
    struct gc_conn_endpoint ep = {0};
    json_t *have = NULL, *want = NULL;
    const char *id = gc_value_get_string(prior, "id");
    bool found = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_endpoint_get(op, id, &ep, &found) != 0)
        goto cleanup;
    if (!found) {
        gc_diags_error_at(op->diags, NULL, "VPC endpoint gone",
                          "Endpoint %s no longer exists: refresh, and the next apply creates it again.", id);
        goto cleanup;
    }
    if (gc_asp_retag(op, ep.id, &ep.tags, planned, gc_value_get_string(planned, "hub_id")) != 0)
        goto cleanup;
    const char *sg = ep.sg_id ? ep.sg_id : gc_value_get_string(prior, "security_group_id");
    want = s_wanted_perms(planned);
    if (!want || !sg) {
        gc_diags_error_at(op->diags, "allowed_cidrs", "No security group",
                          "Endpoint %s has no security group to hold the rules (it was detached outside "
                          "Terraform): replace the connection.",
                          id);
        goto cleanup;
    }
    if (gc_conn_sg_ingress(op, sg, &have) != 0 || gc_conn_sg_sync(op, sg, have, want) != 0)
        goto cleanup;
    if (gc_conn_endpoint_wait(op, id) != 0)
        goto cleanup;
    result = s_state_of(op, planned, id, state);
cleanup:
    json_decref(have);
    json_decref(want);
    gc_conn_endpoint_clean_up(&ep);
    return result;
}

/* ---- read ---- */

struct s_rules {
    const char *cidrs[S_MAX_PORTS];
    size_t n_cidrs;
    long ports[S_MAX_PORTS];
    size_t n_ports;
};

static void s_rules_add_cidr(struct s_rules *r, const char *c)
{
    for (size_t i = 0; i < r->n_cidrs; i++)
        if (strcmp(r->cidrs[i], c) == 0)
            return;
    if (r->n_cidrs < S_MAX_PORTS)
        r->cidrs[r->n_cidrs++] = c;
}

static void s_rules_add_port(struct s_rules *r, long p)
{
    for (size_t i = 0; i < r->n_ports; i++)
        if (r->ports[i] == p)
            return;
    if (r->n_ports < S_MAX_PORTS)
        r->ports[r->n_ports++] = p;
}

static bool s_has_rule(const json_t *keys, long port, const char *cidr)
{
    char key[96];
    return gc_conn_perm_key(key, sizeof key, port, cidr) == 0 && gc_conn_json_has(keys, key);
}

/* allowed_cidrs and ports from the group's rules: a range (a port) counts when it is open on every candidate
 * port (for every candidate range). Candidates: the prior values and what the rules name. So a removed rule
 * drops its range and port from state and the plan puts them back. */
static int s_fill_rules(struct gc_value *s, const struct gc_value *prior, const json_t *keys)
{
    struct s_rules cand = {0}, got = {0};
    const struct gc_value *pc = gc_value_object_get(prior, "allowed_cidrs");
    const struct gc_value *pp = gc_value_object_get(prior, "ports");
    for (size_t i = 0; gc_value_is_known(pc) && i < gc_value_length(pc); i++)
        if (gc_value_string(gc_value_index(pc, i)))
            s_rules_add_cidr(&cand, gc_value_string(gc_value_index(pc, i)));
    for (size_t i = 0; gc_value_is_known(pp) && i < gc_value_length(pp); i++) {
        int64_t p = 0;
        if (gc_value_int64(gc_value_index(pp, i), &p) == 0)
            s_rules_add_port(&cand, (long)p);
    }
    for (size_t i = 0; i < json_array_size(keys); i++) {
        const char *k = json_string_value(json_array_get(keys, i));
        const char *bar = k && strncmp(k, "tcp|", 4) == 0 ? strchr(k + 4, '|') : NULL;
        if (!bar)
            continue;
        s_rules_add_port(&cand, strtol(k + 4, NULL, 10));
        s_rules_add_cidr(&cand, bar + 1);
    }
    for (size_t i = 0; i < cand.n_cidrs; i++) {
        bool all = cand.n_ports > 0;
        for (size_t k = 0; all && k < cand.n_ports; k++)
            all = s_has_rule(keys, cand.ports[k], cand.cidrs[i]);
        if (all)
            s_rules_add_cidr(&got, cand.cidrs[i]);
    }
    for (size_t k = 0; k < cand.n_ports; k++) {
        bool all = cand.n_cidrs > 0;
        for (size_t i = 0; all && i < cand.n_cidrs; i++)
            all = s_has_rule(keys, cand.ports[k], cand.cidrs[i]);
        if (all)
            s_rules_add_port(&got, cand.ports[k]);
    }
    struct gc_value *ports = gc_value_new_collection(&gc_asp_type_set_number);
    for (size_t k = 0; ports && k < got.n_ports; k++)
        if (gc_value_append(ports, gc_value_new_int(got.ports[k])) != 0) {
            gc_value_free(ports);
            ports = NULL;
        }
    int rc = gc_value_object_set(s, "ports", ports);
    rc |=
        gc_value_object_set(s, "allowed_cidrs", gc_value_new_string_list(&gc_type_set_string, got.cidrs, got.n_cidrs));
    return rc ? -1 : 0;
}

int gc_asp_pl_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    struct gc_conn_endpoint ep = {0};
    json_t *keys = NULL;
    const char *id = gc_value_get_string(prior, "id");
    bool found = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_endpoint_get(op, id, &ep, &found) != 0)
        goto cleanup;
    if (!found) {
        result = 0; /* deleted outside Terraform: the next apply creates it again */
        goto cleanup;
    }
    if (ep.sg_id && gc_conn_sg_ingress(op, ep.sg_id, &keys) != 0)
        goto cleanup;
    *state = gc_value_copy(prior);
    int rc = *state ? 0 : -1;
    if (rc == 0) {
        const char *tgw = gc_tags_find(&ep.tags, GC_TAG_TGW);
        rc |= gc_value_set_string(*state, "method", "privatelink");
        rc |= gc_value_set_string(*state, "service_name", ep.service_name);
        if (tgw)
            rc |= gc_value_set_string(*state, "hub_id", tgw);
        rc |= gc_asp_fill_from_tags(*state, &ep.tags);
        rc |= gc_value_object_set(*state, "cidrs", gc_value_new_null(&gc_type_set_string));
        rc |= s_set_endpoint(*state, &ep);
        rc |= s_fill_rules(*state, prior, keys);
    }
    if (rc != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read endpoint %s.", id);
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(keys);
    gc_conn_endpoint_clean_up(&ep);
    return result;
}

/* ---- delete ---- */

int gc_asp_pl_delete(struct gc_op *op, const struct gc_value *prior)
{
    struct gc_conn_endpoint ep = {0};
    char *sg = NULL;
    const char *id = gc_value_get_string(prior, "id");
    const char *prior_sg = gc_value_get_string(prior, "security_group_id");
    bool found = false;
    int result = -1;
    if (gc_conn_endpoint_get(op, id, &ep, &found) != 0)
        goto cleanup;
    sg = ep.sg_id ? gc_strdup(ep.sg_id) : prior_sg ? gc_strdup(prior_sg) : NULL;
    if (found && gc_conn_endpoint_delete(op, id) != 0)
        goto cleanup;
    /* the group is gcnet's own; the endpoint service stays the ASP's */
    if (sg && gc_conn_sg_delete(op, sg) != 0)
        goto cleanup;
    GC_INFO("deleted endpoint %s and its security group %s", id, sg ? sg : "-");
    result = 0;
cleanup:
    free(sg);
    gc_conn_endpoint_clean_up(&ep);
    return result;
}

/* ---- import ---- */

int gc_asp_pl_import(struct gc_op *op, const char *id, const struct gc_block_def *block, struct gc_value **state)
{
    struct gc_conn_endpoint ep = {0};
    bool found = false;
    int result = -1;
    *state = NULL;
    if (gc_conn_endpoint_get(op, id, &ep, &found) != 0)
        goto cleanup;
    const char *tgw = found ? gc_tags_find(&ep.tags, GC_TAG_TGW) : NULL;
    if (!found) {
        gc_import_missing(op, "No VPC endpoint %s exists in this account and region.", id);
        goto cleanup;
    }
    if (!tgw || !gc_tags_find(&ep.tags, GC_ASP_TAG_NAME)) {
        gc_diags_error_at(op->diags, NULL, "Not a gcnet ASP endpoint",
                          "VPC endpoint %s carries no " GC_TAG_TGW " and " GC_ASP_TAG_NAME
                          " tags: gcnet_asp_connection imports the endpoints it made.",
                          id);
        goto cleanup;
    }
    result = gc_conn_import_state(op, block, id, tgw, "privatelink", state);
cleanup:
    gc_conn_endpoint_clean_up(&ep);
    return result;
}
