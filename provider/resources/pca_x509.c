/* OpenSSL helpers of the Private CA resources (see pca_x509.h). */
#include "resources/pca_x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "base/gc_buf.h"

static int64_t (*s_now_s)(void);

int64_t gc_pca_now_s(void)
{
    return s_now_s ? s_now_s() : (int64_t)time(NULL);
}

void gc_pca_set_clock(int64_t (*now_s)(void))
{
    s_now_s = now_s;
}

int64_t gc_pca_cert_days(const struct gc_pca_cert_info *info)
{
    return (info->not_after_s - info->not_before_s + 43200) / 86400;
}

char *gc_pca_read_file(const char *path, size_t max_len, char *why, size_t why_len)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        snprintf(why, why_len, "cannot open \"%s\"", path ? path : "");
        goto cleanup;
    }
    text = calloc(max_len + 2, 1);
    if (!text) {
        snprintf(why, why_len, "out of memory reading \"%s\"", path);
        goto cleanup;
    }
    n = fread(text, 1, max_len + 1, f);
    if (ferror(f) || n > max_len) {
        snprintf(why, why_len, ferror(f) ? "cannot read \"%s\"" : "\"%s\" is larger than %zu bytes", path, max_len);
        free(text);
        text = NULL;
    }
cleanup:
    if (f)
        fclose(f);
    return text;
}

void gc_pca_cert_info_clean_up(struct gc_pca_cert_info *info)
{
    if (!info)
        return;
    free(info->serial);
    memset(info, 0, sizeof *info);
}

static X509 *s_read_cert(const char *pem)
{
    X509 *cert = NULL;
    BIO *bio = pem ? BIO_new_mem_buf(pem, -1) : NULL;
    if (bio)
        cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return cert;
}

static X509_REQ *s_read_csr(const char *pem)
{
    X509_REQ *req = NULL;
    BIO *bio = pem ? BIO_new_mem_buf(pem, -1) : NULL;
    if (bio)
        req = PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return req;
}

/* "0a:1b:..." from the serial's big-endian bytes (at least one byte). */
static char *s_serial_text(const ASN1_INTEGER *serial)
{
    char *text = NULL;
    unsigned char *bytes = NULL;
    BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
    int n = bn ? BN_num_bytes(bn) : -1;
    if (n < 0)
        goto cleanup;
    bytes = calloc((size_t)n + 1, 1);
    text = bytes ? calloc((size_t)(n ? n : 1) * 3, 1) : NULL;
    if (!text)
        goto cleanup;
    BN_bn2bin(bn, bytes);
    if (n == 0)
        n = 1; /* serial 0: one zero byte */
    for (int i = 0; i < n; i++)
        snprintf(text + i * 3, 4, i + 1 < n ? "%02x:" : "%02x", bytes[i]);
cleanup:
    free(bytes);
    BN_free(bn);
    return text;
}

static int s_time(const ASN1_TIME *t, char out[24], int64_t *seconds)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return -1;
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
    *seconds = (int64_t)timegm(&tm);
    return 0;
}

int gc_pca_cert_info(struct gc_pca_cert_info *out, const char *pem)
{
    int result = -1;
    X509 *cert = s_read_cert(pem);
    memset(out, 0, sizeof *out);
    if (!cert)
        goto cleanup;
    if (s_time(X509_get0_notBefore(cert), out->not_before, &out->not_before_s) != 0 ||
        s_time(X509_get0_notAfter(cert), out->not_after, &out->not_after_s) != 0)
        goto cleanup;
    out->is_ca = X509_check_ca(cert) != 0;
    out->serial = s_serial_text(X509_get0_serialNumber(cert));
    if (!out->serial)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0)
        gc_pca_cert_info_clean_up(out);
    X509_free(cert);
    return result;
}

int gc_pca_csr_check(const char *pem, char *why, size_t why_len)
{
    int result = -1;
    X509_REQ *req = NULL;
    EVP_PKEY *key = NULL;
    if (!pem || !strstr(pem, "-----BEGIN CERTIFICATE REQUEST-----")) {
        snprintf(why, why_len,
                 "The value is not a PEM certificate signing request (no \"-----BEGIN CERTIFICATE "
                 "REQUEST-----\" line).");
        goto cleanup;
    }
    req = s_read_csr(pem);
    if (!req) {
        snprintf(why, why_len, "The PEM certificate signing request does not parse (bad base64 or DER).");
        goto cleanup;
    }
    key = X509_REQ_get_pubkey(req);
    if (!key) {
        snprintf(why, why_len, "The certificate signing request has no readable public key.");
        goto cleanup;
    }
    if (X509_REQ_verify(req, key) != 1) {
        snprintf(why, why_len,
                 "The certificate signing request's signature does not verify with its own public "
                 "key: it was altered or signed with another key.");
        goto cleanup;
    }
    result = 0;
cleanup:
    EVP_PKEY_free(key);
    X509_REQ_free(req);
    return result;
}

bool gc_pca_csr_matches_cert(const char *csr_pem, const char *cert_pem)
{
    X509_REQ *req = s_read_csr(csr_pem);
    X509 *cert = s_read_cert(cert_pem);
    EVP_PKEY *a = req ? X509_REQ_get_pubkey(req) : NULL;
    EVP_PKEY *b = cert ? X509_get_pubkey(cert) : NULL;
    bool same = a && b && EVP_PKEY_eq(a, b) == 1;
    EVP_PKEY_free(a);
    EVP_PKEY_free(b);
    X509_REQ_free(req);
    X509_free(cert);
    return same;
}

char *gc_pca_base64(const char *text)
{
    size_t n = text ? strlen(text) : 0;
    if (n > (size_t)1 << 26)
        return NULL;
    char *out = calloc(4 * ((n + 2) / 3) + 1, 1);
    if (out)
        EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)(text ? text : ""), (int)n);
    return out;
}

int gc_pca_token(char out[37], const char *const *parts, size_t n)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    int result = -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
        goto cleanup;
    for (size_t i = 0; i < n; i++) {
        const char *p = parts[i] ? parts[i] : "";
        if (EVP_DigestUpdate(ctx, p, strlen(p)) != 1 || EVP_DigestUpdate(ctx, "\x1f", 1) != 1)
            goto cleanup;
    }
    if (EVP_DigestFinal_ex(ctx, md, &md_len) != 1 || md_len < 16)
        goto cleanup;
    out[0] = 'g';
    out[1] = 'c';
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 + i * 2, 3, "%02x", md[i]);
    result = 0;
cleanup:
    EVP_MD_CTX_free(ctx);
    return result;
}

int64_t gc_pca_time_parse(const char *text)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = text ? strptime(text, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    if (!end || *end != '\0')
        return -1;
    return (int64_t)timegm(&tm);
}
