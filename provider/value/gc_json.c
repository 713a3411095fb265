/* JSON codec for cty values.
 *
 * Decoding uses a small hand-written parser rather than jansson: jansson turns every number into an int64 or a
 * double, which loses big integers (99999999999999999999) and decimals (0.1), while cty numbers are exact.
 * The parser builds a tree in a per-call arena, keeping each number's source text, then the tree is converted
 * against the expected type. Type JSON (inside dynamic values) is handed to gc_type_from_json as its source
 * span. */
#include "value/gc_codec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_arena.h"
#include "value/gc_value_priv.h"

#define S_JSON_MAX_DEPTH 200

enum s_jkind { S_J_NULL, S_J_FALSE, S_J_TRUE, S_J_NUM, S_J_STR, S_J_ARR, S_J_OBJ };

struct s_jnode {
    enum s_jkind kind;
    const char *str; /* NUM: source text; STR: unescaped, NUL-terminated */
    size_t len;
    struct s_jnode **items; /* ARR elements, OBJ values */
    struct s_jnode **keys;  /* OBJ keys (STR nodes) */
    size_t n;
    size_t start, end; /* source span */
};

struct s_jparser {
    const uint8_t *p;
    size_t len;
    size_t i;
    struct gc_arena *arena;
    const char *err;
};

static void s_ws(struct s_jparser *jp)
{
    while (jp->i < jp->len &&
           (jp->p[jp->i] == ' ' || jp->p[jp->i] == '\t' || jp->p[jp->i] == '\n' || jp->p[jp->i] == '\r'))
        jp->i++;
}

static bool s_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t extra;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            extra = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            extra = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i <= extra)
            return false;
        for (size_t k = 1; k <= extra; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += extra + 1;
    }
    return true;
}

static int s_hex4(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        uint8_t c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t s_put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* jp->i is on the opening quote. */
static int s_jstring(struct s_jparser *jp, struct s_jnode *node)
{
    size_t start = ++jp->i;
    size_t end = start;
    while (end < jp->len && jp->p[end] != '"') {
        if (jp->p[end] == '\\')
            end++;
        end++;
    }
    if (end >= jp->len) {
        jp->err = "unterminated string";
        return -1;
    }
    /* Unescaped text is never longer than its escaped form. */
    char *o = gc_arena_alloc(jp->arena, end - start + 1);
    if (!o) {
        jp->err = "out of memory";
        return -1;
    }
    size_t n = 0, i = start;
    while (i < end) {
        uint8_t c = jp->p[i];
        if (c < 0x20) {
            jp->err = "control character in string";
            return -1;
        }
        if (c != '\\') {
            o[n++] = (char)c;
            i++;
            continue;
        }
        i++;
        c = jp->p[i++];
        switch (c) {
        case '"':
            o[n++] = '"';
            break;
        case '\\':
            o[n++] = '\\';
            break;
        case '/':
            o[n++] = '/';
            break;
        case 'b':
            o[n++] = '\b';
            break;
        case 'f':
            o[n++] = '\f';
            break;
        case 'n':
            o[n++] = '\n';
            break;
        case 'r':
            o[n++] = '\r';
            break;
        case 't':
            o[n++] = '\t';
            break;
        case 'u': {
            uint32_t cp, lo;
            if (end - i < 4 || s_hex4(jp->p + i, &cp) != 0) {
                jp->err = "invalid \\u escape";
                return -1;
            }
            i += 4;
            if (cp >= 0xdc00 && cp <= 0xdfff) {
                jp->err = "lone low surrogate in \\u escape";
                return -1;
            }
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (end - i < 6 || jp->p[i] != '\\' || jp->p[i + 1] != 'u' || s_hex4(jp->p + i + 2, &lo) != 0 ||
                    lo < 0xdc00 || lo > 0xdfff) {
                    jp->err = "unpaired surrogate in \\u escape";
                    return -1;
                }
                i += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            n += s_put_utf8(o + n, cp);
            break;
        }
        default:
            jp->err = "invalid escape in string";
            return -1;
        }
    }
    o[n] = '\0';
    if (!s_utf8_valid((const uint8_t *)o, n)) {
        jp->err = "invalid UTF-8 in string";
        return -1;
    }
    node->kind = S_J_STR;
    node->str = o;
    node->len = n;
    jp->i = end + 1;
    return 0;
}

static int s_jnumber(struct s_jparser *jp, struct s_jnode *node)
{
    size_t s = jp->i, i = jp->i;
    const uint8_t *p = jp->p;
#define S_DIGIT(k) ((k) < jp->len && p[k] >= '0' && p[k] <= '9')
    if (i < jp->len && p[i] == '-')
        i++;
    if (!S_DIGIT(i))
        goto bad;
    if (p[i] == '0')
        i++;
    else
        while (S_DIGIT(i))
            i++;
    if (i < jp->len && p[i] == '.') {
        i++;
        if (!S_DIGIT(i))
            goto bad;
        while (S_DIGIT(i))
            i++;
    }
    if (i < jp->len && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < jp->len && (p[i] == '+' || p[i] == '-'))
            i++;
        if (!S_DIGIT(i))
            goto bad;
        while (S_DIGIT(i))
            i++;
    }
#undef S_DIGIT
    node->kind = S_J_NUM;
    node->str = (const char *)p + s;
    node->len = i - s;
    jp->i = i;
    return 0;
bad:
    jp->err = "invalid number";
    return -1;
}

