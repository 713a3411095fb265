#include "tf_json.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "base/gc_buf.h"

/* ---- actions ---------------------------------------------------------------------------------------------- */

const char *gc_doc_action_label(enum gc_doc_action action)
{
    switch (action) {
    case GC_DOC_ACT_NOOP:
        return "変更なし";
    case GC_DOC_ACT_CREATE:
        return "作成";
    case GC_DOC_ACT_UPDATE:
        return "更新";
    case GC_DOC_ACT_REPLACE:
        return "置換";
    case GC_DOC_ACT_DELETE:
        return "削除";
    case GC_DOC_ACT_READ:
        return "読み取り";
    case GC_DOC_ACT_NONE:
        break;
    }
    return "-";
}

enum gc_doc_action gc_doc_action_from_json(const json_t *actions)
{
    bool has_create = false, has_delete = false;
    size_t i;
    const json_t *a;

    if (!json_is_array(actions) || json_array_size(actions) == 0)
        return GC_DOC_ACT_NONE;
    json_array_foreach(actions, i, a)
    {
        const char *s = json_string_value(a);
        if (!s)
            continue;
        if (strcmp(s, "create") == 0)
            has_create = true;
        else if (strcmp(s, "delete") == 0)
            has_delete = true;
        else if (strcmp(s, "update") == 0)
            return GC_DOC_ACT_UPDATE;
        else if (strcmp(s, "read") == 0)
            return GC_DOC_ACT_READ;
        else if (strcmp(s, "no-op") == 0)
            return GC_DOC_ACT_NOOP;
    }
    if (has_create && has_delete)
        return GC_DOC_ACT_REPLACE;
    if (has_create)
        return GC_DOC_ACT_CREATE;
    if (has_delete)
        return GC_DOC_ACT_DELETE;
    return GC_DOC_ACT_NONE;
}

/* ---- documents -------------------------------------------------------------------------------------------- */

static int s_push_resource(struct gc_doc_resource **list, size_t *n, const struct gc_doc_resource *res)
{
    struct gc_doc_resource *grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *list = grown;
    (*list)[(*n)++] = *res;
    return 0;
}

static bool s_is_managed(const json_t *obj)
{
    const char *mode = json_string_value(json_object_get(obj, "mode"));
    return !mode || strcmp(mode, "managed") == 0;
}

/* The managed entries of the plan's `key` array (resource_changes or resource_drift) into *list. */
static int s_collect_plan(struct gc_doc_input *in, const char *key, struct gc_doc_resource **list, size_t *n,
                          struct gc_diags *diags)
{
    const json_t *changes = json_object_get(in->root, key);
    size_t i;
    const json_t *rc;

    if (changes && !json_is_array(changes)) {
        gc_diags_error_at(diags, NULL, "Not a Terraform plan", "%s is not an array", key);
        return -1;
    }
    json_array_foreach(changes, i, rc)
    {
        const json_t *change = json_object_get(rc, "change");
        struct gc_doc_resource res = {0};
        if (!json_is_object(rc) || !s_is_managed(rc))
            continue;
        res.address = json_string_value(json_object_get(rc, "address"));
        res.type = json_string_value(json_object_get(rc, "type"));
        res.name = json_string_value(json_object_get(rc, "name"));
        if (!res.address || !res.type || !json_is_object(change)) {
            gc_diags_error_at(diags, NULL, "Not a Terraform plan", "%s[%zu] lacks address, type or change", key, i);
            return -1;
        }
        res.action = gc_doc_action_from_json(json_object_get(change, "actions"));
        res.before = json_object_get(change, "before");
        res.after = json_object_get(change, "after");
        res.after_unknown = json_object_get(change, "after_unknown");
        res.before_sensitive = json_object_get(change, "before_sensitive");
        res.after_sensitive = json_object_get(change, "after_sensitive");
        res.replace_paths = json_object_get(change, "replace_paths");
        res.action_reason = json_string_value(json_object_get(rc, "action_reason"));
        if (json_is_null(res.before))
            res.before = NULL;
        if (json_is_null(res.after))
            res.after = NULL;
        if (s_push_resource(list, n, &res)) {
            gc_diags_error_at(diags, NULL, "Out of memory", NULL);
            return -1;
        }
    }
    return 0;
}

