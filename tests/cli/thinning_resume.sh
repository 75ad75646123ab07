#!/usr/bin/env bash
# `leontief thinning` stopped midway resumes without recomputing finished years and never
# leaves a corrupt result (WIOD 2013, 1995-1998). The test hook LEONTIEF_THINNING_TEST_ABORT
# makes a run die with MPI_Abort, like a job killed by its time limit:
#  1. a 2-year run (1995, 1996) writes run.h5 — an older result;
#  2. the 4-year run aborted after one computed year: 1995 and 1996 come from run.h5's year
#     records, 1997 is left in run.h5.parts/; run.h5 and the CSV files are untouched;
#  3. the rerun aborted while writing 1998's part: only a temporary file, nothing else changes;
#  4. the rerun at 2 ranks computes 1998 only and equals a clean run bitwise;
#  5. a rerun with everything finished computes nothing; --thinning.resume false recomputes all;
#     a new SDA year recomputes that year only;
#  6. a year that fails stops the run with one error line; the other years are kept.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$TMP" || exit 1
mkdir tables
for y in 1995 1996 1997 1998; do
  run_ok "import$y.log" 0 "$LEONTIEF" import --input "$TEST_DATA/wiod2013/wiot_$y.csv.gz" \
    --output "tables/wiot_$y.h5"
done

run_ok clean.log 1 "$LEONTIEF" thinning --tables tables --output clean.h5 --csv clean

# 1. An older, complete result.
run_ok old.log 1 "$LEONTIEF" thinning --tables tables/wiot_1995.h5,tables/wiot_1996.h5 \
  --output run.h5 --csv run
mkdir old_copy && cp -r run.h5 run old_copy/
unchanged() {
  cmp -s run.h5 old_copy/run.h5 || fail "$1: run.h5 changed"
  for f in thinning_panel thinning_sda thinning_trend; do
    cmp -s "run/$f.csv" "old_copy/run/$f.csv" || fail "$1: run/$f.csv changed"
  done
  ls -a . run | grep -q '\.partial-' && fail "$1: a temporary result file is left next to the output"
  return 0
}

# 2. Abort after one computed year.
status=0
LEONTIEF_THINNING_TEST_ABORT=after:1 run_ranks 1 "$LEONTIEF" thinning --tables tables \
  --output run.h5 --csv run >abort1.log 2>&1 || status=$?
[[ $status != 0 ]] || fail "the aborted run exited with status 0"
grep -q "resuming: 2 year(s) already finished, 2 to compute" abort1.log ||
  { cat abort1.log >&2; fail "run 2 did not reuse 1995 and 1996 from run.h5"; }
[[ -s run.h5.parts/year_1997.h5 ]] || fail "1997 was not recorded in run.h5.parts"
[[ ! -e run.h5.parts/year_1998.h5 ]] || fail "1998 recorded although the run stopped before it"
unchanged "after the abort"

# 3. Abort while writing 1998's part file.
status=0
LEONTIEF_THINNING_TEST_ABORT=writing:1998 run_ranks 1 "$LEONTIEF" thinning --tables tables \
  --output run.h5 --csv run >abort2.log 2>&1 || status=$?
[[ $status != 0 ]] || fail "the run aborted while writing exited with status 0"
grep -q "resuming: 3 year(s) already finished, 1 to compute" abort2.log ||
  { cat abort2.log >&2; fail "run 3 did not reuse 1995-1997"; }
[[ ! -e run.h5.parts/year_1998.h5 ]] || fail "a part file killed while written was renamed into place"
ls -a run.h5.parts | grep -q 'year_1998.h5.partial-' || fail "no temporary part file (hook not reached?)"
unchanged "after the abort while writing"

# 4. Resume at 2 ranks.
run_ok resume.log 2 "$LEONTIEF" thinning --tables tables --output run.h5 --csv run
grep -q "resuming: 3 year(s) already finished, 1 to compute" resume.log ||
  { cat resume.log >&2; fail "the resumed run recomputed finished years"; }
