#!/usr/bin/env bash
# valgrind memcheck on the provider through a real plan, apply, refresh plan and destroy of one hub against moto:
# terraform launches a wrapper that runs build/provider/terraform-provider-gcnet under memcheck, one log per
# provider process. Passes iff every process ended its run under valgrind (a leak summary was written), with zero
# bytes definitely lost and no memcheck error.
#
#   bash scripts/valgrind-plan-apply.sh          # BUILD_DIR (default build); VALGRIND_KEEP=1 keeps the work dir
set -u -o pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
BUILD_DIR="${BUILD_DIR:-build}"
command -v valgrind >/dev/null || { echo "valgrind-plan-apply: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR" || exit 2
ninja -C "$BUILD_DIR" provider/terraform-provider-gcnet >/dev/null || exit 2

# shellcheck source=scripts/local-aws.sh
source "$REPO/scripts/local-aws.sh"
LOCAL_AWS_NAME=valgrind-plan-apply
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gcnet-valgrind.XXXXXX")"
trap 'local_aws_stop; [[ "${VALGRIND_KEEP:-0}" == 1 ]] || rm -rf "$WORK"' EXIT
mkdir -p "$WORK/provider" "$WORK/vg" "$WORK/root"
cat >"$WORK/provider/terraform-provider-gcnet" <<SH
#!/bin/sh
exec valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \\
    --num-callers=30 --log-file="$WORK/vg/%p.log" "$REPO/$BUILD_DIR/provider/terraform-provider-gcnet" "\$@"
SH
chmod +x "$WORK/provider/terraform-provider-gcnet"
cat >"$WORK/root/main.tf" <<'TF'
terraform {
  required_providers {
    gcnet = { source = "tokushima/gcnet" }
  }
}
provider "gcnet" {
  region = "ap-northeast-1"
  default_tags { tags = { project = "valgrind" } }
}
resource "gcnet_municipality_hub" "naruto" {
  municipality = "naruto"
  vpc_cidr     = "10.2.0.0/16"
  share_with   = ["111111111111"]
  tags         = { owner = "naruto" }
}
TF
local_aws_start "$WORK" "$WORK/provider" || exit 2
rc=0
for step in "plan -input=false" "apply -input=false -auto-approve" "plan -input=false -detailed-exitcode" \
            "destroy -input=false -auto-approve"; do
    # shellcheck disable=SC2086
    if ! local_aws_tf "$WORK/root" $step -no-color >"$WORK/step.log" 2>&1; then
        echo "valgrind-plan-apply: terraform $step failed:" >&2
        tail -30 "$WORK/step.log" >&2
        rc=1
    fi
done
local_aws_stop
python3 - "$WORK/vg" <<'PY' || rc=1
import glob, os, re, sys
logs = sorted(glob.glob(os.path.join(sys.argv[1], "*.log")))
bad = 0
for log in logs:
    text = open(log, errors="replace").read()
    definite = re.search(r"definitely lost: ([\d,]+) bytes in ([\d,]+) blocks", text)
    errors = re.search(r"ERROR SUMMARY: ([\d,]+) errors", text)
    summary = "LEAK SUMMARY" in text or "All heap blocks were freed" in text
    lost = int(definite.group(1).replace(",", "")) if definite else 0
    n_err = int(errors.group(1).replace(",", "")) if errors else -1
    ok = summary and lost == 0 and n_err == 0
    bad += not ok
    print("%-10s definitely lost %6d bytes, memcheck errors %3d%s%s" % (
        os.path.basename(log), lost, n_err, "" if summary else ", no leak summary (killed?)", "" if ok else "  FAIL"))
    if not ok:
        print(text[-6000:])
print("valgrind-plan-apply: %d provider processes, %d failing" % (len(logs), bad))
sys.exit(1 if bad or not logs else 0)
PY
exit $rc
