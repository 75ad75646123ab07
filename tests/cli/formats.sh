#!/usr/bin/env bash
# formats.sh RANKS: the `import --format`, `export` and `aggregate` commands end to end on the
# hand-made fixtures of tests/data/formats: every format imports, exports to the wide CSV and
# reads back to the same `info` summary (dimensions, totals, balances, special entries; an
# empty `info` fails) and to the same values (the re-imported table exports to the same
# file); the ICIO splits merge; bad input fails with one clean line.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# == 1 ]] || { echo "usage: formats.sh RANKS" >&2; exit 2; }
ranks="$1"
formats_dir="$CLI_TEST_DIR/../data/formats"
cd "$TMP" || exit 1
leontief_at "$ranks"

# totals TABLE: the "totals" line of `info` (gross output, intermediate, final demand, VA).
totals() { "$LEONTIEF" info --table "$1" 2>/dev/null | grep '^totals'; }

# summary TABLE: what `info` says about the table's contents (dimensions, totals, row and
# column balance, special entries), without the lines naming its files and provenance;
# fails unless it has at least the dimensions and totals lines.
summary() {
  local out
  out="$("$LEONTIEF" info --table "$1" 2>/dev/null | grep -Ev '^(table|source|units|imported|x and VA) ')"
  grep -q '^dimensions ' <<<"$out" && grep -q '^totals ' <<<"$out" ||
    fail "info --table $1 printed no dimensions or totals line: '$out'"
  echo "$out"
}

# Every release layout from its file, the publisher's zip and a folder:
# FORMAT:PATH[:YEAR[:EXTRA OPTION]]. `info` must report both balance identities.
cases=(
  icio:icio/2016/ICIO2016_2011.csv icio:icio/2016/ICIO2016_2011.zip icio:icio/2016
  icio:icio/2018/ICIO2018_2015.csv icio:icio/2018/ICIO2018_2015.zip icio:icio/2018
  icio:icio/2021/ICIO2021_2018.csv icio:icio/2021/ICIO2021_2015-2018.zip icio:icio/2021
  icio:icio/2023/2019_SML.csv icio:icio/2023/2016-2020_SML.zip icio:icio/2023:2019
  icio:icio/2023/2016-2020_EXT.zip icio:icio/2023:2018
  icio:icio/2025/2022_SML.csv icio:icio/2025/2021-2022_SML.zip icio:icio/2025
  wiod2016:wiod2016/WIOT2014_Nov16_ROW.csv wiod2016:wiod2016/WIOTS_in_CSV.zip
  exiobase3:exiobase3/3.4/IOT_2011_ixi exiobase3:exiobase3/3.4/IOT_2011_ixi.zip
  exiobase3:exiobase3/3.8.1/IOT_2019_ixi exiobase3:exiobase3/3.8.1/IOT_2019_ixi.zip
  exiobase3:exiobase3/3.8.2/IOT_2021_pxp exiobase3:exiobase3/3.8.2/IOT_2021_pxp.zip
  exiobase3:exiobase3/3.9/IOT_2020_ixi exiobase3:exiobase3/3.9/IOT_2020_ixi.zip
  exiobase3:exiobase3/3.10/IOT_2022_pxp exiobase3:exiobase3/3.10/IOT_2022_pxp.zip
  exiobase3:exiobase3/zips:2020
  eora26:eora26/Eora26_2015_bp eora26:eora26/zipped/Eora26_2015_bp.zip
  adb:adb/ADB-MRIO-2019.csv adb:adb/ADB-MRIO-2019.xlsx
  figaro:figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv
  figaro:figaro/flat/flatfile_eu-ic-io_ind-by-ind_23ed_2021.csv
  figaro:figaro/flat/flatfile_eu-ic-io_ind-by-ind_23ed_2021.zip figaro:figaro/flat
  gloria:gloria gloria:gloria/GLORIA_MRIOs_59_2019.zip gloria:gloria:0:--product_by_product=true
)
k=0
for case in "${cases[@]}"; do
  IFS=: read -r format path year extra <<<"$case"
  k=$((k + 1))
  options=(--format "$format" --input "$formats_dir/$path" --output "t$k.h5")
  [[ -n "$year" && "$year" != 0 ]] && options+=(--year "$year")
  [[ -n "$extra" ]] && options+=("${extra%%=*}" "${extra#*=}")
  # Eora's x includes the sales to the ROW block left out: identities hold after --balance.
  [[ "$format" == eora26 ]] && options+=(--balance true)
  run_ok "import-$k.log" "$ranks" "$LEONTIEF" import "${options[@]}"
  "$LEONTIEF" info --table "t$k.h5" >"info-$k.log" 2>&1 || fail "info on $case"
  grep -q '^row balance    x = Z·1 + Y·1' "info-$k.log" &&
    grep -q "^column balance x = 1'Z + VA" "info-$k.log" || fail "$case: info lacks a balance identity"
  grep -q '^x and VA' "info-$k.log" || fail "$case: info does not say how x and VA were formed"
  # Round trip: import -> export -> import gives the same table (once per release: not
  # again for the zip of a file already read).
  [[ "$path" == *.zip ]] && continue
  run_ok "export-$k.log" "$ranks" "$LEONTIEF" export --table "t$k.h5" --output "t$k.csv.gz"
  reimport=(--input "t$k.csv.gz" --output "t$k-2.h5")
  # A table whose published totals do not close (ICIO 2016's DISC stays in x) is re-read as it is.
  [[ "$path" == icio/2016* ]] && reimport+=(--balance false)
  if [[ "$path" == icio/2016* ]]; then
    "$LEONTIEF" import "${reimport[@]}" >"reimport-$k.log" 2>&1 && fail "$case: the DISC gap was accepted"
    grep -q 'disagrees' "reimport-$k.log" || fail "$case: the DISC gap was not named"
    continue
  fi
  run_ok "reimport-$k.log" 0 "$LEONTIEF" import "${reimport[@]}"
  before="$(summary "t$k.h5")" || exit 1
  after="$(summary "t$k-2.h5")" || exit 1
  [[ "$before" == "$after" ]] ||
    fail "$case: info differs after export and import:"$'\n'"$(diff <(echo "$before") <(echo "$after"))"
  # Every value survives the round trip: the re-imported table exports to the same file.
  run_ok "export2-$k.log" 0 "$LEONTIEF" export --table "t$k-2.h5" --output "t$k-2.csv.gz"
  cmp -s <(zcat "t$k.csv.gz") <(zcat "t$k-2.csv.gz") ||
    fail "$case: the re-imported table exports differently from the imported one"
