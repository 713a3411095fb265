/* gcnet_certificate: an end-entity certificate issued by a private CA (AWS Private CA IssueCertificate with the
 * EndEntityCertificate/V1 template) from a certificate signing request whose key only its owner holds; revoked on
 * destroy (CESSATION_OF_OPERATION) and replaced by the plan `early_renewal_days` before it expires.
 *
 * Never two certificates for one create: IssueCertificate carries a token derived from the planned values, and AWS
 * answers a token it saw in the last five minutes with the certificate it issued then. A create retried after a
 * lost answer, or finished by the next apply after the provider was killed, thus gets the certificate already
 * issued. A replacement (destroy, then create with the same values) must not get the revoked certificate back:
 * this process remembers what it revoked, and a token answered with one of those moves on. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/gc_log.h"
#include "framework/gc_delete.h"
#include "framework/gc_import.h"
#include "framework/gc_plan.h"
#include "framework/gc_timeouts.h"
#include "resources/pca_model.h"
#include "resources/pca_x509.h"

#define S_DAY_S 86400
#define S_MAX_DAYS 3650
#define S_DEFAULT_DAYS 397
#define S_CSR_MAX 65536
#define S_MAX_TOKEN_MOVES 4

/* ---- certificates this process revoked ---- */

#define S_N_REVOKED 32
static pthread_mutex_t s_revoked_lock = PTHREAD_MUTEX_INITIALIZER;
static char s_revoked[S_N_REVOKED][256];
static size_t s_revoked_next;

static void s_remember_revoked(const char *arn)
{
    pthread_mutex_lock(&s_revoked_lock);
    snprintf(s_revoked[s_revoked_next % S_N_REVOKED], sizeof s_revoked[0], "%s", arn);
    s_revoked_next++;
    pthread_mutex_unlock(&s_revoked_lock);
}

static bool s_was_revoked(const char *arn)
{
    bool found = false;
    pthread_mutex_lock(&s_revoked_lock);
    for (size_t i = 0; i < S_N_REVOKED && !found; i++)
        found = s_revoked[i][0] && strcmp(s_revoked[i], arn) == 0;
    pthread_mutex_unlock(&s_revoked_lock);
    return found;
}

/* ---- schema ---- */

static int s_validate_ca_arn(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(v);
    if (gc_pca_is_ca_arn(s))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid certificate authority ARN",
                 "\"%s\" is not the ARN of a private CA (arn:aws:acm-pca:<region>:<account>:certificate-authority/"
                 "<id>, e.g. gcnet_private_ca.root.arn).",
                 s ? s : "");
    return -1;
}

static int s_validate_csr(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    char why[256];
    if (gc_pca_csr_check(gc_value_string(v), why, sizeof why) == 0)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid certificate signing request", "%s", why);
    return -1;
}

static int s_validate_validity(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_validate_int_range(v, path, diags, 1, S_MAX_DAYS, "validity_days (the certificate's lifetime)");
}

static int s_validate_early(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_validate_int_range(v, path, diags, 0, S_MAX_DAYS - 1,
                                 "early_renewal_days (days before not_after from which the plan replaces it)");
}

static struct gc_value *s_default_days(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_int(S_DEFAULT_DAYS);
}

static struct gc_value *s_default_early(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_int(0);
}

GC_TIMEOUTS_MINUTES(s_timeouts_block, 10);

