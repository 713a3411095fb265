#include "resources/dns_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_ram.h"
#include "base/gc_buf.h"
#include "framework/gc_parallel.h"
#include "framework/gc_tagging.h"
#include "resources/dns_check.h"

/* ---- small lists ---- */

/* A copy of an optional string: false only when `s` was given and could not be copied. */
static bool s_dup_opt(char **out, const char *s)
{
    *out = gc_strdup(s);
    return !s || *out;
}

int gc_dns_strs_add(struct gc_dns_strs *list, const char *s)
{
    int result = -1;
    char *copy = gc_strdup(s ? s : "");
    char **grown = NULL;
    if (!copy)
        goto cleanup;
    grown = realloc(list->items, (list->n + 1) * sizeof(char *));
    if (!grown)
        goto cleanup;
    list->items = grown;
    list->items[list->n++] = copy;
    copy = NULL;
    result = 0;
cleanup:
    free(copy);
    return result;
}

bool gc_dns_strs_has(const struct gc_dns_strs *list, const char *s)
{
    for (size_t i = 0; s && i < list->n; i++)
        if (strcmp(list->items[i], s) == 0)
            return true;
    return false;
}

void gc_dns_strs_clean_up(struct gc_dns_strs *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

void gc_dns_endpoint_clean_up(struct gc_dns_endpoint *ep)
{
    free(ep->id);
    free(ep->arn);
    free(ep->name);
    for (size_t i = 0; i < ep->n_ips; i++) {
        free(ep->ips[i].ip_id);
        free(ep->ips[i].subnet_id);
        free(ep->ips[i].ip);
    }
    memset(ep, 0, sizeof *ep);
}

void gc_dns_rule_clean_up(struct gc_dns_rule *rule)
{
    free(rule->id);
    free(rule->arn);
    free(rule->domain);
    free(rule->endpoint_id);
    free(rule->name);
    free(rule->association_id);
    for (size_t i = 0; i < rule->n_targets; i++)
        free(rule->targets[i].ip);
    memset(rule, 0, sizeof *rule);
}

void gc_dns_clean_up(struct gc_dns *dns)
{
    if (!dns)
        return;
    free(dns->vpc_id);
    free(dns->name);
    free(dns->create_token);
    for (int i = 0; i < GC_DNS_SUBNETS; i++)
        free(dns->subnet_ids[i]);
    gc_tags_clean_up(&dns->tags);
    for (int d = 0; d < 2; d++) {
        free(dns->sg_ids[d]);
        gc_dns_strs_clean_up(&dns->perms[d]);
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++)
            gc_dns_endpoint_clean_up(&dns->endpoints[d][i]);
    }
    for (size_t i = 0; i < dns->n_rules; i++)
        gc_dns_rule_clean_up(&dns->rules[i]);
    free(dns->rules);
    free(dns->share_arn);
    free(dns->share_name);
    gc_dns_strs_clean_up(&dns->principals);
    gc_dns_strs_clean_up(&dns->zones);
    memset(dns, 0, sizeof *dns);
}

struct gc_dns_rule *gc_dns_rule_find(struct gc_dns *dns, const char *domain)
{
    for (size_t i = 0; domain && i < dns->n_rules; i++)
        if (dns->rules[i].domain && strcmp(dns->rules[i].domain, domain) == 0)
            return &dns->rules[i];
    return NULL;
}

