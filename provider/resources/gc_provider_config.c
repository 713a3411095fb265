/* The provider block: AWS-provider conventions (region, profile, shared files, static keys, assume_role,
 * endpoints, max_retries, default_tags, skip_credentials_validation), restricted to the Government Cloud
 * regions. ConfigureProvider builds the AWS client and checks the credentials with STS GetCallerIdentity. */
#include <stdlib.h>
#include <string.h>

#include "base/gc_log.h"
#include "framework/gc_journal.h"
#include "framework/gc_read_cache.h"
#include "framework/gc_resource.h"

static int s_validate_region(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *r = gc_value_string(value);
    if (gc_aws_region_is_allowed(r))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Region not allowed in the Government Cloud",
                 "\"%s\" is not allowed: the Government Cloud permits only Tokyo (ap-northeast-1) and Osaka "
                 "(ap-northeast-3).",
                 r ? r : "");
    return -1;
}

static int s_validate_retries(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    int64_t n = 0;
    if (gc_value_int64(value, &n) == 0 && n >= 0 && n <= 100)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid max_retries", "max_retries must be a whole number from 0 to 100.");
    return -1;
}

static int s_validate_role_arn(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(value);
    if (gc_aws_role_arn_is_valid(s))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid role ARN",
                 "\"%s\" is not an IAM role ARN such as \"arn:aws:iam::123456789012:role/gcnet\".", s ? s : "");
    return -1;
}

static int s_validate_assume_duration(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    int64_t n = 0;
    if (gc_value_int64(value, &n) == 0 && n >= 900 && n <= 43200)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid duration_seconds",
                 "An assumed-role session lasts 900 to 43200 seconds.");
    return -1;
}

static int s_validate_duration(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    int64_t secs = 0;
    const char *s = gc_value_string(value);
    if (gc_aws_parse_duration(s, &secs) == 0 && secs >= 900 && secs <= 43200)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid duration",
                 "\"%s\" is not a session length from 15m to 12h: write whole hours, minutes and seconds such as "
                 "\"1h\", \"45m\" or \"1h30m\".",
                 s ? s : "");
    return -1;
}

static int s_validate_session_name(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    if (gc_aws_session_name_is_valid(gc_value_string(value)))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid session_name",
                 "session_name must be 2 to 64 characters of letters, digits and _+=,.@-.");
    return -1;
}

static int s_validate_retry_mode(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(value);
    if (s && (strcmp(s, "standard") == 0 || strcmp(s, "adaptive") == 0))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid retry_mode", "\"%s\": expected \"standard\" or \"adaptive\".",
                 s ? s : "");
    return -1;
}

static int s_validate_region_name(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(value);
    if (gc_aws_region_name_is_valid(s))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid region name",
                 "\"%s\" is not a region name such as \"ap-northeast-1\".", s ? s : "");
    return -1;
}

static int s_validate_proxy(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(value);
    if (s && (*s == '\0' || gc_aws_endpoint_url_is_valid(s)))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid proxy URL",
                 "expected an http:// or https:// URL with a host, such as \"http://proxy.example.jp:3128\", or \"\" "
                 "for none.");
    return -1;
}

static const struct gc_attr_def s_assume_role_attrs[] = {
    {"duration", &gc_type_string, GC_ATTR_OPTIONAL,
     "Session length as a duration string, 15m to 12h (\"1h\", \"90m\"); default 1h.", s_validate_duration, NULL},
    {"duration_seconds", &gc_type_number, GC_ATTR_OPTIONAL,
     "Deprecated: use duration. Session length in seconds (900-43200).", s_validate_assume_duration, NULL},
    {"external_id", &gc_type_string, GC_ATTR_OPTIONAL, "External ID the role's trust policy requires.", NULL, NULL},
    {"role_arn", &gc_type_string, GC_ATTR_REQUIRED, "ARN of the IAM role to assume.", s_validate_role_arn, NULL},
    {"session_name", &gc_type_string, GC_ATTR_OPTIONAL, "Session name (default gcnet-<time>).", s_validate_session_name,
     NULL},
};
static struct gc_block_def s_assume_role_block = {
    s_assume_role_attrs,
    5,
    NULL,
    0,
    "Assume an IAM role before calling AWS. Several blocks chain: each role is assumed with the credentials of the "
    "one before.",
    NULL};

