/* Internal helpers shared by the value module's sources (tests may include this header). */
#ifndef GC_VALUE_PRIV_H
#define GC_VALUE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/gc_buf.h"

/* Longest canonical number text accepted (digits, sign and point). Larger numbers are rejected. */
#define GC_NUMBER_MAX_TEXT 4096

/* Canonical decimal text of a number written in decimal (optional sign, digits, point, exponent), or "Inf" /
 * "-Inf". malloc'd; NULL if `text` is not a number or is too long once expanded. */
char *gc_number_canonical(const char *text, size_t len);
/* Exact decimal expansion of a double (NaN gives NULL). malloc'd. */
char *gc_number_from_double(double d);
/* 0 if the canonical text is an integer that fits int64. */
int gc_number_to_int64(const char *canon, int64_t *out);
/* 0 if the canonical text is exactly representable as a double (±Inf included). */
int gc_number_to_double_exact(const char *canon, double *out);

struct gc_value;
/* A known number value taking ownership of canonical text `canon` (freed on failure). */
struct gc_value *gc_value_new_number_owned(char *canon);

/* Appends a JSON string literal. */
int gc_json_append_string(struct gc_buf *out, const char *s, size_t len);

#endif
