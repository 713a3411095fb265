# `terraform test` for 藍住町 (aizumi): plans and applies the example root against the
# configured AWS endpoint, and checks what the hub is made of. Runs offline against the patched moto
# (scripts/make-doc-fixtures.sh does; or set AWS_ENDPOINT_URL yourself). Everything applied here is destroyed
# again by `terraform test` at the end.

run "plan" {
  command = plan

  assert {
    condition     = output.network.name_ja == "藍住町"
    error_message = "the catalog should name aizumi 藍住町"
  }

  assert {
    condition     = output.network.connection == "lgcs"
    error_message = "藍住町 reaches the Government Cloud over LGCS"
  }

  assert {
    condition     = length(var.asp_account_ids) == 2
    error_message = "two ASP accounts share the hub by default"
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
    condition     = output.network.hub.name == "aizumi-gcnet"
    error_message = "the hub's name defaults to <municipality>-gcnet"
  }

  assert {
    condition     = output.network.hub.amazon_side_asn == 64532
    error_message = "aizumi's Transit Gateway ASN is 64532"
  }

  assert {
    condition     = output.network.hub.vpc_cidr == "10.20.0.0/16"
    error_message = "aizumi's operations VPC is 10.20.0.0/16"
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
    condition     = output.network.hub.tags_all["municipality-code"] == "364037"
    error_message = "the hub carries aizumi's local government code 364037"
  }

  assert {
    condition     = toset(keys(output.network.hub.route_table_ids)) == toset(["onprem", "asp", "ops"])
    error_message = "one route table per routing domain"
  }

  assert {
    condition     = output.network.hub.share_with == toset(["111111111111", "222222222222"])
    error_message = "the hub is shared with both ASP accounts"
  }
}
