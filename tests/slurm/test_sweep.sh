#!/usr/bin/env bash
# jobs/leontief_sweep.sbatch on a private single-node Slurm cluster.
# 1. A three-task array over a task file (with a comment, a blank line, CRLF line ends, a
#    leading `leontief`, quoted arguments, {out}/{task} placeholders and a line that gets
#    the default outputs appended): every task COMPLETED, each task directory holds its
#    results, task.txt and -log_view file, and the solver option of task 3 took effect.
# 2. The same script without --array on a file whose first task fails: all tasks run in
#    turn, the job ends FAILED with exit code 1 and names the failed task.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$WORK" || exit 1
"$LEONTIEF" import --input "$PROJECT_DIR/tests/data/wiod2013/wiot_2011.csv.gz" \
  --output "$WORK/wiod2011.h5" --log.level warn
table="$WORK/wiod2011.h5"

{
  echo "# sweep over decompose methods and solver settings"
  echo "decompose --method kww --table $table"
  echo ""
  echo "leontief decompose --method tiva,position --table '$table' --output {out}/tp.h5 --csv '{out}/tiva and position'"
  echo "va --table $table --solver.matrix sparse \"--solver.petsc_options=-leontief_pc_factor_mat_solver_type superlu_dist\" --output {out}/va_{task}.h5 --csv {out}/va"
} | sed 's/$/\r/' >sweep.txt

start_cluster
out="$WORK/sweep"
submit "leontief_sweep.sbatch --array=1-3" --array=1-3 --ntasks="$RANKS" --mem-per-cpu=1000M \
  --export="ALL,LEONTIEF=$LEONTIEF,SWEEP_FILE=sweep.txt,OUT_DIR=$out" "$JOBS_DIR/leontief_sweep.sbatch"
array="$JOB_ID"
expect_states "1=COMPLETED:0:0 2=COMPLETED:0:0 3=COMPLETED:0:0" "$WORK"/leontief-sweep-"$array"_*.out

n=$((REGIONS * SECTORS))
# Task 1: outputs appended by the script.
expect_file "$out/task-1/result.h5"
expect_csv "$out/task-1/csv/kww.csv" "exporter,DVA_FIN,DVA_INT," "$REGIONS"
# Task 2: leading `leontief`, quoted directory name with spaces.
expect_file "$out/task-2/tp.h5"
expect_csv "$out/task-2/tiva and position/tiva_economy.csv" "exporter,PROD,VALU," "$REGIONS"
expect_csv "$out/task-2/tiva and position/position_sector.csv" "exporter,sector,V_D," $n
# Task 3: {task} placeholder; the quoted PETSc option reached the solver.
expect_file "$out/task-3/va_3.h5"
expect_csv "$out/task-3/va/va_by_destination.csv" "source_region,source_sector,destination_region,value" \
  $((n * REGIONS))
grep -q 'superlu_dist' "$WORK/leontief-sweep-${array}_3.out" ||
  fail "task 3 did not use superlu_dist (see leontief-sweep-${array}_3.out)"
for i in 1 2 3; do
  expect_file "$out/task-$i/task.txt"
  grep -q '^line: ' "$out/task-$i/task.txt" || fail "$out/task-$i/task.txt lacks the task line"
  expect_log_view "$out/task-$i/log_view_${array}_$i.txt" "$RANKS"
done
[[ ! -e "$out/task-4" ]] || fail "a fourth task directory exists"

# 2. No --array: every task in turn; a failure fails the job but not the tasks after it.
{
  echo "decompose --method no_such_method --table $table"
  echo "decompose --method kww --table $table"
} >failing.txt
submit_job sweep " (no array, failing task)" "SWEEP_FILE=failing.txt,OUT_DIR=$WORK/failing"
expect_states "-=FAILED:1:0" "$slurm_out"
grep -q 'leontief: error: ' "$slurm_out" || fail "$slurm_out lacks leontief's error line"
grep -q 'leontief_sweep: error: tasks failed: 1$' "$slurm_out" || fail "$slurm_out does not name the failed task"
expect_csv "$WORK/failing/task-2/csv/kww.csv" "exporter,DVA_FIN,DVA_INT," "$REGIONS"
[[ ! -e "$WORK/failing/task-1/result.h5" ]] || fail "the failed task left a result file"

echo "PASS: leontief_sweep.sbatch (array job $array: 3 tasks at $RANKS ranks; sequential job $JOB_ID with a failing task)"
