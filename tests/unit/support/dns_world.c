/* The resolver's answers (see dns_world.h). */
#include "dns_world.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fake_text.h"

#define S_EC2_NS "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\""
#define S_R53_NS "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\""
#define S_ACCOUNT "123456789012"
#define S_SHARE_ARN "arn:aws:ram:ap-northeast-1:" S_ACCOUNT ":resource-share/dns-share-1"

static const struct {
    const char *id, *cidr, *prefix;
} s_subnets[] = {
    {DW_SUBNET_A, "10.2.0.0/18", "10.2.0."},
    {DW_SUBNET_B, "10.2.128.0/18", "10.2.128."},
    {DW_SUBNET_C, "10.2.64.0/18", "10.2.64."},
};

/* ---- text ---- */

/* A growable text; a failed append leaves it NULL (the answer is then "no answer"). */
struct s_text {
    char *p;
    size_t len, cap;
};

static void s_cat(struct s_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void s_cat(struct s_text *t, const char *fmt, ...)
{
    va_list ap;
    if (!t->p && t->cap)
        return; /* failed before */
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            break;
        if (t->p && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = (t->cap ? t->cap : 1024) * 2 + (size_t)n;
        char *grown = realloc(t->p, cap);
        if (!grown)
            break;
        t->p = grown;
        t->cap = cap;
    }
    free(t->p);
    t->p = NULL;
    t->cap = 1;
}

static void s_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strnlen(src, cap - 1) : 0;
    memmove(dst, src ? src : "", n);
    dst[n] = '\0';
}

