#!/usr/bin/env bash
# End-to-end: `leontief decompose --tables` on three WIOD 2013 years (1995, 2003, 2011) with
# every method.
#  - Each table of the panel (CSV with a first column `year`, and HDF5) equals the one-year
#    `decompose --table` runs stacked year by year: bitwise at 1, 2 and 4 ranks split into
#    groups of one rank (each year is solved on one rank, like the 1-rank reference), and
#    within rtol 1e-9 at 4 ranks in groups of 2 and at 2 ranks in one group (ScaLAPACK on
#    the sub-communicator).
#  - The HDF5 datasets agree between the rank-group layouts; every year has its record
#    /years/<year>; no parts directory is left.
#  - --table and --tables together, or neither, is one error line.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

years=(1995 2003 2011)
cd "$TMP" || exit 1
import_wiod_years tables "${years[@]}"

# keys CSV: the number of key columns of a tidy CSV (leading columns naming labels).
keys() {
  head -n 1 "$1" | tr ',' '\n' | awk '
    /^(year|exporter|importer|sector|region|source|destination)$/ { n++; next } { exit }
    END { print n }'
}

# One-year runs, stacked with a year column: the reference.
mkdir reference
for y in "${years[@]}"; do
  run_ok "single$y.log" 1 "$LEONTIEF" decompose --method all --table "tables/wiot_$y.h5" \
    --output "single$y.h5" --csv "single$y"
  for f in "single$y"/*.csv; do
    name=$(basename "$f")
    [[ -e "reference/$name" ]] || head -n 1 "$f" | sed 's/^/year,/' >"reference/$name"
    tail -n +2 "$f" | sed "s/^/$y,/" >>"reference/$name"
  done
done
tables=$(cd reference && ls -- *.csv)
[[ $(wc -w <<<"$tables") -ge 10 ]] || fail "decompose --method all wrote only: $tables"

run_ok np1.log 1 "$LEONTIEF" decompose --method all --tables tables --output np1.h5 --csv np1
run_ok np2.log 2 "$LEONTIEF" decompose --method all --tables tables --output np2.h5 --csv np2
run_ok np4.log 4 "$LEONTIEF" decompose --method all \
  --tables tables/wiot_2011.h5,tables/wiot_1995.h5,tables/wiot_2003.h5 --output np4.h5 --csv np4
run_ok np4g2.log 4 "$LEONTIEF" decompose --method all --tables tables --output np4g2.h5 \
  --csv np4g2 --decompose.ranks_per_group 2
run_ok np2g0.log 2 "$LEONTIEF" decompose --method wwz,all --tables tables --output np2g0.h5 \
  --csv np2g0 --decompose.ranks_per_group 0
grep -q "3 years 1995-2011, 41 economies x 35 sectors; 4 group(s) of 1 rank(s)" np4.log ||
  fail "np4 did not run 4 groups of 1 rank"
grep -q "1 group(s) idle" np4.log || fail "np4 did not report its idle group (4 groups, 3 years)"
grep -q "2 group(s) of 2 rank(s)" np4g2.log || fail "np4g2 did not run 2 groups of 2 ranks"
grep -q "1 group(s) of 2 rank(s)" np2g0.log || fail "np2g0 did not run 1 group of 2 ranks"
[[ $(grep -c "year [0-9]* done" np2.log) == 3 ]] || fail "np2 did not compute 3 years"

# Columns with documented NA (ratios with a zero denominator: docs/methods/position.md,
# tiva.md); elsewhere every value must be a number.
na_columns() {
  case $1 in
    position_sector.csv)
      echo "GVCPT_F,GVCPT_F_S,GVCPT_F_C,GVCPT_B,GVCPT_B_S,GVCPT_B_C,PLV,PLV_D,PLV_RT,PLV_GVC,\
PLV_GVC_D,PLV_GVC_F,PLY,PLY_D,PLY_RT,PLY_GVC,PLY_GVC_D,PLY_GVC_F,GVC_POSITION,UPSTREAMNESS,\
DOWNSTREAMNESS,APL_FORWARD,APL_BACKWARD,KPWW_PARTICIPATION,KPWW_POSITION,LTV_FVA_SHARE,\
LTV_DVA_SHARE" ;;
    tiva_sector.csv) echo "EXGR_DVASH,EXGR_FVASH,VAX_RATIO,VS_SHARE,VS1_SHARE" ;;
    tiva_bilateral.csv) echo "EXGR_DVASH,VAX_RATIO" ;;
  esac
}

for name in $tables; do
  na=()
  [[ -n $(na_columns "$name") ]] && na=(--na "$(na_columns "$name")")
  k=$(($(keys "reference/$name")))
  ((k >= 2)) || fail "reference/$name: no key columns besides year"
  for run in np1 np2 np4; do
    compare_csv "reference/$name" "$run/$name" "$k" 0 0 "${na[@]}"
    expect_rows "$run/$name" $(($(wc -l <"reference/$name") - 1))
  done
  for run in np4g2 np2g0; do compare_csv "reference/$name" "$run/$name" "$k" 1e-9 1e-9 "${na[@]}"; done
  head -n 1 "np1/$name" | grep -q '^year,' || fail "np1/$name does not start with a year column"
done

# HDF5: the stacked tables agree across layouts, and each year has its record.
for name in $tables; do
  group=${name%.csv}
  nan=()  # NaN in the same places, only in the tables with documented NA
  [[ -n $(na_columns "$name") ]] && nan=(--nan)
  for run in np2 np4; do
    "$H5_COMPARE" np1.h5 "$run.h5" "$group/values" --rtol 0 "${nan[@]}" >/dev/null ||
      fail "$group/values differs between np1.h5 and $run.h5"
  done
  for run in np4g2 np2g0; do
    "$H5_COMPARE" np1.h5 "$run.h5" "$group/values" --rtol 1e-9 --atol 1e-9 "${nan[@]}" >/dev/null ||
      fail "$group/values differs between np1.h5 and $run.h5"
  done
done
for y in "${years[@]}"; do
  "$H5_COMPARE" --has np1.h5 "years/$y" || fail "np1.h5 has no record years/$y"
done
for run in np1 np2 np4 np4g2 np2g0; do
  [[ -s "$run.h5" ]] || fail "$run wrote no $run.h5"
  [[ ! -e "$run.h5.parts" ]] || fail "$run left its parts directory behind"
done

# One table or a panel, not both, not neither.
for args in "--table tables/wiot_1995.h5 --tables tables" ""; do
  status=0
  # shellcheck disable=SC2086  # the arguments are meant to split
  run_ranks 2 "$LEONTIEF" decompose --method kww --output both.h5 $args >both.log 2>&1 || status=$?
  [[ $status == 1 ]] || { cat both.log >&2; fail "decompose $args: exit status $status, expected 1"; }
  [[ $(grep -c '^leontief: error: decompose: give either --table' both.log) == 1 ]] ||
    { cat both.log >&2; fail "decompose $args: not one error line"; }
  [[ ! -e both.h5 ]] || fail "decompose $args wrote a result"
done

echo "PASS: decompose --tables equals one-year runs at 1, 2, 4 ranks and every rank-group layout"
