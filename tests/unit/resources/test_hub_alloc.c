/* Resources under allocation failure, table-driven (s_cases: gcnet_municipality_hub, gcnet_dns_resolver):
 * create, read, update and delete (through gc_plan_resource,
 * gc_apply_resource and gc_read_resource, against the fake AWS with the hub's answers) are run again and again,
 * the k-th allocation inside the code under test failing (k = 1, 2, 3, ...; fake_alloc.h), until a run finishes
 * without reaching k. Every run must end with rc 0 and a complete result, or rc != 0 with an error diagnostic:
 * no crash, no leak (under ASan), never a silent success with missing state.
 *
 * Bound: every k up to S_DENSE, then every m-th k, m chosen from the phase's measured allocation count so that
 * a phase takes at most about S_MAX_RUNS runs (HUB_ALLOC_ALL=1: every k). The fake's own allocations are not
 * counted (it pauses the counter). HUB_ALLOC_TRACE=1 runs each bad k once more and prints the failing allocation's
 * stack to stderr (fa_set_trace).
 *
 * The hub reads its parts at once (framework/gc_parallel.h), so with threads the k-th allocation is whichever
 * thread gets there first. The sweep therefore runs twice: with one thread (gc_parallel_set_width(1): the same
 * allocation fails on every run of a k, so a bad k reproduces and can be traced), then with the threads of a real
 * run (the k-th allocation varies from run to run, but every run must still fail loudly or succeed completely). The threaded sweep runs the cases
 * that use gc_parallel.h (the hub; the resolver, whose load reads its parts at once). */
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "aws/gc_xml.h"
#include "fake_alloc.h"
#include "fake_world.h"
#include "framework/gc_parallel.h"
#include "framework/gc_plan.h"
#include "gc_test.h"
#include "dns_world.h"
#include "hub_world.h"
#include "value/gc_codec.h"

extern const struct gc_resource_def gc_resource_municipality_hub;
extern const struct gc_resource_def gc_resource_dns_resolver;

#define S_DENSE 500
#define S_MAX_RUNS 1500

enum phase { P_CREATE, P_READ, P_UPDATE, P_DELETE, P_COUNT };
static const char *const s_phase_names[P_COUNT] = {"create", "read", "update", "delete"};

static struct gc_value *s_prior; /* a complete object from the current case's unarmed create */

static size_t s_width = 1; /* gc_parallel_set_width for every run: 1 (deterministic) or 0 (real threads) */
static _Atomic int64_t s_now_ms = 1000000; /* steps of one operation may sleep on several threads */
static int64_t s_op_now(void)
{
    return s_now_ms;
}
static void s_op_sleep(int64_t ms)
{
    s_now_ms += ms;
}

static struct gc_value *s_hub_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_municipality_hub;
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *t = gc_value_new_collection(&gc_type_map_string);
    if (!config || !t) {
        gc_value_free(config);
        gc_value_free(t);
        return NULL;
    }
    gc_value_set_string(config, "municipality", "naruto");
    gc_value_set_string(config, "vpc_cidr", "10.20.0.0/24");
    gc_value_map_put(t, "env", gc_value_new_string(update ? "prod" : "test"));
    gc_value_object_set(config, "tags", t);
    if (update)
        gc_value_set_string(config, "name", "naruto-hub-2");
    return config;
}

struct outcome {
    int rc; /* the plan's when it failed, else the apply's or read's */
    bool error_diag;
    struct gc_value *state;
    union {
        struct hw_state hub;
        struct dw_state dns;
    } world;
    int unanswered;
};

