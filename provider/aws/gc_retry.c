/* Retry decisions and backoff (see gc_retry.h). */
#include "aws/gc_retry.h"

#include <stddef.h>
#include <string.h>

static const char *const s_throttling_codes[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

static const char *const s_transient_codes[] = {
    "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
    "InternalError",  "InternalFailure",         "ServiceUnavailable",
};

static bool s_in(const char *code, const char *const *list, size_t n)
{
    if (!code || !*code)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(code, list[i]) == 0)
            return true;
    }
    return false;
}

bool gc_retry_is_throttling_code(const char *code)
{
    return s_in(code, s_throttling_codes, sizeof s_throttling_codes / sizeof s_throttling_codes[0]);
}

bool gc_retry_is_transient_code(const char *code)
{
    return s_in(code, s_transient_codes, sizeof s_transient_codes / sizeof s_transient_codes[0]);
}

bool gc_retry_is_quota_code(const char *service_key, const char *code)
{
    static const char *const quota_services[] = {"route53resolver", "acmpca"};
    return service_key && code && strcmp(code, "LimitExceededException") == 0 &&
           s_in(service_key, quota_services, sizeof quota_services / sizeof quota_services[0]);
}

bool gc_retry_is_retryable_status(long http_status)
{
    return http_status == 429 || http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504;
}

bool gc_retry_should_retry(long http_status, const char *code, int attempt, int max_retries)
{
    if (max_retries < 0)
        max_retries = 0;
    if (attempt < 1 || attempt > max_retries)
        return false;
    if (http_status == 0)
        return true;
    if (http_status >= 200 && http_status < 300)
        return false;
    return gc_retry_is_retryable_status(http_status) || gc_retry_is_throttling_code(code) ||
           gc_retry_is_transient_code(code);
}

bool gc_retry_should_retry_unreachable(int attempt, int max_retries)
{
    int allowed = max_retries < GC_RETRY_UNREACHABLE_MAX ? max_retries : GC_RETRY_UNREACHABLE_MAX;
    return attempt >= 1 && attempt <= allowed;
}

/* Creates without a ClientToken/CreatorRequestId/IdempotencyToken field: after an ambiguous failure (timeout,
 * 5xx) a retry could make a second object. */
static const char *const s_non_idempotent_operations[] = {
    "AssociateResolverRule",
    "CreateCustomerGateway",
    "CreateDirectConnectGatewayAssociationProposal",
    "CreateSubnet",
    "CreateTransitGateway",
    "CreateTransitGatewayPeeringAttachment",
    "CreateTransitGatewayRouteTable",
    "CreateTransitGatewayVpcAttachment",
    "CreateVpc",
    "CreateVpnConnection",
};

bool gc_retry_operation_is_idempotent(const char *operation)
{
    return !s_in(operation, s_non_idempotent_operations,
                 sizeof s_non_idempotent_operations / sizeof s_non_idempotent_operations[0]);
}

bool gc_retry_should_retry_operation(const char *operation, long http_status, const char *code, int attempt,
                                     int max_retries)
{
    if (!gc_retry_should_retry(http_status, code, attempt, max_retries))
        return false;
    return gc_retry_operation_is_idempotent(operation) || gc_retry_is_throttling_code(code);
}

long gc_retry_backoff_ms(int attempt, uint32_t random, long base_ms, long cap_ms)
{
    if (attempt < 1)
        attempt = 1;
    if (base_ms < 1)
        base_ms = 1;
    if (cap_ms < base_ms)
        cap_ms = base_ms;
    long ceiling = base_ms;
    for (int i = 1; i < attempt && ceiling < cap_ms; i++)
        ceiling *= 2;
    if (ceiling > cap_ms)
        ceiling = cap_ms;
    /* uniform in [0, ceiling] */
    return (long)((uint64_t)random % (uint64_t)(ceiling + 1));
}

long gc_retry_rate_acquire(struct gc_retry_rate *r, int64_t now_ms)
{
    if (!r->limited)
        return 0;
    int64_t turn = r->next_ms > now_ms ? r->next_ms : now_ms;
    r->next_ms = turn + (int64_t)(1000.0 / r->per_s);
    return (long)(turn - now_ms);
}

void gc_retry_rate_throttled(struct gc_retry_rate *r, int64_t now_ms)
{
    if (!r->limited) {
        r->limited = true;
        r->per_s = GC_RETRY_RATE_START;
    } else {
        r->per_s = r->per_s / 2.0 < GC_RETRY_RATE_MIN ? GC_RETRY_RATE_MIN : r->per_s / 2.0;
    }
    int64_t earliest = now_ms + (int64_t)(1000.0 / r->per_s);
    if (r->next_ms < earliest)
        r->next_ms = earliest;
}

void gc_retry_rate_succeeded(struct gc_retry_rate *r)
{
    if (!r->limited)
        return;
    r->per_s += 1.0;
    if (r->per_s >= GC_RETRY_RATE_FREE)
        memset(r, 0, sizeof *r);
}
