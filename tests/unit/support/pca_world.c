/* The Private CA answers (see pca_world.h). */
#include "pca_world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fake_text.h"

static void s_copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static void s_tag_set(struct pw_state *st, const char *key, const char *value)
{
    for (int i = 0; i < st->n_tags; i++) {
        if (strcmp(st->tag_keys[i], key) == 0) {
            s_copy(st->tag_values[i], sizeof st->tag_values[i], value);
            return;
        }
    }
    if (st->n_tags < PW_MAX) {
        s_copy(st->tag_keys[st->n_tags], sizeof st->tag_keys[0], key);
        s_copy(st->tag_values[st->n_tags], sizeof st->tag_values[0], value);
        st->n_tags++;
    }
}

static void s_tag_remove(struct pw_state *st, const char *key)
{
    for (int i = 0; i < st->n_tags; i++) {
        if (strcmp(st->tag_keys[i], key) == 0) {
            st->n_tags--;
            memmove(st->tag_keys[i], st->tag_keys[st->n_tags], sizeof st->tag_keys[0]);
            memmove(st->tag_values[i], st->tag_values[st->n_tags], sizeof st->tag_values[0]);
            return;
        }
    }
}

/* ---- ACM PCA ---- */

static char *s_create_ca(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    size_t i;
    json_t *t;
    st->n_created++;
    s_copy(st->ca_arn, sizeof st->ca_arn, st->n_created == 1 ? PW_CA_ARN : PW_CA2_ARN);
    s_copy(st->status, sizeof st->status, st->creating_polls > 0 ? "CREATING" : "PENDING_CERTIFICATE");
    json_t *subject = json_object_get(json_object_get(in, "CertificateAuthorityConfiguration"), "Subject");
    char *subject_text = subject ? json_dumps(subject, JSON_COMPACT) : NULL;
    s_copy(st->common_name, sizeof st->common_name, json_string_value(json_object_get(subject, "CommonName")));
    s_copy(st->subject_json, sizeof st->subject_json, subject_text);
    free(subject_text);
    st->n_tags = 0;
    st->issued = st->imported = false;
    json_array_foreach(json_object_get(in, "Tags"), i, t) s_tag_set(st, fw_json_str(t, "Key"), fw_json_str(t, "Value"));
    json_decref(in);
    return fw_json_answer(json_pack("{s:s}", "CertificateAuthorityArn", st->ca_arn));
}

static json_t *s_ca_doc(const struct pw_state *st, const char *arn, const char *status)
{
    json_t *subject = st->subject_json[0] ? json_loads(st->subject_json, 0, NULL) : NULL;
    json_t *ca = NULL;
    if (!subject)
        subject = json_pack("{s:s}", "CommonName", st->common_name);
    ca = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:o}, s:{s:{s:b}}}", "Arn", arn, "Type", "ROOT", "Status", status,
                   "UsageMode", "GENERAL_PURPOSE", "CertificateAuthorityConfiguration", "KeyAlgorithm", "RSA_2048",
                   "SigningAlgorithm", "SHA256WITHRSA", "Subject", subject, "RevocationConfiguration",
                   "OcspConfiguration", "Enabled", st->ocsp);
    /* the root certificate's validity once imported, as epoch seconds (JSON 1.1 timestamps) */
    if (ca && st->imported) {
        json_object_set_new(ca, "NotBefore", json_real(1796633426.0)); /* 2026-12-07T08:50:26Z */
        json_object_set_new(ca, "NotAfter", json_real(2111993426.0));  /* PW_CA_NOT_AFTER */
    }
    return ca;
}

static char *s_describe_ca(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    (void)req;
    if (!st->ca_arn[0])
        return NULL; /* no CA: unanswered (a test that reads nothing must not get here) */
    if (strcmp(st->status, "CREATING") == 0 && st->creating_polls-- <= 0)
        s_copy(st->status, sizeof st->status, st->fail_reason ? "FAILED" : "PENDING_CERTIFICATE");
    json_t *ca = s_ca_doc(st, st->ca_arn, st->status);
    if (ca && strcmp(st->status, "FAILED") == 0)
        json_object_set_new(ca, "FailureReason", json_string(st->fail_reason));
    return fw_json_answer(json_pack("{s:o}", "CertificateAuthority", ca));
}

