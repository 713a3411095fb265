variable "municipality" {
  description = "Catalog key of the municipality (naruto, komatsushima, anan, mima, katsuura, matsushige, aizumi, itano, kamiita)."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the operations VPC (/16 to /27), agreed with the municipality's address plan."
  type        = string
}

variable "amazon_side_asn" {
  description = "Private ASN of the Transit Gateway; must not collide with the carrier's (LGCS or private line) ASN."
  type        = number
  default     = 64512
}

variable "asp_account_ids" {
  description = "AWS account IDs of the ASPs (vendors) whose business systems connect to the hub."
  type        = set(string)
  default     = []
}

variable "routing_domains" {
  description = "Routing domains, one Transit Gateway route table each; must include \"ops\"."
  type        = list(string)
  default     = ["onprem", "asp", "ops"]
}

variable "tags" {
  description = "Tags for every object of the municipality's network, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}
