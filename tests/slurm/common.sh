# shellcheck shell=bash disable=SC2034  # variables used by the scripts that source this file
# Shared setup of the Slurm job-script tests; sourced by test_*.sh (bash).
#
# Each test starts its own single-node Slurm cluster (start_slurm.sh) in a scratch directory,
# submits one of jobs/*.sbatch, waits for the job to end, checks its state and outputs, and
# always stops the daemons it started (stop_slurm.sh, from an EXIT trap) and removes the
# scratch directory. Exit status 77 (CTest: skipped) when Slurm or munge is not installed.
#
# Environment (set by tests/slurm/CMakeLists.txt):
#   LEONTIEF       the leontief executable
#   CSV_COMPARE    the leontief_csv_compare tool
#   TEST_DATA      tests/data (wiod2013/wiot_YYYY.csv.gz)
#   PROJECT_DIR    the source tree (jobs/, tests/data/)
#   KEEP_TMP=1     keep the scratch directory (and show where it is) for debugging
#   SLURM_TEST_TIMEOUT   seconds the jobs of one test may take in all (default 150; CTest's
#                  TIMEOUT leaves room for the cleanup, which must run before CTest kills us)

set -euo pipefail

for var in LEONTIEF CSV_COMPARE TEST_DATA PROJECT_DIR; do
  if [[ -z "${!var:-}" ]]; then
    echo "FAIL: environment variable $var is not set (run through ctest)" >&2
    exit 2
  fi
done
SLURM_TESTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JOBS_DIR="$PROJECT_DIR/jobs"
DEADLINE=$((SECONDS + ${SLURM_TEST_TIMEOUT:-150}))
# Ranks per job: 2, or 1 on a one-CPU machine (the node has as many CPUs as this machine).
RANKS=2
(($(nproc) >= 2)) || RANKS=1
# WIOD 2013 dimensions: 41 economies x 35 sectors.
REGIONS=41
SECTORS=35

TMP="$(mktemp -d "${TMPDIR:-/tmp}/leontief-slurm.XXXXXX")"
CLUSTER="$TMP/cluster"
WORK="$TMP/work"
mkdir -p "$WORK"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  "$SLURM_TESTS/stop_slurm.sh" "$CLUSTER" || true
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "note: scratch directory kept: $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Start the cluster; a missing installation is a skip, not a failure.
start_cluster() {
  local status=0 env
  local t0=$SECONDS
  env="$("$SLURM_TESTS/start_slurm.sh" "$CLUSTER")" || status=$?
  if [[ $status == 77 ]]; then
    exit 77
  elif [[ $status != 0 ]]; then
    fail "could not start the Slurm cluster (start_slurm.sh exit status $status)"
  fi
  eval "$env"
  echo "Slurm cluster up in $((SECONDS - t0)) s ($SLURM_CONF)"
}

# show_job_outputs FILE...: prints Slurm output files of a failed job.
show_job_outputs() {
  local f
  for f in "$@"; do
    [[ -r "$f" ]] || continue
    echo "---- $f" >&2
    tail -n 40 "$f" >&2
  done
}

# wait_job ID: waits until every record of job (or array) ID has ended, at most until the
# test's DEADLINE (then fails; the cleanup cancels the job). Polls `scontrol show job` twice a second:
# `sbatch -W` would do, but it polls with growing intervals and returns up to 30 s late.
# Sets JOB_STATES to "task_id=STATE:exit_code ..." (task_id: the array task, or - ).
wait_job() {
  local id="$1" records line state busy
  while true; do
    records="$(scontrol show job -o "$id" 2>/dev/null)" || fail "scontrol show job $id failed"
    busy=0
    while IFS= read -r line; do
      state="$(sed -n 's/.* JobState=\([A-Z_]*\).*/\1/p' <<<"$line")"
      case "$state" in
        COMPLETED | FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY | NODE_FAIL | PREEMPTED | BOOT_FAIL | DEADLINE) ;;
        *) busy=1 ;;
      esac
    done <<<"$records"
    ((busy)) || break
    ((SECONDS < DEADLINE)) || {
      echo "$records" >&2
      fail "job $id had not ended when the test's time (SLURM_TEST_TIMEOUT) ran out"
    }
    sleep 0.5
  done
  JOB_STATES=""
  while IFS= read -r line; do
    local task exit_code
    task="$(sed -n 's/.* ArrayTaskId=\([^ ]*\).*/\1/p' <<<"$line")"
    state="$(sed -n 's/.* JobState=\([A-Z_]*\).*/\1/p' <<<"$line")"
    exit_code="$(sed -n 's/.* ExitCode=\([0-9:]*\).*/\1/p' <<<"$line")"
    JOB_STATES+="${task:--}=$state:$exit_code "
  done <<<"$records"
  JOB_STATES="${JOB_STATES% }"
  echo "job $id: $JOB_STATES"
}

