/* Private to provider/aws: the STS calls the client needs (gc_sts.c), on the operation tables: AssumeRole, for
 * the provider's assume_role block and its refresh, and GetCallerIdentity, for the account id. */
#ifndef GC_STS_H
#define GC_STS_H

#include <stdint.h>

#include "aws/gc_aws.h"

/* STS AssumeRole signed with `creds` (NULL: the client's current credentials). `session_name` NULL or "":
 * "gcnet-<unix time>"; `external_id` may be NULL; `duration_s` 0: 3600. On success *out holds owned strings
 * (the caller cleans it up); an answer without a key pair is "MalformedResponse". */
int gc_sts_assume_role(struct gc_aws_client *c, const struct gc_aws_credentials *creds, const char *role_arn,
                       const char *session_name, const char *external_id, int64_t duration_s,
                       struct gc_aws_credentials *out, struct gc_aws_error *err);

/* Credentials with no key: a call made with them is sent unsigned (gc_aws_client_send). */
extern const struct gc_aws_credentials gc_sts_anonymous;

/* STS AssumeRoleWithWebIdentity, unsigned (the token is the credential). Same conventions as
 * gc_sts_assume_role. */
int gc_sts_assume_role_with_web_identity(struct gc_aws_client *c, const char *role_arn, const char *session_name,
                                         const char *token, int64_t duration_s, struct gc_aws_credentials *out,
                                         struct gc_aws_error *err);

/* STS GetCallerIdentity: the account id (malloc'd) into *out. An answer without one is "MalformedResponse". */
int gc_sts_caller_account(struct gc_aws_client *c, char **out, struct gc_aws_error *err);

#endif
