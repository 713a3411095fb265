#include "diagram.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "catalog.h"

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
    const char **hubs; /* municipality keys that have a hub */
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

static int s_premises(struct s_ctx *c, const char *muni)
{
    const struct gc_doc_municipality *m = gc_doc_catalog_find(muni);
    gc_buf_reset(&c->id);
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->id, "premises:%s", muni) ||
        gc_buf_printf(&c->label, "%s 庁舎ネットワーク\n(%s)", m ? m->name_ja : muni,
                      m ? (strcmp(m->connection, "LGCS") == 0 ? "LGWAN / LGCS" : "専用線") : "接続方式不明"))
        return -1;
    return s_node(c->b, "  ", gc_buf_cstr(&c->id), gc_buf_cstr(&c->label), "shape=folder, fillcolor=\"#FFF2CC\"");
}

static int s_hub(struct s_ctx *c, const struct gc_doc_resource *res, size_t idx)
{
    const json_t *block = gc_doc_schema_resource_block(c->schema, res->type);
    const char *muni = s_muni_of(res);
    const struct gc_doc_municipality *m = gc_doc_catalog_find(muni);
    const json_t *rts = gc_doc_resource_attr(res, "route_table_ids");
    const json_t *domains = gc_doc_resource_attr(res, "routing_domains");
    const json_t *subnets = gc_doc_resource_attr(res, "subnet_ids");
    const json_t *azs = gc_doc_resource_attr(res, "availability_zones");
    size_t n_sub;
    struct gc_buf *b = c->b;

    if (gc_buf_printf(b, "  subgraph \"cluster_aws_%zu\" {\n    label=", idx))
        return -1;
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->label, "AWS ガバメントクラウド 運用管理ネットワーク (%s)", m ? m->name_ja : muni) ||
        s_q(b, gc_buf_cstr(&c->label)) || gc_buf_append_str(b, "; style=dashed;\n"))
        return -1;
    /* Transit Gateway */
    gc_buf_reset(&c->id);
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->id, "tgw:%s", muni) || gc_buf_append_str(&c->label, "Transit Gateway (ハブ)\n"))
        return -1;
    if (s_attr_text(&c->tmp, res, block, "transit_gateway_id") ||
        gc_buf_printf(&c->label, "%s\n", c->tmp.len ? gc_buf_cstr(&c->tmp) : "-"))
        return -1;
    if (s_attr_text(&c->tmp, res, block, "amazon_side_asn") || gc_buf_printf(&c->label, "ASN %s", gc_buf_cstr(&c->tmp)))
        return -1;
    if (s_node(b, "    ", gc_buf_cstr(&c->id), gc_buf_cstr(&c->label), "shape=box3d, fillcolor=\"#DDEBF7\""))
        return -1;
    /* route tables, one per routing domain */
    const char *key;
    const json_t *v;
    size_t i;
    if (gc_doc_resource_attr_sensitive(res, block, "routing_domains") ||
        gc_doc_resource_attr_sensitive(res, block, "route_table_ids")) {
        /* the domain names are the node names: one anonymous node */
        gc_buf_reset(&c->id2);
        if (gc_buf_printf(&c->id2, "rt:%s", muni) ||
            s_node(b, "    ", gc_buf_cstr(&c->id2), "ルートテーブル\n" GC_DOC_SENSITIVE_TEXT,
                   "fillcolor=\"#EDEDED\"") ||
            s_edge(b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, "arrowhead=none"))
            return -1;
    } else if (json_is_object(rts) && json_object_size(rts) > 0) {
        json_object_foreach((json_t *)rts, key, v)
        {
            gc_buf_reset(&c->id2);
            gc_buf_reset(&c->label);
            if (gc_buf_printf(&c->id2, "rt:%s:%s", muni, key) ||
                gc_buf_printf(&c->label, "ルートテーブル\n%s\n%s", key,
                              s_hidden(res, block, "route_table_ids", key, 0) ? GC_DOC_SENSITIVE_TEXT
                              : json_is_string(v)                             ? json_string_value(v)
                                                                              : "-") ||
                s_node(b, "    ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), "fillcolor=\"#EDEDED\"") ||
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
                gc_buf_printf(&c->label, "ルートテーブル\n%s\n%s", json_string_value(v),
                              gc_doc_resource_attr_unknown(res, "route_table_ids") ? GC_DOC_UNKNOWN_TEXT : "-") ||
                s_node(b, "    ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), "fillcolor=\"#EDEDED\"") ||
                s_edge(b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, "arrowhead=none"))
                return -1;
        }
    }
    /* operations VPC */
    gc_buf_reset(&c->id2);
    if (gc_buf_printf(&c->id2, "cluster_vpc_%s", muni) || gc_buf_append_str(b, "    subgraph ") ||
        s_q(b, gc_buf_cstr(&c->id2)) || gc_buf_append_str(b, " {\n      label="))
        return -1;
    gc_buf_reset(&c->label);
    if (s_attr_text(&c->tmp, res, block, "vpc_cidr") ||
        gc_buf_printf(&c->label, "運用管理VPC %s", gc_buf_cstr(&c->tmp)))
        return -1;
    if (s_attr_text(&c->tmp, res, block, "vpc_id") || gc_buf_printf(&c->label, "\n%s", gc_buf_cstr(&c->tmp)) ||
        s_q(b, gc_buf_cstr(&c->label)) || gc_buf_append_str(b, "; style=filled; fillcolor=\"#E2EFDA\";\n"))
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
        gc_buf_reset(&c->id2);
        gc_buf_reset(&c->label);
        if (gc_buf_printf(&c->id2, "subnet:%s:%zu", muni, i) ||
            gc_buf_printf(&c->label, "サブネット\n%s\n%s", az ? az : "-",
                          sid ? sid : (gc_doc_resource_attr_unknown(res, "subnet_ids") ? GC_DOC_UNKNOWN_TEXT : "-")) ||
            s_node(b, "      ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), "fillcolor=\"#FFFFFF\""))
            return -1;
    }
    /* resolver endpoints of this municipality live in the VPC */
    for (size_t r = 0; r < c->in->n_resources; r++) {
        const struct gc_doc_resource *o = &c->in->resources[r];
        if (strcmp(o->type, "gcnet_dns_resolver") != 0 || strcmp(s_muni_of(o), muni) != 0)
            continue;
        static const char *const dirs[2][2] = {{"inbound", "インバウンド"}, {"outbound", "アウトバウンド"}};
        for (int d = 0; d < 2; d++) {
            gc_buf_reset(&c->id2);
            gc_buf_reset(&c->label);
            if (gc_buf_printf(&c->id2, "resolver:%s:%s", o->address, dirs[d][0]) ||
                gc_buf_printf(&c->label, "Route 53 Resolver\n%s エンドポイント", dirs[d][1]) ||
                s_node(b, "      ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label),
                       "shape=component, fillcolor=\"#FCE4D6\""))
                return -1;
        }
    }
    if (gc_buf_append_str(b, "    }\n"))
        return -1;
    gc_buf_reset(&c->id2);
    if (gc_buf_printf(&c->id2, "subnet:%s:0", muni))
        return -1;
    gc_buf_reset(&c->tmp);
    gc_buf_reset(&c->label);
    if (gc_buf_printf(&c->label, "cluster_vpc_%s", muni) || gc_buf_append_str(&c->tmp, "lhead=") ||
        s_q(&c->tmp, gc_buf_cstr(&c->label)) ||
        s_edge(b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), "VPC アタッチメント", gc_buf_cstr(&c->tmp)))
        return -1;
    for (size_t r = 0; r < c->in->n_resources; r++) {
        const struct gc_doc_resource *o = &c->in->resources[r];
        if (s_in_cluster(o) && o->action != GC_DOC_ACT_DELETE && strcmp(s_muni_of(o), muni) == 0 &&
            s_generic(c, o, "    ", S_PART_NODE))
            return -1;
    }
    return gc_buf_append_str(b, "  }\n");
}

