/* gcnet-doc against hostile input that is still valid JSON. Starting from the fixtures of a real run
 * (tests/doc/fixtures/gcnet: plans, states and `terraform test -json` streams), every value in the document in
 * turn is deleted or replaced by null, a number, a string, an empty array or an empty object; each variant goes
 * through the reader and, when the reader accepts it, through every writer (parameter sheet, DOT diagram, test
 * report). Every run must end with success, or with an error diagnostic; ASan/UBSan/LSan catch the rest
 * (suite doc-unit, which the sanitizer run includes).
 *
 * Run: test_gcnet_doc_hostile <fixture dir>
 * By default about 100 values of each fixture are mutated, spread evenly over the document (every workbook written
 * costs a few milliseconds); GCNET_DOC_HOSTILE_STRIDE=1 mutates every value (about 21,000 variants, 2 minutes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "change_set.h"
#include "changes_xlsx.h"
#include "diagram.h"
#include "embedded.h"
#include "gc_test.h"
#include "params_xlsx.h"
#include "settings.h"
#include "tests_xlsx.h"
#include "test_items.h"
#include "tf_json.h"
#include "tftest_hcl.h"

enum kind { K_DELETE, K_NULL, K_NUMBER, K_STRING, K_ARRAY, K_OBJECT, K_COUNT };
static const char *const s_kind_names[K_COUNT] = {"delete", "null", "number", "string", "empty array",
                                                  "empty object"};

static const char *s_dir;
static char s_out[256]; /* a scratch output file */
static struct gc_doc_settings s_settings; /* the default document settings */
static json_t *s_sheets;                  /* the built-in per-AWS-object sheet table */
static unsigned s_variant;                /* alternates the object sheets and the generic sheets */

struct tally {
    int runs, accepted, rejected, bad;
};

/* Counts one run: success, a rejection with an error diagnostic, or bad (`bad_why`, or no diagnostic). */
static void s_tally_add(struct tally *t, int rc, const struct gc_diags *diags, const char *bad_why, const char *what)
{
    t->runs++;
    if (!bad_why && rc == 0)
        t->accepted++;
    else if (!bad_why && gc_diags_has_error(diags))
        t->rejected++;
    else if (++t->bad <= 10)
        printf("# BAD (%s): %s\n", bad_why ? bad_why : "failed without a diagnostic", what);
}

/* Prints one fixture's counts and adds them to `all`. */
static void s_tally_close(const char *name, const struct tally *t, struct tally *all)
{
    printf("# %s: %d variants, %d accepted, %d rejected with a diagnostic, %d bad\n", name, t->runs, t->accepted,
           t->rejected, t->bad);
    all->runs += t->runs;
    all->accepted += t->accepted;
    all->rejected += t->rejected;
    all->bad += t->bad;
}

static json_t *s_replacement(enum kind k)
{
    switch (k) {
    case K_NULL:
        return json_null();
    case K_NUMBER:
        return json_integer(-1);
    case K_STRING:
        return json_string("x");
    case K_ARRAY:
        return json_array();
    case K_OBJECT:
        return json_object();
    default:
        return NULL;
    }
}

/* Applies mutation `k` to the `target`-th value below `v` (depth first, document order); *seen counts the values
 * passed. Returns true once applied. */
static bool s_mutate_nth(json_t *v, size_t *seen, size_t target, enum kind k)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        void *tmp;
        json_object_foreach_safe(v, tmp, key, child)
        {
            if ((*seen)++ == target) {
                if (k == K_DELETE)
                    json_object_del(v, key);
                else
                    json_object_set_new(v, key, s_replacement(k));
                return true;
            }
            if (s_mutate_nth(child, seen, target, k))
                return true;
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            if ((*seen)++ == target) {
                if (k == K_DELETE)
                    json_array_remove(v, i);
                else
                    json_array_set_new(v, i, s_replacement(k));
                return true;
            }
            if (s_mutate_nth(json_array_get(v, i), seen, target, k))
                return true;
        }
    }
    return false;
}

static size_t s_count_values(const json_t *v)
{
    size_t n = 0;
    if (json_is_object(v)) {
        const char *key;
        const json_t *child;
        json_object_foreach((json_t *)v, key, child) n += 1 + s_count_values(child);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            n += 1 + s_count_values(json_array_get(v, i));
    }
    return n;
}

static char *s_read_file(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", s_dir, name);
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)n + 1)) != NULL) {
            *len = fread(text, 1, (size_t)n, f);
            text[*len] = '\0';
        }
    }
    fclose(f);
    return text;
}

