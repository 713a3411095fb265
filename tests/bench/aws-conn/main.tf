# Benchmark twin of tests/bench/gcnet-conn/main.tf written with hashicorp/aws: the hub of tests/bench/aws (14
# resources) and, per ASP connection, the accepter, the association with asp, the propagations into onprem and ops
# and the ops VPC route (5 resources; 64 in all with 10 ASPs). Used only by scripts/bench.sh (case conn).
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

variable "attachments" {
  description = "ASP key (asp0 … asp9) -> the ASP's VPC attachment ID on the hub's Transit Gateway."
  type        = map(string)
  default     = {}
}

resource "aws_ec2_transit_gateway_vpc_attachment_accepter" "asp" {
  for_each = var.attachments

  transit_gateway_attachment_id                   = each.value
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
  tags                                            = { Name = "bench-${each.key}" }
}

resource "aws_ec2_transit_gateway_route_table_association" "asp" {
  for_each = var.attachments

  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment_accepter.asp[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.asp.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "asp_onprem" {
  for_each = var.attachments

  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment_accepter.asp[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.onprem.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "asp_ops" {
  for_each = var.attachments

  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment_accepter.asp[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.ops.id
}

resource "aws_route" "ops_to_asp" {
  for_each = var.attachments

  route_table_id         = aws_vpc.hub.main_route_table_id
  destination_cidr_block = "10.${100 + tonumber(trimprefix(each.key, "asp"))}.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.hub]
}

# The premises' link: the Direct Connect gateway (made by the bench) associated with the TGW, its attachment
# associated with onprem and propagated into asp and ops, the ops VPC routing the premises (5 resources + 1 data).
variable "dx_gateway_id" {
  type    = string
  default = null
}

resource "aws_dx_gateway_association" "lgcs" {
  count = var.dx_gateway_id == null ? 0 : 1

  dx_gateway_id         = var.dx_gateway_id
  associated_gateway_id = aws_ec2_transit_gateway.hub.id
  allowed_prefixes      = ["10.20.0.0/16", "10.96.0.0/11"]
}

data "aws_ec2_transit_gateway_dx_gateway_attachment" "lgcs" {
  count = var.dx_gateway_id == null ? 0 : 1

  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  dx_gateway_id      = var.dx_gateway_id
  depends_on         = [aws_dx_gateway_association.lgcs]
}

resource "aws_ec2_transit_gateway_route_table_association" "lgcs" {
  count = var.dx_gateway_id == null ? 0 : 1

  transit_gateway_attachment_id  = data.aws_ec2_transit_gateway_dx_gateway_attachment.lgcs[0].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.onprem.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "lgcs_asp" {
  count = var.dx_gateway_id == null ? 0 : 1

  transit_gateway_attachment_id  = data.aws_ec2_transit_gateway_dx_gateway_attachment.lgcs[0].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.asp.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "lgcs_ops" {
  count = var.dx_gateway_id == null ? 0 : 1

  transit_gateway_attachment_id  = data.aws_ec2_transit_gateway_dx_gateway_attachment.lgcs[0].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.ops.id
}

resource "aws_route" "ops_to_onprem" {
  count = var.dx_gateway_id == null ? 0 : 1

  route_table_id         = aws_vpc.hub.main_route_table_id
  destination_cidr_block = "172.16.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.hub]
}

output "transit_gateway_id" {
  value = aws_ec2_transit_gateway.hub.id
}
