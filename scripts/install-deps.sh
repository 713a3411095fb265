#!/usr/bin/env bash
# Installs what gcnet needs to build, test and document itself, and nothing that is already there.
# Debian packages via apt (skipped entirely when every package is installed); the Python test tools
# (boto3, moto 5.2.1) come from the image's python3 and are only installed with pip when missing.
set -euo pipefail

PACKAGES=(
    gcc pkg-config meson ninja-build clang-format clang
    libgrpc-dev libprotobuf-c-dev protobuf-c-compiler libmsgpack-dev
    libcurl4-openssl-dev libssl-dev openssl libjansson-dev libxlsxwriter-dev
    graphviz fonts-ipafont-gothic gnuplot-nox
)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#PACKAGES[@]} Debian packages present, apt skipped"
else
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

for tool in terraform python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "install-deps: WARNING: $tool is not on PATH; the e2e tests will fail" >&2
    fi
done

if python3 -c 'import moto, boto3, sys; sys.exit(0 if moto.__version__ == "5.2.1" else 1)' 2>/dev/null; then
    echo "install-deps: python3 has boto3 and moto 5.2.1"
else
    echo "install-deps: python3 lacks boto3 or moto 5.2.1; trying pip install moto[server]==5.2.1 boto3" >&2
    if python3 -m pip install --quiet 'moto[server]==5.2.1' boto3 &&
       python3 -c 'import moto, boto3, sys; sys.exit(0 if moto.__version__ == "5.2.1" else 1)'; then
        echo "install-deps: installed moto 5.2.1 and boto3"
    else
        echo "install-deps: ERROR: could not get moto 5.2.1 + boto3 for $(command -v python3);" \
             "the e2e tests and tests/moto will fail" >&2
    fi
fi
