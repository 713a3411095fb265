/* Direct Connect gateway associations (JSON 1.1, lowerCamel members) for gcnet_onprem_link. Direct Connect answers
 * every error as DirectConnectClientException, so "gone" is read from an empty describe or the state
 * disassociated, never from an error code (aws-apis.md §9). */
#include "resources/onprem_link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/gc_aws_op.h"
#include "aws/gc_aws_ops.h"
#include "base/gc_buf.h"
#include "base/gc_log.h"
#include "framework/gc_adopt.h"
#include "framework/gc_parallel.h"
#include "framework/gc_read_cache.h"
#include "framework/gc_wait.h"
#include "resources/conn_model.h"
#include "resources/hub_model.h"

void gc_onprem_dx_assoc_clean_up(struct gc_onprem_dx_assoc *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->state);
    free(a->dxgw_id);
    free(a->dxgw_owner);
    free(a->gateway_id);
    free(a->gateway_type);
    free(a->gateway_owner);
    free(a->state_message);
    for (size_t i = 0; i < a->n_prefixes; i++)
        free(a->prefixes[i]);
    free(a->prefixes);
    memset(a, 0, sizeof(*a));
}

static int s_dup(char **out, const json_t *doc, const char *path)
{
    const char *s = gc_doc_str(doc, path);
    *out = s ? gc_strdup(s) : NULL;
    return s && !*out ? -1 : 0;
}

static int s_fill(struct gc_onprem_dx_assoc *a, const json_t *item)
{
    int rc = 0;
    rc |= s_dup(&a->id, item, "associationId");
    rc |= s_dup(&a->state, item, "associationState");
    rc |= s_dup(&a->dxgw_id, item, "directConnectGatewayId");
    rc |= s_dup(&a->dxgw_owner, item, "directConnectGatewayOwnerAccount");
    rc |= s_dup(&a->gateway_id, item, "associatedGateway.id");
    rc |= s_dup(&a->gateway_type, item, "associatedGateway.type");
    rc |= s_dup(&a->gateway_owner, item, "associatedGateway.ownerAccount");
    rc |= s_dup(&a->state_message, item, "stateChangeError");
    const json_t *list = gc_doc_list(item, "allowedPrefixesToDirectConnectGateway");
    if (rc == 0 && json_array_size(list) > 0) {
        a->prefixes = calloc(json_array_size(list), sizeof(char *));
        rc |= a->prefixes ? 0 : -1;
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(list); i++) {
        const char *c = gc_doc_str(json_array_get(list, i), "cidr");
        if (!c)
            continue;
        if (!(a->prefixes[a->n_prefixes] = gc_strdup(c)))
            rc = -1;
        else
            a->n_prefixes++;
    }
    return rc ? -1 : 0;
}

static bool s_gone(const char *state)
{
    return !state || strcmp(state, "disassociated") == 0;
}

/* From an answer of DescribeDirectConnectGatewayAssociations: the first live item with `assoc_id` and of `tgw_id`
 * (either NULL: any) into *a. -1 when memory ran out. */
static int s_pick(const json_t *out, const char *assoc_id, const char *tgw_id, struct gc_onprem_dx_assoc *a,
                  bool *found)
{
    const json_t *items = gc_doc_list(out, "directConnectGatewayAssociations");
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *id = gc_doc_str(item, "associationId");
        const char *gw = gc_doc_str(item, "associatedGateway.id");
        if (s_gone(gc_doc_str(item, "associationState")) || !id || (assoc_id && strcmp(id, assoc_id) != 0) ||
            (tgw_id && (!gw || strcmp(gw, tgw_id) != 0)))
            continue;
        if (s_fill(a, item) != 0)
            return -1;
        *found = true;
        break;
    }
    return 0;
}

