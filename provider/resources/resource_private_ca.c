/* gcnet_private_ca: a municipality's private root certificate authority (AWS Private CA), activated in one apply
 * (create the ROOT CA, wait for its CSR, issue the root certificate from it with RootCACertificate/V1, import
 * it), shared with the business systems' accounts through RAM and usable by ACM in this account.
 *
 * A CA costs its owner every month, so a create never makes two: its steps carry tokens derived from the planned
 * values, the CA carries the create's token as a tag, and a create finds the CA an interrupted one left (killed
 * provider, lost answer) and finishes its activation instead of making another. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_ram.h"
#include "base/gc_log.h"
#include "framework/gc_adopt.h"
#include "framework/gc_delete.h"
#include "framework/gc_import.h"
#include "framework/gc_parallel.h"
#include "framework/gc_plan.h"
#include "framework/gc_strset.h"
#include "framework/gc_tagging.h"
#include "framework/gc_timeouts.h"
#include "framework/gc_wait.h"
#include "resources/pca_model.h"
#include "resources/pca_x509.h"

/* ---- schema ---- */

/* The subject keys gcnet accepts, the PCA member each sets, and its length bounds (from the PCA model). */
struct s_subject_field {
    const char *key;
    const char *member;
    size_t max_len;
};

static const struct s_subject_field s_subject_fields[] = {
    {"common_name", "CommonName", 64},
    {"country", "Country", 2},
    {"locality", "Locality", 128},
    {"organization", "Organization", 64},
    {"organizational_unit", "OrganizationalUnit", 64},
    {"state", "State", 128},
};
#define S_N_SUBJECT (sizeof s_subject_fields / sizeof s_subject_fields[0])

static const char *const s_key_algorithms[] = {"RSA_2048",      "RSA_3072",     "RSA_4096",
                                               "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"};
static const char *const s_rsa_signing[] = {"SHA256WITHRSA", "SHA384WITHRSA", "SHA512WITHRSA"};
static const char *const s_ec_signing[] = {"SHA256WITHECDSA", "SHA384WITHECDSA", "SHA512WITHECDSA"};

static bool s_in(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

static bool s_is_rsa(const char *key_algorithm)
{
    return key_algorithm && strncmp(key_algorithm, "RSA_", 4) == 0;
}

static int s_validate_subject(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    bool has_cn = false;
    for (size_t i = 0; i < v->u.map.n; i++) {
        const char *key = v->u.map.keys[i];
        const char *val = gc_value_string(v->u.map.vals[i]);
        const struct s_subject_field *f = NULL;
        for (size_t k = 0; k < S_N_SUBJECT; k++)
            if (strcmp(key, s_subject_fields[k].key) == 0)
                f = &s_subject_fields[k];
        if (!f) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Unknown subject field",
                         "\"%s\" is not a subject field gcnet sets; use common_name, organization, "
                         "organizational_unit, country, state and locality.",
                         key);
            result = -1;
            continue;
        }
        if (!gc_value_is_known(v->u.map.vals[i]) || !val)
            continue;
        has_cn = has_cn || strcmp(f->key, "common_name") == 0;
        size_t len = strlen(val);
        if (strcmp(f->key, "country") == 0) {
            if (len != 2 || val[0] < 'A' || val[0] > 'Z' || val[1] < 'A' || val[1] > 'Z') {
                gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid country code",
                             "subject.country \"%s\": give the two-letter ISO 3166 code in capitals, e.g. \"JP\".",
                             val);
                result = -1;
            }
        } else if (len == 0 || len > f->max_len) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid subject field",
                         "subject.%s is %zu characters long; it must be 1 to %zu.", f->key, len, f->max_len);
            result = -1;
        }
    }
    bool cn_listed = gc_value_map_get(v, "common_name") != NULL;
    if (!has_cn && !cn_listed) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Missing common name",
                     "The root CA's subject needs a common_name (at most 64 characters).");
        result = -1;
    }
    return result;
}

static int s_validate_key_algorithm(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (s_in(gc_value_string(v), s_key_algorithms, 6))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid key algorithm",
                 "\"%s\": use RSA_2048, RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1 or EC_secp521r1.",
                 gc_value_string(v));
    return -1;
}

static int s_validate_signing_algorithm(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(v);
    if (s_in(s, s_rsa_signing, 3) || s_in(s, s_ec_signing, 3))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid signing algorithm",
                 "\"%s\": use SHA256WITHRSA, SHA384WITHRSA or SHA512WITHRSA with an RSA key, SHA256WITHECDSA, "
                 "SHA384WITHECDSA or SHA512WITHECDSA with an EC key.",
                 s);
    return -1;
}

static int s_validate_usage_mode(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(v);
    if (s && (strcmp(s, "GENERAL_PURPOSE") == 0 || strcmp(s, "SHORT_LIVED_CERTIFICATE") == 0))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid usage mode",
                 "\"%s\": use GENERAL_PURPOSE or SHORT_LIVED_CERTIFICATE.", s);
    return -1;
}

static int s_validate_years(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_validate_int_range(v, path, diags, 1, 30, "validity_years (the root certificate's lifetime)");
}

static int s_validate_window(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_validate_int_range(v, path, diags, 7, 30,
                                 "permanent_deletion_time_in_days (AWS keeps a deleted CA restorable 7 to 30 days)");
}

static struct gc_value *s_default_key(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_string("RSA_2048");
}

/* The signing algorithm follows the key family when the configuration leaves it out. */
static struct gc_value *s_default_signing(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    const struct gc_value *key = gc_value_object_get(config, "key_algorithm");
    if (!gc_value_is_known(key))
        return NULL;
    const char *k = gc_value_string(key);
    return gc_value_new_string(!k || s_is_rsa(k) ? "SHA256WITHRSA" : "SHA256WITHECDSA");
}

static struct gc_value *s_default_years(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_int(10);
}

static struct gc_value *s_default_window(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_int(30);
}

static struct gc_value *s_default_usage(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_string("GENERAL_PURPOSE");
}

GC_TIMEOUTS_MINUTES(s_timeouts_block, 30);

