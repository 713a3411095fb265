#!/usr/bin/env bash
# Fails when C code calls a function the house style bans (curl's list: unbounded or unsafe string and number
# handling). Usage: banned-functions.sh SOURCE_ROOT
set -u
root=${1:?source root}
pattern='\b(sprintf|vsprintf|strcpy|strcat|strncpy|strtok|atoi|atol|atoll|gets|sscanf)[[:space:]]*\('
hits=$(grep -nE "$pattern" "$root"/provider/*.c "$root"/provider/*/*.c "$root"/provider/*/*.h "$root"/gcnet-doc/*.c \
       "$root"/gcnet-doc/*.h 2>/dev/null | grep -vE '\b(snprintf|vsnprintf)\b' || true)
if [[ -n "$hits" ]]; then
    echo "banned functions used:"
    echo "$hits"
    exit 1
fi
echo "no banned functions in provider/ and gcnet-doc/"