struct gc_dns_rule *gc_dns_rule_add(struct gc_dns *dns)
{
    struct gc_dns_rule *grown = realloc(dns->rules, (dns->n_rules + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    dns->rules = grown;
    memset(&grown[dns->n_rules], 0, sizeof *grown);
    return &grown[dns->n_rules++];
}

int gc_dns_rule_from_doc(struct gc_dns_rule *rule, const json_t *doc)
{
    int result = -1;
    char domain[GC_DNS_DOMAIN_MAX + 1];
    const char *why = NULL;
    const json_t *targets = gc_doc_list(doc, "TargetIps");
    const char *d = gc_doc_str(doc, "DomainName");
    if (!gc_doc_str(doc, "Id") || !d || gc_dns_domain_normalise(d, domain, &why) != 0) {
        result = 1;
        goto cleanup;
    }
    for (size_t i = 0; i < rule->n_targets; i++)
        free(rule->targets[i].ip);
    rule->n_targets = 0;
    free(rule->id);
    free(rule->arn);
    free(rule->domain);
    free(rule->endpoint_id);
    free(rule->name);
    rule->id = gc_strdup(gc_doc_str(doc, "Id"));
    rule->domain = gc_strdup(domain);
    bool copied = s_dup_opt(&rule->arn, gc_doc_str(doc, "Arn"));
    copied = s_dup_opt(&rule->endpoint_id, gc_doc_str(doc, "ResolverEndpointId")) && copied;
    copied = s_dup_opt(&rule->name, gc_doc_str(doc, "Name")) && copied;
    if (!rule->id || !rule->domain || !copied)
        goto cleanup;
    for (size_t i = 0; i < json_array_size(targets) && rule->n_targets < GC_DNS_MAX_TARGETS; i++) {
        const json_t *t = json_array_get(targets, i);
        if (!gc_doc_str(t, "Ip"))
            continue;
        struct gc_dns_target *out = &rule->targets[rule->n_targets];
        out->ip = gc_strdup(gc_doc_str(t, "Ip"));
        out->port = (long)gc_doc_int(t, "Port", 53);
        if (!out->ip)
            goto cleanup;
        rule->n_targets++;
    }
    result = 0;
cleanup:
    return result;
}

int gc_dns_perm_key(char *out, size_t cap, const char *proto, long from, long to, const char *cidr)
{
    int n = snprintf(out, cap, "%s|%ld|%ld|%s", proto ? proto : "", from, to, cidr ? cidr : "");
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

int gc_dns_creator_index(const char *creator, enum gc_dns_dir *dir)
{
    size_t plen = strlen(GC_DNS_CREATOR_PREFIX);
    if (!creator || strncmp(creator, GC_DNS_CREATOR_PREFIX, plen) != 0)
        return -1;
    const char *p = creator + plen;
    if (strncmp(p, "in:", 3) == 0)
        *dir = GC_DNS_IN;
    else if (strncmp(p, "out:", 4) == 0)
        *dir = GC_DNS_OUT;
    else
        return -1;
    p += *dir == GC_DNS_IN ? 3 : 4;
    if (p[0] < '0' || p[0] >= '0' + GC_DNS_MAX_ENDPOINTS || p[1] != ':')
        return -1;
    return p[0] - '0';
}

json_t *gc_dns_tags_doc(const struct gc_tags *tags)
{
    json_t *list = json_array();
    for (size_t i = 0; list && tags && i < tags->n; i++) {
        if (json_array_append_new(
                list, json_pack("{s:s, s:s}", "Key", tags->items[i].key, "Value", tags->items[i].value)) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    return list;
}

int gc_dns_resolver_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                                const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_tags to_set = {0}, to_remove = {0};
    json_t *in = NULL, *out = NULL, *keys = NULL;
    if (gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0 || !(keys = json_array()))
        goto oom;
    for (size_t i = 0; i < to_remove.n; i++)
        if (json_array_append_new(keys, json_string(to_remove.items[i].key)) != 0)
            goto oom;
    if (to_remove.n) {
        if (!(in = json_pack("{s:s, s:O}", "ResourceArn", arn ? arn : "", "TagKeys", keys)))
            goto oom;
        if (gc_aws_op_call(c, &gc_op_route53resolver_untag_resource, in, &out, err) != 0)
            goto cleanup;
        json_decref(in);
        json_decref(out);
        in = out = NULL;
    }
    if (to_set.n) {
        if (!(in = json_pack("{s:s, s:o}", "ResourceArn", arn ? arn : "", "Tags", gc_dns_tags_doc(&to_set))))
            goto oom;
        if (gc_aws_op_call(c, &gc_op_route53resolver_tag_resource, in, &out, err) != 0)
            goto cleanup;
    }
    result = 0;
    goto cleanup;
oom:
    err->code = gc_strdup("InvalidArgument");
    err->message = gc_strdup("out of memory");
cleanup:
    json_decref(keys);
    json_decref(in);
    json_decref(out);
    gc_tags_clean_up(&to_set);
    gc_tags_clean_up(&to_remove);
    return result;
}

/* ---- loading ---- */

static int s_load_perms(struct gc_dns_strs *out, const json_t *perms)
{
    char key[128];
    for (size_t i = 0; i < json_array_size(perms); i++) {
        const json_t *p = json_array_get(perms, i);
        const json_t *ranges = gc_doc_list(p, "IpRanges");
        for (size_t k = 0; k < json_array_size(ranges); k++) {
            const char *cidr = gc_doc_str(json_array_get(ranges, k), "CidrIp");
            if (!cidr)
                continue;
            if (gc_dns_perm_key(key, sizeof key, gc_doc_str(p, "IpProtocol"), (long)gc_doc_int(p, "FromPort", -1),
                                (long)gc_doc_int(p, "ToPort", -1), cidr) != 0 ||
                gc_dns_strs_add(out, key) != 0)
                return -1;
        }
    }
    return 0;
}

static int s_load_groups(struct gc_op *op, struct gc_dns *dns)
{
    int result = -1;
    json_t *out = NULL;
    struct gc_tags tags = {0};
    json_t *in = json_pack("{s:[{s:s, s:[s]}]}", "Filters", "Name", "tag:" GC_TAG_DNS, "Values", dns->vpc_id);
    if (gc_op_call_all(op, &gc_op_ec2_describe_security_groups, in, &out) != 0)
        goto cleanup;
    const json_t *groups = gc_doc_list(out, "SecurityGroups");
    for (size_t i = 0; i < json_array_size(groups); i++) {
        const json_t *g = json_array_get(groups, i);
        const char *vpc = gc_doc_str(g, "VpcId");
        gc_tags_clean_up(&tags);
        if (!gc_doc_str(g, "GroupId") || !vpc || strcmp(vpc, dns->vpc_id) != 0)
            continue;
        if (gc_tags_add_list(&tags, gc_doc_list(g, "Tags")) != 0)
            goto oom; /* never skip a group for want of memory: a read would drop it, a delete leave it */
        const char *role = gc_tags_find(&tags, GC_TAG_DNS_ROLE);
        const char *mine = gc_tags_find(&tags, GC_TAG_DNS);
        if (!role || !mine || strcmp(mine, dns->vpc_id) != 0)
            continue;
        int d = strcmp(role, "inbound") == 0 ? GC_DNS_IN : strcmp(role, "outbound") == 0 ? GC_DNS_OUT : -1;
        if (d < 0 || dns->sg_ids[d])
            continue;
        if (!(dns->sg_ids[d] = gc_strdup(gc_doc_str(g, "GroupId"))))
            goto oom;
        if (s_load_perms(&dns->perms[d], gc_doc_list(g, d == GC_DNS_IN ? "IpPermissions" : "IpPermissionsEgress")))
            goto oom;
        if (d == GC_DNS_IN) {
            dns->unfinished = gc_tags_find(&tags, GC_TAG_CREATE_UNFINISHED) != NULL;
            const char *token = gc_tags_find(&tags, GC_TAG_CREATE_TOKEN);
            free(dns->create_token);
            if ((dns->create_token = token ? gc_strdup(token) : NULL) == NULL && token)
                goto oom;
            const char *name = gc_tags_find(&tags, GC_TAG_DNS_NAME);
            free(dns->name);
            dns->name = gc_strdup(name);
            const char *subnets = gc_tags_find(&tags, GC_TAG_DNS_SUBNETS);
            const char *comma = subnets ? strchr(subnets, ',') : NULL;
            if (comma && !dns->subnet_ids[0]) {
                char first[64];
                snprintf(first, sizeof first, "%.*s", (int)(comma - subnets), subnets);
                dns->subnet_ids[0] = gc_strdup(first);
                dns->subnet_ids[1] = gc_strdup(comma + 1);
                if (!dns->subnet_ids[0] || !dns->subnet_ids[1])
                    goto oom;
            }
            if ((name && !dns->name) || gc_tags_copy(&dns->tags, &tags) != 0)
                goto oom;
            gc_tagging_user_tags(&dns->tags);
        }
    }
    result = 0;
    goto cleanup;
oom:
    gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the security groups of the resolver in %s.",
                      dns->vpc_id);
cleanup:
    gc_tags_clean_up(&tags);
    json_decref(out);
    return result;
}

static bool s_gone_status(const char *status)
{
    static const char *const gone[] = {
        "DELETING", "DETACHING", "FAILED_CREATION", "FAILED_RESOURCE_GONE", "DELETE_FAILED_FAS_EXPIRED",
        "FAILED",   NULL};
    for (size_t i = 0; status && gone[i]; i++)
        if (strcmp(status, gone[i]) == 0)
            return true;
    return false;
}

/* Replaces ep's addresses with those of a ListResolverEndpointIpAddresses answer (the ones going away left out). */
static int s_addresses_from_doc(struct gc_op *op, struct gc_dns_endpoint *ep, const json_t *out)
{
    for (size_t i = 0; i < ep->n_ips; i++) {
        free(ep->ips[i].ip_id);
        free(ep->ips[i].subnet_id);
        free(ep->ips[i].ip);
    }
    memset(ep->ips, 0, sizeof ep->ips);
    ep->n_ips = 0;
    const json_t *list = gc_doc_list(out, "IpAddresses");
    for (size_t i = 0; i < json_array_size(list) && ep->n_ips < GC_DNS_MAX_IPS; i++) {
        const json_t *a = json_array_get(list, i);
        if (!gc_doc_str(a, "Ip") || !gc_doc_str(a, "SubnetId") || s_gone_status(gc_doc_str(a, "Status")))
            continue;
        struct gc_dns_ip ip = {gc_strdup(gc_doc_str(a, "IpId")), gc_strdup(gc_doc_str(a, "SubnetId")),
                               gc_strdup(gc_doc_str(a, "Ip"))};
        if (!ip.subnet_id || !ip.ip || (gc_doc_str(a, "IpId") && !ip.ip_id)) {
            /* counted only when whole: a half-copied address would be read as one with no subnet */
            free(ip.ip_id);
            free(ip.subnet_id);
            free(ip.ip);
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the addresses of endpoint %s.",
                              ep->id);
            return -1;
        }
        ep->ips[ep->n_ips++] = ip;
    }
    return 0;
}

int gc_dns_endpoint_load_addresses(struct gc_op *op, struct gc_dns_endpoint *ep)
{
    int result = -1;
    json_t *out = NULL;
    json_t *in = json_pack("{s:s}", "ResolverEndpointId", ep->id);
    if (gc_op_call_all(op, &gc_op_route53resolver_list_resolver_endpoint_ip_addresses, in, &out) != 0)
        goto cleanup;
    result = s_addresses_from_doc(op, ep, out);
cleanup:
    json_decref(out);
    return result;
}

/* The resolver's endpoints in its VPC, without their addresses (gc_dns_endpoint_load_addresses, one step each). */
static int s_load_endpoints(struct gc_op *op, struct gc_dns *dns)
{
    int result = -1;
    json_t *out = NULL;
    if (gc_op_call_all(op, &gc_op_route53resolver_list_resolver_endpoints, json_object(), &out) != 0)
        goto cleanup;
    const json_t *list = gc_doc_list(out, "ResolverEndpoints");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *e = json_array_get(list, i);
        const char *vpc = gc_doc_str(e, "HostVPCId");
        enum gc_dns_dir dir = GC_DNS_IN;
        int index = gc_dns_creator_index(gc_doc_str(e, "CreatorRequestId"), &dir);
        if (index < 0 || !vpc || strcmp(vpc, dns->vpc_id) != 0 || !gc_doc_str(e, "Id") ||
            s_gone_status(gc_doc_str(e, "Status")))
            continue;
        struct gc_dns_endpoint *ep = &dns->endpoints[dir][index];
        if (ep->id)
            continue;
        ep->id = gc_strdup(gc_doc_str(e, "Id"));
        bool copied = s_dup_opt(&ep->arn, gc_doc_str(e, "Arn"));
        copied = s_dup_opt(&ep->name, gc_doc_str(e, "Name")) && copied;
        if (!ep->id || !copied) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the endpoints of the resolver.");
            goto cleanup;
        }
    }
    result = 0;
cleanup:
    json_decref(out);
    return result;
}

