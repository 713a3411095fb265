"""End-to-end tests of gcnet_private_ca: real terraform 1.11.4 + the built provider + patched moto (serve.py:
ram_share_certificate_authority, acmpca_permissions, acmpca_usage_mode), checked with boto3 and, for the
certificate itself, with the openssl CLI (never with gcnet's own code).

Run: python3 -m unittest -v tests/e2e/test_private_ca.py
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402
from test_faults import add_fault, clear_faults, s_children_named  # noqa: E402

ADDR = "gcnet_private_ca.root"
CN = "Naruto City Government Cloud Root CA"
CONFIG = """
terraform {
  required_providers {
    gcnet = { source = "tokushima/gcnet" }
  }
}
provider "gcnet" {}
resource "gcnet_private_ca" "root" {
  subject = {
    common_name  = "%s"
    organization = "Naruto City"
    country      = "JP"
    state        = "Tokushima"
  }
  share_with = ["111111111111"]
  tags       = { env = "test" }
}
""" % CN


def openssl(*args, stdin=None):
    proc = subprocess.run(["openssl", *args], input=stdin, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def live_cas(pca):
    return [c for c in pca.list_certificate_authorities()["CertificateAuthorities"] if c["Status"] != "DELETED"]


class PrivateCaLifecycleTest(unittest.TestCase):
    """Create (one apply to ACTIVE), no changes after, drift repaired in place, import, destroy."""

    failed = False

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.wd = e2e.TfWorkdir(cls.moto, prefix="gcnet-e2e-ca-")
        cls.wd.write(CONFIG)
        cls.pca = cls.moto.client("acm-pca")
        cls.ram = cls.moto.client("ram")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        if PrivateCaLifecycleTest.failed:
            self.skipTest("an earlier lifecycle step failed")

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            PrivateCaLifecycleTest.failed = True
        return out

    def state(self):
        return self.wd.state_resource(ADDR)

    def test_01_one_apply_leaves_it_active_and_shared(self):
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        st = self.state()
        cas = live_cas(self.pca)
        self.assertEqual(len(cas), 1)
        ca = cas[0]
        self.assertEqual(ca["Arn"], st["arn"])
        self.assertEqual(ca["Status"], "ACTIVE")
        self.assertEqual(ca["Type"], "ROOT")
        self.assertEqual(ca["CertificateAuthorityConfiguration"]["Subject"]["CommonName"], CN)
        self.assertEqual(st["status"], "ACTIVE")
        # the RAM share holds the CA and the account
        share_arn = st["resource_share_arn"]
        assoc = self.ram.get_resource_share_associations(associationType="PRINCIPAL",
                                                         resourceShareArns=[share_arn])["resourceShareAssociations"]
        self.assertEqual([a["associatedEntity"] for a in assoc], ["111111111111"])
        res_assoc = self.ram.get_resource_share_associations(
            associationType="RESOURCE", resourceShareArns=[share_arn])["resourceShareAssociations"]
        self.assertEqual([a["associatedEntity"] for a in res_assoc], [st["arn"]])
        perms = self.pca.list_permissions(CertificateAuthorityArn=st["arn"])["Permissions"]
        self.assertEqual([p["Principal"] for p in perms], ["acm.amazonaws.com"])
        self.assertEqual(sorted(perms[0]["Actions"]), ["GetCertificate", "IssueCertificate", "ListPermissions"])

    def test_02_root_certificate_checked_by_openssl(self):
        st = self.state()
        with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as fh:
            fh.write(st["certificate"])
            path = fh.name
        try:
            rc, out = openssl("verify", "-CAfile", path, path)
            self.assertEqual(rc, 0, "self-signed root verifies against itself: " + out)
            rc, text = openssl("x509", "-in", path, "-noout", "-text")
            self.assertEqual(rc, 0, text)
            self.assertRegex(text, r"CA:TRUE")
            self.assertIn("CN = " + CN, text)
            rc, serial = openssl("x509", "-in", path, "-noout", "-serial")
            self.assertEqual(serial.strip().split("=")[1].lstrip("0").upper(),
                             st["serial"].replace(":", "").lstrip("0").upper())
        finally:
            os.unlink(path)

    def test_03_plan_after_apply_shows_no_changes(self):
        res = self.wd.plan()
        self.assertEqual(res.rc, 0, str(res))

    def test_04_drift_is_shown_and_repaired_in_place(self):
        st = self.state()
        self.pca.update_certificate_authority(CertificateAuthorityArn=st["arn"], Status="DISABLED")
        self.pca.delete_permission(CertificateAuthorityArn=st["arn"], Principal="acm.amazonaws.com")
        res = self.wd.plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertIn("update in-place", res.stdout)
        self.assertNotIn("must be replaced", res.stdout)
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        ca = self.pca.describe_certificate_authority(CertificateAuthorityArn=st["arn"])["CertificateAuthority"]
        self.assertEqual(ca["Status"], "ACTIVE")
        perms = self.pca.list_permissions(CertificateAuthorityArn=st["arn"])["Permissions"]
        self.assertEqual(len(perms), 1)
        self.assertEqual(len(live_cas(self.pca)), 1)
        self.assertEqual(self.wd.plan().rc, 0)

    def test_05_import_by_arn_then_no_changes(self):
        arn = self.state()["arn"]
        res = self.wd.tf("state", "rm", "-no-color", ADDR)
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.tf("import", "-no-color", "-input=false", ADDR, arn)
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.plan()
        self.assertEqual(res.rc, 0, str(res))

    def test_06_destroy_leaves_nothing_active(self):
        st = self.state()
        res = self.wd.destroy()
        self.assertEqual(res.rc, 0, str(res))
        ca = self.pca.describe_certificate_authority(CertificateAuthorityArn=st["arn"])["CertificateAuthority"]
        self.assertEqual(ca["Status"], "DELETED")
        shares = self.ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
        self.assertEqual([s for s in shares if s["status"] != "DELETED"], [])


class PrivateCaCrashTest(unittest.TestCase):
    """The provider is killed while each AWS request of the activation is in flight (moto still serves it, so
    its answer is lost); each time the next apply ends with exactly one ACTIVE CA, and destroy leaves none."""

    STEPS = ["CreateCertificateAuthority", "GetCertificateAuthorityCsr", "IssueCertificate", "GetCertificate",
             "ImportCertificateAuthorityCertificate", "createresourceshare", "CreatePermission"]

    def test_kill_after_each_request_of_the_activation(self):
        for step in self.STEPS:
            with self.subTest(step=step):
                moto = e2e.Moto().start()
                try:
                    self.one(moto, step)
                finally:
                    moto.stop()

    def one(self, moto, step):
        wd = e2e.TfWorkdir(moto, prefix="gcnet-e2e-ca-crash-")
        wd.write(CONFIG)
        pca = moto.client("acm-pca")
        add_fault(moto, action=step, count=1, delay_ms=4000)
        proc = subprocess.Popen(["terraform", "apply", "-no-color", "-input=false", "-auto-approve"], cwd=wd.path,
                                env=wd.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not [r for r in moto.requests()
                                                       if r.get("action", "").lower() == step.lower()]:
                time.sleep(0.05)
            pids = s_children_named(proc.pid, e2e.PROVIDER_BIN_NAME)
            self.assertEqual(len(pids), 1, "one provider under terraform")
            os.kill(pids[0], signal.SIGKILL)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        self.assertNotEqual(proc.returncode, 0, "the killed apply fails")
        time.sleep(4.5)  # the held request is still served by moto
        clear_faults(moto)
        res = wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        cas = live_cas(pca)
        self.assertEqual(len(cas), 1, json.dumps(cas, default=str))
        self.assertEqual(cas[0]["Status"], "ACTIVE")
        res = wd.destroy()
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual([c for c in live_cas(pca) if c["Status"] == "ACTIVE"], [])


if __name__ == "__main__":
    unittest.main()
