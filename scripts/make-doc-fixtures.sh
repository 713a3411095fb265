#!/usr/bin/env bash
# gcnet-doc's test fixtures, produced by a real end-to-end run of examples/naruto against the local patched moto:
# nothing in tests/doc/fixtures/gcnet/ is written by hand.
#
#   bash scripts/make-doc-fixtures.sh
#
# Writes to $FIXTURE_OUT (default tests/doc/fixtures/gcnet):
#   plan_create.json   terraform show -json of the first plan (hub created, computed values unknown)
#   state.json         terraform show -json after that apply (naruto only)
#   plan_drift.json    terraform plan -refresh-only after drift made with boto3 outside Terraform (naruto: RAM
#                      principal 222222222222 removed, the ops attachment's propagation into asp disabled)
#   plan_repair.json   the plan that repairs it: an in-place update (share_with gains the account back)
#   plan_nodrift.json  terraform plan -refresh-only after that repair: no drift
#   plan_update.json   a plan with update (naruto: a tag, share_with made sensitive), replace (anan: vpc_cidr),
#                      delete (mima: module removed) and no-op (aizumi), against a state holding all four hubs
#   state_update.json  terraform show -json after applying that plan (three hubs in child modules, share_with
#                      sensitive)
#   test.json          terraform test -json of examples/naruto/tests/hub.tftest.hcl (all pass)
#   test_failing.json  terraform test -json of that file plus a script-only file with one failing assertion
#   schema.json        terraform providers schema -json
#   plan_services.json naruto as the catalog orders it (second moto, second copy of examples/): hub, DNS resolver,
#                      Private CA and one gcnet_certificate created
#   plan_connection.json  after that apply, an ASP's VPC attachment (boto3, account 111111111111) and naruto's
#                      Direct Connect gateway (boto3): one gcnet_asp_connection (method transit_gateway) and the
#                      module's gcnet_onprem_link (method dx_gateway) created, the rest unchanged
#   state_services.json   terraform show -json after applying it: all six resource types
#   tests/*.tftest.hcl the test files those two streams ran (gcnet-doc tests --test-dir reads their assertions)
#
# Environment: BUILD_DIR (default build; built here if it has no build.ninja, else `ninja` brings it up to date),
#              GCNET_PROVIDER_DIR (use this provider directory as is and build nothing),
#              FIXTURE_OUT (output directory), KEEP_WORK=1 (keep the temp dir, path on stderr).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
BUILD_DIR="${BUILD_DIR:-build}"
OUT="${FIXTURE_OUT:-$REPO/tests/doc/fixtures/gcnet}"

log() { echo "make-doc-fixtures: $*" >&2; }

if [[ -n "${GCNET_PROVIDER_DIR:-}" ]]; then
    PROVIDER_DIR="$(cd "$GCNET_PROVIDER_DIR" && pwd)"
