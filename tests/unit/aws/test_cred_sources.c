/* The fetched credential sources (gc_cred_sources.c): command-line splitting, credential_process output, times,
 * the SSO cache name, and each supplier end to end through a client on the scripted fake transport (IMDSv2,
 * SSO, web identity) or a real child process (credential_process), including the refresh before expiry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/gc_cred_sources.h"
#include "fake_aws.h"
#include "gc_test.h"

#define NOW 1700000000 /* 2023-11-14T22:13:20Z */

/* ---- pure helpers ---- */

struct split_case {
    const char *line;
    const char *want[5]; /* NULL-terminated; want[0] NULL: an error */
};

static const struct split_case s_split_cases[] = {
    {"aws-vault export gc", {"aws-vault", "export", "gc", NULL}},
    {"  /usr/bin/tool   --profile  x  ", {"/usr/bin/tool", "--profile", "x", NULL}},
    {"tool 'one arg' \"two $x\"", {"tool", "one arg", "two $x", NULL}},
    {"tool a\\ b \"q\\\"uote\"", {"tool", "a b", "q\"uote", NULL}},
    {"tool ''", {"tool", "", NULL}},
    {"echo x | cat", {"echo", "x", "|", "cat", NULL}}, /* no shell: a pipe is a word */
    {"tool 'unbalanced", {NULL}},
    {"tool \"unbalanced", {NULL}},
    {"", {NULL}},
    {"   ", {NULL}},
};

GC_TEST(split_command_table)
{
    for (size_t i = 0; i < sizeof s_split_cases / sizeof s_split_cases[0]; i++) {
        const struct split_case *c = &s_split_cases[i];
        char **argv = NULL;
        int rc = gc_cred_split_command(c->line, &argv);
        bool ok = c->want[0] ? rc == 0 : rc == -1 && argv == NULL;
        for (size_t k = 0; ok && c->want[0] && k < 5; k++) {
            if (!c->want[k]) {
                ok = argv[k] == NULL;
                break;
            }
            ok = argv[k] && strcmp(argv[k], c->want[k]) == 0;
        }
        if (!ok)
            printf("# case %zu: %s\n", i, c->line);
        gc_cred_argv_free(argv);
        ASSERT_TRUE(ok);
    }
}

struct time_case {
    const char *text;
    time_t want;
};

static const struct time_case s_time_cases[] = {
    {"2023-11-14T22:13:20Z", NOW},
    {"2023-11-14T22:13:20.123456Z", NOW},
    {"2023-11-15T07:13:20+09:00", NOW},
    {"2023-11-14T21:13:20-01:00", NOW},
    {"2023-11-14 22:13:20", 0},
    {"2023-11-14T22:13:20", 0},
    {"2023-11-14T22:13:20Zjunk", 0},
    {"yesterday", 0},
    {NULL, 0},
};

GC_TEST(parse_time_table)
{
    for (size_t i = 0; i < sizeof s_time_cases / sizeof s_time_cases[0]; i++) {
        if (gc_cred_parse_time(s_time_cases[i].text) != s_time_cases[i].want)
            printf("# case %zu: %s\n", i, s_time_cases[i].text ? s_time_cases[i].text : "NULL");
        ASSERT_INT_EQ(gc_cred_parse_time(s_time_cases[i].text), s_time_cases[i].want);
    }
}

struct process_case {
    const char *json;
    const char *want_id;  /* NULL: an error */
    const char *want_why; /* part of the error */
    bool want_token;
    time_t want_expiration;
};

