"""End-to-end tests of gcnet_asp_connection (methods transit_gateway, tgw_peering and privatelink, and
reachable_from): real terraform 1.11.4 + the built provider + patched moto, boto3 checks of every association,
propagation and route on the TGW and in the ops VPC.

Run: python3 -m unittest -v tests/e2e/test_asp_connection.py   (from the repo root)

The hub is applied first; then three ASPs, each in its own AWS account (moto's x-moto-account-id header), make a
VPC and attach it to the hub's shared TGW with boto3, as an ASP would (the attachment waits in pendingAcceptance:
serve.py patch ec2_tgw_cross_account_vpc_attachment). AspLifecycleTest's steps share one state and one moto and run
in name order; after a failing step the rest fail fast.
"""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

HUB = {"municipality": "naruto", "vpc_cidr": "10.2.0.0/16", "share_with": ["222222222222", "333333333333",
                                                                             "444444444444"]}
# vendor, account, VPC range, business systems
ASPS = {
    "a": ("Vendor A", "222222222222", "10.50.0.0/16", ["resident_records", "electoral_roll"]),
    "b": ("Vendor B", "333333333333", "10.60.0.0/16", ["fixed_asset_tax"]),
    "c": ("Vendor C", "444444444444", "10.70.0.0/16", ["national_pension"]),
}


def asp_args(key, attachment, **over):
    vendor, _, cidr, systems = ASPS[key]
    args = {"hub_id": "${gcnet_municipality_hub.h.id}", "name": "naruto-" + key, "vendor": vendor,
            "method": "transit_gateway", "attachment_id": attachment, "cidrs": [cidr], "business_systems": systems}
    args.update(over)
    return args


def config(connections):
    """The hub plus one gcnet_asp_connection per (label, args)."""
    parts = [e2e.TERRAFORM_BLOCK, e2e.provider_block(), "", e2e.resource_block("gcnet_municipality_hub", "h", HUB)]
    for label, args in connections:
        block = e2e.resource_block("gcnet_asp_connection", label, args)
        parts.append(block.replace('"$${gcnet_municipality_hub.h.id}"', "gcnet_municipality_hub.h.id"))
    return "\n".join(parts) + "\n"


