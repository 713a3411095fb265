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

/* Full-jitter backoff before retry number `attempt` (1-based: after the first failure): a value in
 * [0, min(cap, base * 2^(attempt-1))]. `random` is a uniformly distributed 32-bit value. */
long gc_retry_backoff_ms(int attempt, uint32_t random, long base_ms, long cap_ms);

#endif
