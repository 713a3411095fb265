#include "framework/gc_plan.h"
#include "framework/gc_journal.h"
#include "framework/gc_read_cache.h"
#include "framework/gc_tagging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_log.h"
#include "value/gc_codec.h"

#define GC_READ_TIMEOUT_S 1200

void gc_path_list_clean_up(struct gc_path_list *list)
{
    for (size_t i = 0; list && i < list->n; i++)
        gc_path_clean_up(&list->items[i]);
    if (list) {
        free(list->items);
        list->items = NULL;
        list->n = 0;
    }
}

int gc_path_list_add(struct gc_path_list *list, const char *attr_name)
{
    struct gc_path *items = realloc(list->items, (list->n + 1) * sizeof(*items));
    if (!items)
        return -1;
    list->items = items;
    memset(&items[list->n], 0, sizeof(items[0]));
    if (gc_path_push_attr(&items[list->n], attr_name) != 0)
        return -1;
    list->n++;
    return 0;
}

int gc_plan_set_unknown(struct gc_plan_ctx *ctx, const char *name)
{
    const struct gc_type *t = gc_type_object_attr(ctx->def->block->type, name);
    if (!t)
        return -1;
    return gc_value_object_set(ctx->planned, name, gc_value_new_unknown(t));
}

bool gc_plan_is_create(const struct gc_plan_ctx *ctx)
{
    return gc_value_is_null(ctx->prior);
}

bool gc_plan_changed(const struct gc_plan_ctx *ctx, const char *name)
{
    if (gc_plan_is_create(ctx))
        return true;
    return !gc_value_equal(gc_value_object_get(ctx->planned, name), gc_value_object_get(ctx->prior, name));
}

struct gc_value *gc_tags_merge(const struct gc_value *default_tags, const struct gc_value *tags)
{
    if ((default_tags && !gc_value_is_wholly_known(default_tags)) || (tags && !gc_value_is_wholly_known(tags)))
        return gc_value_new_unknown(&gc_type_map_string);
    struct gc_value *out = gc_value_new_collection(&gc_type_map_string);
    const struct gc_value *layers[2] = {default_tags, tags};
    for (int l = 0; out && l < 2; l++) {
        const struct gc_value *m = layers[l];
        if (gc_value_is_null(m))
            continue;
        for (size_t i = 0; i < m->u.map.n; i++) {
            if (gc_value_map_put(out, m->u.map.keys[i], gc_value_copy(m->u.map.vals[i])) != 0) {
                gc_value_free(out);
                return NULL;
            }
        }
    }
    return out;
}

static const struct gc_attr_def *s_find_flag(const struct gc_block_def *b, unsigned flag)
{
    for (size_t i = 0; i < b->n_attrs; i++)
        if (b->attrs[i].flags & flag)
            return &b->attrs[i];
    return NULL;
}

/* Each of `tags` and default_tags may hold 40, but every object carries both: AWS would refuse the create with
 * TagLimitExceeded after other objects were made. Checked here, where the merge is known. -1 when too many. */
static int s_check_tags_all(struct gc_plan_ctx *ctx, const struct gc_attr_def *tags, const struct gc_value *all)
{
    if (!gc_value_is_known(all) || gc_value_is_null(all) || all->u.map.n <= GC_TAGS_USER_MAX)
        return 0;
    const struct gc_value *own = tags ? gc_value_object_get(ctx->planned, tags->name) : NULL;
    size_t n_own = gc_value_is_known(own) ? gc_value_length(own) : 0;
    const struct gc_value *defaults = ctx->provider ? ctx->provider->default_tags : NULL;
    size_t n_defaults = gc_value_is_known(defaults) ? gc_value_length(defaults) : 0;
    gc_diags_error_at(ctx->diags, tags ? tags->name : NULL, "Too many tags",
                      "tags (%zu) and the provider's default_tags (%zu) make %zu tags on each object; AWS allows 50 "
                      "per object and gcnet keeps 10 for its own (gcnet:* keys and the generated Name), so at most "
                      "%d.",
                      n_own, n_defaults, all->u.map.n, GC_TAGS_USER_MAX);
    return -1;
}

