"""Crash and lost-answer tests of every gcnet resource (issue 9 section 1, "No orphan, ever"): real terraform 1.11.4,
the built provider, patched moto (tests/moto/serve.py: fault rules with "skip", "delay_ms" and "lost"), boto3 checks.

Run: python3 -m unittest -v tests/e2e/test_crash.py        (sampled kill points, see below)
     GCNET_CRASH_FULL=1 python3 -m unittest -v tests/e2e/test_crash.py     (every request of every create)
     GCNET_CRASH_ONLY=hub,private_ca ...                   (only these table entries)

How it works, per table entry (SUBJECTS below; one moto and one work dir each):
  1. prerequisites (boto3, or a `terraform apply -target` of what the subject needs) are made once;
  2. a clean `apply -target=<subject>` is recorded in moto's request log: every request of it is a kill point
     (service, action, n = how many requests of that service and action came before it); the live objects are
     counted with boto3 (`live`), then `destroy -target` must bring the count back to the baseline;
  3. kill: a fault rule holds the point's request (`skip` n, `delay_ms`), the provider is SIGKILLed while moto
     serves it (so the request acts and its answer is lost with the process), moto's log says when it has acted;
     then the next `apply` must succeed with no manual step, the plan must be clean, the live objects must be
     those of a clean create (no duplicate), and `destroy` must bring them back to the baseline;
  4. lost answer: the point's request acts in moto and its answer is replaced by a 500 ("lost": true); the apply
     must succeed (a later apply is allowed only where the table says so), the plan must be clean, no duplicate,
     and destroy must leave the baseline.

Sampling (default): the first request of each distinct (service, action) of the create, so every kind of request is
hit once; GCNET_CRASH_FULL=1 sweeps every request. A new resource joins by one `Subject` entry: its prerequisites
(`setup`), its configuration (`config`), and `live`, what boto3 sees of the objects it makes (a dict of kind ->
list of ids; kinds are compared by count against a clean create and against the baseline before it).
"""

import os
import signal
import subprocess
import sys
import time
import traceback
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gcnet_e2e as e2e  # noqa: E402
from test_faults import s_children_named  # noqa: E402

HOLD_MS = 2500  # how long a kill point's request is held in moto before moto serves it (the kill lands inside)
FULL = os.environ.get("GCNET_CRASH_FULL") == "1"
FAILFAST = os.environ.get("GCNET_CRASH_VERBOSE") == "1"  # print each failure as it happens
ONLY = [s for s in os.environ.get("GCNET_CRASH_ONLY", "").split(",") if s]


def s_live_state(items, key="State", gone=("deleted", "deleting", "DELETED", "DELETING", "failed")):
    return [i for i in items if i.get(key) not in gone]


def s_ram_shares(moto):
    return sorted(s["resourceShareArn"] for s in moto.client("ram").get_resource_shares(resourceOwner="SELF")
                  ["resourceShares"] if s["status"] not in ("DELETED", "DELETING"))


# ---- the subjects ------------------------------------------------------------------------------------------------

class Subject:
    """One table entry: a resource (and method) that must survive a kill and a lost answer at every request of its
    create. `setup(t)` makes the prerequisites and returns a context dict; `config(ctx)` the root module;
    `live(t, ctx)` what boto3 sees of the objects the subject makes (kind -> ids); `fresh(t, ctx)` (optional) is
    called before each create (e.g. a new ASP attachment waiting for acceptance)."""

    def __init__(self, name, address, config, live, setup=None, fresh=None, prereq_targets=(), known=None,
                 default=True, from_first_write=False):
        """`known`: {(kind, action): why} points that fail today (each must still fail: a fixed one is reported so
        that its entry is removed). `default` False: run only when GCNET_CRASH_ONLY names the entry.
        `from_first_write`: the sampled points start at the create's first write (the reads before it load the hub
        and look for what an earlier create left; a kill there leaves nothing and the other entries sample the same
        reads); GCNET_CRASH_FULL=1 still sweeps every request."""
        self.known = dict(known or {})
        self.from_first_write = from_first_write
        self.default = default
        self.name = name
        self.address = address
        self.config = config
        self.live = live
        self.setup = setup or (lambda t: {})
        self.fresh = fresh
        self.prereq_targets = prereq_targets


