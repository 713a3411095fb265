/* The nine municipalities of the joint procurement (the same nine as provider/resources/gc_catalog.h), keyed by the
 * `municipality` attribute of the gcnet resources. */
#ifndef GC_DOC_CATALOG_H
#define GC_DOC_CATALOG_H

#include <stdbool.h>

struct gc_doc_municipality {
    const char *key;        /* naruto */
    const char *name_ja;    /* 鳴門市 */
    const char *name_en;    /* Naruto City */
    const char *code;       /* 362026: six-digit local-government code with check digit */
    const char *connection; /* "LGCS" or "private_line" */
    const char *connection_ja;
    bool route53;
    bool private_ca;
    bool privatelink;
};

/* NULL when the key is not one of the nine. */
const struct gc_doc_municipality *gc_doc_catalog_find(const char *key);
/* Number of entries and indexed access, in the council's order. */
unsigned gc_doc_catalog_count(void);
const struct gc_doc_municipality *gc_doc_catalog_at(unsigned i);
/* Japanese name of one of the 20 standard business systems (resident_records → 住民記録), or NULL. */
const char *gc_doc_catalog_system_ja(const char *key);
/* Japanese description of an ASP connection method (transit_gateway, privatelink, peering), or NULL. */
const char *gc_doc_catalog_method_ja(const char *method);

/* True when the six-digit code's last digit matches the check digit rule. */
bool gc_doc_catalog_code_valid(const char *code);

#endif
