/* Configuration resolution for the AWS client (gc_aws_resolve): the gc_aws_config life cycle, region, profile,
 * endpoints, retries and assume_role settings, and their validators. It loads the shared files with the ini
 * reader (gc_ini.c) and asks the credential chain (gc_credentials.c) for the keys; neither calls back here. */
#include "aws/gc_config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "aws/gc_aws_private.h"
#include "aws/gc_credentials.h"
#include "aws/gc_ini.h"
#include "base/gc_log.h"
#include "base/gc_secret.h"

/* ---- life cycle ---- */

static void s_free_list(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

void gc_aws_config_clean_up(struct gc_aws_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->region);
    free(cfg->profile);
    s_free_list(cfg->shared_config_files, cfg->n_shared_config_files);
    s_free_list(cfg->shared_credentials_files, cfg->n_shared_credentials_files);
    free(cfg->access_key);
    gc_secret_free(cfg->secret_key);
    gc_secret_free(cfg->token);
    free(cfg->assume_role_arn);
    free(cfg->assume_role_session_name);
    gc_secret_free(cfg->assume_role_external_id);
    for (int i = 0; i < GC_SVC_COUNT; i++)
        free(cfg->endpoints[i]);
    memset(cfg, 0, sizeof(*cfg));
}

/* ---- small validators and tables ---- */

char *gc_aws_expand_home(const char *path)
{
    if (!path)
        return NULL;
    if (path[0] != '~' || (path[1] != '\0' && path[1] != '/'))
        return gc_strdup(path);
    char *result = NULL;
    struct gc_buf buf;
    const char *home = getenv("HOME");
    gc_buf_init(&buf, 1 << 16);
    if (!home || !*home)
        goto cleanup;
    if (gc_buf_printf(&buf, "%s%s", home, path + 1) != 0)
        goto cleanup;
    result = gc_buf_release(&buf);
cleanup:
    gc_buf_clean_up(&buf);
    return result;
}

bool gc_aws_region_is_allowed(const char *region)
{
    return region && (strcmp(region, "ap-northeast-1") == 0 || strcmp(region, "ap-northeast-3") == 0);
}

struct s_endpoint_names {
    const char *key;
    const char *env_sdk;
    const char *env_plain;
};

static const struct s_endpoint_names s_endpoint_names[GC_SVC_COUNT] = {
    [GC_SVC_EC2] = {"ec2", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_EC2"},
    [GC_SVC_STS] = {"sts", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_STS"},
    [GC_SVC_RAM] = {"ram", "AWS_ENDPOINT_URL_RAM", "AWS_ENDPOINT_URL_RAM"},
    [GC_SVC_ROUTE53] = {"route53", "AWS_ENDPOINT_URL_ROUTE_53", "AWS_ENDPOINT_URL_ROUTE53"},
    [GC_SVC_ROUTE53RESOLVER] = {"route53resolver", "AWS_ENDPOINT_URL_ROUTE53RESOLVER",
                                "AWS_ENDPOINT_URL_ROUTE53RESOLVER"},
    [GC_SVC_ACMPCA] = {"acmpca", "AWS_ENDPOINT_URL_ACM_PCA", "AWS_ENDPOINT_URL_ACMPCA"},
    [GC_SVC_DIRECTCONNECT] = {"directconnect", "AWS_ENDPOINT_URL_DIRECT_CONNECT", "AWS_ENDPOINT_URL_DIRECTCONNECT"},
};

const char *gc_aws_endpoint_env_sdk(enum gc_aws_service svc)
{
    return (unsigned)svc < GC_SVC_COUNT ? s_endpoint_names[svc].env_sdk : NULL;
}

const char *gc_aws_endpoint_env_plain(enum gc_aws_service svc)
{
    return (unsigned)svc < GC_SVC_COUNT ? s_endpoint_names[svc].env_plain : NULL;
}

const char *gc_aws_endpoint_key(enum gc_aws_service svc)
{
    return (unsigned)svc < GC_SVC_COUNT ? s_endpoint_names[svc].key : NULL;
}

bool gc_aws_endpoint_url_is_valid(const char *url)
{
    size_t scheme_len = 0;
    if (!url)
        return false;
    if (strncasecmp(url, "https://", 8) == 0)
        scheme_len = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        scheme_len = 7;
    else
        return false;
    for (const char *c = url; *c; c++) {
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c == 0x7f)
            return false;
    }
    const char *host = url + scheme_len;
    size_t host_len = strcspn(host, "/?#");
    if (host_len == 0 || host[0] == ':' || host[0] == '@')
        return false;
    return true;
}

bool gc_aws_role_arn_is_valid(const char *arn)
{
    static const char prefix[] = "arn:aws:iam::";
    if (!arn || strncmp(arn, prefix, sizeof(prefix) - 1) != 0)
        return false;
    const char *p = arn + sizeof(prefix) - 1;
    for (int i = 0; i < 12; i++, p++) {
        if (!isdigit((unsigned char)*p))
            return false;
    }
    if (strncmp(p, ":role/", 6) != 0)
        return false;
    p += 6;
    if (*p == '\0' || p[strlen(p) - 1] == '/')
        return false;
    for (; *p; p++) {
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            return false;
    }
    return true;
}

bool gc_aws_session_name_is_valid(const char *name)
{
    if (!name)
        return false;
    size_t n = strlen(name);
    if (n < 2 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c) && !strchr("_+=,.@-", c))
            return false;
    }
    return true;
}

