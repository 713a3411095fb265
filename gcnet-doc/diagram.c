#include "diagram.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "catalog.h"
#include "ipv4.h"
#include "object_sheets.h"

extern char **environ;

int gc_doc_diagram_format_from_name(const char *name)
{
    if (!name)
        return -1;
    if (strcasecmp(name, "dot") == 0 || strcasecmp(name, "gv") == 0)
        return GC_DOC_FMT_DOT;
    if (strcasecmp(name, "svg") == 0)
        return GC_DOC_FMT_SVG;
    if (strcasecmp(name, "png") == 0)
        return GC_DOC_FMT_PNG;
    return -1;
}

int gc_doc_diagram_format_from_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!dot || (slash && dot < slash))
        return -1;
    return gc_doc_diagram_format_from_name(dot + 1);
}

/* ---- DOT text --------------------------------------------------------------------------------------------- */

/* Appends a DOT double-quoted string. */
static int s_q(struct gc_buf *b, const char *text)
{
    if (gc_buf_append_byte(b, '"'))
        return -1;
    for (const char *p = text ? text : ""; *p; p++) {
        int rc;
        if (*p == '"' || *p == '\\')
            rc = gc_buf_append_byte(b, '\\') || gc_buf_append_byte(b, (uint8_t)*p);
        else if (*p == '\n')
            rc = gc_buf_append_str(b, "\\n");
        else if ((unsigned char)*p < 0x20)
            rc = gc_buf_append_byte(b, ' ');
        else
            rc = gc_buf_append_byte(b, (uint8_t)*p);
        if (rc)
            return -1;
    }
    return gc_buf_append_byte(b, '"');
}

static int s_node(struct gc_buf *b, const char *indent, const char *id, const char *label, const char *attrs)
{
    return gc_buf_append_str(b, indent) || s_q(b, id) || gc_buf_append_str(b, " [label=") || s_q(b, label) ||
           gc_buf_printf(b, "%s%s];\n", attrs && *attrs ? ", " : "", attrs ? attrs : "");
}

static int s_edge(struct gc_buf *b, const char *from, const char *to, const char *label, const char *attrs)
{
    if (gc_buf_append_str(b, "  ") || s_q(b, from) || gc_buf_append_str(b, " -> ") || s_q(b, to))
        return -1;
    if (gc_buf_append_str(b, " ["))
        return -1;
    if (label && (gc_buf_append_str(b, "label=") || s_q(b, label)))
        return -1;
    return gc_buf_printf(b, "%s%s];\n", label && attrs && *attrs ? ", " : "", attrs ? attrs : "");
}

/* True when a top-level attribute, or its element `mkey` (a map key) or `i` (a list index, when mkey is NULL), is
 * sensitive: the value must not be drawn. */
static bool s_hidden(const struct gc_doc_resource *res, const json_t *block, const char *key, const char *mkey,
                     size_t i)
{
    const json_t *after = json_object_get(res->after_sensitive, key);
    const json_t *before = json_object_get(res->before_sensitive, key);

    if (gc_doc_resource_attr_sensitive(res, block, key))
        return true;
    if (mkey)
        return json_is_true(json_object_get(after, mkey)) || json_is_true(json_object_get(before, mkey));
    return json_is_true(json_array_get(after, i)) || json_is_true(json_array_get(before, i));
}

/* A displayable value of a top-level attribute: known, not sensitive; lists of scalars are joined. */
static int s_attr_text(struct gc_buf *out, const struct gc_doc_resource *res, const json_t *block, const char *key)
{
    const json_t *v = gc_doc_resource_attr(res, key);
    size_t i;
    const json_t *e;

    gc_buf_reset(out);
    if (gc_doc_resource_attr_sensitive(res, block, key))
        return gc_buf_append_str(out, GC_DOC_SENSITIVE_TEXT);
    if (gc_doc_resource_attr_unknown(res, key))
        return gc_buf_append_str(out, GC_DOC_UNKNOWN_TEXT);
    if (json_is_string(v))
        return gc_buf_append_str(out, json_string_value(v));
    if (json_is_integer(v))
        return gc_buf_printf(out, "%lld", (long long)json_integer_value(v));
    if (json_is_boolean(v))
        return gc_buf_append_str(out, json_is_true(v) ? "true" : "false");
    if (json_is_array(v)) {
        json_array_foreach(v, i, e)
        {
            if (!json_is_string(e))
                continue;
            const char *text = s_hidden(res, block, key, NULL, i) ? GC_DOC_SENSITIVE_TEXT : json_string_value(e);
            if ((i && gc_buf_append_str(out, ", ")) || gc_buf_append_str(out, text))
                return -1;
        }
    }
    return 0;
}

static const char *s_muni_of(const struct gc_doc_resource *res)
{
    const char *m = gc_doc_resource_string(res, "municipality");
    return m ? m : "(不明)";
}

static bool s_seen(const char **list, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], key) == 0)
            return true;
    return false;
}

struct s_ctx {
    struct gc_buf *b;
    struct gc_buf id, id2, label, tmp;
    const struct gc_doc_input *in;
    const struct gc_doc_schema *schema;
    const json_t *sheets; /* the sheet table, for the fixed settings (may be NULL) */
    const char **hubs;    /* municipality keys that have a hub */
    size_t n_hubs;
};

enum {
    S_PART_NODE = 1,
    S_PART_EDGES = 2,
};

/* Resources drawn inside the municipality's AWS cluster rather than beside it. */
static bool s_in_cluster(const struct gc_doc_resource *res)
{
    return strcmp(res->type, "gcnet_private_ca") == 0 || strcmp(res->type, "gcnet_dns_resolver") == 0;
}

static int s_generic(struct s_ctx *c, const struct gc_doc_resource *res, const char *indent, int parts);

/* The municipality's premises. The line to the Government Cloud is drawn only when a gcnet_onprem_link describes it
 * (`has_link`); until then the node says the line is not built, dashed. */
static int s_premises(struct s_ctx *c, const char *muni, bool has_link)
{
    const struct gc_doc_municipality *m = gc_doc_catalog_find(muni);
    gc_buf_reset(&c->id);
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->id, "premises:%s", muni) ||
        gc_buf_printf(&c->label, "%s 庁舎ネットワーク\n(%s)%s", m ? m->name_ja : muni,
                      m ? (strcmp(m->connection, "LGCS") == 0 ? "LGWAN / LGCS" : "専用線") : "接続方式不明",
                      has_link ? "" : "\n接続回線: 未構築"))
        return -1;
    return s_node(c->b, "  ", gc_buf_cstr(&c->id), gc_buf_cstr(&c->label),
                  has_link ? "shape=folder, fillcolor=\"#FFF2CC\""
                           : "shape=folder, style=\"dashed,filled\", fillcolor=\"#FFF2CC\"");
}

