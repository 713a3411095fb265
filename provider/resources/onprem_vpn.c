/* gcnet_onprem_link method vpn: a customer gateway for the premises' router and a Site-to-Site VPN connection on the
 * hub's TGW (BGP, the backup path). Both are gcnet's (tagged gcnet:transit-gateway-id) and go with the link. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "base/gc_buf.h"
#include "base/gc_log.h"
#include "framework/gc_adopt.h"
#include "framework/gc_wait.h"
#include "resources/hub_model.h"
#include "resources/onprem_link.h"

void gc_onprem_vpn_clean_up(struct gc_onprem_vpn *v)
{
    if (!v)
        return;
    free(v->id);
    free(v->state);
    free(v->customer_gateway_id);
    free(v->tgw_id);
    memset(v, 0, sizeof(*v));
}

static int s_dup(char **out, const json_t *doc, const char *path)
{
    const char *s = gc_doc_str(doc, path);
    *out = s ? gc_strdup(s) : NULL;
    return s && !*out ? -1 : 0;
}

static int s_call(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, json_t **out, bool not_found_ok)
{
    struct gc_aws_error err = {0};
    int rc = -1;
    *out = NULL;
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.", def->name);
    } else if ((rc = gc_aws_op_call(op->aws, def, in, out, &err)) != 0) {
        if (not_found_ok && gc_aws_op_is_not_found(def, &err))
            rc = 1;
        else
            gc_op_aws_error(op, &err);
    }
    gc_aws_error_clean_up(&err);
    return rc;
}

int gc_onprem_vpn_get(struct gc_op *op, const char *id, struct gc_onprem_vpn *v, bool *found)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:[s]}", "VpnConnectionIds", id ? id : "");
    int result = -1;
    *found = false;
    gc_onprem_vpn_clean_up(v);
    int rc = s_call(op, &gc_op_ec2_describe_vpn_connections, in, &out, true);
    if (rc < 0)
        goto cleanup;
    const json_t *items = gc_doc_list(out, "VpnConnections");
    for (size_t i = 0; rc == 0 && i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *vid = gc_doc_str(item, "VpnConnectionId");
        const char *state = gc_doc_str(item, "State");
        if (!vid || !id || strcmp(vid, id) != 0 || !state || strcmp(state, "deleted") == 0)
            continue;
        if (s_dup(&v->id, item, "VpnConnectionId") | s_dup(&v->state, item, "State") |
            s_dup(&v->customer_gateway_id, item, "CustomerGatewayId") | s_dup(&v->tgw_id, item, "TransitGatewayId")) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read VPN connection %s.", id);
            goto cleanup;
        }
        *found = true;
        break;
    }
    result = 0;
cleanup:
    if (result != 0)
        gc_onprem_vpn_clean_up(v);
    json_decref(in);
    json_decref(out);
    return result;
}

/* One create through gc_adopt_create (CreateCustomerGateway, CreateVpnConnection: no idempotency token): `find`
 * both looks for what an interrupted create left and serves as the look-up after an uncertain answer. */
struct s_create {
    int (*find)(struct gc_op *op, struct s_create *c, struct gc_strset *ids, struct gc_aws_error *err);
    const char *tgw_id;
    const char *ip; /* customer gateway: its address and AS number */
    const char *asn;
    const char *cgw_id; /* VPN connection: its customer gateway and Name tag */
    const char *name;
    char *id;       /* the object made or adopted */
    char *found[4]; /* ids the look-up found (borrowed by its strset) */
    size_t n_found;
};

static void s_create_clean_up(struct s_create *c)
{
    for (size_t i = 0; i < c->n_found; i++)
        free(c->found[i]);
    free(c->id);
    c->n_found = 0;
    c->id = NULL;
}

static int s_found(struct s_create *c, struct gc_strset *ids, const char *id)
{
    if (c->n_found >= sizeof c->found / sizeof c->found[0])
        return 0;
    if (!(c->found[c->n_found] = gc_strdup(id)))
        return -1;
    c->n_found++;
    return gc_strset_add(ids, c->found[c->n_found - 1]);
}

static int s_create_lookup(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err)
{
    struct s_create *c = arg;
    return c->find(op, c, ids, err);
}

