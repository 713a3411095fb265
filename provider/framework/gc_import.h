/* The ends every resource's import (gc_resource_def.import) shares: the ID refused with an example of a good one,
 * the object not found (in Terraform's words), and the state handed back, which holds only the ID (Terraform then
 * reads the rest). The checks between them (the ID's form, what makes the object the resource's own) stay in the
 * resource. */
#ifndef GC_IMPORT_H
#define GC_IMPORT_H

#include "framework/gc_op.h"
#include "framework/gc_schema.h"

/* "Invalid import ID": "Import <what>, e.g. terraform import <example>; got "<id>"." (id may be NULL). */
void gc_import_bad_id(struct gc_op *op, const char *id, const char *what, const char *example);

/* "Cannot import non-existent remote object", with the resource's detail. */
void gc_import_missing(struct gc_op *op, const char *detail_fmt, ...) __attribute__((format(printf, 2, 3)));

/* *state: a new object of `block` with only "id" set. 0, or -1 with a diagnostic and *state NULL. */
int gc_import_state(struct gc_op *op, const struct gc_block_def *block, const char *id, struct gc_value **state);

#endif
