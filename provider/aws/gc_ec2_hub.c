/* Typed EC2 operations for the municipality hub (see gc_ec2_hub.h). Wire names follow the EC2 2016-11-15
 * model, singular/plural traps included (TagSpecification.N vs TagSpecifications.N); responses are parsed by local
 * element name (gc_xml.h). */
#include "aws/gc_ec2_hub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_xml.h"
#include "base/gc_log.h"

#define S_MAX_PAGES 1000 /* a NextToken that never ends must not keep us busy for hours */

/* ------------------------------------------------------------------------------------------------------ */
/* errors and small helpers                                                                               */

static void s_err_set(struct gc_aws_error *err, const char *operation, const char *code, const char *message)
{
    if (!err)
        return;
    gc_aws_error_clean_up(err);
    memset(err, 0, sizeof *err);
    err->service = GC_SVC_EC2;
    err->operation = gc_strdup(operation);
    err->code = gc_strdup(code);
    err->message = gc_strdup(message);
}

static void s_err_reset(struct gc_aws_error *err)
{
    if (!err)
        return;
    gc_aws_error_clean_up(err);
    memset(err, 0, sizeof *err);
}

static const char *const s_not_found_codes[] = {
    "InvalidTransitGatewayID.NotFound",
    "InvalidTransitGatewayAttachmentID.NotFound",
    "InvalidRouteTableID.NotFound",
    "InvalidRoute.NotFound",
    "InvalidVpcEndpointId.NotFound",
    "InvalidVpcEndpoint.NotFound",
    "InvalidVpcEndpointServiceId.NotFound",
    "InvalidVpcID.NotFound",
    "InvalidSubnetID.NotFound",
    "InvalidGroup.NotFound",
    "InvalidSecurityGroupID.NotFound",
    "InvalidPrefixListID.NotFound",
};

bool gc_ec2_error_is_not_found(const struct gc_aws_error *err)
{
    if (!err || !err->code)
        return false;
    for (size_t i = 0; i < sizeof s_not_found_codes / sizeof s_not_found_codes[0]; i++) {
        if (strcmp(err->code, s_not_found_codes[i]) == 0)
            return true;
    }
    return false;
}

bool gc_ec2_state_is_gone(const char *state)
{
    return state &&
           (strcmp(state, "deleted") == 0 || strcmp(state, "disassociated") == 0 || strcmp(state, "disabled") == 0);
}

const char *gc_ec2_toggle_str(enum gc_ec2_toggle t)
{
    switch (t) {
    case GC_EC2_ENABLE:
        return "enable";
    case GC_EC2_DISABLE:
        return "disable";
    case GC_EC2_UNSET:
        break;
    }
    return NULL;
}

