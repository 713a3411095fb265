/* gcnet_certificate through the framework (gc_plan_resource, gc_apply_resource, gc_read_resource,
 * gc_import_resource) against the fake AWS with the Private CA answers (pca_world.h, an ACTIVE CA): validation
 * before any AWS call, the plan-time check that the CA outlives the certificate, issue with its token and wait,
 * early renewal on a test wall clock, replacement rules, revoke on destroy (and no revoked certificate taken back
 * by a replacement), import by ARN alone and with the CSR file. The fixtures pca_ops_csr.pem / pca_ops_cert.pem
 * (the certificate of that CSR, 397 days from 2026-12-07T08:50:26Z) were made with the openssl CLI;
 * pca_ops_csr_badsig.pem is the CSR with the last bit of its signature flipped. */
#include <stdlib.h>

#include <jansson.h>

#include "fake_text.h"
#include "gc_test.h"
#include "resource_run.h"
#include "pca_world.h"
#include "resources/pca_x509.h"

extern const struct gc_resource_def gc_resource_certificate;
#define DEF (&gc_resource_certificate)
/* pca_ops_cert.pem's serial, as `openssl x509 -noout -serial` prints it */
#define OPS_SERIAL "6AB98206F498B3A3B898E529EC3421CF70BE9DF6"
#define OPS_NOT_AFTER "2028-01-08T08:50:26Z"

