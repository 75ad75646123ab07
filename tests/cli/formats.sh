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
if [[ "$ranks" == 1 ]]; then
  leontief=("$LEONTIEF")
else
  leontief=("$MPIEXEC" "$MPIEXEC_NUMPROC_FLAG" "$ranks" --oversubscribe "$LEONTIEF")
fi

# summary TABLE: what `info` says about the table's contents (dimensions, totals, row and
# column balance, special entries), without the lines naming its files and provenance;
# fails unless it has at least the dimensions and totals lines.
summary() {
  local out
  out="$("$LEONTIEF" info --table "$1" 2>/dev/null | grep -Ev '^(table|source|units|imported) ')"
  grep -q '^dimensions ' <<<"$out" && grep -q '^totals ' <<<"$out" ||
    fail "info --table $1 printed no dimensions or totals line: '$out'"
  echo "$out"
}

for case in icio:icio/ICIO2023_2019.zip wiod2016:wiod2016/WIOT2014_Nov16_ROW.csv \
            exiobase3:exiobase3/IOT_2019_ixi.zip eora26:eora26/zipped/Eora26_2015_bp.zip \
            adb:adb/ADB-MRIO-2019.csv figaro:figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv; do
  format=${case%%:*}
  input=$formats_dir/${case#*:}
  run_ok "import-$format.log" "$ranks" "$LEONTIEF" import --format "$format" --input "$input" \
    --output "$format.h5"
  run_ok "export-$format.log" "$ranks" "$LEONTIEF" export --table "$format.h5" --output "$format.csv.gz"
  run_ok "reimport-$format.log" 0 "$LEONTIEF" import --input "$format.csv.gz" --output "$format-2.h5"
  before="$(summary "$format.h5")" || exit 1
  after="$(summary "$format-2.h5")" || exit 1
  [[ "$before" == "$after" ]] ||
    fail "$format: info differs after export and import:"$'\n'"$(diff <(echo "$before") <(echo "$after"))"
  # Every value survives the round trip: the re-imported table exports to the same file.
  run_ok "export2-$format.log" 0 "$LEONTIEF" export --table "$format-2.h5" --output "$format-2.csv.gz"
  cmp -s <(zcat "$format.csv.gz") <(zcat "$format-2.csv.gz") ||
    fail "$format: the re-imported table exports differently from the imported one"
done

run_ok import-merged.log "$ranks" "$LEONTIEF" import --format icio \
  --input "$formats_dir/icio/ICIO2021_extended_2018.csv" --merge_splits true --output merged.h5
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

sed 's/^AUT_05T06,3,4,2,40/AUT_05T06,3,4,oops,40/' "$formats_dir/icio/ICIO2023_2019.csv" >bad.csv
"$CLI_TEST_DIR/expect_error.sh" --regex 'bad\.csv: line 5, column 4 \(AUT_01T02\): non-numeric' \
  --absent "$TMP/bad.h5" -- "${leontief[@]}" import --format icio --input bad.csv --output "$TMP/bad.h5"
echo "formats.sh: ok"