/* A failed describe or pick: the AWS error, else (AWS answered) no memory; `a` emptied. */
static void s_describe_failed(struct gc_op *op, struct gc_onprem_dx_assoc *a)
{
    if (!gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Could not read the Direct Connect association",
                          "Reading the association failed: out of memory.");
    gc_onprem_dx_assoc_clean_up(a);
}

/* DescribeDirectConnectGatewayAssociations with `in`; the first live item with `assoc_id` and of `tgw_id`. */
static int s_describe(struct gc_op *op, json_t *in, const char *assoc_id, const char *tgw_id,
                      struct gc_onprem_dx_assoc *a, bool *found)
{
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    int result = -1;
    *found = false;
    gc_onprem_dx_assoc_clean_up(a);
    if (!in)
        goto cleanup;
    if (gc_aws_op_call_all(op->aws, &gc_op_directconnect_describe_direct_connect_gateway_associations, in, &out,
                           &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    result = s_pick(out, assoc_id, tgw_id, a, found);
cleanup:
    if (result != 0)
        s_describe_failed(op, a);
    gc_aws_error_clean_up(&err);
    json_decref(out);
    return result;
}

int gc_onprem_dx_assoc_get(struct gc_op *op, const char *assoc_id, struct gc_onprem_dx_assoc *a, bool *found)
{
    json_t *in = json_pack("{s:s}", "associationId", assoc_id ? assoc_id : "");
    int rc = s_describe(op, in, assoc_id, NULL, a, found);
    json_decref(in);
    return rc;
}

int gc_onprem_dx_assoc_read(struct gc_op *op, const char *assoc_id, const char *tgw_id, struct gc_onprem_dx_assoc *a,
                            bool *found)
{
    struct gc_aws_error err = {0};
    json_t *in = NULL, *out = NULL;
    int result = -1;
    if (!tgw_id || !gc_read_cache_read_only(op))
        return gc_onprem_dx_assoc_get(op, assoc_id, a, found);
    *found = false;
    gc_onprem_dx_assoc_clean_up(a);
    /* the TGW's associations, as the hub's read asked them (the same input: one cached answer) */
    if (!(in = gc_hub_input_dx_associations(tgw_id)))
        goto cleanup;
    if (gc_read_cache_call_all(op, tgw_id, &gc_op_directconnect_describe_direct_connect_gateway_associations, in, &out,
                               &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    if (s_pick(out, assoc_id, tgw_id, a, found) != 0)
        goto cleanup;
    /* not on this TGW (moved, or gone): by its id, as outside a plan (which reports its own failure) */
    result = *found ? 0 : gc_onprem_dx_assoc_get(op, assoc_id, a, found);
cleanup:
    if (result != 0)
        s_describe_failed(op, a);
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return result;
}

int gc_onprem_dx_assoc_find(struct gc_op *op, const char *dxgw_id, const char *tgw_id, struct gc_onprem_dx_assoc *a,
                            bool *found)
{
    json_t *in = json_pack("{s:s, s:s}", "directConnectGatewayId", dxgw_id ? dxgw_id : "", "associatedGatewayId",
                           tgw_id ? tgw_id : "");
    int rc = s_describe(op, in, NULL, tgw_id, a, found);
    json_decref(in);
    return rc;
}

static json_t *s_prefix_list(const char *const *prefixes, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        if (json_array_append_new(list, json_pack("{s:s}", "cidr", prefixes[i])) != 0) {
            json_decref(list);
            list = NULL;
        }
    return list;
}

static int s_call(struct gc_op *op, const struct gc_aws_op_def *def, json_t *in, json_t **out)
{
    struct gc_aws_error err = {0};
    int rc = -1;
    *out = NULL;
    if (!in)
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.", def->name);
    else if ((rc = gc_aws_op_call(op->aws, def, in, out, &err)) != 0)
        gc_op_aws_error(op, &err);
    gc_aws_error_clean_up(&err);
    return rc;
}

int gc_onprem_dx_assoc_create(struct gc_op *op, const char *dxgw_id, const char *tgw_id, const char *const *prefixes,
                              size_t n, char **assoc_id)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:s, s:s, s:o*}", "directConnectGatewayId", dxgw_id, "gatewayId", tgw_id,
                           "addAllowedPrefixesToDirectConnectGateway", s_prefix_list(prefixes, n));
    int result = -1;
    *assoc_id = NULL;
    struct gc_onprem_dx_assoc made = {0};
    struct gc_aws_error err = {0};
    bool found = false;
    GC_INFO("associating Direct Connect gateway %s with %s", dxgw_id, tgw_id);
    if (!in) {
        gc_diags_error_at(op->diags, NULL, "Out of memory", "Could not build the %s request.",
                          gc_op_directconnect_create_direct_connect_gateway_association.name);
        goto cleanup;
    }
    if (gc_aws_op_call(op->aws, &gc_op_directconnect_create_direct_connect_gateway_association, in, &out, &err) != 0) {
        /* the client's retry of a create whose answer was lost meets the association it made ("already
         * associated"): the caller found none before creating, so a live one now is this create's */
        bool taken = gc_aws_error_is(&err, "DirectConnectClientException") &&
                     gc_onprem_dx_assoc_find(op, dxgw_id, tgw_id, &made, &found) == 0 && found && made.id &&
                     made.state && strcmp(made.state, "disassociated") != 0 &&
                     strcmp(made.state, "disassociating") != 0;
        if (!taken) {
            gc_op_aws_error(op, &err);
            goto cleanup;
        }
        GC_WARN("Direct Connect association %s: the create's answer was lost, adopting it", made.id);
        json_decref(out);
        out = json_pack("{s:{s:s}}", "directConnectGatewayAssociation", "associationId", made.id);
    }
    const char *id = gc_doc_str(out, "directConnectGatewayAssociation.associationId");
    if (!id) {
        gc_diags_error_at(op->diags, NULL, "Unexpected answer",
                          "CreateDirectConnectGatewayAssociation answered no associationId.");
        goto cleanup;
    }
    if (!(*assoc_id = gc_strdup(id)))
        goto cleanup;
    result = 0;
cleanup:
    gc_aws_error_clean_up(&err);
    gc_onprem_dx_assoc_clean_up(&made);
    json_decref(in);
    json_decref(out);
    return result;
}

int gc_onprem_dx_assoc_update(struct gc_op *op, const char *assoc_id, const char *const *add, size_t n_add,
                              const char *const *remove, size_t n_remove)
{
    json_t *out = NULL;
    json_t *in = NULL;
    int result = -1;
    if (n_add == 0 && n_remove == 0)
        return 0;
    in = json_pack("{s:s, s:o*, s:o*}", "associationId", assoc_id, "addAllowedPrefixesToDirectConnectGateway",
                   n_add ? s_prefix_list(add, n_add) : NULL, "removeAllowedPrefixesToDirectConnectGateway",
                   n_remove ? s_prefix_list(remove, n_remove) : NULL);
    GC_INFO("updating the allowed prefixes of Direct Connect gateway association %s in place (+%zu, -%zu)", assoc_id,
            n_add, n_remove);
    if (s_call(op, &gc_op_directconnect_update_direct_connect_gateway_association, in, &out) != 0)
        goto cleanup;
    result = gc_onprem_dx_assoc_wait(op, assoc_id, NULL);
cleanup:
    json_decref(in);
    json_decref(out);
    return result;
}

struct s_assoc_wait {
    const char *id;
    struct gc_onprem_dx_assoc *last; /* keeps the last answer; NULL: not kept */
};

static int s_assoc_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    struct s_assoc_wait *w = arg;
    struct gc_onprem_dx_assoc own = {0};
    struct gc_onprem_dx_assoc *a = w->last ? w->last : &own;
    bool found = false;
    int rc = 0;
    *status = NULL;
    gc_onprem_dx_assoc_clean_up(a);
    if (gc_onprem_dx_assoc_get(op, w->id, a, &found) != 0)
        return -1;
    if (found && a->state && !(*status = gc_strdup(a->state)))
        rc = -1;
    if (found && a->state_message && !(*reason = gc_strdup(a->state_message)))
        rc = -1;
    if (!found)
        gc_onprem_dx_assoc_clean_up(a);
    gc_onprem_dx_assoc_clean_up(&own);
    return rc;
}

