#include "network_sheets.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/gc_buf.h"
#include "catalog.h"
#include "ipv4.h"
#include "xlsx_util.h"

#define S_HUB "gcnet_municipality_hub"
#define S_RESOLVER "gcnet_dns_resolver"
#define S_CONN "gcnet_asp_connection"
#define S_LINK "gcnet_onprem_link"
#define S_IP_COLS 8u
#define S_RT_COLS 5u

struct s_ctx {
    lxw_workbook *wb;
    const struct gc_doc_input *in;
    const json_t *block;
    const char *footer;
    lxw_format *title;
    lxw_format *header;
    lxw_format *cell;
    lxw_format *section;
    size_t n_hubs;
};

static bool s_is_hub(const struct gc_doc_resource *r)
{
    return strcmp(r->type, S_HUB) == 0 && r->action != GC_DOC_ACT_DELETE;
}

/* A top-level string attribute as the documents show it: the value, (適用後に確定), (機密) or (未設定). */
static const char *s_attr_text(const struct s_ctx *c, const struct gc_doc_resource *r, const char *attr)
{
    if (gc_doc_resource_attr_sensitive(r, c->block, attr))
        return GC_DOC_SENSITIVE_TEXT;
    if (gc_doc_resource_attr_unknown(r, attr))
        return GC_DOC_UNKNOWN_TEXT;
    const char *v = gc_doc_resource_string(r, attr);
    return v ? v : GC_DOC_NULL_TEXT;
}

/* Element `i` of a list attribute, or of a map attribute by `key`, with the same placeholders. */
static const char *s_elem_text(const struct s_ctx *c, const struct gc_doc_resource *r, const char *attr, size_t i,
                               const char *key)
{
    const json_t *v = gc_doc_resource_attr(r, attr);
    const char *s;

    if (gc_doc_resource_attr_sensitive(r, c->block, attr))
        return GC_DOC_SENSITIVE_TEXT;
    if (gc_doc_resource_attr_unknown(r, attr))
        return GC_DOC_UNKNOWN_TEXT;
    s = json_string_value(key ? json_object_get(v, key) : json_array_get(v, i));
    return s ? s : GC_DOC_NULL_TEXT;
}

static const char *s_muni_name(const struct gc_doc_resource *r)
{
    const char *key = gc_doc_resource_string(r, "municipality");
    const struct gc_doc_municipality *m = gc_doc_catalog_find(key);
    return m ? m->name_ja : key ? key : "-";
}

static int s_write_cells(const struct s_ctx *c, lxw_worksheet *ws, unsigned row, const char *const *cells, unsigned n,
                         lxw_format *fmt, size_t *widths)
{
    for (unsigned i = 0; i < n; i++)
        if (gc_doc_xlsx_write(ws, row, i, cells[i] ? cells[i] : "", fmt ? fmt : c->cell, widths))
            return -1;
    return 0;
}

/* "■ address (鳴門市)": the municipality from `muni` (the resource itself, or the hub of a resolver). */
static int s_section(const struct s_ctx *c, lxw_worksheet *ws, unsigned row, unsigned cols,
                     const struct gc_doc_resource *r, const struct gc_doc_resource *muni)
{
    int result = -1;
    struct gc_buf b;

    gc_buf_init(&b, 1 << 16);
    if (gc_buf_printf(&b, "■ %s (%s)", r->address, s_muni_name(muni)))
        goto cleanup;
    if (c->in->kind == GC_DOC_KIND_PLAN && gc_buf_printf(&b, "  変更: %s", gc_doc_action_label(r->action)))
        goto cleanup;
    if (worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(cols - 1), gc_buf_cstr(&b), c->section) != LXW_NO_ERROR)
        goto cleanup;
    result = 0;
cleanup:
    gc_buf_clean_up(&b);
    return result;
}

/* ---- IP address plan -------------------------------------------------------------------------------------- */

