#include "transport/gc_tls.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/gc_log.h"

#define GC_TLS_BACKDATE_S 30L
#define GC_TLS_LIFETIME_S (262980L * 3600L) /* go-plugin's 262980 h, about 30 years */

void gc_tls_identity_init(struct gc_tls_identity *identity)
{
    if (!identity)
        return;
    gc_buf_init(&identity->key_pem, 64 * 1024);
    gc_buf_init(&identity->cert_pem, 64 * 1024);
    gc_buf_init(&identity->cert_der, 64 * 1024);
}

void gc_tls_identity_clean_up(struct gc_tls_identity *identity)
{
    if (!identity)
        return;
    gc_buf_clean_up_secure(&identity->key_pem);
    gc_buf_clean_up(&identity->cert_pem);
    gc_buf_clean_up(&identity->cert_der);
}

static int s_add_ext(X509 *cert, int nid, const char *value)
{
    int result = -1;
    X509V3_CTX ctx;
    X509_EXTENSION *ext = NULL;

    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext) {
        GC_ERROR("tls: cannot build certificate extension %s", OBJ_nid2sn(nid));
        goto cleanup;
    }
    if (!X509_add_ext(cert, ext, -1)) {
        GC_ERROR("tls: cannot add certificate extension %s", OBJ_nid2sn(nid));
        goto cleanup;
    }
    result = 0;
cleanup:
    X509_EXTENSION_free(ext);
    return result;
}

static int s_set_random_serial(X509 *cert)
{
    int result = -1;
    unsigned char bytes[16];
    BIGNUM *bn = NULL;

    if (RAND_bytes(bytes, sizeof bytes) != 1)
        goto cleanup;
    bytes[0] &= 0x7f; /* positive, as RFC 5280 wants */
    bytes[0] |= 0x01; /* and never zero-length */
    bn = BN_bin2bn(bytes, sizeof bytes, NULL);
    if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)))
        goto cleanup;
    result = 0;
cleanup:
    BN_free(bn);
    return result;
}

static int s_bio_to_buf(struct gc_buf *out, BIO *bio)
{
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    if (len <= 0 || !data)
        return -1;
    return gc_buf_append(out, data, (size_t)len);
}

static int s_build_cert(X509 **out, EVP_PKEY *key)
{
    int result = -1;
    X509 *cert = X509_new();
    X509_NAME *name = NULL;

    if (!cert || !X509_set_version(cert, 2) || s_set_random_serial(cert) != 0)
        goto cleanup;
    if (!X509_gmtime_adj(X509_getm_notBefore(cert), -GC_TLS_BACKDATE_S) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert), GC_TLS_LIFETIME_S))
        goto cleanup;
    name = X509_get_subject_name(cert);
    if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0))
        goto cleanup;
    if (!X509_set_issuer_name(cert, name) || !X509_set_pubkey(cert, key))
        goto cleanup;
    if (s_add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") != 0 ||
        s_add_ext(cert, NID_key_usage, "critical,digitalSignature,keyEncipherment,keyAgreement,keyCertSign") != 0 ||
        s_add_ext(cert, NID_ext_key_usage, "serverAuth,clientAuth") != 0 ||
        s_add_ext(cert, NID_subject_alt_name, "DNS:localhost") != 0 ||
        s_add_ext(cert, NID_subject_key_identifier, "hash") != 0)
        goto cleanup;
    if (X509_sign(cert, key, EVP_sha256()) <= 0)
        goto cleanup;
    *out = cert;
    cert = NULL;
    result = 0;
cleanup:
    X509_free(cert);
    return result;
}

