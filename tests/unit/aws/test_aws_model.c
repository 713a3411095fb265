/* The generated AWS tables (gc_aws_ops.c) against facts of the botocore models they come from (checked with
 * botocore 1.43.11), and a walk over every shape reachable from every operation. */
#include <stdint.h>
#include <string.h>

#include "aws/gc_aws_model.h"
#include "aws/gc_aws_ops.h"
#include "gc_test.h"

#define S_MAX_SHAPES 4096

/* The member at a dotted path of document keys from `shape`; a list on the way is stepped through to its
 * element shape, as a document's arrays are. NULL when a step is missing. */
static const struct gc_shape_member *s_member_at(const struct gc_shape *shape, const char *path)
{
    const struct gc_shape_member *result = NULL;
    char key[128];

    while (shape && *path) {
        size_t len = strcspn(path, ".");
        if (len >= sizeof key) {
            result = NULL;
            goto cleanup;
        }
        memcpy(key, path, len);
        key[len] = '\0';
        while (shape->type == GC_SHAPE_LIST)
            shape = shape->member;
        result = gc_shape_member_find(shape, key);
        if (!result)
            goto cleanup;
        shape = result->shape;
        path += len;
        if (*path == '.')
            path++;
    }
cleanup:
    return result;
}

static bool s_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* ---- operations ---- */

struct s_op_fact {
    const struct gc_aws_op_def *op;
    const char *name;
    const char *method;
    const char *uri;
    const char *input_location_name;
    const char *result_wrapper;
    const char *input_token, *output_token, *limit_key, *result_key;
    bool has_output;
};

static const struct s_op_fact s_op_facts[] = {
    {&gc_op_ec2_describe_transit_gateways, "DescribeTransitGateways", "POST", "/", NULL, NULL, "NextToken", "NextToken",
     "MaxResults", "TransitGateways", true},
    {&gc_op_ec2_delete_vpc, "DeleteVpc", "POST", "/", NULL, NULL, NULL, NULL, NULL, NULL, false},
    {&gc_op_ec2_describe_security_groups, "DescribeSecurityGroups", "POST", "/", NULL, NULL, "NextToken", "NextToken",
     "MaxResults", "SecurityGroups", true},
    {&gc_op_sts_get_caller_identity, "GetCallerIdentity", "POST", "/", NULL, "GetCallerIdentityResult", NULL, NULL,
     NULL, NULL, true},
    {&gc_op_sts_assume_role, "AssumeRole", "POST", "/", NULL, "AssumeRoleResult", NULL, NULL, NULL, NULL, true},
    {&gc_op_ram_delete_resource_share, "DeleteResourceShare", "DELETE", "/deleteresourceshare", NULL, NULL, NULL, NULL,
     NULL, NULL, true},
    {&gc_op_ram_get_resource_shares, "GetResourceShares", "POST", "/getresourceshares", NULL, NULL, "nextToken",
     "nextToken", "maxResults", "resourceShares", true},
    {&gc_op_route53_associate_vpc_with_hosted_zone, "AssociateVPCWithHostedZone", "POST",
     "/2013-04-01/hostedzone/{Id}/associatevpc", "AssociateVPCWithHostedZoneRequest", NULL, NULL, NULL, NULL, NULL,
     true},
    {&gc_op_route53_get_hosted_zone, "GetHostedZone", "GET", "/2013-04-01/hostedzone/{Id}", NULL, NULL, NULL, NULL,
     NULL, NULL, true},
    {&gc_op_route53_list_hosted_zones, "ListHostedZones", "GET", "/2013-04-01/hostedzone", NULL, NULL, "Marker",
     "NextMarker", "MaxItems", "HostedZones", true},
    {&gc_op_route53resolver_list_resolver_endpoints, "ListResolverEndpoints", "POST", "/", NULL, NULL, "NextToken",
     "NextToken", "MaxResults", "ResolverEndpoints", true},
    {&gc_op_acmpca_issue_certificate, "IssueCertificate", "POST", "/", NULL, NULL, NULL, NULL, NULL, NULL, true},
    {&gc_op_directconnect_describe_direct_connect_gateways, "DescribeDirectConnectGateways", "POST", "/", NULL, NULL,
     "nextToken", "nextToken", "maxResults", "directConnectGateways", true},
};

