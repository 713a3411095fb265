/* gcnet_dns_resolver through the framework (gc_plan_resource, gc_apply_resource, gc_read_resource,
 * gc_import_resource) against the fake AWS with the resolver's answers (dns_world.h): the waits, a failed
 * endpoint reported, partial state on a failed create, pinned addresses moved adding before removing, a rule
 * updated in place, domains added and removed one by one, the share's principals changed by difference, the
 * delete order, import, drift of the egress rules, the cross-account zone that waits for the ASP, and the
 * attribute path of an error inside forward_rules as Terraform receives it. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include <jansson.h>

#include "dns_world.h"
#include "gc_test.h"
#include "resource_run.h"
#include "rpc/gc_rpc_wire.h"

extern const struct gc_resource_def gc_resource_dns_resolver;
#define DEF (&gc_resource_dns_resolver)

/* ---- one world, one provider ---- */

struct env {
    struct rr_env rr;
    struct dw_state st;
};

static int s_env_init(struct env *e)
{
    memset(e, 0, sizeof *e);
    if (rr_env_init(&e->rr, DEF) != 0 || dw_install(e->rr.world, &e->st) != 0)
        return -1;
    return 0;
}

static void s_env_clean_up(struct env *e)
{
    rr_env_clean_up(&e->rr);
}

static const struct gc_type *s_attr_type(const char *name)
{
    for (size_t i = 0; i < DEF->block->n_attrs; i++)
        if (strcmp(DEF->block->attrs[i].name, name) == 0)
            return DEF->block->attrs[i].type;
    return NULL;
}

static struct gc_value *s_strings(const struct gc_type *type, const char *const *items)
{
    size_t n = 0;
    while (items[n])
        n++;
    return gc_value_new_string_list(type, items, n);
}

/* One forward rule value. */
static struct gc_value *s_rule(const char *const *targets, int64_t port, int64_t endpoint)
{
    struct gc_value *r = gc_value_new_object(s_attr_type("forward_rules")->elem);
    if (!r)
        return NULL;
    gc_value_object_set(r, "target_ips", s_strings(&gc_type_list_string, targets));
    gc_value_set_int64(r, "port", port);
    gc_value_set_int64(r, "outbound_endpoint", endpoint);
    return r;
}

static const char *const s_targets[] = {"172.16.1.53", "172.16.2.53", NULL};
static const char *const s_pinned[] = {"10.2.0.10", "10.2.128.10", "10.2.0.11", "10.2.128.11", NULL};

/* The example configuration in the fake's VPC. */
static struct gc_value *s_config(void)
{
    static const char *const subnets[] = {DW_SUBNET_A, DW_SUBNET_B, NULL};
    static const char *const cidrs[] = {"172.16.0.0/16", NULL};
    static const char *const share[] = {"111111111111", NULL};
    static const char *const zones[] = {DW_ZONE, NULL};
    struct gc_value *c = gc_value_new_object(DEF->block->type);
    struct gc_value *rules = gc_value_new_collection(s_attr_type("forward_rules"));
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    if (!c || !rules || !tags) {
        gc_value_free(c);
        gc_value_free(rules);
        gc_value_free(tags);
        return NULL;
    }
    gc_value_set_string(c, "vpc_id", DW_VPC_ID);
    gc_value_object_set(c, "subnet_ids", s_strings(&gc_type_list_string, subnets));
    gc_value_set_string(c, "name", "naruto-dns");
    gc_value_object_set(c, "allowed_cidrs", s_strings(&gc_type_set_string, cidrs));
    gc_value_object_set(c, "inbound_ips", s_strings(&gc_type_list_string, s_pinned));
    gc_value_map_put(rules, "naruto.local", s_rule(s_targets, 53, 0));
    gc_value_object_set(c, "forward_rules", rules);
    gc_value_object_set(c, "share_with", s_strings(&gc_type_set_string, share));
    gc_value_object_set(c, "hosted_zone_ids", s_strings(&gc_type_set_string, zones));
    gc_value_map_put(tags, "env", gc_value_new_string("test"));
    gc_value_object_set(c, "tags", tags);
    return c;
}

/* A resolver made by one apply of s_config() (or `config`); the world keeps it. Returns the state. */
static struct gc_value *s_created(struct env *e, const struct gc_value *config)
{
    struct gc_value *own = config ? NULL : s_config();
    struct gc_value *state = NULL;
    int rc = rr_apply_in_place(&e->rr, NULL, config ? config : own, &state);
    gc_value_free(own);
    if (rc != 0 || gc_diags_has_error(&e->rr.diags)) {
        printf("# create failed: %s\n", e->rr.diags.n ? e->rr.diags.items[0].summary : "?");
        gc_value_free(state);
        return NULL;
    }
    /* what the next run starts from: a fresh record and no diagnostics */
    gc_diags_clean_up(&e->rr.diags);
    gc_diags_init(&e->rr.diags);
    return state;
}

/* Calls of `op` from record index `from` on. */
static int s_count_from(const struct env *e, size_t from, const struct gc_aws_op_def *op)
{
    int n = 0;
    for (size_t i = from; i < fw_n_calls(e->rr.world); i++)
        n += fw_call_at(e->rr.world, i)->op == op;
    return n;
}

/* The record index of the first (last: `last`) call of `op` from `from` on, or -1. */
static long s_at(const struct env *e, size_t from, const struct gc_aws_op_def *op, bool last)
{
    long at = -1;
    for (size_t i = from; i < fw_n_calls(e->rr.world); i++)
        if (fw_call_at(e->rr.world, i)->op == op && (last || at < 0))
            at = (long)i;
    return at;
}

static const char *s_map_get(const struct gc_value *state, const char *attr, const char *key)
{
    return gc_value_string(gc_value_map_get(gc_value_object_get(state, attr), key));
}

static const char *s_list_at(const struct gc_value *state, const char *attr, size_t i)
{
    return gc_value_string(gc_value_index(gc_value_object_get(state, attr), i));
}

static bool s_group_has(const struct dw_sg *sg, int egress, const char *key)
{
    for (int i = 0; sg && i < sg->n_perms[egress]; i++)
        if (strcmp(sg->perms[egress][i], key) == 0)
            return true;
    return false;
}

static const char *s_sg_tag(const struct dw_sg *sg, const char *key)
{
    for (int i = 0; sg && i < sg->n_tags; i++)
        if (strcmp(sg->tag_keys[i], key) == 0)
            return sg->tag_values[i];
    return NULL;
}

static bool s_endpoint_has_ip(struct dw_state *st, const char *id, const char *ip)
{
    struct dw_endpoint *ep = dw_endpoint(st, id);
    for (int i = 0; ep && i < ep->n_ips; i++)
        if (strcmp(ep->ips[i].ip, ip) == 0)
            return true;
    return false;
}

/* ---- create ---- */