static int s_collect_module(struct gc_doc_input *in, const json_t *module, int depth, struct gc_diags *diags)
{
    size_t i;
    const json_t *r;
    const json_t *m;

    if (depth > 64) {
        gc_diags_error_at(diags, NULL, "Not a Terraform state", "modules nested too deeply");
        return -1;
    }
    json_array_foreach(json_object_get(module, "resources"), i, r)
    {
        struct gc_doc_resource res = {0};
        if (!json_is_object(r) || !s_is_managed(r))
            continue;
        res.address = json_string_value(json_object_get(r, "address"));
        res.type = json_string_value(json_object_get(r, "type"));
        res.name = json_string_value(json_object_get(r, "name"));
        if (!res.address || !res.type) {
            gc_diags_error_at(diags, NULL, "Not a Terraform state", "a resource lacks address or type");
            return -1;
        }
        res.action = GC_DOC_ACT_NONE;
        res.after = json_object_get(r, "values");
        res.after_sensitive = json_object_get(r, "sensitive_values");
        if (s_push_resource(&in->resources, &in->n_resources, &res)) {
            gc_diags_error_at(diags, NULL, "Out of memory", NULL);
            return -1;
        }
    }
    json_array_foreach(json_object_get(module, "child_modules"), i, m)
    {
        if (s_collect_module(in, m, depth + 1, diags))
            return -1;
    }
    return 0;
}

static int s_classify(struct gc_doc_input *in, json_error_t *jerr, bool loaded, const json_t *first,
                      struct gc_diags *diags)
{
    if (!loaded) {
        if (json_is_object(first) && json_object_get(first, "@message") && json_object_get(first, "type"))
            gc_diags_error_at(diags, NULL, "This is `terraform test -json` output, not a plan or state",
                              "use `gcnet-doc tests FILE` for test reports");
        else
            gc_diags_error_at(diags, NULL, "Malformed JSON", "line %d, column %d: %s", jerr->line, jerr->column,
                              jerr->text);
        return -1;
    }
    if (!json_is_object(in->root)) {
        gc_diags_error_at(diags, NULL, "Not Terraform JSON", "the top level is not an object");
        return -1;
    }
    if (json_object_get(in->root, "@message") && json_object_get(in->root, "type")) {
        gc_diags_error_at(diags, NULL, "This is `terraform test -json` output, not a plan or state",
                          "use `gcnet-doc tests FILE` for test reports");
        return -1;
    }
    in->format_version = json_string_value(json_object_get(in->root, "format_version"));
    if (!in->format_version) {
        gc_diags_error_at(diags, NULL, "Not Terraform JSON",
                          "no format_version: expected the output of `terraform show -json`");
        return -1;
    }
    if (strncmp(in->format_version, "1.", 2) != 0 && strcmp(in->format_version, "1") != 0) {
        gc_diags_error_at(diags, NULL, "Unsupported Terraform JSON format", "format_version %s (need 1.x)",
                          in->format_version);
        return -1;
    }
    in->terraform_version = json_string_value(json_object_get(in->root, "terraform_version"));
    if (json_object_get(in->root, "resource_changes") || json_object_get(in->root, "planned_values")) {
        in->kind = GC_DOC_KIND_PLAN;
        in->timestamp = json_string_value(json_object_get(in->root, "timestamp"));
        return s_collect_plan(in, "resource_changes", &in->resources, &in->n_resources, diags) ||
               s_collect_plan(in, "resource_drift", &in->drift, &in->n_drift, diags);
    }
    in->kind = GC_DOC_KIND_STATE;
    const json_t *values = json_object_get(in->root, "values");
    if (values && !json_is_object(values)) {
        gc_diags_error_at(diags, NULL, "Not a Terraform state", "values is not an object");
        return -1;
    }
    return s_collect_module(in, json_object_get(values, "root_module"), 0, diags);
}

