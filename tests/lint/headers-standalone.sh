#!/usr/bin/env bash
# Each header must compile on its own (libgit2's headertest): it includes what it uses. Usage:
# headers-standalone.sh SOURCE_ROOT BUILD_ROOT CC
set -u
shopt -s nullglob
root=${1:?source root}
build=${2:?build root}
cc=${3:-cc}
failed=0
count=0
for header in "$root"/provider/*/*.h "$root"/gcnet-doc/*.h; do
    count=$((count + 1))
    if ! echo "#include \"$header\"" | "$cc" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Werror -fsyntax-only \
            -I"$root/provider" -I"$root/gcnet-doc" -I"$build/proto" -x c - 2>/tmp/hdr.$$; then
        echo "not self-contained: ${header#$root/}"
        sed 's/^/    /' /tmp/hdr.$$ | head -5
        failed=$((failed + 1))
    fi
done
rm -f /tmp/hdr.$$
echo "$count headers checked, $failed not self-contained"
[[ $failed -eq 0 ]]
