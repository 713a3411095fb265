/* The shared lifecycle of framework/gc_plan.c on a small test resource: plan rules (unknowns, defaults,
 * forced replacement, tags_all, config-only timeouts), apply reconciliation and failure states, read (config-only
 * blocks, tags without defaults), state upgrade, and gc_op_wait with a fake clock. */
#include <stdio.h>
#include <stdlib.h>

#include "aws/fake_aws.h"
#include "framework/gc_plan.h"
#include "framework/gc_read_cache.h"
#include "gc_test.h"

/* ---- the test resource ---- */

static struct gc_value *s_default_size(const struct gc_plan_ctx *ctx, const struct gc_value *config)
{
    (void)ctx;
    (void)config;
    return gc_value_new_int(7);
}

static const struct gc_attr_def s_timeouts_attrs[] = {
    {"create", &gc_type_string, GC_ATTR_OPTIONAL, "", gc_validate_duration, NULL},
    {"update", &gc_type_string, GC_ATTR_OPTIONAL, "", gc_validate_duration, NULL},
};
static struct gc_block_def s_timeouts = {.attrs = s_timeouts_attrs, .n_attrs = 2, .description = ""};

static const struct gc_attr_def s_attrs[] = {
    {"name", &gc_type_string, GC_ATTR_REQUIRED | GC_ATTR_FORCE_NEW, "", NULL, NULL},
    {"note", &gc_type_string, GC_ATTR_OPTIONAL, "", NULL, NULL},
    {"size", &gc_type_number, GC_ATTR_OPTIONAL | GC_ATTR_COMPUTED, "", NULL, s_default_size},
    {"id", &gc_type_string, GC_ATTR_COMPUTED | GC_ATTR_STABLE, "", NULL, NULL},
    {"status", &gc_type_string, GC_ATTR_COMPUTED, "", NULL, NULL},
    {"tags", &gc_type_map_string, GC_ATTR_OPTIONAL | GC_ATTR_TAGS, "", gc_validate_tags, NULL},
    {"tags_all", &gc_type_map_string, GC_ATTR_COMPUTED | GC_ATTR_TAGS_ALL, "", NULL, NULL},
};
static const struct gc_nested_def s_blocks[] = {
    {"timeouts", GC_NEST_SINGLE, 0, 0, &s_timeouts, GC_ATTR_CONFIG_ONLY},
};
static struct gc_block_def s_block = {
    .attrs = s_attrs, .n_attrs = 7, .blocks = s_blocks, .n_blocks = 1, .description = "test thing"};

/* What the fake CRUD steps do, set by each test. */
static struct {
    int create_rc;
    bool create_partial; /* on failure, return a state with only the id */
    int update_rc;
    bool update_state;
    int calls_create, calls_update, calls_delete, calls_read;
    struct gc_value *read_state; /* returned (copied) by read */
    const char *read_private;    /* set by read (gc_op_set_private) when not NULL */
    bool read_fails;             /* read sets its private bytes, then fails */
    char seen_private[64];       /* op->private_prior as read saw it */
    int64_t last_timeout_s;
    const char *last_kind;
    bool create_reads; /* the create reads key ("tgw-1", "k") through the provider's read cache */
    int fills;         /* calls of s_fill_counted */
} fx;

static int s_fill_counted(void *arg, json_t **doc, struct gc_aws_error *err)
{
    (void)arg;
    (void)err;
    fx.fills++;
    *doc = json_pack("{s:i}", "fill", fx.fills);
    return *doc ? 0 : -1;
}

static int s_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state)
{
    fx.calls_create++;
    fx.last_timeout_s = op->timeout_s;
    fx.last_kind = op->timeout_kind;
    if (fx.create_reads) {
        json_t *doc = NULL;
        struct gc_aws_error err = {0};
        gc_read_cache_get(op->provider->read_cache, "tgw-1", "k", s_fill_counted, NULL, &doc, &err);
        json_decref(doc);
    }
    *state = gc_value_copy(planned);
    gc_value_set_string(*state, "id", "thing-1");
    gc_value_set_int64(*state, "size", 99);             /* planned known value must win */
    gc_value_set_string(*state, "name", "remote-name"); /* idem */
    /* status is left unknown: it must come back null */
    if (fx.create_rc != 0) {
        gc_diags_error_at(op->diags, NULL, "Create failed", "step 2 of 3 failed");
        if (!fx.create_partial) {
            gc_value_free(*state);
            *state = NULL;
        }
    }
    return fx.create_rc;
}

static int s_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                    struct gc_value **state)
{
    (void)prior;
    fx.calls_update++;
    fx.last_kind = op->timeout_kind;
    fx.last_timeout_s = op->timeout_s;
    *state = NULL;
    if (fx.update_state || fx.update_rc == 0) {
        *state = gc_value_copy(planned);
        gc_value_set_string(*state, "status", "updated");
    }
    if (fx.update_rc != 0)
        gc_diags_error_at(op->diags, "note", "Update failed", "AWS said no");
    return fx.update_rc;
}

static int s_delete(struct gc_op *op, const struct gc_value *prior)
{
    (void)op;
    (void)prior;
    fx.calls_delete++;
    return 0;
}

static int s_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state)
{
    (void)prior;
    fx.calls_read++;
    snprintf(fx.seen_private, sizeof fx.seen_private, "%.*s", (int)op->private_prior.len,
             (const char *)op->private_prior.ptr);
    if (fx.read_private && gc_op_set_private(op, fx.read_private, strlen(fx.read_private)) != 0)
        return -1;
    if (fx.read_fails) {
        gc_diags_error_at(op->diags, NULL, "Read failed", "AWS said no");
        return -1;
    }
    *state = fx.read_state ? gc_value_copy(fx.read_state) : NULL;
    return 0;
}

