/* libFuzzer: the SigV4 canonicaliser (provider/aws/gc_sigv4.c). Fields separated by 0x00: method, path, query,
 * payload, then header lines. Each canonical step runs on its own (path with and without normalisation, query,
 * headers), then the whole signature; all of them must agree on success (the full signature's canonical request is
 * built from the same steps). */
#include "aws/gc_sigv4.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    char *method = fuzz_field(&in, 0, NULL);
    char *path = fuzz_field(&in, 0, NULL);
    char *query = fuzz_field(&in, 0, NULL);
    size_t payload_len = 0;
    char *payload = fuzz_field(&in, 0, &payload_len);
    char *headers[16] = {NULL};
    size_t n = 0;
    while (in.left && n < 16)
        headers[n++] = fuzz_field(&in, 0, NULL);
    struct gc_buf a, b, c, d;
    gc_buf_init(&a, 1u << 20);
    gc_buf_init(&b, 1u << 20);
    gc_buf_init(&c, 1u << 20);
    gc_buf_init(&d, 1u << 20);
    if (method && path && query && payload) {
        gc_sigv4_canonical_uri(&a, path, true);
        gc_buf_reset(&a);
        gc_sigv4_canonical_uri(&a, path, false);
        gc_sigv4_canonical_query(&b, query);
        gc_sigv4_canonical_headers(&c, &d, (const char *const *)headers, n);
        struct gc_sigv4_params params = {
            .access_key_id = "AKIDEXAMPLE",
            .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            .session_token = n % 2 ? "token" : NULL,
            .region = "ap-northeast-1",
            .service = "ec2",
            .now = 1440938160,
            .normalize_path = payload_len % 2,
            .add_content_sha256 = true,
        };
        struct gc_sigv4_request req = {method, path, query, (const char *const *)headers, n,
                                       gc_span_from(payload, payload_len)};
        struct gc_sigv4_result res;
        memset(&res, 0, sizeof res);
        if (gc_sigv4_sign(&res, &params, &req) == 0) {
            FUZZ_CHECK(strlen(res.signature) == 64);
            FUZZ_CHECK(res.authorization.len > 0);
        }
        gc_sigv4_result_clean_up(&res);
    }
    gc_buf_clean_up(&a);
    gc_buf_clean_up(&b);
    gc_buf_clean_up(&c);
    gc_buf_clean_up(&d);
    for (size_t i = 0; i < n; i++)
        free(headers[i]);
    free(method);
    free(path);
    free(query);
    free(payload);
    return 0;
}
