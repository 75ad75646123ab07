#!/usr/bin/env bash
# Peak memory of the dense path at one rank (issue 14: at most 2.5 copies of n x n). On a
# generated dense table of n = 5000 (one n x n copy = 200 MB), `va`, `inverse` and
# `decompose --method bm` each peak at most 2.5 copies above the same command on the 3 x 3
# leather table (the libraries). Z and I - A are one copy each; a copy more means the read's
# freed chunk buffers were kept (io::return_freed_memory), a collective transfer of a whole
# block staged its chunks at once (h5::row_slabs) or a staging copy crept in. (WWZ also
# holds about 45 replicated n x G products, 45/N copies more: not checked here.)
# Skipped in a sanitized build, whose allocator keeps freed memory in quarantine.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ "${LEONTIEF_SANITIZED:-0}" == 1 ]]; then
  echo "SKIP: peak memory is not measured in a sanitized build"
  exit 0
fi
[[ -x /usr/bin/time ]] || { echo "SKIP: GNU time (package time) is not installed"; exit 0; }
cd "$TMP" || exit 1
run_ok generate.log 0 "$LEONTIEF" generate --output dense.h5 --generate.regions 100 \
  --generate.sectors 50 --generate.links_per_row 5000 --generate.layout dense
run_ok import.log 0 "$LEONTIEF" import --input "$LEATHER_CSV" --output leather.h5
copy_kb=$((5000 * 5000 * 8 / 1024))

# peak_kb TABLE COMMAND ARGS...: the peak RSS (KiB) of `leontief COMMAND --table TABLE ARGS`.
peak_kb() {
  local table=$1 command=$2
  shift 2
  rm -rf out.h5 out
  /usr/bin/time -f %M -o peak.txt "$LEONTIEF" "$command" --table "$table" --output out.h5 "$@" \
    >run.log 2>&1 || { cat run.log >&2; fail "$command on $table failed"; }
  cat peak.txt
}

for command in "va" "inverse" "decompose --method bm"; do
  read -r -a words <<<"$command"
  base=$(peak_kb leather.h5 "${words[@]}")
  peak=$(peak_kb dense.h5 "${words[@]}")
  copies=$(awk -v p="$peak" -v b="$base" -v c="$copy_kb" 'BEGIN {printf "%.2f", (p - b) / c}')
  echo "$command: peak $((peak / 1024)) MiB, libraries $((base / 1024)) MiB: $copies copies of n x n"
  awk -v c="$copies" 'BEGIN {exit !(c <= 2.5)}' ||
    fail "$command peaks at $copies copies of n x n above the libraries (at most 2.5)"
done
echo "PASS: the dense path peaks at most 2.5 copies of n x n at one rank"
