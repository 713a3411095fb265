/* One fake AWS for unit tests: a struct gc_http_transport that identifies each request's (service, operation)
 * with the generated operation tables (aws/gc_aws_ops.h) and answers it as the test said.
 *
 *   - The service comes from the SigV4 credential scope of the Authorization header; the operation from
 *     `Action=` in the form body (EC2, query), the X-Amz-Target suffix (JSON), or the method and the path
 *     matched against the op's request_uri template (REST: `{Label}` matches one segment, `{Label+}` the rest).
 *   - Answers are registered per operation (its struct gc_aws_op_def): a fixture file (read at registration,
 *     relative to the working directory), a literal body, or a handler (stateful answers).
 *   - Faults: an operation answers a given status and body (or a transport error) N times; or every answer of
 *     an operation is turned hostile (fake_hostile.h).
 *   - Every call is recorded (service, operation, method, URL, body, status). A request the tables do not know,
 *     or an operation without an answer, gets a 400 with the protocol's error shape and counts as unanswered.
 *
 * Thread-safe: every entry point takes the world's (recursive) lock, and handlers run under it, so a handler
 * may keep its state without a lock of its own and may call back into the world. The world's own allocations
 * are not counted by the allocation-failure mode (fake_alloc.h). */
#ifndef FAKE_WORLD_H
#define FAKE_WORLD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_ops.h"
#include "fake_hostile.h"

struct fw_world;

/* One request as the fake saw it. */
struct fw_request {
    enum gc_aws_service service;     /* GC_SVC_COUNT: no credential scope the fake knows */
    const struct gc_aws_op_def *op;  /* NULL: not identified */
    const char *operation;           /* op->name, or "?" */
    const char *method;
    const char *url;
    const char *body; /* NUL-terminated copy */
    int call_no;      /* 1 for the operation's first call, ... */
};

/* A stateful answer: the body of a 200 (malloc'd; the world frees it), or NULL for "no answer". A text
 * "!<status> <body>" (e.g. "!400 {\"__type\": ...}") answers that status and body instead: an AWS error that
 * depends on the world's state (not found after a delete, not authorised). */
typedef char *fw_handler_fn(void *ctx, const struct fw_request *req);

/* For the handlers of the JSON protocols: the request body as a document ({} when it is empty or not JSON),
 * the text of an answer document (the document is taken; NULL for NULL), and a string member (NULL if none). */
json_t *fw_json_body(const struct fw_request *req);
char *fw_json_answer(json_t *doc);
const char *fw_json_str(const json_t *doc, const char *key);

/* One line of an answer table: exactly one of file, body, handler. */
struct fw_answer {
    const struct gc_aws_op_def *op;
    const char *file;
    const char *body;
    fw_handler_fn *handler;
};

struct fw_call {
    enum gc_aws_service service;
    const struct gc_aws_op_def *op; /* NULL: unknown */
    const char *operation;          /* op->name, or "?" */
    char *method;
    char *url;
    char *body;
    long status; /* 0: transport error */
    bool answered; /* false: unknown request or no answer registered */
};

int fw_world_new(struct fw_world **out);
void fw_world_destroy(struct fw_world *world); /* accepts NULL */
/* The transport to give gc_aws_client_set_transport; valid while the world lives. */
struct gc_http_transport fw_world_transport(struct fw_world *world);

/* ---- answers (a later registration for the same operation replaces the earlier one) ---- */
int fw_answer_file(struct fw_world *world, const struct gc_aws_op_def *op, const char *file);
int fw_answer_body(struct fw_world *world, const struct gc_aws_op_def *op, const char *body);
int fw_answer_handler(struct fw_world *world, const struct gc_aws_op_def *op, fw_handler_fn *handler, void *ctx);
/* Registers a whole table; handlers get `ctx`. */
int fw_answer_table(struct fw_world *world, const struct fw_answer *answers, size_t n, void *ctx);

/* ---- faults ---- */
/* The next `times` calls of `op` answer `status` with `body` (status 0: a transport error; body NULL: empty). */
int fw_fail(struct fw_world *world, const struct gc_aws_op_def *op, long status, const char *body, int times);
/* Every call of `op` (or its first v->max_calls) answers the hostile variant of its normal answer. */
int fw_hostile(struct fw_world *world, const struct gc_aws_op_def *op, const struct fh_variant *variant);
/* More calls than this in total fail with a transport error and mark the world runaway (default 8000). */
void fw_set_call_limit(struct fw_world *world, int limit);

/* ---- the record (read it when no call is in flight) ---- */
size_t fw_n_calls(const struct fw_world *world);
const struct fw_call *fw_call_at(const struct fw_world *world, size_t i);
/* Calls of `op` so far (including failed and hostile ones). */
int fw_count(const struct fw_world *world, const struct gc_aws_op_def *op);
/* Calls that were answered with the fault of fw_fail. */
int fw_n_failed(const struct fw_world *world);
/* Calls the fake could not answer (unknown request or no registered answer). */
int fw_n_unanswered(const struct fw_world *world);
bool fw_runaway(const struct fw_world *world);
/* The operations that got a normal answer, in the order of their first call, and that first answer. */
size_t fw_n_seen(const struct fw_world *world);
const struct gc_aws_op_def *fw_seen_at(const struct fw_world *world, size_t i);
const char *fw_sample(const struct fw_world *world, const struct gc_aws_op_def *op);

/* ---- identification (exported for its own tests) ---- */
/* The service of a SigV4 Authorization header value, or GC_SVC_COUNT. */
enum gc_aws_service fw_service_of(const char *authorization);
/* The operation of a request to `service`, or NULL. */
const struct gc_aws_op_def *fw_identify(enum gc_aws_service service, const struct gc_http_request *req);
/* Whether `path` (no query) matches a request_uri template (its own query part, if any, is ignored). */
bool fw_uri_matches(const char *template_uri, const char *path);
/* The operation of the tables by service and name, or NULL. */
const struct gc_aws_op_def *fw_op_find(enum gc_aws_service service, const char *name);

#endif
