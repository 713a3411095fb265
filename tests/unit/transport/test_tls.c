/* The generated certificate must match the profile described in transport/gc_tls.h (go-plugin's). */
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <time.h>

#include "gc_test.h"
#include "transport/gc_tls.h"

struct fixture {
    struct gc_tls_identity id;
    X509 *cert;
    EVP_PKEY *key;
};

static int s_load(struct fixture *f)
{
    gc_tls_identity_init(&f->id);
    f->cert = NULL;
    f->key = NULL;
    if (gc_tls_identity_generate(&f->id) != 0)
        return -1;
    BIO *cb = BIO_new_mem_buf(f->id.cert_pem.ptr, (int)f->id.cert_pem.len);
    BIO *kb = BIO_new_mem_buf(f->id.key_pem.ptr, (int)f->id.key_pem.len);
    f->cert = PEM_read_bio_X509(cb, NULL, NULL, NULL);
    f->key = PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL);
    BIO_free(cb);
    BIO_free(kb);
    return f->cert && f->key ? 0 : -1;
}

static void s_unload(struct fixture *f)
{
    X509_free(f->cert);
    EVP_PKEY_free(f->key);
    gc_tls_identity_clean_up(&f->id);
}

GC_TEST(pem_and_der_agree_and_key_matches)
{
    struct fixture f;
    int loaded = s_load(&f) == 0;
    const unsigned char *p = f.id.cert_der.ptr;
    X509 *from_der = loaded ? d2i_X509(NULL, &p, (long)f.id.cert_der.len) : NULL;
    int same = from_der && X509_cmp(from_der, f.cert) == 0;
    int key_matches = loaded && X509_check_private_key(f.cert, f.key) == 1;
    int pkcs8 = loaded && strstr(gc_buf_cstr(&f.id.key_pem), "-----BEGIN PRIVATE KEY-----") != NULL;
    X509_free(from_der);
    s_unload(&f);
    ASSERT_TRUE(loaded);
    ASSERT_TRUE(same);
    ASSERT_TRUE(key_matches);
    ASSERT_TRUE(pkcs8);
}

GC_TEST(key_is_p256_and_self_signed)
{
    struct fixture f;
    int loaded = s_load(&f) == 0;
    char group[64] = "";
    size_t glen = 0;
    int is_ec = loaded && EVP_PKEY_is_a(f.key, "EC");
    if (is_ec)
        EVP_PKEY_get_utf8_string_param(f.key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &glen);
    EVP_PKEY *pub = loaded ? X509_get0_pubkey(f.cert) : NULL;
    int sig_ok = pub && X509_verify(f.cert, pub) == 1;
    int issuer_is_subject = loaded && X509_NAME_cmp(X509_get_subject_name(f.cert), X509_get_issuer_name(f.cert)) == 0;
    int sig_nid = loaded ? X509_get_signature_nid(f.cert) : 0;
    long version = loaded ? X509_get_version(f.cert) : -1;
    s_unload(&f);
    ASSERT_TRUE(loaded);
    ASSERT_TRUE(is_ec);
    ASSERT_STR_EQ(group, "prime256v1");
    ASSERT_TRUE(sig_ok);
    ASSERT_TRUE(issuer_is_subject);
    ASSERT_INT_EQ(sig_nid, NID_ecdsa_with_SHA256);
    ASSERT_INT_EQ(version, 2); /* X.509 v3 */
}

GC_TEST(san_is_dns_localhost)
{
    struct fixture f;
    int loaded = s_load(&f) == 0;
    int crit = -1;
    GENERAL_NAMES *names = loaded ? X509_get_ext_d2i(f.cert, NID_subject_alt_name, &crit, NULL) : NULL;
    int n = names ? sk_GENERAL_NAME_num(names) : 0;
    int dns_localhost = 0;
    if (n == 1) {
        GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, 0);
        if (gn->type == GEN_DNS) {
            const unsigned char *s = ASN1_STRING_get0_data(gn->d.dNSName);
            dns_localhost = ASN1_STRING_length(gn->d.dNSName) == 9 && memcmp(s, "localhost", 9) == 0;
        }
    }
    int host_ok = loaded && X509_check_host(f.cert, "localhost", 0, 0, NULL) == 1;
    int other_host = loaded && X509_check_host(f.cert, "example.com", 0, 0, NULL) == 1;
    GENERAL_NAMES_free(names);
    s_unload(&f);
    ASSERT_TRUE(loaded);
    ASSERT_INT_EQ(n, 1);
    ASSERT_TRUE(dns_localhost);
    ASSERT_TRUE(host_ok);
    ASSERT_FALSE(other_host);
}

