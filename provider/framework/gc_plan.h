/* The shared lifecycle: plan rules, apply dispatch with timeouts, read with drift, import and state
 * upgrade. The RPC layer calls these with decoded values; resources only supply their CRUD steps. */
#ifndef GC_PLAN_H
#define GC_PLAN_H

#include "framework/gc_resource.h"

struct gc_path_list {
    struct gc_path *items;
    size_t n;
};

void gc_path_list_clean_up(struct gc_path_list *list);
int gc_path_list_add(struct gc_path_list *list, const char *attr_name);

struct gc_plan_ctx {
    const struct gc_resource_def *def;
    struct gc_provider *provider; /* NULL when the provider configuration is not known yet */
    const struct gc_value *prior; /* null on create */
    const struct gc_value *config;
    struct gc_value *planned; /* being built; owned by the framework */
    struct gc_path_list *replace;
    struct gc_diags *diags;
};

/* Marks a computed attribute unknown in the plan ("known after apply"). */
int gc_plan_set_unknown(struct gc_plan_ctx *ctx, const char *name);
bool gc_plan_is_create(const struct gc_plan_ctx *ctx);
/* True when the planned value of the attribute differs from the prior one. */
bool gc_plan_changed(const struct gc_plan_ctx *ctx, const char *name);

/* Plans a change. `proposed` is Terraform's proposed new state; a null proposed (destroy) plans null. */
int gc_plan_resource(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                     const struct gc_value *proposed, const struct gc_value *config, struct gc_value **planned,
                     struct gc_path_list *replace, struct gc_diags *diags);

/* Applies a planned change (create, update or delete by the null-ness of prior and planned). On failure
 * *new_state is what exists now (prior, partial or NULL) and an error diagnostic is set. */
int gc_apply_resource(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                      const struct gc_value *planned, struct gc_value **new_state, struct gc_diags *diags);

/* Reads the remote object of `prior` (def->read, then the framework's part). *new_state NULL: gone. On failure the
 * prior state stands and an error diagnostic is set. */
int gc_read_resource(const struct gc_resource_def *def, struct gc_provider *provider, const struct gc_value *prior,
                     struct gc_value **new_state, struct gc_diags *diags);

/* gc_read_resource with the instance's private bytes: `prior_private` (borrowed; ReadResource's `private`) is the
 * read's op->private_prior, and what the read sets with gc_op_set_private comes back in *next_private (may be
 * NULL: not wanted). A failed read sets nothing there: the stored bytes stay with the prior state. */
int gc_read_resource_private(const struct gc_resource_def *def, struct gc_provider *provider,
                             const struct gc_value *prior, struct gc_span prior_private, struct gc_value **new_state,
                             struct gc_private *next_private, struct gc_diags *diags);

int gc_import_resource(const struct gc_resource_def *def, struct gc_provider *provider, const char *id,
                       struct gc_value **state, struct gc_diags *diags);

/* Decodes stored state (JSON) written by schema `version` into the current schema. */
int gc_upgrade_resource_state(const struct gc_resource_def *def, int64_t version, struct gc_span raw_json,
                              struct gc_value **state, struct gc_diags *diags);

int gc_read_data_source(const struct gc_data_source_def *def, struct gc_provider *provider,
                        const struct gc_value *config, struct gc_value **state, struct gc_diags *diags);

/* tags_all = provider default_tags overlaid with the resource's tags (resource wins). Unknown if either is
 * unknown. Owned result. */
struct gc_value *gc_tags_merge(const struct gc_value *default_tags, const struct gc_value *tags);

#endif
