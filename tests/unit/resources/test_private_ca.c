/* gcnet_private_ca through the framework (gc_plan_resource, gc_apply_resource, gc_read_resource,
 * gc_import_resource) against the fake AWS with the Private CA answers (pca_world.h): validation before any AWS
 * call, the one-apply activation with its waits, a create interrupted after each step finished by the next one
 * without a second CA, drift repaired in place, destroy, import. */
#include <stdlib.h>

#include <jansson.h>

#include "gc_test.h"
#include "resource_run.h"
#include "pca_world.h"

extern const struct gc_resource_def gc_resource_private_ca;
#define DEF (&gc_resource_private_ca)
#define CN "Naruto City Government Cloud Root CA"
/* the serial of pca_root.pem, as `openssl x509 -noout -serial` prints it (upper case, no separators) */
#define ROOT_SERIAL "301A543331B19C5FC9864984C15381BB7E788B1E"

/* ---- one world, one provider ---- */

struct env {
    struct rr_env rr;
    struct pw_state st;
};

static int s_env_init(struct env *e)
{
    memset(e, 0, sizeof *e);
    if (rr_env_init(&e->rr, DEF) != 0 || pw_install(e->rr.world, &e->st) != 0)
        return -1;
    return 0;
}

static void s_env_clean_up(struct env *e)
{
    rr_env_clean_up(&e->rr);
}

/* The issue's example configuration. */
static struct gc_value *s_config(void)
{
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    struct gc_value *subject = gc_value_new_collection(&gc_type_map_string);
    struct gc_value *share = gc_value_new_collection(&gc_type_set_string);
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    if (!c || !subject || !share || !tags) {
        gc_value_free(c);
        gc_value_free(subject);
        gc_value_free(share);
        gc_value_free(tags);
        return NULL;
    }
    gc_value_map_put(subject, "common_name", gc_value_new_string(CN));
    gc_value_map_put(subject, "organization", gc_value_new_string("Naruto City"));
    gc_value_map_put(subject, "country", gc_value_new_string("JP"));
    gc_value_map_put(subject, "state", gc_value_new_string("Tokushima"));
    gc_value_object_set(c, "subject", subject);
    gc_value_append(share, gc_value_new_string("111111111111"));
    gc_value_object_set(c, "share_with", share);
    gc_value_map_put(tags, "env", gc_value_new_string("test"));
    gc_value_object_set(c, "tags", tags);
    return c;
}

/* The i-th call's operation name. */
static const char *s_op(const struct env *e, size_t i)
{
    const struct fw_call *c = fw_call_at(e->rr.world, i);
    return c ? c->operation : "";
}

/* The body of the first call of `op` (borrowed), or NULL. */
static const char *s_body_of(const struct env *e, const struct gc_aws_op_def *op)
{
    for (size_t i = 0; i < fw_n_calls(e->rr.world); i++)
        if (fw_call_at(e->rr.world, i)->op == op)
            return fw_call_at(e->rr.world, i)->body;
    return NULL;
}

/* ---- validation: each rule on its attribute, before any AWS call ---- */

enum s_kind { K_STR, K_INT, K_SUBJECT, K_SET };

struct bad_case {
    const char *attr;
    enum s_kind kind;
    const char *subject_key; /* K_SUBJECT: the key set (value `text`); K_SET: the element */
    const char *text;
    int64_t number;
    const char *summary;
};

