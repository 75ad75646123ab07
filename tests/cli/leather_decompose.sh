#!/usr/bin/env bash
# End-to-end: `leontief decompose --method kww,wwz,bm,position` on the leather table (3
# countries x 3 sectors) at 1, 2 and 4 ranks, against independent references:
#  - kww.csv equals decompr 6.8.0's kww (tests/data/leather/expected_kww.csv), rtol 1e-9,
#  - wwz.csv equals decompr 6.8.0's wwz terms and texp, texpint, texpfd
#    (expected_wwz.csv; decompr's rows of an economy with itself are all zero and are not
#    written by leontief), rtol 1e-9 (atol 1e-12 for the terms that are 0),
#  - bm_source_exporter.csv: Argentina's source-based exporter terms published with decompr
#    (tests/data/README.md; 7 significant digits),
#  - the three runs agree (rtol 1e-12; position's ratios may only be NA in the same places).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$TMP" || exit 1
run_ok import.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5
for ranks in 1 2 4; do
  run_ok "decompose$ranks.log" "$ranks" "$LEONTIEF" decompose --method kww,wwz,bm,position \
    --table leather.h5 --output "np$ranks.h5" --csv "np$ranks"
  expect_rows "np$ranks/kww.csv" 3
  expect_rows "np$ranks/wwz.csv" $((3 * 3 * 2))
  expect_rows "np$ranks/bm_source_exporter.csv" 3
done

# KWW: decompr's layout is ",Country,<nine terms>" with a row number first.
kww_terms="DVA_FIN,DVA_INT,DVA_INTrex,RDV_FIN,RDV_INT,DDC,FVA_FIN,FVA_INT,FDC"
pick_columns "$TEST_DATA/leather/expected_kww.csv" "Country,$kww_terms" |
  sed '1s/^Country,/exporter,/' >decompr_kww.csv
expect_rows decompr_kww.csv 3

# WWZ: the 16 terms and the three gross-export totals, rows with a partner abroad.
wwz_terms="DVA_FIN,DVA_INT,DVA_INTrexI1,DVA_INTrexF,DVA_INTrexI2,RDV_INT,RDV_FIN,RDV_FIN2"
wwz_terms="$wwz_terms,OVA_FIN,MVA_FIN,OVA_INT,MVA_INT,DDC_FIN,DDC_INT,ODC,MDC,texp,texpint,texpfd"
pick_columns "$TEST_DATA/leather/expected_wwz.csv" \
  "Exporting_Country,Exporting_Industry,Importing_Country,$wwz_terms" |
  awk -F, 'NR == 1 { print "exporter,sector,importer" substr($0, length($1 "," $2 "," $3) + 1); next }
           $1 != $3' >decompr_wwz.csv
expect_rows decompr_wwz.csv $((3 * 3 * 2))

# Borin-Mancini (2023), source-based, exporter perspective: Argentina as published.
cat >published_bm.csv <<'CSV'
exporter,GEXP,DC,DVA,VAX,DAVAX,REF,DDC,FC,FVA,FDC,GVC,GVCB,GVCF
Argentina,64.3,53.68996,52.81756,46.73209,34.79877,6.085473,0.8723949,10.61004,10.43484,0.1752063,29.50123,11.48244,18.01879
CSV

for ranks in 1 2 4; do
  pick_columns "np$ranks/kww.csv" "exporter,$kww_terms" >"kww$ranks.csv"
  compare_csv "kww$ranks.csv" decompr_kww.csv 1 1e-9
  pick_columns "np$ranks/wwz.csv" "exporter,sector,importer,$wwz_terms" >"wwz$ranks.csv"
  compare_csv "wwz$ranks.csv" decompr_wwz.csv 3 1e-9 1e-12
  pick_columns "np$ranks/bm_source_exporter.csv" \
    "exporter,GEXP,DC,DVA,VAX,DAVAX,REF,DDC,FC,FVA,FDC,GVC,GVCB,GVCF" |
    awk -F, 'NR == 1 || $1 == "Argentina"' >"bm$ranks.csv"
  compare_csv "bm$ranks.csv" published_bm.csv 1 1e-6
done

# Results do not depend on the number of ranks.
for ranks in 2 4; do
  for table in kww wwz bm_source_exporter bm_source_bilateral bm_source_sector \
    bm_sink_exporter bm_sink_bilateral bm_sink_sector; do
    case "$table" in
      kww | *_exporter) keys=1 ;;
      wwz) keys=3 ;;
      *) keys=2 ;;
    esac
    compare_csv "np1/$table.csv" "np$ranks/$table.csv" "$keys" 1e-12 1e-13
  done
  compare_csv np1/position_economy.csv "np$ranks/position_economy.csv" 1 1e-12 0
  compare_csv np1/position_sector.csv "np$ranks/position_sector.csv" 2 1e-12 0
done

echo "PASS: leather decompose (kww, wwz, bm, position) against decompr at 1, 2, 4 ranks"