/* A complete hub, or why not. */
static const char *s_incomplete(const struct gc_value *s, const char *env)
{
    static const char *const attrs[] = {"id", "vpc_id", "vpc_attachment_id", "resource_share_arn", "owner_id"};
    if (!s || gc_value_is_null(s))
        return "no state";
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        if (!gc_value_get_string(s, attrs[i]))
            return attrs[i];
    if (strcmp(gc_value_get_string(s, "id"), HW_TGW_ID) != 0)
        return "id";
    if (gc_value_length(gc_value_object_get(s, "route_table_ids")) != 3)
        return "route_table_ids";
    if (gc_value_length(gc_value_object_get(s, "subnet_ids")) != 2)
        return "subnet_ids";
    const char *e = gc_value_string(gc_value_map_get(gc_value_object_get(s, "tags_all"), "env"));
    if (!e || strcmp(e, env) != 0)
        return "tags_all.env";
    if (!gc_value_is_wholly_known(s))
        return "unknowns";
    return NULL;
}

/* What a hub's delete must have sent. */
static const char *s_hub_deleted(const struct outcome *o)
{
    if (!o->world.hub.tgw_gone || !o->world.hub.att_gone || !o->world.hub.share_gone)
        return "a delete was not sent";
    return NULL;
}

static int s_hub_install(struct fw_world *w, struct outcome *o)
{
    return hw_install(w, &o->world.hub);
}

static const char *s_hub_complete(const struct gc_value *s)
{
    return s_incomplete(s, "test");
}

/* gcnet_dns_resolver: the example in the fake's VPC; the update moves a pinned address, changes the
 * rule's targets, the name and a tag. */
static struct gc_value *s_dns_config(bool update)
{
    const struct gc_resource_def *def = &gc_resource_dns_resolver;
    const struct gc_type *rules_type = NULL;
    for (size_t i = 0; i < def->block->n_attrs; i++)
        if (strcmp(def->block->attrs[i].name, "forward_rules") == 0)
            rules_type = def->block->attrs[i].type;
    static const char *const subnets[] = {DW_SUBNET_A, DW_SUBNET_B};
    static const char *const cidrs[] = {"172.16.0.0/16"};
    static const char *const pinned[2][4] = {{"10.2.0.10", "10.2.128.10", "10.2.0.11", "10.2.128.11"},
                                             {"10.2.0.10", "10.2.128.10", "10.2.0.12", "10.2.128.11"}};
    static const char *const targets[2][2] = {{"172.16.1.53", "172.16.2.53"}, {"172.16.3.53", "172.16.2.53"}};
    static const char *const share[] = {"111111111111"};
    static const char *const zones[] = {DW_ZONE};
    struct gc_value *config = gc_value_new_object(def->block->type);
    struct gc_value *rules = rules_type ? gc_value_new_collection(rules_type) : NULL;
    struct gc_value *rule = rules_type ? gc_value_new_object(rules_type->elem) : NULL;
    struct gc_value *t = gc_value_new_collection(&gc_type_map_string);
    if (!config || !rules || !rule || !t) {
        gc_value_free(config);
        gc_value_free(rules);
        gc_value_free(rule);
        gc_value_free(t);
        return NULL;
    }
    gc_value_set_string(config, "vpc_id", DW_VPC_ID);
    gc_value_object_set(config, "subnet_ids", gc_value_new_string_list(&gc_type_list_string, subnets, 2));
    gc_value_set_string(config, "name", update ? "naruto-dns-2" : "naruto-dns");
    gc_value_object_set(config, "allowed_cidrs", gc_value_new_string_list(&gc_type_set_string, cidrs, 1));
    gc_value_object_set(config, "inbound_ips", gc_value_new_string_list(&gc_type_list_string, pinned[update], 4));
    gc_value_object_set(rule, "target_ips", gc_value_new_string_list(&gc_type_list_string, targets[update], 2));
    gc_value_set_int64(rule, "port", 53);
    gc_value_set_int64(rule, "outbound_endpoint", 0);
    gc_value_map_put(rules, "naruto.local", rule);
    gc_value_object_set(config, "forward_rules", rules);
    gc_value_object_set(config, "share_with", gc_value_new_string_list(&gc_type_set_string, share, 1));
    gc_value_object_set(config, "hosted_zone_ids", gc_value_new_string_list(&gc_type_set_string, zones, 1));
    gc_value_map_put(t, "env", gc_value_new_string(update ? "prod" : "test"));
    gc_value_object_set(config, "tags", t);
    return config;
}

