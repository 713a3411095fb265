/* The tfplugin6 handlers of rpc/gc_rpc.c called directly from the gc_rpc_methods table with hostile requests:
 * garbage, truncated, mistyped, oversized-length and deeply nested DynamicValue bytes (msgpack and JSON), unknown
 * type names, empty requests and garbage raw state. Every handler must return 0 with an ERROR diagnostic (where
 * the input is definitely invalid) and a response that packs; nothing may crash (run under ASan/UBSan).
 * Also checks GetProviderSchema. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/gc_arena.h"
#include "framework/gc_resource.h"
#include "gc_test.h"
#include "rpc/gc_rpc.h"
#include "tfplugin6.pb-c.h"
#include "value/gc_codec.h"

#define HUB "gcnet_municipality_hub"
#define DATA "gcnet_municipality"

static struct gc_rpc_app s_app;

static const struct gc_rpc_method *s_method(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "/tfplugin6.Provider/%s", name);
    for (size_t i = 0; i < gc_rpc_n_methods; i++)
        if (strcmp(gc_rpc_methods[i].path, path) == 0)
            return &gc_rpc_methods[i];
    return NULL;
}

static void *s_field(ProtobufCMessage *msg, const char *name, const ProtobufCFieldDescriptor **fd_out)
{
    const ProtobufCFieldDescriptor *fd = protobuf_c_message_descriptor_get_field_by_name(msg->descriptor, name);
    if (fd_out)
        *fd_out = fd;
    return fd ? (char *)msg + fd->offset : NULL;
}

/* The outcome of one call. */
struct outcome {
    int rc;
    size_t n_errors;
    size_t n_diags;
    bool packs;
    char first_summary[128];
};

/* Calls `m` with `req` (already filled); inspects the diagnostics and packs/unpacks the response. */
static struct outcome s_call(const struct gc_rpc_method *m, ProtobufCMessage *req)
{
    struct outcome o = {0};
    struct gc_arena arena;
    gc_arena_init(&arena);
    ProtobufCMessage *resp = calloc(1, m->response_descriptor->sizeof_message);
    protobuf_c_message_init(m->response_descriptor, resp);
    o.rc = m->handle(&s_app, req, resp, &arena);
    const ProtobufCFieldDescriptor *fd = NULL;
    Tfplugin6__Diagnostic ***diags = s_field(resp, "diagnostics", &fd);
    if (diags) {
        size_t n = *(size_t *)((char *)resp + fd->quantifier_offset);
        o.n_diags = n;
        for (size_t i = 0; i < n; i++) {
            Tfplugin6__Diagnostic *d = (*diags)[i];
            if (d && d->severity == TFPLUGIN6__DIAGNOSTIC__SEVERITY__ERROR) {
                if (!o.n_errors)
                    snprintf(o.first_summary, sizeof o.first_summary, "%s", d->summary ? d->summary : "");
                o.n_errors++;
            }
        }
    }
    size_t size = protobuf_c_message_get_packed_size(resp);
    uint8_t *buf = malloc(size + 1);
    size_t packed = protobuf_c_message_pack(resp, buf);
    ProtobufCMessage *back = protobuf_c_message_unpack(m->response_descriptor, NULL, packed, buf);
    o.packs = packed == size && back != NULL;
    if (back)
        protobuf_c_message_free_unpacked(back, NULL);
    free(buf);
    free(resp);
    gc_arena_clean_up(&arena);
    return o;
}

/* A request for method `name` with type_name set and one DynamicValue field holding `data` as msgpack (or
 * JSON). Returns the outcome. */
static struct outcome s_call_dv(const char *name, const char *type_name, const char *field, const void *data,
                                size_t len, bool json)
{
    const struct gc_rpc_method *m = s_method(name);
    ProtobufCMessage *req = calloc(1, m->request_descriptor->sizeof_message);
    protobuf_c_message_init(m->request_descriptor, req);
    char **tn = s_field(req, "type_name", NULL);
    if (tn && type_name)
        *tn = (char *)type_name;
    Tfplugin6__DynamicValue dv;
    tfplugin6__dynamic_value__init(&dv);
    ProtobufCBinaryData *b = json ? &dv.json : &dv.msgpack;
    b->data = (uint8_t *)data;
    b->len = len;
    Tfplugin6__DynamicValue **slot = s_field(req, field, NULL);
    if (slot)
        *slot = &dv;
    struct outcome o = s_call(m, req);
    free(req);
    return o;
}

