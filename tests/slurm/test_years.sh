#!/usr/bin/env bash
# jobs/leontief_years.sbatch as a two-task array over WIOD 2013 years on a private
# single-node Slurm cluster: --array=15,2011 exercises both ways of naming a year (15 counts
# from FIRST_YEAR=1995: 2010; 2011 is the year itself), with METHODS=kww,tiva and
# STEPS=decompose. Both tasks must end COMPLETED, each year's directory must hold its table,
# results and -log_view files, OUT_DIR nothing else, and the two years' results must differ.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

data="$TEST_DATA/wiod2013"
for year in 2010 2011; do
  [[ -r "$data/wiot_$year.csv.gz" ]] || fail "missing reference table $data/wiot_$year.csv.gz"
done

start_cluster
out="$WORK/years"
cd "$WORK" || exit 1
# A value with a comma cannot go through --export (it splits at commas): METHODS comes
# from the environment (--export=ALL). STEPS=decompose: no va run (the table test has it).
export METHODS=kww,tiva
submit "leontief_years.sbatch --array=15,2011" --array=15,2011 --ntasks="$RANKS" \
  --mem-per-cpu=1000M \
  --export="ALL,LEONTIEF=$LEONTIEF,DATA_DIR=$data,OUT_DIR=$out,STEPS=decompose" \
  "$JOBS_DIR/leontief_years.sbatch"
expect_states "15=COMPLETED:0:0 2011=COMPLETED:0:0" "$WORK"/leontief-years-"$JOB_ID"_*.out

for year in 2010 2011; do
  task=$year
  [[ $year == 2010 ]] && task=15
  slurm_out="$WORK/leontief-years-${JOB_ID}_$task.out"
  expect_file "$slurm_out"
  grep -q "wiot_$year.csv.gz ($year)" "$slurm_out" || fail "$slurm_out: array task $task did not import $year"
  grep -q "leontief_years: results for $year in $out/$year" "$slurm_out" ||
    fail "$slurm_out does not end with the results line"
  for f in table.h5 decompose.h5; do expect_file "$out/$year/$f"; done
  [[ ! -e "$out/$year/va.h5" ]] || fail "STEPS=decompose also ran va"
  expect_csv "$out/$year/decompose/kww.csv" "exporter,DVA_FIN,DVA_INT," "$REGIONS"
  expect_csv "$out/$year/decompose/tiva_economy.csv" "exporter,PROD,VALU," "$REGIONS"
  [[ ! -e "$out/$year/decompose/wwz.csv" ]] || fail "METHODS=kww,tiva also wrote wwz.csv"
  expect_log_view "$out/$year/log_view_${JOB_ID}_${year}_import.txt" 1
  expect_log_view "$out/$year/log_view_${JOB_ID}_${year}_decompose.txt" "$RANKS"
done
if cmp -s "$out/2010/decompose/kww.csv" "$out/2011/decompose/kww.csv"; then
  fail "2010 and 2011 have identical kww.csv: both tasks decomposed the same table"
fi
found=$(find "$out" -mindepth 1 -maxdepth 1 | wc -l)
[[ $found == 2 ]] || fail "$out holds $found entries, expected the two year directories"

echo "PASS: leontief_years.sbatch (array job $JOB_ID: 2010, 2011 at $RANKS ranks each)"
