#!/usr/bin/env python3
"""Writes docs/ (Terraform Registry layout) from the committed provider schema, schemas/provider.json, so the
argument and attribute references can never drift from the interface. The prose around them (what each type is
for, a short self-contained example, import) lives in INTROS below; arguments that force replacement come from the
C schema tables (GC_ATTR_FORCE_NEW), timeouts from the schema's timeouts block. The guides (docs/guides/*.md) are
written by hand and listed on the provider page; --check also fails when CHANGELOG.md's newest release is not
meson.build's version. tests/e2e/test_docs_examples.py validates every example with terraform.

    python3 scripts/gen-docs.py           # (re)write docs/
    python3 scripts/gen-docs.py --check   # exit 1 if docs/ is not what the schema gives (run by the lint suite)
"""

import json
import os
import re
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

Credentials, profiles, shared files, `assume_role`, `endpoints`, `default_tags` and `ignore_tags` follow the AWS
provider's conventions and environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
`AWS_SESSION_TOKEN`, `AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`,
`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CA_BUNDLE`, `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`,
`AWS_RETRY_MODE`).

**Credentials**, first found wins: `assume_role_with_web_identity`; `access_key`/`secret_key`; the environment's
keys; `AWS_ROLE_ARN` with `AWS_WEB_IDENTITY_TOKEN_FILE`; the profile (keys in the shared credentials file, then the
shared config file, then its `credential_process`, SSO session (`aws sso login`'s cached token, exchanged by SSO
GetRoleCredentials; `AWS_ENDPOINT_URL_SSO` overrides the portal) or `web_identity_token_file`); EC2 instance
metadata (IMDSv2; `AWS_EC2_METADATA_SERVICE_ENDPOINT`, off with `AWS_EC2_METADATA_DISABLED=true`). Fetched
credentials are fetched again before they expire. `credential_process` runs without a shell, as the AWS CLI does
(the line is split with shell quoting, nothing is expanded): write `sh -c '…'` to have one.

**Roles:** each `assume_role` block is assumed with the credentials of the one before it (role chaining, as the
AWS provider v5); `duration` is a duration string from `15m` to `12h` (`duration_seconds` still works and warns).
`allowed_account_ids` / `forbidden_account_ids` are checked against the account of the final credentials (STS
GetCallerIdentity) in ConfigureProvider, before anything is planned or changed; ConfigureProvider also checks the
credentials unless `skip_credentials_validation` is set.

**Network:** `custom_ca_bundle` (or `AWS_CA_BUNDLE`) adds trust; TLS verification is never switched off.
`http_proxy`, `https_proxy` and `no_proxy` (else the environment variables) apply to every AWS call. `retry_mode`
accepts `standard` and `adaptive`; both use gcnet's retry policy (throttling and 5xx retried up to `max_retries`
with capped exponential backoff and full jitter), `adaptive` adds no client-side rate limiting yet. `sts_region`
sends STS calls (the credential check, `assume_role`) to another region's endpoint.

**Logs:** `TF_LOG_PROVIDER=debug` shows each AWS request and response (`HTTP Request Sent` / `HTTP Response
Received` with `aws.service`, `aws.operation`, `http.status_code`, `aws.request_id`, and `tf_req_id`, `tf_rpc`,
`tf_resource_type` as in the AWS provider), one line per retry with its reason and delay, and at `info` one line
per step of a long create (`hub naruto: route table asp (6 of 10)`). `TF_LOG_PROVIDER_GCNET` sets gcnet's own
level, as `TF_LOG_PROVIDER_AWS` does for the AWS provider (Terraform still filters at `TF_LOG_PROVIDER`/`TF_LOG`).
Credentials never reach a log line.""",
        "example": """terraform {
  required_providers {
    gcnet = {
      source  = "tokushima/gcnet"
      version = "~> 0.1"
    }
  }
}

