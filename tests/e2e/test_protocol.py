"""Launch-protocol tests of the provider binary (go-plugin handshake) and the schema contract.

Run: python3 -m unittest -v tests/e2e/test_protocol.py   (needs build/provider/terraform-provider-gcnet)
The real-terraform handshake is also covered by every test in test_hub.py.
"""

import base64
import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

SCHEMA_CONTRACT = os.path.join(e2e.REPO, "schemas", "provider.json")
HANDSHAKE_TLS_RE = re.compile(r"^1\|6\|unix\|(/[^|]+)\|grpc\|([A-Za-z0-9+/]+)$")
HANDSHAKE_PLAIN_RE = re.compile(r"^1\|6\|unix\|(/[^|]+)\|grpc$")


def make_client_cert(tmpdir):
    """A throw-away self-signed PEM certificate standing in for Terraform's client certificate."""
    key = os.path.join(tmpdir, "client.key")
    crt = os.path.join(tmpdir, "client.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", crt, "-days", "1", "-subj", "/O=HashiCorp/CN=localhost"],
                   check=True, capture_output=True)
    with open(crt, encoding="ascii") as fh:
        return fh.read()


class ProviderProcess:
    """The provider binary started by hand, with a clean environment plus `env`."""

    def __init__(self, env, tmpdir):
        full = e2e.clean_env({"TMPDIR": tmpdir})
        full.pop("TF_IN_AUTOMATION", None)
        full.update(env)
        self.proc = subprocess.Popen([e2e.provider_binary()], env=full, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def first_line(self, timeout=15.0):
        """The first stdout line (bytes, without the newline), or None on timeout/EOF."""
        buf = b""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                return buf or None
            buf += chunk
        return buf.split(b"\n", 1)[0]

    def stop(self):
        """SIGTERM, then SIGKILL after 5 s; returns the stderr text."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        err = self.proc.stderr.read().decode("utf-8", "replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        return err


class HandshakeTest(unittest.TestCase):
    def setUp(self):
        e2e.assert_provider_built(self)
        self.tmp = tempfile.mkdtemp(prefix="gcnet-proto-")

    def tearDown(self):
        import shutil
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_without_magic_cookie_exits_1_with_human_message(self):
        env = e2e.clean_env({"TMPDIR": self.tmp})
        env.pop("TF_PLUGIN_MAGIC_COOKIE", None)
        proc = subprocess.run([e2e.provider_binary()], env=env, capture_output=True, text=True, timeout=10,
                              stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout, "", "nothing may reach stdout without the cookie")
        self.assertRegex(proc.stderr.lower(), r"plugin|terraform", "stderr should explain what the binary is")
        self.assertGreater(len(proc.stderr.strip()), 20)

    def test_wrong_magic_cookie_exits_1(self):
        env = e2e.clean_env({"TMPDIR": self.tmp, "TF_PLUGIN_MAGIC_COOKIE": "nope", "PLUGIN_PROTOCOL_VERSIONS": "6"})
        proc = subprocess.run([e2e.provider_binary()], env=env, capture_output=True, text=True, timeout=10,
                              stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout, "")

    def _check_tls_line(self, versions):
        pem = make_client_cert(self.tmp)
        p = ProviderProcess({"TF_PLUGIN_MAGIC_COOKIE": e2e.MAGIC_COOKIE, "PLUGIN_PROTOCOL_VERSIONS": versions,
                             "PLUGIN_CLIENT_CERT": pem}, self.tmp)
        try:
            line = p.first_line()
            self.assertIsNotNone(line, "no handshake line within 15 s")
            text = line.decode("ascii")
            m = HANDSHAKE_TLS_RE.match(text)
            self.assertIsNotNone(m, "bad handshake line: %r" % text)
            sock, cert = m.group(1), m.group(2)
            self.assertLess(len(sock.encode()), 108, "unix socket path exceeds sun_path")
            self.assertTrue(os.path.exists(sock), "socket %s does not exist" % sock)
            self.assertGreater(len(cert), 50, "terraform ignores a certificate field of 50 characters or less")
            self.assertNotIn("=", cert)
            der = base64.b64decode(cert + "=" * (-len(cert) % 4), validate=True)
            self.assertEqual(der[0], 0x30, "certificate must be DER (a SEQUENCE)")
            der_path = os.path.join(self.tmp, "server.der")
            with open(der_path, "wb") as fh:
                fh.write(der)
            x509 = subprocess.run(["openssl", "x509", "-inform", "DER", "-in", der_path, "-noout", "-text"],
                                  capture_output=True, text=True)
            self.assertEqual(x509.returncode, 0, "certificate does not parse: %s" % x509.stderr)
            self.assertIn("DNS:localhost", x509.stdout, "terraform verifies the server name localhost (SAN)")
        finally:
            p.stop()

    def test_handshake_line_tls_versions_5_6(self):
        self._check_tls_line("5,6")

    def test_handshake_line_tls_versions_6_5(self):
        self._check_tls_line("6,5")

    def test_handshake_line_plaintext_without_client_cert(self):
        p = ProviderProcess({"TF_PLUGIN_MAGIC_COOKIE": e2e.MAGIC_COOKIE, "PLUGIN_PROTOCOL_VERSIONS": "5,6"}, self.tmp)
        try:
            line = p.first_line()
            self.assertIsNotNone(line, "no handshake line within 15 s")
            self.assertRegex(line.decode("ascii"), HANDSHAKE_PLAIN_RE)
        finally:
            p.stop()

    def test_launch_maps_neither_libcurl_nor_libxml2(self):
        """Only launches that call AWS load libcurl (provider/aws/gc_curl_lib.c; README "Start-up and memory"), and
        none loads libxml2 (gcnet reads XML itself, provider/aws/gc_xml.c): a launch that has handshaken, as for the
        schema or validate, has mapped neither."""
        pem = make_client_cert(self.tmp)
        p = ProviderProcess({"TF_PLUGIN_MAGIC_COOKIE": e2e.MAGIC_COOKIE, "PLUGIN_PROTOCOL_VERSIONS": "6",
                             "PLUGIN_CLIENT_CERT": pem}, self.tmp)
        try:
            self.assertIsNotNone(p.first_line(), "no handshake line within 15 s")
            with open("/proc/%d/maps" % p.proc.pid, encoding="utf-8") as fh:
                mapped = {os.path.basename(line.split(None, 5)[5].strip()) for line in fh if len(line.split()) == 6}
            self.assertTrue(any(m.startswith("libgrpc.so") for m in mapped), "maps not read: %s" % sorted(mapped))
            for lib in ("libcurl.so", "libxml2.so", "libgnutls.so", "libicuuc.so"):
                self.assertFalse([m for m in mapped if m.startswith(lib)], "%s is mapped at the handshake" % lib)
        finally:
            p.stop()

    def test_binary_does_not_name_libxml2(self):
        """The XML reader is gcnet's own (provider/aws/gc_xml.c): the binary neither links libxml2 nor names its
        SONAME for a dlopen, so no launch, AWS-calling or not, can map it or its ICU and liblzma."""
        with open(e2e.provider_binary(), "rb") as fh:
            image = fh.read()
        self.assertNotIn(b"libxml2", image)
        self.assertNotIn(b"xmlReadMemory", image)

    def test_only_protocol_5_offered_exits_non_zero(self):
        p = ProviderProcess({"TF_PLUGIN_MAGIC_COOKIE": e2e.MAGIC_COOKIE, "PLUGIN_PROTOCOL_VERSIONS": "5"}, self.tmp)
        try:
            rc = p.proc.wait(10)
        except subprocess.TimeoutExpired:
            rc = None
        err = p.stop()
        self.assertIsNotNone(rc, "provider kept running although protocol 6 was not offered")
        self.assertNotEqual(rc, 0)
        self.assertTrue(err.strip(), "stderr should say why")


class SchemaContractTest(unittest.TestCase):
    def test_providers_schema_json_equals_committed_contract(self):
        e2e.assert_provider_built(self)
        self.assertTrue(os.path.isfile(SCHEMA_CONTRACT), "the schema contract %s is missing" % SCHEMA_CONTRACT)
        with open(SCHEMA_CONTRACT, encoding="utf-8") as fh:
            contract = json.load(fh)
        wd = e2e.TfWorkdir(prefix="gcnet-schema-")
        try:
            wd.write(e2e.TERRAFORM_BLOCK)
            res = wd.tf("providers", "schema", "-json")
            self.assertEqual(res.rc, 0, str(res))
            actual = json.loads(res.stdout)
        finally:
            wd.cleanup()
        # The contract is either the whole `terraform providers schema -json` document or just gcnet's entry.
        if "provider_schemas" in contract:
            self.assertEqual(actual, contract)
        else:
            self.assertIn(e2e.PROVIDER_SOURCE, actual.get("provider_schemas", {}))
            self.assertEqual(actual["provider_schemas"][e2e.PROVIDER_SOURCE], contract)


class MirrorInstallTest(unittest.TestCase):
    """Installed as users install it: `terraform init` from a filesystem mirror, fully offline, with the lock file
    recording the package's h1 hash (the dirhash of the unpacked package directory)."""

    VERSION = "0.1.0"

    def test_init_from_filesystem_mirror_then_validate(self):
        e2e.assert_provider_built(self)
        tmp = tempfile.mkdtemp(prefix="gcnet-mirror-")
        try:
            pkg = os.path.join(tmp, "mirror", "registry.terraform.io", "tokushima", "gcnet", self.VERSION,
                               "linux_amd64")
            os.makedirs(pkg)
            binary = os.path.join(pkg, "terraform-provider-gcnet_v" + self.VERSION)
            with open(e2e.provider_binary(), "rb") as src, open(binary, "wb") as dst:
                dst.write(src.read())
            os.chmod(binary, 0o755)
            root = os.path.join(tmp, "root")
            os.makedirs(root)
            cli = e2e.write_cli_config(os.path.join(tmp, "cli.tfrc"), mirror_dir=os.path.join(tmp, "mirror"),
                                       mirror_include=[e2e.PROVIDER_SOURCE])
            with open(os.path.join(root, "main.tf"), "w", encoding="utf-8") as fh:
                fh.write('terraform {\n  required_providers {\n    gcnet = { source = "tokushima/gcnet", '
                         'version = "%s" }\n  }\n}\n\nprovider "gcnet" {\n  region = "ap-northeast-3"\n}\n\n'
                         'data "gcnet_municipality" "itano" {\n  key = "itano"\n}\n' % self.VERSION)
            env = e2e.clean_env({"TF_CLI_CONFIG_FILE": cli})
            init = subprocess.run(["terraform", "init", "-no-color", "-input=false"], cwd=root, env=env,
                                  capture_output=True, text=True, timeout=120)
            self.assertEqual(init.returncode, 0, init.stdout + init.stderr)
            self.assertIn("Installed tokushima/gcnet v%s" % self.VERSION, init.stdout)
            with open(os.path.join(root, ".terraform.lock.hcl"), encoding="utf-8") as fh:
                lock = fh.read()
            # h1 = base64(sha256 of "<sha256 hex>  <name>\n" for each file of the package directory)
            with open(binary, "rb") as fh:
                line = "%s  %s\n" % (hashlib.sha256(fh.read()).hexdigest(), os.path.basename(binary))
            h1 = "h1:" + base64.b64encode(hashlib.sha256(line.encode()).digest()).decode()
            self.assertIn(h1, lock, "the lock file records the package's dirhash")
            validate = subprocess.run(["terraform", "validate", "-no-color"], cwd=root, env=env,
                                      capture_output=True, text=True, timeout=120)
            self.assertEqual(validate.returncode, 0, validate.stdout + validate.stderr)
        finally:
            if not e2e.keep_temp():
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