#define RO (GC_ATTR_COMPUTED | GC_ATTR_STABLE)
#define OPT (GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED)
static const struct gc_attr_def s_ca_attrs[] = {
    {"acm_permission", &gc_type_bool, OPT,
     "Whether ACM in this account may issue and renew certificates from the CA (a CreatePermission for "
     "acm.amazonaws.com: IssueCertificate, GetCertificate, ListPermissions; default true).",
     NULL, gc_default_true},
    {"arn", &gc_type_string, RO, "ARN of the certificate authority.", NULL, NULL},
    {"certificate", &gc_type_string, RO, "The root certificate (PEM).", NULL, NULL},
    {"id", &gc_type_string, RO, "ARN of the certificate authority.", NULL, NULL},
    {"key_algorithm", &gc_type_string, OPT | GC_ATTR_FORCE_NEW,
     "Key algorithm of the CA (default RSA_2048; RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1). "
     "A change replaces the CA.",
     s_validate_key_algorithm, s_default_key},
    {"not_after", &gc_type_string, RO, "End of the root certificate's validity (RFC 3339, UTC).", NULL, NULL},
    {"not_before", &gc_type_string, RO, "Start of the root certificate's validity (RFC 3339, UTC).", NULL, NULL},
    {"ocsp_enabled", &gc_type_bool, OPT, "Whether the CA answers OCSP (default false).", NULL, gc_default_false},
    {"permanent_deletion_time_in_days", &gc_type_number, OPT,
     "Days a destroyed CA stays restorable before AWS deletes it for good (7 to 30, default 30).", s_validate_window,
     s_default_window},
    {"resource_share_arn", &gc_type_string, RO, "ARN of the RAM share of the CA (null when share_with is empty).", NULL,
     NULL},
    {"serial", &gc_type_string, RO, "Serial number of the root certificate (hex pairs joined by ':').", NULL, NULL},
    {"share_with", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "12-digit AWS account IDs of the business systems the CA is shared with through RAM "
     "(acm-pca:CertificateAuthority).",
     gc_validate_account_id, NULL},
    {"signing_algorithm", &gc_type_string, OPT | GC_ATTR_FORCE_NEW,
     "Signing algorithm of the CA; must match the key family (default SHA256WITHRSA for RSA keys, SHA256WITHECDSA "
     "for EC keys). A change replaces the CA.",
     s_validate_signing_algorithm, s_default_signing},
    {"status", &gc_type_string, RO, "Status of the CA (ACTIVE once applied).", NULL, NULL},
    {"subject", &gc_type_map_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "Distinguished name of the root CA: common_name (required, at most 64 characters), organization, "
     "organizational_unit, country (two capital letters), state, locality. A change replaces the CA.",
     s_validate_subject, NULL},
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL | GC_ATTR_TAGS, "Tags of the CA and its RAM share.",
     gc_validate_tags, NULL},
    {"tags_all", &gc_type_map_string, GC_ATTR_COMPUTED | GC_ATTR_TAGS_ALL,
     "Tags of the CA, including the provider's default_tags.", NULL, NULL},
    {"usage_mode", &gc_type_string, OPT | GC_ATTR_FORCE_NEW,
     "GENERAL_PURPOSE (default) or SHORT_LIVED_CERTIFICATE (certificates of at most 7 days, much cheaper). A change "
     "replaces the CA.",
     s_validate_usage_mode, s_default_usage},
    {"validity_years", &gc_type_number, OPT | GC_ATTR_FORCE_NEW,
     "Lifetime of the root certificate in years (1 to 30, default 10). A change replaces the CA.", s_validate_years,
     s_default_years},
};
#undef RO
#undef OPT

GC_RESOURCE_BLOCK(
    s_ca_block, s_ca_attrs, s_timeouts_block,
    "A municipality's private root certificate authority (AWS Private CA), ACTIVE after one apply, shared with the "
    "business systems' accounts through RAM and usable by ACM in this account.");

static int s_validate(const struct gc_value *config, struct gc_diags *diags)
{
    const struct gc_value *key = gc_value_object_get(config, "key_algorithm");
    const struct gc_value *sig = gc_value_object_get(config, "signing_algorithm");
    if (!gc_value_is_known(key) || !gc_value_is_known(sig) || gc_value_is_null(sig))
        return 0;
    const char *k = gc_value_is_null(key) ? "RSA_2048" : gc_value_string(key);
    const char *s = gc_value_string(sig);
    bool rsa_sig = s_in(s, s_rsa_signing, 3), ec_sig = s_in(s, s_ec_signing, 3);
    if ((s_is_rsa(k) && ec_sig) || (!s_is_rsa(k) && rsa_sig)) {
        gc_diags_error_at(diags, "signing_algorithm", "Signing algorithm does not match the key",
                          "%s signs with %s keys, but key_algorithm is %s. Use %s.", s, rsa_sig ? "RSA" : "EC", k,
                          s_is_rsa(k) ? "SHA256WITHRSA, SHA384WITHRSA or SHA512WITHRSA"
                                      : "SHA256WITHECDSA, SHA384WITHECDSA or SHA512WITHECDSA");
        return -1;
    }
    return 0;
}

static int s_plan(struct gc_plan_ctx *ctx)
{
    if (gc_plan_is_create(ctx))
        return 0;
    /* a CA disabled outside Terraform is enabled again in place */
    const char *status = gc_value_get_string(ctx->prior, "status");
    if (status && strcmp(status, "ACTIVE") != 0 && gc_plan_set_unknown(ctx, "status") != 0)
        return -1;
    /* the share follows share_with: made when the first account appears, deleted with the last one */
    const struct gc_value *share = gc_value_object_get(ctx->planned, "share_with");
    bool want_share = gc_value_is_known(share) && !gc_value_is_null(share) && gc_value_length(share) > 0;
    if (!gc_value_is_known(share) ||
        (want_share && gc_value_is_null(gc_value_object_get(ctx->prior, "resource_share_arn"))))
        return gc_plan_set_unknown(ctx, "resource_share_arn");
    if (!want_share && gc_value_object_set(ctx->planned, "resource_share_arn", gc_value_new_null(&gc_type_string)) != 0)
        return -1;
    return 0;
}

/* ---- the CA as one create, read, update or delete sees it ---- */

struct s_ca {
    char *arn;
    json_t *ca;        /* DescribeCertificateAuthority's CertificateAuthority */
    char *certificate; /* root PEM */
    char *share_arn;   /* the RAM share, NULL: none */
    char **principals; /* the share's principals (read) */
    size_t n_principals;
    bool acm_permission; /* read */
    struct gc_tags tags; /* the CA's tags (read) */
    char token[37];      /* the create's token, derived from the planned values */
    int n_deleted;       /* DELETED root CAs with the planned common name (earlier lives of this configuration) */
    json_t *listing;     /* ListCertificateAuthorities (the look-up's ids point into it) */
    const struct gc_value *planned;
    char *last_status; /* what the last wait poll saw */
    bool fresh;        /* made by this create's own CreateCertificateAuthority: it has no share nor permission yet */
    bool loaded; /* share_arn, principals and acm_permission are what s_load read: the syncs need not read again */
};

static void s_principals_free(char ***principals, size_t *n)
{
    for (size_t i = 0; *principals && i < *n; i++)
        free((*principals)[i]);
    free(*principals);
    *principals = NULL;
    *n = 0;
}

static void s_ca_clean_up(struct s_ca *c)
{
    free(c->arn);
    json_decref(c->ca);
    free(c->certificate);
    free(c->share_arn);
    s_principals_free(&c->principals, &c->n_principals);
    gc_tags_clean_up(&c->tags);
    json_decref(c->listing);
    free(c->last_status);
    memset(c, 0, sizeof *c);
}

static const char *s_common_name(const struct gc_value *resource)
{
    return gc_value_string(gc_value_map_get(gc_value_object_get(resource, "subject"), "common_name"));
}

/* The Subject document of the planned subject map. */
static json_t *s_subject_doc(const struct gc_value *planned)
{
    const struct gc_value *subject = gc_value_object_get(planned, "subject");
    json_t *doc = json_object();
    for (size_t i = 0; doc && i < S_N_SUBJECT; i++) {
        const char *v = gc_value_string(gc_value_map_get(subject, s_subject_fields[i].key));
        if (v && json_object_set_new(doc, s_subject_fields[i].member, json_string(v)) != 0) {
            json_decref(doc);
            doc = NULL;
        }
    }
    return doc;
}

/* The create's token: the planned values that define the CA (a change of any of them replaces it). */
static int s_create_token(struct s_ca *c, const struct gc_value *planned)
{
    const struct gc_value *subject = gc_value_object_get(planned, "subject");
    const char *parts[4 + S_N_SUBJECT];
    char years[32];
    int64_t y = 0;
    gc_value_get_int64(planned, "validity_years", &y);
    snprintf(years, sizeof years, "%lld", (long long)y);
    parts[0] = gc_value_get_string(planned, "key_algorithm");
    parts[1] = gc_value_get_string(planned, "signing_algorithm");
    parts[2] = gc_value_get_string(planned, "usage_mode");
    parts[3] = years;
    for (size_t i = 0; i < S_N_SUBJECT; i++)
        parts[4 + i] = gc_value_string(gc_value_map_get(subject, s_subject_fields[i].key));
    return gc_pca_token(c->token, parts, 4 + S_N_SUBJECT);
}

