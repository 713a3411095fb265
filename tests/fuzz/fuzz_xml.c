/* libFuzzer: the XML reader (provider/aws/gc_xml.c) on raw bytes. A parsed document must hold what the reader
 * promises: an element root, elements with a non-empty name and no content, texts with non-empty content of
 * valid UTF-8 XML characters and no children, no two texts side by side, at most GC_XML_MAX_DEPTH levels; and the
 * root's text escaped by gc_xml_escape into a fresh document reads back the same. */
#include "aws/gc_xml.h"
#include "fuzz_util.h"

/* Valid UTF-8 of XML Chars only, checked independently of the reader's own decoder. */
static int s_valid_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 9;
        if (n == 9 || c > 0xF4)
            return 0;
        unsigned cp = n == 0 ? c : c & (0x3Fu >> n);
        for (unsigned i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        static const unsigned min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || (cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || (cp >= 0xD800 && cp <= 0xDFFF) ||
            cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
            return 0;
        p += n + 1;
    }
    return 1;
}

static void s_check(const struct gc_xml_node *node, size_t depth)
{
    FUZZ_CHECK(depth <= GC_XML_MAX_DEPTH);
    FUZZ_CHECK(node->type == GC_XML_ELEMENT && node->name && node->name[0] && !node->content);
    FUZZ_CHECK(s_valid_text(node->name));
    const struct gc_xml_node *prev = NULL;
    for (const struct gc_xml_node *c = node->children; c; prev = c, c = c->next) {
        if (c->type == GC_XML_ELEMENT) {
            s_check(c, depth + 1);
            continue;
        }
        FUZZ_CHECK(c->type == GC_XML_TEXT && !c->name && !c->children && c->content && c->content[0]);
        FUZZ_CHECK(s_valid_text(c->content));
        FUZZ_CHECK(!prev || prev->type != GC_XML_TEXT);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gc_xml_doc *doc = gc_xml_parse(gc_span_from(data, size));
    if (!doc)
        return 0;
    const struct gc_xml_node *root = gc_xml_root(doc);
    FUZZ_CHECK(root != NULL);
    s_check(root, 1);
    char *text = gc_xml_content(root);
    FUZZ_CHECK(text != NULL);
    struct gc_buf b;
    gc_buf_init(&b, size * 6 + 64);
    FUZZ_CHECK(gc_buf_append_str(&b, "<r>") == 0 && gc_xml_escape(&b, text, false) == 0 &&
               gc_buf_append_str(&b, "</r>") == 0);
    struct gc_xml_doc *again = gc_xml_parse(gc_buf_span(&b));
    FUZZ_CHECK(again != NULL);
    char *back = gc_xml_content(gc_xml_root(again));
    FUZZ_CHECK(back && strcmp(back, text) == 0);
    free(back);
    gc_xml_free_doc(again);
    gc_buf_clean_up(&b);
    free(text);
    gc_xml_free_doc(doc);
    return 0;
}