int gc_onprem_dx_assoc_wait(struct gc_op *op, const char *assoc_id, struct gc_onprem_dx_assoc *last)
{
    static const char *const target[] = {"associated", NULL};
    static const char *const pending[] = {"associating", "updating", NULL};
    static const char *const failed[] = {"disassociating", "disassociated", NULL};
    char what[160];
    struct s_assoc_wait aw = {assoc_id, last};
    snprintf(what, sizeof what, "Direct Connect gateway association %s", assoc_id);
    struct gc_wait_spec w = {
        .what = what, .target = target, .pending = pending, .failed = failed, .status = s_assoc_status, .arg = &aw};
    return gc_wait_for(op, &w);
}

/* One poll of gc_onprem_dx_assoc_wait_attached: the association and the attachment, read at once. */
struct s_attached_wait {
    struct s_assoc_wait assoc;
    const char *tgw_id;
    const char *dxgw_id;
    struct gc_conn_attachment *att;
    char *assoc_status, *assoc_reason;
    bool att_found;
};

static int s_attached_step_assoc(struct gc_op *op, void *arg)
{
    struct s_attached_wait *w = arg;
    return s_assoc_status(op, &w->assoc, &w->assoc_status, &w->assoc_reason);
}

static int s_attached_step_att(struct gc_op *op, void *arg)
{
    struct s_attached_wait *w = arg;
    return gc_conn_attachment_find_by_resource(op, w->tgw_id, "direct-connect-gateway", w->dxgw_id, w->att,
                                               &w->att_found);
}

