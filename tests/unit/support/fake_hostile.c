/* The hostile-answer generators (see fake_hostile.h). Test-only code; the scanners are naive on purpose: they
 * only ever see the recorded fixtures, which are well-formed. */
#include "fake_hostile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text helpers ---- */

static struct fh_text s_splice(const char *t, size_t len, size_t a, size_t b, const char *mid, size_t mid_len)
{
    struct fh_text out = {malloc(len - (b - a) + mid_len + 1), 0};
    memcpy(out.p, t, a);
    memcpy(out.p + a, mid, mid_len);
    memcpy(out.p + a + mid_len, t + b, len - b);
    out.len = len - (b - a) + mid_len;
    out.p[out.len] = '\0';
    return out;
}

static struct fh_text s_dup_text(const char *s)
{
    struct fh_text t = {strdup(s), strlen(s)};
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

size_t fh_xml_count(const char *t, size_t len)
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

size_t fh_json_count(const char *t, size_t len)
{
    size_t n = 0, a, b, c;
    while (s_json_key(t, len, n, &a, &b, &c))
        n++;
    return n;
}

/* ---- variants ---- */

static const char *const s_kind_names[FH_COUNT] = {
    "remove",      "empty",        "duplicate",  "half",          "empty-body",   "garbage", "html",
    "huge-text",   "deep",         "wrong-types", "letters",      "negative",     "1000-items", "token-repeats",
    "token-counts", "400-empty",   "500-garbage", "400-cut-error", "other-syntax", "random"};

const char *fh_kind_name(enum fh_kind kind)
{
    return kind < FH_COUNT ? s_kind_names[kind] : "?";
}

long fh_kind_status(enum fh_kind kind)
{
    if (kind == FH_400_EMPTY || kind == FH_400_HALF_ERROR)
        return 400;
    return kind == FH_500_GARBAGE ? 500 : 200;
}

size_t fh_count(const char *text)
{
    size_t len = strlen(text);
    return text[0] == '{' || text[0] == '[' ? fh_json_count(text, len) : fh_xml_count(text, len);
}

static uint64_t s_rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static struct fh_text s_random_mutation(const char *t, size_t len, uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    struct fh_text out = {malloc(len + 1), len};
    memcpy(out.p, t, len);
    out.p[len] = '\0';
    int edits = 1 + (int)(s_rng(&s) % 4);
    for (int e = 0; e < edits && out.len > 0; e++) {
        size_t at = s_rng(&s) % out.len;
        unsigned what = (unsigned)(s_rng(&s) % 5);
        static const char interesting[] = "<>/&\"'\\{}[]:,\0\xff";
        char c = (s_rng(&s) & 1) ? (char)(s_rng(&s) & 0xff) : interesting[s_rng(&s) % (sizeof interesting - 1)];
        struct fh_text next;
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
static struct fh_text s_all_leaves(const char *t, size_t len, bool json, bool (*pick)(const char *, size_t),
                                const char *with)
{
    struct fh_text cur = {strndup(t, len), len};
    size_t n = json ? fh_json_count(t, len) : fh_xml_count(t, len);
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
        struct fh_text next = s_splice(cur.p, cur.len, b, c, with, strlen(with));
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
struct fh_text fh_apply(const struct fh_variant *v, const char *t, int call_no)
{
    size_t len = strlen(t);
    bool json = t[0] == '{' || t[0] == '[';
    struct span sp;
    size_t a, b, c;
    char buf[128];
    switch (v->kind) {
    case FH_REMOVE:
    case FH_EMPTY:
    case FH_DUP:
        if (json) {
            if (!s_json_key(t, len, v->index, &a, &b, &c))
                return s_dup_text(t);
            if (v->kind == FH_EMPTY)
                return s_splice(t, len, b, c, "null", 4);
            if (v->kind == FH_DUP) {
                struct fh_text pair = {strndup(t + a, c - a), c - a};
                struct fh_text out = s_splice(t, len, a, a, pair.p, pair.len);
                struct fh_text out2 = s_splice(out.p, out.len, a + pair.len, a + pair.len, ", ", 2);
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
        if (v->kind == FH_REMOVE)
            return s_splice(t, len, sp.start, sp.end, "", 0);
        if (v->kind == FH_EMPTY) {
            size_t nl = strcspn(t + sp.start + 1, " />");
            snprintf(buf, sizeof buf, "<%.*s/>", (int)(nl < 100 ? nl : 100), t + sp.start + 1);
            return s_splice(t, len, sp.start, sp.end, buf, strlen(buf));
        } else {
            char *el = strndup(t + sp.start, sp.end - sp.start);
            struct fh_text out = s_splice(t, len, sp.start, sp.start, el, sp.end - sp.start);
            free(el);
            return out;
        }
    case FH_HALF:
        return s_splice(t, len, len / 2, len, "", 0);
    case FH_EMPTY_BODY:
    case FH_400_EMPTY:
        return s_dup_text("");
    case FH_GARBAGE:
    case FH_500_GARBAGE:
        return s_dup_text("\x01\x02garbage \xff\xfe{[<<not an answer>>]} ;;\"\\");
    case FH_HTML:
        return s_dup_text("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway"
                          "</h1><p>The proxy received an invalid response<br></body></html>");
    case FH_400_HALF_ERROR:
        return s_dup_text("<?xml version=\"1.0\"?><Response><Errors><Error><Code>Invalid");
    case FH_OTHER_SYNTAX:
        return s_dup_text(json ? "<?xml version=\"1.0\"?><Response><Errors><Error><Code>X</Code></Error></Errors>"
                                 "</Response>"
                               : "{\"__type\": \"X\", \"message\": [1, {\"a\": null}]}");
    case FH_HUGE_TEXT: {
        size_t huge = 1 << 20;
        char *fill = malloc(huge + 1);
        memset(fill, 'A', huge);
        fill[huge] = '\0';
        struct fh_text out;
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
    case FH_DEEP: {
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
        struct fh_text out = s_splice(t, len, at, at, deep, n);
        free(deep);
        return out;
    }
    case FH_WRONG_TYPES:
        return s_all_leaves(t, len, json, s_is_number, json ? "\"12ab\"" : "12ab");
    case FH_LETTERS:
        return s_all_leaves(t, len, json, s_is_scalar, json ? "{\"x\": [true]}" : "x&amp;y<![CDATA[ z ]]>");
    case FH_NEGATIVE:
        return s_all_leaves(t, len, json, s_any, json ? "-99999999999999999999999" : "-99999999999999999999999");
    case FH_MANY_ITEMS: {
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
        struct fh_text out = s_splice(t, len, s0, s0, many, one * n);
        free(many);
        return out;
    }
    case FH_TOKEN_SAME:
    case FH_TOKEN_COUNTING:
        /* JSON: both spellings, as RAM pages with nextToken and the JSON 1.1 services (PCA) with NextToken; the
         * other one is an unknown member and ignored */
        if (v->kind == FH_TOKEN_SAME && json)
            snprintf(buf, sizeof buf, "\"nextToken\": \"again\", \"NextToken\": \"again\", ");
        else if (v->kind == FH_TOKEN_SAME)
            snprintf(buf, sizeof buf, "<nextToken>again</nextToken>");
        else if (json)
            snprintf(buf, sizeof buf, "\"nextToken\": \"t%d\", \"NextToken\": \"t%d\", ", call_no, call_no);
        else
            snprintf(buf, sizeof buf, "<nextToken>t%d</nextToken>", call_no);
        if (json)
            return t[0] == '{' ? s_splice(t, len, 1, 1, buf, strlen(buf)) : s_dup_text(t);
        const char *close = NULL;
        for (const char *p = strstr(t, "</"); p; p = strstr(p + 2, "</"))
            close = p;
        return close ? s_splice(t, len, (size_t)(close - t), (size_t)(close - t), buf, strlen(buf)) : s_dup_text(t);
    case FH_RANDOM:
        return s_random_mutation(t, len, v->index);
    case FH_COUNT:
        break;
    }
    return s_dup_text(t);
}
