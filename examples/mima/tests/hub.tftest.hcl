# `terraform test` for 美馬市 (mima): plans and applies the example root against the
# configured AWS endpoint, and checks what the hub is made of. Runs offline against the patched moto
# (scripts/make-doc-fixtures.sh does; or set AWS_ENDPOINT_URL yourself). Everything applied here is destroyed
# again by `terraform test` at the end.

# The test's own ASP accounts (the root has no default: a real apply takes them from terraform.tfvars).
variables {
  asp_account_ids = ["111111111111", "222222222222"]
}

run "plan" {
  command = plan

  assert {
    condition     = output.network.name_ja == "美馬市"
    error_message = "the catalog should name mima 美馬市"
  }

  assert {
    condition     = output.network.connection == "lgcs"
    error_message = "美馬市 reaches the Government Cloud over LGCS"
  }

  assert {
    condition     = length(var.asp_account_ids) == 2
    error_message = "the test shares the hub with its two ASP accounts"
  }
}

run "apply" {
  command = apply

  assert {
    condition     = toset(keys(output.network.route_table_ids)) == toset(["onprem", "asp", "ops"])
    error_message = "one Transit Gateway route table per routing domain: onprem, asp, ops"
  }

  assert {
    condition     = length(distinct(values(output.network.route_table_ids))) == 3
    error_message = "the three routing domains must have three different route tables"
  }

  assert {
    condition     = startswith(output.network.transit_gateway_id, "tgw-")
    error_message = "transit_gateway_id is not a Transit Gateway ID"
  }

  assert {
    condition     = startswith(output.network.vpc_id, "vpc-")
    error_message = "vpc_id is not a VPC ID"
  }

  assert {
    condition     = startswith(output.network.resource_share_arn, "arn:aws:ram:ap-northeast-1:")
    error_message = "the hub is not shared through RAM in ap-northeast-1"
  }

  # the hub itself, through the module's "hub" output
  assert {
    condition     = output.network.hub.name == "mima-gcnet"
    error_message = "the hub's name defaults to <municipality>-gcnet"
  }

  assert {
    condition     = output.network.hub.amazon_side_asn == 64519
    error_message = "mima's Transit Gateway ASN is 64519"
  }

  assert {
    condition     = output.network.hub.vpc_cidr == "10.7.0.0/16"
    error_message = "mima's operations VPC is 10.7.0.0/16"
  }

  assert {
    condition     = length(output.network.hub.subnet_ids) == 2
    error_message = "one operations subnet in each of the two availability zones"
  }

  assert {
    condition     = alltrue([for s in output.network.hub.subnet_ids : startswith(s, "subnet-")])
    error_message = "subnet_ids are not subnet IDs"
  }

  assert {
    condition     = output.network.hub.tags_all["municipality-code"] == "362077"
    error_message = "the hub carries mima's local government code 362077"
  }

  assert {
    condition     = toset(keys(output.network.hub.route_table_ids)) == toset(["onprem", "asp", "ops"])
    error_message = "one route table per routing domain"
  }

  assert {
    condition     = output.network.hub.share_with == toset(["111111111111", "222222222222"])
    error_message = "the hub is shared with both ASP accounts"
  }

  # the Route 53 Resolver (美馬市 ordered DNS management)
  assert {
    condition     = length(output.network.dns_resolver.inbound_endpoint_ids) == 2
    error_message = "the contract asks for two inbound endpoints"
  }

  assert {
    condition     = length(output.network.dns_resolver.outbound_endpoint_ids) == 2
    error_message = "the contract asks for two outbound endpoints"
  }

  assert {
    condition     = alltrue([for id in concat(output.network.dns_resolver.inbound_endpoint_ids, output.network.dns_resolver.outbound_endpoint_ids) : startswith(id, "rslvr-")])
    error_message = "endpoint IDs are not Route 53 Resolver endpoint IDs"
  }

  assert {
    condition     = output.network.dns_inbound_ip_addresses == tolist(["10.7.0.53", "10.7.128.53", "10.7.0.54", "10.7.128.54"])
    error_message = "the inbound endpoints answer on mima's pinned addresses, two per endpoint, one in each zone"
  }

  assert {
    condition     = length(output.network.dns_resolver.outbound_ip_addresses) == 4
    error_message = "two addresses per outbound endpoint, one in each zone"
  }

  assert {
    condition     = toset(keys(output.network.dns_rule_ids)) == toset(["mima.lg.local", "19.172.in-addr.arpa"])
    error_message = "one forwarding rule per premises domain: mima.lg.local and the reverse zone of 172.19.0.0/16"
  }

  assert {
    condition     = length(distinct(values(output.network.dns_rule_ids))) == 2 && alltrue([for id in values(output.network.dns_rule_ids) : startswith(id, "rslvr-rr-")])
    error_message = "each domain has its own resolver rule"
  }

  assert {
    condition     = alltrue([for r in values(output.network.dns_resolver.forward_rules) : r.target_ips == tolist(["172.19.10.53", "172.19.11.53"]) && r.port == 53])
    error_message = "every rule forwards to 美馬市's two premises DNS servers on port 53"
  }

  assert {
    condition     = toset([for r in values(output.network.dns_resolver.forward_rules) : r.outbound_endpoint]) == toset([0, 1])
    error_message = "the two rules are spread over the two outbound endpoints"
  }

  assert {
    condition     = output.network.dns_resolver.allowed_cidrs == toset(["172.19.10.53/32", "172.19.11.53/32"])
    error_message = "only the premises DNS servers may query the inbound endpoints"
  }

  assert {
    condition     = toset(keys(output.network.dns_resolver.security_group_ids)) == toset(["inbound", "outbound"]) && alltrue([for id in values(output.network.dns_resolver.security_group_ids) : startswith(id, "sg-")])
    error_message = "one security group per direction"
  }

  assert {
    condition     = output.network.dns_resolver.vpc_id == output.network.vpc_id && output.network.dns_resolver.subnet_ids == output.network.hub.subnet_ids
    error_message = "the resolver lives in the hub's operations VPC and subnets"
  }

  assert {
    condition     = startswith(output.network.dns_resolver.resource_share_arn, "arn:aws:ram:ap-northeast-1:") && output.network.dns_resolver.share_with == toset(["111111111111", "222222222222"])
    error_message = "the forwarding rules are shared through RAM with both ASP accounts"
  }

  assert {
    condition     = output.network.dns_resolver.name == "mima-dns"
    error_message = "the resolver is named <municipality>-dns"
  }

  # no private CA: 美馬市 did not order one
  assert {
    condition     = output.network.private_ca == null && output.network.private_ca_arn == null && output.network.root_ca_certificate == null
    error_message = "mima did not order a private CA: none unless private_ca_enabled is set"
  }
}
