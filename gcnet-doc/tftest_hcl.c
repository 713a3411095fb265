#include "tftest_hcl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"

#define S_MAX_DEPTH 32
#define S_MAX_FILE ((size_t)4 << 20)

struct s_parser {
    const char *p;
    const char *end;
    unsigned line;
    const char *name;
    struct gc_diags *diags;
    const char *error; /* first error, static text */
    unsigned error_line;
};

static int s_fail(struct s_parser *ps, const char *what)
{
    if (!ps->error) {
        ps->error = what;
        ps->error_line = ps->line;
    }
    return -1;
}

static bool s_at(const struct s_parser *ps, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, lit, n) == 0;
}

static void s_advance(struct s_parser *ps, size_t n)
{
    for (size_t i = 0; i < n && ps->p < ps->end; i++, ps->p++)
        if (*ps->p == '\n')
            ps->line++;
}

static bool s_ident_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && ((c >= '0' && c <= '9') || c == '-'));
}

/* Skips a comment at the cursor (the newline ending a line comment stays). 1 if one was skipped, -1 on error. */
static int s_comment(struct s_parser *ps)
{
    if (s_at(ps, "#") || s_at(ps, "//")) {
        while (ps->p < ps->end && *ps->p != '\n')
            ps->p++;
        return 1;
    }
    if (s_at(ps, "/*")) {
        s_advance(ps, 2);
        while (ps->p < ps->end && !s_at(ps, "*/"))
            s_advance(ps, 1);
        if (ps->p >= ps->end)
            return s_fail(ps, "unterminated /* comment");
        s_advance(ps, 2);
        return 1;
    }
    return 0;
}

/* Skips blanks and comments; newlines too when `newlines`. */
static int s_skip(struct s_parser *ps, bool newlines)
{
    while (ps->p < ps->end) {
        char c = *ps->p;
        int rc;
        if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
            s_advance(ps, 1);
            continue;
        }
        rc = s_comment(ps);
        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
    }
    return 0;
}

static int s_template(struct s_parser *ps, int depth);

/* A quoted string at the cursor ('"'), templates included. */
static int s_string(struct s_parser *ps, int depth)
{
    s_advance(ps, 1);
    while (ps->p < ps->end && *ps->p != '"') {
        if (*ps->p == '\n')
            return s_fail(ps, "newline in a quoted string");
        if (*ps->p == '\\') {
            s_advance(ps, 2);
            continue;
        }
        if (s_at(ps, "$${") || s_at(ps, "%%{")) {
            s_advance(ps, 3); /* an escaped template marker */
            continue;
        }
        if (s_at(ps, "${") || s_at(ps, "%{")) {
            if (s_template(ps, depth + 1))
                return -1;
            continue;
        }
        s_advance(ps, 1);
    }
    if (ps->p >= ps->end)
        return s_fail(ps, "unterminated string");
    s_advance(ps, 1);
    return 0;
}

static int s_heredoc(struct s_parser *ps);

/* Reads past brackets, strings, heredocs and comments up to a newline (or a line comment) at bracket depth 0, or
 * the closing brace of the enclosing block or template. */
static int s_expr_scan(struct s_parser *ps, int depth, bool in_template)
{
    char open[S_MAX_DEPTH + 1];
    int nest = 0;

    if (depth > S_MAX_DEPTH)
        return s_fail(ps, "nested too deeply");
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == '"') {
            if (s_string(ps, depth))
                return -1;
            continue;
        }
        if (s_at(ps, "<<") && ps->p + 2 < ps->end && (ps->p[2] == '-' || s_ident_char(ps->p[2], true))) {
            if (s_heredoc(ps))
                return -1;
            continue;
        }
        if ((c == '#' || s_at(ps, "//")) && nest == 0 && !in_template)
            break; /* a line comment ends the expression */
        if (c == '#' || s_at(ps, "//") || s_at(ps, "/*")) {
            if (s_comment(ps) < 0)
                return -1;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            if (nest >= S_MAX_DEPTH)
                return s_fail(ps, "nested too deeply");
            open[nest++] = c == '(' ? ')' : c == '[' ? ']' : '}';
        } else if (c == ')' || c == ']' || c == '}') {
            if (nest == 0)
                break; /* the end of the enclosing block or template */
            if (open[--nest] != c)
                return s_fail(ps, "mismatched bracket");
        } else if (c == '\n' && nest == 0 && !in_template) {
            break;
        }
        s_advance(ps, 1);
    }
    if (nest != 0)
        return s_fail(ps, "unterminated bracket");
    return 0;
}

/* `${ … }` or `%{ … }` inside a string or heredoc. */
static int s_template(struct s_parser *ps, int depth)
{
    s_advance(ps, 2);
    if (s_expr_scan(ps, depth, true))
        return -1;
    if (ps->p >= ps->end || *ps->p != '}')
        return s_fail(ps, "unterminated template");
    s_advance(ps, 1);
    return 0;
}