static struct dw_state s_dns_built; /* the world after the unarmed create: read, update and delete start there */

static int s_dns_install(struct fw_world *w, struct outcome *o)
{
    return dw_install(w, &o->world.dns);
}

static void s_dns_setup(struct outcome *o, bool exists)
{
    if (exists)
        o->world.dns = s_dns_built;
}

static void s_dns_created(const struct outcome *o)
{
    s_dns_built = o->world.dns;
}

static const char *s_dns_complete(const struct gc_value *s)
{
    static const char *const lists[] = {"inbound_endpoint_ids", "outbound_endpoint_ids", "security_group_ids"};
    if (!s || gc_value_is_null(s))
        return "no state";
    if (!gc_value_get_string(s, "id") || strcmp(gc_value_get_string(s, "id"), DW_VPC_ID) != 0)
        return "id";
    if (!gc_value_get_string(s, "resource_share_arn"))
        return "resource_share_arn";
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (gc_value_length(gc_value_object_get(s, lists[i])) != 2)
            return lists[i];
    if (gc_value_length(gc_value_object_get(s, "inbound_ip_addresses")) != 4)
        return "inbound_ip_addresses";
    if (gc_value_length(gc_value_object_get(s, "rule_ids")) != 1)
        return "rule_ids";
    if (!gc_value_is_wholly_known(s))
        return "unknowns";
    return NULL;
}

static const char *s_dns_deleted(const struct outcome *o)
{
    const struct dw_state *st = &o->world.dns;
    for (int i = 0; i < st->n_ep; i++)
        if (st->ep[i].live)
            return "an endpoint left";
    for (int i = 0; i < st->n_rule; i++)
        if (st->rule[i].live)
            return "a rule left";
    for (int i = 0; i < st->n_sg; i++)
        if (st->sg[i].live)
            return "a security group left";
    if (st->share)
        return "the share left";
    if (st->n_zones)
        return "a zone association left";
    return NULL;
}

struct alloc_case {
    const char *name;
    const struct gc_resource_def *def;
    struct gc_value *(*config)(bool update);
    int (*install)(struct fw_world *w, struct outcome *o);
    void (*setup)(struct outcome *o, bool exists); /* optional: the world before a phase */
    void (*created)(const struct outcome *o);      /* optional: the world after the unarmed create */
    const char *(*complete)(const struct gc_value *state);
    const char *(*deleted)(const struct outcome *o);
};

static const struct alloc_case s_cases[] = {
    {"municipality_hub", &gc_resource_municipality_hub, s_hub_config, s_hub_install, NULL, NULL, s_hub_complete,
     s_hub_deleted},
    {"dns_resolver", &gc_resource_dns_resolver, s_dns_config, s_dns_install, s_dns_setup, s_dns_created,
     s_dns_complete, s_dns_deleted},
};
static const struct alloc_case *s_case = &s_cases[0];

