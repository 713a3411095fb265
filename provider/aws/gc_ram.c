/* Typed AWS RAM operations (see gc_ram.h). Request bodies are built with jansson in lowerCamel. */
#include "aws/gc_ram.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc_log.h"

#define S_MAX_PAGES 1000 /* a nextToken that never ends must not keep us busy for hours */

static void s_err_set(struct gc_aws_error *err, const char *operation, const char *code, const char *message)
{
    if (!err)
        return;
    gc_aws_error_clean_up(err);
    memset(err, 0, sizeof *err);
    err->service = GC_SVC_RAM;
    err->operation = gc_strdup(operation);
    err->code = gc_strdup(code);
    err->message = gc_strdup(message);
}

static void s_err_reset(struct gc_aws_error *err)
{
    if (!err)
        return;
    gc_aws_error_clean_up(err);
    memset(err, 0, sizeof *err);
}

bool gc_ram_error_is_not_found(const struct gc_aws_error *err)
{
    return err && err->code && strcmp(err->code, "UnknownResourceException") == 0;
}

bool gc_ram_status_is_gone(const char *status)
{
    return status && (strcmp(status, "DELETED") == 0 || strcmp(status, "DISASSOCIATED") == 0);
}

void gc_ram_share_clean_up(struct gc_ram_share *s)
{
    if (!s)
        return;
    free(s->arn);
    free(s->name);
    free(s->owning_account_id);
    free(s->status);
    free(s->status_message);
    free(s->feature_set);
    gc_tags_clean_up(&s->tags);
    memset(s, 0, sizeof *s);
}

void gc_ram_share_list_clean_up(struct gc_ram_share_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ram_share_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

void gc_ram_association_clean_up(struct gc_ram_association *a)
{
    if (!a)
        return;
    free(a->share_arn);
    free(a->share_name);
    free(a->associated_entity);
    free(a->association_type);
    free(a->status);
    free(a->status_message);
    memset(a, 0, sizeof *a);
}

void gc_ram_association_list_clean_up(struct gc_ram_association_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        gc_ram_association_clean_up(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* ---- JSON helpers ---- */

static char *s_json_str(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? gc_strdup(json_string_value(v)) : NULL;
}

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
    if (!arr)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!items[i] || json_array_append_new(arr, json_string(items[i])) != 0) {
            json_decref(arr);
            return -1;
        }
    }
    return s_set_new(obj, key, arr);
}

static int s_set_bool(json_t *obj, const char *key, enum gc_ram_opt_bool b)
{
    if (b == GC_RAM_UNSET)
        return 0;
    return s_set_new(obj, key, json_boolean(b == GC_RAM_TRUE));
}

/* clientToken: the given one, else a fresh UUID. */
static int s_set_token(json_t *obj, const char *given)
{
    char token[37];
    if (given)
        return s_set_str(obj, "clientToken", given);
    if (gc_aws_new_token(token) != 0)
        return -1;
    return s_set_str(obj, "clientToken", token);
}

/* body[key] = [{key, value}, ...] for every tag (nothing set when there are none). */
static int s_set_tags(json_t *obj, const char *key, const struct gc_tags *tags)
{
    if (!tags || tags->n == 0)
        return 0;
    json_t *arr = json_array();
    if (s_set_new(obj, key, arr) != 0)
        return -1;
    for (size_t i = 0; i < tags->n; i++) {
        json_t *t = json_pack("{s:s, s:s}", "key", tags->items[i].key, "value", tags->items[i].value);
        if (!t || json_array_append_new(arr, t) != 0)
            return -1;
    }
    return 0;
}

static int s_parse_tags(const json_t *arr, struct gc_tags *tags)
{
    size_t i;
    const json_t *t;
    if (!json_is_array(arr))
        return 0;
    json_array_foreach(arr, i, t)
    {
        const json_t *k = json_object_get(t, "key");
        const json_t *v = json_object_get(t, "value");
        if (!json_is_string(k))
            continue;
        if (gc_tags_add(tags, json_string_value(k), json_is_string(v) ? json_string_value(v) : "") != 0)
            return -1;
    }
    return 0;
}