static const struct gc_resource_def s_def = {
    .type_name = "gcnet_test_thing",
    .version = 1,
    .block = &s_block,
    .default_create_s = 600,
    .default_update_s = 300,
    .default_delete_s = 120,
    .create = s_create,
    .read = s_read,
    .update = s_update,
    .delete = s_delete,
};

/* ---- helpers ---- */

static struct gc_value *s_map(const char *const *kv, size_t n_pairs)
{
    struct gc_value *m = gc_value_new_collection(&gc_type_map_string);
    for (size_t i = 0; m && i < n_pairs; i++)
        gc_value_map_put(m, kv[2 * i], gc_value_new_string(kv[2 * i + 1]));
    return m;
}

/* A configuration: name, optional note and tags; every computed attribute null. */
static struct gc_value *s_config(const char *name, const char *note, struct gc_value *tags)
{
    struct gc_value *c = gc_value_new_object(s_block.type);
    gc_value_set_string(c, "name", name);
    gc_value_set_string(c, "note", note);
    if (tags)
        gc_value_object_set(c, "tags", tags);
    return c;
}

/* A full prior state as after create with tags {env=prod} and provider defaults {owner=council}. */
static struct gc_value *s_prior(void)
{
    static const char *const tags[] = {"env", "prod"};
    static const char *const all[] = {"env", "prod", "owner", "council"};
    struct gc_value *p = s_config("hub", "n1", s_map(tags, 1));
    gc_value_set_int64(p, "size", 7);
    gc_value_set_string(p, "id", "thing-1");
    gc_value_set_string(p, "status", "ready");
    gc_value_object_set(p, "tags_all", s_map(all, 2));
    return p;
}

/* Terraform's proposed new state: config values, prior values for computed attributes the config leaves null. */
static struct gc_value *s_proposed(const struct gc_value *prior, const struct gc_value *config)
{
    struct gc_value *p = gc_value_copy(config);
    for (size_t i = 0; prior && !gc_value_is_null(prior) && i < s_block.n_attrs; i++) {
        const struct gc_attr_def *a = &s_block.attrs[i];
        if ((a->flags & GC_ATTR_COMPUTED) && gc_value_is_null(gc_value_object_get(config, a->name)))
            gc_value_object_set(p, a->name, gc_value_copy(gc_value_object_get(prior, a->name)));
    }
    return p;
}

static struct gc_provider s_provider_with_defaults(struct gc_aws_client *aws)
{
    static const char *const defaults[] = {"owner", "council", "env", "default-env"};
    struct gc_provider p = {.aws = aws, .default_tags = s_map(defaults, 2), .region = (char *)"ap-northeast-1"};
    return p;
}

static bool s_is_unknown(const struct gc_value *obj, const char *name)
{
    const struct gc_value *v = gc_value_object_get(obj, name);
    return v && v->state == GC_VALUE_UNKNOWN;
}

static bool s_diag_has(const struct gc_diags *diags, const char *text)
{
    for (size_t i = 0; i < diags->n; i++)
        if ((diags->items[i].summary && strstr(diags->items[i].summary, text)) ||
            (diags->items[i].detail && strstr(diags->items[i].detail, text)))
            return true;
    return false;
}

static const char *s_or_empty(const char *s)
{
    return s ? s : "";
}

struct s_plan_out {
    int rc;
    struct gc_value *planned;
    struct gc_path_list replace;
    struct gc_diags diags;
};

static void s_plan(struct s_plan_out *o, struct gc_provider *provider, const struct gc_value *prior,
                   const struct gc_value *config)
{
    struct gc_value *proposed = config ? s_proposed(prior, config) : NULL;
    memset(o, 0, sizeof *o);
    gc_diags_init(&o->diags);
    o->rc = gc_plan_resource(&s_def, provider, prior, proposed, config, &o->planned, &o->replace, &o->diags);
    gc_value_free(proposed);
}

static void s_plan_out_clean_up(struct s_plan_out *o)
{
    gc_value_free(o->planned);
    gc_path_list_clean_up(&o->replace);
    gc_diags_clean_up(&o->diags);
}

/* ---- plan ---- */

GC_TEST(plan_create)
{
    static const char *const tags[] = {"env", "prod"};
    struct gc_provider prov = s_provider_with_defaults(NULL);
    struct gc_value *config = s_config("hub", NULL, s_map(tags, 1));
    struct s_plan_out o;
    s_plan(&o, &prov, NULL, config);
    int rc = o.rc;
    bool id_unknown = s_is_unknown(o.planned, "id"), status_unknown = s_is_unknown(o.planned, "status");
    int64_t size = 0;
    int size_rc = gc_value_get_int64(o.planned, "size", &size);
    const struct gc_value *all = gc_value_object_get(o.planned, "tags_all");
    char env[32], owner[32];
    snprintf(env, sizeof env, "%s", s_or_empty(gc_value_string(gc_value_map_get(all, "env"))));
    snprintf(owner, sizeof owner, "%s", s_or_empty(gc_value_string(gc_value_map_get(all, "owner"))));
    size_t n_all = gc_value_length(all);
    size_t n_replace = o.replace.n;
    const char *name = gc_value_get_string(o.planned, "name");
    bool name_ok = name && strcmp(name, "hub") == 0;
    s_plan_out_clean_up(&o);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(id_unknown);
    ASSERT_TRUE(status_unknown);
    ASSERT_INT_EQ(size_rc, 0);
    ASSERT_INT_EQ(size, 7);
    ASSERT_INT_EQ(n_all, 2);
    ASSERT_STR_EQ(env, "prod"); /* the resource's tag wins over the provider default */
    ASSERT_STR_EQ(owner, "council");
    ASSERT_INT_EQ(n_replace, 0);
    ASSERT_TRUE(name_ok);
}

