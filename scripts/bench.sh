#!/usr/bin/env bash
# Benchmark: the same municipality hub built two ways against one local (patched) moto, alternating N times.
#   (a) gcnet:         tests/bench/gcnet/main.tf   (1 resource, dev_overrides: no init)
#   (b) hashicorp/aws: tests/bench/aws/main.tf     (14 resources, filesystem_mirror /opt/tf-plugins + terraform init)
# Per run: validate, apply (create), refresh plan, then destroy (not timed). Reports the median wall time of
# validate / refresh plan / apply, the peak RSS (VmHWM) of the provider processes, the AWS requests of one refresh
# plan, and the stripped and on-disk binary sizes, as a markdown table with ratios (aws / gcnet).
# Never part of the test suite.
#
#   bash scripts/bench.sh [N]        (default N=5)
# Environment: BUILD_DIR (default build), TF_PLUGIN_MIRROR (default /opt/tf-plugins),
#              BENCH_ONLY=gcnet|aws (run one side only, e.g. to check the harness; the other column shows n/a).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
N="${1:-5}"
BUILD_DIR="${BUILD_DIR:-build}"
[[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR"
ninja -C "$BUILD_DIR" provider/terraform-provider-gcnet

export GCNET_PROVIDER_DIR="$REPO/$BUILD_DIR/provider"
export BENCH_N="$N"
export TF_PLUGIN_MIRROR="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"

exec python3 - <<'PY'
import glob, os, shutil, statistics, subprocess, sys, tempfile, threading, time

REPO = os.getcwd()
sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))
import gcnet_e2e as e2e  # noqa: E402

N = int(os.environ["BENCH_N"])
MIRROR = os.environ["TF_PLUGIN_MIRROR"]
AWS_BIN = glob.glob(os.path.join(MIRROR, "registry.terraform.io/hashicorp/aws/*/linux_amd64/terraform-provider-aws*"))
if not AWS_BIN:
    sys.exit("bench: hashicorp/aws not found under %s" % MIRROR)
AWS_BIN = [p for p in AWS_BIN if os.access(p, os.X_OK)][0]
GCNET_BIN = e2e.provider_binary()
ONLY = os.environ.get("BENCH_ONLY", "")
SIDES = [s for s in ("gcnet", "aws") if not ONLY or s == ONLY]
if "gcnet" in SIDES and not os.access(GCNET_BIN, os.X_OK):
    sys.exit("bench: %s is missing" % GCNET_BIN)


class PeakRss:
    """Polls /proc every 20 ms for terraform-provider-* processes and keeps the largest VmHWM (KiB)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as fh:
                        argv0 = fh.read().split(b"\0", 1)[0]
                    if not os.path.basename(argv0).startswith(b"terraform-provider-"):
                        continue
                    with open("/proc/%s/status" % pid) as fh:
                        for line in fh:
                            if line.startswith("VmHWM:"):
                                self.peak = max(self.peak, int(line.split()[1]))
                except OSError:
                    pass
            self._stop.wait(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def timed(wd, *args):
    with PeakRss() as rss:
        res = wd.tf(*args)
    if res.rc not in (0, 2) or (res.rc == 2 and "-detailed-exitcode" not in args):
        raise SystemExit("bench: terraform %s failed in %s\n%s" % (" ".join(args), wd.path, res))
    return res.seconds, rss.peak


def make_workdirs(moto):
    out = {}
    if "gcnet" in SIDES:
        out["gcnet"] = e2e.TfWorkdir(moto=moto, prefix="gcnet-bench-gcnet-")
        shutil.copy(os.path.join(REPO, "tests", "bench", "gcnet", "main.tf"), out["gcnet"].path)
    if "aws" not in SIDES:
        return out
    a = e2e.TfWorkdir(moto=moto, prefix="gcnet-bench-aws-", mirror_dir=MIRROR,
                      mirror_include=["registry.terraform.io/hashicorp/aws"])
    shutil.copy(os.path.join(REPO, "tests", "bench", "aws", "main.tf"), a.path)
    res = a.tf("init", "-input=false", "-no-color")
    if res.rc != 0:
        raise SystemExit("bench: terraform init (aws) failed\n%s" % res)
    out["aws"] = a
    return out


def one_run(name, wd, moto, out):
    t, r1 = timed(wd, "validate", "-no-color")
    out["validate"].append(t)
    t, r2 = timed(wd, "apply", "-auto-approve", "-input=false", "-no-color")
    out["apply"].append(t)
    moto.reset_requests()
    t, r3 = timed(wd, "plan", "-input=false", "-no-color", "-detailed-exitcode")
    out["refresh plan"].append(t)
    out["requests"].append(moto.request_count())
    out["rss"].append(max(r1, r2, r3))
    res = wd.tf("destroy", "-auto-approve", "-input=false", "-no-color")
    if res.rc != 0:
        raise SystemExit("bench: destroy (%s) failed\n%s" % (name, res))


def sizes(path):
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, "s")
        subprocess.run(["strip", "-o", stripped, path], check=True)
        return os.path.getsize(stripped), os.path.getsize(path)


moto = e2e.Moto().start()
try:
    wds = make_workdirs(moto)
    data = {k: {"validate": [], "apply": [], "refresh plan": [], "requests": [], "rss": []} for k in wds}
    for i in range(N):
        order = SIDES if i % 2 == 0 else SIDES[::-1]
        for name in order:
            one_run(name, wds[name], moto, data[name])
        sys.stderr.write("bench: run %d/%d done\n" % (i + 1, N))
    for wd in wds.values():
        wd.cleanup()
finally:
    moto.stop()

g_s, g_d = sizes(GCNET_BIN) if os.access(GCNET_BIN, os.X_OK) else (None, None)
a_s, a_d = sizes(AWS_BIN)
med = {k: {m: statistics.median(v) for m, v in d.items()} for k, d in data.items()}
for side in ("gcnet", "aws"):
    med.setdefault(side, {m: None for m in ("validate", "apply", "refresh plan", "requests", "rss")})


def row(label, g, a, fmt):
    ratio = ("%.1fx" % (a / g)) if (g and a is not None) else "n/a"
    show = lambda v: "n/a" if v is None else fmt(v)  # noqa: E731
    return "| %s | %s | %s | %s |" % (label, show(g), show(a), ratio)


sec = lambda v: "%.2f s" % v  # noqa: E731
mib = lambda v: "%.1f MiB" % (v / 1024.0 / 1024.0)  # noqa: E731
print()
print("Median of %d alternating runs against one moto (%s; hashicorp/aws: 14 resources)." % (N, e2e.REGION))
print()
print("| metric | gcnet | hashicorp/aws | aws / gcnet |")
print("|---|---|---|---|")
print(row("validate (median wall)", med["gcnet"]["validate"], med["aws"]["validate"], sec))
print(row("refresh plan (median wall)", med["gcnet"]["refresh plan"], med["aws"]["refresh plan"], sec))
print(row("apply, create (median wall)", med["gcnet"]["apply"], med["aws"]["apply"], sec))
kib = lambda v: None if v is None else v * 1024  # noqa: E731
print(row("provider peak RSS (median of run peaks)", kib(med["gcnet"]["rss"]), kib(med["aws"]["rss"]), mib))
print(row("AWS requests per refresh plan", med["gcnet"]["requests"], med["aws"]["requests"], lambda v: "%d" % v))
print(row("binary size, stripped", g_s, a_s, mib))
print(row("binary size, on disk", g_d, a_d, mib))
PY
