/* framework/gc_journal: the local create journal. Entries recorded, held, completed with their id and settled;
 * every change written atomically (no half file, no temporary left); ten creates at once in one process; an
 * unreadable or foreign file is no journal and a warning, never a crash; a missing data directory is made. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "framework/gc_journal.h"
#include "gc_test.h"

#define HUB "gcnet_municipality_hub"
#define DNS "gcnet_dns_resolver"
#define S_TEXT(s) s, sizeof(s) - 1

/* A fresh directory per test, and the journal's file in it. */
struct s_dir {
    char root[64];
    char path[128];
};

static void s_dir_init(struct s_dir *d, const char *sub)
{
    snprintf(d->root, sizeof d->root, "/tmp/gc-journal-XXXXXX");
    if (!mkdtemp(d->root))
        d->root[0] = '\0';
    snprintf(d->path, sizeof d->path, "%s/%s/gcnet-create-journal.json", d->root, sub ? sub : ".");
}

static void s_dir_clean_up(struct s_dir *d)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->root);
    if (d->root[0] && system(cmd) != 0)
        printf("# could not remove %s\n", d->root);
}

static void s_write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, n, f);
        fclose(f);
    }
}

static bool s_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static size_t s_warnings(const struct gc_diags *diags)
{
    size_t n = 0;
    for (size_t i = 0; i < diags->n; i++)
        n += diags->items[i].severity == GC_SEV_WARNING;
    return n;
}

