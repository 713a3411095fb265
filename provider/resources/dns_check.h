/* The pure checks of gcnet_dns_resolver's input, kept apart from the resource so that each can be tested on its
 * own (tests/unit/resources/test_dns_check.c): IPv4 addresses and CIDR blocks, the addresses AWS reserves in a
 * subnet, domain names and their normal form, Route 53 hosted zone ids. No allocation, no AWS. */
#ifndef GC_DNS_CHECK_H
#define GC_DNS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest domain name (RFC 1035, without the root's trailing dot). */
#define GC_DNS_DOMAIN_MAX 253

/* A dotted quad ("10.2.0.10"), each part 0-255 without leading zeros or signs. 0 / -1. */
int gc_ipv4_parse(const char *text, uint32_t *out);
/* "10.2.0.0/17": *net is the network address, *prefix 0-32. With `network_only`, host bits must be zero. */
int gc_cidr_parse(const char *text, bool network_only, uint32_t *net, int *prefix);
bool gc_cidr_contains(uint32_t net, int prefix, uint32_t ip);
/* True when AWS reserves `ip` in the subnet net/prefix: its first four addresses and its last. */
bool gc_subnet_reserved(uint32_t net, int prefix, uint32_t ip);

/* The normal form of a domain name: lower case, one trailing dot removed. Labels of 1-63 letters, digits and
 * hyphens (not at either end), at most 253 characters. Returns 0, or -1 with *why a static reason. */
int gc_dns_domain_normalise(const char *text, char out[GC_DNS_DOMAIN_MAX + 1], const char **why);

/* A Route 53 hosted zone id: "Z" and 1-31 upper-case letters or digits. */
bool gc_dns_zone_id_valid(const char *text);

#endif