/* A form parameter, URL-decoded, into `out` ("" when absent). */
static const char *s_param(const struct fw_request *req, const char *key, char *out, size_t cap)
{
    char *raw = fx_param(req->body, key);
    size_t n = 0;
    for (const char *p = raw; p && *p && n + 1 < cap; p++) {
        if (*p == '%' && p[1] && p[2]) {
            char hex[3] = {p[1], p[2], 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            out[n++] = *p == '+' ? ' ' : *p;
        }
    }
    out[n] = '\0';
    free(raw);
    return out;
}

static char *s_json_error(const char *type, const char *message)
{
    struct s_text t = {0};
    s_cat(&t, "!400 {\"__type\": \"%s\", \"message\": \"%s\"}", type, message);
    return t.p;
}

static char *s_r53_error(const char *code, const char *message)
{
    struct s_text t = {0};
    s_cat(&t, "!400 <ErrorResponse " S_R53_NS "><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message>"
              "</Error><RequestId>fake-r53</RequestId></ErrorResponse>",
          code, message);
    return t.p;
}

static char *s_ec2_ok(const char *op)
{
    struct s_text t = {0};
    s_cat(&t, "<%sResponse " S_EC2_NS "><requestId>r</requestId><return>true</return></%sResponse>", op, op);
    return t.p;
}

/* ---- lookups ---- */

struct dw_endpoint *dw_endpoint(struct dw_state *st, const char *id)
{
    for (int i = 0; id && i < st->n_ep; i++)
        if (st->ep[i].live && strcmp(st->ep[i].id, id) == 0)
            return &st->ep[i];
    return NULL;
}

struct dw_rule *dw_rule(struct dw_state *st, const char *id)
{
    for (int i = 0; id && i < st->n_rule; i++)
        if (st->rule[i].live && strcmp(st->rule[i].id, id) == 0)
            return &st->rule[i];
    return NULL;
}

static const char *s_tag(const struct dw_sg *sg, const char *key)
{
    for (int i = 0; i < sg->n_tags; i++)
        if (strcmp(sg->tag_keys[i], key) == 0)
            return sg->tag_values[i];
    return NULL;
}

struct dw_sg *dw_group(struct dw_state *st, const char *role)
{
    for (int i = 0; i < st->n_sg; i++) {
        const char *r = s_tag(&st->sg[i], "gcnet:dns-role");
        if (st->sg[i].live && r && strcmp(r, role) == 0)
            return &st->sg[i];
    }
    return NULL;
}

static struct dw_sg *s_sg(struct dw_state *st, const char *id)
{
    for (int i = 0; i < st->n_sg; i++)
        if (st->sg[i].live && strcmp(st->sg[i].id, id) == 0)
            return &st->sg[i];
    return NULL;
}

bool dw_rule_associated(const struct dw_state *st, const char *rule_id)
{
    for (int i = 0; i < st->n_assoc; i++)
        if (st->assoc[i].live && strcmp(st->assoc[i].rule, rule_id) == 0)
            return true;
    return false;
}

static void s_tag_set(struct dw_sg *sg, const char *key, const char *value)
{
    for (int i = 0; i < sg->n_tags; i++) {
        if (strcmp(sg->tag_keys[i], key) == 0) {
            s_copy(sg->tag_values[i], sizeof sg->tag_values[i], value);
            return;
        }
    }
    if (sg->n_tags < DW_MAX) {
        s_copy(sg->tag_keys[sg->n_tags], sizeof sg->tag_keys[0], key);
        s_copy(sg->tag_values[sg->n_tags], sizeof sg->tag_values[0], value);
        sg->n_tags++;
    }
}

static void s_tag_remove(struct dw_sg *sg, const char *key)
{
    for (int i = 0; i < sg->n_tags; i++) {
        if (strcmp(sg->tag_keys[i], key) == 0) {
            sg->n_tags--;
            memmove(sg->tag_keys[i], sg->tag_keys[sg->n_tags], sizeof sg->tag_keys[0]);
            memmove(sg->tag_values[i], sg->tag_values[sg->n_tags], sizeof sg->tag_values[0]);
            return;
        }
    }
}

void dw_perm_remove(struct dw_sg *sg, int egress, const char *key)
{
    for (int i = 0; i < sg->n_perms[egress]; i++) {
        if (strcmp(sg->perms[egress][i], key) == 0) {
            sg->n_perms[egress]--;
            memmove(sg->perms[egress][i], sg->perms[egress][sg->n_perms[egress]], sizeof sg->perms[0][0]);
            return;
        }
    }
}

static void s_perm_add(struct dw_sg *sg, int egress, const char *key)
{
    for (int i = 0; i < sg->n_perms[egress]; i++)
        if (strcmp(sg->perms[egress][i], key) == 0)
            return;
    if (sg->n_perms[egress] < DW_MAX)
        s_copy(sg->perms[egress][sg->n_perms[egress]++], sizeof sg->perms[0][0], key);
}

/* ---- EC2: the VPC, subnets and security groups ---- */

static char *s_describe_vpcs(void *ctx, const struct fw_request *req)
{
    struct s_text t = {0};
    char id[64];
    (void)ctx;
    s_param(req, "VpcId.1", id, sizeof id);
    s_cat(&t, "<DescribeVpcsResponse " S_EC2_NS "><requestId>r</requestId><vpcSet>");
    if (strcmp(id, DW_VPC_ID) == 0)
        s_cat(&t, "<item><vpcId>%s</vpcId><state>available</state><cidrBlock>%s</cidrBlock><ownerId>" S_ACCOUNT
                  "</ownerId><isDefault>false</isDefault></item>",
              DW_VPC_ID, DW_VPC_CIDR);
    s_cat(&t, "</vpcSet></DescribeVpcsResponse>");
    return t.p;
}

static char *s_describe_subnets(void *ctx, const struct fw_request *req)
{
    struct s_text t = {0};
    char id[64];
    (void)ctx;
    s_param(req, "SubnetId.1", id, sizeof id);
    s_cat(&t, "<DescribeSubnetsResponse " S_EC2_NS "><requestId>r</requestId><subnetSet>");
    for (size_t i = 0; i < sizeof s_subnets / sizeof s_subnets[0]; i++)
        if (strcmp(id, s_subnets[i].id) == 0)
            s_cat(&t, "<item><subnetId>%s</subnetId><vpcId>" DW_VPC_ID "</vpcId><cidrBlock>%s</cidrBlock><state>"
                      "available</state><availabilityZone>ap-northeast-1%c</availabilityZone></item>",
                  s_subnets[i].id, s_subnets[i].cidr, i == 1 ? 'c' : 'a');
    s_cat(&t, "</subnetSet></DescribeSubnetsResponse>");
    return t.p;
}

static char *s_create_sg(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    char key[64], value[160], k[80];
    if (st->n_sg >= 4)
        return NULL;
    struct dw_sg *sg = &st->sg[st->n_sg];
    memset(sg, 0, sizeof *sg);
    snprintf(sg->id, sizeof sg->id, "sg-0d05000000000000%d", ++st->n_sg);
    sg->live = true;
    for (int i = 1; i <= DW_MAX; i++) {
        snprintf(k, sizeof k, "TagSpecification.1.Tag.%d.Key", i);
        if (!*s_param(req, k, key, sizeof key))
            break;
        snprintf(k, sizeof k, "TagSpecification.1.Tag.%d.Value", i);
        s_tag_set(sg, key, s_param(req, k, value, sizeof value));
    }
    s_perm_add(sg, 1, "-1|-1|-1|0.0.0.0/0"); /* a new group allows all egress */
    struct s_text t = {0};
    s_cat(&t, "<CreateSecurityGroupResponse " S_EC2_NS "><requestId>r</requestId><return>true</return><groupId>%s"
              "</groupId></CreateSecurityGroupResponse>",
          sg->id);
    return t.p;
}

static void s_perms_xml(struct s_text *t, const struct dw_sg *sg, int egress)
{
    for (int i = 0; i < sg->n_perms[egress]; i++) {
        char proto[8] = "", cidr[48] = "";
        long from = 0, to = 0;
        const char *p = sg->perms[egress][i];
        const char *b1 = strchr(p, '|'), *b2 = b1 ? strchr(b1 + 1, '|') : NULL, *b3 = b2 ? strchr(b2 + 1, '|') : NULL;
        if (!b3)
            continue;
        snprintf(proto, sizeof proto, "%.*s", (int)(b1 - p), p);
        from = strtol(b1 + 1, NULL, 10);
        to = strtol(b2 + 1, NULL, 10);
        s_copy(cidr, sizeof cidr, b3 + 1);
        s_cat(t, "<item><ipProtocol>%s</ipProtocol>", proto);
        if (strcmp(proto, "-1") != 0)
            s_cat(t, "<fromPort>%ld</fromPort><toPort>%ld</toPort>", from, to);
        s_cat(t, "<groups/><ipRanges><item><cidrIp>%s</cidrIp></item></ipRanges></item>", cidr);
    }
}

static char *s_describe_sgs(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    struct s_text t = {0};
    char want[64];
    s_param(req, "Filter.1.Value.1", want, sizeof want);
    s_cat(&t, "<DescribeSecurityGroupsResponse " S_EC2_NS "><requestId>r</requestId><securityGroupInfo>");
    for (int i = 0; i < st->n_sg; i++) {
        const struct dw_sg *sg = &st->sg[i];
        const char *mine = s_tag(sg, "gcnet:dns-resolver");
        if (!sg->live || (*want && (!mine || strcmp(mine, want) != 0)))
            continue;
        s_cat(&t, "<item><ownerId>" S_ACCOUNT "</ownerId><groupId>%s</groupId><groupName>g%d</groupName>"
                  "<groupDescription>d</groupDescription><vpcId>" DW_VPC_ID "</vpcId><ipPermissions>",
              sg->id, i);
        s_perms_xml(&t, sg, 0);
        s_cat(&t, "</ipPermissions><ipPermissionsEgress>");
        s_perms_xml(&t, sg, 1);
        s_cat(&t, "</ipPermissionsEgress><tagSet>");
        for (int k = 0; k < sg->n_tags; k++)
            s_cat(&t, "<item><key>%s</key><value>%s</value></item>", sg->tag_keys[k], sg->tag_values[k]);
        s_cat(&t, "</tagSet></item>");
    }
    s_cat(&t, "</securityGroupInfo></DescribeSecurityGroupsResponse>");
    return t.p;
}

static char *s_perm_change(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    char id[40], proto[8], from[12], to[12], cidr[48], key[80];
    struct dw_sg *sg = s_sg(st, s_param(req, "GroupId", id, sizeof id));
    bool egress = strstr(req->operation, "Egress") != NULL;
    bool add = strncmp(req->operation, "Authorize", 9) == 0;
    s_param(req, "IpPermissions.1.IpProtocol", proto, sizeof proto);
    s_param(req, "IpPermissions.1.FromPort", from, sizeof from);
    s_param(req, "IpPermissions.1.ToPort", to, sizeof to);
    s_param(req, "IpPermissions.1.IpRanges.1.CidrIp", cidr, sizeof cidr);
    if (!sg)
        return strdup("!400 <Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>no such group"
                      "</Message></Error></Errors><RequestID>r</RequestID></Response>");
    snprintf(key, sizeof key, "%s|%s|%s|%s", proto, *from ? from : "-1", *to ? to : "-1", cidr);
    if (add)
        s_perm_add(sg, egress, key);
    else
        dw_perm_remove(sg, egress, key);
    return s_ec2_ok(req->operation);
}

static char *s_delete_sg(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    char id[40];
    struct dw_sg *sg = s_sg(st, s_param(req, "GroupId", id, sizeof id));
    if (!sg)
        return strdup("!400 <Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>no such group"
                      "</Message></Error></Errors><RequestID>r</RequestID></Response>");
    for (int i = 0; i < st->n_ep; i++)
        if (st->ep[i].live && strcmp(st->ep[i].sg, sg->id) == 0)
            return strdup("!400 <Response><Errors><Error><Code>DependencyViolation</Code><Message>in use by an "
                          "endpoint</Message></Error></Errors><RequestID>r</RequestID></Response>");
    sg->live = false;
    return s_ec2_ok("DeleteSecurityGroup");
}

static char *s_tags(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    char id[40], key[64], value[160], k[48];
    bool remove = strcmp(req->operation, "DeleteTags") == 0;
    struct dw_sg *sg = s_sg(st, s_param(req, "ResourceId.1", id, sizeof id));
    for (int i = 1; sg && i <= DW_MAX; i++) {
        snprintf(k, sizeof k, "Tag.%d.Key", i);
        if (!*s_param(req, k, key, sizeof key))
            break;
        snprintf(k, sizeof k, "Tag.%d.Value", i);
        s_param(req, k, value, sizeof value);
        if (remove)
            s_tag_remove(sg, key);
        else
            s_tag_set(sg, key, value);
    }
    return s_ec2_ok(req->operation);
}

/* ---- Route 53 Resolver: endpoints ---- */

static json_t *s_endpoint_doc(const struct dw_endpoint *ep)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:s, s:i, s:s, s:s}", "Id", ep->id, "Arn", ep->arn, "Name",
                     ep->name, "CreatorRequestId", ep->creator, "Direction", ep->direction, "SecurityGroupIds", ep->sg,
                     "HostVPCId", DW_VPC_ID, "IpAddressCount", ep->n_ips, "Status", ep->status, "StatusMessage",
                     "fake");
}

