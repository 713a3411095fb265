/* The municipality hub as plain data: what exists in AWS for one hub, loaded from the Transit Gateway id
 * (read, import, delete) or built up step by step (create, update). Kept apart from the Terraform value
 * mapping in resource_hub.c so that AWS loading is testable on its own. */
#ifndef GC_HUB_MODEL_H
#define GC_HUB_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "aws/gc_tags.h"
#include "framework/gc_op.h"
#include "framework/gc_tagging.h"

#define GC_HUB_MAX_DOMAINS 16
#define GC_HUB_ZONES 2

/* The hub's bookkeeping tag keys (never shown in tags/tags_all; GC_TAG_NAME_GENERATED and GC_TAG_CREATE_TOKEN
 * are the kit's, framework/gc_tagging.h). */
#define GC_TAG_MUNICIPALITY "gcnet:municipality"
#define GC_TAG_HUB "gcnet:hub"
#define GC_TAG_DOMAIN "gcnet:routing-domain"
#define GC_TAG_TGW "gcnet:transit-gateway-id"

struct gc_hub_domain {
    char *name;
    char *route_table_id;
    bool wired; /* the ops attachment is associated (ops) or propagated (other domains) */
};

struct gc_hub {
    char *tgw_id;
    char *tgw_arn;
    char *owner_id;
    char *municipality;
    char *name;
    int64_t asn;
    struct gc_hub_domain domains[GC_HUB_MAX_DOMAINS];
    size_t n_domains;
    char *vpc_id;
    char *vpc_cidr;
    char *subnet_ids[GC_HUB_ZONES];
    char *zones[GC_HUB_ZONES];
    size_t n_subnets;
    char *attachment_id;
    char *share_arn;
    char *share_name;
    bool allow_external_principals;
    char **principals;
    size_t n_principals;
    struct gc_tags tags; /* the user's tags on the TGW (tags_all), gcnet's own keys removed */
    char **dx_gateways;  /* the Direct Connect gateways attached to the TGW (live attachments; its links') */
    size_t n_dx_gateways;
};

void gc_hub_clean_up(struct gc_hub *hub);
struct gc_hub_domain *gc_hub_domain_find(struct gc_hub *hub, const char *name);

/* What the state already names (a read): the share's ARN and each routing domain's table. A load reads by these
 * ids in the same round as the TGW, and uses such an answer only where the TGW's own answers confirm the id. */
struct gc_hub_hints {
    const char *share_arn; /* NULL: the share is looked up by its gcnet:transit-gateway-id tag (import) */
    const char *domains[GC_HUB_MAX_DOMAINS];
    const char *route_table_ids[GC_HUB_MAX_DOMAINS]; /* the table of domains[i] */
    size_t n_domains;
    const char *vpc_id;   /* the ops VPC: in a plan or refresh its route tables are read beside, for the connections */
    bool dx_associations; /* Direct Connect gateways were attached (the hub's private memo): in a plan or refresh
                           * the TGW's Direct Connect associations are read beside, for its dx_gateway links */
};

/* Loads everything that belongs to the hub of `tgw_id`. *found is false when the TGW is gone. `hints` may be
 * NULL. In a plan or refresh (gc_read_cache_read_only) the one round also fills the read cache with what the hub's
 * connections and links read next (every hinted domain table's propagations, the hinted ops VPC's route tables), so
 * that their reads, which Terraform makes after the hub's, find everything in memory. */
int gc_hub_load_hinted(struct gc_op *op, const char *tgw_id, const struct gc_hub_hints *hints, struct gc_hub *hub,
                       bool *found);
/* The inputs of the hub's describes that its connections' and links' reads make too (conn_model.c): the same
 * input is the same key of the read cache (framework/gc_read_cache.h, scope: the TGW id), so in a refresh the
 * hub's read fills what those reads then find there. New references; NULL when memory ran out. */
json_t *gc_hub_input_tgw(const char *tgw_id);              /* DescribeTransitGateways */
json_t *gc_hub_input_route_tables(const char *tgw_id);     /* DescribeTransitGatewayRouteTables: the domain tables */
json_t *gc_hub_input_vpcs(const char *tgw_id);             /* DescribeVpcs: the ops VPC, by its TGW tag */
json_t *gc_hub_input_attachments(const char *tgw_id);      /* DescribeTransitGatewayAttachments of the TGW */
json_t *gc_hub_input_propagations(const char *rt_id);      /* GetTransitGatewayRouteTablePropagations of one table */
json_t *gc_hub_input_vpc_route_tables(const char *vpc_id); /* DescribeRouteTables of the ops VPC */
json_t *gc_hub_input_dx_associations(const char *tgw_id);  /* DescribeDirectConnectGatewayAssociations of the TGW */

/* The hub's memo in its private bytes (framework/gc_resource.h: what its next read asks in the same round), a small
 * versioned JSON text: {"v":1,"dxgw":["<Direct Connect gateway id>", ...]}. gc_hub_memo_of: the memo of a hub just
 * read ("" when nothing is worth remembering: no bytes stored), owned, NULL when memory ran out. gc_hub_memo_dx:
 * whether stored bytes name any Direct Connect gateway; anything else (none, garbage, another version) is false. */
char *gc_hub_memo_of(const struct gc_hub *hub);
bool gc_hub_memo_dx(struct gc_span memo);

/* gc_hub_load_hinted with the share's ARN as the only hint (NULL: looked up by its tag). */
int gc_hub_load(struct gc_op *op, const char *tgw_id, const char *share_arn_hint, struct gc_hub *hub, bool *found);

#endif
