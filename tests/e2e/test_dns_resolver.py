"""End-to-end tests of gcnet_dns_resolver: real terraform 1.11.4 + the built provider + patched moto, boto3 checks.

Run: python3 -m unittest -v tests/e2e/test_dns_resolver.py   (from the repo root)

DnsLifecycleTest's steps share one state and one moto and run in name order; after a failing step the rest fail
fast. The VPC and subnets are made with boto3 (the hub's ops VPC stands in), and an ASP's private zone too.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

ADDR = "gcnet_dns_resolver.x"


def resolver_config(vpc, subnets, zone, **over):
    args = {
        "vpc_id": vpc,
        "subnet_ids": subnets,
        "name": "naruto-dns",
        "allowed_cidrs": ["172.16.0.0/16"],
        "inbound_ips": ["10.2.0.10", "10.2.128.10", "10.2.0.11", "10.2.128.11"],
        "forward_rules": {"Naruto.Local.": {"target_ips": ["172.16.1.53", "172.16.2.53"], "port": 53,
                                            "outbound_endpoint": 0}},
        "share_with": ["111111111111"],
        "hosted_zone_ids": [zone],
        "tags": {"Env": "test"},
    }
    args.update(over)
    return e2e.TERRAFORM_BLOCK + e2e.provider_block() + "\n" + e2e.resource_block("gcnet_dns_resolver", "x", args)


class DnsLifecycleTest(unittest.TestCase):
    failed = False

    @classmethod
    def setUpClass(cls):
        e2e.assert_provider_built(cls)
        cls.moto = e2e.Moto().start()
        cls.wd = e2e.TfWorkdir(cls.moto, prefix="gcnet-dns-")
        ec2 = cls.moto.client("ec2")
        cls.vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
        cls.subnets = [ec2.create_subnet(VpcId=cls.vpc, CidrBlock=c, AvailabilityZone=z)["Subnet"]["SubnetId"]
                       for c, z in (("10.2.0.0/17", "ap-northeast-1a"), ("10.2.128.0/17", "ap-northeast-1c"))]
        r53 = cls.moto.client("route53", region="us-east-1")
        other = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
        cls.zone = r53.create_hosted_zone(Name="asp.example", CallerReference="asp-1",
                                          HostedZoneConfig={"PrivateZone": True},
                                          VPC={"VPCRegion": e2e.REGION, "VPCId": other})["HostedZone"]["Id"]
        cls.zone = cls.zone.split("/")[-1]

    @classmethod
    def tearDownClass(cls):
        cls.wd.cleanup()
        cls.moto.stop()

    def setUp(self):
        if DnsLifecycleTest.failed:
            self.fail("an earlier lifecycle step failed")

    def _step(self, fn):
        try:
            fn()
        except BaseException:
            DnsLifecycleTest.failed = True
            raise

    def _apply(self, **over):
        self.wd.write(resolver_config(self.vpc, self.subnets, self.zone, **over))
        r = self.wd.apply()
        self.assertEqual(r.rc, 0, str(r))
        r = self.wd.plan("-detailed-exitcode")
        self.assertEqual(r.rc, 0, "plan after apply is not clean:\n" + str(r))
        return self.wd.state_resource(ADDR)

    def _resolver(self):
        return self.moto.client("route53resolver")

    def _endpoint_ips(self, eid):
        return [a["Ip"] for a in self._resolver().list_resolver_endpoint_ip_addresses(ResolverEndpointId=eid)
                ["IpAddresses"]]

    def test_01_validate_rejects_bad_input(self):
        def run():
            bad = resolver_config(self.vpc, self.subnets, self.zone, inbound_ips=["10.2.0.10", "10.2.0.10"],
                                  forward_rules={"bad..domain": {"target_ips": ["1.2.3.4"], "port": 70000,
                                                                 "outbound_endpoint": 5}},
                                  hosted_zone_ids=["nope"], share_with=["123"], allowed_cidrs=["10.0.0.1/8"])
            self.wd.write(bad)
            self.moto.reset_requests()
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            for text in ("Duplicate IP address", "Invalid domain name", "Invalid port", "Invalid hosted zone ID",
                         "Invalid CIDR block", "Invalid outbound endpoint", "Invalid AWS account ID"):
                self.assertIn(text, r.output, r.output)
            # cross-attribute checks run once each attribute is valid on its own
            self.wd.write(resolver_config(self.vpc, self.subnets, self.zone, inbound_ips=["10.2.0.10", "10.2.128.10"],
                                          forward_rules={"a.local": {"target_ips": ["1.2.3.4"], "port": 53,
                                                                     "outbound_endpoint": 3}}))
            r = self.wd.validate()
            self.assertNotEqual(r.rc, 0)
            self.assertIn("Wrong number of pinned addresses", r.output)
            self.assertIn("No such outbound endpoint", r.output)
            self.assertEqual(self.moto.request_count(), 0)
        self._step(run)

    def test_02_plan_rejects_addresses_outside_subnets(self):
        def run():
            self.wd.write(resolver_config(self.vpc, self.subnets, self.zone,
                                          inbound_ips=["10.2.128.10", "10.2.0.10", "10.2.0.1", "10.2.128.11"],
                                          forward_rules={"naruto.local": {"target_ips": ["10.2.5.5"], "port": 53,
                                                                          "outbound_endpoint": 0}}))
            r = self.wd.plan()
            self.assertNotEqual(r.rc, 0)
            for text in ("Address outside its subnet", "Reserved address", "Target inside the VPC"):
                self.assertIn(text, r.output, r.output)
        self._step(run)

    def test_03_create(self):
        def run():
            st = self._apply()
            v = st
            DnsLifecycleTest.created = v
            self.assertEqual(v["id"], self.vpc)
            self.assertEqual(len(v["inbound_endpoint_ids"]), 2)
            self.assertEqual(len(v["outbound_endpoint_ids"]), 2)
            self.assertEqual(v["inbound_ip_addresses"], ["10.2.0.10", "10.2.128.10", "10.2.0.11", "10.2.128.11"])
            self.assertEqual(len(v["outbound_ip_addresses"]), 4)
            r = self._resolver()
            for i, eid in enumerate(v["inbound_endpoint_ids"]):
                ep = r.get_resolver_endpoint(ResolverEndpointId=eid)["ResolverEndpoint"]
                self.assertEqual(ep["Direction"], "INBOUND")
                self.assertEqual(ep["SecurityGroupIds"], [v["security_group_ids"]["inbound"]])
                self.assertEqual(sorted(self._endpoint_ips(eid)), sorted(v["inbound_ip_addresses"][2 * i:2 * i + 2]))
            ec2 = self.moto.client("ec2")
            sg_in = ec2.describe_security_groups(GroupIds=[v["security_group_ids"]["inbound"]])["SecurityGroups"][0]
            ingress = {(p["IpProtocol"], p.get("FromPort"), c["CidrIp"]) for p in sg_in["IpPermissions"]
                       for c in p["IpRanges"]}
            self.assertEqual(ingress, {("tcp", 53, "172.16.0.0/16"), ("udp", 53, "172.16.0.0/16")})
            sg_out = ec2.describe_security_groups(GroupIds=[v["security_group_ids"]["outbound"]])["SecurityGroups"][0]
            egress = {(p["IpProtocol"], p.get("FromPort"), c["CidrIp"]) for p in sg_out["IpPermissionsEgress"]
                      for c in p["IpRanges"]}
            self.assertEqual(egress, {(pr, 53, ip) for pr in ("tcp", "udp")
                                      for ip in ("172.16.1.53/32", "172.16.2.53/32")})
            rule_id = v["rule_ids"]["Naruto.Local."]
            rule = r.get_resolver_rule(ResolverRuleId=rule_id)["ResolverRule"]
            self.assertEqual(rule["DomainName"].rstrip("."), "naruto.local")
            self.assertEqual(rule["ResolverEndpointId"], v["outbound_endpoint_ids"][0])
            self.assertEqual(sorted(t["Ip"] for t in rule["TargetIps"]), ["172.16.1.53", "172.16.2.53"])
            assocs = r.list_resolver_rule_associations()["ResolverRuleAssociations"]
            self.assertIn((rule_id, self.vpc), {(a["ResolverRuleId"], a["VPCId"]) for a in assocs})
            ram = self.moto.client("ram")
            principals = ram.get_resource_share_associations(associationType="PRINCIPAL",
                                                             resourceShareArns=[v["resource_share_arn"]])
            self.assertEqual([a["associatedEntity"] for a in principals["resourceShareAssociations"]],
                             ["111111111111"])
            resources = ram.get_resource_share_associations(associationType="RESOURCE",
                                                            resourceShareArns=[v["resource_share_arn"]])
            self.assertEqual([a["associatedEntity"] for a in resources["resourceShareAssociations"]], [rule["Arn"]])
            zones = self.moto.client("route53", region="us-east-1").list_hosted_zones_by_vpc(
                VPCId=self.vpc, VPCRegion=e2e.REGION)["HostedZoneSummaries"]
            self.assertIn(self.zone, [z["HostedZoneId"] for z in zones])
        self._step(run)

    def test_04_in_place_moves_pinned_ip_and_updates_rule(self):
        def run():
            before = DnsLifecycleTest.created
            st = self._apply(inbound_ips=["10.2.0.10", "10.2.128.10", "10.2.0.12", "10.2.128.11"],
                             forward_rules={"naruto.local": {"target_ips": ["172.16.3.53"], "port": 5353,
                                                             "outbound_endpoint": 1}},
                             share_with=["111111111111", "222222222222"])
            v = st
            self.assertEqual(v["inbound_endpoint_ids"], before["inbound_endpoint_ids"])
            self.assertEqual(v["rule_ids"]["naruto.local"], before["rule_ids"]["Naruto.Local."])
            self.assertEqual(sorted(self._endpoint_ips(v["inbound_endpoint_ids"][1])), ["10.2.0.12", "10.2.128.11"])
            rule = self._resolver().get_resolver_rule(ResolverRuleId=v["rule_ids"]["naruto.local"])["ResolverRule"]
            self.assertEqual(rule["TargetIps"], [{"Ip": "172.16.3.53", "Port": 5353}])
            self.assertEqual(rule["ResolverEndpointId"], v["outbound_endpoint_ids"][1])
            principals = self.moto.client("ram").get_resource_share_associations(
                associationType="PRINCIPAL", resourceShareArns=[v["resource_share_arn"]])
            self.assertEqual(sorted(a["associatedEntity"] for a in principals["resourceShareAssociations"]),
                             ["111111111111", "222222222222"])
            DnsLifecycleTest.created = v
        self._step(run)

    def test_05_drift_repaired_in_place(self):
        def run():
            v = DnsLifecycleTest.created
            r = self._resolver()
            r.disassociate_resolver_rule(ResolverRuleId=v["rule_ids"]["naruto.local"], VPCId=self.vpc)
            self.moto.client("route53", region="us-east-1").disassociate_vpc_from_hosted_zone(
                HostedZoneId=self.zone, VPC={"VPCRegion": e2e.REGION, "VPCId": self.vpc})
            p = self.wd.plan("-detailed-exitcode")
            self.assertEqual(p.rc, 2, str(p))
            self.assertIn("update in-place", p.output)
            st = self._apply(inbound_ips=["10.2.0.10", "10.2.128.10", "10.2.0.12", "10.2.128.11"],
                             forward_rules={"naruto.local": {"target_ips": ["172.16.3.53"], "port": 5353,
                                                             "outbound_endpoint": 1}},
                             share_with=["111111111111", "222222222222"])
            self.assertEqual(st["rule_ids"]["naruto.local"], v["rule_ids"]["naruto.local"])
            assocs = r.list_resolver_rule_associations()["ResolverRuleAssociations"]
            self.assertIn(v["rule_ids"]["naruto.local"], [a["ResolverRuleId"] for a in assocs])
        self._step(run)

    def test_06_import_plans_no_changes(self):
        def run():
            config = resolver_config(self.vpc, self.subnets, self.zone,
                                     inbound_ips=["10.2.0.10", "10.2.128.10", "10.2.0.12", "10.2.128.11"],
                                     forward_rules={"naruto.local": {"target_ips": ["172.16.3.53"], "port": 5353,
                                                                     "outbound_endpoint": 1}},
                                     share_with=["111111111111", "222222222222"])
            wd2 = e2e.TfWorkdir(self.moto, prefix="gcnet-dns-import-")
            try:
                wd2.write(config)
                r = wd2.tf("import", ADDR, self.vpc)
                self.assertEqual(r.rc, 0, str(r))
                p = wd2.plan("-detailed-exitcode")
                self.assertEqual(p.rc, 0, "plan after import is not clean:\n" + str(p))
            finally:
                wd2.cleanup()
        self._step(run)

    def test_07_destroy_leaves_nothing(self):
        def run():
            r = self.wd.destroy()
            self.assertEqual(r.rc, 0, str(r))
            res = self._resolver()
            self.assertEqual([e for e in res.list_resolver_endpoints()["ResolverEndpoints"]], [])
            self.assertEqual(res.list_resolver_rules()["ResolverRules"], [])
            self.assertEqual(res.list_resolver_rule_associations()["ResolverRuleAssociations"], [])
            groups = self.moto.client("ec2").describe_security_groups(
                Filters=[{"Name": "vpc-id", "Values": [self.vpc]}])["SecurityGroups"]
            self.assertEqual([g["GroupName"] for g in groups], ["default"])
        self._step(run)


if __name__ == "__main__":
    unittest.main()
