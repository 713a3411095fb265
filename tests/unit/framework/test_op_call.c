/* framework/gc_op_call: one AWS call of a step against the scripted fake AWS: the answer handed over, an AWS
 * failure reported as a diagnostic or left to the caller (err given), and an input that could not be built
 * reported without a call; a change found done already (gc_op_call_idempotent). */
#include <stdlib.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "base/gc_doc.h"
#include "gc_test.h"
#include "kit_test.h"

#define DEF (&gc_op_acmpca_describe_certificate_authority)

static const struct fake_reply s_ok = {200, "{\"CertificateAuthority\":{\"Arn\":\"arn:ca\",\"Status\":\"ACTIVE\"}}",
                                       {"x-amzn-RequestId: req-ok"}};
static const struct fake_reply s_missing = {
    400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no such CA\"}", {"x-amzn-RequestId: req-404"}};

static void s_init(struct kit_op *k, const struct fake_reply *reply)
{
    kit_op_init(k, 60, "read");
    k->fake.replies = reply;
    k->fake.n_replies = 1;
}

static json_t *s_in(void)
{
    return json_pack("{s:s}", "CertificateAuthorityArn", "arn:ca");
}

GC_TEST(answer_handed_over)
{
    struct kit_op k;
    json_t *out = NULL;
    s_init(&k, &s_ok);
    int rc = gc_op_call(&k.op, DEF, s_in(), &out, NULL);
    const char *status = gc_doc_str(out, "CertificateAuthority.Status");
    bool ok = rc == 0 && k.diags.n == 0 && k.fake.calls == 1 && status && strcmp(status, "ACTIVE") == 0;
    json_decref(out);
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

GC_TEST(failure_reported_without_err)
{
    struct kit_op k;
    s_init(&k, &s_missing);
    int rc = gc_op_call(&k.op, DEF, s_in(), NULL, NULL);
    bool ok = rc == -1 && k.diags.n == 1 && kit_diag_has(&k.diags, "ResourceNotFoundException") &&
              kit_diag_has(&k.diags, "req-404");
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

GC_TEST(failure_left_to_the_caller_with_err)
{
    struct kit_op k;
    struct gc_aws_error err = {0};
    s_init(&k, &s_missing);
    int rc = gc_op_call(&k.op, DEF, s_in(), NULL, &err);
    bool ok = rc == -1 && k.diags.n == 0 && gc_aws_op_is_not_found(DEF, &err);
    gc_aws_error_clean_up(&err);
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

GC_TEST(unbuilt_input_reported_without_a_call)
{
    struct kit_op k;
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    s_init(&k, &s_ok);
    int rc = gc_op_call(&k.op, DEF, NULL, &out, &err);
    int rc_all = gc_op_call_all(&k.op, DEF, NULL, &out);
    bool ok = rc == -1 && rc_all == -1 && !out && k.fake.calls == 0 && k.diags.n == 2 &&
              kit_diag_has(&k.diags, "DescribeCertificateAuthority") && !err.code;
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

GC_TEST(call_all_reports_failure)
{
    struct kit_op k;
    json_t *out = NULL;
    s_init(&k, &s_missing);
    int rc = gc_op_call_all(&k.op, DEF, s_in(), &out);
    bool ok = rc == -1 && !out && k.diags.n == 1 && kit_diag_has(&k.diags, "ResourceNotFoundException");
    json_decref(out);
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

GC_TEST(idempotent_done_codes)
{
    static const char *const done[] = {"InvalidPermission.Duplicate", "ResourceNotFoundException", NULL};
    static const char *const other[] = {"InvalidPermission.Duplicate", NULL};
    struct kit_op k;
    s_init(&k, &s_missing);
    int rc_done = gc_op_call_idempotent(&k.op, DEF, s_in(), done);
    size_t diags_done = k.diags.n;
    int rc_other = gc_op_call_idempotent(&k.op, DEF, s_in(), other);
    int rc_none = gc_op_call_idempotent(&k.op, DEF, s_in(), NULL);
    bool ok = rc_done == 0 && diags_done == 0 && rc_other == -1 && rc_none == -1 && k.diags.n == 2 &&
              kit_diag_has(&k.diags, "ResourceNotFoundException");
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

int main(void)
{
    static const struct gc_test_case cases[] = {
        GC_CASE(answer_handed_over),
        GC_CASE(failure_reported_without_err),
        GC_CASE(failure_left_to_the_caller_with_err),
        GC_CASE(unbuilt_input_reported_without_a_call),
        GC_CASE(call_all_reports_failure),
        GC_CASE(idempotent_done_codes),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
