/* gcnet_dns_resolver as plain data: what exists in AWS for one resolver, loaded from its VPC id (read, import,
 * update, delete) or built up step by step (create). Kept apart from the Terraform value mapping in
 * resource_dns_resolver.c so that the AWS side is testable on its own.
 *
 * How the parts are found (one resolver per VPC):
 *   - the two security groups by the tag gcnet:dns-resolver = <VPC id>, their role by gcnet:dns-role;
 *   - endpoints and forwarding rules by their CreatorRequestId, which gcnet sets to
 *     "gcnet-dns:<in|out>:<index>:<token>" and "gcnet-dns:rule:<token>" (no tag calls needed), endpoints in the
 *     VPC, rules on one of its outbound endpoints;
 *   - rule associations by VPC, the RAM share by ARN or by its gcnet:dns-resolver tag, the hosted zone
 *     associations with ListHostedZonesByVPC. */
#ifndef GC_DNS_MODEL_H
#define GC_DNS_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "aws/gc_aws_model.h"
#include "aws/gc_tags.h"
#include "framework/gc_op.h"

#define GC_DNS_MAX_ENDPOINTS 4
#define GC_DNS_MAX_IPS 8 /* per endpoint: two, and up to two more while addresses move */
#define GC_DNS_MAX_TARGETS 6
#define GC_DNS_SUBNETS 2

#define GC_TAG_DNS "gcnet:dns-resolver"
#define GC_TAG_DNS_ROLE "gcnet:dns-role"
#define GC_TAG_DNS_NAME "gcnet:dns-name"
#define GC_TAG_DNS_SUBNETS "gcnet:dns-subnets" /* "subnet-a,subnet-b": subnet_ids in order, for import */
#define GC_DNS_CREATOR_PREFIX "gcnet-dns:"

enum gc_dns_dir { GC_DNS_IN = 0, GC_DNS_OUT = 1 };

/* A growable list of owned strings; a zeroed struct is empty. */
struct gc_dns_strs {
    char **items;
    size_t n;
};

int gc_dns_strs_add(struct gc_dns_strs *list, const char *s);
bool gc_dns_strs_has(const struct gc_dns_strs *list, const char *s);
void gc_dns_strs_clean_up(struct gc_dns_strs *list);

struct gc_dns_ip {
    char *ip_id;
    char *subnet_id;
    char *ip;
};

struct gc_dns_endpoint {
    char *id; /* NULL: this index does not exist */
    char *arn;
    char *name;
    struct gc_dns_ip ips[GC_DNS_MAX_IPS];
    size_t n_ips;
};

struct gc_dns_target {
    char *ip;
    long port;
};

struct gc_dns_rule {
    char *id;
    char *arn;
    char *domain; /* normal form (dns_check.h) */
    char *endpoint_id;
    char *name;
    struct gc_dns_target targets[GC_DNS_MAX_TARGETS];
    size_t n_targets;
    char *association_id; /* NULL: not associated with the VPC */
    bool shared;          /* in the resolver's RAM share */
};

struct gc_dns {
    char *vpc_id;
    char *name;
    char *subnet_ids[GC_DNS_SUBNETS]; /* from GC_TAG_DNS_SUBNETS of the inbound group */
    struct gc_tags tags;              /* the user's tags (tags_all) as the inbound security group carries them */
    char *sg_ids[2];                  /* by enum gc_dns_dir */
    bool unfinished;    /* the inbound group carries GC_TAG_CREATE_UNFINISHED (create: give it; load: it has it) */
    char *create_token; /* the inbound group's GC_TAG_CREATE_TOKEN (create: give it; load: it has it; may be NULL) */
    struct gc_dns_strs perms[2]; /* inbound: ingress, outbound: egress, each "proto|from|to|cidr" */
    struct gc_dns_endpoint endpoints[2][GC_DNS_MAX_ENDPOINTS];
    struct gc_dns_rule *rules;
    size_t n_rules;
    char *share_arn;
    char *share_name;
    bool allow_external_principals;
    struct gc_dns_strs principals;
    struct gc_dns_strs zones; /* hosted zones associated with the VPC */
};