GC_TEST(ca_true_critical)
{
    struct fixture f;
    int loaded = s_load(&f) == 0;
    int crit = -1;
    BASIC_CONSTRAINTS *bc = loaded ? X509_get_ext_d2i(f.cert, NID_basic_constraints, &crit, NULL) : NULL;
    int ca = bc && bc->ca;
    int is_ca_flag = loaded && X509_check_ca(f.cert) >= 1;
    BASIC_CONSTRAINTS_free(bc);
    s_unload(&f);
    ASSERT_TRUE(loaded);
    ASSERT_TRUE(ca);
    ASSERT_INT_EQ(crit, 1);
    ASSERT_TRUE(is_ca_flag);
}

GC_TEST(key_usage_critical)
{
    struct fixture f;
    int loaded = s_load(&f) == 0;
    int crit = -1;
    ASN1_BIT_STRING *ku = loaded ? X509_get_ext_d2i(f.cert, NID_key_usage, &crit, NULL) : NULL;
    uint32_t bits = loaded ? X509_get_key_usage(f.cert) : 0;
    ASN1_BIT_STRING_free(ku);
    s_unload(&f);
    ASSERT_TRUE(loaded);
    ASSERT_INT_EQ(crit, 1);
    ASSERT_INT_EQ(bits, KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT | KU_KEY_CERT_SIGN);
}

GC_TEST(eku_server_and_client_auth)
{
    struct fixture f;
    int loaded = s_load(&f) == 0;
    uint32_t xku = loaded ? X509_get_extended_key_usage(f.cert) : 0;
    int crit = -1;
    EXTENDED_KEY_USAGE *eku = loaded ? X509_get_ext_d2i(f.cert, NID_ext_key_usage, &crit, NULL) : NULL;
    int n = eku ? sk_ASN1_OBJECT_num(eku) : 0;
    EXTENDED_KEY_USAGE_free(eku);
    s_unload(&f);
    ASSERT_TRUE(loaded);
    ASSERT_INT_EQ(n, 2);
    ASSERT_INT_EQ(xku, XKU_SSL_SERVER | XKU_SSL_CLIENT);
}

GC_TEST(validity_backdated_and_long)
{
    struct fixture f;
    time_t before = time(NULL);
    int loaded = s_load(&f) == 0;
    time_t after = time(NULL);
    int nb_pday = 0, nb_psec = 0, na_pday = 0, na_psec = 0;
    ASN1_TIME *now = ASN1_TIME_set(NULL, before);
    int ok1 = loaded && ASN1_TIME_diff(&nb_pday, &nb_psec, now, X509_get0_notBefore(f.cert));
    int ok2 = loaded && ASN1_TIME_diff(&na_pday, &na_psec, now, X509_get0_notAfter(f.cert));
    ASN1_TIME_free(now);
    s_unload(&f);
    long nb = (long)nb_pday * 86400 + nb_psec;
    long na_days = na_pday;
    ASSERT_TRUE(loaded);
    ASSERT_TRUE(ok1 && ok2);
    ASSERT_TRUE(nb <= -30 + (long)(after - before) && nb >= -32); /* NotBefore = now - 30 s */
    ASSERT_TRUE(na_days >= 29 * 365 && na_days <= 31 * 366);
}