/* Runs one phase with the fail_at-th allocation failing (0: none); *reached says whether it was reached. */
static int s_run(enum phase phase, unsigned long fail_at, struct outcome *out, bool *reached, unsigned long *count)
{
    const struct gc_resource_def *def = s_case->def;
    int result = -1;
    struct fake_aws clock;
    struct gc_diags diags;
    struct gc_path_list replace = {0};
    struct gc_value *planned = NULL, *config = NULL;
    struct fw_world *w = NULL;
    memset(&clock, 0, sizeof clock);
    memset(out, 0, sizeof *out);
    gc_diags_init(&diags);
    struct gc_aws_client *aws = fake_aws_client(&clock, "ap-northeast-1", "http://fake.test", NULL, 0);
    struct gc_value *defaults = gc_value_new_collection(&gc_type_map_string);
    struct gc_provider prov = {.aws = aws, .default_tags = defaults, .region = (char *)"ap-northeast-1"};
    if (s_case->setup)
        s_case->setup(out, phase != P_CREATE);
    if (!aws || !defaults || fw_world_new(&w) != 0 || s_case->install(w, out) != 0)
        goto cleanup;
    if ((phase == P_CREATE || phase == P_UPDATE) && !(config = s_case->config(phase == P_UPDATE)))
        goto cleanup;
    struct gc_http_transport tr = fw_world_transport(w);
    gc_aws_client_set_transport(aws, &tr);
    gc_value_map_put(defaults, "owner", gc_value_new_string("council"));
    gc_op_set_clock(s_op_now, s_op_sleep);
    gc_parallel_set_width(s_width);
    const struct gc_value *prior = phase == P_CREATE ? NULL : s_prior;
    fa_start(fail_at);
    if (phase == P_CREATE || phase == P_UPDATE) {
        out->rc = gc_plan_resource(def, &prov, prior, config, config, &planned, &replace, &diags);
        if (out->rc == 0)
            out->rc = gc_apply_resource(def, &prov, prior, planned, &out->state, &diags);
    } else if (phase == P_READ) {
        out->rc = gc_read_resource(def, &prov, prior, &out->state, &diags);
    } else {
        out->rc = gc_apply_resource(def, &prov, prior, NULL, &out->state, &diags);
    }
    *count = fa_stop();
    *reached = fa_failed();
    out->error_diag = gc_diags_has_error(&diags);
    out->unanswered = fw_n_unanswered(w);
    result = 0;
cleanup:
    gc_parallel_set_width(0);
    gc_op_set_clock(NULL, NULL);
    gc_path_list_clean_up(&replace);
    gc_value_free(planned);
    gc_value_free(config);
    gc_value_free(defaults);
    gc_diags_clean_up(&diags);
    gc_aws_client_free(aws);
    fake_aws_forget(&clock);
    fw_world_destroy(w);
    return result;
}

/* What a successful phase must have left: NULL when it did, else what is missing. `reference` is the unarmed
 * run's state: an armed run that succeeds must leave exactly that. */
static const char *s_judge_success(enum phase phase, const struct outcome *o, const struct gc_value *reference)
{
    /* with threads the fake hands out the route tables' ids in the order the creates reach it, which varies from
     * run to run: a create is then held to completeness alone (below) */
    bool comparable = s_width == 1 || phase != P_CREATE;
    if (phase != P_DELETE && reference && comparable && !gc_value_equal(o->state, reference)) {
        if (getenv("ALLOC_DIFF")) {
            struct gc_buf a, b;
            gc_buf_init(&a, 1 << 20);
            gc_buf_init(&b, 1 << 20);
            if (gc_json_encode(o->state, &a) == 0 && gc_json_encode(reference, &b) == 0)
                printf("# got:  %s\n# want: %s\n", gc_buf_cstr(&a), gc_buf_cstr(&b));
            gc_buf_clean_up(&a);
            gc_buf_clean_up(&b);
        }
        return "a state other than the run without failures";
    }
    if (phase == P_DELETE) {
        if (o->state && !gc_value_is_null(o->state))
            return "state left after a delete";
        return s_case->deleted(o);
    }
    /* the create must build a complete object; read and update are held to the unarmed run (the hub's world lists
     * no subnets by the hub's tags, so a read drops them) */
    if (phase == P_CREATE)
        return s_case->complete(o->state);
    return o->state && !gc_value_is_null(o->state) ? NULL : "no state";
}

/* The k schedule: every k up to S_DENSE, then every m-th. */
static unsigned long s_next_k(unsigned long k, unsigned long stride)
{
    return k < S_DENSE ? k + 1 : k + stride;
}

