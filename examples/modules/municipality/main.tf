# One municipality's operations-management network area in the Government Cloud: the routing hub, the premises'
# link (gcnet_onprem_link), one connection per ASP, and where the municipality ordered them (the catalog's orders_dns /
# orders_private_ca, or switched on later by dns_enabled / private_ca_enabled), the Route 53 Resolver between the
# premises and the business systems and the private root CA.

data "gcnet_municipality" "this" {
  key = var.municipality

  # What the catalog says about each ASP connection, checked for every connection, waiting ones included (the
  # provider checks the same at plan, but only once a connection is built), and named per vendor.
  lifecycle {
    postcondition {
      condition     = length(flatten([for k, c in var.asp_connections : setintersection(c.business_systems, self.systems_outside_aws)])) == 0
      error_message = "Built outside AWS for ${self.name_ja} (the municipality's own data centre), so no ASP connection serves them: ${join("; ", [for k, c in var.asp_connections : "ASP ${k} (${c.vendor}): ${join(", ", setintersection(c.business_systems, self.systems_outside_aws))}" if length(setintersection(c.business_systems, self.systems_outside_aws)) > 0])}."
    }
    postcondition {
      condition     = length(flatten([for k, c in var.asp_connections : setsubtract(c.business_systems, concat(self.systems_on_aws, self.systems_outside_aws))])) == 0
      error_message = "Not a standard business system built for ${self.name_ja} (not built there, or not a catalog key): ${join("; ", [for k, c in var.asp_connections : "ASP ${k} (${c.vendor}): ${join(", ", setsubtract(c.business_systems, concat(self.systems_on_aws, self.systems_outside_aws)))}" if length(setsubtract(c.business_systems, concat(self.systems_on_aws, self.systems_outside_aws))) > 0])}."
    }
    postcondition {
      condition     = self.orders_privatelink || alltrue([for c in values(var.asp_connections) : c.method != "privatelink"])
      error_message = "${self.name_ja} did not order PrivateLink; connect ${join(", ", [for k, c in var.asp_connections : k if c.method == "privatelink"])} by transit_gateway."
    }
  }
}

locals {
  tags = merge(var.tags, {
    "municipality-code" = data.gcnet_municipality.this.code
  })

  # null follows the contract; true builds an option ordered later; false leaves an ordered one out.
  dns_enabled        = coalesce(var.dns_enabled, data.gcnet_municipality.this.orders_dns)
  private_ca_enabled = coalesce(var.private_ca_enabled, data.gcnet_municipality.this.orders_private_ca)

  # One FORWARD rule per premises domain to the premises' DNS servers, spread over the outbound endpoints in the
  # domains' sorted order (each endpoint has an address in both zones).
  dns_domains = sort(var.premises_dns_domains)
  forward_rules = {
    for i, domain in local.dns_domains : domain => {
      target_ips        = var.premises_dns_servers
      port              = 53
      outbound_endpoint = i % var.dns_outbound_endpoints
    }
  }
  # Only the premises' DNS servers query the inbound endpoints unless told otherwise.
  dns_allowed_cidrs = var.dns_allowed_cidrs != null ? var.dns_allowed_cidrs : [for ip in var.premises_dns_servers : "${ip}/32"]

  # reachable_from pairs, each {a, b} sorted and once, between connections that are both built; the pair is put on
  # the side whose partner's attachment ID is known (a connection's ID is its attachment ID), so that no connection
  # refers to another instance of the same resource (Terraform forbids that) and naming it on one side is enough.
  asp_pairs       = [for pr in distinct(flatten([for k, c in var.asp_connections : [for p in c.reachable_from : join(" ", sort([k, p]))]])) : split(" ", pr)]
  asp_pairs_ready = [for pr in local.asp_pairs : pr if contains(keys(local.asp_connections_ready), pr[0]) && contains(keys(local.asp_connections_ready), pr[1])]
  asp_reachable_from = {
    for k in keys(var.asp_connections) : k => toset(concat(
      [for pr in local.asp_pairs_ready : var.asp_connections[pr[1]].attachment_id if pr[0] == k && var.asp_connections[pr[1]].attachment_id != null],
      [for pr in local.asp_pairs_ready : var.asp_connections[pr[0]].attachment_id if pr[1] == k && var.asp_connections[pr[1]].attachment_id == null],
    ))
  }

  # A connection is built once its ASP has acted first and reported what it made: for transit_gateway its VPC
  # attached to the shared Transit Gateway (attachment_id), for privatelink its endpoint service (service_name).
  # Until then it waits (output asp_connections_waiting), so the hub can be applied before any ASP can attach.
  # A PrivateLink endpoint then shows pendingAcceptance until the ASP accepts it. A tgw_peering connection is
  # built at once: gcnet creates the peering, or accepts the one the ASP made (attachment_id).
  asp_connections_ready   = { for k, c in var.asp_connections : k => c if c.method == "tgw_peering" || (c.method == "transit_gateway" ? c.attachment_id : c.service_name) != null }
  asp_connections_waiting = sort([for k, c in var.asp_connections : k if c.method != "tgw_peering" && (c.method == "transit_gateway" ? c.attachment_id : c.service_name) == null])

  # The root CA is named after the municipality, from the catalog ("Naruto City Government Cloud Root CA").
  ca_subject = var.private_ca_subject != null ? var.private_ca_subject : {
    common_name  = "${data.gcnet_municipality.this.name_en} Government Cloud Root CA"
    organization = data.gcnet_municipality.this.name_en
    locality     = trimsuffix(trimsuffix(data.gcnet_municipality.this.name_en, " City"), " Town")
    state        = "Tokushima"
    country      = "JP"
  }
}