static const struct bad_case s_bad[] = {
    {"key_algorithm", K_STR, NULL, "RSA_1024", 0, "Invalid key algorithm"},
    {"signing_algorithm", K_STR, NULL, "SHA256WITHECDSA", 0, "does not match the key"},
    {"signing_algorithm", K_STR, NULL, "MD5WITHRSA", 0, "Invalid signing algorithm"},
    {"usage_mode", K_STR, NULL, "CHEAP", 0, "Invalid usage mode"},
    {"validity_years", K_INT, NULL, NULL, 0, "out of range"},
    {"validity_years", K_INT, NULL, NULL, 31, "out of range"},
    {"permanent_deletion_time_in_days", K_INT, NULL, NULL, 6, "out of range"},
    {"permanent_deletion_time_in_days", K_INT, NULL, NULL, 31, "out of range"},
    {"subject", K_SUBJECT, "country", "jp", 0, "Invalid country code"},
    {"subject", K_SUBJECT, "country", "JPN", 0, "Invalid country code"},
    {"subject", K_SUBJECT, "common_name", "12345678901234567890123456789012345678901234567890123456789012345", 0,
     "Invalid subject field"},
    {"subject", K_SUBJECT, "common_name", "", 0, "Invalid subject field"},
    {"subject", K_SUBJECT, "email", "ca@example.jp", 0, "Unknown subject field"},
    {"share_with", K_SET, NULL, "12345", 0, ""},
    {"tags", K_SUBJECT, "aws:owner", "x", 0, ""},
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
        if (ok && b->kind == K_STR)
            gc_value_set_string(config, b->attr, b->text);
        if (ok && b->kind == K_INT)
            gc_value_set_int64(config, b->attr, b->number);
        if (ok && b->kind == K_SUBJECT) {
            struct gc_value *m = gc_value_copy(gc_value_object_get(config, b->attr));
            if (gc_value_is_null(m)) {
                gc_value_free(m);
                m = gc_value_new_collection(&gc_type_map_string);
            }
            gc_value_map_put(m, b->subject_key, gc_value_new_string(b->text));
            gc_value_object_set(config, b->attr, m);
        }
        if (ok && b->kind == K_SET) {
            struct gc_value *set = gc_value_new_collection(&gc_type_set_string);
            gc_value_append(set, gc_value_new_string(b->text));
            gc_value_object_set(config, b->attr, set);
        }
        int planned = ok ? rr_apply(&e.rr, NULL, config, &state, &rc) : 0;
        bool on_attr = false;
        for (size_t k = 0; k < e.rr.diags.n; k++) {
            char *path = gc_path_to_string(&e.rr.diags.items[k].path);
            on_attr = on_attr || (path && strncmp(path, b->attr, strlen(b->attr)) == 0 &&
                                  e.rr.diags.items[k].severity == GC_SEV_ERROR);
            free(path);
        }
        bool good =
            ok && planned != 0 && on_attr && rr_diag_has(&e.rr.diags, b->summary) && fw_n_calls(e.rr.world) == 0;
        if (!good) {
            printf("# case %zu (%s %s): plan %d, %zu diags (%s), %zu calls\n", i, b->attr, b->text ? b->text : "",
                   planned, e.rr.diags.n, e.rr.diags.n ? e.rr.diags.items[0].summary : "-",
                   ok ? fw_n_calls(e.rr.world) : 0);
            wrong++;
        }
        gc_value_free(config);
        gc_value_free(state);
        s_env_clean_up(&e);
    }
    ASSERT_INT_EQ(wrong, 0);
}

/* the signing algorithm follows the key when left out; an EC key with an EC signature is fine */
GC_TEST(signing_default_follows_the_key)
{
    struct env e;
    struct gc_value *config = s_config(), *planned = NULL;
    struct gc_path_list replace = {0};
    ASSERT_INT_EQ(s_env_init(&e), 0);
    gc_value_set_string(config, "key_algorithm", "EC_secp384r1");
    int rc = gc_plan_resource(DEF, &e.rr.prov, NULL, config, config, &planned, &replace, &e.rr.diags);
    const char *sig = gc_value_get_string(planned, "signing_algorithm");
    int64_t years = 0, window = 0;
    gc_value_get_int64(planned, "validity_years", &years);
    gc_value_get_int64(planned, "permanent_deletion_time_in_days", &window);
    bool is_ec = sig && strcmp(sig, "SHA256WITHECDSA") == 0;
    gc_value_free(planned);
    gc_value_free(config);
    gc_path_list_clean_up(&replace);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(is_ec);
    ASSERT_INT_EQ(years, 10);
    ASSERT_INT_EQ(window, 30);
}

/* ---- create ---- */

/* The mutating calls in order; the share and the permission then both come after the import, in either order (they
 * run at once). */
static const char *const s_activation[] = {
    "CreateCertificateAuthority",
    "IssueCertificate",
    "ImportCertificateAuthorityCertificate",
};

