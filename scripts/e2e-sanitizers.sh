#!/usr/bin/env bash
# The end-to-end suites with the provider built with AddressSanitizer + UndefinedBehaviorSanitizer: terraform
# launches build-asan/provider/terraform-provider-gcnet, the sanitizer options reach it through terraform's
# environment, and every report it writes (log_path in a fresh directory) fails the test whose command was running
# (tests/e2e/gcnet_e2e.py: check_sanitizer_reports); a report written after the last command (a leak found at the
# provider's exit) fails the run here.
#
#   bash scripts/e2e-sanitizers.sh [unittest names...]   # default: every tests/e2e/test_*.py
#   SANITIZER=thread bash scripts/e2e-sanitizers.sh test_concurrency   # ThreadSanitizer (build-tsan/): the nine
#                                                         # hubs at -parallelism=10 in one provider process
#
# ThreadSanitizer cannot see inside Debian's uninstrumented libraries: tests/tsan.supp suppresses reports whose frames
# are in them (gRPC, abseil, OpenSSL, curl, ...), never gcnet's own code; gRPC's hand-off of gcnet's calls between
# worker threads is annotated in provider/transport/gc_server.c.
#
# Environment: SANITIZER (address, default: ASan + UBSan; or thread), ASAN_BUILD_DIR (default build-asan),
# TSAN_BUILD_DIR (default build-tsan). Exit status 0 iff the tests passed and no report was written.
set -u -o pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
if [[ "${SANITIZER:-address}" == thread ]]; then
    SAN_BUILD_DIR="${TSAN_BUILD_DIR:-build-tsan}"
    SAN_OPTION=thread
else
    SAN_BUILD_DIR="${ASAN_BUILD_DIR:-build-asan}"
    SAN_OPTION=address,undefined
fi
if [[ ! -f "$SAN_BUILD_DIR/build.ninja" ]]; then
    meson setup "$SAN_BUILD_DIR" -Db_sanitize="$SAN_OPTION" -Db_lundef=false || exit 2
fi
ninja -C "$SAN_BUILD_DIR" provider/terraform-provider-gcnet || exit 2

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gcnet-sanitizers.XXXXXX")"
export GCNET_PROVIDER_DIR="$REPO/$SAN_BUILD_DIR/provider"
export GCNET_SANITIZER_LOG_DIR="$LOG_DIR"
export ASAN_OPTIONS="log_path=$LOG_DIR/asan:detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="log_path=$LOG_DIR/ubsan:print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="log_path=$LOG_DIR/tsan:suppressions=$REPO/tests/tsan.supp:second_deadlock_stack=1"
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
