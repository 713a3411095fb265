/* Configuration resolution: the shared-file INI parser, region/profile/credential/endpoint precedence,
 * assume_role validation, and that secrets reach neither the log nor a diagnostic.
 *
 * Every case starts from a clean slate: the AWS_* variables are unset and HOME points at a fresh empty
 * directory, so ~/.aws/config and ~/.aws/credentials are the test's own. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/gc_aws_private.h"
#include "aws/gc_config.h"
#include "aws/gc_cred_sources.h"
#include "aws/gc_credentials.h"
#include "aws/gc_ini.h"
#include "base/gc_diag.h"
#include "base/gc_log.h"
#include "gc_test.h"

/* ---- fixtures ---- */

static char s_home[256];

static const char *const s_aws_env[] = {
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "AWS_ENDPOINT_URL",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_ENDPOINT_URL_EC2",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_RAM",
    "AWS_ENDPOINT_URL_ROUTE_53",
    "AWS_ENDPOINT_URL_ROUTE53",
    "AWS_ENDPOINT_URL_ROUTE53RESOLVER",
    "AWS_ENDPOINT_URL_ACM_PCA",
    "AWS_ENDPOINT_URL_ACMPCA",
    "AWS_ENDPOINT_URL_DIRECT_CONNECT",
    "AWS_ENDPOINT_URL_DIRECTCONNECT",
    "AWS_CA_BUNDLE",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "NO_PROXY",
    "no_proxy",
    "AWS_RETRY_MODE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_SESSION_NAME",
    "AWS_ENDPOINT_URL_SSO",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
};

static void s_rm_tree(const char *dir)
{
    char path[512];
    static const char *const names[] = {".aws/config", ".aws/credentials", "a", "b", "c", "d", "sub"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (unlink(path) != 0 && errno == EISDIR)
            rmdir(path);
        rmdir(path);
    }
    snprintf(path, sizeof(path), "%s/.aws", dir);
    rmdir(path);
    rmdir(dir);
}

/* Unsets every AWS_* variable and moves HOME to a fresh, empty directory. */
static void s_reset(void)
{
    for (size_t i = 0; i < sizeof(s_aws_env) / sizeof(s_aws_env[0]); i++)
        unsetenv(s_aws_env[i]);
    /* the credential chain ends at EC2 instance metadata unless disabled: no case may try 169.254.169.254 */
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    if (s_home[0])
        s_rm_tree(s_home);
    snprintf(s_home, sizeof(s_home), "/tmp/gc-test-config-XXXXXX");
    if (!mkdtemp(s_home)) {
        perror("mkdtemp");
        exit(2);
    }
    setenv("HOME", s_home, 1);
}

/* Writes `content` to $HOME/<rel> (creating $HOME/.aws when needed); returns a static copy of the path. */
static const char *s_write(const char *rel, const char *content)
{
    static char path[512];
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/.aws", s_home);
    mkdir(dir, 0700);
    snprintf(path, sizeof(path), "%s/%s", s_home, rel);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fwrite(content, 1, strlen(content), f);
    fclose(f);
    return path;
}

/* A temp file made with mkstemp; the caller frees the returned path (and unlinks it). */
static char *s_mktemp(const char *content)
{
    char *path = malloc(64);
    if (!path)
        exit(2);
    snprintf(path, 64, "/tmp/gc-test-ini-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        exit(2);
    }
    size_t len = strlen(content);
    if (write(fd, content, len) != (ssize_t)len)
        exit(2);
    close(fd);
    return path;
}

static void s_cfg_init(struct gc_aws_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->max_retries = -1;
}

static char **s_list1(const char *a)
{
    char **l = calloc(1, sizeof(char *));
    if (!l)
        exit(2);
    l[0] = gc_strdup(a);
    return l;
}

/* The first diagnostic whose summary contains `summary`, or NULL. */
static const struct gc_diag *s_find(const struct gc_diags *d, const char *summary)
{
    for (size_t i = 0; i < d->n; i++) {
        if (d->items[i].summary && strstr(d->items[i].summary, summary))
            return &d->items[i];
    }
    return NULL;
}

/* The diagnostic's path as text ("" for none); static buffer. */
static const char *s_path(const struct gc_diag *diag)
{
    static char buf[256];
    char *s = gc_path_to_string(&diag->path);
    snprintf(buf, sizeof(buf), "%s", s ? s : "?");
    free(s);
    return buf;
}

static bool s_any_contains(const struct gc_diags *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++) {
        if ((d->items[i].summary && strstr(d->items[i].summary, needle)) ||
            (d->items[i].detail && strstr(d->items[i].detail, needle)))
            return true;
    }
    return false;
}

/* ---- INI parser ---- */

struct ini_case {
    enum gc_aws_ini_kind kind;
    const char *text;
    const char *profile;
    const char *key;
    const char *want; /* NULL: key absent */
};

static const struct ini_case s_ini_cases[] = {
    {GC_AWS_INI_CONFIG, "[default]\nregion = ap-northeast-1\n", "default", "region", "ap-northeast-1"},
    {GC_AWS_INI_CONFIG, "[profile dev]\nregion=ap-northeast-3", "dev", "region", "ap-northeast-3"},
    {GC_AWS_INI_CONFIG, "[profile   dev  ]\nregion=x\n", "dev", "region", "x"},
    {GC_AWS_INI_CONFIG, "[dev]\nregion = x\n", "dev", "region", NULL}, /* bare name: not a profile in config */
    {GC_AWS_INI_CONFIG, "[sso-session s]\nsso_region = x\n", "s", "sso_region", NULL},
    {GC_AWS_INI_CONFIG, "[profile default]\nregion = y\n", "default", "region", "y"},
    {GC_AWS_INI_CREDENTIALS, "[dev]\naws_access_key_id = AKIDDEV\n", "dev", "aws_access_key_id", "AKIDDEV"},
    {GC_AWS_INI_CREDENTIALS, "[profile dev]\nk = v\n", "profile dev", "k", "v"},
    {GC_AWS_INI_CONFIG, "# comment\n; other\n[default]\n  # indented comment\nregion = a # inline\n", "default",
     "region", "a"},
    {GC_AWS_INI_CONFIG, "[default]\nregion = a;b\n", "default", "region", "a;b"}, /* no blank before ';' */
    {GC_AWS_INI_CONFIG, "[default]\r\nregion = crlf\r\n", "default", "region", "crlf"},
    {GC_AWS_INI_CONFIG, "[default]\nRegion = mixed\n", "default", "REGION", "mixed"},
    {GC_AWS_INI_CONFIG, "[default]\ns3 =\n  max_concurrent_requests = 10\nregion = after\n", "default", "region",
     "after"},
    {GC_AWS_INI_CONFIG, "[default]\ns3 =\n  max_concurrent_requests = 10\n", "default", "max_concurrent_requests",
     NULL},
    {GC_AWS_INI_CONFIG, "\xEF\xBB\xBF[default]\nregion = bom\n", "default", "region", "bom"},
    {GC_AWS_INI_CONFIG, "[default]\nregion = a\n[profile x]\nregion = b\n[default]\nregion = c\n", "default", "region",
     "c"},
    {GC_AWS_INI_CONFIG, "[default]\nregion = a\n[profile x]\nregion = b\n[default]\nregion = c\n", "x", "region", "b"},
    {GC_AWS_INI_CREDENTIALS, "[d]\naws_session_token = abc/def+g==\n", "d", "aws_session_token", "abc/def+g=="},
    {GC_AWS_INI_CONFIG, "[default]\nempty =\n", "default", "empty", ""},
    {GC_AWS_INI_CONFIG, "\t[default]\t\n\tregion\t=\tt\t\n", "default", "region", "t"},
    {GC_AWS_INI_CONFIG, "", "default", "region", NULL},
    {GC_AWS_INI_CONFIG, "[default] # comment after header\nregion = z\n", "default", "region", "z"},
};

