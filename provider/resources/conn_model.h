/* The hub as a connection (gcnet_asp_connection, later gcnet_onprem_link) sees it, and the wiring steps a
 * connection makes on it: accept an attachment, associate it with one routing domain's table, propagate it into
 * others, and route its networks from the operations VPC toward the Transit Gateway. Every step is idempotent
 * (it looks first) and waits until AWS reports it done, so create, update and the repair of drift are one path.
 *
 * Also the plan-time facts a connection checks against: the municipality (the TGW's gcnet:municipality tag),
 * the ops VPC's range, and every route that already leads somewhere (TGW route tables and the ops VPC's tables). */
#ifndef GC_CONN_MODEL_H
#define GC_CONN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "aws/gc_tags.h"
#include "framework/gc_op.h"
#include "framework/gc_parallel.h"
#include "framework/gc_schema.h"

#define GC_CONN_MAX_VPC_TABLES 16
#define GC_CONN_MAX_DOMAINS 8

struct gc_conn_domain {
    char *name;
    char *route_table_id;
};

struct gc_conn_hub {
    char *tgw_id;
    char *tgw_owner_id;
    char *municipality;          /* the TGW's gcnet:municipality tag; NULL without one */
    bool no_default_association; /* the TGW's DefaultRouteTableAssociation is "disable" (as the hub makes it): an
                                    attachment it accepts is associated with nothing */
    struct gc_conn_domain domains[GC_CONN_MAX_DOMAINS];
    size_t n_domains;
    char *vpc_id; /* the ops VPC (tag gcnet:transit-gateway-id); NULL when it is gone */
    char *vpc_cidr;
    char *vpc_route_table_ids[GC_CONN_MAX_VPC_TABLES];
    size_t n_vpc_route_tables;
};

void gc_conn_hub_clean_up(struct gc_conn_hub *hub);

/* ---- validation shared by the ASP connection and the on-prem link ---- */

#define GC_CONN_MAX_CIDRS 20

/* A hub's id: a Transit Gateway ID. */
int gc_conn_validate_hub_id(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags);
/* A list of 1 to GC_CONN_MAX_CIDRS IPv4 networks (`what` they are, for the messages) with prefixes /8 to
 * /max_prefix, none overlapping another. */
int gc_conn_validate_cidr_list(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags,
                               const char *what, int max_prefix);

/* An imported connection's state (gc_import_state): id, hub_id and method, the rest left to Terraform's read. 0, or -1
 * with a diagnostic and *state NULL. */
int gc_conn_import_state(struct gc_op *op, const struct gc_block_def *block, const char *id, const char *hub_id,
                         const char *method, struct gc_value **state);

/* Which arguments each connection method needs and which it refuses, for gc_conn_check_method_args. */
struct gc_conn_arg_rule {
    const char *attr;
    const char *rules; /* one letter per method, in the methods' order: R needed, F refused, - neither */
    const char *what;  /* what the argument is, for the message */
};

/* Checks the known arguments of `config` against `rules` (n of them) for its method, one of `methods`
 * (NULL-terminated; a method unknown yet or not listed is not checked): an error on each needed argument left null
 * and each refused one set, at the argument. 0 / -1. */
int gc_conn_check_method_args(const struct gc_value *config, const char *const *methods,
                              const struct gc_conn_arg_rule *rules, size_t n, struct gc_diags *diags);
/* Loads the hub of `tgw_id`: the TGW, its gcnet route tables, the ops VPC and the VPC's route tables. *found is
 * false when the TGW is gone (or deleted). 0, or -1 with a diagnostic. */
int gc_conn_hub_load(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found);
/* gc_conn_hub_load for a resource's read: in a plan or refresh (gc_read_cache_read_only) it also fills each
 * domain's propagations into the read cache beside the VPC's tables, so that the read's gc_conn_wiring_read finds
 * everything there (a read's chain: 2 round trips instead of 4). */
int gc_conn_hub_load_for_read(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found);
/* The route table of a routing domain, or NULL. */
const char *gc_conn_hub_table(const struct gc_conn_hub *hub, const char *domain);
/* The domain whose table is `route_table_id`, or NULL. */
const char *gc_conn_hub_domain_of(const struct gc_conn_hub *hub, const char *route_table_id);
/* An error on `path` (hub_id) naming each of `domains` (NULL-terminated) that the hub lacks. -1 when any is
 * missing. */