/* The tags of the CA (or, with `suffix` "share", of its RAM share). */
static int s_object_tags(struct gc_tags *out, const struct gc_value *resource, const char *token, const char *ca_arn,
                         const char *suffix)
{
    const struct gc_tag_pair bookkeeping[] = {{GC_TAG_PCA_CREATE, token}, {GC_TAG_PCA_ARN, ca_arn}};
    return gc_tagging_object_tags(out, resource, bookkeeping, 2, s_common_name(resource), suffix);
}

/* ---- create: find what an interrupted create left, or make the CA ---- */

/* The CAs that carry this create's token (into `ids`): live ROOT CAs with the planned common name are the
 * candidates, their tags say whose they are. DELETED ones with that common name are only counted (c->n_deleted):
 * the count moves the create's IdempotencyToken on after every delete (AWS would answer a token it saw within five
 * minutes with the deleted CA), so their tags are not read: each one cost a round trip, and every earlier life of a
 * CA (and every other root of that name) stays listed for its restore window. */
static int s_lookup(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err)
{
    struct s_ca *c = arg;
    int result = -1;
    json_t *tags_in = NULL, *tags_out = NULL;
    const char *cn = s_common_name(c->planned);
    json_decref(c->listing);
    c->listing = NULL;
    c->n_deleted = 0;
    if (gc_aws_op_call_all(op->aws, &gc_op_acmpca_list_certificate_authorities, NULL, &c->listing, err) != 0)
        goto cleanup;
    size_t i;
    const json_t *ca;
    json_array_foreach(gc_doc_list(c->listing, "CertificateAuthorities"), i, ca)
    {
        const char *arn = gc_doc_str(ca, "Arn");
        const char *type = gc_doc_str(ca, "Type");
        const char *ca_cn = gc_doc_str(ca, "CertificateAuthorityConfiguration.Subject.CommonName");
        if (!arn || !type || strcmp(type, "ROOT") != 0 || !ca_cn || !cn || strcmp(ca_cn, cn) != 0)
            continue;
        if (strcmp(gc_pca_status(ca), "DELETED") == 0) {
            c->n_deleted++;
            continue;
        }
        json_decref(tags_in);
        json_decref(tags_out);
        tags_out = NULL;
        tags_in = json_pack("{s:s}", "CertificateAuthorityArn", arn);
        if (!tags_in)
            goto cleanup;
        if (gc_aws_op_call_all(op->aws, &gc_op_acmpca_list_tags, tags_in, &tags_out, err) != 0) {
            if (!gc_aws_op_is_not_found(&gc_op_acmpca_list_tags, err) && !gc_aws_error_is(err, "InvalidStateException"))
                goto cleanup;
            gc_aws_error_clean_up(err); /* gone meanwhile, or a state without tags: not ours to finish */
            memset(err, 0, sizeof *err);
            continue;
        }
        size_t k;
        const json_t *t;
        bool ours = false;
        json_array_foreach(gc_doc_list(tags_out, "Tags"), k, t)
        {
            const char *key = gc_doc_str(t, "Key"), *value = gc_doc_str(t, "Value");
            ours = ours || (key && value && strcmp(key, GC_TAG_PCA_CREATE) == 0 && strcmp(value, c->token) == 0);
        }
        if (ours && gc_strset_add(ids, arn) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(tags_in);
    json_decref(tags_out);
    return result;
}

static int s_create_call(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    struct s_ca *c = arg;
    int result = -1;
    struct gc_tags tags = {0};
    json_t *in = NULL, *out = NULL, *tag_list = json_array();
    char generation[32], idem[37];
    bool ocsp = false;
    int64_t years = 0;
    gc_value_get_bool(c->planned, "ocsp_enabled", &ocsp);
    gc_value_get_int64(c->planned, "validity_years", &years);
    snprintf(generation, sizeof generation, "%d", c->n_deleted);
    const char *parts[] = {c->token, generation};
    if (!tag_list || gc_pca_token(idem, parts, 2) != 0 || s_object_tags(&tags, c->planned, c->token, NULL, NULL) != 0)
        goto cleanup;
    for (size_t i = 0; i < tags.n; i++)
        if (json_array_append_new(tag_list,
                                  json_pack("{s:s, s:s}", "Key", tags.items[i].key, "Value", tags.items[i].value)) != 0)
            goto cleanup;
    in = json_pack("{s:{s:s, s:s, s:o}, s:s, s:{s:{s:b}}, s:s, s:s, s:O}", "CertificateAuthorityConfiguration",
                   "KeyAlgorithm", gc_value_get_string(c->planned, "key_algorithm"), "SigningAlgorithm",
                   gc_value_get_string(c->planned, "signing_algorithm"), "Subject", s_subject_doc(c->planned),
                   "CertificateAuthorityType", "ROOT", "RevocationConfiguration", "OcspConfiguration", "Enabled", ocsp,
                   "UsageMode", gc_value_get_string(c->planned, "usage_mode"), "IdempotencyToken", idem, "Tags",
                   tag_list);
    if (!in) {
        err->code = gc_strdup("InvalidArgument");
        err->message = gc_strdup("the CreateCertificateAuthority input could not be built");
        goto cleanup;
    }
    if (gc_aws_op_call(op->aws, &gc_op_acmpca_create_certificate_authority, in, &out, err) != 0)
        goto cleanup;
    const char *arn = gc_doc_str(out, "CertificateAuthorityArn");
    if (!arn) {
        err->code = gc_strdup("InvalidResponse");
        err->message = gc_strdup("CreateCertificateAuthority answered without CertificateAuthorityArn");
        err->service = GC_SVC_ACMPCA;
        err->operation = gc_strdup("CreateCertificateAuthority");
        err->http_status = 200;
        goto cleanup;
    }
    c->arn = gc_strdup(arn);
    c->fresh = true;
    result = c->arn ? 0 : -1;
cleanup:
    json_decref(in);
    json_decref(out);
    json_decref(tag_list);
    gc_tags_clean_up(&tags);
    return result;
}

static int s_take(struct gc_op *op, void *arg, const char *id)
{
    struct s_ca *c = arg;
    (void)op;
    free(c->arn);
    c->arn = gc_strdup(id);
    c->fresh = false; /* adopted: an earlier create may have shared it already */
    return c->arn ? 0 : -1;
}

/* The CA of this create: the one an interrupted create left (finished, with a warning), or a new one. */
static int s_find_or_create(struct gc_op *op, struct s_ca *c)
{
    int result = -1;
    struct gc_strset ids = {0};
    struct gc_aws_error err = {0};
    if (s_lookup(op, c, &ids, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    if (ids.n > 1) {
        gc_diags_error_at(op->diags, NULL, "Several certificate authorities from one create",
                          "%zu CAs carry this configuration's create token (%s = %s), for example %s and %s. gcnet "
                          "finishes none of them: delete the extra ones (or import one) and apply again.",
                          ids.n, GC_TAG_PCA_CREATE, c->token, ids.items[0], ids.items[1]);
        goto cleanup;
    }
    if (ids.n == 1) {
        GC_WARN("certificate authority %s was started by an earlier apply that did not finish: finishing it",
                ids.items[0]);
        result = s_take(op, c, ids.items[0]);
        goto cleanup;
    }
    struct gc_adopt_spec spec = {.operation = "CreateCertificateAuthority",
                                 .what = "certificate authority",
                                 .create = s_create_call,
                                 .lookup = s_lookup,
                                 .take = s_take,
                                 .arg = c};
    result = gc_adopt_create(op, &spec);
    if (result == 0)
        GC_INFO("created certificate authority %s", c->arn);
cleanup:
    gc_strset_clean_up(&ids);
    gc_aws_error_clean_up(&err);
    return result;
}

/* ---- activation ---- */

static int s_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct s_ca *c = arg;
    json_t *ca = NULL;
    bool deleted = false;
    *status = NULL;
    if (gc_pca_describe(op, c->arn, &ca, &deleted) != 0)
        return -1;
    if (ca || deleted) {
        *status = gc_strdup(ca ? gc_pca_status(ca) : "DELETED");
        *reason = gc_strdup(gc_doc_str(ca, "FailureReason"));
        free(c->last_status);
        c->last_status = gc_strdup(*status);
        json_decref(c->ca);
        c->ca = ca;
    }
    if ((ca || deleted) && !*status) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Reading the status of %s.", c->arn);
        return -1;
    }
    return 0;
}

static int s_wait_status(struct gc_op *op, struct s_ca *c, const char *const *target, const char *const *pending)
{
    static const char *const failed[] = {"FAILED", "DELETED", "EXPIRED", NULL};
    char what[400];
    snprintf(what, sizeof what, "certificate authority %s", c->arn);
    struct gc_wait_spec spec = {
        .what = what, .target = target, .pending = pending, .failed = failed, .status = s_status, .arg = c};
    return gc_wait_for(op, &spec);
}

static int s_set_status(struct gc_op *op, const char *arn, const char *status)
{
    return gc_op_call(op, &gc_op_acmpca_update_certificate_authority,
                      json_pack("{s:s, s:s}", "CertificateAuthorityArn", arn, "Status", status), NULL, NULL);
}

/* Issues the root certificate from the CA's own CSR and imports it: PENDING_CERTIFICATE -> ACTIVE. `csr`: the
 * GetCertificateAuthorityCsr answer when the caller has it already (taken), NULL: read it here. */
static int s_install_root(struct gc_op *op, struct s_ca *c, const struct gc_value *planned, json_t *csr)
{
    static const char *const in_progress[] = {"RequestInProgressException", NULL};
    static const char *const not_yet[] = {"RequestInProgressException", "InvalidStateException", NULL};
    int result = -1;
    json_t *ca_in = json_pack("{s:s}", "CertificateAuthorityArn", c->arn);
    json_t *issued = NULL, *cert = NULL, *imported = NULL;
    json_t *issue_in = NULL, *get_in = NULL, *import_in = NULL;
    char *csr_b64 = NULL, *cert_b64 = NULL, idem[37];
    int64_t years = 10;
    gc_value_get_int64(planned, "validity_years", &years);
    const char *parts[] = {c->token, c->arn, "root-certificate"};
    if (!ca_in || gc_pca_token(idem, parts, 3) != 0)
        goto cleanup;
    if (!csr && gc_pca_call_when_ready(op, "the certificate authority's CSR",
                                       &gc_op_acmpca_get_certificate_authority_csr, ca_in, in_progress, &csr) != 0)
        goto cleanup;
    csr_b64 = gc_pca_base64(gc_doc_str(csr, "Csr"));
    if (!gc_doc_str(csr, "Csr") || !csr_b64) {
        gc_diags_error_at(op->diags, NULL, "Unexpected AWS answer",
                          "ACM PCA GetCertificateAuthorityCsr answered without a CSR for %s.", c->arn);
        goto cleanup;
    }
    issue_in = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:I}, s:s}", "CertificateAuthorityArn", c->arn, "Csr", csr_b64,
                         "SigningAlgorithm", gc_value_get_string(planned, "signing_algorithm"), "TemplateArn",
                         GC_PCA_ROOT_TEMPLATE, "Validity", "Type", "YEARS", "Value", (json_int_t)years,
                         "IdempotencyToken", idem);
    if (!issue_in || gc_pca_call_when_ready(op, "the root certificate's issue", &gc_op_acmpca_issue_certificate,
                                            issue_in, not_yet, &issued) != 0)
        goto cleanup;
    const char *cert_arn = gc_doc_str(issued, "CertificateArn");
    get_in = cert_arn ? json_pack("{s:s, s:s}", "CertificateAuthorityArn", c->arn, "CertificateArn", cert_arn) : NULL;
    if (!get_in) {
        gc_diags_error_at(op->diags, NULL, "Unexpected AWS answer",
                          "ACM PCA IssueCertificate answered without CertificateArn for %s.", c->arn);
        goto cleanup;
    }
    if (gc_pca_call_when_ready(op, "the root certificate", &gc_op_acmpca_get_certificate, get_in, in_progress, &cert) !=
        0)
        goto cleanup;
    cert_b64 = gc_pca_base64(gc_doc_str(cert, "Certificate"));
    if (!gc_doc_str(cert, "Certificate") || !cert_b64) {
        gc_diags_error_at(op->diags, NULL, "Unexpected AWS answer",
                          "ACM PCA GetCertificate answered without the root certificate %s.", cert_arn);
        goto cleanup;
    }
    import_in = json_pack("{s:s, s:s}", "CertificateAuthorityArn", c->arn, "Certificate", cert_b64);
    if (!import_in || gc_pca_call_when_ready(op, "the root certificate's import",
                                             &gc_op_acmpca_import_certificate_authority_certificate, import_in,
                                             in_progress, &imported) != 0)
        goto cleanup;
    GC_INFO("imported root certificate %s into %s", cert_arn, c->arn);
    result = 0;
