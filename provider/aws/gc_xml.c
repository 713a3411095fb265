/* libxml2 read helpers (see gc_xml.h). */
#include "aws/gc_xml.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_xml_lib.h"
#include "base/gc_log.h"

xmlDoc *gc_xml_parse(struct gc_span body)
{
    xmlDoc *doc = NULL;
    xmlParserCtxt *ctxt = NULL;
    /* No network, no entity substitution, no DTD loading, default size limits (no XML_PARSE_HUGE). */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
    const struct gc_xml_lib *X = gc_xml_lib();
    if (!X) {
        GC_ERROR("%s", gc_xml_lib_error()); /* gc_aws_client_new reports it as a diagnostic first */
        goto cleanup;
    }
    if (!body.ptr || body.len == 0 || body.len > INT_MAX)
        goto cleanup;
    ctxt = X->new_parser_ctxt();
    if (!ctxt)
        goto cleanup;
    X->reset_last_error();
    doc = X->ctxt_read_memory(ctxt, (const char *)body.ptr, (int)body.len, "aws-response.xml", NULL, options);
    /* libxml2 2.9 stops at a failed allocation but may still hand back the document read so far as well-formed:
     * a silently shorter answer. Out of memory anywhere in the parse (parser or tree) fails it whole. */
    const xmlError *last = X->get_last_error();
    if (doc && (!ctxt->wellFormed || ctxt->errNo == XML_ERR_NO_MEMORY || (last && last->code == XML_ERR_NO_MEMORY))) {
        X->free_doc(doc);
        doc = NULL;
    }
cleanup:
    if (ctxt)
        X->free_parser_ctxt(ctxt);
    return doc;
}

void gc_xml_free_doc(xmlDoc *doc)
{
    if (doc)
        gc_xml_lib()->free_doc(doc); /* loaded: gc_xml_parse made `doc` */
}

char *gc_xml_content(const xmlNode *node)
{
    const struct gc_xml_lib *X = gc_xml_lib(); /* loaded: `node` is in a document gc_xml_parse made */
    xmlChar *content = X->node_get_content(node);
    char *out = content ? gc_strdup((const char *)content) : NULL;
    if (content)
        (*X->free_func)(content);
    return out;
}

static bool s_name_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

xmlNode *gc_xml_child(const xmlNode *node, const char *name)
{
    if (!node || !name)
        return NULL;
    for (xmlNode *c = node->children; c; c = c->next) {
        if (s_name_is(c, name))
            return c;
    }
    return NULL;
}

xmlNode *gc_xml_path(const xmlNode *node, const char *path)
{
    if (!node || !path)
        return NULL;
    const xmlNode *cur = node;
    const char *p = path;
    char name[256];
    while (*p && cur) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n >= sizeof name)
            return NULL;
        if (n > 0) {
            memcpy(name, p, n);
            name[n] = '\0';
            cur = gc_xml_child(cur, name);
        }
        p += n;
        if (*p == '/')
            p++;
    }
    return (xmlNode *)cur;
}

xmlNode *gc_xml_next(const xmlNode *node)
{
    if (!node || !node->name)
        return NULL;
    for (xmlNode *c = node->next; c; c = c->next) {
        if (s_name_is(c, (const char *)node->name))
            return c;
    }
    return NULL;
}

char *gc_xml_text(const xmlNode *node, const char *path)
{
    const xmlNode *n = (path && *path) ? gc_xml_path(node, path) : node;
    if (!n)
        return NULL;
    char *out = gc_xml_content(n);
    return out ? out : gc_strdup("");
}

int gc_xml_text_eq(const xmlNode *node, const char *path, const char *expected)
{
    char *t = gc_xml_text(node, path);
    int eq = t && expected && strcmp(t, expected) == 0;
    free(t);
    return eq;
}

xmlNode *gc_xml_root(xmlDoc *doc)
{
    return doc ? gc_xml_lib()->doc_get_root_element(doc) : NULL;
}
