# Benchmark twin of tests/bench/gcnet-dns/main.tf written with hashicorp/aws: the same Route 53 Resolver (two inbound
# and two outbound endpoints with pinned/two-zone addresses, their security groups, two FORWARD rules associated with
# the VPC and shared through RAM, an ASP's private hosted zone associated with the VPC). Used only by
# scripts/bench.sh (endpoint and credentials from the environment; VPC, subnets and zone from bench.auto.tfvars).
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

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "hosted_zone_id" {
  type = string
}

locals {
  name    = "naruto-dns"
  servers = ["172.16.10.53", "172.16.11.53"]
  inbound = [["10.30.0.53", "10.30.128.53"], ["10.30.0.54", "10.30.128.54"]]
  rules = {
    "naruto.lg.local"     = 0
    "16.172.in-addr.arpa" = 1
  }
}

resource "aws_security_group" "inbound" {
  name   = "${local.name}-inbound"
  vpc_id = var.vpc_id
  tags   = { Name = "${local.name}-inbound" }
}

resource "aws_vpc_security_group_ingress_rule" "dns" {
  for_each          = { for x in setproduct(["tcp", "udp"], local.servers) : "${x[0]}-${x[1]}" => x }
  security_group_id = aws_security_group.inbound.id
  ip_protocol       = each.value[0]
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "${each.value[1]}/32"
}

resource "aws_security_group" "outbound" {
  name   = "${local.name}-outbound"
  vpc_id = var.vpc_id
  tags   = { Name = "${local.name}-outbound" }
}

resource "aws_vpc_security_group_egress_rule" "dns" {
  for_each          = { for x in setproduct(["tcp", "udp"], local.servers) : "${x[0]}-${x[1]}" => x }
  security_group_id = aws_security_group.outbound.id
  ip_protocol       = each.value[0]
  from_port         = 53
  to_port           = 53
  cidr_ipv4         = "${each.value[1]}/32"
}

resource "aws_route53_resolver_endpoint" "inbound" {
  count              = 2
  name               = "${local.name}-inbound-${count.index}"
  direction          = "INBOUND"
  security_group_ids = [aws_security_group.inbound.id]
  ip_address {
    subnet_id = var.subnet_ids[0]
    ip        = local.inbound[count.index][0]
  }
  ip_address {
    subnet_id = var.subnet_ids[1]
    ip        = local.inbound[count.index][1]
  }
}

resource "aws_route53_resolver_endpoint" "outbound" {
  count              = 2
  name               = "${local.name}-outbound-${count.index}"
  direction          = "OUTBOUND"
  security_group_ids = [aws_security_group.outbound.id]
  ip_address {
    subnet_id = var.subnet_ids[0]
  }
  ip_address {
    subnet_id = var.subnet_ids[1]
  }
}

resource "aws_route53_resolver_rule" "fwd" {
  for_each             = local.rules
  domain_name          = each.key
  name                 = "${local.name}-${replace(each.key, ".", "-")}"
  rule_type            = "FORWARD"
  resolver_endpoint_id = aws_route53_resolver_endpoint.outbound[each.value].id
  dynamic "target_ip" {
    for_each = local.servers
    content {
      ip   = target_ip.value
      port = 53
    }
  }
}

resource "aws_route53_resolver_rule_association" "fwd" {
  for_each         = local.rules
  resolver_rule_id = aws_route53_resolver_rule.fwd[each.key].id
  vpc_id           = var.vpc_id
}

resource "aws_ram_resource_share" "rules" {
  name                      = local.name
  allow_external_principals = false
  tags                      = { Name = local.name }
}

resource "aws_ram_resource_association" "rules" {
  for_each           = local.rules
  resource_arn       = aws_route53_resolver_rule.fwd[each.key].arn
  resource_share_arn = aws_ram_resource_share.rules.arn
}

resource "aws_ram_principal_association" "asp" {
  principal          = "111111111111"
  resource_share_arn = aws_ram_resource_share.rules.arn
}

resource "aws_route53_zone_association" "asp" {
  zone_id = var.hosted_zone_id
  vpc_id  = var.vpc_id
}