int gc_doc_input_load_text(struct gc_doc_input *in, const char *text, size_t len, struct gc_diags *diags)
{
    int result = -1;
    json_error_t jerr;
    json_t *first = NULL;

    memset(in, 0, sizeof *in);
    in->root = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
    if (!in->root)
        first = json_loadb(text, len, JSON_DISABLE_EOF_CHECK, NULL);
    if (s_classify(in, &jerr, in->root != NULL, first, diags))
        goto cleanup;
    result = 0;
cleanup:
    json_decref(first);
    if (result != 0)
        gc_doc_input_clean_up(in);
    return result;
}

int gc_doc_input_load(struct gc_doc_input *in, const char *path, struct gc_diags *diags)
{
    int result = -1;
    json_error_t jerr;
    json_t *first = NULL;
    FILE *f = NULL;

    memset(in, 0, sizeof *in);
    f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        gc_diags_error_at(diags, NULL, "Cannot open input", "%s: %s", path, strerror(errno));
        goto cleanup;
    }
    /* One pass over the file: jansson reads the stream directly, without a second copy of the text. */
    in->root = json_loadf(f, JSON_DECODE_ANY, &jerr);
    if (!in->root && f != stdin && fseek(f, 0, SEEK_SET) == 0)
        first = json_loadf(f, JSON_DISABLE_EOF_CHECK, NULL);
    if (s_classify(in, &jerr, in->root != NULL, first, diags))
        goto cleanup;
    result = 0;
cleanup:
    if (f && f != stdin)
        fclose(f);
    json_decref(first);
    if (result != 0)
        gc_doc_input_clean_up(in);
    return result;
}

void gc_doc_input_clean_up(struct gc_doc_input *in)
{
    if (!in)
        return;
    free(in->resources);
    free(in->drift);
    json_decref(in->root);
    memset(in, 0, sizeof *in);
}

const char *gc_doc_input_provider_version(const struct gc_doc_input *in)
{
    const json_t *pc = json_object_get(json_object_get(in->root, "configuration"), "provider_config");
    const char *key;
    const json_t *v;

    json_object_foreach((json_t *)pc, key, v)
    {
        const char *name = json_string_value(json_object_get(v, "name"));
        const char *ver = json_string_value(json_object_get(v, "version_constraint"));
        if (ver && ((name && strcmp(name, "gcnet") == 0) || strcmp(key, "gcnet") == 0))
            return ver;
    }
    return NULL;
}

const json_t *gc_doc_resource_attr(const struct gc_doc_resource *res, const char *attr)
{
    /* Only a resource without an after value (delete) falls back to before: an attribute that is unknown or null
     * after the change must not show the value it is about to lose (a replaced hub's old route tables). */
    if (json_is_object(res->after))
        return json_object_get(res->after, attr);
    return json_object_get(res->before, attr);
}

const char *gc_doc_resource_string(const struct gc_doc_resource *res, const char *attr)
{
    return json_string_value(gc_doc_resource_attr(res, attr));
}

bool gc_doc_resource_attr_forces_replace(const struct gc_doc_resource *res, const char *attr)
{
    size_t i;
    const json_t *p;

    json_array_foreach(res->replace_paths, i, p)
    {
        const char *first = json_string_value(json_array_get(p, 0));
        if (first && strcmp(first, attr) == 0)
            return true;
    }
    return false;
}

bool gc_doc_resource_attr_unknown(const struct gc_doc_resource *res, const char *attr)
{
    return json_is_true(json_object_get(res->after_unknown, attr));
}

