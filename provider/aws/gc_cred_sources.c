/* Fetched base credentials (gc_cred_sources.h): credential_process, SSO cached token, web identity, IMDSv2. */
#include "aws/gc_cred_sources.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/sha.h>

#include "aws/gc_config.h"
#include "aws/gc_credentials.h"
#include "aws/gc_sts.h"
#include "base/gc_buf.h"
#include "base/gc_doc.h"
#include "base/gc_log.h"
#include "base/gc_secret.h"

extern char **environ;

#define S_TOKEN_FILE_MAX ((size_t)64 << 10)

/* ---- shared helpers ---- */

static void s_fail(struct gc_aws_error *err, const char *service, const char *operation, const char *code,
                   const char *message)
{
    gc_aws_error_set(err, GC_SVC_STS, operation, code, message);
    /* the service shown is the source's own, in the message: these are not STS calls */
    (void)service;
}

time_t gc_cred_parse_time(const char *text)
{
    struct tm tm;
    const char *rest = NULL;
    long offset_s = 0;

    memset(&tm, 0, sizeof tm);
    if (!text || !(rest = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm)))
        return 0;
    if (*rest == '.') {
        rest++;
        while (*rest >= '0' && *rest <= '9')
            rest++;
    }
    if (*rest == 'Z' || *rest == 'z') {
        rest++;
    } else if ((*rest == '+' || *rest == '-') && strlen(rest) == 6 && rest[3] == ':') {
        int hh = (rest[1] - '0') * 10 + (rest[2] - '0');
        int mm = (rest[4] - '0') * 10 + (rest[5] - '0');
        offset_s = (long)hh * 3600 + mm * 60;
        if (*rest == '-')
            offset_s = -offset_s;
        rest += 6;
    } else {
        return 0;
    }
    if (*rest != '\0')
        return 0;
    return timegm(&tm) - offset_s;
}

/* Copies the three strings of a credentials document (member names given) into *out; wipes the document's
 * secrets. `expiration_name` NULL: no expiry. Returns 0 or -1 (a member missing; `why` says which). */
static int s_take_json_creds(json_t *doc, const char *id_name, const char *secret_name, const char *token_name,
                             time_t expiration, struct gc_aws_credentials *out, char *why, size_t why_len)
{
    int result = -1;
    struct gc_aws_credentials got = {0};
    const char *id = gc_doc_str(doc, id_name);
    const char *secret = gc_doc_str(doc, secret_name);
    const char *token = token_name ? gc_doc_str(doc, token_name) : NULL;

    if (!id || !*id || !secret || !*secret) {
        snprintf(why, why_len, "the answer has no %s", !id || !*id ? id_name : secret_name);
        goto cleanup;
    }
    got.access_key_id = gc_strdup(id);
    got.secret_access_key = gc_strdup(secret);
    if (token && *token)
        got.session_token = gc_strdup(token);
    got.expiration = expiration;
    if (!got.access_key_id || !got.secret_access_key || (token && *token && !got.session_token)) {
        snprintf(why, why_len, "out of memory");
        goto cleanup;
    }
    *out = got;
    memset(&got, 0, sizeof got);
    result = 0;
cleanup:
    gc_secret_wipe_json_string(gc_doc_get(doc, secret_name));
    if (token_name)
        gc_secret_wipe_json_string(gc_doc_get(doc, token_name));
    gc_aws_credentials_clean_up(&got);
    return result;
}

/* Reads a whole small file (secret: wiped by the caller with gc_buf_clean_up_secure). 0, or -1 with errno. */
static int s_read_file(const char *path, size_t max, struct gc_buf *out)
{
    int result = -1;
    char chunk[4096];
    FILE *f = fopen(path, "rb");

    if (!f)
        return -1;
    for (;;) {
        size_t n = fread(chunk, 1, sizeof chunk, f);
        if (n > 0 && (out->len + n > max || gc_buf_append(out, chunk, n) != 0)) {
            errno = EFBIG;
            goto cleanup;
        }
        if (n < sizeof chunk)
            break;
    }
    if (ferror(f))
        goto cleanup;
    gc_buf_cstr(out);
    result = 0;
cleanup:
    gc_secret_wipe(chunk, sizeof chunk);
    fclose(f);
    return result;
}

