/* Typed views of AWS documents: a table says which document path fills which field of a hand-written C struct,
 * and one walker fills, and one frees, every struct so described.
 *
 *     static const struct gc_bind_field s_tgw_fields[] = {
 *         GC_BIND_STR(struct gc_ec2_tgw, id, "TransitGatewayId"),
 *         GC_BIND_I64(struct gc_ec2_tgw, amazon_side_asn, "Options.AmazonSideAsn"),
 *         GC_BIND_TAGS(struct gc_ec2_tgw, tags, "Tags"),
 *     };
 *     static const struct gc_bind_type s_tgw = GC_BIND_TYPE(struct gc_ec2_tgw, s_tgw_fields);
 *
 * Documents are what gc_aws_op_call answers (gc_aws_op.h): jansson values keyed by the model's member names, so
 * the paths are the same for every protocol. A missing member leaves its field zero (NULL, 0, false, empty). */
#ifndef GC_AWS_BIND_H
#define GC_AWS_BIND_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

enum gc_bind_kind {
    GC_BIND_KIND_STR = 0, /* char *: a string, or an integer or boolean written as text */
    GC_BIND_KIND_I64,     /* int64_t: an integer, or integral text */
    GC_BIND_KIND_BOOL,    /* bool: true, or the text "true" */
    GC_BIND_KIND_STRV,    /* char ** + size_t count: a list of strings */
    GC_BIND_KIND_TAGS,    /* struct gc_tags: a list of {Key, Value} (or RAM's {key, value}) */
};

struct gc_bind_field {
    const char *path; /* dotted document path */
    enum gc_bind_kind kind;
    size_t offset;       /* of the field in the struct */
    size_t count_offset; /* GC_BIND_KIND_STRV: of its size_t count */
};

#define GC_BIND_STR(type, field, path)                                                                                 \
    {                                                                                                                  \
        (path), GC_BIND_KIND_STR, offsetof(type, field), 0                                                             \
    }
#define GC_BIND_I64(type, field, path)                                                                                 \
    {                                                                                                                  \
        (path), GC_BIND_KIND_I64, offsetof(type, field), 0                                                             \
    }
#define GC_BIND_BOOL(type, field, path)                                                                                \
    {                                                                                                                  \
        (path), GC_BIND_KIND_BOOL, offsetof(type, field), 0                                                            \
    }
#define GC_BIND_STRV(type, field, count, path)                                                                         \
    {                                                                                                                  \
        (path), GC_BIND_KIND_STRV, offsetof(type, field), offsetof(type, count)                                        \
    }
#define GC_BIND_TAGS(type, field, path)                                                                                \
    {                                                                                                                  \
        (path), GC_BIND_KIND_TAGS, offsetof(type, field), 0                                                            \
    }

/* A struct type described field by field. Every owned member of the struct must be in the table: clean-up
 * frees exactly what the table names and then zeroes the whole struct. */
struct gc_bind_type {
    size_t size;
    const struct gc_bind_field *fields;
    size_t n_fields;
};

#define GC_BIND_TYPE(type, fields)                                                                                     \
    {                                                                                                                  \
        sizeof(type), (fields), sizeof(fields) / sizeof((fields)[0])                                                   \
    }

/* Frees what the table names in `obj` and zeroes it. Accepts NULL and zeroed structs. */
void gc_bind_clean_up(const struct gc_bind_type *type, void *obj);
/* Cleans `obj` up, then fills it from `doc`. Returns 0, or -1 on allocation failure or a value of a kind that
 * cannot be read as the field's (then `obj` is cleaned up again). */
int gc_bind_fill(const struct gc_bind_type *type, void *obj, const json_t *doc);
/* Frees an array of `n` such structs (each cleaned up) and the array itself. */
void gc_bind_array_free(const struct gc_bind_type *type, void *items, size_t n);
/* Fills a new array from the objects of the document array `list` (NULL or empty: *items NULL, *n 0).
 * 0, or -1 (nothing kept). */
int gc_bind_array_fill(const struct gc_bind_type *type, const json_t *list, void **items, size_t *n);

/* Declares the list `struct <prefix>_list { struct <prefix> *items; size_t n; }` of a bound struct and the two
 * clean-up functions GC_BIND_CLEAN_UP_FNS defines, <prefix>_clean_up and <prefix>_list_clean_up.
 *
 *     GC_BIND_LIST_DECLS(gc_ec2_vpc)
 */
#define GC_BIND_LIST_DECLS(prefix)                                                                                     \
    struct prefix##_list {                                                                                             \
        struct prefix *items;                                                                                          \
        size_t n;                                                                                                      \
    };                                                                                                                 \
    void prefix##_clean_up(struct prefix *obj);                                                                        \
    void prefix##_list_clean_up(struct prefix##_list *list);

/* Defines the two clean-up functions of a bound struct `struct <prefix>` and of its list
 * `struct <prefix>_list { struct <prefix> *items; size_t n; }`: <prefix>_clean_up and <prefix>_list_clean_up,
 * both accepting NULL and zeroed structs.
 *
 *     GC_BIND_CLEAN_UP_FNS(gc_ec2_vpc, &s_vpc_type)
 */
#define GC_BIND_CLEAN_UP_FNS(prefix, bind_type)                                                                        \
    void prefix##_clean_up(struct prefix *obj)                                                                         \
    {                                                                                                                  \
        gc_bind_clean_up((bind_type), obj);                                                                            \
    }                                                                                                                  \
    void prefix##_list_clean_up(struct prefix##_list *list)                                                            \
    {                                                                                                                  \
        if (!list)                                                                                                     \
            return;                                                                                                    \
        gc_bind_array_free((bind_type), list->items, list->n);                                                         \
        list->items = NULL;                                                                                            \
        list->n = 0;                                                                                                   \
    }

#endif
