"""Live end-to-end test of the documentation pipeline: a fresh run of scripts/make-doc-fixtures.sh (examples/naruto
planned, applied and tested against the patched moto with this build's provider), then gcnet-doc params, diagram and
tests on that output, read back with the independent xlsx reader, and the whole fixture test suite re-run on it.

Run: GCNET_DOC=build-x/gcnet-doc/gcnet-doc GCNET_PROVIDER_DIR=build-x/provider \\
         python3 -m unittest -v tests/doc/test_doc_live.py
(meson: suite 'doc-live'). Needs terraform 1.11, python3 with moto 5.2.1; a missing binary is a failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from xlsx_reader import Workbook  # noqa: E402

BIN = os.path.abspath(os.environ["GCNET_DOC"]) if os.environ.get("GCNET_DOC") else None
PROVIDER_DIR = os.environ.get("GCNET_PROVIDER_DIR")
FILES = ("plan_create.json", "plan_update.json", "state.json", "state_update.json", "test.json",
         "test_failing.json", "schema.json", "plan_drift.json", "plan_repair.json", "plan_nodrift.json",
         "plan_services.json", "plan_connection.json", "state_services.json", "tests")


class LivePipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="gcnet-doc-live.")
        cls.fix = os.path.join(cls.tmp.name, "fixtures")
        cls.out = os.path.join(cls.tmp.name, "out")
        os.makedirs(cls.out)
        cls.script = None
        if not BIN or not os.access(BIN, os.X_OK):
            return
        if not PROVIDER_DIR or not os.access(os.path.join(PROVIDER_DIR, "terraform-provider-gcnet"), os.X_OK):
            return
        env = dict(os.environ, FIXTURE_OUT=cls.fix, GCNET_PROVIDER_DIR=os.path.abspath(PROVIDER_DIR))
        cls.script = subprocess.run(["bash", os.path.join(REPO, "scripts", "make-doc-fixtures.sh")], cwd=REPO,
                                    env=env, capture_output=True, text=True, timeout=240)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.assertTrue(BIN and os.access(BIN, os.X_OK), "set GCNET_DOC to the built gcnet-doc")
        self.assertTrue(PROVIDER_DIR and os.access(os.path.join(PROVIDER_DIR, "terraform-provider-gcnet"), os.X_OK),
                        "set GCNET_PROVIDER_DIR to the directory holding terraform-provider-gcnet")
        self.assertEqual(self.script.returncode, 0, "make-doc-fixtures.sh failed:\n" + self.script.stderr[-6000:])

    def load(self, name):
        with open(os.path.join(self.fix, name), encoding="utf-8") as f:
            return json.load(f)

    def doc(self, *args):
        r = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_1_script_wrote_every_fixture(self):
        self.assertEqual(sorted(os.listdir(self.fix)), sorted(FILES))
        plan = self.load("plan_create.json")
        self.assertEqual([rc["change"]["actions"] for rc in plan["resource_changes"]], [["create"]])
        update = self.load("plan_update.json")
        actions = sorted(tuple(rc["change"]["actions"]) for rc in update["resource_changes"])
        self.assertEqual(actions, [("delete",), ("delete", "create"), ("no-op",), ("update",)])
        # the drift boto3 made: one hub changed outside Terraform, nothing planned; the repair is in place
        drift = self.load("plan_drift.json")
        self.assertEqual([rc["change"]["actions"] for rc in drift["resource_drift"]], [["update"]])
        self.assertEqual(drift.get("resource_changes", []), [])
        repair = self.load("plan_repair.json")
        self.assertEqual([rc["change"]["actions"] for rc in repair["resource_changes"]], [["update"]])
        nodrift = self.load("plan_nodrift.json")
        self.assertNotIn("resource_changes", nodrift)
        self.assertFalse(nodrift.get("resource_drift"))
        # the second root: naruto as ordered (hub, resolver, CA) and a certificate, then one ASP connection
        services = self.load("plan_services.json")
        self.assertEqual(sorted((rc["type"], tuple(rc["change"]["actions"])) for rc in services["resource_changes"]
                                if rc["mode"] == "managed"),
                         [("gcnet_certificate", ("create",)), ("gcnet_dns_resolver", ("create",)),
                          ("gcnet_municipality_hub", ("create",)), ("gcnet_private_ca", ("create",))])
        conn = self.load("plan_connection.json")
        # one ASP connection and the premises' link (naruto's Direct Connect gateway), in the same plan
        self.assertEqual(sorted(rc["type"] for rc in conn["resource_changes"] if rc["change"]["actions"] == ["create"]),
                         ["gcnet_asp_connection", "gcnet_onprem_link"])
        state = self.load("state_services.json")
        types = set()

        def walk(m):
            for r in m.get("resources", []):
                if r["mode"] == "managed":
                    types.add(r["type"])
                    if r["type"] == "gcnet_asp_connection":
                        self.assertEqual(r["values"]["state"], "available")
                    if r["type"] == "gcnet_onprem_link":
                        self.assertEqual(r["values"]["state"], "associated")
                    if r["type"] == "gcnet_private_ca":
                        self.assertEqual(r["values"]["status"], "ACTIVE")
            for c in m.get("child_modules", []):
                walk(c)
        walk(state["values"]["root_module"])
        self.assertEqual(types, {"gcnet_municipality_hub", "gcnet_dns_resolver", "gcnet_private_ca",
                                 "gcnet_certificate", "gcnet_asp_connection", "gcnet_onprem_link"})

    def test_2_params_on_the_live_state(self):
        state = self.load("state.json")
        hub = [r for m in state["values"]["root_module"]["child_modules"] for r in m["resources"]
               if r["type"] == "gcnet_municipality_hub"][0]
        cat = [r for m in state["values"]["root_module"]["child_modules"] for r in m["resources"]
               if r["type"] == "gcnet_municipality"][0]["values"]
        out = os.path.join(self.out, "parameters.xlsx")
        self.doc("params", os.path.join(self.fix, "state.json"), "-o", out,
                 "--schema", os.path.join(self.fix, "schema.json"))
        wb = Workbook(out)
        with open(os.path.join(REPO, "gcnet-doc", "sheets-ja.json"), encoding="utf-8") as f:
            table = json.load(f)
        self.assertEqual(wb.names()[:2 + len(table["gcnet_municipality_hub"])],
                         ["表紙", "改版履歴", *[s["sheet"] for s in table["gcnet_municipality_hub"]]])
        cover = {r[0]: r[1] for r in wb.sheet("表紙").rows() if len(r) > 1 and r[0]}
        self.assertEqual(cover["自治体"], hub["values"]["municipality"])
        self.assertEqual(cover["自治体名"], cat["name_ja"])
        self.assertEqual(cover["地方公共団体コード"], cat["code"])
        self.assertEqual(cover["Terraform バージョン"], state["terraform_version"])
        rows = {r[1]: r for r in wb.sheet("TGWルートテーブル").rows()[3:]}
        for d, rtb in hub["values"]["route_table_ids"].items():
            self.assertEqual(rows[f"ルートテーブル ID ({d})"][2], rtb)
        rows = {r[1]: r for r in wb.sheet("Transit Gateway").rows()[3:]}
        self.assertEqual(rows["Transit Gateway ID"][2], hub["values"]["transit_gateway_id"])
        self.assertEqual(rows["共有アタッチメントの自動承諾"][2], "無効")
        for d, rtb in hub["values"]["route_table_ids"].items():
            kv = {r[0]: r[1] for r in wb.sheet(f"経路 {d}").rows() if r and r[0]}
            self.assertEqual(kv["ルートテーブル ID"], rtb)

    def test_3_diagram_on_the_live_state(self):
        state = self.load("state.json")
        hub = [r for m in state["values"]["root_module"]["child_modules"] for r in m["resources"]
               if r["type"] == "gcnet_municipality_hub"][0]["values"]
        out = os.path.join(self.out, "network.svg")
        self.doc("diagram", os.path.join(self.fix, "state.json"), "-o", out,
                 "--schema", os.path.join(self.fix, "schema.json"))
        svg = "\n".join(t.text or "" for t in ET.parse(out).getroot().iter() if t.tag.endswith("}text"))
        for want in [hub["transit_gateway_id"], hub["vpc_cidr"], *hub["route_table_ids"].values(),
                     *hub["subnet_ids"], *hub["share_with"]]:
            self.assertIn(want, svg)
        self.assertIn("ASP アカウント", svg)

    def test_4_test_report_on_the_live_runs(self):
        for name, failed in (("test.json", "0"), ("test_failing.json", "1")):
            out = os.path.join(self.out, name + ".xlsx")
            self.doc("tests", os.path.join(self.fix, name), "-o", out)
            kv = {r[0]: r[1] for r in Workbook(out).sheet("集計").rows() if len(r) > 1 and r[0]}
            self.assertEqual(kv["不合格"], failed, name)

    def test_5_fixture_suite_on_the_live_output(self):
        env = dict(os.environ, GCNET_DOC=BIN, GCNET_DOC_FIXTURES=self.fix)
        r = subprocess.run([sys.executable, "-m", "unittest", os.path.join(HERE, "test_gcnet_doc.py")], cwd=HERE,
                           env=env, capture_output=True, text=True, timeout=240)
        self.assertEqual(r.returncode, 0, r.stderr[-6000:])


if __name__ == "__main__":
    unittest.main()
