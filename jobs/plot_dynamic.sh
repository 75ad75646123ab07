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
source "$(dirname -- "${BASH_SOURCE[0]}")/plot_common.sh"

if [[ $# -lt 3 ]]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
csv=$1
png=$2
scenario=$3
regions=${4:-}

plot_begin "$csv" "$png"

# One data file per economy: "day percent", columns found by their header names.
awk -F, -v scenario="$scenario" -v regions="$regions" -v dir="$plot_tmp" '
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
plot_series "$regions" "output" "in scenario '$scenario' in $csv"

plot_render "$png" <<EOF
set title "Output after the events of scenario ${scenario//_/\\\\_}"
set xlabel "day"
set ylabel "output, % of its level before the events"
plot for [i=1:words(files)] word(files, i) using 1:2 with lines lw 2 title word(names, i)
EOF