int gc_tls_identity_generate(struct gc_tls_identity *identity)
{
    int result = -1;
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    BIO *key_bio = NULL;
    BIO *cert_bio = NULL;
    unsigned char *der = NULL;
    int der_len = 0;

    if (!identity)
        goto cleanup;
    key = EVP_EC_gen("P-256");
    if (!key) {
        GC_ERROR("tls: cannot generate the ECDSA P-256 key");
        goto cleanup;
    }
    if (s_build_cert(&cert, key) != 0) {
        GC_ERROR("tls: cannot build the self-signed certificate");
        goto cleanup;
    }
    key_bio = BIO_new(BIO_s_secmem());
    cert_bio = BIO_new(BIO_s_mem());
    if (!key_bio || !cert_bio)
        goto cleanup;
    if (!PEM_write_bio_PrivateKey(key_bio, key, NULL, NULL, 0, NULL, NULL) || !PEM_write_bio_X509(cert_bio, cert))
        goto cleanup;
    der_len = i2d_X509(cert, &der);
    if (der_len <= 0)
        goto cleanup;
    gc_buf_reset(&identity->key_pem);
    gc_buf_reset(&identity->cert_pem);
    gc_buf_reset(&identity->cert_der);
    if (s_bio_to_buf(&identity->key_pem, key_bio) != 0 || s_bio_to_buf(&identity->cert_pem, cert_bio) != 0 ||
        gc_buf_append(&identity->cert_der, der, (size_t)der_len) != 0) {
        GC_ERROR("tls: cannot store the generated key and certificate");
        goto cleanup;
    }
    result = 0;
cleanup:
    OPENSSL_free(der);
    BIO_free(key_bio); /* a secure-memory BIO: OpenSSL clears it */
    BIO_free(cert_bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    return result;
}

static void s_asn1_time_text(char *out, size_t out_len, const ASN1_TIME *t)
{
    struct tm tm;
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1 || strftime(out, out_len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, out_len, "an unreadable date");
}

int gc_tls_client_cert_check(const char *pem, char *why, size_t why_len)
{
    int result = -1;
    BIO *bio = NULL;
    X509 *cert = NULL;
    char when[32];

    if (!pem || !*pem) {
        snprintf(why, why_len, "PLUGIN_CLIENT_CERT is empty: Terraform passes its client certificate there");
        goto cleanup;
    }
    if (!strstr(pem, "-----BEGIN CERTIFICATE-----")) {
        snprintf(why, why_len, "PLUGIN_CLIENT_CERT holds no PEM certificate (no \"-----BEGIN CERTIFICATE-----\" line)");
        goto cleanup;
    }
    ERR_clear_error();
    bio = BIO_new_mem_buf(pem, -1);
    cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    if (!cert) {
        unsigned long e = ERR_peek_last_error();
        const char *reason = e ? ERR_reason_error_string(e) : NULL;
        snprintf(why, why_len, "the certificate in PLUGIN_CLIENT_CERT does not parse (%s)",
                 reason ? reason : "malformed PEM or DER");
        goto cleanup;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0) {
        s_asn1_time_text(when, sizeof when, X509_get0_notAfter(cert));
        snprintf(why, why_len, "the certificate in PLUGIN_CLIENT_CERT expired on %s", when);
        goto cleanup;
    }
    if (X509_cmp_current_time(X509_get0_notBefore(cert)) >= 0) {
        s_asn1_time_text(when, sizeof when, X509_get0_notBefore(cert));
        snprintf(why, why_len, "the certificate in PLUGIN_CLIENT_CERT is not valid before %s", when);
        goto cleanup;
    }
    result = 0;
cleanup:
    ERR_clear_error();
    X509_free(cert);
    BIO_free(bio);
    return result;
}

int gc_tls_base64_raw(struct gc_buf *out, struct gc_span in)
{
    int result = -1;
    size_t start = out ? out->len : 0;
    size_t enc_len = 4 * ((in.len + 2) / 3);

    if (!out || in.len > (size_t)(1 << 28))
        goto cleanup;
    if (in.len == 0) {
        result = 0;
        goto cleanup;
    }
    if (gc_buf_reserve(out, enc_len + 1) != 0)
        goto cleanup;
    /* EVP_EncodeBlock writes enc_len characters and a NUL, and always pads. */
    int n = EVP_EncodeBlock(out->ptr + start, in.ptr, (int)in.len);
    if (n < 0 || (size_t)n != enc_len)
        goto cleanup;
    while (n > 0 && out->ptr[start + (size_t)n - 1] == '=')
        n--;
    out->len = start + (size_t)n;
    result = 0;
cleanup:
    return result;
}
