#include "catalog.h"

#include <stddef.h>
#include <string.h>

static const struct gc_doc_municipality s_table[] = {
    {"naruto", "鳴門市", "Naruto City", "362026", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)", true, true,
     false},
    {"komatsushima", "小松島市", "Komatsushima City", "362034", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)",
     false, false, false},
    {"anan", "阿南市", "Anan City", "362042", "private_line", "専用線 (プライベートアクセス回線)", false, false, false},
    {"mima", "美馬市", "Mima City", "362077", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)", true, false, true},
    {"katsuura", "勝浦町", "Katsuura Town", "363014", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)", true,
     false, false},
    {"matsushige", "松茂町", "Matsushige Town", "364011", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)", true,
     false, false},
    {"aizumi", "藍住町", "Aizumi Town", "364037", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)", true, false,
     false},
    {"itano", "板野町", "Itano Town", "364045", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)", true, true,
     true},
    {"kamiita", "上板町", "Kamiita Town", "364053", "LGCS", "LGCS (LGWAN ガバメントクラウド接続サービス)", true, false,
     false},
};

const struct gc_doc_municipality *gc_doc_catalog_find(const char *key)
{
    if (!key)
        return NULL;
    for (size_t i = 0; i < sizeof s_table / sizeof s_table[0]; i++)
        if (strcmp(s_table[i].key, key) == 0)
            return &s_table[i];
    return NULL;
}

unsigned gc_doc_catalog_count(void)
{
    return (unsigned)(sizeof s_table / sizeof s_table[0]);
}

const struct gc_doc_municipality *gc_doc_catalog_at(unsigned i)
{
    return i < gc_doc_catalog_count() ? &s_table[i] : NULL;
}

bool gc_doc_catalog_code_valid(const char *code)
{
    static const int weights[5] = {6, 5, 4, 3, 2};
    int sum = 0;

    if (!code || strlen(code) != 6)
        return false;
    for (int i = 0; i < 6; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    for (int i = 0; i < 5; i++)
        sum += (code[i] - '0') * weights[i];
    return (11 - sum % 11) % 10 == code[5] - '0';
}

static const char *const s_systems[][2] = {
    {"resident_records", "住民記録"},
    {"electoral_roll", "選挙人名簿管理"},
    {"fixed_asset_tax", "固定資産税"},
    {"individual_resident_tax", "個人住民税"},
    {"corporate_resident_tax", "法人住民税"},
    {"light_vehicle_tax", "軽自動車税"},
    {"school_enrollment", "就学"},
    {"national_pension", "国民年金"},
    {"national_health_insurance", "国民健康保険"},
    {"late_elderly_medical", "後期高齢者医療"},
    {"long_term_care", "介護保険"},
    {"disability_welfare", "障害者福祉"},
    {"public_assistance", "生活保護"},
    {"health_management", "健康管理"},
    {"child_allowance", "児童手当"},
    {"child_rearing_allowance", "児童扶養手当"},
    {"child_care_support", "子ども・子育て支援"},
    {"family_register", "戸籍"},
    {"family_register_annex", "戸籍附票"},
    {"seal_registration", "印鑑登録"},
};

const char *gc_doc_catalog_system_ja(const char *key)
{
    if (!key)
        return NULL;
    for (size_t i = 0; i < sizeof s_systems / sizeof s_systems[0]; i++)
        if (strcmp(s_systems[i][0], key) == 0)
            return s_systems[i][1];
    return NULL;
}

const char *gc_doc_catalog_method_ja(const char *method)
{
    if (!method)
        return NULL;
    if (strcmp(method, "transit_gateway") == 0)
        return "Transit Gateway 接続";
    if (strcmp(method, "privatelink") == 0)
        return "PrivateLink 接続";
    if (strcmp(method, "peering") == 0)
        return "ピアリング接続";
    if (strcmp(method, "tgw_peering") == 0)
        return "TGW ピアリング接続";
    /* the premises' link (gcnet_onprem_link) */
    if (strcmp(method, "dx_gateway") == 0)
        return "Direct Connect ゲートウェイ接続";
    if (strcmp(method, "dx_proposal") == 0)
        return "Direct Connect ゲートウェイ接続 (事業者承認)";
    if (strcmp(method, "vpn") == 0)
        return "Site-to-Site VPN 接続";
    return NULL;
}