cleanup:
    json_decref(ca_in);
    json_decref(csr);
    json_decref(issued);
    json_decref(cert);
    json_decref(imported);
    json_decref(issue_in);
    json_decref(get_in);
    json_decref(import_in);
    free(csr_b64);
    free(cert_b64);
    return result;
}

/* A CA this create has just made: its CSR at once, without a status read first. NULL in *csr: not ready yet
 * (RequestInProgressException or InvalidStateException while the CA is CREATING; a FAILED one answers the latter
 * too), and the caller waits for the status, which also tells a failure. An emulator has the CSR at once; AWS takes
 * seconds, and this costs the one read the status wait would have made first. */
static int s_csr_now(struct gc_op *op, struct s_ca *c, json_t **csr)
{
    int result = -1;
    struct gc_aws_error err = {0};
    *csr = NULL;
    if (gc_op_call(op, &gc_op_acmpca_get_certificate_authority_csr,
                   json_pack("{s:s}", "CertificateAuthorityArn", c->arn), csr, &err) != 0) {
        if (!err.code) /* the request could not be built (reported) */
            goto cleanup;
        if (!gc_aws_error_is(&err, "RequestInProgressException") && !gc_aws_error_is(&err, "InvalidStateException")) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        GC_DEBUG("%s: CSR not ready (%s): waiting for the CA's status", c->arn, err.code);
    }
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    return result;
}

/* From whatever state a create (this one or an interrupted one) left the CA in, to its root certificate imported
 * (or enabled again): what is left is the wait for ACTIVE (s_step_active), which runs beside the share and the
 * permission. */
static int s_activate(struct gc_op *op, struct s_ca *c, const struct gc_value *planned)
{
    static const char *const settled[] = {"PENDING_CERTIFICATE", "ACTIVE", "DISABLED", NULL};
    static const char *const creating[] = {"CREATING", NULL};
    json_t *csr = NULL;
    if (c->fresh && s_csr_now(op, c, &csr) != 0)
        return -1;
    if (csr)
        return s_install_root(op, c, planned, csr);
    if (s_wait_status(op, c, settled, creating) != 0)
        return -1;
    if (strcmp(c->last_status, "PENDING_CERTIFICATE") == 0 && s_install_root(op, c, planned, NULL) != 0)
        return -1;
    if (strcmp(c->last_status, "DISABLED") == 0 && s_set_status(op, c->arn, "ACTIVE") != 0)
        return -1;
    return 0;
}

/* The root certificate (GetCertificateAuthorityCertificate), once the CA has one. With `soft`, a CA whose state
 * refuses the call (some emulators refuse it while DISABLED) leaves c->certificate NULL instead of failing. */