/* ---- resolution ---- */

static const char *s_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static bool s_set(const char *s)
{
    return s && *s;
}

/* Loads the files of one kind: the provider block's list, else the environment variable, else the default
 * under ~/.aws (missing defaults are fine). */
static int s_load_files(struct gc_aws_ini *ini, enum gc_aws_ini_kind kind, char *const *cfg_files, size_t n_cfg_files,
                        const char *env_name, const char *default_rel, const char *attr, struct gc_diags *diags)
{
    int result = -1;
    char *path = NULL;
    const char *what = kind == GC_AWS_INI_CONFIG ? "shared config" : "shared credentials";
    bool failed = false;

    if (n_cfg_files > 0) {
        for (size_t i = 0; i < n_cfg_files; i++) {
            if (!s_set(cfg_files[i])) {
                gc_diags_error_at(diags, attr, "Invalid AWS shared file path", "Entry %zu of %s is empty.", i, attr);
                failed = true;
                continue;
            }
            free(path);
            path = gc_aws_expand_home(cfg_files[i]);
            if (!path) {
                gc_diags_error_at(diags, attr, "Invalid AWS shared file path", "Cannot expand \"%s\": HOME is not set.",
                                  cfg_files[i]);
                failed = true;
                continue;
            }
            int rc = gc_aws_ini_load(ini, kind, path, attr, diags);
            if (rc == GC_AWS_INI_MISSING) {
                gc_diags_error_at(diags, attr, "AWS shared file not found",
                                  "The %s file \"%s\" listed in %s does not exist.", what, path, attr);
                failed = true;
            } else if (rc != 0) {
                failed = true;
            }
        }
    } else if (s_env(env_name)) {
        path = gc_aws_expand_home(s_env(env_name));
        if (!path) {
            gc_diags_error_at(diags, NULL, "Invalid AWS shared file path", "Cannot expand %s: HOME is not set.",
                              env_name);
            goto cleanup;
        }
        int rc = gc_aws_ini_load(ini, kind, path, NULL, diags);
        if (rc == GC_AWS_INI_MISSING) {
            gc_diags_error_at(diags, NULL, "AWS shared file not found",
                              "The %s file \"%s\" named by the environment variable %s does not exist.", what, path,
                              env_name);
            goto cleanup;
        }
        if (rc != 0)
            goto cleanup;
    } else {
        path = gc_aws_expand_home(default_rel);
        if (path) {
            int rc = gc_aws_ini_load(ini, kind, path, NULL, diags);
            if (rc < 0)
                goto cleanup;
        }
    }
    result = failed ? -1 : 0;
cleanup:
    free(path);
    return result;
}

