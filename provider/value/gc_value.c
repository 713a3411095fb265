#include "value/gc_value.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <string.h>
#include <strings.h>

#include "base/gc_secret.h"
#include "value/gc_value_priv.h"

/* ---- numbers ---- */

static bool s_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

char *gc_number_canonical(const char *text, size_t len)
{
    char *out = NULL;
    size_t i = 0;
    bool neg = false;
    if (!text)
        return NULL;
    if (i < len && (text[i] == '-' || text[i] == '+')) {
        neg = text[i] == '-';
        i++;
    }
    if ((len - i == 3 && strncasecmp(text + i, "inf", 3) == 0) ||
        (len - i == 8 && strncasecmp(text + i, "infinity", 8) == 0))
        return gc_strdup(neg ? "-Inf" : "Inf");
    size_t int_start = i;
    while (i < len && s_is_digit(text[i]))
        i++;
    size_t int_len = i - int_start;
    size_t frac_start = i, frac_len = 0;
    if (i < len && text[i] == '.') {
        i++;
        frac_start = i;
        while (i < len && s_is_digit(text[i]))
            i++;
        frac_len = i - frac_start;
    }
    if (int_len + frac_len == 0 || int_len + frac_len > GC_NUMBER_MAX_TEXT * 4)
        return NULL;
    long exp = 0;
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        bool eneg = false;
        i++;
        if (i < len && (text[i] == '-' || text[i] == '+')) {
            eneg = text[i] == '-';
            i++;
        }
        size_t ds = i;
        while (i < len && s_is_digit(text[i])) {
            if (exp < 1000000)
                exp = exp * 10 + (text[i] - '0');
            i++;
        }
        if (i == ds)
            return NULL;
        if (eneg)
            exp = -exp;
    }
    if (i != len)
        return NULL;

    /* The significant digits, then the position of the decimal point relative to their start. */
    size_t nd = int_len + frac_len;
    char *d = malloc(nd);
    if (!d)
        return NULL;
    memcpy(d, text + int_start, int_len);
    memcpy(d + int_len, text + frac_start, frac_len);
    long point = (long)int_len + exp;
    size_t lead = 0;
    while (lead < nd && d[lead] == '0')
        lead++;
    const char *sig = d + lead;
    nd -= lead;
    point -= (long)lead;
    while (nd > 0 && sig[nd - 1] == '0')
        nd--;
    if (nd == 0) {
        free(d);
        return gc_strdup("0");
    }
    long total = neg ? 1 : 0;
    if (point <= 0)
        total += 2 + (-point) + (long)nd;
    else if (point >= (long)nd)
        total += point;
    else
        total += (long)nd + 1;
    if (total > GC_NUMBER_MAX_TEXT)
        goto cleanup;
    out = malloc((size_t)total + 1);
    if (!out)
        goto cleanup;
    char *p = out;
    if (neg)
        *p++ = '-';
    if (point <= 0) {
        *p++ = '0';
        *p++ = '.';
        memset(p, '0', (size_t)(-point));
        p += -point;
        memcpy(p, sig, nd);
        p += nd;
    } else if (point >= (long)nd) {
        memcpy(p, sig, nd);
        p += nd;
        memset(p, '0', (size_t)point - nd);
        p += (size_t)point - nd;
    } else {
        memcpy(p, sig, (size_t)point);
        p += point;
        *p++ = '.';
        memcpy(p, sig + point, nd - (size_t)point);
        p += nd - (size_t)point;
    }
    *p = '\0';
cleanup:
    free(d);
    return out;
}

char *gc_number_from_double(double v)
{
    char buf[1500];
    if (isnan(v))
        return NULL;
    if (isinf(v))
        return gc_strdup(v < 0 ? "-Inf" : "Inf");
    int n = snprintf(buf, sizeof buf, "%.1100f", v);
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return gc_number_canonical(buf, (size_t)n);
}