static struct s_jnode *s_jvalue(struct s_jparser *jp, int depth);

/* Appends to a node's items (and keys) with doubling arrays in the arena. */
static int s_jpush(struct s_jparser *jp, struct s_jnode *node, size_t *cap, struct s_jnode *key, struct s_jnode *item)
{
    if (node->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        struct s_jnode **items = gc_arena_calloc(jp->arena, nc, sizeof(*items));
        struct s_jnode **keys = key ? gc_arena_calloc(jp->arena, nc, sizeof(*keys)) : NULL;
        if (!items || (key && !keys)) {
            jp->err = "out of memory";
            return -1;
        }
        if (node->n) {
            memcpy(items, node->items, node->n * sizeof(*items));
            if (key)
                memcpy(keys, node->keys, node->n * sizeof(*keys));
        }
        node->items = items;
        node->keys = keys;
        *cap = nc;
    }
    if (key)
        node->keys[node->n] = key;
    node->items[node->n++] = item;
    return 0;
}

static int s_jcontainer(struct s_jparser *jp, struct s_jnode *node, int depth)
{
    bool obj = jp->p[jp->i] == '{';
    char close = obj ? '}' : ']';
    size_t cap = 0;
    node->kind = obj ? S_J_OBJ : S_J_ARR;
    jp->i++;
    s_ws(jp);
    if (jp->i < jp->len && jp->p[jp->i] == close) {
        jp->i++;
        return 0;
    }
    for (;;) {
        struct s_jnode *key = NULL;
        s_ws(jp);
        if (obj) {
            if (jp->i >= jp->len || jp->p[jp->i] != '"') {
                jp->err = "object key expected";
                return -1;
            }
            key = gc_arena_alloc(jp->arena, sizeof(*key));
            if (!key) {
                jp->err = "out of memory";
                return -1;
            }
            key->start = jp->i;
            if (s_jstring(jp, key) != 0)
                return -1;
            s_ws(jp);
            if (jp->i >= jp->len || jp->p[jp->i] != ':') {
                jp->err = "':' expected";
                return -1;
            }
            jp->i++;
        }
        struct s_jnode *item = s_jvalue(jp, depth + 1);
        if (!item || s_jpush(jp, node, &cap, key, item) != 0)
            return -1;
        s_ws(jp);
        if (jp->i < jp->len && jp->p[jp->i] == ',') {
            jp->i++;
            continue;
        }
        if (jp->i < jp->len && jp->p[jp->i] == close) {
            jp->i++;
            return 0;
        }
        jp->err = obj ? "',' or '}' expected" : "',' or ']' expected";
        return -1;
    }
}

