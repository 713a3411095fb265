#!/usr/bin/env bash
# Benchmark: the same infrastructure built two ways against one local (patched) moto, alternating N times, for three
# cases:
#   hub: tests/bench/gcnet/main.tf     (1 resource)  vs tests/bench/aws/main.tf     (hashicorp/aws, 14 resources)
#   dns: tests/bench/gcnet-dns/main.tf (1 resource)  vs tests/bench/aws-dns/main.tf (hashicorp/aws, 23 resources)
#   ca:  tests/bench/gcnet-ca/main.tf  (1 resource)  vs tests/bench/aws-ca/main.tf  (hashicorp/aws, 7 resources)
#   conn: tests/bench/gcnet-conn/main.tf (hub + on-prem link + 10 ASP connections, 12 resources) vs tests/bench/aws-conn/main.tf
#        (hashicorp/aws, 69 resources and a data source). The municipality's Direct Connect gateway is made with boto3
#        first. Its apply is two applies, both timed: the hub and the on-prem link, then (after 10 ASP VPCs in
#        account 111111111111 are attached to the new Transit Gateway with boto3, untimed, as the ASPs would) the
#        connections.
# gcnet runs with dev_overrides (no init); hashicorp/aws 5.100.0 from the filesystem_mirror /opt/tf-plugins + init.
# The dns case's VPC, two subnets and ASP private hosted zone are made once with boto3 and passed to both sides.
# Per run: validate, apply (create), refresh plan, an in-place update (apply with one tag more in the provider's
# default_tags: variable bench_tags, which every resource of both sides carries), then destroy. Reports, per case, the
# median wall time of validate / refresh plan / apply / update / destroy, the peak RSS (VmHWM) of the provider
# processes the run's own terraform started (not other runs' on a shared machine), the AWS requests of one refresh
# plan, one update and one destroy, and (hub case) the stripped and on-disk
# binary sizes, as markdown tables with ratios (gcnet / aws).
# Every figure is measured at each latency of --latency (moto's latency mode, tests/moto/serve.py: that many ms added
# to every AWS request while validate, apply, the refresh plan, the update and the destroy run; the setup, e.g. the
# conn case's ASP attachments between its two applies, runs at 0), side by side.
# Then the start-up and memory figures (issue 9 section 4; scripts/bench_startup.py): exec to handshake (wall and CPU),
# shared objects mapped, VmHWM at the handshake, the exact peak RSS of the provider launches of `terraform validate`
# and of a hub's `terraform apply` (GNU time around each launch), and the stripped size.
# Never part of the test suite.
#
#   bash scripts/bench.sh [N] [--latency 0,50]        (defaults: N=5, latencies 0 and 50 ms)
#   bash scripts/bench.sh --startup [LAUNCHES]        (only the start-up and memory figures; default 40 launches)
# Environment: BUILD_DIR (default build), TF_PLUGIN_MIRROR (default /opt/tf-plugins),
#              BENCH_ONLY=gcnet|aws (run one side only, e.g. to check the harness; the other column shows n/a),
#              BENCH_CASES="hub dns ca conn" (the default; any subset, in that order),
#              BENCH_STARTUP_LAUNCHES (launches of the start-up figures, default 40).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
N=5
LATENCIES="0,50"
STARTUP_ONLY=0
STARTUP_LAUNCHES="${BENCH_STARTUP_LAUNCHES:-40}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --startup)
        STARTUP_ONLY=1
        shift
        if [[ "${1:-}" =~ ^[0-9]+$ ]]; then STARTUP_LAUNCHES="$1"; shift; fi
        ;;
    --latency) LATENCIES="${2:?--latency needs a list such as 0,50}"; shift 2 ;;
    --latency=*) LATENCIES="${1#--latency=}"; shift ;;
    *) N="$1"; shift ;;
    esac
