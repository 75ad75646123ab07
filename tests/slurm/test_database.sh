#!/usr/bin/env bash
# jobs/leontief_database.sbatch on a private single-node Slurm cluster, on a folder of three
# WIOD 2013 years (2009-2011) with the default methods (TiVA, WWZ, Borin-Mancini):
# 1. the job ends COMPLETED; it imported the three years (found through FILE_PATTERN), and
#    wrote one panel (database.h5, ten CSV files with a first column `year` and every year's
#    rows) and a -log_view of an MPI run on all ranks; the 2011 rows equal a direct
#    one-year `decompose` run;
# 2. resubmitted with a fourth year (2008) in the folder and the same OUT_DIR, the job imports
#    2008 only, computes 2008 only (the others come from database.h5) and the panel then holds
#    four years, its 2009-2011 rows unchanged.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

data="$WORK/data"
mkdir -p "$data"
for year in 2009 2010 2011; do
  ln -s "$TEST_DATA/wiod2013/wiot_$year.csv.gz" "$data/wiot_$year.csv.gz"
done
start_cluster
out="$WORK/db"
cd "$WORK" || exit 1
n=$((REGIONS * SECTORS))
check_panel() {  # check_panel YEARS: the CSV files hold YEARS years
  local y="$1"
  expect_file "$out/database.h5"
  expect_csv "$out/database/wwz.csv" "year,exporter,sector,importer,DVA_FIN," $((y * n * (REGIONS - 1)))
  expect_csv "$out/database/tiva_economy.csv" "year,exporter,PROD,VALU," $((y * REGIONS))
  expect_csv "$out/database/tiva_sector.csv" "year,exporter,sector,PROD," $((y * n))
  expect_csv "$out/database/tiva_bilateral.csv" "year,exporter,importer,EXGR," $((y * REGIONS * (REGIONS - 1)))
  for side in source sink; do
    expect_csv "$out/database/bm_${side}_exporter.csv" "year,exporter,GEXP,DC," $((y * REGIONS))
    expect_csv "$out/database/bm_${side}_sector.csv" "year,exporter,sector,GEXP," $((y * n))
    expect_csv "$out/database/bm_${side}_bilateral.csv" "year,exporter,importer,GEXP," $((y * REGIONS * (REGIONS - 1)))
  done
  local count
  count=$(find "$out/database" -name '*.csv' | wc -l)
  [[ $count == 10 ]] || fail "the database has $count CSV files, expected 10 (tiva 3, wwz 1, bm 6)"
  [[ ! -e "$out/database.h5.parts" ]] || fail "the parts directory was left behind"
}

# 1. Three years.
submit_job database "" "DATA_DIR=$data,OUT_DIR=$out"
expect_states "-=COMPLETED:0:0" "$slurm_out"
grep -q "leontief_database: 3 years (2009-2011)" "$slurm_out" || fail "the job did not find the 3 years"
for year in 2009 2010 2011; do
  expect_file "$out/tables/$year.h5"
  grep -q "import $year: $data/wiot_$year.csv.gz" "$slurm_out" || fail "$year was not imported"
done
grep -q "the database is in $out/database.h5" "$slurm_out" || fail "$slurm_out does not end with the results line"
check_panel 3
expect_log_view "$out/log_view_${JOB_ID}_decompose.txt" "$RANKS"
cp -r "$out/database" first

# The 2011 rows are a one-year decompose run (MPI singleton, no Slurm).
"$LEONTIEF" decompose --method wwz,tiva --table "$out/tables/2011.h5" --output direct.h5 \
  --csv direct --log.level warn
for f in wwz:3 tiva_sector:2; do
  name=${f%:*} keys=${f#*:}
  { head -n 1 "direct/$name.csv" | sed 's/^/year,/'; tail -n +2 "direct/$name.csv" | sed 's/^/2011,/'; } \
    >"direct_$name.csv"
  { head -n 1 "$out/database/$name.csv"; grep '^2011,' "$out/database/$name.csv"; } >"panel_$name.csv"
  na=()  # ratios with a zero denominator (docs/methods/tiva.md)
  [[ $name == tiva_sector ]] && na=(--na EXGR_DVASH,EXGR_FVASH,VAX_RATIO,VS_SHARE,VS1_SHARE)
  compare_csv "direct_$name.csv" "panel_$name.csv" $((keys + 1)) 1e-9 "${na[@]}"
done

# 2. A fourth year, resubmitted: only 2008 is imported and computed.
ln -s "$TEST_DATA/wiod2013/wiot_2008.csv.gz" "$data/wiot_2008.csv.gz"
submit_job database " (resumed)" "DATA_DIR=$data,OUT_DIR=$out"
expect_states "-=COMPLETED:0:0" "$slurm_out"
grep -q "leontief_database: 4 years (2008-2011)" "$slurm_out" || fail "the resubmitted job did not find 4 years"
[[ $(grep -c "import [0-9]*: " "$slurm_out") == 1 ]] || fail "the resubmitted job imported more than 2008"
grep -q "import 2008: " "$slurm_out" || fail "the resubmitted job did not import 2008"
grep -q "resuming: 3 year(s) already finished, 1 to compute" "$slurm_out" ||
  { show_job_outputs "$slurm_out"; fail "the resubmitted job recomputed finished years"; }
check_panel 4
for name in wwz tiva_economy bm_source_bilateral; do
  grep -v '^2008,' "$out/database/$name.csv" | cmp -s - "first/$name.csv" ||
    fail "$name.csv: the rows of 2009-2011 changed when 2008 was added"
done

echo "PASS: leontief_database.sbatch (jobs $JOB_ID: 3 years, then a fourth; $RANKS ranks)"