/* Every (method, type, DynamicValue field) the provider decodes. ConfigureProvider is included: garbage never
 * gets as far as building an AWS client. */
static const struct {
    const char *method, *type_name, *field;
} s_targets[] = {
    {"ValidateProviderConfig", NULL, "config"},
    {"ConfigureProvider", NULL, "config"},
    {"ValidateResourceConfig", HUB, "config"},
    {"ValidateDataResourceConfig", DATA, "config"},
    {"ReadResource", HUB, "current_state"},
    {"PlanResourceChange", HUB, "prior_state"},
    {"PlanResourceChange", HUB, "proposed_new_state"},
    {"PlanResourceChange", HUB, "config"},
    {"ApplyResourceChange", HUB, "prior_state"},
    {"ApplyResourceChange", HUB, "planned_state"},
    {"ReadDataSource", DATA, "config"},
};
#define N_TARGETS (sizeof s_targets / sizeof s_targets[0])

/* Runs `data` against every target; `must_error`: each call must report an error. Returns the failures. */
static int s_hammer(const char *label, const void *data, size_t len, bool json, bool must_error)
{
    int failures = 0;
    for (size_t t = 0; t < N_TARGETS; t++) {
        struct outcome o = s_call_dv(s_targets[t].method, s_targets[t].type_name, s_targets[t].field, data, len, json);
        bool bad = o.rc != 0 || !o.packs || (must_error && o.n_errors == 0);
        if (bad) {
            printf("# %s -> %s.%s: rc=%d packs=%d errors=%zu\n", label, s_targets[t].method, s_targets[t].field,
                   o.rc, o.packs, o.n_errors);
            failures++;
        }
    }
    return failures;
}

/* A valid msgpack hub configuration (and, for the data source, a smaller object) to truncate. */
static int s_valid_hub_msgpack(struct gc_buf *out)
{
    const struct gc_resource_def *def = gc_registry_resource(HUB);
    struct gc_value *v = gc_value_new_object(def->block->type);
    gc_value_set_string(v, "municipality", "naruto");
    gc_value_set_string(v, "vpc_cidr", "10.20.0.0/24");
    static const char *const zones[] = {"ap-northeast-1a", "ap-northeast-1c"};
    gc_value_object_set(v, "availability_zones", gc_value_new_string_list(&gc_type_list_string, zones, 2));
    gc_value_set_int64(v, "amazon_side_asn", 4200000000LL);
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    gc_value_map_put(tags, "env", gc_value_new_string("test"));
    gc_value_object_set(v, "tags", tags);
    gc_buf_init(out, 1 << 20);
    int rc = gc_msgpack_encode(v, out);
    gc_value_free(v);
    return rc;
}

GC_TEST(valid_input_is_accepted)
{
    /* the harness itself: a valid config gives no error where validation is all that happens */
    struct gc_buf buf;
    ASSERT_INT_EQ(s_valid_hub_msgpack(&buf), 0);
    struct outcome o = s_call_dv("ValidateResourceConfig", HUB, "config", buf.ptr, buf.len, false);
    gc_buf_clean_up(&buf);
    ASSERT_INT_EQ(o.rc, 0);
    ASSERT_TRUE(o.packs);
    ASSERT_INT_EQ(o.n_errors, 0);
    static const char json[] = "{\"key\":\"naruto\"}";
    o = s_call_dv("ValidateDataResourceConfig", DATA, "config", json, strlen(json), true);
    ASSERT_INT_EQ(o.n_errors, 0);
    static const char bad_key[] = "{\"key\":\"tokyo\"}";
    o = s_call_dv("ValidateDataResourceConfig", DATA, "config", bad_key, strlen(bad_key), true);
    ASSERT_INT_EQ(o.n_errors, 1);
}