/* The create waits for CREATING -> OPERATIONAL, rule COMPLETE and zone INSYNC, and builds every part. */
GC_TEST(create_waits_and_builds_everything)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.creating_polls = 3;
    struct gc_value *state = s_created(&e, NULL);
    ASSERT_TRUE(state != NULL);
    ASSERT_STR_EQ(gc_value_get_string(state, "id"), DW_VPC_ID);
    ASSERT_TRUE(gc_value_is_wholly_known(state));
    ASSERT_INT_EQ(gc_value_length(gc_value_object_get(state, "inbound_endpoint_ids")), 2);
    ASSERT_INT_EQ(gc_value_length(gc_value_object_get(state, "outbound_endpoint_ids")), 2);
    ASSERT_INT_EQ(gc_value_length(gc_value_object_get(state, "outbound_ip_addresses")), 4);
    for (size_t i = 0; i < 4; i++)
        ASSERT_STR_EQ(s_list_at(state, "inbound_ip_addresses", i), s_pinned[i]);
    /* every endpoint was polled past CREATING (3 polls each) */
    ASSERT_TRUE(fw_count(e.rr.world, &gc_op_route53resolver_get_resolver_endpoint) >= 4 * 4);
    for (int i = 0; i < e.st.n_ep; i++)
        ASSERT_STR_EQ(e.st.ep[i].status, "OPERATIONAL");
    ASSERT_TRUE(fw_count(e.rr.world, &gc_op_route53resolver_get_resolver_rule) >= 1);
    ASSERT_TRUE(fw_count(e.rr.world, &gc_op_route53resolver_get_resolver_rule_association) >= 1);
    ASSERT_TRUE(fw_count(e.rr.world, &gc_op_route53_get_change) >= 1);
    /* the groups: ingress 53 from the premises, egress only to the targets (the default all-egress revoked) */
    struct dw_sg *in = dw_group(&e.st, "inbound"), *out = dw_group(&e.st, "outbound");
    ASSERT_TRUE(in && out);
    ASSERT_STR_EQ(s_map_get(state, "security_group_ids", "inbound"), in->id);
    ASSERT_INT_EQ(in->n_perms[0], 2);
    ASSERT_TRUE(s_group_has(in, 0, "tcp|53|53|172.16.0.0/16") && s_group_has(in, 0, "udp|53|53|172.16.0.0/16"));
    ASSERT_INT_EQ(in->n_perms[1], 0);
    ASSERT_INT_EQ(out->n_perms[1], 4);
    ASSERT_TRUE(s_group_has(out, 1, "udp|53|53|172.16.2.53/32") && !s_group_has(out, 1, "-1|-1|-1|0.0.0.0/0"));
    /* the rule: forwarded through outbound endpoint 0, associated, shared */
    const char *rule_id = s_map_get(state, "rule_ids", "naruto.local");
    struct dw_rule *rule = dw_rule(&e.st, rule_id);
    ASSERT_TRUE(rule != NULL);
    ASSERT_STR_EQ(rule->endpoint, s_list_at(state, "outbound_endpoint_ids", 0));
    ASSERT_INT_EQ(rule->n_targets, 2);
    ASSERT_TRUE(dw_rule_associated(&e.st, rule_id));
    ASSERT_TRUE(e.st.share);
    ASSERT_INT_EQ(e.st.n_shared, 1);
    ASSERT_STR_EQ(e.st.shared[0], rule->arn);
    ASSERT_INT_EQ(e.st.n_principals, 1);
    ASSERT_STR_EQ(e.st.principals[0], "111111111111");
    ASSERT_INT_EQ(e.st.n_zones, 1);
    ASSERT_STR_EQ(e.st.zones[0], DW_ZONE);
    ASSERT_INT_EQ(fw_n_unanswered(e.rr.world), 0);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* An endpoint that ends FAILED or ACTION_NEEDED: the create fails naming the endpoint, the status and AWS's
 * message, and returns what it made (the groups, the endpoints) so that Terraform taints it, nothing orphaned. */
GC_TEST(failed_endpoint_is_reported_with_partial_state)
{
    static const char *const ends[] = {"FAILED", "ACTION_NEEDED"};
    for (size_t k = 0; k < 2; k++) {
        struct env e;
        struct gc_value *config = s_config(), *state = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        e.st.endpoint_end = ends[k];
        e.st.end_message = "The subnet has no free addresses";
        int rc = rr_apply_in_place(&e.rr, NULL, config, &state);
        printf("# %s: rc %d, %s\n", ends[k], rc, e.rr.diags.n ? e.rr.diags.items[0].summary : "-");
        ASSERT_TRUE(rc != 0);
        ASSERT_TRUE(gc_diags_has_error(&e.rr.diags));
        ASSERT_TRUE(rr_diag_has(&e.rr.diags, ends[k]));
        ASSERT_TRUE(rr_diag_has(&e.rr.diags, e.st.ep[0].id));
        ASSERT_TRUE(rr_diag_has(&e.rr.diags, "no free addresses"));
        ASSERT_TRUE(state != NULL && !gc_value_is_null(state));
        ASSERT_STR_EQ(gc_value_get_string(state, "id"), DW_VPC_ID);
        ASSERT_STR_EQ(s_map_get(state, "security_group_ids", "outbound"), dw_group(&e.st, "outbound")->id);
        ASSERT_TRUE(gc_value_length(gc_value_object_get(state, "inbound_endpoint_ids")) >= 1);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_route53resolver_create_resolver_rule), 0);
        gc_value_free(config);
        gc_value_free(state);
        s_env_clean_up(&e);
    }
}

