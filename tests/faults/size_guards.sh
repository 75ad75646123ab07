#!/usr/bin/env bash
# size_guards.sh RANKS: runs that cannot fit are refused before they start, with the
# estimate (generate with n = 10^10; the dense inverse and a dense I - A of n = 200,000),
# and --size_check false lifts the guard. A sparse (CSR) table is exported in the long
# layout row,column,value, whose size follows the links, not n².
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# refused NAME ERE COMMAND...: one line matching ERE within a few seconds, nothing written.
refused() {
  local name="$1" regex="$2"
  shift 2
  local status=0 start=$SECONDS
  CLI_TIMEOUT=60 leontief "$@" --log.level warn >"$name.log" 2>&1 || status=$?
  [[ $status == 1 ]] || { cat "$name.log" >&2; fail "$name: exit status $status, expected 1"; }
  expect_one_line "$name.log" "$regex"
  ((SECONDS - start < 30)) || fail "$name: the refusal took $((SECONDS - start)) s"
  no_temporaries
  echo "ok: $name: $(grep 'leontief: error:' "$name.log")"
}

refused generate "generate: a table of n = 100000 x 100000 .* needs about [0-9.]+ TiB of memory, but .* are available \(--size_check false to try anyway\)" \
  generate --generate.regions 100000 --generate.sectors 100000 --output huge.h5
[[ ! -e huge.h5 ]] || fail "generate wrote huge.h5"

# n = 200,000 with 2 links per row: a small file whose dense n x n forms need 320 GB.
run_ok network.log 0 "$LEONTIEF" generate --generate.regions 10 --generate.sectors 20000 \
  --generate.links_per_row 2 --output network.h5 --log.level warn
refused inverse "the dense Leontief inverse of n = 200000 .* needs about .* of memory" \
  inverse --table network.h5 --output inverse.h5
refused dense_storage "solver.matrix = dense: I - A of n = 200000 needs about .* of memory" \
  va --table network.h5 --output va.h5 --solver.matrix dense

# The long layout: one line per nonzero cell; every link of Z is there.
run_ok export.log "$RANKS" "$LEONTIEF" export --table network.h5 --output network.csv.gz
grep -q "export: long layout" export.log || fail "a CSR table was not exported in the long layout"
gzip -dc network.csv.gz >network.csv
header="$(sed -n 1p network.csv)"
[[ "$header" == "row,column,value" ]] || fail "long layout header is '$header'"
links="$(awk -F, 'NR > 1 && $1 != "VA" && $2 ~ /^R[0-9]+_s/' network.csv | wc -l)"
[[ "$links" -ge 300000 && "$links" -le 400000 ]] ||
  fail "the long layout has $links intermediate flows, expected about 2 per row (400000 at most)"
# The long layout holds exactly the nonzero cells of the wide one (leather, both layouts).
run_ok import.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5 --log.level warn
run_ok wide.log "$RANKS" "$LEONTIEF" export --table leather.h5 --output wide.csv --log.level warn
run_ok long.log "$RANKS" "$LEONTIEF" export --table leather.h5 --output long.csv --layout long \
  --log.level warn
awk -F, 'NR == 1 { for (j = 2; j <= NF; ++j) column[j] = $j; next }
         $1 == "GO" { next }
         { for (j = 2; j <= NF; ++j) if ($j != "" && $j + 0 != 0) print $1 "," column[j] "," $j }' \
  wide.csv | sort >wide_cells.txt
tail -n +2 long.csv | sort >long_cells.txt
cmp -s wide_cells.txt long_cells.txt ||
  fail "the long layout differs from the wide one's cells: $(diff wide_cells.txt long_cells.txt | head -5)"
echo "PASS: size guards at $RANKS rank(s)"
