"""End-to-end tests of gcnet_onprem_link (method dx_gateway): real terraform 1.11.4 + the built provider + patched
moto (serve.py patch directconnect_gateways: a small Direct Connect model whose association adds a TGW attachment
of type direct-connect-gateway to EC2), boto3 checks of the association, the attachment's route-table association
and propagations, and the ops VPC's routes.

Run: python3 -m unittest -v tests/e2e/test_onprem_link.py   (from the repo root)

The hub is applied first; the municipality's Direct Connect gateway is made with boto3 (on AWS the carrier's hosted
VIF lands on it). DxGatewayLifecycleTest's steps share one state and one moto and run in name order; after a failing
step the rest fail fast.
"""

import base64
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

HUB = {"municipality": "naruto", "vpc_cidr": "10.2.0.0/16"}
ONPREM = ["172.16.0.0/16"]
PREFIXES = ["10.2.0.0/16", "10.50.0.0/16"]


def link_args(dxgw, **over):
    args = {"hub_id": "${gcnet_municipality_hub.h.id}", "name": "naruto-lgcs", "service": "lgcs",
            "method": "dx_gateway", "dx_gateway_id": dxgw, "allowed_prefixes": PREFIXES, "onprem_cidrs": ONPREM}
    args.update(over)
    return args


def config(links):
    """The hub plus one gcnet_onprem_link per (label, args)."""
    parts = [e2e.TERRAFORM_BLOCK, e2e.provider_block(), "", e2e.resource_block("gcnet_municipality_hub", "h", HUB)]
    for label, args in links:
        block = e2e.resource_block("gcnet_onprem_link", label, args)
        parts.append(block.replace('"$${gcnet_municipality_hub.h.id}"', "gcnet_municipality_hub.h.id"))
    return "\n".join(parts) + "\n"