/* One variant of a plan or state: read, then the parameter sheet and the diagram. */
static void s_check_input(struct tally *t, const char *text, const struct gc_doc_schema *schema, const char *what)
{
    struct gc_doc_input in = {0};
    struct gc_diags diags;
    struct gc_buf dot = {0};
    gc_diags_init(&diags);
    gc_buf_init(&dot, 64u << 20);
    int rc = gc_doc_input_load_text(&in, text, strlen(text), &diags);
    bool diagram_failed = false;
    if (rc == 0) {
        struct gc_doc_params_opts opts = {.date = "2026-12-01",
                                          .source_name = "hostile.json",
                                          .settings = &s_settings,
                                          .sheets = s_variant++ % 2 == 0 ? s_sheets : NULL};
        rc = gc_doc_params_write(s_out, &in, schema, &opts, &diags);
        /* building the DOT source fails only when memory runs out: on an accepted input it must work */
        diagram_failed = gc_doc_diagram_build(&dot, &in, schema, NULL) != 0;
        /* the change record and the drift report of a plan */
        for (int src = 0; rc == 0 && in.kind == GC_DOC_KIND_PLAN && src < 2; src++) {
            struct gc_doc_chgset set;
            struct gc_doc_changes_opts copts = {.date = "2026-12-01", .source_name = "hostile.json",
                                                .settings = &s_settings};
            if (gc_doc_chgset_build(&set, &in, (enum gc_doc_chgset_source)src, schema, s_sheets) != 0) {
                diagram_failed = true; /* as for the diagram: only memory can make it fail */
                break;
            }
            rc = gc_doc_changes_write(s_out, &set, &in, &copts, &diags);
            gc_doc_chgset_clean_up(&set);
        }
    }
    s_tally_add(t, rc, &diags, diagram_failed ? "no diagram or change set for an accepted input" : NULL, what);
    gc_buf_clean_up(&dot);
    gc_doc_input_clean_up(&in);
    gc_diags_clean_up(&diags);
}

/* One variant of a test stream: read, then the test report. */
static void s_check_stream(struct tally *t, const char *text, const char *what)
{
    struct gc_doc_test_report rep;
    struct gc_diags diags;
    gc_diags_init(&diags);
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    int rc = f ? gc_doc_test_report_read(&rep, f, &diags) : -1;
    if (f)
        fclose(f);
    if (f && rc == 0)
    {
        struct gc_doc_tests_opts opts = {.date = "2026-12-01", .source = "hostile.json", .settings = &s_settings};
        rc = gc_doc_tests_write(s_out, &rep, &opts, &diags);
    }
    s_tally_add(t, rc, &diags, NULL, what);
    if (f)
        gc_doc_test_report_clean_up(&rep);
    gc_diags_clean_up(&diags);
}

/* Mutate every stride-th of the `n` values. */
static size_t s_stride(size_t n)
{
    const char *s = getenv("GCNET_DOC_HOSTILE_STRIDE");
    size_t stride = s ? strtoul(s, NULL, 10) : (n + 99) / 100;
    return stride ? stride : 1;
}

GC_TEST(plans_and_states)
{
    /* plan_connection.json is left out for time: state_services.json has the same five types, plan_services.json a
     * plan of them */
    static const char *const files[] = {"plan_create.json", "plan_update.json",   "state.json",
                                        "state_update.json", "plan_drift.json",   "plan_repair.json",
                                        "plan_services.json", "state_services.json"};
    struct gc_doc_schema schema = {0};
    struct gc_diags diags;
    char schema_path[512];
    struct tally all = {0};
    gc_diags_init(&diags);
    snprintf(schema_path, sizeof schema_path, "%s/schema.json", s_dir);
    ASSERT_INT_EQ(gc_doc_schema_load(&schema, schema_path, &diags), 0);
    for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        size_t len = 0;
        char *text = s_read_file(files[fi], &len);
        json_t *root = text ? json_loadb(text, len, 0, NULL) : NULL;
        struct tally t = {0};
        ASSERT_TRUE(root != NULL);
        s_check_input(&t, text, &schema, files[fi]); /* the fixture itself is accepted */
        ASSERT_INT_EQ(t.accepted, 1);
        size_t n = s_count_values(root);
        for (size_t target = 0; target < n; target += s_stride(n))
            for (int k = 0; k < K_COUNT; k++) {
                json_t *copy = json_deep_copy(root);
                size_t seen = 0;
                char what[160];
                if (!copy || !s_mutate_nth(copy, &seen, target, (enum kind)k)) {
                    json_decref(copy);
                    continue;
                }
                char *variant = json_dumps(copy, JSON_COMPACT);
                snprintf(what, sizeof what, "%s, value %zu, %s", files[fi], target, s_kind_names[k]);
                if (variant)
                    s_check_input(&t, variant, &schema, what);
                free(variant);
                json_decref(copy);
            }
        s_tally_close(files[fi], &t, &all);
        json_decref(root);
        free(text);
    }
    gc_doc_schema_clean_up(&schema);
    gc_diags_clean_up(&diags);
    ASSERT_INT_EQ(all.bad, 0);
    ASSERT_TRUE(all.runs > 1500);
    ASSERT_TRUE(all.rejected > 0); /* the variants do bite */
}

