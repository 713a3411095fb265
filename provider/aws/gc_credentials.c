/* Credentials: their life cycle (secrets are wiped) and the static credential chain (provider block,
 * environment, shared credentials profile, shared config profile), which reads the shared files through the ini
 * reader (gc_ini.h). Configuration resolution (gc_config.c) calls this module, never the other way round. */
#include "aws/gc_credentials.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aws/gc_config.h"
#include "aws/gc_cred_sources.h"
#include "base/gc_log.h"
#include "base/gc_secret.h"

void gc_aws_credentials_clean_up(struct gc_aws_credentials *creds)
{
    if (!creds)
        return;
    free(creds->access_key_id);
    gc_secret_free(creds->secret_access_key);
    gc_secret_free(creds->session_token);
    memset(creds, 0, sizeof *creds);
}

int gc_aws_credentials_copy(struct gc_aws_credentials *out, const struct gc_aws_credentials *in)
{
    memset(out, 0, sizeof *out);
    out->access_key_id = gc_strdup(in->access_key_id);
    out->secret_access_key = gc_strdup(in->secret_access_key);
    out->session_token = gc_strdup(in->session_token);
    out->expiration = in->expiration;
    if ((in->access_key_id && !out->access_key_id) || (in->secret_access_key && !out->secret_access_key) ||
        (in->session_token && !out->session_token)) {
        gc_aws_credentials_clean_up(out);
        return -1;
    }
    return 0;
}

const char *gc_aws_cred_source_name(enum gc_aws_cred_source source)
{
    switch (source) {
    case GC_AWS_CRED_PROVIDER_BLOCK:
        return "provider block";
    case GC_AWS_CRED_ENV:
        return "environment";
    case GC_AWS_CRED_SHARED_CREDENTIALS:
        return "shared credentials file";
    case GC_AWS_CRED_SHARED_CONFIG:
        return "shared config file";
    case GC_AWS_CRED_WEB_IDENTITY:
        return "web identity token";
    case GC_AWS_CRED_PROCESS:
        return "credential_process";
    case GC_AWS_CRED_SSO:
        return "SSO session";
    case GC_AWS_CRED_IMDS:
        return "EC2 instance metadata";
    case GC_AWS_CRED_NONE:
        break;
    }
    return "none";
}

static bool s_set(const char *s)
{
    return s && *s;
}

static const char *s_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* Copies a complete set into *out. `token` may be NULL. */
static int s_take(struct gc_aws_credentials *out, const char *key_id, const char *secret, const char *token)
{
    int result = -1;
    struct gc_aws_credentials tmp = {0};
    tmp.access_key_id = gc_strdup(key_id);
    tmp.secret_access_key = gc_strdup(secret);
    if (s_set(token)) {
        tmp.session_token = gc_strdup(token);
        if (!tmp.session_token)
            goto cleanup;
    }
    if (!tmp.access_key_id || !tmp.secret_access_key)
        goto cleanup;
    *out = tmp;
    memset(&tmp, 0, sizeof(tmp));
    result = 0;
cleanup:
    gc_aws_credentials_clean_up(&tmp);
    return result;
}

/* Returns 1 when the profile in `ini` holds a complete key pair (copied into *out), 0 when it holds none,
 * -1 on a partial pair (diagnostic added) or allocation failure. */
static int s_from_ini(struct gc_aws_credentials *out, const struct gc_aws_ini *ini, const char *profile,
                      const char *what, struct gc_diags *diags)
{
    const char *id = gc_aws_ini_get(ini, profile, "aws_access_key_id");
    const char *secret = gc_aws_ini_get(ini, profile, "aws_secret_access_key");
    const char *token = gc_aws_ini_get(ini, profile, "aws_session_token");
    if (!s_set(id) && !s_set(secret))
        return 0;
    if (!s_set(id) || !s_set(secret)) {
        gc_diags_error_at(diags, NULL, "Incomplete AWS credentials in profile",
                          "The profile \"%s\" in the %s file sets %s but not %s; set both or neither.", profile, what,
                          s_set(id) ? "aws_access_key_id" : "aws_secret_access_key",
                          s_set(id) ? "aws_secret_access_key" : "aws_access_key_id");
        return -1;
    }
    return s_take(out, id, secret, token) == 0 ? 1 : -1;
}

