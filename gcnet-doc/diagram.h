/* `gcnet-doc diagram`: the configuration diagram as Graphviz DOT, rendered to SVG/PNG with the `dot` program. */
#ifndef GC_DOC_DIAGRAM_H
#define GC_DOC_DIAGRAM_H

#include "base/gc_buf.h"
#include "base/gc_diag.h"
#include "tf_json.h"

enum gc_doc_diagram_format {
    GC_DOC_FMT_DOT = 0,
    GC_DOC_FMT_SVG = 1,
    GC_DOC_FMT_PNG = 2,
};

/* From a file name's extension (.dot/.gv, .svg, .png); -1 when unknown. */
int gc_doc_diagram_format_from_path(const char *path);
int gc_doc_diagram_format_from_name(const char *name);

/* Appends the DOT source of the diagram to `out`. Sensitive values are never drawn. */
int gc_doc_diagram_build(struct gc_buf *out, const struct gc_doc_input *in, const struct gc_doc_schema *schema);

/* Runs `dot_program -T<fmt> -o out_path dot_path` (posix_spawnp, no shell). 0 on success; else a diagnostic. */
int gc_doc_diagram_render(const char *dot_program, const char *dot_path, enum gc_doc_diagram_format fmt,
                          const char *out_path, struct gc_diags *diags);

#endif