done
[[ "$LATENCIES" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "bench: --latency takes ms values such as 0,50" >&2; exit 2; }
BUILD_DIR="${BUILD_DIR:-build}"
[[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR"
ninja -C "$BUILD_DIR" provider/terraform-provider-gcnet

export GCNET_PROVIDER_DIR="$REPO/$BUILD_DIR/provider"
export BENCH_N="$N"
export BENCH_LATENCIES="$LATENCIES"
export TF_PLUGIN_MIRROR="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
export BENCH_CASES="${BENCH_CASES:-hub dns ca conn}"

if [[ "$STARTUP_ONLY" == 1 ]]; then
    exec python3 scripts/bench_startup.py "$STARTUP_LAUNCHES"
fi
python3 - <<'PY'
import glob, os, shutil, statistics, subprocess, sys, tempfile, threading, time

REPO = os.getcwd()
sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))
import gcnet_e2e as e2e  # noqa: E402

N = int(os.environ["BENCH_N"])
LATENCIES = [int(v) for v in os.environ["BENCH_LATENCIES"].split(",")]
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
    """Polls /proc every 20 ms for the terraform-provider-* processes of this workdir's terraform runs and keeps the
    largest VmHWM (KiB). A provider is this run's when its environment names the workdir's CLI config (terraform
    passes its environment to the plugins it starts; every workdir has its own file): providers of other runs on a
    shared machine, gcnet's or hashicorp/aws's, are not counted."""

    def __init__(self, wd):
        self.mark = ("TF_CLI_CONFIG_FILE=%s" % wd.cli_config).encode()
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
                    with open("/proc/%s/environ" % pid, "rb") as fh:
                        if self.mark not in fh.read().split(b"\0"):
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
    with PeakRss(wd) as rss:
        res = wd.tf(*args)
    if res.rc not in (0, 2) or (res.rc == 2 and "-detailed-exitcode" not in args):
        raise SystemExit("bench: terraform %s failed in %s\n%s" % (" ".join(args), wd.path, res))
    timed.last_rc = res.rc
    return res.seconds, rss.peak


# case -> (gcnet dir, aws dir, setup); setup(moto) makes what both sides take as input and returns tfvars text.
def setup_dns(moto):
    ec2 = moto.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
               for cidr, az in (("10.30.0.0/17", e2e.REGION + "a"), ("10.30.128.0/17", e2e.REGION + "c"))]
    # an ASP's private hosted zone, made in another VPC (same account: no association authorisation needed)
    asp_vpc = ec2.create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
    zone = moto.client("route53", region="us-east-1").create_hosted_zone(
        Name="resident-records.asp.internal", CallerReference="gcnet-bench",
        VPC={"VPCRegion": e2e.REGION, "VPCId": asp_vpc}, HostedZoneConfig={"PrivateZone": True})
    zone_id = zone["HostedZone"]["Id"].rsplit("/", 1)[-1]
    return 'vpc_id = "%s"\nsubnet_ids = ["%s", "%s"]\nhosted_zone_id = "%s"\n' % (vpc, subnets[0], subnets[1], zone_id)


def setup_conn(moto):
    """Before the conn case: the municipality's Direct Connect gateway (serve.py patch directconnect_gateways), as
    the carrier leaves it; both sides associate it with their own Transit Gateway."""
    gw = moto.client("directconnect").create_direct_connect_gateway(
        directConnectGatewayName="bench-lgcs", amazonSideAsn=64600)["directConnectGateway"]
    return 'dx_gateway_id = "%s"\n' % gw["directConnectGatewayId"]


def attach_asps(moto, wd):
    """Between the conn case's two applies: 10 ASPs (one account, 10 VPCs) attach to the hub's Transit Gateway
    (pendingAcceptance, serve.py patch ec2_tgw_cross_account_vpc_attachment); their IDs go in as variables."""
    res = wd.tf("output", "-raw", "transit_gateway_id")
    if res.rc != 0:
        raise SystemExit("bench: no transit_gateway_id in %s\n%s" % (wd.path, res))
    ec2 = moto.client_as("111111111111", "ec2")
    ids = {}
    for i in range(10):
        vpc = ec2.create_vpc(CidrBlock="10.%d.0.0/16" % (100 + i))["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock="10.%d.%d.0/24" % (100 + i, k),
                                     AvailabilityZone=e2e.REGION + az)["Subnet"]["SubnetId"]
                   for k, az in ((0, "a"), (1, "c"))]
        ids["asp%d" % i] = ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=res.stdout.strip(), VpcId=vpc, SubnetIds=subnets)["TransitGatewayVpcAttachment"][
            "TransitGatewayAttachmentId"]
    wd.write("attachments = {\n%s}\n" % "".join('  %s = "%s"\n' % kv for kv in sorted(ids.items())),
             name="attachments.auto.tfvars")