/* A create that fails at each later step returns every object made before it, with the AWS error. */
GC_TEST(failed_create_keeps_partial_state)
{
    static const struct {
        const struct gc_aws_op_def *op;
        const char *body;
        const char *attr_made; /* an attribute the partial state must have */
    } cases[] = {
        {&gc_op_route53resolver_create_resolver_rule, "{\"__type\": \"LimitExceededException\", \"message\": \"x\"}",
         "outbound_endpoint_ids"},
        {&gc_op_route53resolver_associate_resolver_rule,
         "{\"__type\": \"InvalidRequestException\", \"message\": \"x\"}", "rule_ids"},
        {&gc_op_ram_create_resource_share, "{\"__type\": \"ServerInternalException\", \"message\": \"x\"}", "rule_ids"},
        {&gc_op_route53_associate_vpc_with_hosted_zone,
         "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidVPCId</Code><Message>x</Message></Error>"
         "<RequestId>r</RequestId></ErrorResponse>",
         "resource_share_arn"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct env e;
        struct gc_value *config = s_config(), *state = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        ASSERT_INT_EQ(fw_fail(e.rr.world, cases[k].op, 400, cases[k].body, 1000), 0);
        int rc = rr_apply_in_place(&e.rr, NULL, config, &state);
        printf("# %s fails: rc %d, %s\n", cases[k].op->name, rc, e.rr.diags.n ? e.rr.diags.items[0].summary : "-");
        ASSERT_TRUE(rc != 0);
        ASSERT_TRUE(rr_diag_has(&e.rr.diags, cases[k].op->name));
        ASSERT_TRUE(state != NULL && !gc_value_is_null(state));
        ASSERT_INT_EQ(gc_value_length(gc_value_object_get(state, "inbound_endpoint_ids")), 2);
        ASSERT_INT_EQ(gc_value_length(gc_value_object_get(state, "security_group_ids")), 2);
        const struct gc_value *made = gc_value_object_get(state, cases[k].attr_made);
        ASSERT_TRUE(gc_value_is_wholly_known(made) && !gc_value_is_null(made));
        gc_value_free(config);
        gc_value_free(state);
        s_env_clean_up(&e);
    }
}

/* Objects left by a create that never finished (the provider was killed): the inbound group carries the resolver's
 * tags and gcnet:create-unfinished, so the next create takes it over and finishes the resolver (no second group, no
 * import); without the marker (another workspace's resolver, or one whose create finished) the create is refused.
 * A name clash with a group that is not this resolver's stays an error. */
GC_TEST(taken_group_name_adopts_own_group_only)
{
    static const char dup[] = "<Response><Errors><Error><Code>InvalidGroup.Duplicate</Code><Message>The security group "
                              "'naruto-dns-inbound' already exists</Message></Error></Errors><RequestID>r</RequestID>"
                              "</Response>";
    for (int own = 2; own >= 0; own--) { /* 2: ours, unfinished; 1: ours, finished; 0: a stranger's group */
        struct env e;
        struct gc_value *config = s_config(), *state = NULL;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct dw_sg *left = &e.st.sg[e.st.n_sg++];
        snprintf(left->id, sizeof left->id, "sg-0d05000000000000f");
        left->live = true;
        if (own) {
            left->n_tags = own == 2 ? 3 : 2;
            snprintf(left->tag_keys[2], sizeof left->tag_keys[2], "gcnet:create-unfinished");
            snprintf(left->tag_values[2], sizeof left->tag_values[2], "true");
            snprintf(left->tag_keys[0], sizeof left->tag_keys[0], "gcnet:dns-resolver");
            snprintf(left->tag_values[0], sizeof left->tag_values[0], DW_VPC_ID);
            snprintf(left->tag_keys[1], sizeof left->tag_keys[1], "gcnet:dns-role");
            snprintf(left->tag_values[1], sizeof left->tag_values[1], "inbound");
        }
        if (!own) /* a stranger's group is not found by the resolver's tags: the create meets its name */
            ASSERT_INT_EQ(fw_fail(e.rr.world, &gc_op_ec2_create_security_group, 400, dup, 1), 0);
        int rc = rr_apply_in_place(&e.rr, NULL, config, &state);
        int live = 0;
        for (int i = 0; i < e.st.n_sg; i++)
            live += e.st.sg[i].live;
        printf("# own %d: rc %d, %s\n", own, rc, e.rr.diags.n ? e.rr.diags.items[0].summary : "-");
        if (own == 2) {
            ASSERT_INT_EQ(rc, 0);
            ASSERT_TRUE(rr_diag_has(&e.rr.diags, "Finished an interrupted create"));
            ASSERT_STR_EQ(s_map_get(state, "security_group_ids", "inbound"), "sg-0d05000000000000f");
            ASSERT_INT_EQ(live, 2); /* the adopted one and the outbound group: no second inbound group */
            ASSERT_TRUE(s_group_has(left, 0, "tcp|53|53|172.16.0.0/16"));
            ASSERT_TRUE(s_sg_tag(left, "gcnet:create-unfinished") == NULL); /* the finished create drops it */
        } else if (own == 1) {
            ASSERT_TRUE(rc != 0);
            ASSERT_TRUE(rr_diag_has(&e.rr.diags, "Resolver already exists"));
            ASSERT_INT_EQ(live, 1);
        } else {
            ASSERT_TRUE(rc != 0);
            ASSERT_TRUE(rr_diag_has(&e.rr.diags, "InvalidGroup.Duplicate"));
        }
        gc_value_free(config);
        gc_value_free(state);
        s_env_clean_up(&e);
    }
}

/* ---- update ---- */

/* A pinned address moves in place: the new one is added before the old one is removed, the endpoint never has
 * fewer than two, and no endpoint is made or deleted. */
GC_TEST(pinned_address_moves_add_before_remove)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *config = s_config(), *state = NULL;
    ASSERT_TRUE(prior != NULL);
    static const char *const moved[] = {"10.2.0.10", "10.2.128.10", "10.2.0.12", "10.2.128.11", NULL};
    gc_value_object_set(config, "inbound_ips", s_strings(&gc_type_list_string, moved));
    size_t from = fw_n_calls(e.rr.world);
    e.st.min_ips = 0;
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, prior, config, &state), 0);
    long add = s_at(&e, from, &gc_op_route53resolver_associate_resolver_endpoint_ip_address, false);
    long remove = s_at(&e, from, &gc_op_route53resolver_disassociate_resolver_endpoint_ip_address, false);
    ASSERT_TRUE(add >= 0 && remove > add);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_associate_resolver_endpoint_ip_address), 1);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_disassociate_resolver_endpoint_ip_address), 1);
    ASSERT_TRUE(e.st.min_ips >= 2);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_endpoint), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_delete_resolver_endpoint), 0);
    const char *ep1 = s_list_at(prior, "inbound_endpoint_ids", 1);
    ASSERT_STR_EQ(s_list_at(state, "inbound_endpoint_ids", 1), ep1);
    ASSERT_TRUE(s_endpoint_has_ip(&e.st, ep1, "10.2.0.12") && !s_endpoint_has_ip(&e.st, ep1, "10.2.0.11"));
    ASSERT_STR_EQ(s_list_at(state, "inbound_ip_addresses", 2), "10.2.0.12");
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* Moving the endpoints to another subnet adds each endpoint's address there before removing the old one. */
GC_TEST(subnet_move_keeps_endpoints)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *config = s_config(), *state = NULL;
    gc_value_object_set(config, "inbound_ips", gc_value_new_null(&gc_type_list_string));
    struct gc_value *prior = s_created(&e, config);
    ASSERT_TRUE(prior != NULL);
    static const char *const subnets[] = {DW_SUBNET_A, DW_SUBNET_C, NULL};
    gc_value_object_set(config, "subnet_ids", s_strings(&gc_type_list_string, subnets));
    size_t from = fw_n_calls(e.rr.world);
    e.st.min_ips = 0;
    int rc = rr_apply_in_place(&e.rr, prior, config, &state);
    for (size_t i = 0; i < e.rr.diags.n; i++)
        printf("# %s\n", e.rr.diags.items[i].summary);
    ASSERT_INT_EQ(rc, 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_associate_resolver_endpoint_ip_address), 4);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_disassociate_resolver_endpoint_ip_address), 4);
    ASSERT_TRUE(e.st.min_ips >= 2);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_endpoint), 0);
    for (int d = 0; d < 2; d++) {
        const char *attr = d ? "outbound_endpoint_ids" : "inbound_endpoint_ids";
        for (size_t i = 0; i < 2; i++) {
            struct dw_endpoint *ep = dw_endpoint(&e.st, s_list_at(state, attr, i));
            ASSERT_STR_EQ(s_list_at(state, attr, i), s_list_at(prior, attr, i));
            ASSERT_TRUE(ep != NULL);
            ASSERT_INT_EQ(ep->n_ips, 2);
            ASSERT_TRUE(strcmp(ep->ips[0].subnet, DW_SUBNET_B) != 0 && strcmp(ep->ips[1].subnet, DW_SUBNET_B) != 0);
        }
    }
    ASSERT_TRUE(strncmp(s_list_at(state, "inbound_ip_addresses", 1), "10.2.64.", 8) == 0);
    ASSERT_TRUE(gc_value_is_wholly_known(state));
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* Targets, port and outbound endpoint change with UpdateResolverRule: the same rule id, no new rule, the egress
 * rules follow. */
GC_TEST(rule_updated_in_place)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *config = s_config(), *state = NULL;
    ASSERT_TRUE(prior != NULL);
    static const char *const targets[] = {"172.16.3.53", NULL};
    struct gc_value *rules = gc_value_new_collection(s_attr_type("forward_rules"));
    gc_value_map_put(rules, "naruto.local", s_rule(targets, 5353, 1));
    gc_value_object_set(config, "forward_rules", rules);
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, prior, config, &state), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_update_resolver_rule), 1);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_rule), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_delete_resolver_rule), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_associate_resolver_rule), 0);
    const char *id = s_map_get(prior, "rule_ids", "naruto.local");
    ASSERT_STR_EQ(s_map_get(state, "rule_ids", "naruto.local"), id);
    struct dw_rule *rule = dw_rule(&e.st, id);
    ASSERT_INT_EQ(rule->n_targets, 1);
    ASSERT_STR_EQ(rule->target_ips[0], "172.16.3.53");
    ASSERT_INT_EQ(rule->ports[0], 5353);
    ASSERT_STR_EQ(rule->endpoint, s_list_at(state, "outbound_endpoint_ids", 1));
    struct dw_sg *out = dw_group(&e.st, "outbound");
    ASSERT_INT_EQ(out->n_perms[1], 2);
    ASSERT_TRUE(s_group_has(out, 1, "tcp|5353|5353|172.16.3.53/32"));
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* Adding a domain creates, shares and associates only that rule; removing one unshares, disassociates and
 * deletes only that one, in that order. */
