/* Independent steps run at once (gc_parallel.h): a tiny pool of threads that take the next step index from one
 * atomic counter; nothing here allocates, so a run cannot fail for want of memory. */
#include "framework/gc_parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "base/gc_log.h"

static atomic_size_t s_width = GC_PARALLEL_MAX_THREADS;
static atomic_size_t s_helper_budget = GC_PARALLEL_MAX_HELPERS;
static atomic_size_t s_helpers; /* helper threads running now, in every run of the process */

struct s_run {
    const struct gc_op *parent;
    struct gc_log_context log; /* the caller's RPC, for the workers' log lines */
    const struct gc_parallel_step *steps;
    size_t n;
    atomic_size_t next;
    struct gc_op ops[GC_PARALLEL_MAX_STEPS];
    struct gc_diags diags[GC_PARALLEL_MAX_STEPS];
    int rcs[GC_PARALLEL_MAX_STEPS];
    bool ran[GC_PARALLEL_MAX_STEPS];
};

void gc_parallel_set_width(size_t threads)
{
    if (threads == 0 || threads > GC_PARALLEL_MAX_THREADS)
        threads = GC_PARALLEL_MAX_THREADS;
    atomic_store(&s_width, threads);
}

void gc_parallel_set_helpers(size_t helpers)
{
    atomic_store(&s_helper_budget, helpers == 0 ? GC_PARALLEL_MAX_HELPERS : helpers);
}

/* Takes one helper from the process's budget; false when it is spent. */
static bool s_helper_take(void)
{
    size_t now = atomic_load(&s_helpers);
    do {
        if (now >= atomic_load(&s_helper_budget))
            return false;
    } while (!atomic_compare_exchange_weak(&s_helpers, &now, now + 1));
    return true;
}

/* Takes steps until none is left; a step taken after cancellation is only marked as not run. */
static void *s_worker(void *arg)
{
    struct s_run *run = arg;
    gc_log_context_set(&run->log);
    for (;;) {
        size_t i = atomic_fetch_add(&run->next, 1);
        if (i >= run->n)
            break;
        if (gc_op_cancelled(run->parent))
            continue;
        run->ran[i] = true;
        run->rcs[i] = run->steps[i].fn(&run->ops[i], run->steps[i].arg);
    }
    return NULL;
}

/* A helper thread: its share of the steps, then its place in the budget goes back (its stack is released as it
 * ends, before the run joins it). */
static void *s_helper_main(void *arg)
{
    s_worker(arg);
    atomic_fetch_sub(&s_helpers, 1);
    return NULL;
}

/* Appends the steps' diagnostics in step order; true when every step ran and succeeded. */
static bool s_collect(struct gc_op *op, struct s_run *run)
{
    bool ok = true;
    bool cancelled_noted = false;
    for (size_t i = 0; i < run->n; i++) {
        if (!run->ran[i]) {
            ok = false;
            if (!cancelled_noted)
                gc_diags_add(op->diags, GC_SEV_ERROR, NULL, "Operation cancelled",
                             "Terraform asked the provider to stop before every step of this %s had run.",
                             op->timeout_kind ? op->timeout_kind : "operation");
            cancelled_noted = true;
            continue;
        }
        if (run->rcs[i] != 0) {
            ok = false;
            if (!gc_diags_has_error(&run->diags[i]))
                gc_diags_add(&run->diags[i], GC_SEV_ERROR, NULL, "Step failed",
                             "One step of this %s failed without saying why; this is a bug in gcnet.",
                             op->timeout_kind ? op->timeout_kind : "operation");
        }
        gc_diags_move(op->diags, &run->diags[i]);
    }
    return ok;
}

int gc_parallel_run(struct gc_op *op, const struct gc_parallel_step *steps, size_t n)
{
    int result = -1;
    struct s_run run;
    pthread_t threads[GC_PARALLEL_MAX_THREADS];
    size_t n_threads = 0;
    if (n > GC_PARALLEL_MAX_STEPS) {
        gc_diags_add(op->diags, GC_SEV_ERROR, NULL, "Internal error",
                     "gcnet tried to run %zu steps at once; at most %d are allowed. This is a bug in gcnet.", n,
                     GC_PARALLEL_MAX_STEPS);
        return -1;
    }
    memset(&run, 0, sizeof run);
    run.parent = op;
    gc_log_context_copy(&run.log);
    run.steps = steps;
    run.n = n;
    atomic_init(&run.next, 0);
    for (size_t i = 0; i < n; i++) {
        gc_diags_init(&run.diags[i]);
        run.ops[i] = *op;
        run.ops[i].diags = &run.diags[i];
        /* a read's private bytes are its own op's (gc_op.h): a step neither sees nor sets them */
        run.ops[i].private_prior = (struct gc_span){0};
        run.ops[i].private_next = (struct gc_private){0};
    }
    size_t width = atomic_load(&s_width);
    size_t want = n < width ? n : width;
    /* the calling thread is one worker; a thread that cannot start (or that the budget does not allow) leaves its
     * share to the others */
    for (size_t t = 0; t + 1 < want && s_helper_take(); t++) {
        if (pthread_create(&threads[n_threads], NULL, s_helper_main, &run) != 0) {
            atomic_fetch_sub(&s_helpers, 1);
            gc_log(GC_LOG_WARN, "parallel: could not start a thread; %zu of %zu run the steps", n_threads + 1, want);
            break;
        }
        n_threads++;
    }
    s_worker(&run);
    for (size_t t = 0; t < n_threads; t++)
        pthread_join(threads[t], NULL);
    if (!s_collect(op, &run))
        goto cleanup;
    result = 0;
cleanup:
    for (size_t i = 0; i < n; i++)
        gc_diags_clean_up(&run.diags[i]);
    return result;
}
