#include "framework/gc_schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_utf8.h"

static const struct gc_type *s_nested_type(const struct gc_nested_def *nested)
{
    const struct gc_type *obj = nested->block->type;
    switch (nested->nesting) {
    case GC_NEST_SINGLE:
    case GC_NEST_GROUP:
        return obj;
    case GC_NEST_LIST:
        return gc_type_new_list(obj);
    case GC_NEST_SET:
        return gc_type_new_set(obj);
    case GC_NEST_MAP:
        return gc_type_new_map(obj);
    }
    return NULL;
}

int gc_schema_prepare(struct gc_block_def *block)
{
    int result = -1;
    struct gc_type *obj = NULL;
    if (block->type)
        return 0;
    for (size_t i = 0; i < block->n_blocks; i++)
        if (gc_schema_prepare((struct gc_block_def *)block->blocks[i].block) != 0)
            goto cleanup;
    obj = gc_type_new_object();
    if (!obj)
        goto cleanup;
    for (size_t i = 0; i < block->n_attrs; i++)
        if (gc_type_object_add(obj, block->attrs[i].name, block->attrs[i].type) != 0)
            goto cleanup;
    for (size_t i = 0; i < block->n_blocks; i++) {
        const struct gc_type *t = s_nested_type(&block->blocks[i]);
        if (!t || gc_type_object_add(obj, block->blocks[i].name, t) != 0)
            goto cleanup;
    }
    block->type = obj;
    obj = NULL;
    result = 0;
cleanup:
    /* Schema types live for the whole process; a half-built one is simply dropped. */
    (void)obj;
    return result;
}

const struct gc_attr_def *gc_block_attr(const struct gc_block_def *block, const char *name)
{
    for (size_t i = 0; i < block->n_attrs; i++)
        if (strcmp(block->attrs[i].name, name) == 0)
            return &block->attrs[i];
    return NULL;
}

const struct gc_nested_def *gc_block_nested(const struct gc_block_def *block, const char *name)
{
    for (size_t i = 0; i < block->n_blocks; i++)
        if (strcmp(block->blocks[i].name, name) == 0)
            return &block->blocks[i];
    return NULL;
}

static int s_validate_block(const struct gc_block_def *block, const struct gc_value *obj, struct gc_path *path,
                            struct gc_diags *diags);

static int s_validate_nested(const struct gc_nested_def *nested, const struct gc_value *v, struct gc_path *path,
                             struct gc_diags *diags)
{
    int result = 0;
    if (!v || !gc_value_is_known(v) || gc_value_is_null(v))
        return 0;
    switch (nested->nesting) {
    case GC_NEST_SINGLE:
    case GC_NEST_GROUP:
        return s_validate_block(nested->block, v, path, diags);
    case GC_NEST_LIST:
    case GC_NEST_SET:
        for (size_t i = 0; i < gc_value_length(v); i++) {
            bool indexed = nested->nesting == GC_NEST_LIST;
            if (indexed && gc_path_push_index(path, (int64_t)i) != 0)
                return -1;
            if (s_validate_block(nested->block, gc_value_index(v, i), path, diags) != 0)
                result = -1;
            if (indexed)
                gc_path_pop(path);
        }
        return result;
    case GC_NEST_MAP:
        for (size_t i = 0; i < v->u.map.n; i++) {
            if (gc_path_push_key(path, v->u.map.keys[i]) != 0)
                return -1;
            if (s_validate_block(nested->block, v->u.map.vals[i], path, diags) != 0)
                result = -1;
            gc_path_pop(path);
        }
        return result;
    }
    return 0;
}

/* A string holding a NUL byte is refused wherever it sits: the AWS calls take C strings and would cut it there,
 * so "10.0.0.0/16\u0000x" would plan as itself and apply as "10.0.0.0/16". The value is not quoted (it may be a
 * secret). Returns -1 when one was found (each gets its diagnostic, at its own path). */
