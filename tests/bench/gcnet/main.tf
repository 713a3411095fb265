# Benchmark twin of tests/bench/aws/main.tf: the same hub as one gcnet resource. Used only by scripts/bench.sh.
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
