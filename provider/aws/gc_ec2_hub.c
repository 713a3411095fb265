/* Typed EC2 operations for the municipality hub (see gc_ec2_hub.h), on the operation tables: a request is a
 * document (gc_aws_op.h) keyed by the EC2 model's member names, the query protocol puts it on the wire, and a
 * binding table (gc_aws_bind.h) reads each answer into the typed struct. No wire name appears in this file. */
#include "aws/gc_ec2_hub.h"

#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_bind.h"
#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "base/gc_log.h"

/* ------------------------------------------------------------------------------------------------------ */
/* errors and states                                                                                      */

bool gc_ec2_error_is_not_found(const struct gc_aws_error *err)
{
    /* Any EC2 operation's not-found code (provider/aws/aws-ops.json lists them per operation). */
    for (const struct gc_aws_op_def *const *op = gc_aws_all_ops; *op; op++) {
        if ((*op)->service == &gc_aws_service_ec2 && gc_aws_op_is_not_found(*op, err))
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

/* ------------------------------------------------------------------------------------------------------ */
/* the typed structs, as binding tables                                                                   */

#define T struct gc_ec2_tgw
static const struct gc_bind_field s_tgw_fields[] = {
    GC_BIND_STR(T, id, "TransitGatewayId"),
    GC_BIND_STR(T, arn, "TransitGatewayArn"),
    GC_BIND_STR(T, state, "State"),
    GC_BIND_STR(T, owner_id, "OwnerId"),
    GC_BIND_STR(T, description, "Description"),
    GC_BIND_STR(T, creation_time, "CreationTime"),
    GC_BIND_I64(T, amazon_side_asn, "Options.AmazonSideAsn"),
    GC_BIND_STR(T, auto_accept_shared_attachments, "Options.AutoAcceptSharedAttachments"),
    GC_BIND_STR(T, default_route_table_association, "Options.DefaultRouteTableAssociation"),
    GC_BIND_STR(T, association_default_route_table_id, "Options.AssociationDefaultRouteTableId"),
    GC_BIND_STR(T, default_route_table_propagation, "Options.DefaultRouteTablePropagation"),
    GC_BIND_STR(T, propagation_default_route_table_id, "Options.PropagationDefaultRouteTableId"),
    GC_BIND_STR(T, vpn_ecmp_support, "Options.VpnEcmpSupport"),
    GC_BIND_STR(T, dns_support, "Options.DnsSupport"),
    GC_BIND_STR(T, security_group_referencing_support, "Options.SecurityGroupReferencingSupport"),
    GC_BIND_STR(T, multicast_support, "Options.MulticastSupport"),
    GC_BIND_STRV(T, cidr_blocks, n_cidr_blocks, "Options.TransitGatewayCidrBlocks"),
    GC_BIND_TAGS(T, tags, "Tags"),
};
static const struct gc_bind_type s_tgw_type = GC_BIND_TYPE(T, s_tgw_fields);
#undef T

#define T struct gc_ec2_tgw_rt
static const struct gc_bind_field s_rt_fields[] = {
    GC_BIND_STR(T, id, "TransitGatewayRouteTableId"),
    GC_BIND_STR(T, tgw_id, "TransitGatewayId"),
    GC_BIND_STR(T, state, "State"),
    GC_BIND_STR(T, creation_time, "CreationTime"),
    GC_BIND_BOOL(T, default_association_route_table, "DefaultAssociationRouteTable"),
    GC_BIND_BOOL(T, default_propagation_route_table, "DefaultPropagationRouteTable"),
    GC_BIND_TAGS(T, tags, "Tags"),
};
static const struct gc_bind_type s_rt_type = GC_BIND_TYPE(T, s_rt_fields);
#undef T

#define T struct gc_ec2_vpc
static const struct gc_bind_field s_vpc_fields[] = {
    GC_BIND_STR(T, id, "VpcId"),         GC_BIND_STR(T, cidr_block, "CidrBlock"),  GC_BIND_STR(T, state, "State"),
    GC_BIND_STR(T, owner_id, "OwnerId"), GC_BIND_BOOL(T, is_default, "IsDefault"), GC_BIND_TAGS(T, tags, "Tags"),
};
static const struct gc_bind_type s_vpc_type = GC_BIND_TYPE(T, s_vpc_fields);
#undef T

#define T struct gc_ec2_subnet
static const struct gc_bind_field s_subnet_fields[] = {
    GC_BIND_STR(T, id, "SubnetId"),
    GC_BIND_STR(T, vpc_id, "VpcId"),
    GC_BIND_STR(T, cidr_block, "CidrBlock"),
    GC_BIND_STR(T, availability_zone, "AvailabilityZone"),
    GC_BIND_STR(T, availability_zone_id, "AvailabilityZoneId"),
    GC_BIND_STR(T, state, "State"),
    GC_BIND_STR(T, arn, "SubnetArn"),
    GC_BIND_STR(T, owner_id, "OwnerId"),
    GC_BIND_TAGS(T, tags, "Tags"),
};
static const struct gc_bind_type s_subnet_type = GC_BIND_TYPE(T, s_subnet_fields);
#undef T

#define T struct gc_ec2_tgw_vpc_attachment
static const struct gc_bind_field s_att_fields[] = {
    GC_BIND_STR(T, id, "TransitGatewayAttachmentId"),
    GC_BIND_STR(T, tgw_id, "TransitGatewayId"),
    GC_BIND_STR(T, vpc_id, "VpcId"),
    GC_BIND_STR(T, vpc_owner_id, "VpcOwnerId"),
    GC_BIND_STR(T, state, "State"),
    GC_BIND_STR(T, creation_time, "CreationTime"),
    GC_BIND_STRV(T, subnet_ids, n_subnet_ids, "SubnetIds"),
    GC_BIND_STR(T, dns_support, "Options.DnsSupport"),
    GC_BIND_STR(T, ipv6_support, "Options.Ipv6Support"),
    GC_BIND_STR(T, appliance_mode_support, "Options.ApplianceModeSupport"),
    GC_BIND_STR(T, security_group_referencing_support, "Options.SecurityGroupReferencingSupport"),
    GC_BIND_TAGS(T, tags, "Tags"),
};
static const struct gc_bind_type s_att_type = GC_BIND_TYPE(T, s_att_fields);
#undef T

/* Associations and propagations: the attachment id first, so that the generic code treats it as the id. */
#define T struct gc_ec2_tgw_rt_link
static const struct gc_bind_field s_link_fields[] = {
    GC_BIND_STR(T, attachment_id, "TransitGatewayAttachmentId"),
    GC_BIND_STR(T, route_table_id, "TransitGatewayRouteTableId"),
    GC_BIND_STR(T, resource_id, "ResourceId"),
    GC_BIND_STR(T, resource_type, "ResourceType"),
    GC_BIND_STR(T, state, "State"),
};
static const struct gc_bind_type s_link_type = GC_BIND_TYPE(T, s_link_fields);
#undef T

/* A route names its first target attachment. */
#define T struct gc_ec2_tgw_route
static const struct gc_bind_field s_route_fields[] = {
    GC_BIND_STR(T, destination_cidr_block, "DestinationCidrBlock"),
    GC_BIND_STR(T, prefix_list_id, "PrefixListId"),
    GC_BIND_STR(T, type, "Type"),
    GC_BIND_STR(T, state, "State"),
    GC_BIND_STR(T, attachment_id, "TransitGatewayAttachments.0.TransitGatewayAttachmentId"),
    GC_BIND_STR(T, resource_id, "TransitGatewayAttachments.0.ResourceId"),
    GC_BIND_STR(T, resource_type, "TransitGatewayAttachments.0.ResourceType"),
};
static const struct gc_bind_type s_route_type = GC_BIND_TYPE(T, s_route_fields);
#undef T

/* ------------------------------------------------------------------------------------------------------ */
/* one describable kind of object, and the generic call, list, get and delete                             */

struct s_kind {
    const struct gc_aws_op_def *describe; /* DescribeTransitGateways */
    const char *ids_member;               /* TransitGatewayIds; NULL: no selection by id */
    const char *result_key;               /* TransitGateways */
    const struct gc_bind_type *type;
    size_t id_offset;    /* of the `char *` that must be present (the object's id) */
    size_t state_offset; /* of its `char *state` */
};

static const struct s_kind s_kind_tgw = {&gc_op_ec2_describe_transit_gateways,
                                         "TransitGatewayIds",
                                         "TransitGateways",
                                         &s_tgw_type,
                                         offsetof(struct gc_ec2_tgw, id),
                                         offsetof(struct gc_ec2_tgw, state)};
static const struct s_kind s_kind_rt = {&gc_op_ec2_describe_transit_gateway_route_tables,
                                        "TransitGatewayRouteTableIds",
                                        "TransitGatewayRouteTables",
                                        &s_rt_type,
                                        offsetof(struct gc_ec2_tgw_rt, id),
                                        offsetof(struct gc_ec2_tgw_rt, state)};
static const struct s_kind s_kind_vpc = {
    &gc_op_ec2_describe_vpcs,          "VpcIds", "Vpcs", &s_vpc_type, offsetof(struct gc_ec2_vpc, id),
    offsetof(struct gc_ec2_vpc, state)};
static const struct s_kind s_kind_subnet = {
    &gc_op_ec2_describe_subnets,          "SubnetIds", "Subnets", &s_subnet_type, offsetof(struct gc_ec2_subnet, id),
    offsetof(struct gc_ec2_subnet, state)};
static const struct s_kind s_kind_att = {&gc_op_ec2_describe_transit_gateway_vpc_attachments,
                                         "TransitGatewayAttachmentIds",
                                         "TransitGatewayVpcAttachments",
                                         &s_att_type,
                                         offsetof(struct gc_ec2_tgw_vpc_attachment, id),
                                         offsetof(struct gc_ec2_tgw_vpc_attachment, state)};
static const struct s_kind s_kind_assoc = {&gc_op_ec2_get_transit_gateway_route_table_associations,
                                           NULL,
                                           "Associations",
                                           &s_link_type,
                                           offsetof(struct gc_ec2_tgw_rt_link, attachment_id),
                                           offsetof(struct gc_ec2_tgw_rt_link, state)};
static const struct s_kind s_kind_prop = {&gc_op_ec2_get_transit_gateway_route_table_propagations,
                                          NULL,
                                          "TransitGatewayRouteTablePropagations",
                                          &s_link_type,
                                          offsetof(struct gc_ec2_tgw_rt_link, attachment_id),
                                          offsetof(struct gc_ec2_tgw_rt_link, state)};
static const struct s_kind s_kind_route = {&gc_op_ec2_search_transit_gateway_routes,
                                           NULL,
                                           "Routes",
                                           &s_route_type,
                                           offsetof(struct gc_ec2_tgw_route, destination_cidr_block),
                                           offsetof(struct gc_ec2_tgw_route, state)};

static const char *s_field(const void *elem, size_t offset)
{
    return *(char *const *)(const void *)((const char *)elem + offset);
}

/* A route may name a prefix list instead of a CIDR block; every other object must carry its id. */
static bool s_is_whole(const struct s_kind *kind, const void *elem)
{
    if (kind == &s_kind_route)
        return s_field(elem, offsetof(struct gc_ec2_tgw_route, destination_cidr_block)) ||
               s_field(elem, offsetof(struct gc_ec2_tgw_route, prefix_list_id));
    return s_field(elem, kind->id_offset) != NULL;
}

/* Adds Filters: [{Name, Values: [...]}] (and the ids member) of a selection to `in`. */
static int s_add_select(json_t *in, const char *ids_member, const struct gc_ec2_select *sel)
{
    json_t *ids = NULL, *filters = NULL;
    int rc = 0;
    if (!sel)
        return 0;
    if (sel->n_ids > 0) {
        ids = json_array();
        for (size_t i = 0; ids && i < sel->n_ids; i++)
            rc |= sel->ids[i] ? json_array_append_new(ids, json_string(sel->ids[i])) : -1;
        if (ids_member)
            rc |= json_object_set_new(in, ids_member, ids);
        else
            json_decref(ids);
        rc |= ids && ids_member ? 0 : -1;
    }
    if (sel->n_filters > 0) {
        filters = json_array();
        for (size_t i = 0; filters && i < sel->n_filters; i++) {
            const struct gc_ec2_filter *f = &sel->filters[i];
            json_t *values = json_array();
            for (size_t k = 0; values && k < f->n_values; k++)
                rc |= f->values[k] ? json_array_append_new(values, json_string(f->values[k])) : -1;
            rc |= f->name && values
                      ? json_array_append_new(filters, json_pack("{s:s, s:o}", "Name", f->name, "Values", values))
                      : -1;
        }
        rc |= json_object_set_new(in, "Filters", filters);
        rc |= filters ? 0 : -1;
    }
    return rc ? -1 : 0;
}

/* Adds TagSpecifications: [{ResourceType, Tags: [{Key, Value}...]}] unless `tags` is NULL or empty. */
static int s_add_tag_specs(json_t *in, const char *resource_type, const struct gc_tags *tags)
{
    int rc = 0;
    if (!tags || tags->n == 0)
        return 0;
    json_t *list = json_array();
    for (size_t i = 0; list && i < tags->n; i++)
        rc |= json_array_append_new(list, json_pack("{s:s, s:s}", "Key", tags->items[i].key, "Value",
                                                    tags->items[i].value ? tags->items[i].value : ""));
    json_t *spec = list ? json_pack("[{s:s, s:o}]", "ResourceType", resource_type, "Tags", list) : NULL;
    rc |= json_object_set_new(in, "TagSpecifications", spec);
    return rc || !spec ? -1 : 0;
}

static json_t *s_strings(const char *const *items, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        if (!items[i] || json_array_append_new(arr, json_string(items[i])) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

/* Calls `op` with `in` (consumed; NULL means it could not be built) and, if `out` is non-NULL, fills it from
 * the answer's `member` with `type` (cleaned first). */
static int s_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, json_t *in, const char *member,
                  const struct s_kind *kind, void *out, struct gc_aws_error *err)
{
    int result = -1;
    json_t *answer = NULL;

    if (out)
        gc_bind_clean_up(kind->type, out);
    if (!in) {
        gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call(c, op, in, &answer, err) != 0)
        goto cleanup;
    if (out && (gc_bind_fill(kind->type, out, gc_doc_get(answer, member)) != 0 || !s_is_whole(kind, out))) {
        gc_bind_clean_up(kind->type, out);
        gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidResponse", "the response lacks the expected object");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(in);
    json_decref(answer);
    return result;
}

/* Every page of `kind`'s describe for `in` (consumed), appended to *items_io / *n_io. Items whose state is
 * gone are dropped unless `include_gone`. */
static int s_list(struct gc_aws_client *c, const struct s_kind *kind, json_t *in, bool include_gone, void **items_io,
                  size_t *n_io, struct gc_aws_error *err)
{
    int result = -1;
    json_t *answer = NULL;
    void *page = NULL;
    size_t n_page = 0;
    const char *action = kind->describe->name;

    if (!in) {
        gc_aws_error_set(err, GC_SVC_EC2, action, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call_all(c, kind->describe, in, &answer, err) != 0)
        goto cleanup;
    if (gc_bind_array_fill(kind->type, gc_doc_get(answer, kind->result_key), &page, &n_page) != 0) {
        gc_aws_error_set(err, GC_SVC_EC2, action, "InvalidResponse", "malformed item in response");
        goto cleanup;
    }
    char *grown = n_page ? realloc(*items_io, (*n_io + n_page) * kind->type->size) : *items_io;
    if (n_page && !grown) {
        gc_aws_error_set(err, GC_SVC_EC2, action, "InvalidResponse", "out of memory");
        goto cleanup;
    }
    *items_io = grown;
    for (size_t i = 0; i < n_page; i++) {
        char *elem = (char *)page + i * kind->type->size;
        if (!s_is_whole(kind, elem)) {
            gc_aws_error_set(err, GC_SVC_EC2, action, "InvalidResponse", "malformed item in response");
            goto cleanup;
        }
    }
    for (size_t i = 0; i < n_page; i++) {
        char *elem = (char *)page + i * kind->type->size;
        if (!include_gone && gc_ec2_state_is_gone(s_field(elem, kind->state_offset))) {
            gc_bind_clean_up(kind->type, elem);
            continue;
        }
        memcpy(grown + *n_io * kind->type->size, elem, kind->type->size);
        memset(elem, 0, kind->type->size);
        (*n_io)++;
    }
    result = 0;
cleanup:
    gc_bind_array_free(kind->type, page, n_page);
    json_decref(in);
    json_decref(answer);
    return result;
}

/* What a list call made, before it replaces a typed list (every gc_ec2_*_list is {items, n}). */
struct s_any_list {
    void *items;
    size_t n;
};

/* Replaces the typed list `out` (cleaned up first) with the items of `tmp`. */
#define S_TAKE_LIST(type, out, tmp)                                                                                    \
    do {                                                                                                               \
        gc_bind_array_free((type), (out)->items, (out)->n);                                                            \
        (out)->items = (tmp).items;                                                                                    \
        (out)->n = (tmp).n;                                                                                            \
    } while (0)

/* Lists into `out` (empty on entry); on failure nothing is kept. */
static int s_list_into(struct gc_aws_client *c, const struct s_kind *kind, json_t *in, bool include_gone,
                       struct s_any_list *out, struct gc_aws_error *err)
{
    if (s_list(c, kind, in, include_gone, &out->items, &out->n, err) == 0)
        return 0;
    gc_bind_array_free(kind->type, out->items, out->n);
    out->items = NULL;
    out->n = 0;
    return -1;
}

static int s_list_select(struct gc_aws_client *c, const struct s_kind *kind, const struct gc_ec2_select *sel,
                         struct s_any_list *out, struct gc_aws_error *err)
{
    json_t *in = json_object();
    if (in && s_add_select(in, kind->ids_member, sel) != 0) {
        json_decref(in);
        in = NULL;
    }
    return s_list_into(c, kind, in, sel && sel->include_deleted, out, err);
}

/* Describe one object by id. Not-found errors, empty answers and deleted objects give *found = false. */
static int s_get(struct gc_aws_client *c, const struct s_kind *kind, const char *id_in, void *out, bool *found,
                 struct gc_aws_error *err)
{
    int result = -1;
    struct s_any_list all = {0};
    char *id = gc_strdup(id_in); /* `id_in` may point into `out` (refreshing an object in place) */

    *found = false;
    gc_bind_clean_up(kind->type, out);
    if (!id || !*id) {
        gc_aws_error_set(err, GC_SVC_EC2, kind->describe->name, "InvalidArgument", "missing id");
        goto cleanup;
    }
    if (s_list(c, kind, json_pack("{s:[s]}", kind->ids_member, id), true, &all.items, &all.n, err) != 0) {
        if (gc_aws_op_is_not_found(kind->describe, err)) {
            gc_aws_error_clean_up(err);
            result = 0;
        }
        goto cleanup;
    }
    for (size_t i = 0; i < all.n; i++) {
        /* keep the first one whose id matches (AWS answers only that one; be strict anyway) */
        char *elem = (char *)all.items + i * kind->type->size;
        if (strcmp(s_field(elem, kind->id_offset), id) == 0) {
            memcpy(out, elem, kind->type->size);
            memset(elem, 0, kind->type->size);
            *found = !gc_ec2_state_is_gone(s_field(out, kind->state_offset));
            break;
        }
    }
    result = 0;
cleanup:
    gc_bind_array_free(kind->type, all.items, all.n);
    free(id);
    return result;
}

/* A delete by one id member; not-found counts as done. */
static int s_delete(struct gc_aws_client *c, const struct gc_aws_op_def *op, const char *member, const char *id,
                    struct gc_aws_error *err)
{
    int result = -1;
    json_t *answer = NULL;
    json_t *in = NULL;

    if (!id || !*id) {
        gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidArgument", "missing id");
        goto cleanup;
    }
    in = json_pack("{s:s}", member, id);
    if (!in) {
        gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call(c, op, in, &answer, err) != 0) {
        if (gc_aws_op_is_not_found(op, err)) {
            GC_DEBUG("ec2 %s: %s already gone (%s)", op->name, id, err->code);
            gc_aws_error_clean_up(err);
            result = 0;
        }
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(in);
    json_decref(answer);
    return result;
}

/* ------------------------------------------------------------------------------------------------------ */
/* transit gateway                                                                                        */

GC_BIND_CLEAN_UP_FNS(gc_ec2_tgw, &s_tgw_type)

int gc_ec2_tgw_create(struct gc_aws_client *c, const struct gc_ec2_tgw_spec *spec, struct gc_ec2_tgw *out,
                      struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!spec || !out) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_transit_gateway.name, "InvalidArgument", "missing spec");
        return -1;
    }
    json_t *options =
        json_pack("{s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*}", "AutoAcceptSharedAttachments",
                  gc_ec2_toggle_str(spec->auto_accept_shared_attachments), "DefaultRouteTableAssociation",
                  gc_ec2_toggle_str(spec->default_route_table_association), "DefaultRouteTablePropagation",
                  gc_ec2_toggle_str(spec->default_route_table_propagation), "VpnEcmpSupport",
                  gc_ec2_toggle_str(spec->vpn_ecmp_support), "DnsSupport", gc_ec2_toggle_str(spec->dns_support),
                  "SecurityGroupReferencingSupport", gc_ec2_toggle_str(spec->security_group_referencing_support),
                  "MulticastSupport", gc_ec2_toggle_str(spec->multicast_support));
    if (options && spec->amazon_side_asn > 0 &&
        json_object_set_new(options, "AmazonSideAsn", json_integer((json_int_t)spec->amazon_side_asn)) != 0) {
        json_decref(options);
        options = NULL;
    }
    if (options && spec->n_cidr_blocks > 0 &&
        json_object_set_new(options, "TransitGatewayCidrBlocks", s_strings(spec->cidr_blocks, spec->n_cidr_blocks)) !=
            0) {
        json_decref(options);
        options = NULL;
    }
    if (options)
        in = json_pack("{s:s*, s:o}", "Description", spec->description, "Options", options);
    if (in && s_add_tag_specs(in, "transit-gateway", spec->tags) != 0) {
        json_decref(in);
        in = NULL;
    }
    return s_call(c, &gc_op_ec2_create_transit_gateway, in, "TransitGateway", &s_kind_tgw, out, err);
}

int gc_ec2_tgw_get(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw *out, bool *found,
                   struct gc_aws_error *err)
{
    return s_get(c, &s_kind_tgw, id, out, found, err);
}

int gc_ec2_tgw_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_tgw_list *out,
                    struct gc_aws_error *err)
{
    struct s_any_list tmp = {0};
    int rc = s_list_select(c, &s_kind_tgw, sel, &tmp, err);
    if (rc == 0)
        S_TAKE_LIST(s_kind_tgw.type, out, tmp);
    return rc;
}

int gc_ec2_tgw_modify(struct gc_aws_client *c, const char *id, const struct gc_ec2_tgw_modify *mod,
                      struct gc_ec2_tgw *out, struct gc_aws_error *err)
{
    const char *action = gc_op_ec2_modify_transit_gateway.name;
    json_t *in = NULL;
    if (!id || !*id || !mod) {
        gc_aws_error_set(err, GC_SVC_EC2, action, "InvalidArgument", "missing id or modification");
        return -1;
    }
    json_t *options =
        json_pack("{s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*}", "VpnEcmpSupport",
                  gc_ec2_toggle_str(mod->vpn_ecmp_support), "DnsSupport", gc_ec2_toggle_str(mod->dns_support),
                  "SecurityGroupReferencingSupport", gc_ec2_toggle_str(mod->security_group_referencing_support),
                  "AutoAcceptSharedAttachments", gc_ec2_toggle_str(mod->auto_accept_shared_attachments),
                  "DefaultRouteTableAssociation", gc_ec2_toggle_str(mod->default_route_table_association),
                  "AssociationDefaultRouteTableId", mod->association_default_route_table_id,
                  "DefaultRouteTablePropagation", gc_ec2_toggle_str(mod->default_route_table_propagation),
                  "PropagationDefaultRouteTableId", mod->propagation_default_route_table_id);
    if (options && mod->n_add_cidr_blocks > 0 &&
        json_object_set_new(options, "AddTransitGatewayCidrBlocks",
                            s_strings(mod->add_cidr_blocks, mod->n_add_cidr_blocks)) != 0) {
        json_decref(options);
        options = NULL;
    }
    if (options && mod->n_remove_cidr_blocks > 0 &&
        json_object_set_new(options, "RemoveTransitGatewayCidrBlocks",
                            s_strings(mod->remove_cidr_blocks, mod->n_remove_cidr_blocks)) != 0) {
        json_decref(options);
        options = NULL;
    }
    if (options)
        in = json_pack("{s:s, s:s*, s:o}", "TransitGatewayId", id, "Description", mod->description, "Options", options);
    return s_call(c, &gc_op_ec2_modify_transit_gateway, in, "TransitGateway", &s_kind_tgw, out, err);
}

int gc_ec2_tgw_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, &gc_op_ec2_delete_transit_gateway, "TransitGatewayId", id, err);
}

