/* The answers gcnet_dns_resolver needs from the fake AWS (fake_world.h), as a small stateful model of one
 * account: the ops VPC and its three subnets (EC2), security groups with their rules and tags, Route 53 Resolver
 * endpoints (with their addresses), rules and rule associations, the RAM share of the rules, and the private
 * hosted zones associated with the VPC (Route 53). Creates make objects that later lists and gets report; deletes
 * make them gone (a get then answers ResourceNotFoundException); waits see CREATING / UPDATING for as many polls
 * as the state says. Every call that changes an endpoint's addresses is checked: dw_state.min_ips is the fewest
 * addresses a gcnet endpoint ever had after one. Test-only code. */
#ifndef DNS_WORLD_H
#define DNS_WORLD_H

#include <stdbool.h>

#include "fake_world.h"

#define DW_VPC_ID "vpc-0d0500000000000a1"
#define DW_VPC_CIDR "10.2.0.0/16"
#define DW_SUBNET_A "subnet-0d05000000000000a" /* 10.2.0.0/18, ap-northeast-1a */
#define DW_SUBNET_B "subnet-0d05000000000000b" /* 10.2.128.0/18, ap-northeast-1c */
#define DW_SUBNET_C "subnet-0d05000000000000c" /* 10.2.64.0/18, ap-northeast-1a (for subnet moves) */
#define DW_ZONE "Z0123456789ABCDEFGHIJ"
#define DW_ZONE2 "Z0987654321ABCDEFGHIJ"
#define DW_MAX 16
#define DW_MAX_OBJECTS 24

struct dw_sg {
    char id[32];
    bool live;
    int n_tags;
    char tag_keys[DW_MAX][64], tag_values[DW_MAX][160];
    int n_perms[2]; /* 0: ingress, 1: egress; each "proto|from|to|cidr" */
    char perms[2][DW_MAX][80];
};

struct dw_ip {
    char ip_id[32];
    char subnet[32];
    char ip[32];
};

struct dw_endpoint {
    char id[40];
    char arn[120];
    char name[80];
    char creator[120];
    char direction[10];
    char sg[32];
    char status[24];
    bool live;
    int polls; /* gets seen in CREATING / UPDATING */
    int n_ips;
    struct dw_ip ips[8];
};

struct dw_rule {
    char id[40];
    char arn[120];
    char domain[260];
    char endpoint[40];
    char name[80];
    char creator[80];
    bool live;
    int n_targets;
    char target_ips[6][20];
    long ports[6];
};

struct dw_assoc {
    char id[40];
    char rule[40];
    bool live;
};

struct dw_state {
    int n_sg;
    struct dw_sg sg[4];
    int n_ep;
    struct dw_endpoint ep[DW_MAX_OBJECTS];
    int n_rule;
    struct dw_rule rule[DW_MAX];
    int n_assoc;
    struct dw_assoc assoc[DW_MAX_OBJECTS];
    bool share;
    char share_name[80];
    bool share_external;
    int n_principals;
    char principals[DW_MAX][16];
    int n_shared;
    char shared[DW_MAX][120]; /* rule ARNs in the share */
    int n_zones;
    char zones[4][32]; /* hosted zones associated with the VPC */
    int n_ip_seq;      /* addresses AWS chose so far */
    /* knobs */
    int creating_polls;      /* a new endpoint reports CREATING this many gets, then OPERATIONAL */
    const char *endpoint_end; /* set: the next endpoint created ends in this status (FAILED, ACTION_NEEDED) */
    const char *end_message;  /* its StatusMessage */
    bool foreign_zone;       /* DW_ZONE2 belongs to another account that has not authorised the VPC */
    /* what the tests check */
    int min_ips; /* the fewest addresses a gcnet endpoint had after an address change (0: none changed) */
    int n_changes; /* Route 53 changes made (associate / disassociate) */
};

extern const struct fw_answer dw_answers[];
extern const size_t dw_n_answers;

/* Registers dw_answers on `world` with `state` (zeroed by the caller, knobs set as wanted). */
int dw_install(struct fw_world *world, struct dw_state *state);
/* The live endpoint with this id, or NULL. */
struct dw_endpoint *dw_endpoint(struct dw_state *state, const char *id);
/* The live rule with this id, or NULL. */
struct dw_rule *dw_rule(struct dw_state *state, const char *id);
/* The live security group whose gcnet:dns-role tag is `role`, or NULL. */
struct dw_sg *dw_group(struct dw_state *state, const char *role);
/* Whether a live association of rule `rule_id` exists. */
bool dw_rule_associated(const struct dw_state *state, const char *rule_id);
/* Removes a permission key from a group (drift made outside Terraform). */
void dw_perm_remove(struct dw_sg *sg, int egress, const char *key);

#endif
