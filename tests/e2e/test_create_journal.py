"""End-to-end tests of the local create journal (framework/gc_journal.h; README "Crashes and lost answers"): a create
whose answer never reached Terraform's state is taken over by the next apply of the SAME working directory, and is
still refused ("import it") from ANOTHER directory. Real terraform 1.11.4 + the built provider + patched moto.

Run: python3 -m unittest -v tests/e2e/test_create_journal.py

"The answer never reached the state" is made without a kill (test_crash.py kills): a clean apply, then the state
files are removed before any other terraform command, which is what Terraform holds after a kill between the
create's last request and the state's save (the journal entry is only settled by a later read, plan or delete).
The hub runs with `terraform -chdir=<dir>` from another directory (the journal follows the root module's
directory); the resolver with a relative TF_DATA_DIR (the journal lives in it).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402
from test_crash import HUB_ARGS, dns_config, dns_live, dns_setup, hub_live  # noqa: E402

JOURNAL = "gcnet-create-journal.json"
TOOK_OVER_HUB = "Took over the hub of a create whose answer never reached Terraform's state"
TOOK_OVER_DNS = "Took over the resolver of a create whose answer never reached Terraform's state"


def s_entries(path):
    """The journal's entries; a journal whose last entry settled is no file (gc_journal_settled)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["entries"]


def s_counts(live):
    return {k: len(v) for k, v in live.items()}


def s_forget_state(wd):
    """What a kill between the create's last request and the state's save leaves: no state file."""
    for name in ("terraform.tfstate", "terraform.tfstate.backup"):
        path = os.path.join(wd.path, name)
        if os.path.exists(path):
            os.remove(path)