GC_TEST(create_activates_in_one_apply)
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL;
    int rc = -1;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.creating_polls = 2;
    static const char busy[] = "{\"__type\": \"RequestInProgressException\", \"message\": \"not yet\"}";
    fw_fail(e.rr.world, &gc_op_acmpca_get_certificate_authority_csr, 400, busy, 2);
    fw_fail(e.rr.world, &gc_op_acmpca_get_certificate, 400, busy, 1);
    int planned = rr_apply(&e.rr, NULL, config, &state, &rc);
    /* the mutating calls, in order */
    size_t next = 0, after_import = 0;
    for (size_t i = 0; i < fw_n_calls(e.rr.world); i++) {
        if (next < 3 && strcmp(s_op(&e, i), s_activation[next]) == 0)
            next++;
        else if (next == 3 &&
                 (strcmp(s_op(&e, i), "CreateResourceShare") == 0 || strcmp(s_op(&e, i), "CreatePermission") == 0))
            after_import++;
    }
    json_t *create = json_loads(s_body_of(&e, &gc_op_acmpca_create_certificate_authority), 0, NULL);
    json_t *issue = json_loads(s_body_of(&e, &gc_op_acmpca_issue_certificate), 0, NULL);
    const char *type = json_string_value(json_object_get(create, "CertificateAuthorityType"));
    const char *token = json_string_value(json_object_get(create, "IdempotencyToken"));
    const char *template = json_string_value(json_object_get(issue, "TemplateArn"));
    const char *csr = json_string_value(json_object_get(issue, "Csr"));
    bool csr_is_base64 = csr && strncmp(csr, "LS0tLS1CRUdJTi", 14) == 0; /* base64 of "-----BEGIN" */
    char status[32];
    snprintf(status, sizeof status, "%s",
             gc_value_get_string(state, "status") ? gc_value_get_string(state, "status") : "");
    const char *serial = gc_value_get_string(state, "serial");
    char plain[128] = "";
    for (size_t i = 0, k = 0; serial && serial[i] && k + 1 < sizeof plain; i++)
        if (serial[i] != ':')
            plain[k++] = (char)(serial[i] >= 'a' && serial[i] <= 'f' ? serial[i] - 32 : serial[i]);
    bool serial_ok = strcmp(plain, ROOT_SERIAL) == 0;
    bool has_cert = gc_value_get_string(state, "certificate") &&
                    strstr(gc_value_get_string(state, "certificate"), "BEGIN CERTIFICATE");
    const char *share = gc_value_get_string(state, "resource_share_arn");
    bool share_ok = share && strcmp(share, PW_SHARE_ARN) == 0;
    bool token_ok = token && strlen(token) == 34;
    bool ok_rest = type && strcmp(type, "ROOT") == 0 && template && strstr(template, "RootCACertificate/V1");
    int n_created = e.st.n_created, n_csr = fw_count(e.rr.world, &gc_op_acmpca_get_certificate_authority_csr);
    bool permission = e.st.permission, not_after = gc_value_get_string(state, "not_after") != NULL;
    json_decref(create);
    json_decref(issue);
    gc_value_free(config);
    gc_value_free(state);
    if (rc != 0)
        printf("# %s: %s\n", e.rr.diags.n ? e.rr.diags.items[0].summary : "",
               e.rr.diags.n ? e.rr.diags.items[0].detail : "");
    s_env_clean_up(&e);
    ASSERT_INT_EQ(planned, 0);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ((int)next, 3);
    ASSERT_INT_EQ((int)after_import, 2);
    ASSERT_INT_EQ(n_created, 1);
    ASSERT_INT_EQ(n_csr, 3); /* twice RequestInProgressException, then the CSR */
    ASSERT_TRUE(ok_rest);
    ASSERT_TRUE(csr_is_base64);
    ASSERT_TRUE(token_ok);
    ASSERT_STR_EQ(status, "ACTIVE");
    ASSERT_TRUE(serial_ok);
    ASSERT_TRUE(has_cert);
    ASSERT_TRUE(not_after);
    ASSERT_TRUE(share_ok);
    ASSERT_TRUE(permission);
}

/* A CA the create has just made has nothing to look for: its CSR comes first (no status read before it), no share is
 * looked up and no permission listed; the status is read once, after the import. Each call left out is a round trip
 * at a real region's latency. */
