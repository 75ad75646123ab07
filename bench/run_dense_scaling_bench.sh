#!/usr/bin/env bash
# bench/run_dense_scaling_bench.sh — do dense methods get faster with more cores? (issue 14,
# goal 3). One dense table from `leontief generate` (G x N, default 81 x 45 = 3645), each
# method run as a user runs it, in these layouts of ranks x BLAS threads:
#   1 x 1        one rank, one BLAS thread (the reference)
#   auto         `leontief` without mpiexec and without OPENBLAS_NUM_THREADS: the program
#                chooses its BLAS threads from the hardware (every core of the machine)
#   R x 1        R MPI ranks (ScaLAPACK across them) for each R in RANKS; more ranks than
#                cores is marked oversubscribed (its times mean little)
# Reported per method and layout: whole run (wall), compute (assemble + factor/invert + the
# method's phase), CPU time, peak RSS per process, speed-up and parallel efficiency of the
# whole run against 1 x 1, and a check that the results equal those of 1 x 1 (every CSV,
# rtol 1e-9; `inverse`: B·Y against the known answer).
#
# Settings: BUILD_DIR, REGIONS (81), SECTORS (45), METHODS ("va inverse wwz bm tiva"),
# RANKS ("2 4"), REPS (3), RESULTS (default bench/results/dense_scaling.md; "-": stdout).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_dense_scaling_bench.sh

REGIONS=${REGIONS:-81}
SECTORS=${SECTORS:-45}
METHODS=${METHODS:-"va inverse wwz bm tiva"}
RANKS=${RANKS:-"2 4"}
REPS=${REPS:-3}
RESULTS=${RESULTS:-$repo/bench/results/dense_scaling.md}
bench_begin REGIONS SECTORS METHODS RANKS REPS

[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time, Debian package 'time') is needed"
bench_build leontief leontief_csv_compare leontief_synthetic_check
leontief=$BUILD_DIR/leontief
compare=$BUILD_DIR/tests/cli/leontief_csv_compare
check=$BUILD_DIR/tests/cli/leontief_synthetic_check
n=$((REGIONS * SECTORS))
table=$tmp/table.h5
note "generating a dense table: $REGIONS x $SECTORS = $n"
"$leontief" generate --output "$table" --generate.regions "$REGIONS" --generate.sectors "$SECTORS" \
  --generate.links_per_row "$n" --generate.layout dense --log.level warn