static int s_plan_computed(struct gc_plan_ctx *ctx, bool create)
{
    const struct gc_block_def *b = ctx->def->block;
    const struct gc_attr_def *tags = s_find_flag(b, GC_ATTR_TAGS);
    for (size_t i = 0; i < b->n_attrs; i++) {
        const struct gc_attr_def *a = &b->attrs[i];
        if (!(a->flags & GC_ATTR_COMPUTED))
            continue;
        const struct gc_value *cfg = gc_value_object_get(ctx->config, a->name);
        if (!gc_value_is_null(cfg))
            continue; /* the configuration sets it: keep the proposed (config) value */
        struct gc_value *v = NULL;
        if (a->flags & GC_ATTR_TAGS_ALL) {
            const struct gc_value *defaults = ctx->provider ? ctx->provider->default_tags : NULL;
            struct gc_value *merged =
                ctx->provider ? gc_tags_merge(defaults, tags ? gc_value_object_get(ctx->planned, tags->name) : NULL)
                              : gc_value_new_unknown(a->type);
            v = ctx->provider ? gc_tagging_without_ignored(ctx->provider, merged) : merged;
            if (ctx->provider)
                gc_value_free(merged);
        } else if (a->default_value) {
            /* an omitted argument means its default, also on update: that is what repairs drift in it */
            v = a->default_value(ctx, ctx->config);
        } else if (create) {
            v = gc_value_new_unknown(a->type);
        } else {
            continue; /* update: the proposed value already carries the prior one */
        }
        if (!v || gc_value_object_set(ctx->planned, a->name, v) != 0) {
            gc_diags_error_at(ctx->diags, a->name, "Out of memory", "Could not plan the value of %s.", a->name);
            return -1;
        }
        if ((a->flags & GC_ATTR_TAGS_ALL) && s_check_tags_all(ctx, tags, gc_value_object_get(ctx->planned, a->name)))
            return -1;
    }
    return 0;
}

/* Paths whose change forces replacement. */
static int s_plan_replace(struct gc_plan_ctx *ctx)
{
    const struct gc_block_def *b = ctx->def->block;
    for (size_t i = 0; i < b->n_attrs; i++) {
        const struct gc_attr_def *a = &b->attrs[i];
        if ((a->flags & GC_ATTR_FORCE_NEW) && gc_plan_changed(ctx, a->name))
            if (gc_path_list_add(ctx->replace, a->name) != 0)
                return -1;
    }
    for (size_t i = 0; i < b->n_blocks; i++) {
        const struct gc_nested_def *n = &b->blocks[i];
        if ((n->flags & GC_ATTR_FORCE_NEW) && gc_plan_changed(ctx, n->name))
            if (gc_path_list_add(ctx->replace, n->name) != 0)
                return -1;
    }
    return 0;
}

/* True when anything but computed-only attributes and config-only blocks (timeouts) changes. */
static bool s_plan_has_real_change(const struct gc_plan_ctx *ctx)
{
    const struct gc_block_def *b = ctx->def->block;
    for (size_t i = 0; i < b->n_attrs; i++) {
        const struct gc_attr_def *a = &b->attrs[i];
        bool settable = a->flags & (GC_ATTR_REQUIRED | GC_ATTR_OPTIONAL);
        if (settable && !(a->flags & GC_ATTR_CONFIG_ONLY) && gc_plan_changed(ctx, a->name))
            return true;
    }
    for (size_t i = 0; i < b->n_blocks; i++)
        if (!(b->blocks[i].flags & GC_ATTR_CONFIG_ONLY) && gc_plan_changed(ctx, b->blocks[i].name))
            return true;
    return false;
}

/* On replacement or a real in-place change, computed values that may change become unknown. */
static int s_plan_unknowns(struct gc_plan_ctx *ctx)
{
    bool replace = ctx->replace->n > 0;
    if (!replace && !s_plan_has_real_change(ctx))
        return 0;
    const struct gc_block_def *b = ctx->def->block;
    for (size_t i = 0; i < b->n_attrs; i++) {
        const struct gc_attr_def *a = &b->attrs[i];
        if (!(a->flags & GC_ATTR_COMPUTED) || (a->flags & (GC_ATTR_TAGS_ALL | GC_ATTR_OPTIONAL)) || a->default_value)
            continue;
        if (!replace && (a->flags & GC_ATTR_STABLE))
            continue;
        if (gc_plan_set_unknown(ctx, a->name) != 0)
            return -1;
    }
    return 0;
}

