"""End-to-end fault tests of gcnet_municipality_hub: AWS errors injected by tests/moto/serve.py (POST /_gcnet/faults),
drift and a provider crash, with the real terraform 1.11.4 and boto3 read-back; and ChaosConvergenceTest, a
municipality (hub, resolver, CA) applied in one run while 30% of all requests fail (POST /_gcnet/chaos).

Run: python3 -m unittest -v tests/e2e/test_faults.py   (needs the built provider, see tests/README.md)

Every class has its own moto and its own state, so the classes are independent of each other.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

ADDR = "gcnet_municipality_hub.x"
MUNICIPALITY = "naruto"
CIDR = "10.30.0.0/16"
ARGS = {"municipality": MUNICIPALITY, "vpc_cidr": CIDR, "amazon_side_asn": 64620,
        "share_with": ["111111111111"], "tags": {"Env": "faults"}}
TAG_MUNICIPALITY = "gcnet:municipality"
TAG_HUB = "gcnet:hub"


def add_fault(moto, **rule):
    req = urllib.request.Request(moto.url + "/_gcnet/faults", method="POST", data=json.dumps(rule).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)["faults"]


def clear_faults(moto):
    req = urllib.request.Request(moto.url + "/_gcnet/faults", method="DELETE")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)["faults"]


class FaultCase(unittest.TestCase):
    """One moto and one workdir per class; helpers for gcnet objects as boto3 sees them."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")
        cls.wd = e2e.TfWorkdir(moto=cls.moto, prefix="gcnet-e2e-faults-")
        cls.wd.write(e2e.hub_config(**ARGS))

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.wd.tf("state", "list").stdout.strip():
                clear_faults(cls.moto)
                cls.wd.destroy()
        finally:
            cls.wd.cleanup()
            cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)

    def gcnet_tgws(self):
        """Live TGWs carrying gcnet's municipality tag."""
        return [g for g in self.ec2.describe_transit_gateways()["TransitGateways"]
                if g["State"] not in ("deleted", "deleting") and TAG_MUNICIPALITY in e2e.tags_dict(g.get("Tags"))]

    def vpcs_with_cidr(self, cidr=CIDR):
        return [v for v in self.ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == cidr]

    def log(self, action=None):
        reqs = self.moto.requests()
        return [r for r in reqs if action is None or r["action"] == action]

    def state_list(self):
        res = self.wd.tf("state", "list", "-no-color")
        return res.stdout.split() if res.rc == 0 else []


# ---------------------------------------------------------------------------------------------------------------
class PartialCreateTest(FaultCase):
    """(a) CreateTransitGatewayVpcAttachment fails half-way: the hub is kept tainted, the next apply replaces it."""

    CODE = "InvalidParameterValue"
    MESSAGE = "injected: subnet capacity exhausted for the attachment"

    def test_partial_create_is_tainted_then_replaced_without_orphans(self):
        add_fault(self.moto, action="CreateTransitGatewayVpcAttachment", service="ec2", count=1, status=400,
                  code=self.CODE, message=self.MESSAGE)
        res = self.wd.apply()
        self.assertNotEqual(res.rc, 0, str(res))
        faulted = [r for r in self.log("CreateTransitGatewayVpcAttachment") if r.get("fault")]
        self.assertEqual(len(faulted), 1, self.log())
        out = res.output
        self.assertIn("CreateTransitGatewayVpcAttachment", out, out)
        self.assertRegex(out, r"\bEC2\b", "the error names the service\n" + out)
        self.assertIn(self.CODE, out)
        self.assertIn(self.MESSAGE, out)
        self.assertIn(faulted[0]["request_id"], out, "the error carries the AWS request id")

        show = self.wd.tf("state", "show", "-no-color", ADDR)
        self.assertEqual(show.rc, 0, str(show))
        self.assertIn("tainted", show.stdout, str(show))
        m = re.search(r'transit_gateway_id\s+=\s+"(tgw-[0-9a-f]+)"', show.stdout)
        self.assertIsNotNone(m, "the partial hub's TGW id is in state\n%s" % show)
        old_tgw = m.group(1)
        self.assertEqual([g["TransitGatewayId"] for g in self.gcnet_tgws()], [old_tgw])

        self.assertEqual(clear_faults(self.moto), [])
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        self.assertRegex(res.stdout, r"1 added, 0 changed, 1 destroyed", "a tainted hub is replaced\n%s" % res)
        tgws = self.gcnet_tgws()
        self.assertEqual(len(tgws), 1, "exactly one gcnet TGW, the old one destroyed: %r" % tgws)
        self.assertNotEqual(tgws[0]["TransitGatewayId"], old_tgw)
        self.assertEqual(len(self.vpcs_with_cidr()), 1, "one VPC with %s (the partial one removed)" % CIDR)
        state = self.wd.state_resource(ADDR)
        self.assertEqual(state["transit_gateway_id"], tgws[0]["TransitGatewayId"])
        self.assertEqual(self.wd.plan().rc, 0)


