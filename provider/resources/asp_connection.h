/* gcnet_asp_connection's methods share the resource's schema, validation and bookkeeping tags
 * (resource_asp_connection.c); each method's steps live in their own file. Internal to provider/resources. */
#ifndef GC_ASP_CONNECTION_H
#define GC_ASP_CONNECTION_H

#include "aws/gc_tags.h"
#include "framework/gc_op.h"
#include "framework/gc_schema.h"
#include "value/gc_value.h"

#define GC_ASP_TAG_NAME "gcnet:asp-connection"

/* set(number), for ports */
extern const struct gc_type gc_asp_type_set_number;

/* The connection's bookkeeping tags for `planned` on the hub `tgw_id` (name, vendor, networks, systems). */
int gc_asp_wanted_tags(struct gc_tags *out, const struct gc_value *planned, const char *tgw_id);
/* Sets name, vendor, cidrs (when recorded) and business_systems of `s` from the tags. */
int gc_asp_fill_from_tags(struct gc_value *s, const struct gc_tags *tags);
/* Makes gcnet's tags on the attachment or endpoint `id` (its `current` tags) those of `planned` (NULL: none). */
int gc_asp_retag(struct gc_op *op, const char *id, const struct gc_tags *current, const struct gc_value *planned,
                 const char *tgw_id);

/* ---- method "privatelink" (asp_privatelink.c) ---- */

int gc_asp_pl_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state);
int gc_asp_pl_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                     struct gc_value **state);
/* *state NULL when the endpoint is gone. */
int gc_asp_pl_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state);
int gc_asp_pl_delete(struct gc_op *op, const struct gc_value *prior);
/* The state of endpoint `id` (method, hub_id, id) when it is a gcnet connection's; the read fills the rest. */
int gc_asp_pl_import(struct gc_op *op, const char *id, const struct gc_block_def *block, struct gc_value **state);

/* ---- method "tgw_peering" (asp_peering.c) ---- */

struct gc_conn_hub;

/* A peering attachment as the hub sees it: the other side (the ASP's TGW) and gcnet's create marker. */
struct gc_asp_peer_info {
    char *id;
    char *state;
    char *peer_tgw_id;
    char *peer_account_id;
    char *peer_region;
    char *create_token; /* gcnet:create-token: gcnet created it (NULL: the ASP did) */
};

void gc_asp_peer_info_clean_up(struct gc_asp_peer_info *p);
/* DescribeTransitGatewayPeeringAttachments of `att_id` seen from the hub `tgw_id`. *found false when it is not
 * listed or deleted, failed or rejected. */
int gc_asp_peer_get(struct gc_op *op, const char *att_id, const char *tgw_id, struct gc_asp_peer_info *p, bool *found);
/* The connection's peering attachment (*att_id owned): attachment_id accepted when it is pendingAcceptance, or
 * one an interrupted create of this connection left, or a new one (bookkeeping tags and a create marker). */
int gc_asp_peer_attach(struct gc_op *op, const char *tgw_id, const struct gc_value *planned, char **att_id);
/* Static routes for `cidrs` toward the attachment in the onprem and ops tables, none in any other domain. */
int gc_asp_peer_routes(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id,
                       const struct gc_value *cidrs);
/* Removes every static route toward the attachment from the hub's domains. */
int gc_asp_peer_unroute(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id);
/* The domains (names borrowed from `hub`) whose table routes every one of `cidrs` to the attachment. */
int gc_asp_peer_routed_domains(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id,
                               const struct gc_value *cidrs, const char **domains, size_t *n_domains);
/* Waits until the peering attachment is available or pendingAcceptance (failed, rejected, deleted end it). */
int gc_asp_peer_wait_settled(struct gc_op *op, const char *att_id);
/* Deletes the peering attachment and waits until it is gone (not found counts as gone). */
int gc_asp_peer_delete(struct gc_op *op, const char *att_id);

#endif
