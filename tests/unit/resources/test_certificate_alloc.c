/* gcnet_certificate under allocation failure, as test_hub_alloc.c does for the hub: create, read, update (in
 * place), delete and import (by ARN and CSR file) are run again and again against the fake AWS with the Private CA
 * answers, the k-th allocation inside the code under test failing (k = 1, 2, 3, ...; fake_alloc.h), until a run
 * finishes without reaching k. Every run must end with rc 0 and the unarmed run's result, or rc != 0 with an error
 * diagnostic. The phases are small, so every k is run. CERT_ALLOC_TRACE=1 prints each bad k's failing allocation. */
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "fake_alloc.h"
#include "fake_world.h"
#include "framework/gc_plan.h"
#include "gc_test.h"
#include "resource_run.h"
#include "pca_world.h"
#include "resources/pca_x509.h"

extern const struct gc_resource_def gc_resource_certificate;
#define DEF (&gc_resource_certificate)

enum phase { P_CREATE, P_READ, P_UPDATE, P_DELETE, P_IMPORT, P_COUNT };
static const char *const s_phase_names[P_COUNT] = {"create", "read", "update", "delete", "import"};

static struct gc_value *s_prior; /* a complete certificate from an unarmed create */

static int64_t s_now_ms = 1000000;
static int64_t s_op_now(void)
{
    return s_now_ms;
}
static void s_op_sleep(int64_t ms)
{
    s_now_ms += ms;
}
static int64_t s_wall(void)
{
    return 1796637026; /* 2026-12-07T09:50:26Z, an hour after the fixtures were issued */
}

static struct gc_value *s_config(bool update)
{
    char why[128];
    struct gc_value *config = gc_value_new_object(DEF->block->type);
    char *csr = gc_pca_read_file("pca_ops_csr.pem", 65536, why, sizeof why);
    if (!config || !csr) {
        gc_value_free(config);
        config = NULL;
    } else {
        gc_value_set_string(config, "certificate_authority_arn", PW_CA_ARN);
        gc_value_set_string(config, "certificate_signing_request", csr);
        gc_value_set_int64(config, "validity_days", 397);
        gc_value_set_int64(config, "early_renewal_days", update ? 10 : 30);
    }
    free(csr);
    return config;
}

struct outcome {
    int rc;
    bool error_diag;
    struct gc_value *state;
    struct pw_state pca;
};

/* Runs one phase with the fail_at-th allocation failing (0: none). */
static int s_run(enum phase phase, unsigned long fail_at, struct outcome *out, bool *reached)
{
    int result = -1;
    struct fake_aws clock;
    struct gc_diags diags;
    struct gc_path_list replace = {0};
    struct gc_value *planned = NULL, *config = NULL, *imported = NULL, *proposed = NULL;
    struct fw_world *w = NULL;
    memset(&clock, 0, sizeof clock);
    memset(out, 0, sizeof *out);
    gc_diags_init(&diags);
    pw_state_active(&out->pca, NULL);
    struct gc_aws_client *aws = fake_aws_client(&clock, "ap-northeast-1", "http://fake.test", NULL, 0);
    struct gc_value *defaults = gc_value_new_collection(&gc_type_map_string);
    struct gc_provider prov = {.aws = aws, .default_tags = defaults, .region = (char *)"ap-northeast-1"};
    if (!aws || !defaults || fw_world_new(&w) != 0 || pw_install(w, &out->pca) != 0)
        goto cleanup;
    const struct gc_value *prior = phase == P_CREATE ? NULL : s_prior;
    if ((phase == P_CREATE || phase == P_UPDATE) &&
        (!(config = s_config(phase == P_UPDATE)) || !(proposed = rr_proposed(DEF, prior, config))))
        goto cleanup;
    struct gc_http_transport tr = fw_world_transport(w);
    gc_aws_client_set_transport(aws, &tr);
    gc_op_set_clock(s_op_now, s_op_sleep);
    gc_pca_set_clock(s_wall);
    fa_start(fail_at);
    if (phase == P_CREATE || phase == P_UPDATE) {
        out->rc = gc_plan_resource(DEF, &prov, prior, proposed, config, &planned, &replace, &diags);
        if (out->rc == 0)
            out->rc = gc_apply_resource(DEF, &prov, prior, planned, &out->state, &diags);
    } else if (phase == P_READ) {
        out->rc = gc_read_resource(DEF, &prov, prior, &out->state, &diags);
    } else if (phase == P_DELETE) {
        out->rc = gc_apply_resource(DEF, &prov, prior, NULL, &out->state, &diags);
    } else {
        out->rc = gc_import_resource(DEF, &prov, PW_CERT_ARN ",pca_ops_csr.pem", &imported, &diags);
        if (out->rc == 0)
            out->rc = gc_read_resource(DEF, &prov, imported, &out->state, &diags);
    }
    fa_stop();
    *reached = fa_failed();
    out->error_diag = gc_diags_has_error(&diags);
    result = 0;
cleanup:
    gc_op_set_clock(NULL, NULL);
    gc_pca_set_clock(NULL);
    gc_path_list_clean_up(&replace);
    gc_value_free(planned);
    gc_value_free(config);
    gc_value_free(imported);
    gc_value_free(proposed);
    gc_value_free(defaults);
    gc_diags_clean_up(&diags);
    gc_aws_client_free(aws);
    fake_aws_forget(&clock);
    fw_world_destroy(w);
    return result;
}