GC_TEST(msgpack_garbage)
{
    static const struct {
        const char *label;
        const char *bytes;
        size_t len;
    } rows[] = {
        {"reserved byte c1", "\xc1", 1},
        {"string for object", "\xa5hello", 6},
        {"int for object", "\x2a", 1},
        {"bool for object", "\xc3", 1},
        {"array for object", "\x93\x01\x02\x03", 4},
        {"map32 huge count", "\xdf\xff\xff\xff\xff", 5},
        {"array32 huge count", "\xdd\xff\xff\xff\xff", 5},
        {"str32 huge length", "\xdb\xff\xff\xff\xff" "abc", 8},
        {"bin32 huge length", "\xc6\xff\xff\xff\xff" "abc", 8},
        {"map16 huge count", "\xde\xff\xff", 3},
        {"key str32 huge", "\x81\xdb\x7f\xff\xff\xff" "ab", 8},
        {"unknown attribute", "\x81\xa5" "bogus" "\x01", 8},
        {"non-string key", "\x81\x01\x02", 3},
        {"string attr is map", "\x81\xacmunicipality\x81\xa1x\x01", 17},
        {"list attr is string", "\x81\xb2" "availability_zones" "\xa1x", 22},
        {"map attr is array", "\x81\xa4tags\x91\xa1x", 9},
        {"ext32 huge", "\xc9\xff\xff\xff\xff\x00", 6},
        {"float64 truncated", "\xcb\x00\x00", 3},
        {"nil key", "\x81\xc0\xc0", 3},
        {"duplicate key", "\x82\xa4name\xa1x\xa4name\xa1y", 15},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        failures += s_hammer(rows[i].label, rows[i].bytes, rows[i].len, false, true);
    /* go-cty reads every extension value as unknown: a wholly unknown value is not an error by itself */
    failures += s_hammer("fixext type 0x7f", "\xd4\x7f\x00", 3, false, false);
    failures += s_hammer("fixext16", "\xd8\x00" "0123456789abcdef", 18, false, false);
    ASSERT_INT_EQ(failures, 0);
}

GC_TEST(msgpack_truncated)
{
    struct gc_buf buf;
    ASSERT_INT_EQ(s_valid_hub_msgpack(&buf), 0);
    ASSERT_TRUE(buf.len > 20);
    int failures = 0;
    for (size_t len = 1; len < buf.len && failures < 5; len++) {
        char label[48];
        snprintf(label, sizeof label, "truncated at %zu", len);
        /* the hub targets only: the bytes are a hub object */
        for (size_t t = 0; t < N_TARGETS; t++) {
            if (!s_targets[t].type_name || strcmp(s_targets[t].type_name, HUB) != 0)
                continue;
            struct outcome o = s_call_dv(s_targets[t].method, HUB, s_targets[t].field, buf.ptr, len, false);
            if (o.rc != 0 || !o.packs || o.n_errors == 0) {
                printf("# %s -> %s.%s: rc=%d errors=%zu\n", label, s_targets[t].method, s_targets[t].field, o.rc,
                       o.n_errors);
                failures++;
            }
        }
    }
    /* the full encoding plus trailing bytes must not crash (go-cty ignores or rejects them) */
    gc_buf_append(&buf, "\xc1\xc1\xc1", 3);
    failures += s_hammer("trailing garbage", buf.ptr, buf.len, false, false);
    gc_buf_clean_up(&buf);
    ASSERT_INT_EQ(failures, 0);
}

GC_TEST(msgpack_deep_nesting)
{
    size_t n = 200000;
    unsigned char *deep = malloc(n + 16);
    ASSERT_TRUE(deep != NULL);
    /* 200k nested one-element arrays at the top, then inside a list attribute, then nested maps */
    memset(deep, 0x91, n);
    deep[n] = 0x01;
    int failures = s_hammer("nested arrays", deep, n + 1, false, true);
    static const char prefix[] = "\x81\xb2" "availability_zones";
    memcpy(deep, prefix, sizeof prefix - 1);
    failures += s_hammer("nested arrays in list", deep, n + 1, false, true);
    for (size_t i = 0; i + 2 < n; i += 3) {
        deep[i] = 0x81;
        deep[i + 1] = 0xa1;
        deep[i + 2] = 'a';
    }
    failures += s_hammer("nested maps", deep, n, false, true);
    free(deep);
    ASSERT_INT_EQ(failures, 0);
}

GC_TEST(msgpack_random_bytes)
{
    uint32_t seed = 0x9e3779b9u;
    unsigned char buf[96];
    int failures = 0;
    size_t errors = 0, calls = 0;
    for (int round = 0; round < 300; round++) {
        seed = seed * 1664525u + 1013904223u;
        size_t len = 1 + (seed >> 24) % sizeof buf;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1664525u + 1013904223u;
            buf[i] = (unsigned char)(seed >> 24);
        }
        /* half the rounds look like a map, to get past the first byte */
        if (round % 2)
            buf[0] = (unsigned char)(0x80 | (buf[0] & 0x0f));
        size_t t = (size_t)round % N_TARGETS;
        if (strcmp(s_targets[t].method, "ConfigureProvider") == 0)
            t = 0; /* random bytes could be a valid (empty) provider config: never configure for real */
        struct outcome o = s_call_dv(s_targets[t].method, s_targets[t].type_name, s_targets[t].field, buf, len,
                                     false);
        calls++;
        errors += o.n_errors > 0;
        if (o.rc != 0 || !o.packs)
            failures++;
    }
    ASSERT_INT_EQ(failures, 0);
    ASSERT_TRUE(errors > calls * 9 / 10); /* random bytes are nearly never a valid object */
}

