/* gc_aws_client_new: configuration resolution (gc_config.c) + client + optional assume_role. Kept apart from
 * gc_aws_client.c so that unit tests that build clients from settings do not need gc_config.c. */
#include <string.h>

#include "aws/gc_credentials.h"

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_curl_lib.h"

/* A failed credential source names itself; a failed AssumeRole is an STS error on the assume_role block. */
static void s_credentials_diag(const struct gc_aws_client *c, const struct gc_aws_error *err, struct gc_diags *diags)
{
    static const char *const source_codes[] = {"CredentialProcessError", "SSOProviderError", "IMDSError",
                                               "WebIdentityTokenError"};
    const char *source = gc_aws_client_credential_source(c);
    struct gc_path path = {0};

    for (size_t i = 0; i < sizeof source_codes / sizeof source_codes[0]; i++) {
        if (!gc_aws_error_is(err, source_codes[i]))
            continue;
        if (i == 2)
            gc_diags_error_at(diags, NULL, "No valid credential sources found",
                              "No credentials in the provider block, the environment or the profile, and %s. "
                              "Outside EC2 set AWS_EC2_METADATA_DISABLED=true and configure credentials.",
                              err->message ? err->message : "EC2 instance metadata gave none");
        else
            gc_diags_error_at(diags, NULL, "Cannot get AWS credentials", "From the %s: %s", source ? source : "source",
                              err->message ? err->message : "failed");
        return;
    }
    gc_path_push_attr(&path, strcmp(err->operation ? err->operation : "", "AssumeRoleWithWebIdentity") == 0
                                 ? "assume_role_with_web_identity"
                                 : "assume_role");
    gc_aws_error_diag(diags, &path, err);
    gc_path_clean_up(&path);
}

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
    /* libcurl is loaded here, with the first AWS client that uses a proxy (base/gc_lazy.h): say so if it cannot be */
    bool proxied = gc_aws_client_settings_proxied(&settings);
    if (proxied && !gc_curl_lib()) {
        gc_diags_add(diags, GC_SEV_ERROR, NULL, "Cannot create the AWS client", gc_curl_lib_error());
        goto cleanup;
    }
    if (gc_aws_client_new_with_settings(&c, &settings) != 0) {
        gc_diags_add(diags, GC_SEV_ERROR, NULL, "Cannot create the AWS client", "Out of memory.");
        goto cleanup;
    }
    if (gc_aws_client_assume_configured_role(c, &err) != 0) {
        s_credentials_diag(c, &err, diags);
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
