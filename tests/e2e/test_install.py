"""End-to-end: gcnet installed as a user installs it (scripts/install-provider.sh), then `terraform init` of an
example root offline with no dev_overrides, and the lock file's h1: hash checked against the release package.

Run: python3 -m unittest -v tests/e2e/test_install.py   (needs the built provider, see tests/README.md)

The h1: hash is computed here independently of Terraform and of the script: Terraform's "h1" is the dirhash of the
unpacked package (golang.org/x/mod/sumdb/dirhash Hash1): for each file, sorted by its slash-separated path, the line
"<sha256 hex of the content>  <path>\\n"; the hash is base64(sha256 of those lines).
"""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402
from test_examples import ExampleWorkdir  # noqa: E402


def meson_version():
    with open(os.path.join(e2e.REPO, "meson.build"), encoding="utf-8") as fh:
        return re.search(r"project\([^)]*?version\s*:\s*'([^']+)'", fh.read(), re.S).group(1)


def dirhash_h1(directory):
    lines = []
    for dirpath, _, files in os.walk(directory):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, directory).replace(os.sep, "/")
            with open(path, "rb") as fh:
                lines.append((rel, hashlib.sha256(fh.read()).hexdigest()))
    text = "".join("%s  %s\n" % (digest, rel) for rel, digest in sorted(lines))
    return "h1:" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def lock_hashes(lock_text):
    block = re.search(r'provider "registry.terraform.io/tokushima/gcnet" \{(.*?)\n\}', lock_text, re.S)
    assert block, lock_text
    version = re.search(r'version\s*=\s*"([^"]+)"', block.group(1)).group(1)
    return version, re.findall(r'"(h1:[^"]+|zh:[^"]+)"', block.group(1))


