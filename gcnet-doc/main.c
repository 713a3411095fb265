/* gcnet-doc: design documents from Terraform JSON (parameter sheets, configuration diagram, test reports). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "base/gc_buf.h"
#include "base/gc_diag.h"
#include "change_set.h"
#include "changes_xlsx.h"
#include "diagram.h"
#include "embedded.h"
#include "object_sheets.h"
#include "params_xlsx.h"
#include "provider_version.h"
#include "settings.h"
#include "test_items.h"
#include "tests_xlsx.h"
#include "tf_json.h"
#include "tftest_hcl.h"

#ifndef GCNET_DOC_VERSION
#define GCNET_DOC_VERSION "0.0.0"
#endif

#define S_EXIT_OK 0
#define S_EXIT_FAIL 1
#define S_EXIT_INPUT 2

static const char s_usage_main[] =
    "Usage: gcnet-doc COMMAND [OPTIONS] INPUT -o OUTPUT\n"
    "\n"
    "Design documents for the gcnet provider, from Terraform's JSON output.\n"
    "\n"
    "Commands:\n"
    "  params    parameter sheet workbook (.xlsx) from a plan or state:\n"
    "              terraform show -json plan.out > plan.json; gcnet-doc params plan.json -o parameters.xlsx\n"
    "  diagram   configuration diagram (.svg, .png or .dot) from a plan or state:\n"
    "              gcnet-doc diagram plan.json -o network.svg\n"
    "  tests     test result report (.xlsx) from `terraform test -json` output and the test files:\n"
    "              terraform test -json > test.json; gcnet-doc tests test.json --test-dir tests -o report.xlsx\n"
    "  changes   change record (変更管理票, .xlsx) from a plan: one row per change, before -> after\n"
    "              gcnet-doc changes plan.json -o change-record.xlsx\n"
    "  drift     drift report (構成差異報告, .xlsx) from a refresh-only plan:\n"
    "              terraform plan -refresh-only -out=drift.out; terraform show -json drift.out > drift.json\n"
    "              gcnet-doc drift drift.json -o drift-report.xlsx\n"
    "  help      show this text, or `gcnet-doc help COMMAND` for one command\n"
    "\n"
    "INPUT may be - for standard input. Outputs are written to a temporary file beside OUTPUT and renamed at\n"
    "the end, so OUTPUT is either complete or untouched.\n"
    "\n"
    "Exit status: 0 success; 1 the output could not be written or rendered; 2 bad usage or an input that is\n"
    "malformed JSON or not the expected Terraform JSON.\n"
    "\n"
    "Run `gcnet-doc COMMAND --help` for the options of each command.\n";

static const char s_usage_params[] =
    "Usage: gcnet-doc params PLAN_OR_STATE.json -o parameters.xlsx [options]\n"
    "\n"
    "Writes the parameter sheet workbook from `terraform show -json plan.out` (a plan) or `terraform show -json`\n"
    "(the state): a cover sheet (表紙: municipality, Japanese name, local-government code, connection, date,\n"
    "source plan/state, Terraform and provider versions, change summary), then one sheet per gcnet_* resource\n"
    "type with one row per setting: 項目 (item), 設定値 (value), 変更 (作成 create / 更新 update / 置換 replace /\n"
    "削除 delete / 変更なし no change; '-' for a state), 備考 (the schema's description).\n"
    "Nested values are flattened (subnet_ids[0], route_table_ids[\"onprem\"], timeouts.create). Values known only\n"
    "after apply show " GC_DOC_UNKNOWN_TEXT "; sensitive values are never written, only " GC_DOC_SENSITIVE_TEXT ".\n"
    "Sheets print on A4 landscape, one page wide, with frozen and repeated header rows.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE          the workbook to write (required)\n"
    "  -s, --schema FILE          provider schema (`terraform providers schema -json`); default: the schema\n"
    "                             contract built into gcnet-doc ($GCNET_DOC_SCHEMA overrides it too)\n"
    "  -n, --notes FILE|none      Japanese notes (備考) overlaid on the schema's descriptions; default: with the\n"
    "                             built-in schema, $GCNET_DOC_NOTES or the built-in copy of notes-ja.json;\n"
    "                             with --schema, none unless given\n"
    "  -d, --date YYYY-MM-DD      date on the cover (default: today)\n"
    "  -p, --provider-version V   provider version on the cover (default: the lock file's, else the plan's\n"
    "                             constraint, else this gcnet-doc's release)\n"
    "      --settings FILE        document settings (案件名, 文書番号, 版数, 作成者, 承認欄, 改版履歴, "
    "実施者/確認者);\n"
    "                             default $GCNET_DOC_SETTINGS, ./gcnet-doc.json, or gcnet-doc.json beside INPUT\n"
    "      --lock-file FILE       .terraform.lock.hcl for the provider version (default: ./ or beside INPUT)\n"
    "      --sheets FILE|none     the per-AWS-object sheet table (default: the built-in gcnet-doc/sheets-ja.json);\n"
    "                             none: one generic sheet of every attribute per resource type\n"
    "  -h, --help                 this text\n";

static const char s_usage_diagram[] =
    "Usage: gcnet-doc diagram PLAN_OR_STATE.json -o network.svg|network.png|network.dot [options]\n"
    "\n"
    "Draws the configuration diagram (構成図) from a plan or state, for A3 landscape: boundaries (AWS account,\n"
    "region, VPC, availability zones), subnet ranges, the Transit Gateway with one route table per routing domain,\n"
    "the VPC attachment (associated with ops, propagated into the others), the RAM share of the Transit Gateway and\n"
    "its ASP accounts, resolver endpoints with their addresses and the DNS forwarding to the premises, the private\n"
    "CA and its share, the premises (their line only once a gcnet_onprem_link exists); objects a plan has not built\n"
    "yet are dashed; a legend and a title block (案件名, 文書番号, 版数, 作成日 from the settings file and --date).\n"
    "Graphviz lays it out: .dot writes the DOT source; .svg and .png run the `dot` program (no shell involved);\n"
    "the text uses the IPAGothic font (Debian: fonts-ipafont-gothic).\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE          the file to write (required); its extension picks the format\n"
    "  -f, --format dot|svg|png   the format, overriding the extension\n"
    "  -s, --schema FILE          provider schema (to know sensitive attributes); as for params\n"
    "      --dot PROGRAM          the Graphviz program (default: $GCNET_DOC_DOT, else `dot` on PATH)\n"
    "  -d, --date YYYY-MM-DD      date in the title block (default: today)\n"
    "      --settings FILE        document settings for the title block; as for params\n"
    "      --sheets FILE|none     the sheet table whose fixed settings (rows with a diagram label) are drawn on\n"
    "                             the Transit Gateway (default: the built-in one; none: not drawn)\n"
    "  -h, --help                 this text\n";

static const char s_usage_tests[] =
    "Usage: gcnet-doc tests TEST.json -o test-report.xlsx [options]\n"
    "\n"
    "Writes the test result report from `terraform test -json` output (one JSON message per line) and the\n"
    "test files it ran: 集計 (overall result, run and assertion counts, environment, date, versions, 実施者/確認者),\n"
    "試験項目 with one row per assertion, grouped by test file and run (試験項目: run + condition, 期待結果: the\n"
    "error_message, 結果, 判定 ○/×/-), and テスト結果 with one row per run. `terraform test -json` names only the\n"
    "failing assertions, so the assertions come from the .tftest.hcl files (--test-dir); without them each run is\n"
    "one item. The input is read one line at a time.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE          the workbook to write (required)\n"
    "  -d, --date YYYY-MM-DD      date on the cover (default: today)\n"
    "  -p, --provider-version V   provider version (default as for params)\n"
    "      --test-dir DIR         where the stream's test files are (the root module, or its tests/ directory):\n"
    "                             each @testfile path is looked up as DIR/path, then DIR/its file name\n"
    "      --environment TEXT     the test environment (emulator, or AWS account and region); overrides the\n"
    "                             settings file's tests.environment\n"
    "      --settings FILE        document settings (案件名, 文書番号, 版数, 作成者, 承認欄, 改版履歴, "
    "実施者/確認者);\n"
    "                             default $GCNET_DOC_SETTINGS, ./gcnet-doc.json, or gcnet-doc.json beside INPUT\n"
    "      --lock-file FILE       .terraform.lock.hcl for the provider version (default: ./ or beside INPUT)\n"
    "  -h, --help                 this text\n";

static const char s_usage_changes[] =
    "Usage: gcnet-doc changes PLAN.json -o change-record.xlsx [options]\n"
    "\n"
    "Writes the change record (変更管理票) of a plan (`terraform show -json plan.out`): 表紙 and 改版履歴 from the\n"
    "settings file, 変更一覧 with one row per resource to change (No., リソース, 自治体, 操作 作成/更新 "
    "(インプレース)/\n"
    "置換 (削除して再作成)/削除, 理由 from the plan's action_reason and replace_paths, 注意), replacements and\n"
    "deletions first and marked 要注意; then 変更明細 with one row per changed attribute (項目, 変更前, 変更後,\n"
    "変更の扱い: 更新 (インプレース) or 置換 (この項目の変更で再作成) for the attribute that forces it, 備考).\n"
    "Sensitive values are never written; values known only after apply show " GC_DOC_UNKNOWN_TEXT ".\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE          the workbook to write (required)\n"
    "  -s, --schema FILE          provider schema; as for params\n"
    "  -n, --notes FILE|none      Japanese notes; as for params\n"
    "  -d, --date YYYY-MM-DD      date on the cover (default: today)\n"
    "  -p, --provider-version V   provider version (default as for params)\n"
    "      --settings FILE        document settings; as for params\n"
    "      --lock-file FILE       .terraform.lock.hcl for the provider version\n"
    "      --sheets FILE|none     item names from this sheet table (default: the built-in one)\n"
    "  -h, --help                 this text\n";

static const char s_usage_drift[] =
    "Usage: gcnet-doc drift REFRESH_ONLY_PLAN.json -o drift-report.xlsx [options]\n"
    "\n"
    "Writes the drift report (構成差異報告) from `terraform plan -refresh-only -out=drift.out` and\n"
    "`terraform show -json drift.out` (the plan's resource_drift): 差異一覧 with one row per resource changed or\n"
    "deleted outside Terraform (差異, 対処), then 差異明細 with one row per attribute: 記録値 (the state's record)\n"
    "and 実際の値 (what AWS has now). Without drift the report says 差異なし. A plan that is not refresh-only (it\n"
    "has resource_changes: it proposes changes) is refused with exit status 2. Options as for `changes`.\n";

struct s_opts {
    const char *input;
    const char *output;
    const char *schema;
    const char *notes;
    const char *date;
    const char *provider_version;
    const char *format;
    const char *dot;
    const char *settings;
    const char *lock_file;
    const char *environment;
    const char *sheets;
    const char *test_dir;
    char today[16];
};

static int s_parse(int argc, char **argv, struct s_opts *o, const char *usage)
{
    static const struct option longs[] = {
        {"output", required_argument, NULL, 'o'},
        {"schema", required_argument, NULL, 's'},
        {"date", required_argument, NULL, 'd'},
        {"provider-version", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'f'},
        {"dot", required_argument, NULL, 'D'},
        {"notes", required_argument, NULL, 'n'},
        {"settings", required_argument, NULL, 'S'},
        {"lock-file", required_argument, NULL, 'L'},
        {"environment", required_argument, NULL, 'E'},
        {"sheets", required_argument, NULL, 'T'},
        {"test-dir", required_argument, NULL, 'X'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    optind = 1;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "o:s:n:d:p:f:h", longs, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->output = optarg;
            break;
        case 's':
            o->schema = optarg;
            break;
        case 'd':
            o->date = optarg;
            break;
        case 'p':
            o->provider_version = optarg;
            break;
        case 'f':
            o->format = optarg;
            break;
        case 'D':
            o->dot = optarg;
            break;
        case 'n':
            o->notes = optarg;
            break;
        case 'S':
            o->settings = optarg;
            break;
        case 'L':
            o->lock_file = optarg;
            break;
        case 'E':
            o->environment = optarg;
            break;
        case 'T':
            o->sheets = optarg;
            break;
        case 'X':
            o->test_dir = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return 1;
        default:
            fprintf(stderr, "Run `gcnet-doc %s --help` for usage.\n", argv[0]);
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "gcnet-doc %s: %s\n", argv[0],
                optind >= argc ? "missing the input file" : "only one input file is accepted");
        return -1;
    }
    o->input = argv[optind];
    if (!o->output) {
        fprintf(stderr, "gcnet-doc %s: missing -o OUTPUT\n", argv[0]);
        return -1;
    }
    if (!o->date) {
        time_t now = time(NULL);
        struct tm tm;
        if (localtime_r(&now, &tm) && strftime(o->today, sizeof o->today, "%Y-%m-%d", &tm) > 0)
            o->date = o->today;
        else
            o->date = "-";
    }
    return 0;
}

static const char *s_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The schema: --schema (or $GCNET_DOC_SCHEMA) must load; otherwise the copy built into the binary. Notes: an
 * explicit --notes (or $GCNET_DOC_NOTES) always applies ("none" disables them); the built-in Japanese notes apply by
 * default only to the built-in schema, whose descriptions they translate. */
