#!/usr/bin/env bash
# End-to-end: `leontief tariff --scenario configs/nafta_cp2015.ini` (Caliendo & Parro 2015,
# NAFTA tariff changes 1993 -> 2005 from a 1993 base year without deficits) on the CP2015
# data in tests/data/cp2015 (--data.directory overrides the scenario's directory).
#   - welfare.csv has the columns region, welfare_decomposition_pct, real_wage_pct,
#     terms_of_trade_pct, volume_of_trade_pct, real_income_exact_pct and one row per economy
#     (ISO3 codes): the paper's decomposition and the exact change are named apart;
#   - welfare decomposition, terms of trade, volume of trade and real wage of Mexico, Canada
#     and the US are the published ones to the rounding they were printed with (two
#     decimals: ±0.005 percentage points), with zero deficits (the scenario) and with the
#     observed 1993 deficits (--model.deficits observed); Mexico gains the most; welfare
#     decomposition = terms of trade + volume of trade; Mexico's exact real income moves far
#     less (0.0073%) than the paper's decomposition (1.31%);
#   - 1, 2 and 4 ranks and the damped fixed point give the same results;
#   - the shipped copy of the data (the scenario's own relative path, resolved against the
#     scenario file's directory, from another working directory) gives the same results;
#   - a bad cell in a data file fails with one line naming the file, line and column.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

scenario="$(cd "$CLI_TEST_DIR/../.." && pwd)/configs/nafta_cp2015.ini"
data="$TEST_DATA/cp2015"
[[ -r "$scenario" ]] || fail "missing scenario $scenario"
[[ -r "$data/xbilat1993.txt" ]] || fail "missing CP2015 data in $data"
cd "$TMP" || exit 1

run_ok np1.log 1 "$LEONTIEF" tariff --scenario "$scenario" --data.directory "$data" \
  --output np1.h5 --csv np1
run_ok np2.log 2 "$LEONTIEF" tariff --scenario "$scenario" --data.directory "$data" \
  --output np2.h5 --csv np2
run_ok np4.log 4 "$LEONTIEF" tariff --scenario "$scenario" --data.directory "$data" \
  --output np4.h5 --csv np4
run_ok fp.log 2 "$LEONTIEF" tariff --scenario "$scenario" --data.directory "$data" \
  --output fp.h5 --csv fp --solver.method fixed_point
mkdir elsewhere
(cd elsewhere && run_ok ../shipped.log 0 "$LEONTIEF" tariff --scenario "$scenario" \
  --output ../shipped.h5 --csv ../shipped)

header="region,welfare_decomposition_pct,real_wage_pct,terms_of_trade_pct,volume_of_trade_pct,real_income_exact_pct"
for run in np1 np2 np4 fp shipped; do
  [[ -s "$run.h5" ]] || fail "run $run wrote no $run.h5"
  [[ "$(head -1 "$run/welfare.csv")" == "$header" ]] ||
    fail "$run/welfare.csv header is '$(head -1 "$run/welfare.csv")', expected '$header'"
  expect_rows "$run/welfare.csv" 31
  expect_rows "$run/regions.csv" 31
  expect_rows "$run/sectors.csv" $((31 * 40))
done

# published CSV REGION WELFARE TOT VOT REAL_WAGE: the region's row of welfare.csv holds the
# published percentages to half a unit of their last printed digit ("1.31": ±0.005).
published() {
  local csv=$1 region=$2 status=0
  shift 2
  awk -F, -v r="$region" -v want="$*" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == r { found = 1; for (i = 1; i <= NF; i++) row[i] = $i }
    END {
      if (!found) { print "no row " r; exit 1 }
      split("welfare_decomposition_pct terms_of_trade_pct volume_of_trade_pct real_wage_pct", names, " ")
      split(want, printed, " ")
      bad = 0
      for (k = 1; k <= 4; ++k) {
        v = row[col[names[k]]]; p = printed[k]
        decimals = index(p, ".") ? length(p) - index(p, ".") : 0
        half = 0.5 / 10 ^ decimals
        d = v - p; if (d < 0) d = -d
        ok = v != "NA" && v == v + 0 && d <= half
        printf "%s %s = %s, published %s +- %g%s\n", r, names[k], v, p, half, ok ? "" : "  <-- FAIL"
        if (!ok) bad = 1
      }
      exit bad
    }' "$csv" || status=$?
  [[ $status == 0 ]] || fail "$csv: $region differs from the published NAFTA effects"
}
# Caliendo & Parro (2015), section 5.1 (zero deficits): welfare totals from the paper
# (abstract), the decomposition and real wages as the independent replication of section
# 5.1 (R package cp2015, github.com/paulofelipe/cp2015) asserts them; see tests/test_cp2015.cpp.
#                        welfare  ToT    VoT   real wage
published np1/welfare.csv MEX 1.31 -0.41 1.72 1.72
published np1/welfare.csv CAN -0.06 -0.11 0.04 0.32
published np1/welfare.csv USA 0.08 0.04 0.04 0.11
# The observed 1993 deficits, fixed in nominal terms (the replication's "solution with deficits").
run_ok deficits.log 2 "$LEONTIEF" tariff --scenario "$scenario" --data.directory "$data" \
  --model.deficits observed --output deficits.h5 --csv deficits
