/* gc_xml: the reader over recorded AWS responses, tables of well-formed documents (with the text they hold) and of
 * malformed or hostile ones (which must give NULL), the limits, the tree's shape and the escaping round trip. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_xml.h"
#include "gc_test.h"

static const char s_ec2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
    "  <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>\n"
    "  <vpcSet>\n"
    "    <item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock>\n"
    "      <tagSet><item><key>Name</key><value>a &amp; b</value></item></tagSet></item>\n"
    "    <item><vpcId>vpc-2</vpcId><cidrBlock>10.1.0.0/16</cidrBlock></item>\n"
    "    <item><vpcId>vpc-3</vpcId></item>\n"
    "  </vpcSet>\n"
    "</DescribeVpcsResponse>\n";

GC_TEST(navigate_and_iterate)
{
    struct gc_xml_doc *doc = gc_xml_parse(gc_span_from_cstr(s_ec2));
    ASSERT_TRUE(doc != NULL);
    struct gc_xml_node *root = gc_xml_root(doc);
    ASSERT_STR_EQ((const char *)root->name, "DescribeVpcsResponse");
    char *rid = gc_xml_text(root, "requestId");
    ASSERT_STR_EQ(rid, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
    free(rid);
    const char *want[] = {"vpc-1", "vpc-2", "vpc-3"};
    size_t n = 0;
    for (struct gc_xml_node *it = gc_xml_path(root, "vpcSet/item"); it; it = gc_xml_next(it)) {
        ASSERT_TRUE(n < 3);
        ASSERT_TRUE(gc_xml_text_eq(it, "vpcId", want[n]));
        n++;
    }
    ASSERT_INT_EQ(n, 3);
    char *tag = gc_xml_text(root, "vpcSet/item/tagSet/item/value");
    ASSERT_STR_EQ(tag, "a & b");
    free(tag);
    ASSERT_TRUE(gc_xml_text(root, "vpcSet/item/missing") == NULL);
    ASSERT_TRUE(gc_xml_path(root, "nope/item") == NULL);
    ASSERT_FALSE(gc_xml_text_eq(root, "vpcSet/item/vpcId", "vpc-2"));
    ASSERT_FALSE(gc_xml_text_eq(root, "absent", "x"));
    ASSERT_TRUE(gc_xml_child(NULL, "x") == NULL);
    ASSERT_TRUE(gc_xml_next(NULL) == NULL);
    gc_xml_free_doc(doc);
}

GC_TEST(empty_element_text_is_empty_string)
{
    struct gc_xml_doc *doc = gc_xml_parse(gc_span_from_cstr("<a><b/><c>x</c></a>"));
    ASSERT_TRUE(doc != NULL);
    char *b = gc_xml_text(gc_xml_root(doc), "b");
    ASSERT_STR_EQ(b, "");
    free(b);
    gc_xml_free_doc(doc);
}

GC_TEST(malformed_and_hostile_input)
{
    ASSERT_TRUE(gc_xml_parse(gc_span_from_cstr("")) == NULL);
    ASSERT_TRUE(gc_xml_parse(gc_span_from_cstr("<a><b></a>")) == NULL);
    ASSERT_TRUE(gc_xml_parse(gc_span_from_cstr("<html><body>404 Not Found")) == NULL);
    /* external entities are neither fetched nor expanded: any DOCTYPE is refused */
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
    ASSERT_TRUE(gc_xml_parse(gc_span_from_cstr(xxe)) == NULL);
}

/* The classic billion laughs: 9 levels of 10 references each, "lol" expanded would be 3 * 10^9 bytes. The reader
 * refuses the document (its DOCTYPE) without expanding anything: it returns NULL, and quickly (no timing here; a
 * reader that expanded would run out of memory or time under the suite's timeout). */
GC_TEST(entity_expansion_is_refused)
{
    char lol[2048];
    size_t n = 0;
    n += (size_t)snprintf(lol + n, sizeof lol - n, "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY l0 \"lol\">");
    for (int level = 1; level <= 9; level++) {
        n += (size_t)snprintf(lol + n, sizeof lol - n, "<!ENTITY l%d \"", level);
        for (int ref = 0; ref < 10; ref++)
            n += (size_t)snprintf(lol + n, sizeof lol - n, "&l%d;", level - 1);
        n += (size_t)snprintf(lol + n, sizeof lol - n, "\">");
    }
    n += (size_t)snprintf(lol + n, sizeof lol - n, "]><a><b>&l9;</b></a>");
    ASSERT_TRUE(n < sizeof lol);
    ASSERT_TRUE(gc_xml_parse(gc_span_from((const uint8_t *)lol, n)) == NULL);
    /* and without the declarations the references are unknown entities */
    ASSERT_TRUE(gc_xml_parse(gc_span_from_cstr("<a><b>&l9;</b></a>")) == NULL);
}

