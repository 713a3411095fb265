/* Typed calls shared by the EC2 and RAM layers (see gc_aws_typed.h). */
#include "aws/gc_aws_typed.h"

#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "base/gc_buf.h"
#include "base/gc_doc.h"
#include "base/gc_log.h"

static void s_error(struct gc_aws_error *err, const struct gc_aws_op_def *op, const char *code, const char *message)
{
    gc_aws_error_set(err, op->service->service, op->name, code, message);
}

static const char *s_field(const void *obj, size_t offset)
{
    return *(char *const *)(const void *)((const char *)obj + offset);
}

static bool s_is_whole(const struct gc_typed_kind *kind, const void *obj)
{
    return kind->is_whole ? kind->is_whole(obj) : s_field(obj, kind->id_offset) != NULL;
}

int gc_typed_call(struct gc_aws_client *c, const struct gc_aws_op_def *op, json_t *in, const char *member,
                  const struct gc_typed_kind *kind, void *out, struct gc_aws_error *err)
{
    int result = -1;
    json_t *answer = NULL;

    if (out)
        gc_bind_clean_up(kind->type, out);
    if (!in) {
        s_error(err, op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call(c, op, in, &answer, err) != 0)
        goto cleanup;
    if (out && (gc_bind_fill(kind->type, out, gc_doc_get(answer, member)) != 0 || !s_is_whole(kind, out))) {
        gc_bind_clean_up(kind->type, out);
        s_error(err, op, "InvalidResponse", "the response lacks the expected object");
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(in);
    json_decref(answer);
    return result;
}

/* Appends the whole, and unless `include_gone` not gone, objects of `page` to *items_io / *n_io; those
 * appended are zeroed in `page`. -1 (nothing appended) on a malformed object or out of memory. */
static int s_append(const struct gc_typed_kind *kind, char *page, size_t n_page, bool include_gone, void **items_io,
                    size_t *n_io, struct gc_aws_error *err)
{
    size_t size = kind->type->size;
    char *grown = NULL;

    for (size_t i = 0; i < n_page; i++) {
        if (!s_is_whole(kind, page + i * size)) {
            s_error(err, kind->list_op, "InvalidResponse", "malformed item in response");
            return -1;
        }
    }
    grown = n_page ? realloc(*items_io, (*n_io + n_page) * size) : *items_io;
    if (n_page && !grown) {
        s_error(err, kind->list_op, "InvalidResponse", "out of memory");
        return -1;
    }
    *items_io = grown;
    for (size_t i = 0; i < n_page; i++) {
        char *elem = page + i * size;
        if (!include_gone && kind->is_gone(s_field(elem, kind->state_offset))) {
            gc_bind_clean_up(kind->type, elem);
            continue;
        }
        memcpy(grown + *n_io * size, elem, size);
        memset(elem, 0, size);
        (*n_io)++;
    }
    return 0;
}

int gc_typed_list(struct gc_aws_client *c, const struct gc_typed_kind *kind, json_t *in, bool include_gone,
                  void **items_io, size_t *n_io, struct gc_aws_error *err)
{
    int result = -1;
    json_t *answer = NULL;
    void *page = NULL;
    size_t n_page = 0;

    if (!in) {
        s_error(err, kind->list_op, "InvalidArgument", "could not build the request");
        goto cleanup;
    }
    if (gc_aws_op_call_all(c, kind->list_op, in, &answer, err) != 0)
        goto cleanup;
    if (gc_bind_array_fill(kind->type, gc_doc_get(answer, kind->result_key), &page, &n_page) != 0) {
        s_error(err, kind->list_op, "InvalidResponse", "malformed item in response");
        goto cleanup;
    }
    if (s_append(kind, page, n_page, include_gone, items_io, n_io, err) != 0)
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0) {
        gc_bind_array_free(kind->type, *items_io, *n_io);
        *items_io = NULL;
        *n_io = 0;
    }
    gc_bind_array_free(kind->type, page, n_page);
    json_decref(in);
    json_decref(answer);
    return result;
}

int gc_typed_get(struct gc_aws_client *c, const struct gc_typed_kind *kind, json_t *in, const char *id_in, void *out,
                 bool *found, struct gc_aws_error *err)
{
    int result = -1;
    void *items = NULL;
    size_t n = 0;
    char *id = gc_strdup(id_in); /* `id_in` may point into `out` (refreshing an object in place) */

    *found = false;
    gc_bind_clean_up(kind->type, out);
    if (!id || !*id) {
        json_decref(in);
        s_error(err, kind->list_op, "InvalidArgument", "missing id");
        goto cleanup;
    }
    if (gc_typed_list(c, kind, in, true, &items, &n, err) != 0) {
        if (gc_aws_op_is_not_found(kind->list_op, err)) {
            gc_aws_error_clean_up(err);
            result = 0;
        }
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        /* keep the first one whose id matches (AWS answers only that one; be strict anyway) */
        char *elem = (char *)items + i * kind->type->size;
        if (strcmp(s_field(elem, kind->id_offset), id) == 0) {
            memcpy(out, elem, kind->type->size);
            memset(elem, 0, kind->type->size);
            *found = !kind->is_gone(s_field(out, kind->state_offset));
            break;
        }
    }
    result = 0;
cleanup:
    gc_bind_array_free(kind->type, items, n);
    free(id);
    return result;
}

int gc_typed_delete(struct gc_aws_client *c, const struct gc_aws_op_def *op, json_t *in, const char *id,
                    struct gc_aws_error *err)
{
    int result = -1;

    if (!id || !*id) {
        json_decref(in);
        s_error(err, op, "InvalidArgument", "missing id");
        goto cleanup;
    }
    if (gc_typed_call(c, op, in, NULL, NULL, NULL, err) != 0) {
        if (gc_aws_op_is_not_found(op, err)) {
            GC_DEBUG("%s: %s already gone (%s)", op->name, id, err->code);
            gc_aws_error_clean_up(err);
            result = 0;
        }
        goto cleanup;
    }
    result = 0;
cleanup:
    return result;
}

json_t *gc_typed_strings(const char *const *items, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        if (!items[i] || json_array_append_new(arr, json_string(items[i])) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

json_t *gc_typed_tags(const struct gc_tags *tags, const char *key_name, const char *value_name)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && tags && i < tags->n; i++) {
        const struct gc_tag *tag = &tags->items[i];
        json_t *item = !key_name ? json_string(tag->key)
                       : value_name
                           ? json_pack("{s:s, s:s}", key_name, tag->key, value_name, tag->value ? tag->value : "")
                           : json_pack("{s:s}", key_name, tag->key);
        if (json_array_append_new(arr, item) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

int gc_typed_set(json_t *obj, const char *key, json_t *value)
{
    /* json_object_set_new steals `value` even on failure */
    return value ? json_object_set_new(obj, key, value) : -1;
}

json_t *gc_typed_built(json_t *in, int rc)
{
    if (rc == 0)
        return in;
    json_decref(in);
    return NULL;
}