static int s_reject_nul(const struct gc_value *v, struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    if (!v || v->state != GC_VALUE_KNOWN)
        return 0;
    switch (v->type->kind) {
    case GC_TYPE_STRING: {
        const char *at = memchr(v->u.str.ptr, '\0', v->u.str.len);
        if (!at)
            return 0;
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid string: NUL character",
                     "The value holds a NUL character (\\u0000) at byte %zu. AWS would cut the string there, so "
                     "gcnet refuses it: remove the NUL character.",
                     (size_t)(at - v->u.str.ptr));
        return -1;
    }
    case GC_TYPE_LIST:
    case GC_TYPE_TUPLE:
    case GC_TYPE_SET:
        for (size_t i = 0; i < v->u.list.n; i++) {
            bool indexed = v->type->kind != GC_TYPE_SET; /* a set element has no index to point at */
            if (indexed && gc_path_push_index(path, (int64_t)i) != 0)
                return -1;
            if (s_reject_nul(v->u.list.items[i], path, diags) != 0)
                result = -1;
            if (indexed)
                gc_path_pop(path);
        }
        return result;
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        for (size_t i = 0; i < v->u.map.n; i++) {
            int rc = v->type->kind == GC_TYPE_MAP ? gc_path_push_key(path, v->u.map.keys[i])
                                                  : gc_path_push_attr(path, v->u.map.keys[i]);
            if (rc != 0)
                return -1;
            if (s_reject_nul(v->u.map.vals[i], path, diags) != 0)
                result = -1;
            gc_path_pop(path);
        }
        return result;
    case GC_TYPE_DYNAMIC:
        return s_reject_nul(v->u.dyn.inner, path, diags);
    case GC_TYPE_NUMBER:
    case GC_TYPE_BOOL:
        return 0;
    }
    return 0;
}

static int s_validate_block(const struct gc_block_def *block, const struct gc_value *obj, struct gc_path *path,
                            struct gc_diags *diags)
{
    int result = 0;
    if (!obj || !gc_value_is_known(obj) || gc_value_is_null(obj))
        return 0;
    for (size_t i = 0; i < block->n_attrs; i++) {
        const struct gc_attr_def *a = &block->attrs[i];
        const struct gc_value *v = gc_value_object_get(obj, a->name);
        if (!v || gc_value_is_null(v))
            continue;
        if (gc_path_push_attr(path, a->name) != 0)
            return -1;
        if (s_reject_nul(v, path, diags) != 0)
            result = -1; /* the attribute's own check would only see the text before the NUL */
        else if (a->validate && gc_value_is_wholly_known(v) && a->validate(v, path, diags) != 0)
            result = -1;
        gc_path_pop(path);
    }
    for (size_t i = 0; i < block->n_blocks; i++) {
        const struct gc_nested_def *n = &block->blocks[i];
        if (gc_path_push_attr(path, n->name) != 0)
            return -1;
        if (s_validate_nested(n, gc_value_object_get(obj, n->name), path, diags) != 0)
            result = -1;
        gc_path_pop(path);
    }
    return result;
}

int gc_schema_validate(const struct gc_block_def *block, const struct gc_value *config, struct gc_diags *diags)
{
    struct gc_path path = {0};
    int rc = s_validate_block(block, config, &path, diags);
    gc_path_clean_up(&path);
    return rc == 0 && !gc_diags_has_error(diags) ? 0 : -1;
}

/* ---- validators ---- */

static int s_parse_octets(const char *s, unsigned octets[4], const char **rest)
{
    for (int i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        unsigned v = 0;
        int digits = 0;
        const char *start = s;
        while (isdigit((unsigned char)*s)) {
            v = v * 10 + (unsigned)(*s - '0');
            if (++digits > 3)
                return -1;
            s++;
        }
        if (v > 255 || (digits > 1 && *start == '0'))
            return -1;
        octets[i] = v;
        if (i < 3) {
            if (*s != '.')
                return -1;
            s++;
        }
    }
    *rest = s;
    return 0;
}