/* Well-formed documents and the text at `path` (NULL: the root's whole text). */
static const struct {
    const char *name, *xml, *path, *text;
} s_good[] = {
    {"predefined entities", "<a>&lt;&gt;&amp;&apos;&quot;</a>", NULL, "<>&'\""},
    {"character references", "<a>&#65;&#x42;&#x6a;&#233;&#x5fb3;&#x10FFFF;</a>", NULL,
     "ABj\xc3\xa9\xe5\xbe\xb3\xf4\x8f\xbf\xbf"},
    {"CDATA is text, markup in it is not", "<a>x<![CDATA[<b>&amp;]]]]>y</a>", NULL, "x<b>&amp;]]y"},
    {"comments, PIs and the declaration skipped",
     "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<!-- c --><?pi data?>"
     "<a><!-- in -->t<?p?>u</a><!-- after -->\n",
     NULL, "tu"},
    {"namespace prefixes ignored", "<p:a xmlns:p=\"urn:x\" xmlns=\"urn:y\"><p:b>v</p:b></p:a>", "b", "v"},
    {"attributes ignored", "<a x=\"1\" y='&amp;2' p:z=\"&#x3c;\"><b k = \"v\" >w</b ></a>", "b", "w"},
    {"line ends normalised", "<a>1\r\n2\r3\n4</a>", NULL, "1\n2\n3\n4"},
    {"a CR by reference stays", "<a>1&#13;\n2</a>", NULL, "1\r\n2"},
    {"a byte order mark", "\xEF\xBB\xBF<a>v</a>", NULL, "v"},
    {"UTF-8 text and names", "<a><\xe5\x90\x8d>\xe5\xbe\xb3\xe5\xb3\xb6</\xe5\x90\x8d></a>", "\xe5\x90\x8d",
     "\xe5\xbe\xb3\xe5\xb3\xb6"},
    {"descendants' text in document order", "<a>x<b>y<c>z</c></b>w</a>", NULL, "xyzw"},
    {"an empty element", "<a><b></b></a>", "b", ""},
    {"white space kept in a leaf", "<a><b> \t </b></a>", "b", " \t "},
    {"']]' and '>' alone in text", "<a>]] > ]]</a>", NULL, "]] > ]]"},
    {"a second element of the same name", "<a><b>1</b><b>2</b></a>", "b", "1"},
};

GC_TEST(well_formed_documents)
{
    for (size_t i = 0; i < sizeof s_good / sizeof s_good[0]; i++) {
        printf("# %s\n", s_good[i].name);
        struct gc_xml_doc *doc = gc_xml_parse(gc_span_from_cstr(s_good[i].xml));
        ASSERT_TRUE(doc != NULL);
        char *text = gc_xml_text(gc_xml_root(doc), s_good[i].path);
        gc_xml_free_doc(doc);
        ASSERT_STR_EQ(text, s_good[i].text);
        free(text);
    }
}

