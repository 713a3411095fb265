/* Typed AWS RAM operations (see gc_ram.h), on the operation tables: requests are documents keyed by RAM's
 * lowerCamel member names, the REST-JSON protocol puts them on the wire (paths, query strings, paging), and
 * binding tables read the answers into the typed structs. */
#include "aws/gc_ram.h"

#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_bind.h"
#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "base/gc_log.h"

bool gc_ram_error_is_not_found(const struct gc_aws_error *err)
{
    return gc_aws_op_is_not_found(&gc_op_ram_get_resource_shares, err);
}

bool gc_ram_status_is_gone(const char *status)
{
    return status && (strcmp(status, "DELETED") == 0 || strcmp(status, "DISASSOCIATED") == 0);
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

/* ---- documents ---- */

static int s_set_new(json_t *obj, const char *key, json_t *value)
{
    /* json_object_set_new steals `value` even on failure */
    return value ? json_object_set_new(obj, key, value) : -1;
}

static int s_set_str(json_t *obj, const char *key, const char *value)
{
    return value ? s_set_new(obj, key, json_string(value)) : 0;
}

static int s_set_strv(json_t *obj, const char *key, const char *const *items, size_t n)
{
    if (n == 0)
        return 0;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        if (!items[i] || json_array_append_new(arr, json_string(items[i])) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return s_set_new(obj, key, arr);
}

static int s_set_bool(json_t *obj, const char *key, enum gc_ram_opt_bool b)
{
    return b == GC_RAM_UNSET ? 0 : s_set_new(obj, key, json_boolean(b == GC_RAM_TRUE));
}

/* obj[key] = [{key, value}, ...] for every tag (nothing set when there are none). */
static int s_set_tags(json_t *obj, const char *key, const struct gc_tags *tags)
{
    if (!tags || tags->n == 0)
        return 0;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < tags->n; i++) {
        if (json_array_append_new(arr, json_pack("{s:s, s:s}", "key", tags->items[i].key, "value",
                                                 tags->items[i].value ? tags->items[i].value : "")) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return s_set_new(obj, key, arr);
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
    int result = -1;
    json_t *answer = NULL;

    if (!in) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call(c, op, in, &answer, err) != 0)
        goto cleanup;
    if (out && (gc_bind_fill(&s_share_type, out, gc_doc_get(answer, "resourceShare")) != 0 || !out->arn)) {
        gc_ram_share_clean_up(out);
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidResponse", "the response lacks resourceShare");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(in);
    json_decref(answer);
    return result;
}

/* ---- create / get / list ---- */

int gc_ram_share_create(struct gc_aws_client *c, const struct gc_ram_share_spec *spec, struct gc_ram_share *out,
                        struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!spec || !spec->name || !*spec->name || !out) {
        gc_aws_error_set(err, GC_SVC_RAM, gc_op_ram_create_resource_share.name, "InvalidArgument",
                         "a share name is required");
        return -1;
    }
    in = json_pack("{s:s}", "name", spec->name);
    if (in && (s_set_token(in, spec->client_token) != 0 ||
               s_set_strv(in, "resourceArns", spec->resource_arns, spec->n_resource_arns) != 0 ||
               s_set_strv(in, "principals", spec->principals, spec->n_principals) != 0 ||
               s_set_strv(in, "permissionArns", spec->permission_arns, spec->n_permission_arns) != 0 ||
               s_set_bool(in, "allowExternalPrincipals", spec->allow_external_principals) != 0 ||
               s_set_tags(in, "tags", spec->tags) != 0)) {
        json_decref(in);
        in = NULL;
    }
    gc_ram_share_clean_up(out);
    return s_call(c, &gc_op_ram_create_resource_share, in, out, err);
}

/* Every page of GetResourceShares for `in` (consumed) into `out` (empty on entry); DELETED shares dropped unless
 * `include_deleted`. */
static int s_get_shares(struct gc_aws_client *c, json_t *in, bool include_deleted, struct gc_ram_share_list *out,
                        struct gc_aws_error *err)
{
    const struct gc_aws_op_def *op = &gc_op_ram_get_resource_shares;
    int result = -1;
    json_t *answer = NULL;
    void *items = NULL;
    size_t n = 0;

    if (!in) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call_all(c, op, in, &answer, err) != 0)
        goto cleanup;
    if (gc_bind_array_fill(&s_share_type, gc_doc_get(answer, "resourceShares"), &items, &n) != 0) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidResponse", "malformed resource share in response");
        goto cleanup;
    }
    out->items = items;
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        struct gc_ram_share *s = &out->items[i];
        if (!s->arn) {
            gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidResponse", "malformed resource share in response");
            goto cleanup;
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct gc_ram_share *s = &out->items[i];
        if (!include_deleted && gc_ram_status_is_gone(s->status))
            gc_ram_share_clean_up(s);
        else
            out->items[out->n++] = *s;
    }
    items = NULL;
    n = 0;
    result = 0;
cleanup:
    if (result != 0 && out->items == items) {
        out->items = NULL;
        out->n = 0;
    }
    gc_bind_array_free(&s_share_type, items, n);
    json_decref(in);
    json_decref(answer);
    return result;
}