class InstallTest(unittest.TestCase):
    """One install into an empty HOME (the implied local mirror) plus the release package; each test inits from it."""

    @classmethod
    def setUpClass(cls):
        cls.version = meson_version()
        cls.tmp = tempfile.mkdtemp(prefix="gcnet-e2e-install-")
        cls.home = os.path.join(cls.tmp, "home")
        cls.dist = os.path.join(cls.tmp, "dist")
        os.makedirs(cls.home)
        cls.moto = e2e.Moto().start()
        cls.script_h1 = None
        if os.access(e2e.provider_binary(), os.X_OK):
            cls.script_h1 = e2e.install_provider(home=cls.home, dist=cls.dist)
        cls.zip_name = "terraform-provider-gcnet_%s_linux_amd64.zip" % cls.version
        cls.exe_name = "terraform-provider-gcnet_v%s" % cls.version

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()
        if not e2e.keep_temp():
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        e2e.assert_provider_built(self)

    def package_h1(self):
        """The dirhash of the release zip, unpacked here."""
        out = tempfile.mkdtemp(prefix="unpacked-", dir=self.tmp)
        with zipfile.ZipFile(os.path.join(self.dist, self.zip_name)) as z:
            z.extractall(out)
        return dirhash_h1(out)

    def test_binary_reports_the_version_of_meson_build(self):
        for binary in (e2e.provider_binary(),
                       os.path.join(self.home, ".terraform.d", "plugins", e2e.PROVIDER_SOURCE, self.version,
                                    "linux_amd64", self.exe_name)):
            with self.subTest(binary=binary):
                res = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                                     env=e2e.clean_env())
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertEqual(res.stdout.split()[:2], ["terraform-provider-gcnet", self.version])
        # run by hand without the magic cookie it still refuses to serve (the go-plugin handshake is unchanged)
        res = subprocess.run([e2e.provider_binary()], capture_output=True, text=True, timeout=30,
                             env=e2e.clean_env())
        self.assertEqual(res.returncode, 1)
        self.assertIn("Terraform provider plugin", res.stderr)

    def test_release_package_has_the_registry_layout(self):
        names = sorted(os.listdir(self.dist))
        sums = "terraform-provider-gcnet_%s_SHA256SUMS" % self.version
        manifest = "terraform-provider-gcnet_%s_manifest.json" % self.version
        self.assertEqual(names, sorted([self.zip_name, sums, manifest]))
        listed = {}
        with open(os.path.join(self.dist, sums), encoding="utf-8") as fh:
            for line in fh:
                digest, name = line.split()
                listed[name] = digest
        self.assertEqual(set(listed), {self.zip_name, manifest})
        for name, digest in listed.items():
            with open(os.path.join(self.dist, name), "rb") as fh:
                self.assertEqual(hashlib.sha256(fh.read()).hexdigest(), digest, name)
        with open(os.path.join(self.dist, manifest), encoding="utf-8") as fh:
            self.assertEqual(json.load(fh), {"version": 1, "metadata": {"protocol_versions": ["6.0"]}})
        with zipfile.ZipFile(os.path.join(self.dist, self.zip_name)) as z:
            infos = z.infolist()
            self.assertEqual([i.filename for i in infos], [self.exe_name])
            self.assertEqual((infos[0].external_attr >> 16) & 0o777, 0o755)
            packaged = z.read(self.exe_name)
        installed = os.path.join(self.home, ".terraform.d", "plugins", e2e.PROVIDER_SOURCE, self.version,
                                 "linux_amd64", self.exe_name)
        with open(installed, "rb") as fh:
            self.assertEqual(fh.read(), packaged, "the implied mirror holds the packaged bytes")
        self.assertEqual(self.package_h1(), self.script_h1, "the hash the script prints")

    def init_and_plan(self, wd, expect_h1):
        res = wd.init()
        self.assertEqual(res.rc, 0, str(res))
        self.assertIn("Installed tokushima/gcnet v%s" % self.version, res.stdout)
        with open(os.path.join(wd.path, ".terraform.lock.hcl"), encoding="utf-8") as fh:
            version, hashes = lock_hashes(fh.read())
        self.assertEqual(version, self.version)
        self.assertIn(expect_h1, hashes, "the lock file records the package's h1: hash")
        res = wd.plan()
        self.assertEqual(res.rc, 2, "a first plan creates the hub\n%s" % res)
        self.assertIn("module.network.gcnet_municipality_hub.this will be created", res.stdout)
        return hashes

    def test_init_from_a_team_filesystem_mirror_holding_the_zip(self):
        """A CLI config with only a filesystem_mirror (no dev_overrides, no direct), the release zip copied into
        it as a team would (packed layout); init and plan anan offline."""
        mirror = os.path.join(self.tmp, "team-mirror")
        os.makedirs(os.path.join(mirror, e2e.PROVIDER_SOURCE), exist_ok=True)
        shutil.copy(os.path.join(self.dist, self.zip_name), os.path.join(mirror, e2e.PROVIDER_SOURCE))
        wd = ExampleWorkdir("anan", moto=self.moto)
        try:
            e2e.write_cli_config(wd.cli_config, mirror_dir=mirror)
            with open(wd.cli_config, encoding="utf-8") as fh:
                cli = fh.read()
            self.assertNotIn("dev_overrides", cli)
            self.assertNotIn("direct", cli)
            self.init_and_plan(wd, self.package_h1())
            # the README's command for other platforms' hashes, here for this one: the same h1
            res = wd.tf("providers", "lock", "-no-color", "-fs-mirror=" + mirror, "-platform=linux_amd64")
            self.assertEqual(res.rc, 0, str(res))
            with open(os.path.join(wd.path, ".terraform.lock.hcl"), encoding="utf-8") as fh:
                self.assertIn(self.package_h1(), lock_hashes(fh.read())[1])
        finally:
            wd.cleanup()

    def test_init_from_the_implied_local_mirror_with_no_cli_config(self):
        """Where the script installs by default: ~/.terraform.d/plugins, found by `terraform init` with no CLI
        configuration at all (and no network: gcnet is the only provider, so Terraform never asks a registry)."""
        wd = ExampleWorkdir("anan", moto=self.moto)
        try:
            os.remove(wd.cli_config)
            wd.extra_env["HOME"] = self.home
            wd.extra_env["TF_CLI_CONFIG_FILE"] = os.path.join(self.tmp, "no-such-terraformrc")
            self.init_and_plan(wd, self.package_h1())
        finally:
            wd.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
