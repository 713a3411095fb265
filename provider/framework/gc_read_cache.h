/* Reads shared by the resources of one hub within one Terraform command (issue 9 §3).
 *
 * A refresh of 1,000 ASP connections on one hub reads, for each connection, the same TGW, the same route tables,
 * the same ops VPC and the same lists of attachments and propagations. The cache keeps the answer of each such
 * filtered, paged Describe once per provider process (one process serves one Terraform command): the first reader
 * of a key runs the call, readers of the same key that come meanwhile wait for that one call, and later readers
 * get the kept document. Requests per refresh then grow by pages, not by resources.
 *
 * Never reused across a write: every write bumps a generation (gc_read_cache_bump, which the framework calls
 * at the end of each ApplyResourceChange, plus the AWS client's count of operations that are not reads, see
 * gc_aws_op_is_read), and a document filled in an older generation is never handed out; a fill that a write
 * overtook serves only the readers that were waiting on it. Errors are not kept: a reader whose fill failed gets
 * the error, and a reader that waited on it runs the call itself.
 *
 *     json_t *atts = NULL;
 *     struct gc_aws_error err = {0};
 *     json_t *in = json_pack("{s:[{s:s, s:[s]}], s:i}", "Filters", "Name", "transit-gateway-id", "Values", tgw_id,
 *                            "MaxResults", 1000);
 *     if (gc_read_cache_call_all(op, tgw_id, &gc_op_ec2_describe_transit_gateway_attachments, in, &atts, &err))
 *         gc_op_aws_error(op, &err);   // ... then json_decref(atts): a shared document, read it, never change it
 *
 * Waits (gc_wait.h polls) must not read through the cache: a poll repeats a read with no write between, and would
 * see the same answer for ever. Thread-safe; documents handed out are shared and must only be read. */
#ifndef GC_READ_CACHE_H
#define GC_READ_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_model.h"
#include "framework/gc_op.h"

struct gc_read_cache;

/* A new, empty cache. `writes` (may be NULL) is the client whose count of write operations is part of the
 * generation (gc_aws_client_write_count). NULL when memory ran out. */
struct gc_read_cache *gc_read_cache_new(const struct gc_aws_client *writes);
void gc_read_cache_free(struct gc_read_cache *cache);

/* A write happened (or is about to): nothing filled before is handed out after. Accepts NULL. */
void gc_read_cache_bump(struct gc_read_cache *cache);

/* Runs one read: 0 and an owned *doc, or -1 with *err filled (and *doc NULL). */
typedef int gc_read_cache_fill_fn(void *arg, json_t **doc, struct gc_aws_error *err);

/* The document of (scope, kind): the kept one of the current generation, or the one a fill in progress for this
 * generation yields, or a new fill's. On success *doc is a new reference to a shared document (json_decref it; do
 * not change it). On failure -1, *doc NULL, *err the fill's error. `cache` NULL, or a key that cannot be stored
 * for want of memory, calls `fill` directly. */
int gc_read_cache_get(struct gc_read_cache *cache, const char *scope, const char *kind, gc_read_cache_fill_fn *fill,
                      void *arg, json_t **doc, struct gc_aws_error *err);

/* As gc_read_cache_get, for a fact that this process's own writes do not change (such as which route tables a VPC
 * has: gcnet adds and removes routes, never tables): the first document filled is handed out for the rest of the
 * process (one Terraform command), whatever is written meanwhile; errors are not kept. A change made outside the
 * process meanwhile is not seen: use it only where the next command's fresh read repairs that. A key is either kept
 * or not: do not mix the two calls on one (scope, kind). */
int gc_read_cache_get_kept(struct gc_read_cache *cache, const char *scope, const char *kind,
                           gc_read_cache_fill_fn *fill, void *arg, json_t **doc, struct gc_aws_error *err);

/* gc_aws_op_call_all through the cache of op->provider (none: a direct call), keyed by (scope, the operation and
 * its input). Same contract as gc_aws_op_call_all, except that *output is shared: read it, then json_decref. */
int gc_read_cache_call_all(struct gc_op *op, const char *scope, const struct gc_aws_op_def *def, const json_t *input,
                           json_t **output, struct gc_aws_error *err);

/* As gc_read_cache_call_all, but never calls AWS: true with *output (shared: read it, then json_decref) when the
 * cache holds an answer that gc_read_cache_call_all would hand out now, or a fill in progress yields one (it is
 * waited for); false with *output NULL when gc_read_cache_call_all would call (nothing kept, only an older
 * generation's, no cache). For a reader that can ask a narrower question when the whole answer is not at hand. */
bool gc_read_cache_peek_all(struct gc_op *op, const char *scope, const struct gc_aws_op_def *def, const json_t *input,
                            json_t **output);

/* True while nothing has been written through this provider process (no bump, no write operation): a plan or a
 * refresh. Reading a whole list to find one item pays only then (the list serves every resource of the hub); once
 * a process writes, each write makes the lists stale, and a resource is better read by its id. False without a
 * cache (op->provider NULL or without one). */
bool gc_read_cache_read_only(const struct gc_op *op);

/* What a cache did so far (for tests and the benchmark's log line). */
struct gc_read_cache_stats {
    uint64_t fills;  /* fills started */
    uint64_t hits;   /* documents handed out without a fill */
    uint64_t waits;  /* readers that waited on another reader's fill */
    uint64_t stale;  /* fills whose document a write overtook */
    uint64_t direct; /* reads not cached (no memory for the key) */
};
void gc_read_cache_get_stats(struct gc_read_cache *cache, struct gc_read_cache_stats *out);

#endif
