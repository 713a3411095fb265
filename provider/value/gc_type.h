/* cty types (go-cty's type system as Terraform uses it on the wire).
 *
 * Primitive and common collection types are static constants. Object, tuple and collection types built at
 * run time (from a schema or from the type JSON inside a dynamic value) are heap objects owned by whoever
 * built them: gc_type_free() frees a heap type and ignores static ones. Object attributes are always kept
 * sorted by name (go-cty sorts keys when it encodes objects). */
#ifndef GC_TYPE_H
#define GC_TYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/gc_buf.h"
#include "base/gc_diag.h"

enum gc_type_kind {
    GC_TYPE_STRING = 1,
    GC_TYPE_NUMBER,
    GC_TYPE_BOOL,
    GC_TYPE_DYNAMIC, /* cty.DynamicPseudoType: "any type" */
    GC_TYPE_LIST,
    GC_TYPE_SET,
    GC_TYPE_MAP,
    GC_TYPE_OBJECT,
    GC_TYPE_TUPLE,
};

struct gc_type_attr {
    char *name;                 /* NULL for tuple elements */
    const struct gc_type *type; /* owned by the parent when the parent is a heap type */
};

struct gc_type {
    enum gc_type_kind kind;
    bool heap;                  /* built at run time: freed by gc_type_free */
    const struct gc_type *elem; /* LIST, SET, MAP */
    struct gc_type_attr *attrs; /* OBJECT (sorted by name), TUPLE (in order) */
    size_t n_attrs;
};

extern const struct gc_type gc_type_string;
extern const struct gc_type gc_type_number;
extern const struct gc_type gc_type_bool;
extern const struct gc_type gc_type_dynamic;
extern const struct gc_type gc_type_list_string;
extern const struct gc_type gc_type_set_string;
extern const struct gc_type gc_type_map_string;

/* Heap constructors. They take ownership of the element/attribute types passed in (heap ones are freed with
 * the parent; static ones are left alone). NULL on allocation failure (and the inputs are freed). */
struct gc_type *gc_type_new_list(const struct gc_type *elem);
struct gc_type *gc_type_new_set(const struct gc_type *elem);
struct gc_type *gc_type_new_map(const struct gc_type *elem);
/* An object with no attributes; add them with gc_type_object_add (kept sorted; duplicate names fail).
 * gc_type_object_add and gc_type_tuple_append take ownership of `type` also when they fail. */
struct gc_type *gc_type_new_object(void);
int gc_type_object_add(struct gc_type *object, const char *name, const struct gc_type *type);
struct gc_type *gc_type_new_tuple(void);
int gc_type_tuple_append(struct gc_type *tuple, const struct gc_type *type);
void gc_type_free(const struct gc_type *type);
struct gc_type *gc_type_copy(const struct gc_type *type); /* deep copy as a heap type */

/* Index of an object attribute by name, or -1. */
long gc_type_object_index(const struct gc_type *object, const char *name);
const struct gc_type *gc_type_object_attr(const struct gc_type *object, const char *name);

bool gc_type_equal(const struct gc_type *a, const struct gc_type *b);

/* Type JSON (go-cty cty/json.go): "string", ["list","string"], ["object",{"a":"number"}], … */
int gc_type_to_json(const struct gc_type *type, struct gc_buf *out);
/* Parses type JSON. Unknown forms and trailing data are errors (a diagnostic is added). Primitive results are
 * the static types (cast): always release *out with gc_type_free and never modify it. The optional-attribute
 * third element of object type constraints is rejected (it never appears in wire values). */
int gc_type_from_json(struct gc_span json, struct gc_type **out, struct gc_diags *diags);

#endif
