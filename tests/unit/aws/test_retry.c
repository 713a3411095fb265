/* gc_retry: which failures retry, backoff bounds, attempt cap. */
#include "aws/gc_retry.h"
#include "gc_test.h"

GC_TEST(decision_table)
{
    static const struct {
        long status;
        const char *code;
        int attempt;
        int max_retries;
        int want;
    } cases[] = {
        {503, NULL, 1, 3, 1},
        {500, "InternalError", 1, 3, 1},
        {502, NULL, 1, 3, 1},
        {504, NULL, 1, 3, 1},
        {429, NULL, 1, 3, 1},
        {0, NULL, 1, 3, 1},                                   /* transport error */
        {400, "RequestLimitExceeded", 1, 3, 1},               /* EC2 throttling */
        {503, "EC2ThrottledException", 2, 3, 1},
        {400, "ThrottlingException", 1, 3, 1},                /* JSON services */
        {400, "Throttling", 1, 3, 1},                         /* Route 53 / STS */
        {400, "PriorRequestNotComplete", 1, 3, 1},
        {400, "TooManyRequestsException", 1, 3, 1},
        {400, "LimitExceededException", 3, 3, 1},
        {400, "IDPCommunicationError", 1, 3, 1},
        {408, "RequestTimeout", 1, 3, 1},
        {400, "InvalidParameterValue", 1, 3, 0},
        {400, "InvalidTransitGatewayID.NotFound", 1, 3, 0},
        {403, "AccessDenied", 1, 3, 0},
        {404, "HTTP 404", 1, 3, 0},
        {400, "throttling", 1, 3, 0},                          /* codes are case-sensitive */
        {200, NULL, 1, 3, 0},
        {503, NULL, 4, 3, 0},                                 /* cap reached */
        {503, NULL, 1, 0, 0},                                 /* no retries allowed */
        {0, NULL, 1, -1, 0},
        {503, NULL, 25, 25, 1},
        {503, NULL, 26, 25, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = gc_retry_should_retry(cases[i].status, cases[i].code, cases[i].attempt, cases[i].max_retries);
        if ((int)got != cases[i].want)
            printf("# case %zu: status %ld code %s attempt %d/%d\n", i, cases[i].status,
                   cases[i].code ? cases[i].code : "-", cases[i].attempt, cases[i].max_retries);
        ASSERT_INT_EQ(got, cases[i].want);
    }
}

/* A reached quota is not throttling where the service says so (Route 53 Resolver's endpoint quota was retried for
 * about three minutes before its error showed). */
GC_TEST(quota_codes_by_service)
{
    static const struct {
        const char *service;
        const char *code;
        int want;
    } cases[] = {
        {"route53resolver", "LimitExceededException", 1},
        {"acmpca", "LimitExceededException", 1},
        {"route53resolver", "ThrottlingException", 0},
        {"ec2", "LimitExceededException", 0}, /* elsewhere it is throttling, as botocore treats it */
        {"ram", "LimitExceededException", 0},
        {"route53resolver", NULL, 0},
        {NULL, "LimitExceededException", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = gc_retry_is_quota_code(cases[i].service, cases[i].code);
        if ((int)got != cases[i].want)
            printf("# case %zu: %s %s\n", i, cases[i].service ? cases[i].service : "-",
                   cases[i].code ? cases[i].code : "-");
        ASSERT_INT_EQ(got, cases[i].want);
    }
}

GC_TEST(non_idempotent_operations_retry_only_throttling)
{
    static const struct {
        const char *operation;
        long status;
        const char *code;
        int want;
    } cases[] = {
        {"DescribeTransitGateways", 500, "InternalError", 1},
        {"DescribeTransitGateways", 0, "RequestError", 1},
        {"CreateTransitGateway", 500, "InternalError", 0},       /* may have been created: look it up instead */
        {"CreateTransitGateway", 0, "RequestError", 0},          /* the answer may be lost after AWS acted */
        {"CreateTransitGateway", 503, "RequestLimitExceeded", 1}, /* refused before anything happened */
        {"CreateVpc", 503, NULL, 0},
        {"CreateSubnet", 400, "RequestLimitExceeded", 1},
        {"CreateTransitGatewayRouteTable", 503, "RequestLimitExceeded", 1},
        {"CreateTransitGatewayVpcAttachment", 502, NULL, 0},
        {"CreateResourceShare", 500, NULL, 1},                   /* has a clientToken */
        {"CreateTransitGateway", 400, "InvalidParameterValue", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = gc_retry_should_retry_operation(cases[i].operation, cases[i].status, cases[i].code, 1, 3);
        if ((int)got != cases[i].want)
            printf("# case %zu: %s %ld %s\n", i, cases[i].operation, cases[i].status,
                   cases[i].code ? cases[i].code : "-");
        ASSERT_INT_EQ(got, cases[i].want);
    }
    ASSERT_FALSE(gc_retry_operation_is_idempotent("CreateTransitGateway"));
    ASSERT_FALSE(gc_retry_operation_is_idempotent("CreateCustomerGateway"));
    ASSERT_FALSE(gc_retry_operation_is_idempotent("CreateVpnConnection"));
    ASSERT_FALSE(gc_retry_operation_is_idempotent("CreateDirectConnectGatewayAssociationProposal"));
    ASSERT_TRUE(gc_retry_operation_is_idempotent("DeleteTransitGateway"));
    ASSERT_TRUE(gc_retry_operation_is_idempotent(NULL));
}

GC_TEST(backoff_bounds)
{
    static const uint32_t randoms[] = {0, 1, 99, 100, 12345, 0x7fffffffu, 0xffffffffu};
    for (int attempt = 1; attempt <= 40; attempt++) {
        long ceiling = GC_RETRY_BASE_MS;
        for (int i = 1; i < attempt && ceiling < GC_RETRY_CAP_MS; i++)
            ceiling *= 2;
        if (ceiling > GC_RETRY_CAP_MS)
            ceiling = GC_RETRY_CAP_MS;
        for (size_t k = 0; k < sizeof randoms / sizeof randoms[0]; k++) {
            long ms = gc_retry_backoff_ms(attempt, randoms[k], GC_RETRY_BASE_MS, GC_RETRY_CAP_MS);
            ASSERT_TRUE(ms >= 0);
            ASSERT_TRUE(ms <= ceiling);
        }
    }
    /* full jitter reaches the ceiling and zero */
    ASSERT_INT_EQ(gc_retry_backoff_ms(1, 100, 100, 20000), 100);
    ASSERT_INT_EQ(gc_retry_backoff_ms(1, 101, 100, 20000), 0);
    ASSERT_INT_EQ(gc_retry_backoff_ms(3, 400, 100, 20000), 400);
    ASSERT_INT_EQ(gc_retry_backoff_ms(30, 20000, 100, 20000), 20000);
    ASSERT_INT_EQ(gc_retry_backoff_ms(1000, 0xffffffffu, 100, 20000), 0xffffffffu % 20001);
}

GC_TEST(unreachable_gets_two_quick_retries)
{
    static const struct {
        int attempt;
        int max_retries;
        int want;
    } cases[] = {
        {1, 25, 1}, {2, 25, 1}, {3, 25, 0}, /* GC_RETRY_UNREACHABLE_MAX (2) retries, not 25 */
        {1, 1, 1},  {2, 1, 0},              /* a lower max_retries wins */
        {1, 0, 0},  {0, 25, 0}, {1, -1, 0},
    };
    ASSERT_INT_EQ(GC_RETRY_UNREACHABLE_MAX, 2);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = gc_retry_should_retry_unreachable(cases[i].attempt, cases[i].max_retries);
        if ((int)got != cases[i].want)
            printf("# case %zu: attempt %d/%d\n", i, cases[i].attempt, cases[i].max_retries);
        ASSERT_INT_EQ(got, cases[i].want);
    }
    /* the waits stay short: at most the cap per retry */
    long total = 0;
    for (int attempt = 1; attempt <= GC_RETRY_UNREACHABLE_MAX; attempt++)
        total += gc_retry_backoff_ms(attempt, 0xffffffffu, GC_RETRY_UNREACHABLE_BASE_MS, GC_RETRY_UNREACHABLE_CAP_MS);
    ASSERT_TRUE(total <= GC_RETRY_UNREACHABLE_MAX * GC_RETRY_UNREACHABLE_CAP_MS);
    ASSERT_TRUE(GC_RETRY_UNREACHABLE_MAX * GC_RETRY_UNREACHABLE_CAP_MS <= 5000);
}

GC_TEST(classifiers)
{
    ASSERT_TRUE(gc_retry_is_throttling_code("SlowDown"));
    ASSERT_TRUE(gc_retry_is_throttling_code("BandwidthLimitExceeded"));
    ASSERT_FALSE(gc_retry_is_throttling_code(NULL));
    ASSERT_FALSE(gc_retry_is_throttling_code(""));
    ASSERT_FALSE(gc_retry_is_throttling_code("Throttlin"));
    ASSERT_TRUE(gc_retry_is_retryable_status(429));
    ASSERT_FALSE(gc_retry_is_retryable_status(501));
    ASSERT_FALSE(gc_retry_is_retryable_status(400));
}

/* The adaptive mode's limiter, step by step on a given clock: each row is one event and what it must give. */
GC_TEST(adaptive_rate_limiter)
{
    enum { ACQUIRE, THROTTLED, SUCCEEDED };
    static const struct {
        int event;
        int64_t now_ms;
        long want_wait_ms; /* ACQUIRE only */
        double want_per_s; /* after the event; 0: no limit */
    } steps[] = {
        {ACQUIRE, 0, 0, 0},          /* no limit until AWS throttles */
        {SUCCEEDED, 0, 0, 0},        /* successes alone change nothing */
        {THROTTLED, 1000, 0, 5.0},   /* the first throttle: 5 per second, the next turn 200 ms away */
        {ACQUIRE, 1000, 200, 5.0},   /* waits for it, and takes it */
        {ACQUIRE, 1000, 400, 5.0},   /* the one after waits a turn more */
        {THROTTLED, 1100, 0, 2.5},   /* halved */
        {ACQUIRE, 2000, 0, 2.5},     /* its turn (1600 ms) has passed: no wait */
        {ACQUIRE, 2000, 400, 2.5},   /* 1000 / 2.5 */
        {THROTTLED, 2000, 0, 1.25},  /* halved */
        {THROTTLED, 2000, 0, 0.625}, /* halved */
        {THROTTLED, 2000, 0, 0.5},   /* not below the floor */
        {SUCCEEDED, 2000, 0, 1.5},   /* one more per second per success */
    };
    struct gc_retry_rate r = {0};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        long waited = 0;
        if (steps[i].event == ACQUIRE)
            waited = gc_retry_rate_acquire(&r, steps[i].now_ms);
        else if (steps[i].event == THROTTLED)
            gc_retry_rate_throttled(&r, steps[i].now_ms);
        else
            gc_retry_rate_succeeded(&r);
        printf("# step %zu: waited %ld, %.3f per s%s\n", i, waited, r.per_s, r.limited ? "" : " (no limit)");
        ASSERT_INT_EQ(waited, steps[i].want_wait_ms);
        ASSERT_INT_EQ(r.limited, steps[i].want_per_s > 0);
        if (steps[i].want_per_s > 0)
            ASSERT_INT_EQ((long)(r.per_s * 1000), (long)(steps[i].want_per_s * 1000));
    }
    /* enough successes lift the limit */
    for (int i = 0; i < 100 && r.limited; i++)
        gc_retry_rate_succeeded(&r);
    ASSERT_FALSE(r.limited);
    ASSERT_INT_EQ(gc_retry_rate_acquire(&r, 5000), 0);
}

GC_TEST_MAIN(GC_CASE(decision_table), GC_CASE(adaptive_rate_limiter), GC_CASE(quota_codes_by_service), GC_CASE(non_idempotent_operations_retry_only_throttling), GC_CASE(backoff_bounds),
             GC_CASE(unreachable_gets_two_quick_retries), GC_CASE(classifiers))
