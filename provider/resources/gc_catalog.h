/* The joint procurement's nine municipalities (from the contract): keys, names, local-government codes,
 * connection to the Government Cloud, options ordered, and the 20 standard business systems. */
#ifndef GC_CATALOG_H
#define GC_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

enum gc_connection {
    GC_CONN_LGCS = 1,         /* LGWAN Government Cloud connection service */
    GC_CONN_PRIVATE_LINE = 2, /* private access line */
};

enum gc_system_placement {
    GC_SYS_NONE = 0, /* not built (the prefecture handles it) */
    GC_SYS_AWS,      /* built on AWS */
    GC_SYS_OUTSIDE,  /* built outside AWS (own data centre) */
};

#define GC_CATALOG_SYSTEMS 20

struct gc_business_system {
    const char *key;
    const char *name_ja;
    const char *name_en;
};

struct gc_municipality {
    int council_no;
    const char *key;
    const char *name_ja;
    const char *name_en;
    const char *code; /* six digits, with check digit */
    enum gc_connection connection;
    const char *planned;
    bool dns;
    bool private_ca;
    bool privatelink;
    enum gc_system_placement systems[GC_CATALOG_SYSTEMS];
};

extern const struct gc_business_system gc_catalog_systems[GC_CATALOG_SYSTEMS];
extern const struct gc_municipality gc_catalog[];
extern const size_t gc_catalog_count;

const struct gc_municipality *gc_catalog_find(const char *key);
const char *gc_connection_key(enum gc_connection c);     /* "lgcs" / "private_line" */
const char *gc_connection_name_ja(enum gc_connection c); /* 「LGWAN ガバメントクラウド接続サービス」 ... */
/* The check digit rule of the local-government code: true when `code` is 6 digits with a valid check digit. */
bool gc_catalog_code_valid(const char *code);
/* "naruto, komatsushima, ..." for messages (static string). */
const char *gc_catalog_keys_text(void);

#endif