/* a check that records a failure and goes on, so that a test still frees what it made */
#define CHECK(c)                                                                                                      \
    do {                                                                                                              \
        if (!(c))                                                                                                     \
            GC_FAIL_("check failed: %s", #c);                                                                         \
    } while (0)

/* the wall clock the resource judges validity by: one hour after the fixtures were issued, unless a test moves it */
static int64_t s_wall_s;
static int64_t s_wall(void)
{
    return s_wall_s;
}

/* ---- one world with an ACTIVE CA, one provider ---- */

struct env {
    struct rr_env rr;
    struct pw_state st;
};

static int s_env_init(struct env *e)
{
    memset(e, 0, sizeof *e);
    if (rr_env_init(&e->rr, DEF) != 0 || pw_install(e->rr.world, &e->st) != 0)
        return -1;
    pw_state_active(&e->st, NULL);
    s_wall_s = gc_pca_time_parse("2026-12-07T09:50:26Z");
    gc_pca_set_clock(s_wall);
    return 0;
}

static void s_env_clean_up(struct env *e)
{
    gc_pca_set_clock(NULL);
    rr_env_clean_up(&e->rr);
}

/* A fixture's exact bytes (as Terraform's file() gives them; fx_file drops the last newline). */
static char *s_file(const char *name)
{
    char why[128];
    return gc_pca_read_file(name, 65536, why, sizeof why);
}

/* The issue's example: the ops CSR, 397 days, renewal 30 days before the end. */
static struct gc_value *s_config(void)
{
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    char *csr = s_file("pca_ops_csr.pem");
    if (c && csr) {
        gc_value_set_string(c, "certificate_authority_arn", PW_CA_ARN);
        gc_value_set_string(c, "certificate_signing_request", csr);
        gc_value_set_int64(c, "validity_days", 397);
        gc_value_set_int64(c, "early_renewal_days", 30);
    }
    free(csr);
    return c;
}

/* A created certificate (the state), or NULL. */
static struct gc_value *s_created(struct env *e)
{
    struct gc_value *config = s_config(), *state = NULL;
    int rc = -1;
    if (!config || rr_apply(&e->rr, NULL, config, &state, &rc) != 0 || rc != 0) {
        gc_value_free(state);
        state = NULL;
    }
    gc_value_free(config);
    return state;
}

/* Whether an error diagnostic sits on attribute `attr`. */
static bool s_diag_on(const struct gc_diags *d, const char *attr)
{
    bool on = false;
    for (size_t k = 0; k < d->n; k++) {
        char *path = gc_path_to_string(&d->items[k].path);
        on = on || (path && strcmp(path, attr) == 0 && d->items[k].severity == GC_SEV_ERROR);
        free(path);
    }
    return on;
}

static bool s_replaces(const struct gc_path_list *replace, const char *attr)
{
    bool found = false;
    for (size_t i = 0; i < replace->n; i++) {
        char *path = gc_path_to_string(&replace->items[i]);
        found = found || (path && strcmp(path, attr) == 0);
        free(path);
    }
    return found;
}

/* The JSON body of the n-th call (0-based) of `op`, parsed (owned), or NULL. */
static json_t *s_body_of(const struct env *e, const struct gc_aws_op_def *op, int nth)
{
    for (size_t i = 0; i < fw_n_calls(e->rr.world); i++)
        if (fw_call_at(e->rr.world, i)->op == op && nth-- == 0)
            return json_loads(fw_call_at(e->rr.world, i)->body, 0, NULL);
    return NULL;
}

/* "6a:b9:..." -> "6AB9..." */
static void s_plain_serial(char *out, size_t cap, const char *serial)
{
    size_t k = 0;
    for (size_t i = 0; serial && serial[i] && k + 1 < cap; i++)
        if (serial[i] != ':')
            out[k++] = (char)(serial[i] >= 'a' && serial[i] <= 'f' ? serial[i] - 32 : serial[i]);
    out[k] = '\0';
}

/* ---- validation: each rule on its attribute, before any AWS call ---- */

struct bad_case {
    const char *attr;      /* the attribute changed */
    const char *text;      /* string value, or a fixture file when `file` */
    bool file;
    int64_t number;        /* else this number */
    const char *on;        /* the attribute the error must name */
    const char *summary;
};

static const struct bad_case s_bad[] = {
    {"certificate_authority_arn", "arn:aws:acm-pca:ap-northeast-1:123456789012:certificate/abc", false, 0,
     "certificate_authority_arn", "Invalid certificate authority ARN"},
    {"certificate_authority_arn", PW_CERT_ARN, false, 0, "certificate_authority_arn",
     "Invalid certificate authority ARN"},
    {"certificate_signing_request", "hello", false, 0, "certificate_signing_request", "not a PEM"},
    {"certificate_signing_request", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
     false, 0, "certificate_signing_request", "does not parse"},
    {"certificate_signing_request", "pca_ops_csr_badsig.pem", true, 0, "certificate_signing_request",
     "does not verify"},
    {"certificate_signing_request", "pca_ops_cert.pem", true, 0, "certificate_signing_request", "not a PEM"},
    {"validity_days", NULL, false, 0, "validity_days", "out of range"},
    {"validity_days", NULL, false, 3651, "validity_days", "out of range"},
    {"early_renewal_days", NULL, false, -1, "early_renewal_days", "out of range"},
    {"early_renewal_days", NULL, false, 397, "early_renewal_days", "smaller than validity_days"},
    {"early_renewal_days", NULL, false, 500, "early_renewal_days", "smaller than validity_days"},
};

GC_TEST(validation_before_any_aws_call)
{
    int wrong = 0;
    for (size_t i = 0; i < sizeof s_bad / sizeof s_bad[0]; i++) {
        const struct bad_case *b = &s_bad[i];
        struct env e;
        struct gc_value *config = NULL, *state = NULL;
        int rc = 0;
        bool ok = s_env_init(&e) == 0 && (config = s_config()) != NULL;
        if (ok && b->text) {
            char *text = b->file ? fx_file(b->text) : NULL;
            gc_value_set_string(config, b->attr, b->file ? text : b->text);
            free(text);
        } else if (ok) {
            gc_value_set_int64(config, b->attr, b->number);
        }
        int planned = ok ? rr_apply(&e.rr, NULL, config, &state, &rc) : 0;
        bool good = ok && planned != 0 && s_diag_on(&e.rr.diags, b->on) && rr_diag_has(&e.rr.diags, b->summary) &&
                    fw_n_calls(e.rr.world) == 0;
        if (!good) {
            printf("# case %zu (%s): plan %d, %zu diags (%s: %s), %zu calls\n", i, b->attr, planned, e.rr.diags.n,
                   e.rr.diags.n ? e.rr.diags.items[0].summary : "-", e.rr.diags.n ? e.rr.diags.items[0].detail : "-",
                   ok ? fw_n_calls(e.rr.world) : 0);
            wrong++;
        }
        gc_value_free(config);
        gc_value_free(state);
        s_env_clean_up(&e);
    }
    ASSERT_INT_EQ(wrong, 0);
}

/* The CA's end is read at plan time when its ARN is known: 3650 days from now end after the CA (2036-12-04),
 * 3649 do not; an unknown ARN (a CA created in the same apply) is not read; a CA that does not exist is an error on
 * certificate_authority_arn. */
GC_TEST(certificate_cannot_outlive_its_ca)
{
    struct env e;
    struct gc_value *config = s_config(), *planned = NULL, *unknown = s_config();
    struct gc_path_list replace = {0};
    ASSERT_INT_EQ(s_env_init(&e), 0);
    gc_value_set_int64(config, "validity_days", 3650);
    gc_value_set_int64(unknown, "validity_days", 3650);
    int too_long = rr_plan(&e.rr, NULL, config, &planned, &replace);
    bool on_validity = s_diag_on(&e.rr.diags, "validity_days") && rr_diag_has(&e.rr.diags, "outlive its CA") &&
                       rr_diag_has(&e.rr.diags, "2036-12-04T08:50:26Z");
    int describes = fw_count(e.rr.world, &gc_op_acmpca_describe_certificate_authority);
    gc_value_free(planned);
    planned = NULL;
    gc_diags_clean_up(&e.rr.diags);
    gc_diags_init(&e.rr.diags);
    gc_value_set_int64(config, "validity_days", 3649);
    int fits = rr_plan(&e.rr, NULL, config, &planned, &replace);
    gc_value_free(planned);
    planned = NULL;
    gc_value_object_set(unknown, "certificate_authority_arn", gc_value_new_unknown(&gc_type_string));
    int calls_before = (int)fw_n_calls(e.rr.world);
    int not_read = rr_plan(&e.rr, NULL, unknown, &planned, &replace);
    int calls_unknown = (int)fw_n_calls(e.rr.world) - calls_before;
    gc_value_free(planned);
    planned = NULL;
    fw_fail(e.rr.world, &gc_op_acmpca_describe_certificate_authority, 400,
            "{\"__type\": \"ResourceNotFoundException\", \"message\": \"no such CA\"}", 1);
    int missing = rr_plan(&e.rr, NULL, config, &planned, &replace);
    bool on_ca = s_diag_on(&e.rr.diags, "certificate_authority_arn") && rr_diag_has(&e.rr.diags, "not found");
    gc_value_free(planned);
    gc_value_free(config);
    gc_value_free(unknown);
    gc_path_list_clean_up(&replace);
    int issued = e.st.n_issued_leaf;
    s_env_clean_up(&e);
    ASSERT_TRUE(too_long != 0);
    ASSERT_TRUE(on_validity);
    ASSERT_INT_EQ(describes, 1);
    ASSERT_INT_EQ(fits, 0);
    ASSERT_INT_EQ(not_read, 0);
    ASSERT_INT_EQ(calls_unknown, 0);
    ASSERT_TRUE(missing != 0);
    ASSERT_TRUE(on_ca);
    ASSERT_INT_EQ(issued, 0);
}

/* ---- create ---- */

GC_TEST(create_issues_from_the_csr_and_waits)
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL;
    int rc = -1;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    static const char busy[] = "{\"__type\": \"RequestInProgressException\", \"message\": \"not yet\"}";
    fw_fail(e.rr.world, &gc_op_acmpca_get_certificate, 400, busy, 2);
    int planned = rr_apply(&e.rr, NULL, config, &state, &rc);
    json_t *issue = s_body_of(&e, &gc_op_acmpca_issue_certificate, 0);
    char *csr_pem = s_file("pca_ops_csr.pem");
    char *chain_pem = fx_file("pca_root.pem");
    char *csr_b64 = gc_pca_base64(csr_pem);
    char serial[128];
    s_plain_serial(serial, sizeof serial, gc_value_get_string(state, "serial"));
    bool ready = true;
    CHECK(gc_value_get_bool(state, "ready_for_renewal", &ready) == 0 && !ready);
    CHECK(planned == 0 && rc == 0);
    CHECK(json_is_string(json_object_get(issue, "Csr")) &&
          strcmp(json_string_value(json_object_get(issue, "Csr")), csr_b64) == 0);
    CHECK(strcmp(json_string_value(json_object_get(issue, "TemplateArn")),
                 "arn:aws:acm-pca:::template/EndEntityCertificate/V1") == 0);
    CHECK(strcmp(json_string_value(json_object_get(issue, "SigningAlgorithm")), "SHA256WITHRSA") == 0);
    CHECK(strcmp(json_string_value(json_object_get(json_object_get(issue, "Validity"), "Type")), "DAYS") == 0);
    CHECK(json_integer_value(json_object_get(json_object_get(issue, "Validity"), "Value")) == 397);
    CHECK(json_is_string(json_object_get(issue, "IdempotencyToken")) &&
          strlen(json_string_value(json_object_get(issue, "IdempotencyToken"))) == 34);
    CHECK(fw_count(e.rr.world, &gc_op_acmpca_get_certificate) == 3); /* twice RequestInProgressException */
    CHECK(e.st.n_issued_leaf == 1);
    CHECK(strcmp(serial, OPS_SERIAL) == 0);
    CHECK(gc_value_get_string(state, "arn") && strcmp(gc_value_get_string(state, "arn"), PW_CERT_ARN) == 0);
    CHECK(gc_value_get_string(state, "id") && strcmp(gc_value_get_string(state, "id"), PW_CERT_ARN) == 0);
    CHECK(gc_value_get_string(state, "not_after") && strcmp(gc_value_get_string(state, "not_after"), OPS_NOT_AFTER) == 0);
    CHECK(gc_value_get_string(state, "not_before") &&
          strcmp(gc_value_get_string(state, "not_before"), "2026-12-07T08:50:26Z") == 0);
    CHECK(gc_value_get_string(state, "certificate_chain") &&
          strcmp(gc_value_get_string(state, "certificate_chain"), chain_pem) == 0);
    json_decref(issue);
    free(csr_pem);
    free(chain_pem);
    free(csr_b64);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* The same planned values give the same token (AWS then answers with the certificate it issued); another CSR, CA
 * or validity another one. */
GC_TEST(token_is_derived_from_the_planned_values)
{
    const char *tokens[4] = {0};
    json_t *bodies[4] = {0};
    for (int k = 0; k < 4; k++) {
        struct env e;
        struct gc_value *config = s_config(), *state = NULL;
        int rc = -1;
        if (s_env_init(&e) == 0 && config) {
            if (k == 2) {
                gc_value_set_int64(config, "validity_days", 30);
                gc_value_set_int64(config, "early_renewal_days", 7);
            }
            if (k == 3) {
                char *csr = s_file("pca_csr.pem");
                gc_value_set_string(config, "certificate_signing_request", csr);
                free(csr);
            }
            rr_apply(&e.rr, NULL, config, &state, &rc);
            bodies[k] = s_body_of(&e, &gc_op_acmpca_issue_certificate, 0);
            tokens[k] = json_string_value(json_object_get(bodies[k], "IdempotencyToken"));
        }
        gc_value_free(config);
        gc_value_free(state);
        s_env_clean_up(&e);
    }
    CHECK(tokens[0] && tokens[1] && strcmp(tokens[0], tokens[1]) == 0);
    CHECK(tokens[2] && strcmp(tokens[0] ? tokens[0] : "", tokens[2]) != 0);
    CHECK(tokens[3] && strcmp(tokens[0] ? tokens[0] : "", tokens[3]) != 0);
    for (int k = 0; k < 4; k++)
        json_decref(bodies[k]);
}

/* A create whose GetCertificate keeps failing returns the issued certificate in state (Terraform taints it); the
 * wait for an issue that never ends stops at the create timeout. */
GC_TEST(failed_create_keeps_the_issued_certificate)
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL, *state2 = NULL, *timeouts = NULL;
    int rc = 0, rc2 = 0;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    fw_fail(e.rr.world, &gc_op_acmpca_get_certificate, 400,
            "{\"__type\": \"AccessDeniedException\", \"message\": \"not allowed\"}", 1);
    rr_apply(&e.rr, NULL, config, &state, &rc);
    CHECK(rc != 0);
    CHECK(gc_value_get_string(state, "id") && strcmp(gc_value_get_string(state, "id"), PW_CERT_ARN) == 0);
    CHECK(gc_value_is_null(gc_value_object_get(state, "serial")));
    CHECK(rr_diag_has(&e.rr.diags, "AccessDeniedException") && rr_diag_has(&e.rr.diags, "GetCertificate"));
    gc_diags_clean_up(&e.rr.diags);
    gc_diags_init(&e.rr.diags);
    timeouts = gc_value_new_object(DEF->block->blocks[0].block->type);
    gc_value_set_string(timeouts, "create", "2m");
    gc_value_object_set(config, "timeouts", timeouts);
    fw_fail(e.rr.world, &gc_op_acmpca_get_certificate, 400,
            "{\"__type\": \"RequestInProgressException\", \"message\": \"not yet\"}", 10000);
    rr_apply(&e.rr, NULL, config, &state2, &rc2);
    CHECK(rc2 != 0);
    CHECK(rr_diag_has(&e.rr.diags, "2m") || rr_diag_has(&e.rr.diags, "timeout") || rr_diag_has(&e.rr.diags, "Timeout"));
    CHECK(gc_value_get_string(state2, "id") != NULL);
    CHECK(e.st.n_leaf_tokens == 1); /* the second create's token was the first one's: one certificate */
    gc_value_free(config);
    gc_value_free(state);
    gc_value_free(state2);
    s_env_clean_up(&e);
}

