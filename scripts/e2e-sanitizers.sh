#!/usr/bin/env bash
# The end-to-end suites with the provider built with AddressSanitizer + UndefinedBehaviorSanitizer: terraform
# launches build-asan/provider/terraform-provider-gcnet, the sanitizer options reach it through terraform's
# environment, and every report it writes (log_path in a fresh directory) fails the test whose command was running
# (tests/e2e/gcnet_e2e.py: check_sanitizer_reports); a report written after the last command (a leak found at the
# provider's exit) fails the run here.
#
#   bash scripts/e2e-sanitizers.sh [unittest names...]   # default: every tests/e2e/test_*.py
#
# Environment: ASAN_BUILD_DIR (default build-asan). Exit status 0 iff the tests passed and no report was written.
set -u -o pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
ASAN_BUILD_DIR="${ASAN_BUILD_DIR:-build-asan}"
if [[ ! -f "$ASAN_BUILD_DIR/build.ninja" ]]; then
    meson setup "$ASAN_BUILD_DIR" -Db_sanitize=address,undefined -Db_lundef=false || exit 2
fi
ninja -C "$ASAN_BUILD_DIR" provider/terraform-provider-gcnet || exit 2

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gcnet-sanitizers.XXXXXX")"
export GCNET_PROVIDER_DIR="$REPO/$ASAN_BUILD_DIR/provider"
export GCNET_SANITIZER_LOG_DIR="$LOG_DIR"
export ASAN_OPTIONS="log_path=$LOG_DIR/asan:detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="log_path=$LOG_DIR/ubsan:print_stacktrace=1:halt_on_error=1"
echo "e2e-sanitizers: provider $GCNET_PROVIDER_DIR, reports in $LOG_DIR"

cd tests/e2e
if [[ $# -gt 0 ]]; then
    python3 -m unittest -v "$@"
else
    python3 -m unittest discover -v -s . -p 'test_*.py'
fi
rc=$?
reports=("$LOG_DIR"/*)
if [[ -e "${reports[0]}" ]]; then
    echo "e2e-sanitizers: ${#reports[@]} sanitizer report(s) from the provider:" >&2
    for f in "${reports[@]}"; do echo "== $f" >&2; tail -60 "$f" >&2; done
    rc=1
else
    rmdir "$LOG_DIR"
    echo "e2e-sanitizers: no sanitizer report"
fi
exit $rc
