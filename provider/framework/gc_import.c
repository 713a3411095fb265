#include "framework/gc_import.h"

#include <stdarg.h>

#include "base/gc_buf.h"

void gc_import_bad_id(struct gc_op *op, const char *id, const char *what, const char *example)
{
    gc_diags_error_at(op->diags, NULL, "Invalid import ID", "Import %s, e.g. terraform import %s; got \"%s\".", what,
                      example, id ? id : "");
}

void gc_import_missing(struct gc_op *op, const char *detail_fmt, ...)
{
    struct gc_buf detail;
    va_list ap;
    gc_buf_init(&detail, 4096);
    va_start(ap, detail_fmt);
    int rc = gc_buf_vprintf(&detail, detail_fmt, ap);
    va_end(ap);
    gc_diags_error_at(op->diags, NULL, "Cannot import non-existent remote object", "%s",
                      rc == 0 ? gc_buf_cstr(&detail) : GC_DIAG_OOM_DETAIL);
    gc_buf_clean_up(&detail);
}

int gc_import_state(struct gc_op *op, const struct gc_block_def *block, const char *id, struct gc_value **state)
{
    *state = gc_value_new_object(block->type);
    if (*state && gc_value_set_string(*state, "id", id) == 0)
        return 0;
    gc_value_free(*state);
    *state = NULL;
    gc_diags_error_at(op->diags, NULL, GC_DIAG_OOM_SUMMARY, "Could not make the imported state of %s.", id);
    return -1;
}
