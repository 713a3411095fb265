#include "value/gc_codec.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "value/gc_value_priv.h"

#define S_EXT_REFINED 12
#define S_EXT_MAX_PAYLOAD 1024

struct s_dec {
    struct gc_path path;
    struct gc_diags *diags;
};

static void s_err(struct s_dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void s_err(struct s_dec *d, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    gc_diags_add(d->diags, GC_SEV_ERROR, &d->path, "Invalid msgpack value", "%s", detail);
}

/* ---- pre-scan ----
 * msgpack-c allocates a container's element array as soon as it reads the header, so a 5-byte array32 header
 * claiming 4 billion elements would make it allocate 64 GiB. Every element takes at least one byte, so a
 * count larger than the bytes left is malformed: reject it before msgpack-c sees it. The walk is linear over
 * the tokens (no nesting needed); truncation is left to msgpack-c to report. */
static int s_prescan(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = p[i++];
        size_t skip = 0, count = 0, hdr = 0;
        if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
            continue;
        if (b >= 0x80 && b <= 0x8f) {
            count = (size_t)(b & 0x0f) * 2;
        } else if (b >= 0x90 && b <= 0x9f) {
            count = b & 0x0f;
        } else if (b >= 0xa0 && b <= 0xbf) {
            skip = b & 0x1f;
        } else {
            switch (b) {
            case 0xc4:
            case 0xd9:
                hdr = 1;
                break; /* bin8, str8 */
            case 0xc5:
            case 0xda:
                hdr = 2;
                break; /* bin16, str16 */
            case 0xc6:
            case 0xdb:
                hdr = 4;
                break; /* bin32, str32 */
            case 0xc7:
                hdr = 1;
                break; /* ext8 (+1 type byte) */
            case 0xc8:
                hdr = 2;
                break;
            case 0xc9:
                hdr = 4;
                break;
            case 0xca:
            case 0xce:
            case 0xd2:
                skip = 4;
                break;
            case 0xcb:
            case 0xcf:
            case 0xd3:
                skip = 8;
                break;
            case 0xcc:
            case 0xd0:
                skip = 1;
                break;
            case 0xcd:
            case 0xd1:
                skip = 2;
                break;
            case 0xd4:
                skip = 2;
                break;
            case 0xd5:
                skip = 3;
                break;
            case 0xd6:
                skip = 5;
                break;
            case 0xd7:
                skip = 9;
                break;
            case 0xd8:
                skip = 17;
                break;
            case 0xdc:
            case 0xde:
                hdr = 2;
                break; /* array16, map16 */
            case 0xdd:
            case 0xdf:
                hdr = 4;
                break; /* array32, map32 */
            default:
                return 0; /* 0xc1: msgpack-c reports the parse error */
            }
            if (hdr) {
                if (len - i < hdr)
                    return 0;
                size_t n = 0;
                for (size_t k = 0; k < hdr; k++)
                    n = (n << 8) | p[i + k];
                i += hdr;
                if (b == 0xdc || b == 0xdd)
                    count = n;
                else if (b == 0xde || b == 0xdf)
                    count = n * 2;
                else
                    skip = n + (b >= 0xc7 && b <= 0xc9 ? 1 : 0);
            }
        }
        if (count > len - i)
            return -1;
        if (skip > len - i)
            return 0;
        i += skip;
    }
    return 0;
}

/* ---- decode ---- */

static int s_dec_value(struct s_dec *d, const msgpack_object *o, const struct gc_type *t, struct gc_value **out);

static const char *s_kind_name(const struct gc_type *t)
{
    switch (t->kind) {
    case GC_TYPE_STRING:
        return "string";
    case GC_TYPE_NUMBER:
        return "number";
    case GC_TYPE_BOOL:
        return "bool";
    case GC_TYPE_DYNAMIC:
        return "dynamic";
    case GC_TYPE_LIST:
        return "list";
    case GC_TYPE_SET:
        return "set";
    case GC_TYPE_MAP:
        return "map";
    case GC_TYPE_OBJECT:
        return "object";
    case GC_TYPE_TUPLE:
        return "tuple";
    }
    return "?";
}