# hub ---------------------------------------------------------------------------------------------------------------
HUB_ARGS = {"municipality": "naruto", "vpc_cidr": "10.30.0.0/16", "share_with": ["111111111111"],
            "tags": {"Env": "crash"}}


def hub_config(ctx):
    return e2e.hub_config(label="x", outputs=False, **HUB_ARGS)


def hub_live(t, ctx):
    ec2 = t.moto.client("ec2")
    tgws = [g["TransitGatewayId"] for g in s_live_state(ec2.describe_transit_gateways()["TransitGateways"])
            if "gcnet:municipality" in e2e.tags_dict(g.get("Tags"))]
    vpcs = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == HUB_ARGS["vpc_cidr"]]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s["VpcId"] in vpcs]
    rts = [r["TransitGatewayRouteTableId"] for r in
           s_live_state(ec2.describe_transit_gateway_route_tables()["TransitGatewayRouteTables"])
           if r["TransitGatewayId"] in tgws or "gcnet:routing-domain" in e2e.tags_dict(r.get("Tags"))]
    atts = [a["TransitGatewayAttachmentId"] for a in
            s_live_state(ec2.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"])
            if a["VpcId"] in vpcs]
    return {"tgw": tgws, "vpc": vpcs, "subnet": subnets, "tgw_route_table": rts, "vpc_attachment": atts,
            "ram_share": s_ram_shares(t.moto)}


# dns_resolver ------------------------------------------------------------------------------------------------------
def dns_setup(t):
    ec2 = t.moto.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=c, AvailabilityZone=z)["Subnet"]["SubnetId"]
               for c, z in (("10.2.0.0/18", "ap-northeast-1a"), ("10.2.128.0/18", "ap-northeast-1c"))]
    r53 = t.moto.client("route53", region="us-east-1")
    other = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    zone = r53.create_hosted_zone(Name="asp.example", CallerReference="crash-1",
                                  HostedZoneConfig={"PrivateZone": True},
                                  VPC={"VPCRegion": e2e.REGION, "VPCId": other})["HostedZone"]["Id"].split("/")[-1]
    return {"vpc": vpc, "subnets": subnets, "zone": zone}


def dns_config(ctx):
    from test_dns_resolver import resolver_config
    return resolver_config(ctx["vpc"], ctx["subnets"], ctx["zone"])


def dns_live(t, ctx):
    ec2, r53r = t.moto.client("ec2"), t.moto.client("route53resolver")
    r53 = t.moto.client("route53", region="us-east-1")
    zone_vpcs = [v["VPCId"] for v in r53.get_hosted_zone(Id=ctx["zone"])["VPCs"] if v["VPCId"] == ctx["vpc"]]
    return {
        "security_group": [g["GroupId"] for g in ec2.describe_security_groups(
            Filters=[{"Name": "vpc-id", "Values": [ctx["vpc"]]}])["SecurityGroups"] if g["GroupName"] != "default"],
        "resolver_endpoint": [e["Id"] for e in s_live_state(r53r.list_resolver_endpoints()["ResolverEndpoints"],
                                                            key="Status")],
        "resolver_rule": [r["Id"] for r in r53r.list_resolver_rules()["ResolverRules"] if r["RuleType"] != "RECURSIVE"],
        "rule_association": [a["Id"] for a in r53r.list_resolver_rule_associations()["ResolverRuleAssociations"]
                             if a.get("Status") not in ("DELETING",) and a["VPCId"] == ctx["vpc"]],
        "zone_association": zone_vpcs,
        "ram_share": s_ram_shares(t.moto),
    }


# private_ca --------------------------------------------------------------------------------------------------------
def ca_config(ctx):
    from test_private_ca import CONFIG
    return CONFIG


def ca_live(t, ctx):
    pca = t.moto.client("acm-pca")
    cas = [c["Arn"] for c in pca.list_certificate_authorities()["CertificateAuthorities"]
           if c["Status"] not in ("DELETED",)]
    perms = [p["CertificateAuthorityArn"] + "/" + p["Principal"] for arn in cas
             for p in pca.list_permissions(CertificateAuthorityArn=arn).get("Permissions", [])]
    return {"certificate_authority": cas, "acm_permission": perms, "ram_share": s_ram_shares(t.moto)}


