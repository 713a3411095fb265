#include "resources/conn_endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_ec2.h"
#include "base/gc_buf.h"
#include "base/gc_log.h"
#include "framework/gc_delete.h"
#include "framework/gc_wait.h"
#include "resources/dns_model.h"
#include "resources/hub_model.h"

void gc_conn_endpoint_clean_up(struct gc_conn_endpoint *ep)
{
    if (!ep)
        return;
    free(ep->id);
    free(ep->state);
    free(ep->service_name);
    free(ep->vpc_id);
    free(ep->sg_id);
    json_decref(ep->subnet_ids);
    json_decref(ep->dns_names);
    json_decref(ep->ip_addresses);
    gc_tags_clean_up(&ep->tags);
    memset(ep, 0, sizeof(*ep));
}

bool gc_conn_json_has(const json_t *array, const char *s)
{
    for (size_t i = 0; s && i < json_array_size(array); i++) {
        const char *e = json_string_value(json_array_get(array, i));
        if (e && strcmp(e, s) == 0)
            return true;
    }
    return false;
}

int gc_conn_perm_key(char *out, size_t cap, long port, const char *cidr)
{
    int n = snprintf(out, cap, "tcp|%ld|%s", port, cidr ? cidr : "");
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static char *s_dup(const json_t *doc, const char *path, int *rc)
{
    const char *s = gc_doc_str(doc, path);
    char *out = s ? gc_strdup(s) : NULL;
    if (s && !out)
        *rc = -1;
    return out;
}

/* An array of the strings at `member` of each element of `list` (member NULL: the elements themselves). */
static json_t *s_strings(const json_t *list, const char *member)
{
    json_t *out = json_array();
    for (size_t i = 0; out && i < json_array_size(list); i++) {
        const json_t *e = json_array_get(list, i);
        const char *s = member ? gc_doc_str(e, member) : json_string_value(e);
        if (s && json_array_append_new(out, json_string(s)) != 0) {
            json_decref(out);
            out = NULL;
        }
    }
    return out;
}

static int s_endpoint_fill(struct gc_conn_endpoint *ep, const json_t *item)
{
    int rc = 0;
    ep->id = s_dup(item, "VpcEndpointId", &rc);
    ep->state = s_dup(item, "State", &rc);
    ep->service_name = s_dup(item, "ServiceName", &rc);
    ep->vpc_id = s_dup(item, "VpcId", &rc);
    const json_t *groups = gc_doc_list(item, "Groups");
    if (json_array_size(groups) > 0)
        ep->sg_id = s_dup(json_array_get(groups, 0), "GroupId", &rc);
    ep->subnet_ids = s_strings(gc_doc_list(item, "SubnetIds"), NULL);
    ep->dns_names = s_strings(gc_doc_list(item, "DnsEntries"), "DnsName");
    if (!ep->subnet_ids || !ep->dns_names)
        rc = -1;
    if (rc == 0)
        rc = gc_tags_add_list(&ep->tags, gc_doc_list(item, "Tags"));
    return rc ? -1 : 0;
}

/* The private addresses of the endpoint's interfaces, sorted (AWS lists interfaces in no fixed order). */
static int s_endpoint_addresses(struct gc_op *op, struct gc_conn_endpoint *ep, const json_t *item)
{
    int result = -1;
    json_t *out = NULL;
    json_t *enis = s_strings(gc_doc_list(item, "NetworkInterfaceIds"), NULL);
    ep->ip_addresses = json_array();
    if (!enis || !ep->ip_addresses)
        goto cleanup;
    if (json_array_size(enis) == 0) {
        result = 0;
        goto cleanup;
    }
    if (gc_op_call_all(op, &gc_op_ec2_describe_network_interfaces, json_pack("{s:O}", "NetworkInterfaceIds", enis),
                       &out) != 0)
        goto cleanup;
    const json_t *list = gc_doc_list(out, "NetworkInterfaces");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *ip = gc_doc_str(json_array_get(list, i), "PrivateIpAddress");
        size_t at = 0;
        while (ip && at < json_array_size(ep->ip_addresses) &&
               strcmp(json_string_value(json_array_get(ep->ip_addresses, at)), ip) < 0)
            at++;
        if (ip && json_array_insert_new(ep->ip_addresses, at, json_string(ip)) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(enis);
    json_decref(out);
    return result;
}

static bool s_gone(const char *state)
{
    return !state || strcasecmp(state, "deleted") == 0 || strcasecmp(state, "deleting") == 0;
}

/* The endpoints `in` selects; the first live one that `match` accepts fills ep. */
static int s_endpoint_select(struct gc_op *op, json_t *in, const char *service_name, struct gc_conn_endpoint *ep,
                             bool *found)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    *found = false;
    gc_conn_endpoint_clean_up(ep);
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the DescribeVpcEndpoints request.");
        goto cleanup;
    }
    if (gc_aws_op_call_all(op->aws, &gc_op_ec2_describe_vpc_endpoints, in, &out, &err) != 0) {
        if (gc_aws_op_is_not_found(&gc_op_ec2_describe_vpc_endpoints, &err))
            result = 0;
        else
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *items = gc_doc_list(out, "VpcEndpoints");
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *svc = gc_doc_str(item, "ServiceName");
        if (s_gone(gc_doc_str(item, "State")) || !gc_doc_str(item, "VpcEndpointId") ||
            (service_name && (!svc || strcmp(svc, service_name) != 0)))
            continue;
        if (s_endpoint_fill(ep, item) != 0 || s_endpoint_addresses(op, ep, item) != 0)
            goto cleanup;
        *found = true;
        break;
    }
    result = 0;
cleanup:
    if (result != 0) {
        if (!gc_diags_has_error(op->diags))
            gc_diags_error_at(op->diags, NULL, "Could not read the VPC endpoint", "Reading VPC endpoints failed.");
        gc_conn_endpoint_clean_up(ep);
        *found = false;
    }
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return result;
}

