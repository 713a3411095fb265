#include "settings.h"

#include <stdlib.h>
#include <string.h>

static const struct gc_doc_approval s_default_approvals[] = {{"作成", "", ""}, {"確認", "", ""}, {"承認", "", ""}};

static void s_defaults(struct gc_doc_settings *s)
{
    memset(s, 0, sizeof *s);
    s->project = "";
    s->document_number = "";
    s->version = "";
    s->author = "";
    s->organisation = "";
    s->tester = "";
    s->reviewer = "";
    s->environment = "";
}

int gc_doc_settings_init_default(struct gc_doc_settings *s)
{
    int result = -1;
    size_t n = sizeof s_default_approvals / sizeof s_default_approvals[0];

    s_defaults(s);
    s->approvals = calloc(n, sizeof *s->approvals);
    if (!s->approvals)
        goto cleanup;
    memcpy(s->approvals, s_default_approvals, sizeof s_default_approvals);
    s->n_approvals = n;
    result = 0;
cleanup:
    return result;
}

/* `*out` = the string at `key` of `obj`; absent or null keeps `*out`; another type is an error. */
static int s_string(const json_t *obj, const char *key, const char **out, const char *where, const char *name,
                    struct gc_diags *diags)
{
    const json_t *v = json_object_get(obj, key);

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        gc_diags_error_at(diags, NULL, "Bad settings file", "%s: %s%s must be a string", name, where, key);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

static int s_array(const json_t *root, const char *key, const json_t **out, const char *name, struct gc_diags *diags)
{
    const json_t *v = json_object_get(root, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v)) {
        gc_diags_error_at(diags, NULL, "Bad settings file", "%s: %s must be an array of objects", name, key);
        return -1;
    }
    for (size_t i = 0; i < json_array_size(v); i++) {
        if (!json_is_object(json_array_get(v, i))) {
            gc_diags_error_at(diags, NULL, "Bad settings file", "%s: %s[%zu] must be an object", name, key, i);
            return -1;
        }
    }
    *out = v;
    return 0;
}

static int s_read_approvals(struct gc_doc_settings *s, const json_t *list, const char *name, struct gc_diags *diags)
{
    size_t n = json_array_size(list);

    free(s->approvals);
    s->approvals = calloc(n ? n : 1, sizeof *s->approvals);
    s->n_approvals = 0;
    if (!s->approvals) {
        gc_diags_error_at(diags, NULL, "Out of memory", NULL);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *a = json_array_get(list, i);
        struct gc_doc_approval *ap = &s->approvals[i];
        *ap = (struct gc_doc_approval){"", "", ""};
        if (s_string(a, "role", &ap->role, "approvals[].", name, diags) ||
            s_string(a, "name", &ap->name, "approvals[].", name, diags) ||
            s_string(a, "date", &ap->date, "approvals[].", name, diags))
            return -1;
        s->n_approvals++;
    }
    return 0;
}

static int s_read_revisions(struct gc_doc_settings *s, const json_t *list, const char *name, struct gc_diags *diags)
{
    size_t n = json_array_size(list);

    s->revisions = calloc(n ? n : 1, sizeof *s->revisions);
    if (!s->revisions) {
        gc_diags_error_at(diags, NULL, "Out of memory", NULL);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(list, i);
        struct gc_doc_revision *rv = &s->revisions[i];
        *rv = (struct gc_doc_revision){"", "", "", ""};
        if (s_string(r, "version", &rv->version, "revisions[].", name, diags) ||
            s_string(r, "date", &rv->date, "revisions[].", name, diags) ||
            s_string(r, "author", &rv->author, "revisions[].", name, diags) ||
            s_string(r, "description", &rv->description, "revisions[].", name, diags))
            return -1;
        s->n_revisions++;
    }
    return 0;
}

static int s_take(struct gc_doc_settings *s, json_t *root, const char *name, const json_error_t *jerr,
                  struct gc_diags *diags)
{
    int result = -1;
    const json_t *approvals = NULL, *revisions = NULL;
    const json_t *tests;

    if (gc_doc_settings_init_default(s) != 0) {
        gc_diags_error_at(diags, NULL, "Out of memory", NULL);
        json_decref(root);
        return -1;
    }
    s->root = root;
    if (!root) {
        gc_diags_error_at(diags, NULL, "Cannot read the settings file", "%s: line %d: %s", name, jerr->line,
                          jerr->text);
        goto cleanup;
    }
    if (!json_is_object(root)) {
        gc_diags_error_at(diags, NULL, "Bad settings file", "%s: the top level must be an object", name);
        goto cleanup;
    }
    tests = json_object_get(root, "tests");
    if (tests && !json_is_null(tests) && !json_is_object(tests)) {
        gc_diags_error_at(diags, NULL, "Bad settings file", "%s: tests must be an object", name);
        goto cleanup;
    }
    if (s_string(root, "project", &s->project, "", name, diags) ||
        s_string(root, "document_number", &s->document_number, "", name, diags) ||
        s_string(root, "version", &s->version, "", name, diags) ||
        s_string(root, "author", &s->author, "", name, diags) ||
        s_string(root, "organisation", &s->organisation, "", name, diags) ||
        s_string(tests, "tester", &s->tester, "tests.", name, diags) ||
        s_string(tests, "reviewer", &s->reviewer, "tests.", name, diags) ||
        s_string(tests, "environment", &s->environment, "tests.", name, diags))
        goto cleanup;
    if (s_array(root, "approvals", &approvals, name, diags) || s_array(root, "revisions", &revisions, name, diags))
        goto cleanup;
    if (approvals && s_read_approvals(s, approvals, name, diags))
        goto cleanup;
    if (s_read_revisions(s, revisions, name, diags))
        goto cleanup;
    result = 0;
cleanup:
    if (result != 0)
        gc_doc_settings_clean_up(s);
    return result;
}

int gc_doc_settings_load(struct gc_doc_settings *s, const char *path, struct gc_diags *diags)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);

    return s_take(s, root, path, &jerr, diags);
}

int gc_doc_settings_load_text(struct gc_doc_settings *s, const char *text, size_t len, const char *name,
                              struct gc_diags *diags)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);

    return s_take(s, root, name, &jerr, diags);
}

void gc_doc_settings_clean_up(struct gc_doc_settings *s)
{
    if (!s)
        return;
    free(s->approvals);
    free(s->revisions);
    json_decref(s->root);
    s_defaults(s);
}
