/* go-plugin AutoMTLS material, as Terraform 1.11 expects it: an ephemeral ECDSA P-256 key and a self-signed certificate
 * shaped like go-plugin's (SAN DNS:localhost, CA:TRUE critical, KeyUsage digitalSignature, keyEncipherment,
 * keyAgreement, keyCertSign critical, EKU serverAuth + clientAuth, random serial, NotBefore now-30s, ~30
 * years of validity), and the unpadded base64 the handshake line carries. */
#ifndef GC_TLS_H
#define GC_TLS_H

#include "base/gc_buf.h"

struct gc_tls_identity {
    struct gc_buf key_pem;  /* PKCS#8 PEM, NUL-terminated via gc_buf_cstr; secret: wiped on clean-up */
    struct gc_buf cert_pem; /* PEM */
    struct gc_buf cert_der; /* DER of the same certificate */
};

void gc_tls_identity_init(struct gc_tls_identity *identity);
/* Generates a fresh key and certificate into an initialised identity. Returns 0 or -1 (logged). */
int gc_tls_identity_generate(struct gc_tls_identity *identity);
/* Wipes the private key. Accepts NULL and zeroed identities. */
void gc_tls_identity_clean_up(struct gc_tls_identity *identity);

/* Checks the client certificate Terraform passes in PLUGIN_CLIENT_CERT before gRPC takes it (gRPC would only fail
 * the listen, without a reason): present, a PEM certificate that parses, valid now. 0, or -1 with what is wrong
 * written to `why` (a sentence, NUL-terminated, cut to `why_len`). */
int gc_tls_client_cert_check(const char *pem, char *why, size_t why_len);

/* Appends the standard-alphabet base64 of `in` with the trailing '=' padding removed (Go RawStdEncoding). */
int gc_tls_base64_raw(struct gc_buf *out, struct gc_span in);

#endif
