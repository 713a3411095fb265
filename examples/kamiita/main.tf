# 上板町 (kamiita): the operations-management network area in the Government Cloud (README.md: what it
# builds, the inputs to agree with the municipality, how to apply). Credentials come from the environment or
# shared files, as with the AWS provider; against the local emulator set AWS_ENDPOINT_URL (scripts/main-job.sh does).

terraform {
  required_version = ">= 1.11"
  required_providers {
    gcnet = {
      source  = "tokushima/gcnet"
      version = "~> 0.1"
    }
  }

  # The state lives in the municipality's own S3 bucket, encrypted, locked by an S3 lock object (no DynamoDB):
  # a partial configuration, completed by `terraform init -backend-config=backend.hcl` (backend.hcl.example).
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}

provider "gcnet" {
  # Only the municipality's network account: credentials of any other account stop the run before any change.
  allowed_account_ids = [var.network_account_id]

  region = "ap-northeast-1"

  # The municipality's network account: gcnet assumes this role when network_account_role_arn is set, and uses
  # the caller's own credentials when it is null (a dynamic block with no element writes no assume_role block).
  dynamic "assume_role" {
    for_each = compact([var.network_account_role_arn])
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = {
      project      = "tokushima-gcnet"
      municipality = "kamiita"
      managed-by   = "terraform"
    }
  }
}

module "network" {
  source = "../modules/municipality"

  municipality    = "kamiita"
  vpc_cidr        = "10.22.0.0/16"
  amazon_side_asn = 64534
  asp_account_ids = var.asp_account_ids

  # The address plan (README): the premises (庁内) network; the ASPs' ranges come with asp_connections.
  premises_cidrs  = ["172.24.0.0/16"]
  asp_connections = var.asp_connections

  # The premises' link to the hub (service from the catalog; method and IDs agreed with the carrier).
  onprem_link = var.onprem_link

  # The premises' two DNS servers answer for the internal domain and the reverse zone,
  # and are the only sources allowed to query the inbound endpoints. Used where DNS is built (the catalog's
  # orders_dns, or dns_enabled = true once ordered later).
  premises_dns_domains = ["kamiita.lg.local", "24.172.in-addr.arpa"]
  premises_dns_servers = ["172.24.10.53", "172.24.11.53"]
  # dns_inbound_ips left out: AWS chooses the inbound addresses at the first apply and gcnet keeps them; pin
  # them here (["10.22.0.53", "10.22.128.53", "10.22.0.54", "10.22.128.54"]) before the premises' DNS
  # servers are pointed at them, should the resolver ever have to be rebuilt.
  asp_hosted_zone_ids = var.asp_hosted_zone_ids
  dns_enabled         = var.dns_enabled
  private_ca_enabled  = var.private_ca_enabled
}
