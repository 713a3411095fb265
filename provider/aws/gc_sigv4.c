/* AWS Signature Version 4 (see gc_sigv4.h). */
#include "aws/gc_sigv4.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "aws/gc_aws.h"
#include "base/gc_secret.h"

#define S_MAX_TEXT ((size_t)64 << 20)

static const char s_hex[] = "0123456789abcdef";
static const char s_hex_upper[] = "0123456789ABCDEF";

static bool s_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

static int s_encode_n(struct gc_buf *out, const char *s, size_t n, bool encode_slash)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (s_unreserved(c) || (c == '/' && !encode_slash)) {
            if (gc_buf_append_byte(out, c) != 0)
                return -1;
        } else {
            char esc[3] = {'%', s_hex_upper[c >> 4], s_hex_upper[c & 15]};
            if (gc_buf_append(out, esc, 3) != 0)
                return -1;
        }
    }
    return 0;
}

int gc_aws_uri_encode(struct gc_buf *out, const char *s, bool encode_slash)
{
    if (!s)
        return 0;
    return s_encode_n(out, s, strlen(s), encode_slash);
}

static int s_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..n) and re-encodes it into out. */
static int s_reencode(struct gc_buf *out, const char *s, size_t n)
{
    int result = -1;
    struct gc_buf raw;
    gc_buf_init(&raw, S_MAX_TEXT);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && s_hexval(s[i + 1]) >= 0 && s_hexval(s[i + 2]) >= 0) {
            if (gc_buf_append_byte(&raw, (uint8_t)(s_hexval(s[i + 1]) * 16 + s_hexval(s[i + 2]))) != 0)
                goto cleanup;
            i += 2;
        } else if (gc_buf_append_byte(&raw, (uint8_t)s[i]) != 0) {
            goto cleanup;
        }
    }
    if (s_encode_n(out, (const char *)raw.ptr, raw.len, true) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_buf_clean_up(&raw);
    return result;
}

void gc_sigv4_result_clean_up(struct gc_sigv4_result *r)
{
    if (!r)
        return;
    gc_buf_clean_up(&r->canonical_request);
    gc_buf_clean_up(&r->string_to_sign);
    gc_buf_clean_up(&r->authorization);
    for (size_t i = 0; i < r->n_add_headers; i++) {
        gc_secret_free(r->add_headers[i]);
        r->add_headers[i] = NULL;
    }
    r->n_add_headers = 0;
    gc_secret_wipe(r->signature, sizeof r->signature);
}

void gc_sigv4_format_time(time_t t, char amz_date[17], char date[9])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(amz_date, 17, "%Y%m%dT%H%M%SZ", &tm);
    strftime(date, 9, "%Y%m%d", &tm);
}

static void s_to_hex(const uint8_t *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = s_hex[in[i] >> 4];
        out[2 * i + 1] = s_hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}

void gc_sigv4_sha256_hex(struct gc_span data, char out[65])
{
    uint8_t md[SHA256_DIGEST_LENGTH];
    SHA256(data.len ? data.ptr : (const uint8_t *)"", data.len, md);
    s_to_hex(md, sizeof md, out);
}

/* ---- canonical URI ---- */

struct s_seg {
    const char *p;
    size_t n;
};

