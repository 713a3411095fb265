/* The EC2 client (see gc_ec2.h), on the operation tables: a request is a
 * document (gc_aws_op.h) keyed by the EC2 model's member names, the query protocol puts it on the wire, and a
 * binding table (gc_aws_bind.h) reads each answer into the typed struct. No wire name appears in this file. */
#include "aws/gc_ec2.h"

#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_bind.h"
#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_aws_typed.h"
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

const char *const gc_ec2_sg_rule_settled[] = {"InvalidPermission.Duplicate", "InvalidPermission.NotFound", NULL};

json_t *gc_ec2_sg_named(const char *vpc_id, const char *group_name)
{
    return json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "vpc-id", "Values", vpc_id, "Name",
                     "group-name", "Values", group_name);
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

const struct gc_bind_type *const gc_ec2_tgw_bind = &s_tgw_type;
const struct gc_bind_type *const gc_ec2_tgw_rt_bind = &s_rt_type;
const struct gc_bind_type *const gc_ec2_vpc_bind = &s_vpc_type;

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
/* one describable kind of object, and the generic list, get and delete                                   */

struct s_kind {
    struct gc_typed_kind typed;
    const char *ids_member;                /* the describe's selection by id: TransitGatewayIds; NULL: none */
    const struct gc_aws_op_def *delete_op; /* DeleteTransitGateway; NULL: none */
    const char *id_member;                 /* the id in the delete's input: TransitGatewayId */
};

/* A row of the kinds: the describe and its answer's list, the binding table, the selection by id, the delete. */
#define S_KIND(T, describe, result_key, bind_type, ids_member, delete_op, id_member)                                   \
    {                                                                                                                  \
        {(describe), (result_key), (bind_type), offsetof(T, id), offsetof(T, state), gc_ec2_state_is_gone, NULL},      \
            (ids_member), (delete_op), (id_member)                                                                     \
    }

static const struct s_kind s_kind_tgw =
    S_KIND(struct gc_ec2_tgw, &gc_op_ec2_describe_transit_gateways, "TransitGateways", &s_tgw_type, "TransitGatewayIds",
           &gc_op_ec2_delete_transit_gateway, "TransitGatewayId");
static const struct s_kind s_kind_rt = S_KIND(
    struct gc_ec2_tgw_rt, &gc_op_ec2_describe_transit_gateway_route_tables, "TransitGatewayRouteTables", &s_rt_type,
    "TransitGatewayRouteTableIds", &gc_op_ec2_delete_transit_gateway_route_table, "TransitGatewayRouteTableId");
static const struct s_kind s_kind_vpc =
    S_KIND(struct gc_ec2_vpc, &gc_op_ec2_describe_vpcs, "Vpcs", &s_vpc_type, "VpcIds", &gc_op_ec2_delete_vpc, "VpcId");
static const struct s_kind s_kind_subnet = S_KIND(struct gc_ec2_subnet, &gc_op_ec2_describe_subnets, "Subnets",
                                                  &s_subnet_type, "SubnetIds", &gc_op_ec2_delete_subnet, "SubnetId");
static const struct s_kind s_kind_att =
    S_KIND(struct gc_ec2_tgw_vpc_attachment, &gc_op_ec2_describe_transit_gateway_vpc_attachments,
           "TransitGatewayVpcAttachments", &s_att_type, "TransitGatewayAttachmentIds",
           &gc_op_ec2_delete_transit_gateway_vpc_attachment, "TransitGatewayAttachmentId");
/* Associations and propagations are listed per route table; their "id" is the attachment id. */
#define S_LINK_KIND(describe, result_key)                                                                              \
    {                                                                                                                  \
        {(describe),                                                                                                   \
         (result_key),                                                                                                 \
         &s_link_type,                                                                                                 \
         offsetof(struct gc_ec2_tgw_rt_link, attachment_id),                                                           \
         offsetof(struct gc_ec2_tgw_rt_link, state),                                                                   \
         gc_ec2_state_is_gone,                                                                                         \
         NULL},                                                                                                        \
            NULL, NULL, NULL                                                                                           \
    }