# certificate -------------------------------------------------------------------------------------------------------
def cert_setup(t):
    proc = subprocess.run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "ops.key", "-out",
                           "ops.csr.pem", "-subj", "/CN=ops.naruto.example/O=Naruto City"], cwd=t.wd.path,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("openssl req: " + proc.stdout + proc.stderr)
    return {}


def cert_config(ctx):
    from test_certificate import config
    return config()


def cert_live(t, ctx):
    # PCA cannot list a CA's certificates; what a certificate leaves behind is judged by its state and by the
    # revocations moto recorded (serve.py acmpca_revocations): every certificate in state was revoked by destroy.
    st = t.wd.state_resource("gcnet_certificate.ops")
    return {"certificate_in_state": [st["arn"]] if st else []}


# asp_connection: transit_gateway -----------------------------------------------------------------------------------
ASP_ACCOUNT = "222222222222"


def s_asp_client(moto, service, account=ASP_ACCOUNT):
    client = moto.client(service)
    client.meta.events.register("before-sign", lambda request, **kw: request.headers.__setitem__(
        "x-moto-account-id", account))
    return client


def tgw_conn_setup(t):
    return {"attachment": None}


def tgw_conn_fresh(t, ctx):
    """A new ASP VPC attached to the hub's TGW, waiting for acceptance (each create starts from there)."""
    tgw = t.wd.state_resource("gcnet_municipality_hub.h")["id"]
    ec2 = s_asp_client(t.moto, "ec2")
    n = ctx.setdefault("n", 0)
    ctx["n"] = n + 1
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.%d.0/24" % (n % 250))["Subnet"]["SubnetId"]
    att = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])
    ctx["attachment"] = att["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]


def tgw_conn_config(ctx):
    from test_asp_connection import asp_args, config
    return config([("c", asp_args("a", ctx["attachment"] or "tgw-attach-00000000000000000"))])


def tgw_conn_live(t, ctx):
    ec2 = t.moto.client("ec2")
    hub = t.wd.state_resource("gcnet_municipality_hub.h")
    att = ctx["attachment"]
    out = {"association": [], "propagation": [], "static_route": [], "ops_vpc_route": [], "gcnet_tag": []}
    for domain, rt in sorted(hub["route_table_ids"].items()):
        out["association"] += [domain for a in ec2.get_transit_gateway_route_table_associations(
            TransitGatewayRouteTableId=rt)["Associations"] if a["TransitGatewayAttachmentId"] == att
            and a["State"] == "associated"]
        out["propagation"] += [domain for p in ec2.get_transit_gateway_route_table_propagations(
            TransitGatewayRouteTableId=rt)["TransitGatewayRouteTablePropagations"]
            if p["TransitGatewayAttachmentId"] == att and p["State"] == "enabled"]
        out["static_route"] += [domain + ":" + r["DestinationCidrBlock"] for r in ec2.search_transit_gateway_routes(
            TransitGatewayRouteTableId=rt, Filters=[{"Name": "type", "Values": ["static"]}])["Routes"]
            if r["State"] != "deleted"]
    for table in ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [hub["vpc_id"]]}])["RouteTables"]:
        out["ops_vpc_route"] += [r["DestinationCidrBlock"] for r in table["Routes"] if r.get("TransitGatewayId")]
    desc = ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=[att])["TransitGatewayAttachments"]
    out["gcnet_tag"] = [k for d in desc for k in e2e.tags_dict(d.get("Tags")) if k.startswith("gcnet:")]
    return out


# asp_connection: privatelink ---------------------------------------------------------------------------------------
def pl_setup(t):
    ec2, elb = s_asp_client(t.moto, "ec2"), s_asp_client(t.moto, "elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.80.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.80.1.0/24")["Subnet"]["SubnetId"]
    nlb = elb.create_load_balancer(Name="vendor-p", Type="network", Subnets=[subnet])["LoadBalancers"][0]
    svc = ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[nlb["LoadBalancerArn"]],
                                                        AcceptanceRequired=True)["ServiceConfiguration"]
    return {"service": svc["ServiceName"]}


def pl_config(ctx):
    from test_asp_connection import MIMA
    from test_asp_connection import pl_args
    block = e2e.resource_block("gcnet_asp_connection", "p", pl_args(ctx["service"]))
    block = block.replace('"$${gcnet_municipality_hub.m.id}"', "gcnet_municipality_hub.m.id")
    return "\n".join([e2e.TERRAFORM_BLOCK, e2e.provider_block(), "",
                      e2e.resource_block("gcnet_municipality_hub", "m", MIMA), block]) + "\n"