int gc_sigv4_canonical_uri(struct gc_buf *out, const char *path, bool normalize)
{
    int result = -1;
    struct s_seg *segs = NULL;
    size_t n_segs = 0;

    if (!path || !*path)
        path = "/";
    if (!normalize) {
        result = s_encode_n(out, path, strlen(path), false);
        goto cleanup;
    }
    /* Split on '/', drop empty and "." segments, pop on "..". */
    size_t len = strlen(path);
    segs = calloc(len + 1, sizeof *segs);
    if (!segs)
        goto cleanup;
    bool trailing = len > 0 && path[len - 1] == '/';
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && path[j] != '/')
            j++;
        size_t n = j - i;
        if (n == 0 || (n == 1 && path[i] == '.')) {
            /* skip */
        } else if (n == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (n_segs > 0)
                n_segs--;
        } else {
            segs[n_segs].p = path + i;
            segs[n_segs].n = n;
            n_segs++;
        }
        i = j + 1;
    }
    /* A path ending in "." or ".." names a directory. */
    if (len >= 2 && path[len - 1] == '.' && (path[len - 2] == '/' || path[len - 2] == '.'))
        trailing = true;
    if (gc_buf_append_byte(out, '/') != 0)
        goto cleanup;
    for (size_t k = 0; k < n_segs; k++) {
        if (s_encode_n(out, segs[k].p, segs[k].n, false) != 0)
            goto cleanup;
        if ((k + 1 < n_segs || trailing) && gc_buf_append_byte(out, '/') != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    free(segs);
    return result;
}

/* ---- canonical query ---- */

struct s_pair {
    char *k;
    char *v;
};

static int s_pair_cmp(const void *a, const void *b)
{
    const struct s_pair *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : strcmp(x->v, y->v);
}

int gc_sigv4_canonical_query(struct gc_buf *out, const char *query)
{
    int result = -1;
    struct s_pair *pairs = NULL;
    size_t n = 0;
    struct gc_buf tmp;
    gc_buf_init(&tmp, S_MAX_TEXT);

    if (!query || !*query) {
        result = 0;
        goto cleanup;
    }
    size_t len = strlen(query);
    pairs = calloc(len / 2 + 2, sizeof *pairs);
    if (!pairs)
        goto cleanup;
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && query[j] != '&')
            j++;
        if (j > i) {
            const char *eq = memchr(query + i, '=', j - i);
            size_t klen = eq ? (size_t)(eq - (query + i)) : j - i;
            gc_buf_reset(&tmp);
            if (s_reencode(&tmp, query + i, klen) != 0)
                goto cleanup;
            pairs[n++].k = gc_strdup(gc_buf_cstr(&tmp)); /* counted at once: cleanup frees it on any failure */
            gc_buf_reset(&tmp);
            if (eq && s_reencode(&tmp, eq + 1, (size_t)(query + j - (eq + 1))) != 0)
                goto cleanup;
            pairs[n - 1].v = gc_strdup(gc_buf_cstr(&tmp));
            if (!pairs[n - 1].k || !pairs[n - 1].v)
                goto cleanup;
        }
        i = j + 1;
    }
    qsort(pairs, n, sizeof *pairs, s_pair_cmp);
    for (size_t k = 0; k < n; k++) {
        if (gc_buf_printf(out, "%s%s=%s", k ? "&" : "", pairs[k].k, pairs[k].v) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    for (size_t k = 0; k < n; k++) {
        free(pairs[k].k);
        free(pairs[k].v);
    }
    free(pairs);
    gc_buf_clean_up(&tmp);
    return result;
}

/* ---- canonical headers ---- */

struct s_hdr {
    char *name;  /* lower-cased */
    char *value; /* trimmed and folded */
    size_t order;
};

static int s_hdr_cmp(const void *a, const void *b)
{
    const struct s_hdr *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->order < y->order ? -1 : (x->order > y->order ? 1 : 0);
}

static char *s_fold_value(const char *v)
{
    size_t len = strlen(v);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    bool pending_space = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            pending_space = o > 0;
            continue;
        }
        if (pending_space)
            out[o++] = ' ';
        pending_space = false;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return out;
}

int gc_sigv4_canonical_headers(struct gc_buf *canon, struct gc_buf *signed_names, const char *const *headers,
                               size_t n_headers)
{
    int result = -1;
    struct s_hdr *h = calloc(n_headers + 1, sizeof *h);
    size_t n = 0;

    if (!h)
        goto cleanup;
    for (size_t i = 0; i < n_headers; i++) {
        const char *colon = strchr(headers[i], ':');
        if (!colon)
            continue;
        size_t nlen = (size_t)(colon - headers[i]);
        h[n].name = malloc(nlen + 1);
        h[n].order = i;
        if (!h[n].name) {
            n++;
            goto cleanup;
        }
        for (size_t k = 0; k < nlen; k++)
            h[n].name[k] = (char)tolower((unsigned char)headers[i][k]);
        h[n].name[nlen] = '\0';
        h[n].value = s_fold_value(colon + 1);
        n++;
        if (!h[n - 1].value)
            goto cleanup;
    }
    qsort(h, n, sizeof *h, s_hdr_cmp);
    for (size_t i = 0; i < n; i++) {
        bool same_as_prev = i > 0 && strcmp(h[i].name, h[i - 1].name) == 0;
        if (same_as_prev) {
            if (gc_buf_printf(canon, ",%s", h[i].value) != 0)
                goto cleanup;
            continue;
        }
        if (i > 0 && gc_buf_append_byte(canon, '\n') != 0)
            goto cleanup;
        if (gc_buf_printf(canon, "%s:%s", h[i].name, h[i].value) != 0)
            goto cleanup;
        if (gc_buf_printf(signed_names, "%s%s", signed_names->len ? ";" : "", h[i].name) != 0)
            goto cleanup;
    }
    if (n > 0 && gc_buf_append_byte(canon, '\n') != 0)
        goto cleanup;
    result = 0;
cleanup:
    for (size_t i = 0; i < n; i++) {
        free(h[i].name);
        gc_secret_free(h[i].value);
    }
    free(h);
    return result;
}

