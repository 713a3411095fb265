# Test-only: lifts the hub's prevent_destroy so that a test can destroy (or replace) what it builds. Terraform does
# not read this subdirectory; a test copies the file next to main.tf in its private copy of examples/ (Terraform
# merges *_override.tf files into the module). scripts/main-job.sh, scripts/make-doc-fixtures.sh and
# tests/e2e/test_examples.py do. Never copy it into a municipality's working copy.
resource "gcnet_municipality_hub" "this" {
  lifecycle {
    prevent_destroy = false
  }
}