GC_TEST(domains_added_and_removed_one_by_one)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *config = s_config(), *mid = NULL, *state = NULL;
    ASSERT_TRUE(prior != NULL);
    static const char *const other[] = {"172.16.9.53", NULL};
    struct gc_value *rules = gc_value_copy(gc_value_object_get(config, "forward_rules"));
    gc_value_map_put(rules, "Komatsushima.Local.", s_rule(other, 53, 1));
    gc_value_object_set(config, "forward_rules", rules);
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, prior, config, &mid), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_rule), 1);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_associate_resolver_rule), 1);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_update_resolver_rule), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_ram_associate_resource_share), 1);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_ram_create_resource_share), 0);
    const char *naruto = s_map_get(prior, "rule_ids", "naruto.local");
    const char *komatsu = s_map_get(mid, "rule_ids", "Komatsushima.Local.");
    ASSERT_STR_EQ(s_map_get(mid, "rule_ids", "naruto.local"), naruto);
    ASSERT_TRUE(komatsu != NULL && strcmp(komatsu, naruto) != 0);
    ASSERT_STR_EQ(dw_rule(&e.st, komatsu)->domain, "komatsushima.local.");
    ASSERT_INT_EQ(e.st.n_shared, 2);
    ASSERT_TRUE(dw_rule_associated(&e.st, komatsu));
    /* a plan of the same configuration is clean (the domain's spelling kept) */
    struct gc_value *again = NULL;
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, mid, config, &again), 0);
    ASSERT_TRUE(gc_value_equal(again, mid));
    gc_value_free(again);
    /* remove naruto.local */
    struct gc_value *only = gc_value_new_collection(s_attr_type("forward_rules"));
    gc_value_map_put(only, "Komatsushima.Local.", s_rule(other, 53, 1));
    gc_value_object_set(config, "forward_rules", only);
    from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, mid, config, &state), 0);
    long unshare = s_at(&e, from, &gc_op_ram_disassociate_resource_share, false);
    long disassociate = s_at(&e, from, &gc_op_route53resolver_disassociate_resolver_rule, false);
    long del = s_at(&e, from, &gc_op_route53resolver_delete_resolver_rule, false);
    ASSERT_TRUE(unshare >= 0 && disassociate > unshare && del > disassociate);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_delete_resolver_rule), 1);
    ASSERT_TRUE(strstr(fw_call_at(e.rr.world, (size_t)del)->body, naruto) != NULL);
    ASSERT_TRUE(dw_rule(&e.st, naruto) == NULL);
    ASSERT_TRUE(dw_rule(&e.st, komatsu) != NULL && dw_rule_associated(&e.st, komatsu));
    ASSERT_INT_EQ(e.st.n_shared, 1);
    ASSERT_INT_EQ(gc_value_length(gc_value_object_get(state, "rule_ids")), 1);
    /* the egress rules follow: only komatsushima's target is left */
    ASSERT_INT_EQ(dw_group(&e.st, "outbound")->n_perms[1], 2);
    gc_value_free(prior);
    gc_value_free(mid);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* share_with changes only associate and disassociate the principals that differ. */
GC_TEST(share_principals_by_difference)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    static const char *const before[] = {"111111111111", "222222222222", NULL};
    static const char *const after[] = {"222222222222", "333333333333", NULL};
    struct gc_value *config = s_config(), *state = NULL;
    gc_value_object_set(config, "share_with", s_strings(&gc_type_set_string, before));
    struct gc_value *prior = s_created(&e, config);
    ASSERT_TRUE(prior != NULL);
    gc_value_object_set(config, "share_with", s_strings(&gc_type_set_string, after));
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, prior, config, &state), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_ram_associate_resource_share), 1);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_ram_disassociate_resource_share), 1);
    const char *add = fw_call_at(e.rr.world, (size_t)s_at(&e, from, &gc_op_ram_associate_resource_share, false))->body;
    const char *rm =
        fw_call_at(e.rr.world, (size_t)s_at(&e, from, &gc_op_ram_disassociate_resource_share, false))->body;
    ASSERT_TRUE(strstr(add, "333333333333") && !strstr(add, "222222222222") && !strstr(add, "111111111111"));
    ASSERT_TRUE(strstr(rm, "111111111111") && !strstr(rm, "222222222222"));
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_rule), 0);
    ASSERT_INT_EQ(e.st.n_principals, 2);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* A rename and a tag change keep every id: endpoints and rules renamed in place, groups and share re-tagged. */
GC_TEST(rename_and_tags_in_place)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *config = s_config(), *state = NULL;
    ASSERT_TRUE(prior != NULL);
    gc_value_set_string(config, "name", "naruto-dns-2");
    struct gc_value *tags = gc_value_new_collection(&gc_type_map_string);
    gc_value_map_put(tags, "env", gc_value_new_string("prod"));
    gc_value_object_set(config, "tags", tags);
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, prior, config, &state), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_update_resolver_endpoint), 4);
    ASSERT_TRUE(s_count_from(&e, from, &gc_op_route53resolver_tag_resource) >= 5);
    ASSERT_TRUE(s_count_from(&e, from, &gc_op_ec2_create_tags) >= 2);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_ram_update_resource_share), 1);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_endpoint), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_rule), 0);
    ASSERT_TRUE(gc_value_equal(gc_value_object_get(state, "inbound_endpoint_ids"),
                               gc_value_object_get(prior, "inbound_endpoint_ids")));
    ASSERT_TRUE(gc_value_equal(gc_value_object_get(state, "rule_ids"), gc_value_object_get(prior, "rule_ids")));
    ASSERT_STR_EQ(e.st.share_name, "naruto-dns-2");
    ASSERT_STR_EQ(dw_endpoint(&e.st, s_list_at(state, "inbound_endpoint_ids", 0))->name, "naruto-dns-2-in-0");
    ASSERT_STR_EQ(s_sg_tag(dw_group(&e.st, "inbound"), "env"), "prod");
    /* a read after it shows no change */
    struct gc_value *read = NULL, *planned = NULL;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, config, &planned), 0);
    ASSERT_TRUE(gc_value_equal(planned, read));
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* Endpoint counts change in place: a third endpoint of each kind is added, then removed again. */
GC_TEST(endpoint_count_changes_in_place)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *config = s_config(), *mid = NULL, *state = NULL;
    gc_value_object_set(config, "inbound_ips", gc_value_new_null(&gc_type_list_string));
    struct gc_value *prior = s_created(&e, config);
    ASSERT_TRUE(prior != NULL);
    gc_value_set_int64(config, "inbound_endpoints", 3);
    gc_value_set_int64(config, "outbound_endpoints", 3);
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, prior, config, &mid), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_create_resolver_endpoint), 2);
    ASSERT_INT_EQ(gc_value_length(gc_value_object_get(mid, "inbound_endpoint_ids")), 3);
    ASSERT_INT_EQ(gc_value_length(gc_value_object_get(mid, "inbound_ip_addresses")), 6);
    for (size_t i = 0; i < 2; i++)
        ASSERT_STR_EQ(s_list_at(mid, "inbound_endpoint_ids", i), s_list_at(prior, "inbound_endpoint_ids", i));
    ASSERT_TRUE(gc_value_is_wholly_known(mid));
    gc_value_set_int64(config, "inbound_endpoints", 2);
    gc_value_set_int64(config, "outbound_endpoints", 2);
    from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, mid, config, &state), 0);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_delete_resolver_endpoint), 2);
    ASSERT_TRUE(gc_value_equal(gc_value_object_get(state, "inbound_endpoint_ids"),
                               gc_value_object_get(prior, "inbound_endpoint_ids")));
    ASSERT_TRUE(dw_endpoint(&e.st, s_list_at(mid, "outbound_endpoint_ids", 2)) == NULL);
    gc_value_free(prior);
    gc_value_free(mid);
    gc_value_free(config);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* ---- drift, the ASP's zone ---- */