class DxGatewayLifecycleTest(e2e.OrderedTest):
    prefix = "gcnet-onprem-"
    failure_message = "an earlier lifecycle step failed"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec2 = cls.moto.client("ec2")
        cls.dx = cls.moto.client("directconnect")
        cls.dxgw = None

    # ---- helpers ----

    def _hub(self):
        return self.wd.state_resource("gcnet_municipality_hub.h")

    def _link(self):
        return self.wd.state_resource("gcnet_onprem_link.l")

    def _apply(self, links):
        self.wd.write(config(links))
        r = self.wd.apply()
        self.assertEqual(r.rc, 0, str(r))
        r = self.wd.plan("-detailed-exitcode")
        self.assertEqual(r.rc, 0, "plan after apply is not clean:\n" + str(r))

    def _table(self, domain):
        return self._hub()["route_table_ids"][domain]

    def _associations(self):
        return self.dx.describe_direct_connect_gateway_associations(
            directConnectGatewayId=self.dxgw)["directConnectGatewayAssociations"]

    def _live_association(self):
        live = [a for a in self._associations() if a["associationState"] != "disassociated"]
        self.assertEqual(len(live), 1, live)
        return live[0]

    def _attachment(self):
        atts = [a for a in self.ec2.describe_transit_gateway_attachments(Filters=[
            {"Name": "resource-type", "Values": ["direct-connect-gateway"]},
            {"Name": "resource-id", "Values": [self.dxgw]}])["TransitGatewayAttachments"] if a["State"] != "deleted"]
        self.assertEqual(len(atts), 1, atts)
        return atts[0]

    def _associated(self, rt):
        return {a["TransitGatewayAttachmentId"] for a in
                self.ec2.get_transit_gateway_route_table_associations(TransitGatewayRouteTableId=rt)["Associations"]
                if a["State"] == "associated"}

    def _propagated(self, rt):
        return {p["TransitGatewayAttachmentId"] for p in
                self.ec2.get_transit_gateway_route_table_propagations(TransitGatewayRouteTableId=rt)
                ["TransitGatewayRouteTablePropagations"] if p["State"] == "enabled"}

    def _vpc_routes(self):
        out = {}
        for t in self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [self._hub()["vpc_id"]]}])[
                "RouteTables"]:
            out[t["RouteTableId"]] = {r["DestinationCidrBlock"]: r.get("TransitGatewayId") or r.get("GatewayId")
                                      for r in t["Routes"]}
        return out

    def _check_wired(self, onprem=ONPREM, prefixes=PREFIXES):
        """The association associated with the wanted prefixes; its attachment associated with onprem and
        propagated into asp and ops only; every ops VPC route table routes the premises toward the TGW."""
        tgw = self._hub()["id"]
        assoc = self._live_association()
        self.assertEqual(assoc["associationState"], "associated")
        self.assertEqual(assoc["associatedGateway"]["id"], tgw)
        self.assertEqual(sorted(p["cidr"] for p in assoc["allowedPrefixesToDirectConnectGateway"]), sorted(prefixes))
        att = self._attachment()
        att_id = att["TransitGatewayAttachmentId"]
        self.assertEqual(att["State"], "available")
        self.assertEqual(att["Association"]["TransitGatewayRouteTableId"], self._table("onprem"))
        self.assertEqual(self._associated(self._table("onprem")) & {att_id}, {att_id})
        self.assertIn(att_id, self._propagated(self._table("asp")))
        self.assertIn(att_id, self._propagated(self._table("ops")))
        self.assertNotIn(att_id, self._propagated(self._table("onprem")))
        vpc = self._vpc_routes()
        self.assertTrue(vpc)
        for table, routes in vpc.items():
            for c in onprem:
                self.assertEqual(routes.get(c), tgw, "%s lacks %s" % (table, c))
        tags = e2e.tags_dict(att.get("Tags", []))
        self.assertEqual(tags.get("gcnet:onprem-link"), "naruto-lgcs")
        st = self._link()
        self.assertEqual(st["id"], assoc["associationId"])
        self.assertEqual(st["association_id"], assoc["associationId"])
        self.assertEqual(st["attachment_id"], att_id)
        self.assertEqual(st["state"], "associated")
        self.assertEqual(st["route_table_id"], self._table("onprem"))
        self.assertEqual(sorted(st["routed_domains"]), ["asp", "ops"])
        self.assertEqual(sorted(st["ops_vpc_routes"]), sorted(onprem))
        return assoc["associationId"], att_id

    # ---- steps ----

    def test_01_hub_and_the_dx_gateway(self):
        def run():
            self._apply([])
            gw = self.dx.create_direct_connect_gateway(directConnectGatewayName="naruto-lgcs",
                                                       amazonSideAsn=64600)["directConnectGateway"]
            DxGatewayLifecycleTest.dxgw = gw["directConnectGatewayId"]
        self._step(run)

    def test_02_validate_rejects_bad_input_without_aws(self):
        def run():
            bad = link_args("not-a-uuid", hub_id="tgw-", service="lgwan", name="", onprem_cidrs=["172.16.0.1/16"])
            missing = link_args(self.dxgw, allowed_prefixes=None, peering_attachment_id="tgw-attach-0123456789abcdef0")
            advertised = link_args(self.dxgw, allowed_prefixes=["172.16.0.0/12"])
            method = link_args(self.dxgw, method="lgcs_magic")
            self.wd.write(config([("bad", bad), ("missing", missing), ("adv", advertised), ("m", method)]))
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            for text in ("Invalid Direct Connect gateway ID", "Invalid transit gateway ID", "Invalid connection service",
                         "Invalid CIDR block", "Invalid name", "Missing allowed_prefixes",
                         "Argument not used by dx_gateway", "Premises range advertised to the premises",
                         "Invalid connection method"):
                self.assertIn(text, r.output, r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_03_plan_checks_overlaps_and_the_gateway(self):
        def run():
            self.wd.write(config([("l", link_args(self.dxgw, onprem_cidrs=["10.2.5.0/24"], allowed_prefixes=["10.50.0.0/16"]))]))
            r = self.wd.plan()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Overlapping address ranges", r.output, r.output)
            self.assertIn("10.2.5.0/24", r.output)
            self.assertIn("10.2.0.0/16", r.output)
            self.wd.write(config([("l", link_args("00000000-0000-4000-8000-000000000000"))]))
            r = self.wd.plan()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Direct Connect gateway not found", r.output, r.output)
        self._step(run)

    def test_04_link_the_premises(self):
        def run():
            self._apply([("l", link_args(self.dxgw))])
            DxGatewayLifecycleTest.ids = self._check_wired()
        self._step(run)

    def test_05_allowed_prefixes_change_in_place(self):
        def run():
            self.wd.write(config([("l", link_args(self.dxgw, allowed_prefixes=["10.2.0.0/16", "10.60.0.0/16"]))]))
            r = self.wd.plan()
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("update in-place", r.output)
            self.assertNotIn("must be replaced", r.output)
            self.moto.reset_requests()
            self._apply([("l", link_args(self.dxgw, allowed_prefixes=["10.2.0.0/16", "10.60.0.0/16"]))])
            actions = [q["action"] for q in self.moto.requests()]
            self.assertIn("UpdateDirectConnectGatewayAssociation", actions)
            for never in ("DeleteDirectConnectGatewayAssociation", "CreateDirectConnectGatewayAssociation",
                          "DisassociateTransitGatewayRouteTable"):
                self.assertNotIn(never, actions)
            ids = self._check_wired(prefixes=["10.2.0.0/16", "10.60.0.0/16"])
            self.assertEqual(ids, self.ids, "the association and its attachment must stay")
            self._apply([("l", link_args(self.dxgw))])
            self.assertEqual(self._check_wired(), self.ids)
        self._step(run)

    def test_05a_the_hub_remembers_the_gateway(self):
        """The applies after the link's stored the hub's refreshed state, with its Direct Connect gateway in its
        private bytes; a refresh plan then asks the link's association in the hub's one round: the one
        DescribeDirectConnectGatewayAssociations comes from the hub's ReadResource, and the link's read asks none."""
        def run():
            with open(os.path.join(self.wd.path, "terraform.tfstate"), encoding="utf-8") as fh:
                state = json.load(fh)
            hub = [r for r in state["resources"] if r["type"] == "gcnet_municipality_hub"][0]["instances"][0]
            self.assertEqual(json.loads(base64.b64decode(hub["private"])), {"v": 1, "dxgw": [self.dxgw]})
            log = os.path.join(self.wd.path, "plan-memo.log")
            self.wd.extra_env.update({"TF_LOG": "debug", "TF_LOG_PATH": log})
            try:
                r = self.wd.plan()
            finally:
                self.wd.extra_env.pop("TF_LOG")
                self.wd.extra_env.pop("TF_LOG_PATH")
            self.assertEqual(r.rc, 0, str(r))
            with open(log, encoding="utf-8", errors="replace") as fh:
                sent = [line for line in fh if "HTTP Request Sent" in line and
                        "aws.operation=DescribeDirectConnectGatewayAssociations" in line]
            self.assertEqual(len(sent), 1, sent)
            self.assertIn("tf_resource_type=gcnet_municipality_hub", sent[0])
        self._step(run)

    def test_06_drift_is_repaired_in_place(self):
        def run():
            self.wd.write(config([("l", link_args(self.dxgw))]))
            assoc_id, att_id = self.ids
            self.ec2.disable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=self._table("ops"),
                                                                     TransitGatewayAttachmentId=att_id)
            self.ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=self._table("onprem"),
                                                              TransitGatewayAttachmentId=att_id)
            self.ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=self._table("onprem"),
                                                                    TransitGatewayAttachmentId=att_id)
            self.dx.update_direct_connect_gateway_association(
                associationId=assoc_id, removeAllowedPrefixesToDirectConnectGateway=[{"cidr": "10.50.0.0/16"}])
            for table in self._vpc_routes():
                self.ec2.delete_route(RouteTableId=table, DestinationCidrBlock=ONPREM[0])
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("update in-place", r.output)
            self.assertNotIn("must be replaced", r.output)
            self._apply([("l", link_args(self.dxgw))])
            self.assertEqual(self._check_wired(), self.ids)
        self._step(run)

    def test_07_onprem_cidrs_change_in_place(self):
        def run():
            both = ONPREM + ["172.17.0.0/16"]
            self._apply([("l", link_args(self.dxgw, onprem_cidrs=both))])
            self._check_wired(onprem=both)
            self._apply([("l", link_args(self.dxgw))])
            for routes in self._vpc_routes().values():
                self.assertNotIn("172.17.0.0/16", routes)
            self.assertEqual(self._check_wired(), self.ids)
        self._step(run)

    def test_08_import_plans_clean(self):
        def run():
            r = self.wd.tf("state", "rm", "gcnet_onprem_link.l")
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.tf("import", "gcnet_onprem_link.l", self.ids[0])
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.plan("-detailed-exitcode")
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
            self.assertEqual(self._check_wired(), self.ids)
        self._step(run)

    def test_09_destroy_keeps_the_dx_gateway(self):
        def run():
            self._apply([])
            assoc_id, att_id = self.ids
            states = {a["associationId"]: a["associationState"] for a in self._associations()}
            self.assertEqual(states[assoc_id], "disassociated")
            for domain in ("asp", "onprem", "ops"):
                self.assertNotIn(att_id, self._associated(self._table(domain)))
                self.assertNotIn(att_id, self._propagated(self._table(domain)))
            for routes in self._vpc_routes().values():
                self.assertNotIn(ONPREM[0], routes)
            r = self.wd.destroy()
            self.assertEqual(r.rc, 0, str(r))
            gws = self.dx.describe_direct_connect_gateways(directConnectGatewayId=self.dxgw)["directConnectGateways"]
            self.assertEqual(gws[0]["directConnectGatewayState"], "available", "the gateway is never deleted")
        self._step(run)