provider "gcnet" {
  region              = "ap-northeast-1"
  allowed_account_ids = ["123456789012"] # the municipality's network account

  assume_role {
    role_arn     = "arn:aws:iam::123456789012:role/gcnet-network"
    session_name = "gcnet"
    duration     = "1h"
  }

  default_tags {
    tags = {
      project = "tokushima-gcnet"
    }
  }
}
""",
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
        "example": """resource "gcnet_municipality_hub" "naruto" {
  municipality    = "naruto"
  vpc_cidr        = "10.2.0.0/16"
  amazon_side_asn = 64514
  share_with      = ["111111111111", "222222222222"] # the ASPs' accounts (placeholders)

  tags = {
    owner = "naruto"
  }

  timeouts {
    create = "30m"
  }

  # every ASP's attachment hangs on the Transit Gateway: never replace or destroy it by accident
  lifecycle {
    prevent_destroy = true
  }
}
""",
        "import_id": "tgw-0123456789abcdef0",
        "import_address": "gcnet_municipality_hub.naruto",
        "import": """Import a hub by its Transit Gateway ID; gcnet finds every object of the hub from it (objects carry
`gcnet:*` bookkeeping tags), and the plan after the import shows no changes.""",
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
        "example": """resource "gcnet_municipality_hub" "naruto" {
  municipality = "naruto"
  vpc_cidr     = "10.2.0.0/16"
  share_with   = ["111111111111"]
}