static int s_load_schema(struct gc_doc_schema *schema, const char *explicit_path, const char *notes,
                         struct gc_diags *diags)
{
    const char *env = getenv("GCNET_DOC_SCHEMA");
    const char *env_notes = getenv("GCNET_DOC_NOTES");

    if (!notes && env_notes && *env_notes)
        notes = env_notes;
    if (!explicit_path && env && *env)
        explicit_path = env;
    if (explicit_path) {
        if (gc_doc_schema_load(schema, explicit_path, diags) != 0)
            return -1;
    } else {
        if (gc_doc_schema_load_text(schema, gc_doc_embedded_schema, gc_doc_embedded_schema_len, "(built-in schema)",
                                    diags) != 0)
            return -1;
        if (!notes)
            return gc_doc_schema_apply_notes_text(schema, gc_doc_embedded_notes, gc_doc_embedded_notes_len,
                                                  "(built-in notes)", diags);
    }
    if (notes && strcmp(notes, "none") != 0)
        return gc_doc_schema_apply_notes(schema, notes, diags);
    return 0;
}

#define S_SETTINGS_NAME "gcnet-doc.json"
#define S_LOCK_NAME ".terraform.lock.hcl"
#define S_LOCK_MAX ((size_t)1 << 20)

/* `dir_of`'s directory joined with `name` into `out` ("name" alone when dir_of has no slash). */
static int s_beside(struct gc_buf *out, const char *dir_of, const char *name)
{
    const char *slash = strrchr(dir_of, '/');

    gc_buf_reset(out);
    if (slash && gc_buf_append(out, dir_of, (size_t)(slash - dir_of + 1)))
        return -1;
    return gc_buf_append_str(out, name);
}