static const struct s_kind s_kind_assoc =
    S_LINK_KIND(&gc_op_ec2_get_transit_gateway_route_table_associations, "Associations");
static const struct s_kind s_kind_prop =
    S_LINK_KIND(&gc_op_ec2_get_transit_gateway_route_table_propagations, "TransitGatewayRouteTablePropagations");

/* A route may name a prefix list instead of a CIDR block. */
static bool s_route_is_whole(const void *obj)
{
    const struct gc_ec2_tgw_route *route = obj;
    return route->destination_cidr_block || route->prefix_list_id;
}

static const struct s_kind s_kind_route = {{&gc_op_ec2_search_transit_gateway_routes, "Routes", &s_route_type,
                                            offsetof(struct gc_ec2_tgw_route, destination_cidr_block),
                                            offsetof(struct gc_ec2_tgw_route, state), gc_ec2_state_is_gone,
                                            s_route_is_whole},
                                           NULL,
                                           NULL,
                                           NULL};

/* Adds Filters: [{Name, Values: [...]}] (and the ids member) of a selection to `in`. */
static int s_add_select(json_t *in, const char *ids_member, const struct gc_ec2_select *sel)
{
    int rc = 0;
    if (!sel)
        return 0;
    if (sel->n_ids > 0)
        rc |= ids_member ? gc_typed_set(in, ids_member, gc_typed_strings(sel->ids, sel->n_ids)) : -1;
    if (sel->n_filters > 0) {
        json_t *filters = json_array();
        for (size_t i = 0; filters && i < sel->n_filters; i++) {
            const struct gc_ec2_filter *f = &sel->filters[i];
            json_t *values = gc_typed_strings(f->values, f->n_values);
            json_t *filter = f->name && values ? json_pack("{s:s, s:O}", "Name", f->name, "Values", values) : NULL;
            json_decref(values);
            rc |= json_array_append_new(filters, filter);
        }
        rc |= gc_typed_set(in, "Filters", filters);
    }
    return rc ? -1 : 0;
}

/* `in` with TagSpecifications: [{ResourceType, Tags: [{Key, Value}...]}] unless `tags` is NULL or empty; NULL
 * (`in` released) when that fails. */
static json_t *s_with_tag_specs(json_t *in, const char *resource_type, const struct gc_tags *tags)
{
    int rc = 0;
    json_t *list = NULL;

    if (in && tags && tags->n > 0) {
        list = gc_typed_tags(tags, "Key", "Value");
        rc = gc_typed_set(in, "TagSpecifications",
                          list ? json_pack("[{s:s, s:O}]", "ResourceType", resource_type, "Tags", list) : NULL);
    }
    json_decref(list);
    return gc_typed_built(in, rc);
}

/* Calls `op` with `in` (consumed) and, if `out` is non-NULL, fills it from the answer's `member` as `kind`. */
static int s_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, json_t *in, const char *member,
                  const struct s_kind *kind, void *out, struct gc_aws_error *err)
{
    return gc_typed_call(c, op, in, member, kind ? &kind->typed : NULL, out, err);
}

static int s_list_select(struct gc_aws_client *c, const struct s_kind *kind, const struct gc_ec2_select *sel,
                         void **items, size_t *n, struct gc_aws_error *err)
{
    json_t *in = json_object();
    if (in && s_add_select(in, kind->ids_member, sel) != 0) {
        json_decref(in);
        in = NULL;
    }
    return gc_typed_list(c, &kind->typed, in, sel && sel->include_deleted, items, n, err);
}

static int s_get(struct gc_aws_client *c, const struct s_kind *kind, const char *id, void *out, bool *found,
                 struct gc_aws_error *err)
{
    return gc_typed_get(c, &kind->typed, json_pack("{s:[s]}", kind->ids_member, id), id, out, found, err);
}

static int s_delete(struct gc_aws_client *c, const struct s_kind *kind, const char *id, struct gc_aws_error *err)
{
    return gc_typed_delete(c, kind->delete_op, json_pack("{s:s}", kind->id_member, id), id, err);
}

