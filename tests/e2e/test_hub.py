"""End-to-end tests of gcnet_municipality_hub: real terraform 1.11.4 + the built provider + patched moto.

Run: python3 -m unittest -v tests/e2e/test_hub.py   (from the repo root; needs build/provider/terraform-provider-gcnet)

One moto server per test class. HubLifecycleTest's steps share one state and run in name order (test_01_…);
once a step fails, the later steps fail fast with "an earlier lifecycle step failed".
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

ADDR = "gcnet_municipality_hub.x"
DEFAULT_DOMAINS = ["onprem", "asp", "ops"]
ASSOCIATED_DOMAIN = "ops"  # the hub VPC attachment is associated with this domain and propagated into the others
# How a gcnet route table is recognised by tag. None: any tag whose value equals the domain name. Set to a key
# (e.g. "gcnet:routing-domain") once the resource fixes its tag schema.
ROUTE_TABLE_DOMAIN_TAG_KEY = None

DEFAULT_TAGS = {"Project": "gcnet-e2e", "Owner": "harness"}
BASE_ARGS = {
    "municipality": "naruto",
    "vpc_cidr": "10.20.0.0/16",
    "amazon_side_asn": 64600,
    "share_with": ["111111111111", "222222222222"],
    "tags": {"Env": "test"},
}
TIMEOUTS = {"create": "20m", "update": "20m", "delete": "20m"}


def live_tgw(ec2, tgw_id):
    """The TGW description, or None when it is missing or deleted (moto keeps deleted objects visible)."""
    try:
        gws = ec2.describe_transit_gateways(TransitGatewayIds=[tgw_id])["TransitGateways"]
    except Exception:  # noqa: BLE001 - NotFound error code differs between AWS and moto
        return None
    gws = [g for g in gws if g["State"] not in ("deleted", "deleting")]
    return gws[0] if gws else None


def live_tgws(ec2):
    return [g for g in ec2.describe_transit_gateways()["TransitGateways"] if g["State"] not in ("deleted", "deleting")]


# ---------------------------------------------------------------------------------------------------------------
class HubValidateTest(unittest.TestCase):
    """`terraform validate` accepts a good config and rejects bad values before any AWS call."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)
        self.wd = e2e.TfWorkdir(moto=self.moto)
        self.moto.reset_requests()

    def tearDown(self):
        self.wd.cleanup()

    def _validate(self, region=e2e.REGION, **overrides):
        args = dict(BASE_ARGS)
        args.update(overrides)
        args = {k: v for k, v in args.items() if v is not None}
        self.wd.write(e2e.hub_config(region=region, default_tags=DEFAULT_TAGS, timeouts=TIMEOUTS, **args))
        self.moto.reset_requests()  # each subtest starts from zero (the boto3 checks below are requests too)
        return self.wd.validate()

    def _assert_rejected(self, res, attribute):
        self.assertNotEqual(res.rc, 0, "terraform validate should fail\n%s" % res)
        self.assertIn("Error", res.output, str(res))
        self.assertIn(attribute, res.output, "the error should name %r\n%s" % (attribute, res))
        self.assertEqual(self.moto.request_count(), 0,
                         "validate must not call AWS: %r" % self.moto.requests())
        self.assertEqual(live_tgws(self.moto.client("ec2")), [])

    def test_validate_accepts_full_config(self):
        res = self._validate(name="naruto-hub", availability_zones=["ap-northeast-1a", "ap-northeast-1c"],
                             routing_domains=DEFAULT_DOMAINS, allow_external_principals=False)
        self.assertEqual(res.rc, 0, str(res))
        self.assertIn("Success", res.stdout, str(res))
        self.assertEqual(self.moto.request_count(), 0, "validate must not call AWS: %r" % self.moto.requests())

    def test_validate_accepts_minimal_config(self):
        res = self._validate(amazon_side_asn=None, share_with=None, tags=None)
        self.assertEqual(res.rc, 0, str(res))

    def test_validate_accepts_private_asn_bounds(self):
        for asn in (64512, 65534, 4200000000, 4294967294):
            with self.subTest(asn=asn):
                res = self._validate(amazon_side_asn=asn)
                self.assertEqual(res.rc, 0, str(res))

    def test_validate_rejects_bad_vpc_cidr(self):
        for cidr in ("10.20.0.0/33", "not-a-cidr", "10.20.0.300/16"):
            with self.subTest(cidr=cidr):
                self._assert_rejected(self._validate(vpc_cidr=cidr), "vpc_cidr")

    def test_validate_rejects_public_asn_100(self):
        self._assert_rejected(self._validate(amazon_side_asn=100), "amazon_side_asn")

    def test_validate_rejects_asn_outside_private_ranges(self):
        for asn in (64511, 65535, 4199999999, 4294967295):
            with self.subTest(asn=asn):
                self._assert_rejected(self._validate(amazon_side_asn=asn), "amazon_side_asn")

    def test_validate_rejects_unknown_municipality_tokyo(self):
        self._assert_rejected(self._validate(municipality="tokyo"), "municipality")

    def test_validate_rejects_short_account_id_123(self):
        self._assert_rejected(self._validate(share_with=["123"]), "share_with")

    def test_validate_rejects_region_us_east_1(self):
        self._assert_rejected(self._validate(region="us-east-1"), "region")