CARRIER = "333333333333"


def peering_args(att, **over):
    args = {"hub_id": "${gcnet_municipality_hub.h.id}", "name": "naruto-line", "service": "private_line",
            "method": "tgw_peering", "peering_attachment_id": att, "onprem_cidrs": ONPREM}
    args.update(over)
    return args


class TgwPeeringLifecycleTest(e2e.OrderedTest):
    """Method tgw_peering: the carrier (account 333333333333) peers its TGW with the hub's (boto3, as the carrier
    would; serve.py patches ec2_tgw_peering_accepter_view and ec2_tgw_static_route_attachment); gcnet accepts it,
    associates it with onprem and routes onprem_cidrs statically from asp and ops (a peering does not propagate)."""

    prefix = "gcnet-onprem-peer-"
    failure_message = "an earlier lifecycle step failed"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec2 = cls.moto.client("ec2")
        cls.att = None

    _hub = DxGatewayLifecycleTest._hub
    _table = DxGatewayLifecycleTest._table
    _associated = DxGatewayLifecycleTest._associated
    _propagated = DxGatewayLifecycleTest._propagated
    _vpc_routes = DxGatewayLifecycleTest._vpc_routes

    def _apply(self, links):
        self.wd.write(config(links))
        r = self.wd.apply()
        self.assertEqual(r.rc, 0, str(r))
        r = self.wd.plan()
        self.assertEqual(r.rc, 0, "plan after apply is not clean:\n" + str(r))

    def _static_routes(self, rt):
        routes = self.ec2.search_transit_gateway_routes(TransitGatewayRouteTableId=rt,
                                                        Filters=[{"Name": "type", "Values": ["static"]}])["Routes"]
        return {(r["DestinationCidrBlock"], (r.get("TransitGatewayAttachments") or [{}])[0]
                 .get("TransitGatewayAttachmentId")) for r in routes if r["State"] != "deleted"}

    def _described(self):
        return self.ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[self.att])[
            "TransitGatewayAttachments"][0]

    def _check_wired(self, onprem=ONPREM):
        tgw = self._hub()["id"]
        att = self._described()
        self.assertEqual(att["State"], "available")
        self.assertEqual(att["TransitGatewayId"], tgw)
        self.assertEqual(att["Association"]["TransitGatewayRouteTableId"], self._table("onprem"))
        for domain in ("asp", "ops"):
            self.assertEqual({r for r in self._static_routes(self._table(domain)) if r[1] == self.att},
                             {(c, self.att) for c in onprem}, domain)
        self.assertEqual({r for r in self._static_routes(self._table("onprem")) if r[1] == self.att}, set())
        for domain in ("asp", "ops", "onprem"):
            self.assertNotIn(self.att, self._propagated(self._table(domain)))
        for table, routes in self._vpc_routes().items():
            for c in onprem:
                self.assertEqual(routes.get(c), tgw, "%s lacks %s" % (table, c))
        st = self.wd.state_resource("gcnet_onprem_link.p")
        self.assertEqual(st["id"], self.att)
        self.assertEqual(st["attachment_id"], self.att)
        self.assertEqual(st["state"], "available")
        self.assertIsNone(st["association_id"])
        self.assertEqual(sorted(st["routed_domains"]), ["asp", "ops"])
        self.assertEqual(e2e.tags_dict(att.get("Tags", [])).get("gcnet:onprem-service"), "private_line")

    def test_01_hub_and_the_carriers_peering(self):
        def run():
            self._apply([])
            carrier = self.moto.client_as(CARRIER, "ec2")
            ctgw = carrier.create_transit_gateway(Description="carrier")["TransitGateway"]["TransitGatewayId"]
            made = carrier.create_transit_gateway_peering_attachment(
                TransitGatewayId=ctgw, PeerTransitGatewayId=self._hub()["id"], PeerAccountId=e2e.ACCOUNT_ID,
                PeerRegion=e2e.REGION)["TransitGatewayPeeringAttachment"]
            TgwPeeringLifecycleTest.att = made["TransitGatewayAttachmentId"]
            self.assertEqual(self._described()["State"], "pendingAcceptance")
        self._step(run)

    def test_02_plan_checks_the_attachment(self):
        def run():
            self.wd.write(config([("p", peering_args("tgw-attach-0123456789abcdef0"))]))
            r = self.wd.plan()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Attachment not found", r.output, r.output)
            self.wd.write(config([("p", peering_args(self.att, allowed_prefixes=["10.2.0.0/16"]))]))
            r = self.wd.validate()
            self.assertIn("Argument not used by tgw_peering", r.output, r.output)
        self._step(run)

    def test_03_accept_and_route_statically(self):
        def run():
            self._apply([("p", peering_args(self.att))])
            self._check_wired()
        self._step(run)

    def test_04_drift_is_repaired_in_place(self):
        def run():
            self.wd.write(config([("p", peering_args(self.att))]))
            self.ec2.delete_transit_gateway_route(TransitGatewayRouteTableId=self._table("asp"),
                                                  DestinationCidrBlock=ONPREM[0])
            self.ec2.disassociate_transit_gateway_route_table(TransitGatewayRouteTableId=self._table("onprem"),
                                                              TransitGatewayAttachmentId=self.att)
            r = self.wd.plan()
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("update in-place", r.output)
            self.assertNotIn("must be replaced", r.output)
            self._apply([("p", peering_args(self.att))])
            self._check_wired()
        self._step(run)

    def test_05_onprem_cidrs_change_in_place(self):
        def run():
            other = ["172.18.0.0/16"]
            self._apply([("p", peering_args(self.att, onprem_cidrs=other))])
            self._check_wired(onprem=other)
            for routes in self._vpc_routes().values():
                self.assertNotIn(ONPREM[0], routes)
            self._apply([("p", peering_args(self.att))])
            self._check_wired()
        self._step(run)

    def test_06_import_plans_clean(self):
        def run():
            r = self.wd.tf("state", "rm", "gcnet_onprem_link.p")
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.tf("import", "gcnet_onprem_link.p", self.att)
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.plan()
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
        self._step(run)

    def test_07_destroy_leaves_the_carriers_peering(self):
        def run():
            self._apply([])
            att = self._described()
            self.assertEqual(att["State"], "available", "the carrier's attachment is never deleted")
            self.assertNotIn("Association", att)
            for domain in ("asp", "ops", "onprem"):
                self.assertEqual({r for r in self._static_routes(self._table(domain)) if r[1] == self.att}, set())
            for routes in self._vpc_routes().values():
                self.assertNotIn(ONPREM[0], routes)
            tags = {t["Key"] for t in att.get("Tags", [])}
            self.assertFalse([t for t in tags if t.startswith("gcnet:")], tags)
        self._step(run)


