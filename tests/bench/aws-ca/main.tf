# Benchmark twin of tests/bench/gcnet-ca/main.tf written with hashicorp/aws: the same private root CA in 7 resources
# (the authority, its root certificate issued from its own CSR with RootCACertificate/V1, the certificate imported
# into the authority, ACM's permission, the RAM share with the CA and the ASP account). Used only by
# scripts/bench.sh (endpoint and credentials from the environment).
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region                      = "ap-northeast-1"
  skip_metadata_api_check     = true
  skip_credentials_validation = true
  default_tags {
    tags = merge({ Project = "gcnet-bench" }, var.bench_tags)
  }
}

variable "bench_tags" {
  description = "Tags added to every resource by scripts/bench.sh's in-place update (bench_update.auto.tfvars)."
  type        = map(string)
  default     = {}
}

data "aws_partition" "current" {}

resource "aws_acmpca_certificate_authority" "root" {
  type                            = "ROOT"
  usage_mode                      = "GENERAL_PURPOSE"
  permanent_deletion_time_in_days = 7
  certificate_authority_configuration {
    key_algorithm     = "RSA_2048"
    signing_algorithm = "SHA256WITHRSA"
    subject {
      common_name  = "Naruto City Government Cloud Root CA"
      organization = "Naruto City"
      locality     = "Naruto"
      state        = "Tokushima"
      country      = "JP"
    }
  }
}

resource "aws_acmpca_certificate" "root" {
  certificate_authority_arn   = aws_acmpca_certificate_authority.root.arn
  certificate_signing_request = aws_acmpca_certificate_authority.root.certificate_signing_request
  signing_algorithm           = "SHA256WITHRSA"
  template_arn                = "arn:${data.aws_partition.current.partition}:acm-pca:::template/RootCACertificate/V1"
  validity {
    type  = "YEARS"
    value = 10
  }
}

resource "aws_acmpca_certificate_authority_certificate" "root" {
  certificate_authority_arn = aws_acmpca_certificate_authority.root.arn
  certificate               = aws_acmpca_certificate.root.certificate
  certificate_chain         = aws_acmpca_certificate.root.certificate_chain
}

resource "aws_acmpca_permission" "acm" {
  certificate_authority_arn = aws_acmpca_certificate_authority.root.arn
  actions                   = ["IssueCertificate", "GetCertificate", "ListPermissions"]
  principal                 = "acm.amazonaws.com"
  depends_on                = [aws_acmpca_certificate_authority_certificate.root]
}

resource "aws_ram_resource_share" "ca" {
  name                      = "naruto-private-ca"
  allow_external_principals = false
  tags                      = { Name = "naruto-private-ca" }
}

resource "aws_ram_resource_association" "ca" {
  resource_arn       = aws_acmpca_certificate_authority.root.arn
  resource_share_arn = aws_ram_resource_share.ca.arn
  depends_on         = [aws_acmpca_certificate_authority_certificate.root]
}

resource "aws_ram_principal_association" "asp" {
  principal          = "111111111111"
  resource_share_arn = aws_ram_resource_share.ca.arn
}
