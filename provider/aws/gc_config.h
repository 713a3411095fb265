/* Private to provider/aws: the pieces of configuration resolution (gc_config.c), exported so that the unit tests
 * can check each step on its own. gc_aws_resolve (gc_aws_private.h) strings them together: it loads the shared
 * files with the ini reader (gc_ini.h) and resolves credentials with the credential chain (gc_credentials.h).
 * The layers depend one way: ini <- credentials <- config. */
#ifndef GC_AWS_CONFIG_H
#define GC_AWS_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "aws/gc_aws.h"

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

#endif
