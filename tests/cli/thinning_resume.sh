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
import_wiod_years tables 1995 1996 1997 1998

run_ok clean.log 1 "$LEONTIEF" thinning --tables tables --output clean.h5 --csv clean

# 1. An older, complete result.
run_ok old.log 1 "$LEONTIEF" thinning --tables tables/wiot_1995.h5,tables/wiot_1996.h5 \
  --output run.h5 --csv run
keep_older_result

# 2-3. Aborts after one computed year and while writing 1998's part file.
resume_after_aborts LEONTIEF_THINNING_TEST_ABORT thinning --tables tables --output run.h5 --csv run

# 4. Resume at 2 ranks: 1998 only, and the result equals the clean run.
resume_at_two_ranks thinning --tables tables --output run.h5 --csv run
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

# 6. A year that fails (a non-productive table) stops the run.
failing_year_stops_panel thinning

echo "PASS: thinning resumes after aborts, reuses finished years, never corrupts the result"
