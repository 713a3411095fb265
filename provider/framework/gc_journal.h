/* The local create journal: how a create tells "my own create whose answer never reached Terraform's state" from
 * "another workspace's finished object".
 *
 * A create that may leave a finished object behind (killed after its last request, before Terraform saved the
 * state) records, before its first create request, an entry {resource type, planned identity, create token} in a
 * file of the working directory's Terraform data directory. The token is also in the object's tags from its create
 * call. A later create that finds a finished object with the same identity takes it over only when the journal
 * holds the object's token; another workspace (another directory or machine) has no such entry and is refused as
 * before. The entry goes once the object is known to be in the state: a read, plan or delete whose prior state
 * holds its id (gc_journal_settled). Entries hold no secret: type, identity (region and names or ids), the random
 * token and the object id.
 *
 * File: $TF_DATA_DIR (relative to the provider's working directory, which is Terraform's after -chdir) or
 * .terraform, then "gcnet-create-journal.json". Every change is a read-modify-write under a process mutex and an
 * flock on "<file>.lock", written to "<file>.tmp" and renamed over the file (a kill never leaves half a file). A
 * file that cannot be read or parsed counts as an empty journal, with a warning; it never fails a call.
 *
 * A NULL journal is valid everywhere: nothing is recorded, nothing is held. */
#ifndef GC_JOURNAL_H
#define GC_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/gc_diag.h"

struct gc_journal;

/* A create's identity: the region, then the names the object is made by, joined by "/" ("ap-northeast-1/city/hub");
 * a NULL region or part counts as "". malloc'd; NULL on allocation failure. */
char *gc_journal_identity(const char *region, const char *const *parts, size_t n_parts);
/* Where the working directory's journal lives (malloc'd; NULL on allocation failure). */
char *gc_journal_default_path(void);
/* A journal on the file `path` (no I/O yet); NULL on allocation failure. */
struct gc_journal *gc_journal_new(const char *path);
void gc_journal_free(struct gc_journal *journal);
const char *gc_journal_path(const struct gc_journal *journal);

/* Before a create's first request: this directory creates `type` `identity`, whose object carries `token`;
 * replaces any entry of the same type and identity. `id` (may be NULL) is the object's id when known. 0, or -1
 * with a warning in `diags` (the create goes on without the journal). */
int gc_journal_begin(struct gc_journal *journal, const char *type, const char *identity, const char *token,
                     const char *id, struct gc_diags *diags);
/* The object of the entry (type, identity, token) now has the id `id`. 0, or -1 with a warning. */
int gc_journal_set_id(struct gc_journal *journal, const char *type, const char *identity, const char *token,
                      const char *id, struct gc_diags *diags);
/* Whether this directory's journal has an entry (type, identity) with `token`: the object carrying it is this
 * directory's own create whose answer never reached the state. An unreadable journal holds nothing (a warning). */
bool gc_journal_holds(struct gc_journal *journal, const char *type, const char *identity, const char *token,
                      struct gc_diags *diags);
/* The object `id` of `type` is in Terraform's state (or deleted): its entries go. Cheap when there is no file;
 * failures are only logged. */
void gc_journal_settled(struct gc_journal *journal, const char *type, const char *id);

#endif