/* An outbound egress rule (or an inbound one) removed outside Terraform shows in the next plan and the apply puts
 * it back. */
GC_TEST(deleted_security_group_rule_shows_and_is_repaired)
{
    static const struct {
        const char *role;
        int egress;
        const char *key;
    } cases[] = {
        {"outbound", 1, "udp|53|53|172.16.2.53/32"},
        {"inbound", 0, "tcp|53|53|172.16.0.0/16"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct env e;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *prior = s_created(&e, NULL), *config = s_config(), *read = NULL, *planned = NULL;
        struct gc_value *state = NULL;
        ASSERT_TRUE(prior != NULL);
        dw_perm_remove(dw_group(&e.st, cases[k].role), cases[k].egress, cases[k].key);
        ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags), 0);
        ASSERT_TRUE(read != NULL && !gc_value_equal(read, prior));
        ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, config, &planned), 0);
        ASSERT_FALSE(gc_value_equal(planned, read)); /* the plan shows a change */
        gc_value_free(planned);
        planned = NULL;
        ASSERT_INT_EQ(rr_apply_in_place(&e.rr, read, config, &state), 0);
        ASSERT_TRUE(s_group_has(dw_group(&e.st, cases[k].role), cases[k].egress, cases[k].key));
        /* and then nothing is left to change */
        struct gc_value *read2 = NULL;
        ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read2, &e.rr.diags), 0);
        ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read2, config, &planned), 0);
        ASSERT_TRUE(gc_value_equal(planned, read2));
        gc_value_free(read2);
        gc_value_free(planned);
        gc_value_free(read);
        gc_value_free(prior);
        gc_value_free(config);
        gc_value_free(state);
        s_env_clean_up(&e);
    }
}

/* A rule association and a share principal removed outside Terraform are put back; the rule id is kept. */
GC_TEST(drift_of_association_and_principal_repaired)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *config = s_config(), *read = NULL, *state = NULL;
    ASSERT_TRUE(prior != NULL);
    const char *rule_id = s_map_get(prior, "rule_ids", "naruto.local");
    for (int i = 0; i < e.st.n_assoc; i++)
        e.st.assoc[i].live = false;
    e.st.n_principals = 0;
    e.st.n_zones = 0;
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags), 0);
    ASSERT_FALSE(gc_value_equal(read, prior));
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, read, config, &state), 0);
    ASSERT_TRUE(dw_rule_associated(&e.st, rule_id));
    ASSERT_INT_EQ(e.st.n_principals, 1);
    ASSERT_INT_EQ(e.st.n_zones, 1);
    ASSERT_STR_EQ(s_map_get(state, "rule_ids", "naruto.local"), rule_id);
    gc_value_free(prior);
    gc_value_free(config);
    gc_value_free(read);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* An ASP's zone in another account that has not authorised the VPC: the apply succeeds with a warning naming the
 * zone, the VPC and the ASP's call, everything else is built; once the ASP authorises, the next plan shows the
 * zone and the apply associates it. */
GC_TEST(foreign_zone_waits_for_the_asp)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    e.st.foreign_zone = true;
    static const char *const zones[] = {DW_ZONE, DW_ZONE2, NULL};
    struct gc_value *config = s_config(), *state = NULL, *read = NULL, *planned = NULL, *after = NULL;
    gc_value_object_set(config, "hosted_zone_ids", s_strings(&gc_type_set_string, zones));
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, NULL, config, &state), 0);
    ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
    ASSERT_TRUE(rr_diag_has(&e.rr.diags, "create-vpc-association-authorization"));
    ASSERT_TRUE(rr_diag_has(&e.rr.diags, DW_ZONE2));
    ASSERT_TRUE(rr_diag_has(&e.rr.diags, DW_VPC_ID));
    ASSERT_INT_EQ(e.st.n_zones, 1);
    ASSERT_TRUE(e.st.share && dw_rule_associated(&e.st, s_map_get(state, "rule_ids", "naruto.local")));
    /* the next refresh shows the zone missing: the plan is not clean until it is associated */
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, state, &read, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_value_length(gc_value_object_get(read, "hosted_zone_ids")), 1);
    e.st.foreign_zone = false; /* the ASP ran create-vpc-association-authorization */
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, config, &planned), 0);
    ASSERT_FALSE(gc_value_equal(planned, read));
    ASSERT_INT_EQ(rr_apply_in_place(&e.rr, read, config, &after), 0);
    ASSERT_INT_EQ(e.st.n_zones, 2);
    gc_value_free(config);
    gc_value_free(state);
    gc_value_free(read);
    gc_value_free(planned);
    gc_value_free(after);
    s_env_clean_up(&e);
}

/* ---- delete, import ---- */

/* Destroy: zones, then the share, each rule disassociated then deleted, the endpoints, the groups last. Nothing
 * is left. */
GC_TEST(delete_in_order_leaves_nothing)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *state = NULL;
    ASSERT_TRUE(prior != NULL);
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(gc_apply_resource(DEF, &e.rr.prov, prior, NULL, &state, &e.rr.diags), 0);
    ASSERT_TRUE(state == NULL || gc_value_is_null(state));
    long zone = s_at(&e, from, &gc_op_route53_disassociate_vpc_from_hosted_zone, true);
    long share = s_at(&e, from, &gc_op_ram_delete_resource_share, false);
    long disassoc = s_at(&e, from, &gc_op_route53resolver_disassociate_resolver_rule, false);
    long rule = s_at(&e, from, &gc_op_route53resolver_delete_resolver_rule, false);
    long rule_last = s_at(&e, from, &gc_op_route53resolver_delete_resolver_rule, true);
    long ep = s_at(&e, from, &gc_op_route53resolver_delete_resolver_endpoint, false);
    long ep_last = s_at(&e, from, &gc_op_route53resolver_delete_resolver_endpoint, true);
    long sg = s_at(&e, from, &gc_op_ec2_delete_security_group, false);
    printf("# order: zone %ld, share %ld, disassociate %ld, rule %ld, endpoint %ld, group %ld\n", zone, share, disassoc,
           rule, ep, sg);
    ASSERT_TRUE(zone >= 0 && share > zone && disassoc > share && rule > disassoc && ep > rule_last && sg > ep_last);
    for (int i = 0; i < e.st.n_ep; i++)
        ASSERT_FALSE(e.st.ep[i].live);
    for (int i = 0; i < e.st.n_rule; i++)
        ASSERT_FALSE(e.st.rule[i].live);
    for (int i = 0; i < e.st.n_sg; i++)
        ASSERT_FALSE(e.st.sg[i].live);
    ASSERT_FALSE(e.st.share);
    ASSERT_INT_EQ(e.st.n_zones, 0);
    /* every delete of a resolver object was waited for until AWS said it was gone */
    ASSERT_TRUE(s_count_from(&e, from, &gc_op_route53resolver_get_resolver_endpoint) >= 4);
    gc_value_free(prior);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* A delete whose endpoint delete keeps failing does not report success: the groups stay and the error says why. */