GC_TEST(op_facts)
{
    for (size_t i = 0; i < sizeof s_op_facts / sizeof s_op_facts[0]; i++) {
        const struct s_op_fact *f = &s_op_facts[i];
        printf("# %s\n", f->name);
        ASSERT_STR_EQ(f->op->name, f->name);
        ASSERT_STR_EQ(gc_aws_op_http_method(f->op), f->method);
        ASSERT_STR_EQ(gc_aws_op_request_uri(f->op), f->uri);
        ASSERT_TRUE(s_str_eq(f->op->input_location_name, f->input_location_name));
        ASSERT_TRUE(s_str_eq(f->op->result_wrapper, f->result_wrapper));
        ASSERT_TRUE(s_str_eq(f->op->input_token, f->input_token));
        ASSERT_TRUE(s_str_eq(f->op->output_token, f->output_token));
        ASSERT_TRUE(s_str_eq(f->op->limit_key, f->limit_key));
        ASSERT_TRUE(s_str_eq(f->op->result_key, f->result_key));
        ASSERT_TRUE(f->op->input != NULL);
        ASSERT_INT_EQ(f->op->output != NULL, f->has_output);
    }
}

/* ---- services ---- */

struct s_service_fact {
    const struct gc_aws_service_def *def;
    enum gc_aws_service service;
    enum gc_aws_wire_protocol protocol;
    const char *api_version;
    const char *target_prefix;
    const char *json_version;
    const char *xml_namespace;
};

static const struct s_service_fact s_service_facts[] = {
    {&gc_aws_service_ec2, GC_SVC_EC2, GC_WIRE_EC2, "2016-11-15", NULL, NULL, NULL},
    {&gc_aws_service_sts, GC_SVC_STS, GC_WIRE_QUERY, "2011-06-15", NULL, NULL, NULL},
    {&gc_aws_service_ram, GC_SVC_RAM, GC_WIRE_REST_JSON, "2018-01-04", NULL, NULL, NULL},
    {&gc_aws_service_route53, GC_SVC_ROUTE53, GC_WIRE_REST_XML, "2013-04-01", NULL, NULL,
     "https://route53.amazonaws.com/doc/2013-04-01/"},
    {&gc_aws_service_route53resolver, GC_SVC_ROUTE53RESOLVER, GC_WIRE_JSON, "2018-04-01", "Route53Resolver", "1.1",
     NULL},
    {&gc_aws_service_acmpca, GC_SVC_ACMPCA, GC_WIRE_JSON, "2017-08-22", "ACMPrivateCA", "1.1", NULL},
    {&gc_aws_service_directconnect, GC_SVC_DIRECTCONNECT, GC_WIRE_JSON, "2012-10-25", "OvertureService", "1.1", NULL},
};

GC_TEST(service_facts)
{
    for (size_t i = 0; i < sizeof s_service_facts / sizeof s_service_facts[0]; i++) {
        const struct s_service_fact *f = &s_service_facts[i];
        printf("# %s\n", f->api_version);
        ASSERT_INT_EQ(f->def->service, f->service);
        ASSERT_INT_EQ(f->def->protocol, f->protocol);
        ASSERT_STR_EQ(f->def->api_version, f->api_version);
        ASSERT_TRUE(s_str_eq(f->def->target_prefix, f->target_prefix));
        ASSERT_TRUE(s_str_eq(f->def->json_version, f->json_version));
        ASSERT_TRUE(s_str_eq(f->def->xml_namespace, f->xml_namespace));
    }
}

/* ---- members ---- */

struct s_member_fact {
    const struct gc_aws_op_def *op;
    bool output; /* the path starts at the output shape, else the input */
    const char *path;
    const char *location_name;
    const char *query_name;
    enum gc_shape_location location;
    enum gc_shape_type type;
    bool required;
    bool idempotency_token;
    const char *list_member_location_name; /* for a list member: the element's locationName */
};