GC_TEST(json_garbage)
{
    static const char *const rows[] = {
        "{",
        "}",
        "[1,2",
        "\"string\"",
        "123",
        "true",
        "[]",
        "{\"bogus\":1}",
        "{\"municipality\":{\"a\":1}}",
        "{\"availability_zones\":\"x\"}",
        "{\"tags\":[1]}",
        "{\"municipality\":\"naruto\",}",
        "{\"municipality\":\"\xff\xfe\"}",
        "{\"municipality\" \"naruto\"}",
        "{'municipality':'naruto'}",
        "{\"vpc_cidr\":\"10.0.0.0/16\"} trailing",
        "\xef\xbb\xbf{",
        "{\"amazon_side_asn\":1e999999999}",
        "{\"amazon_side_asn\":-}",
        "{\"amazon_side_asn\":NaN}",
        "{\"key\":\"naruto\",\"key\":\"anan\",\"x\":1}",
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        failures += s_hammer(rows[i], rows[i], strlen(rows[i]), true, true);
    /* an embedded NUL */
    static const char nul[] = "{\"municipality\":\"na\0ruto\"";
    failures += s_hammer("embedded NUL", nul, sizeof nul - 1, true, true);
    /* deep nesting */
    size_t n = 100000;
    char *deep = malloc(n + 1);
    memset(deep, '[', n);
    deep[n] = 0;
    failures += s_hammer("deep [", deep, n, true, true);
    for (size_t i = 0; i + 5 < n; i += 5)
        memcpy(deep + i, "{\"a\":", 5);
    failures += s_hammer("deep {", deep, strlen(deep), true, true);
    free(deep);
    ASSERT_INT_EQ(failures, 0);
}

static struct outcome s_call_typed(const char *method, const char *type_name)
{
    const struct gc_rpc_method *m = s_method(method);
    ProtobufCMessage *req = calloc(1, m->request_descriptor->sizeof_message);
    protobuf_c_message_init(m->request_descriptor, req);
    char **tn = s_field(req, "type_name", NULL);
    if (tn && type_name)
        *tn = (char *)type_name;
    char **id = s_field(req, "id", NULL);
    if (id)
        *id = (char *)"tgw-0123456789abcdef0";
    struct outcome o = s_call(m, req);
    free(req);
    return o;
}

GC_TEST(unknown_type_names)
{
    static const char *const typed[] = {"ValidateResourceConfig", "ValidateDataResourceConfig", "UpgradeResourceState",
                                        "ReadResource",           "PlanResourceChange",         "ApplyResourceChange",
                                        "ImportResourceState",    "ReadDataSource"};
    static const char *const names[] = {"gcnet_nope", "", "aws_vpc", "gcnet_municipality_hub ", HUB "\n"};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            struct outcome o = s_call_typed(typed[i], names[k]);
            if (o.n_errors == 0 || strcmp(o.first_summary, "Unknown type") != 0)
                printf("# %s \"%s\": %zu errors, \"%s\"\n", typed[i], names[k], o.n_errors, o.first_summary);
            ASSERT_INT_EQ(o.rc, 0);
            ASSERT_TRUE(o.packs);
            ASSERT_TRUE(o.n_errors >= 1);
            ASSERT_STR_EQ(o.first_summary, "Unknown type");
        }
    }
    /* a resource name given to a data-source method and vice versa */
    struct outcome o = s_call_typed("ReadDataSource", HUB);
    ASSERT_STR_EQ(o.first_summary, "Unknown type");
    o = s_call_typed("ReadResource", DATA);
    ASSERT_STR_EQ(o.first_summary, "Unknown type");
}

