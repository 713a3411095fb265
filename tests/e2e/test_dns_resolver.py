"""End-to-end tests of gcnet_dns_resolver: real terraform 1.11.4 + the built provider + patched moto, boto3 checks.

Run: python3 -m unittest -v tests/e2e/test_dns_resolver.py   (from the repo root)

DnsLifecycleTest's steps share one state and one moto and run in name order; after a failing step the rest fail
fast. The VPC and subnets are made with boto3 (the hub's ops VPC stands in), and an ASP's private zone too.
DnsCrossAccountZoneTest: an ASP's zone in another account (moto's sts:AssumeRole account switch) that has not
authorised the VPC yet; the apply warns and builds the rest; after the ASP's CreateVPCAssociationAuthorization the
next apply associates the zone.
"""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

ADDR = "gcnet_dns_resolver.x"
# the configuration from test_04 on (the later steps change it and come back to it)
STEP4 = {
    "inbound_ips": ["10.2.0.10", "10.2.128.10", "10.2.0.12", "10.2.128.11"],
    "forward_rules": {"naruto.local": {"target_ips": ["172.16.3.53"], "port": 5353, "outbound_endpoint": 1}},
    "share_with": ["111111111111", "222222222222"],
}


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


class DnsLifecycleTest(e2e.OrderedTest):
    prefix = "gcnet-dns-"
    failure_message = "an earlier lifecycle step failed"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ec2 = cls.moto.client("ec2")
        cls.vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
        made = [ec2.create_subnet(VpcId=cls.vpc, CidrBlock=c, AvailabilityZone=z)["Subnet"]["SubnetId"]
                for c, z in (("10.2.0.0/18", "ap-northeast-1a"), ("10.2.128.0/18", "ap-northeast-1c"),
                             ("10.2.64.0/18", "ap-northeast-1c"))]
        cls.subnets, cls.third_subnet = made[:2], made[2]
        r53 = cls.moto.client("route53", region="us-east-1")
        other = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
        cls.zone = r53.create_hosted_zone(Name="asp.example", CallerReference="asp-1",
                                          HostedZoneConfig={"PrivateZone": True},
                                          VPC={"VPCRegion": e2e.REGION, "VPCId": other})["HostedZone"]["Id"]
        cls.zone = cls.zone.split("/")[-1]

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
            # an error inside forward_rules is shown on the rule's line, not on the resource block
            diags = json.loads(self.wd.tf("validate", "-json").stdout)["diagnostics"]
            port = [d for d in diags if d["summary"] == "Invalid port"]
            self.assertEqual(len(port), 1, diags)
            self.assertIn('"bad..domain" = {', port[0]["snippet"]["code"], port[0])
            self.assertIn('forward_rules["bad..domain"].port', port[0]["detail"])
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
            ec2 = self.moto.client("ec2")
            sg_out = v["security_group_ids"]["outbound"]
            ec2.revoke_security_group_egress(GroupId=sg_out, IpPermissions=[
                {"IpProtocol": "udp", "FromPort": 5353, "ToPort": 5353, "IpRanges": [{"CidrIp": "172.16.3.53/32"}]}])
            p = self.wd.plan("-detailed-exitcode")
            self.assertEqual(p.rc, 2, str(p))
            self.assertIn("update in-place", p.output)
            self.assertIn('"172.16.3.53"', p.output)  # the target whose egress was revoked is put back
            st = self._apply(**STEP4)
            self.assertEqual(st["rule_ids"]["naruto.local"], v["rule_ids"]["naruto.local"])
            assocs = r.list_resolver_rule_associations()["ResolverRuleAssociations"]
            self.assertIn(v["rule_ids"]["naruto.local"], [a["ResolverRuleId"] for a in assocs])
            self.assertIn(("udp", 5353, "172.16.3.53/32"), self._egress(sg_out))
        self._step(run)

    def _egress(self, sg):
        group = self.moto.client("ec2").describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]
        return {(p["IpProtocol"], p.get("FromPort"), c["CidrIp"]) for p in group["IpPermissionsEgress"]
                for c in p["IpRanges"]}

    def _ids(self, v):
        return {k: v[k] for k in ("inbound_endpoint_ids", "outbound_endpoint_ids", "rule_ids", "security_group_ids",
                                  "resource_share_arn")}

    def test_05a_endpoint_counts_change_in_place(self):
        # AWS's default quota (and moto's) is 4 endpoints per region, so the counts go down and back up
        def run():
            before = DnsLifecycleTest.created
            rules = {"naruto.local": dict(STEP4["forward_rules"]["naruto.local"], outbound_endpoint=0)}
            st = self._apply(**dict(STEP4, inbound_endpoints=1, outbound_endpoints=1,
                                    inbound_ips=STEP4["inbound_ips"][:2], forward_rules=rules))
            self.assertEqual(st["inbound_endpoint_ids"], before["inbound_endpoint_ids"][:1])
            self.assertEqual(st["outbound_endpoint_ids"], before["outbound_endpoint_ids"][:1])
            self.assertEqual(st["rule_ids"], before["rule_ids"])
            live = {e["Id"] for e in self._resolver().list_resolver_endpoints()["ResolverEndpoints"]}
            self.assertEqual(live, {before["inbound_endpoint_ids"][0], before["outbound_endpoint_ids"][0]})
            rule = self._resolver().get_resolver_rule(ResolverRuleId=st["rule_ids"]["naruto.local"])["ResolverRule"]
            self.assertEqual(rule["ResolverEndpointId"], before["outbound_endpoint_ids"][0])
            st = self._apply(**STEP4)
            self.assertEqual(st["inbound_endpoint_ids"][0], before["inbound_endpoint_ids"][0])
            self.assertEqual(st["outbound_endpoint_ids"][0], before["outbound_endpoint_ids"][0])
            self.assertEqual(len(st["inbound_endpoint_ids"]), 2)
            self.assertEqual(st["rule_ids"], before["rule_ids"])
            self.assertEqual(sorted(self._endpoint_ips(st["inbound_endpoint_ids"][1])), ["10.2.0.12", "10.2.128.11"])
            rule = self._resolver().get_resolver_rule(ResolverRuleId=st["rule_ids"]["naruto.local"])["ResolverRule"]
            self.assertEqual(rule["ResolverEndpointId"], st["outbound_endpoint_ids"][1])
            DnsLifecycleTest.created = st
        self._step(run)

    def test_05b_subnet_move_keeps_endpoints(self):
        def run():
            before = DnsLifecycleTest.created
            moved = ["10.2.0.10", "10.2.64.10", "10.2.0.12", "10.2.64.11"]
            st = self._apply(**dict(STEP4, subnet_ids=[self.subnets[0], self.third_subnet], inbound_ips=moved))
            self.assertEqual(self._ids(st), self._ids(before))
            self.assertEqual(st["inbound_ip_addresses"], moved)
            r = self._resolver()
            for eid in st["inbound_endpoint_ids"] + st["outbound_endpoint_ids"]:
                subnets = {a["SubnetId"] for a in r.list_resolver_endpoint_ip_addresses(ResolverEndpointId=eid)
                           ["IpAddresses"]}
                self.assertEqual(subnets, {self.subnets[0], self.third_subnet}, eid)
            self.assertEqual(sorted(self._endpoint_ips(st["inbound_endpoint_ids"][1])), ["10.2.0.12", "10.2.64.11"])
            st = self._apply(**STEP4)  # and back
            self.assertEqual(self._ids(st), self._ids(before))
            DnsLifecycleTest.created = st
        self._step(run)

    def test_05c_rename_and_tags_in_place(self):
        def run():
            before = DnsLifecycleTest.created
            st = self._apply(**dict(STEP4, name="naruto-dns-2", tags={"Env": "prod", "Owner": "naruto"}))
            self.assertEqual(self._ids(st), self._ids(before))
            r = self._resolver()
            ep = r.get_resolver_endpoint(ResolverEndpointId=st["inbound_endpoint_ids"][0])["ResolverEndpoint"]
            self.assertEqual(ep["Name"], "naruto-dns-2-in-0")
            tags = e2e.tags_dict(r.list_tags_for_resource(ResourceArn=ep["Arn"])["Tags"])
            self.assertEqual((tags.get("Env"), tags.get("Owner")), ("prod", "naruto"))
            rule = r.get_resolver_rule(ResolverRuleId=st["rule_ids"]["naruto.local"])["ResolverRule"]
            self.assertTrue(rule["Name"].startswith("naruto-dns-2-"), rule["Name"])
            group = self.moto.client("ec2").describe_security_groups(
                GroupIds=[st["security_group_ids"]["inbound"]])["SecurityGroups"][0]
            self.assertEqual(e2e.tags_dict(group["Tags"]).get("Env"), "prod")
            share = self.moto.client("ram").get_resource_shares(
                resourceOwner="SELF", resourceShareArns=[st["resource_share_arn"]])["resourceShares"][0]
            self.assertEqual(share["name"], "naruto-dns-2")
            self.assertEqual(e2e.tags_dict(share.get("tags", []), "key", "value").get("Env"), "prod")
            DnsLifecycleTest.created = st
            STEP4.update(name="naruto-dns-2", tags={"Env": "prod", "Owner": "naruto"})
        self._step(run)

    def test_05d_deleted_endpoint_principal_and_share_seen(self):
        # the refresh reads by the state's ids (one round): objects deleted outside Terraform must still show
        def run():
            before = DnsLifecycleTest.created
            r, ram = self._resolver(), self.moto.client("ram")
            r.delete_resolver_endpoint(ResolverEndpointId=before["outbound_endpoint_ids"][0])  # no rule on it
            ram.disassociate_resource_share(resourceShareArn=before["resource_share_arn"],
                                            principals=["222222222222"])
            p = self.wd.plan("-detailed-exitcode")
            self.assertEqual(p.rc, 2, str(p))
            self.assertIn("update in-place", p.output)
            self.assertIn("222222222222", p.output)
            st = self._apply(**STEP4)
            self.assertNotIn(before["outbound_endpoint_ids"][0], st["outbound_endpoint_ids"])
            self.assertEqual(st["outbound_endpoint_ids"][1], before["outbound_endpoint_ids"][1])
            live = {e["Id"] for e in r.list_resolver_endpoints()["ResolverEndpoints"]}
            self.assertEqual(live, set(st["inbound_endpoint_ids"] + st["outbound_endpoint_ids"]))
            self.assertEqual(st["rule_ids"], before["rule_ids"])
            ram.delete_resource_share(resourceShareArn=st["resource_share_arn"])
            p = self.wd.plan("-detailed-exitcode")
            self.assertEqual(p.rc, 2, str(p))
            self.assertIn("resource_share_arn", p.output)
            after = self._apply(**STEP4)
            self.assertNotEqual(after["resource_share_arn"], st["resource_share_arn"])
            principals = ram.get_resource_share_associations(
                associationType="PRINCIPAL", resourceShareArns=[after["resource_share_arn"]])
            self.assertEqual(sorted(a["associatedEntity"] for a in principals["resourceShareAssociations"]),
                             ["111111111111", "222222222222"])
            DnsLifecycleTest.created = after
        self._step(run)

    def test_06_import_plans_no_changes(self):
        def run():
            config = resolver_config(self.vpc, self.subnets, self.zone, **STEP4)
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