int gc_validate_ipv4_cidr(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(value);
    unsigned o[4];
    const char *rest = NULL;
    if (!s || s_parse_octets(s, o, &rest) != 0 || *rest != '/' || !isdigit((unsigned char)rest[1])) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid IPv4 CIDR block",
                     "\"%s\" is not an IPv4 CIDR block such as \"10.20.0.0/16\".", s ? s : "");
        return -1;
    }
    char *end = NULL;
    long prefix = strtol(rest + 1, &end, 10);
    if (*end != '\0' || prefix < 0 || prefix > 32 || (rest[1] == '0' && rest[2] != '\0')) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid IPv4 CIDR block", "\"%s\" has an invalid prefix length.", s);
        return -1;
    }
    if (prefix < 16 || prefix > 28) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid VPC CIDR block size",
                     "\"%s\": an AWS VPC CIDR block must be between /16 and /28.", s);
        return -1;
    }
    uint32_t addr = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
    uint32_t mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
    if ((addr & ~mask) != 0) {
        uint32_t net = addr & mask;
        gc_diags_add(diags, GC_SEV_ERROR, path, "CIDR block is not a network address",
                     "\"%s\" has host bits set; did you mean \"%u.%u.%u.%u/%ld\"?", s, net >> 24, (net >> 16) & 255,
                     (net >> 8) & 255, net & 255, prefix);
        return -1;
    }
    return 0;
}

int gc_validate_private_asn(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    int64_t asn = 0;
    if (gc_value_int64(value, &asn) != 0 ||
        !((asn >= 64512 && asn <= 65534) || (asn >= 4200000000LL && asn <= 4294967294LL))) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid Amazon-side ASN",
                     "The Transit Gateway's ASN must be a private ASN: 64512-65534 or 4200000000-4294967294%s%s.",
                     value->state == GC_VALUE_KNOWN && value->type->kind == GC_TYPE_NUMBER ? "; got " : "",
                     value->state == GC_VALUE_KNOWN && value->type->kind == GC_TYPE_NUMBER ? value->u.num : "");
        return -1;
    }
    return 0;
}

static bool s_is_account_id(const char *s)
{
    if (!s || strlen(s) != 12)
        return false;
    for (int i = 0; i < 12; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

int gc_validate_account_id(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    if (value->type->kind == GC_TYPE_STRING) {
        if (!s_is_account_id(gc_value_string(value))) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid AWS account ID",
                         "\"%s\" is not a 12-digit AWS account ID.", gc_value_string(value));
            return -1;
        }
        return 0;
    }
    for (size_t i = 0; i < gc_value_length(value); i++) {
        const struct gc_value *e = gc_value_index(value, i);
        if (gc_value_is_known(e) && !gc_value_is_null(e) && !s_is_account_id(gc_value_string(e))) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid AWS account ID",
                         "\"%s\" is not a 12-digit AWS account ID.", gc_value_string(e) ? gc_value_string(e) : "");
            result = -1;
        }
    }
    return result;
}

int64_t gc_duration_parse(const char *text)
{
    if (!text || !*text)
        return -1;
    double total = 0;
    const char *p = text;
    while (*p) {
        /* Go's duration syntax: digits with an optional fraction (no sign, hex or exponent), then a unit */
        const char *start = p;
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.') {
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (p == start || (p == start + 1 && *start == '.'))
            return -1;
        double v = strtod(start, NULL);
        double unit;
        if (strncmp(p, "h", 1) == 0) {
            unit = 3600;
            p += 1;
        } else if (strncmp(p, "ms", 2) == 0) {
            unit = 0.001;
            p += 2;
        } else if (strncmp(p, "m", 1) == 0) {
            unit = 60;
            p += 1;
        } else if (strncmp(p, "s", 1) == 0) {
            unit = 1;
            p += 1;
        } else {
            return -1;
        }
        total += v * unit;
        if (total > 7 * 24 * 3600.0)
            return -1;
    }
    return (int64_t)(total + 0.999);
}

int gc_validate_duration(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(value);
    if (gc_duration_parse(s) <= 0) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid duration",
                     "\"%s\" is not a duration such as \"30m\", \"1h30m\" or \"90s\" (at most 7 days).", s ? s : "");
        return -1;
    }
    return 0;
}

