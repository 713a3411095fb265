/* gc_xml helpers over recorded AWS responses. */
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
    xmlDoc *doc = gc_xml_parse(gc_span_from_cstr(s_ec2));
    ASSERT_TRUE(doc != NULL);
    xmlNode *root = gc_xml_root(doc);
    ASSERT_STR_EQ((const char *)root->name, "DescribeVpcsResponse");
    char *rid = gc_xml_text(root, "requestId");
    ASSERT_STR_EQ(rid, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
    free(rid);
    const char *want[] = {"vpc-1", "vpc-2", "vpc-3"};
    size_t n = 0;
    for (xmlNode *it = gc_xml_path(root, "vpcSet/item"); it; it = gc_xml_next(it)) {
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
    xmlDoc *doc = gc_xml_parse(gc_span_from_cstr("<a><b/><c>x</c></a>"));
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
    /* external entities are neither fetched nor expanded */
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
    xmlDoc *doc = gc_xml_parse(gc_span_from_cstr(xxe));
    if (doc) {
        char *t = gc_xml_text(gc_xml_root(doc), NULL);
        ASSERT_TRUE(t == NULL || strstr(t, "root:") == NULL);
        free(t);
        gc_xml_free_doc(doc);
    }
}

/* Bytes of text reachable from `node`, entity references followed, counting stops past `cap` (so an expanded
 * billion laughs is measured without allocating it). */
static size_t s_text_size(const xmlNode *node, size_t cap)
{
    size_t total = 0;
    for (const xmlNode *c = node; c && total <= cap; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content)
            total += strlen((const char *)c->content);
        if (c->children)
            total += s_text_size(c->children, cap - total);
    }
    return total;
}

/* The classic billion laughs: 9 levels of 10 references each, "lol" expanded would be 3 * 10^9 bytes. Either the
 * parser refuses the document or what can be read from it stays small: the parse options must not turn on
 * entity substitution or lift libxml2's size limits (XML_PARSE_NOENT / XML_PARSE_HUGE would fail this). */
GC_TEST(entity_expansion_stays_small)
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

    xmlDoc *doc = gc_xml_parse(gc_span_from((const uint8_t *)lol, n));
    if (doc) {
        size_t reachable = s_text_size(gc_xml_root(doc), 1024);
        char *text = reachable <= 1024 ? gc_xml_text(gc_xml_root(doc), NULL) : NULL;
        size_t len = text ? strlen(text) : 0;
        free(text);
        gc_xml_free_doc(doc);
        if (reachable > 1024)
            printf("# more than 1024 bytes of text are reachable: the entities were expanded\n");
        ASSERT_TRUE(reachable <= 1024);
        ASSERT_TRUE(len <= 1024);
    }
}

GC_TEST_MAIN(GC_CASE(navigate_and_iterate), GC_CASE(empty_element_text_is_empty_string),
             GC_CASE(malformed_and_hostile_input),
             GC_CASE(entity_expansion_stays_small))
