/* framework/gc_delete: which answers mean "in use, retry" and "not found", then deletes driven by scripted AWS
 * answers on a fake clock: retries that succeed, not-found as done, a hard error, the deadline, a custom
 * message-matched retry, and the wait until gone. */
#include <stdlib.h>

#include "framework/gc_delete.h"
#include "gc_test.h"
#include "kit_test.h"

GC_TEST(retryable_and_not_found_tables)
{
    static const struct gc_delete_retry custom[] = {{"InvalidRequestException", "in use"}, {NULL, NULL}};
    static const struct {
        const struct gc_delete_retry *list;
        const char *code, *message;
        bool retry, not_found;
    } cases[] = {
        {gc_delete_retry_default, "DependencyViolation", "has dependencies", true, false},
        {gc_delete_retry_default, "IncorrectState", NULL, true, false},
        {gc_delete_retry_default, "ResourceInUseException", NULL, true, false},
        {gc_delete_retry_default, "UnauthorizedOperation", NULL, false, false},
        {gc_delete_retry_default, "InvalidSubnetID.NotFound", NULL, false, true},
        {gc_delete_retry_default, "InvalidTransitGatewayID.NotFound", NULL, false, true},
        {gc_delete_retry_default, "ResourceNotFoundException", NULL, false, true},
        {gc_delete_retry_default, "NoSuchHostedZone", NULL, false, true},
        {gc_delete_retry_default, "NotFoundish", NULL, false, false},
        {gc_delete_retry_default, NULL, NULL, false, false},
        {custom, "InvalidRequestException", "The resolver rule is in use by 2 VPCs", true, false},
        {custom, "InvalidRequestException", "Bad name", false, false},
        {custom, "InvalidRequestException", NULL, false, false},
        {custom, "DependencyViolation", NULL, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_aws_error err = {0};
        err.code = (char *)cases[i].code;
        err.message = (char *)cases[i].message;
        if (gc_delete_is_retryable(cases[i].list, &err) != cases[i].retry ||
            gc_delete_is_not_found(&err) != cases[i].not_found)
            printf("# case %zu (%s)\n", i, cases[i].code ? cases[i].code : "none");
        ASSERT_INT_EQ(gc_delete_is_retryable(cases[i].list, &err), cases[i].retry);
        ASSERT_INT_EQ(gc_delete_is_not_found(&err), cases[i].not_found);
    }
}

/* AWS's answers to successive deletes: an error code, "" for accepted (the last repeats). */
struct s_deletes {
    const char *const *answers;
    size_t n;
    const char *message;
    int calls;
    int status_polls;
};

static int s_delete(struct gc_op *op, void *arg, struct gc_aws_error *err)
{
    (void)op;
    struct s_deletes *d = arg;
    const char *a = d->answers[(size_t)d->calls < d->n ? (size_t)d->calls : d->n - 1];
    d->calls++;
    if (!*a)
        return 0;
    err->service = GC_SVC_EC2;
    err->operation = strdup("DeleteThing");
    err->http_status = 400;
    err->code = strdup(a);
    err->message = d->message ? strdup(d->message) : NULL;
    return -1;
}

static int s_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    (void)op;
    (void)reason;
    struct s_deletes *d = arg;
    d->status_polls++;
    *status = d->status_polls < 3 ? strdup("deleting") : NULL;
    return 0;
}

GC_TEST(delete_retries_dependencies_then_succeeds)
{
    static const char *const answers[] = {"DependencyViolation", "IncorrectState", "DependencyViolation", ""};
    struct kit_op k;
    kit_op_init(&k, 600, "delete");
    struct s_deletes d = {answers, 4, NULL, 0, 0};
    struct gc_delete_spec spec = {"subnet subnet-1", s_delete, &d, NULL, NULL, NULL};
    int rc = gc_delete_object(&k.op, &spec);
    size_t n_diags = k.diags.n;
    int64_t elapsed = kit_clock_ms - k.started_ms;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(d.calls, 4);
    ASSERT_INT_EQ(n_diags, 0);
    ASSERT_TRUE(elapsed >= 200 + 400 + 800);
}

