#!/usr/bin/env python3
"""Test-only: plays the carrier (LGCS or the private access line) of a municipality's tests with boto3.

    carrier_side.py create --name NAME [--account ID] --out FILE [--region ap-northeast-1]
    carrier_side.py accept --state FILE
    carrier_side.py delete --state FILE

`create` makes the Direct Connect gateway the premises' link lands on: in the caller's own account (the network
account: method dx_gateway, the municipality's gateway on which the carrier's hosted transit VIF lands) or, with
--account, in the carrier's account (method dx_proposal; sts:AssumeRole into arn:aws:iam::<account>:role/
$GCNET_ASP_ROLE, default "gcnet-asp-standin"). It writes FILE: {"dx_gateway_id": …, "account": … or null}.
`accept` accepts, as the gateway's owner, every association proposal still requested for it (dx_proposal: the
carrier's answer to gcnet's proposal). `delete` deletes the gateway (the link's destroy ends its association first;
a gateway already gone, or one still associated, is left: nothing of the municipality's remains on it).

Credentials and endpoint come from the environment as for any AWS SDK (AWS_ENDPOINT_URL for the local emulator,
whose Direct Connect model is serve.py's patch directconnect_gateways). Used by the examples' `terraform test`
(testing/carrier_side/main.tf) and tests/e2e/test_examples.py.
"""

import argparse
import json
import os

import boto3


def client(account, region):
    if not account:
        return boto3.client("directconnect", region_name=region)
    role = "arn:aws:iam::%s:role/%s" % (account, os.environ.get("GCNET_ASP_ROLE", "gcnet-asp-standin"))
    creds = boto3.client("sts", region_name=region).assume_role(
        RoleArn=role, RoleSessionName="gcnet-carrier-side")["Credentials"]
    return boto3.client("directconnect", region_name=region, aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])


def create(args):
    dx = client(args.account, args.region)
    gw = dx.create_direct_connect_gateway(directConnectGatewayName=args.name, amazonSideAsn=args.asn)
    out = {"dx_gateway_id": gw["directConnectGateway"]["directConnectGatewayId"], "account": args.account,
           "region": args.region}
    tmp = args.out + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(out, fh, indent=1, sort_keys=True)
    os.replace(tmp, args.out)
    print("carrier_side: Direct Connect gateway %s" % out["dx_gateway_id"])


def load(path):
    with open(path) as fh:
        return json.load(fh)


def accept(args):
    made = load(args.state)
    dx = client(made["account"], made["region"])
    waiting = [p for p in dx.describe_direct_connect_gateway_association_proposals(
        directConnectGatewayId=made["dx_gateway_id"])["directConnectGatewayAssociationProposals"]
        if p["proposalState"] == "requested"]
    for p in waiting:
        dx.accept_direct_connect_gateway_association_proposal(
            directConnectGatewayId=made["dx_gateway_id"], proposalId=p["proposalId"],
            associatedGatewayOwnerAccount=p["associatedGateway"]["ownerAccount"])
    print("carrier_side: %d proposal(s) accepted on %s" % (len(waiting), made["dx_gateway_id"]))


def delete(args):
    if not os.path.exists(args.state):
        return
    made = load(args.state)
    dx = client(made["account"], made["region"])
    try:
        dx.delete_direct_connect_gateway(directConnectGatewayId=made["dx_gateway_id"])
    except dx.exceptions.ClientError as e:  # gone already, or still associated: nothing to do here
        print("carrier_side: gateway %s left: %s" % (made["dx_gateway_id"], e))
    os.remove(args.state)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create")
    c.add_argument("--name", required=True)
    c.add_argument("--account", default=None)
    c.add_argument("--asn", type=int, default=64600)
    c.add_argument("--out", required=True)
    c.add_argument("--region", default=os.environ.get("AWS_REGION", "ap-northeast-1"))
    for name in ("accept", "delete"):
        sub.add_parser(name).add_argument("--state", required=True)
    args = p.parse_args()
    {"create": create, "accept": accept, "delete": delete}[args.cmd](args)


if __name__ == "__main__":
    main()
