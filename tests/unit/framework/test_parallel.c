/* framework/gc_parallel: steps run at once (proved by steps that can only finish in reverse order), their
 * diagnostics land in step order whatever order they finish in, one failure does not stop the others, a silent
 * failure still gets an error, cancellation stops steps from starting, the serial seam runs them in order on the
 * calling thread, and a run that finds the process's helper budget spent by another run leaves its steps to its
 * calling thread. No clock is read: the waits are on events, with a generous guard against a hang. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "framework/gc_parallel.h"
#include "gc_test.h"
#include "kit_test.h"

#define S_GUARD_S 60

struct s_steps {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t n;
    bool finished[GC_PARALLEL_MAX_STEPS];
    bool reverse;   /* step i waits until every later step has finished */
    long fail_at;   /* this step fails with an error diagnostic (-1: none) */
    long silent_at; /* this step fails without one (-1: none) */
    long cancel_at; /* this step cancels the operation (-1: none) */
    bool hold;      /* every step waits until `released` */
    bool released;
    bool timed_out; /* the reverse wait hit the guard: the steps did not run at once */
    atomic_int ran;
    pthread_t thread[GC_PARALLEL_MAX_STEPS];
    size_t order[GC_PARALLEL_MAX_STEPS];
    size_t n_order;
};

struct s_arg {
    struct s_steps *s;
    size_t index;
};

static bool s_later_finished(const struct s_steps *s, size_t i)
{
    for (size_t k = i + 1; k < s->n; k++)
        if (!s->finished[k])
            return false;
    return true;
}

static int s_step(struct gc_op *op, void *arg)
{
    struct s_arg *a = arg;
    struct s_steps *s = a->s;
    int rc = 0;
    atomic_fetch_add(&s->ran, 1);
    s->thread[a->index] = pthread_self();
    pthread_mutex_lock(&s->lock);
    if (s->reverse) {
        struct timespec guard;
        clock_gettime(CLOCK_REALTIME, &guard);
        guard.tv_sec += S_GUARD_S;
        while (!s_later_finished(s, a->index) && !s->timed_out)
            if (pthread_cond_timedwait(&s->changed, &s->lock, &guard) == ETIMEDOUT)
                s->timed_out = true;
    }
    if (s->hold) {
        struct timespec guard;
        clock_gettime(CLOCK_REALTIME, &guard);
        guard.tv_sec += S_GUARD_S;
        pthread_cond_broadcast(&s->changed); /* `ran` moved: the test waits for every step to hold */
        while (!s->released && !s->timed_out)
            if (pthread_cond_timedwait(&s->changed, &s->lock, &guard) == ETIMEDOUT)
                s->timed_out = true;
    }
    s->order[s->n_order++] = a->index;
    pthread_mutex_unlock(&s->lock);
    gc_diags_warning_at(op->diags, NULL, "step", "step %zu", a->index);
    if ((long)a->index == s->fail_at) {
        gc_diags_error_at(op->diags, NULL, "Step broke", "step %zu broke", a->index);
        rc = -1;
    }
    if ((long)a->index == s->silent_at)
        rc = -1;
    if ((long)a->index == s->cancel_at)
        gc_aws_client_cancel(op->aws);
    pthread_mutex_lock(&s->lock);
    s->finished[a->index] = true;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

static void s_init(struct s_steps *s, size_t n, struct gc_parallel_step *steps, struct s_arg *args)
{
    memset(s, 0, sizeof(*s));
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->changed, NULL);
    s->n = n;
    s->fail_at = s->silent_at = s->cancel_at = -1;
    for (size_t i = 0; i < n; i++) {
        args[i].s = s;
        args[i].index = i;
        steps[i].fn = s_step;
        steps[i].arg = &args[i];
    }
}

static void s_clean_up(struct s_steps *s)
{
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->changed);
}

/* The diagnostics are "step 0", "step 1", ... in step order, with `extra` (an error's detail) after step `at`. */
static bool s_diags_in_step_order(const struct gc_diags *d, size_t n, long at, const char *extra)
{
    size_t k = 0;
    char want[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof want, "step %zu", i);
        if (k >= d->n || !d->items[k].detail || strcmp(d->items[k].detail, want) != 0)
            return false;
        k++;
        if ((long)i == at) {
            if (k >= d->n || !d->items[k].detail || strcmp(d->items[k].detail, extra) != 0)
                return false;
            k++;
        }
    }
    return k == d->n;
}

