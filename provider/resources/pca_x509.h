/* What the Private CA resources need from OpenSSL: a certificate's serial and validity, a CSR that parses and
 * whose signature verifies, base64 of PEM text (PCA's blob members), and idempotency tokens derived from the
 * planned values (the same plan gives the same token, so a create interrupted anywhere is finished, not
 * repeated, by the next apply). */
#ifndef GC_PCA_X509_H
#define GC_PCA_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A certificate as the resources show it. Strings owned; gc_pca_cert_info_clean_up frees. */
struct gc_pca_cert_info {
    char *serial;        /* lower-case hex pairs joined by ':' ("0a:1b:..."), as PCA's RevokeCertificate takes it */
    char not_before[24]; /* RFC 3339 UTC: "2026-12-01T09:00:00Z" */
    char not_after[24];
    int64_t not_before_s; /* seconds since the epoch */
    int64_t not_after_s;
    bool is_ca; /* basicConstraints CA:TRUE */
};

void gc_pca_cert_info_clean_up(struct gc_pca_cert_info *info);

/* Reads the first certificate of `pem`. 0, or -1 when it does not parse (or allocation failed). */
int gc_pca_cert_info(struct gc_pca_cert_info *out, const char *pem);

/* Checks that `pem` is one PEM certificate request whose self-signature verifies. 0, or -1 with the reason in
 * `why` (a sentence for a diagnostic). */
int gc_pca_csr_check(const char *pem, char *why, size_t why_len);

/* True when the CSR's public key is the certificate's (both PEM). */
bool gc_pca_csr_matches_cert(const char *csr_pem, const char *cert_pem);

/* Standard base64 (with padding, no line breaks) of the bytes of `text`: owned, NULL on allocation failure. */
char *gc_pca_base64(const char *text);

/* A token derived from `parts` (n strings, NULL counted as empty): "gc" and 32 hex digits of the SHA-256 of the
 * parts separated by a unit separator. Same parts, same token. 0 / -1. */
int gc_pca_token(char out[37], const char *const *parts, size_t n);

/* The wall clock (seconds since the epoch) the resources judge validity by: time(), or the test seam's. */
int64_t gc_pca_now_s(void);
/* Test seam: replaces the wall clock; NULL restores time(). */
void gc_pca_set_clock(int64_t (*now_s)(void));

/* Whole days of a certificate's validity (not_after - not_before, to the nearest day: AWS back-dates not_before by
 * an hour against clock skew). */
int64_t gc_pca_cert_days(const struct gc_pca_cert_info *info);

/* Reads at most `max_len` bytes of the file at `path` as a NUL-terminated string: owned, or NULL with the reason in
 * `why` (missing, unreadable, too large, out of memory). */
char *gc_pca_read_file(const char *path, size_t max_len, char *why, size_t why_len);

/* Seconds since the epoch of an RFC 3339 UTC time as written above ("...Z"); -1 when it does not parse. */
int64_t gc_pca_time_parse(const char *text);

#endif