static int s_parse_share(const json_t *obj, struct gc_ram_share *s)
{
    if (!json_is_object(obj))
        return -1;
    s->arn = s_json_str(obj, "resourceShareArn");
    if (!s->arn)
        return -1;
    s->name = s_json_str(obj, "name");
    s->owning_account_id = s_json_str(obj, "owningAccountId");
    s->status = s_json_str(obj, "status");
    s->status_message = s_json_str(obj, "statusMessage");
    s->feature_set = s_json_str(obj, "featureSet");
    s->allow_external_principals = json_is_true(json_object_get(obj, "allowExternalPrincipals"));
    return s_parse_tags(json_object_get(obj, "tags"), &s->tags);
}

static int s_parse_assoc(const json_t *obj, struct gc_ram_association *a)
{
    if (!json_is_object(obj))
        return -1;
    a->share_arn = s_json_str(obj, "resourceShareArn");
    a->associated_entity = s_json_str(obj, "associatedEntity");
    if (!a->share_arn || !a->associated_entity)
        return -1;
    a->share_name = s_json_str(obj, "resourceShareName");
    a->association_type = s_json_str(obj, "associationType");
    a->status = s_json_str(obj, "status");
    a->status_message = s_json_str(obj, "statusMessage");
    a->external = json_is_true(json_object_get(obj, "external"));
    return 0;
}

/* ---- create / get / list ---- */

int gc_ram_share_create(struct gc_aws_client *c, const struct gc_ram_share_spec *spec, struct gc_ram_share *out,
                        struct gc_aws_error *err)
{
    static const char op[] = "CreateResourceShare";
    int result = -1;
    json_t *body = NULL;
    json_t *resp = NULL;