def proposal_args(dxgw, **over):
    args = {"hub_id": "${gcnet_municipality_hub.h.id}", "name": "naruto-lgcs", "service": "lgcs",
            "method": "dx_proposal", "dx_gateway_id": dxgw, "dx_gateway_owner_account_id": CARRIER,
            "allowed_prefixes": PREFIXES, "onprem_cidrs": ONPREM}
    args.update(over)
    return args


class DxProposalLifecycleTest(e2e.OrderedTest):
    """Method dx_proposal: the carrier (account 333333333333) owns the Direct Connect gateway (boto3, serve.py patch
    directconnect_gateways); gcnet proposes the association, the link is `requested` (a warning, a clean plan) until
    the carrier accepts, then the next apply routes it; new prefixes are a new proposal, the association stays."""

    prefix = "gcnet-onprem-prop-"
    failure_message = "an earlier lifecycle step failed"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec2 = cls.moto.client("ec2")
        cls.dx = cls.moto.client("directconnect")
        cls.carrier = cls.moto.client_as(CARRIER, "directconnect")
        cls.dxgw = None

    _hub = DxGatewayLifecycleTest._hub
    _table = DxGatewayLifecycleTest._table
    _associated = DxGatewayLifecycleTest._associated
    _propagated = DxGatewayLifecycleTest._propagated
    _vpc_routes = DxGatewayLifecycleTest._vpc_routes
    _associations = DxGatewayLifecycleTest._associations
    _live_association = DxGatewayLifecycleTest._live_association
    _attachment = DxGatewayLifecycleTest._attachment

    def _link(self):
        return self.wd.state_resource("gcnet_onprem_link.l")

    def _apply(self, links):
        self.wd.write(config(links))
        r = self.wd.apply()
        self.assertEqual(r.rc, 0, str(r))
        r = self.wd.plan()
        self.assertEqual(r.rc, 0, "plan after apply is not clean:\n" + str(r))
        return r

    def _requested(self):
        return [p for p in self.carrier.describe_direct_connect_gateway_association_proposals(
            directConnectGatewayId=self.dxgw)["directConnectGatewayAssociationProposals"]
            if p["proposalState"] == "requested"]

    def _accept(self):
        waiting = self._requested()
        self.assertEqual(len(waiting), 1, waiting)
        self.carrier.accept_direct_connect_gateway_association_proposal(
            directConnectGatewayId=self.dxgw, proposalId=waiting[0]["proposalId"],
            associatedGatewayOwnerAccount=e2e.ACCOUNT_ID)

    def _check_wired(self, prefixes=PREFIXES):
        assoc = self._live_association()
        self.assertEqual(assoc["associationState"], "associated")
        self.assertEqual(sorted(p["cidr"] for p in assoc["allowedPrefixesToDirectConnectGateway"]), sorted(prefixes))
        att = self._attachment()
        att_id = att["TransitGatewayAttachmentId"]
        self.assertEqual(att["Association"]["TransitGatewayRouteTableId"], self._table("onprem"))
        self.assertIn(att_id, self._propagated(self._table("asp")))
        self.assertIn(att_id, self._propagated(self._table("ops")))
        for routes in self._vpc_routes().values():
            self.assertEqual(routes.get(ONPREM[0]), self._hub()["id"])
        st = self._link()
        self.assertEqual(st["association_id"], assoc["associationId"])
        self.assertEqual(st["attachment_id"], att_id)
        self.assertEqual(sorted(st["routed_domains"]), ["asp", "ops"])
        return assoc["associationId"], att_id

    def test_01_hub_and_the_carriers_gateway(self):
        def run():
            self._apply([])
            DxProposalLifecycleTest.dxgw = self.carrier.create_direct_connect_gateway(
                directConnectGatewayName="carrier")["directConnectGateway"]["directConnectGatewayId"]
        self._step(run)

    def test_02_validate_needs_the_owner_account(self):
        def run():
            self.wd.write(config([("l", proposal_args(self.dxgw, dx_gateway_owner_account_id=None)),
                                  ("m", proposal_args(self.dxgw, dx_gateway_owner_account_id="33333"))]))
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Missing dx_gateway_owner_account_id", r.output, r.output)
            self.assertIn("Invalid account ID", r.output, r.output)
            self.wd.write(config([("l", link_args(self.dxgw, dx_gateway_owner_account_id=CARRIER))]))
            r = self.wd.validate()
            self.assertIn("Argument not used by dx_gateway", r.output, r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_03_proposed_and_pending(self):
        def run():
            r = self._apply([("l", proposal_args(self.dxgw))])
            self.assertIn("Proposal waits for the carrier", r.output)
            st = self._link()
            self.assertEqual(st["state"], "requested")
            waiting = self._requested()
            self.assertEqual([p["proposalId"] for p in waiting], [st["proposal_id"]])
            self.assertEqual(st["id"], st["proposal_id"])
            self.assertEqual(sorted(p["cidr"] for p in waiting[0]["requestedAllowedPrefixesToDirectConnectGateway"]),
                             sorted(PREFIXES))
            self.assertIsNone(st["association_id"])
            self.assertEqual([a for a in self._associations() if a["associationState"] != "disassociated"], [])
            DxProposalLifecycleTest.first = st["proposal_id"]
        self._step(run)

    def test_04_accepted_then_routed(self):
        def run():
            self._accept()
            r = self.wd.plan()
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("update in-place", r.output)
            self.assertNotIn("must be replaced", r.output)
            self._apply([("l", proposal_args(self.dxgw))])
            DxProposalLifecycleTest.ids = self._check_wired()
            self.assertEqual(self._link()["state"], "associated")
        self._step(run)

    def test_05_new_prefixes_are_a_new_proposal(self):
        def run():
            wanted = ["10.2.0.0/16", "10.60.0.0/16"]
            self.moto.reset_requests()
            self._apply([("l", proposal_args(self.dxgw, allowed_prefixes=wanted))])
            actions = [q["action"] for q in self.moto.requests()]
            self.assertIn("CreateDirectConnectGatewayAssociationProposal", actions)
            for never in ("DeleteDirectConnectGatewayAssociation", "DisassociateTransitGatewayRouteTable"):
                self.assertNotIn(never, actions)
            st = self._link()
            self.assertEqual(st["state"], "requested")
            self.assertNotEqual(st["proposal_id"], self.first)
            self.assertEqual(st["id"], self.first, "the link keeps its id")
            self.assertEqual(self._check_wired(), self.ids, "still routed with the old prefixes meanwhile")
            self._accept()
            self._apply([("l", proposal_args(self.dxgw, allowed_prefixes=wanted))])
            self.assertEqual(self._check_wired(prefixes=wanted), self.ids)
            self.assertEqual(self._link()["state"], "associated")
        self._step(run)

    def test_06_import_plans_clean(self):
        def run():
            wanted = ["10.2.0.0/16", "10.60.0.0/16"]
            self.wd.write(config([("l", proposal_args(self.dxgw, allowed_prefixes=wanted))]))
            r = self.wd.tf("state", "rm", "gcnet_onprem_link.l")
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.tf("import", "gcnet_onprem_link.l", self.first)
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.plan()
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
        self._step(run)

    def test_07_destroy_keeps_the_carriers_gateway(self):
        def run():
            self._apply([])
            self.assertEqual([a for a in self._associations() if a["associationState"] != "disassociated"], [])
            self.assertEqual(self._requested(), [])
            gws = self.carrier.describe_direct_connect_gateways(directConnectGatewayId=self.dxgw)[
                "directConnectGateways"]
            self.assertEqual(gws[0]["directConnectGatewayState"], "available")
        self._step(run)


def vpn_args(**over):
    args = {"hub_id": "${gcnet_municipality_hub.h.id}", "name": "naruto-backup", "service": "lgcs", "method": "vpn",
            "customer_gateway_ip": "203.0.113.10", "bgp_asn": 65010, "onprem_cidrs": ONPREM}
    args.update(over)
    return args


class VpnLifecycleTest(e2e.OrderedTest):
    """Method vpn: a customer gateway and a Site-to-Site VPN on the hub's TGW (moto's own VPN support), its
    attachment associated with onprem and propagated into asp and ops; drift, import, destroy deleting both."""

    prefix = "gcnet-onprem-vpn-"
    failure_message = "an earlier lifecycle step failed"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ec2 = cls.moto.client("ec2")

    _hub = DxGatewayLifecycleTest._hub
    _table = DxGatewayLifecycleTest._table
    _associated = DxGatewayLifecycleTest._associated
    _propagated = DxGatewayLifecycleTest._propagated
    _vpc_routes = DxGatewayLifecycleTest._vpc_routes
    _apply = DxProposalLifecycleTest._apply

    def _link(self):
        return self.wd.state_resource("gcnet_onprem_link.v")

    def _check_wired(self):
        st = self._link()
        vpn = self.ec2.describe_vpn_connections(VpnConnectionIds=[st["id"]])["VpnConnections"][0]
        self.assertEqual(vpn["State"], "available")
        self.assertEqual(vpn["TransitGatewayId"], self._hub()["id"])
        cgw = self.ec2.describe_customer_gateways(CustomerGatewayIds=[vpn["CustomerGatewayId"]])["CustomerGateways"][0]
        self.assertEqual(cgw["IpAddress"], "203.0.113.10")
        self.assertEqual(str(cgw["BgpAsn"]), "65010")
        att = [a for a in self.ec2.describe_transit_gateway_attachments(Filters=[
            {"Name": "resource-type", "Values": ["vpn"]}, {"Name": "resource-id", "Values": [st["id"]]}])[
            "TransitGatewayAttachments"] if a["State"] != "deleted"][0]
        att_id = att["TransitGatewayAttachmentId"]
        self.assertEqual(att["Association"]["TransitGatewayRouteTableId"], self._table("onprem"))
        self.assertIn(att_id, self._propagated(self._table("asp")))
        self.assertIn(att_id, self._propagated(self._table("ops")))
        self.assertNotIn(att_id, self._propagated(self._table("onprem")))
        for routes in self._vpc_routes().values():
            self.assertEqual(routes.get(ONPREM[0]), self._hub()["id"])
        self.assertEqual(st["vpn_connection_id"], st["id"])
        self.assertEqual(st["customer_gateway_id"], vpn["CustomerGatewayId"])
        self.assertEqual(st["attachment_id"], att_id)
        self.assertEqual(st["state"], "available")
        return att_id

    def test_01_validate_without_aws(self):
        def run():
            self._apply([])
            self.wd.write(config([("v", vpn_args(customer_gateway_ip="10.1.2.3", bgp_asn=7224)),
                                  ("w", vpn_args(dx_gateway_id="5f294f92-bafb-4011-916d-9b0b0e0a0001"))]))
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            for text in ("Invalid customer gateway address", "Invalid BGP ASN", "Argument not used by vpn"):
                self.assertIn(text, r.output, r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_02_vpn_on_the_tgw(self):
        def run():
            self._apply([("v", vpn_args())])
            VpnLifecycleTest.att = self._check_wired()
        self._step(run)

    def test_03_drift_and_import(self):
        def run():
            self.ec2.disable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=self._table("ops"),
                                                                     TransitGatewayAttachmentId=self.att)
            r = self.wd.plan()
            self.assertEqual(r.rc, 2, str(r))
            self.assertNotIn("must be replaced", r.output)
            self._apply([("v", vpn_args())])
            self._check_wired()
            vpn_id = self._link()["id"]
            r = self.wd.tf("state", "rm", "gcnet_onprem_link.v")
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.tf("import", "gcnet_onprem_link.v", vpn_id)
            self.assertEqual(r.rc, 0, str(r))
            r = self.wd.plan()
            self.assertEqual(r.rc, 0, "plan after import is not clean:\n" + str(r))
        self._step(run)

    def test_04_replacement_passes_the_overlap_check(self):
        """A new router address replaces the link: its create is planned while the old link's routes stand, and
        the overlap check knows them as the predecessor's (same name on the hub)."""
        def run():
            old = self._link()["id"]
            self.wd.write(config([("v", vpn_args(customer_gateway_ip="203.0.113.20"))]))
            r = self.wd.plan()
            self.assertEqual(r.rc, 2, str(r))
            self.assertIn("must be replaced", r.output)
            self._apply([("v", vpn_args(customer_gateway_ip="203.0.113.20"))])
            st = self._link()
            self.assertNotEqual(st["id"], old)
            self.assertEqual(self.ec2.describe_vpn_connections(VpnConnectionIds=[old])["VpnConnections"][0]["State"],
                             "deleted")
            cgw = self.ec2.describe_customer_gateways(CustomerGatewayIds=[st["customer_gateway_id"]])[
                "CustomerGateways"][0]
            self.assertEqual(cgw["IpAddress"], "203.0.113.20")
            for routes in self._vpc_routes().values():
                self.assertEqual(routes.get(ONPREM[0]), self._hub()["id"])
            # a different link naming the same premises is still refused
            self.wd.write(config([("v", vpn_args(customer_gateway_ip="203.0.113.20")),
                                  ("w", vpn_args(name="other", customer_gateway_ip="203.0.113.30"))]))
            r = self.wd.plan()
            self.assertEqual(r.rc, 1, str(r))
            self.assertIn("Overlapping address ranges", r.output)
        self._step(run)

    def test_05_destroy_deletes_vpn_and_customer_gateway(self):
        def run():
            st = self._link()
            self._apply([])
            vpn = self.ec2.describe_vpn_connections(VpnConnectionIds=[st["id"]])["VpnConnections"][0]
            self.assertEqual(vpn["State"], "deleted")
            cgws = self.ec2.describe_customer_gateways(CustomerGatewayIds=[st["customer_gateway_id"]])[
                "CustomerGateways"]
            self.assertTrue(all(c["State"] == "deleted" for c in cgws), cgws)
            for routes in self._vpc_routes().values():
                self.assertNotIn(ONPREM[0], routes)
        self._step(run)


if __name__ == "__main__":
    unittest.main()