static bool s_is_outbound_endpoint(const struct gc_dns *dns, const char *id)
{
    for (int i = 0; id && i < GC_DNS_MAX_ENDPOINTS; i++)
        if (dns->endpoints[GC_DNS_OUT][i].id && strcmp(dns->endpoints[GC_DNS_OUT][i].id, id) == 0)
            return true;
    return false;
}

/* The resolver's rules (gcnet's, on one of its outbound endpoints) from a ListResolverRules answer. */
static int s_rules_from_doc(struct gc_op *op, struct gc_dns *dns, const json_t *out)
{
    static const char prefix[] = GC_DNS_CREATOR_PREFIX "rule:";
    const json_t *list = gc_doc_list(out, "ResolverRules");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *r = json_array_get(list, i);
        const char *creator = gc_doc_str(r, "CreatorRequestId");
        if (!creator || strncmp(creator, prefix, sizeof prefix - 1) != 0 ||
            !s_is_outbound_endpoint(dns, gc_doc_str(r, "ResolverEndpointId")) || s_gone_status(gc_doc_str(r, "Status")))
            continue;
        struct gc_dns_rule tmp = {0};
        int rc = gc_dns_rule_from_doc(&tmp, r);
        if (rc != 0 || gc_dns_rule_find(dns, tmp.domain)) {
            gc_dns_rule_clean_up(&tmp);
            if (rc < 0)
                goto oom; /* never drop a rule for want of memory */
            continue;
        }
        struct gc_dns_rule *rule = gc_dns_rule_add(dns);
        if (!rule) {
            gc_dns_rule_clean_up(&tmp);
            goto oom;
        }
        *rule = tmp;
    }
    return 0;