[[ $(grep -c "year [0-9]* done" resume.log) == 1 ]] || fail "the resumed run computed more than one year"
[[ ! -e run.h5.parts ]] || fail "run.h5.parts left behind after a complete run"
compare_csv clean/thinning_panel.csv run/thinning_panel.csv 4 0 0 --na value
compare_csv clean/thinning_sda.csv run/thinning_sda.csv 4 0
compare_csv clean/thinning_trend.csv run/thinning_trend.csv 2 0

# 5. Everything finished: nothing to compute (records read from run.h5); then a forced rerun.
run_ok again.log 1 "$LEONTIEF" thinning --tables tables --output run.h5 --csv run
grep -q "resuming: 4 year(s) already finished, 0 to compute" again.log || fail "run 5 recomputed"
compare_csv clean/thinning_panel.csv run/thinning_panel.csv 4 0 0 --na value
compare_csv clean/thinning_sda.csv run/thinning_sda.csv 4 0
run_ok forced.log 1 "$LEONTIEF" thinning --tables tables --output run.h5 --csv run \
  --thinning.resume false
[[ $(grep -c "year [0-9]* done" forced.log) == 4 ]] || fail "--thinning.resume false did not recompute"
grep -q "resuming" forced.log && fail "--thinning.resume false resumed"
# Another SDA pair needs SDA inputs of 1997: only that year is recomputed.
run_ok pair.log 1 "$LEONTIEF" thinning --tables tables --output run.h5 --csv run \
  --thinning.from 1997
grep -q "resuming: 3 year(s) already finished, 1 to compute" pair.log ||
  { cat pair.log >&2; fail "a new SDA year did not recompute exactly that year"; }
grep -q "^AUS,TOTAL,1997,1998," run/thinning_sda.csv || fail "SDA 1997 -> 1998 not in thinning_sda.csv"
compare_csv clean/thinning_panel.csv run/thinning_panel.csv 4 0 0 --na value

# 6. A year that fails (a non-productive table) stops the run on every rank with one error
#    line and no result; the years finished by both groups are kept (2 year groups, 2 ranks).
mkdir small
printf '%s\n' ',AR_Agr,AR_Tex,TR_Agr,TR_Tex,AR_FD,TR_FD,GO' 'AR_Agr,10,20,5,5,40,20,100' \
  'AR_Tex,18,5,5,5,37,30,100' 'TR_Agr,5,5,20,10,10,50,100' 'TR_Tex,5,5,10,20,10,50,100' \
  'VA,62,65,60,60,,,' 'GO,100,100,100,100,,,' >good.csv
printf '%s\n' ',AR_Agr,AR_Tex,TR_Agr,TR_Tex,AR_FD,TR_FD,GO' 'AR_Agr,10,60,5,5,15,5,100' \
  'AR_Tex,180,5,5,5,-90,-5,100' 'TR_Agr,5,5,20,10,10,50,100' 'TR_Tex,5,5,10,20,10,50,100' \
  'VA,-100,25,60,60,,,' 'GO,100,100,100,100,,,' >bad.csv
for y in 2000 2001 2003; do
  run_ok "small$y.log" 0 "$LEONTIEF" import --input good.csv --output "small/t$y.h5" --year "$y"
done
run_ok small2002.log 0 "$LEONTIEF" import --input bad.csv --output small/t2002.h5 --year 2002
status=0
run_ranks 2 "$LEONTIEF" thinning --tables small --output small.h5 >small.log 2>&1 || status=$?
[[ $status == 1 ]] || { cat small.log >&2; fail "a failing year: exit status $status, expected 1"; }
[[ $(grep -c '^leontief: error:' small.log) == 1 ]] || { cat small.log >&2; fail "not one error line"; }
grep -q '^leontief: error: year 2002: small/t2002.h5: the technical coefficients A are not productive' \
  small.log || { cat small.log >&2; fail "the error does not name the year and the table"; }
[[ ! -e small.h5 ]] || fail "a failed run wrote a result"
for y in 2000 2001 2003; do
  [[ -s small.h5.parts/year_$y.h5 ]] || fail "finished year $y not kept after the failure"
done

echo "PASS: thinning resumes after aborts, reuses finished years, never corrupts the result"