static int s_load_certificate_opt(struct gc_op *op, struct s_ca *c, bool soft)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *in = json_pack("{s:s}", "CertificateAuthorityArn", c->arn), *out = NULL;
    if (!in)
        goto cleanup;
    if (gc_aws_op_call(op->aws, &gc_op_acmpca_get_certificate_authority_certificate, in, &out, &err) != 0) {
        if (soft && gc_aws_error_is(&err, "InvalidStateException")) {
            GC_DEBUG("%s: root certificate not readable in this state (%s)", c->arn, err.code);
            result = 0;
        } else {
            gc_op_aws_error(op, &err);
        }
        goto cleanup;
    }
    free(c->certificate);
    c->certificate = gc_strdup(gc_doc_str(out, "Certificate"));
    result = 0;
cleanup:
    json_decref(in);
    json_decref(out);
    gc_aws_error_clean_up(&err);
    return result;
}

static int s_load_certificate(struct gc_op *op, struct s_ca *c)
{
    return s_load_certificate_opt(op, c, false);
}

/* ---- the RAM share and the ACM permission ---- */

static int s_share_tags(struct gc_tags *out, const struct gc_value *resource, void *arg)
{
    const struct s_ca *c = arg;
    return s_object_tags(out, resource, NULL, c->arn, "share");
}

/* The share of this CA: the one state names, else the one tagged with the CA's ARN (made by a create whose
 * answer was lost). Sets c->share_arn (NULL: none). */
static int s_share_find(struct gc_op *op, struct s_ca *c, const char *known_arn)
{
    int result = -1;
    struct gc_aws_error err = {0};
    struct gc_ram_share share = {0};
    struct gc_ram_share_list list = {0};
    bool found = false;
    free(c->share_arn);
    c->share_arn = NULL;
    if (known_arn) {
        if (gc_ram_share_get(op->aws, known_arn, &share, &found, &err) != 0) {
            if (!gc_ram_error_is_not_found(&err))
                goto cleanup;
            gc_aws_error_clean_up(&err);
            memset(&err, 0, sizeof err);
        }
        if (found) {
            c->share_arn = gc_strdup(known_arn);
            result = c->share_arn ? 0 : -1;
            goto cleanup;
        }
    }
    if (gc_ram_share_list(op->aws, NULL, GC_TAG_PCA_ARN, c->arn, &list, &err) != 0)
        goto cleanup;
    if (list.n > 0 && !(c->share_arn = gc_strdup(list.items[0].arn)))
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_ram_share_clean_up(&share);
    gc_ram_share_list_clean_up(&list);
    gc_aws_error_clean_up(&err);
    return result;
}

