#!/usr/bin/env bash
# End-to-end: `leontief shock` with the example scenario file configs/shock_examples.ini on the
# WIOD 2013 release, 2011 (every linear model: demand, supply, inoperability, price, tariff,
# extraction). Results at 1, 2 and 4 ranks (dense LAPACK / ScaLAPACK) and with sparse storage
# (MUMPS) at 2 ranks agree (rtol 1e-9); the zero-tariff scenario changes nothing; bad scenario
# files stop every rank with one error line naming the file and the line, and write nothing.
# shellcheck disable=SC2016  # awk programs in single quotes
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

input="$TEST_DATA/wiod2013/wiot_2011.csv.gz"
scenarios="$CLI_TEST_DIR/../../configs/shock_examples.ini"
[[ -r "$input" ]] || fail "missing reference table $input"
[[ -r "$scenarios" ]] || fail "missing example scenarios $scenarios"
n=1435

cd "$TMP" || exit 1
run_ok import.log 0 "$LEONTIEF" import --input "$input" --output wiod2011.h5

runs=(np1 np2 np4 np2_sparse)
run_ok shock_np1.log 1 "$LEONTIEF" shock --table wiod2011.h5 --scenario "$scenarios" --output np1.h5 --csv np1
run_ok shock_np2.log 2 "$LEONTIEF" shock --table wiod2011.h5 --scenario "$scenarios" --output np2.h5 --csv np2
run_ok shock_np4.log 4 "$LEONTIEF" shock --table wiod2011.h5 --scenario "$scenarios" --output np4.h5 --csv np4
run_ok shock_np2_sparse.log 2 "$LEONTIEF" shock --table wiod2011.h5 --scenario "$scenarios" \
  --output np2_sparse.h5 --csv np2_sparse --solver.matrix sparse

# Scenarios per model in the example file.
declare -A count=([demand]=2 [supply]=1 [inoperability]=1 [price]=1 [tariff]=2 [extraction]=4)
for run in "${runs[@]}"; do
  [[ -s "$run.h5" ]] || fail "run $run wrote no $run.h5"
  for model in "${!count[@]}"; do
    expect_rows "$run/${model}_sector.csv" $((count[$model] * n))
  done
  for table in demand_summary supply_summary inoperability_summary extraction_summary; do
    expect_rows "$run/$table.csv" "${count[${table%_summary}]}"
  done
done
for run in "${runs[@]:1}"; do
  for file in np1/*.csv; do
    name="$(basename "$file")"
    case "$name" in
      *_sector.csv) keys=3 ;;
      *_summary.csv) keys=1 ;;
      *) keys=2 ;;
    esac
    # Documented NA (docs/methods/shock.md): percentages and shares with a zero denominator
    # (zero-output sectors), unit costs of sectors without output, ERPs where value added is
    # zero, and value added of forward (supply-side) extractions.
    na=()
    case "$name" in
      demand_sector.csv | supply_sector.csv) na=(--na dx_pct) ;;
      inoperability_sector.csv) na=(--na inoperability) ;;
      price_sector.csv) na=(--na p_base,p,dp_pct) ;;
      tariff_sector.csv) na=(--na erp_corden,erp_gvc) ;;
      extraction_sector.csv) na=(--na dx_pct,dva) ;;
      extraction_economy.csv) na=(--na dva) ;;
      extraction_summary.csv) na=(--na dva,dva_pct) ;;
    esac
    compare_csv "$file" "$run/$name" "$keys" 1e-9 1e-9 "${na[@]}"
  done
done

# A uniform zero tariff: every measure of every sector and economy is 0.
nonzero=$(awk -F, '$1 == "zero_tariff" { for (i = 4; i <= NF; i++) if ($i != 0 && $i != "NA") print }' np2/tariff_sector.csv | wc -l)
[[ $nonzero == 0 ]] || fail "the zero-tariff scenario changed $nonzero tariff_sector rows"
nonzero=$(awk -F, '$1 == "zero_tariff" { for (i = 3; i <= NF; i++) if ($i != 0 && $i != "NA") print }' np2/tariff_economy.csv | wc -l)
[[ $nonzero == 0 ]] || fail "the zero-tariff scenario changed $nonzero tariff_economy rows"
grep -q '^zero_tariff,' np2/tariff_sector.csv || fail "no zero_tariff rows in tariff_sector.csv"

# Bad scenario files: one error line naming the file and the line, at 1 and 2 ranks.
printf '[scenario.a]\nmodel = demand\nfinal_demand_change = XYZ:c1:USA:-1\n' >bad_region.ini
printf '[scenario.a]\nmodel = tariff\nshocks = bad.csv\n' >bad_csv.ini
printf 'region,sector,partner,value\nCHN,c1,USA,0.1\nCHN,c99,USA,0.1\n' >bad.csv
for ranks in 1 2; do
  leontief_at "$ranks"
  "$CLI_TEST_DIR/expect_error.sh" --regex "bad_region\.ini: line 3: unknown region 'XYZ'" \
    --absent "$TMP/out/bad.h5" -- "${leontief[@]}" shock --table wiod2011.h5 \
    --scenario bad_region.ini --output out/bad.h5 --csv out/bad ||
    fail "bad_region.ini at $ranks ranks"
  "$CLI_TEST_DIR/expect_error.sh" --regex "bad\.csv: line 3: unknown sector 'c99'" \
    --absent "$TMP/out/bad.h5" -- "${leontief[@]}" shock --table wiod2011.h5 \
    --scenario bad_csv.ini --output out/bad.h5 ||
    fail "bad_csv.ini at $ranks ranks"
done

echo "PASS: WIOD 2011 shock scenarios at 1, 2, 4 ranks and sparse at 2 ranks"
