"""Self-tests of the test-only moto launcher (tests/moto/serve.py): each patch and the request log.

Run: python3 -m unittest -v tests/moto/test_serve.py   (needs no provider binary)
"""

import json
import os
import random
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

import gcnet_e2e as e2e  # noqa: E402

from botocore.exceptions import ClientError  # noqa: E402


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")
        cls.ram = cls.moto.client("ram")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def _hub(self):
        tgw = self.ec2.create_transit_gateway(Options={"DefaultRouteTableAssociation": "disable",
                                                       "DefaultRouteTablePropagation": "disable"})["TransitGateway"]
        vpc = self.ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        sn = self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.0.0/24")["Subnet"]["SubnetId"]
        att = self.ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw["TransitGatewayId"], VpcId=vpc,
            SubnetIds=[sn])["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        rts = [self.ec2.create_transit_gateway_route_table(TransitGatewayId=tgw["TransitGatewayId"])
               ["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"] for _ in range(3)]
        return tgw, att, rts

    def test_refuses_other_moto_version(self):
        code = ("import moto, runpy, sys; moto.__version__ = '0.0.0'; sys.argv = ['serve.py', '--port', '0']; "
                "runpy.run_path(%r, run_name='__main__')" % e2e.SERVE_PY)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("refusing to start", proc.stderr)
        self.assertNotIn("PORT", proc.stdout)

    def test_request_log_counts_and_resets(self):
        self.moto.reset_requests()
        self.assertEqual(self.moto.request_count(), 0)
        self.ec2.describe_vpcs()
        self.ram.get_resource_shares(resourceOwner="SELF")
        reqs = self.moto.requests()
        self.assertEqual([(r["service"], r["action"]) for r in reqs],
                         [("ec2", "DescribeVpcs"), ("ram", "getresourceshares")])
        self.assertEqual(reqs[0]["region"], e2e.REGION)

    def test_request_log_has_answer_sizes(self):
        # bench-scale.sh sums them per operation: an answer that grows with the number of routes shows there
        self.moto.reset_requests()
        self.ec2.describe_route_tables()
        small = self.moto.requests()[0]["bytes"]
        vpc = self.ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
        rt = self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]
        gw = self.ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        self.ec2.attach_internet_gateway(InternetGatewayId=gw, VpcId=vpc)
        for i in range(20):
            self.ec2.create_route(RouteTableId=rt["RouteTableId"], DestinationCidrBlock="10.%d.0.0/16" % (100 + i),
                                  GatewayId=gw)
        self.moto.reset_requests()
        self.ec2.describe_route_tables()
        self.assertGreater(self.moto.requests()[0]["bytes"], small + 20 * 100)

    def test_ram_associate_and_disassociate_principals_and_resources(self):
        tgw, _, _ = self._hub()
        tgw2, _, _ = self._hub()
        arn = self.ram.create_resource_share(name="s", resourceArns=[tgw["TransitGatewayArn"]],
                                             principals=["111111111111"],
                                             allowExternalPrincipals=False)["resourceShare"]["resourceShareArn"]
        self.ram.associate_resource_share(resourceShareArn=arn, principals=["222222222222", "111111111111"],
                                          resourceArns=[tgw2["TransitGatewayArn"]])
        self.ram.disassociate_resource_share(resourceShareArn=arn, principals=["111111111111"],
                                             resourceArns=[tgw["TransitGatewayArn"]])

        def entities(kind):
            return sorted(a["associatedEntity"] for a in self.ram.get_resource_share_associations(
                associationType=kind, resourceShareArns=[arn])["resourceShareAssociations"])

        self.assertEqual(entities("PRINCIPAL"), ["222222222222"])
        self.assertEqual(entities("RESOURCE"), [tgw2["TransitGatewayArn"]])
        with self.assertRaises(ClientError) as cm:
            self.ram.associate_resource_share(resourceShareArn=arn, principals=["123"])
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidParameterException")
        self.assertEqual(entities("PRINCIPAL"), ["222222222222"], "a rejected call must change nothing")
        with self.assertRaises(ClientError) as cm:
            self.ram.associate_resource_share(resourceShareArn=arn + "x", principals=["333333333333"])
        self.assertEqual(cm.exception.response["Error"]["Code"], "UnknownResourceException")

    def test_disassociate_not_associated_is_400_not_500(self):
        _, att, rts = self._hub()
        with self.assertRaises(ClientError) as cm:
            self.ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=rts[0],
                                                              TransitGatewayAttachmentId=att)
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidAssociation.NotFound")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=rts[0],
                                                       TransitGatewayAttachmentId=att)
        with self.assertRaises(ClientError):  # associated with another table
            self.ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=rts[1],
                                                              TransitGatewayAttachmentId=att)
        out = self.ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=rts[0],
                                                                TransitGatewayAttachmentId=att)
        self.assertEqual(out["Association"]["State"], "disassociated")

    def test_attachment_propagated_into_two_tables_can_disable_both(self):
        _, att, rts = self._hub()
        for rt in rts[:2]:
            self.ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rt,
                                                                    TransitGatewayAttachmentId=att)
        out = self.ec2.disable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rts[0],
                                                                       TransitGatewayAttachmentId=att)
        self.assertEqual(out["Propagation"]["State"], "disabled")
        props = self.ec2.get_transit_gateway_route_table_propagations(
            TransitGatewayRouteTableId=rts[1])["TransitGatewayRouteTablePropagations"]
        self.assertEqual([p["TransitGatewayAttachmentId"] for p in props], [att])
        self.ec2.disable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rts[1],
                                                                 TransitGatewayAttachmentId=att)
        with self.assertRaises(ClientError) as cm:
            self.ec2.disable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rts[1],
                                                                     TransitGatewayAttachmentId=att)
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_concurrent_propagation_disables_are_not_lost(self):
        """Two disables in one table at once: both propagations go (ec2_tgw_propagation_lock). In a process of its own
        that loads serve.py's patches; the table's list is slowed so that, unlocked, both disables read it before
        either writes (the patch removed, this fails: one propagation comes back)."""
        code = r"""
import runpy, sys, threading, time
sys.argv = ["serve.py"]
g = runpy.run_path(%r, run_name="serve_selftest")
from moto.ec2.models import ec2_backends
b = ec2_backends["123456789012"]["ap-northeast-1"]
tgw = b.create_transit_gateway(description=None, options={"DefaultRouteTableAssociation": "disable",
                                                           "DefaultRouteTablePropagation": "disable"})
rt = b.create_transit_gateway_route_table(transit_gateway_id=tgw.id)
atts = []
for i in range(2):
    vpc = b.create_vpc(cidr_block="10.%%d.0.0/16" %% (90 + i))
    sn = b.create_subnet(vpc_id=vpc.id, cidr_block="10.%%d.0.0/24" %% (90 + i))
    atts.append(b.create_transit_gateway_vpc_attachment(transit_gateway_id=tgw.id, vpc_id=vpc.id,
                                                        subnet_ids=[sn.id]).id)
for a in atts:
    b.enable_transit_gateway_route_table_propagation(a, rt.id)
table = b.transit_gateways_route_tables[rt.id]


class Slow(list):
    def __iter__(self):
        for p in list.__iter__(self):
            time.sleep(0.05)
            yield p


table.route_table_propagation = Slow(table.route_table_propagation)
ts = [threading.Thread(target=b.disable_transit_gateway_route_table_propagation, args=(a, rt.id)) for a in atts]
for t in ts:
    t.start()
    time.sleep(0.01)
for t in ts:
    t.join()
print("LEFT", len(table.route_table_propagation))
""" % e2e.SERVE_PY
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
        self.assertIn("LEFT 0", proc.stdout)

    def test_second_propagation_is_a_duplicate(self):
        _, att, rts = self._hub()
        self.ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rts[0],
                                                                TransitGatewayAttachmentId=att)
        with self.assertRaises(ClientError) as cm:
            self.ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rts[0],
                                                                    TransitGatewayAttachmentId=att)
        self.assertEqual(cm.exception.response["Error"]["Code"], "TransitGatewayRouteTablePropagation.Duplicate")
        props = self.ec2.get_transit_gateway_route_table_propagations(
            TransitGatewayRouteTableId=rts[0])["TransitGatewayRouteTablePropagations"]
        self.assertEqual([p["TransitGatewayAttachmentId"] for p in props], [att])

    def test_no_default_route_table_when_defaults_disabled(self):
        tgw, att, rts = self._hub()
        gw = self.ec2.describe_transit_gateways(TransitGatewayIds=[tgw["TransitGatewayId"]])["TransitGateways"][0]
        self.assertNotIn("AssociationDefaultRouteTableId", gw["Options"])
        self.assertNotIn("PropagationDefaultRouteTableId", gw["Options"])
        tables = self.ec2.describe_transit_gateway_route_tables(
            Filters=[{"Name": "transit-gateway-id", "Values": [tgw["TransitGatewayId"]]}])["TransitGatewayRouteTables"]
        self.assertEqual(sorted(t["TransitGatewayRouteTableId"] for t in tables), sorted(rts))
        desc = self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att])
        self.assertNotIn("Association", desc["TransitGatewayAttachments"][0])
        enabled = self.ec2.create_transit_gateway()["TransitGateway"]
        self.assertIn("AssociationDefaultRouteTableId", enabled["Options"], "defaults enabled: moto as before")

    def test_attachment_reports_explicit_association(self):
        _, att, rts = self._hub()
        self.ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=rts[2],
                                                       TransitGatewayAttachmentId=att)
        desc = self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att])
        self.assertEqual(desc["TransitGatewayAttachments"][0]["Association"]["TransitGatewayRouteTableId"], rts[2])
        self.ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=rts[2],
                                                          TransitGatewayAttachmentId=att)
        desc = self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att])
        self.assertNotIn("Association", desc["TransitGatewayAttachments"][0])

    def test_cross_account_vpc_attachment_waits_for_acceptance(self):
        import botocore.exceptions
        tgw, _, _ = self._hub()
        asp = self.moto.client("ec2")
        asp.meta.events.register("before-sign.ec2.*",
                                 lambda request, **kw: request.headers.__setitem__("x-moto-account-id", "222222222222"))
        vpc = asp.create_vpc(CidrBlock="10.88.0.0/16")["Vpc"]["VpcId"]
        att = asp.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw["TransitGatewayId"], VpcId=vpc,
                                                        SubnetIds=["subnet-1"])["TransitGatewayVpcAttachment"]
        self.assertEqual(att["State"], "pendingAcceptance")
        att_id = att["TransitGatewayAttachmentId"]
        seen = self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att_id])
        self.assertEqual(seen["TransitGatewayAttachments"][0]["State"], "pendingAcceptance")
        self.assertEqual(seen["TransitGatewayAttachments"][0]["ResourceOwnerId"], "222222222222")
        self.assertNotIn("Association", seen["TransitGatewayAttachments"][0])
        # each account tags its own view
        self.ec2.create_tags(Resources=[att_id], Tags=[{"Key": "hub", "Value": "1"}])
        self.assertNotIn("Tags", asp.describe_transit_gateway_attachments(
            TransitGatewayAttachmentIds=[att_id])["TransitGatewayAttachments"][0])
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ec2.accept_transit_gateway_vpc_attachment(TransitGatewayAttachmentId="tgw-attach-0000000000000000")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidTransitGatewayAttachmentID.NotFound")
        self.ec2.accept_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=att_id)
        for client in (self.ec2, asp):
            self.assertEqual(client.describe_transit_gateway_vpc_attachments(TransitGatewayAttachmentIds=[att_id])
                             ["TransitGatewayVpcAttachments"][0]["State"], "available")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.ec2.accept_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=att_id)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "IncorrectState")

    def _peer_client(self, account, region):
        import boto3
        base = self.moto.client("ec2")
        client = boto3.client("ec2", region_name=region, endpoint_url=base.meta.endpoint_url,
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        client.meta.events.register("before-sign.ec2.*",
                                    lambda request, **kw: request.headers.__setitem__("x-moto-account-id", account))
        return client

    def test_static_route_names_its_attachment(self):
        tgw, att, rts = self._hub()
        self.ec2.create_transit_gateway_route(TransitGatewayRouteTableId=rts[0], DestinationCidrBlock="10.91.0.0/16",
                                              TransitGatewayAttachmentId=att)
        self.ec2.create_transit_gateway_route(TransitGatewayRouteTableId=rts[0], DestinationCidrBlock="10.92.0.0/16",
                                              Blackhole=True)
        routes = {r["DestinationCidrBlock"]: r for r in self.ec2.search_transit_gateway_routes(
            TransitGatewayRouteTableId=rts[0], Filters=[{"Name": "type", "Values": ["static"]}])["Routes"]}
        self.assertEqual([a["TransitGatewayAttachmentId"] for a in routes["10.91.0.0/16"]["TransitGatewayAttachments"]],
                         [att])
        self.assertEqual(routes["10.92.0.0/16"].get("TransitGatewayAttachments", []), [])

    def test_route_search_cidr_filters(self):
        _, att, rts = self._hub()
        for cidr in ("10.0.0.0/16", "10.0.1.0/29", "10.0.1.0/31", "10.0.1.0/30", "10.1.0.0/16"):
            self.ec2.create_transit_gateway_route(TransitGatewayRouteTableId=rts[1], DestinationCidrBlock=cidr,
                                                  TransitGatewayAttachmentId=att)

        def search(name, value):
            return sorted(r["DestinationCidrBlock"] for r in self.ec2.search_transit_gateway_routes(
                TransitGatewayRouteTableId=rts[1], Filters=[{"Name": "type", "Values": ["static"]},
                                                            {"Name": name, "Values": [value]}])["Routes"])

        self.assertEqual(search("route-search.subnet-of-match", "10.0.1.0/30"), ["10.0.1.0/30", "10.0.1.0/31"])
        self.assertEqual(search("route-search.supernet-of-match", "10.0.1.0/30"),
                         ["10.0.0.0/16", "10.0.1.0/29", "10.0.1.0/30"])
        self.assertEqual(search("route-search.longest-prefix-match", "10.0.1.0/31"), ["10.0.1.0/31"])
        self.assertEqual(search("route-search.longest-prefix-match", "10.0.1.4/30"), ["10.0.1.0/29"])
        self.assertEqual(search("route-search.exact-match", "10.1.0.0/16"), ["10.1.0.0/16"])
        self.assertEqual(search("route-search.subnet-of-match", "10.2.0.0/16"), [])
        self.assertEqual(search("route-search.supernet-of-match", "10.1.2.0/24"), ["10.1.0.0/16"])

    def test_tags_of_one_resource_as_before(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
        self.ec2.create_tags(Resources=[vpc], Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}])
        one = self.ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [vpc]}])["Tags"]
        every = [t for t in self.ec2.describe_tags()["Tags"] if t["ResourceId"] == vpc]
        self.assertEqual(one, every)
        self.assertEqual([(t["Key"], t["Value"], t["ResourceType"]) for t in one], [("b", "2", "vpc"), ("a", "1", "vpc")])
        self.assertEqual(self.ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Tags"],
                         [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}])
        self.assertEqual(self.ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [vpc[:-1] + "*"]}])["Tags"],
                         one)

    def test_attachment_tag_filters(self):
        tgw, att, _ = self._hub()
        tgw_id = tgw["TransitGatewayId"]
        vpc = self.ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
        sn = self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.0.0/24")["Subnet"]["SubnetId"]
        other = self.ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw_id, VpcId=vpc, SubnetIds=[sn])["TransitGatewayVpcAttachment"][
            "TransitGatewayAttachmentId"]
        self.ec2.create_tags(Resources=[att], Tags=[{"Key": "pair", "Value": "x"}])

        def ids(*filters):
            return sorted(a["TransitGatewayAttachmentId"] for a in self.ec2.describe_transit_gateway_attachments(
                Filters=[{"Name": "transit-gateway-id", "Values": [tgw_id]}] + list(filters))[
                "TransitGatewayAttachments"])

        self.assertEqual(ids(), sorted([att, other]))
        self.assertEqual(ids({"Name": "tag-key", "Values": ["pair"]}), [att])
        self.assertEqual(ids({"Name": "tag:pair", "Values": ["x"]}), [att])
        self.assertEqual(ids({"Name": "tag:pair", "Values": ["y"]}), [])
        self.assertEqual(ids({"Name": "tag-key", "Values": ["nothing"]}), [])

    def test_peering_accepter_sees_it_on_its_own_tgw(self):
        tgw, _, _ = self._hub()
        hub_tgw = tgw["TransitGatewayId"]
        asp = self._peer_client("555555555555", "ap-northeast-3")
        asp_tgw = asp.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
        att = asp.create_transit_gateway_peering_attachment(
            TransitGatewayId=asp_tgw, PeerTransitGatewayId=hub_tgw, PeerAccountId="123456789012",
            PeerRegion="ap-northeast-1")["TransitGatewayPeeringAttachment"]["TransitGatewayAttachmentId"]
        seen = self.ec2.describe_transit_gateway_attachments(
            Filters=[{"Name": "transit-gateway-id", "Values": [hub_tgw]}])["TransitGatewayAttachments"]
        mine = [a for a in seen if a["TransitGatewayAttachmentId"] == att]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["ResourceId"], asp_tgw)
        self.assertEqual(mine[0]["ResourceOwnerId"], "555555555555")
        self.assertEqual(mine[0]["State"], "pendingAcceptance")
        # the hub's tags are the hub's view; the requester's view is unchanged
        self.ec2.create_tags(Resources=[att], Tags=[{"Key": "hub", "Value": "1"}])
        tags = self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att])[
            "TransitGatewayAttachments"][0].get("Tags", [])
        self.assertIn({"Key": "hub", "Value": "1"}, tags)
        theirs = asp.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att])[
            "TransitGatewayAttachments"][0]
        self.assertEqual(theirs["TransitGatewayId"], asp_tgw)
        self.ec2.accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=att)
        self.assertEqual(asp.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att])[
            "TransitGatewayAttachments"][0]["State"], "available")
        # a filter lists peerings only (the hub has a VPC attachment too)
        mine = self.ec2.create_transit_gateway_peering_attachment(
            TransitGatewayId=hub_tgw, PeerTransitGatewayId=asp_tgw, PeerAccountId="555555555555",
            PeerRegion="ap-northeast-3", TagSpecifications=[{"ResourceType": "transit-gateway-attachment",
                                                             "Tags": [{"Key": "mine", "Value": "1"}]}])
        found = self.ec2.describe_transit_gateway_peering_attachments(
            Filters=[{"Name": "tag:mine", "Values": ["1"]}])["TransitGatewayPeeringAttachments"]
        self.assertEqual(self.ec2.describe_transit_gateway_peering_attachments(
            Filters=[{"Name": "tag:mine", "Values": ["2"]}, {"Name": "tag:other", "Values": ["1"]}])[
            "TransitGatewayPeeringAttachments"], [])
        self.assertEqual([a["TransitGatewayAttachmentId"] for a in found],
                         [mine["TransitGatewayPeeringAttachment"]["TransitGatewayAttachmentId"]])

    def test_vpc_endpoint_waits_for_the_service_owner_to_accept(self):
        import botocore.exceptions
        asp = self.moto.client("ec2")
        asp.meta.events.register("before-sign.ec2.*",
                                 lambda request, **kw: request.headers.__setitem__("x-moto-account-id", "222222222222"))
        elb = self.moto.client("elbv2")
        elb.meta.events.register("before-sign",
                                 lambda request, **kw: request.headers.__setitem__("x-moto-account-id", "222222222222"))
        asp_vpc = asp.create_vpc(CidrBlock="10.89.0.0/16")["Vpc"]["VpcId"]
        asp_subnet = asp.create_subnet(VpcId=asp_vpc, CidrBlock="10.89.1.0/24")["Subnet"]["SubnetId"]
        nlb = elb.create_load_balancer(Name="asp-nlb", Type="network", Subnets=[asp_subnet])["LoadBalancers"][0]
        svc = asp.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[nlb["LoadBalancerArn"]],
                                                            AcceptanceRequired=True)["ServiceConfiguration"]
        open_svc = asp.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[nlb["LoadBalancerArn"]],
                                                                 AcceptanceRequired=False)["ServiceConfiguration"]
        vpc = self.ec2.create_vpc(CidrBlock="10.90.0.0/16")["Vpc"]["VpcId"]
        subnet = self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.90.1.0/24")["Subnet"]["SubnetId"]
        ep = self.ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, ServiceName=svc["ServiceName"],
                                          SubnetIds=[subnet])["VpcEndpoint"]
        self.assertEqual(ep["State"], "pendingAcceptance")
        other = self.ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc,
                                             ServiceName=open_svc["ServiceName"], SubnetIds=[subnet])["VpcEndpoint"]
        self.assertEqual(other["State"], "available")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            asp.accept_vpc_endpoint_connections(ServiceId="vpce-svc-00000000", VpcEndpointIds=[ep["VpcEndpointId"]])
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidVpcEndpointServiceId.NotFound")
        out = asp.accept_vpc_endpoint_connections(ServiceId=svc["ServiceId"],
                                                  VpcEndpointIds=[ep["VpcEndpointId"], other["VpcEndpointId"]])
        self.assertEqual([u["ResourceId"] for u in out["Unsuccessful"]], [other["VpcEndpointId"]])
        seen = self.ec2.describe_vpc_endpoints(VpcEndpointIds=[ep["VpcEndpointId"]])["VpcEndpoints"][0]
        self.assertEqual(seen["State"], "available")
        out = asp.accept_vpc_endpoint_connections(ServiceId=svc["ServiceId"], VpcEndpointIds=[ep["VpcEndpointId"]])
        self.assertEqual(out["Unsuccessful"][0]["Error"]["Code"], "IncorrectState")

    def test_list_resource_share_permissions(self):
        tgw, _, _ = self._hub()
        arn = self.ram.create_resource_share(name="p", resourceArns=[tgw["TransitGatewayArn"]])[
            "resourceShare"]["resourceShareArn"]
        perms = self.ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
        self.assertEqual([p["resourceType"] for p in perms], ["ec2:TransitGateway"])
        self.assertTrue(perms[0]["arn"].startswith("arn:aws:ram::aws:permission/"))

    def test_vpc_attachment_tags_and_deleted_visibility(self):
        tgw, _, _ = self._hub()
        vpc = self.ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
        sn = self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.0.0/24")["Subnet"]["SubnetId"]
        att = self.ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw["TransitGatewayId"], VpcId=vpc, SubnetIds=[sn],
            TagSpecifications=[{"ResourceType": "transit-gateway-attachment",
                                "Tags": [{"Key": "Env", "Value": "t"}]}])["TransitGatewayVpcAttachment"]
        att_id = att["TransitGatewayAttachmentId"]
        got = self.ec2.describe_transit_gateway_vpc_attachments(
            TransitGatewayAttachmentIds=[att_id])["TransitGatewayVpcAttachments"][0]
        self.assertEqual({t["Key"]: t["Value"] for t in got.get("Tags", [])}, {"Env": "t"})
        self.ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=att_id)
        got = self.ec2.describe_transit_gateway_vpc_attachments(
            TransitGatewayAttachmentIds=[att_id])["TransitGatewayVpcAttachments"]
        self.assertEqual([a["State"] for a in got], ["deleted"])
        listing = self.ec2.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"]
        self.assertNotIn(att_id, [a["TransitGatewayAttachmentId"] for a in listing])
        again = self.ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=att_id)
        self.assertEqual(again["TransitGatewayVpcAttachment"]["State"], "deleted", "a second delete is answered")

    def test_resource_share_tags(self):
        arn = self.ram.create_resource_share(name="t", tags=[{"key": "A", "value": "1"}])[
            "resourceShare"]["resourceShareArn"]

        def tags():
            share = [s for s in self.ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
                     if s["resourceShareArn"] == arn][0]
            return {t["key"]: t["value"] for t in share.get("tags", [])}

        self.assertEqual(tags(), {"A": "1"})
        self.ram.tag_resource(resourceShareArn=arn, tags=[{"key": "B", "value": "2"}])
        self.ram.untag_resource(resourceShareArn=arn, tagKeys=["A"])
        self.assertEqual(tags(), {"B": "2"})

    def test_create_resource_share_honours_client_token(self):
        ram = self.moto.client("ram")
        first = ram.create_resource_share(name="tok", clientToken="gcnet-token-1")
        again = ram.create_resource_share(name="tok", clientToken="gcnet-token-1")
        other = ram.create_resource_share(name="tok", clientToken="gcnet-token-2")
        self.assertEqual(again["resourceShare"]["resourceShareArn"], first["resourceShare"]["resourceShareArn"])
        self.assertEqual(again["clientToken"], "gcnet-token-1")
        self.assertNotEqual(other["resourceShare"]["resourceShareArn"], first["resourceShare"]["resourceShareArn"])
        named = [x for x in ram.get_resource_shares(resourceOwner="SELF")["resourceShares"] if x["name"] == "tok"]
        self.assertEqual(len(named), 2, "the retried request made no second share")

    def test_second_association_of_a_vpc_conflicts(self):
        r53 = self.moto.client("route53", region="us-east-1")
        vpc = self.ec2.create_vpc(CidrBlock="10.61.0.0/16")["Vpc"]["VpcId"]
        other = self.ec2.create_vpc(CidrBlock="10.62.0.0/16")["Vpc"]["VpcId"]
        zone = r53.create_hosted_zone(Name="twice.example", CallerReference="twice-1",
                                      HostedZoneConfig={"PrivateZone": True},
                                      VPC={"VPCRegion": e2e.REGION, "VPCId": other})["HostedZone"]["Id"]
        r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCRegion": e2e.REGION, "VPCId": vpc})
        with self.assertRaises(ClientError) as cm:
            r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCRegion": e2e.REGION, "VPCId": vpc})
        self.assertEqual(cm.exception.response["Error"]["Code"], "ConflictingDomainExists")
        vpcs = [v["VPCId"] for v in r53.get_hosted_zone(Id=zone)["VPCs"]]
        self.assertEqual(sorted(vpcs), sorted([vpc, other]))

    def test_customer_gateway_found_by_its_as_number(self):
        made = self.ec2.create_customer_gateway(BgpAsn=65010, IpAddress="203.0.113.10", Type="ipsec.1")[
            "CustomerGateway"]["CustomerGatewayId"]
        self.ec2.create_customer_gateway(BgpAsn=65020, IpAddress="203.0.113.10", Type="ipsec.1")

        def found(asn):
            return [c["CustomerGatewayId"] for c in self.ec2.describe_customer_gateways(Filters=[
                {"Name": "bgp-asn", "Values": [asn]}, {"Name": "ip-address", "Values": ["203.0.113.10"]}])[
                "CustomerGateways"]]
        self.assertEqual(found("65010"), [made])
        self.assertEqual(len(found("65020")), 1)
        self.assertEqual(found("65030"), [])
        self.assertEqual(self.ec2.describe_customer_gateways(CustomerGatewayIds=[made])["CustomerGateways"][0][
            "BgpAsn"], "65010")

    def test_vpc_endpoint_honours_client_token(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.63.0.0/16")["Vpc"]["VpcId"]
        args = {"VpcId": vpc, "ServiceName": "com.amazonaws.%s.s3" % e2e.REGION, "VpcEndpointType": "Gateway"}
        first = self.ec2.create_vpc_endpoint(ClientToken="gcnet-vpce-1", **args)["VpcEndpoint"]["VpcEndpointId"]
        again = self.ec2.create_vpc_endpoint(ClientToken="gcnet-vpce-1", **args)["VpcEndpoint"]["VpcEndpointId"]
        other = self.ec2.create_vpc_endpoint(ClientToken="gcnet-vpce-2", **args)["VpcEndpoint"]["VpcEndpointId"]
        self.assertEqual(again, first)
        self.assertNotEqual(other, first)
        ids = [e["VpcEndpointId"] for e in self.ec2.describe_vpc_endpoints(
            Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]]
        self.assertEqual(sorted(ids), sorted([first, other]))

    def test_get_resource_shares_honours_filters(self):
        a = self.ram.create_resource_share(name="f1")["resourceShare"]["resourceShareArn"]
        b = self.ram.create_resource_share(name="f2")["resourceShare"]["resourceShareArn"]
        self.ram.delete_resource_share(resourceShareArn=b)
        got = self.ram.get_resource_shares(resourceOwner="SELF", resourceShareArns=[a])["resourceShares"]
        self.assertEqual([s["resourceShareArn"] for s in got], [a])
        got = self.ram.get_resource_shares(resourceOwner="SELF", name="f2")["resourceShares"]
        self.assertEqual([s["status"] for s in got], ["DELETED"])
        got = self.ram.get_resource_shares(resourceOwner="SELF", resourceShareStatus="ACTIVE")["resourceShares"]
        self.assertNotIn(b, [s["resourceShareArn"] for s in got])

    def test_route53_cross_account_zone_needs_authorization(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
        asp_vpc = self.moto.client_as("210987654321", "ec2").create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
        asp = self.moto.client_as("210987654321", "route53", region="us-east-1")
        zone = asp.create_hosted_zone(Name="asp.example", CallerReference="x", HostedZoneConfig={"PrivateZone": True},
                                      VPC={"VPCRegion": e2e.REGION, "VPCId": asp_vpc})["HostedZone"]["Id"]
        zone = zone.split("/")[-1]
        r53 = self.moto.client("route53", region="us-east-1")
        ours = {"VPCRegion": e2e.REGION, "VPCId": vpc}
        with self.assertRaises(Exception) as caught:
            r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=ours)
        self.assertEqual(caught.exception.response["Error"]["Code"], "NotAuthorizedException")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 401)
        asp.create_vpc_association_authorization(HostedZoneId=zone, VPC=ours)
        self.assertEqual(asp.list_vpc_association_authorizations(HostedZoneId=zone)["VPCs"], [ours])
        r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=ours)
        got = r53.list_hosted_zones_by_vpc(VPCId=vpc, VPCRegion=e2e.REGION)["HostedZoneSummaries"]
        self.assertEqual([(z["HostedZoneId"], z["Owner"]["OwningAccount"]) for z in got], [(zone, "210987654321")])
        r53.disassociate_vpc_from_hosted_zone(HostedZoneId=zone, VPC=ours)
        self.assertEqual(r53.list_hosted_zones_by_vpc(VPCId=vpc, VPCRegion=e2e.REGION)["HostedZoneSummaries"], [])
        asp.delete_vpc_association_authorization(HostedZoneId=zone, VPC=ours)
        self.assertEqual(asp.list_vpc_association_authorizations(HostedZoneId=zone)["VPCs"], [])


