#include "framework/gc_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/gc_buf.h"
#include "base/gc_log.h"

#define S_FILE_NAME "gcnet-create-journal.json"
#define S_VERSION 1
#define S_MAX_BYTES (1024 * 1024) /* a bigger file is not ours: unreadable */
#define S_MAX_ENTRIES 256         /* the oldest entries go first beyond this */

struct gc_journal {
    char *path;
    char *lock_path;
    char *tmp_path;
    pthread_mutex_t mutex;
};

char *gc_journal_identity(const char *region, const char *const *parts, size_t n_parts)
{
    struct gc_buf b;
    int rc = 0;
    gc_buf_init(&b, 0);
    rc |= gc_buf_append_str(&b, region ? region : "");
    for (size_t i = 0; i < n_parts; i++)
        rc |= gc_buf_printf(&b, "/%s", parts[i] ? parts[i] : "");
    char *identity = rc == 0 ? gc_buf_release(&b) : NULL;
    gc_buf_clean_up(&b);
    return identity;
}

char *gc_journal_default_path(void)
{
    const char *dir = getenv("TF_DATA_DIR");
    if (!dir || !*dir)
        dir = ".terraform";
    size_t n = strlen(dir) + sizeof "/" S_FILE_NAME;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, S_FILE_NAME);
    return path;
}

static char *s_suffixed(const char *path, const char *suffix)
{
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s", path, suffix);
    return out;
}

struct gc_journal *gc_journal_new(const char *path)
{
    struct gc_journal *j = path ? calloc(1, sizeof(*j)) : NULL;
    if (!j)
        return NULL;
    j->path = gc_strdup(path);
    j->lock_path = s_suffixed(path, ".lock");
    j->tmp_path = s_suffixed(path, ".tmp");
    if (!j->path || !j->lock_path || !j->tmp_path || pthread_mutex_init(&j->mutex, NULL) != 0) {
        free(j->path);
        free(j->lock_path);
        free(j->tmp_path);
        free(j);
        return NULL;
    }
    return j;
}

void gc_journal_free(struct gc_journal *journal)
{
    if (!journal)
        return;
    pthread_mutex_destroy(&journal->mutex);
    free(journal->path);
    free(journal->lock_path);
    free(journal->tmp_path);
    free(journal);
}

const char *gc_journal_path(const struct gc_journal *journal)
{
    return journal ? journal->path : NULL;
}

/* A warning on the create (diags) or, without diags, a log line. */
static void s_warn(struct gc_diags *diags, const struct gc_journal *j, const char *what, const char *why)
{
    GC_WARN("create journal %s: %s: %s", j->path, what, why);
    if (diags)
        gc_diags_warning_at(diags, NULL, "Create journal not used",
                            "gcnet %s its create journal %s (%s) and carries on without it. A create of this apply "
                            "that is killed after its last request is then refused at the next apply as another "
                            "workspace's object (\"import it\").",
                            what, j->path, why);
}

/* Creates the directory of the journal's file when it is missing (Terraform makes it at init; with dev_overrides
 * there may be none). 0, or -1 with errno. */
static int s_make_dir(const struct gc_journal *j)
{
    int rc = 0;
    char *dir = gc_strdup(j->path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (!dir)
        return -1;
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            rc = -1;
    }
    free(dir);
    return rc;
}

/* Locks the journal for this thread and, with flock, against other processes of the same directory. Returns the
 * lock's descriptor, or -1 with errno (nothing held). `create`: make the directory when it is missing. */
static int s_lock(struct gc_journal *j, bool create)
{
    int fd = -1;
    pthread_mutex_lock(&j->mutex);
    if (create && s_make_dir(j) != 0)
        goto fail;
    fd = open(j->lock_path, O_RDWR | O_CLOEXEC | O_CREAT, 0600);
    if (fd < 0)
        goto fail;
    while (flock(fd, LOCK_EX) != 0)
        if (errno != EINTR)
            goto fail;
    return fd;
fail:;
    int saved = errno;
    if (fd >= 0)
        close(fd);
    pthread_mutex_unlock(&j->mutex);
    errno = saved;
    return -1;
}

static void s_unlock(struct gc_journal *j, int fd)
{
    flock(fd, LOCK_UN);
    close(fd);
    pthread_mutex_unlock(&j->mutex);
}

static bool s_entry_valid(const json_t *e)
{
    const json_t *id = json_object_get(e, "id");
    return json_is_object(e) && json_is_string(json_object_get(e, "type")) &&
           json_is_string(json_object_get(e, "identity")) && json_is_string(json_object_get(e, "token")) &&
           (!id || json_is_string(id));
}