GC_TEST(delete_not_found_is_done)
{
    static const char *const answers[] = {"DependencyViolation", "InvalidSubnetID.NotFound"};
    struct kit_op k;
    kit_op_init(&k, 600, "delete");
    struct s_deletes d = {answers, 2, NULL, 0, 0};
    struct gc_delete_spec spec = {"subnet subnet-1", s_delete, &d, NULL, NULL, NULL};
    int rc = gc_delete_object(&k.op, &spec);
    size_t n_diags = k.diags.n;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(d.calls, 2);
    ASSERT_INT_EQ(n_diags, 0);
}

GC_TEST(delete_hard_error_fails_at_once)
{
    static const char *const answers[] = {"UnauthorizedOperation"};
    struct kit_op k;
    kit_op_init(&k, 600, "delete");
    struct s_deletes d = {answers, 1, "You are not authorized", 0, 0};
    struct gc_delete_spec spec = {"subnet subnet-1", s_delete, &d, NULL, NULL, NULL};
    int rc = gc_delete_object(&k.op, &spec);
    bool code = kit_diag_has(&k.diags, "UnauthorizedOperation");
    bool err = gc_diags_has_error(&k.diags);
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(d.calls, 1);
    ASSERT_TRUE(code);
    ASSERT_TRUE(err);
}

GC_TEST(delete_deadline)
{
    static const char *const answers[] = {"DependencyViolation"};
    struct kit_op k;
    kit_op_init(&k, 90, "delete");
    struct s_deletes d = {answers, 1, NULL, 0, 0};
    struct gc_delete_spec spec = {"VPC vpc-1", s_delete, &d, NULL, NULL, NULL};
    int rc = gc_delete_object(&k.op, &spec);
    bool what = kit_diag_has(&k.diags, "VPC vpc-1 to be deleted (AWS still reports dependencies)");
    bool which = kit_diag_has(&k.diags, "delete timeout");
    int64_t elapsed = kit_clock_ms - k.started_ms;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(what);
    ASSERT_TRUE(which);
    ASSERT_TRUE(d.calls > 3);
    ASSERT_TRUE(elapsed <= 90000);
}

GC_TEST(delete_custom_retry_by_message)
{
    static const struct gc_delete_retry in_use[] = {{"InvalidRequestException", "in use"}, {NULL, NULL}};
    static const char *const answers[] = {"InvalidRequestException", ""};
    struct kit_op k;
    kit_op_init(&k, 600, "delete");
    struct s_deletes d = {answers, 2, "Resolver rule is in use", 0, 0};
    struct gc_delete_spec spec = {"resolver rule rslvr-rr-1", s_delete, &d, in_use, NULL, NULL};
    int rc_in_use = gc_delete_object(&k.op, &spec);
    int calls_in_use = d.calls;
    struct s_deletes other = {answers, 2, "Invalid name", 0, 0};
    spec.arg = &other;
    int rc_other = gc_delete_object(&k.op, &spec);
    bool reported = kit_diag_has(&k.diags, "Invalid name");
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc_in_use, 0);
    ASSERT_INT_EQ(calls_in_use, 2);
    ASSERT_INT_EQ(rc_other, -1);
    ASSERT_INT_EQ(other.calls, 1);
    ASSERT_TRUE(reported);
}

GC_TEST(delete_then_wait_gone)
{
    static const char *const answers[] = {""};
    struct kit_op k;
    kit_op_init(&k, 600, "delete");
    struct s_deletes d = {answers, 1, NULL, 0, 0};
    struct gc_wait_spec gone = {.what = "route table tgw-rtb-1", .status = s_status, .arg = &d};
    struct gc_delete_spec spec = {"route table tgw-rtb-1", s_delete, &d, NULL, NULL, &gone};
    int rc = gc_delete_object(&k.op, &spec);
    size_t n_diags = k.diags.n;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(d.calls, 1);
    ASSERT_INT_EQ(d.status_polls, 3);
    ASSERT_INT_EQ(n_diags, 0);
}

GC_TEST_MAIN(GC_CASE(retryable_and_not_found_tables), GC_CASE(delete_retries_dependencies_then_succeeds),
             GC_CASE(delete_not_found_is_done), GC_CASE(delete_hard_error_fails_at_once), GC_CASE(delete_deadline),
             GC_CASE(delete_custom_retry_by_message), GC_CASE(delete_then_wait_gone))
