"""End-to-end tests of the provider block and the credential sources, with the real terraform 1.11.4 against moto
and small local fakes (an HTTP forwarding proxy, EC2 instance metadata, the SSO portal): allowed/forbidden
account ids, assume_role chaining and duration, assume_role_with_web_identity, credential_process, SSO, IMDSv2,
proxies, CA bundle, retry_mode, sts_region, ignore_tags, and the logs (fields, progress lines, no secrets).

Run: python3 -m unittest -v tests/e2e/test_provider_config.py   (needs the built provider, see tests/README.md)

Nothing here contacts 169.254.169.254 or any AWS host: every endpoint is on loopback.
"""

import hashlib
import http.server
import ssl
import subprocess
import json
import os
import re
import socketserver
import stat
import sys
import tempfile
import threading
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

MOTO = None
ROLE_A = "arn:aws:iam::210987654321:role/gcnet-network"
ROLE_B = "arn:aws:iam::345678901234:role/gcnet-naruto"
HUB = {"municipality": "naruto", "vpc_cidr": "10.31.0.0/16", "share_with": ["111111111111"]}
# distinctive credentials, so that a grep of the logs can only find them if they leaked
SECRET_KEY_ID = "AKIAGCNETLOGLEAKTEST"
SECRET_KEY = "gcnet/Leak+Test/SecretKeyValue0123456789"
SECRET_TOKEN = "gcnetLeakTestSessionTokenValue0123456789"


def setUpModule():
    global MOTO
    MOTO = e2e.Moto().start()


def tearDownModule():
    if MOTO:
        MOTO.stop()


def provider(extra_hcl="", region=e2e.REGION):
    return 'provider "gcnet" {\n  region = "%s"\n%s\n}\n' % (region, extra_hcl)


def config(extra_hcl="", resources=True, region=e2e.REGION):
    parts = [e2e.TERRAFORM_BLOCK, provider(extra_hcl, region)]
    if resources:
        parts.append(e2e.resource_block("gcnet_municipality_hub", "x", HUB))
    else:
        parts.append('data "gcnet_municipality" "n" {\n  key = "naruto"\n}\n')
    return "\n".join(parts) + "\n"


class Fake(http.server.ThreadingHTTPServer):
    """A loopback HTTP server whose handler class records what it was asked."""

    daemon_threads = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)
        self.seen = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]

    def close(self):
        self.shutdown()
        self.server_close()


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    """A forwarding HTTP proxy without CONNECT: takes absolute-URI requests and sends them on to their host."""

    def log_message(self, *args):
        pass

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        self.server.seen.append({"method": self.command, "url": self.path, "body": (body or b"").decode()})
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection")}
        req = urllib.request.Request(self.path, data=body, method=self.command, headers=headers)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(req, timeout=30) as r:
                status, rheaders, rbody = r.status, r.getheaders(), r.read()
        except urllib.error.HTTPError as exc:
            status, rheaders, rbody = exc.code, exc.headers.items(), exc.read()
        self.send_response(status)
        for k, v in rheaders:
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(rbody)))
        self.end_headers()
        self.wfile.write(rbody)

    do_GET = do_POST = do_PUT = do_DELETE = _forward


