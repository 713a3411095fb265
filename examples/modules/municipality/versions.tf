terraform {
  required_version = ">= 1.11"
  required_providers {
    gcnet = {
      source = "tokushima/gcnet"
    }
  }
}