static int s_phase(enum phase phase, int *runs, int *failed_cleanly, int *bad)
{
    struct outcome o;
    bool reached = false;
    unsigned long total = 0;
    /* unarmed: how many allocations the phase makes */
    const char *why = NULL;
    if (s_run(phase, 0, &o, &reached, &total) != 0 || o.rc != 0 || o.unanswered != 0 ||
        (why = s_judge_success(phase, &o, NULL)) != NULL) {
        printf("# %s %s: the unarmed run failed (rc %d, %d unanswered): %s\n", s_case->name,
               s_phase_names[phase], o.rc, o.unanswered, why ? why : "");
        gc_value_free(o.state);
        return -1;
    }
    struct gc_value *reference = o.state;
    if (phase == P_CREATE) {
        gc_value_free(s_prior);
        s_prior = gc_value_copy(o.state);
        if (s_case->created)
            s_case->created(&o);
    }
    unsigned long stride = 1;
    if (!getenv("HUB_ALLOC_ALL") && total > S_DENSE)
        stride = (total - S_DENSE) / (S_MAX_RUNS - S_DENSE) + 1;
    for (unsigned long k = 1;; k = s_next_k(k, stride)) {
        unsigned long count = 0;
        if (s_run(phase, k, &o, &reached, &count) != 0) {
            printf("# %s %s k=%lu: the test's own setup failed\n", s_case->name, s_phase_names[phase], k);
            gc_value_free(reference);
            return -1;
        }
        why = NULL;
        if (o.rc == 0)
            why = s_judge_success(phase, &o, reference);
        else if (!o.error_diag)
            why = "rc != 0 without an error diagnostic";
        gc_value_free(o.state);
        if (!reached) {
            if (o.rc != 0 || why) {
                printf("# %s %s: the run past the last allocation (k=%lu) did not succeed: %s\n", s_case->name,
                       s_phase_names[phase], k, why ? why : "rc != 0");
                (*bad)++;
            }
            gc_value_free(reference);
            printf("# %s %s: %lu allocations counted, %d runs (every k to %d, then every %lu), %d failed with a "
                   "diagnostic, %d bad\n",
                   s_case->name, s_phase_names[phase], total, *runs, S_DENSE, stride, *failed_cleanly, *bad);
            return 0;
        }
        (*runs)++;
        if (why) {
            (*bad)++;
            if (*bad <= 20)
                printf("# BAD: %s %s, allocation %lu failing: rc %d: %s\n", s_case->name, s_phase_names[phase], k,
                       o.rc, why);
            if (getenv("HUB_ALLOC_TRACE") && s_width == 1) {
                struct outcome again;
                bool reached_again = false;
                unsigned long count_again = 0;
                fprintf(stderr, "BAD %s %s k=%lu: %s; the failing allocation:\n", s_case->name, s_phase_names[phase],
                        k, why);
                fa_set_trace(true);
                s_run(phase, k, &again, &reached_again, &count_again);
                fa_set_trace(false);
                gc_value_free(again.state);
            }
        } else if (o.rc != 0) {
            (*failed_cleanly)++;
        }
    }
}

static int s_total_bad = -1;
static int s_total_bad_threads = -1;

/* Every phase of every case (ALLOC_ONLY=<name>: that case alone) with `width` threads; `threaded_only`: only the cases
 * whose steps run at once. The number of bad runs, or -1 when a phase could not be run. */
static int s_sweep(size_t width, bool threaded_only)
{
    int total_bad = 0;
    const char *only = getenv("ALLOC_ONLY");
    s_width = width;
    for (size_t c = 0; c < sizeof s_cases / sizeof s_cases[0]; c++) {
        s_case = &s_cases[c];
        if ((only && strcmp(only, s_case->name) != 0) ||
            (threaded_only && strcmp(s_case->name, "municipality_hub") != 0 &&
             strcmp(s_case->name, "dns_resolver") != 0))
            continue;
        for (int p = 0; p < P_COUNT; p++) {
            int runs = 0, failed_cleanly = 0, bad = 0;
            if (s_phase((enum phase)p, &runs, &failed_cleanly, &bad) != 0 || runs == 0 || failed_cleanly == 0)
                total_bad = -1; /* failed_cleanly: the failures do reach the code under test */
            else if (total_bad >= 0)
                total_bad += bad;
        }
    }
    s_width = 1;
    return total_bad;
}

