# One municipality's operations-management network area in the Government Cloud: the routing hub today;
# the DNS and Private CA resources join here as they are built, switched on by the catalog's "ordered" flags.

data "gcnet_municipality" "this" {
  key = var.municipality
}

resource "gcnet_municipality_hub" "this" {
  municipality    = data.gcnet_municipality.this.key
  vpc_cidr        = var.vpc_cidr
  amazon_side_asn = var.amazon_side_asn
  routing_domains = var.routing_domains
  share_with      = var.asp_account_ids

  tags = merge(var.tags, {
    "municipality-code" = data.gcnet_municipality.this.code
  })

  timeouts {
    create = "30m"
    delete = "30m"
  }
}
