/* The XML reader and escaping (see gc_xml.h).
 *
 * The parse runs twice over the same input with the same steps: first counting the nodes and the bytes of names
 * and texts the document needs (nothing is written), then filling the one allocation made from those counts. So a
 * malformed answer costs no allocation, and a document is freed with one free(). */
#include "aws/gc_xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct gc_xml_doc {
    struct gc_xml_node *root;
    struct gc_xml_node nodes[]; /* then the names' and texts' characters */
};

/* An element being read: its qualified name as written (its end tag must repeat it) and, while filling, its node
 * and last child. Whether the last child is a text is kept in both runs (the next text then extends it). */
struct s_open {
    const uint8_t *qname;
    size_t qlen;
    struct gc_xml_node *node;
    struct gc_xml_node *last;
    bool last_is_text;
};

struct s_parser {
    const uint8_t *p, *end;
    size_t depth;
    struct s_open open[GC_XML_MAX_DEPTH];
    struct gc_xml_node *nodes; /* NULL while counting */
    char *chars;
    size_t n_nodes, n_chars;     /* used so far */
    size_t cap_nodes, cap_chars; /* while filling: what the counting run found */
    struct gc_xml_node *root;
};

/* ---- characters ---- */

static bool s_is_xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

/* The code point of the UTF-8 sequence at `p` (`left` bytes readable) and its length in *n; -1 if it is not valid
 * UTF-8 (a stray or missing continuation byte, an overlong form, a surrogate, past U+10FFFF) or not an XML Char. */
static int32_t s_char(const uint8_t *p, size_t left, size_t *n)
{
    uint32_t c = p[0], min;
    size_t len;
    if (c < 0x80) {
        len = 1;
        min = 0;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2;
        c &= 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        c &= 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return -1;
    }
    if (len > left)
        return -1;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        c = c << 6 | (p[i] & 0x3F);
    }
    if (c < min || !s_is_xml_char(c))
        return -1;
    *n = len;
    return (int32_t)c;
}

static bool s_in(int32_t c, int32_t lo, int32_t hi)
{
    return c >= lo && c <= hi;
}

/* XML 1.0 (fifth edition) NameStartChar and NameChar. */
static bool s_name_start(int32_t c)
{
    return c == ':' || c == '_' || s_in(c, 'A', 'Z') || s_in(c, 'a', 'z') || s_in(c, 0xC0, 0xD6) ||
           s_in(c, 0xD8, 0xF6) || s_in(c, 0xF8, 0x2FF) || s_in(c, 0x370, 0x37D) || s_in(c, 0x37F, 0x1FFF) ||
           s_in(c, 0x200C, 0x200D) || s_in(c, 0x2070, 0x218F) || s_in(c, 0x2C00, 0x2FEF) || s_in(c, 0x3001, 0xD7FF) ||
           s_in(c, 0xF900, 0xFDCF) || s_in(c, 0xFDF0, 0xFFFD) || s_in(c, 0x10000, 0xEFFFF);
}

static bool s_name_char(int32_t c)
{
    return s_name_start(c) || c == '-' || c == '.' || s_in(c, '0', '9') || c == 0xB7 || s_in(c, 0x300, 0x36F) ||
           s_in(c, 0x203F, 0x2040);
}