static const struct s_member_fact s_member_facts[] = {
    /* EC2: the locationName is the query name; the model has queryName on two members, none of them ours */
    {&gc_op_ec2_create_transit_gateway, false, "TagSpecifications", "TagSpecification", NULL, GC_LOC_BODY,
     GC_SHAPE_LIST, false, false, "item"},
    {&gc_op_ec2_create_transit_gateway, false, "TagSpecifications.Tags", "Tag", NULL, GC_LOC_BODY, GC_SHAPE_LIST, false,
     false, "item"},
    {&gc_op_ec2_describe_transit_gateways, true, "TransitGateways", "transitGatewaySet", NULL, GC_LOC_BODY,
     GC_SHAPE_LIST, false, false, "item"},
    {&gc_op_ec2_describe_transit_gateways, true, "TransitGateways.CreationTime", "creationTime", NULL, GC_LOC_BODY,
     GC_SHAPE_TIMESTAMP, false, false, NULL},
    {&gc_op_ec2_describe_transit_gateways, true, "TransitGateways.Tags", "tagSet", NULL, GC_LOC_BODY, GC_SHAPE_LIST,
     false, false, "item"},
    {&gc_op_ec2_describe_vpcs, false, "VpcIds", "VpcId", NULL, GC_LOC_BODY, GC_SHAPE_LIST, false, false, "VpcId"},
    {&gc_op_ec2_describe_vpcs, false, "DryRun", "dryRun", NULL, GC_LOC_BODY, GC_SHAPE_BOOLEAN, false, false, NULL},
    {&gc_op_ec2_describe_vpcs, false, "NextToken", NULL, NULL, GC_LOC_BODY, GC_SHAPE_STRING, false, false, NULL},
    /* from aws-ops.json's idempotency_tokens (botocore does not mark it) */
    {&gc_op_ec2_create_vpc_endpoint, false, "ClientToken", NULL, NULL, GC_LOC_BODY, GC_SHAPE_STRING, false, true, NULL},
    {&gc_op_ram_delete_resource_share, false, "resourceShareArn", "resourceShareArn", NULL, GC_LOC_QUERYSTRING,
     GC_SHAPE_STRING, true, false, NULL},
    {&gc_op_ram_delete_resource_share, false, "clientToken", "clientToken", NULL, GC_LOC_QUERYSTRING, GC_SHAPE_STRING,
     false, true, NULL},
    {&gc_op_ram_get_resource_shares, false, "resourceOwner", NULL, NULL, GC_LOC_BODY, GC_SHAPE_STRING, true, false,
     NULL},
    {&gc_op_route53_associate_vpc_with_hosted_zone, false, "HostedZoneId", "Id", NULL, GC_LOC_URI, GC_SHAPE_STRING,
     true, false, NULL},
    {&gc_op_route53_associate_vpc_with_hosted_zone, false, "VPC.VPCRegion", NULL, NULL, GC_LOC_BODY, GC_SHAPE_STRING,
     false, false, NULL},
    {&gc_op_route53_list_vpc_association_authorizations, true, "VPCs", NULL, NULL, GC_LOC_BODY, GC_SHAPE_LIST, true,
     false, "VPC"},
    {&gc_op_route53_list_hosted_zones, false, "Marker", "marker", NULL, GC_LOC_QUERYSTRING, GC_SHAPE_STRING, false,
     false, NULL},
    {&gc_op_route53_create_hosted_zone, false, "CallerReference", NULL, NULL, GC_LOC_BODY, GC_SHAPE_STRING, true, true,
     NULL},
    {&gc_op_route53resolver_create_resolver_endpoint, false, "CreatorRequestId", NULL, NULL, GC_LOC_BODY,
     GC_SHAPE_STRING, true, true, NULL},
    {&gc_op_route53resolver_create_resolver_endpoint, false, "IpAddresses", NULL, NULL, GC_LOC_BODY, GC_SHAPE_LIST,
     true, false, NULL},
    {&gc_op_acmpca_issue_certificate, false, "Csr", NULL, NULL, GC_LOC_BODY, GC_SHAPE_BLOB, true, false, NULL},
    {&gc_op_acmpca_issue_certificate, false, "IdempotencyToken", NULL, NULL, GC_LOC_BODY, GC_SHAPE_STRING, false, true,
     NULL},
    {&gc_op_acmpca_get_certificate, true, "Certificate", NULL, NULL, GC_LOC_BODY, GC_SHAPE_STRING, false, false, NULL},
    {&gc_op_directconnect_create_direct_connect_gateway_association, false, "directConnectGatewayId", NULL, NULL,
     GC_LOC_BODY, GC_SHAPE_STRING, true, false, NULL},
    {&gc_op_sts_assume_role, true, "Credentials.Expiration", NULL, NULL, GC_LOC_BODY, GC_SHAPE_TIMESTAMP, true, false,
     NULL},
};

GC_TEST(member_facts)
{
    for (size_t i = 0; i < sizeof s_member_facts / sizeof s_member_facts[0]; i++) {
        const struct s_member_fact *f = &s_member_facts[i];
        printf("# %s %s %s\n", f->op->name, f->output ? "output" : "input", f->path);
        const struct gc_shape_member *m = s_member_at(f->output ? f->op->output : f->op->input, f->path);
        ASSERT_TRUE(m != NULL);
        ASSERT_TRUE(s_str_eq(m->location_name, f->location_name));
        ASSERT_TRUE(s_str_eq(m->query_name, f->query_name));
        ASSERT_INT_EQ(m->location, f->location);
        ASSERT_INT_EQ(m->shape->type, f->type);
        ASSERT_INT_EQ(m->required, f->required);
        ASSERT_INT_EQ(m->idempotency_token, f->idempotency_token);
        ASSERT_FALSE(m->flattened);
        if (f->type == GC_SHAPE_LIST) {
            ASSERT_TRUE(s_str_eq(m->shape->member_location_name, f->list_member_location_name));
            ASSERT_FALSE(m->shape->flattened);
        }
    }
}