static int s_ip_hub(const struct s_ctx *c, lxw_worksheet *ws, unsigned *row, const struct gc_doc_resource *r,
                    size_t *widths)
{
    int result = -1;
    const char *cidr_text = s_attr_text(c, r, "vpc_cidr");
    struct gc_doc_ipv4_net vpc, halves[2];
    bool known = gc_doc_ipv4_parse(&vpc, cidr_text) == 0 && gc_doc_ipv4_halves(&vpc, halves) == 0;
    char dns[16], cidr[20], first[16], last[16], r0[16], r1[16], r2[16], r3[16], bc[16], range[40], count[24];
    struct gc_buf reserved;

    gc_buf_init(&reserved, 1 << 12);
    if (s_section(c, ws, (*row)++, S_IP_COLS, r, r))
        goto cleanup;
    if (known)
        gc_doc_ipv4_at(dns, &vpc, 2);
    {
        const char *cells[S_IP_COLS] = {
            "VPC", "運用管理 VPC", "-", cidr_text, "-", "-", NULL, s_attr_text(c, r, "vpc_id")};
        if (known && gc_buf_printf(&reserved, "%s (Amazon 提供 DNS: VPC ベース +2)", dns))
            goto cleanup;
        cells[6] = known ? gc_buf_cstr(&reserved) : "-";
        if (s_write_cells(c, ws, (*row)++, cells, S_IP_COLS, NULL, widths))
            goto cleanup;
    }
    for (size_t i = 0; i < 2; i++) {
        char name[64];
        const char *cells[S_IP_COLS];
        snprintf(name, sizeof name, "運用管理サブネット %zu", i + 1);
        cells[0] = "サブネット";
        cells[1] = name;
        cells[2] = s_elem_text(c, r, "availability_zones", i, NULL);
        cells[3] = known ? cidr : cidr_text;
        cells[4] = cells[5] = cells[6] = "-";
        cells[7] = s_elem_text(c, r, "subnet_ids", i, NULL);
        gc_buf_reset(&reserved);
        if (known) {
            const struct gc_doc_ipv4_net *h = &halves[i];
            gc_doc_ipv4_cidr(cidr, h);
            if (gc_doc_ipv4_size(h) > 5) {
                gc_doc_ipv4_at(first, h, 4);
                gc_doc_ipv4_at(last, h, -2);
                snprintf(range, sizeof range, "%s - %s", first, last);
                snprintf(count, sizeof count, "%" PRIu64, gc_doc_ipv4_size(h) - 5);
                cells[4] = range;
                cells[5] = count;
            }
            gc_doc_ipv4_at(r0, h, 0);
            gc_doc_ipv4_at(r1, h, 1);
            gc_doc_ipv4_at(r2, h, 2);
            gc_doc_ipv4_at(r3, h, 3);
            gc_doc_ipv4_at(bc, h, -1);
            if (gc_buf_printf(&reserved,
                              "%s (ネットワーク)\n%s (VPC ルーター)\n%s (DNS)\n%s (将来予約)\n%s (ブロードキャスト)",
                              r0, r1, r2, r3, bc))
                goto cleanup;
            cells[6] = gc_buf_cstr(&reserved);
        }
        if (s_write_cells(c, ws, (*row)++, cells, S_IP_COLS, NULL, widths))
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_buf_clean_up(&reserved);
    return result;
}

/* The hub whose operations VPC holds `vpc_id`, or NULL (unknown in a plan that creates both). */
static const struct gc_doc_resource *s_hub_of_vpc(const struct s_ctx *c, const char *vpc_id)
{
    for (size_t i = 0; vpc_id && i < c->in->n_resources; i++) {
        const struct gc_doc_resource *r = &c->in->resources[i];
        const char *v = s_is_hub(r) ? gc_doc_resource_string(r, "vpc_id") : NULL;
        if (v && strcmp(v, vpc_id) == 0)
            return r;
    }
    return NULL;
}

/* One direction's endpoint addresses (endpoint e in subnet m at index 2e+m, as the provider orders them). */
static int s_ip_resolver_dir(const struct s_ctx *c, lxw_worksheet *ws, unsigned *row, const struct gc_doc_resource *r,
                             const struct gc_doc_resource *hub, bool inbound, size_t *widths)
{
    int result = -1;
    const char *addrs = inbound ? "inbound_ip_addresses" : "outbound_ip_addresses";
    const char *ids = inbound ? "inbound_endpoint_ids" : "outbound_endpoint_ids";
    size_t n = json_array_size(gc_doc_resource_attr(r, addrs));
    struct gc_buf name, cidr, id;

    gc_buf_init(&name, 1 << 12);
    gc_buf_init(&cidr, 1 << 12);
    gc_buf_init(&id, 1 << 12);
    if (n == 0) {
        const char *cells[S_IP_COLS] = {inbound ? "固定アドレス (DNS 受信)" : "固定アドレス (DNS 送信)",
                                        inbound ? "受信エンドポイント" : "送信エンドポイント",
                                        "-",
                                        s_attr_text(c, r, addrs),
                                        "-",
                                        "-",
                                        "-",
                                        s_attr_text(c, r, ids)};
        result = s_write_cells(c, ws, (*row)++, cells, S_IP_COLS, NULL, widths);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const char *addr = s_elem_text(c, r, addrs, i, NULL);
        const char *cells[S_IP_COLS];
        gc_buf_reset(&name);
        gc_buf_reset(&cidr);
        gc_buf_reset(&id);
        if (gc_buf_printf(&name, "%s %zu (サブネット %zu)", inbound ? "受信エンドポイント" : "送信エンドポイント",
                          i / 2 + 1, i % 2 + 1) ||
            gc_buf_printf(&cidr, "%s/32", addr) ||
            gc_buf_printf(&id, "%s\n%s", s_elem_text(c, r, ids, i / 2, NULL),
                          s_elem_text(c, r, "subnet_ids", i % 2, NULL)))
            goto cleanup;
        cells[0] = inbound ? "固定アドレス (DNS 受信)" : "固定アドレス (DNS 送信)";
        cells[1] = gc_buf_cstr(&name);
        cells[2] = hub ? s_elem_text(c, hub, "availability_zones", i % 2, NULL) : "-";
        cells[3] = gc_buf_cstr(&cidr);
        cells[4] = addr;
        cells[5] = "1";
        cells[6] = "-";
        cells[7] = gc_buf_cstr(&id);
        if (s_write_cells(c, ws, (*row)++, cells, S_IP_COLS, NULL, widths))
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_buf_clean_up(&name);
    gc_buf_clean_up(&cidr);
    gc_buf_clean_up(&id);
    return result;
}

/* A DNS resolver's fixed addresses: the inbound endpoints' (what the premises forward to) and the outbound's. */
static int s_ip_resolver(const struct s_ctx *c, lxw_worksheet *ws, unsigned *row, const struct gc_doc_resource *r,
                         size_t *widths)
{
    const struct gc_doc_resource *hub = s_hub_of_vpc(c, gc_doc_resource_string(r, "vpc_id"));

    if (s_section(c, ws, (*row)++, S_IP_COLS, r, hub ? hub : r))
        return -1;
    return s_ip_resolver_dir(c, ws, row, r, hub, true, widths) || s_ip_resolver_dir(c, ws, row, r, hub, false, widths)
               ? -1
               : 0;
}

static int s_ip_plan(const struct s_ctx *c)
{
    int result = -1;
    lxw_worksheet *ws = workbook_add_worksheet(c->wb, "IPアドレス計画");
    static const char *const heads[S_IP_COLS] = {"区分",         "名称",       "アベイラビリティゾーン", "CIDR",
                                                 "利用可能範囲", "利用可能数", "AWS 予約アドレス",       "リソース ID"};
    size_t widths[S_IP_COLS] = {0};
    unsigned row = 2;

    if (!ws || gc_doc_xlsx_write(ws, 0, 0, "IP アドレス計画", c->title, NULL) ||
        s_write_cells(c, ws, 1, heads, S_IP_COLS, c->header, widths))
        goto cleanup;
    for (size_t i = 0; i < c->in->n_resources; i++)
        if (s_is_hub(&c->in->resources[i]) && s_ip_hub(c, ws, &row, &c->in->resources[i], widths))
            goto cleanup;
    for (size_t i = 0; i < c->in->n_resources; i++) {
        const struct gc_doc_resource *r = &c->in->resources[i];
        if (strcmp(r->type, S_RESOLVER) == 0 && r->action != GC_DOC_ACT_DELETE && s_ip_resolver(c, ws, &row, r, widths))
            goto cleanup;
    }
    if (gc_doc_xlsx_write(
            ws, row + 1, 0,
            "注: 各サブネットは VPC CIDR の二分割。AWS は各サブネットの先頭 4 アドレスと末尾 1 アドレスを予約する。",
            NULL, NULL))
        goto cleanup;
    worksheet_freeze_panes(ws, 2, 0);
    gc_doc_xlsx_fit_columns(ws, widths, S_IP_COLS, 6.0, 40.0, NULL);
    gc_doc_xlsx_print_setup(ws, 2, row + 1, S_IP_COLS - 1, c->footer);
    result = 0;
cleanup:
    return result;
}

/* ---- routing ---------------------------------------------------------------------------------------------- */

/* A valid, unique worksheet name from `text`: Excel's forbidden characters become '_', at most 31 characters. */
static int s_sheet_name(struct gc_buf *out, lxw_workbook *wb, const char *text)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        size_t chars = 0;
        char suffix[8] = "";
        if (attempt > 0)
            snprintf(suffix, sizeof suffix, "~%d", attempt);
        gc_buf_reset(out);
        for (const unsigned char *p = (const unsigned char *)text; *p && chars < 31 - strlen(suffix); p++) {
            unsigned char ch = strchr("[]:*?/\\'", *p) ? '_' : *p;
            if ((*p & 0xC0) != 0x80)
                chars++;
            if (gc_buf_append_byte(out, ch))
                return -1;
        }
        while (out->len > 0 && (out->ptr[out->len - 1] & 0xC0) == 0xC0)
            out->len--; /* never end on a lead byte */
        if (gc_buf_append_str(out, suffix))
            return -1;
        if (!workbook_get_worksheet_by_name(wb, gc_buf_cstr(out)))
            return 0;
    }
    return -1;
}

