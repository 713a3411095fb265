/* reachable_from: a member route table per connection that has partners (see asp_pairs.h for the design). */
#include "resources/asp_pairs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_ec2.h"
#include "base/gc_log.h"
#include "framework/gc_parallel.h"
#include "framework/gc_wait.h"
#include "resources/asp_connection.h"
#include "resources/hub_model.h"

#define S_MAX_ROUTES 256

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;

void gc_asp_pairs_lock(void)
{
    pthread_mutex_lock(&s_lock);
}

void gc_asp_pairs_unlock(void)
{
    pthread_mutex_unlock(&s_lock);
}

/* ---- the model ---- */

static const struct gc_asp_node *s_node(const struct gc_asp_node *nodes, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (nodes[i].id && strcmp(nodes[i].id, id) == 0)
            return &nodes[i];
    return NULL;
}

static bool s_declares(const struct gc_asp_node *x, const char *id)
{
    for (size_t i = 0; i < x->n_declared; i++)
        if (x->declared[i] && strcmp(x->declared[i], id) == 0)
            return true;
    return false;
}

bool gc_asp_pair_linked(const struct gc_asp_node *nodes, size_t n, const char *a, const char *b)
{
    const struct gc_asp_node *x = s_node(nodes, n, a), *y = s_node(nodes, n, b);
    if (!x || !y || x == y)
        return false;
    return s_declares(x, b) || s_declares(y, a);
}

size_t gc_asp_pair_wanted(const struct gc_asp_node *nodes, size_t n, const char *member, struct gc_asp_route *out,
                          size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!gc_asp_pair_linked(nodes, n, member, nodes[i].id))
            continue;
        for (size_t c = 0; c < nodes[i].n_cidrs; c++, k++)
            if (k < cap)
                out[k] = (struct gc_asp_route){nodes[i].cidrs[c], nodes[i].id};
    }
    return k;
}

/* ---- the graph ---- */

void gc_asp_graph_clean_up(struct gc_asp_graph *g)
{
    for (size_t i = 0; g && i < g->n; i++) {
        free(g->nodes[i].id);
        free(g->nodes[i].name);
        free(g->nodes[i].assoc_table);
        gc_conn_strings_free(g->nodes[i].cidrs, g->nodes[i].n_cidrs);
        gc_conn_strings_free(g->nodes[i].declared, g->nodes[i].n_declared);
    }
    for (size_t i = 0; g && i < g->n_tables; i++) {
        free(g->tables[i].rt_id);
        free(g->tables[i].member);
    }
    if (g) {
        free(g->nodes);
        free(g->tables);
        free(g->view);
        memset(g, 0, sizeof(*g));
    }
}

const struct gc_asp_graph_node *gc_asp_graph_find(const struct gc_asp_graph *g, const char *id)
{
    for (size_t i = 0; id && i < g->n; i++)
        if (strcmp(g->nodes[i].id, id) == 0)
            return &g->nodes[i];
    return NULL;
}

const char *gc_asp_graph_table_of(const struct gc_asp_graph *g, const char *member)
{
    for (size_t i = 0; member && i < g->n_tables; i++)
        if (strcmp(g->tables[i].member, member) == 0)
            return g->tables[i].rt_id;
    return NULL;
}

