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
}

variable "asp_account_ids" {
  description = "AWS account IDs of the ASPs serving 藍住町."
  type        = set(string)
  default     = ["111111111111", "222222222222"]
}

output "network" {
  value = module.network
}
