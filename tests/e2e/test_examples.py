"""End-to-end tests of examples/: every municipality root validates and passes its `terraform test` (which plays its
ASPs with testing/asp_side); the module refuses a bad address plan before any AWS call; naruto (hub, Route 53
Resolver and private CA, as ordered) and anan (hub only) apply side by side, then their ASPs attach (asp_side.py,
in the ASPs' own accounts) and their carriers report the Direct Connect gateway (carrier_side.py; anan's carrier
accepts the association proposal), the IDs go in as variables, and boto3 checks every association, propagation and
route, the ASPs' and the premises' link's.

Run: python3 -m unittest -v tests/e2e/test_examples.py   (needs the built provider, see tests/README.md)

Each test copies examples/ into a temp dir (the roots refer to ../modules/municipality) and prepares the copy as
scripts/main-job.sh does (scripts/local-aws.sh, local_aws_prepare_root): terraform.tfvars from the root's
terraform.tfvars.example, the local backend instead of S3 (an override file), the hub's prevent_destroy lifted
(examples/modules/municipality/testing/allow_destroy_override.tf). `terraform init` installs gcnet from a filesystem
mirror written by scripts/install-provider.sh (no dev_overrides) and terraform runs there.
"""

import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

EXAMPLES = os.path.join(e2e.REPO, "examples")
ROOTS = ["naruto", "komatsushima", "anan", "mima", "katsuura", "matsushige", "aizumi", "itano", "kamiita"]
HUB = "module.network.gcnet_municipality_hub.this"
RESOLVER = "module.network.gcnet_dns_resolver.this[0]"
CA = "module.network.gcnet_private_ca.this[0]"
CONN = 'module.network.gcnet_asp_connection.this["%s"]'
ASP_ACCOUNTS = ("111111111111", "222222222222", "333333333333")
ASP_SIDE = os.path.join(EXAMPLES, "modules", "municipality", "testing", "asp_side", "asp_side.py")
CARRIER_SIDE = os.path.join(EXAMPLES, "modules", "municipality", "testing", "carrier_side", "carrier_side.py")
LINK = "module.network.gcnet_onprem_link.this[0]"
CARRIER_ACCOUNT = "444444444444"  # anan's private-line carrier (examples/anan/terraform.tfvars.example)
TAG_MUNICIPALITY = "gcnet:municipality"

# What the two applied examples must produce (examples/<key>/main.tf) and what the catalog says about them.
EXPECTED = {
    "naruto": {"cidr": "10.2.0.0/16", "asn": 64514, "code": "362026", "name_ja": "鳴門市", "connection": "lgcs"},
    "anan": {"cidr": "10.4.0.0/16", "asn": 64516, "code": "362042", "name_ja": "阿南市",
             "connection": "private_line"},
}

# The premises' link of the two applied roots (terraform.tfvars.example, main.tf): method, the carrier's account when
# the Direct Connect gateway is the carrier's (else the network account's own), the premises' ranges.
LINKS = {
    "naruto": {"method": "dx_gateway", "owner": None, "premises": ["172.16.0.0/16"], "name": "naruto-lgcs"},
    "anan": {"method": "dx_proposal", "owner": CARRIER_ACCOUNT, "premises": ["172.18.0.0/16"],
             "name": "anan-private-line"},
}

# naruto ordered DNS and the private CA (the catalog); its root's premises DNS plan (examples/naruto/main.tf).
NARUTO_DNS = {
    "inbound_ips": ["10.2.0.53", "10.2.128.53", "10.2.0.54", "10.2.128.54"],
    "domains": {"naruto.lg.local", "16.172.in-addr.arpa"},
    "servers": ["172.16.10.53", "172.16.11.53"],
    "asps": {"111111111111", "222222222222", "333333333333"},
}
NARUTO_CN = "Naruto City Government Cloud Root CA"

# The ASPs of the two applied roots (terraform.tfvars.example): key -> (account, ranges); all by transit_gateway.
ASPS = {
    "naruto": {"juki": ("111111111111", ["10.102.0.0/20"]),
               "fukushi": ("222222222222", ["10.102.16.0/20", "10.102.48.0/22"]),
               "kenko": ("333333333333", ["10.102.32.0/20"])},
    "anan": {"juki": ("111111111111", ["10.104.0.0/20"]),
             "fukushi": ("222222222222", ["10.104.16.0/20"]),
             "kenko": ("333333333333", ["10.104.32.0/20"])},
}


def naruto_connections(**changes):
    """naruto's asp_connections (as in its terraform.tfvars.example), with the given keys replaced or merged."""
    conns = {
        "juki": {"vendor": "ASP-A", "account_id": "111111111111", "method": "transit_gateway",
                 "business_systems": ["resident_records", "electoral_roll"], "cidrs": ["10.102.0.0/20"]},
        "fukushi": {"vendor": "ASP-B", "account_id": "222222222222", "method": "transit_gateway",
                    "business_systems": ["national_health_insurance"], "cidrs": ["10.102.16.0/20"]},
        "kenko": {"vendor": "ASP-C", "account_id": "333333333333", "method": "transit_gateway",
                  "business_systems": ["health_management"], "cidrs": ["10.102.32.0/20"]},
    }
    for key, change in changes.items():
        conns[key] = dict(conns.get(key, {}), **change)
    return conns


PEERING = {"method": "tgw_peering", "peer_transit_gateway_id": "tgw-0fedcba9876543210",
           "peer_account_id": "333333333333", "peer_region": "ap-northeast-3"}

# Each bad address plan or connection, and what the module's validation must say (whitespace collapsed).
BAD_CONNECTIONS = [
    ("asp overlaps the ops VPC", naruto_connections(juki={"cidrs": ["10.2.64.0/20"]}),
     "10.2.64.0/20 (ASP juki) and 10.2.0.0/16 (the operations VPC)"),
    ("two asps overlap", naruto_connections(kenko={"cidrs": ["10.102.8.0/22"]}),
     "10.102.0.0/20 (ASP juki) and 10.102.8.0/22 (ASP kenko)"),
    ("asp overlaps the premises", naruto_connections(kenko={"cidrs": ["172.16.4.0/24"]}),
     "172.16.4.0/24 (ASP kenko) and 172.16.0.0/16 (the premises)"),
    ("account not shared", naruto_connections(kenko={"account_id": "999999999999"}),
     "must be one of asp_account_ids"),
    ("system under two asps", naruto_connections(kenko={"business_systems": ["health_management",
                                                                            "resident_records"]}),
     "A business system is listed under two ASPs"),
    ("family register is outside AWS", naruto_connections(kenko={"business_systems": ["family_register"]}),
     "Built outside AWS for 鳴門市 (the municipality's own data centre), so no ASP connection serves them: ASP kenko (ASP-C): family_register"),
    ("privatelink not ordered", naruto_connections(kenko={
        "method": "privatelink", "cidrs": [],
        "service_name": "com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0"}),
     "鳴門市 did not order PrivateLink; connect kenko by transit_gateway"),
    ("attachment id form", naruto_connections(kenko={"attachment_id": "attach-0123"}),
     "tgw-attach- followed by 8 to 17 hex digits"),
    ("method unknown", naruto_connections(kenko={"method": "vpn"}),
     'method is "transit_gateway", "tgw_peering" or "privatelink"'),
    ("host bits", naruto_connections(kenko={"cidrs": ["10.102.32.1/20"]}), "no host bits set"),
    ("peering without its peer", naruto_connections(kenko={"method": "tgw_peering"}),
     "A tgw_peering connection needs cidrs, peer_transit_gateway_id"),
    ("peer fields on a vpc attachment", naruto_connections(kenko={"peer_region": "ap-northeast-3"}),
     "belong to method tgw_peering only"),
    ("pair with an unknown key", naruto_connections(kenko={"reachable_from": ["nobody"]}),
     "reachable_from names other connections of asp_connections by key"),
    ("pair with itself", naruto_connections(kenko={"reachable_from": ["kenko"]}),
     "reachable_from names other connections of asp_connections by key"),
    ("pair of two gcnet-made peerings", naruto_connections(
        juki=dict(PEERING, cidrs=["10.102.0.0/20"]), kenko=dict(PEERING, reachable_from=["juki"])),
     "two peerings that gcnet creates itself (no attachment_id) cannot be paired"),
]

