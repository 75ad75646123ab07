#!/usr/bin/env bash
# bad_input.sh CASE RANKS: one bad-input case of the `leontief` executable. The fixture is
# written at test time (mostly leather.csv with one cell, row or byte range changed); the
# command must fail with one clean `leontief: error:` line naming the file and the place,
# leave no output and no temporary file, and not hang (see expect_error.sh).
# RANKS 1 runs the executable directly (MPI singleton), RANKS > 1 under mpiexec.
# shellcheck disable=SC2016  # awk programs in single quotes
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

case_test "$@"  # every case writes (or rather must not write) in $out

# derive NAME EDIT...: NAME = leather.csv edited by the awk program EDIT (fields split at
# commas); fails if the edit changed nothing, so a case cannot pass for the wrong reason.
derive() {
  local name="$1"
  shift
  awk -F, -v OFS=, "$@" "$LEATHER_CSV" >"$name"
  ! cmp -s "$name" "$LEATHER_CSV" || fail "fixture $name is identical to leather.csv"
}

# expect_import_error FILE REGEX: `import --input FILE` fails with REGEX, writes no table.
expect_import_error() {
  "$CLI_TEST_DIR/expect_error.sh" --regex "$2" --absent "$out/table.h5" -- \
    "${leontief[@]}" import --input "$1" --output "$out/table.h5"
}

# expect_va_error TABLE REGEX [ARGS...]: `va --table TABLE` fails with REGEX, writes nothing.
expect_va_error() {
  local table="$1" regex="$2"
  shift 2
  "$CLI_TEST_DIR/expect_error.sh" --regex "$regex" --absent "$out/result.h5" \
    --absent "$out/csv/va_by_destination.csv" --absent "$out/csv/gross_exports.csv" \
    --dir "$out" -- "${leontief[@]}" va --table "$table" --output "$out/result.h5" --csv "$out/csv" "$@"
}

# import_leather: a good table, leather.h5, imported serially.
import_leather() {
  run_ok import.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5
}

