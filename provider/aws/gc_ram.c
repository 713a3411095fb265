/* Typed AWS RAM operations (see gc_ram.h), on the operation tables: requests are documents keyed by RAM's
 * lowerCamel member names, the REST-JSON protocol puts them on the wire (paths, query strings, paging), and
 * binding tables read the answers into the typed structs. */
#include "aws/gc_ram.h"

#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_bind.h"
#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_aws_typed.h"
#include "base/gc_log.h"

bool gc_ram_error_is_not_found(const struct gc_aws_error *err)
{
    return gc_aws_op_is_not_found(&gc_op_ram_get_resource_shares, err);
}

bool gc_ram_status_is_gone(const char *status)
{
    return status && (strcmp(status, "DELETED") == 0 || strcmp(status, "DISASSOCIATED") == 0);
}

bool gc_ram_association_is_live(const char *status)
{
    return !status ||
           (!gc_ram_status_is_gone(status) && strcmp(status, "FAILED") != 0 && strcmp(status, "DISASSOCIATING") != 0);
}

#define T struct gc_ram_share
static const struct gc_bind_field s_share_fields[] = {
    GC_BIND_STR(T, arn, "resourceShareArn"),
    GC_BIND_STR(T, name, "name"),
    GC_BIND_STR(T, owning_account_id, "owningAccountId"),
    GC_BIND_STR(T, status, "status"),
    GC_BIND_STR(T, status_message, "statusMessage"),
    GC_BIND_STR(T, feature_set, "featureSet"),
    GC_BIND_BOOL(T, allow_external_principals, "allowExternalPrincipals"),
    GC_BIND_TAGS(T, tags, "tags"),
};
static const struct gc_bind_type s_share_type = GC_BIND_TYPE(T, s_share_fields);
#undef T

#define T struct gc_ram_association
static const struct gc_bind_field s_assoc_fields[] = {
    GC_BIND_STR(T, share_arn, "resourceShareArn"),
    GC_BIND_STR(T, share_name, "resourceShareName"),
    GC_BIND_STR(T, associated_entity, "associatedEntity"),
    GC_BIND_STR(T, association_type, "associationType"),
    GC_BIND_STR(T, status, "status"),
    GC_BIND_STR(T, status_message, "statusMessage"),
    GC_BIND_BOOL(T, external, "external"),
};
static const struct gc_bind_type s_assoc_type = GC_BIND_TYPE(T, s_assoc_fields);
#undef T

GC_BIND_CLEAN_UP_FNS(gc_ram_share, &s_share_type)

GC_BIND_CLEAN_UP_FNS(gc_ram_association, &s_assoc_type)

static bool s_share_is_whole(const void *obj)
{
    return ((const struct gc_ram_share *)obj)->arn != NULL;
}

static bool s_assoc_is_whole(const void *obj)
{
    const struct gc_ram_association *a = obj;
    return a->share_arn && a->associated_entity;
}

static const struct gc_typed_kind s_share_kind = {
    &gc_op_ram_get_resource_shares,        "resourceShares",      &s_share_type,   offsetof(struct gc_ram_share, arn),
    offsetof(struct gc_ram_share, status), gc_ram_status_is_gone, s_share_is_whole};
static const struct gc_typed_kind s_assoc_kind = {&gc_op_ram_get_resource_share_associations,
                                                  "resourceShareAssociations",
                                                  &s_assoc_type,
                                                  offsetof(struct gc_ram_association, share_arn),
                                                  offsetof(struct gc_ram_association, status),
                                                  gc_ram_status_is_gone,
                                                  s_assoc_is_whole};

/* ---- documents ---- */

static int s_set_str(json_t *obj, const char *key, const char *value)
{
    return value ? gc_typed_set(obj, key, json_string(value)) : 0;
}

static int s_set_strv(json_t *obj, const char *key, const char *const *items, size_t n)
{
    return n > 0 ? gc_typed_set(obj, key, gc_typed_strings(items, n)) : 0;
}

static int s_set_bool(json_t *obj, const char *key, enum gc_ram_opt_bool b)
{
    return b == GC_RAM_UNSET ? 0 : gc_typed_set(obj, key, json_boolean(b == GC_RAM_TRUE));
}