/* The association's status until it is associated; then the attachment's, where "available" reads as the target
 * "associated" and an attachment not listed yet as "associating" (AWS makes it as the association settles). */
static int s_attached_status(struct gc_op *op, void *arg, char **status, char **reason)
{
    static const char *const att_failed[] = {"failed", "failing", "rejected", "rejecting", "deleting", "deleted"};
    struct s_attached_wait *w = arg;
    const struct gc_parallel_step steps[] = {{s_attached_step_assoc, w}, {s_attached_step_att, w}};
    const char *att_state = NULL;
    int result = -1;
    *status = NULL;
    w->assoc_status = w->assoc_reason = NULL;
    if (gc_parallel_run(op, steps, sizeof steps / sizeof steps[0]) != 0)
        goto cleanup;
    att_state = w->att_found ? w->att->state : NULL;
    result = 0;
    if (!w->assoc_status || strcmp(w->assoc_status, "associated") != 0) {
        *status = w->assoc_status; /* NULL (not listed yet) or the association's own */
        *reason = w->assoc_reason;
        w->assoc_status = w->assoc_reason = NULL;
        goto cleanup;
    }
    const char *mapped = "associating";
    for (size_t i = 0; att_state && i < sizeof att_failed / sizeof att_failed[0]; i++)
        if (strcmp(att_state, att_failed[i]) == 0)
            mapped = att_state;
    if (att_state && strcmp(att_state, "available") == 0)
        mapped = "associated";
    if (!(*status = gc_strdup(mapped)))
        result = -1;
cleanup:
    free(w->assoc_status);
    free(w->assoc_reason);
    w->assoc_status = w->assoc_reason = NULL;
    return result;
}