/* Every phase runs to its end with each allocation failing in turn: no crash, no sanitizer report, no leak. */
GC_TEST(every_phase_survives_each_failed_allocation)
{
    s_total_bad = s_sweep(1, false);
    ASSERT_TRUE(s_total_bad >= 0);
}

/* The same with the hub's parts made and read, and the resolver's read, by several threads at once. */
GC_TEST(every_phase_survives_each_failed_allocation_with_threads)
{
    s_total_bad_threads = s_sweep(0, true);
    ASSERT_TRUE(s_total_bad_threads >= 0);
}

/* Each run ends with rc 0 and the full result, or rc != 0 and an error diagnostic: never -1 without a diagnostic,
 * never a read with less state, never a delete that succeeds without deleting. The BAD lines above name the phase
 * and k (HUB_ALLOC_TRACE=1: and where the allocation failed). */
GC_TEST(no_failure_is_silent)
{
    ASSERT_TRUE(s_total_bad >= 0);
    ASSERT_INT_EQ(s_total_bad, 0);
    ASSERT_TRUE(s_total_bad_threads >= 0);
    ASSERT_INT_EQ(s_total_bad_threads, 0);
}

/* The counter itself: the armed allocation fails, once, and only outside a pause. */
GC_TEST(counter_fails_the_kth_allocation_only)
{
    fa_start(2);
    void *a = malloc(8);
    fa_pause();
    void *paused = malloc(8);
    fa_resume();
    void *b = malloc(8);
    char *c = strdup("x");
    unsigned long n = fa_stop();
    bool failed = fa_failed();
    bool a_ok = a != NULL, paused_ok = paused != NULL, b_null = b == NULL, c_ok = c != NULL;
    free(a);
    free(paused);
    free(b);
    free(c);
    ASSERT_TRUE(a_ok);
    ASSERT_TRUE(paused_ok);
    ASSERT_TRUE(b_null);
    ASSERT_TRUE(c_ok);
    ASSERT_INT_EQ(n, 3);
    ASSERT_TRUE(failed);
    /* jansson goes through the counter too; the XML reader makes one allocation per document */
    fa_start(1);
    json_t *j = json_object();
    fa_stop();
    bool j_null = j == NULL;
    json_decref(j);
    ASSERT_TRUE(j_null);
    fa_start(0);
    struct gc_xml_doc *doc = gc_xml_parse(gc_span_from_cstr("<a><b>x</b><c/></a>"));
    unsigned long xml_allocs = fa_stop();
    bool doc_ok = doc != NULL;
    gc_xml_free_doc(doc);
    fa_start(1);
    doc = gc_xml_parse(gc_span_from_cstr("<a><b>x</b><c/></a>"));
    fa_stop();
    bool doc_null = doc == NULL;
    gc_xml_free_doc(doc);
    ASSERT_TRUE(doc_ok);
    ASSERT_INT_EQ(xml_allocs, 1);
    ASSERT_TRUE(doc_null);
}

int main(void)
{
    fa_install();
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    FILE *probe = fopen("create_tgw.xml", "rb");
    if (!probe) {
        printf("Bail out! fixtures not found: run in tests/unit/aws/ec2-fixtures\n");
        return 1;
    }
    fclose(probe);
    static const struct gc_test_case cases[] = {
        GC_CASE(counter_fails_the_kth_allocation_only),
        GC_CASE(every_phase_survives_each_failed_allocation),
        GC_CASE(every_phase_survives_each_failed_allocation_with_threads),
        GC_CASE(no_failure_is_silent),
    };
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    gc_value_free(s_prior);
    return rc;
}
