# Test-only: the checks every municipality's `terraform test` makes of what any municipality's network is made of
# (the hub, the resolver, the CA, the ASP connections and their isolation, the premises' link), written once. It
# creates nothing: given the root's `network` output of an earlier run, output `failing` lists, for each kind, the
# checks that do not hold (empty when all hold), so that a root asserts a few values. A run block uses this
# directory as its module:
#
#   run "connected_checks" {
#     command = plan
#     module { source = "../modules/municipality/testing/checks" }
#     variables {
#       network         = run.connected.network
#       asp_connections = run.asp_side.connections
#       onprem_link     = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
#     }
#     assert {
#       condition     = length(output.failing.isolation) == 0
#       error_message = "ASPs must not reach each other: ${join("; ", output.failing.isolation)}"
#     }
#   }
#
# Kind `hub` is for the first apply (the hub alone), `dns_resolver` and `private_ca` for a network that has them;
# `planned` for the plan that connects the ASPs and the link (their IDs reported); `connected`, `isolation` and
# `onprem_routed` for the network after that apply (`onprem_routed` once the link is associated). What is a
# municipality's own (its names, ASN, ranges, addresses, domains) its root asserts itself. asp_connections,
# onprem_link and asp_account_ids default to the test file's variables. A check that cannot be evaluated (an
# attribute missing or null) counts as not holding.

terraform {
  required_version = ">= 1.11"
}

variable "network" {
  description = "The root's `network` output (the municipality module's outputs) of the run to check."
  type        = any
}

variable "asp_connections" {
  description = "The root's asp_connections with the IDs the ASPs reported (run.asp_side.connections)."
  type        = any
  default     = {}
}

variable "onprem_link" {
  description = "The root's onprem_link with the gateway the carrier reported (dx_gateway_id)."
  type        = any
  default     = null
}

variable "asp_account_ids" {
  description = "The ASP accounts the hub, the resolver's rules and the CA are shared with (the test file's own)."
  type        = list(string)
  default     = []
}

