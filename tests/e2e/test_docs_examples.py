"""End-to-end: every Terraform example in docs/ is self-contained and valid. The `terraform` code blocks of each page
(Example Usage and the `import` block) are written into one root module (with the provider's `required_providers`
when the page has none, as a user's configuration would) and `terraform validate`d with the built
provider: an undeclared variable or resource, a misspelled argument, a value the provider's validators refuse, or
an `import` block whose address is not in the example fails. No AWS call is made.

Run: python3 -m unittest -v tests/e2e/test_docs_examples.py   (needs the built provider, see tests/README.md)
"""

import glob
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402

DOCS = os.path.join(e2e.REPO, "docs")


def pages():
    return sorted(glob.glob(os.path.join(DOCS, "*.md")) + glob.glob(os.path.join(DOCS, "*", "*.md")))


def terraform_blocks(path):
    with open(path, encoding="utf-8") as fh:
        return re.findall(r"```terraform\n(.*?)```", fh.read(), re.S)


class DocsExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.moto = e2e.Moto().start()

    @classmethod
    def tearDownClass(cls):
        cls.moto.stop()

    def setUp(self):
        e2e.assert_provider_built(self)

    def test_every_resource_and_data_source_page_has_an_example_and_import(self):
        for path in pages():
            rel = os.path.relpath(path, DOCS)
            if not rel.startswith(("resources/", "data-sources/")):
                continue
            with self.subTest(page=rel):
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                self.assertIn("## Example Usage", text)
                if rel.startswith("resources/"):
                    for heading in ("## Import", "## Timeouts"):
                        self.assertIn(heading, text)
                    self.assertRegex(text, r"(?s)## Import.*```terraform\nimport \{\n  to = gcnet_\w+\.\w+\n  id = ")
                    self.assertRegex(text, r"(?s)## Import.*```shell\nterraform import gcnet_\w+\.\w+ ")
                    self.assertIn("Forces replacement", text)

    def test_every_example_validates(self):
        self.moto.reset_requests()
        checked = 0
        for path in pages():
            blocks = terraform_blocks(path)
            if not blocks:
                continue
            rel = os.path.relpath(path, DOCS)
            with self.subTest(page=rel):
                wd = e2e.TfWorkdir(moto=self.moto, prefix="gcnet-e2e-docs-")
                try:
                    text = "\n".join(blocks)
                    # a resource page's example assumes the provider's source as on the provider page
                    wd.write(text if "required_providers" in text else e2e.TERRAFORM_BLOCK + "\n" + text)
                    if "file(\"ops.csr.pem\")" in "".join(blocks):
                        key = os.path.join(wd.path, "ops.key.pem")
                        res = subprocess.run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                              key, "-subj", "/CN=ops.naruto.lg.local",
                                              "-out", os.path.join(wd.path, "ops.csr.pem")],
                                             capture_output=True, text=True, timeout=60)
                        self.assertEqual(res.returncode, 0, res.stderr)
                    res = wd.validate()
                    self.assertEqual(res.rc, 0, "%s\n%s" % (rel, res))
                    checked += 1
                finally:
                    wd.cleanup()
        self.assertGreaterEqual(checked, 7, "the provider page, five resources and the data source at least")
        self.assertEqual(self.moto.request_count(), 0, "validate makes no AWS call")


if __name__ == "__main__":
    unittest.main(verbosity=2)