/* The share's principals that are associated or on their way (read into c->principals). */
/* The principals of `share_arn` that are associated or on their way, into *principals (replacing what was there). */
static int s_principals_read(struct gc_op *op, const char *share_arn, char ***principals, size_t *n)
{
    int result = -1;
    struct gc_aws_error err = {0};
    struct gc_ram_association_list assocs = {0};
    s_principals_free(principals, n);
    if (gc_ram_share_associations(op->aws, share_arn, GC_RAM_ASSOC_PRINCIPAL, &assocs, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    *principals = calloc(assocs.n + 1, sizeof(char *));
    if (!*principals)
        goto cleanup;
    for (size_t i = 0; i < assocs.n; i++) {
        const struct gc_ram_association *a = &assocs.items[i];
        if (!a->associated_entity || !gc_ram_association_is_live(a->status))
            continue;
        if (!((*principals)[*n] = gc_strdup(a->associated_entity)))
            goto cleanup;
        (*n)++;
    }
    result = 0;
cleanup:
    gc_ram_association_list_clean_up(&assocs);
    gc_aws_error_clean_up(&err);
    return result;
}

/* The share's principals (read into c->principals). */
static int s_share_principals(struct gc_op *op, struct s_ca *c)
{
    return s_principals_read(op, c->share_arn, &c->principals, &c->n_principals);
}

/* Makes the share match the planned share_with: made with the first account, deleted with the last, its
 * principals changed in place; re-tagged when `prior` is given. */
static int s_share_sync(struct gc_op *op, struct s_ca *c, const struct gc_value *prior, const struct gc_value *planned)
{
    int result = -1;
    struct gc_aws_error err = {0};
    struct gc_strset want = {0}, have = {0}, added = {0}, removed = {0};
    struct gc_tags tags = {0};
    struct gc_ram_share made = {0};
    const char *resources[1] = {c->arn};
    char token[37];
    /* a CA this create has just made has no share: nothing to look for */
    if (gc_strset_of_value(&want, gc_value_object_get(planned, "share_with")) != 0 ||
        (!c->fresh && !c->loaded &&
         s_share_find(op, c, prior ? gc_value_get_string(prior, "resource_share_arn") : NULL) != 0))
        goto cleanup;
    if (want.n == 0) {
        if (c->share_arn && gc_ram_share_delete(op->aws, c->share_arn, &err) != 0)
            goto cleanup;
        free(c->share_arn);
        c->share_arn = NULL;
        result = 0;
        goto cleanup;
    }
    if (!c->share_arn) {
        /* the token follows the CA and the accounts, so that a retried create is one share */
        const char **parts = calloc(want.n + 1, sizeof(char *));
        if (!parts)
            goto cleanup;
        parts[0] = c->arn;
        for (size_t i = 0; i < want.n; i++)
            parts[i + 1] = want.items[i];
        int rc = gc_pca_token(token, parts, want.n + 1);
        free(parts);
        if (rc != 0 || s_share_tags(&tags, planned, c) != 0)
            goto cleanup;
        struct gc_ram_share_spec spec = {.name = gc_tags_find(&tags, "Name"),
                                         .resource_arns = resources,
                                         .n_resource_arns = 1,
                                         .principals = want.items,
                                         .n_principals = want.n,
                                         .tags = &tags,
                                         .client_token = token};
        if (gc_ram_share_create(op->aws, &spec, &made, &err) != 0)
            goto cleanup;
        c->share_arn = gc_strdup(made.arn);
        GC_INFO("shared certificate authority %s through %s", c->arn, made.arn ? made.arn : "?");
        result = c->share_arn ? 0 : -1;
        goto cleanup;
    }
    if ((!c->loaded && s_share_principals(op, c) != 0) ||
        gc_strset_of_array(&have, (const char *const *)c->principals, c->n_principals) != 0 ||
        gc_strset_diff(&have, &want, &added, &removed) != 0)
        goto cleanup;
    if (added.n && gc_ram_share_associate(op->aws, c->share_arn, added.items, added.n, NULL, 0, &err) != 0)
        goto cleanup;
    if (removed.n && gc_ram_share_disassociate(op->aws, c->share_arn, removed.items, removed.n, NULL, 0, &err) != 0)
        goto cleanup;
    if (prior && gc_tagging_changed(prior, planned, NULL) &&
        gc_tagging_retag(op, c->share_arn, prior, planned, s_share_tags, c, gc_ram_share_tags_update) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0 && err.code)
        gc_op_aws_error(op, &err);
    gc_strset_clean_up(&want);
    gc_strset_clean_up(&have);
    gc_strset_clean_up(&added);
    gc_strset_clean_up(&removed);
    gc_tags_clean_up(&tags);
    gc_ram_share_clean_up(&made);
    gc_aws_error_clean_up(&err);
    return result;
}

/* The ACM permission as planned. A CA this create has just made has none: granted without a look first (an
 * existing one, after a lost answer, counts as granted). */
static int s_permission_sync(struct gc_op *op, const struct s_ca *c, const struct gc_value *planned)
{
    bool want = true, has = false;
    gc_value_get_bool(planned, "acm_permission", &want);
    if (c->fresh)
        return want ? gc_pca_acm_permission_set(op, c->arn, true) : 0;
    if (c->loaded)
        has = c->acm_permission;
    else if (gc_pca_acm_permission(op, c->arn, &has) != 0)
        return -1;
    return has == want ? 0 : gc_pca_acm_permission_set(op, c->arn, want);
}

/* ---- state ---- */

/* What every state gets from AWS: ids, status, the root certificate and what OpenSSL reads in it, the share. */
static int s_fill_state(struct gc_value *state, const struct s_ca *c)
{
    struct gc_pca_cert_info info = {0};
    int rc = 0;
    bool have_info = c->certificate && gc_pca_cert_info(&info, c->certificate) == 0;
    rc |= gc_value_set_string(state, "id", c->arn);
    rc |= gc_value_set_string(state, "arn", c->arn);
    rc |= gc_value_set_string(state, "status", c->ca ? gc_pca_status(c->ca) : NULL);
    rc |= gc_value_set_string(state, "certificate", c->certificate);
    rc |= gc_value_set_string(state, "serial", have_info ? info.serial : NULL);
    rc |= gc_value_set_string(state, "not_before", have_info ? info.not_before : NULL);
    rc |= gc_value_set_string(state, "not_after", have_info ? info.not_after : NULL);
    rc |= gc_value_set_string(state, "resource_share_arn", c->share_arn);
    gc_pca_cert_info_clean_up(&info);
    return rc ? -1 : 0;
}

/* Read and import: the configuration-visible settings as AWS has them, so that drift shows in the plan. */
static int s_fill_config(struct gc_value *state, const struct s_ca *c, const struct gc_value *prior)
{
    int rc = 0;
    const json_t *cfg = gc_doc_get(c->ca, "CertificateAuthorityConfiguration");
    struct gc_value *subject = gc_value_new_collection(&gc_type_map_string);
    for (size_t i = 0; subject && i < S_N_SUBJECT; i++) {
        char path[64];
        snprintf(path, sizeof path, "Subject.%s", s_subject_fields[i].member);
        const char *v = gc_doc_str(cfg, path);
        if (v && *v)
            rc |= gc_value_map_put(subject, s_subject_fields[i].key, gc_value_new_string(v));
    }
    rc |= gc_value_object_set(state, "subject", subject);
    if (gc_doc_str(cfg, "KeyAlgorithm"))
        rc |= gc_value_set_string(state, "key_algorithm", gc_doc_str(cfg, "KeyAlgorithm"));
    if (gc_doc_str(cfg, "SigningAlgorithm"))
        rc |= gc_value_set_string(state, "signing_algorithm", gc_doc_str(cfg, "SigningAlgorithm"));
    if (gc_doc_str(c->ca, "UsageMode"))
        rc |= gc_value_set_string(state, "usage_mode", gc_doc_str(c->ca, "UsageMode"));
    rc |= gc_value_set_bool(state, "ocsp_enabled",
                            gc_doc_bool(c->ca, "RevocationConfiguration.OcspConfiguration.Enabled"));
    rc |= gc_value_set_bool(state, "acm_permission", c->acm_permission);
    struct gc_tags user = {0};
    rc |= gc_tags_copy(&user, &c->tags);
    gc_tagging_user_tags(&user);
    rc |= gc_value_object_set(state, "tags_all", gc_tagging_to_map(&user));
    gc_tags_clean_up(&user);
    const struct gc_value *prior_share = gc_value_object_get(prior, "share_with");
    if (c->n_principals == 0 && gc_value_is_null(prior_share))
        rc |= gc_value_object_set(state, "share_with", gc_value_new_null(&gc_type_set_string));
    else
        rc |= gc_value_object_set(
            state, "share_with",
            gc_value_new_string_list(&gc_type_set_string, (const char *const *)c->principals, c->n_principals));
    /* not readable from AWS: the prior value, or after an import the default / what the certificate says */
    int64_t n = 0;
    if (gc_value_get_int64(prior, "permanent_deletion_time_in_days", &n) != 0)
        rc |= gc_value_set_int64(state, "permanent_deletion_time_in_days", 30);
    struct gc_pca_cert_info info = {0};
    if (gc_value_get_int64(prior, "validity_years", &n) != 0 && c->certificate &&
        gc_pca_cert_info(&info, c->certificate) == 0)
        rc |= gc_value_set_int64(state, "validity_years",
                                 (info.not_after_s - info.not_before_s + 182 * 86400) / (365 * 86400 + 21600));
    gc_pca_cert_info_clean_up(&info);
    return rc ? -1 : 0;
}

/* The state after a create or update: the plan completed with what exists. NULL on allocation failure. */
static struct gc_value *s_state_from(const struct gc_value *planned, const struct s_ca *c)
{
    struct gc_value *state = gc_value_copy(planned);
    if (state && s_fill_state(state, c) != 0) {
        gc_value_free(state);
        state = NULL;
    }
    return state;
}

/* ---- the create's last round: once the root certificate is in, the wait for ACTIVE, the certificate, the share and
 * the permission need only the CA's ARN, and run at once (framework/gc_parallel.h). Each writes its own fields of
 * the CA: ca and last_status; certificate; share_arn and principals; none. ---- */

struct s_finish {
    struct s_ca *c;
    const struct gc_value *planned;
};

static int s_step_active(struct gc_op *op, void *arg)
{
    static const char *const active[] = {"ACTIVE", NULL};
    static const char *const importing[] = {"PENDING_CERTIFICATE", NULL};
    struct s_finish *f = arg;
    return s_wait_status(op, f->c, active, importing);
}

/* Soft: AWS may still refuse it in the moment after the import (InvalidStateException); s_create reads it again
 * once the CA is ACTIVE. */
static int s_step_root_certificate(struct gc_op *op, void *arg)
{
    struct s_finish *f = arg;
    return s_load_certificate_opt(op, f->c, true);
}

static int s_step_share_sync(struct gc_op *op, void *arg)
{
    struct s_finish *f = arg;
    return s_share_sync(op, f->c, NULL, f->planned);
}

static int s_step_permission_sync(struct gc_op *op, void *arg)
{
    struct s_finish *f = arg;
    return s_permission_sync(op, f->c, f->planned);
}

/* ---- CRUD ---- */

static int s_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    int result = -1;
    struct s_ca c = {0};
    *state = NULL;
    c.planned = planned;
    if (s_create_token(&c, planned) != 0)
        goto cleanup;
    if (s_find_or_create(op, &c) != 0)
        goto cleanup;
    if (s_activate(op, &c, planned) != 0)
        goto cleanup;
    struct s_finish finish = {&c, planned};
    const struct gc_parallel_step steps[] = {
        {s_step_active, &finish},
        {s_step_root_certificate, &finish},
        {s_step_share_sync, &finish},
        {s_step_permission_sync, &finish},
    };
    if (gc_parallel_run(op, steps, sizeof steps / sizeof steps[0]) != 0)
        goto cleanup;
    if (!c.certificate && s_load_certificate(op, &c) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (c.arn) {
        /* also on failure: the CA goes into state (Terraform taints it), so that nothing is orphaned */
        *state = s_state_from(planned, &c);
        if (!*state)
            result = -1;
    }
    s_ca_clean_up(&c);
    return result;
}

/* ---- load: the CA, its certificate, tags, share and permission in one round (framework/gc_parallel.h) ---- */

/* A step whose failure counts only once the describe has found the CA: AWS answers every CA call of a CA that is
 * gone with an error, and a gone CA is a plain "removed outside Terraform". Its diagnostics wait in `diags`. */
struct s_held {
    gc_parallel_fn *fn;
    void *arg;
    struct gc_diags diags;
    int rc;
};

static int s_step_held(struct gc_op *op, void *arg)
{
    struct s_held *h = arg;
    struct gc_op own = *op;
    own.diags = &h->diags;
    h->rc = h->fn(&own, h->arg);
    return 0;
}

/* The held step's outcome into the operation's diagnostics: 0, or -1 when it failed. */
static int s_held_settle(struct gc_op *op, struct s_held *h)
{
    gc_diags_move(op->diags, &h->diags);
    return h->rc;
}

struct s_load {
    struct s_ca *c;
    const char *share_arn; /* the share state names, NULL: none */
    char **principals;     /* that share's principals, read beside the look-up of the share */
    size_t n_principals;
};

/* Each step writes only its own fields: ca; certificate; tags; share_arn; the load's principals; acm_permission. */
static int s_step_describe(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return gc_pca_describe(op, l->c->arn, &l->c->ca, NULL);
}

static int s_step_certificate(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return s_load_certificate_opt(op, l->c, true);
}

static int s_step_tags(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return gc_pca_tags(op, l->c->arn, &l->c->tags);
}

static int s_step_share(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return s_share_find(op, l->c, l->share_arn);
}

static int s_step_known_share_principals(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return s_principals_read(op, l->share_arn, &l->principals, &l->n_principals);
}

static int s_step_permission(struct gc_op *op, void *arg)
{
    struct s_load *l = arg;
    return gc_pca_acm_permission(op, l->c->arn, &l->c->acm_permission);
}

enum { S_HELD_CERT, S_HELD_TAGS, S_HELD_SHARE, S_HELD_PRINCIPALS, S_HELD_PERMISSION, S_N_HELD };

/* Everything read and import show: the CA, its certificate, tags, share and permission. *found false: gone.
 * Every request needs only the IDs in state (the CA's ARN; the share's, with its principals), so all go at once:
 * one round trip instead of two (the describe, then the rest) or up to six. Drift costs a second round only where
 * state is out of date: a share found by its tag instead of the ARN in state has its principals read after. */
static int s_load(struct gc_op *op, struct s_ca *c, const char *arn, const char *share_arn, bool *found)
{
    int result = -1;
    struct s_load load = {c, share_arn, NULL, 0};
    struct s_held held[S_N_HELD] = {
        [S_HELD_CERT] = {s_step_certificate, &load},      [S_HELD_TAGS] = {s_step_tags, &load},
        [S_HELD_SHARE] = {s_step_share, &load},           [S_HELD_PRINCIPALS] = {s_step_known_share_principals, &load},
        [S_HELD_PERMISSION] = {s_step_permission, &load},
    };
    struct gc_parallel_step steps[1 + S_N_HELD];
    size_t n = 0;
    *found = false;
    for (size_t i = 0; i < S_N_HELD; i++)
        gc_diags_init(&held[i].diags);
    if (!(c->arn = gc_strdup(arn)))
        goto cleanup;
    steps[n++] = (struct gc_parallel_step){s_step_describe, &load};
    for (size_t i = 0; i < S_N_HELD; i++)
        if (i != S_HELD_PRINCIPALS || share_arn)
            steps[n++] = (struct gc_parallel_step){s_step_held, &held[i]};
    if (gc_parallel_run(op, steps, n) != 0)
        goto cleanup; /* the describe failed (or the run was cancelled) */
    if (!c->ca) {
        result = 0; /* gone: what the other requests said does not matter */
        goto cleanup;
    }
    *found = true;
    /* the root certificate only counts in a state that has one (AWS refuses it in the others) */
    const char *status = gc_pca_status(c->ca);
    if (strcmp(status, "ACTIVE") == 0 || strcmp(status, "DISABLED") == 0 || strcmp(status, "EXPIRED") == 0) {
        if (s_held_settle(op, &held[S_HELD_CERT]) != 0)
            goto cleanup;
    } else {
        free(c->certificate);
        c->certificate = NULL;
    }
    if (s_held_settle(op, &held[S_HELD_TAGS]) != 0 || s_held_settle(op, &held[S_HELD_SHARE]) != 0 ||
        s_held_settle(op, &held[S_HELD_PERMISSION]) != 0)
        goto cleanup;
    if (c->share_arn && share_arn && strcmp(c->share_arn, share_arn) == 0) {
        if (s_held_settle(op, &held[S_HELD_PRINCIPALS]) != 0)
            goto cleanup;
        c->principals = load.principals;
        c->n_principals = load.n_principals;
        load.principals = NULL;
        load.n_principals = 0;
    } else if (c->share_arn && s_share_principals(op, c) != 0) {
        goto cleanup;
    }
    result = 0;
cleanup:
    for (size_t i = 0; i < S_N_HELD; i++)
        gc_diags_clean_up(&held[i].diags);
    s_principals_free(&load.principals, &load.n_principals);
    return result;
}

static int s_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    int result = -1;
    struct s_ca c = {0};
    bool found = false;
    *state = NULL;
    const char *id = gc_value_get_string(prior, "id");
    if (!id)
        return 0;
    if (s_load(op, &c, id, gc_value_get_string(prior, "resource_share_arn"), &found) != 0)
        goto cleanup;
    if (found) {
        *state = gc_value_copy(prior);
        if (!*state || s_fill_state(*state, &c) != 0 || s_fill_config(*state, &c, prior) != 0)
            goto cleanup;
        /* a certificate AWS would not show in this state: the prior one still holds */
        static const char *const cert_attrs[] = {"certificate", "serial", "not_before", "not_after"};
        for (size_t i = 0; !c.certificate && i < 4; i++)
            if (gc_value_object_set(*state, cert_attrs[i], gc_value_copy(gc_value_object_get(prior, cert_attrs[i]))) !=
                0)
                goto cleanup;
    }
    result = 0;
cleanup:
    s_ca_clean_up(&c);
    return result;
}

/* arn:aws:acm-pca:<region>:<12 digits>:certificate-authority/<id> */
static int s_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    int result = -1;
    json_t *ca = NULL;
    *state = NULL;
    if (!gc_pca_is_ca_arn(id)) {
        gc_import_bad_id(
            op, id, "a private CA by its ARN",
            "gcnet_private_ca.root arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/0123…");
        goto cleanup;
    }
    if (gc_pca_describe(op, id, &ca, NULL) != 0)
        goto cleanup;
    if (!ca) {
        gc_import_missing(op, "No certificate authority %s exists in this account and region (or it is DELETED).", id);
        goto cleanup;
    }
    const char *type = gc_doc_str(ca, "Type");
    if (!type || strcmp(type, "ROOT") != 0) {
        gc_diags_error_at(op->diags, NULL, "Not a root CA",
                          "%s is a %s certificate authority; gcnet_private_ca manages root CAs only.", id,
                          type ? type : "(typeless)");
        goto cleanup;
    }
    result = gc_import_state(op, &s_ca_block, id, state);
cleanup:
    json_decref(ca);
    return result;
}

