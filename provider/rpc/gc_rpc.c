#include "rpc/gc_rpc.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc_log.h"
#include "framework/gc_plan.h"
#include "grpc_controller.pb-c.h"
#include "rpc/gc_rpc_wire.h"

void gc_rpc_app_init(struct gc_rpc_app *app)
{
    pthread_mutex_init(&app->lock, NULL);
    app->provider = NULL;
    app->stopping = false;
}

void gc_rpc_app_clean_up(struct gc_rpc_app *app)
{
    if (app->provider)
        gc_provider_definition.free(app->provider);
    app->provider = NULL;
    pthread_mutex_destroy(&app->lock);
}

void gc_rpc_app_stop(void *arg)
{
    struct gc_rpc_app *app = arg;
    pthread_mutex_lock(&app->lock);
    app->stopping = true;
    if (app->provider && app->provider->aws)
        gc_aws_client_cancel(app->provider->aws);
    pthread_mutex_unlock(&app->lock);
}

static struct gc_provider *s_provider(struct gc_rpc_app *app)
{
    pthread_mutex_lock(&app->lock);
    struct gc_provider *p = app->provider;
    pthread_mutex_unlock(&app->lock);
    return p;
}

/* The end of every handler: the diagnostics go into the response's, and are freed. */
static int s_reply(struct gc_diags *diags, struct gc_arena *arena, Tfplugin6__Diagnostic ***out, size_t *n_out)
{
    *out = gc_wire_diags(diags, arena, n_out);
    gc_diags_clean_up(diags);
    return 0;
}

#define S_REPLY(resp, diags, arena) s_reply(&(diags), (arena), &(resp)->diagnostics, &(resp)->n_diagnostics)

static void s_unknown_type(struct gc_diags *diags, const char *kind, const char *name)
{
    gc_diags_error_at(diags, NULL, "Unknown type", "gcnet has no %s named \"%s\".", kind, name ? name : "");
}

/* The start of a handler on one resource type: `diags` ready, and the type's definition, or NULL with an
 * "Unknown type" error. */
static const struct gc_resource_def *s_resource(struct gc_diags *diags, const char *type_name)
{
    const struct gc_resource_def *def = gc_registry_resource(type_name);
    gc_diags_init(diags);
    if (!def)
        s_unknown_type(diags, "resource type", type_name);
    return def;
}

/* The same for a data source. */
static const struct gc_data_source_def *s_data_source(struct gc_diags *diags, const char *type_name)
{
    const struct gc_data_source_def *def = gc_registry_data_source(type_name);
    gc_diags_init(diags);
    if (!def)
        s_unknown_type(diags, "data source", type_name);
    return def;
}

/* ---- schema and metadata ---- */

static Tfplugin6__ServerCapabilities *s_capabilities(struct gc_arena *arena)
{
    Tfplugin6__ServerCapabilities *caps = gc_arena_alloc(arena, sizeof(*caps));
    if (caps) {
        tfplugin6__server_capabilities__init(caps);
        caps->get_provider_schema_optional = true; /* the schema is static: Terraform may cache it */
        caps->plan_destroy = false;
    }
    return caps;
}

