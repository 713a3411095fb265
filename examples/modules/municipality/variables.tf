variable "municipality" {
  description = "Catalog key of the municipality (naruto, komatsushima, anan, mima, katsuura, matsushige, aizumi, itano, kamiita)."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the operations VPC (/16 to /27), agreed with the municipality's address plan."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && cidrhost(var.vpc_cidr, 0) == split("/", var.vpc_cidr)[0] && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 27
    error_message = "vpc_cidr is an IPv4 network /16 to /27 in CIDR form with no host bits set (e.g. 10.2.0.0/16)."
  }
}

variable "amazon_side_asn" {
  description = "Private ASN of the Transit Gateway; must not collide with the carrier's (LGCS or private line) ASN."
  type        = number
  default     = 64512

  validation {
    condition     = floor(var.amazon_side_asn) == var.amazon_side_asn && ((var.amazon_side_asn >= 64512 && var.amazon_side_asn <= 65534) || (var.amazon_side_asn >= 4200000000 && var.amazon_side_asn <= 4294967294))
    error_message = "amazon_side_asn is a private ASN: 64512 to 65534, or 4200000000 to 4294967294."
  }
}

variable "asp_account_ids" {
  description = "AWS account IDs of the ASPs (vendors) whose business systems connect to the hub."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.asp_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "Each of asp_account_ids is a 12-digit AWS account ID."
  }
}

variable "routing_domains" {
  description = "Routing domains, one Transit Gateway route table each; must include \"ops\"."
  type        = list(string)
  default     = ["onprem", "asp", "ops"]
}

variable "tags" {
  description = "Tags for every object of the municipality's network, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}

# --- Route 53 Resolver (gcnet_dns_resolver) ---------------------------------------------------------------------

variable "dns_enabled" {
  description = "Build the Route 53 Resolver: null (default) follows the catalog's orders_dns; true builds it for a municipality that orders it later; false leaves it out."
  type        = bool
  default     = null
}

variable "premises_dns_domains" {
  description = "The premises' internal DNS domains (庁内ドメイン, AD and reverse zones) the business systems resolve through the outbound endpoints: one shared FORWARD rule each."
  type        = list(string)
  default     = []
}

variable "premises_dns_servers" {
  description = "Addresses of the premises' DNS servers: the forwarding rules' targets (port 53) and, unless dns_allowed_cidrs says otherwise, the only sources allowed to query the inbound endpoints."
  type        = list(string)
  default     = []
}

variable "dns_allowed_cidrs" {
  description = "CIDR blocks that may query the inbound endpoints (TCP and UDP 53); null (default): the premises' DNS servers as /32."
  type        = list(string)
  default     = null
}

variable "dns_inbound_ips" {
  description = "Pinned inbound endpoint addresses, two per endpoint (subnet 0, subnet 1, …), inside the operations VPC's two halves; null (default): AWS chooses them once and they are kept. The premises' DNS servers forward to these."
  type        = list(string)
  default     = null
}

variable "dns_inbound_endpoints" {
  description = "Number of inbound endpoints (the contract: 2)."
  type        = number
  default     = 2
}

variable "dns_outbound_endpoints" {
  description = "Number of outbound endpoints (the contract: 2); the forwarding rules are spread over them."
  type        = number
  default     = 2
}

variable "asp_hosted_zone_ids" {
  description = "Route 53 private hosted zones of the ASPs to associate with the operations VPC, so that the premises resolve the business systems' names. Each ASP must first run CreateVPCAssociationAuthorization for the operations VPC."
  type        = set(string)
  default     = []
}

# --- Private CA (gcnet_private_ca) ----------------------------------------------------------------------------

variable "private_ca_enabled" {
  description = "Build the private root CA: null (default) follows the catalog's orders_private_ca; true builds it for a municipality that orders it later; false leaves it out. A CA is billed monthly."
  type        = bool
  default     = null
}

variable "private_ca_subject" {
  description = "Subject of the root CA (common_name, organization, organizational_unit, country, state, locality); null (default): named after the municipality from the catalog."
  type        = map(string)
  default     = null
}

variable "private_ca_key_algorithm" {
  description = "Key algorithm of the root CA; null: the provider's default (RSA_2048)."
  type        = string
  default     = null
}

variable "private_ca_validity_years" {
  description = "Lifetime of the root certificate in years; null: the provider's default (10)."
  type        = number
  default     = null
}

variable "private_ca_usage_mode" {
  description = "GENERAL_PURPOSE (TLS server certificates of ordinary lifetimes) or SHORT_LIVED_CERTIFICATE; null: the provider's default (GENERAL_PURPOSE)."
  type        = string
  default     = null
}

# --- Premises and business systems (gcnet_asp_connection) ------------------------------------------------------

variable "premises_cidrs" {
  description = "The premises' (庁内) networks as the municipality's address plan gives them: what the ASPs' PrivateLink endpoints let in (unless a connection says otherwise) and what the on-prem link (onprem_link) routes. They must not overlap the operations VPC."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.premises_cidrs : can(cidrnetmask(c)) && cidrhost(c, 0) == split("/", c)[0]])
    error_message = "Each of premises_cidrs must be an IPv4 network in CIDR form with no host bits set (e.g. 172.16.0.0/16)."
  }

  validation {
    condition     = length(distinct(var.premises_cidrs)) == length(var.premises_cidrs)
    error_message = "premises_cidrs lists a network twice."
  }

  validation {
    condition = alltrue(flatten([for i, a in var.premises_cidrs : [
      for j, b in var.premises_cidrs : j <= i || !can(cidrnetmask(a)) || !can(cidrnetmask(b)) ||
      cidrhost("${split("/", a)[0]}/${min(tonumber(split("/", a)[1]), tonumber(split("/", b)[1]))}", 0) !=
      cidrhost("${split("/", b)[0]}/${min(tonumber(split("/", a)[1]), tonumber(split("/", b)[1]))}", 0)
    ]]))
    error_message = "Two of premises_cidrs overlap: list each premises range once, without nesting."
  }

  validation {
    condition = !can(cidrnetmask(var.vpc_cidr)) || alltrue([for c in var.premises_cidrs : !can(cidrnetmask(c)) ||
      cidrhost("${split("/", c)[0]}/${min(tonumber(split("/", c)[1]), tonumber(split("/", var.vpc_cidr)[1]))}", 0) !=
    cidrhost("${split("/", var.vpc_cidr)[0]}/${min(tonumber(split("/", c)[1]), tonumber(split("/", var.vpc_cidr)[1]))}", 0)])
    error_message = "A premises range overlaps the operations VPC (vpc_cidr): the premises could not reach it through the Transit Gateway."
  }
}