int gc_onprem_dx_assoc_wait_attached(struct gc_op *op, const char *assoc_id, const char *tgw_id, const char *dxgw_id,
                                     struct gc_onprem_dx_assoc *last, struct gc_conn_attachment *att)
{
    static const char *const target[] = {"associated", NULL};
    static const char *const pending[] = {"associating", "updating", NULL};
    static const char *const failed[] = {"disassociating", "disassociated", "failed",  "failing", "rejected",
                                         "rejecting",      "deleting",      "deleted", NULL};
    char what[200];
    struct s_attached_wait aw = {.assoc = {assoc_id, last}, .tgw_id = tgw_id, .dxgw_id = dxgw_id, .att = att};
    snprintf(what, sizeof what, "Direct Connect gateway association %s and its attachment on %s", assoc_id, tgw_id);
    struct gc_wait_spec w = {
        .what = what, .target = target, .pending = pending, .failed = failed, .status = s_attached_status, .arg = &aw};
    return gc_wait_for(op, &w);
}

int gc_onprem_dx_assoc_delete(struct gc_op *op, const char *assoc_id)
{
    struct gc_onprem_dx_assoc a = {0};
    json_t *out = NULL;
    json_t *in = NULL;
    bool found = false;
    int result = -1;
    char what[160];
    if (gc_onprem_dx_assoc_get(op, assoc_id, &a, &found) != 0)
        goto cleanup;
    if (found && strcmp(a.state, "disassociating") != 0) {
        in = json_pack("{s:s}", "associationId", assoc_id);
        GC_INFO("deleting Direct Connect gateway association %s", assoc_id);
        if (s_call(op, &gc_op_directconnect_delete_direct_connect_gateway_association, in, &out) != 0)
            goto cleanup;
    }
    snprintf(what, sizeof what, "Direct Connect gateway association %s", assoc_id);
    struct s_assoc_wait aw = {assoc_id, NULL};
    result = found ? gc_wait_gone(op, what, s_assoc_status, &aw) : 0;
cleanup:
    gc_onprem_dx_assoc_clean_up(&a);
    json_decref(in);
    json_decref(out);
    return result;
}

int gc_onprem_dx_gateway_get(struct gc_op *op, const char *dxgw_id, bool *found, char **owner)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:s}", "directConnectGatewayId", dxgw_id ? dxgw_id : "");
    struct gc_aws_error err = {0};
    int result = -1;
    *found = false;
    *owner = NULL;
    if (!in)
        goto cleanup;
    if (gc_aws_op_call_all(op->aws, &gc_op_directconnect_describe_direct_connect_gateways, in, &out, &err) != 0) {
        /* an unknown id is a DirectConnectClientException: only the message says so */
        if (gc_aws_error_is(&err, "DirectConnectClientException") && err.message &&
            (strstr(err.message, "not found") || strstr(err.message, "does not exist")))
            result = 0;
        else
            gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *items = gc_doc_list(out, "directConnectGateways");
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *g = json_array_get(items, i);
        const char *id = gc_doc_str(g, "directConnectGatewayId");
        const char *state = gc_doc_str(g, "directConnectGatewayState");
        if (!id || strcmp(id, dxgw_id) != 0 ||
            (state && (strcmp(state, "deleting") == 0 || strcmp(state, "deleted") == 0)))
            continue;
        *found = true;
        const char *o = gc_doc_str(g, "ownerAccount");
        if (o && !(*owner = gc_strdup(o)))
            goto cleanup;
    }
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, "dx_gateway_id", "Out of memory", "Could not read Direct Connect gateway %s.",
                          dxgw_id ? dxgw_id : "");
    gc_aws_error_clean_up(&err);
    json_decref(in);
    json_decref(out);
    return result;
}

/* ---- association proposals ---- */

void gc_onprem_dx_proposal_clean_up(struct gc_onprem_dx_proposal *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->state);
    free(p->dxgw_id);
    free(p->dxgw_owner);
    free(p->gateway_id);
    for (size_t i = 0; i < p->n_requested; i++)
        free(p->requested[i]);
    free(p->requested);
    memset(p, 0, sizeof(*p));
}