/* The entries of the file (a new array; empty when there is no file). NULL when the file cannot be read or is
 * not a journal: *why says why. */
static json_t *s_load(const struct gc_journal *j, const char **why)
{
    json_t *entries = NULL, *doc = NULL;
    char *data = NULL;
    struct stat st;
    int fd = open(j->path, O_RDONLY | O_CLOEXEC);
    *why = NULL;
    if (fd < 0) {
        if (errno == ENOENT)
            entries = json_array();
        else
            *why = strerror(errno);
        goto cleanup;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > S_MAX_BYTES) {
        *why = "not a regular file of at most 1 MiB";
        goto cleanup;
    }
    data = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (data && got < (size_t)st.st_size) {
        ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (!data || got != (size_t)st.st_size) {
        *why = data ? "short read" : "out of memory";
        goto cleanup;
    }
    doc = json_loadb(data, got, JSON_REJECT_DUPLICATES, NULL);
    json_t *list = json_object_get(doc, "entries");
    json_t *version = json_object_get(doc, "version");
    if (!json_is_object(doc) || !json_is_integer(version) || json_integer_value(version) != S_VERSION ||
        !json_is_array(list)) {
        *why = "not a gcnet create journal of version 1";
        goto cleanup;
    }
    for (size_t i = 0; i < json_array_size(list); i++) {
        if (!s_entry_valid(json_array_get(list, i))) {
            *why = "an entry without type, identity or token";
            goto cleanup;
        }
    }
    entries = json_incref(list);
cleanup:
    if (!entries && !*why)
        *why = "out of memory";
    if (fd >= 0)
        close(fd);
    free(data);
    json_decref(doc);
    return entries;
}

static int s_write_all(int fd, const char *data, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes the entries to "<file>.tmp" and renames it over the file: readers see the old or the new journal, never
 * half of one; no entries left: the file goes. 0, or -1 (*why). */
static int s_save(const struct gc_journal *j, json_t *entries, const char **why)
{
    int result = -1;
    char *text = NULL;
    int fd = -1;
    json_t *doc = NULL;
    if (json_array_size(entries) == 0) {
        /* nothing waits: no file, so that every later read and plan of this directory costs one stat() */
        if (unlink(j->path) == 0 || errno == ENOENT)
            return 0;
        *why = strerror(errno);
        return -1;
    }
    doc = json_pack("{s:i,s:O}", "version", S_VERSION, "entries", entries);
    *why = "out of memory";
    if (!doc || !(text = json_dumps(doc, JSON_COMPACT)))
        goto cleanup;
    unlink(j->tmp_path); /* one a killed writer left: made afresh, so that its owner and mode are ours */
    fd = open(j->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || s_write_all(fd, text, strlen(text)) != 0 || s_write_all(fd, "\n", 1) != 0 || fsync(fd) != 0) {
        *why = strerror(errno);
        goto cleanup;
    }
    if (close(fd) != 0) {
        fd = -1;
        *why = strerror(errno);
        goto cleanup;
    }
    fd = -1;
    if (rename(j->tmp_path, j->path) != 0) {
        *why = strerror(errno);
        goto cleanup;
    }
    result = 0;
cleanup:
    if (fd >= 0)
        close(fd);
    if (result != 0)
        unlink(j->tmp_path);
    free(text);
    json_decref(doc);
    return result;
}

static bool s_is(const json_t *e, const char *key, const char *want)
{
    const char *have = json_string_value(json_object_get(e, key));
    return have && want && strcmp(have, want) == 0;
}

/* Index of the entry (type, identity), -1 when none. */
static long s_find(const json_t *entries, const char *type, const char *identity)
{
    for (size_t i = 0; i < json_array_size(entries); i++) {
        const json_t *e = json_array_get(entries, i);
        if (s_is(e, "type", type) && s_is(e, "identity", identity))
            return (long)i;
    }
    return -1;
}

/* The change each writer makes to the loaded entries. 1: changed (save), 0: unchanged, -1: out of memory. */
struct s_change {
    const char *type, *identity, *token, *id;
};
typedef int s_change_fn(json_t *entries, const struct s_change *c);

static int s_change_begin(json_t *entries, const struct s_change *c)
{
    long at = s_find(entries, c->type, c->identity);
    if (at >= 0)
        json_array_remove(entries, (size_t)at);
    while (json_array_size(entries) >= S_MAX_ENTRIES)
        json_array_remove(entries, 0);
    json_t *e = json_pack("{s:s,s:s,s:s,s:I}", "type", c->type, "identity", c->identity, "token", c->token, "started",
                          (json_int_t)time(NULL));
    if (!e || (c->id && json_object_set_new(e, "id", json_string(c->id)) != 0) ||
        json_array_append_new(entries, e) != 0)
        return -1;
    return 1;
}

static int s_change_set_id(json_t *entries, const struct s_change *c)
{
    long at = s_find(entries, c->type, c->identity);
    json_t *e = at >= 0 ? json_array_get(entries, (size_t)at) : NULL;
    if (!e || !s_is(e, "token", c->token))
        return 0; /* replaced by a later create: nothing of ours to complete */
    if (s_is(e, "id", c->id))
        return 0;
    return json_object_set_new(e, "id", json_string(c->id)) == 0 ? 1 : -1;
}

static int s_change_settled(json_t *entries, const struct s_change *c)
{
    int changed = 0;
    for (size_t i = json_array_size(entries); i-- > 0;) {
        const json_t *e = json_array_get(entries, i);
        if (s_is(e, "type", c->type) && s_is(e, "id", c->id)) {
            json_array_remove(entries, i);
            changed = 1;
        }
    }
    return changed;
}

/* Locked read-modify-write. An unreadable file counts as empty (warned) and is replaced. 0, or -1 (warned). */
static int s_update(struct gc_journal *j, s_change_fn *change, const struct s_change *c, bool create,
                    struct gc_diags *diags)
{
    int result = -1;
    const char *why = NULL;
    json_t *entries = NULL;
    int fd = s_lock(j, create);
    if (fd < 0) {
        if (!create && errno == ENOENT)
            return 0; /* no journal was ever written here: nothing to change */
        s_warn(diags, j, "could not lock", strerror(errno));
        return -1;
    }
    entries = s_load(j, &why);
    if (!entries) {
        if (!create) {
            result = 0; /* nothing of ours can be in it; the next create replaces it */
            GC_WARN("create journal %s: unreadable (%s); left for the next create to replace", j->path, why);
            goto cleanup;
        }
        s_warn(diags, j, "replaced an unreadable", why);
        if (!(entries = json_array()))
            goto cleanup;
    }
    int changed = change(entries, c);
    if (changed < 0) {
        s_warn(diags, j, "could not change", "out of memory");
        goto cleanup;
    }
    if (changed > 0 && s_save(j, entries, &why) != 0) {
        s_warn(diags, j, "could not write", why);
        goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(entries);
    s_unlock(j, fd);
    return result;
}

int gc_journal_begin(struct gc_journal *journal, const char *type, const char *identity, const char *token,
                     const char *id, struct gc_diags *diags)
{
    struct s_change c = {type, identity, token, id};
    if (!journal || !type || !identity || !token)
        return journal ? -1 : 0;
    return s_update(journal, s_change_begin, &c, true, diags);
}

int gc_journal_set_id(struct gc_journal *journal, const char *type, const char *identity, const char *token,
                      const char *id, struct gc_diags *diags)
{
    struct s_change c = {type, identity, token, id};
    if (!journal || !type || !identity || !token || !id)
        return journal ? -1 : 0;
    return s_update(journal, s_change_set_id, &c, false, diags);
}

bool gc_journal_holds(struct gc_journal *journal, const char *type, const char *identity, const char *token,
                      struct gc_diags *diags)
{
    bool held = false;
    const char *why = NULL;
    if (!journal || !type || !identity || !token)
        return false;
    int fd = s_lock(journal, false);
    if (fd < 0) {
        if (errno != ENOENT)
            s_warn(diags, journal, "could not lock", strerror(errno));
        return false;
    }
    json_t *entries = s_load(journal, &why);
    if (!entries) {
        s_warn(diags, journal, "could not read", why);
    } else {
        long at = s_find(entries, type, identity);
        held = at >= 0 && s_is(json_array_get(entries, (size_t)at), "token", token);
    }
    json_decref(entries);
    s_unlock(journal, fd);
    return held;
}

void gc_journal_settled(struct gc_journal *journal, const char *type, const char *id)
{
    struct s_change c = {type, NULL, NULL, id};
    struct stat st;
    if (!journal || !type || !id || stat(journal->path, &st) != 0)
        return; /* the common case: no create of this directory is waiting */
    s_update(journal, s_change_settled, &c, false, NULL);
}
