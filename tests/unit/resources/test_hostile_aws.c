/* gcnet_municipality_hub against a hostile AWS. A stateful fake answers every EC2/STS/RAM call of a create, a
 * refresh (read), an in-place update (name, tags and share_with changed) and a destroy (delete) from the recorded
 * fixtures in tests/unit/aws/ec2-fixtures (the working
 * directory). A baseline run of each phase records which operations it sends; then, for every one of those
 * operations, the operation's answer is replaced (on every call) by a hostile variant and the whole phase is run
 * again: each XML element / JSON key removed, emptied or duplicated in turn, truncated, empty, garbage, HTML,
 * 1 MB text, 10k-deep nesting, wrong types, 1000 items, a NextToken that never ends, error statuses without a
 * body, and seeded random byte mutations. Every run must end with rc 0, or rc != 0 and an error diagnostic,
 * within a bounded number of calls; ASan/UBSan/LSan catch the rest. A crash prints the input that caused it. */
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>

#include "aws/fake_aws.h"
#include "framework/gc_plan.h"
#include "gc_test.h"
#include "fixture_text.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define S_HAVE_SANITIZER 1
#endif

extern const struct gc_resource_def gc_resource_municipality_hub;

#define TGW_ID "tgw-c629df727a9b815ec"
#define CALL_LIMIT 8000     /* more calls than this in one phase is a runaway */
#define BODY_MAX (16 << 20) /* what the fake will put in one answer */
#define MAX_OPS 48
#define N_RANDOM 30 /* seeded mutations per (phase, operation); HOSTILE_RANDOM=n for more */

/* ---- text helpers ---- */

struct text {
    char *p;
    size_t len;
};

/* text[0, a) + mid + text[b, len) */
static struct text s_splice(const char *t, size_t len, size_t a, size_t b, const char *mid, size_t mid_len)
{
    struct text out = {malloc(len - (b - a) + mid_len + 1), 0};
    memcpy(out.p, t, a);
    memcpy(out.p + a, mid, mid_len);
    memcpy(out.p + a + mid_len, t + b, len - b);
    out.len = len - (b - a) + mid_len;
    out.p[out.len] = '\0';
    return out;
}

static struct text s_dup_text(const char *s)
{
    struct text t = {strdup(s), strlen(s)};
    return t;
}

/* ---- XML element spans (a naive scanner: fixtures are well-formed) ---- */

struct span {
    size_t start, open_end, close_start, end; /* element [start,end), content [open_end,close_start) */
    bool leaf;
};

static bool s_xml_element(const char *t, size_t len, size_t index, struct span *sp)
{
    size_t seen = 0;
    for (size_t p = 0; p + 1 < len; p++) {
        if (t[p] != '<' || t[p + 1] == '/' || t[p + 1] == '?' || t[p + 1] == '!')
            continue;
        if (seen++ != index)
            continue;
        size_t nl = strcspn(t + p + 1, " />");
        const char *gt = memchr(t + p, '>', len - p);
        if (!gt)
            return false;
        sp->start = p;
        sp->open_end = (size_t)(gt - t) + 1;
        if (gt[-1] == '/') {
            sp->close_start = sp->end = sp->open_end;
            sp->open_end = sp->end;
            sp->leaf = true;
            return true;
        }
        int depth = 1;
        for (size_t q = sp->open_end; q + nl + 2 < len; q++) {
            if (t[q] != '<')
                continue;
            bool close = t[q + 1] == '/';
            const char *name = t + q + 1 + close;
            if (strncmp(name, t + p + 1, nl) != 0 || !strchr(" />", name[nl]))
                continue;
            if (!close) {
                const char *g = strchr(name, '>');
                depth += g && g[-1] != '/';
                continue;
            }
            if (--depth == 0) {
                sp->close_start = q;
                sp->end = q + nl + 3;
                sp->leaf = memchr(t + sp->open_end, '<', q - sp->open_end) == NULL;
                return true;
            }
        }
        return false;
    }
    return false;
}

static size_t s_xml_count(const char *t, size_t len)
{
    struct span sp;
    size_t n = 0;
    while (s_xml_element(t, len, n, &sp))
        n++;
    return n;
}

/* ---- JSON key/value spans ---- */

static size_t s_json_skip_string(const char *t, size_t len, size_t p)
{
    for (p++; p < len && t[p] != '"'; p++)
        if (t[p] == '\\')
            p++;
    return p < len ? p + 1 : len;
}

static size_t s_json_skip_value(const char *t, size_t len, size_t p)
{
    while (p < len && strchr(" \t\r\n", t[p]))
        p++;
    if (p >= len)
        return len;
    if (t[p] == '"')
        return s_json_skip_string(t, len, p);
    if (t[p] == '{' || t[p] == '[') {
        int depth = 0;
        for (; p < len; p++) {
            if (t[p] == '"') {
                p = s_json_skip_string(t, len, p) - 1;
                continue;
            }
            depth += (t[p] == '{' || t[p] == '[') - (t[p] == '}' || t[p] == ']');
            if (depth == 0)
                return p + 1;
        }
        return len;
    }
    while (p < len && !strchr(",}] \t\r\n", t[p]))
        p++;
    return p;
}

/* The index-th "key": value pair: [start, end) the pair, [vstart, end) the value. */
static bool s_json_key(const char *t, size_t len, size_t index, size_t *start, size_t *vstart, size_t *end)
{
    size_t seen = 0;
    for (size_t p = 0; p < len; p++) {
        if (t[p] != '"')
            continue;
        size_t q = s_json_skip_string(t, len, p), c = q;
        while (c < len && strchr(" \t\r\n", t[c]))
            c++;
        if (c >= len || t[c] != ':') {
            p = q - 1;
            continue;
        }
        if (seen++ == index) {
            *start = p;
            *vstart = c + 1;
            while (*vstart < len && t[*vstart] == ' ')
                (*vstart)++;
            *end = s_json_skip_value(t, len, c + 1);
            return true;
        }
        p = c;
    }
    return false;
}

