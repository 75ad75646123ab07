#!/usr/bin/env bash
# bench/run_floor_bench.sh — every method's whole run against one dense inverse of the same
# table (issue 14, goal 2): `leontief va`, `inverse` and `decompose --method M` for each M,
# start-up, read, compute and write (HDF5 and CSV) included, at one rank, against the LAPACK
# floor of the same BLAS (bench/dense_lu_floor.cpp: dgetrf + dgetri, in one process) with the
# same number of BLAS threads. Targets: whole run ≤ 2x the floor; peak memory ≤ 2.5 copies
# of n x n; `inverse` ≤ the floor's dgetrf + dgetri (numpy.linalg.inv is dgesv with the
# identity, and numpy is not installable here: the LAPACK getrf + getri floor stands in).
#
# Tables: `leontief generate`, every link present (dense Z, stored dense), known answer:
# SIZES lists G x N (default "81x45 49x200": n = 3645, the ICIO-like case of the issue, and
# n = 9800, EXIOBASE 3 pxp). For each method: best of REPS runs by wall time, with its CPU
# time (user + system, all threads; comparable on a loaded machine), peak RSS, the phases of
# the log (the script fails if one is missing) and the ratio to the floor by wall and by CPU
# time. V̂BY and B are checked against the table's known answer. For `decompose --method all`
# PETSc's -log_view stage summary (time per phase) is kept in the report.
#
# Settings (environment): BUILD_DIR, SIZES, METHODS ("va inverse kww wwz bm tiva position
# all"), THREADS (BLAS threads, default 1; the floor uses the same), REPS (3), FLOOR_REPS (3),
# RESULTS (default bench/results/floor.md; "-": stdout only).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_floor_bench.sh

SIZES=${SIZES:-"81x45 49x200"}
METHODS=${METHODS:-"va inverse kww wwz bm tiva position all"}
THREADS=${THREADS:-1}
REPS=${REPS:-3}
FLOOR_REPS=${FLOOR_REPS:-3}
RESULTS=${RESULTS:-$repo/bench/results/floor.md}
bench_begin SIZES METHODS THREADS REPS FLOOR_REPS

[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time, Debian package 'time') is needed"
bench_build leontief leontief_dense_lu_floor leontief_synthetic_check
leontief=$BUILD_DIR/leontief
floor=$BUILD_DIR/bench/leontief_dense_lu_floor
check=$BUILD_DIR/tests/cli/leontief_synthetic_check
export OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS


# timed LOG CMD...: one run (no mpiexec: one MPI process) under GNU time; sets wall, cpu,
# rss (MB).
timed() {
  local log=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time.txt" "$@" >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; die "failed: $*"; }
  read -r wall user system kib <"$tmp/time.txt"
  require_number "wall time of $*" "$wall"
  require_number "peak RSS of $*" "$kib"
  cpu=$(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f", u + s}')
  rss=$(awk -v k="$kib" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# phases LOG NAME...: "name s" for each phase (fails if one is missing).
phases() {
  local log=$1 out="" name
  shift
  local t
  for name in "$@"; do
    t=$(phase_seconds "$log" "$name") || exit 1  # called in $( ): stop that shell too
    out+="${out:+, }$name $t"
  done
  echo "$out"
}

command_for() {  # command_for METHOD TABLE OUT: the leontief arguments of one method
  case $1 in
    va) echo "va --table $2 --output $3.h5 --csv $3" ;;
    inverse) echo "inverse --table $2 --output $3.h5" ;;
    *) echo "decompose --method $1 --table $2 --output $3.h5 --csv $3" ;;
  esac
}
phases_for() {  # the phases every run of METHOD must report
  case $1 in
    va) echo "read|assemble I-A|factor|solve V̂BY|write" ;;
    inverse) echo "read|assemble I-A|invert|write" ;;
    kww | wwz | bm) echo "read|assemble I-A|factor|invert|decompose $1|write" ;;
    all) echo "read|assemble I-A|factor|invert|decompose kww|decompose wwz|decompose bm|decompose tiva|decompose position|write" ;;
    *) echo "read|assemble I-A|factor|decompose $1|write" ;;
  esac
}

report=$tmp/report.md
{
  bench_header "Every method against one dense inverse (dgetrf + dgetri), one rank, $THREADS BLAS thread(s)"
  echo "- Rows: the best of $REPS runs by wall time; THREADS=$THREADS BLAS threads for the"
  echo "  program (--solver.threads) and the floor alike"
  echo
  echo "Whole run = \`leontief ...\` as a user runs it (start-up, read, compute, write HDF5 and"
  echo "CSV); floor = dgetrf + dgetri of the same I − A in one process (bench/dense_lu_floor.cpp),"
  echo "best of $FLOOR_REPS. Targets: whole run ≤ 2x the floor; peak ≤ 2.5 n x n copies; \`inverse\`"
  echo "≤ 1x. Copies = peak RSS / (8 n²); above baseline subtracts the same command's peak on a"
  echo "3 x 3 table (the libraries)."
} >"$report"

