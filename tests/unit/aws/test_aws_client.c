/* The send pipeline through a fake transport and a fake clock: retries, give-up, cancellation, error and
 * request-id parsing for every protocol, query encoding, endpoints, account id caching, assume role. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_aws_private.h"
#include "aws/gc_http.h"
#include "aws/gc_retry.h"
#include "aws/gc_xml.h"
#include "fake_aws.h"
#include "gc_test.h"

#define EC2_OK                                                                                                         \
    "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"                                        \
    "<requestId>req-ok-1</requestId><vpcSet/></DescribeVpcsResponse>"
#define EC2_ERR(code)                                                                                                  \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" code "</Code><Message>msg for " code   \
    "</Message></Error></Errors>"                                                                                      \
    "<RequestID>req-err-1</RequestID></Response>"

static void s_client_case_done(struct gc_aws_client *c, struct fake_aws *f)
{
    gc_aws_client_free(c);
    fake_aws_forget(f);
}

GC_TEST(retries_503_and_throttling_then_succeeds)
{
    static const struct fake_reply replies[] = {
        {503, EC2_ERR("Unavailable"), {NULL}},
        {400, EC2_ERR("RequestLimitExceeded"), {NULL}},
        {0, NULL, {NULL}},
        {200, EC2_OK, {NULL}},
    };
    struct fake_aws f = {.replies = replies, .n_replies = 4, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 5);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_TRUE(c != NULL);
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err), 0);
    ASSERT_TRUE(doc != NULL);
    ASSERT_INT_EQ(f.calls, 4);
    ASSERT_INT_EQ(gc_aws_client_request_count(c), 4);
    ASSERT_INT_EQ(err.attempts, 4);
    ASSERT_TRUE(err.code == NULL);
    /* full jitter, drawn through the clock seam (the fake draws UINT32_MAX): UINT32_MAX mod (ceiling + 1) for
     * the ceilings 100, 200 and 400 ms, slept on the fake clock (in slices, so that a cancel is seen) */
    ASSERT_TRUE(f.sleeps >= 3);
    ASSERT_INT_EQ(f.slept_ms, 67 + 99 + 254);
    gc_xml_free_doc(doc);
    s_client_case_done(c, &f);
}

/* retry_mode "adaptive": after a throttling answer the client also waits for its turn under a send rate, so the
 * same answers cost more waiting than in standard mode (backoff only); an unthrottled client never waits. */
GC_TEST(adaptive_mode_slows_down_after_throttling)
{
    static const struct fake_reply replies[] = {
        {400, EC2_ERR("RequestLimitExceeded"), {NULL}},
        {200, EC2_OK, {NULL}},
    };
    long slept[2] = {0, 0};
    for (int mode = 0; mode < 2; mode++) {
        struct fake_aws f = {.replies = replies, .n_replies = 2, .now = 1700000000};
        f.retry_mode = mode ? GC_AWS_RETRY_ADAPTIVE : GC_AWS_RETRY_STANDARD;
        struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 5);
        struct gc_aws_error err;
        struct gc_xml_doc *doc = NULL;
        ASSERT_TRUE(c != NULL);
        ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err), 0);
        ASSERT_INT_EQ(f.calls, 2);
        slept[mode] = f.slept_ms;
        gc_xml_free_doc(doc);
        s_client_case_done(c, &f);
    }
    /* standard: the backoff alone (UINT32_MAX mod 101 = 67 ms); adaptive: then the rest of the 200 ms turn that
     * the throttle set (5 per second), on the fake monotonic clock that the sleeps advance */
    ASSERT_INT_EQ(slept[0], 67);
    ASSERT_INT_EQ(slept[1], 200);

    static const struct fake_reply ok[] = {{200, EC2_OK, {NULL}}};
    struct fake_aws g = {.replies = ok, .n_replies = 1, .now = 1700000000, .retry_mode = GC_AWS_RETRY_ADAPTIVE};
    struct gc_aws_client *c = fake_aws_client(&g, "ap-northeast-1", NULL, NULL, 5);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_TRUE(c != NULL);
    for (int i = 0; i < 3; i++) {
        ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err), 0);
        gc_xml_free_doc(doc);
        doc = NULL;
    }
    ASSERT_INT_EQ(g.slept_ms, 0);
    s_client_case_done(c, &g);
}

