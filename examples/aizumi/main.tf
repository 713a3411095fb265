# 藍住町 (aizumi): the operations-management network area in the Government Cloud.
# Credentials come from the environment or shared files, as with the AWS provider. Against the local emulator,
# set AWS_ENDPOINT_URL (scripts/main-job.sh does).

terraform {
  required_version = ">= 1.11"
  required_providers {
    gcnet = {
      source = "tokushima/gcnet"
    }
  }
}

provider "gcnet" {
  region = "ap-northeast-1"

  default_tags {
    tags = {
      project      = "tokushima-gcnet"
      municipality = "aizumi"
      managed-by   = "terraform"
    }
  }
}

module "network" {
  source = "../modules/municipality"

  municipality    = "aizumi"
  vpc_cidr        = "10.20.0.0/16"
  amazon_side_asn = 64532
  asp_account_ids = var.asp_account_ids

  # Premises (庁内) network 172.22.0.0/16: its two DNS servers answer for the internal domain and the reverse
  # zone, and are the only sources allowed to query the inbound endpoints. Used where DNS is built (the catalog's
  # orders_dns, or dns_enabled = true once ordered later).
  premises_dns_domains = ["aizumi.lg.local", "22.172.in-addr.arpa"]
  premises_dns_servers = ["172.22.10.53", "172.22.11.53"]
  # The premises' DNS servers forward the business systems' zones to these (two per inbound endpoint, one in
  # each half of the VPC); pinned, so they survive any change of the resolver.
  dns_inbound_ips     = ["10.20.0.53", "10.20.128.53", "10.20.0.54", "10.20.128.54"]
  asp_hosted_zone_ids = var.asp_hosted_zone_ids
  dns_enabled         = var.dns_enabled
  private_ca_enabled  = var.private_ca_enabled
}

variable "asp_account_ids" {
  description = "AWS account IDs of the ASPs serving 藍住町."
  type        = set(string)
  default     = ["111111111111", "222222222222"]
}

variable "asp_hosted_zone_ids" {
  description = "Private hosted zones of 藍住町's ASPs, each authorised by its ASP for the operations VPC (CreateVPCAssociationAuthorization)."
  type        = set(string)
  default     = []
}

variable "dns_enabled" {
  description = "null: Route 53 Resolver as the contract orders it for 藍住町; true/false after a later negotiation."
  type        = bool
  default     = null
}

variable "private_ca_enabled" {
  description = "null: private CA as the contract orders it for 藍住町; true/false after a later negotiation."
  type        = bool
  default     = null
}

output "network" {
  value = module.network
}
