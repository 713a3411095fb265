/* The answers gcnet_private_ca and gcnet_certificate need from the fake AWS (fake_world.h): ACM PCA and the RAM
 * share of the CA, stateful (the CA moves CREATING -> PENDING_CERTIFICATE -> ACTIVE -> DISABLED -> DELETED as
 * the calls say; tags, permission, share principals and revocations are kept). Certificates are the PEM
 * fixtures pca_*.pem of tests/unit/aws/ec2-fixtures (the working directory of the tests that use it), made once
 * with the openssl CLI. Test-only code. */
#ifndef PCA_WORLD_H
#define PCA_WORLD_H

#include <stdbool.h>

#include "fake_world.h"

#define PW_CA_ARN                                                                                                      \
    "arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555"
#define PW_CA2_ARN                                                                                                     \
    "arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/99999999-2222-3333-4444-555555555555"
#define PW_CERT_ARN PW_CA_ARN "/certificate/0123456789abcdef0123456789abcdef"
/* The end-entity certificate of the n-th distinct IssueCertificate token: PW_CERT_ARN, then PW_CERT_ARN "-<n>". */
#define PW_CA_NOT_AFTER "2036-12-04T08:50:26Z" /* pca_root.pem's notAfter */
#define PW_SHARE_ARN "arn:aws:ram:ap-northeast-1:123456789012:resource-share/ca-share-1"
#define PW_MAX 16

struct pw_state {
    int n_created;        /* CreateCertificateAuthority calls that made a CA */
    char ca_arn[160];     /* "" until created */
    char status[24];      /* of the CA */
    char common_name[80]; /* the created CA's subject: its common name, and all of it as JSON */
    char subject_json[600];
    int creating_polls;    /* Describe answers CREATING this many times after the create */
    bool issued, imported; /* the root certificate */
    bool permission;       /* the ACM principal's permission */
    bool ocsp;
    int n_tags;
    char tag_keys[PW_MAX][64], tag_values[PW_MAX][128];
    bool share; /* the CA's RAM share exists */
    int n_principals;
    char principals[PW_MAX][16];
    int n_share_tags;
    bool deleted_copy;      /* ListCertificateAuthorities also lists a DELETED CA with the same create tag */
    char deleted_token[40]; /* its tag value */
    int n_revoked;
    char revoked_serial[128], revoked_reason[64];
    int n_issued_leaf; /* IssueCertificate calls for end-entity certificates */
    int n_leaf_tokens; /* their distinct idempotency tokens: one certificate each (as AWS within 5 minutes) */
    char leaf_tokens[PW_MAX][40];
    const char *fail_reason; /* set: the CA goes FAILED with this reason instead of PENDING_CERTIFICATE */
};

extern const struct fw_answer pw_answers[];
extern const size_t pw_n_answers;

/* Registers pw_answers on `world` with `state` (zeroed by the caller). */
int pw_install(struct fw_world *world, struct pw_state *state);
/* A state as a finished create leaves it: an ACTIVE CA with its share (111111111111) and permission. */
void pw_state_active(struct pw_state *state, const char *create_token);

#endif