GC_TEST(gives_up_after_max_retries)
{
    static const struct fake_reply replies[] = {{503, EC2_ERR("Unavailable"), {NULL}}};
    struct fake_aws f = {.replies = replies, .n_replies = 1, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 2);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeTransitGateways", NULL, &doc, &err), -1);
    ASSERT_TRUE(doc == NULL);
    ASSERT_INT_EQ(f.calls, 3);
    ASSERT_INT_EQ(err.attempts, 3);
    ASSERT_INT_EQ(err.http_status, 503);
    ASSERT_STR_EQ(err.code, "Unavailable");
    ASSERT_STR_EQ(err.message, "msg for Unavailable");
    ASSERT_STR_EQ(err.request_id, "req-err-1");
    ASSERT_STR_EQ(err.operation, "DescribeTransitGateways");
    ASSERT_INT_EQ(err.service, GC_SVC_EC2);

    struct gc_diags diags;
    gc_diags_init(&diags);
    gc_aws_error_diag(&diags, NULL, &err);
    ASSERT_INT_EQ(diags.n, 1);
    ASSERT_INT_EQ(diags.items[0].severity, GC_SEV_ERROR);
    ASSERT_STR_EQ(diags.items[0].summary, "EC2 DescribeTransitGateways failed");
    ASSERT_TRUE(strstr(diags.items[0].detail, "Error code: Unavailable") != NULL);
    ASSERT_TRUE(strstr(diags.items[0].detail, "Message: msg for Unavailable") != NULL);
    ASSERT_TRUE(strstr(diags.items[0].detail, "HTTP status: 503") != NULL);
    ASSERT_TRUE(strstr(diags.items[0].detail, "Request ID: req-err-1") != NULL);
    gc_diags_clean_up(&diags);
    gc_aws_error_clean_up(&err);
    s_client_case_done(c, &f);
}

GC_TEST(transport_error_gives_request_error)
{
    static const struct fake_reply replies[] = {{0, NULL, {NULL}}};
    struct fake_aws f = {.replies = replies, .n_replies = 1, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 1);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_sts_call(c, "GetCallerIdentity", NULL, &doc, &err), -1);
    ASSERT_INT_EQ(f.calls, 2);
    ASSERT_STR_EQ(err.code, "RequestError");
    ASSERT_INT_EQ(err.http_status, 0);
    ASSERT_TRUE(strstr(err.message, "timed out") != NULL);
    ASSERT_FALSE(err.unreachable); /* a timeout may have reached AWS */
    gc_aws_error_clean_up(&err);
    s_client_case_done(c, &f);
}

/* An endpoint whose name does not resolve, or that refuses connections, is tried 1 + GC_RETRY_UNREACHABLE_MAX
 * times with short waits, whatever max_retries allows, even for a create without an idempotency token (nothing
 * was sent), and the error names the endpoint. A timeout keeps the normal policy (all 25 retries). */
GC_TEST(unreachable_endpoint_fails_after_two_quick_retries)
{
    static const struct {
        enum gc_http_failure failure;
        const char *operation;
        int want_calls;
        const char *want_text;
    } rows[] = {
        {GC_HTTP_FAILURE_RESOLVE, "DescribeVpcs", 1 + GC_RETRY_UNREACHABLE_MAX, "Could not resolve host: fake.invalid"},
        {GC_HTTP_FAILURE_CONNECT, "DescribeVpcs", 1 + GC_RETRY_UNREACHABLE_MAX, "Failed to connect to 127.0.0.1"},
        {GC_HTTP_FAILURE_CONNECT, "CreateTransitGateway", 1 + GC_RETRY_UNREACHABLE_MAX, "Failed to connect"},
        {GC_HTTP_FAILURE_OTHER, "DescribeVpcs", 26, "timed out"},
        {GC_HTTP_FAILURE_OTHER, "CreateTransitGateway", 1, "timed out"}, /* the answer may be lost after AWS acted */
        {GC_HTTP_FAILURE_TLS, "DescribeVpcs", 1, "certificate"},         /* untrusted stays untrusted: no retry */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        static const struct fake_reply replies[] = {{0, NULL, {NULL}}};
        struct fake_aws f = {.replies = replies, .n_replies = 1, .now = 1700000000, .failure = rows[i].failure};
        struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", "https://ec2.example.test", NULL, 25);
        struct gc_aws_error err;
        struct gc_xml_doc *doc = NULL;
        ASSERT_TRUE(c != NULL);
        int rc = gc_ec2_call(c, rows[i].operation, NULL, &doc, &err);
        bool unreachable = rows[i].failure == GC_HTTP_FAILURE_RESOLVE || rows[i].failure == GC_HTTP_FAILURE_CONNECT;
        printf("# row %zu: %d calls, slept %ld ms: %s\n", i, f.calls, f.slept_ms, err.message ? err.message : "");
        ASSERT_INT_EQ(rc, -1);
        ASSERT_INT_EQ(f.calls, rows[i].want_calls);
        ASSERT_INT_EQ(err.attempts, rows[i].want_calls);
        ASSERT_STR_EQ(err.code, "RequestError");
        ASSERT_INT_EQ(err.http_status, 0);
        ASSERT_INT_EQ(err.unreachable, unreachable);
        ASSERT_TRUE(strstr(err.message, rows[i].want_text) != NULL);
        if (unreachable) {
            ASSERT_TRUE(strncmp(err.message, "cannot reach https://ec2.example.test: ", 39) == 0);
            /* the fake's jitter draws UINT32_MAX: UINT32_MAX mod 251 and mod 501, the short ceilings */
            ASSERT_INT_EQ(f.slept_ms, 0xffffffffu % 251 + 0xffffffffu % 501);
            ASSERT_TRUE(f.slept_ms <= GC_RETRY_UNREACHABLE_MAX * GC_RETRY_UNREACHABLE_CAP_MS);
        }
        gc_aws_error_clean_up(&err);
        s_client_case_done(c, &f);
    }
}

