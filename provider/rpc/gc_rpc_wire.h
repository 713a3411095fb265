/* Conversions between framework data and tfplugin6 protobuf messages, allocated in a call's arena. */
#ifndef GC_RPC_WIRE_H
#define GC_RPC_WIRE_H

#include "base/gc_arena.h"
#include "base/gc_diag.h"
#include "framework/gc_resource.h"
#include "tfplugin6.pb-c.h"
#include "value/gc_codec.h"

/* Decodes a DynamicValue (msgpack, else JSON, else null) with `type`. NULL input means null. */
int gc_wire_decode(const Tfplugin6__DynamicValue *dv, const struct gc_type *type, struct gc_value **out,
                   struct gc_diags *diags);
/* Encodes a value as msgpack in a new arena DynamicValue (NULL on failure, with a diagnostic). */
Tfplugin6__DynamicValue *gc_wire_encode(const struct gc_value *value, struct gc_arena *arena, struct gc_diags *diags);
Tfplugin6__AttributePath *gc_wire_path(const struct gc_path *path, struct gc_arena *arena);
/* Converts the diagnostics into an arena array; sets *n. */
Tfplugin6__Diagnostic **gc_wire_diags(const struct gc_diags *diags, struct gc_arena *arena, size_t *n);
Tfplugin6__Schema *gc_wire_schema(const struct gc_block_def *block, int64_t version, struct gc_arena *arena);

#endif
