"""All nine municipalities' hubs in one root, applied with Terraform's parallelism at 10: concurrent RPCs in one
provider process share one AWS client (worker pool, curl handle pool, cached account id). Checks with boto3 that
each hub is whole and distinct, that a second plan is clean, and that destroy leaves nothing.

Run: python3 -m unittest -v tests/e2e/test_concurrency.py   (needs the built provider, see tests/README.md)
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402
from test_examples import ExampleWorkdir, live  # noqa: E402

# council number of each municipality (examples/<key>: VPC 10.<no>.0.0/16, ASN 64512 + no)
COUNCIL_NO = {"naruto": 2, "komatsushima": 3, "anan": 4, "mima": 7, "katsuura": 9, "matsushige": 18, "aizumi": 20,
              "itano": 21, "kamiita": 22}

ALL_TF = """
terraform {
  required_providers {
    gcnet = { source = "tokushima/gcnet" }
  }
}

provider "gcnet" {
  region = "ap-northeast-1"
}

locals {
  council_no = %s
}

module "network" {
  source   = "../modules/municipality"
  for_each = local.council_no

  municipality    = each.key
  vpc_cidr        = "10.${each.value}.0.0/16"
  amazon_side_asn = 64512 + each.value
  asp_account_ids = ["111111111111"]

  # the hubs alone: this test is about nine of them at once in one provider process
  dns_enabled        = false
  private_ca_enabled = false
}
""" % e2e.hcl(COUNCIL_NO)


class NineHubsInParallelTest(unittest.TestCase):
    """Steps run in order and share one state."""

    failed = False

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")
        cls.wd = ExampleWorkdir("all", moto=cls.moto, copy_from=os.path.join(e2e.REPO, "examples"))
        os.makedirs(cls.wd.path, exist_ok=True)
        cls.wd.write(ALL_TF)
        cls.applied = False

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.applied:
                cls.wd.destroy()
        finally:
            cls.wd.cleanup()
            cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)
        if NineHubsInParallelTest.failed:
            self.fail("an earlier step failed")
        self._ok = False

    def tearDown(self):
        if not self._ok:
            NineHubsInParallelTest.failed = True

    def gcnet_tgws(self):
        return [g for g in live(self.ec2.describe_transit_gateways()["TransitGateways"])
                if "gcnet:municipality" in e2e.tags_dict(g.get("Tags"))]

    def test_01_apply_nine_hubs_with_parallelism_10(self):
        res = self.wd.get()
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.apply("-parallelism=10")
        NineHubsInParallelTest.applied = True
        self.assertEqual(res.rc, 0, str(res))
        self.assertIn("Apply complete! Resources: 9 added", res.stdout)
        self._ok = True

    def test_02_each_hub_is_whole_and_distinct(self):
        tgws = self.gcnet_tgws()
        by_key = {e2e.tags_dict(g["Tags"])["gcnet:municipality"]: g for g in tgws}
        self.assertEqual(sorted(by_key), sorted(COUNCIL_NO), "one TGW per municipality, no duplicates")
        self.assertEqual(len(tgws), 9)
        for key, no in COUNCIL_NO.items():
            gw = by_key[key]
            self.assertEqual(gw["Options"]["AmazonSideAsn"], 64512 + no, key)
            tgw_id = gw["TransitGatewayId"]
            rts = [rt for rt in live(self.ec2.describe_transit_gateway_route_tables(
                Filters=[{"Name": "transit-gateway-id", "Values": [tgw_id]}])["TransitGatewayRouteTables"])
                if "gcnet:routing-domain" in e2e.tags_dict(rt.get("Tags"))]
            self.assertEqual(len(rts), 3, "%s: one route table per domain" % key)
            vpcs = self.ec2.describe_vpcs(Filters=[{"Name": "tag:gcnet:transit-gateway-id",
                                                    "Values": [tgw_id]}])["Vpcs"]
            self.assertEqual([v["CidrBlock"] for v in vpcs], ["10.%d.0.0/16" % no], key)
            subnets = self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpcs[0]["VpcId"]]}])["Subnets"]
            self.assertEqual(len(subnets), 2, key)
            atts = live(self.ec2.describe_transit_gateway_vpc_attachments(
                Filters=[{"Name": "transit-gateway-id", "Values": [tgw_id]}])["TransitGatewayVpcAttachments"])
            self.assertEqual([a["VpcId"] for a in atts], [vpcs[0]["VpcId"]], key)
        self._ok = True

    def test_03_second_plan_is_clean(self):
        res = self.wd.plan("-parallelism=10")
        self.assertEqual(res.rc, 0, "no changes expected\n%s" % res)
        self._ok = True

    def test_04_destroy_leaves_nothing(self):
        res = self.wd.destroy("-parallelism=10")
        self.assertEqual(res.rc, 0, str(res))
        NineHubsInParallelTest.applied = False
        self.assertEqual(self.gcnet_tgws(), [])
        left = [v for v in self.ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
        self.assertEqual(left, [], "no operations VPC is left behind")
        self._ok = True


if __name__ == "__main__":
    unittest.main(verbosity=2)