GC_TEST(fresh_create_reads_nothing_it_just_made)
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL;
    int rc = -1;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    rr_apply(&e.rr, NULL, config, &state, &rc);
    const char *after_create = "";
    for (size_t i = 0; i + 1 < fw_n_calls(e.rr.world); i++)
        if (strcmp(s_op(&e, i), "CreateCertificateAuthority") == 0)
            after_create = s_op(&e, i + 1);
    char next[64];
    snprintf(next, sizeof next, "%s", after_create);
    int n_describe = fw_count(e.rr.world, &gc_op_acmpca_describe_certificate_authority);
    int n_list_perm = fw_count(e.rr.world, &gc_op_acmpca_list_permissions);
    int n_find_share = fw_count(e.rr.world, &gc_op_ram_get_resource_shares);
    int n_calls = (int)fw_n_calls(e.rr.world);
    bool done = e.st.share && e.st.permission && strcmp(e.st.status, "ACTIVE") == 0;
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(done);
    ASSERT_STR_EQ(next, "GetCertificateAuthorityCsr");
    ASSERT_INT_EQ(n_describe, 1);
    ASSERT_INT_EQ(n_list_perm, 0);
    ASSERT_INT_EQ(n_find_share, 0);
    /* List, Create, Csr, Issue, GetCertificate, Import, then Describe, the root certificate, the share and the
     * permission at once */
    ASSERT_INT_EQ(n_calls, 10);
}

/* The token a fresh create of s_config() tags its CA with (and its IdempotencyToken), from one run. */
static int s_learn_tokens(char tag[64], char idem[64])
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL;
    int rc = -1, result = -1;
    if (s_env_init(&e) == 0 && rr_apply(&e.rr, NULL, config, &state, &rc) == 0 && rc == 0) {
        json_t *create = json_loads(s_body_of(&e, &gc_op_acmpca_create_certificate_authority), 0, NULL);
        snprintf(idem, 64, "%s", json_string_value(json_object_get(create, "IdempotencyToken")));
        json_decref(create);
        for (int i = 0; i < e.st.n_tags; i++)
            if (strcmp(e.st.tag_keys[i], "gcnet:private-ca-create") == 0)
                snprintf(tag, 64, "%.63s", e.st.tag_values[i]);
        result = 0;
    }
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
    return result;
}

GC_TEST(tokens_are_derived_from_the_plan)
{
    char tag1[64] = "", idem1[64] = "", tag2[64] = "", idem2[64] = "";
    ASSERT_INT_EQ(s_learn_tokens(tag1, idem1), 0);
    ASSERT_INT_EQ(s_learn_tokens(tag2, idem2), 0);
    ASSERT_STR_EQ(tag1, tag2);
    ASSERT_STR_EQ(idem1, idem2);
    ASSERT_TRUE(strlen(tag1) == 34);
}

/* A CA of an earlier life of the same configuration (DELETED, same common name) moves the IdempotencyToken on, so
 * that AWS does not answer the new create with the deleted CA; its tags are not read (a round trip per DELETED CA:
 * every earlier life stays listed for its restore window). */
GC_TEST(deleted_earlier_life_changes_the_idempotency_token)
{
    char tag[64] = "", idem[64] = "";
    ASSERT_INT_EQ(s_learn_tokens(tag, idem), 0);
    struct env e;
    struct gc_value *config = s_config(), *state = NULL;
    int rc = -1;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.deleted_copy = true;
    snprintf(e.st.common_name, sizeof e.st.common_name, "%s", CN);
    snprintf(e.st.deleted_token, sizeof e.st.deleted_token, "%.39s", tag);
    rr_apply(&e.rr, NULL, config, &state, &rc);
    json_t *create = json_loads(s_body_of(&e, &gc_op_acmpca_create_certificate_authority), 0, NULL);
    const char *now = json_string_value(json_object_get(create, "IdempotencyToken"));
    bool differs = now && strcmp(now, idem) != 0;
    int n_created = e.st.n_created, n_tag_reads = fw_count(e.rr.world, &gc_op_acmpca_list_tags);
    json_decref(create);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n_created, 1);
    ASSERT_TRUE(differs);
    ASSERT_INT_EQ(n_tag_reads, 0);
}

/* The first apply stops after each step of the activation in turn (its next call fails for good, as when the
 * provider is killed there); the next apply, which again starts a create, finishes the same CA. (A fresh create
 * lists no permissions and reads the status only after the import: the CA is new.) */
