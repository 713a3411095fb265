#!/usr/bin/env python3
"""Test-only: plays the ASPs (vendors) of a municipality's tests, as each ASP would act in its own account.

    asp_side.py create --transit-gateway-id tgw-… [--connections JSON] --out FILE [--region ap-northeast-1]
    asp_side.py delete --state FILE

`create` takes the module's asp_connections (JSON; its "method", "account_id", "cidrs") and, for each connection, in
the ASP's account (sts:AssumeRole into arn:aws:iam::<account_id>:role/$GCNET_ASP_ROLE, default
"gcnet-asp-standin"):
  transit_gateway  a VPC with the connection's ranges (one CIDR block each), a subnet in each of two zones and a VPC
                   attachment to the hub's shared Transit Gateway, which waits in pendingAcceptance for gcnet;
  privatelink      a VPC, a subnet, a network load balancer and an endpoint service behind it that accepts
                   connections without approval (100.64.0.0/16: the ASP's own range, never routed to the hub).
It writes FILE: {"<key>": {"attachment_id": …} or {"service_name": …}, …, "_objects": [what it made, for delete]}.
`delete` removes what `create` recorded in FILE, newest first; objects already gone are skipped.

Credentials and endpoint come from the environment as for any AWS SDK (AWS_ENDPOINT_URL for the local emulator,
where sts:AssumeRole switches accounts). In a real verification account the stand-in ASP accounts need that role.
Used by the examples' `terraform test` (testing/asp_side/main.tf), tests/e2e/test_examples.py and
scripts/main-job.sh.
"""

import argparse
import ipaddress
import json
import os
import sys
import time

import boto3


def session_for(account, region):
    role = "arn:aws:iam::%s:role/%s" % (account, os.environ.get("GCNET_ASP_ROLE", "gcnet-asp-standin"))
    creds = boto3.client("sts", region_name=region).assume_role(
        RoleArn=role, RoleSessionName="gcnet-asp-side")["Credentials"]
    return boto3.session.Session(aws_access_key_id=creds["AccessKeyId"],
                                 aws_secret_access_key=creds["SecretAccessKey"],
                                 aws_session_token=creds["SessionToken"], region_name=region)


def zones(ec2):
    names = sorted(z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]
                   if z.get("State", "available") == "available")
    return names[:2] if len(names) >= 2 else names * 2


def tags(key, vendor):
    return [{"Key": "Name", "Value": "asp-side-%s" % key}, {"Key": "vendor", "Value": vendor}]


def make_vpc(ec2, key, conn, cidrs, objects, account):
    spec = [{"ResourceType": "vpc", "Tags": tags(key, conn["vendor"])}]
    vpc = ec2.create_vpc(CidrBlock=cidrs[0], TagSpecifications=spec)["Vpc"]["VpcId"]
    objects.append({"account": account, "kind": "vpc", "id": vpc})
    for extra in cidrs[1:]:
        ec2.associate_vpc_cidr_block(VpcId=vpc, CidrBlock=extra)
    # two subnets: the two halves of the first range's first /24 … /28 (whatever the range allows)
    first = cidrs[0]
    prefix = first.split("/")[1]
    sub_prefix = min(int(prefix) + 1, 28)
    halves = list(ipaddress.ip_network(first).subnets(new_prefix=sub_prefix))[:2]
    subnets = []
    for cidr, az in zip(halves, zones(ec2)):
        sid = ec2.create_subnet(VpcId=vpc, CidrBlock=str(cidr), AvailabilityZone=az)["Subnet"]["SubnetId"]
        objects.append({"account": account, "kind": "subnet", "id": sid})
        subnets.append(sid)
    return vpc, subnets


