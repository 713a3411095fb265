/* gc_aws_client_new: configuration resolution (gc_config.c) + client + optional assume_role. Kept apart from
 * gc_aws_client.c so that unit tests that build clients from settings do not need gc_config.c. */
#include <string.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"

int gc_aws_client_new(struct gc_aws_client **out, const struct gc_aws_config *cfg, struct gc_diags *diags)
{
    int result = -1;
    struct gc_aws_client_settings settings;
    struct gc_aws_client *c = NULL;
    struct gc_aws_error err;

    memset(&settings, 0, sizeof settings);
    memset(&err, 0, sizeof err);
    *out = NULL;
    if (gc_aws_resolve(&settings, cfg, diags) != 0)
        goto cleanup;
    if (gc_aws_client_new_with_settings(&c, &settings) != 0) {
        gc_diags_add(diags, GC_SEV_ERROR, NULL, "Cannot create the AWS client", "Out of memory or libcurl failed.");
        goto cleanup;
    }
    if (gc_aws_client_assume_configured_role(c, &err) != 0) {
        struct gc_path path = {0};
        gc_path_push_attr(&path, "assume_role");
        gc_aws_error_diag(diags, &path, &err);
        gc_path_clean_up(&path);
        goto cleanup;
    }
    *out = c;
    c = NULL;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_aws_client_settings_clean_up(&settings);
    gc_aws_client_free(c);
    return result;
}
