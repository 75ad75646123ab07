#!/usr/bin/env bash
# bench/run_database_bench.sh — a GVC database of the 17 WIOD 2013 years (1995-2011,
# n = 1435) with every decomposition method: one `leontief decompose --tables` job against
# 17 separate `decompose --table` runs. See bench/README.md.
#
# Compared (whole commands: start-up, reading, computing, writing HDF5 and CSV; best of REPS):
#   panel               one `decompose --method METHODS --tables DIR` run on RANKS ranks in
#                       groups of one rank (each rank solves whole years; the default)
#   17 x decompose      `decompose --method METHODS --table Y` once per year, one after the
#                       other, each on RANKS ranks (ScaLAPACK across the ranks)
#   17 x 1 rank         the same runs on one rank each, RANKS of them at a time (what a Slurm
#                       job array with RANKS tasks at once does)
# Reported: wall time, CPU time (user + system of every process, from GNU time), peak RSS of
# the largest process, and rank 0's phase times of the panel (years, write panel). Every
# table of the panel is checked against the one-year results stacked by year (rtol 1e-9).
#
# Settings (environment variables): BUILD_DIR (default <repo>/build, Release), DATA_DIR
# (default <repo>/tests/data), FIRST/LAST (1995/2011), METHODS (all), RANKS (2), REPS (3),
# RESULTS (default <repo>/bench/results/wiod_database.md; "-" for stdout only).
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_database_bench.sh
FIRST=${FIRST:-1995}
LAST=${LAST:-2011}
METHODS=${METHODS:-all}
RANKS=${RANKS:-2}
REPS=${REPS:-3}
RESULTS=${RESULTS:-$repo/bench/results/wiod_database.md}
bench_begin FIRST LAST METHODS RANKS REPS

[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time, Debian package 'time') is needed for CPU time"
bench_build leontief leontief_csv_compare
leontief=$BUILD_DIR/leontief
compare=$BUILD_DIR/tests/cli/leontief_csv_compare
oversubscribe=()
if ((RANKS > cores)); then
  note "warning: $RANKS ranks on $cores cores: timings mean little"
  oversubscribe=(--oversubscribe)
fi

years=$(seq "$FIRST" "$LAST")
nyears=$(wc -w <<<"$years")
mkdir "$tmp/tables"
for y in $years; do
  "$leontief" import --input "$DATA_DIR/wiod2013/wiot_$y.csv.gz" --output "$tmp/tables/wiot_$y.h5" \
    --log.level warn
done

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

# timed FILE CMD...: runs CMD under GNU time; appends "wall cpu peak_kib" to FILE.
timed() {
  local file=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time.txt" "$@"
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$tmp/time.txt" >>"$file"
}

