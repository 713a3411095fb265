"""End-to-end tests of gcnet_certificate: real terraform 1.11.4 + the built provider + patched moto (serve.py:
acmpca_validity, acmpca_revocations, acmpca_issue_clock), with a CSR made by the openssl CLI and the issued
certificate checked by the openssl CLI (never by gcnet's own code).

Run: python3 -m unittest -v test_certificate (from tests/e2e)
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.request
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

ADDR = "gcnet_certificate.ops"
CN = "ops.naruto.example"
VALIDITY_DAYS = 30
EARLY_DAYS = 7


def config(early_days=EARLY_DAYS, csr_file="ops.csr.pem"):
    early = "  early_renewal_days          = %d\n" % early_days if early_days is not None else ""
    return """
terraform {
  required_providers {
    gcnet = { source = "tokushima/gcnet" }
  }
}
provider "gcnet" {}
resource "gcnet_private_ca" "root" {
  subject = {
    common_name  = "Naruto City Government Cloud Root CA"
    organization = "Naruto City"
    country      = "JP"
  }
}
resource "gcnet_certificate" "ops" {
  certificate_authority_arn   = gcnet_private_ca.root.arn
  certificate_signing_request = file("%s")
  validity_days               = %d
%s}
""" % (csr_file, VALIDITY_DAYS, early)


def openssl(*args, cwd=None):
    proc = subprocess.run(["openssl", *args], capture_output=True, text=True, cwd=cwd)
    return proc.returncode, proc.stdout + proc.stderr


def plain_serial(text):
    return text.replace(":", "").lstrip("0").upper()


class CertificateLifecycleTest(unittest.TestCase):
    """Validation without AWS, issue and openssl checks, no changes, early renewal, import, destroy (revoke)."""

    failed = False

    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()
        cls.wd = e2e.TfWorkdir(cls.moto, prefix="gcnet-e2e-cert-")
        cls.wd.write(config())
        rc, out = openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "ops.key", "-out", "ops.csr.pem",
                          "-subj", "/CN=%s/O=Naruto City" % CN, cwd=cls.wd.path)
        if rc != 0:
            raise RuntimeError("openssl req: " + out)
        cls.pca = cls.moto.client("acm-pca")

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()
        cls.wd.cleanup()

    def setUp(self):
        if CertificateLifecycleTest.failed:
            self.skipTest("an earlier lifecycle step failed")

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            CertificateLifecycleTest.failed = True
        return out

    # helpers ------------------------------------------------------------------------------------------------
    def state(self):
        return self.wd.state_resource(ADDR)

    def path(self, name):
        return os.path.join(self.wd.path, name)

    def write_pem(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as fh:
            fh.write(text)
        return self.path(name)

    def revocations(self):
        with urllib.request.urlopen(self.moto.url + "/_gcnet/acmpca/revocations", timeout=10) as r:
            return json.load(r)["revocations"]

    def issue_offset(self, seconds):
        req = urllib.request.Request(self.moto.url + "/_gcnet/acmpca/issue-offset", method="POST",
                                     data=json.dumps({"seconds": seconds}).encode())
        with urllib.request.urlopen(req, timeout=10) as r:
            self.assertEqual(json.load(r)["seconds"], seconds)

    def pca_requests(self):
        return [r for r in self.moto.requests() if r.get("service") == "acm-pca"]

    # steps ----------------------------------------------------------------------------------------------------
    def test_00_bad_csr_and_windows_fail_validation_without_aws(self):
        cases = [
            (config(csr_file="bad.csr.pem"), "bad.csr.pem", "signature does not verify"),
            (config(early_days=VALIDITY_DAYS), None, "must be smaller than validity_days"),
        ]
        # the CSR with the last bit of its signature flipped
        with open(self.path("ops.csr.pem"), encoding="utf-8") as fh:
            lines = fh.read().strip().splitlines()
        import base64
        der = bytearray(base64.b64decode("".join(lines[1:-1])))
        der[-1] ^= 1
        b64 = base64.b64encode(bytes(der)).decode()
        self.write_pem("bad.csr.pem", "\n".join([lines[0]] + [b64[i:i + 64] for i in range(0, len(b64), 64)]
                                                + [lines[-1]]) + "\n")
        rc, out = openssl("req", "-in", self.path("bad.csr.pem"), "-noout", "-verify")
        self.assertIn("verify failure", out, "openssl agrees the signature is bad")
        self.moto.reset_requests()
        for text, _, message in cases:
            with self.subTest(message=message):
                self.wd.write(text)
                res = self.wd.validate()
                self.assertNotEqual(res.rc, 0, str(res))
                self.assertIn(message, " ".join((res.stdout + res.stderr).split()))
                self.assertIn("gcnet_certificate.ops", res.stdout + res.stderr)
        self.assertEqual(self.pca_requests(), [])
        self.wd.write(config())

    def test_01_issue_then_openssl_verifies_it(self):
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        st = self.state()
        ca = self.wd.state_resource("gcnet_private_ca.root")
        root = self.write_pem("root.pem", ca["certificate"])
        cert = self.write_pem("cert.pem", st["certificate"])
        rc, out = openssl("verify", "-CAfile", root, cert)
        self.assertEqual(rc, 0, "the certificate verifies against the root: " + out)
        self.assertEqual(st["certificate_chain"].strip(), ca["certificate"].strip())
        rc, subject = openssl("x509", "-in", cert, "-noout", "-subject", "-nameopt", "RFC2253")
        self.assertIn("CN=%s" % CN, subject)
        rc, dates = openssl("x509", "-in", cert, "-noout", "-startdate", "-enddate", "-dateopt", "iso_8601")
        self.assertEqual(rc, 0, dates)
        got = dict(line.split("=", 1) for line in dates.strip().splitlines())
        start = datetime.strptime(got["notBefore"], "%Y-%m-%d %H:%M:%SZ")
        end = datetime.strptime(got["notAfter"], "%Y-%m-%d %H:%M:%SZ")
        self.assertEqual(round((end - start).total_seconds() / 86400), VALIDITY_DAYS)
        self.assertEqual(st["not_after"], end.strftime("%Y-%m-%dT%H:%M:%SZ"))
        rc, serial = openssl("x509", "-in", cert, "-noout", "-serial")
        self.assertEqual(plain_serial(serial.strip().split("=")[1]), plain_serial(st["serial"]))
        rc, pub_cert = openssl("x509", "-in", cert, "-noout", "-pubkey")
        rc, pub_csr = openssl("req", "-in", self.path("ops.csr.pem"), "-noout", "-pubkey")
        self.assertEqual(pub_cert, pub_csr, "issued for the CSR's key")
        self.assertFalse(st["ready_for_renewal"])
        self.assertEqual(st["id"], st["arn"])
        issue = [r for r in self.pca_requests() if r["action"] == "IssueCertificate"]
        self.assertEqual(len(issue), 2, "the root and the certificate")

    def test_02_plan_after_apply_shows_no_changes(self):
        res = self.wd.plan()
        self.assertEqual(res.rc, 0, str(res))

    def test_03_early_renewal_plans_a_replacement(self):
        old = self.state()
        # a certificate issued 24 days ago has 6 days left: within early_renewal_days = 7
        self.issue_offset(24 * 86400)
        try:
            res = self.wd.apply("-replace=" + ADDR)
        finally:
            self.issue_offset(0)
        self.assertEqual(res.rc, 0, str(res))
        aged = self.state()
        self.assertNotEqual(aged["serial"], old["serial"])
        revoked = [r for r in self.revocations() if plain_serial(r["serial"]) == plain_serial(old["serial"])]
        self.assertEqual(len(revoked), 1, self.revocations())
        self.assertEqual(revoked[0]["reason"], "CESSATION_OF_OPERATION")
        res = self.wd.plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertIn("must be replaced", res.stdout)
        self.assertIn("ready_for_renewal", res.stdout)
        self.assertIn("forces replacement", res.stdout)
        self.assertNotIn("gcnet_private_ca.root will be", res.stdout)
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        renewed = self.state()
        self.assertNotEqual(renewed["serial"], aged["serial"])
        self.assertFalse(renewed["ready_for_renewal"])
        self.assertEqual(self.wd.plan().rc, 0)

    def test_04_import_with_the_csr_file_then_no_changes(self):
        arn = self.state()["arn"]
        self.wd.write(config(early_days=None))  # early_renewal_days at its default: nothing left to record
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.tf("state", "rm", "-no-color", ADDR)
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.tf("import", "-no-color", "-input=false", ADDR, arn + ",ops.csr.pem")
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.plan()
        self.assertEqual(res.rc, 0, str(res))

    def test_05_import_by_arn_alone_records_the_csr_in_place(self):
        arn = self.state()["arn"]
        res = self.wd.tf("state", "rm", "-no-color", ADDR)
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.tf("import", "-no-color", "-input=false", ADDR, arn)
        self.assertEqual(res.rc, 0, str(res))
        res = self.wd.plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertIn("update in-place", res.stdout)
        self.assertNotIn("must be replaced", res.stdout)
        self.moto.reset_requests()
        res = self.wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual([r["action"] for r in self.pca_requests() if r["action"] in ("IssueCertificate",
                                                                                     "RevokeCertificate")], [])
        self.assertEqual(self.state()["arn"], arn)
        self.assertEqual(self.wd.plan().rc, 0)

    def test_06_destroy_revokes_its_serial(self):
        st = self.state()
        res = self.wd.destroy()
        self.assertEqual(res.rc, 0, str(res))
        revoked = [r for r in self.revocations() if plain_serial(r["serial"]) == plain_serial(st["serial"])]
        self.assertEqual(len(revoked), 1, self.revocations())
        self.assertEqual(revoked[0]["reason"], "CESSATION_OF_OPERATION")
        self.assertEqual(revoked[0]["ca"], st["certificate_authority_arn"])
        ca = self.pca.describe_certificate_authority(
            CertificateAuthorityArn=st["certificate_authority_arn"])["CertificateAuthority"]
        self.assertEqual(ca["Status"], "DELETED")


if __name__ == "__main__":
    unittest.main()
