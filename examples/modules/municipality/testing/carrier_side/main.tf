# Test-only: the carrier (LGCS or the private access line) of a municipality's `terraform test`, played with boto3
# by carrier_side.py: the Direct Connect gateway the premises' link lands on, in the network account (account null:
# method dx_gateway) or in the carrier's (account set: dx_proposal), and, with accept = true, the carrier's
# acceptance of gcnet's association proposal. A run block uses this directory as its module:
#
#   run "carrier_side" {
#     module { source = "../modules/municipality/testing/carrier_side" }
#     variables { name = "naruto-lgcs" }
#   }
#
# and a later run passes dx_gateway_id = run.carrier_side.dx_gateway_id in onprem_link. Run it before the hub, so
# that `terraform test` destroys it last (after the link has ended its association). Needs python3 with boto3.

terraform {
  required_version = ">= 1.11"
}

variable "name" {
  description = "Name of the Direct Connect gateway."
  type        = string
}

variable "account" {
  description = "The carrier's account (dx_proposal); null: the caller's own (the network account, dx_gateway)."
  type        = string
  default     = null
}

variable "accept" {
  description = "The carrier accepts every association proposal still requested for its gateway (dx_proposal)."
  type        = bool
  default     = false
}

variable "region" {
  description = "Region of the hub."
  type        = string
  default     = "ap-northeast-1"
}

resource "terraform_data" "gateway" {
  input = {
    name    = var.name
    account = var.account == null ? "" : var.account
    script  = "${path.module}/carrier_side.py"
    region  = var.region
  }

  provisioner "local-exec" {
    command = "python3 '${self.output.script}' create --name '${self.output.name}' --region '${self.output.region}' ${self.output.account == "" ? "" : "--account '${self.output.account}'"} --out '${path.cwd}/.carrier-side-${self.id}.json'"
  }

  provisioner "local-exec" {
    when    = destroy
    command = "python3 '${self.output.script}' delete --state '${path.cwd}/.carrier-side-${self.id}.json'"
  }
}

resource "terraform_data" "accept" {
  count = var.accept ? 1 : 0

  input = terraform_data.gateway.id

  provisioner "local-exec" {
    command = "python3 '${terraform_data.gateway.output.script}' accept --state '${path.cwd}/.carrier-side-${terraform_data.gateway.id}.json'"
  }
}

locals {
  # unknown while planning (the id is), so the file is read only after the provisioner wrote it
  made = jsondecode(file("${path.cwd}/.carrier-side-${terraform_data.gateway.id}.json"))
}

output "dx_gateway_id" {
  description = "The Direct Connect gateway (a UUID): onprem_link.dx_gateway_id."
  value       = local.made.dx_gateway_id
}