def pl_live(t, ctx):
    ec2 = t.moto.client("ec2")
    vpc = t.wd.state_resource("gcnet_municipality_hub.m")["vpc_id"]
    flt = [{"Name": "vpc-id", "Values": [vpc]}]
    return {
        "vpc_endpoint": [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints(Filters=flt)["VpcEndpoints"]
                         if e["State"].lower() not in ("deleted", "deleting")],
        "security_group": [g["GroupId"] for g in ec2.describe_security_groups(Filters=flt)["SecurityGroups"]
                           if g["GroupName"] != "default"],
    }


# onprem_link: dx_gateway ------------------------------------------------------------------------------------------
def dx_setup(t):
    """The municipality's Direct Connect gateway (serve.py patch directconnect_gateways), as the carrier leaves it."""
    gw = t.moto.client("directconnect").create_direct_connect_gateway(
        directConnectGatewayName="lgcs", amazonSideAsn=64600)["directConnectGateway"]
    return {"dxgw": gw["directConnectGatewayId"]}


def dx_config(ctx):
    from test_onprem_link import config, link_args
    return config([("l", link_args(ctx["dxgw"]))])


def dx_live(t, ctx):
    dx, ec2 = t.moto.client("directconnect"), t.moto.client("ec2")
    hub = t.wd.state_resource("gcnet_municipality_hub.h")
    out = {"dx_association": [a["associationId"] for a in dx.describe_direct_connect_gateway_associations(
        directConnectGatewayId=ctx["dxgw"])["directConnectGatewayAssociations"]
        if a["associationState"] not in ("disassociating", "disassociated")]}
    atts = [a["TransitGatewayAttachmentId"] for a in s_live_state(ec2.describe_transit_gateway_attachments(
        Filters=[{"Name": "resource-type", "Values": ["direct-connect-gateway"]}])["TransitGatewayAttachments"])]
    out["dx_attachment"] = atts
    out["association"], out["propagation"] = [], []
    for domain, rt in sorted(hub["route_table_ids"].items()):
        out["association"] += [domain for a in ec2.get_transit_gateway_route_table_associations(
            TransitGatewayRouteTableId=rt)["Associations"] if a["TransitGatewayAttachmentId"] in atts
            and a["State"] == "associated"]
        out["propagation"] += [domain for p in ec2.get_transit_gateway_route_table_propagations(
            TransitGatewayRouteTableId=rt)["TransitGatewayRouteTablePropagations"]
            if p["TransitGatewayAttachmentId"] in atts and p["State"] == "enabled"]
    out["ops_vpc_route"] = [r["DestinationCidrBlock"] for table in ec2.describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [hub["vpc_id"]]}])["RouteTables"] for r in table["Routes"]
        if r.get("TransitGatewayId")]
    return out


def s_tgw_wiring(t, hub, atts):
    """The hub's side of attachments `atts`: route-table associations and propagations, static routes toward them
    (kind: domain, domain:cidr), and the ops VPC's routes toward the TGW."""
    ec2 = t.moto.client("ec2")
    out = {"association": [], "propagation": [], "static_route": []}
    for domain, rt in sorted(hub["route_table_ids"].items()):
        out["association"] += [domain for a in ec2.get_transit_gateway_route_table_associations(
            TransitGatewayRouteTableId=rt)["Associations"] if a["TransitGatewayAttachmentId"] in atts
            and a["State"] == "associated"]
        out["propagation"] += [domain for p in ec2.get_transit_gateway_route_table_propagations(
            TransitGatewayRouteTableId=rt)["TransitGatewayRouteTablePropagations"]
            if p["TransitGatewayAttachmentId"] in atts and p["State"] == "enabled"]
        out["static_route"] += [domain + ":" + r["DestinationCidrBlock"] for r in ec2.search_transit_gateway_routes(
            TransitGatewayRouteTableId=rt, Filters=[{"Name": "type", "Values": ["static"]}])["Routes"]
            if r["State"] != "deleted" and {a.get("TransitGatewayAttachmentId") for a in
                                            r.get("TransitGatewayAttachments") or []} & set(atts)]
    out["ops_vpc_route"] = [r["DestinationCidrBlock"] for table in ec2.describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [hub["vpc_id"]]}])["RouteTables"] for r in table["Routes"]
        if r.get("TransitGatewayId")]
    return out


