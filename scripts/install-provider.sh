#!/usr/bin/env bash
# Builds terraform-provider-gcnet and installs it where `terraform init` finds it offline, and writes the release
# package in the Terraform Registry's layout.
#
#   bash scripts/install-provider.sh                      # build, install into the implied local mirror
#   bash scripts/install-provider.sh --mirror DIR         # ... into the filesystem mirror DIR instead
#   bash scripts/install-provider.sh --mirror DIR --packed  # the mirror gets the .zip (packed layout)
#
# Where it goes (VERSION from meson.build's project(), the one place it is written):
#   implied local mirror (default)  ~/.terraform.d/plugins/registry.terraform.io/tokushima/gcnet/VERSION/linux_amd64/
#                                   terraform-provider-gcnet_vVERSION (terraform init finds it with no CLI config)
#   --mirror DIR (unpacked)         DIR/registry.terraform.io/tokushima/gcnet/VERSION/linux_amd64/terraform-provider-gcnet_vVERSION
#   --mirror DIR --packed           DIR/registry.terraform.io/tokushima/gcnet/terraform-provider-gcnet_VERSION_linux_amd64.zip
#   release package (--dist DIR,    terraform-provider-gcnet_VERSION_linux_amd64.zip
#   default out/dist)               terraform-provider-gcnet_VERSION_SHA256SUMS
#                                   terraform-provider-gcnet_VERSION_manifest.json
#                                   (the files of a Registry release; a team copies the zip into its own mirror)
#
# Options:
#   --build-dir DIR   meson build directory (default build; set up and built here)
#   --binary FILE     package this binary as is and build nothing (tests use the binary under test)
#   --no-package      install only, write no release package
#   --no-install      write the release package only
# The binary in the package is stripped; the same bytes are installed, so the lock file's h1: hash of an
# installed copy equals the package's (printed at the end).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOSTNAME_NS_TYPE="registry.terraform.io/tokushima/gcnet"
BUILD_DIR="build"
BINARY=""
MIRROR=""
PACKED=0
DIST=""
DO_PACKAGE=1
DO_INSTALL=1

log() { echo "install-provider: $*" >&2; }
die() {
    log "$*"
    exit 2
}

while [[ $# -gt 0 ]]; do
    case "$1" in
    --build-dir) BUILD_DIR="${2:?--build-dir needs a directory}"; shift 2 ;;
    --binary) BINARY="${2:?--binary needs a file}"; shift 2 ;;
    --mirror) MIRROR="${2:?--mirror needs a directory}"; shift 2 ;;
    --packed) PACKED=1; shift ;;
    --dist) DIST="${2:?--dist needs a directory}"; shift 2 ;;
    --no-package) DO_PACKAGE=0; shift ;;
    --no-install) DO_INSTALL=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ $PACKED == 0 || -n "$MIRROR" ]] || die "--packed needs --mirror DIR"

# The version: meson.build's project() version, read without a build directory.
VERSION="$(python3 - "$REPO/meson.build" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"project\([^)]*?version\s*:\s*'([^']+)'", text, re.S)
if not m:
    sys.exit("no version in project() of " + sys.argv[1])
print(m.group(1))
PY
)"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "meson.build's version '$VERSION' is not semver"

case "$(uname -s)_$(uname -m)" in
Linux_x86_64) PLATFORM=linux_amd64 ;;
Linux_aarch64) PLATFORM=linux_arm64 ;;
*) die "unsupported build platform $(uname -s) $(uname -m)" ;;
esac

if [[ -z "$BINARY" ]]; then
    cd "$REPO"
    [[ -f "$BUILD_DIR/build.ninja" ]] || meson setup "$BUILD_DIR" >&2
    ninja -C "$BUILD_DIR" provider/terraform-provider-gcnet >&2
    BINARY="$BUILD_DIR/provider/terraform-provider-gcnet"
fi
[[ -x "$BINARY" ]] || die "no provider binary at $BINARY"
BINARY="$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")"

# The binary must report the version it is packaged as (a stale build directory would not).
reported="$("$BINARY" --version 2>/dev/null || true)"
[[ "$reported" == "terraform-provider-gcnet $VERSION "* ]] \
    || die "$BINARY reports '$reported', not version $VERSION of meson.build (rebuild it)"

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/gcnet-install.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
EXE_NAME="terraform-provider-gcnet_v$VERSION"
strip --strip-unneeded -o "$STAGE/$EXE_NAME" "$BINARY" 2>/dev/null || cp "$BINARY" "$STAGE/$EXE_NAME"
chmod 0755 "$STAGE/$EXE_NAME"