int gc_conn_hub_require(struct gc_op *op, const struct gc_conn_hub *hub, const char *const *domains);
/* The hub an apply builds on: gc_conn_hub_load, an error on hub_id when the TGW does not exist, then
 * gc_conn_hub_require(domains). 0 / -1 with a diagnostic. */
int gc_conn_hub_load_required(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub,
                              const char *const *domains);
/* The second half of gc_conn_hub_load_required, for a hub loaded beside other reads (`found` from
 * gc_conn_hub_load). */
int gc_conn_hub_check_required(struct gc_op *op, const char *tgw_id, bool found, const struct gc_conn_hub *hub,
                               const char *const *domains);

/* ---- the attachment ---- */

struct gc_conn_attachment {
    char *id;
    char *tgw_id;
    char *state;
    char *resource_type;  /* vpc, peering, vpn, direct-connect-gateway */
    char *resource_id;    /* the VPC, the peer TGW, ... */
    char *resource_owner; /* the account of the VPC (the ASP's) */
    char *assoc_table;    /* the route table it is associated with (associating/associated), NULL: none */
    char *assoc_state;
    struct gc_tags tags;
};

void gc_conn_attachment_clean_up(struct gc_conn_attachment *att);
/* DescribeTransitGatewayAttachments by id. *found false when not found or deleted. 0 / -1 (diagnostic). */
int gc_conn_attachment_get(struct gc_op *op, const char *id, struct gc_conn_attachment *att, bool *found);
/* ---- a connection's read (refresh) ----
 *
 * These read through the provider's read cache (framework/gc_read_cache.h): each describe is made once per hub
 * and kind for every connection of the hub, so a refresh costs pages, not connections. Waits and write paths use
 * the uncached calls (gc_conn_attachment_get, gc_conn_propagated). */

/* The attachment as the hub's list has it (every attachment of `tgw_id`, one cached describe); one the list lacks
 * is asked about by id (gc_conn_attachment_get). `tgw_id` NULL: by id. *found false when gone. */
int gc_conn_attachment_find(struct gc_op *op, const char *tgw_id, const char *id, struct gc_conn_attachment *att,
                            bool *found);
/* The attachment `att_id` and its hub, at once when `tgw_hint` (the prior hub_id) is known; the hub of another
 * TGW than the hint when the attachment says so. *found false when the attachment or the hub is gone. */
int gc_conn_read_load(struct gc_op *op, const char *tgw_hint, const char *att_id, struct gc_conn_hub *hub,
                      struct gc_conn_attachment *att, bool *found);
/* The attachment's wiring: propagated[i] for hub->domains[i] (each table's cached propagations) and the ops VPC's
 * route tables (*vpc_tables as gc_conn_vpc_tables; NULL without a VPC), all at once. */
int gc_conn_wiring_read(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id,
                        bool propagated[GC_CONN_MAX_DOMAINS], json_t **vpc_tables);

/* Accepts a VPC attachment that is pendingAcceptance, then waits until it is available (also when someone else
 * accepted it). */
int gc_conn_attachment_accept_vpc(struct gc_op *op, const char *id);
/* The same for an attachment just read: no read of its own, and *att then holds it as the wait last saw it
 * (unchanged when it was available already). When the accept's own answer is already "available" and `hub` (NULL:
 * not known) associates nothing by default, there is nothing to wait for and nothing new to read: *att becomes
 * available with no association (one pendingAcceptance had none), without a poll. AWS answers "pending", so there
 * the wait polls as before. */
int gc_conn_attachment_accept(struct gc_op *op, struct gc_conn_attachment *att, const struct gc_conn_hub *hub);
/* Waits until the attachment is available (pending states in between; failed, rejected, deleted end it). */
int gc_conn_attachment_wait_available(struct gc_op *op, const char *id);

/* ---- association and propagation ---- */

/* Associates the attachment with `rt_id`: nothing when it already is; disassociates it from another table
 * first (and waits). Waits until associated. */
int gc_conn_associate(struct gc_op *op, const char *att_id, const char *rt_id);
/* Removes the attachment's association with `rt_id` if it has one, and waits until it is gone. */
int gc_conn_disassociate(struct gc_op *op, const char *att_id, const char *rt_id);
/* Whether the attachment propagates into `rt_id` (enabling or enabled). */
int gc_conn_propagated(struct gc_op *op, const char *att_id, const char *rt_id, bool *yes);
/* Enables the propagation unless it is, and waits until enabled. */
int gc_conn_propagate(struct gc_op *op, const char *att_id, const char *rt_id);
/* Disables it if enabled, and waits until gone. */
int gc_conn_unpropagate(struct gc_op *op, const char *att_id, const char *rt_id);

