/* The EC2 client: typed calls for the objects gcnet manages (transit gateways, their route tables, VPC
 * attachments, route-table associations and propagations, static routes, VPCs, subnets, tags).
 *
 * Plain C structs in, plain C structs out, on the operation tables: each function builds a document keyed by the
 * EC2 model's member names, gc_aws_op_call puts it on the wire (the query protocol's names, such as
 * TagSpecification.N, come from provider/aws/gc_aws_ops.c) and pages it, and a binding table fills the struct.
 * Each returns 0, or -1 with *err filled (the caller cleans it up with gc_aws_error_clean_up). An answer that
 * cannot be read becomes err->code "InvalidResponse"; a bad argument "InvalidArgument" (both without HTTP status).
 *
 * Result structs own their strings. Each has a `_clean_up` that accepts NULL and zeroed structs. Results may
 * be reused: a call replaces what `out` held (a failed list call leaves it as it was), and an id argument may
 * point into the very result being refreshed (gc_ec2_tgw_get(c, tgw.id, &tgw, ...)). Describes follow every page.
 *
 * No waiting here: the framework polls the `*_get` functions and looks at `state`. Operations no typed call
 * covers (security groups, VPC endpoints, peering, ...) are called directly with gc_aws_op_call. */
#ifndef GC_EC2_H
#define GC_EC2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_bind.h"
#include "aws/gc_tags.h"

/* ---- common ---- */

/* An enable/disable option; UNSET leaves the parameter off the request (AWS default or no change). */
enum gc_ec2_toggle {
    GC_EC2_UNSET = 0,
    GC_EC2_ENABLE,
    GC_EC2_DISABLE,
};

/* "enable" / "disable" / NULL. */
const char *gc_ec2_toggle_str(enum gc_ec2_toggle t);

/* Filter.N: `name` is an EC2 filter name ("transit-gateway-id", "tag:<key>", "tag-key", "state", ...). */
struct gc_ec2_filter {
    const char *name;
    const char *const *values;
    size_t n_values;
};

/* What a Describe* call selects. A zeroed struct selects everything the account sees, minus deleted
 * objects. */
struct gc_ec2_select {
    const char *const *ids; /* TransitGatewayIds.N / VpcId.N / ... */
    size_t n_ids;
    const struct gc_ec2_filter *filters;
    size_t n_filters;
    bool include_deleted; /* keep objects whose state is "deleted" (they linger for a while) */
};

/* The binding tables of struct gc_ec2_tgw, gc_ec2_tgw_rt and gc_ec2_vpc, for a describe's answer read as a document
 * (gc_bind_fill / gc_bind_array_fill), such as one shared through the read cache. */
extern const struct gc_bind_type *const gc_ec2_tgw_bind;
extern const struct gc_bind_type *const gc_ec2_tgw_rt_bind;
extern const struct gc_bind_type *const gc_ec2_vpc_bind;

/* True for the EC2 not-found codes (Invalid…ID.NotFound, listed in gc_ec2.c; a delete that gets one has
 * succeeded). */
bool gc_ec2_error_is_not_found(const struct gc_aws_error *err);
/* The codes with which authorizing or revoking a security group rule finds it done already (the rule exists, or
 * is gone): for gc_op_call_idempotent. */
extern const char *const gc_ec2_sg_rule_settled[];
/* DescribeSecurityGroups' input selecting the group named `group_name` in `vpc_id` (filters vpc-id and group-name;
 * a name is unique in a VPC): an owned document, NULL when out of memory (gc_op_call reports a NULL input). */
json_t *gc_ec2_sg_named(const char *vpc_id, const char *group_name);
/* True for states that mean the object is gone: "deleted" (and "disassociated"/"disabled" for route-table
 * associations and propagations). NULL is not gone. */
bool gc_ec2_state_is_gone(const char *state);

/* The list struct and clean-ups (GC_BIND_LIST_DECLS), get, list and delete of one describable kind of object
 * `struct <prefix>`:
 *   <prefix>_get    Describe* by id. *found is false (and 0 returned) on a not-found code, an empty answer or
 *                   state "deleted" (then `out` still carries the deleted object).
 *   <prefix>_list   Describe* of a selection (ids and Filter.N), every page.
 *   <prefix>_delete Delete*; a not-found answer counts as success. */
