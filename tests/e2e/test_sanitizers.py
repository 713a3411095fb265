"""The e2e suites under sanitizers (scripts/e2e-sanitizers.sh): a sanitizer report from the provider fails the test
that ran the command, and the sanitizer options reach the provider terraform launches.

Run: python3 -m unittest -v test_sanitizers (from tests/e2e). The second test needs a provider built with
-Db_sanitize=address (GCNET_PROVIDER_DIR=build-asan/provider) and is skipped with a plain build.
"""

import glob
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402


def provider_has_asan():
    with open(e2e.provider_binary(), "rb") as fh:
        return b"__asan_init" in fh.read()


class SanitizerPlumbingTest(unittest.TestCase):
    def test_a_report_fails_the_command(self):
        with tempfile.TemporaryDirectory() as log_dir:
            before = e2e.sanitizer_reports(log_dir)
            e2e.check_sanitizer_reports(before, "nothing", log_dir)  # no report: no failure
            with open(os.path.join(log_dir, "asan.4242"), "w") as fh:
                fh.write("==4242==ERROR: LeakSanitizer: detected memory leaks\n")
            with self.assertRaises(AssertionError) as ctx:
                e2e.check_sanitizer_reports(before, "terraform plan", log_dir)
            self.assertIn("LeakSanitizer", str(ctx.exception))
            self.assertIn("terraform plan", str(ctx.exception))

    def test_clean_env_passes_sanitizer_options(self):
        saved = {k: os.environ.get(k) for k in e2e.SANITIZER_ENV}
        try:
            for k in e2e.SANITIZER_ENV:
                os.environ[k] = "log_path=/nowhere/x"
            env = e2e.clean_env()
            for k in e2e.SANITIZER_ENV:
                self.assertEqual(env.get(k), "log_path=/nowhere/x", k)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def test_options_reach_the_launched_provider(self):
        e2e.assert_provider_built(self)
        if not provider_has_asan():
            self.skipTest("the provider is not built with AddressSanitizer (scripts/e2e-sanitizers.sh builds one)")
        with tempfile.TemporaryDirectory() as probe:
            # print_stats at exit writes a report to log_path from every instrumented process that got the options
            opts = "log_path=%s/probe:atexit=1:print_stats=1:detect_leaks=0" % probe
            wd = e2e.TfWorkdir(env={"ASAN_OPTIONS": opts})
            try:
                wd.write(e2e.hub_config(municipality="naruto", vpc_cidr="10.20.0.0/16"))
                res = wd.validate()
            finally:
                wd.cleanup()
            self.assertEqual(res.rc, 0, str(res))
            files = glob.glob(os.path.join(probe, "probe.*"))
            self.assertTrue(files, "the provider terraform launched wrote nothing to the ASAN_OPTIONS log_path")
            text = ""
            for f in files:
                with open(f, errors="replace") as fh:
                    text += fh.read()
            self.assertIn("Stats:", text)


if __name__ == "__main__":
    unittest.main()