static const struct gc_attr_def s_web_identity_attrs[] = {
    {"duration", &gc_type_string, GC_ATTR_OPTIONAL, "Session length, 15m to 12h (default 1h).", s_validate_duration,
     NULL},
    {"role_arn", &gc_type_string, GC_ATTR_REQUIRED, "ARN of the IAM role to assume.", s_validate_role_arn, NULL},
    {"session_name", &gc_type_string, GC_ATTR_OPTIONAL, "Session name (default gcnet-<time>).", s_validate_session_name,
     NULL},
    {"web_identity_token", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_SENSITIVE,
     "The OIDC token (else web_identity_token_file).", NULL, NULL},
    {"web_identity_token_file", &gc_type_string, GC_ATTR_OPTIONAL,
     "File holding the OIDC token, read again at each refresh (else AWS_WEB_IDENTITY_TOKEN_FILE).", NULL, NULL},
};
static struct gc_block_def s_web_identity_block = {
    s_web_identity_attrs,
    5,
    NULL,
    0,
    "Get the base credentials with STS AssumeRoleWithWebIdentity (an OIDC token from a CI system).",
    NULL};

static const struct gc_attr_def s_ignore_tags_attrs[] = {
    {"key_prefixes", &gc_type_set_string, GC_ATTR_OPTIONAL, "Tag key prefixes to ignore.", NULL, NULL},
    {"keys", &gc_type_set_string, GC_ATTR_OPTIONAL, "Tag keys to ignore.", NULL, NULL},
};
static struct gc_block_def s_ignore_tags_block = {
    s_ignore_tags_attrs,
    2,
    NULL,
    0,
    "Tags managed outside Terraform: neither planned, nor shown as drift, nor removed.",
    NULL};

#define GC_ENDPOINT_ATTR(key, what)                                                                                    \
    {                                                                                                                  \
        key, &gc_type_string, GC_ATTR_OPTIONAL, "Endpoint URL for " what " (overrides AWS_ENDPOINT_URL_*).", NULL,     \
            NULL                                                                                                       \
    }
static const struct gc_attr_def s_endpoint_attrs[] = {
    GC_ENDPOINT_ATTR("acmpca", "AWS Private CA"),
    GC_ENDPOINT_ATTR("directconnect", "Direct Connect"),
    GC_ENDPOINT_ATTR("ec2", "EC2 (Transit Gateway, VPC)"),
    GC_ENDPOINT_ATTR("ram", "Resource Access Manager"),
    GC_ENDPOINT_ATTR("route53", "Route 53"),
    GC_ENDPOINT_ATTR("route53resolver", "Route 53 Resolver"),
    GC_ENDPOINT_ATTR("sts", "STS"),
};
static struct gc_block_def s_endpoints_block = {
    .attrs = s_endpoint_attrs, .n_attrs = 7, .description = "Custom service endpoints."};

static const struct gc_attr_def s_default_tags_attrs[] = {
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL, "Tags applied to every taggable object gcnet creates.",
     gc_validate_tags, NULL},
};
static struct gc_block_def s_default_tags_block = {
    s_default_tags_attrs, 1, NULL, 0, "Tags for every object, as in the AWS provider.", NULL};

