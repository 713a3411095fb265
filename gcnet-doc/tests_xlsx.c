#include "tests_xlsx.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/gc_buf.h"
#include "cover_xlsx.h"
#include "xlsx_util.h"

#define S_MAX_LINE ((size_t)64 << 20)

static double s_timestamp(const json_t *msg)
{
    const char *ts = json_string_value(json_object_get(msg, "@timestamp"));
    struct tm tm = {0};
    char *end;
    double frac = 0.0;

    if (!ts)
        return -1.0;
    end = strptime(ts, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end)
        return -1.0;
    if (*end == '.')
        frac = strtod(end, &end);
    /* Terraform prints UTC ("Z"); other offsets only shift both ends of a duration equally. */
    return (double)timegm(&tm) + frac;
}

static struct gc_doc_test_file *s_file(struct gc_doc_test_report *rep, const char *path)
{
    struct gc_doc_test_file *grown;

    for (size_t i = 0; i < rep->n_files; i++)
        if (strcmp(rep->files[i].path, path) == 0)
            return &rep->files[i];
    grown = realloc(rep->files, (rep->n_files + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    rep->files = grown;
    memset(&grown[rep->n_files], 0, sizeof *grown);
    grown[rep->n_files].path = gc_strdup(path);
    grown[rep->n_files].seconds = -1.0;
    if (!grown[rep->n_files].path)
        return NULL;
    return &rep->files[rep->n_files++];
}

static struct gc_doc_test_run *s_run(struct gc_doc_test_report *rep, const char *path, const char *run)
{
    struct gc_doc_test_run *grown;

    for (size_t i = 0; i < rep->n_runs; i++)
        if (strcmp(rep->runs[i].file, path) == 0 && strcmp(rep->runs[i].run, run) == 0)
            return &rep->runs[i];
    if (!s_file(rep, path))
        return NULL;
    grown = realloc(rep->runs, (rep->n_runs + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    rep->runs = grown;
    memset(&grown[rep->n_runs], 0, sizeof *grown);
    grown[rep->n_runs].file = gc_strdup(path);
    grown[rep->n_runs].run = gc_strdup(run);
    grown[rep->n_runs].seconds = -1.0;
    if (!grown[rep->n_runs].file || !grown[rep->n_runs].run) {
        free(grown[rep->n_runs].file);
        free(grown[rep->n_runs].run);
        return NULL;
    }
    return &rep->runs[rep->n_runs++];
}

static int s_replace(char **slot, const char *value)
{
    char *copy = gc_strdup(value);
    if (value && !copy)
        return -1;
    free(*slot);
    *slot = copy;
    return 0;
}

static int s_append_line(char **slot, const char *text)
{
    int result = -1;
    struct gc_buf b;

    gc_buf_init(&b, S_MAX_LINE);
    if (*slot && (gc_buf_append_str(&b, *slot) || gc_buf_append_byte(&b, '\n')))
        goto cleanup;
    if (gc_buf_append_str(&b, text))
        goto cleanup;
    free(*slot);
    *slot = gc_buf_release(&b);
    result = *slot ? 0 : -1;
cleanup:
    gc_buf_clean_up(&b);
    return result;
}

/* Start times of runs and files, parallel to rep->runs / rep->files (0: not started). Runs and files are added
 * by several message types, so each array is grown to the report's count before use (s_starts_fit). */
struct s_starts {
    double *runs;
    size_t n_runs;
    double *files;
    size_t n_files;
};

/* Grows *times (holding *n entries) to `want` entries, the new ones 0. */
static int s_starts_fit(double **times, size_t *n, size_t want)
{
    if (*n >= want)
        return 0;
    double *grown = realloc(*times, want * sizeof *grown);
    if (!grown)
        return -1;
    for (size_t i = *n; i < want; i++)
        grown[i] = 0.0;
    *times = grown;
    *n = want;
    return 0;
}

/* A diagnostic belongs to a run (failed assertions), to a file, or to the whole test command. */
static int s_handle_diagnostic(struct gc_doc_test_report *rep, const json_t *msg)
{
    int result = -1;
    const json_t *d = json_object_get(msg, "diagnostic");
    const char *file = json_string_value(json_object_get(msg, "@testfile"));
    const char *run = json_string_value(json_object_get(msg, "@testrun"));
    const char *summary = json_string_value(json_object_get(d, "summary"));
    const char *detail = json_string_value(json_object_get(d, "detail"));
    const char *sev = json_string_value(json_object_get(d, "severity"));
    const char *code = json_string_value(json_object_get(json_object_get(d, "snippet"), "code"));
    struct gc_buf b;

    gc_buf_init(&b, S_MAX_LINE);
    if (gc_buf_printf(&b, "[%s] %s", sev && strcmp(sev, "warning") == 0 ? "警告" : "エラー", summary ? summary : "") ||
        (detail && *detail && gc_buf_printf(&b, ": %s", detail)) || (code && gc_buf_printf(&b, " (%s)", code)))
        goto cleanup;
    if (file && run) {
        struct gc_doc_test_run *r = s_run(rep, file, run);
        if (!r || s_append_line(&r->assertions, gc_buf_cstr(&b)))
            goto cleanup;
        if (summary && strcmp(summary, "Test assertion failed") == 0) {
            const json_t *line = json_object_get(json_object_get(json_object_get(d, "range"), "start"), "line");
            struct gc_doc_test_failure *grown = realloc(r->failures, (r->n_failures + 1) * sizeof *grown);
            if (!grown)
                goto cleanup;
            r->failures = grown;
            grown[r->n_failures].line =
                json_is_integer(line) && json_integer_value(line) > 0 && json_integer_value(line) < 10000000
                    ? (unsigned)json_integer_value(line)
                    : 0;
            grown[r->n_failures].detail = gc_strdup(detail);
            if (detail && !grown[r->n_failures].detail)
                goto cleanup;
            r->n_failures++;
            r->n_failed_assertions++;
        }
    } else if (file) {
        struct gc_doc_test_file *f = s_file(rep, file);
        if (!f || s_append_line(&f->diagnostics, gc_buf_cstr(&b)))
            goto cleanup;
    } else if (s_append_line(&rep->general_diagnostics, gc_buf_cstr(&b))) {
        goto cleanup;
    }
    result = 0;
cleanup:
    gc_buf_clean_up(&b);
    return result;
}

static int s_handle(struct gc_doc_test_report *rep, const json_t *msg, struct s_starts *st)
{
    const char *type = json_string_value(json_object_get(msg, "type"));
    double ts = s_timestamp(msg);

    if (strcmp(type, "version") == 0)
        return s_replace(&rep->terraform_version, json_string_value(json_object_get(msg, "terraform")));
    if (strcmp(type, "test_abstract") == 0) {
        const char *path;
        const json_t *runs;
        json_object_foreach(json_object_get(msg, "test_abstract"), path, runs)
        {
            size_t i;
            const json_t *r;
            if (!s_file(rep, path))
                return -1;
            json_array_foreach(runs, i, r)
            {
                if (json_is_string(r) && !s_run(rep, path, json_string_value(r)))
                    return -1;
            }
        }
        return 0;
    }
    if (strcmp(type, "test_file") == 0) {
        const json_t *tf = json_object_get(msg, "test_file");
        const char *path = json_string_value(json_object_get(tf, "path"));
        const char *progress = json_string_value(json_object_get(tf, "progress"));
        struct gc_doc_test_file *f;
        if (!path)
            return 0;
        f = s_file(rep, path);
        if (!f || s_starts_fit(&st->files, &st->n_files, rep->n_files) != 0)
            return -1;
        size_t idx = (size_t)(f - rep->files);
        if (progress && strcmp(progress, "starting") == 0)
            st->files[idx] = ts;
        if (progress && strcmp(progress, "complete") == 0) {
            if (s_replace(&f->status, json_string_value(json_object_get(tf, "status"))))
                return -1;
            if (ts >= 0 && st->files[idx] > 0)
                f->seconds = ts - st->files[idx];
        }
        return 0;
    }
    if (strcmp(type, "test_run") == 0) {
        const json_t *tr = json_object_get(msg, "test_run");
        const char *path = json_string_value(json_object_get(tr, "path"));
        const char *name = json_string_value(json_object_get(tr, "run"));
        const char *progress = json_string_value(json_object_get(tr, "progress"));
        const json_t *elapsed = json_object_get(tr, "elapsed");
        struct gc_doc_test_run *r;
        if (!path || !name)
            return 0;
        r = s_run(rep, path, name);
        if (!r || s_starts_fit(&st->runs, &st->n_runs, rep->n_runs) != 0)
            return -1;
        size_t idx = (size_t)(r - rep->runs);
        if (progress && strcmp(progress, "starting") == 0)
            st->runs[idx] = ts;
        if (progress && strcmp(progress, "complete") == 0) {
            if (s_replace(&r->status, json_string_value(json_object_get(tr, "status"))))
                return -1;
            if (ts >= 0 && st->runs[idx] > 0)
                r->seconds = ts - st->runs[idx];
            else if (json_is_number(elapsed))
                r->seconds = json_number_value(elapsed) / 1000.0; /* milliseconds */
        }
        return 0;
    }
    if (strcmp(type, "diagnostic") == 0)
        return s_handle_diagnostic(rep, msg);
    if (strcmp(type, "test_summary") == 0) {
        const json_t *s = json_object_get(msg, "test_summary");
        rep->has_summary = true;
        rep->passed = (long)json_integer_value(json_object_get(s, "passed"));
        rep->failed = (long)json_integer_value(json_object_get(s, "failed"));
        rep->errored = (long)json_integer_value(json_object_get(s, "errored"));
        rep->skipped = (long)json_integer_value(json_object_get(s, "skipped"));
        return s_replace(&rep->summary_status, json_string_value(json_object_get(s, "status")));
    }
    return 0; /* other message types (log, outputs, ...) are not part of the report */
}

int gc_doc_test_report_read(struct gc_doc_test_report *rep, FILE *f, struct gc_diags *diags)
{
    int result = -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t lineno = 0;
    size_t test_messages = 0;
    double first_ts = -1.0, last_ts = -1.0;
    struct s_starts st = {0};
    json_t *msg = NULL;

    memset(rep, 0, sizeof *rep);
    rep->total_seconds = -1.0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        json_error_t jerr;
        const char *type;
        lineno++;
        size_t k = 0;
        while (k < (size_t)len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r' || line[k] == '\n'))
            k++;
        if (k == (size_t)len)
            continue;
        msg = json_loadb(line, (size_t)len, 0, &jerr);
        if (!msg) {
            gc_diags_error_at(diags, NULL, "Malformed JSON", "line %zu, column %d: %s", lineno, jerr.column, jerr.text);
            goto cleanup;
        }
        if (!json_is_object(msg)) {
            gc_diags_error_at(diags, NULL, "Not `terraform test -json` output", "line %zu is not a JSON object",
                              lineno);
            goto cleanup;
        }
        if (json_object_get(msg, "format_version")) {
            gc_diags_error_at(diags, NULL, "This is a plan or state, not `terraform test -json` output",
                              "use `gcnet-doc params` or `gcnet-doc diagram` for it");
            goto cleanup;
        }
        type = json_string_value(json_object_get(msg, "type"));
        if (!type || !json_object_get(msg, "@message")) {
            gc_diags_error_at(diags, NULL, "Not `terraform test -json` output",
                              "line %zu has no \"type\" and \"@message\"", lineno);
            goto cleanup;
        }
        if (strncmp(type, "test_", 5) == 0)
            test_messages++;
        double ts = s_timestamp(msg);
        if (ts >= 0) {
            if (first_ts < 0) {
                time_t secs = ts < 253402300800.0 ? (time_t)ts : 0;
                struct tm tm;
                first_ts = ts;
                if (ts < 253402300800.0 && gmtime_r(&secs, &tm)) /* before the year 10000 */
                    strftime(rep->started, sizeof rep->started, "%Y-%m-%d %H:%M:%S UTC", &tm);
            }
            last_ts = ts;
        }
        if (s_handle(rep, msg, &st)) {
            gc_diags_error_at(diags, NULL, "Out of memory", "while reading line %zu", lineno);
            goto cleanup;
        }
        json_decref(msg);
        msg = NULL;
    }
    if (ferror(f)) {
        gc_diags_error_at(diags, NULL, "Cannot read the input", NULL);
        goto cleanup;
    }
    if (test_messages == 0) {
        gc_diags_error_at(diags, NULL, "Not `terraform test -json` output",
                          lineno ? "no test_* messages (is this `terraform plan -json` or `apply -json` output?)"
                                 : "the input is empty");
        goto cleanup;
    }
    if (first_ts >= 0 && last_ts >= first_ts)
        rep->total_seconds = last_ts - first_ts;
    result = 0;
cleanup:
    json_decref(msg);
    free(line);
    free(st.runs);
    free(st.files);
    if (result != 0)
        gc_doc_test_report_clean_up(rep);
    return result;
}

void gc_doc_test_report_clean_up(struct gc_doc_test_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n_files; i++) {
        free(rep->files[i].path);
        free(rep->files[i].status);
        free(rep->files[i].diagnostics);
    }
    for (size_t i = 0; i < rep->n_runs; i++) {
        free(rep->runs[i].file);
        free(rep->runs[i].run);
        free(rep->runs[i].status);
        free(rep->runs[i].assertions);
        for (size_t j = 0; j < rep->runs[i].n_failures; j++)
            free(rep->runs[i].failures[j].detail);
        free(rep->runs[i].failures);
    }
    free(rep->files);
    free(rep->runs);
    free(rep->terraform_version);
    free(rep->summary_status);
    free(rep->general_diagnostics);
    memset(rep, 0, sizeof *rep);
}

/* ---- workbook --------------------------------------------------------------------------------------------- */

static const char *s_status_label(const char *status)
{
    if (!status)
        return "未完了";
    if (strcmp(status, "pass") == 0)
        return "合格 (pass)";
    if (strcmp(status, "fail") == 0)
        return "不合格 (fail)";
    if (strcmp(status, "error") == 0)
        return "エラー (error)";
    if (strcmp(status, "skip") == 0)
        return "スキップ (skip)";
    if (strcmp(status, "pending") == 0)
        return "未実行 (pending)";
    return status;
}

static void s_seconds(char *out, size_t n, double s)
{
    if (s < 0)
        snprintf(out, n, "-");
    else
        snprintf(out, n, "%.3f", s);
}

#define S_TITLE "試験結果報告書"
#define S_ITEM_COLS 7u

/* 試験項目: one row per assertion, grouped by test file and run (a heading row for each). */
static int s_items_sheet(lxw_workbook *wb, const struct gc_doc_testitems *items, const char *footer)
{
    static const char *const heads[S_ITEM_COLS] = {"No.", "run", "項番", "試験項目", "期待結果", "結果", "判定"};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "試験項目");
    lxw_format *title = workbook_add_format(wb), *head = workbook_add_format(wb), *cell = workbook_add_format(wb);
    lxw_format *group = workbook_add_format(wb), *mark = workbook_add_format(wb), *bad = workbook_add_format(wb);
    size_t widths[S_ITEM_COLS] = {0};
    struct gc_buf b;
    unsigned row = 2;
    int result = -1;

    gc_buf_init(&b, (size_t)64 << 20);
    if (!ws || !title || !head || !cell || !group || !mark || !bad)
        goto cleanup;
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_bold(head);
    format_set_bg_color(head, 0xD9E1F2);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(group);
    format_set_bg_color(group, 0xEDEDED);
    format_set_border(group, LXW_BORDER_THIN);
    format_set_border(mark, LXW_BORDER_THIN);
    format_set_align(mark, LXW_ALIGN_CENTER);
    format_set_align(mark, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(bad, LXW_BORDER_THIN);
    format_set_bold(bad);
    format_set_bg_color(bad, 0xF8CBAD);
    format_set_align(bad, LXW_ALIGN_CENTER);
    format_set_align(bad, LXW_ALIGN_VERTICAL_TOP);
    if (gc_doc_xlsx_write(ws, 0, 0, "試験結果報告書 (試験項目: アサーションごと)", title, NULL))
        goto cleanup;
    for (unsigned c = 0; c < S_ITEM_COLS; c++)
        if (gc_doc_xlsx_write(ws, 1, c, heads[c], head, widths))
            goto cleanup;
    for (size_t i = 0; i < items->n; i++) {
        const struct gc_doc_testitem *it = &items->items[i];
        const struct gc_doc_testitem *prev = i ? &items->items[i - 1] : NULL;
        char no[32], idx[32];
        if (!prev || strcmp(prev->file, it->file) != 0) {
            gc_buf_reset(&b);
            if (gc_buf_printf(&b, "■ %s", it->file) || gc_doc_xlsx_write(ws, row++, 0, gc_buf_cstr(&b), group, NULL))
                goto cleanup;
        }
        if (!prev || strcmp(prev->file, it->file) != 0 || strcmp(prev->run, it->run) != 0) {
            gc_buf_reset(&b);
            if (gc_buf_printf(&b, "□ run \"%s\" (command = %s)", it->run, it->command) ||
                gc_doc_xlsx_write(ws, row++, 0, gc_buf_cstr(&b), group, NULL))
                goto cleanup;
        }
        snprintf(no, sizeof no, "%zu", i + 1);
        snprintf(idx, sizeof idx, "%zu", it->index);
        gc_buf_reset(&b);
        if (gc_buf_printf(&b, "%s: %s", it->run, it->condition))
            goto cleanup;
        if (gc_doc_xlsx_write(ws, row, 0, no, cell, widths) || gc_doc_xlsx_write(ws, row, 1, it->run, cell, widths) ||
            gc_doc_xlsx_write(ws, row, 2, idx, cell, widths) ||
            gc_doc_xlsx_write(ws, row, 3, gc_buf_cstr(&b), cell, widths) ||
            gc_doc_xlsx_write(ws, row, 4, it->expected, cell, widths) ||
            gc_doc_xlsx_write(ws, row, 5, it->result, cell, widths) ||
            gc_doc_xlsx_write(ws, row, 6, gc_doc_testitem_mark(it->verdict),
                              it->verdict == GC_DOC_VERDICT_FAIL ? bad : mark, widths))
            goto cleanup;
        row++;
    }
    worksheet_freeze_panes(ws, 2, 0);
    gc_doc_xlsx_fit_columns(ws, widths, S_ITEM_COLS, 5.0, 60.0, NULL);
    gc_doc_xlsx_print_setup(ws, 2, row > 2 ? row - 1 : 2, S_ITEM_COLS - 1, footer);
    result = 0;
cleanup:
    gc_buf_clean_up(&b);
    return result;
}

int gc_doc_tests_write(const char *path, const struct gc_doc_test_report *rep, const struct gc_doc_tests_opts *opts,
                       struct gc_diags *diags)
{
    const char *date = opts->date;
    const char *source = opts->source;
    const struct gc_doc_settings *st = opts->settings;
    const char *env = opts->environment && *opts->environment ? opts->environment : st->environment;
    struct gc_doc_cover_sheet cs = {0};
    struct gc_buf footer;
    int result = -1;
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *sum = NULL, *res = NULL;
    lxw_format *title, *head, *label, *cell, *ok, *ng;
    size_t w1[4] = {0}, w2[6] = {0};
    unsigned row;
    char num[64];
    lxw_error err;

    gc_buf_init(&footer, 1024);
    if (gc_doc_cover_footer(&footer, st, S_TITLE))
        goto cleanup;
    if (!wb) {
        gc_diags_error_at(diags, NULL, "Cannot create the workbook", "%s", path);
        goto cleanup;
    }
    title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 16);
    head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xD9E1F2);
    format_set_border(head, LXW_BORDER_THIN);
    label = workbook_add_format(wb);
    format_set_bold(label);
    format_set_bg_color(label, 0xF2F2F2);
    format_set_border(label, LXW_BORDER_THIN);
    cell = workbook_add_format(wb);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    ok = workbook_add_format(wb);
    format_set_border(ok, LXW_BORDER_THIN);
    format_set_bg_color(ok, 0xE2EFDA);
    format_set_align(ok, LXW_ALIGN_VERTICAL_TOP);
    ng = workbook_add_format(wb);
    format_set_border(ng, LXW_BORDER_THIN);
    format_set_bg_color(ng, 0xF8CBAD);
    format_set_align(ng, LXW_ALIGN_VERTICAL_TOP);

    const struct gc_doc_cover_field fields[] = {
        {"入力ファイル", source ? source : "-"},
        {"試験環境", *env ? env : "(設定ファイルの tests.environment に記入)"},
        {"Terraform バージョン", rep->terraform_version ? rep->terraform_version : "(不明)"},
        {"プロバイダー バージョン", opts->provider_version ? opts->provider_version : "-"},
        {"実施者", st->tester},
        {"確認者", st->reviewer},
    };
    const struct gc_doc_cover cover = {S_TITLE, date, st, fields, sizeof fields / sizeof fields[0]};
    if (gc_doc_cover_write(&cs, wb, &cover, gc_buf_cstr(&footer)))
        goto cleanup;
    gc_doc_cover_finish(&cs, gc_buf_cstr(&footer));
    sum = workbook_add_worksheet(wb, "集計");
    if (opts->items && s_items_sheet(wb, opts->items, gc_buf_cstr(&footer)))
        goto cleanup;
    res = workbook_add_worksheet(wb, "テスト結果");
    if (!sum || !res)
        goto cleanup;
    /* summary sheet */
    if (gc_doc_xlsx_write(sum, 0, 0, "テスト結果報告書 (集計)", title, NULL))
        goto cleanup;
    long total = rep->has_summary ? rep->passed + rep->failed + rep->errored + rep->skipped : (long)rep->n_runs;
    char counts[5][32];
    snprintf(counts[0], sizeof counts[0], "%ld", rep->passed);
    snprintf(counts[1], sizeof counts[1], "%ld", rep->failed);
    snprintf(counts[2], sizeof counts[2], "%ld", rep->errored);
    snprintf(counts[3], sizeof counts[3], "%ld", rep->skipped);
    snprintf(counts[4], sizeof counts[4], "%ld", total);
    s_seconds(num, sizeof num, rep->total_seconds);
    char items[4][48];
    if (opts->items) {
        snprintf(items[0], sizeof items[0], "%zu", opts->items->n);
        snprintf(items[1], sizeof items[1], "%zu", opts->items->n_pass);
        snprintf(items[2], sizeof items[2], "%zu", opts->items->n_fail);
        snprintf(items[3], sizeof items[3], "%zu", opts->items->n_not_run);
    } else {
        for (int i = 0; i < 4; i++)
            snprintf(items[i], sizeof items[i], "%s", "- (--test-dir なし)");
    }
    const char *const pairs[][2] = {
        {"作成日", date},
        {"入力ファイル", source ? source : "-"},
        {"Terraform バージョン", rep->terraform_version ? rep->terraform_version : "(不明)"},
        {"総合結果", rep->has_summary ? s_status_label(rep->summary_status) : "未完了 (集計なし)"},
        {"合格", counts[0]},
        {"不合格", counts[1]},
        {"エラー", counts[2]},
        {"スキップ", counts[3]},
        {"run 合計", counts[4]},
        {"所要時間 (秒)", num},
        {"試験項目数", items[0]},
        {"判定 ○ (成立)", items[1]},
        {"判定 × (不成立・エラー)", items[2]},
        {"判定 - (未実施)", items[3]},
        {"試験環境", *env ? env : "(設定ファイルの tests.environment に記入)"},
        {"実施日時", *rep->started ? rep->started : "-"},
        {"プロバイダー バージョン", opts->provider_version ? opts->provider_version : "-"},
        {"実施者", st->tester},
        {"確認者", st->reviewer},
    };
    row = 2;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++, row++)
        if (gc_doc_xlsx_write(sum, row, 0, pairs[i][0], label, w1) ||
            gc_doc_xlsx_write(sum, row, 1, pairs[i][1], cell, w1))
            goto cleanup;
    if (rep->general_diagnostics) {
        if (gc_doc_xlsx_write(sum, row, 0, "診断メッセージ", label, w1) ||
            gc_doc_xlsx_write(sum, row, 1, rep->general_diagnostics, cell, w1))
            goto cleanup;
        row++;
    }
    row++;
    static const char *const fheads[4] = {"テストファイル", "結果", "所要時間 (秒)", "診断メッセージ"};
    for (unsigned c = 0; c < 4; c++)
        if (gc_doc_xlsx_write(sum, row, c, fheads[c], head, w1))
            goto cleanup;
    row++;
    for (size_t i = 0; i < rep->n_files; i++, row++) {
        const struct gc_doc_test_file *f = &rep->files[i];
        s_seconds(num, sizeof num, f->seconds);
        if (gc_doc_xlsx_write(sum, row, 0, f->path, cell, w1) ||
            gc_doc_xlsx_write(sum, row, 1, s_status_label(f->status),
                              f->status && strcmp(f->status, "pass") == 0 ? ok : ng, w1) ||
            gc_doc_xlsx_write(sum, row, 2, num, cell, w1) ||
            gc_doc_xlsx_write(sum, row, 3, f->diagnostics ? f->diagnostics : "", cell, w1))
            goto cleanup;
    }
    gc_doc_xlsx_fit_columns(sum, w1, 4, 12.0, 70.0, NULL);
    gc_doc_xlsx_print_setup(sum, 0, row, 3, gc_buf_cstr(&footer));

