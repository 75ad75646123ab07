#!/usr/bin/env bash
# bench/run_decompose_bench.sh — `leontief decompose` on WIOD 2011 (n = 1435) against one
# dense LAPACK inverse (dgetrf + dgetri) of the same I − A with the same BLAS, at 1 and 2
# ranks, for each method alone and for all methods in one run: phase times, wall time and
# peak memory per rank. See bench/README.md.
#
# Settings (environment variables): BUILD_DIR (default <repo>/build, Release), DATA_DIR
# (default <repo>/tests/data), TABLE, REPS (best-of, default 5), RANKS (default "1 2"),
# METHODS (default "wwz bm kww tiva position all"), RESULTS (default
# <repo>/bench/results/wiod2011_decompose.md; "-" for stdout only), ALLOW_DIRTY.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_decompose_bench.sh
TABLE=${TABLE:-$DATA_DIR/wiod2013/wiot_2011.csv.gz}
REPS=${REPS:-5}
RANKS=${RANKS:-"1 2"}
METHODS=${METHODS:-"wwz bm kww tiva position all"}
RESULTS=${RESULTS:-$repo/bench/results/wiod2011_decompose.md}
bench_begin TABLE REPS RANKS METHODS

bench_build leontief leontief_dense_lu_floor
bench_peak_rss_wrapper
leontief=$BUILD_DIR/leontief
mpi_flags=()
for ranks in $RANKS; do ((ranks > cores)) && mpi_flags=(--oversubscribe); done
((${#mpi_flags[@]})) && note "more ranks than cores: oversubscribing, timings are not meaningful"

"$leontief" import --input "$TABLE" --output "$tmp/table.h5" --log.level warn
floor=$("$BUILD_DIR/bench/leontief_dense_lu_floor" "$tmp/table.h5" 10)
inverse=$(sed -n 's/.*dense_inverse_seconds=\([0-9.]*\).*/\1/p' <<<"$floor")
blas=$(sed -n 's/.* blas=\([^ ]*\).*/\1/p' <<<"$floor")
require_number "dense inverse floor" "$inverse"

# The phases each run must log (rank 0: "[ 0.40s] info  factor done (0.063 s)"). A phase
# that is missing fails the benchmark: a renamed phase must not turn into 0 in the table.
#   always: read, assemble I-A, factor, write, and "decompose M" for each method run;
#   KWW, WWZ, BM: "leontief inverse rows" (the rows of B, inside the first method's phase);
#   BM: its two steps after the rows of B; TiVA, position on several ranks: the transposed
#   factorization ScaLAPACK needs, "factor (I-A)'".
methods_of() { [[ $1 == all ]] && echo "kww wwz bm tiva position" || echo "$1"; }
phase() { phase_seconds "$2" "$1"; }

report=$tmp/report.md
bm_report=$tmp/bm.md
{
  bench_header "\`leontief decompose\` on WIOD 2011 (n = 1435)"
  echo "- One dense inverse of I − A (dgetrf + dgetri, one process, the loaded BLAS"
  echo "  \`$blas\`, one thread, best of 10): **${inverse} s**; every row is the best of"
  echo "  $REPS runs by compute time"
  echo
  echo "| method | ranks | factor I−A s | rows of B s | method s | **compute s** | **÷ dense inverse** | whole command s | peak RSS/rank MB |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
} >"$report"
{
  echo
  echo "Borin–Mancini steps (\`--method bm\`, the same best runs): what Borin–Mancini adds to"
  echo "the rows of B."
  echo
  echo "| ranks | rows of B s | BM shared Leontief products s | BM Woodbury extraction and terms s | decompose bm s |"
  echo "|--:|--:|--:|--:|--:|"
} >"$bm_report"
for method in $METHODS; do
  for ranks in $RANKS; do
    best=""
    peak=0
    for ((rep = 0; rep < REPS; rep++)); do
      log=$tmp/run.log
      rm -f "$tmp"/rss.*
      start=$(now)
      mpiexec "${mpi_flags[@]}" -n "$ranks" "$tmp/peak_rss" "$tmp/rss" "$leontief" decompose \
        --table "$tmp/table.h5" --method "$method" --output "$tmp/out.h5" 2>"$log" ||
        { cat "$log" >&2; die "decompose --method $method failed at $ranks ranks"; }
      wall=$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.4f", b - a}')
      rss=$(peak_rss_kib "$tmp/rss" "$ranks")
      peak=$(awk -v a="$peak" -v b="${rss%% *}" 'BEGIN {print (b > a) ? b : a}')
      # Plain assignments (no nested substitutions), so that a missing phase stops the script.
      phase read "$log" >/dev/null
      phase write "$log" >/dev/null
      assemble=$(phase 'assemble I-A' "$log")
      factor=$(phase factor "$log")
      factor=$(awk -v a="$assemble" -v b="$factor" 'BEGIN {printf "%.6f", a + b}')
      decompose=0
      transposed_needed=0
      for m in $(methods_of "$method"); do
        t=$(phase "decompose $m" "$log")
        decompose=$(awk -v a="$decompose" -v b="$t" 'BEGIN {printf "%.6f", a + b}')
        [[ $m == tiva || $m == position ]] && ((ranks > 1)) && transposed_needed=1
      done
      if [[ $method =~ ^(kww|wwz|bm|all)$ ]]; then
        rows=$(phase 'leontief inverse rows' "$log")
      else
        if grep -q 'leontief inverse rows done' "$log"; then
          die "$method formed rows of B (unexpected: the table would be wrong)"
        fi
        rows=0
      fi
      # The transposed factorization (logged once) counts with the factorization.
      if ((transposed_needed)) || grep -q "factor (I-A)' done" "$log"; then
        t=$(phase "factor (I-A)'" "$log")
        factor=$(awk -v a="$factor" -v b="$t" 'BEGIN {printf "%.6f", a + b}')
      fi
      bm_steps=""
      if [[ $method == bm ]]; then
        t=$(phase 'bm shared Leontief products' "$log")
        u=$(phase 'bm Woodbury extraction and terms' "$log")
        bm_steps="$t $u"
      fi
      compute=$(awk -v a="$factor" -v b="$decompose" 'BEGIN {printf "%.6f", a + b}')
      if [[ -z $best ]] || awk -v a="$compute" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then
        best="$compute $factor $rows $decompose $wall $bm_steps"
      fi
    done
    read -r compute factor rows decompose wall bm_shared bm_woodbury <<<"$best"
    method_only=$(awk -v a="$decompose" -v b="$rows" 'BEGIN {printf "%.6f", a - b}')
    printf '| %s | %s | %.3f | %.3f | %.3f | **%.3f** | **%.2fx** | %.2f | %.0f |\n' "$method" \
      "$ranks" "$factor" "$rows" "$method_only" "$compute" \
      "$(awk -v a="$compute" -v b="$inverse" 'BEGIN {print a / b}')" "$wall" \
      "$(awk -v k="$peak" 'BEGIN {print k * 1024 / 1e6}')" >>"$report"
    if [[ $method == bm ]]; then
      printf '| %s | %.3f | %.3f | %.3f | %.3f |\n' "$ranks" "$rows" "$bm_shared" "$bm_woodbury" \
        "$decompose" >>"$bm_report"
    fi
  done
done
[[ " $METHODS " == *" bm "* ]] && cat "$bm_report" >>"$report"
cat >>"$report" <<'EOF2'

- **compute** = assemble I−A + factor (+ the transposed factorization ScaLAPACK needs for
  transposed solves, TiVA and position on several ranks) + the method's phase, which
  includes forming this rank's rows of B when the method needs them (KWW, WWZ, BM; once per
  run). Target: ≤ 3x one dense inverse.
- rows of B: one multi-right-hand-side solve with identity columns (n columns in chunks);
  method: the method's phase without the rows of B.
- whole command: wall time of `mpiexec -n R leontief decompose` including start-up, reading
  the table and writing the HDF5 result (no CSV); from the best run by compute.
- peak RSS/rank: the largest peak resident set of any rank over all runs of the row (GNU
  time's ru_maxrss, or VmHWM polled), libraries included; MB = 10⁶ bytes.
EOF2
bench_publish "$report"
