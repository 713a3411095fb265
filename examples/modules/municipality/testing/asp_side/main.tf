# Test-only: the ASPs of a municipality's `terraform test`, played in their own accounts by asp_side.py (boto3, see
# its docstring), after the hub exists and before the connections are applied. A run block uses this directory as
# its module:
#
#   run "asp_side" {
#     module { source = "../modules/municipality/testing/asp_side" }
#     variables {
#       transit_gateway_id = run.hub.network.transit_gateway_id
#       connections        = var.asp_connections
#     }
#   }
#
# and the next run passes run.asp_side.connections (each with the attachment_id or service_name the ASP made) as
# asp_connections. Destroying this state (terraform test does at the end) deletes what the ASPs made. Needs
# python3 with boto3, and credentials that may assume a role in each ASP account (the local emulator allows it).

terraform {
  required_version = ">= 1.11"
}

variable "transit_gateway_id" {
  description = "The hub's Transit Gateway, shared with the ASP accounts."
  type        = string
}

variable "connections" {
  description = "The root's asp_connections (method, account_id, vendor, cidrs of each)."
  type        = any
}

variable "region" {
  description = "Region of the hub."
  type        = string
  default     = "ap-northeast-1"
}

resource "terraform_data" "asp_side" {
  input = {
    transit_gateway_id = var.transit_gateway_id
    connections        = jsonencode(var.connections)
    script             = "${path.module}/asp_side.py"
    region             = var.region
  }

  provisioner "local-exec" {
    command = "python3 '${self.output.script}' create --transit-gateway-id '${self.output.transit_gateway_id}' --region '${self.output.region}' --out '${path.cwd}/.asp-side-${self.id}.json'"
    environment = {
      ASP_SIDE_CONNECTIONS = self.output.connections
    }
  }

  provisioner "local-exec" {
    when    = destroy
    command = "python3 '${self.output.script}' delete --region '${self.output.region}' --state '${path.cwd}/.asp-side-${self.id}.json'"
  }
}

locals {
  # unknown while planning (the id is), so the file is read only after the provisioner wrote it
  made = jsondecode(file("${path.cwd}/.asp-side-${terraform_data.asp_side.id}.json"))
}

output "connections" {
  description = "The connections with the IDs the ASPs reported: attachment_id (transit_gateway) or service_name (privatelink)."
  value       = { for k, c in var.connections : k => merge(c, lookup(local.made, k, {})) }
}