static int s_resolve_region(struct gc_aws_client_settings *out, const struct gc_aws_config *cfg, const char *profile,
                            const struct gc_aws_ini *ini_config, struct gc_diags *diags)
{
    const char *region = NULL;
    const char *from = NULL;
    if (s_set(cfg->region)) {
        region = cfg->region;
        from = "the provider's region argument";
    } else if (s_env("AWS_REGION")) {
        region = s_env("AWS_REGION");
        from = "the environment variable AWS_REGION";
    } else if (s_env("AWS_DEFAULT_REGION")) {
        region = s_env("AWS_DEFAULT_REGION");
        from = "the environment variable AWS_DEFAULT_REGION";
    } else if (s_set(gc_aws_ini_get(ini_config, profile, "region"))) {
        region = gc_aws_ini_get(ini_config, profile, "region");
        from = "the shared config file";
    }
    if (!region) {
        gc_diags_error_at(diags, "region", "Missing AWS region",
                          "Set `region` in the provider block (or AWS_REGION, or `region` in the shared config "
                          "profile \"%s\"). Government Cloud allows only ap-northeast-1 (Tokyo) and "
                          "ap-northeast-3 (Osaka).",
                          profile);
        return -1;
    }
    if (!gc_aws_region_is_allowed(region)) {
        gc_diags_error_at(diags, "region", "Region not allowed in Government Cloud",
                          "The region \"%s\" (from %s) is not allowed: Government Cloud allows only "
                          "ap-northeast-1 (Tokyo) and ap-northeast-3 (Osaka); other regions are denied by the "
                          "organisation's service control policies.",
                          region, from);
        return -1;
    }
    out->region = gc_strdup(region);
    if (!out->region)
        return -1;
    GC_DEBUG("aws: region %s from %s", region, from);
    return 0;
}

static int s_resolve_endpoints(struct gc_aws_client_settings *out, const struct gc_aws_config *cfg, const char *profile,
                               const struct gc_aws_ini *ini_config, struct gc_diags *diags)
{
    int result = 0;
    bool use_env = true;
    const char *ignore = s_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (ignore && strcasecmp(ignore, "true") == 0)
        use_env = false;

    for (int i = 0; i < GC_SVC_COUNT; i++) {
        enum gc_aws_service svc = (enum gc_aws_service)i;
        const char *url = NULL;
        char path_text[64];
        const char *env_name = NULL;
        const char *diag_path = NULL;
        if (s_set(cfg->endpoints[i])) {
            url = cfg->endpoints[i];
            snprintf(path_text, sizeof(path_text), "endpoints[0].%s", gc_aws_endpoint_key(svc));
            diag_path = path_text;
        } else if (use_env && s_env(gc_aws_endpoint_env_sdk(svc))) {
            env_name = gc_aws_endpoint_env_sdk(svc);
        } else if (use_env && s_env(gc_aws_endpoint_env_plain(svc))) {
            env_name = gc_aws_endpoint_env_plain(svc);
        } else if (use_env && s_env("AWS_ENDPOINT_URL")) {
            env_name = "AWS_ENDPOINT_URL";
        } else if (use_env && s_set(gc_aws_ini_get(ini_config, profile, "endpoint_url"))) {
            url = gc_aws_ini_get(ini_config, profile, "endpoint_url");
        }
        if (env_name)
            url = s_env(env_name);
        if (!url)
            continue;
        if (!gc_aws_endpoint_url_is_valid(url)) {
            if (diag_path)
                gc_diags_error_at(diags, diag_path, "Invalid endpoint URL",
                                  "\"%s\" is not a valid endpoint for %s: expected an http:// or https:// URL "
                                  "with a host, such as \"https://%s.ap-northeast-1.amazonaws.com\".",
                                  url, gc_aws_endpoint_key(svc), gc_aws_endpoint_key(svc));
            else if (env_name)
                gc_diags_error_at(diags, NULL, "Invalid endpoint URL",
                                  "The environment variable %s (\"%s\") is not a valid endpoint for %s: expected "
                                  "an http:// or https:// URL with a host.",
                                  env_name, url, gc_aws_endpoint_key(svc));
            else
                gc_diags_error_at(diags, NULL, "Invalid endpoint URL",
                                  "endpoint_url \"%s\" in the shared config profile \"%s\" is not a valid "
                                  "endpoint: expected an http:// or https:// URL with a host.",
                                  url, profile);
            result = -1;
            continue;
        }
        char *copy = gc_strdup(url);
        if (!copy) {
            result = -1;
            continue;
        }
        size_t len = strlen(copy);
        while (len > 0 && copy[len - 1] == '/' && len > strcspn(copy, ":") + 3)
            copy[--len] = '\0';
        free(out->endpoints[i]);
        out->endpoints[i] = copy;
        GC_DEBUG("aws: endpoint override for %s from %s", gc_aws_endpoint_key(svc),
                 diag_path  ? "the provider block"
                 : env_name ? env_name
                            : "the shared config file");
    }
    return result;
}

