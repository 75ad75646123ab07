#!/usr/bin/env bash
# bench/run_scaling_bench.sh — scale: strong scaling, a 10^6-node sparse network and a dense
# n = 10,000 table, on synthetic tables from `leontief generate` (known answers, checked).
#
#  1. Sparse network: n = SPARSE_REGIONS x SPARSE_SECTORS nodes (default 50 x 20,000 = 10^6),
#     LINKS links per node (10: ~10^7 links), V̂BY for the 50 destination regions by
#     `leontief va` (iterative: GMRES, block-Jacobi over economies) at each of RANKS.
#  2. Dense table: n = DENSE_REGIONS x DENSE_SECTORS (50 x 200 = 10,000), every link present:
#     `leontief va` (dense LU: LAPACK at 1 rank, ScaLAPACK at more) and `leontief inverse`
#     (the whole B) at each of DENSE_RANKS, against the LAPACK floor of the same BLAS
#     (bench/dense_lu_floor.cpp: dgetrf + dgetrs for V̂BY, dgetrf + dgetri for B) with as
#     many BLAS threads as ranks.
#     For each rank count R > 1 it also runs `va` on one rank with R OpenBLAS threads (the
#     same cores, used by a threaded BLAS instead of ScaLAPACK).
# Reports wall and phase times, peak RSS per rank, parallel efficiency T1 / (R T_R) and the
# ratio to the floor, in Markdown, to RESULTS (default bench/results/scaling.md; "-" = stdout).
#
# Settings: BUILD_DIR, RANKS ("1 2 4"), DENSE_RANKS ("1 2"), SPARSE_REGIONS (50),
# SPARSE_SECTORS (20000), LINKS (10), DENSE_REGIONS (50), DENSE_SECTORS (200), SKIP_SPARSE
# (0), SKIP_DENSE (0), RESULTS, ALLOW_DIRTY.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_scaling_bench.sh

RANKS=${RANKS:-"1 2 4"}
DENSE_RANKS=${DENSE_RANKS:-"1 2"}
SPARSE_REGIONS=${SPARSE_REGIONS:-50} SPARSE_SECTORS=${SPARSE_SECTORS:-20000} LINKS=${LINKS:-10}
DENSE_REGIONS=${DENSE_REGIONS:-50}
DENSE_SECTORS=${DENSE_SECTORS:-200}
SKIP_SPARSE=${SKIP_SPARSE:-0}
SKIP_DENSE=${SKIP_DENSE:-0}
RESULTS=${RESULTS:-$repo/bench/results/scaling.md}
bench_begin RANKS DENSE_RANKS SPARSE_REGIONS SPARSE_SECTORS LINKS DENSE_REGIONS DENSE_SECTORS \
  SKIP_SPARSE SKIP_DENSE

bench_build leontief leontief_dense_lu_floor leontief_synthetic_check
bench_peak_rss_wrapper
leontief=$BUILD_DIR/leontief
floor=$BUILD_DIR/bench/leontief_dense_lu_floor
check=$BUILD_DIR/tests/cli/leontief_synthetic_check

  wall=$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}')
  rss_max=$(peak_rss_kib "$tmp/rss" "$ranks")
  rss_max=$(awk -v k="${rss_max%% *}" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')
}
# known_error CHECK_OUTPUT NAME: the largest relative difference leontief_synthetic_check
# printed for NAME; fails if the check failed or printed none.
known_error() {
  local value
  value=$(sed -n "s/^$2: largest relative difference \([0-9.e+-]*\)\$/\1/p" <<<"$1")
  require_number "$2 against the known answer" "$value"
  echo "$value"
}
efficiency() { awk -v t1="$1" -v r="$2" -v t="$3" 'BEGIN {printf "%.0f%%", 100 * t1 / (r * t)}'; }
sum() { awk -v a="$1" -v b="$2" -v c="${3:-0}" 'BEGIN {printf "%.3f", a + b + c}'; }

report=$tmp/report.md
body=$tmp/body.md
: >"$body"

