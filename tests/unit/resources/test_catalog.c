/* The municipality catalog (resources/gc_catalog.c) against the joint procurement contract's tables,
 * transcribed here independently: codes and check digits, connections, options ordered, and the placement of
 * the 20 standard business systems; and, from the registry, that each resource applies the timeouts it documents. */
#include "gc_test.h"
#include "framework/gc_resource.h"
#include "resources/gc_catalog.h"

/* The contract's "Participants" and "Options ordered" tables. */
static const struct {
    int no;
    const char *key, *name_ja, *code;
    enum gc_connection conn;
    bool dns, ca, privatelink;
    const char *placement; /* the business-system column of the doc: A, X or - per system, in doc order */
} s_doc[] = {
    {2, "naruto", "鳴門市", "362026", GC_CONN_LGCS, true, true, false, "AAAAAAAAAAAAAAAAAXXA"},
    {3, "komatsushima", "小松島市", "362034", GC_CONN_LGCS, false, false, false, "AAAAAAAAAAAAAAAAAXXA"},
    {4, "anan", "阿南市", "362042", GC_CONN_PRIVATE_LINE, false, false, false, "AAAAAAAAAAAAAAAAAXXA"},
    {7, "mima", "美馬市", "362077", GC_CONN_LGCS, true, false, true, "AAAAAAAAAAAAAAAAAXXA"},
    {9, "katsuura", "勝浦町", "363014", GC_CONN_LGCS, true, false, false, "AAAAAA-AAAAA-AA-AXXA"},
    {18, "matsushige", "松茂町", "364011", GC_CONN_LGCS, true, false, false, "AAAAAAAAAAAA-AA-AXXA"},
    {20, "aizumi", "藍住町", "364037", GC_CONN_LGCS, true, false, false, "AAAAAAAAAAAA-AA-AXXA"},
    {21, "itano", "板野町", "364045", GC_CONN_LGCS, true, true, true, "AAAAAAAAAAAA-AA-AXXA"},
    {22, "kamiita", "上板町", "364053", GC_CONN_LGCS, true, false, false, "AAAAAAAAAAAA-AA-AXXA"},
};
#define N_DOC (sizeof s_doc / sizeof s_doc[0])

/* The doc's system rows, in order. */
static const char *const s_doc_systems[GC_CATALOG_SYSTEMS] = {
    "resident_records", "electoral_roll", "fixed_asset_tax", "individual_resident_tax", "corporate_resident_tax",
    "light_vehicle_tax", "school_enrollment", "national_pension", "national_health_insurance",
    "late_elderly_medical", "long_term_care", "disability_welfare", "public_assistance", "health_management",
    "child_allowance", "child_rearing_allowance", "child_care_support", "family_register",
    "family_register_annex", "seal_registration",
};

static int s_system_index(const char *key)
{
    for (int i = 0; i < GC_CATALOG_SYSTEMS; i++)
        if (strcmp(gc_catalog_systems[i].key, key) == 0)
            return i;
    return -1;
}

GC_TEST(nine_municipalities)
{
    ASSERT_INT_EQ(gc_catalog_count, 9);
    for (size_t i = 0; i < N_DOC; i++) {
        const struct gc_municipality *m = gc_catalog_find(s_doc[i].key);
        ASSERT_TRUE(m != NULL);
        ASSERT_INT_EQ(m->council_no, s_doc[i].no);
        ASSERT_STR_EQ(m->name_ja, s_doc[i].name_ja);
        ASSERT_STR_EQ(m->code, s_doc[i].code);
        ASSERT_INT_EQ(m->connection, s_doc[i].conn);
        ASSERT_TRUE(strstr(gc_catalog_keys_text(), s_doc[i].key) != NULL);
    }
    ASSERT_TRUE(gc_catalog_find("tokushima") == NULL);
    ASSERT_TRUE(gc_catalog_find("") == NULL);
    ASSERT_TRUE(gc_catalog_find(NULL) == NULL);
    ASSERT_TRUE(gc_catalog_find("Naruto") == NULL);
}