/* ---- a connection's wiring at once (issue 9 §2) ----
 *
 * The association and the propagations of one attachment do not depend on each other, nor on the ops VPC routes:
 * gcnet looks at every propagation in one round (one request each, at once), makes every write in one round, and
 * awaits all of them in ONE polling loop that reads each pending link with one request per round, at once.
 * hashicorp/aws makes the same calls from separate resources that Terraform runs concurrently. The caller's own
 * independent steps run beside: bookkeeping tags beside the looks (they must be there before any route that the
 * plan's overlap check recognises by them), routes beside the writes and the wait. The result is the same as
 * gc_conn_associate, gc_conn_propagate and gc_conn_unpropagate one after another (each is idempotent), so a crash
 * or a failure at any point is repaired by the next apply. */
struct gc_conn_wiring {
    const char *att_id;
    const char *assoc_now;   /* the table it is associated with as last read (gc_conn_attachment), NULL: none */
    const char *assoc_state; /* and that association's state */
    const char *assoc_rt;    /* associate it with this table (moved from another one); NULL: not touched */
    const char *on[GC_CONN_MAX_DOMAINS]; /* tables it propagates into */
    size_t n_on;
    const char *off[GC_CONN_MAX_DOMAINS]; /* tables it must not propagate into */
    size_t n_off;
    char *on_state[GC_CONN_MAX_DOMAINS]; /* filled by gc_conn_wire_look: each propagation's state, NULL: none */
    char *off_state[GC_CONN_MAX_DOMAINS];
};

void gc_conn_wiring_clean_up(struct gc_conn_wiring *w);
/* Reads every propagation of `on` and `off` at once, beside the caller's steps `with`. 0, or -1 (diagnostics). */
int gc_conn_wire_look(struct gc_op *op, struct gc_conn_wiring *w, const struct gc_parallel_step *with, size_t n_with);
/* After the look (assoc_rt may be set in between): the association and every propagation written at once, then one
 * wait for all of them, beside the caller's steps `beside`. 0, or -1 (diagnostics). */
int gc_conn_wire_apply(struct gc_op *op, struct gc_conn_wiring *w, const struct gc_parallel_step *beside,
                       size_t n_beside);

/* ---- static routes in TGW route tables ---- */

/* The static routes of `rt_id` toward `att_id` are exactly `cidrs`'s (only routes toward this attachment are
 * touched: added when missing, removed when not in `cidrs`). With no `cidrs` only the attachment's routes are
 * asked for (the attachment filter; still checked one by one). */
int gc_conn_tgw_routes_sync(struct gc_op *op, const char *rt_id, const char *att_id, const char *const *cidrs,
                            size_t n);

/* ---- the ops VPC's routes toward the TGW ---- */

/* The VPC route tables' routes (DescribeRouteTables of the ops VPC): RouteTables[]. Through the read cache: a
 * shared document, read it and json_decref it, never change it. */
int gc_conn_vpc_tables(struct gc_op *op, const struct gc_conn_hub *hub, json_t **tables);
/* Whether every one of the hub's VPC route tables routes `cidr` to the hub's TGW. */
bool gc_conn_vpc_routed(const json_t *tables, const struct gc_conn_hub *hub, const char *cidr);
/* Adds a route for `cidr` toward the TGW to each VPC route table that lacks one (CreateRoute first; a table that
 * answers RouteAlreadyExists is looked at: a route toward the TGW is kept). A route for the same range toward
 * anything else is an error on `path` naming it (gcnet never takes over a route it did not make). */
int gc_conn_vpc_route_add(struct gc_op *op, const struct gc_conn_hub *hub, const char *cidr, const char *path);
/* Removes the route for `cidr` from each VPC route table where it leads to the TGW, reading nothing that grows with
 * the hub: DeleteRoute where the process's first look of the tables saw it toward the TGW; a table where that look
 * saw no such route, or one toward anything else, is asked afresh (a route toward anything else stays). A route
 * already gone is done. */
int gc_conn_vpc_route_remove(struct gc_op *op, const struct gc_conn_hub *hub, const char *cidr);
/* Whether the known set or list value `set` holds the string `s`. */
bool gc_conn_set_has(const struct gc_value *set, const char *s);
/* The ops VPC's routes for the ranges of attribute `attr` (a set of CIDRs) in step with `planned`: routes of ranges
 * that `prior` (NULL on create) had and `planned` has not are removed, every planned range is added
 * (gc_conn_vpc_route_add; errors on `attr`) and removed ones go (gc_conn_vpc_route_remove). */
