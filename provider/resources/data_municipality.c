/* data "gcnet_municipality": the catalog entry of one municipality (names, local-government code, connection
 * to the Government Cloud, options ordered, business systems by placement). No AWS call. */
#include <string.h>

#include "framework/gc_resource.h"
#include "resources/gc_catalog.h"

static int s_validate_key(const struct gc_value *v, const struct gc_path *path, struct gc_diags *diags)
{
    if (gc_catalog_find(gc_value_string(v)))
        return 0;
    gc_diags_add(diags, GC_SEV_ERROR, path, "Unknown municipality", "\"%s\" is not in the catalog: %s.",
                 gc_value_string(v), gc_catalog_keys_text());
    return -1;
}

#define RO GC_ATTR_COMPUTED
static const struct gc_attr_def s_attrs[] = {
    {"code", &gc_type_string, RO, "Six-digit local-government code (with check digit).", NULL, NULL},
    {"connection", &gc_type_string, RO, "Connection to the Government Cloud: \"lgcs\" or \"private_line\".", NULL,
     NULL},
    {"connection_name_ja", &gc_type_string, RO, "The connection's name in Japanese.", NULL, NULL},
    {"council_number", &gc_type_number, RO, "The procurement council's own number for the municipality.", NULL, NULL},
    {"id", &gc_type_string, RO, "The key.", NULL, NULL},
    {"key", &gc_type_string, GC_ATTR_REQUIRED, "Catalog key, e.g. \"naruto\".", s_validate_key, NULL},
    {"name_en", &gc_type_string, RO, "English name.", NULL, NULL},
    {"name_ja", &gc_type_string, RO, "Japanese name.", NULL, NULL},
    {"orders_dns", &gc_type_bool, RO, "Route 53 Resolver DNS management was ordered.", NULL, NULL},
    {"orders_private_ca", &gc_type_bool, RO, "A private CA was ordered.", NULL, NULL},
    {"orders_privatelink", &gc_type_bool, RO, "PrivateLink connections were ordered.", NULL, NULL},
    {"planned", &gc_type_string, RO, "When the connection is planned.", NULL, NULL},
    {"systems_on_aws", &gc_type_list_string, RO, "Standard business systems built on AWS.", NULL, NULL},
    {"systems_outside_aws", &gc_type_list_string, RO, "Standard business systems built outside AWS.", NULL, NULL},
};
#undef RO

static struct gc_block_def s_block = {s_attrs,
                                      sizeof s_attrs / sizeof s_attrs[0],
                                      NULL,
                                      0,
                                      "A municipality of the joint procurement, from gcnet's built-in catalog.",
                                      NULL};

static int s_read(struct gc_op *op, const struct gc_value *config, struct gc_value **state)
{
    const struct gc_municipality *m = gc_catalog_find(gc_value_get_string(config, "key"));
    const char *aws[GC_CATALOG_SYSTEMS], *outside[GC_CATALOG_SYSTEMS];
    size_t n_aws = 0, n_outside = 0;
    int rc = 0;
    *state = NULL;
    if (!m) {
        const char *key = gc_value_get_string(config, "key");
        gc_diags_error_at(op->diags, "key", "Unknown municipality", "\"%s\" is not one of: %s.", key ? key : "",
                          gc_catalog_keys_text());
        return -1;
    }
    for (size_t i = 0; i < GC_CATALOG_SYSTEMS; i++) {
        if (m->systems[i] == GC_SYS_AWS)
            aws[n_aws++] = gc_catalog_systems[i].key;
        else if (m->systems[i] == GC_SYS_OUTSIDE)
            outside[n_outside++] = gc_catalog_systems[i].key;
    }
    struct gc_value *s = gc_value_new_object(s_block.type);
    if (!s)
        return -1;
    rc |= gc_value_set_string(s, "id", m->key);
    rc |= gc_value_set_string(s, "key", m->key);
    rc |= gc_value_set_string(s, "code", m->code);
    rc |= gc_value_set_string(s, "connection", gc_connection_key(m->connection));
    rc |= gc_value_set_string(s, "connection_name_ja", gc_connection_name_ja(m->connection));
    rc |= gc_value_set_int64(s, "council_number", m->council_no);
    rc |= gc_value_set_string(s, "name_en", m->name_en);
    rc |= gc_value_set_string(s, "name_ja", m->name_ja);
    rc |= gc_value_set_bool(s, "orders_dns", m->dns);
    rc |= gc_value_set_bool(s, "orders_private_ca", m->private_ca);
    rc |= gc_value_set_bool(s, "orders_privatelink", m->privatelink);
    rc |= gc_value_set_string(s, "planned", m->planned);
    rc |= gc_value_object_set(s, "systems_on_aws", gc_value_new_string_list(&gc_type_list_string, aws, n_aws));
    rc |= gc_value_object_set(s, "systems_outside_aws",
                              gc_value_new_string_list(&gc_type_list_string, outside, n_outside));
    if (rc != 0) {
        gc_value_free(s);
        return -1;
    }
    *state = s;
    return 0;
}

const struct gc_data_source_def gc_data_source_municipality = {
    .type_name = "gcnet_municipality",
    .block = &s_block,
    .validate = NULL,
    .read = s_read,
};