/* The heredoc's marker at the cursor ("<<EOT" / "<<-EOT"), then its lines up to the closing marker. */
static int s_heredoc_bounds(struct s_parser *ps, const char **body, size_t *body_len)
{
    const char *marker;
    size_t n = 0;

    s_advance(ps, 2);
    if (ps->p < ps->end && *ps->p == '-')
        s_advance(ps, 1);
    marker = ps->p;
    while (ps->p + n < ps->end && s_ident_char(ps->p[n], n == 0))
        n++;
    if (n == 0)
        return s_fail(ps, "heredoc without a marker");
    s_advance(ps, n);
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r'))
        s_advance(ps, 1);
    if (ps->p >= ps->end || *ps->p != '\n')
        return s_fail(ps, "heredoc marker not followed by a newline");
    s_advance(ps, 1);
    *body = ps->p;
    while (ps->p < ps->end) {
        const char *line = ps->p;
        const char *q = line;
        while (q < ps->end && (*q == ' ' || *q == '\t'))
            q++;
        if ((size_t)(ps->end - q) >= n && memcmp(q, marker, n) == 0 &&
            (q + n == ps->end || q[n] == '\n' || q[n] == '\r')) {
            *body_len = (size_t)(line - *body);
            s_advance(ps, (size_t)(q + n - line));
            return 0;
        }
        while (ps->p < ps->end && *ps->p != '\n')
            s_advance(ps, 1);
        s_advance(ps, 1);
    }
    return s_fail(ps, "unterminated heredoc");
}

static int s_heredoc(struct s_parser *ps)
{
    const char *body;
    size_t len;
    return s_heredoc_bounds(ps, &body, &len);
}

static char *s_trimmed(const char *start, const char *end)
{
    while (start < end && (*start == ' ' || *start == '\t' || *start == '\r' || *start == '\n'))
        start++;
    while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        end--;
    return gc_span_dup(gc_span_from(start, (size_t)(end - start)));
}

/* The index just past the '}' closing a template whose body starts at `i` (braces counted, quoted strings inside
 * skipped), or 0 when it does not close before `n`. */
static size_t s_template_end(const char *expr, size_t i, size_t n)
{
    int nest = 0;

    for (; i < n; i++) {
        if (expr[i] == '"') {
            for (i++; i < n && expr[i] != '"'; i++)
                if (expr[i] == '\\')
                    i++;
            continue;
        }
        if (expr[i] == '{')
            nest++;
        if (expr[i] == '}' && nest-- == 0)
            return i + 1;
    }
    return 0;
}

/* The value of a literal: one quoted string (escapes decoded, templates kept) or one heredoc (its lines, the
 * common indentation of `<<-` kept as written). NULL when `expr` is anything else. */
static char *s_literal(const char *expr)
{
    size_t n = strlen(expr);
    struct gc_buf b;
    char *out = NULL;

    gc_buf_init(&b, S_MAX_FILE);
    if (n >= 2 && expr[0] == '"' && expr[n - 1] == '"') {
        for (size_t i = 1; i + 1 < n; i++) {
            char c = expr[i];
            int rc;
            if ((c == '$' || c == '%') && expr[i + 1] == '{') {
                size_t end = s_template_end(expr, i + 2, n - 1);
                if (end == 0 || gc_buf_append(&b, expr + i, end - i))
                    goto cleanup;
                i = end - 1;
                continue;
            }
            if (c == '"')
                goto cleanup; /* two strings joined by an operator: not one literal */
            if (c == '\\' && i + 2 < n) {
                char e = expr[++i];
                if (e == 'u' || e == 'U') /* kept as written */
                    rc = gc_buf_append_byte(&b, '\\') || gc_buf_append_byte(&b, (uint8_t)e);
                else
                    rc = gc_buf_append_byte(&b, (uint8_t)(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e));
            } else {
                rc = gc_buf_append_byte(&b, (uint8_t)c);
            }
            if (rc)
                goto cleanup;
        }
        out = gc_buf_release(&b);
    } else if (n > 2 && expr[0] == '<' && expr[1] == '<') {
        const char *nl = strchr(expr, '\n');
        const char *last = strrchr(expr, '\n');
        if (nl && last && last > nl)
            out = s_trimmed(nl + 1, last);
    }
cleanup:
    gc_buf_clean_up(&b);
    return out;
}

