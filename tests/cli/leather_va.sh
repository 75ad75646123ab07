#!/usr/bin/env bash
# End-to-end: the leather table (3 countries x 3 sectors) through `import` and
# `va --va.source_in_exports` at 1, 2 and 4 ranks. Checks
#  - the three runs' CSV files agree (rtol 1e-12),
#  - va_in_exports.csv (V̂BÊ) matches decompr 6.8.0 (expected_leontief_exports.csv, rtol 1e-9),
#  - accounting identities: sum over sources of V̂BÊ = the exporter-sector's gross exports
#    (v'B = 1'), and sum over destinations of V̂BY = the sector's value added (leather is
#    balanced: x = Z·1 + Y·1).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$TMP" || exit 1
run_ok import.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5
for ranks in 1 2 4; do
  run_ok "va$ranks.log" "$ranks" "$LEONTIEF" va --table leather.h5 --output "result$ranks.h5" \
    --csv "csv$ranks" --va.source_in_exports
  [[ -s "result$ranks.h5" ]] || fail "va at $ranks ranks wrote no result$ranks.h5"
  expect_rows "csv$ranks/va_by_destination.csv" 27
  expect_rows "csv$ranks/gross_exports.csv" 27
  expect_rows "csv$ranks/va_in_exports.csv" 81
done

# Results do not depend on the number of ranks.
for ranks in 2 4; do
  compare_csv csv1/va_by_destination.csv "csv$ranks/va_by_destination.csv" 3 1e-12
  compare_csv csv1/gross_exports.csv "csv$ranks/gross_exports.csv" 3 1e-12
  compare_csv csv1/va_in_exports.csv "csv$ranks/va_in_exports.csv" 4 1e-12
done

# decompr's layout: ,Source_Country,Source_Industry,Using_Country,Using_Industry,FVAX
reference="$TEST_DATA/leather/expected_leontief_exports.csv"
header="$(head -n 1 "$reference" | tr -d '"\r')"
[[ "$header" == ",Source_Country,Source_Industry,Using_Country,Using_Industry,FVAX" ]] ||
  fail "unexpected header in $reference: $header"
awk -F, 'NR == 1 { print "source_region,source_sector,exporter,exporter_sector,value"; next }
         { gsub(/["\r]/, ""); print $2 "," $3 "," $4 "," $5 "," $6 }' "$reference" >decompr.csv
expect_rows decompr.csv 81
for ranks in 1 2 4; do
  compare_csv "csv$ranks/va_in_exports.csv" decompr.csv 4 1e-9
done

# Identity 1: column sums of V̂BÊ are the gross exports E of each exporter-sector.
awk -F, 'NR > 1 { s[$3 "," $4] += $5 }
         END { print "exporter,sector,value"; for (k in s) printf "%s,%.17g\n", k, s[k] }' \
  csv1/va_in_exports.csv >vbe_column_sums.csv
awk -F, 'NR > 1 { s[$1 "," $2] += $4 }
         END { print "exporter,sector,value"; for (k in s) printf "%s,%.17g\n", k, s[k] }' \
  csv1/gross_exports.csv >exports_by_sector.csv
compare_csv vbe_column_sums.csv exports_by_sector.csv 2 1e-9

# Identity 2: V̂BY summed over destinations is value added (the VA row of leather.csv).
awk -F, 'NR > 1 { s[$1 "," $2] += $4 }
         END { print "region,sector,value"; for (k in s) printf "%s,%.17g\n", k, s[k] }' \
  csv1/va_by_destination.csv >vby_row_sums.csv
awk -F, 'NR == 1 { for (c = 2; c <= NF; ++c) label[c] = $c; next }
         $1 == "VA" { print "region,sector,value"
                      for (c = 2; c <= NF; ++c) {  # final-demand and GO cells are empty
                        if ($c == "") continue
                        u = index(label[c], "_")  # REGION_SECTOR, split at the first "_"
                        print substr(label[c], 1, u - 1) "," substr(label[c], u + 1) "," $c } }' \
  "$LEATHER_CSV" >value_added.csv
expect_rows value_added.csv 9
compare_csv vby_row_sums.csv value_added.csv 2 1e-9

echo "PASS: leather va at 1, 2, 4 ranks"