static void s_free_strv(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* Child texts of <name><item>x</item>...</name> into a malloc'd array. */
static int s_parse_strv(const xmlNode *node, const char *name, char ***out, size_t *n_out)
{
    int result = -1;
    char **v = NULL;
    size_t n = 0;
    const xmlNode *set = node ? gc_xml_child(node, name) : NULL;

    for (const xmlNode *it = set ? gc_xml_child(set, "item") : NULL; it; it = gc_xml_next(it)) {
        char **grown = realloc(v, (n + 1) * sizeof *v);
        if (!grown)
            goto cleanup;
        v = grown;
        xmlChar *text = xmlNodeGetContent(it);
        v[n] = gc_strdup(text ? (const char *)text : "");
        xmlFree(text);
        if (!v[n])
            goto cleanup;
        n++;
    }
    *out = v;
    *n_out = n;
    v = NULL;
    n = 0;
    result = 0;
cleanup:
    s_free_strv(v, n);
    return result;
}

static int s_parse_tags(const xmlNode *node, struct gc_tags *tags)
{
    const xmlNode *set = gc_xml_child(node, "tagSet");
    for (const xmlNode *it = set ? gc_xml_child(set, "item") : NULL; it; it = gc_xml_next(it)) {
        char *k = gc_xml_text(it, "key");
        char *v = gc_xml_text(it, "value");
        int rc = k ? gc_tags_add(tags, k, v ? v : "") : 0;
        free(k);
        free(v);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static bool s_xml_bool(const xmlNode *node, const char *path)
{
    return gc_xml_text_eq(node, path, "true") == 1;
}

static int64_t s_xml_int(const xmlNode *node, const char *path)
{
    char *text = gc_xml_text(node, path);
    int64_t v = 0;
    if (text) {
        char *end = NULL;
        errno = 0;
        long long parsed = strtoll(text, &end, 10);
        if (errno == 0 && end != text && *end == '\0')
            v = (int64_t)parsed;
    }
    free(text);
    return v;
}

/* ------------------------------------------------------------------------------------------------------ */
/* query builders                                                                                         */

static int s_add_opt(struct gc_query *q, const char *key, const char *value)
{
    return value ? gc_query_add(q, key, value) : 0;
}

static int s_add_toggle(struct gc_query *q, const char *key, enum gc_ec2_toggle t)
{
    return s_add_opt(q, key, gc_ec2_toggle_str(t));
}

static int s_add_list(struct gc_query *q, const char *prefix, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!items[i] || gc_query_addf(q, items[i], "%s.%zu", prefix, i + 1) != 0)
            return -1;
    }
    return 0;
}

/* <prefix>.1.ResourceType=<type>, <prefix>.1.Tag.M.Key/Value. Nothing for NULL or empty tags. */
static int s_add_tag_spec(struct gc_query *q, const char *prefix, const char *resource_type, const struct gc_tags *tags)
{
    if (!tags || tags->n == 0)
        return 0;
    if (gc_query_addf(q, resource_type, "%s.1.ResourceType", prefix) != 0)
        return -1;
    for (size_t i = 0; i < tags->n; i++) {
        if (gc_query_addf(q, tags->items[i].key, "%s.1.Tag.%zu.Key", prefix, i + 1) != 0 ||
            gc_query_addf(q, tags->items[i].value, "%s.1.Tag.%zu.Value", prefix, i + 1) != 0)
            return -1;
    }
    return 0;
}

static int s_add_select(struct gc_query *q, const char *ids_prefix, const struct gc_ec2_select *sel)
{
    if (!sel)
        return 0;
    if (sel->n_ids && s_add_list(q, ids_prefix, sel->ids, sel->n_ids) != 0)
        return -1;
    for (size_t i = 0; i < sel->n_filters; i++) {
        const struct gc_ec2_filter *f = &sel->filters[i];
        if (!f->name || gc_query_add_filter(q, (int)i + 1, f->name, f->values, f->n_values) != 0)
            return -1;
    }
    return 0;
}

static int s_query_copy(struct gc_query *out, const struct gc_query *in)
{
    for (size_t i = 0; in && i < in->n; i++) {
        if (gc_query_add(out, in->keys[i], in->values[i]) != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------------------ */
/* generic describe / call machinery                                                                      */

/* One describable object type. Elements of types used with s_get start with their `char *id`. */
struct s_kind {
    const char *describe_action; /* DescribeTransitGateways */
    const char *ids_prefix;      /* TransitGatewayIds */
    const char *set_name;        /* transitGatewaySet */
    size_t elem_size;
    int (*parse)(const xmlNode *node, void *out);
    void (*clean_up)(void *elem);
    const char *(*state)(const void *elem);
};

/* Pages through `action` with `base` (+ NextToken), parsing every <set_name><item> into a grown array.
 * Items whose state is gone are dropped unless `include_gone`. */
static int s_list(struct gc_aws_client *c, const struct s_kind *kind, const char *action, const struct gc_query *base,
                  bool include_gone, void **items_io, size_t *n_io, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};
    xmlDoc *doc = NULL;
    char *token = NULL;
    char *items = *items_io;
    size_t n = *n_io;

    for (int page = 0; page < S_MAX_PAGES; page++) {
        gc_query_init(&q);
        if (s_query_copy(&q, base) != 0 || (token && gc_query_add(&q, "NextToken", token) != 0)) {
            s_err_set(err, action, "InvalidArgument", "out of memory building the request");
            goto cleanup;
        }
        if (gc_ec2_call(c, action, &q, &doc, err) != 0)
            goto cleanup;
        gc_query_clean_up(&q);
        xmlNode *root = gc_xml_root(doc);
        xmlNode *set = root ? gc_xml_child(root, kind->set_name) : NULL;
        if (!root) {
            s_err_set(err, action, "InvalidResponse", "empty response document");
            goto cleanup;
        }
        for (const xmlNode *it = set ? gc_xml_child(set, "item") : NULL; it; it = gc_xml_next(it)) {
            char *grown = realloc(items, (n + 1) * kind->elem_size);
            if (!grown) {
                s_err_set(err, action, "InvalidResponse", "out of memory");
                goto cleanup;
            }
            items = grown;
            void *elem = items + n * kind->elem_size;
            memset(elem, 0, kind->elem_size);
            if (kind->parse(it, elem) != 0) {
                kind->clean_up(elem);
                s_err_set(err, action, "InvalidResponse", "malformed item in response");
                goto cleanup;
            }
            if (!include_gone && gc_ec2_state_is_gone(kind->state(elem))) {
                kind->clean_up(elem);
                continue;
            }
            n++;
        }
        char *next = gc_xml_text(root, "nextToken");
        xmlFreeDoc(doc);
        doc = NULL;
        if (next && token && strcmp(next, token) == 0) {
            free(next);
            s_err_set(err, action, "InvalidResponse", "the same nextToken was returned twice");
            goto cleanup;
        }
        free(token);
        token = next;
        if (!token || !*token) {
            result = 0;
            goto cleanup;
        }
    }
    s_err_set(err, action, "InvalidResponse", "too many result pages");
cleanup:
    *items_io = items;
    *n_io = n;
    gc_query_clean_up(&q);
    xmlFreeDoc(doc);
    free(token);
    return result;
}

/* Describe one object by id. Not-found errors, empty answers and deleted objects give *found = false. */
static int s_get(struct gc_aws_client *c, const struct s_kind *kind, const char *id_in, void *out, bool *found,
                 struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};
    char *items = NULL;
    size_t n = 0;
    char *id = gc_strdup(id_in); /* `id_in` may point into `out` (refreshing an object in place) */

    *found = false;
    kind->clean_up(out);
    if (!id || !*id) {
        s_err_set(err, kind->describe_action, "InvalidArgument", "missing id");
        goto cleanup;
    }
    gc_query_init(&q);
    if (gc_query_addf(&q, id, "%s.1", kind->ids_prefix) != 0) {
        s_err_set(err, kind->describe_action, "InvalidArgument", "out of memory building the request");
        goto cleanup;
    }
    if (s_list(c, kind, kind->describe_action, &q, true, (void **)&items, &n, err) != 0) {
        if (gc_ec2_error_is_not_found(err)) {
            s_err_reset(err);
            result = 0;
        }
        goto cleanup;
    }
    bool taken = false;
    for (size_t i = 0; i < n && !taken; i++) {
        /* keep the first one whose id matches (AWS answers only that one; be strict anyway) */
        void *elem = items + i * kind->elem_size;
        if (strcmp(*(char *const *)elem, id) == 0) {
            memcpy(out, elem, kind->elem_size);
            memset(elem, 0, kind->elem_size);
            taken = true;
            *found = !gc_ec2_state_is_gone(kind->state(out));
        }
    }
    result = 0;
cleanup:
    for (size_t i = 0; i < n; i++)
        kind->clean_up(items + i * kind->elem_size);
    free(items);
    free(id);
    gc_query_clean_up(&q);
    return result;
}

/* Calls `action`; if `out` is non-NULL parses the root's child `elem_name` into it (cleaned first). */
static int s_call_one(struct gc_aws_client *c, const char *action, const struct gc_query *q, const char *elem_name,
                      int (*parse)(const xmlNode *, void *), void (*clean_up)(void *), void *out,
                      struct gc_aws_error *err)
{
    int result = -1;
    xmlDoc *doc = NULL;

    if (out)
        clean_up(out);
    if (gc_ec2_call(c, action, q, &doc, err) != 0)
        goto cleanup;
    if (out) {
        xmlNode *root = gc_xml_root(doc);
        xmlNode *node = root ? gc_xml_child(root, elem_name) : NULL;
        if (!node || parse(node, out) != 0) {
            clean_up(out);
            s_err_set(err, action, "InvalidResponse", "the response lacks the expected object");
            goto cleanup;
        }
    }
    result = 0;
cleanup:
    xmlFreeDoc(doc);
    return result;
}

/* A delete by one id parameter; not-found counts as done. */
static int s_delete(struct gc_aws_client *c, const char *action, const char *param, const char *id,
                    struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};
    xmlDoc *doc = NULL;

    gc_query_init(&q);
    if (!id || !*id) {
        s_err_set(err, action, "InvalidArgument", "missing id");
        goto cleanup;
    }
    if (gc_query_add(&q, param, id) != 0) {
        s_err_set(err, action, "InvalidArgument", "out of memory building the request");
        goto cleanup;
    }
    if (gc_ec2_call(c, action, &q, &doc, err) != 0) {
        if (gc_ec2_error_is_not_found(err)) {
            GC_DEBUG("ec2 %s: %s already gone (%s)", action, id, err->code);
            s_err_reset(err);
            result = 0;
        }
        goto cleanup;
    }
    result = 0;
cleanup:
    xmlFreeDoc(doc);
    gc_query_clean_up(&q);
    return result;
}

/* ------------------------------------------------------------------------------------------------------ */
/* transit gateway                                                                                        */

void gc_ec2_tgw_spec_hub_defaults(struct gc_ec2_tgw_spec *spec)
{
    if (!spec)
        return;
    memset(spec, 0, sizeof *spec);
    spec->auto_accept_shared_attachments = GC_EC2_DISABLE;
    spec->default_route_table_association = GC_EC2_DISABLE;
    spec->default_route_table_propagation = GC_EC2_DISABLE;
    spec->dns_support = GC_EC2_ENABLE;
    spec->vpn_ecmp_support = GC_EC2_ENABLE;
}

void gc_ec2_tgw_clean_up(struct gc_ec2_tgw *t)
{
    if (!t)
        return;
    free(t->id);
    free(t->arn);
    free(t->state);
    free(t->owner_id);
    free(t->description);
    free(t->creation_time);
    free(t->auto_accept_shared_attachments);
    free(t->default_route_table_association);
    free(t->association_default_route_table_id);
    free(t->default_route_table_propagation);
    free(t->propagation_default_route_table_id);
    free(t->vpn_ecmp_support);
    free(t->dns_support);
    free(t->security_group_referencing_support);
    free(t->multicast_support);
    s_free_strv(t->cidr_blocks, t->n_cidr_blocks);
    gc_tags_clean_up(&t->tags);
    memset(t, 0, sizeof *t);
}

void gc_ec2_tgw_list_clean_up(struct gc_ec2_tgw_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ec2_tgw_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int s_parse_tgw(const xmlNode *n, void *vout)
{
    struct gc_ec2_tgw *t = vout;
    const xmlNode *o = gc_xml_child(n, "options");

    t->id = gc_xml_text(n, "transitGatewayId");
    if (!t->id)
        return -1;
    t->arn = gc_xml_text(n, "transitGatewayArn");
    t->state = gc_xml_text(n, "state");
    t->owner_id = gc_xml_text(n, "ownerId");
    t->description = gc_xml_text(n, "description");
    t->creation_time = gc_xml_text(n, "creationTime");
    if (o) {
        t->amazon_side_asn = s_xml_int(o, "amazonSideAsn");
        t->auto_accept_shared_attachments = gc_xml_text(o, "autoAcceptSharedAttachments");
        t->default_route_table_association = gc_xml_text(o, "defaultRouteTableAssociation");
        t->association_default_route_table_id = gc_xml_text(o, "associationDefaultRouteTableId");
        t->default_route_table_propagation = gc_xml_text(o, "defaultRouteTablePropagation");
        t->propagation_default_route_table_id = gc_xml_text(o, "propagationDefaultRouteTableId");
        t->vpn_ecmp_support = gc_xml_text(o, "vpnEcmpSupport");
        t->dns_support = gc_xml_text(o, "dnsSupport");
        t->security_group_referencing_support = gc_xml_text(o, "securityGroupReferencingSupport");
        t->multicast_support = gc_xml_text(o, "multicastSupport");
        if (s_parse_strv(o, "transitGatewayCidrBlocks", &t->cidr_blocks, &t->n_cidr_blocks) != 0)
            return -1;
    }
    return s_parse_tags(n, &t->tags);
}

static void s_clean_tgw(void *p)
{
    gc_ec2_tgw_clean_up(p);
}

static const char *s_state_tgw(const void *p)
{
    return ((const struct gc_ec2_tgw *)p)->state;
}

static const struct s_kind s_kind_tgw = {
    "DescribeTransitGateways",
    "TransitGatewayIds",
    "transitGatewaySet",
    sizeof(struct gc_ec2_tgw),
    s_parse_tgw,
    s_clean_tgw,
    s_state_tgw,
};

int gc_ec2_tgw_create(struct gc_aws_client *c, const struct gc_ec2_tgw_spec *spec, struct gc_ec2_tgw *out,
                      struct gc_aws_error *err)
{
    static const char action[] = "CreateTransitGateway";
    int result = -1;
    struct gc_query q = {0};
    char asn[32];

    gc_query_init(&q);
    if (!spec || !out) {
        s_err_set(err, action, "InvalidArgument", "missing spec");
        goto cleanup;
    }
    snprintf(asn, sizeof asn, "%lld", (long long)spec->amazon_side_asn);
    if (s_add_opt(&q, "Description", spec->description) != 0 ||
        (spec->amazon_side_asn > 0 && gc_query_add(&q, "Options.AmazonSideAsn", asn) != 0) ||
        s_add_toggle(&q, "Options.AutoAcceptSharedAttachments", spec->auto_accept_shared_attachments) != 0 ||
        s_add_toggle(&q, "Options.DefaultRouteTableAssociation", spec->default_route_table_association) != 0 ||
        s_add_toggle(&q, "Options.DefaultRouteTablePropagation", spec->default_route_table_propagation) != 0 ||
        s_add_toggle(&q, "Options.VpnEcmpSupport", spec->vpn_ecmp_support) != 0 ||
        s_add_toggle(&q, "Options.DnsSupport", spec->dns_support) != 0 ||
        s_add_toggle(&q, "Options.SecurityGroupReferencingSupport", spec->security_group_referencing_support) != 0 ||
        s_add_toggle(&q, "Options.MulticastSupport", spec->multicast_support) != 0 ||
        s_add_list(&q, "Options.TransitGatewayCidrBlocks", spec->cidr_blocks, spec->n_cidr_blocks) != 0 ||
        s_add_tag_spec(&q, "TagSpecification", "transit-gateway", spec->tags) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "transitGateway", s_parse_tgw, s_clean_tgw, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_get(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw *out, bool *found,
                   struct gc_aws_error *err)
{
    return s_get(c, &s_kind_tgw, id, out, found, err);
}

/* Shared by every typed list wrapper: builds the select query and pages. */
static int s_list_select(struct gc_aws_client *c, const struct s_kind *kind, const struct gc_ec2_select *sel,
                         void **items, size_t *n, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (s_add_select(&q, kind->ids_prefix, sel) != 0) {
        s_err_set(err, kind->describe_action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_list(c, kind, kind->describe_action, &q, sel && sel->include_deleted, items, n, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_tgw_list *out,
                    struct gc_aws_error *err)
{
    struct gc_ec2_tgw_list tmp = {0};
    if (s_list_select(c, &s_kind_tgw, sel, (void **)&tmp.items, &tmp.n, err) != 0) {
        gc_ec2_tgw_list_clean_up(&tmp);
        return -1;
    }
    gc_ec2_tgw_list_clean_up(out);
    *out = tmp;
    return 0;
}

int gc_ec2_tgw_modify(struct gc_aws_client *c, const char *id, const struct gc_ec2_tgw_modify *mod,
                      struct gc_ec2_tgw *out, struct gc_aws_error *err)
{
    static const char action[] = "ModifyTransitGateway";
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!id || !*id || !mod) {
        s_err_set(err, action, "InvalidArgument", "missing id or modification");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayId", id) != 0 || s_add_opt(&q, "Description", mod->description) != 0 ||
        s_add_list(&q, "Options.AddTransitGatewayCidrBlocks", mod->add_cidr_blocks, mod->n_add_cidr_blocks) != 0 ||
        s_add_list(&q, "Options.RemoveTransitGatewayCidrBlocks", mod->remove_cidr_blocks, mod->n_remove_cidr_blocks) !=
            0 ||
        s_add_toggle(&q, "Options.VpnEcmpSupport", mod->vpn_ecmp_support) != 0 ||
        s_add_toggle(&q, "Options.DnsSupport", mod->dns_support) != 0 ||
        s_add_toggle(&q, "Options.SecurityGroupReferencingSupport", mod->security_group_referencing_support) != 0 ||
        s_add_toggle(&q, "Options.AutoAcceptSharedAttachments", mod->auto_accept_shared_attachments) != 0 ||
        s_add_toggle(&q, "Options.DefaultRouteTableAssociation", mod->default_route_table_association) != 0 ||
        s_add_opt(&q, "Options.AssociationDefaultRouteTableId", mod->association_default_route_table_id) != 0 ||
        s_add_toggle(&q, "Options.DefaultRouteTablePropagation", mod->default_route_table_propagation) != 0 ||
        s_add_opt(&q, "Options.PropagationDefaultRouteTableId", mod->propagation_default_route_table_id) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "transitGateway", s_parse_tgw, s_clean_tgw, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, "DeleteTransitGateway", "TransitGatewayId", id, err);
}

/* ------------------------------------------------------------------------------------------------------ */
/* transit gateway route tables                                                                           */

void gc_ec2_tgw_rt_clean_up(struct gc_ec2_tgw_rt *rt)
{
    if (!rt)
        return;
    free(rt->id);
    free(rt->tgw_id);
    free(rt->state);
    free(rt->creation_time);
    gc_tags_clean_up(&rt->tags);
    memset(rt, 0, sizeof *rt);
}

void gc_ec2_tgw_rt_list_clean_up(struct gc_ec2_tgw_rt_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ec2_tgw_rt_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int s_parse_rt(const xmlNode *n, void *vout)
{
    struct gc_ec2_tgw_rt *rt = vout;
    rt->id = gc_xml_text(n, "transitGatewayRouteTableId");
    if (!rt->id)
        return -1;
    rt->tgw_id = gc_xml_text(n, "transitGatewayId");
    rt->state = gc_xml_text(n, "state");
    rt->creation_time = gc_xml_text(n, "creationTime");
    rt->default_association_route_table = s_xml_bool(n, "defaultAssociationRouteTable");
    rt->default_propagation_route_table = s_xml_bool(n, "defaultPropagationRouteTable");
    return s_parse_tags(n, &rt->tags);
}

static void s_clean_rt(void *p)
{
    gc_ec2_tgw_rt_clean_up(p);
}

static const char *s_state_rt(const void *p)
{
    return ((const struct gc_ec2_tgw_rt *)p)->state;
}

static const struct s_kind s_kind_rt = {
    "DescribeTransitGatewayRouteTables",
    "TransitGatewayRouteTableIds",
    "transitGatewayRouteTables",
    sizeof(struct gc_ec2_tgw_rt),
    s_parse_rt,
    s_clean_rt,
    s_state_rt,
};

int gc_ec2_tgw_rt_create(struct gc_aws_client *c, const char *tgw_id, const struct gc_tags *tags,
                         struct gc_ec2_tgw_rt *out, struct gc_aws_error *err)
{
    static const char action[] = "CreateTransitGatewayRouteTable";
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!tgw_id || !*tgw_id || !out) {
        s_err_set(err, action, "InvalidArgument", "missing transit gateway id");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayId", tgw_id) != 0 ||
        s_add_tag_spec(&q, "TagSpecifications", "transit-gateway-route-table", tags) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "transitGatewayRouteTable", s_parse_rt, s_clean_rt, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_rt_get(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_rt *out, bool *found,
                      struct gc_aws_error *err)
{
    return s_get(c, &s_kind_rt, id, out, found, err);
}

int gc_ec2_tgw_rt_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_tgw_rt_list *out,
                       struct gc_aws_error *err)
{
    struct gc_ec2_tgw_rt_list tmp = {0};
    if (s_list_select(c, &s_kind_rt, sel, (void **)&tmp.items, &tmp.n, err) != 0) {
        gc_ec2_tgw_rt_list_clean_up(&tmp);
        return -1;
    }
    gc_ec2_tgw_rt_list_clean_up(out);
    *out = tmp;
    return 0;
}

int gc_ec2_tgw_rt_list_tagged(struct gc_aws_client *c, const char *tgw_id, const char *tag_key,
                              struct gc_ec2_tgw_rt_list *out, struct gc_aws_error *err)
{
    const char *tgw_values[] = {tgw_id};
    const char *key_values[] = {tag_key};
    struct gc_ec2_filter filters[] = {
        {"transit-gateway-id", tgw_values, 1},
        {"tag-key", key_values, 1},
    };
    struct gc_ec2_select sel = {.filters = filters, .n_filters = 2};
    struct gc_ec2_tgw_rt_list tmp = {0};

    if (!tgw_id || !*tgw_id || !tag_key || !*tag_key) {
        s_err_set(err, s_kind_rt.describe_action, "InvalidArgument", "missing transit gateway id or tag key");
        return -1;
    }
    if (s_list_select(c, &s_kind_rt, &sel, (void **)&tmp.items, &tmp.n, err) != 0) {
        gc_ec2_tgw_rt_list_clean_up(&tmp);
        return -1;
    }
    /* Be strict even if a server ignores a filter: keep only tables of this TGW that carry the key. */
    size_t kept = 0;
    for (size_t i = 0; i < tmp.n; i++) {
        struct gc_ec2_tgw_rt *rt = &tmp.items[i];
        if (rt->tgw_id && strcmp(rt->tgw_id, tgw_id) == 0 && gc_tags_find(&rt->tags, tag_key)) {
            tmp.items[kept++] = *rt;
        } else {
            gc_ec2_tgw_rt_clean_up(rt);
        }
    }
    tmp.n = kept;
    gc_ec2_tgw_rt_list_clean_up(out);
    *out = tmp;
    return 0;
}

int gc_ec2_tgw_rt_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, "DeleteTransitGatewayRouteTable", "TransitGatewayRouteTableId", id, err);
}

/* ------------------------------------------------------------------------------------------------------ */
/* VPC and subnets                                                                                        */

void gc_ec2_vpc_clean_up(struct gc_ec2_vpc *vpc)
{
    if (!vpc)
        return;
    free(vpc->id);
    free(vpc->cidr_block);
    free(vpc->state);
    free(vpc->owner_id);
    gc_tags_clean_up(&vpc->tags);
    memset(vpc, 0, sizeof *vpc);
}

void gc_ec2_vpc_list_clean_up(struct gc_ec2_vpc_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ec2_vpc_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

void gc_ec2_subnet_clean_up(struct gc_ec2_subnet *s)
{
    if (!s)
        return;
    free(s->id);
    free(s->vpc_id);
    free(s->cidr_block);
    free(s->availability_zone);
    free(s->availability_zone_id);
    free(s->state);
    free(s->arn);
    free(s->owner_id);
    gc_tags_clean_up(&s->tags);
    memset(s, 0, sizeof *s);
}

void gc_ec2_subnet_list_clean_up(struct gc_ec2_subnet_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ec2_subnet_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int s_parse_vpc(const xmlNode *n, void *vout)
{
    struct gc_ec2_vpc *v = vout;
    v->id = gc_xml_text(n, "vpcId");
    if (!v->id)
        return -1;
    v->cidr_block = gc_xml_text(n, "cidrBlock");
    v->state = gc_xml_text(n, "state");
    v->owner_id = gc_xml_text(n, "ownerId");
    v->is_default = s_xml_bool(n, "isDefault");
    return s_parse_tags(n, &v->tags);
}

static void s_clean_vpc(void *p)
{
    gc_ec2_vpc_clean_up(p);
}

static const char *s_state_vpc(const void *p)
{
    return ((const struct gc_ec2_vpc *)p)->state;
}

static const struct s_kind s_kind_vpc = {
    "DescribeVpcs", "VpcId", "vpcSet", sizeof(struct gc_ec2_vpc), s_parse_vpc, s_clean_vpc, s_state_vpc,
};

static int s_parse_subnet(const xmlNode *n, void *vout)
{
    struct gc_ec2_subnet *s = vout;
    s->id = gc_xml_text(n, "subnetId");
    if (!s->id)
        return -1;
    s->vpc_id = gc_xml_text(n, "vpcId");
    s->cidr_block = gc_xml_text(n, "cidrBlock");
    s->availability_zone = gc_xml_text(n, "availabilityZone");
    s->availability_zone_id = gc_xml_text(n, "availabilityZoneId");
    s->state = gc_xml_text(n, "state");
    s->arn = gc_xml_text(n, "subnetArn");
    s->owner_id = gc_xml_text(n, "ownerId");
    return s_parse_tags(n, &s->tags);
}

static void s_clean_subnet(void *p)
{
    gc_ec2_subnet_clean_up(p);
}

static const char *s_state_subnet(const void *p)
{
    return ((const struct gc_ec2_subnet *)p)->state;
}

static const struct s_kind s_kind_subnet = {
    "DescribeSubnets", "SubnetId",     "subnetSet",    sizeof(struct gc_ec2_subnet),
    s_parse_subnet,    s_clean_subnet, s_state_subnet,
};

int gc_ec2_vpc_create(struct gc_aws_client *c, const char *cidr_block, const struct gc_tags *tags,
                      struct gc_ec2_vpc *out, struct gc_aws_error *err)
{
    static const char action[] = "CreateVpc";
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!cidr_block || !*cidr_block || !out) {
        s_err_set(err, action, "InvalidArgument", "missing CIDR block");
        goto cleanup;
    }
    if (gc_query_add(&q, "CidrBlock", cidr_block) != 0 || s_add_tag_spec(&q, "TagSpecification", "vpc", tags) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "vpc", s_parse_vpc, s_clean_vpc, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_vpc_get(struct gc_aws_client *c, const char *id, struct gc_ec2_vpc *out, bool *found,
                   struct gc_aws_error *err)
{
    return s_get(c, &s_kind_vpc, id, out, found, err);
}

int gc_ec2_vpc_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_vpc_list *out,
                    struct gc_aws_error *err)
{
    struct gc_ec2_vpc_list tmp = {0};
    if (s_list_select(c, &s_kind_vpc, sel, (void **)&tmp.items, &tmp.n, err) != 0) {
        gc_ec2_vpc_list_clean_up(&tmp);
        return -1;
    }
    gc_ec2_vpc_list_clean_up(out);
    *out = tmp;
    return 0;
}

int gc_ec2_vpc_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, "DeleteVpc", "VpcId", id, err);
}

int gc_ec2_subnet_create(struct gc_aws_client *c, const char *vpc_id, const char *cidr_block,
                         const char *availability_zone, const struct gc_tags *tags, struct gc_ec2_subnet *out,
                         struct gc_aws_error *err)
{
    static const char action[] = "CreateSubnet";
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!vpc_id || !*vpc_id || !cidr_block || !*cidr_block || !out) {
        s_err_set(err, action, "InvalidArgument", "missing VPC id or CIDR block");
        goto cleanup;
    }
    if (gc_query_add(&q, "VpcId", vpc_id) != 0 || gc_query_add(&q, "CidrBlock", cidr_block) != 0 ||
        s_add_opt(&q, "AvailabilityZone", availability_zone) != 0 ||
        s_add_tag_spec(&q, "TagSpecification", "subnet", tags) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "subnet", s_parse_subnet, s_clean_subnet, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_subnet_get(struct gc_aws_client *c, const char *id, struct gc_ec2_subnet *out, bool *found,
                      struct gc_aws_error *err)
{
    return s_get(c, &s_kind_subnet, id, out, found, err);
}

int gc_ec2_subnet_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_subnet_list *out,
                       struct gc_aws_error *err)
{
    struct gc_ec2_subnet_list tmp = {0};
    if (s_list_select(c, &s_kind_subnet, sel, (void **)&tmp.items, &tmp.n, err) != 0) {
        gc_ec2_subnet_list_clean_up(&tmp);
        return -1;
    }
    gc_ec2_subnet_list_clean_up(out);
    *out = tmp;
    return 0;
}

int gc_ec2_subnet_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, "DeleteSubnet", "SubnetId", id, err);
}

/* CreateTags / DeleteTags: ResourceId.N, Tag.N.Key[, Tag.N.Value]. */
static int s_tags_call(struct gc_aws_client *c, const char *action, const char *const *resource_ids, size_t n_ids,
                       const struct gc_tags *tags, bool with_values, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};
    xmlDoc *doc = NULL;

    gc_query_init(&q);
    if (!tags || tags->n == 0) {
        result = 0;
        goto cleanup;
    }
    if (!resource_ids || n_ids == 0) {
        s_err_set(err, action, "InvalidArgument", "no resource ids");
        goto cleanup;
    }
    if (s_add_list(&q, "ResourceId", resource_ids, n_ids) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    for (size_t i = 0; i < tags->n; i++) {
        if (gc_query_addf(&q, tags->items[i].key, "Tag.%zu.Key", i + 1) != 0 ||
            (with_values && gc_query_addf(&q, tags->items[i].value, "Tag.%zu.Value", i + 1) != 0)) {
            s_err_set(err, action, "InvalidArgument", "could not build the request");
            goto cleanup;
        }
    }
    if (gc_ec2_call(c, action, &q, &doc, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    xmlFreeDoc(doc);
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tags_create(struct gc_aws_client *c, const char *const *resource_ids, size_t n_ids,
                       const struct gc_tags *tags, struct gc_aws_error *err)
{
    return s_tags_call(c, "CreateTags", resource_ids, n_ids, tags, true, err);
}

int gc_ec2_tags_delete(struct gc_aws_client *c, const char *const *resource_ids, size_t n_ids,
                       const struct gc_tags *tags, struct gc_aws_error *err)
{
    return s_tags_call(c, "DeleteTags", resource_ids, n_ids, tags, false, err);
}

int gc_ec2_tags_update(struct gc_aws_client *c, const char *resource_id, const struct gc_tags *old_tags,
                       const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_tags to_set = {0};
    struct gc_tags to_remove = {0};
    const char *ids[] = {resource_id};

    if (!resource_id || !*resource_id) {
        s_err_set(err, "CreateTags", "InvalidArgument", "missing resource id");
        goto cleanup;
    }
    if (gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0) {
        s_err_set(err, "CreateTags", "InvalidArgument", "out of memory");
        goto cleanup;
    }
    if (gc_ec2_tags_delete(c, ids, 1, &to_remove, err) != 0)
        goto cleanup;
    if (gc_ec2_tags_create(c, ids, 1, &to_set, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_tags_clean_up(&to_set);
    gc_tags_clean_up(&to_remove);
    return result;
}

/* ------------------------------------------------------------------------------------------------------ */
/* transit gateway VPC attachments                                                                        */

void gc_ec2_tgw_vpc_attachment_clean_up(struct gc_ec2_tgw_vpc_attachment *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->tgw_id);
    free(a->vpc_id);
    free(a->vpc_owner_id);
    free(a->state);
    free(a->creation_time);
    s_free_strv(a->subnet_ids, a->n_subnet_ids);
    free(a->dns_support);
    free(a->ipv6_support);
    free(a->appliance_mode_support);
    free(a->security_group_referencing_support);
    gc_tags_clean_up(&a->tags);
    memset(a, 0, sizeof *a);
}

void gc_ec2_tgw_vpc_attachment_list_clean_up(struct gc_ec2_tgw_vpc_attachment_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ec2_tgw_vpc_attachment_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int s_parse_att(const xmlNode *n, void *vout)
{
    struct gc_ec2_tgw_vpc_attachment *a = vout;
    const xmlNode *o = gc_xml_child(n, "options");

    a->id = gc_xml_text(n, "transitGatewayAttachmentId");
    if (!a->id)
        return -1;
    a->tgw_id = gc_xml_text(n, "transitGatewayId");
    a->vpc_id = gc_xml_text(n, "vpcId");
    a->vpc_owner_id = gc_xml_text(n, "vpcOwnerId");
    a->state = gc_xml_text(n, "state");
    a->creation_time = gc_xml_text(n, "creationTime");
    if (s_parse_strv(n, "subnetIds", &a->subnet_ids, &a->n_subnet_ids) != 0)
        return -1;
    if (o) {
        a->dns_support = gc_xml_text(o, "dnsSupport");
        a->ipv6_support = gc_xml_text(o, "ipv6Support");
        a->appliance_mode_support = gc_xml_text(o, "applianceModeSupport");
        a->security_group_referencing_support = gc_xml_text(o, "securityGroupReferencingSupport");
    }
    return s_parse_tags(n, &a->tags);
}

static void s_clean_att(void *p)
{
    gc_ec2_tgw_vpc_attachment_clean_up(p);
}

static const char *s_state_att(const void *p)
{
    return ((const struct gc_ec2_tgw_vpc_attachment *)p)->state;
}

static const struct s_kind s_kind_att = {
    "DescribeTransitGatewayVpcAttachments",
    "TransitGatewayAttachmentIds",
    "transitGatewayVpcAttachments",
    sizeof(struct gc_ec2_tgw_vpc_attachment),
    s_parse_att,
    s_clean_att,
    s_state_att,
};

int gc_ec2_tgw_vpc_attachment_create(struct gc_aws_client *c, const struct gc_ec2_tgw_vpc_attachment_spec *spec,
                                     struct gc_ec2_tgw_vpc_attachment *out, struct gc_aws_error *err)
{
    static const char action[] = "CreateTransitGatewayVpcAttachment";
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!spec || !out || !spec->tgw_id || !*spec->tgw_id || !spec->vpc_id || !*spec->vpc_id ||
        spec->n_subnet_ids == 0) {
        s_err_set(err, action, "InvalidArgument", "transit gateway id, VPC id and subnet ids are required");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayId", spec->tgw_id) != 0 || gc_query_add(&q, "VpcId", spec->vpc_id) != 0 ||
        s_add_list(&q, "SubnetIds", spec->subnet_ids, spec->n_subnet_ids) != 0 ||
        s_add_toggle(&q, "Options.DnsSupport", spec->dns_support) != 0 ||
        s_add_toggle(&q, "Options.SecurityGroupReferencingSupport", spec->security_group_referencing_support) != 0 ||
        s_add_toggle(&q, "Options.Ipv6Support", spec->ipv6_support) != 0 ||
        s_add_toggle(&q, "Options.ApplianceModeSupport", spec->appliance_mode_support) != 0 ||
        s_add_tag_spec(&q, "TagSpecifications", "transit-gateway-attachment", spec->tags) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "transitGatewayVpcAttachment", s_parse_att, s_clean_att, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_vpc_attachment_get(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_vpc_attachment *out,
                                  bool *found, struct gc_aws_error *err)
{
    return s_get(c, &s_kind_att, id, out, found, err);
}

int gc_ec2_tgw_vpc_attachment_list(struct gc_aws_client *c, const struct gc_ec2_select *sel,
                                   struct gc_ec2_tgw_vpc_attachment_list *out, struct gc_aws_error *err)
{
    struct gc_ec2_tgw_vpc_attachment_list tmp = {0};
    if (s_list_select(c, &s_kind_att, sel, (void **)&tmp.items, &tmp.n, err) != 0) {
        gc_ec2_tgw_vpc_attachment_list_clean_up(&tmp);
        return -1;
    }
    gc_ec2_tgw_vpc_attachment_list_clean_up(out);
    *out = tmp;
    return 0;
}

int gc_ec2_tgw_vpc_attachment_list_by_tgw(struct gc_aws_client *c, const char *tgw_id,
                                          struct gc_ec2_tgw_vpc_attachment_list *out, struct gc_aws_error *err)
{
    const char *values[] = {tgw_id};
    struct gc_ec2_filter filter = {"transit-gateway-id", values, 1};
    struct gc_ec2_select sel = {.filters = &filter, .n_filters = 1};

    if (!tgw_id || !*tgw_id) {
        s_err_set(err, s_kind_att.describe_action, "InvalidArgument", "missing transit gateway id");
        return -1;
    }
    return gc_ec2_tgw_vpc_attachment_list(c, &sel, out, err);
}

int gc_ec2_tgw_vpc_attachment_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, "DeleteTransitGatewayVpcAttachment", "TransitGatewayAttachmentId", id, err);
}

/* ------------------------------------------------------------------------------------------------------ */
/* associations and propagations                                                                          */

void gc_ec2_tgw_rt_link_clean_up(struct gc_ec2_tgw_rt_link *l)
{
    if (!l)
        return;
    free(l->route_table_id);
    free(l->attachment_id);
    free(l->resource_id);
    free(l->resource_type);
    free(l->state);
    memset(l, 0, sizeof *l);
}

void gc_ec2_tgw_rt_link_list_clean_up(struct gc_ec2_tgw_rt_link_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ec2_tgw_rt_link_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int s_parse_link(const xmlNode *n, void *vout)
{
    struct gc_ec2_tgw_rt_link *l = vout;
    /* attachment id first so that the generic code can treat it as the id */
    l->attachment_id = gc_xml_text(n, "transitGatewayAttachmentId");
    if (!l->attachment_id)
        return -1;
    l->route_table_id = gc_xml_text(n, "transitGatewayRouteTableId");
    l->resource_id = gc_xml_text(n, "resourceId");
    l->resource_type = gc_xml_text(n, "resourceType");
    l->state = gc_xml_text(n, "state");
    return 0;
}

static void s_clean_link(void *p)
{
    gc_ec2_tgw_rt_link_clean_up(p);
}

static const char *s_state_link(const void *p)
{
    return ((const struct gc_ec2_tgw_rt_link *)p)->state;
}

static const struct s_kind s_kind_assoc = {
    "GetTransitGatewayRouteTableAssociations",
    NULL,
    "associations",
    sizeof(struct gc_ec2_tgw_rt_link),
    s_parse_link,
    s_clean_link,
    s_state_link,
};

static const struct s_kind s_kind_prop = {
    "GetTransitGatewayRouteTablePropagations",
    NULL,
    "transitGatewayRouteTablePropagations",
    sizeof(struct gc_ec2_tgw_rt_link),
    s_parse_link,
    s_clean_link,
    s_state_link,
};

static int s_link_call(struct gc_aws_client *c, const char *action, const char *elem, const char *rt_id,
                       const char *attachment_id, struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!rt_id || !*rt_id || !attachment_id || !*attachment_id) {
        s_err_set(err, action, "InvalidArgument", "route table id and attachment id are required");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayRouteTableId", rt_id) != 0 ||
        gc_query_add(&q, "TransitGatewayAttachmentId", attachment_id) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, elem, s_parse_link, s_clean_link, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

static int s_links_of(struct gc_aws_client *c, const struct s_kind *kind, const char *rt_id,
                      struct gc_ec2_tgw_rt_link_list *out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};
    struct gc_ec2_tgw_rt_link_list tmp = {0};

    gc_query_init(&q);
    if (!rt_id || !*rt_id) {
        s_err_set(err, kind->describe_action, "InvalidArgument", "missing route table id");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayRouteTableId", rt_id) != 0) {
        s_err_set(err, kind->describe_action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_list(c, kind, kind->describe_action, &q, true, (void **)&tmp.items, &tmp.n, err) != 0)
        goto cleanup;
    gc_ec2_tgw_rt_link_list_clean_up(out);
    *out = tmp;
    memset(&tmp, 0, sizeof tmp);
    result = 0;
cleanup:
    gc_ec2_tgw_rt_link_list_clean_up(&tmp);
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_rt_associate(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                            struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, "AssociateTransitGatewayRouteTable", "association", rt_id, attachment_id, out, err);
}

int gc_ec2_tgw_rt_disassociate(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                               struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, "DisassociateTransitGatewayRouteTable", "association", rt_id, attachment_id, out, err);
}

int gc_ec2_tgw_rt_associations(struct gc_aws_client *c, const char *rt_id, struct gc_ec2_tgw_rt_link_list *out,
                               struct gc_aws_error *err)
{
    return s_links_of(c, &s_kind_assoc, rt_id, out, err);
}

int gc_ec2_tgw_rt_propagation_enable(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                                     struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, "EnableTransitGatewayRouteTablePropagation", "propagation", rt_id, attachment_id, out, err);
}

int gc_ec2_tgw_rt_propagation_disable(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                                      struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, "DisableTransitGatewayRouteTablePropagation", "propagation", rt_id, attachment_id, out, err);
}

int gc_ec2_tgw_rt_propagations(struct gc_aws_client *c, const char *rt_id, struct gc_ec2_tgw_rt_link_list *out,
                               struct gc_aws_error *err)
{
    return s_links_of(c, &s_kind_prop, rt_id, out, err);
}

const struct gc_ec2_tgw_rt_link *gc_ec2_tgw_rt_link_find(const struct gc_ec2_tgw_rt_link_list *list,
                                                         const char *attachment_id)
{
    for (size_t i = 0; list && attachment_id && i < list->n; i++) {
        if (list->items[i].attachment_id && strcmp(list->items[i].attachment_id, attachment_id) == 0)
            return &list->items[i];
    }
    return NULL;
}

int gc_ec2_tgw_vpc_attachment_accept(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_vpc_attachment *out,
                                     struct gc_aws_error *err)
{
    static const char action[] = "AcceptTransitGatewayVpcAttachment";
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!id || !*id) {
        s_err_set(err, action, "InvalidArgument", "missing attachment id");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayAttachmentId", id) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "transitGatewayVpcAttachment", s_parse_att, s_clean_att, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

/* ------------------------------------------------------------------------------------------------------ */
/* static routes                                                                                          */

void gc_ec2_tgw_route_clean_up(struct gc_ec2_tgw_route *r)
{
    if (!r)
        return;
    free(r->destination_cidr_block);
    free(r->prefix_list_id);
    free(r->type);
    free(r->state);
    free(r->attachment_id);
    free(r->resource_id);
    free(r->resource_type);
    memset(r, 0, sizeof *r);
}

void gc_ec2_tgw_route_list_clean_up(struct gc_ec2_tgw_route_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ec2_tgw_route_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int s_parse_route(const xmlNode *n, void *vout)
{
    struct gc_ec2_tgw_route *r = vout;
    const xmlNode *atts = gc_xml_child(n, "transitGatewayAttachments");
    const xmlNode *first = atts ? gc_xml_child(atts, "item") : NULL;

    r->destination_cidr_block = gc_xml_text(n, "destinationCidrBlock");
    r->prefix_list_id = gc_xml_text(n, "prefixListId");
    if (!r->destination_cidr_block && !r->prefix_list_id)
        return -1;
    r->type = gc_xml_text(n, "type");
    r->state = gc_xml_text(n, "state");
    if (first) {
        r->attachment_id = gc_xml_text(first, "transitGatewayAttachmentId");
        r->resource_id = gc_xml_text(first, "resourceId");
        r->resource_type = gc_xml_text(first, "resourceType");
    }
    return 0;
}

static void s_clean_route(void *p)
{
    gc_ec2_tgw_route_clean_up(p);
}

static const char *s_state_route(const void *p)
{
    return ((const struct gc_ec2_tgw_route *)p)->state;
}

static const struct s_kind s_kind_route = {
    "SearchTransitGatewayRoutes",
    NULL,
    "routeSet",
    sizeof(struct gc_ec2_tgw_route),
    s_parse_route,
    s_clean_route,
    s_state_route,
};

int gc_ec2_tgw_route_create(struct gc_aws_client *c, const char *rt_id, const char *destination_cidr_block,
                            const char *attachment_id, struct gc_ec2_tgw_route *out, struct gc_aws_error *err)
{
    static const char action[] = "CreateTransitGatewayRoute";
    int result = -1;
    struct gc_query q = {0};

    gc_query_init(&q);
    if (!rt_id || !*rt_id || !destination_cidr_block || !*destination_cidr_block) {
        s_err_set(err, action, "InvalidArgument", "route table id and destination CIDR block are required");
        goto cleanup;
    }
    if (gc_query_add(&q, "DestinationCidrBlock", destination_cidr_block) != 0 ||
        gc_query_add(&q, "TransitGatewayRouteTableId", rt_id) != 0 ||
        (attachment_id ? gc_query_add(&q, "TransitGatewayAttachmentId", attachment_id)
                       : gc_query_add(&q, "Blackhole", "true")) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_call_one(c, action, &q, "route", s_parse_route, s_clean_route, out, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_route_delete(struct gc_aws_client *c, const char *rt_id, const char *destination_cidr_block,
                            struct gc_aws_error *err)
{
    static const char action[] = "DeleteTransitGatewayRoute";
    int result = -1;
    struct gc_query q = {0};
    xmlDoc *doc = NULL;

    gc_query_init(&q);
    if (!rt_id || !*rt_id || !destination_cidr_block || !*destination_cidr_block) {
        s_err_set(err, action, "InvalidArgument", "route table id and destination CIDR block are required");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayRouteTableId", rt_id) != 0 ||
        gc_query_add(&q, "DestinationCidrBlock", destination_cidr_block) != 0) {
        s_err_set(err, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_ec2_call(c, action, &q, &doc, err) != 0) {
        if (gc_ec2_error_is_not_found(err)) {
            s_err_reset(err);
            result = 0;
        }
        goto cleanup;
    }
    result = 0;
cleanup:
    xmlFreeDoc(doc);
    gc_query_clean_up(&q);
    return result;
}

int gc_ec2_tgw_route_search(struct gc_aws_client *c, const char *rt_id, const struct gc_ec2_filter *filters,
                            size_t n_filters, struct gc_ec2_tgw_route_list *out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_query q = {0};
    struct gc_ec2_tgw_route_list tmp = {0};
    struct gc_ec2_select sel = {.filters = filters, .n_filters = n_filters};

    gc_query_init(&q);
    if (!rt_id || !*rt_id || n_filters == 0) {
        s_err_set(err, s_kind_route.describe_action, "InvalidArgument",
                  "a route table id and at least one filter are required");
        goto cleanup;
    }
    if (gc_query_add(&q, "TransitGatewayRouteTableId", rt_id) != 0 || s_add_select(&q, NULL, &sel) != 0) {
        s_err_set(err, s_kind_route.describe_action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_list(c, &s_kind_route, s_kind_route.describe_action, &q, false, (void **)&tmp.items, &tmp.n, err) != 0)
        goto cleanup;
    gc_ec2_tgw_route_list_clean_up(out);
    *out = tmp;
    memset(&tmp, 0, sizeof tmp);
    result = 0;
cleanup:
    gc_ec2_tgw_route_list_clean_up(&tmp);
    gc_query_clean_up(&q);
    return result;
}