resource "gcnet_dns_resolver" "this" {
  vpc_id        = gcnet_municipality_hub.naruto.vpc_id
  subnet_ids    = gcnet_municipality_hub.naruto.subnet_ids
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
        "import_id": "vpc-0123456789abcdef0",
        "import_address": "gcnet_dns_resolver.this",
        "import": """Import a resolver by the ID of its VPC (one resolver per VPC); gcnet finds its security groups by
their `gcnet:dns-resolver` tag and its endpoints and rules by their CreatorRequestId.""",
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
        "import_id": "arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/0123abcd-4567-89ab-cdef-0123456789ab",
        "import_address": "gcnet_private_ca.root",
        "import": """Import a CA by its ARN (root CAs only).""",
    },
    "gcnet_certificate": {
        "title": "gcnet_certificate",
        "text": """A certificate issued by a private CA (`gcnet_private_ca`, or any AWS Private CA of the account)
from a certificate signing request whose private key stays with its owner: Terraform never sees a key. The create
calls `IssueCertificate` with the `EndEntityCertificate/V1` template, the CA's signing algorithm and the validity in
days, then waits (retrying `RequestInProgressException`, within the create timeout) until `GetCertificate` returns
the certificate and the chain up to the root.

Before any AWS call, the CSR must parse as PEM and its signature verify (OpenSSL), `validity_days` must lie in
1–3650 and `early_renewal_days` be smaller than it. When the CA's ARN is known at plan time, the plan reads the CA
(`DescribeCertificateAuthority`) and refuses a certificate that would outlive it, on `validity_days`.

The certificate is never issued twice by one create: `IssueCertificate` carries a token derived from the CA, the
CSR, the validity, the template and the signing algorithm, so a create retried after a lost answer, or finished by
the next apply after the provider was killed, gets the certificate already issued (AWS keeps a token for five
minutes; an interrupted create resumed later issues anew, and AWS Private CA has no call that lists a CA's
certificates). A replacement with the same values moments after the destroy does not get the revoked certificate
back: the provider remembers what it revoked and moves the token on.

A change of the CSR, the CA or `validity_days` replaces the certificate. From `early_renewal_days` before
`not_after` (or once expired, with the default 0), `ready_for_renewal` is true and the plan replaces the certificate
(as hashicorp/tls's `early_renewal_hours`), so a scheduled plan shows renewals before anything expires. Destroy
revokes the certificate (`RevokeCertificate`, reason `CESSATION_OF_OPERATION`); an expired certificate, one already
revoked, or one whose CA is gone counts as done. A revoked certificate cannot be told from AWS's answers, so a
revocation outside Terraform does not show in the plan.""",
        "example": 'resource "gcnet_private_ca" "root" {\n  subject = {\n'
                   '    common_name  = "Naruto City Government Cloud Root CA"\n'
                   '    organization = "Naruto City"\n    country      = "JP"\n  }\n}\n\n'
                   'resource "gcnet_certificate" "ops" {\n'
                   '  certificate_authority_arn   = gcnet_private_ca.root.arn\n'
                   '  certificate_signing_request = file("ops.csr.pem")\n'
                   '  validity_days               = 397\n'
                   '  early_renewal_days          = 30\n}\n',
        "import_id": "arn:aws:acm-pca:ap-northeast-1:123456789012:certificate-authority/0123abcd-4567-89ab-cdef-0123456789ab/certificate/89abcdef0123456789abcdef01234567,ops.csr.pem",
        "import_address": "gcnet_certificate.ops",
        "import": """Import a certificate by its ARN, followed by a comma and the path of the CSR it was issued from
(relative to the working directory), so that the state holds the CSR and the next plan shows no changes (when the
configuration leaves `early_renewal_days` at 0; another value is recorded in place, with no AWS call).

AWS cannot return a certificate's CSR, so the file is read and checked (its signature, and its public key against
the certificate's). An import by the ARN alone works too: the next plan then records the configured CSR in place
(`update in-place`, no AWS call) if its public key is the certificate's, and replaces the certificate if it is not.""",
    },
    "gcnet_asp_connection": {
        "title": "gcnet_asp_connection",
        "text": """One business-system vendor (ASP) connected to a municipality's hub. With `method =
"transit_gateway"` the ASP attaches its own VPC to the hub's shared Transit Gateway (the hub's `share_with`), and
gcnet accepts the attachment when it is `pendingAcceptance`, waits until it is `available`, associates it with the
`asp` routing domain, propagates it into `onprem` and `ops` (never into `asp`: business systems do not reach each
other), and adds a route for each of `cidrs` toward the Transit Gateway to every route table of the ops VPC.

Plan-time checks that need AWS: a business system the catalog says is not built on AWS for the hub's
municipality (read from the hub's `gcnet:municipality` tag) is an error naming it; a range of `cidrs` that overlaps
the ops VPC or any range the hub already routes (its TGW route tables and the ops VPC's routes toward the TGW) is
an error naming both ranges and where the other one comes from. The attachment must exist on the hub's TGW.

`name`, `vendor`, `business_systems` and `cidrs` change in place (routes are added and removed, nothing is
replaced); `hub_id`, `method` and `attachment_id` replace the connection. An association, propagation or ops VPC
route removed outside Terraform (or a propagation into `asp` added) shows in the next plan as `route_table_id`,
`propagated_domains` or `ops_vpc_routes` changing, and the apply repairs it in place. The attachment is the ASP's:
destroy removes gcnet's routes, propagations, association and `gcnet:asp-*` tags and never deletes it.

With `method = "privatelink"` (only for a municipality whose catalog entry has `orders_privatelink`), gcnet makes an
interface VPC endpoint to the ASP's endpoint service `service_name` in both subnets of the ops VPC, behind a
security group of its own that lets `allowed_cidrs` (the premises) in on the TCP `ports` and allows no egress.
`dns_names` and `ip_addresses` are what the premises' DNS records point at. While the ASP has not accepted the
connection the endpoint is `pendingAcceptance`: the apply ends with a warning, not an error, and a refresh after the
ASP accepts shows `available`. `allowed_cidrs` and `ports` change in place; a rule removed outside Terraform shows
as `allowed_cidrs`/`ports` changing and the apply authorizes it again. Destroy deletes the endpoint and gcnet's
security group; the ASP's endpoint service is left alone.

With `method = "tgw_peering"` the ASP runs its own Transit Gateway (`peer_transit_gateway_id` in `peer_account_id`,
`peer_region` Tokyo or Osaka). Without `attachment_id`, gcnet creates the peering attachment (tagged with a create
marker, so that an interrupted create is adopted, not repeated) and the ASP accepts it on its side: until then the
connection is `pendingAcceptance`, the apply ends with a warning and plans stay clean; after a refresh shows it
`available`, the next apply wires it. With `attachment_id` (a peering the ASP created), gcnet checks that it leads to
the configured Transit Gateway, account and region and accepts it. A peering cannot propagate routes, so the
attachment is associated with `asp` and each of `cidrs` becomes a static route toward it in the `onprem` and `ops`
route tables (`static_route_domains`; a route removed outside Terraform shows there and is added again), plus the ops
VPC's routes. Destroy removes gcnet's routes and association, and deletes the peering only when gcnet created it.

Business systems do not reach each other, unless a pair is named in `reachable_from` (the ids of other
`transit_gateway` or `tgw_peering` connections of the same hub; naming the pair on either side is enough). An
attachment is associated with exactly one route table, which decides where its traffic may go, so a route in the
shared `asp` table would let every ASP in. Instead each connection with at least one partner gets a route table of
its own (tagged `gcnet:asp-member`): the same propagations and static routes as `asp` (the premises and the ops VPC)
plus a static route for each of each partner's `cidrs` toward the partner; it is associated with that table instead of
`asp` (`route_table_id`). A connection without partners stays on `asp`, and no table ever routes toward it, so a third
ASP reaches neither side of a pair. Each connection records its `reachable_from` on its attachment, so the apply of
one side updates the other side's table too. `paired_with` lists the partners whose routing is complete both ways;
a route or association removed outside Terraform shows there (or as `route_table_id`) and the next apply repairs it.
Destroy takes the connection's routes out of its partners' tables and deletes its own table.""",
        "example": 'resource "gcnet_municipality_hub" "naruto" {\n  municipality = "naruto"\n'
                   '  vpc_cidr     = "10.2.0.0/16"\n  share_with   = ["111111111111"]\n}\n\n'
                   'resource "gcnet_asp_connection" "vendor_a" {\n  hub_id           = gcnet_municipality_hub.naruto.id\n'
                   '  name             = "naruto-vendor-a"\n  vendor           = "Vendor A"\n'
                   '  method           = "transit_gateway"\n  attachment_id    = "tgw-attach-0123456789abcdef0"\n'
                   '  cidrs            = ["10.50.0.0/16"]\n'
                   '  business_systems = ["resident_records", "electoral_roll"]\n}\n',
        "import_id": "tgw-attach-0123456789abcdef0",
        "import_address": "gcnet_asp_connection.vendor_a",
        "import": """Import a connection by the ID of the ASP's attachment (a VPC or a peering attachment); name,
vendor, networks and business systems come back from the attachment's `gcnet:asp-*` tags, and a peering's other side
from the peering itself. A PrivateLink connection is imported by its endpoint ID
(`vpce-…`); `allowed_cidrs` and `ports` come back from the security group's rules.""",
    },
    "gcnet_onprem_link": {
        "title": "gcnet_onprem_link",
        "text": """The municipality's premises (LGWAN over LGCS, or a private line) connected to its hub. The link's
Transit Gateway attachment is associated with the `onprem` routing domain and reaches `asp` and `ops` (by
propagation, or by static routes for `onprem_cidrs` where the attachment cannot propagate), and every route table
of the ops VPC gets a route for each of `onprem_cidrs` toward the Transit Gateway.

With `method = "dx_gateway"` gcnet associates the municipality's Direct Connect gateway `dx_gateway_id` with the
hub's Transit Gateway, advertising `allowed_prefixes` to the premises (usually the ops VPC's and the ASPs' ranges),
waits until the association is `associated` and its attachment `available`, then wires the attachment. A change of
`allowed_prefixes` is made **in place** (`UpdateDirectConnectGatewayAssociation`): the association, its attachment
and the attachment's route-table association stay, so the premises keep their connection (hashicorp/aws replaced
the association on such a change). The link's ID is the association ID; destroy removes gcnet's wiring and deletes
the association, never the Direct Connect gateway.

With `method = "dx_proposal"` the Direct Connect gateway is the carrier's (`dx_gateway_owner_account_id`): gcnet
proposes the association (`CreateDirectConnectGatewayAssociationProposal`) and the link is `requested` until the
carrier accepts it: the apply ends with a warning, the plan stays clean and says what is awaited, and the first
apply after the acceptance routes the premises. A change of `allowed_prefixes` is a new proposal for the same
association (`proposal_id` changes, the link's ID is the first proposal's); the association and its wiring stay
while the carrier decides. Destroy withdraws a waiting proposal, unwires and ends the association; the gateway is
the carrier's.

With `method = "tgw_peering"` the carrier creates a peering attachment to the hub's Transit Gateway and gives its
ID (`peering_attachment_id`, as the hub's side sees it); gcnet accepts it when it is `pendingAcceptance`, associates
it with `onprem`, and adds static routes for `onprem_cidrs` toward it to `asp` and `ops` (a peering does not
propagate). Destroy removes gcnet's routes, association and tags and leaves the carrier's attachment.

With `method = "vpn"` (the backup path) gcnet makes a customer gateway for `customer_gateway_ip` / `bgp_asn` and a
Site-to-Site VPN connection on the hub's Transit Gateway (dynamic routing), waits until it is `available`, then
associates its attachment with `onprem` and propagates it into `asp` and `ops`. Both are gcnet's: destroy deletes
them. The link's ID and import ID is the VPN connection's (`vpn-…`).

Checked before any AWS call: CIDRs, ID forms (Direct Connect gateway IDs are UUIDs; `tgw-`, `tgw-attach-`), the
customer gateway's address (public IPv4) and AS number (not one AWS reserves), the
arguments each method needs or refuses (each error names its attribute), and that no range of `allowed_prefixes`
covers the premises. At plan time: a range of `onprem_cidrs` that overlaps the ops VPC or any range the hub already
routes is an error naming both ranges and where the other one comes from; the Direct Connect gateway, or the
peering attachment on the hub, must exist. An association, propagation, static route, ops VPC route or allowed
prefix changed outside Terraform shows in the next plan (`route_table_id`, `routed_domains`, `ops_vpc_routes`,
`allowed_prefixes`) and the apply repairs it in place.""",
        "example": 'resource "gcnet_municipality_hub" "naruto" {\n  municipality = "naruto"\n'
                   '  vpc_cidr     = "10.2.0.0/16"\n}\n\n'
                   'resource "gcnet_onprem_link" "lgcs" {\n  hub_id           = gcnet_municipality_hub.naruto.id\n'
                   '  name             = "naruto-lgcs"\n  service          = "lgcs"\n'
                   '  method           = "dx_gateway"\n'
                   '  dx_gateway_id    = "5f294f92-bafb-4011-916d-9b0b0e0a0001"\n'
                   '  allowed_prefixes = ["10.2.0.0/16", "10.50.0.0/16"]\n'
                   '  onprem_cidrs     = ["172.16.0.0/16"]\n}\n',
        "import_id": "0b7d6e2a-3c1f-4e5d-9a8b-7c6d5e4f3a2b",
        "import_address": "gcnet_onprem_link.lgcs",
        "import": """Import a Direct Connect link by its association ID (a UUID), a proposed one by its proposal ID
(a UUID as well: gcnet looks for an association first), a peering link by the peering attachment's ID
(`tgw-attach-…`), a VPN link by the VPN connection's ID (`vpn-…`); name, service and `onprem_cidrs` come back from the attachment's `gcnet:onprem-*` tags.""",
    },
    "gcnet_municipality": {
        "title": "gcnet_municipality (Data Source)",
        "text": """A municipality of the joint procurement, from gcnet's built-in catalog: names, six-digit
local-government code (with check digit), connection to the Government Cloud (LGCS or private line), the options
it ordered (DNS, private CA, PrivateLink) and where its standard business systems run. No AWS call.""",
        "example": 'data "gcnet_municipality" "naruto" {\n  key = "naruto"\n}\n',
    },
}


