#!/usr/bin/env bash
# End-to-end: `leontief inverse` writes the whole Leontief inverse B = (I - A)^-1 and, with
# --inverse.ghosh, the Ghosh inverse G = x^-1 B x. Two tables at 1 and 2 ranks:
#   leather   (n = 9: in-place LAPACK at 1 rank, a sparse LU at 2: too small for ScaLAPACK),
#   WIOD 2011 (n = 1435, 22 zero-output sectors: in-place LAPACK at 1 rank, ScaLAPACK at 2).
# Checks
#  - independent references: B (I - A) = I and G (I - x^-1 Z) = I against the table itself
#    (leontief_inverse_check, absolute 1e-12), V̂BÊ computed from leather's B equals
#    decompr's (rtol 1e-9), and on a `leontief generate` table B Y equals the known output,
#  - the 1- and 2-rank results agree (same shapes and row/column attributes, entries within
#    rtol 1e-9),
#  - the log names the path taken,
#  - /ghosh_inverse is written only with --inverse.ghosh,
#  - a non-productive and a singular table fail with one clean error and no output.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

for var in H5_COMPARE INVERSE_CHECK SYNTHETIC_CHECK; do
  [[ -n "${!var:-}" ]] || fail "environment variable $var is not set (run through ctest)"
done
wiod="$TEST_DATA/wiod2013/wiot_2011.csv.gz"
[[ -r "$wiod" ]] || fail "missing reference table $wiod"

# h5_compare A B DATASET ARGS...: the datasets agree (see tests/cli/h5_compare.cpp).
h5_compare() {
  local status=0
  echo "compare $3 in $1 and $2 (${*:4})"
  "$H5_COMPARE" "$@" || status=$?
  [[ $status == 0 ]] || fail "$3 differs between $1 and $2 (leontief_h5_compare exit status $status)"
}

cd "$TMP" || exit 1
mkdir out
run_ok import_leather.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5
run_ok import_wiod.log 0 "$LEONTIEF" import --input "$wiod" --output wiod.h5

for table in leather wiod; do
  for ranks in 1 2; do
    run_ok "${table}_np$ranks.log" "$ranks" "$LEONTIEF" inverse --table "$table.h5" \
      --output "${table}_np$ranks.h5" --inverse.ghosh
    [[ -s "${table}_np$ranks.h5" ]] || fail "inverse at $ranks ranks wrote no ${table}_np$ranks.h5"
  done
  for ranks in 1 2; do
    "$INVERSE_CHECK" "$table.h5" "${table}_np$ranks.h5" --atol 1e-12 ||
      fail "${table}_np$ranks.h5: B (I - A) = I or G (I - x^-1 Z) = I fails"
  done
  grep -q 'Leontief inverse: LAPACK getrf + getri in place (1 rank)' "${table}_np1.log" ||
    fail "${table}_np1.log does not name the in-place LAPACK path"
  h5_compare "${table}_np1.h5" "${table}_np2.h5" leontief_inverse --rtol 1e-9 --atol 1e-12
  # G = x^-1 B x scales entries by up to max(x) / min(x > 0): compare relative to that.
  h5_compare "${table}_np1.h5" "${table}_np2.h5" ghosh_inverse --rtol 1e-9 --atol 1e-10
done
grep -q 'Leontief inverse: LU of I-A by preonly/lu (scalapack), solve with the identity (2 ranks)' \
  wiod_np2.log || fail "wiod_np2.log does not name the ScaLAPACK path"

# Leather: V̂BÊ from B against decompr 6.8.0 (layout as in leather_va.sh).
"$INVERSE_CHECK" leather.h5 leather_np2.h5 --vbe vbe_from_b.csv >/dev/null ||
  fail "leather_np2.h5: inverse check failed"
awk -F, 'NR == 1 { print "source_region,source_sector,exporter,exporter_sector,value"; next }
         { gsub(/["\r]/, ""); print $2 "," $3 "," $4 "," $5 "," $6 }' \
  "$TEST_DATA/leather/expected_leontief_exports.csv" >decompr.csv
expect_rows decompr.csv 81
compare_csv vbe_from_b.csv decompr.csv 4 1e-9

# A generated table (n = 240, dense A): B Y equals the known output x_r at 1 and 2 ranks.
run_ok generate.log 0 "$LEONTIEF" generate --output known.h5 --generate.regions 6 \
  --generate.sectors 40 --generate.links_per_row 240 --generate.categories 2 --generate.seed 5
for ranks in 1 2; do
  run_ok "known_np$ranks.log" "$ranks" "$LEONTIEF" inverse --table known.h5 \
    --output "known_np$ranks.h5"
  "$SYNTHETIC_CHECK" known.h5 "known_np$ranks.h5" 1e-11 ||
    fail "B Y of the generated table at $ranks ranks differs from its known answer"
done

run_ok plain.log 0 "$LEONTIEF" inverse --table leather.h5 --output plain.h5
"$H5_COMPARE" --has plain.h5 leontief_inverse || fail "plain.h5 has no /leontief_inverse"
if "$H5_COMPARE" --has plain.h5 ghosh_inverse; then
  fail "plain.h5 has /ghosh_inverse without --inverse.ghosh"
fi
h5_compare leather_np1.h5 plain.h5 leontief_inverse --rtol 0

# Non-productive tables: one clean error naming the table, no output, at 1 and 2 ranks
# (the fixtures of common.sh).
write_not_productive not_productive.csv
write_singular singular.csv
for name in not_productive singular; do
  run_ok "import_$name.log" 0 "$LEONTIEF" import --input "$name.csv" --output "$name.h5"
done
for ranks in 1 2; do
  launcher=("$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" "$ranks" --oversubscribe)
  "$CLI_TEST_DIR/expect_error.sh" --absent "$TMP/out/inverse.h5" --regex \
    "^leontief: error: [^ ]*not_productive\.h5: the technical coefficients A are not productive .* at AR_Tex" \
    -- "${launcher[@]}" "$LEONTIEF" inverse --table not_productive.h5 --output out/inverse.h5 ||
    fail "non-productive table at $ranks ranks"
  "$CLI_TEST_DIR/expect_error.sh" --absent "$TMP/out/inverse.h5" --regex \
    "^leontief: error: [^ ]*singular\.h5: the Leontief matrix I - A is singular .*not productive" \
    -- "${launcher[@]}" "$LEONTIEF" inverse --table singular.h5 --output out/inverse.h5 ||
    fail "singular table at $ranks ranks"
done

echo "PASS: leontief inverse on leather and WIOD 2011 at 1 and 2 ranks"
