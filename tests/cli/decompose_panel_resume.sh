#!/usr/bin/env bash
# `leontief decompose --tables` stopped midway resumes without recomputing finished years and
# never leaves a corrupt result (WIOD 2013, 1995-1998, --method kww,tiva). The test hook
# LEONTIEF_DECOMPOSE_TEST_ABORT makes a run die with MPI_Abort, like a job killed by its
# time limit:
#  1. a 2-year run (1995, 1996) writes run.h5 — an older result;
#  2. the 4-year run aborted after one computed year: 1995 and 1996 come from run.h5's year
#     records, 1997 is left in run.h5.parts/; run.h5 and the CSV files are untouched;
#  3. the rerun aborted while writing 1998's part: only a temporary file, nothing else changes;
#  4. the rerun at 2 ranks computes 1998 only and equals a clean run bitwise (HDF5 and CSV);
#  5. a rerun with everything finished computes nothing; --decompose.resume false recomputes
#     all; other methods recompute all;
#  6. a year that fails stops the run with one error line naming the year; the other years
#     are kept.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$TMP" || exit 1
import_wiod_years tables 1995 1996 1997 1998
methods=kww,tiva
csv_files=(kww tiva_economy tiva_sector tiva_bilateral)
keys_of() {
  case "$1" in
    kww | tiva_economy) echo 2 ;;
    *) echo 3 ;;
  esac
}
same_as_clean() {
  for f in "${csv_files[@]}"; do
    na=()  # ratios with a zero denominator (docs/methods/tiva.md)
    case $f in
      tiva_sector) na=(--na EXGR_DVASH,EXGR_FVASH,VAX_RATIO,VS_SHARE,VS1_SHARE) ;;
      tiva_bilateral) na=(--na EXGR_DVASH,VAX_RATIO) ;;
    esac
    compare_csv "clean/$f.csv" "run/$f.csv" "$(keys_of "$f")" 0 0 "${na[@]}"
  done
  for f in "${csv_files[@]}"; do
    nan=()  # NaN in the same places: the TiVA ratios with a zero denominator
    [[ $f == tiva_sector || $f == tiva_bilateral ]] && nan=(--nan)
    "$H5_COMPARE" clean.h5 run.h5 "$f/values" --rtol 0 "${nan[@]}" >/dev/null ||
      fail "$1: $f/values differs"
  done
}

run_ok clean.log 1 "$LEONTIEF" decompose --method "$methods" --tables tables --output clean.h5 \
  --csv clean

# 1. An older, complete result.
run_ok old.log 1 "$LEONTIEF" decompose --method "$methods" \
  --tables tables/wiot_1995.h5,tables/wiot_1996.h5 --output run.h5 --csv run
keep_older_result

# 2-3. Aborts after one computed year and while writing 1998's part file.
resume_after_aborts LEONTIEF_DECOMPOSE_TEST_ABORT decompose --method "$methods" --tables tables \
  --output run.h5 --csv run

# 4. Resume at 2 ranks: 1998 only, and the result equals the clean run.
resume_at_two_ranks decompose --method "$methods" --tables tables --output run.h5 --csv run
same_as_clean "resumed run"

# 5. Everything finished: nothing to compute (records read from run.h5); forced and other
#    methods recompute every year.
run_ok again.log 1 "$LEONTIEF" decompose --method tiva,kww --tables tables --output run.h5 \
  --csv run
grep -q "resuming: 4 year(s) already finished, 0 to compute" again.log || fail "run 5 recomputed"
same_as_clean "rerun from the result's records"
run_ok forced.log 1 "$LEONTIEF" decompose --method "$methods" --tables tables --output run.h5 \
  --csv run --decompose.resume false
[[ $(grep -c "year [0-9]* done" forced.log) == 4 ]] || fail "--decompose.resume false did not recompute"
grep -q "resuming" forced.log && fail "--decompose.resume false resumed"
run_ok other.log 1 "$LEONTIEF" decompose --method kww --tables tables --output run.h5 --csv run
[[ $(grep -c "year [0-9]* done" other.log) == 4 ]] || fail "other methods reused the records"
compare_csv clean/kww.csv run/kww.csv 2 0

# 6. A year that fails (a non-productive table) stops the run.
failing_year_stops_panel decompose --method kww

echo "PASS: decompose --tables resumes after aborts, reuses finished years, never corrupts the result"
