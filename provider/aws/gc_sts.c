/* STS on the operation tables (gc_sts.h): AssumeRole and GetCallerIdentity. */
#include "aws/gc_sts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_credentials.h"
#include "base/gc_doc.h"
#include "base/gc_secret.h"

/* A failure found here rather than by the call: out of memory (http_status 0), or an answer that lacks what
 * we need (http_status 200). */
static void s_fail(struct gc_aws_error *err, const char *operation, long http_status, const char *code,
                   const char *message)
{
    gc_aws_error_set(err, GC_SVC_STS, operation, code, message);
    err->http_status = http_status;
}

static time_t s_parse_iso8601(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
        return 0;
    return timegm(&tm);
}

/* Copies Credentials.{AccessKeyId,SecretAccessKey,SessionToken,Expiration} of an answer into *out; the answer's
 * copies of the secrets are wiped. An answer without a key pair is "MalformedResponse". */
static int s_take_credentials(json_t *answer, const char *operation, struct gc_aws_credentials *out,
                              struct gc_aws_error *err)
{
    int result = -1;
    struct gc_aws_credentials got = {0};

    got.access_key_id = gc_strdup(gc_doc_str(answer, "Credentials.AccessKeyId"));
    got.secret_access_key = gc_strdup(gc_doc_str(answer, "Credentials.SecretAccessKey"));
    got.session_token = gc_strdup(gc_doc_str(answer, "Credentials.SessionToken"));
    got.expiration = s_parse_iso8601(gc_doc_str(answer, "Credentials.Expiration"));
    gc_secret_wipe_json_string(gc_doc_get(answer, "Credentials.SecretAccessKey"));
    gc_secret_wipe_json_string(gc_doc_get(answer, "Credentials.SessionToken"));
    if (!got.access_key_id || !got.secret_access_key || !got.session_token) {
        s_fail(err, operation, 200, "MalformedResponse", "the response has no credentials");
        goto cleanup;
    }
    *out = got;
    memset(&got, 0, sizeof got);
    result = 0;
cleanup:
    gc_aws_credentials_clean_up(&got);
    return result;
}

/* The input both AssumeRole operations take: RoleArn, RoleSessionName (gcnet-<unix time> when none is given) and
 * DurationSeconds (the default when not positive). NULL when out of memory. */
static json_t *s_role_input(struct gc_aws_client *c, const char *role_arn, const char *session_name, int64_t duration_s)
{
    char name[64];
    if (!session_name || !*session_name) {
        snprintf(name, sizeof name, "gcnet-%lld", (long long)gc_aws_client_now(c));
        session_name = name;
    }
    return json_pack("{s:s, s:s, s:I}", "RoleArn", role_arn ? role_arn : "", "RoleSessionName", session_name,
                     "DurationSeconds",
                     (json_int_t)(duration_s > 0 ? duration_s : GC_AWS_DEFAULT_ASSUME_ROLE_DURATION_S));
}

/* Calls `op` (an AssumeRole operation) with `in`, signed by `creds`, and takes the credentials it answers.
 * A NULL `in` is the caller's failure to build it: out of memory. */
static int s_assume(struct gc_aws_client *c, const struct gc_aws_credentials *creds, const struct gc_aws_op_def *op,
                    const json_t *in, struct gc_aws_credentials *out, struct gc_aws_error *err)
{
    int result = -1;
    json_t *answer = NULL;
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    if (!in) {
        s_fail(err, op->name, 0, "RequestError", "out of memory");
        goto cleanup;
    }
    if (gc_aws_op_call_as(c, creds, op, in, &answer, err) != 0)
        goto cleanup;
    result = s_take_credentials(answer, op->name, out, err);
cleanup:
    json_decref(answer);
    return result;
}

int gc_sts_assume_role(struct gc_aws_client *c, const struct gc_aws_credentials *creds, const char *role_arn,
                       const char *session_name, const char *external_id, int64_t duration_s,
                       struct gc_aws_credentials *out, struct gc_aws_error *err)
{
    json_t *in = s_role_input(c, role_arn, session_name, duration_s);
    if (in && external_id && *external_id && json_object_set_new(in, "ExternalId", json_string(external_id)) != 0) {
        json_decref(in);
        in = NULL;
    }
    int result = s_assume(c, creds, &gc_op_sts_assume_role, in, out, err);
    json_decref(in);
    return result;
}

const struct gc_aws_credentials gc_sts_anonymous = {0};

int gc_sts_assume_role_with_web_identity(struct gc_aws_client *c, const char *role_arn, const char *session_name,
                                         const char *token, int64_t duration_s, struct gc_aws_credentials *out,
                                         struct gc_aws_error *err)
{
    json_t *in = s_role_input(c, role_arn, session_name, duration_s);
    if (in && json_object_set_new(in, "WebIdentityToken", json_string(token ? token : "")) != 0) {
        json_decref(in);
        in = NULL;
    }
    /* unsigned, as the model says (authtype none): the token is the credential */
    int result = s_assume(c, &gc_sts_anonymous, &gc_op_sts_assume_role_with_web_identity, in, out, err);
    if (in)
        gc_secret_wipe_json_string(json_object_get(in, "WebIdentityToken"));
    json_decref(in);
    return result;
}

int gc_sts_caller_account(struct gc_aws_client *c, char **out, struct gc_aws_error *err)
{
    int result = -1;
    json_t *answer = NULL;
    const char *account = NULL;

    *out = NULL;
    if (gc_aws_op_call(c, &gc_op_sts_get_caller_identity, NULL, &answer, err) != 0)
        goto cleanup;
    account = gc_doc_str(answer, "Account");
    if (!account || !*account) {
        s_fail(err, "GetCallerIdentity", 200, "MalformedResponse", "GetCallerIdentity response has no Account");
        goto cleanup;
    }
    *out = gc_strdup(account);
    if (!*out) {
        s_fail(err, "GetCallerIdentity", 0, "RequestError", "out of memory");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(answer);
    return result;
}
