/* framework/gc_read_cache: one fill per key and generation; concurrent readers of a key wait on that one fill and
 * share its document (also when a write overtook it: the write was concurrent with their reads); a bump (a write)
 * makes everything filled before it unusable to readers that come after it; errors are not kept (the next reader, or a
 * reader that waited on the failed fill, calls again); the AWS client's write operations are a bump
 * (gc_aws_op_is_read), its reads are not; a peek hands out only what a call would and never calls; without memory for a
 * key the cache calls straight through, never fails for want of its own memory, and leaks nothing (fake_alloc.h).
 * Threads wait on events (the cache's own counters), with a generous guard against a hang. */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "fake_alloc.h"
#include "framework/gc_read_cache.h"
#include "gc_test.h"
#include "kit_test.h"

#define S_READERS 8
#define S_GUARD_MS 60000

struct s_fill {
    atomic_int calls;
    atomic_int fail_first; /* this many calls fail with Throttling */
    atomic_bool hold;      /* a call waits until released */
    atomic_bool entered;   /* a held call has started */
    atomic_bool release;
    struct gc_read_cache *bump_cache; /* a call bumps this cache (a write while it reads) */
};

static void s_nap(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

/* Waits (with the guard) until `cond(arg)` holds; false when the guard ran out. */
static bool s_await(bool (*cond)(void *arg), void *arg)
{
    for (int guard = S_GUARD_MS; !cond(arg) && guard > 0; guard--)
        s_nap();
    return cond(arg);
}

static bool s_released(void *arg)
{
    return atomic_load(&((struct s_fill *)arg)->release);
}

static int s_fill_fn(void *arg, json_t **doc, struct gc_aws_error *err)
{
    struct s_fill *f = arg;
    int n = atomic_fetch_add(&f->calls, 1) + 1;
    if (atomic_load(&f->hold)) {
        atomic_store(&f->entered, true);
        s_await(s_released, f);
    }
    if (f->bump_cache)
        gc_read_cache_bump(f->bump_cache);
    if (n <= atomic_load(&f->fail_first)) {
        gc_aws_error_set(err, GC_SVC_EC2, "DescribeThings", "Throttling", "slow down");
        return -1;
    }
    fa_pause();
    *doc = json_pack("{s:i}", "call", n);
    fa_resume();
    return *doc ? 0 : -1;
}

static int s_call_of(const json_t *doc)
{
    return (int)json_integer_value(json_object_get(doc, "call"));
}

static struct gc_read_cache_stats s_stats(struct gc_read_cache *c)
{
    struct gc_read_cache_stats st;
    gc_read_cache_get_stats(c, &st);
    return st;
}

struct s_crowd_arg {
    struct gc_read_cache *c;
    struct s_fill *f;
};

/* The held fill has started and every other reader waits on it. */
static bool s_crowded(void *arg)
{
    const struct s_crowd_arg *a = arg;
    return atomic_load(&a->f->entered) && s_stats(a->c).waits == S_READERS - 1;
}

GC_TEST(one_fill_per_key_then_hits)
{
    struct gc_read_cache *c = gc_read_cache_new(NULL);
    struct s_fill f = {0};
    struct gc_aws_error err = {0};
    json_t *a = NULL, *b = NULL, *other = NULL;
    ASSERT_TRUE(c != NULL);
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &a, &err), 0);
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &b, &err), 0);
    ASSERT_TRUE(a == b); /* the same shared document */
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-2", "atts", s_fill_fn, &f, &other, &err), 0);
    ASSERT_INT_EQ(s_call_of(other), 2); /* another scope is another key */
    json_decref(other);
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "rts", s_fill_fn, &f, &other, &err), 0);
    ASSERT_INT_EQ(s_call_of(other), 3); /* another kind too */
    ASSERT_INT_EQ(atomic_load(&f.calls), 3);
    ASSERT_INT_EQ((int)s_stats(c).hits, 1);
    ASSERT_INT_EQ((int)s_stats(c).fills, 3);
    json_decref(a);
    json_decref(b);
    json_decref(other);
    gc_read_cache_free(c);
    /* no cache: every read calls */
    ASSERT_INT_EQ(gc_read_cache_get(NULL, "tgw-1", "atts", s_fill_fn, &f, &a, &err), 0);
    ASSERT_INT_EQ(gc_read_cache_get(NULL, "tgw-1", "atts", s_fill_fn, &f, &b, &err), 0);
    ASSERT_INT_EQ(atomic_load(&f.calls), 5);
    json_decref(a);
    json_decref(b);
}