#define GC_EC2_OBJECT_DECLS(prefix)                                                                                    \
    GC_BIND_LIST_DECLS(prefix)                                                                                         \
    int prefix##_get(struct gc_aws_client *c, const char *id, struct prefix *out, bool *found,                         \
                     struct gc_aws_error *err);                                                                        \
    int prefix##_list(struct gc_aws_client *c, const struct gc_ec2_select *sel, struct prefix##_list *out,             \
                      struct gc_aws_error *err);                                                                       \
    int prefix##_delete(struct gc_aws_client *c, const char *id, struct gc_aws_error *err);

/* ---- transit gateway ---- */

struct gc_ec2_tgw_spec {
    const char *description; /* NULL: none */
    int64_t amazon_side_asn; /* 0: AWS default (64512) */
    enum gc_ec2_toggle auto_accept_shared_attachments;
    enum gc_ec2_toggle default_route_table_association;
    enum gc_ec2_toggle default_route_table_propagation;
    enum gc_ec2_toggle dns_support;
    enum gc_ec2_toggle vpn_ecmp_support;
    enum gc_ec2_toggle security_group_referencing_support;
    enum gc_ec2_toggle multicast_support;
    const char *const *cidr_blocks; /* Options.TransitGatewayCidrBlocks.N */
    size_t n_cidr_blocks;
    const struct gc_tags *tags; /* NULL or empty: no TagSpecification */
};

struct gc_ec2_tgw {
    char *id;
    char *arn;
    char *state; /* pending, available, modifying, deleting, deleted */
    char *owner_id;
    char *description;
    char *creation_time;
    int64_t amazon_side_asn;
    char *auto_accept_shared_attachments;
    char *default_route_table_association;
    char *association_default_route_table_id;
    char *default_route_table_propagation;
    char *propagation_default_route_table_id;
    char *vpn_ecmp_support;
    char *dns_support;
    char *security_group_referencing_support;
    char *multicast_support;
    char **cidr_blocks;
    size_t n_cidr_blocks;
    struct gc_tags tags;
};

/* gc_ec2_tgw_get, _list (DescribeTransitGateways: TransitGatewayIds.N, Filter.N), _delete (DeleteTransitGateway). */
GC_EC2_OBJECT_DECLS(gc_ec2_tgw)

/* CreateTransitGateway (TagSpecification.N, singular). */
int gc_ec2_tgw_create(struct gc_aws_client *c, const struct gc_ec2_tgw_spec *spec, struct gc_ec2_tgw *out,
                      struct gc_aws_error *err);

struct gc_ec2_tgw_modify {
    const char *description; /* NULL: unchanged */
    enum gc_ec2_toggle auto_accept_shared_attachments;
    enum gc_ec2_toggle default_route_table_association;
    enum gc_ec2_toggle default_route_table_propagation;
    enum gc_ec2_toggle dns_support;
    enum gc_ec2_toggle vpn_ecmp_support;
    enum gc_ec2_toggle security_group_referencing_support;
    const char *association_default_route_table_id; /* NULL: unchanged */
    const char *propagation_default_route_table_id; /* NULL: unchanged */
    const char *const *add_cidr_blocks;
    size_t n_add_cidr_blocks;
    const char *const *remove_cidr_blocks;
    size_t n_remove_cidr_blocks;
};

/* ModifyTransitGateway. `out` may be NULL. */
int gc_ec2_tgw_modify(struct gc_aws_client *c, const char *id, const struct gc_ec2_tgw_modify *mod,
                      struct gc_ec2_tgw *out, struct gc_aws_error *err);

/* ---- transit gateway route tables ---- */

struct gc_ec2_tgw_rt {
    char *id;
    char *tgw_id;
    char *state; /* pending, available, deleting, deleted */
    char *creation_time;
    bool default_association_route_table;
    bool default_propagation_route_table;
    struct gc_tags tags;
};

/* gc_ec2_tgw_rt_get, _list (DescribeTransitGatewayRouteTables), _delete (DeleteTransitGatewayRouteTable). */
GC_EC2_OBJECT_DECLS(gc_ec2_tgw_rt)

/* CreateTransitGatewayRouteTable (TagSpecifications.N, plural). */
int gc_ec2_tgw_rt_create(struct gc_aws_client *c, const char *tgw_id, const struct gc_tags *tags,
                         struct gc_ec2_tgw_rt *out, struct gc_aws_error *err);
