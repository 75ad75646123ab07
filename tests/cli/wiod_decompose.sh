#!/usr/bin/env bash
# End-to-end: `leontief decompose --method kww,wwz,bm,position` on WIOD 2013, 2011 (41
# economies x 35 sectors, 22 zero-output sectors, not row-balanced) at 1, 2 and 4 ranks.
# Checks the relations docs/methods/borin-mancini.md and position.md state for this table:
#  - 1, 2 and 4 ranks agree: Borin-Mancini, KWW and WWZ to 1e-11 relative (1e-9 absolute,
#    millions of USD, for terms that are rounding noise around 0), position to 1e-12
#    relative or 1e-14 absolute (KPWW position is a difference of logs: near 0, one ulp of
#    its terms is relatively large), its ratios NA in the same places;
#  - Borin-Mancini: the sink-based exporter table repeats the nine accounting columns of the
#    source-based one (to 1e-14 of gross exports); every row: GEXP = DC + FC, DC = DVA +
#    DDC, DVA = VAX + REF, FC = FVA + FDC (1e-12 of gross exports);
#  - BM against KWW by exporter: REF = RDV_FIN + RDV_INT and DDC = DDC (1e-9 of gross
#    exports); VAX = DVA_FIN + DVA_INT + DVA_INTrex and FC = FVA_FIN + FVA_INT + FDC up to
#    the table's imbalance (3e-3 of gross exports), and to 1e-9 on the table imported with
#    --balance;
#  - BM against WWZ by exporter x importer on the table imported with --balance: DC = the
#    sum of WWZ's domestic terms (DVA_*, RDV_*, DDC_*) and FC = the sum of its foreign terms
#    (OVA_*, MVA_*, ODC, MDC) over the exporting sectors (1e-9 of the pair's gross exports);
#  - position: KPWW IV = KWW DVA_INTrex, FV = Borin-Mancini FC, E = texp by economy;
#    the 22 zero-output sectors have amounts 0 and every ratio NA; economy rows are numbers.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

input="$TEST_DATA/wiod2013/wiot_2011.csv.gz"
[[ -r "$input" ]] || fail "missing reference table $input"
cd "$TMP" || exit 1
run_ok import.log 0 "$LEONTIEF" import --input "$input" --output wiod2011.h5
for ranks in 1 2 4; do
  run_ok "decompose$ranks.log" "$ranks" "$LEONTIEF" decompose --method kww,wwz,bm,position \
    --table wiod2011.h5 --output "np$ranks.h5" --csv "np$ranks"
  expect_rows "np$ranks/bm_source_exporter.csv" 41
  expect_rows "np$ranks/bm_source_bilateral.csv" $((41 * 40))
  expect_rows "np$ranks/wwz.csv" $((41 * 35 * 40))
  expect_rows "np$ranks/position_sector.csv" $((41 * 35))
done

# measure_columns FILE KEYS: the measure columns of FILE (after KEYS key columns).
measure_columns() { head -n 1 "$1" | tr -d '\r' | cut -d, -f$(($2 + 1))- ; }
position_ratios="$POSITION_NA_COLUMNS"