class AcmPcaCertificateTest(unittest.TestCase):
    """acmpca_revocations and acmpca_issue_clock, on an ACTIVE root CA made with boto3."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.pca = cls.moto.client("acm-pca")
        arn = cls.pca.create_certificate_authority(
            CertificateAuthorityType="ROOT",
            CertificateAuthorityConfiguration={"KeyAlgorithm": "RSA_2048", "SigningAlgorithm": "SHA256WITHRSA",
                                               "Subject": {"CommonName": "serve test"}})["CertificateAuthorityArn"]
        csr = cls.pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"]
        root_arn = cls.pca.issue_certificate(CertificateAuthorityArn=arn, Csr=csr.encode(),
                                             SigningAlgorithm="SHA256WITHRSA",
                                             TemplateArn="arn:aws:acm-pca:::template/RootCACertificate/V1",
                                             Validity={"Type": "YEARS", "Value": 5})["CertificateArn"]
        root = cls.pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=root_arn)["Certificate"]
        cls.pca.import_certificate_authority_certificate(CertificateAuthorityArn=arn, Certificate=root.encode())
        cls.ca = arn
        cls.csr = csr

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def _post(self, path, doc):
        req = urllib.request.Request(self.moto.url + path, method="POST", data=json.dumps(doc).encode())
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def _issue(self):
        from cryptography import x509
        arn = self.pca.issue_certificate(CertificateAuthorityArn=self.ca, Csr=self.csr.encode(),
                                         SigningAlgorithm="SHA256WITHRSA", Validity={"Type": "DAYS", "Value": 10}
                                         )["CertificateArn"]
        pem = self.pca.get_certificate(CertificateAuthorityArn=self.ca, CertificateArn=arn)["Certificate"]
        return arn, x509.load_pem_x509_certificate(pem.encode())

    def test_create_honours_idempotency_token(self):
        pca = self.moto.client("acm-pca")
        cfg = {"KeyAlgorithm": "RSA_2048", "SigningAlgorithm": "SHA256WITHRSA", "Subject": {"CommonName": "tok"}}
        first = pca.create_certificate_authority(CertificateAuthorityConfiguration=cfg, CertificateAuthorityType="ROOT",
                                                 IdempotencyToken="gcnet-tok-1")["CertificateAuthorityArn"]
        again = pca.create_certificate_authority(CertificateAuthorityConfiguration=cfg, CertificateAuthorityType="ROOT",
                                                 IdempotencyToken="gcnet-tok-1")["CertificateAuthorityArn"]
        other = pca.create_certificate_authority(CertificateAuthorityConfiguration=cfg, CertificateAuthorityType="ROOT",
                                                 IdempotencyToken="gcnet-tok-2")["CertificateAuthorityArn"]
        self.assertEqual(again, first)
        self.assertNotEqual(other, first)
        arns = [c["Arn"] for c in pca.list_certificate_authorities()["CertificateAuthorities"]]
        self.assertEqual((arns.count(first), arns.count(other)), (1, 1))

    def test_revocations_are_listed_once_and_the_certificate_stays_readable(self):
        arn, cert = self._issue()
        serial = "%x" % cert.serial_number
        serial = ":".join(serial[i:i + 2] for i in range(0, len(serial), 2))
        self.pca.revoke_certificate(CertificateAuthorityArn=self.ca, CertificateSerial=serial,
                                    RevocationReason="CESSATION_OF_OPERATION")
        with urllib.request.urlopen(self.moto.url + "/_gcnet/acmpca/revocations", timeout=10) as r:
            listed = json.load(r)["revocations"]
        self.assertIn({"ca": self.ca, "serial": serial, "reason": "CESSATION_OF_OPERATION"}, listed)
        with self.assertRaises(ClientError) as ctx:
            self.pca.revoke_certificate(CertificateAuthorityArn=self.ca, CertificateSerial=serial.upper(),
                                        RevocationReason="CESSATION_OF_OPERATION")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "RequestAlreadyProcessedException")
        self.assertIn("BEGIN CERTIFICATE", self.pca.get_certificate(CertificateAuthorityArn=self.ca,
                                                                    CertificateArn=arn)["Certificate"])

    def test_issue_offset_backdates_later_certificates(self):
        import datetime
        try:
            self.assertEqual(self._post("/_gcnet/acmpca/issue-offset", {"seconds": 5 * 86400}), {"seconds": 432000})
            _, aged = self._issue()
        finally:
            self._post("/_gcnet/acmpca/issue-offset", {"seconds": 0})
        _, fresh = self._issue()
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertAlmostEqual((now - aged.not_valid_before_utc).total_seconds(), 5 * 86400, delta=120)
        self.assertEqual((aged.not_valid_after_utc - aged.not_valid_before_utc).days, 10)
        self.assertLess(abs((now - fresh.not_valid_before_utc).total_seconds()), 120)
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            self._post("/_gcnet/acmpca/issue-offset", {"seconds": -1})
        self.assertEqual(ctx.exception.code, 400)


class FaultInjectionTest(unittest.TestCase):
    """POST/GET/DELETE /_gcnet/faults: AWS-shaped injected errors, counts, matching, delays, bad rules."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")
        cls.ram = cls.moto.client("ram")
        cls.sts = cls.moto.client("sts")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        self._faults("DELETE")
        self.moto.reset_requests()

    def _faults(self, method, rule=None):
        data = json.dumps(rule).encode() if rule is not None else None
        req = urllib.request.Request(self.moto.url + "/_gcnet/faults", method=method, data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)["faults"]

    def test_ec2_error_is_ec2_xml_with_request_id_and_counts_down(self):
        tgw = self.ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
        vpc = self.ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
        sn = self.ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.0.0/24")["Subnet"]["SubnetId"]
        left = self._faults("POST", {"action": "CreateTransitGatewayVpcAttachment", "service": "ec2", "count": 2,
                                     "status": 400, "code": "InvalidParameterValue", "message": "bad <subnet> & co"})
        self.assertEqual([(r["action"], r["count"]) for r in left], [("CreateTransitGatewayVpcAttachment", 2)])
        ids = []
        for _ in range(2):
            with self.assertRaises(ClientError) as cm:
                self.ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[sn])
            err = cm.exception.response
            self.assertEqual(err["Error"]["Code"], "InvalidParameterValue")
            self.assertEqual(err["Error"]["Message"], "bad <subnet> & co")
            self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 400)
            self.assertRegex(err["ResponseMetadata"]["RequestId"], r"^[0-9a-f-]{36}$")
            ids.append(err["ResponseMetadata"]["RequestId"])
        self.assertNotEqual(ids[0], ids[1], "a fresh request id per injected error")
        self.assertEqual(self._faults("GET"), [], "count exhausted: the rule is gone")
        ok = self.ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[sn])
        self.assertTrue(ok["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"].startswith("tgw-attach-"))
        log = [r for r in self.moto.requests() if r["action"] == "CreateTransitGatewayVpcAttachment"]
        self.assertEqual([r.get("fault") for r in log], ["InvalidParameterValue", "InvalidParameterValue", None])
        self.assertEqual([r.get("request_id") for r in log[:2]], ids)
        atts = self.ec2.describe_transit_gateway_vpc_attachments(
            Filters=[{"Name": "vpc-id", "Values": [vpc]}])["TransitGatewayVpcAttachments"]
        self.assertEqual(len(atts), 1, "faulted requests never reached moto")

    def test_json_error_for_ram_with_error_type_header(self):
        self._faults("POST", {"action": "CreateResourceShare", "service": "ram", "status": 403,
                              "code": "OperationNotPermittedException", "message": "not allowed here"})
        with self.assertRaises(ClientError) as cm:
            self.ram.create_resource_share(name="f")
        err = cm.exception.response
        self.assertEqual(err["Error"]["Code"], "OperationNotPermittedException")
        self.assertEqual(err["Error"]["Message"], "not allowed here")
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 403)
        self.assertEqual(err["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"], "OperationNotPermittedException")
        self.assertRegex(err["ResponseMetadata"]["RequestId"], r"^[0-9a-f-]{36}$")
        self.assertEqual(self.ram.create_resource_share(name="f")["resourceShare"]["name"], "f")

    def test_query_error_for_sts(self):
        self._faults("POST", {"action": "GetCallerIdentity", "status": 403, "code": "InvalidClientTokenId",
                              "message": "The security token included in the request is invalid."})
        with self.assertRaises(ClientError) as cm:
            self.sts.get_caller_identity()
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidClientTokenId")
        self.assertRegex(cm.exception.response["ResponseMetadata"]["RequestId"], r"^[0-9a-f-]{36}$")
        self.assertEqual(self.sts.get_caller_identity()["Account"], e2e.ACCOUNT_ID)

    def test_matching_service_and_action_only(self):
        self._faults("POST", {"action": "describevpcs", "service": "ram", "status": 500, "code": "InternalError"})
        self.ec2.describe_vpcs()  # same action, other service: not matched
        self.assertEqual(len(self._faults("GET")), 1)
        self._faults("DELETE")
        self._faults("POST", {"action": "DescribeVpcs", "status": 503, "code": "RequestLimitExceeded",
                              "message": "Request limit exceeded."})
        self.ec2.describe_subnets()  # other action: not matched
        self.moto.reset_requests()
        self.ec2.describe_vpcs()  # botocore retries the 503 itself; the second attempt reaches moto
        self.assertEqual([(r["action"], r.get("fault")) for r in self.moto.requests()],
                         [("DescribeVpcs", "RequestLimitExceeded"), ("DescribeVpcs", None)])

    def test_delay_only_rule_passes_through(self):
        # A lower bound only: time.sleep(2.0) inside the request guarantees it, however loaded the machine is.
        # That only the first request is delayed is checked on the rule (consumed), not with a clock.
        self._faults("POST", {"action": "DescribeVpcs", "delay_ms": 2000})
        self.moto.reset_requests()
        start = time.monotonic()
        self.ec2.describe_vpcs()
        self.assertGreaterEqual(time.monotonic() - start, 1.95)
        self.assertEqual(self._faults("GET"), [], "count 1: the rule is used up by the first request")
        self.ec2.describe_vpcs()
        self.assertEqual([(r["action"], r.get("fault")) for r in self.moto.requests()],
                         [("DescribeVpcs", None), ("DescribeVpcs", None)], "both answered by moto, no error")

    def test_delete_clears_and_bad_rules_are_400(self):
        self._faults("POST", {"action": "DescribeVpcs", "status": 400, "code": "X", "count": 5})
        self.assertEqual(len(self._faults("GET")), 1)
        self.assertEqual(self._faults("DELETE"), [])
        self.ec2.describe_vpcs()
        for bad in ({"status": 400}, {"action": "A", "status": 200}, {"action": "A", "count": "2"}, [1]):
            with self.subTest(rule=bad):
                with self.assertRaises(urllib.error.HTTPError) as cm:
                    self._faults("POST", bad)
                self.assertEqual(cm.exception.code, 400)
        self.assertEqual(self._faults("GET"), [])


