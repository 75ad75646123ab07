#!/usr/bin/env bash
# csv_compare_selftest.sh: leontief_csv_compare itself — it must accept reordered rows and
# differences within tolerance (exit 0), reject values out of tolerance, missing keys, NA
# where no NA is documented, infinities and empty comparisons (exit 1), and reject malformed
# input (exit 2). The regression tests rely on it failing.
set -uo pipefail
: "${CSV_COMPARE:?set CSV_COMPARE to the leontief_csv_compare executable}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/leontief-cli.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
failures=0

# expect STATUS DESCRIPTION ARGS...: leontief_csv_compare ARGS exits with STATUS.
expect() {
  local want="$1" what="$2" status=0
  shift 2
  "$CSV_COMPARE" "$@" >out.txt 2>&1 || status=$?
  if [[ $status != "$want" ]]; then
    echo "FAIL: $what: exit status $status, expected $want (leontief_csv_compare $*)" >&2
    cat out.txt >&2
    failures=$((failures + 1))
  else
    echo "ok: $what (exit $status)"
  fi
}

cat >a.csv <<'EOF'
region,sector,destination,value,share
AR,"Textile, Leather",TR,100.0,NA
AR,Agriculture,TR,1e-3,0.5
TR,Agriculture,AR,0,0.25
EOF
# Same values, rows in another order, numbers written differently.
cat >reordered.csv <<'EOF'
region,sector,destination,value,share
TR,Agriculture,AR,0.0,2.5e-1
AR,Agriculture,TR,0.001,0.5
AR,"Textile, Leather",TR,1.0e2,NA
EOF
sed 's/^AR,Agriculture,TR,1e-3,/AR,Agriculture,TR,1.000001e-3,/' a.csv >relative.csv
sed 's/^TR,Agriculture,AR,0,/TR,Agriculture,AR,1e-13,/' a.csv >tiny.csv
sed 's/,100.0,NA$/,100.0,0.75/' a.csv >na_vs_number.csv
sed '/^TR,/d' a.csv >missing_row.csv
sed '1s/share$/ratio/' a.csv >other_header.csv
sed 's/^TR,Agriculture,AR,0,0.25$/TR,Agriculture,AR,0/' a.csv >ragged.csv
sed 's/,0.5$/,abc/' a.csv >text.csv
{ cat a.csv; tail -n 1 a.csv; } >duplicate.csv

# NA and infinities where numbers are expected.
sed 's/,0.5$/,NA/' a.csv >na_share.csv
sed 's/,1e-3,0.5$/,NA,0.5/' a.csv >na_value.csv
sed 's/,1e-3,0.5$/,inf,0.5/' a.csv >inf_value.csv
cat >all_na.csv <<'EOF'
region,sector,destination,value,share
AR,Agriculture,TR,NA,NA
TR,Agriculture,AR,NA,NA
EOF
head -1 a.csv >header_only.csv

expect 0 "identical files" a.csv a.csv --keys 3 --rtol 0 --na share
expect 0 "reordered rows, other spellings" a.csv reordered.csv --keys 3 --rtol 0 --na share
expect 1 "relative difference 1e-6 > rtol 1e-9" a.csv relative.csv --keys 3 --rtol 1e-9 --na share
expect 0 "relative difference 1e-6 < rtol 1e-5" a.csv relative.csv --keys 3 --rtol 1e-5 --na share
expect 1 "1e-13 against 0 without atol" a.csv tiny.csv --keys 3 --rtol 1e-9 --na share
expect 0 "1e-13 against 0 with atol 1e-12" a.csv tiny.csv --keys 3 --rtol 1e-9 --atol 1e-12 --na share
expect 1 "NA against a number" a.csv na_vs_number.csv --keys 3 --rtol 1e-9 --na share
expect 1 "NA against NA where no NA is documented" a.csv a.csv --keys 3 --rtol 0
expect 1 "NA against NA in another column than --na" na_value.csv na_value.csv --keys 3 --rtol 0 --na share
expect 1 "a file of NA against itself" all_na.csv all_na.csv --keys 3 --rtol 1
expect 0 "a file of NA against itself, all columns documented" all_na.csv all_na.csv --keys 3 --na value,share
expect 1 "an infinity against itself" inf_value.csv inf_value.csv --keys 3 --rtol 1 --na share
expect 1 "no values compared" header_only.csv header_only.csv --keys 3 --rtol 1
expect 2 "--na names no column" a.csv a.csv --keys 3 --na ratio
expect 2 "--na names a key column" a.csv a.csv --keys 3 --na region
expect 1 "a key missing from B" a.csv missing_row.csv --keys 3 --rtol 1e-9
expect 1 "a key missing from A" missing_row.csv a.csv --keys 3 --rtol 1e-9
expect 2 "different headers" a.csv other_header.csv --keys 3 --rtol 1e-9
expect 2 "ragged row" a.csv ragged.csv --keys 3 --rtol 1e-9
expect 2 "non-numeric value" a.csv text.csv --keys 3 --rtol 1e-9
expect 2 "duplicate key" a.csv duplicate.csv --keys 3 --rtol 1e-9
expect 2 "missing file" a.csv no_such.csv --keys 3 --rtol 1e-9
expect 2 "no --keys" a.csv a.csv --rtol 1e-9
expect 2 "--keys 0" a.csv a.csv --keys 0
expect 2 "as many keys as columns" a.csv a.csv --keys 5
expect 2 "negative tolerance" a.csv a.csv --keys 3 --rtol -1
expect 2 "unknown option" a.csv a.csv --keys 3 --tolerance 1
expect 2 "one file" a.csv --keys 3

# The report names the worst value and its key.
"$CSV_COMPARE" a.csv relative.csv --keys 3 --rtol 1e-9 --na share >report.txt 2>&1
if ! grep -q 'worst difference: .* in column value at key AR,Agriculture,TR: a = 0.001' report.txt; then
  echo "FAIL: the report does not name the worst value and its key:" >&2
  cat report.txt >&2
  failures=$((failures + 1))
fi

# The report of a NaN names it and counts it.
"$CSV_COMPARE" na_value.csv a.csv --keys 3 --rtol 1 --na share >report.txt 2>&1
if ! grep -q '1 NA against a number' report.txt ||
  ! grep -q 'first failure in column value at key AR,Agriculture,TR: a = NA, b = 0.001' report.txt; then
  echo "FAIL: the report does not count and name the NA:" >&2
  cat report.txt >&2
  failures=$((failures + 1))
fi

[[ $failures == 0 ]] || { echo "FAIL: $failures checks failed" >&2; exit 1; }
echo "PASS: leontief_csv_compare self-test"
