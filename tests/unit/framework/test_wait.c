/* framework/gc_wait: the status decision table, and waits driven by scripted statuses on a fake clock: target
 * reached, failed with a reason, an unexpected status, gone, the deadline, cancellation, a status error. */
#include <stdlib.h>

#include "framework/gc_wait.h"
#include "gc_test.h"
#include "kit_test.h"

static const char *const s_available[] = {"available", NULL};
static const char *const s_pending[] = {"pending", "modifying", NULL};
static const char *const s_bad[] = {"broken", NULL};

GC_TEST(decide_table)
{
    static const struct {
        const char *const *target, *const *pending, *const *failed;
        const char *status;
        enum gc_wait_step want;
    } cases[] = {
        {s_available, NULL, NULL, "available", GC_WAIT_DONE},
        {s_available, NULL, NULL, "pending", GC_WAIT_PENDING},
        {s_available, NULL, NULL, "anything", GC_WAIT_PENDING},
        {s_available, NULL, NULL, "failed", GC_WAIT_FAILED},
        {s_available, NULL, NULL, "rejected", GC_WAIT_FAILED},
        {s_available, NULL, NULL, "CREATE_FAILED", GC_WAIT_FAILED},
        {s_available, NULL, NULL, NULL, GC_WAIT_PENDING}, /* not listed yet */
        {s_available, s_pending, NULL, "modifying", GC_WAIT_PENDING},
        {s_available, s_pending, NULL, "deleting", GC_WAIT_UNEXPECTED},
        {s_available, s_pending, NULL, "failed", GC_WAIT_FAILED},
        {s_available, NULL, s_bad, "broken", GC_WAIT_FAILED},
        {s_available, NULL, s_bad, "failed", GC_WAIT_PENDING}, /* a custom list replaces the default */
        {NULL, NULL, NULL, NULL, GC_WAIT_DONE},
        {NULL, NULL, NULL, "deleting", GC_WAIT_PENDING},
        {NULL, NULL, NULL, "failed", GC_WAIT_FAILED},
        {NULL, s_pending, NULL, "deleting", GC_WAIT_UNEXPECTED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_wait_spec spec = {
            .what = "x", .target = cases[i].target, .pending = cases[i].pending, .failed = cases[i].failed};
        if (gc_wait_decide(&spec, cases[i].status) != cases[i].want)
            printf("# case %zu (%s)\n", i, cases[i].status ? cases[i].status : "gone");
        ASSERT_INT_EQ(gc_wait_decide(&spec, cases[i].status), cases[i].want);
    }
}

/* A scripted object: statuses[i] on poll i (the last repeats); NULL is gone; "!" fails the read. */
struct s_script {
    const char *const *statuses;
    size_t n;
    const char *reason;
    int polls;
    bool cancel_on_2nd;
    struct gc_aws_client *aws;
};

static int s_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct s_script *s = arg;
    const char *st = s->statuses[(size_t)s->polls < s->n ? (size_t)s->polls : s->n - 1];
    s->polls++;
    if (s->cancel_on_2nd && s->polls == 2)
        gc_aws_client_cancel(s->aws);
    if (st && strcmp(st, "!") == 0) {
        gc_diags_error_at(op->diags, NULL, "Read failed", "scripted");
        return -1;
    }
    *status = st ? strdup(st) : NULL;
    *reason = s->reason ? strdup(s->reason) : NULL;
    return 0;
}

static int s_run(struct kit_op *k, struct s_script *s, const char *const *target, const char *const *pending)
{
    struct gc_wait_spec spec = {
        .what = "transit gateway tgw-1", .target = target, .pending = pending, .status = s_status, .arg = s};
    s->aws = k->aws;
    return gc_wait_for(&k->op, &spec);
}

