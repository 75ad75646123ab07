#!/usr/bin/env bash
# Before reading a table, a dense run estimates its peak memory and refuses to start when the
# ranks of a node would need more than the node offers (LEONTIEF_TEST_MEMORY_AVAILABLE
# pretends the node has that many bytes):
#  - va, decompose, decompose --tables and inverse on WIOD 2011 with 50 MB "available", at 1
#    and 2 ranks: exit status 1, one error line with the estimate and its parts, no output;
#  - the same with --size_check false runs;
#  - a normal run logs the estimate, and it is within a factor 2 of the measured peak (not
#    compared in a sanitized build).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cd "$TMP" || exit 1
mkdir tables
run_ok import.log 0 "$LEONTIEF" import --input "$TEST_DATA/wiod2013/wiot_2011.csv.gz" \
  --output tables/wiot_2011.h5
table=tables/wiot_2011.h5

refused() {  # refused RANKS NAME ARGS...: the run is refused with one clear error line
  local ranks=$1 name=$2 status=0
  shift 2
  LEONTIEF_TEST_MEMORY_AVAILABLE=50000000 run_ranks "$ranks" "$LEONTIEF" "$@" \
    --output "$name.h5" >"$name.log" 2>&1 || status=$?
  [[ $status == 1 ]] || { cat "$name.log" >&2; fail "$name: exit status $status, expected 1"; }
  [[ $(grep -c '^leontief: error:' "$name.log") == 1 ]] || { cat "$name.log" >&2; fail "$name: not one error line"; }
  grep -q "^leontief: error: $1: memory needed about .* per rank (program and libraries .* + Z (this rank's rows) .*I - A.*); .* available: not enough memory on a node" "$name.log" ||
    { cat "$name.log" >&2; fail "$name: the error does not give the estimate and its parts"; }
  grep -q "read \.\.\." "$name.log" && fail "$name: the table was read before the refusal"
  [[ ! -e "$name.h5" ]] || fail "$name: a refused run wrote a result"
}
for ranks in 1 2; do
  refused "$ranks" va$ranks va --table "$table"
  refused "$ranks" decompose$ranks decompose --method wwz --table "$table"
  refused "$ranks" panel$ranks decompose --method tiva --tables tables
  refused "$ranks" inverse$ranks inverse --table "$table"
done

# Forced: the check is skipped.
LEONTIEF_TEST_MEMORY_AVAILABLE=50000000 run_ok forced.log 1 "$LEONTIEF" va --table "$table" \
  --output forced.h5 --size_check false
[[ -s forced.h5 ]] || fail "--size_check false did not run"
grep -q "memory needed" forced.log && fail "--size_check false still estimated"

# A normal run logs its estimate, close to what it then uses.
/usr/bin/time -f %M -o peak.txt "$LEONTIEF" decompose --method wwz,tiva --table "$table" \
  --output normal.h5 >normal.log 2>&1 || { cat normal.log >&2; fail "the normal run failed"; }
estimate=$(sed -n 's/.*decompose: memory needed about \([0-9.]*\) MiB per rank.*/\1/p' normal.log)
[[ -n $estimate ]] || { cat normal.log >&2; fail "no estimate (in MiB) in the log of a normal run"; }
peak=$(awk '{printf "%.0f", $1 / 1024}' peak.txt)  # KiB -> MiB
echo "estimate $estimate MiB, measured peak $peak MiB"
# A sanitized build's allocator keeps shadow memory and a quarantine of freed blocks: its
# peak says nothing about the program's.
if [[ "${LEONTIEF_SANITIZED:-0}" != 1 ]]; then
  awk -v e="$estimate" -v p="$peak" 'BEGIN { exit !(e >= p / 2 && e <= 2 * p) }' ||
    fail "the estimate $estimate MiB is not within a factor 2 of the measured peak $peak MiB"
fi

echo "PASS: dense runs that cannot fit are refused before reading, with the estimate"
