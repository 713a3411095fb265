#!/usr/bin/env bash
# Regenerates schemas/provider.json from the built provider (see schemas/README.md). Offline: dev_overrides.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GCNET_BUILD_DIR:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/cli.tfrc" <<EOT
provider_installation {
  dev_overrides {
    "registry.terraform.io/tokushima/gcnet" = "$build/provider"
  }
}
EOT
cat > "$work/main.tf" <<'EOT'
terraform {
  required_providers {
    gcnet = { source = "tokushima/gcnet" }
  }
}
EOT
(cd "$work" && TF_CLI_CONFIG_FILE="$work/cli.tfrc" terraform providers schema -json 2>/dev/null) |
    python3 -c 'import json,sys; json.dump(json.load(sys.stdin), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False); print()' \
        > "$root/schemas/provider.json"
echo "wrote $root/schemas/provider.json"
python3 "$root/scripts/gen-docs.py"
