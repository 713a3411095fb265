# `terraform test` for 阿南市 (anan): plans and applies the example root against the
# configured AWS endpoint, and checks what the hub is made of. Runs offline against the patched moto
# (scripts/make-doc-fixtures.sh does; or set AWS_ENDPOINT_URL yourself). Everything applied here is destroyed
# again by `terraform test` at the end.

# The test's own ASP accounts (the root has no default: a real apply takes them from terraform.tfvars).
variables {
  # the premises' link as terraform.tfvars.example plans it: the carrier's gateway not yet reported (run
  # "carrier_side" plays the carrier)
  onprem_link = {
    method                      = "dx_proposal"
    dx_gateway_owner_account_id = "444444444444"
  }
  asp_account_ids = ["111111111111", "222222222222", "333333333333"]
  # the ASPs as terraform.tfvars.example plans them, IDs not yet reported (run "asp_side" plays them)
  asp_connections = {
    juki = {
      vendor     = "ASP-A 住民情報システムズ (placeholder)"
      account_id = "111111111111"
      method     = "transit_gateway"
      business_systems = [
        "resident_records",
        "electoral_roll",
        "fixed_asset_tax",
        "individual_resident_tax",
        "corporate_resident_tax",
        "light_vehicle_tax",
        "national_pension",
        "school_enrollment",
        "seal_registration",
      ]
      cidrs = ["10.104.0.0/20"]
    }
    fukushi = {
      vendor     = "ASP-B 福祉ソリューションズ (placeholder)"
      account_id = "222222222222"
      method     = "transit_gateway"
      business_systems = [
        "national_health_insurance",
        "late_elderly_medical",
        "long_term_care",
        "disability_welfare",
        "public_assistance",
        "child_allowance",
        "child_rearing_allowance",
        "child_care_support",
      ]
      cidrs = ["10.104.16.0/20"]
    }
    kenko = {
      vendor           = "ASP-C ヘルスケアクラウド (placeholder)"
      account_id       = "333333333333"
      method           = "transit_gateway"
      business_systems = ["health_management"]
      cidrs            = ["10.104.32.0/20"]
    }
  }
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
    condition     = length(var.asp_account_ids) == 3
    error_message = "the test shares the hub with its three ASP accounts"
  }

  assert {
    condition     = toset(output.network.asp_connections_waiting) == toset(["juki", "fukushi", "kenko"]) && length(output.network.asp_connections) == 0
    error_message = "before the ASPs have acted every connection waits: nothing to accept yet"
  }

  assert {
    condition     = output.network.onprem_link_waiting && output.network.onprem_link == null
    error_message = "before the Direct Connect gateway is reported the on-prem link waits: nothing to associate yet"
  }
}

# --- The carrier -------------------------------------------------------------------------------------------------
# The private access line's carrier owns the Direct Connect gateway its line lands on (in its own account): it
# reports the gateway's ID, gcnet proposes the association, the carrier accepts (run "carrier_accepts"). Played
# with boto3 by testing/carrier_side; run before the hub so that terraform test destroys it last.
run "carrier_side" {
  module {
    source = "../modules/municipality/testing/carrier_side"
  }

  variables {
    name    = "anan-private-line"
    account = var.onprem_link.dx_gateway_owner_account_id
  }

  assert {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", output.dx_gateway_id))
    error_message = "the carrier reports its Direct Connect gateway (a UUID)"
  }
}