GC_TEST(codes_pass_check_digit)
{
    for (size_t i = 0; i < gc_catalog_count; i++) {
        if (!gc_catalog_code_valid(gc_catalog[i].code))
            printf("# %s %s\n", gc_catalog[i].key, gc_catalog[i].code);
        ASSERT_TRUE(gc_catalog_code_valid(gc_catalog[i].code));
    }
    /* the doc's worked rule: 11 - sum mod 11, last digit only (11 -> 1, 10 -> 0) */
    static const struct {
        const char *code;
        bool ok;
    } rows[] = {
        {"131016", true},  /* Chiyoda, Tokyo */
        {"011002", true},  /* Sapporo */
        {"362027", false}, {"362025", false}, {"362020", false}, {"363015", false}, {"364010", false},
        {"36202", false},  {"3620260", false}, {"36202a", false}, {"", false}, {"-62026", false},
        {" 362026", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (gc_catalog_code_valid(rows[i].code) != rows[i].ok)
            printf("# \"%s\"\n", rows[i].code);
        ASSERT_TRUE(gc_catalog_code_valid(rows[i].code) == rows[i].ok);
    }
    ASSERT_FALSE(gc_catalog_code_valid(NULL));
    /* every wrong check digit of every catalog code fails */
    for (size_t i = 0; i < gc_catalog_count; i++) {
        char c[7];
        memcpy(c, gc_catalog[i].code, 7);
        for (char d = '0'; d <= '9'; d++) {
            if (d == gc_catalog[i].code[5])
                continue;
            c[5] = d;
            ASSERT_FALSE(gc_catalog_code_valid(c));
        }
    }
}

GC_TEST(check_digit_wraps)
{
    /* sums giving 11 - 0 = 11 -> 1 and 11 - 1 = 10 -> 0: search codes with those remainders and check them */
    int seen_11 = 0, seen_10 = 0;
    for (int n = 0; n < 100000; n += 7) {
        char c[7];
        snprintf(c, sizeof c, "%05d0", n);
        int sum = 0;
        for (int i = 0; i < 5; i++)
            sum += (c[i] - '0') * (6 - i);
        int r = sum % 11;
        if (r != 0 && r != 1)
            continue;
        c[5] = r == 0 ? '1' : '0';
        seen_11 += r == 0;
        seen_10 += r == 1;
        ASSERT_TRUE(gc_catalog_code_valid(c));
    }
    ASSERT_TRUE(seen_11 > 0 && seen_10 > 0);
}

GC_TEST(options_ordered)
{
    for (size_t i = 0; i < N_DOC; i++) {
        const struct gc_municipality *m = gc_catalog_find(s_doc[i].key);
        ASSERT_TRUE(m != NULL);
        if (m->dns != s_doc[i].dns || m->private_ca != s_doc[i].ca || m->privatelink != s_doc[i].privatelink)
            printf("# %s\n", m->key);
        ASSERT_TRUE(m->dns == s_doc[i].dns);
        ASSERT_TRUE(m->private_ca == s_doc[i].ca);
        ASSERT_TRUE(m->privatelink == s_doc[i].privatelink);
    }
}

GC_TEST(connections)
{
    const struct gc_municipality *anan = gc_catalog_find("anan");
    ASSERT_TRUE(anan != NULL);
    ASSERT_INT_EQ(anan->connection, GC_CONN_PRIVATE_LINE);
    ASSERT_STR_EQ(gc_connection_key(anan->connection), "private_line");
    int lgcs = 0;
    for (size_t i = 0; i < gc_catalog_count; i++)
        lgcs += gc_catalog[i].connection == GC_CONN_LGCS;
    ASSERT_INT_EQ(lgcs, 8);
    ASSERT_STR_EQ(gc_connection_key(GC_CONN_LGCS), "lgcs");
    ASSERT_TRUE(strstr(gc_connection_name_ja(GC_CONN_LGCS), "LGWAN") != NULL);
}

GC_TEST(business_system_placement)
{
    /* the catalog lists the same 20 systems as the doc */
    for (int s = 0; s < GC_CATALOG_SYSTEMS; s++)
        ASSERT_TRUE(s_system_index(s_doc_systems[s]) >= 0);
    for (size_t i = 0; i < N_DOC; i++) {
        const struct gc_municipality *m = gc_catalog_find(s_doc[i].key);
        ASSERT_TRUE(m != NULL);
        for (int s = 0; s < GC_CATALOG_SYSTEMS; s++) {
            char want = s_doc[i].placement[s];
            enum gc_system_placement p = m->systems[s_system_index(s_doc_systems[s])];
            char got = p == GC_SYS_AWS ? 'A' : p == GC_SYS_OUTSIDE ? 'X' : '-';
            if (got != want)
                printf("# %s %s: %c != %c\n", m->key, s_doc_systems[s], got, want);
            ASSERT_INT_EQ(got, want);
        }
    }
}

GC_TEST(placement_rules)
{
    int pa = s_system_index("public_assistance"), cra = s_system_index("child_rearing_allowance");
    int school = s_system_index("school_enrollment");
    int fr = s_system_index("family_register"), fra = s_system_index("family_register_annex");
    ASSERT_TRUE(pa >= 0 && cra >= 0 && school >= 0 && fr >= 0 && fra >= 0);
    for (size_t i = 0; i < gc_catalog_count; i++) {
        const struct gc_municipality *m = &gc_catalog[i];
        bool town = strstr(m->name_en, "Town") != NULL;
        ASSERT_INT_EQ(m->systems[pa], town ? GC_SYS_NONE : GC_SYS_AWS);
        ASSERT_INT_EQ(m->systems[cra], town ? GC_SYS_NONE : GC_SYS_AWS);
        ASSERT_INT_EQ(m->systems[school], strcmp(m->key, "katsuura") == 0 ? GC_SYS_NONE : GC_SYS_AWS);
        ASSERT_INT_EQ(m->systems[fr], GC_SYS_OUTSIDE);
        ASSERT_INT_EQ(m->systems[fra], GC_SYS_OUTSIDE);
    }
}

/* Every resource applies the default timeouts its documentation names: "(default 30m)" in the timeouts block's
 * descriptions is the def's default_create_s/_update_s/_delete_s. */
GC_TEST(documented_timeouts_are_applied)
{
    static const char *const ops[] = {"create", "update", "delete"};
    for (size_t i = 0; i < gc_n_resource_defs; i++) {
        const struct gc_resource_def *d = gc_resource_defs[i];
        const struct gc_block_def *t = NULL;
        for (size_t k = 0; k < d->block->n_blocks; k++)
            if (strcmp(d->block->blocks[k].name, "timeouts") == 0)
                t = d->block->blocks[k].block;
        ASSERT_TRUE(t != NULL);
        const int64_t applied[] = {d->default_create_s, d->default_update_s, d->default_delete_s};
        for (size_t k = 0; k < 3; k++) {
            const struct gc_attr_def *a = gc_block_attr(t, ops[k]);
            const char *p = a ? strstr(a->description, "(default ") : NULL;
            long n = 0;
            char unit = 0;
            ASSERT_TRUE(p && sscanf(p, "(default %ld%c", &n, &unit) == 2);
            long seconds = unit == 'h' ? n * 3600 : unit == 'm' ? n * 60 : unit == 's' ? n : -1;
            if (seconds != applied[k])
                printf("# %s %s: documented %ld%c, applied %lld s\n", d->type_name, ops[k], n, unit,
                       (long long)applied[k]);
            ASSERT_INT_EQ(seconds, applied[k]);
        }
    }
}

GC_TEST_MAIN(GC_CASE(documented_timeouts_are_applied), GC_CASE(nine_municipalities), GC_CASE(codes_pass_check_digit), GC_CASE(check_digit_wraps),
             GC_CASE(options_ordered), GC_CASE(connections), GC_CASE(business_system_placement),
             GC_CASE(placement_rules))
