#!/usr/bin/env bash
# End-to-end: WIOD 2013 release, 2011 (41 economies x 35 industries, read from .csv.gz;
# 22 zero-output sectors, negative inventory entries). One import; `info` at 1 and 2 ranks;
# `va` at 1, 2 and 4 ranks (auto storage: dense LAPACK / ScaLAPACK) and once with sparse
# storage (MUMPS) at 2 ranks. All va_by_destination.csv / gross_exports.csv agree (rtol 1e-9).
# Independent references:
#  - on the real table, the value added absorbed by each destination (column sums of V̂BY)
#    is its final demand, summed by awk from the CSV itself (v'B = 1' since value added is
#    the residual x - 1'Z; zero-output sectors, whose B column is the unit vector and v = 0,
#    left out), rtol 1e-12;
#  - a `leontief generate` table of WIOD's shape (41 x 35, dense A: the same dense LAPACK /
#    ScaLAPACK / MUMPS paths) against its known answer V̂BY = v̂ [x_1 ... x_G], rtol 1e-11.
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

# Column sums of V̂BY against the final demand of each destination (from the input CSV).
zcat "$input" | awk -F, '
  NR == 1 { for (c = 2; c < NF; ++c) if ($c !~ /_c[0-9]+$/) { u = index($c, "_"); region[c] = substr($c, 1, u - 1) }
            next }
  $1 == "VA" || $1 == "GO" || $NF + 0 == 0 { next }  # the VA and GO rows; zero-output sectors
  { for (c in region) fd[region[c]] += $c }
  END { print "destination_region,value"; for (r in fd) printf "%s,%.17g\n", r, fd[r] }' \
  >final_demand.csv
expect_rows final_demand.csv "$regions"
for run in "${runs[@]}"; do
  awk -F, 'NR > 1 { s[$3] += $4 }
           END { print "destination_region,value"; for (r in s) printf "%s,%.17g\n", r, s[r] }' \
    "$run/va_by_destination.csv" >"${run}_absorbed.csv"
  compare_csv "${run}_absorbed.csv" final_demand.csv 1 1e-12
done

# A generated table of WIOD's shape with a known answer, on the same solver paths.
[[ -n "${SYNTHETIC_CHECK:-}" ]] || fail "SYNTHETIC_CHECK is not set (run through ctest)"
run_ok generate.log 0 "$LEONTIEF" generate --output known.h5 --generate.regions "$regions" \
  --generate.sectors "$sectors" --generate.links_per_row $((regions * sectors)) \
  --generate.categories 5 --generate.seed 2011
for ranks in 1 2 4; do
  run_ok "known_np$ranks.log" "$ranks" "$LEONTIEF" va --table known.h5 --output "known_np$ranks.h5"
  "$SYNTHETIC_CHECK" known.h5 "known_np$ranks.h5" 1e-11 ||
    fail "V̂BY of the generated table at $ranks ranks differs from its known answer"
done
grep -q "preonly/lu (scalapack)" known_np2.log || fail "known_np2.log: ScaLAPACK did not run"
run_ok known_sparse.log 2 "$LEONTIEF" va --table known.h5 --output known_sparse.h5 \
  --solver.matrix sparse
"$SYNTHETIC_CHECK" known.h5 known_sparse.h5 1e-11 ||
  fail "V̂BY of the generated table with sparse storage differs from its known answer"

echo "PASS: WIOD 2011 va at 1, 2, 4 ranks and sparse at 2 ranks; final demand absorbed; known answer"