/* The first readable of: `explicit_path`, $env_name, ./name, name beside the input. NULL when none; an explicit
 * path is returned even when unreadable, so that loading it reports the error. */
static const char *s_find(struct gc_buf *scratch, const char *explicit_path, const char *env_name, const char *name,
                          const char *input)
{
    const char *env = env_name ? getenv(env_name) : NULL;

    if (explicit_path)
        return explicit_path;
    if (env && *env)
        return env;
    if (access(name, R_OK) == 0)
        return name;
    if (input && strcmp(input, "-") != 0 && s_beside(scratch, input, name) == 0 &&
        access(gc_buf_cstr(scratch), R_OK) == 0)
        return gc_buf_cstr(scratch);
    return NULL;
}

/* --settings, $GCNET_DOC_SETTINGS, ./gcnet-doc.json or gcnet-doc.json beside the input; else the defaults (empty
 * names) with a warning, since the cover then lacks what the reviewer signs. */
static int s_load_settings(struct gc_doc_settings *st, const struct s_opts *o, struct gc_diags *diags)
{
    int result = -1;
    struct gc_buf scratch;
    const char *path;

    gc_buf_init(&scratch, 1 << 16);
    path = s_find(&scratch, o->settings, "GCNET_DOC_SETTINGS", S_SETTINGS_NAME, o->input);
    if (path) {
        result = gc_doc_settings_load(st, path, diags);
        goto cleanup;
    }
    fprintf(stderr, "gcnet-doc: warning: no settings file (" S_SETTINGS_NAME " or --settings): the cover has no "
                    "project name, document number, version, author, approvers or revision history\n");
    result = gc_doc_settings_init_default(st);
    if (result != 0)
        gc_diags_error_at(diags, NULL, "Out of memory", NULL);
cleanup:
    gc_buf_clean_up(&scratch);
    return result;
}