/* The real libcurl transport sorts its failures: a name under .invalid (which never resolves) is RESOLVE, a
 * loopback port that is bound but not listening (held here, so nobody else can take it) is CONNECT. */
GC_TEST(curl_classifies_unreachable_endpoints)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    ASSERT_TRUE(fd >= 0);
    ASSERT_INT_EQ(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ASSERT_INT_EQ(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    char refused[64];
    snprintf(refused, sizeof refused, "http://127.0.0.1:%d/", ntohs(a.sin_port));

    struct gc_http_curl *curl = NULL;
    ASSERT_INT_EQ(gc_http_curl_new(&curl, NULL), 0);
    const struct {
        const char *url;
        enum gc_http_failure want;
    } rows[] = {{"http://gcnet-unresolvable.invalid:1/", GC_HTTP_FAILURE_RESOLVE}, {refused, GC_HTTP_FAILURE_CONNECT}};
    int failures = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_http_request req = {.method = "GET", .url = rows[i].url, .timeout_ms = 5000};
        struct gc_http_response resp;
        int rc = gc_http_curl_send(curl, &req, &resp);
        printf("# %s: rc %d, status %ld, class %d: %s\n", rows[i].url, rc, resp.status, (int)resp.failure,
               resp.transport_error);
        failures += rc != -1 || resp.status != 0 || resp.failure != rows[i].want || !resp.transport_error[0];
        gc_http_response_clean_up(&resp);
    }
    gc_http_curl_free(curl);
    close(fd);
    ASSERT_INT_EQ(failures, 0);
    ASSERT_INT_EQ(gc_http_curl_failure(CURLE_COULDNT_RESOLVE_PROXY), GC_HTTP_FAILURE_RESOLVE);
    ASSERT_INT_EQ(gc_http_curl_failure(CURLE_OPERATION_TIMEDOUT), GC_HTTP_FAILURE_OTHER);
    ASSERT_INT_EQ(gc_http_curl_failure(CURLE_SSL_CONNECT_ERROR), GC_HTTP_FAILURE_OTHER);
    ASSERT_INT_EQ(gc_http_curl_failure(CURLE_PEER_FAILED_VERIFICATION), GC_HTTP_FAILURE_TLS);
}

/* max_retries lower than GC_RETRY_UNREACHABLE_MAX wins; a blip that clears on the next attempt succeeds. */
GC_TEST(unreachable_respects_max_retries_and_recovers)
{
    static const struct fake_reply down[] = {{0, NULL, {NULL}}};
    struct fake_aws f = {.replies = down, .n_replies = 1, .now = 1700000000, .failure = GC_HTTP_FAILURE_RESOLVE};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 1);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err), -1);
    ASSERT_INT_EQ(f.calls, 2);
    ASSERT_TRUE(err.unreachable);
    ASSERT_TRUE(strstr(err.message, "cannot reach https://ec2.ap-northeast-1.amazonaws.com: ") == err.message);
    gc_aws_error_clean_up(&err);
    s_client_case_done(c, &f);

    static const struct fake_reply blip[] = {{0, NULL, {NULL}}, {200, EC2_OK, {NULL}}};
    struct fake_aws g = {.replies = blip, .n_replies = 2, .now = 1700000000, .failure = GC_HTTP_FAILURE_CONNECT};
    c = fake_aws_client(&g, "ap-northeast-1", NULL, NULL, 25);
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err), 0);
    ASSERT_INT_EQ(g.calls, 2);
    ASSERT_FALSE(err.unreachable);
    gc_xml_free_doc(doc);
    s_client_case_done(c, &g);
}

GC_TEST(non_retryable_error_is_not_retried)
{
    static const struct fake_reply replies[] = {
        {400, EC2_ERR("InvalidTransitGatewayID.NotFound"), {NULL}},
        {200, EC2_OK, {NULL}},
    };
    struct fake_aws f = {.replies = replies, .n_replies = 2, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 25);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_ec2_call(c, "DeleteTransitGateway", NULL, &doc, &err), -1);
    ASSERT_INT_EQ(f.calls, 1);
    ASSERT_INT_EQ(f.sleeps, 0);
    ASSERT_TRUE(gc_aws_error_is(&err, "InvalidTransitGatewayID.NotFound"));
    ASSERT_FALSE(gc_aws_error_is(&err, "InvalidTransitGatewayID"));
    ASSERT_INT_EQ(err.attempts, 1);
    gc_aws_error_clean_up(&err);
    s_client_case_done(c, &f);
}

/* Route 53 Resolver's LimitExceededException is its endpoint quota, not throttling: one attempt, the error at once
 * (EC2's use of the name stays throttling: retries_503_and_throttling_then_succeeds). */
