/* Unit tests of gcnet-doc's flattening, action mapping and municipality catalog. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "ipv4.h"
#include "object_sheets.h"
#include "provider_version.h"
#include "gc_test.h"
#include "change_set.h"
#include "test_items.h"
#include "tests_xlsx.h"
#include "tf_json.h"
#include "tftest_hcl.h"

static const char s_block[] =
    "{\"attributes\":{"
    "\"municipality\":{\"type\":\"string\",\"required\":true,\"description\":\"key\"},"
    "\"subnet_ids\":{\"type\":[\"list\",\"string\"],\"computed\":true,\"description\":\"subnets\"},"
    "\"route_table_ids\":{\"type\":[\"map\",\"string\"],\"computed\":true,\"description\":\"rts\"},"
    "\"secret\":{\"type\":\"string\",\"optional\":true,\"sensitive\":true},"
    "\"obj\":{\"type\":[\"object\",{\"a\":\"number\"}],\"optional\":true}},"
    "\"block_types\":{\"timeouts\":{\"nesting_mode\":\"single\",\"block\":{\"attributes\":{"
    "\"create\":{\"type\":\"string\",\"optional\":true,\"description\":\"create timeout\"}}}}}}";

struct s_expect {
    const char *path;
    const char *text;
};

GC_TEST(flatten_paths_and_markers)
{
    json_t *block = json_loads(s_block, 0, NULL);
    json_t *value = json_loads("{\"municipality\":\"naruto\",\"subnet_ids\":null,\"route_table_ids\":{\"onprem\":"
                               "\"tgw-rtb-1\",\"asp\":\"tgw-rtb-2\"},\"secret\":\"hunter2\",\"obj\":{\"a\":3},"
                               "\"timeouts\":{\"create\":\"30m\"}}",
                               0, NULL);
    json_t *unknown = json_loads("{\"subnet_ids\":true,\"route_table_ids\":{}}", 0, NULL);
    struct gc_doc_items items = {0};
    static const struct s_expect want[] = {
        {"municipality", "naruto"},
        {"obj.a", "3"},
        {"secret", GC_DOC_SENSITIVE_TEXT},
        {"timeouts.create", "30m"},
        {"route_table_ids[\"asp\"]", "tgw-rtb-2"},
        {"route_table_ids[\"onprem\"]", "tgw-rtb-1"},
        {"subnet_ids", GC_DOC_UNKNOWN_TEXT},
    };
    ASSERT_TRUE(block && value && unknown);
    ASSERT_INT_EQ(gc_doc_flatten(&items, block, value, unknown, NULL), 0);
    ASSERT_INT_EQ(items.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < items.n; i++) {
        ASSERT_STR_EQ(items.items[i].path, want[i].path);
        ASSERT_STR_EQ(items.items[i].text, want[i].text);
    }
    ASSERT_STR_EQ(items.items[3].description, "create timeout");
    ASSERT_STR_EQ(items.items[4].description, "rts");
    for (size_t i = 0; i < items.n; i++)
        ASSERT_TRUE(strstr(items.items[i].text, "hunter2") == NULL);
    gc_doc_items_clean_up(&items);
    json_decref(block);
    json_decref(value);
    json_decref(unknown);
}

GC_TEST(flatten_without_schema_uses_map_keys_and_shadows)
{
    json_t *value = json_loads("{\"input\":{\"list\":[1,\"x\"],\"pw\":\"p\"},\"id\":\"i\"}", 0, NULL);
    json_t *sens = json_loads("{\"input\":{\"pw\":true}}", 0, NULL);
    struct gc_doc_items items = {0};
    ASSERT_INT_EQ(gc_doc_flatten(&items, NULL, value, NULL, sens), 0);
    ASSERT_INT_EQ(items.n, 4);
    ASSERT_STR_EQ(items.items[0].path, "input[\"list\"][0]");
    ASSERT_STR_EQ(items.items[0].text, "1");
    ASSERT_STR_EQ(items.items[1].path, "input[\"list\"][1]");
    ASSERT_STR_EQ(items.items[2].path, "input[\"pw\"]");
    ASSERT_STR_EQ(items.items[2].text, GC_DOC_SENSITIVE_TEXT);
    ASSERT_STR_EQ(items.items[3].path, "id"); /* id sorts after configured values */
    gc_doc_items_clean_up(&items);
    json_decref(value);
    json_decref(sens);
}