GC_TEST(empty_requests)
{
    /* every method with a zeroed request (type_name "", no values) answers without crashing; the typed ones
     * report the unknown (empty) type. ConfigureProvider is left out (an empty config would reach for real
     * credentials), and StopProvider runs last, on its own app. */
    for (size_t i = 0; i < gc_rpc_n_methods; i++) {
        const struct gc_rpc_method *m = &gc_rpc_methods[i];
        if (strstr(m->path, "/ConfigureProvider") || strstr(m->path, "/StopProvider"))
            continue;
        ProtobufCMessage *req = calloc(1, m->request_descriptor->sizeof_message);
        protobuf_c_message_init(m->request_descriptor, req);
        bool typed = protobuf_c_message_descriptor_get_field_by_name(m->request_descriptor, "type_name") != NULL;
        struct outcome o = s_call(m, req);
        free(req);
        if (o.rc != 0 || !o.packs || (typed && o.n_errors == 0))
            printf("# %s: rc=%d packs=%d errors=%zu\n", m->path, o.rc, o.packs, o.n_errors);
        ASSERT_INT_EQ(o.rc, 0);
        ASSERT_TRUE(o.packs);
        if (typed)
            ASSERT_TRUE(o.n_errors >= 1);
    }
    /* a hub plan/apply/read/import with no values at all */
    struct outcome plan = s_call_typed("PlanResourceChange", HUB);
    ASSERT_INT_EQ(plan.rc, 0);
    ASSERT_TRUE(plan.packs);
    struct outcome apply = s_call_typed("ApplyResourceChange", HUB);
    ASSERT_INT_EQ(apply.rc, 0);
    ASSERT_TRUE(apply.packs);
    ASSERT_TRUE(apply.n_errors >= 1); /* provider not configured */
    struct outcome imp = s_call_typed("ImportResourceState", HUB);
    ASSERT_INT_EQ(imp.rc, 0);
    ASSERT_TRUE(imp.packs);
    ASSERT_TRUE(imp.n_errors >= 1);
    struct outcome read = s_call_typed("ReadResource", HUB);
    ASSERT_INT_EQ(read.rc, 0);
    ASSERT_TRUE(read.packs);
    struct outcome ds = s_call_typed("ReadDataSource", DATA);
    ASSERT_INT_EQ(ds.rc, 0);
    ASSERT_TRUE(ds.packs);

    struct gc_rpc_app stop_app;
    gc_rpc_app_init(&stop_app);
    const struct gc_rpc_method *stop = s_method("StopProvider");
    ASSERT_TRUE(stop != NULL);
    Tfplugin6__StopProvider__Request sreq;
    Tfplugin6__StopProvider__Response sresp;
    tfplugin6__stop_provider__request__init(&sreq);
    tfplugin6__stop_provider__response__init(&sresp);
    struct gc_arena arena;
    gc_arena_init(&arena);
    int rc = stop->handle(&stop_app, &sreq.base, &sresp.base, &arena);
    bool stopping = stop_app.stopping;
    gc_arena_clean_up(&arena);
    gc_rpc_app_clean_up(&stop_app);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(stopping);
}