oom:
    gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the forwarding rules of the resolver.");
    return -1;
}

/* Each rule's association with the VPC from a ListResolverRuleAssociations answer. */
static int s_associations_from_doc(struct gc_op *op, struct gc_dns *dns, const json_t *assocs)
{
    const json_t *alist = gc_doc_list(assocs, "ResolverRuleAssociations");
    for (size_t i = 0; i < json_array_size(alist); i++) {
        const json_t *a = json_array_get(alist, i);
        const char *vpc = gc_doc_str(a, "VPCId");
        const char *rule_id = gc_doc_str(a, "ResolverRuleId");
        if (!vpc || !rule_id || !gc_doc_str(a, "Id") || strcmp(vpc, dns->vpc_id) != 0 ||
            s_gone_status(gc_doc_str(a, "Status")))
            continue;
        for (size_t k = 0; k < dns->n_rules; k++) {
            struct gc_dns_rule *rule = &dns->rules[k];
            if (rule->association_id || strcmp(rule->id, rule_id) != 0)
                continue;
            if (!(rule->association_id = gc_strdup(gc_doc_str(a, "Id")))) {
                gc_diags_error_at(op->diags, NULL, "Out of memory",
                                  "Could not record the forwarding rules of the resolver.");
                return -1;
            }
        }
    }
    return 0;
}