def detach_asps(moto, wd):
    """After the conn case's destroy: the next run starts from no attachments (the ASPs' VPCs stay; moto is
    private to the bench)."""
    path = os.path.join(wd.path, "attachments.auto.tfvars")
    if os.path.exists(path):
        os.remove(path)


# case -> (gcnet dir, aws dir, setup, between applies, after destroy)
CASES = {
    "hub": ("gcnet", "aws", None, None, None),
    "dns": ("gcnet-dns", "aws-dns", setup_dns, None, None),
    "ca": ("gcnet-ca", "aws-ca", None, None, None),
    "conn": ("gcnet-conn", "aws-conn", setup_conn, attach_asps, detach_asps),
}
RUN_CASES = [c for c in os.environ["BENCH_CASES"].split() if c in CASES]


def make_workdirs(moto, case):
    gdir, adir, setup = CASES[case][:3]
    tfvars = setup(moto) if setup else None
    out = {}
    if "gcnet" in SIDES:
        out["gcnet"] = e2e.TfWorkdir(moto=moto, prefix="gcnet-bench-%s-gcnet-" % case)
        shutil.copy(os.path.join(REPO, "tests", "bench", gdir, "main.tf"), out["gcnet"].path)
    if "aws" in SIDES:
        a = e2e.TfWorkdir(moto=moto, prefix="gcnet-bench-%s-aws-" % case, mirror_dir=MIRROR,
                          mirror_include=["registry.terraform.io/hashicorp/aws"])
        shutil.copy(os.path.join(REPO, "tests", "bench", adir, "main.tf"), a.path)
        res = a.tf("init", "-input=false", "-no-color")
        if res.rc != 0:
            raise SystemExit("bench: terraform init (aws, %s) failed\n%s" % (case, res))
        out["aws"] = a
    if tfvars:
        for wd in out.values():
            wd.write(tfvars, name="bench.auto.tfvars")
    return out


def one_run(case, name, wd, moto, out, latency_ms):
    between, after = CASES[case][3:]
    moto.set_latency(latency_ms)
    t, r1 = timed(wd, "validate", "-no-color")
    out["validate"].append(t)
    t, r2 = timed(wd, "apply", "-auto-approve", "-input=false", "-no-color")
    if between:
        moto.set_latency(0)
        between(moto, wd)
        moto.set_latency(latency_ms)
        t2, r2b = timed(wd, "apply", "-auto-approve", "-input=false", "-no-color")
        t, r2 = t + t2, max(r2, r2b)
    out["apply"].append(t)
    listed = wd.tf("state", "list").stdout.split()
    out["resources"].append(len([a for a in listed if not a.startswith("data.") and ".data." not in a]))
    moto.reset_requests()
    t, r3 = timed(wd, "plan", "-input=false", "-no-color", "-detailed-exitcode")
    out["refresh plan"].append(t)
    out["clean"].append(1 if timed.last_rc == 0 else 0)  # -detailed-exitcode: 0 = no changes after the apply
    out["requests"].append(moto.request_count())
    # the in-place update: one tag more through the provider's default_tags (variable bench_tags), on every resource
    # of both sides; then the destroy, both at the run's latency
    wd.write('bench_tags = { BenchUpdate = "run" }\n', name=UPDATE_TFVARS)
    moto.reset_requests()
    t, r4 = timed(wd, "apply", "-auto-approve", "-input=false", "-no-color")
    out["update"].append(t)
    out["update requests"].append(moto.request_count())
    moto.reset_requests()
    t, r5 = timed(wd, "destroy", "-auto-approve", "-input=false", "-no-color")
    out["destroy"].append(t)
    out["destroy requests"].append(moto.request_count())
    out["rss"].append(max(r1, r2, r3, r4, r5))
    os.remove(os.path.join(wd.path, UPDATE_TFVARS))
    moto.set_latency(0)
    if after:
        after(moto, wd)


UPDATE_TFVARS = "bench_update.auto.tfvars"


def sizes(path):
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, "s")
        subprocess.run(["strip", "-o", stripped, path], check=True)
        return os.path.getsize(stripped), os.path.getsize(path)


METRICS = ("validate", "apply", "refresh plan", "requests", "update", "update requests", "destroy", "destroy requests",
           "rss", "resources", "clean")
