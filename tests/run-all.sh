#!/usr/bin/env bash
# The one test command of gcnet (README). On a fresh machine it first installs what is missing.
#
#   0. deps:         scripts/install-deps.sh (apt only for missing packages; skip with SKIP_DEPS=1)
#   1. build:        meson setup $BUILD_DIR (if needed) + ninja
#   2. unit + doc:   meson test -C $BUILD_DIR
#   3. sanitizers:   meson setup $ASAN_BUILD_DIR -Db_sanitize=address,undefined + meson test (unit suites only,
#                    timeouts x3: the sanitizers slow the hostile-input suites down 3-7x on a loaded machine)
#   4. fuzz smoke:   scripts/fuzz.sh 10 (clang, build-fuzz/): each libFuzzer target of tests/fuzz for 10 s, one
#                    pass or failure per target (SKIP_FUZZ=1 leaves it out; FUZZ_SMOKE_SECONDS changes the budget)
#   5. python:       tests/moto (launcher self-test) and tests/e2e, each with `python3 -m unittest -v`
#
# Counts passes and failures over all steps and ends with the plain line `N passed, N failed`.
# Exit status 0 iff nothing failed. A step that cannot run at all (build error, crash) counts as one failure.
#
# Environment: BUILD_DIR (default build), ASAN_BUILD_DIR (default build-asan), SKIP_ASAN=1, SKIP_FUZZ=1, SKIP_E2E=1,
#              ASAN_NO_SUITES (space-separated suites left out of the sanitizer run; default "doc doc-live gcnet-doc":
#              the Python-driven doc suites; gcnet-doc's C unit tests are suite doc-unit and run there).
set -u -o pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
BUILD_DIR="${BUILD_DIR:-build}"
ASAN_BUILD_DIR="${ASAN_BUILD_DIR:-build-asan}"
ASAN_NO_SUITES="${ASAN_NO_SUITES:-doc doc-live gcnet-doc}"
LOG_DIR="$REPO/$BUILD_DIR-testlogs"
mkdir -p "$LOG_DIR"
# Each failing test appends its name and the end of its output here; the run prints the file just before the
# summary, so the closing lines of a CI log (often all one gets to see) say what failed and why.
FAILURES="$LOG_DIR/failures.txt"
: >"$FAILURES"

PASSED=0
FAILED=0
SKIPPED=0
declare -a SUMMARY=()

note() { printf '\n==== %s ====\n' "$*"; }
record() { # step passed failed skipped
    PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3)); SKIPPED=$((SKIPPED + $4))
    SUMMARY+=("$(printf '%-28s %4d passed %4d failed %4d skipped' "$1" "$2" "$3" "$4")")
}

step_failed() { # step why: a step that could not run at all counts as one failure
    record "$1" 0 1 0
    printf -- '--- %s: %s\n' "$1" "$2" >>"$FAILURES"
}

# meson's testlog.json: one JSON object per test program.
count_meson() { # build_dir step
    local log="$1/meson-logs/testlog.json" counts
    if [[ ! -s "$log" ]]; then
        step_failed "$2" "no $log: the tests did not run"
        return
    fi
    counts="$(python3 - "$log" "$2" "$FAILURES" <<'EOF'
import json, sys
p = f = s = 0
with open(sys.argv[3], "a", encoding="utf-8") as failures:
    for line in open(sys.argv[1], encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        t = json.loads(line)
        r = t.get("result", "")
        if r in ("OK", "EXPECTEDFAIL"):
            p += 1
        elif r == "SKIP":
            s += 1
        else:
            f += 1
            out = (t.get("stdout") or "") + (t.get("stderr") or "")
            tail = "\n".join(out.rstrip().splitlines()[-25:])
            failures.write(f"--- {sys.argv[2]}: {t.get('name')} {r} ({t.get('duration', 0):.1f} s)\n{tail}\n")
print(p, f, s)
EOF
)" || counts="0 1 0"
    # shellcheck disable=SC2086
    record "$2" $counts
}

# unittest's closing lines: "Ran N tests" and "OK (...)" / "FAILED (failures=X, errors=Y, ...)".
count_unittest() { # logfile step rc
    local counts
    counts="$(python3 - "$1" "$3" "$2" "$FAILURES" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
rc = int(sys.argv[2])
# unittest's report: a "====" rule, "FAIL: name (id)", a "----" rule, the traceback; keep each one's last lines.
with open(sys.argv[4], "a", encoding="utf-8") as failures:
    for block in re.split(r"^={60,}$", text, flags=re.M)[1:]:
        lines = block.strip().splitlines()
        if lines and re.match(r"(FAIL|ERROR): ", lines[0]):
            body = [l for l in lines[1:] if not re.match(r"^-{60,}$", l) and not l.startswith("Ran ")][-20:]
            failures.write(f"--- {sys.argv[3]}: {lines[0]}\n" + "\n".join(body) + "\n")
ran = re.findall(r"^Ran (\d+) tests? in", text, re.M)
if not ran:
    print(0, 1, 0)
    sys.exit()
n = int(ran[-1])
tail = text[text.rfind("Ran "):]
def get(key):
    m = re.search(key + r"=(\d+)", tail)
    return int(m.group(1)) if m else 0
# Count failing TESTS, not failing subtests: distinct ids from the "FAIL: name (module.Class.name)" headers.
ids = set(re.findall(r"^(?:FAIL|ERROR): (\S+) \(([^)\s]+)\)", text, re.M))
fail = max(len(ids), 1 if get("failures") + get("errors") else 0) + get("unexpected successes")
skip = get("skipped")
passed = max(n - fail - skip, 0)
if rc != 0 and fail == 0:
    fail = 1
print(passed, fail, skip)
EOF
)" || counts="0 1 0"
    # shellcheck disable=SC2086
    record "$2" $counts
}