int gc_number_to_int64(const char *canon, int64_t *out)
{
    if (!canon || strchr(canon, '.') || strchr(canon, 'I'))
        return -1;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(canon, &end, 10);
    if (errno != 0 || end == canon || *end != '\0')
        return -1;
    *out = (int64_t)v;
    return 0;
}

int gc_number_to_double_exact(const char *canon, double *out)
{
    if (!canon)
        return -1;
    if (strcmp(canon, "Inf") == 0 || strcmp(canon, "-Inf") == 0) {
        *out = canon[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        return 0;
    }
    double d = strtod(canon, NULL);
    if (!isfinite(d))
        return -1;
    char *back = gc_number_from_double(d);
    int rc = back && strcmp(back, canon) == 0 ? 0 : -1;
    free(back);
    if (rc == 0)
        *out = d;
    return rc;
}

/* ---- construction ---- */

/* Capacity rule shared by every growing array: 0 or the next power of two >= n. */
static size_t s_cap(size_t n)
{
    size_t c = 1;
    if (n == 0)
        return 0;
    while (c < n)
        c *= 2;
    return c;
}

static bool s_needs_grow(size_t n)
{
    return n == 0 || (n & (n - 1)) == 0;
}

static struct gc_value *s_alloc(const struct gc_type *type, enum gc_value_state state)
{
    if (!type)
        return NULL;
    struct gc_value *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->type = type;
    v->state = state;
    return v;
}

struct gc_value *gc_value_new_null(const struct gc_type *type)
{
    return s_alloc(type, GC_VALUE_NULL);
}

struct gc_value *gc_value_new_unknown(const struct gc_type *type)
{
    return s_alloc(type, GC_VALUE_UNKNOWN);
}

struct gc_value *gc_value_new_string_len(const char *s, size_t len)
{
    if (!s && len)
        return NULL;
    struct gc_value *v = s_alloc(&gc_type_string, GC_VALUE_KNOWN);
    if (!v)
        return NULL;
    v->u.str.ptr = malloc(len + 1);
    if (!v->u.str.ptr) {
        free(v);
        return NULL;
    }
    if (len)
        memcpy(v->u.str.ptr, s, len);
    v->u.str.ptr[len] = '\0';
    v->u.str.len = len;
    return v;
}

struct gc_value *gc_value_new_string(const char *s)
{
    return s ? gc_value_new_string_len(s, strlen(s)) : NULL;
}

struct gc_value *gc_value_new_bool(bool b)
{
    struct gc_value *v = s_alloc(&gc_type_bool, GC_VALUE_KNOWN);
    if (v)
        v->u.b = b;
    return v;
}

struct gc_value *gc_value_new_number_owned(char *canon)
{
    if (!canon)
        return NULL;
    struct gc_value *v = s_alloc(&gc_type_number, GC_VALUE_KNOWN);
    if (!v) {
        free(canon);
        return NULL;
    }
    v->u.num = canon;
    return v;
}

struct gc_value *gc_value_new_int(int64_t n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, n);
    return gc_value_new_number_owned(gc_strdup(buf));
}

struct gc_value *gc_value_new_number_text(const char *text)
{
    return text ? gc_value_new_number_owned(gc_number_canonical(text, strlen(text))) : NULL;
}

struct gc_value *gc_value_new_collection(const struct gc_type *type)
{
    if (!type || (type->kind != GC_TYPE_LIST && type->kind != GC_TYPE_SET && type->kind != GC_TYPE_TUPLE &&
                  type->kind != GC_TYPE_MAP))
        return NULL;
    return s_alloc(type, GC_VALUE_KNOWN);
}

struct gc_value *gc_value_new_object(const struct gc_type *object_type)
{
    struct gc_value *v = NULL;
    if (!object_type || object_type->kind != GC_TYPE_OBJECT)
        return NULL;
    v = s_alloc(object_type, GC_VALUE_KNOWN);
    if (!v)
        return NULL;
    size_t n = object_type->n_attrs;
    if (n) {
        v->u.map.keys = calloc(n, sizeof(char *));
        v->u.map.vals = calloc(n, sizeof(struct gc_value *));
        if (!v->u.map.keys || !v->u.map.vals)
            goto fail;
    }
    v->u.map.n = n;
    for (size_t i = 0; i < n; i++) {
        v->u.map.keys[i] = object_type->attrs[i].name; /* borrowed from the type */
        v->u.map.vals[i] = gc_value_new_null(object_type->attrs[i].type);
        if (!v->u.map.vals[i])
            goto fail;
    }
    return v;
fail:
    gc_value_free(v);
    return NULL;
}