int gc_ram_share_get(struct gc_aws_client *c, const char *arn_in, struct gc_ram_share *out, bool *found,
                     struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ram_share_list list = {0};
    char *arn = gc_strdup(arn_in); /* `arn_in` may point into `out` (refreshing in place) */

    *found = false;
    gc_ram_share_clean_up(out);
    if (!arn || !*arn) {
        gc_aws_error_set(err, GC_SVC_RAM, gc_op_ram_get_resource_shares.name, "InvalidArgument",
                         "missing resource share ARN");
        goto cleanup;
    }
    if (s_get_shares(c, json_pack("{s:s, s:[s]}", "resourceOwner", "SELF", "resourceShareArns", arn), true, &list,
                     err) != 0) {
        if (gc_ram_error_is_not_found(err)) {
            gc_aws_error_clean_up(err);
            result = 0;
        }
        goto cleanup;
    }
    for (size_t i = 0; i < list.n; i++) {
        if (strcmp(list.items[i].arn, arn) == 0) {
            *out = list.items[i];
            memset(&list.items[i], 0, sizeof list.items[i]);
            *found = !gc_ram_status_is_gone(out->status);
            break;
        }
    }
    result = 0;
cleanup:
    gc_ram_share_list_clean_up(&list);
    free(arn);
    return result;
}

int gc_ram_share_list(struct gc_aws_client *c, const char *name, const char *tag_key, const char *tag_value,
                      struct gc_ram_share_list *out, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_ram_share_list tmp = {0};
    json_t *in = json_pack("{s:s, s:s*}", "resourceOwner", "SELF", "name", name);

    if (in && tag_key) {
        json_t *filter = tag_value ? json_pack("[{s:s, s:[s]}]", "tagKey", tag_key, "tagValues", tag_value)
                                   : json_pack("[{s:s}]", "tagKey", tag_key);
        if (s_set_new(in, "tagFilters", filter) != 0) {
            json_decref(in);
            in = NULL;
        }
    }
    if (s_get_shares(c, in, false, &tmp, err) != 0)
        goto cleanup;
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
    const struct gc_aws_op_def *op = &gc_op_ram_get_resource_share_associations;
    int result = -1;
    json_t *in = NULL, *answer = NULL;
    void *items = NULL;
    size_t n = 0;

    if (!arn || !*arn) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidArgument", "missing resource share ARN");
        goto cleanup;
    }
    in = json_pack("{s:s, s:[s]}", "associationType", type == GC_RAM_ASSOC_PRINCIPAL ? "PRINCIPAL" : "RESOURCE",
                   "resourceShareArns", arn);
    if (!in) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call_all(c, op, in, &answer, err) != 0)
        goto cleanup;
    if (gc_bind_array_fill(&s_assoc_type, gc_doc_get(answer, "resourceShareAssociations"), &items, &n) != 0) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidResponse", "malformed association in response");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        const struct gc_ram_association *a = (const struct gc_ram_association *)items + i;
        if (!a->share_arn || !a->associated_entity) {
            gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidResponse", "malformed association in response");
            goto cleanup;
        }
    }
    gc_ram_association_list_clean_up(out);
    out->items = items;
    out->n = n;
    items = NULL;
    n = 0;
    result = 0;