: >"$tmp/panel.times"
: >"$tmp/sequential.times"
: >"$tmp/array.times"
for ((rep = 0; rep < REPS; rep++)); do
  # Fresh outputs: a finished panel would otherwise be reused (resume) and nothing computed.
  rm -rf "$tmp"/panel.h5 "$tmp"/panel "$tmp"/single_* "$tmp"/array_*
  timed "$tmp/panel.times" mpiexec -n "$RANKS" "${oversubscribe[@]}" "$leontief" decompose \
    --method "$METHODS" --tables "$tmp/tables" --output "$tmp/panel.h5" --csv "$tmp/panel" \
    2>"$tmp/panel_$rep.log"
  cp "$tmp/panel_$rep.log" "$tmp/panel_last.log"

  start=$(now)
  cpu=0 peak=0
  for y in $years; do
    /usr/bin/time -f "%U %S %M" -o "$tmp/time.txt" mpiexec -n "$RANKS" "${oversubscribe[@]}" \
      "$leontief" decompose --method "$METHODS" --table "$tmp/tables/wiot_$y.h5" \
      --output "$tmp/single_$y.h5" --csv "$tmp/single_$y" --log.level warn
    read -r u s m <"$tmp/time.txt"
    cpu=$(awk -v a="$cpu" -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", a + u + s}')
    ((m > peak)) && peak=$m
  done
  echo "$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}') $cpu $peak" >>"$tmp/sequential.times"

  # RANKS one-rank runs at a time, like a job array.
  start=$(now)
  printf '%s\n' $years | /usr/bin/time -f "%U %S %M" -o "$tmp/array_time.txt" \
    xargs -P "$RANKS" -I{} "$leontief" decompose --method "$METHODS" \
    --table "$tmp/tables/wiot_{}.h5" --output "$tmp/array_{}.h5" --csv "$tmp/array_{}" \
    --log.level warn
  read -r u s m <"$tmp/array_time.txt"
  echo "$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')" \
    "$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}') $m" >>"$tmp/array.times"
  note "rep $((rep + 1)) done"
done
t_years=$(phase_seconds "$tmp/panel_last.log" years)
t_write=$(phase_seconds "$tmp/panel_last.log" "write panel")

# Same numbers: every table of the panel against the one-year results stacked by year.
checked=0
for f in "$tmp/panel"/*.csv; do
  name=$(basename "$f")
  keys=$(head -n 1 "$f" | tr ',' '\n' | grep -cxE 'year|exporter|importer|sector')
  {
    head -n 1 "$f"
    for y in $years; do tail -n +2 "$tmp/single_$y/$name" | sed "s/^/$y,/"; done
  } >"$tmp/stacked.csv"
  read -r -a na <<<"$(na_args "$tmp/stacked.csv")"
  "$compare" "$f" "$tmp/stacked.csv" --keys "$keys" --rtol 1e-9 --atol 1e-9 "${na[@]}" >/dev/null ||
    die "$name: the panel differs from the stacked one-year runs"
  checked=$((checked + 1))
done
((checked > 0)) || die "the panel wrote no CSV files"

best() { sort -n -k1,1 "$1" | head -n 1; }
read -r p_wall p_cpu p_peak < <(best "$tmp/panel.times")
require_number "panel wall time" "$p_wall"
require_number "panel CPU time" "$p_cpu"
row() {
  local what=$1 file=$2 wall cpu peak
  read -r wall cpu peak < <(best "$file")
  require_number "$what: wall time" "$wall"
  require_number "$what: CPU time" "$cpu"
  require_number "$what: peak RSS" "$peak"
  printf '| %s | %.2f | %.3f | %.2fx | %.1f | %.2fx | %.0f |\n' "$what" "$wall" \
    "$(echo "$wall / $nyears" | bc -l)" "$(echo "$wall / $p_wall" | bc -l)" "$cpu" \
    "$(echo "$cpu / $p_cpu" | bc -l)" "$(echo "$peak / 1000" | bc -l)"
}
report=$tmp/report.md
{
  bench_header "A database in one job: \`decompose --method $METHODS\` on WIOD $FIRST-$LAST ($nyears years, n = 1435)"
  echo "- $RANKS MPI ranks, one BLAS thread each; best of $REPS (by wall time)"
  echo
  echo "| run | wall s | per year s | ÷ panel | CPU s | ÷ panel | peak RSS MB (largest process) |"
  echo "|---|--:|--:|--:|--:|--:|--:|"
  row "**one job: \`decompose --tables\`** ($RANKS groups of 1 rank)" "$tmp/panel.times"
  row "$nyears x \`decompose --table\`, $RANKS ranks each, in turn" "$tmp/sequential.times"
  row "$nyears x \`decompose --table\`, 1 rank each, $RANKS at a time" "$tmp/array.times"
  echo
  echo "Panel phases (rank 0, last run): years $t_years s, write panel $t_write s"
  echo "(stacking $checked tables into one HDF5 file and CSV files with a year column)."
  echo "Every table of the panel equals the one-year results stacked by year (rtol 1e-9)."
  echo
  echo "- wall and CPU: the whole command(s), MPI start-up, reading, computing and writing HDF5"
  echo "  and CSV included; CPU = user + system time of every process (GNU time)."
  echo "- The $nyears x runs pay process start-up, PETSc and MPI initialisation and the output"
  echo "  files $nyears times; $RANKS ranks on one year run ScaLAPACK across the ranks."
} >"$report"
bench_publish "$report"
