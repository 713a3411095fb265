/* Private to provider/aws: the static credential chain (gc_credentials.c) and the credentials' life cycle
 * (gc_aws_credentials_clean_up in gc_aws.h, gc_aws_credentials_copy). It reads the shared files through the ini
 * reader (gc_ini.h) and never calls configuration resolution (gc_config.h), which calls it. */
#ifndef GC_AWS_CREDENTIALS_H
#define GC_AWS_CREDENTIALS_H

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_ini.h"
#include "base/gc_diag.h"

enum gc_aws_cred_source {
    GC_AWS_CRED_NONE = 0,
    GC_AWS_CRED_PROVIDER_BLOCK,     /* access_key / secret_key / token */
    GC_AWS_CRED_ENV,                /* AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN */
    GC_AWS_CRED_SHARED_CREDENTIALS, /* the profile in the shared credentials file */
    GC_AWS_CRED_SHARED_CONFIG,      /* the profile in the shared config file */
    GC_AWS_CRED_WEB_IDENTITY,       /* assume_role_with_web_identity, or AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE */
    GC_AWS_CRED_PROCESS,            /* the profile's credential_process */
    GC_AWS_CRED_SSO,                /* the profile's SSO session (cached token) */
    GC_AWS_CRED_IMDS,               /* EC2 instance metadata (IMDSv2) */
};

const char *gc_aws_cred_source_name(enum gc_aws_cred_source source);

/* Walks the chain as the AWS provider does: the assume_role_with_web_identity block; the provider block's keys;
 * the environment's keys; AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE; the profile (keys in the shared
 * credentials file, then in the shared config file, then its credential_process, SSO session or
 * web_identity_token_file); EC2 instance metadata unless AWS_EC2_METADATA_DISABLED=true. Static keys are copied
 * into *out (which must be zeroed); a fetched source becomes *supplier (zeroed otherwise), fetched later by the
 * client. Adds diagnostics for partial keys and, when nothing is found, "No valid credential sources found".
 * `ini_config`/`ini_creds` may be NULL. Logs the chosen source by name at DEBUG; never a key. Returns 0 or -1. */
int gc_aws_credentials_resolve(struct gc_aws_credentials *out, struct gc_aws_cred_supplier *supplier,
                               enum gc_aws_cred_source *source, const struct gc_aws_config *cfg, const char *profile,
                               const struct gc_aws_ini *ini_config, const struct gc_aws_ini *ini_creds,
                               struct gc_diags *diags);

/* A deep copy of `in` into *out (which is overwritten). Returns 0, or -1 with *out zeroed. */
int gc_aws_credentials_copy(struct gc_aws_credentials *out, const struct gc_aws_credentials *in);

#endif