struct gc_value *gc_value_new_dynamic(struct gc_value *inner, struct gc_type *concrete)
{
    if (!inner || !concrete) {
        gc_value_free(inner);
        gc_type_free(concrete);
        return NULL;
    }
    struct gc_value *v = s_alloc(&gc_type_dynamic, GC_VALUE_KNOWN);
    if (!v) {
        gc_value_free(inner);
        gc_type_free(concrete);
        return NULL;
    }
    v->u.dyn.inner = inner;
    v->owned_type = concrete;
    return v;
}

struct gc_value *gc_value_new_dynamic_decoded(struct gc_value *inner, struct gc_type *concrete)
{
    struct gc_value *plain = NULL;
    if (!inner || inner->state == GC_VALUE_KNOWN)
        return gc_value_new_dynamic(inner, concrete);
    plain =
        inner->state == GC_VALUE_NULL ? gc_value_new_null(&gc_type_dynamic) : gc_value_new_unknown(&gc_type_dynamic);
    gc_value_free(inner);
    gc_type_free(concrete);
    return plain;
}

void gc_value_wipe(struct gc_value *v)
{
    if (!v || v->state != GC_VALUE_KNOWN || !v->type)
        return;
    switch (v->type->kind) {
    case GC_TYPE_STRING:
        gc_secret_wipe(v->u.str.ptr, v->u.str.len);
        break;
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        for (size_t i = 0; i < v->u.list.n; i++)
            gc_value_wipe(v->u.list.items[i]);
        break;
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        for (size_t i = 0; v->u.map.vals && i < v->u.map.n; i++)
            gc_value_wipe(v->u.map.vals[i]);
        break;
    case GC_TYPE_DYNAMIC:
        gc_value_wipe(v->u.dyn.inner);
        break;
    default:
        break;
    }
}

void gc_value_free_secure(struct gc_value *v)
{
    gc_value_wipe(v);
    gc_value_free(v);
}

void gc_value_free(struct gc_value *v)
{
    if (!v)
        return;
    if (v->state == GC_VALUE_KNOWN && v->type) {
        switch (v->type->kind) {
        case GC_TYPE_STRING:
            free(v->u.str.ptr);
            break;
        case GC_TYPE_NUMBER:
            free(v->u.num);
            break;
        case GC_TYPE_BOOL:
            break;
        case GC_TYPE_LIST:
        case GC_TYPE_SET:
        case GC_TYPE_TUPLE:
            for (size_t i = 0; i < v->u.list.n; i++)
                gc_value_free(v->u.list.items[i]);
            free(v->u.list.items);
            break;
        case GC_TYPE_MAP:
        case GC_TYPE_OBJECT:
            for (size_t i = 0; i < v->u.map.n; i++) {
                if (v->type->kind == GC_TYPE_MAP && v->u.map.keys)
                    free(v->u.map.keys[i]);
                if (v->u.map.vals)
                    gc_value_free(v->u.map.vals[i]);
            }
            free(v->u.map.keys);
            free(v->u.map.vals);
            break;
        case GC_TYPE_DYNAMIC:
            gc_value_free(v->u.dyn.inner); /* before its type */
            break;
        }
    }
    gc_type_free(v->owned_type);
    free(v);
}

/* ---- collections ---- */

static const struct gc_value *s_unwrap(const struct gc_value *v)
{
    while (v && v->state == GC_VALUE_KNOWN && v->type->kind == GC_TYPE_DYNAMIC && v->u.dyn.inner)
        v = v->u.dyn.inner;
    return v;
}

