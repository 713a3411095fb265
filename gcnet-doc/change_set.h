/* The changes of a plan (resource_changes) or the drift it found (resource_drift, e.g. `terraform plan
 * -refresh-only`), as one entry per resource and one row per changed top-level attribute: before → after in the
 * reviewer's words, how Terraform applies it (in place, or the attribute that forces a replacement) and why.
 * Replacements and deletions come first. The change record (変更管理票) and the drift report (構成差異報告) are
 * written from it (changes_xlsx.h). */
#ifndef GC_DOC_CHANGE_SET_H
#define GC_DOC_CHANGE_SET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/gc_buf.h"
#include "tf_json.h"

enum gc_doc_chgset_source {
    GC_DOC_CHGSET_PLAN = 0,  /* resource_changes: what an apply will do */
    GC_DOC_CHGSET_DRIFT = 1, /* resource_drift: what changed outside Terraform since the last apply */
};

struct gc_doc_chgset_row {
    char *attr;   /* top-level attribute, or "" for the whole resource */
    char *item;   /* Japanese item name with the attribute: 共有先 AWS アカウント (share_with) */
    char *before; /* display text; never a sensitive value */
    char *after;  /* display text; never a sensitive value */
    const char
        *how; /* static: 作成 / 更新 (インプレース) / 置換 (この項目の変更で再作成) / 再作成に伴い変更 / 削除 / 差異 */
    const char *note; /* borrowed from the schema (Japanese notes), may be NULL */
};

struct gc_doc_chgset_entry {
    const struct gc_doc_resource *res; /* borrowed from the input */
    const char *operation; /* static: 作成 / 更新 (インプレース) / 置換 (削除して再作成) / 削除 / … */
    char *reason;          /* why, in Japanese (the plan's action_reason and replace_paths) */
    bool flagged;          /* a replacement or a deletion: listed first and marked */
    struct gc_doc_chgset_row *rows;
    size_t n_rows;
};

struct gc_doc_chgset {
    enum gc_doc_chgset_source source;
    struct gc_doc_chgset_entry *entries; /* flagged first, then in the plan's order; no-ops are left out */
    size_t n_entries;
    size_t n_create, n_update, n_replace, n_delete;
};

/* Builds the set from `in` (a plan). `sheets` (the per-AWS-object table, may be NULL) gives Japanese item names and
 * the wording of booleans. 0, or -1 when memory runs out. */
int gc_doc_chgset_build(struct gc_doc_chgset *set, const struct gc_doc_input *in, enum gc_doc_chgset_source source,
                        const struct gc_doc_schema *schema, const json_t *sheets);
void gc_doc_chgset_clean_up(struct gc_doc_chgset *set);

/* The display text of one attribute value with its unknown and sensitive shadows (either may be NULL): lists joined
 * with ", ", maps and objects as "key = value" lines, booleans in `words` ("enable": 有効/無効, "allow":
 * 許可する/許可しない, NULL: true/false); anything sensitive inside makes the whole value (機密). Appends to `out`. */
int gc_doc_chgset_value_text(struct gc_buf *out, const json_t *value, const json_t *unknown, const json_t *sensitive,
                             const char *words);
/* Japanese text for Terraform's action_reason (replace_because_cannot_update, delete_because_no_resource_config,
 * …); NULL for none or an unknown reason. */
const char *gc_doc_chgset_reason_ja(const char *action_reason);

#endif
