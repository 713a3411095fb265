/* The interface VPC endpoint of a PrivateLink connection (gcnet_asp_connection, method "privatelink") and the
 * security group gcnet makes for it, both in the hub's operations VPC: find, create, wait, read back, delete.
 *
 * The endpoint carries the connection's bookkeeping tags (the caller builds them); the group is named
 * "gcnet-<name>" and tagged gcnet:transit-gateway-id, so an interrupted create finds and adopts both instead of
 * making a second pair. Ingress permissions are handled as keys "tcp|<port>|<cidr>" (one port, one range). */
#ifndef GC_CONN_ENDPOINT_H
#define GC_CONN_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "aws/gc_tags.h"
#include "framework/gc_op.h"
#include "resources/conn_model.h"

struct gc_conn_endpoint {
    char *id;
    char *state; /* as AWS answers it: pendingAcceptance, available, ... (compare case-insensitively) */
    char *service_name;
    char *vpc_id;
    char *sg_id;          /* the first of the endpoint's groups (gcnet makes exactly one) */
    json_t *subnet_ids;   /* array of strings */
    json_t *dns_names;    /* array of strings, in AWS's order */
    json_t *ip_addresses; /* array of strings: the private address of each network interface */
    struct gc_tags tags;
};

void gc_conn_endpoint_clean_up(struct gc_conn_endpoint *ep);

/* DescribeVpcEndpoints by id, then the interfaces' addresses. *found false when not found or deleted. */
int gc_conn_endpoint_get(struct gc_op *op, const char *id, struct gc_conn_endpoint *ep, bool *found);
/* The live endpoint of `vpc_id` tagged `tag_key`=`tag_value` for `service_name` (an interrupted create's), or
 * *found false. */
int gc_conn_endpoint_find(struct gc_op *op, const char *vpc_id, const char *service_name, const char *tag_key,
                          const char *tag_value, struct gc_conn_endpoint *ep, bool *found);
/* CreateVpcEndpoint (Interface, no private DNS) in `subnets` with `sg_id`, tagged `tags`: *id owned. */
int gc_conn_endpoint_create(struct gc_op *op, const char *vpc_id, const char *service_name, const json_t *subnets,
                            const char *sg_id, const struct gc_tags *tags, char **id);
/* Waits until the endpoint is available, or pendingAcceptance (the ASP must accept: not a failure).
 * Rejected, failed, expired and deleted end it with an error naming the state. */
int gc_conn_endpoint_wait(struct gc_op *op, const char *id);
/* DeleteVpcEndpoints (an unsuccessful item is an error unless it says not found), then waits until gone. */
int gc_conn_endpoint_delete(struct gc_op *op, const char *id);

/* The ops VPC's subnets (those tagged gcnet:transit-gateway-id=hub), sorted by id: an owned array. */
int gc_conn_hub_subnets(struct gc_op *op, const struct gc_conn_hub *hub, json_t **subnets);

/* ---- the security group ---- */

/* The group `group_name` of `vpc_id`, *sg_id owned, or NULL when there is none. */
int gc_conn_sg_find(struct gc_op *op, const char *vpc_id, const char *group_name, char **sg_id);
/* Creates the group (tagged `tags`) and revokes its default allow-all egress: an endpoint answers, it never
 * connects out. */
int gc_conn_sg_create(struct gc_op *op, const char *vpc_id, const char *group_name, const char *description,
                      const struct gc_tags *tags, char **sg_id);
/* The group's ingress as keys "tcp|<port>|<cidr>" (only single-port TCP permissions with a range; anything else
 * is kept as "other|…" so that a sync removes it). Owned array. */
int gc_conn_sg_ingress(struct gc_op *op, const char *sg_id, json_t **keys);
/* Authorizes the keys of `want` the group lacks (`have`) and revokes those it has but `want` lacks. */
int gc_conn_sg_sync(struct gc_op *op, const char *sg_id, const json_t *have, const json_t *want);
/* Deletes the group, retrying while the endpoint's interfaces still use it. */
int gc_conn_sg_delete(struct gc_op *op, const char *sg_id);

/* "tcp|<port>|<cidr>" into out (cap bytes). -1 when it does not fit. */
int gc_conn_perm_key(char *out, size_t cap, long port, const char *cidr);
/* Whether an array of strings holds `s`. */
bool gc_conn_json_has(const json_t *array, const char *s);

#endif