/* ------------------------------------------------------------------------------------------------------ */
/* transit gateway route tables                                                                           */

GC_BIND_CLEAN_UP_FNS(gc_ec2_tgw_rt, &s_rt_type)

int gc_ec2_tgw_rt_create(struct gc_aws_client *c, const char *tgw_id, const struct gc_tags *tags,
                         struct gc_ec2_tgw_rt *out, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!tgw_id || !*tgw_id || !out) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_transit_gateway_route_table.name, "InvalidArgument",
                         "missing transit gateway id");
        return -1;
    }
    in = json_pack("{s:s}", "TransitGatewayId", tgw_id);
    if (in && s_add_tag_specs(in, "transit-gateway-route-table", tags) != 0) {
        json_decref(in);
        in = NULL;
    }
    return s_call(c, &gc_op_ec2_create_transit_gateway_route_table, in, "TransitGatewayRouteTable", &s_kind_rt, out,
                  err);
}

int gc_ec2_tgw_rt_get(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_rt *out, bool *found,
                      struct gc_aws_error *err)
{
    return s_get(c, &s_kind_rt, id, out, found, err);
}

int gc_ec2_tgw_rt_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_tgw_rt_list *out,
                       struct gc_aws_error *err)
{
    struct s_any_list tmp = {0};
    int rc = s_list_select(c, &s_kind_rt, sel, &tmp, err);
    if (rc == 0)
        S_TAKE_LIST(s_kind_rt.type, out, tmp);
    return rc;
}