class AspLifecycleTest(e2e.OrderedTest):
    prefix = "gcnet-asp-"
    failure_message = "an earlier lifecycle step failed"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec2 = cls.moto.client("ec2")
        cls.att = {}

    # ---- helpers ----

    def _asp_ec2(self, account):
        client = self.moto.client("ec2")
        client.meta.events.register("before-sign.ec2.*",
                                    lambda request, **kw: request.headers.__setitem__("x-moto-account-id", account))
        return client

    def _hub(self):
        return self.wd.state_resource("gcnet_municipality_hub.h")

    def _all(self, **over):
        return [(k, asp_args(k, self.att[k], **over.get(k, {}))) for k in sorted(ASPS)]

    def _apply(self, connections):
        self.wd.write(config(connections))
        r = self.wd.apply()
        self.assertEqual(r.rc, 0, str(r))
        r = self.wd.plan("-detailed-exitcode")
        self.assertEqual(r.rc, 0, "plan after apply is not clean:\n" + str(r))

    def _table(self, domain):
        return self._hub()["route_table_ids"][domain]

    def _associated(self, rt):
        return {a["TransitGatewayAttachmentId"] for a in
                self.ec2.get_transit_gateway_route_table_associations(TransitGatewayRouteTableId=rt)["Associations"]
                if a["State"] == "associated"}

    def _propagated(self, rt):
        return {p["TransitGatewayAttachmentId"] for p in
                self.ec2.get_transit_gateway_route_table_propagations(TransitGatewayRouteTableId=rt)
                ["TransitGatewayRouteTablePropagations"] if p["State"] == "enabled"}

    def _static_routes(self, rt):
        routes = self.ec2.search_transit_gateway_routes(TransitGatewayRouteTableId=rt,
                                                        Filters=[{"Name": "type", "Values": ["static"]}])["Routes"]
        return {(r["DestinationCidrBlock"], (r.get("TransitGatewayAttachments") or [{}])[0]
                 .get("TransitGatewayAttachmentId")) for r in routes if r["State"] != "deleted"}

    def _vpc_routes(self):
        hub = self._hub()
        out = {}
        for t in self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [hub["vpc_id"]]}])["RouteTables"]:
            out[t["RouteTableId"]] = {r["DestinationCidrBlock"]: r.get("TransitGatewayId") or r.get("GatewayId")
                                      for r in t["Routes"]}
        return out

    def _check_wired(self, keys):
        """Every ASP in keys: accepted, associated with asp, propagated into onprem and ops only, routed from
        every ops VPC route table toward the TGW; and nothing else leads from asp to an ASP."""
        hub = self._hub()
        tgw = hub["id"]
        asp, onprem, ops = self._table("asp"), self._table("onprem"), self._table("ops")
        atts = {self.att[k] for k in keys}
        described = {a["TransitGatewayAttachmentId"]: a for a in self.ec2.describe_transit_gateway_attachments(
            TransitGatewayAttachmentIds=sorted(atts))["TransitGatewayAttachments"]}
        for k in keys:
            self.assertEqual(described[self.att[k]]["State"], "available", k)
            self.assertEqual(described[self.att[k]]["Association"]["TransitGatewayRouteTableId"], asp, k)
        self.assertEqual(self._associated(asp), atts)
        self.assertTrue(atts <= self._propagated(onprem))
        self.assertTrue(atts <= self._propagated(ops))
        # isolation: nothing propagates into asp but the hub's own ops VPC, and no static route leads to an ASP
        self.assertEqual(self._propagated(asp) & set(self.att.values()), set())
        self.assertEqual({a for _, a in self._static_routes(asp)} & set(self.att.values()), set())
        vpc = self._vpc_routes()
        self.assertTrue(vpc)
        for k in keys:
            for table, routes in vpc.items():
                self.assertEqual(routes.get(ASPS[k][2]), tgw, "%s: %s lacks %s" % (k, table, ASPS[k][2]))

    # ---- steps ----

    def test_01_hub_and_the_asps_attach(self):
        def run():
            self._apply([])
            tgw = self._hub()["id"]
            for k, (_, account, cidr, _) in sorted(ASPS.items()):
                ec2 = self._asp_ec2(account)
                vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
                subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr.replace("0.0/16", "1.0/24"))["Subnet"]["SubnetId"]
                att = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])
                self.assertEqual(att["TransitGatewayVpcAttachment"]["State"], "pendingAcceptance")
                self.att[k] = att["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        self._step(run)

    def test_02_validate_rejects_bad_input_without_aws(self):
        def run():
            bad = asp_args("a", "tgw-attach-nothex", hub_id="tgw-", method="privatelinkx",
                           cidrs=["10.50.0.1/16", "10.0.0.0/4"], business_systems=["nope"], name="")
            self.wd.write(config([("bad", bad), ("noatt", asp_args("b", None))]))
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            for text in ("Invalid attachment ID", "Invalid transit gateway ID", "Invalid connection method",
                         "Invalid CIDR block", "Unknown business system", "Invalid name", "Missing attachment_id"):
                self.assertIn(text, r.output, r.output)
            self.wd.write(config([("bad", asp_args("a", self.att["a"], cidrs=["10.50.0.0/16", "10.50.128.0/17"]))]))
            r = self.wd.validate()
            self.assertIn("Overlapping CIDR blocks", r.output, r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_03_plan_checks_catalog_and_overlaps(self):
        def run():
            self.wd.write(config([("a", asp_args("a", self.att["a"], cidrs=["10.2.5.0/24"],
                                                 business_systems=["family_register", "resident_records"]))]))
            r = self.wd.plan()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Business system not on AWS", r.output, r.output)
            self.assertIn("family_register", r.output)
            self.assertIn("Overlapping address ranges", r.output)
            self.assertIn("10.2.5.0/24", r.output)
            self.assertIn("10.2.0.0/16", r.output)
        self._step(run)

    def test_04_connect_three_asps(self):
        def run():
            self._apply(self._all())
            self._check_wired(sorted(ASPS))
            st = self.wd.state_resource("gcnet_asp_connection.a")
            self.assertEqual(st["id"], self.att["a"])
            self.assertEqual(st["state"], "available")
            self.assertEqual(st["route_table_id"], self._table("asp"))
            self.assertEqual(sorted(st["propagated_domains"]), ["onprem", "ops"])
            self.assertEqual(st["ops_vpc_routes"], ["10.50.0.0/16"])
        self._step(run)

    def test_05_overlap_with_another_asp_is_refused(self):
        def run():
            conns = self._all(c={"cidrs": ["10.70.0.0/16", "10.60.128.0/17"]})
            self.wd.write(config(conns))
            r = self.wd.plan()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Overlapping address ranges", r.output, r.output)
            self.assertIn("10.60.128.0/17", r.output)
            self.assertIn("10.60.0.0/16", r.output)
        self._step(run)

    def test_06_drift_is_repaired_in_place(self):
        def run():
            self.wd.write(config(self._all()))
            ec2 = self.ec2
            ec2.disable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=self._table("ops"),
                                                                TransitGatewayAttachmentId=self.att["a"])
            ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=self._table("asp"),
                                                         TransitGatewayAttachmentId=self.att["b"])
            ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=self._table("asp"),
                                                               TransitGatewayAttachmentId=self.att["c"])
            for table in self._vpc_routes():
                ec2.delete_route(RouteTableId=table, DestinationCidrBlock="10.70.0.0/16")
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("update in-place", r.output)
            self.assertNotIn("must be replaced", r.output)
            self._apply(self._all())
            self._check_wired(sorted(ASPS))
        self._step(run)

    def test_07_cidrs_change_in_place(self):
        def run():
            self._apply(self._all(a={"cidrs": ["10.50.0.0/16", "10.51.0.0/16"]}))
            for routes in self._vpc_routes().values():
                self.assertEqual(routes.get("10.51.0.0/16"), self._hub()["id"])
            self._apply(self._all())
            for routes in self._vpc_routes().values():
                self.assertNotIn("10.51.0.0/16", routes)
            self._check_wired(sorted(ASPS))
        self._step(run)

    def test_08_import_plans_clean(self):
        def run():
            r = self.wd.tf("state", "rm", "gcnet_asp_connection.b")
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.tf("import", "gcnet_asp_connection.b", self.att["b"])
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
        self._step(run)

    def test_09_destroy_leaves_the_asps_attachments(self):
        def run():
            self._apply([(k, a) for k, a in self._all() if k != "c"])
            # c is disconnected: nothing of gcnet's remains for it, its attachment stays
            c = self.att["c"]
            att = self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[c])
            self.assertEqual(att["TransitGatewayAttachments"][0]["State"], "available")
            for domain in ("asp", "onprem", "ops"):
                self.assertNotIn(c, self._associated(self._table(domain)))
                self.assertNotIn(c, self._propagated(self._table(domain)))
            for routes in self._vpc_routes().values():
                self.assertNotIn("10.70.0.0/16", routes)
            tags = {t["Key"] for t in att["TransitGatewayAttachments"][0].get("Tags", [])}
            self.assertFalse([t for t in tags if t.startswith("gcnet:")], tags)
            self._check_wired(["a", "b"])
            r = self.wd.destroy()
            self.assertEqual(r.rc, 0, str(r))
            # the hub is gone; the ASPs' attachments are theirs and were never deleted by gcnet
            for k in ("a", "b"):
                ec2 = self._asp_ec2(ASPS[k][1])
                left = ec2.describe_transit_gateway_vpc_attachments(TransitGatewayAttachmentIds=[self.att[k]])
                self.assertEqual(len(left["TransitGatewayVpcAttachments"]), 1)
        self._step(run)