    if (!spec || !spec->name || !*spec->name || !out) {
        s_err_set(err, op, "InvalidArgument", "a share name is required");
        goto cleanup;
    }
    body = json_object();
    if (!body || s_set_str(body, "name", spec->name) != 0 ||
        s_set_strv(body, "resourceArns", spec->resource_arns, spec->n_resource_arns) != 0 ||
        s_set_strv(body, "principals", spec->principals, spec->n_principals) != 0 ||
        s_set_strv(body, "permissionArns", spec->permission_arns, spec->n_permission_arns) != 0 ||
        s_set_bool(body, "allowExternalPrincipals", spec->allow_external_principals) != 0 ||
        s_set_token(body, spec->client_token) != 0 || s_set_tags(body, "tags", spec->tags) != 0) {
        s_err_set(err, op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_rest_json_call(c, GC_SVC_RAM, op, "POST", "/createresourceshare", body, &resp, err) != 0)
        goto cleanup;
    gc_ram_share_clean_up(out);
    if (s_parse_share(json_object_get(resp, "resourceShare"), out) != 0) {
        gc_ram_share_clean_up(out);
        s_err_set(err, op, "InvalidResponse", "the response lacks resourceShare");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(body);
    json_decref(resp);
    return result;
}

/* Pages POST /getresourceshares with `base` (+ nextToken) into `out`; DELETED shares dropped unless
 * `include_deleted`. */
static int s_get_shares(struct gc_aws_client *c, json_t *base, bool include_deleted, struct gc_ram_share_list *out,
                        struct gc_aws_error *err)
{
    static const char op[] = "GetResourceShares";
    int result = -1;
    json_t *resp = NULL;
    char *token = NULL;

    for (int page = 0; page < S_MAX_PAGES; page++) {
        if (token && s_set_str(base, "nextToken", token) != 0) {
            s_err_set(err, op, "InvalidArgument", "could not build the request");
            goto cleanup;
        }
        if (gc_rest_json_call(c, GC_SVC_RAM, op, "POST", "/getresourceshares", base, &resp, err) != 0)
            goto cleanup;
        const json_t *arr = json_object_get(resp, "resourceShares");
        size_t i;
        const json_t *item;
        json_array_foreach(arr, i, item)
        {
            struct gc_ram_share s = {0};
            if (s_parse_share(item, &s) != 0) {
                gc_ram_share_clean_up(&s);
                s_err_set(err, op, "InvalidResponse", "malformed resource share in response");
                goto cleanup;
            }
            if (!include_deleted && gc_ram_status_is_gone(s.status)) {
                gc_ram_share_clean_up(&s);
                continue;
            }
            struct gc_ram_share *grown = realloc(out->items, (out->n + 1) * sizeof *grown);
            if (!grown) {
                gc_ram_share_clean_up(&s);
                s_err_set(err, op, "InvalidResponse", "out of memory");
                goto cleanup;
            }
            out->items = grown;
            out->items[out->n++] = s;
        }
        char *next = s_json_str(resp, "nextToken");
        json_decref(resp);
        resp = NULL;
        if (next && token && strcmp(next, token) == 0) {
            free(next);
            s_err_set(err, op, "InvalidResponse", "the same nextToken was returned twice");
            goto cleanup;
        }
        free(token);
        token = next;
        if (!token || !*token) {
            result = 0;
            goto cleanup;
        }
    }
    s_err_set(err, op, "InvalidResponse", "too many result pages");
cleanup:
    json_decref(resp);
    free(token);
    return result;
}

int gc_ram_share_get(struct gc_aws_client *c, const char *arn_in, struct gc_ram_share *out, bool *found,
                     struct gc_aws_error *err)
{
    int result = -1;
    json_t *body = NULL;
    struct gc_ram_share_list list = {0};
    char *arn = gc_strdup(arn_in); /* `arn_in` may point into `out` (refreshing in place) */

    *found = false;
    gc_ram_share_clean_up(out);
    if (!arn || !*arn) {
        s_err_set(err, "GetResourceShares", "InvalidArgument", "missing resource share ARN");
        goto cleanup;
    }
    body = json_pack("{s:s, s:[s]}", "resourceOwner", "SELF", "resourceShareArns", arn);
    if (!body) {
        s_err_set(err, "GetResourceShares", "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (s_get_shares(c, body, true, &list, err) != 0) {
        if (gc_ram_error_is_not_found(err)) {
            s_err_reset(err);
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
    json_decref(body);
    free(arn);
    return result;
}

int gc_ram_share_list(struct gc_aws_client *c, const char *name, const char *tag_key, const char *tag_value,
                      struct gc_ram_share_list *out, struct gc_aws_error *err)
{
    int result = -1;
    json_t *body = NULL;
    struct gc_ram_share_list tmp = {0};

    body = json_pack("{s:s}", "resourceOwner", "SELF");
    if (!body || s_set_str(body, "name", name) != 0) {
        s_err_set(err, "GetResourceShares", "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (tag_key) {
        json_t *filter = tag_value ? json_pack("[{s:s, s:[s]}]", "tagKey", tag_key, "tagValues", tag_value)
                                   : json_pack("[{s:s}]", "tagKey", tag_key);
        if (s_set_new(body, "tagFilters", filter) != 0) {
            s_err_set(err, "GetResourceShares", "InvalidArgument", "could not build the request");
            goto cleanup;
        }
    }
    if (s_get_shares(c, body, false, &tmp, err) != 0)
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
    json_decref(body);
    return result;
}

int gc_ram_share_associations(struct gc_aws_client *c, const char *arn, enum gc_ram_association_type type,
                              struct gc_ram_association_list *out, struct gc_aws_error *err)
{
    static const char op[] = "GetResourceShareAssociations";
    int result = -1;
    json_t *body = NULL;
    json_t *resp = NULL;
    char *token = NULL;
    struct gc_ram_association_list tmp = {0};

    if (!arn || !*arn) {
        s_err_set(err, op, "InvalidArgument", "missing resource share ARN");
        goto cleanup;
    }
    body = json_pack("{s:s, s:[s]}", "associationType", type == GC_RAM_ASSOC_PRINCIPAL ? "PRINCIPAL" : "RESOURCE",
                     "resourceShareArns", arn);
    if (!body) {
        s_err_set(err, op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    for (int page = 0; page < S_MAX_PAGES; page++) {
        if (token && s_set_str(body, "nextToken", token) != 0) {
            s_err_set(err, op, "InvalidArgument", "could not build the request");
            goto cleanup;
        }
        if (gc_rest_json_call(c, GC_SVC_RAM, op, "POST", "/getresourceshareassociations", body, &resp, err) != 0)
            goto cleanup;
        size_t i;
        const json_t *item;
        json_array_foreach(json_object_get(resp, "resourceShareAssociations"), i, item)
        {
            struct gc_ram_association a = {0};
            struct gc_ram_association *grown = NULL;
            if (s_parse_assoc(item, &a) != 0 || !(grown = realloc(tmp.items, (tmp.n + 1) * sizeof *grown))) {
                gc_ram_association_clean_up(&a);
                s_err_set(err, op, "InvalidResponse", "malformed association in response");
                goto cleanup;
            }
            tmp.items = grown;
            tmp.items[tmp.n++] = a;
        }
        char *next = s_json_str(resp, "nextToken");
        json_decref(resp);
        resp = NULL;
        if (next && token && strcmp(next, token) == 0) {
            free(next);
            s_err_set(err, op, "InvalidResponse", "the same nextToken was returned twice");
            goto cleanup;
        }
        free(token);
        token = next;
        if (!token || !*token) {
            gc_ram_association_list_clean_up(out);
            *out = tmp;
            memset(&tmp, 0, sizeof tmp);
            result = 0;
            goto cleanup;
        }
    }
    s_err_set(err, op, "InvalidResponse", "too many result pages");
cleanup:
    gc_ram_association_list_clean_up(&tmp);
    json_decref(body);
    json_decref(resp);
    free(token);
    return result;
}

/* ---- mutations ---- */

static int s_assoc_call(struct gc_aws_client *c, const char *op, const char *path, const char *arn,
                        const char *const *principals, size_t n_principals, const char *const *resource_arns,
                        size_t n_resource_arns, struct gc_aws_error *err)
{
    int result = -1;
    json_t *body = NULL;
    json_t *resp = NULL;

    if (!arn || !*arn || (n_principals == 0 && n_resource_arns == 0)) {
        s_err_set(err, op, "InvalidArgument", "a share ARN and at least one principal or resource are required");
        goto cleanup;
    }
    body = json_object();
    if (!body || s_set_str(body, "resourceShareArn", arn) != 0 ||
        s_set_strv(body, "principals", principals, n_principals) != 0 ||
        s_set_strv(body, "resourceArns", resource_arns, n_resource_arns) != 0 || s_set_token(body, NULL) != 0) {
        s_err_set(err, op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_rest_json_call(c, GC_SVC_RAM, op, "POST", path, body, &resp, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    json_decref(body);
    json_decref(resp);
    return result;
}

int gc_ram_share_associate(struct gc_aws_client *c, const char *arn, const char *const *principals, size_t n_principals,
                           const char *const *resource_arns, size_t n_resource_arns, struct gc_aws_error *err)
{
    return s_assoc_call(c, "AssociateResourceShare", "/associateresourceshare", arn, principals, n_principals,
                        resource_arns, n_resource_arns, err);
}

int gc_ram_share_disassociate(struct gc_aws_client *c, const char *arn, const char *const *principals,
                              size_t n_principals, const char *const *resource_arns, size_t n_resource_arns,
                              struct gc_aws_error *err)
{
    return s_assoc_call(c, "DisassociateResourceShare", "/disassociateresourceshare", arn, principals, n_principals,
                        resource_arns, n_resource_arns, err);
}

int gc_ram_share_update(struct gc_aws_client *c, const char *arn, const char *name,
                        enum gc_ram_opt_bool allow_external_principals, struct gc_ram_share *out,
                        struct gc_aws_error *err)
{
    static const char op[] = "UpdateResourceShare";
    int result = -1;
    json_t *body = NULL;
    json_t *resp = NULL;

    if (!arn || !*arn) {
        s_err_set(err, op, "InvalidArgument", "missing resource share ARN");
        goto cleanup;
    }
    body = json_object();
    if (!body || s_set_str(body, "resourceShareArn", arn) != 0 || s_set_str(body, "name", name) != 0 ||
        s_set_bool(body, "allowExternalPrincipals", allow_external_principals) != 0 || s_set_token(body, NULL) != 0) {
        s_err_set(err, op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_rest_json_call(c, GC_SVC_RAM, op, "POST", "/updateresourceshare", body, &resp, err) != 0)
        goto cleanup;
    gc_ram_share_clean_up(out);
    if (out && s_parse_share(json_object_get(resp, "resourceShare"), out) != 0) {
        gc_ram_share_clean_up(out);
        s_err_set(err, op, "InvalidResponse", "the response lacks resourceShare");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(body);
    json_decref(resp);
    return result;
}

/* POST /tagresource {resourceShareArn, tags} or /untagresource {resourceShareArn, tagKeys}. */
static int s_tag_call(struct gc_aws_client *c, const char *arn, const struct gc_tags *to_set,
                      const struct gc_tags *to_remove, struct gc_aws_error *err)
{
    const char *op = to_set ? "TagResource" : "UntagResource";
    int result = -1;
    json_t *body = json_object();
    json_t *keys = NULL;
    json_t *resp = NULL;

    if (!body || s_set_str(body, "resourceShareArn", arn) != 0 || s_set_tags(body, "tags", to_set) != 0) {
        s_err_set(err, op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (to_remove) {
        keys = json_array();
        for (size_t i = 0; keys && i < to_remove->n; i++)
            if (json_array_append_new(keys, json_string(to_remove->items[i].key)) != 0) {
                json_decref(keys);
                keys = NULL;
            }
        if (s_set_new(body, "tagKeys", keys) != 0) {
            s_err_set(err, op, "InvalidArgument", "could not build the request");
            goto cleanup;
        }
    }
    const char *path = to_set ? "/tagresource" : "/untagresource";
    if (gc_rest_json_call(c, GC_SVC_RAM, op, "POST", path, body, &resp, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    json_decref(body);
    json_decref(resp);
    return result;
}

int gc_ram_share_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                             const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_tags to_set = {0}, to_remove = {0};

    if (!arn || !*arn) {
        s_err_set(err, "TagResource", "InvalidArgument", "missing resource share ARN");
        goto cleanup;
    }
    if (gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0) {
        s_err_set(err, "TagResource", "InvalidArgument", "out of memory");
        goto cleanup;
    }
    if (to_remove.n > 0 && s_tag_call(c, arn, NULL, &to_remove, err) != 0)
        goto cleanup;
    if (to_set.n > 0 && s_tag_call(c, arn, &to_set, NULL, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    gc_tags_clean_up(&to_set);
    gc_tags_clean_up(&to_remove);
    return result;
}

int gc_ram_share_delete(struct gc_aws_client *c, const char *arn, struct gc_aws_error *err)
{
    static const char op[] = "DeleteResourceShare";
    int result = -1;
    struct gc_buf path = {0};
    json_t *resp = NULL;
    char token[37];

    gc_buf_init(&path, 8192);
    if (!arn || !*arn) {
        s_err_set(err, op, "InvalidArgument", "missing resource share ARN");
        goto cleanup;
    }
    if (gc_aws_new_token(token) != 0 || gc_buf_append_str(&path, "/deleteresourceshare?resourceShareArn=") != 0 ||
        gc_aws_uri_encode(&path, arn, true) != 0 || gc_buf_append_str(&path, "&clientToken=") != 0 ||
        gc_aws_uri_encode(&path, token, true) != 0) {
        s_err_set(err, op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_rest_json_call(c, GC_SVC_RAM, op, "DELETE", gc_buf_cstr(&path), NULL, &resp, err) != 0) {
        if (gc_ram_error_is_not_found(err)) {
            GC_DEBUG("ram %s: %s already gone", op, arn);
            s_err_reset(err);
            result = 0;
        }
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(resp);
    gc_buf_clean_up(&path);
    return result;
}