class CreateJournalTest(e2e.OrderedTest):
    prefix = "gcnet-journal-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = e2e.TfWorkdir(cls.moto, prefix="gcnet-journal-other-")
        cls.outside = tempfile.mkdtemp(prefix="gcnet-journal-cwd-")
        cls.dns_a = e2e.TfWorkdir(cls.moto, prefix="gcnet-journal-dns-", env={"TF_DATA_DIR": "tfdata"})
        cls.dns_b = e2e.TfWorkdir(cls.moto, prefix="gcnet-journal-dns-other-")
        hub = e2e.hub_config(label="x", outputs=False, **HUB_ARGS)
        cls.wd.write(hub)
        cls.other.write(hub)
        cls.ctx = dns_setup(cls)
        cls.dns_a.write(dns_config(cls.ctx))
        cls.dns_b.write(dns_config(cls.ctx))

    @classmethod
    def tearDownClass(cls):
        for wd in (cls.dns_a, cls.wd):
            wd.destroy()
        for wd in (cls.other, cls.dns_a, cls.dns_b):
            wd.cleanup()
        os.rmdir(cls.outside)
        super().tearDownClass()

    def chdir_tf(self, *args):
        """terraform -chdir=<hub dir> run from another directory."""
        proc = subprocess.run(["terraform", "-chdir=" + self.wd.path, *args], cwd=self.outside, env=self.wd.env(),
                              capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
        return e2e.Result(list(args), proc.returncode, proc.stdout, proc.stderr, 0)

    def test_01_hub_create_journals_in_the_root_modules_data_dir(self):
        def body():
            res = self.chdir_tf("apply", "-no-color", "-input=false", "-auto-approve")
            self.assertEqual(res.rc, 0, str(res))
            type(self).hub_id = self.wd.state_resource("gcnet_municipality_hub.x")["id"]
            self.assertEqual(os.listdir(self.outside), [], "nothing is written where terraform was started")
            entries = s_entries(os.path.join(self.wd.path, ".terraform", JOURNAL))
            self.assertEqual([(e["type"], e["id"]) for e in entries], [("gcnet_municipality_hub", self.hub_id)])
            self.assertEqual(entries[0]["identity"], "%s/%s/%s" % (e2e.REGION, HUB_ARGS["municipality"],
                                                                   HUB_ARGS.get("name", "naruto-gcnet")))
            tgw = self.moto.client("ec2").describe_transit_gateways(TransitGatewayIds=[self.hub_id])
            tags = e2e.tags_dict(tgw["TransitGateways"][0].get("Tags"))
            self.assertEqual(tags.get("gcnet:create-token"), entries[0]["token"])
            type(self).hub_counts = s_counts(hub_live(self, {}))
        self._step(body)

    def test_02_another_directory_is_still_refused(self):
        def body():
            s_forget_state(self.wd)
            res = self.other.apply()
            self.assertNotEqual(res.rc, 0, str(res))
            self.assertIn("Hub already exists", res.output)
            self.assertIn("terraform import", res.output)
            self.assertEqual(s_counts(hub_live(self, {})), self.hub_counts, "the refused create made nothing")
        self._step(body)

    def test_03_the_same_directory_takes_its_hub_over(self):
        def body():
            res = self.chdir_tf("apply", "-no-color", "-input=false", "-auto-approve")
            self.assertEqual(res.rc, 0, str(res))
            self.assertIn(TOOK_OVER_HUB, res.output.replace("\n", " ").replace("│ ", ""))
            self.assertEqual(self.wd.state_resource("gcnet_municipality_hub.x")["id"], self.hub_id)
            self.assertEqual(s_counts(hub_live(self, {})), self.hub_counts, "no second hub")
            plan = self.chdir_tf("plan", "-no-color", "-input=false", "-detailed-exitcode")
            self.assertEqual(plan.rc, 0, str(plan))
            self.assertFalse(os.path.exists(os.path.join(self.wd.path, ".terraform", JOURNAL)),
                             "the plan's read of the hub settled its entry, the last one: the file goes")
        self._step(body)

    def test_03b_a_hub_the_plan_would_replace_is_built_afresh(self):
        def body():
            self.assertEqual(self.chdir_tf("destroy", "-no-color", "-input=false", "-auto-approve").rc, 0)
            self.wd.write(e2e.hub_config(label="x", outputs=False, **dict(HUB_ARGS, vpc_cidr="10.31.0.0/16")))
            res = self.chdir_tf("apply", "-no-color", "-input=false", "-auto-approve")
            self.assertEqual(res.rc, 0, str(res))
            old_id = self.wd.state_resource("gcnet_municipality_hub.x")["id"]
            s_forget_state(self.wd)
            self.wd.write(e2e.hub_config(label="x", outputs=False, **HUB_ARGS))  # vpc_cidr forces a new hub
            res = self.chdir_tf("apply", "-no-color", "-input=false", "-auto-approve")
            self.assertEqual(res.rc, 0, str(res))
            self.assertIn("Deleted the hub of a create whose answer never reached the state",
                          res.output.replace("\n", " ").replace("│ ", ""))
            self.assertNotEqual(self.wd.state_resource("gcnet_municipality_hub.x")["id"], old_id)
            self.assertEqual(s_counts(hub_live(self, {})), self.hub_counts, "one hub, with the planned VPC")
            ec2 = self.moto.client("ec2")
            self.assertEqual([v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == "10.31.0.0/16"],
                             [], "the replaced hub's VPC is gone")
            plan = self.chdir_tf("plan", "-no-color", "-input=false", "-detailed-exitcode")
            self.assertEqual(plan.rc, 0, str(plan))
        self._step(body)

    def test_04_resolver_journal_in_tf_data_dir(self):
        def body():
            res = self.dns_a.apply()
            self.assertEqual(res.rc, 0, str(res))
            vpc = self.ctx["vpc"]
            entries = s_entries(os.path.join(self.dns_a.path, "tfdata", JOURNAL))
            self.assertEqual([(e["type"], e["identity"], e["id"]) for e in entries],
                             [("gcnet_dns_resolver", "%s/%s" % (e2e.REGION, vpc), vpc)])
            self.assertFalse(os.path.exists(os.path.join(self.dns_a.path, ".terraform", JOURNAL)))
            type(self).dns_counts = s_counts(dns_live(self, self.ctx))
            s_forget_state(self.dns_a)
            refused = self.dns_b.apply()
            self.assertNotEqual(refused.rc, 0, str(refused))
            self.assertIn("Resolver already exists", refused.output)
            self.assertIn("terraform import", refused.output)
            again = self.dns_a.apply()
            self.assertEqual(again.rc, 0, str(again))
            self.assertIn(TOOK_OVER_DNS, again.output.replace("\n", " ").replace("│ ", ""))
            self.assertEqual(s_counts(dns_live(self, self.ctx)), self.dns_counts, "no second resolver")
            plan = self.dns_a.plan()
            self.assertEqual(plan.rc, 0, str(plan))
            self.assertFalse(os.path.exists(os.path.join(self.dns_a.path, "tfdata", JOURNAL)))
        self._step(body)

    def test_05_destroy_leaves_nothing(self):
        def body():
            for wd in (self.dns_a, self.wd):
                res = wd.destroy()
                self.assertEqual(res.rc, 0, str(res))
            self.assertEqual(hub_live(self, {})["tgw"], [])
            self.assertEqual(dns_live(self, self.ctx)["resolver_endpoint"], [])
        self._step(body)


if __name__ == "__main__":
    unittest.main()