GC_TEST(plan_destroy)
{
    struct gc_value *prior = s_prior();
    struct gc_value *null_proposed = gc_value_new_null(s_block.type);
    struct gc_value *planned = NULL;
    struct gc_path_list replace = {0};
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_plan_resource(&s_def, NULL, prior, null_proposed, null_proposed, &planned, &replace, &diags);
    bool is_null = planned && gc_value_is_null(planned);
    size_t n = diags.n;
    gc_value_free(planned);
    gc_value_free(prior);
    gc_value_free(null_proposed);
    gc_diags_clean_up(&diags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(is_null);
    ASSERT_INT_EQ(n, 0);
}

GC_TEST(plan_update_no_change)
{
    static const char *const tags[] = {"env", "prod"};
    static const char *const defaults[] = {"owner", "council"};
    struct gc_provider prov = {.aws = NULL, .default_tags = s_map(defaults, 1), .region = (char *)"ap-northeast-1"};
    struct gc_value *prior = s_prior();
    struct gc_value *config = s_config("hub", "n1", s_map(tags, 1));
    struct s_plan_out o;
    s_plan(&o, &prov, prior, config);
    bool known = gc_value_is_wholly_known(o.planned);
    bool equal = gc_value_equal(o.planned, prior);
    int rc = o.rc;
    size_t n_replace = o.replace.n;
    s_plan_out_clean_up(&o);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(known);
    ASSERT_TRUE(equal);
    ASSERT_INT_EQ(n_replace, 0);
}

GC_TEST(plan_force_new)
{
    static const char *const tags[] = {"env", "prod"};
    struct gc_provider prov = s_provider_with_defaults(NULL);
    struct gc_value *prior = s_prior();
    struct gc_value *config = s_config("hub-2", "n1", s_map(tags, 1));
    struct s_plan_out o;
    s_plan(&o, &prov, prior, config);
    int rc = o.rc;
    size_t n = o.replace.n;
    char *path = n ? gc_path_to_string(&o.replace.items[0]) : NULL;
    bool id_unknown = s_is_unknown(o.planned, "id"), status_unknown = s_is_unknown(o.planned, "status");
    bool size_known = gc_value_is_known(gc_value_object_get(o.planned, "size"));
    s_plan_out_clean_up(&o);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n, 1);
    ASSERT_STR_EQ(path, "name");
    free(path);
    ASSERT_TRUE(id_unknown); /* replacement: even the stable id is new */
    ASSERT_TRUE(status_unknown);
    ASSERT_TRUE(size_known);
}

GC_TEST(plan_in_place_change)
{
    static const char *const tags[] = {"env", "prod"};
    static const char *const defaults[] = {"owner", "council"};
    struct gc_provider prov = {.aws = NULL, .default_tags = s_map(defaults, 1), .region = NULL};
    struct gc_value *prior = s_prior();
    struct gc_value *config = s_config("hub", "n2", s_map(tags, 1));
    struct s_plan_out o;
    s_plan(&o, &prov, prior, config);
    int rc = o.rc;
    size_t n = o.replace.n;
    const char *id = gc_value_get_string(o.planned, "id");
    bool id_kept = id && strcmp(id, "thing-1") == 0;
    bool status_unknown = s_is_unknown(o.planned, "status");
    s_plan_out_clean_up(&o);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(n, 0);
    ASSERT_TRUE(id_kept); /* STABLE */
    ASSERT_TRUE(status_unknown);
}

GC_TEST(plan_tags_change)
{
    static const char *const tags[] = {"env", "stage", "team", "net"};
    static const char *const defaults[] = {"owner", "council", "env", "default-env"};
    struct gc_provider prov = {.aws = NULL, .default_tags = s_map(defaults, 2), .region = NULL};
    struct gc_value *prior = s_prior();
    struct gc_value *config = s_config("hub", "n1", s_map(tags, 2));
    struct s_plan_out o;
    s_plan(&o, &prov, prior, config);
    int rc = o.rc;
    const struct gc_value *all = gc_value_object_get(o.planned, "tags_all");
    bool all_known = gc_value_is_wholly_known(all);
    size_t n_all = gc_value_length(all);
    char env[32] = "", owner[32] = "", team[32] = "";
    snprintf(env, sizeof env, "%s", s_or_empty(gc_value_string(gc_value_map_get(all, "env"))));
    snprintf(owner, sizeof owner, "%s", s_or_empty(gc_value_string(gc_value_map_get(all, "owner"))));
    snprintf(team, sizeof team, "%s", s_or_empty(gc_value_string(gc_value_map_get(all, "team"))));
    s_plan_out_clean_up(&o);

    /* provider not configured yet: tags_all is unknown */
    s_plan(&o, NULL, prior, config);
    int rc2 = o.rc;
    bool unknown = s_is_unknown(o.planned, "tags_all");
    s_plan_out_clean_up(&o);

    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(all_known);
    ASSERT_INT_EQ(n_all, 3);
    ASSERT_STR_EQ(env, "stage");
    ASSERT_STR_EQ(owner, "council");
    ASSERT_STR_EQ(team, "net");
    ASSERT_INT_EQ(rc2, 0);
    ASSERT_TRUE(unknown);
}