static const struct gc_aws_op_def *const s_stops[] = {
    &gc_op_acmpca_describe_certificate_authority,
    &gc_op_acmpca_get_certificate_authority_csr,
    &gc_op_acmpca_issue_certificate,
    &gc_op_acmpca_get_certificate,
    &gc_op_acmpca_import_certificate_authority_certificate,
    &gc_op_acmpca_get_certificate_authority_certificate,
    &gc_op_ram_create_resource_share,
    &gc_op_acmpca_create_permission,
};

GC_TEST(interrupted_create_is_finished_not_repeated)
{
    static const char boom[] = "{\"__type\": \"AccessDeniedException\", \"message\": \"killed here\"}";
    int wrong = 0;
    for (size_t i = 0; i < sizeof s_stops / sizeof s_stops[0]; i++) {
        struct env e;
        struct gc_value *config = s_config(), *s1 = NULL, *s2 = NULL;
        int rc1 = 0, rc2 = -1;
        if (s_env_init(&e) != 0 || !config) {
            wrong++;
            s_env_clean_up(&e);
            gc_value_free(config);
            continue;
        }
        fw_fail(e.rr.world, s_stops[i], 403, boom, 1);
        rr_apply(&e.rr, NULL, config, &s1, &rc1);
        gc_diags_clean_up(&e.rr.diags);
        gc_diags_init(&e.rr.diags);
        rr_apply(&e.rr, NULL, config, &s2, &rc2); /* Terraform has no state of it: it creates again */
        const char *status = gc_value_get_string(s2, "status");
        bool good = rc1 != 0 && rc2 == 0 && e.st.n_created == 1 &&
                    fw_count(e.rr.world, &gc_op_acmpca_create_certificate_authority) == 1 && status &&
                    strcmp(status, "ACTIVE") == 0 && strcmp(e.st.status, "ACTIVE") == 0 && e.st.share &&
                    e.st.permission &&
                    fw_count(e.rr.world, &gc_op_ram_create_resource_share) ==
                        (s_stops[i] == &gc_op_ram_create_resource_share ? 2 : 1);
        if (!good) {
            printf("# stop at %s: rc %d/%d, %d CAs, status %s, share %d, permission %d: %s\n", s_stops[i]->name, rc1,
                   rc2, e.st.n_created, status ? status : "-", e.st.share, e.st.permission,
                   e.rr.diags.n ? e.rr.diags.items[0].detail : "");
            wrong++;
        }
        gc_value_free(config);
        gc_value_free(s1);
        gc_value_free(s2);
        s_env_clean_up(&e);
    }
    ASSERT_INT_EQ(wrong, 0);
}

GC_TEST(failed_ca_reports_its_reason)
{
    struct env e;
    struct gc_value *config = s_config(), *state = NULL;
    int rc = 0;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.creating_polls = 1;
    e.st.fail_reason = "BAD_CSR_EXTENSIONS";
    rr_apply(&e.rr, NULL, config, &state, &rc);
    bool reason = rr_diag_has(&e.rr.diags, "BAD_CSR_EXTENSIONS") && rr_diag_has(&e.rr.diags, "FAILED");
    const char *id = gc_value_get_string(state, "id");
    bool kept = id && strcmp(id, PW_CA_ARN) == 0; /* in state (tainted), not orphaned */
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
    ASSERT_TRUE(rc != 0);
    ASSERT_TRUE(reason);
    ASSERT_TRUE(kept);
}

/* ---- read, drift, update, delete, import ---- */

/* A created CA's state in `e` (a full create first). */
static struct gc_value *s_created(struct env *e)
{
    struct gc_value *config = s_config(), *state = NULL;
    int rc = -1;
    if (rr_apply(&e->rr, NULL, config, &state, &rc) != 0 || rc != 0) {
        gc_value_free(state);
        state = NULL;
    }
    gc_value_free(config);
    return state;
}

/* The read sends all its requests at once (the IDs in state suffice): what the CA calls answer counts only when the
 * describe has found the CA. A CA that is gone reads as gone whatever the others said; a failure of one of them on
 * a CA that exists is reported. */
struct read_case {
    const char *status;                /* the CA's status in AWS before the read */
    const struct gc_aws_op_def *fails; /* that call answers `code` once; NULL: none */
    const char *code;
    bool found, error;
};

