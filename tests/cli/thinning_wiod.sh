#!/usr/bin/env bash
# End-to-end: `leontief thinning` on three WIOD 2013 years (1995, 2003, 2011).
#  - The panel equals three one-year runs (their panels concatenated), at 1, 2 and 4 ranks
#    split into groups of one rank (bitwise: each year is solved on one rank), and at 4 ranks
#    in groups of 2 and 2 ranks in one group (distributed solver on the sub-communicator;
#    rtol 1e-9). SDA and trend tables agree the same way.
#  - The panel values are the `decompose --method tiva,position` columns of each year.
#  - SDA parts sum to the total change (1e-9); economy shares are in [0, 1].
#  - --plot writes a PNG (when gnuplot is installed).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

years=(1995 2003 2011)
cd "$TMP" || exit 1
import_wiod_years tables "${years[@]}"
regions=41
sectors=35
measures=5
panel_rows=$((${#years[@]} * regions * (sectors + 1) * measures))

# One-year runs: their panels, concatenated, are the reference.
echo "year,region,sector,measure,value" >single_panel.csv
for y in "${years[@]}"; do
  run_ok "single$y.log" 1 "$LEONTIEF" thinning --tables "tables/wiot_$y.h5" --output "single$y.h5" \
    --csv "single$y"
  tail -n +2 "single$y/thinning_panel.csv" >>single_panel.csv
  # The same numbers as `decompose`: pick the panel columns out of its tidy tables.
  run_ok "decompose$y.log" 1 "$LEONTIEF" decompose --table "tables/wiot_$y.h5" \
    --method tiva,position --output "decompose$y.h5" --csv "decompose$y"
  {
    echo "year,region,sector,measure,value"
    for level in economy sector; do
      for method in tiva position; do
        awk -F, -v y="$y" -v level="$level" '
          NR == 1 { for (c = 1; c <= NF; ++c) col[$c] = c; next }
          {
            sector = level == "economy" ? "TOTAL" : $2
            n = split("EXGR_DVASH VS_SHARE LTV_DVA_SHARE GVCPT_F GVCPT_B", names, " ")
            for (k = 1; k <= n; ++k) {
              if (names[k] in col) print y "," $1 "," sector "," names[k] "," $(col[names[k]])
            }
          }' "decompose$y/${method}_$level.csv"
      done
    done
  } >"decompose$y.csv"
  grep "^$y," "single$y/thinning_panel.csv" | sed '1i year,region,sector,measure,value' >"panel$y.csv"
  expect_rows "decompose$y.csv" $((regions * (sectors + 1) * measures))
  compare_csv "panel$y.csv" "decompose$y.csv" 4 0 0 --na value
done
expect_rows single_panel.csv "$panel_rows"

# The panel at 1, 2, 4 ranks (groups of 1 rank), 4 ranks in groups of 2, 2 ranks in one group.
run_ok np1.log 1 "$LEONTIEF" thinning --tables tables --output np1.h5 --csv np1
run_ok np2.log 2 "$LEONTIEF" thinning --tables tables --output np2.h5 --csv np2
run_ok np4.log 4 "$LEONTIEF" thinning --tables tables/wiot_1995.h5,tables/wiot_2003.h5,tables/wiot_2011.h5 \
  --output np4.h5 --csv np4
run_ok np4g2.log 4 "$LEONTIEF" thinning --tables tables --output np4g2.h5 --csv np4g2 \
  --thinning.ranks_per_group 2
run_ok np2g0.log 2 "$LEONTIEF" thinning --tables tables --output np2g0.h5 --csv np2g0 \
  --thinning.ranks_per_group 0
grep -q "2 group(s) of 2 rank(s)" np4g2.log || fail "np4g2 did not run 2 groups of 2 ranks"
grep -q "1 group(s) of 2 rank(s)" np2g0.log || fail "np2g0 did not run 1 group of 2 ranks"
grep -q "4 group(s) of 1 rank(s)" np4.log || fail "np4 did not run 4 groups of 1 rank"
grep -q "1 group(s) idle" np4.log || fail "np4 did not report its idle group (4 groups, 3 years)"

for run in np1 np2 np4; do
  compare_csv single_panel.csv "$run/thinning_panel.csv" 4 0 0 --na value
done
for run in np2 np4; do
  compare_csv np1/thinning_sda.csv "$run/thinning_sda.csv" 4 0
  compare_csv np1/thinning_trend.csv "$run/thinning_trend.csv" 2 0
done
for run in np4g2 np2g0; do
  compare_csv single_panel.csv "$run/thinning_panel.csv" 4 1e-9 1e-12 --na value
  compare_csv np1/thinning_sda.csv "$run/thinning_sda.csv" 4 1e-9 1e-9
  compare_csv np1/thinning_trend.csv "$run/thinning_trend.csv" 2 1e-9 1e-9
done
for run in np1 np2 np4 np4g2 np2g0; do
  [[ -s "$run.h5" ]] || fail "$run wrote no $run.h5"
  [[ ! -e "$run.h5.parts" ]] || fail "$run left its parts directory behind"
done

# SDA: parts sum to the change; economy rows are the sums of their sector rows.
expect_rows np1/thinning_sda.csv $((regions * (sectors + 1)))
awk -F, 'NR > 1 && $7 != "NA" {
    gap = $8 + $9 + $10 + $11 - $7; if (gap < 0) gap = -gap; if (gap > worst) worst = gap
    if ($2 == "TOTAL") total[$1] = $7; else sum[$1] += $7
  }
  END {
    for (r in total) { d = total[r] - sum[r]; if (d < 0) d = -d; if (d > worst_sum) worst_sum = d }
    printf "SDA: largest |sum of parts - change| %.3g, |economy - sum of sectors| %.3g\n", worst, worst_sum
    exit !(worst < 1e-9 && worst_sum < 1e-9)
  }' np1/thinning_sda.csv || fail "SDA parts do not sum to the change"
awk -F, 'NR > 1 && $3 == "TOTAL" && $5 != "NA" {
    v = $4 == "EXGR_DVASH" ? $5 / 100 : $5
    if (v < 0 || v > 1) { print "out of [0, 1]: " $0; bad = 1 }
  }
  END { exit bad }' np1/thinning_panel.csv || fail "an economy share is outside [0, 1]"

# The picture.
if command -v gnuplot >/dev/null 2>&1; then
  run_ok plot.log 2 "$LEONTIEF" thinning --tables tables --output plot.h5 --plot dva.png \
    --plot_regions CHN,MEX,USA
  [[ "$(head -c 8 dva.png | od -An -c | tr -d ' ')" == "211PNG\r\n032\n" ]] ||
    fail "dva.png is not a PNG"
  grep -q "plotted EXGR_DVASH of CHN,MEX,USA in dva.png" plot.log || fail "no plot line in plot.log"
  ls -a | grep -q "dva.png.data\|\.partial-" && fail "temporary plot file left behind"
else
  echo "note: gnuplot not installed; --plot not tested"
fi

echo "PASS: thinning on WIOD 1995, 2003, 2011 equals one-year runs and decompose at 1, 2, 4 ranks"