def s_gcnet_tags(t, atts):
    ec2 = t.moto.client("ec2")
    desc = ec2.describe_transit_gateway_attachments(TransitGatewayAttachmentIds=atts)["TransitGatewayAttachments"] \
        if atts else []
    return [d["TransitGatewayAttachmentId"] + ":" + k for d in desc for k in e2e.tags_dict(d.get("Tags"))
            if k.startswith("gcnet:")]


# asp_connection: tgw_peering (gcnet creates the peering to the ASP's TGW; it waits for the ASP's acceptance) -------
def asp_peer_setup(t):
    """The ASP's Transit Gateway in Osaka (test_asp_connection AspPeeringTest's ASP p)."""
    from test_asp_connection import PEER_A
    ec2 = t.moto.client_as(PEER_A[0], "ec2", region=PEER_A[1])
    return {"peer_tgw": ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]}


def asp_peer_config(ctx):
    from test_asp_connection import PEER_A, peer_args, refs_config
    return refs_config([("p", peer_args("naruto-p", PEER_A[2], PEER_A[0], PEER_A[1], ctx["peer_tgw"]))])


def asp_peer_live(t, ctx):
    """Peering attachments on the hub's TGW (the ASP's side is the same object) and the wiring toward them (none
    while it waits for the ASP)."""
    ec2 = t.moto.client("ec2")
    hub = t.wd.state_resource("gcnet_municipality_hub.h")
    atts = [a["TransitGatewayAttachmentId"] for a in s_live_state(ec2.describe_transit_gateway_attachments(
        Filters=[{"Name": "resource-type", "Values": ["peering"]}])["TransitGatewayAttachments"],
        gone=("deleted", "deleting", "failed", "rejected", "rejecting"))]
    out = s_tgw_wiring(t, hub, atts)
    out["peering"] = atts
    return out


# onprem_link: tgw_peering (the carrier's peering to the hub, accepted and routed by gcnet) --------------------------
def onprem_peer_setup(t):
    from test_onprem_link import CARRIER
    ec2 = t.moto.client_as(CARRIER, "ec2")
    return {"carrier_tgw": ec2.create_transit_gateway(Description="carrier")["TransitGateway"]["TransitGatewayId"],
            "attachment": None}


def onprem_peer_fresh(t, ctx):
    """A new peering from the carrier's TGW to the hub's, waiting for acceptance (each create starts from there)."""
    from test_onprem_link import CARRIER
    tgw = t.wd.state_resource("gcnet_municipality_hub.h")["id"]
    made = t.moto.client_as(CARRIER, "ec2").create_transit_gateway_peering_attachment(
        TransitGatewayId=ctx["carrier_tgw"], PeerTransitGatewayId=tgw, PeerAccountId=e2e.ACCOUNT_ID,
        PeerRegion=e2e.REGION)["TransitGatewayPeeringAttachment"]
    ctx["attachment"] = made["TransitGatewayAttachmentId"]


def onprem_peer_config(ctx):
    from test_onprem_link import config, peering_args
    return config([("p", peering_args(ctx["attachment"] or "tgw-attach-00000000000000000"))])


def onprem_peer_live(t, ctx):
    hub = t.wd.state_resource("gcnet_municipality_hub.h")
    atts = [ctx["attachment"]] if ctx["attachment"] else []
    out = s_tgw_wiring(t, hub, atts)
    out["gcnet_tag"] = s_gcnet_tags(t, atts)
    return out


# onprem_link: dx_proposal (the carrier's Direct Connect gateway; gcnet proposes, the link waits for the carrier) ---
def dx_prop_setup(t):
    from test_onprem_link import CARRIER
    carrier = t.moto.client_as(CARRIER, "directconnect")
    gw = carrier.create_direct_connect_gateway(directConnectGatewayName="carrier")["directConnectGateway"]
    return {"dxgw": gw["directConnectGatewayId"], "carrier": carrier}


def dx_prop_config(ctx):
    from test_onprem_link import config, proposal_args
    return config([("l", proposal_args(ctx["dxgw"]))])


