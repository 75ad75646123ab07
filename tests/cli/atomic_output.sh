#!/usr/bin/env bash
# atomic_output.sh CASE: a failing `va` must leave an existing older result untouched (the
# HDF5 result and the CSV files), and leave no temporary file next to it.
#   input_failure   the table is truncated (fails while reading, 1 rank) or not productive
#                   (fails in the solver after reading, 2 ranks)
#   csv_failure     the table is fine but --csv names a regular file, so writing the CSV
#                   files fails after the solve: the old HDF5 result must survive as well
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# == 1 ]] || { echo "usage: atomic_output.sh CASE" >&2; exit 2; }
cd "$TMP" || exit 1

run_ok import.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5
mkdir old
run_ok va.log 0 "$LEONTIEF" va --table leather.h5 --output old/result.h5 --csv old/csv
old_files=(old/result.h5 old/csv/va_by_destination.csv old/csv/gross_exports.csv)
for f in "${old_files[@]}"; do [[ -s "$f" ]] || fail "the first run wrote no $f"; done
cp -a old snapshot

# unchanged: every old file is byte-identical to its snapshot (and nothing was added).
unchanged() {
  local what="$1"
  for f in "${old_files[@]}"; do
    cmp -s "$f" "snapshot/${f#old/}" || fail "$f changed although va failed ($what)"
  done
  diff -r old snapshot >/dev/null || fail "files added or removed in old/ ($what): $(diff -r old snapshot)"
}

case "$1" in
  input_failure)
    head -c 3000 leather.h5 >truncated.h5
    "$CLI_TEST_DIR/expect_error.sh" --regex "truncated\.h5: cannot open as HDF5" --dir old -- \
      "$LEONTIEF" va --table truncated.h5 --output old/result.h5 --csv old/csv ||
      fail "va on a truncated table did not fail cleanly"
    unchanged "truncated table, 1 rank"

    write_not_productive not_productive.csv
    run_ok import2.log 0 "$LEONTIEF" import --input not_productive.csv --output not_productive.h5
    "$CLI_TEST_DIR/expect_error.sh" --regex "not_productive\.h5: .*not productive" --dir old -- \
      "$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" 2 --oversubscribe \
      "$LEONTIEF" va --table not_productive.h5 --output old/result.h5 --csv old/csv ||
      fail "va on a non-productive table did not fail cleanly"
    unchanged "non-productive table, 2 ranks"
    ;;
  csv_failure)
    touch not_a_directory
    "$CLI_TEST_DIR/expect_error.sh" --regex "not_a_directory: cannot create directory" \
      --dir old --dir . -- \
      "$LEONTIEF" va --table leather.h5 --output old/result.h5 --csv not_a_directory ||
      fail "va with --csv naming a regular file did not fail cleanly"
    unchanged "--csv names a regular file"
    ;;
  *)
    echo "atomic_output.sh: unknown case '$1'" >&2
    exit 2
    ;;
esac
echo "PASS: old results unchanged after a failing va ($1)"
