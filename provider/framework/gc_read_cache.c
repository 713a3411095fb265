/* The per-process read cache (gc_read_cache.h): a small hash table of entries under one mutex; a fill runs with
 * the mutex released, and readers of the same key wait on one condition variable until it ends. */
#include "framework/gc_read_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "base/gc_buf.h"

#define S_BUCKETS 128

struct s_entry {
    char *scope;
    char *kind;
    json_t *doc;  /* the kept answer, NULL: none */
    uint64_t gen; /* the generation `doc` was filled in */
    bool filling; /* a reader is running the call */
    bool kept;    /* gc_read_cache_get_kept: handed out in any later generation */
    struct s_entry *next;
};

struct gc_read_cache {
    pthread_mutex_t lock;
    pthread_cond_t filled;
    atomic_uint_fast64_t bumps;
    const struct gc_aws_client *writes;
    uint64_t created_gen; /* the generation when the cache was made (the client may have written before) */
    struct s_entry *buckets[S_BUCKETS];
    struct gc_read_cache_stats stats; /* under `lock` */
};

struct gc_read_cache *gc_read_cache_new(const struct gc_aws_client *writes)
{
    struct gc_read_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    if (pthread_cond_init(&c->filled, NULL) != 0) {
        pthread_mutex_destroy(&c->lock);
        free(c);
        return NULL;
    }
    atomic_init(&c->bumps, 0);
    c->writes = writes;
    c->created_gen = gc_aws_client_write_count(writes);
    return c;
}

void gc_read_cache_free(struct gc_read_cache *cache)
{
    if (!cache)
        return;
    for (size_t b = 0; b < S_BUCKETS; b++) {
        struct s_entry *e = cache->buckets[b];
        while (e) {
            struct s_entry *next = e->next;
            free(e->scope);
            free(e->kind);
            json_decref(e->doc);
            free(e);
            e = next;
        }
    }
    pthread_cond_destroy(&cache->filled);
    pthread_mutex_destroy(&cache->lock);
    free(cache);
}

void gc_read_cache_bump(struct gc_read_cache *cache)
{
    if (cache)
        atomic_fetch_add(&cache->bumps, 1);
}

/* Both counts only grow, so their sum changes whenever either does. */
static uint64_t s_generation(const struct gc_read_cache *cache)
{
    return (uint64_t)atomic_load(&((struct gc_read_cache *)cache)->bumps) + gc_aws_client_write_count(cache->writes);
}