/* The safety net under every step: a step that fails must say why. Should it not (an allocation failure on a path
 * that adds no diagnostic, or a bug), the user still gets an error with what is known, never a silent failure.
 * Should even this message find no memory, gc_diags still counts the error (n_lost). */
static int s_require_diag(int rc, const char *type_name, const char *step, const struct gc_value *object,
                          struct gc_diags *diags)
{
    char summary[160];
    const char *id = gc_value_get_string(object, "id");
    if (rc == 0 || gc_diags_has_error(diags))
        return rc;
    snprintf(summary, sizeof summary, "%s: %s failed: out of memory or an internal error", type_name, step);
    gc_diags_error_at(diags, NULL, summary,
                      "The %s of %s%s%s stopped without a more specific reason: gcnet ran out of memory or met an "
                      "internal error. Nothing was reported as done that was not. Run the command again; should it "
                      "fail the same way, report it with TF_LOG_PROVIDER=debug output.",
                      step, type_name, id ? " " : "", id ? id : "");
    return rc;
}

static int s_plan_resource(const struct gc_resource_def *def, struct gc_provider *provider,
                           const struct gc_value *prior, const struct gc_value *proposed, const struct gc_value *config,
                           struct gc_value **planned, struct gc_path_list *replace, struct gc_diags *diags)
{
    int result = -1;
    struct gc_plan_ctx ctx = {
        .def = def, .provider = provider, .prior = prior, .config = config, .replace = replace, .diags = diags};
    *planned = NULL;
    if (gc_value_is_null(proposed)) {
        *planned = gc_value_new_null(def->block->type);
        return *planned ? 0 : -1;
    }
    ctx.planned = gc_value_copy(proposed);
    if (!ctx.planned)
        goto cleanup;
    if (gc_schema_validate(def->block, config, diags) != 0)
        goto cleanup;
    if (def->validate && def->validate(config, diags) != 0)
        goto cleanup;
    bool create = gc_value_is_null(prior);
    if (!create) /* the prior state holds the object: a create journal entry for it is done with */
        gc_journal_settled(provider ? provider->journal : NULL, def->type_name, gc_value_get_string(prior, "id"));
    if (s_plan_computed(&ctx, create) != 0)
        goto cleanup;
    if (!create && s_plan_replace(&ctx) != 0)
        goto cleanup;
    if (!create && s_plan_unknowns(&ctx) != 0)
        goto cleanup;
    if (def->plan && def->plan(&ctx) != 0)
        goto cleanup;
    *planned = ctx.planned;
    ctx.planned = NULL;
    result = 0;
cleanup:
    gc_value_free(ctx.planned);
    return result;
}

int gc_plan_resource(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                     const struct gc_value *proposed, const struct gc_value *config, struct gc_value **planned,
                     struct gc_path_list *replace, struct gc_diags *diags)
{
    int rc = s_plan_resource(def, provider, prior, proposed, config, planned, replace, diags);
    return s_require_diag(rc, def->type_name, "plan", prior, diags);
}

static int64_t s_timeout_s(const struct gc_resource_def *def, const struct gc_value *obj, const char *kind)
{
    int64_t fallback = strcmp(kind, "create") == 0   ? def->default_create_s
                       : strcmp(kind, "update") == 0 ? def->default_update_s
                                                     : def->default_delete_s;
    const struct gc_value *t = gc_value_object_get(obj, "timeouts");
    int64_t s = gc_duration_parse(gc_value_get_string(t, kind));
    return s > 0 ? s : (fallback > 0 ? fallback : 1800);
}