static bool s_equal(const struct gc_value *a, const struct gc_value *b);

int gc_value_append(struct gc_value *c, struct gc_value *item)
{
    int result = -1;
    if (!c || !item || c->state != GC_VALUE_KNOWN)
        goto cleanup;
    enum gc_type_kind k = c->type->kind;
    if (k != GC_TYPE_LIST && k != GC_TYPE_SET && k != GC_TYPE_TUPLE)
        goto cleanup;
    if (k == GC_TYPE_TUPLE && c->u.list.n >= c->type->n_attrs)
        goto cleanup;
    if (k == GC_TYPE_SET && gc_value_is_wholly_known(item)) {
        for (size_t i = 0; i < c->u.list.n; i++) {
            if (s_equal(c->u.list.items[i], item)) {
                result = 0; /* already there: the duplicate is dropped */
                goto cleanup;
            }
        }
    }
    size_t n = c->u.list.n;
    if (s_needs_grow(n)) {
        size_t cap = n ? n * 2 : 1;
        struct gc_value **items = realloc(c->u.list.items, cap * sizeof(*items));
        if (!items)
            goto cleanup;
        c->u.list.items = items;
    }
    c->u.list.items[n] = item;
    c->u.list.n = n + 1;
    item = NULL;
    result = 0;
cleanup:
    gc_value_free(item);
    return result;
}

static bool s_map_find(const struct gc_value *m, const char *key, size_t *at)
{
    size_t lo = 0, hi = m->u.map.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->u.map.keys[mid], key);
        if (c == 0) {
            *at = mid;
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *at = lo;
    return false;
}

int gc_value_map_put(struct gc_value *map, const char *key, struct gc_value *item)
{
    int result = -1;
    char *k = NULL;
    size_t at = 0;
    if (!map || !key || !item || map->state != GC_VALUE_KNOWN || map->type->kind != GC_TYPE_MAP)
        goto cleanup;
    if (s_map_find(map, key, &at)) {
        gc_value_free(map->u.map.vals[at]);
        map->u.map.vals[at] = item;
        item = NULL;
        result = 0;
        goto cleanup;
    }
    k = gc_strdup(key);
    if (!k)
        goto cleanup;
    size_t n = map->u.map.n;
    if (s_needs_grow(n)) {
        size_t cap = n ? n * 2 : 1;
        char **keys = realloc(map->u.map.keys, cap * sizeof(*keys));
        if (!keys)
            goto cleanup;
        map->u.map.keys = keys;
        struct gc_value **vals = realloc(map->u.map.vals, cap * sizeof(*vals));
        if (!vals)
            goto cleanup; /* keys grew, vals did not: both keep n entries, the next put retries */
        map->u.map.vals = vals;
    }
    memmove(&map->u.map.keys[at + 1], &map->u.map.keys[at], (n - at) * sizeof(char *));
    memmove(&map->u.map.vals[at + 1], &map->u.map.vals[at], (n - at) * sizeof(struct gc_value *));
    map->u.map.keys[at] = k;
    map->u.map.vals[at] = item;
    map->u.map.n = n + 1;
    k = NULL;
    item = NULL;
    result = 0;
cleanup:
    free(k);
    gc_value_free(item);
    return result;
}

const struct gc_value *gc_value_map_get(const struct gc_value *map, const char *key)
{
    size_t at = 0;
    map = s_unwrap(map);
    if (!map || !key || map->state != GC_VALUE_KNOWN || map->type->kind != GC_TYPE_MAP)
        return NULL;
    return s_map_find(map, key, &at) ? map->u.map.vals[at] : NULL;
}

static long s_object_index(const struct gc_value *object, const char *name)
{
    if (!object || object->state != GC_VALUE_KNOWN || object->type->kind != GC_TYPE_OBJECT)
        return -1;
    long i = gc_type_object_index(object->type, name);
    return i >= 0 && (size_t)i < object->u.map.n ? i : -1;
}

