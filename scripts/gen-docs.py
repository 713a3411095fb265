#!/usr/bin/env python3
"""Writes docs/ (Terraform Registry layout) from the committed provider schema, schemas/provider.json, so the
argument and attribute references can never drift from the interface. The prose around them (what each type is
for, import, notes) lives in INTROS below; the example usage comes from examples/.

    python3 scripts/gen-docs.py           # (re)write docs/
    python3 scripts/gen-docs.py --check   # exit 1 if docs/ is not what the schema gives (run by the lint suite)
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = "registry.terraform.io/tokushima/gcnet"

INTROS = {
    "provider": {
        "title": "gcnet Provider",
        "text": """The gcnet provider builds and maintains the Government Cloud (ガバメントクラウド) network of the nine
Tokushima municipalities of the joint procurement on AWS: each municipality's routing hub (Transit Gateway with one
route table per routing domain, the operations VPC and its attachment, a RAM share of the Transit Gateway to the
ASP vendors' accounts), with DNS and a private CA to follow. It calls the AWS APIs directly and accepts only the
Government Cloud regions, Tokyo (`ap-northeast-1`) and Osaka (`ap-northeast-3`).

Credentials, profiles, shared files, `assume_role`, `endpoints` and `default_tags` follow the AWS provider's
conventions and environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_CONFIG_FILE`,
`AWS_SHARED_CREDENTIALS_FILE`). ConfigureProvider checks the credentials with STS GetCallerIdentity unless
`skip_credentials_validation` is set. `TF_LOG_PROVIDER=debug` logs one line per AWS call; credentials never reach
a log line.""",
        "example": 'provider "gcnet" {\n  region = "ap-northeast-1"\n\n  default_tags {\n    tags = {\n'
                   '      project = "tokushima-gcnet"\n    }\n  }\n}\n',
    },
    "gcnet_municipality_hub": {
        "title": "gcnet_municipality_hub",
        "text": """A municipality's routing hub in the Government Cloud:

- a Transit Gateway: shared attachments are not auto-accepted; there is no default route-table association or
  propagation; DNS support is on; the ASN is `amazon_side_asn`;
- one Transit Gateway route table per routing domain (`routing_domains`, default `onprem`, `asp`, `ops`);
- the operations VPC with one subnet in each of two availability zones (the two halves of `vpc_cidr`) and its
  attachment, associated with `ops` and propagated into every other domain; `onprem` and `asp` start with no
  routes between ASPs;
- a RAM share of the Transit Gateway to the ASP accounts in `share_with`.

`name`, `tags`, `share_with`, `allow_external_principals` and `routing_domains` change in place; `municipality`,
`vpc_cidr`, `amazon_side_asn` and `availability_zones` replace the hub. A route table, association, propagation or
attachment deleted outside Terraform shows as drift and is repaired in place by the next apply. If a create fails
halfway, what was made stays in state (tainted), and a Transit Gateway that carries this hub's tags but is in no
state (an interrupted apply) stops the create with an error that names it, rather than a second hub being built.
When the whole hub was deleted outside Terraform, RAM keeps its share; the next create deletes that empty share
(with a warning naming it) before it makes the new hub's.""",
        "example_file": "examples/modules/municipality/main.tf",
        "import": """Import a hub by its Transit Gateway ID; gcnet finds every object of the hub from it (objects carry
`gcnet:*` bookkeeping tags):

```shell
terraform import gcnet_municipality_hub.this tgw-0123456789abcdef0
```""",
    },
    "gcnet_dns_resolver": {
        "title": "gcnet_dns_resolver",
        "text": """Name resolution between a municipality's premises and the business systems (Route 53 Resolver) in
the hub's operations VPC:

- inbound and outbound endpoints (`inbound_endpoints`/`outbound_endpoints`, default 2 each, 1-4), each with one
  address in each of the two `subnet_ids`; `inbound_ips` pins the inbound addresses (two per endpoint), otherwise
  AWS chooses them once and they are kept;
- a security group per direction: inbound allows TCP and UDP 53 from `allowed_cidrs`, outbound allows TCP and UDP to
  the forwarding targets' addresses and ports only;
- one `FORWARD` rule per domain of `forward_rules` through the chosen outbound endpoint, associated with the VPC
  and shared through one RAM share with `share_with`;
- each zone of `hosted_zone_ids` associated with the VPC (waited for until `INSYNC`).

Everything but `vpc_id` changes in place. Pinned addresses move with `AssociateResolverEndpointIpAddress` before
`DisassociateResolverEndpointIpAddress`, so an endpoint never has fewer than two; a rule's targets, port or endpoint
change with `UpdateResolverRule` and keep the rule ID that ASPs have associated. Domains compare without case and
trailing dot. An address, rule, rule association, share principal or zone association removed outside Terraform
shows in the next plan and is repaired in place; so does an egress rule of the outbound group: the target it
served is shown missing from `forward_rules` until the apply authorises it again (the rule itself is unchanged).

An ASP zone in another account whose owner has not yet run `CreateVPCAssociationAuthorization` is a pending partner
action, reported as a **warning, not an error**: the warning names the zone, the VPC and the command the ASP must
run (`aws route53 create-vpc-association-authorization --hosted-zone-id <zone> --vpc VPCRegion=<region>,VPCId=<vpc>`),
the rest of the resolver is built and kept, and the plans show the zone still to be associated until the next apply
after the ASP acted associates it. An error would make Terraform taint a newly created resolver and replace it on
the next apply: new endpoints, new inbound addresses and new rule IDs, cutting off the premises and every ASP that
had associated the shared rules.""",
        "example": """resource "gcnet_dns_resolver" "this" {
  vpc_id        = gcnet_municipality_hub.this.vpc_id
  subnet_ids    = gcnet_municipality_hub.this.subnet_ids
  name          = "naruto-dns"
  allowed_cidrs = ["172.16.0.0/16"]
  inbound_ips   = ["10.2.0.10", "10.2.128.10", "10.2.0.11", "10.2.128.11"]
  forward_rules = {
    "naruto.local" = { target_ips = ["172.16.1.53", "172.16.2.53"], port = 53, outbound_endpoint = 0 }
  }
  share_with      = ["111111111111"]
  hosted_zone_ids = ["Z0123456789ABCDEFGHIJ"]
}
""",
        "import": """Import a resolver by the ID of its VPC (one resolver per VPC); gcnet finds its security groups by
their `gcnet:dns-resolver` tag and its endpoints and rules by their CreatorRequestId:

```shell
terraform import gcnet_dns_resolver.this vpc-0123456789abcdef0
```""",
    },
    "gcnet_private_ca": {
        "title": "gcnet_private_ca",
        "text": """A municipality's private root certificate authority (AWS Private CA), for TLS inside the closed
Government Cloud network. One apply leaves it `ACTIVE`: the `ROOT` CA is created, its CSR awaited, the root
certificate issued from it with the `RootCACertificate/V1` template and imported; then the CA is shared with the
business systems' accounts in `share_with` through RAM (`acm-pca:CertificateAuthority`) and, with
`acm_permission`, ACM in this account may issue and renew from it (`CreatePermission` for `acm.amazonaws.com`).
Waits honour the timeouts and retry `RequestInProgressException`; a `FAILED` CA reports its failure reason.

A CA is billed every month, so one resource never makes two: each create step carries a token derived from the
planned values and the CA is tagged with the create's token (`gcnet:private-ca-create`). A create interrupted
anywhere (provider killed, answer lost) is finished, not repeated, by the next apply, with a warning naming the CA.
Do not give two `gcnet_private_ca` resources of one account the same subject, algorithms and validity, and do not
use `create_before_destroy` on it: the new create would find and finish the old CA.

`subject`, `key_algorithm`, `signing_algorithm`, `usage_mode` and `validity_years` replace the CA; `share_with`,
`acm_permission`, `ocsp_enabled`, `permanent_deletion_time_in_days` and tags change in place. A CA disabled outside
Terraform, a share principal removed or the ACM permission deleted show in the next plan and are repaired in place.
Destroy deletes the share, disables the CA and deletes it with the restore window
`permanent_deletion_time_in_days`; a CA in `DELETED` counts as gone. No private key is ever in state.""",
        "example": 'resource "gcnet_private_ca" "root" {\n  subject = {\n'
                   '    common_name  = "Naruto City Government Cloud Root CA"\n'
                   '    organization = "Naruto City"\n    country      = "JP"\n    state        = "Tokushima"\n'
                   '  }\n  share_with = ["111111111111"]\n}\n',
        "import": """Import a CA by its ARN (root CAs only):

```shell
terraform import gcnet_private_ca.root arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/0123abcd-...
```""",
    },
    "gcnet_municipality": {
        "title": "gcnet_municipality (Data Source)",
        "text": """A municipality of the joint procurement, from gcnet's built-in catalog: names, six-digit
local-government code (with check digit), connection to the Government Cloud (LGCS or private line), the options
it ordered (DNS, private CA, PrivateLink) and where its standard business systems run. No AWS call.""",
        "example": 'data "gcnet_municipality" "naruto" {\n  key = "naruto"\n}\n',
    },
}


def type_text(t):
    if isinstance(t, str):
        return t.capitalize()
    kind, inner = t[0], t[1]
    if kind in ("list", "set", "map"):
        return "%s of %s" % (kind.capitalize(), type_text(inner))
    if kind == "object":
        return "Object"
    return kind


def attr_line(name, a):
    flags = []
    if a.get("sensitive"):
        flags.append("Sensitive")
    flags.append(type_text(a["type"]))
    desc = a.get("description", "").strip()
    return "- `%s` (%s) %s" % (name, ", ".join(flags), desc)


def block_sections(block, heading_level=2, prefix=""):
    attrs = block.get("attributes", {})
    nested = block.get("block_types", {})
    required = sorted(n for n, a in attrs.items() if a.get("required"))
    optional = sorted(n for n, a in attrs.items() if a.get("optional"))
    read_only = sorted(n for n, a in attrs.items() if a.get("computed") and not a.get("optional")
                       and not a.get("required"))
    h = "#" * heading_level
    out = []
    if required:
        out += ["%s %sRequired" % (h, prefix), ""] + [attr_line(n, attrs[n]) for n in required] + [""]
    if optional or nested:
        lines = [attr_line(n, attrs[n]) for n in optional]
        lines += ["- `%s` (Block %s%s) %s See [below](#nested-schema-for-%s)." % (
            n, b["nesting_mode"].capitalize(),
            ", max %d" % b["max_items"] if b.get("max_items") else "", b["block"].get("description", ""), n)
            for n, b in sorted(nested.items())]
        out += ["%s %sOptional" % (h, prefix), ""] + sorted(lines) + [""]
    if read_only:
        out += ["%s %sRead-Only" % (h, prefix), ""] + [attr_line(n, attrs[n]) for n in read_only] + [""]
    for n, b in sorted(nested.items()):
        out += ['<a id="nested-schema-for-%s"></a>' % n, "%s Nested Schema for `%s`" % (h, n), ""]
        out += block_sections(b["block"], heading_level + 1)
    return out


def example_text(intro):
    if "example" in intro:
        return intro["example"]
    with open(os.path.join(ROOT, intro["example_file"]), encoding="utf-8") as fh:
        return fh.read()


def page(name, schema_block, subcategory=None):
    intro = INTROS[name]
    lines = ["---", 'page_title: "%s"' % intro["title"]]
    if subcategory:
        lines.append('subcategory: "%s"' % subcategory)
    lines += ['description: |-', "  " + schema_block.get("description", "").strip(), "---", "",
              "<!-- Generated by scripts/gen-docs.py from schemas/provider.json: edit those, not this file. -->", "",
              "# %s" % intro["title"], "", intro["text"], "", "## Example Usage", "", "```terraform",
              example_text(intro).rstrip(), "```", ""]
    lines += ["## Schema", ""] + block_sections(schema_block, 3)
    if "import" in intro:
        lines += ["## Import", "", intro["import"], ""]
    return "\n".join(lines).rstrip() + "\n"


def render():
    with open(os.path.join(ROOT, "schemas", "provider.json"), encoding="utf-8") as fh:
        schema = json.load(fh)["provider_schemas"][SOURCE]
    pages = {"docs/index.md": page("provider", schema["provider"]["block"])}
    for name, s in sorted(schema.get("resource_schemas", {}).items()):
        pages["docs/resources/%s.md" % name[len("gcnet_"):]] = page(name, s["block"])
    for name, s in sorted(schema.get("data_source_schemas", {}).items()):
        pages["docs/data-sources/%s.md" % name[len("gcnet_"):]] = page(name, s["block"])
    return pages


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for rel, text in render().items():
        path = os.path.join(ROOT, rel)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current == text:
            continue
        if check:
            stale.append(rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            print("wrote", rel)
    if stale:
        print("docs out of date with schemas/provider.json (run python3 scripts/gen-docs.py): " + ", ".join(stale))
        return 1
    if check:
        print("docs/ matches schemas/provider.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