ASP_ACCOUNT = "210987654321"


class DnsCrossAccountZoneTest(e2e.OrderedTest):
    """An ASP's private zone in another account, not yet authorised for the municipality's VPC."""
    prefix = "gcnet-dns-xacct-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ec2 = cls.moto.client("ec2")
        cls.vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
        cls.subnets = [ec2.create_subnet(VpcId=cls.vpc, CidrBlock=c, AvailabilityZone=z)["Subnet"]["SubnetId"]
                       for c, z in (("10.2.0.0/17", "ap-northeast-1a"), ("10.2.128.0/17", "ap-northeast-1c"))]
        asp_vpc = cls.moto.client_as(ASP_ACCOUNT, "ec2").create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
        cls.asp = cls.moto.client_as(ASP_ACCOUNT, "route53", region="us-east-1")
        zone = cls.asp.create_hosted_zone(Name="juki.asp.example", CallerReference="asp-juki",
                                          HostedZoneConfig={"PrivateZone": True},
                                          VPC={"VPCRegion": e2e.REGION, "VPCId": asp_vpc})["HostedZone"]["Id"]
        cls.zone = zone.split("/")[-1]

    def _zones(self):
        got = self.moto.client("route53", region="us-east-1").list_hosted_zones_by_vpc(
            VPCId=self.vpc, VPCRegion=e2e.REGION)["HostedZoneSummaries"]
        return [z["HostedZoneId"] for z in got]

    def test_01_apply_warns_and_builds_the_rest(self):
        def run():
            self.wd.write(resolver_config(self.vpc, self.subnets, self.zone))
            r = self.wd.apply()
            self.assertEqual(r.rc, 0, str(r))
            self.assertIn("Hosted zone association waits for the ASP", r.output)
            out = " ".join(r.output.split())  # terraform wraps the detail
            for text in (self.zone, self.vpc, "aws route53 create-vpc-association-authorization"):
                self.assertIn(text, out)
            self.assertNotIn("Error", r.output)
            v = self.wd.state_resource(ADDR)
            DnsCrossAccountZoneTest.created = v
            show = self.wd.show_json()
            res = [x for x in show["values"]["root_module"]["resources"] if x["address"] == ADDR][0]
            self.assertFalse(res.get("tainted", False))
            self.assertEqual(len(v["inbound_endpoint_ids"]), 2)
            rule = self.moto.client("route53resolver").get_resolver_rule(
                ResolverRuleId=v["rule_ids"]["Naruto.Local."])["ResolverRule"]
            self.assertEqual(rule["Status"], "COMPLETE")
            self.assertNotIn(self.zone, self._zones())
            # the zone is not associated yet: the next plan says so
            p = self.wd.plan("-detailed-exitcode")
            self.assertEqual(p.rc, 2, str(p))
            self.assertIn(self.zone, p.output)
        self._step(run)

    def test_02_after_the_asp_authorises_the_next_apply_associates(self):
        def run():
            before = DnsCrossAccountZoneTest.created
            self.asp.create_vpc_association_authorization(HostedZoneId=self.zone,
                                                          VPC={"VPCRegion": e2e.REGION, "VPCId": self.vpc})
            r = self.wd.apply()
            self.assertEqual(r.rc, 0, str(r))
            self.assertNotIn("waits for the ASP", r.output)
            self.assertIn(self.zone, self._zones())
            v = self.wd.state_resource(ADDR)
            for k in ("inbound_endpoint_ids", "outbound_endpoint_ids", "rule_ids", "resource_share_arn"):
                self.assertEqual(v[k], before[k], k)
            p = self.wd.plan("-detailed-exitcode")
            self.assertEqual(p.rc, 0, "plan after the association is not clean:\n" + str(p))
        self._step(run)

    def test_03_destroy_disassociates(self):
        def run():
            r = self.wd.destroy()
            self.assertEqual(r.rc, 0, str(r))
            self.assertNotIn(self.zone, self._zones())
            self.assertEqual(self.moto.client("route53resolver").list_resolver_endpoints()["ResolverEndpoints"], [])
        self._step(run)


if __name__ == "__main__":
    unittest.main()