def dx_prop_live(t, ctx):
    carrier = ctx["carrier"]
    props = carrier.describe_direct_connect_gateway_association_proposals(
        directConnectGatewayId=ctx["dxgw"])["directConnectGatewayAssociationProposals"]
    assocs = carrier.describe_direct_connect_gateway_associations(
        directConnectGatewayId=ctx["dxgw"])["directConnectGatewayAssociations"]
    return {"requested_proposal": [p["proposalId"] for p in props if p["proposalState"] == "requested"],
            "dx_association": [a["associationId"] for a in assocs
                               if a["associationState"] not in ("disassociating", "disassociated")]}


# onprem_link: vpn (a customer gateway and a Site-to-Site VPN on the hub's TGW) -------------------------------------
def vpn_config(ctx):
    from test_onprem_link import config, vpn_args
    return config([("v", vpn_args())])


def vpn_live(t, ctx):
    ec2 = t.moto.client("ec2")
    hub = t.wd.state_resource("gcnet_municipality_hub.h")
    cgws = [c["CustomerGatewayId"] for c in s_live_state(ec2.describe_customer_gateways()["CustomerGateways"])]
    vpns = [v["VpnConnectionId"] for v in s_live_state(ec2.describe_vpn_connections()["VpnConnections"])]
    atts = [a["TransitGatewayAttachmentId"] for a in s_live_state(ec2.describe_transit_gateway_attachments(
        Filters=[{"Name": "resource-type", "Values": ["vpn"]}])["TransitGatewayAttachments"])]
    out = s_tgw_wiring(t, hub, atts)
    out.update({"customer_gateway": cgws, "vpn_connection": vpns, "vpn_attachment": atts})
    return out


# Known gaps, found by the sweep and not fixed (README "Crashes and lost answers"), as {(kind, action): why}. Each
# must still fail: a point that passes makes the test fail until its entry is removed. The hub's and resolver's
# kill after the create's last request (DeleteTags of the unfinished marker) is closed by the create journal
# (framework/gc_journal.h): no entry is left.
HUB_KNOWN = {}
DNS_KNOWN = {}
# The transit_gateway method's sweep found a lost accept, a lost propagation (moto patch ec2_tgw_propagation_duplicate,
# Duplicate accepted), a kill after the ops VPC route (the overlap check now knows the attachment's tagged cidrs) and a
# lost CreateRoute (RouteAlreadyExists toward the hub's TGW is success): all fixed.
TGW_CONN_KNOWN = {}

SUBJECTS = [
    Subject("hub", "gcnet_municipality_hub.x", hub_config, hub_live, known=HUB_KNOWN),
    Subject("dns_resolver", "gcnet_dns_resolver.x", dns_config, dns_live, setup=dns_setup, known=DNS_KNOWN),
    Subject("private_ca", "gcnet_private_ca.root", ca_config, ca_live),
    Subject("certificate", "gcnet_certificate.ops", cert_config, cert_live, setup=cert_setup,
            prereq_targets=("gcnet_private_ca.root",)),
    Subject("asp_connection_transit_gateway", "gcnet_asp_connection.c", tgw_conn_config, tgw_conn_live,
            setup=tgw_conn_setup, fresh=tgw_conn_fresh, prereq_targets=("gcnet_municipality_hub.h",),
            known=TGW_CONN_KNOWN),
    Subject("asp_connection_privatelink", "gcnet_asp_connection.p", pl_config, pl_live, setup=pl_setup,
            prereq_targets=("gcnet_municipality_hub.m",)),
    Subject("onprem_link_dx_gateway", "gcnet_onprem_link.l", dx_config, dx_live, setup=dx_setup,
            prereq_targets=("gcnet_municipality_hub.h",)),
    # the methods below share the hub's reads and the plan's with the entries above: their sampled points start at
    # the create's first write (from_first_write; GCNET_CRASH_FULL=1 sweeps all)
    Subject("asp_connection_tgw_peering", "gcnet_asp_connection.p", asp_peer_config, asp_peer_live,
            setup=asp_peer_setup, prereq_targets=("gcnet_municipality_hub.h",), from_first_write=True),
    Subject("onprem_link_tgw_peering", "gcnet_onprem_link.p", onprem_peer_config, onprem_peer_live,
            setup=onprem_peer_setup, fresh=onprem_peer_fresh, prereq_targets=("gcnet_municipality_hub.h",),
            from_first_write=True),
    Subject("onprem_link_dx_proposal", "gcnet_onprem_link.l", dx_prop_config, dx_prop_live, setup=dx_prop_setup,
            prereq_targets=("gcnet_municipality_hub.h",), from_first_write=True),
    Subject("onprem_link_vpn", "gcnet_onprem_link.v", vpn_config, vpn_live,
            prereq_targets=("gcnet_municipality_hub.h",), from_first_write=True),
]