static size_t s_json_count(const char *t, size_t len)
{
    size_t n = 0, a, b, c;
    while (s_json_key(t, len, n, &a, &b, &c))
        n++;
    return n;
}

/* ---- variants ---- */

enum kind {
    K_REMOVE, /* per element / key */
    K_EMPTY,
    K_DUP,
    K_HALF, /* whole-body */
    K_EMPTY_BODY,
    K_GARBAGE,
    K_HTML,
    K_HUGE_TEXT,
    K_DEEP,
    K_WRONG_TYPES,
    K_LETTERS,
    K_NEGATIVE,
    K_MANY_ITEMS,
    K_TOKEN_SAME,
    K_TOKEN_COUNTING,
    K_400_EMPTY,
    K_500_GARBAGE,
    K_400_HALF_ERROR,
    K_OTHER_SYNTAX, /* XML where JSON is expected and JSON where XML is */
    K_RANDOM,
    K_COUNT
};

static const char *const s_kind_names[K_COUNT] = {
    "remove",       "empty",        "duplicate", "half",        "empty-body", "garbage",    "html",
    "huge-text",    "deep",         "wrong-types", "letters",   "negative",   "1000-items", "token-repeats",
    "token-counts", "400-empty",    "500-garbage", "400-cut-error", "other-syntax", "random"};

struct variant {
    enum kind kind;
    size_t index;  /* element / key index, or the seed for K_RANDOM */
    long status;   /* answered status */
    int max_calls; /* answer only the first max_calls calls so (0: every call) */
};

static uint64_t s_rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static struct text s_random_mutation(const char *t, size_t len, uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    struct text out = {malloc(len + 1), len};
    memcpy(out.p, t, len);
    out.p[len] = '\0';
    int edits = 1 + (int)(s_rng(&s) % 4);
    for (int e = 0; e < edits && out.len > 0; e++) {
        size_t at = s_rng(&s) % out.len;
        unsigned what = (unsigned)(s_rng(&s) % 5);
        static const char interesting[] = "<>/&\"'\\{}[]:,\0\xff";
        char c = (s_rng(&s) & 1) ? (char)(s_rng(&s) & 0xff) : interesting[s_rng(&s) % (sizeof interesting - 1)];
        struct text next;
        if (what == 0) { /* overwrite a byte */
            out.p[at] = c;
            continue;
        } else if (what == 1) { /* delete a run */
            size_t n = 1 + s_rng(&s) % 16;
            next = s_splice(out.p, out.len, at, at + n < out.len ? at + n : out.len, "", 0);
        } else if (what == 2) { /* insert a byte */
            next = s_splice(out.p, out.len, at, at, &c, 1);
        } else if (what == 3) { /* duplicate a chunk */
            size_t n = 1 + s_rng(&s) % 64;
            if (at + n > out.len)
                n = out.len - at;
            char *chunk = malloc(n);
            memcpy(chunk, out.p + at, n);
            next = s_splice(out.p, out.len, at, at, chunk, n);
            free(chunk);
        } else { /* flip a bit */
            out.p[at] = (char)(out.p[at] ^ (1 << (s_rng(&s) % 8)));
            continue;
        }
        free(out.p);
        out = next;
    }
    return out;
}

/* Replaces every leaf's text (XML) / value (JSON) matched by `pick` with `with`. */
static struct text s_all_leaves(const char *t, size_t len, bool json, bool (*pick)(const char *, size_t),
                                const char *with)
{
    struct text cur = {strndup(t, len), len};
    size_t n = json ? s_json_count(t, len) : s_xml_count(t, len);
    for (size_t i = n; i-- > 0;) {
        size_t a = 0, b = 0, c = 0;
        struct span sp;
        if (json) {
            if (!s_json_key(cur.p, cur.len, i, &a, &b, &c))
                continue;
        } else {
            if (!s_xml_element(cur.p, cur.len, i, &sp) || !sp.leaf)
                continue;
            b = sp.open_end;
            c = sp.close_start;
        }
        if (!pick(cur.p + b, c - b))
            continue;
        struct text next = s_splice(cur.p, cur.len, b, c, with, strlen(with));
        free(cur.p);
        cur = next;
    }
    return cur;
}

static bool s_is_number(const char *v, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.-", v[i]))
            return false;
    return true;
}
static bool s_is_scalar(const char *v, size_t n)
{
    return n > 0 && v[0] != '{' && v[0] != '[';
}
static bool s_any(const char *v, size_t n)
{
    (void)v;
    return n > 0 && v[0] != '{';
}