static struct s_jnode *s_jvalue(struct s_jparser *jp, int depth)
{
    if (depth > S_JSON_MAX_DEPTH) {
        jp->err = "value nested too deeply";
        return NULL;
    }
    s_ws(jp);
    if (jp->i >= jp->len) {
        jp->err = "unexpected end of input";
        return NULL;
    }
    struct s_jnode *node = gc_arena_alloc(jp->arena, sizeof(*node));
    if (!node) {
        jp->err = "out of memory";
        return NULL;
    }
    node->start = jp->i;
    uint8_t c = jp->p[jp->i];
    int rc = -1;
    size_t rest = jp->len - jp->i;
    if (c == '"') {
        rc = s_jstring(jp, node);
    } else if (c == '{' || c == '[') {
        rc = s_jcontainer(jp, node, depth);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        rc = s_jnumber(jp, node);
    } else if (rest >= 4 && memcmp(jp->p + jp->i, "null", 4) == 0) {
        node->kind = S_J_NULL;
        jp->i += 4;
        rc = 0;
    } else if (rest >= 4 && memcmp(jp->p + jp->i, "true", 4) == 0) {
        node->kind = S_J_TRUE;
        jp->i += 4;
        rc = 0;
    } else if (rest >= 5 && memcmp(jp->p + jp->i, "false", 5) == 0) {
        node->kind = S_J_FALSE;
        jp->i += 5;
        rc = 0;
    } else {
        jp->err = "unexpected character";
    }
    node->end = jp->i;
    return rc == 0 ? node : NULL;
}

/* ---- conversion against the type ---- */

struct s_jdec {
    struct gc_path path;
    struct gc_diags *diags;
    struct gc_span src;
};

