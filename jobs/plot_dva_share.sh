#!/usr/bin/env bash
# Plots an economy-level measure of `leontief thinning` over time (default: EXGR_DVASH, the
# domestic value-added share of gross exports) as a PNG, one line per economy, with gnuplot
# (Debian package gnuplot-nox).
#
#   jobs/plot_dva_share.sh PANEL_CSV OUT.png [REGIONS] [MEASURE]
#
#   PANEL_CSV  thinning_panel.csv written by `leontief thinning --csv DIR`
#              (columns year,region,sector,measure,value; economy rows have sector TOTAL)
#   OUT.png    the picture (written under a temporary name, then renamed)
#   REGIONS    comma-separated economies, e.g. CHN,MEX,USA (default: all in the file)
#   MEASURE    any economy-level measure of the panel, e.g. VS_SHARE (default EXGR_DVASH)
#
# `leontief thinning --plot OUT.png [--plot_regions CHN,MEX]` runs this script itself.
set -euo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/plot_common.sh"

if [[ $# -lt 2 ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
csv=$1
png=$2
regions=${3:-}
measure=${4:-EXGR_DVASH}

plot_begin "$csv" "$png"
IFS= read -r header <"$csv" || header=""
[[ "$header" == "year,region,sector,measure,value" ]] ||
  plot_fail 2 "$csv is not a thinning_panel.csv (header: $header)"

# One data file per economy: "year value".
awk -F, -v measure="$measure" -v regions="$regions" -v dir="$plot_tmp" '
  NR == 1 { next }
  $3 == "TOTAL" && $4 == measure && $5 != "NA" &&
  (regions == "" || index("," regions ",", "," $2 ",") > 0) {
    print $1, $5 > (dir "/" $2 ".dat")
  }' "$csv"
plot_series "$regions" "$measure values" "in $csv"

case "$measure" in
  EXGR_DVASH) ylabel="domestic value added, % of gross exports"
              title="Domestic value-added share of gross exports (EXGR\\\\_DVASH)" ;;
  *) ylabel="$measure"; title="${measure//_/\\\\_} by economy" ;;
esac
read -r first last < <(awk -F, 'NR > 1 { if (min == "" || $1 < min) min = $1
                                           if (max == "" || $1 > max) max = $1 }
                                 END { print min, max }' "$csv")

plot_render "$png" <<EOF
set title "$title, $first-$last"
set xlabel "year"
set ylabel "$ylabel"
set xtics 1 rotate by 45 right
set xrange [$first-0.5:$last+0.5]
plot for [i=1:words(files)] word(files, i) using 1:2 with linespoints lw 2 pt 7 ps 0.8 title word(names, i)
EOF