GC_TEST(provider_version_from_lock_file)
{
    static const struct {
        const char *text;
        const char *want; /* NULL: not found */
    } cases[] = {
        {"provider \"registry.terraform.io/tokushima/gcnet\" {\n  version     = \"1.2.3\"\n  constraints = \"1.2.3\"\n}\n",
         "1.2.3"},
        {"provider \"registry.terraform.io/hashicorp/aws\" {\n  version = \"5.0.0\"\n}\n"
         "provider \"registry.terraform.io/tokushima/gcnet\" {\n  constraints = \"~> 0.1\"\n  version = \"0.1.4\"\n}\n",
         "0.1.4"},
        {"provider \"registry.terraform.io/hashicorp/aws\" {\n  version = \"5.0.0\"\n}\n", NULL},
        {"provider \"registry.terraform.io/tokushima/gcnetx\" {\n  version = \"9\"\n}\n", NULL},
        {"provider \"registry.terraform.io/tokushima/gcnet\" {\n  constraints = \"1\"\n}\n", NULL},
        {"provider \"registry.terraform.io/tokushima/gcnet\" {\n  version = \"\"\n}\n", NULL},
        {"provider \"registry.terraform.io/tokushima/gcnet\" {\n  version = \"1.0", NULL},
        {"provider \"", NULL},
        {"", NULL},
    };
    struct gc_buf out;
    gc_buf_init(&out, 256);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = gc_doc_provider_version_from_lock(&out, cases[i].text, strlen(cases[i].text));
        if (cases[i].want) {
            ASSERT_INT_EQ(rc, 0);
            ASSERT_STR_EQ(gc_buf_cstr(&out), cases[i].want);
        } else {
            ASSERT_INT_EQ(rc, -1);
        }
    }
    ASSERT_INT_EQ(gc_doc_provider_version_text(&out, NULL, NULL, "0.1.0"), 0);
    ASSERT_TRUE(strncmp(gc_buf_cstr(&out), "0.1.0 (", 7) == 0);
    ASSERT_INT_EQ(gc_doc_provider_version_text(&out, "2.0.0", "~> 1", "0.1.0"), 0);
    ASSERT_STR_EQ(gc_buf_cstr(&out), "2.0.0 (ロックファイル)");
    gc_buf_clean_up(&out);
}

