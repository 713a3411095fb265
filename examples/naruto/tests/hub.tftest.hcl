# `terraform test` for 鳴門市 (naruto): plans and applies the example root (and the module on its own) against the
# configured AWS endpoint, and checks what the hub is made of. Runs offline against the patched moto
# (scripts/make-doc-fixtures.sh does; or set AWS_ENDPOINT_URL yourself). Everything applied here is destroyed
# again by `terraform test` at the end.

run "plan" {
  command = plan

  assert {
    condition     = output.network.name_ja == "鳴門市"
    error_message = "the catalog should name naruto 鳴門市"
  }

  assert {
    condition     = output.network.connection == "lgcs"
    error_message = "鳴門市 reaches the Government Cloud over LGCS"
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
}

# The module on its own, with naruto's arguments: the hub's attributes are not outputs of the root.
run "hub" {
  command = apply

  module {
    source = "../modules/municipality"
  }

  variables {
    municipality    = "naruto"
    vpc_cidr        = "10.2.0.0/16"
    amazon_side_asn = 64514
    asp_account_ids = ["111111111111", "222222222222"]
  }

  assert {
    condition     = gcnet_municipality_hub.this.name == "naruto-gcnet"
    error_message = "the hub's name defaults to <municipality>-gcnet"
  }

  assert {
    condition     = gcnet_municipality_hub.this.amazon_side_asn == 64514
    error_message = "naruto's Transit Gateway ASN is 64514"
  }

  assert {
    condition     = gcnet_municipality_hub.this.vpc_cidr == "10.2.0.0/16"
    error_message = "naruto's operations VPC is 10.2.0.0/16"
  }

  assert {
    condition     = length(gcnet_municipality_hub.this.subnet_ids) == 2
    error_message = "one operations subnet in each of the two availability zones"
  }

  assert {
    condition     = alltrue([for s in gcnet_municipality_hub.this.subnet_ids : startswith(s, "subnet-")])
    error_message = "subnet_ids are not subnet IDs"
  }

  assert {
    condition     = gcnet_municipality_hub.this.tags_all["municipality-code"] == "362026"
    error_message = "the hub carries naruto's local government code 362026"
  }

  assert {
    condition     = toset(keys(gcnet_municipality_hub.this.route_table_ids)) == toset(["onprem", "asp", "ops"])
    error_message = "one route table per routing domain"
  }

  assert {
    condition     = gcnet_municipality_hub.this.share_with == toset(["111111111111", "222222222222"])
    error_message = "the hub is shared with both ASP accounts"
  }
}