bool gc_doc_resource_attr_sensitive(const struct gc_doc_resource *res, const json_t *schema, const char *attr)
{
    if (json_is_true(res->after_sensitive) || json_is_true(json_object_get(res->after_sensitive, attr)))
        return true;
    if (json_is_true(json_object_get(res->before_sensitive, attr)))
        return true;
    return json_is_true(json_object_get(json_object_get(json_object_get(schema, "attributes"), attr), "sensitive"));
}

/* ---- schema ----------------------------------------------------------------------------------------------- */

/* Takes ownership of `root` (NULL when parsing failed) and checks it is a provider schema. */
static int s_schema_take(struct gc_doc_schema *schema, json_t *root, const char *name, const json_error_t *jerr,
                         struct gc_diags *diags)
{
    schema->root = root;
    if (!schema->root) {
        gc_diags_error_at(diags, NULL, "Cannot read the provider schema", "%s: line %d: %s", name, jerr->line,
                          jerr->text);
        return -1;
    }
    if (!json_is_object(json_object_get(schema->root, "provider_schemas"))) {
        gc_diags_error_at(diags, NULL, "Not a provider schema",
                          "%s: no provider_schemas (expected `terraform providers schema -json` output)", name);
        gc_doc_schema_clean_up(schema);
        return -1;
    }
    return 0;
}

int gc_doc_schema_load(struct gc_doc_schema *schema, const char *path, struct gc_diags *diags)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);

    return s_schema_take(schema, root, path, &jerr, diags);
}

int gc_doc_schema_load_text(struct gc_doc_schema *schema, const char *text, size_t len, const char *name,
                            struct gc_diags *diags)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);

    return s_schema_take(schema, root, name, &jerr, diags);
}

void gc_doc_schema_clean_up(struct gc_doc_schema *schema)
{
    if (!schema)
        return;
    json_decref(schema->root);
    schema->root = NULL;
}

const json_t *gc_doc_schema_resource_block(const struct gc_doc_schema *schema, const char *type)
{
    const char *key;
    const json_t *prov;

    if (!schema || !schema->root || !type)
        return NULL;
    json_object_foreach(json_object_get(schema->root, "provider_schemas"), key, prov)
    {
        const json_t *rs = json_object_get(json_object_get(prov, "resource_schemas"), type);
        const json_t *block = json_object_get(rs, "block");
        if (json_is_object(block))
            return block;
    }
    return NULL;
}

/* The block of a resource or data source type, writable (for notes), or NULL. */
static json_t *s_type_block(struct gc_doc_schema *schema, const char *type)
{
    static const char *const kinds[] = {"resource_schemas", "data_source_schemas"};
    const char *key;
    json_t *prov;
    json_object_foreach(json_object_get(schema->root, "provider_schemas"), key, prov)
    {
        for (size_t k = 0; k < 2; k++) {
            json_t *block = json_object_get(json_object_get(json_object_get(prov, kinds[k]), type), "block");
            if (json_is_object(block))
                return block;
        }
    }
    return NULL;
}

/* The attribute object, or the nested block's block object, at `path` ("a" or "a.b") in `block`, or NULL. */
static json_t *s_note_target(json_t *block, const char *path)
{
    char part[128];
    const char *p = path;
    while (block && *p) {
        size_t n = strcspn(p, ".");
        if (n == 0 || n >= sizeof part)
            return NULL;
        memcpy(part, p, n);
        part[n] = '\0';
        p += n;
        bool last = *p == '\0';
        if (*p == '.')
            p++;
        json_t *attr = json_object_get(json_object_get(block, "attributes"), part);
        if (attr && last)
            return attr;
        json_t *nested = json_object_get(json_object_get(json_object_get(block, "block_types"), part), "block");
        if (!nested || last)
            return nested;
        block = nested;
    }
    return NULL;
}