int gc_ec2_tgw_rt_list_tagged(struct gc_aws_client *c, const char *tgw_id, const char *tag_key,
                              struct gc_ec2_tgw_rt_list *out, struct gc_aws_error *err)
{
    const char *tgw_values[] = {tgw_id};
    const char *key_values[] = {tag_key};
    struct gc_ec2_filter filters[] = {
        {.name = "transit-gateway-id", .values = tgw_values, .n_values = 1},
        {.name = "tag-key", .values = key_values, .n_values = 1},
    };
    struct gc_ec2_select sel = {.filters = filters, .n_filters = 2};
    struct gc_ec2_tgw_rt_list tmp = {0};

    if (!tgw_id || !*tgw_id || !tag_key || !*tag_key) {
        gc_aws_error_set(err, GC_SVC_EC2, s_kind_rt.describe->name, "InvalidArgument",
                         "missing transit gateway id or tag key");
        return -1;
    }
    if (gc_ec2_tgw_rt_list(c, &sel, &tmp, err) != 0)
        return -1;
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
    return s_delete(c, &gc_op_ec2_delete_transit_gateway_route_table, "TransitGatewayRouteTableId", id, err);
}

/* ------------------------------------------------------------------------------------------------------ */
/* VPC and subnets                                                                                        */

GC_BIND_CLEAN_UP_FNS(gc_ec2_vpc, &s_vpc_type)