GC_TEST(a_bump_makes_earlier_reads_unusable)
{
    struct gc_read_cache *c = gc_read_cache_new(NULL);
    struct s_fill f = {0};
    struct gc_aws_error err = {0};
    json_t *a = NULL, *b = NULL;
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &a, &err), 0);
    struct gc_provider prov = {.read_cache = c};
    struct gc_op op = {.provider = &prov};
    ASSERT_TRUE(gc_read_cache_read_only(&op));
    gc_read_cache_bump(c);
    ASSERT_FALSE(gc_read_cache_read_only(&op));
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &b, &err), 0);
    ASSERT_INT_EQ(s_call_of(a), 1);
    ASSERT_INT_EQ(s_call_of(b), 2);
    json_decref(a); /* the first document outlives its replacement while a reader holds it */
    json_decref(b);
    /* a write while the read ran: the reader gets its answer, nobody after it does */
    gc_read_cache_bump(c);
    f.bump_cache = c;
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &a, &err), 0);
    ASSERT_INT_EQ(s_call_of(a), 3);
    ASSERT_INT_EQ((int)s_stats(c).stale, 1);
    f.bump_cache = NULL;
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &b, &err), 0);
    ASSERT_INT_EQ(s_call_of(b), 4);
    json_decref(a);
    json_decref(b);
    gc_read_cache_free(c);
}

/* gc_read_cache_get_kept: filled once, then handed out across bumps (also a fill that a write overtook); an error
 * is not kept; a plain key of the same scope still goes stale. */
GC_TEST(a_kept_document_outlives_writes)
{
    struct gc_read_cache *c = gc_read_cache_new(NULL);
    struct s_fill f = {0};
    struct gc_aws_error err = {0};
    json_t *a = NULL, *b = NULL;
    atomic_store(&f.fail_first, 1);
    ASSERT_INT_EQ(gc_read_cache_get_kept(c, "vpc-1", "tables", s_fill_fn, &f, &a, &err), -1);
    ASSERT_TRUE(a == NULL);
    gc_aws_error_clean_up(&err);
    f.bump_cache = c; /* a write while the kept read runs does not spoil it */
    ASSERT_INT_EQ(gc_read_cache_get_kept(c, "vpc-1", "tables", s_fill_fn, &f, &a, &err), 0);
    f.bump_cache = NULL;
    gc_read_cache_bump(c);
    ASSERT_INT_EQ(gc_read_cache_get_kept(c, "vpc-1", "tables", s_fill_fn, &f, &b, &err), 0);
    ASSERT_TRUE(a == b);
    ASSERT_INT_EQ(s_call_of(b), 2);
    ASSERT_INT_EQ(atomic_load(&f.calls), 2);
    json_decref(a);
    json_decref(b);
    ASSERT_INT_EQ(gc_read_cache_get(c, "vpc-1", "routes", s_fill_fn, &f, &a, &err), 0);
    gc_read_cache_bump(c);
    ASSERT_INT_EQ(gc_read_cache_get(c, "vpc-1", "routes", s_fill_fn, &f, &b, &err), 0);
    ASSERT_INT_EQ(s_call_of(a), 3);
    ASSERT_INT_EQ(s_call_of(b), 4);
    json_decref(a);
    json_decref(b);
    /* no cache: each call fills */
    ASSERT_INT_EQ(gc_read_cache_get_kept(NULL, "vpc-1", "tables", s_fill_fn, &f, &a, &err), 0);
    ASSERT_INT_EQ(s_call_of(a), 5);
    json_decref(a);
    gc_read_cache_free(c);
}

