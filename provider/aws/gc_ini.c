/* The AWS shared config and credentials files (gc_ini.h): parsing, merging several files, reading a file with
 * its size capped, and looking values up. Values are wiped when they are freed: any of them may be a secret. */
#include "aws/gc_ini.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/gc_log.h"
#include "base/gc_grow.h"
#include "base/gc_secret.h"

void gc_aws_ini_init(struct gc_aws_ini *ini)
{
    ini->profiles = NULL;
    ini->n = 0;
    ini->cap = 0;
}

void gc_aws_ini_clean_up(struct gc_aws_ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->n; i++) {
        struct gc_aws_ini_profile *p = &ini->profiles[i];
        for (size_t j = 0; j < p->n; j++) {
            free(p->entries[j].key);
            gc_secret_free(p->entries[j].value);
        }
        free(p->entries);
        free(p->name);
    }
    free(ini->profiles);
    gc_aws_ini_init(ini);
}

static struct gc_aws_ini_profile *s_ini_find(const struct gc_aws_ini *ini, const char *name)
{
    for (size_t i = 0; i < ini->n; i++) {
        if (strcmp(ini->profiles[i].name, name) == 0)
            return &ini->profiles[i];
    }
    return NULL;
}

/* Finds or appends the profile `name` (a span). NULL on allocation failure. */
static struct gc_aws_ini_profile *s_ini_profile(struct gc_aws_ini *ini, struct gc_span name)
{
    struct gc_aws_ini_profile *result = NULL;
    char *copy = gc_span_dup(name);
    if (!copy)
        goto cleanup;
    result = s_ini_find(ini, copy);
    if (result)
        goto cleanup;
    struct gc_aws_ini_profile *profiles = gc_grow(ini->profiles, ini->n, &ini->cap, sizeof *profiles, 4);
    if (!profiles)
        goto cleanup;
    ini->profiles = profiles;
    result = &ini->profiles[ini->n++];
    memset(result, 0, sizeof(*result));
    result->name = copy;
    copy = NULL;
cleanup:
    free(copy);
    return result;
}

/* Sets key (lower-cased) = value in `p`, replacing an earlier value. */
static int s_ini_set(struct gc_aws_ini_profile *p, struct gc_span key, struct gc_span value)
{
    int result = -1;
    char *k = gc_span_dup(key);
    char *v = gc_span_dup(value);
    if (!k || !v)
        goto cleanup;
    for (char *c = k; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->entries[i].key, k) == 0) {
            gc_secret_free(p->entries[i].value);
            p->entries[i].value = v;
            v = NULL;
            result = 0;
            goto cleanup;
        }
    }
    struct gc_aws_ini_entry *entries = gc_grow(p->entries, p->n, &p->cap, sizeof *entries, 8);
    if (!entries)
        goto cleanup;
    p->entries = entries;
    p->entries[p->n].key = k;
    p->entries[p->n].value = v;
    p->n++;
    k = NULL;
    v = NULL;
    result = 0;
cleanup:
    free(k);
    gc_secret_free(v);
    return result;
}

static bool s_is_blank(uint8_t c)
{
    return c == ' ' || c == '\t';
}

static struct gc_span s_trim(struct gc_span s)
{
    while (s.len && s_is_blank(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (s_is_blank(s.ptr[s.len - 1]) || s.ptr[s.len - 1] == '\r'))
        s.len--;
    return s;
}

/* Cuts an inline comment: `#` or `;` preceded by whitespace. */
static struct gc_span s_strip_inline_comment(struct gc_span s)
{
    for (size_t i = 1; i < s.len; i++) {
        if ((s.ptr[i] == '#' || s.ptr[i] == ';') && s_is_blank(s.ptr[i - 1]))
            return s_trim(gc_span_from(s.ptr, i));
    }
    return s;
}

static bool s_has_blank(struct gc_span s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (s_is_blank(s.ptr[i]))
            return true;
    }
    return false;
}

/* Maps a section header's inner text to a profile name. *is_profile is false for sections that are not
 * profiles (ignored). Returns NULL (with *why) when the header is malformed. */