/* The hostile answer for `v` derived from the operation's normal answer `t`. call_no counts the op's calls. */
static struct text s_hostile(const struct variant *v, const char *t, int call_no)
{
    size_t len = strlen(t);
    bool json = t[0] == '{' || t[0] == '[';
    struct span sp;
    size_t a, b, c;
    char buf[128];
    switch (v->kind) {
    case K_REMOVE:
    case K_EMPTY:
    case K_DUP:
        if (json) {
            if (!s_json_key(t, len, v->index, &a, &b, &c))
                return s_dup_text(t);
            if (v->kind == K_EMPTY)
                return s_splice(t, len, b, c, "null", 4);
            if (v->kind == K_DUP) {
                struct text pair = {strndup(t + a, c - a), c - a};
                struct text out = s_splice(t, len, a, a, pair.p, pair.len);
                struct text out2 = s_splice(out.p, out.len, a + pair.len, a + pair.len, ", ", 2);
                free(pair.p);
                free(out.p);
                return out2;
            }
            size_t e = c;
            while (e < len && t[e] == ' ')
                e++;
            if (e < len && t[e] == ',') {
                e++;
                while (e < len && t[e] == ' ')
                    e++;
            } else {
                while (a > 0 && t[a - 1] == ' ')
                    a--;
                if (a > 0 && t[a - 1] == ',')
                    a--;
            }
            return s_splice(t, len, a, e, "", 0);
        }
        if (!s_xml_element(t, len, v->index, &sp))
            return s_dup_text(t);
        if (v->kind == K_REMOVE)
            return s_splice(t, len, sp.start, sp.end, "", 0);
        if (v->kind == K_EMPTY) {
            size_t nl = strcspn(t + sp.start + 1, " />");
            snprintf(buf, sizeof buf, "<%.*s/>", (int)(nl < 100 ? nl : 100), t + sp.start + 1);
            return s_splice(t, len, sp.start, sp.end, buf, strlen(buf));
        } else {
            char *el = strndup(t + sp.start, sp.end - sp.start);
            struct text out = s_splice(t, len, sp.start, sp.start, el, sp.end - sp.start);
            free(el);
            return out;
        }
    case K_HALF:
        return s_splice(t, len, len / 2, len, "", 0);
    case K_EMPTY_BODY:
    case K_400_EMPTY:
        return s_dup_text("");
    case K_GARBAGE:
    case K_500_GARBAGE:
        return s_dup_text("\x01\x02garbage \xff\xfe{[<<not an answer>>]} ;;\"\\");
    case K_HTML:
        return s_dup_text("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway"
                          "</h1><p>The proxy received an invalid response<br></body></html>");
    case K_400_HALF_ERROR:
        return s_dup_text("<?xml version=\"1.0\"?><Response><Errors><Error><Code>Invalid");
    case K_OTHER_SYNTAX:
        return s_dup_text(json ? "<?xml version=\"1.0\"?><Response><Errors><Error><Code>X</Code></Error></Errors>"
                                 "</Response>"
                               : "{\"__type\": \"X\", \"message\": [1, {\"a\": null}]}");
    case K_HUGE_TEXT: {
        size_t huge = 1 << 20;
        char *fill = malloc(huge + 1);
        memset(fill, 'A', huge);
        fill[huge] = '\0';
        struct text out;
        /* the first leaf with content (the first id or token in every fixture) */
        size_t i = 0;
        bool found = false;
        if (json) {
            while (s_json_key(t, len, i, &a, &b, &c) && !(found = c > b && t[b] == '"'))
                i++;
            if (found) {
                fill[0] = '"';
                fill[huge - 1] = '"';
            }
        } else {
            while (s_xml_element(t, len, i, &sp) && !(found = sp.leaf && sp.close_start > sp.open_end))
                i++;
            b = sp.open_end;
            c = sp.close_start;
        }
        out = found ? s_splice(t, len, b, c, fill, huge) : s_splice(t, len, len, len, fill, huge);
        free(fill);
        return out;
    }
    case K_DEEP: {
        size_t levels = 10000;
        char *deep = malloc(levels * 8 + 16);
        size_t n = 0;
        if (json) {
            memcpy(deep, "\"x\": ", 5);
            n = 5;
            memset(deep + n, '[', levels);
            n += levels;
            memset(deep + n, ']', levels);
            n += levels;
            deep[n++] = ',';
        } else {
            for (size_t i = 0; i < levels; i++, n += 3)
                memcpy(deep + n, "<a>", 3);
            for (size_t i = 0; i < levels; i++, n += 4)
                memcpy(deep + n, "</a>", 4);
        }
        size_t at = 0;
        if (json) {
            at = t[0] == '{' ? 1 : 0;
        } else if (s_xml_element(t, len, 0, &sp)) {
            at = sp.open_end;
        }
        struct text out = s_splice(t, len, at, at, deep, n);
        free(deep);
        return out;
    }
    case K_WRONG_TYPES:
        return s_all_leaves(t, len, json, s_is_number, json ? "\"12ab\"" : "12ab");
    case K_LETTERS:
        return s_all_leaves(t, len, json, s_is_scalar, json ? "{\"x\": [true]}" : "x&amp;y<![CDATA[ z ]]>");
    case K_NEGATIVE:
        return s_all_leaves(t, len, json, s_any, json ? "-99999999999999999999999" : "-99999999999999999999999");
    case K_MANY_ITEMS: {
        size_t s0 = 0, e0 = 0;
        if (json) {
            const char *br = strstr(t, "[{");
            if (!br)
                return s_dup_text(t);
            s0 = (size_t)(br - t) + 1;
            e0 = s_json_skip_value(t, len, s0);
        } else {
            size_t i = 0;
            while (s_xml_element(t, len, i, &sp) && strncmp(t + sp.start, "<item>", 6) != 0)
                i++;
            if (!s_xml_element(t, len, i, &sp))
                return s_dup_text(t);
            s0 = sp.start;
            e0 = sp.end;
        }
        size_t one = e0 - s0 + (json ? 2 : 0), n = 1000;
        char *many = malloc(one * n + 1);
        for (size_t i = 0; i < n; i++) {
            memcpy(many + i * one, t + s0, e0 - s0);
            if (json)
                memcpy(many + i * one + (e0 - s0), ", ", 2);
        }
        struct text out = s_splice(t, len, s0, s0, many, one * n);
        free(many);
        return out;
    }
    case K_TOKEN_SAME:
    case K_TOKEN_COUNTING:
        if (v->kind == K_TOKEN_SAME)
            snprintf(buf, sizeof buf, json ? "\"nextToken\": \"again\", " : "<nextToken>again</nextToken>");
        else
            snprintf(buf, sizeof buf, json ? "\"nextToken\": \"t%d\", " : "<nextToken>t%d</nextToken>", call_no);
        if (json)
            return t[0] == '{' ? s_splice(t, len, 1, 1, buf, strlen(buf)) : s_dup_text(t);
        const char *close = NULL;
        for (const char *p = strstr(t, "</"); p; p = strstr(p + 2, "</"))
            close = p;
        return close ? s_splice(t, len, (size_t)(close - t), (size_t)(close - t), buf, strlen(buf)) : s_dup_text(t);
    case K_RANDOM:
        return s_random_mutation(t, len, v->index);
    case K_COUNT:
        break;
    }
    return s_dup_text(t);
}