GC_TEST(delete_failure_is_not_success)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *state = NULL;
    ASSERT_TRUE(prior != NULL);
    ASSERT_INT_EQ(fw_fail(e.rr.world, &gc_op_route53resolver_delete_resolver_endpoint, 400,
                          "{\"__type\": \"InvalidRequestException\", \"message\": \"no\"}", 1000),
                  0);
    int rc = gc_apply_resource(DEF, &e.rr.prov, prior, NULL, &state, &e.rr.diags);
    ASSERT_TRUE(rc != 0);
    ASSERT_TRUE(rr_diag_has(&e.rr.diags, "DeleteResolverEndpoint"));
    ASSERT_TRUE(dw_group(&e.st, "inbound") != NULL);
    gc_value_free(prior);
    gc_value_free(state);
    s_env_clean_up(&e);
}

/* ---- the refresh: one round of reads by the state's IDs ---- */

/* A transport in front of the world's that holds every request until `want` are in flight at once: a read that
 * makes its requests in one round opens it; one that waits for an answer before its next request never gets
 * there, and the gate opens only at its deadline (60 s, the failure path alone; nothing here is timed). */
struct s_gate {
    struct gc_http_transport inner;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int want, in_flight, most, sent;
    bool open, by_deadline;
};

static int s_gate_send(void *impl, const struct gc_http_request *req, struct gc_http_response *resp)
{
    struct s_gate *g = impl;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 60;
    pthread_mutex_lock(&g->lock);
    g->sent++;
    if (++g->in_flight > g->most)
        g->most = g->in_flight;
    if (g->in_flight >= g->want)
        g->open = true;
    pthread_cond_broadcast(&g->cond);
    while (!g->open)
        if (pthread_cond_timedwait(&g->cond, &g->lock, &deadline) != 0)
            g->open = g->by_deadline = true;
    pthread_mutex_unlock(&g->lock);
    int rc = g->inner.send(g->inner.impl, req, resp);
    pthread_mutex_lock(&g->lock);
    g->in_flight--;
    pthread_mutex_unlock(&g->lock);
    return rc;
}

/* A refresh of a whole resolver (two endpoints each way, a rule, its association, the share and a zone) sends
 * its 12 reads at once: the groups, the endpoint and rule lists, each endpoint's addresses by the state's IDs,
 * the rule associations, the share by its ARN with its principals and resources, and the hosted zones. Nothing
 * waits for another answer, so at 50 ms a refresh costs one round trip, not four. And the state read is the
 * prior one (no drift, no change). */
GC_TEST(refresh_reads_everything_in_one_round)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *prior = s_created(&e, NULL), *read = NULL;
    ASSERT_TRUE(prior != NULL);
    struct s_gate gate = {.inner = fw_world_transport(e.rr.world), .want = 12};
    pthread_mutex_init(&gate.lock, NULL);
    pthread_cond_init(&gate.cond, NULL);
    struct gc_http_transport t = {s_gate_send, &gate};
    gc_aws_client_set_transport(e.rr.aws, &t);
    size_t from = fw_n_calls(e.rr.world);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags), 0);
    ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
    ASSERT_FALSE(gate.by_deadline);
    ASSERT_INT_EQ(gate.most, 12);
    ASSERT_INT_EQ(gate.sent, 12);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_list_resolver_endpoint_ip_addresses), 4);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_ram_get_resource_share_associations), 2);
    ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_list_resolver_rule_associations), 1);
    ASSERT_TRUE(read && gc_value_equal(read, prior));
    pthread_mutex_destroy(&gate.lock);
    pthread_cond_destroy(&gate.cond);
    gc_value_free(prior);
    gc_value_free(read);
    s_env_clean_up(&e);
}

static void s_list_keep_first(struct gc_value *state, const char *attr)
{
    const char *first = s_list_at(state, attr, 0);
    const char *items[] = {first, NULL};
    gc_value_object_set(state, attr, s_strings(&gc_type_list_string, items));
}

static void s_gone_endpoint(struct env *e, struct gc_value *prior)
{
    dw_endpoint(&e->st, s_list_at(prior, "outbound_endpoint_ids", 1))->live = false;
}

static void s_gone_inbound(struct env *e, struct gc_value *prior)
{
    dw_endpoint(&e->st, s_list_at(prior, "inbound_endpoint_ids", 0))->live = false;
}

static void s_gone_rule(struct env *e, struct gc_value *prior)
{
    dw_rule(&e->st, s_map_get(prior, "rule_ids", "naruto.local"))->live = false;
}

static void s_gone_share(struct env *e, struct gc_value *prior)
{
    (void)prior;
    e->st.share = false;
}

/* Nothing of the resolver is left, and the reads by its other IDs fail (as a deleted VPC's zones might). */
static void s_gone_all(struct env *e, struct gc_value *prior)
{
    (void)prior;
    for (int i = 0; i < e->st.n_sg; i++)
        e->st.sg[i].live = false;
    for (int i = 0; i < e->st.n_ep; i++)
        e->st.ep[i].live = false;
    fw_fail(e->rr.world, &gc_op_route53_list_hosted_zones_by_vpc, 400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidVPCId</Code><Message>x</Message></Error>"
            "<RequestId>r</RequestId></ErrorResponse>",
            1);
    fw_fail(e->rr.world, &gc_op_ram_get_resource_share_associations, 400,
            "{\"__type\": \"UnknownResourceException\", \"message\": \"x\"}", 2);
}

static void s_unlisted_endpoint(struct env *e, struct gc_value *prior)
{
    (void)e;
    s_list_keep_first(prior, "outbound_endpoint_ids");
}

static void s_unlisted_share(struct env *e, struct gc_value *prior)
{
    (void)e;
    gc_value_set_string(prior, "resource_share_arn", NULL);
}

static void s_rules_unknown(struct env *e, struct gc_value *prior)
{
    (void)e;
    gc_value_object_set(prior, "rule_ids", gc_value_new_collection(&gc_type_map_string));
    gc_value_object_set(prior, "forward_rules", gc_value_new_null(s_attr_type("forward_rules")));
}

static void s_addresses_fail(struct env *e, struct gc_value *prior)
{
    (void)prior;
    fw_fail(e->rr.world, &gc_op_route53resolver_list_resolver_endpoint_ip_addresses, 400,
            "{\"__type\": \"AccessDeniedException\", \"message\": \"not allowed\"}", 1);
}

/* The refresh by the state's IDs judges what is gone as the lists do (an endpoint not listed is no endpoint,
 * whatever its addresses answered; a share not found is no share; nothing left is no resolver, whatever the
 * other reads answered), reads in a second round what the state did not know, and still reports a failure of a
 * read it needs. */
