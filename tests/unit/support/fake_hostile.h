/* Hostile AWS answers for unit tests: each variant turns an operation's normal answer (XML or JSON text) into
 * something a real or broken AWS endpoint, proxy or network could send: one XML element / JSON key removed,
 * emptied or duplicated, the body truncated, empty, garbage, HTML, 1 MB text in a leaf, 10k-deep nesting, wrong
 * types, 1000 list items, a NextToken that repeats or never ends, error statuses without a usable body, the other
 * protocol's syntax, and seeded random byte mutations. Test-only code (tests/unit/support). */
#ifndef FAKE_HOSTILE_H
#define FAKE_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>

enum fh_kind {
    FH_REMOVE = 0, /* per element / key: index = which one */
    FH_EMPTY,
    FH_DUP,
    FH_HALF, /* whole-body */
    FH_EMPTY_BODY,
    FH_GARBAGE,
    FH_HTML,
    FH_HUGE_TEXT,
    FH_DEEP,
    FH_WRONG_TYPES,
    FH_LETTERS,
    FH_NEGATIVE,
    FH_MANY_ITEMS,
    FH_TOKEN_SAME,
    FH_TOKEN_COUNTING,
    FH_400_EMPTY,
    FH_500_GARBAGE,
    FH_400_HALF_ERROR,
    FH_OTHER_SYNTAX, /* XML where JSON is expected and JSON where XML is */
    FH_RANDOM,       /* index = the seed */
    FH_COUNT
};

struct fh_variant {
    enum fh_kind kind;
    size_t index;  /* element / key index, or the seed for FH_RANDOM */
    long status;   /* the answered HTTP status */
    int max_calls; /* answer only the first max_calls calls so (0: every call) */
};

/* An owned text (malloc'd, NUL-terminated; len excludes the NUL). */
struct fh_text {
    char *p;
    size_t len;
};

/* "remove", "empty", ..., "random". */
const char *fh_kind_name(enum fh_kind kind);
/* The status a variant of `kind` answers with: 400 or 500 for the error kinds, else 200. */
long fh_kind_status(enum fh_kind kind);
/* The number of XML elements or JSON keys of `text` (the index range of FH_REMOVE, FH_EMPTY, FH_DUP). */
size_t fh_count(const char *text);
size_t fh_xml_count(const char *t, size_t len);
size_t fh_json_count(const char *t, size_t len);
/* The hostile answer for `v` derived from the normal answer `text`; call_no counts the operation's calls
 * (FH_TOKEN_COUNTING uses it). The caller frees .p. */
struct fh_text fh_apply(const struct fh_variant *v, const char *text, int call_no);

#endif