GC_TEST(serial_random_and_positive)
{
    struct fixture a, b;
    int la = s_load(&a) == 0;
    int lb = s_load(&b) == 0;
    int differ = la && lb && ASN1_INTEGER_cmp(X509_get0_serialNumber(a.cert), X509_get0_serialNumber(b.cert)) != 0;
    BIGNUM *bn = la ? ASN1_INTEGER_to_BN(X509_get0_serialNumber(a.cert), NULL) : NULL;
    int positive = bn && !BN_is_negative(bn) && BN_num_bits(bn) > 64;
    int keys_differ = la && lb && EVP_PKEY_eq(a.key, b.key) != 1;
    BN_free(bn);
    s_unload(&a);
    s_unload(&b);
    ASSERT_TRUE(la && lb);
    ASSERT_TRUE(differ);
    ASSERT_TRUE(positive);
    ASSERT_TRUE(keys_differ);
}

GC_TEST(clean_up_accepts_zeroed_and_null)
{
    struct gc_tls_identity zero;
    memset(&zero, 0, sizeof zero);
    gc_tls_identity_clean_up(&zero);
    gc_tls_identity_clean_up(NULL);
    ASSERT_INT_EQ(gc_tls_identity_generate(NULL), -1);
}

/* A self-signed PEM certificate valid from now+from_s to now+to_s (malloc'd), for the client-certificate check. */
static char *s_cert_pem(long from_s, long to_s)
{
    char *out = NULL;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    BIO *bio = BIO_new(BIO_s_mem());
    if (!key || !cert || !bio || !X509_set_version(cert, 2) || !X509_gmtime_adj(X509_getm_notBefore(cert), from_s) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert), to_s) || !X509_set_pubkey(cert, key) ||
        !X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC, (const unsigned char *)"t", -1,
                                    -1, 0) ||
        !X509_set_issuer_name(cert, X509_get_subject_name(cert)) || X509_sign(cert, key, EVP_sha256()) <= 0 ||
        !PEM_write_bio_X509(bio, cert))
        goto cleanup;
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    out = malloc((size_t)len + 1);
    if (out) {
        memcpy(out, data, (size_t)len);
        out[len] = '\0';
    }
cleanup:
    BIO_free(bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    return out;
}

/* A bad PLUGIN_CLIENT_CERT failed closed with "cannot listen", which says nothing about the certificate. The check
 * names what is wrong: missing, not PEM, not parsable, expired, not yet valid. */
GC_TEST(client_cert_check_says_what_is_wrong)
{
    char *valid = s_cert_pem(-60, 3600), *expired = s_cert_pem(-7200, -3600), *future = s_cert_pem(3600, 7200);
    const struct {
        const char *pem;
        int rc;
        const char *why;
    } rows[] = {
        {valid, 0, ""},
        {NULL, -1, "empty"},
        {"", -1, "empty"},
        {"not a certificate", -1, "no PEM certificate"},
        {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", -1, "does not parse"},
        {"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", -1, "does not parse"},
        {"-----BEGIN CERTIFICATE-----\nMIIB", -1, "does not parse"},
        {expired, -1, "expired on 20"},
        {future, -1, "not valid before 20"},
    };
    int ok = valid && expired && future;
    for (size_t i = 0; ok && i < sizeof rows / sizeof rows[0]; i++) {
        char why[256] = "";
        int rc = gc_tls_client_cert_check(rows[i].pem, why, sizeof why);
        if (rc != rows[i].rc || !strstr(why, rows[i].why)) {
            printf("# row %zu: rc %d, why \"%s\"\n", i, rc, why);
            ok = 0;
        }
    }
    free(valid);
    free(expired);
    free(future);
    ASSERT_TRUE(ok);
}

GC_TEST_MAIN(GC_CASE(pem_and_der_agree_and_key_matches), GC_CASE(key_is_p256_and_self_signed),
             GC_CASE(san_is_dns_localhost), GC_CASE(ca_true_critical), GC_CASE(key_usage_critical),
             GC_CASE(eku_server_and_client_auth), GC_CASE(validity_backdated_and_long),
             GC_CASE(serial_random_and_positive), GC_CASE(clean_up_accepts_zeroed_and_null),
             GC_CASE(client_cert_check_says_what_is_wrong))