static int s_get_provider_schema(void *arg, const ProtobufCMessage *req, ProtobufCMessage *resp_msg,
                                 struct gc_arena *arena)
{
    (void)arg;
    (void)req;
    Tfplugin6__GetProviderSchema__Response *resp = (Tfplugin6__GetProviderSchema__Response *)resp_msg;
    resp->provider = gc_wire_schema(gc_provider_definition.block, 0, arena);
    resp->server_capabilities = s_capabilities(arena);
    resp->resource_schemas = gc_arena_calloc(arena, gc_n_resource_defs + 1, sizeof(*resp->resource_schemas));
    resp->data_source_schemas = gc_arena_calloc(arena, gc_n_data_source_defs + 1, sizeof(*resp->data_source_schemas));
    if (!resp->provider || !resp->resource_schemas || !resp->data_source_schemas)
        return -1;
    for (size_t i = 0; i < gc_n_resource_defs; i++) {
        Tfplugin6__GetProviderSchema__Response__ResourceSchemasEntry *e = gc_arena_alloc(arena, sizeof(*e));
        if (!e)
            return -1;
        tfplugin6__get_provider_schema__response__resource_schemas_entry__init(e);
        e->key = gc_arena_strdup(arena, gc_resource_defs[i]->type_name);
        e->value = gc_wire_schema(gc_resource_defs[i]->block, gc_resource_defs[i]->version, arena);
        if (!e->value)
            return -1;
        resp->resource_schemas[resp->n_resource_schemas++] = e;
    }
    for (size_t i = 0; i < gc_n_data_source_defs; i++) {
        Tfplugin6__GetProviderSchema__Response__DataSourceSchemasEntry *e = gc_arena_alloc(arena, sizeof(*e));
        if (!e)
            return -1;
        tfplugin6__get_provider_schema__response__data_source_schemas_entry__init(e);
        e->key = gc_arena_strdup(arena, gc_data_source_defs[i]->type_name);
        e->value = gc_wire_schema(gc_data_source_defs[i]->block, 0, arena);
        if (!e->value)
            return -1;
        resp->data_source_schemas[resp->n_data_source_schemas++] = e;
    }
    return 0;
}

static int s_get_metadata(void *arg, const ProtobufCMessage *req, ProtobufCMessage *resp_msg, struct gc_arena *arena)
{
    (void)arg;
    (void)req;
    Tfplugin6__GetMetadata__Response *resp = (Tfplugin6__GetMetadata__Response *)resp_msg;
    resp->server_capabilities = s_capabilities(arena);
    resp->resources = gc_arena_calloc(arena, gc_n_resource_defs + 1, sizeof(*resp->resources));
    resp->data_sources = gc_arena_calloc(arena, gc_n_data_source_defs + 1, sizeof(*resp->data_sources));
    if (!resp->resources || !resp->data_sources)
        return -1;
    for (size_t i = 0; i < gc_n_resource_defs; i++) {
        Tfplugin6__GetMetadata__ResourceMetadata *m = gc_arena_alloc(arena, sizeof(*m));
        if (!m)
            return -1;
        tfplugin6__get_metadata__resource_metadata__init(m);
        m->type_name = gc_arena_strdup(arena, gc_resource_defs[i]->type_name);
        resp->resources[resp->n_resources++] = m;
    }
    for (size_t i = 0; i < gc_n_data_source_defs; i++) {
        Tfplugin6__GetMetadata__DataSourceMetadata *m = gc_arena_alloc(arena, sizeof(*m));
        if (!m)
            return -1;
        tfplugin6__get_metadata__data_source_metadata__init(m);
        m->type_name = gc_arena_strdup(arena, gc_data_source_defs[i]->type_name);
        resp->data_sources[resp->n_data_sources++] = m;
    }
    return 0;
}

static int s_get_functions(void *arg, const ProtobufCMessage *req, ProtobufCMessage *resp, struct gc_arena *arena)
{
    (void)arg;
    (void)req;
    (void)resp;
    (void)arena;
    return 0; /* no functions: an empty, valid answer */
}

/* ---- validation ---- */

/* The three Validate*Config calls: decodes a config with the block's type (NULL: the type is unknown, already
 * reported), runs the schema validators and the type's own check, and replies. */
static int s_validate_config(const struct gc_block_def *block,
                             int (*validate)(const struct gc_value *, struct gc_diags *),
                             const Tfplugin6__DynamicValue *dv, struct gc_diags *diags, struct gc_arena *arena,
                             Tfplugin6__Diagnostic ***out, size_t *n_out)
{
    struct gc_value *config = NULL;
    if (block && gc_wire_decode(dv, block->type, &config, diags) == 0 &&
        gc_schema_validate(block, config, diags) == 0 && validate)
        validate(config, diags);
    gc_value_free_secure(config); /* the provider's config carries keys */
    return s_reply(diags, arena, out, n_out);
}