# ---- method privatelink ----

MIMA = {"municipality": "mima", "vpc_cidr": "10.7.0.0/16", "share_with": ["222222222222"]}
NARUTO = {"municipality": "naruto", "vpc_cidr": "10.2.0.0/16"}
PREMISES = ["172.16.0.0/16", "192.168.7.0/24"]


def pl_args(service, hub="m", **over):
    args = {"hub_id": "${gcnet_municipality_hub.%s.id}" % hub, "name": "mima-pl", "vendor": "Vendor P",
            "method": "privatelink", "service_name": service, "allowed_cidrs": PREMISES, "ports": [443, 8443],
            "business_systems": ["resident_records"]}
    args.update(over)
    return args


def pl_config(connections):
    """Mima's hub (PrivateLink ordered), Naruto's (not ordered) and the connections."""
    parts = [e2e.TERRAFORM_BLOCK, e2e.provider_block(), "", e2e.resource_block("gcnet_municipality_hub", "m", MIMA),
             e2e.resource_block("gcnet_municipality_hub", "n", NARUTO)]
    for label, args in connections:
        block = e2e.resource_block("gcnet_asp_connection", label, args)
        for hub in ("m", "n"):
            block = block.replace('"$${gcnet_municipality_hub.%s.id}"' % hub, "gcnet_municipality_hub.%s.id" % hub)
        parts.append(block)
    return "\n".join(parts) + "\n"