#define RO (GC_ATTR_COMPUTED | GC_ATTR_STABLE)
#define OPT (GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED)
static const struct gc_attr_def s_cert_attrs[] = {
    {"arn", &gc_type_string, RO, "ARN of the certificate.", NULL, NULL},
    {"certificate", &gc_type_string, RO, "The issued certificate (PEM).", NULL, NULL},
    {"certificate_authority_arn", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW,
     "ARN of the private CA that issues the certificate (e.g. gcnet_private_ca.root.arn). A change replaces the "
     "certificate.",
     s_validate_ca_arn, NULL},
    {"certificate_chain", &gc_type_string, RO, "The issuing CA's certificate chain up to the root (PEM).", NULL, NULL},
    {"certificate_signing_request", &gc_type_string, GC_ATTR_REQUIRED,
     "PEM certificate signing request (e.g. file(\"ops.csr.pem\")); it must parse and its signature verify. A change "
     "replaces the certificate (after an import by ARN alone, a request with the certificate's own public key is "
     "only recorded).",
     s_validate_csr, NULL},
    {"early_renewal_days", &gc_type_number, OPT,
     "Days before not_after from which the certificate is due for renewal: the plan then replaces it (0 to "
     "validity_days - 1; default 0: once it has expired).",
     s_validate_early, s_default_early},
    {"id", &gc_type_string, RO, "ARN of the certificate.", NULL, NULL},
    {"not_after", &gc_type_string, RO, "End of the certificate's validity (RFC 3339, UTC).", NULL, NULL},
    {"not_before", &gc_type_string, RO, "Start of the certificate's validity (RFC 3339, UTC).", NULL, NULL},
    {"ready_for_renewal", &gc_type_bool, GC_ATTR_COMPUTED,
     "Whether the certificate is within early_renewal_days of not_after (or expired); the plan then replaces it.", NULL,
     NULL},
    {"serial", &gc_type_string, RO, "Serial number of the certificate (lower-case hex pairs joined by ':').", NULL,
     NULL},
    {"validity_days", &gc_type_number, OPT | GC_ATTR_FORCE_NEW,
     "Lifetime of the certificate in days (1 to 3650, default 397); it cannot outlive its CA. A change replaces "
     "the certificate.",
     s_validate_validity, s_default_days},
};
#undef RO
#undef OPT

GC_RESOURCE_BLOCK(
    s_cert_block, s_cert_attrs, s_timeouts_block,
    "A certificate issued by a private CA (gcnet_private_ca) from a certificate signing request, revoked on destroy "
    "and replaced by the plan early_renewal_days before it expires.");

static int s_validate(const struct gc_value *config, struct gc_diags *diags)
{
    const struct gc_value *days_v = gc_value_object_get(config, "validity_days");
    const struct gc_value *early_v = gc_value_object_get(config, "early_renewal_days");
    int64_t days = S_DEFAULT_DAYS, early = 0;
    if (!gc_value_is_known(days_v) || !gc_value_is_known(early_v) || gc_value_is_null(early_v))
        return 0;
    if (!gc_value_is_null(days_v) && gc_value_int64(days_v, &days) != 0)
        return 0;
    if (gc_value_int64(early_v, &early) != 0 || early < days)
        return 0;
    gc_diags_error_at(diags, "early_renewal_days", "Renewal window as long as the validity",
                      "early_renewal_days (%lld) must be smaller than validity_days (%lld): a certificate due for "
                      "renewal as soon as it is issued would be replaced by every plan.",
                      (long long)early, (long long)days);
    return -1;
}

/* ---- shared steps ---- */

/* RFC 3339 UTC of `t`. */
static void s_time_text(char out[24], int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    memset(&tm, 0, sizeof tm);
    if (!gmtime_r(&tt, &tm) || strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, 24, "%lld", (long long)t);
}

/* Whether a certificate valid until `not_after_s` is due for renewal `early_days` before it ends. */
static bool s_due(int64_t not_after_s, int64_t early_days)
{
    return gc_pca_now_s() >= not_after_s - early_days * S_DAY_S;
}