GC_TEST(steps_run_at_once_and_diagnostics_come_in_step_order)
{
    struct gc_parallel_step steps[GC_PARALLEL_MAX_THREADS];
    struct s_arg args[GC_PARALLEL_MAX_THREADS];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "read");
    s_init(&s, GC_PARALLEL_MAX_THREADS, steps, args);
    s.reverse = true; /* finishing order n-1, ..., 0: only possible when all of them run at once */
    int rc = gc_parallel_run(&k.op, steps, s.n);
    bool ordered = s_diags_in_step_order(&k.diags, s.n, -1, NULL);
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_FALSE(s.timed_out);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(s.order[0], GC_PARALLEL_MAX_THREADS - 1);
    ASSERT_INT_EQ(s.order[GC_PARALLEL_MAX_THREADS - 1], 0);
    ASSERT_TRUE(ordered);
}

GC_TEST(more_steps_than_threads_all_run_once)
{
    struct gc_parallel_step steps[GC_PARALLEL_MAX_STEPS];
    struct s_arg args[GC_PARALLEL_MAX_STEPS];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "read");
    s_init(&s, GC_PARALLEL_MAX_STEPS, steps, args);
    int rc = gc_parallel_run(&k.op, steps, s.n);
    bool ordered = s_diags_in_step_order(&k.diags, s.n, -1, NULL);
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(atomic_load(&s.ran), GC_PARALLEL_MAX_STEPS);
    ASSERT_INT_EQ(s.n_order, GC_PARALLEL_MAX_STEPS);
    ASSERT_TRUE(ordered);
}

GC_TEST(one_failed_step_does_not_stop_the_others)
{
    struct gc_parallel_step steps[12];
    struct s_arg args[12];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "read");
    s_init(&s, 12, steps, args);
    s.fail_at = 3;
    int rc = gc_parallel_run(&k.op, steps, s.n);
    bool ordered = s_diags_in_step_order(&k.diags, s.n, 3, "step 3 broke");
    bool error = gc_diags_has_error(&k.diags);
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(atomic_load(&s.ran), 12);
    ASSERT_TRUE(error);
    ASSERT_TRUE(ordered);
}

GC_TEST(a_silent_failure_gets_an_error)
{
    struct gc_parallel_step steps[4];
    struct s_arg args[4];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "delete");
    s_init(&s, 4, steps, args);
    s.silent_at = 2;
    int rc = gc_parallel_run(&k.op, steps, s.n);
    bool ordered = s_diags_in_step_order(&k.diags, s.n, 2,
                                         "One step of this delete failed without saying why; this is a bug "
                                         "in gcnet.");
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(ordered);
}

GC_TEST(cancellation_stops_steps_from_starting)
{
    struct gc_parallel_step steps[10];
    struct s_arg args[10];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "create");
    s_init(&s, 10, steps, args);
    s.cancel_at = 1;
    gc_parallel_set_width(1); /* in order: steps 0 and 1 run, 1 cancels, 2..9 never start */
    int rc = gc_parallel_run(&k.op, steps, s.n);
    gc_parallel_set_width(0);
    size_t n_diags = k.diags.n;
    bool cancelled = n_diags == 3 && strcmp(k.diags.items[2].summary, "Operation cancelled") == 0 &&
                     k.diags.items[2].severity == GC_SEV_ERROR;
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(atomic_load(&s.ran), 2);
    ASSERT_TRUE(cancelled);
}

GC_TEST(cancelled_before_the_run_starts_nothing)
{
    struct gc_parallel_step steps[5];
    struct s_arg args[5];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "read");
    s_init(&s, 5, steps, args);
    gc_aws_client_cancel(k.aws);
    int rc = gc_parallel_run(&k.op, steps, s.n);
    size_t n_diags = k.diags.n;
    bool cancelled = kit_diag_has(&k.diags, "Operation cancelled");
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(atomic_load(&s.ran), 0);
    ASSERT_INT_EQ(n_diags, 1);
    ASSERT_TRUE(cancelled);
}

GC_TEST(width_one_runs_in_order_on_the_calling_thread)
{
    struct gc_parallel_step steps[6];
    struct s_arg args[6];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "read");
    s_init(&s, 6, steps, args);
    gc_parallel_set_width(1);
    int rc = gc_parallel_run(&k.op, steps, s.n);
    gc_parallel_set_width(0);
    bool same_thread = true;
    for (size_t i = 0; i < s.n; i++)
        same_thread = same_thread && pthread_equal(s.thread[i], pthread_self()) && s.order[i] == i;
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(same_thread);
}