static int s_validate_resource_config(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                      struct gc_arena *arena)
{
    (void)arg;
    const Tfplugin6__ValidateResourceConfig__Request *req = (const void *)req_msg;
    Tfplugin6__ValidateResourceConfig__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    const struct gc_resource_def *def = s_resource(&diags, req->type_name);
    return s_validate_config(def ? def->block : NULL, def ? def->validate : NULL, req->config, &diags, arena,
                             &resp->diagnostics, &resp->n_diagnostics);
}

static int s_validate_data_config(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                  struct gc_arena *arena)
{
    (void)arg;
    const Tfplugin6__ValidateDataResourceConfig__Request *req = (const void *)req_msg;
    Tfplugin6__ValidateDataResourceConfig__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    const struct gc_data_source_def *def = s_data_source(&diags, req->type_name);
    return s_validate_config(def ? def->block : NULL, def ? def->validate : NULL, req->config, &diags, arena,
                             &resp->diagnostics, &resp->n_diagnostics);
}

static int s_validate_provider_config(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                      struct gc_arena *arena)
{
    (void)arg;
    const Tfplugin6__ValidateProviderConfig__Request *req = (const void *)req_msg;
    Tfplugin6__ValidateProviderConfig__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    gc_diags_init(&diags);
    return s_validate_config(gc_provider_definition.block, gc_provider_definition.validate, req->config, &diags, arena,
                             &resp->diagnostics, &resp->n_diagnostics);
}

/* ---- configure, stop ---- */

static int s_configure_provider(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                struct gc_arena *arena)
{
    struct gc_rpc_app *app = arg;
    const Tfplugin6__ConfigureProvider__Request *req = (const void *)req_msg;
    Tfplugin6__ConfigureProvider__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    struct gc_value *config = NULL;
    struct gc_provider *provider = NULL;
    gc_diags_init(&diags);
    if (gc_wire_decode(req->config, gc_provider_definition.block->type, &config, &diags) == 0 &&
        gc_schema_validate(gc_provider_definition.block, config, &diags) == 0 &&
        gc_provider_definition.configure(&provider, config, req->terraform_version, &diags) == 0) {
        /* One configuration per process: calls in flight hold the first provider, so a second one is refused
         * rather than swapped in under them. */
        pthread_mutex_lock(&app->lock);
        if (!app->provider) {
            app->provider = provider;
            provider = NULL;
            if (app->stopping && app->provider->aws)
                gc_aws_client_cancel(app->provider->aws);
        }
        pthread_mutex_unlock(&app->lock);
        if (provider)
            gc_diags_error_at(&diags, NULL, "Provider already configured",
                              "gcnet accepts one ConfigureProvider call per process; the first configuration stays.");
    }
    if (provider)
        gc_provider_definition.free(provider);
    gc_value_free_secure(config);
    return S_REPLY(resp, diags, arena);
}

static int s_stop_provider(void *arg, const ProtobufCMessage *req, ProtobufCMessage *resp, struct gc_arena *arena)
{
    (void)req;
    (void)resp;
    (void)arena;
    GC_INFO("StopProvider: cancelling AWS calls and waits in flight");
    gc_rpc_app_stop(arg);
    return 0;
}

/* ---- resource lifecycle ---- */

static int s_upgrade_resource_state(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                    struct gc_arena *arena)
{
    (void)arg;
    const Tfplugin6__UpgradeResourceState__Request *req = (const void *)req_msg;
    Tfplugin6__UpgradeResourceState__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    struct gc_value *state = NULL;
    const struct gc_resource_def *def = s_resource(&diags, req->type_name);
    if (def && (!req->raw_state || req->raw_state->json.len == 0)) {
        gc_diags_error_at(&diags, NULL, "Unsupported state format",
                          "The stored state of this %s has no JSON form (pre-0.12 flatmap state is not supported).",
                          def->type_name);
    } else if (def && gc_upgrade_resource_state(def, req->version,
                                                gc_span_from(req->raw_state->json.data, req->raw_state->json.len),
                                                &state, &diags) == 0) {
        resp->upgraded_state = gc_wire_encode(state, arena, &diags);
    }
    gc_value_free(state);
    return S_REPLY(resp, diags, arena);
}

