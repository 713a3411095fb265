#!/usr/bin/env bash
# The main job, end to end and offline: build gcnet, apply examples/<example> against a local patched moto, and
# render its documents with gcnet-doc (parameter sheet .xlsx + network diagram .svg).
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

[[ -d "$EXAMPLE_DIR" ]] || { echo "main-job: no example root at $EXAMPLE_DIR" >&2; exit 2; }

if [[ "${SKIP_DEPS:-0}" != 1 ]]; then bash scripts/install-deps.sh; fi
[[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR"
ninja -C "$BUILD_DIR"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gcnet-main-job.XXXXXX")"
MOTO_PID=""
cleanup() {
    if [[ -n "$MOTO_PID" ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# moto on a free loopback port; serve.py prints "PORT <n>" once it listens.
python3 tests/moto/serve.py --port 0 --request-log "$WORK/requests.jsonl" >"$WORK/moto.out" 2>"$WORK/moto.err" &
MOTO_PID=$!
for _ in $(seq 1 300); do
    grep -q '^PORT ' "$WORK/moto.out" 2>/dev/null && break
    kill -0 "$MOTO_PID" 2>/dev/null || { cat "$WORK/moto.err" >&2; echo "main-job: moto died" >&2; exit 1; }
    sleep 0.1
done
PORT="$(awk '/^PORT /{print $2; exit}' "$WORK/moto.out")"
[[ -n "$PORT" ]] || { echo "main-job: moto did not start" >&2; exit 1; }
echo "main-job: moto on 127.0.0.1:$PORT"

# A private copy of examples/ (roots refer to ../modules/...), with a CLI config that points gcnet at this build.
# dev_overrides: no `terraform init` (it fails with an overrides-only config); `terraform get` installs the local
# modules without touching providers.
cp -r "$REPO/examples" "$WORK/examples"
ROOT="$WORK/examples/$EXAMPLE"
rm -rf "$ROOT/.terraform" "$ROOT/.terraform.lock.hcl" "$ROOT"/terraform.tfstate*
cat >"$WORK/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/tokushima/gcnet" = "$REPO/$BUILD_DIR/provider"
  }
}
RC

tf() {
    env -i PATH="$PATH" HOME="$HOME" TMPDIR="${TMPDIR:-/tmp}" \
        TF_CLI_CONFIG_FILE="$WORK/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_INPUT=0 \
        AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
        AWS_REGION=ap-northeast-1 AWS_EC2_METADATA_DISABLED=true \
        terraform -chdir="$ROOT" "$@"
}

tf get -no-color
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
# The test report first: `terraform test` builds and destroys its own copy of the hub, which must not meet the
# real one (in the Government Cloud it would run in the verification account).
tf test -json >"$OUT_DIR/test.json" || { echo "main-job: terraform test failed (see $OUT_DIR/test.json)" >&2; exit 1; }
"$DOC_BIN" tests "$OUT_DIR/test.json" -o "$OUT_DIR/test-report.xlsx"
# Design documents come from the plan (what will be built), as-built documents from the state.
tf plan -input=false -no-color -out="$WORK/plan.out"
tf show -json "$WORK/plan.out" >"$OUT_DIR/plan.json"
# dev_overrides carries no version, so the cover sheet gets it from the build
VERSION="$(meson introspect "$BUILD_DIR" --projectinfo | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')"
"$DOC_BIN" params "$OUT_DIR/plan.json" --provider-version "$VERSION" -o "$OUT_DIR/parameters-plan.xlsx"
tf apply -auto-approve -input=false -no-color "$WORK/plan.out"
tf show -json >"$OUT_DIR/state.json"
"$DOC_BIN" params "$OUT_DIR/state.json" --provider-version "$VERSION" -o "$OUT_DIR/parameters.xlsx"
"$DOC_BIN" diagram "$OUT_DIR/state.json" -o "$OUT_DIR/network.svg"

echo "main-job: $(wc -l <"$WORK/requests.jsonl") AWS requests served by moto"
echo "main-job: outputs:"
echo "  tests      $OUT_DIR/test.json  (test report: $OUT_DIR/test-report.xlsx)"
echo "  plan       $OUT_DIR/plan.json  (design parameter sheet: $OUT_DIR/parameters-plan.xlsx)"
echo "  state      $OUT_DIR/state.json"
echo "  parameters $OUT_DIR/parameters.xlsx"
echo "  diagram    $OUT_DIR/network.svg"
