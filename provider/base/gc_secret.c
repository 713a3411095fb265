/* Wiping secrets (gc_secret.h). */
#include "base/gc_secret.h"

#include <stdlib.h>
#include <string.h>

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