class ImdsHandler(http.server.BaseHTTPRequestHandler):
    """IMDSv2: PUT /latest/api/token, then the role and its credentials with the token header."""

    TOKEN = "imds-session-token-e2e"

    def log_message(self, *args):
        pass

    def _send(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        self.server.seen.append(("PUT", self.path, self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")))
        self._send(200, self.TOKEN)

    def do_GET(self):
        self.server.seen.append(("GET", self.path, self.headers.get("X-aws-ec2-metadata-token")))
        if self.headers.get("X-aws-ec2-metadata-token") != self.TOKEN:
            return self._send(401, "")
        if self.path == "/latest/meta-data/iam/security-credentials/":
            return self._send(200, "gcnet-runner\n")
        if self.path == "/latest/meta-data/iam/security-credentials/gcnet-runner":
            return self._send(200, json.dumps({"Code": "Success", "AccessKeyId": "ASIAIMDSE2E",
                                               "SecretAccessKey": "imds-secret", "Token": "imds-token",
                                               "Expiration": "2099-01-01T00:00:00Z"}))
        return self._send(404, "")


class SsoHandler(http.server.BaseHTTPRequestHandler):
    """SSO GetRoleCredentials: GET /federation/credentials?account_id=&role_name= with x-amz-sso_bearer_token."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("x-amz-sso_bearer_token")))
        ok = self.headers.get("x-amz-sso_bearer_token") == "cached-sso-access-token"
        body = json.dumps({"roleCredentials": {"accessKeyId": "ASIASSOE2E", "secretAccessKey": "sso-secret",
                                               "sessionToken": "sso-token", "expiration": 4070908800000}}
                          if ok else {"message": "Session token not found or invalid"}).encode()
        self.send_response(200 if ok else 401)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class TlsFront(Fake):
    """HTTPS on loopback with a certificate from a throw-away CA, forwarding every request to moto."""

    def __init__(self, tmp):
        super().__init__(TlsForwardHandler)
        self.ca = os.path.join(tmp, "ca.pem")
        key, cert = os.path.join(tmp, "key.pem"), os.path.join(tmp, "cert.pem")
        ca_key = os.path.join(tmp, "ca-key.pem")
        ext = os.path.join(tmp, "ext.cnf")
        with open(ext, "w", encoding="utf-8") as fh:
            fh.write("subjectAltName = IP:127.0.0.1\n")
        run = lambda *a: subprocess.run(a, check=True, capture_output=True)  # noqa: E731
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", self.ca,
            "-days", "1", "-subj", "/CN=gcnet e2e CA")
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert + ".csr",
            "-subj", "/CN=127.0.0.1")
        run("openssl", "x509", "-req", "-in", cert + ".csr", "-CA", self.ca, "-CAkey", ca_key, "-CAcreateserial",
            "-out", cert, "-days", "1", "-extfile", ext)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.socket = ctx.wrap_socket(self.socket, server_side=True)

    @property
    def url(self):
        return "https://127.0.0.1:%d" % self.server_address[1]


class TlsForwardHandler(ProxyHandler):
    def _forward(self):
        self.path = MOTO.url + self.path
        super()._forward()

    do_GET = do_POST = do_PUT = do_DELETE = _forward


class Case(unittest.TestCase):
    def setUp(self):
        e2e.assert_provider_built(self)
        self.tmp = tempfile.mkdtemp(prefix="gcnet-e2e-pcfg-")

    def workdir(self, text, env=None):
        wd = e2e.TfWorkdir(MOTO, prefix="gcnet-e2e-pcfg-", env=env)
        self.addCleanup(wd.cleanup)
        wd.write(text)
        return wd

    def no_static_keys(self, **extra):
        """An environment whose only credentials are what the test gives."""
        env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "HOME": self.tmp}
        env.update(extra)
        return env

    def write(self, name, text, mode=0o600):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(path, mode)
        return path

    def assert_error(self, res, *words):
        out = " ".join(res.output.split())
        self.assertNotEqual(res.rc, 0, str(res))
        for w in words:
            self.assertIn(w, out, str(res))


# ---------------------------------------------------------------------------------------------------------------
class ValidateTest(Case):
    """Wrong input is refused at `terraform validate`, on the attribute, before any AWS call."""

    CASES = [
        ('assume_role {\n role_arn = "%s"\n duration = "90"\n }' % ROLE_A, "Invalid duration"),
        ('assume_role {\n role_arn = "%s"\n duration = "1.5h"\n }' % ROLE_A, "Invalid duration"),
        ('assume_role {\n role_arn = "%s"\n duration = "5m"\n }' % ROLE_A, "Invalid duration"),
        ('assume_role {\n role_arn = "%s"\n duration = "13h"\n }' % ROLE_A, "Invalid duration"),
        ('assume_role {\n role_arn = "arn:aws:iam::12:role/x"\n }', "Invalid role ARN"),
        ('assume_role {\n role_arn = "%s"\n session_name = "has space"\n }' % ROLE_A, "Invalid session_name"),
        ('retry_mode = "fast"', "Invalid retry_mode"),
        ('sts_region = "tokyo"', "Invalid region name"),
        ('http_proxy = "proxy:3128"', "Invalid proxy URL"),
        ('allowed_account_ids = ["12345"]', "account"),
        ('assume_role_with_web_identity {\n role_arn = "%s"\n duration = "2d"\n }' % ROLE_A, "Invalid duration"),
    ]

    def test_wrong_input_is_refused_before_any_call(self):
        for extra, words in self.CASES:
            with self.subTest(extra=extra):
                MOTO.reset_requests()
                res = self.workdir(config(extra)).validate()
                self.assert_error(res, words)
                self.assertEqual(MOTO.request_count(), 0)


# ---------------------------------------------------------------------------------------------------------------
class AccountListTest(Case):
    """allowed/forbidden_account_ids are judged on the account the credentials resolve to, before any change."""

    def plan(self, extra):
        MOTO.reset_requests()
        return self.workdir(config(extra)).plan()

    def test_allowed_account_plans(self):
        res = self.plan('allowed_account_ids = ["%s"]' % e2e.ACCOUNT_ID)
        self.assertEqual(res.rc, 2, str(res))

    def test_other_account_is_refused_naming_it(self):
        res = self.plan('allowed_account_ids = ["111122223333"]')
        self.assert_error(res, "AWS account not allowed", "account %s" % e2e.ACCOUNT_ID)
        self.assertEqual({r["service"] for r in MOTO.requests()}, {"sts"}, "only STS was asked")

    def test_forbidden_account_is_refused(self):
        res = self.plan('forbidden_account_ids = ["%s"]' % e2e.ACCOUNT_ID)
        self.assert_error(res, "AWS account forbidden", e2e.ACCOUNT_ID)
        self.assertEqual({r["service"] for r in MOTO.requests()}, {"sts"})

    def test_both_lists_conflict(self):
        res = self.plan('allowed_account_ids = ["%s"]\nforbidden_account_ids = ["111122223333"]' % e2e.ACCOUNT_ID)
        self.assert_error(res, "Conflicting account lists")

    def test_checked_after_assume_role(self):
        # moto answers GetCallerIdentity for assumed-role credentials with the role's account
        extra = 'assume_role {\n role_arn = "%s"\n duration = "1h"\n }\nallowed_account_ids = ["%s"]' % (
            ROLE_A, "210987654321")
        res = self.plan(extra)
        self.assertEqual(res.rc, 2, str(res))
        extra = 'assume_role {\n role_arn = "%s"\n }\nallowed_account_ids = ["%s"]' % (ROLE_A, e2e.ACCOUNT_ID)
        self.assert_error(self.plan(extra), "AWS account not allowed", "account 210987654321")


# ---------------------------------------------------------------------------------------------------------------
class AssumeRoleTest(Case):
    def test_two_blocks_chain(self):
        extra = ('assume_role {\n role_arn = "%s"\n session_name = "hop1"\n duration = "1h"\n }\n'
                 'assume_role {\n role_arn = "%s"\n session_name = "hop2"\n duration = "15m"\n }\n'
                 'allowed_account_ids = ["345678901234"]' % (ROLE_A, ROLE_B))
        MOTO.reset_requests()
        res = self.workdir(config(extra), env={"TF_LOG_PROVIDER": "info"}).plan()
        self.assertEqual(res.rc, 2, str(res))
        assumed = [r for r in MOTO.requests() if r.get("action") == "AssumeRole"]
        self.assertEqual(len(assumed), 2, MOTO.requests())
        self.assertIn("assumed role %s (1 of 2)" % ROLE_A, res.stderr)
        self.assertIn("assumed role %s (2 of 2)" % ROLE_B, res.stderr)

    def test_duration_seconds_still_works_with_a_warning(self):
        extra = 'assume_role {\n role_arn = "%s"\n duration_seconds = 900\n }' % ROLE_A
        res = self.workdir(config(extra)).plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertIn("Deprecated attribute", res.output)
        self.assertIn('duration = "15m"', " ".join(res.output.split()))

    def test_both_durations_conflict(self):
        extra = 'assume_role {\n role_arn = "%s"\n duration_seconds = 900\n duration = "1h"\n }' % ROLE_A
        self.assert_error(self.workdir(config(extra)).plan(), "Conflicting durations")

    def test_web_identity(self):
        token = self.write("token", "eyJhbGciOiJIUzI1NiJ9.e2e.token\n")
        extra = ('assume_role_with_web_identity {\n role_arn = "%s"\n session_name = "ci"\n'
                 ' web_identity_token_file = "%s"\n }' % (ROLE_A, token))
        MOTO.reset_requests()
        res = self.workdir(config(extra), env=self.no_static_keys()).plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertIn("AssumeRoleWithWebIdentity", [r.get("action") for r in MOTO.requests()])

    def test_web_identity_needs_one_token(self):
        extra = 'assume_role_with_web_identity {\n role_arn = "%s"\n }' % ROLE_A
        self.assert_error(self.workdir(config(extra), env=self.no_static_keys()).plan(), "Web identity token")


# ---------------------------------------------------------------------------------------------------------------
class CredentialProcessTest(Case):
    def profile(self, command):
        self.write(".aws/config", "[profile proc]\nregion = %s\ncredential_process = %s\n" % (e2e.REGION, command))
        return self.workdir(config('profile = "proc"'), env=self.no_static_keys())

    def script(self, body):
        return self.write("creds.sh", "#!/bin/sh\n" + body, mode=0o700)

    def test_json_v1_output_is_used(self):
        path = self.script('echo \'{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "s",'
                           ' "Expiration": "2099-01-01T00:00:00Z"}\'\n')
        res = self.profile("%s --arg 'with space'" % path).plan()
        self.assertEqual(res.rc, 2, str(res))

    def test_failure_names_the_exit_status_and_stderr(self):
        path = self.script("echo 'token expired, run login' >&2\nexit 3\n")
        self.assert_error(self.profile(path).plan(), "credential_process failed", "exited with status 3",
                          "token expired, run login")

    def test_expired_credentials_are_refused(self):
        path = self.script('echo \'{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s",'
                           ' "Expiration": "2001-01-01T00:00:00Z"}\'\n')
        self.assert_error(self.profile(path).plan(), "expired at 2001-01-01T00:00:00Z")

    def test_wrong_version_and_no_shell(self):
        path = self.script('echo \'{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}\'\n')
        self.assert_error(self.profile(path).plan(), '"Version": 1')
        # no shell: a pipe is an argument, and "|" is not a program
        self.assert_error(self.profile("echo x | cat").plan(), "credential_process failed")


# ---------------------------------------------------------------------------------------------------------------
class SsoTest(Case):
    def setUp(self):
        super().setUp()
        self.portal = Fake(SsoHandler)
        self.addCleanup(self.portal.close)
        self.write(".aws/config", "[profile sso]\nregion = %s\nsso_session = corp\nsso_account_id = 123456789012\n"
                             "sso_role_name = NetworkAdmin\n\n[sso-session corp]\n"
                             "sso_start_url = https://example.awsapps.com/start\nsso_region = ap-northeast-1\n"
                   % e2e.REGION)

    def cache(self, expires):
        name = hashlib.sha1(b"corp").hexdigest() + ".json"
        self.write(os.path.join(".aws", "sso", "cache", name),
                   json.dumps({"accessToken": "cached-sso-access-token", "expiresAt": expires}))

    def run_plan(self):
        return self.workdir(config('profile = "sso"'),
                            env=self.no_static_keys(AWS_ENDPOINT_URL_SSO=self.portal.url)).plan()

    def test_cached_token_gives_role_credentials(self):
        self.cache("2099-01-01T00:00:00Z")
        res = self.run_plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertTrue(self.portal.seen, "the portal was asked")
        path, token = self.portal.seen[0]
        self.assertEqual(path, "/federation/credentials?account_id=123456789012&role_name=NetworkAdmin")
        self.assertEqual(token, "cached-sso-access-token")

    def test_expired_or_missing_token_says_to_log_in(self):
        self.assert_error(self.run_plan(), "aws sso login --sso-session corp")
        self.cache("2001-01-01T00:00:00Z")
        self.assert_error(self.run_plan(), "expired", "aws sso login")
        self.assertEqual(self.portal.seen, [])


# ---------------------------------------------------------------------------------------------------------------
class ImdsTest(Case):
    def setUp(self):
        super().setUp()
        self.imds = Fake(ImdsHandler)
        self.addCleanup(self.imds.close)

    def test_imdsv2_token_then_role_then_credentials(self):
        env = self.no_static_keys(AWS_EC2_METADATA_DISABLED="", AWS_EC2_METADATA_SERVICE_ENDPOINT=self.imds.url)
        res = self.workdir(config(), env=env).plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertEqual(self.imds.seen[0], ("PUT", "/latest/api/token", "21600"))
        self.assertEqual([s[1] for s in self.imds.seen[1:3]],
                         ["/latest/meta-data/iam/security-credentials/",
                          "/latest/meta-data/iam/security-credentials/gcnet-runner"])
        self.assertTrue(all(s[2] == ImdsHandler.TOKEN for s in self.imds.seen[1:3]))

    def test_no_source_at_all(self):
        self.imds.close()
        self.addCleanup(lambda: None)
        env = self.no_static_keys(AWS_EC2_METADATA_DISABLED="", AWS_EC2_METADATA_SERVICE_ENDPOINT=self.imds.url)
        self.imds = Fake(ImdsHandler)  # a new port; the old one is closed: connection refused
        self.assert_error(self.workdir(config(), env=env).plan(), "No valid credential sources found",
                          "EC2 instance metadata")


# ---------------------------------------------------------------------------------------------------------------
class TransportTest(Case):
    def setUp(self):
        super().setUp()
        self.proxy = Fake(ProxyHandler)
        self.addCleanup(self.proxy.close)

    def test_http_proxy_argument(self):
        res = self.workdir(config('http_proxy = "%s"' % self.proxy.url)).plan()
        self.assertEqual(res.rc, 2, str(res))
        bodies = [s["body"] for s in self.proxy.seen]
        self.assertTrue(any("Action=GetCallerIdentity" in b for b in bodies), self.proxy.seen)
        self.assertTrue(all(s["url"].startswith(MOTO.url) for s in self.proxy.seen))

    def test_proxy_from_environment_and_no_proxy(self):
        res = self.workdir(config(), env={"HTTP_PROXY": self.proxy.url}).plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertTrue(self.proxy.seen)
        self.proxy.seen.clear()
        res = self.workdir(config('no_proxy = "127.0.0.1"'), env={"HTTP_PROXY": self.proxy.url}).plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertEqual(self.proxy.seen, [], "no_proxy bypasses the proxy")

    def test_ca_bundle_must_be_readable(self):
        missing = os.path.join(self.tmp, "missing.pem")
        self.assert_error(self.workdir(config('custom_ca_bundle = "%s"' % missing)).plan(), "CA bundle not readable")
        self.assert_error(self.workdir(config(), env={"AWS_CA_BUNDLE": missing}).plan(), "AWS_CA_BUNDLE")

    def test_custom_ca_bundle_is_trusted_and_verification_stays_on(self):
        front = TlsFront(self.tmp)
        self.addCleanup(front.close)
        env = {"AWS_ENDPOINT_URL": front.url}
        # the system store does not know the throw-away CA: refused, verification is on
        self.assert_error(self.workdir(config(), env=env).plan(), "STS GetCallerIdentity failed", "certificate")
        res = self.workdir(config('custom_ca_bundle = "%s"' % front.ca), env=env).plan()
        self.assertEqual(res.rc, 2, str(res))
        self.assertTrue(any("GetCallerIdentity" in s["body"] for s in front.seen))
        res = self.workdir(config(), env=dict(env, AWS_CA_BUNDLE=front.ca)).plan()
        self.assertEqual(res.rc, 2, str(res))

    def test_retry_mode_and_sts_region(self):
        res = self.workdir(config('retry_mode = "adaptive"\nsts_region = "ap-northeast-3"'),
                           env={"TF_LOG_PROVIDER": "debug"}).plan()
        self.assertEqual(res.rc, 2, str(res))
        sts = [line for line in res.stderr.splitlines() if "HTTP Request Sent" in line and "aws.service=sts" in line]
        self.assertTrue(sts and all("aws.region=ap-northeast-3" in line for line in sts), res.stderr[-3000:])
        res = self.workdir(config(), env={"AWS_RETRY_MODE": "legacy-ish"}).plan()
        self.assert_error(res, "Invalid retry_mode", "AWS_RETRY_MODE")


# ---------------------------------------------------------------------------------------------------------------
class LogsTest(Case):
    """A full apply at debug: the AWS provider's fields, the progress lines at info, and no secret anywhere."""

    def test_apply_logs(self):
        env = {"AWS_ACCESS_KEY_ID": SECRET_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
               "AWS_SESSION_TOKEN": SECRET_TOKEN, "TF_LOG_PROVIDER": "debug"}
        hub = dict(HUB, vpc_cidr="10.32.0.0/16", name="gcnet-logs")
        text = "\n".join([e2e.TERRAFORM_BLOCK, provider(""), e2e.resource_block("gcnet_municipality_hub", "x", hub)])
        wd = self.workdir(text, env=env)
        res = wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        log = res.stderr
        for secret in (SECRET_KEY, SECRET_TOKEN, SECRET_KEY_ID):
            self.assertNotIn(secret, log + res.stdout, "a credential reached the log")
        sent = [line for line in log.splitlines() if "HTTP Request Sent" in line]
        got = [line for line in log.splitlines() if "HTTP Response Received" in line]
        self.assertTrue(sent and got)
        create = [line for line in got if re.search(r"aws\.operation=CreateTransitGateway(\s|$)", line)]
        self.assertEqual(len(create), 1, "\n".join(create))
        for field in ("tf_req_id=", "tf_rpc=ApplyResourceChange", "tf_resource_type=gcnet_municipality_hub",
                      "aws.service=ec2", "http.status_code=200", "aws.request_id="):
            self.assertIn(field, create[0])
        self.assertRegex(create[0], r"tf_req_id=[0-9a-f]{8}-[0-9a-f]{4}-4")
        steps = re.findall(r"hub naruto: (.*?) \((\d+) of (\d+)\)", log)
        self.assertEqual([int(s[1]) for s in steps], list(range(1, 11)), steps)
        # transit gateway; then VPC, attachment, the three route tables and the share (made at once); then wiring
        self.assertIn(("route table asp", "5", "10"), [(s[0], s[1], s[2]) for s in steps])
        # TF_LOG_PROVIDER_GCNET quietens gcnet alone, as TF_LOG_PROVIDER_AWS does for the AWS provider
        quiet = self.workdir(text, env=dict(env, TF_LOG_PROVIDER_GCNET="off"))
        quiet.write(text)
        res = quiet.plan()
        self.assertNotIn("HTTP Request Sent", res.stderr)
        self.assertNotIn("provider.terraform-provider-gcnet", res.stderr.replace("plugin exited", ""))
        destroy = wd.destroy()
        self.assertEqual(destroy.rc, 0, str(destroy))


# ---------------------------------------------------------------------------------------------------------------
class IgnoreTagsTest(Case):
    """A tag added outside Terraform under an ignored key is neither drift nor removed; default_tags keys that are
    ignored are not planned."""

    def test_ignored_tags(self):
        hub = dict(HUB, vpc_cidr="10.33.0.0/16", name="gcnet-ignore", tags={"owner": "naruto"})
        blocks = ('ignore_tags {\n keys = ["CostCenter"]\n key_prefixes = ["scan:"]\n }\n'
                  'default_tags {\n tags = { "scan:level" = "high", project = "gcnet" }\n }')
        text = "\n".join([e2e.TERRAFORM_BLOCK, provider(blocks), e2e.resource_block("gcnet_municipality_hub", "x",
                                                                                      hub)])
        wd = self.workdir(text)
        res = wd.apply()
        self.assertEqual(res.rc, 0, str(res))
        state = wd.state_resource("gcnet_municipality_hub.x")
        self.assertEqual(state["tags_all"], {"owner": "naruto", "project": "gcnet"})
        ec2 = MOTO.client("ec2")
        tgw = state["transit_gateway_id"]
        ec2.create_tags(Resources=[tgw], Tags=[{"Key": "CostCenter", "Value": "x"}, {"Key": "scan:id", "Value": "1"}])
        res = wd.plan()
        self.assertEqual(res.rc, 0, "tags under ignored keys are not drift\n" + str(res))
        res = wd.destroy()
        self.assertEqual(res.rc, 0, str(res))


if __name__ == "__main__":
    unittest.main()