/* Planned objects (a plan's create or replace) are drawn dashed. */
static const char *s_style(const struct gc_doc_resource *res)
{
    return res->action == GC_DOC_ACT_CREATE || res->action == GC_DOC_ACT_REPLACE ? "style=\"dashed,rounded,filled\", "
                                                                                 : "";
}

/* The module path of a resource's address ("module.network." or "" at the root). */
static size_t s_module_len(const struct gc_doc_resource *res)
{
    const char *t = strstr(res->address, res->type);
    return t ? (size_t)(t - res->address) : 0;
}

/* A resolver, CA or connection belongs to a hub: the hub's Transit Gateway as its hub_id (a connection), the same
 * VPC when both are known, else the same module. */
static bool s_belongs(const struct gc_doc_resource *o, const struct gc_doc_resource *hub)
{
    const char *h = gc_doc_resource_string(o, "hub_id");
    const char *t = gc_doc_resource_string(hub, "transit_gateway_id");
    const char *v1 = gc_doc_resource_string(o, "vpc_id");
    const char *v2 = gc_doc_resource_string(hub, "vpc_id");
    if (h && t)
        return strcmp(h, t) == 0;
    if (v1 && v2)
        return strcmp(v1, v2) == 0;
    return s_module_len(o) == s_module_len(hub) && strncmp(o->address, hub->address, s_module_len(o)) == 0;
}

/* The municipality of any resource: its own attribute, else that of the hub it belongs to (resolver, CA). */
static const char *s_muni_in(const struct s_ctx *c, const struct gc_doc_resource *res)
{
    if (gc_doc_resource_string(res, "municipality"))
        return gc_doc_resource_string(res, "municipality");
    for (size_t i = 0; i < c->in->n_resources; i++) {
        const struct gc_doc_resource *h = &c->in->resources[i];
        if (strcmp(h->type, "gcnet_municipality_hub") == 0 && h->action != GC_DOC_ACT_DELETE && s_belongs(res, h))
            return s_muni_of(h);
    }
    return s_muni_of(res);
}

/* The live hub of a municipality, or NULL. */
static const struct gc_doc_resource *s_hub_of(const struct s_ctx *c, const char *muni)
{
    for (size_t i = 0; i < c->in->n_resources; i++) {
        const struct gc_doc_resource *h = &c->in->resources[i];
        if (strcmp(h->type, "gcnet_municipality_hub") == 0 && h->action != GC_DOC_ACT_DELETE &&
            strcmp(s_muni_of(h), muni) == 0)
            return h;
    }
    return NULL;
}

/* Whether the hub drew a route table node for `domain` ("rt:<muni>:<domain>"). */
static bool s_hub_has_domain(const struct s_ctx *c, const struct gc_doc_resource *hub, const char *domain)
{
    const json_t *block = gc_doc_schema_resource_block(c->schema, hub->type);
    const json_t *rts = gc_doc_resource_attr(hub, "route_table_ids");
    const json_t *domains = gc_doc_resource_attr(hub, "routing_domains");
    size_t i;
    const json_t *v;

    if (gc_doc_resource_attr_sensitive(hub, block, "route_table_ids"))
        return false;
    if (json_is_object(rts) && json_object_size(rts) > 0)
        return json_object_get(rts, domain) != NULL;
    json_array_foreach(domains, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), domain) == 0)
            return true;
    }
    return false;
}

/* Whether a connection's attachment is routed into `domain`: propagated_domains when known; a peering is routed
 * statically into onprem and ops; while unknown, gcnet's fixed wiring (onprem and ops). */
static bool s_asp_routed_into(const struct gc_doc_resource *res, const char *domain)
{
    const char *method = gc_doc_resource_string(res, "method");
    const json_t *pd = gc_doc_resource_attr(res, "propagated_domains");
    size_t i;
    const json_t *v;

    if (!json_is_array(pd) || (method && strcmp(method, "tgw_peering") == 0))
        return strcmp(domain, "onprem") == 0 || strcmp(domain, "ops") == 0;
    json_array_foreach(pd, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), domain) == 0)
            return true;
    }
    return false;
}

/* Text for an HTML-like Graphviz label: markup characters escaped, control characters as spaces. */
static int s_html(struct gc_buf *b, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        int rc = *p == '<'                  ? gc_buf_append_str(b, "&lt;")
                 : *p == '>'                ? gc_buf_append_str(b, "&gt;")
                 : *p == '&'                ? gc_buf_append_str(b, "&amp;")
                 : *p == '"'                ? gc_buf_append_str(b, "&quot;")
                 : (unsigned char)*p < 0x20 ? gc_buf_append_byte(b, ' ')
                                            : gc_buf_append_byte(b, (uint8_t)*p);
        if (rc)
            return -1;
    }
    return 0;
}

/* An ASP connection by its method: a Transit Gateway attachment (or peering) associated with the asp route table
 * and routed into onprem and ops (propagated; static routes for a peering); a PrivateLink endpoint inside the
 * operations VPC. `id` is the connection's node. */
static int s_asp_edges(struct s_ctx *c, const struct gc_doc_resource *res, const char *muni, const char *id)
{
    static const char *const routed[] = {"onprem", "ops"};
    const char *method = gc_doc_resource_string(res, "method");
    const char *ja = gc_doc_catalog_method_ja(method);
    const struct gc_doc_resource *hub = s_hub_of(c, muni);
    bool peering = method && strcmp(method, "tgw_peering") == 0;

    gc_buf_reset(&c->id2);
    gc_buf_reset(&c->tmp);
    if (method && strcmp(method, "privatelink") == 0) {
        if (gc_buf_printf(&c->id2, "subnet:%s:0", muni) ||
            gc_buf_printf(&c->tmp, "ltail=\"cluster_vpc_%s\", color=\"#2E75B6\", penwidth=2", muni))
            return -1;
        return s_edge(c->b, gc_buf_cstr(&c->id2), id, "PrivateLink 接続 (インターフェイスエンドポイント)",
                      gc_buf_cstr(&c->tmp));
    }
    if (!hub || !s_hub_has_domain(c, hub, "asp")) {
        if (gc_buf_printf(&c->id2, "tgw:%s", muni))
            return -1;
        return s_edge(c->b, gc_buf_cstr(&c->id2), id, ja ? ja : method, NULL);
    }
    if (gc_buf_printf(&c->id2, "rt:%s:asp", muni) ||
        gc_buf_printf(&c->tmp, "関連付け (%s)", ja ? ja : (method ? method : "-")) ||
        s_edge(c->b, gc_buf_cstr(&c->id2), id, gc_buf_cstr(&c->tmp), "color=\"#1F4E79\", penwidth=2"))
        return -1;
    for (size_t i = 0; i < sizeof routed / sizeof routed[0]; i++) {
        if (!s_hub_has_domain(c, hub, routed[i]) || !s_asp_routed_into(res, routed[i]))
            continue;
        gc_buf_reset(&c->id2);
        if (gc_buf_printf(&c->id2, "rt:%s:%s", muni, routed[i]) ||
            s_edge(c->b, id, gc_buf_cstr(&c->id2), peering ? "静的経路" : "伝播", "style=dashed, color=\"#548235\""))
            return -1;
    }
    return 0;
}