static char *s_list_cas(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *list = json_array();
    (void)req;
    if (st->deleted_copy)
        json_array_append_new(list, s_ca_doc(st, PW_CA2_ARN "-deleted", "DELETED"));
    if (st->ca_arn[0])
        json_array_append_new(list, s_ca_doc(st, st->ca_arn, st->status));
    return fw_json_answer(json_pack("{s:o}", "CertificateAuthorities", list));
}

static char *s_list_tags(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    json_t *tags = json_array();
    const char *arn = fw_json_str(in, "CertificateAuthorityArn");
    if (arn && strstr(arn, "-deleted")) {
        json_array_append_new(tags,
                              json_pack("{s:s, s:s}", "Key", "gcnet:private-ca-create", "Value", st->deleted_token));
    } else {
        for (int i = 0; i < st->n_tags; i++)
            json_array_append_new(tags, json_pack("{s:s, s:s}", "Key", st->tag_keys[i], "Value", st->tag_values[i]));
    }
    json_decref(in);
    return fw_json_answer(json_pack("{s:o}", "Tags", tags));
}

static char *s_tag_ca(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    size_t i;
    json_t *t;
    bool untag = strcmp(req->operation, "UntagCertificateAuthority") == 0;
    json_array_foreach(json_object_get(in, "Tags"), i, t)
    {
        if (untag)
            s_tag_remove(st, fw_json_str(t, "Key"));
        else
            s_tag_set(st, fw_json_str(t, "Key"), fw_json_str(t, "Value"));
    }
    json_decref(in);
    return strdup("{}");
}

static char *s_csr(void *ctx, const struct fw_request *req)
{
    const struct pw_state *st = ctx;
    (void)req;
    /* as AWS: no CSR before the CA has made its key, nor ever from a failed CA */
    if (strcmp(st->status, "CREATING") == 0)
        return strdup("!400 {\"__type\": \"RequestInProgressException\", \"message\": \"The CA is being created\"}");
    if (strcmp(st->status, "FAILED") == 0)
        return strdup("!400 {\"__type\": \"InvalidStateException\", \"message\": \"The CA failed\"}");
    char *pem = fx_file("pca_csr.pem");
    char *out = pem ? fw_json_answer(json_pack("{s:s}", "Csr", pem)) : NULL;
    free(pem);
    return out;
}

static char *s_issue(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    const char *template = fw_json_str(in, "TemplateArn");
    bool root = template && strstr(template, "RootCACertificate/V1");
    char arn[256];
    snprintf(arn, sizeof arn, "%s", PW_CERT_ARN "-root");
    if (root) {
        st->issued = true;
    } else {
        /* as AWS: a token seen before gets the certificate it got then */
        const char *token = fw_json_str(in, "IdempotencyToken");
        int at = -1;
        st->n_issued_leaf++;
        for (int i = 0; token && i < st->n_leaf_tokens; i++)
            if (strcmp(st->leaf_tokens[i], token) == 0)
                at = i;
        if (at < 0 && st->n_leaf_tokens < PW_MAX) {
            at = st->n_leaf_tokens++;
            s_copy(st->leaf_tokens[at], sizeof st->leaf_tokens[0], token);
        }
        if (at > 0)
            snprintf(arn, sizeof arn, "%s-%d", PW_CERT_ARN, at);
        else
            snprintf(arn, sizeof arn, "%s", PW_CERT_ARN);
    }
    json_decref(in);
    return fw_json_answer(json_pack("{s:s}", "CertificateArn", arn));
}

static char *s_get_cert(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    json_t *in = fw_json_body(req);
    const char *arn = fw_json_str(in, "CertificateArn");
    bool root = arn && strstr(arn, "-root");
    char *pem = fx_file(root ? "pca_root.pem" : "pca_ops_cert.pem");
    char *chain = fx_file("pca_root.pem");
    char *out = pem && chain
                    ? fw_json_answer(root ? json_pack("{s:s}", "Certificate", pem)
                                          : json_pack("{s:s, s:s}", "Certificate", pem, "CertificateChain", chain))
                    : NULL;
    free(pem);
    free(chain);
    json_decref(in);
    return out;
}

