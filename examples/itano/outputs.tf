output "network" {
  value = module.network
}
