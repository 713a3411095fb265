/* libFuzzer: the HTTP/1.1 response parser of gcnet's own client (provider/aws/gc_http_tls.c), which reads whatever
 * the endpoint (or anything between) sends. The first byte: bit 0 the request was HEAD, bits 1-3 the size of the
 * pieces the answer arrives in (0: all at once); the rest is the wire. The outcome must not depend on how the bytes
 * are split: the same wire is parsed whole and in pieces and both must agree (status, body, headers, error). */
#include "aws/gc_http.h"
#include "aws/gc_http_tls.h"
#include "fuzz_util.h"

struct outcome {
    int rc;
    size_t used;
    struct gc_http_response resp;
    struct gc_http_parser p;
};

static void s_parse(struct outcome *o, const uint8_t *wire, size_t len, bool head, size_t step)
{
    memset(o, 0, sizeof *o);
    gc_buf_init(&o->resp.body, 1 << 16);
    gc_http_parser_init(&o->p, &o->resp, head);
    while (o->used < len && o->rc == 0) {
        size_t piece = step && len - o->used > step ? step : len - o->used;
        size_t used = 0;
        o->rc = gc_http_parser_feed(&o->p, wire + o->used, piece, &used);
        FUZZ_CHECK(used <= piece);
        FUZZ_CHECK(o->rc != 0 || used == piece);
        o->used += used;
    }
    if (o->rc == 0)
        o->rc = gc_http_parser_eof(&o->p);
    if (o->rc == 1) {
        FUZZ_CHECK(o->resp.status >= 200 && o->resp.status <= 599);
        FUZZ_CHECK(o->resp.body.len <= o->resp.body.max);
    } else {
        FUZZ_CHECK(o->rc == -1 && o->p.error[0]);
    }
}

static void s_clean_up(struct outcome *o)
{
    gc_http_parser_clean_up(&o->p);
    gc_http_response_clean_up(&o->resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool head = data[0] & 1;
    size_t step = (data[0] >> 1) & 7;
    struct outcome whole, pieces;
    s_parse(&whole, data + 1, size - 1, head, 0);
    s_parse(&pieces, data + 1, size - 1, head, step ? step : 1);
    FUZZ_CHECK(whole.rc == pieces.rc);
    if (whole.rc == 1) {
        FUZZ_CHECK(whole.used == pieces.used);
        FUZZ_CHECK(whole.resp.status == pieces.resp.status);
        FUZZ_CHECK(whole.p.keep_alive == pieces.p.keep_alive);
        FUZZ_CHECK(gc_span_eq(gc_buf_span(&whole.resp.body), gc_buf_span(&pieces.resp.body)));
        FUZZ_CHECK(whole.resp.n_headers == pieces.resp.n_headers);
        for (size_t i = 0; i < whole.resp.n_headers; i++)
            FUZZ_CHECK(strcmp(whole.resp.headers[i], pieces.resp.headers[i]) == 0);
    }
    s_clean_up(&whole);
    s_clean_up(&pieces);
    return 0;
}