published deficits/welfare.csv MEX 1.17 -0.41 1.59 1.64
published deficits/welfare.csv CAN -0.04 -0.08 0.04 0.33
published deficits/welfare.csv USA 0.08 0.05 0.04 0.12
mex="$(awk -F, '$1 == "MEX" { print $2 }' np1/welfare.csv)"
mex_exact="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
                     $1 == "MEX" { print $col["real_income_exact_pct"] }' np1/welfare.csv)"
echo "MEX exact real income (percent): $mex_exact"
awk -v m="$mex" -v e="$mex_exact" 'BEGIN { exit !(e > 0 && e < 0.05 && m > 20 * e) }' ||
  fail "MEX: expected an exact real-income change near 0.007% beside a decomposition near 1.3%, got $mex_exact and $mex"
largest="$(awk -F, 'NR > 1 && (best == "" || $2 > max) { max = $2; best = $1 } END { print best }' np1/welfare.csv)"
[[ "$largest" == MEX ]] || fail "the largest welfare gain is $largest's, expected MEX's"
awk -F, 'NR > 1 { d = $2 - ($4 + $5); if (d < 0) d = -d; if (d > 1e-12) bad = bad " " $1 }
         END { if (bad != "") { print "welfare != ToT + VoT for" bad; exit 1 } }' np1/welfare.csv ||
  fail "welfare is not the sum of the terms-of-trade and volume-of-trade effects"

for run in np2 np4 shipped; do
  # Percentages: agree to 1e-9 points (1e-11 relative changes); hats and flows to 1e-9.
  compare_csv np1/welfare.csv "$run/welfare.csv" 1 1e-9 1e-9
  compare_csv np1/regions.csv "$run/regions.csv" 1 1e-9 1e-9
  compare_csv np1/sectors.csv "$run/sectors.csv" 2 1e-9 1e-12
  compare_csv np1/trade.csv "$run/trade.csv" 3 1e-9 1e-12
  compare_csv np1/welfare_by_partner.csv "$run/welfare_by_partner.csv" 3 1e-9 1e-9
done
compare_csv np1/welfare.csv fp/welfare.csv 1 1e-6 1e-9
compare_csv np1/sectors.csv fp/sectors.csv 2 1e-9 1e-12

# A bad cell: one clean error naming the file, the line and the column.
mkdir bad
cp "$data"/*.txt bad/
awk 'NR == 7 { $3 = "1.5e" } { print }' "$data/GO.txt" >bad/GO.txt
"$CLI_TEST_DIR/expect_error.sh" --regex 'GO\.txt: line 7, column 3: not a number' \
  --absent "$TMP/bad_out/r.h5" -- \
  "$LEONTIEF" tariff --scenario "$scenario" --data.directory bad --output bad_out/r.h5 ||
  fail "a bad cell in GO.txt did not fail cleanly"
"$CLI_TEST_DIR/expect_error.sh" --regex 'nope\.txt: cannot open' --absent "$TMP/bad_out/r.h5" -- \
  "$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" 2 --oversubscribe "$LEONTIEF" tariff --scenario "$scenario" \
  --data.directory "$data" --tariffs.counterfactual nope.txt --output bad_out/r.h5 ||
  fail "a missing tariff file did not fail cleanly at 2 ranks"

echo "PASS: NAFTA (CP2015) published effects with zero and observed deficits; 1, 2, 4 ranks, fixed point, shipped data; MEX $mex"
