/* Live test through the real libcurl transport against the patched moto (tests/moto/serve.py) started here:
 * STS GetCallerIdentity, EC2 DescribeVpcs, an EC2 error, a JSON 1.1 call.
 * Usage: test_aws_moto <python3> <serve.py> */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_xml.h"
#include "gc_test.h"

static pid_t g_moto = -1;
static int g_port;

/* Starts tests/moto/serve.py on a port it picks itself and reads its "PORT <n>" line, printed once the server
 * listens (so there is no port to guess and nothing to poll). */
static int s_start_moto(const char *python, const char *serve_py)
{
    int result = -1;
    int pipe_fds[2] = {-1, -1};
    FILE *out = NULL;
    char line[64];
    char *end = NULL;
    long port = 0;

    if (pipe(pipe_fds) != 0)
        goto cleanup;
    g_moto = fork();
    if (g_moto < 0)
        goto cleanup;
    if (g_moto == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, 0);
        dup2(pipe_fds[1], 1); /* our stdout carries TAP; serve.py's goes to the pipe */
        dup2(devnull, 2);
        close(pipe_fds[0]);
        execlp(python, python, serve_py, "--port", "0", (char *)NULL);
        _exit(127);
    }
    close(pipe_fds[1]);
    pipe_fds[1] = -1;
    out = fdopen(pipe_fds[0], "r");
    if (!out)
        goto cleanup;
    pipe_fds[0] = -1;
    if (!fgets(line, sizeof line, out) || strncmp(line, "PORT ", 5) != 0)
        goto cleanup;
    port = strtol(line + 5, &end, 10);
    if (end == line + 5 || port <= 0 || port > 65535)
        goto cleanup;
    g_port = (int)port;
    result = 0;
cleanup:
    if (out)
        fclose(out);
    for (int i = 0; i < 2; i++) {
        if (pipe_fds[i] >= 0)
            close(pipe_fds[i]);
    }
    return result;
}

static void s_stop_moto(void)
{
    if (g_moto > 0) {
        kill(g_moto, SIGTERM);
        waitpid(g_moto, NULL, 0);
        g_moto = -1;
    }
}

static struct gc_aws_client *s_client(void)
{
    struct gc_aws_client_settings s;
    char url[64];
    memset(&s, 0, sizeof s);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", g_port);
    s.region = strdup("ap-northeast-1");
    s.creds.access_key_id = strdup("AKIAGCNETMOTO0000001");
    s.creds.secret_access_key = strdup("moto-secret");
    for (int i = 0; i < GC_SVC_COUNT; i++)
        s.endpoints[i] = strdup(url);
    s.max_retries = 1;
    struct gc_aws_client *c = NULL;
    gc_aws_client_new_with_settings(&c, &s);
    return c;
}

GC_TEST(sts_get_caller_identity)
{
    struct gc_aws_client *c = s_client();
    struct gc_aws_error err;
    const char *id = NULL;
    ASSERT_TRUE(c != NULL);
    int rc = gc_aws_client_account_id(c, &id, &err);
    if (rc != 0)
        printf("# %s: %s\n", err.code ? err.code : "", err.message ? err.message : "");
    ASSERT_INT_EQ(rc, 0);
    ASSERT_STR_EQ(id, "123456789012");
    ASSERT_INT_EQ(gc_aws_client_request_count(c), 1);
    gc_aws_client_free(c);
}

GC_TEST(ec2_describe_vpcs_and_error)
{
    struct gc_aws_client *c = s_client();
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_TRUE(c != NULL);
    int rc = gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err);
    if (rc != 0)
        printf("# %s: %s\n", err.code ? err.code : "", err.message ? err.message : "");
    ASSERT_INT_EQ(rc, 0);
    struct gc_xml_node *root = gc_xml_root(doc);
    ASSERT_STR_EQ((const char *)root->name, "DescribeVpcsResponse");
    /* moto has a default VPC in every region */
    char *vpc = gc_xml_text(root, "vpcSet/item/vpcId");
    ASSERT_TRUE(vpc && strncmp(vpc, "vpc-", 4) == 0);
    free(vpc);
    gc_xml_free_doc(doc);
    doc = NULL;

    struct gc_query q;
    gc_query_init(&q);
    gc_query_add(&q, "VpcId.1", "vpc-00000000000000000");
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", &q, &doc, &err), -1);
    ASSERT_STR_EQ(err.code, "InvalidVpcID.NotFound");
    ASSERT_INT_EQ(err.http_status, 400);
    ASSERT_INT_EQ(err.attempts, 1);
    ASSERT_TRUE(err.message != NULL);
    ASSERT_TRUE(err.request_id != NULL && *err.request_id);
    gc_aws_error_clean_up(&err);
    gc_query_clean_up(&q);
    gc_aws_client_free(c);
}

GC_TEST(json11_call)
{
    struct gc_aws_client *c = s_client();
    struct gc_aws_error err;
    json_t *out = NULL;
    ASSERT_TRUE(c != NULL);
    int rc = gc_json_call(c, GC_SVC_ROUTE53RESOLVER, "ListResolverRules", NULL, &out, &err);
    if (rc != 0)
        printf("# %s: %s\n", err.code ? err.code : "", err.message ? err.message : "");
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(json_is_array(json_object_get(out, "ResolverRules")));
    json_decref(out);
    gc_aws_client_free(c);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        printf("1..1\nnot ok 1 - usage: test_aws_moto <python3> <serve.py>\n");
        return 1;
    }
    /* A missing moto is a failure (serve.py exits before its PORT line), not a skip. */
    if (s_start_moto(argv[1], argv[2]) != 0) {
        s_stop_moto();
        printf("1..1\nnot ok 1 - tests/moto/serve.py did not start (is moto 5.2.1 installed?)\n");
        return 1;
    }
    static const struct gc_test_case cases[] = {
        GC_CASE(sts_get_caller_identity),
        GC_CASE(ec2_describe_vpcs_and_error),
        GC_CASE(json11_call),
    };
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    s_stop_moto();
    return rc;
}