static int s_build_tags(struct gc_tags *out, const struct gc_value *resource, void *arg)
{
    const struct s_ca *c = arg;
    return s_object_tags(out, resource, c->token, NULL, NULL);
}

static int s_set_ocsp(struct gc_op *op, const char *arn, bool enabled)
{
    return gc_op_call(op, &gc_op_acmpca_update_certificate_authority,
                      json_pack("{s:s, s:{s:{s:b}}}", "CertificateAuthorityArn", arn, "RevocationConfiguration",
                                "OcspConfiguration", "Enabled", enabled),
                      NULL, NULL);
}

/* The update's second round: the CA itself (enabled again when disabled outside Terraform, OCSP, tags: one
 * request after the other, all on the CA), the share and the ACM permission at once; each writes its own fields
 * (the share step: share_arn and principals). */
struct s_change {
    struct s_ca *c;
    const struct gc_value *prior;
    const struct gc_value *planned;
    bool enabled; /* the CA step enabled the CA: its status is read again */
};

static int s_step_change_ca(struct gc_op *op, void *arg)
{
    struct s_change *ch = arg;
    bool was_ocsp = false, ocsp = false;
    gc_value_get_bool(ch->prior, "ocsp_enabled", &was_ocsp);
    gc_value_get_bool(ch->planned, "ocsp_enabled", &ocsp);
    if (strcmp(gc_pca_status(ch->c->ca), "DISABLED") == 0) {
        GC_WARN("certificate authority %s was disabled outside Terraform: enabling it", ch->c->arn);
        if (s_set_status(op, ch->c->arn, "ACTIVE") != 0)
            return -1;
        ch->enabled = true;
    }
    if (was_ocsp != ocsp && s_set_ocsp(op, ch->c->arn, ocsp) != 0)
        return -1;
    if (gc_tagging_changed(ch->prior, ch->planned, NULL) &&
        gc_tagging_retag(op, ch->c->arn, ch->prior, ch->planned, s_build_tags, ch->c, gc_pca_tags_update) != 0)
        return -1;
    return 0;
}