int gc_conn_vpc_routes_sync(struct gc_op *op, const struct gc_conn_hub *hub, const struct gc_value *planned,
                            const struct gc_value *prior, const char *attr);

/* ---- address ranges ---- */

/* Whether two CIDR blocks share an address. False when either does not parse. */
bool gc_conn_cidrs_overlap(const char *a, const char *b);

/* One range already routed on the hub: where it is and where it leads (for overlap messages). */
struct gc_conn_range {
    char *cidr;
    char *where;  /* "the ops VPC", "TGW route table asp (tgw-rtb-…)", "ops VPC route table rtb-…" */
    char *target; /* the attachment or gateway it leads to, NULL for the VPC itself */
};

struct gc_conn_ranges {
    struct gc_conn_range *items;
    size_t n;
};

void gc_conn_ranges_clean_up(struct gc_conn_ranges *ranges);
/* The hub as gc_conn_hub_load, and the ranges the hub routes today that may overlap `cidrs`: the ops VPC's own
 * range, the routes of each domain's TGW route table (static and propagated), and the ops VPC's routes (toward the
 * TGW or anything else but `local`). In a plan or refresh (gc_read_cache_read_only) every range, from the hub's
 * shared lists; in an apply only those that share an address with one of `cidrs`, each asked about by itself, so
 * that a create reads no more when the hub has more connections. The caller still checks each for an overlap.
 * Each domain's routes are asked as soon as the hub's route tables are known, beside the ops VPC's tables (not
 * after the whole hub: a plan's check costs one round trip fewer). *out (empty before) holds the ranges when 0 is
 * returned with *found, else it is left empty. 0, or -1 with a diagnostic (the hub's; the ranges' only when the
 * TGW exists). */
int gc_conn_hub_load_ranges(struct gc_op *op, const char *tgw_id, struct gc_conn_hub *hub, bool *found,
                            const char *const *cidrs, size_t n, struct gc_conn_ranges *out);

/* ---- lists in tags (AWS tag values hold 256 characters) ---- */

/* Puts `items` joined by "," under `key`, `key`-2, … (each value at most 256 characters). */
/* Adds to `out` the tags of `all` that are gcnet's bookkeeping for one resource type: the keys starting with
 * `prefix` ("gcnet:asp-", "gcnet:onprem-") and the TGW marker. 0 / -1 (no memory). */
int gc_conn_tags_ours(struct gc_tags *out, const struct gc_tags *all, const char *prefix);
/* Makes gcnet's bookkeeping tags on `id` (those of its `current` tags that gc_conn_tags_ours picks with `prefix`)
 * equal to `want` (NULL: none), with one update when they differ. 0 / -1 with a diagnostic. */
int gc_conn_retag(struct gc_op *op, const char *id, const struct gc_tags *current, const char *prefix,
                  const struct gc_tags *want);
int gc_conn_tags_put_list(struct gc_tags *tags, const char *key, const char *const *items, size_t n);
/* The list put by gc_conn_tags_put_list: *out an owned array of owned strings (NULL, 0 when absent). */
int gc_conn_tags_get_list(const struct gc_tags *tags, const char *key, char ***out, size_t *n);
void gc_conn_strings_free(char **items, size_t n);

/* ---- attachments that a connection does not name by id (gcnet_onprem_link) ---- */

/* The live attachment of `tgw_id` whose resource is `resource_type`/`resource_id` (a Direct Connect gateway's
 * attachment is known only that way). *found false when none is listed, or only deleted ones. 0 / -1. */
int gc_conn_attachment_find_by_resource(struct gc_op *op, const char *tgw_id, const char *resource_type,
                                        const char *resource_id, struct gc_conn_attachment *att, bool *found);
/* gc_conn_attachment_find_by_resource for a read: in a plan or refresh (gc_read_cache_read_only) from the hub's
 * attachment list (gc_hub_input_attachments: the list the hub's read and its connections' share, no request of its
 * own), otherwise by the filters. Not for waits (the list is kept for the process). */
int gc_conn_attachment_read_by_resource(struct gc_op *op, const char *tgw_id, const char *resource_type,
                                        const char *resource_id, struct gc_conn_attachment *att, bool *found);
/* Waits until that attachment is listed and available; *att then holds it. */
int gc_conn_attachment_find_by_resource_wait(struct gc_op *op, const char *tgw_id, const char *resource_type,
                                             const char *resource_id, struct gc_conn_attachment *att);

#endif
