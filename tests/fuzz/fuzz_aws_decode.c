/* libFuzzer: the protocol codecs' decode direction (provider/aws/gc_proto_*.c: ec2, query, json, rest-json,
 * rest-xml), table-driven by operation: the first two bytes pick one of the generated operations (gc_aws_all_ops),
 * the third the HTTP status, then header lines up to an empty line, then the body. The op's codec decodes the
 * answer against its output shape, parses it as an error and finds its request id, as gc_aws_op_call does. */
#include <jansson.h>

#include "aws/gc_aws_ops.h"
#include "aws/gc_proto.h"
#include "fuzz_util.h"

static size_t s_n_ops;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    while (gc_aws_all_ops[s_n_ops])
        s_n_ops++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const long statuses[] = {200, 200, 200, 400, 403, 404, 500, 503};
    struct fuzz_in in = {data, size};
    if (size < 3)
        return 0;
    size_t at = ((size_t)fuzz_byte(&in) << 8 | fuzz_byte(&in)) % s_n_ops;
    const struct gc_aws_op_def *op = gc_aws_all_ops[at];
    const struct gc_proto_codec *codec = gc_proto_for_wire(op->service->protocol);
    FUZZ_CHECK(codec != NULL);
    struct gc_http_response resp = {0};
    resp.status = statuses[fuzz_byte(&in) % 8];
    char *headers[8] = {NULL};
    size_t n_headers = 0;
    for (;;) {
        size_t len = 0;
        char *line = fuzz_field(&in, '\n', &len);
        if (!line || len == 0 || n_headers == 8) {
            free(line);
            break;
        }
        headers[n_headers++] = line;
    }
    resp.headers = headers;
    resp.n_headers = n_headers;
    gc_buf_init(&resp.body, 1u << 20);
    if (gc_buf_append(&resp.body, in.p, in.left) == 0) {
        json_t *out = NULL;
        struct gc_aws_error err = {0};
        if (codec->decode(op, &resp, &out, &err) == 0)
            FUZZ_CHECK(out != NULL); /* success means a document to read */
        json_decref(out);
        gc_aws_error_clean_up(&err);
        struct gc_aws_error perr = {0};
        codec->parse_error(&perr, &resp);
        gc_aws_error_clean_up(&perr);
        free(codec->request_id(&resp));
    }
    gc_buf_clean_up(&resp.body);
    for (size_t i = 0; i < n_headers; i++)
        free(headers[i]);
    return 0;
}