static const struct process_case s_process_cases[] = {
    {"{\"Version\":1,\"AccessKeyId\":\"AKIAP\",\"SecretAccessKey\":\"s\"}", "AKIAP", NULL, false, 0},
    {"{\"Version\":1,\"AccessKeyId\":\"ASIAP\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\","
     "\"Expiration\":\"2023-11-14T23:13:20Z\"}",
     "ASIAP", NULL, true, NOW + 3600},
    {"{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Expiration\":null}", "A", NULL, false, 0},
    {"{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", NULL, "\"Version\": 1", false, 0},
    {"{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", NULL, "\"Version\": 1", false, 0},
    {"{\"Version\":\"1\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", NULL, "\"Version\": 1", false, 0},
    {"{\"Version\":1,\"AccessKeyId\":\"A\"}", NULL, "SecretAccessKey", false, 0},
    {"{\"Version\":1,\"SecretAccessKey\":\"s\"}", NULL, "AccessKeyId", false, 0},
    {"{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Expiration\":\"2001-01-01T00:00:00Z\"}", NULL,
     "expired at 2001-01-01T00:00:00Z", false, 0},
    {"{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Expiration\":\"soon\"}", NULL, "RFC 3339", false,
     0},
    {"not json", NULL, "not a JSON object", false, 0},
    {"[1]", NULL, "not a JSON object", false, 0},
    {"", NULL, "not a JSON object", false, 0},
};

