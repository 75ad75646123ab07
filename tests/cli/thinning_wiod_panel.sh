#!/usr/bin/env bash
# The whole WIOD 2013 panel, 1995-2011 (17 tables), in one `leontief thinning` run at 2 ranks
# (two year groups): the SDA parts of every economy and sector sum to the total change
# 1995 -> 2011 within 1e-9; every year's economy shares are in [0, 1]; so are the sector
# shares of exports and of final output (EXGR_DVASH, VS_SHARE, LTV_DVA_SHARE). Sector GVC
# participation can leave [0, 1] where inventory drawdowns make domestic final demand
# negative (docs/methods/thinning.md): those rows are counted, not failed.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$TMP" || exit 1
mkdir tables
import_year() {
  run_ok "import$1.log" 0 "$LEONTIEF" import --input "$TEST_DATA/wiod2013/wiot_$1.csv.gz" \
    --output "tables/wiot_$1.h5"
}
# Two imports at a time (one per core).
for y in $(seq 1995 2 2011); do
  import_year "$y" &
  pid=$!
  if ((y < 2011)); then import_year $((y + 1)); fi
  wait "$pid" || fail "import of $y failed"
done
[[ $(find tables -name 'wiot_*.h5' | wc -l) == 17 ]] || fail "not all 17 tables imported"

CLI_TIMEOUT=300 run_ok panel.log 2 "$LEONTIEF" thinning --tables tables --output panel.h5 \
  --csv panel
grep -q "17 years 1995-2011" panel.log || fail "the panel is not 1995-2011"
grep -q "2 group(s) of 1 rank(s)" panel.log || fail "not two year groups"
regions=41
sectors=35
expect_rows panel/thinning_panel.csv $((17 * regions * (sectors + 1) * 5))
expect_rows panel/thinning_sda.csv $((regions * (sectors + 1)))
expect_rows panel/thinning_trend.csv "$regions"

awk -F, 'NR > 1 {
    if ($7 == "NA") { missing++; next }
    gap = $8 + $9 + $10 + $11 - $7; if (gap < 0) gap = -gap; if (gap > worst) worst = gap
  }
  END {
    printf "SDA 1995 -> 2011: largest |sum of parts - change| = %.3g (%d rows without exports)\n", worst, missing
    exit !(worst < 1e-9)
  }' panel/thinning_sda.csv || fail "SDA parts do not sum to the change within 1e-9"
grep -q '^[A-Za-z]*,TOTAL,1995,2011,NA' panel/thinning_sda.csv && fail "an economy without SDA"

awk -F, 'NR > 1 && $5 != "NA" {
    v = $4 == "EXGR_DVASH" ? $5 / 100 : $5
    if (v >= 0 && v <= 1) next
    if ($3 != "TOTAL" && ($4 == "GVCPT_F" || $4 == "GVCPT_B")) { gvc++; next }
    print "out of [0, 1]: " $0; bad++
  }
  END {
    printf "shares in [0, 1]: %d violations; sector GVC participation outside [0, 1]: %d rows\n", bad, gvc
    exit bad > 0
  }' panel/thinning_panel.csv || fail "a share is outside [0, 1]"

echo "PASS: WIOD 1995-2011 thinning panel: SDA exact, shares in [0, 1]"