int gc_value_object_set(struct gc_value *object, const char *name, struct gc_value *item)
{
    long i = s_object_index(object, name);
    if (i < 0 || !item) {
        gc_value_free(item);
        return -1;
    }
    gc_value_free(object->u.map.vals[i]);
    object->u.map.vals[i] = item;
    return 0;
}

const struct gc_value *gc_value_object_get(const struct gc_value *object, const char *name)
{
    long i = s_object_index(s_unwrap(object), name);
    return i < 0 ? NULL : s_unwrap(object)->u.map.vals[i];
}

struct gc_value *gc_value_object_take(struct gc_value *object, const char *name)
{
    long i = s_object_index(object, name);
    if (i < 0)
        return NULL;
    struct gc_value *null = gc_value_new_null(object->type->attrs[i].type);
    if (!null)
        return NULL;
    struct gc_value *out = object->u.map.vals[i];
    object->u.map.vals[i] = null;
    return out;
}

/* ---- copy ---- */

/* Copies `v`. With `remap` set, the copy and its children take their types from `t` (used under a dynamic
 * value, whose concrete type is copied too); otherwise every copy keeps the type pointer of its original. */
static struct gc_value *s_copy(const struct gc_value *v, const struct gc_type *t, bool remap)
{
    struct gc_value *c = NULL;
    if (!v)
        return NULL;
    const struct gc_type *vt = v->type;
    if (!remap || !t || t->kind != vt->kind ||
        ((vt->kind == GC_TYPE_OBJECT || vt->kind == GC_TYPE_TUPLE) && t->n_attrs != vt->n_attrs)) {
        t = vt;
        remap = false;
    }
    c = s_alloc(t, v->state);
    if (!c)
        return NULL;
    c->refined_not_null = v->refined_not_null;
    if (v->state != GC_VALUE_KNOWN)
        return c;
    switch (vt->kind) {
    case GC_TYPE_STRING:
        c->u.str.ptr = malloc(v->u.str.len + 1);
        if (!c->u.str.ptr)
            goto fail;
        memcpy(c->u.str.ptr, v->u.str.ptr, v->u.str.len + 1);
        c->u.str.len = v->u.str.len;
        break;
    case GC_TYPE_NUMBER:
        c->u.num = gc_strdup(v->u.num);
        if (!c->u.num)
            goto fail;
        break;
    case GC_TYPE_BOOL:
        c->u.b = v->u.b;
        break;
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        if (v->u.list.n) {
            c->u.list.items = calloc(s_cap(v->u.list.n), sizeof(struct gc_value *));
            if (!c->u.list.items)
                goto fail;
        }
        for (size_t i = 0; i < v->u.list.n; i++) {
            const struct gc_type *et = !remap ? NULL : vt->kind == GC_TYPE_TUPLE ? t->attrs[i].type : t->elem;
            c->u.list.n = i + 1;
            c->u.list.items[i] = s_copy(v->u.list.items[i], et, remap);
            if (!c->u.list.items[i])
                goto fail;
        }
        break;
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT: {
        bool obj = vt->kind == GC_TYPE_OBJECT;
        size_t n = v->u.map.n;
        if (n) {
            size_t cap = obj ? n : s_cap(n);
            c->u.map.keys = calloc(cap, sizeof(char *));
            c->u.map.vals = calloc(cap, sizeof(struct gc_value *));
            if (!c->u.map.keys || !c->u.map.vals)
                goto fail;
        }
        for (size_t i = 0; i < n; i++) {
            c->u.map.n = i + 1;
            c->u.map.keys[i] = obj ? t->attrs[i].name : gc_strdup(v->u.map.keys[i]);
            c->u.map.vals[i] = s_copy(v->u.map.vals[i], !remap ? NULL : obj ? t->attrs[i].type : t->elem, remap);
            if (!c->u.map.keys[i] || !c->u.map.vals[i])
                goto fail;
        }
        break;
    }
    case GC_TYPE_DYNAMIC:
        if (!v->u.dyn.inner)
            break;
        if (v->owned_type && v->owned_type->heap) {
            c->owned_type = gc_type_copy(v->owned_type);
            if (!c->owned_type)
                goto fail;
            c->u.dyn.inner = s_copy(v->u.dyn.inner, c->owned_type, true);
        } else {
            c->owned_type = v->owned_type;
            c->u.dyn.inner = s_copy(v->u.dyn.inner, NULL, false);
        }
        if (!c->u.dyn.inner)
            goto fail;
        break;
    }
    return c;
fail:
    gc_value_free(c);
    return NULL;
}

