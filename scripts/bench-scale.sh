#!/usr/bin/env bash
# Scale benchmark (issue 9 §3): one hub with 1, 10, 100, 1,000 ASP connections, and the nine municipalities' hubs in
# one root, each against a fresh local (patched) moto, three ways:
#   gcnet: gcnet_municipality_hub + one gcnet_asp_connection per ASP (for_each), the provider under test;
#   floor: the same number of terraform_data resources (Terraform's own cost per resource, no provider, no AWS);
#   aws:   hashicorp/aws 5.100.0 (filesystem mirror): the hub twin of tests/bench/aws (14 resources) + 5 resources
#          per connection (attachment accepter, association, 2 propagations, ops VPC route), up to --aws-max.
# The ASP side (a VPC, a subnet and a TGW attachment request per connection, in ten ASP accounts) is made with boto3
# after the hub's apply, as the ASPs would; then, timed: validate, apply (the connections), refresh plan
# (-detailed-exitcode: 0 = no changes), then the destroy of the connections (an apply with no ASPs; the hub stays).
# Recorded per row: wall seconds of each, the AWS requests of the refresh plan (moto's request log: every request,
# STS included), the destroy's requests and bytes of moto's answers, the provider processes' peak RSS (VmHWM) and
# CPU seconds (utime + stime, sampled every 20 ms from /proc, so a process's last few ms are missed).
# One run per row (the 1,000-connection rows take minutes). Never part of the test suite.
#
#   bash scripts/bench-scale.sh [--sizes 1,10,100,1000] [--aws-max 100] [--sides gcnet,floor,aws] [--no-nine]
#                               [--csv out/bench-scale.csv] [--merge] [--ops out/bench-scale-ops.json]
# --merge keeps the rows of an existing --csv that this run does not measure (e.g. the aws side, run once).
# --ops writes, per row, the apply's AWS requests per operation: count and bytes of moto's answers (the place to
# look for a per-create read that grows with the number of connections: compare 100 with 1,000), their total
# ("_all") and moto's CPU seconds in the apply ("_moto_cpu_s"); the same for the destroy under "<row>,destroy".
# then: bash scripts/plot-scale.sh out/bench-scale.csv docs/images/bench-scale.png
# Environment: BUILD_DIR (default build), GCNET_PROVIDER_DIR (default $BUILD_DIR/provider; e.g. a directory whose
# terraform-provider-gcnet runs the real one under perf record), TF_PLUGIN_MIRROR (default /opt/tf-plugins).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
SIZES="1,10,100,1000"
AWS_MAX=100
SIDES="gcnet,floor,aws"
NINE=1
CSV="out/bench-scale.csv"
MERGE=0
OPS=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --sizes) SIZES="${2:?}"; shift 2 ;;
    --aws-max) AWS_MAX="${2:?}"; shift 2 ;;
    --sides) SIDES="${2:?}"; shift 2 ;;
    --no-nine) NINE=0; shift ;;
    --csv) CSV="${2:?}"; shift 2 ;;
    --merge) MERGE=1; shift ;;
    --ops) OPS="${2:?}"; shift 2 ;;
    *) echo "bench-scale: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ "$SIZES" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "bench-scale: --sizes takes counts such as 1,10,100" >&2; exit 2; }
BUILD_DIR="${BUILD_DIR:-build}"
[[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR"
ninja -C "$BUILD_DIR" provider/terraform-provider-gcnet
mkdir -p "$(dirname "$CSV")"

export GCNET_PROVIDER_DIR="${GCNET_PROVIDER_DIR:-$REPO/$BUILD_DIR/provider}"
export TF_PLUGIN_MIRROR="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
export SCALE_SIZES="$SIZES" SCALE_AWS_MAX="$AWS_MAX" SCALE_SIDES="$SIDES" SCALE_NINE="$NINE" SCALE_CSV="$CSV" SCALE_MERGE="$MERGE" SCALE_OPS="$OPS"

exec python3 - <<'PY'
import csv, json, os, re, sys, threading, time

REPO = os.getcwd()
sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))
import gcnet_e2e as e2e  # noqa: E402

SIZES = [int(v) for v in os.environ["SCALE_SIZES"].split(",")]
AWS_MAX = int(os.environ["SCALE_AWS_MAX"])
SIDES = os.environ["SCALE_SIDES"].split(",")
NINE = os.environ["SCALE_NINE"] == "1"
CSV = os.environ["SCALE_CSV"]
MERGE = os.environ["SCALE_MERGE"] == "1"
OPS = os.environ["SCALE_OPS"]
OPS_ROWS = {}
MIRROR = os.environ["TF_PLUGIN_MIRROR"]
ASP_ACCOUNTS = ["2000000000%02d" % i for i in range(1, 11)]
# council number of each municipality (as tests/e2e/test_concurrency.py)
COUNCIL_NO = {"naruto": 2, "komatsushima": 3, "anan": 4, "mima": 7, "katsuura": 9, "matsushige": 18, "aizumi": 20,
              "itano": 21, "kamiita": 22}