GC_BIND_CLEAN_UP_FNS(gc_ec2_subnet, &s_subnet_type)

int gc_ec2_vpc_create(struct gc_aws_client *c, const char *cidr_block, const struct gc_tags *tags,
                      struct gc_ec2_vpc *out, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!cidr_block || !*cidr_block || !out) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_vpc.name, "InvalidArgument", "missing CIDR block");
        return -1;
    }
    in = json_pack("{s:s}", "CidrBlock", cidr_block);
    if (in && s_add_tag_specs(in, "vpc", tags) != 0) {
        json_decref(in);
        in = NULL;
    }
    return s_call(c, &gc_op_ec2_create_vpc, in, "Vpc", &s_kind_vpc, out, err);
}

int gc_ec2_vpc_get(struct gc_aws_client *c, const char *id, struct gc_ec2_vpc *out, bool *found,
                   struct gc_aws_error *err)
{
    return s_get(c, &s_kind_vpc, id, out, found, err);
}

int gc_ec2_vpc_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_vpc_list *out,
                    struct gc_aws_error *err)
{
    struct s_any_list tmp = {0};
    int rc = s_list_select(c, &s_kind_vpc, sel, &tmp, err);
    if (rc == 0)
        S_TAKE_LIST(s_kind_vpc.type, out, tmp);
    return rc;
}