static int s_table_add(struct gc_asp_graph *g, const char *rt_id, const char *member)
{
    struct gc_asp_member_table *grown = realloc(g->tables, (g->n_tables + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    g->tables = grown;
    char *a = gc_strdup(rt_id), *b = gc_strdup(member);
    if (!a || !b) {
        free(a);
        free(b);
        return -1;
    }
    g->tables[g->n_tables++] = (struct gc_asp_member_table){a, b};
    return 0;
}

static void s_table_remove(struct gc_asp_graph *g, const char *member)
{
    for (size_t i = 0; i < g->n_tables; i++) {
        if (strcmp(g->tables[i].member, member) != 0)
            continue;
        free(g->tables[i].rt_id);
        free(g->tables[i].member);
        g->tables[i] = g->tables[--g->n_tables];
        return;
    }
}

static int s_node_add(struct gc_asp_graph *g, const json_t *item)
{
    static const char *const live[] = {"available", NULL};
    struct gc_tags tags = {0};
    int rc = 0;
    const char *id = gc_doc_str(item, "TransitGatewayAttachmentId");
    const char *state = gc_doc_str(item, "State");
    rc |= gc_tags_add_list(&tags, gc_doc_list(item, "Tags"));
    bool alive = false;
    for (size_t i = 0; state && live[i]; i++)
        alive = alive || strcmp(state, live[i]) == 0;
    if (rc != 0 || !id || !alive || !gc_tags_find(&tags, GC_ASP_TAG_NAME)) {
        gc_tags_clean_up(&tags);
        return rc;
    }
    struct gc_asp_graph_node *grown = realloc(g->nodes, (g->n + 1) * sizeof(*grown));
    if (!grown) {
        gc_tags_clean_up(&tags);
        return -1;
    }
    g->nodes = grown;
    struct gc_asp_graph_node *nd = &g->nodes[g->n];
    memset(nd, 0, sizeof(*nd));
    g->n++;
    const char *assoc_state = gc_doc_str(item, "Association.State");
    const char *assoc = gc_doc_str(item, "Association.TransitGatewayRouteTableId");
    nd->id = gc_strdup(id);
    nd->name = gc_strdup(gc_tags_find(&tags, GC_ASP_TAG_NAME));
    rc |= nd->name ? 0 : -1;
    if (assoc && assoc_state && !gc_ec2_state_is_gone(assoc_state) && strcmp(assoc_state, "disassociating") != 0)
        nd->assoc_table = gc_strdup(assoc);
    rc |= !nd->id || (assoc && assoc_state && !gc_ec2_state_is_gone(assoc_state) &&
                      strcmp(assoc_state, "disassociating") != 0 && !nd->assoc_table)
              ? -1
              : 0;
    rc |= gc_conn_tags_get_list(&tags, "gcnet:asp-cidrs", &nd->cidrs, &nd->n_cidrs);
    rc |= gc_conn_tags_get_list(&tags, GC_ASP_TAG_REACHABLE, &nd->declared, &nd->n_declared);
    gc_tags_clean_up(&tags);
    return rc ? -1 : 0;
}

static int s_view(struct gc_asp_graph *g)
{
    free(g->view);
    g->view = calloc(g->n ? g->n : 1, sizeof(*g->view));
    if (!g->view)
        return -1;
    for (size_t i = 0; i < g->n; i++)
        g->view[i] = (struct gc_asp_node){g->nodes[i].id, (const char *const *)g->nodes[i].cidrs, g->nodes[i].n_cidrs,
                                          (const char *const *)g->nodes[i].declared, g->nodes[i].n_declared};
    return 0;
}

/* The graph's two reads, made at once: the hub's attachments (`declaring`: only those tagged with a reachable_from,
 * by a tag-key filter; `refused` when the server refused that filter) and its member tables. */
struct s_graph_reads {
    const char *tgw_id;
    bool declaring;
    bool refused;
    json_t *attachments;
    struct gc_ec2_tgw_rt_list tables;
};

static int s_read_attachments(struct gc_op *op, void *arg)
{
    struct s_graph_reads *r = arg;
    struct gc_aws_error err = {0};
    json_t *in = r->declaring
                     ? json_pack("{s:[{s:s, s:[s]}, {s:s, s:[s]}]}", "Filters", "Name", "transit-gateway-id", "Values",
                                 r->tgw_id, "Name", "tag-key", "Values", GC_ASP_TAG_REACHABLE)
                     : json_pack("{s:[{s:s, s:[s]}]}", "Filters", "Name", "transit-gateway-id", "Values", r->tgw_id);
    int rc = -1;
    if (!in)
        goto cleanup;
    rc = gc_aws_op_call_all(op->aws, &gc_op_ec2_describe_transit_gateway_attachments, in, &r->attachments, &err);
    if (rc != 0 && r->declaring && err.http_status == 400 && !gc_aws_error_is(&err, "RequestLimitExceeded")) {
        r->refused = true;
        rc = 0;
    } else if (rc != 0) {
        gc_op_aws_error(op, &err);
    }
cleanup:
    gc_aws_error_clean_up(&err);
    json_decref(in);
    return rc ? -1 : 0;
}

static int s_read_member_tables(struct gc_op *op, void *arg)
{
    struct s_graph_reads *r = arg;
    struct gc_aws_error err = {0};
    int rc = gc_ec2_tgw_rt_list_tagged(op->aws, r->tgw_id, GC_ASP_TAG_MEMBER, &r->tables, &err);
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc ? -1 : 0;
}

/* The graph: every attachment of the hub, or (`declaring`) only those tagged with a reachable_from; *refused when
 * the server refused that filter (nothing loaded, no diagnostic). */
static int s_graph_load(struct gc_op *op, const struct gc_conn_hub *hub, bool declaring, struct gc_asp_graph *g,
                        bool *refused)
{
    struct s_graph_reads r = {.tgw_id = hub->tgw_id, .declaring = declaring};
    const struct gc_parallel_step reads[] = {{s_read_attachments, &r}, {s_read_member_tables, &r}};
    int result = -1;
    memset(g, 0, sizeof(*g));
    if (refused)
        *refused = false;
    if (gc_parallel_run(op, reads, sizeof reads / sizeof reads[0]) != 0)
        goto cleanup;
    if (r.refused) {
        if (refused)
            *refused = true;
        result = 0;
        goto cleanup;
    }
    const json_t *items = gc_doc_list(r.attachments, "TransitGatewayAttachments");
    for (size_t i = 0; i < json_array_size(items); i++)
        if (s_node_add(g, json_array_get(items, i)) != 0)
            goto cleanup;
    for (size_t i = 0; i < r.tables.n; i++) {
        const char *member = gc_tags_find(&r.tables.items[i].tags, GC_ASP_TAG_MEMBER);
        if (member && r.tables.items[i].id && !gc_ec2_state_is_gone(r.tables.items[i].state) &&
            strcmp(r.tables.items[i].state ? r.tables.items[i].state : "", "deleting") != 0 &&
            !gc_asp_graph_table_of(g, member) && s_table_add(g, r.tables.items[i].id, member) != 0)
            goto cleanup;
    }
    if (s_view(g) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0) {
        if (!gc_diags_has_error(op->diags))
            gc_diags_error_at(op->diags, "reachable_from", "Out of memory",
                              "Could not read the hub's ASP connections.");
        gc_asp_graph_clean_up(g);
    }
    gc_ec2_tgw_rt_list_clean_up(&r.tables);
    json_decref(r.attachments);
    return result;
}

int gc_asp_graph_load(struct gc_op *op, const struct gc_conn_hub *hub, struct gc_asp_graph *g)
{
    return s_graph_load(op, hub, false, g, NULL);
}

int gc_asp_pairs_involved(struct gc_op *op, const struct gc_conn_hub *hub, const char *att_id, bool *yes)
{
    struct gc_asp_graph g = {0};
    bool refused = false;
    *yes = false;
    if (s_graph_load(op, hub, true, &g, &refused) != 0)
        return -1;
    /* a server that refuses the tag filter: say yes, and the caller reads the whole graph */
    *yes = refused || gc_asp_graph_table_of(&g, att_id) != NULL;
    for (size_t i = 0; !*yes && i < g.n; i++)
        for (size_t k = 0; !*yes && k < g.nodes[i].n_declared; k++)
            *yes = strcmp(g.nodes[i].declared[k], att_id) == 0 && strcmp(g.nodes[i].id, att_id) != 0;
    gc_asp_graph_clean_up(&g);
    return 0;
}

/* ---- a member table ---- */

static int s_rt_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct gc_ec2_tgw_rt rt = {0};
    struct gc_aws_error err = {0};
    bool found = false;
    int rc = 0;
    (void)reason;
    *status = NULL;
    if (gc_ec2_tgw_rt_get(op->aws, arg, &rt, &found, &err) != 0) {
        gc_op_aws_error(op, &err);
        rc = -1;
    } else if (found && rt.state && !(*status = gc_strdup(rt.state))) {
        rc = -1;
    }
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_rt_clean_up(&rt);
    return rc;
}

static int s_table_create(struct gc_op *op, const struct gc_conn_hub *hub, struct gc_asp_graph *g, const char *member,
                          const char *name)
{
    static const char *const available[] = {"available", NULL};
    struct gc_tags tags = {0};
    struct gc_ec2_tgw_rt rt = {0};
    struct gc_aws_error err = {0};
    char label[300], what[160];
    int result = -1;
    snprintf(label, sizeof label, "%s-pairs", name ? name : member);
    if (gc_tags_add(&tags, GC_ASP_TAG_MEMBER, member) != 0 || gc_tags_add(&tags, GC_TAG_TGW, hub->tgw_id) != 0 ||
        gc_tags_add(&tags, "Name", label) != 0) {
        gc_diags_error_at(op->diags, "reachable_from", "Out of memory", "Could not build the route table's tags.");
        goto cleanup;
    }
    if (gc_ec2_tgw_rt_create(op->aws, hub->tgw_id, &tags, &rt, &err) != 0 || !rt.id) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    GC_INFO("created route table %s for the partners of ASP attachment %s", rt.id, member);
    if (s_table_add(g, rt.id, member) != 0) {
        gc_diags_error_at(op->diags, "reachable_from", "Out of memory", "Could not record route table %s.", rt.id);
        goto cleanup;
    }
    snprintf(what, sizeof what, "transit gateway route table %s", rt.id);
    struct gc_wait_spec w = {.what = what, .target = available, .status = s_rt_status, .arg = rt.id};
    result = gc_wait_for(op, &w);
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_rt_clean_up(&rt);
    gc_tags_clean_up(&tags);
    return result;
}

static int s_table_delete(struct gc_op *op, struct gc_asp_graph *g, const char *member, const char *rt_id)
{
    struct gc_ec2_tgw_rt_link_list props = {0};
    struct gc_aws_error err = {0};
    char *id = gc_strdup(rt_id);
    int result = -1;
    if (!id)
        goto cleanup;
    if (gc_ec2_tgw_rt_propagations(op->aws, id, &props, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    for (size_t i = 0; i < props.n; i++)
        if (props.items[i].attachment_id && gc_conn_unpropagate(op, props.items[i].attachment_id, id) != 0)
            goto cleanup;
    if (gc_ec2_tgw_rt_delete(op->aws, id, &err) != 0 && !gc_ec2_error_is_not_found(&err)) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    GC_INFO("deleted route table %s: ASP attachment %s has no partner left", id, member);
    s_table_remove(g, member);
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, "reachable_from", "Out of memory", "Could not delete route table %s.", rt_id);
    free(id);
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_rt_link_list_clean_up(&props);
    return result;
}

static bool s_link_live(const struct gc_ec2_tgw_rt_link *l)
{
    return l->attachment_id && l->state && !gc_ec2_state_is_gone(l->state) && strcmp(l->state, "disabling") != 0;
}

/* The propagations of the `asp` table (what a member table mirrors) and of the member table `rt_id`. 0, or -1 with
 * the AWS error reported. */
static int s_propagations_of(struct gc_op *op, const char *asp, const char *rt_id, struct gc_ec2_tgw_rt_link_list *want,
                             struct gc_ec2_tgw_rt_link_list *have)
{
    struct gc_aws_error err = {0};
    int rc = 0;
    if (gc_ec2_tgw_rt_propagations(op->aws, asp, want, &err) != 0 ||
        gc_ec2_tgw_rt_propagations(op->aws, rt_id, have, &err) != 0) {
        gc_op_aws_error(op, &err);
        rc = -1;
    }
    gc_aws_error_clean_up(&err);
    return rc;
}

/* The member table's propagations are exactly `asp`'s. */
static int s_mirror_propagations(struct gc_op *op, const char *asp, const char *rt_id)
{
    struct gc_ec2_tgw_rt_link_list want = {0}, have = {0};
    int result = -1;
    if (s_propagations_of(op, asp, rt_id, &want, &have) != 0)
        goto cleanup;
    for (size_t i = 0; i < want.n; i++)
        if (s_link_live(&want.items[i]) && gc_conn_propagate(op, want.items[i].attachment_id, rt_id) != 0)
            goto cleanup;
    for (size_t i = 0; i < have.n; i++) {
        const struct gc_ec2_tgw_rt_link *w = gc_ec2_tgw_rt_link_find(&want, have.items[i].attachment_id);
        if (s_link_live(&have.items[i]) && (!w || !s_link_live(w)) &&
            gc_conn_unpropagate(op, have.items[i].attachment_id, rt_id) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_ec2_tgw_rt_link_list_clean_up(&want);
    gc_ec2_tgw_rt_link_list_clean_up(&have);
    return result;
}

static int s_static_routes(struct gc_op *op, const char *rt_id, struct gc_ec2_tgw_route_list *out)
{
    static const char *const static_type[] = {"static"};
    const struct gc_ec2_filter f = {"type", static_type, 1};
    struct gc_aws_error err = {0};
    int rc = gc_ec2_tgw_route_search(op->aws, rt_id, &f, 1, out, &err);
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

static bool s_route_in(const struct gc_asp_route *routes, size_t n, const char *cidr, const char *att)
{
    for (size_t i = 0; cidr && att && i < n; i++)
        if (strcmp(routes[i].cidr, cidr) == 0 && strcmp(routes[i].att_id, att) == 0)
            return true;
    return false;
}

/* The member table's static routes are exactly `asp`'s (toward an attachment) plus the partner routes. */
static int s_sync_statics(struct gc_op *op, const char *asp, const char *rt_id, const struct gc_asp_route *partners,
                          size_t n_partners)
{
    struct gc_ec2_tgw_route_list from_asp = {0}, have = {0};
    struct gc_asp_route want[S_MAX_ROUTES];
    struct gc_aws_error err = {0};
    size_t n = 0;
    int result = -1;
    if (s_static_routes(op, asp, &from_asp) != 0 || s_static_routes(op, rt_id, &have) != 0)
        goto cleanup;
    for (size_t i = 0; i < from_asp.n && n < S_MAX_ROUTES; i++)
        if (from_asp.items[i].destination_cidr_block && from_asp.items[i].attachment_id)
            want[n++] =
                (struct gc_asp_route){from_asp.items[i].destination_cidr_block, from_asp.items[i].attachment_id};
    for (size_t i = 0; i < n_partners && n < S_MAX_ROUTES; i++)
        want[n++] = partners[i];
    for (size_t i = 0; i < have.n; i++) {
        const struct gc_ec2_tgw_route *r = &have.items[i];
        if (r->destination_cidr_block && !s_route_in(want, n, r->destination_cidr_block, r->attachment_id) &&
            gc_ec2_tgw_route_delete(op->aws, rt_id, r->destination_cidr_block, &err) != 0)
            goto fail;
    }
    for (size_t k = 0; k < n; k++) {
        bool present = false;
        for (size_t i = 0; !present && i < have.n; i++)
            present = have.items[i].destination_cidr_block && have.items[i].attachment_id &&
                      strcmp(have.items[i].destination_cidr_block, want[k].cidr) == 0 &&
                      strcmp(have.items[i].attachment_id, want[k].att_id) == 0;
        if (!present && gc_ec2_tgw_route_create(op->aws, rt_id, want[k].cidr, want[k].att_id, NULL, &err) != 0)
            goto fail;
    }
    result = 0;
    goto cleanup;
fail:
    gc_op_aws_error(op, &err);
cleanup:
    gc_aws_error_clean_up(&err);
    gc_ec2_tgw_route_list_clean_up(&from_asp);
    gc_ec2_tgw_route_list_clean_up(&have);
    return result;
}

int gc_asp_pair_sync(struct gc_op *op, const struct gc_conn_hub *hub, struct gc_asp_graph *g, const char *member,
                     const char *name)
{
    struct gc_asp_route routes[S_MAX_ROUTES];
    const char *asp = gc_conn_hub_table(hub, "asp");
    size_t n = gc_asp_pair_wanted(g->view, g->n, member, routes, S_MAX_ROUTES);
    const char *table = gc_asp_graph_table_of(g, member);
    if (!asp)
        return gc_conn_hub_require(op, hub, (const char *const[]){"asp", NULL});
    if (n > S_MAX_ROUTES) {
        gc_diags_error_at(op->diags, "reachable_from", "Too many partner routes",
                          "ASP attachment %s would need %zu partner routes; gcnet handles at most %d per connection.",
                          member, n, S_MAX_ROUTES);
        return -1;
    }
    if (n == 0) {
        /* no partner: back on asp, and its member table goes */
        if (gc_conn_associate(op, member, asp) != 0)
            return -1;
        return table ? s_table_delete(op, g, member, table) : 0;
    }
    if (!table) {
        if (s_table_create(op, hub, g, member, name) != 0)
            return -1;
        table = gc_asp_graph_table_of(g, member);
    }
    if (s_mirror_propagations(op, asp, table) != 0 || s_sync_statics(op, asp, table, routes, n) != 0)
        return -1;
    return gc_conn_associate(op, member, table);
}

int gc_asp_pair_release(struct gc_op *op, struct gc_asp_graph *g, const char *member)
{
    const char *table = gc_asp_graph_table_of(g, member);
    if (!table)
        return 0;
    if (gc_conn_disassociate(op, member, table) != 0)
        return -1;
    return s_table_delete(op, g, member, table);
}

/* ---- checks for read ---- */

static int s_routes_all(struct gc_op *op, const char *rt_id, const struct gc_asp_graph_node *to, bool *yes)
{
    struct gc_ec2_tgw_route_list have = {0};
    *yes = false;
    if (!rt_id || !to)
        return 0;
    if (s_static_routes(op, rt_id, &have) != 0)
        return -1;
    bool all = to->n_cidrs > 0;
    for (size_t k = 0; all && k < to->n_cidrs; k++) {
        bool found = false;
        for (size_t i = 0; !found && i < have.n; i++)
            found = have.items[i].destination_cidr_block && have.items[i].attachment_id &&
                    strcmp(have.items[i].destination_cidr_block, to->cidrs[k]) == 0 &&
                    strcmp(have.items[i].attachment_id, to->id) == 0;
        all = found;
    }
    *yes = all;
    gc_ec2_tgw_route_list_clean_up(&have);
    return 0;
}

int gc_asp_pair_complete(struct gc_op *op, const struct gc_asp_graph *g, const char *member, const char *partner,
                         bool *complete)
{
    const struct gc_asp_graph_node *m = gc_asp_graph_find(g, member), *p = gc_asp_graph_find(g, partner);
    const char *tm = gc_asp_graph_table_of(g, member), *tp = gc_asp_graph_table_of(g, partner);
    bool there = false, back = false;
    *complete = false;
    if (!m || !p || !tm || !tp || !m->assoc_table || !p->assoc_table || strcmp(m->assoc_table, tm) != 0 ||
        strcmp(p->assoc_table, tp) != 0)
        return 0;
    if (s_routes_all(op, tm, p, &there) != 0 || (there && s_routes_all(op, tp, m, &back) != 0))
        return -1;
    *complete = there && back;
    return 0;
}

int gc_asp_pair_mirrors_asp(struct gc_op *op, const struct gc_conn_hub *hub, const char *rt_id, bool *yes)
{
    struct gc_ec2_tgw_rt_link_list want = {0}, have = {0};
    const char *asp = gc_conn_hub_table(hub, "asp");
    int result = asp ? -1 : 0;
    *yes = false;
    if (!asp || s_propagations_of(op, asp, rt_id, &want, &have) != 0)
        goto cleanup;
    bool all = true;
    for (size_t i = 0; all && i < want.n; i++) {
        const struct gc_ec2_tgw_rt_link *h = gc_ec2_tgw_rt_link_find(&have, want.items[i].attachment_id);
        all = !s_link_live(&want.items[i]) || (h && s_link_live(h));
    }
    *yes = all;
    result = 0;
cleanup:
    gc_ec2_tgw_rt_link_list_clean_up(&want);
    gc_ec2_tgw_rt_link_list_clean_up(&have);
    return result;
}
