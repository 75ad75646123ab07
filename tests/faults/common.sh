# Shared setup of the fault tests (bash); sources tests/cli/common.sh (scratch directory,
# run_ok, fail, compare_csv). Environment from tests/faults/CMakeLists.txt; RANKS is the first
# argument of every script.

# shellcheck source=../cli/common.sh
source "$CLI_TEST_DIR/common.sh"

RANKS="${1:?usage: $(basename "$0") RANKS}"
# shellcheck disable=SC2034  # used by the scripts that source this file
LEONTIEF_RUN=("$LEONTIEF")
if [[ "$RANKS" != 1 ]]; then
  LEONTIEF_RUN=("$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" "$RANKS" --oversubscribe "$LEONTIEF")
fi
cd "$TMP" || exit 1

# leontief ARGS...: the run at RANKS ranks, with its exit status (no failure on non-zero).
leontief() {
  timeout "${CLI_TIMEOUT:-120}" "${LEONTIEF_RUN[@]}" "$@"
}

# no_temporaries [DIR]: no .NAME.partial-* file anywhere below DIR (default: the scratch
# directory).
no_temporaries() {
  local left
  left="$(find "${1:-$TMP}" -name '.*.partial-*' 2>/dev/null)"
  [[ -z "$left" ]] || fail "temporary files left: $(tr '\n' ' ' <<<"$left")"
}

# expect_one_line LOG ERE: LOG holds exactly one `leontief: error:` line, matching ERE, and
# nothing else but mpiexec's note on a non-zero exit (no Open MPI, PETSc or HDF5 lines).
expect_one_line() {
  local log="$1" regex="$2"
  local count
  count="$(grep -c 'leontief: error:' "$log" || true)"
  [[ "$count" == 1 ]] || { cat "$log" >&2; fail "$log: $count 'leontief: error:' lines, expected 1"; }
  grep -E -- "$regex" "$log" >/dev/null || { cat "$log" >&2; fail "$log: the error does not match /$regex/"; }
  local other
  other="$(grep -v -e '^leontief: error:' -e '^-----' -e 'Primary job' -e 'non-zero exit code' \
    -e 'job has been aborted' -e 'mpiexec detected that one or more processes' \
    -e 'mpirun detected that one or more processes' -e 'the job to be terminated' \
    -e 'The first process to do so was' -e 'Process name:' -e 'Exit code:' -e '^ *$' \
    -e '^\[ *[0-9.]*s\] ' "$log" || true)"
  [[ -z "$other" ]] || { cat "$log" >&2; fail "$log: lines besides the error: $other"; }
}

# A 3 x 3 table of the bundled leather example, imported once per script.
import_leather() {
  [[ -f leather.h5 ]] || run_ok import_leather.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" \
    --output leather.h5 --log.level warn
}

# WIOD 2011 (41 economies x 35 sectors).
import_wiod2011() {
  [[ -f wiod2011.h5 ]] || run_ok import_wiod.log 0 "$LEONTIEF" import \
    --input "$TEST_DATA/wiod2013/wiot_2011.csv.gz" --output wiod2011.h5 --log.level warn
}