/* A hint for profiles that use a credential source gcnet does not implement (a role chained in the profile:
 * write assume_role blocks in the provider instead). */
static const char *s_unsupported_hint(const struct gc_aws_ini *ini_config, const struct gc_aws_ini *ini_creds,
                                      const char *profile)
{
    static const char *const keys[] = {"role_arn", "source_profile", "credential_source"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (gc_aws_ini_get(ini_config, profile, keys[i]) || gc_aws_ini_get(ini_creds, profile, keys[i]))
            return keys[i];
    }
    return NULL;
}

static const char *s_profile_get(const struct gc_aws_ini *ini_config, const struct gc_aws_ini *ini_creds,
                                 const char *profile, const char *key)
{
    const char *v = gc_aws_ini_get(ini_config, profile, key);
    if (!s_set(v))
        v = gc_aws_ini_get(ini_creds, profile, key);
    return s_set(v) ? v : NULL;
}

/* The profile's SSO settings: sso_session = <name> with a [sso-session <name>] section (sso_start_url,
 * sso_region), or the legacy sso_start_url / sso_region in the profile; plus sso_account_id and sso_role_name.
 * Returns 1 with *supplier set, 0 when the profile uses no SSO, -1 on incomplete settings (diagnostic). */
static int s_sso_from_profile(struct gc_aws_cred_supplier *supplier, const struct gc_aws_ini *ini_config,
                              const char *profile, struct gc_diags *diags)
{
    int result = -1;
    char section[320];
    const char *session = gc_aws_ini_get(ini_config, profile, "sso_session");
    const char *start_url = gc_aws_ini_get(ini_config, profile, "sso_start_url");
    const char *region = gc_aws_ini_get(ini_config, profile, "sso_region");
    const char *account = gc_aws_ini_get(ini_config, profile, "sso_account_id");
    const char *role = gc_aws_ini_get(ini_config, profile, "sso_role_name");
    const char *portal = s_env("AWS_ENDPOINT_URL_SSO");

    if (!s_set(session) && !s_set(start_url))
        return 0;
    if (s_set(session)) {
        snprintf(section, sizeof section, "sso-session %s", session);
        if (!gc_aws_ini_has_profile(ini_config, section)) {
            gc_diags_error_at(diags, NULL, "SSO session not found",
                              "The profile \"%s\" names sso_session \"%s\", but the shared config file has no "
                              "[sso-session %s] section.",
                              profile, session, session);
            goto cleanup;
        }
        start_url = gc_aws_ini_get(ini_config, section, "sso_start_url");
        region = gc_aws_ini_get(ini_config, section, "sso_region");
    }
    if (!s_set(start_url) || !s_set(region) || !s_set(account) || !s_set(role)) {
        gc_diags_error_at(diags, NULL, "Incomplete SSO profile",
                          "The profile \"%s\" uses SSO but lacks %s: it needs sso_start_url and sso_region (in the "
                          "profile or its [sso-session] section), sso_account_id and sso_role_name.",
                          profile,
                          !s_set(start_url) ? "sso_start_url"
                          : !s_set(region)  ? "sso_region"
                          : !s_set(account) ? "sso_account_id"
                                            : "sso_role_name");
        goto cleanup;
    }
    if (portal && !gc_aws_endpoint_url_is_valid(portal)) {
        gc_diags_error_at(diags, NULL, "Invalid endpoint URL",
                          "The environment variable AWS_ENDPOINT_URL_SSO is not an http:// or https:// URL with a "
                          "host.");
        goto cleanup;
    }
    if (gc_cred_sso_supplier(supplier, s_set(session) ? session : NULL, start_url, region, account, role, portal) != 0)
        goto cleanup;
    result = 1;
cleanup:
    return result;
}