GC_TEST(refresh_by_state_ids_judges_what_is_gone)
{
    static const struct {
        const char *name;
        void (*change)(struct env *e, struct gc_value *prior);
        bool gone, error;
        int n_in, n_out, n_rules;
        bool share;
        int address_reads; /* ListResolverEndpointIpAddresses calls of the refresh */
    } cases[] = {
        {"outbound endpoint deleted", s_gone_endpoint, false, false, 2, 1, 1, true, 4},
        {"inbound endpoint deleted", s_gone_inbound, false, false, 1, 2, 1, true, 4},
        {"rule deleted", s_gone_rule, false, false, 2, 2, 0, true, 4},
        {"share deleted", s_gone_share, false, false, 2, 2, 1, false, 4},
        {"nothing left", s_gone_all, true, false, 0, 0, 0, false, 4},
        {"endpoint the state did not list", s_unlisted_endpoint, false, false, 2, 2, 1, true, 4},
        {"no share ARN in the state", s_unlisted_share, false, false, 2, 2, 1, true, 4},
        {"no rules in the state", s_rules_unknown, false, false, 2, 2, 1, true, 4},
        {"a listed endpoint's addresses fail", s_addresses_fail, false, true, 0, 0, 0, false, 4},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct env e;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        struct gc_value *prior = s_created(&e, NULL), *read = NULL;
        ASSERT_TRUE(prior != NULL);
        cases[k].change(&e, prior);
        size_t from = fw_n_calls(e.rr.world);
        int rc = gc_read_resource(DEF, &e.rr.prov, prior, &read, &e.rr.diags);
        printf("# %s\n", cases[k].name);
        ASSERT_INT_EQ(s_count_from(&e, from, &gc_op_route53resolver_list_resolver_endpoint_ip_addresses),
                      cases[k].address_reads);
        if (cases[k].error) {
            ASSERT_TRUE(rc != 0 || gc_diags_has_error(&e.rr.diags));
            ASSERT_TRUE(rr_diag_has(&e.rr.diags, "AccessDeniedException"));
        } else if (cases[k].gone) {
            ASSERT_INT_EQ(rc, 0);
            ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
            ASSERT_TRUE(read == NULL || gc_value_is_null(read));
        } else {
            ASSERT_INT_EQ(rc, 0);
            ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
            ASSERT_TRUE(read != NULL);
            ASSERT_INT_EQ(gc_value_length(gc_value_object_get(read, "inbound_endpoint_ids")), cases[k].n_in);
            ASSERT_INT_EQ(gc_value_length(gc_value_object_get(read, "outbound_endpoint_ids")), cases[k].n_out);
            ASSERT_INT_EQ(gc_value_length(gc_value_object_get(read, "inbound_ip_addresses")), 2 * cases[k].n_in);
            ASSERT_INT_EQ(gc_value_length(gc_value_object_get(read, "outbound_ip_addresses")), 2 * cases[k].n_out);
            ASSERT_INT_EQ(gc_value_length(gc_value_object_get(read, "rule_ids")), cases[k].n_rules);
            ASSERT_INT_EQ(!gc_value_is_null(gc_value_object_get(read, "resource_share_arn")), cases[k].share);
        }
        gc_value_free(prior);
        gc_value_free(read);
        s_env_clean_up(&e);
    }
}

/* The plan's network check (a create, or a change of subnets, pinned addresses or rules; never a clean refresh
 * plan) reads the VPC and both subnets at once: one round trip at plan and again at apply. Each case is judged as
 * before: a VPC or subnet that is not there, and a read that fails, on its attribute. */
GC_TEST(plan_checks_the_network_in_one_round)
{
    static const char unauthorized[] =
        "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>not allowed</Message></Error></Errors>"
        "<RequestID>r</RequestID></Response>";
    static const struct {
        const char *name;
        const char *vpc_id, *subnet_b; /* NULL: the world's */
        bool fail_subnets;
        const char *path, *summary; /* NULL: no error */
    } cases[] = {
        {"all there", NULL, NULL, false, NULL, NULL},
        {"no such VPC", "vpc-0d0500000000000ff", NULL, false, "vpc_id", "VPC not found"},
        {"no such subnet", NULL, "subnet-0d0500000000000ff", false, "subnet_ids[1]", "Subnet not in the VPC"},
        {"a subnet read fails", NULL, NULL, true, NULL, "UnauthorizedOperation"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct env e;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        printf("# %s\n", cases[k].name);
        struct gc_value *config = s_config(), *planned = NULL;
        struct gc_path_list replace = {0};
        const char *subnets[] = {DW_SUBNET_A, cases[k].subnet_b ? cases[k].subnet_b : DW_SUBNET_B, NULL};
        gc_value_object_set(config, "subnet_ids", s_strings(&gc_type_list_string, subnets));
        if (cases[k].vpc_id)
            gc_value_set_string(config, "vpc_id", cases[k].vpc_id);
        if (cases[k].fail_subnets)
            fw_fail(e.rr.world, &gc_op_ec2_describe_subnets, 403, unauthorized, 2);
        struct s_gate gate = {.inner = fw_world_transport(e.rr.world), .want = 3};
        pthread_mutex_init(&gate.lock, NULL);
        pthread_cond_init(&gate.cond, NULL);
        struct gc_http_transport t = {s_gate_send, &gate};
        gc_aws_client_set_transport(e.rr.aws, &t);
        int rc = rr_plan(&e.rr, NULL, config, &planned, &replace);
        ASSERT_FALSE(gate.by_deadline);
        ASSERT_INT_EQ(gate.most, 3);
        ASSERT_INT_EQ(gate.sent, 3);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_describe_vpcs), 1);
        ASSERT_INT_EQ(fw_count(e.rr.world, &gc_op_ec2_describe_subnets), 2);
        if (!cases[k].summary) {
            ASSERT_INT_EQ(rc, 0);
            ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
        } else {
            ASSERT_TRUE(gc_diags_has_error(&e.rr.diags));
            ASSERT_TRUE(cases[k].path ? rr_diag_on(&e.rr.diags, cases[k].path, cases[k].summary)
                                      : rr_diag_has(&e.rr.diags, cases[k].summary));
        }
        pthread_mutex_destroy(&gate.lock);
        pthread_cond_destroy(&gate.cond);
        gc_path_list_clean_up(&replace);
        gc_value_free(config);
        gc_value_free(planned);
        s_env_clean_up(&e);
    }
}

/* Import by the VPC id rebuilds the whole state; the plan of the configuration after it shows no change. */
GC_TEST(import_rebuilds_state_and_plans_clean)
{
    struct env e;
    ASSERT_INT_EQ(s_env_init(&e), 0);
    struct gc_value *created = s_created(&e, NULL), *config = s_config(), *imported = NULL, *read = NULL;
    struct gc_value *planned = NULL;
    ASSERT_TRUE(created != NULL);
    ASSERT_INT_EQ(gc_import_resource(DEF, &e.rr.prov, DW_VPC_ID, &imported, &e.rr.diags), 0);
    ASSERT_INT_EQ(gc_read_resource(DEF, &e.rr.prov, imported, &read, &e.rr.diags), 0);
    ASSERT_TRUE(read != NULL);
    static const char *const same[] = {"inbound_endpoint_ids", "outbound_endpoint_ids",
                                       "inbound_ip_addresses", "rule_ids",
                                       "security_group_ids",   "resource_share_arn",
                                       "subnet_ids",           "allowed_cidrs",
                                       "forward_rules",        "share_with",
                                       "hosted_zone_ids",      "name"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        if (!gc_value_equal(gc_value_object_get(read, same[i]), gc_value_object_get(created, same[i])))
            printf("# import: %s differs\n", same[i]);
        ASSERT_TRUE(gc_value_equal(gc_value_object_get(read, same[i]), gc_value_object_get(created, same[i])));
    }
    ASSERT_INT_EQ(rr_plan_in_place(&e.rr, read, config, &planned), 0);
    ASSERT_FALSE(gc_diags_has_error(&e.rr.diags));
    /* the only difference a plan after import may have is the timeouts block the import cannot know */
    gc_value_object_set(planned, "timeouts", gc_value_copy(gc_value_object_get(read, "timeouts")));
    ASSERT_TRUE(gc_value_equal(planned, read));
    /* a wrong id is refused without a call */
    size_t before = fw_n_calls(e.rr.world);
    struct gc_value *bad = NULL;
    ASSERT_TRUE(gc_import_resource(DEF, &e.rr.prov, "sg-123", &bad, &e.rr.diags) != 0);
    ASSERT_INT_EQ(fw_n_calls(e.rr.world), before);
    ASSERT_TRUE(rr_diag_has(&e.rr.diags, "Invalid import ID"));
    gc_value_free(bad);
    gc_value_free(created);
    gc_value_free(config);
    gc_value_free(imported);
    gc_value_free(read);
    gc_value_free(planned);
    s_env_clean_up(&e);
}

