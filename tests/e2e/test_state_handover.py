"""End-to-end: the state a successor inherits (issue 10 section 2), against moto's S3.

Run: python3 -m unittest -v tests/e2e/test_state_handover.py   (needs the built provider, see tests/README.md)

The predecessor applies examples/anan with the root's own S3 backend (`backend "s3" {}` completed by a backend.hcl
made from backend.hcl.example: the bucket, plus moto's endpoint). Then, as docs/guides/handover.md says:
- the successor, in a fresh directory with only the repository (the root's files and terraform.tfvars), the
  backend settings and the release package (installed into its own empty HOME), runs `init` and `plan`: no changes;
- a second writer is refused by the lock: while the predecessor's apply is held inside a refresh (moto's delay
  rule), the successor's apply fails with "Error acquiring the state lock" and the lock object exists; the
  predecessor's apply then completes and the lock object is gone;
- the state object is encrypted at rest and holds none of the credentials used;
- the successor moves the state into a bucket of its own (`init -migrate-state`) and still plans no changes.
Steps run in order and share the predecessor's and successor's directories.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402
from test_examples import EXAMPLES  # noqa: E402

ROOT = "anan"  # the hub alone (anan ordered neither DNS nor a CA): the state handover is what is tested here
BUCKET = "anan-gcnet-tfstate-123456789012"
NEW_BUCKET = "anan-successor-tfstate-210987654321"
# Credentials that could be found again in a state file (moto accepts any)
ACCESS_KEY = "AKIAGCNETHANDOVER7Q2X"
SECRET_KEY = "gcnetHandoverSecretKeyZ9y8X7w6V5u4T3s2R1q0"
SESSION_TOKEN = "gcnetHandoverSessionToken-5c1d7e9a-never-in-state"


def backend_hcl(example_text, bucket, endpoint):
    """backend.hcl from the root's backend.hcl.example: the bucket replaced, plus what moto needs."""
    text = re.sub(r'(?m)^bucket\s*=.*$', 'bucket = "%s"' % bucket, example_text)
    return text + """
# moto (the test's AWS): path-style requests to its endpoint, no account or credentials check
endpoints                   = { s3 = "%s" }
use_path_style              = true
skip_credentials_validation = true
skip_requesting_account_id  = true
skip_metadata_api_check     = true
""" % endpoint