# ---- the machinery -----------------------------------------------------------------------------------------------

def s_counts(live):
    return {kind: len(ids) for kind, ids in sorted(live.items())}


READ_PREFIXES = ("describe", "get", "list", "search")


def s_kill_points(requests, full, from_first_write=False):
    """(service, action, n) of each request of a create; sampled: the first of each distinct (service, action)
    (with `from_first_write`: the first of each from the create's first request that is not a read on)."""
    seen, sampled, points, writing = {}, set(), [], not from_first_write
    for r in requests:
        key = (r["service"], r["action"].lower())
        n = seen.get(key, 0)
        seen[key] = n + 1
        writing = writing or not key[1].startswith(READ_PREFIXES)
        if full or (writing and key not in sampled):
            sampled.add(key)
            points.append((r["service"], r["action"], n))
    return points


class CrashRun:
    """What one subject's test uses: its moto, work dir and context."""

    def __init__(self, test, subject):
        self.test = test
        self.subject = subject
        self.moto = e2e.Moto().start()
        self.wd = e2e.TfWorkdir(self.moto, prefix="gcnet-e2e-crash-%s-" % subject.name)
        self.ctx = {}

    def stop(self):
        self.wd.cleanup()
        self.moto.stop()

    def write(self):
        self.wd.write(self.subject.config(self.ctx))

    def tf(self, verb, *extra):
        args = [verb, "-no-color", "-input=false"]
        if verb in ("apply", "destroy"):
            args.append("-auto-approve")
        if verb == "plan":
            args.append("-detailed-exitcode")
        return self.wd.tf(*args, "-target=" + self.subject.address, *extra)

    def live(self):
        return self.subject.live(self, self.ctx)

    def matching(self, service, action):
        return [r for r in self.moto.requests() if r["service"] == service and r["action"].lower() == action.lower()]

    def before_create(self):
        if self.subject.fresh:
            self.subject.fresh(self, self.ctx)
            self.write()

    def check_converged(self, what, clean_counts, baseline):
        t = self.test
        res = self.tf("plan")
        t.assertEqual(res.rc, 0, "%s: the plan after the apply is not clean\n%s" % (what, res))
        t.assertEqual(s_counts(self.live()), clean_counts, "%s: not the objects of a clean create (a duplicate or "
                      "a missing object)" % what)
        res = self.tf("destroy")
        t.assertEqual(res.rc, 0, "%s: destroy failed\n%s" % (what, res))
        t.assertEqual(s_counts(self.live()), baseline, "%s: destroy left something behind" % what)

    def kill_at(self, service, action, n):
        """Holds the n-th (0-based) request of (service, action) and SIGKILLs the provider while moto serves it."""
        self.moto.reset_requests()
        self.moto.add_fault(action=action, service=service, skip=n, count=1, delay_ms=HOLD_MS)
        proc = subprocess.Popen(["terraform", "apply", "-no-color", "-input=false", "-auto-approve",
                                 "-target=" + self.subject.address], cwd=self.wd.path, env=self.wd.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        held = None
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                reqs = self.matching(service, action)
                if len(reqs) > n:
                    held = reqs[n]
                    break
                time.sleep(0.05)
            if held is not None:
                for pid in s_children_named(proc.pid, e2e.PROVIDER_BIN_NAME):
                    os.kill(pid, signal.SIGKILL)
            out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        self.moto.clear_faults()
        self.test.assertIsNotNone(held, "the create never sent request %d of %s %s (rc %s)\n%s%s" % (
            n, service, action, proc.returncode, out[-3000:], err[-3000:]))
        self.test.assertNotEqual(proc.returncode, 0, "the killed apply fails")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the held request is still served by moto after the kill
            if self.matching(service, action)[n].get("answered"):
                break
            time.sleep(0.05)

    def lost_at(self, service, action, n):
        """Applies with the n-th request of (service, action) acting in moto but answered by a 500."""
        self.moto.reset_requests()
        self.moto.add_fault(action=action, service=service, skip=n, count=1, lost=True)
        res = self.tf("apply")
        left = self.moto.clear_faults()
        hit = [r for r in self.matching(service, action) if r.get("lost")]
        return res, hit, left


class CrashTest(unittest.TestCase):
    """One test per table entry; each kill point and lost-answer point is a subTest."""

    def setUp(self):
        e2e.assert_provider_built(self)

    def start(self, subject):
        """A fresh moto and work dir with the subject's prerequisites."""
        t = CrashRun(self, subject)
        self.addCleanup(t.stop)
        t.ctx = subject.setup(t) or {}
        t.write()
        if subject.prereq_targets:
            res = t.wd.tf("apply", "-no-color", "-input=false", "-auto-approve",
                          *["-target=" + a for a in subject.prereq_targets])
            self.assertEqual(res.rc, 0, str(res))
        return t

    def one_point(self, t, kind, service, action, n, clean):
        t.before_create()
        base = s_counts(t.live())
        if kind == "kill":
            t.kill_at(service, action, n)
            res = t.tf("apply")
            self.assertEqual(res.rc, 0, "the apply after a kill at %s %s #%d did not converge\n%s" % (
                service, action, n, res))
        else:
            res, hit, left = t.lost_at(service, action, n)
            self.assertEqual(len(hit), 1, "the lost answer did not happen (rule left: %r)" % left)
            self.assertEqual(res.rc, 0, "a lost answer of %s %s #%d failed the apply\n%s" % (service, action, n, res))
        t.check_converged("%s at %s %s #%d" % (kind, service, action, n), clean, base)

    def run_subject(self, subject):
        t = self.start(subject)
        # the clean create: its request log gives the kill points
        t.before_create()
        baseline = s_counts(t.live())
        t.moto.reset_requests()
        res = t.tf("apply")
        self.assertEqual(res.rc, 0, str(res))
        create_log = t.moto.requests()
        clean = s_counts(t.live())
        self.assertNotEqual(clean, baseline, "the clean create made nothing boto3 sees")
        res = t.tf("destroy")
        self.assertEqual(res.rc, 0, str(res))
        self.assertEqual(s_counts(t.live()), baseline, "a clean destroy left something behind")
        points = s_kill_points(create_log, FULL, subject.from_first_write)
        sys.stderr.write("\n%s: %d requests in a clean create (%s), %d kill points%s\n" % (
            subject.name, len(create_log), " ".join(r["action"] for r in create_log), len(points),
            "" if FULL else " (sampled; GCNET_CRASH_FULL=1: all)"))
        for service, action, n in points:
            for kind in ("kill", "lost"):
                known = subject.known.get((kind, action))
                with self.subTest(kind=kind, service=service, action=action, n=n):
                    try:
                        self.one_point(t, kind, service, action, n, clean)
                    except BaseException:
                        if FAILFAST:
                            sys.stderr.write("\n%s at %s %s #%d failed:\n%s\n" % (
                                kind, service, action, n, traceback.format_exc()[-14000:]))
                        # what a failed point left would fail every later one: go on with a fresh moto
                        t.stop()
                        t = self.start(subject)
                        if known is None:
                            raise
                        self.skipTest("known gap: " + known)
                    if known is not None:
                        self.fail("the known gap at %s %s passes now: remove it from the table" % (kind, action))
        if subject.prereq_targets:
            res = t.wd.destroy()
            self.assertEqual(res.rc, 0, str(res))

def s_make_test(subject):
    def test(self):
        if ONLY and subject.name not in ONLY:
            self.skipTest("GCNET_CRASH_ONLY=%s" % ",".join(ONLY))
        if not ONLY and not subject.default:
            self.skipTest("not in the default run yet (not swept this session): GCNET_CRASH_ONLY=%s" % subject.name)
        self.run_subject(subject)
    test.__doc__ = "%s: kill and lost answer at each request of its create" % subject.name
    return test


for s_subject in SUBJECTS:
    setattr(CrashTest, "test_" + s_subject.name, s_make_test(s_subject))


if __name__ == "__main__":
    unittest.main(verbosity=2)