/* Whether the premises' link is routed into `domain` (propagated, or static routes for a peering): routed_domains
 * when known, so drift shows; while unknown, gcnet's fixed wiring (asp and ops). */
static bool s_link_routed_into(const struct gc_doc_resource *res, const char *domain)
{
    const json_t *rd = gc_doc_resource_attr(res, "routed_domains");
    size_t i;
    const json_t *v;

    if (!json_is_array(rd))
        return strcmp(domain, "asp") == 0 || strcmp(domain, "ops") == 0;
    json_array_foreach(rd, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), domain) == 0)
            return true;
    }
    return false;
}

/* The premises' link as the ASP connections are drawn: its attachment associated with the onprem route table (by its
 * method) and routed into asp and ops (propagated; static routes for a peering). Without the hub's onprem domain,
 * a plain line to the Transit Gateway. `id` is the link's node. */
static int s_link_edges(struct s_ctx *c, const struct gc_doc_resource *res, const char *muni, const char *id)
{
    static const char *const routed[] = {"asp", "ops"};
    const char *method = gc_doc_resource_string(res, "method");
    const char *ja = gc_doc_catalog_method_ja(method);
    const struct gc_doc_resource *hub = s_hub_of(c, muni);
    bool peering = method && strcmp(method, "tgw_peering") == 0;

    gc_buf_reset(&c->id2);
    gc_buf_reset(&c->tmp);
    if (!hub || !s_hub_has_domain(c, hub, "onprem")) {
        if (gc_buf_printf(&c->id2, "tgw:%s", muni))
            return -1;
        return s_edge(c->b, id, gc_buf_cstr(&c->id2), NULL, NULL);
    }
    if (gc_buf_printf(&c->id2, "rt:%s:onprem", muni) ||
        gc_buf_printf(&c->tmp, "関連付け (%s)", ja ? ja : (method ? method : "-")) ||
        s_edge(c->b, gc_buf_cstr(&c->id2), id, gc_buf_cstr(&c->tmp), "color=\"#1F4E79\", penwidth=2"))
        return -1;
    for (size_t i = 0; i < sizeof routed / sizeof routed[0]; i++) {
        if (!s_hub_has_domain(c, hub, routed[i]) || !s_link_routed_into(res, routed[i]))
            continue;
        gc_buf_reset(&c->id2);
        if (gc_buf_printf(&c->id2, "rt:%s:%s", muni, routed[i]) ||
            s_edge(c->b, id, gc_buf_cstr(&c->id2), peering ? "静的経路" : "伝播", "style=dashed, color=\"#548235\""))
            return -1;
    }
    return 0;
}

/* 通信可否: which way traffic may go between the premises, the operations VPC and each ASP, derived from each
 * connection's method and routing (never from assumptions about the ASPs' own networks). One table per
 * municipality with ASP connections, beside the premises. */
static int s_traffic(struct s_ctx *c, const char *muni, bool has_link)
{
    const struct gc_doc_resource *hub = s_hub_of(c, muni);
    size_t n = 0;
    struct gc_buf *b = c->b;

    for (size_t i = 0; i < c->in->n_resources; i++) {
        const struct gc_doc_resource *r = &c->in->resources[i];
        n += strcmp(r->type, "gcnet_asp_connection") == 0 && r->action != GC_DOC_ACT_DELETE &&
             strcmp(s_muni_in(c, r), muni) == 0;
    }
    if (n == 0 || !hub)
        return 0;
    if (gc_buf_printf(b,
                      "  \"traffic:%s\" [shape=plaintext, style=\"\", label=<<table border=\"1\" cellborder=\"1\" "
                      "cellspacing=\"0\" cellpadding=\"3\"><tr><td colspan=\"6\" bgcolor=\"#D9E1F2\"><b>通信可否 "
                      "(経路から導出、○ = 可 / × = 不可)</b></td></tr><tr><td><b>ASP 接続</b></td><td><b>方式</b></td>"
                      "<td><b>庁舎 → ASP</b></td><td><b>ASP → 庁舎</b></td><td><b>運用管理 VPC ⇄ ASP</b></td>"
                      "<td><b>ASP → 他の ASP</b></td></tr>",
                      muni))
        return -1;
    for (size_t i = 0; i < c->in->n_resources; i++) {
        const struct gc_doc_resource *r = &c->in->resources[i];
        const char *method;
        const char *cells[4];
        if (strcmp(r->type, "gcnet_asp_connection") != 0 || r->action == GC_DOC_ACT_DELETE ||
            strcmp(s_muni_in(c, r), muni) != 0)
            continue;
        method = gc_doc_resource_string(r, "method");
        if (method && strcmp(method, "privatelink") == 0) {
            cells[0] = json_array_size(gc_doc_resource_attr(r, "allowed_cidrs")) ? "○ (エンドポイント経由)" : "×";
            cells[1] = "× (エンドポイントは一方向)";
            cells[2] = "○ VPC → ASP のみ";
            cells[3] = "×";
        } else {
            cells[0] = s_asp_routed_into(r, "onprem") ? "○" : "×";
            cells[1] = !has_link ? "○ (庁舎接続回線の構築後)" : "○";
            cells[2] = s_asp_routed_into(r, "ops") ? "○" : "× (ops へ未伝播)";
            cells[3] = s_asp_routed_into(r, "asp") ? "○ (asp へ伝播: 要確認)" : "×";
        }
        if (gc_buf_append_str(b, "<tr><td align=\"left\">") || s_html(b, gc_doc_resource_string(r, "vendor")) ||
            gc_buf_append_str(b, " (") || s_html(b, gc_doc_resource_string(r, "name")) ||
            gc_buf_append_str(b, ")</td><td>") ||
            s_html(b, gc_doc_catalog_method_ja(method) ? gc_doc_catalog_method_ja(method) : method) ||
            gc_buf_append_str(b, "</td>"))
            return -1;
        for (size_t k = 0; k < 4; k++)
            if (gc_buf_printf(b, "<td>%s</td>", cells[k]))
                return -1;
        if (gc_buf_append_str(b, "</tr>"))
            return -1;
    }
    return gc_buf_append_str(b, "</table>>];\n");
}

/* The ASP accounts of `attr` (a list of account IDs) of `res`, each a node beside the AWS account, linked from
 * `from` (the RAM share). A sensitive or unknown list is one node that says so. */