class Checkout:
    """A working directory made from the repository: examples/ copied, the root prepared with its inputs
    (terraform.tfvars from the example file, as a municipality's repository would carry it) and backend.hcl.
    `home` is the person's own HOME, into which the release package is installed."""

    def __init__(self, tmp, name, moto, dist):
        self.base = os.path.join(tmp, name)
        self.home = os.path.join(self.base, "home")
        os.makedirs(self.home)
        shutil.copytree(EXAMPLES, os.path.join(self.base, "examples"), ignore=shutil.ignore_patterns(
            ".terraform", ".terraform.lock.hcl", "terraform.tfstate*", "terraform.tfvars", "backend.hcl"))
        self.path = os.path.join(self.base, "examples", ROOT)
        shutil.copy(os.path.join(self.path, "terraform.tfvars.example"), os.path.join(self.path, "terraform.tfvars"))
        with open(os.path.join(self.path, "backend.hcl.example"), encoding="utf-8") as fh:
            example = fh.read()
        with open(os.path.join(self.path, "backend.hcl"), "w", encoding="utf-8") as fh:
            fh.write(backend_hcl(example, BUCKET, moto.url))
        # the release package as received: the zip in a filesystem mirror of one's own (packed layout)
        self.mirror = os.path.join(self.home, "mirror")
        os.makedirs(os.path.join(self.mirror, e2e.PROVIDER_SOURCE))
        for name in os.listdir(dist):
            if name.endswith(".zip"):
                shutil.copy(os.path.join(dist, name), os.path.join(self.mirror, e2e.PROVIDER_SOURCE))
        self.cli = e2e.write_cli_config(os.path.join(self.base, "terraform.rc"), mirror_dir=self.mirror)
        self.moto = moto

    def env(self):
        env = e2e.clean_env({"TF_CLI_CONFIG_FILE": self.cli, "HOME": self.home})
        env.update(self.moto.env())
        env.update({"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                    "AWS_SESSION_TOKEN": SESSION_TOKEN})
        return env

    def tf(self, *args, timeout=600):
        return self.popen(*args).result(timeout)

    def popen(self, *args):
        return _Run(["terraform", *args], self.path, self.env())


class _Run:
    def __init__(self, argv, cwd, env):
        self.argv = argv
        self.start = time.monotonic()
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True)

    def result(self, timeout=600):
        try:
            out, err = self.proc.communicate(timeout=timeout)
            rc = self.proc.returncode
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            rc = "timeout"
        return e2e.Result(self.argv[1:], rc, out, err, time.monotonic() - self.start)


class StateHandoverTest(unittest.TestCase):
    failed = False

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="gcnet-e2e-handover-")
        cls.moto = e2e.Moto().start()
        cls.s3 = cls.moto.client("s3")
        for bucket in (BUCKET, NEW_BUCKET):
            cls.s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": e2e.REGION})
            cls.s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        cls.dist = os.path.join(cls.tmp, "dist")
        cls.pred = cls.succ = None
        if os.access(e2e.provider_binary(), os.X_OK):
            e2e.install_provider(mirror_dir=os.path.join(cls.tmp, "unused-mirror"), dist=cls.dist)
            cls.pred = Checkout(cls.tmp, "predecessor", cls.moto, cls.dist)
            # the hub must be destroyable at the end of the test (the module's prevent_destroy)
            shutil.copy(os.path.join(cls.pred.base, "examples", "modules", "municipality", "testing",
                                     "allow_destroy_override.tf"),
                        os.path.join(cls.pred.base, "examples", "modules", "municipality"))
        cls.key = "gcnet/%s/terraform.tfstate" % ROOT

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.pred is not None and StateHandoverTest.applied:
                cls.pred.tf("destroy", "-no-color", "-input=false", "-auto-approve")
        finally:
            cls.moto.stop()
            if not e2e.keep_temp():
                shutil.rmtree(cls.tmp, ignore_errors=True)

    applied = False

    def setUp(self):
        e2e.assert_provider_built(self)
        if StateHandoverTest.failed:
            self.fail("an earlier step failed")
        self._ok = False

    def tearDown(self):
        if not self._ok:
            StateHandoverTest.failed = True

    def s3_keys(self, bucket=BUCKET):
        return sorted(o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket).get("Contents", []))

    def test_01_predecessor_applies_with_the_s3_backend(self):
        res = self.pred.tf("init", "-no-color", "-input=false", "-backend-config=backend.hcl")
        self.assertEqual(res.rc, 0, str(res))
        self.assertIn('Successfully configured the backend "s3"', res.stdout)
        res = self.pred.tf("apply", "-no-color", "-input=false", "-auto-approve")
        StateHandoverTest.applied = True
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual(self.s3_keys(), [self.key], "the state is in the bucket; the lock object is gone")
        self.assertFalse(os.path.exists(os.path.join(self.pred.path, "terraform.tfstate")), "no local state")
        self._ok = True

    def test_02_state_is_encrypted_and_holds_no_secret(self):
        head = self.s3.head_object(Bucket=BUCKET, Key=self.key)
        self.assertIn(head.get("ServerSideEncryption"), ("AES256", "aws:kms"), "encrypt = true")
        state = self.s3.get_object(Bucket=BUCKET, Key=self.key)["Body"].read().decode()
        self.assertIn('"gcnet_municipality_hub"', state)
        for secret in (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN):
            self.assertNotIn(secret, state)
        self.assertNotIn("PRIVATE KEY", state)
        self._ok = True

    def test_03_successor_inits_from_the_repository_and_plans_no_changes(self):
        StateHandoverTest.succ = Checkout(self.tmp, "successor", self.moto, self.dist)
        res = self.succ.tf("init", "-no-color", "-input=false", "-backend-config=backend.hcl")
        self.assertEqual(res.rc, 0, str(res))
        self.assertIn("Installed tokushima/gcnet v", res.stdout)
        res = self.succ.tf("plan", "-no-color", "-input=false", "-detailed-exitcode")
        self.assertEqual(res.rc, 0, "the successor's first plan shows no changes\n%s" % res)
        self.assertIn("No changes.", res.stdout)
        self._ok = True

    def test_04_a_second_writer_is_refused_by_the_lock(self):
        # the predecessor's apply holds the lock while its refresh waits on a delayed DescribeTransitGateways
        self.moto.reset_requests()
        e2e_fault = {"action": "DescribeTransitGateways", "service": "ec2", "count": 1, "delay_ms": 30000}
        req = urllib.request.Request(self.moto.url + "/_gcnet/faults", data=json.dumps(e2e_fault).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()
        first = self.pred.popen("apply", "-no-color", "-input=false", "-auto-approve")
        lock_key = self.key + ".tflock"
        deadline = time.monotonic() + 60
        while lock_key not in self.s3_keys() and time.monotonic() < deadline and first.proc.poll() is None:
            time.sleep(0.1)
        self.assertIn(lock_key, self.s3_keys(), "use_lockfile writes the lock object next to the state")
        second = self.succ.tf("apply", "-no-color", "-input=false", "-auto-approve", "-lock-timeout=0s")
        done = first.result()
        self.assertNotEqual(second.rc, 0, str(second))
        self.assertIn("Error acquiring the state lock", second.output, str(second))
        self.assertEqual(done.rc, 0, "the first writer completes\n%s" % done)
        self.assertEqual(self.s3_keys(), [self.key], "the lock object is released")
        self._ok = True

    def test_05_successor_moves_the_state_to_its_own_bucket(self):
        """docs/guides/handover.md, "Moving the state": -migrate-state copies it; the plan still shows no changes."""
        with open(os.path.join(self.succ.path, "backend.hcl"), encoding="utf-8") as fh:
            text = fh.read()
        with open(os.path.join(self.succ.path, "backend.hcl"), "w", encoding="utf-8") as fh:
            fh.write(re.sub(r'(?m)^bucket\s*=.*$', 'bucket = "%s"' % NEW_BUCKET, text))
        res = self.succ.tf("init", "-no-color", "-input=false", "-migrate-state", "-force-copy",
                           "-backend-config=backend.hcl")
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual(self.s3_keys(NEW_BUCKET), [self.key])
        res = self.succ.tf("plan", "-no-color", "-input=false", "-detailed-exitcode")
        self.assertEqual(res.rc, 0, "no changes from the moved state\n%s" % res)
        # from now on the successor's bucket is the one written: the predecessor's copy is left as it was
        # the end-of-test destroy goes through the moved state, from the successor's directory
        module = os.path.join(self.succ.base, "examples", "modules", "municipality")
        shutil.copy(os.path.join(module, "testing", "allow_destroy_override.tf"), module)
        self.pred.path = self.succ.path
        self._ok = True


if __name__ == "__main__":
    unittest.main(verbosity=2)
