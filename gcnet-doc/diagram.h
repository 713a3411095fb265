/* `gcnet-doc diagram`: the configuration diagram as Graphviz DOT, rendered to SVG/PNG with the `dot` program. */
#ifndef GC_DOC_DIAGRAM_H
#define GC_DOC_DIAGRAM_H

#include <jansson.h>

#include "base/gc_buf.h"
#include "base/gc_diag.h"
#include "settings.h"
#include "tf_json.h"

enum gc_doc_diagram_format {
    GC_DOC_FMT_DOT = 0,
    GC_DOC_FMT_SVG = 1,
    GC_DOC_FMT_PNG = 2,
};

/* From a file name's extension (.dot/.gv, .svg, .png); -1 when unknown. */
int gc_doc_diagram_format_from_path(const char *path);
int gc_doc_diagram_format_from_name(const char *name);

/* The title block's source: the document settings (案件名, 文書番号, 版数, 作成者) and the date. */
struct gc_doc_diagram_opts {
    const struct gc_doc_settings *settings; /* may be NULL: empty fields */
    const char *date;                       /* may be NULL */
    const json_t *sheets;                   /* the sheet table: gcnet's fixed settings drawn on the objects (may
                                               be NULL: none drawn) */
};

/* Appends the DOT source of the diagram to `out`: boundaries (AWS account, region, VPC, availability zones), subnet
 * ranges, the Transit Gateway and one route table per routing domain, the VPC attachment associated with ops and
 * propagated into the others, the RAM share of the Transit Gateway and its ASP accounts, resolver endpoints with
 * their addresses and the forwarding to the premises, the private CA and its share; the premises line only when a
 * gcnet_onprem_link exists; planned objects dashed; a legend and a title block. Sensitive values are never drawn. */
int gc_doc_diagram_build(struct gc_buf *out, const struct gc_doc_input *in, const struct gc_doc_schema *schema,
                         const struct gc_doc_diagram_opts *opts);

/* Runs `dot_program -T<fmt> -o out_path dot_path` (posix_spawnp, no shell). 0 on success; else a diagnostic. */
int gc_doc_diagram_render(const char *dot_program, const char *dot_path, enum gc_doc_diagram_format fmt,
                          const char *out_path, struct gc_diags *diags);

#endif