void gc_dns_clean_up(struct gc_dns *dns);
void gc_dns_endpoint_clean_up(struct gc_dns_endpoint *ep);
void gc_dns_rule_clean_up(struct gc_dns_rule *rule);
/* The rule for a domain in normal form, or NULL. */
struct gc_dns_rule *gc_dns_rule_find(struct gc_dns *dns, const char *domain);
/* Appends a zeroed rule; NULL on allocation failure. */
struct gc_dns_rule *gc_dns_rule_add(struct gc_dns *dns);
/* Fills a rule's fields from a ResolverRule document (targets, endpoint, name, ARN). 0; 1 when the document is
 * not a usable rule (no Id, no valid DomainName); -1 when memory ran out. */
int gc_dns_rule_from_doc(struct gc_dns_rule *rule, const json_t *doc);
/* "proto|from|to|cidr". */
int gc_dns_perm_key(char *out, size_t cap, const char *proto, long from, long to, const char *cidr);
/* The index and direction encoded in an endpoint's CreatorRequestId; -1 when it is not gcnet's. */
int gc_dns_creator_index(const char *creator, enum gc_dns_dir *dir);

/* Adds to dns->zones the private hosted zones associated with dns->vpc_id (ListHostedZonesByVPC). 0 / -1 with a
 * diagnostic. */
int gc_dns_load_zones(struct gc_op *op, struct gc_dns *dns);

/* A Route 53 Resolver object's tags from `old_tags` to `new_tags` (id is its ARN): UntagResource for the keys
 * gone, TagResource for the rest. Fits gc_tagging_apply_fn. */
int gc_dns_resolver_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                                const struct gc_tags *new_tags, struct gc_aws_error *err);
/* [{"Key": k, "Value": v}, ...] (new reference; NULL on allocation failure). */
json_t *gc_dns_tags_doc(const struct gc_tags *tags);

/* Replaces an endpoint's addresses with those AWS lists (the ones going away left out). 0 / -1 with a
 * diagnostic. */
int gc_dns_endpoint_load_addresses(struct gc_op *op, struct gc_dns_endpoint *ep);

/* Loads everything of the resolver in `vpc_id`. *found is false when neither its security groups nor its
 * endpoints exist. `share_arn_hint` NULL: the share is looked up by tag. */
int gc_dns_load(struct gc_op *op, const char *vpc_id, const char *share_arn_hint, struct gc_dns *dns, bool *found);

/* What a state already knows of its resolver: IDs that a load can read by at once instead of finding first. */
struct gc_dns_known {
    const char *share_arn;                              /* NULL: the share is looked up by its tag */
    const char *endpoint_ids[2 * GC_DNS_MAX_ENDPOINTS]; /* inbound and outbound, any order */
    size_t n_endpoint_ids;
    bool rules; /* the state has forwarding rules: their VPC associations are read with everything else */
};

/* gc_dns_load for a resolver in a state (read, update, delete): everything in one round of concurrent reads,
 * the groups, the endpoint and rule lists, the known endpoints' addresses, the rule associations, the share by
 * its ARN with both kinds of its associations and the hosted zones. A read by a known ID whose object is gone
 * is judged as gc_dns_load judges the object's absence from its list (an endpoint not listed is no endpoint,
 * whatever its addresses answered; a share not found or DELETED is no share). What the state did not know (an
 * endpoint it did not list, rules where it had none, no share ARN) is read in a second round. Same result and
 * diagnostics as gc_dns_load. */
int gc_dns_load_known(struct gc_op *op, const char *vpc_id, const struct gc_dns_known *known, struct gc_dns *dns,
                      bool *found);

#endif
