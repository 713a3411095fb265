/* Diagnostic logging to stderr as go-plugin JSON lines (@level, @message, @timestamp, @module and extra
 * key/value pairs), which Terraform re-logs at their level under TF_LOG / TF_LOG_PROVIDER.
 * stdout belongs to the handshake line: nothing here ever writes to it.
 * Never pass a secret as a value: callers redact first (see gc_log_redact). */
#ifndef GC_LOG_H
#define GC_LOG_H

enum gc_log_level {
    GC_LOG_TRACE = 0,
    GC_LOG_DEBUG = 1,
    GC_LOG_INFO = 2,
    GC_LOG_WARN = 3,
    GC_LOG_ERROR = 4,
    GC_LOG_OFF = 5,
};

/* Reads TF_LOG_PROVIDER_GCNET, then TF_LOG_PROVIDER, then TF_LOG, to pick the threshold (default: warn), as
 * terraform-plugin-go does with TF_LOG_PROVIDER_<NAME>. Terraform itself still filters the plugin's lines at
 * TF_LOG_PROVIDER (else TF_LOG): TF_LOG_PROVIDER_GCNET can quieten gcnet, not show more than Terraform lets
 * through. Safe to call more than once. */
void gc_log_init(void);
void gc_log_set_level(enum gc_log_level level);
int gc_log_enabled(enum gc_log_level level);
void gc_log(enum gc_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A message plus extra fields: `kv` is a NULL-terminated list of key, value string pairs. */
void gc_log_fields(enum gc_log_level level, const char *message, const char *const *kv);

/* Every line written by this thread until gc_log_context_end carries tf_req_id (a fresh UUID), tf_rpc and
 * tf_resource_type (omitted when empty), as the AWS provider's lines do; every line carries tf_provider_addr. */
void gc_log_context_begin(const char *rpc, const char *resource_type);
void gc_log_context_end(void);
/* The calling thread's context, carried into a helper thread (framework/gc_parallel.h's workers) so that the AWS
 * calls it makes for the RPC carry the RPC's tf_req_id: gc_log_context_copy, then gc_log_context_set there. */
struct gc_log_context {
    char req_id[37];
    char rpc[64];
    char resource_type[96];
};
void gc_log_context_copy(struct gc_log_context *out);
void gc_log_context_set(const struct gc_log_context *ctx);
/* The current request id ("" outside an RPC). */
const char *gc_log_context_req_id(void);

#define GC_TRACE(...) gc_log(GC_LOG_TRACE, __VA_ARGS__)
#define GC_DEBUG(...) gc_log(GC_LOG_DEBUG, __VA_ARGS__)
#define GC_INFO(...) gc_log(GC_LOG_INFO, __VA_ARGS__)
#define GC_WARN(...) gc_log(GC_LOG_WARN, __VA_ARGS__)
#define GC_ERROR(...) gc_log(GC_LOG_ERROR, __VA_ARGS__)

#endif
