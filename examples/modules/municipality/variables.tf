variable "municipality" {
  description = "Catalog key of the municipality (naruto, komatsushima, anan, mima, katsuura, matsushige, aizumi, itano, kamiita)."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the operations VPC (/16 to /27), agreed with the municipality's address plan."
  type        = string
}

variable "amazon_side_asn" {
  description = "Private ASN of the Transit Gateway; must not collide with the carrier's (LGCS or private line) ASN."
  type        = number
  default     = 64512
}

variable "asp_account_ids" {
  description = "AWS account IDs of the ASPs (vendors) whose business systems connect to the hub."
  type        = set(string)
  default     = []
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
