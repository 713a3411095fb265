/* Cross-check with botocore: botocore_sign.py signs five gcnet-shaped requests at a fixed time; the same
 * requests go through gcnet's whole pipeline (endpoint, headers, SigV4) into a fake transport, and the
 * X-Amz-Date and Authorization headers must be identical.
 * Usage: test_sigv4_botocore <python3> <botocore_sign.py> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "aws/gc_aws.h"
#include "aws/gc_xml.h"
#include "fake_aws.h"
#include "gc_test.h"

static const char *g_python;
static const char *g_script;

#define S_TOKEN "FwoGZXIvYXdzEXAMPLE//session+token=="

static char g_script_out[16384];
static int g_script_ran;

/* botocore's line for `name`: "<amz date> <authorization>" (malloc'd), or NULL. The script runs once. */
static char *s_botocore_line(const char *name)
{
    if (!g_script_ran) {
        char cmd[8192];
        g_script_ran = 1;
        snprintf(cmd, sizeof cmd, "'%s' '%s'", g_python, g_script);
        FILE *p = popen(cmd, "r");
        if (!p)
            return NULL;
        size_t n = fread(g_script_out, 1, sizeof g_script_out - 1, p);
        g_script_out[n] = '\0';
        pclose(p);
    }
    size_t n = strlen(name);
    for (const char *line = g_script_out; *line;) {
        size_t len = strcspn(line, "\n");
        if (len > n && strncmp(line, name, n) == 0 && line[n] == ' ')
            return strndup(line + n + 1, len - n - 1);
        line += len;
        if (*line == '\n')
            line++;
    }
    return NULL;
}

static time_t s_fixed_time(void)
{
    struct tm tm = {0};
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 0;
    tm.tm_mday = 15;
    tm.tm_hour = 8;
    tm.tm_min = 30;
    return timegm(&tm);
}

static int s_compare(const char *name, struct fake_aws *f)
{
    char *want = s_botocore_line(name);
    char got[4096];
    const char *date = fake_aws_header(f, "X-Amz-Date");
    const char *auth = fake_aws_header(f, "Authorization");
    snprintf(got, sizeof got, "%s %s", date ? date : "(none)", auth ? auth : "(none)");
    int ok = want && strcmp(want, got) == 0;
    if (!ok)
        printf("# %s\n#   botocore: %s\n#   gcnet:    %s\n", name, want ? want : "(no line from script)", got);
    free(want);
    return ok;
}

static const struct fake_reply s_ok_xml[] = {{200, "<R><requestId>r</requestId></R>", {NULL}}};
static const struct fake_reply s_ok_json[] = {{200, "{}", {NULL}}};

GC_TEST(ec2_query)
{
    struct fake_aws f = {.replies = s_ok_xml, .n_replies = 1, .now = s_fixed_time()};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 0);
    struct gc_query q;
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    const char *vals[] = {"a b"};
    gc_query_init(&q);
    ASSERT_INT_EQ(gc_query_add_filter(&q, 1, "tag:Name", vals, 1), 0);
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", &q, &doc, &err), 0);
    ASSERT_STR_EQ(f.url, "https://ec2.ap-northeast-1.amazonaws.com/");
    ASSERT_TRUE(s_compare("ec2_query", &f));
    gc_xml_free_doc(doc);
    gc_query_clean_up(&q);
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

GC_TEST(json11_target)
{
    struct fake_aws f = {.replies = s_ok_json, .n_replies = 1, .now = s_fixed_time()};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 0);
    struct gc_aws_error err;
    json_t *out = NULL;
    json_t *body = json_pack("{s:i}", "MaxResults", 10);
    ASSERT_INT_EQ(gc_json_call(c, GC_SVC_ROUTE53RESOLVER, "ListResolverRules", body, &out, &err), 0);
    ASSERT_STR_EQ(f.body, "{\"MaxResults\":10}");
    ASSERT_TRUE(s_compare("json11_target", &f));
    json_decref(body);
    json_decref(out);
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

GC_TEST(ram_delete_query)
{
    struct fake_aws f = {.replies = s_ok_json, .n_replies = 1, .now = s_fixed_time()};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-3", NULL, NULL, 0);
    struct gc_aws_error err;
    json_t *out = NULL;
    ASSERT_INT_EQ(gc_rest_json_call(c, GC_SVC_RAM, "DeleteResourceShare", "DELETE",
                                    "/deleteresourceshare?resourceShareArn=arn%3Aaws%3Aram%3Aap-northeast-3%3A"
                                    "123456789012%3Aresource-share%2Fabc-123&clientToken=tok-1",
                                    NULL, &out, &err),
                  0);
    ASSERT_STR_EQ(f.method, "DELETE");
    ASSERT_TRUE(s_compare("ram_delete_query", &f));
    json_decref(out);
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

GC_TEST(sts_session_token)
{
    struct fake_aws f = {.replies = s_ok_xml, .n_replies = 1, .now = s_fixed_time()};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, S_TOKEN, 0);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_sts_call(c, "GetCallerIdentity", NULL, &doc, &err), 0);
    ASSERT_STR_EQ(fake_aws_header(&f, "X-Amz-Security-Token"), S_TOKEN);
    ASSERT_TRUE(s_compare("sts_session_token", &f));
    gc_xml_free_doc(doc);
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

GC_TEST(route53_global)
{
    struct fake_aws f = {.replies = s_ok_xml, .n_replies = 1, .now = s_fixed_time()};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 0);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_rest_xml_call(c, GC_SVC_ROUTE53, "ListHostedZones", "GET", "/2013-04-01/hostedzone?maxitems=10",
                                   gc_span_from(NULL, 0), &doc, &err),
                  0);
    ASSERT_STR_EQ(f.url, "https://route53.amazonaws.com/2013-04-01/hostedzone?maxitems=10");
    ASSERT_TRUE(s_compare("route53_global", &f));
    gc_xml_free_doc(doc);
    gc_aws_client_free(c);
    fake_aws_forget(&f);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        printf("1..0 # SKIP usage: test_sigv4_botocore <python3> <botocore_sign.py>\n");
        return 0;
    }
    g_python = argv[1];
    g_script = argv[2];
    static const struct gc_test_case cases[] = {
        GC_CASE(ec2_query), GC_CASE(json11_target), GC_CASE(ram_delete_query),
        GC_CASE(sts_session_token), GC_CASE(route53_global),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