cleanup:
    gc_bind_array_free(&s_assoc_type, items, n);
    json_decref(in);
    json_decref(answer);
    return result;
}

/* ---- mutations ---- */

static int s_assoc_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, const char *arn,
                        const char *const *principals, size_t n_principals, const char *const *resource_arns,
                        size_t n_resource_arns, struct gc_aws_error *err)
{
    json_t *in = NULL;
    if (!arn || !*arn || (n_principals == 0 && n_resource_arns == 0)) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidArgument",
                         "a share ARN and at least one principal or resource are required");
        return -1;
    }
    in = json_pack("{s:s}", "resourceShareArn", arn);
    if (in && (s_set_token(in, NULL) != 0 || s_set_strv(in, "principals", principals, n_principals) != 0 ||
               s_set_strv(in, "resourceArns", resource_arns, n_resource_arns) != 0)) {
        json_decref(in);
        in = NULL;
    }
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
    if (!arn || !*arn) {
        gc_aws_error_set(err, GC_SVC_RAM, gc_op_ram_update_resource_share.name, "InvalidArgument",
                         "missing resource share ARN");
        return -1;
    }
    in = json_pack("{s:s, s:s*}", "resourceShareArn", arn, "name", name);
    if (in &&
        (s_set_token(in, NULL) != 0 || s_set_bool(in, "allowExternalPrincipals", allow_external_principals) != 0)) {
        json_decref(in);
        in = NULL;
    }
    gc_ram_share_clean_up(out);
    return s_call(c, &gc_op_ram_update_resource_share, in, out, err);
}

int gc_ram_share_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                             const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_tags to_set = {0}, to_remove = {0};
    json_t *keys = NULL;

    if (!arn || !*arn) {
        gc_aws_error_set(err, GC_SVC_RAM, gc_op_ram_tag_resource.name, "InvalidArgument", "missing resource share ARN");
        goto cleanup;
    }
    if (gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0) {
        gc_aws_error_set(err, GC_SVC_RAM, gc_op_ram_tag_resource.name, "InvalidArgument", "out of memory");
        goto cleanup;
    }
    if (to_remove.n > 0) {
        keys = json_array();
        for (size_t i = 0; keys && i < to_remove.n; i++)
            if (json_array_append_new(keys, json_string(to_remove.items[i].key)) != 0) {
                json_decref(keys);
                keys = NULL;
            }
        json_t *in = keys ? json_pack("{s:s, s:O}", "resourceShareArn", arn, "tagKeys", keys) : NULL;
        if (s_call(c, &gc_op_ram_untag_resource, in, NULL, err) != 0)
            goto cleanup;
    }
    if (to_set.n > 0) {
        json_t *in = json_pack("{s:s}", "resourceShareArn", arn);
        if (in && s_set_tags(in, "tags", &to_set) != 0) {
            json_decref(in);
            in = NULL;
        }
        if (s_call(c, &gc_op_ram_tag_resource, in, NULL, err) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(keys);
    gc_tags_clean_up(&to_set);
    gc_tags_clean_up(&to_remove);
    return result;
}

int gc_ram_share_delete(struct gc_aws_client *c, const char *arn, struct gc_aws_error *err)
{
    const struct gc_aws_op_def *op = &gc_op_ram_delete_resource_share;
    if (!arn || !*arn) {
        gc_aws_error_set(err, GC_SVC_RAM, op->name, "InvalidArgument", "missing resource share ARN");
        return -1;
    }
    json_t *in = json_pack("{s:s}", "resourceShareArn", arn);
    if (in && s_set_token(in, NULL) != 0) {
        json_decref(in);
        in = NULL;
    }
    if (s_call(c, op, in, NULL, err) == 0)
        return 0;
    if (!gc_ram_error_is_not_found(err))
        return -1;
    GC_DEBUG("ram %s: %s already gone", op->name, arn);
    gc_aws_error_clean_up(err);
    return 0;
}
