/* AWS Private CA calls shared by the Private CA resources (see pca_model.h). */
#include "resources/pca_model.h"

#include <string.h>

#include "base/gc_log.h"

const char *gc_pca_status(const json_t *ca)
{
    const char *s = gc_doc_str(ca, "Status");
    return s ? s : "";
}

/* The length of the CA ARN at the start of `arn` (up to the end or the next '/'), or 0 when there is none. */
static size_t s_ca_arn_len(const char *arn)
{
    static const char prefix[] = "arn:aws:acm-pca:";
    static const char kind[] = ":certificate-authority/";
    const char *p = arn && strncmp(arn, prefix, sizeof prefix - 1) == 0 ? arn + sizeof prefix - 1 : NULL;
    p = p ? strchr(p, ':') : NULL; /* after the region */
    if (!p || strlen(p) < 13)
        return 0;
    for (int i = 1; i <= 12; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    if (strncmp(p + 13, kind, sizeof kind - 1) != 0)
        return 0;
    const char *id = p + 13 + sizeof kind - 1;
    size_t id_len = strcspn(id, "/");
    return id_len ? (size_t)(id - arn) + id_len : 0;
}

bool gc_pca_is_ca_arn(const char *arn)
{
    size_t n = s_ca_arn_len(arn);
    return n && arn[n] == '\0';
}

bool gc_pca_is_certificate_arn(const char *arn, size_t *ca_len)
{
    static const char kind[] = "/certificate/";
    size_t n = s_ca_arn_len(arn);
    bool ok = n && strncmp(arn + n, kind, sizeof kind - 1) == 0 && arn[n + sizeof kind - 1] != '\0' &&
              !strchr(arn + n + sizeof kind - 1, '/');
    if (ca_len)
        *ca_len = ok ? n : 0;
    return ok;
}

int gc_pca_describe(struct gc_op *op, const char *arn, json_t **ca, bool *deleted)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    *ca = NULL;
    if (deleted)
        *deleted = false;
    if (gc_op_call(op, &gc_op_acmpca_describe_certificate_authority,
                   json_pack("{s:s}", "CertificateAuthorityArn", arn ? arn : ""), &out, &err) != 0) {
        if (gc_aws_op_is_not_found(&gc_op_acmpca_describe_certificate_authority, &err))
            result = 0;
        else if (err.code)
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *found = gc_doc_get(out, "CertificateAuthority");
    if (!json_is_object(found) || !gc_doc_str(found, "Arn")) {
        gc_diags_error_at(op->diags, NULL, "Unexpected AWS answer",
                          "ACM PCA DescribeCertificateAuthority answered without a certificate authority for %s.",
                          arn ? arn : "");
        goto cleanup;
    }
    if (strcmp(gc_pca_status(found), "DELETED") == 0) {
        if (deleted)
            *deleted = true;
    } else {
        *ca = json_incref((json_t *)found);
    }
    result = 0;
cleanup:
    json_decref(out);
    gc_aws_error_clean_up(&err);
    return result;
}

int gc_pca_tags(struct gc_op *op, const char *arn, struct gc_tags *out)
{
    int result = -1;
    json_t *doc = NULL;
    if (gc_op_call_all(op, &gc_op_acmpca_list_tags, json_pack("{s:s}", "CertificateAuthorityArn", arn), &doc) != 0)
        goto cleanup;
    if (gc_tags_add_list(out, gc_doc_list(doc, "Tags")) != 0)
        goto cleanup;
    result = 0;
cleanup:
    json_decref(doc);
    return result;
}

int gc_pca_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                       const struct gc_tags *new_tags, struct gc_aws_error *err)
{
    int result = -1;
    struct gc_tags to_set = {0}, to_remove = {0};
    json_t *set = json_array(), *rm = json_array(), *in = NULL, *out = NULL;
    if (!set || !rm || gc_tags_diff(old_tags, new_tags, &to_set, &to_remove) != 0)
        goto cleanup;
    for (size_t i = 0; i < to_set.n; i++)
        if (json_array_append_new(
                set, json_pack("{s:s, s:s}", "Key", to_set.items[i].key, "Value", to_set.items[i].value)) != 0)
            goto cleanup;
    for (size_t i = 0; i < to_remove.n; i++)
        if (json_array_append_new(rm, json_pack("{s:s}", "Key", to_remove.items[i].key)) != 0)
            goto cleanup;
    if (to_remove.n) {
        in = json_pack("{s:s, s:O}", "CertificateAuthorityArn", arn, "Tags", rm);
        if (!in || gc_aws_op_call(c, &gc_op_acmpca_untag_certificate_authority, in, &out, err) != 0)
            goto cleanup;
        json_decref(in);
        json_decref(out);
        in = out = NULL;
    }
    if (to_set.n) {
        in = json_pack("{s:s, s:O}", "CertificateAuthorityArn", arn, "Tags", set);
        if (!in || gc_aws_op_call(c, &gc_op_acmpca_tag_certificate_authority, in, &out, err) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    json_decref(set);
    json_decref(rm);
    json_decref(in);
    json_decref(out);
    gc_tags_clean_up(&to_set);
    gc_tags_clean_up(&to_remove);
    return result;
}

int gc_pca_acm_permission(struct gc_op *op, const char *arn, bool *has)
{
    int result = -1;
    json_t *doc = NULL;
    *has = false;
    if (gc_op_call_all(op, &gc_op_acmpca_list_permissions, json_pack("{s:s}", "CertificateAuthorityArn", arn), &doc) !=
        0)
        goto cleanup;
    size_t i;
    const json_t *p;
    json_array_foreach(gc_doc_list(doc, "Permissions"), i, p)
    {
        const char *principal = gc_doc_str(p, "Principal");
        if (principal && strcmp(principal, GC_PCA_ACM_PRINCIPAL) == 0)
            *has = true;
    }
    result = 0;
cleanup:
    json_decref(doc);
    return result;
}

int gc_pca_acm_permission_set(struct gc_op *op, const char *arn, bool want)
{
    int result = -1;
    struct gc_aws_error err = {0};
    json_t *in = NULL;
    const struct gc_aws_op_def *def = want ? &gc_op_acmpca_create_permission : &gc_op_acmpca_delete_permission;
    if (want)
        in = json_pack("{s:s, s:s, s:[sss]}", "CertificateAuthorityArn", arn, "Principal", GC_PCA_ACM_PRINCIPAL,
                       "Actions", "IssueCertificate", "GetCertificate", "ListPermissions");
    else
        in = json_pack("{s:s, s:s}", "CertificateAuthorityArn", arn, "Principal", GC_PCA_ACM_PRINCIPAL);
    if (gc_op_call(op, def, in, NULL, &err) != 0) {
        bool done =
            want ? gc_aws_error_is(&err, "PermissionAlreadyExistsException") : gc_aws_op_is_not_found(def, &err);
        if (!done) {
            if (err.code)
                gc_op_aws_error(op, &err);
            goto cleanup;
        }
    }
    GC_INFO("%s the ACM permission on %s", want ? "granted" : "revoked", arn);
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    return result;
}

struct s_ready {
    const struct gc_aws_op_def *def;
    const json_t *input;
    const char *const *busy;
    json_t *output;
};

static int s_ready_poll(struct gc_op *op, void *arg, bool *done)
{
    struct s_ready *r = arg;
    struct gc_aws_error err = {0};
    int result = -1;
    if (gc_aws_op_call(op->aws, r->def, r->input, &r->output, &err) == 0) {
        *done = true;
        result = 0;
        goto cleanup;
    }
    for (size_t i = 0; r->busy && r->busy[i]; i++) {
        if (gc_aws_error_is(&err, r->busy[i])) {
            GC_DEBUG("%s: %s, waiting", r->def->name, err.code);
            result = 0;
            goto cleanup;
        }
    }
    gc_op_aws_error(op, &err);
cleanup:
    gc_aws_error_clean_up(&err);
    return result;
}

int gc_pca_call_when_ready(struct gc_op *op, const char *what, const struct gc_aws_op_def *def, const json_t *input,
                           const char *const *busy, json_t **output)
{
    struct s_ready r = {def, input, busy, NULL};
    int rc = gc_op_wait(op, what, s_ready_poll, &r);
    if (rc != 0) {
        json_decref(r.output);
        r.output = NULL;
    }
    *output = r.output;
    return rc;
}