static char *s_endpoint_answer(const struct dw_endpoint *ep)
{
    return fw_json_answer(json_pack("{s:o}", "ResolverEndpoint", s_endpoint_doc(ep)));
}

/* An address for `subnet`: the given one, or the next one AWS chooses there. */
static void s_ip_add(struct dw_state *st, struct dw_endpoint *ep, const char *subnet, const char *ip)
{
    if (ep->n_ips >= 8)
        return;
    struct dw_ip *a = &ep->ips[ep->n_ips++];
    s_copy(a->subnet, sizeof a->subnet, subnet);
    snprintf(a->ip_id, sizeof a->ip_id, "rni-0d05%012d", ++st->n_ip_seq);
    if (ip && *ip) {
        s_copy(a->ip, sizeof a->ip, ip);
        return;
    }
    const char *prefix = "10.2.250.";
    for (size_t i = 0; i < sizeof s_subnets / sizeof s_subnets[0]; i++)
        if (strcmp(subnet ? subnet : "", s_subnets[i].id) == 0)
            prefix = s_subnets[i].prefix;
    snprintf(a->ip, sizeof a->ip, "%s%d", prefix, 100 + st->n_ip_seq % 150);
}

static char *s_create_endpoint(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    size_t i;
    json_t *a;
    if (st->n_ep >= DW_MAX_OBJECTS) {
        json_decref(in);
        return NULL;
    }
    struct dw_endpoint *ep = &st->ep[st->n_ep];
    memset(ep, 0, sizeof *ep);
    bool in_dir = fw_json_str(in, "Direction") && strcmp(fw_json_str(in, "Direction"), "INBOUND") == 0;
    int number = ++st->n_ep;
    char id[40];
    snprintf(id, sizeof id, "rslvr-%s-0d05%012d", in_dir ? "in" : "out", number);
    s_copy(ep->id, sizeof ep->id, id);
    snprintf(ep->arn, sizeof ep->arn, "arn:aws:route53resolver:ap-northeast-1:" S_ACCOUNT ":resolver-endpoint/%s",
             id);
    s_copy(ep->name, sizeof ep->name, fw_json_str(in, "Name"));
    s_copy(ep->creator, sizeof ep->creator, fw_json_str(in, "CreatorRequestId"));
    s_copy(ep->direction, sizeof ep->direction, in_dir ? "INBOUND" : "OUTBOUND");
    s_copy(ep->sg, sizeof ep->sg, json_string_value(json_array_get(json_object_get(in, "SecurityGroupIds"), 0)));
    s_copy(ep->status, sizeof ep->status, "CREATING");
    ep->live = true;
    json_array_foreach(json_object_get(in, "IpAddresses"), i, a)
        s_ip_add(st, ep, fw_json_str(a, "SubnetId"), fw_json_str(a, "Ip"));
    json_decref(in);
    return s_endpoint_answer(ep);
}