GC_TEST(ini_parse_table)
{
    for (size_t i = 0; i < sizeof(s_ini_cases) / sizeof(s_ini_cases[0]); i++) {
        const struct ini_case *c = &s_ini_cases[i];
        struct gc_aws_ini ini = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_ini_parse(&ini, c->kind, "t.ini", gc_span_from_cstr(c->text), NULL, &diags);
        const char *got = gc_aws_ini_get(&ini, c->profile, c->key);
        bool ok = rc == 0 && diags.n == 0 && (c->want ? got && strcmp(got, c->want) == 0 : got == NULL);
        if (!ok)
            printf("# case %zu: rc=%d diags=%zu got=%s want=%s\n", i, rc, diags.n, got ? got : "(null)",
                   c->want ? c->want : "(null)");
        gc_aws_ini_clean_up(&ini);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
}

struct bad_case {
    enum gc_aws_ini_kind kind;
    const char *text;
    const char *want_in_detail;
};

static const struct bad_case s_bad_cases[] = {
    {GC_AWS_INI_CONFIG, "region = x\n[default]\n", "line 1: setting found before any `[section]`"},
    {GC_AWS_INI_CONFIG, "[default\nregion = x\n", "line 1: section header is missing its closing `]`"},
    {GC_AWS_INI_CONFIG, "[default]\nregion = x\nTOPSECRETVALUE\n", "line 3: expected `[section]` or `key = value`"},
    {GC_AWS_INI_CONFIG, "\n\n[profile]\n", "line 3: `[profile]` needs a profile name"},
    {GC_AWS_INI_CONFIG, "[profile a b]\n", "line 1: a profile name cannot contain spaces"},
    {GC_AWS_INI_CONFIG, "[default] trailing\n", "line 1: unexpected text after the section header"},
    {GC_AWS_INI_CREDENTIALS, "[x]\n = TOPSECRETVALUE\n", "line 2: missing key name before `=`"},
    {GC_AWS_INI_CREDENTIALS, "[   ]\n", "line 1: empty section name"},
    {GC_AWS_INI_CREDENTIALS, "[x]\nk = v\0more", "contains a NUL byte"},
};

GC_TEST(ini_malformed_reports_file_and_line)
{
    for (size_t i = 0; i < sizeof(s_bad_cases) / sizeof(s_bad_cases[0]); i++) {
        const struct bad_case *c = &s_bad_cases[i];
        struct gc_aws_ini ini = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        /* a profile parsed earlier survives a later malformed file untouched */
        ASSERT_INT_EQ(
            gc_aws_ini_parse(&ini, c->kind, "first.ini", gc_span_from_cstr("[default]\nk = keep\n"), NULL, &diags), 0);
        size_t len = strlen(c->text);
        if (strstr(c->want_in_detail, "NUL"))
            len = 16;
        int rc =
            gc_aws_ini_parse(&ini, c->kind, "/path/bad.ini", gc_span_from(c->text, len), "shared_config_files", &diags);
        bool ok = rc == -1 && diags.n == 1 && diags.items[0].severity == GC_SEV_ERROR && diags.items[0].detail &&
                  strstr(diags.items[0].detail, "/path/bad.ini") && strstr(diags.items[0].detail, c->want_in_detail) &&
                  !strstr(diags.items[0].detail, "TOPSECRETVALUE") &&
                  strcmp(s_path(&diags.items[0]), "shared_config_files") == 0;
        if (!ok)
            printf("# case %zu: rc=%d n=%zu detail=%s\n", i, rc, diags.n,
                   diags.n && diags.items[0].detail ? diags.items[0].detail : "(none)");
        const char *kept = gc_aws_ini_get(&ini, "default", "k");
        bool kept_ok = kept && strcmp(kept, "keep") == 0;
        bool no_x = gc_aws_ini_get(&ini, "x", "k") == NULL;
        gc_aws_ini_clean_up(&ini);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
        ASSERT_TRUE(kept_ok);
        ASSERT_TRUE(no_x);
    }
}

GC_TEST(ini_fuzz_does_not_crash)
{
    /* deterministic pseudo-random garbage built from INI-ish characters */
    static const char alphabet[] = "[]=#; \t\r\nabcprofiledefault\xEF\xBB\xBF";
    unsigned int seed = 12345;
    for (int round = 0; round < 2000; round++) {
        char text[200];
        size_t len = (size_t)(round % 199);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        struct gc_aws_ini ini = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_ini_parse(&ini, (round & 1) ? GC_AWS_INI_CONFIG : GC_AWS_INI_CREDENTIALS, "fuzz",
                                  gc_span_from(text, len), NULL, &diags);
        bool consistent = (rc == 0 && diags.n == 0) || (rc == -1 && diags.n == 1);
        gc_aws_ini_clean_up(&ini);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(consistent);
    }
}

GC_TEST(ini_load_files)
{
    s_reset();
    struct gc_aws_ini ini = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    char missing[300];
    snprintf(missing, sizeof(missing), "%s/nope", s_home);
    ASSERT_INT_EQ(gc_aws_ini_load(&ini, GC_AWS_INI_CONFIG, missing, NULL, &diags), GC_AWS_INI_MISSING);
    ASSERT_INT_EQ(diags.n, 0);
    /* a directory is not a shared file */
    ASSERT_INT_EQ(gc_aws_ini_load(&ini, GC_AWS_INI_CONFIG, s_home, "shared_config_files", &diags), -1);
    ASSERT_INT_EQ(diags.n, 1);
    ASSERT_TRUE(strstr(diags.items[0].detail, "not a regular file") != NULL);
    char *path = s_mktemp("[profile p]\nregion = ap-northeast-3\n");
    ASSERT_INT_EQ(gc_aws_ini_load(&ini, GC_AWS_INI_CONFIG, path, NULL, &diags), 0);
    unlink(path);
    free(path);
    ASSERT_STR_EQ(gc_aws_ini_get(&ini, "p", "region"), "ap-northeast-3");
    ASSERT_TRUE(gc_aws_ini_has_profile(&ini, "p"));
    ASSERT_FALSE(gc_aws_ini_has_profile(&ini, "q"));
    gc_aws_ini_clean_up(&ini);
    gc_diags_clean_up(&diags);
    /* clean-up twice and on a zeroed struct is fine */
    gc_aws_ini_clean_up(&ini);
    gc_aws_ini_clean_up(NULL);
}

/* ---- validators and tables ---- */

GC_TEST(validators_table)
{
    static const struct {
        const char *s;
        bool region, url, arn, session;
    } cases[] = {
        {"ap-northeast-1", true, false, false, true},
        {"ap-northeast-3", true, false, false, true},
        {"ap-northeast-2", false, false, false, true},
        {"us-east-1", false, false, false, true},
        {"AP-NORTHEAST-1", false, false, false, true},
        {"http://127.0.0.1:5000", false, true, false, false},
        {"https://ec2.ap-northeast-1.amazonaws.com/", false, true, false, false},
        {"HTTPS://x", false, true, false, false},
        {"ftp://x", false, false, false, false},
        {"http://", false, false, false, false},
        {"http:///path", false, false, false, false},
        {"http://host name", false, false, false, false},
        {"localhost:5000", false, false, false, false},
        {"arn:aws:iam::123456789012:role/gcnet", false, false, true, false},
        {"arn:aws:iam::123456789012:role/path/to/Role-1", false, false, true, false},
        {"arn:aws:iam::12345678901:role/x", false, false, false, false},
        {"arn:aws:iam::1234567890123:role/x", false, false, false, false},
        {"arn:aws:iam::123456789012:user/x", false, false, false, false},
        {"arn:aws:iam::123456789012:role/", false, false, false, false},
        {"arn:aws-cn:iam::123456789012:role/x", false, false, false, false},
        {"x", false, false, false, false},
        {"gcnet-1700000000", false, false, false, true},
        {"a b", false, false, false, false},
        {"", false, false, false, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bool ok = gc_aws_region_is_allowed(cases[i].s) == cases[i].region &&
                  gc_aws_endpoint_url_is_valid(cases[i].s) == cases[i].url &&
                  gc_aws_role_arn_is_valid(cases[i].s) == cases[i].arn &&
                  gc_aws_session_name_is_valid(cases[i].s) == cases[i].session;
        if (!ok)
            printf("# case %zu: %s\n", i, cases[i].s);
        ASSERT_TRUE(ok);
    }
    ASSERT_FALSE(gc_aws_region_is_allowed(NULL));
    ASSERT_FALSE(gc_aws_endpoint_url_is_valid(NULL));
    char long_name[70];
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[64] = '\0';
    ASSERT_TRUE(gc_aws_session_name_is_valid(long_name));
    long_name[64] = 'a';
    long_name[65] = '\0';
    ASSERT_FALSE(gc_aws_session_name_is_valid(long_name));
}

GC_TEST(endpoint_env_names)
{
    static const struct {
        enum gc_aws_service svc;
        const char *key, *sdk, *plain;
    } cases[] = {
        {GC_SVC_EC2, "ec2", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_EC2"},
        {GC_SVC_STS, "sts", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_STS"},
        {GC_SVC_RAM, "ram", "AWS_ENDPOINT_URL_RAM", "AWS_ENDPOINT_URL_RAM"},
        {GC_SVC_ROUTE53, "route53", "AWS_ENDPOINT_URL_ROUTE_53", "AWS_ENDPOINT_URL_ROUTE53"},
        {GC_SVC_ROUTE53RESOLVER, "route53resolver", "AWS_ENDPOINT_URL_ROUTE53RESOLVER",
         "AWS_ENDPOINT_URL_ROUTE53RESOLVER"},
        {GC_SVC_ACMPCA, "acmpca", "AWS_ENDPOINT_URL_ACM_PCA", "AWS_ENDPOINT_URL_ACMPCA"},
        {GC_SVC_DIRECTCONNECT, "directconnect", "AWS_ENDPOINT_URL_DIRECT_CONNECT", "AWS_ENDPOINT_URL_DIRECTCONNECT"},
    };
    ASSERT_INT_EQ(sizeof(cases) / sizeof(cases[0]), GC_SVC_COUNT);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ASSERT_STR_EQ(gc_aws_endpoint_key(cases[i].svc), cases[i].key);
        ASSERT_STR_EQ(gc_aws_endpoint_env_sdk(cases[i].svc), cases[i].sdk);
        ASSERT_STR_EQ(gc_aws_endpoint_env_plain(cases[i].svc), cases[i].plain);
    }
    ASSERT_TRUE(gc_aws_endpoint_key(GC_SVC_COUNT) == NULL);
}

GC_TEST(expand_home)
{
    s_reset();
    char want[400];
    char *got = gc_aws_expand_home("~/.aws/config");
    snprintf(want, sizeof(want), "%s/.aws/config", s_home);
    ASSERT_STR_EQ(got, want);
    free(got);
    got = gc_aws_expand_home("/etc/x");
    ASSERT_STR_EQ(got, "/etc/x");
    free(got);
    got = gc_aws_expand_home("~user/x"); /* other users' homes are not expanded */
    ASSERT_STR_EQ(got, "~user/x");
    free(got);
    unsetenv("HOME");
    got = gc_aws_expand_home("~/x");
    setenv("HOME", s_home, 1);
    ASSERT_TRUE(got == NULL);
}

/* ---- resolution: region ---- */

struct region_case {
    const char *cfg;
    const char *env_region;
    const char *env_default;
    const char *profile_region; /* written to ~/.aws/config [default] */
    const char *want;           /* NULL: error */
    const char *want_summary;
    const char *want_detail;
};

static const struct region_case s_region_cases[] = {
    {"ap-northeast-1", "ap-northeast-3", "ap-northeast-3", "ap-northeast-3", "ap-northeast-1", NULL, NULL},
    {NULL, "ap-northeast-3", "ap-northeast-1", "ap-northeast-1", "ap-northeast-3", NULL, NULL},
    {NULL, NULL, "ap-northeast-3", "ap-northeast-1", "ap-northeast-3", NULL, NULL},
    {NULL, NULL, NULL, "ap-northeast-3", "ap-northeast-3", NULL, NULL},
    {"", "", NULL, "ap-northeast-1", "ap-northeast-1", NULL, NULL}, /* empty means unset */
    {"us-east-1", NULL, NULL, NULL, NULL, "Region not allowed", "Tokyo"},
    {NULL, "ap-northeast-2", NULL, "ap-northeast-1", NULL, "Region not allowed", "AWS_REGION"},
    {NULL, NULL, "eu-west-1", NULL, NULL, "Region not allowed", "AWS_DEFAULT_REGION"},
    {NULL, NULL, NULL, "us-west-2", NULL, "Region not allowed", "Osaka"},
    {NULL, NULL, NULL, NULL, NULL, "Missing AWS region", "ap-northeast-3 (Osaka)"},
};

GC_TEST(region_precedence_and_validation)
{
    for (size_t i = 0; i < sizeof(s_region_cases) / sizeof(s_region_cases[0]); i++) {
        const struct region_case *c = &s_region_cases[i];
        s_reset();
        if (c->env_region)
            setenv("AWS_REGION", c->env_region, 1);
        if (c->env_default)
            setenv("AWS_DEFAULT_REGION", c->env_default, 1);
        if (c->profile_region) {
            char text[128];
            snprintf(text, sizeof(text), "[default]\nregion = %s\n", c->profile_region);
            s_write(".aws/config", text);
        }
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.region = gc_strdup(c->cfg);
        cfg.access_key = gc_strdup("AKID");
        cfg.secret_key = gc_strdup("SECRET");
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        bool ok;
        if (c->want) {
            ok = rc == 0 && diags.n == 0 && st.region && strcmp(st.region, c->want) == 0;
        } else {
            const struct gc_diag *d = s_find(&diags, c->want_summary);
            ok = rc == -1 && d && d->severity == GC_SEV_ERROR && strcmp(s_path(d), "region") == 0 && d->detail &&
                 strstr(d->detail, c->want_detail) && st.region == NULL;
        }
        if (!ok)
            printf("# case %zu: rc=%d region=%s diags=%zu first=%s / %s\n", i, rc, st.region ? st.region : "-", diags.n,
                   diags.n ? diags.items[0].summary : "-",
                   diags.n && diags.items[0].detail ? diags.items[0].detail : "-");
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
}

/* ---- resolution: credentials precedence matrix ---- */

enum { SRC_BLOCK = 1, SRC_ENV = 2, SRC_CREDS = 4, SRC_CONFIG = 8 };

GC_TEST(credentials_precedence_matrix)
{
    for (int mask = 0; mask < 16; mask++) {
        s_reset();
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.region = gc_strdup("ap-northeast-1");
        if (mask & SRC_BLOCK) {
            cfg.access_key = gc_strdup("AKIDBLOCK");
            cfg.secret_key = gc_strdup("secret-block");
            cfg.token = gc_strdup("token-block");
        }
        if (mask & SRC_ENV) {
            setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
            setenv("AWS_SECRET_ACCESS_KEY", "secret-env", 1);
            setenv("AWS_SESSION_TOKEN", "token-env", 1);
        }
        if (mask & SRC_CREDS)
            s_write(".aws/credentials", "[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = "
                                        "secret-creds\n");
        if (mask & SRC_CONFIG)
            s_write(".aws/config", "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = "
                                   "secret-config\naws_session_token = token-config\n");
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        const char *want_id = NULL, *want_secret = NULL, *want_token = NULL;
        if (mask & SRC_BLOCK) {
            want_id = "AKIDBLOCK", want_secret = "secret-block", want_token = "token-block";
        } else if (mask & SRC_ENV) {
            want_id = "AKIDENV", want_secret = "secret-env", want_token = "token-env";
        } else if (mask & SRC_CREDS) {
            want_id = "AKIDCREDS", want_secret = "secret-creds", want_token = NULL;
        } else if (mask & SRC_CONFIG) {
            want_id = "AKIDCONFIG", want_secret = "secret-config", want_token = "token-config";
        }
        bool ok;
        if (want_id) {
            ok = rc == 0 && diags.n == 0 && st.creds.access_key_id && strcmp(st.creds.access_key_id, want_id) == 0 &&
                 strcmp(st.creds.secret_access_key, want_secret) == 0 &&
                 (want_token ? st.creds.session_token && strcmp(st.creds.session_token, want_token) == 0
                             : st.creds.session_token == NULL) &&
                 st.max_retries == 25;
        } else {
            const struct gc_diag *d = s_find(&diags, "No valid credential sources found");
            ok = rc == -1 && d && d->detail && strstr(d->detail, "AWS_ACCESS_KEY_ID") &&
                 strstr(d->detail, "profile \"default\"") && strstr(d->detail, "access_key");
        }
        if (!ok)
            printf("# mask %d: rc=%d id=%s diags=%zu\n", mask, rc,
                   st.creds.access_key_id ? st.creds.access_key_id : "-", diags.n);
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(credentials_source_reported)
{
    static const struct {
        int mask;
        enum gc_aws_cred_source want;
    } cases[] = {
        {SRC_BLOCK | SRC_ENV, GC_AWS_CRED_PROVIDER_BLOCK},
        {SRC_ENV | SRC_CREDS, GC_AWS_CRED_ENV},
        {SRC_CREDS | SRC_CONFIG, GC_AWS_CRED_SHARED_CREDENTIALS},
        {SRC_CONFIG, GC_AWS_CRED_SHARED_CONFIG},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        s_reset();
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        struct gc_aws_ini ini_config = {0}, ini_creds = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        if (cases[i].mask & SRC_BLOCK) {
            cfg.access_key = gc_strdup("A");
            cfg.secret_key = gc_strdup("S");
        }
        if (cases[i].mask & SRC_ENV) {
            setenv("AWS_ACCESS_KEY", "A", 1); /* the legacy names count too */
            setenv("AWS_SECRET_KEY", "S", 1);
        }
        if (cases[i].mask & SRC_CREDS)
            gc_aws_ini_parse(&ini_creds, GC_AWS_INI_CREDENTIALS, "c",
                             gc_span_from_cstr("[p]\naws_access_key_id=A\naws_secret_access_key=S\n"), NULL, &diags);
        if (cases[i].mask & SRC_CONFIG)
            gc_aws_ini_parse(&ini_config, GC_AWS_INI_CONFIG, "c",
                             gc_span_from_cstr("[profile p]\naws_access_key_id=A\naws_secret_access_key=S\n"), NULL,
                             &diags);
        struct gc_aws_credentials creds = {0};
        struct gc_aws_cred_supplier supplier = {0};
        enum gc_aws_cred_source src = GC_AWS_CRED_NONE;
        int rc = gc_aws_credentials_resolve(&creds, &supplier, &src, &cfg, "p", &ini_config, &ini_creds, &diags);
        bool ok = rc == 0 && src == cases[i].want && diags.n == 0 && creds.access_key_id && !supplier.fetch;
        gc_aws_credentials_clean_up(&creds);
        gc_cred_supplier_clean_up(&supplier);
        gc_aws_ini_clean_up(&ini_config);
        gc_aws_ini_clean_up(&ini_creds);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
    ASSERT_STR_EQ(gc_aws_cred_source_name(GC_AWS_CRED_ENV), "environment");
    ASSERT_STR_EQ(gc_aws_cred_source_name(GC_AWS_CRED_NONE), "none");
}

/* ---- partial static keys ---- */

struct partial_case {
    const char *access_key, *secret_key, *token; /* provider block */
    const char *env_id, *env_secret;
    const char *creds_file;
    const char *want_summary; /* NULL: success */
    const char *want_path;
    enum gc_severity want_sev;
    const char *want_id; /* on success */
};

static const struct partial_case s_partial_cases[] = {
    {"AKID", NULL, NULL, "E", "E", NULL, "Incomplete AWS credentials", "access_key", GC_SEV_ERROR, NULL},
    {NULL, "S", NULL, "E", "E", NULL, "Incomplete AWS credentials", "secret_key", GC_SEV_ERROR, NULL},
    {NULL, NULL, "T", "E", "E", NULL, "Incomplete AWS credentials", "token", GC_SEV_ERROR, NULL},
    /* a partial environment is ignored with a warning, and the chain goes on */
    {NULL, NULL, NULL, "AKIDENV", NULL, "[default]\naws_access_key_id=F\naws_secret_access_key=FS\n",
     "Incomplete AWS credentials in the environment", "", GC_SEV_WARNING, "F"},
    {NULL, NULL, NULL, NULL, "secret", "[default]\naws_access_key_id=F\naws_secret_access_key=FS\n",
     "Incomplete AWS credentials in the environment", "", GC_SEV_WARNING, "F"},
    {NULL, NULL, NULL, NULL, NULL, "[default]\naws_access_key_id=F\n", "Incomplete AWS credentials in profile", "",
     GC_SEV_ERROR, NULL},
    {NULL, NULL, NULL, NULL, NULL, "[default]\naws_secret_access_key=FS\n", "Incomplete AWS credentials in profile", "",
     GC_SEV_ERROR, NULL},
};

GC_TEST(credentials_partial_keys)
{
    for (size_t i = 0; i < sizeof(s_partial_cases) / sizeof(s_partial_cases[0]); i++) {
        const struct partial_case *c = &s_partial_cases[i];
        s_reset();
        if (c->env_id)
            setenv("AWS_ACCESS_KEY_ID", c->env_id, 1);
        if (c->env_secret)
            setenv("AWS_SECRET_ACCESS_KEY", c->env_secret, 1);
        if (c->creds_file)
            s_write(".aws/credentials", c->creds_file);
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.region = gc_strdup("ap-northeast-3");
        cfg.access_key = gc_strdup(c->access_key);
        cfg.secret_key = gc_strdup(c->secret_key);
        cfg.token = gc_strdup(c->token);
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        const struct gc_diag *d = s_find(&diags, c->want_summary);
        bool ok = d && d->severity == c->want_sev && strcmp(s_path(d), c->want_path) == 0;
        if (c->want_id)
            ok = ok && rc == 0 && st.creds.access_key_id && strcmp(st.creds.access_key_id, c->want_id) == 0;
        else
            ok = ok && rc == -1;
        if (!ok)
            printf("# case %zu: rc=%d diags=%zu first=%s path=%s\n", i, rc, diags.n,
                   diags.n ? diags.items[0].summary : "-", diags.n ? s_path(&diags.items[0]) : "-");
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(credentials_unsupported_profile_hint)
{
    s_reset();
    s_write(".aws/config", "[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = base\n"
                           "region = ap-northeast-1\n");
    struct gc_aws_config cfg;
    s_cfg_init(&cfg);
    cfg.profile = gc_strdup("chained");
    struct gc_aws_client_settings st = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_aws_resolve(&st, &cfg, &diags);
    const struct gc_diag *d = s_find(&diags, "No valid credential sources found");
    bool ok = rc == -1 && d && d->detail && strstr(d->detail, "`role_arn`") && strstr(d->detail, "assume_role") &&
              strstr(d->detail, "export-credentials") && strstr(d->detail, "profile \"chained\"") &&
              s_find(&diags, "AWS profile not found") == NULL;
    gc_aws_client_settings_clean_up(&st);
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
    ASSERT_TRUE(ok);
}

/* ---- profile selection ---- */

struct profile_case {
    const char *cfg_profile;
    const char *env_profile;
    const char *want_region; /* NULL: error */
    const char *want_id;
    const char *want_path; /* of "AWS profile not found" */
};

static const struct profile_case s_profile_cases[] = {
    {NULL, NULL, "ap-northeast-1", "AKIDDEFAULT", NULL},
    {NULL, "osaka", "ap-northeast-3", "AKIDOSAKA", NULL},
    {"osaka", "default", "ap-northeast-3", "AKIDOSAKA", NULL},
    {"default", "osaka", "ap-northeast-1", "AKIDDEFAULT", NULL},
    {"credsonly", NULL, "ap-northeast-1", "AKIDCREDSONLY", NULL}, /* region falls back to AWS_DEFAULT_REGION */
    {"nosuch", NULL, NULL, NULL, "profile"},
    {NULL, "nosuch", NULL, NULL, ""},
};

GC_TEST(profile_selection)
{
    for (size_t i = 0; i < sizeof(s_profile_cases) / sizeof(s_profile_cases[0]); i++) {
        const struct profile_case *c = &s_profile_cases[i];
        s_reset();
        s_write(".aws/config", "[default]\nregion = ap-northeast-1\n[profile osaka]\nregion = ap-northeast-3\n");
        s_write(".aws/credentials", "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n"
                                    "[osaka]\naws_access_key_id = AKIDOSAKA\naws_secret_access_key = s2\n"
                                    "[credsonly]\naws_access_key_id = AKIDCREDSONLY\naws_secret_access_key = s3\n");
        if (c->env_profile)
            setenv("AWS_PROFILE", c->env_profile, 1);
        if (c->cfg_profile && strcmp(c->cfg_profile, "credsonly") == 0)
            setenv("AWS_DEFAULT_REGION", "ap-northeast-1", 1);
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.profile = gc_strdup(c->cfg_profile);
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        bool ok;
        if (c->want_region) {
            ok = rc == 0 && diags.n == 0 && strcmp(st.region, c->want_region) == 0 &&
                 strcmp(st.creds.access_key_id, c->want_id) == 0;
        } else {
            const struct gc_diag *d = s_find(&diags, "AWS profile not found");
            ok = rc == -1 && d && strcmp(s_path(d), c->want_path) == 0 && strstr(d->detail, "nosuch");
        }
        if (!ok)
            printf("# case %zu: rc=%d diags=%zu first=%s\n", i, rc, diags.n, diags.n ? diags.items[0].summary : "-");
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(missing_profile_is_fine_with_explicit_settings)
{
    /* AWS_PROFILE names a profile that does not exist, but region and keys come from elsewhere */
    s_reset();
    setenv("AWS_PROFILE", "gone", 1);
    struct gc_aws_config cfg;
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    cfg.access_key = gc_strdup("A");
    cfg.secret_key = gc_strdup("S");
    struct gc_aws_client_settings st = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_aws_resolve(&st, &cfg, &diags);
    size_t n = diags.n;
    gc_aws_client_settings_clean_up(&st);
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n, 0);
}

/* ---- shared file selection ---- */

GC_TEST(shared_files_selection)
{
    s_reset();
    struct gc_aws_config cfg;
    struct gc_aws_client_settings st = {0};
    struct gc_diags diags;
    const struct gc_diag *d = NULL;
    int rc;

    /* 1. no files at all and nothing needed from them: fine */
    s_cfg_init(&cfg);
    gc_diags_init(&diags);
    cfg.region = gc_strdup("ap-northeast-1");
    cfg.access_key = gc_strdup("A");
    cfg.secret_key = gc_strdup("S");
    rc = gc_aws_resolve(&st, &cfg, &diags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(diags.n, 0);
    gc_aws_client_settings_clean_up(&st);

    /* 2. a missing file listed in the provider block: error on the attribute */
    cfg.shared_config_files = s_list1("~/does-not-exist");
    cfg.n_shared_config_files = 1;
    rc = gc_aws_resolve(&st, &cfg, &diags);
    d = s_find(&diags, "AWS shared file not found");
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(d != NULL);
    ASSERT_STR_EQ(s_path(d), "shared_config_files");
    ASSERT_TRUE(strstr(d->detail, s_home) != NULL); /* ~ expanded */
    gc_diags_clean_up(&diags);
    gc_aws_config_clean_up(&cfg);

    /* 3. the same for credentials */
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    cfg.shared_credentials_files = s_list1("/nonexistent/creds");
    cfg.n_shared_credentials_files = 1;
    rc = gc_aws_resolve(&st, &cfg, &diags);
    d = s_find(&diags, "AWS shared file not found");
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(d != NULL);
    ASSERT_STR_EQ(s_path(d), "shared_credentials_files");
    gc_diags_clean_up(&diags);
    gc_aws_config_clean_up(&cfg);

    /* 4. a missing file named by AWS_CONFIG_FILE: error naming the variable */
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    setenv("AWS_CONFIG_FILE", "/nonexistent/config", 1);
    rc = gc_aws_resolve(&st, &cfg, &diags);
    d = s_find(&diags, "AWS shared file not found");
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(d != NULL);
    ASSERT_STR_EQ(s_path(d), "");
    ASSERT_TRUE(strstr(d->detail, "AWS_CONFIG_FILE") != NULL);
    gc_diags_clean_up(&diags);
    unsetenv("AWS_CONFIG_FILE");

    /* 5. env files win over ~/.aws, the provider list wins over env */
    s_write(".aws/credentials", "[default]\naws_access_key_id=HOME\naws_secret_access_key=x\n");
    s_write("a", "[default]\naws_access_key_id=ENVFILE\naws_secret_access_key=x\n");
    char env_path[300];
    snprintf(env_path, sizeof(env_path), "%s/a", s_home);
    setenv("AWS_SHARED_CREDENTIALS_FILE", env_path, 1);
    rc = gc_aws_resolve(&st, &cfg, &diags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_STR_EQ(st.creds.access_key_id, "ENVFILE");
    gc_aws_client_settings_clean_up(&st);

    /* two files listed in the provider block: merged, the later one winning key by key */
    char *f1 = s_mktemp("[default]\naws_access_key_id=FIRST\naws_secret_access_key=s1\n[other]\nk=v\n");
    char *f2 = s_mktemp("[default]\naws_access_key_id=SECOND\n");
    cfg.shared_credentials_files = calloc(2, sizeof(char *));
    ASSERT_TRUE(cfg.shared_credentials_files != NULL);
    cfg.shared_credentials_files[0] = gc_strdup(f1);
    cfg.shared_credentials_files[1] = gc_strdup(f2);
    cfg.n_shared_credentials_files = 2;
    rc = gc_aws_resolve(&st, &cfg, &diags);
    unlink(f1);
    unlink(f2);
    free(f1);
    free(f2);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_STR_EQ(st.creds.access_key_id, "SECOND");
    ASSERT_STR_EQ(st.creds.secret_access_key, "s1");
    gc_aws_client_settings_clean_up(&st);
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
}

GC_TEST(malformed_shared_file_through_resolve)
{
    s_reset();
    struct gc_aws_config cfg;
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    char *bad = s_mktemp("[default]\naws_access_key_id = A\naws_secret_access_key SECRETNOEQUALS\n");
    cfg.shared_credentials_files = s_list1(bad);
    cfg.n_shared_credentials_files = 1;
    struct gc_aws_client_settings st = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_aws_resolve(&st, &cfg, &diags);
    const struct gc_diag *d = s_find(&diags, "Invalid AWS shared credentials file");
    bool ok = rc == -1 && diags.n == 1 && d && strcmp(s_path(d), "shared_credentials_files") == 0 &&
              strstr(d->detail, bad) && strstr(d->detail, "line 3") && !s_any_contains(&diags, "SECRETNOEQUALS");
    unlink(bad);
    free(bad);
    gc_aws_client_settings_clean_up(&st);
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
    ASSERT_TRUE(ok);

    /* a malformed default file is an error too (the user has one, it is just broken) */
    s_reset();
    s_write(".aws/config", "[default\n");
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    gc_diags_init(&diags);
    rc = gc_aws_resolve(&st, &cfg, &diags);
    d = s_find(&diags, "Invalid AWS shared config file");
    ok = rc == -1 && d && strstr(d->detail, "line 1") && strstr(d->detail, ".aws/config");
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
    ASSERT_TRUE(ok);
}

/* ---- endpoints ---- */

struct endpoint_case {
    enum gc_aws_service svc;
    const char *cfg_url;
    const char *env_name, *env_value;   /* a per-service variable */
    const char *env_name2, *env_value2; /* another one */
    const char *want;                   /* resolved; NULL: none (or error when want_err) */
    const char *want_err_path;          /* non-NULL: expect "Invalid endpoint URL" on this path */
    const char *want_err_detail;
};

static const struct endpoint_case s_endpoint_cases[] = {
    {GC_SVC_EC2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
    {GC_SVC_EC2, "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_EC2", "http://env:1", NULL, NULL, "http://127.0.0.1:5000",
     NULL, NULL},
    {GC_SVC_EC2, NULL, "AWS_ENDPOINT_URL_EC2", "http://env:1", "AWS_ENDPOINT_URL", "http://all:2", "http://env:1", NULL,
     NULL},
    {GC_SVC_EC2, NULL, "AWS_ENDPOINT_URL", "http://all:2/", NULL, NULL, "http://all:2", NULL, NULL},
    {GC_SVC_ROUTE53, NULL, "AWS_ENDPOINT_URL_ROUTE_53", "http://sdk:1", "AWS_ENDPOINT_URL_ROUTE53", "http://plain:1",
     "http://sdk:1", NULL, NULL},
    {GC_SVC_ROUTE53, NULL, "AWS_ENDPOINT_URL_ROUTE53", "http://plain:1", NULL, NULL, "http://plain:1", NULL, NULL},
    {GC_SVC_ACMPCA, NULL, "AWS_ENDPOINT_URL_ACM_PCA", "https://pca", NULL, NULL, "https://pca", NULL, NULL},
    {GC_SVC_ACMPCA, NULL, "AWS_ENDPOINT_URL_ACMPCA", "https://pca2", NULL, NULL, "https://pca2", NULL, NULL},
    {GC_SVC_DIRECTCONNECT, NULL, "AWS_ENDPOINT_URL_DIRECT_CONNECT", "http://dx", NULL, NULL, "http://dx", NULL, NULL},
    {GC_SVC_DIRECTCONNECT, NULL, "AWS_ENDPOINT_URL_DIRECTCONNECT", "http://dx2", NULL, NULL, "http://dx2", NULL, NULL},
    {GC_SVC_ROUTE53RESOLVER, NULL, "AWS_ENDPOINT_URL_ROUTE53RESOLVER", "http://r53r", NULL, NULL, "http://r53r", NULL,
     NULL},
    {GC_SVC_RAM, NULL, "AWS_ENDPOINT_URL_EC2", "http://ec2only", NULL, NULL, NULL, NULL, NULL},
    {GC_SVC_STS, NULL, "AWS_ENDPOINT_URL_STS", "http://sts", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", NULL, NULL,
     NULL},
    {GC_SVC_EC2, "localhost:5000", NULL, NULL, NULL, NULL, NULL, "endpoints[0].ec2", "localhost:5000"},
    {GC_SVC_ACMPCA, "ftp://x", NULL, NULL, NULL, NULL, NULL, "endpoints[0].acmpca", "acmpca"},
    {GC_SVC_ROUTE53, NULL, "AWS_ENDPOINT_URL_ROUTE_53", "nope", NULL, NULL, NULL, "", "AWS_ENDPOINT_URL_ROUTE_53"},
    {GC_SVC_EC2, NULL, "AWS_ENDPOINT_URL", "http:// bad", NULL, NULL, NULL, "", "AWS_ENDPOINT_URL"},
};

GC_TEST(endpoints_precedence_and_validation)
{
    for (size_t i = 0; i < sizeof(s_endpoint_cases) / sizeof(s_endpoint_cases[0]); i++) {
        const struct endpoint_case *c = &s_endpoint_cases[i];
        s_reset();
        if (c->env_name)
            setenv(c->env_name, c->env_value, 1);
        if (c->env_name2)
            setenv(c->env_name2, c->env_value2, 1);
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.region = gc_strdup("ap-northeast-1");
        cfg.access_key = gc_strdup("A");
        cfg.secret_key = gc_strdup("S");
        cfg.endpoints[c->svc] = gc_strdup(c->cfg_url);
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        bool ok;
        if (c->want_err_path) {
            const struct gc_diag *d = s_find(&diags, "Invalid endpoint URL");
            ok = rc == -1 && d && strcmp(s_path(d), c->want_err_path) == 0 && strstr(d->detail, c->want_err_detail);
        } else {
            const char *got = st.endpoints[c->svc];
            ok = rc == 0 && diags.n == 0 && (c->want ? got && strcmp(got, c->want) == 0 : got == NULL);
        }
        if (!ok)
            printf("# case %zu: rc=%d got=%s diags=%zu\n", i, rc,
                   st.endpoints[c->svc] ? st.endpoints[c->svc] : "(null)", diags.n);
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(endpoint_all_services_from_one_variable)
{
    s_reset();
    setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000", 1);
    setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5001", 1);
    struct gc_aws_config cfg;
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    cfg.access_key = gc_strdup("A");
    cfg.secret_key = gc_strdup("S");
    struct gc_aws_client_settings st = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_aws_resolve(&st, &cfg, &diags);
    bool ok = rc == 0;
    for (int i = 0; ok && i < GC_SVC_COUNT; i++) {
        const char *want = i == GC_SVC_STS ? "http://127.0.0.1:5001" : "http://127.0.0.1:5000";
        ok = st.endpoints[i] && strcmp(st.endpoints[i], want) == 0;
    }
    gc_aws_client_settings_clean_up(&st);
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
    ASSERT_TRUE(ok);
}

/* ---- max_retries, assume_role ---- */

GC_TEST(max_retries_default)
{
    static const struct {
        int in, want;
    } cases[] = {{-1, 25}, {0, 0}, {3, 3}, {100, 100}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        s_reset();
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.max_retries = cases[i].in;
        cfg.region = gc_strdup("ap-northeast-1");
        cfg.access_key = gc_strdup("A");
        cfg.secret_key = gc_strdup("S");
        cfg.skip_credentials_validation = true;
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        int got = st.max_retries;
        bool skip = st.skip_credentials_validation;
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_INT_EQ(got, cases[i].want);
        ASSERT_TRUE(skip);
    }
}

struct assume_case {
    const char *arn;
    const char *session;
    const char *external_id;
    int64_t duration;
    const char *want_path; /* NULL: success */
    int64_t want_duration;
};

static const struct assume_case s_assume_cases[] = {
    {"arn:aws:iam::123456789012:role/gcnet", NULL, NULL, 0, NULL, 3600},
    {"arn:aws:iam::123456789012:role/gcnet", "my-session", "ext-1", 900, NULL, 900},
    {"arn:aws:iam::123456789012:role/gcnet", NULL, NULL, 43200, NULL, 43200},
    {"arn:aws:iam::123456789012:role/gcnet", NULL, NULL, 899, "assume_role[0].duration_seconds", 0},
    {"arn:aws:iam::123456789012:role/gcnet", NULL, NULL, 43201, "assume_role[0].duration_seconds", 0},
    {"arn:aws:iam::123456789012:role/gcnet", NULL, NULL, -5, "assume_role[0].duration_seconds", 0},
    {NULL, NULL, NULL, 0, "assume_role[0].role_arn", 0},
    {"", NULL, NULL, 0, "assume_role[0].role_arn", 0},
    {"arn:aws:iam::1234:role/x", NULL, NULL, 0, "assume_role[0].role_arn", 0},
    {"arn:aws:iam::123456789012:role/gcnet", "bad name!", NULL, 0, "assume_role[0].session_name", 0},
    {"arn:aws:iam::123456789012:role/gcnet", NULL, "x", 0, "assume_role[0].external_id", 0},
};

GC_TEST(assume_role_validation)
{
    for (size_t i = 0; i < sizeof(s_assume_cases) / sizeof(s_assume_cases[0]); i++) {
        const struct assume_case *c = &s_assume_cases[i];
        s_reset();
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.region = gc_strdup("ap-northeast-1");
        cfg.access_key = gc_strdup("A");
        cfg.secret_key = gc_strdup("S");
        cfg.n_roles = 1;
        cfg.roles[0].arn = gc_strdup(c->arn);
        cfg.roles[0].session_name = gc_strdup(c->session);
        cfg.roles[0].external_id = gc_strdup(c->external_id);
        cfg.roles[0].duration_s = c->duration;
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        bool ok;
        if (!c->want_path) {
            /* a duration_seconds that is set is deprecated: one warning, on its path */
            size_t want_warnings = c->duration ? 1 : 0;
            ok = rc == 0 && diags.n == want_warnings && st.n_roles == 1 && strcmp(st.roles[0].arn, c->arn) == 0 &&
                 st.roles[0].duration_s == c->want_duration && st.roles[0].session_name &&
                 (c->session ? strcmp(st.roles[0].session_name, c->session) == 0
                             : strncmp(st.roles[0].session_name, "gcnet-", 6) == 0 &&
                                   gc_aws_session_name_is_valid(st.roles[0].session_name)) &&
                 (c->external_id ? st.roles[0].external_id && strcmp(st.roles[0].external_id, c->external_id) == 0
                                 : st.roles[0].external_id == NULL) &&
                 (!want_warnings || (diags.items[0].severity == GC_SEV_WARNING &&
                                     strcmp(s_path(&diags.items[0]), "assume_role[0].duration_seconds") == 0));
        } else {
            ok = rc == -1 && diags.n == 1 && strcmp(s_path(&diags.items[0]), c->want_path) == 0 && st.n_roles == 0;
        }
        if (!ok)
            printf("# case %zu: rc=%d diags=%zu path=%s\n", i, rc, diags.n, diags.n ? s_path(&diags.items[0]) : "-");
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }
    /* without the block nothing is assumed */
    s_reset();
    struct gc_aws_config cfg;
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    cfg.access_key = gc_strdup("A");
    cfg.secret_key = gc_strdup("S");
    struct gc_aws_client_settings st = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_aws_resolve(&st, &cfg, &diags);
    bool assumed = st.n_roles > 0;
    gc_aws_client_settings_clean_up(&st);
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_FALSE(assumed);
}

/* ---- secrets stay out of logs and diagnostics ---- */

GC_TEST(secrets_never_logged)
{
    s_reset();
    char log_path[] = "/tmp/gc-test-log-XXXXXX";
    int log_fd = mkstemp(log_path);
    ASSERT_TRUE(log_fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(log_fd, 2);
    gc_log_set_level(GC_LOG_TRACE);

    setenv("AWS_ACCESS_KEY_ID", "AKIDLOGTEST", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "SECRETLOGTEST", 1);
    setenv("AWS_SESSION_TOKEN", "TOKENLOGTEST", 1);
    s_write(".aws/credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n");
    struct gc_aws_config cfg;
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("ap-northeast-1");
    struct gc_aws_client_settings st = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_aws_resolve(&st, &cfg, &diags);
    /* and the file source, whose secret goes through the INI parser */
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_SESSION_TOKEN");
    struct gc_aws_client_settings st2 = {0};
    int rc2 = gc_aws_resolve(&st2, &cfg, &diags);

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    gc_log_set_level(GC_LOG_WARN);
    char text[8192] = {0};
    lseek(log_fd, 0, SEEK_SET);
    ssize_t n = read(log_fd, text, sizeof(text) - 1);
    close(log_fd);
    unlink(log_path);
    bool secret_free = !strstr(text, "SECRETLOGTEST") && !strstr(text, "TOKENLOGTEST") && !strstr(text, "FILESECRET") &&
                       !s_any_contains(&diags, "SECRETLOGTEST");
    bool named = strstr(text, "credentials from the environment") != NULL &&
                 strstr(text, "credentials from the shared credentials file") != NULL;
    bool sources_ok = rc == 0 && rc2 == 0 && strcmp(st.creds.access_key_id, "AKIDLOGTEST") == 0 &&
                      strcmp(st2.creds.access_key_id, "FILEKEY") == 0;
    gc_aws_client_settings_clean_up(&st);
    gc_aws_client_settings_clean_up(&st2);
    gc_aws_config_clean_up(&cfg);
    gc_diags_clean_up(&diags);
    ASSERT_TRUE(n > 0);
    ASSERT_TRUE(sources_ok);
    ASSERT_TRUE(secret_free);
    ASSERT_TRUE(named);
}

/* ---- fixture files (the working directory is tests/unit/aws) ---- */

struct fixture_case {
    const char *profile;
    const char *want_region; /* NULL: error */
    const char *want_id;
    const char *want_token;
    const char *want_endpoint; /* every service */
    const char *want_error_text;
    const char *want_supplier; /* a fetched source instead of keys */
};

static const struct fixture_case s_fixture_cases[] = {
    {NULL, "ap-northeast-1", "AKIDDEFAULTFIXTURE", NULL, NULL, NULL, NULL},
    {"gc-osaka", "ap-northeast-3", "ASIAOSAKAFIXTURE", "IQoJb3JpZ2luX2VjEFIXTURE==", NULL, NULL, NULL},
    {"gc-static", "ap-northeast-1", "AKIDCONFIGSTATIC", NULL, "http://127.0.0.1:5000", NULL, NULL},
    {"gc-sso", "ap-northeast-1", NULL, NULL, NULL, NULL, "sso"},      /* [sso-session gc-portal] */
    {"local", NULL, NULL, NULL, NULL, "AWS profile not found", NULL}, /* [services local] is not a profile */
};

GC_TEST(fixture_files)
{
    for (size_t i = 0; i < sizeof(s_fixture_cases) / sizeof(s_fixture_cases[0]); i++) {
        const struct fixture_case *c = &s_fixture_cases[i];
        s_reset();
        setenv("AWS_CONFIG_FILE", "config-fixtures/config", 1);
        setenv("AWS_SHARED_CREDENTIALS_FILE", "config-fixtures/credentials", 1);
        struct gc_aws_config cfg;
        s_cfg_init(&cfg);
        cfg.profile = gc_strdup(c->profile);
        struct gc_aws_client_settings st = {0};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_aws_resolve(&st, &cfg, &diags);
        bool ok;
        if (c->want_supplier) {
            ok = rc == 0 && diags.n == 0 && strcmp(st.region, c->want_region) == 0 && !st.creds.access_key_id &&
                 st.supplier.name && strcmp(st.supplier.name, c->want_supplier) == 0;
        } else if (c->want_region) {
            ok = rc == 0 && diags.n == 0 && strcmp(st.region, c->want_region) == 0 &&
                 strcmp(st.creds.access_key_id, c->want_id) == 0 &&
                 (c->want_token ? st.creds.session_token && strcmp(st.creds.session_token, c->want_token) == 0
                                : st.creds.session_token == NULL);
            for (int svc = 0; ok && svc < GC_SVC_COUNT; svc++)
                ok = c->want_endpoint ? st.endpoints[svc] && strcmp(st.endpoints[svc], c->want_endpoint) == 0
                                      : st.endpoints[svc] == NULL;
        } else {
            ok = rc == -1 && s_any_contains(&diags, c->want_error_text);
        }
        if (!ok)
            printf("# case %zu: rc=%d diags=%zu supplier=%s first=%s / %s\n", i, rc, diags.n,
                   st.supplier.name ? st.supplier.name : "-", diags.n ? diags.items[0].summary : "-",
                   diags.n && diags.items[0].detail ? diags.items[0].detail : "-");
        gc_aws_client_settings_clean_up(&st);
        gc_aws_config_clean_up(&cfg);
        gc_diags_clean_up(&diags);
        ASSERT_TRUE(ok);
    }

    /* the osaka profile's nested s3 settings are skipped, not mistaken for profile keys */
    struct gc_aws_ini ini = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    ASSERT_INT_EQ(gc_aws_ini_load(&ini, GC_AWS_INI_CONFIG, "config-fixtures/config", NULL, &diags), 0);
    bool nested_skipped = gc_aws_ini_get(&ini, "gc-osaka", "max_concurrent_requests") == NULL &&
                          gc_aws_ini_get(&ini, "gc-osaka", "s3") != NULL &&
                          gc_aws_ini_get(&ini, "gc-osaka", "cli_pager") != NULL &&
                          !gc_aws_ini_has_profile(&ini, "gc-portal");
    gc_aws_ini_clean_up(&ini);
    /* a malformed fixture: file and line, never the text */
    int rc = gc_aws_ini_load(&ini, GC_AWS_INI_CREDENTIALS, "config-fixtures/malformed-credentials",
                             "shared_credentials_files", &diags);
    bool malformed_ok = rc == -1 && diags.n == 1 &&
                        strstr(diags.items[0].detail, "config-fixtures/malformed-credentials, line 3") &&
                        !s_any_contains(&diags, "colon-instead-of-equals");
    gc_aws_ini_clean_up(&ini);
    gc_diags_clean_up(&diags);
    ASSERT_TRUE(nested_skipped);
    ASSERT_TRUE(malformed_ok);
}

/* ---- life cycle ---- */

GC_TEST(clean_up_accepts_null_and_zeroed)
{
    struct gc_aws_config cfg = {0};
    gc_aws_config_clean_up(NULL);
    gc_aws_config_clean_up(&cfg);
    struct gc_aws_credentials creds = {0};
    gc_aws_credentials_clean_up(NULL);
    gc_aws_credentials_clean_up(&creds);
    struct gc_aws_client_settings st = {0};
    gc_aws_client_settings_clean_up(NULL);
    gc_aws_client_settings_clean_up(&st);

    /* a fully populated config frees everything (ASan checks for leaks) and is left zeroed */
    s_cfg_init(&cfg);
    cfg.region = gc_strdup("r");
    cfg.profile = gc_strdup("p");
    cfg.shared_config_files = s_list1("a");
    cfg.n_shared_config_files = 1;
    cfg.shared_credentials_files = s_list1("b");
    cfg.n_shared_credentials_files = 1;
    cfg.access_key = gc_strdup("A");
    cfg.secret_key = gc_strdup("S");
    cfg.token = gc_strdup("T");
    cfg.n_roles = 2;
    for (int i = 0; i < 2; i++) {
        cfg.roles[i].arn = gc_strdup("x");
        cfg.roles[i].session_name = gc_strdup("x");
        cfg.roles[i].external_id = gc_strdup("x");
        cfg.roles[i].duration = gc_strdup("1h");
    }
    cfg.has_web_identity = true;
    cfg.web_identity.role_arn = gc_strdup("x");
    cfg.web_identity.token = gc_strdup("x");
    cfg.web_identity.token_file = gc_strdup("x");
    cfg.web_identity.duration = gc_strdup("x");
    cfg.custom_ca_bundle = gc_strdup("x");
    cfg.http_proxy = gc_strdup("x");
    cfg.https_proxy = gc_strdup("x");
    cfg.no_proxy = gc_strdup("x");
    cfg.retry_mode = gc_strdup("x");
    cfg.sts_region = gc_strdup("x");
    for (int i = 0; i < GC_SVC_COUNT; i++)
        cfg.endpoints[i] = gc_strdup("http://x");
    gc_aws_config_clean_up(&cfg);
    ASSERT_TRUE(cfg.region == NULL && cfg.secret_key == NULL && cfg.n_shared_config_files == 0);

    creds.access_key_id = gc_strdup("A");
    creds.secret_access_key = gc_strdup("S");
    creds.session_token = gc_strdup("T");
    creds.expiration = 42;
    struct gc_aws_credentials copy = {0};
    ASSERT_INT_EQ(gc_aws_credentials_copy(&copy, &creds), 0);
    gc_aws_credentials_clean_up(&creds);
    ASSERT_TRUE(creds.secret_access_key == NULL && creds.expiration == 0);
    ASSERT_STR_EQ(copy.secret_access_key, "S");
    ASSERT_INT_EQ(copy.expiration, 42);
    gc_aws_credentials_clean_up(&copy);
}

static void s_final_cleanup(void)
{
    if (s_home[0])
        s_rm_tree(s_home);
}

GC_TEST(zz_cleanup_temp_home)
{
    s_final_cleanup();
    s_home[0] = '\0';
    ASSERT_TRUE(s_home[0] == '\0');
}

GC_TEST_MAIN(GC_CASE(ini_parse_table), GC_CASE(ini_malformed_reports_file_and_line), GC_CASE(ini_fuzz_does_not_crash),
             GC_CASE(ini_load_files), GC_CASE(validators_table), GC_CASE(endpoint_env_names), GC_CASE(expand_home),
             GC_CASE(region_precedence_and_validation), GC_CASE(credentials_precedence_matrix),
             GC_CASE(credentials_source_reported), GC_CASE(credentials_partial_keys),
             GC_CASE(credentials_unsupported_profile_hint), GC_CASE(profile_selection),
             GC_CASE(missing_profile_is_fine_with_explicit_settings), GC_CASE(shared_files_selection),
             GC_CASE(malformed_shared_file_through_resolve), GC_CASE(endpoints_precedence_and_validation),
             GC_CASE(endpoint_all_services_from_one_variable), GC_CASE(max_retries_default),
             GC_CASE(assume_role_validation), GC_CASE(secrets_never_logged), GC_CASE(fixture_files),
             GC_CASE(clean_up_accepts_null_and_zeroed), GC_CASE(zz_cleanup_temp_home))