/* An AWS failure as a diagnostic on the attribute it is about. */
static void s_aws_error(struct gc_op *op, const struct gc_aws_error *err)
{
    const char *attr = NULL;
    struct gc_path path = {0};
    if (gc_aws_error_is(err, "MalformedCSRException"))
        attr = "certificate_signing_request";
    else if (gc_aws_error_is(err, "ValidationException"))
        attr = "validity_days";
    else if (gc_aws_error_is(err, "InvalidStateException") || gc_aws_error_is(err, "InvalidArnException") ||
             gc_aws_error_is(err, "ResourceNotFoundException"))
        attr = "certificate_authority_arn";
    if (attr && gc_path_push_attr(&path, attr) == 0)
        gc_aws_error_diag(op->diags, &path, err);
    else
        gc_aws_error_diag(op->diags, NULL, err);
    gc_path_clean_up(&path);
}

/* The certificate must end before its CA (`ca`, DescribeCertificateAuthority's answer) when issued now. */
static int s_check_ca_outlives(struct gc_op *op, const json_t *ca, const char *ca_arn, int64_t days)
{
    const json_t *not_after = gc_doc_get(ca, "NotAfter");
    if (!json_is_number(not_after))
        return 0; /* a CA without its certificate yet: AWS judges at issue */
    int64_t ca_end = (int64_t)json_number_value(not_after);
    int64_t end = gc_pca_now_s() + days * S_DAY_S;
    if (end <= ca_end)
        return 0;
    char ca_end_text[24], end_text[24];
    s_time_text(ca_end_text, ca_end);
    s_time_text(end_text, end);
    gc_diags_error_at(op->diags, "validity_days", "Certificate would outlive its CA",
                      "A certificate of %lld days issued now would end at %s, after its CA %s (valid until %s). Use "
                      "at most %lld days, or renew the CA first.",
                      (long long)days, end_text, ca_arn, ca_end_text, (long long)((ca_end - gc_pca_now_s()) / S_DAY_S));
    return -1;
}

/* The CA as a create or plan needs it: existing and not DELETED (*ca owned), else an error on
 * certificate_authority_arn. */
static int s_load_ca(struct gc_op *op, const char *ca_arn, json_t **ca)
{
    bool deleted = false;
    if (gc_pca_describe(op, ca_arn, ca, &deleted) != 0)
        return -1;
    if (*ca)
        return 0;
    gc_diags_error_at(op->diags, "certificate_authority_arn", "Certificate authority not found",
                      "No certificate authority %s exists in this account and region%s.", ca_arn,
                      deleted ? " (it is DELETED)" : "");
    return -1;
}

/* A certificate as AWS gives it. */
struct s_cert {
    char *arn;
    char *certificate;
    char *chain;
    struct gc_pca_cert_info info;
    bool have_info;
};

static void s_cert_clean_up(struct s_cert *c)
{
    free(c->arn);
    free(c->certificate);
    free(c->chain);
    gc_pca_cert_info_clean_up(&c->info);
    memset(c, 0, sizeof *c);
}

/* Reads GetCertificate's answer into c. */
static int s_take_answer(struct gc_op *op, struct s_cert *c, const json_t *out)
{
    const char *pem = gc_doc_str(out, "Certificate");
    free(c->certificate);
    free(c->chain);
    c->certificate = gc_strdup(pem);
    c->chain = gc_strdup(gc_doc_str(out, "CertificateChain"));
    gc_pca_cert_info_clean_up(&c->info);
    c->have_info = false;
    if ((pem && !c->certificate) || (gc_doc_str(out, "CertificateChain") && !c->chain)) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Reading certificate %s.", c->arn);
        return -1;
    }
    if (!pem || gc_pca_cert_info(&c->info, pem) != 0) {
        gc_diags_error_at(op->diags, NULL, "Unexpected AWS answer", "ACM PCA GetCertificate answered %s for %s.",
                          pem ? "a certificate OpenSSL cannot read" : "without a certificate", c->arn);
        return -1;
    }
    c->have_info = true;
    return 0;
}

