/* Never a half-written output: write to a temporary file in the same directory as the target, then rename it
 * over the target at the end. On failure the temporary file is removed and the target is left untouched. */
#ifndef GC_DOC_ATOMIC_FILE_H
#define GC_DOC_ATOMIC_FILE_H

struct gc_doc_atomic {
    char *final_path; /* owned */
    char *tmp_path;   /* owned; exists on disk between begin and commit/abort */
};

/* Creates an empty, uniquely named temporary file beside `final_path`. 0 on success, -1 (errno set). */
int gc_doc_atomic_begin(struct gc_doc_atomic *af, const char *final_path);
/* Makes the temporary file durable and renames it over the target. The object is cleaned up either way. */
int gc_doc_atomic_commit(struct gc_doc_atomic *af);
/* Removes the temporary file (if any) and frees the object; safe on a zeroed object. */
void gc_doc_atomic_abort(struct gc_doc_atomic *af);

#endif