/* The status a get reports, moving CREATING / UPDATING on after the configured polls. */
static void s_endpoint_tick(struct dw_state *st, struct dw_endpoint *ep)
{
    if (strcmp(ep->status, "CREATING") != 0 && strcmp(ep->status, "UPDATING") != 0)
        return;
    if (ep->polls++ < st->creating_polls)
        return;
    ep->polls = 0;
    if (strcmp(ep->status, "CREATING") == 0 && st->endpoint_end) {
        s_copy(ep->status, sizeof ep->status, st->endpoint_end);
        st->endpoint_end = NULL;
        return;
    }
    s_copy(ep->status, sizeof ep->status, "OPERATIONAL");
}

static char *s_get_endpoint(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    struct dw_endpoint *ep = dw_endpoint(st, fw_json_str(in, "ResolverEndpointId"));
    json_decref(in);
    if (!ep)
        return s_json_error("ResourceNotFoundException", "no such endpoint");
    s_endpoint_tick(st, ep);
    json_t *doc = s_endpoint_doc(ep);
    if (doc && st->end_message && strcmp(ep->status, "OPERATIONAL") != 0 && strcmp(ep->status, "CREATING") != 0)
        json_object_set_new(doc, "StatusMessage", json_string(st->end_message));
    return fw_json_answer(json_pack("{s:o}", "ResolverEndpoint", doc));
}

static char *s_list_endpoints(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *list = json_array();
    (void)req;
    for (int i = 0; i < st->n_ep; i++)
        if (st->ep[i].live)
            json_array_append_new(list, s_endpoint_doc(&st->ep[i]));
    return fw_json_answer(json_pack("{s:o}", "ResolverEndpoints", list));
}

static char *s_list_ips(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    struct dw_endpoint *ep = dw_endpoint(st, fw_json_str(in, "ResolverEndpointId"));
    json_decref(in);
    if (!ep)
        return s_json_error("ResourceNotFoundException", "no such endpoint");
    json_t *list = json_array();
    for (int i = 0; i < ep->n_ips; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "IpId", ep->ips[i].ip_id, "SubnetId",
                                              ep->ips[i].subnet, "Ip", ep->ips[i].ip, "Status", "ATTACHED"));
    return fw_json_answer(json_pack("{s:o, s:i}", "IpAddresses", list, "MaxResults", 10));
}

static char *s_endpoint_ip(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    struct dw_endpoint *ep = dw_endpoint(st, fw_json_str(in, "ResolverEndpointId"));
    json_t *addr = json_object_get(in, "IpAddress");
    bool add = strncmp(req->operation, "Associate", 9) == 0;
    char *out = NULL;
    if (!ep) {
        out = s_json_error("ResourceNotFoundException", "no such endpoint");
        goto cleanup;
    }
    if (add) {
        s_ip_add(st, ep, fw_json_str(addr, "SubnetId"), fw_json_str(addr, "Ip"));
    } else {
        const char *id = fw_json_str(addr, "IpId"), *ip = fw_json_str(addr, "Ip");
        for (int i = 0; i < ep->n_ips; i++) {
            if ((id && strcmp(ep->ips[i].ip_id, id) == 0) || (!id && ip && strcmp(ep->ips[i].ip, ip) == 0)) {
                ep->ips[i] = ep->ips[--ep->n_ips];
                break;
            }
        }
    }
    if (st->min_ips == 0 || ep->n_ips < st->min_ips)
        st->min_ips = ep->n_ips;
    s_copy(ep->status, sizeof ep->status, "UPDATING");
    out = s_endpoint_answer(ep);
cleanup:
    json_decref(in);
    return out;
}