class PrivateLinkTest(e2e.OrderedTest):
    """An ASP (account 222222222222) offers an endpoint service that requires acceptance; gcnet makes the
    interface endpoint in Mima's ops VPC (serve.py patch ec2_vpce_acceptance). Ordered steps, fail-fast."""
    prefix = "gcnet-asp-pl-"
    failure_message = "an earlier privatelink step failed"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec2 = cls.moto.client("ec2")
        cls.svc = None

    def _asp(self, service):
        client = self.moto.client(service)
        client.meta.events.register("before-sign", lambda request, **kw: request.headers.__setitem__(
            "x-moto-account-id", "222222222222"))
        return client

    def _apply(self, connections):
        self.wd.write(pl_config(connections))
        r = self.wd.apply()
        self.assertEqual(r.rc, 0, str(r))
        r = self.wd.plan("-detailed-exitcode")
        self.assertEqual(r.rc, 0, "plan after apply is not clean:\n" + str(r))
        return r

    def _conn(self):
        return self.wd.state_resource("gcnet_asp_connection.p")

    def _rules(self, sg):
        group = self.ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]
        ingress = {(p["IpProtocol"], p["FromPort"], p["ToPort"], r["CidrIp"]) for p in group["IpPermissions"]
                   for r in p.get("IpRanges", [])}
        egress = [p for p in group.get("IpPermissionsEgress", []) if p.get("IpRanges")]
        return ingress, egress

    def _check_endpoint(self, ports):
        hub = self.wd.state_resource("gcnet_municipality_hub.m")
        st = self._conn()
        ep = self.ec2.describe_vpc_endpoints(VpcEndpointIds=[st["id"]])["VpcEndpoints"][0]
        self.assertEqual(ep["VpcEndpointType"], "Interface")
        self.assertEqual(ep["VpcId"], hub["vpc_id"])
        self.assertEqual(ep["ServiceName"], self.svc["ServiceName"])
        self.assertEqual(sorted(ep["SubnetIds"]), sorted(hub["subnet_ids"]))
        self.assertEqual([g["GroupId"] for g in ep["Groups"]], [st["security_group_id"]])
        self.assertEqual(st["vpc_endpoint_id"], ep["VpcEndpointId"])
        self.assertEqual(st["dns_names"], [d["DnsName"] for d in ep["DnsEntries"]])
        enis = self.ec2.describe_network_interfaces(NetworkInterfaceIds=ep["NetworkInterfaceIds"])["NetworkInterfaces"]
        self.assertEqual(st["ip_addresses"], sorted(e["PrivateIpAddress"] for e in enis))
        self.assertEqual(len(st["ip_addresses"]), 2)
        ingress, egress = self._rules(st["security_group_id"])
        self.assertEqual(ingress, {("tcp", p, p, c) for p in ports for c in PREMISES})
        self.assertEqual(egress, [])
        # nothing on the Transit Gateway side: no attachment, and no ops VPC route toward the TGW
        self.assertIsNone(st["attachment_id"])
        for t in self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [hub["vpc_id"]]}])["RouteTables"]:
            self.assertEqual([r for r in t["Routes"] if r.get("TransitGatewayId")], [])
        return ep

    def test_01_hubs_and_the_asp_service(self):
        def run():
            self.wd.write(pl_config([]))
            r = self.wd.apply()
            self.assertEqual(r.rc, 0, str(r))
            ec2, elb = self._asp("ec2"), self._asp("elbv2")
            vpc = ec2.create_vpc(CidrBlock="10.80.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.80.1.0/24")["Subnet"]["SubnetId"]
            nlb = elb.create_load_balancer(Name="vendor-p", Type="network", Subnets=[subnet])["LoadBalancers"][0]
            PrivateLinkTest.svc = ec2.create_vpc_endpoint_service_configuration(
                NetworkLoadBalancerArns=[nlb["LoadBalancerArn"]], AcceptanceRequired=True)["ServiceConfiguration"]
        self._step(run)

    def test_02_validate_rejects_bad_input_without_aws(self):
        def run():
            bad = pl_args("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ports=[0, 443])
            missing = pl_args(self.svc["ServiceName"], allowed_cidrs=None, name="mima-pl-2")
            # method rules run once the attributes themselves are valid
            wrong = pl_args(self.svc["ServiceName"], name="mima-pl-3", attachment_id="tgw-attach-0123456789abcdef0",
                            cidrs=["10.80.0.0/16"])
            self.wd.write(pl_config([("bad", bad), ("missing", missing), ("wrong", wrong)]))
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            for text in ("Invalid endpoint service name", "Invalid port", "Argument not used by privatelink",
                         "Missing allowed_cidrs"):
                self.assertIn(text, r.output, r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_03_privatelink_only_where_ordered(self):
        def run():
            self.wd.write(pl_config([("p", pl_args(self.svc["ServiceName"], hub="n"))]))
            r = self.wd.plan()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("PrivateLink not ordered", r.output, r.output)
            self.assertIn("Naruto", r.output)
        self._step(run)

    def test_04_endpoint_waits_for_the_asp(self):
        def run():
            r = self._apply([("p", pl_args(self.svc["ServiceName"]))])
            self.assertIn("pendingAcceptance", r.output)
            st = self._conn()
            self.assertEqual(st["state"], "pendingAcceptance")
            ep = self._check_endpoint([443, 8443])
            self.assertEqual(ep["State"], "pendingAcceptance")
            # the ASP accepts: a refresh shows it, nothing to apply
            self._asp("ec2").accept_vpc_endpoint_connections(ServiceId=self.svc["ServiceId"],
                                                             VpcEndpointIds=[st["id"]])
            r = self.wd.tf("apply", "-refresh-only", "-auto-approve")
            self.assertEqual(r.rc, 0, str(r))
            self.assertEqual(self._conn()["state"], "available")
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 0, str(r))
        self._step(run)

    def test_05_rule_drift_repaired_and_ports_in_place(self):
        def run():
            st = self._conn()
            self.ec2.revoke_security_group_ingress(GroupId=st["security_group_id"], IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "IpRanges": [{"CidrIp": PREMISES[1]}]}])
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("update in-place", r.output)
            self._apply([("p", pl_args(self.svc["ServiceName"]))])
            self._check_endpoint([443, 8443])
            self._apply([("p", pl_args(self.svc["ServiceName"], ports=[443]))])
            self._check_endpoint([443])
            self.assertEqual(self._conn()["id"], st["id"])
        self._step(run)

    def test_06_import_plans_clean(self):
        def run():
            ep = self._conn()["id"]
            self.assertEqual(self.wd.tf("state", "rm", "gcnet_asp_connection.p").rc, 0)
            r = self.wd.tf("import", "gcnet_asp_connection.p", ep)
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
        self._step(run)

    def test_07_destroy_removes_endpoint_and_group_not_the_service(self):
        def run():
            st = self._conn()
            self._apply([])
            ep = self.ec2.describe_vpc_endpoints(VpcEndpointIds=[st["id"]])["VpcEndpoints"]
            self.assertTrue(all(e["State"].lower() == "deleted" for e in ep), ep)
            groups = self.ec2.describe_security_groups(
                Filters=[{"Name": "group-id", "Values": [st["security_group_id"]]}])["SecurityGroups"]
            self.assertEqual(groups, [])
            left = self._asp("ec2").describe_vpc_endpoint_service_configurations(ServiceIds=[self.svc["ServiceId"]])
            self.assertEqual(len(left["ServiceConfigurations"]), 1)
            r = self.wd.destroy()
            self.assertEqual(r.rc, 0, str(r))
        self._step(run)