GC_TEST(read_is_one_round_and_a_gone_ca_is_gone)
{
    const struct read_case cases[] = {
        {"ACTIVE", NULL, NULL, true, false},
        {"DELETED", &gc_op_acmpca_list_tags, "ResourceNotFoundException", false, false},
        {"DELETED", &gc_op_acmpca_list_permissions, "ResourceNotFoundException", false, false},
        {"DELETED", &gc_op_acmpca_get_certificate_authority_certificate, "ResourceNotFoundException", false, false},
        {"ACTIVE", &gc_op_acmpca_list_tags, "AccessDeniedException", true, true},
        {"ACTIVE", &gc_op_ram_get_resource_share_associations, "AccessDeniedException", true, true},
        /* a CA without its certificate yet: the certificate call's refusal is no error */
        {"PENDING_CERTIFICATE", &gc_op_acmpca_get_certificate_authority_certificate, "InvalidStateException", true,
         false},
    };
    int wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct read_case *rc_case = &cases[i];
        struct env e;
        struct gc_value *prior = NULL, *read = NULL;
        if (s_env_init(&e) != 0 || !(prior = s_created(&e))) {
            wrong++;
            s_env_clean_up(&e);
            continue;
        }
        snprintf(e.st.status, sizeof e.st.status, "%s", rc_case->status);
        char body[160];
        snprintf(body, sizeof body, "{\"__type\": \"%s\", \"message\": \"from the test\"}",
                 rc_case->code ? rc_case->code : "");
        if (rc_case->fails)
            fw_fail(e.rr.world, rc_case->fails, 400, body, 1);
        size_t before = fw_n_calls(e.rr.world);
        gc_diags_clean_up(&e.rr.diags);
        gc_diags_init(&e.rr.diags);
        int rc = gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags);
        size_t calls = fw_n_calls(e.rr.world) - before;
        bool error = rc != 0 || gc_diags_has_error(&e.rr.diags);
        bool found = read != NULL && !gc_value_is_null(read);
        /* describe, certificate, tags, share, its principals, permission: six requests, none waiting for another */
        bool good = found == rc_case->found && error == rc_case->error && calls == 6;
        if (!good) {
            printf("# case %zu (%s, %s %s): found %d error %d calls %zu: %s\n", i, rc_case->status,
                   rc_case->fails ? rc_case->fails->name : "-", rc_case->code ? rc_case->code : "", found, error, calls,
                   e.rr.diags.n ? e.rr.diags.items[0].detail : "");
            wrong++;
        }
        gc_value_free(prior);
        gc_value_free(read);
        s_env_clean_up(&e);
    }
    ASSERT_INT_EQ(wrong, 0);
}

GC_TEST(drift_is_shown_and_repaired_in_place)
{
    struct env e;
    struct gc_value *prior = NULL, *read = NULL, *planned = NULL, *after = NULL, *config = s_config();
    struct gc_path_list replace = {0};
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    /* outside Terraform: the CA disabled, the share's principal removed, the ACM permission deleted */
    snprintf(e.st.status, sizeof e.st.status, "DISABLED");
    e.st.n_principals = 0;
    e.st.permission = false;
    int rc_read = gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags);
    const char *status = gc_value_get_string(read, "status");
    bool read_disabled = status && strcmp(status, "DISABLED") == 0;
    bool perm = true;
    gc_value_get_bool(read, "acm_permission", &perm);
    size_t n_share = gc_value_length(gc_value_object_get(read, "share_with"));
    int rc_plan = rr_plan(&e.rr, read, config, &planned, &replace);
    bool status_unknown = !gc_value_is_known(gc_value_object_get(planned, "status"));
    size_t n_replace = replace.n;
    int rc_apply = gc_apply_resource(DEF, &e.rr.prov, read, planned, &after, &e.rr.diags);
    const char *final = gc_value_get_string(after, "status");
    bool final_ok = final && strcmp(final, "ACTIVE") == 0 && strcmp(e.st.status, "ACTIVE") == 0;
    bool repaired = e.st.permission && e.st.n_principals == 1 && e.st.n_created == 1;
    gc_value_free(prior);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(after);
    gc_value_free(config);
    gc_path_list_clean_up(&replace);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(rc_read, 0);
    ASSERT_TRUE(read_disabled);
    ASSERT_FALSE(perm);
    ASSERT_INT_EQ((int)n_share, 0);
    ASSERT_INT_EQ(rc_plan, 0);
    ASSERT_TRUE(status_unknown);
    ASSERT_INT_EQ((int)n_replace, 0);
    ASSERT_INT_EQ(rc_apply, 0);
    ASSERT_TRUE(final_ok);
    ASSERT_TRUE(repaired);
}