# ---------------------------------------------------------------------------------------------------------------
if [[ "${SKIP_DEPS:-0}" != 1 ]]; then
    note "dependencies"
    bash scripts/install-deps.sh || echo "run-all: install-deps failed; continuing with what is installed" >&2
fi

note "build ($BUILD_DIR)"
BUILD_OK=1
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
    meson setup "$BUILD_DIR" || meson setup --wipe "$BUILD_DIR" || BUILD_OK=0
fi
if [[ $BUILD_OK == 1 ]]; then
    ninja -C "$BUILD_DIR" || BUILD_OK=0
fi
if [[ $BUILD_OK == 1 ]]; then record "build" 1 0 0; else step_failed "build" "meson setup or ninja failed; see the log above"; fi

note "meson test ($BUILD_DIR: unit + doc suites)"
if [[ -f "$BUILD_DIR/build.ninja" ]]; then
    rm -f "$BUILD_DIR/meson-logs/testlog.json"
    meson test -C "$BUILD_DIR" --print-errorlogs
    count_meson "$BUILD_DIR" "meson test"
else
    step_failed "meson test" "no build to test"
fi

# ---------------------------------------------------------------------------------------------------------------
if [[ "${SKIP_ASAN:-0}" != 1 ]]; then
    note "sanitizers ($ASAN_BUILD_DIR: address,undefined)"
    ASAN_OK=1
    if [[ ! -f "$ASAN_BUILD_DIR/build.ninja" ]]; then
        meson setup "$ASAN_BUILD_DIR" -Db_sanitize=address,undefined -Db_lundef=false ||
            meson setup --wipe "$ASAN_BUILD_DIR" -Db_sanitize=address,undefined -Db_lundef=false || ASAN_OK=0
    fi
    if [[ $ASAN_OK == 1 ]]; then
        ninja -C "$ASAN_BUILD_DIR" || ASAN_OK=0
    fi
    if [[ $ASAN_OK == 1 ]]; then
        record "asan build" 1 0 0
        no_suite=()
        for s in $ASAN_NO_SUITES; do no_suite+=(--no-suite "$s"); done
        rm -f "$ASAN_BUILD_DIR/meson-logs/testlog.json"
        ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}" \
            meson test -C "$ASAN_BUILD_DIR" --print-errorlogs --timeout-multiplier 3 "${no_suite[@]}"
        count_meson "$ASAN_BUILD_DIR" "meson test (asan+ubsan)"
    else
        step_failed "asan build" "meson setup or ninja failed; see the log above"
    fi
fi

# ---------------------------------------------------------------------------------------------------------------
# libFuzzer smoke: each target of tests/fuzz for FUZZ_SMOKE_SECONDS (default 10) from its seed corpus, two at a time;
# one pass or failure per target (a crash, leak or sanitizer report fails it). clang comes from install-deps.sh.
if [[ "${SKIP_FUZZ:-0}" != 1 ]]; then
    note "fuzz smoke (scripts/fuzz.sh ${FUZZ_SMOKE_SECONDS:-10})"
    fuzz_log="$LOG_DIR/fuzz.log"
    FUZZ_JOBS="${FUZZ_JOBS:-2}" bash scripts/fuzz.sh "${FUZZ_SMOKE_SECONDS:-10}" 2>&1 | tee "$fuzz_log"
    fuzz_rc=${PIPESTATUS[0]}
    fuzz_pass=$(grep -cE '^fuzz_[a-z0-9_]+ .* crashes 0$' "$fuzz_log")
    fuzz_fail=$(grep -cE '^fuzz_[a-z0-9_]+ .* crashes [1-9]' "$fuzz_log")
    if [[ $fuzz_pass -eq 0 && $fuzz_fail -eq 0 ]]; then
        step_failed "fuzz smoke" "scripts/fuzz.sh did not run (rc $fuzz_rc): clang or the fuzz build; see $fuzz_log"
    else
        record "fuzz smoke" "$fuzz_pass" "$fuzz_fail" 0
        grep -E '^fuzz_[a-z0-9_]+ .* crashes [1-9]' "$fuzz_log" | sed 's/^/--- fuzz smoke: /' >>"$FAILURES" || true
    fi
fi

# ---------------------------------------------------------------------------------------------------------------
run_unittest() { # step dir
    local log="$LOG_DIR/$(echo "$1" | tr ' /' '__').log" rc
    note "$1 (python3 -m unittest -v, $2)"
    python3 -m unittest discover -v -s "$2" -p 'test_*.py' 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    count_unittest "$log" "$1" "$rc"
}

if [[ "${SKIP_E2E:-0}" != 1 ]]; then
    export GCNET_PROVIDER_DIR="${GCNET_PROVIDER_DIR:-$REPO/$BUILD_DIR/provider}"
    run_unittest "moto launcher" tests/moto
    run_unittest "e2e" tests/e2e
fi

# ---------------------------------------------------------------------------------------------------------------
if [[ -s "$FAILURES" ]]; then
    note "failures (the last lines of each; full logs in $LOG_DIR and the meson-logs folders)"
    cat "$FAILURES"
fi
note "summary"
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo
if [[ $SKIPPED -gt 0 ]]; then
    echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
else
    echo "$PASSED passed, $FAILED failed"
fi
[[ $FAILED -eq 0 ]]