def create(args):
    conns = json.loads(args.connections if args.connections is not None else os.environ["ASP_SIDE_CONNECTIONS"])
    out = {"_objects": []}
    objects = out["_objects"]
    for key in sorted(conns):
        conn = conns[key]
        session = session_for(conn["account_id"], args.region)
        ec2 = session.client("ec2")
        if conn.get("attachment_id") or conn.get("service_name"):
            continue  # this ASP has acted already
        if conn["method"] == "transit_gateway":
            vpc, subnets = make_vpc(ec2, key, conn, list(conn["cidrs"]), objects, conn["account_id"])
            att = ec2.create_transit_gateway_vpc_attachment(
                TransitGatewayId=args.transit_gateway_id, VpcId=vpc, SubnetIds=subnets,
                TagSpecifications=[{"ResourceType": "transit-gateway-attachment",
                                    "Tags": tags(key, conn["vendor"])}])["TransitGatewayVpcAttachment"]
            objects.append({"account": conn["account_id"], "kind": "attachment",
                            "id": att["TransitGatewayAttachmentId"]})
            out[key] = {"attachment_id": att["TransitGatewayAttachmentId"]}
        elif conn["method"] == "privatelink":
            vpc, subnets = make_vpc(ec2, key, conn, ["100.64.0.0/16"], objects, conn["account_id"])
            elb = session.client("elbv2")
            nlb = elb.create_load_balancer(Name=("asp-%s" % key)[:32], Type="network", Scheme="internal",
                                           Subnets=subnets[:1])["LoadBalancers"][0]["LoadBalancerArn"]
            objects.append({"account": conn["account_id"], "kind": "nlb", "id": nlb})
            svc = ec2.create_vpc_endpoint_service_configuration(
                NetworkLoadBalancerArns=[nlb], AcceptanceRequired=False)["ServiceConfiguration"]
            objects.append({"account": conn["account_id"], "kind": "service", "id": svc["ServiceId"]})
            out[key] = {"service_name": svc["ServiceName"]}
        else:
            sys.exit("asp_side: %s: method %r is not played here" % (key, conn["method"]))
    tmp = args.out + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(out, fh, indent=1, sort_keys=True)
    os.replace(tmp, args.out)
    print("asp_side: %d connection(s) prepared on %s" % (len(conns), args.transit_gateway_id))


def delete(args):
    if not os.path.exists(args.state):
        return
    with open(args.state) as fh:
        objects = json.load(fh).get("_objects", [])
    sessions = {}
    for obj in reversed(objects):
        if obj["account"] not in sessions:
            sessions[obj["account"]] = session_for(obj["account"], args.region)
        s = sessions[obj["account"]]
        ec2 = s.client("ec2")
        try:
            if obj["kind"] == "attachment":
                ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=obj["id"])
            elif obj["kind"] == "service":
                ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[obj["id"]])
            elif obj["kind"] == "nlb":
                s.client("elbv2").delete_load_balancer(LoadBalancerArn=obj["id"])
            elif obj["kind"] == "subnet":
                for _ in range(30):
                    try:
                        ec2.delete_subnet(SubnetId=obj["id"])
                        break
                    except ec2.exceptions.ClientError as e:
                        if e.response["Error"]["Code"] != "DependencyViolation":
                            raise
                        time.sleep(1)
            elif obj["kind"] == "vpc":
                ec2.delete_vpc(VpcId=obj["id"])
        except Exception as e:  # gone already: nothing to do
            code = getattr(e, "response", {}).get("Error", {}).get("Code", "")
            if "NotFound" not in code and "Invalid" not in code:
                raise
    os.remove(args.state)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create")
    c.add_argument("--transit-gateway-id", required=True)
    c.add_argument("--connections", help="JSON; default: the environment's ASP_SIDE_CONNECTIONS")
    c.add_argument("--out", required=True)
    c.add_argument("--region", default=os.environ.get("AWS_REGION", "ap-northeast-1"))
    d = sub.add_parser("delete")
    d.add_argument("--state", required=True)
    d.add_argument("--region", default=os.environ.get("AWS_REGION", "ap-northeast-1"))
    args = p.parse_args()
    create(args) if args.cmd == "create" else delete(args)


if __name__ == "__main__":
    main()
