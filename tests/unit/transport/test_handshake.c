/* Handshake parsing/formatting and unpadded base64 (go-plugin's handshake line, TF_REATTACH_PROVIDERS). */
#include <stdlib.h>

#include "gc_test.h"
#include "transport/gc_handshake.h"
#include "transport/gc_tls.h"

GC_TEST(cookie_check)
{
    static const struct {
        const char *value;
        int ok;
    } cases[] = {
        {GC_HANDSHAKE_COOKIE_VALUE, 1},
        {NULL, 0},
        {"", 0},
        {"d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b", 0},   /* one short */
        {"d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2 ", 0}, /* trailing blank */
        {"D602BF8F470BC67CA7FAA0386276BBDD4330EFAF76D1A219CB4D6991CA9872B2", 0},  /* case matters */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ASSERT_INT_EQ(gc_handshake_cookie_check(cases[i].value), cases[i].ok);
}

GC_TEST(versions_pick)
{
    static const struct {
        const char *offered;
        int rc;
    } cases[] = {
        {"5,6", 0},   {"6,5", 0},     {"6", 0},     {" 5 , 6 ", 0}, {"4,5,6,7", 0}, {"x,6", 0},
        {"5", -1},    {"5,7", -1},    {"56", -1},   {"6x", -1},     {",5,", -1},    {"-6", -1},
        {"16", -1},   {"06", 0},      {NULL, 0},    {"", 0},        {"  ", 0},      {"999999999999", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int v = -1;
        int rc = gc_handshake_versions_pick(&v, cases[i].offered, 6);
        if (rc != cases[i].rc)
            printf("# case %zu (%s)\n", i, cases[i].offered ? cases[i].offered : "NULL");
        ASSERT_INT_EQ(rc, cases[i].rc);
        if (rc == 0)
            ASSERT_INT_EQ(v, 6);
    }
}

GC_TEST(line_format)
{
    static const struct {
        const char *network;
        const char *address;
        const char *cert;
        int rc;
        const char *want;
    } cases[] = {
        {"unix", "/tmp/plugin123", "MIIBabc", 0, "1|6|unix|/tmp/plugin123|grpc|MIIBabc\n"},
        {"unix", "/tmp/plugin123", NULL, 0, "1|6|unix|/tmp/plugin123|grpc\n"},
        {"unix", "/tmp/plugin123", "", 0, "1|6|unix|/tmp/plugin123|grpc\n"},
        {"tcp", "127.0.0.1:10003", NULL, 0, "1|6|tcp|127.0.0.1:10003|grpc\n"},
        {"unix", "/tmp/a|b", NULL, -1, NULL},
        {"unix", "/tmp/a\nb", NULL, -1, NULL},
        {"unix", "", NULL, -1, NULL},
        {NULL, "/tmp/x", NULL, -1, NULL},
        {"unix", "/tmp/x", "AB|C", -1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_buf out;
        gc_buf_init(&out, 4096);
        int rc = gc_handshake_line_format(&out, 6, cases[i].network, cases[i].address, cases[i].cert);
        int ok = rc == cases[i].rc && (!cases[i].want || strcmp(gc_buf_cstr(&out), cases[i].want) == 0);
        if (!ok)
            printf("# case %zu: rc %d, got \"%s\"\n", i, rc, gc_buf_cstr(&out));
        gc_buf_clean_up(&out);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(line_has_six_fields_and_no_padding_with_real_cert)
{
    struct gc_tls_identity id;
    struct gc_buf b64, line;
    gc_tls_identity_init(&id);
    gc_buf_init(&b64, 1 << 16);
    gc_buf_init(&line, 1 << 16);
    int ok = gc_tls_identity_generate(&id) == 0 && gc_tls_base64_raw(&b64, gc_buf_span(&id.cert_der)) == 0 &&
             gc_handshake_line_format(&line, 6, "unix", "/tmp/p", gc_buf_cstr(&b64)) == 0;
    int fields = 1;
    for (const char *p = gc_buf_cstr(&line); *p; p++)
        fields += *p == '|';
    const char *text = gc_buf_cstr(&line);
    size_t len = strlen(text);
    int no_pad = len > 2 && text[len - 1] == '\n' && text[len - 2] != '=';
    size_t cert_len = b64.len;
    gc_buf_clean_up(&line);
    gc_buf_clean_up(&b64);
    gc_tls_identity_clean_up(&id);
    ASSERT_TRUE(ok);
    ASSERT_INT_EQ(fields, 6);
    ASSERT_TRUE(no_pad);
    ASSERT_TRUE(cert_len > 50); /* Terraform ignores a cert field of 50 characters or fewer */
}

GC_TEST(reattach_json)
{
    struct gc_buf out;
    gc_buf_init(&out, 4096);
    int rc = gc_handshake_reattach_format(&out, "registry.terraform.io/tokushima/gcnet", 6, 4242, "unix",
                                          "/tmp/plugin\"x");
    const char *want = "{\"registry.terraform.io/tokushima/gcnet\":{\"Protocol\":\"grpc\",\"ProtocolVersion\":6,"
                       "\"Pid\":4242,\"Test\":true,\"Addr\":{\"Network\":\"unix\",\"String\":\"/tmp/plugin\\\"x\"}}}";
    int same = strcmp(gc_buf_cstr(&out), want) == 0;
    if (!same)
        printf("# got %s\n", gc_buf_cstr(&out));
    gc_buf_clean_up(&out);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(same);
}

GC_TEST(base64_unpadded)
{
    static const struct {
        const char *in;
        const char *want;
    } cases[] = {
        {"", ""},          {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
        {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff\xbf", "+/+/"},
        {"\xfb\xff", "+/8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_buf out;
        gc_buf_init(&out, 1024);
        int rc = gc_tls_base64_raw(&out, gc_span_from_cstr(cases[i].in));
        int same = strcmp(gc_buf_cstr(&out), cases[i].want) == 0;
        if (!same)
            printf("# case %zu: got \"%s\"\n", i, gc_buf_cstr(&out));
        gc_buf_clean_up(&out);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_TRUE(same);
    }
}

GC_TEST(base64_appends)
{
    struct gc_buf out;
    gc_buf_init(&out, 1024);
    gc_buf_append_str(&out, "x:");
    int rc = gc_tls_base64_raw(&out, gc_span_from_cstr("fo"));
    int same = strcmp(gc_buf_cstr(&out), "x:Zm8") == 0;
    gc_buf_clean_up(&out);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(same);
}

GC_TEST_MAIN(GC_CASE(cookie_check), GC_CASE(versions_pick), GC_CASE(line_format),
             GC_CASE(line_has_six_fields_and_no_padding_with_real_cert), GC_CASE(reattach_json),
             GC_CASE(base64_unpadded), GC_CASE(base64_appends))
