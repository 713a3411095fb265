/* libxml2 loaded on first use (see gc_xml_lib.h). */
#include "aws/gc_xml_lib.h"

#include <pthread.h>
#include <stddef.h>

#include "base/gc_lazy.h"

#define S_SYM(member, name)                                                                                            \
    {                                                                                                                  \
        name, offsetof(struct gc_xml_lib, member)                                                                      \
    }

static const struct gc_lazy_sym s_syms[] = {
    S_SYM(init_parser, "xmlInitParser"),
    S_SYM(new_parser_ctxt, "xmlNewParserCtxt"),
    S_SYM(free_parser_ctxt, "xmlFreeParserCtxt"),
    S_SYM(ctxt_read_memory, "xmlCtxtReadMemory"),
    S_SYM(reset_last_error, "xmlResetLastError"),
    S_SYM(get_last_error, "xmlGetLastError"),
    S_SYM(free_doc, "xmlFreeDoc"),
    S_SYM(doc_get_root_element, "xmlDocGetRootElement"),
    S_SYM(node_get_content, "xmlNodeGetContent"),
    S_SYM(free_func, "xmlFree"),
    S_SYM(buffer_create, "xmlBufferCreate"),
    S_SYM(buffer_free, "xmlBufferFree"),
    S_SYM(buffer_content, "xmlBufferContent"),
    S_SYM(buffer_length, "xmlBufferLength"),
    S_SYM(new_text_writer_memory, "xmlNewTextWriterMemory"),
    S_SYM(free_text_writer, "xmlFreeTextWriter"),
    S_SYM(text_writer_start_element, "xmlTextWriterStartElement"),
    S_SYM(text_writer_end_element, "xmlTextWriterEndElement"),
    S_SYM(text_writer_write_element, "xmlTextWriterWriteElement"),
    S_SYM(text_writer_write_attribute, "xmlTextWriterWriteAttribute"),
    S_SYM(text_writer_flush, "xmlTextWriterFlush"),
};

static struct gc_xml_lib s_table;
static struct gc_lazy s_lazy =
    GC_LAZY_INIT("libxml2.so.2", "libxml2", s_syms, sizeof s_syms / sizeof s_syms[0], &s_table);
static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static const struct gc_xml_lib *s_ready;

static void s_init(void)
{
    if (gc_lazy_load(&s_lazy) != 0)
        return;
    s_table.init_parser(); /* once, before any thread parses */
    s_ready = &s_table;
}

const struct gc_xml_lib *gc_xml_lib(void)
{
    pthread_once(&s_once, s_init);
    return s_ready;
}

const char *gc_xml_lib_error(void)
{
    pthread_once(&s_once, s_init);
    return gc_lazy_error(&s_lazy);
}