static int s_proposal_fill(struct gc_onprem_dx_proposal *p, const json_t *item)
{
    int rc = 0;
    rc |= s_dup(&p->id, item, "proposalId");
    rc |= s_dup(&p->state, item, "proposalState");
    rc |= s_dup(&p->dxgw_id, item, "directConnectGatewayId");
    rc |= s_dup(&p->dxgw_owner, item, "directConnectGatewayOwnerAccount");
    rc |= s_dup(&p->gateway_id, item, "associatedGateway.id");
    const json_t *list = gc_doc_list(item, "requestedAllowedPrefixesToDirectConnectGateway");
    if (rc == 0 && json_array_size(list) > 0) {
        p->requested = calloc(json_array_size(list), sizeof(char *));
        rc |= p->requested ? 0 : -1;
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(list); i++) {
        const char *c = gc_doc_str(json_array_get(list, i), "cidr");
        if (!c)
            continue;
        if (!(p->requested[p->n_requested] = gc_strdup(c)))
            rc = -1;
        else
            p->n_requested++;
    }
    return rc ? -1 : 0;
}

static int s_proposals(struct gc_op *op, json_t *in, const char *id, bool requested_only,
                       struct gc_onprem_dx_proposal *p, bool *found)
{
    struct gc_aws_error err = {0};
    json_t *out = NULL;
    int result = -1;
    *found = false;
    gc_onprem_dx_proposal_clean_up(p);
    if (!in)
        goto cleanup;
    if (gc_aws_op_call_all(op->aws, &gc_op_directconnect_describe_direct_connect_gateway_association_proposals, in,
                           &out, &err) != 0) {
        gc_op_aws_error(op, &err);
        goto cleanup;
    }
    const json_t *items = gc_doc_list(out, "directConnectGatewayAssociationProposals");
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        const char *pid = gc_doc_str(item, "proposalId");
        const char *state = gc_doc_str(item, "proposalState");
        if (!pid || !state || (id && strcmp(pid, id) != 0) || (requested_only && strcmp(state, "requested") != 0))
            continue;
        if (s_proposal_fill(p, item) != 0)
            goto cleanup;
        *found = true;
        break;
    }
    result = 0;
cleanup:
    if (result != 0 && !gc_diags_has_error(op->diags))
        gc_diags_error_at(op->diags, NULL, "Could not read the association proposal",
                          "Reading the proposal failed: out of memory.");
    if (result != 0)
        gc_onprem_dx_proposal_clean_up(p);
    gc_aws_error_clean_up(&err);
    json_decref(out);
    return result;
}

int gc_onprem_dx_proposal_get(struct gc_op *op, const char *id, struct gc_onprem_dx_proposal *p, bool *found)
{
    json_t *in = json_pack("{s:s}", "proposalId", id ? id : "");
    int rc = s_proposals(op, in, id, false, p, found);
    json_decref(in);
    return rc;
}

int gc_onprem_dx_proposal_find(struct gc_op *op, const char *dxgw_id, const char *tgw_id,
                               struct gc_onprem_dx_proposal *p, bool *found)
{
    json_t *in = json_pack("{s:s, s:s}", "directConnectGatewayId", dxgw_id ? dxgw_id : "", "associatedGatewayId",
                           tgw_id ? tgw_id : "");
    int rc = s_proposals(op, in, NULL, true, p, found);
    json_decref(in);
    return rc;
}

/* One proposal create through gc_adopt_create: a proposal has no tags, so the marker is the pair itself (the
 * caller found no requested proposal of the Direct Connect gateway with the TGW before creating, so one there
 * after an uncertain answer is this create's). */
struct s_prop_create {
    const char *dxgw_id;
    const char *tgw_id;
    char *id;       /* the proposal made or adopted */
    char *found[4]; /* ids the look-up found (borrowed by its strset) */
    size_t n_found;
};