GC_TEST(errors_are_not_kept)
{
    struct gc_read_cache *c = gc_read_cache_new(NULL);
    struct s_fill f = {0};
    struct gc_aws_error err = {0};
    json_t *a = NULL;
    atomic_store(&f.fail_first, 1);
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &a, &err), -1);
    ASSERT_TRUE(a == NULL);
    ASSERT_STR_EQ(err.code, "Throttling");
    gc_aws_error_clean_up(&err);
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &a, &err), 0);
    ASSERT_INT_EQ(s_call_of(a), 2);
    json_decref(a);
    gc_read_cache_free(c);
}

/* ---- concurrent readers ---- */

struct s_reader {
    struct gc_read_cache *cache;
    struct s_fill *fill;
    json_t *doc;
    int rc;
    struct gc_aws_error err;
};

static void *s_reader_main(void *arg)
{
    struct s_reader *r = arg;
    r->rc = gc_read_cache_get(r->cache, "tgw-1", "atts", s_fill_fn, r->fill, &r->doc, &r->err);
    return NULL;
}

/* Starts S_READERS readers of one key whose first fill is held until every other reader waits on it; then runs
 * `between` (may be NULL) and releases the fill. */
static void s_crowd(struct gc_read_cache *c, struct s_fill *f, struct s_reader *r, pthread_t *t,
                    void (*between)(struct gc_read_cache *c), bool *all_waited)
{
    atomic_store(&f->hold, true);
    for (size_t i = 0; i < S_READERS; i++) {
        r[i] = (struct s_reader){.cache = c, .fill = f};
        pthread_create(&t[i], NULL, s_reader_main, &r[i]);
    }
    struct s_crowd_arg crowd = {c, f};
    *all_waited = s_await(s_crowded, &crowd);
    atomic_store(&f->hold, false); /* later fills (after a failure or a write) run at once */
    if (between)
        between(c);
    atomic_store(&f->release, true);
    for (size_t i = 0; i < S_READERS; i++)
        pthread_join(t[i], NULL);
}

GC_TEST(concurrent_readers_share_one_fill)
{
    struct gc_read_cache *c = gc_read_cache_new(NULL);
    struct s_fill f = {0};
    struct s_reader r[S_READERS];
    pthread_t t[S_READERS];
    bool all_waited = false;
    s_crowd(c, &f, r, t, NULL, &all_waited);
    ASSERT_TRUE(all_waited);
    ASSERT_INT_EQ(atomic_load(&f.calls), 1);
    for (size_t i = 0; i < S_READERS; i++) {
        ASSERT_INT_EQ(r[i].rc, 0);
        ASSERT_TRUE(r[i].doc == r[0].doc);
        json_decref(r[i].doc);
    }
    gc_read_cache_free(c);
}

GC_TEST(readers_of_a_failed_fill_call_again)
{
    struct gc_read_cache *c = gc_read_cache_new(NULL);
    struct s_fill f = {0};
    struct s_reader r[S_READERS];
    pthread_t t[S_READERS];
    bool all_waited = false;
    int failed = 0;
    atomic_store(&f.fail_first, 1);
    s_crowd(c, &f, r, t, NULL, &all_waited);
    ASSERT_TRUE(all_waited);
    ASSERT_INT_EQ(atomic_load(&f.calls), 2); /* the failed one, then one for every waiter */
    for (size_t i = 0; i < S_READERS; i++) {
        if (r[i].rc != 0) {
            failed++;
            ASSERT_STR_EQ(r[i].err.code, "Throttling");
            gc_aws_error_clean_up(&r[i].err);
            continue;
        }
        ASSERT_INT_EQ(s_call_of(r[i].doc), 2);
        json_decref(r[i].doc);
    }
    ASSERT_INT_EQ(failed, 1);
    gc_read_cache_free(c);
}

static void s_write(struct gc_read_cache *c)
{
    gc_read_cache_bump(c);
}

/* The readers came before the write ended: the write is concurrent with their reads, and the one call they waited
 * on serves them all (before, each waiter called again in turn: one round trip each under a stream of writes). A
 * reader that comes after the write calls again. */
