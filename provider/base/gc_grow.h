/* Growing arrays: the doubling every list of the provider uses (tags, ini entries, string sets, diagnostics). */
#ifndef GC_GROW_H
#define GC_GROW_H

#include <stddef.h>

/* Room for one more item in an array of `n` items of `size` bytes with `*cap` allocated: when it is full, the
 * array is reallocated to twice the capacity (`first` items the first time) and *cap updated. Returns the array
 * to use from now on (`items` itself when there was room); NULL when out of memory or when the size would
 * overflow, and then `items` and *cap are unchanged. */
void *gc_grow(void *items, size_t n, size_t *cap, size_t size, size_t first);

#endif