struct gc_value *gc_value_copy(const struct gc_value *v)
{
    return s_copy(v, NULL, false);
}

/* ---- queries ---- */

bool gc_value_is_null(const struct gc_value *v)
{
    v = s_unwrap(v);
    return !v || v->state == GC_VALUE_NULL;
}

bool gc_value_is_known(const struct gc_value *v)
{
    v = s_unwrap(v);
    return !v || v->state != GC_VALUE_UNKNOWN;
}

bool gc_value_is_wholly_known(const struct gc_value *v)
{
    v = s_unwrap(v);
    if (!v || v->state == GC_VALUE_NULL)
        return true;
    if (v->state == GC_VALUE_UNKNOWN)
        return false;
    switch (v->type->kind) {
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        for (size_t i = 0; i < v->u.list.n; i++)
            if (!gc_value_is_wholly_known(v->u.list.items[i]))
                return false;
        return true;
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        for (size_t i = 0; i < v->u.map.n; i++)
            if (!gc_value_is_wholly_known(v->u.map.vals[i]))
                return false;
        return true;
    default:
        return true;
    }
}

static bool s_set_equal(const struct gc_value *a, const struct gc_value *b)
{
    size_t n = a->u.list.n;
    bool eq = true;
    if (n != b->u.list.n)
        return false;
    if (n == 0)
        return true;
    bool *used = calloc(n, sizeof(bool));
    if (!used)
        return false;
    for (size_t i = 0; i < n && eq; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++) {
            if (!used[j] && s_equal(a->u.list.items[i], b->u.list.items[j])) {
                used[j] = true;
                found = true;
            }
        }
        eq = found;
    }
    free(used);
    return eq;
}

static bool s_equal(const struct gc_value *a, const struct gc_value *b)
{
    bool wa = a && a->state == GC_VALUE_KNOWN && a->type->kind == GC_TYPE_DYNAMIC;
    bool wb = b && b->state == GC_VALUE_KNOWN && b->type->kind == GC_TYPE_DYNAMIC;
    a = s_unwrap(a);
    b = s_unwrap(b);
    if (!a || !b)
        return a == b;
    if ((wa || wb) && !gc_type_equal(a->type, b->type))
        return false;
    if (a->type->kind != b->type->kind || a->state != b->state)
        return false;
    if (a->state != GC_VALUE_KNOWN)
        return true;
    switch (a->type->kind) {
    case GC_TYPE_STRING:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len) == 0;
    case GC_TYPE_NUMBER:
        return strcmp(a->u.num, b->u.num) == 0;
    case GC_TYPE_BOOL:
        return a->u.b == b->u.b;
    case GC_TYPE_SET:
        return s_set_equal(a, b);
    case GC_TYPE_LIST:
    case GC_TYPE_TUPLE:
        if (a->u.list.n != b->u.list.n)
            return false;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (!s_equal(a->u.list.items[i], b->u.list.items[i]))
                return false;
        return true;
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        if (a->u.map.n != b->u.map.n)
            return false;
        for (size_t i = 0; i < a->u.map.n; i++) {
            if (strcmp(a->u.map.keys[i], b->u.map.keys[i]) != 0)
                return false;
            if (!s_equal(a->u.map.vals[i], b->u.map.vals[i]))
                return false;
        }
        return true;
    case GC_TYPE_DYNAMIC:
        return true; /* a known dynamic without inner value: nothing to compare */
    }
    return false;
}