int gc_ec2_vpc_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, &gc_op_ec2_delete_vpc, "VpcId", id, err);
}

int gc_ec2_subnet_create(struct gc_aws_client *c, const char *vpc_id, const char *cidr_block,
                         const char *availability_zone, const struct gc_tags *tags, struct gc_ec2_subnet *out,
                         struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!vpc_id || !*vpc_id || !cidr_block || !*cidr_block || !out) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_subnet.name, "InvalidArgument",
                         "missing VPC id or CIDR block");
        return -1;
    }
    in = json_pack("{s:s, s:s, s:s*}", "VpcId", vpc_id, "CidrBlock", cidr_block, "AvailabilityZone", availability_zone);
    if (in && s_add_tag_specs(in, "subnet", tags) != 0) {
        json_decref(in);
        in = NULL;
    }
    return s_call(c, &gc_op_ec2_create_subnet, in, "Subnet", &s_kind_subnet, out, err);
}

int gc_ec2_subnet_get(struct gc_aws_client *c, const char *id, struct gc_ec2_subnet *out, bool *found,
                      struct gc_aws_error *err)
{
    return s_get(c, &s_kind_subnet, id, out, found, err);
}

int gc_ec2_subnet_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct gc_ec2_subnet_list *out,
                       struct gc_aws_error *err)
{
    struct s_any_list tmp = {0};
    int rc = s_list_select(c, &s_kind_subnet, sel, &tmp, err);
    if (rc == 0)
        S_TAKE_LIST(s_kind_subnet.type, out, tmp);
    return rc;
}