/* GetCertificate of c->arn, waiting while AWS is still issuing it (`wait`), else one call whose error is in *err. */
static int s_get(struct gc_op *op, const char *ca_arn, struct s_cert *c, bool wait, struct gc_aws_error *err)
{
    static const char *const in_progress[] = {"RequestInProgressException", NULL};
    int result = -1;
    json_t *out = NULL;
    json_t *in = json_pack("{s:s, s:s}", "CertificateAuthorityArn", ca_arn, "CertificateArn", c->arn);
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Building the GetCertificate request for %s.", c->arn);
        goto cleanup;
    }
    if (wait) {
        if (gc_pca_call_when_ready(op, "the certificate's issue", &gc_op_acmpca_get_certificate, in, in_progress,
                                   &out) != 0)
            goto cleanup;
    } else if (gc_aws_op_call(op->aws, &gc_op_acmpca_get_certificate, in, &out, err) != 0) {
        goto cleanup;
    }
    result = s_take_answer(op, c, out);
cleanup:
    json_decref(in);
    json_decref(out);
    return result;
}

/* What every state gets from the certificate. */
static int s_fill_state(struct gc_value *state, const struct s_cert *c)
{
    int rc = 0;
    int64_t early = 0;
    gc_value_get_int64(state, "early_renewal_days", &early);
    rc |= gc_value_set_string(state, "id", c->arn);
    rc |= gc_value_set_string(state, "arn", c->arn);
    rc |= gc_value_set_string(state, "certificate", c->certificate);
    rc |= gc_value_set_string(state, "certificate_chain", c->chain);
    rc |= gc_value_set_string(state, "serial", c->have_info ? c->info.serial : NULL);
    rc |= gc_value_set_string(state, "not_before", c->have_info ? c->info.not_before : NULL);
    rc |= gc_value_set_string(state, "not_after", c->have_info ? c->info.not_after : NULL);
    if (c->have_info)
        rc |= gc_value_set_bool(state, "ready_for_renewal", s_due(c->info.not_after_s, early));
    else
        rc |= gc_value_object_set(state, "ready_for_renewal", gc_value_new_null(&gc_type_bool));
    return rc ? -1 : 0;
}

/* ---- plan ---- */

static const char *const s_computed[] = {"arn",       "certificate", "certificate_chain", "id",
                                         "not_after", "not_before",  "ready_for_renewal", "serial"};
#define S_N_COMPUTED (sizeof s_computed / sizeof s_computed[0])

/* Plan-time check that the CA outlives a new certificate, when the CA's ARN is known. */
static int s_plan_check_ca(struct gc_plan_ctx *ctx)
{
    int result = -1;
    json_t *ca = NULL;
    int64_t days = S_DEFAULT_DAYS;
    const struct gc_value *arn = gc_value_object_get(ctx->planned, "certificate_authority_arn");
    if (!ctx->provider || !ctx->provider->aws || !gc_value_is_wholly_known(arn) ||
        gc_value_get_int64(ctx->planned, "validity_days", &days) != 0)
        return 0;
    struct gc_op op = {.provider = ctx->provider,
                       .aws = ctx->provider->aws,
                       .diags = ctx->diags,
                       .type_name = "gcnet_certificate",
                       .timeout_kind = "plan"};
    if (s_load_ca(&op, gc_value_string(arn), &ca) != 0)
        goto cleanup;
    if (s_check_ca_outlives(&op, ca, gc_value_string(arn), days) != 0)
        goto cleanup;
    result = 0;
cleanup:
    json_decref(ca);
    return result;
}

/* After an import by ARN alone the state has no CSR: one with the certificate's own key is recorded in place. */
static bool s_csr_recorded_only(const struct gc_plan_ctx *ctx)
{
    const struct gc_value *planned_csr = gc_value_object_get(ctx->planned, "certificate_signing_request");
    return gc_value_is_null(gc_value_object_get(ctx->prior, "certificate_signing_request")) &&
           gc_value_is_known(planned_csr) &&
           gc_pca_csr_matches_cert(gc_value_string(planned_csr), gc_value_get_string(ctx->prior, "certificate"));
}