/* A connection with a Transit Gateway attachment on this hub: an ASP connection by Transit Gateway or by TGW
 * peering, or the premises' link (its hub_id is the hub's TGW; unknown in a plan that creates both: then it is not
 * placed). */
static bool s_conn_of_hub(const struct gc_doc_resource *conn, const struct gc_doc_resource *hub)
{
    const char *hub_id = gc_doc_resource_string(conn, "hub_id");
    const char *tgw = gc_doc_resource_string(hub, "transit_gateway_id");
    const char *method = gc_doc_resource_string(conn, "method");
    bool asp = strcmp(conn->type, S_CONN) == 0 && method &&
               (strcmp(method, "transit_gateway") == 0 || strcmp(method, "tgw_peering") == 0);

    return (asp || strcmp(conn->type, S_LINK) == 0) && conn->action != GC_DOC_ACT_DELETE && hub_id && tgw &&
           strcmp(hub_id, tgw) == 0;
}

/* A peering attachment cannot propagate: its ranges are static routes. */
static bool s_conn_static(const struct gc_doc_resource *conn)
{
    const char *method = gc_doc_resource_string(conn, "method");
    return method && strcmp(method, "tgw_peering") == 0;
}

/* Whether a connection is associated with (`assoc`) or routed into `domain` (propagated, or static routes for a
 * peering): from its values, else from gcnet's fixed wiring while they are unknown (an ASP: associated with asp,
 * routed into onprem and ops; the premises' link: associated with onprem, routed into asp and ops). An ASP records
 * its propagations (propagated_domains; a peering ASP's static routes are not recorded there); the link records
 * where it is routed, propagated or static (routed_domains), so drift there shows on the sheet. */