/* Overlays a parsed notes document (borrowed). */
static int s_apply_notes(struct gc_doc_schema *schema, json_t *notes)
{
    const char *type, *item;
    json_t *entries, *note;

    json_object_foreach(notes, type, entries)
    {
        json_t *block = type[0] != '_' && json_is_object(entries) ? s_type_block(schema, type) : NULL;
        if (!block)
            continue;
        json_object_foreach(entries, item, note)
        {
            json_t *target = json_is_string(note) ? s_note_target(block, item) : NULL;
            if (target && json_object_set(target, "description", note) != 0)
                return -1;
        }
    }
    return 0;
}

static int s_notes_take(struct gc_doc_schema *schema, json_t *notes, const char *name, const json_error_t *jerr,
                        struct gc_diags *diags)
{
    int result = -1;

    if (!json_is_object(notes)) {
        gc_diags_error_at(diags, NULL, "Cannot read the notes file", "%s: line %d: %s", name, jerr->line,
                          notes ? "not a JSON object" : jerr->text);
        goto cleanup;
    }
    if (s_apply_notes(schema, notes) != 0) {
        gc_diags_error_at(diags, NULL, "Out of memory", "while applying the notes of %s", name);
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(notes);
    return result;
}

int gc_doc_schema_apply_notes(struct gc_doc_schema *schema, const char *path, struct gc_diags *diags)
{
    json_error_t jerr;
    json_t *notes = json_load_file(path, 0, &jerr);

    return s_notes_take(schema, notes, path, &jerr, diags);
}

int gc_doc_schema_apply_notes_text(struct gc_doc_schema *schema, const char *text, size_t len, const char *name,
                                   struct gc_diags *diags)
{
    json_error_t jerr;
    json_t *notes = json_loadb(text, len, 0, &jerr);

    return s_notes_take(schema, notes, name, &jerr, diags);
}

/* ---- flattening ------------------------------------------------------------------------------------------- */

enum s_shape_kind {
    S_NONE = 0,  /* nothing known: nested objects are maps */
    S_BLOCK = 1, /* j has "attributes" (and maybe "block_types"): a block or a nested attribute type */
    S_TYPE = 2,  /* j is a cty type in JSON form */
};

enum s_coll {
    S_ONE = 0,  /* the value itself has the shape */
    S_LIST = 1, /* a list or set of values of the shape */
    S_MAP = 2,  /* a map of values of the shape */
};

struct s_shape {
    enum s_shape_kind kind;
    const json_t *j;
    enum s_coll coll;
};

struct s_child {
    struct s_shape shape;
    const char *description;
    bool sensitive;
    bool computed_only;
};

static enum s_coll s_coll_from_mode(const char *mode)
{
    if (mode && (strcmp(mode, "list") == 0 || strcmp(mode, "set") == 0))
        return S_LIST;
    if (mode && strcmp(mode, "map") == 0)
        return S_MAP;
    return S_ONE;
}

/* What the schema says about key `key` of an object with shape `sh`. */
static struct s_child s_child_of_object(struct s_shape sh, const char *key)
{
    struct s_child c = {{S_NONE, NULL, S_ONE}, NULL, false, false};

