# Shared setup of the CLI regression tests; sourced by the test scripts (bash).
#
# Environment (set by tests/cli/CMakeLists.txt):
#   LEONTIEF               the leontief executable
#   CSV_COMPARE            the leontief_csv_compare tool
#   MPIEXEC                mpiexec (MPIEXEC_EXECUTABLE)
#   MPIEXEC_NUMPROC_FLAG   usually -n
#   TEST_DATA              tests/data (leather/, wiod2013/, cp2015/)
#   CLI_TEST_DIR           this directory (for expect_error.sh)
#   KEEP_TMP=1             keep the scratch directory (for debugging a failure)

set -euo pipefail

for var in LEONTIEF CSV_COMPARE MPIEXEC TEST_DATA CLI_TEST_DIR; do
  if [[ -z "${!var:-}" ]]; then
    echo "FAIL: environment variable $var is not set (run through ctest)" >&2
    exit 2
  fi
done
MPIEXEC_NUMPROC_FLAG="${MPIEXEC_NUMPROC_FLAG:--n}"
# shellcheck disable=SC2034  # used by the scripts that source this file
LEATHER_CSV="$TEST_DATA/leather/leather.csv"

# A scratch directory unique to this test, removed on exit (pass or fail).
TMP="$(mktemp -d "${TMPDIR:-/tmp}/leontief-cli.XXXXXX")"
cleanup() {
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "note: scratch directory kept: $TMP" >&2
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run_ranks N COMMAND...: runs COMMAND under mpiexec with N ranks (oversubscribed: the test
# machine may have fewer cores), or directly (MPI singleton) when N is 0. A run that does not
# finish within CLI_TIMEOUT seconds (default 120) counts as a hang.
run_ranks() {
  local ranks="$1"
  shift
  if [[ "$ranks" == 0 ]]; then
    timeout "${CLI_TIMEOUT:-120}" "$@"
  else
    timeout "${CLI_TIMEOUT:-120}" "$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" "$ranks" --oversubscribe "$@"
  fi
}

# run_ok LOG N COMMAND...: like run_ranks, output to LOG; on failure shows LOG and fails.
run_ok() {
  local log="$1"
  shift
  local status=0
  run_ranks "$@" >"$log" 2>&1 || status=$?
  if [[ $status != 0 ]]; then
    echo "---- output of: ${*:2}" >&2
    cat "$log" >&2
    fail "exit status $status from: ${*:2} (at $1 ranks; 0 = no mpiexec)"
  fi
}

# The position measures that are ratios, NA where their denominator is zero (docs/methods/
# position.md: zero-output sectors, economies without exports): for compare_csv's --na.
POSITION_NA_COLUMNS="GVCPT_F,GVCPT_F_S,GVCPT_F_C,GVCPT_B,GVCPT_B_S,GVCPT_B_C,PLV,PLV_D,PLV_RT"
POSITION_NA_COLUMNS+=",PLV_GVC,PLV_GVC_D,PLV_GVC_F,PLY,PLY_D,PLY_RT,PLY_GVC,PLY_GVC_D"
POSITION_NA_COLUMNS+=",PLY_GVC_F,GVC_POSITION,UPSTREAMNESS,DOWNSTREAMNESS,APL_FORWARD"
POSITION_NA_COLUMNS+=",APL_BACKWARD,KPWW_PARTICIPATION,KPWW_POSITION,LTV_FVA_SHARE"
POSITION_NA_COLUMNS+=",LTV_DVA_SHARE"

# compare_csv A B KEYS RTOL [ATOL [OPTIONS...]]: the two tidy CSV files must agree; every
# value must be a number unless OPTIONS name the columns with documented NA (--na COLUMNS).
compare_csv() {
  local a="$1" b="$2" keys="$3" rtol="$4" atol="${5:-0}"
  shift $(($# < 5 ? $# : 5))
  local status=0
  echo "compare $a $b (rtol $rtol, atol $atol${*:+, $*})"
  "$CSV_COMPARE" "$a" "$b" --keys "$keys" --rtol "$rtol" --atol "$atol" "$@" || status=$?
  [[ $status == 0 ]] || fail "$a and $b differ (leontief_csv_compare exit status $status)"
}

# pick_columns FILE COLUMNS: FILE (simple CSV: no quoted commas) reduced to the
# comma-separated COLUMNS, in that order, header included; fails if a column is missing.
pick_columns() {
  awk -F, -v want="$2" '
    NR == 1 {
      for (c = 1; c <= NF; ++c) { name = $c; gsub(/["\r]/, "", name); col[name] = c }
      n = split(want, names, ",")
      for (k = 1; k <= n; ++k) if (!(names[k] in col)) { print "no column " names[k] > "/dev/stderr"; exit 1 }
    }
    { line = ""
      for (k = 1; k <= n; ++k) { v = $col[names[k]]; gsub(/["\r]/, "", v); line = line (k > 1 ? "," : "") v }
      print line }' "$1"
}

# expect_rows FILE N: FILE has a header and N data rows.
expect_rows() {
  local rows
  rows=$(($(wc -l <"$1") - 1))
  [[ $rows == "$2" ]] || fail "$1 has $rows data rows, expected $2"
}

# A 2-region x 2-sector table whose coefficients are not productive: AR_Agr and AR_Tex
# buy each other's output, A_12 = 0.6 and A_21 = 1.8 (inputs of AR_Agr are twice its output),
# so the spectral radius of A is about 1.11. Both balances hold (negative final demand and
# negative value added make up the difference), so `import` accepts it and only `va` can
# tell.
write_not_productive() {
  cat >"$1" <<'EOF'
,AR_Agr,AR_Tex,TR_Agr,TR_Tex,AR_FD,TR_FD,GO
AR_Agr,10,60,5,5,15,5,100
AR_Tex,180,5,5,5,-90,-5,100
TR_Agr,5,5,20,10,10,50,100
TR_Tex,5,5,10,20,10,50,100
VA,-100,25,60,60,,,
GO,100,100,100,100,,,
EOF
}

# A table with A_12 = A_21 = 1 in region AR: I - A is exactly singular.
write_singular() {
  cat >"$1" <<'EOF'
,AR_Agr,AR_Tex,TR_Agr,TR_Tex,AR_FD,TR_FD,GO
AR_Agr,0,100,0,0,0,0,100
AR_Tex,100,0,0,0,0,0,100
TR_Agr,0,0,20,10,10,60,100
TR_Tex,0,0,10,20,10,60,100
VA,0,0,70,70,,,
GO,100,100,100,100,,,
EOF
}

# import_wiod_years DIR YEAR...: the WIOD 2013 tables of those years as DIR/wiot_YEAR.h5.
import_wiod_years() {
  local dir=$1 y input
  shift
  mkdir -p "$dir"
  for y in "$@"; do
    input="$TEST_DATA/wiod2013/wiot_$y.csv.gz"
    [[ -r "$input" ]] || fail "missing reference table $input"
    run_ok "import$y.log" 0 "$LEONTIEF" import --input "$input" --output "$dir/wiot_$y.h5"
  done
}

# The resume steps shared by the year panels (`decompose --tables`, `thinning`) on the four
# WIOD years 1995-1998, after a complete run of 1995 and 1996 into run.h5 and run/ kept by
# keep_older_result. HOOK is the panel's abort hook (an environment variable that makes the
# run die with MPI_Abort, like a job killed at its time limit); ARGS... is the command line
# after "$LEONTIEF".
keep_older_result() {
  mkdir old_copy && cp -r run.h5 run old_copy/
}
# unchanged LABEL: run.h5 and every file in run/ are those kept, and no temporary is left.
unchanged() {
  local f
  cmp -s run.h5 old_copy/run.h5 || fail "$1: run.h5 changed"
  for f in old_copy/run/*; do
    cmp -s "$f" "run/${f##*/}" || fail "$1: run/${f##*/} changed"
  done
  ls -a . run | grep -q '\.partial-' && fail "$1: a temporary result file is left next to the output"
  return 0
}
# resume_after_aborts HOOK ARGS...: an abort after one computed year, then one while
# writing 1998's part file.
resume_after_aborts() {
  local hook=$1 status
  shift
  status=0
  (export "$hook=after:1"; run_ranks 1 "$LEONTIEF" "$@") >abort1.log 2>&1 || status=$?
  [[ $status != 0 ]] || fail "the aborted run exited with status 0"
  grep -q "resuming: 2 year(s) already finished, 2 to compute" abort1.log ||
    { cat abort1.log >&2; fail "the second run did not reuse 1995 and 1996 from run.h5"; }
  [[ -s run.h5.parts/year_1997.h5 ]] || fail "1997 was not recorded in run.h5.parts"
  [[ ! -e run.h5.parts/year_1998.h5 ]] || fail "1998 recorded although the run stopped before it"
  unchanged "after the abort"

  status=0
  (export "$hook=writing:1998"; run_ranks 1 "$LEONTIEF" "$@") >abort2.log 2>&1 || status=$?
  [[ $status != 0 ]] || fail "the run aborted while writing exited with status 0"
  grep -q "resuming: 3 year(s) already finished, 1 to compute" abort2.log ||
    { cat abort2.log >&2; fail "the third run did not reuse 1995-1997"; }
  [[ ! -e run.h5.parts/year_1998.h5 ]] ||
    fail "a part file killed while written was renamed into place"
  ls -a run.h5.parts | grep -q 'year_1998.h5.partial-' ||
    fail "no temporary part file (hook not reached?)"
  unchanged "after the abort while writing"
}

# resume_at_two_ranks ARGS...: the rerun at 2 ranks computes 1998 only and completes.
resume_at_two_ranks() {
  run_ok resume.log 2 "$LEONTIEF" "$@"
  grep -q "resuming: 3 year(s) already finished, 1 to compute" resume.log ||
    { cat resume.log >&2; fail "the resumed run recomputed finished years"; }
  [[ $(grep -c "year [0-9]* done" resume.log) == 1 ]] ||
    fail "the resumed run computed more than one year"
  [[ ! -e run.h5.parts ]] || fail "run.h5.parts left behind after a complete run"
}

# failing_year_stops_panel ARGS...: a panel of four small tables whose year 2002 is not
# productive (--tables small --output small.h5 are added to ARGS) stops on every rank with
# one error line naming the year and the table, writes no result, and keeps the years
# finished by both groups (2 ranks, 2 year groups).
failing_year_stops_panel() {
  local y status=0
  mkdir small
  printf '%s\n' ',AR_Agr,AR_Tex,TR_Agr,TR_Tex,AR_FD,TR_FD,GO' 'AR_Agr,10,20,5,5,40,20,100' \
    'AR_Tex,18,5,5,5,37,30,100' 'TR_Agr,5,5,20,10,10,50,100' 'TR_Tex,5,5,10,20,10,50,100' \
    'VA,62,65,60,60,,,' 'GO,100,100,100,100,,,' >good.csv
  write_not_productive bad.csv
  for y in 2000 2001 2003; do
    run_ok "small$y.log" 0 "$LEONTIEF" import --input good.csv --output "small/t$y.h5" --year "$y"
  done
  run_ok small2002.log 0 "$LEONTIEF" import --input bad.csv --output small/t2002.h5 --year 2002
  run_ranks 2 "$LEONTIEF" "$@" --tables small --output small.h5 >small.log 2>&1 || status=$?
  [[ $status == 1 ]] || { cat small.log >&2; fail "a failing year: exit status $status, expected 1"; }
  [[ $(grep -c '^leontief: error:' small.log) == 1 ]] ||
    { cat small.log >&2; fail "not one error line"; }
  grep -q '^leontief: error: year 2002: small/t2002.h5: the technical coefficients A are not productive' \
    small.log || { cat small.log >&2; fail "the error does not name the year and the table"; }
  [[ ! -e small.h5 ]] || fail "a failed run wrote a result"
  for y in 2000 2001 2003; do
    [[ -s small.h5.parts/year_$y.h5 ]] || fail "finished year $y not kept after the failure"
  done
}

# leontief_at RANKS: sets the array `leontief` to the executable at RANKS ranks: run directly
# (MPI singleton) at 1, under mpiexec otherwise. Use as "${leontief[@]}" ARGS...
leontief_at() {
  if [[ "$1" == 1 ]]; then
    leontief=("$LEONTIEF")
  else
    leontief=("$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" "$1" --oversubscribe "$LEONTIEF")
  fi
}

# case_test ARGS...: the arguments CASE RANKS of a test that CTest runs once per case and
# rank count. Sets case_name, ranks, leontief (leontief_at) and out ($TMP/out, created), and
# enters $TMP.
case_test() {
  [[ $# == 2 ]] || { echo "usage: $(basename -- "$0") CASE RANKS" >&2; exit 2; }
  case_name="$1"
  ranks="$2"
  leontief_at "$ranks"
  cd "$TMP" || exit 1
  out="$TMP/out"
  mkdir -p "$out"
}