/* The profile's fetched sources: credential_process, SSO, web_identity_token_file + role_arn. 1 with *supplier
 * set (and *found), 0 when none, -1 on error. */
static int s_fetched_from_profile(struct gc_aws_cred_supplier *supplier, enum gc_aws_cred_source *found,
                                  const struct gc_aws_ini *ini_config, const struct gc_aws_ini *ini_creds,
                                  const char *profile, struct gc_diags *diags)
{
    const char *process = s_profile_get(ini_config, ini_creds, profile, "credential_process");
    const char *token_file = s_profile_get(ini_config, ini_creds, profile, "web_identity_token_file");
    const char *role_arn = s_profile_get(ini_config, ini_creds, profile, "role_arn");

    if (process) {
        *found = GC_AWS_CRED_PROCESS;
        return gc_cred_process_supplier(supplier, process) == 0 ? 1 : -1;
    }
    int rc = s_sso_from_profile(supplier, ini_config, profile, diags);
    if (rc != 0) {
        *found = GC_AWS_CRED_SSO;
        return rc;
    }
    if (token_file && role_arn) {
        *found = GC_AWS_CRED_WEB_IDENTITY;
        return gc_cred_web_identity_supplier(supplier, role_arn,
                                             s_profile_get(ini_config, ini_creds, profile, "role_session_name"), NULL,
                                             token_file, 0) == 0
                   ? 1
                   : -1;
    }
    return 0;
}

static bool s_imds_disabled(void)
{
    const char *v = s_env("AWS_EC2_METADATA_DISABLED");
    return v && strcasecmp(v, "true") == 0;
}

int gc_aws_credentials_resolve(struct gc_aws_credentials *out, struct gc_aws_cred_supplier *supplier,
                               enum gc_aws_cred_source *source, const struct gc_aws_config *cfg, const char *profile,
                               const struct gc_aws_ini *ini_config, const struct gc_aws_ini *ini_creds,
                               struct gc_diags *diags)
{
    int result = -1;
    int rc = 0;
    enum gc_aws_cred_source found = GC_AWS_CRED_NONE;

    *source = GC_AWS_CRED_NONE;
    memset(supplier, 0, sizeof *supplier);
    /* 0. assume_role_with_web_identity (validated by gc_config.c; the token file may also come from the env) */
    if (cfg->has_web_identity) {
        const struct gc_aws_web_identity *w = &cfg->web_identity;
        int64_t duration_s = 0;
        if (s_set(w->duration))
            gc_aws_parse_duration(w->duration, &duration_s);
        const char *file = s_set(w->token_file) ? w->token_file : NULL;
        if (!s_set(w->token) && !file)
            file = s_env("AWS_WEB_IDENTITY_TOKEN_FILE");
        if (gc_cred_web_identity_supplier(supplier, w->role_arn, w->session_name, w->token, file, duration_s) != 0)
            goto cleanup;
        found = GC_AWS_CRED_WEB_IDENTITY;
        goto done;
    }
    /* 1. provider block */
    if (s_set(cfg->access_key) || s_set(cfg->secret_key)) {
        if (!s_set(cfg->access_key) || !s_set(cfg->secret_key)) {
            bool has_id = s_set(cfg->access_key);
            gc_diags_error_at(diags, has_id ? "access_key" : "secret_key", "Incomplete AWS credentials",
                              "%s is set but %s is not: set both access_key and secret_key in the provider "
                              "block, or neither.",
                              has_id ? "access_key" : "secret_key", has_id ? "secret_key" : "access_key");
            goto cleanup;
        }
        if (s_take(out, cfg->access_key, cfg->secret_key, cfg->token) != 0)
            goto cleanup;
        found = GC_AWS_CRED_PROVIDER_BLOCK;
        goto done;
    }
    if (s_set(cfg->token)) {
        gc_diags_error_at(diags, "token", "Incomplete AWS credentials",
                          "token is set but access_key and secret_key are not: a session token is only valid "
                          "together with its access key and secret key.");
        goto cleanup;
    }