# Arguments whose change replaces the resource. The schema JSON cannot say it (`terraform providers schema -json`
# has no such field), so it is read from the C schema tables: every attribute declared with GC_ATTR_FORCE_NEW in
# provider/resources/resource_*.c. Replacements the plan decides in code, not by a flag, are listed here.
FORCE_NEW_BY_PLAN = {
    # a CSR whose public key is not the certificate's replaces it (resource_certificate.c's plan hook)
    "gcnet_certificate": ["certificate_signing_request"],
}


def force_new_attributes():
    """{resource type: set of top-level attribute names} from the GC_ATTR_FORCE_NEW flags of the C sources."""
    out = {}
    src_dir = os.path.join(ROOT, "provider", "resources")
    for name in sorted(os.listdir(src_dir)):
        if not (name.startswith("resource_") and name.endswith(".c")):
            continue
        with open(os.path.join(src_dir, name), encoding="utf-8") as fh:
            text = fh.read()
        m = (re.search(r'\.type_name\s*=\s*"(gcnet_\w+)"', text) or re.search(r'#define S_TYPE "(gcnet_\w+)"', text)
             or re.search(r'GC_RESOURCE_DEFINE\(\w+,\s*"(gcnet_\w+)"', text))
        found = re.findall(r'\{"(\w+)",\s*&gc_type_\w+,[^,{}]*\bGC_ATTR_FORCE_NEW\b', text)
        if text.count("GC_ATTR_FORCE_NEW") != len(found):
            raise SystemExit("gen-docs: %s: %d GC_ATTR_FORCE_NEW flags but %d attribute entries recognised; teach "
                             "force_new_attributes() the new form" % (name, text.count("GC_ATTR_FORCE_NEW"),
                                                                       len(found)))
        if found and not m:
            raise SystemExit("gen-docs: %s has GC_ATTR_FORCE_NEW attributes but no type name" % name)
        if m:
            out.setdefault(m.group(1), set()).update(found)
    for rtype, names in FORCE_NEW_BY_PLAN.items():
        out.setdefault(rtype, set()).update(names)
    return out


