/* The allocation counter (see fake_alloc.h). */
#include "fake_alloc.h"

#include <execinfo.h>
#include <stdatomic.h>

static atomic_ulong s_count;
static atomic_ulong s_fail_at;
static atomic_bool s_on;
static atomic_bool s_failed;
static _Thread_local int tl_paused;
static atomic_bool s_trace;

void fa_start(unsigned long fail_at)
{
    atomic_store(&s_count, 0);
    atomic_store(&s_fail_at, fail_at);
    atomic_store(&s_failed, false);
    atomic_store(&s_on, true);
}

unsigned long fa_stop(void)
{
    atomic_store(&s_on, false);
    return atomic_load(&s_count);
}

bool fa_failed(void)
{
    return atomic_load(&s_failed);
}

void fa_pause(void)
{
    tl_paused++;
}

void fa_resume(void)
{
    tl_paused--;
}

bool fa_should_fail(void)
{
    if (!atomic_load(&s_on) || tl_paused > 0)
        return false;
    unsigned long n = atomic_fetch_add(&s_count, 1) + 1;
    if (n != atomic_load(&s_fail_at))
        return false;
    atomic_store(&s_failed, true);
    if (atomic_load(&s_trace)) {
        void *frames[48];
        tl_paused++; /* backtrace() may allocate on its first call */
        backtrace_symbols_fd(frames, backtrace(frames, 48), 2);
        tl_paused--;
    }
    return true;
}

void fa_set_trace(bool on)
{
    atomic_store(&s_trace, on);
}