GC_TEST(plan_timeouts_only_change)
{
    static const char *const tags[] = {"env", "prod"};
    static const char *const defaults[] = {"owner", "council"};
    struct gc_provider prov = {.aws = NULL, .default_tags = s_map(defaults, 1), .region = NULL};
    struct gc_value *prior = s_prior();
    struct gc_value *config = s_config("hub", "n1", s_map(tags, 1));
    struct gc_value *t = gc_value_new_object(s_timeouts.type);
    gc_value_set_string(t, "create", "45m");
    gc_value_object_set(config, "timeouts", t);
    struct s_plan_out o;
    s_plan(&o, &prov, prior, config);
    int rc = o.rc;
    bool known = gc_value_is_wholly_known(o.planned);
    const char *status = gc_value_get_string(o.planned, "status");
    bool status_kept = status && strcmp(status, "ready") == 0;
    const char *id = gc_value_get_string(o.planned, "id");
    bool id_kept = id && strcmp(id, "thing-1") == 0;
    size_t n = o.replace.n;
    s_plan_out_clean_up(&o);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(known);
    ASSERT_TRUE(status_kept);
    ASSERT_TRUE(id_kept);
    ASSERT_INT_EQ(n, 0);
}

GC_TEST(plan_invalid_config)
{
    struct gc_value *config = s_config("hub", NULL, NULL);
    struct gc_value *t = gc_value_new_object(s_timeouts.type);
    gc_value_set_string(t, "update", "forever");
    gc_value_object_set(config, "timeouts", t);
    struct s_plan_out o;
    s_plan(&o, NULL, NULL, config);
    int rc = o.rc;
    bool no_plan = o.planned == NULL;
    char *path = o.diags.n ? gc_path_to_string(&o.diags.items[0].path) : NULL;
    bool has_error = gc_diags_has_error(&o.diags);
    s_plan_out_clean_up(&o);
    gc_value_free(config);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_TRUE(no_plan);
    ASSERT_TRUE(has_error);
    ASSERT_STR_EQ(path, "timeouts.update");
    free(path);
}

/* A map of n tags "<prefix>NN" = "v". */
static struct gc_value *s_numbered_tags(const char *prefix, int n)
{
    struct gc_value *m = gc_value_new_collection(&gc_type_map_string);
    for (int i = 0; m && i < n; i++) {
        char k[32];
        snprintf(k, sizeof k, "%s%02d", prefix, i);
        gc_value_map_put(m, k, gc_value_new_string("v"));
    }
    return m;
}

/* tags and default_tags may hold 40 each, but each object carries their merge plus gcnet's own: AWS refused 40 + 40
 * at CreateTransitGateway (TagLimitExceeded) after the plan had passed. The plan now refuses it, on `tags`, with the
 * counts; overlapping keys count once. */
GC_TEST(plan_merged_tag_count)
{
    static const struct {
        int n_tags, n_defaults;
        const char *default_prefix; /* "t": the defaults share the tags' keys */
        bool ok;
        const char *expect;
    } rows[] = {
        {40, 40, "d", false, "make 80 tags"},
        {20, 20, "d", true, NULL},
        {21, 20, "d", false, "tags (21) and the provider's default_tags (20) make 41"},
        {40, 0, "d", true, NULL},
        {0, 40, "d", true, NULL},
        {0, 41, "d", false, "make 41"},
        {40, 40, "t", true, NULL}, /* the same 40 keys: 40 on each object */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct gc_provider prov = {.default_tags = s_numbered_tags(rows[i].default_prefix, rows[i].n_defaults)};
        struct gc_value *config = s_config("hub", NULL, rows[i].n_tags ? s_numbered_tags("t", rows[i].n_tags) : NULL);
        struct s_plan_out o;
        s_plan(&o, &prov, NULL, config);
        int rc = o.rc;
        bool found = rows[i].expect ? s_diag_has(&o.diags, rows[i].expect) : true;
        char *path = o.diags.n ? gc_path_to_string(&o.diags.items[0].path) : NULL;
        bool path_ok = rows[i].ok ? o.diags.n == 0 : path && strcmp(path, "tags") == 0;
        if (!found || !path_ok)
            printf("# row %zu: rc %d, %zu diags, path %s: %s\n", i, rc, o.diags.n, path ? path : "-",
                   o.diags.n && o.diags.items[0].detail ? o.diags.items[0].detail : "");
        free(path);
        s_plan_out_clean_up(&o);
        gc_value_free(config);
        gc_value_free(prov.default_tags);
        ASSERT_INT_EQ(rc, rows[i].ok ? 0 : -1);
        ASSERT_TRUE(found);
        ASSERT_TRUE(path_ok);
    }
}

/* ---- apply ---- */

static struct gc_aws_client *s_test_client(struct fake_aws *f)
{
    static const struct fake_reply reply = {500, "", {NULL}};
    memset(f, 0, sizeof *f);
    f->replies = &reply;
    f->n_replies = 1;
    return fake_aws_client(f, "ap-northeast-1", "http://127.0.0.1:9", NULL, 0);
}