resource "gcnet_municipality_hub" "this" {
  municipality    = data.gcnet_municipality.this.key
  vpc_cidr        = var.vpc_cidr
  amazon_side_asn = var.amazon_side_asn
  routing_domains = var.routing_domains
  share_with      = var.asp_account_ids
  tags            = local.tags

  timeouts {
    create = "30m"
    delete = "30m"
  }

  # Every ASP's attachment hangs on this Transit Gateway: a replaced or destroyed hub cuts all of them off, and
  # each ASP must attach again. Terraform refuses any plan that would do it. A lifecycle argument cannot come
  # from a variable, so the one way to lift it (tests that must destroy what they build, a municipality that
  # really leaves) is an override file in this directory: testing/allow_destroy_override.tf.
  lifecycle {
    prevent_destroy = true
  }
}

resource "gcnet_dns_resolver" "this" {
  count = local.dns_enabled ? 1 : 0

  vpc_id             = gcnet_municipality_hub.this.vpc_id
  subnet_ids         = gcnet_municipality_hub.this.subnet_ids
  name               = "${data.gcnet_municipality.this.key}-dns"
  inbound_endpoints  = var.dns_inbound_endpoints
  outbound_endpoints = var.dns_outbound_endpoints
  allowed_cidrs      = local.dns_allowed_cidrs
  inbound_ips        = var.dns_inbound_ips
  forward_rules      = local.forward_rules
  share_with         = var.asp_account_ids
  hosted_zone_ids    = var.asp_hosted_zone_ids
  tags               = local.tags

  timeouts {
    create = "30m"
    delete = "30m"
  }

  lifecycle {
    precondition {
      condition     = length(var.premises_dns_servers) > 0
      error_message = "DNS is on for ${var.municipality}: set premises_dns_servers (the premises' DNS servers the forwarding rules target)."
    }
  }
}

resource "gcnet_private_ca" "this" {
  count = local.private_ca_enabled ? 1 : 0

  subject        = local.ca_subject
  key_algorithm  = var.private_ca_key_algorithm
  validity_years = var.private_ca_validity_years
  usage_mode     = var.private_ca_usage_mode
  share_with     = var.asp_account_ids
  acm_permission = true
  tags           = local.tags

  timeouts {
    create = "30m"
    delete = "30m"
  }
}

# --- The business systems' vendors (ASPs) --------------------------------------------------------------------------
# Every connection hangs on the hub: associated with the asp routing domain, propagated into onprem and ops only, so
# that each ASP reaches the premises and the operations VPC, the premises reach every ASP, and no ASP reaches
# another (the provider never propagates an ASP into asp).