baseline_table=$tmp/leather.h5
"$leontief" import --input "$DATA_DIR/leather/leather.csv" --output "$baseline_table" \
  --log.level warn
timed "$tmp/baseline.log" "$leontief" decompose --method all --table "$baseline_table" \
  --output "$tmp/baseline.h5" --csv "$tmp/baseline"
baseline=$rss

for size in $SIZES; do
  G=${size%x*} N=${size#*x}
  n=$((G * N))
  table=$tmp/table_$n.h5
  note "generating a dense table: $G x $N = $n"
  "$leontief" generate --output "$table" --generate.regions "$G" --generate.sectors "$N" \
    --generate.links_per_row "$n" --generate.layout dense --log.level warn
  copy=$(awk -v n="$n" 'BEGIN {printf "%.1f", 8 * n * n / 1e6}')
  line=$("$floor" "$table" "$FLOOR_REPS")
  field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
  floor_wall=$(field dense_inverse_seconds) floor_cpu=$(field dense_inverse_cpu_seconds)
  require_number "floor wall time ($line)" "$floor_wall"
  require_number "floor CPU time ($line)" "$floor_cpu"
  {
    echo
    echo "## n = $n ($G economies x $N sectors), one n x n copy = $copy MB"
    echo
    echo "Floor (dgetrf + dgetri): **$floor_wall s** wall, $floor_cpu s CPU; dgetrf alone"
    echo "$(field dense_lu_seconds) s."
    echo
    echo "| command | whole run s | ÷ floor | CPU s | ÷ floor (CPU) | peak RSS MB | copies | above baseline | phases (s) |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|---|"
  } >>"$report"
  for method in $METHODS; do
    read -r -a args <<<"$(command_for "$method" "$table" "$tmp/out")"
    best_wall="" best_cpu="" best_rss=0
    for ((rep = 0; rep < REPS; rep++)); do
      rm -rf "$tmp/out.h5" "$tmp/out"
      timed "$tmp/run.log" "$leontief" "${args[@]}" --solver.threads "$THREADS"
      if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
        best_wall=$wall best_cpu=$cpu
        cp "$tmp/run.log" "$tmp/best.log"
      fi
      ((rss > best_rss)) && best_rss=$rss
    done
    IFS='|' read -r -a names <<<"$(phases_for "$method")"
    detail=$(phases "$tmp/best.log" "${names[@]}") || die "$method: a phase is missing"
    case $method in
      va) "$check" "$table" "$tmp/out.h5" 1e-9 >/dev/null || die "V̂BY differs from the known answer" ;;
      inverse) "$check" "$table" "$tmp/out.h5" 1e-9 >/dev/null || die "B differs from the known answer" ;;
    esac
    copies=$(awk -v r="$best_rss" -v n="$n" 'BEGIN {printf "%.2f", r * 1e6 / (8 * n * n)}')
    above=$(awk -v r="$best_rss" -v b="$baseline" -v n="$n" 'BEGIN {printf "%.2f", (r - b) * 1e6 / (8 * n * n)}')
    label="\`$method\`"
    [[ $method != va && $method != inverse ]] && label="\`decompose --method $method\`"
    echo "| $label | $best_wall | $(ratio "$best_wall" "$floor_wall") | $best_cpu | $(ratio "$best_cpu" "$floor_cpu") | $best_rss | $copies | $above | $detail |" >>"$report"
    note "n = $n $method: $best_wall s, CPU $best_cpu s, $best_rss MB"
  done
  # Time per phase as PETSc measures it, for the run with every method.
  "$leontief" decompose --method all --table "$table" --output "$tmp/out.h5" \
    --solver.threads "$THREADS" -log_view ":$tmp/log_view.txt" >"$tmp/log_view_run.log" 2>&1 ||
    die "decompose --method all with -log_view failed"
  {
    echo
    echo "\`decompose --method all\`, PETSc -log_view, summary of stages (time, % of the run):"
    echo
    echo '```'
    sed -n '/Summary of Stages/,/^$/p' "$tmp/log_view.txt" | sed -n '1,2p;/^ *[0-9]*:/p'
    echo '```'
  } >>"$report"
  grep -q "Summary of Stages" "$tmp/log_view.txt" || die "no stage summary in -log_view"
  rm -f "$table" "$tmp/out.h5"
done
bench_publish "$report"
