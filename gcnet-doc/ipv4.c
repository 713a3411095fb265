#include "ipv4.h"

#include <stdio.h>
#include <stdlib.h>

int gc_doc_ipv4_parse(struct gc_doc_ipv4_net *out, const char *text)
{
    int result = -1;
    uint32_t addr = 0;
    const char *p = text;
    char *end = NULL;
    unsigned long v;

    if (!text)
        goto cleanup;
    for (int i = 0; i < 4; i++) {
        if (*p < '0' || *p > '9')
            goto cleanup;
        v = strtoul(p, &end, 10);
        if (v > 255 || end - p > 3 || *end != (i < 3 ? '.' : '/'))
            goto cleanup;
        addr = (addr << 8) | (uint32_t)v;
        p = end + 1;
    }
    if (*p < '0' || *p > '9')
        goto cleanup;
    v = strtoul(p, &end, 10);
    if (v > 32 || *end != '\0' || end - p > 2)
        goto cleanup;
    if (v < 32 && (addr & (uint32_t)((UINT64_C(1) << (32 - v)) - 1)) != 0)
        goto cleanup;
    out->addr = addr;
    out->prefix = (unsigned)v;
    result = 0;
cleanup:
    return result;
}

int gc_doc_ipv4_halves(const struct gc_doc_ipv4_net *net, struct gc_doc_ipv4_net out[2])
{
    if (net->prefix >= 32)
        return -1;
    out[0].addr = net->addr;
    out[0].prefix = net->prefix + 1;
    out[1].addr = net->addr + (uint32_t)(UINT64_C(1) << (31 - net->prefix));
    out[1].prefix = net->prefix + 1;
    return 0;
}

uint64_t gc_doc_ipv4_size(const struct gc_doc_ipv4_net *net)
{
    return UINT64_C(1) << (32 - net->prefix);
}

void gc_doc_ipv4_at(char out[16], const struct gc_doc_ipv4_net *net, int64_t offset)
{
    uint64_t a = offset >= 0 ? (uint64_t)net->addr + (uint64_t)offset
                             : (uint64_t)net->addr + gc_doc_ipv4_size(net) - (uint64_t)(-offset);
    uint32_t x = (uint32_t)a;

    snprintf(out, 16, "%u.%u.%u.%u", (x >> 24) & 255u, (x >> 16) & 255u, (x >> 8) & 255u, x & 255u);
}

void gc_doc_ipv4_cidr(char out[20], const struct gc_doc_ipv4_net *net)
{
    char a[16];

    gc_doc_ipv4_at(a, net, 0);
    snprintf(out, 20, "%s/%u", a, net->prefix);
}
