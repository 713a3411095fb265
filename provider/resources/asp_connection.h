/* gcnet_asp_connection's methods share the resource's schema, validation and bookkeeping tags
 * (resource_asp_connection.c); each method's steps live in their own file. Internal to provider/resources. */
#ifndef GC_ASP_CONNECTION_H
#define GC_ASP_CONNECTION_H

#include "aws/gc_tags.h"
#include "framework/gc_op.h"
#include "value/gc_value.h"

#define GC_ASP_TAG_NAME "gcnet:asp-connection"

/* set(number), for ports */
extern const struct gc_type gc_asp_type_set_number;

/* The connection's bookkeeping tags for `planned` on the hub `tgw_id` (name, vendor, networks, systems). */
int gc_asp_wanted_tags(struct gc_tags *out, const struct gc_value *planned, const char *tgw_id);
/* Sets name, vendor, cidrs (when recorded) and business_systems of `s` from the tags. */
int gc_asp_fill_from_tags(struct gc_value *s, const struct gc_tags *tags);
/* The tags of `all` that are gcnet's (gcnet:asp-* and the TGW marker). */
int gc_asp_our_tags(struct gc_tags *out, const struct gc_tags *all);

/* ---- method "privatelink" (asp_privatelink.c) ---- */

int gc_asp_pl_create(struct gc_op *op, const struct gc_value *planned, struct gc_value **state);
int gc_asp_pl_update(struct gc_op *op, const struct gc_value *prior, const struct gc_value *planned,
                     struct gc_value **state);
/* *state NULL when the endpoint is gone. */
int gc_asp_pl_read(struct gc_op *op, const struct gc_value *prior, struct gc_value **state);
int gc_asp_pl_delete(struct gc_op *op, const struct gc_value *prior);
/* The state of endpoint `id` (method, hub_id, id) when it is a gcnet connection's; the read fills the rest. */
int gc_asp_pl_import(struct gc_op *op, const char *id, const struct gc_type *type, struct gc_value **state);

#endif