results = {}
moto = e2e.Moto().start()
try:
    for case in RUN_CASES:
        wds = make_workdirs(moto, case)
        for lat in LATENCIES:
            data = {k: {m: [] for m in METRICS} for k in wds}
            for i in range(N):
                order = SIDES if i % 2 == 0 else SIDES[::-1]
                for name in order:
                    one_run(case, name, wds[name], moto, data[name], lat)
                sys.stderr.write("bench: %s at %d ms, run %d/%d done\n" % (case, lat, i + 1, N))
            results[(case, lat)] = data
        for wd in wds.values():
            wd.cleanup()
finally:
    moto.stop()

g_s, g_d = sizes(GCNET_BIN) if os.access(GCNET_BIN, os.X_OK) else (None, None)
a_s, a_d = sizes(AWS_BIN)


def row(label, g, a, fmt):
    ratio = ("%.3fx" % (g / a)) if (g is not None and a) else "n/a"
    show = lambda v: "n/a" if v is None else fmt(v)  # noqa: E731
    return "| %s | %s | %s | %s |" % (label, show(g), show(a), ratio)


def cells(g, a, fmt):
    ratio = ("%.3fx" % (g / a)) if (g is not None and a) else "n/a"
    show = lambda v: "n/a" if v is None else fmt(v)  # noqa: E731
    return "%s | %s | %s" % (show(g), show(a), ratio)


sec = lambda v: "%.2f s" % v  # noqa: E731
mib = lambda v: "%.1f MiB" % (v / 1024.0 / 1024.0)  # noqa: E731
kib = lambda v: None if v is None else v * 1024  # noqa: E731
ROWS = (
    ("validate (median wall)", "validate", sec),
    ("refresh plan (median wall)", "refresh plan", sec),
    ("apply, create (median wall)", "apply", sec),
    ("apply, update: one tag more (median wall)", "update", sec),
    ("destroy (median wall)", "destroy", sec),
    ("provider peak RSS (median of run peaks)", "rss", lambda v: mib(v * 1024)),
    ("AWS requests per refresh plan", "requests", lambda v: "%d" % v),
    ("AWS requests per update", "update requests", lambda v: "%d" % v),
    ("AWS requests per destroy", "destroy requests", lambda v: "%d" % v),
)
for case in RUN_CASES:
    med = {}
    for lat in LATENCIES:
        med[lat] = {k: {m: statistics.median(v) for m, v in d.items()} for k, d in results[(case, lat)].items()}
        for side in ("gcnet", "aws"):
            med[lat].setdefault(side, {m: None for m in METRICS})
    first = med[LATENCIES[0]]
    count = lambda side: "n/a" if first[side]["resources"] is None else "%d" % first[side]["resources"]  # noqa: E731
    print()
    print("%s: median of %d alternating runs against one moto (%s; resources in state: gcnet %s, hashicorp/aws %s)."
          % (case, N, e2e.REGION, count("gcnet"), count("aws")))
    print()
    print("| metric | " + " | ".join("gcnet %d ms | hashicorp/aws %d ms | gcnet / aws %d ms" % (lat, lat, lat)
                                     for lat in LATENCIES) + " |")
    print("|---|" + "---|---|---|" * len(LATENCIES))
    for label, metric, fmt in ROWS:
        print("| %s | %s |" % (label, " | ".join(cells(med[lat]["gcnet"][metric], med[lat]["aws"][metric], fmt)
                                                 for lat in LATENCIES)))
    print()
    for lat in LATENCIES:
        clean = lambda side: "n/a" if side not in results[(case, lat)] else "%d/%d" % (  # noqa: E731
            sum(results[(case, lat)][side]["clean"]), len(results[(case, lat)][side]["clean"]))
        print("Refresh plans with no changes after the apply at %d ms: gcnet %s, hashicorp/aws %s."
              % (lat, clean("gcnet"), clean("aws")))
print()
print("| binary | gcnet | hashicorp/aws | gcnet / aws |")
print("|---|---|---|---|")
print(row("size, stripped", g_s, a_s, mib))
print(row("size, on disk", g_d, a_d, mib))
PY
if [[ "${BENCH_ONLY:-gcnet}" == gcnet ]]; then
    python3 scripts/bench_startup.py "$STARTUP_LAUNCHES"
fi
