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
mkdir tables
for y in 1995 1996 1997 1998; do
  run_ok "import$y.log" 0 "$LEONTIEF" import --input "$TEST_DATA/wiod2013/wiot_$y.csv.gz" \
    --output "tables/wiot_$y.h5"
done
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
mkdir old_copy && cp -r run.h5 run old_copy/
unchanged() {
  cmp -s run.h5 old_copy/run.h5 || fail "$1: run.h5 changed"
  for f in "${csv_files[@]}"; do
    cmp -s "run/$f.csv" "old_copy/run/$f.csv" || fail "$1: run/$f.csv changed"
  done
  ls -a . run | grep -q '\.partial-' && fail "$1: a temporary result file is left next to the output"
  return 0
}

# 2. Abort after one computed year.
status=0
LEONTIEF_DECOMPOSE_TEST_ABORT=after:1 run_ranks 1 "$LEONTIEF" decompose --method "$methods" \
  --tables tables --output run.h5 --csv run >abort1.log 2>&1 || status=$?
[[ $status != 0 ]] || fail "the aborted run exited with status 0"
grep -q "resuming: 2 year(s) already finished, 2 to compute" abort1.log ||
  { cat abort1.log >&2; fail "run 2 did not reuse 1995 and 1996 from run.h5"; }
[[ -s run.h5.parts/year_1997.h5 ]] || fail "1997 was not recorded in run.h5.parts"
[[ ! -e run.h5.parts/year_1998.h5 ]] || fail "1998 recorded although the run stopped before it"
unchanged "after the abort"

# 3. Abort while writing 1998's part file.
status=0
LEONTIEF_DECOMPOSE_TEST_ABORT=writing:1998 run_ranks 1 "$LEONTIEF" decompose --method "$methods" \
  --tables tables --output run.h5 --csv run >abort2.log 2>&1 || status=$?
[[ $status != 0 ]] || fail "the run aborted while writing exited with status 0"
grep -q "resuming: 3 year(s) already finished, 1 to compute" abort2.log ||
  { cat abort2.log >&2; fail "run 3 did not reuse 1995-1997"; }
[[ ! -e run.h5.parts/year_1998.h5 ]] || fail "a part file killed while written was renamed into place"
ls -a run.h5.parts | grep -q 'year_1998.h5.partial-' || fail "no temporary part file (hook not reached?)"
unchanged "after the abort while writing"

# 4. Resume at 2 ranks: 1998 only, and the result equals the clean run.
run_ok resume.log 2 "$LEONTIEF" decompose --method "$methods" --tables tables --output run.h5 \
  --csv run
grep -q "resuming: 3 year(s) already finished, 1 to compute" resume.log ||
  { cat resume.log >&2; fail "the resumed run recomputed finished years"; }
[[ $(grep -c "year [0-9]* done" resume.log) == 1 ]] || fail "the resumed run computed more than one year"
[[ ! -e run.h5.parts ]] || fail "run.h5.parts left behind after a complete run"
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

# 6. A year that fails (a non-productive table) stops the run on every rank with one error
#    line and no result; the years finished by both groups are kept (2 year groups, 2 ranks).
mkdir small
printf '%s\n' ',AR_Agr,AR_Tex,TR_Agr,TR_Tex,AR_FD,TR_FD,GO' 'AR_Agr,10,20,5,5,40,20,100' \
  'AR_Tex,18,5,5,5,37,30,100' 'TR_Agr,5,5,20,10,10,50,100' 'TR_Tex,5,5,10,20,10,50,100' \
  'VA,62,65,60,60,,,' 'GO,100,100,100,100,,,' >good.csv
write_not_productive bad.csv
for y in 2000 2001 2003; do
  run_ok "small$y.log" 0 "$LEONTIEF" import --input good.csv --output "small/t$y.h5" --year "$y"
done
run_ok small2002.log 0 "$LEONTIEF" import --input bad.csv --output small/t2002.h5 --year 2002
status=0
run_ranks 2 "$LEONTIEF" decompose --method kww --tables small --output small.h5 >small.log 2>&1 ||
  status=$?
[[ $status == 1 ]] || { cat small.log >&2; fail "a failing year: exit status $status, expected 1"; }
[[ $(grep -c '^leontief: error:' small.log) == 1 ]] || { cat small.log >&2; fail "not one error line"; }
grep -q '^leontief: error: year 2002: small/t2002.h5: the technical coefficients A are not productive' \
  small.log || { cat small.log >&2; fail "the error does not name the year and the table"; }
[[ ! -e small.h5 ]] || fail "a failed run wrote a result"
for y in 2000 2001 2003; do
  [[ -s small.h5.parts/year_$y.h5 ]] || fail "finished year $y not kept after the failure"
done

echo "PASS: decompose --tables resumes after aborts, reuses finished years, never corrupts the result"