static json_t *s_associations_request(const struct gc_dns *dns)
{
    return json_pack("{s:[{s:s, s:[s]}]}", "Filters", "Name", "VPCId", "Values", dns->vpc_id);
}

static int s_load_rules(struct gc_op *op, struct gc_dns *dns)
{
    int result = -1;
    json_t *out = NULL, *assocs = NULL;
    if (gc_op_call_all(op, &gc_op_route53resolver_list_resolver_rules, json_object(), &out) != 0 ||
        s_rules_from_doc(op, dns, out) != 0)
        goto cleanup;
    if (dns->n_rules == 0) {
        result = 0;
        goto cleanup;
    }
    if (gc_op_call_all(op, &gc_op_route53resolver_list_resolver_rule_associations, s_associations_request(dns),
                       &assocs) != 0)
        goto cleanup;
    result = s_associations_from_doc(op, dns, assocs);
cleanup:
    json_decref(out);
    json_decref(assocs);
    return result;
}

/* Live entities of a share's associations into `out`, each once. */
static int s_live_entities(const struct gc_ram_association_list *assocs, struct gc_dns_strs *out)
{
    for (size_t i = 0; i < assocs->n; i++) {
        const char *what = assocs->items[i].associated_entity;
        bool live = gc_ram_association_is_live(assocs->items[i].status);
        if (live && what && !gc_dns_strs_has(out, what) && gc_dns_strs_add(out, what) != 0)
            return -1;
    }
    return 0;
}

/* The found share's ARN, name and setting into dns. */
static int s_share_take(struct gc_dns *dns, const struct gc_ram_share *share)
{
    dns->share_arn = gc_strdup(share->arn);
    dns->share_name = gc_strdup(share->name);
    dns->allow_external_principals = share->allow_external_principals;
    return dns->share_arn && (!share->name || dns->share_name) ? 0 : -1;
}

/* The share (by `hint`, else by its tag), its principals, and into `shared` the ARNs of the resources it shares
 * (the rules are marked from it once they are read: s_mark_shared). */
static int s_load_share(struct gc_op *op, struct gc_dns *dns, const char *hint, struct gc_dns_strs *shared)
{
    int result = -1;
    struct gc_aws_error err = {0};
    struct gc_ram_share share = {0};
    struct gc_ram_share_list list = {0};
    struct gc_ram_association_list assocs = {0};
    bool found = false;
    if (hint) {
        if (gc_ram_share_get(op->aws, hint, &share, &found, &err) != 0)
            goto cleanup;
    } else {
        if (gc_ram_share_list(op->aws, NULL, GC_TAG_DNS, dns->vpc_id, &list, &err) != 0)
            goto cleanup;
        for (size_t i = 0; i < list.n && !found; i++) {
            if (gc_ram_status_is_gone(list.items[i].status))
                continue;
            share = list.items[i];
            memset(&list.items[i], 0, sizeof list.items[i]);
            found = true;
        }
    }
    if (!found || gc_ram_status_is_gone(share.status)) {
        result = 0;
        goto cleanup;
    }
    if (s_share_take(dns, &share) != 0 ||
        gc_ram_share_associations(op->aws, share.arn, GC_RAM_ASSOC_PRINCIPAL, &assocs, &err) != 0 ||
        s_live_entities(&assocs, &dns->principals) != 0)
        goto cleanup;
    gc_ram_association_list_clean_up(&assocs);
    if (gc_ram_share_associations(op->aws, share.arn, GC_RAM_ASSOC_RESOURCE, &assocs, &err) != 0 ||
        s_live_entities(&assocs, shared) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0 && err.code)
        gc_op_aws_error(op, &err);
    else if (result != 0)
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the RAM share of the resolver.");
    gc_aws_error_clean_up(&err);
    gc_ram_share_clean_up(&share);
    gc_ram_share_list_clean_up(&list);
    gc_ram_association_list_clean_up(&assocs);
    return result;
}

/* The zones of a ListHostedZonesByVPC answer into dns->zones. */
static int s_zones_from_doc(struct gc_op *op, struct gc_dns *dns, const json_t *out)
{
    const json_t *list = gc_doc_list(out, "HostedZoneSummaries");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *id = gc_doc_str(json_array_get(list, i), "HostedZoneId");
        if (id && !gc_dns_strs_has(&dns->zones, id) && gc_dns_strs_add(&dns->zones, id) != 0) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the hosted zones of %s.",
                              dns->vpc_id);
            return -1;
        }
    }
    return 0;
}