/* `c` (a valid code point) as UTF-8 in out; its length. */
static size_t s_utf8(uint32_t c, uint8_t out[4])
{
    if (c < 0x80) {
        out[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (uint8_t)(0xC0 | c >> 6);
        out[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (uint8_t)(0xE0 | c >> 12);
        out[1] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
        out[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | c >> 18);
    out[1] = (uint8_t)(0x80 | (c >> 12 & 0x3F));
    out[2] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
    out[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

/* ---- input ---- */

static bool s_at(const struct s_parser *ps, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, lit, n) == 0;
}

static bool s_skip(struct s_parser *ps, const char *lit)
{
    if (!s_at(ps, lit))
        return false;
    ps->p += strlen(lit);
    return true;
}

static bool s_is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips white space; how much. */
static size_t s_ws(struct s_parser *ps)
{
    const uint8_t *start = ps->p;
    while (ps->p < ps->end && s_is_space(*ps->p))
        ps->p++;
    return (size_t)(ps->p - start);
}

/* Steps over one character that must be a valid XML Char; its code point, or -1. */
static int32_t s_next(struct s_parser *ps)
{
    size_t n = 0;
    int32_t c = ps->p < ps->end ? s_char(ps->p, (size_t)(ps->end - ps->p), &n) : -1;
    ps->p += n;
    return c;
}

/* A Name at the cursor, stepped over: its length, 0 if there is none. */
static size_t s_name(struct s_parser *ps)
{
    const uint8_t *start = ps->p;
    for (bool first = true; ps->p < ps->end; first = false) {
        size_t n = 0;
        int32_t c = s_char(ps->p, (size_t)(ps->end - ps->p), &n);
        if (c < 0 || !(first ? s_name_start(c) : s_name_char(c)))
            break;
        ps->p += n;
    }
    return (size_t)(ps->p - start);
}

/* A reference after its '&', stepped over: the character it stands for as UTF-8 in out and its length; 0 if it is
 * neither one of the five predefined entities nor a character reference to an XML Char (no other entity exists:
 * a DOCTYPE, which could declare one, is refused). */
static size_t s_reference(struct s_parser *ps, uint8_t out[4])
{
    static const struct {
        const char *name;
        uint8_t c;
    } predefined[] = {{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"apos;", '\''}, {"quot;", '"'}};
    for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++) {
        if (s_skip(ps, predefined[i].name)) {
            out[0] = predefined[i].c;
            return 1;
        }
    }
    if (!s_skip(ps, "#"))
        return 0;
    uint32_t base = s_skip(ps, "x") ? 16 : 10, v = 0;
    size_t digits = 0;
    for (; ps->p < ps->end && *ps->p != ';'; ps->p++, digits++) {
        uint8_t ch = *ps->p;
        uint32_t d;
        if (ch >= '0' && ch <= '9')
            d = ch - '0';
        else if (base == 16 && ch >= 'a' && ch <= 'f')
            d = ch - 'a' + 10;
        else if (base == 16 && ch >= 'A' && ch <= 'F')
            d = ch - 'A' + 10;
        else
            return 0;
        v = v * base + d;
        if (v > 0x10FFFF)
            return 0;
    }
    if (digits == 0 || !s_skip(ps, ";") || !s_is_xml_char(v))
        return 0;
    return s_utf8(v, out);
}

/* ---- output (counted in the first run, written in the second) ---- */

/* Appends `len` bytes and a NUL to the characters; where they start (NULL while counting), or NULL with *ok false
 * past the counted size. */
static char *s_put(struct s_parser *ps, const void *bytes, size_t len, bool *ok)
{
    char *at = NULL;
    if (ps->nodes) {
        if (len >= ps->cap_chars - ps->n_chars) {
            *ok = false;
            return NULL;
        }
        at = ps->chars + ps->n_chars;
        memcpy(at, bytes, len);
        at[len] = '\0';
    }
    ps->n_chars += len + 1;
    return at;
}

/* A new node linked as the last child of the innermost open element (or as the root). 0, or -1 past the count. */
static int s_add(struct s_parser *ps, enum gc_xml_type type, const char *name, const char *content)
{
    struct gc_xml_node *n = NULL;
    if (ps->nodes) {
        if (ps->n_nodes == ps->cap_nodes)
            return -1;
        n = &ps->nodes[ps->n_nodes];
        *n = (struct gc_xml_node){.type = type, .name = name, .content = content};
    }
    ps->n_nodes++;
    if (ps->depth == 0) {
        ps->root = n;
        return 0;
    }
    struct s_open *o = &ps->open[ps->depth - 1];
    if (n && o->last)
        o->last->next = n;
    else if (n)
        o->node->children = n;
    o->last = n;
    o->last_is_text = type == GC_XML_TEXT;
    return 0;
}

/* Text inside the innermost open element: extends its last child when that is a text (nothing was written to the
 * characters since: an element in between would be the last child), else a new text node. */
static int s_text(struct s_parser *ps, const void *bytes, size_t len)
{
    bool ok = true;
    if (len == 0)
        return 0;
    if (ps->open[ps->depth - 1].last_is_text) {
        ps->n_chars--; /* over the NUL */
        s_put(ps, bytes, len, &ok);
        return ok ? 0 : -1;
    }
    char *content = s_put(ps, bytes, len, &ok);
    return ok ? s_add(ps, GC_XML_TEXT, NULL, content) : -1;
}

/* ---- markup ---- */

/* The rest of a comment after "<!--": "--" only in its closing "-->". */
static int s_comment(struct s_parser *ps)
{
    while (!s_at(ps, "--")) {
        if (s_next(ps) < 0)
            return -1;
    }
    return s_skip(ps, "-->") ? 0 : -1;
}

/* The rest of a processing instruction after "<?": a target other than "xml" in any case, then up to "?>". */
static int s_pi(struct s_parser *ps)
{
    const uint8_t *target = ps->p;
    size_t n = s_name(ps);
    if (n == 0 || (n == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' && (target[2] | 0x20) == 'l'))
        return -1;
    if (s_skip(ps, "?>"))
        return 0;
    if (s_ws(ps) == 0)
        return -1;
    while (!s_skip(ps, "?>")) {
        if (s_next(ps) < 0)
            return -1;
    }
    return 0;
}

/* A quoted attribute value, stepped over (checked, not kept): no '<', references well-formed. */
static int s_attribute_value(struct s_parser *ps)
{
    uint8_t quote = ps->p < ps->end ? *ps->p : 0, ref[4];
    if (quote != '"' && quote != '\'')
        return -1;
    ps->p++;
    while (ps->p < ps->end && *ps->p != quote) {
        if (*ps->p == '<')
            return -1;
        if (*ps->p == '&') {
            ps->p++;
            if (s_reference(ps, ref) == 0)
                return -1;
        } else if (s_next(ps) < 0) {
            return -1;
        }
    }
    return s_skip(ps, quote == '"' ? "\"" : "'") ? 0 : -1;
}

/* The XML declaration after "<?xml": version, encoding and standalone, the encoding (if given) UTF-8. */
static int s_declaration(struct s_parser *ps)
{
    while (!s_skip(ps, "?>")) {
        if (s_ws(ps) == 0)
            return -1;
        if (s_skip(ps, "?>"))
            return 0;
        const uint8_t *name = ps->p;
        size_t n = s_name(ps);
        bool encoding = n == 8 && memcmp(name, "encoding", 8) == 0;
        if (!encoding && !(n == 7 && memcmp(name, "version", 7) == 0) &&
            !(n == 10 && memcmp(name, "standalone", 10) == 0))
            return -1;
        s_ws(ps);
        if (!s_skip(ps, "="))
            return -1;
        s_ws(ps);
        const uint8_t *quoted = ps->p;
        if (s_attribute_value(ps) != 0)
            return -1;
        size_t len = (size_t)(ps->p - quoted) - 2; /* without the quotes */
        if (encoding && !(len == 5 && strncasecmp((const char *)quoted + 1, "UTF-8", 5) == 0))
            return -1;
    }
    return 0;
}

/* White space, comments and processing instructions (before and after the root element). */
static int s_misc(struct s_parser *ps)
{
    for (;;) {
        s_ws(ps);
        int rc;
        if (s_skip(ps, "<!--"))
            rc = s_comment(ps);
        else if (s_skip(ps, "<?"))
            rc = s_pi(ps);
        else
            return 0;
        if (rc != 0)
            return -1;
    }
}

/* Opens an element named `qname` (its local name is kept) in the innermost open one. */
static int s_open_element(struct s_parser *ps, const uint8_t *qname, size_t qlen)
{
    const uint8_t *colon = memchr(qname, ':', qlen), *local = qname;
    for (const uint8_t *c = colon; c; c = memchr(c + 1, ':', qlen - (size_t)(c + 1 - qname)))
        local = c + 1;
    size_t llen = qlen - (size_t)(local - qname);
    bool ok = true;
    if (ps->depth == GC_XML_MAX_DEPTH || llen == 0 || colon == qname)
        return -1;
    const char *name = s_put(ps, local, llen, &ok);
    if (!ok || s_add(ps, GC_XML_ELEMENT, name, NULL) != 0)
        return -1;
    ps->open[ps->depth++] = (struct s_open){
        .qname = qname,
        .qlen = qlen,
        .node = ps->nodes ? &ps->nodes[ps->n_nodes - 1] : NULL,
    };
    return 0;
}

/* A start tag after its '<': the name, attributes (checked, unique, then dropped), '>' or "/>". */
static int s_start_tag(struct s_parser *ps)
{
    const uint8_t *qname = ps->p;
    size_t qlen = s_name(ps), n_attrs = 0;
    struct gc_span attrs[GC_XML_MAX_ATTRS];
    if (qlen == 0)
        return -1;
    for (;;) {
        size_t ws = s_ws(ps);
        if (s_skip(ps, "/>")) {
            if (s_open_element(ps, qname, qlen) != 0)
                return -1;
            ps->depth--;
            return 0;
        }
        if (s_skip(ps, ">"))
            return s_open_element(ps, qname, qlen);
        if (ws == 0 || n_attrs == GC_XML_MAX_ATTRS)
            return -1;
        struct gc_span name = {.ptr = ps->p};
        name.len = s_name(ps);
        if (name.len == 0)
            return -1;
        for (size_t i = 0; i < n_attrs; i++) {
            if (gc_span_eq(attrs[i], name))
                return -1;
        }
        attrs[n_attrs++] = name;
        s_ws(ps);
        if (!s_skip(ps, "="))
            return -1;
        s_ws(ps);
        if (s_attribute_value(ps) != 0)
            return -1;
    }
}

/* An end tag after "</": the innermost open element's name as written. */
static int s_end_tag(struct s_parser *ps)
{
    const struct s_open *o = &ps->open[ps->depth - 1];
    const uint8_t *name = ps->p;
    size_t n = s_name(ps);
    s_ws(ps);
    if (n != o->qlen || memcmp(name, o->qname, n) != 0 || !s_skip(ps, ">"))
        return -1;
    ps->depth--;
    return 0;
}

/* Characters up to `stop` ("<" for character data, where '&' starts a reference and "]]>" may not appear;
 * "]]>" for CDATA), line ends normalised: "\r\n" and a lone '\r' become "\n". */
static int s_characters(struct s_parser *ps, const char *stop)
{
    bool cdata = stop[0] == ']';
    while (ps->p < ps->end && !s_at(ps, stop)) {
        const uint8_t *run = ps->p;
        uint8_t ref[4];
        while (ps->p < ps->end && *ps->p != '\r' && !s_at(ps, stop) && (cdata || *ps->p != '&')) {
            if ((!cdata && s_at(ps, "]]>")) || s_next(ps) < 0)
                return -1;
        }
        if (s_text(ps, run, (size_t)(ps->p - run)) != 0)
            return -1;
        if (s_skip(ps, "\r")) {
            s_skip(ps, "\n");
            if (s_text(ps, "\n", 1) != 0)
                return -1;
        } else if (!cdata && s_skip(ps, "&")) {
            size_t n = s_reference(ps, ref);
            if (n == 0 || s_text(ps, ref, n) != 0)
                return -1;
        }
    }
    return 0;
}

static int s_document(struct s_parser *ps)
{
    s_skip(ps, "\xEF\xBB\xBF"); /* a byte order mark */
    if (s_at(ps, "<?xml") && ps->end - ps->p > 5 && s_is_space(ps->p[5])) {
        ps->p += 5;
        if (s_declaration(ps) != 0)
            return -1;
    }
    /* a DOCTYPE ("<!DOCTYPE") or text before the root is no start tag */
    if (s_misc(ps) != 0 || !s_skip(ps, "<") || s_start_tag(ps) != 0)
        return -1;
    while (ps->depth > 0) {
        int rc;
        if (ps->p == ps->end)
            return -1;
        if (s_skip(ps, "</"))
            rc = s_end_tag(ps);
        else if (s_skip(ps, "<!--"))
            rc = s_comment(ps);
        else if (s_skip(ps, "<![CDATA["))
            rc = s_characters(ps, "]]>") != 0 || !s_skip(ps, "]]>") ? -1 : 0;
        else if (s_skip(ps, "<?"))
            rc = s_pi(ps);
        else if (s_skip(ps, "<"))
            rc = s_start_tag(ps); /* "<!" of anything else (a DOCTYPE) is no name: refused */
        else
            rc = s_characters(ps, "<");
        if (rc != 0)
            return -1;
    }
    if (s_misc(ps) != 0)
        return -1;
    return ps->p == ps->end ? 0 : -1;
}

/* One run over `body` (not empty): counting when `nodes` is NULL, else filling nodes and chars. */
static int s_run(struct s_parser *ps, struct gc_span body, struct gc_xml_node *nodes, size_t cap_nodes, char *chars,
                 size_t cap_chars)
{
    *ps = (struct s_parser){
        .p = body.ptr,
        .end = body.ptr + body.len,
        .nodes = nodes,
        .chars = chars,
        .cap_nodes = cap_nodes,
        .cap_chars = cap_chars,
    };
    return s_document(ps);
}

struct gc_xml_doc *gc_xml_parse(struct gc_span body)
{
    struct gc_xml_doc *doc = NULL;
    struct s_parser ps;
    if (!body.ptr || body.len == 0 || body.len > GC_XML_MAX_BYTES || s_run(&ps, body, NULL, 0, NULL, 0) != 0)
        goto cleanup;
    size_t n_nodes = ps.n_nodes, n_chars = ps.n_chars;
    /* both are a small multiple of the input's size at most (GC_XML_MAX_BYTES): no overflow */
    doc = malloc(sizeof *doc + n_nodes * sizeof doc->nodes[0] + n_chars);
    if (!doc)
        goto cleanup;
    if (s_run(&ps, body, doc->nodes, n_nodes, (char *)&doc->nodes[n_nodes], n_chars) != 0 || ps.n_nodes != n_nodes ||
        ps.n_chars != n_chars || !ps.root) {
        free(doc); /* cannot happen: both runs take the same steps */
        doc = NULL;
        goto cleanup;
    }
    doc->root = ps.root;
cleanup:
    return doc;
}

void gc_xml_free_doc(struct gc_xml_doc *doc)
{
    free(doc);
}

struct gc_xml_node *gc_xml_root(struct gc_xml_doc *doc)
{
    return doc ? doc->root : NULL;
}

/* ---- reading ---- */

/* Bytes of text in `node` and its descendants (depth is bounded by GC_XML_MAX_DEPTH). */
static size_t s_content_len(const struct gc_xml_node *node)
{
    if (node->type == GC_XML_TEXT)
        return strlen(node->content);
    size_t n = 0;
    for (const struct gc_xml_node *c = node->children; c; c = c->next)
        n += s_content_len(c);
    return n;
}

static char *s_content_copy(const struct gc_xml_node *node, char *out)
{
    if (node->type == GC_XML_TEXT) {
        size_t n = strlen(node->content);
        memcpy(out, node->content, n);
        return out + n;
    }
    for (const struct gc_xml_node *c = node->children; c; c = c->next)
        out = s_content_copy(c, out);
    return out;
}

char *gc_xml_content(const struct gc_xml_node *node)
{
    char *out = node ? malloc(s_content_len(node) + 1) : NULL;
    if (out)
        *s_content_copy(node, out) = '\0';
    return out;
}

static bool s_name_is(const struct gc_xml_node *n, const char *name)
{
    return n && n->type == GC_XML_ELEMENT && strcmp(n->name, name) == 0;
}

struct gc_xml_node *gc_xml_child(const struct gc_xml_node *node, const char *name)
{
    if (!node || !name)
        return NULL;
    for (struct gc_xml_node *c = node->children; c; c = c->next) {
        if (s_name_is(c, name))
            return c;
    }
    return NULL;
}

struct gc_xml_node *gc_xml_path(const struct gc_xml_node *node, const char *path)
{
    if (!node || !path)
        return NULL;
    const struct gc_xml_node *cur = node;
    const char *p = path;
    char name[256];
    while (*p && cur) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n >= sizeof name)
            return NULL;
        if (n > 0) {
            memcpy(name, p, n);
            name[n] = '\0';
            cur = gc_xml_child(cur, name);
        }
        p += n;
        if (*p == '/')
            p++;
    }
    return (struct gc_xml_node *)cur;
}

struct gc_xml_node *gc_xml_next(const struct gc_xml_node *node)
{
    if (!node || node->type != GC_XML_ELEMENT)
        return NULL;
    for (struct gc_xml_node *c = node->next; c; c = c->next) {
        if (s_name_is(c, node->name))
            return c;
    }
    return NULL;
}

char *gc_xml_text(const struct gc_xml_node *node, const char *path)
{
    const struct gc_xml_node *n = (path && *path) ? gc_xml_path(node, path) : node;
    return n ? gc_xml_content(n) : NULL;
}

int gc_xml_text_eq(const struct gc_xml_node *node, const char *path, const char *expected)
{
    char *t = gc_xml_text(node, path);
    int eq = t && expected && strcmp(t, expected) == 0;
    free(t);
    return eq;
}

/* ---- writing ---- */

int gc_xml_escape(struct gc_buf *out, const char *text, bool attribute)
{
    int rc = 0;
    const char *run = text;
    for (const char *p = text; rc == 0 && *p; p++) {
        const char *ref = NULL;
        switch (*p) {
        case '&':
            ref = "&amp;";
            break;
        case '<':
            ref = "&lt;";
            break;
        case '>':
            ref = "&gt;";
            break;
        case '"':
            ref = "&quot;";
            break;
        case '\r':
            ref = "&#13;";
            break;
        case '\n':
            ref = attribute ? "&#10;" : NULL;
            break;
        case '\t':
            ref = attribute ? "&#9;" : NULL;
            break;
        default:
            break;
        }
        if (!ref)
            continue;
        rc = gc_buf_append(out, run, (size_t)(p - run)) != 0 || gc_buf_append_str(out, ref) != 0 ? -1 : 0;
        run = p + 1;
    }
    return rc == 0 && gc_buf_append_str(out, run) == 0 ? 0 : -1;
}