static const struct gc_attr_def s_provider_attrs[] = {
    {"access_key", &gc_type_string, GC_ATTR_OPTIONAL, "AWS access key ID (else the environment or shared files).", NULL,
     NULL},
    {"allowed_account_ids", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "The only AWS accounts gcnet may change; any other fails ConfigureProvider.", gc_validate_account_id, NULL},
    {"custom_ca_bundle", &gc_type_string, GC_ATTR_OPTIONAL,
     "PEM file of CA certificates to trust (else AWS_CA_BUNDLE, else the system store).", NULL, NULL},
    {"forbidden_account_ids", &gc_type_set_string, GC_ATTR_OPTIONAL,
     "AWS accounts gcnet must never change; one of them fails ConfigureProvider.", gc_validate_account_id, NULL},
    {"http_proxy", &gc_type_string, GC_ATTR_OPTIONAL, "Proxy for http:// endpoints (else HTTP_PROXY / http_proxy).",
     s_validate_proxy, NULL},
    {"https_proxy", &gc_type_string, GC_ATTR_OPTIONAL, "Proxy for https:// endpoints (else HTTPS_PROXY / https_proxy).",
     s_validate_proxy, NULL},
    {"max_retries", &gc_type_number, GC_ATTR_OPTIONAL,
     "Retries for throttled or failed AWS calls (default 25), with capped exponential backoff.", s_validate_retries,
     NULL},
    {"no_proxy", &gc_type_string, GC_ATTR_OPTIONAL,
     "Comma-separated hosts and domains reached without the proxy (else NO_PROXY / no_proxy).", NULL, NULL},
    {"profile", &gc_type_string, GC_ATTR_OPTIONAL, "Profile of the shared config and credentials files.", NULL, NULL},
    {"region", &gc_type_string, GC_ATTR_OPTIONAL,
     "ap-northeast-1 (Tokyo) or ap-northeast-3 (Osaka): the Government Cloud regions. Else AWS_REGION.",
     s_validate_region, NULL},
    {"retry_mode", &gc_type_string, GC_ATTR_OPTIONAL,
     "\"standard\" or \"adaptive\" (else AWS_RETRY_MODE): both retry with capped backoff and jitter; adaptive also "
     "slows the provider's sending down after throttling answers (client-side rate limiting).",
     s_validate_retry_mode, NULL},
    {"secret_key", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_SENSITIVE, "AWS secret access key.", NULL, NULL},
    {"shared_config_files", &gc_type_list_string, GC_ATTR_OPTIONAL, "Shared config files (default ~/.aws/config).",
     NULL, NULL},
    {"shared_credentials_files", &gc_type_list_string, GC_ATTR_OPTIONAL,
     "Shared credentials files (default ~/.aws/credentials).", NULL, NULL},
    {"skip_credentials_validation", &gc_type_bool, GC_ATTR_OPTIONAL,
     "Skip the STS GetCallerIdentity check at configure time.", NULL, NULL},
    {"sts_region", &gc_type_string, GC_ATTR_OPTIONAL, "Region of the STS endpoint (default: region).",
     s_validate_region_name, NULL},
    {"token", &gc_type_string, GC_ATTR_OPTIONAL | GC_ATTR_SENSITIVE, "AWS session token.", NULL, NULL},
};

static const struct gc_nested_def s_provider_blocks[] = {
    {"assume_role", GC_NEST_LIST, 0, GC_AWS_MAX_ROLES, &s_assume_role_block, 0},
    {"assume_role_with_web_identity", GC_NEST_LIST, 0, 1, &s_web_identity_block, 0},
    {"default_tags", GC_NEST_LIST, 0, 1, &s_default_tags_block, 0},
    {"endpoints", GC_NEST_LIST, 0, 1, &s_endpoints_block, 0},
    {"ignore_tags", GC_NEST_LIST, 0, 1, &s_ignore_tags_block, 0},
};

static struct gc_block_def s_provider_block = {
    s_provider_attrs,
    sizeof s_provider_attrs / sizeof s_provider_attrs[0],
    s_provider_blocks,
    sizeof s_provider_blocks / sizeof s_provider_blocks[0],
    "gcnet builds the Government Cloud network of Tokushima's municipalities "
    "on AWS.",
    NULL};

static char *s_dup_attr(const struct gc_value *obj, const char *name)
{
    return gc_strdup(gc_value_get_string(obj, name));
}

static int s_string_list(const struct gc_value *list, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t len = gc_value_length(list);
    if (gc_value_is_null(list) || !gc_value_is_known(list) || len == 0)
        return 0;
    char **items = calloc(len, sizeof(*items));
    if (!items)
        return -1;
    for (size_t i = 0; i < len; i++)
        items[i] = gc_strdup(gc_value_string(gc_value_index(list, i)));
    *out = items;
    *n = len;
    return 0;
}

static const struct gc_value *s_first_block(const struct gc_value *config, const char *name)
{
    const struct gc_value *list = gc_value_object_get(config, name);
    return gc_value_length(list) > 0 ? gc_value_index(list, 0) : NULL;
}

