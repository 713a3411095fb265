#include "resources/dns_check.h"

#include <string.h>

int gc_ipv4_parse(const char *text, uint32_t *out)
{
    uint32_t value = 0;
    const char *p = text;
    if (!p)
        return -1;
    for (int part = 0; part < 4; part++) {
        unsigned n = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 4) {
            n = n * 10 + (unsigned)(*p - '0');
            p++;
            digits++;
        }
        if (digits == 0 || digits > 3 || n > 255 || (digits > 1 && p[-digits] == '0'))
            return -1;
        value = value << 8 | n;
        if (part < 3 && *p++ != '.')
            return -1;
    }
    if (*p != '\0')
        return -1;
    *out = value;
    return 0;
}

int gc_cidr_parse(const char *text, bool network_only, uint32_t *net, int *prefix)
{
    char addr[16];
    const char *slash = text ? strchr(text, '/') : NULL;
    if (!slash || (size_t)(slash - text) >= sizeof addr)
        return -1;
    memcpy(addr, text, (size_t)(slash - text));
    addr[slash - text] = '\0';
    const char *p = slash + 1;
    int bits = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 3) {
        bits = bits * 10 + (*p - '0');
        p++;
        digits++;
    }
    uint32_t ip = 0;
    if (digits == 0 || *p != '\0' || bits > 32 || (digits > 1 && slash[1] == '0') || gc_ipv4_parse(addr, &ip) != 0)
        return -1;
    uint32_t mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
    if (network_only && (ip & ~mask) != 0)
        return -1;
    *net = ip & mask;
    *prefix = bits;
    return 0;
}

bool gc_cidr_contains(uint32_t net, int prefix, uint32_t ip)
{
    uint32_t mask = prefix <= 0 ? 0 : 0xffffffffu << (32 - prefix);
    return (ip & mask) == (net & mask);
}

bool gc_subnet_reserved(uint32_t net, int prefix, uint32_t ip)
{
    uint32_t mask = prefix <= 0 ? 0 : 0xffffffffu << (32 - prefix);
    uint32_t offset = ip & ~mask;
    return gc_cidr_contains(net, prefix, ip) && (offset < 4 || offset == ~mask);
}

int gc_dns_domain_normalise(const char *text, char out[GC_DNS_DOMAIN_MAX + 1], const char **why)
{
    size_t len = text ? strlen(text) : 0;
    size_t label = 0;
    if (len > 0 && text[len - 1] == '.')
        len--;
    if (len == 0) {
        *why = "a domain name needs at least one label";
        return -1;
    }
    if (len > GC_DNS_DOMAIN_MAX) {
        *why = "a domain name has at most 253 characters";
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c == '.') {
            if (label == 0 || out[i - 1] == '-') {
                *why = label == 0 ? "empty label (two dots, or a leading dot)" : "a label ends with '-'";
                return -1;
            }
            label = 0;
        } else if (alnum || c == '-') {
            if (c == '-' && label == 0) {
                *why = "a label starts with '-'";
                return -1;
            }
            if (++label > 63) {
                *why = "a label has at most 63 characters";
                return -1;
            }
        } else {
            *why = "only letters, digits, '-' and '.' are allowed";
            return -1;
        }
        out[i] = c;
    }
    if (label == 0) {
        *why = "empty label (two dots, or a leading dot)";
        return -1;
    }
    if (out[len - 1] == '-') {
        *why = "a label ends with '-'";
        return -1;
    }
    out[len] = '\0';
    return 0;
}

bool gc_dns_zone_id_valid(const char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (len < 2 || len > 32 || text[0] != 'Z')
        return false;
    for (size_t i = 1; i < len; i++)
        if (!((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9')))
            return false;
    return true;
}
