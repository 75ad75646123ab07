#!/usr/bin/env bash
# End-to-end: `leontief tariff` on inputs aggregated from an MRIO table of the store (the
# bundled WIOD 2011 table, 41 economies x 35 sectors).
#   - no tariff change: every wage change is 1 and every welfare measure 0 (to 1e-10);
#   - configs/tariff_wiod2011.ini (25% US-China goods tariffs) at 1 and 2 ranks: same
#     results; China's terms of trade worsen;
#   - economies merged into a rest of the world (data.keep_regions);
#   - an unknown economy in a tariff rule fails with one line naming the file and line.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

repo="$(cd "$CLI_TEST_DIR/../.." && pwd)"
scenario="$repo/configs/tariff_wiod2011.ini"
cd "$TMP" || exit 1
run_ok import.log 0 "$LEONTIEF" import --input "$repo/tests/data/wiod2013/wiot_2011.csv.gz" \
  --output wiod2011.h5

run_ok zero.log 2 "$LEONTIEF" tariff --data.source table --data.table wiod2011.h5 \
  --output zero.h5 --csv zero
expect_rows zero/welfare.csv 41
awk -F, 'NR > 1 { for (i = 2; i <= 6; i++) { v = $i < 0 ? -$i : $i; if (v > 1e-10) bad = bad " " $1 } }
         END { if (bad != "") { print "nonzero welfare change for" bad; exit 1 } }' zero/welfare.csv ||
  fail "no tariff change gave a welfare change (zero/welfare.csv)"
awk -F, 'NR > 1 { d = $2 - 1; d = d < 0 ? -d : d; if (d > 1e-10) bad = bad " " $1 }
         END { if (bad != "") { print "wage change != 1 for" bad; exit 1 } }' zero/regions.csv ||
  fail "no tariff change changed wages (zero/regions.csv)"

run_ok us_china_np1.log 1 "$LEONTIEF" tariff --scenario "$scenario" --data.table "$TMP/wiod2011.h5" \
  --output np1.h5 --csv np1
run_ok us_china_np2.log 2 "$LEONTIEF" tariff --scenario "$scenario" --data.table "$TMP/wiod2011.h5" \
  --output np2.h5 --csv np2
compare_csv np1/welfare.csv np2/welfare.csv 1 1e-9 1e-9
compare_csv np1/sectors.csv np2/sectors.csv 2 1e-9 1e-12
compare_csv np1/trade.csv np2/trade.csv 3 1e-9 1e-12
china_tot="$(awk -F, '$1 == "CHN" { print $4 }' np1/welfare.csv)"
awk -v t="$china_tot" 'BEGIN { exit !(t < 0) }' || fail "China's terms of trade did not worsen ($china_tot)"

run_ok merged.log 2 "$LEONTIEF" tariff --scenario "$scenario" --data.table "$TMP/wiod2011.h5" \
  --data.keep_regions USA,CHN,MEX,CAN --output merged.h5 --csv merged
expect_rows merged/welfare.csv 5
[[ "$(cut -d, -f1 merged/welfare.csv | tr '\n' ' ')" == "region CAN CHN MEX USA ROW " ]] ||
  fail "merged economies: $(cut -d, -f1 merged/welfare.csv | tr '\n' ' ')"

printf 'importer,exporter,sector,percent\nUSA,CHN,c3,10\nUSA,XXX,c3,10\n' >bad_rules.csv
"$CLI_TEST_DIR/expect_error.sh" --regex 'bad_rules\.csv: line 3, column 2: unknown economy .XXX.' \
  --absent "$TMP/bad/r.h5" -- "$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" 2 --oversubscribe \
  "$LEONTIEF" tariff --data.source table --data.table wiod2011.h5 \
  --tariffs.counterfactual bad_rules.csv --output bad/r.h5 ||
  fail "an unknown economy in a tariff rule did not fail cleanly"

echo "PASS: tariff on WIOD 2011 (no change, US-China at 1 and 2 ranks, merged economies, bad rule)"
