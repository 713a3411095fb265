#!/usr/bin/env bash
# The main job, end to end and offline: build gcnet, apply examples/<example> against a local patched moto, and
# render its documents with gcnet-doc (test report, parameter sheets, change record, drift report, diagram).
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
echo "  drift      $OUT_DIR/drift.json (drift report: $OUT_DIR/drift-report.xlsx)"
echo "  state      $OUT_DIR/state.json"
echo "  parameters $OUT_DIR/parameters.xlsx"
echo "  diagram    $OUT_DIR/network.svg, $OUT_DIR/network.png"
echo "  provider   $OUT_DIR/provider/ (release package), $OUT_DIR/terraform.lock.hcl"
if [[ -f "$OUT_DIR/root-ca.pem" ]]; then echo "  root CA    $OUT_DIR/root-ca.pem"; fi