/* A CA that is not ACTIVE issues nothing: an error on certificate_authority_arn before IssueCertificate. */
GC_TEST(inactive_ca_is_an_error_on_its_arn)
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL;
    int rc = 0;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    snprintf(e.st.status, sizeof e.st.status, "DISABLED");
    rr_apply(&e.rr, NULL, config, &state, &rc);
    CHECK(rc != 0);
    CHECK(s_diag_on(&e.rr.diags, "certificate_authority_arn") && rr_diag_has(&e.rr.diags, "DISABLED"));
    CHECK(e.st.n_issued_leaf == 0);
    CHECK(state == NULL);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* ---- read, plan ---- */

/* Refresh reads the certificate; the plan stays empty until the certificate is within early_renewal_days of its
 * end, then replaces it (ready_for_renewal), as hashicorp/tls does; a shorter window is an in-place change that
 * calls nothing. */
GC_TEST(early_renewal_replaces_within_the_window)
{
    struct env e;
    struct gc_value *config = s_config(), *prior = NULL, *read = NULL, *planned = NULL, *state = NULL;
    struct gc_path_list replace = {0};
    int rc = -1;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    ASSERT_TRUE(prior != NULL);
    int64_t end = gc_pca_time_parse(OPS_NOT_AFTER);
    /* 31 days before the end: not yet */
    s_wall_s = end - 31 * 86400;
    CHECK(gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags) == 0);
    bool ready = true;
    CHECK(gc_value_get_bool(read, "ready_for_renewal", &ready) == 0 && !ready);
    CHECK(rr_plan(&e.rr, read, config, &planned, &replace) == 0);
    CHECK(replace.n == 0 && gc_value_equal(planned, read));
    gc_value_free(planned);
    gc_value_free(read);
    planned = read = NULL;
    /* 29 days before the end: due */
    s_wall_s = end - 29 * 86400;
    CHECK(gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags) == 0);
    CHECK(gc_value_get_bool(read, "ready_for_renewal", &ready) == 0 && ready);
    CHECK(rr_plan(&e.rr, read, config, &planned, &replace) == 0);
    CHECK(s_replaces(&replace, "ready_for_renewal"));
    CHECK(!gc_value_is_known(gc_value_object_get(planned, "serial")));
    gc_value_free(planned);
    planned = NULL;
    gc_path_list_clean_up(&replace);
    /* the same without a refresh (plan -refresh=false): the prior state's not_after decides */
    CHECK(rr_plan(&e.rr, prior, config, &planned, &replace) == 0);
    CHECK(s_replaces(&replace, "ready_for_renewal"));
    gc_value_free(planned);
    planned = NULL;
    gc_path_list_clean_up(&replace);
    /* a 10-day window: not due, an in-place change of early_renewal_days that sends nothing */
    gc_value_set_int64(config, "early_renewal_days", 10);
    size_t calls = fw_n_calls(e.rr.world);
    CHECK(rr_apply(&e.rr, read, config, &state, &rc) == 0 && rc == 0);
    CHECK(fw_n_calls(e.rr.world) == calls + 0);
    CHECK(gc_value_get_bool(state, "ready_for_renewal", &ready) == 0 && !ready);
    int64_t early = 0;
    CHECK(gc_value_get_int64(state, "early_renewal_days", &early) == 0 && early == 10);
    /* expired with the default window (0): due */
    gc_value_set_int64(config, "early_renewal_days", 0);
    s_wall_s = end + 1;
    CHECK(rr_plan(&e.rr, read, config, &planned, &replace) == 0);
    CHECK(s_replaces(&replace, "ready_for_renewal"));
    gc_value_free(planned);
    gc_path_list_clean_up(&replace);
    gc_value_free(config);
    gc_value_free(prior);
    gc_value_free(read);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* A change of the CSR, the CA or the validity replaces the certificate. */