# ---- method tgw_peering ----

PEER_A = ("555555555555", "ap-northeast-3", "10.90.0.0/16")  # gcnet creates the peering to this ASP's TGW
PEER_B = ("666666666666", "ap-northeast-1", "10.91.0.0/16")  # this ASP creates the peering; gcnet accepts it


def with_refs(block):
    """"$${gcnet_x.y.id}" (a quoted reference) -> gcnet_x.y.id, in lists too."""
    return re.sub(r'"\$\$\{([^}]+)\}"', r"\1", block)


def refs_config(connections, hub=HUB):
    parts = [e2e.TERRAFORM_BLOCK, e2e.provider_block(), "", e2e.resource_block("gcnet_municipality_hub", "h", hub)]
    for label, args in connections:
        parts.append(with_refs(e2e.resource_block("gcnet_asp_connection", label, args)))
    return "\n".join(parts) + "\n"


class _Ordered(e2e.OrderedTest):
    """Ordered steps on one state and one moto; after a failing step the rest fail fast."""
    prefix = "gcnet-asp-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec2 = cls.moto.client("ec2")
        cls.ids = {}

    def _apply(self, connections, clean=True):
        self.wd.write(refs_config(connections))
        r = self.wd.apply()
        self.assertEqual(r.rc, 0, str(r))
        if clean:
            p = self.wd.plan("-detailed-exitcode")
            self.assertEqual(p.rc, 0, "plan after apply is not clean:\n" + str(p))
        return r

    def _hub(self):
        return self.wd.state_resource("gcnet_municipality_hub.h")

    def _table(self, domain):
        return self._hub()["route_table_ids"][domain]

    def _associated(self, rt):
        return {a["TransitGatewayAttachmentId"] for a in
                self.ec2.get_transit_gateway_route_table_associations(TransitGatewayRouteTableId=rt)["Associations"]
                if a["State"] == "associated"}

    def _propagated(self, rt):
        return {p["TransitGatewayAttachmentId"] for p in
                self.ec2.get_transit_gateway_route_table_propagations(TransitGatewayRouteTableId=rt)
                ["TransitGatewayRouteTablePropagations"] if p["State"] == "enabled"}

    def _static_routes(self, rt):
        routes = self.ec2.search_transit_gateway_routes(TransitGatewayRouteTableId=rt,
                                                        Filters=[{"Name": "type", "Values": ["static"]}])["Routes"]
        return {(r["DestinationCidrBlock"], (r.get("TransitGatewayAttachments") or [{}])[0]
                 .get("TransitGatewayAttachmentId")) for r in routes if r["State"] != "deleted"}

    def _vpc_routes(self):
        out = {}
        vpc = self._hub()["vpc_id"]
        for t in self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]:
            out[t["RouteTableId"]] = {r["DestinationCidrBlock"]: r.get("TransitGatewayId") or r.get("GatewayId")
                                      for r in t["Routes"]}
        return out

    def _attachment(self, att_id):
        return self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att_id])[
            "TransitGatewayAttachments"][0]


def peer_args(name, cidr, account, region, peer_tgw, attachment=None, **over):
    args = {"hub_id": "${gcnet_municipality_hub.h.id}", "name": name, "vendor": "Vendor " + name[-1].upper(),
            "method": "tgw_peering", "peer_transit_gateway_id": peer_tgw, "peer_account_id": account,
            "peer_region": region, "attachment_id": attachment, "cidrs": [cidr],
            "business_systems": ["resident_records"]}
    args.update(over)
    return args