case "$case_name" in
  ragged_row)  # row 3 (Argentina_Textile_and_Leather) loses its GO cell
    derive ragged.csv 'NR == 3 { NF = NF - 1 } 1'
    expect_import_error ragged.csv \
      "^leontief: error: [^ ]*ragged\.csv: line 3, column 14 \(GO\): expected 14 cells, found 13$"
    ;;
  non_numeric)
    derive non_numeric.csv 'NR == 4 { $3 = "abc" } 1'
    expect_import_error non_numeric.csv \
      "^leontief: error: [^ ]*non_numeric\.csv: line 4, column 3 \(Argentina_Textile_and_Leather\): non-numeric cell 'abc'$"
    ;;
  nan_cell)
    derive nan.csv 'NR == 5 { $6 = "NaN" } 1'
    expect_import_error nan.csv \
      "^leontief: error: [^ ]*nan\.csv: line 5, column 6 \(Turkey_Textile_and_Leather\): non-finite value 'NaN'$"
    ;;
  negative_gross_output)  # GO column and GO row of Argentina_Agriculture
    derive negative_go.csv 'NR == 2 { $14 = -77.7 } $1 == "GO" { $2 = -77.7 } 1'
    expect_import_error negative_go.csv \
      "^leontief: error: [^ ]*negative_go\.csv: line 2, column 14 \(GO\): negative gross output -77\.7$"
    ;;
  label_mismatch)
    derive label.csv 'NR == 6 { $1 = "Turkey_Leather" } 1'
    expect_import_error label.csv \
      "^leontief: error: [^ ]*label\.csv: line 6, column 1: row label 'Turkey_Leather' does not match column label 'Turkey_Textile_and_Leather'$"
    ;;
  missing_va_row)
    derive missing_va.csv '$1 != "VA"'
    expect_import_error missing_va.csv \
      "^leontief: error: [^ ]*missing_va\.csv: line 11, column 1: expected the VA row after the 9 rows matching the columns, found row label 'GO'$"
    ;;
  zero_output_with_inputs)  # Argentina_Transport_Equipment: GO 0, inputs unchanged
    derive zero_output.csv 'NR == 4 { $14 = 0 } $1 == "GO" { $4 = 0 } 1'
    expect_import_error zero_output.csv \
      "^leontief: error: [^ ]*zero_output\.csv: line 2, column 4 \(Argentina_Transport_Equipment\): zero gross output but nonzero inputs"
    ;;
  truncated_gzip)  # the first 200 of ~450 compressed bytes
    gzip -n -c "$LEATHER_CSV" >full.csv.gz
    head -c 200 full.csv.gz >truncated.csv.gz
    expect_import_error truncated.csv.gz \
      "^leontief: error: [^ ]*truncated\.csv\.gz: line [0-9]+: cannot read: unexpected end of compressed data"
    ;;
  truncated_table_info | truncated_table_va)  # an HDF5 table cut after 3000 bytes
    import_leather
    head -c 3000 leather.h5 >truncated.h5
    regex="^leontief: error: [^ ]*truncated\.h5: cannot open as HDF5 \(truncated, damaged or not an HDF5 file\)"
    if [[ "$case_name" == truncated_table_info ]]; then
      "$CLI_TEST_DIR/expect_error.sh" --regex "$regex" -- "${leontief[@]}" info --table truncated.h5
    else
      expect_va_error truncated.h5 "$regex"
    fi
    ;;
  not_hdf5)  # the CSV table given where the HDF5 table belongs
    cp "$LEATHER_CSV" leather.csv
    expect_va_error leather.csv \
      "^leontief: error: [^ ]*leather\.csv: cannot open as HDF5 .*file signature not found"
    ;;
  not_a_table)  # an HDF5 file, but a result, not a table
    import_leather
    run_ok va.log 0 "$LEONTIEF" va --table leather.h5 --output result_not_table.h5
    expect_va_error result_not_table.h5 \
      "^leontief: error: [^ ]*result_not_table\.h5: not a leontief table"
    ;;
  missing_table)
    expect_va_error "$TMP/no_such_table.h5" "^leontief: error: [^ ]*no_such_table\.h5: no such file$"
    ;;
  unknown_option)
    import_leather
    expect_va_error leather.h5 \
      "^leontief: error: command line: unrecognised option '--frobnicate'" --frobnicate 3
    ;;
  invalid_option_value)  # a value outside the option's choices
    import_leather
    expect_va_error leather.h5 \
      "^leontief: error: command line: solver\.matrix: expected one of auto, sparse, dense; got 'foo'$" --solver.matrix foo
    ;;
  invalid_log_level)  # checked by main before the command runs
    import_leather
    expect_va_error leather.h5 \
      "^leontief: error: command line: log\.level: expected one of error, warn, info, debug; got 'loud'$" --log.level loud
    ;;
  unknown_command)
    "$CLI_TEST_DIR/expect_error.sh" --regex "^leontief: error: unknown command 'bogus'" -- \
      "${leontief[@]}" bogus --table leather.h5
    ;;
  unknown_config_key)
    import_leather
    printf '[solver]\nmatrix = dense\nbogus_key = 1\n' >bad.ini
    expect_va_error leather.h5 \
      "^leontief: error: [^ ]*bad\.ini: unrecognised option 'solver\.bogus_key'" --config bad.ini
    ;;
  not_productive)
    write_not_productive not_productive.csv
    run_ok import.log 0 "$LEONTIEF" import --input not_productive.csv --output not_productive.h5
    expect_va_error not_productive.h5 \
      "^leontief: error: [^ ]*not_productive\.h5: the technical coefficients A are not productive .* at AR_Tex"
    ;;
  singular)
    write_singular singular.csv
    run_ok import.log 0 "$LEONTIEF" import --input singular.csv --output singular.h5
    expect_va_error singular.h5 \
      "^leontief: error: [^ ]*singular\.h5: the Leontief matrix I - A is singular .*not productive"
    ;;
  *)
    echo "bad_input.sh: unknown case '$case_name'" >&2
    exit 2
    ;;
esac
