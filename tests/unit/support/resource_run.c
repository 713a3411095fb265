/* One resource through the framework against the fake AWS (resource_run.h). Test-only code. */
#include "resource_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t s_now_ms = 1000000;

static int64_t s_now(void)
{
    return s_now_ms;
}

int64_t rr_now_ms(void)
{
    return s_now_ms;
}

static void s_sleep(int64_t ms)
{
    s_now_ms += ms;
}

int rr_env_init(struct rr_env *e, const struct gc_resource_def *def)
{
    memset(e, 0, sizeof *e);
    e->def = def;
    gc_diags_init(&e->diags);
    if (fw_world_new(&e->world) != 0)
        return -1;
    e->aws = fake_aws_client(&e->clock, "ap-northeast-1", "http://fake.test", NULL, 2);
    e->defaults = gc_value_new_collection(&gc_type_map_string);
    if (!e->aws || !e->defaults)
        return -1;
    struct gc_http_transport tr = fw_world_transport(e->world);
    gc_aws_client_set_transport(e->aws, &tr);
    e->prov.aws = e->aws;
    e->prov.default_tags = e->defaults;
    e->prov.region = (char *)"ap-northeast-1";
    gc_op_set_clock(s_now, s_sleep);
    return 0;
}

void rr_env_clean_up(struct rr_env *e)
{
    gc_op_set_clock(NULL, NULL);
    gc_aws_client_free(e->aws);
    fake_aws_forget(&e->clock);
    gc_value_free(e->defaults);
    fw_world_destroy(e->world);
    gc_diags_clean_up(&e->diags);
}

struct gc_value *rr_proposed(const struct gc_resource_def *def, const struct gc_value *prior,
                             const struct gc_value *config)
{
    struct gc_value *p = gc_value_copy(config);
    for (size_t i = 0; p && !gc_value_is_null(prior) && i < def->block->n_attrs; i++) {
        const struct gc_attr_def *a = &def->block->attrs[i];
        if ((a->flags & GC_ATTR_COMPUTED) && gc_value_is_null(gc_value_object_get(config, a->name)))
            gc_value_object_set(p, a->name, gc_value_copy(gc_value_object_get(prior, a->name)));
    }
    return p;
}

int rr_plan(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config, struct gc_value **planned,
            struct gc_path_list *replace)
{
    struct gc_value *proposed = rr_proposed(e->def, prior, config);
    int rc = proposed ? gc_plan_resource(e->def, &e->prov, prior, proposed, config, planned, replace, &e->diags) : -1;
    gc_value_free(proposed);
    return rc;
}

int rr_plan_in_place(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config,
                     struct gc_value **planned)
{
    struct gc_path_list replace = {0};
    int rc = rr_plan(e, prior, config, planned, &replace);
    if (rc == 0 && replace.n > 0)
        rc = 1;
    gc_path_list_clean_up(&replace);
    return rc;
}

int rr_apply_in_place(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config,
                      struct gc_value **state)
{
    struct gc_value *planned = NULL;
    *state = NULL;
    int rc = rr_plan_in_place(e, prior, config, &planned);
    if (rc == 0)
        rc = gc_apply_resource(e->def, &e->prov, prior, planned, state, &e->diags);
    gc_value_free(planned);
    return rc;
}

int rr_apply(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config, struct gc_value **state,
             int *rc)
{
    struct gc_path_list replace = {0};
    struct gc_value *planned = NULL;
    int result = -1;
    *state = NULL;
    if (rr_plan(e, prior, config, &planned, &replace) != 0)
        goto cleanup;
    *rc = gc_apply_resource(e->def, &e->prov, prior, planned, state, &e->diags);
    result = 0;
cleanup:
    gc_value_free(planned);
    gc_path_list_clean_up(&replace);
    return result;
}

int rr_destroy(struct rr_env *e, const struct gc_value *prior)
{
    struct gc_value *null_plan = gc_value_new_null(e->def->block->type), *gone = NULL;
    int rc = null_plan ? gc_apply_resource(e->def, &e->prov, prior, null_plan, &gone, &e->diags) : -1;
    if (rc == 0 && gone && !gc_value_is_null(gone))
        rc = 1;
    gc_value_free(gone);
    gc_value_free(null_plan);
    return rc;
}

bool rr_refused_before_aws(struct rr_env *e, const struct gc_value *config, const char *path, const char *summary)
{
    struct gc_value *planned = NULL;
    int rc = rr_plan_in_place(e, NULL, config, &planned);
    gc_value_free(planned);
    bool refused = rc != 0 && rr_diag_on(&e->diags, path, summary) && fw_n_calls(e->world) == 0;
    if (!refused) {
        printf("# not refused with \"%s\" at %s before any AWS call: plan rc %d, %zu calls\n", summary, path, rc,
               fw_n_calls(e->world));
        for (size_t i = 0; i < e->diags.n; i++)
            printf("#   %s\n", e->diags.items[i].summary ? e->diags.items[i].summary : "");
    }
    return refused;
}

bool rr_diag_has(const struct gc_diags *d, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if ((d->items[i].summary && strstr(d->items[i].summary, text)) ||
            (d->items[i].detail && strstr(d->items[i].detail, text)))
            return true;
    return false;
}

bool rr_diag_on(const struct gc_diags *d, const char *path, const char *text)
{
    for (size_t i = 0; i < d->n; i++) {
        char *p = gc_path_to_string(&d->items[i].path);
        bool hit = p && strcmp(p, path) == 0 && d->items[i].summary && strstr(d->items[i].summary, text);
        free(p);
        if (hit)
            return true;
    }
    return false;
}

struct gc_value *rr_string_set(const char *a, const char *b)
{
    struct gc_value *s = gc_value_new_collection(&gc_type_set_string);
    if (s && a)
        gc_value_append(s, gc_value_new_string(a));
    if (s && b)
        gc_value_append(s, gc_value_new_string(b));
    return s;
}

void rr_set_text(const struct rr_env *e, struct gc_value *config, const char *attr, const char *text)
{
    const struct gc_type *type = gc_type_object_attr(e->def->block->type, attr);
    char two[64];
    char *bar = NULL;
    if (!type || type->kind != GC_TYPE_SET) {
        gc_value_set_string(config, attr, text);
        return;
    }
    if (!text) {
        gc_value_object_set(config, attr, gc_value_new_null(type));
        return;
    }
    snprintf(two, sizeof two, "%s", text);
    bar = strchr(two, '|');
    if (bar)
        *bar++ = '\0';
    gc_value_object_set(config, attr, rr_string_set(two, bar));
}

bool rr_has_string(const struct gc_value *set, const char *s)
{
    for (size_t i = 0; i < gc_value_length(set); i++)
        if (gc_value_string(gc_value_index(set, i)) && strcmp(gc_value_string(gc_value_index(set, i)), s) == 0)
            return true;
    return false;
}