static int s_dec_unknown(struct s_dec *d, const msgpack_object *o, const struct gc_type *t, struct gc_value **out)
{
    int result = -1;
    msgpack_unpacked up;
    bool not_null = false;
    msgpack_unpacked_init(&up);
    if (o->via.ext.size > S_EXT_MAX_PAYLOAD) {
        s_err(d, "oversize unknown value refinement (%" PRIu32 " bytes)", o->via.ext.size);
        goto cleanup;
    }
    if (o->via.ext.size > 1 && o->via.ext.type == S_EXT_REFINED) {
        size_t off = 0;
        if (msgpack_unpack_next(&up, o->via.ext.ptr, o->via.ext.size, &off) != MSGPACK_UNPACK_SUCCESS ||
            off != o->via.ext.size || up.data.type != MSGPACK_OBJECT_MAP) {
            s_err(d, "invalid unknown value refinement");
            goto cleanup;
        }
        for (uint32_t i = 0; i < up.data.via.map.size; i++) {
            const msgpack_object_kv *kv = &up.data.via.map.ptr[i];
            if (kv->key.type == MSGPACK_OBJECT_POSITIVE_INTEGER && kv->key.via.u64 == 1) {
                if (kv->val.type != MSGPACK_OBJECT_BOOLEAN) {
                    s_err(d, "invalid nullness refinement");
                    goto cleanup;
                }
                not_null = !kv->val.via.boolean;
            }
        }
    }
    *out = gc_value_new_unknown(t);
    if (!*out)
        goto cleanup;
    (*out)->refined_not_null = not_null && t->kind != GC_TYPE_DYNAMIC;
    result = 0;
cleanup:
    msgpack_unpacked_destroy(&up);
    return result;
}

static int s_dec_number(struct s_dec *d, const msgpack_object *o, struct gc_value **out)
{
    char buf[32];
    char *text = NULL;
    switch (o->type) {
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
        snprintf(buf, sizeof buf, "%" PRIu64, o->via.u64);
        text = gc_strdup(buf);
        break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
        snprintf(buf, sizeof buf, "%" PRId64, o->via.i64);
        text = gc_strdup(buf);
        break;
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64:
        text = gc_number_from_double(o->via.f64);
        if (!text) {
            s_err(d, "a number is required, got NaN");
            return -1;
        }
        break;
    case MSGPACK_OBJECT_STR:
        text = gc_number_canonical(o->via.str.ptr, o->via.str.size);
        if (!text) {
            s_err(d, "a number is required, got a string that is not a decimal number");
            return -1;
        }
        break;
    default:
        s_err(d, "a number is required");
        return -1;
    }
    *out = gc_value_new_number_owned(text);
    return *out ? 0 : -1;
}

static int s_dec_list(struct s_dec *d, const msgpack_object *o, const struct gc_type *t, struct gc_value **out)
{
    int result = -1;
    struct gc_value *c = NULL;
    if (o->type != MSGPACK_OBJECT_ARRAY) {
        s_err(d, "a %s is required", s_kind_name(t));
        goto cleanup;
    }
    if (t->kind == GC_TYPE_TUPLE && o->via.array.size != t->n_attrs) {
        s_err(d, "a tuple of %zu elements is required (%" PRIu32 " given)", t->n_attrs, o->via.array.size);
        goto cleanup;
    }
    c = gc_value_new_collection(t);
    if (!c)
        goto cleanup;
    for (uint32_t i = 0; i < o->via.array.size; i++) {
        struct gc_value *item = NULL;
        const struct gc_type *et = t->kind == GC_TYPE_TUPLE ? t->attrs[i].type : t->elem;
        if (gc_path_push_index(&d->path, i) != 0)
            goto cleanup;
        int rc = s_dec_value(d, &o->via.array.ptr[i], et, &item);
        gc_path_pop(&d->path);
        if (rc != 0 || gc_value_append(c, item) != 0)
            goto cleanup;
    }
    *out = c;
    c = NULL;
    result = 0;
cleanup:
    gc_value_free(c);
    return result;
}

static char *s_key(struct s_dec *d, const msgpack_object *k)
{
    if (k->type != MSGPACK_OBJECT_STR) {
        s_err(d, "map keys and attribute names must be strings");
        return NULL;
    }
    /* msgpack-c gives an empty string a NULL pointer, which memchr must not get (found by tests/fuzz) */
    if (k->via.str.size && memchr(k->via.str.ptr, '\0', k->via.str.size)) {
        s_err(d, "map keys and attribute names must not contain NUL characters");
        return NULL;
    }
    return gc_span_dup(gc_span_from(k->via.str.ptr, k->via.str.size));
}

