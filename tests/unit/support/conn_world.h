/* The answers gcnet_asp_connection needs from the fake AWS (fake_world.h): one hub (TGW tagged naruto, the onprem,
 * asp and ops route tables, the ops VPC 10.2.0.0/16 with one route table) and one ASP VPC attachment, stateful:
 * accept, association, propagations, ops VPC routes and the attachment's tags change what later describes
 * answer. Test-only code. */
#ifndef CONN_WORLD_H
#define CONN_WORLD_H

#include <stdbool.h>

#include "fake_world.h"

#define CW_TGW "tgw-0000000000000000a"
#define CW_ATT "tgw-attach-000000000000000a1"
#define CW_VPC "vpc-0000000000000000b"
#define CW_RTB "rtb-0000000000000000c"
#define CW_RT_ONPREM "tgw-rtb-00000000000000001"
#define CW_RT_ASP "tgw-rtb-00000000000000002"
#define CW_RT_OPS "tgw-rtb-00000000000000003"
#define CW_MAX 16
#define CW_VPCE "vpce-0000000000000000e"
#define CW_SG "sg-0000000000000000f"
#define CW_SERVICE "com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0"
#define CW_PEER_TGW "tgw-0000000000000000d"
#define CW_PEER_ACCOUNT "222222222222"
#define CW_PEER_REGION "ap-northeast-3"

struct cw_state {
    const char *att_state; /* NULL: "pendingAcceptance" */
    bool att_gone;
    int assoc;               /* 0: none, 1..3: route table n */
    bool prop[4];            /* propagated into route table n (1..3) */
    char routes[CW_MAX][32]; /* the ops VPC route table's routes toward the TGW */
    int n_routes;
    char other_route[32]; /* a route toward something else (a NAT gateway), "" for none */
    char tag_keys[CW_MAX][64], tag_values[CW_MAX][300];
    int n_tags;
    const char *municipality; /* NULL: "naruto" */
    /* method privatelink: gcnet's endpoint in the ops VPC (subnets a and b) and its security group */
    bool ep_exists;
    const char *ep_state;        /* NULL: "available" */
    const char *ep_create_state; /* what a new endpoint starts in; NULL: "pending" (then available) */
    int ep_polls;                /* describes answered while "pending" before it becomes available */
    bool sg_exists;
    bool sg_egress_open;
    char perms[CW_MAX][64]; /* ingress as "tcp|port|cidr" */
    int n_perms;
    char ep_tag_keys[CW_MAX][64], ep_tag_values[CW_MAX][300];
    int n_ep_tags;
    char ep_created_with[4][80]; /* the last CreateVpcEndpoint's VpcEndpointType, SubnetId.1, SubnetId.2,
                                    SecurityGroupId.1 */
    /* method tgw_peering: CW_ATT is a peering attachment between CW_TGW and CW_PEER_TGW */
    bool peering;
    bool peer_requested_by_asp; /* the ASP created it (the hub is the accepter) */
    int peer_creates;           /* CreateTransitGatewayPeeringAttachment calls answered */
    /* static routes of the TGW route tables: table n (1..3), cidr, attachment */
    struct {
        int table;
        char cidr[32];
        char att[64];
    } tgw_routes[CW_MAX];
    int n_tgw_routes;
    /* a new association or propagation is listed as associating / enabling this many times before it is done */
    int link_pending;
    bool links_answer_done; /* Associate / EnablePropagation answer "associated" / "enabled" (as moto does), not
                             * "associating" / "enabling" (as AWS does) */
    int assoc_pending;
    int prop_pending[4];
    bool accept_answers_available;       /* AcceptTransitGatewayVpcAttachment answers "available" (as moto does), not
                                          * "pending" (as AWS does) */
    const char *tgw_default_association; /* the TGW's Options.DefaultRouteTableAssociation; NULL: no options */
};

extern const struct fw_answer cw_answers[];
extern const size_t cw_n_answers;

int cw_install(struct fw_world *world, struct cw_state *state);
/* The ingress rule "tcp|port|cidr" is in the group. */
bool cw_has_perm(const struct cw_state *st, const char *key);
/* The state of a connected attachment with `cidr` routed (accepted, associated with asp, propagated). */
void cw_state_connected(struct cw_state *st, const char *cidr);
/* The static route `cidr` toward `att` in table n (1 onprem, 2 asp, 3 ops). */
bool cw_tgw_route(const struct cw_state *st, int table, const char *cidr, const char *att);
/* The hub's route table (1 onprem, 2 asp, 3 ops) a request names in TransitGatewayRouteTableId; 0 for another. */
int cw_request_table(const struct fw_request *req);
/* Whether the attachment carries tag `key` (with `value`; NULL: any value). */
bool cw_has_tag(const struct cw_state *st, const char *key, const char *value);

#endif