done
ls -A | grep -q 'coefficients' && fail "the temporary coefficient table was left behind"

# FIGARO's flat file gives the table its matrix gives.
run_ok import-figaro-matrix.log "$ranks" "$LEONTIEF" import --format figaro \
  --input "$formats_dir/figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv" --output figaro-matrix.h5
run_ok import-figaro-flat.log "$ranks" "$LEONTIEF" import --format figaro \
  --input "$formats_dir/figaro/flat/flatfile_eu-ic-io_ind-by-ind_23ed_2021.zip" --output figaro-flat.h5
"$LEONTIEF" export --table figaro-matrix.h5 --output figaro-matrix.csv >/dev/null 2>&1 &&
  "$LEONTIEF" export --table figaro-flat.h5 --output figaro-flat.csv >/dev/null 2>&1 ||
  fail "export of the FIGARO tables"
cmp -s figaro-matrix.csv figaro-flat.csv || fail "FIGARO flat and matrix files give different tables"

# EXIOBASE 3.4 (A and Y only): the solved x gives the table that 3.8.1 publishes with x.
run_ok import-34.log "$ranks" "$LEONTIEF" import --format exiobase3 \
  --input "$formats_dir/exiobase3/3.4/IOT_2011_ixi.zip" --output e34.h5
run_ok import-381.log "$ranks" "$LEONTIEF" import --format exiobase3 \
  --input "$formats_dir/exiobase3/3.8.1/IOT_2019_ixi" --output e381.h5
[[ "$(totals e34.h5)" == "$(totals e381.h5)" ]] ||
  fail "EXIOBASE 3.4 solved x differs: $(totals e34.h5) vs $(totals e381.h5)"
"$LEONTIEF" info --table e34.h5 2>/dev/null | grep -q 'solved at import' ||
  fail "EXIOBASE 3.4: the metadata does not record the solve"

# --balance turns a disagreeing published total into a warning naming the worst row.
sed 's/^CHN_01T02,\(.*\),67\r$/CHN_01T02,\1,74\r/' "$formats_dir/icio/2023/2019_SML.csv" >gap.csv
"$CLI_TEST_DIR/expect_error.sh" --regex 'gap\.csv: line 2, column 26 \(OUT\): gross output 74 disagrees' \
  --absent "$TMP/gap.h5" -- "${leontief[@]}" import --format icio --input gap.csv --output "$TMP/gap.h5"
run_ok gap-balance.log "$ranks" "$LEONTIEF" import --format icio --input gap.csv --output gap.h5 \
  --balance true
grep -q 'warn.*gap\.csv: line 2, column 26 (OUT): gross output 74 disagrees' gap-balance.log ||
  grep -q 'Worst: .*gap\.csv: line 2' gap-balance.log || fail "--balance did not warn about the worst row"

run_ok import-merged.log "$ranks" "$LEONTIEF" import --format icio \
  --input "$formats_dir/icio/2023/2018_EXT.csv" --merge_splits true --output merged.h5
"$LEONTIEF" info --table merged.h5 2>/dev/null | grep -q '3 economies x 2 sectors' ||
  fail "merged ICIO table does not have 3 economies"
ls -A | grep -q 'unmerged' && fail "the temporary unmerged table was left behind"

printf 'code,group\nCHN,Asia\nZZZ,Asia\n' >regions.csv
"$CLI_TEST_DIR/expect_error.sh" --regex 'regions\.csv: line 3, column 1: unknown region code .ZZZ.' \
  --absent "$TMP/agg.h5" -- "${leontief[@]}" aggregate --table merged.h5 --output "$TMP/agg.h5" \
  --regions regions.csv
printf 'code,group\nCHN,Asia\n' >regions.csv
"$CLI_TEST_DIR/expect_error.sh" --regex 'unmapped region codes of the table: MEX, USA' \
  --absent "$TMP/agg.h5" -- "${leontief[@]}" aggregate --table merged.h5 --output "$TMP/agg.h5" \
  --regions regions.csv
run_ok aggregate.log "$ranks" "$LEONTIEF" aggregate --table merged.h5 --output agg.h5 \
  --regions regions.csv --keep_unmapped true
"$LEONTIEF" info --table agg.h5 2>/dev/null | grep -q '3 economies' || fail "aggregate output"

sed 's/^MEX_01T02,7,2,/MEX_01T02,7,oops,/' "$formats_dir/icio/2023/2019_SML.csv" >bad.csv
"$CLI_TEST_DIR/expect_error.sh" --regex 'bad\.csv: line 4, column 3 \(CHN_05T06\): non-numeric' \
  --absent "$TMP/bad.h5" -- "${leontief[@]}" import --format icio --input bad.csv --output "$TMP/bad.h5"
echo "formats.sh: ok"