GC_TEST(wait_reaches_target)
{
    static const char *const st[] = {NULL, "pending", "pending", "available"};
    struct kit_op k;
    kit_op_init(&k, 600, "create");
    struct s_script s = {st, 4, NULL, 0, false, NULL};
    int rc = s_run(&k, &s, s_available, s_pending);
    size_t n_diags = k.diags.n;
    int64_t elapsed = kit_clock_ms - k.started_ms;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(s.polls, 4);
    ASSERT_INT_EQ(n_diags, 0);
    ASSERT_INT_EQ(elapsed, 200 + 400 + 800);
}

/* The write's own answer: a target status ends the wait without a poll; any other status (or a wait for deletion,
 * which has no target) polls as before. */
GC_TEST(wait_answered_target_needs_no_poll)
{
    static const char *const st[] = {"pending", "available"};
    static const struct {
        const char *answered;
        const char *const *target;
        int polls;
    } cases[] = {
        {"available", s_available, 0}, {"pending", s_available, 2}, {NULL, s_available, 2},
        {"failed", s_available, 2}, /* only the target short-cuts: a failed answer is confirmed by a look */
        {"available", NULL, 2},     /* a wait for deletion: the scripted object never goes; the deadline ends it */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct kit_op k;
        kit_op_init(&k, 1, "create");
        struct s_script s = {st, 2, NULL, 0, false, k.aws};
        struct gc_wait_spec spec = {.what = "transit gateway tgw-1",
                                    .target = cases[i].target,
                                    .status = s_status,
                                    .arg = &s,
                                    .answered = cases[i].answered};
        int rc = gc_wait_for(&k.op, &spec);
        kit_op_clean_up(&k);
        if (s.polls < cases[i].polls || (cases[i].polls == 0 && s.polls != 0))
            printf("# case %zu: %d polls\n", i, s.polls);
        if (cases[i].polls == 0) {
            ASSERT_INT_EQ(rc, 0);
            ASSERT_INT_EQ(s.polls, 0);
        } else {
            ASSERT_TRUE(s.polls >= cases[i].polls);
        }
    }
}

/* The pauses between polls: soon at first (an emulator or a quick association answers within one), then backing off
 * to 10 s for AWS's slow objects. */
static int64_t s_poll_at[16];
static size_t s_n_poll_at;

static int s_status_timed(struct gc_op *op, void *arg, char **status, char **reason)
{
    (void)op;
    (void)reason;
    if (s_n_poll_at < 16)
        s_poll_at[s_n_poll_at++] = kit_clock_ms;
    *status = strdup(s_n_poll_at < *(size_t *)arg ? "pending" : "available");
    return 0;
}

GC_TEST(wait_poll_schedule)
{
    static const int64_t pauses[] = {200, 400, 800, 1600, 2400, 3600, 5400, 8100, 10000, 10000, 10000};
    size_t polls = sizeof pauses / sizeof pauses[0] + 1;
    struct kit_op k;
    kit_op_init(&k, 3600, "create");
    s_n_poll_at = 0;
    struct gc_wait_spec spec = {
        .what = "association a", .target = s_available, .status = s_status_timed, .arg = &polls};
    int rc = gc_wait_for(&k.op, &spec);
    int64_t started = k.started_ms;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(s_n_poll_at, polls);
    ASSERT_INT_EQ(s_poll_at[0], started); /* the first look at once */
    for (size_t i = 1; i < polls; i++) {
        if (s_poll_at[i] - s_poll_at[i - 1] != pauses[i - 1])
            printf("# pause %zu: %lld ms\n", i, (long long)(s_poll_at[i] - s_poll_at[i - 1]));
        ASSERT_INT_EQ(s_poll_at[i] - s_poll_at[i - 1], pauses[i - 1]);
    }
}

GC_TEST(wait_failed_names_status_and_reason)
{
    static const char *const st[] = {"pending", "failed"};
    struct kit_op k;
    kit_op_init(&k, 600, "create");
    struct s_script s = {st, 2, "quota exceeded", 0, false, NULL};
    int rc = s_run(&k, &s, s_available, NULL);
    bool failed = kit_diag_has(&k.diags, "AWS object failed");
    bool names = kit_diag_has(&k.diags, "transit gateway tgw-1 entered state \"failed\": quota exceeded");
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(s.polls, 2);
    ASSERT_TRUE(failed);
    ASSERT_TRUE(names);
}

