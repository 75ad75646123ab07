#!/usr/bin/env bash
# bench/run_dynamic_bench.sh — `leontief dynamic` (the ARIO model), a day at a time:
#
#  1. One year of daily steps on WIOD 2011 (n = 1435): China's electrical and optical
#     equipment stops for 30 days (the first scenario of configs/dynamic_wiod2011.ini), at each
#     of RANKS; time per day against one distributed product y = A x at the same n and ranks
#     (bench/matvec_floor.cpp: A in PETSc AIJ, Z's nonzeros).
#  2. The same on a generated network (`leontief generate`, CSR store): n = SPARSE_REGIONS x
#     SPARSE_SECTORS (default 50 x 20,000 = 10^6 nodes), LINKS links per node (~10^7), three
#     sectors of one region losing 60% of capacity for 30 days.
#  3. An ensemble of DRAWS (1000) draws on WIOD 2011 (configs/dynamic_ensemble_wiod2011.ini: one
#     economy's largest manufacturing sector loses U(10%, 50%) for 30 days), at each of
#     ENSEMBLE_RANKS (1 2) in groups of one rank: wall time, draws per second.
# A day of the model is one product with Ẑ (Z's nonzeros), one or two transposed products and
# O(n + nnz) local work, so "÷ A·x" of a few is the expected cost.
# Reports wall and per-day times, peak RSS per rank, in Markdown, to RESULTS (default
# bench/results/dynamic.md; "-" = stdout).
#
# Settings: BUILD_DIR, RANKS ("1 2"), ENSEMBLE_RANKS ("1 2"), DAYS (365), DRAWS (1000),
# SPARSE_REGIONS (50), SPARSE_SECTORS (20000), LINKS (10), FLOOR_REPS (200), SKIP_WIOD=1,
# SKIP_SPARSE=1, SKIP_ENSEMBLE=1, RESULTS. A quick check of the script:
#   DAYS=20 DRAWS=4 SPARSE_SECTORS=500 RESULTS=- bash bench/run_dynamic_bench.sh
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_dynamic_bench.sh

RANKS=${RANKS:-"1 2"}
ENSEMBLE_RANKS=${ENSEMBLE_RANKS:-"1 2"}
DAYS=${DAYS:-365}
DRAWS=${DRAWS:-1000}
SPARSE_REGIONS=${SPARSE_REGIONS:-50} SPARSE_SECTORS=${SPARSE_SECTORS:-20000} LINKS=${LINKS:-10}
FLOOR_REPS=${FLOOR_REPS:-200}
SKIP_WIOD=${SKIP_WIOD:-0}
SKIP_SPARSE=${SKIP_SPARSE:-0}
SKIP_ENSEMBLE=${SKIP_ENSEMBLE:-0}
RESULTS=${RESULTS:-$repo/bench/results/dynamic.md}
bench_begin RANKS ENSEMBLE_RANKS DAYS DRAWS SPARSE_REGIONS SPARSE_SECTORS LINKS FLOOR_REPS \
  SKIP_WIOD SKIP_SPARSE SKIP_ENSEMBLE

bench_build leontief leontief_matvec_floor
bench_peak_rss_wrapper
leontief=$BUILD_DIR/leontief
floor=$BUILD_DIR/bench/leontief_matvec_floor

# ms_per_day LOG: the scenario line's "X ms per day".
ms_per_day() {
  local value
  value=$(sed -n 's/.* (\([0-9.]*\) s, \([0-9.e+-]*\) ms per day)$/\2/p' "$1" | head -n 1)
  [[ -n $value ]] || die "no 'ms per day' in $1"
  echo "$value"
}
floor_ms() {
  local ranks=$1 table=$2 flags=()
  ((ranks > cores)) && flags+=(--oversubscribe)
  mpiexec "${flags[@]}" -n "$ranks" "$floor" "$table" "$FLOOR_REPS" >"$tmp/floor.log" 2>&1 ||
    { cat "$tmp/floor.log" >&2; die "the product floor failed at $ranks ranks"; }
  floor_product=$(sed -n 's/.*matvec_seconds=\([0-9.e+-]*\) .*/\1/p' "$tmp/floor.log")
  floor_transpose=$(sed -n 's/.*transpose_seconds=\([0-9.e+-]*\) .*/\1/p' "$tmp/floor.log")
  [[ -n $floor_product ]] || die "no matvec_seconds from the floor"
  floor_product=$(awk -v s="$floor_product" 'BEGIN {printf "%.4g", 1e3 * s}')
  floor_transpose=$(awk -v s="$floor_transpose" 'BEGIN {printf "%.4g", 1e3 * s}')
}

report=$tmp/report.md
{
  echo
  echo "Peak memory: $rss_tool, largest rank. Per day: the simulation of one scenario divided"
  echo "by its days (no read or write). A·x: the best of $FLOOR_REPS products y = A x (PETSc AIJ,"
  echo "Z's nonzeros) on the same ranks (bench/matvec_floor.cpp); A'x likewise."
} >"$report"