static int s_read_resource(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                           struct gc_arena *arena)
{
    const Tfplugin6__ReadResource__Request *req = (const void *)req_msg;
    Tfplugin6__ReadResource__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    struct gc_value *prior = NULL, *state = NULL;
    struct gc_private next = {0};
    const struct gc_resource_def *def = s_resource(&diags, req->type_name);
    if (def && gc_wire_decode(req->current_state, def->block->type, &prior, &diags) == 0) {
        gc_read_resource_private(def, s_provider(arg), prior, gc_span_from(req->private_.data, req->private_.len),
                                 &state, &next, &diags);
        if (!state)
            state = gc_value_new_null(def->block->type);
        resp->new_state = gc_wire_encode(state, arena, &diags);
    }
    /* Terraform replaces the stored private data with ours: the read's new bytes, else an echo */
    if (next.bytes) {
        resp->private_.len = next.len;
        resp->private_.data = gc_arena_memdup(arena, next.bytes, next.len);
    } else {
        resp->private_.len = req->private_.len;
        resp->private_.data = gc_arena_memdup(arena, req->private_.data, req->private_.len);
    }
    if (!resp->private_.data)
        resp->private_.len = 0; /* none, or no memory for it: Terraform then stores none */
    free(next.bytes);
    gc_value_free(prior);
    gc_value_free(state);
    return S_REPLY(resp, diags, arena);
}

static int s_plan_resource_change(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                  struct gc_arena *arena)
{
    const Tfplugin6__PlanResourceChange__Request *req = (const void *)req_msg;
    Tfplugin6__PlanResourceChange__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    struct gc_value *prior = NULL, *proposed = NULL, *config = NULL, *planned = NULL;
    struct gc_path_list replace = {0};
    const struct gc_resource_def *def = s_resource(&diags, req->type_name);
    if (def && gc_wire_decode(req->prior_state, def->block->type, &prior, &diags) == 0 &&
        gc_wire_decode(req->proposed_new_state, def->block->type, &proposed, &diags) == 0 &&
        gc_wire_decode(req->config, def->block->type, &config, &diags) == 0 &&
        gc_plan_resource(def, s_provider(arg), prior, proposed, config, &planned, &replace, &diags) == 0) {
        resp->planned_state = gc_wire_encode(planned, arena, &diags);
        resp->requires_replace = gc_arena_calloc(arena, replace.n + 1, sizeof(*resp->requires_replace));
        for (size_t i = 0; resp->requires_replace && i < replace.n; i++)
            resp->requires_replace[resp->n_requires_replace++] = gc_wire_path(&replace.items[i], arena);
    }
    resp->planned_private.len = req->prior_private.len;
    resp->planned_private.data = gc_arena_memdup(arena, req->prior_private.data, req->prior_private.len);
    gc_path_list_clean_up(&replace);
    gc_value_free(prior);
    gc_value_free(proposed);
    gc_value_free(config);
    gc_value_free(planned);
    return S_REPLY(resp, diags, arena);
}

static int s_apply_resource_change(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                   struct gc_arena *arena)
{
    const Tfplugin6__ApplyResourceChange__Request *req = (const void *)req_msg;
    Tfplugin6__ApplyResourceChange__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    struct gc_value *prior = NULL, *planned = NULL, *state = NULL;
    const struct gc_resource_def *def = s_resource(&diags, req->type_name);
    if (def && gc_wire_decode(req->prior_state, def->block->type, &prior, &diags) == 0 &&
        gc_wire_decode(req->planned_state, def->block->type, &planned, &diags) == 0) {
        gc_apply_resource(def, s_provider(arg), prior, planned, &state, &diags);
        if (!state)
            state = gc_value_new_null(def->block->type);
        resp->new_state = gc_wire_encode(state, arena, &diags);
    }
    resp->private_.len = req->planned_private.len;
    resp->private_.data = gc_arena_memdup(arena, req->planned_private.data, req->planned_private.len);
    gc_value_free(prior);
    gc_value_free(planned);
    gc_value_free(state);
    return S_REPLY(resp, diags, arena);
}