class ProviderWatch:
    """Polls /proc every 20 ms for this workdir's terraform-provider-* processes (their environment names the
    workdir's CLI config: other runs on a shared machine are not counted): the largest VmHWM (KiB) and, per process,
    the last utime + stime seen (clock ticks), summed into CPU seconds."""

    def __init__(self, wd):
        self.mark = ("TF_CLI_CONFIG_FILE=%s" % wd.cli_config).encode()
        self.peak = 0
        self.ticks = {}
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
                    with open("/proc/%s/stat" % pid) as fh:
                        fields = fh.read().rsplit(")", 1)[1].split()
                    with open("/proc/%s/status" % pid) as fh:
                        for line in fh:
                            if line.startswith("VmHWM:"):
                                self.peak = max(self.peak, int(line.split()[1]))
                    self.ticks[pid] = int(fields[11]) + int(fields[12])  # utime, stime
                except (OSError, IndexError, ValueError):
                    pass
            self._stop.wait(0.02)

    def cpu_s(self):
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_tf(wd, *args, timeout=7200):
    with ProviderWatch(wd) as w:
        res = wd.tf(*args, timeout=timeout)
    ok = res.rc == 0 or (res.rc == 2 and "-detailed-exitcode" in args)
    if not ok:
        raise SystemExit("bench-scale: terraform %s failed in %s\n%s" % (" ".join(args), wd.path, str(res)[-4000:]))
    return res, w


GCNET_HUB = """
resource "gcnet_municipality_hub" "hub" {
  municipality       = "naruto"
  vpc_cidr           = "10.20.0.0/16"
  amazon_side_asn    = 64600
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
  routing_domains    = ["onprem", "asp", "ops"]
  share_with         = %s
}
""" % json.dumps(ASP_ACCOUNTS)

ASPS_VAR = """
variable "asps" {
  type = map(object({ attachment_id = string, cidr = string }))
}
"""

GCNET_TF = """
terraform {
  required_providers {
    gcnet = { source = "tokushima/gcnet" }
  }
}

provider "gcnet" {
  region = "ap-northeast-1"
}
""" + ASPS_VAR + GCNET_HUB + """
resource "gcnet_asp_connection" "c" {
  for_each         = var.asps
  hub_id           = gcnet_municipality_hub.hub.id
  name             = each.key
  vendor           = "Vendor ${each.key}"
  method           = "transit_gateway"
  attachment_id    = each.value.attachment_id
  cidrs            = [each.value.cidr]
  business_systems = ["resident_records"]
}

output "hub_id" {
  value = gcnet_municipality_hub.hub.id
}
"""

FLOOR_TF = ASPS_VAR + """
resource "terraform_data" "hub" {
  input = "naruto"
}

resource "terraform_data" "c" {
  for_each = var.asps
  input    = each.value
}
"""


def aws_twin_body():
    """tests/bench/aws/main.tf without its terraform and provider blocks (the hub in 14 resources)."""
    with open(os.path.join(REPO, "tests", "bench", "aws", "main.tf")) as fh:
        text = fh.read()
    text = re.sub(r'(?ms)^(terraform|provider "aws") \{.*?^\}\n', "", text)
    return text.replace('principal          = "111111111111"', 'principal          = "%s"' % ASP_ACCOUNTS[0])


AWS_HEAD = """
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region                      = "ap-northeast-1"
  skip_metadata_api_check     = true
  skip_credentials_validation = true
}
"""

AWS_TF = AWS_HEAD + ASPS_VAR + aws_twin_body() + """
resource "aws_ec2_transit_gateway_vpc_attachment_accepter" "c" {
  for_each                                        = var.asps
  transit_gateway_attachment_id                   = each.value.attachment_id
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
  tags                                            = { Name = each.key }
}

resource "aws_ec2_transit_gateway_route_table_association" "c" {
  for_each                       = var.asps
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment_accepter.c[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.asp.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "c_onprem" {
  for_each                       = var.asps
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment_accepter.c[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.onprem.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "c_ops" {
  for_each                       = var.asps
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment_accepter.c[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.ops.id
}

resource "aws_route" "c" {
  for_each               = var.asps
  route_table_id         = aws_vpc.hub.main_route_table_id
  destination_cidr_block = each.value.cidr
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.hub]
}

output "hub_id" {
  value = aws_ec2_transit_gateway.hub.id
}
"""