static struct outcome s_upgrade(const char *json, size_t len, int64_t version, bool flatmap)
{
    const struct gc_rpc_method *m = s_method("UpgradeResourceState");
    Tfplugin6__UpgradeResourceState__Request req;
    Tfplugin6__RawState raw;
    Tfplugin6__RawState__FlatmapEntry entry, *entries[1] = {&entry};
    tfplugin6__upgrade_resource_state__request__init(&req);
    tfplugin6__raw_state__init(&raw);
    tfplugin6__raw_state__flatmap_entry__init(&entry);
    req.type_name = (char *)HUB;
    req.version = version;
    req.raw_state = &raw;
    raw.json.data = (uint8_t *)json;
    raw.json.len = len;
    if (flatmap) {
        entry.key = (char *)"id";
        entry.value = (char *)"tgw-1";
        raw.flatmap = entries;
        raw.n_flatmap = 1;
    }
    return s_call(m, &req.base);
}

GC_TEST(upgrade_raw_state_garbage)
{
    static const char *const rows[] = {
        "{", "[]", "\"x\"", "1", "{\"bogus\":1}", "{\"id\":{\"a\":1}}", "{\"route_table_ids\":[\"x\"]}",
        "{\"subnet_ids\":{\"a\":\"b\"}}", "{\"amazon_side_asn\":\"many\"}", "{\"id\":\"tgw-1\"", "\xff\xfe\xfd",
        "{\"id\":\"tgw-1\"} {\"id\":\"tgw-2\"}", "{\"timeouts\":\"30m\"}",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct outcome o = s_upgrade(rows[i], strlen(rows[i]), 0, false);
        if (o.rc != 0 || !o.packs || o.n_errors == 0)
            printf("# raw state %s: rc=%d errors=%zu\n", rows[i], o.rc, o.n_errors);
        ASSERT_INT_EQ(o.rc, 0);
        ASSERT_TRUE(o.packs);
        ASSERT_TRUE(o.n_errors >= 1);
    }
    /* no JSON (pre-0.12 flatmap) */
    struct outcome o = s_upgrade("", 0, 0, true);
    ASSERT_TRUE(o.n_errors >= 1);
    ASSERT_STR_EQ(o.first_summary, "Unsupported state format");
    /* no raw state at all */
    const struct gc_rpc_method *m = s_method("UpgradeResourceState");
    Tfplugin6__UpgradeResourceState__Request req;
    tfplugin6__upgrade_resource_state__request__init(&req);
    req.type_name = (char *)HUB;
    o = s_call(m, &req.base);
    ASSERT_INT_EQ(o.rc, 0);
    ASSERT_TRUE(o.n_errors >= 1);
    /* a newer schema version */
    static const char ok[] = "{\"id\":\"tgw-1\",\"municipality\":\"naruto\"}";
    o = s_upgrade(ok, strlen(ok), 7, false);
    ASSERT_TRUE(o.n_errors >= 1);
    /* and the valid one passes */
    o = s_upgrade(ok, strlen(ok), 0, false);
    ASSERT_INT_EQ(o.n_errors, 0);
    /* deep nesting */
    size_t n = 100000;
    char *deep = malloc(n + 1);
    memset(deep, '[', n);
    deep[n] = 0;
    o = s_upgrade(deep, n, 0, false);
    free(deep);
    ASSERT_INT_EQ(o.rc, 0);
    ASSERT_TRUE(o.n_errors >= 1);
}

/* Every attribute type in a block tree parses as cty type JSON. Returns the number of attributes checked or -1. */
static int s_check_block(const Tfplugin6__Schema__Block *b)
{
    int n = 0;
    if (!b)
        return -1;
    for (size_t i = 0; i < b->n_attributes; i++) {
        const Tfplugin6__Schema__Attribute *a = b->attributes[i];
        struct gc_type *t = NULL;
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = a->type.len ? gc_type_from_json(gc_span_from(a->type.data, a->type.len), &t, &diags) : -1;
        gc_type_free(t);
        gc_diags_clean_up(&diags);
        if (rc != 0 || !a->name || !*a->name || (!a->required && !a->optional && !a->computed)) {
            printf("# attribute %s: bad type or flags\n", a->name ? a->name : "?");
            return -1;
        }
        n++;
    }
    for (size_t i = 0; i < b->n_block_types; i++) {
        int k = s_check_block(b->block_types[i]->block);
        if (k < 0)
            return -1;
        n += k;
    }
    return n;
}