static int s_accounts(struct s_ctx *c, const struct gc_doc_resource *res, const char *attr, const char *from,
                      const char *muni)
{
    const json_t *block = gc_doc_schema_resource_block(c->schema, res->type);
    const json_t *share = gc_doc_resource_attr(res, attr);
    const char *whole = NULL;
    size_t i;
    const json_t *v;
    static const char *const attrs = "shape=component, fillcolor=\"#E4DFEC\"";

    if (gc_doc_resource_attr_sensitive(res, block, attr))
        whole = GC_DOC_SENSITIVE_TEXT;
    else if (gc_doc_resource_attr_unknown(res, attr))
        whole = GC_DOC_UNKNOWN_TEXT;
    if (whole) {
        gc_buf_reset(&c->id2);
        gc_buf_reset(&c->label);
        return gc_buf_printf(&c->id2, "asp:%s", muni) || gc_buf_printf(&c->label, "ASP アカウント\n%s", whole) ||
               s_node(c->b, "  ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), attrs) ||
               s_edge(c->b, from, gc_buf_cstr(&c->id2), "共有先", "style=dashed, color=\"#7030A0\"");
    }
    json_array_foreach(share, i, v)
    {
        bool hidden = s_hidden(res, block, attr, NULL, i);
        if (!json_is_string(v))
            continue;
        gc_buf_reset(&c->id2);
        gc_buf_reset(&c->label);
        if ((hidden ? gc_buf_printf(&c->id2, "asp:%s:%zu", muni, i)
                    : gc_buf_printf(&c->id2, "asp:%s:%s", muni, json_string_value(v))) ||
            gc_buf_printf(&c->label, "ASP アカウント\n%s", hidden ? GC_DOC_SENSITIVE_TEXT : json_string_value(v)) ||
            s_node(c->b, "  ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), attrs) ||
            s_edge(c->b, from, gc_buf_cstr(&c->id2), "共有先", "style=dashed, color=\"#7030A0\""))
            return -1;
    }
    return 0;
}

/* A resolver's endpoints in the subnet of zone `i`: inbound and outbound, with their addresses. */
static int s_resolver_endpoints(struct s_ctx *c, const struct gc_doc_resource *hub, size_t i, const char *indent)
{
    static const char *const dirs[2][3] = {{"inbound", "インバウンド", "inbound_ip_addresses"},
                                           {"outbound", "アウトバウンド", "outbound_ip_addresses"}};
    for (size_t r = 0; r < c->in->n_resources; r++) {
        const struct gc_doc_resource *o = &c->in->resources[r];
        const json_t *block = gc_doc_schema_resource_block(c->schema, "gcnet_dns_resolver");
        if (strcmp(o->type, "gcnet_dns_resolver") != 0 || o->action == GC_DOC_ACT_DELETE || !s_belongs(o, hub))
            continue;
        for (int d = 0; d < 2; d++) {
            const json_t *ips = gc_doc_resource_attr(o, dirs[d][2]);
            const char *ip = s_hidden(o, block, dirs[d][2], NULL, i) ? GC_DOC_SENSITIVE_TEXT
                                                                     : json_string_value(json_array_get(ips, i));
            if (!ip && !gc_doc_resource_attr_unknown(o, dirs[d][2]) && i > 0)
                continue;
            gc_buf_reset(&c->id2);
            gc_buf_reset(&c->label);
            gc_buf_reset(&c->tmp);
            if (gc_buf_printf(&c->id2, "resolver:%s:%s:%zu", o->address, dirs[d][0], i) ||
                gc_buf_printf(&c->label, "Resolver %s エンドポイント\n%s", dirs[d][1], ip ? ip : GC_DOC_UNKNOWN_TEXT) ||
                gc_buf_printf(&c->tmp, "%sshape=component, fillcolor=\"#FCE4D6\"", s_style(o)) ||
                s_node(c->b, indent, gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), gc_buf_cstr(&c->tmp)))
                return -1;
        }
    }
    return 0;
}

/* The region, from the first availability zone ("ap-northeast-1a" → "ap-northeast-1"). */
static int s_region(struct gc_buf *out, const struct gc_doc_resource *res)
{
    const char *az = json_string_value(json_array_get(gc_doc_resource_attr(res, "availability_zones"), 0));
    size_t n = az ? strlen(az) : 0;

    gc_buf_reset(out);
    if (n < 2)
        return gc_buf_append_str(out, "(不明)");
    if (gc_buf_append(out, az, n - 1))
        return -1;
    if (strcmp(gc_buf_cstr(out), "ap-northeast-1") == 0)
        return gc_buf_append_str(out, " (東京)");
    if (strcmp(gc_buf_cstr(out), "ap-northeast-3") == 0)
        return gc_buf_append_str(out, " (大阪)");
    return 0;
}

/* The hub inside its boundaries: AWS account > region > (Transit Gateway, route tables, attachment, RAM share) and
 * VPC > availability zones > subnets with their ranges (and resolver endpoints). The attachment is associated with
 * the ops domain and propagated into the others: the edges say which domain reaches the VPC. */
static int s_hub(struct s_ctx *c, const struct gc_doc_resource *res, size_t idx)
{
    const json_t *block = gc_doc_schema_resource_block(c->schema, res->type);
    const char *muni = s_muni_of(res);
    const struct gc_doc_municipality *m = gc_doc_catalog_find(muni);
    const json_t *rts = gc_doc_resource_attr(res, "route_table_ids");
    const json_t *domains = gc_doc_resource_attr(res, "routing_domains");
    const json_t *subnets = gc_doc_resource_attr(res, "subnet_ids");
    const json_t *azs = gc_doc_resource_attr(res, "availability_zones");
    const char *style = s_style(res);
    struct gc_doc_ipv4_net vpc, halves[2];
    bool have_halves = false;
    size_t n_sub;
    struct gc_buf *b = c->b;
    const char *key;
    const json_t *v;
    size_t i;

    if (s_attr_text(&c->tmp, res, block, "owner_id") ||
        gc_buf_printf(b, "  subgraph \"cluster_account_%zu\" {\n    label=", idx))
        return -1;
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->label, "AWS アカウント %s (%s 運用管理補助領域)", c->tmp.len ? gc_buf_cstr(&c->tmp) : "-",
                      m ? m->name_ja : muni) ||
        s_q(b, gc_buf_cstr(&c->label)) ||
        gc_buf_printf(b, "; style=%s; color=\"#FF9900\"; penwidth=2;\n", *style ? "dashed" : "solid"))
        return -1;
    if (s_region(&c->tmp, res) || gc_buf_printf(b, "    subgraph \"cluster_region_%zu\" {\n      label=", idx))
        return -1;
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->label, "リージョン %s", gc_buf_cstr(&c->tmp)) || s_q(b, gc_buf_cstr(&c->label)) ||
        gc_buf_append_str(b, "; style=dashed; color=\"#1F4E79\";\n"))
        return -1;
    /* Transit Gateway, with gcnet's fixed settings */
    gc_buf_reset(&c->id);
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->id, "tgw:%s", muni) || gc_buf_append_str(&c->label, "Transit Gateway (ハブ)\n") ||
        s_attr_text(&c->tmp, res, block, "transit_gateway_id") ||
        gc_buf_printf(&c->label, "%s\n", c->tmp.len ? gc_buf_cstr(&c->tmp) : "-") ||
        s_attr_text(&c->tmp, res, block, "amazon_side_asn") || gc_buf_printf(&c->label, "ASN %s", gc_buf_cstr(&c->tmp)))
        return -1;
    /* the fixed settings, as the parameter sheet states them (sheets-ja.json rows with a "diagram" label) */
    gc_buf_reset(&c->tmp);
    if (gc_doc_objsheets_diagram_facts(&c->tmp, c->sheets, res->type, 2) ||
        (c->tmp.len && gc_buf_printf(&c->label, "\n%s", gc_buf_cstr(&c->tmp))))
        return -1;
    gc_buf_reset(&c->tmp);
    if (gc_buf_printf(&c->tmp, "%sshape=box3d, fillcolor=\"#DDEBF7\"", style) ||
        s_node(b, "      ", gc_buf_cstr(&c->id), gc_buf_cstr(&c->label), gc_buf_cstr(&c->tmp)))
        return -1;
    /* route tables, one per routing domain */
    gc_buf_reset(&c->tmp);
    if (gc_buf_printf(&c->tmp, "%sfillcolor=\"#EDEDED\"", style))
        return -1;
    if (gc_doc_resource_attr_sensitive(res, block, "routing_domains") ||
        gc_doc_resource_attr_sensitive(res, block, "route_table_ids")) {
        gc_buf_reset(&c->id2);
        if (gc_buf_printf(&c->id2, "rt:%s", muni) ||
            s_node(b, "      ", gc_buf_cstr(&c->id2), "ルートテーブル\n" GC_DOC_SENSITIVE_TEXT, gc_buf_cstr(&c->tmp)) ||
            s_edge(b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, "arrowhead=none"))
            return -1;
    } else if (json_is_object(rts) && json_object_size(rts) > 0) {
        json_object_foreach((json_t *)rts, key, v)
        {
            gc_buf_reset(&c->id2);
            gc_buf_reset(&c->label);
            if (gc_buf_printf(&c->id2, "rt:%s:%s", muni, key) ||
                gc_buf_printf(&c->label, "ルーティングドメイン %s\n%s", key,
                              s_hidden(res, block, "route_table_ids", key, 0) ? GC_DOC_SENSITIVE_TEXT
                              : json_is_string(v)                             ? json_string_value(v)
                                                                              : "-") ||
                s_node(b, "      ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), gc_buf_cstr(&c->tmp)) ||
                s_edge(b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, "arrowhead=none"))
                return -1;
        }
    } else {
        json_array_foreach(domains, i, v)
        {
            if (!json_is_string(v))
                continue;
            gc_buf_reset(&c->id2);
            gc_buf_reset(&c->label);
            if (gc_buf_printf(&c->id2, "rt:%s:%s", muni, json_string_value(v)) ||
                gc_buf_printf(&c->label, "ルーティングドメイン %s\n%s", json_string_value(v),
                              gc_doc_resource_attr_unknown(res, "route_table_ids") ? GC_DOC_UNKNOWN_TEXT : "-") ||
                s_node(b, "      ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), gc_buf_cstr(&c->tmp)) ||
                s_edge(b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, "arrowhead=none"))
                return -1;
        }
    }
    /* the RAM share of the Transit Gateway */
    gc_buf_reset(&c->id2);
    gc_buf_reset(&c->label);
    gc_buf_reset(&c->tmp);
    if (gc_buf_printf(&c->id2, "ram:%s", muni) || s_attr_text(&c->tmp, res, block, "resource_share_arn") ||
        gc_buf_printf(&c->label, "RAM 共有 (Transit Gateway)\n%s",
                      strrchr(gc_buf_cstr(&c->tmp), '/') ? strrchr(gc_buf_cstr(&c->tmp), '/') + 1
                                                         : gc_buf_cstr(&c->tmp)))
        return -1;
    gc_buf_reset(&c->tmp);
    if (gc_buf_printf(&c->tmp, "%sshape=note, fillcolor=\"#E4DFEC\"", style) ||
        s_node(b, "      ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), gc_buf_cstr(&c->tmp)) ||
        s_edge(b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), "RAM 共有", "style=dashed, color=\"#7030A0\""))
        return -1;
    /* operations VPC > zones > subnets */
    gc_buf_reset(&c->id2);
    if (gc_buf_printf(&c->id2, "cluster_vpc_%s", muni) || gc_buf_append_str(b, "      subgraph ") ||
        s_q(b, gc_buf_cstr(&c->id2)) || gc_buf_append_str(b, " {\n        label="))
        return -1;
    gc_buf_reset(&c->label);
    if (s_attr_text(&c->tmp, res, block, "vpc_cidr") ||
        gc_buf_printf(&c->label, "運用管理 VPC %s", gc_buf_cstr(&c->tmp)))
        return -1;
    have_halves = gc_doc_ipv4_parse(&vpc, gc_buf_cstr(&c->tmp)) == 0 && gc_doc_ipv4_halves(&vpc, halves) == 0;
    if (s_attr_text(&c->tmp, res, block, "vpc_id") || gc_buf_printf(&c->label, "\n%s", gc_buf_cstr(&c->tmp)) ||
        s_q(b, gc_buf_cstr(&c->label)) ||
        gc_buf_printf(b, "; style=\"%sfilled\"; fillcolor=\"#E2EFDA\";\n", *style ? "dashed," : ""))
        return -1;
    n_sub = json_array_size(subnets) > json_array_size(azs) ? json_array_size(subnets) : json_array_size(azs);
    if (n_sub == 0)
        n_sub = 1;
    for (i = 0; i < n_sub; i++) {
        const char *sid = s_hidden(res, block, "subnet_ids", NULL, i) ? GC_DOC_SENSITIVE_TEXT
                                                                      : json_string_value(json_array_get(subnets, i));
        const char *az = s_hidden(res, block, "availability_zones", NULL, i)
                             ? GC_DOC_SENSITIVE_TEXT
                             : json_string_value(json_array_get(azs, i));
        char cidr[20] = "-";
        if (have_halves && i < 2)
            gc_doc_ipv4_cidr(cidr, &halves[i]);
        gc_buf_reset(&c->label);
        if (gc_buf_printf(&c->label, "cluster_az_%s_%zu", muni, i) || gc_buf_append_str(b, "        subgraph ") ||
            s_q(b, gc_buf_cstr(&c->label)) || gc_buf_append_str(b, " {\n          label="))
            return -1;
        gc_buf_reset(&c->label);
        if (gc_buf_printf(&c->label, "アベイラビリティゾーン %s", az ? az : "-") || s_q(b, gc_buf_cstr(&c->label)) ||
            gc_buf_append_str(b, "; style=dashed; color=\"#548235\";\n"))
            return -1;
        gc_buf_reset(&c->id2);
        gc_buf_reset(&c->label);
        gc_buf_reset(&c->tmp);
        if (gc_buf_printf(&c->id2, "subnet:%s:%zu", muni, i) ||
            gc_buf_printf(&c->label, "サブネット %s\n%s\n%s", cidr, az ? az : "-",
                          sid ? sid : (gc_doc_resource_attr_unknown(res, "subnet_ids") ? GC_DOC_UNKNOWN_TEXT : "-")) ||
            gc_buf_printf(&c->tmp, "%sfillcolor=\"#FFFFFF\"", style) ||
            s_node(b, "          ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), gc_buf_cstr(&c->tmp)) ||
            s_resolver_endpoints(c, res, i, "          ") || gc_buf_append_str(b, "        }\n"))
            return -1;
    }
    if (gc_buf_append_str(b, "      }\n"))
        return -1;
    /* the VPC attachment: associated with ops, propagated into the other domains */
    gc_buf_reset(&c->id2);
    gc_buf_reset(&c->label);
    gc_buf_reset(&c->tmp);
    if (gc_buf_printf(&c->id2, "attach:%s", muni) || s_attr_text(&c->tmp, res, block, "vpc_attachment_id") ||
        gc_buf_printf(&c->label, "VPC アタッチメント\n%s", c->tmp.len ? gc_buf_cstr(&c->tmp) : "-"))
        return -1;
    gc_buf_reset(&c->tmp);
    if (gc_buf_printf(&c->tmp, "%sshape=cds, fillcolor=\"#FFFFFF\"", style) ||
        s_node(b, "      ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), gc_buf_cstr(&c->tmp)))
        return -1;
    gc_buf_reset(&c->label);
    gc_buf_reset(&c->tmp);
    if (gc_buf_printf(&c->label, "cluster_vpc_%s", muni) || gc_buf_append_str(&c->tmp, "lhead=") ||
        s_q(&c->tmp, gc_buf_cstr(&c->label)))
        return -1;
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->label, "subnet:%s:0", muni) ||
        s_edge(b, gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), NULL, gc_buf_cstr(&c->tmp)))
        return -1;
    json_array_foreach(domains, i, v)
    {
        const char *d = json_string_value(v);
        bool ops = d && strcmp(d, "ops") == 0;
        if (!d || gc_doc_resource_attr_sensitive(res, block, "routing_domains"))
            continue;
        gc_buf_reset(&c->label);
        if (gc_buf_printf(&c->label, "rt:%s:%s", muni, d) ||
            (ops ? s_edge(b, gc_buf_cstr(&c->label), gc_buf_cstr(&c->id2), "関連付け", "color=\"#1F4E79\", penwidth=2")
                 : s_edge(b, gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), "伝播", "style=dashed, color=\"#548235\"")))
            return -1;
    }
    for (size_t r = 0; r < c->in->n_resources; r++) {
        const struct gc_doc_resource *o = &c->in->resources[r];
        if (s_in_cluster(o) && o->action != GC_DOC_ACT_DELETE && s_belongs(o, res) &&
            s_generic(c, o, "      ", S_PART_NODE))
            return -1;
    }
    if (gc_buf_append_str(b, "    }\n  }\n"))
        return -1;
    gc_buf_reset(&c->id);
    return gc_buf_printf(&c->id, "ram:%s", muni) || s_accounts(c, res, "share_with", gc_buf_cstr(&c->id), muni);
}

