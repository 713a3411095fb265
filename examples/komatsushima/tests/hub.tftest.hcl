# `terraform test` for 小松島市 (komatsushima): plans and applies the example root against the
# configured AWS endpoint, and checks what the hub is made of. Runs offline against the patched moto
# (scripts/make-doc-fixtures.sh does; or set AWS_ENDPOINT_URL yourself). Everything applied here is destroyed
# again by `terraform test` at the end.

# The test's own ASP accounts (the root has no default: a real apply takes them from terraform.tfvars).
variables {
  # the premises' link as terraform.tfvars.example plans it: the Direct Connect gateway not yet reported (run
  # "carrier_side" plays the carrier)
  onprem_link = {
    method = "dx_gateway"
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
      cidrs = ["10.103.0.0/20"]
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
      cidrs = ["10.103.16.0/20"]
    }
    kenko = {
      vendor           = "ASP-C ヘルスケアクラウド (placeholder)"
      account_id       = "333333333333"
      method           = "transit_gateway"
      business_systems = ["health_management"]
      cidrs            = ["10.103.32.0/20"]
    }
  }
}

run "plan" {
  command = plan

  assert {
    condition     = output.network.name_ja == "小松島市"
    error_message = "the catalog should name komatsushima 小松島市"
  }

  assert {
    condition     = output.network.connection == "lgcs"
    error_message = "小松島市 reaches the Government Cloud over LGCS"
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
# The municipality's Direct Connect gateway, on which the LGCS carrier's hosted transit VIF lands, made with boto3 by
# testing/carrier_side; run before the hub so that terraform test destroys it last (after the link's association).
run "carrier_side" {
  module {
    source = "../modules/municipality/testing/carrier_side"
  }

  variables {
    name = "komatsushima-lgcs"
  }

  assert {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", output.dx_gateway_id))
    error_message = "the Direct Connect gateway's ID is a UUID"
  }
}

run "apply" {
  command = apply

  # the hub itself, through the module's "hub" output
  assert {
    condition     = output.network.hub.name == "komatsushima-gcnet"
    error_message = "the hub's name defaults to <municipality>-gcnet"
  }

  assert {
    condition     = output.network.hub.amazon_side_asn == 64515
    error_message = "komatsushima's Transit Gateway ASN is 64515"
  }

  assert {
    condition     = output.network.hub.vpc_cidr == "10.3.0.0/16"
    error_message = "komatsushima's operations VPC is 10.3.0.0/16"
  }

  assert {
    condition     = output.network.hub.tags_all["municipality-code"] == "362034"
    error_message = "the hub carries komatsushima's local government code 362034"
  }

  # no Route 53 Resolver: 小松島市 did not order DNS management
  assert {
    condition     = output.network.dns_resolver == null && length(output.network.dns_inbound_ip_addresses) == 0 && length(output.network.dns_rule_ids) == 0
    error_message = "komatsushima did not order DNS: no resolver unless dns_enabled is set"
  }

  # no private CA: 小松島市 did not order one
  assert {
    condition     = output.network.private_ca == null && output.network.private_ca_arn == null && output.network.root_ca_certificate == null
    error_message = "komatsushima did not order a private CA: none unless private_ca_enabled is set"
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
    error_message = "小松島市 did not order PrivateLink: every ASP is connected by transit_gateway"
  }
}

# The wiring after that apply, checked by testing/checks: who reaches whom.
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

  assert {
    condition     = length(output.failing.onprem_routed) == 0
    error_message = "the link is associated, its attachment in onprem, the premises propagated into asp and ops and routed from the ops VPC; not so: ${join("; ", output.failing.onprem_routed)}"
  }
}

# Both options ordered later, by negotiation (the contract allows it): switched on in the root, added in place to the
# running network (the hub is kept).
run "options_ordered_later" {
  command = apply

  variables {
    asp_connections    = run.asp_side.connections
    onprem_link        = merge(var.onprem_link, { dx_gateway_id = run.carrier_side.dx_gateway_id })
    dns_enabled        = true
    private_ca_enabled = true
  }

  assert {
    condition     = output.network.transit_gateway_id == run.apply.network.transit_gateway_id
    error_message = "switching the options on must keep the hub"
  }

  assert {
    condition     = output.network.dns_inbound_ip_addresses == tolist(["10.3.0.53", "10.3.128.53", "10.3.0.54", "10.3.128.54"])
    error_message = "the inbound endpoints answer on komatsushima's pinned addresses, two per endpoint, one in each zone"
  }

  assert {
    condition     = toset(keys(output.network.dns_rule_ids)) == toset(["komatsushima.lg.local", "17.172.in-addr.arpa"])
    error_message = "one forwarding rule per premises domain: komatsushima.lg.local and the reverse zone of 172.17.0.0/16"
  }

  assert {
    condition     = alltrue([for r in values(output.network.dns_resolver.forward_rules) : r.target_ips == tolist(["172.17.10.53", "172.17.11.53"]) && r.port == 53])
    error_message = "every rule forwards to 小松島市's two premises DNS servers on port 53"
  }

  assert {
    condition     = output.network.dns_resolver.allowed_cidrs == toset(["172.17.10.53/32", "172.17.11.53/32"])
    error_message = "only the premises DNS servers may query the inbound endpoints"
  }

  assert {
    condition     = output.network.dns_resolver.name == "komatsushima-dns"
    error_message = "the resolver is named <municipality>-dns"
  }

  assert {
    condition     = output.network.private_ca.subject.common_name == "Komatsushima City Government Cloud Root CA" && output.network.private_ca.subject.organization == "Komatsushima City" && output.network.private_ca.subject.country == "JP"
    error_message = "the root CA is named after Komatsushima City, from the catalog"
  }

  assert {
    condition     = output.network.onprem_link.id == run.connected.network.onprem_link.id && output.network.onprem_link.routed_domains == toset(["asp", "ops"])
    error_message = "switching the options on must keep the premises' link and its routing"
  }
}

# The resolver and the CA added later, checked as the first apply's are.
run "options_checks" {
  command = plan

  module {
    source = "../modules/municipality/testing/checks"
  }

  variables {
    network = run.options_ordered_later.network
  }

  assert {
    condition     = length(output.failing.dns_resolver) == 0
    error_message = "the resolver is as the contract orders it: two endpoints each way, a rule per domain over both outbound endpoints, in the ops VPC, shared with the ASPs; not so: ${join("; ", output.failing.dns_resolver)}"
  }

  assert {
    condition     = length(output.failing.private_ca) == 0
    error_message = "the root CA is ACTIVE, its certificate PEM with a serial and validity, shared with the ASPs, usable by ACM; not so: ${join("; ", output.failing.private_ca)}"
  }
}