static const char *s_section_profile(struct gc_span inner, enum gc_aws_ini_kind kind, struct gc_span *name,
                                     bool *is_profile)
{
    *is_profile = false;
    inner = s_trim(inner);
    if (inner.len == 0)
        return "empty section name";
    if (kind == GC_AWS_INI_CREDENTIALS) {
        *name = inner;
        *is_profile = true;
        return NULL;
    }
    if (gc_span_eq_cstr(inner, "default")) {
        *name = inner;
        *is_profile = true;
        return NULL;
    }
    if (gc_span_starts_with(inner, "profile") && (inner.len == 7 || s_is_blank(inner.ptr[7]))) {
        struct gc_span rest = s_trim(gc_span_from(inner.ptr + 7, inner.len - 7));
        if (rest.len == 0)
            return "`[profile]` needs a profile name";
        if (s_has_blank(rest))
            return "a profile name cannot contain spaces";
        *name = rest;
        *is_profile = true;
        return NULL;
    }
    if (gc_span_starts_with(inner, "sso-session") && inner.len > 11 && s_is_blank(inner.ptr[11])) {
        /* kept under its header text, "sso-session <name>": no profile name contains a space */
        if (s_trim(gc_span_from(inner.ptr + 11, inner.len - 11)).len == 0)
            return "`[sso-session]` needs a session name";
        *name = inner;
        *is_profile = true;
        return NULL;
    }
    /* [services x], or a bare [name] (not a profile in the config file): parsed, ignored */
    return NULL;
}