GC_TEST(process_output_table)
{
    for (size_t i = 0; i < sizeof s_process_cases / sizeof s_process_cases[0]; i++) {
        const struct process_case *c = &s_process_cases[i];
        struct gc_aws_credentials creds = {0};
        char why[256] = "";
        int rc = gc_cred_parse_process_output(c->json, strlen(c->json), NOW, &creds, why, sizeof why);
        bool ok;
        if (c->want_id)
            ok = rc == 0 && strcmp(creds.access_key_id, c->want_id) == 0 && creds.secret_access_key &&
                 (creds.session_token != NULL) == c->want_token && creds.expiration == c->want_expiration;
        else
            ok = rc == -1 && creds.access_key_id == NULL && strstr(why, c->want_why) && !strstr(why, "\"s\"");
        if (!ok)
            printf("# case %zu: rc=%d why=%s\n", i, rc, why);
        gc_aws_credentials_clean_up(&creds);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(sso_cache_name_is_sha1_of_the_session)
{
    char name[46];
    ASSERT_INT_EQ(gc_cred_sso_cache_name("corp", name), 0);
    ASSERT_STR_EQ(name, "ee0bfd2552fbd840c02cc48b6e823320543c450f.json");
    ASSERT_INT_EQ(gc_cred_sso_cache_name("https://example.awsapps.com/start", name), 0);
    ASSERT_STR_EQ(name, "e8be5486177c5b5392bd9aa76563515b29358e6e.json");
    ASSERT_INT_EQ(gc_cred_sso_cache_name(NULL, name), -1);
}

/* ---- suppliers through a client ---- */

/* A client with no static keys whose base credentials come from `supplier` (taken over). */
static struct gc_aws_client *s_client(struct fake_aws *f, struct gc_aws_cred_supplier *supplier)
{
    struct gc_aws_client_settings s;
    memset(&s, 0, sizeof s);
    s.region = strdup("ap-northeast-1");
    s.supplier = *supplier;
    memset(supplier, 0, sizeof *supplier);
    for (int i = 0; i < GC_SVC_COUNT; i++)
        s.endpoints[i] = strdup("http://127.0.0.1:1");
    struct gc_aws_client *c = NULL;
    if (gc_aws_client_new_with_settings(&c, &s) != 0)
        return NULL;
    struct gc_http_transport t = {fake_aws_send, f};
    struct gc_aws_clock clk = {fake_aws_now, fake_aws_sleep, f, fake_aws_jitter, fake_aws_mono_ms};
    gc_aws_client_set_transport(c, &t);
    gc_aws_client_set_clock(c, &clk);
    return c;
}

#define STS_IDENTITY                                                                                                   \
    "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>"                              \
    "</GetCallerIdentityResult></GetCallerIdentityResponse>"

/* After the supplier ran: a signed call uses its key. */
static bool s_signs_with(struct gc_aws_client *c, struct fake_aws *f, const char *key_id)
{
    const char *account = NULL;
    struct gc_aws_error err = {0};
    char want[64];
    int rc = gc_aws_client_account_id(c, &account, &err);
    gc_aws_error_clean_up(&err);
    snprintf(want, sizeof want, "Credential=%s/", key_id);
    const char *auth = fake_aws_header(f, "Authorization");
    return rc == 0 && auth && strstr(auth, want) != NULL;
}

GC_TEST(imds_v2_token_role_credentials)
{
    static const struct fake_reply replies[] = {
        {200, "imds-token-1", {NULL}},
        {200, "runner-role\n", {NULL}},
        {200,
         "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAIMDS\",\"SecretAccessKey\":\"is\",\"Token\":\"it\","
         "\"Expiration\":\"2099-01-01T00:00:00Z\"}",
         {NULL}},
        {200, STS_IDENTITY, {NULL}},
    };
    struct fake_aws f = {.replies = replies, .n_replies = 4, .now = NOW};
    struct gc_aws_cred_supplier sup;
    ASSERT_INT_EQ(gc_cred_imds_supplier(&sup, "http://127.0.0.1:9/"), 0);
    struct gc_aws_client *c = s_client(&f, &sup);
    ASSERT_TRUE(c != NULL);
    struct gc_aws_error err = {0};
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), 0);
    ASSERT_INT_EQ(f.calls, 3);
    ASSERT_STR_EQ(f.method, "GET");
    ASSERT_STR_EQ(f.url, "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/runner-role");
    ASSERT_STR_EQ(fake_aws_header(&f, "X-aws-ec2-metadata-token"), "imds-token-1");
    ASSERT_TRUE(s_signs_with(c, &f, "ASIAIMDS"));
    ASSERT_STR_EQ(fake_aws_header(&f, "X-Amz-Security-Token"), "it");
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

struct imds_failure {
    struct fake_reply replies[3];
    size_t n;
    const char *want;
};

static const struct imds_failure s_imds_failures[] = {
    {{{0, NULL, {NULL}}}, 1, "PUT http://127.0.0.1:9/latest/api/token"},
    {{{403, "", {NULL}}}, 1, "answered HTTP 403"},
    {{{200, "t", {NULL}}, {404, "", {NULL}}}, 2, "answered HTTP 404"},
    {{{200, "t", {NULL}}, {200, "", {NULL}}}, 2, "no IAM role"},
    {{{200, "t", {NULL}}, {200, "r", {NULL}}, {200, "{\"Code\":\"Failure\"}", {NULL}}}, 3, "Code Failure"},
    {{{200, "t", {NULL}}, {200, "r", {NULL}}, {200, "{\"Code\":\"Success\"}", {NULL}}}, 3, "no AccessKeyId"},
};

GC_TEST(imds_failures_name_the_step)
{
    for (size_t i = 0; i < sizeof s_imds_failures / sizeof s_imds_failures[0]; i++) {
        const struct imds_failure *x = &s_imds_failures[i];
        struct fake_aws f = {.replies = x->replies, .n_replies = x->n, .now = NOW, .failure = GC_HTTP_FAILURE_CONNECT};
        struct gc_aws_cred_supplier sup;
        ASSERT_INT_EQ(gc_cred_imds_supplier(&sup, "http://127.0.0.1:9"), 0);
        struct gc_aws_client *c = s_client(&f, &sup);
        struct gc_aws_error err = {0};
        int rc = gc_aws_client_assume_configured_role(c, &err);
        bool ok = rc == -1 && gc_aws_error_is(&err, "IMDSError") && err.message && strstr(err.message, x->want);
        if (!ok)
            printf("# case %zu: %s\n", i, err.message ? err.message : "-");
        gc_aws_error_clean_up(&err);
        gc_aws_client_free(c);
        fake_aws_forget(&f);
        ASSERT_TRUE(ok);
    }
}

static char s_home[128];

static void s_write(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", s_home, rel);
    FILE *fp = fopen(path, "w");
    if (!fp)
        exit(2);
    fputs(text, fp);
    fclose(fp);
}

static void s_make_home(void)
{
    char dir[512];
    if (s_home[0])
        return;
    snprintf(s_home, sizeof s_home, "/tmp/gc-test-creds-XXXXXX");
    if (!mkdtemp(s_home))
        exit(2);
    setenv("HOME", s_home, 1);
    snprintf(dir, sizeof dir, "%s/.aws", s_home);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/.aws/sso", s_home);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/.aws/sso/cache", s_home);
    mkdir(dir, 0700);
}