static int s_build_aws_config(struct gc_aws_config *cfg, const struct gc_value *config)
{
    int64_t n = 0;
    bool b = false;
    memset(cfg, 0, sizeof(*cfg));
    cfg->region = s_dup_attr(config, "region");
    cfg->profile = s_dup_attr(config, "profile");
    cfg->access_key = s_dup_attr(config, "access_key");
    cfg->secret_key = s_dup_attr(config, "secret_key");
    cfg->token = s_dup_attr(config, "token");
    cfg->max_retries = gc_value_get_int64(config, "max_retries", &n) == 0 ? (int)n : -1;
    cfg->skip_credentials_validation = gc_value_get_bool(config, "skip_credentials_validation", &b) == 0 && b;
    if (s_string_list(gc_value_object_get(config, "shared_config_files"), &cfg->shared_config_files,
                      &cfg->n_shared_config_files) != 0 ||
        s_string_list(gc_value_object_get(config, "shared_credentials_files"), &cfg->shared_credentials_files,
                      &cfg->n_shared_credentials_files) != 0)
        return -1;
    const struct gc_value *roles = gc_value_object_get(config, "assume_role");
    for (size_t i = 0; i < gc_value_length(roles) && i < GC_AWS_MAX_ROLES; i++) {
        const struct gc_value *role = gc_value_index(roles, i);
        struct gc_aws_role *r = &cfg->roles[cfg->n_roles++];
        r->arn = s_dup_attr(role, "role_arn");
        r->session_name = s_dup_attr(role, "session_name");
        r->external_id = s_dup_attr(role, "external_id");
        r->duration = s_dup_attr(role, "duration");
        if (gc_value_get_int64(role, "duration_seconds", &n) == 0)
            r->duration_s = n;
    }
    const struct gc_value *web = s_first_block(config, "assume_role_with_web_identity");
    if (web) {
        cfg->has_web_identity = true;
        cfg->web_identity.role_arn = s_dup_attr(web, "role_arn");
        cfg->web_identity.session_name = s_dup_attr(web, "session_name");
        cfg->web_identity.token = s_dup_attr(web, "web_identity_token");
        cfg->web_identity.token_file = s_dup_attr(web, "web_identity_token_file");
        cfg->web_identity.duration = s_dup_attr(web, "duration");
    }
    cfg->custom_ca_bundle = s_dup_attr(config, "custom_ca_bundle");
    cfg->http_proxy = s_dup_attr(config, "http_proxy");
    cfg->https_proxy = s_dup_attr(config, "https_proxy");
    cfg->no_proxy = s_dup_attr(config, "no_proxy");
    cfg->retry_mode = s_dup_attr(config, "retry_mode");
    cfg->sts_region = s_dup_attr(config, "sts_region");
    const struct gc_value *endpoints = s_first_block(config, "endpoints");
    for (int svc = 0; endpoints && svc < GC_SVC_COUNT; svc++)
        cfg->endpoints[svc] = s_dup_attr(endpoints, gc_aws_service_key((enum gc_aws_service)svc));
    return 0;
}

static void s_free_strings(char **items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        free(items[i]);
    free(items);
}

static void s_provider_free(struct gc_provider *provider)
{
    if (!provider)
        return;
    s_free_strings(provider->ignore_tag_keys, provider->n_ignore_tag_keys);
    s_free_strings(provider->ignore_tag_prefixes, provider->n_ignore_tag_prefixes);
    gc_read_cache_free(provider->read_cache);
    gc_journal_free(provider->journal);
    gc_aws_client_free(provider->aws);
    gc_value_free(provider->default_tags);
    free(provider->region);
    free(provider);
}

static bool s_list_has(const struct gc_value *list, const char *item)
{
    for (size_t i = 0; gc_value_is_known(list) && i < gc_value_length(list); i++) {
        const char *s = gc_value_string(gc_value_index(list, i));
        if (s && strcmp(s, item) == 0)
            return true;
    }
    return false;
}

/* allowed_account_ids / forbidden_account_ids, judged on the account the credentials resolved to (STS
 * GetCallerIdentity, after any assume_role), before any plan or change. */
static int s_check_account(struct gc_provider *p, const struct gc_value *config, bool skip_validation,
                           struct gc_diags *diags)
{
    int result = -1;
    const struct gc_value *allowed = gc_value_object_get(config, "allowed_account_ids");
    const struct gc_value *forbidden = gc_value_object_get(config, "forbidden_account_ids");
    struct gc_aws_error err = {0};
    const char *account = NULL;