/* The provider version for the cover: --provider-version, else the lock file (--lock-file, or
 * .terraform.lock.hcl in the current directory or beside the input), else the plan's constraint, else this
 * release. Never unknown. */
static int s_provider_version(struct gc_buf *out, const struct s_opts *o, const struct gc_doc_input *in,
                              struct gc_diags *diags)
{
    int result = -1;
    struct gc_buf scratch, text, lock;
    const char *path;
    FILE *f = NULL;

    gc_buf_init(&scratch, 1 << 16);
    gc_buf_init(&text, S_LOCK_MAX);
    gc_buf_init(&lock, 256);
    gc_buf_reset(out);
    if (o->provider_version) {
        result = gc_buf_append_str(out, o->provider_version);
        goto cleanup;
    }
    path = s_find(&scratch, o->lock_file, NULL, S_LOCK_NAME, o->input);
    if (path) {
        char chunk[4096];
        size_t n;
        f = fopen(path, "rb");
        if (!f) {
            gc_diags_error_at(diags, NULL, "Cannot open the lock file", "%s: %s", path, strerror(errno));
            goto cleanup;
        }
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            if (gc_buf_append(&text, chunk, n)) {
                gc_diags_error_at(diags, NULL, "Lock file too large", "%s", path);
                goto cleanup;
            }
        }
        if (gc_doc_provider_version_from_lock(&lock, (const char *)text.ptr, text.len) != 0)
            gc_buf_reset(&lock);
    }
    result = gc_doc_provider_version_text(out, lock.len ? gc_buf_cstr(&lock) : NULL,
                                          in ? gc_doc_input_provider_version(in) : NULL, GCNET_DOC_VERSION);