GC_TEST(csr_ca_validity_changes_replace)
{
    static const char *const attrs[] = {"certificate_signing_request", "certificate_authority_arn", "validity_days"};
    struct env e;
    struct gc_value *prior = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    ASSERT_TRUE(prior != NULL);
    for (int k = 0; k < 3; k++) {
        struct gc_value *config = s_config(), *planned = NULL;
        struct gc_path_list replace = {0};
        if (k == 0) {
            char *csr = s_file("pca_csr.pem");
            gc_value_set_string(config, attrs[k], csr);
            free(csr);
        } else if (k == 1) {
            gc_value_set_string(config, attrs[k], PW_CA2_ARN);
        } else {
            gc_value_set_int64(config, attrs[k], 200);
        }
        int rc = rr_plan(&e.rr, prior, config, &planned, &replace);
        if (rc != 0 || !s_replaces(&replace, attrs[k]))
            printf("# %s: plan %d, %zu replace paths, %s\n", attrs[k], rc, replace.n,
                   e.rr.diags.n ? e.rr.diags.items[0].detail : "");
        CHECK(rc == 0 && s_replaces(&replace, attrs[k]));
        CHECK(!gc_value_is_known(gc_value_object_get(planned, "arn")));
        gc_value_free(planned);
        gc_value_free(config);
        gc_path_list_clean_up(&replace);
    }
    gc_value_free(prior);
    s_env_clean_up(&e);
}