/* Documents the reader must refuse (NULL): not well-formed, not UTF-8, or a DOCTYPE. */
static const struct {
    const char *name, *xml;
    size_t len; /* 0: strlen */
} s_bad[] = {
    {"nothing but white space", " \n ", 0},
    {"unclosed", "<a>", 0},
    {"unclosed child", "<a><b>", 0},
    {"mismatched end tag", "<a></b>", 0},
    {"crossed tags", "<a><b></a></b>", 0},
    {"end tag's prefix differs", "<p:a></q:a>", 0},
    {"an end tag alone", "</a>", 0},
    {"two roots", "<a/><b/>", 0},
    {"text before the root", "x<a/>", 0},
    {"text after the root", "<a/>x", 0},
    {"unknown entity", "<a>&nbsp;</a>", 0},
    {"reference without ';'", "<a>&amp</a>", 0},
    {"bare '&'", "<a>a & b</a>", 0},
    {"reference to NUL", "<a>&#0;</a>", 0},
    {"reference to a control character", "<a>&#x1;</a>", 0},
    {"reference to a surrogate", "<a>&#xD800;</a>", 0},
    {"reference past U+10FFFF", "<a>&#x110000;</a>", 0},
    {"reference overflowing", "<a>&#99999999999999999999;</a>", 0},
    {"reference to U+FFFE", "<a>&#xFFFE;</a>", 0},
    {"empty reference", "<a>&#;</a>", 0},
    {"empty hex reference", "<a>&#x;</a>", 0},
    {"hex reference with 'X'", "<a>&#X41;</a>", 0},
    {"decimal reference with hex digits", "<a>&#4a;</a>", 0},
    {"a control character", "<a>\x01</a>", 0},
    {"a NUL byte", "<a>\0</a>", 8},
    {"overlong UTF-8", "<a>\xC0\xAF</a>", 0},
    {"UTF-8 surrogate", "<a>\xED\xA0\x80</a>", 0},
    {"UTF-8 past U+10FFFF", "<a>\xF4\x90\x80\x80</a>", 0},
    {"UTF-8 cut short", "<a>\xE6\x97</a>", 0},
    {"UTF-8 cut at the end", "<a/>\xE6", 0},
    {"stray continuation byte", "<a>\x80</a>", 0},
    {"Latin-1 byte", "<a>caf\xe9</a>", 0},
    {"U+FFFF", "<a>\xEF\xBF\xBF</a>", 0},
    {"']]>' in text", "<a>]]></a>", 0},
    {"duplicate attribute", "<a x=\"1\" x=\"2\"/>", 0},
    {"unquoted attribute", "<a x=1/>", 0},
    {"'<' in an attribute", "<a x=\"<\"/>", 0},
    {"unknown entity in an attribute", "<a x=\"&e;\"/>", 0},
    {"attributes without space", "<a x=\"1\"y=\"2\"/>", 0},
    {"attribute without value", "<a x/>", 0},
    {"'--' in a comment", "<a><!-- a -- b --></a>", 0},
    {"comment ending '--->'", "<a><!-- a ---></a>", 0},
    {"unclosed comment", "<a><!-- a </a>", 0},
    {"unclosed CDATA", "<a><![CDATA[x</a>", 0},
    {"CDATA outside the root", "<![CDATA[x]]><a/>", 0},
    {"encoding other than UTF-8", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 0},
    {"unknown declaration field", "<?xml version=\"1.0\" foo=\"1\"?><a/>", 0},
    {"declaration not first", " <?xml version=\"1.0\"?><a/>", 0},
    {"declaration after the root", "<a/><?xml version=\"1.0\"?>", 0},
    {"PI named xml inside", "<a><?XmL x?></a>", 0},
    {"unclosed PI", "<a><?p x</a>", 0},
    {"DOCTYPE without subset", "<!DOCTYPE a><a/>", 0},
    {"DOCTYPE with an internal entity", "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", 0},
    {"DOCTYPE inside", "<a><!DOCTYPE a></a>", 0},
    {"empty prefix", "<:a/>", 0},
    {"empty local name", "<a:/>", 0},
    {"name starting with a digit", "<1a/>", 0},
    {"space before the name", "< a/>", 0},
    {"HTML error page", "<html><body>404 Not Found", 0},
    {"JSON", "{\"a\":1}", 0},
};

GC_TEST(malformed_documents_are_refused)
{
    for (size_t i = 0; i < sizeof s_bad / sizeof s_bad[0]; i++) {
        printf("# %s\n", s_bad[i].name);
        size_t len = s_bad[i].len ? s_bad[i].len : strlen(s_bad[i].xml);
        struct gc_xml_doc *doc = gc_xml_parse(gc_span_from((const uint8_t *)s_bad[i].xml, len));
        gc_xml_free_doc(doc);
        ASSERT_TRUE(doc == NULL);
    }
    ASSERT_TRUE(gc_xml_parse(gc_span_from(NULL, 0)) == NULL);
}

/* `levels` nested <e> elements (malloc'd). */
static char *s_nested(size_t levels)
{
    char *x = malloc(levels * 7 + 1), *p = x;
    if (!x)
        return NULL;
    for (size_t i = 0; i < levels; i++)
        p += sprintf(p, "<e>");
    for (size_t i = 0; i < levels; i++)
        p += sprintf(p, "</e>");
    return x;
}

/* `n` attributes on one element (malloc'd). */
static char *s_attributes(size_t n)
{
    char *x = malloc(n * 16 + 8), *p = x;
    if (!x)
        return NULL;
    p += sprintf(p, "<a");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, " x%zu=\"1\"", i);
    sprintf(p, "/>");
    return x;
}