int gc_aws_ini_parse(struct gc_aws_ini *ini, enum gc_aws_ini_kind kind, const char *file_name, struct gc_span text,
                     const char *diag_path, struct gc_diags *diags)
{
    int result = -1;
    struct gc_aws_ini tmp = {0};
    struct gc_aws_ini_profile *current = NULL;
    bool in_section = false;
    bool have_key = false;
    const char *why = NULL;
    size_t line_no = 0;
    size_t pos = 0;

    if (memchr(text.ptr, '\0', text.len)) {
        why = "the file contains a NUL byte (is it a text file?)";
        goto cleanup;
    }
    /* parse into a scratch copy so that a malformed file leaves `ini` as it was */
    while (pos < text.len) {
        const uint8_t *nl = memchr(text.ptr + pos, '\n', text.len - pos);
        size_t end = nl ? (size_t)(nl - text.ptr) : text.len;
        struct gc_span raw = gc_span_from(text.ptr + pos, end - pos);
        struct gc_span line = s_trim(raw);
        bool indented = raw.len > 0 && s_is_blank(raw.ptr[0]);
        pos = end + 1;
        line_no++;
        if (line_no == 1 && line.len >= 3 && memcmp(line.ptr, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 BOM */
            line = s_trim(gc_span_from(line.ptr + 3, line.len - 3));

        if (line.len == 0 || line.ptr[0] == '#' || line.ptr[0] == ';')
            continue;
        if (indented && have_key)
            continue; /* continuation or nested setting */
        if (line.ptr[0] == '[') {
            const uint8_t *close = memchr(line.ptr, ']', line.len);
            if (!close) {
                why = "section header is missing its closing `]`";
                goto cleanup;
            }
            struct gc_span after = s_trim(gc_span_from(close + 1, line.len - (size_t)(close + 1 - line.ptr)));
            if (after.len && after.ptr[0] != '#' && after.ptr[0] != ';') {
                why = "unexpected text after the section header";
                goto cleanup;
            }
            struct gc_span inner = gc_span_from(line.ptr + 1, (size_t)(close - line.ptr - 1));
            struct gc_span name = {0};
            bool is_profile = false;
            why = s_section_profile(inner, kind, &name, &is_profile);
            if (why)
                goto cleanup;
            current = NULL;
            if (is_profile) {
                current = s_ini_profile(&tmp, name);
                if (!current) {
                    why = "out of memory";
                    goto cleanup;
                }
            }
            in_section = true;
            have_key = false;
            continue;
        }
        const uint8_t *eq = memchr(line.ptr, '=', line.len);
        if (!eq) {
            why = "expected `[section]` or `key = value`";
            goto cleanup;
        }
        if (!in_section) {
            why = "setting found before any `[section]` header";
            goto cleanup;
        }
        struct gc_span key = s_trim(gc_span_from(line.ptr, (size_t)(eq - line.ptr)));
        struct gc_span value = gc_span_from(eq + 1, line.len - (size_t)(eq + 1 - line.ptr));
        value = s_strip_inline_comment(s_trim(value));
        if (key.len == 0) {
            why = "missing key name before `=`";
            goto cleanup;
        }
        have_key = true;
        if (current && s_ini_set(current, key, value) != 0) {
            why = "out of memory";
            goto cleanup;
        }
    }

    /* merge the scratch profiles into `ini`; later files override earlier keys */
    for (size_t i = 0; i < tmp.n; i++) {
        struct gc_aws_ini_profile *dst = s_ini_profile(ini, gc_span_from_cstr(tmp.profiles[i].name));
        if (!dst) {
            why = "out of memory";
            goto cleanup;
        }
        for (size_t j = 0; j < tmp.profiles[i].n; j++) {
            struct gc_aws_ini_entry *e = &tmp.profiles[i].entries[j];
            if (s_ini_set(dst, gc_span_from_cstr(e->key), gc_span_from_cstr(e->value)) != 0) {
                why = "out of memory";
                goto cleanup;
            }
        }
    }
    result = 0;
cleanup:
    if (result != 0) {
        const char *what = kind == GC_AWS_INI_CONFIG ? "shared config" : "shared credentials";
        if (line_no > 0)
            gc_diags_error_at(diags, diag_path,
                              kind == GC_AWS_INI_CONFIG ? "Invalid AWS shared config file"
                                                        : "Invalid AWS shared credentials file",
                              "%s, line %zu: %s. Fix the %s file (the line's text is not shown as it may hold "
                              "a secret).",
                              file_name, line_no, why ? why : "invalid line", what);
        else
            gc_diags_error_at(diags, diag_path,
                              kind == GC_AWS_INI_CONFIG ? "Invalid AWS shared config file"
                                                        : "Invalid AWS shared credentials file",
                              "%s: %s.", file_name, why ? why : "invalid file");
    }
    gc_aws_ini_clean_up(&tmp);
    return result;
}

int gc_aws_ini_load(struct gc_aws_ini *ini, enum gc_aws_ini_kind kind, const char *file_name, const char *diag_path,
                    struct gc_diags *diags)
{
    int result = -1;
    int fd = -1;
    struct gc_buf data;
    struct stat st;
    const char *summary =
        kind == GC_AWS_INI_CONFIG ? "Cannot read AWS shared config file" : "Cannot read AWS shared credentials file";

    gc_buf_init(&data, GC_AWS_INI_MAX_BYTES + 1);
    fd = open(file_name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            result = GC_AWS_INI_MISSING;
            goto cleanup;
        }
        gc_diags_error_at(diags, diag_path, summary, "%s: %s.", file_name, strerror(errno));
        goto cleanup;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        gc_diags_error_at(diags, diag_path, summary, "%s is not a regular file.", file_name);
        goto cleanup;
    }
    if ((uintmax_t)st.st_size > GC_AWS_INI_MAX_BYTES) {
        gc_diags_error_at(diags, diag_path, summary, "%s is larger than %zu bytes.", file_name,
                          (size_t)GC_AWS_INI_MAX_BYTES);
        goto cleanup;
    }
    for (;;) {
        uint8_t chunk[4096];
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            gc_diags_error_at(diags, diag_path, summary, "%s: %s.", file_name, strerror(errno));
            gc_secret_wipe(chunk, sizeof(chunk));
            goto cleanup;
        }
        if (n == 0)
            break;
        int rc = gc_buf_append(&data, chunk, (size_t)n);
        gc_secret_wipe(chunk, (size_t)n);
        if (rc != 0 || data.len > GC_AWS_INI_MAX_BYTES) {
            gc_diags_error_at(diags, diag_path, summary, "%s is larger than %zu bytes.", file_name,
                              (size_t)GC_AWS_INI_MAX_BYTES);
            goto cleanup;
        }
    }
    if (gc_aws_ini_parse(ini, kind, file_name, gc_buf_span(&data), diag_path, diags) != 0)
        goto cleanup;
    GC_DEBUG("aws: read %s file %s", kind == GC_AWS_INI_CONFIG ? "shared config" : "shared credentials", file_name);
    result = 0;
cleanup:
    if (fd >= 0)
        close(fd);
    gc_buf_clean_up_secure(&data);
    return result;
}

bool gc_aws_ini_has_profile(const struct gc_aws_ini *ini, const char *profile)
{
    return ini && profile && s_ini_find(ini, profile) != NULL;
}

const char *gc_aws_ini_get(const struct gc_aws_ini *ini, const char *profile, const char *key)
{
    if (!ini || !profile || !key)
        return NULL;
    const struct gc_aws_ini_profile *p = s_ini_find(ini, profile);
    if (!p)
        return NULL;
    for (size_t i = 0; i < p->n; i++) {
        if (strcasecmp(p->entries[i].key, key) == 0)
            return p->entries[i].value;
    }
    return NULL;
}