# submit DESCRIPTION SBATCH_ARGS...: submits, waits, and prints the time it took; sets JOB_ID.
submit() {
  local what="$1"
  shift
  local t0=$SECONDS
  JOB_ID="$(sbatch --parsable "$@")" || fail "sbatch refused $what"
  JOB_ID="${JOB_ID%%;*}"
  echo "submitted $what as job $JOB_ID"
  wait_job "$JOB_ID"
  echo "$what: ended after $((SECONDS - t0)) s"
}

# submit_job JOB WHAT EXPORTS: submits jobs/leontief_JOB.sbatch as one job at RANKS ranks
# (1000 MB a CPU) with LEONTIEF and EXPORTS (NAME=VALUE,...) in its environment and its
# output in $WORK; waits for it (WHAT is appended to the description). Sets JOB_ID,
# JOB_STATES and slurm_out (the job's output file).
submit_job() {
  local job="$1" what="$2" exports="$3"
  submit "leontief_$job.sbatch$what" --ntasks="$RANKS" --mem-per-cpu=1000M \
    --output="$WORK/%x-%j.out" --export="ALL,LEONTIEF=$LEONTIEF,$exports" \
    "$JOBS_DIR/leontief_$job.sbatch"
  slurm_out="$WORK/leontief-$job-$JOB_ID.out"
}

# expect_states EXPECTED: JOB_STATES must be exactly EXPECTED (order of the task ids aside).
expect_states() {
  local got want
  got="$(tr ' ' '\n' <<<"$JOB_STATES" | sort | tr '\n' ' ')"
  want="$(tr ' ' '\n' <<<"$1" | sort | tr '\n' ' ')"
  [[ "$got" == "$want" ]] || {
    show_job_outputs "${@:2}"
    fail "job $JOB_ID ended as '$JOB_STATES', expected '$1'"
  }
}

# expect_csv FILE HEADER_PREFIX ROWS: FILE exists, its header starts with HEADER_PREFIX and it
# has ROWS data rows.
expect_csv() {
  local file="$1" prefix="$2" rows="$3" header got
  [[ -s "$file" ]] || fail "missing or empty $file"
  header="$(head -n 1 "$file")"
  [[ "$header" == "$prefix"* ]] || fail "$file: header '$header' does not start with '$prefix'"
  got=$(($(wc -l <"$file") - 1))
  [[ $got == "$rows" ]] || fail "$file has $got data rows, expected $rows"
}

# expect_log_view FILE RANKS: PETSc's -log_view summary of a run on RANKS MPI ranks (one
# MPI job of RANKS processes, not RANKS singletons).
expect_log_view() {
  local file="$1" ranks="$2" procs
  [[ -s "$file" ]] || fail "missing -log_view file $file"
  grep -q 'PETSc Performance Summary' "$file" || fail "$file is not a -log_view summary"
  procs="processors"
  [[ "$ranks" == 1 ]] && procs="processor"
  grep -Eq "with $ranks $procs," "$file" ||
    fail "$file: not a run on $ranks MPI ranks ($(grep -Eo 'with [0-9]+ processors?' "$file" | head -n 1))"
}

expect_file() {
  [[ -s "$1" ]] || fail "missing or empty $1"
}

# compare_csv A B KEYS RTOL [OPTIONS...]: the two tidy CSV files agree; every value is a
# number unless OPTIONS name the columns with documented NA (--na COLUMNS).
compare_csv() {
  local status=0
  "$CSV_COMPARE" "$1" "$2" --keys "$3" --rtol "$4" --atol 0 "${@:5}" >/dev/null || status=$?
  [[ $status == 0 ]] || fail "$1 and $2 differ (leontief_csv_compare exit status $status)"
}
