/* Resources and data sources as the framework sees them: a schema plus CRUD steps. A resource file declares
 * one `const struct gc_resource_def` and nothing else is needed to serve it: plan rules, validation, timeouts,
 * tags, import and diagnostics are shared (gc_plan.h, gc_op.h). */
#ifndef GC_RESOURCE_H
#define GC_RESOURCE_H

#include "framework/gc_op.h"
#include "framework/gc_schema.h"

struct gc_resource_def {
    const char *type_name;
    int64_t version;
    struct gc_block_def *block;
    int64_t default_create_s, default_update_s, default_delete_s; /* timeouts when the block leaves them null */

    /* Cross-attribute checks on a config that may hold unknowns (optional). */
    int (*validate)(const struct gc_value *config, struct gc_diags *diags);
    /* Adjusts a plan after the shared rules ran (optional): may mark attributes unknown or add replace paths. */
    int (*plan)(struct gc_plan_ctx *ctx);

    /* Creates the object. On failure, *state may still hold what was made (with the id set) so that nothing is
     * orphaned: the framework returns it with the error and Terraform marks it tainted. */
    int (*create)(struct gc_op *op, const struct gc_value *planned, struct gc_value **state);
    /* Reads the remote object. *state = NULL means it is gone. On failure the framework frees whatever *state
     * holds and keeps the prior state (gc_read_resource): a read need not drop a half-built state itself.
     * op->private_prior holds the instance's private bytes as Terraform stored them (ReadResource's `private`;
     * empty: none), and gc_op_set_private replaces them (else they stay): a memo of the resource's own for its
     * next read (say, what to ask in the same round), kept out of the state and never shown. A read must judge
     * them (they may be old, or from another provider version) and never trust them over what AWS answers. */
    int (*read)(struct gc_op *op, const struct gc_value *prior, struct gc_value **state);
    int (*update)(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                  struct gc_value **state);
    int (*delete)(struct gc_op *op, const struct gc_value *prior);
    /* Builds a state from an import id (the framework then calls read). Optional: NULL = not importable. On
     * failure the framework frees whatever *state holds (gc_import_resource). */
    int (*import)(struct gc_op *op, const char *id, struct gc_value **state);
};

/* The definition a resource file ends with: `name_` serves `type_name_` over `block_` (schema version 0), with the
 * one default timeout for create, update and delete of `timeouts_`, the block GC_TIMEOUTS_MINUTES defined (so that
 * the documented default and the applied one are one number), and the file's own static s_validate, s_plan,
 * s_create, s_read, s_update, s_delete and s_import as its methods. A resource that differs (another version, a
 * missing method, timeouts of their own) spells its struct gc_resource_def out instead. */
#define GC_RESOURCE_DEFINE(name_, type_name_, block_, timeouts_)                                                       \
    const struct gc_resource_def name_ = {                                                                             \
        .type_name = (type_name_),                                                                                     \
        .version = 0,                                                                                                  \
        .block = (block_),                                                                                             \
        .default_create_s = (timeouts_##_default_s),                                                                   \
        .default_update_s = (timeouts_##_default_s),                                                                   \
        .default_delete_s = (timeouts_##_default_s),                                                                   \
        .validate = s_validate,                                                                                        \
        .plan = s_plan,                                                                                                \
        .create = s_create,                                                                                            \
        .read = s_read,                                                                                                \
        .update = s_update,                                                                                            \
        .delete = s_delete,                                                                                            \
        .import = s_import,                                                                                            \
    }

struct gc_data_source_def {
    const char *type_name;
    struct gc_block_def *block;
    int (*validate)(const struct gc_value *config, struct gc_diags *diags);
    int (*read)(struct gc_op *op, const struct gc_value *config, struct gc_value **state);
};

/* The provider's own configuration schema and its configure step. */
struct gc_provider_def {
    struct gc_block_def *block;
    int (*validate)(const struct gc_value *config, struct gc_diags *diags);
    /* Builds the configured provider from the (wholly known or partly unknown) config. */
    int (*configure)(struct gc_provider **out, const struct gc_value *config, const char *terraform_version,
                     struct gc_diags *diags);
    void (*free)(struct gc_provider *provider);
};

/* The registry: every type gcnet serves, defined in resources/gc_registry.c. */
extern const struct gc_provider_def gc_provider_definition;
extern const struct gc_resource_def *const gc_resource_defs[];
extern const size_t gc_n_resource_defs;
extern const struct gc_data_source_def *const gc_data_source_defs[];
extern const size_t gc_n_data_source_defs;

/* Prepares every schema in the registry (builds types). Call once at start-up. */
int gc_registry_prepare(void);
const struct gc_resource_def *gc_registry_resource(const char *type_name);
const struct gc_data_source_def *gc_registry_data_source(const char *type_name);

#endif