GC_TEST(apply_create_reconciles)
{
    static const char *const tags[] = {"env", "prod"};
    struct fake_aws f;
    struct gc_aws_client *aws = s_test_client(&f);
    ASSERT_TRUE(aws != NULL);
    struct gc_provider prov = s_provider_with_defaults(aws);
    struct gc_value *config = s_config("hub", NULL, s_map(tags, 1));
    struct gc_value *t = gc_value_new_object(s_timeouts.type);
    gc_value_set_string(t, "create", "1h30m");
    gc_value_object_set(config, "timeouts", t);
    struct s_plan_out o;
    s_plan(&o, &prov, NULL, config);
    memset(&fx, 0, sizeof fx);
    struct gc_value *state = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_apply_resource(&s_def, &prov, NULL, o.planned, &state, &diags);
    const char *id = gc_value_get_string(state, "id");
    bool id_ok = id && strcmp(id, "thing-1") == 0;
    int64_t size = 0;
    gc_value_get_int64(state, "size", &size);
    const char *name = gc_value_get_string(state, "name");
    bool name_ok = name && strcmp(name, "hub") == 0;
    bool status_null =
        gc_value_is_null(gc_value_object_get(state, "status")) && gc_value_object_get(state, "status") != NULL;
    bool wholly = gc_value_is_wholly_known(state);
    size_t n = diags.n;
    gc_diags_clean_up(&diags);
    gc_value_free(state);
    s_plan_out_clean_up(&o);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    gc_aws_client_free(aws);
    fake_aws_forget(&f);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(fx.calls_create, 1);
    ASSERT_STR_EQ(fx.last_kind, "create");
    ASSERT_INT_EQ(fx.last_timeout_s, 5400); /* from the timeouts block */
    ASSERT_TRUE(id_ok);
    ASSERT_INT_EQ(size, 7);   /* planned known value wins over the resource's 99 */
    ASSERT_TRUE(name_ok);     /* and over "remote-name" */
    ASSERT_TRUE(status_null); /* leftover unknown becomes null */
    ASSERT_TRUE(wholly);
    ASSERT_INT_EQ(n, 0);
}

/* An apply takes what was read since the process last wrote (its plan's reads an instant before: a read at its
 * start would answer the same), and nothing read before its end is reused after it (gc_plan.c
 * gc_apply_resource). */
GC_TEST(apply_reuses_reads_since_the_last_write_and_none_after_it)
{
    struct fake_aws f;
    struct gc_aws_client *aws = s_test_client(&f);
    struct gc_provider prov = s_provider_with_defaults(aws);
    prov.read_cache = gc_read_cache_new(aws);
    struct gc_value *config = s_config("hub", NULL, NULL);
    struct s_plan_out o;
    s_plan(&o, &prov, NULL, config);
    memset(&fx, 0, sizeof fx);
    fx.create_reads = true;
    json_t *doc = NULL;
    struct gc_aws_error err = {0};
    ASSERT_INT_EQ(gc_read_cache_get(prov.read_cache, "tgw-1", "k", s_fill_counted, NULL, &doc, &err), 0); /* plan */
    json_decref(doc);
    struct gc_value *state = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_apply_resource(&s_def, &prov, NULL, o.planned, &state, &diags);
    int fills_in_apply = fx.fills;
    ASSERT_INT_EQ(gc_read_cache_get(prov.read_cache, "tgw-1", "k", s_fill_counted, NULL, &doc, &err), 0); /* after */
    json_decref(doc);
    gc_value_free(state);
    gc_diags_clean_up(&diags);
    s_plan_out_clean_up(&o);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    gc_read_cache_free(prov.read_cache);
    gc_aws_client_free(aws);
    fake_aws_forget(&f);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(fx.calls_create, 1);
    ASSERT_INT_EQ(fills_in_apply, 1); /* the plan's read served the create */
    ASSERT_INT_EQ(fx.fills, 2);       /* the apply's end is a write */
}

GC_TEST(apply_create_fails_with_partial_state)
{
    struct fake_aws f;
    struct gc_aws_client *aws = s_test_client(&f);
    struct gc_provider prov = s_provider_with_defaults(aws);
    struct gc_value *config = s_config("hub", NULL, NULL);
    struct s_plan_out o;
    s_plan(&o, &prov, NULL, config);
    memset(&fx, 0, sizeof fx);
    fx.create_rc = -1;
    fx.create_partial = true;
    struct gc_value *state = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_apply_resource(&s_def, &prov, NULL, o.planned, &state, &diags);
    const char *id = gc_value_get_string(state, "id");
    bool id_ok = id && strcmp(id, "thing-1") == 0;
    bool wholly = state && gc_value_is_wholly_known(state);
    bool err = gc_diags_has_error(&diags);
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    /* without a partial state: nothing to return */
    fx.create_partial = false;
    gc_diags_init(&diags);
    int rc2 = gc_apply_resource(&s_def, &prov, NULL, o.planned, &state, &diags);
    bool none = state == NULL;
    int64_t default_timeout = fx.last_timeout_s;
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    s_plan_out_clean_up(&o);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    gc_aws_client_free(aws);
    fake_aws_forget(&f);
    ASSERT_TRUE(rc != 0);
    ASSERT_TRUE(id_ok);
    ASSERT_TRUE(wholly);
    ASSERT_TRUE(err);
    ASSERT_TRUE(rc2 != 0);
    ASSERT_TRUE(none);
    ASSERT_INT_EQ(default_timeout, 600); /* the resource's default_create_s */
}

