/* The IP address plan sheet (IPアドレス計画) and one routing sheet per Transit Gateway route table (経路 …), from the
 * hubs (gcnet_municipality_hub) of a plan or state: the subnets are the two halves of vpc_cidr, and the routes follow
 * the hub's wiring (the operations VPC attachment associated with ops and propagated into every other domain). */
#ifndef GC_DOC_NETWORK_SHEETS_H
#define GC_DOC_NETWORK_SHEETS_H

#include <xlsxwriter.h>

#include "base/gc_diag.h"
#include "tf_json.h"

/* Writes nothing when the input has no hub. */
int gc_doc_network_sheets_write(lxw_workbook *wb, const struct gc_doc_input *in, const struct gc_doc_schema *schema,
                                const char *footer, struct gc_diags *diags);

#endif