static const char *const s_zones[] = {"ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d",
                                      "ap-northeast-3a", "ap-northeast-3b", "ap-northeast-3c"};

int gc_validate_az_japan(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    size_t n = gc_value_length(value);
    if (n != 2) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Two availability zones required",
                     "The operations VPC spans exactly two availability zones; %zu given.", n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *z = gc_value_string(gc_value_index(value, i));
        bool ok = false;
        for (size_t k = 0; z && k < sizeof s_zones / sizeof s_zones[0]; k++)
            ok = ok || strcmp(z, s_zones[k]) == 0;
        if (!ok) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid availability zone",
                         "\"%s\" is not a Tokyo (ap-northeast-1a/1c/1d) or Osaka (ap-northeast-3a/3b/3c) zone.",
                         z ? z : "");
            result = -1;
        }
    }
    if (result == 0) {
        const char *a = gc_value_string(gc_value_index(value, 0));
        const char *b = gc_value_string(gc_value_index(value, 1));
        if (strcmp(a, b) == 0) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Availability zones must differ",
                         "Both entries are \"%s\"; the two subnets must be in two different zones.", a);
            result = -1;
        } else if (strncmp(a, b, strlen(a) - 1) != 0) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Availability zones in different regions",
                         "\"%s\" and \"%s\" are not in the same region.", a, b);
            result = -1;
        }
    }
    return result;
}

int gc_validate_name(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    const char *s = gc_value_string(value);
    size_t n = s ? strlen(s) : 0;
    size_t chars = gc_utf8_count(s, n);
    if (n == 0 || chars > 255) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid name", "A name must be 1 to 255 characters long; %zu given.",
                     chars);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid name", "A name cannot contain control characters.");
            return -1;
        }
    }
    return 0;
}

int gc_validate_tags(const struct gc_value *value, const struct gc_path *path, struct gc_diags *diags)
{
    int result = 0;
    if (value->type->kind != GC_TYPE_MAP)
        return 0;
    if (value->u.map.n > GC_TAGS_USER_MAX) {
        gc_diags_add(diags, GC_SEV_ERROR, path, "Too many tags",
                     "AWS allows at most 50 tags per object and gcnet keeps 10 for itself; %zu given.", value->u.map.n);
        result = -1;
    }
    for (size_t i = 0; i < value->u.map.n; i++) {
        const char *k = value->u.map.keys[i];
        const char *v = gc_value_string(value->u.map.vals[i]);
        /* AWS counts characters (code points), not bytes: a 50-character Japanese key is 150 bytes and valid */
        size_t kl = gc_utf8_count(k, strlen(k));
        if (kl == 0 || kl > 128 || strncmp(k, "aws:", 4) == 0 || strncmp(k, "gcnet:", 6) == 0) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid tag key",
                         "Tag key \"%s\" must be 1-128 characters and must not start with \"aws:\" or \"gcnet:\" "
                         "(reserved for AWS and for gcnet's own bookkeeping).",
                         k);
            result = -1;
        }
        if (v && gc_utf8_count(v, strlen(v)) > 256) {
            gc_diags_add(diags, GC_SEV_ERROR, path, "Invalid tag value",
                         "The value of tag \"%s\" is longer than 256 characters.", k);
            result = -1;
        }
    }
    return result;
}

bool gc_schema_is_aws_id(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    if (!s || strncmp(s, prefix, n) != 0 || strlen(s) < n + 8 || strlen(s) > n + 32)
        return false;
    for (const char *p = s + n; *p; p++)
        if (!((*p >= 'a' && *p <= 'f') || (*p >= '0' && *p <= '9')))
            return false;
    return true;
}

int gc_validate_int_range(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags, int64_t lo,
                          int64_t hi, const char *what)
{
    int64_t n = 0;
    if (gc_value_int64(v, &n) == 0 && n >= lo && n <= hi)
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Value out of range", "%s must be a whole number from %lld to %lld.", what,
                 (long long)lo, (long long)hi);
    return -1;
}

struct gc_value *gc_default_false(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_bool(false);
}

struct gc_value *gc_default_true(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_bool(true);
}