GC_TEST(sso_cached_token_for_role_credentials)
{
    static const struct fake_reply replies[] = {
        {200,
         "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSO\",\"secretAccessKey\":\"ss\",\"sessionToken\":\"st\","
         "\"expiration\":4070908800000}}",
         {NULL}},
        {200, STS_IDENTITY, {NULL}},
    };
    s_make_home();
    struct fake_aws f = {.replies = replies, .n_replies = 2, .now = NOW};
    struct gc_aws_cred_supplier sup;
    ASSERT_INT_EQ(gc_cred_sso_supplier(&sup, "corp", "https://example.awsapps.com/start", "ap-northeast-1",
                                       "123456789012", "Network Admin", NULL),
                  0);
    struct gc_aws_client *c = s_client(&f, &sup);
    struct gc_aws_error err = {0};

    /* no cache file yet: says how to log in, asks nobody */
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), -1);
    ASSERT_TRUE(gc_aws_error_is(&err, "SSOProviderError") && strstr(err.message, "aws sso login --sso-session corp"));
    ASSERT_INT_EQ(f.calls, 0);
    gc_aws_error_clean_up(&err);

    s_write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
            "{\"accessToken\":\"cached-token\",\"expiresAt\":\"2023-11-14T22:00:00Z\"}");
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), -1);
    ASSERT_TRUE(err.message && strstr(err.message, "expired at 2023-11-14T22:00:00Z"));
    gc_aws_error_clean_up(&err);

    s_write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
            "{\"accessToken\":\"cached-token\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), 0);
    ASSERT_STR_EQ(f.url, "https://portal.sso.ap-northeast-1.amazonaws.com/federation/credentials"
                         "?account_id=123456789012&role_name=Network%20Admin");
    ASSERT_STR_EQ(fake_aws_header(&f, "x-amz-sso_bearer_token"), "cached-token");
    ASSERT_TRUE(fake_aws_header(&f, "Authorization") == NULL);
    ASSERT_TRUE(s_signs_with(c, &f, "ASIASSO"));
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

GC_TEST(web_identity_is_unsigned_and_rereads_its_file)
{
    static const struct fake_reply replies[] = {
        {200,
         "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
         "<AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>ws</SecretAccessKey><SessionToken>wt</SessionToken>"
         "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult>"
         "</AssumeRoleWithWebIdentityResponse>",
         {NULL}},
        {200, STS_IDENTITY, {NULL}},
    };
    s_make_home();
    s_write("token", "oidc.token.value\n");
    char path[256];
    snprintf(path, sizeof path, "%s/token", s_home);
    struct fake_aws f = {.replies = replies, .n_replies = 2, .now = NOW};
    struct gc_aws_cred_supplier sup;
    ASSERT_INT_EQ(gc_cred_web_identity_supplier(&sup, "arn:aws:iam::210987654321:role/ci", "ci", NULL, path, 900), 0);
    struct gc_aws_client *c = s_client(&f, &sup);
    struct gc_aws_error err = {0};
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), 0);
    ASSERT_TRUE(fake_aws_header(&f, "Authorization") == NULL);
    ASSERT_TRUE(strstr(f.body, "Action=AssumeRoleWithWebIdentity") != NULL);
    ASSERT_TRUE(strstr(f.body, "WebIdentityToken=oidc.token.value&") != NULL ||
                strstr(f.body, "WebIdentityToken=oidc.token.value") != NULL);
    ASSERT_TRUE(strstr(f.body, "DurationSeconds=900") != NULL);
    ASSERT_TRUE(s_signs_with(c, &f, "ASIAWEB"));
    gc_aws_client_free(c);
    fake_aws_forget(&f);

    /* a missing token file is named */
    ASSERT_INT_EQ(
        gc_cred_web_identity_supplier(&sup, "arn:aws:iam::210987654321:role/ci", NULL, NULL, "/nonexistent/token", 0),
        0);
    c = s_client(&f, &sup);
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), -1);
    ASSERT_TRUE(gc_aws_error_is(&err, "WebIdentityTokenError") && strstr(err.message, "/nonexistent/token"));
    gc_aws_error_clean_up(&err);
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

