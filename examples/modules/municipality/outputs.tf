output "name_ja" {
  description = "The municipality's name in Japanese."
  value       = data.gcnet_municipality.this.name_ja
}

output "connection" {
  description = "How the premises reach the Government Cloud: lgcs or private_line."
  value       = data.gcnet_municipality.this.connection
}

output "transit_gateway_id" {
  description = "The hub's Transit Gateway."
  value       = gcnet_municipality_hub.this.transit_gateway_id
}

output "route_table_ids" {
  description = "Transit Gateway route table of each routing domain."
  value       = gcnet_municipality_hub.this.route_table_ids
}

output "vpc_id" {
  description = "The operations VPC."
  value       = gcnet_municipality_hub.this.vpc_id
}

output "resource_share_arn" {
  description = "RAM share of the Transit Gateway to the ASP accounts."
  value       = gcnet_municipality_hub.this.resource_share_arn
}

output "hub" {
  description = "The routing hub with all its attributes (IDs, route tables, subnets, share), for documents and tests."
  value       = gcnet_municipality_hub.this
}

output "dns_inbound_ip_addresses" {
  description = "Addresses of the inbound resolver endpoints: what the premises' DNS servers forward the business systems' zones to (empty without DNS)."
  value       = local.dns_enabled ? gcnet_dns_resolver.this[0].inbound_ip_addresses : []
}

output "dns_rule_ids" {
  description = "Shared FORWARD rule of each premises domain: what the ASPs associate with their VPCs (empty without DNS)."
  value       = local.dns_enabled ? gcnet_dns_resolver.this[0].rule_ids : {}
}

output "dns_resolver" {
  description = "The Route 53 Resolver with all its attributes, for documents and tests (null without DNS)."
  value       = local.dns_enabled ? gcnet_dns_resolver.this[0] : null
}

output "private_ca_arn" {
  description = "ARN of the private root CA, shared with the ASP accounts (null without a CA)."
  value       = local.private_ca_enabled ? gcnet_private_ca.this[0].arn : null
}

output "root_ca_certificate" {
  description = "The root CA certificate (PEM), for the premises' and business systems' trust stores (null without a CA)."
  value       = local.private_ca_enabled ? gcnet_private_ca.this[0].certificate : null
}

output "private_ca" {
  description = "The private root CA with all its attributes (status, serial, validity, share), for documents and tests (null without a CA)."
  value       = local.private_ca_enabled ? gcnet_private_ca.this[0] : null
}

output "premises_cidrs" {
  description = "The premises' networks of the address plan."
  value       = var.premises_cidrs
}

output "asp_connections" {
  description = "Each built ASP connection with all its attributes (attachment, route table, propagations, ops VPC routes; endpoint, addresses and DNS names for PrivateLink), by key."
  value       = gcnet_asp_connection.this
}

output "asp_connections_waiting" {
  description = "Keys of the transit_gateway connections that wait for the ASP: no attachment_id yet (the ASP attaches its VPC to the shared Transit Gateway and reports the ID)."
  value       = local.asp_connections_waiting
}

output "asp_endpoint_dns_names" {
  description = "PrivateLink connections: the endpoint's DNS names, by key (what the premises' DNS records point at)."
  value       = { for k, c in gcnet_asp_connection.this : k => c.dns_names if c.method == "privatelink" }
}

output "asp_onboarding" {
  description = "What each waiting ASP must do before its connection can be built (the municipality sends it to the ASP), by key: vendor, account_id, method, cidrs, the Transit Gateway to attach to, and the step in words."
  value = {
    for k in local.asp_connections_waiting : k => {
      vendor             = var.asp_connections[k].vendor
      account_id         = var.asp_connections[k].account_id
      method             = var.asp_connections[k].method
      cidrs              = var.asp_connections[k].cidrs
      transit_gateway_id = var.asp_connections[k].method == "transit_gateway" ? gcnet_municipality_hub.this.transit_gateway_id : null
      step = (var.asp_connections[k].method == "transit_gateway"
        ? "accept the RAM share of ${gcnet_municipality_hub.this.transit_gateway_id} in account ${var.asp_connections[k].account_id}, attach the VPC of ${join(", ", var.asp_connections[k].cidrs)} to it, and report the attachment ID (gcnet accepts it)"
      : "publish the endpoint service (allowing ${data.gcnet_municipality.this.name_en}'s network account) and report its service name")
    }
  }
}

output "onprem_link" {
  description = "The premises' on-prem link with all its attributes (attachment, state, route table, routed domains, ops VPC routes; association, proposal or VPN IDs by method); null while it waits or without onprem_link."
  value       = local.onprem_link_ready ? gcnet_onprem_link.this[0] : null
}

output "onprem_link_waiting" {
  description = "True while the on-prem link waits for the other party: the Direct Connect gateway's ID (dx_gateway, dx_proposal) or the carrier's peering attachment (tgw_peering) is not known yet, so the link is not built."
  value       = local.onprem_link_waiting
}

output "onprem_onboarding" {
  description = "What the on-prem link waits for, in words (null when it does not wait): the municipality sends it to the carrier."
  value = !local.onprem_link_waiting ? null : (var.onprem_link.method == "tgw_peering"
    ? "the carrier of ${data.gcnet_municipality.this.connection} creates a peering attachment to ${gcnet_municipality_hub.this.transit_gateway_id} and reports its ID (peering_attachment_id; gcnet accepts it)"
    : var.onprem_link.method == "dx_proposal"
    ? "the carrier of ${data.gcnet_municipality.this.connection} reports its Direct Connect gateway (dx_gateway_id; gcnet proposes the association with ${gcnet_municipality_hub.this.transit_gateway_id}, which the carrier then accepts)"
  : "the Direct Connect gateway on which the carrier's hosted transit VIF lands is created and its ID reported (dx_gateway_id; gcnet associates it with ${gcnet_municipality_hub.this.transit_gateway_id})")
}