static json_t *s_zones_request(const struct gc_op *op, const struct gc_dns *dns)
{
    const char *region = op->provider && op->provider->region ? op->provider->region : "ap-northeast-1";
    return json_pack("{s:s, s:s}", "VPCId", dns->vpc_id, "VPCRegion", region);
}

int gc_dns_load_zones(struct gc_op *op, struct gc_dns *dns)
{
    int result = -1;
    json_t *out = NULL;
    if (gc_op_call(op, &gc_op_route53_list_hosted_zones_by_vpc, s_zones_request(op, dns), &out, NULL) != 0)
        goto cleanup;
    result = s_zones_from_doc(op, dns, out);
cleanup:
    json_decref(out);
    return result;
}

static void s_mark_shared(struct gc_dns *dns, const struct gc_dns_strs *shared)
{
    for (size_t k = 0; k < dns->n_rules; k++)
        if (dns->rules[k].arn && gc_dns_strs_has(shared, dns->rules[k].arn))
            dns->rules[k].shared = true;
}

/* ---- gc_dns_load's steps, run at once (framework/gc_parallel.h); each writes only its own fields ---- */

struct s_load {
    struct gc_dns *dns;
    const char *share_hint;
    struct gc_dns_strs shared; /* written by the share step alone */
};

/* name, subnet_ids, tags, sg_ids, perms */
static int s_step_groups(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return s_load_groups(op, l->dns);
}

/* endpoints[][]: ids, ARNs, names */
static int s_step_endpoints(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return s_load_endpoints(op, l->dns);
}

/* one endpoint's ips and n_ips */
static int s_step_addresses(struct gc_op *op, void *arg)
{
    return gc_dns_endpoint_load_addresses(op, arg);
}

/* rules and n_rules (reads the endpoints' ids, which no step of its level writes) */
static int s_step_rules(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return s_load_rules(op, l->dns);
}

/* share_arn, share_name, allow_external_principals, principals, and the load's `shared` */
static int s_step_share(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return s_load_share(op, l->dns, l->share_hint, &l->shared);
}

/* zones */
static int s_step_zones(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return gc_dns_load_zones(op, l->dns);
}

/* Security groups and endpoints at once (they say whether there is a resolver); then every endpoint's addresses,
 * the rules and their associations, the share and the hosted zones at once: 4 round trips where one after another
 * cost one per request (12 for four endpoints, rules and a share). */
int gc_dns_load(struct gc_op *op, const char *vpc_id, const char *share_arn_hint, struct gc_dns *dns, bool *found)
{
    int result = -1;
    struct s_load load = {dns, share_arn_hint, {0}};
    struct gc_parallel_step steps[2 * GC_DNS_MAX_ENDPOINTS + 3];
    size_t n = 0;
    *found = false;
    if (!(dns->vpc_id = gc_strdup(vpc_id))) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not load the resolver of %s.", vpc_id);
        goto cleanup;
    }
    const struct gc_parallel_step first[] = {{s_step_groups, &load}, {s_step_endpoints, &load}};
    if (gc_parallel_run(op, first, sizeof first / sizeof first[0]) != 0)
        goto cleanup;
    for (int d = 0; d < 2; d++) {
        *found = *found || dns->sg_ids[d];
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++) {
            *found = *found || dns->endpoints[d][i].id;
            if (dns->endpoints[d][i].id)
                steps[n++] = (struct gc_parallel_step){s_step_addresses, &dns->endpoints[d][i]};
        }
    }
    if (!*found) {
        result = 0;
        goto cleanup;
    }
    steps[n++] = (struct gc_parallel_step){s_step_rules, &load};
    steps[n++] = (struct gc_parallel_step){s_step_share, &load};
    steps[n++] = (struct gc_parallel_step){s_step_zones, &load};
    if (gc_parallel_run(op, steps, n) != 0)
        goto cleanup;
    s_mark_shared(dns, &load.shared);
    result = 0;
cleanup:
    gc_dns_strs_clean_up(&load.shared);
    return result;
}

/* ---- gc_dns_load_known: one round trip from the IDs a state holds ---- */

/* One read by an ID the state holds, whose answer is judged only after its round: the object may be gone, and
 * whether that matters is known only once the load knows whether the resolver is still there. */
struct s_fetch {
    const struct gc_aws_op_def *def;
    json_t *in; /* NULL: the request could not be built (reported if the answer is needed) */
    json_t *out;
    struct gc_aws_error err;
    bool paged;
    bool issued;
    bool answered;
};

static void s_fetch_init(struct s_fetch *f, const struct gc_aws_op_def *def, json_t *in, bool paged)
{
    *f = (struct s_fetch){.def = def, .in = in, .paged = paged};
}