GC_TEST(credential_process_runs_without_a_shell_and_refreshes)
{
    static const struct fake_reply replies[] = {{200, STS_IDENTITY, {NULL}}};
    s_make_home();
    char count[256], command[1024];
    snprintf(count, sizeof count, "%s/runs", s_home);
    /* expires 5 minutes after NOW: inside the client's refresh margin, so the next call fetches again. `sh -c` is
     * the command's own choice here; gcnet adds no shell. */
    snprintf(command, sizeof command,
             "sh -c 'echo run >> \"$0\"; echo \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"ASIAPROC\\\", "
             "\\\"SecretAccessKey\\\": \\\"ps\\\", \\\"SessionToken\\\": \\\"pt\\\", \\\"Expiration\\\": "
             "\\\"2023-11-14T22:18:20Z\\\"}\"' %s",
             count);
    struct fake_aws f = {.replies = replies, .n_replies = 1, .now = NOW};
    struct gc_aws_cred_supplier sup;
    ASSERT_INT_EQ(gc_cred_process_supplier(&sup, command), 0);
    struct gc_aws_client *c = s_client(&f, &sup);
    struct gc_aws_error err = {0};
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), 0);
    ASSERT_TRUE(s_signs_with(c, &f, "ASIAPROC"));
    FILE *fp = fopen(count, "r");
    int runs = 0;
    char line[16];
    while (fp && fgets(line, sizeof line, fp))
        runs++;
    if (fp)
        fclose(fp);
    ASSERT_INT_EQ(runs, 2); /* once at start, once before the call that came within the margin */
    gc_aws_client_free(c);
    fake_aws_forget(&f);

    struct process_fail {
        const char *command;
        const char *want;
    } fails[] = {
        {"false", "exited with status 1"},
        {"sh -c 'echo login first >&2; exit 4'", "exited with status 4: login first"},
        {"/nonexistent/gcnet-helper", "cannot run \"/nonexistent/gcnet-helper\""},
        {"echo {\"Version\":1} | cat", "not a JSON object"}, /* echo prints the rest, pipe included */
        {"tool 'unbalanced", "unbalanced quote"},
    };
    for (size_t i = 0; i < sizeof fails / sizeof fails[0]; i++) {
        ASSERT_INT_EQ(gc_cred_process_supplier(&sup, fails[i].command), 0);
        c = s_client(&f, &sup);
        int rc = gc_aws_client_assume_configured_role(c, &err);
        bool ok = rc == -1 && gc_aws_error_is(&err, "CredentialProcessError") && strstr(err.message, fails[i].want);
        if (!ok)
            printf("# %s: %s\n", fails[i].command, err.message ? err.message : "-");
        gc_aws_error_clean_up(&err);
        gc_aws_client_free(c);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(zz_cleanup)
{
    if (s_home[0]) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_home);
        ASSERT_INT_EQ(system(cmd), 0);
    }
}

GC_TEST_MAIN(GC_CASE(split_command_table), GC_CASE(parse_time_table), GC_CASE(process_output_table),
             GC_CASE(sso_cache_name_is_sha1_of_the_session), GC_CASE(imds_v2_token_role_credentials),
             GC_CASE(imds_failures_name_the_step), GC_CASE(sso_cached_token_for_role_credentials),
             GC_CASE(web_identity_is_unsigned_and_rereads_its_file),
             GC_CASE(credential_process_runs_without_a_shell_and_refreshes), GC_CASE(zz_cleanup))
