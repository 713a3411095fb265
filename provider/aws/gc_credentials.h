/* Private to provider/aws: the static credential chain (gc_credentials.c) and the credentials' life cycle
 * (gc_aws_credentials_clean_up in gc_aws.h, gc_aws_credentials_copy). It reads the shared files through the ini
 * reader (gc_ini.h) and never calls configuration resolution (gc_config.h), which calls it. */
#ifndef GC_AWS_CREDENTIALS_H
#define GC_AWS_CREDENTIALS_H

#include "aws/gc_aws.h"
#include "aws/gc_ini.h"
#include "base/gc_diag.h"

enum gc_aws_cred_source {
    GC_AWS_CRED_NONE = 0,
    GC_AWS_CRED_PROVIDER_BLOCK,     /* access_key / secret_key / token */
    GC_AWS_CRED_ENV,                /* AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN */
    GC_AWS_CRED_SHARED_CREDENTIALS, /* the profile in the shared credentials file */
    GC_AWS_CRED_SHARED_CONFIG,      /* the profile in the shared config file */
};

const char *gc_aws_cred_source_name(enum gc_aws_cred_source source);

/* Walks the chain (provider block, environment, shared credentials profile, shared config profile) and
 * copies the first complete set into *out (which must be zeroed). Adds diagnostics for partial keys and,
 * when nothing is found, "No valid credential sources found". `ini_config`/`ini_creds` may be NULL.
 * Logs the chosen source by name at DEBUG; never a key. Returns 0 or -1. */
int gc_aws_credentials_resolve(struct gc_aws_credentials *out, enum gc_aws_cred_source *source,
                               const struct gc_aws_config *cfg, const char *profile,
                               const struct gc_aws_ini *ini_config, const struct gc_aws_ini *ini_creds,
                               struct gc_diags *diags);

/* A deep copy of `in` into *out (which is overwritten). Returns 0, or -1 with *out zeroed. */
int gc_aws_credentials_copy(struct gc_aws_credentials *out, const struct gc_aws_credentials *in);

#endif