static int s_resolve_assume_role(struct gc_aws_client_settings *out, const struct gc_aws_config *cfg,
                                 struct gc_diags *diags)
{
    int result = -1;
    bool invalid = false;
    int64_t duration = cfg->assume_role_duration_seconds;
    char name[32];

    if (!cfg->has_assume_role)
        return 0;
    if (!s_set(cfg->assume_role_arn)) {
        gc_diags_error_at(diags, "assume_role.role_arn", "Missing role_arn",
                          "The assume_role block needs role_arn, the ARN of the role to assume "
                          "(arn:aws:iam::<account id>:role/<name>).");
        invalid = true;
    } else if (!gc_aws_role_arn_is_valid(cfg->assume_role_arn)) {
        gc_diags_error_at(diags, "assume_role.role_arn", "Invalid role_arn",
                          "\"%s\" is not an IAM role ARN: expected arn:aws:iam::<12-digit account id>:role/<name>.",
                          cfg->assume_role_arn);
        invalid = true;
    }
    if (duration != 0 && (duration < 900 || duration > 43200)) {
        gc_diags_error_at(diags, "assume_role.duration_seconds", "Invalid duration_seconds",
                          "duration_seconds must be between 900 (15 minutes) and 43200 (12 hours); got %lld.",
                          (long long)duration);
        invalid = true;
    }
    if (s_set(cfg->assume_role_session_name) && !gc_aws_session_name_is_valid(cfg->assume_role_session_name)) {
        gc_diags_error_at(diags, "assume_role.session_name", "Invalid session_name",
                          "session_name must be 2 to 64 characters of letters, digits and _+=,.@-.");
        invalid = true;
    }
    if (cfg->assume_role_external_id &&
        (strlen(cfg->assume_role_external_id) < 2 || strlen(cfg->assume_role_external_id) > 1224)) {
        gc_diags_error_at(diags, "assume_role.external_id", "Invalid external_id",
                          "external_id must be 2 to 1224 characters long.");
        invalid = true;
    }
    if (invalid)
        goto cleanup;