/* An attribute's expression from the cursor (after '='): its trimmed source text. */
static int s_expression(struct s_parser *ps, char **out)
{
    const char *start;

    *out = NULL;
    if (s_skip(ps, false))
        return -1;
    start = ps->p;
    if (s_expr_scan(ps, 0, false))
        return -1;
    *out = s_trimmed(start, ps->p);
    if (!*out)
        return s_fail(ps, "out of memory");
    if (**out == '\0')
        return s_fail(ps, "attribute without a value");
    return 0;
}

static int s_ident(struct s_parser *ps, const char **start, size_t *len)
{
    *start = ps->p;
    *len = 0;
    if (ps->p >= ps->end || !s_ident_char(*ps->p, true))
        return s_fail(ps, "expected an attribute or block name");
    while (ps->p < ps->end && s_ident_char(*ps->p, false))
        ps->p++;
    *len = (size_t)(ps->p - *start);
    return 0;
}

static bool s_is(const char *start, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(start, word, len) == 0;
}

/* What the body being read is: a run, an assert inside a run, or anything else (read past). */
enum s_ctx { S_CTX_TOP, S_CTX_RUN, S_CTX_ASSERT, S_CTX_OTHER };

struct s_target {
    struct gc_doc_tftest_file *file;
    struct gc_doc_tftest_run *run;
    struct gc_doc_tftest_assert *assert;
};

static int s_body(struct s_parser *ps, enum s_ctx ctx, struct s_target *t, int depth);

static int s_new_run(struct s_parser *ps, struct s_target *t, const char *label)
{
    struct gc_doc_tftest_file *f = t->file;
    struct gc_doc_tftest_run *grown = realloc(f->runs, (f->n_runs + 1) * sizeof *grown);
    if (!grown)
        return s_fail(ps, "out of memory");
    f->runs = grown;
    t->run = &f->runs[f->n_runs++];
    memset(t->run, 0, sizeof *t->run);
    t->run->line = ps->line;
    t->run->name = gc_strdup(label);
    return t->run->name ? 0 : s_fail(ps, "out of memory");
}

static int s_new_assert(struct s_parser *ps, struct s_target *t)
{
    struct gc_doc_tftest_run *r = t->run;
    struct gc_doc_tftest_assert *grown = realloc(r->asserts, (r->n_asserts + 1) * sizeof *grown);
    if (!grown)
        return s_fail(ps, "out of memory");
    r->asserts = grown;
    t->assert = &r->asserts[r->n_asserts++];
    memset(t->assert, 0, sizeof *t->assert);
    t->assert->line = ps->line;
    return 0;
}

/* A block after its type name: labels, then '{' body '}'. */
static int s_block(struct s_parser *ps, enum s_ctx ctx, const char *type, size_t type_len, struct s_target *t,
                   int depth)
{
    int result = -1;
    char *label = NULL;
    enum s_ctx inner = S_CTX_OTHER;
    struct s_target saved = *t;

    for (;;) {
        if (s_skip(ps, false))
            goto cleanup;
        if (ps->p < ps->end && *ps->p == '"') {
            const char *start = ps->p;
            char *quoted;
            if (s_string(ps, depth))
                goto cleanup;
            quoted = label ? NULL : gc_span_dup(gc_span_from(start, (size_t)(ps->p - start)));
            if (quoted)
                label = s_literal(quoted);
            free(quoted);
            continue;
        }
        if (ps->p < ps->end && s_ident_char(*ps->p, true)) {
            const char *s;
            size_t n;
            if (s_ident(ps, &s, &n))
                goto cleanup;
            if (!label && !(label = gc_span_dup(gc_span_from(s, n)))) {
                s_fail(ps, "out of memory");
                goto cleanup;
            }
            continue;
        }
        break;
    }
    if (ps->p >= ps->end || *ps->p != '{') {
        s_fail(ps, "expected { after a block's labels");
        goto cleanup;
    }
    s_advance(ps, 1);
    if (ctx == S_CTX_TOP && s_is(type, type_len, "run")) {
        if (!label) {
            s_fail(ps, "run block without a name");
            goto cleanup;
        }
        if (s_new_run(ps, t, label))
            goto cleanup;
        inner = S_CTX_RUN;
    } else if (ctx == S_CTX_RUN && s_is(type, type_len, "assert")) {
        if (s_new_assert(ps, t))
            goto cleanup;
        inner = S_CTX_ASSERT;
    }
    if (s_body(ps, inner, t, depth + 1))
        goto cleanup;
    if (ps->p >= ps->end || *ps->p != '}') {
        s_fail(ps, "unterminated block");
        goto cleanup;
    }
    s_advance(ps, 1);
    result = 0;
cleanup:
    free(label);
    t->assert = saved.assert;
    if (ctx == S_CTX_TOP)
        t->run = saved.run;
    return result;
}