class LatencyModeTest(unittest.TestCase):
    """POST/GET/DELETE /_gcnet/latency and --latency: the delay rule each AWS request gets, read from the request
    log (latency_ms), never from a clock."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto(extra_args=["--latency", "7:0:1"]).start()
        cls.ec2 = cls.moto.client("ec2")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def _latency(self, method, doc=None):
        data = json.dumps(doc).encode() if doc is not None else None
        req = urllib.request.Request(self.moto.url + "/_gcnet/latency", method=method, data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def _delays(self, n):
        self.moto.reset_requests()
        for _ in range(n):
            self.ec2.describe_vpcs()
        return [r.get("latency_ms") for r in self.moto.requests()]

    def test_01_start_option_sets_a_fixed_delay_on_every_request(self):
        self.assertEqual(self._latency("GET"), {"fixed_ms": 7, "jitter_ms": 0, "seed": 1})
        self.assertEqual(self._delays(3), [7, 7, 7])

    def test_02_jitter_is_seeded_and_restarts_with_each_setting(self):
        mode = {"fixed_ms": 50, "jitter_ms": 20, "seed": 42}
        self.assertEqual(self._latency("POST", mode), mode)
        first = self._delays(6)
        draw = random.Random(42)
        self.assertEqual(first, [50 + draw.randint(0, 20) for _ in range(6)])
        self.assertTrue(all(50 <= d <= 70 for d in first))
        self._latency("POST", mode)
        self.assertEqual(self._delays(6), first, "the same seed gives the same delays")
        self._latency("POST", dict(mode, seed=43))
        self.assertNotEqual(self._delays(6), first, "another seed, other delays")

    def test_03_delete_turns_it_off_and_own_endpoints_are_not_delayed(self):
        self._latency("POST", {"fixed_ms": 3})
        self.moto.reset_requests()
        self.moto.request_count()  # a /_gcnet/ call: neither logged nor delayed
        self.assertEqual(self.moto.requests(), [])
        self.assertEqual(self._latency("DELETE"), {"fixed_ms": 0, "jitter_ms": 0, "seed": 0})
        self.assertEqual(self._delays(2), [None, None], "mode off: no latency_ms in the log")

    def test_04_bad_modes_are_400_and_leave_the_mode(self):
        self._latency("POST", {"fixed_ms": 5})
        for bad in ({"fixed_ms": -1}, {"jitter_ms": 60001}, {"fixed_ms": "50"}, {"fixed": 5}, [50]):
            with self.subTest(mode=bad):
                with self.assertRaises(urllib.error.HTTPError) as cm:
                    self._latency("POST", bad)
                self.assertEqual(cm.exception.code, 400)
        self.assertEqual(self._latency("GET")["fixed_ms"], 5)

    def test_05_a_fault_rule_is_delayed_too(self):
        self._latency("POST", {"fixed_ms": 4})
        urllib.request.urlopen(urllib.request.Request(
            self.moto.url + "/_gcnet/faults", method="POST", headers={"Content-Type": "application/json"},
            data=json.dumps({"action": "DescribeVpcs", "status": 400, "code": "X"}).encode()), timeout=10).close()
        self.moto.reset_requests()
        with self.assertRaises(ClientError):
            self.ec2.describe_vpcs()
        self.assertEqual([(r.get("fault"), r.get("latency_ms")) for r in self.moto.requests()], [("X", 4)])

    def test_06_environment_and_bad_option(self):
        proc = subprocess.run([sys.executable, e2e.SERVE_PY, "--port", "0", "--latency", "x"], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("FIXED_MS[:JITTER_MS[:SEED]]", proc.stderr)
        m = e2e.Moto()
        old = os.environ.get("GCNET_MOTO_LATENCY")
        os.environ["GCNET_MOTO_LATENCY"] = "9:2:5"
        try:
            m.start()
            self.assertEqual(m._get("/_gcnet/latency"), {"fixed_ms": 9, "jitter_ms": 2, "seed": 5})
        finally:
            m.stop()
            if old is None:
                del os.environ["GCNET_MOTO_LATENCY"]
            else:
                os.environ["GCNET_MOTO_LATENCY"] = old


class DirectConnectGatewayTest(unittest.TestCase):
    """Patch directconnect_gateways: Direct Connect gateways, associations with a TGW (their attachment in EC2),
    in-place prefix updates, delete, and proposals accepted by the gateway's owner in another account."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")
        cls.dx = cls.moto.client("directconnect")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def _tgw(self):
        return self.ec2.create_transit_gateway(Options={"DefaultRouteTableAssociation": "disable",
                                                        "DefaultRouteTablePropagation": "disable"}
                                               )["TransitGateway"]["TransitGatewayId"]

    def _dx_attachments(self, tgw, gw_id):
        return self.ec2.describe_transit_gateway_attachments(Filters=[
            {"Name": "transit-gateway-id", "Values": [tgw]}, {"Name": "resource-type", "Values":
                                                              ["direct-connect-gateway"]},
            {"Name": "resource-id", "Values": [gw_id]}])["TransitGatewayAttachments"]

    def _assoc(self, assoc_id):
        return self.dx.describe_direct_connect_gateway_associations(
            associationId=assoc_id)["directConnectGatewayAssociations"][0]

    def test_association_lifecycle_and_its_attachment(self):
        tgw = self._tgw()
        gw = self.dx.create_direct_connect_gateway(directConnectGatewayName="lgcs", amazonSideAsn=64600
                                                   )["directConnectGateway"]
        gw_id = gw["directConnectGatewayId"]
        self.assertRegex(gw_id, r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertEqual(self.dx.describe_direct_connect_gateways(directConnectGatewayId=gw_id)
                         ["directConnectGateways"][0]["ownerAccount"], e2e.ACCOUNT_ID)
        with self.assertRaises(ClientError) as cm:
            self.dx.create_direct_connect_gateway_association(directConnectGatewayId=gw_id, gatewayId=tgw)
        self.assertEqual(cm.exception.response["Error"]["Code"], "DirectConnectClientException")
        made = self.dx.create_direct_connect_gateway_association(
            directConnectGatewayId=gw_id, gatewayId=tgw,
            addAllowedPrefixesToDirectConnectGateway=[{"cidr": "10.2.0.0/16"}])["directConnectGatewayAssociation"]
        assoc_id = made["associationId"]
        self.assertEqual(made["associationState"], "associating")
        self.assertEqual(self._assoc(assoc_id)["associationState"], "associating", "seen once in transition")
        self.assertEqual(self._assoc(assoc_id)["associationState"], "associated")
        atts = self._dx_attachments(tgw, gw_id)
        self.assertEqual(len(atts), 1)
        att = atts[0]
        self.assertEqual(att["State"], "available")
        self.assertNotIn("Association", att)
        rt = self.ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)["TransitGatewayRouteTable"][
            "TransitGatewayRouteTableId"]
        self.ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=rt,
                                                       TransitGatewayAttachmentId=att["TransitGatewayAttachmentId"])
        self.ec2.create_tags(Resources=[att["TransitGatewayAttachmentId"]], Tags=[{"Key": "k", "Value": "v"}])
        # in place: same association, same attachment, association kept
        self.dx.update_direct_connect_gateway_association(
            associationId=assoc_id, addAllowedPrefixesToDirectConnectGateway=[{"cidr": "10.60.0.0/16"}],
            removeAllowedPrefixesToDirectConnectGateway=[{"cidr": "10.2.0.0/16"}])
        self.assertEqual(self._assoc(assoc_id)["associationState"], "updating")
        got = self._assoc(assoc_id)
        self.assertEqual(got["associationState"], "associated")
        self.assertEqual([p["cidr"] for p in got["allowedPrefixesToDirectConnectGateway"]], ["10.60.0.0/16"])
        after = self._dx_attachments(tgw, gw_id)[0]
        self.assertEqual(after["TransitGatewayAttachmentId"], att["TransitGatewayAttachmentId"])
        self.assertEqual(after["Association"]["TransitGatewayRouteTableId"], rt)
        self.assertEqual(after["Tags"], [{"Key": "k", "Value": "v"}])
        with self.assertRaises(ClientError):
            self.dx.delete_direct_connect_gateway(directConnectGatewayId=gw_id)
        self.dx.delete_direct_connect_gateway_association(associationId=assoc_id)
        self.assertEqual(self._assoc(assoc_id)["associationState"], "disassociated")
        self.assertEqual(self._dx_attachments(tgw, gw_id)[0]["State"], "deleted")
        self.assertEqual(self.ec2.get_transit_gateway_route_table_associations(
            TransitGatewayRouteTableId=rt)["Associations"], [])
        self.dx.delete_direct_connect_gateway(directConnectGatewayId=gw_id)
        with self.assertRaises(ClientError) as cm:
            self.dx.describe_direct_connect_gateways(directConnectGatewayId=gw_id)
        self.assertIn("not found", cm.exception.response["Error"]["Message"])

    def test_proposal_accepted_by_the_carrier(self):
        tgw = self._tgw()
        carrier = self.moto.client_as("333333333333", "directconnect")
        gw_id = carrier.create_direct_connect_gateway(directConnectGatewayName="carrier")["directConnectGateway"][
            "directConnectGatewayId"]
        with self.assertRaises(ClientError):
            self.dx.describe_direct_connect_gateways(directConnectGatewayId=gw_id)  # another account's
        prop = self.dx.create_direct_connect_gateway_association_proposal(
            directConnectGatewayId=gw_id, directConnectGatewayOwnerAccount="333333333333", gatewayId=tgw,
            addAllowedPrefixesToDirectConnectGateway=[{"cidr": "10.2.0.0/16"}])[
            "directConnectGatewayAssociationProposal"]
        self.assertEqual(prop["proposalState"], "requested")
        self.assertEqual(self._dx_attachments(tgw, gw_id), [])
        seen = carrier.describe_direct_connect_gateway_association_proposals(proposalId=prop["proposalId"])[
            "directConnectGatewayAssociationProposals"]
        self.assertEqual(seen[0]["associatedGateway"]["id"], tgw)
        assoc = carrier.accept_direct_connect_gateway_association_proposal(
            directConnectGatewayId=gw_id, proposalId=prop["proposalId"],
            associatedGatewayOwnerAccount=e2e.ACCOUNT_ID)["directConnectGatewayAssociation"]
        self.assertEqual(self.dx.describe_direct_connect_gateway_association_proposals(
            proposalId=prop["proposalId"])["directConnectGatewayAssociationProposals"][0]["proposalState"], "accepted")
        mine = self.dx.describe_direct_connect_gateway_associations(associatedGatewayId=tgw)[
            "directConnectGatewayAssociations"]
        self.assertEqual([a["associationId"] for a in mine], [assoc["associationId"]])
        att = self._dx_attachments(tgw, gw_id)[0]
        self.assertEqual(att["ResourceOwnerId"], "333333333333")
        # new prefixes for the live association: a second proposal; accepted, the same association is updated
        prop2 = self.dx.create_direct_connect_gateway_association_proposal(
            directConnectGatewayId=gw_id, directConnectGatewayOwnerAccount="333333333333", gatewayId=tgw,
            addAllowedPrefixesToDirectConnectGateway=[{"cidr": "10.60.0.0/16"}],
            removeAllowedPrefixesToDirectConnectGateway=[{"cidr": "10.2.0.0/16"}])[
            "directConnectGatewayAssociationProposal"]
        self.assertEqual([p["cidr"] for p in prop2["existingAllowedPrefixesToDirectConnectGateway"]], ["10.2.0.0/16"])
        self.assertEqual([p["cidr"] for p in prop2["requestedAllowedPrefixesToDirectConnectGateway"]],
                         ["10.60.0.0/16"])
        again = carrier.accept_direct_connect_gateway_association_proposal(
            directConnectGatewayId=gw_id, proposalId=prop2["proposalId"],
            associatedGatewayOwnerAccount=e2e.ACCOUNT_ID)["directConnectGatewayAssociation"]
        self.assertEqual(again["associationId"], assoc["associationId"])
        got = self._assoc(assoc["associationId"])
        self.assertEqual([p["cidr"] for p in got["allowedPrefixesToDirectConnectGateway"]], ["10.60.0.0/16"])
        self.assertEqual(self._dx_attachments(tgw, gw_id)[0]["TransitGatewayAttachmentId"],
                         att["TransitGatewayAttachmentId"])
        with self.assertRaises(ClientError):  # an accepted proposal cannot be accepted again
            carrier.accept_direct_connect_gateway_association_proposal(
                directConnectGatewayId=gw_id, proposalId=prop2["proposalId"],
                associatedGatewayOwnerAccount=e2e.ACCOUNT_ID)