/* Business systems, one per line with the Japanese name from the catalog. */
static int s_systems_text(struct gc_buf *out, const json_t *list)
{
    size_t i;
    const json_t *e;

    if (gc_buf_append_str(out, "\n業務システム:"))
        return -1;
    json_array_foreach(list, i, e)
    {
        const char *key = json_string_value(e);
        const char *ja = gc_doc_catalog_system_ja(key);
        if (!key)
            continue;
        if ((ja ? gc_buf_printf(out, "\n・%s (%s)", ja, key) : gc_buf_printf(out, "\n・%s", key)))
            return -1;
    }
    return 0;
}

/* Any other gcnet_* resource: a node labelled with its type and its displayable attributes (S_PART_NODE), and
 * the edges that attach it to the hub (S_PART_EDGES). */
/* What a node shows of a known resource type: the attributes a reviewer looks for on a diagram (the rest is in the
 * parameter sheet). Unknown types show every short, single-line attribute. */
static const struct {
    const char *type;
    const char *const *show;
} s_shown[] = {
    {"gcnet_private_ca", (const char *const[]){"subject", "key_algorithm", "signing_algorithm", "status", "serial",
                                               "not_after", "share_with", NULL}},
    {"gcnet_certificate", (const char *const[]){"serial", "not_before", "not_after", NULL}},
    {"gcnet_dns_resolver", (const char *const[]){"name", "allowed_cidrs", "share_with", NULL}},
};