static int s_import_resource_state(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                                   struct gc_arena *arena)
{
    const Tfplugin6__ImportResourceState__Request *req = (const void *)req_msg;
    Tfplugin6__ImportResourceState__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    struct gc_value *state = NULL;
    const struct gc_resource_def *def = s_resource(&diags, req->type_name);
    if (def && gc_import_resource(def, s_provider(arg), req->id, &state, &diags) == 0) {
        Tfplugin6__ImportResourceState__ImportedResource *r = gc_arena_alloc(arena, sizeof(*r));
        resp->imported_resources = gc_arena_calloc(arena, 1, sizeof(*resp->imported_resources));
        if (r && resp->imported_resources) {
            tfplugin6__import_resource_state__imported_resource__init(r);
            r->type_name = gc_arena_strdup(arena, def->type_name);
            r->state = gc_wire_encode(state, arena, &diags);
            resp->imported_resources[resp->n_imported_resources++] = r;
        }
    }
    gc_value_free(state);
    return S_REPLY(resp, diags, arena);
}

static int s_read_data_source(void *arg, const ProtobufCMessage *req_msg, ProtobufCMessage *resp_msg,
                              struct gc_arena *arena)
{
    const Tfplugin6__ReadDataSource__Request *req = (const void *)req_msg;
    Tfplugin6__ReadDataSource__Response *resp = (void *)resp_msg;
    struct gc_diags diags;
    struct gc_value *config = NULL, *state = NULL;
    const struct gc_data_source_def *def = s_data_source(&diags, req->type_name);
    if (def && gc_wire_decode(req->config, def->block->type, &config, &diags) == 0 &&
        gc_read_data_source(def, s_provider(arg), config, &state, &diags) == 0) {
        resp->state = gc_wire_encode(state, arena, &diags);
    }
    gc_value_free(config);
    gc_value_free(state);
    return S_REPLY(resp, diags, arena);
}

#define GC_RPC(name, prefix, fn)                                                                                       \
    {                                                                                                                  \
        "/tfplugin6.Provider/" #name, &tfplugin6__##prefix##__request__descriptor,                                     \
            &tfplugin6__##prefix##__response__descriptor, fn                                                           \
    }

const struct gc_rpc_method gc_rpc_methods[] = {
    GC_RPC(GetMetadata, get_metadata, s_get_metadata),
    GC_RPC(GetProviderSchema, get_provider_schema, s_get_provider_schema),
    GC_RPC(GetFunctions, get_functions, s_get_functions),
    GC_RPC(ValidateProviderConfig, validate_provider_config, s_validate_provider_config),
    GC_RPC(ValidateResourceConfig, validate_resource_config, s_validate_resource_config),
    GC_RPC(ValidateDataResourceConfig, validate_data_resource_config, s_validate_data_config),
    GC_RPC(UpgradeResourceState, upgrade_resource_state, s_upgrade_resource_state),
    GC_RPC(ConfigureProvider, configure_provider, s_configure_provider),
    GC_RPC(ReadResource, read_resource, s_read_resource),
    GC_RPC(PlanResourceChange, plan_resource_change, s_plan_resource_change),
    GC_RPC(ApplyResourceChange, apply_resource_change, s_apply_resource_change),
    GC_RPC(ImportResourceState, import_resource_state, s_import_resource_state),
    GC_RPC(ReadDataSource, read_data_source, s_read_data_source),
    GC_RPC(StopProvider, stop_provider, s_stop_provider),
};
const size_t gc_rpc_n_methods = sizeof gc_rpc_methods / sizeof gc_rpc_methods[0];