/* Replaces the typed list `out` (cleaned up with `clean_up`) with `items`/`n` when `rc` is 0; returns `rc`. */
#define S_TAKE_LIST(rc, out, items, n, clean_up)                                                                       \
    do {                                                                                                               \
        if ((rc) == 0) {                                                                                               \
            clean_up(out);                                                                                             \
            (out)->items = (items);                                                                                    \
            (out)->n = (n);                                                                                            \
        }                                                                                                              \
    } while (0)

/* Defines the clean-ups, get, list and delete of one describable kind (GC_EC2_OBJECT_DECLS). */
#define S_OBJECT_FNS(prefix, kind)                                                                                     \
    GC_BIND_CLEAN_UP_FNS(prefix, (kind).typed.type)                                                                    \
    int prefix##_get(struct gc_aws_client *c, const char *id, struct prefix *out, bool *found,                         \
                     struct gc_aws_error *err)                                                                         \
    {                                                                                                                  \
        return s_get(c, &(kind), id, out, found, err);                                                                 \
    }                                                                                                                  \
    int prefix##_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct prefix##_list *out,             \
                      struct gc_aws_error *err)                                                                        \
    {                                                                                                                  \
        void *items = NULL;                                                                                            \
        size_t n = 0;                                                                                                  \
        int rc = s_list_select(c, &(kind), sel, &items, &n, err);                                                      \
        S_TAKE_LIST(rc, out, items, n, prefix##_list_clean_up);                                                        \
        return rc;                                                                                                     \
    }                                                                                                                  \
    int prefix##_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err)                             \
    {                                                                                                                  \
        return s_delete(c, &(kind), id, err);                                                                          \
    }

/* InvalidArgument for `op`; returns -1. */
static int s_bad_arg(struct gc_aws_error *err, const struct gc_aws_op_def *op, const char *message)
{
    gc_aws_error_set(err, GC_SVC_EC2, op->name, "InvalidArgument", message);
    return -1;
}

/* obj[key] = [items...] when there are any; `obj` NULL or a failure: NULL (`obj` released). */
static json_t *s_with_strings(json_t *obj, const char *key, const char *const *items, size_t n)
{
    return gc_typed_built(obj, obj && n > 0 ? gc_typed_set(obj, key, gc_typed_strings(items, n)) : 0);
}

/* ------------------------------------------------------------------------------------------------------ */
/* transit gateway                                                                                        */

S_OBJECT_FNS(gc_ec2_tgw, s_kind_tgw)

int gc_ec2_tgw_create(struct gc_aws_client *c, const struct gc_ec2_tgw_spec *spec, struct gc_ec2_tgw *out,
                      struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!spec || !out)
        return s_bad_arg(err, &gc_op_ec2_create_transit_gateway, "missing spec");
    json_t *options =
        json_pack("{s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*}", "AutoAcceptSharedAttachments",
                  gc_ec2_toggle_str(spec->auto_accept_shared_attachments), "DefaultRouteTableAssociation",
                  gc_ec2_toggle_str(spec->default_route_table_association), "DefaultRouteTablePropagation",
                  gc_ec2_toggle_str(spec->default_route_table_propagation), "VpnEcmpSupport",
                  gc_ec2_toggle_str(spec->vpn_ecmp_support), "DnsSupport", gc_ec2_toggle_str(spec->dns_support),
                  "SecurityGroupReferencingSupport", gc_ec2_toggle_str(spec->security_group_referencing_support),
                  "MulticastSupport", gc_ec2_toggle_str(spec->multicast_support));
    if (options && spec->amazon_side_asn > 0)
        options = gc_typed_built(
            options, gc_typed_set(options, "AmazonSideAsn", json_integer((json_int_t)spec->amazon_side_asn)));
    options = s_with_strings(options, "TransitGatewayCidrBlocks", spec->cidr_blocks, spec->n_cidr_blocks);
    if (options)
        in = json_pack("{s:s*, s:o}", "Description", spec->description, "Options", options);
    in = s_with_tag_specs(in, "transit-gateway", spec->tags);
    return s_call(c, &gc_op_ec2_create_transit_gateway, in, "TransitGateway", &s_kind_tgw, out, err);
}