UUID = "5f294f92-bafb-4011-916d-9b0b0e0a0001"

# Each bad on-prem link (naruto's onprem_link), and what the module's validation must say (whitespace collapsed).
BAD_LINKS = [
    ("method unknown", {"method": "lgcs"}, 'onprem_link.method is "dx_gateway", "dx_proposal", "tgw_peering" or "vpn"'),
    ("gateway id not a lower-case uuid", {"method": "dx_gateway", "dx_gateway_id": UUID.upper()},
     "a Direct Connect gateway ID: a lower-case UUID"),
    ("gateway id not a uuid", {"method": "dx_gateway", "dx_gateway_id": "dxgw-0123456789abcdef0"},
     "a Direct Connect gateway ID: a lower-case UUID"),
    ("owner account on dx_gateway", {"method": "dx_gateway", "dx_gateway_owner_account_id": "444444444444"},
     "dx_proposal also needs dx_gateway_owner_account_id (the carrier's account), dx_gateway takes none"),
    ("proposal without the carrier's account", {"method": "dx_proposal", "dx_gateway_id": UUID},
     "dx_proposal also needs dx_gateway_owner_account_id"),
    ("carrier's account form", {"method": "dx_proposal", "dx_gateway_owner_account_id": "4444"},
     "onprem_link.dx_gateway_owner_account_id is the carrier's 12-digit AWS account ID"),
    ("vpn argument on a gateway", {"method": "dx_gateway", "bgp_asn": 65001},
     "neither takes peering_attachment_id, customer_gateway_ip or bgp_asn"),
    ("peering attachment form", {"method": "tgw_peering", "peering_attachment_id": "tgw-0123456789abcdef0"},
     "A tgw_peering link takes peering_attachment_id (tgw-attach- followed by 8 to 17 hex digits"),
    ("gateway on a peering", {"method": "tgw_peering", "dx_gateway_id": UUID},
     "and no Direct Connect or VPN argument"),
    ("vpn router on a private address", {"method": "vpn", "customer_gateway_ip": "192.168.1.1", "bgp_asn": 65001},
     "A vpn link needs customer_gateway_ip (the premises' router's public IPv4 address"),
    ("vpn without its asn", {"method": "vpn", "customer_gateway_ip": "203.0.113.10"},
     "and bgp_asn (a whole number 1 to 4294967294"),
    ("vpn asn reserved by AWS", {"method": "vpn", "customer_gateway_ip": "203.0.113.10", "bgp_asn": 7224},
     "not one AWS reserves: 7224, 9059, 10124, 17493"),
    ("premises advertised to themselves", {"method": "dx_gateway", "allowed_prefixes": ["10.2.0.0/16", "172.16.0.0/12"]},
     "onprem_link.allowed_prefixes overlaps premises_cidrs: the premises would be advertised to themselves"),
    ("prefix with host bits", {"method": "dx_gateway", "allowed_prefixes": ["10.2.0.1/16"]},
     "onprem_link.allowed_prefixes are IPv4 networks in CIDR form with no host bits set"),
    ("nothing advertised", {"method": "dx_gateway", "allowed_prefixes": []},
     "a link that advertises nothing reaches nothing"),
]

# Appended to a copied root: the data source read directly, so its code/name_ja/connection reach `output -json`.
PROBE_TF = """
data "gcnet_municipality" "probe" {
  key = "%s"
}

output "probe" {
  value = {
    code       = data.gcnet_municipality.probe.code
    name_ja    = data.gcnet_municipality.probe.name_ja
    connection = data.gcnet_municipality.probe.connection
  }
}
"""


def check_digit_ok(code):
    """Japanese local-government code: 5 digits + check digit (last digit of 11 - weighted sum mod 11)."""
    if len(code) != 6 or not code.isdigit():
        return False
    rest = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2))) % 11
    return int(code[5]) == (11 - rest) % 10


def live(items, state_key="State"):
    return [i for i in items if i.get(state_key) not in ("deleted", "deleting")]


def live_cas(pca):
    return [c for c in pca.list_certificate_authorities()["CertificateAuthorities"] if c["Status"] != "DELETED"]


def share_principals(ram, share_arn):
    return {a["associatedEntity"] for a in ram.get_resource_share_associations(
        associationType="PRINCIPAL", resourceShareArns=[share_arn])["resourceShareAssociations"]
        if a.get("status") != "DISASSOCIATED"}


def state_values(wd, address):
    """The state values of a resource, in the root module or a child module."""
    doc = wd.show_json()
    mods = [doc["values"]["root_module"]]
    while mods:
        mod = mods.pop()
        for r in mod.get("resources", []):
            if r["address"] == address:
                return r["values"]
        mods.extend(mod.get("child_modules", []))
    return None