static int s_dec_map(struct s_dec *d, const msgpack_object *o, const struct gc_type *t, struct gc_value **out)
{
    int result = -1;
    struct gc_value *m = NULL;
    char *key = NULL;
    if (o->type != MSGPACK_OBJECT_MAP) {
        s_err(d, "a map is required");
        goto cleanup;
    }
    m = gc_value_new_collection(t);
    if (!m)
        goto cleanup;
    for (uint32_t i = 0; i < o->via.map.size; i++) {
        struct gc_value *item = NULL;
        key = s_key(d, &o->via.map.ptr[i].key);
        if (!key || gc_path_push_key(&d->path, key) != 0)
            goto cleanup;
        int rc = s_dec_value(d, &o->via.map.ptr[i].val, t->elem, &item);
        gc_path_pop(&d->path);
        if (rc != 0 || gc_value_map_put(m, key, item) != 0)
            goto cleanup;
        free(key);
        key = NULL;
    }
    *out = m;
    m = NULL;
    result = 0;
cleanup:
    free(key);
    gc_value_free(m);
    return result;
}

static int s_dec_object(struct s_dec *d, const msgpack_object *o, const struct gc_type *t, struct gc_value **out)
{
    int result = -1;
    struct gc_value *obj = NULL;
    char *key = NULL;
    bool *seen = NULL;
    if (o->type != MSGPACK_OBJECT_MAP) {
        s_err(d, "an object is required");
        goto cleanup;
    }
    obj = gc_value_new_object(t);
    seen = calloc(t->n_attrs ? t->n_attrs : 1, sizeof(bool));
    if (!obj || !seen)
        goto cleanup;
    for (uint32_t i = 0; i < o->via.map.size; i++) {
        struct gc_value *item = NULL;
        key = s_key(d, &o->via.map.ptr[i].key);
        if (!key)
            goto cleanup;
        long at = gc_type_object_index(t, key);
        if (at < 0) {
            s_err(d, "unsupported attribute \"%s\"", key);
            goto cleanup;
        }
        if (seen[at]) {
            s_err(d, "duplicate attribute \"%s\"", key);
            goto cleanup;
        }
        seen[at] = true;
        if (gc_path_push_attr(&d->path, key) != 0)
            goto cleanup;
        int rc = s_dec_value(d, &o->via.map.ptr[i].val, t->attrs[at].type, &item);
        gc_path_pop(&d->path);
        if (rc != 0)
            goto cleanup;
        gc_value_free(obj->u.map.vals[at]);
        obj->u.map.vals[at] = item;
        free(key);
        key = NULL;
    }
    if (o->via.map.size != t->n_attrs) {
        const char *missing = "";
        for (size_t i = 0; i < t->n_attrs; i++) {
            if (!seen[i]) {
                missing = t->attrs[i].name;
                break;
            }
        }
        s_err(d, "an object with %zu attributes is required (%" PRIu32 " given); missing \"%s\"", t->n_attrs,
              o->via.map.size, missing);
        goto cleanup;
    }
    *out = obj;
    obj = NULL;
    result = 0;
cleanup:
    free(seen);
    free(key);
    gc_value_free(obj);
    return result;
}

static int s_dec_dynamic(struct s_dec *d, const msgpack_object *o, struct gc_value **out)
{
    int result = -1;
    struct gc_type *ty = NULL;
    struct gc_value *inner = NULL;
    struct gc_diags tdiags;
    gc_diags_init(&tdiags);
    if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size != 2) {
        s_err(d, "a dynamic value must be a 2-element array [type, value]");
        goto cleanup;
    }
    const msgpack_object *tj = &o->via.array.ptr[0];
    struct gc_span span;
    if (tj->type == MSGPACK_OBJECT_BIN)
        span = gc_span_from(tj->via.bin.ptr, tj->via.bin.size);
    else if (tj->type == MSGPACK_OBJECT_STR)
        span = gc_span_from(tj->via.str.ptr, tj->via.str.size);
    else {
        s_err(d, "the type of a dynamic value must be JSON in a bin");
        goto cleanup;
    }
    if (gc_type_from_json(span, &ty, &tdiags) != 0) {
        s_err(d, "invalid type of a dynamic value: %s",
              tdiags.n && tdiags.items[0].detail ? tdiags.items[0].detail : "unparsable");
        goto cleanup;
    }
    if (s_dec_value(d, &o->via.array.ptr[1], ty, &inner) != 0)
        goto cleanup;
    *out = gc_value_new_dynamic_decoded(inner, ty);
    inner = NULL;
    ty = NULL;
    result = *out ? 0 : -1;