variable "asp_connections" {
  description = <<-EOT
    One connection per ASP (vendor), keyed by a short name (used in the connection's name: <municipality>-<key>):
      vendor           the ASP's name as in the contract
      account_id       the ASP's AWS account (one of asp_account_ids: the hub is shared with it)
      method           "transit_gateway" (the ASP attaches its VPC to the shared Transit Gateway), "tgw_peering"
                       (the ASP's own Transit Gateway peered with the hub) or "privatelink" (an interface endpoint
                       in the operations VPC to the ASP's endpoint service; only where the municipality ordered
                       PrivateLink)
      business_systems the standard systems the ASP runs (catalog keys; each built on AWS for the municipality,
                       and each run by one ASP only)
      cidrs            transit_gateway: the ASP's networks (never overlapping the operations VPC, the premises or
                       another ASP)
      attachment_id    transit_gateway: the ASP's VPC attachment (tgw-attach-…) once the ASP has made it; until
                       then null, and the connection waits (output asp_connections_waiting)
      service_name     privatelink: the ASP's endpoint service (com.amazonaws.vpce.<region>.vpce-svc-…) once the
                       ASP has published it; until then null, and the connection waits
      ports            privatelink: TCP ports the endpoint opens (default [443])
      allowed_cidrs    privatelink: who may reach the endpoint (default: premises_cidrs)
      peer_transit_gateway_id, peer_account_id, peer_region
                       tgw_peering: the ASP's Transit Gateway, its account and region; with attachment_id (the
                       peering the ASP created, accepted by gcnet) or without it (gcnet creates the peering)
      reachable_from   keys of other connections (transit_gateway or tgw_peering) that may exchange traffic with
                       this one, both ways and nothing wider (a pair agreed by the municipality, e.g. two systems
                       that must exchange data); naming the pair on one side is enough
  EOT
  type = map(object({
    vendor           = string
    account_id       = string
    method           = string
    business_systems = set(string)
    cidrs            = optional(list(string), [])
    attachment_id    = optional(string)
    service_name     = optional(string)
    ports            = optional(set(number), [443])
    allowed_cidrs    = optional(list(string))
    # tgw_peering
    peer_transit_gateway_id = optional(string)
    peer_account_id         = optional(string)
    peer_region             = optional(string)
    # keys of other connections (transit_gateway or tgw_peering) this ASP may exchange traffic with, both ways
    reachable_from = optional(set(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for k in keys(var.asp_connections) : can(regex("^[a-z][a-z0-9-]{0,22}$", k))])
    error_message = "Each key of asp_connections is a short lower-case name (a letter, then up to 22 letters, digits or hyphens): it becomes part of the connection's name."
  }

  validation {
    condition     = alltrue([for c in values(var.asp_connections) : contains(["transit_gateway", "tgw_peering", "privatelink"], c.method)])
    error_message = "method is \"transit_gateway\", \"tgw_peering\" or \"privatelink\"."
  }

  validation {
    condition = alltrue([for c in values(var.asp_connections) : c.method != "tgw_peering" || (
      length(c.cidrs) > 0 && c.service_name == null && c.allowed_cidrs == null &&
      can(regex("^tgw-[0-9a-f]{8,17}$", coalesce(c.peer_transit_gateway_id, "-"))) &&
      can(regex("^[0-9]{12}$", coalesce(c.peer_account_id, "-"))) &&
      contains(["ap-northeast-1", "ap-northeast-3"], coalesce(c.peer_region, "-")) &&
    (c.attachment_id == null || can(regex("^tgw-attach-[0-9a-f]{8,17}$", c.attachment_id))))])
    error_message = "A tgw_peering connection needs cidrs, peer_transit_gateway_id (tgw-…), peer_account_id (12 digits) and peer_region (ap-northeast-1 or ap-northeast-3), takes attachment_id (the peering the ASP created, or null for gcnet to create it), and no service_name or allowed_cidrs."
  }

  validation {
    condition = alltrue([for c in values(var.asp_connections) : c.method == "tgw_peering" || (
    c.peer_transit_gateway_id == null && c.peer_account_id == null && c.peer_region == null)])
    error_message = "peer_transit_gateway_id, peer_account_id and peer_region belong to method tgw_peering only."
  }

  validation {
    condition = alltrue(flatten([for k, c in var.asp_connections : [
      for p in c.reachable_from : p != k && contains(keys(var.asp_connections), p) &&
      c.method != "privatelink" && try(var.asp_connections[p].method != "privatelink", false)
    ]]))
    error_message = "reachable_from names other connections of asp_connections by key, both by transit_gateway or tgw_peering (an endpoint is never routed), and never the connection itself."
  }

  # A pair is declared on the side whose partner's ID is known in advance (its attachment_id): two peerings that
  # gcnet creates cannot name each other here.
  validation {
    condition = alltrue(flatten([for k, c in var.asp_connections : [
      for p in c.reachable_from : c.attachment_id != null || try(var.asp_connections[p].attachment_id != null, true)
    ]]))
    error_message = "In a reachable_from pair at least one side has its attachment_id: two peerings that gcnet creates itself (no attachment_id) cannot be paired in this module; pair them once one peering exists."
  }

  validation {
    condition     = alltrue([for c in values(var.asp_connections) : trimspace(c.vendor) != ""])
    error_message = "vendor is the ASP's name as in the contract; it may not be empty."
  }

  validation {
    condition     = alltrue([for c in values(var.asp_connections) : can(regex("^[0-9]{12}$", c.account_id)) && contains(var.asp_account_ids, c.account_id)])
    error_message = "Each connection's account_id is the ASP's 12-digit account and must be one of asp_account_ids (the hub is shared only with those)."
  }

  validation {
    condition     = alltrue([for c in values(var.asp_connections) : length(c.business_systems) > 0 && alltrue([for s in c.business_systems : can(regex("^[a-z][a-z_]+$", s))])])
    error_message = "Each connection names at least one business system, by its catalog key (resident_records, national_pension, …)."
  }

  validation {
    condition     = length(flatten([for c in values(var.asp_connections) : tolist(c.business_systems)])) == length(distinct(flatten([for c in values(var.asp_connections) : tolist(c.business_systems)])))
    error_message = "A business system is listed under two ASPs: each standard system is built and run by one ASP."
  }

  validation {
    condition = alltrue([for c in values(var.asp_connections) : c.method != "transit_gateway" || (
      length(c.cidrs) > 0 && c.service_name == null && c.allowed_cidrs == null &&
    (c.attachment_id == null || can(regex("^tgw-attach-[0-9a-f]{8,17}$", c.attachment_id))))])
    error_message = "A transit_gateway connection needs cidrs (the ASP's networks), takes attachment_id (tgw-attach- followed by 8 to 17 hex digits, or null until the ASP has attached), and no service_name or allowed_cidrs."
  }

  validation {
    condition = alltrue([for c in values(var.asp_connections) : c.method != "privatelink" || (
      length(c.cidrs) == 0 && c.attachment_id == null && (c.service_name == null ||
      can(regex("^com\\.amazonaws\\.vpce\\.[a-z]{2}(-[a-z]+)+-[0-9]\\.vpce-svc-[0-9a-f]{8,17}$", c.service_name))) &&
    length(c.ports) > 0 && alltrue([for p in c.ports : p >= 1 && p <= 65535 && floor(p) == p]))])
    error_message = "A privatelink connection takes service_name (com.amazonaws.vpce.<region>.vpce-svc-…, or null until the ASP has published its service) and ports (whole numbers 1 to 65535), and takes no cidrs or attachment_id (nothing is routed to an endpoint)."
  }

  validation {
    condition = alltrue(flatten([for c in values(var.asp_connections) : [
      for r in concat(c.cidrs, coalesce(c.allowed_cidrs, [])) : can(cidrnetmask(r)) && cidrhost(r, 0) == split("/", r)[0]
    ]]))
    error_message = "cidrs and allowed_cidrs are IPv4 networks in CIDR form with no host bits set (e.g. 10.102.0.0/20)."
  }

  validation {
    condition = alltrue(flatten([for c in values(var.asp_connections) : [
      for r in c.cidrs : can(cidrnetmask(r)) && tonumber(split("/", r)[1]) >= 8 && tonumber(split("/", r)[1]) <= 28
    ]]))
    error_message = "An ASP's network is /8 to /28."
  }

  # Overlaps: every ASP range against the operations VPC, the premises, its own other ranges and every other ASP's,
  # each pair named once with where each range comes from.
  validation {
    condition = length(flatten([
      for i, k in keys(var.asp_connections) : [
        for r in var.asp_connections[k].cidrs : [
          for o in concat(
            [{ n = "the operations VPC", c = var.vpc_cidr }],
            [for pc in var.premises_cidrs : { n = "the premises", c = pc }],
            flatten([for j, k2 in keys(var.asp_connections) : [for r2 in var.asp_connections[k2].cidrs : { n = "ASP ${k2}", c = r2 }] if j > i]),
            [for r2 in var.asp_connections[k].cidrs : { n = "ASP ${k}", c = r2 } if r2 != r && index(var.asp_connections[k].cidrs, r2) > index(var.asp_connections[k].cidrs, r)]
          ) : "${r} (ASP ${k}) and ${o.c} (${o.n})" if can(cidrnetmask(r)) && can(cidrnetmask(o.c)) && (cidrhost("${split("/", r)[0]}/${min(tonumber(split("/", r)[1]), tonumber(split("/", o.c)[1]))}", 0) == cidrhost("${split("/", o.c)[0]}/${min(tonumber(split("/", r)[1]), tonumber(split("/", o.c)[1]))}", 0))
        ]
      ]
    ])) == 0
    error_message = "Address plan overlaps (every range must be unique, or traffic could not be routed): ${join("; ", flatten([
      for i, k in keys(var.asp_connections) : [
        for r in var.asp_connections[k].cidrs : [
          for o in concat(
            [{ n = "the operations VPC", c = var.vpc_cidr }],
            [for pc in var.premises_cidrs : { n = "the premises", c = pc }],
            flatten([for j, k2 in keys(var.asp_connections) : [for r2 in var.asp_connections[k2].cidrs : { n = "ASP ${k2}", c = r2 }] if j > i]),
            [for r2 in var.asp_connections[k].cidrs : { n = "ASP ${k}", c = r2 } if r2 != r && index(var.asp_connections[k].cidrs, r2) > index(var.asp_connections[k].cidrs, r)]
          ) : "${r} (ASP ${k}) and ${o.c} (${o.n})" if can(cidrnetmask(r)) && can(cidrnetmask(o.c)) && (cidrhost("${split("/", r)[0]}/${min(tonumber(split("/", r)[1]), tonumber(split("/", o.c)[1]))}", 0) == cidrhost("${split("/", o.c)[0]}/${min(tonumber(split("/", r)[1]), tonumber(split("/", o.c)[1]))}", 0))
        ]
      ]
    ]))}."
  }

  validation {
    condition     = alltrue([for c in values(var.asp_connections) : c.method != "privatelink" || length(coalesce(c.allowed_cidrs, var.premises_cidrs)) > 0])
    error_message = "A privatelink connection needs allowed_cidrs (who may reach the endpoint), or premises_cidrs to default to."
  }

  validation {
    condition     = length(compact([for c in values(var.asp_connections) : c.attachment_id])) == length(distinct(compact([for c in values(var.asp_connections) : c.attachment_id])))
    error_message = "Two connections name the same attachment_id."
  }
}

