#!/usr/bin/env bash
# jobs/leontief_table.sbatch on a private single-node Slurm cluster: submitted from the
# source tree with its defaults (the bundled WIOD 2011 table, METHODS=all) except the
# executable, the output directory and the rank count. The job must end COMPLETED with exit
# code 0 and leave the imported table, the va and decompose results (HDF5 and every CSV with
# the right header and row count), one -log_view file per run showing an MPI run on all
# ranks, and its Slurm output file; the CSV results must equal a direct one-rank run.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

start_cluster
out="$WORK/out"
# From the source tree, so the script's default table (tests/data/...) is used; the Slurm
# output file goes to the scratch directory.
cd "$PROJECT_DIR" || exit 1
submit_job table "" "OUT_DIR=$out"
expect_states "-=COMPLETED:0:0" "$slurm_out"
cd "$WORK" || exit 1

expect_file "$slurm_out"
grep -q "leontief_table: results in $out" "$slurm_out" || fail "$slurm_out does not end with the results line"
grep -q "tests/data/wiod2013/wiot_2011.csv.gz" "$slurm_out" || fail "the job did not import the bundled table by default"

for f in table.h5 va.h5 decompose.h5; do expect_file "$out/$f"; done
n=$((REGIONS * SECTORS))
expect_csv "$out/va/va_by_destination.csv" "source_region,source_sector,destination_region,value" $((n * REGIONS))
expect_csv "$out/va/gross_exports.csv" "exporter,sector,importer,value" $((n * REGIONS))
expect_csv "$out/decompose/kww.csv" "exporter,DVA_FIN,DVA_INT," "$REGIONS"
expect_csv "$out/decompose/wwz.csv" "exporter,sector,importer,DVA_FIN," $((n * (REGIONS - 1)))
for side in source sink; do
  expect_csv "$out/decompose/bm_${side}_exporter.csv" "exporter,GEXP,DC," "$REGIONS"
  expect_csv "$out/decompose/bm_${side}_sector.csv" "exporter,sector,GEXP," $n
  expect_csv "$out/decompose/bm_${side}_bilateral.csv" "exporter,importer,GEXP," $((REGIONS * (REGIONS - 1)))
done
expect_csv "$out/decompose/tiva_economy.csv" "exporter,PROD,VALU," "$REGIONS"
expect_csv "$out/decompose/tiva_sector.csv" "exporter,sector,PROD," $n
expect_csv "$out/decompose/tiva_bilateral.csv" "exporter,importer,EXGR," $((REGIONS * (REGIONS - 1)))
expect_csv "$out/decompose/position_economy.csv" "exporter,V_D," "$REGIONS"
expect_csv "$out/decompose/position_sector.csv" "exporter,sector,V_D," $n
count=$(find "$out/decompose" -name '*.csv' | wc -l)
[[ $count == 13 ]] || fail "decompose --method all wrote $count CSV files, expected 13"

expect_log_view "$out/log_view_${JOB_ID}_import.txt" 1
expect_log_view "$out/log_view_${JOB_ID}_va.txt" "$RANKS"
expect_log_view "$out/log_view_${JOB_ID}_decompose.txt" "$RANKS"

# The same numbers as a direct run on one rank (MPI singleton, no Slurm).
"$LEONTIEF" va --table "$out/table.h5" --output direct_va.h5 --csv direct_va --log.level warn
"$LEONTIEF" decompose --method kww,tiva --table "$out/table.h5" --output direct.h5 --csv direct \
  --log.level warn
compare_csv direct_va/va_by_destination.csv "$out/va/va_by_destination.csv" 3 1e-9
compare_csv direct/kww.csv "$out/decompose/kww.csv" 1 1e-9
# Shares of sectors without exports are NA (docs/methods/tiva.md).
compare_csv direct/tiva_sector.csv "$out/decompose/tiva_sector.csv" 2 1e-9 \
  --na EXGR_DVASH,VAX_RATIO,EXGR_FVASH,VS_SHARE,VS1_SHARE

echo "PASS: leontief_table.sbatch (job $JOB_ID, $RANKS ranks)"