static char *s_update_endpoint(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    struct dw_endpoint *ep = dw_endpoint(st, fw_json_str(in, "ResolverEndpointId"));
    char *out = NULL;
    if (ep && fw_json_str(in, "Name"))
        s_copy(ep->name, sizeof ep->name, fw_json_str(in, "Name"));
    out = ep ? s_endpoint_answer(ep) : s_json_error("ResourceNotFoundException", "no such endpoint");
    json_decref(in);
    return out;
}

static char *s_delete_endpoint(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    struct dw_endpoint *ep = dw_endpoint(st, fw_json_str(in, "ResolverEndpointId"));
    char *out = NULL;
    json_decref(in);
    if (!ep)
        return s_json_error("ResourceNotFoundException", "no such endpoint");
    for (int i = 0; i < st->n_rule; i++)
        if (st->rule[i].live && strcmp(st->rule[i].endpoint, ep->id) == 0)
            return s_json_error("ResourceInUseException", "a rule uses the endpoint");
    s_copy(ep->status, sizeof ep->status, "DELETING");
    out = s_endpoint_answer(ep);
    ep->live = false;
    return out;
}

/* ---- Route 53 Resolver: rules and associations ---- */

static json_t *s_rule_doc(const struct dw_rule *r)
{
    json_t *targets = json_array();
    for (int i = 0; i < r->n_targets; i++)
        json_array_append_new(targets, json_pack("{s:s, s:i}", "Ip", r->target_ips[i], "Port", (int)r->ports[i]));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "Id", r->id, "Arn", r->arn,
                     "DomainName", r->domain, "Status", "COMPLETE", "RuleType", "FORWARD", "Name", r->name,
                     "CreatorRequestId", r->creator, "TargetIps", targets, "ResolverEndpointId", r->endpoint,
                     "OwnerId", S_ACCOUNT, "ShareStatus", "NOT_SHARED");
}

static void s_targets_from(struct dw_rule *r, const json_t *list)
{
    size_t i;
    json_t *t;
    r->n_targets = 0;
    json_array_foreach(list, i, t)
    {
        if (r->n_targets >= 6)
            break;
        s_copy(r->target_ips[r->n_targets], sizeof r->target_ips[0], fw_json_str(t, "Ip"));
        r->ports[r->n_targets] = json_object_get(t, "Port") ? (long)json_integer_value(json_object_get(t, "Port")) : 53;
        r->n_targets++;
    }
}

static char *s_create_rule(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    if (st->n_rule >= DW_MAX) {
        json_decref(in);
        return NULL;
    }
    struct dw_rule *r = &st->rule[st->n_rule];
    memset(r, 0, sizeof *r);
    int number = ++st->n_rule;
    char id[40];
    snprintf(id, sizeof id, "rslvr-rr-0d05%012d", number);
    s_copy(r->id, sizeof r->id, id);
    snprintf(r->arn, sizeof r->arn, "arn:aws:route53resolver:ap-northeast-1:" S_ACCOUNT ":resolver-rule/%s", id);
    /* AWS answers the domain with a trailing dot */
    s_copy(r->domain, sizeof r->domain - 1, fw_json_str(in, "DomainName"));
    size_t n = strlen(r->domain);
    r->domain[n] = '.';
    r->domain[n + 1] = '\0';
    s_copy(r->endpoint, sizeof r->endpoint, fw_json_str(in, "ResolverEndpointId"));
    s_copy(r->name, sizeof r->name, fw_json_str(in, "Name"));
    s_copy(r->creator, sizeof r->creator, fw_json_str(in, "CreatorRequestId"));
    s_targets_from(r, json_object_get(in, "TargetIps"));
    r->live = true;
    json_decref(in);
    return fw_json_answer(json_pack("{s:o}", "ResolverRule", s_rule_doc(r)));
}

static char *s_get_rule(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    struct dw_rule *r = dw_rule(st, fw_json_str(in, "ResolverRuleId"));
    json_decref(in);
    if (!r)
        return s_json_error("ResourceNotFoundException", "no such rule");
    return fw_json_answer(json_pack("{s:o}", "ResolverRule", s_rule_doc(r)));
}

static char *s_list_rules(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *list = json_array();
    (void)req;
    for (int i = 0; i < st->n_rule; i++)
        if (st->rule[i].live)
            json_array_append_new(list, s_rule_doc(&st->rule[i]));
    return fw_json_answer(json_pack("{s:o}", "ResolverRules", list));
}

