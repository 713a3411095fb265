#include "base/gc_grow.h"

#include <stdint.h>
#include <stdlib.h>

void *gc_grow(void *items, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return items;
    size_t want = *cap ? *cap * 2 : first;
    if (*cap > SIZE_MAX / 2 || want == 0 || size == 0 || want > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, want * size);
    if (grown)
        *cap = want;
    return grown;
}
