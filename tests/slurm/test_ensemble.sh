#!/usr/bin/env bash
# jobs/leontief_ensemble.sbatch on a private single-node Slurm cluster, with a small ensemble
# (6 draws, 30 days) on the bundled WIOD 2011 table:
# 1. the job imports the table, runs the ensemble in groups of one rank, ends COMPLETED and
#    leaves dynamic.h5, the ensemble's CSV files with their rows and a -log_view file of an
#    MPI run on all ranks; its numbers equal a direct one-rank run's;
# 2. a job stopped after one draw per group (LEONTIEF_DYNAMIC_TEST_ABORT) ends FAILED with its
#    draws kept; submitted again with the same OUT_DIR it resumes and gives the same result.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$WORK" || exit 1
cat >ensemble.ini <<'EOF'
[ensemble.small]
draws = 6
seed = 5
kind = capacity
regions = *
pick_region = one
sectors = c12,c13,c14,c15
pick_sector = largest
loss = uniform(20, 60)
start = 2
duration = 10
EOF
args="--dynamic.days 30"

start_cluster
out="$WORK/ensemble"
submit_job ensemble "" \
  "TABLE_CSV=$TEST_DATA/wiod2013/wiot_2011.csv.gz,SCENARIO=ensemble.ini,OUT_DIR=$out,DYNAMIC_ARGS=$args"
expect_states "-=COMPLETED:0:0" "$slurm_out"
grep -q "leontief_ensemble: results in $out" "$slurm_out" || fail "$slurm_out does not end with the results line"
grep -q "$RANKS group(s) of 1 rank(s)" "$slurm_out" || fail "the draws did not run in $RANKS groups of one rank"
expect_file "$out/table.h5"
expect_file "$out/dynamic.h5"
expect_csv "$out/dynamic/dynamic_ensemble_world.csv" "ensemble,draw,events,direct_loss," 6
expect_csv "$out/dynamic/dynamic_ensemble_draws.csv" "ensemble,draw,region,direct_loss," $((6 * REGIONS))
expect_csv "$out/dynamic/dynamic_ensemble_quantiles.csv" "ensemble,region,measure,q0.05,q0.5,q0.95,mean" \
  $((7 * REGIONS))
expect_log_view "$out/log_view_${JOB_ID}_dynamic.txt" "$RANKS"
[[ ! -e "$out/dynamic.h5.parts" ]] || fail "the finished job left its part files"

# The same numbers as a direct run on one rank (MPI singleton, no Slurm).
# shellcheck disable=SC2086  # $args holds two words
"$LEONTIEF" dynamic --table "$out/table.h5" --scenario ensemble.ini --output direct.h5 --csv direct \
  $args --log.level warn
compare_csv direct/dynamic_ensemble_draws.csv "$out/dynamic/dynamic_ensemble_draws.csv" 3 1e-9
compare_csv direct/dynamic_ensemble_world.csv "$out/dynamic/dynamic_ensemble_world.csv" 3 1e-9
compare_csv direct/dynamic_ensemble_quantiles.csv "$out/dynamic/dynamic_ensemble_quantiles.csv" 3 1e-9

# 2. Stopped after one draw per group, then resumed from the same OUT_DIR.
resumed="$WORK/resumed"
exports="TABLE=$out/table.h5,SCENARIO=ensemble.ini,OUT_DIR=$resumed,DYNAMIC_ARGS=$args"
submit_job ensemble " (stopped)" "$exports,LEONTIEF_DYNAMIC_TEST_ABORT=after:1"
[[ "$JOB_STATES" == "-=FAILED:"* ]] || {
  show_job_outputs "$slurm_out"
  fail "the stopped job ended as '$JOB_STATES', expected FAILED"
}
[[ ! -e "$resumed/dynamic.h5" ]] || fail "the stopped job left a result"
kept=$(find "$resumed/dynamic.h5.parts" -name 'draw_*.txt' | wc -l)
((kept >= 1 && kept < 6)) || fail "the stopped job kept $kept draws, expected 1 to 5"
submit_job ensemble " (resumed)" "$exports"
expect_states "-=COMPLETED:0:0" "$slurm_out"
grep -q "resuming" "$slurm_out" || fail "$slurm_out does not say it resumes"
grep -q "$kept finished before" "$slurm_out" || fail "the resumed job did not reuse the $kept kept draws"
compare_csv "$out/dynamic/dynamic_ensemble_draws.csv" "$resumed/dynamic/dynamic_ensemble_draws.csv" 3 1e-9
compare_csv "$out/dynamic/dynamic_ensemble_quantiles.csv" "$resumed/dynamic/dynamic_ensemble_quantiles.csv" 3 1e-9

echo "PASS: leontief_ensemble.sbatch (job at $RANKS ranks; stopped and resumed)"