else
    [[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR" >&2
    ninja -C "$BUILD_DIR" >&2
    PROVIDER_DIR="$(cd "$BUILD_DIR/provider" && pwd)"
fi
[[ -x "$PROVIDER_DIR/terraform-provider-gcnet" ]] \
    || { log "no provider binary in $PROVIDER_DIR"; exit 1; }

LOCAL_AWS_NAME=make-doc-fixtures
# shellcheck source=scripts/local-aws.sh
source "$REPO/scripts/local-aws.sh"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gcnet-doc-fixtures.XXXXXX")"
cleanup() {
    local_aws_stop
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
local_aws_start "$WORK" "$PROVIDER_DIR"

# A private copy of examples/: inputs from terraform.tfvars.example (ASPs 111111111111 and 222222222222), the local
# backend, and the hub's prevent_destroy lifted (anan is replaced below) (local_aws_prepare_root).
cp -r "$REPO/examples" "$WORK/examples"
ROOT="$WORK/examples/naruto"
local_aws_prepare_root "$ROOT"
tf() { local_aws_tf "$ROOT" "$@"; }

# JSON to a temp name first, then checked and renamed: a failed step never leaves a half-written fixture.
save() { # name command...
    local name="$1"
    shift
    "$@" >"$WORK/$name"
    python3 -c 'import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
if "/test" in sys.argv[1]:
    [json.loads(line) for line in text.splitlines() if line.strip()]
else:
    json.loads(text)' "$WORK/$name"
    mkdir -p "$OUT"
    cp "$WORK/$name" "$OUT/$name.tmp"
    mv "$OUT/$name.tmp" "$OUT/$name"
    log "wrote $OUT/$name"
}

tf init -input=false -no-color >&2

# --- terraform test: the committed test file alone, then with a script-only file that fails one assertion ----------
cat >"$ROOT/tests/zz_failing.tftest.hcl" <<'HCL'
# Written by scripts/make-doc-fixtures.sh only (never committed under examples/): one run that passes and one whose
# second assertion fails on purpose, so the test report has a failure to show.
run "catalog" {
  command = plan

  assert {
    condition     = output.network.name_ja == "鳴門市"
    error_message = "the catalog should name naruto 鳴門市"
  }
}

run "deliberately_failing" {
  command = plan

  assert {
    condition     = output.network.connection == "lgcs"
    error_message = "鳴門市 reaches the Government Cloud over LGCS"
  }

  assert {
    condition     = output.network.connection == "private_line"
    error_message = "deliberate failure for the test report fixture: naruto is on LGCS, not a private line"
  }
}
HCL
save test.json tf test -json -no-color -filter=tests/hub.tftest.hcl
# exit status 1 is the expected outcome here (one assertion fails); anything else is a real error
rc=0
tf test -json -no-color >"$WORK/test_failing.raw" || rc=$?
[[ $rc == 1 ]] || { log "terraform test with the failing file exited $rc (expected 1)"; exit 1; }
grep -q '"status":"fail"' "$WORK/test_failing.raw" || { log "no failing run in test_failing.json"; exit 1; }
save test_failing.json cat "$WORK/test_failing.raw"
mkdir -p "$OUT/tests"
for f in "$ROOT"/tests/*.tftest.hcl; do
    cp "$f" "$OUT/tests/$(basename "$f").tmp"
    mv "$OUT/tests/$(basename "$f").tmp" "$OUT/tests/$(basename "$f")"
    log "wrote $OUT/tests/$(basename "$f")"
done
rm "$ROOT/tests/zz_failing.tftest.hcl"

save schema.json tf providers schema -json

# --- create: plan, apply, state (naruto alone) ----------------------------------------------------------------------
# The fixtures hold the hubs only (the documents' hub sheets and their tests are written against them): the DNS
# resolver and the Private CA that the catalog has naruto, mima and aizumi order are switched off here.
cat >"$ROOT/zz_doc_options_override.tf" <<'HCL'
module "network" {
  dns_enabled        = false
  private_ca_enabled = false
}
HCL
tf plan -out="$WORK/create.tfplan" -input=false -no-color >&2
save plan_create.json tf show -json "$WORK/create.tfplan"
tf apply -input=false -no-color "$WORK/create.tfplan" >&2
save state.json tf show -json

# --- drift: changed outside Terraform with boto3, recorded by a refresh-only plan, then repaired -------------------
env -i PATH="$PATH" HOME="$WORK/home" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    python3 - "$WORK/state.json" "$PORT" <<'PY'
import json, sys
import boto3
state = json.load(open(sys.argv[1], encoding="utf-8"))
hub = [r for m in state["values"]["root_module"].get("child_modules", []) for r in m["resources"]
       if r["type"] == "gcnet_municipality_hub"][0]["values"]
kw = dict(endpoint_url=f"http://127.0.0.1:{sys.argv[2]}", region_name="ap-northeast-1",
          aws_access_key_id="testing", aws_secret_access_key="testing")
boto3.client("ram", **kw).disassociate_resource_share(resourceShareArn=hub["resource_share_arn"],
                                                      principals=["222222222222"])
boto3.client("ec2", **kw).disable_transit_gateway_route_table_propagation(
    TransitGatewayRouteTableId=hub["route_table_ids"]["asp"], TransitGatewayAttachmentId=hub["vpc_attachment_id"])
PY
tf plan -refresh-only -out="$WORK/drift.tfplan" -input=false -no-color >&2
save plan_drift.json tf show -json "$WORK/drift.tfplan"
tf plan -out="$WORK/repair.tfplan" -input=false -no-color >&2
save plan_repair.json tf show -json "$WORK/repair.tfplan"
tf apply -input=false -no-color "$WORK/repair.tfplan" >&2
tf plan -refresh-only -out="$WORK/nodrift.tfplan" -input=false -no-color >&2
save plan_nodrift.json tf show -json "$WORK/nodrift.tfplan"

# --- update: three more municipalities in the same root (their examples' ranges and ASNs), then
# four kinds of change ------------------------------------------------------------------------------------------
cat >"$ROOT/zz_doc_fixtures.tf" <<'HCL'
module "anan" {
  source          = "../modules/municipality"
  municipality    = "anan"
  vpc_cidr        = "10.4.0.0/16"
  amazon_side_asn = 64516

  dns_enabled        = false
  private_ca_enabled = false
}

module "mima" {
  source          = "../modules/municipality"
  municipality    = "mima"
  vpc_cidr        = "10.7.0.0/16"
  amazon_side_asn = 64519

  dns_enabled        = false
  private_ca_enabled = false
}

module "aizumi" {
  source          = "../modules/municipality"
  municipality    = "aizumi"
  vpc_cidr        = "10.20.0.0/16"
  amazon_side_asn = 64532

  dns_enabled        = false
  private_ca_enabled = false
}
HCL
tf get -no-color >&2
tf apply -auto-approve -input=false -no-color >&2

# naruto: a new tag and the ASP account IDs turned sensitive (update in place; share_with is then sensitive in the
# plan); anan: new vpc_cidr (replace); mima: module removed (delete); aizumi: untouched (no-op).
# (A sensitive value in `tags` would not do: Terraform drops the mark on the provider-computed `tags_all`, which
# then shows the value in plain, as with hashicorp/aws.)
cat >"$ROOT/zz_doc_fixtures.tf" <<'HCL'
module "anan" {
  source          = "../modules/municipality"
  municipality    = "anan"
  vpc_cidr        = "10.40.0.0/16"
  amazon_side_asn = 64516

  dns_enabled        = false
  private_ca_enabled = false
}

module "aizumi" {
  source          = "../modules/municipality"
  municipality    = "aizumi"
  vpc_cidr        = "10.20.0.0/16"
  amazon_side_asn = 64532

  dns_enabled        = false
  private_ca_enabled = false
}
HCL
cat >"$ROOT/zz_doc_fixtures_override.tf" <<'HCL'
variable "asp_account_ids" {
  sensitive = true
}

module "network" {
  tags = {
    owner = "council"
  }
}

# the module's outputs now carry the (sensitive) ASP accounts
output "network" {
  sensitive = true
}
HCL
tf plan -out="$WORK/update.tfplan" -input=false -no-color >&2
save plan_update.json tf show -json "$WORK/update.tfplan"
tf apply -input=false -no-color "$WORK/update.tfplan" >&2
save state_update.json tf show -json

# --- services: naruto as the catalog orders it (hub, DNS resolver, Private CA) plus one certificate and one ASP ----
# A second moto and a second copy of examples/, so these objects share nothing with the hubs above.
local_aws_stop
SVC="$WORK/services"
mkdir -p "$SVC"
local_aws_start "$SVC" "$PROVIDER_DIR"
cp -r "$REPO/examples" "$SVC/examples"
SROOT="$SVC/examples/naruto"
local_aws_prepare_root "$SROOT"
stf() { local_aws_tf "$SROOT" "$@"; }
# the certificate's request: a throwaway key (never kept), CN of the operations portal
openssl req -new -newkey rsa:2048 -nodes -keyout /dev/null -subj "/CN=portal.naruto.lg.local/O=Naruto City/C=JP" \
    -out "$SROOT/portal.csr.pem" 2>/dev/null
cat >"$SROOT/zz_doc_services.tf" <<'HCL'
resource "gcnet_certificate" "portal" {
  certificate_authority_arn   = module.network.private_ca_arn
  certificate_signing_request = file("portal.csr.pem")
  validity_days               = 397
  early_renewal_days          = 30
}
HCL
stf init -input=false -no-color >&2
stf plan -out="$SVC/services.tfplan" -input=false -no-color >&2
save plan_services.json stf show -json "$SVC/services.tfplan"
stf apply -input=false -no-color "$SVC/services.tfplan" >&2
# The ASP (account 111111111111, one of naruto's share_with) attaches its own VPC to the shared TGW with boto3, as
# tests/e2e/test_asp_connection.py does (moto's cross-account attachment patch); gcnet then accepts and wires it.
stf show -json >"$SVC/state1.json"
ATTACHMENT="$(env -i PATH="$PATH" HOME="$SVC/home" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    python3 - "$SVC/state1.json" "$PORT" <<'PY'
import json, sys
import boto3
state = json.load(open(sys.argv[1], encoding="utf-8"))
hub = [r for m in state["values"]["root_module"].get("child_modules", []) for r in m["resources"]
       if r["type"] == "gcnet_municipality_hub"][0]["values"]
ec2 = boto3.client("ec2", endpoint_url=f"http://127.0.0.1:{sys.argv[2]}", region_name="ap-northeast-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
ec2.meta.events.register("before-sign.ec2.*",
                         lambda request, **kw: request.headers.__setitem__("x-moto-account-id", "111111111111"))
vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.1.0/24")["Subnet"]["SubnetId"]
att = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=hub["transit_gateway_id"], VpcId=vpc,
                                                SubnetIds=[subnet])
print(att["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"])
PY
)"
cat >>"$SROOT/zz_doc_services.tf" <<HCL

resource "gcnet_asp_connection" "vendor_a" {
  hub_id           = module.network.transit_gateway_id
  name             = "naruto-vendor-a"
  vendor           = "Vendor A"
  method           = "transit_gateway"
  attachment_id    = "$ATTACHMENT"
  cidrs            = ["10.50.0.0/16"]
  business_systems = ["resident_records", "electoral_roll"]
}
HCL
# The premises' link: naruto's Direct Connect gateway (the LGCS carrier's hosted VIF lands on it), made with boto3 as
# examples/modules/municipality/testing/carrier_side does; its ID goes in as onprem_link, so the module builds the
# link (gcnet_onprem_link, method dx_gateway) in the same plan as the connection.
DX_GATEWAY="$(env -i PATH="$PATH" HOME="$SVC/home" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    python3 - "$PORT" <<'PY'
import sys
import boto3
dx = boto3.client("directconnect", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="ap-northeast-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
print(dx.create_direct_connect_gateway(directConnectGatewayName="naruto-lgcs",
                                       amazonSideAsn=64600)["directConnectGateway"]["directConnectGatewayId"])
PY
)"
cat >"$SROOT/zz_doc_link.auto.tfvars.json" <<JSON
{"onprem_link": {"method": "dx_gateway", "dx_gateway_id": "$DX_GATEWAY"}}
JSON
stf plan -out="$SVC/connection.tfplan" -input=false -no-color >&2
save plan_connection.json stf show -json "$SVC/connection.tfplan"
stf apply -input=false -no-color "$SVC/connection.tfplan" >&2
save state_services.json stf show -json

log "done"