    /* 2. environment */
    {
        const char *id = s_env("AWS_ACCESS_KEY_ID");
        const char *secret = s_env("AWS_SECRET_ACCESS_KEY");
        if (!id)
            id = s_env("AWS_ACCESS_KEY");
        if (!secret)
            secret = s_env("AWS_SECRET_KEY");
        if (id && secret) {
            if (s_take(out, id, secret, s_env("AWS_SESSION_TOKEN")) != 0)
                goto cleanup;
            found = GC_AWS_CRED_ENV;
            goto done;
        }
        if (id || secret)
            gc_diags_warning_at(diags, NULL, "Incomplete AWS credentials in the environment",
                                "%s is set but %s is not, so the environment's credentials are ignored.",
                                id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                                id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
    }

    /* 2b. web identity from the environment (EKS, GitHub Actions OIDC) */
    if (s_env("AWS_ROLE_ARN") && s_env("AWS_WEB_IDENTITY_TOKEN_FILE")) {
        if (gc_cred_web_identity_supplier(supplier, s_env("AWS_ROLE_ARN"), s_env("AWS_ROLE_SESSION_NAME"), NULL,
                                          s_env("AWS_WEB_IDENTITY_TOKEN_FILE"), 0) != 0)
            goto cleanup;
        found = GC_AWS_CRED_WEB_IDENTITY;
        goto done;
    }

    /* 3. shared credentials file, 4. shared config file */
    rc = s_from_ini(out, ini_creds, profile, "shared credentials", diags);
    if (rc < 0)
        goto cleanup;
    if (rc == 1) {
        found = GC_AWS_CRED_SHARED_CREDENTIALS;
        goto done;
    }
    rc = s_from_ini(out, ini_config, profile, "shared config", diags);
    if (rc < 0)
        goto cleanup;
    if (rc == 1) {
        found = GC_AWS_CRED_SHARED_CONFIG;
        goto done;
    }
    /* 5. the profile's credential_process, SSO session or web identity token file */
    rc = s_fetched_from_profile(supplier, &found, ini_config, ini_creds, profile, diags);
    if (rc < 0)
        goto cleanup;
    if (rc == 1)
        goto done;
    /* 6. EC2 instance metadata: the last resort, as in the AWS provider (fetched, and judged, by the client) */
    if (!s_imds_disabled()) {
        if (gc_cred_imds_supplier(supplier, s_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")) != 0)
            goto cleanup;
        found = GC_AWS_CRED_IMDS;
        goto done;
    }

    {
        const char *hint = s_unsupported_hint(ini_config, ini_creds, profile);
        gc_diags_error_at(
            diags, NULL, "No valid credential sources found",
            "gcnet looked for AWS credentials in: the provider block (access_key and secret_key); the environment "
            "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN); the profile \"%s\" in "
            "the shared credentials file and the shared config file (aws_access_key_id, aws_secret_access_key, "
            "aws_session_token, credential_process, an SSO session, web_identity_token_file). %s%s%sEC2 instance "
            "metadata is disabled (AWS_EC2_METADATA_DISABLED=true).",
            profile, hint ? "The profile uses `" : "", hint ? hint : "",
            hint ? "`, which gcnet does not support: write the role as an assume_role block in the provider "
                   "instead, or export temporary credentials, for example "
                   "`eval \"$(aws configure export-credentials --format env)\"`. "
                 : "");
        goto cleanup;
    }

done:
    *source = found;
    if (found == GC_AWS_CRED_SHARED_CREDENTIALS || found == GC_AWS_CRED_SHARED_CONFIG)
        GC_DEBUG("aws: credentials from the %s (profile %s)%s", gc_aws_cred_source_name(found), profile,
                 out->session_token ? ", with a session token" : "");
    else
        GC_DEBUG("aws: credentials from the %s%s", gc_aws_cred_source_name(found),
                 out->session_token ? ", with a session token" : "");
    result = 0;
cleanup:
    if (result != 0)
        gc_cred_supplier_clean_up(supplier);
    return result;
}