static void s_op_init(struct gc_op *op, const struct gc_resource_def *def, struct gc_provider *provider,
                      const char *kind, int64_t timeout_s, struct gc_diags *diags)
{
    *op = (struct gc_op){0};
    op->provider = provider;
    op->aws = provider ? provider->aws : NULL;
    op->diags = diags;
    op->type_name = def ? def->type_name : NULL;
    op->timeout_s = timeout_s;
    op->timeout_kind = kind;
    op->deadline_ms = gc_op_now_ms() + timeout_s * 1000;
}

/* Replaces unknown leftovers with nulls so that a state is wholly known. 0, or -1 when memory ran out (the
 * unknowns not yet replaced stay). */
static int s_wholly_known(struct gc_value *v)
{
    int rc = 0;
    if (!v || v->state != GC_VALUE_KNOWN || v->type->kind != GC_TYPE_OBJECT)
        return 0;
    for (size_t i = 0; i < v->u.map.n; i++) {
        struct gc_value *e = v->u.map.vals[i];
        if (e->state != GC_VALUE_UNKNOWN) {
            rc |= s_wholly_known(e);
            continue;
        }
        struct gc_value *null = gc_value_new_null(e->type);
        if (!null) {
            rc = -1;
            continue;
        }
        v->u.map.vals[i] = null;
        gc_value_free(e);
    }
    return rc;
}

/* After create/update: the planned known values win (Terraform requires them back unchanged); the
 * resource's values fill what the plan left unknown. 0, or -1 with a diagnostic when memory ran out (`state`
 * then holds what could be done: still the object's ids). */
static int s_reconcile(const struct gc_value *planned, struct gc_value *state, const char *type_name,
                       struct gc_diags *diags)
{
    int rc = 0;
    if (!state)
        return 0;
    for (size_t i = 0; planned && planned->state == GC_VALUE_KNOWN && i < planned->u.map.n; i++) {
        const struct gc_value *p = planned->u.map.vals[i];
        if (gc_value_is_wholly_known(p) && gc_value_object_set(state, planned->u.map.keys[i], gc_value_copy(p)) != 0)
            rc = -1;
    }
    rc |= s_wholly_known(state);
    if (rc != 0)
        gc_diags_error_at(diags, NULL, "Out of memory", "Could not complete the new state of %s from its plan.",
                          type_name);
    return rc;
}

static int s_apply_resource(const struct gc_resource_def *def, struct gc_provider *provider,
                            const struct gc_value *prior, const struct gc_value *planned, struct gc_value **new_state,
                            struct gc_diags *diags);

/* Every apply is a write: nothing read before its end is reused after it (the AWS client counts its write calls
 * too, gc_aws_client_write_count, so nothing read before one of its writes is reused after that write). Its start is
 * not a write: what was read since this process last wrote (this resource's plan an instant before, a concurrent
 * apply's hub load) is what a read at the start would answer, so the apply takes it. A bump at the start made the
 * concurrent creates of a hub's connections refill each other's hub reads, one round trip each (issue 9 §2). */
int gc_apply_resource(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                      const struct gc_value *planned, struct gc_value **new_state, struct gc_diags *diags)
{
    int rc = s_apply_resource(def, provider, prior, planned, new_state, diags);
    gc_read_cache_bump(provider ? provider->read_cache : NULL);
    return rc;
}