GC_TEST(no_steps_and_too_many_steps)
{
    struct gc_parallel_step steps[GC_PARALLEL_MAX_STEPS + 1];
    struct s_arg args[GC_PARALLEL_MAX_STEPS + 1];
    struct s_steps s;
    struct kit_op k;
    kit_op_init(&k, 600, "read");
    int rc0 = gc_parallel_run(&k.op, NULL, 0);
    size_t n0 = k.diags.n;
    s_init(&s, GC_PARALLEL_MAX_STEPS, steps, args);
    steps[GC_PARALLEL_MAX_STEPS] = steps[0];
    int rc = gc_parallel_run(&k.op, steps, GC_PARALLEL_MAX_STEPS + 1);
    bool internal = kit_diag_has(&k.diags, "Internal error");
    kit_op_clean_up(&k);
    s_clean_up(&s);
    ASSERT_INT_EQ(rc0, 0);
    ASSERT_INT_EQ(n0, 0);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(atomic_load(&s.ran), 0);
    ASSERT_TRUE(internal);
}

struct s_held_run {
    struct s_steps s;
    struct gc_parallel_step steps[3];
    struct s_arg args[3];
    struct kit_op k;
    int rc;
};

static void *s_held_main(void *arg)
{
    struct s_held_run *h = arg;
    h->rc = gc_parallel_run(&h->k.op, h->steps, h->s.n);
    return NULL;
}

GC_TEST(a_spent_helper_budget_leaves_the_steps_to_the_calling_thread)
{
    struct s_held_run held;
    struct gc_parallel_step steps[5];
    struct s_arg args[5];
    struct s_steps s;
    struct kit_op k;
    pthread_t other;
    bool all_held = true;
    gc_parallel_set_helpers(2);
    /* another RPC's run: its 3 steps hold on 2 helpers and its own thread, which spends the budget */
    kit_op_init(&held.k, 600, "read");
    s_init(&held.s, 3, held.steps, held.args);
    held.s.hold = true;
    ASSERT_INT_EQ(pthread_create(&other, NULL, s_held_main, &held), 0);
    struct timespec guard;
    clock_gettime(CLOCK_REALTIME, &guard);
    guard.tv_sec += S_GUARD_S;
    pthread_mutex_lock(&held.s.lock);
    while (atomic_load(&held.s.ran) < 3 && all_held)
        all_held = pthread_cond_timedwait(&held.s.changed, &held.s.lock, &guard) != ETIMEDOUT;
    pthread_mutex_unlock(&held.s.lock);
    /* this run finds no helper left: the calling thread runs its 5 steps, in order, while the others hold */
    kit_op_init(&k, 600, "read");
    s_init(&s, 5, steps, args);
    int rc = gc_parallel_run(&k.op, steps, s.n);
    bool on_caller = true;
    for (size_t i = 0; i < s.n; i++)
        on_caller = on_caller && pthread_equal(s.thread[i], pthread_self()) && s.order[i] == i;
    size_t held_done = held.s.n_order;
    pthread_mutex_lock(&held.s.lock);
    held.s.released = true;
    pthread_cond_broadcast(&held.s.changed);
    pthread_mutex_unlock(&held.s.lock);
    pthread_join(other, NULL);
    /* the helpers went back with the held run: a run needing 3 threads at once gets them again */
    struct gc_parallel_step again_steps[3];
    struct s_arg again_args[3];
    struct s_steps again;
    struct kit_op k2;
    kit_op_init(&k2, 600, "read");
    s_init(&again, 3, again_steps, again_args);
    again.reverse = true;
    int rc_again = gc_parallel_run(&k2.op, again_steps, again.n);
    gc_parallel_set_helpers(0);
    kit_op_clean_up(&k);
    kit_op_clean_up(&k2);
    kit_op_clean_up(&held.k);
    s_clean_up(&s);
    s_clean_up(&again);
    s_clean_up(&held.s);
    ASSERT_TRUE(all_held);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(on_caller);
    ASSERT_INT_EQ(held_done, 0);
    ASSERT_INT_EQ(held.rc, 0);
    ASSERT_FALSE(held.s.timed_out);
    ASSERT_INT_EQ(rc_again, 0);
    ASSERT_FALSE(again.timed_out);
    ASSERT_INT_EQ(again.order[0], 2);
}

GC_TEST_MAIN(GC_CASE(steps_run_at_once_and_diagnostics_come_in_step_order),
             GC_CASE(more_steps_than_threads_all_run_once), GC_CASE(one_failed_step_does_not_stop_the_others),
             GC_CASE(a_silent_failure_gets_an_error), GC_CASE(cancellation_stops_steps_from_starting),
             GC_CASE(cancelled_before_the_run_starts_nothing), GC_CASE(width_one_runs_in_order_on_the_calling_thread),
             GC_CASE(no_steps_and_too_many_steps),
             GC_CASE(a_spent_helper_budget_leaves_the_steps_to_the_calling_thread))