GC_TEST(provider_schema)
{
    const struct gc_rpc_method *m = s_method("GetProviderSchema");
    ASSERT_TRUE(m != NULL);
    Tfplugin6__GetProviderSchema__Request req;
    Tfplugin6__GetProviderSchema__Response resp;
    tfplugin6__get_provider_schema__request__init(&req);
    tfplugin6__get_provider_schema__response__init(&resp);
    struct gc_arena arena;
    gc_arena_init(&arena);
    int rc = m->handle(&s_app, &req.base, &resp.base, &arena);
    bool optional = resp.server_capabilities && resp.server_capabilities->get_provider_schema_optional;
    int provider_attrs = resp.provider ? s_check_block(resp.provider->block) : -1;
    int hub_attrs = -1, data_attrs = -1;
    bool timeouts_block = false;
    for (size_t i = 0; i < resp.n_resource_schemas; i++) {
        if (strcmp(resp.resource_schemas[i]->key, HUB) == 0) {
            const Tfplugin6__Schema__Block *b = resp.resource_schemas[i]->value->block;
            hub_attrs = s_check_block(b);
            for (size_t k = 0; b && k < b->n_block_types; k++)
                timeouts_block = timeouts_block || strcmp(b->block_types[k]->type_name, "timeouts") == 0;
        }
    }
    for (size_t i = 0; i < resp.n_data_source_schemas; i++)
        if (strcmp(resp.data_source_schemas[i]->key, DATA) == 0)
            data_attrs = s_check_block(resp.data_source_schemas[i]->value->block);
    size_t size = protobuf_c_message_get_packed_size(&resp.base);
    uint8_t *buf = malloc(size);
    size_t packed = protobuf_c_message_pack(&resp.base, buf);
    free(buf);
    gc_arena_clean_up(&arena);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(optional);
    ASSERT_INT_EQ(resp.n_resource_schemas, gc_n_resource_defs);
    ASSERT_INT_EQ(resp.n_data_source_schemas, gc_n_data_source_defs);
    ASSERT_TRUE(provider_attrs > 5);
    ASSERT_INT_EQ(hub_attrs, 19 + 3); /* 19 attributes + the 3 of the timeouts block */
    ASSERT_TRUE(timeouts_block);
    ASSERT_INT_EQ(data_attrs, 14);
    ASSERT_INT_EQ(packed, size);
}

/* Terraform allows null elements in collections (`routing_domains = [null, "ops"]`): validators and plan
 * must not trip over them. */
struct s_null_row {
    const char *json;
    bool error;
};

static void s_null_rows(int *gc_test_failed_, const struct s_null_row *rows, size_t n_rows);

