#include "transport/gc_handshake.h"

#include <ctype.h>
#include <string.h>

bool gc_handshake_cookie_check(const char *value)
{
    return value && strcmp(value, GC_HANDSHAKE_COOKIE_VALUE) == 0;
}

/* Parses one list entry [begin, end) as a decimal int. Returns 0, or -1 if it is not one. */
static int s_parse_version(int *out, const char *begin, const char *end)
{
    while (begin < end && isspace((unsigned char)*begin))
        begin++;
    while (end > begin && isspace((unsigned char)end[-1]))
        end--;
    if (begin == end || (size_t)(end - begin) > 9)
        return -1;
    int v = 0;
    for (const char *p = begin; p < end; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

int gc_handshake_versions_pick(int *out, const char *offered, int wanted)
{
    bool blank = true;
    for (const char *p = offered; p && *p; p++)
        if (!isspace((unsigned char)*p))
            blank = false;
    if (blank) {
        *out = wanted;
        return 0;
    }
    const char *begin = offered;
    for (;;) {
        const char *end = strchr(begin, ',');
        if (!end)
            end = begin + strlen(begin);
        int v = 0;
        if (s_parse_version(&v, begin, end) == 0 && v == wanted) {
            *out = wanted;
            return 0;
        }
        if (*end == '\0')
            break;
        begin = end + 1;
    }
    return -1;
}

static bool s_field_ok(const char *s)
{
    return s && *s && !strpbrk(s, "|\r\n");
}

int gc_handshake_line_format(struct gc_buf *out, int app_version, const char *network, const char *address,
                             const char *cert_b64)
{
    int result = -1;
    bool tls = cert_b64 && *cert_b64;

    if (!out || app_version <= 0 || !s_field_ok(network) || !s_field_ok(address))
        goto cleanup;
    if (tls && !s_field_ok(cert_b64))
        goto cleanup;
    if (gc_buf_printf(out, "%d|%d|%s|%s|grpc", GC_HANDSHAKE_CORE_VERSION, app_version, network, address) != 0)
        goto cleanup;
    if (tls && (gc_buf_append_byte(out, '|') != 0 || gc_buf_append_str(out, cert_b64) != 0))
        goto cleanup;
    if (gc_buf_append_byte(out, '\n') != 0)
        goto cleanup;
    result = 0;
cleanup:
    return result;
}

static int s_json_string(struct gc_buf *out, const char *s)
{
    int result = -1;
    if (gc_buf_append_byte(out, '"') != 0)
        goto cleanup;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int rc;
        if (*p == '"' || *p == '\\')
            rc = gc_buf_printf(out, "\\%c", *p);
        else if (*p < 0x20)
            rc = gc_buf_printf(out, "\\u%04x", *p);
        else
            rc = gc_buf_append_byte(out, *p);
        if (rc != 0)
            goto cleanup;
    }
    if (gc_buf_append_byte(out, '"') != 0)
        goto cleanup;
    result = 0;
cleanup:
    return result;
}

int gc_handshake_reattach_format(struct gc_buf *out, const char *provider_address, int app_version, long pid,
                                 const char *network, const char *address)
{
    int result = -1;

    if (!out || !provider_address || !network || !address)
        goto cleanup;
    if (gc_buf_append_byte(out, '{') != 0 || s_json_string(out, provider_address) != 0)
        goto cleanup;
    if (gc_buf_printf(out,
                      ":{\"Protocol\":\"grpc\",\"ProtocolVersion\":%d,\"Pid\":%ld,\"Test\":true,"
                      "\"Addr\":{\"Network\":",
                      app_version, pid) != 0)
        goto cleanup;
    if (s_json_string(out, network) != 0 || gc_buf_append_str(out, ",\"String\":") != 0)
        goto cleanup;
    if (s_json_string(out, address) != 0 || gc_buf_append_str(out, "}}}") != 0)
        goto cleanup;
    result = 0;
cleanup:
    return result;
}