def type_text(t):
    if isinstance(t, str):
        return t.capitalize()
    kind, inner = t[0], t[1]
    if kind in ("list", "set", "map"):
        return "%s of %s" % (kind.capitalize(), type_text(inner))
    if kind == "object":
        return "Object"
    return kind


def attr_line(name, a, force_new=False):
    flags = []
    if a.get("sensitive"):
        flags.append("Sensitive")
    flags.append(type_text(a["type"]))
    if force_new:
        flags.append("Forces replacement")
    desc = a.get("description", "").strip()
    return "- `%s` (%s) %s" % (name, ", ".join(flags), desc)


def block_sections(block, heading_level=2, prefix="", force_new=frozenset()):
    attrs = block.get("attributes", {})
    nested = block.get("block_types", {})
    required = sorted(n for n, a in attrs.items() if a.get("required"))
    optional = sorted(n for n, a in attrs.items() if a.get("optional"))
    read_only = sorted(n for n, a in attrs.items() if a.get("computed") and not a.get("optional")
                       and not a.get("required"))
    h = "#" * heading_level
    out = []
    if required:
        out += ["%s %sRequired" % (h, prefix), ""] + [attr_line(n, attrs[n], n in force_new) for n in required] + [""]
    if optional or nested:
        lines = [attr_line(n, attrs[n], n in force_new) for n in optional]
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
    return intro["example"]