GC_TEST(limits)
{
    char *deep = s_nested(GC_XML_MAX_DEPTH), *deeper = s_nested(GC_XML_MAX_DEPTH + 1);
    char *attrs = s_attributes(GC_XML_MAX_ATTRS), *more = s_attributes(GC_XML_MAX_ATTRS + 1);
    struct gc_xml_doc *d1 = deep ? gc_xml_parse(gc_span_from_cstr(deep)) : NULL;
    struct gc_xml_doc *d2 = deeper ? gc_xml_parse(gc_span_from_cstr(deeper)) : NULL;
    struct gc_xml_doc *d3 = attrs ? gc_xml_parse(gc_span_from_cstr(attrs)) : NULL;
    struct gc_xml_doc *d4 = more ? gc_xml_parse(gc_span_from_cstr(more)) : NULL;
    bool ok = d1 && !d2 && d3 && !d4;
    gc_xml_free_doc(d1);
    gc_xml_free_doc(d2);
    gc_xml_free_doc(d3);
    gc_xml_free_doc(d4);
    free(deep);
    free(deeper);
    free(attrs);
    free(more);
    ASSERT_TRUE(ok);

    /* the size limit: a root then white space, exactly GC_XML_MAX_BYTES read, one byte more refused */
    uint8_t *big = malloc(GC_XML_MAX_BYTES + 1);
    ASSERT_TRUE(big != NULL);
    memset(big, ' ', GC_XML_MAX_BYTES + 1);
    memcpy(big, "<a/>", 4);
    struct gc_xml_doc *at = gc_xml_parse(gc_span_from(big, GC_XML_MAX_BYTES));
    struct gc_xml_doc *past = gc_xml_parse(gc_span_from(big, GC_XML_MAX_BYTES + 1));
    ok = at && !past;
    gc_xml_free_doc(at);
    gc_xml_free_doc(past);
    free(big);
    ASSERT_TRUE(ok);
}

/* The tree: texts between two tags are one node (references, CDATA and comments in between do not split them);
 * white space between elements is a text node too. */
GC_TEST(tree_shape)
{
    struct gc_xml_doc *doc = gc_xml_parse(gc_span_from_cstr("<a>x&amp;<![CDATA[y]]><!--c-->z<b/> <c>1</c></a>"));
    ASSERT_TRUE(doc != NULL);
    const struct gc_xml_node *a = gc_xml_root(doc), *t = a->children;
    ASSERT_INT_EQ(a->type, GC_XML_ELEMENT);
    ASSERT_TRUE(a->content == NULL);
    ASSERT_INT_EQ(t->type, GC_XML_TEXT);
    ASSERT_TRUE(t->name == NULL && t->children == NULL);
    ASSERT_STR_EQ(t->content, "x&yz");
    ASSERT_STR_EQ(t->next->name, "b");
    ASSERT_TRUE(t->next->children == NULL);
    ASSERT_STR_EQ(t->next->next->content, " ");
    ASSERT_STR_EQ(t->next->next->next->name, "c");
    ASSERT_TRUE(t->next->next->next->next == NULL);
    ASSERT_TRUE(gc_xml_next(t) == NULL); /* a text has no name to iterate by */
    gc_xml_free_doc(doc);
    ASSERT_TRUE(gc_xml_root(NULL) == NULL);
    ASSERT_TRUE(gc_xml_content(NULL) == NULL);
}

/* gc_xml_escape: what it writes, and that the reader gets the text back unchanged. */
GC_TEST(escape_round_trips)
{
    static const char *const texts[] = {
        "", "plain", "a < b & \"c\" > 'd'", "]]>", "&amp;", "line\r\nbreak\ttab", "\xe5\xbe\xb3\xe5\xb3\xb6",
    };
    struct gc_buf b;
    gc_buf_init(&b, 4096);
    ASSERT_INT_EQ(gc_xml_escape(&b, "<&>\"'\r\n\t", false), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&b), "&lt;&amp;&gt;&quot;'&#13;\n\t");
    gc_buf_reset(&b);
    ASSERT_INT_EQ(gc_xml_escape(&b, "<&>\"'\r\n\t", true), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&b), "&lt;&amp;&gt;&quot;'&#13;&#10;&#9;");
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        gc_buf_reset(&b);
        ASSERT_INT_EQ(gc_buf_append_str(&b, "<a>"), 0);
        ASSERT_INT_EQ(gc_xml_escape(&b, texts[i], false), 0);
        ASSERT_INT_EQ(gc_buf_append_str(&b, "</a>"), 0);
        struct gc_xml_doc *doc = gc_xml_parse(gc_buf_span(&b));
        char *text = gc_xml_text(gc_xml_root(doc), NULL);
        gc_xml_free_doc(doc);
        ASSERT_STR_EQ(text, texts[i]);
        free(text);
    }
    gc_buf_clean_up(&b);
    /* a full buffer is an error, not a short text */
    gc_buf_init(&b, 4);
    ASSERT_INT_EQ(gc_xml_escape(&b, "&&&", false), -1);
    gc_buf_clean_up(&b);
}

GC_TEST_MAIN(GC_CASE(navigate_and_iterate), GC_CASE(empty_element_text_is_empty_string),
             GC_CASE(malformed_and_hostile_input), GC_CASE(entity_expansion_is_refused), GC_CASE(well_formed_documents),
             GC_CASE(malformed_documents_are_refused), GC_CASE(limits), GC_CASE(tree_shape),
             GC_CASE(escape_round_trips))