static bool s_conn_in_domain(const struct gc_doc_resource *conn, const struct gc_doc_resource *hub, const char *domain,
                             bool assoc)
{
    size_t i;
    const json_t *d;
    bool link = strcmp(conn->type, S_LINK) == 0;
    const json_t *routed = gc_doc_resource_attr(conn, link ? "routed_domains" : "propagated_domains");

    if (assoc) {
        const char *rt = gc_doc_resource_string(conn, "route_table_id");
        const char *want = json_string_value(json_object_get(gc_doc_resource_attr(hub, "route_table_ids"), domain));
        return rt && want ? strcmp(rt, want) == 0 : strcmp(domain, link ? "onprem" : "asp") == 0;
    }
    if (!json_is_array(routed) || (!link && s_conn_static(conn)))
        return strcmp(domain, link ? "asp" : "onprem") == 0 || strcmp(domain, "ops") == 0;
    json_array_foreach(routed, i, d)
    {
        if (json_is_string(d) && strcmp(json_string_value(d), domain) == 0)
            return true;
    }
    return false;
}

/* 状態 of a route from a resource's action. */
static const char *s_route_state(const struct s_ctx *c, const struct gc_doc_resource *r)
{
    return c->in->kind != GC_DOC_KIND_PLAN  ? "有効 (構築済み)"
           : r->action == GC_DOC_ACT_NOOP   ? "有効 (変更なし)"
           : r->action == GC_DOC_ACT_UPDATE ? "有効 (更新後)"
                                            : "計画 (適用後に有効)";
}

