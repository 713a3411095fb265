#include "base/gc_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct gc_arena_block {
    struct gc_arena_block *next;
    size_t size;
    size_t used;
    max_align_t data[];
};

#define GC_ARENA_BLOCK ((size_t)16 << 10)

void gc_arena_init(struct gc_arena *arena)
{
    arena->head = NULL;
}

void gc_arena_clean_up(struct gc_arena *arena)
{
    struct gc_arena_block *b = arena ? arena->head : NULL;
    while (b) {
        struct gc_arena_block *next = b->next;
        free(b);
        b = next;
    }
    if (arena)
        arena->head = NULL;
}

void *gc_arena_alloc(struct gc_arena *arena, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size_t rounded = (size + align - 1) / align * align;
    if (rounded < size)
        return NULL;
    struct gc_arena_block *b = arena->head;
    if (!b || b->size - b->used < rounded) {
        size_t cap = rounded > GC_ARENA_BLOCK ? rounded : GC_ARENA_BLOCK;
        if (cap > SIZE_MAX - sizeof(*b))
            return NULL;
        b = malloc(sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->size = cap;
        b->used = 0;
        b->next = arena->head;
        arena->head = b;
    }
    void *p = (unsigned char *)b->data + b->used;
    b->used += rounded;
    memset(p, 0, size);
    return p;
}

void *gc_arena_calloc(struct gc_arena *arena, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return gc_arena_alloc(arena, n * size);
}

char *gc_arena_spandup(struct gc_arena *arena, struct gc_span s)
{
    char *p = gc_arena_alloc(arena, s.len + 1);
    if (p && s.len)
        memcpy(p, s.ptr, s.len);
    return p;
}

char *gc_arena_strdup(struct gc_arena *arena, const char *s)
{
    return gc_arena_spandup(arena, gc_span_from_cstr(s ? s : ""));
}

void *gc_arena_memdup(struct gc_arena *arena, const void *data, size_t len)
{
    if (len == 0)
        return NULL;
    void *p = gc_arena_alloc(arena, len);
    if (p)
        memcpy(p, data, len);
    return p;
}
