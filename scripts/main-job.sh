#!/usr/bin/env bash
# The main job, end to end and offline: build gcnet, apply examples/<example> against a local patched moto (the hub
# first; then its ASPs attach, played in their own accounts by testing/asp_side/asp_side.py, its carrier reports
# the Direct Connect gateway, played by testing/carrier_side/carrier_side.py, and a second apply connects them; a
# carrier's gateway (dx_proposal) is routed by a third apply after the carrier accepts), and render its documents with gcnet-doc (test report, parameter sheets, change records, drift
# report, diagram).
#
#   bash scripts/main-job.sh [example]          (default example: naruto)
#
# Environment: BUILD_DIR (default build), OUT_DIR (default out/<example>), SKIP_DEPS=1 (do not run install-deps).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
EXAMPLE="${1:-naruto}"
BUILD_DIR="${BUILD_DIR:-build}"
OUT_DIR="${OUT_DIR:-out/$EXAMPLE}"
EXAMPLE_DIR="$REPO/examples/$EXAMPLE"
DOC_BIN="$REPO/$BUILD_DIR/gcnet-doc/gcnet-doc"
# The document settings (案件名, 版数, 承認欄, 改版履歴, …): examples/<example>/gcnet-doc.json when the root has one,
# else the template in gcnet-doc/ (DOC_SETTINGS overrides).
DOC_SETTINGS="${DOC_SETTINGS:-$REPO/examples/$EXAMPLE/gcnet-doc.json}"
[[ -f "$DOC_SETTINGS" ]] || DOC_SETTINGS="$REPO/gcnet-doc/settings.example.json"
export GCNET_DOC_SETTINGS="$DOC_SETTINGS"

[[ -d "$EXAMPLE_DIR" ]] || { echo "main-job: no example root at $EXAMPLE_DIR" >&2; exit 2; }

