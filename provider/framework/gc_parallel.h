/* Independent steps of one operation, run at once. A real region answers each request in tens of milliseconds, so
 * a refresh that makes its independent calls one after another pays every round trip in turn (issue 9 §2).
 *
 * Each step runs with a copy of the operation whose diagnostics are its own list; when every step has ended, those
 * lists are appended to the operation's diagnostics in step order, so what the user sees does not depend on which
 * step finished first. Steps must write disjoint data (each its own fields, or a lock of their own). The AWS client
 * is shared as it is between Terraform's concurrent calls (gc_aws.h: thread-safe). */
#ifndef GC_PARALLEL_H
#define GC_PARALLEL_H

#include <stddef.h>

#include "framework/gc_op.h"

/* At most this many steps in one run (the hub's widest level is its 16 routing domains). */
#define GC_PARALLEL_MAX_STEPS 64
/* At most this many threads in one run, the calling thread included: a hub's refresh makes its 10 reads in one
 * round, the resolver's is 12 requests for its default four endpoints (gc_dns_load_known), and a step left for a
 * second wave costs a round trip. */
#define GC_PARALLEL_MAX_THREADS 16
/* At most this many helper threads (the callers' own threads not counted) at once in the whole process. One
 * resource's run gets its GC_PARALLEL_MAX_THREADS; when Terraform runs ten resources' RPCs at once, their nested runs
 * held 40-50 threads (many waiting for a read-cache fill another thread makes), each with 16-44 KiB of stack and a
 * share of a malloc arena resident: the whole network's process (hub, link, 10 connections) peaked at 20.0 MiB; with
 * two malloc arenas (main.c), 19.1 MiB with 24 here and 18.9 MiB with 16 (issue 9 section 4, README "Start-up and
 * memory"). A run that finds the budget spent starts fewer threads and its calling thread runs what is left, so two
 * resources refreshed at once whose rounds need more than this (the hub's 9 helpers and the resolver's 11) may wait
 * one more round trip for the rest. */
#define GC_PARALLEL_MAX_HELPERS 16

/* One step: returns 0, or -1 with an error diagnostic on op->diags (one is added for a step that forgets). */
typedef int gc_parallel_fn(struct gc_op *op, void *arg);

struct gc_parallel_step {
    gc_parallel_fn *fn;
    void *arg;
};

/* Runs steps[0..n) concurrently and waits for all of them. A failed step does not stop the others (they are
 * independent; the caller decides what a failure means). Once the operation is cancelled (StopProvider) no further
 * step starts: one "Operation cancelled" error stands for the steps not run; running steps see the cancellation
 * themselves (the AWS client stops retrying, waits end). When no thread can be started, or the process's helper
 * budget (GC_PARALLEL_MAX_HELPERS) is spent, the calling thread runs the steps no helper takes, in order. Returns 0
 * when every step ran and returned 0, else -1. n > GC_PARALLEL_MAX_STEPS is a caller's error (an error diagnostic,
 * nothing run). */
int gc_parallel_run(struct gc_op *op, const struct gc_parallel_step *steps, size_t n);

/* Test seam: at most `threads` threads per run; 1 runs every step in order on the calling thread (deterministic
 * allocation counts and request order for tests that need them). 0 restores GC_PARALLEL_MAX_THREADS. */
void gc_parallel_set_width(size_t threads);
/* Test seam: the process-wide budget of helper threads; 0 restores GC_PARALLEL_MAX_HELPERS. */
void gc_parallel_set_helpers(size_t helpers);

#endif