static char *s_import(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    (void)req;
    st->imported = true;
    s_copy(st->status, sizeof st->status, "ACTIVE");
    return strdup("{}");
}

static char *s_ca_cert(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    (void)req;
    char *pem = fx_file("pca_root.pem");
    char *out = pem ? fw_json_answer(json_pack("{s:s}", "Certificate", pem)) : NULL;
    free(pem);
    return out;
}

static char *s_update_ca(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    const char *status = fw_json_str(in, "Status");
    json_t *ocsp = json_object_get(json_object_get(json_object_get(in, "RevocationConfiguration"), "OcspConfiguration"),
                                   "Enabled");
    if (status)
        s_copy(st->status, sizeof st->status, status);
    if (ocsp)
        st->ocsp = json_is_true(ocsp);
    json_decref(in);
    return strdup("{}");
}

static char *s_delete_ca(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    (void)req;
    s_copy(st->status, sizeof st->status, "DELETED");
    return strdup("{}");
}

static char *s_permission(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    if (strcmp(req->operation, "ListPermissions") == 0) {
        json_t *list = json_array();
        if (st->permission)
            json_array_append_new(list, json_pack("{s:s, s:s, s:[sss]}", "CertificateAuthorityArn", st->ca_arn,
                                                  "Principal", "acm.amazonaws.com", "Actions", "IssueCertificate",
                                                  "GetCertificate", "ListPermissions"));
        return fw_json_answer(json_pack("{s:o}", "Permissions", list));
    }
    st->permission = strcmp(req->operation, "CreatePermission") == 0;
    return strdup("{}");
}

static char *s_revoke(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    st->n_revoked++;
    s_copy(st->revoked_serial, sizeof st->revoked_serial, fw_json_str(in, "CertificateSerial"));
    s_copy(st->revoked_reason, sizeof st->revoked_reason, fw_json_str(in, "RevocationReason"));
    json_decref(in);
    return strdup("{}");
}

/* ---- RAM ---- */

static json_t *s_share_doc(const struct pw_state *st)
{
    json_t *tags = json_array();
    json_array_append_new(tags, json_pack("{s:s, s:s}", "key", "gcnet:private-ca", "value", st->ca_arn));
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "resourceShareArn", PW_SHARE_ARN, "name", "ca-share",
                     "owningAccountId", "123456789012", "status", "ACTIVE", "allowExternalPrincipals", 1, "tags", tags);
}

static void s_principals_from(struct pw_state *st, const json_t *list, bool add)
{
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p)
    {
        const char *id = json_string_value(p);
        int at = -1;
        for (int k = 0; id && k < st->n_principals; k++)
            if (strcmp(st->principals[k], id) == 0)
                at = k;
        if (add && at < 0 && id && st->n_principals < PW_MAX)
            s_copy(st->principals[st->n_principals++], sizeof st->principals[0], id);
        if (!add && at >= 0)
            memmove(st->principals[at], st->principals[--st->n_principals], sizeof st->principals[0]);
    }
}

static char *s_create_share(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    st->share = true;
    st->n_principals = 0;
    s_principals_from(st, json_object_get(in, "principals"), true);
    json_decref(in);
    return fw_json_answer(json_pack("{s:o}", "resourceShare", s_share_doc(st)));
}

static char *s_get_shares(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *list = json_array();
    (void)req;
    if (st->share)
        json_array_append_new(list, s_share_doc(st));
    return fw_json_answer(json_pack("{s:o}", "resourceShares", list));
}

static char *s_associations(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    json_t *list = json_array();
    const char *type = fw_json_str(in, "associationType");
    if (st->share && type && strcmp(type, "PRINCIPAL") == 0)
        for (int i = 0; i < st->n_principals; i++)
            json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:b}", "resourceShareArn", PW_SHARE_ARN,
                                                  "associatedEntity", st->principals[i], "associationType", "PRINCIPAL",
                                                  "status", "ASSOCIATED", "external", 1));
    json_decref(in);
    return fw_json_answer(json_pack("{s:o}", "resourceShareAssociations", list));
}

