/* Typed AWS RAM (Resource Access Manager) operations for sharing the hub's transit gateway (and resolver
 * rules) with other accounts. REST-JSON through gc_rest_json_call; bodies are lowerCamel JSON.
 *
 * Every function returns 0, or -1 with *err filled (caller cleans up with gc_aws_error_clean_up). A share in
 * status DELETED counts as gone; UnknownResourceException is the not-found code. Mutating calls send a fresh
 * clientToken from gc_aws_new_token unless one is given. */
#ifndef GC_RAM_H
#define GC_RAM_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_bind.h"
#include "aws/gc_tags.h"

/* A tri-state boolean for optional request fields. */
enum gc_ram_opt_bool {
    GC_RAM_UNSET = 0,
    GC_RAM_TRUE,
    GC_RAM_FALSE,
};

struct gc_ram_share_spec {
    const char *name; /* required */
    const char *const *resource_arns;
    size_t n_resource_arns;
    const char *const *principals; /* account ids, OU/org ARNs */
    size_t n_principals;
    const char *const *permission_arns;
    size_t n_permission_arns;
    enum gc_ram_opt_bool allow_external_principals;
    const struct gc_tags *tags;
    const char *client_token; /* NULL: a new token */
};

struct gc_ram_share {
    char *arn;
    char *name;
    char *owning_account_id;
    char *status; /* PENDING, ACTIVE, FAILED, DELETING, DELETED */
    char *status_message;
    char *feature_set;
    bool allow_external_principals;
    struct gc_tags tags;
};

GC_BIND_LIST_DECLS(gc_ram_share)

enum gc_ram_association_type {
    GC_RAM_ASSOC_RESOURCE = 0,
    GC_RAM_ASSOC_PRINCIPAL,
};

struct gc_ram_association {
    char *share_arn;
    char *share_name;
    char *associated_entity; /* resource ARN or principal */
    char *association_type;  /* RESOURCE / PRINCIPAL */
    char *status;            /* ASSOCIATING, ASSOCIATED, FAILED, DISASSOCIATING, DISASSOCIATED, ... */
    char *status_message;
    bool external;
};

GC_BIND_LIST_DECLS(gc_ram_association)

/* UnknownResourceException. */
bool gc_ram_error_is_not_found(const struct gc_aws_error *err);
/* "DELETED" (and "DISASSOCIATED" for associations). */
bool gc_ram_status_is_gone(const char *status);
/* An association that holds or is on its way (ASSOCIATING, ASSOCIATED; no status counts too): not gone, FAILED
 * or DISASSOCIATING. What the resources read as their share's principals and resources. */
bool gc_ram_association_is_live(const char *status);

/* POST /createresourceshare. */
int gc_ram_share_create(struct gc_aws_client *c, const struct gc_ram_share_spec *spec, struct gc_ram_share *out,
                        struct gc_aws_error *err);
/* POST /getresourceshares {resourceOwner: SELF, resourceShareArns: [arn]}. *found false (0 returned) when
 * not found or DELETED (then `out` still holds the deleted share). */
int gc_ram_share_get(struct gc_aws_client *c, const char *arn, struct gc_ram_share *out, bool *found,
                     struct gc_aws_error *err);
/* Shares owned by this account with this name (NULL: any) and, if `tag_key` is set, that tag (value
 * `tag_value`, NULL: any). DELETED shares are left out. Paged. */
int gc_ram_share_list(struct gc_aws_client *c, const char *name, const char *tag_key, const char *tag_value,
                      struct gc_ram_share_list *out, struct gc_aws_error *err);
/* POST /getresourceshareassociations for one share (paged). */
int gc_ram_share_associations(struct gc_aws_client *c, const char *arn, enum gc_ram_association_type type,
                              struct gc_ram_association_list *out, struct gc_aws_error *err);
/* POST /associateresourceshare / /disassociateresourceshare (principals and/or resource ARNs). */
int gc_ram_share_associate(struct gc_aws_client *c, const char *arn, const char *const *principals, size_t n_principals,
                           const char *const *resource_arns, size_t n_resource_arns, struct gc_aws_error *err);
int gc_ram_share_disassociate(struct gc_aws_client *c, const char *arn, const char *const *principals,
                              size_t n_principals, const char *const *resource_arns, size_t n_resource_arns,
                              struct gc_aws_error *err);
/* POST /updateresourceshare. `name` NULL: unchanged. `out` may be NULL. */
int gc_ram_share_update(struct gc_aws_client *c, const char *arn, const char *name,
                        enum gc_ram_opt_bool allow_external_principals, struct gc_ram_share *out,
                        struct gc_aws_error *err);
/* What turns the share's `old_tags` into `new_tags`: POST /untagresource for the keys gone, then
 * POST /tagresource for the pairs new or changed; no call when they are equal. */
int gc_ram_share_tags_update(struct gc_aws_client *c, const char *arn, const struct gc_tags *old_tags,
                             const struct gc_tags *new_tags, struct gc_aws_error *err);
/* DELETE /deleteresourceshare?resourceShareArn=<encoded>&clientToken=<token>; not found counts as done. */
int gc_ram_share_delete(struct gc_aws_client *c, const char *arn, struct gc_aws_error *err);

#endif
