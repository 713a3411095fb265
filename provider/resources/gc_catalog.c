#include "resources/gc_catalog.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define A GC_SYS_AWS
#define X GC_SYS_OUTSIDE
#define N GC_SYS_NONE

const struct gc_business_system gc_catalog_systems[GC_CATALOG_SYSTEMS] = {
    {"resident_records", "住民記録", "resident records"},
    {"electoral_roll", "選挙人名簿管理", "electoral roll"},
    {"fixed_asset_tax", "固定資産税", "fixed asset tax"},
    {"individual_resident_tax", "個人住民税", "individual resident tax"},
    {"corporate_resident_tax", "法人住民税", "corporate resident tax"},
    {"light_vehicle_tax", "軽自動車税", "light vehicle tax"},
    {"school_enrollment", "就学", "school enrollment"},
    {"national_pension", "国民年金", "national pension"},
    {"national_health_insurance", "国民健康保険", "national health insurance"},
    {"late_elderly_medical", "後期高齢者医療", "late-stage elderly medical care"},
    {"long_term_care", "介護保険", "long-term care insurance"},
    {"disability_welfare", "障害者福祉", "disability welfare"},
    {"public_assistance", "生活保護", "public assistance"},
    {"health_management", "健康管理", "health management"},
    {"child_allowance", "児童手当", "child allowance"},
    {"child_rearing_allowance", "児童扶養手当", "child rearing allowance"},
    {"child_care_support", "子ども・子育て支援", "child and child-care support"},
    {"family_register", "戸籍", "family register"},
    {"family_register_annex", "戸籍附票", "family register annex"},
    {"seal_registration", "印鑑登録", "seal registration"},
};

/* One row per municipality reads better than what the formatter makes of it. */
/* clang-format off */
/* Cities run every system; towns do not run public assistance or the child rearing allowance, and
 * Katsuura does not run school enrollment on AWS. Family registers are outside AWS everywhere. */
#define CITY {A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, X, X, A}
#define TOWN {A, A, A, A, A, A, A, A, A, A, A, A, N, A, A, N, A, X, X, A}
#define KATSUURA {A, A, A, A, A, A, N, A, A, A, A, A, N, A, A, N, A, X, X, A}

const struct gc_municipality gc_catalog[] = {
    {2, "naruto", "鳴門市", "Naruto City", "362026", GC_CONN_LGCS, "2025-01", true, true, false, CITY},
    {3, "komatsushima", "小松島市", "Komatsushima City", "362034", GC_CONN_LGCS, "2025-02", false, false, false, CITY},
    {4, "anan", "阿南市", "Anan City", "362042", GC_CONN_PRIVATE_LINE,
     "already connected; move to LGCS considered from FY2026", false, false, false, CITY},
    {7, "mima", "美馬市", "Mima City", "362077", GC_CONN_LGCS, "2025-01", true, false, true, CITY},
    {9, "katsuura", "勝浦町", "Katsuura Town", "363014", GC_CONN_LGCS, "2025-04 or later", true, false, false, KATSUURA},
    {18, "matsushige", "松茂町", "Matsushige Town", "364011", GC_CONN_LGCS, "2025-03", true, false, false, TOWN},
    {20, "aizumi", "藍住町", "Aizumi Town", "364037", GC_CONN_LGCS, "2025-03", true, false, false, TOWN},
    {21, "itano", "板野町", "Itano Town", "364045", GC_CONN_LGCS, "2025-04 or later", true, true, true, TOWN},
    {22, "kamiita", "上板町", "Kamiita Town", "364053", GC_CONN_LGCS, "2025-04 or later", true, false, false, TOWN},
};

/* clang-format on */

const size_t gc_catalog_count = sizeof gc_catalog / sizeof gc_catalog[0];

const struct gc_municipality *gc_catalog_find(const char *key)
{
    for (size_t i = 0; key && i < gc_catalog_count; i++)
        if (strcmp(gc_catalog[i].key, key) == 0)
            return &gc_catalog[i];
    return NULL;
}

const char *gc_connection_key(enum gc_connection c)
{
    return c == GC_CONN_PRIVATE_LINE ? "private_line" : "lgcs";
}

const char *gc_connection_name_ja(enum gc_connection c)
{
    return c == GC_CONN_PRIVATE_LINE ? "閉域接続回線（プライベート接続）"
                                     : "LGWAN ガバメントクラウド接続サービス（LGCS）";
}

bool gc_catalog_code_valid(const char *code)
{
    if (!code || strlen(code) != 6)
        return false;
    for (int i = 0; i < 6; i++)
        if (!isdigit((unsigned char)code[i]))
            return false;
    int sum = 0;
    for (int i = 0; i < 5; i++)
        sum += (code[i] - '0') * (6 - i);
    int check = (11 - sum % 11) % 10;
    return check == code[5] - '0';
}

static char s_keys_text[256];
static pthread_once_t s_keys_once = PTHREAD_ONCE_INIT;

static void s_build_keys_text(void)
{
    size_t used = 0;
    for (size_t i = 0; i < gc_catalog_count; i++) {
        int n = snprintf(s_keys_text + used, sizeof s_keys_text - used, "%s%s", i ? ", " : "", gc_catalog[i].key);
        if (n < 0 || (size_t)n >= sizeof s_keys_text - used)
            break;
        used += (size_t)n;
    }
}

const char *gc_catalog_keys_text(void)
{
    pthread_once(&s_keys_once, s_build_keys_text);
    return s_keys_text;
}