/* True when s_hub drew the route table of routing domain `domain`. */
static bool s_has_route_table(const struct gc_doc_resource *res, const json_t *block, const char *domain)
{
    const json_t *rts = gc_doc_resource_attr(res, "route_table_ids");
    const json_t *domains = gc_doc_resource_attr(res, "routing_domains");
    size_t i;
    const json_t *v;

    if (gc_doc_resource_attr_sensitive(res, block, "routing_domains") ||
        gc_doc_resource_attr_sensitive(res, block, "route_table_ids"))
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

/* The ASP accounts the hub is shared with (share_with, through RAM), beside the AWS cluster, linked to the "asp"
 * route table (else to the Transit Gateway). A sensitive or unknown list is one node that says so. */
static int s_asp_accounts(struct s_ctx *c, const struct gc_doc_resource *res)
{
    const json_t *block = gc_doc_schema_resource_block(c->schema, res->type);
    const char *muni = s_muni_of(res);
    const json_t *share = gc_doc_resource_attr(res, "share_with");
    const char *whole = NULL;
    size_t i;
    const json_t *v;
    static const char *const attrs = "shape=component, fillcolor=\"#E4DFEC\"";

    gc_buf_reset(&c->id);
    if ((s_has_route_table(res, block, "asp") ? gc_buf_printf(&c->id, "rt:%s:asp", muni)
                                              : gc_buf_printf(&c->id, "tgw:%s", muni)))
        return -1;
    if (gc_doc_resource_attr_sensitive(res, block, "share_with"))
        whole = GC_DOC_SENSITIVE_TEXT;
    else if (gc_doc_resource_attr_unknown(res, "share_with"))
        whole = GC_DOC_UNKNOWN_TEXT;
    if (whole) {
        gc_buf_reset(&c->id2);
        gc_buf_reset(&c->label);
        return gc_buf_printf(&c->id2, "asp:%s", muni) || gc_buf_printf(&c->label, "ASP アカウント\n%s", whole) ||
               s_node(c->b, "  ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), attrs) ||
               s_edge(c->b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), "RAM 共有", "style=dashed");
    }
    json_array_foreach(share, i, v)
    {
        bool hidden = s_hidden(res, block, "share_with", NULL, i);
        if (!json_is_string(v))
            continue;
        gc_buf_reset(&c->id2);
        gc_buf_reset(&c->label);
        if ((hidden ? gc_buf_printf(&c->id2, "asp:%s:%zu", muni, i)
                    : gc_buf_printf(&c->id2, "asp:%s:%s", muni, json_string_value(v))) ||
            gc_buf_printf(&c->label, "ASP アカウント\n%s", hidden ? GC_DOC_SENSITIVE_TEXT : json_string_value(v)) ||
            s_node(c->b, "  ", gc_buf_cstr(&c->id2), gc_buf_cstr(&c->label), attrs) ||
            s_edge(c->b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), "RAM 共有", "style=dashed"))
            return -1;
    }
    return 0;
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
static int s_generic(struct s_ctx *c, const struct gc_doc_resource *res, const char *indent, int parts)
{
    static const char *const skip[] = {"id", "tags", "tags_all", "timeouts", "municipality", NULL};
    const json_t *block = gc_doc_schema_resource_block(c->schema, res->type);
    const json_t *obj = res->after ? res->after : res->before;
    const char *muni = s_muni_of(res);
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
        bool skipped = false;
        for (size_t i = 0; skip[i]; i++)
            skipped = skipped || strcmp(skip[i], key) == 0;
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
        if (c->tmp.len == 0)
            continue;
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
            s_edge(c->b, gc_buf_cstr(&c->tmp), gc_buf_cstr(&c->id), NULL, "arrowhead=none") ||
            gc_buf_printf(&c->id2, "tgw:%s", muni))
            return -1;
        return s_edge(c->b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, NULL);
    }
    if (strcmp(res->type, "gcnet_dns_resolver") == 0) {
        if (gc_buf_printf(&c->id2, "resolver:%s:inbound", res->address))
            return -1;
        return s_edge(c->b, gc_buf_cstr(&c->id), gc_buf_cstr(&c->id2), NULL, "style=dotted, arrowhead=none");
    }
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

