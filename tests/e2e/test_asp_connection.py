"""End-to-end tests of gcnet_asp_connection (methods transit_gateway and privatelink): real terraform 1.11.4 + the built provider +
patched moto, boto3 checks of every association, propagation and route on the TGW and in the ops VPC.

Run: python3 -m unittest -v tests/e2e/test_asp_connection.py   (from the repo root)

The hub is applied first; then three ASPs, each in its own AWS account (moto's x-moto-account-id header), make a
VPC and attach it to the hub's shared TGW with boto3, as an ASP would (the attachment waits in pendingAcceptance:
serve.py patch ec2_tgw_cross_account_vpc_attachment). AspLifecycleTest's steps share one state and one moto and run
in name order; after a failing step the rest fail fast.
"""

import os
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


class AspLifecycleTest(unittest.TestCase):
    failed = False

    @classmethod
    def setUpClass(cls):
        e2e.assert_provider_built(cls)
        cls.moto = e2e.Moto().start()
        cls.wd = e2e.TfWorkdir(cls.moto, prefix="gcnet-asp-")
        cls.ec2 = cls.moto.client("ec2")
        cls.att = {}

    @classmethod
    def tearDownClass(cls):
        cls.wd.cleanup()
        cls.moto.stop()

    def setUp(self):
        if AspLifecycleTest.failed:
            self.fail("an earlier lifecycle step failed")

    def _step(self, fn):
        try:
            fn()
        except BaseException:
            AspLifecycleTest.failed = True
            raise

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


class PrivateLinkTest(unittest.TestCase):
    """An ASP (account 222222222222) offers an endpoint service that requires acceptance; gcnet makes the
    interface endpoint in Mima's ops VPC (serve.py patch ec2_vpce_acceptance). Ordered steps, fail-fast."""
    failed = False

    @classmethod
    def setUpClass(cls):
        e2e.assert_provider_built(cls)
        cls.moto = e2e.Moto().start()
        cls.wd = e2e.TfWorkdir(cls.moto, prefix="gcnet-asp-pl-")
        cls.ec2 = cls.moto.client("ec2")
        cls.svc = None

    @classmethod
    def tearDownClass(cls):
        cls.wd.cleanup()
        cls.moto.stop()

    def setUp(self):
        if PrivateLinkTest.failed:
            self.fail("an earlier privatelink step failed")

    def _step(self, fn):
        try:
            fn()
        except BaseException:
            PrivateLinkTest.failed = True
            raise

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


if __name__ == "__main__":
    unittest.main()
