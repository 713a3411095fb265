/* Allocation-failure injection for unit tests: make the Nth allocation inside the code under test fail.
 *
 * A test binary that wants it links the fake_alloc_wrap library with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup,--wrap=json_loadb
 * (tests/unit/support/meson.build, fake_alloc_link_args): every call of those in the executable's own objects and in the provider's static
 * libraries then goes through the counter here. fa_install() routes jansson's allocations (a shared
 * library, which --wrap cannot reach) through the same counter. Without the wrap library nothing is counted and
 * these functions are harmless, so the fake AWS calls fa_pause/fa_resume unconditionally.
 *
 * jansson 2.14's parser mishandles a failed allocation itself (a bad free, an assert), so json_loadb is wrapped
 * too and fails as a whole (one counted allocation) instead of inside.
 *
 * Thread-safe: the counter is atomic; pausing is per thread. */
#ifndef FAKE_ALLOC_H
#define FAKE_ALLOC_H

#include <stdbool.h>

/* Starts counting from 0; the fail_at-th counted allocation returns NULL (only that one). fail_at 0: never fail,
 * just count. */
void fa_start(unsigned long fail_at);
/* Stops counting; returns how many allocations were counted since fa_start. */
unsigned long fa_stop(void);
/* Whether the armed allocation was reached (and failed) since fa_start. */
bool fa_failed(void);
/* Not counted while paused on this thread (the fake's own work); nests. */
void fa_pause(void);
void fa_resume(void);
/* When on, the failing allocation prints its stack to stderr (backtrace_symbols_fd: binary(+offset) lines, for
 * addr2line -f -i -e <binary> <offset>). */
void fa_set_trace(bool on);
/* For the wrappers: counts one allocation; true when it is to fail. */
bool fa_should_fail(void);

/* In fake_alloc_wrap.c (only in binaries linked with the wrap flags): routes jansson through the
 * counter. Call once, first thing in main. */
void fa_install(void);

#endif
