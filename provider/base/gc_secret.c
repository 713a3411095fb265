/* Wiping secrets (gc_secret.h). */
#include "base/gc_secret.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

void gc_secret_wipe(void *p, size_t len)
{
    if (p && len > 0)
        OPENSSL_cleanse(p, len);
}

void gc_secret_free(char *s)
{
    if (!s)
        return;
    gc_secret_wipe(s, strlen(s));
    free(s);
}

void gc_secret_wipe_json_string(const struct json_t *value)
{
    if (!value || !json_is_string(value))
        return;
    /* jansson hands out its own buffer as const; it is ours to wipe before the value is freed */
    gc_secret_wipe((char *)json_string_value(value), json_string_length(value));
}