    if (gc_value_length(allowed) == 0 && gc_value_length(forbidden) == 0)
        return 0;
    if (gc_value_length(allowed) > 0 && gc_value_length(forbidden) > 0) {
        gc_diags_error_at(diags, "forbidden_account_ids", "Conflicting account lists",
                          "Set allowed_account_ids or forbidden_account_ids, not both.");
        goto cleanup;
    }
    if (skip_validation)
        GC_DEBUG("allowed/forbidden_account_ids: asking STS for the account although skip_credentials_validation "
                 "is set");
    if (gc_aws_client_account_id(p->aws, &account, &err) != 0) {
        gc_aws_error_diag(diags, NULL, &err);
        gc_diags_error_at(diags, gc_value_length(allowed) > 0 ? "allowed_account_ids" : "forbidden_account_ids",
                          "Cannot check the AWS account",
                          "gcnet needs the account of the credentials (STS GetCallerIdentity) to check it against "
                          "the provider's account list, and STS did not give it.");
        goto cleanup;
    }
    if (gc_value_length(allowed) > 0 && !s_list_has(allowed, account)) {
        gc_diags_error_at(diags, "allowed_account_ids", "AWS account not allowed",
                          "The credentials belong to account %s, which is not in allowed_account_ids. Nothing was "
                          "planned or changed: check the profile, the environment and assume_role.",
                          account);
        goto cleanup;
    }
    if (s_list_has(forbidden, account)) {
        gc_diags_error_at(diags, "forbidden_account_ids", "AWS account forbidden",
                          "The credentials belong to account %s, which is in forbidden_account_ids. Nothing was "
                          "planned or changed.",
                          account);
        goto cleanup;
    }
    GC_INFO("account %s passes the provider's account list", account);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    return result;
}

static int s_configure(struct gc_provider **out, const struct gc_value *config, const char *terraform_version,
                       struct gc_diags *diags)
{
    int result = -1;
    struct gc_aws_config cfg;
    struct gc_provider *p = calloc(1, sizeof(*p));
    struct gc_aws_error err = {0};
    memset(&cfg, 0, sizeof(cfg));
    *out = NULL;
    if (!p || s_build_aws_config(&cfg, config) != 0)
        goto cleanup;
    if (gc_aws_client_new(&p->aws, &cfg, diags) != 0)
        goto cleanup;
    p->region = gc_strdup(gc_aws_client_region(p->aws));
    char *journal_path = gc_journal_default_path();
    p->journal = journal_path ? gc_journal_new(journal_path) : NULL;
    free(journal_path);
    if (!p->journal) {
        gc_diags_error_at(diags, NULL, "Out of memory", "Could not set up the provider's create journal.");
        goto cleanup;
    }
    p->read_cache = gc_read_cache_new(p->aws);
    if (!p->read_cache) {
        gc_diags_error_at(diags, NULL, "Out of memory", "Could not set up the provider's read cache.");
        goto cleanup;
    }
    const struct gc_value *dt = s_first_block(config, "default_tags");
    const struct gc_value *tags = dt ? gc_value_object_get(dt, "tags") : NULL;
    p->default_tags =
        tags && !gc_value_is_null(tags) ? gc_value_copy(tags) : gc_value_new_collection(&gc_type_map_string);
    if (!p->default_tags)
        goto cleanup;
    const struct gc_value *ignore = s_first_block(config, "ignore_tags");
    if (ignore &&
        (s_string_list(gc_value_object_get(ignore, "keys"), &p->ignore_tag_keys, &p->n_ignore_tag_keys) != 0 ||
         s_string_list(gc_value_object_get(ignore, "key_prefixes"), &p->ignore_tag_prefixes,
                       &p->n_ignore_tag_prefixes) != 0))
        goto cleanup;
    if (s_check_account(p, config, cfg.skip_credentials_validation, diags) != 0)
        goto cleanup;
    if (!cfg.skip_credentials_validation) {
        const char *account = NULL;
        if (gc_aws_client_account_id(p->aws, &account, &err) != 0) {
            /* Without an answer from STS (unreachable endpoint, timeout) nothing is known about the credentials:
             * the STS error alone says what happened ("cannot reach <endpoint>: ..."). */
            gc_aws_error_diag(diags, NULL, &err);
            if (err.http_status != 0)
                gc_diags_error_at(diags, NULL, "Invalid AWS credentials",
                                  "gcnet checks the credentials with STS GetCallerIdentity before it plans anything. "
                                  "Fix the credentials, or set skip_credentials_validation = true.");
            goto cleanup;
        }
        GC_INFO("configured for account %s in %s (Terraform %s)", account, p->region,
                terraform_version ? terraform_version : "?");
    }
    *out = p;
    p = NULL;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_aws_config_clean_up(&cfg);
    s_provider_free(p);
    return result;
}

const struct gc_provider_def gc_provider_definition = {
    .block = &s_provider_block,
    .validate = NULL,
    .configure = s_configure,
    .free = s_provider_free,
};