locals {
  n      = var.network
  link   = var.network.onprem_link
  dns    = var.network.dns_resolver
  ca     = var.network.private_ca
  asps   = var.network.asp_connections
  tgw    = { for k, c in var.network.asp_connections : k => c if c.method == "transit_gateway" }
  wanted = var.asp_connections

  # what every hub is made of, whatever the municipality (its own values, name, ASN, ranges, code, the root asserts)
  hub_checks = {
    "one Transit Gateway route table per routing domain (onprem, asp, ops), three different ones" = try(toset(keys(local.n.route_table_ids)) == toset(["onprem", "asp", "ops"]) && length(distinct(values(local.n.route_table_ids))) == 3 && toset(keys(local.n.hub.route_table_ids)) == toset(["onprem", "asp", "ops"]), false)

    "transit_gateway_id, vpc_id and subnet_ids are IDs of their kind" = try(startswith(local.n.transit_gateway_id, "tgw-") && startswith(local.n.vpc_id, "vpc-") && alltrue([for s in local.n.hub.subnet_ids : startswith(s, "subnet-")]), false)

    "one operations subnet in each of the two availability zones" = try(length(local.n.hub.subnet_ids) == 2, false)

    "the hub is shared through RAM in ap-northeast-1 with the ASP accounts" = try(startswith(local.n.resource_share_arn, "arn:aws:ram:ap-northeast-1:") && local.n.hub.share_with == toset(var.asp_account_ids), false)

    "the first apply builds the hub alone: the on-prem link waits for its gateway, and onprem_onboarding says what is awaited, for which Transit Gateway" = try(local.n.onprem_link_waiting && local.n.onprem_link == null && strcontains(coalesce(local.n.onprem_onboarding, "-"), "dx_gateway_id") && strcontains(coalesce(local.n.onprem_onboarding, "-"), local.n.transit_gateway_id), false)
  }

  # the Route 53 Resolver as the contract orders it (the root asserts its addresses, domains and servers)
  dns_checks = {
    "the contract asks for two inbound and two outbound endpoints, Route 53 Resolver endpoint IDs" = try(length(local.dns.inbound_endpoint_ids) == 2 && length(local.dns.outbound_endpoint_ids) == 2 && alltrue([for id in concat(local.dns.inbound_endpoint_ids, local.dns.outbound_endpoint_ids) : startswith(id, "rslvr-")]), false)

    "two addresses per outbound endpoint, one in each zone" = try(length(local.dns.outbound_ip_addresses) == 4, false)

    "each domain has its own resolver rule" = try(length(distinct(values(local.n.dns_rule_ids))) == length(local.n.dns_rule_ids) && alltrue([for id in values(local.n.dns_rule_ids) : startswith(id, "rslvr-rr-")]), false)

    "the rules are spread over the two outbound endpoints" = try(toset([for r in values(local.dns.forward_rules) : r.outbound_endpoint]) == toset([0, 1]), false)

    "one security group per direction" = try(toset(keys(local.dns.security_group_ids)) == toset(["inbound", "outbound"]) && alltrue([for id in values(local.dns.security_group_ids) : startswith(id, "sg-")]), false)

    "the resolver lives in the hub's operations VPC and subnets" = try(local.dns.vpc_id == local.n.vpc_id && local.dns.subnet_ids == local.n.hub.subnet_ids, false)

    "the forwarding rules are shared through RAM with the ASP accounts" = try(startswith(local.dns.resource_share_arn, "arn:aws:ram:ap-northeast-1:") && local.dns.share_with == toset(var.asp_account_ids), false)
  }

  # the private root CA after one apply (the root asserts its names, from the catalog)
  ca_checks = {
    "one apply leaves the root CA ACTIVE" = try(local.ca.status == "ACTIVE", false)

    "private_ca_arn is the CA in ap-northeast-1" = try(startswith(local.n.private_ca_arn, "arn:aws:acm-pca:ap-northeast-1:") && local.n.private_ca_arn == local.ca.arn, false)

    "the root certificate is present as PEM" = try(startswith(local.n.root_ca_certificate, "-----BEGIN CERTIFICATE-----") && endswith(trimspace(local.n.root_ca_certificate), "-----END CERTIFICATE-----"), false)

    "the root certificate has a serial and a validity period" = try(local.ca.serial != "" && timecmp(local.ca.not_before, local.ca.not_after) < 0, false)

    "the CA is shared through RAM with the ASP accounts" = try(startswith(local.ca.resource_share_arn, "arn:aws:ram:ap-northeast-1:") && local.ca.share_with == toset(var.asp_account_ids), false)

    "ACM in the account may issue and renew from the CA" = try(local.ca.acm_permission == true, false)
  }

  planned = {
    "no connection waits once every ASP has reported its ID" = try(length(local.n.asp_connections_waiting) == 0, false)

    "every ASP's own attachment is planned onto the hub (gcnet accepts it and associates it with asp at apply)" = try(alltrue([for k, c in local.tgw : c.hub_id == local.n.transit_gateway_id && c.attachment_id == local.wanted[k].attachment_id]), false)

    "every ASP is planned to propagate into onprem and ops (the premises and the ops VPC reach it) and never into asp (no other ASP reaches it)" = try(alltrue([for k, c in local.tgw : c.propagated_domains == toset(["onprem", "ops"])]), false)

    "the ops VPC is planned to route each ASP's ranges toward the Transit Gateway" = try(alltrue([for k, c in local.tgw : c.ops_vpc_routes == toset(local.wanted[k].cidrs)]), false)

    "once the gateway is reported the on-prem link is planned on it, over the catalog's connection service" = try(!local.n.onprem_link_waiting && local.link.service == local.n.connection && local.link.method == var.onprem_link.method && local.link.dx_gateway_id == var.onprem_link.dx_gateway_id, false)

    "the link carries the premises' ranges of the address plan, on the hub" = try(local.link.onprem_cidrs == toset(local.n.premises_cidrs) && local.link.hub_id == local.n.transit_gateway_id, false)

    "the premises are advertised the ops VPC and every ASP's ranges" = try(local.link.allowed_prefixes == toset(concat([local.n.hub.vpc_cidr], flatten([for c in values(local.wanted) : lookup(c, "cidrs", [])]))), false)
  }

  connected = {
    "one connection per ASP, none waiting" = try(toset(keys(local.asps)) == toset(keys(local.wanted)) && length(local.n.asp_connections_waiting) == 0, false)

    "every connection is available" = try(alltrue([for c in values(local.asps) : c.state == "available"]), false)

    "each transit_gateway connection is the ASP's own attachment, accepted by gcnet" = try(alltrue([for k, c in local.tgw : c.attachment_id == local.wanted[k].attachment_id && c.id == c.attachment_id]), false)

    # every ASP reaches the premises and the ops VPC: associated with asp, into which the hub propagates the ops VPC
    # (and the on-prem link its premises)
    "every ASP attachment is associated with the asp route table, which the ops VPC propagates into" = try(alltrue([for c in values(local.tgw) : c.route_table_id == local.n.route_table_ids["asp"]]) && contains(local.n.hub.routing_domains, "asp"), false)

    "every ASP attachment propagates into the onprem and ops route tables" = try(alltrue([for c in values(local.tgw) : contains(c.propagated_domains, "onprem") && contains(c.propagated_domains, "ops")]), false)

    "every route table of the ops VPC routes each ASP's ranges toward the Transit Gateway" = try(alltrue([for k, c in local.tgw : c.ops_vpc_routes == toset(local.wanted[k].cidrs)]), false)
  }

  isolation = {
    # no route in the asp table leads to another ASP
    "no ASP attachment propagates into the asp route table" = try(alltrue([for c in values(local.asps) : !contains(coalesce(c.propagated_domains, []), "asp")]), false)

    "every ASP has a connection of its own" = try(length(distinct([for c in values(local.asps) : c.id])) == length(local.asps), false)
  }

  onprem_routed = {
    "the Direct Connect gateway is associated with the hub's Transit Gateway" = try(local.link.state == "associated" && local.link.association_id != "", false)

    "the link's attachment is associated with the onprem route table" = try(local.link.route_table_id == local.n.route_table_ids["onprem"] && startswith(local.link.attachment_id, "tgw-attach-"), false)

    "the premises are propagated into asp (every ASP reaches them) and ops, and nowhere else" = try(local.link.routed_domains == toset(["asp", "ops"]), false)

    "every ASP is propagated into onprem, where the link is associated: the premises reach every ASP" = try(alltrue([for c in values(local.tgw) : contains(c.propagated_domains, "onprem")]), false)

    "every route table of the ops VPC routes the premises toward the Transit Gateway" = try(local.link.ops_vpc_routes == toset(local.n.premises_cidrs), false)
  }
}

output "failing" {
  description = "For each kind of check (hub, dns_resolver, private_ca, planned, connected, isolation, onprem_routed), the checks that do not hold."
  value = { for kind, checks in {
    hub           = local.hub_checks
    dns_resolver  = local.dns_checks
    private_ca    = local.ca_checks
    planned       = local.planned
    connected     = local.connected
    isolation     = local.isolation
    onprem_routed = local.onprem_routed
  } : kind => [for check, ok in checks : check if !ok] }
}