/* gcnet's available customer gateways for the address and AS number on this TGW. */
static int s_cgw_find(struct gc_op *op, struct s_create *c, struct gc_strset *ids, struct gc_aws_error *err)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}, {s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name",
                           "ip-address", "Values", c->ip, "Name", "bgp-asn", "Values", c->asn, "Name", "state",
                           "Values", "available", "Name", "tag:" GC_TAG_TGW, "Values", c->tgw_id);
    int rc = -1;
    if (gc_op_call(op, &gc_op_ec2_describe_customer_gateways, in, &out, err) != 0) /* a NULL `in` is reported there */
        goto cleanup;
    const json_t *items = gc_doc_list(out, "CustomerGateways");
    rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *id = gc_doc_str(item, "CustomerGatewayId");
        const char *have_ip = gc_doc_str(item, "IpAddress");
        const char *state = gc_doc_str(item, "State");
        /* the filters are the server's: check them again */
        if (id && have_ip && state && strcmp(have_ip, c->ip) == 0 && strcmp(state, "available") == 0)
            rc = s_found(c, ids, id);
    }
cleanup:
    json_decref(out);
    return rc;
}

/* A look-up's AWS error as a diagnostic (then cleared). */
static void s_report(struct gc_op *op, struct gc_aws_error *err)
{
    if (err->code || err->message)
        gc_op_aws_error(op, err);
    gc_aws_error_clean_up(err);
}

int gc_onprem_cgw_ensure(struct gc_op *op, const char *tgw_id, const char *ip, int64_t asn, char **cgw_id)
{
    char asn_text[24];
    struct gc_strset ids = {0};
    struct gc_aws_error err = {0};
    json_t *in = NULL;
    int result = -1;
    *cgw_id = NULL;
    snprintf(asn_text, sizeof asn_text, "%lld", (long long)asn);
    struct s_create c = {.find = s_cgw_find, .tgw_id = tgw_id, .ip = ip, .asn = asn_text};
    /* reused when it exists: a gateway an interrupted create left, or one the link had before */
    if (s_cgw_find(op, &c, &ids, &err) != 0) {
        s_report(op, &err);
        goto cleanup;
    }
    if (ids.n > 0) {
        result = (*cgw_id = gc_strdup(ids.items[0])) ? 0 : -1;
        goto cleanup;
    }
    in = json_pack("{s:I, s:s, s:s, s:[{s:s, s:[{s:s, s:s}]}]}", "BgpAsn", (json_int_t)asn, "IpAddress", ip, "Type",
                   "ipsec.1", "TagSpecifications", "ResourceType", "customer-gateway", "Tags", "Key", GC_TAG_TGW,
                   "Value", tgw_id);
    struct gc_adopt_spec spec = {.operation = "CreateCustomerGateway",
                                 .what = "customer gateway",
                                 .lookup = s_create_lookup,
                                 .arg = &c,
                                 .def = &gc_op_ec2_create_customer_gateway,
                                 .in = in,
                                 .id_path = "CustomerGateway.CustomerGatewayId",
                                 .id = &c.id};
    GC_INFO("creating the customer gateway %s (AS %s) for %s", ip, asn_text, tgw_id);
    if (gc_adopt_create(op, &spec) != 0)
        goto cleanup;
    *cgw_id = c.id;
    c.id = NULL;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, "customer_gateway_ip", "Out of memory", "Could not make the customer gateway.");
    s_create_clean_up(&c);
    gc_strset_clean_up(&ids);
    json_decref(in);
    return result;
}

int gc_onprem_cgw_get(struct gc_op *op, const char *cgw_id, char **ip, int64_t *asn, bool *found)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:[s]}", "CustomerGatewayIds", cgw_id ? cgw_id : "");
    int result = -1;
    *ip = NULL;
    *asn = 0;
    *found = false;
    int rc = s_call(op, &gc_op_ec2_describe_customer_gateways, in, &out, true);
    if (rc < 0)
        goto cleanup;
    const json_t *items = gc_doc_list(out, "CustomerGateways");
    for (size_t i = 0; rc == 0 && i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *id = gc_doc_str(item, "CustomerGatewayId");
        const char *state = gc_doc_str(item, "State");
        const char *addr = gc_doc_str(item, "IpAddress");
        const char *asn_text = gc_doc_str(item, "BgpAsn");
        if (!id || strcmp(id, cgw_id) != 0 || !state || strcmp(state, "deleted") == 0)
            continue;
        if (addr && !(*ip = gc_strdup(addr)))
            goto cleanup;
        *asn = asn_text ? strtoll(asn_text, NULL, 10) : 0;
        *found = true;
        break;
    }
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read customer gateway %s.", cgw_id);
    json_decref(in);
    json_decref(out);
    return result;
}