    if (sh.coll == S_MAP) {
        c.shape = sh;
        c.shape.coll = S_ONE;
        return c;
    }
    if (sh.kind == S_BLOCK) {
        const json_t *attr = json_object_get(json_object_get(sh.j, "attributes"), key);
        const json_t *bt = json_object_get(json_object_get(sh.j, "block_types"), key);
        if (attr) {
            const json_t *nested = json_object_get(attr, "nested_type");
            c.description = json_string_value(json_object_get(attr, "description"));
            c.sensitive = json_is_true(json_object_get(attr, "sensitive"));
            c.computed_only = json_is_true(json_object_get(attr, "computed")) &&
                              !json_is_true(json_object_get(attr, "optional")) &&
                              !json_is_true(json_object_get(attr, "required"));
            if (nested) {
                c.shape.kind = S_BLOCK;
                c.shape.j = nested;
                c.shape.coll = s_coll_from_mode(json_string_value(json_object_get(nested, "nesting_mode")));
            } else {
                c.shape.kind = S_TYPE;
                c.shape.j = json_object_get(attr, "type");
            }
        } else if (bt) {
            const json_t *block = json_object_get(bt, "block");
            c.description = json_string_value(json_object_get(block, "description"));
            c.shape.kind = S_BLOCK;
            c.shape.j = block;
            c.shape.coll = s_coll_from_mode(json_string_value(json_object_get(bt, "nesting_mode")));
        }
        return c;
    }
    if (sh.kind == S_TYPE && json_is_array(sh.j)) {
        const char *tk = json_string_value(json_array_get(sh.j, 0));
        if (tk && strcmp(tk, "object") == 0) {
            c.shape.kind = S_TYPE;
            c.shape.j = json_object_get(json_array_get(sh.j, 1), key);
        } else if (tk && strcmp(tk, "map") == 0) {
            c.shape.kind = S_TYPE;
            c.shape.j = json_array_get(sh.j, 1);
        }
    }
    return c;
}

/* Whether keys of an object with this shape are attributes (`.key`) rather than map keys (`["key"]`). */
static bool s_object_keys_are_attrs(struct s_shape sh)
{
    if (sh.coll == S_MAP)
        return false;
    if (sh.kind == S_BLOCK)
        return true;
    if (sh.kind == S_TYPE && json_is_array(sh.j)) {
        const char *tk = json_string_value(json_array_get(sh.j, 0));
        return tk && strcmp(tk, "object") == 0;
    }
    return false;
}

static struct s_shape s_child_of_array(struct s_shape sh, size_t index)
{
    struct s_shape c = {S_NONE, NULL, S_ONE};

    if (sh.coll == S_LIST) {
        c = sh;
        c.coll = S_ONE;
        return c;
    }
    if (sh.kind == S_TYPE && json_is_array(sh.j)) {
        const char *tk = json_string_value(json_array_get(sh.j, 0));
        if (tk && (strcmp(tk, "list") == 0 || strcmp(tk, "set") == 0)) {
            c.kind = S_TYPE;
            c.j = json_array_get(sh.j, 1);
        } else if (tk && strcmp(tk, "tuple") == 0) {
            c.kind = S_TYPE;
            c.j = json_array_get(json_array_get(sh.j, 1), index);
        }
    }
    return c;
}

static int s_items_push(struct gc_doc_items *out, const char *path, const char *text, char *cmp,
                        const char *description, enum gc_doc_item_state state)
{
    int result = -1;
    struct gc_doc_item item = {0};

    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        struct gc_doc_item *grown = realloc(out->items, cap * sizeof *grown);
        if (!grown)
            goto cleanup;
        out->items = grown;
        out->cap = cap;
    }
    item.path = gc_strdup(path);
    item.text = gc_strdup(text);
    item.cmp = cmp;
    item.description = description;
    item.state = state;
    if (!item.path || !item.text || !item.cmp)
        goto cleanup;
    out->items[out->n++] = item;
    cmp = NULL;
    result = 0;
cleanup:
    if (result != 0) {
        free(item.path);
        free(item.text);
    }
    if (cmp) {
        OPENSSL_cleanse(cmp, strlen(cmp));
        free(cmp);
    }
    return result;
}

static char *s_dump(const json_t *v)
{
    if (!v)
        return gc_strdup("null");
    return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
}

struct s_key {
    const char *key;
    int rank;
};

static int s_key_cmp(const void *a, const void *b)
{
    const struct s_key *ka = a, *kb = b;
    if (ka->rank != kb->rank)
        return ka->rank - kb->rank;
    return strcmp(ka->key, kb->key);
}

static int s_flatten(struct gc_doc_items *out, struct gc_buf *path, struct s_shape sh, const char *description,
                     bool schema_sensitive, const json_t *value, const json_t *unknown, const json_t *sensitive,
                     int depth);

