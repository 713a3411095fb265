/* Private to provider/aws: the pieces of configuration resolution (gc_config.c, gc_credentials.c), exported
 * so that the unit tests can check each step on its own. gc_aws_resolve (gc_aws_private.h) strings them
 * together.
 *
 * Shared files follow the AWS SDK conventions:
 * - the shared config file (~/.aws/config) names profiles `[default]` and `[profile <name>]`; other
 *   sections (`[sso-session x]`, `[services x]`, ...) are parsed but not profiles;
 * - the shared credentials file (~/.aws/credentials) names them `[<name>]`;
 * - `#` and `;` start a comment at the start of a line, or after whitespace inside a value;
 * - keys are case-insensitive; an indented line after a key is a continuation or a nested setting
 *   (`s3 =\n  max_concurrent_requests = 10`) and is ignored;
 * - several files merge in order, later keys overriding earlier ones.
 * Values are wiped when the parsed file is cleaned up: any of them may be a secret. */
#ifndef GC_AWS_CONFIG_H
#define GC_AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/gc_aws.h"
#include "base/gc_buf.h"
#include "base/gc_diag.h"

#define GC_AWS_INI_MAX_BYTES ((size_t)4 << 20) /* shared files larger than 4 MiB are refused */

enum gc_aws_ini_kind {
    GC_AWS_INI_CONFIG = 1,      /* [default], [profile name] */
    GC_AWS_INI_CREDENTIALS = 2, /* [name] */
};

struct gc_aws_ini_entry {
    char *key;   /* lower-cased */
    char *value; /* may be a secret */
};

struct gc_aws_ini_profile {
    char *name;
    struct gc_aws_ini_entry *entries;
    size_t n;
    size_t cap;
};

/* Profiles read from one or more files of one kind. A zeroed struct is empty and valid to clean up. */
struct gc_aws_ini {
    struct gc_aws_ini_profile *profiles;
    size_t n;
    size_t cap;
};

void gc_aws_ini_init(struct gc_aws_ini *ini);
void gc_aws_ini_clean_up(struct gc_aws_ini *ini);

/* Parses `text` (the contents of `file_name`, which is only used in messages) and merges its profiles into
 * `ini`. On malformed input adds one error diagnostic on `diag_path` (gc_path_parse syntax; NULL: none)
 * naming the file and the line, never the line's text, and returns -1 (`ini` keeps what it had). */
int gc_aws_ini_parse(struct gc_aws_ini *ini, enum gc_aws_ini_kind kind, const char *file_name, struct gc_span text,
                     const char *diag_path, struct gc_diags *diags);

#define GC_AWS_INI_MISSING 1
/* Reads and parses a file. Returns 0, GC_AWS_INI_MISSING when the file does not exist (no diagnostic), or
 * -1 with an error diagnostic on `diag_path` (unreadable, not a regular file, too large, malformed). */
int gc_aws_ini_load(struct gc_aws_ini *ini, enum gc_aws_ini_kind kind, const char *file_name, const char *diag_path,
                    struct gc_diags *diags);

bool gc_aws_ini_has_profile(const struct gc_aws_ini *ini, const char *profile);
/* The value of `key` (case-insensitive) in `profile`, borrowed; NULL when absent. */
const char *gc_aws_ini_get(const struct gc_aws_ini *ini, const char *profile, const char *key);

/* "~" and "~/..." expanded with $HOME; other paths copied. malloc'd; NULL on failure or when HOME is needed
 * and unset. */
char *gc_aws_expand_home(const char *path);

/* Environment variable names for a service's endpoint override: the SDK form (service id upper-cased,
 * spaces to underscores: "AWS_ENDPOINT_URL_ROUTE_53", "AWS_ENDPOINT_URL_ACM_PCA") and the plain-key form
 * ("AWS_ENDPOINT_URL_ROUTE53", "AWS_ENDPOINT_URL_ACMPCA"). Static strings; the two may be equal. */
const char *gc_aws_endpoint_env_sdk(enum gc_aws_service svc);
const char *gc_aws_endpoint_env_plain(enum gc_aws_service svc);
/* The provider `endpoints` block key ("acmpca", "directconnect", ...). */
const char *gc_aws_endpoint_key(enum gc_aws_service svc);

/* An http:// or https:// URL with a host and no whitespace or control characters. */
bool gc_aws_endpoint_url_is_valid(const char *url);

/* 2-64 characters of [A-Za-z0-9_+=,.@-] (STS RoleSessionName). */
bool gc_aws_session_name_is_valid(const char *name);

/* ---- credential chain (gc_credentials.c) ---- */

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

#endif
