/* Private to provider/aws: libxml2, loaded on first use (base/gc_lazy.h). Only launches that call an XML API
 * (EC2, STS, RAM, Route 53) load it with ICU and liblzma. */
#ifndef GC_XML_LIB_H
#define GC_XML_LIB_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

/* The libxml2 functions gcnet calls, by their names in snake case without the xml prefix. */
struct gc_xml_lib {
    void (*init_parser)(void);
    xmlParserCtxtPtr (*new_parser_ctxt)(void);
    void (*free_parser_ctxt)(xmlParserCtxtPtr ctxt);
    xmlDocPtr (*ctxt_read_memory)(xmlParserCtxtPtr ctxt, const char *buffer, int size, const char *url,
                                  const char *encoding, int options);
    void (*reset_last_error)(void);
    xmlErrorPtr (*get_last_error)(void);
    void (*free_doc)(xmlDocPtr doc);
    xmlNodePtr (*doc_get_root_element)(const xmlDoc *doc);
    xmlChar *(*node_get_content)(const xmlNode *node);
    xmlFreeFunc *free_func; /* the variable xmlFree: call (*free_func)(p) */
    xmlBufferPtr (*buffer_create)(void);
    void (*buffer_free)(xmlBufferPtr buf);
    const xmlChar *(*buffer_content)(const xmlBuffer *buf);
    int (*buffer_length)(const xmlBuffer *buf);
    xmlTextWriterPtr (*new_text_writer_memory)(xmlBufferPtr buf, int compression);
    void (*free_text_writer)(xmlTextWriterPtr writer);
    int (*text_writer_start_element)(xmlTextWriterPtr writer, const xmlChar *name);
    int (*text_writer_end_element)(xmlTextWriterPtr writer);
    int (*text_writer_write_element)(xmlTextWriterPtr writer, const xmlChar *name, const xmlChar *content);
    int (*text_writer_write_attribute)(xmlTextWriterPtr writer, const xmlChar *name, const xmlChar *content);
    int (*text_writer_flush)(xmlTextWriterPtr writer);
};

/* libxml2.so.2, loaded and xmlInitParser'ed by the first call (thread-safe). NULL if it cannot be: then
 * gc_xml_lib_error says why (the SONAME, the loader's reason, the Debian package to install). */
const struct gc_xml_lib *gc_xml_lib(void);
const char *gc_xml_lib_error(void);

#endif