class LostAnswerAndChaosTest(unittest.TestCase):
    """Fault rules with "skip" and "lost" (moto acts, the answer is replaced), "answered" in the log, and the seeded
    chaos mode (POST/GET/DELETE /_gcnet/chaos)."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        self.moto.clear_faults()
        self.moto.set_chaos()
        self.moto.reset_requests()

    def _vpcs(self, cidr):
        return [v for v in self.ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == cidr]

    def _no_retry_ec2(self):
        import botocore.config
        return self.moto.client("ec2", config=botocore.config.Config(retries={"total_max_attempts": 1}))

    def test_skip_then_lost_answer_acts_but_answers_500(self):
        ec2 = self._no_retry_ec2()
        self.moto.add_fault(action="CreateVpc", service="ec2", skip=1, lost=True)
        ec2.create_vpc(CidrBlock="10.41.0.0/16")  # skipped: served as usual
        with self.assertRaises(ClientError) as cm:
            ec2.create_vpc(CidrBlock="10.42.0.0/16")
        self.assertEqual(cm.exception.response["Error"]["Code"], "InternalError")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 500)
        self.assertEqual(len(self._vpcs("10.42.0.0/16")), 1, "the lost-answer request acted")
        log = [r for r in self.moto.requests() if r["action"] == "CreateVpc"]
        self.assertEqual([(r.get("lost"), r.get("fault"), r.get("answered")) for r in log],
                         [(None, None, True), (True, "InternalError", True)])
        self.assertEqual(self.moto.faults(), [], "the rule is used up")

    def test_refused_request_is_not_answered_by_moto(self):
        ec2 = self._no_retry_ec2()
        self.moto.add_fault(action="CreateVpc", status=500, code="InternalError")
        with self.assertRaises(ClientError):
            ec2.create_vpc(CidrBlock="10.43.0.0/16")
        self.assertEqual(self._vpcs("10.43.0.0/16"), [])
        self.assertEqual([r.get("answered") for r in self.moto.requests() if r["action"] == "CreateVpc"], [None])

    def test_bad_rules_are_400(self):
        for bad in ({"action": "CreateVpc", "skip": -1}, {"action": "CreateVpc", "lost": "yes"},
                    {"action": "CreateVpc", "lost": True, "status": 0}):
            with self.subTest(rule=bad):
                with self.assertRaises(urllib.error.HTTPError) as cm:
                    self.moto.add_fault(**bad)
                self.assertEqual(cm.exception.code, 400)

    def _chaos_run(self, mode, n=40):
        ec2 = self._no_retry_ec2()
        self.moto.set_chaos(**mode)
        self.moto.reset_requests()
        for _ in range(n):
            try:
                ec2.describe_vpcs()
            except ClientError:
                pass
        self.moto.set_chaos()
        return [(r.get("fault"), bool(r.get("lost"))) for r in self.moto.requests()]

    def test_chaos_is_seeded_and_mixes_the_kinds(self):
        mode = {"p": 0.5, "seed": 11, "lost": 0.3}
        first = self._chaos_run(mode)
        rng_expected = []
        for n in range(40):
            rng = random.Random("11:ec2:describevpcs:%d" % n)
            if rng.random() >= 0.5:
                rng_expected.append((None, False))
                continue
            lost = rng.random() < 0.3
            rng_expected.append(("InternalError", True) if lost else
                                ("RequestLimitExceeded", False) if rng.random() < 0.5 else ("InternalError", False))
        self.assertEqual(first, rng_expected)
        kinds = set(first)
        self.assertTrue({(None, False), ("InternalError", True), ("InternalError", False),
                         ("RequestLimitExceeded", False)} <= kinds, kinds)
        self.assertEqual(self._chaos_run(mode), first, "the same seed gives the same faults")
        self.assertNotEqual(self._chaos_run(dict(mode, seed=12)), first)
        self.assertEqual(self._chaos_run({"p": 0}), [(None, False)] * 40, "p 0: no faults")

    def test_chaos_lost_answer_acts(self):
        ec2 = self._no_retry_ec2()
        self.moto.set_chaos(p=1, seed=1, lost=1)
        with self.assertRaises(ClientError):
            ec2.create_vpc(CidrBlock="10.44.0.0/16")
        self.moto.set_chaos()
        self.assertEqual(len(self._vpcs("10.44.0.0/16")), 1)
        entry = [r for r in self.moto.requests() if r["action"] == "CreateVpc"][0]
        self.assertEqual((entry["chaos"], entry["lost"], entry["fault"]), (True, True, "InternalError"))

    def test_bad_chaos_modes_are_400(self):
        for bad in ({"p": 1.5}, {"p": "0.3"}, {"lost": -0.1}, {"seed": 1.5}, {"q": 1}, [0.3]):
            with self.subTest(mode=bad):
                req = urllib.request.Request(self.moto.url + "/_gcnet/chaos", method="POST",
                                             data=json.dumps(bad).encode(),
                                             headers={"Content-Type": "application/json"})
                with self.assertRaises(urllib.error.HTTPError) as cm:
                    urllib.request.urlopen(req, timeout=10)
                self.assertEqual(cm.exception.code, 400)
        self.assertEqual(self.moto.set_chaos(), {"p": 0, "seed": 0, "lost": 0})


if __name__ == "__main__":
    unittest.main(verbosity=2)