resource "gcnet_asp_connection" "this" {
  for_each = local.asp_connections_ready

  hub_id           = gcnet_municipality_hub.this.id
  name             = "${data.gcnet_municipality.this.key}-${each.key}"
  vendor           = each.value.vendor
  method           = each.value.method
  business_systems = each.value.business_systems

  # transit_gateway and tgw_peering
  attachment_id  = each.value.method != "privatelink" ? each.value.attachment_id : null
  cidrs          = each.value.method != "privatelink" ? toset(each.value.cidrs) : null
  reachable_from = each.value.method != "privatelink" && length(local.asp_reachable_from[each.key]) > 0 ? local.asp_reachable_from[each.key] : null

  # tgw_peering
  peer_transit_gateway_id = each.value.method == "tgw_peering" ? each.value.peer_transit_gateway_id : null
  peer_account_id         = each.value.method == "tgw_peering" ? each.value.peer_account_id : null
  peer_region             = each.value.method == "tgw_peering" ? each.value.peer_region : null

  # privatelink
  service_name  = each.value.method == "privatelink" ? each.value.service_name : null
  ports         = each.value.method == "privatelink" ? each.value.ports : null
  allowed_cidrs = each.value.method == "privatelink" ? toset(coalesce(each.value.allowed_cidrs, var.premises_cidrs)) : null

  timeouts {
    create = "30m"
    delete = "30m"
  }
}

# --- On-prem link (gcnet_onprem_link) ------------------------------------------------------------------------------
# The premises' link over the municipality's connection service (the catalog's connection: lgcs or private_line),
# by the method agreed with the carrier (var.onprem_link). Its attachment is associated with the onprem routing
# domain and reaches asp and ops (by propagation, or static routes for a peering), and the ops VPC routes the
# premises. The other party acts first: the link waits (output onprem_link_waiting, and onprem_onboarding says what is
# awaited) until the ID it needs is known: the Direct Connect gateway (dx_gateway, dx_proposal) or the carrier's
# peering attachment (tgw_peering). A vpn link is built at once (gcnet makes the customer gateway and the VPN).

locals {
  # What the premises are advertised unless the carrier agreed otherwise: the ops VPC and every ASP's ranges (all of
  # the address plan, waiting ASPs too, so that an ASP's onboarding does not change the advertisement).
  onprem_allowed_prefixes = var.onprem_link == null ? [] : coalesce(var.onprem_link.allowed_prefixes, concat(
  [var.vpc_cidr], sort(distinct(flatten([for c in values(var.asp_connections) : c.cidrs])))))

  onprem_link_id_input = var.onprem_link == null ? null : lookup({
    dx_gateway  = var.onprem_link.dx_gateway_id
    dx_proposal = var.onprem_link.dx_gateway_id
    tgw_peering = var.onprem_link.peering_attachment_id
    vpn         = "vpn"
  }, var.onprem_link.method, null)
  onprem_link_ready   = var.onprem_link != null && local.onprem_link_id_input != null
  onprem_link_waiting = var.onprem_link != null && local.onprem_link_id_input == null
}

resource "gcnet_onprem_link" "this" {
  count = local.onprem_link_ready ? 1 : 0

  hub_id       = gcnet_municipality_hub.this.id
  name         = "${data.gcnet_municipality.this.key}-${replace(data.gcnet_municipality.this.connection, "_", "-")}"
  service      = data.gcnet_municipality.this.connection
  method       = var.onprem_link.method
  onprem_cidrs = toset(var.premises_cidrs)

  # dx_gateway, dx_proposal
  dx_gateway_id               = contains(["dx_gateway", "dx_proposal"], var.onprem_link.method) ? var.onprem_link.dx_gateway_id : null
  allowed_prefixes            = contains(["dx_gateway", "dx_proposal"], var.onprem_link.method) ? toset(local.onprem_allowed_prefixes) : null
  dx_gateway_owner_account_id = var.onprem_link.method == "dx_proposal" ? var.onprem_link.dx_gateway_owner_account_id : null
  # tgw_peering
  peering_attachment_id = var.onprem_link.method == "tgw_peering" ? var.onprem_link.peering_attachment_id : null
  # vpn
  customer_gateway_ip = var.onprem_link.method == "vpn" ? var.onprem_link.customer_gateway_ip : null
  bgp_asn             = var.onprem_link.method == "vpn" ? var.onprem_link.bgp_asn : null

  timeouts {
    create = "30m"
    delete = "30m"
  }

  lifecycle {
    precondition {
      condition     = length(var.premises_cidrs) > 0
      error_message = "The on-prem link of ${var.municipality} routes the premises: set premises_cidrs."
    }
  }
}
