#!/usr/bin/env bash
# End-to-end: `leontief dynamic` (the ARIO model) with the example file
# configs/dynamic_wiod2011.ini on the WIOD 2013 release, 2011 (three scenarios and an ensemble
# of 8 draws; 60 days to keep the test short):
#   1. results at 1, 2 and 4 ranks, and at 4 ranks in groups of 2 for the ensemble, agree
#      (every CSV file, rtol 1e-9) and have the documented rows; HDF5 holds the datasets;
#   2. a scenario that loses nothing leaves every economy's output unchanged;
#   3. an ensemble run killed after 2 draws (LEONTIEF_DYNAMIC_TEST_ABORT) leaves no result but
#      its finished draws; the rerun computes only the others and gives the same result;
#   4. --plot writes a PNG (when gnuplot is installed);
#   5. a generated sparse (CSR) network at 1 and 2 ranks agrees;
#   6. bad scenario files stop every rank with one error line naming the file and the line,
#      and write nothing.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

input="$TEST_DATA/wiod2013/wiot_2011.csv.gz"
scenarios="$CLI_TEST_DIR/../../configs/dynamic_wiod2011.ini"
[[ -r "$input" ]] || fail "missing reference table $input"
[[ -r "$scenarios" ]] || fail "missing example scenarios $scenarios"
G=41
n=1435
days=60
recorded=10 # days 0, 7, ..., 56 and 59
common=(--dynamic.days "$days" --dynamic.series sector --dynamic.series_every 7
  --dynamic.ensemble_series economy)

cd "$TMP" || exit 1
run_ok import.log 0 "$LEONTIEF" import --input "$input" --output wiod2011.h5

# 1. Ranks and rank groups.
run_ok np1.log 1 "$LEONTIEF" dynamic --table wiod2011.h5 --scenario "$scenarios" --output np1.h5 --csv np1 "${common[@]}"
run_ok np2.log 2 "$LEONTIEF" dynamic --table wiod2011.h5 --scenario "$scenarios" --output np2.h5 --csv np2 "${common[@]}"
run_ok np4.log 4 "$LEONTIEF" dynamic --table wiod2011.h5 --scenario "$scenarios" --output np4.h5 --csv np4 "${common[@]}"
run_ok groups.log 4 "$LEONTIEF" dynamic --table wiod2011.h5 --scenario "$scenarios" --output groups.h5 --csv groups \
  "${common[@]}" --dynamic.ranks_per_group 2