static int s_prop_lookup(struct gc_op *op, void *arg, struct gc_strset *ids, struct gc_aws_error *err)
{
    struct s_prop_create *c = arg;
    json_t *out = NULL;
    json_t *in = json_pack("{s:s, s:s}", "directConnectGatewayId", c->dxgw_id, "associatedGatewayId", c->tgw_id);
    int rc = -1;
    if (!in || gc_aws_op_call_all(op->aws, &gc_op_directconnect_describe_direct_connect_gateway_association_proposals,
                                  in, &out, err) != 0)
        goto cleanup;
    const json_t *items = gc_doc_list(out, "directConnectGatewayAssociationProposals");
    rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(items) && c->n_found < 4; i++) {
        const char *pid = gc_doc_str(json_array_get(items, i), "proposalId");
        const char *state = gc_doc_str(json_array_get(items, i), "proposalState");
        if (!pid || !state || strcmp(state, "requested") != 0)
            continue;
        if (!(c->found[c->n_found] = gc_strdup(pid)) || gc_strset_add(ids, c->found[c->n_found]) != 0)
            rc = -1;
        c->n_found += c->found[c->n_found] ? 1 : 0;
    }
cleanup:
    json_decref(in);
    json_decref(out);
    return rc;
}

int gc_onprem_dx_proposal_create(struct gc_op *op, const char *dxgw_id, const char *owner, const char *tgw_id,
                                 const char *const *add, size_t n_add, const char *const *remove, size_t n_remove,
                                 char **id)
{
    json_t *in = json_pack(
        "{s:s, s:s, s:s, s:o*, s:o*}", "directConnectGatewayId", dxgw_id, "directConnectGatewayOwnerAccount", owner,
        "gatewayId", tgw_id, "addAllowedPrefixesToDirectConnectGateway", n_add ? s_prefix_list(add, n_add) : NULL,
        "removeAllowedPrefixesToDirectConnectGateway", n_remove ? s_prefix_list(remove, n_remove) : NULL);
    struct s_prop_create c = {.dxgw_id = dxgw_id, .tgw_id = tgw_id};
    struct gc_adopt_spec spec = {
        .operation = "CreateDirectConnectGatewayAssociationProposal",
        .what = "association proposal",
        .lookup = s_prop_lookup,
        .arg = &c,
        .def = &gc_op_directconnect_create_direct_connect_gateway_association_proposal,
        .in = in,
        .id_path = "directConnectGatewayAssociationProposal.proposalId",
        .id = &c.id,
    };
    int result = -1;
    *id = NULL;
    GC_INFO("proposing the association of Direct Connect gateway %s (account %s) with %s", dxgw_id, owner, tgw_id);
    if (gc_adopt_create(op, &spec) != 0)
        goto cleanup;
    *id = c.id;
    c.id = NULL;
    result = 0;
cleanup:
    for (size_t i = 0; i < c.n_found; i++)
        free(c.found[i]);
    free(c.id);
    json_decref(in);
    return result;
}

int gc_onprem_dx_proposal_delete(struct gc_op *op, const char *id)
{
    struct gc_onprem_dx_proposal p = {0};
    json_t *in = NULL, *out = NULL;
    bool found = false;
    int result = -1;
    if (gc_onprem_dx_proposal_get(op, id, &p, &found) != 0)
        goto cleanup;
    if (found && strcmp(p.state, "requested") == 0) {
        in = json_pack("{s:s}", "proposalId", id);
        GC_INFO("deleting Direct Connect gateway association proposal %s", id);
        if (s_call(op, &gc_op_directconnect_delete_direct_connect_gateway_association_proposal, in, &out) != 0)
            goto cleanup;
    }
    result = 0;
cleanup:
    gc_onprem_dx_proposal_clean_up(&p);
    json_decref(in);
    json_decref(out);
    return result;
}