/* A certificate AWS no longer has leaves the state; one whose CA is gone too. */
GC_TEST(read_drops_a_certificate_aws_no_longer_has)
{
    struct env e;
    struct gc_value *prior = NULL, *read = NULL, *read2 = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    ASSERT_TRUE(prior != NULL);
    fw_fail(e.rr.world, &gc_op_acmpca_get_certificate, 400,
            "{\"__type\": \"ResourceNotFoundException\", \"message\": \"gone\"}", 1);
    CHECK(gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags) == 0);
    CHECK(read == NULL);
    fw_fail(e.rr.world, &gc_op_acmpca_get_certificate, 400,
            "{\"__type\": \"InvalidStateException\", \"message\": \"CA deleted\"}", 1);
    snprintf(e.st.status, sizeof e.st.status, "DELETED");
    CHECK(gc_read_resource(DEF, &e.rr.prov, prior, &read2, &e.rr.diags) == 0);
    CHECK(read2 == NULL);
    CHECK(!gc_diags_has_error(&e.rr.diags));
    gc_value_free(prior);
    gc_value_free(read);
    gc_value_free(read2);
    s_env_clean_up(&e);
}

/* ---- destroy ---- */

/* Destroy revokes the certificate by its serial with CESSATION_OF_OPERATION; a replacement with the same values
 * right after (AWS would answer its token with the revoked certificate) gets a new one; an already revoked or
 * expired certificate is done. */
