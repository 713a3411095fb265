/* A small, strict XML reader for AWS answers (EC2, STS, Route 53), and the escaping the REST-XML request bodies
 * need. The reader takes UTF-8 only and keeps what the codecs read: elements (by local name: namespace prefixes
 * and declarations are ignored), their text (the five predefined entities and numeric character references
 * decoded, CDATA included, line ends normalised to "\n"). Attributes are checked and dropped; comments,
 * processing instructions and the XML declaration are skipped. Any DOCTYPE is refused, so no entity is ever
 * declared or expanded. A document must be well-formed (tags matched, one root, every character an XML Char in
 * valid UTF-8) and within the limits below; else gc_xml_parse gives NULL. A document is one allocation. */
#ifndef GC_XML_H
#define GC_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "base/gc_buf.h"

#define GC_XML_MAX_BYTES ((size_t)64 << 20) /* the largest answer read (GC_HTTP_BODY_MAX) */
#define GC_XML_MAX_DEPTH 256                /* elements open at once */
#define GC_XML_MAX_ATTRS 64                 /* attributes of one element */

enum gc_xml_type {
    GC_XML_ELEMENT = 1,
    GC_XML_TEXT = 2, /* character data, references and CDATA between two tags, merged into one node */
};

struct gc_xml_node {
    enum gc_xml_type type;
    const char *name;             /* an element's local name ("a:Item" -> "Item"); NULL for text */
    const char *content;          /* a text's characters (NUL-terminated, valid UTF-8, no NUL); NULL for an element */
    struct gc_xml_node *children; /* an element's first child (elements and texts in document order) */
    struct gc_xml_node *next;     /* the next sibling */
};

struct gc_xml_doc;

/* Parses a response body; NULL if it is malformed, too large or too deep, or memory ran out. */
struct gc_xml_doc *gc_xml_parse(struct gc_span body);
/* Frees a document of gc_xml_parse (its nodes and texts with it); NULL is a no-op. */
void gc_xml_free_doc(struct gc_xml_doc *doc);
/* The document's root element; NULL for a NULL document. */
struct gc_xml_node *gc_xml_root(struct gc_xml_doc *doc);
/* The text of `node` and all its descendants in document order (malloc'd; "" for an empty element), NULL only when
 * memory ran out. */
char *gc_xml_content(const struct gc_xml_node *node);
/* First child element with this local name, or NULL. */
struct gc_xml_node *gc_xml_child(const struct gc_xml_node *node, const char *name);
/* Follows "a/b/c" from node through first-child matches, or NULL. */
struct gc_xml_node *gc_xml_path(const struct gc_xml_node *node, const char *path);
/* Next sibling element with the same local name as `node` ("item" iteration), or NULL. */
struct gc_xml_node *gc_xml_next(const struct gc_xml_node *node);
/* Text of the child at `path` (malloc'd), or NULL if absent. */
char *gc_xml_text(const struct gc_xml_node *node, const char *path);
/* Text of the child at `path` compared with `expected`: 1 equal, 0 not. */
int gc_xml_text_eq(const struct gc_xml_node *node, const char *path, const char *expected);

/* Appends `text` to `out` escaped for XML character data or a double-quoted attribute value: & < > " as entities,
 * CR (and in an attribute TAB and LF) as character references, so that a reader gets `text` back unchanged.
 * 0, or -1 when `out` cannot grow. */
int gc_xml_escape(struct gc_buf *out, const char *text, bool attribute);

#endif