int gc_conn_endpoint_get(struct gc_op *op, const char *id, struct gc_conn_endpoint *ep, bool *found)
{
    return s_endpoint_select(op, json_pack("{s:[s]}", "VpcEndpointIds", id ? id : ""), NULL, ep, found);
}

int gc_conn_endpoint_find(struct gc_op *op, const char *vpc_id, const char *service_name, const char *tag_key,
                          const char *tag_value, struct gc_conn_endpoint *ep, bool *found)
{
    char name[160];
    snprintf(name, sizeof name, "tag:%s", tag_key);
    json_t *in = json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "vpc-id", "Values", vpc_id, "Name",
                           name, "Values", tag_value);
    return s_endpoint_select(op, in, service_name, ep, found);
}

int gc_conn_endpoint_create(struct gc_op *op, const char *vpc_id, const char *service_name, const json_t *subnets,
                            const char *sg_id, const struct gc_tags *tags, char **id)
{
    int result = -1;
    json_t *out = NULL;
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:O, s:[s], s:b, s:[{s:s, s:o}]}", "VpcEndpointType", "Interface", "VpcId", vpc_id,
                  "ServiceName", service_name, "SubnetIds", subnets, "SecurityGroupIds", sg_id, "PrivateDnsEnabled", 0,
                  "TagSpecifications", "ResourceType", "vpc-endpoint", "Tags", gc_dns_tags_doc(tags));
    *id = NULL;
    if (gc_op_call(op, &gc_op_ec2_create_vpc_endpoint, in, &out, NULL) != 0)
        goto cleanup;
    const char *new_id = gc_doc_str(out, "VpcEndpoint.VpcEndpointId");
    if (!new_id || !(*id = gc_strdup(new_id))) {
        gc_diags_error_at(op->diags, NULL, "Invalid AWS answer", "EC2 CreateVpcEndpoint answered no VpcEndpointId.");
        goto cleanup;
    }
    GC_INFO("created interface endpoint %s to %s in %s", *id, service_name, vpc_id);
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

