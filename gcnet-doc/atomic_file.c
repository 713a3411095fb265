#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/gc_buf.h"

static void s_free_paths(struct gc_doc_atomic *af)
{
    free(af->final_path);
    free(af->tmp_path);
    af->final_path = NULL;
    af->tmp_path = NULL;
}

int gc_doc_atomic_begin(struct gc_doc_atomic *af, const char *final_path)
{
    int result = -1;
    struct gc_buf tmp;
    const char *slash = strrchr(final_path, '/');
    const char *base = slash ? slash + 1 : final_path;
    int fd = -1;

    gc_buf_init(&tmp, 1 << 16);
    af->final_path = NULL;
    af->tmp_path = NULL;
    if (!*base) {
        errno = EISDIR;
        goto cleanup;
    }
    if (slash && gc_buf_append(&tmp, final_path, (size_t)(slash - final_path) + 1))
        goto cleanup;
    if (gc_buf_printf(&tmp, ".%s.tmp-XXXXXX", base))
        goto cleanup;
    af->final_path = gc_strdup(final_path);
    af->tmp_path = gc_buf_release(&tmp);
    if (!af->final_path || !af->tmp_path)
        goto cleanup;
    fd = mkstemp(af->tmp_path);
    if (fd < 0) {
        free(af->tmp_path);
        af->tmp_path = NULL;
        goto cleanup;
    }
    /* mkstemp creates 0600; documents are ordinary files, so follow the umask like any other output. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    result = 0;
cleanup:
    if (fd >= 0)
        close(fd);
    gc_buf_clean_up(&tmp);
    if (result != 0)
        s_free_paths(af);
    return result;
}

int gc_doc_atomic_commit(struct gc_doc_atomic *af)
{
    int result = -1;
    int fd = -1;

    if (!af->tmp_path || !af->final_path) {
        errno = EINVAL;
        goto cleanup;
    }
    fd = open(af->tmp_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0)
        goto cleanup;
    if (rename(af->tmp_path, af->final_path) != 0)
        goto cleanup;
    free(af->tmp_path);
    af->tmp_path = NULL;
    result = 0;
cleanup:
    if (fd >= 0)
        close(fd);
    gc_doc_atomic_abort(af);
    return result;
}

void gc_doc_atomic_abort(struct gc_doc_atomic *af)
{
    if (!af)
        return;
    if (af->tmp_path) {
        int saved = errno;
        (void)unlink(af->tmp_path);
        errno = saved;
    }
    s_free_paths(af);
}