static void s_fetch_clean_up(struct s_fetch *f)
{
    json_decref(f->in);
    json_decref(f->out);
    gc_aws_error_clean_up(&f->err);
    memset(f, 0, sizeof *f);
}

static int s_step_fetch(struct gc_op *op, void *arg)
{
    struct s_fetch *f = arg;
    if (f->in && f->paged)
        f->answered = gc_aws_op_call_all(op->aws, f->def, f->in, &f->out, &f->err) == 0;
    else if (f->in)
        f->answered = gc_aws_op_call(op->aws, f->def, f->in, &f->out, &f->err) == 0;
    return 0;
}

/* 0 when the fetch was answered; else -1 with its failure as a diagnostic. */
static int s_fetch_check(struct gc_op *op, const struct s_fetch *f)
{
    if (f->answered)
        return 0;
    if (!f->in)
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.", f->def->name);
    else
        gc_op_aws_error(op, &f->err);
    return -1;
}

/* The share by its ARN, and one kind of its associations: three reads of one round. */
struct s_share_get {
    const char *arn;
    struct gc_ram_share share;
    bool found;
    struct gc_aws_error err;
    int rc;
};

struct s_share_assocs {
    const char *arn;
    enum gc_ram_association_type type;
    struct gc_ram_association_list list;
    struct gc_aws_error err;
    int rc;
};

static int s_step_share_get(struct gc_op *op, void *arg)
{
    struct s_share_get *g = arg;
    g->rc = gc_ram_share_get(op->aws, g->arn, &g->share, &g->found, &g->err);
    return 0;
}

static int s_step_share_assocs(struct gc_op *op, void *arg)
{
    struct s_share_assocs *a = arg;
    a->rc = gc_ram_share_associations(op->aws, a->arn, a->type, &a->list, &a->err);
    return 0;
}

/* What the share reads found: the share, its principals and the resources it shares (into `shared`). A share
 * gone (not found or DELETED) is no share, whatever its association reads answered. */
static int s_share_from(struct gc_op *op, struct gc_dns *dns, const struct s_share_get *get,
                        const struct s_share_assocs assocs[2], struct gc_dns_strs *shared)
{
    const struct gc_aws_error *err = get->rc != 0 ? &get->err : NULL;
    if (!err && (!get->found || gc_ram_status_is_gone(get->share.status)))
        return 0;
    for (int i = 0; !err && i < 2; i++)
        err = assocs[i].rc != 0 ? &assocs[i].err : NULL;
    if (err) {
        gc_op_aws_error(op, err);
        return -1;
    }
    if (s_share_take(dns, &get->share) != 0 || s_live_entities(&assocs[0].list, &dns->principals) != 0 ||
        s_live_entities(&assocs[1].list, shared) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not record the RAM share of the resolver.");
        return -1;
    }
    return 0;
}

struct s_known_load {
    struct s_load load;
    struct s_fetch addresses[2 * GC_DNS_MAX_ENDPOINTS]; /* by known->endpoint_ids */
    struct s_fetch rules, associations, zones;
    struct s_share_get share;
    struct s_share_assocs share_assocs[2]; /* principals, resources */
};

static void s_known_load_clean_up(struct s_known_load *k)
{
    gc_dns_strs_clean_up(&k->load.shared);
    for (size_t i = 0; i < 2 * GC_DNS_MAX_ENDPOINTS; i++)
        s_fetch_clean_up(&k->addresses[i]);
    s_fetch_clean_up(&k->rules);
    s_fetch_clean_up(&k->associations);
    s_fetch_clean_up(&k->zones);
    gc_ram_share_clean_up(&k->share.share);
    gc_aws_error_clean_up(&k->share.err);
    for (int i = 0; i < 2; i++) {
        gc_ram_association_list_clean_up(&k->share_assocs[i].list);
        gc_aws_error_clean_up(&k->share_assocs[i].err);
    }
}

/* The first round's answer of a listed endpoint's addresses; NULL when it was not read (not in the state). */
static const struct s_fetch *s_known_addresses(const struct s_known_load *k, const struct gc_dns_known *known,
                                               const char *id)
{
    for (size_t i = 0; i < known->n_endpoint_ids && i < 2 * GC_DNS_MAX_ENDPOINTS; i++)
        if (k->addresses[i].issued && known->endpoint_ids[i] && strcmp(known->endpoint_ids[i], id) == 0)
            return &k->addresses[i];
    return NULL;
}

/* After the first round, with the resolver found: what that round read, and into `steps` what it could not (an
 * endpoint the state did not know, the associations of rules it did not know, a share found by its tag). */
