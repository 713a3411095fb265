# Benchmark twin of tests/bench/aws-ca/main.tf: the same private root CA (ACTIVE, shared through RAM, ACM allowed
# to issue from it) as one gcnet resource. Used only by scripts/bench.sh.
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

resource "gcnet_private_ca" "root" {
  subject = {
    common_name  = "Naruto City Government Cloud Root CA"
    organization = "Naruto City"
    locality     = "Naruto"
    state        = "Tokushima"
    country      = "JP"
  }
  key_algorithm                   = "RSA_2048"
  signing_algorithm               = "SHA256WITHRSA"
  validity_years                  = 10
  usage_mode                      = "GENERAL_PURPOSE"
  share_with                      = ["111111111111"]
  acm_permission                  = true
  permanent_deletion_time_in_days = 7
}