run "apply" {
  command = apply

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
    condition     = output.network.hub.tags_all["municipality-code"] == "362042"
    error_message = "the hub carries anan's local government code 362042"
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

# What every hub (and resolver and CA, where ordered) is made of, checked by testing/checks.
run "apply_checks" {
  command = plan

  module {
    source = "../modules/municipality/testing/checks"
  }

  variables {
    network = run.apply.network
  }

  assert {
    condition     = length(output.failing.hub) == 0
    error_message = "the hub has a route table per domain, IDs of their kind, a subnet per zone, the RAM share, and the link waits; not so: ${join("; ", output.failing.hub)}"
  }
}

# --- The business systems' vendors ------------------------------------------------------------------------------
# The ASPs act first, in their own accounts (testing/asp_side plays them with boto3): each attaches a VPC to the
# shared Transit Gateway, or publishes its PrivateLink service, and reports the ID. Until then the connections wait.
run "asp_side" {
  module {
    source = "../modules/municipality/testing/asp_side"
  }

  variables {
    transit_gateway_id = run.apply.network.transit_gateway_id
    connections        = var.asp_connections
  }

  assert {
    condition     = alltrue([for c in values(output.connections) : c.method == "transit_gateway" ? startswith(c.attachment_id, "tgw-attach-") : startswith(c.service_name, "com.amazonaws.vpce.ap-northeast-1.vpce-svc-")])
    error_message = "every ASP reports its attachment (transit_gateway) or its endpoint service (privatelink)"
  }
}

# The plan that connects them: isolation is decided here, before anything is built.
run "connect_plan" {
  command = plan

  variables {
    asp_connections = run.asp_side.connections
    onprem_link     = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
  }
}

# What that plan decides, checked by testing/checks (the checks all nine roots share).
run "connect_plan_checks" {
  command = plan

  module {
    source = "../modules/municipality/testing/checks"
  }

  variables {
    network         = run.connect_plan.network
    asp_connections = run.asp_side.connections
    onprem_link     = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
  }

  assert {
    condition     = length(output.failing.planned) == 0
    error_message = "the plan connects every ASP's own attachment onto the hub, propagated into onprem and ops only, and the link onto the carrier's gateway; not so: ${join("; ", output.failing.planned)}"
  }
}

run "connected" {
  variables {
    asp_connections = run.asp_side.connections
    onprem_link     = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
  }

  assert {
    condition     = alltrue([for c in values(output.network.asp_connections) : c.method == "transit_gateway"])
    error_message = "阿南市 did not order PrivateLink: every ASP is connected by transit_gateway"
  }

  # the carrier has not answered yet: the link waits for its acceptance, nothing routes the premises
  assert {
    condition     = output.network.onprem_link.state == "requested" && coalesce(output.network.onprem_link.proposal_id, "") != ""
    error_message = "gcnet proposes the association to the carrier's gateway: requested until the carrier accepts"
  }
}

# The ASPs' wiring after that apply, checked by testing/checks: who reaches whom (the link waits for the carrier).
run "connected_checks" {
  command = plan

  module {
    source = "../modules/municipality/testing/checks"
  }

  variables {
    network         = run.connected.network
    asp_connections = run.asp_side.connections
    onprem_link     = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
  }

  assert {
    condition     = length(output.failing.connected) == 0
    error_message = "every ASP reaches the premises and the ops VPC over its own accepted attachment; not so: ${join("; ", output.failing.connected)}"
  }

  assert {
    condition     = length(output.failing.isolation) == 0
    error_message = "no ASP reaches another; not so: ${join("; ", output.failing.isolation)}"
  }
}

# The carrier accepts gcnet's proposal in its own account.
run "carrier_accepts" {
  module {
    source = "../modules/municipality/testing/carrier_side"
  }

  variables {
    name    = "anan-private-line"
    account = var.onprem_link.dx_gateway_owner_account_id
    accept  = true
  }

  assert {
    condition     = output.dx_gateway_id == run.carrier_side.dx_gateway_id
    error_message = "the carrier answers on the same gateway"
  }
}

# The first apply after the acceptance routes the premises (in place).
run "onprem_routed" {
  variables {
    asp_connections = run.asp_side.connections
    onprem_link     = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
  }

  assert {
    condition     = output.network.onprem_link.state == "associated" && output.network.onprem_link.id == run.connected.network.onprem_link.id
    error_message = "after the carrier's acceptance the same link is associated"
  }
}

# The link's wiring once associated, checked by testing/checks.
run "onprem_routed_checks" {
  command = plan

  module {
    source = "../modules/municipality/testing/checks"
  }

  variables {
    network         = run.onprem_routed.network
    asp_connections = run.asp_side.connections
    onprem_link     = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
  }

  assert {
    condition     = length(output.failing.onprem_routed) == 0
    error_message = "the link is associated, its attachment in onprem, the premises propagated into asp and ops and routed from the ops VPC; not so: ${join("; ", output.failing.onprem_routed)}"
  }
}