# the nine municipalities in one root: nine hubs (gcnet), nine hub twins (aws, a module), nine terraform_data
NINE_GCNET_TF = """
terraform {
  required_providers {
    gcnet = { source = "tokushima/gcnet" }
  }
}

provider "gcnet" {
  region = "ap-northeast-1"
}

resource "gcnet_municipality_hub" "hub" {
  for_each           = %s
  municipality       = each.key
  vpc_cidr           = "10.${each.value}.0.0/16"
  amazon_side_asn    = 64512 + each.value
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
  routing_domains    = ["onprem", "asp", "ops"]
  share_with         = ["%s"]
}
""" % (e2e.hcl(COUNCIL_NO), ASP_ACCOUNTS[0])

NINE_AWS_TF = AWS_HEAD + """
module "hub" {
  source   = "./hub"
  for_each = %s
}
""" % e2e.hcl(COUNCIL_NO)

NINE_FLOOR_TF = """
resource "terraform_data" "hub" {
  for_each = %s
  input    = each.key
}
""" % e2e.hcl(COUNCIL_NO)


def asp_side(moto, tgw, n):
    """n ASP VPCs (a /24 each, 10.100.0.0 upwards), a subnet and an attachment request each, in ten accounts."""
    clients = {}
    asps = {}
    for i in range(n):
        account = ASP_ACCOUNTS[i % len(ASP_ACCOUNTS)]
        if account not in clients:
            c = moto.client("ec2")
            c.meta.events.register("before-sign.ec2.*", lambda request, a=account, **kw:
                                   request.headers.__setitem__("x-moto-account-id", a))
            clients[account] = c
        ec2 = clients[account]
        cidr = "10.%d.%d.0/24" % (100 + i // 256, i % 256)
        vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr)["Subnet"]["SubnetId"]
        att = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])
        asps["asp-%04d" % i] = {"attachment_id": att["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"],
                                "cidr": cidr}
    return asps


def workdir(moto, side, prefix):
    if side == "aws":
        wd = e2e.TfWorkdir(moto=moto, prefix=prefix, mirror_dir=MIRROR,
                           mirror_include=["registry.terraform.io/hashicorp/aws"])
    else:
        wd = e2e.TfWorkdir(moto=moto, prefix=prefix)
    return wd


def init(wd, side):
    if side == "aws":
        res = wd.tf("init", "-input=false", "-no-color")
        if res.rc != 0:
            raise SystemExit("bench-scale: terraform init (aws) failed\n%s" % res)


def ops_of(moto, moto_cpu, key):
    """The requests moto logged since its last reset, per operation (count, bytes of the answers), their total
    ("_all") and moto's CPU since `moto_cpu`, into OPS_ROWS[key]; returns the total."""
    per_op = {"_moto_cpu_s": round(moto_cpu_s(moto) - moto_cpu, 2)}
    reqs = moto.requests()
    per_op["_all"] = {"count": len(reqs), "bytes": sum(r.get("bytes", 0) for r in reqs)}
    for r in reqs:
        o = per_op.setdefault(r["action"], {"count": 0, "bytes": 0})
        o["count"] += 1
        o["bytes"] += r.get("bytes", 0)
    if OPS:
        OPS_ROWS[key] = dict(sorted(per_op.items(), key=lambda kv: -kv[1]["bytes"] if isinstance(kv[1], dict) else 1))
    return per_op["_all"]


def measure(wd, moto, row):
    key = "%s,%s,%s" % (row["case"], row["connections"], row["side"])
    res, w = run_tf(wd, "validate", "-no-color")
    row["validate_s"] = round(res.seconds, 3)
    if moto and OPS:
        moto.reset_requests()
        moto_cpu = moto_cpu_s(moto)
    res, w_apply = run_tf(wd, "apply", "-auto-approve", "-input=false", "-no-color")
    row["apply_s"] = round(res.seconds, 3)
    if moto and OPS:
        ops_of(moto, moto_cpu, key)
    row["apply_cpu_s"] = round(w_apply.cpu_s(), 3)
    listed = wd.tf("state", "list").stdout.split()
    row["resources"] = len([a for a in listed if not a.startswith("data.") and ".data." not in a])
    if moto:
        moto.reset_requests()
    res, w_plan = run_tf(wd, "plan", "-input=false", "-no-color", "-detailed-exitcode")
    row["plan_s"] = round(res.seconds, 3)
    row["plan_cpu_s"] = round(w_plan.cpu_s(), 3)
    row["plan_clean"] = 1 if res.rc == 0 else 0
    row["requests"] = moto.request_count() if moto else 0
    peak = max(w.peak, w_apply.peak, w_plan.peak)
    if row["case"] == "hub":
        # the destroy of the connections (the hub stays): an apply with no ASPs, so its plan's refresh is in it as
        # the apply's is in "apply"
        wd.write(json.dumps({"asps": {}}), name="asps.auto.tfvars.json")
        if moto:
            moto.reset_requests()
            moto_cpu = moto_cpu_s(moto)
        res, w_destroy = run_tf(wd, "apply", "-auto-approve", "-input=false", "-no-color")
        row["destroy_s"] = round(res.seconds, 3)
        row["destroy_cpu_s"] = round(w_destroy.cpu_s(), 3)
        if moto:
            total = ops_of(moto, moto_cpu, key + ",destroy")
            row["destroy_requests"], row["destroy_bytes"] = total["count"], total["bytes"]
        else:
            row["destroy_requests"], row["destroy_bytes"] = 0, 0
        peak = max(peak, w_destroy.peak)
    row["rss_kib"] = peak