cleanup:
    gc_value_free(inner);
    gc_type_free(ty);
    gc_diags_clean_up(&tdiags);
    return result;
}

static int s_dec_value(struct s_dec *d, const msgpack_object *o, const struct gc_type *t, struct gc_value **out)
{
    *out = NULL;
    if (o->type == MSGPACK_OBJECT_NIL) {
        *out = gc_value_new_null(t);
        return *out ? 0 : -1;
    }
    if (o->type == MSGPACK_OBJECT_EXT)
        return s_dec_unknown(d, o, t, out);
    switch (t->kind) {
    case GC_TYPE_STRING:
        if (o->type != MSGPACK_OBJECT_STR && o->type != MSGPACK_OBJECT_BIN) {
            s_err(d, "a string is required");
            return -1;
        }
        *out = gc_value_new_string_len(o->via.str.ptr, o->via.str.size);
        return *out ? 0 : -1;
    case GC_TYPE_NUMBER:
        return s_dec_number(d, o, out);
    case GC_TYPE_BOOL:
        if (o->type != MSGPACK_OBJECT_BOOLEAN) {
            s_err(d, "a bool is required");
            return -1;
        }
        *out = gc_value_new_bool(o->via.boolean);
        return *out ? 0 : -1;
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        return s_dec_list(d, o, t, out);
    case GC_TYPE_MAP:
        return s_dec_map(d, o, t, out);
    case GC_TYPE_OBJECT:
        return s_dec_object(d, o, t, out);
    case GC_TYPE_DYNAMIC:
        return s_dec_dynamic(d, o, out);
    }
    s_err(d, "unsupported type");
    return -1;
}

int gc_msgpack_decode(const struct gc_type *type, struct gc_span data, struct gc_value **out, struct gc_diags *diags)
{
    int result = -1;
    msgpack_unpacked up;
    struct s_dec d = {{0}, diags};
    size_t off = 0;
    msgpack_unpacked_init(&up);
    *out = NULL;
    if (!type)
        goto cleanup;
    if (data.len == 0) {
        *out = gc_value_new_null(type);
        result = *out ? 0 : -1;
        goto cleanup;
    }
    if (s_prescan(data.ptr, data.len) != 0) {
        s_err(&d, "malformed msgpack: a container claims more elements than there are bytes");
        goto cleanup;
    }
    switch (msgpack_unpack_next(&up, (const char *)data.ptr, data.len, &off)) {
    case MSGPACK_UNPACK_SUCCESS:
        break;
    case MSGPACK_UNPACK_CONTINUE:
        s_err(&d, "truncated msgpack data");
        goto cleanup;
    case MSGPACK_UNPACK_NOMEM_ERROR:
        s_err(&d, "value nested too deeply");
        goto cleanup;
    default:
        s_err(&d, "malformed msgpack data");
        goto cleanup;
    }
    if (off != data.len) {
        s_err(&d, "%zu unexpected bytes after the value", data.len - off);
        goto cleanup;
    }
    if (s_dec_value(&d, &up.data, type, out) != 0) {
        if (!gc_diags_has_error(diags))
            s_err(&d, "out of memory decoding the value");
        goto cleanup;
    }
    result = 0;
cleanup:
    msgpack_unpacked_destroy(&up);
    gc_path_clean_up(&d.path);
    return result;
}

/* ---- encode ---- */

static int s_write(void *data, const char *buf, size_t len)
{
    return gc_buf_append(data, buf, len);
}

static int s_enc(msgpack_packer *pk, const struct gc_value *v, const struct gc_type *slot, int depth);

static int s_enc_number(msgpack_packer *pk, const char *num)
{
    int64_t i;
    double f;
    if (!num)
        return -1;
    if (gc_number_to_int64(num, &i) == 0)
        return msgpack_pack_int64(pk, i);
    if (gc_number_to_double_exact(num, &f) == 0)
        return msgpack_pack_double(pk, f);
    size_t n = strlen(num);
    return msgpack_pack_str_with_body(pk, num, n);
}