int gc_doc_diagram_build(struct gc_buf *out, const struct gc_doc_input *in, const struct gc_doc_schema *schema)
{
    int result = -1;
    struct s_ctx c = {0};
    const char **munis = NULL;
    size_t n_munis = 0;
    size_t n_hub = 0;

    c.b = out;
    c.in = in;
    c.schema = schema;
    gc_buf_init(&c.id, 1 << 16);
    gc_buf_init(&c.id2, 1 << 16);
    gc_buf_init(&c.label, 1 << 20);
    gc_buf_init(&c.tmp, 1 << 20);
    munis = calloc(in->n_resources + 1, sizeof *munis);
    c.hubs = calloc(in->n_resources + 1, sizeof *c.hubs);
    if (!munis || !c.hubs)
        goto cleanup;
    if (gc_buf_append_str(out, "digraph gcnet {\n"
                               "  graph [rankdir=LR, compound=true, fontname=\"sans-serif\", labelloc=t, "
                               "label=\"ガバメントクラウド 運用管理ネットワーク 構成図\"];\n"
                               "  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\", "
                               "fontsize=10];\n"
                               "  edge [fontname=\"sans-serif\", fontsize=9];\n"))
        goto cleanup;
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        const char *m;
        if (strncmp(r->type, "gcnet_", 6) != 0 || r->action == GC_DOC_ACT_DELETE)
            continue;
        m = s_muni_of(r);
        if (!s_seen(munis, n_munis, m))
            munis[n_munis++] = m;
        if (strcmp(r->type, "gcnet_municipality_hub") == 0 && !s_seen(c.hubs, c.n_hubs, m))
            c.hubs[c.n_hubs++] = m;
    }
    for (size_t i = 0; i < n_munis; i++)
        if (s_premises(&c, munis[i]))
            goto cleanup;
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        if (strcmp(r->type, "gcnet_municipality_hub") != 0 || r->action == GC_DOC_ACT_DELETE)
            continue;
        if (s_hub(&c, r, n_hub++) || s_asp_accounts(&c, r))
            goto cleanup;
        /* premises reach the hub directly unless an onprem link resource describes the line */
        bool has_link = false;
        for (size_t j = 0; j < in->n_resources; j++)
            has_link = has_link || (strcmp(in->resources[j].type, "gcnet_onprem_link") == 0 &&
                                    strcmp(s_muni_of(&in->resources[j]), s_muni_of(r)) == 0);
        if (!has_link) {
            const struct gc_doc_municipality *m = gc_doc_catalog_find(s_muni_of(r));
            gc_buf_reset(&c.id);
            gc_buf_reset(&c.id2);
            if (gc_buf_printf(&c.id, "premises:%s", s_muni_of(r)) || gc_buf_printf(&c.id2, "tgw:%s", s_muni_of(r)) ||
                s_edge(out, gc_buf_cstr(&c.id), gc_buf_cstr(&c.id2),
                       m && strcmp(m->connection, "LGCS") != 0 ? "専用線 (プライベートアクセス回線)" : "LGCS", NULL))
                goto cleanup;
        }
    }
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        if (strncmp(r->type, "gcnet_", 6) != 0 || strcmp(r->type, "gcnet_municipality_hub") == 0 ||
            r->action == GC_DOC_ACT_DELETE)
            continue;
        bool inside = s_in_cluster(r) && s_seen(c.hubs, c.n_hubs, s_muni_of(r));
        if (s_generic(&c, r, "  ", inside ? S_PART_EDGES : S_PART_NODE | S_PART_EDGES))
            goto cleanup;
    }
    if (gc_buf_append_str(out, "}\n"))
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