int gc_sigv4_canonical_request(struct gc_buf *out, struct gc_buf *signed_names, const struct gc_sigv4_request *req,
                               bool normalize_path, const char *payload_hash_hex)
{
    int result = -1;
    struct gc_buf canon_headers;
    gc_buf_init(&canon_headers, S_MAX_TEXT);

    if (gc_buf_printf(out, "%s\n", req->method) != 0)
        goto cleanup;
    if (gc_sigv4_canonical_uri(out, req->path, normalize_path) != 0 || gc_buf_append_byte(out, '\n') != 0)
        goto cleanup;
    if (gc_sigv4_canonical_query(out, req->query) != 0 || gc_buf_append_byte(out, '\n') != 0)
        goto cleanup;
    if (gc_sigv4_canonical_headers(&canon_headers, signed_names, req->headers, req->n_headers) != 0)
        goto cleanup;
    if (gc_buf_append_span(out, gc_buf_span(&canon_headers)) != 0)
        goto cleanup;
    if (gc_buf_printf(out, "\n%s\n%s", gc_buf_cstr(signed_names), payload_hash_hex) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_buf_clean_up_secure(&canon_headers);
    return result;
}

int gc_sigv4_scope(struct gc_buf *out, const char *date, const char *region, const char *service)
{
    return gc_buf_printf(out, "%s/%s/%s/aws4_request", date, region, service);
}

int gc_sigv4_string_to_sign(struct gc_buf *out, const char *amz_date, const char *scope,
                            struct gc_span canonical_request)
{
    char hash[65];
    gc_sigv4_sha256_hex(canonical_request, hash);
    return gc_buf_printf(out, GC_SIGV4_ALGORITHM "\n%s\n%s\n%s", amz_date, scope, hash);
}

static int s_hmac(uint8_t out[32], const void *key, size_t key_len, const void *data, size_t data_len)
{
    unsigned int md_len = 0;
    if (!HMAC(EVP_sha256(), key, (int)key_len, data, data_len, out, &md_len) || md_len != 32)
        return -1;
    return 0;
}

int gc_sigv4_signing_key(uint8_t key[32], const char *secret_access_key, const char *date, const char *region,
                         const char *service)
{
    int result = -1;
    struct gc_buf k0;
    uint8_t a[32], b[32];
    gc_buf_init(&k0, 4096);

    if (gc_buf_printf(&k0, "AWS4%s", secret_access_key ? secret_access_key : "") != 0)
        goto cleanup;
    if (s_hmac(a, k0.ptr, k0.len, date, strlen(date)) != 0)
        goto cleanup;
    if (s_hmac(b, a, 32, region, strlen(region)) != 0)
        goto cleanup;
    if (s_hmac(a, b, 32, service, strlen(service)) != 0)
        goto cleanup;
    if (s_hmac(key, a, 32, "aws4_request", strlen("aws4_request")) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_secret_wipe(a, sizeof a);
    gc_secret_wipe(b, sizeof b);
    gc_buf_clean_up_secure(&k0);
    return result;
}

int gc_sigv4_signature(char out[65], const uint8_t key[32], struct gc_span string_to_sign)
{
    uint8_t mac[32];
    if (s_hmac(mac, key, 32, string_to_sign.ptr ? (const void *)string_to_sign.ptr : "", string_to_sign.len) != 0)
        return -1;
    s_to_hex(mac, 32, out);
    gc_secret_wipe(mac, sizeof mac);
    return 0;
}

int gc_sigv4_authorization(struct gc_buf *out, const char *access_key_id, const char *scope, const char *signed_headers,
                           const char *signature)
{
    return gc_buf_printf(out, GC_SIGV4_ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s", access_key_id,
                         scope, signed_headers, signature);
}

static int s_add_header(struct gc_sigv4_result *out, const char *name, const char *value)
{
    struct gc_buf b;
    gc_buf_init(&b, S_MAX_TEXT);
    if (gc_buf_printf(&b, "%s: %s", name, value) != 0) {
        gc_buf_clean_up(&b);
        return -1;
    }
    out->add_headers[out->n_add_headers] = gc_buf_release(&b);
    if (!out->add_headers[out->n_add_headers])
        return -1;
    out->n_add_headers++;
    return 0;
}

int gc_sigv4_sign(struct gc_sigv4_result *out, const struct gc_sigv4_params *params, const struct gc_sigv4_request *req)
{
    int result = -1;
    char amz_date[17], date[9], payload_hash[65];
    uint8_t key[32];
    const char **all = NULL;
    struct gc_buf scope, signed_names;
    struct gc_sigv4_request full = *req;
    bool has_token = params->session_token && *params->session_token;

    memset(out, 0, sizeof *out);
    gc_buf_init(&out->canonical_request, S_MAX_TEXT);
    gc_buf_init(&out->string_to_sign, S_MAX_TEXT);
    gc_buf_init(&out->authorization, S_MAX_TEXT);
    gc_buf_init(&scope, 4096);
    gc_buf_init(&signed_names, S_MAX_TEXT);

    gc_sigv4_format_time(params->now, amz_date, date);
    gc_sigv4_sha256_hex(req->payload, payload_hash);

    if (s_add_header(out, "X-Amz-Date", amz_date) != 0)
        goto cleanup;
    if (params->add_content_sha256 && s_add_header(out, "X-Amz-Content-Sha256", payload_hash) != 0)
        goto cleanup;
    if (has_token && !params->omit_session_token &&
        s_add_header(out, "X-Amz-Security-Token", params->session_token) != 0)
        goto cleanup;

    all = calloc(req->n_headers + out->n_add_headers + 1, sizeof *all);
    if (!all)
        goto cleanup;
    for (size_t i = 0; i < req->n_headers; i++)
        all[i] = req->headers[i];
    for (size_t i = 0; i < out->n_add_headers; i++)
        all[req->n_headers + i] = out->add_headers[i];
    full.headers = all;
    full.n_headers = req->n_headers + out->n_add_headers;

    if (gc_sigv4_canonical_request(&out->canonical_request, &signed_names, &full, params->normalize_path,
                                   payload_hash) != 0)
        goto cleanup;
    if (gc_sigv4_scope(&scope, date, params->region, params->service) != 0)
        goto cleanup;
    if (gc_sigv4_string_to_sign(&out->string_to_sign, amz_date, gc_buf_cstr(&scope),
                                gc_buf_span(&out->canonical_request)) != 0)
        goto cleanup;
    if (gc_sigv4_signing_key(key, params->secret_access_key, date, params->region, params->service) != 0)
        goto cleanup;
    if (gc_sigv4_signature(out->signature, key, gc_buf_span(&out->string_to_sign)) != 0)
        goto cleanup;
    if (gc_sigv4_authorization(&out->authorization, params->access_key_id, gc_buf_cstr(&scope),
                               gc_buf_cstr(&signed_names), out->signature) != 0)
        goto cleanup;
    if (has_token && params->omit_session_token &&
        s_add_header(out, "X-Amz-Security-Token", params->session_token) != 0)
        goto cleanup;
    if (s_add_header(out, "Authorization", gc_buf_cstr(&out->authorization)) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_secret_wipe(key, sizeof key);
    free(all);
    gc_buf_clean_up(&scope);
    gc_buf_clean_up(&signed_names);
    if (result != 0)
        gc_sigv4_result_clean_up(out);
    return result;
}