static int s_plan(struct gc_plan_ctx *ctx)
{
    if (gc_plan_is_create(ctx))
        return s_plan_check_ca(ctx);
    int64_t early = 0;
    int64_t not_after = gc_pca_time_parse(gc_value_get_string(ctx->prior, "not_after"));
    bool csr_changed = gc_plan_changed(ctx, "certificate_signing_request");
    if (csr_changed && !s_csr_recorded_only(ctx) && gc_path_list_add(ctx->replace, "certificate_signing_request") != 0)
        return -1;
    gc_value_get_int64(ctx->planned, "early_renewal_days", &early);
    bool due = not_after >= 0 && s_due(not_after, early);
    if (due && ctx->replace->n == 0) {
        GC_INFO("certificate %s is due for renewal (not_after %s, early_renewal_days %lld): planning its replacement",
                gc_value_get_string(ctx->prior, "id"), gc_value_get_string(ctx->prior, "not_after"), (long long)early);
        if (gc_path_list_add(ctx->replace, "ready_for_renewal") != 0)
            return -1;
    }
    if (ctx->replace->n == 0)
        return gc_value_set_bool(ctx->planned, "ready_for_renewal", false);
    for (size_t i = 0; i < S_N_COMPUTED; i++)
        if (gc_plan_set_unknown(ctx, s_computed[i]) != 0)
            return -1;
    return s_plan_check_ca(ctx);
}

/* ---- create ---- */

/* IssueCertificate with the token of the planned values: the certificate an earlier attempt of this create got,
 * or a new one. */
static int s_issue(struct gc_op *op, const struct gc_value *planned, const char *signing, struct s_cert *c)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *in = NULL, *out = NULL;
    char token[37], days_text[32], move[16];
    int64_t days = S_DEFAULT_DAYS;
    const char *ca_arn = gc_value_get_string(planned, "certificate_authority_arn");
    const char *csr = gc_value_get_string(planned, "certificate_signing_request");
    char *csr_b64 = gc_pca_base64(csr);
    gc_value_get_int64(planned, "validity_days", &days);
    snprintf(days_text, sizeof days_text, "%lld", (long long)days);
    if (!csr_b64) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Encoding the certificate signing request.");
        goto cleanup;
    }
    for (int m = 0; m < S_MAX_TOKEN_MOVES; m++) {
        const char *parts[] = {ca_arn, csr, days_text, GC_PCA_END_ENTITY_TEMPLATE, signing, move};
        snprintf(move, sizeof move, "%d", m);
        json_decref(in);
        json_decref(out);
        out = NULL;
        in = gc_pca_token(token, parts, 6) == 0
                 ? json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:I}, s:s}", "CertificateAuthorityArn", ca_arn, "Csr",
                             csr_b64, "SigningAlgorithm", signing, "TemplateArn", GC_PCA_END_ENTITY_TEMPLATE,
                             "Validity", "Type", "DAYS", "Value", (json_int_t)days, "IdempotencyToken", token)
                 : NULL;
        if (!in) {
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Building the IssueCertificate request.");
            goto cleanup;
        }
        if (gc_aws_op_call(op->aws, &gc_op_acmpca_issue_certificate, in, &out, &err) != 0) {
            s_aws_error(op, &err);
            goto cleanup;
        }
        const char *arn = gc_doc_str(out, "CertificateArn");
        if (!arn) {
            gc_diags_error_at(op->diags, NULL, "Unexpected AWS answer",
                              "ACM PCA IssueCertificate answered without CertificateArn (CA %s).", ca_arn);
            goto cleanup;
        }
        if (!s_was_revoked(arn)) {
            c->arn = gc_strdup(arn);
            result = c->arn ? 0 : -1;
            goto cleanup;
        }
        GC_WARN("IssueCertificate answered with %s, revoked by this provider moments ago (the same values within "
                "AWS's five-minute idempotency window): asking again with the next token",
                arn);
    }
    gc_diags_error_at(op->diags, NULL, "No new certificate",
                      "ACM PCA IssueCertificate answered %d tokens with certificates this provider had revoked. Wait "
                      "five minutes (AWS's idempotency window) and apply again.",
                      S_MAX_TOKEN_MOVES);
