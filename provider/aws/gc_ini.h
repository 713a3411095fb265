/* Private to provider/aws: the reader of the AWS shared config and credentials files (gc_ini.c). It depends on
 * nothing else in provider/aws; the credential chain (gc_credentials.h) and configuration resolution
 * (gc_config.h) read the files through it.
 *
 * Shared files follow the AWS SDK conventions:
 * - the shared config file (~/.aws/config) names profiles `[default]` and `[profile <name>]`; other
 *   sections (`[services x]`, ...) are parsed but not profiles; `[sso-session x]` is kept under the name
 *   "sso-session x" (single space), which no profile can have;
 * - the shared credentials file (~/.aws/credentials) names them `[<name>]`;
 * - `#` and `;` start a comment at the start of a line, or after whitespace inside a value;
 * - keys are case-insensitive; an indented line after a key is a continuation or a nested setting
 *   (`s3 =\n  max_concurrent_requests = 10`) and is ignored;
 * - several files merge in order, later keys overriding earlier ones.
 * Values are wiped when the parsed file is cleaned up: any of them may be a secret. */
#ifndef GC_AWS_INI_H
#define GC_AWS_INI_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