static int s_endpoint_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct gc_conn_endpoint ep = {0};
    bool found = false;
    int rc = 0;
    (void)reason;
    *status = NULL;
    if (gc_conn_endpoint_get(op, arg, &ep, &found) != 0)
        return -1;
    /* states compared case-insensitively: the model says PendingAcceptance, the service answers pendingAcceptance */
    if (found && ep.state) {
        *status = gc_strdup(ep.state);
        for (char *p = *status; p && *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        rc = *status ? 0 : -1;
    }
    gc_conn_endpoint_clean_up(&ep);
    return rc;
}

int gc_conn_endpoint_wait(struct gc_op *op, const char *id)
{
    static const char *const target[] = {"available", "pendingacceptance", NULL};
    static const char *const failed[] = {"rejected", "failed", "expired", "deleting", "deleted", "partial", NULL};
    char what[160];
    snprintf(what, sizeof what, "VPC endpoint %s", id);
    struct gc_wait_spec w = {
        .what = what, .target = target, .failed = failed, .status = s_endpoint_status, .arg = (void *)id};
    return gc_wait_for(op, &w);
}

static int s_endpoint_delete_call(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:[s]}", "VpcEndpointIds", (const char *)arg);
    int rc = in ? gc_aws_op_call(op->aws, &gc_op_ec2_delete_vpc_endpoints, in, &out, err) : -1;
    if (rc == 0) {
        /* HTTP 200 with per-item failures: a not-found item is done, anything else is this delete's error */
        const json_t *bad = gc_doc_list(out, "Unsuccessful");
        for (size_t i = 0; i < json_array_size(bad); i++) {
            const char *code = gc_doc_str(json_array_get(bad, i), "Error.Code");
            const char *msg = gc_doc_str(json_array_get(bad, i), "Error.Message");
            if (code && strstr(code, "NotFound"))
                continue;
            gc_aws_error_set(err, GC_SVC_EC2, "DeleteVpcEndpoints", code ? code : "Unsuccessful",
                             msg ? msg : "DeleteVpcEndpoints reported the endpoint unsuccessful");
            rc = -1;
            break;
        }
    }
    json_decref(in);
    json_decref(out);
    return rc;
}

static int s_endpoint_gone_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    int rc = s_endpoint_status(op, arg, status, reason);
    if (rc == 0 && *status && strcmp(*status, "deleted") == 0) {
        free(*status);
        *status = NULL;
    }
    return rc;
}

int gc_conn_endpoint_delete(struct gc_op *op, const char *id)
{
    char what[160];
    snprintf(what, sizeof what, "VPC endpoint %s", id);
    struct gc_wait_spec gone = {.what = what, .status = s_endpoint_gone_status, .arg = (void *)id};
    struct gc_delete_spec d = {what, s_endpoint_delete_call, (void *)id, NULL, NULL, &gone};
    return gc_delete_object(op, &d);
}

int gc_conn_hub_subnets(struct gc_op *op, const struct gc_conn_hub *hub, json_t **subnets)
{
    int result = -1;
    json_t *out = NULL;
    *subnets = json_array();
    if (!*subnets)
        goto cleanup;
    json_t *in = json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "vpc-id", "Values", hub->vpc_id,
                           "Name", "tag:" GC_TAG_TGW, "Values", hub->tgw_id);
    if (gc_op_call_all(op, &gc_op_ec2_describe_subnets, in, &out) != 0)
        goto cleanup;
    const json_t *list = gc_doc_list(out, "Subnets");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *id = gc_doc_str(json_array_get(list, i), "SubnetId");
        size_t at = 0;
        while (id && at < json_array_size(*subnets) && strcmp(json_string_value(json_array_get(*subnets, at)), id) < 0)
            at++;
        if (id && json_array_insert_new(*subnets, at, json_string(id)) != 0)
            goto cleanup;
    }
    if (json_array_size(*subnets) == 0) {
        gc_diags_error_at(op->diags, "hub_id", "Operations VPC has no subnets",
                          "The hub's operations VPC %s has no subnet tagged " GC_TAG_TGW "=%s for the endpoint: "
                          "apply the hub to repair it.",
                          hub->vpc_id, hub->tgw_id);
        goto cleanup;
    }
    result = 0;