GC_TEST(begin_holds_set_id_and_settle)
{
    struct s_dir d;
    struct gc_diags diags;
    gc_diags_init(&diags);
    s_dir_init(&d, NULL);
    struct gc_journal *j = gc_journal_new(d.path);
    ASSERT_TRUE(j != NULL);
    ASSERT_FALSE(gc_journal_holds(j, HUB, "r/naruto/a", "t1", &diags)); /* no file: nothing held */
    ASSERT_INT_EQ(gc_journal_begin(j, HUB, "r/naruto/a", "t1", NULL, &diags), 0);
    ASSERT_INT_EQ(gc_journal_begin(j, DNS, "r/vpc-1", "t2", "vpc-1", &diags), 0);
    static const struct {
        const char *type, *identity, *token;
        bool held;
    } cases[] = {
        {HUB, "r/naruto/a", "t1", true},  {HUB, "r/naruto/a", "t2", false}, {HUB, "r/naruto/b", "t1", false},
        {DNS, "r/naruto/a", "t1", false}, {DNS, "r/vpc-1", "t2", true},     {HUB, "r/vpc-1", "t2", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool held = gc_journal_holds(j, cases[i].type, cases[i].identity, cases[i].token, &diags);
        if (held != cases[i].held)
            printf("# case %zu\n", i);
        ASSERT_TRUE(held == cases[i].held);
    }
    /* an entry without an id is not settled by anyone's id; once it has one, that id settles it */
    gc_journal_settled(j, HUB, "tgw-1");
    ASSERT_TRUE(gc_journal_holds(j, HUB, "r/naruto/a", "t1", &diags));
    ASSERT_INT_EQ(gc_journal_set_id(j, HUB, "r/naruto/a", "other-token", "tgw-9", &diags), 0); /* not ours */
    gc_journal_settled(j, HUB, "tgw-9");
    ASSERT_TRUE(gc_journal_holds(j, HUB, "r/naruto/a", "t1", &diags));
    ASSERT_INT_EQ(gc_journal_set_id(j, HUB, "r/naruto/a", "t1", "tgw-1", &diags), 0);
    gc_journal_settled(j, DNS, "tgw-1"); /* another type's id */
    ASSERT_TRUE(gc_journal_holds(j, HUB, "r/naruto/a", "t1", &diags));
    gc_journal_settled(j, HUB, "tgw-1");
    ASSERT_FALSE(gc_journal_holds(j, HUB, "r/naruto/a", "t1", &diags));
    ASSERT_TRUE(gc_journal_holds(j, DNS, "r/vpc-1", "t2", &diags));
    ASSERT_TRUE(s_exists(d.path));
    gc_journal_settled(j, DNS, "vpc-1");
    ASSERT_FALSE(gc_journal_holds(j, DNS, "r/vpc-1", "t2", &diags));
    ASSERT_FALSE(s_exists(d.path)); /* the last entry settled: no file for later reads to parse */
    ASSERT_INT_EQ(diags.n, 0);
    gc_journal_free(j);
    gc_diags_clean_up(&diags);
    s_dir_clean_up(&d);
}

GC_TEST(a_new_create_replaces_the_entry_of_its_identity)
{
    struct s_dir d;
    struct gc_diags diags;
    gc_diags_init(&diags);
    s_dir_init(&d, NULL);
    struct gc_journal *j = gc_journal_new(d.path);
    ASSERT_INT_EQ(gc_journal_begin(j, HUB, "r/naruto/a", "old", NULL, &diags), 0);
    ASSERT_INT_EQ(gc_journal_begin(j, HUB, "r/naruto/a", "new", NULL, &diags), 0);
    ASSERT_FALSE(gc_journal_holds(j, HUB, "r/naruto/a", "old", &diags));
    ASSERT_TRUE(gc_journal_holds(j, HUB, "r/naruto/a", "new", &diags));
    /* one entry on disk */
    json_t *doc = json_load_file(d.path, 0, NULL);
    ASSERT_INT_EQ((long)json_array_size(json_object_get(doc, "entries")), 1);
    json_decref(doc);
    gc_journal_free(j);
    gc_diags_clean_up(&diags);
    s_dir_clean_up(&d);
}

GC_TEST(writes_are_atomic_private_and_leave_no_temporary)
{
    struct s_dir d;
    char tmp[160], lock[160];
    struct stat st;
    struct gc_diags diags;
    gc_diags_init(&diags);
    s_dir_init(&d, NULL);
    snprintf(tmp, sizeof tmp, "%s.tmp", d.path);
    snprintf(lock, sizeof lock, "%s.lock", d.path);
    /* a temporary left by a writer killed mid-write is not the journal, and is overwritten */
    s_write_file(tmp, "{\"version\":1,\"entr", 18);
    struct gc_journal *j = gc_journal_new(d.path);
    ASSERT_FALSE(gc_journal_holds(j, HUB, "i", "t", &diags));
    ASSERT_INT_EQ(gc_journal_begin(j, HUB, "i", "t", NULL, &diags), 0);
    ASSERT_FALSE(s_exists(tmp));
    ASSERT_INT_EQ(stat(d.path, &st), 0);
    ASSERT_INT_EQ((int)(st.st_mode & 0777), 0600);
    json_error_t error;
    json_t *doc = json_load_file(d.path, 0, &error);
    ASSERT_TRUE(doc != NULL);
    ASSERT_INT_EQ((long)json_integer_value(json_object_get(doc, "version")), 1);
    json_t *e = json_array_get(json_object_get(doc, "entries"), 0);
    ASSERT_STR_EQ(json_string_value(json_object_get(e, "token")), "t");
    ASSERT_TRUE(json_object_get(e, "id") == NULL);
    json_decref(doc);
    /* a settle that changes nothing does not rewrite the file */
    ino_t before = st.st_ino;
    gc_journal_settled(j, HUB, "tgw-unknown");
    ASSERT_INT_EQ(stat(d.path, &st), 0);
    ASSERT_TRUE(st.st_ino == before);
    ASSERT_INT_EQ(diags.n, 0);
    gc_journal_free(j);
    gc_diags_clean_up(&diags);
    s_dir_clean_up(&d);
}

GC_TEST(settle_without_a_journal_writes_nothing)
{
    struct s_dir d;
    char lock[160];
    s_dir_init(&d, "missing");
    snprintf(lock, sizeof lock, "%s.lock", d.path);
    struct gc_journal *j = gc_journal_new(d.path);
    gc_journal_settled(j, HUB, "tgw-1");
    ASSERT_FALSE(s_exists(d.path));
    ASSERT_FALSE(s_exists(lock));
    gc_journal_free(j);
    /* a NULL journal is a journal that holds nothing */
    gc_journal_settled(NULL, HUB, "tgw-1");
    ASSERT_INT_EQ(gc_journal_begin(NULL, HUB, "i", "t", NULL, NULL), 0);
    ASSERT_FALSE(gc_journal_holds(NULL, HUB, "i", "t", NULL));
    s_dir_clean_up(&d);
}

GC_TEST(a_missing_data_directory_is_made)
{
    struct s_dir d;
    struct gc_diags diags;
    gc_diags_init(&diags);
    s_dir_init(&d, ".terraform");
    struct gc_journal *j = gc_journal_new(d.path);
    ASSERT_INT_EQ(gc_journal_begin(j, HUB, "i", "t", NULL, &diags), 0);
    ASSERT_TRUE(gc_journal_holds(j, HUB, "i", "t", &diags));
    ASSERT_INT_EQ(diags.n, 0);
    gc_journal_free(j);
    gc_diags_clean_up(&diags);
    s_dir_clean_up(&d);
}

GC_TEST(an_unwritable_place_is_a_warning)
{
    struct s_dir d;
    char file[96], path[160];
    struct gc_diags diags;
    gc_diags_init(&diags);
    s_dir_init(&d, NULL);
    /* the data directory is a regular file: neither root nor anyone can write under it */
    snprintf(file, sizeof file, "%s/not-a-dir", d.root);
    snprintf(path, sizeof path, "%s/gcnet-create-journal.json", file);
    s_write_file(file, "x", 1);
    struct gc_journal *j = gc_journal_new(path);
    ASSERT_INT_EQ(gc_journal_begin(j, HUB, "i", "t", NULL, &diags), -1);
    ASSERT_INT_EQ(s_warnings(&diags), 1);
    ASSERT_FALSE(gc_diags_has_error(&diags));
    ASSERT_FALSE(gc_journal_holds(j, HUB, "i", "t", &diags));
    gc_journal_settled(j, HUB, "x");
    gc_journal_free(j);
    gc_diags_clean_up(&diags);
    s_dir_clean_up(&d);
}

GC_TEST(an_unreadable_file_is_no_journal_and_a_warning)
{
    static const struct {
        const char *text;
        size_t n;
    } cases[] = {
        {S_TEXT("")},
        {S_TEXT("{")},
        {S_TEXT("[]")},
        {S_TEXT("null")},
        {S_TEXT("{\"version\":2,\"entries\":[]}")},
        {S_TEXT("{\"version\":\"1\",\"entries\":[]}")},
        {S_TEXT("{\"version\":1}")},
        {S_TEXT("{\"version\":1,\"entries\":{}}")},
        {S_TEXT("{\"version\":1,\"entries\":[1]}")},
        {S_TEXT("{\"version\":1,\"entries\":[{\"type\":\"" HUB "\",\"identity\":\"i\"}]}")},
        {S_TEXT("{\"version\":1,\"entries\":[{\"type\":\"" HUB "\",\"identity\":\"i\",\"token\":\"t\",\"id\":7}]}")},
        {S_TEXT("{\"version\":1,\"version\":1,\"entries\":[]}")},
        {S_TEXT("\xff\xfe\x00garbage")},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct s_dir d;
        struct gc_diags diags;
        gc_diags_init(&diags);
        s_dir_init(&d, NULL);
        s_write_file(d.path, cases[i].text, cases[i].n);
        struct gc_journal *j = gc_journal_new(d.path);
        bool held = gc_journal_holds(j, HUB, "i", "t", &diags);
        size_t warned = s_warnings(&diags);
        gc_journal_settled(j, HUB, "x"); /* leaves it alone, no crash */
        /* the next create replaces it, with a warning, and the journal works again */
        int begun = gc_journal_begin(j, HUB, "i", "t2", NULL, &diags);
        bool held_after = gc_journal_holds(j, HUB, "i", "t2", &diags);
        size_t warned_after = s_warnings(&diags);
        bool has_error = gc_diags_has_error(&diags);
        gc_journal_free(j);
        gc_diags_clean_up(&diags);
        s_dir_clean_up(&d);
        if (held || warned != 1 || begun != 0 || !held_after || warned_after != 2 || has_error)
            printf("# case %zu\n", i);
        ASSERT_FALSE(held);
        ASSERT_INT_EQ(warned, 1);
        ASSERT_INT_EQ(begun, 0);
        ASSERT_TRUE(held_after);
        ASSERT_INT_EQ(warned_after, 2);
        ASSERT_FALSE(has_error);
    }
}

GC_TEST(a_directory_or_huge_file_in_its_place_is_no_journal)
{
    struct s_dir d;
    struct gc_diags diags;
    gc_diags_init(&diags);
    s_dir_init(&d, NULL);
    ASSERT_INT_EQ(mkdir(d.path, 0700), 0);
    struct gc_journal *j = gc_journal_new(d.path);
    ASSERT_FALSE(gc_journal_holds(j, HUB, "i", "t", &diags));
    ASSERT_INT_EQ(gc_journal_begin(j, HUB, "i", "t", NULL, &diags), -1); /* cannot rename over a directory */
    ASSERT_FALSE(gc_diags_has_error(&diags));
    ASSERT_TRUE(s_warnings(&diags) >= 2);
    gc_journal_free(j);
    rmdir(d.path);
    /* more than 1 MiB is not a journal */
    FILE *f = fopen(d.path, "wb");
    ASSERT_TRUE(f != NULL);
    for (int i = 0; i < 1100 * 1024; i++)
        fputc(' ', f);
    fclose(f);
    j = gc_journal_new(d.path);
    gc_diags_clean_up(&diags);
    gc_diags_init(&diags);
    ASSERT_FALSE(gc_journal_holds(j, HUB, "i", "t", &diags));
    ASSERT_INT_EQ(s_warnings(&diags), 1);
    gc_journal_free(j);
    gc_diags_clean_up(&diags);
    s_dir_clean_up(&d);
}

/* Ten resources of one apply begin, complete and check their creates at once. */
struct s_worker {
    struct gc_journal *journal;
    int n;
    int failures;
};

static void *s_worker_run(void *arg)
{
    struct s_worker *w = arg;
    char identity[32], token[32], id[32];
    struct gc_diags diags;
    gc_diags_init(&diags);
    for (int round = 0; round < 20; round++) {
        snprintf(identity, sizeof identity, "r/m%d", w->n);
        snprintf(token, sizeof token, "t%d-%d", w->n, round);
        snprintf(id, sizeof id, "tgw-%d-%d", w->n, round);
        w->failures += gc_journal_begin(w->journal, HUB, identity, token, NULL, &diags) != 0;
        w->failures += gc_journal_set_id(w->journal, HUB, identity, token, id, &diags) != 0;
        w->failures += !gc_journal_holds(w->journal, HUB, identity, token, &diags);
        if (round + 1 < 20) {
            gc_journal_settled(w->journal, HUB, id);
            w->failures += gc_journal_holds(w->journal, HUB, identity, token, &diags);
        }
    }
    w->failures += (int)diags.n;
    gc_diags_clean_up(&diags);
    return NULL;
}

GC_TEST(ten_creates_at_once_keep_every_entry)
{
    struct s_dir d;
    pthread_t threads[10];
    struct s_worker workers[10];
    s_dir_init(&d, ".terraform");
    /* two journals on one file, as two provider processes of one directory would have */
    struct gc_journal *a = gc_journal_new(d.path), *b = gc_journal_new(d.path);
    for (int i = 0; i < 10; i++) {
        workers[i] = (struct s_worker){i % 2 ? a : b, i, 0};
        ASSERT_INT_EQ(pthread_create(&threads[i], NULL, s_worker_run, &workers[i]), 0);
    }
    for (int i = 0; i < 10; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 10; i++) {
        char identity[32], token[32];
        snprintf(identity, sizeof identity, "r/m%d", i);
        snprintf(token, sizeof token, "t%d-19", i);
        ASSERT_INT_EQ(workers[i].failures, 0);
        ASSERT_TRUE(gc_journal_holds(a, HUB, identity, token, NULL));
    }
    json_t *doc = json_load_file(d.path, 0, NULL);
    ASSERT_INT_EQ((long)json_array_size(json_object_get(doc, "entries")), 10);
    json_decref(doc);
    gc_journal_free(a);
    gc_journal_free(b);
    s_dir_clean_up(&d);
}

GC_TEST(default_path_follows_tf_data_dir)
{
    static const struct {
        const char *env; /* NULL: unset */
        const char *want;
    } cases[] = {
        {NULL, ".terraform/gcnet-create-journal.json"},
        {"", ".terraform/gcnet-create-journal.json"},
        {"data", "data/gcnet-create-journal.json"},
        {"/abs/dir", "/abs/dir/gcnet-create-journal.json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].env)
            setenv("TF_DATA_DIR", cases[i].env, 1);
        else
            unsetenv("TF_DATA_DIR");
        char *path = gc_journal_default_path();
        ASSERT_STR_EQ(path, cases[i].want);
        free(path);
    }
    unsetenv("TF_DATA_DIR");
}

/* The identities the hub (region/municipality/name) and the resolver (region/vpc) record: byte for byte what older
 * journals hold, NULLs as empty parts. */
GC_TEST(identity_joins_region_and_parts)
{
    static const char *const hub[] = {"naruto", "hub"}, *const gaps[] = {NULL, "hub"}, *const vpc[] = {"vpc-1"};
    static const struct {
        const char *region;
        const char *const *parts;
        size_t n;
        const char *want;
    } cases[] = {
        {"ap-northeast-1", hub, 2, "ap-northeast-1/naruto/hub"},
        {NULL, gaps, 2, "//hub"},
        {"ap-northeast-3", vpc, 1, "ap-northeast-3/vpc-1"},
        {"ap-northeast-1", NULL, 0, "ap-northeast-1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *id = gc_journal_identity(cases[i].region, cases[i].parts, cases[i].n);
        ASSERT_TRUE(id != NULL);
        int same = strcmp(id, cases[i].want);
        if (same != 0)
            printf("# case %zu: %s\n", i, id);
        free(id);
        ASSERT_INT_EQ(same, 0);
    }
}

GC_TEST_MAIN(GC_CASE(identity_joins_region_and_parts), GC_CASE(begin_holds_set_id_and_settle), GC_CASE(a_new_create_replaces_the_entry_of_its_identity),
             GC_CASE(writes_are_atomic_private_and_leave_no_temporary),
             GC_CASE(settle_without_a_journal_writes_nothing), GC_CASE(a_missing_data_directory_is_made),
             GC_CASE(an_unwritable_place_is_a_warning), GC_CASE(an_unreadable_file_is_no_journal_and_a_warning),
             GC_CASE(a_directory_or_huge_file_in_its_place_is_no_journal),
             GC_CASE(ten_creates_at_once_keep_every_entry), GC_CASE(default_path_follows_tf_data_dir))