static void s_stream_append(struct gc_buf *stream, const json_t *msg)
{
    char *one = json_dumps(msg, JSON_COMPACT | JSON_ENCODE_ANY);
    if (one)
        gc_buf_printf(stream, "%s\n", one);
    free(one);
}

/* A `terraform test -json` stream is one JSON message per line: the values of all lines are counted as one
 * sequence, the mutated line is written back in place. Then the order: each line dropped, doubled, or moved to
 * the front (a diagnostic before its run has started, a run completing twice, ...). */
GC_TEST(test_streams)
{
    static const char *const files[] = {"test.json", "test_failing.json"};
    struct tally all = {0};
    for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        size_t len = 0;
        char *text = s_read_file(files[fi], &len);
        json_t *lines = json_array();
        struct tally t = {0};
        ASSERT_TRUE(text != NULL && lines != NULL);
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            json_t *msg = json_loads(line, 0, NULL);
            if (msg)
                json_array_append_new(lines, msg);
        }
        ASSERT_TRUE(json_array_size(lines) > 3);
        size_t n = s_count_values(lines);
        for (size_t target = json_array_size(lines); target < n; target += s_stride(n))
            for (int k = 0; k < K_COUNT; k++) {
                json_t *copy = json_deep_copy(lines);
                size_t seen = 0;
                struct gc_buf stream = {0};
                char what[160];
                gc_buf_init(&stream, 64u << 20);
                if (copy && s_mutate_nth(copy, &seen, target, (enum kind)k)) {
                    for (size_t i = 0; i < json_array_size(copy); i++)
                        s_stream_append(&stream, json_array_get(copy, i));
                    snprintf(what, sizeof what, "%s, value %zu, %s", files[fi], target, s_kind_names[k]);
                    s_check_stream(&t, gc_buf_cstr(&stream), what);
                }
                gc_buf_clean_up(&stream);
                json_decref(copy);
            }
        static const char *const moves[] = {"dropped", "doubled", "moved to the front"};
        for (size_t i = 0; i < json_array_size(lines); i++)
            for (int m = 0; m < 3; m++) {
                struct gc_buf stream = {0};
                char what[160];
                gc_buf_init(&stream, 64u << 20);
                if (m == 2)
                    s_stream_append(&stream, json_array_get(lines, i));
                for (size_t j = 0; j < json_array_size(lines); j++) {
                    if (j != i || m == 1)
                        s_stream_append(&stream, json_array_get(lines, j));
                    if (j == i && m == 1)
                        s_stream_append(&stream, json_array_get(lines, j));
                }
                snprintf(what, sizeof what, "%s, line %zu %s", files[fi], i + 1, moves[m]);
                s_check_stream(&t, gc_buf_cstr(&stream), what);
                gc_buf_clean_up(&stream);
            }
        s_tally_close(files[fi], &t, &all);
        json_decref(lines);
        free(text);
    }
    ASSERT_INT_EQ(all.bad, 0);
    ASSERT_TRUE(all.runs > 400);
    ASSERT_TRUE(all.rejected > 0);
}

/* The .tftest.hcl files the failing stream ran (fixtures/gcnet/tests): each cut short, each with one byte deleted,
 * and each with one of the characters HCL gives meaning to inserted, at about 100 places spread over the file.
 * The reader must accept or reject every variant with a diagnostic; an accepted one goes on into the test items
 * (with the real stream), and every 10th into the report. */