int gc_ec2_subnet_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, &gc_op_ec2_delete_subnet, "SubnetId", id, err);
}

/* CreateTags / DeleteTags: Resources and Tags [{Key[, Value]}]. */
static int s_tags_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, const char *const *resource_ids,
                       size_t n_ids, const struct gc_tags *tags, bool with_values, struct gc_aws_error *err)
{
    int result = -1;
    json_t *in = NULL, *list = NULL, *answer = NULL;
    int rc = 0;

    if (!tags || tags->n == 0) {
        result = 0;
        goto cleanup;
    }
    if (!resource_ids || n_ids == 0) {
        gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidArgument", "no resource ids");
        goto cleanup;
    }
    list = json_array();
    for (size_t i = 0; list && i < tags->n; i++)
        rc |= json_array_append_new(list, with_values ? json_pack("{s:s, s:s}", "Key", tags->items[i].key, "Value",
                                                                  tags->items[i].value ? tags->items[i].value : "")
                                                      : json_pack("{s:s}", "Key", tags->items[i].key));
    in = list && rc == 0 ? json_pack("{s:o, s:O}", "Resources", s_strings(resource_ids, n_ids), "Tags", list) : NULL;
    if (!in) {
        gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call(c, op, in, &answer, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    json_decref(list);
    json_decref(in);
    json_decref(answer);
    return result;
}

int gc_ec2_tags_create(struct gc_aws_client *c, const char *const *resource_ids, size_t n_ids,
                       const struct gc_tags *tags, struct gc_aws_error *err)
{
    return s_tags_call(c, &gc_op_ec2_create_tags, resource_ids, n_ids, tags, true, err);
}

int gc_ec2_tags_delete(struct gc_aws_client *c, const char *const *resource_ids, size_t n_ids,
                       const struct gc_tags *tags, struct gc_aws_error *err)
{
    return s_tags_call(c, &gc_op_ec2_delete_tags, resource_ids, n_ids, tags, false, err);
}

int gc_ec2_tags_update(struct gc_aws_client *c, const char *resource_id, const struct gc_tags *old_tags,
                       const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_tags to_set = {0};
    struct gc_tags to_remove = {0};
    const char *ids[] = {resource_id};

    if (!resource_id || !*resource_id) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_tags.name, "InvalidArgument", "missing resource id");
        goto cleanup;
    }
    if (gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_tags.name, "InvalidArgument", "out of memory");
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

GC_BIND_CLEAN_UP_FNS(gc_ec2_tgw_vpc_attachment, &s_att_type)

int gc_ec2_tgw_vpc_attachment_create(struct gc_aws_client *c, const struct gc_ec2_tgw_vpc_attachment_spec *spec,
                                     struct gc_ec2_tgw_vpc_attachment *out, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!spec || !out || !spec->tgw_id || !*spec->tgw_id || !spec->vpc_id || !*spec->vpc_id ||
        spec->n_subnet_ids == 0) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_transit_gateway_vpc_attachment.name, "InvalidArgument",
                         "transit gateway id, VPC id and subnet ids are required");
        return -1;
    }
    json_t *options = json_pack(
        "{s:s*, s:s*, s:s*, s:s*}", "DnsSupport", gc_ec2_toggle_str(spec->dns_support),
        "SecurityGroupReferencingSupport", gc_ec2_toggle_str(spec->security_group_referencing_support), "Ipv6Support",
        gc_ec2_toggle_str(spec->ipv6_support), "ApplianceModeSupport", gc_ec2_toggle_str(spec->appliance_mode_support));
    json_t *subnets = s_strings(spec->subnet_ids, spec->n_subnet_ids);
    if (options && subnets)
        in = json_pack("{s:s, s:s, s:O, s:O}", "TransitGatewayId", spec->tgw_id, "VpcId", spec->vpc_id, "SubnetIds",
                       subnets, "Options", options);
    json_decref(options);
    json_decref(subnets);
    if (in && s_add_tag_specs(in, "transit-gateway-attachment", spec->tags) != 0) {
        json_decref(in);
        in = NULL;
    }
    return s_call(c, &gc_op_ec2_create_transit_gateway_vpc_attachment, in, "TransitGatewayVpcAttachment", &s_kind_att,
                  out, err);
}

