/* framework/gc_import: the words of a refused import ID and of a missing object (what Terraform shows), and the
 * imported state: the block's object with only its id. */
#include <stdlib.h>

#include "framework/gc_import.h"
#include "gc_test.h"
#include "kit_test.h"

static const struct gc_attr_def s_attrs[] = {
    {"id", &gc_type_string, GC_ATTR_COMPUTED, "The ID.", NULL, NULL},
    {"name", &gc_type_string, GC_ATTR_REQUIRED, "A name.", NULL, NULL},
};
static struct gc_block_def s_block = {s_attrs, 2, NULL, 0, "A thing.", NULL};

/* The only diagnostic of `k` is an error with this summary and detail. */
static bool s_only_error(const struct kit_op *k, const char *summary, const char *detail)
{
    const struct gc_diag *d = k->diags.n == 1 ? &k->diags.items[0] : NULL;
    bool same = d && d->severity == GC_SEV_ERROR && d->summary && strcmp(d->summary, summary) == 0 && d->detail &&
                strcmp(d->detail, detail) == 0;
    if (!same)
        printf("# %zu diagnostics: %s / %s\n", k->diags.n, d && d->summary ? d->summary : "-",
               d && d->detail ? d->detail : "-");
    return same;
}

GC_TEST(bad_id_words)
{
    static const struct {
        const char *id;
        const char *detail;
    } rows[] = {
        {"vpc-1", "Import a thing by its ID, e.g. terraform import gcnet_test_thing.x t-0123; got \"vpc-1\"."},
        {NULL, "Import a thing by its ID, e.g. terraform import gcnet_test_thing.x t-0123; got \"\"."},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct kit_op k;
        kit_op_init(&k, 60, "import");
        gc_import_bad_id(&k.op, rows[i].id, "a thing by its ID", "gcnet_test_thing.x t-0123");
        bool ok = s_only_error(&k, "Invalid import ID", rows[i].detail) && kit_diag_has(&k.diags, "t-0123");
        kit_op_clean_up(&k);
        ASSERT_TRUE(ok);
    }
}

GC_TEST(missing_words)
{
    struct kit_op k;
    kit_op_init(&k, 60, "import");
    gc_import_missing(&k.op, "No thing %s exists in %s.", "t-0123", "this account");
    bool ok = s_only_error(&k, "Cannot import non-existent remote object", "No thing t-0123 exists in this account.");
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

GC_TEST(state_holds_only_the_id)
{
    struct kit_op k;
    struct gc_value *state = NULL;
    ASSERT_INT_EQ(gc_schema_prepare(&s_block), 0);
    kit_op_init(&k, 60, "import");
    int rc = gc_import_state(&k.op, &s_block, "t-0123", &state);
    const char *id = gc_value_get_string(state, "id");
    bool ok = rc == 0 && k.diags.n == 0 && state && id && strcmp(id, "t-0123") == 0 &&
              gc_value_is_null(gc_value_object_get(state, "name"));
    gc_value_free(state);
    kit_op_clean_up(&k);
    ASSERT_TRUE(ok);
}

int main(void)
{
    static const struct gc_test_case cases[] = {GC_CASE(bad_id_words), GC_CASE(missing_words),
                                                GC_CASE(state_holds_only_the_id)};
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
