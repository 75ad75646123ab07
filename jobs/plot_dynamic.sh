#!/usr/bin/env bash
# Plots the output path of economies in one scenario of `leontief dynamic` as a PNG, in
# percent of their output before the events, one line per economy, with gnuplot (Debian
# package gnuplot-nox).
#
#   jobs/plot_dynamic.sh SERIES_CSV OUT.png SCENARIO [REGIONS]
#
#   SERIES_CSV  dynamic_series_economy.csv written by `leontief dynamic --csv DIR` (any CSV
#               with the columns scenario, region, day and production_ratio)
#   OUT.png     the picture (written under a temporary name, then renamed)
#   SCENARIO    the scenario to plot
#   REGIONS     comma-separated economies, e.g. JPN,KOR,CHN (default: all in the file)
#
# `leontief dynamic --plot OUT.png [--plot_scenario NAME] [--plot_regions A,B]` runs this
# script itself, with the economies hit and the most affected ones.
set -euo pipefail

if [[ $# -lt 3 ]]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
csv=$1
png=$2
scenario=$3
regions=${4:-}

command -v gnuplot >/dev/null 2>&1 || {
  echo "plot_dynamic.sh: gnuplot not found (Debian: apt-get install gnuplot-nox)" >&2
  exit 3
}
[[ -r "$csv" ]] || { echo "plot_dynamic.sh: cannot read $csv" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plot_dynamic.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One data file per economy: "day percent", columns found by their header names.
awk -F, -v scenario="$scenario" -v regions="$regions" -v dir="$tmp" '
  NR == 1 {
    for (i = 1; i <= NF; i++) column[$i] = i
    if (!("scenario" in column) || !("region" in column) || !("day" in column) ||
        !("production_ratio" in column)) {
      print "plot_dynamic.sh: " FILENAME " lacks the columns scenario, region, day, production_ratio" > "/dev/stderr"
      exit 2
    }
    next
  }
  $column["scenario"] == scenario && $column["production_ratio"] != "NA" &&
  (regions == "" || index("," regions ",", "," $column["region"] ",") > 0) {
    print $column["day"], 100 * $column["production_ratio"] > (dir "/" $column["region"] ".dat")
  }' "$csv"

if [[ -z "$regions" ]]; then
  regions=$(find "$tmp" -name '*.dat' -printf '%f\n' | sed 's/\.dat$//' | sort | paste -sd, -)
fi
files=()
names=()
IFS=, read -r -a wanted <<<"$regions"
for r in "${wanted[@]}"; do
  if [[ -s "$tmp/$r.dat" ]]; then
    files+=("$tmp/$r.dat")
    names+=("$r")
  else
    echo "plot_dynamic.sh: no output of economy '$r' in scenario '$scenario' in $csv" >&2
    exit 4
  fi
done
[[ ${#files[@]} -gt 0 ]] || { echo "plot_dynamic.sh: nothing to plot" >&2; exit 4; }

title="Output after the events of scenario ${scenario//_/\\\\_}"
out_tmp="$(dirname -- "$png")/.$(basename -- "$png").partial-$$"
gnuplot <<EOF
set terminal pngcairo size 1100,650 enhanced font "DejaVu Sans,12"
set output "$out_tmp"
set title "$title"
set xlabel "day"
set ylabel "output, % of its level before the events"
set grid
set key outside right top
files = "${files[*]}"
names = "${names[*]}"
plot for [i=1:words(files)] word(files, i) using 1:2 with lines lw 2 title word(names, i)
EOF
mv -f -- "$out_tmp" "$png"
