# Test-only: the checks of the ASP connections and the premises' link that every municipality's `terraform test`
# makes, written once. It creates nothing: given the root's `network` output of an earlier run, each output lists
# the checks of one kind that do not hold (empty when all hold), so that a root asserts a few values. A run block
# uses this directory as its module:
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
#       condition     = length(output.isolation) == 0
#       error_message = "ASPs must not reach each other: ${join("; ", output.isolation)}"
#     }
#   }
#
# `planned` is for the plan that connects the ASPs and the link (their IDs reported); `connected`, `isolation`
# and `onprem_routed` for the network after the apply (`onprem_routed` once the link is associated). A check that
# cannot be evaluated (an attribute missing or null) counts as not holding.

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
}

variable "onprem_link" {
  description = "The root's onprem_link with the gateway the carrier reported (dx_gateway_id)."
  type        = any
}

locals {
  n      = var.network
  link   = var.network.onprem_link
  asps   = var.network.asp_connections
  tgw    = { for k, c in var.network.asp_connections : k => c if c.method == "transit_gateway" }
  wanted = var.asp_connections

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

output "planned" {
  description = "The checks of the connecting plan that do not hold."
  value       = [for check, ok in local.planned : check if !ok]
}

output "connected" {
  description = "The checks of the applied ASP connections that do not hold."
  value       = [for check, ok in local.connected : check if !ok]
}

output "isolation" {
  description = "The checks that no ASP reaches another that do not hold."
  value       = [for check, ok in local.isolation : check if !ok]
}

output "onprem_routed" {
  description = "The checks of the associated premises' link that do not hold."
  value       = [for check, ok in local.onprem_routed : check if !ok]
}
