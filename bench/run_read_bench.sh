#!/usr/bin/env bash
# bench/run_read_bench.sh — what reading a table costs against what the disk delivers
# (issue 14: "Z is stored gzip-compressed and takes 8.3 s to read at n = 7290, against 4.6 s
# for h5py"). A dense table from `leontief generate` (G x N, default 90 x 81 = 7290) is
# written twice: uncompressed (the default now) and with deflate 4 (`--compression 4`, the
# old default). For each, at each of RANKS (each rank reads its own row block, collectively
# through MPI-IO):
#   - cold: the file's pages are dropped from the page cache first (`dd iflag=nocache`, this
#     file only, no root needed), so the read goes to the disk;
#   - warm: read again at once, from the page cache: the CPU-side cost (inflating, copying,
#     checking values).
# The "read" phase of `leontief va` is reported (it reads x, VA, Z and Y and validates them),
# against the disk: `dd iflag=direct` of the whole file (no page cache) in the same state.
#
# Settings: BUILD_DIR, REGIONS (90), SECTORS (81), RANKS ("1 2"), REPS (3),
# RESULTS (default bench/results/read.md; "-": stdout only).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_read_bench.sh

REGIONS=${REGIONS:-90}
SECTORS=${SECTORS:-81}
RANKS=${RANKS:-"1 2"}
REPS=${REPS:-3}
RESULTS=${RESULTS:-$repo/bench/results/read.md}
bench_begin REGIONS SECTORS RANKS REPS

bench_build leontief
leontief=$BUILD_DIR/leontief
n=$((REGIONS * SECTORS))

note "generating $REGIONS x $SECTORS = $n (uncompressed and deflate 4)"
for level in 0 4; do
  "$leontief" generate --output "$tmp/t$level.h5" --generate.regions "$REGIONS" \
    --generate.sectors "$SECTORS" --generate.links_per_row "$n" --generate.layout dense \
    --compression "$level" --log.level warn
done

drop_cache() { dd if="$1" of=/dev/null iflag=nocache count=0 status=none; }
# disk_seconds FILE: seconds for the disk to deliver the whole file (O_DIRECT, no cache).
disk_seconds() {
  local start
  drop_cache "$1"
  start=$(now)
  dd if="$1" of=/dev/null bs=64M iflag=direct status=none
  local seconds
  seconds=$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')
  require_number "disk read of $1" "$seconds"
  echo "$seconds"
}
# read_seconds FILE RANKS COLD: the read phase of `leontief va` (best of REPS).
read_seconds() {
  local file=$1 ranks=$2 cold=$3 best="" value flags=()
  ((ranks > cores)) && flags+=(--oversubscribe)
  for ((rep = 0; rep < REPS; rep++)); do
    [[ $cold == 1 ]] && drop_cache "$file"
    mpiexec "${flags[@]}" -n "$ranks" "$leontief" va --table "$file" --output "$tmp/va.h5" \
      --solver.threads 1 >"$tmp/va.log" 2>&1 || { tail -n 20 "$tmp/va.log" >&2; die "va failed"; }
    value=$(phase_seconds "$tmp/va.log" read) || exit 1  # called in $( ): stop that shell too
    if [[ -z $best ]] || awk -v a="$value" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$value; fi
  done
  echo "$best"
}

report=$tmp/report.md
{
  bench_header "Reading a dense table: n = $n ($REGIONS x $SECTORS), uncompressed vs deflate 4"
  echo "- Read times: the best of $REPS runs"
  echo
  echo "| Z stored | file MB | disk (dd, O_DIRECT) s | ranks | read, cold s | ÷ disk | read, warm s |"
  echo "|---|--:|--:|--:|--:|--:|--:|"
} >"$report"
for level in 0 4; do
  file=$tmp/t$level.h5
  size=$(stat -c %s "$file")
  disk=$(disk_seconds "$file")
  label=$([[ $level == 0 ]] && echo "uncompressed (default)" || echo "deflate $level + shuffle")
  for ranks in $RANKS; do
    cold=$(read_seconds "$file" "$ranks" 1)
    warm=$(read_seconds "$file" "$ranks" 0)
    require_number "$label, $ranks rank(s): cold read" "$cold"
    require_number "$label, $ranks rank(s): warm read" "$warm"
    printf '| %s | %.1f | %s | %s | %s | %.2fx | %s |\n' "$label" "$(echo "$size / 1000000" | bc -l)" \
      "$disk" "$ranks" "$cold" "$(echo "$cold / $disk" | bc -l)" "$warm" >>"$report"
    note "$label, $ranks rank(s): cold $cold s, warm $warm s (disk $disk s)"
  done
done
{
  echo
  echo "- read = the \"read\" phase of \`leontief va\`: open and check the file, read x, VA, Z and"
  echo "  Y (each rank its economies' rows, collectively), check every value (finite, Z ≥ 0, no"
  echo "  inputs into zero-output sectors); Z lands straight in the table's storage (no copy)."
  echo "- cold: the file was dropped from the page cache before each run; warm: it was not."
} >>"$report"

bench_publish "$report"
