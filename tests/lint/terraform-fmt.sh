#!/usr/bin/env bash
# Every .tf and .tftest.hcl file of the examples and the benchmark is in `terraform fmt` style, so a user who copies
# an example gets a file `terraform fmt` leaves alone.
#   terraform-fmt.sh <repo root> <terraform>
set -euo pipefail
root="$1"
terraform="$2"
cd "$root"
if ! command -v "$terraform" >/dev/null; then
    echo "terraform not found ($terraform): install it (scripts/install-deps.sh); the check cannot pass without it"
    exit 1
fi
# no CLI config needed; an empty one keeps terraform from warning about the missing default
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1
if ! out="$("$terraform" fmt -check -recursive -list=true examples tests/bench)"; then
    echo "terraform fmt would change these files (run: terraform fmt -recursive examples tests/bench):"
    echo "$out"
    exit 1
fi
echo "examples/ and tests/bench/ are terraform fmt clean"