static int s_attribute(struct s_parser *ps, enum s_ctx ctx, const char *name, size_t len, struct s_target *t)
{
    int result = -1;
    unsigned line = ps->line;
    char *expr = NULL;
    char **slot = NULL;

    s_advance(ps, 1); /* '=' */
    if (s_expression(ps, &expr))
        goto cleanup;
    if (ctx == S_CTX_RUN && s_is(name, len, "command"))
        slot = &t->run->command;
    if (ctx == S_CTX_ASSERT && s_is(name, len, "condition")) {
        slot = &t->assert->condition;
        t->assert->line = line;
    }
    if (ctx == S_CTX_ASSERT && s_is(name, len, "error_message")) {
        char *lit = s_literal(expr);
        if (lit) {
            free(expr);
            expr = lit;
        }
        slot = &t->assert->error_message;
    }
    if (slot) {
        free(*slot);
        *slot = expr;
        expr = NULL;
    }
    result = 0;
cleanup:
    free(expr);
    return result;
}

static int s_body(struct s_parser *ps, enum s_ctx ctx, struct s_target *t, int depth)
{
    if (depth > S_MAX_DEPTH)
        return s_fail(ps, "blocks nested too deeply");
    for (;;) {
        const char *name;
        size_t len;
        if (s_skip(ps, true))
            return -1;
        if (ps->p >= ps->end || *ps->p == '}')
            break;
        if (s_ident(ps, &name, &len) || s_skip(ps, false))
            return -1;
        if (ps->p < ps->end && *ps->p == '=' && !s_at(ps, "==")) {
            if (s_attribute(ps, ctx, name, len, t))
                return -1;
        } else if (s_block(ps, ctx, name, len, t, depth)) {
            return -1;
        }
        if (s_skip(ps, false))
            return -1;
        if (ps->p < ps->end && *ps->p != '\n' && *ps->p != '}')
            return s_fail(ps, "expected a newline after an attribute or block");
    }
    if (ctx == S_CTX_TOP && ps->p < ps->end)
        return s_fail(ps, "unexpected }");
    if (ctx != S_CTX_TOP && ps->p >= ps->end)
        return s_fail(ps, "unterminated block");
    return 0;
}

int gc_doc_tftest_parse(struct gc_doc_tftest_file *out, const char *text, size_t len, const char *name,
                        struct gc_diags *diags)
{
    int result = -1;
    struct s_parser ps = {.p = text, .end = text + len, .line = 1, .name = name, .diags = diags};
    struct s_target t = {.file = out};

    memset(out, 0, sizeof *out);
    if (s_body(&ps, S_CTX_TOP, &t, 0))
        goto cleanup;
    for (size_t i = 0; i < out->n_runs; i++) {
        struct gc_doc_tftest_run *r = &out->runs[i];
        if (!r->command && !(r->command = gc_strdup("apply"))) {
            s_fail(&ps, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0; j < r->n_asserts; j++)
            if (!r->asserts[j].condition || !r->asserts[j].error_message) {
                ps.line = r->asserts[j].line;
                s_fail(&ps, "assert block without condition or error_message");
                goto cleanup;
            }
    }
    result = 0;
cleanup:
    if (result != 0) {
        gc_diags_error_at(diags, NULL, "Cannot read the test file", "%s: line %u: %s", name, ps.error_line,
                          ps.error ? ps.error : "malformed");
        gc_doc_tftest_clean_up(out);
    }
    return result;
}

int gc_doc_tftest_load(struct gc_doc_tftest_file *out, const char *path, struct gc_diags *diags)
{
    int result = -1;
    struct gc_buf text;
    char chunk[4096];
    size_t n;
    FILE *f = fopen(path, "rb");

    memset(out, 0, sizeof *out);
    gc_buf_init(&text, S_MAX_FILE);
    if (!f) {
        gc_diags_error_at(diags, NULL, "Cannot open the test file", "%s: %s", path, strerror(errno));
        goto cleanup;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (gc_buf_append(&text, chunk, n)) {
            gc_diags_error_at(diags, NULL, "Test file too large", "%s", path);
            goto cleanup;
        }
    if (ferror(f)) {
        gc_diags_error_at(diags, NULL, "Cannot read the test file", "%s", path);
        goto cleanup;
    }
    result = gc_doc_tftest_parse(out, (const char *)text.ptr, text.len, path, diags);
cleanup:
    if (f)
        fclose(f);
    gc_buf_clean_up(&text);
    return result;
}

void gc_doc_tftest_clean_up(struct gc_doc_tftest_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_runs; i++) {
        struct gc_doc_tftest_run *r = &f->runs[i];
        for (size_t j = 0; j < r->n_asserts; j++) {
            free(r->asserts[j].condition);
            free(r->asserts[j].error_message);
        }
        free(r->asserts);
        free(r->name);
        free(r->command);
    }
    free(f->runs);
    memset(f, 0, sizeof *f);
}