# --- On-prem link (gcnet_onprem_link) ------------------------------------------------------------------------------

variable "onprem_link" {
  description = <<-EOT
    The premises' link to the hub over the municipality's connection service (the catalog says lgcs or
    private_line), by the method agreed with the carrier; null: no link (the premises are not routed). Fields:
      method                       dx_gateway   the municipality's Direct Connect gateway (the carrier's hosted VIF lands
                                                on it), associated with the Transit Gateway by gcnet
                                   dx_proposal  the carrier's Direct Connect gateway: gcnet proposes the association,
                                                the carrier accepts it, the next apply routes it
                                   tgw_peering  a peering the carrier offered from its Transit Gateway, accepted by gcnet
                                   vpn          a Site-to-Site VPN from the premises' router (the backup path)
      dx_gateway_id                dx_gateway, dx_proposal: the Direct Connect gateway (a UUID) once it exists; until
                                   then null, and the link waits (output onprem_link_waiting)
      dx_gateway_owner_account_id  dx_proposal: the carrier's account (12 digits), which owns the gateway
      allowed_prefixes             dx_gateway, dx_proposal: what is advertised to the premises (default: vpc_cidr and
                                   every ASP's cidrs); changed in place, never dropping the link
      peering_attachment_id        tgw_peering: the peering attachment on the hub's Transit Gateway (tgw-attach-…) once
                                   the carrier has offered it; until then null, and the link waits
      customer_gateway_ip          vpn: the public IPv4 address of the premises' VPN router
      bgp_asn                      vpn: the router's BGP AS number
  EOT
  type = object({
    method                      = string
    dx_gateway_id               = optional(string)
    dx_gateway_owner_account_id = optional(string)
    allowed_prefixes            = optional(list(string))
    peering_attachment_id       = optional(string)
    customer_gateway_ip         = optional(string)
    bgp_asn                     = optional(number)
  })
  default = null

  validation {
    condition     = var.onprem_link == null ? true : (contains(["dx_gateway", "dx_proposal", "tgw_peering", "vpn"], try(var.onprem_link.method, "")))
    error_message = "onprem_link.method is \"dx_gateway\", \"dx_proposal\", \"tgw_peering\" or \"vpn\"."
  }

  validation {
    condition = var.onprem_link == null ? true : (!contains(["dx_gateway", "dx_proposal"], var.onprem_link.method) || (
      var.onprem_link.peering_attachment_id == null && var.onprem_link.customer_gateway_ip == null && var.onprem_link.bgp_asn == null &&
      (var.onprem_link.dx_gateway_id == null || can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.onprem_link.dx_gateway_id))) &&
    (var.onprem_link.method == "dx_proposal") == (var.onprem_link.dx_gateway_owner_account_id != null)))
    error_message = "A dx_gateway or dx_proposal link takes dx_gateway_id (a Direct Connect gateway ID: a lower-case UUID such as 5f294f92-bafb-4011-916d-9b0b0e0a0001, or null until the gateway exists) and allowed_prefixes; dx_proposal also needs dx_gateway_owner_account_id (the carrier's account), dx_gateway takes none; neither takes peering_attachment_id, customer_gateway_ip or bgp_asn."
  }

  validation {
    condition     = var.onprem_link == null ? true : (try(var.onprem_link.dx_gateway_owner_account_id == null || can(regex("^[0-9]{12}$", var.onprem_link.dx_gateway_owner_account_id)), false))
    error_message = "onprem_link.dx_gateway_owner_account_id is the carrier's 12-digit AWS account ID."
  }

  validation {
    condition = var.onprem_link == null ? true : (var.onprem_link.method != "tgw_peering" || (
      var.onprem_link.dx_gateway_id == null && var.onprem_link.dx_gateway_owner_account_id == null && var.onprem_link.allowed_prefixes == null &&
      var.onprem_link.customer_gateway_ip == null && var.onprem_link.bgp_asn == null &&
    (var.onprem_link.peering_attachment_id == null || can(regex("^tgw-attach-[0-9a-f]{8,17}$", var.onprem_link.peering_attachment_id)))))
    error_message = "A tgw_peering link takes peering_attachment_id (tgw-attach- followed by 8 to 17 hex digits, or null until the carrier has offered the peering) and no Direct Connect or VPN argument."
  }

  validation {
    condition = var.onprem_link == null ? true : (var.onprem_link.method != "vpn" || (
      var.onprem_link.dx_gateway_id == null && var.onprem_link.dx_gateway_owner_account_id == null && var.onprem_link.allowed_prefixes == null &&
      var.onprem_link.peering_attachment_id == null &&
      can(regex("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$", coalesce(var.onprem_link.customer_gateway_ip, "-"))) &&
      !can(regex("^(10\\.|127\\.|0\\.|169\\.254\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\\.|2(2[4-9]|[3-5][0-9])\\.)", coalesce(var.onprem_link.customer_gateway_ip, "-"))) &&
      try(floor(var.onprem_link.bgp_asn) == var.onprem_link.bgp_asn && var.onprem_link.bgp_asn >= 1 && var.onprem_link.bgp_asn <= 4294967294 &&
    !contains([7224, 9059, 10124, 17493], var.onprem_link.bgp_asn), false)))
    error_message = "A vpn link needs customer_gateway_ip (the premises' router's public IPv4 address: not private, shared, loopback, link-local or multicast) and bgp_asn (a whole number 1 to 4294967294, not one AWS reserves: 7224, 9059, 10124, 17493), and takes no Direct Connect or peering argument."
  }

  validation {
    condition = var.onprem_link == null ? true : (alltrue([for r in coalesce(try(var.onprem_link.allowed_prefixes, null), []) :
    can(cidrnetmask(r)) && cidrhost(r, 0) == split("/", r)[0]]))
    error_message = "onprem_link.allowed_prefixes are IPv4 networks in CIDR form with no host bits set (e.g. 10.2.0.0/16)."
  }

  validation {
    condition     = var.onprem_link == null ? true : (try(var.onprem_link.allowed_prefixes == null || length(var.onprem_link.allowed_prefixes) > 0, true))
    error_message = "onprem_link.allowed_prefixes is null (the ops VPC and every ASP's ranges) or names at least one range: a link that advertises nothing reaches nothing."
  }

  # The premises must not be advertised to themselves.
  validation {
    condition = var.onprem_link == null ? true : (alltrue(flatten([for r in coalesce(try(var.onprem_link.allowed_prefixes, null), []) : [
      for pc in var.premises_cidrs : !can(cidrnetmask(r)) || !can(cidrnetmask(pc)) ||
      cidrhost("${split("/", r)[0]}/${min(tonumber(split("/", r)[1]), tonumber(split("/", pc)[1]))}", 0) !=
      cidrhost("${split("/", pc)[0]}/${min(tonumber(split("/", r)[1]), tonumber(split("/", pc)[1]))}", 0)
    ]])))
    error_message = "onprem_link.allowed_prefixes overlaps premises_cidrs: the premises would be advertised to themselves."
  }
}
