/* Parameter sheets by AWS object (Transit Gateway, route tables, VPC and subnets, attachments, RAM share, …) from a
 * table (gcnet-doc/sheets-ja.json, built in): Japanese item names, units, reviewer wording for booleans, gcnet's
 * fixed settings, and a 変更 column that follows the plan's own actions and replace_paths. */
#ifndef GC_DOC_OBJECT_SHEETS_H
#define GC_DOC_OBJECT_SHEETS_H

#include <jansson.h>
#include <stdbool.h>

#include <xlsxwriter.h>

#include "base/gc_buf.h"
#include "base/gc_diag.h"
#include "tf_json.h"

/* Checks the table's shape; a bad table adds an error and returns -1. NULL is a valid (empty) table. */
int gc_doc_objsheets_check(const json_t *table, const char *name, struct gc_diags *diags);
/* True when the table has sheets for this resource type. */
bool gc_doc_objsheets_has_type(const json_t *table, const char *type);
/* The place of `type` in the table (the order the workbook follows: hub, resolver, CA, …), or -1 without sheets. */
long gc_doc_objsheets_type_rank(const json_t *table, const char *type);
/* Writes the sheets of `type` for every resource of that type in `in`. */
int gc_doc_objsheets_write(lxw_workbook *wb, const json_t *table, const char *type, const struct gc_doc_input *in,
                           const struct gc_doc_schema *schema, const char *footer, struct gc_diags *diags);
/* Appends the fixed settings of `type` that the table gives a diagram label ({"fixed": false, "words": "enable",
 * "diagram": "自動承諾"} → "自動承諾 無効"), `per_line` to a line joined by " / ", lines by "\n". Nothing when the
 * table has none. */
int gc_doc_objsheets_diagram_facts(struct gc_buf *out, const json_t *table, const char *type, unsigned per_line);
/* The 変更 text of one setting: `changed` when its value differs (or becomes unknown), `forcing` when the plan
 * names its attribute in replace_paths, `fixed` for a setting gcnet always applies. */
const char *gc_doc_objsheets_change_label(enum gc_doc_kind kind, enum gc_doc_action action, bool changed, bool forcing,
                                          bool fixed);

#endif