/* ---- the stateful fake AWS ---- */

struct phase_ops {
    char *op[MAX_OPS];
    char *sample[MAX_OPS]; /* the op's first normal answer */
    size_t n;
};

struct fake {
    int calls;
    bool runaway;
    int n_rt, n_subnet;
    bool tgw_gone, att_gone, share_gone, assoc_gone;
    bool rt_gone[8], prop_gone[8];
    struct phase_ops *record; /* baseline: record the ops and their answers here */
    const char *target;       /* hostile: the op whose answers are replaced ... */
    const struct variant *variant;
    int target_calls;
    int call_limit; /* 0: CALL_LIMIT */
};

static const char s_sts_identity[] =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
    "<Arn>arn:aws:iam::123456789012:user/gcnet</Arn><UserId>AIDAGCNET</UserId><Account>123456789012</Account>"
    "</GetCallerIdentityResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>";

static const char s_unknown_action[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Response><Errors><Error><Code>InvalidAction</Code><Message>the fake "
    "does not know this action</Message></Error></Errors><RequestID>fake-unknown</RequestID></Response>";

static const char *const s_domains[] = {"", "onprem", "asp", "ops"};

static void s_rt_item(char *out, size_t cap, int n, const char *state)
{
    snprintf(out, cap,
             "<item><transitGatewayRouteTableId>tgw-rtb-%017d</transitGatewayRouteTableId><transitGatewayId>" TGW_ID
             "</transitGatewayId><state>%s</state><defaultAssociationRouteTable>false</defaultAssociationRouteTable>"
             "<defaultPropagationRouteTable>false</defaultPropagationRouteTable><creationTime>2026-11-28T17:35:06.000Z"
             "</creationTime><tagSet><item><key>gcnet:routing-domain</key><value>%s</value></item><item><key>"
             "gcnet:tgw</key><value>" TGW_ID "</value></item></tagSet></item>",
             n, state, n >= 1 && n <= 3 ? s_domains[n] : "x");
}

static int s_rt_number(const char *id)
{
    return id && strncmp(id, "tgw-rtb-", 8) == 0 ? atoi(id + 8) & 7 : 0;
}

static char *s_rts(struct fake *f, const char *body)
{
    char *want = fx_param(body, "TransitGatewayRouteTableIds.1");
    char *out = malloc(8192), item[1024];
    strcpy(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?><DescribeTransitGatewayRouteTablesResponse "
                "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><transitGatewayRouteTables>");
    for (int n = 1; n <= (want ? 1 : 3); n++) {
        int k = want ? s_rt_number(want) : n;
        if (!want && f->rt_gone[k])
            continue;
        s_rt_item(item, sizeof item, k, f->rt_gone[k] ? "deleted" : "available");
        strcat(out, item);
    }
    strcat(out, "</transitGatewayRouteTables><requestId>request-id</requestId>"
                "</DescribeTransitGatewayRouteTablesResponse>");
    free(want);
    return out;
}

static const char s_generic_ok[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><@OP@Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<requestId>request-id</requestId><return>true</return></@OP@Response>";

/* The normal answer of `op` (malloc'd) after updating the fake's world; NULL when unknown. */
static char *s_answer(struct fake *f, const char *op, const char *body)
{
    static const struct {
        const char *op, *file;
    } files[] = {
        {"CreateTransitGateway", "create_tgw.xml"},
        {"CreateTags", "create_tags.xml"},
        {"CreateVpc", "create_vpc.xml"},
        {"CreateTransitGatewayVpcAttachment", "create_att.xml"},
        {"AssociateTransitGatewayRouteTable", "associate.xml"},
        {"EnableTransitGatewayRouteTablePropagation", "enable_propagation.xml"},
        {"CreateResourceShare", "ram_create.json"},
        {"DescribeVpcs", "describe_vpcs.xml"},
        {"DescribeSubnets", "describe_subnets.xml"},
        {"DeleteTransitGatewayRouteTable", "delete_rt.xml"},
        {"DeleteTransitGateway", "delete_tgw.xml"},
        {"DeleteTransitGatewayVpcAttachment", "delete_att.xml"},
        {"DisableTransitGatewayRouteTablePropagation", "disable_propagation.xml"},
        {"DisassociateTransitGatewayRouteTable", "disassociate.xml"},
        {"DeleteResourceShare", "ram_delete.json"},
        {"DeleteTags", "delete_tags.xml"},
        {"ModifyTransitGateway", "modify_tgw.xml"},
        {"UpdateResourceShare", "ram_update.json"},
    };
    char id[64];
    char *rt = fx_param(body, "TransitGatewayRouteTableId");
    int rtn = s_rt_number(rt);
    free(rt);
    if (strcmp(op, "GetCallerIdentity") == 0)
        return strdup(s_sts_identity);
    if (strcmp(op, "CreateTransitGatewayRouteTable") == 0) {
        snprintf(id, sizeof id, "tgw-rtb-%017d", ++f->n_rt);
        return fx_file_replaced("create_rt.xml", "tgw-rtb-2b45bc295800d4fce", id);
    }
    if (strcmp(op, "CreateSubnet") == 0) {
        snprintf(id, sizeof id, "subnet-%017d", ++f->n_subnet);
        return fx_file_replaced("create_subnet.xml", "subnet-6438d73a0391e7cb3", id);
    }
    if (strcmp(op, "DescribeTransitGatewayRouteTables") == 0)
        return s_rts(f, body);
    if (strcmp(op, "DescribeTransitGateways") == 0)
        return fx_file(f->tgw_gone ? "describe_tgw_deleted.xml" : "describe_tgw.xml");
    if (strcmp(op, "DescribeTransitGatewayVpcAttachments") == 0) {
        char *t = fx_file("describe_att.xml");
        char *out = t && f->att_gone ? fx_replace(t, "<state>available</state>", "<state>deleted</state>") : NULL;
        if (out) {
            free(t);
            return out;
        }
        return t;
    }
    if (strcmp(op, "GetTransitGatewayRouteTableAssociations") == 0 ||
        strcmp(op, "GetTransitGatewayRouteTablePropagations") == 0) {
        bool assoc = strstr(op, "Associations") != NULL;
        char *t = fx_file(assoc ? "get_associations.xml" : "get_propagations.xml");
        if (t && (assoc ? f->assoc_gone : f->prop_gone[rtn])) {
            char *o = fx_replace(t, assoc ? "<state>associated</state>" : "<state>enabled</state>",
                                assoc ? "<state>disassociated</state>" : "<state>disabled</state>");
            free(t);
            t = o;
        }
        return t;
    }
    if (strcmp(op, "GetResourceShares") == 0)
        return fx_file(f->share_gone ? "ram_get_deleted.json" : "ram_get.json");
    if (strcmp(op, "GetResourceShareAssociations") == 0)
        return fx_file(strstr(body, "PRINCIPAL") ? "ram_assoc_principal.json" : "ram_assoc_resource.json");
    if (strcmp(op, "DeleteSubnet") == 0 || strcmp(op, "DeleteVpc") == 0)
        return fx_replace(s_generic_ok, "@OP@", op);
    if (strcmp(op, "TagResource") == 0 || strcmp(op, "UntagResource") == 0)
        return strdup("{}");
    if (strcmp(op, "AssociateResourceShare") == 0 || strcmp(op, "DisassociateResourceShare") == 0)
        return strdup("{\"resourceShareAssociations\": []}");
    /* the world changes */
    if (strcmp(op, "DeleteTransitGateway") == 0)
        f->tgw_gone = true;
    else if (strcmp(op, "DeleteTransitGatewayVpcAttachment") == 0)
        f->att_gone = true;
    else if (strcmp(op, "DeleteResourceShare") == 0)
        f->share_gone = true;
    else if (strcmp(op, "DisassociateTransitGatewayRouteTable") == 0)
        f->assoc_gone = true;
    else if (strcmp(op, "DisableTransitGatewayRouteTablePropagation") == 0)
        f->prop_gone[rtn] = true;
    else if (strcmp(op, "DeleteTransitGatewayRouteTable") == 0) {
        char *r = fx_param(body, "TransitGatewayRouteTableId");
        f->rt_gone[s_rt_number(r)] = true;
        free(r);
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (strcmp(op, files[i].op) == 0)
            return fx_file(files[i].file);
    return NULL;
}

static void s_record(struct phase_ops *rec, const char *op, const char *answer)
{
    for (size_t i = 0; i < rec->n; i++)
        if (strcmp(rec->op[i], op) == 0)
            return;
    if (rec->n < MAX_OPS) {
        rec->op[rec->n] = strdup(op);
        rec->sample[rec->n] = strdup(answer);
        rec->n++;
    }
}

static int s_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    struct fake *f = impl;
    memset(resp, 0, sizeof *resp);
    gc_buf_init(&resp->body, BODY_MAX);
    if (++f->calls > (f->call_limit ? f->call_limit : CALL_LIMIT)) {
        f->runaway = true;
        snprintf(resp->transport_error, sizeof resp->transport_error, "fake: call limit reached");
        return -1;
    }
    char *body = strndup(req->body.ptr ? (const char *)req->body.ptr : "", req->body.len);
    char *op = fx_param(body, "Action");
    if (!op) {
        const char *path = strstr(req->url, "://");
        path = path ? strchr(path + 3, '/') : NULL;
        op = strdup(fx_ram_op(path ? path : "?"));
    }
    char *answer = s_answer(f, op, body);
    if (!answer) {
        printf("# fake: no answer for %s\n", op);
        resp->status = 400;
        gc_buf_append_str(&resp->body, s_unknown_action);
    } else if (f->target && strcmp(op, f->target) == 0 &&
               (!f->variant->max_calls || f->target_calls < f->variant->max_calls)) {
        struct text h = s_hostile(f->variant, answer, ++f->target_calls);
        resp->status = f->variant->status;
        gc_buf_append(&resp->body, h.p, h.len);
        free(h.p);
    } else {
        if (f->record)
            s_record(f->record, op, answer);
        resp->status = 200;
        gc_buf_append_str(&resp->body, answer);
    }
    free(answer);
    free(op);
    free(body);
    return 0;
}

/* ---- clocks ---- */

static int64_t s_now_ms = 1000000;
static int64_t s_op_now(void)
{
    return s_now_ms;
}
static void s_op_sleep(int64_t ms)
{
    s_now_ms += ms;
}

/* ---- crash attribution ---- */

static char s_current[256] = "startup";

static void s_say_current(void)
{
    static const char pre[] = "\n# CRASH while running: ";
    ssize_t w = write(STDOUT_FILENO, pre, sizeof pre - 1);
    w = write(STDOUT_FILENO, s_current, strlen(s_current));
    w = write(STDOUT_FILENO, "\n", 1);
    (void)w;
}

static void s_on_signal(int sig)
{
    s_say_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ---- phases ---- */

enum phase { P_CREATE, P_READ, P_UPDATE, P_DELETE, P_COUNT };
static const char *const s_phase_names[P_COUNT] = {"create", "read", "update", "delete"};

static struct gc_value *s_prior; /* a complete hub, made by a baseline create */

struct outcome {
    int rc;
    bool error_diag;
    bool runaway;
    int calls;
};

/* timeouts { create = update = delete = "1m" }: a wait for a state a hostile answer never reports ends after a
 * few polls */
static struct gc_value *s_short_timeouts(void)
{
    const struct gc_block_def *tb = gc_resource_municipality_hub.block->blocks[0].block;
    struct gc_value *to = gc_value_new_object(tb->type);
    if (to) {
        gc_value_set_string(to, "create", "1m");
        gc_value_set_string(to, "update", "1m");
        gc_value_set_string(to, "delete", "1m");
    }
    return to;
}

/* The create's configuration; `update` changes what changes in place: the name (TGW description, the share's
 * name), a tag (every object re-tagged, the share too) and share_with (one principal for another). */
static struct gc_value *s_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_municipality_hub;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *t = gc_value_new_collection(&gc_type_map_string);
    if (!config || !t) {
        gc_value_free(config);
        gc_value_free(t);
        return NULL;
    }
    gc_value_set_string(config, "municipality", "naruto");
    gc_value_set_string(config, "vpc_cidr", "10.20.0.0/24");
    gc_value_map_put(t, "env", gc_value_new_string(update ? "prod" : "test"));
    gc_value_object_set(config, "tags", t);
    if (update) {
        struct gc_value *share = gc_value_new_collection(&gc_type_set_string);
        gc_value_set_string(config, "name", "naruto-hub-2");
        if (share)
            gc_value_append(share, gc_value_new_string("111122223333")); /* the fixture has 210987654321 */
        gc_value_object_set(config, "share_with", share);
    }
    gc_value_object_set(config, "timeouts", s_short_timeouts());
    return config;
}

/* Runs one phase against the fake. With keep_state, the resulting state is returned in *state. */
static int s_run(enum phase phase, struct fake *f, struct outcome *out, struct gc_value **keep_state)
{
    const struct gc_resource_def *def = &gc_resource_municipality_hub;
    int result = -1;
    struct fake_aws clock;
    struct gc_diags diags;
    struct gc_path_list replace = {0};
    struct gc_value *planned = NULL, *state = NULL, *config = NULL;
    memset(&clock, 0, sizeof clock);
    gc_diags_init(&diags);
    struct gc_aws_client *aws = fake_aws_client(&clock, "ap-northeast-1", "http://fake.test", NULL, 0);
    struct gc_value *defaults = gc_value_new_collection(&gc_type_map_string);
    struct gc_provider prov = {aws, defaults, (char *)"ap-northeast-1"};
    if (!aws || !defaults)
        goto cleanup;
    struct gc_http_transport tr = {s_send, f};
    gc_aws_client_set_transport(aws, &tr);
    gc_value_map_put(defaults, "owner", gc_value_new_string("council"));
    gc_op_set_clock(s_op_now, s_op_sleep);
    if (phase == P_CREATE || phase == P_UPDATE) {
        const struct gc_value *prior = phase == P_UPDATE ? s_prior : NULL;
        if (!(config = s_config(phase == P_UPDATE)) ||
            gc_plan_resource(def, &prov, prior, config, config, &planned, &replace, &diags) != 0) {
            printf("# plan failed: %s\n", diags.n ? diags.items[0].detail : "?");
            goto cleanup;
        }
        if (phase == P_UPDATE && replace.n != 0) {
            printf("# the update plans a replacement\n");
            goto cleanup;
        }
        out->rc = gc_apply_resource(def, &prov, prior, planned, &state, &diags);
    } else if (phase == P_READ) {
        out->rc = gc_read_resource(def, &prov, s_prior, &state, &diags);
    } else {
        out->rc = gc_apply_resource(def, &prov, s_prior, NULL, &state, &diags);
    }
    out->error_diag = gc_diags_has_error(&diags);
    if (getenv("HOSTILE_VERBOSE"))
        for (size_t i = 0; i < diags.n; i++)
            printf("#   diag: %s: %s\n", diags.items[i].summary, diags.items[i].detail ? diags.items[i].detail : "");
    out->runaway = f->runaway;
    out->calls = f->calls;
    if (keep_state) {
        *keep_state = state;
        state = NULL;
    }
    result = 0;
cleanup:
    gc_op_set_clock(NULL, NULL);
    gc_path_list_clean_up(&replace);
    gc_value_free(planned);
    gc_value_free(state);
    gc_value_free(config);
    gc_value_free(defaults);
    gc_diags_clean_up(&diags);
    gc_aws_client_free(aws);
    fake_aws_forget(&clock);
    return result;
}

static struct phase_ops s_ops[P_COUNT];

static void s_ops_clean_up(void)
{
    for (int p = 0; p < P_COUNT; p++) {
        for (size_t i = 0; i < s_ops[p].n; i++) {
            free(s_ops[p].op[i]);
            free(s_ops[p].sample[i]);
        }
        s_ops[p].n = 0;
    }
    gc_value_free(s_prior);
    s_prior = NULL;
}

static bool s_phase_sent(enum phase p, const char *op)
{
    for (size_t i = 0; i < s_ops[p].n; i++)
        if (strcmp(s_ops[p].op[i], op) == 0)
            return true;
    return false;
}

/* The baseline: every phase succeeds against the untouched fake, and records which operations it uses. */
GC_TEST(baseline_phases_succeed)
{
    for (int p = 0; p < P_COUNT; p++) {
        struct fake f;
        memset(&f, 0, sizeof f);
        f.record = &s_ops[p];
        struct outcome o = {0};
        snprintf(s_current, sizeof s_current, "baseline %s", s_phase_names[p]);
        ASSERT_INT_EQ(s_run((enum phase)p, &f, &o, p == P_CREATE ? &s_prior : NULL), 0);
        printf("# baseline %s: rc %d, %d calls, %zu operations\n", s_phase_names[p], o.rc, o.calls, s_ops[p].n);
        ASSERT_INT_EQ(o.rc, 0);
        ASSERT_FALSE(o.error_diag);
        ASSERT_FALSE(o.runaway);
        ASSERT_TRUE(s_ops[p].n >= 5);
    }
    ASSERT_TRUE(s_prior != NULL);
    /* the update really changes things in place, so that hostile answers meet every kind of change */
    static const char *const update_ops[] = {"ModifyTransitGateway", "CreateTags", "TagResource",
                                             "UpdateResourceShare", "AssociateResourceShare",
                                             "DisassociateResourceShare"};
    for (size_t i = 0; i < sizeof update_ops / sizeof update_ops[0]; i++) {
        if (!s_phase_sent(P_UPDATE, update_ops[i]))
            printf("# the update sent no %s\n", update_ops[i]);
        ASSERT_TRUE(s_phase_sent(P_UPDATE, update_ops[i]));
    }
    gc_value_object_set(s_prior, "timeouts", s_short_timeouts());
    const char *id = gc_value_get_string(s_prior, "id");
    ASSERT_TRUE(id && strcmp(id, TGW_ID) == 0);
    ASSERT_TRUE(gc_value_get_string(s_prior, "resource_share_arn") != NULL);
    ASSERT_TRUE(gc_value_get_string(s_prior, "vpc_attachment_id") != NULL);
}

struct tally {
    int runs, ok, failed_cleanly, bad;
    int by_kind_runs[K_COUNT], by_kind_fail[K_COUNT];
    double by_kind_s[K_COUNT];
};

static double s_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void s_one(struct tally *t, enum phase p, const char *op, const struct variant *v)
{
    struct fake f;
    memset(&f, 0, sizeof f);
    f.target = op;
    f.variant = v;
    struct outcome o = {0};
    snprintf(s_current, sizeof s_current, "phase %s, op %s, variant %s #%zu, status %ld", s_phase_names[p], op,
             s_kind_names[v->kind], v->index, v->status);
    if (getenv("HOSTILE_VERBOSE"))
        printf("# %s\n", s_current);
    double t0 = s_seconds();
    int run_rc = s_run(p, &f, &o, NULL);
    t->by_kind_s[v->kind] += s_seconds() - t0;
    if (getenv("HOSTILE_SLOW") && s_seconds() - t0 > 0.5)
        printf("# slow (%.1f s, %d calls): %s\n", s_seconds() - t0, f.calls, s_current);
    t->runs++;
    t->by_kind_runs[v->kind]++;
    bool good = run_rc == 0 && !o.runaway && (o.rc == 0 || o.error_diag);
    if (!good) {
        t->bad++;
        if (t->bad <= 20)
            printf("# BAD: %s: rc %d, error diag %d, runaway %d, %d calls\n", s_current, o.rc, o.error_diag,
                   o.runaway, o.calls);
    } else if (o.rc == 0) {
        t->ok++;
    } else {
        t->failed_cleanly++;
        t->by_kind_fail[v->kind]++;
    }
}

static struct tally s_tally;

static void s_phase_hostile(enum phase p, bool random)
{
    for (size_t i = 0; i < s_ops[p].n; i++) {
        const char *op = s_ops[p].op[i];
        const char *sample = s_ops[p].sample[i];
        if (random) {
            size_t n_random = getenv("HOSTILE_RANDOM") ? strtoul(getenv("HOSTILE_RANDOM"), NULL, 10) : N_RANDOM;
            for (size_t seed = 1; seed <= n_random; seed++) {
                struct variant v = {K_RANDOM, seed + 1000 * (size_t)p + 100000 * i, 200, 0};
                s_one(&s_tally, p, op, &v);
            }
            continue;
        }
        bool json = sample[0] == '{';
        size_t n = json ? s_json_count(sample, strlen(sample)) : s_xml_count(sample, strlen(sample));
        for (int k = K_REMOVE; k <= K_DUP; k++)
            for (size_t e = 0; e < n; e++) {
                struct variant v = {(enum kind)k, e, 200, 0};
                s_one(&s_tally, p, op, &v);
            }
        for (int k = K_HALF; k < K_RANDOM; k++) {
            if (k == K_TOKEN_COUNTING)
                continue; /* endless_next_token_is_bounded */
            long status = k == K_400_EMPTY || k == K_400_HALF_ERROR ? 400 : k == K_500_GARBAGE ? 500 : 200;
            /* a delete deletes and waits for every one of 1000 (equal) listed objects: 1000 waits each parsing
             * 1000 items is quadratic and slow under ASan, so there only the first answer has 1000 items */
            int max_calls = k == K_MANY_ITEMS && p == P_DELETE ? 1 : 0;
            struct variant v = {(enum kind)k, 0, status, max_calls};
            s_one(&s_tally, p, op, &v);
        }
    }
}

static void s_summary(const char *what, const struct tally *before)
{
    printf("# %s: %d runs, %d succeeded, %d failed with a diagnostic, %d bad\n", what,
           s_tally.runs - before->runs, s_tally.ok - before->ok, s_tally.failed_cleanly - before->failed_cleanly,
           s_tally.bad - before->bad);
}

GC_TEST(hostile_table_every_phase)
{
    ASSERT_TRUE(s_prior != NULL);
    for (int p = 0; p < P_COUNT; p++) {
        struct tally before = s_tally;
        s_phase_hostile((enum phase)p, false);
        char what[64];
        snprintf(what, sizeof what, "table, %s (%zu operations)", s_phase_names[p], s_ops[p].n);
        s_summary(what, &before);
    }
    ASSERT_INT_EQ(s_tally.bad, 0);
    ASSERT_TRUE(s_tally.runs > 500);
    ASSERT_TRUE(s_tally.failed_cleanly > 0); /* the variants do bite */
}

GC_TEST(hostile_random_mutations)
{
    ASSERT_TRUE(s_prior != NULL);
    int bad_before = s_tally.bad;
    for (int p = 0; p < P_COUNT; p++) {
        struct tally before = s_tally;
        s_phase_hostile((enum phase)p, true);
        char what[64];
        snprintf(what, sizeof what, "random, %s", s_phase_names[p]);
        s_summary(what, &before);
    }
    for (int k = 0; k < K_COUNT; k++)
        if (s_tally.by_kind_runs[k])
            printf("# variant %-13s %5d runs, %5d failed with a diagnostic, %.1f s\n", s_kind_names[k],
                   s_tally.by_kind_runs[k], s_tally.by_kind_fail[k], s_tally.by_kind_s[k]);
    ASSERT_INT_EQ(s_tally.bad, bad_before);
}

/* A NextToken that changes on every page: each pager gives up after its page limit (10000 in gc_ec2_hub.c and
 * gc_ram.c) with an error, rather than paging forever. */
GC_TEST(endless_next_token_is_bounded)
{
    static const struct {
        enum phase phase;
        const char *op;
    } cases[] = {
        {P_READ, "DescribeTransitGatewayVpcAttachments"},
        {P_READ, "GetResourceShareAssociations"},
    };
    ASSERT_TRUE(s_prior != NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fake f;
        memset(&f, 0, sizeof f);
        struct variant v = {K_TOKEN_COUNTING, 0, 200, 0};
        f.target = cases[i].op;
        f.variant = &v;
        f.call_limit = 25000;
        struct outcome o = {0};
        snprintf(s_current, sizeof s_current, "endless NextToken, %s", cases[i].op);
        ASSERT_INT_EQ(s_run(cases[i].phase, &f, &o, NULL), 0);
        printf("# endless NextToken on %s: rc %d after %d calls (%d of them pages)\n", cases[i].op, o.rc, o.calls,
               f.target_calls);
        ASSERT_TRUE(o.rc != 0);
        ASSERT_TRUE(o.error_diag);
        ASSERT_FALSE(o.runaway);
        ASSERT_TRUE(f.target_calls <= 10001);
    }
}

/* The mutators themselves: removing an element / key really removes it. */
GC_TEST(mutators_do_what_they_say)
{
    const char *x = "<R><a>1</a><b><item><c>2</c></item></b><d/></R>";
    ASSERT_INT_EQ(s_xml_count(x, strlen(x)), 6);
    struct variant rm = {K_REMOVE, 2, 200, 0}, empty = {K_EMPTY, 2, 200, 0}, many = {K_MANY_ITEMS, 0, 200, 0};
    struct text t = s_hostile(&rm, x, 1);
    ASSERT_STR_EQ(t.p, "<R><a>1</a><d/></R>");
    free(t.p);
    t = s_hostile(&empty, x, 1);
    ASSERT_STR_EQ(t.p, "<R><a>1</a><b/><d/></R>");
    free(t.p);
    t = s_hostile(&many, x, 1);
    ASSERT_INT_EQ(t.len, strlen(x) + 1000 * strlen("<item><c>2</c></item>"));
    free(t.p);
    const char *j = "{\"a\": 1, \"b\": {\"c\": [1, 2]}, \"d\": \"x\"}";
    ASSERT_INT_EQ(s_json_count(j, strlen(j)), 4);
    struct variant jrm = {K_REMOVE, 1, 200, 0}, jlast = {K_REMOVE, 3, 200, 0};
    t = s_hostile(&jrm, j, 1);
    ASSERT_STR_EQ(t.p, "{\"a\": 1, \"d\": \"x\"}");
    free(t.p);
    t = s_hostile(&jlast, j, 1);
    ASSERT_STR_EQ(t.p, "{\"a\": 1, \"b\": {\"c\": [1, 2]}}");
    free(t.p);
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    FILE *probe = fopen("create_tgw.xml", "rb");
    if (!probe) {
        printf("Bail out! fixtures not found: run in tests/unit/aws/ec2-fixtures\n");
        return 1;
    }
    fclose(probe);
    signal(SIGSEGV, s_on_signal);
    signal(SIGBUS, s_on_signal);
    signal(SIGABRT, s_on_signal);
    signal(SIGFPE, s_on_signal);
#ifdef S_HAVE_SANITIZER
    __sanitizer_set_death_callback(s_say_current);
#endif
    static const struct gc_test_case cases[] = {
        GC_CASE(mutators_do_what_they_say),
        GC_CASE(baseline_phases_succeed),
        GC_CASE(hostile_table_every_phase),
        GC_CASE(hostile_random_mutations),
        GC_CASE(endless_next_token_is_bounded),
    };
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    s_ops_clean_up();
    snprintf(s_current, sizeof s_current, "exit (after all cases)");
    return rc;
}