static int s_append_key(struct gc_buf *path, struct s_shape sh, const char *key)
{
    if (path->len == 0)
        return gc_buf_append_str(path, key);
    if (s_object_keys_are_attrs(sh))
        return gc_buf_printf(path, ".%s", key);
    if (gc_buf_append_str(path, "[\""))
        return -1;
    for (const char *p = key; *p; p++) {
        if ((*p == '"' || *p == '\\') && gc_buf_append_byte(path, '\\'))
            return -1;
        if (gc_buf_append_byte(path, (uint8_t)*p))
            return -1;
    }
    return gc_buf_append_str(path, "\"]");
}

static int s_flatten_object(struct gc_doc_items *out, struct gc_buf *path, struct s_shape sh, const char *description,
                            const json_t *value, const json_t *unknown, const json_t *sensitive, int depth)
{
    int result = -1;
    struct s_key *keys = NULL;
    size_t n = 0;
    size_t cap = json_object_size(value) + (json_is_object(unknown) ? json_object_size(unknown) : 0);
    const char *key;
    const json_t *v;
    size_t mark = path->len;

    keys = calloc(cap ? cap : 1, sizeof *keys);
    if (!keys)
        goto cleanup;
    json_object_foreach((json_t *)value, key, v)
    {
        keys[n++].key = key;
    }
    if (json_is_object(unknown)) {
        json_object_foreach((json_t *)unknown, key, v)
        {
            /* after_unknown lists containers even when nothing in them is unknown: only add real unknowns */
            if (!json_object_get(value, key) && json_is_true(v))
                keys[n++].key = key;
        }
    }
    if (n == 0) {
        result = s_items_push(out, gc_buf_cstr(path), GC_DOC_EMPTY_TEXT, s_dump(value), description, GC_DOC_ITEM_EMPTY);
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        struct s_child c = s_child_of_object(sh, keys[i].key);
        /* top level: the configured arguments first, then what the provider computes */
        if (mark == 0)
            keys[i].rank = (c.computed_only || (sh.kind == S_NONE && strcmp(keys[i].key, "id") == 0)) ? 1 : 0;
    }
    qsort(keys, n, sizeof *keys, s_key_cmp);
    for (size_t i = 0; i < n; i++) {
        struct s_child c = s_child_of_object(sh, keys[i].key);
        path->len = mark;
        if (s_append_key(path, sh, keys[i].key))
            goto cleanup;
        if (s_flatten(out, path, c.shape, c.description ? c.description : description, c.sensitive,
                      json_object_get(value, keys[i].key), json_object_get(unknown, keys[i].key),
                      json_object_get(sensitive, keys[i].key), depth + 1))
            goto cleanup;
    }
    result = 0;
cleanup:
    path->len = mark;
    free(keys);
    return result;
}