class ExampleWorkdir(e2e.TfWorkdir):
    """A TfWorkdir whose terraform runs in <tmp>/examples/<root> (a private copy of examples/)."""

    def __init__(self, root, moto=None, copy_from=EXAMPLES, probe=False):
        super().__init__(moto=moto, prefix="gcnet-e2e-example-", mirror_dir=e2e.shared_mirror(),
                         mirror_include=[e2e.PROVIDER_SOURCE])
        self.base = self.path
        copy = os.path.join(self.base, "examples")
        shutil.copytree(copy_from, copy, ignore=shutil.ignore_patterns(
            ".terraform", ".terraform.lock.hcl", "terraform.tfstate*", "terraform.tfvars", "backend.hcl"))
        shutil.copy(os.path.join(copy, "modules", "municipality", "testing", "allow_destroy_override.tf"),
                    os.path.join(copy, "modules", "municipality"))
        self.path = os.path.join(copy, root)
        if os.path.isfile(os.path.join(self.path, "terraform.tfvars.example")):
            shutil.copy(os.path.join(self.path, "terraform.tfvars.example"),
                        os.path.join(self.path, "terraform.tfvars"))
            self.write('terraform {\n  backend "local" {}\n}\n', name="zz_local_backend_override.tf")
        if probe:
            self.write(PROBE_TF % root, name="zz_probe_test_only.tf")

    def init(self):
        """`terraform init` from the mirror (modules, the local backend, gcnet and the lock file)."""
        return self.tf("init", "-no-color", "-input=false")

    get = init  # the name the callers used when this was `terraform get` with dev_overrides

    def output_json(self):
        res = self.tf("output", "-json", "-no-color")
        if res.rc != 0:
            raise AssertionError(str(res))
        return json.loads(res.stdout)

    def root_variable(self, name):
        """A root variable's value as terraform sees it (terraform.tfvars and any *.auto.tfvars), from a saved plan."""
        res = self.tf("plan", "-no-color", "-input=false", "-out=vars.plan")
        if res.rc != 0:
            raise AssertionError(str(res))
        res = self.tf("show", "-json", "vars.plan")
        os.remove(os.path.join(self.path, "vars.plan"))
        if res.rc != 0:
            raise AssertionError(str(res))
        return json.loads(res.stdout)["variables"][name]["value"]

    def play_asps(self):
        """The ASPs act (asp_side.py, each in its own account): attach a VPC to the hub's shared TGW or publish an
        endpoint service. Their IDs go into zz_asp_side.auto.tfvars.json as the root's asp_connections, as the
        municipality writes them into terraform.tfvars. Returns {key: {"attachment_id"|"service_name": id}}."""
        conns = self.root_variable("asp_connections")
        tgw = self.output_json()["network"]["value"]["transit_gateway_id"]
        made = os.path.join(self.base, "asp-side-%s.json" % os.path.basename(self.path))
        env = dict(os.environ, **self.moto.env())
        proc = subprocess.run([sys.executable, ASP_SIDE, "create", "--transit-gateway-id", tgw,
                               "--connections", json.dumps(conns), "--out", made],
                              env=env, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise AssertionError("asp_side.py failed:\n%s%s" % (proc.stdout, proc.stderr))
        with open(made) as fh:
            ids = {k: v for k, v in json.load(fh).items() if not k.startswith("_")}
        for key, got in ids.items():
            conns[key].update(got)
        with open(os.path.join(self.path, "zz_asp_side.auto.tfvars.json"), "w") as fh:
            json.dump({"asp_connections": conns}, fh, indent=1)
        self.asp_side_state = made
        return ids

    def play_carrier(self):
        """The carrier acts (carrier_side.py): the Direct Connect gateway the premises' link lands on, in the
        network account (dx_gateway) or in the carrier's (dx_proposal). Its ID goes into
        zz_carrier_side.auto.tfvars.json as the root's onprem_link. Returns the gateway's ID."""
        link = self.root_variable("onprem_link")
        made = os.path.join(self.base, "carrier-side-%s.json" % os.path.basename(self.path))
        cmd = [sys.executable, CARRIER_SIDE, "create", "--name", os.path.basename(self.path), "--out", made]
        if link.get("dx_gateway_owner_account_id"):
            cmd += ["--account", link["dx_gateway_owner_account_id"]]
        self._carrier(cmd)
        with open(made) as fh:
            link["dx_gateway_id"] = json.load(fh)["dx_gateway_id"]
        with open(os.path.join(self.path, "zz_carrier_side.auto.tfvars.json"), "w") as fh:
            json.dump({"onprem_link": link}, fh, indent=1)
        self.carrier_side_state = made
        return link["dx_gateway_id"]

    def carrier_accepts(self):
        """The carrier accepts gcnet's association proposal on its gateway (dx_proposal)."""
        self._carrier([sys.executable, CARRIER_SIDE, "accept", "--state", self.carrier_side_state])

    def remove_carrier(self):
        """The carrier (or the municipality) deletes the Direct Connect gateway: gcnet never does."""
        state = getattr(self, "carrier_side_state", None)
        if state and os.path.exists(state):
            self._carrier([sys.executable, CARRIER_SIDE, "delete", "--state", state])

    def _carrier(self, cmd):
        proc = subprocess.run(cmd, env=dict(os.environ, **self.moto.env()), capture_output=True, text=True,
                              timeout=300)
        if proc.returncode != 0:
            raise AssertionError("carrier_side.py failed:\n%s%s" % (proc.stdout, proc.stderr))

    def remove_asps(self):
        """The ASPs leave: asp_side.py deletes what it made (attachments, endpoint services, VPCs)."""
        state = getattr(self, "asp_side_state", None)
        if state and os.path.exists(state):
            env = dict(os.environ, **self.moto.env())
            proc = subprocess.run([sys.executable, ASP_SIDE, "delete", "--state", state], env=env,
                                  capture_output=True, text=True, timeout=300)
            if proc.returncode != 0:
                raise AssertionError("asp_side.py delete failed:\n%s%s" % (proc.stdout, proc.stderr))

    def cleanup(self):
        self.path = self.base
        super().cleanup()


# ---------------------------------------------------------------------------------------------------------------
class ExamplesValidateTest(unittest.TestCase):
    """All nine roots: `terraform get` + `terraform validate` succeed, with no AWS call."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)

    def test_roots_are_the_nine_municipalities(self):
        found = sorted(d for d in os.listdir(EXAMPLES)
                       if os.path.isfile(os.path.join(EXAMPLES, d, "main.tf")))
        self.assertEqual(found, sorted(ROOTS))

    def test_every_root_validates(self):
        self.moto.reset_requests()
        for root in ROOTS:
            with self.subTest(root=root):
                wd = ExampleWorkdir(root, moto=self.moto)
                try:
                    res = wd.init()
                    self.assertEqual(res.rc, 0, str(res))
                    self.assertTrue(os.path.isdir(os.path.join(wd.path, ".terraform", "modules")), str(res))
                    self.assertIn('"h1:', open(os.path.join(wd.path, ".terraform.lock.hcl")).read())
                    res = wd.validate()
                    self.assertEqual(res.rc, 0, str(res))
                    self.assertIn("Success", res.stdout, str(res))
                finally:
                    wd.cleanup()
        self.assertEqual(self.moto.request_count(), 0, "validate must not call AWS: %r" % self.moto.requests())

    def test_every_root_is_shipped_as_a_contractor_would(self):
        """Static checks of what each root carries (issue 10 section 4): README, the two example files, the S3
        backend as a partial configuration with locking and encryption, the provider pinned, the network account's
        role, ASP accounts with no default, and prevent_destroy on the module's hub."""
        module = open(os.path.join(EXAMPLES, "modules", "municipality", "main.tf"), encoding="utf-8").read()
        hub = module[module.index('resource "gcnet_municipality_hub" "this"'):]
        hub = hub[:hub.index("\n}\n")]
        self.assertRegex(hub, r"lifecycle \{\s*prevent_destroy = true\s*\}")
        for root in ROOTS:
            with self.subTest(root=root):
                d = os.path.join(EXAMPLES, root)
                for name in ("README.md", "terraform.tfvars.example", "backend.hcl.example", "variables.tf"):
                    self.assertTrue(os.path.isfile(os.path.join(d, name)), name)
                main = open(os.path.join(d, "main.tf"), encoding="utf-8").read()
                self.assertRegex(main, r'backend "s3" \{\s*encrypt\s*= true\s*use_lockfile = true\s*\}')
                self.assertIn('version = "~> 0.1"', main)
                self.assertIn('dynamic "assume_role"', main)
                self.assertIn("allowed_account_ids = [var.network_account_id]", main)
                variables = open(os.path.join(d, "variables.tf"), encoding="utf-8").read()
                asp = variables[variables.index('variable "asp_account_ids"'):]
                asp = asp[:asp.index("\n}\n")]
                self.assertNotRegex(asp, r"(?m)^\s*default\s*=", "asp_account_ids must have no default")
                net = variables[variables.index('variable "network_account_id"'):]
                net = net[:net.index("\n}\n")]
                self.assertNotRegex(net, r"(?m)^\s*default\s*=", "network_account_id must have no default")
                self.assertNotRegex(main + variables, r"\b(1{12}|2{12})\b", "no placeholder account in the config")
                self.assertRegex(open(os.path.join(d, "terraform.tfvars.example"), encoding="utf-8").read(),
                                 r"(?m)^asp_account_ids = \[")
                backend = open(os.path.join(d, "backend.hcl.example"), encoding="utf-8").read()
                for key in ("bucket", "key", "region"):
                    self.assertRegex(backend, r"(?m)^%s\s+= " % key)

    def test_asp_accounts_are_required_before_any_aws_call(self):
        """Without terraform.tfvars a plan stops at the missing ASP accounts, before the provider is configured."""
        self.moto.reset_requests()
        wd = ExampleWorkdir("naruto", moto=self.moto)
        try:
            os.remove(os.path.join(wd.path, "terraform.tfvars"))
            self.assertEqual(wd.init().rc, 0)
            res = wd.plan()
            self.assertEqual(res.rc, 1, str(res))
            self.assertIn("No value for required variable", res.output)
            self.assertIn("asp_account_ids", res.output)
        finally:
            wd.cleanup()
        self.assertEqual(self.moto.request_count(), 0, "no AWS call before the inputs are complete")

    def test_module_refuses_a_bad_address_plan_or_connection(self):
        """The module's validation (and its per-vendor preconditions from the catalog) stops each bad plan before
        anything is created, naming what is wrong: overlaps name both ranges and where each comes from."""
        wd = ExampleWorkdir("naruto", moto=self.moto)
        try:
            self.assertEqual(wd.init().rc, 0)
            for name, conns, want in BAD_CONNECTIONS:
                with self.subTest(case=name):
                    wd.write(json.dumps({"asp_connections": conns}), name="zz_case.auto.tfvars.json")
                    self.moto.reset_requests()
                    res = wd.plan()
                    self.assertEqual(res.rc, 1, str(res))
                    text = " ".join(res.output.replace("│", " ").split())
                    self.assertIn(want, text, str(res))
                    writes = [r for r in self.moto.requests() if r["action"] and not r["action"].startswith(
                        ("Describe", "Get", "List", "Search"))]
                    self.assertEqual([r["action"] for r in writes if r["action"] != "GetCallerIdentity"], [],
                                     "nothing is created for a refused plan")
            # the control: the same steps with the good connections plan (all waiting for their ASPs)
            wd.write(json.dumps({"asp_connections": naruto_connections()}), name="zz_case.auto.tfvars.json")
            res = wd.plan()
            self.assertEqual(res.rc, 2, str(res))
            self.assertIn("gcnet_municipality_hub.this will be created", res.stdout)
            self.assertNotIn("gcnet_asp_connection", res.stdout, "every connection waits for its ASP")
            # a peering (gcnet creates it: built at once) and a pair named on one side: the pair is declared on
            # the side whose partner's attachment is known, by its ID
            conns = naruto_connections(juki={"attachment_id": "tgw-attach-0123456789abcdef0"},
                                       kenko=dict(PEERING, reachable_from=["juki"]))
            wd.write(json.dumps({"asp_connections": conns}), name="zz_case.auto.tfvars.json")
            res = wd.plan()
            self.assertEqual(res.rc, 2, str(res))
            text = " ".join(res.stdout.split())
            self.assertIn('gcnet_asp_connection.this["kenko"] will be created', text)
            self.assertIn('gcnet_asp_connection.this["juki"] will be created', text)
            self.assertNotIn('gcnet_asp_connection.this["fukushi"]', text, "fukushi still waits")
            self.assertIn('+ reachable_from = [ + "tgw-attach-0123456789abcdef0", ]', text)
            self.assertIn('+ peer_transit_gateway_id = "tgw-0fedcba9876543210"', text)
            self.assertEqual(text.split("Changes to Outputs")[0].count("+ reachable_from"), 1,
                             "the pair is declared on one side only")
        finally:
            wd.cleanup()

    def test_module_refuses_a_bad_onprem_link(self):
        """The module's validation of onprem_link stops each bad link before anything is created, naming what is
        wrong (method-specific arguments, ID forms, the VPN router's address and ASN, the advertised prefixes).
        The controls: a link without its gateway waits (not planned); a vpn link (no ID to wait for) is planned on
        the hub with the catalog's service and naruto's premises."""
        wd = ExampleWorkdir("naruto", moto=self.moto)
        try:
            self.assertEqual(wd.init().rc, 0)
            for name, link, want in BAD_LINKS:
                with self.subTest(case=name):
                    wd.write(json.dumps({"onprem_link": link}), name="zz_case.auto.tfvars.json")
                    self.moto.reset_requests()
                    res = wd.plan()
                    self.assertEqual(res.rc, 1, str(res))
                    text = " ".join(res.output.replace("│", " ").split())
                    self.assertIn(want, text, str(res))
                    writes = [r for r in self.moto.requests() if r["action"] and not r["action"].startswith(
                        ("Describe", "Get", "List", "Search"))]
                    self.assertEqual([r["action"] for r in writes if r["action"] != "GetCallerIdentity"], [],
                                     "nothing is created for a refused plan")
            # no link at all (null: every validation must hold without one)
            wd.write(json.dumps({"onprem_link": None}), name="zz_case.auto.tfvars.json")
            res = wd.plan()
            self.assertEqual(res.rc, 2, str(res))
            self.assertNotIn("gcnet_onprem_link", res.stdout)
            self.assertIn("onprem_link_waiting = false", " ".join(res.stdout.split()))
            wd.write(json.dumps({"onprem_link": {"method": "dx_gateway"}}), name="zz_case.auto.tfvars.json")
            res = wd.plan()
            self.assertEqual(res.rc, 2, str(res))
            self.assertNotIn("gcnet_onprem_link", res.stdout, "the link waits for its Direct Connect gateway")
            self.assertIn("onprem_link_waiting = true", " ".join(res.stdout.split()))
            wd.write(json.dumps({"onprem_link": {"method": "vpn", "customer_gateway_ip": "203.0.113.10",
                                                 "bgp_asn": 65001}}), name="zz_case.auto.tfvars.json")
            res = wd.plan()
            self.assertEqual(res.rc, 2, str(res))
            text = " ".join(res.stdout.split())
            self.assertIn("module.network.gcnet_onprem_link.this[0] will be created", text)
            for want in ('+ name = "naruto-lgcs"', '+ service = "lgcs"', '+ method = "vpn"',
                         '+ onprem_cidrs = [ + "172.16.0.0/16", ]', '+ customer_gateway_ip = "203.0.113.10"'):
                self.assertIn(want, text)
            self.assertNotIn("+ allowed_prefixes", text.split("Changes to Outputs")[0],
                             "a VPN advertises by BGP: no allowed_prefixes")
        finally:
            wd.cleanup()

    def test_validate_catches_a_broken_root(self):
        """The check above can fail: the same steps reject a root with a misspelled module argument.
        (A bad literal like vpc_cidr = "10.2.0.0/33" is NOT caught here: `terraform validate` treats module
        input variables as unknown, so the provider's validator only sees it at plan time.)"""
        wd = ExampleWorkdir("naruto", moto=self.moto)
        try:
            main = os.path.join(wd.path, "main.tf")
            with open(main, encoding="utf-8") as fh:
                text = fh.read()
            self.assertIn("  vpc_cidr ", text)
            with open(main, "w", encoding="utf-8") as fh:
                fh.write(text.replace("  vpc_cidr ", "  vpc_cdir ", 1))
            self.assertEqual(wd.init().rc, 0)
            res = wd.validate()
            self.assertNotEqual(res.rc, 0, str(res))
            self.assertIn("vpc_cdir", res.output, str(res))
        finally:
            wd.cleanup()


# ---------------------------------------------------------------------------------------------------------------
class ExamplesTerraformTestTest(unittest.TestCase):
    """`terraform test` of every root (examples/<key>/tests/hub.tftest.hcl) passes against moto, and cleans up
    after itself: the source of each municipality's test report (gcnet-doc tests)."""

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)

    def test_terraform_test_passes_in_every_root(self):
        ec2 = self.moto.client("ec2")
        r53r = self.moto.client("route53resolver")
        pca = self.moto.client("acm-pca")
        for key in ROOTS:
            with self.subTest(root=key):
                wd = ExampleWorkdir(key, moto=self.moto)
                try:
                    res = wd.init()
                    self.assertEqual(res.rc, 0, str(res))
                    res = wd.tf("test", "-no-color")
                    self.assertEqual(res.rc, 0, "%s\n%s" % (key, res))
                    self.assertRegex(res.stdout, r"Success! \d+ passed, 0 failed")
                finally:
                    wd.cleanup()
                left = [g["TransitGatewayId"] for g in live(ec2.describe_transit_gateways()["TransitGateways"])
                        if e2e.tags_dict(g.get("Tags")).get(TAG_MUNICIPALITY) == key]
                self.assertEqual(left, [], "terraform test destroys what it applied")
                self.assertEqual(r53r.list_resolver_endpoints()["ResolverEndpoints"], [],
                                 "terraform test destroys the resolver endpoints")
                self.assertEqual([r["Id"] for r in r53r.list_resolver_rules()["ResolverRules"]
                                  if r["RuleType"] == "FORWARD"], [], "terraform test destroys the forwarding rules")
                self.assertEqual(live_cas(pca), [], "terraform test leaves no CA that is not DELETED")
                for account in ASP_ACCOUNTS:  # each ASP's own view (moto keeps the hub account's copy)
                    asp_ec2 = self.moto.client_as(account, "ec2")
                    self.assertEqual(live(asp_ec2.describe_transit_gateway_vpc_attachments()
                                          ["TransitGatewayVpcAttachments"]), [],
                                     "terraform test's ASPs remove their attachments (testing/asp_side)")
                    self.assertEqual(asp_ec2.describe_vpc_endpoint_service_configurations()
                                     ["ServiceConfigurations"], [], "and their endpoint services")
                self.assertEqual(live(ec2.describe_vpc_endpoints()["VpcEndpoints"]), [], "no endpoint is left")
                for dx in (self.moto.client("directconnect"), self.moto.client_as(CARRIER_ACCOUNT, "directconnect")):
                    self.assertEqual(dx.describe_direct_connect_gateways()["directConnectGateways"], [],
                                     "terraform test's carrier removes its Direct Connect gateway (testing/carrier_side)")