    /* the strings belong to *out from here on; the caller cleans it up on failure */
    out->has_assume_role = true;
    out->assume_role_duration_seconds = duration ? duration : GC_AWS_DEFAULT_ASSUME_ROLE_DURATION_S;
    out->assume_role_arn = gc_strdup(cfg->assume_role_arn);
    if (!out->assume_role_arn)
        goto cleanup;
    if (s_set(cfg->assume_role_session_name)) {
        out->assume_role_session_name = gc_strdup(cfg->assume_role_session_name);
    } else {
        snprintf(name, sizeof(name), "gcnet-%lld", (long long)time(NULL));
        out->assume_role_session_name = gc_strdup(name);
    }
    if (!out->assume_role_session_name)
        goto cleanup;
    if (s_set(cfg->assume_role_external_id)) {
        out->assume_role_external_id = gc_strdup(cfg->assume_role_external_id);
        if (!out->assume_role_external_id)
            goto cleanup;
    }
    GC_DEBUG("aws: will assume role %s (session %s, %lld s)", out->assume_role_arn, out->assume_role_session_name,
             (long long)out->assume_role_duration_seconds);
    result = 0;
cleanup:
    return result;
}

int gc_aws_resolve(struct gc_aws_client_settings *out, const struct gc_aws_config *cfg, struct gc_diags *diags)
{
    int result = -1;
    struct gc_aws_client_settings tmp;
    struct gc_aws_ini ini_config = {0};
    struct gc_aws_ini ini_creds = {0};
    enum gc_aws_cred_source source = GC_AWS_CRED_NONE;
    const char *profile = "default";
    bool profile_explicit = false;
    bool failed = false;

    memset(&tmp, 0, sizeof(tmp));
    if (!out || !cfg) {
        gc_diags_error_at(diags, NULL, "Internal error", "gc_aws_resolve called without a configuration.");
        return -1;
    }
    if (s_set(cfg->profile)) {
        profile = cfg->profile;
        profile_explicit = true;
    } else if (s_env("AWS_PROFILE")) {
        profile = s_env("AWS_PROFILE");
        profile_explicit = true;
    }

    if (s_load_files(&ini_config, GC_AWS_INI_CONFIG, cfg->shared_config_files, cfg->n_shared_config_files,
                     "AWS_CONFIG_FILE", "~/.aws/config", "shared_config_files", diags) != 0)
        failed = true;
    if (s_load_files(&ini_creds, GC_AWS_INI_CREDENTIALS, cfg->shared_credentials_files, cfg->n_shared_credentials_files,
                     "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials", "shared_credentials_files", diags) != 0)
        failed = true;
    if (failed)
        goto cleanup; /* resolving further would only pile up misleading follow-up errors */

    if (s_resolve_region(&tmp, cfg, profile, &ini_config, diags) != 0)
        failed = true;
    if (gc_aws_credentials_resolve(&tmp.creds, &source, cfg, profile, &ini_config, &ini_creds, diags) != 0)
        failed = true;
    if (profile_explicit && !gc_aws_ini_has_profile(&ini_config, profile) &&
        !gc_aws_ini_has_profile(&ini_creds, profile) &&
        (source == GC_AWS_CRED_NONE || (!s_set(cfg->region) && !s_env("AWS_REGION") && !s_env("AWS_DEFAULT_REGION")))) {
        bool from_cfg = s_set(cfg->profile);
        gc_diags_error_at(diags, from_cfg ? "profile" : NULL, "AWS profile not found",
                          "The profile \"%s\" (from %s) is in neither the shared config nor the shared "
                          "credentials file.",
                          profile, from_cfg ? "the provider's profile argument" : "AWS_PROFILE");
        failed = true;
    }
    if (s_resolve_endpoints(&tmp, cfg, profile, &ini_config, diags) != 0)
        failed = true;
    if (s_resolve_assume_role(&tmp, cfg, diags) != 0)
        failed = true;
    tmp.max_retries = cfg->max_retries < 0 ? GC_AWS_DEFAULT_MAX_RETRIES : cfg->max_retries;
    tmp.skip_credentials_validation = cfg->skip_credentials_validation;
    if (failed)
        goto cleanup;

    *out = tmp;
    memset(&tmp, 0, sizeof(tmp));
    result = 0;
cleanup:
    gc_aws_client_settings_clean_up(&tmp);
    gc_aws_ini_clean_up(&ini_config);
    gc_aws_ini_clean_up(&ini_creds);
    return result;
}