static void s_err(struct s_jdec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void s_err(struct s_jdec *d, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    gc_diags_add(d->diags, GC_SEV_ERROR, &d->path, "Invalid JSON value", "%s", detail);
}

static int s_conv(struct s_jdec *d, const struct s_jnode *n, const struct gc_type *t, struct gc_value **out);

static int s_conv_dynamic(struct s_jdec *d, const struct s_jnode *n, struct gc_value **out)
{
    int result = -1;
    struct gc_type *ty = NULL;
    struct gc_value *inner = NULL;
    const struct s_jnode *vn = NULL, *tn = NULL;
    struct gc_diags tdiags;
    gc_diags_init(&tdiags);
    if (n->kind != S_J_OBJ) {
        s_err(d, "a dynamic value must be an object with \"value\" and \"type\"");
        goto cleanup;
    }
    for (size_t i = 0; i < n->n; i++) {
        if (strcmp(n->keys[i]->str, "value") == 0 && n->keys[i]->len == 5) {
            vn = n->items[i];
        } else if (strcmp(n->keys[i]->str, "type") == 0 && n->keys[i]->len == 4) {
            tn = n->items[i];
        } else {
            s_err(d, "invalid attribute \"%s\" in a dynamic value", n->keys[i]->str);
            goto cleanup;
        }
    }
    if (!vn || !tn) {
        s_err(d, "a dynamic value needs both \"value\" and \"type\"");
        goto cleanup;
    }
    if (gc_type_from_json(gc_span_from(d->src.ptr + tn->start, tn->end - tn->start), &ty, &tdiags) != 0) {
        s_err(d, "invalid type of a dynamic value: %s",
              tdiags.n && tdiags.items[0].detail ? tdiags.items[0].detail : "unparsable");
        goto cleanup;
    }
    if (s_conv(d, vn, ty, &inner) != 0)
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

static int s_conv_list(struct s_jdec *d, const struct s_jnode *n, const struct gc_type *t, struct gc_value **out)
{
    int result = -1;
    struct gc_value *c = NULL;
    if (n->kind != S_J_ARR) {
        s_err(d, "an array is required for a %s", t->kind == GC_TYPE_TUPLE ? "tuple" : "list or set");
        goto cleanup;
    }
    if (t->kind == GC_TYPE_TUPLE && n->n != t->n_attrs) {
        s_err(d, "a tuple of %zu elements is required (%zu given)", t->n_attrs, n->n);
        goto cleanup;
    }
    c = gc_value_new_collection(t);
    if (!c)
        goto cleanup;
    for (size_t i = 0; i < n->n; i++) {
        struct gc_value *item = NULL;
        if (gc_path_push_index(&d->path, (int64_t)i) != 0)
            goto cleanup;
        int rc = s_conv(d, n->items[i], t->kind == GC_TYPE_TUPLE ? t->attrs[i].type : t->elem, &item);
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

static int s_conv_map(struct s_jdec *d, const struct s_jnode *n, const struct gc_type *t, struct gc_value **out)
{
    int result = -1;
    struct gc_value *m = NULL;
    bool obj = t->kind == GC_TYPE_OBJECT;
    if (n->kind != S_J_OBJ) {
        s_err(d, "a JSON object is required for a%s", obj ? "n object" : " map");
        goto cleanup;
    }
    m = obj ? gc_value_new_object(t) : gc_value_new_collection(t);
    if (!m)
        goto cleanup;
    for (size_t i = 0; i < n->n; i++) {
        struct gc_value *item = NULL;
        const char *key = n->keys[i]->str;
        if (strlen(key) != n->keys[i]->len) {
            s_err(d, "keys must not contain NUL characters");
            goto cleanup;
        }
        long at = obj ? gc_type_object_index(t, key) : 0;
        if (at < 0) {
            s_err(d, "unsupported attribute \"%s\"", key);
            goto cleanup;
        }
        int rc = obj ? gc_path_push_attr(&d->path, key) : gc_path_push_key(&d->path, key);
        if (rc != 0)
            goto cleanup;
        rc = s_conv(d, n->items[i], obj ? t->attrs[at].type : t->elem, &item);
        gc_path_pop(&d->path);
        if (rc != 0)
            goto cleanup;
        if (obj) {
            gc_value_free(m->u.map.vals[at]); /* a repeated key: the last one wins, as in go-cty */
            m->u.map.vals[at] = item;
        } else if (gc_value_map_put(m, key, item) != 0) {
            goto cleanup;
        }
    }
    *out = m;
    m = NULL;
    result = 0;
cleanup:
    gc_value_free(m);
    return result;
}

static int s_conv(struct s_jdec *d, const struct s_jnode *n, const struct gc_type *t, struct gc_value **out)
{
    *out = NULL;
    if (n->kind == S_J_NULL) {
        *out = gc_value_new_null(t);
        return *out ? 0 : -1;
    }
    switch (t->kind) {
    case GC_TYPE_STRING:
        if (n->kind == S_J_STR || n->kind == S_J_NUM)
            *out = gc_value_new_string_len(n->str, n->len);
        else if (n->kind == S_J_TRUE || n->kind == S_J_FALSE)
            *out = gc_value_new_string(n->kind == S_J_TRUE ? "true" : "false");
        else {
            s_err(d, "a string is required");
            return -1;
        }
        return *out ? 0 : -1;
    case GC_TYPE_NUMBER: {
        if (n->kind != S_J_NUM && n->kind != S_J_STR) {
            s_err(d, "a number is required");
            return -1;
        }
        char *canon = gc_number_canonical(n->str, n->len);
        if (!canon) {
            /* a number token points into the source, unterminated: print by its length (found by tests/fuzz) */
            s_err(d, "a number is required (\"%.*s\" is not one, or is too long)", (int)(n->len < 64 ? n->len : 64),
                  n->str);
            return -1;
        }
        *out = gc_value_new_number_owned(canon);
        return *out ? 0 : -1;
    }
    case GC_TYPE_BOOL:
        if (n->kind == S_J_TRUE || n->kind == S_J_FALSE)
            *out = gc_value_new_bool(n->kind == S_J_TRUE);
        else if (n->kind == S_J_STR &&
                 ((n->len == 4 && memcmp(n->str, "true", 4) == 0) || (n->len == 5 && memcmp(n->str, "false", 5) == 0)))
            *out = gc_value_new_bool(n->str[0] == 't');
        else {
            s_err(d, "a bool is required");
            return -1;
        }
        return *out ? 0 : -1;
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        return s_conv_list(d, n, t, out);
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        return s_conv_map(d, n, t, out);
    case GC_TYPE_DYNAMIC:
        return s_conv_dynamic(d, n, out);
    }
    s_err(d, "unsupported type");
    return -1;
}

int gc_json_decode(const struct gc_type *type, struct gc_span json, struct gc_value **out, struct gc_diags *diags)
{
    int result = -1;
    struct gc_arena arena;
    struct s_jparser jp = {json.ptr, json.len, 0, &arena, NULL};
    struct s_jdec d = {{0}, diags, json};
    gc_arena_init(&arena);
    *out = NULL;
    if (!type)
        goto cleanup;
    struct s_jnode *root = s_jvalue(&jp, 0);
    if (root) {
        s_ws(&jp);
        if (jp.i != jp.len) {
            jp.err = "trailing data after the value";
            root = NULL;
        }
    }
    if (!root) {
        gc_diags_add(diags, GC_SEV_ERROR, NULL, "Invalid JSON", "%s at byte %zu", jp.err ? jp.err : "error", jp.i);
        goto cleanup;
    }
    if (s_conv(&d, root, type, out) != 0) {
        if (!gc_diags_has_error(diags))
            s_err(&d, "out of memory decoding the value");
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_arena_clean_up(&arena);
    gc_path_clean_up(&d.path);
    return result;
}

/* ---- encode ---- */

static int s_jenc(struct gc_buf *b, const struct gc_value *v, const struct gc_type *slot, int depth);

static int s_jenc_dynamic(struct gc_buf *b, const struct gc_value *v, const struct gc_type *concrete, int depth)
{
    if (gc_buf_append_str(b, "{\"value\":") != 0 || s_jenc(b, v, concrete, depth + 1) != 0 ||
        gc_buf_append_str(b, ",\"type\":") != 0 || gc_type_to_json(concrete, b) != 0)
        return -1;
    return gc_buf_append_byte(b, '}');
}

static int s_jenc(struct gc_buf *b, const struct gc_value *v, const struct gc_type *slot, int depth)
{
    if (depth > 256)
        return -1;
    if (v && v->state == GC_VALUE_KNOWN && v->type->kind == GC_TYPE_DYNAMIC) {
        if (!v->u.dyn.inner)
            return gc_buf_append_str(b, "null");
        const struct gc_type *concrete = v->owned_type ? v->owned_type : v->u.dyn.inner->type;
        v = v->u.dyn.inner;
        if (v->state != GC_VALUE_KNOWN || v->type->kind == GC_TYPE_DYNAMIC)
            return s_jenc(b, v, &gc_type_dynamic, depth + 1);
        return s_jenc_dynamic(b, v, concrete, depth);
    }
    if (!v || v->state == GC_VALUE_NULL)
        return gc_buf_append_str(b, "null");
    if (v->state == GC_VALUE_UNKNOWN)
        return -1; /* JSON cannot carry unknown values */
    if (slot && slot->kind == GC_TYPE_DYNAMIC)
        return s_jenc_dynamic(b, v, v->type, depth);
    const struct gc_type *t = v->type;
    switch (t->kind) {
    case GC_TYPE_STRING:
        return gc_json_append_string(b, v->u.str.ptr, v->u.str.len);
    case GC_TYPE_NUMBER:
        if (!v->u.num || strchr(v->u.num, 'I'))
            return -1; /* infinities have no JSON form */
        return gc_buf_append_str(b, v->u.num);
    case GC_TYPE_BOOL:
        return gc_buf_append_str(b, v->u.b ? "true" : "false");
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        if (t->kind == GC_TYPE_TUPLE && v->u.list.n != t->n_attrs)
            return -1;
        if (gc_buf_append_byte(b, '[') != 0)
            return -1;
        for (size_t i = 0; i < v->u.list.n; i++) {
            const struct gc_type *et = t->kind == GC_TYPE_TUPLE ? t->attrs[i].type : t->elem;
            if ((i && gc_buf_append_byte(b, ',') != 0) || s_jenc(b, v->u.list.items[i], et, depth + 1) != 0)
                return -1;
        }
        return gc_buf_append_byte(b, ']');
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        if (t->kind == GC_TYPE_OBJECT && v->u.map.n != t->n_attrs)
            return -1;
        if (gc_buf_append_byte(b, '{') != 0)
            return -1;
        for (size_t i = 0; i < v->u.map.n; i++) {
            const char *k = t->kind == GC_TYPE_OBJECT ? t->attrs[i].name : v->u.map.keys[i];
            const struct gc_type *et = t->kind == GC_TYPE_OBJECT ? t->attrs[i].type : t->elem;
            if ((i && gc_buf_append_byte(b, ',') != 0) || gc_json_append_string(b, k, strlen(k)) != 0 ||
                gc_buf_append_byte(b, ':') != 0 || s_jenc(b, v->u.map.vals[i], et, depth + 1) != 0)
                return -1;
        }
        return gc_buf_append_byte(b, '}');
    case GC_TYPE_DYNAMIC:
        return -1;
    }
    return -1;
}

int gc_json_encode(const struct gc_value *value, struct gc_buf *out)
{
    size_t mark = out->len;
    if (s_jenc(out, value, value ? value->type : NULL, 0) != 0) {
        out->len = mark;
        return -1;
    }
    return 0;
}