cleanup:
    json_decref(in);
    json_decref(out);
    free(csr_b64);
    gc_aws_error_clean_up(&err);
    return result;
}

static int s_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    int result = -1;
    struct s_cert c = {0};
    json_t *ca = NULL;
    int64_t days = S_DEFAULT_DAYS;
    const char *ca_arn = gc_value_get_string(planned, "certificate_authority_arn");
    *state = NULL;
    gc_value_get_int64(planned, "validity_days", &days);
    if (s_load_ca(op, ca_arn, &ca) != 0)
        goto cleanup;
    if (strcmp(gc_pca_status(ca), "ACTIVE") != 0) {
        gc_diags_error_at(op->diags, "certificate_authority_arn", "Certificate authority not active",
                          "%s is %s; a CA issues certificates only when ACTIVE.", ca_arn, gc_pca_status(ca));
        goto cleanup;
    }
    const char *signing = gc_doc_str(ca, "CertificateAuthorityConfiguration.SigningAlgorithm");
    if (!signing) {
        gc_diags_error_at(op->diags, NULL, "Unexpected AWS answer",
                          "ACM PCA DescribeCertificateAuthority answered without the CA's signing algorithm for %s.",
                          ca_arn);
        goto cleanup;
    }
    if (s_check_ca_outlives(op, ca, ca_arn, days) != 0)
        goto cleanup;
    if (s_issue(op, planned, signing, &c) != 0)
        goto cleanup;
    if (s_get(op, ca_arn, &c, true, NULL) != 0)
        goto cleanup;
    GC_INFO("issued certificate %s (serial %s) from %s", c.arn, c.info.serial, ca_arn);
    result = 0;
cleanup:
    if (c.arn) {
        /* also on failure: the issued certificate goes into state (Terraform taints it, destroy revokes it) */
        *state = gc_value_copy(planned);
        if (!*state || s_fill_state(*state, &c) != 0) {
            gc_value_free(*state);
            *state = NULL;
            gc_diags_error_at(op->diags, NULL, "Out of memory", "Recording certificate %s in state.", c.arn);
            result = -1;
        }
    }
    json_decref(ca);
    s_cert_clean_up(&c);
    return result;
}

/* ---- read, update ---- */

/* Whether the CA `ca_arn` is gone or DELETED (its certificates with it). */
static int s_ca_gone(struct gc_op *op, const char *ca_arn, bool *gone)
{
    json_t *ca = NULL;
    int rc = gc_pca_describe(op, ca_arn, &ca, NULL);
    *gone = rc == 0 && !ca;
    json_decref(ca);
    return rc;
}

