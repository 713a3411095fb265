# One municipality's operations-management network area in the Government Cloud: the routing hub, and where the
# municipality ordered them (the catalog's orders_dns / orders_private_ca, or switched on later by dns_enabled /
# private_ca_enabled), the Route 53 Resolver between the premises and the business systems and the private root CA.

data "gcnet_municipality" "this" {
  key = var.municipality
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
