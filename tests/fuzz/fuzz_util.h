/* Shared by the libFuzzer targets: splitting one input into fields, and the check that turns a broken
 * invariant into a crash libFuzzer records (abort is what the fuzzer wants; the provider itself never aborts). */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                                                    \
    do {                                                                                                    \
        if (!(cond)) {                                                                                      \
            fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", __FILE__, __LINE__, #cond);             \
            abort();                                                                                        \
        }                                                                                                   \
    } while (0)

/* A cursor over the input: fields are cut at a separator byte and copied NUL-terminated. */
struct fuzz_in {
    const uint8_t *p;
    size_t left;
};

static inline uint8_t fuzz_byte(struct fuzz_in *in)
{
    if (!in->left)
        return 0;
    in->left--;
    return *in->p++;
}

/* The bytes up to the next `sep` (or the end), malloc'd and NUL-terminated (inner NULs kept by length). */
static inline char *fuzz_field(struct fuzz_in *in, uint8_t sep, size_t *len_out)
{
    const uint8_t *end = in->left ? memchr(in->p, sep, in->left) : NULL;
    size_t len = end ? (size_t)(end - in->p) : in->left;
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    if (len)
        memcpy(out, in->p, len);
    out[len] = '\0';
    in->p += len + (end ? 1 : 0);
    in->left -= len + (end ? 1 : 0);
    if (len_out)
        *len_out = len;
    return out;
}

#endif