static int s_enc_dynamic(msgpack_packer *pk, const struct gc_value *inner, const struct gc_type *concrete, int depth)
{
    int result = -1;
    struct gc_buf tj;
    gc_buf_init(&tj, 1 << 20);
    if (gc_type_to_json(concrete, &tj) != 0)
        goto cleanup;
    if (msgpack_pack_array(pk, 2) != 0 || msgpack_pack_bin_with_body(pk, tj.ptr, tj.len) != 0)
        goto cleanup;
    if (s_enc(pk, inner, concrete, depth + 1) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_buf_clean_up(&tj);
    return result;
}

static int s_enc(msgpack_packer *pk, const struct gc_value *v, const struct gc_type *slot, int depth)
{
    static const char refined_not_null[] = {(char)0x81, 0x01, (char)0xc2};
    if (depth > 256)
        return -1;
    if (v && v->state == GC_VALUE_KNOWN && v->type->kind == GC_TYPE_DYNAMIC) {
        slot = &gc_type_dynamic;
        if (!v->u.dyn.inner)
            return msgpack_pack_nil(pk);
        const struct gc_type *concrete = v->owned_type ? v->owned_type : v->u.dyn.inner->type;
        v = v->u.dyn.inner;
        if (v->state != GC_VALUE_KNOWN || v->type->kind == GC_TYPE_DYNAMIC)
            return s_enc(pk, v, slot, depth + 1);
        return s_enc_dynamic(pk, v, concrete, depth);
    }
    if (!v || v->state == GC_VALUE_NULL)
        return msgpack_pack_nil(pk);
    if (v->state == GC_VALUE_UNKNOWN) {
        bool refined =
            v->refined_not_null && v->type->kind != GC_TYPE_DYNAMIC && (!slot || slot->kind != GC_TYPE_DYNAMIC);
        if (refined)
            return msgpack_pack_ext_with_body(pk, refined_not_null, sizeof refined_not_null, S_EXT_REFINED);
        return msgpack_pack_ext_with_body(pk, "", 1, 0);
    }
    if (slot && slot->kind == GC_TYPE_DYNAMIC)
        return s_enc_dynamic(pk, v, v->type, depth); /* a concrete value stored in a dynamic slot */
    const struct gc_type *t = v->type;
    switch (t->kind) {
    case GC_TYPE_STRING:
        return msgpack_pack_str_with_body(pk, v->u.str.ptr, v->u.str.len);
    case GC_TYPE_NUMBER:
        return s_enc_number(pk, v->u.num);
    case GC_TYPE_BOOL:
        return v->u.b ? msgpack_pack_true(pk) : msgpack_pack_false(pk);
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        if (v->u.list.n > UINT32_MAX || (t->kind == GC_TYPE_TUPLE && v->u.list.n != t->n_attrs))
            return -1;
        if (msgpack_pack_array(pk, v->u.list.n) != 0)
            return -1;
        for (size_t i = 0; i < v->u.list.n; i++) {
            const struct gc_type *et = t->kind == GC_TYPE_TUPLE ? t->attrs[i].type : t->elem;
            if (s_enc(pk, v->u.list.items[i], et, depth + 1) != 0)
                return -1;
        }
        return 0;
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        if (v->u.map.n > UINT32_MAX || (t->kind == GC_TYPE_OBJECT && v->u.map.n != t->n_attrs))
            return -1;
        if (msgpack_pack_map(pk, v->u.map.n) != 0)
            return -1;
        for (size_t i = 0; i < v->u.map.n; i++) {
            const char *k = t->kind == GC_TYPE_OBJECT ? t->attrs[i].name : v->u.map.keys[i];
            const struct gc_type *et = t->kind == GC_TYPE_OBJECT ? t->attrs[i].type : t->elem;
            if (msgpack_pack_str_with_body(pk, k, strlen(k)) != 0 || s_enc(pk, v->u.map.vals[i], et, depth + 1) != 0)
                return -1;
        }
        return 0;
    case GC_TYPE_DYNAMIC:
        return -1;
    }
    return -1;
}

int gc_msgpack_encode(const struct gc_value *value, struct gc_buf *out)
{
    msgpack_packer pk;
    size_t mark = out->len;
    msgpack_packer_init(&pk, out, s_write);
    if (s_enc(&pk, value, value ? value->type : NULL, 0) != 0) {
        out->len = mark;
        return -1;
    }
    return 0;
}
