/* A table from a resource's attributes to the fields of an AWS document, for objects simple enough to need no
 * code of their own. Documents are jansson objects keyed by the AWS model's member names (as gc_aws_op_call
 * answers and takes them); a path is dotted ("ResolverEndpoint.Direction").
 *
 *     static const struct gc_attrmap_entry s_map[] = {
 *         {"id", "ResolverEndpoint.Id", GC_ATTRMAP_STRING, GC_ATTRMAP_OUT_ONLY},
 *         {"name", "ResolverEndpoint.Name", GC_ATTRMAP_STRING, 0},
 *     };
 *
 * Depends on jansson and gc_value only. */
#ifndef GC_ATTRMAP_H
#define GC_ATTRMAP_H

#include <stddef.h>

#include <jansson.h>

#include "base/gc_diag.h"
#include "value/gc_value.h"

enum gc_attrmap_kind {
    GC_ATTRMAP_STRING = 1,  /* string */
    GC_ATTRMAP_INT,         /* number (an integer; an integral string is accepted from a document) */
    GC_ATTRMAP_BOOL,        /* bool (the strings "true"/"false" are accepted from a document) */
    GC_ATTRMAP_STRING_LIST, /* list or set of string <-> array of strings */
    GC_ATTRMAP_STRING_MAP,  /* map of string <-> object of strings */
    GC_ATTRMAP_TAG_LIST,    /* map of string <-> array of {"Key": k, "Value": v} (AWS tag lists) */
};

enum gc_attrmap_flags {
    GC_ATTRMAP_OUT_ONLY = 1u << 0, /* read from answers only (computed), never sent */
    GC_ATTRMAP_IN_ONLY = 1u << 1,  /* sent only (AWS does not answer it): state keeps its value */
};

struct gc_attrmap_entry {
    const char *attr; /* attribute of the resource's object value */
    const char *path; /* dotted member path in the document */
    enum gc_attrmap_kind kind;
    unsigned flags;
};

/* Writes the document's fields into `state` (an object value of the resource's type): a missing or JSON null
 * field sets the attribute null; a field of the wrong type sets it null and adds an error naming the attribute,
 * the path and what was found. Every entry is processed. 0, or -1 when any error was added. */
int gc_attrmap_to_state(struct gc_value *state, const json_t *doc, const struct gc_attrmap_entry *map, size_t n,
                        struct gc_diags *diags);

/* Builds an input document from the known, non-null attributes of `planned` (null and unknown ones are left
 * out). *out is an owned object (json_decref). 0, or -1 with an error (*out NULL). */
int gc_attrmap_to_input(json_t **out, const struct gc_value *planned, const struct gc_attrmap_entry *map, size_t n,
                        struct gc_diags *diags);

#endif
