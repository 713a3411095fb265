/* Live test through the real libcurl transport against a moto server started here on a free port:
 * STS GetCallerIdentity, EC2 DescribeVpcs, an EC2 error, a JSON 1.1 call.
 * Usage: test_aws_moto <python3> */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_xml.h"
#include "gc_test.h"

static pid_t g_moto = -1;
static int g_port;

static int s_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    socklen_t len = sizeof a;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(fd, (struct sockaddr *)&a, &len)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return ntohs(a.sin_port);
}

static int s_port_open(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static int s_start_moto(const char *python)
{
    g_port = s_free_port();
    if (g_port <= 0)
        return -1;
    char port[16];
    snprintf(port, sizeof port, "%d", g_port);
    g_moto = fork();
    if (g_moto < 0)
        return -1;
    if (g_moto == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, 0);
        dup2(devnull, 1); /* stdout carries TAP */
        dup2(devnull, 2);
        execlp(python, python, "-m", "moto.server", "-H", "127.0.0.1", "-p", port, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 300; i++) { /* up to 30 s */
        if (s_port_open(g_port))
            return 0;
        int status;
        if (waitpid(g_moto, &status, WNOHANG) == g_moto) {
            g_moto = -1;
            return -1;
        }
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
    return -1;
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
    xmlDoc *doc = NULL;
    ASSERT_TRUE(c != NULL);
    int rc = gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err);
    if (rc != 0)
        printf("# %s: %s\n", err.code ? err.code : "", err.message ? err.message : "");
    ASSERT_INT_EQ(rc, 0);
    xmlNode *root = gc_xml_root(doc);
    ASSERT_STR_EQ((const char *)root->name, "DescribeVpcsResponse");
    /* moto has a default VPC in every region */
    char *vpc = gc_xml_text(root, "vpcSet/item/vpcId");
    ASSERT_TRUE(vpc && strncmp(vpc, "vpc-", 4) == 0);
    free(vpc);
    xmlFreeDoc(doc);
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
    const char *python = argc > 1 ? argv[1] : "/usr/bin/python3";
    char check[512];
    snprintf(check, sizeof check, "'%s' -c 'import moto.server' >/dev/null 2>&1", python);
    if (system(check) != 0) {
        printf("1..0 # SKIP moto is not installed\n");
        return 0;
    }
    if (s_start_moto(python) != 0) {
        s_stop_moto();
        printf("1..1\nnot ok 1 - moto server did not start\n");
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