static char *s_update_rule(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    json_t *config = json_object_get(in, "Config");
    struct dw_rule *r = dw_rule(st, fw_json_str(in, "ResolverRuleId"));
    char *out = NULL;
    if (r) {
        if (json_object_get(config, "TargetIps"))
            s_targets_from(r, json_object_get(config, "TargetIps"));
        if (fw_json_str(config, "ResolverEndpointId"))
            s_copy(r->endpoint, sizeof r->endpoint, fw_json_str(config, "ResolverEndpointId"));
        if (fw_json_str(config, "Name"))
            s_copy(r->name, sizeof r->name, fw_json_str(config, "Name"));
    }
    out = r ? fw_json_answer(json_pack("{s:o}", "ResolverRule", s_rule_doc(r)))
            : s_json_error("ResourceNotFoundException", "no such rule");
    json_decref(in);
    return out;
}

static bool s_rule_shared(const struct dw_state *st, const struct dw_rule *r)
{
    for (int i = 0; st->share && i < st->n_shared; i++)
        if (strcmp(st->shared[i], r->arn) == 0)
            return true;
    return false;
}

static char *s_delete_rule(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    struct dw_rule *r = dw_rule(st, fw_json_str(in, "ResolverRuleId"));
    json_decref(in);
    if (!r)
        return s_json_error("ResourceNotFoundException", "no such rule");
    if (dw_rule_associated(st, r->id) || s_rule_shared(st, r))
        return s_json_error("ResourceInUseException", "the rule is associated or shared");
    r->live = false;
    return fw_json_answer(json_pack("{s:o}", "ResolverRule", s_rule_doc(r)));
}

static json_t *s_assoc_doc(const struct dw_assoc *a, const char *status)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "Id", a->id, "ResolverRuleId", a->rule, "VPCId", DW_VPC_ID,
                     "Status", status, "Name", "assoc");
}

static char *s_associate_rule(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    const char *rule = fw_json_str(in, "ResolverRuleId");
    char *out = NULL;
    if (!dw_rule(st, rule)) {
        out = s_json_error("ResourceNotFoundException", "no such rule");
    } else if (dw_rule_associated(st, rule)) {
        out = s_json_error("ResourceExistsException", "already associated");
    } else if (st->n_assoc < DW_MAX_OBJECTS) {
        struct dw_assoc *a = &st->assoc[st->n_assoc];
        snprintf(a->id, sizeof a->id, "rslvr-rrassoc-0d05%08d", ++st->n_assoc);
        s_copy(a->rule, sizeof a->rule, rule);
        a->live = true;
        out = fw_json_answer(json_pack("{s:o}", "ResolverRuleAssociation", s_assoc_doc(a, "CREATING")));
    }
    json_decref(in);
    return out;
}

static char *s_disassociate_rule(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    const char *rule = fw_json_str(in, "ResolverRuleId");
    char *out = NULL;
    for (int i = 0; rule && i < st->n_assoc && !out; i++) {
        if (st->assoc[i].live && strcmp(st->assoc[i].rule, rule) == 0) {
            st->assoc[i].live = false;
            out = fw_json_answer(json_pack("{s:o}", "ResolverRuleAssociation", s_assoc_doc(&st->assoc[i], "DELETING")));
        }
    }
    json_decref(in);
    return out ? out : s_json_error("ResourceNotFoundException", "no such association");
}

static char *s_get_association(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    const char *id = fw_json_str(in, "ResolverRuleAssociationId");
    char *out = NULL;
    for (int i = 0; id && i < st->n_assoc && !out; i++)
        if (st->assoc[i].live && strcmp(st->assoc[i].id, id) == 0)
            out = fw_json_answer(json_pack("{s:o}", "ResolverRuleAssociation", s_assoc_doc(&st->assoc[i], "COMPLETE")));
    json_decref(in);
    return out ? out : s_json_error("ResourceNotFoundException", "no such association");
}

static char *s_list_associations(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *list = json_array();
    (void)req;
    for (int i = 0; i < st->n_assoc; i++)
        if (st->assoc[i].live)
            json_array_append_new(list, s_assoc_doc(&st->assoc[i], "COMPLETE"));
    return fw_json_answer(json_pack("{s:o}", "ResolverRuleAssociations", list));
}

static char *s_resolver_tags(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    (void)req;
    return strdup("{}");
}

/* ---- RAM: the share of the rules ---- */

static json_t *s_share_doc(const struct dw_state *st)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:[{s:s, s:s}]}", "resourceShareArn", S_SHARE_ARN, "name",
                     st->share_name, "owningAccountId", S_ACCOUNT, "status", "ACTIVE", "allowExternalPrincipals",
                     st->share_external, "tags", "key", "gcnet:dns-resolver", "value", DW_VPC_ID);
}

static void s_list_change(int *n, char list[][120], size_t width, const json_t *items, bool add)
{
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p)
    {
        const char *id = json_string_value(p);
        int at = -1;
        for (int k = 0; id && k < *n; k++)
            if (strcmp(list[k], id) == 0)
                at = k;
        if (add && at < 0 && id && *n < DW_MAX)
            s_copy(list[(*n)++], width, id);
        if (!add && at >= 0)
            memmove(list[at], list[--*n], width);
    }
}

static void s_principals_change(struct dw_state *st, const json_t *items, bool add)
{
    char tmp[DW_MAX][120];
    for (int i = 0; i < st->n_principals; i++)
        s_copy(tmp[i], sizeof tmp[i], st->principals[i]);
    s_list_change(&st->n_principals, tmp, sizeof tmp[0], items, add);
    for (int i = 0; i < st->n_principals; i++)
        s_copy(st->principals[i], sizeof st->principals[i], tmp[i]);
}