arguments() {  # arguments METHOD OUT
  case $1 in
    va) echo "va --table $table --output $2.h5 --csv $2" ;;
    inverse) echo "inverse --table $table --output $2.h5" ;;
    *) echo "decompose --method $1 --table $table --output $2.h5 --csv $2" ;;
  esac
}
compute_phases() {  # the phases whose sum is the compute time of METHOD
  case $1 in
    va) echo "assemble I-A|factor|solve V̂BY" ;;
    inverse) echo "assemble I-A|invert" ;;
    *) echo "assemble I-A|factor|decompose $1" ;;
  esac
}
# run LAYOUT METHOD OUT: sets wall, cpu (all processes), rss (largest process, MB), compute.
run() {
  local layout=$1 method=$2 out=$3 launcher=() env_cmd=(env) best="" log=$tmp/run.log
  read -r -a args <<<"$(arguments "$method" "$out")"
  case $layout in
    "1 x 1") launcher=(env OPENBLAS_NUM_THREADS=1) ;;
    auto) launcher=(env -u OPENBLAS_NUM_THREADS -u OMP_NUM_THREADS) ;;
    *) local ranks=${layout%% x*} flags=()
       ((ranks > cores)) && flags+=(--oversubscribe)
       launcher=(env OPENBLAS_NUM_THREADS=1 mpiexec "${flags[@]}" -n "$ranks") ;;
  esac
  for ((rep = 0; rep < REPS; rep++)); do
    rm -rf "$out.h5" "$out"
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time.txt" "${launcher[@]}" "$leontief" "${args[@]}" \
      >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "$method failed in layout $layout"; }
    read -r w u s k <"$tmp/time.txt"
    require_number "$method ($layout): wall time" "$w"
    require_number "$method ($layout): peak RSS" "$k"
    if [[ -z $best ]] || awk -v a="$w" -v b="$best" 'BEGIN {exit !(a < b)}'; then
      best=$w
      wall=$w
      cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
      rss=$(awk -v k="$k" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')
      local total=0 name
      IFS='|' read -r -a names <<<"$(compute_phases "$method")"
      local t
      for name in "${names[@]}"; do
        t=$(phase_seconds "$log" "$name")  # plain assignment: a missing phase stops the script
        total=$(awk -v a="$total" -v b="$t" 'BEGIN {printf "%.3f", a + b}')
      done
      compute=$total
      threads=$(sed -n 's/.*BLAS: \([0-9?]*\) thread(s) per rank.*/\1/p' "$log" | head -n 1)
      require_number "$method ($layout): BLAS threads in the log" "$threads"
    fi
  done
}
# na_args FILE: "--na COLUMNS" for the columns of FILE that hold NA (ratios with a zero
# denominator, as the method docs define), so that the comparison accepts NA only there.
na_args() {
  local columns
  columns=$(awk -F, 'NR == 1 { for (c = 1; c <= NF; ++c) h[c] = $c; next }
    { for (c = 1; c <= NF; ++c) if ($c == "NA" && !(c in seen)) { seen[c] = 1; l = l (l ? "," : "") h[c] } }
    END { print l }' "$1")
  [[ -n $columns ]] && echo "--na $columns"
  return 0
}
same_as() {  # same_as METHOD OUT REFERENCE: "yes" when the results agree
  local method=$1 out=$2 ref=$3 f keys na
  if [[ $method == inverse ]]; then
    "$check" "$table" "$out.h5" 1e-9 >/dev/null && echo "B·Y = x (known)" || echo "**differs**"
    return
  fi
  for f in "$ref"/*.csv; do
    keys=$(head -n 1 "$f" | tr ',' '\n' | grep -cxE 'exporter|importer|sector|source_region|source_sector|destination_region')
    read -r -a na <<<"$(na_args "$f")"
    "$compare" "$f" "$out/$(basename "$f")" --keys "$keys" --rtol 1e-9 --atol 1e-12 "${na[@]}" >/dev/null ||
      { echo "**differs** ($(basename "$f"))"; return; }
  done
  echo "yes"
}

report=$tmp/report.md
{
  bench_header "Dense methods on more cores: n = $n ($REGIONS x $SECTORS), ranks x BLAS threads"
  echo "- Rows: the best of $REPS runs by wall time; \"BLAS threads/rank\" as the program logged it"
  echo
  echo "| method | layout | BLAS threads/rank | whole run s | compute s | CPU s | peak RSS MB/process | speed-up (run) | efficiency | same results as 1 x 1 |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|---|"
} >"$report"
for method in $METHODS; do
  run "1 x 1" "$method" "$tmp/ref"
  t1=$wall
  echo "| $method | 1 x 1 | $threads | $wall | $compute | $cpu | $rss | 1.00x | 100% | (reference) |" >>"$report"
  layouts=("auto")
  for r in $RANKS; do layouts+=("$r x 1"); done
  for layout in "${layouts[@]}"; do
    run "$layout" "$method" "$tmp/out"
    cores_used=$([[ $layout == auto ]] && echo "$threads" || echo "${layout%% x*}")
    label=$layout
    ((cores_used > cores)) && label="$layout (oversubscribed)"
    speedup=$(awk -v a="$t1" -v b="$wall" 'BEGIN {printf "%.2f", a / b}')
    efficiency=$(awk -v a="$t1" -v b="$wall" -v c="$cores_used" 'BEGIN {printf "%.0f%%", 100 * a / (b * c)}')
    echo "| $method | $label | $threads | $wall | $compute | $cpu | $rss | ${speedup}x | $efficiency | $(same_as "$method" "$tmp/out" "$tmp/ref") |" >>"$report"
    note "$method $layout: $wall s (1 x 1: $t1 s)"
  done
done
{
  echo
  echo "- whole run: the command as a user runs it (start-up, read, compute, write HDF5 and CSV);"
  echo "  compute: its assemble, factor/invert and method phases (rank 0's log)."
  echo "- auto: one process, BLAS threads chosen by the program from the CPUs it may use."
  echo "  Under mpiexec each rank is bound to a core by default: one thread per rank."
  echo "- R x 1: ScaLAPACK on a near-square grid of the R ranks (pdgetrf, pdgetri), I − A sent"
  echo "  straight into its block-cyclic tiles; the methods' own work divides by economies."
} >>"$report"

bench_publish "$report"