GC_TEST(apply_update_and_delete)
{
    static const char *const tags[] = {"env", "prod"};
    struct fake_aws f;
    struct gc_aws_client *aws = s_test_client(&f);
    struct gc_provider prov = s_provider_with_defaults(aws);
    struct gc_value *prior = s_prior();
    struct gc_value *config = s_config("hub", "n2", s_map(tags, 1));
    struct s_plan_out o;
    s_plan(&o, &prov, prior, config);
    struct gc_diags diags;
    struct gc_value *state = NULL;

    /* success: the resource fills the unknown status */
    memset(&fx, 0, sizeof fx);
    gc_diags_init(&diags);
    int rc_ok = gc_apply_resource(&s_def, &prov, prior, o.planned, &state, &diags);
    const char *status = gc_value_get_string(state, "status");
    bool status_ok = status && strcmp(status, "updated") == 0;
    const char *note = gc_value_get_string(state, "note");
    bool note_ok = note && strcmp(note, "n2") == 0;
    const char *kind = fx.last_kind;
    int64_t timeout = fx.last_timeout_s;
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    /* failure without a state: the prior is kept */
    fx.update_rc = -1;
    fx.update_state = false;
    gc_diags_init(&diags);
    int rc_fail = gc_apply_resource(&s_def, &prov, prior, o.planned, &state, &diags);
    bool kept_prior = state && gc_value_equal(state, prior);
    bool fail_err = gc_diags_has_error(&diags);
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    /* delete */
    struct gc_value *null_planned = gc_value_new_null(s_block.type);
    gc_diags_init(&diags);
    int rc_del = gc_apply_resource(&s_def, &prov, prior, null_planned, &state, &diags);
    bool deleted = state && gc_value_is_null(state);
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    /* an unconfigured provider: an error, the prior is kept, no CRUD call */
    int before = fx.calls_update;
    gc_diags_init(&diags);
    int rc_unconf = gc_apply_resource(&s_def, NULL, prior, o.planned, &state, &diags);
    bool unconf_prior = state && gc_value_equal(state, prior);
    bool unconf_msg = s_diag_has(&diags, "not configured");
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    gc_value_free(null_planned);
    s_plan_out_clean_up(&o);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(prov.default_tags);
    gc_aws_client_free(aws);
    fake_aws_forget(&f);
    ASSERT_INT_EQ(rc_ok, 0);
    ASSERT_TRUE(status_ok);
    ASSERT_TRUE(note_ok);
    ASSERT_STR_EQ(kind, "update");
    ASSERT_INT_EQ(timeout, 300);
    ASSERT_TRUE(rc_fail != 0);
    ASSERT_TRUE(kept_prior);
    ASSERT_TRUE(fail_err);
    ASSERT_INT_EQ(rc_del, 0);
    ASSERT_INT_EQ(fx.calls_delete, 1);
    ASSERT_TRUE(deleted);
    ASSERT_TRUE(rc_unconf != 0);
    ASSERT_TRUE(unconf_prior);
    ASSERT_TRUE(unconf_msg);
    ASSERT_INT_EQ(fx.calls_update, before);
}

/* ---- read, upgrade ---- */

GC_TEST(read_copies_config_only_and_strips_default_tags)
{
    static const char *const defaults[] = {"owner", "council"};
    static const char *const remote_all[] = {"owner", "council", "env", "prod", "extra", "drift"};
    struct fake_aws f;
    struct gc_aws_client *aws = s_test_client(&f);
    struct gc_provider prov = {.aws = aws, .default_tags = s_map(defaults, 1), .region = NULL};
    struct gc_value *prior = s_prior();
    struct gc_value *t = gc_value_new_object(s_timeouts.type);
    gc_value_set_string(t, "create", "45m");
    gc_value_object_set(prior, "timeouts", t);

    memset(&fx, 0, sizeof fx);
    fx.read_state = s_prior(); /* as the resource reads it: timeouts null, tags_all from AWS */
    gc_value_object_set(fx.read_state, "tags_all", s_map(remote_all, 3));
    gc_value_object_set(fx.read_state, "tags", gc_value_new_null(&gc_type_map_string));

    struct gc_value *state = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc = gc_read_resource(&s_def, &prov, prior, &state, &diags);
    const char *create = gc_value_get_string(gc_value_object_get(state, "timeouts"), "create");
    bool timeouts_kept = create && strcmp(create, "45m") == 0;
    const struct gc_value *tags = gc_value_object_get(state, "tags");
    size_t n_tags = gc_value_length(tags);
    bool has_owner = gc_value_map_get(tags, "owner") != NULL;
    bool has_extra = gc_value_map_get(tags, "extra") != NULL;
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    /* the configuration itself sets owner=council: then it stays in tags */
    gc_value_map_put((struct gc_value *)gc_value_object_get(prior, "tags"), "owner", gc_value_new_string("council"));
    gc_diags_init(&diags);
    int rc2 = gc_read_resource(&s_def, &prov, prior, &state, &diags);
    bool owner_kept = gc_value_map_get(gc_value_object_get(state, "tags"), "owner") != NULL;
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    /* gone */
    gc_value_free(fx.read_state);
    fx.read_state = NULL;
    gc_diags_init(&diags);
    int rc3 = gc_read_resource(&s_def, &prov, prior, &state, &diags);
    bool gone = state == NULL;
    gc_value_free(state);
    gc_diags_clean_up(&diags);

    gc_value_free(prior);
    gc_value_free(prov.default_tags);
    gc_aws_client_free(aws);
    fake_aws_forget(&f);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_TRUE(timeouts_kept);
    ASSERT_INT_EQ(n_tags, 2);
    ASSERT_FALSE(has_owner);
    ASSERT_TRUE(has_extra);
    ASSERT_INT_EQ(rc2, 0);
    ASSERT_TRUE(owner_kept);
    ASSERT_INT_EQ(rc3, 0);
    ASSERT_TRUE(gone);
}