# ---------------------------------------------------------------------------------------------------------------
class ThrottlingTest(FaultCase):
    """(b) throttling and 5xx are retried: apply succeeds, the request log shows the retries."""

    def test_throttled_and_5xx_calls_are_retried(self):
        add_fault(self.moto, action="CreateTransitGatewayRouteTable", service="ec2", count=3, status=503,
                  code="RequestLimitExceeded", message="Request limit exceeded.")
        add_fault(self.moto, action="DescribeTransitGateways", service="ec2", count=2, status=500,
                  code="InternalError", message="An internal error has occurred")
        self.moto.reset_requests()
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual(clear_faults(self.moto), [], "every injected fault was consumed")
        rt = self.log("CreateTransitGatewayRouteTable")
        self.assertEqual([r.get("fault") for r in rt[:3]], ["RequestLimitExceeded"] * 3, rt)
        self.assertEqual(len([r for r in rt if not r.get("fault")]), 3, "one route table per routing domain: %r" % rt)
        dt = self.log("DescribeTransitGateways")
        self.assertEqual([r.get("fault") for r in dt[:2]], ["InternalError"] * 2, dt)
        self.assertTrue([r for r in dt if not r.get("fault")], "a DescribeTransitGateways got through: %r" % dt)
        self.assertEqual(len(self.gcnet_tgws()), 1)
        tgw_id = self.gcnet_tgws()[0]["TransitGatewayId"]
        rts = [t for t in self.ec2.describe_transit_gateway_route_tables(
            Filters=[{"Name": "transit-gateway-id", "Values": [tgw_id]}])["TransitGatewayRouteTables"]
            if t["State"] != "deleted"]
        self.assertEqual(len(rts), 3, "retries must not create extra route tables")
        self.assertEqual(self.wd.plan().rc, 0)


# ---------------------------------------------------------------------------------------------------------------
class NonRetryableTest(FaultCase):
    """(c) UnauthorizedOperation (an SCP deny) is not retried: apply fails fast, nothing is created."""

    MESSAGE = ("You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/ci is not "
               "authorized to perform: ec2:CreateTransitGateway with an explicit deny in a service control policy")

    def test_unauthorized_fails_fast_without_retry(self):
        add_fault(self.moto, action="CreateTransitGateway", service="ec2", count=5, status=403,
                  code="UnauthorizedOperation", message=self.MESSAGE)
        self.moto.reset_requests()
        res = self.wd.apply()
        self.assertNotEqual(res.rc, 0, str(res))
        self.assertIn("UnauthorizedOperation", res.output)
        self.assertIn("with an explicit deny in a service control policy", res.output)
        calls = self.log("CreateTransitGateway")
        self.assertEqual(len(calls), 1, "exactly one CreateTransitGateway request, no retries: %r" % calls)
        self.assertEqual(calls[0].get("fault"), "UnauthorizedOperation")
        self.assertEqual(self.gcnet_tgws(), [])
        self.assertEqual(self.vpcs_with_cidr(), [])
        mutating = [r["action"] for r in self.log() if re.match(r"(?i)create|associate|enable|modify", r["action"])]
        self.assertEqual(mutating, ["CreateTransitGateway"], "nothing else was attempted")
        self.assertEqual(self.state_list(), [])


