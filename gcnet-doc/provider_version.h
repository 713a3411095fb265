/* Which gcnet provider version a document was made with, never "unknown": the version Terraform selected in the
 * dependency lock file, else the plan's version constraint, else the version of this gcnet-doc (provider and
 * gcnet-doc come from one source tree and release; with dev_overrides the lock file has no gcnet entry). */
#ifndef GC_DOC_PROVIDER_VERSION_H
#define GC_DOC_PROVIDER_VERSION_H

#include <stddef.h>

#include "base/gc_buf.h"

/* The `version` of the provider block whose address ends in "/gcnet" in the text of a .terraform.lock.hcl, copied
 * to `out`. 0 when found, -1 when not (or malformed). */
int gc_doc_provider_version_from_lock(struct gc_buf *out, const char *text, size_t len);

/* The text for the cover: `lock_version` (from the lock file) or `constraint` (the plan's) when given, else
 * `builtin` marked as the same release as gcnet-doc. */
int gc_doc_provider_version_text(struct gc_buf *out, const char *lock_version, const char *constraint,
                                 const char *builtin);

#endif
