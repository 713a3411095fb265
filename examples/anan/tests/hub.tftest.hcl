# `terraform test` for 阿南市 (anan): plans and applies the example root against the
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
    condition     = output.network.name_ja == "阿南市"
    error_message = "the catalog should name anan 阿南市"
  }

  assert {
    condition     = output.network.connection == "private_line"
    error_message = "阿南市 reaches the Government Cloud over a private access line"
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
    condition     = output.network.hub.name == "anan-gcnet"
    error_message = "the hub's name defaults to <municipality>-gcnet"
  }

  assert {
    condition     = output.network.hub.amazon_side_asn == 64516
    error_message = "anan's Transit Gateway ASN is 64516"
  }

  assert {
    condition     = output.network.hub.vpc_cidr == "10.4.0.0/16"
    error_message = "anan's operations VPC is 10.4.0.0/16"
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
    condition     = output.network.hub.tags_all["municipality-code"] == "362042"
    error_message = "the hub carries anan's local government code 362042"
  }

  assert {
    condition     = toset(keys(output.network.hub.route_table_ids)) == toset(["onprem", "asp", "ops"])
    error_message = "one route table per routing domain"
  }

  assert {
    condition     = output.network.hub.share_with == toset(["111111111111", "222222222222"])
    error_message = "the hub is shared with both ASP accounts"
  }

  # no Route 53 Resolver: 阿南市 did not order DNS management
  assert {
    condition     = output.network.dns_resolver == null && length(output.network.dns_inbound_ip_addresses) == 0 && length(output.network.dns_rule_ids) == 0
    error_message = "anan did not order DNS: no resolver unless dns_enabled is set"
  }

  # no private CA: 阿南市 did not order one
  assert {
    condition     = output.network.private_ca == null && output.network.private_ca_arn == null && output.network.root_ca_certificate == null
    error_message = "anan did not order a private CA: none unless private_ca_enabled is set"
  }
}
