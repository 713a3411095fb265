# Benchmark twin of tests/bench/aws-conn/main.tf: one hub, the premises' link (dx_gateway) and 10 ASP connections
# (transit_gateway) as gcnet resources. Used only by scripts/bench.sh (case conn): the bench makes the municipality's
# Direct Connect gateway with boto3 first; the first apply builds the hub and the link (attachments = {}); the bench
# then attaches 10 ASP VPCs (account 111111111111) to its Transit Gateway with boto3 and applies again with their IDs.
terraform {
  required_providers {
    gcnet = {
      source = "tokushima/gcnet"
    }
  }
}

provider "gcnet" {
  region                      = "ap-northeast-1"
  skip_credentials_validation = true # as the hashicorp/aws twin: no STS round trip before the reads
  default_tags {
    tags = merge({ Project = "gcnet-bench" }, var.bench_tags)
  }
}

variable "bench_tags" {
  description = "Tags added to every resource by scripts/bench.sh's in-place update (bench_update.auto.tfvars)."
  type        = map(string)
  default     = {}
}

resource "gcnet_municipality_hub" "hub" {
  municipality       = "naruto"
  vpc_cidr           = "10.20.0.0/16"
  amazon_side_asn    = 64600
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
  routing_domains    = ["onprem", "asp", "ops"]
  share_with         = ["111111111111"]
}

variable "dx_gateway_id" {
  description = "The municipality's Direct Connect gateway, made by the bench with boto3 (null: no link)."
  type        = string
  default     = null
}

resource "gcnet_onprem_link" "lgcs" {
  count = var.dx_gateway_id == null ? 0 : 1

  hub_id           = gcnet_municipality_hub.hub.id
  name             = "bench-lgcs"
  service          = "lgcs"
  method           = "dx_gateway"
  dx_gateway_id    = var.dx_gateway_id
  allowed_prefixes = ["10.20.0.0/16", "10.96.0.0/11"] # the ops VPC and the ASPs' 10.100-10.109
  onprem_cidrs     = ["172.16.0.0/16"]
}

variable "attachments" {
  description = "ASP key (asp0 … asp9) -> the ASP's VPC attachment ID on the hub's Transit Gateway."
  type        = map(string)
  default     = {}
}

locals {
  systems = ["resident_records", "electoral_roll", "fixed_asset_tax", "individual_resident_tax", "corporate_resident_tax",
  "light_vehicle_tax", "national_pension", "school_enrollment", "long_term_care", "health_management"]
}

resource "gcnet_asp_connection" "asp" {
  for_each = var.attachments

  hub_id           = gcnet_municipality_hub.hub.id
  name             = "bench-${each.key}"
  vendor           = "Vendor ${each.key}"
  method           = "transit_gateway"
  attachment_id    = each.value
  cidrs            = ["10.${100 + tonumber(trimprefix(each.key, "asp"))}.0.0/16"]
  business_systems = [local.systems[tonumber(trimprefix(each.key, "asp"))]]
}

output "transit_gateway_id" {
  value = gcnet_municipality_hub.hub.transit_gateway_id
}