GC_TEST(ipv4_cidr_halves_and_reserved)
{
    static const struct {
        const char *cidr;
        int rc;
        const char *half0, *half1, *first_usable, *last_usable, *broadcast;
    } cases[] = {
        {"10.2.0.0/16", 0, "10.2.0.0/17", "10.2.128.0/17", "10.2.0.4", "10.2.127.254", "10.2.255.255"},
        {"192.168.10.0/27", 0, "192.168.10.0/28", "192.168.10.16/28", "192.168.10.4", "192.168.10.14",
         "192.168.10.31"},
        {"0.0.0.0/0", 0, "0.0.0.0/1", "128.0.0.0/1", "0.0.0.4", "127.255.255.254", "255.255.255.255"},
        {.cidr = "10.2.0.1/16", .rc = -1}, {.cidr = "10.2.0.0/33", .rc = -1}, {.cidr = "10.256.0.0/16", .rc = -1}, {.cidr = "10.2.0/16", .rc = -1},
        {.cidr = "10.2.0.0", .rc = -1},    {.cidr = "", .rc = -1},           {.cidr = "a.b.c.d/8", .rc = -1},     {.cidr = "10.2.0.0/16x", .rc = -1},
        {.cidr = "-1.2.0.0/16", .rc = -1}, {.cidr = "1000.2.0.0/16", .rc = -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_doc_ipv4_net net, h[2];
        char a[20], b[20];
        ASSERT_INT_EQ(gc_doc_ipv4_parse(&net, cases[i].cidr), cases[i].rc);
        if (cases[i].rc != 0)
            continue;
        ASSERT_INT_EQ(gc_doc_ipv4_halves(&net, h), 0);
        gc_doc_ipv4_cidr(a, &h[0]);
        gc_doc_ipv4_cidr(b, &h[1]);
        ASSERT_STR_EQ(a, cases[i].half0);
        ASSERT_STR_EQ(b, cases[i].half1);
        gc_doc_ipv4_at(a, &h[0], 4);
        gc_doc_ipv4_at(b, &h[0], -2);
        ASSERT_STR_EQ(a, cases[i].first_usable);
        ASSERT_STR_EQ(b, cases[i].last_usable);
        gc_doc_ipv4_at(a, &net, -1);
        ASSERT_STR_EQ(a, cases[i].broadcast);
    }
    struct gc_doc_ipv4_net host;
    struct gc_doc_ipv4_net h[2];
    ASSERT_INT_EQ(gc_doc_ipv4_parse(&host, "10.0.0.1/32"), 0);
    ASSERT_INT_EQ(gc_doc_ipv4_halves(&host, h), -1);
}

GC_TEST(change_labels_follow_the_plan)
{
    static const struct {
        enum gc_doc_kind kind;
        enum gc_doc_action action;
        bool changed, forcing, fixed;
        const char *want;
    } cases[] = {
        {GC_DOC_KIND_STATE, GC_DOC_ACT_NONE, false, false, false, "構築済み"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_CREATE, true, false, false, "作成"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_DELETE, true, false, true, "削除"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_UPDATE, true, false, false, "更新 (インプレース)"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_UPDATE, false, false, false, "変更なし"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_UPDATE, true, false, true, "変更なし"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_REPLACE, true, true, false, "置換 (この項目の変更で再作成)"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_REPLACE, true, false, false, "再作成に伴い変更"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_REPLACE, false, false, false, "変更なし (再作成)"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_REPLACE, false, false, true, "変更なし (再作成)"},
        {GC_DOC_KIND_PLAN, GC_DOC_ACT_NOOP, false, false, false, "変更なし"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ASSERT_STR_EQ(gc_doc_objsheets_change_label(cases[i].kind, cases[i].action, cases[i].changed,
                                                    cases[i].forcing, cases[i].fixed),
                      cases[i].want);
}

GC_TEST(actions_from_plan)
{
    static const struct {
        const char *json;
        enum gc_doc_action want;
    } cases[] = {
        {"[\"create\"]", GC_DOC_ACT_CREATE},     {"[\"delete\",\"create\"]", GC_DOC_ACT_REPLACE},
        {"[\"create\",\"delete\"]", GC_DOC_ACT_REPLACE}, {"[\"update\"]", GC_DOC_ACT_UPDATE},
        {"[\"delete\"]", GC_DOC_ACT_DELETE},     {"[\"no-op\"]", GC_DOC_ACT_NOOP},
        {"[]", GC_DOC_ACT_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *a = json_loads(cases[i].json, 0, NULL);
        enum gc_doc_action got = gc_doc_action_from_json(a);
        json_decref(a);
        ASSERT_INT_EQ(got, cases[i].want);
    }
    ASSERT_STR_EQ(gc_doc_action_label(GC_DOC_ACT_REPLACE), "置換");
}

GC_TEST(input_classification)
{
    static const struct {
        const char *text;
        int rc;
        enum gc_doc_kind kind;
    } cases[] = {
        {"{\"format_version\":\"1.2\",\"resource_changes\":[]}", 0, GC_DOC_KIND_PLAN},
        {"{\"format_version\":\"1.0\"}", 0, GC_DOC_KIND_STATE},
        {"{\"format_version\":\"2.0\",\"values\":{}}", -1, GC_DOC_KIND_NONE},
        {"{\"hello\":1}", -1, GC_DOC_KIND_NONE},
        {"[1,2]", -1, GC_DOC_KIND_NONE},
        {"{\"format_version\":", -1, GC_DOC_KIND_NONE},
        {"{\"@message\":\"x\",\"type\":\"version\"}\n{\"@message\":\"y\",\"type\":\"test_summary\"}\n", -1,
         GC_DOC_KIND_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_doc_input in;
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_doc_input_load_text(&in, cases[i].text, strlen(cases[i].text), &diags);
        enum gc_doc_kind kind = in.kind;
        bool err = gc_diags_has_error(&diags);
        gc_doc_input_clean_up(&in);
        gc_diags_clean_up(&diags);
        ASSERT_INT_EQ(rc, cases[i].rc);
        ASSERT_INT_EQ(kind, cases[i].kind);
        ASSERT_INT_EQ(err, rc != 0);
    }
}

/* A replaced resource's computed attributes are unknown after the change: they must read as absent, never as the
 * value they are about to lose; only a delete (no after) falls back to before. */
GC_TEST(resource_attr_never_shows_the_old_value_of_an_unknown)
{
    static const char plan[] =
        "{\"format_version\":\"1.2\",\"resource_changes\":["
        "{\"address\":\"a.r\",\"mode\":\"managed\",\"type\":\"gcnet_municipality_hub\",\"name\":\"r\","
        "\"change\":{\"actions\":[\"delete\",\"create\"],"
        "\"before\":{\"municipality\":\"anan\",\"vpc_id\":\"vpc-old\",\"route_table_ids\":{\"ops\":\"rtb-old\"}},"
        "\"after\":{\"municipality\":\"anan\"},\"after_unknown\":{\"vpc_id\":true,\"route_table_ids\":true}}},"
        "{\"address\":\"a.d\",\"mode\":\"managed\",\"type\":\"gcnet_municipality_hub\",\"name\":\"d\","
        "\"change\":{\"actions\":[\"delete\"],\"before\":{\"municipality\":\"mima\",\"vpc_id\":\"vpc-gone\"},"
        "\"after\":null}}]}";
    struct gc_doc_input in;
    struct gc_diags diags;

    gc_diags_init(&diags);
    ASSERT_INT_EQ(gc_doc_input_load_text(&in, plan, strlen(plan), &diags), 0);
    ASSERT_INT_EQ(in.n_resources, 2);
    ASSERT_TRUE(gc_doc_resource_attr(&in.resources[0], "vpc_id") == NULL);
    ASSERT_TRUE(gc_doc_resource_attr(&in.resources[0], "route_table_ids") == NULL);
    ASSERT_TRUE(gc_doc_resource_attr_unknown(&in.resources[0], "route_table_ids"));
    ASSERT_STR_EQ(gc_doc_resource_string(&in.resources[0], "municipality"), "anan");
    ASSERT_STR_EQ(gc_doc_resource_string(&in.resources[1], "vpc_id"), "vpc-gone");
    gc_doc_input_clean_up(&in);
    gc_diags_clean_up(&diags);
}

/* Every connection method of gcnet_asp_connection and gcnet_onprem_link has its Japanese name; anything else has none. */
GC_TEST(catalog_method_names)
{
    static const struct {
        const char *method, *ja;
    } cases[] = {
        {"transit_gateway", "Transit Gateway 接続"},
        {"privatelink", "PrivateLink 接続"},
        {"peering", "ピアリング接続"},
        {"tgw_peering", "TGW ピアリング接続"},
        {"dx_gateway", "Direct Connect ゲートウェイ接続"},
        {"dx_proposal", "Direct Connect ゲートウェイ接続 (事業者承認)"},
        {"vpn", "Site-to-Site VPN 接続"},
        {"tgw_peering ", NULL},
        {"TGW_PEERING", NULL},
        {"", NULL},
        {NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = gc_doc_catalog_method_ja(cases[i].method);
        if (cases[i].ja)
            ASSERT_STR_EQ(got, cases[i].ja);
        else
            ASSERT_TRUE(got == NULL);
    }
}

GC_TEST(catalog_codes_have_valid_check_digits)
{
    ASSERT_INT_EQ(gc_doc_catalog_count(), 9);
    for (unsigned i = 0; i < gc_doc_catalog_count(); i++)
        ASSERT_TRUE(gc_doc_catalog_code_valid(gc_doc_catalog_at(i)->code));
    ASSERT_FALSE(gc_doc_catalog_code_valid("362027"));
    ASSERT_FALSE(gc_doc_catalog_code_valid("36202"));
    ASSERT_STR_EQ(gc_doc_catalog_find("anan")->connection, "private_line");
    ASSERT_STR_EQ(gc_doc_catalog_find("naruto")->name_ja, "鳴門市");
    ASSERT_TRUE(gc_doc_catalog_find("tokyo") == NULL);
}

#define S_MSG(ts, rest) "{\"@level\":\"info\",\"@message\":\"m\",\"@timestamp\":\"2024-01-01T00:00:0" ts \
    ".000000+09:00\"," rest "}\n"
#define S_RUN(ts, run, progress, extra)                                                                        \
    S_MSG(ts, "\"type\":\"test_run\",\"test_run\":{\"path\":\"a.tftest.hcl\",\"run\":\"" run "\",\"progress\":\"" progress \
              "\"" extra "}")
#define S_DIAG(ts, run)                                                                                        \
    S_MSG(ts, "\"@testfile\":\"a.tftest.hcl\",\"@testrun\":\"" run "\",\"type\":\"diagnostic\",\"diagnostic\":{"    \
              "\"severity\":\"error\",\"summary\":\"Test assertion failed\",\"detail\":\"d\"}")

/* Runs and files come from several message types in any order: the reader keeps a start time for each (it once
 * wrote past its array when diagnostics named runs before their "starting", and read unset start times when a
 * "complete" had no "starting"). Each case is read under ASan in the sanitizer run. */
GC_TEST(test_report_runs_in_any_order)
{
    static const struct {
        const char *name;
        const char *stream;
        size_t n_runs;
        const char *run; /* this run ... */
        double seconds;  /* ... lasted this long (-1: no duration) */
    } cases[] = {
        {"diagnostics name runs before they start", S_RUN("0", "r0", "starting", "") S_DIAG("1", "r1") S_DIAG("1", "r2")
             S_DIAG("1", "r3") S_RUN("2", "r3", "starting", "") S_RUN("5", "r3", "complete", ",\"status\":\"fail\""),
         4, "r3", 3.0},
        {"complete without starting, after test_abstract",
         S_MSG("0", "\"type\":\"test_abstract\",\"test_abstract\":{\"a.tftest.hcl\":[\"r0\",\"r1\",\"r2\"]}")
             S_MSG("0", "\"type\":\"test_file\",\"test_file\":{\"path\":\"a.tftest.hcl\",\"progress\":\"complete\","
                        "\"status\":\"pass\"}") S_RUN("0", "r0", "starting", "")
                 S_RUN("3", "r2", "complete", ",\"status\":\"skip\""),
         3, "r2", -1.0},
        {"elapsed is used when there was no starting", S_RUN("4", "r0", "complete", ",\"status\":\"pass\",\"elapsed\":1500"),
         1, "r0", 1.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_doc_test_report rep;
        struct gc_diags diags;
        gc_diags_init(&diags);
        FILE *f = fmemopen((void *)cases[i].stream, strlen(cases[i].stream), "r");
        ASSERT_TRUE(f != NULL);
        int rc = gc_doc_test_report_read(&rep, f, &diags);
        fclose(f);
        double seconds = -2.0;
        for (size_t k = 0; k < rep.n_runs; k++)
            if (strcmp(rep.runs[k].run, cases[i].run) == 0)
                seconds = rep.runs[k].seconds;
        size_t n_runs = rep.n_runs;
        gc_doc_test_report_clean_up(&rep);
        gc_diags_clean_up(&diags);
        if (rc != 0 || n_runs != cases[i].n_runs || seconds != cases[i].seconds)
            printf("# %s: rc %d, %zu runs, %s lasted %.3f s\n", cases[i].name, rc, n_runs, cases[i].run, seconds);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_INT_EQ(n_runs, cases[i].n_runs);
        ASSERT_TRUE(seconds == cases[i].seconds);
    }
}

/* The .tftest.hcl subset: runs, their command, and each assert's condition (source text, its line) and message. */
GC_TEST(tftest_hcl_reads_runs_and_asserts)
{
    static const struct {
        const char *name;
        const char *text;
        const char *run; /* the last run */
        const char *command;
        size_t n_asserts; /* of the last run */
        const char *condition; /* of its last assert */
        const char *message;
        unsigned line;
    } cases[] = {
        {"plain", "run \"a\" {\n  command = plan\n  assert {\n    condition     = x == 1\n    error_message = \"one\"\n  }\n}\n",
         "a", "plan", 1, "x == 1", "one", 4},
        {"default command, two asserts, comments",
         "# head\nrun \"b\" { // trailing\n  assert {\n    condition = a # note\n    error_message = \"m1\"\n  }\n"
         "  /* block\n comment */\n  assert {\n    condition = b\n    error_message = \"m2\"\n  }\n}\n",
         "b", "apply", 2, "b", "m2", 10},
        {"multi-line condition in brackets",
         "run \"c\" {\n  assert {\n    condition = alltrue([\n      for s in x : startswith(s, \"}\")\n    ])\n"
         "    error_message = \"all\"\n  }\n}\n",
         "c", "apply", 1, "alltrue([\n      for s in x : startswith(s, \"}\")\n    ])", "all", 3},
        {"escapes and a template with braces and strings",
         "run \"d\" {\n  assert {\n    condition = y\n    error_message = \"say \\\"hi\\\"\\n${join(\"}\", [\"a\"])} \\u00e9\"\n  }\n}\n",
         "d", "apply", 1, "y", "say \"hi\"\n${join(\"}\", [\"a\"])} \\u00e9", 3},
        {"heredoc message", "run \"e\" {\n  assert {\n    condition = z\n    error_message = <<-EOT\n      line } one\n    EOT\n  }\n}\n",
         "e", "apply", 1, "z", "line } one", 3},
        {"non-literal message kept as source", "run \"f\" {\n  assert {\n    condition = z\n    error_message = format(\"%s\", v)\n  }\n}\n",
         "f", "apply", 1, "z", "format(\"%s\", v)", 3},
        {"other blocks and a one-line variables block ignored",
         "variables { a = 1 }\nprovider \"gcnet\" {\n  region = \"x\"\n}\nrun \"g\" {\n  variables {\n    v = { k = \"}\" }\n  }\n"
         "  module { source = \"./m\" }\n  expect_failures = [var.v]\n}\n",
         "g", "apply", 0, NULL, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_doc_tftest_file f;
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_doc_tftest_parse(&f, cases[i].text, strlen(cases[i].text), "t.tftest.hcl", &diags);
        printf("# %s\n", cases[i].name);
        ASSERT_INT_EQ(rc, 0);
        ASSERT_TRUE(f.n_runs >= 1);
        const struct gc_doc_tftest_run *r = &f.runs[f.n_runs - 1];
        ASSERT_STR_EQ(r->name, cases[i].run);
        ASSERT_STR_EQ(r->command, cases[i].command);
        ASSERT_INT_EQ(r->n_asserts, cases[i].n_asserts);
        if (cases[i].n_asserts) {
            const struct gc_doc_tftest_assert *a = &r->asserts[r->n_asserts - 1];
            ASSERT_STR_EQ(a->condition, cases[i].condition);
            ASSERT_STR_EQ(a->error_message, cases[i].message);
            ASSERT_INT_EQ(a->line, cases[i].line);
        }
        gc_doc_tftest_clean_up(&f);
        gc_diags_clean_up(&diags);
    }
}

GC_TEST(tftest_hcl_rejects_malformed_files_with_a_line)
{
    static const struct {
        const char *text;
        const char *detail; /* part of the error detail */
    } cases[] = {
        {"run \"a\" {\n  assert {\n    condition = \"open\n  }\n}\n", "line 3: newline in a quoted string"},
        {"run \"a\" {\n  assert {\n    condition = x\n", "unterminated block"},
        {"run \"a\" {\n  command = plan\n", "unterminated block"},
        {"run \"a\" {\n  assert {\n    condition = (x\n  }\n}\n", "line 4: mismatched bracket"},
        {"run \"a\" {\n  assert {\n    condition = [x\n", "unterminated bracket"},
        {"run \"a\" {\n  assert {\n    condition = x\n    error_message = <<EOT\n  nope\n", "unterminated heredoc"},
        {"run {\n}\n", "run block without a name"},
        {"run \"a\" {\n  assert {\n    condition = x\n  }\n}\n", "line 3: assert block without condition or error_message"},
        {"}\n", "unexpected }"},
        {"run \"a\" {\n  = 1\n}\n", "line 2: expected an attribute or block name"},
        {"run \"a\" \"b\" x\n", "expected { after a block's labels"},
        {"run \"a\" {\n  command =\n}\n", "attribute without a value"},
        {"/* never closed\n", "unterminated /* comment"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_doc_tftest_file f;
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_doc_tftest_parse(&f, cases[i].text, strlen(cases[i].text), "t.tftest.hcl", &diags);
        const char *detail = diags.n ? diags.items[0].detail : "";
        if (rc == 0 || !strstr(detail, cases[i].detail))
            printf("# case %zu: rc %d, detail '%s'\n", i, rc, detail);
        ASSERT_INT_EQ(rc, -1);
        ASSERT_TRUE(strstr(detail, cases[i].detail) != NULL);
        ASSERT_INT_EQ(f.n_runs, 0);
        gc_diags_clean_up(&diags);
    }
}

/* 判定 per assertion: a failure names its condition's line; an errored or unfinished run decides for all. */
GC_TEST(test_items_verdicts)
{
    static const char hcl[] = "run \"r\" {\n  assert {\n    condition = a\n    error_message = \"A\"\n  }\n"
                              "  assert {\n    condition = b\n    error_message = \"B\"\n  }\n}\n";
    static const struct {
        const char *status;
        unsigned failed_line; /* 0: none */
        const char *verdicts;  /* one mark per item */
    } cases[] = {
        {"pass", 0, "○○"}, {"fail", 7, "○×"}, {"fail", 3, "×○"},
        {"error", 0, "××"}, {"skip", 0, "--"}, {NULL, 0, "--"},
        {"fail", 99, "○○×"}, /* a failure no assert accounts for: one more item for the run */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_doc_tftest_file f;
        struct gc_diags diags;
        struct gc_doc_test_failure failure = {cases[i].failed_line, (char *)"boom"};
        struct gc_doc_test_run run = {.file = (char *)"t.tftest.hcl", .run = (char *)"r", .status = (char *)cases[i].status,
                                      .failures = &failure, .n_failures = cases[i].failed_line ? 1 : 0};
        struct gc_doc_test_file file = {.path = (char *)"t.tftest.hcl"};
        struct gc_doc_test_report rep = {.files = &file, .n_files = 1, .runs = &run, .n_runs = 1};
        struct gc_doc_testitems items;
        char marks[64] = "";
        gc_diags_init(&diags);
        ASSERT_INT_EQ(gc_doc_tftest_parse(&f, hcl, strlen(hcl), "t", &diags), 0);
        ASSERT_INT_EQ(gc_doc_testitems_build(&items, &rep, &f), 0);
        for (size_t k = 0; k < items.n; k++)
            strncat(marks, gc_doc_testitem_mark(items.items[k].verdict), sizeof marks - strlen(marks) - 1);
        const char *want = cases[i].verdicts ? cases[i].verdicts : ""; /* never NULL; GCC's -Wformat-overflow can't tell */
        if (strcmp(marks, want) != 0)
            printf("# case %zu: %s, want %s\n", i, marks, want);
        ASSERT_STR_EQ(marks, want);
        if (cases[i].failed_line == 7)
            ASSERT_STR_EQ(items.items[1].result, "不成立: boom");
        gc_doc_testitems_clean_up(&items);
        gc_doc_tftest_clean_up(&f);
        gc_diags_clean_up(&diags);
    }
}

/* The change record's value text: lists, maps, reviewer words, unknown and sensitive shadows. */
GC_TEST(change_value_text)
{
    static const struct {
        const char *value, *unknown, *sensitive, *words, *text;
    } cases[] = {
        {"[\"a\",\"b\"]", NULL, NULL, NULL, "a, b"},
        {"{\"k\":\"v\",\"l\":\"w\"}", NULL, NULL, NULL, "k = v\nl = w"},
        {"true", NULL, NULL, "enable", "有効"},
        {"false", NULL, NULL, "allow", "許可しない"},
        {"false", NULL, NULL, NULL, "false"},
        {"[]", NULL, NULL, NULL, GC_DOC_EMPTY_TEXT},
        {"null", "true", NULL, NULL, GC_DOC_UNKNOWN_TEXT},
        {"[\"a\"]", "[false,true]", NULL, NULL, "a, " GC_DOC_UNKNOWN_TEXT},
        {"[\"secret\",\"b\"]", NULL, "[true,false]", NULL, GC_DOC_SENSITIVE_TEXT},
        {"{\"t\":{\"c\":\"30m\"}}", NULL, NULL, NULL, "t = c = 30m"},
        {"64512", NULL, NULL, NULL, "64512"},
        {"null", NULL, NULL, NULL, GC_DOC_NULL_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *v = json_loads(cases[i].value, JSON_DECODE_ANY, NULL);
        json_t *u = cases[i].unknown ? json_loads(cases[i].unknown, JSON_DECODE_ANY, NULL) : NULL;
        json_t *s = cases[i].sensitive ? json_loads(cases[i].sensitive, JSON_DECODE_ANY, NULL) : NULL;
        struct gc_buf out;
        gc_buf_init(&out, 4096);
        ASSERT_INT_EQ(gc_doc_chgset_value_text(&out, v, u, s, cases[i].words), 0);
        if (strcmp(gc_buf_cstr(&out), cases[i].text) != 0)
            printf("# case %zu: '%s'\n", i, gc_buf_cstr(&out));
        ASSERT_STR_EQ(gc_buf_cstr(&out), cases[i].text);
        gc_buf_clean_up(&out);
        json_decref(v);
        json_decref(u);
        json_decref(s);
    }
    ASSERT_STR_EQ(gc_doc_chgset_reason_ja("replace_because_cannot_update"), "更新できない項目の変更による再作成");
    ASSERT_TRUE(gc_doc_chgset_reason_ja("something_new") == NULL);
}

GC_TEST_MAIN(GC_CASE(flatten_paths_and_markers), GC_CASE(flatten_without_schema_uses_map_keys_and_shadows),
             GC_CASE(actions_from_plan), GC_CASE(provider_version_from_lock_file), GC_CASE(ipv4_cidr_halves_and_reserved),
             GC_CASE(change_labels_follow_the_plan), GC_CASE(input_classification),
             GC_CASE(resource_attr_never_shows_the_old_value_of_an_unknown),
             GC_CASE(catalog_method_names), GC_CASE(catalog_codes_have_valid_check_digits), GC_CASE(test_report_runs_in_any_order),
             GC_CASE(tftest_hcl_reads_runs_and_asserts), GC_CASE(tftest_hcl_rejects_malformed_files_with_a_line),
             GC_CASE(test_items_verdicts), GC_CASE(change_value_text))
