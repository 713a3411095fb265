# Benchmark twin of tests/bench/aws-dns/main.tf: the same Route 53 Resolver as one gcnet resource. Used only by
# scripts/bench.sh, which makes the VPC, its two subnets and an ASP's private hosted zone with boto3 first and passes
# them in bench.auto.tfvars (the hub is benchmarked on its own).
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

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "hosted_zone_id" {
  type = string
}

resource "gcnet_dns_resolver" "dns" {
  vpc_id        = var.vpc_id
  subnet_ids    = var.subnet_ids
  name          = "naruto-dns"
  allowed_cidrs = ["172.16.10.53/32", "172.16.11.53/32"]
  inbound_ips   = ["10.30.0.53", "10.30.128.53", "10.30.0.54", "10.30.128.54"]
  forward_rules = {
    "naruto.lg.local"     = { target_ips = ["172.16.10.53", "172.16.11.53"], port = 53, outbound_endpoint = 0 }
    "16.172.in-addr.arpa" = { target_ips = ["172.16.10.53", "172.16.11.53"], port = 53, outbound_endpoint = 1 }
  }
  share_with      = ["111111111111"]
  hosted_zone_ids = [var.hosted_zone_id]
}