int gc_ec2_tgw_vpc_attachment_get(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_vpc_attachment *out,
                                  bool *found, struct gc_aws_error *err)
{
    return s_get(c, &s_kind_att, id, out, found, err);
}

int gc_ec2_tgw_vpc_attachment_list(struct gc_aws_client *c, const struct gc_ec2_select *sel,
                                   struct gc_ec2_tgw_vpc_attachment_list *out, struct gc_aws_error *err)
{
    struct s_any_list tmp = {0};
    int rc = s_list_select(c, &s_kind_att, sel, &tmp, err);
    if (rc == 0)
        S_TAKE_LIST(s_kind_att.type, out, tmp);
    return rc;
}

int gc_ec2_tgw_vpc_attachment_list_by_tgw(struct gc_aws_client *c, const char *tgw_id,
                                          struct gc_ec2_tgw_vpc_attachment_list *out, struct gc_aws_error *err)
{
    const char *values[] = {tgw_id};
    struct gc_ec2_filter filter = {.name = "transit-gateway-id", .values = values, .n_values = 1};
    struct gc_ec2_select sel = {.filters = &filter, .n_filters = 1};

    if (!tgw_id || !*tgw_id) {
        gc_aws_error_set(err, GC_SVC_EC2, s_kind_att.describe->name, "InvalidArgument", "missing transit gateway id");
        return -1;
    }
    return gc_ec2_tgw_vpc_attachment_list(c, &sel, out, err);
}

int gc_ec2_tgw_vpc_attachment_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)
{
    return s_delete(c, &gc_op_ec2_delete_transit_gateway_vpc_attachment, "TransitGatewayAttachmentId", id, err);
}

int gc_ec2_tgw_vpc_attachment_accept(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_vpc_attachment *out,
                                     struct gc_aws_error *err)
{
    if (!id || !*id) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_accept_transit_gateway_vpc_attachment.name, "InvalidArgument",
                         "missing attachment id");
        return -1;
    }
    return s_call(c, &gc_op_ec2_accept_transit_gateway_vpc_attachment,
                  json_pack("{s:s}", "TransitGatewayAttachmentId", id), "TransitGatewayVpcAttachment", &s_kind_att, out,
                  err);
}

/* ------------------------------------------------------------------------------------------------------ */
/* associations and propagations                                                                          */

GC_BIND_CLEAN_UP_FNS(gc_ec2_tgw_rt_link, &s_link_type)

