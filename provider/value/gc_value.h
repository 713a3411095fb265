/* cty values: null, unknown (optionally refined "not null") and known values of any gc_type.
 *
 * A value borrows its type (schema types live for the whole process); a value of DYNAMIC type that is known
 * carries its concrete type in `owned_type`, which it owns. Numbers keep their exact decimal text so that
 * values beyond int64 and float64 survive a round trip. Strings are UTF-8 with an explicit length.
 *
 * Ownership: every gc_value is a heap object freed with gc_value_free (NULL-safe). Functions that take a
 * `struct gc_value *item` argument to insert take ownership of it, also on failure. */
#ifndef GC_VALUE_H
#define GC_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value/gc_type.h"

enum gc_value_state {
    GC_VALUE_KNOWN = 0,
    GC_VALUE_NULL,
    GC_VALUE_UNKNOWN,
};

struct gc_value {
    const struct gc_type *type; /* the declared type; borrowed */
    enum gc_value_state state;
    bool refined_not_null; /* UNKNOWN only: known to be non-null after apply */
    union {
        bool b;
        struct {
            char *ptr; /* NUL-terminated as a convenience; may contain NUL bytes, use len */
            size_t len;
        } str;
        char *num; /* canonical decimal text, e.g. "64512", "-1.5", "1e+400" is normalised to digits */
        struct {
            struct gc_value **items; /* LIST, SET, TUPLE */
            size_t n;
        } list;
        struct {
            char **keys; /* MAP: sorted by key (owned); OBJECT: the attribute names in type order (borrowed) */
            struct gc_value **vals;
            size_t n;
        } map;
        struct {
            struct gc_value *inner; /* DYNAMIC known: the value with its concrete type */
        } dyn;
    } u;
    struct gc_type *owned_type; /* DYNAMIC known: concrete type of u.dyn.inner */
};

struct gc_value *gc_value_new_null(const struct gc_type *type);
struct gc_value *gc_value_new_unknown(const struct gc_type *type);
struct gc_value *gc_value_new_string(const char *s);
struct gc_value *gc_value_new_string_len(const char *s, size_t len);
struct gc_value *gc_value_new_bool(bool b);
struct gc_value *gc_value_new_int(int64_t v);
/* Validates and canonicalises decimal text ("0012" -> "12"); NULL if not a number. */
struct gc_value *gc_value_new_number_text(const char *text);
/* Empty known list/set/tuple/map of the given type. */
struct gc_value *gc_value_new_collection(const struct gc_type *type);
/* list, set, tuple. A set drops a wholly-known item equal to one it holds; items with unknowns are kept. */
int gc_value_append(struct gc_value *collection, struct gc_value *item);
int gc_value_map_put(struct gc_value *map, const char *key, struct gc_value *item); /* replaces */
/* Known object with every attribute null. */
struct gc_value *gc_value_new_object(const struct gc_type *object_type);
/* Replaces attribute `name` (which must exist in the type); takes ownership of `item`. */
int gc_value_object_set(struct gc_value *object, const char *name, struct gc_value *item);
/* Borrowed attribute, or NULL if the object is not known or has no such attribute. */
const struct gc_value *gc_value_object_get(const struct gc_value *object, const char *name);
/* Detaches an attribute (replaced by null) and returns it, owned by the caller. */
struct gc_value *gc_value_object_take(struct gc_value *object, const char *name);
/* Borrowed map element, or NULL. */
const struct gc_value *gc_value_map_get(const struct gc_value *map, const char *key);
/* Dynamic: wraps `inner` (owned) whose concrete type is `concrete` (owned heap or static). */
struct gc_value *gc_value_new_dynamic(struct gc_value *inner, struct gc_type *concrete);
/* What the codecs make of a decoded dynamic value: as gc_value_new_dynamic, but a null or unknown `inner` gives a
 * plain dynamic null or unknown (cty has no typed dynamic null or unknown on the wire). Both are consumed. */
struct gc_value *gc_value_new_dynamic_decoded(struct gc_value *inner, struct gc_type *concrete);

struct gc_value *gc_value_copy(const struct gc_value *v);
void gc_value_free(struct gc_value *v);
/* Overwrites every string inside the value (OPENSSL_cleanse), e.g. a provider configuration holding keys. */
void gc_value_wipe(struct gc_value *v);
/* gc_value_wipe, then gc_value_free. */
void gc_value_free_secure(struct gc_value *v);

bool gc_value_is_null(const struct gc_value *v);  /* NULL pointer counts as null */
bool gc_value_is_known(const struct gc_value *v); /* not unknown at top level */
bool gc_value_is_wholly_known(const struct gc_value *v);
/* Deep equality; sets compare order-insensitively; unknown equals only unknown. */
bool gc_value_equal(const struct gc_value *a, const struct gc_value *b);
/* Number of elements of a known collection/object, else 0. */
size_t gc_value_length(const struct gc_value *v);
/* Element i of a known list/set/tuple (borrowed), or NULL. */
const struct gc_value *gc_value_index(const struct gc_value *v, size_t i);

/* Typed reads of known values: the string pointer is borrowed; NULL / -1 when null, unknown or wrong type. */
const char *gc_value_string(const struct gc_value *v);
int gc_value_bool(const struct gc_value *v, bool *out);
/* Fails (-1) if the number is not an integer that fits int64. */
int gc_value_int64(const struct gc_value *v, int64_t *out);

/* Convenience readers on object attributes (NULL / -1 for missing, null or unknown). */
const char *gc_value_get_string(const struct gc_value *object, const char *name);
int gc_value_get_bool(const struct gc_value *object, const char *name, bool *out);
int gc_value_get_int64(const struct gc_value *object, const char *name, int64_t *out);

/* Convenience writers on object attributes. */
int gc_value_set_string(struct gc_value *object, const char *name, const char *s); /* s NULL -> null */
int gc_value_set_bool(struct gc_value *object, const char *name, bool b);
int gc_value_set_int64(struct gc_value *object, const char *name, int64_t v);
/* A known list/set of strings from a C array. */
struct gc_value *gc_value_new_string_list(const struct gc_type *type, const char *const *items, size_t n);

#endif