    /* results sheet */
    if (gc_doc_xlsx_write(res, 0, 0, "テスト結果報告書 (run 別)", title, NULL))
        goto cleanup;
    static const char *const heads[6] = {"No.", "テストファイル", "run", "結果", "アサーション", "所要時間 (秒)"};
    for (unsigned c = 0; c < 6; c++)
        if (gc_doc_xlsx_write(res, 1, c, heads[c], head, w2))
            goto cleanup;
    row = 2;
    for (size_t i = 0; i < rep->n_runs; i++, row++) {
        const struct gc_doc_test_run *r = &rep->runs[i];
        char no[32];
        const char *assertions = r->assertions;
        snprintf(no, sizeof no, "%zu", i + 1);
        s_seconds(num, sizeof num, r->seconds);
        if (!assertions)
            assertions = r->status && strcmp(r->status, "pass") == 0 ? "すべて成立" : "-";
        if (gc_doc_xlsx_write(res, row, 0, no, cell, w2) || gc_doc_xlsx_write(res, row, 1, r->file, cell, w2) ||
            gc_doc_xlsx_write(res, row, 2, r->run, cell, w2) ||
            gc_doc_xlsx_write(res, row, 3, s_status_label(r->status),
                              r->status && strcmp(r->status, "pass") == 0 ? ok : ng, w2) ||
            gc_doc_xlsx_write(res, row, 4, assertions, cell, w2) || gc_doc_xlsx_write(res, row, 5, num, cell, w2))
            goto cleanup;
    }
    worksheet_freeze_panes(res, 2, 0);
    gc_doc_xlsx_fit_columns(res, w2, 6, 6.0, 70.0, NULL);
    gc_doc_xlsx_print_setup(res, 2, row > 2 ? row - 1 : 2, 5, gc_buf_cstr(&footer));
    result = 0;
cleanup:
    if (wb) {
        err = workbook_close(wb);
        if (result == 0 && err != LXW_NO_ERROR) {
            gc_diags_error_at(diags, NULL, "Cannot save the workbook", "%s", lxw_strerror(err));
            result = -1;
        }
    }
    if (result != 0 && !gc_diags_has_error(diags))
        gc_diags_error_at(diags, NULL, "Cannot write the test report", "%s", path);
    gc_buf_clean_up(&footer);
    return result;
}
