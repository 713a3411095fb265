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
    for (size_t i = 0; i < cfg->n_roles && i < GC_AWS_MAX_ROLES; i++) {
        free(cfg->roles[i].arn);
        free(cfg->roles[i].session_name);
        gc_secret_free(cfg->roles[i].external_id);
        free(cfg->roles[i].duration);
    }
    free(cfg->web_identity.role_arn);
    free(cfg->web_identity.session_name);
    gc_secret_free(cfg->web_identity.token);
    free(cfg->web_identity.token_file);
    free(cfg->web_identity.duration);
    for (int i = 0; i < GC_SVC_COUNT; i++)
        free(cfg->endpoints[i]);
    free(cfg->custom_ca_bundle);
    free(cfg->http_proxy);
    free(cfg->https_proxy);
    free(cfg->no_proxy);
    free(cfg->retry_mode);
    free(cfg->sts_region);
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

int gc_aws_parse_duration(const char *text, int64_t *out_s)
{
    int64_t total = 0;
    const char *p = text;
    *out_s = 0;
    if (!text || !*text)
        return -1;
    while (*p) {
        int64_t n = 0;
        int digits = 0;
        while (isdigit((unsigned char)*p)) {
            if (n > 1000000)
                return -1;
            n = n * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (digits == 0)
            return -1;
        if (*p == 'h')
            n *= 3600;
        else if (*p == 'm' && p[1] != 's')
            n *= 60;
        else if (*p != 's')
            return -1; /* no unit, a fraction, or ms/us/ns: an STS session is counted in whole seconds */
        p++;
        total += n;
        if (total > 1000000)
            return -1;
    }
    *out_s = total;
    return 0;
}

bool gc_aws_region_name_is_valid(const char *region)
{
    /* xx-name-N: two lowercase letters, one or more lowercase words, a number */
    size_t n = region ? strlen(region) : 0;
    int dashes = 0;
    if (n < 6 || n > 32 || !islower((unsigned char)region[0]) || !islower((unsigned char)region[1]) ||
        region[2] != '-' || !isdigit((unsigned char)region[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)region[i];
        if (c == '-')
            dashes++;
        else if (!islower(c) && !isdigit(c))
            return false;
    }
    return dashes >= 2;
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

/* The session length of one role: `duration` ("1h"), else the deprecated `duration_seconds` (with a warning),
 * else 3600. 0 on a bad value (diagnostic added). */
static int64_t s_role_duration(const char *duration, int64_t duration_s, const char *block, size_t index,
                               struct gc_diags *diags)
{
    char path[96];
    int64_t secs = 0;

    if (s_set(duration)) {
        snprintf(path, sizeof path, "%s[%zu].duration", block, index);
        if (gc_aws_parse_duration(duration, &secs) != 0) {
            gc_diags_error_at(diags, path, "Invalid duration",
                              "\"%s\" is not a duration: write whole hours, minutes and seconds such as \"1h\", "
                              "\"45m\" or \"1h30m\".",
                              duration);
            return 0;
        }
        if (secs < 900 || secs > 43200) {
            gc_diags_error_at(diags, path, "Invalid duration",
                              "An assumed-role session lasts from 15m to 12h; \"%s\" is %lld seconds.", duration,
                              (long long)secs);
            return 0;
        }
        if (duration_s != 0) {
            snprintf(path, sizeof path, "%s[%zu].duration_seconds", block, index);
            gc_diags_error_at(diags, path, "Conflicting durations",
                              "Set either duration or the deprecated duration_seconds, not both.");
            return 0;
        }
        return secs;
    }
    if (duration_s != 0) {
        snprintf(path, sizeof path, "%s[%zu].duration_seconds", block, index);
        if (duration_s < 900 || duration_s > 43200) {
            gc_diags_error_at(diags, path, "Invalid duration_seconds",
                              "duration_seconds must be between 900 (15 minutes) and 43200 (12 hours); got %lld.",
                              (long long)duration_s);
            return 0;
        }
        gc_diags_warning_at(diags, path, "Deprecated attribute",
                            "duration_seconds is deprecated, as in the AWS provider v5: write duration = \"%lldm\" "
                            "(or \"1h\") instead.",
                            (long long)(duration_s / 60));
        return duration_s;
    }
    return GC_AWS_DEFAULT_ASSUME_ROLE_DURATION_S;
}

/* Validates one role's ARN, session name and external id; diagnostics on `block`[index].<attr>. */
static bool s_role_fields_valid(const char *arn, const char *session_name, const char *external_id, const char *block,
                                size_t index, struct gc_diags *diags)
{
    char path[96];
    bool valid = true;

    snprintf(path, sizeof path, "%s[%zu].role_arn", block, index);
    if (!s_set(arn)) {
        gc_diags_error_at(diags, path, "Missing role_arn",
                          "The %s block needs role_arn, the ARN of the role to assume "
                          "(arn:aws:iam::<account id>:role/<name>).",
                          block);
        valid = false;
    } else if (!gc_aws_role_arn_is_valid(arn)) {
        gc_diags_error_at(diags, path, "Invalid role_arn",
                          "\"%s\" is not an IAM role ARN: expected arn:aws:iam::<12-digit account id>:role/<name>.",
                          arn);
        valid = false;
    }
    if (s_set(session_name) && !gc_aws_session_name_is_valid(session_name)) {
        snprintf(path, sizeof path, "%s[%zu].session_name", block, index);
        gc_diags_error_at(diags, path, "Invalid session_name",
                          "session_name must be 2 to 64 characters of letters, digits and _+=,.@-.");
        valid = false;
    }
    if (external_id && (strlen(external_id) < 2 || strlen(external_id) > 1224)) {
        snprintf(path, sizeof path, "%s[%zu].external_id", block, index);
        gc_diags_error_at(diags, path, "Invalid external_id", "external_id must be 2 to 1224 characters long.");
        valid = false;
    }
    return valid;
}

static char *s_session_name_or_default(const char *name)
{
    char generated[32];
    if (s_set(name))
        return gc_strdup(name);
    snprintf(generated, sizeof generated, "gcnet-%lld", (long long)time(NULL));
    return gc_strdup(generated);
}

static int s_resolve_assume_role(struct gc_aws_client_settings *out, const struct gc_aws_config *cfg,
                                 struct gc_diags *diags)
{
    int result = -1;
    bool invalid = false;
    int64_t durations[GC_AWS_MAX_ROLES] = {0};

    if (cfg->n_roles == 0)
        return 0;
    if (cfg->n_roles > GC_AWS_MAX_ROLES) {
        gc_diags_error_at(diags, "assume_role", "Too many assume_role blocks",
                          "gcnet chains at most %d roles; %zu are configured.", GC_AWS_MAX_ROLES, cfg->n_roles);
        return -1;
    }
    for (size_t i = 0; i < cfg->n_roles; i++) {
        const struct gc_aws_role *r = &cfg->roles[i];
        if (!s_role_fields_valid(r->arn, r->session_name, r->external_id, "assume_role", i, diags))
            invalid = true;
        durations[i] = s_role_duration(r->duration, r->duration_s, "assume_role", i, diags);
        if (durations[i] == 0)
            invalid = true;
    }
    if (invalid)
        goto cleanup;

    /* the strings belong to *out from here on; the caller cleans it up on failure */
    out->roles = calloc(cfg->n_roles, sizeof *out->roles);
    if (!out->roles)
        goto cleanup;
    out->n_roles = cfg->n_roles;
    for (size_t i = 0; i < cfg->n_roles; i++) {
        const struct gc_aws_role *r = &cfg->roles[i];
        struct gc_aws_role_settings *o = &out->roles[i];
        o->duration_s = durations[i];
        o->arn = gc_strdup(r->arn);
        o->session_name = s_session_name_or_default(r->session_name);
        if (!o->arn || !o->session_name)
            goto cleanup;
        if (s_set(r->external_id)) {
            o->external_id = gc_strdup(r->external_id);
            if (!o->external_id)
                goto cleanup;
        }
        GC_DEBUG("aws: will assume role %s (%zu of %zu, session %s, %lld s)", o->arn, i + 1, cfg->n_roles,
                 o->session_name, (long long)o->duration_s);
    }
    result = 0;
cleanup:
    return result;
}

/* Validates the assume_role_with_web_identity block (the supplier is made by the credential chain). */
static int s_check_web_identity(const struct gc_aws_config *cfg, struct gc_diags *diags)
{
    const struct gc_aws_web_identity *w = &cfg->web_identity;
    bool valid = true;

    if (!cfg->has_web_identity)
        return 0;
    if (!s_role_fields_valid(w->role_arn, w->session_name, NULL, "assume_role_with_web_identity", 0, diags))
        valid = false;
    if (s_set(w->token) == s_set(w->token_file)) {
        gc_diags_error_at(diags, "assume_role_with_web_identity[0]", "Web identity token",
                          "Set exactly one of web_identity_token and web_identity_token_file%s.",
                          s_set(w->token) ? "" : " (or AWS_WEB_IDENTITY_TOKEN_FILE)");
        valid = false;
    }
    if (s_role_duration(w->duration, 0, "assume_role_with_web_identity", 0, diags) == 0)
        valid = false;
    return valid ? 0 : -1;
}

/* A setting from the provider block, else the first set environment variable; NULL: neither. `from` names it. */
static const char *s_pick(const char *block_value, const char *env1, const char *env2, const char **from)
{
    *from = "the provider block";
    if (block_value)
        return block_value;
    *from = env1;
    if (env1 && s_env(env1))
        return s_env(env1);
    *from = env2;
    if (env2 && s_env(env2))
        return s_env(env2);
    return NULL;
}

static int s_dup_optional(char **out, const char *value)
{
    *out = NULL;
    if (!s_set(value))
        return 0;
    *out = gc_strdup(value);
    return *out ? 0 : -1;
}

/* custom_ca_bundle / AWS_CA_BUNDLE, the proxies, retry_mode / AWS_RETRY_MODE, sts_region. */
static int s_resolve_transport(struct gc_aws_client_settings *out, const struct gc_aws_config *cfg,
                               struct gc_diags *diags)
{
    int result = 0;
    const char *from = NULL;
    const char *ca = s_pick(cfg->custom_ca_bundle, "AWS_CA_BUNDLE", NULL, &from);
    const char *http_proxy = s_pick(cfg->http_proxy, "HTTP_PROXY", "http_proxy", &from);
    const char *https_proxy = s_pick(cfg->https_proxy, "HTTPS_PROXY", "https_proxy", &from);
    const char *no_proxy = s_pick(cfg->no_proxy, "NO_PROXY", "no_proxy", &from);
    const char *mode = s_pick(cfg->retry_mode, "AWS_RETRY_MODE", NULL, &from);
    char *ca_path = NULL;

    if (s_set(ca)) {
        ca_path = gc_aws_expand_home(ca);
        FILE *f = ca_path ? fopen(ca_path, "rb") : NULL;
        if (!f) {
            gc_diags_error_at(diags, cfg->custom_ca_bundle ? "custom_ca_bundle" : NULL, "CA bundle not readable",
                              "The CA bundle \"%s\" (from %s) cannot be read. It must be a PEM file of the "
                              "certificates that sign the AWS endpoints (or the TLS-inspecting proxy).",
                              ca, cfg->custom_ca_bundle ? "custom_ca_bundle" : "AWS_CA_BUNDLE");
            result = -1;
        } else {
            fclose(f);
            out->ca_bundle = ca_path;
            ca_path = NULL;
        }
    }
    const char *proxies[2] = {http_proxy, https_proxy};
    const char *names[2] = {"http_proxy", "https_proxy"};
    char **slots[2] = {&out->http_proxy, &out->https_proxy};
    for (int i = 0; i < 2; i++) {
        if (!s_set(proxies[i]))
            continue;
        if (!gc_aws_endpoint_url_is_valid(proxies[i])) {
            gc_diags_error_at(diags, names[i], "Invalid proxy URL",
                              "%s must be an http:// or https:// URL with a host, such as \"http://proxy:3128\".",
                              names[i]);
            result = -1;
        } else if (s_dup_optional(slots[i], proxies[i]) != 0) {
            result = -1;
        }
    }
    if (s_dup_optional(&out->no_proxy, no_proxy) != 0)
        result = -1;
    if (!s_set(mode) || strcmp(mode, "standard") == 0 || strcmp(mode, "legacy") == 0) {
        out->retry_mode = GC_AWS_RETRY_STANDARD;
    } else if (strcmp(mode, "adaptive") == 0) {
        out->retry_mode = GC_AWS_RETRY_ADAPTIVE;
    } else {
        gc_diags_error_at(diags, cfg->retry_mode ? "retry_mode" : NULL, "Invalid retry_mode",
                          "retry_mode \"%s\"%s must be \"standard\" or \"adaptive\".", mode,
                          cfg->retry_mode ? "" : " (from AWS_RETRY_MODE)");
        result = -1;
    }
    if (s_set(cfg->sts_region)) {
        if (!gc_aws_region_name_is_valid(cfg->sts_region)) {
            gc_diags_error_at(diags, "sts_region", "Invalid sts_region",
                              "\"%s\" is not a region name such as \"ap-northeast-1\".", cfg->sts_region);
            result = -1;
        } else if (s_dup_optional(&out->sts_region, cfg->sts_region) != 0) {
            result = -1;
        }
    }
    if (out->http_proxy || out->https_proxy)
        GC_DEBUG("aws: proxy http=%s https=%s no_proxy=%s", out->http_proxy ? "set" : "none",
                 out->https_proxy ? "set" : "none", out->no_proxy ? out->no_proxy : "");
    free(ca_path);
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
    if (gc_aws_credentials_resolve(&tmp.creds, &tmp.supplier, &source, cfg, profile, &ini_config, &ini_creds, diags) !=
        0)
        failed = true;
    if (profile_explicit && !gc_aws_ini_has_profile(&ini_config, profile) &&
        !gc_aws_ini_has_profile(&ini_creds, profile) &&
        (source == GC_AWS_CRED_NONE || source == GC_AWS_CRED_IMDS ||
         (!s_set(cfg->region) && !s_env("AWS_REGION") && !s_env("AWS_DEFAULT_REGION")))) {
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
    if (s_check_web_identity(cfg, diags) != 0)
        failed = true;
    if (s_resolve_transport(&tmp, cfg, diags) != 0)
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
