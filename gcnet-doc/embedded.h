/* Data files built into gcnet-doc (gcnet-doc/embed.py at build time): the provider schema contract, and the Japanese
 * notes (備考). The installed tool needs no file beside it. */
#ifndef GC_DOC_EMBEDDED_H
#define GC_DOC_EMBEDDED_H

#include <stddef.h>

/* schemas/provider.json */
extern const char gc_doc_embedded_schema[];
extern const size_t gc_doc_embedded_schema_len;
/* gcnet-doc/notes-ja.json */
extern const char gc_doc_embedded_notes[];
extern const size_t gc_doc_embedded_notes_len;

/* gcnet-doc/sheets-ja.json */
extern const char gc_doc_embedded_sheets[];
extern const size_t gc_doc_embedded_sheets_len;

#endif
