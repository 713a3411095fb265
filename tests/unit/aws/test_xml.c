/* gc_xml helpers over recorded AWS responses. */
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
    xmlFreeDoc(doc);
}

GC_TEST(empty_element_text_is_empty_string)
{
    xmlDoc *doc = gc_xml_parse(gc_span_from_cstr("<a><b/><c>x</c></a>"));
    ASSERT_TRUE(doc != NULL);
    char *b = gc_xml_text(gc_xml_root(doc), "b");
    ASSERT_STR_EQ(b, "");
    free(b);
    xmlFreeDoc(doc);
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
        xmlFreeDoc(doc);
    }
    /* internal entities are not expanded either (billion laughs stays small) */
    const char *lol = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;&l;\">]>"
                      "<a>&l2;</a>";
    doc = gc_xml_parse(gc_span_from_cstr(lol));
    if (doc) {
        xmlNode *root = gc_xml_root(doc);
        ASSERT_TRUE(root != NULL);
        xmlFreeDoc(doc);
    }
}

GC_TEST_MAIN(GC_CASE(navigate_and_iterate), GC_CASE(empty_element_text_is_empty_string),
             GC_CASE(malformed_and_hostile_input))
