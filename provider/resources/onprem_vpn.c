/* gcnet_onprem_link method vpn: a customer gateway for the premises' router and a Site-to-Site VPN connection on the
 * hub's TGW (BGP, the backup path). Both are gcnet's (tagged gcnet:transit-gateway-id) and go with the link. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "base/gc_buf.h"
#include "base/gc_log.h"
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

int gc_onprem_cgw_ensure(struct gc_op *op, const char *tgw_id, const char *ip, int64_t asn, char **cgw_id)
{
    char asn_text[24];
    json_t *in = NULL, *out = NULL;
    int result = -1;
    *cgw_id = NULL;
    snprintf(asn_text, sizeof asn_text, "%lld", (long long)asn);
    in = json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}, {s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "ip-address",
                   "Values", ip, "Name", "bgp-asn", "Values", asn_text, "Name", "state", "Values", "available", "Name",
                   "tag:" GC_TAG_TGW, "Values", tgw_id);
    if (s_call(op, &gc_op_ec2_describe_customer_gateways, in, &out, false) != 0)
        goto cleanup;
    const json_t *items = gc_doc_list(out, "CustomerGateways");
    for (size_t i = 0; i < json_array_size(items) && !*cgw_id; i++) {
        const json_t *item = json_array_get(items, i);
        const char *id = gc_doc_str(item, "CustomerGatewayId");
        const char *have_ip = gc_doc_str(item, "IpAddress");
        const char *state = gc_doc_str(item, "State");
        /* the filters are the server's: check them again */
        if (id && have_ip && state && strcmp(have_ip, ip) == 0 && strcmp(state, "available") == 0 &&
            !(*cgw_id = gc_strdup(id)))
            goto cleanup;
    }
    if (!*cgw_id) {
        json_decref(in);
        json_decref(out);
        out = NULL;
        in = json_pack("{s:I, s:s, s:s, s:[{s:s, s:[{s:s, s:s}]}]}", "BgpAsn", (json_int_t)asn, "IpAddress", ip, "Type",
                       "ipsec.1", "TagSpecifications", "ResourceType", "customer-gateway", "Tags", "Key", GC_TAG_TGW,
                       "Value", tgw_id);
        GC_INFO("creating the customer gateway %s (AS %s) for %s", ip, asn_text, tgw_id);
        if (s_call(op, &gc_op_ec2_create_customer_gateway, in, &out, false) != 0)
            goto cleanup;
        const char *id = gc_doc_str(out, "CustomerGateway.CustomerGatewayId");
        if (!id) {
            gc_diags_error_at(op->diags, NULL, "Unexpected answer", "CreateCustomerGateway answered no id.");
            goto cleanup;
        }
        if (!(*cgw_id = gc_strdup(id)))
            goto cleanup;
    }
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, "customer_gateway_ip", "Out of memory", "Could not make the customer gateway.");
    if (result != 0) {
        free(*cgw_id);
        *cgw_id = NULL;
    }
    json_decref(in);
    json_decref(out);
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

int gc_onprem_vpn_create(struct gc_op *op, const char *tgw_id, const char *cgw_id, const char *name, char **id)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:s, s:s, s:s, s:{s:b}, s:[{s:s, s:[{s:s, s:s}, {s:s, s:s}]}]}", "CustomerGatewayId",
                           cgw_id, "Type", "ipsec.1", "TransitGatewayId", tgw_id, "Options", "StaticRoutesOnly", 0,
                           "TagSpecifications", "ResourceType", "vpn-connection", "Tags", "Key", GC_TAG_TGW, "Value",
                           tgw_id, "Key", "Name", "Value", name ? name : "");
    int result = -1;
    *id = NULL;
    GC_INFO("creating a Site-to-Site VPN from %s to %s", cgw_id, tgw_id);
    if (s_call(op, &gc_op_ec2_create_vpn_connection, in, &out, false) != 0)
        goto cleanup;
    const char *vid = gc_doc_str(out, "VpnConnection.VpnConnectionId");
    if (!vid) {
        gc_diags_error_at(op->diags, NULL, "Unexpected answer", "CreateVpnConnection answered no id.");
        goto cleanup;
    }
    if (!(*id = gc_strdup(vid)))
        goto cleanup;
    result = 0;
cleanup:
    json_decref(in);
    json_decref(out);
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
    struct gc_wait_spec w = {what, target, NULL, failed, s_vpn_status, (void *)id};
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