/* ---- not-found codes ---- */

static bool s_has_code(const struct gc_aws_op_def *op, const char *code)
{
    for (size_t i = 0; op->not_found_codes && op->not_found_codes[i]; i++) {
        if (strcmp(op->not_found_codes[i], code) == 0)
            return true;
    }
    return false;
}

GC_TEST(not_found_codes)
{
    ASSERT_TRUE(s_has_code(&gc_op_ec2_delete_transit_gateway, "InvalidTransitGatewayID.NotFound"));
    ASSERT_TRUE(s_has_code(&gc_op_ec2_delete_vpc_endpoints, "InvalidVpcEndpointId.NotFound"));
    ASSERT_TRUE(s_has_code(&gc_op_ec2_delete_tags, "InvalidSubnetID.NotFound"));
    ASSERT_TRUE(s_has_code(&gc_op_ram_delete_resource_share, "UnknownResourceException"));
    ASSERT_TRUE(s_has_code(&gc_op_route53_disassociate_vpc_from_hosted_zone, "VPCAssociationNotFound"));
    ASSERT_TRUE(s_has_code(&gc_op_route53_disassociate_vpc_from_hosted_zone, "NoSuchHostedZone"));
    ASSERT_TRUE(s_has_code(&gc_op_route53resolver_delete_resolver_rule, "ResourceNotFoundException"));
    ASSERT_TRUE(s_has_code(&gc_op_acmpca_delete_certificate_authority, "ResourceNotFoundException"));
    /* creates name no object yet; Direct Connect only has a generic client error */
    ASSERT_TRUE(gc_op_ec2_create_vpc.not_found_codes == NULL);
    ASSERT_TRUE(gc_op_directconnect_delete_direct_connect_gateway_association.not_found_codes == NULL);
    ASSERT_TRUE(gc_op_sts_get_caller_identity.not_found_codes == NULL);
}

/* ---- gc_shape_member_find ---- */

GC_TEST(member_find)
{
    const struct gc_shape *in = gc_op_ec2_create_transit_gateway.input;
    ASSERT_TRUE(gc_shape_member_find(in, "Description") != NULL);
    ASSERT_STR_EQ(gc_shape_member_find(in, "Description")->name, "Description");
    ASSERT_TRUE(gc_shape_member_find(in, "description") == NULL); /* document keys are case-sensitive */
    ASSERT_TRUE(gc_shape_member_find(in, "NoSuchMember") == NULL);
    ASSERT_TRUE(gc_shape_member_find(in, NULL) == NULL);
    ASSERT_TRUE(gc_shape_member_find(NULL, "Description") == NULL);
    /* a list is not a structure */
    const struct gc_shape_member *tags = gc_shape_member_find(in, "TagSpecifications");
    ASSERT_TRUE(tags != NULL);
    ASSERT_TRUE(gc_shape_member_find(tags->shape, "Tags") == NULL);
    /* an input without members (GetCallerIdentityRequest) */
    ASSERT_INT_EQ(gc_op_sts_get_caller_identity.input->n_members, 0);
    ASSERT_TRUE(gc_shape_member_find(gc_op_sts_get_caller_identity.input, "Account") == NULL);
}

/* ---- every table, walked ---- */

struct s_walk {
    const struct gc_shape *seen[S_MAX_SHAPES];
    size_t n_seen;
    size_t n_members;
    const char *bad; /* the first shape that is not well formed */
};