GC_TEST(a_write_during_a_fill_still_serves_its_waiters_but_not_later_readers)
{
    struct gc_read_cache *c = gc_read_cache_new(NULL);
    struct s_fill f = {0};
    struct s_reader r[S_READERS];
    pthread_t t[S_READERS];
    struct gc_aws_error err = {0};
    json_t *later = NULL;
    bool all_waited = false;
    s_crowd(c, &f, r, t, s_write, &all_waited);
    ASSERT_TRUE(all_waited);
    ASSERT_INT_EQ(atomic_load(&f.calls), 1);
    for (size_t i = 0; i < S_READERS; i++) {
        ASSERT_INT_EQ(r[i].rc, 0);
        ASSERT_INT_EQ(s_call_of(r[i].doc), 1);
        json_decref(r[i].doc);
    }
    ASSERT_INT_EQ(gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &later, &err), 0);
    ASSERT_INT_EQ(s_call_of(later), 2);
    json_decref(later);
    gc_read_cache_free(c);
}

/* ---- through the AWS client ---- */

static const struct fake_reply s_vpcs[] = {
    {200, "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>", {NULL}},
};

GC_TEST(client_writes_are_bumps_and_reads_are_not)
{
    struct kit_op k;
    kit_op_init(&k, 60, "read");
    k.fake.replies = s_vpcs;
    k.fake.n_replies = 1;
    struct gc_provider prov = {.aws = k.aws, .read_cache = gc_read_cache_new(k.aws)};
    struct gc_aws_error err = {0};
    json_t *in = json_pack("{s:[{s:s, s:[s]}]}", "Filters", "Name", "tag:x", "Values", "y");
    json_t *a = NULL, *b = NULL, *out = NULL;
    ASSERT_FALSE(gc_read_cache_read_only(&k.op)); /* no provider, no cache */
    k.op.provider = &prov;
    ASSERT_TRUE(gc_read_cache_read_only(&k.op));
    ASSERT_INT_EQ(gc_read_cache_call_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &a, &err), 0);
    ASSERT_STR_EQ(gc_doc_str(json_array_get(gc_doc_list(a, "Vpcs"), 0), "VpcId"), "vpc-1");
    ASSERT_INT_EQ(gc_read_cache_call_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &b, &err), 0);
    ASSERT_INT_EQ(k.fake.calls, 1);
    json_decref(b);
    /* another read (a different input) is another key, and no write */
    ASSERT_INT_EQ(gc_read_cache_call_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, NULL, &b, &err), 0);
    json_decref(b);
    ASSERT_INT_EQ(gc_read_cache_call_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &b, &err), 0);
    ASSERT_INT_EQ(k.fake.calls, 2);
    json_decref(b);
    /* a write through the client (whatever it answered) */
    json_t *tag = json_pack("{s:[s], s:[{s:s, s:s}]}", "Resources", "vpc-1", "Tags", "Key", "k", "Value", "v");
    gc_aws_op_call(k.aws, &gc_op_ec2_create_tags, tag, &out, &err);
    gc_aws_error_clean_up(&err);
    json_decref(out);
    json_decref(tag);
    ASSERT_INT_EQ((int)gc_aws_client_write_count(k.aws), 1);
    ASSERT_FALSE(gc_read_cache_read_only(&k.op)); /* this process writes: lists are no longer shared */
    ASSERT_INT_EQ(gc_read_cache_call_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &b, &err), 0);
    ASSERT_INT_EQ(k.fake.calls, 4);
    ASSERT_TRUE(a != b);
    json_decref(a);
    json_decref(b);
    json_decref(in);
    gc_read_cache_free(prov.read_cache);
    kit_op_clean_up(&k);
}

/* gc_read_cache_peek_all hands out what gc_read_cache_call_all would hand out now, and never calls: nothing kept, a
 * document a write made stale, another input or no cache at all are misses. */