GC_TEST(resolver_quota_is_not_retried)
{
    static const struct fake_reply replies[] = {
        {400, "{\"__type\":\"LimitExceededException\",\"message\":\"Account has reached the endpoint limit\"}",
         {"x-amzn-requestid: quota-1", NULL}},
        {200, "{}", {NULL}},
    };
    struct fake_aws f = {.replies = replies, .n_replies = 2, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 25);
    struct gc_aws_error err;
    json_t *in = json_object();
    json_t *out = NULL;
    ASSERT_TRUE(in != NULL);
    ASSERT_INT_EQ(gc_aws_op_call(c, &gc_op_route53resolver_list_resolver_endpoints, in, &out, &err), -1);
    ASSERT_INT_EQ(f.calls, 1);
    ASSERT_INT_EQ(f.sleeps, 0);
    ASSERT_TRUE(gc_aws_error_is(&err, "LimitExceededException"));
    ASSERT_STR_EQ(err.request_id, "quota-1");
    json_decref(in);
    json_decref(out);
    gc_aws_error_clean_up(&err);
    s_client_case_done(c, &f);
}

GC_TEST(cancel_stops_the_retry_wait)
{
    static const struct fake_reply replies[] = {{503, EC2_ERR("Unavailable"), {NULL}}};
    struct fake_aws f = {.replies = replies, .n_replies = 1, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 25);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    f.cancel_after_sleep = c;
    ASSERT_FALSE(gc_aws_client_cancelled(c));
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err), -1);
    ASSERT_TRUE(gc_aws_client_cancelled(c));
    ASSERT_STR_EQ(err.code, "RequestCanceled");
    ASSERT_INT_EQ(f.calls, 1);
    ASSERT_TRUE(f.sleeps <= 1);
    gc_aws_error_clean_up(&err);
    /* a cancelled client sends nothing */
    ASSERT_INT_EQ(gc_ec2_call(c, "DescribeVpcs", NULL, &doc, &err), -1);
    ASSERT_INT_EQ(f.calls, 1);
    ASSERT_STR_EQ(err.code, "RequestCanceled");
    gc_aws_error_clean_up(&err);
    s_client_case_done(c, &f);
}