static int s_link_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, const char *member, const char *rt_id,
                       const char *attachment_id, struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    if (!rt_id || !*rt_id || !attachment_id || !*attachment_id) {
        gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidArgument", "route table id and attachment id are required");
        return -1;
    }
    json_t *in =
        json_pack("{s:s, s:s}", "TransitGatewayRouteTableId", rt_id, "TransitGatewayAttachmentId", attachment_id);
    return s_call(c, op, in, member, &s_kind_assoc, out, err);
}

static int s_links_of(struct gc_aws_client *c, const struct s_kind *kind, const char *rt_id,
                      struct gc_ec2_tgw_rt_link_list *out, struct gc_aws_error *err)
{
    if (!rt_id || !*rt_id) {
        gc_aws_error_set(err, GC_SVC_EC2, kind->describe->name, "InvalidArgument", "missing route table id");
        return -1;
    }
    struct s_any_list tmp = {0};
    int rc = s_list_into(c, kind, json_pack("{s:s}", "TransitGatewayRouteTableId", rt_id), true, &tmp, err);
    if (rc == 0)
        S_TAKE_LIST(kind->type, out, tmp);
    return rc;
}

int gc_ec2_tgw_rt_associate(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                            struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, &gc_op_ec2_associate_transit_gateway_route_table, "Association", rt_id, attachment_id, out,
                       err);
}

int gc_ec2_tgw_rt_disassociate(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                               struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, &gc_op_ec2_disassociate_transit_gateway_route_table, "Association", rt_id, attachment_id, out,
                       err);
}

int gc_ec2_tgw_rt_associations(struct gc_aws_client *c, const char *rt_id, struct gc_ec2_tgw_rt_link_list *out,
                               struct gc_aws_error *err)
{
    return s_links_of(c, &s_kind_assoc, rt_id, out, err);
}

int gc_ec2_tgw_rt_propagation_enable(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                                     struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, &gc_op_ec2_enable_transit_gateway_route_table_propagation, "Propagation", rt_id,
                       attachment_id, out, err);
}

int gc_ec2_tgw_rt_propagation_disable(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                                      struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err)
{
    return s_link_call(c, &gc_op_ec2_disable_transit_gateway_route_table_propagation, "Propagation", rt_id,
                       attachment_id, out, err);
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

/* ------------------------------------------------------------------------------------------------------ */
/* static routes                                                                                          */

GC_BIND_CLEAN_UP_FNS(gc_ec2_tgw_route, &s_route_type)

int gc_ec2_tgw_route_create(struct gc_aws_client *c, const char *rt_id, const char *destination_cidr_block,
                            const char *attachment_id, struct gc_ec2_tgw_route *out, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!rt_id || !*rt_id || !destination_cidr_block || !*destination_cidr_block) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_create_transit_gateway_route.name, "InvalidArgument",
                         "route table id and destination CIDR block are required");
        return -1;
    }
    in = attachment_id ? json_pack("{s:s, s:s, s:s}", "DestinationCidrBlock", destination_cidr_block,
                                   "TransitGatewayRouteTableId", rt_id, "TransitGatewayAttachmentId", attachment_id)
                       : json_pack("{s:s, s:s, s:b}", "DestinationCidrBlock", destination_cidr_block,
                                   "TransitGatewayRouteTableId", rt_id, "Blackhole", 1);
    return s_call(c, &gc_op_ec2_create_transit_gateway_route, in, "Route", &s_kind_route, out, err);
}

int gc_ec2_tgw_route_delete(struct gc_aws_client *c, const char *rt_id, const char *destination_cidr_block,
                            struct gc_aws_error *err)
{
    if (!rt_id || !*rt_id || !destination_cidr_block || !*destination_cidr_block) {
        gc_aws_error_set(err, GC_SVC_EC2, gc_op_ec2_delete_transit_gateway_route.name, "InvalidArgument",
                         "route table id and destination CIDR block are required");
        return -1;
    }
    json_t *in =
        json_pack("{s:s, s:s}", "TransitGatewayRouteTableId", rt_id, "DestinationCidrBlock", destination_cidr_block);
    int rc = s_call(c, &gc_op_ec2_delete_transit_gateway_route, in, NULL, &s_kind_route, NULL, err);
    if (rc != 0 && gc_aws_op_is_not_found(&gc_op_ec2_delete_transit_gateway_route, err)) {
        gc_aws_error_clean_up(err);
        rc = 0;
    }
    return rc;
}

int gc_ec2_tgw_route_search(struct gc_aws_client *c, const char *rt_id, const struct gc_ec2_filter *filters,
                            size_t n_filters, struct gc_ec2_tgw_route_list *out, struct gc_aws_error *err)
{
    struct gc_ec2_select sel = {.filters = filters, .n_filters = n_filters};
    json_t *in = NULL;

    if (!rt_id || !*rt_id || n_filters == 0) {
        gc_aws_error_set(err, GC_SVC_EC2, s_kind_route.describe->name, "InvalidArgument",
                         "a route table id and at least one filter are required");
        return -1;
    }
    in = json_pack("{s:s}", "TransitGatewayRouteTableId", rt_id);
    if (in && s_add_select(in, NULL, &sel) != 0) {
        json_decref(in);
        in = NULL;
    }
    struct s_any_list tmp = {0};
    int rc = s_list_into(c, &s_kind_route, in, false, &tmp, err);
    if (rc == 0)
        S_TAKE_LIST(s_kind_route.type, out, tmp);
    return rc;
}
