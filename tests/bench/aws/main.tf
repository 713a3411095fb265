# Benchmark twin of tests/bench/gcnet/main.tf written with hashicorp/aws: the same hub in 14 resources.
# Used only by scripts/bench.sh (endpoint and credentials come from the environment: AWS_ENDPOINT_URL etc.).
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

locals {
  name    = "naruto-gcnet"
  domains = ["onprem", "asp", "ops"]
}

resource "aws_ec2_transit_gateway" "hub" {
  amazon_side_asn                 = 64600
  auto_accept_shared_attachments  = "disable"
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
  dns_support                     = "enable"
  tags                            = { Name = local.name }
}

resource "aws_ec2_transit_gateway_route_table" "onprem" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "${local.name}-onprem", "gcnet:routing-domain" = "onprem" }
}

resource "aws_ec2_transit_gateway_route_table" "asp" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "${local.name}-asp", "gcnet:routing-domain" = "asp" }
}

resource "aws_ec2_transit_gateway_route_table" "ops" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "${local.name}-ops", "gcnet:routing-domain" = "ops" }
}

resource "aws_vpc" "hub" {
  cidr_block = "10.20.0.0/16"
  tags       = { Name = local.name }
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.hub.id
  cidr_block        = "10.20.0.0/28"
  availability_zone = "ap-northeast-1a"
  tags              = { Name = "${local.name}-tgw-a" }
}

resource "aws_subnet" "c" {
  vpc_id            = aws_vpc.hub.id
  cidr_block        = "10.20.0.16/28"
  availability_zone = "ap-northeast-1c"
  tags              = { Name = "${local.name}-tgw-c" }
}

resource "aws_ec2_transit_gateway_vpc_attachment" "hub" {
  transit_gateway_id                              = aws_ec2_transit_gateway.hub.id
  vpc_id                                          = aws_vpc.hub.id
  subnet_ids                                      = [aws_subnet.a.id, aws_subnet.c.id]
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
  tags                                            = { Name = local.name }
}

resource "aws_ec2_transit_gateway_route_table_association" "ops" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.hub.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.ops.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "onprem" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.hub.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.onprem.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "asp" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.hub.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.asp.id
}

resource "aws_ram_resource_share" "hub" {
  name                      = local.name
  allow_external_principals = false
  tags                      = { Name = local.name }
}

resource "aws_ram_resource_association" "hub" {
  resource_arn       = aws_ec2_transit_gateway.hub.arn
  resource_share_arn = aws_ram_resource_share.hub.arn
}

resource "aws_ram_principal_association" "asp" {
  principal          = "111111111111"
  resource_share_arn = aws_ram_resource_share.hub.arn
}
