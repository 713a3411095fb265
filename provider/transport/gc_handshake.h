/* The go-plugin launch handshake (go-plugin 1.6 as Terraform 1.11 uses it), as pure functions: the magic-cookie check,
 * PLUGIN_PROTOCOL_VERSIONS negotiation, and formatting of the handshake line and of the debug-mode
 * TF_REATTACH_PROVIDERS value. No I/O here: gc_server.c reads the environment and writes stdout. */
#ifndef GC_HANDSHAKE_H
#define GC_HANDSHAKE_H

#include <stdbool.h>

#include "base/gc_buf.h"

#define GC_HANDSHAKE_COOKIE_KEY "TF_PLUGIN_MAGIC_COOKIE"
#define GC_HANDSHAKE_COOKIE_VALUE "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
#define GC_HANDSHAKE_VERSIONS_KEY "PLUGIN_PROTOCOL_VERSIONS"
#define GC_HANDSHAKE_CLIENT_CERT_KEY "PLUGIN_CLIENT_CERT"
#define GC_HANDSHAKE_CORE_VERSION 1
#define GC_HANDSHAKE_APP_VERSION 6

/* True when `value` (the cookie variable, may be NULL) is exactly the Terraform magic cookie. */
bool gc_handshake_cookie_check(const char *value);

/* Negotiates the app protocol from a PLUGIN_PROTOCOL_VERSIONS value such as "5,6" or "6,5". Entries are
 * split on ',', surrounding blanks are ignored and entries that are not decimal integers are skipped (as
 * go-plugin does). NULL or an empty list means an old client that offers nothing explicitly: `wanted` is
 * assumed. Returns 0 and sets *out = wanted when it is offered, -1 otherwise. */
int gc_handshake_versions_pick(int *out, const char *offered, int wanted);

/* Appends "CORE|APP|NETWORK|ADDRESS|grpc[|CERT]\n" to `out`. `cert_b64` (unpadded standard base64 DER)
 * NULL or "" means plaintext: the line then has five fields. Returns 0, or -1 on bad arguments ('|' or a
 * line break inside a field) or a full buffer. */
int gc_handshake_line_format(struct gc_buf *out, int app_version, const char *network, const char *address,
                             const char *cert_b64);

/* Appends the JSON object for TF_REATTACH_PROVIDERS (Terraform's reattach config, Test = true) to `out`. */
int gc_handshake_reattach_format(struct gc_buf *out, const char *provider_address, int app_version, long pid,
                                 const char *network, const char *address);

#endif