static int s_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    int result = -1;
    struct s_cert c = {0};
    struct gc_aws_error err = {0};
    bool gone = false;
    const char *ca_arn = gc_value_get_string(prior, "certificate_authority_arn");
    *state = NULL;
    if (!gc_value_get_string(prior, "id"))
        return 0;
    if (!(c.arn = gc_strdup(gc_value_get_string(prior, "id")))) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Reading a certificate.");
        goto cleanup;
    }
    if (s_get(op, ca_arn, &c, false, &err) != 0) {
        if (!err.code)
            goto cleanup;
        if (gc_aws_op_is_not_found(&gc_op_acmpca_get_certificate, &err)) {
            GC_INFO("certificate %s is gone", c.arn);
            result = 0;
            goto cleanup;
        }
        if (gc_aws_error_is(&err, "RequestInProgressException")) {
            GC_DEBUG("certificate %s: still being issued, keeping the prior state", c.arn);
            *state = gc_value_copy(prior);
            result = *state ? 0 : -1;
            goto cleanup;
        }
        if (gc_aws_error_is(&err, "InvalidStateException") && s_ca_gone(op, ca_arn, &gone) == 0 && gone) {
            GC_INFO("certificate %s: its CA %s is gone", c.arn, ca_arn);
            result = 0;
            goto cleanup;
        }
        if (!gc_diags_has_error(op->diags))
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    *state = gc_value_copy(prior);
    if (!*state || s_fill_state(*state, &c) != 0)
        goto cleanup;
    /* after an import: the lifetime as the certificate says */
    if (gc_value_is_null(gc_value_object_get(prior, "validity_days")) &&
        gc_value_set_int64(*state, "validity_days", gc_pca_cert_days(&c.info)) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    s_cert_clean_up(&c);
    return result;
}

/* In place: early_renewal_days and a CSR recorded after an import; nothing changes in AWS. */
static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state)
{
    (void)prior;
    *state = gc_value_copy(planned);
    if (*state)
        return 0;
    gc_diags_error_at(op->diags, NULL, "Out of memory", "Updating certificate %s.", gc_value_get_string(planned, "id"));
    return -1;
}

/* ---- delete: revoke ---- */

struct s_revoke {
    const char *ca_arn;
    const char *serial;
    const char *arn;
    bool ca_gone;
};

static int s_revoke_request(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    struct s_revoke *r = arg;
    json_t *out = NULL;
    json_t *in = json_pack("{s:s, s:s, s:s}", "CertificateAuthorityArn", r->ca_arn, "CertificateSerial", r->serial,
                           "RevocationReason", "CESSATION_OF_OPERATION");
    int rc = in ? gc_aws_op_call(op->aws, &gc_op_acmpca_revoke_certificate, in, &out, err) : -1;
    if (!in)
        gc_aws_error_set(err, GC_SVC_ACMPCA, "RevokeCertificate", "InvalidArgument",
                         "the RevokeCertificate input could not be built");
    if (rc != 0 && in && gc_aws_error_is(err, "RequestAlreadyProcessedException")) {
        GC_INFO("certificate %s was revoked already", r->arn);
        gc_aws_error_clean_up(err);
        memset(err, 0, sizeof *err);
        rc = 0;
    } else if (rc != 0 && in && gc_aws_error_is(err, "InvalidStateException") &&
               s_ca_gone(op, r->ca_arn, &r->ca_gone) == 0 && r->ca_gone) {
        GC_WARN("certificate %s: its CA %s is gone, and its certificates with it", r->arn, r->ca_arn);
        gc_aws_error_clean_up(err);
        memset(err, 0, sizeof *err);
        rc = 0;
    }
    json_decref(in);
    json_decref(out);
    return rc;
}

static int s_delete(struct gc_op *op, const struct gc_value *prior)
{
    static const struct gc_delete_retry retry[] = {
        {"ConcurrentModificationException", NULL}, {"RequestInProgressException", NULL}, {NULL, NULL}};
    int result = -1;
    struct s_cert c = {0};
    struct gc_aws_error err = {0};
    const char *ca_arn = gc_value_get_string(prior, "certificate_authority_arn");
    const char *serial = gc_value_get_string(prior, "serial");
    int64_t not_after = gc_pca_time_parse(gc_value_get_string(prior, "not_after"));
    if (!gc_value_get_string(prior, "id"))
        return 0;
    if (!(c.arn = gc_strdup(gc_value_get_string(prior, "id")))) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Revoking a certificate.");
        goto cleanup;
    }
    if (!serial) {
        /* a create that failed before reading its certificate: AWS knows the serial */
        if (s_get(op, ca_arn, &c, false, &err) != 0) {
            if (err.code && gc_aws_op_is_not_found(&gc_op_acmpca_get_certificate, &err))
                result = 0;
            else if (err.code)
                gc_op_aws_error(op, &err);
            goto cleanup;
        }
        serial = c.info.serial;
        not_after = c.info.not_after_s;
    }
    if (not_after >= 0 && gc_pca_now_s() >= not_after) {
        GC_INFO("certificate %s expired at %lld: nothing to revoke", c.arn, (long long)not_after);
        result = 0;
        goto cleanup;
    }
    char what[400];
    snprintf(what, sizeof what, "certificate %s (serial %s)", c.arn, serial);
    struct s_revoke r = {ca_arn, serial, c.arn, false};
    struct gc_delete_spec spec = {what, s_revoke_request, &r, retry, NULL, NULL};
    if (gc_delete_object(op, &spec) != 0)
        goto cleanup;
    s_remember_revoked(c.arn);
    GC_INFO("revoked certificate %s (serial %s, CESSATION_OF_OPERATION)", c.arn, serial);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    s_cert_clean_up(&c);
    return result;
}