grep -q "2 group(s) of 2 rank(s)" groups.log || fail "the ensemble did not run in 2 groups of 2 ranks"
expect_rows np1/dynamic_summary.csv 3
expect_rows np1/dynamic_economy.csv $((3 * G))
expect_rows np1/dynamic_sector.csv $((3 * n))
expect_rows np1/dynamic_series_economy.csv $((3 * G * recorded))
expect_rows np1/dynamic_series_sector.csv $((3 * n * recorded))
expect_rows np1/dynamic_ensemble_world.csv 8
expect_rows np1/dynamic_ensemble_draws.csv $((8 * G))
expect_rows np1/dynamic_ensemble_quantiles.csv $((7 * G))
expect_rows np1/dynamic_ensemble_series.csv $((8 * G * recorded))
keys_of() {
  case "$1" in
    dynamic_summary.csv) echo 1 ;;
    dynamic_economy.csv) echo 2 ;;
    dynamic_series_sector.csv | dynamic_ensemble_series.csv) echo 4 ;;
    *) echo 3 ;;
  esac
}
# na_of FILE: the --na option for the columns documented as NA (docs/methods/dynamic.md,
# docs/output-schema.md): days to recovery of a series still off on the last day, the quantiles
# that reach one, and the production ratio of a sector with zero output.
na_of() {
  local header column na=""
  header="$(head -n 1 "$1")"
  if [[ "$(basename "$1")" == dynamic_ensemble_quantiles.csv ]]; then
    na="$(cut -d, -f4- <<<"$header")"
  fi
  for column in days_to_recovery production_ratio; do
    if [[ ",$header," == *",$column,"* ]]; then na="${na:+$na,}$column"; fi
  done
  if [[ -n "$na" ]]; then echo "--na $na"; fi
}
for run in np2 np4 groups; do
  for file in np1/*.csv; do
    name="$(basename "$file")"
    compare_csv "$file" "$run/$name" "$(keys_of "$name")" 1e-9 1e-9 $(na_of "$file")
  done
done
for dataset in summary scenarios/china_electronics_month/sector_losses \
  scenarios/japan_earthquake/economy_production ensembles/manufacturing_month/output_loss \
  ensembles/manufacturing_month/quantiles/indirect_loss ensembles/manufacturing_month/economy_production; do
  # NaN only where documented: days to recovery of an economy still off on the last day.
  "$H5_COMPARE" np1.h5 np4.h5 "$dataset" --rtol 1e-9 --atol 1e-9 --nan >/dev/null ||
    fail "dataset $dataset differs between 1 and 4 ranks"
done
"$H5_COMPARE" --has np1.h5 ensembles/manufacturing_month/draw_events || fail "no draw_events"
# Indirect losses are never negative; the hit economy loses output.
awk -F, 'NR > 1 && $5 < 0 { print; bad = 1 } END { exit bad }' np1/dynamic_sector.csv ||
  fail "negative indirect loss in dynamic_sector.csv"
awk -F, '$1 == "china_electronics_month" && $2 == "CHN" && $5 > 0 { found = 1 } END { exit !found }' \
  np1/dynamic_economy.csv || fail "China lost no output when its electronics stopped"

# 2. Nothing lost: output stays at its level.
cat >nothing.ini <<'EOF'
[scenario.nothing]
kind = capacity
regions = *
sectors = *
loss = 0
duration = 30
EOF
run_ok nothing.log 2 "$LEONTIEF" dynamic --table wiod2011.h5 --scenario nothing.ini --output nothing.h5 --csv nothing \
  --dynamic.days "$days"
awk -F, 'NR > 1 { r = $5 - 1; if (r < 0) r = -r; if ($5 != "NA" && r > 1e-12) { print; bad = 1 } } END { exit bad }' \
  nothing/dynamic_series_economy.csv || fail "output moved in a scenario that loses nothing"

# 3. Resume after a stop: 2 groups of 1 rank, each stops after its second draw.
resume_args=(--table wiod2011.h5 --scenario "$scenarios" --output resume.h5 --csv resume "${common[@]}")
status=0
LEONTIEF_DYNAMIC_TEST_ABORT=after:2 run_ranks 2 "$LEONTIEF" dynamic "${resume_args[@]}" >abort.log 2>&1 || status=$?
[[ $status != 0 ]] || fail "the run with LEONTIEF_DYNAMIC_TEST_ABORT=after:2 did not stop"
[[ ! -e resume.h5 ]] || fail "a stopped run left resume.h5"
parts=$(find resume.h5.parts -name 'draw_*.txt' | wc -l)
((parts >= 2 && parts < 8)) || fail "expected 2 to 7 finished draws in resume.h5.parts, found $parts"
run_ok resume.log 2 "$LEONTIEF" dynamic "${resume_args[@]}"
grep -q "$parts finished before" resume.log || fail "the rerun did not reuse the $parts finished draws"
[[ ! -e resume.h5.parts ]] || fail "the parts were not removed after the result was written"
# The stopped run's temporaries are gone, also when its processes linger as zombies.
ls -a . resume | grep '\.partial-' && fail "the rerun left the stopped run's temporary files"
for file in np1/dynamic_ensemble_*.csv; do
  name="$(basename "$file")"
  compare_csv "$file" "resume/$name" "$(keys_of "$name")" 1e-9 1e-9 $(na_of "$file")
done

# 4. The plot.
if command -v gnuplot >/dev/null 2>&1; then
  run_ok plot.log 1 "$LEONTIEF" dynamic --table wiod2011.h5 --scenario "$scenarios" --output plot.h5 \
    --dynamic.days "$days" --plot plot.png --plot_scenario japan_earthquake
  [[ -s plot.png ]] || fail "no plot.png"
  [[ "$(head -c 4 plot.png | tail -c 3)" == PNG ]] || fail "plot.png is not a PNG"
  grep -q "plotted the output of JPN" plot.log || fail "the plot does not start with the hit economy JPN"
  ls -a | grep "plot.png.data\|\.partial-" && fail "a temporary file is left behind"
fi

# 5. A generated sparse network (CSR store).
run_ok generate.log 0 "$LEONTIEF" generate --output net.h5 --generate.regions 4 \
  --generate.sectors 200 --generate.links_per_row 6
cat >net.ini <<'EOF'
[scenario.outage]
kind = capacity
regions = R2
sectors = s001,s002,s003
loss = 60
start = 2
duration = 10
recovery = linear
recovery_days = 10

[ensemble.random_firm]
draws = 4
seed = 3
kind = capacity
regions = *
pick_region = one
sectors = *
pick_sector = one
loss = uniform(20, 80)
duration = 15
EOF
for ranks in 1 2; do
  run_ok net$ranks.log $ranks "$LEONTIEF" dynamic --table net.h5 --scenario net.ini --output net$ranks.h5 \
    --csv net$ranks --dynamic.days 40 --dynamic.inventory_days 5
done
for file in net1/*.csv; do
  name="$(basename "$file")"
  compare_csv "$file" "net2/$name" "$(keys_of "$name")" 1e-9 1e-9 $(na_of "$file")
done
expect_rows net1/dynamic_ensemble_world.csv 4

# 6. Bad scenario files: one error line naming the file and the line.
printf '[scenario.a]\nkind = capacity\nregions = XYZ\nsectors = c1\nloss = 5\nduration = 2\n' >bad_region.ini
printf '[scenario.a]\nkind = capacity\nregions = USA\nsectors = c1\nloss = uniform(1,2)\nduration = 2\n' >bad_random.ini
for ranks in 1 2; do
  leontief_at "$ranks"
  "$CLI_TEST_DIR/expect_error.sh" --regex "bad_region\.ini: line 3: unknown region 'XYZ'" \
    --absent "$TMP/out/bad.h5" -- "${leontief[@]}" dynamic --table wiod2011.h5 \
    --scenario bad_region.ini --output out/bad.h5 --csv out/bad ||
    fail "bad_region.ini at $ranks ranks"
  "$CLI_TEST_DIR/expect_error.sh" --regex "bad_random\.ini: line 1: .*random events belong in an \[ensemble" \
    --absent "$TMP/out/bad.h5" -- "${leontief[@]}" dynamic --table wiod2011.h5 \
    --scenario bad_random.ini --output out/bad.h5 ||
    fail "bad_random.ini at $ranks ranks"
done

echo "PASS: dynamic on WIOD 2011 at 1, 2, 4 ranks and in rank groups; resume; plot; CSR network; bad files"