# --- 1. sparse network ---------------------------------------------------------------------
if [[ $SKIP_SPARSE != 1 ]]; then
  bench_generate_network "$tmp/net.h5"
  gen_wall=$wall gen_rss=$rss_max
  gen_size=$(stat -c %s "$tmp/net.h5" | awk '{printf "%.2f", $1 / 1e9}')
  {
    echo
    echo "## V̂BY of a sparse network: n = $n, $links links, $SPARSE_REGIONS destinations"
    echo
    echo "\`leontief generate\` wrote it in $gen_wall s (peak $gen_rss MB; file $gen_size GB)."
    echo "\`leontief va\` (automatic choice:"
    echo "iterative, GMRES with block-Jacobi over the $SPARSE_REGIONS economies, ILU(0) per block,"
    echo "relative residual 1e-12). Efficiency = T1 / (R · T_R) of the solve and of the whole run."
    echo
    echo "| ranks | read s | assemble + set-up s | solve V̂BY s | whole run s | iterations | peak RSS/rank MB | efficiency (solve) | efficiency (run) | max rel. error vs known |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
  } >>"$body"
  t1_solve="" t1_wall=""
  for ranks in $RANKS; do
    note "sparse va at $ranks ranks"
    bench_mpi_run "$ranks" "$tmp/va.log" "$leontief" va --table "$tmp/net.h5" --output "$tmp/va.h5"
    grep -q "iterative solves: n = " "$tmp/va.log" || die "the sparse run was not iterative"
    read_s=$(phase_seconds "$tmp/va.log" read)
    assemble=$(phase_seconds "$tmp/va.log" "assemble I-A")
    factor=$(phase_seconds "$tmp/va.log" factor)
    solve=$(phase_seconds "$tmp/va.log" "solve V̂BY")
    setup=$(sum "$assemble" "$factor")
    its=$(sed -n 's/.*iterative solves: \([0-9]* to [0-9]*\) iterations each$/\1/p' "$tmp/va.log" | head -n 1)
    [[ -n $its ]] || die "no iteration count in the log of the sparse run"
    checked=$("$check" "$tmp/net.h5" "$tmp/va.h5" 1e-9) ||
      die "sparse V̂BY differs from the known answer at $ranks ranks: $checked"
    error=$(known_error "$checked" va_by_destination)
    [[ -z $t1_solve ]] && t1_solve=$solve t1_wall=$wall t1_ranks=$ranks
    echo "| $ranks$( ((ranks > cores)) && echo " (oversubscribed)") | $read_s | $setup | $solve | $wall | $its | $rss_max | $(efficiency "$t1_solve" $((ranks / t1_ranks)) "$solve") | $(efficiency "$t1_wall" $((ranks / t1_ranks)) "$wall") | $error |" >>"$body"
    rm -f "$tmp/va.h5"
  done
  rm -f "$tmp/net.h5"
fi

