/* gc_log: the level from TF_LOG_PROVIDER_GCNET / TF_LOG_PROVIDER / TF_LOG (as terraform-plugin-go reads
 * TF_LOG_PROVIDER_<NAME>), and the fields every line of an RPC carries (tf_req_id, tf_rpc, tf_resource_type,
 * tf_provider_addr), read back as JSON from stderr. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/gc_log.h"
#include "gc_test.h"

struct level_case {
    const char *gcnet, *provider, *tf;
    enum gc_log_level want; /* the lowest level enabled; GC_LOG_OFF: none */
};

static const struct level_case s_levels[] = {
    {NULL, NULL, NULL, GC_LOG_WARN},       {NULL, NULL, "debug", GC_LOG_DEBUG},   {NULL, "info", "debug", GC_LOG_INFO},
    {"debug", "info", NULL, GC_LOG_DEBUG}, {"off", "trace", "trace", GC_LOG_OFF}, {"ERROR", NULL, NULL, GC_LOG_ERROR},
    {"", "warn", NULL, GC_LOG_WARN},    /* empty is unset */
    {"json", NULL, NULL, GC_LOG_TRACE}, /* as Terraform: JSON means trace */
    {"loud", NULL, NULL, GC_LOG_TRACE}, /* any other value: trace */
};

static void s_set(const char *name, const char *value)
{
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

GC_TEST(level_precedence)
{
    for (size_t i = 0; i < sizeof s_levels / sizeof s_levels[0]; i++) {
        const struct level_case *c = &s_levels[i];
        s_set("TF_LOG_PROVIDER_GCNET", c->gcnet);
        s_set("TF_LOG_PROVIDER", c->provider);
        s_set("TF_LOG", c->tf);
        gc_log_init();
        for (int l = GC_LOG_TRACE; l < GC_LOG_OFF; l++) {
            bool want = l >= (int)c->want;
            if ((gc_log_enabled((enum gc_log_level)l) != 0) != want)
                printf("# case %zu level %d\n", i, l);
            ASSERT_INT_EQ(gc_log_enabled((enum gc_log_level)l) != 0, want);
        }
    }
}

/* Runs `emit` with stderr sent to a temp file; returns the lines as a JSON array (caller decrefs). */
static json_t *s_capture(void (*emit)(void))
{
    char path[] = "/tmp/gc-test-log-XXXXXX";
    int fd = mkstemp(path);
    int saved = dup(STDERR_FILENO);
    json_t *lines = json_array();
    char buf[4096];
    if (fd < 0 || saved < 0)
        exit(2);
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    emit();
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    FILE *f = fdopen(fd, "r");
    rewind(f);
    while (fgets(buf, sizeof buf, f)) {
        json_t *line = json_loads(buf, 0, NULL);
        json_array_append_new(lines, line ? line : json_null());
    }
    fclose(f);
    unlink(path);
    return lines;
}

static void s_emit_in_rpc(void)
{
    gc_log_context_begin("ApplyResourceChange", "gcnet_municipality_hub");
    const char *kv[] = {"aws.operation", "CreateTransitGateway", NULL};
    gc_log_fields(GC_LOG_DEBUG, "HTTP Request Sent", kv);
    GC_INFO("hub naruto: transit gateway (1 of 10)");
    gc_log_context_end();
    GC_INFO("after");
    gc_log_context_begin("GetProviderSchema", NULL);
    GC_INFO("no type");
    gc_log_context_end();
}

GC_TEST(rpc_context_fields)
{
    gc_log_set_level(GC_LOG_DEBUG);
    json_t *lines = s_capture(s_emit_in_rpc);
    ASSERT_INT_EQ(json_array_size(lines), 4);
    const json_t *a = json_array_get(lines, 0), *b = json_array_get(lines, 1);
    const char *id = json_string_value(json_object_get(a, "tf_req_id"));
    ASSERT_TRUE(id && strlen(id) == 36 && id[14] == '4');
    ASSERT_STR_EQ(json_string_value(json_object_get(b, "tf_req_id")), id); /* one id for the whole RPC */
    ASSERT_STR_EQ(json_string_value(json_object_get(a, "tf_rpc")), "ApplyResourceChange");
    ASSERT_STR_EQ(json_string_value(json_object_get(a, "tf_resource_type")), "gcnet_municipality_hub");
    ASSERT_STR_EQ(json_string_value(json_object_get(a, "aws.operation")), "CreateTransitGateway");
    ASSERT_STR_EQ(json_string_value(json_object_get(a, "@level")), "debug");
    ASSERT_STR_EQ(json_string_value(json_object_get(b, "@level")), "info");
    ASSERT_STR_EQ(json_string_value(json_object_get(a, "tf_provider_addr")), "registry.terraform.io/tokushima/gcnet");
    const json_t *after = json_array_get(lines, 2), *schema = json_array_get(lines, 3);
    ASSERT_TRUE(json_object_get(after, "tf_req_id") == NULL && json_object_get(after, "tf_rpc") == NULL);
    ASSERT_TRUE(json_object_get(after, "tf_provider_addr") != NULL);
    ASSERT_STR_EQ(json_string_value(json_object_get(schema, "tf_rpc")), "GetProviderSchema");
    ASSERT_TRUE(json_object_get(schema, "tf_resource_type") == NULL);
    ASSERT_TRUE(strcmp(json_string_value(json_object_get(schema, "tf_req_id")), id) != 0);
    json_decref(lines);
}

/* A helper thread (gc_parallel's workers) logs under the RPC of the thread that started it once given its context;
 * a thread not given it logs without one. */
static void *s_helper(void *arg)
{
    gc_log_context_set(arg);
    GC_INFO("helper");
    return NULL;
}

static void s_emit_from_threads(void)
{
    struct gc_log_context ctx;
    pthread_t t;
    gc_log_context_begin("ReadResource", "gcnet_asp_connection");
    GC_INFO("caller");
    gc_log_context_copy(&ctx);
    if (pthread_create(&t, NULL, s_helper, &ctx) != 0)
        exit(2);
    pthread_join(t, NULL);
    if (pthread_create(&t, NULL, s_helper, NULL) != 0)
        exit(2);
    pthread_join(t, NULL);
    gc_log_context_end();
}

GC_TEST(context_carried_into_threads)
{
    gc_log_set_level(GC_LOG_DEBUG);
    json_t *lines = s_capture(s_emit_from_threads);
    ASSERT_INT_EQ(json_array_size(lines), 3);
    const json_t *caller = json_array_get(lines, 0), *given = json_array_get(lines, 1),
                 *bare = json_array_get(lines, 2);
    const char *id = json_string_value(json_object_get(caller, "tf_req_id"));
    ASSERT_TRUE(id && strlen(id) == 36);
    ASSERT_STR_EQ(json_string_value(json_object_get(given, "tf_req_id")), id);
    ASSERT_STR_EQ(json_string_value(json_object_get(given, "tf_rpc")), "ReadResource");
    ASSERT_STR_EQ(json_string_value(json_object_get(given, "tf_resource_type")), "gcnet_asp_connection");
    ASSERT_TRUE(json_object_get(bare, "tf_req_id") == NULL && json_object_get(bare, "tf_rpc") == NULL);
    json_decref(lines);
}

GC_TEST_MAIN(GC_CASE(level_precedence), GC_CASE(rpc_context_fields), GC_CASE(context_carried_into_threads))
