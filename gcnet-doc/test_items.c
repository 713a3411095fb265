#include "test_items.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"
#include "tests_xlsx.h"

#define S_WHOLE_RUN "(run 全体: アサーションなし)"
#define S_WHOLE_RUN_UNREAD "(run 全体: テストファイル未読込)"
#define S_EXPECT_RUN "run がエラーなく完了し、すべてのアサーションが成立する"

const char *gc_doc_testitem_mark(enum gc_doc_testitem_verdict verdict)
{
    return verdict == GC_DOC_VERDICT_PASS ? "○" : verdict == GC_DOC_VERDICT_FAIL ? "×" : "-";
}

static const struct gc_doc_tftest_run *s_find_run(const struct gc_doc_tftest_file *f, const char *name)
{
    for (size_t i = 0; f && i < f->n_runs; i++)
        if (strcmp(f->runs[i].name, name) == 0)
            return &f->runs[i];
    return NULL;
}

static bool s_status(const char *status, const char *want)
{
    return status && strcmp(status, want) == 0;
}

static int s_push(struct gc_doc_testitems *out, const struct gc_doc_testitem *item, const char *result)
{
    struct gc_doc_testitem *grown = realloc(out->items, (out->n + 1) * sizeof *grown);

    if (!grown)
        return -1;
    out->items = grown;
    grown[out->n] = *item;
    grown[out->n].result = gc_strdup(result);
    if (!grown[out->n].result)
        return -1;
    out->n++;
    out->n_pass += item->verdict == GC_DOC_VERDICT_PASS;
    out->n_fail += item->verdict == GC_DOC_VERDICT_FAIL;
    out->n_not_run += item->verdict == GC_DOC_VERDICT_NOT_RUN;
    return 0;
}

/* The failure of `run` that belongs to assertion `a`: same condition line, else the same message. */
static const struct gc_doc_test_failure *s_failure_of(const struct gc_doc_test_run *run,
                                                      const struct gc_doc_tftest_assert *a, bool *used)
{
    for (size_t i = 0; i < run->n_failures; i++)
        if (!used[i] && run->failures[i].line == a->line && a->line) {
            used[i] = true;
            return &run->failures[i];
        }
    for (size_t i = 0; i < run->n_failures; i++)
        if (!used[i] && !run->failures[i].line && run->failures[i].detail &&
            strcmp(run->failures[i].detail, a->error_message) == 0) {
            used[i] = true;
            return &run->failures[i];
        }
    return NULL;
}

/* The outcome of an item of a run that did not pass or fail by its assertions alone. */
static const char *s_run_outcome(const struct gc_doc_test_run *run, enum gc_doc_testitem_verdict *verdict)
{
    if (s_status(run->status, "error")) {
        *verdict = GC_DOC_VERDICT_FAIL;
        return "エラー (run がエラーで終了し、評価されず。テスト結果シート参照)";
    }
    if (s_status(run->status, "skip")) {
        *verdict = GC_DOC_VERDICT_NOT_RUN;
        return "未実施 (スキップ)";
    }
    if (!run->status || s_status(run->status, "pending")) {
        *verdict = GC_DOC_VERDICT_NOT_RUN;
        return "未実施 (run が完了していない)";
    }
    return NULL;
}

static int s_run_items(struct gc_doc_testitems *out, const struct gc_doc_test_run *run,
                       const struct gc_doc_tftest_run *tr, bool file_read, struct gc_buf *scratch)
{
    int result = -1;
    bool *used = calloc(run->n_failures + 1, sizeof *used);
    struct gc_doc_testitem item = {.file = run->file, .run = run->run, .command = tr ? tr->command : "-"};
    size_t unmatched = 0;

    if (!used)
        goto cleanup;
    for (size_t i = 0; tr && i < tr->n_asserts; i++) {
        const struct gc_doc_tftest_assert *a = &tr->asserts[i];
        const struct gc_doc_test_failure *fail = s_failure_of(run, a, used);
        const char *text = s_run_outcome(run, &item.verdict);
        item.index = i + 1;
        item.condition = a->condition;
        item.expected = a->error_message;
        gc_buf_reset(scratch);
        if (!text && fail) {
            item.verdict = GC_DOC_VERDICT_FAIL;
            if (gc_buf_printf(scratch, "不成立: %s", fail->detail ? fail->detail : a->error_message))
                goto cleanup;
            text = gc_buf_cstr(scratch);
        } else if (!text) {
            item.verdict = GC_DOC_VERDICT_PASS;
            text = "成立";
        }
        if (s_push(out, &item, text))
            goto cleanup;
    }
    for (size_t i = 0; i < run->n_failures; i++)
        unmatched += !used[i];
    if (!tr || tr->n_asserts == 0 || unmatched) {
        /* the run as one item: no asserts, an unread file, or failures no assert accounts for */
        const char *text = s_run_outcome(run, &item.verdict);
        item.index = tr ? tr->n_asserts + 1 : 1;
        item.condition = !tr || !file_read    ? S_WHOLE_RUN_UNREAD
                         : tr->n_asserts == 0 ? S_WHOLE_RUN
                                              : "(run 全体: テストファイルの assert と対応しない失敗)";
        item.expected = S_EXPECT_RUN;
        gc_buf_reset(scratch);
        if (!text && (run->n_failures || !s_status(run->status, "pass"))) {
            item.verdict = GC_DOC_VERDICT_FAIL;
            if (gc_buf_append_str(scratch, "不成立"))
                goto cleanup;
            for (size_t i = 0, k = 0; i < run->n_failures; i++)
                if (!used[i] && gc_buf_printf(scratch, "%s%s", k++ ? "\n" : ": ",
                                              run->failures[i].detail ? run->failures[i].detail : "-"))
                    goto cleanup;
            text = gc_buf_cstr(scratch);
        } else if (!text) {
            item.verdict = GC_DOC_VERDICT_PASS;
            text = "成立";
        }
        if (unmatched || !tr || tr->n_asserts == 0)
            if (s_push(out, &item, text))
                goto cleanup;
        out->n_unmatched += unmatched;
    }
    result = 0;
cleanup:
    free(used);
    return result;
}

int gc_doc_testitems_build(struct gc_doc_testitems *out, const struct gc_doc_test_report *rep,
                           const struct gc_doc_tftest_file *files)
{
    int result = -1;
    struct gc_buf scratch;

    memset(out, 0, sizeof *out);
    gc_buf_init(&scratch, (size_t)64 << 20);
    for (size_t f = 0; f < rep->n_files; f++)
        for (size_t i = 0; i < rep->n_runs; i++) {
            const struct gc_doc_test_run *run = &rep->runs[i];
            const struct gc_doc_tftest_file *tf = files ? &files[f] : NULL;
            if (strcmp(run->file, rep->files[f].path) != 0)
                continue;
            if (s_run_items(out, run, s_find_run(tf, run->run), tf && tf->n_runs > 0, &scratch))
                goto cleanup;
        }
    result = 0;
cleanup:
    gc_buf_clean_up(&scratch);
    if (result != 0)
        gc_doc_testitems_clean_up(out);
    return result;
}

void gc_doc_testitems_clean_up(struct gc_doc_testitems *items)
{
    if (!items)
        return;
    for (size_t i = 0; i < items->n; i++)
        free(items->items[i].result);
    free(items->items);
    memset(items, 0, sizeof *items);
}
