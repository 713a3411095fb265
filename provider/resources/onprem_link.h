/* gcnet_onprem_link's Direct Connect side (onprem_dx.c): the association of a Direct Connect gateway with the hub's
 * Transit Gateway, found, created, updated in place and deleted, each waited for. Internal to provider/resources. */
#ifndef GC_ONPREM_LINK_H
#define GC_ONPREM_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "framework/gc_op.h"

struct gc_onprem_dx_assoc {
    char *id;
    char *state;         /* associating, associated, updating, disassociating, disassociated */
    char *dxgw_id;       /* directConnectGatewayId */
    char *dxgw_owner;    /* directConnectGatewayOwnerAccount */
    char *gateway_id;    /* associatedGateway.id: the TGW */
    char *gateway_type;  /* associatedGateway.type: transitGateway */
    char *gateway_owner; /* associatedGateway.ownerAccount */
    char *state_message; /* stateChangeError */
    char **prefixes;     /* allowedPrefixesToDirectConnectGateway[].cidr */
    size_t n_prefixes;
};

void gc_onprem_dx_assoc_clean_up(struct gc_onprem_dx_assoc *a);
/* By association id; *found false when AWS does not list it or it is disassociated. */
int gc_onprem_dx_assoc_get(struct gc_op *op, const char *assoc_id, struct gc_onprem_dx_assoc *a, bool *found);
/* A read's look at the association `assoc_id`, which the state puts on the TGW `tgw_id` (may be NULL): in a plan or
 * refresh (gc_read_cache_read_only) picked by id from the TGW's associations through the read cache (the hub's
 * read asked them in its round, gc_hub_input_dx_associations), else, or when the TGW's list lacks it (moved, gone),
 * by its id as gc_onprem_dx_assoc_get. */
int gc_onprem_dx_assoc_read(struct gc_op *op, const char *assoc_id, const char *tgw_id, struct gc_onprem_dx_assoc *a,
                            bool *found);
/* The live association of `dxgw_id` with `tgw_id`, if any. */
int gc_onprem_dx_assoc_find(struct gc_op *op, const char *dxgw_id, const char *tgw_id, struct gc_onprem_dx_assoc *a,
                            bool *found);
/* CreateDirectConnectGatewayAssociation with `prefixes`: *assoc_id owned. */
int gc_onprem_dx_assoc_create(struct gc_op *op, const char *dxgw_id, const char *tgw_id, const char *const *prefixes,
                              size_t n, char **assoc_id);
/* UpdateDirectConnectGatewayAssociation: adds and removes allowed prefixes in place (the association and its
 * attachment stay). Nothing is sent when both lists are empty. */
int gc_onprem_dx_assoc_update(struct gc_op *op, const char *assoc_id, const char *const *add, size_t n_add,
                              const char *const *remove, size_t n_remove);
/* Waits until the association is associated; `last` (NULL: not kept) then holds it as the last poll read it. */
int gc_onprem_dx_assoc_wait(struct gc_op *op, const char *assoc_id, struct gc_onprem_dx_assoc *last);
struct gc_conn_attachment;
/* gc_onprem_dx_assoc_wait, then the gateway's attachment on `tgw_id` available (gc_conn_attachment_find_by_resource_
 * wait), in one wait: each poll reads the association and the attachment at once, so the attachment costs no round
 * trip of its own once the association is done. `last` (NULL: not kept) holds the association as the last poll read
 * it, *att the attachment as the last poll found it. Fails as the two waits would: the association's failed states,
 * then the attachment's. */
int gc_onprem_dx_assoc_wait_attached(struct gc_op *op, const char *assoc_id, const char *tgw_id, const char *dxgw_id,
                                     struct gc_onprem_dx_assoc *last, struct gc_conn_attachment *att);
/* Deletes the association (when it still exists) and waits until it is disassociated or gone. */
int gc_onprem_dx_assoc_delete(struct gc_op *op, const char *assoc_id);
/* Whether the Direct Connect gateway exists (DescribeDirectConnectGateways); *owner (owned) its account. */
int gc_onprem_dx_gateway_get(struct gc_op *op, const char *dxgw_id, bool *found, char **owner);

/* ---- association proposals (the Direct Connect gateway is another account's: the carrier's) ---- */

struct gc_onprem_dx_proposal {
    char *id;
    char *state; /* requested, accepted, deleted */
    char *dxgw_id;
    char *dxgw_owner;
    char *gateway_id; /* the TGW */
    char **requested; /* the prefixes the association will have once accepted */
    size_t n_requested;
};

void gc_onprem_dx_proposal_clean_up(struct gc_onprem_dx_proposal *p);
/* By proposal id; *found false when AWS does not list it. */
int gc_onprem_dx_proposal_get(struct gc_op *op, const char *id, struct gc_onprem_dx_proposal *p, bool *found);
/* A requested proposal of `dxgw_id` with `tgw_id`, if any. */
int gc_onprem_dx_proposal_find(struct gc_op *op, const char *dxgw_id, const char *tgw_id,
                               struct gc_onprem_dx_proposal *p, bool *found);
/* CreateDirectConnectGatewayAssociationProposal: *id owned. */
int gc_onprem_dx_proposal_create(struct gc_op *op, const char *dxgw_id, const char *owner, const char *tgw_id,
                                 const char *const *add, size_t n_add, const char *const *remove, size_t n_remove,
                                 char **id);
/* DeleteDirectConnectGatewayAssociationProposal (nothing when it is not requested any more). */
int gc_onprem_dx_proposal_delete(struct gc_op *op, const char *id);

/* ---- Site-to-Site VPN on the TGW (onprem_vpn.c) ---- */

struct gc_onprem_vpn {
    char *id;
    char *state; /* pending, available, deleting, deleted */
    char *customer_gateway_id;
    char *tgw_id;
};

void gc_onprem_vpn_clean_up(struct gc_onprem_vpn *v);
/* DescribeVpnConnections by id; *found false when not found or deleted. */
int gc_onprem_vpn_get(struct gc_op *op, const char *id, struct gc_onprem_vpn *v, bool *found);
/* gcnet's customer gateway for `ip`/`asn` on `tgw_id` (tagged; reused when it exists), *cgw_id owned. */
int gc_onprem_cgw_ensure(struct gc_op *op, const char *tgw_id, const char *ip, int64_t asn, char **cgw_id);
/* The customer gateway's address and AS number (*ip owned); *found false when it is gone. */
int gc_onprem_cgw_get(struct gc_op *op, const char *cgw_id, char **ip, int64_t *asn, bool *found);
/* CreateVpnConnection on the TGW (dynamic routing, BGP), tagged; *id owned. */
int gc_onprem_vpn_create(struct gc_op *op, const char *tgw_id, const char *cgw_id, const char *name, char **id);
/* Waits until the VPN connection is available. */
int gc_onprem_vpn_wait(struct gc_op *op, const char *id);
/* Deletes the VPN connection (waits until deleted), then the customer gateway when gcnet made it. */
int gc_onprem_vpn_delete(struct gc_op *op, const char *id, const char *cgw_id);

#endif
