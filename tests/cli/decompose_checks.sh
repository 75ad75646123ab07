#!/usr/bin/env bash
# decompose_checks.sh CASE RANKS: `leontief decompose` stops every failure through the
# collective error policy (one line, no MPI_Abort, no raw HDF5 error) and runs each method
# once. RANKS 1 runs the executable directly, RANKS > 1 under mpiexec.
#   one_economy_trade: kww, wwz, bm, tiva and all on a one-economy (national) table: a clear
#     message (they decompose exports between economies; there are none), nothing written;
#   one_economy_position: position on it gives a valid result (KPWW and APL NA: no exports,
#     no foreign partners; WWYZ participation 0);
#   repeated_method: kww,kww and all,kww run each method once (they used to write the same
#     HDF5 group twice and abort), with the same numbers as --method kww.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

case_test "$@"

# One economy, two sectors, balanced.
cat >one.csv <<'CSV'
,AR_Agr,AR_Tex,AR_FD,GO
AR_Agr,10,20,70,100
AR_Tex,30,10,60,100
VA,60,70,,
GO,100,100,,
CSV
run_ok import.log 0 "$LEONTIEF" import --input one.csv --output one.h5

case "$case_name" in
  one_economy_trade)
    for method in kww wwz bm tiva all; do
      "$CLI_TEST_DIR/expect_error.sh" \
        --regex "^leontief: error: [^ ]*one\.h5: the table has 1 economy \(AR\), and .* exports between economies \(at least 2 needed\): a national table has none; --method position works on it$" \
        --absent "$out/d.h5" --absent "$out/csv" -- \
        "${leontief[@]}" decompose --method "$method" --table one.h5 --output "$out/d.h5" --csv "$out/csv"
    done
    ;;
  one_economy_position)
    run_ok position.log "$ranks" "$LEONTIEF" decompose --method position --table one.h5 \
      --output p.h5 --csv p
    expect_rows p/position_sector.csv 2
    expect_rows p/position_economy.csv 1
    # column NAME of the economy row
    value() {
      awk -F, -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } { print $col[c] }' \
        p/position_economy.csv
    }
    [[ "$(value KPWW_E)" == 0 ]] || fail "KPWW_E of a national table: $(value KPWW_E), expected 0"
    [[ "$(value KPWW_PARTICIPATION)" == NA ]] || fail "KPWW_PARTICIPATION: $(value KPWW_PARTICIPATION), expected NA"
    [[ "$(value GVCPT_F)" == 0 ]] || fail "GVCPT_F: $(value GVCPT_F), expected 0"
    [[ "$(value APL_FORWARD)" == NA ]] || fail "APL_FORWARD: $(value APL_FORWARD), expected NA"
    awk -v u="$(value UPSTREAMNESS)" 'BEGIN { exit !(u > 1 && u < 2) }' ||
      fail "UPSTREAMNESS of the national table: $(value UPSTREAMNESS)"
    ;;
  repeated_method)
    run_ok import_leather.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5
    run_ok once.log "$ranks" "$LEONTIEF" decompose --method kww --table leather.h5 --output once.h5 --csv once
    run_ok twice.log "$ranks" "$LEONTIEF" decompose --method kww,kww --table leather.h5 --output twice.h5 --csv twice
    run_ok all.log "$ranks" "$LEONTIEF" decompose --method all,kww --table leather.h5 --output all.h5 --csv all
    compare_csv once/kww.csv twice/kww.csv 1 0
    compare_csv once/kww.csv all/kww.csv 1 0
    [[ "$(ls twice)" == kww.csv ]] || fail "kww,kww wrote: $(ls twice | tr '\n' ' ')"
    ;;
  *)
    echo "decompose_checks.sh: unknown case '$case_name'" >&2
    exit 2
    ;;
esac
echo "ok: $case_name at $ranks rank(s)"
