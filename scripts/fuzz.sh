#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers gcnet feeds with outside input (tests/fuzz/): each libFuzzer target runs for
# a fixed budget, starting from its committed seed corpus (tests/fuzz/corpus/<target>/, taken from real runs).
#
#   bash scripts/fuzz.sh [seconds]      # default 60 s per target; CI's smoke: tests/run-all.sh runs it with 10
#
# Builds build-fuzz/ with clang (-fsanitize=fuzzer-no-link,address,undefined on every library, fuzzer on the
# targets; the normal gcc build is untouched). Prints one line per target (executions, coverage edges, features,
# corpus size, crashes) and ends with "fuzz: N targets, N crashes". A crash, leak, sanitizer report or timeout is
# saved as build-fuzz/artifacts/<target>/crash-*: turn it into a regression test in the target's unit suite.
# Exit status 0 iff no target found anything.
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_TARGETS (space-separated subset), FUZZ_JOBS (parallel
# targets, default 1), FUZZ_KEEP_CORPUS=1 (keep what the run added in build-fuzz/corpus/ between runs).
set -u -o pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
SECONDS_PER_TARGET="${1:-60}"
BUILD="${FUZZ_BUILD_DIR:-build-fuzz}"
TARGETS="${FUZZ_TARGETS:-fuzz_msgpack fuzz_rpc fuzz_aws_decode fuzz_xml fuzz_sigv4 fuzz_ini fuzz_http_response fuzz_doc_json}"

if ! command -v clang >/dev/null; then
    echo "fuzz: clang is missing; installing it (scripts/install-deps.sh)" >&2
    bash scripts/install-deps.sh >&2 || true
fi
if ! command -v clang >/dev/null; then
    echo "fuzz: clang is not installed and could not be installed (apt-get install clang)" >&2
    exit 2
fi

if [[ ! -f "$BUILD/build.ninja" ]]; then
    CC=clang meson setup "$BUILD" -Dfuzz=true -Dwerror=false -Dbuildtype=debugoptimized \
        -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >"$BUILD.setup.log" 2>&1 ||
        { cat "$BUILD.setup.log" >&2; echo "fuzz: meson setup failed" >&2; exit 2; }
fi
ninja_targets=()
for t in $TARGETS; do ninja_targets+=("tests/fuzz/$t"); done
if ! ninja -C "$BUILD" "${ninja_targets[@]}" >"$BUILD/fuzz-build.log" 2>&1; then
    tail -40 "$BUILD/fuzz-build.log" >&2
    echo "fuzz: build failed" >&2
    exit 2
fi

# UBSan findings stop the run and count as crashes; leaks too (LeakSanitizer runs at each input's end).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"
# The provider logs to stderr; keep the fuzz log to libFuzzer's own lines.
export TF_LOG_PROVIDER="${TF_LOG_PROVIDER:-off}"

run_one() { # target -> one summary line on stdout
    local t="$1" seeds="tests/fuzz/corpus/$1" work="$BUILD/corpus/$1" art="$BUILD/artifacts/$1/" log="$BUILD/fuzz-$1.log"
    [[ "${FUZZ_KEEP_CORPUS:-0}" == 1 ]] || rm -rf "$work"
    rm -rf "$art" # only this run's findings count
    mkdir -p "$work" "$art"
    local rc=0
    "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$art" "$work" "$seeds" >"$log" 2>&1 || rc=$?
    python3 - "$t" "$log" "$rc" "$seeds" "$art" <<'PY'
import os, re, sys
t, log, rc, seeds, art = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
text = open(log, encoding="utf-8", errors="replace").read()
def stat(name):
    m = re.search(r"stat::%s:\s+(\d+)" % name, text)
    return int(m.group(1)) if m else 0
cov = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", text)
edges, ft, corp = cov[-1] if cov else ("0", "0", "0")
seeds_n = len(os.listdir(seeds)) if os.path.isdir(seeds) else 0
crashes = sorted(f for f in os.listdir(art) if re.match(r"(crash|leak|timeout|oom|slow-unit)-", f)) if os.path.isdir(art) else []
bad = len([c for c in crashes if not c.startswith("slow-unit")])
if rc != 0 and bad == 0:
    bad = 1  # it stopped on something without an artifact (build, start-up): count it
print("%-16s execs %10d  exec/s %7d  cov %6s  ft %6s  corpus %5s (seeds %3d)  crashes %d%s" % (
    t, stat("number_of_executed_units"), stat("average_exec_per_sec"), edges, ft, corp, seeds_n, bad,
    ("  -> " + " ".join(os.path.join(art, c) for c in crashes)) if bad else ""))
PY
}

export -f run_one
export BUILD SECONDS_PER_TARGET
echo "fuzz: ${SECONDS_PER_TARGET} s per target, build $BUILD"
results="$(printf '%s\n' $TARGETS | xargs -P "${FUZZ_JOBS:-1}" -I{} bash -c 'run_one {}')"
echo "$results"
n=$(printf '%s\n' $TARGETS | wc -l)
crashes=$(echo "$results" | sed -n 's/.*crashes \([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
echo "fuzz: $n targets, $crashes crashes"
[[ "$crashes" == 0 ]]