/* gcnet's own tables of a TGW: filters transit-gateway-id=<tgw_id> and tag-key=<tag_key> (e.g.
 * "gcnet:routing-domain"), so the default table moto (or a console user) created is ignored. */
int gc_ec2_tgw_rt_list_tagged(struct gc_aws_client *c, const char *tgw_id, const char *tag_key,
                              struct gc_ec2_tgw_rt_list *out, struct gc_aws_error *err);

/* ---- VPC and subnets ---- */

struct gc_ec2_vpc {
    char *id;
    char *cidr_block;
    char *state;
    char *owner_id;
    bool is_default;
    struct gc_tags tags;
};

/* gc_ec2_vpc_get, _list (DescribeVpcs: VpcId.N, Filter.N), _delete (DeleteVpc). */
GC_EC2_OBJECT_DECLS(gc_ec2_vpc)

struct gc_ec2_subnet {
    char *id;
    char *vpc_id;
    char *cidr_block;
    char *availability_zone;
    char *availability_zone_id;
    char *state;
    char *arn;
    char *owner_id;
    struct gc_tags tags;
};

/* gc_ec2_subnet_get, _list (DescribeSubnets: SubnetId.N, Filter.N), _delete (DeleteSubnet). */
GC_EC2_OBJECT_DECLS(gc_ec2_subnet)

/* CreateVpc (CidrBlock, TagSpecification.N). */
int gc_ec2_vpc_create(struct gc_aws_client *c, const char *cidr_block, const struct gc_tags *tags,
                      struct gc_ec2_vpc *out, struct gc_aws_error *err);

/* CreateSubnet (VpcId, CidrBlock, AvailabilityZone (NULL: AWS picks), TagSpecification.N). */
int gc_ec2_subnet_create(struct gc_aws_client *c, const char *vpc_id, const char *cidr_block,
                         const char *availability_zone, const struct gc_tags *tags, struct gc_ec2_subnet *out,
                         struct gc_aws_error *err);

/* CreateTags (ResourceId.N, Tag.N.Key/Value) on any resource ids. No-op for empty tags. */
int gc_ec2_tags_create(struct gc_aws_client *c, const char *const *resource_ids, size_t n_ids,
                       const struct gc_tags *tags, struct gc_aws_error *err);
/* DeleteTags: removes the keys of `tags` (values are not sent, so any value is removed). No-op if empty. */
int gc_ec2_tags_delete(struct gc_aws_client *c, const char *const *resource_ids, size_t n_ids,
                       const struct gc_tags *tags, struct gc_aws_error *err);
/* Applies gc_tags_diff(old, new) to one resource: DeleteTags for removed keys, CreateTags for the rest. */
int gc_ec2_tags_update(struct gc_aws_client *c, const char *resource_id, const struct gc_tags *old_tags,
                       const struct gc_tags *new_tags, struct gc_aws_error *err);

/* ---- transit gateway VPC attachments ---- */

struct gc_ec2_tgw_vpc_attachment_spec {
    const char *tgw_id;
    const char *vpc_id;
    const char *const *subnet_ids; /* SubnetIds.N (one per AZ) */
    size_t n_subnet_ids;
    enum gc_ec2_toggle dns_support;
    enum gc_ec2_toggle ipv6_support;
    enum gc_ec2_toggle appliance_mode_support;
    enum gc_ec2_toggle security_group_referencing_support;
    const struct gc_tags *tags;
};

struct gc_ec2_tgw_vpc_attachment {
    char *id;
    char *tgw_id;
    char *vpc_id;
    char *vpc_owner_id;
    char *state; /* initiating, pendingAcceptance, pending, available, modifying, deleting, deleted, failed... */
    char *creation_time;
    char **subnet_ids;
    size_t n_subnet_ids;
    char *dns_support;
    char *ipv6_support;
    char *appliance_mode_support;
    char *security_group_referencing_support;
    struct gc_tags tags;
};

/* gc_ec2_tgw_vpc_attachment_get, _list (DescribeTransitGatewayVpcAttachments: TransitGatewayAttachmentIds.N,
 * Filter.N), _delete (DeleteTransitGatewayVpcAttachment). */
GC_EC2_OBJECT_DECLS(gc_ec2_tgw_vpc_attachment)

/* CreateTransitGatewayVpcAttachment (SubnetIds.N, TagSpecifications.N). */
int gc_ec2_tgw_vpc_attachment_create(struct gc_aws_client *c, const struct gc_ec2_tgw_vpc_attachment_spec *spec,
                                     struct gc_ec2_tgw_vpc_attachment *out, struct gc_aws_error *err);