/* The 関連付け or 伝播元 cell: the ops VPC's attachment where the hub's wiring puts it, then each ASP connection's. */
static int s_wiring_text(const struct s_ctx *c, struct gc_buf *out, const struct gc_doc_resource *hub,
                         const char *domain, bool assoc)
{
    bool ops = strcmp(domain, "ops") == 0;
    bool vpc = assoc ? ops : !ops;

    gc_buf_reset(out);
    if (vpc && gc_buf_append_str(out, "運用管理 VPC のアタッチメント"))
        return -1;
    for (size_t i = 0; i < c->in->n_resources; i++) {
        const struct gc_doc_resource *conn = &c->in->resources[i];
        if (!s_conn_of_hub(conn, hub) || !s_conn_in_domain(conn, hub, domain, assoc))
            continue;
        if (out->len && gc_buf_append_str(out, "\n"))
            return -1;
        if (strcmp(conn->type, S_LINK) == 0
                ? gc_buf_printf(out, "庁舎接続回線 %s のアタッチメント (%s)", s_attr_text(c, conn, "name"),
                                s_attr_text(c, conn, "attachment_id"))
                : gc_buf_printf(out, "ASP %s のアタッチメント (%s)%s", s_attr_text(c, conn, "vendor"),
                                s_attr_text(c, conn, "attachment_id"),
                                !assoc && s_conn_static(conn) ? " [静的経路]" : ""))
            return -1;
    }
    if (out->len == 0)
        return gc_buf_append_str(out, assoc ? "(なし: 庁内接続・ASP 接続の追加時に関連付け)"
                                            : "(なし: 庁内接続・ASP 接続の追加時に伝播)");
    return 0;
}

/* The routes a connection brings into `domain`: one per range of its cidrs (the premises' link: onprem_cidrs),
 * propagated, or static for a peering. */