GC_TEST(destroy_revokes_and_a_replacement_is_a_new_certificate)
{
    struct env e;
    struct gc_value *prior = NULL, *gone = NULL, *again = NULL, *gone2 = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    ASSERT_TRUE(prior != NULL);
    int rc = gc_apply_resource(DEF, &e.rr.prov, prior, NULL, &gone, &e.rr.diags);
    char serial[128];
    s_plain_serial(serial, sizeof serial, e.st.revoked_serial);
    if (rc != 0)
        printf("# destroy: %s: %s\n", e.rr.diags.n ? e.rr.diags.items[0].summary : "",
               e.rr.diags.n ? e.rr.diags.items[0].detail : "");
    CHECK(rc == 0 && gc_value_is_null(gone));
    CHECK(e.st.n_revoked == 1);
    CHECK(strcmp(serial, OPS_SERIAL) == 0);
    CHECK(strcmp(e.st.revoked_reason, "CESSATION_OF_OPERATION") == 0);
    again = s_created(&e);
    CHECK(again != NULL);
    CHECK(again && strcmp(gc_value_get_string(again, "id"), PW_CERT_ARN "-1") == 0);
    CHECK(e.st.n_leaf_tokens == 2);
    /* revoked already: done */
    fw_fail(e.rr.world, &gc_op_acmpca_revoke_certificate, 400,
            "{\"__type\": \"RequestAlreadyProcessedException\", \"message\": \"revoked\"}", 1);
    CHECK(again && gc_apply_resource(DEF, &e.rr.prov, again, NULL, &gone2, &e.rr.diags) == 0);
    gc_value_free(gone2);
    gone2 = NULL;
    /* expired: nothing to revoke */
    int revokes = fw_count(e.rr.world, &gc_op_acmpca_revoke_certificate);
    s_wall_s = gc_pca_time_parse(OPS_NOT_AFTER) + 60;
    CHECK(gc_apply_resource(DEF, &e.rr.prov, prior, NULL, &gone2, &e.rr.diags) == 0);
    CHECK(fw_count(e.rr.world, &gc_op_acmpca_revoke_certificate) == revokes);
    gc_value_free(gone2);
    gone2 = NULL;
    /* a CA that is not ACTIVE cannot revoke: an error that names it */
    s_wall_s = gc_pca_time_parse("2026-12-07T09:50:26Z");
    snprintf(e.st.status, sizeof e.st.status, "DISABLED");
    fw_fail(e.rr.world, &gc_op_acmpca_revoke_certificate, 400,
            "{\"__type\": \"InvalidStateException\", \"message\": \"CA is disabled\"}", 1);
    CHECK(gc_apply_resource(DEF, &e.rr.prov, prior, NULL, &gone2, &e.rr.diags) != 0);
    CHECK(rr_diag_has(&e.rr.diags, "InvalidStateException") && rr_diag_has(&e.rr.diags, "RevokeCertificate"));
    gc_value_free(prior);
    gc_value_free(gone);
    gc_value_free(again);
    gc_value_free(gone2);
    s_env_clean_up(&e);
}