# ---------------------------------------------------------------------------------------------------------------
class DriftDeleteTest(FaultCase):
    """(d) the whole TGW stack deleted outside Terraform: refresh drops the hub, plan proposes to create it."""

    def test_deleted_stack_is_planned_for_create(self):
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        st = self.wd.state_resource(ADDR)
        tgw_id, vpc_id = st["transit_gateway_id"], st["vpc_id"]
        ec2 = self.ec2
        for att in ec2.describe_transit_gateway_vpc_attachments(
                Filters=[{"Name": "transit-gateway-id", "Values": [tgw_id]}])["TransitGatewayVpcAttachments"]:
            ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=att["TransitGatewayAttachmentId"])
        for rt in ec2.describe_transit_gateway_route_tables(
                Filters=[{"Name": "transit-gateway-id", "Values": [tgw_id]}])["TransitGatewayRouteTables"]:
            ec2.delete_transit_gateway_route_table(TransitGatewayRouteTableId=rt["TransitGatewayRouteTableId"])
        for sn in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
            ec2.delete_subnet(SubnetId=sn["SubnetId"])
        ec2.delete_vpc(VpcId=vpc_id)
        ec2.delete_transit_gateway(TransitGatewayId=tgw_id)
        self.assertEqual(self.gcnet_tgws(), [])

        res = self.wd.tf("plan", "-no-color", "-input=false", "-detailed-exitcode", "-out=tfplan")
        self.assertEqual(res.rc, 2, str(res))
        self.assertIn("has been deleted", res.stdout, "refresh reports the drift\n%s" % res)
        plan = json.loads(self.wd.tf("show", "-json", "tfplan").stdout)
        actions = {c["address"]: c["change"]["actions"] for c in plan["resource_changes"]}
        self.assertEqual(actions, {ADDR: ["create"]}, "gone after refresh, so a plain create (not a replace)")
        res = self.wd.tf("apply", "-no-color", "-input=false", "-auto-approve", "-refresh-only")
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual(self.state_list(), [], "the refresh removed the hub from state")
        old_share = st["resource_share_arn"]
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual(len(self.gcnet_tgws()), 1)

        # RAM kept the old share ACTIVE with nothing to share; the create deleted it, said so, and made one new share
        self.assertIn("Deleted a RAM share left by a deleted hub", res.stdout + res.stderr, str(res))
        self.assertIn(old_share, res.stdout + res.stderr)
        ram = self.moto.client("ram")
        shares = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
        status = {sh["resourceShareArn"]: sh["status"] for sh in shares}
        self.assertEqual(status.get(old_share), "DELETED", status)
        new = self.wd.state_resource(ADDR)
        live = [arn for arn, st_ in status.items() if st_ == "ACTIVE"]
        self.assertEqual(live, [new["resource_share_arn"]], "exactly one live share: the new hub's")
        assoc = ram.get_resource_share_associations(associationType="RESOURCE",
                                                    resourceShareArns=[new["resource_share_arn"]])
        self.assertEqual([a["associatedEntity"] for a in assoc["resourceShareAssociations"]],
                         [new["transit_gateway_arn"]])


# ---------------------------------------------------------------------------------------------------------------
class UnreachableEndpointTest(unittest.TestCase):
    """(f) AWS cannot be reached (a refused connection, a name that never resolves): plan fails after the first
    attempt and two quick retries, with one error naming the endpoint, and no false "Invalid AWS credentials".
    The attempts are counted in the provider's debug log (TF_LOG_PROVIDER=debug); no clock is involved."""

    RETRIES = 2  # GC_RETRY_UNREACHABLE_MAX in provider/aws/gc_retry.h

    def setUp(self):
        e2e.assert_provider_built(self)
        # A loopback port that is bound but not listening refuses connections, and stays ours for the whole test.
        self.closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(self.closed.close)
        self.closed.bind(("127.0.0.1", 0))

    def plan_against(self, endpoint):
        wd = e2e.TfWorkdir(prefix="gcnet-e2e-unreachable-",
                           env={"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
                                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": e2e.REGION,
                                "AWS_EC2_METADATA_DISABLED": "true", "TF_LOG_PROVIDER": "debug"})
        self.addCleanup(wd.cleanup)
        wd.write(e2e.hub_config(**ARGS))
        return wd.plan()

    def check(self, endpoint, curl_words):
        res = self.plan_against(endpoint)
        self.assertEqual(res.rc, 1, str(res))
        out = " ".join(res.output.split())  # terraform wraps a diagnostic's detail at 80 columns
        self.assertIn("STS GetCallerIdentity failed", out, str(res))
        self.assertIn("Error code: RequestError", out, str(res))
        self.assertIn("cannot reach %s: " % endpoint, out, str(res))
        self.assertIn(curl_words, out, str(res))
        self.assertIn("Attempts: %d" % (1 + self.RETRIES), out, str(res))
        self.assertNotIn("Invalid AWS credentials", out, str(res))
        # the provider's debug log: one "AWS call retry" line per retry, each with its reason and delay, then the
        # call's summary line with the attempt count
        retries = [line for line in res.stderr.splitlines() if "AWS call retry" in line]
        self.assertEqual(len(retries), self.RETRIES, "one debug line per retry\n" + res.stderr[-6000:])
        for line in retries:
            self.assertIn("aws.operation=GetCallerIdentity", line)
            self.assertIn(curl_words, line, "the retry line gives the transport error")
            self.assertRegex(line, r"retry_delay_ms=\d+")
        calls = [line for line in res.stderr.splitlines()
                 if "AWS call: " in line and "aws.operation=GetCallerIdentity" in line]
        self.assertEqual(len(calls), 1, res.stderr[-6000:])
        self.assertIn("attempts=%d" % (1 + self.RETRIES), calls[0])

    def test_refused_connection(self):
        self.check("http://127.0.0.1:%d" % self.closed.getsockname()[1], "Failed to connect to 127.0.0.1")

    def test_unresolvable_host(self):
        # .invalid never resolves (RFC 6761); on this machine the lookup fails at once, offline too
        self.check("http://gcnet-unresolvable.invalid:1", "Could not resolve host: gcnet-unresolvable.invalid")


