output "name_ja" {
  description = "The municipality's name in Japanese."
  value       = data.gcnet_municipality.this.name_ja
}

output "connection" {
  description = "How the premises reach the Government Cloud: lgcs or private_line."
  value       = data.gcnet_municipality.this.connection
}

output "transit_gateway_id" {
  description = "The hub's Transit Gateway."
  value       = gcnet_municipality_hub.this.transit_gateway_id
}

output "route_table_ids" {
  description = "Transit Gateway route table of each routing domain."
  value       = gcnet_municipality_hub.this.route_table_ids
}

output "vpc_id" {
  description = "The operations VPC."
  value       = gcnet_municipality_hub.this.vpc_id
}

output "resource_share_arn" {
  description = "RAM share of the Transit Gateway to the ASP accounts."
  value       = gcnet_municipality_hub.this.resource_share_arn
}

output "hub" {
  description = "The routing hub with all its attributes (IDs, route tables, subnets, share), for documents and tests."
  value       = gcnet_municipality_hub.this
}
