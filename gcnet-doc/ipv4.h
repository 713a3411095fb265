/* IPv4 arithmetic for the IP address plan: CIDR parsing, halves, AWS-reserved addresses and usable ranges. */
#ifndef GC_DOC_IPV4_H
#define GC_DOC_IPV4_H

#include <stdint.h>

struct gc_doc_ipv4_net {
    uint32_t addr; /* network address, host order */
    unsigned prefix;
};

/* "10.2.0.0/16" → 0; -1 for anything else (host bits set, prefix > 32, junk). */
int gc_doc_ipv4_parse(struct gc_doc_ipv4_net *out, const char *text);
/* The two halves of `net` (prefix + 1); -1 for a /32. */
int gc_doc_ipv4_halves(const struct gc_doc_ipv4_net *net, struct gc_doc_ipv4_net out[2]);
/* Number of addresses. */
uint64_t gc_doc_ipv4_size(const struct gc_doc_ipv4_net *net);
/* "a.b.c.d" of `net->addr + offset` (offset may be negative from the end: -1 is the last address). */
void gc_doc_ipv4_at(char out[16], const struct gc_doc_ipv4_net *net, int64_t offset);
/* "a.b.c.d/n" */
void gc_doc_ipv4_cidr(char out[20], const struct gc_doc_ipv4_net *net);

#endif