# ---------------------------------------------------------------------------------------------------------------
def s_children_named(ppid, name):
    """PIDs of direct children of ppid whose /proc/<pid>/comm or argv[0] basename is `name` (comm is cut at 15)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, encoding="utf-8", errors="replace") as fh:
                stat = fh.read()
            parent = int(stat[stat.rindex(")") + 2:].split()[1])
            with open("/proc/%s/cmdline" % entry, "rb") as fh:
                argv0 = fh.read().split(b"\0")[0].decode("utf-8", "replace")
        except (OSError, ValueError):
            continue
        if parent == ppid and os.path.basename(argv0) == name:
            out.append(int(entry))
    return out


class CrashTest(FaultCase):
    """(e) the provider is SIGKILLed after CreateTransitGateway: terraform reports the crash; the TGW carries the
    create's unfinished marker, so the next apply deletes it (and the VPC tagged with it) and builds exactly one hub
    with no import; a finished hub outside the state is still refused ("Hub already exists")."""

    orphan = None

    def test_01_kill_provider_after_tgw_exists(self):
        # Hold CreateVpc (the call after the TGW is created, waited for and self-tagged) for 8 s so the kill lands
        # while the create is in flight; moto still answers it afterwards, so the VPC is created too.
        add_fault(self.moto, action="CreateVpc", service="ec2", count=1, delay_ms=8000)
        proc = subprocess.Popen(["terraform", "apply", "-no-color", "-input=false", "-auto-approve"], cwd=self.wd.path,
                                env=self.wd.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL)
        killed = []
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not self.gcnet_tgws():
                time.sleep(0.05)
            self.assertTrue(self.gcnet_tgws(), "the TGW never appeared")
            while time.monotonic() < deadline and not [r for r in self.log("CreateVpc")]:
                time.sleep(0.05)
            self.assertTrue(self.log("CreateVpc"), "the held CreateVpc never reached moto")
            pids = s_children_named(proc.pid, e2e.PROVIDER_BIN_NAME)
            self.assertEqual(len(pids), 1, "one provider process under our terraform (pid %d)" % proc.pid)
            os.kill(pids[0], signal.SIGKILL)
            killed = pids
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        self.assertTrue(killed)
        self.assertNotEqual(proc.returncode, 0, out + err)
        text = out + err
        # How terraform words a killed plugin depends on where the call was: "Plugin did not respond", a closed
        # connection, or "Request cancelled" (gRPC CANCELLED when the connection drops mid-call).
        self.assertRegex(text, r"(?i)plugin (did not respond|exited|crashed)|unexpected EOF|connection.*(closed|reset)"
                               r"|request (was )?cancelled",
                         "terraform reports the dead plugin\n" + text)
        tgws = self.gcnet_tgws()
        self.assertEqual(len(tgws), 1)
        tags = e2e.tags_dict(tgws[0].get("Tags"))
        self.assertEqual(tags.get(TAG_MUNICIPALITY), MUNICIPALITY)
        self.assertIn(TAG_HUB, tags)
        CrashTest.orphan = tgws[0]["TransitGatewayId"]
        self.assertEqual(self.state_list(), [], "create never returned, so nothing is in state")

    def test_02_next_apply_sweeps_the_unfinished_hub_and_builds_one(self):
        if CrashTest.orphan is None:
            self.fail("test_01 did not run or failed")
        # The held CreateVpc is still answered by moto after the kill: wait for its VPC before applying.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not self.vpcs_with_cidr():
            time.sleep(0.1)
        self.assertEqual(len(self.vpcs_with_cidr()), 1, "the held CreateVpc made its VPC")
        # the TGW still carries the create's unfinished marker, so the next apply owns it: no import needed
        tags = e2e.tags_dict(self.ec2.describe_transit_gateways(TransitGatewayIds=[CrashTest.orphan])
                             ["TransitGateways"][0].get("Tags"))
        self.assertEqual(tags.get("gcnet:create-unfinished"), "true")
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, "the next apply converges with no manual step\n%s" % res)
        text = " ".join((res.stdout + res.stderr).split())
        self.assertIn("Deleted an unfinished hub", text, str(res))
        self.assertIn(CrashTest.orphan, text, "the warning names the swept TGW")
        live = [g["TransitGatewayId"] for g in self.gcnet_tgws()]
        self.assertEqual(live, [self.wd.state_resource(ADDR)["transit_gateway_id"]], "exactly one hub, in state")
        self.assertNotIn(CrashTest.orphan, live)
        self.assertEqual(len(self.vpcs_with_cidr()), 1, "the killed apply's VPC was swept, not orphaned")
        tags = e2e.tags_dict(self.gcnet_tgws()[0].get("Tags"))
        self.assertNotIn("gcnet:create-unfinished", tags, "a finished create drops the marker")
        self.assertEqual(self.wd.plan().rc, 0)

    def test_03_a_finished_hub_outside_the_state_is_still_refused(self):
        if CrashTest.orphan is None:
            self.fail("test_01 did not run or failed")
        # another workspace's finished hub (no unfinished marker) is never taken over
        res = self.wd.tf("state", "rm", "-no-color", ADDR)
        self.assertEqual(res.rc, 0, str(res))
        stray = self.gcnet_tgws()[0]["TransitGatewayId"]
        res = self.wd.apply()
        self.assertNotEqual(res.rc, 0, str(res))
        self.assertIn("Hub already exists", res.stdout + res.stderr, str(res))
        self.assertIn(stray, res.stdout + res.stderr)
        self.assertEqual([g["TransitGatewayId"] for g in self.gcnet_tgws()], [stray], "no second TGW")
        res = self.wd.tf("import", "-no-color", "-input=false", ADDR, stray)
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual(self.wd.plan().rc, 0)

# ---------------------------------------------------------------------------------------------------------------
MUNICIPALITY_CONFIG = e2e.TERRAFORM_BLOCK + e2e.provider_block() + """
resource "gcnet_municipality_hub" "x" {
  municipality = "naruto"
  vpc_cidr     = "10.30.0.0/16"
  share_with   = ["111111111111"]
}