/* gcnet's VPN connections named `name` from the customer gateway to the TGW, not being deleted. */
static int s_vpn_find(struct gc_op *op, struct s_create *c, struct gc_strset *ids, struct gc_aws_error *err)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "tag:" GC_TAG_TGW, "Values",
                           c->tgw_id, "Name", "tag:Name", "Values", c->name);
    int rc = -1;
    if (gc_op_call(op, &gc_op_ec2_describe_vpn_connections, in, &out, err) != 0) /* a NULL `in` is reported there */
        goto cleanup;
    const json_t *items = gc_doc_list(out, "VpnConnections");
    rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *id = gc_doc_str(item, "VpnConnectionId");
        const char *state = gc_doc_str(item, "State");
        const char *cgw = gc_doc_str(item, "CustomerGatewayId");
        const char *tgw = gc_doc_str(item, "TransitGatewayId");
        /* the filters are the server's: check the gateways again */
        if (id && state && cgw && tgw && strcmp(cgw, c->cgw_id) == 0 && strcmp(tgw, c->tgw_id) == 0 &&
            (strcmp(state, "pending") == 0 || strcmp(state, "available") == 0))
            rc = s_found(c, ids, id);
    }
cleanup:
    json_decref(out);
    return rc;
}

int gc_onprem_vpn_create(struct gc_op *op, const char *tgw_id, const char *cgw_id, const char *name, char **id)
{
    struct gc_strset ids = {0};
    struct gc_aws_error err = {0};
    json_t *in = NULL;
    int result = -1;
    *id = NULL;
    struct s_create c = {.find = s_vpn_find, .tgw_id = tgw_id, .cgw_id = cgw_id, .name = name ? name : ""};
    /* a VPN an interrupted create of this link left (killed before Terraform kept its id) is adopted */
    if (s_vpn_find(op, &c, &ids, &err) != 0) {
        s_report(op, &err);
        goto cleanup;
    }
    if (ids.n > 0) {
        GC_WARN("adopting VPN connection %s that an interrupted create of %s left", ids.items[0], c.name);
        result = (*id = gc_strdup(ids.items[0])) ? 0 : -1;
        goto cleanup;
    }
    in = json_pack("{s:s, s:s, s:s, s:{s:b}, s:[{s:s, s:[{s:s, s:s}, {s:s, s:s}]}]}", "CustomerGatewayId", cgw_id,
                   "Type", "ipsec.1", "TransitGatewayId", tgw_id, "Options", "StaticRoutesOnly", 0, "TagSpecifications",
                   "ResourceType", "vpn-connection", "Tags", "Key", GC_TAG_TGW, "Value", tgw_id, "Key", "Name", "Value",
                   c.name);
    struct gc_adopt_spec spec = {.operation = "CreateVpnConnection",
                                 .what = "VPN connection",
                                 .lookup = s_create_lookup,
                                 .arg = &c,
                                 .def = &gc_op_ec2_create_vpn_connection,
                                 .in = in,
                                 .id_path = "VpnConnection.VpnConnectionId",
                                 .id = &c.id};
    GC_INFO("creating a Site-to-Site VPN from %s to %s", cgw_id, tgw_id);
    if (gc_adopt_create(op, &spec) != 0)
        goto cleanup;
    *id = c.id;
    c.id = NULL;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not make the VPN connection.");
    s_create_clean_up(&c);
    gc_strset_clean_up(&ids);
    json_decref(in);
    return result;
}

static int s_vpn_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct gc_onprem_vpn v = {0};
    bool found = false;
    int rc = 0;
    (void)reason;
    *status = NULL;
    if (gc_onprem_vpn_get(op, arg, &v, &found) != 0)
        return -1;
    if (found && v.state && !(*status = gc_strdup(v.state)))
        rc = -1;
    gc_onprem_vpn_clean_up(&v);
    return rc;
}

int gc_onprem_vpn_wait(struct gc_op *op, const char *id)
{
    static const char *const target[] = {"available", NULL};
    static const char *const failed[] = {"deleting", "deleted", NULL};
    char what[120];
    snprintf(what, sizeof what, "VPN connection %s", id);
    struct gc_wait_spec w = {
        .what = what, .target = target, .failed = failed, .status = s_vpn_status, .arg = (void *)id};
    return gc_wait_for(op, &w);
}

int gc_onprem_vpn_delete(struct gc_op *op, const char *id, const char *cgw_id)
{
    json_t *in = NULL, *out = NULL;
    char what[120];
    int result = -1;
    in = json_pack("{s:s}", "VpnConnectionId", id);
    if (s_call(op, &gc_op_ec2_delete_vpn_connection, in, &out, true) < 0)
        goto cleanup;
    snprintf(what, sizeof what, "VPN connection %s", id);
    if (gc_wait_gone(op, what, s_vpn_status, (void *)id) != 0)
        goto cleanup;
    json_decref(in);
    json_decref(out);
    out = NULL;
    in = cgw_id ? json_pack("{s:s}", "CustomerGatewayId", cgw_id) : NULL;
    if (cgw_id && s_call(op, &gc_op_ec2_delete_customer_gateway, in, &out, true) < 0)
        goto cleanup;
    result = 0;
cleanup:
    json_decref(in);
    json_decref(out);
    return result;
}