cleanup:
    if (result != 0) {
        if (!gc_diags_has_error(op->diags))
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not list the subnets of %s.", hub->vpc_id);
        json_decref(*subnets);
        *subnets = NULL;
    }
    json_decref(out);
    return result;
}

/* ---- the security group ---- */

int gc_conn_sg_find(struct gc_op *op, const char *vpc_id, const char *group_name, char **sg_id)
{
    int result = -1;
    json_t *out = NULL;
    *sg_id = NULL;
    if (gc_op_call_all(op, &gc_op_ec2_describe_security_groups, gc_ec2_sg_named(vpc_id, group_name), &out) != 0)
        goto cleanup;
    const char *id = gc_doc_str(json_array_get(gc_doc_list(out, "SecurityGroups"), 0), "GroupId");
    if (id && !(*sg_id = gc_strdup(id))) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not keep security group %s.", id);
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

/* Authorizes or revokes one "tcp|port|cidr" key on the group's ingress (duplicates and missing ones are fine). */
static int s_perm_call(struct gc_op *op, const char *sg_id, const char *key, bool add)
{
    char cidr[48] = "";
    const char *p1 = strchr(key, '|'), *p2 = p1 ? strchr(p1 + 1, '|') : NULL;
    if (strncmp(key, "tcp|", 4) != 0 || !p2 || strlen(p2 + 1) >= sizeof cidr)
        return 0; /* not a permission gcnet writes */
    long port = strtol(p1 + 1, NULL, 10);
    snprintf(cidr, sizeof cidr, "%s", p2 + 1);
    const struct gc_aws_op_def *def =
        add ? &gc_op_ec2_authorize_security_group_ingress : &gc_op_ec2_revoke_security_group_ingress;
    json_t *in = json_pack("{s:s, s:[{s:s, s:I, s:I, s:[{s:s}]}]}", "GroupId", sg_id, "IpPermissions", "IpProtocol",
                           "tcp", "FromPort", (json_int_t)port, "ToPort", (json_int_t)port, "IpRanges", "CidrIp", cidr);
    return gc_op_call_idempotent(op, def, in, gc_ec2_sg_rule_settled);
}

int gc_conn_sg_create(struct gc_op *op, const char *vpc_id, const char *group_name, const char *description,
                      const struct gc_tags *tags, char **sg_id)
{
    int result = -1;
    json_t *out = NULL;
    struct gc_aws_error err = {0};
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:[{s:s, s:o}]}", "GroupName", group_name, "Description", description, "VpcId",
                  vpc_id, "TagSpecifications", "ResourceType", "security-group", "Tags", gc_dns_tags_doc(tags));
    *sg_id = NULL;
    if (gc_op_call(op, &gc_op_ec2_create_security_group, in, &out, &err) != 0) {
        /* the name is taken by the group an earlier attempt made (its answer was lost): found by name, as the
         * create path adopts it before creating */
        if (!gc_aws_error_is(&err, "InvalidGroup.Duplicate") || gc_conn_sg_find(op, vpc_id, group_name, sg_id) != 0 ||
            !*sg_id) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        gc_aws_error_clean_up(&err);
    }
    const char *id = *sg_id ? *sg_id : gc_doc_str(out, "GroupId");
    if (!id || (!*sg_id && !(*sg_id = gc_strdup(id)))) {
        gc_diags_error_at(op->diags, NULL, "Invalid AWS answer", "EC2 CreateSecurityGroup answered no GroupId.");
        goto cleanup;
    }
    in = json_pack("{s:s, s:[{s:s, s:[{s:s}]}]}", "GroupId", *sg_id, "IpPermissions", "IpProtocol", "-1", "IpRanges",
                   "CidrIp", "0.0.0.0/0");
    if (gc_op_call(op, &gc_op_ec2_revoke_security_group_egress, in, NULL, &err) != 0 &&
        !gc_aws_error_is(&err, "InvalidPermission.NotFound")) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    GC_INFO("created security group %s (%s) in %s", *sg_id, group_name, vpc_id);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(out);
    return result;
}

