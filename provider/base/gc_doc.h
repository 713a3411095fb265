/* Documents: jansson values read and written by dotted path ("TransitGateway.Options.AmazonSideAsn"). AWS
 * answers (gc_aws_op.h) are read with these, and the resource kit's attribute maps (gc_attrmap.h) read and build
 * documents with them. All views are borrowed from the document. */
#ifndef GC_DOC_H
#define GC_DOC_H

#include <stdbool.h>

#include <jansson.h>

/* The value at `path`, or NULL when a step is missing. A step into an object is a member name, a step into a
 * list is a decimal index ("Routes.0.State"). "" is `doc` itself. */
const json_t *gc_doc_get(const json_t *doc, const char *path);
/* The same walk through objects only: a step into anything but an object (a list too) is NULL. */
const json_t *gc_doc_member(const json_t *doc, const char *path);
/* The string at `path` (borrowed), or NULL when absent or not a string. */
const char *gc_doc_str(const json_t *doc, const char *path);
/* The integer at `path` (an integral string is accepted, as XML answers carry text), or `fallback`. */
long long gc_doc_int(const json_t *doc, const char *path, long long fallback);
/* True only for JSON true or the string "true" at `path`. */
bool gc_doc_bool(const json_t *doc, const char *path);
/* The array at `path`, or NULL. */
const json_t *gc_doc_list(const json_t *doc, const char *path);

/* The first item of the list at `list` whose string at `field` is `value` ("RouteTables", "RouteTableId", "rtb-1"),
 * or NULL. */
const json_t *gc_doc_find(const json_t *doc, const char *list, const char *field, const char *value);
/* The Value of the item of the doc's "Tags" list whose Key is `key` (AWS's tag lists), or NULL. */
const char *gc_doc_tag(const json_t *doc, const char *key);

/* Puts `value` (owned, even on failure) at the dotted `path` of the object `doc`, making the objects on the
 * way. -1 when a step on the way is not an object, the path is empty or malformed, or memory runs out. */
int gc_doc_put(json_t *doc, const char *path, json_t *value);

#endif