/* obj[key] = [{key, value}, ...] for every tag (nothing set when there are none). */
static int s_set_tags(json_t *obj, const char *key, const struct gc_tags *tags)
{
    return tags && tags->n > 0 ? gc_typed_set(obj, key, gc_typed_tags(tags, "key", "value")) : 0;
}

/* clientToken: the given one, else a fresh one, so that the client's retries of one call are one change. RAM's
 * model does not mark it as an idempotency token, so the tables would not fill it. */
static int s_set_token(json_t *obj, const char *given)
{
    char token[37];
    if (given)
        return s_set_str(obj, "clientToken", given);
    return gc_aws_new_token(token) == 0 ? s_set_str(obj, "clientToken", token) : -1;
}

/* Calls `op` with `in` (consumed; NULL: it could not be built); if `out` is non-NULL fills it from the answer's
 * resourceShare. */
static int s_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, json_t *in, struct gc_ram_share *out,
                  struct gc_aws_error *err)
{
    return gc_typed_call(c, op, in, "resourceShare", &s_share_kind, out, err);
}

/* InvalidArgument for `op`; returns -1. */
static int s_bad_arg(struct gc_aws_error *err, const struct gc_aws_op_def *op, const char *message)
{
    gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidArgument", message);
    return -1;
}

/* ---- create / get / list ---- */

int gc_ram_share_create(struct gc_aws_client *c, const struct gc_ram_share_spec *spec, struct gc_ram_share *out,
                        struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!spec || !spec->name || !*spec->name || !out)
        return s_bad_arg(err, &gc_op_ram_create_resource_share, "a share name is required");
    in = json_pack("{s:s}", "name", spec->name);
    if (in)
        in = gc_typed_built(in, s_set_token(in, spec->client_token) |
                                    s_set_strv(in, "resourceArns", spec->resource_arns, spec->n_resource_arns) |
                                    s_set_strv(in, "principals", spec->principals, spec->n_principals) |
                                    s_set_strv(in, "permissionArns", spec->permission_arns, spec->n_permission_arns) |
                                    s_set_bool(in, "allowExternalPrincipals", spec->allow_external_principals) |
                                    s_set_tags(in, "tags", spec->tags));
    return s_call(c, &gc_op_ram_create_resource_share, in, out, err);
}

int gc_ram_share_get(struct gc_aws_client *c, const char *arn, struct gc_ram_share *out, bool *found,
                     struct gc_aws_error *err)
{
    json_t *in = json_pack("{s:s, s:[s]}", "resourceOwner", "SELF", "resourceShareArns", arn);
    return gc_typed_get(c, &s_share_kind, in, arn, out, found, err);
}

int gc_ram_share_list(struct gc_aws_client *c, const char *name, const char *tag_key, const char *tag_value,
                      struct gc_ram_share_list *out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ram_share_list tmp = {0};
    void *items = NULL;
    json_t *in = json_pack("{s:s, s:s*}", "resourceOwner", "SELF", "name", name);

    if (in && tag_key) {
        json_t *filter = tag_value ? json_pack("[{s:s, s:[s]}]", "tagKey", tag_key, "tagValues", tag_value)
                                   : json_pack("[{s:s}]", "tagKey", tag_key);
        in = gc_typed_built(in, gc_typed_set(in, "tagFilters", filter));
    }
    if (gc_typed_list(c, &s_share_kind, in, false, &items, &tmp.n, err) != 0)
        goto cleanup;
    tmp.items = items;
    /* Be strict even if a server ignores a filter. */
    size_t kept = 0;
    for (size_t i = 0; i < tmp.n; i++) {
        struct gc_ram_share *s = &tmp.items[i];
        const char *v = tag_key ? gc_tags_find(&s->tags, tag_key) : NULL;
        bool ok = (!name || (s->name && strcmp(s->name, name) == 0)) &&
                  (!tag_key || (v && (!tag_value || strcmp(v, tag_value) == 0)));
        if (ok)
            tmp.items[kept++] = *s;
        else
            gc_ram_share_clean_up(s);
    }
    tmp.n = kept;
    gc_ram_share_list_clean_up(out);
    *out = tmp;
    memset(&tmp, 0, sizeof tmp);
    result = 0;
cleanup:
    gc_ram_share_list_clean_up(&tmp);
    return result;
}

int gc_ram_share_associations(struct gc_aws_client *c, const char *arn, enum gc_ram_association_type type,
                              struct gc_ram_association_list *out, struct gc_aws_error *err)
{
    void *items = NULL;
    size_t n = 0;
    json_t *in = NULL;

