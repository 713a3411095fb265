/* Test-only tables for test_aws_op.c: a snapshot of botocore 1.43.11's models (service-2.json, paginators-1.json)
 * for the operations the codec tests call, written out once with the same layout as the generated tables
 * (gc_aws_model.h), so that the codecs can be tested before and independently of scripts/gen-aws-ops.py.
 * One deliberate difference: botocore does not mark Route 53 Resolver's CreatorRequestId as an idempotency
 * token; gcnet does (aws-apis.md section 11.1), so it is marked here. Not formatted (tests are not). */
#ifndef AWS_OP_TABLES_H
#define AWS_OP_TABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/gc_aws_model.h"

static const struct gc_shape t_ec2_CreateTransitGatewayRequest;
static const struct gc_shape t_ec2_String;
static const struct gc_shape t_ec2_TransitGatewayRequestOptions;
static const struct gc_shape t_ec2_Long;
static const struct gc_shape t_ec2_AutoAcceptSharedAttachmentsValue;
static const struct gc_shape t_ec2_DefaultRouteTableAssociationValue;
static const struct gc_shape t_ec2_DefaultRouteTablePropagationValue;
static const struct gc_shape t_ec2_VpnEcmpSupportValue;
static const struct gc_shape t_ec2_DnsSupportValue;
static const struct gc_shape t_ec2_SecurityGroupReferencingSupportValue;
static const struct gc_shape t_ec2_MulticastSupportValue;
static const struct gc_shape t_ec2_TransitGatewayCidrBlockStringList;
static const struct gc_shape t_ec2_TagSpecificationList;
static const struct gc_shape t_ec2_TagSpecification;
static const struct gc_shape t_ec2_ResourceType;
static const struct gc_shape t_ec2_TagList;
static const struct gc_shape t_ec2_Tag;
static const struct gc_shape t_ec2_Boolean;
static const struct gc_shape t_ec2_CreateTransitGatewayResult;
static const struct gc_shape t_ec2_TransitGateway;
static const struct gc_shape t_ec2_TransitGatewayState;
static const struct gc_shape t_ec2_DateTime;
static const struct gc_shape t_ec2_TransitGatewayOptions;
static const struct gc_shape t_ec2_ValueStringList;
static const struct gc_shape t_ec2_EncryptionSupport;
static const struct gc_shape t_ec2_EncryptionStateValue;
static const struct gc_shape t_ec2_DescribeTransitGatewaysRequest;
static const struct gc_shape t_ec2_TransitGatewayIdStringList;
static const struct gc_shape t_ec2_TransitGatewayId;
static const struct gc_shape t_ec2_FilterList;
static const struct gc_shape t_ec2_Filter;
static const struct gc_shape t_ec2_TransitGatewayMaxResults;
static const struct gc_shape t_ec2_DescribeTransitGatewaysResult;
static const struct gc_shape t_ec2_TransitGatewayList;
static const struct gc_shape t_ec2_DeleteTransitGatewayRequest;
static const struct gc_shape t_ec2_DeleteTransitGatewayResult;
static const struct gc_shape_member t_ec2_CreateTransitGatewayRequest_m[] = {
    {"Description", NULL, NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"Options", NULL, NULL, &t_ec2_TransitGatewayRequestOptions, GC_LOC_BODY, false, false, false},
    {"TagSpecifications", "TagSpecification", NULL, &t_ec2_TagSpecificationList, GC_LOC_BODY, false, false, false},
    {"DryRun", NULL, NULL, &t_ec2_Boolean, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_TransitGatewayRequestOptions_m[] = {
    {"AmazonSideAsn", NULL, NULL, &t_ec2_Long, GC_LOC_BODY, false, false, false},
    {"AutoAcceptSharedAttachments", NULL, NULL, &t_ec2_AutoAcceptSharedAttachmentsValue, GC_LOC_BODY, false, false, false},
    {"DefaultRouteTableAssociation", NULL, NULL, &t_ec2_DefaultRouteTableAssociationValue, GC_LOC_BODY, false, false, false},
    {"DefaultRouteTablePropagation", NULL, NULL, &t_ec2_DefaultRouteTablePropagationValue, GC_LOC_BODY, false, false, false},
    {"VpnEcmpSupport", NULL, NULL, &t_ec2_VpnEcmpSupportValue, GC_LOC_BODY, false, false, false},
    {"DnsSupport", NULL, NULL, &t_ec2_DnsSupportValue, GC_LOC_BODY, false, false, false},
    {"SecurityGroupReferencingSupport", NULL, NULL, &t_ec2_SecurityGroupReferencingSupportValue, GC_LOC_BODY, false, false, false},
    {"MulticastSupport", NULL, NULL, &t_ec2_MulticastSupportValue, GC_LOC_BODY, false, false, false},
    {"TransitGatewayCidrBlocks", NULL, NULL, &t_ec2_TransitGatewayCidrBlockStringList, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_TagSpecification_m[] = {
    {"ResourceType", "resourceType", NULL, &t_ec2_ResourceType, GC_LOC_BODY, false, false, false},
    {"Tags", "Tag", NULL, &t_ec2_TagList, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_Tag_m[] = {
    {"Key", "key", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"Value", "value", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_CreateTransitGatewayResult_m[] = {
    {"TransitGateway", "transitGateway", NULL, &t_ec2_TransitGateway, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_TransitGateway_m[] = {
    {"TransitGatewayId", "transitGatewayId", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"TransitGatewayArn", "transitGatewayArn", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"State", "state", NULL, &t_ec2_TransitGatewayState, GC_LOC_BODY, false, false, false},
    {"OwnerId", "ownerId", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"Description", "description", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"CreationTime", "creationTime", NULL, &t_ec2_DateTime, GC_LOC_BODY, false, false, false},
    {"Options", "options", NULL, &t_ec2_TransitGatewayOptions, GC_LOC_BODY, false, false, false},
    {"Tags", "tagSet", NULL, &t_ec2_TagList, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_TransitGatewayOptions_m[] = {
    {"AmazonSideAsn", "amazonSideAsn", NULL, &t_ec2_Long, GC_LOC_BODY, false, false, false},
    {"TransitGatewayCidrBlocks", "transitGatewayCidrBlocks", NULL, &t_ec2_ValueStringList, GC_LOC_BODY, false, false, false},
    {"AutoAcceptSharedAttachments", "autoAcceptSharedAttachments", NULL, &t_ec2_AutoAcceptSharedAttachmentsValue, GC_LOC_BODY, false, false, false},
    {"DefaultRouteTableAssociation", "defaultRouteTableAssociation", NULL, &t_ec2_DefaultRouteTableAssociationValue, GC_LOC_BODY, false, false, false},
    {"AssociationDefaultRouteTableId", "associationDefaultRouteTableId", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"DefaultRouteTablePropagation", "defaultRouteTablePropagation", NULL, &t_ec2_DefaultRouteTablePropagationValue, GC_LOC_BODY, false, false, false},
    {"PropagationDefaultRouteTableId", "propagationDefaultRouteTableId", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"VpnEcmpSupport", "vpnEcmpSupport", NULL, &t_ec2_VpnEcmpSupportValue, GC_LOC_BODY, false, false, false},
    {"DnsSupport", "dnsSupport", NULL, &t_ec2_DnsSupportValue, GC_LOC_BODY, false, false, false},
    {"SecurityGroupReferencingSupport", "securityGroupReferencingSupport", NULL, &t_ec2_SecurityGroupReferencingSupportValue, GC_LOC_BODY, false, false, false},
    {"MulticastSupport", "multicastSupport", NULL, &t_ec2_MulticastSupportValue, GC_LOC_BODY, false, false, false},
    {"EncryptionSupport", "encryptionSupport", NULL, &t_ec2_EncryptionSupport, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_EncryptionSupport_m[] = {
    {"EncryptionState", "encryptionState", NULL, &t_ec2_EncryptionStateValue, GC_LOC_BODY, false, false, false},
    {"StateMessage", "stateMessage", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_DescribeTransitGatewaysRequest_m[] = {
    {"TransitGatewayIds", NULL, NULL, &t_ec2_TransitGatewayIdStringList, GC_LOC_BODY, false, false, false},
    {"Filters", "Filter", NULL, &t_ec2_FilterList, GC_LOC_BODY, false, false, false},
    {"MaxResults", NULL, NULL, &t_ec2_TransitGatewayMaxResults, GC_LOC_BODY, false, false, false},
    {"NextToken", NULL, NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"DryRun", NULL, NULL, &t_ec2_Boolean, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_Filter_m[] = {
    {"Name", NULL, NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
    {"Values", "Value", NULL, &t_ec2_ValueStringList, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_DescribeTransitGatewaysResult_m[] = {
    {"TransitGateways", "transitGatewaySet", NULL, &t_ec2_TransitGatewayList, GC_LOC_BODY, false, false, false},
    {"NextToken", "nextToken", NULL, &t_ec2_String, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_DeleteTransitGatewayRequest_m[] = {
    {"TransitGatewayId", NULL, NULL, &t_ec2_TransitGatewayId, GC_LOC_BODY, false, false, true},
    {"DryRun", NULL, NULL, &t_ec2_Boolean, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ec2_DeleteTransitGatewayResult_m[] = {
    {"TransitGateway", "transitGateway", NULL, &t_ec2_TransitGateway, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape t_ec2_CreateTransitGatewayRequest = {.name = "CreateTransitGatewayRequest", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_CreateTransitGatewayRequest_m, .n_members = 4};
static const struct gc_shape t_ec2_String = {.name = "String", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_TransitGatewayRequestOptions = {.name = "TransitGatewayRequestOptions", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_TransitGatewayRequestOptions_m, .n_members = 9};
static const struct gc_shape t_ec2_Long = {.name = "Long", .type = GC_SHAPE_LONG};
static const struct gc_shape t_ec2_AutoAcceptSharedAttachmentsValue = {.name = "AutoAcceptSharedAttachmentsValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_DefaultRouteTableAssociationValue = {.name = "DefaultRouteTableAssociationValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_DefaultRouteTablePropagationValue = {.name = "DefaultRouteTablePropagationValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_VpnEcmpSupportValue = {.name = "VpnEcmpSupportValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_DnsSupportValue = {.name = "DnsSupportValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_SecurityGroupReferencingSupportValue = {.name = "SecurityGroupReferencingSupportValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_MulticastSupportValue = {.name = "MulticastSupportValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_TransitGatewayCidrBlockStringList = {.name = "TransitGatewayCidrBlockStringList", .type = GC_SHAPE_LIST, .member = &t_ec2_String, .member_location_name = "item"};
static const struct gc_shape t_ec2_TagSpecificationList = {.name = "TagSpecificationList", .type = GC_SHAPE_LIST, .member = &t_ec2_TagSpecification, .member_location_name = "item"};
static const struct gc_shape t_ec2_TagSpecification = {.name = "TagSpecification", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_TagSpecification_m, .n_members = 2};
static const struct gc_shape t_ec2_ResourceType = {.name = "ResourceType", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_TagList = {.name = "TagList", .type = GC_SHAPE_LIST, .member = &t_ec2_Tag, .member_location_name = "item"};
static const struct gc_shape t_ec2_Tag = {.name = "Tag", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_Tag_m, .n_members = 2};
static const struct gc_shape t_ec2_Boolean = {.name = "Boolean", .type = GC_SHAPE_BOOLEAN};
static const struct gc_shape t_ec2_CreateTransitGatewayResult = {.name = "CreateTransitGatewayResult", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_CreateTransitGatewayResult_m, .n_members = 1};
static const struct gc_shape t_ec2_TransitGateway = {.name = "TransitGateway", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_TransitGateway_m, .n_members = 8};
static const struct gc_shape t_ec2_TransitGatewayState = {.name = "TransitGatewayState", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_DateTime = {.name = "DateTime", .type = GC_SHAPE_TIMESTAMP};
static const struct gc_shape t_ec2_TransitGatewayOptions = {.name = "TransitGatewayOptions", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_TransitGatewayOptions_m, .n_members = 12};
static const struct gc_shape t_ec2_ValueStringList = {.name = "ValueStringList", .type = GC_SHAPE_LIST, .member = &t_ec2_String, .member_location_name = "item"};
static const struct gc_shape t_ec2_EncryptionSupport = {.name = "EncryptionSupport", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_EncryptionSupport_m, .n_members = 2};
static const struct gc_shape t_ec2_EncryptionStateValue = {.name = "EncryptionStateValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_DescribeTransitGatewaysRequest = {.name = "DescribeTransitGatewaysRequest", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_DescribeTransitGatewaysRequest_m, .n_members = 5};
static const struct gc_shape t_ec2_TransitGatewayIdStringList = {.name = "TransitGatewayIdStringList", .type = GC_SHAPE_LIST, .member = &t_ec2_TransitGatewayId, .member_location_name = "item"};
static const struct gc_shape t_ec2_TransitGatewayId = {.name = "TransitGatewayId", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ec2_FilterList = {.name = "FilterList", .type = GC_SHAPE_LIST, .member = &t_ec2_Filter, .member_location_name = "Filter"};
static const struct gc_shape t_ec2_Filter = {.name = "Filter", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_Filter_m, .n_members = 2};
static const struct gc_shape t_ec2_TransitGatewayMaxResults = {.name = "TransitGatewayMaxResults", .type = GC_SHAPE_INTEGER};
static const struct gc_shape t_ec2_DescribeTransitGatewaysResult = {.name = "DescribeTransitGatewaysResult", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_DescribeTransitGatewaysResult_m, .n_members = 2};
static const struct gc_shape t_ec2_TransitGatewayList = {.name = "TransitGatewayList", .type = GC_SHAPE_LIST, .member = &t_ec2_TransitGateway, .member_location_name = "item"};
static const struct gc_shape t_ec2_DeleteTransitGatewayRequest = {.name = "DeleteTransitGatewayRequest", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_DeleteTransitGatewayRequest_m, .n_members = 2};
static const struct gc_shape t_ec2_DeleteTransitGatewayResult = {.name = "DeleteTransitGatewayResult", .type = GC_SHAPE_STRUCTURE, .members = t_ec2_DeleteTransitGatewayResult_m, .n_members = 1};
static const struct gc_aws_service_def t_service_ec2 = {GC_SVC_EC2, GC_WIRE_EC2, "2016-11-15", NULL, NULL, NULL};
static const struct gc_aws_op_def t_op_ec2_CreateTransitGateway = {&t_service_ec2, "CreateTransitGateway", "POST", "/", &t_ec2_CreateTransitGatewayRequest, &t_ec2_CreateTransitGatewayResult, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
static const struct gc_aws_op_def t_op_ec2_DescribeTransitGateways = {&t_service_ec2, "DescribeTransitGateways", "POST", "/", &t_ec2_DescribeTransitGatewaysRequest, &t_ec2_DescribeTransitGatewaysResult, NULL, NULL, "NextToken", "NextToken", "MaxResults", "TransitGateways", NULL};
static const char *const t_nf_DeleteTransitGateway[] = {"InvalidTransitGatewayID.NotFound", NULL};
static const struct gc_aws_op_def t_op_ec2_DeleteTransitGateway = {&t_service_ec2, "DeleteTransitGateway", "POST", "/", &t_ec2_DeleteTransitGatewayRequest, &t_ec2_DeleteTransitGatewayResult, NULL, NULL, NULL, NULL, NULL, NULL, t_nf_DeleteTransitGateway};
static const struct gc_shape t_sts_GetCallerIdentityRequest;
static const struct gc_shape t_sts_GetCallerIdentityResponse;
static const struct gc_shape t_sts_userIdType;
static const struct gc_shape t_sts_accountType;
static const struct gc_shape t_sts_arnType;
static const struct gc_shape_member t_sts_GetCallerIdentityResponse_m[] = {
    {"UserId", NULL, NULL, &t_sts_userIdType, GC_LOC_BODY, false, false, false},
    {"Account", NULL, NULL, &t_sts_accountType, GC_LOC_BODY, false, false, false},
    {"Arn", NULL, NULL, &t_sts_arnType, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape t_sts_GetCallerIdentityRequest = {.name = "GetCallerIdentityRequest", .type = GC_SHAPE_STRUCTURE};
static const struct gc_shape t_sts_GetCallerIdentityResponse = {.name = "GetCallerIdentityResponse", .type = GC_SHAPE_STRUCTURE, .members = t_sts_GetCallerIdentityResponse_m, .n_members = 3};
static const struct gc_shape t_sts_userIdType = {.name = "userIdType", .type = GC_SHAPE_STRING};
static const struct gc_shape t_sts_accountType = {.name = "accountType", .type = GC_SHAPE_STRING};
static const struct gc_shape t_sts_arnType = {.name = "arnType", .type = GC_SHAPE_STRING};
static const struct gc_aws_service_def t_service_sts = {GC_SVC_STS, GC_WIRE_QUERY, "2011-06-15", NULL, NULL, NULL};
static const struct gc_aws_op_def t_op_sts_GetCallerIdentity = {&t_service_sts, "GetCallerIdentity", "POST", "/", &t_sts_GetCallerIdentityRequest, &t_sts_GetCallerIdentityResponse, NULL, "GetCallerIdentityResult", NULL, NULL, NULL, NULL, NULL};
static const struct gc_shape t_ram_CreateResourceShareRequest;
static const struct gc_shape t_ram_String;
static const struct gc_shape t_ram_ResourceArnList;
static const struct gc_shape t_ram_PrincipalArnOrIdList;
static const struct gc_shape t_ram_TagList;
static const struct gc_shape t_ram_Tag;
static const struct gc_shape t_ram_TagKey;
static const struct gc_shape t_ram_TagValue;
static const struct gc_shape t_ram_Boolean;
static const struct gc_shape t_ram_PermissionArnList;
static const struct gc_shape t_ram_SourceArnOrAccountList;
static const struct gc_shape t_ram_ResourceShareConfiguration;
static const struct gc_shape t_ram_CreateResourceShareResponse;
static const struct gc_shape t_ram_ResourceShare;
static const struct gc_shape t_ram_ResourceShareStatus;
static const struct gc_shape t_ram_DateTime;
static const struct gc_shape t_ram_ResourceShareFeatureSet;
static const struct gc_shape t_ram_DeleteResourceShareRequest;
static const struct gc_shape t_ram_DeleteResourceShareResponse;
static const struct gc_shape t_ram_GetResourceSharesRequest;
static const struct gc_shape t_ram_ResourceShareArnList;
static const struct gc_shape t_ram_ResourceOwner;
static const struct gc_shape t_ram_TagFilters;
static const struct gc_shape t_ram_TagFilter;
static const struct gc_shape t_ram_TagValueList;
static const struct gc_shape t_ram_MaxResults;
static const struct gc_shape t_ram_Integer;
static const struct gc_shape t_ram_GetResourceSharesResponse;
static const struct gc_shape t_ram_ResourceShareList;
static const struct gc_shape_member t_ram_CreateResourceShareRequest_m[] = {
    {"name", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, true},
    {"resourceArns", NULL, NULL, &t_ram_ResourceArnList, GC_LOC_BODY, false, false, false},
    {"principals", NULL, NULL, &t_ram_PrincipalArnOrIdList, GC_LOC_BODY, false, false, false},
    {"tags", NULL, NULL, &t_ram_TagList, GC_LOC_BODY, false, false, false},
    {"allowExternalPrincipals", NULL, NULL, &t_ram_Boolean, GC_LOC_BODY, false, false, false},
    {"clientToken", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"permissionArns", NULL, NULL, &t_ram_PermissionArnList, GC_LOC_BODY, false, false, false},
    {"sources", NULL, NULL, &t_ram_SourceArnOrAccountList, GC_LOC_BODY, false, false, false},
    {"resourceShareConfiguration", NULL, NULL, &t_ram_ResourceShareConfiguration, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_Tag_m[] = {
    {"key", NULL, NULL, &t_ram_TagKey, GC_LOC_BODY, false, false, false},
    {"value", NULL, NULL, &t_ram_TagValue, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_ResourceShareConfiguration_m[] = {
    {"retainSharingOnAccountLeaveOrganization", NULL, NULL, &t_ram_Boolean, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_CreateResourceShareResponse_m[] = {
    {"resourceShare", NULL, NULL, &t_ram_ResourceShare, GC_LOC_BODY, false, false, false},
    {"clientToken", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_ResourceShare_m[] = {
    {"resourceShareArn", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"name", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"owningAccountId", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"allowExternalPrincipals", NULL, NULL, &t_ram_Boolean, GC_LOC_BODY, false, false, false},
    {"status", NULL, NULL, &t_ram_ResourceShareStatus, GC_LOC_BODY, false, false, false},
    {"statusMessage", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"tags", NULL, NULL, &t_ram_TagList, GC_LOC_BODY, false, false, false},
    {"creationTime", NULL, NULL, &t_ram_DateTime, GC_LOC_BODY, false, false, false},
    {"lastUpdatedTime", NULL, NULL, &t_ram_DateTime, GC_LOC_BODY, false, false, false},
    {"featureSet", NULL, NULL, &t_ram_ResourceShareFeatureSet, GC_LOC_BODY, false, false, false},
    {"resourceShareConfiguration", NULL, NULL, &t_ram_ResourceShareConfiguration, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_DeleteResourceShareRequest_m[] = {
    {"resourceShareArn", "resourceShareArn", NULL, &t_ram_String, GC_LOC_QUERYSTRING, false, false, true},
    {"clientToken", "clientToken", NULL, &t_ram_String, GC_LOC_QUERYSTRING, false, false, false},
};
static const struct gc_shape_member t_ram_DeleteResourceShareResponse_m[] = {
    {"returnValue", NULL, NULL, &t_ram_Boolean, GC_LOC_BODY, false, false, false},
    {"clientToken", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_GetResourceSharesRequest_m[] = {
    {"resourceShareArns", NULL, NULL, &t_ram_ResourceShareArnList, GC_LOC_BODY, false, false, false},
    {"resourceShareStatus", NULL, NULL, &t_ram_ResourceShareStatus, GC_LOC_BODY, false, false, false},
    {"resourceOwner", NULL, NULL, &t_ram_ResourceOwner, GC_LOC_BODY, false, false, true},
    {"name", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"tagFilters", NULL, NULL, &t_ram_TagFilters, GC_LOC_BODY, false, false, false},
    {"nextToken", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"maxResults", NULL, NULL, &t_ram_MaxResults, GC_LOC_BODY, false, false, false},
    {"permissionArn", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
    {"permissionVersion", NULL, NULL, &t_ram_Integer, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_TagFilter_m[] = {
    {"tagKey", NULL, NULL, &t_ram_TagKey, GC_LOC_BODY, false, false, false},
    {"tagValues", NULL, NULL, &t_ram_TagValueList, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_ram_GetResourceSharesResponse_m[] = {
    {"resourceShares", NULL, NULL, &t_ram_ResourceShareList, GC_LOC_BODY, false, false, false},
    {"nextToken", NULL, NULL, &t_ram_String, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape t_ram_CreateResourceShareRequest = {.name = "CreateResourceShareRequest", .type = GC_SHAPE_STRUCTURE, .members = t_ram_CreateResourceShareRequest_m, .n_members = 9};
static const struct gc_shape t_ram_String = {.name = "String", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ram_ResourceArnList = {.name = "ResourceArnList", .type = GC_SHAPE_LIST, .member = &t_ram_String};
static const struct gc_shape t_ram_PrincipalArnOrIdList = {.name = "PrincipalArnOrIdList", .type = GC_SHAPE_LIST, .member = &t_ram_String};
static const struct gc_shape t_ram_TagList = {.name = "TagList", .type = GC_SHAPE_LIST, .member = &t_ram_Tag};
static const struct gc_shape t_ram_Tag = {.name = "Tag", .type = GC_SHAPE_STRUCTURE, .members = t_ram_Tag_m, .n_members = 2};
static const struct gc_shape t_ram_TagKey = {.name = "TagKey", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ram_TagValue = {.name = "TagValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ram_Boolean = {.name = "Boolean", .type = GC_SHAPE_BOOLEAN};
static const struct gc_shape t_ram_PermissionArnList = {.name = "PermissionArnList", .type = GC_SHAPE_LIST, .member = &t_ram_String};
static const struct gc_shape t_ram_SourceArnOrAccountList = {.name = "SourceArnOrAccountList", .type = GC_SHAPE_LIST, .member = &t_ram_String};
static const struct gc_shape t_ram_ResourceShareConfiguration = {.name = "ResourceShareConfiguration", .type = GC_SHAPE_STRUCTURE, .members = t_ram_ResourceShareConfiguration_m, .n_members = 1};
static const struct gc_shape t_ram_CreateResourceShareResponse = {.name = "CreateResourceShareResponse", .type = GC_SHAPE_STRUCTURE, .members = t_ram_CreateResourceShareResponse_m, .n_members = 2};
static const struct gc_shape t_ram_ResourceShare = {.name = "ResourceShare", .type = GC_SHAPE_STRUCTURE, .members = t_ram_ResourceShare_m, .n_members = 11};
static const struct gc_shape t_ram_ResourceShareStatus = {.name = "ResourceShareStatus", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ram_DateTime = {.name = "DateTime", .type = GC_SHAPE_TIMESTAMP};
static const struct gc_shape t_ram_ResourceShareFeatureSet = {.name = "ResourceShareFeatureSet", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ram_DeleteResourceShareRequest = {.name = "DeleteResourceShareRequest", .type = GC_SHAPE_STRUCTURE, .members = t_ram_DeleteResourceShareRequest_m, .n_members = 2};
static const struct gc_shape t_ram_DeleteResourceShareResponse = {.name = "DeleteResourceShareResponse", .type = GC_SHAPE_STRUCTURE, .members = t_ram_DeleteResourceShareResponse_m, .n_members = 2};
static const struct gc_shape t_ram_GetResourceSharesRequest = {.name = "GetResourceSharesRequest", .type = GC_SHAPE_STRUCTURE, .members = t_ram_GetResourceSharesRequest_m, .n_members = 9};
static const struct gc_shape t_ram_ResourceShareArnList = {.name = "ResourceShareArnList", .type = GC_SHAPE_LIST, .member = &t_ram_String};
static const struct gc_shape t_ram_ResourceOwner = {.name = "ResourceOwner", .type = GC_SHAPE_STRING};
static const struct gc_shape t_ram_TagFilters = {.name = "TagFilters", .type = GC_SHAPE_LIST, .member = &t_ram_TagFilter};
static const struct gc_shape t_ram_TagFilter = {.name = "TagFilter", .type = GC_SHAPE_STRUCTURE, .members = t_ram_TagFilter_m, .n_members = 2};
static const struct gc_shape t_ram_TagValueList = {.name = "TagValueList", .type = GC_SHAPE_LIST, .member = &t_ram_TagValue};
static const struct gc_shape t_ram_MaxResults = {.name = "MaxResults", .type = GC_SHAPE_INTEGER};
static const struct gc_shape t_ram_Integer = {.name = "Integer", .type = GC_SHAPE_INTEGER};
static const struct gc_shape t_ram_GetResourceSharesResponse = {.name = "GetResourceSharesResponse", .type = GC_SHAPE_STRUCTURE, .members = t_ram_GetResourceSharesResponse_m, .n_members = 2};
static const struct gc_shape t_ram_ResourceShareList = {.name = "ResourceShareList", .type = GC_SHAPE_LIST, .member = &t_ram_ResourceShare};
static const struct gc_aws_service_def t_service_ram = {GC_SVC_RAM, GC_WIRE_REST_JSON, "2018-01-04", NULL, NULL, NULL};
static const struct gc_aws_op_def t_op_ram_CreateResourceShare = {&t_service_ram, "CreateResourceShare", "POST", "/createresourceshare", &t_ram_CreateResourceShareRequest, &t_ram_CreateResourceShareResponse, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
static const char *const t_nf_DeleteResourceShare[] = {"UnknownResourceException", NULL};
static const struct gc_aws_op_def t_op_ram_DeleteResourceShare = {&t_service_ram, "DeleteResourceShare", "DELETE", "/deleteresourceshare", &t_ram_DeleteResourceShareRequest, &t_ram_DeleteResourceShareResponse, NULL, NULL, NULL, NULL, NULL, NULL, t_nf_DeleteResourceShare};
static const struct gc_aws_op_def t_op_ram_GetResourceShares = {&t_service_ram, "GetResourceShares", "POST", "/getresourceshares", &t_ram_GetResourceSharesRequest, &t_ram_GetResourceSharesResponse, NULL, NULL, "nextToken", "nextToken", "maxResults", "resourceShares", NULL};
static const struct gc_shape t_route53resolver_CreateResolverEndpointRequest;
static const struct gc_shape t_route53resolver_CreatorRequestId;
static const struct gc_shape t_route53resolver_Name;
static const struct gc_shape t_route53resolver_SecurityGroupIds;
static const struct gc_shape t_route53resolver_ResourceId;
static const struct gc_shape t_route53resolver_ResolverEndpointDirection;
static const struct gc_shape t_route53resolver_IpAddressesRequest;
static const struct gc_shape t_route53resolver_IpAddressRequest;
static const struct gc_shape t_route53resolver_SubnetId;
static const struct gc_shape t_route53resolver_Ip;
static const struct gc_shape t_route53resolver_Ipv6;
static const struct gc_shape t_route53resolver_OutpostArn;
static const struct gc_shape t_route53resolver_OutpostInstanceType;
static const struct gc_shape t_route53resolver_TagList;
static const struct gc_shape t_route53resolver_Tag;
static const struct gc_shape t_route53resolver_TagKey;
static const struct gc_shape t_route53resolver_TagValue;
static const struct gc_shape t_route53resolver_ResolverEndpointType;
static const struct gc_shape t_route53resolver_ProtocolList;
static const struct gc_shape t_route53resolver_Protocol;
static const struct gc_shape t_route53resolver_RniEnhancedMetricsEnabled;
static const struct gc_shape t_route53resolver_TargetNameServerMetricsEnabled;
static const struct gc_shape t_route53resolver_Dns64Enabled;
static const struct gc_shape t_route53resolver_Ipv6InternetAccessEnabled;
static const struct gc_shape t_route53resolver_CreateResolverEndpointResponse;
static const struct gc_shape t_route53resolver_ResolverEndpoint;
static const struct gc_shape t_route53resolver_Arn;
static const struct gc_shape t_route53resolver_IpAddressCount;
static const struct gc_shape t_route53resolver_ResolverEndpointStatus;
static const struct gc_shape t_route53resolver_StatusMessage;
static const struct gc_shape t_route53resolver_Rfc3339TimeString;
static const struct gc_shape_member t_route53resolver_CreateResolverEndpointRequest_m[] = {
    {"CreatorRequestId", NULL, NULL, &t_route53resolver_CreatorRequestId, GC_LOC_BODY, false, true, true},
    {"Name", NULL, NULL, &t_route53resolver_Name, GC_LOC_BODY, false, false, false},
    {"SecurityGroupIds", NULL, NULL, &t_route53resolver_SecurityGroupIds, GC_LOC_BODY, false, false, true},
    {"Direction", NULL, NULL, &t_route53resolver_ResolverEndpointDirection, GC_LOC_BODY, false, false, true},
    {"IpAddresses", NULL, NULL, &t_route53resolver_IpAddressesRequest, GC_LOC_BODY, false, false, true},
    {"OutpostArn", NULL, NULL, &t_route53resolver_OutpostArn, GC_LOC_BODY, false, false, false},
    {"PreferredInstanceType", NULL, NULL, &t_route53resolver_OutpostInstanceType, GC_LOC_BODY, false, false, false},
    {"Tags", NULL, NULL, &t_route53resolver_TagList, GC_LOC_BODY, false, false, false},
    {"ResolverEndpointType", NULL, NULL, &t_route53resolver_ResolverEndpointType, GC_LOC_BODY, false, false, false},
    {"Protocols", NULL, NULL, &t_route53resolver_ProtocolList, GC_LOC_BODY, false, false, false},
    {"RniEnhancedMetricsEnabled", NULL, NULL, &t_route53resolver_RniEnhancedMetricsEnabled, GC_LOC_BODY, false, false, false},
    {"TargetNameServerMetricsEnabled", NULL, NULL, &t_route53resolver_TargetNameServerMetricsEnabled, GC_LOC_BODY, false, false, false},
    {"Dns64Enabled", NULL, NULL, &t_route53resolver_Dns64Enabled, GC_LOC_BODY, false, false, false},
    {"Ipv6InternetAccessEnabled", NULL, NULL, &t_route53resolver_Ipv6InternetAccessEnabled, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53resolver_IpAddressRequest_m[] = {
    {"SubnetId", NULL, NULL, &t_route53resolver_SubnetId, GC_LOC_BODY, false, false, true},
    {"Ip", NULL, NULL, &t_route53resolver_Ip, GC_LOC_BODY, false, false, false},
    {"Ipv6", NULL, NULL, &t_route53resolver_Ipv6, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53resolver_Tag_m[] = {
    {"Key", NULL, NULL, &t_route53resolver_TagKey, GC_LOC_BODY, false, false, true},
    {"Value", NULL, NULL, &t_route53resolver_TagValue, GC_LOC_BODY, false, false, true},
};
static const struct gc_shape_member t_route53resolver_CreateResolverEndpointResponse_m[] = {
    {"ResolverEndpoint", NULL, NULL, &t_route53resolver_ResolverEndpoint, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53resolver_ResolverEndpoint_m[] = {
    {"Id", NULL, NULL, &t_route53resolver_ResourceId, GC_LOC_BODY, false, false, false},
    {"CreatorRequestId", NULL, NULL, &t_route53resolver_CreatorRequestId, GC_LOC_BODY, false, false, false},
    {"Arn", NULL, NULL, &t_route53resolver_Arn, GC_LOC_BODY, false, false, false},
    {"Name", NULL, NULL, &t_route53resolver_Name, GC_LOC_BODY, false, false, false},
    {"SecurityGroupIds", NULL, NULL, &t_route53resolver_SecurityGroupIds, GC_LOC_BODY, false, false, false},
    {"Direction", NULL, NULL, &t_route53resolver_ResolverEndpointDirection, GC_LOC_BODY, false, false, false},
    {"IpAddressCount", NULL, NULL, &t_route53resolver_IpAddressCount, GC_LOC_BODY, false, false, false},
    {"HostVPCId", NULL, NULL, &t_route53resolver_ResourceId, GC_LOC_BODY, false, false, false},
    {"Status", NULL, NULL, &t_route53resolver_ResolverEndpointStatus, GC_LOC_BODY, false, false, false},
    {"StatusMessage", NULL, NULL, &t_route53resolver_StatusMessage, GC_LOC_BODY, false, false, false},
    {"CreationTime", NULL, NULL, &t_route53resolver_Rfc3339TimeString, GC_LOC_BODY, false, false, false},
    {"ModificationTime", NULL, NULL, &t_route53resolver_Rfc3339TimeString, GC_LOC_BODY, false, false, false},
    {"OutpostArn", NULL, NULL, &t_route53resolver_OutpostArn, GC_LOC_BODY, false, false, false},
    {"PreferredInstanceType", NULL, NULL, &t_route53resolver_OutpostInstanceType, GC_LOC_BODY, false, false, false},
    {"ResolverEndpointType", NULL, NULL, &t_route53resolver_ResolverEndpointType, GC_LOC_BODY, false, false, false},
    {"Protocols", NULL, NULL, &t_route53resolver_ProtocolList, GC_LOC_BODY, false, false, false},
    {"RniEnhancedMetricsEnabled", NULL, NULL, &t_route53resolver_RniEnhancedMetricsEnabled, GC_LOC_BODY, false, false, false},
    {"TargetNameServerMetricsEnabled", NULL, NULL, &t_route53resolver_TargetNameServerMetricsEnabled, GC_LOC_BODY, false, false, false},
    {"Dns64Enabled", NULL, NULL, &t_route53resolver_Dns64Enabled, GC_LOC_BODY, false, false, false},
    {"Ipv6InternetAccessEnabled", NULL, NULL, &t_route53resolver_Ipv6InternetAccessEnabled, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape t_route53resolver_CreateResolverEndpointRequest = {.name = "CreateResolverEndpointRequest", .type = GC_SHAPE_STRUCTURE, .members = t_route53resolver_CreateResolverEndpointRequest_m, .n_members = 14};
static const struct gc_shape t_route53resolver_CreatorRequestId = {.name = "CreatorRequestId", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_Name = {.name = "Name", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_SecurityGroupIds = {.name = "SecurityGroupIds", .type = GC_SHAPE_LIST, .member = &t_route53resolver_ResourceId};
static const struct gc_shape t_route53resolver_ResourceId = {.name = "ResourceId", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_ResolverEndpointDirection = {.name = "ResolverEndpointDirection", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_IpAddressesRequest = {.name = "IpAddressesRequest", .type = GC_SHAPE_LIST, .member = &t_route53resolver_IpAddressRequest};
static const struct gc_shape t_route53resolver_IpAddressRequest = {.name = "IpAddressRequest", .type = GC_SHAPE_STRUCTURE, .members = t_route53resolver_IpAddressRequest_m, .n_members = 3};
static const struct gc_shape t_route53resolver_SubnetId = {.name = "SubnetId", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_Ip = {.name = "Ip", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_Ipv6 = {.name = "Ipv6", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_OutpostArn = {.name = "OutpostArn", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_OutpostInstanceType = {.name = "OutpostInstanceType", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_TagList = {.name = "TagList", .type = GC_SHAPE_LIST, .member = &t_route53resolver_Tag};
static const struct gc_shape t_route53resolver_Tag = {.name = "Tag", .type = GC_SHAPE_STRUCTURE, .members = t_route53resolver_Tag_m, .n_members = 2};
static const struct gc_shape t_route53resolver_TagKey = {.name = "TagKey", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_TagValue = {.name = "TagValue", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_ResolverEndpointType = {.name = "ResolverEndpointType", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_ProtocolList = {.name = "ProtocolList", .type = GC_SHAPE_LIST, .member = &t_route53resolver_Protocol};
static const struct gc_shape t_route53resolver_Protocol = {.name = "Protocol", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_RniEnhancedMetricsEnabled = {.name = "RniEnhancedMetricsEnabled", .type = GC_SHAPE_BOOLEAN};
static const struct gc_shape t_route53resolver_TargetNameServerMetricsEnabled = {.name = "TargetNameServerMetricsEnabled", .type = GC_SHAPE_BOOLEAN};
static const struct gc_shape t_route53resolver_Dns64Enabled = {.name = "Dns64Enabled", .type = GC_SHAPE_BOOLEAN};
static const struct gc_shape t_route53resolver_Ipv6InternetAccessEnabled = {.name = "Ipv6InternetAccessEnabled", .type = GC_SHAPE_BOOLEAN};
static const struct gc_shape t_route53resolver_CreateResolverEndpointResponse = {.name = "CreateResolverEndpointResponse", .type = GC_SHAPE_STRUCTURE, .members = t_route53resolver_CreateResolverEndpointResponse_m, .n_members = 1};
static const struct gc_shape t_route53resolver_ResolverEndpoint = {.name = "ResolverEndpoint", .type = GC_SHAPE_STRUCTURE, .members = t_route53resolver_ResolverEndpoint_m, .n_members = 20};
static const struct gc_shape t_route53resolver_Arn = {.name = "Arn", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_IpAddressCount = {.name = "IpAddressCount", .type = GC_SHAPE_INTEGER};
static const struct gc_shape t_route53resolver_ResolverEndpointStatus = {.name = "ResolverEndpointStatus", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_StatusMessage = {.name = "StatusMessage", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53resolver_Rfc3339TimeString = {.name = "Rfc3339TimeString", .type = GC_SHAPE_STRING};
static const struct gc_aws_service_def t_service_route53resolver = {GC_SVC_ROUTE53RESOLVER, GC_WIRE_JSON, "2018-04-01", "Route53Resolver", "1.1", NULL};
static const struct gc_aws_op_def t_op_route53resolver_CreateResolverEndpoint = {&t_service_route53resolver, "CreateResolverEndpoint", "POST", "/", &t_route53resolver_CreateResolverEndpointRequest, &t_route53resolver_CreateResolverEndpointResponse, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
static const struct gc_shape t_route53_AssociateVPCWithHostedZoneRequest;
static const struct gc_shape t_route53_ResourceId;
static const struct gc_shape t_route53_VPC;
static const struct gc_shape t_route53_VPCRegion;
static const struct gc_shape t_route53_VPCId;
static const struct gc_shape t_route53_AssociateVPCComment;
static const struct gc_shape t_route53_AssociateVPCWithHostedZoneResponse;
static const struct gc_shape t_route53_ChangeInfo;
static const struct gc_shape t_route53_ChangeStatus;
static const struct gc_shape t_route53_TimeStamp;
static const struct gc_shape t_route53_ResourceDescription;
static const struct gc_shape t_route53_CreateHostedZoneRequest;
static const struct gc_shape t_route53_DNSName;
static const struct gc_shape t_route53_Nonce;
static const struct gc_shape t_route53_HostedZoneConfig;
static const struct gc_shape t_route53_IsPrivateZone;
static const struct gc_shape t_route53_CreateHostedZoneResponse;
static const struct gc_shape t_route53_HostedZone;
static const struct gc_shape t_route53_HostedZoneRRSetCount;
static const struct gc_shape t_route53_LinkedService;
static const struct gc_shape t_route53_ServicePrincipal;
static const struct gc_shape t_route53_HostedZoneFeatures;
static const struct gc_shape t_route53_AcceleratedRecoveryStatus;
static const struct gc_shape t_route53_HostedZoneFailureReasons;
static const struct gc_shape t_route53_FailureReason;
static const struct gc_shape t_route53_DelegationSet;
static const struct gc_shape t_route53_DelegationSetNameServers;
static const struct gc_shape t_route53_ResourceURI;
static const struct gc_shape_member t_route53_AssociateVPCWithHostedZoneRequest_m[] = {
    {"HostedZoneId", "Id", NULL, &t_route53_ResourceId, GC_LOC_URI, false, false, true},
    {"VPC", NULL, NULL, &t_route53_VPC, GC_LOC_BODY, false, false, true},
    {"Comment", NULL, NULL, &t_route53_AssociateVPCComment, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_VPC_m[] = {
    {"VPCRegion", NULL, NULL, &t_route53_VPCRegion, GC_LOC_BODY, false, false, false},
    {"VPCId", NULL, NULL, &t_route53_VPCId, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_AssociateVPCWithHostedZoneResponse_m[] = {
    {"ChangeInfo", NULL, NULL, &t_route53_ChangeInfo, GC_LOC_BODY, false, false, true},
};
static const struct gc_shape_member t_route53_ChangeInfo_m[] = {
    {"Id", NULL, NULL, &t_route53_ResourceId, GC_LOC_BODY, false, false, true},
    {"Status", NULL, NULL, &t_route53_ChangeStatus, GC_LOC_BODY, false, false, true},
    {"SubmittedAt", NULL, NULL, &t_route53_TimeStamp, GC_LOC_BODY, false, false, true},
    {"Comment", NULL, NULL, &t_route53_ResourceDescription, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_CreateHostedZoneRequest_m[] = {
    {"Name", NULL, NULL, &t_route53_DNSName, GC_LOC_BODY, false, false, true},
    {"VPC", NULL, NULL, &t_route53_VPC, GC_LOC_BODY, false, false, false},
    {"CallerReference", NULL, NULL, &t_route53_Nonce, GC_LOC_BODY, false, false, true},
    {"HostedZoneConfig", NULL, NULL, &t_route53_HostedZoneConfig, GC_LOC_BODY, false, false, false},
    {"DelegationSetId", NULL, NULL, &t_route53_ResourceId, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_HostedZoneConfig_m[] = {
    {"Comment", NULL, NULL, &t_route53_ResourceDescription, GC_LOC_BODY, false, false, false},
    {"PrivateZone", NULL, NULL, &t_route53_IsPrivateZone, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_CreateHostedZoneResponse_m[] = {
    {"HostedZone", NULL, NULL, &t_route53_HostedZone, GC_LOC_BODY, false, false, true},
    {"ChangeInfo", NULL, NULL, &t_route53_ChangeInfo, GC_LOC_BODY, false, false, true},
    {"DelegationSet", NULL, NULL, &t_route53_DelegationSet, GC_LOC_BODY, false, false, true},
    {"VPC", NULL, NULL, &t_route53_VPC, GC_LOC_BODY, false, false, false},
    {"Location", "Location", NULL, &t_route53_ResourceURI, GC_LOC_HEADER, false, false, true},
};
static const struct gc_shape_member t_route53_HostedZone_m[] = {
    {"Id", NULL, NULL, &t_route53_ResourceId, GC_LOC_BODY, false, false, true},
    {"Name", NULL, NULL, &t_route53_DNSName, GC_LOC_BODY, false, false, true},
    {"CallerReference", NULL, NULL, &t_route53_Nonce, GC_LOC_BODY, false, false, true},
    {"Config", NULL, NULL, &t_route53_HostedZoneConfig, GC_LOC_BODY, false, false, false},
    {"ResourceRecordSetCount", NULL, NULL, &t_route53_HostedZoneRRSetCount, GC_LOC_BODY, false, false, false},
    {"LinkedService", NULL, NULL, &t_route53_LinkedService, GC_LOC_BODY, false, false, false},
    {"Features", NULL, NULL, &t_route53_HostedZoneFeatures, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_LinkedService_m[] = {
    {"ServicePrincipal", NULL, NULL, &t_route53_ServicePrincipal, GC_LOC_BODY, false, false, false},
    {"Description", NULL, NULL, &t_route53_ResourceDescription, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_HostedZoneFeatures_m[] = {
    {"AcceleratedRecoveryStatus", NULL, NULL, &t_route53_AcceleratedRecoveryStatus, GC_LOC_BODY, false, false, false},
    {"FailureReasons", NULL, NULL, &t_route53_HostedZoneFailureReasons, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_HostedZoneFailureReasons_m[] = {
    {"AcceleratedRecovery", NULL, NULL, &t_route53_FailureReason, GC_LOC_BODY, false, false, false},
};
static const struct gc_shape_member t_route53_DelegationSet_m[] = {
    {"Id", NULL, NULL, &t_route53_ResourceId, GC_LOC_BODY, false, false, false},
    {"CallerReference", NULL, NULL, &t_route53_Nonce, GC_LOC_BODY, false, false, false},
    {"NameServers", NULL, NULL, &t_route53_DelegationSetNameServers, GC_LOC_BODY, false, false, true},
};
static const struct gc_shape t_route53_AssociateVPCWithHostedZoneRequest = {.name = "AssociateVPCWithHostedZoneRequest", .type = GC_SHAPE_STRUCTURE, .members = t_route53_AssociateVPCWithHostedZoneRequest_m, .n_members = 3};
static const struct gc_shape t_route53_ResourceId = {.name = "ResourceId", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_VPC = {.name = "VPC", .type = GC_SHAPE_STRUCTURE, .members = t_route53_VPC_m, .n_members = 2};
static const struct gc_shape t_route53_VPCRegion = {.name = "VPCRegion", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_VPCId = {.name = "VPCId", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_AssociateVPCComment = {.name = "AssociateVPCComment", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_AssociateVPCWithHostedZoneResponse = {.name = "AssociateVPCWithHostedZoneResponse", .type = GC_SHAPE_STRUCTURE, .members = t_route53_AssociateVPCWithHostedZoneResponse_m, .n_members = 1};
static const struct gc_shape t_route53_ChangeInfo = {.name = "ChangeInfo", .type = GC_SHAPE_STRUCTURE, .members = t_route53_ChangeInfo_m, .n_members = 4};
static const struct gc_shape t_route53_ChangeStatus = {.name = "ChangeStatus", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_TimeStamp = {.name = "TimeStamp", .type = GC_SHAPE_TIMESTAMP};
static const struct gc_shape t_route53_ResourceDescription = {.name = "ResourceDescription", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_CreateHostedZoneRequest = {.name = "CreateHostedZoneRequest", .type = GC_SHAPE_STRUCTURE, .members = t_route53_CreateHostedZoneRequest_m, .n_members = 5};
static const struct gc_shape t_route53_DNSName = {.name = "DNSName", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_Nonce = {.name = "Nonce", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_HostedZoneConfig = {.name = "HostedZoneConfig", .type = GC_SHAPE_STRUCTURE, .members = t_route53_HostedZoneConfig_m, .n_members = 2};
static const struct gc_shape t_route53_IsPrivateZone = {.name = "IsPrivateZone", .type = GC_SHAPE_BOOLEAN};
static const struct gc_shape t_route53_CreateHostedZoneResponse = {.name = "CreateHostedZoneResponse", .type = GC_SHAPE_STRUCTURE, .members = t_route53_CreateHostedZoneResponse_m, .n_members = 5};
static const struct gc_shape t_route53_HostedZone = {.name = "HostedZone", .type = GC_SHAPE_STRUCTURE, .members = t_route53_HostedZone_m, .n_members = 7};
static const struct gc_shape t_route53_HostedZoneRRSetCount = {.name = "HostedZoneRRSetCount", .type = GC_SHAPE_LONG};
static const struct gc_shape t_route53_LinkedService = {.name = "LinkedService", .type = GC_SHAPE_STRUCTURE, .members = t_route53_LinkedService_m, .n_members = 2};
static const struct gc_shape t_route53_ServicePrincipal = {.name = "ServicePrincipal", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_HostedZoneFeatures = {.name = "HostedZoneFeatures", .type = GC_SHAPE_STRUCTURE, .members = t_route53_HostedZoneFeatures_m, .n_members = 2};
static const struct gc_shape t_route53_AcceleratedRecoveryStatus = {.name = "AcceleratedRecoveryStatus", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_HostedZoneFailureReasons = {.name = "HostedZoneFailureReasons", .type = GC_SHAPE_STRUCTURE, .members = t_route53_HostedZoneFailureReasons_m, .n_members = 1};
static const struct gc_shape t_route53_FailureReason = {.name = "FailureReason", .type = GC_SHAPE_STRING};
static const struct gc_shape t_route53_DelegationSet = {.name = "DelegationSet", .type = GC_SHAPE_STRUCTURE, .members = t_route53_DelegationSet_m, .n_members = 3};
static const struct gc_shape t_route53_DelegationSetNameServers = {.name = "DelegationSetNameServers", .type = GC_SHAPE_LIST, .member = &t_route53_DNSName, .member_location_name = "NameServer"};
static const struct gc_shape t_route53_ResourceURI = {.name = "ResourceURI", .type = GC_SHAPE_STRING};
static const struct gc_aws_service_def t_service_route53 = {GC_SVC_ROUTE53, GC_WIRE_REST_XML, "2013-04-01", NULL, NULL, "https://route53.amazonaws.com/doc/2013-04-01/"};
static const struct gc_aws_op_def t_op_route53_AssociateVPCWithHostedZone = {&t_service_route53, "AssociateVPCWithHostedZone", "POST", "/2013-04-01/hostedzone/{Id}/associatevpc", &t_route53_AssociateVPCWithHostedZoneRequest, &t_route53_AssociateVPCWithHostedZoneResponse, "AssociateVPCWithHostedZoneRequest", NULL, NULL, NULL, NULL, NULL, NULL};
static const struct gc_aws_op_def t_op_route53_CreateHostedZone = {&t_service_route53, "CreateHostedZone", "POST", "/2013-04-01/hostedzone", &t_route53_CreateHostedZoneRequest, &t_route53_CreateHostedZoneResponse, "CreateHostedZoneRequest", NULL, NULL, NULL, NULL, NULL, NULL};

#endif