# Rank counts.
for ranks in 2 4; do
  for file in np1/*.csv; do
    table="$(basename "$file" .csv)"
    case "$table" in
      kww | *_exporter | position_economy) keys=1 ;;
      wwz) keys=3 ;;
      *) keys=2 ;;
    esac
    case "$table" in
      position_*) compare_csv "$file" "np$ranks/$table.csv" "$keys" 1e-12 1e-14 --na "$position_ratios" ;;
      *) compare_csv "$file" "np$ranks/$table.csv" "$keys" 1e-11 1e-9 ;;
    esac
  done
done

# per_gexp FILE KEYS GEXP_FILE GEXP_KEYS EXPRESSIONS...: one row per key of FILE (its first
# KEYS columns, summed over the rest of the key when GEXP_KEYS < KEYS), one column per
# expression "NAME=COL+COL-COL..." over FILE's columns, divided by the gross exports (GEXP or
# texp) of GEXP_FILE's row with the same first GEXP_KEYS keys (by 1 where those are 0).
# Keys are joined by ":".
per_gexp() {
  local file=$1 keys=$2 gexp_file=$3 gexp_keys=$4
  shift 4
  awk -F, -v keys="$keys" -v gk="$gexp_keys" -v exprs="$*" '
    FNR == 1 { ++pass; for (c = 1; c <= NF; ++c) col[pass, $c] = c; next }
    pass == 1 {
      k = $1; for (c = 2; c <= gk; ++c) k = k ":" $c
      g = col[1, "GEXP"] ? col[1, "GEXP"] : col[1, "texp"]
      gexp[k] = $g; next }
    { k = $1; for (c = 2; c <= gk; ++c) k = k ":" $c
      keyset[k] = 1
      n = split(exprs, e, " ")
      for (x = 1; x <= n; ++x) {
        split(e[x], def, "="); name[x] = def[1]
        m = split(def[2], parts, /[+-]/); sign = 1; rest = def[2]; v = 0
        for (p = 1; p <= m; ++p) {
          if (!((2, parts[p]) in col)) { print "no column " parts[p] > "/dev/stderr"; exit 1 }
          v += sign * $col[2, parts[p]]
          rest = substr(rest, length(parts[p]) + 1)
          sign = substr(rest, 1, 1) == "-" ? -1 : 1; rest = substr(rest, 2)
        }
        sum[k, x] += v
      } }
    END {
      header = "key"; for (x = 1; x <= n; ++x) header = header "," name[x]; print header
      for (k in keyset) {
        line = k
        d = gexp[k] != 0 ? gexp[k] : 1  # rows without exports: absolute, in millions USD
        for (x = 1; x <= n; ++x) line = line "," sprintf("%.17g", sum[k, x] / d)
        print line } }' "$gexp_file" "$file"
}

bm=np1/bm_source_exporter.csv
# Sink repeats source (nine accounting columns), per unit of gross exports.
nine="GEXP DC DVA VAX REF DDC FC FVA FDC"
per_gexp "$bm" 1 "$bm" 1 $(for t in $nine; do printf '%s=%s ' "$t" "$t"; done) >source_nine.csv
per_gexp np1/bm_sink_exporter.csv 1 "$bm" 1 $(for t in $nine; do printf '%s=%s ' "$t" "$t"; done) \
  >sink_nine.csv
compare_csv sink_nine.csv source_nine.csv 1 0 1e-14

# Row identities of every Borin-Mancini table (0 per unit of gross exports).
for table in source_exporter source_bilateral source_sector sink_exporter sink_bilateral sink_sector; do
  file="np1/bm_$table.csv"
  keys=$([[ $table == *_exporter ]] && echo 1 || echo 2)
  per_gexp "$file" "$keys" "$file" "$keys" GEXP=DC+FC-GEXP DC=DVA+DDC-DC DVA=VAX+REF-DVA \
    FC=FVA+FDC-FC >"identities_$table.csv"
  awk -F, -v OFS=, 'NR == 1 { print; next } { for (c = 2; c <= NF; ++c) $c = 0; print }' \
    "identities_$table.csv" >"zeros_$table.csv"
  compare_csv "identities_$table.csv" "zeros_$table.csv" 1 0 1e-12
done

# Borin-Mancini against KWW, by exporter, per unit of gross exports: REF and DDC exactly;
# VAX and FC (KWW builds them from final demand, x = Ax + Y1) up to the table's imbalance,
# and exactly on the table imported with --balance.
per_gexp "$bm" 1 "$bm" 1 REF=REF DDC=DDC >bm_exact.csv
per_gexp np1/kww.csv 1 "$bm" 1 REF=RDV_FIN+RDV_INT DDC=DDC >kww_exact.csv
compare_csv kww_exact.csv bm_exact.csv 1 0 1e-9
per_gexp "$bm" 1 "$bm" 1 VAX=VAX FC=FC >bm_final.csv
per_gexp np1/kww.csv 1 "$bm" 1 VAX=DVA_FIN+DVA_INT+DVA_INTrex FC=FVA_FIN+FVA_INT+FDC >kww_final.csv
compare_csv kww_final.csv bm_final.csv 1 0 3e-3
run_ok import_balanced.log 0 "$LEONTIEF" import --input "$input" --output balanced.h5 --balance
run_ok balanced.log 2 "$LEONTIEF" decompose --method kww,wwz,bm --table balanced.h5 \
  --output balanced.h5.out --csv balanced
bm_balanced=balanced/bm_source_exporter.csv
per_gexp "$bm_balanced" 1 "$bm_balanced" 1 VAX=VAX REF=REF DDC=DDC FC=FC >bm_balanced.csv
per_gexp balanced/kww.csv 1 "$bm_balanced" 1 VAX=DVA_FIN+DVA_INT+DVA_INTrex REF=RDV_FIN+RDV_INT \
  DDC=DDC FC=FVA_FIN+FVA_INT+FDC >kww_balanced.csv
compare_csv kww_balanced.csv bm_balanced.csv 1 0 1e-9

# Borin-Mancini against WWZ, by exporter x importer (WWZ summed over exporting sectors), on
# the balanced table: WWZ's terms add up to the flows of x = Ax + Y1, which the published
# table only approximates (there they differ by up to 4% of a small pair's exports).
bilateral=balanced/bm_source_bilateral.csv
per_gexp "$bilateral" 2 "$bilateral" 2 DC=DC FC=FC >bm_pairs.csv
domestic="DVA_FIN+DVA_INT+DVA_INTrexI1+DVA_INTrexF+DVA_INTrexI2+RDV_INT+RDV_FIN+RDV_FIN2+DDC_FIN+DDC_INT"
foreign="OVA_FIN+MVA_FIN+OVA_INT+MVA_INT+ODC+MDC"
# WWZ's keys are exporter,sector,importer: move the importer next to the exporter first.
awk -F, -v OFS=, '{ t = $2; $2 = $3; $3 = t; print }' balanced/wwz.csv >wwz_by_pair.csv
per_gexp wwz_by_pair.csv 3 "$bilateral" 2 "DC=$domestic" "FC=$foreign" >wwz_pairs.csv
expect_rows wwz_pairs.csv $((41 * 40))
compare_csv wwz_pairs.csv bm_pairs.csv 1 0 1e-9

# Position: KPWW by economy, per unit of gross exports: IV is KWW's DVA_INTrex, FV the
# foreign content of gross exports (Borin-Mancini's FC; KWW's FVA_FIN + FVA_INT + FDC only
# on a balanced table, checked above), E the gross exports.
per_gexp np1/position_economy.csv 1 np1/kww.csv 1 IV=KPWW_IV E=KPWW_E >kpww.csv
per_gexp np1/kww.csv 1 np1/kww.csv 1 IV=DVA_INTrex E=texp >kpww_kww.csv
compare_csv kpww.csv kpww_kww.csv 1 0 1e-12
per_gexp np1/position_economy.csv 1 "$bm" 1 FV=KPWW_FV >kpww_fv.csv
per_gexp "$bm" 1 "$bm" 1 FV=FC >bm_fc.csv
compare_csv kpww_fv.csv bm_fc.csv 1 0 1e-12

# Zero-output sectors: amounts 0, every ratio NA; every economy value a number.
zcat "$input" | awk -F, 'NR > 1 && $1 != "VA" && $1 != "GO" && $NF + 0 == 0 {
  u = index($1, "_"); print substr($1, 1, u - 1) "," substr($1, u + 1) }' >zero_output.txt
[[ $(wc -l <zero_output.txt) == 22 ]] || fail "expected 22 zero-output sectors in $input"
awk -F, -v ratios="$position_ratios" '
  FILENAME == ARGV[1] { zero[$0] = 1; next }
  FNR == 1 { n = split(ratios, r, ","); for (k = 1; k <= n; ++k) is_ratio[r[k]] = 1
             for (c = 3; c <= NF; ++c) name[c] = $c; next }
  ($1 "," $2) in zero {
    seen++
    for (c = 3; c <= NF; ++c) {
      ok = is_ratio[name[c]] ? $c == "NA" : ($c != "NA" && $c + 0 == 0)
      if (!ok) { print "zero-output " $1 "," $2 ": " name[c] " = " $c; bad = 1 }
    } }
  END { exit bad || seen != 22 }' zero_output.txt np1/position_sector.csv ||
  fail "zero-output sectors: position amounts are not 0 or ratios not NA"
if grep -q 'NA' np1/position_economy.csv; then fail "an economy row of position has NA"; fi

echo "PASS: WIOD 2011 decompose (kww, wwz, bm, position) at 1, 2, 4 ranks; relations of the method docs"