static size_t s_hash(const char *scope, const char *kind)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (const char *p = scope; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    h = (h ^ 0xffu) * 1099511628211u;
    for (const char *p = kind; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return (size_t)(h % S_BUCKETS);
}

/* The entry of the key, added when absent; NULL when memory ran out. Under `lock`. */
static struct s_entry *s_entry(struct gc_read_cache *cache, const char *scope, const char *kind)
{
    size_t b = s_hash(scope, kind);
    for (struct s_entry *e = cache->buckets[b]; e; e = e->next)
        if (strcmp(e->scope, scope) == 0 && strcmp(e->kind, kind) == 0)
            return e;
    struct s_entry *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->scope = gc_strdup(scope);
    e->kind = gc_strdup(kind);
    if (!e->scope || !e->kind) {
        free(e->scope);
        free(e->kind);
        free(e);
        return NULL;
    }
    e->next = cache->buckets[b];
    cache->buckets[b] = e;
    return e;
}

/* `fill` NULL: a peek (gc_read_cache_peek_all), which returns 1 where a fill would have started. */
static int s_get(struct gc_read_cache *cache, const char *scope, const char *kind, bool kept,
                 gc_read_cache_fill_fn *fill, void *arg, json_t **doc, struct gc_aws_error *err)
{
    *doc = NULL;
    if (!fill && (!cache || !scope || !kind))
        return 1;
    if (!cache || !scope || !kind)
        return fill(arg, doc, err);
    pthread_mutex_lock(&cache->lock);
    struct s_entry *e = s_entry(cache, scope, kind);
    if (!e) {
        if (fill)
            cache->stats.direct++;
        pthread_mutex_unlock(&cache->lock);
        return fill ? fill(arg, doc, err) : 1;
    }
    bool waited = false;
    /* A document serves this reader when its call started after every write that had ended when the reader came
     * (a write counts once its answer is in: gc_aws_op): a write that ends meanwhile is concurrent with this read,
     * and either answer is right. So the readers waiting on a fill that a write overtook share it, as they would
     * have shared an answer AWS gave a moment earlier; only readers that come after the write call again.
     * Without this, under a steady stream of writes (ten connections created at once) every waiter refilled in
     * turn, one round trip each (issue 9 §2). */
    uint64_t arrived = s_generation(cache);
    for (;;) {
        uint64_t gen = s_generation(cache);
        if (e->doc && (e->gen == gen || e->kept || e->gen >= arrived)) {
            *doc = json_incref(e->doc);
            cache->stats.hits++;
            pthread_mutex_unlock(&cache->lock);
            return 0;
        }
        if (!e->filling && !fill) {
            pthread_mutex_unlock(&cache->lock);
            return 1;
        }
        if (!e->filling)
            break;
        /* one fill at a time per key: its document serves this reader if it started after the reader came (see
         * above), else this reader fills again (as after a failed fill: errors are not kept) */
        if (!waited)
            cache->stats.waits++;
        waited = true;
        pthread_cond_wait(&cache->filled, &cache->lock);
    }
    uint64_t gen = s_generation(cache);
    e->filling = true;
    cache->stats.fills++;
    pthread_mutex_unlock(&cache->lock);

    json_t *got = NULL;
    int rc = fill(arg, &got, err);

    pthread_mutex_lock(&cache->lock);
    e->filling = false;
    if (rc == 0 && got) {
        json_decref(e->doc);
        e->doc = json_incref(got);
        e->gen = gen; /* the generation the call started in: a write since makes it stale at once */
        e->kept = kept;
        if (!kept && s_generation(cache) != gen)
            cache->stats.stale++;
    }
    pthread_cond_broadcast(&cache->filled);
    pthread_mutex_unlock(&cache->lock);
    *doc = rc == 0 ? got : NULL;
    if (rc != 0)
        json_decref(got);
    return rc;
}

int gc_read_cache_get(struct gc_read_cache *cache, const char *scope, const char *kind, gc_read_cache_fill_fn *fill,
                      void *arg, json_t **doc, struct gc_aws_error *err)
{
    return s_get(cache, scope, kind, false, fill, arg, doc, err);
}

int gc_read_cache_get_kept(struct gc_read_cache *cache, const char *scope, const char *kind,
                           gc_read_cache_fill_fn *fill, void *arg, json_t **doc, struct gc_aws_error *err)
{
    return s_get(cache, scope, kind, true, fill, arg, doc, err);
}

bool gc_read_cache_read_only(const struct gc_op *op)
{
    const struct gc_read_cache *cache = op && op->provider ? op->provider->read_cache : NULL;
    return cache && s_generation(cache) == cache->created_gen;
}

void gc_read_cache_get_stats(struct gc_read_cache *cache, struct gc_read_cache_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (!cache)
        return;
    pthread_mutex_lock(&cache->lock);
    *out = cache->stats;
    pthread_mutex_unlock(&cache->lock);
}

/* ---- AWS describes through the cache ---- */

struct s_call {
    struct gc_aws_client *aws;
    const struct gc_aws_op_def *def;
    const json_t *input;
};

static int s_call_fill(void *arg, json_t **doc, struct gc_aws_error *err)
{
    const struct s_call *c = arg;
    return gc_aws_op_call_all(c->aws, c->def, c->input, doc, err);
}

/* gc_read_cache_call_all's lookup; `peek`: never call (gc_read_cache_peek_all). */
static int s_call(struct gc_op *op, const char *scope, const struct gc_aws_op_def *def, const json_t *input,
                  json_t **output, struct gc_aws_error *err, bool peek)
{
    struct s_call call = {.aws = op->aws, .def = def, .input = input};
    struct gc_read_cache *cache = op->provider ? op->provider->read_cache : NULL;
    gc_read_cache_fill_fn *fill = peek ? NULL : s_call_fill;
    char *in_text = NULL;
    struct gc_buf kind;
    int rc = -1;
    gc_buf_init(&kind, 0);
    if (cache && def && def->name)
        in_text = input ? json_dumps(input, JSON_COMPACT | JSON_SORT_KEYS) : gc_strdup("{}");
    /* the kind: the operation and its whole input (filters, page size): the same question, the same answer */
    if (in_text && gc_buf_printf(&kind, "%s %s", def->name, in_text) == 0)
        rc = s_get(cache, scope, gc_buf_cstr(&kind), false, fill, &call, output, err);
    else
        rc = s_get(NULL, scope, NULL, false, fill, &call, output, err);
    free(in_text);
    gc_buf_clean_up(&kind);
    return rc;
}

int gc_read_cache_call_all(struct gc_op *op, const char *scope, const struct gc_aws_op_def *def, const json_t *input,
                           json_t **output, struct gc_aws_error *err)
{
    return s_call(op, scope, def, input, output, err, false);
}

bool gc_read_cache_peek_all(struct gc_op *op, const char *scope, const struct gc_aws_op_def *def, const json_t *input,
                            json_t **output)
{
    return s_call(op, scope, def, input, output, NULL, true) == 0;
}
