/* The shared validators of framework/gc_schema.c, table-driven: each row is an input, whether it must pass,
 * and (for failures) text the diagnostic must contain. Diagnostics must carry the attribute's path. */
#include <stdlib.h>

#include "framework/gc_schema.h"
#include "gc_test.h"

struct s_row {
    const char *input;
    bool ok;
    const char *expect; /* substring of summary or detail when !ok; NULL: any */
};

static bool s_diag_has(const struct gc_diags *diags, const char *text)
{
    for (size_t i = 0; i < diags->n; i++) {
        const struct gc_diag *d = &diags->items[i];
        if ((d->summary && strstr(d->summary, text)) || (d->detail && strstr(d->detail, text)))
            return true;
    }
    return false;
}

/* Runs `fn` on `v` at path `attr`; checks the result, the message and that every diagnostic is an error on
 * that path. Returns 0 when all holds; prints and returns -1 otherwise. */
static int s_check(gc_validate_fn *fn, struct gc_value *v, const char *attr, bool ok, const char *expect,
                   const char *label)
{
    int result = -1;
    struct gc_diags diags;
    struct gc_path path = {0};
    gc_diags_init(&diags);
    gc_path_push_attr(&path, attr);
    int rc = fn(v, &path, &diags);
    if (ok) {
        if (rc != 0 || diags.n != 0) {
            printf("# %s: expected valid, got rc=%d, %zu diags (%s)\n", label, rc, diags.n,
                   diags.n ? diags.items[0].detail : "");
            goto cleanup;
        }
    } else {
        if (rc == 0 || diags.n == 0 || !gc_diags_has_error(&diags)) {
            printf("# %s: expected an error, got rc=%d, %zu diags\n", label, rc, diags.n);
            goto cleanup;
        }
        if (expect && !s_diag_has(&diags, expect)) {
            printf("# %s: diagnostic lacks \"%s\": %s / %s\n", label, expect, diags.items[0].summary,
                   diags.items[0].detail ? diags.items[0].detail : "");
            goto cleanup;
        }
        for (size_t i = 0; i < diags.n; i++) {
            char *p = gc_path_to_string(&diags.items[i].path);
            bool same = p && strcmp(p, attr) == 0;
            if (!same)
                printf("# %s: diagnostic path \"%s\" != \"%s\"\n", label, p ? p : "(null)", attr);
            free(p);
            if (!same)
                goto cleanup;
        }
    }
    result = 0;
cleanup:
    gc_path_clean_up(&path);
    gc_diags_clean_up(&diags);
    return result;
}