static const char *const *s_shown_of(const char *type)
{
    for (size_t i = 0; i < sizeof s_shown / sizeof s_shown[0]; i++)
        if (strcmp(s_shown[i].type, type) == 0)
            return s_shown[i].show;
    return NULL;
}

static bool s_listed(const char *const *list, const char *key)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], key) == 0)
            return true;
    return false;
}

#define S_NODE_VALUE_MAX 72 /* a longer value is cut, with an ellipsis: the parameter sheet has it whole */

static int s_generic(struct s_ctx *c, const struct gc_doc_resource *res, const char *indent, int parts)
{
    static const char *const skip[] = {"id", "tags", "tags_all", "timeouts", "municipality", NULL};
    const char *const *shown = s_shown_of(res->type);
    const json_t *block = gc_doc_schema_resource_block(c->schema, res->type);
    const json_t *obj = res->after ? res->after : res->before;
    const char *muni = s_muni_in(c, res);
    const char *key;
    const json_t *v;
    const char *title = res->type + 6;
    const char *shape = "fillcolor=\"#FFFFFF\"";
    int lines = 0;

    if (strcmp(res->type, "gcnet_private_ca") == 0) {
        title = "Private CA (ルート認証局)";
        shape = "shape=septagon, fillcolor=\"#E4DFEC\"";
    } else if (strcmp(res->type, "gcnet_asp_connection") == 0) {
        title = "ASP 接続";
        shape = "shape=tab, fillcolor=\"#FFF2CC\"";
    } else if (strcmp(res->type, "gcnet_dns_resolver") == 0) {
        title = "Route 53 Resolver";
        shape = "shape=component, fillcolor=\"#FCE4D6\"";
    } else if (strcmp(res->type, "gcnet_onprem_link") == 0) {
        title = "庁舎接続回線";
        shape = "shape=cds, fillcolor=\"#FFF2CC\"";
    }
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->label, "%s\n%s", title, res->address))
        return -1;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool skipped = shown ? !s_listed(shown, key) : s_listed(skip, key);
        if (skipped || lines >= 10 || strstr(key, "_id") || strstr(key, "arn"))
            continue;
        if (strcmp(key, "business_systems") == 0 && json_is_array(v) &&
            !gc_doc_resource_attr_sensitive(res, block, key)) {
            if (s_systems_text(&c->label, v))
                return -1;
            lines++;
            continue;
        }
        if (strcmp(key, "method") == 0 && gc_doc_catalog_method_ja(json_string_value(v))) {
            if (gc_buf_printf(&c->label, "\n接続方式: %s", gc_doc_catalog_method_ja(json_string_value(v))))
                return -1;
            lines++;
            continue;
        }
        if (s_attr_text(&c->tmp, res, block, key))
            return -1;
        if (c->tmp.len == 0 || memchr(c->tmp.ptr, '\n', c->tmp.len))
            continue; /* a certificate or another multi-line value belongs in the sheet, not on a node */
        if (c->tmp.len > S_NODE_VALUE_MAX) {
            size_t cut = S_NODE_VALUE_MAX;
            while (cut > 0 && (c->tmp.ptr[cut] & 0xC0) == 0x80)
                cut--; /* never inside a UTF-8 sequence */
            c->tmp.len = cut;
            if (gc_buf_append_str(&c->tmp, "…"))
                return -1;
        }
        if (gc_buf_printf(&c->label, "\n%s: %s", key, gc_buf_cstr(&c->tmp)))
            return -1;
        lines++;
    }
    gc_buf_reset(&c->id);
    if (gc_buf_printf(&c->id, "%s", res->address))
        return -1;
    if ((parts & S_PART_NODE) && s_node(c->b, indent, gc_buf_cstr(&c->id), gc_buf_cstr(&c->label), shape))
        return -1;
    if (!(parts & S_PART_EDGES))
        return 0;
    /* where it attaches */
    gc_buf_reset(&c->id2);
    if (!s_seen(c->hubs, c->n_hubs, muni))
        return 0;
    if (strcmp(res->type, "gcnet_onprem_link") == 0) {
        gc_buf_reset(&c->tmp);
        if (gc_buf_printf(&c->tmp, "premises:%s", muni) ||
            s_edge(c->b, gc_buf_cstr(&c->tmp), gc_buf_cstr(&c->id), NULL, "arrowhead=none"))
            return -1;
        return s_link_edges(c, res, muni, gc_buf_cstr(&c->id));
    }
    if (strcmp(res->type, "gcnet_dns_resolver") == 0) {
        /* rules node -> outbound endpoint; forwarding to the premises' DNS servers; the rules' RAM share */
        if (gc_buf_printf(&c->id2, "resolver:%s:outbound:0", res->address) ||
            s_edge(c->b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, "style=dotted, arrowhead=none"))
            return -1;
        gc_buf_reset(&c->tmp);
        if (gc_buf_printf(&c->tmp, "premises:%s", muni) ||
            s_edge(c->b, gc_buf_cstr(&c->id2), gc_buf_cstr(&c->tmp), "DNS 転送 (転送ルール)",
                   "style=bold, color=\"#C55A11\""))
            return -1;
        return s_accounts(c, res, "share_with", gc_buf_cstr(&c->id), muni);
    }
    if (strcmp(res->type, "gcnet_private_ca") == 0)
        return s_accounts(c, res, "share_with", gc_buf_cstr(&c->id), muni);
    if (strcmp(res->type, "gcnet_asp_connection") == 0)
        return s_asp_edges(c, res, muni, gc_buf_cstr(&c->id));
    const char *domain = gc_doc_resource_string(res, "routing_domain");
    const char *method = gc_doc_resource_string(res, "method");
    if (!method)
        method = gc_doc_resource_string(res, "connection_type");
    if (gc_doc_catalog_method_ja(method))
        method = gc_doc_catalog_method_ja(method);
    if (domain) {
        if (gc_buf_printf(&c->id2, "rt:%s:%s", muni, domain))
            return -1;
    } else if (gc_buf_printf(&c->id2, "tgw:%s", muni)) {
        return -1;
    }
    return s_edge(c->b, gc_buf_cstr(&c->id2), gc_buf_cstr(&c->id), method,
                  strcmp(res->type, "gcnet_private_ca") == 0 ? "style=dotted, arrowhead=none" : NULL);
}