/* ---- import ---- */

static int s_import_then_read(struct env *e, const char *id, struct gc_value **state)
{
    struct gc_value *imported = NULL;
    int rc = gc_import_resource(DEF, &e->rr.prov, id, &imported, &e->rr.diags);
    *state = NULL;
    if (rc == 0)
        rc = gc_read_resource(DEF, &e->rr.prov, imported, state, &e->rr.diags);
    gc_value_free(imported);
    return rc;
}

/* By ARN alone: the state lacks the CSR, so the plan records the configured one in place (its key is the
 * certificate's; nothing is sent); with ",<CSR file>" the plan shows no changes. A CSR of another key, in the file
 * or in the configuration, is refused or replaces. */
GC_TEST(import_by_arn_and_by_arn_with_csr_file)
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL, *planned = NULL, *after = NULL, *with_file = NULL;
    struct gc_value *bad = NULL;
    struct gc_path_list replace = {0};
    int rc = -1;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    gc_value_set_int64(config, "early_renewal_days", 0);
    CHECK(s_import_then_read(&e, PW_CERT_ARN, &state) == 0);
    int64_t days = 0;
    CHECK(gc_value_get_int64(state, "validity_days", &days) == 0 && days == 397);
    CHECK(strcmp(gc_value_get_string(state, "certificate_authority_arn"), PW_CA_ARN) == 0);
    CHECK(gc_value_is_null(gc_value_object_get(state, "certificate_signing_request")));
    CHECK(rr_plan(&e.rr, state, config, &planned, &replace) == 0);
    CHECK(replace.n == 0);
    size_t calls = fw_n_calls(e.rr.world);
    CHECK(gc_apply_resource(DEF, &e.rr.prov, state, planned, &after, &e.rr.diags) == 0);
    CHECK(fw_n_calls(e.rr.world) == calls);
    CHECK(gc_value_get_string(after, "certificate_signing_request") != NULL);
    gc_value_free(planned);
    planned = NULL;
    /* with the CSR file: nothing to change */
    CHECK(s_import_then_read(&e, PW_CERT_ARN ",pca_ops_csr.pem", &with_file) == 0);
    CHECK(rr_plan(&e.rr, with_file, config, &planned, &replace) == 0);
    CHECK(replace.n == 0 && gc_value_equal(planned, with_file));
    for (size_t i = 0; i < DEF->block->n_attrs; i++)
        if (!gc_value_equal(gc_value_object_get(planned, DEF->block->attrs[i].name),
                            gc_value_object_get(with_file, DEF->block->attrs[i].name)))
            printf("# differs after import with the CSR file: %s\n", DEF->block->attrs[i].name);
    gc_value_free(planned);
    planned = NULL;
    /* another key: the CA's own CSR */
    CHECK(gc_import_resource(DEF, &e.rr.prov, PW_CERT_ARN ",pca_csr.pem", &bad, &e.rr.diags) != 0);
    CHECK(rr_diag_has(&e.rr.diags, "CSR does not match"));
    CHECK(gc_import_resource(DEF, &e.rr.prov, PW_CERT_ARN ",no-such.pem", &bad, &e.rr.diags) != 0);
    CHECK(rr_diag_has(&e.rr.diags, "cannot open"));
    CHECK(gc_import_resource(DEF, &e.rr.prov, PW_CA_ARN, &bad, &e.rr.diags) != 0);
    CHECK(rr_diag_has(&e.rr.diags, "Invalid import ID"));
    char *other = s_file("pca_csr.pem");
    gc_value_set_string(config, "certificate_signing_request", other);
    free(other);
    gc_diags_clean_up(&e.rr.diags);
    gc_diags_init(&e.rr.diags);
    rc = rr_plan(&e.rr, state, config, &planned, &replace);
    if (rc != 0)
        printf("# %s: %s\n", e.rr.diags.n ? e.rr.diags.items[0].summary : "",
               e.rr.diags.n ? e.rr.diags.items[0].detail : "");
    CHECK(rc == 0);
    CHECK(s_replaces(&replace, "certificate_signing_request"));
    gc_value_free(planned);
    gc_value_free(config);
    gc_value_free(state);
    gc_value_free(after);
    gc_value_free(with_file);
    gc_value_free(bad);
    gc_path_list_clean_up(&replace);
    s_env_clean_up(&e);
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    FILE *probe = fopen("pca_ops_csr.pem", "rb");
    if (!probe) {
        printf("Bail out! fixtures not found: run in tests/unit/aws/ec2-fixtures\n");
        return 1;
    }
    fclose(probe);
    static const struct gc_test_case cases[] = {
        GC_CASE(validation_before_any_aws_call),
        GC_CASE(certificate_cannot_outlive_its_ca),
        GC_CASE(create_issues_from_the_csr_and_waits),
        GC_CASE(token_is_derived_from_the_planned_values),
        GC_CASE(failed_create_keeps_the_issued_certificate),
        GC_CASE(inactive_ca_is_an_error_on_its_arn),
        GC_CASE(early_renewal_replaces_within_the_window),
        GC_CASE(csr_ca_validity_changes_replace),
        GC_CASE(read_drops_a_certificate_aws_no_longer_has),
        GC_CASE(destroy_revokes_and_a_replacement_is_a_new_certificate),
        GC_CASE(import_by_arn_and_by_arn_with_csr_file),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