/* Every VPC attachment of one TGW (filter transit-gateway-id), deleted ones excluded. */
int gc_ec2_tgw_vpc_attachment_list_by_tgw(struct gc_aws_client *c, const char *tgw_id,
                                          struct gc_ec2_tgw_vpc_attachment_list *out, struct gc_aws_error *err);

/* ---- route-table associations and propagations ---- */

/* One association or propagation of an attachment with a TGW route table. */
struct gc_ec2_tgw_rt_link {
    char *route_table_id; /* NULL in Get* list answers (the table is the one asked about) */
    char *attachment_id;
    char *resource_id;
    char *resource_type; /* vpc, vpn, direct-connect-gateway, peering, ... */
    char *state;         /* associating/associated/disassociating/disassociated; enabling/enabled/... */
};

GC_BIND_LIST_DECLS(gc_ec2_tgw_rt_link)

/* AssociateTransitGatewayRouteTable / DisassociateTransitGatewayRouteTable. `out` may be NULL. There is no
 * "replace": disassociate, wait for the association to go, then associate. */
int gc_ec2_tgw_rt_associate(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                            struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err);
int gc_ec2_tgw_rt_disassociate(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                               struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err);
/* GetTransitGatewayRouteTableAssociations of one table (paged). */
int gc_ec2_tgw_rt_associations(struct gc_aws_client *c, const char *rt_id, struct gc_ec2_tgw_rt_link_list *out,
                               struct gc_aws_error *err);

/* Enable/DisableTransitGatewayRouteTablePropagation. `out` may be NULL. */
int gc_ec2_tgw_rt_propagation_enable(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                                     struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err);
int gc_ec2_tgw_rt_propagation_disable(struct gc_aws_client *c, const char *rt_id, const char *attachment_id,
                                      struct gc_ec2_tgw_rt_link *out, struct gc_aws_error *err);
/* GetTransitGatewayRouteTablePropagations of one table (paged). */
int gc_ec2_tgw_rt_propagations(struct gc_aws_client *c, const char *rt_id, struct gc_ec2_tgw_rt_link_list *out,
                               struct gc_aws_error *err);
/* The link for `attachment_id` in `list`, or NULL. */
const struct gc_ec2_tgw_rt_link *gc_ec2_tgw_rt_link_find(const struct gc_ec2_tgw_rt_link_list *list,
                                                         const char *attachment_id);

/* ---- static routes ---- */

struct gc_ec2_tgw_route {
    char *destination_cidr_block;
    char *prefix_list_id;
    char *type;          /* static, propagated */
    char *state;         /* pending, active, blackhole, deleting, deleted */
    char *attachment_id; /* first target attachment (NULL for blackhole routes) */
    char *resource_id;
    char *resource_type;
};

GC_BIND_LIST_DECLS(gc_ec2_tgw_route)

/* CreateTransitGatewayRoute: to `attachment_id`, or Blackhole=true when it is NULL. `out` may be NULL. */
int gc_ec2_tgw_route_create(struct gc_aws_client *c, const char *rt_id, const char *destination_cidr_block,
                            const char *attachment_id, struct gc_ec2_tgw_route *out, struct gc_aws_error *err);
/* DeleteTransitGatewayRoute; InvalidRoute.NotFound counts as success. (moto 5.2.1 answers a missing route
 * with an HTML 500, which the client retries and then reports.) */
int gc_ec2_tgw_route_delete(struct gc_aws_client *c, const char *rt_id, const char *destination_cidr_block,
                            struct gc_aws_error *err);
/* SearchTransitGatewayRoutes: Filter.N is required by the API (e.g. "type"=static, or
 * "route-search.exact-match"=<cidr>); deleted routes are left out. */
int gc_ec2_tgw_route_search(struct gc_aws_client *c, const char *rt_id, const struct gc_ec2_filter *filters,
                            size_t n_filters, struct gc_ec2_tgw_route_list *out, struct gc_aws_error *err);

/* AcceptTransitGatewayVpcAttachment (hub side of a cross-account attachment). `out` may be NULL. */
int gc_ec2_tgw_vpc_attachment_accept(struct gc_aws_client *c, const char *id, struct gc_ec2_tgw_vpc_attachment *out,
                                     struct gc_aws_error *err);

#endif
