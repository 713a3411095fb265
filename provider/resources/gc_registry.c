/* Every type gcnet serves. A new resource is one file with a `const struct gc_resource_def` and one line here. */
#include <string.h>

#include "framework/gc_resource.h"

extern const struct gc_resource_def gc_resource_municipality_hub;
extern const struct gc_resource_def gc_resource_dns_resolver;
extern const struct gc_resource_def gc_resource_private_ca;
extern const struct gc_resource_def gc_resource_certificate;
extern const struct gc_resource_def gc_resource_asp_connection;
extern const struct gc_resource_def gc_resource_onprem_link;
extern const struct gc_data_source_def gc_data_source_municipality;

const struct gc_resource_def *const gc_resource_defs[] = {
    &gc_resource_municipality_hub, &gc_resource_dns_resolver,   &gc_resource_private_ca,
    &gc_resource_certificate,      &gc_resource_asp_connection, &gc_resource_onprem_link,
};
const size_t gc_n_resource_defs = sizeof gc_resource_defs / sizeof gc_resource_defs[0];

const struct gc_data_source_def *const gc_data_source_defs[] = {
    &gc_data_source_municipality,
};
const size_t gc_n_data_source_defs = sizeof gc_data_source_defs / sizeof gc_data_source_defs[0];

int gc_registry_prepare(void)
{
    int rc = gc_schema_prepare(gc_provider_definition.block);
    for (size_t i = 0; rc == 0 && i < gc_n_resource_defs; i++)
        rc = gc_schema_prepare(gc_resource_defs[i]->block);
    for (size_t i = 0; rc == 0 && i < gc_n_data_source_defs; i++)
        rc = gc_schema_prepare(gc_data_source_defs[i]->block);
    return rc;
}

const struct gc_resource_def *gc_registry_resource(const char *type_name)
{
    for (size_t i = 0; type_name && i < gc_n_resource_defs; i++)
        if (strcmp(gc_resource_defs[i]->type_name, type_name) == 0)
            return gc_resource_defs[i];
    return NULL;
}

const struct gc_data_source_def *gc_registry_data_source(const char *type_name)
{
    for (size_t i = 0; type_name && i < gc_n_data_source_defs; i++)
        if (strcmp(gc_data_source_defs[i]->type_name, type_name) == 0)
            return gc_data_source_defs[i];
    return NULL;
}