def timeouts_section(block):
    """## Timeouts from the schema's timeouts block: each operation with the default its description names."""
    tblock = block.get("block_types", {}).get("timeouts")
    if not tblock:
        return []
    lines = ["## Timeouts", "",
             "The `timeouts` block ([Terraform's operation timeouts](https://developer.hashicorp.com/terraform/"
             "language/resources/syntax#operation-timeouts)) takes durations such as `\"45m\"` or `\"1h30m\"`:", ""]
    for op, a in sorted(tblock["block"].get("attributes", {}).items()):
        m = re.search(r"\(default ([^)]+)\)", a.get("description", ""))
        if not m:
            raise SystemExit("gen-docs: timeouts.%s names no default in its description" % op)
        text = (a["description"][:m.start()].rstrip() + a["description"][m.end():]).strip()
        lines.append("- `%s` (Default `%s`) %s" % (op, m.group(1), text))
    return lines + [""]


def import_section(intro):
    if "import" not in intro:
        return []
    return ["## Import", "", intro["import"], "",
            "In Terraform 1.5 and later, with an [`import` block](https://developer.hashicorp.com/terraform/"
            "language/import):", "", "```terraform", "import {", "  to = %s" % intro["import_address"],
            '  id = "%s"' % intro["import_id"], "}", "```", "",
            "With `terraform import`:", "", "```shell",
            "terraform import %s '%s'" % (intro["import_address"], intro["import_id"]), "```", ""]