class AspPeeringTest(_Ordered):
    """Two ASPs with their own Transit Gateways: gcnet creates the peering to ASP p's (account 555555555555,
    Osaka), which p then accepts; ASP q (666666666666, Tokyo) creates the peering to the hub and gcnet accepts it
    (serve.py patches ec2_tgw_peering_accepter_view, ec2_tgw_static_route_attachment)."""
    failed = False
    prefix = "gcnet-asp-peer-"

    def _conns(self, **over):
        a, b = PEER_A, PEER_B
        return [("p", peer_args("naruto-p", a[2], a[0], a[1], self.ids["tgw_p"], **over.get("p", {}))),
                ("q", peer_args("naruto-q", b[2], b[0], b[1], self.ids["tgw_q"], attachment=self.ids["att_q"],
                                **over.get("q", {})))]

    def _check_routed(self, att, cidr):
        asp, onprem, ops = self._table("asp"), self._table("onprem"), self._table("ops")
        self.assertEqual(self._attachment(att)["State"], "available")
        self.assertIn(att, self._associated(asp))
        for rt in (onprem, ops):
            self.assertIn((cidr, att), self._static_routes(rt))
        # a peering propagates nowhere, and asp has no route toward it: no other ASP reaches it
        for rt in (asp, onprem, ops):
            self.assertNotIn(att, self._propagated(rt))
        self.assertEqual([r for r in self._static_routes(asp) if r[1] == att], [])
        for table, routes in self._vpc_routes().items():
            self.assertEqual(routes.get(cidr), self._hub()["id"], table)

    def test_01_hub_and_the_asps_tgws(self):
        def run():
            self._apply([])
            p = self.moto.client_as(PEER_A[0], "ec2", region=PEER_A[1])
            self.ids["tgw_p"] = p.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
            q = self.moto.client_as(PEER_B[0], "ec2", region=PEER_B[1])
            self.ids["tgw_q"] = q.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
            att = q.create_transit_gateway_peering_attachment(
                TransitGatewayId=self.ids["tgw_q"], PeerTransitGatewayId=self._hub()["id"],
                PeerAccountId="123456789012", PeerRegion="ap-northeast-1")["TransitGatewayPeeringAttachment"]
            self.assertEqual(att["State"], "pendingAcceptance")
            self.ids["att_q"] = att["TransitGatewayAttachmentId"]
        self._step(run)

    def test_02_validate_rejects_bad_input_without_aws(self):
        def run():
            bad = peer_args("naruto-x", "10.92.0.0/16", "5555", "us-east-1", "tgw-nothex")
            missing = peer_args("naruto-y", "10.93.0.0/16", "555555555555", None, self.ids["tgw_p"],
                                service_name="com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0")
            self.wd.write(refs_config([("x", bad), ("y", missing)]))
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            for text in ("Invalid account ID", "Invalid peer region", "Invalid transit gateway ID"):
                self.assertIn(text, r.output, r.output)
            self.wd.write(refs_config([("y", missing)]))
            r = self.wd.validate()
            for text in ("Missing peer_region", "Argument not used by tgw_peering"):
                self.assertIn(text, r.output, r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_03_gcnet_creates_the_peering_which_waits_for_the_asp(self):
        def run():
            r = self._apply(self._conns()[:1])
            self.assertIn("pendingAcceptance", r.output)
            st = self.wd.state_resource("gcnet_asp_connection.p")
            self.assertEqual(st["state"], "pendingAcceptance")
            self.ids["att_p"] = st["id"]
            att = self._attachment(st["id"])
            self.assertEqual(att["ResourceType"], "peering")
            self.assertEqual(att["ResourceId"], self.ids["tgw_p"])
            tags = {t["Key"]: t["Value"] for t in att.get("Tags", [])}
            self.assertIn("gcnet:create-token", tags)
            self.assertEqual(tags["gcnet:asp-connection"], "naruto-p")
            peering = self.ec2.describe_transit_gateway_peering_attachments(TransitGatewayAttachmentIds=[st["id"]])[
                "TransitGatewayPeeringAttachments"][0]
            self.assertEqual(peering["AccepterTgwInfo"], {"TransitGatewayId": self.ids["tgw_p"],
                                                          "OwnerId": PEER_A[0], "Region": PEER_A[1]})
            # nothing routed toward it before the ASP accepts
            for domain in ("asp", "onprem", "ops"):
                self.assertNotIn(st["id"], self._associated(self._table(domain)))
                self.assertEqual([x for x in self._static_routes(self._table(domain)) if x[1] == st["id"]], [])
        self._step(run)

    def test_04_the_asp_accepts_and_the_next_apply_routes_it(self):
        def run():
            p = self.moto.client_as(PEER_A[0], "ec2", region=PEER_A[1])
            p.accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=self.ids["att_p"])
            r = self.wd.tf("apply", "-refresh-only", "-auto-approve")
            self.assertEqual(r.rc, 0, str(r))
            self.assertEqual(self.wd.state_resource("gcnet_asp_connection.p")["state"], "available")
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 2, str(r))
            self.assertNotIn("must be replaced", r.output)
            self._apply(self._conns()[:1])
            self._check_routed(self.ids["att_p"], PEER_A[2])
            st = self.wd.state_resource("gcnet_asp_connection.p")
            self.assertEqual(sorted(st["static_route_domains"]), ["onprem", "ops"])
            self.assertEqual(st["propagated_domains"], [])
            self.assertEqual(st["route_table_id"], self._table("asp"))
        self._step(run)

    def test_05_gcnet_accepts_the_asps_peering(self):
        def run():
            self._apply(self._conns())
            self._check_routed(self.ids["att_q"], PEER_B[2])
            self._check_routed(self.ids["att_p"], PEER_A[2])
            st = self.wd.state_resource("gcnet_asp_connection.q")
            self.assertEqual(st["peer_transit_gateway_id"], self.ids["tgw_q"])
        self._step(run)

    def test_06_route_drift_is_repaired_in_place(self):
        def run():
            self.ec2.delete_transit_gateway_route(TransitGatewayRouteTableId=self._table("onprem"),
                                                  DestinationCidrBlock=PEER_A[2])
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("update in-place", r.output)
            self.assertIn("static_route_domains", r.output)
            self._apply(self._conns())
            self._check_routed(self.ids["att_p"], PEER_A[2])
        self._step(run)

    def test_07_import_plans_clean(self):
        def run():
            for label in ("p", "q"):
                st = self.wd.state_resource("gcnet_asp_connection." + label)
                self.assertEqual(self.wd.tf("state", "rm", "gcnet_asp_connection." + label).rc, 0)
                r = self.wd.tf("import", "gcnet_asp_connection." + label, st["id"])
                self.assertEqual(r.rc, 0, str(r))
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
        self._step(run)

    def test_08_destroy_deletes_gcnets_peering_and_keeps_the_asps(self):
        def run():
            self._apply([])
            self.assertEqual(self._attachment(self.ids["att_p"])["State"], "deleted")
            q = self._attachment(self.ids["att_q"])
            self.assertEqual(q["State"], "available")
            self.assertFalse([t for t in q.get("Tags", []) if t["Key"].startswith("gcnet:asp-")], q)
            for domain in ("asp", "onprem", "ops"):
                rt = self._table(domain)
                self.assertFalse(self._associated(rt) & {self.ids["att_p"], self.ids["att_q"]})
                self.assertFalse({a for _, a in self._static_routes(rt)} & {self.ids["att_p"], self.ids["att_q"]})
            for routes in self._vpc_routes().values():
                self.assertNotIn(PEER_A[2], routes)
                self.assertNotIn(PEER_B[2], routes)
            r = self.wd.destroy()
            self.assertEqual(r.rc, 0, str(r))
        self._step(run)


