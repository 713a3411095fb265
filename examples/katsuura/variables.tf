variable "network_account_id" {
  description = "勝浦町's network account (12 digits): the provider refuses to run with credentials of any other account (allowed_account_ids), so a wrong profile never changes another municipality's network."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.network_account_id))
    error_message = "network_account_id is a 12-digit AWS account ID."
  }
}

variable "network_account_role_arn" {
  description = "IAM role in 勝浦町's network account that gcnet assumes (arn:aws:iam::<account>:role/<name>); null: the caller's own credentials are used as they are."
  type        = string
  default     = null

  validation {
    condition     = var.network_account_role_arn == null || can(regex("^arn:aws:iam::[0-9]{12}:role/.+$", var.network_account_role_arn))
    error_message = "network_account_role_arn must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>) or null."
  }
}

variable "asp_account_ids" {
  description = "AWS account IDs of the ASPs serving 勝浦町: the Transit Gateway, the forwarding rules and the CA are shared with exactly these accounts. No default: agree them with the municipality (terraform.tfvars.example)."
  type        = set(string)

  validation {
    condition     = alltrue([for id in var.asp_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "Each ASP account ID is 12 digits."
  }
}

variable "asp_connections" {
  description = "勝浦町's ASPs, one connection each (vendor, account_id, method, business_systems, cidrs, and attachment_id or service_name once the ASP has acted): see the module's asp_connections and terraform.tfvars.example. No default: agree them with the municipality and each ASP."
  type        = any
}

variable "onprem_link" {
  description = "勝浦町's premises link: method (dx_gateway, dx_proposal, tgw_peering or vpn) and what it needs (dx_gateway_id once the Direct Connect gateway exists, …): see the module's onprem_link and terraform.tfvars.example. No default: agree it with the municipality and the carrier."
  type        = any
}

variable "asp_hosted_zone_ids" {
  description = "Private hosted zones of 勝浦町's ASPs, each authorised by its ASP for the operations VPC (CreateVPCAssociationAuthorization)."
  type        = set(string)
  default     = []
}

variable "dns_enabled" {
  description = "null: Route 53 Resolver as the contract orders it for 勝浦町; true/false after a later negotiation."
  type        = bool
  default     = null
}

variable "private_ca_enabled" {
  description = "null: private CA as the contract orders it for 勝浦町; true/false after a later negotiation."
  type        = bool
  default     = null
}
