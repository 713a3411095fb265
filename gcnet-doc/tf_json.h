/* Loading and classifying Terraform JSON (plan, state, test stream), the provider schema, and flattening
 * resource values into one row per setting (`subnet_ids[0]`, `route_table_ids["onprem"]`, `timeouts.create`). */
#ifndef GC_DOC_TF_JSON_H
#define GC_DOC_TF_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/gc_diag.h"

#define GC_DOC_UNKNOWN_TEXT "(適用後に確定)"
#define GC_DOC_SENSITIVE_TEXT "(機密)"
#define GC_DOC_NULL_TEXT "(未設定)"
#define GC_DOC_EMPTY_TEXT "(なし)"
#define GC_DOC_REMOVED_TEXT "(削除)"

enum gc_doc_kind {
    GC_DOC_KIND_NONE = 0,
    GC_DOC_KIND_PLAN = 1,
    GC_DOC_KIND_STATE = 2,
    GC_DOC_KIND_TEST = 3,
};

enum gc_doc_action {
    GC_DOC_ACT_NONE = 0, /* state: no plan, so no change information */
    GC_DOC_ACT_NOOP = 1,
    GC_DOC_ACT_CREATE = 2,
    GC_DOC_ACT_UPDATE = 3,
    GC_DOC_ACT_REPLACE = 4,
    GC_DOC_ACT_DELETE = 5,
    GC_DOC_ACT_READ = 6,
};

/* Japanese label for the 変更 column: 作成 / 更新 / 置換 / 削除 / 変更なし / 読み取り / "-". */
const char *gc_doc_action_label(enum gc_doc_action action);
enum gc_doc_action gc_doc_action_from_json(const json_t *actions);

/* One managed resource instance, with borrowed references into the document. */
struct gc_doc_resource {
    const char *address;
    const char *type;
    const char *name;
    enum gc_doc_action action;
    const json_t *before;           /* NULL for a state or a create */
    const json_t *after;            /* state: values */
    const json_t *after_unknown;    /* plan only */
    const json_t *before_sensitive; /* plan only */
    const json_t *after_sensitive;  /* plan: after_sensitive; state: sensitive_values */
    const json_t *replace_paths;    /* plan only: the attribute paths that force a replacement, or NULL */
    const char *action_reason;      /* plan only: Terraform's action_reason, or NULL */
};

struct gc_doc_input {
    enum gc_doc_kind kind;
    json_t *root; /* owned */
    const char *terraform_version;
    const char *format_version;
    struct gc_doc_resource *resources; /* managed resources, document order (state: modules depth-first) */
    size_t n_resources;
    struct gc_doc_resource *drift; /* plan only: resource_drift, changes made outside Terraform (before: the
                                      state's record, after: what the refresh found; delete: gone) */
    size_t n_drift;
    const char *timestamp; /* plan only: when it was made (RFC 3339), or NULL */
};

/* Loads a `terraform show -json` plan or state from `path` ("-" for stdin). Malformed or non-Terraform JSON
 * (including `terraform test -json` streams) adds an error to `diags` and returns -1. */
int gc_doc_input_load(struct gc_doc_input *in, const char *path, struct gc_diags *diags);
void gc_doc_input_clean_up(struct gc_doc_input *in);
/* Same, from memory: used by unit tests. */
int gc_doc_input_load_text(struct gc_doc_input *in, const char *text, size_t len, struct gc_diags *diags);
/* Provider version constraint from the plan's configuration (`provider_config.gcnet`), or NULL. */
const char *gc_doc_input_provider_version(const struct gc_doc_input *in);
/* Value of a top-level string attribute of a resource (after; before only when there is no after), or NULL. */
const char *gc_doc_resource_string(const struct gc_doc_resource *res, const char *attr);
/* Top-level attribute value (after; before only when there is no after, i.e. a delete), or NULL: an attribute that
 * is unknown after the change is NULL, never its old value. */
const json_t *gc_doc_resource_attr(const struct gc_doc_resource *res, const char *attr);
/* True if the plan says a change of this top-level attribute forces the replacement (replace_paths). */
bool gc_doc_resource_attr_forces_replace(const struct gc_doc_resource *res, const char *attr);
/* True if the named top-level attribute is unknown until apply. */
bool gc_doc_resource_attr_unknown(const struct gc_doc_resource *res, const char *attr);
/* True if the named top-level attribute is marked sensitive (by the plan/state or the schema). */
bool gc_doc_resource_attr_sensitive(const struct gc_doc_resource *res, const json_t *schema, const char *attr);

/* The provider schema as printed by `terraform providers schema -json`. */
struct gc_doc_schema {
    json_t *root; /* owned; NULL when no schema was loaded */
};

int gc_doc_schema_load(struct gc_doc_schema *schema, const char *path, struct gc_diags *diags);
/* Same, from memory (the built-in copy); `name` names it in messages. */
int gc_doc_schema_load_text(struct gc_doc_schema *schema, const char *text, size_t len, const char *name,
                            struct gc_diags *diags);
void gc_doc_schema_clean_up(struct gc_doc_schema *schema);
/* The `block` of a resource type from any provider in the file, or NULL. */
const json_t *gc_doc_schema_resource_block(const struct gc_doc_schema *schema, const char *type);
/* Overlays notes (備考) from a JSON file {"<type>": {"<attr or block path a.b>": "note"}} onto the schema's
 * descriptions; attributes without a note keep the schema's description. Keys starting with "_" are comments. */
int gc_doc_schema_apply_notes(struct gc_doc_schema *schema, const char *path, struct gc_diags *diags);
int gc_doc_schema_apply_notes_text(struct gc_doc_schema *schema, const char *text, size_t len, const char *name,
                                   struct gc_diags *diags);

enum gc_doc_item_state {
    GC_DOC_ITEM_VALUE = 0,
    GC_DOC_ITEM_UNKNOWN = 1,
    GC_DOC_ITEM_SENSITIVE = 2,
    GC_DOC_ITEM_NULL = 3,
    GC_DOC_ITEM_EMPTY = 4,
};

/* One flattened setting. `text` is what the document shows: never the secret for a sensitive item. */
struct gc_doc_item {
    char *path;              /* route_table_ids["onprem"] */
    char *text;              /* display text */
    char *cmp;               /* compact JSON of the real value, used only to detect changes; wiped on free */
    const char *description; /* borrowed from the schema, may be NULL */
    enum gc_doc_item_state state;
};

struct gc_doc_items {
    struct gc_doc_item *items;
    size_t n;
    size_t cap;
};

/* Flattens `value` (with its unknown and sensitive shadows, either may be NULL) against `block` (may be NULL:
 * then every nested object is treated as a map). Appends to `out`. */
int gc_doc_flatten(struct gc_doc_items *out, const json_t *block, const json_t *value, const json_t *unknown,
                   const json_t *sensitive);
void gc_doc_items_clean_up(struct gc_doc_items *items);
/* Index of the item with this path, or -1. */
long gc_doc_items_find(const struct gc_doc_items *items, const char *path);

/* Prints diagnostics to stderr as "gcnet-doc: error: summary: detail". */
void gc_doc_diags_print(const struct gc_diags *diags);

#endif
