/* The pure input checks of gcnet_dns_resolver (resources/dns_check.h), table-driven: IPv4 and CIDR parsing,
 * containment, AWS's reserved subnet addresses, domain normal form and hosted zone ids. */
#include "gc_test.h"
#include "resources/dns_check.h"

GC_TEST(ipv4_parse)
{
    static const struct {
        const char *text;
        int rc;
        uint32_t value;
    } cases[] = {
        {"10.2.0.10", 0, 0x0a02000a}, {"0.0.0.0", 0, 0},       {"255.255.255.255", 0, 0xffffffff},
        {"256.0.0.1", -1, 0},         {"10.2.0", -1, 0},       {"10.2.0.1.", -1, 0},
        {"010.2.0.1", -1, 0},         {"10.2.0.1/32", -1, 0},  {"", -1, 0},
        {"a.b.c.d", -1, 0},           {"1.2.3.4 ", -1, 0},     {"1234.1.1.1", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t v = 0;
        ASSERT_INT_EQ(gc_ipv4_parse(cases[i].text, &v), cases[i].rc);
        if (cases[i].rc == 0)
            ASSERT_INT_EQ(v, cases[i].value);
    }
    ASSERT_INT_EQ(gc_ipv4_parse(NULL, &(uint32_t){0}), -1);
}

GC_TEST(cidr_parse_and_contains)
{
    static const struct {
        const char *text;
        bool network_only;
        int rc;
        int prefix;
    } cases[] = {
        {"172.16.0.0/16", true, 0, 16}, {"10.2.0.0/17", true, 0, 17}, {"10.0.0.1/8", true, -1, 0},
        {"10.0.0.1/8", false, 0, 8},    {"10.0.0.0/33", true, -1, 0}, {"10.0.0.0/", true, -1, 0},
        {"10.0.0.0", true, -1, 0},      {"10.0.0.0/08", true, -1, 0}, {"0.0.0.0/0", true, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t net = 0;
        int prefix = -1;
        ASSERT_INT_EQ(gc_cidr_parse(cases[i].text, cases[i].network_only, &net, &prefix), cases[i].rc);
        if (cases[i].rc == 0)
            ASSERT_INT_EQ(prefix, cases[i].prefix);
    }
    uint32_t net = 0, ip = 0;
    int prefix = 0;
    ASSERT_INT_EQ(gc_cidr_parse("10.2.128.0/17", true, &net, &prefix), 0);
    ASSERT_INT_EQ(gc_ipv4_parse("10.2.128.10", &ip), 0);
    ASSERT_TRUE(gc_cidr_contains(net, prefix, ip));
    ASSERT_INT_EQ(gc_ipv4_parse("10.2.0.10", &ip), 0);
    ASSERT_FALSE(gc_cidr_contains(net, prefix, ip));
}

GC_TEST(reserved_addresses)
{
    static const struct {
        const char *ip;
        bool reserved;
    } cases[] = {
        {"10.2.0.0", true},  {"10.2.0.1", true},   {"10.2.0.2", true},      {"10.2.0.3", true},
        {"10.2.0.4", false}, {"10.2.0.10", false}, {"10.2.127.254", false}, {"10.2.127.255", true},
        {"10.2.128.0", false}, /* outside the subnet: not this subnet's reservation */
    };
    uint32_t net = 0;
    int prefix = 0;
    ASSERT_INT_EQ(gc_cidr_parse("10.2.0.0/17", true, &net, &prefix), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t ip = 0;
        ASSERT_INT_EQ(gc_ipv4_parse(cases[i].ip, &ip), 0);
        ASSERT_TRUE(gc_subnet_reserved(net, prefix, ip) == cases[i].reserved);
    }
}

GC_TEST(domain_normal_form)
{
    static const struct {
        const char *text;
        const char *normal; /* NULL: refused */
    } cases[] = {
        {"naruto.local", "naruto.local"},
        {"Naruto.Local.", "naruto.local"},
        {"ad.city.naruto.lg.jp", "ad.city.naruto.lg.jp"},
        {"local", "local"},
        {"x-1.example", "x-1.example"},
        {"bad..domain", NULL},
        {".lead", NULL},
        {"-x.local", NULL},
        {"x-.local", NULL},
        {"under_score.local", NULL},
        {"", NULL},
        {".", NULL},
        {"a.b..", NULL},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.local", NULL}, /* 64-character label */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[GC_DNS_DOMAIN_MAX + 1];
        const char *why = NULL;
        int rc = gc_dns_domain_normalise(cases[i].text, out, &why);
        ASSERT_INT_EQ(rc, cases[i].normal ? 0 : -1);
        if (cases[i].normal)
            ASSERT_STR_EQ(out, cases[i].normal);
        else
            ASSERT_TRUE(why != NULL);
    }
    /* 253 characters pass, 254 do not */
    char name[300];
    for (size_t i = 0; i < 254; i++)
        name[i] = (i % 50 == 49) ? '.' : 'a';
    name[253] = '\0';
    char out[GC_DNS_DOMAIN_MAX + 1];
    const char *why = NULL;
    ASSERT_INT_EQ(gc_dns_domain_normalise(name, out, &why), 0);
    name[253] = 'a';
    name[254] = '\0';
    ASSERT_INT_EQ(gc_dns_domain_normalise(name, out, &why), -1);
}

GC_TEST(zone_ids)
{
    static const struct {
        const char *id;
        bool ok;
    } cases[] = {
        {"Z0123456789ABCDEFGHIJ", true}, {"Z1", true},  {"Z", false},
        {"z0123", false},                {"A123", false}, {"/hostedzone/Z123", false},
        {"Z12-3", false},                {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ASSERT_TRUE(gc_dns_zone_id_valid(cases[i].id) == cases[i].ok);
    ASSERT_FALSE(gc_dns_zone_id_valid(NULL));
}

GC_TEST_MAIN(GC_CASE(ipv4_parse), GC_CASE(cidr_parse_and_contains), GC_CASE(reserved_addresses),
             GC_CASE(domain_normal_form), GC_CASE(zone_ids))