static int s_known_take(struct gc_op *op, struct s_known_load *k, const struct gc_dns_known *known,
                        struct gc_parallel_step *steps, size_t *n)
{
    struct gc_dns *dns = k->load.dns;
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++) {
            struct gc_dns_endpoint *ep = &dns->endpoints[d][i];
            const struct s_fetch *f = ep->id ? s_known_addresses(k, known, ep->id) : NULL;
            if (ep->id && !f)
                steps[(*n)++] = (struct gc_parallel_step){s_step_addresses, ep};
            else if (f && (s_fetch_check(op, f) != 0 || s_addresses_from_doc(op, ep, f->out) != 0))
                return -1;
        }
    if (s_fetch_check(op, &k->rules) != 0 || s_rules_from_doc(op, dns, k->rules.out) != 0)
        return -1;
    if (dns->n_rules > 0 && !k->associations.issued) {
        s_fetch_init(&k->associations, &gc_op_route53resolver_list_resolver_rule_associations,
                     s_associations_request(dns), true);
        k->associations.issued = true;
        steps[(*n)++] = (struct gc_parallel_step){s_step_fetch, &k->associations};
    }
    if (s_fetch_check(op, &k->zones) != 0 || s_zones_from_doc(op, dns, k->zones.out) != 0)
        return -1;
    if (!k->share.arn)
        steps[(*n)++] = (struct gc_parallel_step){s_step_share, &k->load};
    else if (s_share_from(op, dns, &k->share, k->share_assocs, &k->load.shared) != 0)
        return -1;
    return 0;
}

int gc_dns_load_known(struct gc_op *op, const char *vpc_id, const struct gc_dns_known *known, struct gc_dns *dns,
                      bool *found)
{
    int result = -1;
    struct s_known_load k = {.load = {dns, known->share_arn, {0}}};
    struct gc_parallel_step steps[4 * GC_DNS_MAX_ENDPOINTS + 8];
    size_t n = 0;
    *found = false;
    if (!(dns->vpc_id = gc_strdup(vpc_id))) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not load the resolver of %s.", vpc_id);
        goto cleanup;
    }
    steps[n++] = (struct gc_parallel_step){s_step_groups, &k.load};
    steps[n++] = (struct gc_parallel_step){s_step_endpoints, &k.load};
    for (size_t i = 0; i < known->n_endpoint_ids && i < 2 * GC_DNS_MAX_ENDPOINTS; i++) {
        if (!known->endpoint_ids[i])
            continue;
        s_fetch_init(&k.addresses[i], &gc_op_route53resolver_list_resolver_endpoint_ip_addresses,
                     json_pack("{s:s}", "ResolverEndpointId", known->endpoint_ids[i]), true);
        k.addresses[i].issued = true;
        steps[n++] = (struct gc_parallel_step){s_step_fetch, &k.addresses[i]};
    }
    s_fetch_init(&k.rules, &gc_op_route53resolver_list_resolver_rules, json_object(), true);
    steps[n++] = (struct gc_parallel_step){s_step_fetch, &k.rules};
    if (known->rules) {
        s_fetch_init(&k.associations, &gc_op_route53resolver_list_resolver_rule_associations,
                     s_associations_request(dns), true);
        k.associations.issued = true;
        steps[n++] = (struct gc_parallel_step){s_step_fetch, &k.associations};
    }
    s_fetch_init(&k.zones, &gc_op_route53_list_hosted_zones_by_vpc, s_zones_request(op, dns), false);
    steps[n++] = (struct gc_parallel_step){s_step_fetch, &k.zones};
    if (known->share_arn) {
        k.share.arn = known->share_arn;
        k.share_assocs[0] = (struct s_share_assocs){.arn = known->share_arn, .type = GC_RAM_ASSOC_PRINCIPAL};
        k.share_assocs[1] = (struct s_share_assocs){.arn = known->share_arn, .type = GC_RAM_ASSOC_RESOURCE};
        steps[n++] = (struct gc_parallel_step){s_step_share_get, &k.share};
        steps[n++] = (struct gc_parallel_step){s_step_share_assocs, &k.share_assocs[0]};
        steps[n++] = (struct gc_parallel_step){s_step_share_assocs, &k.share_assocs[1]};
    }
    if (gc_parallel_run(op, steps, n) != 0)
        goto cleanup;
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < GC_DNS_MAX_ENDPOINTS; i++)
            *found = *found || dns->sg_ids[d] || dns->endpoints[d][i].id;
    if (!*found) {
        result = 0; /* what the other reads answered does not matter: nothing of the resolver is left */
        goto cleanup;
    }
    n = 0;
    if (s_known_take(op, &k, known, steps, &n) != 0 || (n > 0 && gc_parallel_run(op, steps, n) != 0))
        goto cleanup;
    if (dns->n_rules > 0 &&
        (s_fetch_check(op, &k.associations) != 0 || s_associations_from_doc(op, dns, k.associations.out) != 0))
        goto cleanup;
    s_mark_shared(dns, &k.load.shared);
    result = 0;
cleanup:
    s_known_load_clean_up(&k);
    return result;
}