/* ---- credential_process ---- */

struct s_process {
    char *command;
};

void gc_cred_argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

int gc_cred_split_command(const char *line, char ***out)
{
    int result = -1;
    char **argv = NULL;
    size_t n = 0;
    struct gc_buf word;
    const char *p = line;

    *out = NULL;
    gc_buf_init(&word, 1 << 16);
    if (!line)
        goto cleanup;
    for (;;) {
        bool in_word = false;
        gc_buf_reset(&word);
        while (*p == ' ' || *p == '\t')
            p++;
        while (*p && *p != ' ' && *p != '\t') {
            in_word = true;
            if (*p == '\'') {
                const char *end = strchr(p + 1, '\'');
                if (!end || gc_buf_append(&word, p + 1, (size_t)(end - p - 1)) != 0)
                    goto cleanup;
                p = end + 1;
            } else if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
                        p++;
                    if (gc_buf_append_byte(&word, (uint8_t)*p++) != 0)
                        goto cleanup;
                }
                if (*p != '"')
                    goto cleanup;
                p++;
            } else {
                if (*p == '\\' && p[1])
                    p++;
                if (gc_buf_append_byte(&word, (uint8_t)*p++) != 0)
                    goto cleanup;
            }
        }
        if (!in_word)
            break;
        char **grown = realloc(argv, (n + 2) * sizeof *grown);
        if (!grown)
            goto cleanup;
        argv = grown;
        argv[n] = gc_strdup(gc_buf_cstr(&word));
        argv[n + 1] = NULL;
        if (!argv[n])
            goto cleanup;
        n++;
    }
    if (n == 0)
        goto cleanup;
    *out = argv;
    argv = NULL;
    result = 0;
cleanup:
    gc_cred_argv_free(argv);
    gc_buf_clean_up(&word);
    return result;
}

int gc_cred_parse_process_output(const char *json, size_t len, time_t now, struct gc_aws_credentials *out, char *why,
                                 size_t why_len)
{
    int result = -1;
    json_error_t jerr;
    json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    time_t expiration = 0;
    const char *exp_text = NULL;

    memset(out, 0, sizeof *out);
    if (!doc || !json_is_object(doc)) {
        snprintf(why, why_len, "its output is not a JSON object");
        goto cleanup;
    }
    if (!json_is_integer(json_object_get(doc, "Version")) || json_integer_value(json_object_get(doc, "Version")) != 1) {
        snprintf(why, why_len, "its output must have \"Version\": 1");
        goto cleanup;
    }
    exp_text = gc_doc_str(doc, "Expiration");
    if (json_object_get(doc, "Expiration") && !json_is_null(json_object_get(doc, "Expiration"))) {
        expiration = gc_cred_parse_time(exp_text);
        if (expiration == 0) {
            snprintf(why, why_len, "its Expiration is not an RFC 3339 time");
            goto cleanup;
        }
        if (expiration <= now) {
            snprintf(why, why_len, "the credentials it returned expired at %s", exp_text);
            goto cleanup;
        }
    }
    result = s_take_json_creds(doc, "AccessKeyId", "SecretAccessKey", "SessionToken", expiration, out, why, why_len);
cleanup:
    if (doc) {
        gc_secret_wipe_json_string(json_object_get(doc, "SecretAccessKey"));
        gc_secret_wipe_json_string(json_object_get(doc, "SessionToken"));
    }
    json_decref(doc);
    return result;
}

/* Drains the child's stdout and stderr until both close or the deadline passes. 0, or -1 (timeout, too much
 * output, read error). */