/* The title block (表題欄) as the graph's label, bottom right: project, drawing, document number, version, date. */
static int s_title_block(struct gc_buf *b, const struct gc_doc_diagram_opts *opts)
{
    static const char *const empty = "";
    const struct gc_doc_settings *st = opts ? opts->settings : NULL;
    const char *const rows[][2] = {
        {"案件名", st ? st->project : empty},
        {"図面名", "ガバメントクラウド 運用管理ネットワーク 構成図"},
        {"文書番号", st ? st->document_number : empty},
        {"版数", st ? st->version : empty},
        {"作成日", opts && opts->date ? opts->date : empty},
        {"作成者", st ? st->author : empty},
    };

    if (gc_buf_append_str(b, "  graph [labelloc=b, labeljust=r, label=<<table border=\"1\" cellborder=\"1\" "
                             "cellspacing=\"0\" cellpadding=\"4\">"))
        return -1;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (gc_buf_printf(b, "<tr><td bgcolor=\"#D9E1F2\"><b>%s</b></td><td align=\"left\">", rows[i][0]))
            return -1;
        for (const char *p = rows[i][1]; *p; p++) {
            int rc = *p == '<'                  ? gc_buf_append_str(b, "&lt;")
                     : *p == '>'                ? gc_buf_append_str(b, "&gt;")
                     : *p == '&'                ? gc_buf_append_str(b, "&amp;")
                     : *p == '"'                ? gc_buf_append_str(b, "&quot;")
                     : (unsigned char)*p < 0x20 ? gc_buf_append_byte(b, ' ')
                                                : gc_buf_append_byte(b, (uint8_t)*p);
            if (rc)
                return -1;
        }
        if (gc_buf_append_str(b, "</td></tr>"))
            return -1;
    }
    return gc_buf_append_str(b, "</table>>];\n");
}

