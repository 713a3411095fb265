/* Wiping secrets: keys, tokens, signatures and anything read from a file that may hold them. The bytes are
 * overwritten with OPENSSL_cleanse, which the compiler may not optimise away, before the memory is freed. */
#ifndef GC_SECRET_H
#define GC_SECRET_H

#include <stddef.h>

/* Overwrites `len` bytes at `p` (NULL or 0 bytes: nothing). */
void gc_secret_wipe(void *p, size_t len);

/* Wipes the NUL-terminated string `s` and frees it (NULL: nothing). */
void gc_secret_free(char *s);

/* Wipes the text of a jansson string value in place (NULL or not a string: nothing). jansson keeps its own copy
 * of every string it parsed: a secret read from JSON is wiped there too before the document is freed. */
struct json_t;
void gc_secret_wipe_json_string(const struct json_t *value);

#endif
