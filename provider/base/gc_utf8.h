/* Lengths as AWS counts them: tag keys and values, names and descriptions are limited in Unicode code points,
 * not bytes. Terraform sends valid UTF-8; a byte that does not start a sequence counts as one character, so
 * hostile input never reads past `len`. */
#ifndef GC_UTF8_H
#define GC_UTF8_H

#include <stddef.h>

/* Number of code points in the first `len` bytes of `s`. */
size_t gc_utf8_count(const char *s, size_t len);

/* Byte length of the longest prefix of `s` (`len` bytes) holding at most `max_chars` code points, never cutting
 * a multi-byte sequence. */
size_t gc_utf8_prefix(const char *s, size_t len, size_t max_chars);

#endif