static int s_step_change_share(struct gc_op *op, void *arg)
{
    struct s_change *ch = arg;
    return s_share_sync(op, ch->c, ch->prior, ch->planned);
}

static int s_step_change_permission(struct gc_op *op, void *arg)
{
    struct s_change *ch = arg;
    return s_permission_sync(op, ch->c, ch->planned);
}

/* Two rounds: the load by the state's ids (the read's), then the changes at once (s_change). The CA is read again
 * only when it was enabled (its status changed); the certificate only when the load could not have it. */
static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state)
{
    int result = -1;
    struct s_ca c = {0};
    bool found = false;
    struct s_change ch = {&c, prior, planned, false};
    const struct gc_parallel_step steps[] = {
        {s_step_change_ca, &ch}, {s_step_change_share, &ch}, {s_step_change_permission, &ch}};
    *state = NULL;
    c.planned = planned;
    if (s_load(op, &c, gc_value_get_string(prior, "id"), gc_value_get_string(prior, "resource_share_arn"), &found) != 0)
        goto cleanup;
    if (!found) {
        gc_diags_error_at(op->diags, NULL, "Certificate authority gone",
                          "%s no longer exists (or is DELETED); refresh and apply again to create it anew.", c.arn);
        goto cleanup;
    }
    c.loaded = true;
    /* the create token of this CA, as its tag has it (the plan's values are the create's: they force a new CA) */
    snprintf(c.token, sizeof c.token, "%s",
             gc_tags_find(&c.tags, GC_TAG_PCA_CREATE) ? gc_tags_find(&c.tags, GC_TAG_PCA_CREATE) : "");
    if (gc_parallel_run(op, steps, sizeof steps / sizeof steps[0]) != 0)
        goto cleanup;
    if (ch.enabled) {
        json_decref(c.ca);
        c.ca = NULL;
        if (gc_pca_describe(op, c.arn, &c.ca, NULL) != 0)
            goto cleanup;
        if (!c.ca) {
            gc_diags_error_at(op->diags, NULL, "Certificate authority gone", "%s was deleted while it was updated.",
                              c.arn);
            goto cleanup;
        }
    }
    if (!c.certificate && s_load_certificate(op, &c) != 0)
        goto cleanup;
    *state = s_state_from(planned, &c);
    result = *state ? 0 : -1;
cleanup:
    s_ca_clean_up(&c);
    return result;
}

static int s_delete_request(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    const struct s_ca *c = arg;
    int64_t days = 30;
    gc_value_get_int64(c->planned, "permanent_deletion_time_in_days", &days);
    json_t *out = NULL;
    json_t *in =
        json_pack("{s:s, s:I}", "CertificateAuthorityArn", c->arn, "PermanentDeletionTimeInDays", (json_int_t)days);
    int rc = in ? gc_aws_op_call(op->aws, &gc_op_acmpca_delete_certificate_authority, in, &out, err) : -1;
    if (!in) {
        err->code = gc_strdup("InvalidArgument");
        err->message = gc_strdup("the DeleteCertificateAuthority input could not be built");
    }
    json_decref(in);
    json_decref(out);
    return rc;
}

/* Gone for the delete: not found, or DELETED (restorable for the window, but no longer ours). */
static int s_gone_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct s_ca *c = arg;
    json_t *ca = NULL;
    (void)reason;
    *status = NULL;
    if (gc_pca_describe(op, c->arn, &ca, NULL) != 0)
        return -1;
    if (ca)
        *status = gc_strdup(gc_pca_status(ca));
    json_decref(ca);
    return ca && !*status ? -1 : 0;
}

/* The delete's first round: the CA and its share at once; the second: the share's deletion beside disabling the
 * CA (it must be DISABLED before DeleteCertificateAuthority). Each step writes its own fields. */
struct s_removal {
    struct s_ca *c;
    const char *share_arn; /* the share state names */
};

static int s_step_removal_describe(struct gc_op *op, void *arg)
{
    struct s_removal *r = arg;
    return gc_pca_describe(op, r->c->arn, &r->c->ca, NULL);
}

static int s_step_removal_share(struct gc_op *op, void *arg)
{
    struct s_removal *r = arg;
    return s_share_find(op, r->c, r->share_arn);
}

static int s_step_removal_unshare(struct gc_op *op, void *arg)
{
    struct s_removal *r = arg;
    struct gc_aws_error err = {0};
    int rc = r->c->share_arn ? gc_ram_share_delete(op->aws, r->c->share_arn, &err) : 0;
    if (rc != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

static int s_step_removal_disable(struct gc_op *op, void *arg)
{
    struct s_removal *r = arg;
    return strcmp(gc_pca_status(r->c->ca), "ACTIVE") == 0 ? s_set_status(op, r->c->arn, "DISABLED") : 0;
}

static int s_delete(struct gc_op *op, const struct gc_value *prior)
{
    static const struct gc_delete_retry retry[] = {
        {"ConcurrentModificationException", NULL}, {"RequestInProgressException", NULL}, {NULL, NULL}};
    int result = -1;
    struct s_ca c = {0};
    const char *id = gc_value_get_string(prior, "id");
    struct s_removal r = {&c, gc_value_get_string(prior, "resource_share_arn")};
    /* the share's look-up counts only for a CA that is still there */
    struct s_held share = {s_step_removal_share, &r, {0}, 0};
    const struct gc_parallel_step first[] = {{s_step_removal_describe, &r}, {s_step_held, &share}};
    const struct gc_parallel_step second[] = {{s_step_removal_unshare, &r}, {s_step_removal_disable, &r}};
    c.planned = prior;
    if (!id)
        return 0;
    gc_diags_init(&share.diags);
    if (!(c.arn = gc_strdup(id)) || gc_parallel_run(op, first, sizeof first / sizeof first[0]) != 0)
        goto cleanup;
    if (!c.ca) {
        result = 0; /* gone, or DELETED already */
        goto cleanup;
    }
    if (s_held_settle(op, &share) != 0 || gc_parallel_run(op, second, sizeof second / sizeof second[0]) != 0)
        goto cleanup;
    char what[400];
    snprintf(what, sizeof what, "certificate authority %s", c.arn);
    struct gc_wait_spec gone = {.what = what, .status = s_gone_status, .arg = &c};
    struct gc_delete_spec spec = {what, s_delete_request, &c, retry, NULL, &gone};
    if (gc_delete_object(op, &spec) != 0)
        goto cleanup;
    GC_INFO("deleted certificate authority %s (restorable for the deletion window)", c.arn);
    result = 0;
cleanup:
    gc_diags_clean_up(&share.diags);
    s_ca_clean_up(&c);
    return result;
}

GC_RESOURCE_DEFINE(gc_resource_private_ca, "gcnet_private_ca", &s_ca_block, s_timeouts_block);
