#!/usr/bin/env bash
# End-to-end: WIOD 2013 release, 2011 (41 economies x 35 industries, read from .csv.gz;
# 22 zero-output sectors, negative inventory entries). One import; `info` at 1 and 2 ranks;
# `va` at 1, 2 and 4 ranks (auto storage: dense LAPACK / ScaLAPACK) and once with sparse
# storage (MUMPS) at 2 ranks. All va_by_destination.csv / gross_exports.csv agree (rtol 1e-9).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

input="$TEST_DATA/wiod2013/wiot_2011.csv.gz"
[[ -r "$input" ]] || fail "missing reference table $input"
regions=41
sectors=35
rows=$((regions * sectors * regions))  # origin economy-sector x destination economy

cd "$TMP" || exit 1
run_ok import.log 0 "$LEONTIEF" import --input "$input" --output wiod2011.h5

dimensions="dimensions   41 economies x 35 sectors = 1435 rows; 5 final-demand categories"
for ranks in 1 2; do
  run_ok "info$ranks.log" "$ranks" "$LEONTIEF" info --table wiod2011.h5
  grep -Fxq "$dimensions" "info$ranks.log" || {
    cat "info$ranks.log" >&2
    fail "info at $ranks ranks does not print: $dimensions"
  }
  grep -Eq '^special +22 zero-output sectors, ' "info$ranks.log" || {
    cat "info$ranks.log" >&2
    fail "info at $ranks ranks does not report the 22 zero-output sectors"
  }
done

runs=(np1 np2 np4 np2_sparse)
run_ok va_np1.log 1 "$LEONTIEF" va --table wiod2011.h5 --output np1.h5 --csv np1
run_ok va_np2.log 2 "$LEONTIEF" va --table wiod2011.h5 --output np2.h5 --csv np2
run_ok va_np4.log 4 "$LEONTIEF" va --table wiod2011.h5 --output np4.h5 --csv np4
run_ok va_np2_sparse.log 2 "$LEONTIEF" va --table wiod2011.h5 --output np2_sparse.h5 \
  --csv np2_sparse --solver.matrix sparse
grep -q 'sparse storage (requested)' va_np2_sparse.log ||
  fail "--solver.matrix sparse did not select sparse storage (see va_np2_sparse.log)"

for run in "${runs[@]}"; do
  [[ -s "$run.h5" ]] || fail "run $run wrote no $run.h5"
  expect_rows "$run/va_by_destination.csv" "$rows"
  expect_rows "$run/gross_exports.csv" "$rows"
  [[ ! -e "$run/va_in_exports.csv" ]] || fail "va_in_exports.csv written without --va.source_in_exports"
done
for run in "${runs[@]:1}"; do
  compare_csv np1/va_by_destination.csv "$run/va_by_destination.csv" 3 1e-9
  compare_csv np1/gross_exports.csv "$run/gross_exports.csv" 3 1e-9
done

echo "PASS: WIOD 2011 va at 1, 2, 4 ranks and sparse at 2 ranks"