int gc_ec2_tgw_modify(struct gc_aws_client *c, const char *id, const struct gc_ec2_tgw_modify *mod,
                      struct gc_ec2_tgw *out, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!id || !*id || !mod)
        return s_bad_arg(err, &gc_op_ec2_modify_transit_gateway, "missing id or modification");
    json_t *options =
        json_pack("{s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*}", "VpnEcmpSupport",
                  gc_ec2_toggle_str(mod->vpn_ecmp_support), "DnsSupport", gc_ec2_toggle_str(mod->dns_support),
                  "SecurityGroupReferencingSupport", gc_ec2_toggle_str(mod->security_group_referencing_support),
                  "AutoAcceptSharedAttachments", gc_ec2_toggle_str(mod->auto_accept_shared_attachments),
                  "DefaultRouteTableAssociation", gc_ec2_toggle_str(mod->default_route_table_association),
                  "AssociationDefaultRouteTableId", mod->association_default_route_table_id,
                  "DefaultRouteTablePropagation", gc_ec2_toggle_str(mod->default_route_table_propagation),
                  "PropagationDefaultRouteTableId", mod->propagation_default_route_table_id);
    options = s_with_strings(options, "AddTransitGatewayCidrBlocks", mod->add_cidr_blocks, mod->n_add_cidr_blocks);
    options =
        s_with_strings(options, "RemoveTransitGatewayCidrBlocks", mod->remove_cidr_blocks, mod->n_remove_cidr_blocks);
    if (options)
        in = json_pack("{s:s, s:s*, s:o}", "TransitGatewayId", id, "Description", mod->description, "Options", options);
    return s_call(c, &gc_op_ec2_modify_transit_gateway, in, "TransitGateway", &s_kind_tgw, out, err);
}

/* ------------------------------------------------------------------------------------------------------ */
/* transit gateway route tables                                                                           */

S_OBJECT_FNS(gc_ec2_tgw_rt, s_kind_rt)

int gc_ec2_tgw_rt_create(struct gc_aws_client *c, const char *tgw_id, const struct gc_tags *tags,
                         struct gc_ec2_tgw_rt *out, struct gc_aws_error *err)
{
    if (!tgw_id || !*tgw_id || !out)
        return s_bad_arg(err, &gc_op_ec2_create_transit_gateway_route_table, "missing transit gateway id");
    json_t *in = s_with_tag_specs(json_pack("{s:s}", "TransitGatewayId", tgw_id), "transit-gateway-route-table", tags);
    return s_call(c, &gc_op_ec2_create_transit_gateway_route_table, in, "TransitGatewayRouteTable", &s_kind_rt, out,
                  err);
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