static int s_drain(int out_fd, int err_fd, struct gc_buf *out, struct gc_buf *err_text, char *why, size_t why_len)
{
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    struct gc_buf *bufs[2] = {out, err_text};
    char chunk[4096];
    long waited_ms = 0;
    int open_fds = 2;

    while (open_fds > 0) {
        int rc = poll(fds, 2, 200);
        if (rc < 0 && errno != EINTR)
            break;
        if (rc == 0) {
            waited_ms += 200;
            if (waited_ms >= GC_CRED_PROCESS_TIMEOUT_MS) {
                snprintf(why, why_len, "it did not finish within %ld s", GC_CRED_PROCESS_TIMEOUT_MS / 1000);
                return -1;
            }
            continue;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
            if (n <= 0) {
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            if (bufs[i]->len + (size_t)n > GC_CRED_PROCESS_MAX_OUTPUT ||
                gc_buf_append(bufs[i], chunk, (size_t)n) != 0) {
                gc_secret_wipe(chunk, sizeof chunk);
                snprintf(why, why_len, "it wrote more than %zu bytes", GC_CRED_PROCESS_MAX_OUTPUT);
                return -1;
            }
        }
    }
    gc_secret_wipe(chunk, sizeof chunk);
    return open_fds == 0 ? 0 : -1;
}

/* The first line of the command's stderr, cut to 200 bytes, for the error message. */
static void s_first_line(const struct gc_buf *text, char *out, size_t out_len)
{
    size_t n = 0;
    out[0] = '\0';
    while (n < text->len && n + 1 < out_len && n < 200 && text->ptr[n] != '\n') {
        out[n] = (char)(text->ptr[n] >= 0x20 ? text->ptr[n] : ' ');
        n++;
    }
    out[n] = '\0';
}

static int s_process_fetch(void *impl, struct gc_aws_client *c, struct gc_aws_credentials *out,
                           struct gc_aws_error *err)
{
    int result = -1;
    struct s_process *p = impl;
    char **argv = NULL;
    int out_pipe[2] = {-1, -1};
    int err_pipe[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    bool actions_ready = false;
    pid_t pid = -1;
    int status = 0;
    struct gc_buf stdout_buf;
    struct gc_buf stderr_buf;
    char why[256] = "";
    char stderr_line[256] = "";
    char message[640];

    gc_buf_init(&stdout_buf, GC_CRED_PROCESS_MAX_OUTPUT + 1);
    gc_buf_init(&stderr_buf, GC_CRED_PROCESS_MAX_OUTPUT + 1);
    if (gc_cred_split_command(p->command, &argv) != 0) {
        snprintf(why, sizeof why, "the command line is empty or has an unbalanced quote");
        goto cleanup;
    }
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 ||
        posix_spawn_file_actions_init(&actions) != 0) {
        snprintf(why, sizeof why, "cannot create pipes: %s", strerror(errno));
        goto cleanup;
    }
    actions_ready = true;
    if (posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO) != 0 ||
        posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO) != 0 ||
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0) != 0) {
        snprintf(why, sizeof why, "out of memory");
        goto cleanup;
    }
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    if (rc != 0) {
        pid = -1;
        snprintf(why, sizeof why, "cannot run \"%s\": %s", argv[0], strerror(rc));
        goto cleanup;
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_pipe[1] = err_pipe[1] = -1;
    if (s_drain(out_pipe[0], err_pipe[0], &stdout_buf, &stderr_buf, why, sizeof why) != 0) {
        kill(pid, SIGKILL);
        if (!why[0])
            snprintf(why, sizeof why, "reading its output failed");
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    pid = -1;
    if (why[0])
        goto cleanup;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        s_first_line(&stderr_buf, stderr_line, sizeof stderr_line);
        snprintf(why, sizeof why, "it %s %d%s%.180s", WIFEXITED(status) ? "exited with status" : "was killed by signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), stderr_line[0] ? ": " : "", stderr_line);
        goto cleanup;
    }
    if (gc_cred_parse_process_output((const char *)stdout_buf.ptr, stdout_buf.len, gc_aws_client_now(c), out, why,
                                     sizeof why) != 0)
        goto cleanup;
    GC_DEBUG("aws: credentials from credential_process \"%s\"%s", argv[0], out->expiration ? ", with an expiry" : "");
    result = 0;
cleanup:
    if (result != 0) {
        snprintf(message, sizeof message, "credential_process failed: %s", why[0] ? why : "unknown error");
        s_fail(err, "credential_process", "credential_process", "CredentialProcessError", message);
    }
    if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    if (actions_ready)
        posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 2; i++) {
        if (out_pipe[i] >= 0)
            close(out_pipe[i]);
        if (err_pipe[i] >= 0)
            close(err_pipe[i]);
    }
    gc_cred_argv_free(argv);
    gc_buf_clean_up_secure(&stdout_buf);
    gc_buf_clean_up_secure(&stderr_buf);
    return result;
}

