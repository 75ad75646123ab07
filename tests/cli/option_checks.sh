#!/usr/bin/env bash
# option_checks.sh CASE RANKS: options that overflow or make no sense, stray arguments and
# PETSc options no part of the run reads are refused before (or, for PETSc, after) the work
# with one `leontief: error:` line naming the option, and no hang or MPI_Abort at 2 ranks;
# a positional table, a config file saved with a byte-order mark, and PETSc options the run
# does read are accepted. RANKS 1 runs the executable directly, RANKS > 1 under mpiexec.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

case_test "$@"

# expect ERE COMMAND_ARGS...: `leontief COMMAND_ARGS` fails with one error line matching ERE
# and leaves nothing in $out.
expect() {
  local regex="$1"
  shift
  "$CLI_TEST_DIR/expect_error.sh" --regex "$regex" --dir "$out" -- "${leontief[@]}" "$@"
  [[ -z "$(ls -A "$out")" ]] || fail "the failed run wrote $(ls -A "$out")"
}

import_leather() {  # leather.h5 (year 2010) and leather_2011.h5, imported serially
  run_ok import.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5 --year 2010
  run_ok import2.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather_2011.h5 --year 2011
}

case "$case_name" in
  year_overflow)  # used to be stored as 1215752191
    expect "^leontief: error: command line: year: out of range: expected 0 <= x <= 9999, got '99999999999'$" \
      import --input "$LEATHER_CSV" --output "$out/t.h5" --year 99999999999
    expect "^leontief: error: command line: year: '99999999999999999999999' is out of range of a 64-bit integer$" \
      import --input "$LEATHER_CSV" --output "$out/t.h5" --year 99999999999999999999999
    ;;
  year_negative)
    expect "^leontief: error: command line: year: out of range: expected 0 <= x <= 9999, got '-5'$" \
      import --input "$LEATHER_CSV" --output "$out/t.h5" --year -5
    ;;
  flat_band_negative)  # a negative band would call a rising share "thinning"
    import_leather
    expect "^leontief: error: command line: thinning\.flat_band: out of range: expected x >= 0, got '-1'$" \
      thinning --tables leather.h5,leather_2011.h5 --output "$out/th.h5" --thinning.flat_band -1
    ;;
  non_finite)
    import_leather
    expect "^leontief: error: command line: solver\.tolerance: expected a finite number, got 'nan'$" \
      va --table leather.h5 --output "$out/va.h5" --solver.tolerance nan
    ;;
  empty_method)  # used to write an empty result and exit 0
    import_leather
    expect "^leontief: error: command line: method: expected a value, got an empty one$" \
      decompose --table leather.h5 --method "" --output "$out/d.h5"
    expect "^leontief: error: command line: method: an empty method name in 'kww,,wwz'" \
      decompose --table leather.h5 --method kww,,wwz --output "$out/d.h5"
    ;;
  ranks_per_group)  # more ranks per group than the run has used to be cut silently
    import_leather
    expect "^leontief: error: thinning\.ranks_per_group: $((ranks + 1)) ranks per group, but the run has $ranks" \
      thinning --tables leather.h5,leather_2011.h5 --output "$out/th.h5" \
      --thinning.ranks_per_group $((ranks + 1))
    ;;
  reversed_sda_years)
    import_leather
    expect "^leontief: error: thinning: the structural decomposition runs from thinning\.from 2011 to thinning\.to 2010: the first year must not be after the second$" \
      thinning --tables leather.h5,leather_2011.h5 --output "$out/th.h5" \
      --thinning.from 2011 --thinning.to 2010
    ;;
  extra_positional)  # a forgotten --key used to be ignored
    import_leather
    expect "^leontief: error: command line: unexpected argument 'other\.h5' \(\`leontief va\` takes one, the table;" \
      va leather.h5 other.h5 --output "$out/va.h5"
    expect "^leontief: error: command line: unexpected argument '2011' \(\`leontief tariff\` takes no positional argument" \
      tariff 2011 --output "$out/t.h5"
    expect "^leontief: error: command line: table given twice: as the argument 'leather\.h5' and as --table$" \
      info leather.h5 --table leather.h5
    ;;
  positional_table)  # `leontief info TABLE.h5`, `leontief va TABLE.h5 ...`
    import_leather
    run_ok info.log "$ranks" "$LEONTIEF" info leather.h5
    grep -q "^dimensions   3 economies x 3 sectors" info.log || fail "info leather.h5 printed: $(cat info.log)"
    run_ok va_positional.log "$ranks" "$LEONTIEF" va leather.h5 --output va1.h5 --csv va1
    run_ok va_flag.log "$ranks" "$LEONTIEF" va --table leather.h5 --output va2.h5 --csv va2
    compare_csv va1/va_by_destination.csv va2/va_by_destination.csv 3 0
    ;;
  config_bom)  # an INI file saved by a Windows editor: BOM and CRLF
    import_leather
    printf '\xEF\xBB\xBFtable = leather.h5\r\n[solver]\r\nmatrix = dense\r\n' >bom.ini
    run_ok bom.log "$ranks" "$LEONTIEF" va --config bom.ini --output va.h5 --csv va
    expect_rows va/gross_exports.csv 27
    ;;
  petsc_typo)  # PETSc options nothing reads used to be ignored (checked when the work is done)
    import_leather
    "$CLI_TEST_DIR/expect_error.sh" \
      --regex "^leontief: error: PETSc option -leontief_ksp_tpye was not used by this run: misspelt" \
      -- "${leontief[@]}" va --table leather.h5 --output va.h5 -leontief_ksp_tpye gmres
    "$CLI_TEST_DIR/expect_error.sh" \
      --regex "^leontief: error: PETSc options -leontief_pc_typ, -no_such_option were not used" \
      -- "${leontief[@]}" va --table leather.h5 --output va.h5 \
      "--solver.petsc_options=-leontief_pc_typ lu -no_such_option"
    ;;
  petsc_used)  # options the run reads, -log_view, and -options_left no are fine
    import_leather
    run_ok sparse.log "$ranks" "$LEONTIEF" va --table leather.h5 --output a.h5 --solver.matrix sparse \
      -leontief_pc_factor_mat_solver_type mumps -log_view ":$TMP/log_view.txt"
    grep -q 'PETSc Performance Summary' log_view.txt || fail "no -log_view summary"
    run_ok iterative.log "$ranks" "$LEONTIEF" va --table leather.h5 --output b.h5 \
      --solver.matrix sparse --solver.method iterative -leontief_ksp_type gmres
    # A MUMPS option on the dense path is unused; -options_left no lets a shared job script pass it.
    run_ok shared.log "$ranks" "$LEONTIEF" va --table leather.h5 --output c.h5 --solver.matrix dense \
      -mat_mumps_icntl_14 40 -options_left no
    run_ok info.log "$ranks" "$LEONTIEF" info leather.h5 -log_view ":$TMP/log_view_info.txt"
    ;;
  same_failure_everywhere)  # thrown alike on every rank, not marked collective: one line, no abort
    import_leather
    expect "^leontief: error: solver\.method = iterative needs sparse storage of I - A" \
      va --table leather.h5 --output "$out/va.h5" --solver.matrix dense --solver.method iterative
    ;;
  *)
    echo "option_checks.sh: unknown case '$case_name'" >&2
    exit 2
    ;;
esac
echo "ok: $case_name at $ranks rank(s)"
