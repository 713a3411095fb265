/* Wire codecs for cty values: msgpack (DynamicValue.msgpack) and JSON (RawState.json, DynamicValue.json).
 * Both are driven by the expected type, as go-cty's are. Malformed input never crashes: it gives -1 and a
 * diagnostic. An empty msgpack input decodes to a null of the type (Terraform's rule for empty values). */
#ifndef GC_CODEC_H
#define GC_CODEC_H

#include "base/gc_buf.h"
#include "base/gc_diag.h"
#include "value/gc_value.h"

int gc_msgpack_decode(const struct gc_type *type, struct gc_span data, struct gc_value **out, struct gc_diags *diags);
/* Appends to `out` (whose cap bounds the output); on failure `out` is left as it was. A known value stored in
 * a DYNAMIC attribute/element is written as [type JSON, value] even if it was set without a dynamic wrapper. */
int gc_msgpack_encode(const struct gc_value *value, struct gc_buf *out);

/* JSON as go-cty's cty/json: a missing object attribute decodes as null, an extra one is an error; numbers
 * keep full precision (big integers too). */
int gc_json_decode(const struct gc_type *type, struct gc_span json, struct gc_value **out, struct gc_diags *diags);
/* Fails (-1, `out` unchanged) on unknown values and infinities, which JSON cannot carry. */
int gc_json_encode(const struct gc_value *value, struct gc_buf *out);

#endif