/* NULL when a successful run left what the unarmed one did, else what is wrong. */
static const char *s_judge_success(enum phase phase, const struct outcome *o, const struct gc_value *reference)
{
    if (phase == P_DELETE)
        return o->state && !gc_value_is_null(o->state) ? "state left after a delete"
               : o->pca.n_revoked != 1                 ? "no RevokeCertificate"
                                                       : NULL;
    if (!o->state || gc_value_is_null(o->state) || !gc_value_get_string(o->state, "serial"))
        return "no complete state";
    return reference && !gc_value_equal(o->state, reference) ? "a state other than the run without failures" : NULL;
}

static int s_phase(enum phase phase, int *runs, int *failed_cleanly, int *bad)
{
    struct outcome o;
    bool reached = false;
    const char *why = NULL;
    if (s_run(phase, 0, &o, &reached) != 0 || o.rc != 0 || (why = s_judge_success(phase, &o, NULL)) != NULL) {
        printf("# %s: the unarmed run failed (rc %d): %s\n", s_phase_names[phase], o.rc, why ? why : "");
        gc_value_free(o.state);
        return -1;
    }
    struct gc_value *reference = o.state;
    if (phase == P_CREATE) {
        gc_value_free(s_prior);
        s_prior = gc_value_copy(o.state);
    }
    for (unsigned long k = 1;; k++) {
        if (s_run(phase, k, &o, &reached) != 0) {
            printf("# %s k=%lu: the test's own setup failed\n", s_phase_names[phase], k);
            gc_value_free(reference);
            return -1;
        }
        why = o.rc == 0 ? s_judge_success(phase, &o, reference)
                        : (!o.error_diag ? "rc != 0 without an error diagnostic" : NULL);
        gc_value_free(o.state);
        if (!reached) {
            if (o.rc != 0 || why) {
                printf("# %s: the run past the last allocation (k=%lu) did not succeed\n", s_phase_names[phase], k);
                (*bad)++;
            }
            gc_value_free(reference);
            printf("# %s: %lu allocations, %d runs, %d failed with a diagnostic, %d bad\n", s_phase_names[phase], k - 1,
                   *runs, *failed_cleanly, *bad);
            return 0;
        }
        (*runs)++;
        if (why) {
            (*bad)++;
            if (*bad <= 20)
                printf("# BAD: %s, allocation %lu failing: rc %d: %s\n", s_phase_names[phase], k, o.rc, why);
            if (getenv("CERT_ALLOC_TRACE")) {
                struct outcome again;
                bool reached_again = false;
                fa_set_trace(true);
                s_run(phase, k, &again, &reached_again);
                fa_set_trace(false);
                gc_value_free(again.state);
            }
        } else if (o.rc != 0) {
            (*failed_cleanly)++;
        }
    }
}

static int s_total_bad = -1;

GC_TEST(every_phase_survives_each_failed_allocation)
{
    int total_bad = 0;
    for (int p = 0; p < P_COUNT; p++) {
        int runs = 0, failed_cleanly = 0, bad = 0;
        ASSERT_INT_EQ(s_phase((enum phase)p, &runs, &failed_cleanly, &bad), 0);
        ASSERT_TRUE(runs > 0);
        ASSERT_TRUE(failed_cleanly > 0);
        total_bad += bad;
    }
    s_total_bad = total_bad;
}

GC_TEST(no_failure_is_silent)
{
    ASSERT_TRUE(s_total_bad >= 0);
    ASSERT_INT_EQ(s_total_bad, 0);
}

int main(void)
{
    fa_install();
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
        GC_CASE(every_phase_survives_each_failed_allocation),
        GC_CASE(no_failure_is_silent),
    };
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    gc_value_free(s_prior);
    return rc;
}