/* A read sees the instance's stored private bytes and may set new ones; without, or when it fails, they stay. */
GC_TEST(read_private_bytes_in_and_out)
{
    static const struct {
        const char *prior;  /* stored bytes ("" none) */
        const char *set;    /* what the read sets (NULL: nothing) */
        bool fails;         /* the read fails after setting */
        bool gone;          /* the read finds nothing */
        const char *expect; /* the new bytes (NULL: none, the stored ones stay) */
    } cases[] = {
        {"", NULL, false, false, NULL},
        {"{\"v\":1}", NULL, false, false, NULL},
        {"", "{\"v\":1,\"dxgw\":[\"a\"]}", false, false, "{\"v\":1,\"dxgw\":[\"a\"]}"},
        {"{\"v\":1,\"dxgw\":[\"a\"]}", "", false, false, ""},
        {"old", "new", true, false, NULL},
        {"old", "new", false, true, "new"},
    };
    struct fake_aws f;
    struct gc_aws_client *aws = s_test_client(&f);
    struct gc_provider prov = {.aws = aws, .default_tags = s_map(NULL, 0), .region = NULL};
    struct gc_value *prior = s_prior();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(&fx, 0, sizeof fx);
        fx.read_state = cases[i].gone ? NULL : s_prior();
        fx.read_private = cases[i].set;
        fx.read_fails = cases[i].fails;
        struct gc_value *state = NULL;
        struct gc_private next = {(uint8_t *)"sentinel", 8};
        struct gc_diags diags;
        gc_diags_init(&diags);
        int rc = gc_read_resource_private(&s_def, &prov, prior, gc_span_from(cases[i].prior, strlen(cases[i].prior)),
                                          &state, &next, &diags);
        bool errors = gc_diags_has_error(&diags);
        ASSERT_STR_EQ(fx.seen_private, cases[i].prior);
        ASSERT_INT_EQ(rc, cases[i].fails ? -1 : 0);
        ASSERT_TRUE(errors == cases[i].fails);
        if (cases[i].expect) {
            ASSERT_TRUE(next.bytes != NULL);
            ASSERT_INT_EQ(next.len, strlen(cases[i].expect));
            ASSERT_TRUE(memcmp(next.bytes, cases[i].expect, next.len) == 0);
        } else {
            ASSERT_TRUE(next.bytes == NULL);
            ASSERT_INT_EQ(next.len, 0);
        }
        free(next.bytes);
        gc_value_free(state);
        gc_value_free(fx.read_state);
        fx.read_state = NULL;
        gc_diags_clean_up(&diags);
    }
    /* the plain read passes no bytes in */
    memset(&fx, 0, sizeof fx);
    fx.read_state = s_prior();
    snprintf(fx.seen_private, sizeof fx.seen_private, "unseen");
    struct gc_value *state = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    ASSERT_INT_EQ(gc_read_resource(&s_def, &prov, prior, &state, &diags), 0);
    ASSERT_STR_EQ(fx.seen_private, "");
    gc_value_free(state);
    gc_value_free(fx.read_state);
    fx.read_state = NULL;
    gc_diags_clean_up(&diags);
    gc_value_free(prior);
    gc_value_free(prov.default_tags);
    gc_aws_client_free(aws);
    fake_aws_forget(&f);
}

GC_TEST(upgrade_state_versions)
{
    static const char json[] = "{\"name\":\"hub\",\"id\":\"thing-1\",\"size\":7,\"tags\":{\"env\":\"prod\"}}";
    struct gc_value *state = NULL;
    struct gc_diags diags;
    gc_diags_init(&diags);
    int rc_new = gc_upgrade_resource_state(&s_def, 2, gc_span_from(json, strlen(json)), &state, &diags);
    bool newer_msg = s_diag_has(&diags, "newer");
    bool null_state = state == NULL;
    gc_diags_clean_up(&diags);

    gc_diags_init(&diags);
    int rc_ok = gc_upgrade_resource_state(&s_def, 1, gc_span_from(json, strlen(json)), &state, &diags);
    const char *id = gc_value_get_string(state, "id");
    bool id_ok = id && strcmp(id, "thing-1") == 0;
    gc_value_free(state);
    state = NULL;
    gc_diags_clean_up(&diags);

    static const char bad[] = "{\"name\":\"hub\",\"no_such_attr\":1}";
    gc_diags_init(&diags);
    int rc_bad = gc_upgrade_resource_state(&s_def, 0, gc_span_from(bad, strlen(bad)), &state, &diags);
    bool bad_err = gc_diags_has_error(&diags);
    gc_value_free(state);
    gc_diags_clean_up(&diags);
    ASSERT_TRUE(rc_new != 0);
    ASSERT_TRUE(newer_msg);
    ASSERT_TRUE(null_state);
    ASSERT_INT_EQ(rc_ok, 0);
    ASSERT_TRUE(id_ok);
    ASSERT_TRUE(rc_bad != 0);
    ASSERT_TRUE(bad_err);
}

/* ---- gc_op_wait ---- */

static int64_t s_clock_ms;
static int s_sleeps;
static int64_t s_longest_sleep_ms;
static int64_t s_fake_now(void)
{
    return s_clock_ms;
}
static void s_fake_sleep(int64_t ms)
{
    s_sleeps++;
    if (ms > s_longest_sleep_ms)
        s_longest_sleep_ms = ms;
    s_clock_ms += ms;
}

struct s_poller {
    int polls;
    int done_on; /* 0: never */
    struct gc_aws_client *cancel_on_2nd;
};

static int s_poll(struct gc_op *op, void *arg, bool *done)
{
    (void)op;
    struct s_poller *p = arg;
    p->polls++;
    *done = p->done_on && p->polls >= p->done_on;
    if (p->cancel_on_2nd && p->polls == 2)
        gc_aws_client_cancel(p->cancel_on_2nd);
    return 0;
}