GC_TEST(test_files)
{
    static const char *const names[] = {"tests/hub.tftest.hcl", "tests/zz_failing.tftest.hcl"};
    static const char inserts[] = "\"{}[]()#<$\n\\";
    struct gc_doc_test_report rep;
    struct gc_diags diags;
    struct tally all = {0};
    size_t len = 0;
    char *stream = s_read_file("test_failing.json", &len);
    char *texts[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    struct gc_doc_tftest_file files[2];

    gc_diags_init(&diags);
    ASSERT_TRUE(stream != NULL);
    FILE *f = fmemopen(stream, len, "r");
    ASSERT_TRUE(f != NULL);
    ASSERT_INT_EQ(gc_doc_test_report_read(&rep, f, &diags), 0);
    fclose(f);
    ASSERT_INT_EQ(rep.n_files, 2);
    for (int i = 0; i < 2; i++) {
        texts[i] = s_read_file(names[i], &lens[i]);
        ASSERT_TRUE(texts[i] != NULL);
        ASSERT_INT_EQ(gc_doc_tftest_parse(&files[i], texts[i], lens[i], names[i], &diags), 0);
    }
    for (int fi = 0; fi < 2; fi++) {
        struct tally t = {0};
        size_t n = lens[fi];
        char *variant = malloc(n + 2);
        ASSERT_TRUE(variant != NULL);
        for (size_t at = 0; at < n; at += s_stride(n)) {
            for (size_t k = 0; k < 2 + sizeof inserts - 1; k++) {
                size_t vlen;
                char what[160];
                if (k == 0) { /* cut short */
                    vlen = at;
                    memcpy(variant, texts[fi], at);
                    snprintf(what, sizeof what, "%s cut at byte %zu", names[fi], at);
                } else if (k == 1) { /* one byte deleted */
                    vlen = n - 1;
                    memcpy(variant, texts[fi], at);
                    memcpy(variant + at, texts[fi] + at + 1, n - at - 1);
                    snprintf(what, sizeof what, "%s byte %zu deleted", names[fi], at);
                } else { /* one character inserted */
                    vlen = n + 1;
                    memcpy(variant, texts[fi], at);
                    variant[at] = inserts[k - 2];
                    memcpy(variant + at + 1, texts[fi] + at, n - at);
                    snprintf(what, sizeof what, "%s '%c' inserted at byte %zu", names[fi], inserts[k - 2], at);
                }
                struct gc_doc_tftest_file parsed;
                struct gc_diags d;
                gc_diags_init(&d);
                int rc = gc_doc_tftest_parse(&parsed, variant, vlen, names[fi], &d);
                bool items_failed = false;
                if (rc == 0) {
                    struct gc_doc_tftest_file both[2] = {files[0], files[1]};
                    struct gc_doc_testitems items;
                    both[fi] = parsed;
                    items_failed = gc_doc_testitems_build(&items, &rep, both) != 0;
                    /* the workbook costs milliseconds: every 10th accepted variant goes that far */
                    if (!items_failed && t.accepted % 10 == 0) {
                        struct gc_doc_tests_opts opts = {
                            .date = "2026-12-01", .source = "hostile.json", .settings = &s_settings, .items = &items};
                        rc = gc_doc_tests_write(s_out, &rep, &opts, &d);
                    }
                    if (!items_failed)
                        gc_doc_testitems_clean_up(&items);
                    gc_doc_tftest_clean_up(&parsed);
                }
                s_tally_add(&t, rc, &d, items_failed ? "no test items for an accepted file" : NULL, what);
                gc_diags_clean_up(&d);
            }
        }
        free(variant);
        s_tally_close(names[fi], &t, &all);
    }
    for (int i = 0; i < 2; i++) {
        gc_doc_tftest_clean_up(&files[i]);
        free(texts[i]);
    }
    gc_doc_test_report_clean_up(&rep);
    gc_diags_clean_up(&diags);
    free(stream);
    ASSERT_INT_EQ(all.bad, 0);
    ASSERT_TRUE(all.runs > 1000);
    ASSERT_TRUE(all.rejected > 0 && all.accepted > 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("Bail out! usage: test_gcnet_doc_hostile <fixture dir>\n");
        return 1;
    }
    s_dir = argv[1];
    s_sheets = json_loadb(gc_doc_embedded_sheets, gc_doc_embedded_sheets_len, 0, NULL);
    if (!s_sheets || gc_doc_settings_init_default(&s_settings) != 0) {
        printf("Bail out! out of memory\n");
        return 1;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(s_out, sizeof s_out, "%s/gcnet-doc-hostile-%ld.out", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    static const struct gc_test_case cases[] = {GC_CASE(plans_and_states), GC_CASE(test_streams),
                                                GC_CASE(test_files)};
    int rc = gc_test_main(cases, sizeof cases / sizeof cases[0]);
    unlink(s_out);
    gc_doc_settings_clean_up(&s_settings);
    json_decref(s_sheets);
    return rc;
}