static void s_process_destroy(void *impl)
{
    struct s_process *p = impl;
    if (!p)
        return;
    free(p->command);
    free(p);
}

int gc_cred_process_supplier(struct gc_aws_cred_supplier *out, const char *command)
{
    struct s_process *p = calloc(1, sizeof *p);
    memset(out, 0, sizeof *out);
    if (!p || !(p->command = gc_strdup(command))) {
        s_process_destroy(p);
        return -1;
    }
    *out = (struct gc_aws_cred_supplier){"credential_process", s_process_fetch, s_process_destroy, p};
    return 0;
}

/* ---- SSO ---- */

struct s_sso {
    char *session_name;
    char *start_url;
    char *region;
    char *account_id;
    char *role_name;
    char *portal_url;
};

int gc_cred_sso_cache_name(const char *key, char out[46])
{
    unsigned char digest[SHA_DIGEST_LENGTH];
    if (!key || !SHA1((const unsigned char *)key, strlen(key), digest))
        return -1;
    for (int i = 0; i < SHA_DIGEST_LENGTH; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    memcpy(out + 40, ".json", 6);
    return 0;
}

/* Reads the cached access token into *token (malloc'd secret). 0, or -1 with `why`. */
static int s_sso_token(const struct s_sso *s, time_t now, char **token, char *why, size_t why_len)
{
    int result = -1;
    char name[46];
    char *dir = NULL;
    struct gc_buf path;
    struct gc_buf text;
    json_t *doc = NULL;
    const char *key = s->session_name ? s->session_name : s->start_url;

    *token = NULL;
    gc_buf_init(&path, 4096);
    gc_buf_init(&text, S_TOKEN_FILE_MAX + 1);
    dir = gc_aws_expand_home("~/.aws/sso/cache");
    if (!dir || gc_cred_sso_cache_name(key, name) != 0 || gc_buf_printf(&path, "%s/%s", dir, name) != 0) {
        snprintf(why, why_len, "cannot locate the SSO token cache (is HOME set?)");
        goto cleanup;
    }
    if (s_read_file(gc_buf_cstr(&path), S_TOKEN_FILE_MAX, &text) != 0) {
        snprintf(why, why_len, "no cached SSO token at %s: run `aws sso login%s%s`", gc_buf_cstr(&path),
                 s->session_name ? " --sso-session " : "", s->session_name ? s->session_name : "");
        goto cleanup;
    }
    doc = json_loadb((const char *)text.ptr, text.len, 0, NULL);
    const char *access = gc_doc_str(doc, "accessToken");
    time_t expires = gc_cred_parse_time(gc_doc_str(doc, "expiresAt"));
    if (!access || !*access || expires == 0) {
        snprintf(why, why_len, "the SSO token cache %s has no accessToken or expiresAt", gc_buf_cstr(&path));
        goto cleanup;
    }
    if (expires <= now) {
        snprintf(why, why_len, "the cached SSO token expired at %s: run `aws sso login%s%s`",
                 gc_doc_str(doc, "expiresAt"), s->session_name ? " --sso-session " : "",
                 s->session_name ? s->session_name : "");
        goto cleanup;
    }
    *token = gc_strdup(access);
    if (!*token) {
        snprintf(why, why_len, "out of memory");
        goto cleanup;
    }
    result = 0;
cleanup:
    if (doc) {
        gc_secret_wipe_json_string(json_object_get(doc, "accessToken"));
        gc_secret_wipe_json_string(json_object_get(doc, "refreshToken"));
        gc_secret_wipe_json_string(json_object_get(doc, "clientSecret"));
    }
    json_decref(doc);
    gc_buf_clean_up_secure(&text);
    gc_buf_clean_up(&path);
    free(dir);
    return result;
}

static int s_sso_fetch(void *impl, struct gc_aws_client *c, struct gc_aws_credentials *out, struct gc_aws_error *err)
{
    int result = -1;
    struct s_sso *s = impl;
    char *token = NULL;
    struct gc_buf url;
    struct gc_buf header;
    struct gc_buf account;
    struct gc_buf role;
    struct gc_http_response resp = {0};
    json_t *doc = NULL;
    char why[512] = "";
    char message[640];

    gc_buf_init(&url, 8192);
    gc_buf_init(&header, 16384);
    gc_buf_init(&account, 1024);
    gc_buf_init(&role, 1024);
    if (s_sso_token(s, gc_aws_client_now(c), &token, why, sizeof why) != 0)
        goto cleanup;
    if (gc_aws_uri_encode(&account, s->account_id, true) != 0 || gc_aws_uri_encode(&role, s->role_name, true) != 0)
        goto cleanup;
    if (s->portal_url)
        gc_buf_append_str(&url, s->portal_url);
    else
        gc_buf_printf(&url, "https://portal.sso.%s.amazonaws.com", s->region);
    if (gc_buf_printf(&url, "/federation/credentials?account_id=%s&role_name=%s", gc_buf_cstr(&account),
                      gc_buf_cstr(&role)) != 0 ||
        gc_buf_printf(&header, "x-amz-sso_bearer_token: %s", token) != 0)
        goto cleanup;
    const char *headers[] = {gc_buf_cstr(&header)};
    struct gc_http_request req = {.method = "GET", .url = gc_buf_cstr(&url), .headers = headers, .n_headers = 1};
    if (gc_aws_client_http(c, "sso", "GetRoleCredentials", &req, &resp) != 0) {
        snprintf(why, sizeof why, "cannot reach %s: %s", s->portal_url ? s->portal_url : "the SSO portal",
                 resp.transport_error);
        goto cleanup;
    }
    doc = json_loadb((const char *)resp.body.ptr, resp.body.len, 0, NULL);
    if (resp.status != 200) {
        const char *msg = gc_doc_str(doc, "message");
        snprintf(why, sizeof why, "GetRoleCredentials answered HTTP %ld%s%s%s", resp.status, msg ? " (" : "",
                 msg ? msg : "", msg ? ")" : "");
        goto cleanup;
    }
    json_int_t exp_ms = json_integer_value(gc_doc_get(doc, "roleCredentials.expiration"));
    if (s_take_json_creds(doc, "roleCredentials.accessKeyId", "roleCredentials.secretAccessKey",
                          "roleCredentials.sessionToken", (time_t)(exp_ms / 1000), out, why, sizeof why) != 0)
        goto cleanup;
    GC_DEBUG("aws: credentials from SSO for account %s, role %s", s->account_id, s->role_name);
    result = 0;
cleanup:
    if (result != 0) {
        snprintf(message, sizeof message, "SSO credentials: %s", why[0] ? why : "out of memory");
        s_fail(err, "sso", "GetRoleCredentials", "SSOProviderError", message);
    }
    gc_secret_free(token);
    json_decref(doc);
    gc_http_response_clean_up(&resp);
    gc_buf_clean_up_secure(&header);
    gc_buf_clean_up(&url);
    gc_buf_clean_up(&account);
    gc_buf_clean_up(&role);
    return result;
}

static void s_sso_destroy(void *impl)
{
    struct s_sso *s = impl;
    if (!s)
        return;
    free(s->session_name);
    free(s->start_url);
    free(s->region);
    free(s->account_id);
    free(s->role_name);
    free(s->portal_url);
    free(s);
}

static bool s_dup_ok(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return true;
    *dst = gc_strdup(src);
    return *dst != NULL;
}

int gc_cred_sso_supplier(struct gc_aws_cred_supplier *out, const char *session_name, const char *start_url,
                         const char *sso_region, const char *account_id, const char *role_name, const char *portal_url)
{
    struct s_sso *s = calloc(1, sizeof *s);
    memset(out, 0, sizeof *out);
    if (!s || !s_dup_ok(&s->session_name, session_name) || !s_dup_ok(&s->start_url, start_url) ||
        !s_dup_ok(&s->region, sso_region) || !s_dup_ok(&s->account_id, account_id) ||
        !s_dup_ok(&s->role_name, role_name) || !s_dup_ok(&s->portal_url, portal_url)) {
        s_sso_destroy(s);
        return -1;
    }
    *out = (struct gc_aws_cred_supplier){"sso", s_sso_fetch, s_sso_destroy, s};
    return 0;
}

/* ---- web identity ---- */

struct s_web {
    char *role_arn;
    char *session_name;
    char *token; /* secret */
    char *token_file;
    int64_t duration_s;
};

static int s_web_fetch(void *impl, struct gc_aws_client *c, struct gc_aws_credentials *out, struct gc_aws_error *err)
{
    int result = -1;
    struct s_web *w = impl;
    struct gc_buf text;
    const char *token = w->token;
    char message[512];

    gc_buf_init(&text, S_TOKEN_FILE_MAX + 1);
    if (!token) {
        if (s_read_file(w->token_file, S_TOKEN_FILE_MAX, &text) != 0) {
            snprintf(message, sizeof message, "cannot read the web identity token file %s: %s", w->token_file,
                     strerror(errno));
            s_fail(err, "sts", "AssumeRoleWithWebIdentity", "WebIdentityTokenError", message);
            goto cleanup;
        }
        while (text.len > 0 && (text.ptr[text.len - 1] == '\n' || text.ptr[text.len - 1] == '\r'))
            text.len--;
        token = gc_buf_cstr(&text);
    }
    if (gc_sts_assume_role_with_web_identity(c, w->role_arn, w->session_name, token, w->duration_s, out, err) != 0)
        goto cleanup;
    GC_DEBUG("aws: credentials from AssumeRoleWithWebIdentity for %s", w->role_arn);
    result = 0;
cleanup:
    gc_buf_clean_up_secure(&text);
    return result;
}

static void s_web_destroy(void *impl)
{
    struct s_web *w = impl;
    if (!w)
        return;
    free(w->role_arn);
    free(w->session_name);
    gc_secret_free(w->token);
    free(w->token_file);
    free(w);
}

int gc_cred_web_identity_supplier(struct gc_aws_cred_supplier *out, const char *role_arn, const char *session_name,
                                  const char *token, const char *token_file, int64_t duration_s)
{
    struct s_web *w = calloc(1, sizeof *w);
    memset(out, 0, sizeof *out);
    if (!w || !s_dup_ok(&w->role_arn, role_arn) || !s_dup_ok(&w->session_name, session_name) ||
        !s_dup_ok(&w->token, token && *token ? token : NULL) || !s_dup_ok(&w->token_file, token_file)) {
        s_web_destroy(w);
        return -1;
    }
    w->duration_s = duration_s;
    *out = (struct gc_aws_cred_supplier){"web identity", s_web_fetch, s_web_destroy, w};
    return 0;
}

/* ---- EC2 instance metadata (IMDSv2) ---- */

struct s_imds {
    char *endpoint;
};

/* One IMDS request; the body into *body (owned by the caller, secret). 0, or -1 with `why`. */
static int s_imds_request(struct gc_aws_client *c, const char *method, const char *url, const char *header,
                          const char *operation, struct gc_http_response *resp, char *why, size_t why_len)
{
    const char *headers[1] = {header};
    struct gc_http_request req = {
        .method = method, .url = url, .headers = headers, .n_headers = 1, .timeout_ms = GC_IMDS_TIMEOUT_MS};
    if (gc_aws_client_http(c, "imds", operation, &req, resp) != 0) {
        snprintf(why, why_len, "%s %s: %s", method, url, resp->transport_error);
        return -1;
    }
    if (resp->status != 200) {
        snprintf(why, why_len, "%s %s answered HTTP %ld", method, url, resp->status);
        return -1;
    }
    gc_buf_cstr(&resp->body);
    return 0;
}

static int s_imds_fetch(void *impl, struct gc_aws_client *c, struct gc_aws_credentials *out, struct gc_aws_error *err)
{
    int result = -1;
    struct s_imds *m = impl;
    struct gc_http_response token_resp = {0};
    struct gc_http_response role_resp = {0};
    struct gc_http_response creds_resp = {0};
    struct gc_buf url;
    struct gc_buf token_h;
    json_t *doc = NULL;
    char why[512] = "";
    char message[640];
    char role[256];

    gc_buf_init(&url, 8192);
    gc_buf_init(&token_h, 8192);
    if (gc_buf_printf(&url, "%s/latest/api/token", m->endpoint) != 0 ||
        s_imds_request(c, "PUT", gc_buf_cstr(&url), "X-aws-ec2-metadata-token-ttl-seconds: 21600", "GetToken",
                       &token_resp, why, sizeof why) != 0)
        goto cleanup;
    if (gc_buf_printf(&token_h, "X-aws-ec2-metadata-token: %s", gc_buf_cstr(&token_resp.body)) != 0)
        goto cleanup;
    gc_buf_reset(&url);
    if (gc_buf_printf(&url, "%s/latest/meta-data/iam/security-credentials/", m->endpoint) != 0 ||
        s_imds_request(c, "GET", gc_buf_cstr(&url), gc_buf_cstr(&token_h), "GetRoleName", &role_resp, why,
                       sizeof why) != 0)
        goto cleanup;
    size_t n = strcspn(gc_buf_cstr(&role_resp.body), "\r\n");
    if (n == 0 || n >= sizeof role || strchr(gc_buf_cstr(&role_resp.body), '/')) {
        snprintf(why, sizeof why, "the instance has no IAM role (instance profile)");
        goto cleanup;
    }
    memcpy(role, role_resp.body.ptr, n);
    role[n] = '\0';
    gc_buf_reset(&url);
    if (gc_buf_printf(&url, "%s/latest/meta-data/iam/security-credentials/%s", m->endpoint, role) != 0 ||
        s_imds_request(c, "GET", gc_buf_cstr(&url), gc_buf_cstr(&token_h), "GetCredentials", &creds_resp, why,
                       sizeof why) != 0)
        goto cleanup;
    doc = json_loadb((const char *)creds_resp.body.ptr, creds_resp.body.len, 0, NULL);
    const char *code = gc_doc_str(doc, "Code");
    if (!doc || (code && strcmp(code, "Success") != 0)) {
        snprintf(why, sizeof why, "the credentials of role %s are not available (Code %s)", role, code ? code : "?");
        goto cleanup;
    }
    if (s_take_json_creds(doc, "AccessKeyId", "SecretAccessKey", "Token",
                          gc_cred_parse_time(gc_doc_str(doc, "Expiration")), out, why, sizeof why) != 0)
        goto cleanup;
    GC_DEBUG("aws: credentials from EC2 instance metadata (role %s)", role);
    result = 0;
cleanup:
    if (result != 0) {
        snprintf(message, sizeof message, "EC2 instance metadata: %s", why[0] ? why : "out of memory");
        s_fail(err, "imds", "GetCredentials", "IMDSError", message);
    }
    if (doc) {
        gc_secret_wipe_json_string(json_object_get(doc, "SecretAccessKey"));
        gc_secret_wipe_json_string(json_object_get(doc, "Token"));
    }
    json_decref(doc);
    gc_buf_clean_up_secure(&token_resp.body);
    gc_buf_clean_up_secure(&creds_resp.body);
    gc_http_response_clean_up(&token_resp);
    gc_http_response_clean_up(&role_resp);
    gc_http_response_clean_up(&creds_resp);
    gc_buf_clean_up_secure(&token_h);
    gc_buf_clean_up(&url);
    return result;
}

static void s_imds_destroy(void *impl)
{
    struct s_imds *m = impl;
    if (!m)
        return;
    free(m->endpoint);
    free(m);
}

int gc_cred_imds_supplier(struct gc_aws_cred_supplier *out, const char *endpoint)
{
    struct s_imds *m = calloc(1, sizeof *m);
    memset(out, 0, sizeof *out);
    if (!m || !(m->endpoint = gc_strdup(endpoint && *endpoint ? endpoint : GC_IMDS_DEFAULT_ENDPOINT))) {
        s_imds_destroy(m);
        return -1;
    }
    size_t len = strlen(m->endpoint);
    while (len > 0 && m->endpoint[len - 1] == '/')
        m->endpoint[--len] = '\0';
    *out = (struct gc_aws_cred_supplier){"EC2 instance metadata", s_imds_fetch, s_imds_destroy, m};
    return 0;
}

void gc_cred_supplier_clean_up(struct gc_aws_cred_supplier *s)
{
    if (!s)
        return;
    if (s->destroy)
        s->destroy(s->impl);
    memset(s, 0, sizeof *s);
}