static int s_apply_resource(const struct gc_resource_def *def, struct gc_provider *provider,
                            const struct gc_value *prior, const struct gc_value *planned, struct gc_value **new_state,
                            struct gc_diags *diags)
{
    struct gc_op op;
    struct gc_value *state = NULL;
    int rc = -1;
    *new_state = NULL;
    if (!provider || !provider->aws) {
        gc_diags_error_at(diags, NULL, "Provider not configured",
                          "The gcnet provider configuration was not known when %s was applied.", def->type_name);
        *new_state = prior ? gc_value_copy(prior) : NULL;
        return -1;
    }
    if (gc_value_is_null(planned)) {
        s_op_init(&op, def, provider, "delete", s_timeout_s(def, prior, "delete"), diags);
        rc = s_require_diag(def->delete (&op, prior), def->type_name, "delete", prior, diags);
        if (rc == 0)
            gc_journal_settled(provider->journal, def->type_name, gc_value_get_string(prior, "id"));
        *new_state = rc == 0 ? gc_value_new_null(def->block->type) : gc_value_copy(prior);
        return rc;
    }
    if (gc_value_is_null(prior)) {
        s_op_init(&op, def, provider, "create", s_timeout_s(def, planned, "create"), diags);
        rc = def->create(&op, planned, &state);
        if (s_reconcile(planned, state, def->type_name, diags) != 0)
            rc = -1; /* the object exists: its state goes back all the same, so that Terraform taints it */
        rc = s_require_diag(rc, def->type_name, "create", state, diags);
        *new_state = state;
        if (rc != 0 && *new_state)
            GC_WARN("%s: create failed halfway; returning the partial object so that Terraform taints it",
                    def->type_name);
        return rc;
    }
    s_op_init(&op, def, provider, "update", s_timeout_s(def, planned, "update"), diags);
    rc = def->update(&op, prior, planned, &state);
    if (rc == 0 && s_reconcile(planned, state, def->type_name, diags) != 0)
        rc = -1;
    rc = s_require_diag(rc, def->type_name, "update", prior, diags);
    if (rc != 0) {
        /* A failed in-place update is not tainted: record the prior object, not the plan; the next refresh
         * reads whatever the update did change. */
        gc_value_free(state);
        *new_state = gc_value_copy(prior);
        return rc;
    }
    *new_state = state;
    return rc;
}

/* tags = the remote tags without the provider's default_tags, unless the configuration had them. */
static int s_read_tags(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                       struct gc_value *state)
{
    const struct gc_attr_def *tags = s_find_flag(def->block, GC_ATTR_TAGS);
    const struct gc_attr_def *all = s_find_flag(def->block, GC_ATTR_TAGS_ALL);
    if (!tags || !all)
        return 0;
    const struct gc_value *prior_tags = gc_value_object_get(prior, tags->name);
    if (gc_value_is_null(gc_value_object_get(state, all->name)))
        return 0;
    /* ignore_tags: what AWS has under an ignored key is nobody's drift */
    struct gc_value *kept = gc_tagging_without_ignored(provider, gc_value_object_get(state, all->name));
    if (!kept || gc_value_object_set(state, all->name, kept) != 0)
        return -1;
    const struct gc_value *remote = gc_value_object_get(state, all->name);
    struct gc_value *out = gc_value_new_collection(&gc_type_map_string);
    if (!out)
        return -1;
    for (size_t i = 0; i < remote->u.map.n; i++) {
        const char *k = remote->u.map.keys[i];
        const struct gc_value *dv = provider ? gc_value_map_get(provider->default_tags, k) : NULL;
        bool from_default = dv && gc_value_equal(dv, remote->u.map.vals[i]);
        bool configured = gc_value_map_get(prior_tags, k) != NULL;
        if (from_default && !configured)
            continue;
        if (gc_value_map_put(out, k, gc_value_copy(remote->u.map.vals[i])) != 0) {
            gc_value_free(out);
            return -1;
        }
    }
    if (gc_value_length(out) == 0 && gc_value_is_null(prior_tags)) {
        gc_value_free(out);
        out = gc_value_new_null(tags->type);
    }
    return gc_value_object_set(state, tags->name, out);
}

/* The framework's part of a read: configuration-only attributes and blocks (timeouts) from the prior state, tags
 * from tags_all, no unknowns left. 0, or -1 with a diagnostic. */
static int s_read_finish(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                         struct gc_value *state, struct gc_diags *diags)
{
    const struct gc_block_def *b = def->block;
    int rc = 0;
    for (size_t i = 0; i < b->n_attrs; i++)
        if (b->attrs[i].flags & GC_ATTR_CONFIG_ONLY)
            rc |= gc_value_object_set(state, b->attrs[i].name,
                                      gc_value_copy(gc_value_object_get(prior, b->attrs[i].name)));
    for (size_t i = 0; i < b->n_blocks; i++)
        if (b->blocks[i].flags & GC_ATTR_CONFIG_ONLY)
            rc |= gc_value_object_set(state, b->blocks[i].name,
                                      gc_value_copy(gc_value_object_get(prior, b->blocks[i].name)));
    rc |= s_read_tags(def, provider, prior, state);
    rc |= s_wholly_known(state);
    if (rc != 0)
        gc_diags_error_at(diags, NULL, "Out of memory", "Could not complete the state of %s read from AWS.",
                          def->type_name);
    return rc;
}