cleanup:
    if (f)
        fclose(f);
    gc_buf_clean_up(&scratch);
    gc_buf_clean_up(&text);
    gc_buf_clean_up(&lock);
    return result;
}

/* The per-AWS-object sheet table: --sheets FILE, "none" for generic sheets only, else the built-in copy. */
static int s_load_sheets(json_t **out, const char *path, struct gc_diags *diags)
{
    int result = -1;
    json_error_t jerr;
    json_t *table = NULL;

    *out = NULL;
    if (path && strcmp(path, "none") == 0)
        return 0;
    table = path ? json_load_file(path, 0, &jerr)
                 : json_loadb(gc_doc_embedded_sheets, gc_doc_embedded_sheets_len, 0, &jerr);
    if (!table) {
        gc_diags_error_at(diags, NULL, "Cannot read the sheet table", "%s: line %d: %s", path ? path : "(built-in)",
                          jerr.line, jerr.text);
        goto cleanup;
    }
    if (gc_doc_objsheets_check(table, path ? path : "(built-in)", diags))
        goto cleanup;
    *out = table;
    table = NULL;
    result = 0;
cleanup:
    json_decref(table);
    return result;
}

static int s_cmd_params(int argc, char **argv)
{
    int code = S_EXIT_INPUT;
    struct s_opts o = {0};
    struct gc_diags diags;
    struct gc_doc_schema schema = {0};
    struct gc_doc_input in = {0};
    struct gc_doc_atomic af = {0};
    struct gc_doc_params_opts popts = {0};
    struct gc_doc_settings settings = {0};
    struct gc_buf version;
    json_t *sheets = NULL;
    int rc;

    gc_diags_init(&diags);
    gc_buf_init(&version, 4096);
    rc = s_parse(argc, argv, &o, s_usage_params);
    if (rc != 0) {
        code = rc > 0 ? S_EXIT_OK : S_EXIT_INPUT;
        goto cleanup;
    }
    if (s_load_schema(&schema, o.schema, o.notes, &diags) || gc_doc_input_load(&in, o.input, &diags) ||
        s_load_settings(&settings, &o, &diags) || s_provider_version(&version, &o, &in, &diags) ||
        s_load_sheets(&sheets, o.sheets, &diags))
        goto cleanup;
    code = S_EXIT_FAIL;
    if (gc_doc_atomic_begin(&af, o.output) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot create the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    popts.date = o.date;
    popts.provider_version = gc_buf_cstr(&version);
    popts.settings = &settings;
    popts.sheets = sheets;
    popts.source_name = strcmp(o.input, "-") == 0 ? "(標準入力)" : s_basename(o.input);
    if (gc_doc_params_write(af.tmp_path, &in, &schema, &popts, &diags))
        goto cleanup;
    if (gc_doc_atomic_commit(&af) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot finish the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    code = S_EXIT_OK;
cleanup:
    gc_doc_atomic_abort(&af);
    gc_doc_diags_print(&diags);
    gc_diags_clean_up(&diags);
    gc_doc_input_clean_up(&in);
    gc_doc_schema_clean_up(&schema);
    gc_doc_settings_clean_up(&settings);
    gc_buf_clean_up(&version);
    json_decref(sheets);
    return code;
}

static int s_write_all(const char *path, const void *data, size_t len)
{
    int result = -1;
    FILE *f = fopen(path, "wb");

    if (!f)
        goto cleanup;
    if (len && fwrite(data, 1, len, f) != len)
        goto cleanup;
    result = 0;
cleanup:
    if (f && fclose(f) != 0)
        result = -1;
    return result;
}

static int s_cmd_diagram(int argc, char **argv)
{
    int code = S_EXIT_INPUT;
    struct s_opts o = {0};
    struct gc_diags diags;
    struct gc_doc_schema schema = {0};
    struct gc_doc_input in = {0};
    struct gc_doc_atomic af = {0};
    struct gc_doc_atomic src = {0};
    struct gc_doc_settings settings = {0};
    struct gc_doc_diagram_opts dopts = {0};
    json_t *sheets = NULL;
    struct gc_buf dot;
    int fmt;
    int rc;

    gc_diags_init(&diags);
    gc_buf_init(&dot, GC_BUF_MAX_DEFAULT);
    rc = s_parse(argc, argv, &o, s_usage_diagram);
    if (rc != 0) {
        code = rc > 0 ? S_EXIT_OK : S_EXIT_INPUT;
        goto cleanup;
    }
    fmt = o.format ? gc_doc_diagram_format_from_name(o.format) : gc_doc_diagram_format_from_path(o.output);
    if (fmt < 0) {
        gc_diags_error_at(&diags, NULL, "Unknown diagram format",
                          "%s: use an output ending in .svg, .png or .dot, or --format",
                          o.format ? o.format : o.output);
        goto cleanup;
    }
    if (s_load_schema(&schema, o.schema, o.notes, &diags) || gc_doc_input_load(&in, o.input, &diags) ||
        s_load_settings(&settings, &o, &diags) || s_load_sheets(&sheets, o.sheets, &diags))
        goto cleanup;
    code = S_EXIT_FAIL;
    dopts.settings = &settings;
    dopts.date = o.date;
    dopts.sheets = sheets;
    if (gc_doc_diagram_build(&dot, &in, &schema, &dopts)) {
        gc_diags_error_at(&diags, NULL, "Cannot build the diagram", "out of memory");
        goto cleanup;
    }
    if (gc_doc_atomic_begin(&af, o.output) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot create the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    if (fmt == GC_DOC_FMT_DOT) {
        if (s_write_all(af.tmp_path, dot.ptr, dot.len) != 0) {
            gc_diags_error_at(&diags, NULL, "Cannot write the output", "%s: %s", o.output, strerror(errno));
            goto cleanup;
        }
    } else {
        const char *prog = o.dot ? o.dot : getenv("GCNET_DOC_DOT");
        if (!prog || !*prog)
            prog = "dot";
        if (gc_doc_atomic_begin(&src, af.final_path) != 0 || s_write_all(src.tmp_path, dot.ptr, dot.len) != 0) {
            gc_diags_error_at(&diags, NULL, "Cannot write the DOT source", "%s", strerror(errno));
            goto cleanup;
        }
        if (gc_doc_diagram_render(prog, src.tmp_path, (enum gc_doc_diagram_format)fmt, af.tmp_path, &diags))
            goto cleanup;
    }
    if (gc_doc_atomic_commit(&af) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot finish the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    code = S_EXIT_OK;
cleanup:
    gc_doc_atomic_abort(&src);
    gc_doc_atomic_abort(&af);
    gc_doc_diags_print(&diags);
    gc_diags_clean_up(&diags);
    gc_buf_clean_up(&dot);
    gc_doc_input_clean_up(&in);
    gc_doc_schema_clean_up(&schema);
    gc_doc_settings_clean_up(&settings);
    json_decref(sheets);
    return code;
}

static void s_free_test_files(struct gc_doc_tftest_file *files, size_t n)
{
    for (size_t i = 0; files && i < n; i++)
        gc_doc_tftest_clean_up(&files[i]);
    free(files);
}

/* The test files of the stream, parallel to rep->files, from `dir` (DIR/path, else DIR/file name). Without a
 * directory: NULL and a warning (one item per run). A file that is missing or not readable HCL is an input error. */
static int s_load_test_files(struct gc_doc_tftest_file **out, const struct gc_doc_test_report *rep, const char *dir,
                             struct gc_diags *diags)
{
    int result = -1;
    struct gc_doc_tftest_file *files = NULL;
    struct gc_buf path;

    *out = NULL;
    gc_buf_init(&path, 1 << 16);
    if (!dir) {
        fprintf(stderr, "gcnet-doc: warning: no --test-dir: the report has one item per run, not per assertion\n");
        result = 0;
        goto cleanup;
    }
    files = calloc(rep->n_files + 1, sizeof *files);
    if (!files) {
        gc_diags_error_at(diags, NULL, "Out of memory", NULL);
        goto cleanup;
    }
    for (size_t i = 0; i < rep->n_files; i++) {
        const char *name = rep->files[i].path;
        gc_buf_reset(&path);
        if (gc_buf_printf(&path, "%s/%s", dir, name) != 0)
            goto cleanup;
        if (access(gc_buf_cstr(&path), R_OK) != 0) {
            gc_buf_reset(&path);
            if (gc_buf_printf(&path, "%s/%s", dir, s_basename(name)) != 0)
                goto cleanup;
        }
        if (access(gc_buf_cstr(&path), R_OK) != 0) {
            gc_diags_error_at(diags, NULL, "Test file not found", "%s: neither %s/%s nor %s/%s is readable", name, dir,
                              name, dir, s_basename(name));
            goto cleanup;
        }
        if (gc_doc_tftest_load(&files[i], gc_buf_cstr(&path), diags) != 0)
            goto cleanup;
    }
    *out = files;
    files = NULL;
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(diags))
        gc_diags_error_at(diags, NULL, "Cannot read the test files", "%s", dir);
    s_free_test_files(files, rep->n_files);
    gc_buf_clean_up(&path);
    return result;
}

static int s_cmd_tests(int argc, char **argv)
{
    int code = S_EXIT_INPUT;
    struct s_opts o = {0};
    struct gc_diags diags;
    struct gc_doc_test_report rep = {0};
    struct gc_doc_atomic af = {0};
    struct gc_doc_settings settings = {0};
    struct gc_doc_tests_opts topts = {0};
    struct gc_doc_testitems items = {0};
    struct gc_doc_tftest_file *files = NULL;
    struct gc_buf version;
    FILE *f = NULL;
    int rc;

    gc_diags_init(&diags);
    gc_buf_init(&version, 4096);
    rc = s_parse(argc, argv, &o, s_usage_tests);
    if (rc != 0) {
        code = rc > 0 ? S_EXIT_OK : S_EXIT_INPUT;
        goto cleanup;
    }
    f = strcmp(o.input, "-") == 0 ? stdin : fopen(o.input, "rb");
    if (!f) {
        gc_diags_error_at(&diags, NULL, "Cannot open input", "%s: %s", o.input, strerror(errno));
        goto cleanup;
    }
    if (gc_doc_test_report_read(&rep, f, &diags) || s_load_settings(&settings, &o, &diags) ||
        s_provider_version(&version, &o, NULL, &diags) || s_load_test_files(&files, &rep, o.test_dir, &diags))
        goto cleanup;
    code = S_EXIT_FAIL;
    if (gc_doc_testitems_build(&items, &rep, files)) {
        gc_diags_error_at(&diags, NULL, "Out of memory", NULL);
        goto cleanup;
    }
    if (gc_doc_atomic_begin(&af, o.output) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot create the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    topts.date = o.date;
    topts.source = strcmp(o.input, "-") == 0 ? "(標準入力)" : s_basename(o.input);
    topts.provider_version = gc_buf_cstr(&version);
    topts.environment = o.environment;
    topts.settings = &settings;
    topts.items = &items;
    if (gc_doc_tests_write(af.tmp_path, &rep, &topts, &diags))
        goto cleanup;
    if (gc_doc_atomic_commit(&af) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot finish the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    code = S_EXIT_OK;
cleanup:
    if (f && f != stdin)
        fclose(f);
    gc_doc_atomic_abort(&af);
    gc_doc_diags_print(&diags);
    gc_diags_clean_up(&diags);
    s_free_test_files(files, rep.n_files);
    gc_doc_testitems_clean_up(&items);
    gc_doc_test_report_clean_up(&rep);
    gc_doc_settings_clean_up(&settings);
    gc_buf_clean_up(&version);
    return code;
}

/* A refresh-only plan (`terraform plan -refresh-only`) proposes nothing: Terraform writes no resource_changes at
 * all (not even no-op or data-source read entries, which every normal plan of a non-empty configuration has). */
static bool s_is_refresh_only(const struct gc_doc_input *in)
{
    return json_array_size(json_object_get(in->root, "resource_changes")) == 0;
}

/* `changes` (a plan's resource_changes) and `drift` (its resource_drift): the same workbook shape. */
static int s_cmd_changeset(int argc, char **argv, enum gc_doc_chgset_source source)
{
    int code = S_EXIT_INPUT;
    struct s_opts o = {0};
    struct gc_diags diags;
    struct gc_doc_schema schema = {0};
    struct gc_doc_input in = {0};
    struct gc_doc_atomic af = {0};
    struct gc_doc_settings settings = {0};
    struct gc_doc_chgset set = {0};
    struct gc_doc_changes_opts copts = {0};
    struct gc_buf version;
    json_t *sheets = NULL;
    int rc;

    gc_diags_init(&diags);
    gc_buf_init(&version, 4096);
    rc = s_parse(argc, argv, &o, source == GC_DOC_CHGSET_DRIFT ? s_usage_drift : s_usage_changes);
    if (rc != 0) {
        code = rc > 0 ? S_EXIT_OK : S_EXIT_INPUT;
        goto cleanup;
    }
    if (s_load_schema(&schema, o.schema, o.notes, &diags) || gc_doc_input_load(&in, o.input, &diags))
        goto cleanup;
    if (in.kind != GC_DOC_KIND_PLAN) {
        gc_diags_error_at(&diags, NULL, "This is a state, not a plan",
                          source == GC_DOC_CHGSET_DRIFT
                              ? "give `terraform plan -refresh-only -out=F` then `terraform show -json F`"
                              : "give `terraform plan -out=F` then `terraform show -json F`");
        goto cleanup;
    }
    if (source == GC_DOC_CHGSET_DRIFT && !s_is_refresh_only(&in)) {
        gc_diags_error_at(&diags, NULL, "This is not a refresh-only plan",
                          "it proposes %zu resource change(s) (resource_changes); a drift report needs `terraform "
                          "plan -refresh-only -out=F` then `terraform show -json F`",
                          json_array_size(json_object_get(in.root, "resource_changes")));
        goto cleanup;
    }
    if (s_load_settings(&settings, &o, &diags) || s_provider_version(&version, &o, &in, &diags) ||
        s_load_sheets(&sheets, o.sheets, &diags))
        goto cleanup;
    code = S_EXIT_FAIL;
    if (gc_doc_chgset_build(&set, &in, source, &schema, sheets)) {
        gc_diags_error_at(&diags, NULL, "Out of memory", NULL);
        goto cleanup;
    }
    if (gc_doc_atomic_begin(&af, o.output) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot create the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    copts.date = o.date;
    copts.source_name = strcmp(o.input, "-") == 0 ? "(標準入力)" : s_basename(o.input);
    copts.provider_version = gc_buf_cstr(&version);
    copts.settings = &settings;
    if (gc_doc_changes_write(af.tmp_path, &set, &in, &copts, &diags))
        goto cleanup;
    if (gc_doc_atomic_commit(&af) != 0) {
        gc_diags_error_at(&diags, NULL, "Cannot finish the output", "%s: %s", o.output, strerror(errno));
        goto cleanup;
    }
    code = S_EXIT_OK;
cleanup:
    gc_doc_atomic_abort(&af);
    gc_doc_diags_print(&diags);
    gc_diags_clean_up(&diags);
    gc_doc_chgset_clean_up(&set);
    gc_doc_input_clean_up(&in);
    gc_doc_schema_clean_up(&schema);
    gc_doc_settings_clean_up(&settings);
    gc_buf_clean_up(&version);
    json_decref(sheets);
    return code;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;

    if (!cmd) {
        fputs(s_usage_main, stderr);
        return S_EXIT_INPUT;
    }
    if (strcmp(cmd, "params") == 0)
        return s_cmd_params(argc - 1, argv + 1);
    if (strcmp(cmd, "diagram") == 0)
        return s_cmd_diagram(argc - 1, argv + 1);
    if (strcmp(cmd, "tests") == 0)
        return s_cmd_tests(argc - 1, argv + 1);
    if (strcmp(cmd, "changes") == 0)
        return s_cmd_changeset(argc - 1, argv + 1, GC_DOC_CHGSET_PLAN);
    if (strcmp(cmd, "drift") == 0)
        return s_cmd_changeset(argc - 1, argv + 1, GC_DOC_CHGSET_DRIFT);
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : "";
        fputs(strcmp(topic, "params") == 0    ? s_usage_params
              : strcmp(topic, "diagram") == 0 ? s_usage_diagram
              : strcmp(topic, "tests") == 0   ? s_usage_tests
              : strcmp(topic, "changes") == 0 ? s_usage_changes
              : strcmp(topic, "drift") == 0   ? s_usage_drift
                                              : s_usage_main,
              stdout);
        return S_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("gcnet-doc %s\n", GCNET_DOC_VERSION);
        return S_EXIT_OK;
    }
    fprintf(stderr, "gcnet-doc: unknown command '%s'\n\n%s", cmd, s_usage_main);
    return S_EXIT_INPUT;
}