GC_TEST(a_peek_takes_only_what_a_call_would_hand_out)
{
    struct kit_op k;
    kit_op_init(&k, 60, "read");
    k.fake.replies = s_vpcs;
    k.fake.n_replies = 1;
    struct gc_provider prov = {.aws = k.aws, .read_cache = gc_read_cache_new(k.aws)};
    struct gc_aws_error err = {0};
    json_t *in = json_pack("{s:[{s:s, s:[s]}]}", "Filters", "Name", "tag:x", "Values", "y");
    json_t *a = NULL, *b = NULL;
    ASSERT_FALSE(gc_read_cache_peek_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &b)); /* no cache */
    k.op.provider = &prov;
    ASSERT_FALSE(gc_read_cache_peek_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &b)); /* nothing kept */
    ASSERT_TRUE(b == NULL);
    ASSERT_INT_EQ(k.fake.calls, 0);
    ASSERT_INT_EQ(gc_read_cache_call_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &a, &err), 0);
    ASSERT_TRUE(gc_read_cache_peek_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &b));
    ASSERT_TRUE(a == b);
    json_decref(b);
    b = NULL;
    ASSERT_FALSE(gc_read_cache_peek_all(&k.op, "tgw-2", &gc_op_ec2_describe_vpcs, in, &b));   /* another scope */
    ASSERT_FALSE(gc_read_cache_peek_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, NULL, &b)); /* another input */
    ASSERT_INT_EQ(k.fake.calls, 1);
    gc_read_cache_bump(prov.read_cache); /* a write: the kept answer is stale */
    ASSERT_FALSE(gc_read_cache_peek_all(&k.op, "tgw-1", &gc_op_ec2_describe_vpcs, in, &b));
    ASSERT_TRUE(b == NULL);
    ASSERT_INT_EQ(k.fake.calls, 1);
    json_decref(a);
    json_decref(in);
    gc_read_cache_free(prov.read_cache);
    kit_op_clean_up(&k);
}

GC_TEST(reads_and_writes_are_told_apart)
{
    static const struct {
        const struct gc_aws_op_def *op;
        bool read;
    } cases[] = {
        {&gc_op_ec2_describe_transit_gateway_attachments, true},
        {&gc_op_ec2_get_transit_gateway_route_table_propagations, true},
        {&gc_op_ec2_search_transit_gateway_routes, true},
        {&gc_op_ram_list_resources, true},
        {&gc_op_sts_assume_role, true},
        {&gc_op_ec2_create_tags, false},
        {&gc_op_ec2_enable_transit_gateway_route_table_propagation, false},
        {&gc_op_ec2_accept_transit_gateway_vpc_attachment, false},
        {&gc_op_ram_associate_resource_share, false},
        {&gc_op_ec2_replace_route, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (gc_aws_op_is_read(cases[i].op) != cases[i].read) {
            printf("# %s\n", cases[i].op->name);
            ASSERT_TRUE(false);
        }
}

/* ---- allocation failure ---- */

GC_TEST(without_memory_the_cache_calls_straight_through)
{
    unsigned long k = 1;
    for (;; k++) {
        struct s_fill f = {0};
        struct gc_aws_error err = {0};
        json_t *a = NULL, *b = NULL;
        fa_start(k);
        struct gc_read_cache *c = gc_read_cache_new(NULL);
        int rc_a = c ? gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &a, &err) : 0;
        int rc_b = c ? gc_read_cache_get(c, "tgw-1", "atts", s_fill_fn, &f, &b, &err) : 0;
        bool failed = fa_failed();
        fa_stop();
        if (c) {
            ASSERT_INT_EQ(rc_a, 0);
            ASSERT_INT_EQ(rc_b, 0);
            ASSERT_INT_EQ(s_call_of(a), 1);
            /* a key that could not be stored costs a second call, nothing else */
            ASSERT_INT_EQ(s_call_of(b), atomic_load(&f.calls));
        }
        json_decref(a);
        json_decref(b);
        gc_read_cache_free(c);
        if (!failed)
            break;
    }
    ASSERT_TRUE(k > 1);
}

int main(void)
{
    fa_install();
    (void)kit_diag_has;
    static const struct gc_test_case cases[] = {
        GC_CASE(one_fill_per_key_then_hits),
        GC_CASE(a_bump_makes_earlier_reads_unusable),
        GC_CASE(a_kept_document_outlives_writes),
        GC_CASE(errors_are_not_kept),
        GC_CASE(concurrent_readers_share_one_fill),
        GC_CASE(readers_of_a_failed_fill_call_again),
        GC_CASE(a_write_during_a_fill_still_serves_its_waiters_but_not_later_readers),
        GC_CASE(client_writes_are_bumps_and_reads_are_not),
        GC_CASE(a_peek_takes_only_what_a_call_would_hand_out),
        GC_CASE(reads_and_writes_are_told_apart),
        GC_CASE(without_memory_the_cache_calls_straight_through),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