static char *s_create_share(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    st->share = true;
    st->n_principals = st->n_shared = 0;
    s_copy(st->share_name, sizeof st->share_name, fw_json_str(in, "name"));
    st->share_external = json_is_true(json_object_get(in, "allowExternalPrincipals"));
    s_principals_change(st, json_object_get(in, "principals"), true);
    s_list_change(&st->n_shared, st->shared, sizeof st->shared[0], json_object_get(in, "resourceArns"), true);
    json_decref(in);
    return fw_json_answer(json_pack("{s:o}", "resourceShare", s_share_doc(st)));
}

static char *s_get_shares(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *list = json_array();
    (void)req;
    if (st->share)
        json_array_append_new(list, s_share_doc(st));
    return fw_json_answer(json_pack("{s:o}", "resourceShares", list));
}

static char *s_share_associations(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    json_t *list = json_array();
    const char *type = fw_json_str(in, "associationType");
    bool principal = type && strcmp(type, "PRINCIPAL") == 0;
    int n = !st->share ? 0 : principal ? st->n_principals : st->n_shared;
    for (int i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "resourceShareArn", S_SHARE_ARN,
                                              "associatedEntity", principal ? st->principals[i] : st->shared[i],
                                              "associationType", principal ? "PRINCIPAL" : "RESOURCE", "status",
                                              "ASSOCIATED"));
    json_decref(in);
    return fw_json_answer(json_pack("{s:o}", "resourceShareAssociations", list));
}

static char *s_share_associate(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    bool add = strcmp(req->operation, "AssociateResourceShare") == 0;
    s_principals_change(st, json_object_get(in, "principals"), add);
    s_list_change(&st->n_shared, st->shared, sizeof st->shared[0], json_object_get(in, "resourceArns"), add);
    json_decref(in);
    return strdup("{\"resourceShareAssociations\": []}");
}

static char *s_update_share(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    json_t *in = fw_json_body(req);
    if (fw_json_str(in, "name"))
        s_copy(st->share_name, sizeof st->share_name, fw_json_str(in, "name"));
    if (json_object_get(in, "allowExternalPrincipals"))
        st->share_external = json_is_true(json_object_get(in, "allowExternalPrincipals"));
    json_decref(in);
    return fw_json_answer(json_pack("{s:o}", "resourceShare", s_share_doc(st)));
}

static char *s_delete_share(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    (void)req;
    st->share = false;
    st->n_principals = st->n_shared = 0;
    return strdup("{\"returnValue\": true}");
}

static char *s_ram_tags(void *ctx, const struct fw_request *req)
{
    (void)ctx;
    (void)req;
    return strdup("{}");
}

/* ---- Route 53: hosted zone associations ---- */

/* The zone id of a /2013-04-01/hostedzone/<id>/... URL into `out`. */
static const char *s_zone_of(const char *url, char *out, size_t cap)
{
    const char *p = url ? strstr(url, "/hostedzone/") : NULL;
    out[0] = '\0';
    if (p)
        snprintf(out, cap, "%.*s", (int)strcspn(p + 12, "/?"), p + 12);
    return out;
}

static char *s_change_answer(struct dw_state *st, const char *op)
{
    struct s_text t = {0};
    s_cat(&t, "<%sResponse " S_R53_NS "><ChangeInfo><Id>/change/C0D05%d</Id><Status>PENDING</Status><SubmittedAt>"
              "2026-12-01T00:00:00Z</SubmittedAt></ChangeInfo></%sResponse>",
          op, ++st->n_changes, op);
    return t.p;
}

static char *s_associate_zone(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    char zone[40];
    s_zone_of(req->url, zone, sizeof zone);
    if (st->foreign_zone && strcmp(zone, DW_ZONE2) == 0)
        return s_r53_error("NotAuthorizedException", "The VPC " DW_VPC_ID " has not been authorized to associate "
                                                     "with your hosted zone.");
    for (int i = 0; i < st->n_zones; i++)
        if (strcmp(st->zones[i], zone) == 0)
            return s_r53_error("ConflictingDomainExists", "already associated");
    if (st->n_zones < 4)
        s_copy(st->zones[st->n_zones++], sizeof st->zones[0], zone);
    return s_change_answer(st, "AssociateVPCWithHostedZone");
}

static char *s_disassociate_zone(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    char zone[40];
    s_zone_of(req->url, zone, sizeof zone);
    for (int i = 0; i < st->n_zones; i++) {
        if (strcmp(st->zones[i], zone) == 0) {
            memmove(st->zones[i], st->zones[--st->n_zones], sizeof st->zones[0]);
            return s_change_answer(st, "DisassociateVPCFromHostedZone");
        }
    }
    return s_r53_error("VPCAssociationNotFound", "not associated");
}

static char *s_get_change(void *ctx, const struct fw_request *req)
{
    struct s_text t = {0};
    const char *id = strstr(req->url, "/change/");
    (void)ctx;
    s_cat(&t, "<GetChangeResponse " S_R53_NS "><ChangeInfo><Id>/change/%.*s</Id><Status>INSYNC</Status><SubmittedAt>"
              "2026-12-01T00:00:00Z</SubmittedAt></ChangeInfo></GetChangeResponse>",
          id ? (int)strcspn(id + 8, "?") : 1, id ? id + 8 : "C");
    return t.p;
}