def moto_cpu_s(moto):
    """moto's CPU seconds so far (utime + stime of its process): its work, less bent by a loaded machine than
    wall time."""
    with open("/proc/%d/stat" % moto.proc.pid) as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_row(case, n, side):
    row = {"case": case, "connections": n, "side": side}
    moto = e2e.Moto().start() if side != "floor" else None
    wd = workdir(moto, side, "gcnet-scale-%s-%s-%s-" % (case, n, side))
    try:
        init_done = False
        if case == "nine":
            if side == "aws":
                os.makedirs(os.path.join(wd.path, "hub"))
                wd.write(aws_twin_body(), name="hub/main.tf")
            wd.write({"gcnet": NINE_GCNET_TF, "aws": NINE_AWS_TF, "floor": NINE_FLOOR_TF}[side])
        else:
            wd.write({"gcnet": GCNET_TF, "aws": AWS_TF, "floor": FLOOR_TF}[side])
            wd.write(json.dumps({"asps": {}}), name="asps.auto.tfvars.json")
            if side == "floor":
                asps = {"asp-%04d" % i: {"attachment_id": "tgw-attach-%017x" % i, "cidr": "10.%d.%d.0/24" % (
                    100 + i // 256, i % 256)} for i in range(n)}
            else:
                init(wd, side)
                init_done = True
                run_tf(wd, "apply", "-auto-approve", "-input=false", "-no-color")  # the hub alone, not timed
                tgw = json.loads(wd.tf("output", "-json").stdout)["hub_id"]["value"]
                t0 = time.monotonic()
                asps = asp_side(moto, tgw, n)
                sys.stderr.write("bench-scale: %d ASP attachments made in %.1f s\n" % (n, time.monotonic() - t0))
            wd.write(json.dumps({"asps": asps}), name="asps.auto.tfvars.json")
        if not init_done:
            init(wd, side)
        measure(wd, moto, row)
    finally:
        if moto:
            moto.stop()
        wd.cleanup()
    sys.stderr.write("bench-scale: %s\n" % json.dumps(row))
    return row


FIELDS = ["case", "connections", "side", "resources", "validate_s", "apply_s", "plan_s", "plan_clean", "requests",
          "rss_kib", "apply_cpu_s", "plan_cpu_s", "load", "destroy_s", "destroy_cpu_s", "destroy_requests",
          "destroy_bytes"]
rows = []
kept = []
if MERGE and os.path.exists(CSV):
    with open(CSV, newline="") as fh:
        kept = list(csv.DictReader(fh))
plan = [("hub", n, s) for n in SIZES for s in SIDES if s != "aws" or n <= AWS_MAX]
if NINE:
    plan += [("nine", 9, s) for s in SIDES]
for case, n, side in plan:
    row = one_row(case, n, side)
    row["load"] = round(os.getloadavg()[0], 1)
    rows.append(row)
    done = {(r["case"], str(r["connections"]), r["side"]) for r in rows}
    # --merge: the kept rows this run has not (yet) measured stay, in the order of the file
    out = [r for r in kept if (r["case"], r["connections"], r["side"]) not in done] + rows
    order = {}
    for key in [(r["case"], r["connections"], r["side"]) for r in kept] + [(c, str(n), s) for c, n, s in plan]:
        order.setdefault(key, len(order))
    out.sort(key=lambda r: order.get((r["case"], str(r["connections"]), r["side"]), len(order)))
    with open(CSV, "w", newline="") as fh:  # rewritten after each row: a long run keeps what it measured
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        for r in out:
            w.writerow({k: r.get(k, "") for k in FIELDS})
    if OPS:
        with open(OPS, "w") as fh:
            json.dump(OPS_ROWS, fh, indent=1)
print("bench-scale: wrote %s" % CSV)
PY