# ---------------------------------------------------------------------------------------------------------------
class HubHostileInputTest(unittest.TestCase):
    """Input found by hand to slip through (issue 9, section 5), refused at plan with a clear error and no AWS write:
    a NUL character in any string (the AWS calls cut it there: "10.0.0.0/16\\u0000x" applied as 10.0.0.0/16 and
    every later plan replaced the hub), tags + default_tags beyond what AWS takes on one object; and a 50-character
    Japanese tag key, which AWS accepts (it counts characters), is accepted."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)
        self.wd = e2e.TfWorkdir(moto=self.moto)

    def tearDown(self):
        self.wd.cleanup()

    def _plan(self, region=e2e.REGION, default_tags=None, variable=None, **overrides):
        args = dict(BASE_ARGS)
        args.update(overrides)
        text = e2e.hub_config(region=region, default_tags=default_tags or DEFAULT_TAGS, **args)
        if variable is not None:
            # the value reaches the provider only at plan: `terraform validate` sees variables as unknown
            text = text.replace('"@var@"', "var.v") + '\nvariable "v" {\n  default = %s\n}\n' % e2e.hcl(variable)
        self.wd.write(text)
        self.moto.reset_requests()
        return self.wd.plan()

    def _assert_no_write(self):
        writes = [r for r in self.moto.requests() if not r["action"].startswith(("Describe", "Get", "List"))
                  and r["action"] != "GetCallerIdentity"]
        self.assertEqual(writes, [], "a refused plan must not write to AWS")
        self.assertEqual(live_tgws(self.moto.client("ec2")), [])

    def test_nul_in_any_string_fails_plan_naming_the_attribute(self):
        nul = "\u0000"
        cases = [
            ("vpc_cidr", {"vpc_cidr": "10.0.0.0/16" + nul + "x"}, {}),
            ("municipality", {"municipality": "naruto" + nul}, {}),
            ("share_with", {"share_with": ["111111111111" + nul]}, {}),
            ("name", {"name": "hub" + nul + "x"}, {}),
            ('"Env"', {"tags": {"Env": "te" + nul + "st"}}, {}),  # terraform shows the element's line
            ("region", {}, {"region": "ap-northeast-1" + nul}),
            ("vpc_cidr", {"vpc_cidr": "@var@"}, {"variable": "10.0.0.0/16" + nul + "x"}),
        ]
        for attribute, args, extra in cases:
            with self.subTest(attribute=attribute, via="variable" if "variable" in extra else "literal"):
                res = self._plan(**args, **extra)
                self.assertEqual(res.rc, 1, "plan must fail\n%s" % res)
                self.assertIn("NUL character", res.output, str(res))
                self.assertIn(attribute, res.output, "the error must name %r\n%s" % (attribute, res))
                self._assert_no_write()

    def test_tags_and_default_tags_over_aws_limit_fail_plan(self):
        tags = {"t%02d" % i: "v" for i in range(40)}
        defaults = {"d%02d" % i: "v" for i in range(40)}
        res = self._plan(tags=tags, default_tags=defaults)
        self.assertEqual(res.rc, 1, "40 + 40 tags must fail at plan, not at CreateTransitGateway\n%s" % res)
        self.assertIn("Too many tags", res.output, str(res))
        self.assertIn("make 80 tags", res.output, str(res))
        self._assert_no_write()

    def test_japanese_tag_key_of_50_characters_is_accepted(self):
        res = self._plan(tags={"徳" * 50: "鳴門市" * 80, "Env": "test"})
        self.assertEqual(res.rc, 2, "AWS counts characters: a 50-character key (150 bytes) is valid\n%s" % res)


class HubLifecycleTest(unittest.TestCase):
    """create → read back with boto3 → no-op plan → update in place → drift → replace plan → import → destroy."""

    failed = False
    state = None  # `values` of the resource after the last successful apply

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")
        cls.ram = cls.moto.client("ram")
        cls.wd = e2e.TfWorkdir(moto=cls.moto)
        cls.args = dict(BASE_ARGS)
        cls.write_config()

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.state is not None and not getattr(cls, "destroyed", False):
                cls.wd.destroy()
        finally:
            cls.wd.cleanup()
            cls.moto.stop()

    @classmethod
    def write_config(cls, **overrides):
        args = dict(cls.args)
        args.update(overrides)
        cls.wd.write(e2e.hub_config(default_tags=DEFAULT_TAGS, timeouts=TIMEOUTS, **args))

    def setUp(self):
        e2e.assert_provider_built(self)
        if HubLifecycleTest.failed:
            self.fail("an earlier lifecycle step failed")
        self._outcome_ok = False

    def tearDown(self):
        if not self._outcome_ok:
            HubLifecycleTest.failed = True

    def passed(self):
        self._outcome_ok = True

    def apply_ok(self):
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        HubLifecycleTest.state = self.wd.state_resource(ADDR)
        self.assertIsNotNone(HubLifecycleTest.state, "resource missing from state after apply")
        return res

    def plan_rc(self, expected, what):
        res = self.wd.plan()
        self.assertEqual(res.rc, expected, "%s\n%s" % (what, res))
        return res

    def route_tables(self, tgw_id):
        rts = self.ec2.describe_transit_gateway_route_tables(
            Filters=[{"Name": "transit-gateway-id", "Values": [tgw_id]}])["TransitGatewayRouteTables"]
        return [rt for rt in rts if rt["State"] not in ("deleted", "deleting")]

    def domain_of(self, rt):
        tags = e2e.tags_dict(rt.get("Tags"))
        if ROUTE_TABLE_DOMAIN_TAG_KEY:
            return tags.get(ROUTE_TABLE_DOMAIN_TAG_KEY)
        hits = [v for v in tags.values() if v in DEFAULT_DOMAINS]
        return hits[0] if len(hits) == 1 else None

    # --- steps ------------------------------------------------------------------------------------------------
    def test_01_plan_then_apply_creates_hub(self):
        self.plan_rc(2, "first plan must propose changes")
        self.assertEqual(live_tgws(self.ec2), [], "plan must not create anything")
        self.apply_ok()
        s = self.state
        self.assertRegex(s["id"], r"^tgw-[0-9a-f]+$")
        self.assertEqual(s["id"], s["transit_gateway_id"])
        self.assertRegex(s["transit_gateway_arn"], r"^arn:aws:ec2:ap-northeast-1:\d{12}:transit-gateway/tgw-")
        self.assertEqual(s["owner_id"], e2e.ACCOUNT_ID)
        self.assertEqual(s["name"], "naruto-gcnet", "default name is <municipality>-gcnet")
        self.assertEqual(sorted(s["route_table_ids"]), sorted(DEFAULT_DOMAINS))
        self.assertRegex(s["vpc_id"], r"^vpc-")
        self.assertEqual(len(s["subnet_ids"]), 2)
        self.assertRegex(s["vpc_attachment_id"], r"^tgw-attach-")
        self.assertRegex(s["resource_share_arn"], r"^arn:aws:ram:ap-northeast-1:\d{12}:resource-share/")
        self.assertEqual(s["routing_domains"], DEFAULT_DOMAINS)
        self.assertEqual(s["allow_external_principals"], False)
        self.passed()

    def test_02_transit_gateway_options_in_aws(self):
        gw = live_tgw(self.ec2, self.state["transit_gateway_id"])
        self.assertIsNotNone(gw, "TGW not found in AWS")
        opts = gw["Options"]
        self.assertEqual(opts["AmazonSideAsn"], 64600)
        self.assertEqual(opts["AutoAcceptSharedAttachments"], "disable")
        self.assertEqual(opts["DefaultRouteTableAssociation"], "disable")
        self.assertEqual(opts["DefaultRouteTablePropagation"], "disable")
        self.assertEqual(opts["DnsSupport"], "enable")
        self.assertEqual(gw["TransitGatewayArn"], self.state["transit_gateway_arn"])
        self.passed()

    def test_03_one_tagged_route_table_per_domain(self):
        tgw_id = self.state["transit_gateway_id"]
        ids = self.state["route_table_ids"]
        self.assertEqual(len(set(ids.values())), len(DEFAULT_DOMAINS), "route table ids must be distinct")
        by_domain = {}
        for rt in self.route_tables(tgw_id):
            domain = self.domain_of(rt)
            if domain is not None:  # moto may report a default table of its own
                by_domain.setdefault(domain, []).append(rt["TransitGatewayRouteTableId"])
        self.assertEqual(sorted(by_domain), sorted(DEFAULT_DOMAINS))
        for domain in DEFAULT_DOMAINS:
            self.assertEqual(by_domain[domain], [ids[domain]], "exactly one gcnet table for %s" % domain)
        self.passed()

    def test_04_vpc_subnets_attachment_association_propagation(self):
        s = self.state
        vpc = self.ec2.describe_vpcs(VpcIds=[s["vpc_id"]])["Vpcs"][0]
        self.assertEqual(vpc["CidrBlock"], "10.20.0.0/16")
        subnets = self.ec2.describe_subnets(SubnetIds=s["subnet_ids"])["Subnets"]
        self.assertEqual(len(subnets), 2)
        self.assertEqual({sn["VpcId"] for sn in subnets}, {s["vpc_id"]})
        self.assertEqual(len({sn["AvailabilityZone"] for sn in subnets}), 2, "subnets must be in 2 distinct AZs")
        att = self.ec2.describe_transit_gateway_vpc_attachments(
            TransitGatewayAttachmentIds=[s["vpc_attachment_id"]])["TransitGatewayVpcAttachments"][0]
        self.assertEqual(att["State"], "available")
        self.assertEqual(att["VpcId"], s["vpc_id"])
        self.assertEqual(att["TransitGatewayId"], s["transit_gateway_id"])
        self.assertEqual(sorted(att["SubnetIds"]), sorted(s["subnet_ids"]))
        ids = s["route_table_ids"]
        for domain in DEFAULT_DOMAINS:
            assoc = self.ec2.get_transit_gateway_route_table_associations(
                TransitGatewayRouteTableId=ids[domain])["Associations"]
            props = self.ec2.get_transit_gateway_route_table_propagations(
                TransitGatewayRouteTableId=ids[domain])["TransitGatewayRouteTablePropagations"]
            assoc_ids = [a["TransitGatewayAttachmentId"] for a in assoc]
            prop_ids = [p["TransitGatewayAttachmentId"] for p in props if p.get("State", "enabled") == "enabled"]
            if domain == ASSOCIATED_DOMAIN:
                self.assertEqual(assoc_ids, [s["vpc_attachment_id"]], "attachment associated with %s" % domain)
                self.assertNotIn(s["vpc_attachment_id"], prop_ids)
            else:
                self.assertEqual(assoc_ids, [], "nothing associated with %s" % domain)
                self.assertEqual(prop_ids, [s["vpc_attachment_id"]], "attachment propagated into %s" % domain)
        self.passed()

    def _share(self):
        arn = self.state["resource_share_arn"]
        shares = self.ram.get_resource_shares(resourceOwner="SELF", resourceShareArns=[arn])["resourceShares"]
        shares = [sh for sh in shares if sh["resourceShareArn"] == arn]
        self.assertEqual(len(shares), 1)
        principals = self.ram.get_resource_share_associations(
            associationType="PRINCIPAL", resourceShareArns=[arn])["resourceShareAssociations"]
        resources = self.ram.get_resource_share_associations(
            associationType="RESOURCE", resourceShareArns=[arn])["resourceShareAssociations"]
        live = ("ASSOCIATED", "ASSOCIATING")
        return (shares[0], sorted(p["associatedEntity"] for p in principals if p["status"] in live),
                sorted(r["associatedEntity"] for r in resources if r["status"] in live))

    def test_05_ram_share_of_tgw(self):
        share, principals, resources = self._share()
        self.assertEqual(share["status"], "ACTIVE")
        self.assertIs(share["allowExternalPrincipals"], False)
        self.assertEqual(principals, ["111111111111", "222222222222"])
        self.assertEqual(resources, [self.state["transit_gateway_arn"]])
        self.passed()

    def test_06_tags_include_default_tags(self):
        expected = dict(DEFAULT_TAGS)
        expected.update(BASE_ARGS["tags"])
        s = self.state
        self.assertEqual(s["tags"], BASE_ARGS["tags"])
        for k, v in expected.items():
            self.assertEqual(s["tags_all"].get(k), v, "tags_all[%s]" % k)
        gw_tags = e2e.tags_dict(live_tgw(self.ec2, s["transit_gateway_id"]).get("Tags"))
        vpc_tags = e2e.tags_dict(self.ec2.describe_vpcs(VpcIds=[s["vpc_id"]])["Vpcs"][0].get("Tags"))
        for k, v in expected.items():
            self.assertEqual(gw_tags.get(k), v, "TGW tag %s" % k)
            self.assertEqual(vpc_tags.get(k), v, "VPC tag %s" % k)
        self.passed()

    def test_07_second_plan_has_no_changes(self):
        self.moto.reset_requests()
        self.plan_rc(0, "plan right after apply must be empty")
        writes = [r for r in self.moto.requests()
                  if r["action"].lower().startswith(("create", "delete", "modify", "associate", "disassociate",
                                                     "enable", "disable", "update"))]
        self.assertEqual(writes, [], "a plan must only read")
        self.passed()

    def test_08_in_place_update_tags_and_share_with(self):
        tgw_before = self.state["transit_gateway_id"]
        HubLifecycleTest.args = dict(BASE_ARGS, name="naruto-hub-2", tags={"Env": "test", "Phase": "2"},
                                     share_with=["222222222222", "333333333333"])
        self.write_config()
        res = self.plan_rc(2, "changing tags and share_with must show a diff")
        self.assertIn("update in-place", res.stdout, str(res))
        self.assertNotIn("must be replaced", res.stdout, str(res))
        self.apply_ok()
        self.assertEqual(self.state["transit_gateway_id"], tgw_before, "TGW must not be replaced")
        gw = live_tgw(self.ec2, tgw_before)
        self.assertEqual(e2e.tags_dict(gw.get("Tags")).get("Phase"), "2")
        share, principals, _ = self._share()
        self.assertEqual(principals, ["222222222222", "333333333333"])
        # the share follows the hub's tags and name, as every other object of the hub does
        share_tags = e2e.tags_dict(share.get("tags"), key="key", value="value")
        self.assertEqual(share_tags.get("Phase"), "2", share_tags)
        self.assertEqual(share_tags.get("Env"), "test", share_tags)
        self.assertEqual(share["name"], "naruto-hub-2")
        self.assertEqual(live_tgw(self.ec2, tgw_before).get("Description"), "naruto-hub-2")
        # generated Name tags follow the rename, each with its object's suffix
        self.assertEqual(e2e.tags_dict(live_tgw(self.ec2, tgw_before).get("Tags")).get("Name"), "naruto-hub-2")
        vpc = self.ec2.describe_vpcs(VpcIds=[self.state["vpc_id"]])["Vpcs"][0]
        self.assertEqual(e2e.tags_dict(vpc.get("Tags")).get("Name"), "naruto-hub-2-ops")
        rt = self.ec2.describe_transit_gateway_route_tables(
            TransitGatewayRouteTableIds=[self.state["route_table_ids"]["asp"]])["TransitGatewayRouteTables"][0]
        self.assertEqual(e2e.tags_dict(rt.get("Tags")).get("Name"), "naruto-hub-2-asp")
        self.plan_rc(0, "plan after the update must be empty")
        self.passed()

    def test_09_drift_changed_tag_is_detected_and_repaired(self):
        tgw_id = self.state["transit_gateway_id"]
        self.ec2.create_tags(Resources=[tgw_id], Tags=[{"Key": "Env", "Value": "tampered"}])
        self.plan_rc(2, "a tag changed outside terraform must show a diff")
        self.apply_ok()
        self.assertEqual(e2e.tags_dict(live_tgw(self.ec2, tgw_id).get("Tags")).get("Env"), "test")
        self.plan_rc(0, "plan after repairing drift must be empty")
        self.passed()

    def test_10_drift_deleted_route_table_is_detected_and_repaired(self):
        rt_id = self.state["route_table_ids"]["asp"]
        self.ec2.delete_transit_gateway_route_table(TransitGatewayRouteTableId=rt_id)
        self.plan_rc(2, "a route table deleted outside terraform must show a diff")
        self.apply_ok()
        new_id = self.state["route_table_ids"]["asp"]
        self.assertIn(new_id, [rt["TransitGatewayRouteTableId"] for rt in
                               self.route_tables(self.state["transit_gateway_id"])])
        props = self.ec2.get_transit_gateway_route_table_propagations(
            TransitGatewayRouteTableId=new_id)["TransitGatewayRouteTablePropagations"]
        self.assertIn(self.state["vpc_attachment_id"], [p["TransitGatewayAttachmentId"] for p in props])
        self.plan_rc(0, "plan after repairing drift must be empty")
        self.passed()

    def test_10b_drift_deleted_vpc_attachment_is_recreated_and_rewired(self):
        old_att = self.state["vpc_attachment_id"]
        self.ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=old_att)
        self.plan_rc(2, "an attachment deleted outside terraform must show a diff")
        self.apply_ok()
        new_att = self.state["vpc_attachment_id"]
        self.assertNotEqual(new_att, old_att, "a new attachment replaces the deleted one")
        atts = self.ec2.describe_transit_gateway_vpc_attachments(
            TransitGatewayAttachmentIds=[new_att])["TransitGatewayVpcAttachments"]
        self.assertEqual([(a["VpcId"], a["State"]) for a in atts], [(self.state["vpc_id"], "available")])
        rts = self.state["route_table_ids"]
        assoc = self.ec2.get_transit_gateway_route_table_associations(
            TransitGatewayRouteTableId=rts["ops"])["Associations"]
        self.assertIn(new_att, [a["TransitGatewayAttachmentId"] for a in assoc], "associated with ops again")
        for domain in ("onprem", "asp"):
            props = self.ec2.get_transit_gateway_route_table_propagations(
                TransitGatewayRouteTableId=rts[domain])["TransitGatewayRouteTablePropagations"]
            self.assertIn(new_att, [p["TransitGatewayAttachmentId"] for p in props], "propagated into " + domain)
        self.plan_rc(0, "plan after recreating the attachment must be empty")
        self.passed()

    def test_11_changing_vpc_cidr_plans_replacement(self):
        self.write_config(vpc_cidr="10.30.0.0/16")
        try:
            res = self.plan_rc(2, "changing vpc_cidr must show a diff")
            self.assertRegex(res.stdout, r"must be replaced|forces replacement", str(res))
            self.assertRegex(res.stdout, r"vpc_cidr.*forces replacement", str(res))
        finally:
            self.write_config()
        self.plan_rc(0, "config restored: no changes")
        self.passed()

    def test_12_import_into_fresh_state_rebuilds_attributes(self):
        original = self.state
        wd = e2e.TfWorkdir(moto=self.moto, prefix="gcnet-e2e-import-")
        try:
            # "Matching config" = the remote object's arguments. The timeouts block is left out: it is not part of
            # the remote object, so an import cannot know it (a framework-style timeouts block would otherwise show
            # up as the only diff).
            wd.write(e2e.hub_config(default_tags=DEFAULT_TAGS, **self.args))
            res = wd.tf("import", "-no-color", "-input=false", ADDR, original["id"])
            self.assertEqual(res.rc, 0, str(res))
            imported = wd.state_resource(ADDR)
            self.assertIsNotNone(imported)
            for key in ("id", "transit_gateway_id", "transit_gateway_arn", "owner_id", "route_table_ids", "vpc_id",
                        "vpc_attachment_id", "resource_share_arn", "municipality", "name", "amazon_side_asn",
                        "vpc_cidr", "routing_domains", "allow_external_principals", "tags", "tags_all"):
                self.assertEqual(imported.get(key), original.get(key), "imported %s" % key)
            self.assertEqual(sorted(imported["subnet_ids"]), sorted(original["subnet_ids"]))
            self.assertEqual(sorted(imported["share_with"]), sorted(original["share_with"]))
            res = wd.plan()
            self.assertEqual(res.rc, 0, "plan after import with matching config must be empty\n%s" % res)
        finally:
            wd.cleanup()
        self.passed()

    def test_13_destroy_removes_everything(self):
        s = self.state
        res = self.wd.destroy()
        self.assertEqual(res.rc, 0, str(res))
        HubLifecycleTest.destroyed = True
        self.assertIsNone(live_tgw(self.ec2, s["transit_gateway_id"]), "TGW must be gone")
        vpcs = [v["VpcId"] for v in self.ec2.describe_vpcs()["Vpcs"]]
        self.assertNotIn(s["vpc_id"], vpcs, "VPC must be gone")
        shares = self.ram.get_resource_shares(resourceOwner="SELF",
                                              resourceShareArns=[s["resource_share_arn"]])["resourceShares"]
        for sh in shares:
            if sh["resourceShareArn"] == s["resource_share_arn"]:
                self.assertIn(sh["status"], ("DELETED", "DELETING"))
        self.assertIsNone(self.wd.state_resource(ADDR), "state must be empty after destroy")
        self.passed()


if __name__ == "__main__":
    unittest.main(verbosity=2)
