/* gcnet_asp_connection's reachable_from: two business systems (ASPs) reach each other only when one of the two
 * connections names the other, and then only each other's `cidrs`, in both directions; no third ASP reaches either.
 *
 * Why a route table per member. An ASP attachment is associated with exactly one TGW route table, and that table
 * decides where traffic *from* the attachment may go. Every ASP is associated with the shared `asp` table, so a
 * route in `asp` toward one ASP would let every ASP in. A table per pair cannot work either once a connection has
 * two partners (A-B and B-C: B can be associated with only one of the pair tables). So each connection that has
 * at least one partner gets a table of its own (its "member table", tagged gcnet:asp-member=<attachment id>):
 *   - the same routes as `asp` (its propagations and static routes: the premises and the ops VPC), kept in step;
 *   - a static route for each of a partner's `cidrs` toward the partner's attachment, for each partner;
 * and the connection is associated with it instead of `asp`. A-B and B-C then give A: {B}, B: {A, C}, C: {B}:
 * A cannot reach C, as wanted. A connection without partners stays on `asp`, and no member table ever holds a
 * route toward it, so it reaches no ASP and no ASP reaches it.
 *
 * Who does it. The relation is symmetric: A naming B is enough for both directions. Each connection records its
 * own reachable_from on its attachment (tag gcnet:asp-reachable-from), so any apply can see the whole graph of the
 * hub from AWS (gc_asp_graph_load). The apply of a connection syncs its own member table and those of the
 * partners it names now or named before (their tables gain or lose its routes, and they move between `asp` and
 * their member table); every sync is computed from the graph by gc_asp_pair_wanted, the one place that decides
 * which routes a member table holds. */
#ifndef GC_ASP_PAIRS_H
#define GC_ASP_PAIRS_H

#include <stdbool.h>
#include <stddef.h>

#include "framework/gc_op.h"
#include "resources/conn_model.h"

#define GC_ASP_TAG_REACHABLE "gcnet:asp-reachable-from"
#define GC_ASP_TAG_MEMBER "gcnet:asp-member"

/* ---- the model: which routes a member table holds (no AWS) ---- */

/* One gcnet ASP connection of a hub, as recorded on its attachment. Strings borrowed. */
struct gc_asp_node {
    const char *id; /* the attachment */
    const char *const *cidrs;
    size_t n_cidrs;
    const char *const *declared; /* its reachable_from */
    size_t n_declared;
};

/* Whether a and b may reach each other: both are nodes and one names the other (never a node with itself). */
bool gc_asp_pair_linked(const struct gc_asp_node *nodes, size_t n, const char *a, const char *b);

/* One static route of a member table. */
struct gc_asp_route {
    const char *cidr;   /* borrowed from the nodes */
    const char *att_id; /* the partner's attachment */
};

/* The partner routes the member table of `member` must hold: each partner's cidrs toward it, in node order.
 * Writes at most `cap` into `out`; returns how many there are (may exceed cap). 0: `member` has no partner
 * and belongs on `asp`. */
size_t gc_asp_pair_wanted(const struct gc_asp_node *nodes, size_t n, const char *member, struct gc_asp_route *out,
                          size_t cap);

/* ---- the graph of a hub, from AWS ---- */

struct gc_asp_graph_node {
    char *id;
    char *name;        /* its gcnet:asp-connection tag */
    char *assoc_table; /* the table it is associated with, NULL: none */
    char **cidrs;
    size_t n_cidrs;
    char **declared;
    size_t n_declared;
};

struct gc_asp_member_table {
    char *rt_id;
    char *member; /* the attachment it belongs to */
};

struct gc_asp_graph {
    struct gc_asp_graph_node *nodes;
    size_t n;
    struct gc_asp_member_table *tables;
    size_t n_tables;
    struct gc_asp_node *view; /* nodes as gc_asp_node, for the model */
};

void gc_asp_graph_clean_up(struct gc_asp_graph *g);
/* The hub's gcnet ASP connections with a TGW attachment (tag gcnet:asp-connection, not deleted) and the member
 * tables (tag gcnet:asp-member). 0, or -1 with a diagnostic. */
int gc_asp_graph_load(struct gc_op *op, const struct gc_conn_hub *hub, struct gc_asp_graph *g);
const struct gc_asp_graph_node *gc_asp_graph_find(const struct gc_asp_graph *g, const char *id);
/* The member table of `member`, or NULL. */
const char *gc_asp_graph_table_of(const struct gc_asp_graph *g, const char *member);
/* Whether `att_id` takes part in any pair: it has a member table, or another connection names it. Asks only for
 * the attachments that name partners (a tag-key filter) and the member tables, so that a create without pairs
 * reads no more when the hub has more connections (the whole graph lists every attachment). The tags are checked
 * here too (a server that ignores the filter answers every attachment); one that refuses it gives yes. 0 / -1. */
int gc_asp_pairs_involved(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id, bool *yes);

/* ---- wiring ---- */

/* Connections of one apply run at once in one provider process; two that change the same pair (say both sides
 * drop it) must not decide from graphs read before the other's tags changed. Syncs that touch pairs hold this
 * lock from the graph's load to the last sync: each connection retags before it takes the lock, so the last
 * sync sees every retag. One lock for the process (a provider process serves one Terraform command). */
void gc_asp_pairs_lock(void);
void gc_asp_pairs_unlock(void);

/* Wires `member` as the graph says: with partners, its member table (made when missing, named after `name`) holds
 * `asp`'s routes and the partner routes and nothing else, and the member is associated with it; without, the
 * member is associated with `asp` and its member table, if any, is deleted. Updates g->tables. */
int gc_asp_pair_sync(struct gc_op *op, const struct gc_conn_hub *hub, struct gc_asp_graph *g, const char *member,
                     const char *name);

/* For a connection going away (no longer in the graph): disassociates `member` from its member table and deletes
 * the table, if it has one. */
int gc_asp_pair_release(struct gc_op *op, struct gc_asp_graph *g, const char *member);

/* Whether the routing between `member` and `partner` is complete in both directions: each is associated with its
 * member table and each table routes every one of the other's cidrs to the other. */
int gc_asp_pair_complete(struct gc_op *op, const struct gc_asp_graph *g, const char *member, const char *partner,
                         bool *complete);

/* Whether the member table `rt_id` holds every propagation of `asp` (a route of the premises or the ops VPC that
 * `asp` gained later and the member table lacks is drift). */
int gc_asp_pair_mirrors_asp(struct gc_op *op, const struct gc_conn_hub *hub, const char *rt_id, bool *yes);

#endif
