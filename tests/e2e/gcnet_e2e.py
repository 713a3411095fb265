"""Shared helpers for gcnet's end-to-end tests (stdlib unittest + boto3, no pytest).

- Moto: starts tests/moto/serve.py on a free loopback port, waits until it answers, gives boto3 clients and the
  request log (so a test can assert that NO AWS call happened).
- write_cli_config(): a Terraform CLI config with dev_overrides for registry.terraform.io/tokushima/gcnet (or a
  filesystem_mirror), so nothing is ever downloaded and `terraform init` is never run for gcnet.
- TfWorkdir: a temp directory with its own main.tf, running terraform with a clean environment.
- hcl(): renders Python values as HCL literals; hub_config() renders a whole root module for gcnet_municipality_hub.

Environment knobs:
    GCNET_PROVIDER_DIR   directory holding terraform-provider-gcnet (default <repo>/build/provider)
    GCNET_E2E_KEEP=1     keep the temp directories (their paths are printed on stderr)
    GCNET_E2E_TF_LOG     passed to terraform as TF_LOG (e.g. DEBUG), with TF_LOG_PATH=<workdir>/terraform.log
    GCNET_LOG*           passed through to the provider process unchanged
    ASAN_OPTIONS, UBSAN_OPTIONS, LSAN_OPTIONS, TSAN_OPTIONS
                         passed through to terraform, which hands them to the provider it launches (a provider
                         built with -Db_sanitize=address,undefined: scripts/e2e-sanitizers.sh)
    GCNET_SANITIZER_LOG_DIR
                         where those options' log_path writes the provider's sanitizer reports: a report written
                         while a terraform command ran fails that command's test (check_sanitizer_reports)
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SERVE_PY = os.path.join(REPO, "tests", "moto", "serve.py")
PROVIDER_SOURCE = "registry.terraform.io/tokushima/gcnet"
PROVIDER_SHORT = "tokushima/gcnet"
PROVIDER_BIN_NAME = "terraform-provider-gcnet"
REGION = "ap-northeast-1"
ACCOUNT_ID = "123456789012"  # moto's default account
TF_PLUGIN_MIRROR = "/opt/tf-plugins"
MAGIC_COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"


def provider_dir():
    return os.path.abspath(os.environ.get("GCNET_PROVIDER_DIR") or os.path.join(REPO, "build", "provider"))


def provider_binary():
    return os.path.join(provider_dir(), PROVIDER_BIN_NAME)


def assert_provider_built(testcase):
    """Fail (not skip) when the provider binary is missing: a missing binary is a broken build."""
    path = provider_binary()
    if not os.access(path, os.X_OK):
        testcase.fail("provider binary not found or not executable: %s (build it: meson setup build && "
                      "ninja -C build, or set GCNET_PROVIDER_DIR)" % path)


def keep_temp():
    return os.environ.get("GCNET_E2E_KEEP") == "1"


# ---------------------------------------------------------------------------------------------------------------
# moto
# ---------------------------------------------------------------------------------------------------------------
class Moto:
    """One patched moto server on 127.0.0.1:<free port>."""

    def __init__(self, request_log=None, extra_args=None):
        self.request_log = request_log
        self.extra_args = list(extra_args or [])
        self.proc = None
        self.port = None
        self.url = None
        self._stderr = None

    def start(self, timeout=30.0):
        cmd = [sys.executable, SERVE_PY, "--port", "0"]
        if self.request_log:
            cmd += ["--request-log", self.request_log]
        cmd += self.extra_args
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self._stderr, stdin=subprocess.DEVNULL,
                                     text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            try:
                status = self.proc.wait(timeout=5)  # negative: killed by that signal (from outside the test)
            except subprocess.TimeoutExpired:
                status = "still running"
            self.stop()
            raise RuntimeError("moto launcher did not start: %r (exit status %s)\n%s" % (line, status,
                                                                                        self.stderr_text()))
        self.port = int(line.split()[1])
        self.url = "http://127.0.0.1:%d" % self.port
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/_gcnet/patches", timeout=2) as r:
                    json.load(r)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("moto did not answer on %s\n%s" % (self.url, self.stderr_text()))
                time.sleep(0.1)
        return self

    def stderr_text(self):
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            if self.proc.stdout:
                self.proc.stdout.close()
            self.proc = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _get(self, path, method="GET"):
        req = urllib.request.Request(self.url + path, method=method, data=b"" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def set_latency(self, fixed_ms=0, jitter_ms=0, seed=0):
        """serve.py's latency mode (every AWS request waits fixed_ms + a seeded draw in 0..jitter_ms)."""
        data = json.dumps({"fixed_ms": fixed_ms, "jitter_ms": jitter_ms, "seed": seed}).encode()
        req = urllib.request.Request(self.url + "/_gcnet/latency", method="POST", data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def _post_json(self, path, doc, method="POST"):
        data = json.dumps(doc).encode() if doc is not None else None
        req = urllib.request.Request(self.url + path, method=method, data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def add_fault(self, **rule):
        """serve.py's fault rule (action, service, count, status, code, message, delay_ms, skip, lost)."""
        return self._post_json("/_gcnet/faults", rule)["faults"]

    def clear_faults(self):
        return self._post_json("/_gcnet/faults", None, method="DELETE")["faults"]

    def faults(self):
        return self._get("/_gcnet/faults")["faults"]

    def set_chaos(self, p=0, seed=0, lost=0):
        """serve.py's chaos mode: every AWS request fails with probability p (seeded); set_chaos() turns it off."""
        return self._post_json("/_gcnet/chaos", {"p": p, "seed": seed, "lost": lost})

    def requests(self):
        """List of {service, region, action, method, path} for every AWS request since the last reset."""
        return self._get("/_gcnet/requests")["requests"]

    def request_count(self):
        return self._get("/_gcnet/requests")["count"]

    def reset_requests(self):
        self._get("/_gcnet/requests/reset", method="POST")

    def client(self, service, region=REGION, config=None):
        import boto3  # imported lazily so the module loads without boto3 (e.g. for protocol-only tests)
        return boto3.client(service, endpoint_url=self.url, region_name=region, aws_access_key_id="testing",
                            aws_secret_access_key="testing", config=config)

    def client_as(self, account_id, service, region=REGION):
        """A boto3 client acting in another account (moto switches accounts on sts:AssumeRole), e.g. an ASP's."""
        import boto3
        creds = self.client("sts").assume_role(RoleArn="arn:aws:iam::%s:role/gcnet-e2e" % account_id,
                                               RoleSessionName="gcnet-e2e")["Credentials"]
        return boto3.client(service, endpoint_url=self.url, region_name=region,
                            aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"])

    def env(self):
        return {
            "AWS_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
        }


# ---------------------------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------------------------
def write_cli_config(path, dev_override_dir=None, mirror_dir=None, mirror_include=None):
    """Write a CLI config: dev_overrides for gcnet (dev_override_dir) and/or a filesystem_mirror, never `direct`."""
    lines = ["provider_installation {"]
    if dev_override_dir:
        lines += ["  dev_overrides {", "    %s = %s" % (json.dumps(PROVIDER_SOURCE), json.dumps(dev_override_dir)),
                  "  }"]
    if mirror_dir:
        lines += ["  filesystem_mirror {", "    path = %s" % json.dumps(mirror_dir)]
        if mirror_include:
            lines.append("    include = %s" % json.dumps(list(mirror_include)))
        lines.append("  }")
    lines.append("}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path


INSTALL_SCRIPT = os.path.join(REPO, "scripts", "install-provider.sh")
_MIRROR = None


def install_provider(mirror_dir=None, home=None, dist=None, packed=False, binary=None):
    """Run scripts/install-provider.sh on the binary under test (no build): into `mirror_dir` (a filesystem
    mirror), or with mirror_dir None into the implied local mirror of `home`; the release package into `dist` (none
    when None). Returns the h1: hash the script printed."""
    args = ["bash", INSTALL_SCRIPT, "--binary", binary or provider_binary()]
    if mirror_dir:
        args += ["--mirror", mirror_dir]
    if packed:
        args.append("--packed")
    args += ["--dist", dist] if dist else ["--no-package"]
    env = clean_env({"HOME": home} if home else None)
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise AssertionError("install-provider.sh failed (rc %d):\n%s%s" % (proc.returncode, proc.stdout,
                                                                             proc.stderr))
    return proc.stdout.strip().splitlines()[-1]


def shared_mirror():
    """One filesystem mirror per test process holding the binary under test, as install-provider.sh lays it out:
    what `terraform init` of the examples installs from (no dev_overrides)."""
    global _MIRROR
    if _MIRROR is None:
        path = tempfile.mkdtemp(prefix="gcnet-e2e-mirror-")
        install_provider(mirror_dir=path)
        if not keep_temp():
            import atexit
            atexit.register(shutil.rmtree, path, True)
        _MIRROR = path
    return _MIRROR


def tags_dict(tag_list, key="Key", value="Value"):
    """boto3's tag lists as a dict: EC2's [{"Key", "Value"}], or RAM's [{"key", "value"}] with key="key"."""
    return {t[key]: t[value] for t in (tag_list or [])}


SANITIZER_ENV = ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS")


def sanitizer_reports(log_dir=None):
    """The sanitizer report files in GCNET_SANITIZER_LOG_DIR (or `log_dir`): {name: text}; {} when unset."""
    log_dir = log_dir or os.environ.get("GCNET_SANITIZER_LOG_DIR")
    if not log_dir or not os.path.isdir(log_dir):
        return {}
    out = {}
    for name in sorted(os.listdir(log_dir)):
        with open(os.path.join(log_dir, name), encoding="utf-8", errors="replace") as fh:
            out[name] = fh.read()
    return out


def check_sanitizer_reports(before, what, log_dir=None):
    """Raises AssertionError when a report appeared since `before` (a sanitizer_reports() result): an ASan or UBSan
    finding in the provider fails the test even when terraform carried on (a leak is reported at exit, after the
    last answer)."""
    new = {k: v for k, v in sanitizer_reports(log_dir).items() if k not in before}
    if new:
        raise AssertionError("sanitizer report from the provider during %s:\n%s" % (
            what, "\n".join("== %s ==\n%s" % (k, v[-8000:]) for k, v in new.items())))


def clean_env(extra=None):
    """The environment terraform runs with: nothing inherited except the basics and GCNET_LOG* knobs."""
    env = {}
    for key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER"):
        if key in os.environ:
            env[key] = os.environ[key]
    for key, value in os.environ.items():
        if key.startswith("GCNET_LOG") or key in SANITIZER_ENV:
            env[key] = value
    env["TF_IN_AUTOMATION"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    env["TF_INPUT"] = "0"
    if extra:
        env.update(extra)
    return env


class Result:
    def __init__(self, args, rc, stdout, stderr, seconds):
        self.args = args
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds

    @property
    def output(self):
        return self.stdout + "\n" + self.stderr

    def __str__(self):
        return "$ terraform %s -> rc=%s (%.1fs)\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            " ".join(self.args), self.rc, self.seconds, self.stdout[-6000:], self.stderr[-6000:])


class TfWorkdir:
    """A temp root module directory with its own CLI config; run terraform commands in it."""

    def __init__(self, moto=None, prefix="gcnet-e2e-", dev_override_dir=None, mirror_dir=None, mirror_include=None,
                 env=None):
        self.path = tempfile.mkdtemp(prefix=prefix)
        self.cli_config = write_cli_config(os.path.join(self.path, "terraform.rc"),
                                           dev_override_dir=dev_override_dir if (dev_override_dir or mirror_dir)
                                           else provider_dir(),
                                           mirror_dir=mirror_dir, mirror_include=mirror_include)
        self.moto = moto
        self.extra_env = dict(env or {})
        if keep_temp():
            sys.stderr.write("gcnet_e2e: workdir %s\n" % self.path)

    def write(self, text, name="main.tf"):
        with open(os.path.join(self.path, name), "w", encoding="utf-8") as fh:
            fh.write(text)

    def env(self):
        extra = {"TF_CLI_CONFIG_FILE": self.cli_config}
        if self.moto is not None:
            extra.update(self.moto.env())
        if os.environ.get("GCNET_E2E_TF_LOG"):
            extra["TF_LOG"] = os.environ["GCNET_E2E_TF_LOG"]
            extra["TF_LOG_PATH"] = os.path.join(self.path, "terraform.log")
        extra.update(self.extra_env)
        return clean_env(extra)

    def tf(self, *args, timeout=600):
        reports_before = sanitizer_reports()
        start = time.monotonic()
        try:
            proc = subprocess.run(["terraform", *args], cwd=self.path, env=self.env(), capture_output=True,
                                  text=True, timeout=timeout, stdin=subprocess.DEVNULL)
            rc, out, err = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            rc = "timeout"
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        check_sanitizer_reports(reports_before, "terraform " + " ".join(args))
        return Result(list(args), rc, out, err, time.monotonic() - start)

    # shorthands -------------------------------------------------------------------------------------------------
    def validate(self):
        return self.tf("validate", "-no-color")

    def plan(self, *extra):
        return self.tf("plan", "-no-color", "-input=false", "-detailed-exitcode", *extra)

    def apply(self, *extra):
        return self.tf("apply", "-no-color", "-input=false", "-auto-approve", *extra)

    def destroy(self, *extra):
        return self.tf("destroy", "-no-color", "-input=false", "-auto-approve", *extra)

    def show_json(self):
        res = self.tf("show", "-json", "-no-color")
        if res.rc != 0:
            raise AssertionError(str(res))
        return json.loads(res.stdout)

    def state_resource(self, address):
        """The `values` of one resource in `terraform show -json`, or None."""
        doc = self.show_json()
        for res in ((doc.get("values") or {}).get("root_module") or {}).get("resources", []):
            if res.get("address") == address:
                return res.get("values")
        return None

    def cleanup(self):
        if not keep_temp():
            shutil.rmtree(self.path, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------
# HCL rendering
# ---------------------------------------------------------------------------------------------------------------
def hcl(value, indent=0):
    """Render a Python value as an HCL expression (dict -> object, list/tuple/set -> tuple, str -> quoted)."""
    pad = "  " * (indent + 1)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return "[" + ", ".join(hcl(v, indent) for v in items) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = "\n".join("%s%s = %s" % (pad, json.dumps(str(k)), hcl(v, indent + 1)) for k, v in value.items())
        return "{\n" + body + "\n" + "  " * indent + "}"
    raise TypeError("cannot render %r as HCL" % (value,))


# The provider block, kept in one place so schema changes by the lead are a one-line edit.
# default_tags follows hashicorp/aws: a block holding a `tags` map.
def provider_block(region=REGION, default_tags=None, extra=None):
    lines = ['provider "gcnet" {', "  region = %s" % hcl(region)]
    for key, value in (extra or {}).items():
        lines.append("  %s = %s" % (key, hcl(value, 1)))
    if default_tags:
        lines += ["  default_tags {", "    tags = %s" % hcl(default_tags, 2), "  }"]
    lines.append("}")
    return "\n".join(lines)


TERRAFORM_BLOCK = """terraform {
  required_providers {
    gcnet = {
      source = "tokushima/gcnet"
    }
  }
}
"""


def resource_block(rtype, name, args, blocks=None):
    """A resource block; `blocks` maps nested block names (e.g. "timeouts") to dicts of attributes."""
    lines = ['resource "%s" "%s" {' % (rtype, name)]
    for key, value in args.items():
        if value is not None:
            lines.append("  %s = %s" % (key, hcl(value, 1)))
    for bname, battrs in (blocks or {}).items():
        lines.append("  %s {" % bname)
        for key, value in battrs.items():
            lines.append("    %s = %s" % (key, hcl(value, 2)))
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines)


def hub_config(label="x", region=REGION, default_tags=None, timeouts=None, outputs=True, **args):
    """A complete root module with one gcnet_municipality_hub.<label>; `args` are the resource arguments (`name`
    among them)."""
    parts = [TERRAFORM_BLOCK, provider_block(region=region, default_tags=default_tags), "",
             resource_block("gcnet_municipality_hub", label, args, {"timeouts": timeouts} if timeouts else None)]
    if outputs:
        parts.append('\noutput "hub" {\n  value = gcnet_municipality_hub.%s\n}' % label)
    return "\n".join(parts) + "\n"


class OrderedTest(unittest.TestCase):
    """Ordered steps (test_01_..., test_02_...) on one Terraform state and one moto; after a step that failed the
    rest fail fast (a test wraps its body in self._step). Subclasses set `prefix` (the work directory's) and extend
    setUpClass (super() first) with their own clients and AWS-side objects."""

    failed = False
    prefix = "gcnet-"
    failure_message = "an earlier step failed"

    @classmethod
    def setUpClass(cls):
        assert_provider_built(cls)
        cls.moto = Moto().start()
        cls.wd = TfWorkdir(cls.moto, prefix=cls.prefix)

    @classmethod
    def tearDownClass(cls):
        cls.wd.cleanup()
        cls.moto.stop()

    def setUp(self):
        if type(self).failed:
            self.fail(self.failure_message)

    def _step(self, fn):
        try:
            fn()
        except BaseException:
            type(self).failed = True
            raise