/* 凡例: what the boundaries, line styles and dashed objects mean. */
static int s_legend(struct gc_buf *b)
{
    return gc_buf_append_str(
        b, "  subgraph \"cluster_legend\" {\n    label=\"凡例\"; style=solid; color=\"#808080\";\n"
           "    \"legend:built\" [label=\"構築済み\", fillcolor=\"#FFFFFF\"];\n"
           "    \"legend:planned\" [label=\"計画 (未構築)\", style=\"dashed,rounded,filled\", fillcolor=\"#FFFFFF\"];\n"
           "    \"legend:a\" [label=\"ルートテーブル\", fillcolor=\"#EDEDED\"];\n"
           "    \"legend:b\" [label=\"アタッチメント\", shape=cds, fillcolor=\"#FFFFFF\"];\n"
           "    \"legend:c\" [label=\"ASP アカウント\", shape=component, fillcolor=\"#E4DFEC\"];\n"
           "    \"legend:d\" [label=\"庁舎 DNS\", shape=folder, fillcolor=\"#FFF2CC\"];\n"
           "    \"legend:a\" -> \"legend:b\" [label=\"関連付け\", color=\"#1F4E79\", penwidth=2];\n"
           "    \"legend:b\" -> \"legend:a\" [label=\"伝播\", style=dashed, color=\"#548235\"];\n"
           "    \"legend:built\" -> \"legend:c\" [label=\"RAM 共有\", style=dashed, color=\"#7030A0\"];\n"
           "    \"legend:planned\" -> \"legend:d\" [label=\"DNS 転送\", style=bold, color=\"#C55A11\"];\n"
           "    \"legend:note\" [shape=plaintext, style=\"\", label=\"枠: 橙 = AWS アカウント / 青点線 = リージョン / "
           "緑 = VPC / 緑点線 = アベイラビリティゾーン\"];\n"
           "  }\n");
}

int gc_doc_diagram_build(struct gc_buf *out, const struct gc_doc_input *in, const struct gc_doc_schema *schema,
                         const struct gc_doc_diagram_opts *opts)
{
    int result = -1;
    struct s_ctx c = {0};
    const char **munis = NULL;
    size_t n_munis = 0;
    size_t n_hub = 0;

    c.b = out;
    c.in = in;
    c.schema = schema;
    c.sheets = opts ? opts->sheets : NULL;
    gc_buf_init(&c.id, 1 << 16);
    gc_buf_init(&c.id2, 1 << 16);
    gc_buf_init(&c.label, 1 << 20);
    gc_buf_init(&c.tmp, 1 << 20);
    munis = calloc(in->n_resources + 1, sizeof *munis);
    c.hubs = calloc(in->n_resources + 1, sizeof *c.hubs);
    if (!munis || !c.hubs)
        goto cleanup;
    /* A3 landscape (420 x 297 mm) at most; IPAGothic (fonts-ipafont-gothic) for the Japanese text */
    if (gc_buf_append_str(out, "digraph gcnet {\n"
                               "  graph [rankdir=LR, compound=true, newrank=true, fontname=\"IPAGothic\", "
                               "fontsize=11, size=\"16.5,11.7\", dpi=150, pad=0.3, nodesep=0.35, ranksep=0.7];\n"
                               "  node [shape=box, style=\"rounded,filled\", fontname=\"IPAGothic\", fontsize=10];\n"
                               "  edge [fontname=\"IPAGothic\", fontsize=9];\n") ||
        s_title_block(out, opts))
        goto cleanup;
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        const char *m;
        if (strncmp(r->type, "gcnet_", 6) != 0 || r->action == GC_DOC_ACT_DELETE)
            continue;
        m = s_muni_in(&c, r);
        if (!s_seen(munis, n_munis, m))
            munis[n_munis++] = m;
        if (strcmp(r->type, "gcnet_municipality_hub") == 0 && !s_seen(c.hubs, c.n_hubs, m))
            c.hubs[c.n_hubs++] = m;
    }
    for (size_t i = 0; i < n_munis; i++) {
        bool has_link = false;
        for (size_t j = 0; j < in->n_resources; j++)
            has_link = has_link || (strcmp(in->resources[j].type, "gcnet_onprem_link") == 0 &&
                                    in->resources[j].action != GC_DOC_ACT_DELETE &&
                                    strcmp(s_muni_in(&c, &in->resources[j]), munis[i]) == 0);
        if (s_premises(&c, munis[i], has_link) || s_traffic(&c, munis[i], has_link))
            goto cleanup;
    }
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        if (strcmp(r->type, "gcnet_municipality_hub") != 0 || r->action == GC_DOC_ACT_DELETE)
            continue;
        if (s_hub(&c, r, n_hub++))
            goto cleanup;
    }
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        if (strncmp(r->type, "gcnet_", 6) != 0 || strcmp(r->type, "gcnet_municipality_hub") == 0 ||
            r->action == GC_DOC_ACT_DELETE)
            continue;
        bool inside = s_in_cluster(r) && s_seen(c.hubs, c.n_hubs, s_muni_in(&c, r));
        if (s_generic(&c, r, "  ", inside ? S_PART_EDGES : S_PART_NODE | S_PART_EDGES))
            goto cleanup;
    }
    if (s_legend(out) || gc_buf_append_str(out, "}\n"))
        goto cleanup;
    result = 0;
cleanup:
    free(munis);
    free(c.hubs);
    gc_buf_clean_up(&c.id);
    gc_buf_clean_up(&c.id2);
    gc_buf_clean_up(&c.label);
    gc_buf_clean_up(&c.tmp);
    return result;
}

/* ---- rendering -------------------------------------------------------------------------------------------- */

int gc_doc_diagram_render(const char *dot_program, const char *dot_path, enum gc_doc_diagram_format fmt,
                          const char *out_path, struct gc_diags *diags)
{
    int result = -1;
    posix_spawn_file_actions_t fa;
    bool fa_ready = false;
    pid_t pid;
    int status = 0;
    int rc;
    char *argv[6];

    argv[0] = (char *)dot_program;
    argv[1] = fmt == GC_DOC_FMT_PNG ? "-Tpng" : "-Tsvg";
    argv[2] = "-o";
    argv[3] = (char *)out_path;
    argv[4] = (char *)dot_path;
    argv[5] = NULL;
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto cleanup;
    fa_ready = true;
    if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, 2, 1) != 0)
        goto cleanup;
    rc = posix_spawnp(&pid, dot_program, &fa, NULL, argv, environ);
    if (rc != 0) {
        gc_diags_error_at(diags, NULL, "Cannot run Graphviz", "%s: %s (install graphviz or use --dot)", dot_program,
                          strerror(rc));
        goto cleanup;
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            gc_diags_error_at(diags, NULL, "Cannot wait for Graphviz", "%s", strerror(errno));
            goto cleanup;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        gc_diags_error_at(diags, NULL, "Graphviz failed", "%s exited with status %d", dot_program,
                          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        goto cleanup;
    }
    result = 0;
cleanup:
    if (fa_ready)
        posix_spawn_file_actions_destroy(&fa);
    if (result != 0 && !gc_diags_has_error(diags))
        gc_diags_error_at(diags, NULL, "Cannot run Graphviz", "%s", strerror(errno));
    return result;
}
