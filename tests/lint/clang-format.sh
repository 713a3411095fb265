#!/usr/bin/env bash
# Fails when provider/ or gcnet-doc/ strays from .clang-format (the house style, enforced by the formatter).
# Fix with: clang-format -i provider/*/*.[ch] provider/main.c gcnet-doc/*.[ch]
# Usage: clang-format.sh SOURCE_ROOT CLANG_FORMAT
set -u
shopt -s nullglob
root=${1:?source root}
tool=${2:-clang-format}
cd "$root" || exit 2
if ! command -v "$tool" >/dev/null; then
    echo "clang-format not found ($tool): install it (scripts/install-deps.sh); the check cannot pass without it"
    exit 1
fi
files=(provider/*/*.c provider/*/*.h provider/main.c gcnet-doc/*.c gcnet-doc/*.h)
if ! "$tool" --dry-run --Werror "${files[@]}" 2>/tmp/cf.$$; then
    grep -E '^[^ ].*: (error|warning):' /tmp/cf.$$ | head -20
    rm -f /tmp/cf.$$
    exit 1
fi
rm -f /tmp/cf.$$
echo "${#files[@]} files match .clang-format"
