/* The answers gcnet_onprem_link (method dx_gateway) needs from the fake AWS (fake_world.h): conn_world's hub (TGW
 * tagged naruto, the onprem, asp and ops route tables, the ops VPC 10.2.0.0/16 with one route table) and its wiring
 * handlers, plus a stateful Direct Connect side: the municipality's gateway OW_DXGW, one association with the TGW
 * (associating for `assoc_polls` describes, then associated; prefixes updated in place; deleted: disassociated), and
 * while it lives the attachment CW_ATT of type direct-connect-gateway. Test-only code. */
#ifndef ONPREM_WORLD_H
#define ONPREM_WORLD_H

#include <stdbool.h>

#include "conn_world.h"

#define OW_DXGW "5f294f92-bafb-4011-916d-9b0b0e0a0001"
#define OW_ASSOC "0b7d6e2a-3c1f-4e5d-9a8b-7c6d5e4f3a2b"
#define OW_MAX 8
#define OW_CGW "cgw-0000000000000000d"
#define OW_VPN "vpn-0000000000000000e"
#define OW_PROP1 "aaaaaaaa-0000-4000-8000-000000000001"
#define OW_PROP2 "aaaaaaaa-0000-4000-8000-000000000002"

struct ow_state {
    struct cw_state cw;        /* first: conn_world's handlers get the same pointer */
    bool dxgw_gone;            /* DescribeDirectConnectGateways answers "not found" */
    bool assoc_live;           /* the association exists (not disassociated) */
    const char *assoc_state;   /* NULL: "associated" */
    int assoc_polls;           /* describes that still answer the transitional state */
    const char *create_state;  /* what a new association answers first; NULL: "associating" */
    char prefixes[OW_MAX][32]; /* allowed prefixes */
    int n_prefixes;
    int creates, updates, deletes; /* calls that changed something */
    /* method tgw_peering: CW_ATT is the carrier's peering (no association needed) */
    bool peering;
    const char *peer_state;      /* NULL: "pendingAcceptance" */
    char troutes[4][OW_MAX][32]; /* static routes toward CW_ATT in TGW route table n (1..3) */
    int n_troutes[4];
    /* method dx_proposal: proposals to the carrier's gateway (ids OW_PROP1, OW_PROP2, ...) */
    int n_proposals;                /* made so far; the latest is the one below */
    const char *prop_state;         /* the latest's: requested, accepted, deleted; NULL: none */
    char prop_prefixes[OW_MAX][32]; /* what the latest asks for (the resulting set) */
    int n_prop_prefixes;
    /* method vpn: gcnet's customer gateway OW_CGW and VPN connection OW_VPN (CW_ATT is its attachment) */
    bool vpn_mode;
    bool cgw_exists, vpn_exists;
    const char *vpn_state; /* NULL: "available" */
    int vpn_polls;         /* describes that still answer "pending" */
    int cgw_creates, vpn_creates, vpn_deletes, cgw_deletes;
    /* creates (customer gateway, VPN connection, proposal) that act but whose answer is lost (HTTP 500) */
    int lost_creates;
};

extern struct fw_answer ow_answers[];
extern size_t ow_n_answers; /* set before main */

int ow_install(struct fw_world *world, struct ow_state *state);
/* A linked world: association associated with `prefix`, the attachment associated with onprem, propagated into
 * asp and ops, the ops VPC routing `cidr` and tagged as gcnet made it (name naruto-lgcs, service lgcs). */
void ow_state_linked(struct ow_state *st, const char *prefix, const char *cidr);
bool ow_has_prefix(const struct ow_state *st, const char *cidr);
/* The carrier accepts the latest proposal: the association is made (or its prefixes replaced). */
void ow_accept(struct ow_state *st);
/* Whether TGW route table n (1..3) routes `cidr` statically toward CW_ATT. */
bool ow_has_troute(const struct ow_state *st, int table, const char *cidr);

#endif
