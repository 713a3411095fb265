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
/* How many steps of a diagnostic's path go on the wire: Terraform places a diagnostic in the configuration only
 * when its path is attribute names (nested blocks, then the attribute) and at most one index after them
 * (tfdiags' ElaborateFromConfigBody); with more, as in forward_rules["naruto.local"].port, it falls back to the
 * whole resource. So the path is cut after its first index step (the map entry, the list element) and
 * gc_wire_diags appends the whole path to the detail. requires_replace paths are never cut (gc_wire_path). */
size_t gc_wire_diag_path_len(const struct gc_path *path);
/* Converts the diagnostics into an arena array; sets *n. */
Tfplugin6__Diagnostic **gc_wire_diags(const struct gc_diags *diags, struct gc_arena *arena, size_t *n);
Tfplugin6__Schema *gc_wire_schema(const struct gc_block_def *block, int64_t version, struct gc_arena *arena);

#endif