if [[ "${SKIP_DEPS:-0}" != 1 ]]; then bash scripts/install-deps.sh; fi
[[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR"
ninja -C "$BUILD_DIR"

LOCAL_AWS_NAME=main-job
# shellcheck source=scripts/local-aws.sh
source "$REPO/scripts/local-aws.sh"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gcnet-main-job.XXXXXX")"
cleanup() {
    local_aws_stop
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
# gcnet is installed as users install it (scripts/install-provider.sh into the implied local mirror of terraform's
# private HOME); the release package goes beside the documents, for the successor.
LOCAL_AWS_DIST="$OUT_DIR/provider"
local_aws_start "$WORK" "$REPO/$BUILD_DIR/provider" --request-log "$WORK/requests.jsonl"

# A private copy of examples/ (roots refer to ../modules/...): inputs from terraform.tfvars.example, the local
# backend, the hub destroyable by `terraform test` (local_aws_prepare_root). `terraform init` installs gcnet from
# the mirror and writes .terraform.lock.hcl with its h1: hash.
cp -r "$REPO/examples" "$WORK/examples"
ROOT="$WORK/examples/$EXAMPLE"
local_aws_prepare_root "$ROOT"
tf() { local_aws_tf "$ROOT" "$@"; }

tf init -input=false -no-color
cp "$ROOT/.terraform.lock.hcl" "$OUT_DIR/terraform.lock.hcl"
# the cover sheets take the provider version from that lock file
LOCK=(--lock-file "$ROOT/.terraform.lock.hcl")

# The test report first: `terraform test` builds and destroys its own copy of the hub, which must not meet the
# real one (in the Government Cloud it would run in the verification account).
tf test -json >"$OUT_DIR/test.json" || { echo "main-job: terraform test failed (see $OUT_DIR/test.json)" >&2; exit 1; }
"$DOC_BIN" tests "$OUT_DIR/test.json" --test-dir "$ROOT" --environment "エミュレータ (moto 5.2.1, ap-northeast-1; AWS アカウントではない)" \
    "${LOCK[@]}" -o "$OUT_DIR/test-report.xlsx"
# Design documents come from the plan (what will be built), as-built documents from the state.
tf plan -input=false -no-color -out="$WORK/plan.out"
tf show -json "$WORK/plan.out" >"$OUT_DIR/plan.json"
"$DOC_BIN" params "$OUT_DIR/plan.json" "${LOCK[@]}" -o "$OUT_DIR/parameters-plan.xlsx"
"$DOC_BIN" changes "$OUT_DIR/plan.json" "${LOCK[@]}" -o "$OUT_DIR/change-record.xlsx"
"$DOC_BIN" diagram "$OUT_DIR/plan.json" -o "$OUT_DIR/network-plan.svg"
tf apply -auto-approve -input=false -no-color "$WORK/plan.out"

# The ASPs act first, each in its own account: with the hub built, they attach their VPCs to the shared Transit
# Gateway (or publish their PrivateLink services) and report the IDs, which the municipality writes into its
# variables; the next apply connects them. Here examples/modules/municipality/testing/asp_side/asp_side.py plays
# the ASPs in moto, and zz_asp_side.auto.tfvars.json carries the IDs (terraform.tfvars stays as copied).
python3 - "$OUT_DIR/plan.json" "$WORK/asp_connections.json" <<'PYEOF'
import json, sys
plan = json.load(open(sys.argv[1]))
json.dump((plan.get("variables") or {}).get("asp_connections", {}).get("value") or {}, open(sys.argv[2], "w"))
PYEOF
TGW="$(tf output -json network | python3 -c 'import json, sys; print(json.load(sys.stdin)["transit_gateway_id"])')"
env -i PATH="$PATH" HOME="$WORK/home" AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=testing \
    AWS_SECRET_ACCESS_KEY=testing AWS_REGION=ap-northeast-1 AWS_EC2_METADATA_DISABLED=true \
    python3 "$ROOT/../modules/municipality/testing/asp_side/asp_side.py" create --transit-gateway-id "$TGW" \
    --connections "$(cat "$WORK/asp_connections.json")" --out "$WORK/asp-side.json"
python3 - "$WORK/asp_connections.json" "$WORK/asp-side.json" "$ROOT/zz_asp_side.auto.tfvars.json" <<'PYEOF'
import json, sys
conns, made = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for key, ids in made.items():
    if not key.startswith("_"):
        conns[key].update(ids)
json.dump({"asp_connections": conns}, open(sys.argv[3], "w"), indent=1)
PYEOF
# The carrier acts too: the Direct Connect gateway the premises' link lands on (the network account's own for
# dx_gateway, the carrier's for dx_proposal), reported as onprem_link.dx_gateway_id (zz_carrier_side.auto.tfvars.json).
CARRIER_SIDE="$ROOT/../modules/municipality/testing/carrier_side/carrier_side.py"
carrier_env() {
    env -i PATH="$PATH" HOME="$WORK/home" AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=testing \
        AWS_SECRET_ACCESS_KEY=testing AWS_REGION=ap-northeast-1 AWS_EC2_METADATA_DISABLED=true "$@"
}
python3 - "$OUT_DIR/plan.json" "$WORK/onprem_link.json" <<'PYEOF'
import json, sys
plan = json.load(open(sys.argv[1]))
json.dump((plan.get("variables") or {}).get("onprem_link", {}).get("value"), open(sys.argv[2], "w"))
PYEOF
LINK_METHOD="$(python3 -c 'import json, sys; l = json.load(open(sys.argv[1])); print((l or {}).get("method") or "")' \
    "$WORK/onprem_link.json")"
if [[ $LINK_METHOD == dx_gateway || $LINK_METHOD == dx_proposal ]]; then
    OWNER="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("dx_gateway_owner_account_id") or "")' \
        "$WORK/onprem_link.json")"
    carrier_env python3 "$CARRIER_SIDE" create --name "$EXAMPLE" ${OWNER:+--account "$OWNER"} \
        --out "$WORK/carrier-side.json"
    python3 - "$WORK/onprem_link.json" "$WORK/carrier-side.json" "$ROOT/zz_carrier_side.auto.tfvars.json" <<'PYEOF'
import json, sys
link, made = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
link["dx_gateway_id"] = made["dx_gateway_id"]
json.dump({"onprem_link": link}, open(sys.argv[3], "w"), indent=1)
PYEOF
fi
tf plan -input=false -no-color -out="$WORK/connect.out"
tf show -json "$WORK/connect.out" >"$OUT_DIR/plan-connect.json"
"$DOC_BIN" changes "$OUT_DIR/plan-connect.json" "${LOCK[@]}" -o "$OUT_DIR/change-record-connect.xlsx"
tf apply -auto-approve -input=false -no-color "$WORK/connect.out"
if [[ $LINK_METHOD == dx_proposal ]]; then
    # gcnet proposed the association to the carrier's gateway: the carrier accepts, the next apply routes the premises
    carrier_env python3 "$CARRIER_SIDE" accept --state "$WORK/carrier-side.json"
    tf apply -auto-approve -input=false -no-color
fi
tf show -json >"$OUT_DIR/state.json"
"$DOC_BIN" params "$OUT_DIR/state.json" "${LOCK[@]}" -o "$OUT_DIR/parameters.xlsx"
"$DOC_BIN" diagram "$OUT_DIR/state.json" -o "$OUT_DIR/network.svg"
"$DOC_BIN" diagram "$OUT_DIR/state.json" -o "$OUT_DIR/network.png"
# The drift report of the month: a refresh-only plan against what was just built (no drift expected here)
tf plan -refresh-only -input=false -no-color -out="$WORK/drift.out"
tf show -json "$WORK/drift.out" >"$OUT_DIR/drift.json"
"$DOC_BIN" drift "$OUT_DIR/drift.json" "${LOCK[@]}" -o "$OUT_DIR/drift-report.xlsx"

# The root CA certificate as PEM next to the documents (for the trust stores), when the municipality has a CA.
rm -f "$OUT_DIR/root-ca.pem"
python3 -c 'import json, sys
mods, pems = [(json.load(open(sys.argv[1])).get("values") or {}).get("root_module") or {}], []
while mods:
    m = mods.pop()
    pems += [r["values"]["certificate"].strip() + "\n" for r in m.get("resources", [])
             if r["type"] == "gcnet_private_ca" and r["values"].get("certificate")]
    mods += m.get("child_modules", [])
if pems:
    open(sys.argv[2], "w").write("".join(pems))' "$OUT_DIR/state.json" "$OUT_DIR/root-ca.pem"

echo "main-job: $(wc -l <"$WORK/requests.jsonl") AWS requests served by moto"
echo "main-job: outputs:"
echo "  tests      $OUT_DIR/test.json  (test report, one row per assertion: $OUT_DIR/test-report.xlsx)"
echo "  plan       $OUT_DIR/plan.json  (design parameter sheet: $OUT_DIR/parameters-plan.xlsx,"
echo "             change record: $OUT_DIR/change-record.xlsx, planned diagram: $OUT_DIR/network-plan.svg)"
echo "  connect    $OUT_DIR/plan-connect.json (the ASPs' connections: $OUT_DIR/change-record-connect.xlsx)"
echo "  drift      $OUT_DIR/drift.json (drift report: $OUT_DIR/drift-report.xlsx)"
echo "  state      $OUT_DIR/state.json"
echo "  parameters $OUT_DIR/parameters.xlsx"
echo "  diagram    $OUT_DIR/network.svg, $OUT_DIR/network.png"
echo "  provider   $OUT_DIR/provider/ (release package), $OUT_DIR/terraform.lock.hcl"
if [[ -f "$OUT_DIR/root-ca.pem" ]]; then echo "  root CA    $OUT_DIR/root-ca.pem"; fi