static char *s_zones_by_vpc(void *ctx, const struct fw_request *req)
{
    struct dw_state *st = ctx;
    struct s_text t = {0};
    (void)req;
    s_cat(&t, "<ListHostedZonesByVPCResponse " S_R53_NS "><HostedZoneSummaries>");
    for (int i = 0; i < st->n_zones; i++)
        s_cat(&t, "<HostedZoneSummary><HostedZoneId>%s</HostedZoneId><Name>asp%d.example.</Name><Owner>"
                  "<OwningAccount>210987654321</OwningAccount></Owner></HostedZoneSummary>",
              st->zones[i], i);
    s_cat(&t, "</HostedZoneSummaries><MaxItems>100</MaxItems></ListHostedZonesByVPCResponse>");
    return t.p;
}

const struct fw_answer dw_answers[] = {
    {&gc_op_ec2_describe_vpcs, NULL, NULL, s_describe_vpcs},
    {&gc_op_ec2_describe_subnets, NULL, NULL, s_describe_subnets},
    {&gc_op_ec2_create_security_group, NULL, NULL, s_create_sg},
    {&gc_op_ec2_describe_security_groups, NULL, NULL, s_describe_sgs},
    {&gc_op_ec2_authorize_security_group_ingress, NULL, NULL, s_perm_change},
    {&gc_op_ec2_authorize_security_group_egress, NULL, NULL, s_perm_change},
    {&gc_op_ec2_revoke_security_group_ingress, NULL, NULL, s_perm_change},
    {&gc_op_ec2_revoke_security_group_egress, NULL, NULL, s_perm_change},
    {&gc_op_ec2_delete_security_group, NULL, NULL, s_delete_sg},
    {&gc_op_ec2_create_tags, NULL, NULL, s_tags},
    {&gc_op_ec2_delete_tags, NULL, NULL, s_tags},
    {&gc_op_route53resolver_create_resolver_endpoint, NULL, NULL, s_create_endpoint},
    {&gc_op_route53resolver_get_resolver_endpoint, NULL, NULL, s_get_endpoint},
    {&gc_op_route53resolver_list_resolver_endpoints, NULL, NULL, s_list_endpoints},
    {&gc_op_route53resolver_list_resolver_endpoint_ip_addresses, NULL, NULL, s_list_ips},
    {&gc_op_route53resolver_associate_resolver_endpoint_ip_address, NULL, NULL, s_endpoint_ip},
    {&gc_op_route53resolver_disassociate_resolver_endpoint_ip_address, NULL, NULL, s_endpoint_ip},
    {&gc_op_route53resolver_update_resolver_endpoint, NULL, NULL, s_update_endpoint},
    {&gc_op_route53resolver_delete_resolver_endpoint, NULL, NULL, s_delete_endpoint},
    {&gc_op_route53resolver_create_resolver_rule, NULL, NULL, s_create_rule},
    {&gc_op_route53resolver_get_resolver_rule, NULL, NULL, s_get_rule},
    {&gc_op_route53resolver_list_resolver_rules, NULL, NULL, s_list_rules},
    {&gc_op_route53resolver_update_resolver_rule, NULL, NULL, s_update_rule},
    {&gc_op_route53resolver_delete_resolver_rule, NULL, NULL, s_delete_rule},
    {&gc_op_route53resolver_associate_resolver_rule, NULL, NULL, s_associate_rule},
    {&gc_op_route53resolver_disassociate_resolver_rule, NULL, NULL, s_disassociate_rule},
    {&gc_op_route53resolver_get_resolver_rule_association, NULL, NULL, s_get_association},
    {&gc_op_route53resolver_list_resolver_rule_associations, NULL, NULL, s_list_associations},
    {&gc_op_route53resolver_tag_resource, NULL, NULL, s_resolver_tags},
    {&gc_op_route53resolver_untag_resource, NULL, NULL, s_resolver_tags},
    {&gc_op_ram_create_resource_share, NULL, NULL, s_create_share},
    {&gc_op_ram_get_resource_shares, NULL, NULL, s_get_shares},
    {&gc_op_ram_get_resource_share_associations, NULL, NULL, s_share_associations},
    {&gc_op_ram_associate_resource_share, NULL, NULL, s_share_associate},
    {&gc_op_ram_disassociate_resource_share, NULL, NULL, s_share_associate},
    {&gc_op_ram_update_resource_share, NULL, NULL, s_update_share},
    {&gc_op_ram_delete_resource_share, NULL, NULL, s_delete_share},
    {&gc_op_ram_tag_resource, NULL, NULL, s_ram_tags},
    {&gc_op_ram_untag_resource, NULL, NULL, s_ram_tags},
    {&gc_op_route53_associate_vpc_with_hosted_zone, NULL, NULL, s_associate_zone},
    {&gc_op_route53_disassociate_vpc_from_hosted_zone, NULL, NULL, s_disassociate_zone},
    {&gc_op_route53_get_change, NULL, NULL, s_get_change},
    {&gc_op_route53_list_hosted_zones_by_vpc, NULL, NULL, s_zones_by_vpc},
};
const size_t dw_n_answers = sizeof dw_answers / sizeof dw_answers[0];

int dw_install(struct fw_world *world, struct dw_state *state)
{
    return fw_answer_table(world, dw_answers, dw_n_answers, state);
}