static int s_conn_routes(const struct s_ctx *c, lxw_worksheet *ws, unsigned *row, const struct gc_doc_resource *hub,
                         const char *domain, size_t *widths)
{
    int result = -1;
    struct gc_buf to;

    gc_buf_init(&to, 1 << 12);
    for (size_t i = 0; i < c->in->n_resources; i++) {
        const struct gc_doc_resource *conn = &c->in->resources[i];
        bool link = strcmp(conn->type, S_LINK) == 0;
        const char *attr = link ? "onprem_cidrs" : "cidrs";
        const json_t *cidrs = gc_doc_resource_attr(conn, attr);
        size_t n = json_array_size(cidrs);
        if (!s_conn_of_hub(conn, hub) || !s_conn_in_domain(conn, hub, domain, false))
            continue;
        gc_buf_reset(&to);
        if (link ? gc_buf_printf(&to, "庁舎 (%s)", s_attr_text(c, conn, "name"))
                 : gc_buf_printf(&to, "ASP %s (%s)", s_attr_text(c, conn, "vendor"), s_attr_text(c, conn, "name")))
            goto cleanup;
        for (size_t k = 0; k < (n ? n : 1); k++) {
            const char *cells[S_RT_COLS] = {n ? s_elem_text(c, conn, attr, k, NULL) : s_attr_text(c, conn, attr),
                                            s_attr_text(c, conn, "attachment_id"), gc_buf_cstr(&to),
                                            s_conn_static(conn) ? "静的" : "伝播", s_route_state(c, conn)};
            if (s_write_cells(c, ws, (*row)++, cells, S_RT_COLS, NULL, widths))
                goto cleanup;
        }
    }
    result = 0;
cleanup:
    gc_buf_clean_up(&to);
    return result;
}

static int s_route_table(const struct s_ctx *c, const struct gc_doc_resource *r, const char *domain)
{
    int result = -1;
    struct gc_buf name, title;
    lxw_worksheet *ws;
    size_t widths[S_RT_COLS] = {0};
    static const char *const heads[S_RT_COLS] = {"宛先 CIDR", "アタッチメント ID", "接続先", "種別", "状態"};
    bool ops = strcmp(domain, "ops") == 0;
    unsigned row = 1;
    unsigned first_route;
    const char *state = s_route_state(c, r);
    struct gc_buf assoc, prop;

    gc_buf_init(&name, 1 << 10);
    gc_buf_init(&title, 1 << 16);
    gc_buf_init(&assoc, 1 << 16);
    gc_buf_init(&prop, 1 << 16);
    if (s_wiring_text(c, &assoc, r, domain, true) || s_wiring_text(c, &prop, r, domain, false))
        goto cleanup;
    if (c->n_hubs > 1 ? gc_buf_printf(&title, "経路 %s %s", gc_doc_resource_string(r, "municipality"), domain)
                      : gc_buf_printf(&title, "経路 %s", domain))
        goto cleanup;
    if (s_sheet_name(&name, c->wb, gc_buf_cstr(&title)))
        goto cleanup;
    ws = workbook_add_worksheet(c->wb, gc_buf_cstr(&name));
    gc_buf_reset(&title);
    if (!ws || gc_buf_printf(&title, "ルーティング: %s ルートテーブル (%s)", domain, s_muni_name(r)) ||
        gc_doc_xlsx_write(ws, 0, 0, gc_buf_cstr(&title), c->title, NULL))
        goto cleanup;
    {
        const char *info[][2] = {
            {"ルートテーブル ID", s_elem_text(c, r, "route_table_ids", 0, domain)},
            {"関連付け", gc_buf_cstr(&assoc)},
            {"伝播元", gc_buf_cstr(&prop)},
        };
        for (size_t i = 0; i < 3; i++, row++) {
            const char *cells[2] = {info[i][0], info[i][1]};
            if (s_write_cells(c, ws, row, cells, 2, NULL, widths))
                goto cleanup;
        }
    }
    row++;
    if (s_write_cells(c, ws, row++, heads, S_RT_COLS, c->header, widths))
        goto cleanup;
    first_route = row;
    if (!ops) {
        const char *cells[S_RT_COLS] = {s_attr_text(c, r, "vpc_cidr"), s_attr_text(c, r, "vpc_attachment_id"),
                                        "運用管理 VPC", "伝播", state};
        if (s_write_cells(c, ws, row++, cells, S_RT_COLS, NULL, widths))
            goto cleanup;
    }
    if (s_conn_routes(c, ws, &row, r, domain, widths))
        goto cleanup;
    if (row == first_route && gc_doc_xlsx_write(ws, row++, 0, "(経路なし)", c->cell, widths))
        goto cleanup;
    if (gc_doc_xlsx_write(
            ws, row + 1, 0,
            "注: 経路はハブの配線 (運用管理 VPC を ops に関連付け、他のドメインへ伝播)、ASP 接続 (asp "
            "に関連付け、onprem と ops へ伝播。TGW ピアリングは静的経路)、庁舎接続回線 (onprem に関連付け、"
            "asp と ops へ伝播) とステートの値から導出。asp には ASP への経路を置かない (ASP 間は通信不可)。",
            NULL, NULL))
        goto cleanup;
    gc_doc_xlsx_fit_columns(ws, widths, S_RT_COLS, 10.0, 50.0, NULL);
    gc_doc_xlsx_print_setup(ws, 0, row + 1, S_RT_COLS - 1, c->footer);
    result = 0;
cleanup:
    gc_buf_clean_up(&name);
    gc_buf_clean_up(&title);
    gc_buf_clean_up(&assoc);
    gc_buf_clean_up(&prop);
    return result;
}

