/* Retry decisions and backoff for AWS calls: pure functions, no clock, no I/O (botocore's standard-mode throttling
 * codes, 5xx/429 and connection errors are transient, exponential backoff with jitter, bounded attempts). */
#ifndef GC_RETRY_H
#define GC_RETRY_H

#include <stdbool.h>
#include <stdint.h>

#define GC_RETRY_BASE_MS 100L
#define GC_RETRY_CAP_MS 20000L
/* An endpoint that cannot be reached (its name does not resolve, it refuses connections) is not throttling:
 * waiting minutes will not fix it. A couple of quick retries cover a blip, then the call fails. */
#define GC_RETRY_UNREACHABLE_MAX 2
#define GC_RETRY_UNREACHABLE_BASE_MS 250L
#define GC_RETRY_UNREACHABLE_CAP_MS 1000L

/* One of the throttling codes of botocore's standard retry mode. */
bool gc_retry_is_throttling_code(const char *code);
/* Transient error codes that are not throttling (RequestTimeout, IDPCommunicationError, ...). */
bool gc_retry_is_transient_code(const char *code);
/* 429, 500, 502, 503, 504. */
bool gc_retry_is_retryable_status(long http_status);

/* Should a failed attempt be retried? `http_status` 0 means a transport error (always retryable);
 * `code` may be NULL. `attempt` is the 1-based number of the attempt that just failed; `max_retries` the
 * number of retries allowed after the first attempt. */
bool gc_retry_should_retry(long http_status, const char *code, int attempt, int max_retries);

/* Is `code` a service quota reached rather than throttling? Route 53 Resolver and ACM PCA name a quota
 * "LimitExceededException" (their throttling is "ThrottlingException"), while other services use that name for
 * throttling; a reached quota stays reached, so it is not retried. `service_key` as gc_aws_service_key(). */
bool gc_retry_is_quota_code(const char *service_key, const char *code);

/* Should an attempt that could not reach its endpoint be retried? At most GC_RETRY_UNREACHABLE_MAX times (fewer
 * when max_retries is lower), for any operation: the request never left this machine, so sending a
 * non-idempotent create again cannot make a second object. Back off with GC_RETRY_UNREACHABLE_BASE_MS/_CAP_MS. */
bool gc_retry_should_retry_unreachable(int attempt, int max_retries);

/* False for operations that create an object and take no idempotency token (CreateTransitGateway, CreateVpc,
 * ...): sending one again after its answer was lost may create a second object. */
bool gc_retry_operation_is_idempotent(const char *operation);

/* gc_retry_should_retry for a named operation: a non-idempotent one is retried only on throttling, where AWS
 * refused the request before doing anything; a 5xx or a lost answer is left to the caller, who can look the
 * object up (gcnet tags each such object with a create token). */
bool gc_retry_should_retry_operation(const char *operation, long http_status, const char *code, int attempt,
                                     int max_retries);

/* The client-side rate limiter of the adaptive retry mode (as the AWS SDKs' "adaptive" mode, simplified): a
 * throttling answer halves the rate at which the client sends, every success raises it by one request per second,
 * and while a rate applies each send waits for its turn; once the rate is back at GC_RETRY_RATE_FREE the limit is
 * lifted. Pure: the caller passes the time and keeps the state under its own lock. A zeroed struct: no limit. */
#define GC_RETRY_RATE_START 5.0 /* requests per second after the first throttling answer */
#define GC_RETRY_RATE_MIN 0.5
#define GC_RETRY_RATE_FREE 50.0

struct gc_retry_rate {
    bool limited;
    double per_s;    /* sends per second allowed while limited */
    int64_t next_ms; /* the earliest time the next send may go */
};

/* Milliseconds to wait before a send at `now_ms`; the send's turn is taken (0: send now). */
long gc_retry_rate_acquire(struct gc_retry_rate *r, int64_t now_ms);
/* A throttling answer arrived at `now_ms`: limit, or halve the limit (not below GC_RETRY_RATE_MIN). */
void gc_retry_rate_throttled(struct gc_retry_rate *r, int64_t now_ms);
/* A success: one more request per second, and no limit from GC_RETRY_RATE_FREE on. */
void gc_retry_rate_succeeded(struct gc_retry_rate *r);

/* Full-jitter backoff before retry number `attempt` (1-based: after the first failure): a value in
 * [0, min(cap, base * 2^(attempt-1))]. `random` is a uniformly distributed 32-bit value. */
long gc_retry_backoff_ms(int attempt, uint32_t random, long base_ms, long cap_ms);

#endif