# One scenario, DAYS days: a row of the per-day table.
step_rows() {
  local table=$1 scenario=$2 label=$3
  local ranks per_day
  for ranks in $RANKS; do
    note "$label: one scenario of $DAYS days at $ranks ranks"
    bench_mpi_run "$ranks" "$tmp/dynamic.log" "$leontief" dynamic --table "$table" --scenario "$scenario" \
      --output "$tmp/dynamic.h5" --dynamic.days "$DAYS" --dynamic.series none --log.level info
    per_day=$(ms_per_day "$tmp/dynamic.log")
    setup=$(phase_seconds "$tmp/dynamic.log" "set up ARIO")
    floor_ms "$ranks" "$table"
    echo "| $ranks$( ((ranks > cores)) && echo " (oversubscribed)") | $setup | $per_day | $floor_product | $floor_transpose | $(bench_ratio "$per_day" "$floor_product" 1) | $wall | $rss_max |" >>"$report"
    rm -f "$tmp/dynamic.h5"
  done
}
step_header() {
  {
    echo
    echo "## $1"
    echo
    [[ -n ${2:-} ]] && echo "$2" && echo
    echo "| ranks | set-up s | **ms per day** | A·x ms | A'x ms | **÷ A·x** | whole run s | peak RSS/rank MB |"
    echo "|---|---|---|---|---|---|---|---|"
  } >>"$report"
}

# --- 1. WIOD 2011 -----------------------------------------------------------------------
if [[ ${SKIP_WIOD:-0} != 1 || ${SKIP_ENSEMBLE:-0} != 1 ]]; then
  note "importing WIOD 2011"
  bench_mpi_run 1 "$tmp/import.log" "$leontief" import --input "$DATA_DIR/wiod2013/wiot_2011.csv.gz" \
    --output "$tmp/wiod2011.h5"
fi
if [[ ${SKIP_WIOD:-0} != 1 ]]; then
  # The first scenario of configs/dynamic_wiod2011.ini.
  cat >"$tmp/wiod.ini" <<'EOF'
[scenario.china_electronics_month]
kind = capacity
regions = CHN
sectors = c14
loss = 100
start = 5
duration = 30
EOF
  step_header "One year of daily steps on WIOD 2011: n = 1435 (China's electronics stop for 30 days)"
  step_rows "$tmp/wiod2011.h5" "$tmp/wiod.ini" "WIOD 2011"
fi

# --- 2. a generated network -------------------------------------------------------------
if [[ ${SKIP_SPARSE:-0} != 1 ]]; then
  bench_generate_network "$tmp/net.h5"
  # Labels have as many digits as the count: R02, s00001 for 50 regions x 20,000 sectors.
  width=${#SPARSE_SECTORS}
  region=$(printf "R%0${#SPARSE_REGIONS}d" 2)
  cat >"$tmp/net.ini" <<EOF
[scenario.outage]
description = three sectors of one region lose 60% of their capacity for 30 days
kind = capacity
regions = $region
sectors = $(printf "s%0${width}d,s%0${width}d,s%0${width}d" 1 2 3)
loss = 60
start = 5
duration = 30
EOF
  step_header "One year of daily steps on a generated network: n = $n, ${links:-?} links (CSR)" \
    "Generated in $wall s (peak $rss_max MB)."
  step_rows "$tmp/net.h5" "$tmp/net.ini" "network"
  rm -f "$tmp/net.h5"
fi

# --- 3. an ensemble on WIOD 2011 --------------------------------------------------------
if [[ ${SKIP_ENSEMBLE:-0} != 1 ]]; then
  sed "s/^draws = .*/draws = $DRAWS/" "$repo/configs/dynamic_ensemble_wiod2011.ini" >"$tmp/ensemble.ini"
  {
    echo
    echo "## An ensemble of $DRAWS draws on WIOD 2011, $DAYS days each"
    echo
    echo "configs/dynamic_ensemble_wiod2011.ini; groups of one rank (\`--dynamic.ranks_per_group 1\`):"
    echo "each rank runs its own draws. Draws: the \"ensemble draws\" phase (set-up of each"
    echo "group's model included); whole run: also read, quantiles and write."
    echo
    echo "| ranks | draws s | **draws per second** | ms per draw-day | whole run s | peak RSS/rank MB |"
    echo "|---|---|---|---|---|---|"
  } >>"$report"
  for ranks in $ENSEMBLE_RANKS; do
    note "ensemble of $DRAWS draws at $ranks ranks"
    bench_mpi_run "$ranks" "$tmp/ensemble.log" "$leontief" dynamic --table "$tmp/wiod2011.h5" \
      --scenario "$tmp/ensemble.ini" --output "$tmp/ensemble.h5" --csv "$tmp/ensemble" \
      --dynamic.days "$DAYS" --dynamic.ranks_per_group 1 --dynamic.resume false --log.level info
    draws_s=$(phase_seconds "$tmp/ensemble.log" "ensemble draws")
    rate=$(awk -v d="$DRAWS" -v s="$draws_s" 'BEGIN {printf "%.3g", d / s}')
    per=$(awk -v d="$DRAWS" -v s="$draws_s" -v t="$DAYS" -v r="$ranks" 'BEGIN {printf "%.3g", 1e3 * s * r / (d * t)}')
    echo "| $ranks$( ((ranks > cores)) && echo " (oversubscribed)") | $draws_s | $rate | $per | $wall | $rss_max |" >>"$report"
    rm -rf "$tmp/ensemble.h5" "$tmp/ensemble"
  done
  echo >>"$report"
  echo "ms per draw-day = draws s × ranks / (draws × days): the cost of a day of one draw on one rank." >>"$report"
fi

{
  bench_header "\`leontief dynamic\`: the ARIO model, a day at a time"
  cat "$report"
} >"$tmp/published.md"
bench_publish "$tmp/published.md"
