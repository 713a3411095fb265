/* Private to provider/aws: base credentials that are fetched rather than read (gc_cred_sources.c), each behind a
 * struct gc_aws_cred_supplier (gc_aws_private.h) that the client calls at start and again before the credentials
 * expire:
 * - credential_process: a command of the shared config profile, run without a shell (as the AWS CLI does: the
 *   line is split with POSIX quoting), whose stdout is the JSON of the AWS "credential_process" contract,
 *   Version 1;
 * - an SSO session: the token `aws sso login` cached in ~/.aws/sso/cache/<sha1>.json, exchanged for role
 *   credentials by SSO GetRoleCredentials (GET <portal>/federation/credentials);
 * - a web identity token: STS AssumeRoleWithWebIdentity (unsigned), the token re-read from its file each time;
 * - EC2 instance metadata, IMDSv2: PUT a session token, then GET the role name and its credentials.
 * Every secret read (command output, cached token, answers) is wiped before it is freed. */
#ifndef GC_CRED_SOURCES_H
#define GC_CRED_SOURCES_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "aws/gc_aws_private.h"

#define GC_CRED_PROCESS_MAX_OUTPUT ((size_t)64 << 10)
#define GC_CRED_PROCESS_TIMEOUT_MS 60000L
#define GC_IMDS_DEFAULT_ENDPOINT "http://169.254.169.254"
#define GC_IMDS_TIMEOUT_MS 2000L

/* Each constructor copies its arguments into *out and returns 0, or -1 (out of memory). */
int gc_cred_process_supplier(struct gc_aws_cred_supplier *out, const char *command);
/* `session_name`: the sso_session name (cache key) or NULL for a legacy profile (the start URL is the key).
 * `portal_url` NULL: https://portal.sso.<sso_region>.amazonaws.com. */
int gc_cred_sso_supplier(struct gc_aws_cred_supplier *out, const char *session_name, const char *start_url,
                         const char *sso_region, const char *account_id, const char *role_name, const char *portal_url);
/* `token` or `token_file` (read at every fetch). */
int gc_cred_web_identity_supplier(struct gc_aws_cred_supplier *out, const char *role_arn, const char *session_name,
                                  const char *token, const char *token_file, int64_t duration_s);
/* `endpoint` NULL: GC_IMDS_DEFAULT_ENDPOINT. */
int gc_cred_imds_supplier(struct gc_aws_cred_supplier *out, const char *endpoint);

void gc_cred_supplier_clean_up(struct gc_aws_cred_supplier *s);

/* Exported for the unit tests. */

/* Splits a command line as a POSIX shell would split words (single and double quotes, backslash), without any
 * expansion. *out is a NULL-terminated malloc'd vector (gc_cred_argv_free). Returns 0, or -1 (unbalanced
 * quote, empty line, out of memory). */
int gc_cred_split_command(const char *line, char ***out);
void gc_cred_argv_free(char **argv);

/* Parses credential_process output (Version 1). `now` judges Expiration. Returns 0, or -1 with a message in
 * `why` (never containing a secret). */
int gc_cred_parse_process_output(const char *json, size_t len, time_t now, struct gc_aws_credentials *out, char *why,
                                 size_t why_len);

/* "2026-12-07T10:00:00Z" (also with fractional seconds or a +hh:mm offset) as a time_t; 0 when malformed. */
time_t gc_cred_parse_time(const char *text);

/* The SSO cache file name: lower-case hex SHA-1 of `key` + ".json" (41+5 bytes with the NUL). */
int gc_cred_sso_cache_name(const char *key, char out[46]);

#endif