# --- 2. dense n = 10,000 -----------------------------------------------------------------
if [[ $SKIP_DENSE != 1 ]]; then
  n=$((DENSE_REGIONS * DENSE_SECTORS))
  note "generating a dense table: n = $n"
  bench_mpi_run 1 "$tmp/gen.log" "$leontief" generate --output "$tmp/dense.h5" \
    --generate.regions "$DENSE_REGIONS" --generate.sectors "$DENSE_SECTORS" \
    --generate.links_per_row "$n"
  {
    echo
    echo "## Dense table: n = $n, every link present, $DENSE_REGIONS destinations"
    echo
    echo "Floor: \`leontief_dense_lu_floor\` on the same table, same BLAS, with as many OpenBLAS"
    echo "threads as ranks: dgetrf + dgetrs ($DENSE_REGIONS right-hand sides) for V̂BY, dgetrf +"
    echo "dgetri for the inverse. Compute = assemble I − A + factor/invert + solve (no read/write);"
    echo "on several ranks, assemble includes moving I − A into ScaLAPACK's block-cyclic layout."
    echo "Rows \"1 rank x T threads\" run \`leontief va\` on one rank with OPENBLAS_NUM_THREADS=T."
    echo
    echo "| ranks | job | assemble s | factor/invert s | solve s | compute s | floor s | ÷ floor | whole run s | peak RSS/rank MB | efficiency (compute) | max rel. error vs known |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  } >>"$body"
  declare -A t1=()
  for ranks in $DENSE_RANKS; do
    note "dense floor with $ranks BLAS threads"
    line=$(OPENBLAS_NUM_THREADS=$ranks "$floor" "$tmp/dense.h5" 1)
    field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
    lu=$(field dense_lu_seconds) getrs=$(field getrs_seconds) floor_inverse=$(field dense_inverse_seconds)
    for value in "$lu" "$getrs" "$floor_inverse"; do require_number "dense floor" "$value"; done
    floor_va=$(sum "$lu" "$getrs")
    floor_inverse=$(awk -v t="$floor_inverse" 'BEGIN {printf "%.3f", t}')

    note "dense va at $ranks ranks"
    bench_mpi_run "$ranks" "$tmp/va.log" "$leontief" va --table "$tmp/dense.h5" --output "$tmp/va.h5"
    assemble=$(phase_seconds "$tmp/va.log" "assemble I-A")
    factor=$(phase_seconds "$tmp/va.log" factor)
    solve=$(phase_seconds "$tmp/va.log" "solve V̂BY")
    compute=$(sum "$assemble" "$factor" "$solve")
    checked=$("$check" "$tmp/dense.h5" "$tmp/va.h5" 1e-9) ||
      die "dense V̂BY differs from the known answer at $ranks ranks: $checked"
    error=$(known_error "$checked" va_by_destination)
    [[ -z ${t1[va]:-} ]] && t1[va]=$compute
    echo "| $ranks | V̂BY (\`va\`) | $assemble | $factor | $solve | $compute | $floor_va | $(bench_ratio "$compute" "$floor_va") | $wall | $rss_max | $(efficiency "${t1[va]}" "$ranks" "$compute") | $error |" >>"$body"
    rm -f "$tmp/va.h5"

    if ((ranks > 1)); then
      note "dense va on 1 rank with $ranks BLAS threads"
      OPENBLAS_NUM_THREADS=$ranks bench_mpi_run 1 "$tmp/va.log" "$leontief" va --table "$tmp/dense.h5" \
        --output "$tmp/va.h5"
      assemble=$(phase_seconds "$tmp/va.log" "assemble I-A")
      factor=$(phase_seconds "$tmp/va.log" factor)
      solve=$(phase_seconds "$tmp/va.log" "solve V̂BY")
      compute=$(sum "$assemble" "$factor" "$solve")
      checked=$("$check" "$tmp/dense.h5" "$tmp/va.h5" 1e-9) ||
        die "dense V̂BY with $ranks threads differs from the known answer: $checked"
      error=$(known_error "$checked" va_by_destination)
      echo "| 1 rank x $ranks threads | V̂BY (\`va\`) | $assemble | $factor | $solve | $compute | $floor_va | $(bench_ratio "$compute" "$floor_va") | $wall | $rss_max | $(efficiency "${t1[va]}" "$ranks" "$compute") | $error |" >>"$body"
      rm -f "$tmp/va.h5"
    fi

    note "dense inverse at $ranks ranks"
    bench_mpi_run "$ranks" "$tmp/inverse.log" "$leontief" inverse --table "$tmp/dense.h5" --output "$tmp/b.h5"
    assemble=$(phase_seconds "$tmp/inverse.log" "assemble I-A")
    invert=$(phase_seconds "$tmp/inverse.log" invert)
    compute=$(sum "$assemble" "$invert")
    checked=$("$check" "$tmp/dense.h5" "$tmp/b.h5" 1e-9) ||
      die "B·Y differs from the known answer at $ranks ranks: $checked"
    error=$(known_error "$checked" "leontief_inverse: B·Y")
    [[ -z ${t1[inverse]:-} ]] && t1[inverse]=$compute
    echo "| $ranks | whole B (\`inverse\`) | $assemble | $invert | – | $compute | $floor_inverse | $(bench_ratio "$compute" "$floor_inverse") | $wall | $rss_max | $(efficiency "${t1[inverse]}" "$ranks" "$compute") | $error |" >>"$body"
    rm -f "$tmp/b.h5"
  done
fi

{
  bench_header "Scaling: synthetic sparse network and dense table"
  echo "- Peak memory: $rss_tool, the largest rank; MB = 10⁶ bytes. Every result is checked"
  echo "  against the generated table's known answer (leontief_synthetic_check)."
  cat "$body"
} >"$report"
bench_publish "$report"
