/* Small read helpers over libxml2 documents returned by AWS query/REST-XML APIs. Namespaces are ignored:
 * names match the element's local name. */
#ifndef GC_XML_H
#define GC_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "base/gc_buf.h"

/* Parses a response body with network access and entity expansion off; NULL if malformed (or if libxml2, loaded
 * on first use by gc_xml_lib.h, cannot be loaded). */
xmlDoc *gc_xml_parse(struct gc_span body);
/* Frees a document of gc_xml_parse; NULL is a no-op. */
void gc_xml_free_doc(xmlDoc *doc);
/* The text content of `node` (malloc'd; "" for an empty element), NULL only when memory ran out. */
char *gc_xml_content(const xmlNode *node);
/* First child element with this local name, or NULL. */
xmlNode *gc_xml_child(const xmlNode *node, const char *name);
/* Follows "a/b/c" from node through first-child matches, or NULL. */
xmlNode *gc_xml_path(const xmlNode *node, const char *path);
/* Next sibling element with the same local name as `node` ("item" iteration), or NULL. */
xmlNode *gc_xml_next(const xmlNode *node);
/* Text of the child at `path` (malloc'd), or NULL if absent. */
char *gc_xml_text(const xmlNode *node, const char *path);
/* Text of the child at `path` compared with `expected`: 1 equal, 0 not. */
int gc_xml_text_eq(const xmlNode *node, const char *path, const char *expected);
xmlNode *gc_xml_root(xmlDoc *doc);

#endif