/* Crashes today (SEGV in strcmp, resource_hub.c s_validate_domains): run in a child so the binary survives. */
GC_TEST(null_routing_domain_elements)
{
    static const struct s_null_row rows[] = {
        {"{\"municipality\":\"naruto\",\"vpc_cidr\":\"10.20.0.0/24\",\"routing_domains\":[\"ops\",null]}", true},
        {"{\"municipality\":\"naruto\",\"vpc_cidr\":\"10.20.0.0/24\",\"routing_domains\":[null,\"ops\"]}", true},
    };
    fflush(stdout);
    pid_t pid = fork();
    ASSERT_TRUE(pid >= 0);
    if (pid == 0) {
        int failed = 0;
        s_null_rows(&failed, rows, sizeof rows / sizeof rows[0]);
        fflush(stdout);
        _exit(failed ? 1 : 0);
    }
    int status = 0;
    ASSERT_INT_EQ(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        printf("# child killed by signal %d\n", WTERMSIG(status));
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_INT_EQ(WEXITSTATUS(status), 0);
}

GC_TEST(null_collection_elements)
{
    static const struct s_null_row rows[] = {
        {"{\"municipality\":\"naruto\",\"vpc_cidr\":\"10.20.0.0/24\","
         "\"availability_zones\":[null,\"ap-northeast-1a\"]}",
         true},
        {"{\"municipality\":\"naruto\",\"vpc_cidr\":\"10.20.0.0/24\","
         "\"availability_zones\":[\"ap-northeast-1a\",null]}",
         true},
        {"{\"municipality\":\"naruto\",\"vpc_cidr\":\"10.20.0.0/24\",\"share_with\":[null]}", false},
        {"{\"municipality\":\"naruto\",\"vpc_cidr\":\"10.20.0.0/24\",\"tags\":{\"a\":null}}", false},
    };
    s_null_rows(gc_test_failed_, rows, sizeof rows / sizeof rows[0]);
}

static void s_null_rows(int *gc_test_failed_, const struct s_null_row *rows, size_t n_rows)
{
    static const char *const methods[] = {"ValidateResourceConfig", "PlanResourceChange"};
    for (size_t i = 0; i < n_rows; i++) {
        for (size_t k = 0; k < 2; k++) {
            struct outcome o;
            if (k == 0) {
                o = s_call_dv(methods[k], HUB, "config", rows[i].json, strlen(rows[i].json), true);
            } else {
                /* plan: the same value as config and proposed state */
                const struct gc_rpc_method *m = s_method(methods[k]);
                Tfplugin6__PlanResourceChange__Request req;
                Tfplugin6__DynamicValue dv;
                tfplugin6__plan_resource_change__request__init(&req);
                tfplugin6__dynamic_value__init(&dv);
                dv.json.data = (uint8_t *)rows[i].json;
                dv.json.len = strlen(rows[i].json);
                req.type_name = (char *)HUB;
                req.config = &dv;
                req.proposed_new_state = &dv;
                o = s_call(m, &req.base);
            }
            if (o.rc != 0 || !o.packs || (rows[i].error && o.n_errors == 0))
                printf("# %s %s: rc=%d errors=%zu\n", methods[k], rows[i].json, o.rc, o.n_errors);
            ASSERT_INT_EQ(o.rc, 0);
            ASSERT_TRUE(o.packs);
            if (rows[i].error)
                ASSERT_TRUE(o.n_errors >= 1);
        }
    }
}

/* A data source read that fails must say why: Terraform otherwise gets neither a state nor an error. The key is
 * required, so a null config (or key) only comes from a broken client; still it must not fail silently. */
GC_TEST(data_source_failure_has_diagnostic)
{
    static const char *const rows[] = {"{}", "{\"key\":null}"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct outcome o = s_call_dv("ReadDataSource", DATA, "config", rows[i], strlen(rows[i]), true);
        ASSERT_INT_EQ(o.rc, 0);
        ASSERT_TRUE(o.n_errors >= 1);
    }
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    /* Should anything reach ConfigureProvider, it finds no region or credentials and no reachable endpoint. */
    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    unsetenv("AWS_PROFILE");
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    setenv("AWS_CONFIG_FILE", "/nonexistent/gcnet-test", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/gcnet-test", 1);
    setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9", 1);
    gc_rpc_app_init(&s_app);
    static const struct gc_test_case cases[] = {
        GC_CASE(valid_input_is_accepted), GC_CASE(msgpack_garbage),  GC_CASE(msgpack_truncated),
        GC_CASE(msgpack_deep_nesting),    GC_CASE(msgpack_random_bytes), GC_CASE(json_garbage),
        GC_CASE(unknown_type_names),      GC_CASE(empty_requests),   GC_CASE(upgrade_raw_state_garbage),
        GC_CASE(provider_schema),
        GC_CASE(null_collection_elements),
        GC_CASE(null_routing_domain_elements),
        GC_CASE(data_source_failure_has_diagnostic),
    };
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    gc_rpc_app_clean_up(&s_app);
    return rc;
}