GC_TEST(wait_unexpected_status)
{
    static const char *const st[] = {"pending", "deleting"};
    struct kit_op k;
    kit_op_init(&k, 600, "create");
    struct s_script s = {st, 2, NULL, 0, false, NULL};
    int rc = s_run(&k, &s, s_available, s_pending);
    bool names = kit_diag_has(&k.diags, "entered state \"deleting\" while gcnet waited for it to become available");
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(names);
}

GC_TEST(wait_until_gone)
{
    static const char *const st[] = {"deleting", "deleting", NULL};
    struct kit_op k;
    kit_op_init(&k, 600, "delete");
    struct s_script s = {st, 3, NULL, 0, false, NULL};
    int rc = gc_wait_gone(&k.op, "route table tgw-rtb-1", s_status, &s);
    size_t n_diags = k.diags.n;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(s.polls, 3);
    ASSERT_INT_EQ(n_diags, 0);
}

GC_TEST(wait_deadline_names_what_and_timeout)
{
    static const char *const st[] = {"pending"};
    struct kit_op k;
    kit_op_init(&k, 120, "update");
    struct s_script s = {st, 1, NULL, 0, false, NULL};
    int rc = s_run(&k, &s, s_available, NULL);
    bool timed_out = kit_diag_has(&k.diags, "Timed out");
    bool what = kit_diag_has(&k.diags, "transit gateway tgw-1 to become available");
    bool which = kit_diag_has(&k.diags, "update timeout");
    int64_t elapsed = kit_clock_ms - k.started_ms;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(timed_out);
    ASSERT_TRUE(what);
    ASSERT_TRUE(which);
    ASSERT_TRUE(s.polls > 3);
    ASSERT_TRUE(elapsed <= 120000);
}

GC_TEST(wait_gone_deadline_says_deleted)
{
    static const char *const st[] = {"deleting"};
    struct kit_op k;
    kit_op_init(&k, 30, "delete");
    struct s_script s = {st, 1, NULL, 0, false, NULL};
    int rc = gc_wait_gone(&k.op, "subnet subnet-1", s_status, &s);
    bool what = kit_diag_has(&k.diags, "subnet subnet-1 to become deleted");
    bool which = kit_diag_has(&k.diags, "delete timeout");
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(what);
    ASSERT_TRUE(which);
}

GC_TEST(wait_cancelled)
{
    static const char *const st[] = {"pending"};
    struct kit_op k;
    kit_op_init(&k, 3600, "create");
    struct s_script s = {st, 1, NULL, 0, true, NULL};
    int rc = s_run(&k, &s, s_available, NULL);
    bool cancelled = kit_diag_has(&k.diags, "cancelled");
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(s.polls, 2);
    ASSERT_TRUE(cancelled);
}

GC_TEST(wait_status_error_stops)
{
    static const char *const st[] = {"pending", "!"};
    struct kit_op k;
    kit_op_init(&k, 600, "create");
    struct s_script s = {st, 2, NULL, 0, false, NULL};
    int rc = s_run(&k, &s, s_available, NULL);
    bool read_failed = kit_diag_has(&k.diags, "Read failed");
    size_t n_diags = k.diags.n;
    kit_op_clean_up(&k);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(s.polls, 2);
    ASSERT_TRUE(read_failed);
    ASSERT_INT_EQ(n_diags, 1);
}

GC_TEST_MAIN(GC_CASE(decide_table), GC_CASE(wait_reaches_target), GC_CASE(wait_answered_target_needs_no_poll),
             GC_CASE(wait_poll_schedule), GC_CASE(wait_failed_names_status_and_reason), GC_CASE(wait_unexpected_status),
             GC_CASE(wait_until_gone), GC_CASE(wait_deadline_names_what_and_timeout),
             GC_CASE(wait_gone_deadline_says_deleted), GC_CASE(wait_cancelled), GC_CASE(wait_status_error_stops))