static char *s_associate(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    json_t *in = fw_json_body(req);
    s_principals_from(st, json_object_get(in, "principals"), strcmp(req->operation, "AssociateResourceShare") == 0);
    json_decref(in);
    return strdup("{\"resourceShareAssociations\": []}");
}

static char *s_delete_share(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    (void)req;
    st->share = false;
    st->n_principals = 0;
    return strdup("{\"returnValue\": true}");
}

static char *s_share_tag(void *ctx, const struct fw_request *req)
{
    struct pw_state *st = ctx;
    (void)req;
    st->n_share_tags++;
    return strdup("{}");
}

const struct fw_answer pw_answers[] = {
    {&gc_op_acmpca_create_certificate_authority, NULL, NULL, s_create_ca},
    {&gc_op_acmpca_describe_certificate_authority, NULL, NULL, s_describe_ca},
    {&gc_op_acmpca_list_certificate_authorities, NULL, NULL, s_list_cas},
    {&gc_op_acmpca_list_tags, NULL, NULL, s_list_tags},
    {&gc_op_acmpca_tag_certificate_authority, NULL, NULL, s_tag_ca},
    {&gc_op_acmpca_untag_certificate_authority, NULL, NULL, s_tag_ca},
    {&gc_op_acmpca_get_certificate_authority_csr, NULL, NULL, s_csr},
    {&gc_op_acmpca_issue_certificate, NULL, NULL, s_issue},
    {&gc_op_acmpca_get_certificate, NULL, NULL, s_get_cert},
    {&gc_op_acmpca_import_certificate_authority_certificate, NULL, NULL, s_import},
    {&gc_op_acmpca_get_certificate_authority_certificate, NULL, NULL, s_ca_cert},
    {&gc_op_acmpca_update_certificate_authority, NULL, NULL, s_update_ca},
    {&gc_op_acmpca_delete_certificate_authority, NULL, NULL, s_delete_ca},
    {&gc_op_acmpca_create_permission, NULL, NULL, s_permission},
    {&gc_op_acmpca_list_permissions, NULL, NULL, s_permission},
    {&gc_op_acmpca_delete_permission, NULL, NULL, s_permission},
    {&gc_op_acmpca_revoke_certificate, NULL, NULL, s_revoke},
    {&gc_op_ram_create_resource_share, NULL, NULL, s_create_share},
    {&gc_op_ram_get_resource_shares, NULL, NULL, s_get_shares},
    {&gc_op_ram_get_resource_share_associations, NULL, NULL, s_associations},
    {&gc_op_ram_associate_resource_share, NULL, NULL, s_associate},
    {&gc_op_ram_disassociate_resource_share, NULL, NULL, s_associate},
    {&gc_op_ram_delete_resource_share, NULL, NULL, s_delete_share},
    {&gc_op_ram_tag_resource, NULL, NULL, s_share_tag},
    {&gc_op_ram_untag_resource, NULL, NULL, s_share_tag},
};
const size_t pw_n_answers = sizeof pw_answers / sizeof pw_answers[0];

int pw_install(struct fw_world *world, struct pw_state *state)
{
    return fw_answer_table(world, pw_answers, pw_n_answers, state);
}

void pw_state_active(struct pw_state *st, const char *create_token)
{
    st->n_created = 1;
    s_copy(st->ca_arn, sizeof st->ca_arn, PW_CA_ARN);
    s_copy(st->status, sizeof st->status, "ACTIVE");
    s_copy(st->common_name, sizeof st->common_name, "Naruto City Government Cloud Root CA");
    s_copy(st->subject_json, sizeof st->subject_json,
           "{\"CommonName\": \"Naruto City Government Cloud Root CA\", \"Country\": \"JP\", \"Organization\": "
           "\"Naruto City\", \"State\": \"Tokushima\"}");
    st->issued = st->imported = st->permission = st->share = true;
    st->n_principals = 1;
    s_copy(st->principals[0], sizeof st->principals[0], "111111111111");
    s_tag_set(st, "gcnet:private-ca-create", create_token ? create_token : "token");
    s_tag_set(st, "env", "test");
}