GC_TEST(error_parsing_per_protocol)
{
    static const struct {
        enum gc_aws_protocol proto;
        long status;
        const char *body;
        const char *header1;
        const char *header2;
        const char *code;
        const char *message;
        const char *request_id;
    } cases[] = {
        {GC_AWS_PROTO_EC2, 400, EC2_ERR("InvalidVpcID.NotFound"), NULL, NULL, "InvalidVpcID.NotFound",
         "msg for InvalidVpcID.NotFound", "req-err-1"},
        {GC_AWS_PROTO_QUERY, 403,
         "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
         "<Code>AccessDenied</Code><Message>User is not authorized</Message></Error>"
         "<RequestId>sts-req-9</RequestId></ErrorResponse>",
         NULL, NULL, "AccessDenied", "User is not authorized", "sts-req-9"},
        {GC_AWS_PROTO_JSON, 400,
         "{\"__type\":\"com.amazonaws.route53resolver#ResourceNotFoundException\",\"message\":\"no rule\"}",
         "x-amzn-requestid: json-req-1", NULL, "ResourceNotFoundException", "no rule", "json-req-1"},
        {GC_AWS_PROTO_JSON, 400, "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}", NULL, NULL,
         "ThrottlingException", "Rate exceeded", NULL},
        {GC_AWS_PROTO_JSON, 400, "", "x-amzn-errortype: InvalidRequestException", "x-amzn-requestid: r-2",
         "InvalidRequestException", NULL, "r-2"},
        {GC_AWS_PROTO_REST_JSON, 400, "{\"message\":\"Unknown share\"}",
         "x-amzn-errortype: UnknownResourceException:http://internal.amazon.com/coral/com.amazonaws.ram/",
         "x-amzn-requestid: ram-req-3", "UnknownResourceException", "Unknown share", "ram-req-3"},
        {GC_AWS_PROTO_REST_JSON, 400, "{\"__type\":\"MalformedArnException\",\"message\":\"bad arn\"}", NULL, NULL,
         "MalformedArnException", "bad arn", NULL},
        {GC_AWS_PROTO_REST_XML, 404,
         "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
         "<Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found</Message></Error>"
         "<RequestId>r53-req</RequestId></ErrorResponse>",
         NULL, NULL, "NoSuchHostedZone", "No hosted zone found", "r53-req"},
        /* moto's HTML 404 */
        {GC_AWS_PROTO_REST_JSON, 404, "<!DOCTYPE HTML><title>404 Not Found</title>", NULL, NULL, "HTTP 404",
         "<!DOCTYPE HTML><title>404 Not Found</title>", NULL},
        {GC_AWS_PROTO_EC2, 500, "", NULL, NULL, "HTTP 500", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_http_response resp;
        struct gc_aws_error err;
        char *headers[2];
        size_t nh = 0;
        memset(&resp, 0, sizeof resp);
        memset(&err, 0, sizeof err);
        gc_buf_init(&resp.body, 1 << 20);
        gc_buf_append_str(&resp.body, cases[i].body);
        resp.status = cases[i].status;
        if (cases[i].header1)
            headers[nh++] = (char *)cases[i].header1;
        if (cases[i].header2)
            headers[nh++] = (char *)cases[i].header2;
        resp.headers = headers;
        resp.n_headers = nh;
        printf("# error case %zu\n", i);
        ASSERT_INT_EQ(gc_aws_parse_error(&err, cases[i].proto, &resp), 0);
        ASSERT_STR_EQ(err.code, cases[i].code);
        if (cases[i].message)
            ASSERT_STR_EQ(err.message, cases[i].message);
        else
            ASSERT_TRUE(err.message == NULL);
        if (cases[i].request_id)
            ASSERT_STR_EQ(err.request_id, cases[i].request_id);
        else
            ASSERT_TRUE(err.request_id == NULL);
        ASSERT_INT_EQ(err.http_status, cases[i].status);
        gc_aws_error_clean_up(&err);
        gc_buf_clean_up(&resp.body);
    }
}

GC_TEST(request_id_from_success_responses)
{
    static const struct {
        enum gc_aws_protocol proto;
        const char *body;
        const char *header;
        const char *want;
    } cases[] = {
        {GC_AWS_PROTO_EC2, EC2_OK, NULL, "req-ok-1"},
        {GC_AWS_PROTO_QUERY,
         "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult>"
         "<ResponseMetadata><RequestId>sts-ok</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
         NULL, "sts-ok"},
        {GC_AWS_PROTO_JSON, "{}", "X-Amzn-RequestId: json-ok", "json-ok"},
        {GC_AWS_PROTO_REST_XML, "<ListHostedZonesResponse/>", "x-amz-request-id: r53-ok", "r53-ok"},
        {GC_AWS_PROTO_JSON, "{}", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_http_response resp;
        char *headers[1] = {(char *)cases[i].header};
        memset(&resp, 0, sizeof resp);
        gc_buf_init(&resp.body, 1 << 20);
        gc_buf_append_str(&resp.body, cases[i].body);
        resp.status = 200;
        resp.headers = headers;
        resp.n_headers = cases[i].header ? 1 : 0;
        char *id = gc_aws_response_request_id(cases[i].proto, &resp);
        if (cases[i].want)
            ASSERT_STR_EQ(id, cases[i].want);
        else
            ASSERT_TRUE(id == NULL);
        free(id);
        gc_buf_clean_up(&resp.body);
    }
}

GC_TEST(ec2_query_body_encoding)
{
    struct gc_query q;
    struct gc_buf b;
    const char *vals[] = {"tgw-1", "a b/c"};
    gc_query_init(&q);
    gc_buf_init(&b, 1 << 20);
    ASSERT_INT_EQ(gc_query_add(&q, "TagSpecification.1.ResourceType", "transit-gateway"), 0);
    ASSERT_INT_EQ(gc_query_addf(&q, "gc=net&x", "TagSpecification.1.Tag.%d.Value", 1), 0);
    ASSERT_INT_EQ(gc_query_add_filter(&q, 2, "tag:Name", vals, 2), 0);
    ASSERT_INT_EQ(gc_query_add(&q, "Description", "\xe6\x9d\xb1\xe4\xba\xac*~"), 0);
    ASSERT_INT_EQ(gc_query_encode(&b, "CreateTransitGateway", "2016-11-15", &q), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&b), "Action=CreateTransitGateway&Version=2016-11-15"
                                   "&TagSpecification.1.ResourceType=transit-gateway"
                                   "&TagSpecification.1.Tag.1.Value=gc%3Dnet%26x"
                                   "&Filter.2.Name=tag%3AName&Filter.2.Value.1=tgw-1&Filter.2.Value.2=a%20b%2Fc"
                                   "&Description=%E6%9D%B1%E4%BA%AC%2A~");
    ASSERT_INT_EQ(gc_query_add_filter(&q, 0, "x", NULL, 0), -1);

    /* and through the pipeline: POST / with the form content type */
    static const struct fake_reply replies[] = {{200, EC2_OK, {NULL}}};
    struct fake_aws f = {.replies = replies, .n_replies = 1, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-3", NULL, NULL, 0);
    struct gc_aws_error err;
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_ec2_call(c, "CreateTransitGateway", &q, &doc, &err), 0);
    ASSERT_STR_EQ(f.method, "POST");
    ASSERT_STR_EQ(f.url, "https://ec2.ap-northeast-3.amazonaws.com/");
    ASSERT_STR_EQ(f.body, gc_buf_cstr(&b));
    ASSERT_STR_EQ(fake_aws_header(&f, "Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
    ASSERT_STR_EQ(fake_aws_header(&f, "Host"), "ec2.ap-northeast-3.amazonaws.com");
    ASSERT_TRUE(strstr(fake_aws_header(&f, "Authorization"), "/ap-northeast-3/ec2/aws4_request") != NULL);
    ASSERT_TRUE(fake_aws_header(&f, "X-Amz-Security-Token") == NULL);
    gc_xml_free_doc(doc);
    gc_buf_clean_up(&b);
    gc_query_clean_up(&q);
    s_client_case_done(c, &f);
}

GC_TEST(endpoints_and_signing_regions)
{
    static const struct fake_reply replies[] = {{200, "{}", {NULL}}};
    struct fake_aws f = {.replies = replies, .n_replies = 1, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 0);
    static const struct {
        enum gc_aws_service svc;
        const char *url;
        const char *signing;
    } cases[] = {
        {GC_SVC_EC2, "https://ec2.ap-northeast-1.amazonaws.com", "ec2"},
        {GC_SVC_STS, "https://sts.ap-northeast-1.amazonaws.com", "sts"},
        {GC_SVC_RAM, "https://ram.ap-northeast-1.amazonaws.com", "ram"},
        {GC_SVC_ROUTE53, "https://route53.amazonaws.com", "route53"},
        {GC_SVC_ROUTE53RESOLVER, "https://route53resolver.ap-northeast-1.amazonaws.com", "route53resolver"},
        {GC_SVC_ACMPCA, "https://acm-pca.ap-northeast-1.amazonaws.com", "acm-pca"},
        {GC_SVC_DIRECTCONNECT, "https://directconnect.ap-northeast-1.amazonaws.com", "directconnect"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *url = gc_aws_client_endpoint_url(c, cases[i].svc);
        ASSERT_STR_EQ(url, cases[i].url);
        free(url);
        ASSERT_STR_EQ(gc_aws_service_signing_name(cases[i].svc), cases[i].signing);
        ASSERT_STR_EQ(gc_aws_client_signing_region(c, cases[i].svc),
                      cases[i].svc == GC_SVC_ROUTE53 ? "us-east-1" : "ap-northeast-1");
    }
    ASSERT_STR_EQ(gc_aws_service_key(GC_SVC_ACMPCA), "acmpca");
    ASSERT_STR_EQ(gc_aws_client_region(c), "ap-northeast-1");
    s_client_case_done(c, &f);

    /* an override (moto): plain http with a port, trailing slash dropped, Host keeps the port */
    f = (struct fake_aws){.replies = replies, .n_replies = 1, .now = 1700000000};
    c = fake_aws_client(&f, "ap-northeast-1", "http://127.0.0.1:5555/", NULL, 0);
    struct gc_aws_error err;
    json_t *out = NULL;
    ASSERT_INT_EQ(gc_json_call(c, GC_SVC_ACMPCA, "ListCertificateAuthorities", NULL, &out, &err), 0);
    ASSERT_STR_EQ(f.url, "http://127.0.0.1:5555/");
    ASSERT_STR_EQ(f.body, "{}");
    ASSERT_STR_EQ(fake_aws_header(&f, "Host"), "127.0.0.1:5555");
    ASSERT_STR_EQ(fake_aws_header(&f, "X-Amz-Target"), "ACMPrivateCA.ListCertificateAuthorities");
    ASSERT_STR_EQ(fake_aws_header(&f, "Content-Type"), "application/x-amz-json-1.1");
    ASSERT_TRUE(strstr(fake_aws_header(&f, "Authorization"), "/ap-northeast-1/acm-pca/aws4_request") != NULL);
    json_decref(out);
    struct gc_xml_doc *doc = NULL;
    ASSERT_INT_EQ(gc_rest_xml_call(c, GC_SVC_ROUTE53, "GetHostedZone", "GET", "/2013-04-01/hostedzone/Z1",
                                   gc_span_from(NULL, 0), &doc, &err),
                  -1); /* "{}" is not XML */
    ASSERT_STR_EQ(err.code, "MalformedResponse");
    ASSERT_STR_EQ(f.url, "http://127.0.0.1:5555/2013-04-01/hostedzone/Z1");
    ASSERT_TRUE(strstr(fake_aws_header(&f, "Authorization"), "/us-east-1/route53/aws4_request") != NULL);
    gc_aws_error_clean_up(&err);
    ASSERT_INT_EQ(gc_json_call(c, GC_SVC_EC2, "Nope", NULL, &out, &err), -1);
    ASSERT_STR_EQ(err.code, "RequestError");
    gc_aws_error_clean_up(&err);
    s_client_case_done(c, &f);
}

#define STS_IDENTITY                                                                                                   \
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"         \
    "<Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDA</UserId><Account>123456789012</Account>"                  \
    "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"                          \
    "</GetCallerIdentityResponse>"

GC_TEST(account_id_is_cached)
{
    static const struct fake_reply replies[] = {{200, STS_IDENTITY, {NULL}}};
    struct fake_aws f = {.replies = replies, .n_replies = 1, .now = 1700000000};
    struct gc_aws_client *c = fake_aws_client(&f, "ap-northeast-1", NULL, NULL, 0);
    struct gc_aws_error err;
    const char *id = NULL;
    ASSERT_INT_EQ(gc_aws_client_account_id(c, &id, &err), 0);
    ASSERT_STR_EQ(id, "123456789012");
    ASSERT_TRUE(strstr(f.body, "Action=GetCallerIdentity&Version=2011-06-15") != NULL);
    ASSERT_INT_EQ(gc_aws_client_account_id(c, &id, &err), 0);
    ASSERT_STR_EQ(id, "123456789012");
    ASSERT_INT_EQ(f.calls, 1);
    s_client_case_done(c, &f);
}

/* Many threads ask a shared client for the account id at once: one GetCallerIdentity, one answer. */
struct s_locked_fake {
    pthread_mutex_t lock;
    struct fake_aws f;
};

static int s_locked_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    struct s_locked_fake *lf = impl;
    pthread_mutex_lock(&lf->lock);
    int rc = fake_aws_send(&lf->f, req, resp);
    pthread_mutex_unlock(&lf->lock);
    return rc;
}

static void *s_ask_account(void *arg)
{
    struct gc_aws_error err;
    const char *id = NULL;
    if (gc_aws_client_account_id(arg, &id, &err) != 0) {
        gc_aws_error_clean_up(&err);
        return NULL;
    }
    return (void *)id;
}

GC_TEST(account_id_concurrent_callers)
{
    static const struct fake_reply replies[] = {{200, STS_IDENTITY, {NULL}}};
    struct s_locked_fake lf = {.f = {.replies = replies, .n_replies = 1, .now = 1700000000}};
    pthread_mutex_init(&lf.lock, NULL);
    struct gc_aws_client *c = fake_aws_client(&lf.f, "ap-northeast-1", NULL, NULL, 0);
    struct gc_http_transport t = {s_locked_send, &lf};
    gc_aws_client_set_transport(c, &t);
    pthread_t th[8];
    for (int i = 0; i < 8; i++)
        ASSERT_INT_EQ(pthread_create(&th[i], NULL, s_ask_account, c), 0);
    const char *first = NULL;
    int same = 1;
    for (int i = 0; i < 8; i++) {
        void *r = NULL;
        pthread_join(th[i], &r);
        if (!first)
            first = r;
        same = same && r && r == (void *)first;
    }
    ASSERT_TRUE(same);
    ASSERT_STR_EQ(first, "123456789012");
    ASSERT_INT_EQ(lf.f.calls, 1);
    ASSERT_INT_EQ(gc_aws_client_request_count(c), 1);
    s_client_case_done(c, &lf.f);
    pthread_mutex_destroy(&lf.lock);
}

GC_TEST(assume_role_swaps_credentials)
{
    static const struct fake_reply replies[] = {
        {200,
         "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
         "<Credentials><AccessKeyId>ASIAROLE0000000001</AccessKeyId><SecretAccessKey>rolesecret</SecretAccessKey>"
         "<SessionToken>roletoken</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
         "<AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/r/s</Arn></AssumedRoleUser>"
         "</AssumeRoleResult></AssumeRoleResponse>",
         {NULL}},
        {200, STS_IDENTITY, {NULL}},
    };
    struct fake_aws f = {.replies = replies, .n_replies = 2, .now = 1700000000};
    struct gc_aws_client_settings s;
    memset(&s, 0, sizeof s);
    s.region = strdup("ap-northeast-1");
    s.creds.access_key_id = strdup("AKIAGCNETEXAMPLE0001");
    s.creds.secret_access_key = strdup("base-secret");
    s.roles = calloc(1, sizeof *s.roles);
    s.n_roles = 1;
    s.roles[0].arn = strdup("arn:aws:iam::210987654321:role/r");
    s.roles[0].session_name = strdup("sess");
    s.roles[0].external_id = strdup("ext-1");
    s.roles[0].duration_s = 900;
    struct gc_aws_client *c = NULL;
    ASSERT_INT_EQ(gc_aws_client_new_with_settings(&c, &s), 0);
    ASSERT_TRUE(s.region == NULL); /* ownership taken */
    struct gc_http_transport t = {fake_aws_send, &f};
    struct gc_aws_clock clk = {fake_aws_now, fake_aws_sleep, &f, fake_aws_jitter, fake_aws_mono_ms};
    gc_aws_client_set_transport(c, &t);
    gc_aws_client_set_clock(c, &clk);
    struct gc_aws_error err;
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), 0);
    ASSERT_STR_EQ(f.body, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fr"
                          "&RoleSessionName=sess&DurationSeconds=900&ExternalId=ext-1");
    ASSERT_TRUE(strstr(fake_aws_header(&f, "Authorization"), "Credential=AKIAGCNETEXAMPLE0001/") != NULL);
    const char *id = NULL;
    ASSERT_INT_EQ(gc_aws_client_account_id(c, &id, &err), 0);
    ASSERT_TRUE(strstr(fake_aws_header(&f, "Authorization"), "Credential=ASIAROLE0000000001/") != NULL);
    ASSERT_STR_EQ(fake_aws_header(&f, "X-Amz-Security-Token"), "roletoken");
    ASSERT_INT_EQ(f.calls, 2);
    s_client_case_done(c, &f);
}

/* Two assume_role blocks chain: the second AssumeRole is signed with the first role's credentials, and the calls
 * after it with the second's. */
GC_TEST(assume_role_chain_signs_each_hop_with_the_previous)
{
    static const struct fake_reply replies[] = {
        {200,
         "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAHOP1</AccessKeyId>"
         "<SecretAccessKey>s1</SecretAccessKey><SessionToken>t1</SessionToken>"
         "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
         {NULL}},
        {200,
         "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAHOP2</AccessKeyId>"
         "<SecretAccessKey>s2</SecretAccessKey><SessionToken>t2</SessionToken>"
         "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
         {NULL}},
        {200, STS_IDENTITY, {NULL}},
    };
    struct fake_aws f = {.replies = replies, .n_replies = 3, .now = 1700000000};
    struct gc_aws_client_settings s;
    memset(&s, 0, sizeof s);
    s.region = strdup("ap-northeast-1");
    s.creds.access_key_id = strdup("AKIABASE");
    s.creds.secret_access_key = strdup("base-secret");
    s.roles = calloc(2, sizeof *s.roles);
    s.n_roles = 2;
    s.roles[0].arn = strdup("arn:aws:iam::111111111111:role/hop1");
    s.roles[0].session_name = strdup("a");
    s.roles[0].duration_s = 3600;
    s.roles[1].arn = strdup("arn:aws:iam::222222222222:role/hop2");
    s.roles[1].session_name = strdup("b");
    s.roles[1].duration_s = 900;
    struct gc_aws_client *c = NULL;
    ASSERT_INT_EQ(gc_aws_client_new_with_settings(&c, &s), 0);
    struct gc_http_transport t = {fake_aws_send, &f};
    struct gc_aws_clock clk = {fake_aws_now, fake_aws_sleep, &f, fake_aws_jitter, fake_aws_mono_ms};
    gc_aws_client_set_transport(c, &t);
    gc_aws_client_set_clock(c, &clk);
    struct gc_aws_error err;
    ASSERT_INT_EQ(gc_aws_client_assume_configured_role(c, &err), 0);
    ASSERT_TRUE(strstr(f.body, "RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Fhop2") != NULL);
    ASSERT_TRUE(strstr(f.body, "DurationSeconds=900") != NULL);
    ASSERT_TRUE(strstr(fake_aws_header(&f, "Authorization"), "Credential=ASIAHOP1/") != NULL);
    ASSERT_STR_EQ(fake_aws_header(&f, "X-Amz-Security-Token"), "t1");
    const char *id = NULL;
    ASSERT_INT_EQ(gc_aws_client_account_id(c, &id, &err), 0);
    ASSERT_TRUE(strstr(fake_aws_header(&f, "Authorization"), "Credential=ASIAHOP2/") != NULL);
    ASSERT_INT_EQ(f.calls, 3);
    s_client_case_done(c, &f);
}

GC_TEST(uuid_tokens)
{
    char a[37], b[37];
    ASSERT_INT_EQ(gc_aws_new_token(a), 0);
    ASSERT_INT_EQ(gc_aws_new_token(b), 0);
    ASSERT_INT_EQ(strlen(a), 36);
    ASSERT_TRUE(strcmp(a, b) != 0);
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            ASSERT_TRUE(a[i] == '-');
        else
            ASSERT_TRUE(isxdigit((unsigned char)a[i]) && !isupper((unsigned char)a[i]));
    }
    ASSERT_TRUE(a[14] == '4');
    ASSERT_TRUE(strchr("89ab", a[19]) != NULL);
}

GC_TEST_MAIN(GC_CASE(retries_503_and_throttling_then_succeeds), GC_CASE(adaptive_mode_slows_down_after_throttling),
             GC_CASE(gives_up_after_max_retries),
             GC_CASE(transport_error_gives_request_error), GC_CASE(unreachable_endpoint_fails_after_two_quick_retries),
             GC_CASE(unreachable_respects_max_retries_and_recovers), GC_CASE(curl_classifies_unreachable_endpoints),
             GC_CASE(non_retryable_error_is_not_retried), GC_CASE(resolver_quota_is_not_retried), GC_CASE(cancel_stops_the_retry_wait),
             GC_CASE(error_parsing_per_protocol), GC_CASE(request_id_from_success_responses),
             GC_CASE(ec2_query_body_encoding), GC_CASE(endpoints_and_signing_regions), GC_CASE(account_id_is_cached),
             GC_CASE(account_id_concurrent_callers), GC_CASE(assume_role_swaps_credentials),
             GC_CASE(assume_role_chain_signs_each_hop_with_the_previous), GC_CASE(uuid_tokens))