ZIP_NAME="terraform-provider-gcnet_${VERSION}_${PLATFORM}.zip"
# A reproducible zip (fixed timestamp, one member, mode 0755), the package Terraform's h1: hash is computed over;
# h1 = base64(sha256 of the sorted lines "<sha256 hex>  <file name>\n" of the unpacked files).
python3 - "$STAGE/$EXE_NAME" "$STAGE/$ZIP_NAME" >"$STAGE/h1" <<'PY'
import base64, hashlib, os, sys, zipfile
exe, out = sys.argv[1], sys.argv[2]
data = open(exe, "rb").read()
info = zipfile.ZipInfo(os.path.basename(exe), date_time=(2000, 1, 1, 0, 0, 0))
info.external_attr = (0o100755 << 16)
info.compress_type = zipfile.ZIP_DEFLATED
info.create_system = 3
with zipfile.ZipFile(out, "w") as z:
    z.writestr(info, data)
line = "%s  %s\n" % (hashlib.sha256(data).hexdigest(), os.path.basename(exe))
print("h1:" + base64.b64encode(hashlib.sha256(line.encode()).digest()).decode())
PY
H1="$(cat "$STAGE/h1")"

if [[ $DO_INSTALL == 1 ]]; then
    if [[ -z "$MIRROR" ]]; then
        [[ -n "${HOME:-}" ]] || die "HOME is not set: give --mirror DIR"
        MIRROR="$HOME/.terraform.d/plugins"
    fi
    mkdir -p "$MIRROR"
    MIRROR="$(cd "$MIRROR" && pwd)"
    if [[ $PACKED == 1 ]]; then
        dest="$MIRROR/$HOSTNAME_NS_TYPE"
        mkdir -p "$dest"
        cp "$STAGE/$ZIP_NAME" "$dest/$ZIP_NAME.tmp"
        mv "$dest/$ZIP_NAME.tmp" "$dest/$ZIP_NAME"
        log "installed $dest/$ZIP_NAME"
    else
        dest="$MIRROR/$HOSTNAME_NS_TYPE/$VERSION/$PLATFORM"
        mkdir -p "$dest"
        # the package directory holds exactly the package's files, or the h1: hash would not match
        find "$dest" -mindepth 1 -maxdepth 1 ! -name "$EXE_NAME" -exec rm -rf {} +
        cp "$STAGE/$EXE_NAME" "$dest/$EXE_NAME.tmp"
        mv "$dest/$EXE_NAME.tmp" "$dest/$EXE_NAME"
        log "installed $dest/$EXE_NAME"
    fi
fi

if [[ $DO_PACKAGE == 1 ]]; then
    DIST="${DIST:-$REPO/out/dist}"
    mkdir -p "$DIST"
    DIST="$(cd "$DIST" && pwd)"
    # the Registry's manifest: the plugin protocol versions the provider speaks (tfplugin6 only)
    printf '{\n  "version": 1,\n  "metadata": {\n    "protocol_versions": ["6.0"]\n  }\n}\n' \
        >"$STAGE/terraform-provider-gcnet_${VERSION}_manifest.json"
    (cd "$STAGE" && sha256sum "$ZIP_NAME" "terraform-provider-gcnet_${VERSION}_manifest.json" \
        >"terraform-provider-gcnet_${VERSION}_SHA256SUMS")
    for f in "$ZIP_NAME" "terraform-provider-gcnet_${VERSION}_manifest.json" \
        "terraform-provider-gcnet_${VERSION}_SHA256SUMS"; do
        cp "$STAGE/$f" "$DIST/$f.tmp"
        mv "$DIST/$f.tmp" "$DIST/$f"
    done
    log "release package in $DIST: $ZIP_NAME, terraform-provider-gcnet_${VERSION}_SHA256SUMS," \
        "terraform-provider-gcnet_${VERSION}_manifest.json"
fi

log "tokushima/gcnet $VERSION ($PLATFORM), lock-file hash $H1"
echo "$H1"