/* A permission's key: "tcp|port|cidr" for one TCP port (what gcnet writes), "other|…" for anything else. */
static int s_ingress_key(char *out, size_t cap, const char *proto, long from, long to, const char *cidr)
{
    if (proto && strcmp(proto, "tcp") == 0 && from == to && from > 0)
        return gc_conn_perm_key(out, cap, from, cidr);
    int n = snprintf(out, cap, "other|%s|%ld|%ld|%s", proto ? proto : "", from, to, cidr);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int gc_conn_sg_ingress(struct gc_op *op, const char *sg_id, json_t **keys)
{
    int result = -1;
    json_t *out = NULL;
    char key[96];
    *keys = json_array();
    if (!*keys ||
        gc_op_call_all(op, &gc_op_ec2_describe_security_groups, json_pack("{s:[s]}", "GroupIds", sg_id), &out) != 0)
        goto cleanup;
    const json_t *perms = gc_doc_list(json_array_get(gc_doc_list(out, "SecurityGroups"), 0), "IpPermissions");
    for (size_t i = 0; i < json_array_size(perms); i++) {
        const json_t *p = json_array_get(perms, i);
        const char *proto = gc_doc_str(p, "IpProtocol");
        long from = (long)gc_doc_int(p, "FromPort", -1), to = (long)gc_doc_int(p, "ToPort", -1);
        const json_t *ranges = gc_doc_list(p, "IpRanges");
        for (size_t k = 0; k < json_array_size(ranges); k++) {
            const char *cidr = gc_doc_str(json_array_get(ranges, k), "CidrIp");
            if (!cidr || s_ingress_key(key, sizeof key, proto, from, to, cidr) != 0)
                continue;
            if (json_array_append_new(*keys, json_string(key)) != 0)
                goto cleanup;
        }
    }
    result = 0;
cleanup:
    if (result != 0) {
        if (!gc_diags_has_error(op->diags))
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not read security group %s.", sg_id);
        json_decref(*keys);
        *keys = NULL;
    }
    json_decref(out);
    return result;
}

int gc_conn_sg_sync(struct gc_op *op, const char *sg_id, const json_t *have, const json_t *want)
{
    for (size_t i = 0; i < json_array_size(want); i++) {
        const char *k = json_string_value(json_array_get(want, i));
        if (k && !gc_conn_json_has(have, k) && s_perm_call(op, sg_id, k, true) != 0)
            return -1;
    }
    for (size_t i = 0; i < json_array_size(have); i++) {
        const char *k = json_string_value(json_array_get(have, i));
        if (k && !gc_conn_json_has(want, k) && s_perm_call(op, sg_id, k, false) != 0)
            return -1;
    }
    return 0;
}

static int s_sg_delete_call(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:s}", "GroupId", (const char *)arg);
    int rc = in ? gc_aws_op_call(op->aws, &gc_op_ec2_delete_security_group, in, &out, err) : -1;
    json_decref(in);
    json_decref(out);
    return rc;
}

int gc_conn_sg_delete(struct gc_op *op, const char *sg_id)
{
    char what[96];
    snprintf(what, sizeof what, "security group %s", sg_id);
    struct gc_delete_spec d = {what, s_sg_delete_call, (void *)sg_id, NULL, NULL, NULL};
    return gc_delete_object(op, &d);
}