resource "gcnet_dns_resolver" "x" {
  vpc_id        = gcnet_municipality_hub.x.vpc_id
  subnet_ids    = gcnet_municipality_hub.x.subnet_ids
  name          = "naruto-dns"
  allowed_cidrs = ["172.16.0.0/16"]
  forward_rules = {
    "naruto.local" = { target_ips = ["172.16.1.53"], port = 53, outbound_endpoint = 0 }
  }
  share_with = ["111111111111"]
}

resource "gcnet_private_ca" "root" {
  subject = {
    common_name  = "Naruto City Government Cloud Root CA"
    organization = "Naruto City"
    country      = "JP"
  }
  share_with = ["111111111111"]
}
"""


class ChaosConvergenceTest(unittest.TestCase):
    """Issue 9 "Faults converge in one apply": a municipality (hub, DNS resolver, private CA) applied while every AWS
    request fails with probability 0.3 (serve.py's chaos mode: 500 InternalError and 503 RequestLimitExceeded before
    acting, and lost answers: moto acted, a 500 came back), for a few fixed seeds. Each seed: ONE apply succeeds, the
    plan is clean, boto3 finds exactly one object of each kind (no duplicate from a retried create), and destroy
    (chaos still on) leaves nothing live. GCNET_CHAOS_SEEDS=1,2,3 picks other seeds."""

    SEEDS = [int(x) for x in os.environ.get("GCNET_CHAOS_SEEDS", "11,23,37").split(",") if x]
    P = 0.3
    LOST = 0.3  # share of the faults that are lost answers

    def setUp(self):
        e2e.assert_provider_built(self)

    def counts(self, moto):
        ec2, r53r, pca = moto.client("ec2"), moto.client("route53resolver"), moto.client("acm-pca")
        tgws = [g for g in ec2.describe_transit_gateways()["TransitGateways"] if g["State"] not in ("deleted",
                                                                                                  "deleting")]
        vpcs = [v for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == "10.30.0.0/16"]
        vpc_ids = [v["VpcId"] for v in vpcs]
        return {
            "tgw": len(tgws),
            "vpc": len(vpcs),
            "subnet": len([x for x in ec2.describe_subnets()["Subnets"] if x["VpcId"] in vpc_ids]),
            "tgw_route_table": len([t for t in ec2.describe_transit_gateway_route_tables()["TransitGatewayRouteTables"]
                                    if t["State"] not in ("deleted", "deleting")]),
            "tgw_vpc_attachment": len([a for a in ec2.describe_transit_gateway_vpc_attachments()
                                       ["TransitGatewayVpcAttachments"] if a["State"] not in ("deleted", "deleting")]),
            "security_group": len([g for g in ec2.describe_security_groups()["SecurityGroups"]
                                   if g["GroupName"] != "default"]),
            "resolver_endpoint": len(r53r.list_resolver_endpoints()["ResolverEndpoints"]),
            "resolver_rule": len([r for r in r53r.list_resolver_rules()["ResolverRules"]
                                  if r["RuleType"] != "RECURSIVE"]),
            "rule_association": len(r53r.list_resolver_rule_associations()["ResolverRuleAssociations"]),
            "certificate_authority": len([c for c in pca.list_certificate_authorities()["CertificateAuthorities"]
                                          if c["Status"] != "DELETED"]),
            "ram_share": len([x for x in moto.client("ram").get_resource_shares(resourceOwner="SELF")
                              ["resourceShares"] if x["status"] not in ("DELETED", "DELETING")]),
        }

    def test_one_apply_per_seed(self):
        for seed in self.SEEDS:
            with self.subTest(seed=seed):
                moto = e2e.Moto().start()
                wd = e2e.TfWorkdir(moto, prefix="gcnet-e2e-chaos-")
                try:
                    wd.write(MUNICIPALITY_CONFIG)
                    moto.set_chaos(p=self.P, seed=seed, lost=self.LOST)
                    res = wd.apply()
                    moto.set_chaos()
                    faults = [r for r in moto.requests() if r.get("fault")]
                    self.assertTrue(faults, "the chaos mode injected nothing")
                    self.assertEqual(res.rc, 0, "seed %d: the apply did not converge in one run (%d of %d requests "
                                     "faulted)\n%s" % (seed, len(faults), moto.request_count(), res))
                    self.assertEqual(self.counts(moto), {
                        "tgw": 1, "vpc": 1, "subnet": 2, "tgw_route_table": 3, "tgw_vpc_attachment": 1,
                        "security_group": 2, "resolver_endpoint": 4, "resolver_rule": 1, "rule_association": 1,
                        "certificate_authority": 1, "ram_share": 3}, "seed %d: a duplicate or a missing object" % seed)
                    res = wd.plan()
                    self.assertEqual(res.rc, 0, "seed %d: the plan after the apply is not clean\n%s" % (seed, res))
                    moto.set_chaos(p=self.P, seed=seed + 1000, lost=self.LOST)
                    res = wd.destroy()
                    moto.set_chaos()
                    self.assertEqual(res.rc, 0, "seed %d: destroy under faults\n%s" % (seed, res))
                    left = {k: v for k, v in self.counts(moto).items() if v}
                    self.assertEqual(left, {}, "seed %d: destroy left objects" % seed)
                finally:
                    wd.cleanup()
                    moto.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