def front_matter(path):
    """The YAML front matter of a hand-written page (docs/guides/*.md) as a dict of its plain `key: "value"` lines."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        raise SystemExit("gen-docs: %s has no front matter (--- page_title: ... ---)" % os.path.relpath(path, ROOT))
    meta = dict(re.findall(r'(?m)^(\w+): "([^"]*)"$', m.group(1)))
    if not meta.get("page_title"):
        raise SystemExit("gen-docs: %s has no page_title" % os.path.relpath(path, ROOT))
    return meta


def guides_section():
    """The provider page lists every guide in docs/guides/ (hand-written, in the Registry's layout)."""
    gdir = os.path.join(ROOT, "docs", "guides")
    names = sorted(n for n in os.listdir(gdir) if n.endswith(".md")) if os.path.isdir(gdir) else []
    if not names:
        return []
    lines = ["## Guides", ""]
    for n in names:
        lines.append("- [%s](guides/%s)" % (front_matter(os.path.join(gdir, n))["page_title"], n))
    return lines + [""]


def meson_version():
    with open(os.path.join(ROOT, "meson.build"), encoding="utf-8") as fh:
        m = re.search(r"project\([^)]*?version\s*:\s*'([^']+)'", fh.read(), re.S)
    return m.group(1)


def check_changelog():
    """CHANGELOG.md's newest release is meson.build's version (the one place the version is written)."""
    path = os.path.join(ROOT, "CHANGELOG.md")
    if not os.path.isfile(path):
        return ["CHANGELOG.md is missing"]
    with open(path, encoding="utf-8") as fh:
        m = re.search(r"(?m)^## \[?(\d+\.\d+\.\d+[^\]\s]*)\]?", fh.read())
    if not m or m.group(1) != meson_version():
        return ["CHANGELOG.md's newest release is %s, meson.build's version %s" % (m.group(1) if m else "none",
                                                                                   meson_version())]
    return []


def page(name, schema_block, subcategory=None, force_new=frozenset()):
    intro = INTROS[name]
    lines = ["---", 'page_title: "%s"' % intro["title"]]
    if subcategory:
        lines.append('subcategory: "%s"' % subcategory)
    lines += ['description: |-', "  " + schema_block.get("description", "").strip(), "---", "",
              "<!-- Generated by scripts/gen-docs.py from schemas/provider.json: edit those, not this file. -->", "",
              "# %s" % intro["title"], "", intro["text"], "", "## Example Usage", "", "```terraform",
              example_text(intro).rstrip(), "```", ""]
    if name == "provider":
        lines += guides_section()
    lines += ["## Schema", ""] + block_sections(schema_block, 3, force_new=force_new)
    lines += timeouts_section(schema_block)
    lines += import_section(intro)
    return "\n".join(lines).rstrip() + "\n"


def render():
    with open(os.path.join(ROOT, "schemas", "provider.json"), encoding="utf-8") as fh:
        schema = json.load(fh)["provider_schemas"][SOURCE]
    pages = {"docs/index.md": page("provider", schema["provider"]["block"])}
    force_new = force_new_attributes()
    for rtype, names in force_new.items():
        known = schema.get("resource_schemas", {}).get(rtype, {}).get("block", {}).get("attributes", {})
        if set(names) - set(known):
            raise SystemExit("gen-docs: %s: replacing attributes %s are not in the schema"
                             % (rtype, sorted(set(names) - set(known))))
    for name, s in sorted(schema.get("resource_schemas", {}).items()):
        pages["docs/resources/%s.md" % name[len("gcnet_"):]] = page(name, s["block"],
                                                                     force_new=frozenset(force_new.get(name, ())))
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
    problems = check_changelog()
    if problems:
        print("; ".join(problems))
        return 1
    if check:
        print("docs/ matches schemas/provider.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