    if (!tgw_id || !*tgw_id || !tag_key || !*tag_key)
        return s_bad_arg(err, s_kind_rt.typed.list_op, "missing transit gateway id or tag key");
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

/* ------------------------------------------------------------------------------------------------------ */
/* VPC and subnets                                                                                        */

S_OBJECT_FNS(gc_ec2_vpc, s_kind_vpc)

S_OBJECT_FNS(gc_ec2_subnet, s_kind_subnet)

int gc_ec2_vpc_create(struct gc_aws_client *c, const char *cidr_block, const struct gc_tags *tags,
                      struct gc_ec2_vpc *out, struct gc_aws_error *err)
{
    if (!cidr_block || !*cidr_block || !out)
        return s_bad_arg(err, &gc_op_ec2_create_vpc, "missing CIDR block");
    json_t *in = s_with_tag_specs(json_pack("{s:s}", "CidrBlock", cidr_block), "vpc", tags);
    return s_call(c, &gc_op_ec2_create_vpc, in, "Vpc", &s_kind_vpc, out, err);
}

int gc_ec2_subnet_create(struct gc_aws_client *c, const char *vpc_id, const char *cidr_block,
                         const char *availability_zone, const struct gc_tags *tags, struct gc_ec2_subnet *out,
                         struct gc_aws_error *err)
{
    if (!vpc_id || !*vpc_id || !cidr_block || !*cidr_block || !out)
        return s_bad_arg(err, &gc_op_ec2_create_subnet, "missing VPC id or CIDR block");
    json_t *in =
        json_pack("{s:s, s:s, s:s*}", "VpcId", vpc_id, "CidrBlock", cidr_block, "AvailabilityZone", availability_zone);
    return s_call(c, &gc_op_ec2_create_subnet, s_with_tag_specs(in, "subnet", tags), "Subnet", &s_kind_subnet, out,
                  err);
}

/* CreateTags / DeleteTags: Resources and Tags [{Key[, Value]}]. */
static int s_tags_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, const char *const *resource_ids,
                       size_t n_ids, const struct gc_tags *tags, bool with_values, struct gc_aws_error *err)
{
    json_t *in = NULL;

    if (!tags || tags->n == 0)
        return 0;
    if (!resource_ids || n_ids == 0)
        return s_bad_arg(err, op, "no resource ids");
    json_t *resources = gc_typed_strings(resource_ids, n_ids);
    json_t *list = gc_typed_tags(tags, "Key", with_values ? "Value" : NULL);
    if (resources && list)
        in = json_pack("{s:O, s:O}", "Resources", resources, "Tags", list);
    json_decref(resources);
    json_decref(list);
    return s_call(c, op, in, NULL, NULL, NULL, err);
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
        s_bad_arg(err, &gc_op_ec2_create_tags, "missing resource id");
        goto cleanup;
    }
    if (gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0) {
        s_bad_arg(err, &gc_op_ec2_create_tags, "out of memory");
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

S_OBJECT_FNS(gc_ec2_tgw_vpc_attachment, s_kind_att)

int gc_ec2_tgw_vpc_attachment_create(struct gc_aws_client *c, const struct gc_ec2_tgw_vpc_attachment_spec *spec,
                                     struct gc_ec2_tgw_vpc_attachment *out, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!spec || !out || !spec->tgw_id || !*spec->tgw_id || !spec->vpc_id || !*spec->vpc_id || spec->n_subnet_ids == 0)
        return s_bad_arg(err, &gc_op_ec2_create_transit_gateway_vpc_attachment,
                         "transit gateway id, VPC id and subnet ids are required");
    json_t *options = json_pack(
        "{s:s*, s:s*, s:s*, s:s*}", "DnsSupport", gc_ec2_toggle_str(spec->dns_support),
        "SecurityGroupReferencingSupport", gc_ec2_toggle_str(spec->security_group_referencing_support), "Ipv6Support",
        gc_ec2_toggle_str(spec->ipv6_support), "ApplianceModeSupport", gc_ec2_toggle_str(spec->appliance_mode_support));
    json_t *subnets = gc_typed_strings(spec->subnet_ids, spec->n_subnet_ids);
    if (options && subnets)
        in = json_pack("{s:s, s:s, s:O, s:O}", "TransitGatewayId", spec->tgw_id, "VpcId", spec->vpc_id, "SubnetIds",
                       subnets, "Options", options);
    json_decref(options);
    json_decref(subnets);
    in = s_with_tag_specs(in, "transit-gateway-attachment", spec->tags);
    return s_call(c, &gc_op_ec2_create_transit_gateway_vpc_attachment, in, "TransitGatewayVpcAttachment", &s_kind_att,
                  out, err);
}

int gc_ec2_tgw_vpc_attachment_list_by_tgw(struct gc_aws_client *c, const char *tgw_id,
                                          struct gc_ec2_tgw_vpc_attachment_list *out, struct gc_aws_error *err)
{
    const char *values[] = {tgw_id};
    struct gc_ec2_filter filter = {.name = "transit-gateway-id", .values = values, .n_values = 1};
    struct gc_ec2_select sel = {.filters = &filter, .n_filters = 1};