GC_TEST(subject_change_replaces)
{
    struct env e;
    struct gc_value *prior = NULL, *planned = NULL, *config = s_config();
    struct gc_path_list replace = {0};
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    struct gc_value *subject = gc_value_copy(gc_value_object_get(config, "subject"));
    gc_value_map_put(subject, "common_name", gc_value_new_string("Naruto Root CA 2"));
    gc_value_object_set(config, "subject", subject);
    int rc = rr_plan(&e.rr, prior, config, &planned, &replace);
    bool on_subject = false;
    for (size_t i = 0; i < replace.n; i++) {
        char *p = gc_path_to_string(&replace.items[i]);
        on_subject = on_subject || (p && strcmp(p, "subject") == 0);
        free(p);
    }
    gc_value_free(prior);
    gc_value_free(planned);
    gc_value_free(config);
    gc_path_list_clean_up(&replace);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(on_subject);
}

GC_TEST(update_in_place_share_permission_ocsp_tags)
{
    struct env e;
    struct gc_value *prior = NULL, *after = NULL, *config = s_config();
    int rc = -1;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    struct gc_value *share = gc_value_new_collection(&gc_type_set_string);
    gc_value_append(share, gc_value_new_string("222222222222"));
    gc_value_object_set(config, "share_with", share);
    gc_value_set_bool(config, "acm_permission", false);
    gc_value_set_bool(config, "ocsp_enabled", true);
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    gc_value_map_put(tags, "env", gc_value_new_string("prod"));
    gc_value_object_set(config, "tags", tags);
    int planned = rr_apply(&e.rr, prior, config, &after, &rc);
    json_t *update = json_loads(s_body_of(&e, &gc_op_acmpca_update_certificate_authority), 0, NULL);
    bool ocsp = json_is_true(json_object_get(
        json_object_get(json_object_get(update, "RevocationConfiguration"), "OcspConfiguration"), "Enabled"));
    bool principal = e.st.n_principals == 1 && strcmp(e.st.principals[0], "222222222222") == 0;
    bool tagged = false;
    for (int i = 0; i < e.st.n_tags; i++)
        tagged = tagged || (strcmp(e.st.tag_keys[i], "env") == 0 && strcmp(e.st.tag_values[i], "prod") == 0);
    bool permission = e.st.permission, one = e.st.n_created == 1;
    json_decref(update);
    gc_value_free(prior);
    gc_value_free(after);
    gc_value_free(config);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(planned, 0);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(ocsp);
    ASSERT_TRUE(principal);
    ASSERT_TRUE(tagged);
    ASSERT_FALSE(permission);
    ASSERT_TRUE(one);
}

GC_TEST(destroy_disables_then_deletes_with_the_window)
{
    struct env e;
    struct gc_value *prior = NULL, *after = NULL;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    prior = s_created(&e);
    gc_value_set_int64(prior, "permanent_deletion_time_in_days", 7);
    size_t before = fw_n_calls(e.rr.world);
    int rc = gc_apply_resource(DEF, &e.rr.prov, prior, NULL, &after, &e.rr.diags);
    const char *disable = NULL, *del = NULL;
    size_t at_disable = 0, at_delete = 0;
    for (size_t i = before; i < fw_n_calls(e.rr.world); i++) {
        if (fw_call_at(e.rr.world, i)->op == &gc_op_acmpca_update_certificate_authority) {
            disable = fw_call_at(e.rr.world, i)->body;
            at_disable = i;
        }
        if (fw_call_at(e.rr.world, i)->op == &gc_op_acmpca_delete_certificate_authority) {
            del = fw_call_at(e.rr.world, i)->body;
            at_delete = i;
        }
    }
    bool disabled_first = disable && strstr(disable, "\"DISABLED\"") && at_disable < at_delete;
    bool window = del && strstr(del, "\"PermanentDeletionTimeInDays\":7");
    bool deleted = strcmp(e.st.status, "DELETED") == 0 && !e.st.share;
    /* a second destroy of a DELETED CA is done at once */
    size_t mid = fw_n_calls(e.rr.world);
    gc_value_free(after);
    after = NULL;
    int rc2 = gc_apply_resource(DEF, &e.rr.prov, prior, NULL, &after, &e.rr.diags);
    size_t extra = fw_n_calls(e.rr.world) - mid;
    int extra_writes = 0;
    for (size_t i = mid; i < fw_n_calls(e.rr.world); i++)
        extra_writes += fw_call_at(e.rr.world, i)->op != &gc_op_acmpca_describe_certificate_authority &&
                        fw_call_at(e.rr.world, i)->op != &gc_op_ram_get_resource_shares;
    gc_value_free(prior);
    gc_value_free(after);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(disabled_first);
    ASSERT_TRUE(window);
    ASSERT_TRUE(deleted);
    ASSERT_INT_EQ(rc2, 0);
    /* one round: the describe beside the share's look-up (by the state's ARN, then by tag: its answer unused) */
    ASSERT_INT_EQ((int)extra, 3);
    ASSERT_INT_EQ(extra_writes, 0);
}