    if (!arn || !*arn)
        return s_bad_arg(err, s_assoc_kind.list_op, "missing resource share ARN");
    in = json_pack("{s:s, s:[s]}", "associationType", type == GC_RAM_ASSOC_PRINCIPAL ? "PRINCIPAL" : "RESOURCE",
                   "resourceShareArns", arn);
    if (gc_typed_list(c, &s_assoc_kind, in, true, &items, &n, err) != 0)
        return -1;
    gc_ram_association_list_clean_up(out);
    out->items = items;
    out->n = n;
    return 0;
}

/* ---- mutations ---- */

static int s_assoc_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, const char *arn,
                        const char *const *principals, size_t n_principals, const char *const *resource_arns,
                        size_t n_resource_arns, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!arn || !*arn || (n_principals == 0 && n_resource_arns == 0))
        return s_bad_arg(err, op, "a share ARN and at least one principal or resource are required");
    in = json_pack("{s:s}", "resourceShareArn", arn);
    if (in)
        in = gc_typed_built(in, s_set_token(in, NULL) | s_set_strv(in, "principals", principals, n_principals) |
                                    s_set_strv(in, "resourceArns", resource_arns, n_resource_arns));
    return s_call(c, op, in, NULL, err);
}

int gc_ram_share_associate(struct gc_aws_client *c, const char *arn, const char *const *principals, size_t n_principals,
                           const char *const *resource_arns, size_t n_resource_arns, struct gc_aws_error *err)
{
    return s_assoc_call(c, &gc_op_ram_associate_resource_share, arn, principals, n_principals, resource_arns,
                        n_resource_arns, err);
}

int gc_ram_share_disassociate(struct gc_aws_client *c, const char *arn, const char *const *principals,
                              size_t n_principals, const char *const *resource_arns, size_t n_resource_arns,
                              struct gc_aws_error *err)
{
    return s_assoc_call(c, &gc_op_ram_disassociate_resource_share, arn, principals, n_principals, resource_arns,
                        n_resource_arns, err);
}

int gc_ram_share_update(struct gc_aws_client *c, const char *arn, const char *name,
                        enum gc_ram_opt_bool allow_external_principals, struct gc_ram_share *out,
                        struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!arn || !*arn)
        return s_bad_arg(err, &gc_op_ram_update_resource_share, "missing resource share ARN");
    in = json_pack("{s:s, s:s*}", "resourceShareArn", arn, "name", name);
    if (in)
        in = gc_typed_built(in, s_set_token(in, NULL) |
                                    s_set_bool(in, "allowExternalPrincipals", allow_external_principals));
    return s_call(c, &gc_op_ram_update_resource_share, in, out, err);
}

int gc_ram_share_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                             const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_tags to_set = {0}, to_remove = {0};
    json_t *in = NULL;

    if (!arn || !*arn) {
        s_bad_arg(err, &gc_op_ram_tag_resource, "missing resource share ARN");
        goto cleanup;
    }
    if (gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0) {
        s_bad_arg(err, &gc_op_ram_tag_resource, "out of memory");
        goto cleanup;
    }
    if (to_remove.n > 0) {
        in = json_pack("{s:s}", "resourceShareArn", arn);
        in = in ? gc_typed_built(in, gc_typed_set(in, "tagKeys", gc_typed_tags(&to_remove, NULL, NULL))) : NULL;
        if (s_call(c, &gc_op_ram_untag_resource, in, NULL, err) != 0)
            goto cleanup;
    }
    if (to_set.n > 0) {
        in = json_pack("{s:s}", "resourceShareArn", arn);
        in = in ? gc_typed_built(in, s_set_tags(in, "tags", &to_set)) : NULL;
        if (s_call(c, &gc_op_ram_tag_resource, in, NULL, err) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_tags_clean_up(&to_set);
    gc_tags_clean_up(&to_remove);
    return result;
}

int gc_ram_share_delete(struct gc_aws_client *c, const char *arn, struct gc_aws_error *err)
{
    json_t *in = json_pack("{s:s}", "resourceShareArn", arn);
    in = in ? gc_typed_built(in, s_set_token(in, NULL)) : NULL;
    return gc_typed_delete(c, &gc_op_ram_delete_resource_share, in, arn, err);
}