bool gc_value_equal(const struct gc_value *a, const struct gc_value *b)
{
    const struct gc_value *ua = s_unwrap(a), *ub = s_unwrap(b);
    if (!ua || !ub)
        return ua == ub;
    if (!gc_type_equal(ua->type, ub->type))
        return false;
    return s_equal(a, b);
}

size_t gc_value_length(const struct gc_value *v)
{
    v = s_unwrap(v);
    if (!v || v->state != GC_VALUE_KNOWN)
        return 0;
    switch (v->type->kind) {
    case GC_TYPE_LIST:
    case GC_TYPE_SET:
    case GC_TYPE_TUPLE:
        return v->u.list.n;
    case GC_TYPE_MAP:
    case GC_TYPE_OBJECT:
        return v->u.map.n;
    default:
        return 0;
    }
}

const struct gc_value *gc_value_index(const struct gc_value *v, size_t i)
{
    v = s_unwrap(v);
    if (!v || v->state != GC_VALUE_KNOWN)
        return NULL;
    if (v->type->kind != GC_TYPE_LIST && v->type->kind != GC_TYPE_SET && v->type->kind != GC_TYPE_TUPLE)
        return NULL;
    return i < v->u.list.n ? v->u.list.items[i] : NULL;
}

const char *gc_value_string(const struct gc_value *v)
{
    v = s_unwrap(v);
    if (!v || v->state != GC_VALUE_KNOWN || v->type->kind != GC_TYPE_STRING)
        return NULL;
    return v->u.str.ptr;
}

int gc_value_bool(const struct gc_value *v, bool *out)
{
    v = s_unwrap(v);
    if (!v || v->state != GC_VALUE_KNOWN || v->type->kind != GC_TYPE_BOOL)
        return -1;
    *out = v->u.b;
    return 0;
}

int gc_value_int64(const struct gc_value *v, int64_t *out)
{
    v = s_unwrap(v);
    if (!v || v->state != GC_VALUE_KNOWN || v->type->kind != GC_TYPE_NUMBER)
        return -1;
    return gc_number_to_int64(v->u.num, out);
}

const char *gc_value_get_string(const struct gc_value *object, const char *name)
{
    return gc_value_string(gc_value_object_get(object, name));
}

int gc_value_get_bool(const struct gc_value *object, const char *name, bool *out)
{
    return gc_value_bool(gc_value_object_get(object, name), out);
}

int gc_value_get_int64(const struct gc_value *object, const char *name, int64_t *out)
{
    return gc_value_int64(gc_value_object_get(object, name), out);
}

int gc_value_set_string(struct gc_value *object, const char *name, const char *s)
{
    long i = s_object_index(object, name);
    if (i < 0)
        return -1;
    struct gc_value *v = s ? gc_value_new_string(s) : gc_value_new_null(object->type->attrs[i].type);
    return v ? gc_value_object_set(object, name, v) : -1;
}

int gc_value_set_bool(struct gc_value *object, const char *name, bool b)
{
    if (s_object_index(object, name) < 0)
        return -1;
    struct gc_value *v = gc_value_new_bool(b);
    return v ? gc_value_object_set(object, name, v) : -1;
}

int gc_value_set_int64(struct gc_value *object, const char *name, int64_t n)
{
    if (s_object_index(object, name) < 0)
        return -1;
    struct gc_value *v = gc_value_new_int(n);
    return v ? gc_value_object_set(object, name, v) : -1;
}

struct gc_value *gc_value_new_string_list(const struct gc_type *type, const char *const *items, size_t n)
{
    if (!type || (type->kind != GC_TYPE_LIST && type->kind != GC_TYPE_SET) || (n && !items))
        return NULL;
    struct gc_value *list = gc_value_new_collection(type);
    for (size_t i = 0; list && i < n; i++) {
        struct gc_value *item = items[i] ? gc_value_new_string(items[i]) : gc_value_new_null(type->elem);
        if (!item || gc_value_append(list, item) != 0) {
            gc_value_free(list);
            list = NULL;
        }
    }
    return list;
}