GC_TEST(op_wait_done_third_poll)
{
    struct gc_diags diags;
    gc_diags_init(&diags);
    gc_op_set_clock(s_fake_now, s_fake_sleep);
    s_clock_ms = 1000000;
    s_sleeps = 0;
    s_longest_sleep_ms = 0;
    struct gc_op op = {0};
    op.diags = &diags;
    op.deadline_ms = s_clock_ms + 60000;
    op.timeout_kind = "create";
    struct s_poller p = {0, 3, NULL};
    int rc = gc_op_wait(&op, "thing to become ready", s_poll, &p);
    int64_t elapsed = s_clock_ms - 1000000;
    size_t n = diags.n;
    gc_op_set_clock(NULL, NULL);
    gc_diags_clean_up(&diags);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(p.polls, 3);
    ASSERT_INT_EQ(elapsed, 200 + 400); /* 0.2 s, then backing off */
    /* the waits are cut into slices of at most 200 ms, so StopProvider is noticed quickly */
    ASSERT_TRUE(s_longest_sleep_ms <= 200);
    ASSERT_INT_EQ(s_sleeps, 1 + 2);
    ASSERT_INT_EQ(n, 0);
}

GC_TEST(op_wait_deadline)
{
    static const char *const kinds[] = {"create", "update", "delete"};
    for (size_t k = 0; k < 3; k++) {
        struct gc_diags diags;
        gc_diags_init(&diags);
        gc_op_set_clock(s_fake_now, s_fake_sleep);
        s_clock_ms = 5000;
        s_sleeps = 0;
        struct gc_op op = {0};
        op.diags = &diags;
        op.type_name = "gcnet_test_thing";
        op.deadline_ms = s_clock_ms + 120000;
        op.timeout_s = 120;
        op.timeout_kind = kinds[k];
        struct s_poller p = {0, 0, NULL};
        int rc = gc_op_wait(&op, "thing to become ready", s_poll, &p);
        gc_op_set_clock(NULL, NULL);
        char want[64];
        snprintf(want, sizeof want, "%s timeout", kinds[k]);
        bool timed_out = s_diag_has(&diags, "Timed out");
        bool names_kind = s_diag_has(&diags, want);
        bool names_what = s_diag_has(&diags, "thing to become ready");
        bool is_error = gc_diags_has_error(&diags);
        int64_t now = s_clock_ms;
        gc_diags_clean_up(&diags);
        ASSERT_INT_EQ(rc, -1);
        ASSERT_TRUE(timed_out);
        ASSERT_TRUE(names_kind);
        ASSERT_TRUE(names_what);
        ASSERT_TRUE(is_error);
        ASSERT_TRUE(p.polls > 3);
        ASSERT_TRUE(now <= 5000 + 120000); /* never sleeps past the deadline */
    }
}

GC_TEST(op_wait_cancelled)
{
    struct fake_aws f;
    struct gc_aws_client *aws = s_test_client(&f);
    ASSERT_TRUE(aws != NULL);
    struct gc_diags diags;
    gc_diags_init(&diags);
    gc_op_set_clock(s_fake_now, s_fake_sleep);
    s_clock_ms = 0;
    s_sleeps = 0;
    struct gc_op op = {0};
    op.aws = aws;
    op.diags = &diags;
    op.deadline_ms = 3600 * 1000;
    op.timeout_kind = "create";
    struct s_poller p = {0, 0, aws};
    int rc = gc_op_wait(&op, "thing", s_poll, &p);
    gc_op_set_clock(NULL, NULL);
    bool cancelled_msg = s_diag_has(&diags, "cancelled");
    bool is_cancelled = gc_op_cancelled(&op);
    gc_diags_clean_up(&diags);
    gc_aws_client_free(aws);
    fake_aws_forget(&f);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(p.polls, 2);
    ASSERT_TRUE(cancelled_msg);
    ASSERT_TRUE(is_cancelled);
}

static int s_poll_fails(struct gc_op *op, void *arg, bool *done)
{
    (void)arg;
    *done = false;
    gc_diags_error_at(op->diags, NULL, "EC2 DescribeThings failed", "boom");
    return -1;
}

GC_TEST(op_wait_poll_error_stops)
{
    struct gc_diags diags;
    gc_diags_init(&diags);
    gc_op_set_clock(s_fake_now, s_fake_sleep);
    s_sleeps = 0;
    struct gc_op op = {0};
    op.diags = &diags;
    int rc = gc_op_wait(&op, "thing", s_poll_fails, NULL);
    gc_op_set_clock(NULL, NULL);
    size_t n = diags.n;
    gc_diags_clean_up(&diags);
    ASSERT_INT_EQ(rc, -1);
    ASSERT_INT_EQ(n, 1);
    ASSERT_INT_EQ(s_sleeps, 0);
}

int main(void)
{
    if (gc_schema_prepare(&s_block) != 0) {
        printf("Bail out! schema\n");
        return 1;
    }
    static const struct gc_test_case cases[] = {
        GC_CASE(plan_create),
        GC_CASE(plan_destroy),
        GC_CASE(plan_update_no_change),
        GC_CASE(plan_force_new),
        GC_CASE(plan_in_place_change),
        GC_CASE(plan_tags_change),
        GC_CASE(plan_timeouts_only_change),
        GC_CASE(plan_invalid_config),
        GC_CASE(plan_merged_tag_count),
        GC_CASE(apply_create_reconciles),
        GC_CASE(apply_reuses_reads_since_the_last_write_and_none_after_it),
        GC_CASE(apply_create_fails_with_partial_state),
        GC_CASE(apply_update_and_delete),
        GC_CASE(read_copies_config_only_and_strips_default_tags),
        GC_CASE(read_private_bytes_in_and_out),
        GC_CASE(upgrade_state_versions),
        GC_CASE(op_wait_done_third_poll),
        GC_CASE(op_wait_deadline),
        GC_CASE(op_wait_cancelled),
        GC_CASE(op_wait_poll_error_stops),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