/* ---- errors inside forward_rules, as Terraform receives them ---- */

struct path_case {
    const char *key;    /* the domain */
    const char *target; /* its one target */
    int64_t port, endpoint;
    const char *summary;
    const char *full_path; /* the diagnostic's own path */
};

static const struct path_case s_path_cases[] = {
    {"naruto.local", "172.16.1.53", 70000, 0, "Invalid port", "forward_rules[\"naruto.local\"].port"},
    {"naruto.local", "172.16.1.53", 53, 3, "No such outbound endpoint",
     "forward_rules[\"naruto.local\"].outbound_endpoint"},
    {"naruto.local", "10.2.5.5", 53, 0, "Target inside the VPC", "forward_rules[\"naruto.local\"].target_ips[0]"},
    {"naruto.local", "1.2.3", 53, 0, "Invalid IP address", "forward_rules[\"naruto.local\"].target_ips"},
    {"bad..local", "172.16.1.53", 53, 0, "Invalid domain name", "forward_rules[\"bad..local\"]"},
};

/* The diagnostic carries the whole path; on the wire it is cut to forward_rules["<domain>"] (an attribute and one
 * map key: what Terraform can place in the configuration) and the detail names the whole path. */
GC_TEST(forward_rules_errors_point_at_the_rule)
{
    for (size_t k = 0; k < sizeof s_path_cases / sizeof s_path_cases[0]; k++) {
        const struct path_case *c = &s_path_cases[k];
        struct env e;
        struct gc_value *config = s_config(), *planned = NULL;
        struct gc_arena arena;
        ASSERT_INT_EQ(s_env_init(&e), 0);
        gc_arena_init(&arena);
        const char *targets[] = {c->target, NULL};
        struct gc_value *rules = gc_value_new_collection(s_attr_type("forward_rules"));
        gc_value_map_put(rules, c->key, s_rule(targets, c->port, c->endpoint));
        gc_value_object_set(config, "forward_rules", rules);
        ASSERT_TRUE(rr_plan_in_place(&e.rr, NULL, config, &planned) != 0);
        const struct gc_diag *d = NULL;
        for (size_t i = 0; i < e.rr.diags.n && !d; i++)
            if (e.rr.diags.items[i].summary && strcmp(e.rr.diags.items[i].summary, c->summary) == 0)
                d = &e.rr.diags.items[i];
        if (!d)
            printf("# case %zu: no \"%s\" (%s)\n", k, c->summary, e.rr.diags.n ? e.rr.diags.items[0].summary : "-");
        ASSERT_TRUE(d != NULL);
        char *path = gc_path_to_string(&d->path);
        printf("# %s: %s\n", c->summary, path ? path : "?");
        ASSERT_STR_EQ(path, c->full_path);
        free(path);
        size_t n = 0;
        Tfplugin6__Diagnostic **wire = gc_wire_diags(&e.rr.diags, &arena, &n);
        const Tfplugin6__Diagnostic *w = NULL;
        for (size_t i = 0; wire && i < n && !w; i++)
            if (strcmp(wire[i]->summary, c->summary) == 0)
                w = wire[i];
        ASSERT_TRUE(w != NULL && w->attribute != NULL);
        ASSERT_INT_EQ(w->attribute->n_steps, 2);
        ASSERT_INT_EQ(w->attribute->steps[0]->selector_case, TFPLUGIN6__ATTRIBUTE_PATH__STEP__SELECTOR_ATTRIBUTE_NAME);
        ASSERT_STR_EQ(w->attribute->steps[0]->attribute_name, "forward_rules");
        ASSERT_INT_EQ(w->attribute->steps[1]->selector_case,
                      TFPLUGIN6__ATTRIBUTE_PATH__STEP__SELECTOR_ELEMENT_KEY_STRING);
        ASSERT_STR_EQ(w->attribute->steps[1]->element_key_string, c->key);
        bool cut = strcmp(c->full_path, "forward_rules[\"bad..local\"]") != 0;
        ASSERT_TRUE(!cut || strstr(w->detail, c->full_path) != NULL);
        ASSERT_TRUE(cut || strstr(w->detail, "Attribute:") == NULL);
        gc_arena_clean_up(&arena);
        gc_value_free(config);
        gc_value_free(planned);
        s_env_clean_up(&e);
    }
}

/* Paths Terraform resolves as they are go on the wire unchanged. */
GC_TEST(wire_path_cut_only_after_an_index)
{
    static const struct {
        const char *path;
        size_t n;
    } cases[] = {
        {"inbound_ips[2]", 2}, {"timeouts.create", 2},
        {"tags[\"env\"]", 2},  {"forward_rules[\"a\"].port", 2},
        {"subnet_ids", 1},     {"forward_rules[\"a\"].target_ips[1]", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gc_path p = {0};
        ASSERT_INT_EQ(gc_path_parse(&p, cases[i].path), 0);
        ASSERT_INT_EQ(gc_wire_diag_path_len(&p), cases[i].n);
        gc_path_clean_up(&p);
    }
}

int main(void)
{
    if (gc_registry_prepare() != 0) {
        printf("Bail out! registry\n");
        return 1;
    }
    static const struct gc_test_case cases[] = {
        GC_CASE(create_waits_and_builds_everything),
        GC_CASE(failed_endpoint_is_reported_with_partial_state),
        GC_CASE(failed_create_keeps_partial_state),
        GC_CASE(taken_group_name_adopts_own_group_only),
        GC_CASE(pinned_address_moves_add_before_remove),
        GC_CASE(subnet_move_keeps_endpoints),
        GC_CASE(rule_updated_in_place),
        GC_CASE(domains_added_and_removed_one_by_one),
        GC_CASE(share_principals_by_difference),
        GC_CASE(rename_and_tags_in_place),
        GC_CASE(endpoint_count_changes_in_place),
        GC_CASE(deleted_security_group_rule_shows_and_is_repaired),
        GC_CASE(drift_of_association_and_principal_repaired),
        GC_CASE(foreign_zone_waits_for_the_asp),
        GC_CASE(delete_in_order_leaves_nothing),
        GC_CASE(delete_failure_is_not_success),
        GC_CASE(refresh_reads_everything_in_one_round),
        GC_CASE(refresh_by_state_ids_judges_what_is_gone),
        GC_CASE(plan_checks_the_network_in_one_round),
        GC_CASE(import_rebuilds_state_and_plans_clean),
        GC_CASE(forward_rules_errors_point_at_the_rule),
        GC_CASE(wire_path_cut_only_after_an_index),
    };
    return gc_test_main(cases, sizeof cases / sizeof cases[0]);
}
