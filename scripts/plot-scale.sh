#!/usr/bin/env bash
# Plots the scale benchmark's CSV (scripts/bench-scale.sh) as one PNG: refresh plan, apply and destroy wall time, and
# AWS requests per refresh, against the number of ASP connections on one hub, for gcnet, the terraform_data floor and
# hashicorp/aws (log-log axes; the "nine" rows are not connections and are left out). Needs gnuplot (Debian's
# gnuplot-nox, scripts/install-deps.sh).
#
#   bash scripts/plot-scale.sh [out/bench-scale.csv] [docs/images/bench-scale.png]
set -euo pipefail

CSV="${1:-out/bench-scale.csv}"
PNG="${2:-docs/images/bench-scale.png}"
[[ -f "$CSV" ]] || { echo "plot-scale: no CSV at $CSV (run scripts/bench-scale.sh first)" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "plot-scale: gnuplot is missing (scripts/install-deps.sh)" >&2; exit 2; }
mkdir -p "$(dirname "$PNG")"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# one data file per side: connections, plan_s, apply_s, requests, destroy_s ("?" when not measured) (hub rows only,
# by header name)
for side in gcnet floor aws; do
    awk -F, -v side="$side" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["case"] == "hub" && $col["side"] == side {
            d = ("destroy_s" in col && $col["destroy_s"] != "") ? $col["destroy_s"] : "?"
            print $col["connections"], $col["plan_s"], $col["apply_s"], $col["requests"], d
        }' "$CSV" | sort -n >"$TMP/$side.dat"
done

gnuplot <<EOF
set terminal pngcairo size 2000,480 font "sans,10" noenhanced
set output "$PNG"
set datafile missing "?"
set multiplot layout 1,4 title "gcnet_asp_connection at scale: one hub, N connections (local moto, shared 2-core machine; each run's load in the CSV and README)"
set logscale xy
set grid
set xlabel "ASP connections"
set key top left
set xrange [0.8:1300]
set ylabel "seconds"
set title "refresh plan (wall)"
plot "$TMP/gcnet.dat" u 1:2 w lp lc rgb '#1f77b4' pt 7 lw 2 t "gcnet", \
     "$TMP/floor.dat" u 1:2 w lp lc rgb '#7f7f7f' pt 5 lw 2 t "floor (terraform_data)", \
     "$TMP/aws.dat"   u 1:2 w lp lc rgb '#d62728' pt 9 lw 2 t "hashicorp/aws"
set title "apply (wall)"
plot "$TMP/gcnet.dat" u 1:3 w lp lc rgb '#1f77b4' pt 7 lw 2 t "gcnet", \
     "$TMP/floor.dat" u 1:3 w lp lc rgb '#7f7f7f' pt 5 lw 2 t "floor (terraform_data)", \
     "$TMP/aws.dat"   u 1:3 w lp lc rgb '#d62728' pt 9 lw 2 t "hashicorp/aws"
set title "destroy of the connections (wall)"
plot "$TMP/gcnet.dat" u 1:5 w lp lc rgb '#1f77b4' pt 7 lw 2 t "gcnet", \
     "$TMP/floor.dat" u 1:5 w lp lc rgb '#7f7f7f' pt 5 lw 2 t "floor (terraform_data)"
set title "AWS requests per refresh plan"
set ylabel "requests"
set yrange [1:*]
plot "$TMP/gcnet.dat" u 1:4 w lp lc rgb '#1f77b4' pt 7 lw 2 t "gcnet", \
     "$TMP/aws.dat"   u 1:4 w lp lc rgb '#d62728' pt 9 lw 2 t "hashicorp/aws", \
     x/10 w l dt 2 lc rgb '#2ca02c' t "target: connections / 10"
unset multiplot
EOF
echo "plot-scale: wrote $PNG"
