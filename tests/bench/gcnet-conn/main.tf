# Benchmark twin of tests/bench/aws-conn/main.tf: one hub and 10 ASP connections (transit_gateway) as gcnet resources.
# Used only by scripts/bench.sh (case conn): the first apply builds the hub (attachments = {}); the bench then
# attaches 10 ASP VPCs (account 111111111111) to its Transit Gateway with boto3 and applies again with their IDs.
terraform {
  required_providers {
    gcnet = {
      source = "tokushima/gcnet"
    }
  }
}

provider "gcnet" {
  region = "ap-northeast-1"
  default_tags {
    tags = { Project = "gcnet-bench" }
  }
}

resource "gcnet_municipality_hub" "hub" {
  municipality       = "naruto"
  vpc_cidr           = "10.20.0.0/16"
  amazon_side_asn    = 64600
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
  routing_domains    = ["onprem", "asp", "ops"]
  share_with         = ["111111111111"]
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