/* ---- import: "<certificate ARN>" or "<certificate ARN>,<CSR file>" ---- */

static int s_import(struct gc_op *op, const char *id, struct gc_value **state)
{
    int result = -1;
    struct s_cert c = {0};
    struct gc_aws_error err = {0};
    char *arn = NULL, *ca_arn = NULL, *csr = NULL, why[256];
    const char *comma = id ? strchr(id, ',') : NULL;
    size_t ca_len = 0;
    *state = NULL;
    arn = id ? (comma ? strndup(id, (size_t)(comma - id)) : gc_strdup(id)) : NULL;
    if (!arn || !gc_pca_is_certificate_arn(arn, &ca_len)) {
        gc_import_bad_id(op, id,
                         "a certificate by its ARN, optionally followed by a comma and the path of the CSR it was "
                         "issued from (then the next plan shows no changes)",
                         "gcnet_certificate.ops 'arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/"
                         "0123…/certificate/89ab…,ops.csr.pem'");
        goto cleanup;
    }
    if (comma) {
        csr = gc_pca_read_file(comma + 1, S_CSR_MAX, why, sizeof why);
        if (!csr || gc_pca_csr_check(csr, why, sizeof why) != 0) {
            gc_diags_error_at(op->diags, NULL, "Invalid CSR file", "The import ID's CSR file: %s", why);
            goto cleanup;
        }
    }
    ca_arn = strndup(arn, ca_len);
    c.arn = gc_strdup(arn);
    if (!ca_arn || !c.arn) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Importing %s.", arn);
        goto cleanup;
    }
    if (s_get(op, ca_arn, &c, false, &err) != 0) {
        if (err.code && gc_aws_op_is_not_found(&gc_op_acmpca_get_certificate, &err))
            gc_import_missing(op, "No certificate %s exists in this account and region.", arn);
        else if (err.code)
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    if (csr && !gc_pca_csr_matches_cert(csr, c.certificate)) {
        gc_diags_error_at(op->diags, NULL, "CSR does not match the certificate",
                          "The CSR in %s has another public key than certificate %s: give the CSR it was issued from.",
                          comma + 1, arn);
        goto cleanup;
    }
    if (gc_import_state(op, &s_cert_block, arn, state) != 0)
        goto cleanup;
    if (gc_value_set_string(*state, "certificate_authority_arn", ca_arn) != 0 ||
        gc_value_set_string(*state, "certificate_signing_request", csr) != 0 ||
        gc_value_set_int64(*state, "early_renewal_days", 0) != 0) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Importing %s.", arn);
        goto cleanup;
    }
    result = 0;
cleanup:
    free(arn);
    free(ca_arn);
    free(csr);
    gc_aws_error_clean_up(&err);
    s_cert_clean_up(&c);
    return result;
}

GC_RESOURCE_DEFINE(gc_resource_certificate, "gcnet_certificate", &s_cert_block, s_timeouts_block);