int gc_doc_network_sheets_write(lxw_workbook *wb, const struct gc_doc_input *in, const struct gc_doc_schema *schema,
                                const char *footer, struct gc_diags *diags)
{
    int result = -1;
    struct s_ctx c = {wb, in, gc_doc_schema_resource_block(schema, S_HUB), footer, NULL, NULL, NULL, NULL, 0};

    for (size_t i = 0; i < in->n_resources; i++)
        c.n_hubs += s_is_hub(&in->resources[i]);
    if (c.n_hubs == 0)
        return 0;
    c.title = workbook_add_format(wb);
    format_set_bold(c.title);
    format_set_font_size(c.title, 16);
    c.header = workbook_add_format(wb);
    format_set_bold(c.header);
    format_set_bg_color(c.header, 0xD9E1F2);
    format_set_border(c.header, LXW_BORDER_THIN);
    c.cell = workbook_add_format(wb);
    format_set_border(c.cell, LXW_BORDER_THIN);
    format_set_text_wrap(c.cell);
    format_set_align(c.cell, LXW_ALIGN_VERTICAL_TOP);
    c.section = workbook_add_format(wb);
    format_set_bold(c.section);
    format_set_bg_color(c.section, 0xEDEDED);
    format_set_border(c.section, LXW_BORDER_THIN);
    if (s_ip_plan(&c)) {
        gc_diags_error_at(diags, NULL, "Cannot write the IP address plan", NULL);
        goto cleanup;
    }
    for (size_t i = 0; i < in->n_resources; i++) {
        const struct gc_doc_resource *r = &in->resources[i];
        size_t k;
        const json_t *d;
        if (!s_is_hub(r) || gc_doc_resource_attr_sensitive(r, c.block, "routing_domains"))
            continue;
        json_array_foreach(gc_doc_resource_attr(r, "routing_domains"), k, d)
        {
            if (json_is_string(d) && s_route_table(&c, r, json_string_value(d))) {
                gc_diags_error_at(diags, NULL, "Cannot write the routing sheet", "%s", json_string_value(d));
                goto cleanup;
            }
        }
    }
    result = 0;
cleanup:
    return result;
}
