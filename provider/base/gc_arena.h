/* A per-call arena: every allocation lives until gc_arena_clean_up. The RPC layer builds each protobuf
 * response out of one arena, packs it, then drops the arena, so response building needs no free-lists. */
#ifndef GC_ARENA_H
#define GC_ARENA_H

#include <stddef.h>

#include "base/gc_buf.h"

struct gc_arena_block;

struct gc_arena {
    struct gc_arena_block *head;
};

void gc_arena_init(struct gc_arena *arena);
void gc_arena_clean_up(struct gc_arena *arena);
/* Zeroed memory, or NULL. */
void *gc_arena_alloc(struct gc_arena *arena, size_t size);
void *gc_arena_calloc(struct gc_arena *arena, size_t n, size_t size);
char *gc_arena_strdup(struct gc_arena *arena, const char *s);
char *gc_arena_spandup(struct gc_arena *arena, struct gc_span s);
/* Copies the bytes; returns NULL for len 0 too (callers store len separately). */
void *gc_arena_memdup(struct gc_arena *arena, const void *data, size_t len);

#endif