    if (!tgw_id || !*tgw_id)
        return s_bad_arg(err, s_kind_att.typed.list_op, "missing transit gateway id");
    return gc_ec2_tgw_vpc_attachment_list(c, &sel, out, err);
}

int gc_ec2_tgw_vpc_attachment_accept(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_vpc_attachment *out,
                                     struct gc_aws_error *err)
{
    if (!id || !*id)
        return s_bad_arg(err, &gc_op_ec2_accept_transit_gateway_vpc_attachment, "missing attachment id");
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
    if (!rt_id || !*rt_id || !attachment_id || !*attachment_id)
        return s_bad_arg(err, op, "route table id and attachment id are required");
    json_t *in =
        json_pack("{s:s, s:s}", "TransitGatewayRouteTableId", rt_id, "TransitGatewayAttachmentId", attachment_id);
    return s_call(c, op, in, member, &s_kind_assoc, out, err);
}

static int s_links_of(struct gc_aws_client *c, const struct s_kind *kind, const char *rt_id,
                      struct gc_ec2_tgw_rt_link_list *out, struct gc_aws_error *err)
{
    void *items = NULL;
    size_t n = 0;
    if (!rt_id || !*rt_id)
        return s_bad_arg(err, kind->typed.list_op, "missing route table id");
    int rc =
        gc_typed_list(c, &kind->typed, json_pack("{s:s}", "TransitGatewayRouteTableId", rt_id), true, &items, &n, err);
    S_TAKE_LIST(rc, out, items, n, gc_ec2_tgw_rt_link_list_clean_up);
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
    if (!rt_id || !*rt_id || !destination_cidr_block || !*destination_cidr_block)
        return s_bad_arg(err, &gc_op_ec2_create_transit_gateway_route,
                         "route table id and destination CIDR block are required");
    in = attachment_id ? json_pack("{s:s, s:s, s:s}", "DestinationCidrBlock", destination_cidr_block,
                                   "TransitGatewayRouteTableId", rt_id, "TransitGatewayAttachmentId", attachment_id)
                       : json_pack("{s:s, s:s, s:b}", "DestinationCidrBlock", destination_cidr_block,
                                   "TransitGatewayRouteTableId", rt_id, "Blackhole", 1);
    return s_call(c, &gc_op_ec2_create_transit_gateway_route, in, "Route", &s_kind_route, out, err);
}

int gc_ec2_tgw_route_delete(struct gc_aws_client *c, const char *rt_id, const char *destination_cidr_block,
                            struct gc_aws_error *err)
{
    if (!rt_id || !*rt_id || !destination_cidr_block || !*destination_cidr_block)
        return s_bad_arg(err, &gc_op_ec2_delete_transit_gateway_route,
                         "route table id and destination CIDR block are required");
    json_t *in =
        json_pack("{s:s, s:s}", "TransitGatewayRouteTableId", rt_id, "DestinationCidrBlock", destination_cidr_block);
    return gc_typed_delete(c, &gc_op_ec2_delete_transit_gateway_route, in, destination_cidr_block, err);
}

int gc_ec2_tgw_route_search(struct gc_aws_client *c, const char *rt_id, const struct gc_ec2_filter *filters,
                            size_t n_filters, struct gc_ec2_tgw_route_list *out, struct gc_aws_error *err)
{
    struct gc_ec2_select sel = {.filters = filters, .n_filters = n_filters};
    void *items = NULL;
    size_t n = 0;

    if (!rt_id || !*rt_id || n_filters == 0)
        return s_bad_arg(err, s_kind_route.typed.list_op, "a route table id and at least one filter are required");
    json_t *in = json_pack("{s:s}", "TransitGatewayRouteTableId", rt_id);
    in = gc_typed_built(in, in ? s_add_select(in, NULL, &sel) : 0);
    int rc = gc_typed_list(c, &s_kind_route.typed, in, false, &items, &n, err);
    S_TAKE_LIST(rc, out, items, n, gc_ec2_tgw_route_list_clean_up);
    return rc;
}