int gc_read_resource_private(const struct gc_resource_def *def, struct gc_provider *provider,
                             const struct gc_value *prior, struct gc_span prior_private, struct gc_value **new_state,
                             struct gc_private *next_private, struct gc_diags *diags)
{
    struct gc_op op;
    struct gc_value *state = NULL;
    int result = -1;
    *new_state = NULL;
    if (next_private)
        *next_private = (struct gc_private){0};
    if (!provider || !provider->aws) {
        *new_state = gc_value_copy(prior);
        return 0;
    }
    s_op_init(&op, def, provider, "read", GC_READ_TIMEOUT_S, diags);
    op.private_prior = prior_private;
    int rc = def->read(&op, prior, &state);
    if (rc == 0 && state && s_read_finish(def, provider, prior, state, diags) != 0)
        rc = -1;
    rc = s_require_diag(rc, def->type_name, "read", prior, diags);
    if (rc != 0) {
        /* never a smaller state: the prior one stands, with the error (and the prior private bytes) */
        gc_value_free(state);
        *new_state = gc_value_copy(prior);
        goto cleanup;
    }
    gc_journal_settled(provider->journal, def->type_name, gc_value_get_string(prior, "id"));
    *new_state = state; /* NULL: gone */
    if (next_private) {
        *next_private = op.private_next;
        op.private_next = (struct gc_private){0};
    }
    result = 0;
cleanup:
    free(op.private_next.bytes);
    return result;
}

int gc_read_resource(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                     struct gc_value **new_state, struct gc_diags *diags)
{
    return gc_read_resource_private(def, provider, prior, (struct gc_span){0}, new_state, NULL, diags);
}

int gc_import_resource(const struct gc_resource_def *def, struct gc_provider *provider, const char *id,
                       struct gc_value **state, struct gc_diags *diags)
{
    struct gc_op op;
    *state = NULL;
    if (!def->import) {
        gc_diags_error_at(diags, NULL, "Import not supported", "%s cannot be imported.", def->type_name);
        return -1;
    }
    if (!provider || !provider->aws) {
        gc_diags_error_at(diags, NULL, "Provider not configured", "Import needs a configured gcnet provider.");
        return -1;
    }
    s_op_init(&op, def, provider, "read", GC_READ_TIMEOUT_S, diags);
    int rc = s_require_diag(def->import(&op, id, state), def->type_name, "import", NULL, diags);
    if (rc != 0) {
        gc_value_free(*state);
        *state = NULL;
    }
    return rc;
}

int gc_upgrade_resource_state(const struct gc_resource_def *def, int64_t version, struct gc_span raw_json,
                              struct gc_value **state, struct gc_diags *diags)
{
    *state = NULL;
    if (version > def->version) {
        gc_diags_error_at(diags, NULL, "Resource instance managed by a newer provider version",
                          "The state of this %s was written by schema version %lld, but this gcnet only knows "
                          "version %lld. Upgrade the gcnet provider.",
                          def->type_name, (long long)version, (long long)def->version);
        return -1;
    }
    return gc_json_decode(def->block->type, raw_json, state, diags);
}

int gc_read_data_source(const struct gc_data_source_def *def, struct gc_provider *provider,
                        const struct gc_value *config, struct gc_value **state, struct gc_diags *diags)
{
    struct gc_op op;
    *state = NULL;
    if (gc_schema_validate(def->block, config, diags) != 0)
        return s_require_diag(-1, def->type_name, "validation", NULL, diags);
    s_op_init(&op, NULL, provider, "read", GC_READ_TIMEOUT_S, diags);
    op.type_name = def->type_name;
    int rc = def->read(&op, config, state);
    if (rc == 0 && !*state) {
        gc_diags_error_at(diags, NULL, "Data source returned nothing", "%s read no object.", def->type_name);
        rc = -1;
    }
    return s_require_diag(rc, def->type_name, "read", NULL, diags);
}
