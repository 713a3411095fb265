/* The answers gcnet_municipality_hub needs from the fake AWS (fake_world.h), from the recorded moto fixtures in
 * tests/unit/aws/ec2-fixtures (the working directory of the tests that use it). Stateful where the hub needs it:
 * fresh ids per created route table and subnet, and deletes that make later describes report the object gone.
 * Test-only code. */
#ifndef HUB_WORLD_H
#define HUB_WORLD_H

#include <stdbool.h>

#include "fake_world.h"

#define HW_TGW_ID "tgw-c629df727a9b815ec"
#define HW_ATT_ID "tgw-attach-fbc03a7310f259a08"
#define HW_DXGW_ID "5f7b5c1e-0000-4000-8000-00000000d0c0"
#define HW_VPC_ID "vpc-0ede708d21bacbe6c"
#define HW_SHARE_ARN "arn:aws:ram:ap-northeast-1:123456789012:resource-share/0d52780e-6b8f-47b6-8c2d-2c4b72be455d"
#define HW_ORPHAN_TGW "tgw-0000000000000dead"
#define HW_ORPHAN_ARN "arn:aws:ram:ap-northeast-1:123456789012:resource-share/00000000-0000-0000-0000-00000000dead"

/* What GetResourceShares lists. */
enum hw_shares {
    HW_SHARES_OURS = 0, /* the hub's share (ram_get.json), until DeleteResourceShare */
    HW_SHARES_NONE,     /* nothing: a fresh account */
    HW_SHARES_ORPHAN,   /* a naruto share whose TGW (HW_ORPHAN_TGW) is gone, and one made by hand */
};

struct hw_state {
    enum hw_shares shares;
    int n_rt, n_subnet;
    char subnet_cidr[8][32]; /* CidrBlock of subnet n+1, for the look-up after an uncertain CreateSubnet */
    char rt_domain[8][16];   /* routing-domain tag of route table n (1..7) as created; "" before */
    bool tgw_gone, att_gone, share_gone, assoc_gone;
    bool rt_gone[8], prop_gone[8];
    bool dx_attached; /* a Direct Connect gateway (HW_DXGW_ID) is attached and associated (a dx_gateway link's) */
};

/* The hub's answer table (the handlers take a struct hw_state *). */
extern const struct fw_answer hw_answers[];
extern const size_t hw_n_answers;

/* Registers hw_answers on `world` with `state` (zeroed by the caller, shares set as wanted). */
int hw_install(struct fw_world *world, struct hw_state *state);

#endif