GC_TEST(ipv4_cidr_table)
{
    static const struct s_row rows[] = {
        {"10.20.0.0/16", true, NULL},
        {"10.20.0.0/24", true, NULL},
        {"192.168.255.240/28", true, NULL},
        {"172.31.0.0/16", true, NULL},
        {"10.20.0.1/16", false, "10.20.0.0/16"}, /* host bits: the network is suggested */
        {"10.20.7.9/22", false, "10.20.4.0/22"},
        {"192.168.1.17/28", false, "192.168.1.16/28"},
        {"10.0.0.0/15", false, "between /16 and /28"}, /* too big for a VPC */
        {"10.0.0.0/29", false, "between /16 and /28"}, /* too small */
        {"10.0.0.0/8", false, "between /16 and /28"},
        {"010.0.0.0/16", false, "Invalid IPv4 CIDR"}, /* leading zeros are ambiguous (octal) */
        {"10.00.0.0/16", false, "Invalid IPv4 CIDR"},
        {"10.0.0.0/016", false, "prefix"},
        {"10.0.0.0/33", false, "prefix"},
        {"10.0.0.0/-1", false, NULL},
        {"10.0.0.0/16x", false, NULL},
        {"10.0.0.0/", false, NULL},
        {"10.0.0.0", false, NULL},
        {"10.0.0/16", false, NULL},
        {"10.0.0.0.0/16", false, NULL},
        {"256.0.0.0/16", false, NULL},
        {"1000.0.0.0/16", false, NULL},
        {" 10.0.0.0/16", false, NULL},
        {"10.0.0.0/16 ", false, NULL},
        {"", false, NULL},
        {"garbage", false, "Invalid IPv4 CIDR"},
        {"::1/128", false, NULL},
        {"10.0.0.0/99999999999999999999", false, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *v = gc_value_new_string(rows[i].input);
        int rc = s_check(gc_validate_ipv4_cidr, v, "vpc_cidr", rows[i].ok, rows[i].expect, rows[i].input);
        gc_value_free(v);
        ASSERT_INT_EQ(rc, 0);
    }
}

GC_TEST(private_asn_table)
{
    static const struct s_row rows[] = {
        {"64511", false, "64511"},   {"64512", true, NULL},
        {"65000", true, NULL},       {"65534", true, NULL},
        {"65535", false, "65535"},   {"4199999999", false, NULL},
        {"4200000000", true, NULL},  {"4294967294", true, NULL},
        {"4294967295", false, NULL}, {"0", false, NULL},
        {"-64512", false, NULL},     {"64512.5", false, NULL},
        {"1e400", false, NULL},      {"99999999999999999999999", false, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *v = gc_value_new_number_text(rows[i].input);
        ASSERT_TRUE(v != NULL);
        int rc = s_check(gc_validate_private_asn, v, "amazon_side_asn", rows[i].ok, rows[i].expect, rows[i].input);
        gc_value_free(v);
        ASSERT_INT_EQ(rc, 0);
    }
    /* not a number at all */
    struct gc_value *s = gc_value_new_string("64512");
    int rc = s_check(gc_validate_private_asn, s, "amazon_side_asn", false, "private ASN", "string");
    gc_value_free(s);
    ASSERT_INT_EQ(rc, 0);
}

GC_TEST(account_id_strings)
{
    static const struct s_row rows[] = {
        {"123456789012", true, NULL},          {"000000000000", true, NULL},
        {"12345678901", false, "12345678901"}, {"1234567890123", false, NULL},
        {"12345678901a", false, NULL},         {"", false, NULL},
        {" 23456789012", false, NULL},         {"１２３４５６７８９０１２", false, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *v = gc_value_new_string(rows[i].input);
        int rc = s_check(gc_validate_account_id, v, "share_with", rows[i].ok, rows[i].expect, rows[i].input);
        gc_value_free(v);
        ASSERT_INT_EQ(rc, 0);
    }
}

GC_TEST(account_id_sets)
{
    static const char *const good[] = {"123456789012", "210987654321"};
    static const char *const bad[] = {"123456789012", "12345", "abcdefghijkl"};
    struct gc_value *g = gc_value_new_string_list(&gc_type_set_string, good, 2);
    struct gc_value *b = gc_value_new_string_list(&gc_type_set_string, bad, 3);
    struct gc_value *empty = gc_value_new_collection(&gc_type_set_string);
    int rc_good = s_check(gc_validate_account_id, g, "share_with", true, NULL, "good set");
    int rc_bad = s_check(gc_validate_account_id, b, "share_with", false, "12345", "bad set");
    int rc_empty = s_check(gc_validate_account_id, empty, "share_with", true, NULL, "empty set");
    /* both bad elements are reported */
    struct gc_diags diags;
    gc_diags_init(&diags);
    gc_validate_account_id(b, NULL, &diags);
    size_t n = diags.n;
    bool has_letters = s_diag_has(&diags, "abcdefghijkl");
    gc_diags_clean_up(&diags);
    gc_value_free(g);
    gc_value_free(b);
    gc_value_free(empty);
    ASSERT_INT_EQ(rc_good, 0);
    ASSERT_INT_EQ(rc_bad, 0);
    ASSERT_INT_EQ(rc_empty, 0);
    ASSERT_INT_EQ(n, 2);
    ASSERT_TRUE(has_letters);
}

GC_TEST(duration_parse_table)
{
    static const struct {
        const char *text;
        int64_t seconds;
    } rows[] = {
        {"30m", 1800},    {"1h30m", 5400}, {"90s", 90},
        {"1.5h", 5400},   {"45s", 45},     {"2h", 7200},
        {"1m30s", 90},    {"500ms", 1},    {"0s", 0},
        {"168h", 604800}, {"", -1},        {"10", -1},
        {"5x", -1},       {"h", -1},       {"m30", -1},
        {"1h 30m", -1},   {"-5m", -1},     {"+5m", -1},
        {"1h-5m", -1},    {"169h", -1},    {"99999999999h", -1},
        {"1e400s", -1},   {"inf", -1},     {"nans", -1},
        {"30M", -1},      {"1d", -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t got = gc_duration_parse(rows[i].text);
        if (got != rows[i].seconds)
            printf("# \"%s\"\n", rows[i].text);
        ASSERT_INT_EQ(got, rows[i].seconds);
    }
    ASSERT_INT_EQ(gc_duration_parse(NULL), -1);
}

GC_TEST(duration_validator_path)
{
    static const struct s_row rows[] = {
        {"30m", true, NULL},     {"1h30m", true, NULL}, {"0s", false, "Invalid duration"},
        {"10", false, "\"10\""}, {"8d", false, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *v = gc_value_new_string(rows[i].input);
        int rc = s_check(gc_validate_duration, v, "create", rows[i].ok, rows[i].expect, rows[i].input);
        gc_value_free(v);
        ASSERT_INT_EQ(rc, 0);
    }
}

GC_TEST(az_japan_table)
{
    static const struct {
        const char *zones[3];
        size_t n;
        bool ok;
        const char *expect;
    } rows[] = {
        {{"ap-northeast-1a", "ap-northeast-1c"}, 2, true, NULL},
        {{"ap-northeast-1c", "ap-northeast-1d"}, 2, true, NULL},
        {{"ap-northeast-3a", "ap-northeast-3c"}, 2, true, NULL},
        {{"ap-northeast-3b", "ap-northeast-3a"}, 2, true, NULL},
        {{"ap-northeast-1a", "ap-northeast-1a"}, 2, false, "must differ"},
        {{"ap-northeast-1a", "ap-northeast-3a"}, 2, false, "not in the same region"},
        {{"ap-northeast-3c", "ap-northeast-1d"}, 2, false, "not in the same region"},
        {{"ap-northeast-1b", "ap-northeast-1c"}, 2, false, "ap-northeast-1b"}, /* 1b is not offered */
        {{"us-east-1a", "us-east-1b"}, 2, false, "us-east-1a"},
        {{"ap-northeast-1a"}, 1, false, "exactly two"},
        {{"ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"}, 3, false, "3 given"},
        {{NULL}, 0, false, "0 given"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *v = gc_value_new_string_list(&gc_type_list_string, rows[i].zones, rows[i].n);
        char label[64];
        snprintf(label, sizeof label, "row %zu", i);
        int rc = s_check(gc_validate_az_japan, v, "availability_zones", rows[i].ok, rows[i].expect, label);
        gc_value_free(v);
        ASSERT_INT_EQ(rc, 0);
    }
}

/* `n` copies of `unit` (malloc'd). */
static char *s_repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *out = malloc(len * n + 1);
    for (size_t i = 0; out && i < n; i++)
        memcpy(out + i * len, unit, len);
    if (out)
        out[len * n] = '\0';
    return out;
}

GC_TEST(tags_table)
{
    char k128[129], k129[130], v256[257], v257[258];
    memset(k128, 'k', 128);
    k128[128] = 0;
    memset(k129, 'k', 129);
    k129[129] = 0;
    memset(v256, 'v', 256);
    v256[256] = 0;
    memset(v257, 'v', 257);
    v257[257] = 0;
    char *ja50 = s_repeat("徳", 50), *ja128 = s_repeat("徳", 128), *ja129 = s_repeat("徳", 129);
    char *ja256 = s_repeat("島", 256), *ja257 = s_repeat("島", 257);
    const struct {
        const char *key;
        const char *value;
        bool ok;
        const char *expect;
    } rows[] = {
        {"Name", "hub", true, NULL},
        {"Environment", "", true, NULL},
        {"awsome", "x", true, NULL}, /* only the "aws:" prefix is reserved */
        {"AWS:x", "x", true, NULL},  /* AWS reserves the lower-case prefix */
        {"aws:cloudformation:stack", "x", false, "aws:cloudformation:stack"},
        {"gcnet:hub", "x", false, "gcnet:hub"},
        {"gcnet:", "x", false, NULL},
        {"", "x", false, "Invalid tag key"},
        {k128, "x", true, NULL},
        {k129, "x", false, "Invalid tag key"},
        {"k", v256, true, NULL},
        {"k", v257, false, "longer than 256"},
        /* AWS counts characters: 50 Japanese characters are 150 bytes and a valid key, 128 of them too */
        {ja50, "x", true, NULL},
        {ja128, "x", true, NULL},
        {ja129, "x", false, "Invalid tag key"},
        {"k", ja256, true, NULL},
        {"k", ja257, false, "longer than 256"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *m = gc_value_new_collection(&gc_type_map_string);
        ASSERT_TRUE(m != NULL);
        ASSERT_INT_EQ(gc_value_map_put(m, rows[i].key, gc_value_new_string(rows[i].value)), 0);
        char label[64];
        snprintf(label, sizeof label, "tags row %zu", i);
        int rc = s_check(gc_validate_tags, m, "tags", rows[i].ok, rows[i].expect, label);
        gc_value_free(m);
        ASSERT_INT_EQ(rc, 0);
    }
    free(ja50);
    free(ja128);
    free(ja129);
    free(ja256);
    free(ja257);
    /* at most 40 user tags */
    for (int count = 40; count <= 41; count++) {
        struct gc_value *m = gc_value_new_collection(&gc_type_map_string);
        for (int i = 0; i < count; i++) {
            char k[16];
            snprintf(k, sizeof k, "k%02d", i);
            ASSERT_INT_EQ(gc_value_map_put(m, k, gc_value_new_string("v")), 0);
        }
        int rc = s_check(gc_validate_tags, m, "tags", count == 40, "Too many tags", "count");
        gc_value_free(m);
        ASSERT_INT_EQ(rc, 0);
    }
}

/* gc_schema_validate runs validators with the attribute's full path, also inside nested blocks. */
static const struct gc_attr_def s_inner_attrs[] = {
    {"create", &gc_type_string, GC_ATTR_OPTIONAL, "", gc_validate_duration, NULL},
};
static struct gc_block_def s_inner = {.attrs = s_inner_attrs, .n_attrs = 1, .description = ""};
static const struct gc_attr_def s_outer_attrs[] = {
    {"cidr", &gc_type_string, GC_ATTR_REQUIRED, "", gc_validate_ipv4_cidr, NULL},
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL, "", gc_validate_tags, NULL},
};
static const struct gc_nested_def s_outer_blocks[] = {
    {"timeouts", GC_NEST_SINGLE, 0, 0, &s_inner, 0},
    {"rule", GC_NEST_LIST, 0, 0, &s_inner, 0},
};
static struct gc_block_def s_outer = {
    .attrs = s_outer_attrs, .n_attrs = 2, .blocks = s_outer_blocks, .n_blocks = 2, .description = ""};

GC_TEST(schema_validate_paths)
{
    ASSERT_INT_EQ(gc_schema_prepare(&s_outer), 0);
    struct gc_value *cfg = gc_value_new_object(s_outer.type);
    ASSERT_TRUE(cfg != NULL);
    gc_value_set_string(cfg, "cidr", "10.0.0.1/16");
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    gc_value_map_put(tags, "aws:x", gc_value_new_string("1"));
    gc_value_object_set(cfg, "tags", tags);
    struct gc_value *t = gc_value_new_object(s_inner.type);
    gc_value_set_string(t, "create", "soon");
    gc_value_object_set(cfg, "timeouts", t);
    struct gc_value *rules = gc_value_new_collection(gc_type_object_attr(s_outer.type, "rule"));
    for (int i = 0; i < 2; i++) {
        struct gc_value *r = gc_value_new_object(s_inner.type);
        gc_value_set_string(r, "create", i == 1 ? "never" : "5m");
        gc_value_append(rules, r);
    }
    gc_value_object_set(cfg, "rule", rules);
    /* an unknown value is skipped */
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_schema_validate(&s_outer, cfg, &diags);
    const char *want[] = {"cidr", "tags", "timeouts.create", "rule[1].create"};
    bool seen[4] = {false, false, false, false};
    for (size_t i = 0; i < diags.n; i++) {
        char *p = gc_path_to_string(&diags.items[i].path);
        for (int k = 0; k < 4; k++)
            if (p && strcmp(p, want[k]) == 0)
                seen[k] = true;
        free(p);
    }
    size_t n = diags.n;
    gc_diags_clean_up(&diags);

    gc_value_object_set(cfg, "cidr", gc_value_new_unknown(&gc_type_string));
    gc_value_object_set(cfg, "tags", gc_value_new_null(&gc_type_map_string));
    gc_value_object_set(cfg, "timeouts", gc_value_new_null(s_inner.type));
    gc_value_object_set(cfg, "rule", gc_value_new_null(gc_type_object_attr(s_outer.type, "rule")));
    gc_diags_init(&diags);
    int rc2 = gc_schema_validate(&s_outer, cfg, &diags);
    size_t n2 = diags.n;
    gc_diags_clean_up(&diags);
    gc_value_free(cfg);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(n, 4);
    for (int k = 0; k < 4; k++) {
        if (!seen[k])
            printf("# missing path %s\n", want[k]);
        ASSERT_TRUE(seen[k]);
    }
    ASSERT_INT_EQ(rc2, 0);
    ASSERT_INT_EQ(n2, 0);
}

GC_TEST(name_table)
{
    char long256[257];
    memset(long256, 'n', 256);
    long256[256] = 0;
    char *ja255 = s_repeat("鳴", 255), *ja256 = s_repeat("鳴", 256);
    const struct s_row rows[] = {
        {"naruto-gcnet", true, NULL}, {"鳴門市", true, NULL},          {"", false, NULL},
        {long256, false, "1 to 255"}, {"tab\there", false, "control"}, {ja255, true, NULL}, /* 765 bytes */
        {ja256, false, "256 given"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *v = gc_value_new_string(rows[i].input);
        int rc = s_check(gc_validate_name, v, "name", rows[i].ok, rows[i].expect, "name");
        gc_value_free(v);
        ASSERT_INT_EQ(rc, 0);
    }
    free(ja255);
    free(ja256);
}

/* A NUL inside any string of a configuration is refused with the string's own path, whatever the attribute's type
 * or validator: the AWS calls would cut the string there ("10.0.0.0/16\u0000x" applied as 10.0.0.0/16 and every
 * later plan replaced the hub). Strings without a NUL, and unknowns, pass. */
static const struct gc_attr_def s_nul_inner_attrs[] = {
    {"create", &gc_type_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
};
static struct gc_block_def s_nul_inner = {.attrs = s_nul_inner_attrs, .n_attrs = 1, .description = ""};
static const struct gc_attr_def s_nul_attrs[] = {
    {"cidr", &gc_type_string, GC_ATTR_REQUIRED, "", gc_validate_ipv4_cidr, NULL},
    {"plain", &gc_type_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"share_with", &gc_type_set_string, GC_ATTR_OPTIONAL, "", gc_validate_account_id, NULL},
    {"zones", &gc_type_list_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL, "", gc_validate_tags, NULL},
};
static const struct gc_nested_def s_nul_blocks[] = {
    {"rule", GC_NEST_LIST, 0, 0, &s_nul_inner, 0},
};
static struct gc_block_def s_nul_block = {
    .attrs = s_nul_attrs, .n_attrs = 5, .blocks = s_nul_blocks, .n_blocks = 1, .description = ""};

static struct gc_value *s_str(const char *s, size_t len)
{
    return gc_value_new_string_len(s, len);
}

/* A valid configuration, then attribute `where` (0..5; 6: none) replaced by one holding "x\0y". */
static struct gc_value *s_nul_config(int where)
{
    struct gc_value *c = gc_value_new_object(s_nul_block.type);
    gc_value_object_set(c, "cidr", where == 0 ? s_str("10.0.0.0/16\0x", 13) : s_str("10.0.0.0/16", 11));
    gc_value_object_set(c, "plain", where == 1 ? s_str("ok\0", 3) : s_str("ok", 2));
    struct gc_value *set = gc_value_new_collection(&gc_type_set_string);
    gc_value_append(set, s_str("111111111111", 12));
    if (where == 2)
        gc_value_append(set, s_str("222222222222\0", 13));
    gc_value_object_set(c, "share_with", set);
    struct gc_value *zones = gc_value_new_collection(&gc_type_list_string);
    gc_value_append(zones, s_str("a", 1));
    gc_value_append(zones, where == 3 ? s_str("\0b", 2) : s_str("b", 1));
    gc_value_object_set(c, "zones", zones);
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    gc_value_map_put(tags, "owner", where == 4 ? s_str("naruto\0x", 8) : s_str("naruto", 6));
    gc_value_object_set(c, "tags", tags);
    struct gc_value *rules = gc_value_new_collection(gc_type_object_attr(s_nul_block.type, "rule"));
    for (int i = 0; i < 2; i++) {
        struct gc_value *r = gc_value_new_object(s_nul_inner.type);
        gc_value_object_set(r, "create", where == 5 && i == 1 ? s_str("5m\0", 3) : s_str("5m", 2));
        gc_value_append(rules, r);
    }
    gc_value_object_set(c, "rule", rules);
    return c;
}

GC_TEST(schema_validate_rejects_nul)
{
    static const char *const want[] = {"cidr",           "plain", "share_with", "zones[1]", "tags[\"owner\"]",
                                       "rule[1].create", NULL};
    ASSERT_INT_EQ(gc_schema_prepare(&s_nul_block), 0);
    for (int where = 0; where <= 6; where++) {
        struct gc_value *c = s_nul_config(where);
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_schema_validate(&s_nul_block, c, &diags);
        char *path = diags.n ? gc_path_to_string(&diags.items[0].path) : NULL;
        bool nul_said = s_diag_has(&diags, "NUL character");
        size_t n = diags.n;
        if (want[where] && (!path || strcmp(path, want[where]) != 0))
            printf("# where %d: path %s, want %s\n", where, path ? path : "-", want[where]);
        bool path_ok = want[where] ? path && strcmp(path, want[where]) == 0 : n == 0;
        free(path);
        gc_diags_clean_up(&diags);
        gc_value_free(c);
        ASSERT_INT_EQ(rc, want[where] ? -1 : 0);
        ASSERT_INT_EQ(n, want[where] ? 1 : 0); /* one error: the attribute's validator does not also run */
        ASSERT_TRUE(path_ok);
        ASSERT_TRUE(want[where] ? nul_said : true);
    }
    /* a partly unknown list still has its known strings checked */
    struct gc_value *c = s_nul_config(6);
    struct gc_value *zones = gc_value_new_collection(&gc_type_list_string);
    gc_value_append(zones, gc_value_new_unknown(&gc_type_string));
    gc_value_append(zones, s_str("b\0", 2));
    gc_value_object_set(c, "zones", zones);
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_schema_validate(&s_nul_block, c, &diags);
    size_t n = diags.n;
    gc_diags_clean_up(&diags);
    gc_value_free(c);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(n, 1);
}

/* Go's time.ParseDuration (what Terraform and the AWS provider use) takes only decimal numbers: no hex, no
 * exponents. gc_duration_parse reads numbers with strtod, which accepts both. */
GC_TEST(duration_rejects_non_go_syntax)
{
    static const char *const rows[] = {"0x10s", "1e3s", "0x1p4s", "1E2m"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (gc_duration_parse(rows[i]) != -1)
            printf("# \"%s\" = %lld\n", rows[i], (long long)gc_duration_parse(rows[i]));
        ASSERT_INT_EQ(gc_duration_parse(rows[i]), -1);
    }
}

/* gc_validate_int_range through an attribute's own validator with its bounds */
static int s_validate_window(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    return gc_validate_int_range(v, path, diags, 7, 30, "the window");
}

GC_TEST(int_range_table)
{
    static const struct s_row rows[] = {
        {"6", false, "the window must be a whole number from 7 to 30"},
        {"7", true, NULL},
        {"30", true, NULL},
        {"31", false, "Value out of range"},
        {"7.5", false, NULL},
        {"-7", false, NULL},
        {"99999999999999999999999", false, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_value *v = gc_value_new_number_text(rows[i].input);
        ASSERT_TRUE(v != NULL);
        int rc =
            s_check(s_validate_window, v, "permanent_deletion_time_in_days", rows[i].ok, rows[i].expect, rows[i].input);
        gc_value_free(v);
        ASSERT_INT_EQ(rc, 0);
    }
    struct gc_value *s = gc_value_new_string("10");
    int rc = s_check(s_validate_window, s, "permanent_deletion_time_in_days", false, "whole number", "string");
    gc_value_free(s);
    ASSERT_INT_EQ(rc, 0);
}

GC_TEST(aws_id_table)
{
    static const struct {
        const char *id, *prefix;
        bool ok;
    } rows[] = {
        {"tgw-0123456789abcdef0", "tgw-", true},
        {"tgw-01234567", "tgw-", true},
        {"tgw-0123456", "tgw-", false},                           /* 7 digits */
        {"tgw-0123456789abcdef0123456789abcdef0", "tgw-", false}, /* 33 digits */
        {"tgw-attach-0123456789abcdef0", "tgw-", false},          /* another kind's id */
        {"tgw-attach-0123456789abcdef0", "tgw-attach-", true},
        {"tgw-0123456789ABCDEF0", "tgw-", false}, /* AWS writes lower case */
        {"vpc-0123456789abcdef0", "tgw-", false},
        {"vpc-0123456789abcdef0 ", "vpc-", false},
        {"vpc-", "vpc-", false},
        {"", "vpc-", false},
        {NULL, "vpc-", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (gc_schema_is_aws_id(rows[i].id, rows[i].prefix) != rows[i].ok)
            printf("# %s as %s: expected %s\n", rows[i].id ? rows[i].id : "(null)", rows[i].prefix,
                   rows[i].ok ? "an id" : "no id");
        ASSERT_TRUE(gc_schema_is_aws_id(rows[i].id, rows[i].prefix) == rows[i].ok);
    }
}

GC_TEST(bool_defaults)
{
    struct gc_value *t = gc_default_true(NULL, NULL);
    struct gc_value *f = gc_default_false(NULL, NULL);
    bool tv = false, fv = true;
    int ok = t && f && gc_value_bool(t, &tv) == 0 && gc_value_bool(f, &fv) == 0;
    gc_value_free(t);
    gc_value_free(f);
    ASSERT_TRUE(ok);
    ASSERT_TRUE(tv);
    ASSERT_FALSE(fv);
}

int main(void)
{
    static const struct gc_test_case cases[] = {
        GC_CASE(ipv4_cidr_table),
        GC_CASE(private_asn_table),
        GC_CASE(account_id_strings),
        GC_CASE(account_id_sets),
        GC_CASE(duration_parse_table),
        GC_CASE(duration_validator_path),
        GC_CASE(az_japan_table),
        GC_CASE(tags_table),
        GC_CASE(schema_validate_paths),
        GC_CASE(name_table),
        GC_CASE(schema_validate_rejects_nul),
        GC_CASE(duration_rejects_non_go_syntax),
        GC_CASE(int_range_table),
        GC_CASE(aws_id_table),
        GC_CASE(bool_defaults),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