static void s_walk_shape(struct s_walk *w, const struct gc_shape *shape)
{
    if (!shape) {
        w->bad = w->bad ? w->bad : "(NULL shape)";
        return;
    }
    for (size_t i = 0; i < w->n_seen; i++) {
        if (w->seen[i] == shape)
            return;
    }
    if (w->n_seen == S_MAX_SHAPES) {
        w->bad = w->bad ? w->bad : "(too many shapes)";
        return;
    }
    w->seen[w->n_seen++] = shape;
    bool ok = shape->name && shape->name[0] && shape->type <= GC_SHAPE_MAP;
    switch (shape->type) {
    case GC_SHAPE_STRUCTURE:
        ok = ok && (shape->n_members == 0 || shape->members);
        for (size_t i = 0; ok && i < shape->n_members; i++) {
            const struct gc_shape_member *m = &shape->members[i];
            ok = m->name && m->name[0] && m->shape && m->location <= GC_LOC_STATUS_CODE;
            /* member names are unique, so gc_shape_member_find finds each one */
            ok = ok && gc_shape_member_find(shape, m->name) == m;
            w->n_members++;
            if (ok)
                s_walk_shape(w, m->shape);
        }
        break;
    case GC_SHAPE_LIST:
        ok = ok && shape->member;
        if (ok)
            s_walk_shape(w, shape->member);
        break;
    case GC_SHAPE_MAP:
        ok = ok && shape->key && shape->value;
        if (ok) {
            s_walk_shape(w, shape->key);
            s_walk_shape(w, shape->value);
        }
        break;
    default:
        ok = ok && shape->n_members == 0 && !shape->member && !shape->key;
        break;
    }
    if (!ok && !w->bad)
        w->bad = shape->name ? shape->name : "(unnamed shape)";
}

GC_TEST(every_op_and_shape)
{
    static struct s_walk walk;
    size_t n_ops = 0;

    memset(&walk, 0, sizeof walk);
    for (const struct gc_aws_op_def *const *op = gc_aws_all_ops; *op; op++) {
        const struct gc_aws_op_def *o = *op;
        n_ops++;
        ASSERT_TRUE(o->service != NULL);
        ASSERT_TRUE(o->name != NULL && o->name[0]);
        printf("# %s\n", o->name);
        /* NULL is POST to "/", which the tables leave unwritten */
        ASSERT_TRUE(!o->http_method || strcmp(o->http_method, "GET") == 0 || strcmp(o->http_method, "DELETE") == 0);
        ASSERT_TRUE(!o->request_uri || (o->request_uri[0] == '/' && o->request_uri[1]));
        ASSERT_TRUE(o->input != NULL);
        ASSERT_INT_EQ(o->input->type, GC_SHAPE_STRUCTURE);
        ASSERT_TRUE(o->output == NULL || o->output->type == GC_SHAPE_STRUCTURE);
        /* paging names top-level members: the tokens and limit of the input, the result list of the output */
        if (o->input_token) {
            ASSERT_TRUE(gc_shape_member_find(o->input, o->input_token) != NULL);
            ASSERT_TRUE(gc_shape_member_find(o->output, o->output_token) != NULL);
            ASSERT_TRUE(gc_shape_member_find(o->output, o->result_key) != NULL);
            ASSERT_INT_EQ(gc_shape_member_find(o->output, o->result_key)->shape->type, GC_SHAPE_LIST);
        }
        if (o->limit_key)
            ASSERT_TRUE(gc_shape_member_find(o->input, o->limit_key) != NULL);
        /* wire-specific fields only where the protocol has them */
        /* a body root only for REST-XML operations that send a body (GET and DELETE-like ones have none) */
        if (o->input_location_name)
            ASSERT_INT_EQ(o->service->protocol, GC_WIRE_REST_XML);
        ASSERT_INT_EQ(o->result_wrapper != NULL, o->service->protocol == GC_WIRE_QUERY);
        if (o->service->protocol != GC_WIRE_REST_JSON && o->service->protocol != GC_WIRE_REST_XML)
            ASSERT_TRUE(o->request_uri == NULL);
        for (size_t i = 0; o->not_found_codes && o->not_found_codes[i]; i++)
            ASSERT_TRUE(i < 16 && o->not_found_codes[i][0]);
        s_walk_shape(&walk, o->input);
        if (o->output)
            s_walk_shape(&walk, o->output);
        if (walk.bad)
            printf("# bad shape: %s\n", walk.bad);
        ASSERT_TRUE(walk.bad == NULL);
    }
    printf("# %zu operations, %zu shapes, %zu members\n", n_ops, walk.n_seen, walk.n_members);
    /* aws-ops.json: EC2 29 + 28, STS 3, RAM 10, Route 53 11, Route 53 Resolver 20, ACM PCA 18, Direct Connect 11 */
    ASSERT_INT_EQ(n_ops, 130);
}

GC_TEST_MAIN(GC_CASE(op_facts), GC_CASE(service_facts), GC_CASE(member_facts), GC_CASE(not_found_codes),
             GC_CASE(member_find), GC_CASE(every_op_and_shape))