# ---- reachable_from: three ASPs, one pair ----


class AspPairsTest(_Ordered):
    """ASPs a, b and c (transit_gateway, as in AspLifecycleTest). a names b in reachable_from; c names nobody.
    boto3 checks every TGW route table, association, propagation and static route: a and b reach each other and
    only each other's networks; each of a, b, c reaches and is reached by the premises' and ops domains; nothing
    lets c reach a or b, or a or b reach c."""
    failed = False
    prefix = "gcnet-asp-pairs-"

    def _conns(self, a=None, b=None, c=None):
        out = []
        for k, over in (("a", a), ("b", b), ("c", c)):
            out.append((k, asp_args(k, self.ids[k], hub_id="${gcnet_municipality_hub.h.id}", **(over or {}))))
        return out

    def _member_tables(self):
        """{attachment: its member route table} from the tables' gcnet:asp-member tags."""
        out = {}
        for t in self.ec2.describe_transit_gateway_route_tables(
                Filters=[{"Name": "transit-gateway-id", "Values": [self._hub()["id"]]}])["TransitGatewayRouteTables"]:
            tags = {x["Key"]: x["Value"] for x in t.get("Tags", [])}
            if "gcnet:asp-member" in tags and t["State"] not in ("deleted", "deleting"):
                out[tags["gcnet:asp-member"]] = t["TransitGatewayRouteTableId"]
        return out

    def _reach(self):
        """Which attachment's traffic can reach which ASP network, from every table: {source: {asp key, ...}}.
        A source reaches a network when the table it is associated with has a propagation from that ASP's
        attachment or a static route for a range inside its networks toward it."""
        atts = {self.ids[k]: k for k in ("a", "b", "c")}
        tables = {}
        for t in self.ec2.describe_transit_gateway_route_tables(
                Filters=[{"Name": "transit-gateway-id", "Values": [self._hub()["id"]]}])["TransitGatewayRouteTables"]:
            if t["State"] in ("deleted", "deleting"):
                continue
            rt = t["TransitGatewayRouteTableId"]
            leads = {atts[a] for a in self._propagated(rt) if a in atts}
            leads |= {atts[a] for _, a in self._static_routes(rt) if a in atts}
            for src in self._associated(rt):
                tables[src] = leads
        return tables

    def _check(self, pairs):
        """pairs: the set of frozensets of ASP keys that may reach each other."""
        reach = self._reach()
        hub_atts = {self._hub()["vpc_attachment_id"]} if self._hub().get("vpc_attachment_id") else set()
        for k in ("a", "b", "c"):
            src = self.ids[k]
            self.assertIn(src, reach, "%s is associated with no table" % k)
            want = {o for o in ("a", "b", "c") if frozenset((k, o)) in pairs}
            self.assertEqual(reach[src], want, "%s reaches %s, wanted %s" % (k, reach[src], want))
        # every ASP is reached from onprem and ops (propagations), and reaches them: its table has all of asp's
        # propagations (the ops VPC's among them)
        asp = self._table("asp")
        asp_props = self._propagated(asp)
        members = self._member_tables()
        for k in ("a", "b", "c"):
            src = self.ids[k]
            for domain in ("onprem", "ops"):
                self.assertIn(src, self._propagated(self._table(domain)), (k, domain))
            table = members.get(src, asp)
            self.assertTrue(src in self._associated(table), (k, table))
            self.assertTrue(asp_props <= self._propagated(table), (k, table))
            self.assertTrue(hub_atts <= self._propagated(table) or not hub_atts)
        # the shared asp table never leads to an ASP
        self.assertFalse(asp_props & set(self.ids[k] for k in ("a", "b", "c")))
        self.assertFalse({a for _, a in self._static_routes(asp)} & set(self.ids[k] for k in ("a", "b", "c")))
        # a member table exists exactly for the ASPs in a pair
        self.assertEqual(set(members), {self.ids[k] for p in pairs for k in p})

    def test_01_hub_and_the_asps_attach(self):
        def run():
            self._apply([])
            tgw = self._hub()["id"]
            for k, (_, account, cidr, _) in sorted(ASPS.items()):
                ec2 = self.moto.client_as(account, "ec2")
                vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
                subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr.replace("0.0/16", "1.0/24"))["Subnet"]["SubnetId"]
                att = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])
                self.ids[k] = att["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        self._step(run)

    def test_02_validate_rejects_a_bad_partner_without_aws(self):
        def run():
            self.wd.write(refs_config(self._conns(a={"reachable_from": ["vpce-0123456789abcdef0"]})))
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Invalid partner connection", r.output, r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_03_no_pair_no_asp_reaches_another(self):
        def run():
            self._apply(self._conns())
            self._check(set())
        self._step(run)

    def test_04_a_names_b_both_directions_c_left_out(self):
        def run():
            self._apply(self._conns(a={"reachable_from": ["${gcnet_asp_connection.b.id}"]}))
            self._check({frozenset("ab")})
            members = self._member_tables()
            ta, tb = members[self.ids["a"]], members[self.ids["b"]]
            # exactly each other's networks, nothing wider
            self.assertEqual({r for r in self._static_routes(ta) if r[1] in self.ids.values()},
                             {(ASPS["b"][2], self.ids["b"])})
            self.assertEqual({r for r in self._static_routes(tb) if r[1] in self.ids.values()},
                             {(ASPS["a"][2], self.ids["a"])})
            a = self.wd.state_resource("gcnet_asp_connection.a")
            self.assertEqual(a["paired_with"], [self.ids["b"]])
            self.assertEqual(a["route_table_id"], ta)
            r = self.wd.tf("apply", "-refresh-only", "-auto-approve")
            self.assertEqual(r.rc, 0, str(r))
            self.assertEqual(self.wd.state_resource("gcnet_asp_connection.b")["route_table_id"], tb)
            self.assertEqual(self.wd.state_resource("gcnet_asp_connection.c")["route_table_id"], self._table("asp"))
        self._step(run)

    def test_05_pair_drift_is_repaired_in_place(self):
        def run():
            conns = self._conns(a={"reachable_from": ["${gcnet_asp_connection.b.id}"]})
            tb = self._member_tables()[self.ids["b"]]
            self.ec2.delete_transit_gateway_route(TransitGatewayRouteTableId=tb, DestinationCidrBlock=ASPS["a"][2])
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("paired_with", r.output)
            self.assertNotIn("must be replaced", r.output)
            self._apply(conns)
            self._check({frozenset("ab")})
        self._step(run)

    def test_06_import_rebuilds_the_pair(self):
        def run():
            self.assertEqual(self.wd.tf("state", "rm", "gcnet_asp_connection.a").rc, 0)
            r = self.wd.tf("import", "gcnet_asp_connection.a", self.ids["a"])
            self.assertEqual(r.rc, 0, str(r))
            self.assertEqual(self.wd.state_resource("gcnet_asp_connection.a")["reachable_from"], [self.ids["b"]])
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
        self._step(run)

    def test_07_two_partners_do_not_join_their_partners(self):
        def run():
            # a-b and b-c: b reaches both, a and c still do not reach each other
            self._apply(self._conns(a={"reachable_from": ["${gcnet_asp_connection.b.id}"]},
                                    c={"reachable_from": ["${gcnet_asp_connection.b.id}"]}))
            self._check({frozenset("ab"), frozenset("bc")})
        self._step(run)

    def test_08_without_pairs_everything_goes_back_to_asp(self):
        def run():
            self._apply(self._conns())
            self._check(set())
            r = self.wd.destroy()
            self.assertEqual(r.rc, 0, str(r))
        self._step(run)


if __name__ == "__main__":
    unittest.main()