class TwoMunicipalitiesTest(unittest.TestCase):
    """naruto and anan in the same account (one moto), each with its own state: apply, clean plan, outputs,
    boto3 read-back, destroy one (the other stays intact), destroy the other. Steps run in order."""

    failed = False

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.ec2 = cls.moto.client("ec2")
        cls.wds = {key: ExampleWorkdir(key, moto=cls.moto, probe=True) for key in EXPECTED}
        cls.applied = set()

    @classmethod
    def tearDownClass(cls):
        try:
            for key in list(cls.applied):
                cls.wds[key].destroy()
        finally:
            for wd in cls.wds.values():
                wd.cleanup()
            cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)
        if TwoMunicipalitiesTest.failed:
            self.fail("an earlier step failed")
        self._ok = False

    def tearDown(self):
        if not self._ok:
            TwoMunicipalitiesTest.failed = True

    def tgws_by_municipality(self):
        out = {}
        for gw in live(self.ec2.describe_transit_gateways()["TransitGateways"]):
            out.setdefault(e2e.tags_dict(gw.get("Tags")).get(TAG_MUNICIPALITY), []).append(gw)
        return out

    def vpcs_by_cidr(self):
        out = {}
        for vpc in self.ec2.describe_vpcs()["Vpcs"]:
            out.setdefault(vpc["CidrBlock"], []).append(vpc)
        return out

    def test_01_apply_both(self):
        for key, wd in self.wds.items():
            res = wd.init()
            self.assertEqual(res.rc, 0, str(res))
            res = wd.apply()
            self.assertEqual(res.rc, 0, "%s\n%s" % (key, res))
            self.applied.add(key)
        self._ok = True

    def test_02_second_plan_is_clean(self):
        for key, wd in self.wds.items():
            res = wd.plan()
            self.assertEqual(res.rc, 0, "%s: a second plan must show no changes\n%s" % (key, res))
        self._ok = True

    def test_02a_connections_wait_for_their_asps(self):
        """After the first apply the hub stands alone: every connection waits, and the onboarding output says what
        each ASP must do, on which Transit Gateway."""
        for key, wd in self.wds.items():
            net = wd.output_json()["network"]["value"]
            self.assertEqual(net["asp_connections_waiting"], sorted(ASPS[key]))
            self.assertEqual(net["asp_connections"], {})
            for asp, (account, cidrs) in ASPS[key].items():
                on = net["asp_onboarding"][asp]
                self.assertEqual((on["account_id"], on["method"], on["cidrs"], on["transit_gateway_id"]),
                                 (account, "transit_gateway", cidrs, net["transit_gateway_id"]))
                self.assertIn("report the attachment ID", on["step"])
            self.assertTrue(net["onprem_link_waiting"], "%s: the on-prem link waits for its gateway" % key)
            self.assertIsNone(net["onprem_link"])
            self.assertIn("dx_gateway_id", net["onprem_onboarding"])
            self.assertIn(net["transit_gateway_id"], net["onprem_onboarding"])
        self._ok = True

    def test_02b_asps_attach_and_the_connections_are_applied(self):
        """Each ASP attaches its VPC in its own account (asp_side.py); the IDs go in as variables; the next apply
        connects them; the carrier reports its Direct Connect gateway (and for anan accepts the proposal), the link is
        applied and associated; a plan after it is clean."""
        for key, wd in self.wds.items():
            ids = wd.play_asps()
            self.assertEqual(set(ids), set(ASPS[key]))
            wd.play_carrier()
            res = wd.apply()
            self.assertEqual(res.rc, 0, "%s\n%s" % (key, res))
            net = wd.output_json()["network"]["value"]
            self.assertEqual(net["asp_connections_waiting"], [])
            self.assertFalse(net["onprem_link_waiting"])
            res = wd.plan("-detailed-exitcode")
            if LINKS[key]["method"] == "dx_proposal":
                # the carrier has not answered: the link is requested; the plan changes nothing (the refresh of a
                # requested link drops the wiring the apply planned, so only the outputs differ) and warns
                self.assertEqual(net["onprem_link"]["state"], "requested", key)
                self.assertIn(res.rc, (0, 2), str(res))
                self.assertNotIn("Plan:", res.stdout, "%s: nothing to change while the carrier decides\n%s" % (key, res))
                self.assertIn("Proposal waits for the carrier", res.output)
                wd.carrier_accepts()
                res = wd.apply()
                self.assertEqual(res.rc, 0, "%s\n%s" % (key, res))
                res = wd.plan("-detailed-exitcode")
            self.assertEqual(res.rc, 0, "%s: a plan after connecting must be clean\n%s" % (key, res))
            self.assertEqual(wd.output_json()["network"]["value"]["onprem_link"]["state"], "associated", key)
        self._ok = True

    def test_02c_boto3_every_asp_reaches_premises_and_ops_and_no_other_asp(self):
        """On the TGW and in the ops VPC, per municipality: each ASP attachment is available and associated with
        asp, propagated into onprem (the premises reach it) and ops, never into asp; the asp table's propagations
        are the hub's own VPC and the premises' link only, and no static route there leads to an ASP; the Direct
        Connect gateway is associated with the TGW advertising the ops VPC and the ASPs, its attachment alone in
        onprem and propagated into asp and ops; every route table of the ops VPC routes each ASP range and the
        premises to the TGW. The other municipality's ASPs appear nowhere."""
        all_asp_atts = set()
        for key, wd in self.wds.items():
            all_asp_atts |= {state_values(wd, CONN % asp)["attachment_id"] for asp in ASPS[key]}
        TwoMunicipalitiesTest.naruto_asp_attachments = {
            state_values(self.wds["naruto"], CONN % asp)["attachment_id"] for asp in ASPS["naruto"]}
        for key, wd in self.wds.items():
            with self.subTest(municipality=key):
                hub = state_values(wd, HUB)
                rt = hub["route_table_ids"]
                atts = {asp: state_values(wd, CONN % asp)["attachment_id"] for asp in ASPS[key]}
                described = {a["TransitGatewayAttachmentId"]: a for a in self.ec2.describe_transit_gateway_attachments(
                    TransitGatewayAttachmentIds=sorted(atts.values()))["TransitGatewayAttachments"]}

                def propagated(table):
                    return {p["TransitGatewayAttachmentId"] for p in self.ec2.get_transit_gateway_route_table_propagations(
                        TransitGatewayRouteTableId=table)["TransitGatewayRouteTablePropagations"]
                        if p["State"] == "enabled"}

                def associated(table):
                    return {a["TransitGatewayAttachmentId"] for a in self.ec2.get_transit_gateway_route_table_associations(
                        TransitGatewayRouteTableId=table)["Associations"] if a["State"] == "associated"}

                for asp, att in atts.items():
                    account, _ = ASPS[key][asp]
                    self.assertEqual(described[att]["State"], "available", asp)
                    self.assertEqual(described[att]["TransitGatewayId"], hub["transit_gateway_id"], asp)
                    self.assertEqual(described[att].get("ResourceOwnerId", account), account,
                                     "%s: the ASP's own attachment" % asp)
                    self.assertEqual(described[att]["Association"]["TransitGatewayRouteTableId"], rt["asp"], asp)
                self.assertEqual(associated(rt["asp"]), set(atts.values()), "asp holds exactly the ASPs")
                self.assertTrue(set(atts.values()) <= propagated(rt["onprem"]), "the premises reach every ASP")
                self.assertTrue(set(atts.values()) <= propagated(rt["ops"]), "the ops VPC reaches every ASP")
                link = state_values(wd, LINK)
                self.assertEqual(propagated(rt["asp"]), {hub["vpc_attachment_id"], link["attachment_id"]},
                                 "every ASP reaches the ops VPC and the premises, and no ASP is propagated into asp")
                static = self.ec2.search_transit_gateway_routes(
                    TransitGatewayRouteTableId=rt["asp"], Filters=[{"Name": "type", "Values": ["static"]}])["Routes"]
                leads = {a.get("TransitGatewayAttachmentId") for r in static if r["State"] != "deleted"
                         for a in r.get("TransitGatewayAttachments") or []}
                self.assertEqual(leads & all_asp_atts, set(), "no route in asp leads to an ASP's attachment")
                for table in (rt["onprem"], rt["ops"]):
                    self.assertEqual(propagated(table) & (all_asp_atts - set(atts.values())), set(),
                                     "another municipality's ASP appears in %s's tables" % key)
                # the premises' link: the Direct Connect gateway associated with the TGW, its attachment
                # associated with onprem (alone there) and propagated into asp and ops only
                spec = LINKS[key]
                dx = self.moto.client_as(spec["owner"], "directconnect") if spec["owner"] else \
                    self.moto.client("directconnect")
                assoc = [a for a in dx.describe_direct_connect_gateway_associations(
                    directConnectGatewayId=link["dx_gateway_id"])["directConnectGatewayAssociations"]
                    if a["associationState"] != "disassociated"]
                self.assertEqual(len(assoc), 1, assoc)
                self.assertEqual(assoc[0]["associationState"], "associated")
                self.assertEqual(assoc[0]["associatedGateway"]["id"], hub["transit_gateway_id"])
                self.assertEqual(sorted(p["cidr"] for p in assoc[0]["allowedPrefixesToDirectConnectGateway"]),
                                 sorted([hub["vpc_cidr"]] + [c for _, cidrs in ASPS[key].values() for c in cidrs]),
                                 "the premises are advertised the ops VPC and every ASP's ranges")
                latt = self.ec2.describe_transit_gateway_attachments(
                    TransitGatewayAttachmentIds=[link["attachment_id"]])["TransitGatewayAttachments"][0]
                self.assertEqual((latt["ResourceType"], latt["State"], latt["TransitGatewayId"]),
                                 ("direct-connect-gateway", "available", hub["transit_gateway_id"]))
                self.assertEqual(associated(rt["onprem"]), {link["attachment_id"]},
                                 "onprem holds exactly the premises' link")
                self.assertIn(link["attachment_id"], propagated(rt["ops"]), "the ops VPC reaches the premises")
                self.assertNotIn(link["attachment_id"], propagated(rt["onprem"]))
                self.assertEqual(e2e.tags_dict(latt.get("Tags")).get("gcnet:onprem-link"), spec["name"])
                tables = self.ec2.describe_route_tables(
                    Filters=[{"Name": "vpc-id", "Values": [hub["vpc_id"]]}])["RouteTables"]
                self.assertTrue(tables)
                for table in tables:
                    routes = {r.get("DestinationCidrBlock"): r.get("TransitGatewayId") for r in table["Routes"]}
                    for cidr in spec["premises"]:
                        self.assertEqual(routes.get(cidr), hub["transit_gateway_id"],
                                         "%s %s: ops VPC route %s (the premises) toward the TGW" % (
                                             key, table["RouteTableId"], cidr))
                    for asp, (_, cidrs) in ASPS[key].items():
                        for cidr in cidrs:
                            self.assertEqual(routes.get(cidr), hub["transit_gateway_id"],
                                             "%s %s: ops VPC route %s toward the TGW" % (key, table["RouteTableId"], cidr))
        self._ok = True

    def test_03_boto3_sees_two_hubs_side_by_side(self):
        tgws = self.tgws_by_municipality()
        vpcs = self.vpcs_by_cidr()
        for key, want in EXPECTED.items():
            with self.subTest(municipality=key):
                self.assertEqual(len(tgws.get(key, [])), 1, "one live TGW tagged %s=%s" % (TAG_MUNICIPALITY, key))
                gw = tgws[key][0]
                self.assertEqual(gw["Options"]["AmazonSideAsn"], want["asn"])
                self.assertEqual(e2e.tags_dict(gw.get("Tags")).get("municipality-code"), want["code"])
                self.assertEqual(len(vpcs.get(want["cidr"], [])), 1, "one VPC with %s" % want["cidr"])
                state = self.wds[key].state_resource(HUB)
                if state is None:  # resources of child modules live under child_modules
                    doc = self.wds[key].show_json()
                    for mod in doc["values"]["root_module"].get("child_modules", []):
                        for r in mod.get("resources", []):
                            if r["address"] == HUB:
                                state = r["values"]
                self.assertIsNotNone(state, "%s in state" % HUB)
                self.assertEqual(state["transit_gateway_id"], gw["TransitGatewayId"])
                self.assertEqual(state["vpc_id"], vpcs[want["cidr"]][0]["VpcId"])
        self.assertNotEqual(tgws["naruto"][0]["TransitGatewayId"], tgws["anan"][0]["TransitGatewayId"])
        self.assertNotEqual(vpcs["10.2.0.0/16"][0]["VpcId"], vpcs["10.4.0.0/16"][0]["VpcId"])
        self._ok = True

    def test_03b_boto3_sees_naruto_resolver_and_ca_and_nothing_for_anan(self):
        r53r = self.moto.client("route53resolver")
        pca = self.moto.client("acm-pca")
        ram = self.moto.client("ram")
        vpcs = self.vpcs_by_cidr()
        naruto_vpc = vpcs["10.2.0.0/16"][0]["VpcId"]
        res = state_values(self.wds["naruto"], RESOLVER)
        self.assertIsNotNone(res, "naruto ordered DNS: %s in state" % RESOLVER)
        self.assertIsNone(state_values(self.wds["anan"], RESOLVER), "anan did not order DNS")
        self.assertIsNone(state_values(self.wds["anan"], CA), "anan did not order a CA")

        endpoints = r53r.list_resolver_endpoints()["ResolverEndpoints"]
        self.assertEqual({e["HostVPCId"] for e in endpoints}, {naruto_vpc}, "only naruto has resolver endpoints")
        by_dir = {d: sorted(e["Id"] for e in endpoints if e["Direction"] == d) for d in ("INBOUND", "OUTBOUND")}
        self.assertEqual(by_dir["INBOUND"], sorted(res["inbound_endpoint_ids"]))
        self.assertEqual(by_dir["OUTBOUND"], sorted(res["outbound_endpoint_ids"]))
        inbound_ips = []
        for eid in res["inbound_endpoint_ids"]:
            ips = r53r.list_resolver_endpoint_ip_addresses(ResolverEndpointId=eid)["IpAddresses"]
            self.assertEqual(len(ips), 2, "two addresses per inbound endpoint")
            self.assertEqual(len({i["SubnetId"] for i in ips}), 2, "one address in each subnet")
            inbound_ips += [i["Ip"] for i in ips]
        self.assertEqual(sorted(inbound_ips), sorted(NARUTO_DNS["inbound_ips"]))

        rules = {r["DomainName"].rstrip("."): r for r in r53r.list_resolver_rules()["ResolverRules"]
                 if r["RuleType"] == "FORWARD"}
        self.assertEqual(set(rules), NARUTO_DNS["domains"])
        assoc = r53r.list_resolver_rule_associations()["ResolverRuleAssociations"]
        for domain, rule in rules.items():
            with self.subTest(domain=domain):
                self.assertEqual(res["rule_ids"][domain], rule["Id"])
                self.assertEqual(sorted(t["Ip"] for t in rule["TargetIps"]), NARUTO_DNS["servers"])
                self.assertEqual({t["Port"] for t in rule["TargetIps"]}, {53})
                self.assertIn(rule["ResolverEndpointId"], res["outbound_endpoint_ids"])
                self.assertIn((rule["Id"], naruto_vpc), {(a["ResolverRuleId"], a["VPCId"]) for a in assoc})
        self.assertEqual({r["ResolverEndpointId"] for r in rules.values()}, set(res["outbound_endpoint_ids"]),
                         "the two rules use the two outbound endpoints")
        self.assertEqual(share_principals(ram, res["resource_share_arn"]), NARUTO_DNS["asps"])
        shared = {a["associatedEntity"] for a in ram.get_resource_share_associations(
            associationType="RESOURCE", resourceShareArns=[res["resource_share_arn"]])["resourceShareAssociations"]}
        self.assertEqual({arn.rsplit("/", 1)[-1] for arn in shared}, set(res["rule_ids"].values()),
                         "both rules are in the share")

        cas = live_cas(pca)
        self.assertEqual(len(cas), 1, "exactly one CA: naruto's")
        ca = state_values(self.wds["naruto"], CA)
        self.assertEqual(cas[0]["Arn"], ca["arn"])
        self.assertEqual(cas[0]["Status"], "ACTIVE")
        self.assertEqual(cas[0]["Type"], "ROOT")
        subject = cas[0]["CertificateAuthorityConfiguration"]["Subject"]
        self.assertEqual(subject["CommonName"], NARUTO_CN)
        self.assertEqual(subject["Organization"], "Naruto City")
        pem = pca.get_certificate_authority_certificate(CertificateAuthorityArn=ca["arn"])["Certificate"]
        self.assertEqual(pem.strip(), ca["certificate"].strip())
        self.assertEqual(share_principals(ram, ca["resource_share_arn"]), NARUTO_DNS["asps"])
        self._ok = True

    def test_04_outputs_carry_catalog_values(self):
        for key, want in EXPECTED.items():
            with self.subTest(municipality=key):
                self.assertTrue(check_digit_ok(want["code"]), want["code"])
                out = self.wds[key].output_json()
                self.assertEqual(out["probe"]["value"], {k: want[k] for k in ("code", "name_ja", "connection")})
                net = out["network"]["value"]
                self.assertEqual(net["name_ja"], want["name_ja"])
                self.assertEqual(net["connection"], want["connection"])
                self.assertTrue(net["transit_gateway_id"].startswith("tgw-"), net)
                self.assertTrue(net["vpc_id"].startswith("vpc-"), net)
                self.assertEqual(sorted(net["route_table_ids"]), ["asp", "onprem", "ops"])
                self.assertTrue(net["resource_share_arn"].startswith("arn:aws:ram:"), net)
        naruto = self.wds["naruto"].output_json()["network"]["value"]
        self.assertEqual(naruto["dns_inbound_ip_addresses"], NARUTO_DNS["inbound_ips"])
        self.assertEqual(set(naruto["dns_rule_ids"]), NARUTO_DNS["domains"])
        self.assertTrue(naruto["private_ca_arn"].startswith("arn:aws:acm-pca:ap-northeast-1:"), naruto)
        self.assertTrue(naruto["root_ca_certificate"].startswith("-----BEGIN CERTIFICATE-----"), naruto)
        anan = self.wds["anan"].output_json()["network"]["value"]
        self.assertEqual((anan["dns_inbound_ip_addresses"], anan["dns_rule_ids"], anan["dns_resolver"]), ([], {}, None))
        self.assertEqual((anan["private_ca_arn"], anan["root_ca_certificate"], anan["private_ca"]), (None, None, None))
        self._ok = True

    def test_04b_prevent_destroy_refuses_to_destroy_or_replace_the_hub(self):
        """Without the test-only override the module's prevent_destroy stops a destroy and a replacement of the
        hub at plan time; nothing is touched."""
        wd = self.wds["naruto"]
        override = os.path.join(wd.base, "examples", "modules", "municipality", "allow_destroy_override.tf")
        with open(override, encoding="utf-8") as fh:
            saved = fh.read()
        os.remove(override)
        try:
            self.moto.reset_requests()
            for args in (("destroy", "-no-color", "-input=false", "-auto-approve"),
                         ("plan", "-no-color", "-input=false", "-replace=" + HUB)):
                res = wd.tf(*args)
                self.assertNotEqual(res.rc, 0, str(res))
                self.assertIn("Instance cannot be destroyed", res.output, str(res))
            writes = [r for r in self.moto.requests()
                      if r["action"] and r["action"].lower().startswith(("delete", "disassociate", "disable"))]
            self.assertEqual(writes, [], "nothing deleted")
        finally:
            with open(override, "w", encoding="utf-8") as fh:
                fh.write(saved)
        res = wd.plan()
        self.assertEqual(res.rc, 0, "naruto untouched\n%s" % res)
        self._ok = True

    def test_05_destroy_naruto_leaves_anan_intact(self):
        anan_before = self.tgws_by_municipality()["anan"][0]
        res = self.wds["naruto"].destroy()
        self.assertEqual(res.rc, 0, str(res))
        self.applied.discard("naruto")
        tgws = self.tgws_by_municipality()
        self.assertNotIn("naruto", tgws)
        self.assertEqual([g["TransitGatewayId"] for g in tgws.get("anan", [])], [anan_before["TransitGatewayId"]])
        vpcs = self.vpcs_by_cidr()
        self.assertNotIn("10.2.0.0/16", vpcs)
        self.assertEqual(len(vpcs.get("10.4.0.0/16", [])), 1)
        atts = live(self.ec2.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"])
        # (moto lists the patched Direct Connect attachment among the VPC attachments, without a VPC: left out)
        self.assertEqual([a["TransitGatewayId"] for a in atts if "VpcOwnerId" in a and a["VpcOwnerId"] not in ASP_ACCOUNTS],
                         [anan_before["TransitGatewayId"]], "the hub's own attachments: anan's only")
        # gcnet never deletes an ASP's attachment: naruto's ASPs still have theirs until they remove them
        naruto_atts = {a for a in self.naruto_asp_attachments}

        def asp_views():
            return {a["TransitGatewayAttachmentId"] for account in ASP_ACCOUNTS for a in live(
                self.moto.client_as(account, "ec2").describe_transit_gateway_vpc_attachments()
                ["TransitGatewayVpcAttachments"])}
        self.assertTrue(naruto_atts <= asp_views(), "naruto's ASPs keep their attachments")
        dx = self.moto.client("directconnect")
        gws = dx.describe_direct_connect_gateways()["directConnectGateways"]
        self.assertEqual([g["directConnectGatewayName"] for g in gws], ["naruto"],
                         "gcnet never deletes the Direct Connect gateway")
        self.assertEqual([a["associationState"] for a in dx.describe_direct_connect_gateway_associations(
            directConnectGatewayId=gws[0]["directConnectGatewayId"])["directConnectGatewayAssociations"]
            if a["associationState"] != "disassociated"], [], "naruto's link ended its association")
        self.wds["naruto"].remove_carrier()
        self.assertEqual(dx.describe_direct_connect_gateways()["directConnectGateways"], [])
        self.wds["naruto"].remove_asps()
        self.assertEqual(naruto_atts & asp_views(), set(), "the ASPs removed them themselves")
        r53r = self.moto.client("route53resolver")
        self.assertEqual(r53r.list_resolver_endpoints()["ResolverEndpoints"], [], "naruto's resolver is gone")
        self.assertEqual([r for r in r53r.list_resolver_rules()["ResolverRules"] if r["RuleType"] == "FORWARD"], [])
        self.assertEqual(live_cas(self.moto.client("acm-pca")), [], "naruto's CA is DELETED")
        res = self.wds["anan"].plan()
        self.assertEqual(res.rc, 0, "anan must be untouched by naruto's destroy\n%s" % res)
        self._ok = True

    def test_06_destroy_anan(self):
        res = self.wds["anan"].destroy()
        self.assertEqual(res.rc, 0, str(res))
        self.applied.discard("anan")
        self.wds["anan"].remove_asps()
        carrier = self.moto.client_as(CARRIER_ACCOUNT, "directconnect")
        self.assertEqual(len(carrier.describe_direct_connect_gateways()["directConnectGateways"]), 1,
                         "the carrier's gateway stays the carrier's")
        self.wds["anan"].remove_carrier()
        self.assertEqual(carrier.describe_direct_connect_gateways()["directConnectGateways"], [])
        self.assertEqual(self.tgws_by_municipality(), {})
        self.assertEqual(self.vpcs_by_cidr().get("10.4.0.0/16"), None)
        self._ok = True


if __name__ == "__main__":
    unittest.main(verbosity=2)