GC_TEST(import_by_arn_then_no_changes)
{
    struct env e;
    struct gc_value *created = NULL, *imported = NULL, *read = NULL, *planned = NULL, *config = s_config();
    struct gc_path_list replace = {0};
    ASSERT_INT_EQ(s_env_init(&e), 0);
    created = s_created(&e);
    int rc_import = gc_import_resource(DEF, &e.rr.prov, PW_CA_ARN, &imported, &e.rr.diags);
    int rc_read = imported ? gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags) : -1;
    int64_t years = 0;
    gc_value_get_int64(read, "validity_years", &years);
    int rc_plan = read ? rr_plan(&e.rr, read, config, &planned, &replace) : -1;
    bool same = planned && gc_value_equal(planned, read);
    if (!same && planned)
        for (size_t i = 0; i < DEF->block->n_attrs; i++)
            if (!gc_value_equal(gc_value_object_get(planned, DEF->block->attrs[i].name),
                                gc_value_object_get(read, DEF->block->attrs[i].name)))
                printf("# differs after import: %s\n", DEF->block->attrs[i].name);
    struct gc_value *bad = NULL;
    int rc_bad = gc_import_resource(DEF, &e.rr.prov, "arn:aws:acm-pca:ap-northeast-1:123:ca/x", &bad, &e.rr.diags);
    bool bad_msg = rr_diag_has(&e.rr.diags, "Invalid import ID");
    gc_value_free(created);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(config);
    gc_value_free(bad);
    gc_path_list_clean_up(&replace);
    s_env_clean_up(&e);
    ASSERT_INT_EQ(rc_import, 0);
    ASSERT_INT_EQ(rc_read, 0);
    ASSERT_INT_EQ(years, 10);
    ASSERT_INT_EQ(rc_plan, 0);
    ASSERT_INT_EQ((int)replace.n, 0);
    ASSERT_TRUE(same);
    ASSERT_TRUE(rc_bad != 0);
    ASSERT_TRUE(bad_msg);
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    FILE *probe = fopen("pca_root.pem", "rb");
    if (!probe) {
        printf("Bail out! fixtures not found: run in tests/unit/aws/ec2-fixtures\n");
        return 1;
    }
    fclose(probe);
    static const struct gc_test_case cases[] = {GC_CASE(validation_before_any_aws_call),
                                                GC_CASE(signing_default_follows_the_key),
                                                GC_CASE(create_activates_in_one_apply),
                                                GC_CASE(fresh_create_reads_nothing_it_just_made),
                                                GC_CASE(tokens_are_derived_from_the_plan),
                                                GC_CASE(deleted_earlier_life_changes_the_idempotency_token),
                                                GC_CASE(interrupted_create_is_finished_not_repeated),
                                                GC_CASE(failed_ca_reports_its_reason),
                                                GC_CASE(read_is_one_round_and_a_gone_ca_is_gone),
                                                GC_CASE(drift_is_shown_and_repaired_in_place),
                                                GC_CASE(subject_change_replaces),
                                                GC_CASE(update_in_place_share_permission_ocsp_tags),
                                                GC_CASE(destroy_disables_then_deletes_with_the_window),
                                                GC_CASE(import_by_arn_then_no_changes)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
