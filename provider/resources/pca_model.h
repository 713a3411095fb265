/* AWS Private CA calls shared by gcnet_private_ca and gcnet_certificate: a CA as gcnet reads it, its tags, the
 * ACM service principal's permission, and calls that AWS answers with RequestInProgressException until an
 * asynchronous step (the CA's CSR, an issued certificate) is ready.
 *
 * Every function returns 0, or -1 after adding a diagnostic to op->diags (service, operation, code, message,
 * request id for AWS failures). */
#ifndef GC_PCA_MODEL_H
#define GC_PCA_MODEL_H

#include <stdbool.h>

#include <jansson.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "aws/gc_tags.h"
#include "framework/gc_op.h"

#define GC_PCA_ACM_PRINCIPAL "acm.amazonaws.com"
#define GC_PCA_ROOT_TEMPLATE "arn:aws:acm-pca:::template/RootCACertificate/V1"
/* The bookkeeping tags: the token of the create that made the CA (derived from the planned values), and on the
 * RAM share the CA it shares. */
#define GC_TAG_PCA_CREATE "gcnet:private-ca-create"
#define GC_TAG_PCA_ARN "gcnet:private-ca"

/* DescribeCertificateAuthority's CertificateAuthority, or NULL in `*ca` when AWS says it does not exist or it is
 * DELETED (then `*deleted` is set when given). *ca is owned (json_decref). */
int gc_pca_describe(struct gc_op *op, const char *arn, json_t **ca, bool *deleted);

/* The CA's tags (every tag, bookkeeping included). */
int gc_pca_tags(struct gc_op *op, const char *arn, struct gc_tags *out);
/* TagCertificateAuthority / UntagCertificateAuthority from `old_tags` to `new_tags` (gc_tagging_apply_fn). */
int gc_pca_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                       const struct gc_tags *new_tags, struct gc_aws_error *err);

/* Whether the ACM service principal holds a permission on the CA (ListPermissions). */
int gc_pca_acm_permission(struct gc_op *op, const char *arn, bool *has);
/* Grants it (IssueCertificate, GetCertificate, ListPermissions; PermissionAlreadyExistsException is success) or
 * revokes it (not found is success). */
int gc_pca_acm_permission_set(struct gc_op *op, const char *arn, bool want);

/* Calls `def` until AWS stops answering one of `busy` (NULL-terminated codes such as
 * "RequestInProgressException"), polling with gc_op_wait under the operation's deadline. `what` names the
 * awaited thing in messages. */
int gc_pca_call_when_ready(struct gc_op *op, const char *what, const struct gc_aws_op_def *def, const json_t *input,
                           const char *const *busy, json_t **output);

#define GC_PCA_END_ENTITY_TEMPLATE "arn:aws:acm-pca:::template/EndEntityCertificate/V1"

/* arn:aws:acm-pca:<region>:<12 digits>:certificate-authority/<id> */
bool gc_pca_is_ca_arn(const char *arn);
/* A certificate's ARN: a CA's ARN, then "/certificate/<id>". Sets `ca_len` (when given) to the length of the CA's
 * ARN at its start. */
bool gc_pca_is_certificate_arn(const char *arn, size_t *ca_len);

/* The Status member of a CertificateAuthority ("" when absent). */
const char *gc_pca_status(const json_t *ca);

#endif