static int s_flatten(struct gc_doc_items *out, struct gc_buf *path, struct s_shape sh, const char *description,
                     bool schema_sensitive, const json_t *value, const json_t *unknown, const json_t *sensitive,
                     int depth)
{
    size_t mark = path->len;
    int rc = 0;

    if (depth > 64)
        return -1;
    if (schema_sensitive || json_is_true(sensitive))
        return s_items_push(out, gc_buf_cstr(path), GC_DOC_SENSITIVE_TEXT, s_dump(value), description,
                            GC_DOC_ITEM_SENSITIVE);
    if (json_is_true(unknown))
        return s_items_push(out, gc_buf_cstr(path), GC_DOC_UNKNOWN_TEXT, gc_strdup("\x01unknown"), description,
                            GC_DOC_ITEM_UNKNOWN);
    if (!value || json_is_null(value))
        return path->len ? s_items_push(out, gc_buf_cstr(path), GC_DOC_NULL_TEXT, gc_strdup("null"), description,
                                        GC_DOC_ITEM_NULL)
                         : 0;
    if (json_is_object(value))
        return s_flatten_object(out, path, sh, description, value, unknown, sensitive, depth);
    if (json_is_array(value)) {
        size_t i;
        const json_t *v;
        if (json_array_size(value) == 0)
            return s_items_push(out, gc_buf_cstr(path), GC_DOC_EMPTY_TEXT, s_dump(value), description,
                                GC_DOC_ITEM_EMPTY);
        json_array_foreach(value, i, v)
        {
            path->len = mark;
            if (gc_buf_printf(path, "[%zu]", i)) {
                rc = -1;
                break;
            }
            rc = s_flatten(out, path, s_child_of_array(sh, i), description, false, v,
                           json_is_array(unknown) ? json_array_get(unknown, i) : NULL,
                           json_is_array(sensitive) ? json_array_get(sensitive, i) : NULL, depth + 1);
            if (rc)
                break;
        }
        path->len = mark;
        return rc;
    }
    if (json_is_string(value))
        return s_items_push(out, gc_buf_cstr(path), json_string_value(value), s_dump(value), description,
                            GC_DOC_ITEM_VALUE);
    if (json_is_boolean(value))
        return s_items_push(out, gc_buf_cstr(path), json_is_true(value) ? "true" : "false", s_dump(value), description,
                            GC_DOC_ITEM_VALUE);
    char *text = s_dump(value);
    rc = text ? s_items_push(out, gc_buf_cstr(path), text, s_dump(value), description, GC_DOC_ITEM_VALUE) : -1;
    free(text);
    return rc;
}

int gc_doc_flatten(struct gc_doc_items *out, const json_t *block, const json_t *value, const json_t *unknown,
                   const json_t *sensitive)
{
    int result = -1;
    struct gc_buf path;
    struct s_shape sh = {block ? S_BLOCK : S_NONE, block, S_ONE};

    gc_buf_init(&path, 1 << 20);
    if (json_is_true(sensitive)) {
        /* the whole object is sensitive: list its attribute names only */
        const char *key;
        const json_t *v;
        json_object_foreach((json_t *)value, key, v)
        {
            if (s_items_push(out, key, GC_DOC_SENSITIVE_TEXT, s_dump(v), NULL, GC_DOC_ITEM_SENSITIVE))
                goto cleanup;
        }
        result = 0;
        goto cleanup;
    }
    if (!value || json_is_null(value)) {
        if (json_is_object(unknown) || json_is_true(unknown))
            result = s_flatten_object(out, &path, sh, NULL, json_is_object(value) ? value : NULL,
                                      json_is_object(unknown) ? unknown : NULL, sensitive, 0);
        else
            result = 0;
        goto cleanup;
    }
    result = s_flatten(out, &path, sh, NULL, false, value, unknown, sensitive, 0);
cleanup:
    gc_buf_clean_up(&path);
    return result;
}

void gc_doc_items_clean_up(struct gc_doc_items *items)
{
    if (!items)
        return;
    for (size_t i = 0; i < items->n; i++) {
        free(items->items[i].path);
        if (items->items[i].text) {
            OPENSSL_cleanse(items->items[i].text, strlen(items->items[i].text));
            free(items->items[i].text);
        }
        if (items->items[i].cmp) {
            OPENSSL_cleanse(items->items[i].cmp, strlen(items->items[i].cmp));
            free(items->items[i].cmp);
        }
    }
    free(items->items);
    memset(items, 0, sizeof *items);
}

long gc_doc_items_find(const struct gc_doc_items *items, const char *path)
{
    for (size_t i = 0; i < items->n; i++)
        if (strcmp(items->items[i].path, path) == 0)
            return (long)i;
    return -1;
}

void gc_doc_diags_print(const struct gc_diags *diags)
{
    for (size_t i = 0; i < diags->n; i++) {
        const struct gc_diag *d = &diags->items[i];
        fprintf(stderr, "gcnet-doc: %s: %s%s%s\n", d->severity == GC_SEV_ERROR ? "error" : "warning",
                d->summary ? d->summary : "", d->detail && *d->detail ? ": " : "", d->detail ? d->detail : "");
    }
}
