#!/usr/bin/env bash
# bench/run_thinning_bench.sh — `leontief thinning` on the WIOD 2013 panel (17 years,
# 1995-2011, n = 1435) in one run against 17 sequential single-year runs, at the same number
# of ranks. See bench/README.md.
#
# Compared (wall time of the whole commands, start-up and I/O included; best of REPS):
#   panel, groups of 1   one `thinning` run: the ranks split into groups of one rank, each
#                        group solving its own years at the same time (the default)
#   panel, one group     one `thinning` run, all ranks solving each year together
#                        (--thinning.ranks_per_group 0)
#   17 x decompose       `decompose --method tiva,position` once per year, one after the other
#                        (what the panel measures cost without `thinning`)
#   17 x thinning        `thinning` on one table at a time, all ranks on the year (these also
#                        form the SDA inputs of their year, as both SDA years of a 1-year run)
# The concatenated one-year panels are checked against the panel (rtol 1e-9).
#
# Settings (environment variables): BUILD_DIR (default <repo>/build, Release), DATA_DIR
# (default <repo>/tests/data), FIRST/LAST (1995/2011), RANKS (default 2), REPS (default
# 3), RESULTS (default <repo>/bench/results/wiod_thinning.md; "-" for stdout only),
# ALLOW_DIRTY.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_thinning_bench.sh
FIRST=${FIRST:-1995}
LAST=${LAST:-2011}
RANKS=${RANKS:-2}
REPS=${REPS:-3}
RESULTS=${RESULTS:-$repo/bench/results/wiod_thinning.md}
bench_begin FIRST LAST RANKS REPS

bench_build leontief leontief_csv_compare
leontief=$BUILD_DIR/leontief
compare=$BUILD_DIR/tests/cli/leontief_csv_compare
oversubscribe=()
if ((RANKS > cores)); then
  echo "warning: $RANKS ranks on $cores cores: timings mean little" >&2
  oversubscribe=(--oversubscribe)
fi
run() { mpiexec -n "$RANKS" "${oversubscribe[@]}" "$leontief" "$@"; }

years=$(seq "$FIRST" "$LAST")
nyears=$(wc -w <<<"$years")
mkdir "$tmp/tables"
for y in $years; do
  "$leontief" import --input "$DATA_DIR/wiod2013/wiot_$y.csv.gz" --output "$tmp/tables/wiot_$y.h5" \
    --log.level warn
done
best() { awk '{ m = $1; for (i = 2; i <= NF; ++i) if ($i < m) m = $i; print m }' <<<"$1"; }
panel_groups="" panel_one="" decompose_all="" single_all=""
for ((rep = 0; rep < REPS; rep++)); do
  # Fresh outputs: a finished result would otherwise be reused (resume) and nothing computed.
  rm -rf "$tmp"/panel* "$tmp"/single_* "$tmp"/decompose_*
  start=$(now)
  run thinning --tables "$tmp/tables" --output "$tmp/panel.h5" --csv "$tmp/panel" \
    --log.level warn
  panel_groups+=" $(echo "$(now) - $start" | bc)"

  start=$(now)
  run thinning --tables "$tmp/tables" --output "$tmp/panel1.h5" --thinning.ranks_per_group 0 \
    --log.level warn
  panel_one+=" $(echo "$(now) - $start" | bc)"

  start=$(now)
  for y in $years; do
    run decompose --table "$tmp/tables/wiot_$y.h5" --method tiva,position \
      --output "$tmp/decompose_$y.h5" --log.level warn
  done
  decompose_all+=" $(echo "$(now) - $start" | bc)"

  start=$(now)
  for y in $years; do
    run thinning --tables "$tmp/tables/wiot_$y.h5" --output "$tmp/single_$y.h5" \
      --csv "$tmp/single_$y" --thinning.ranks_per_group 0 --log.level warn
  done
  single_all+=" $(echo "$(now) - $start" | bc)"
  echo "rep $((rep + 1)): panel$panel_groups | one group$panel_one | decompose$decompose_all | single$single_all" >&2
done

# Same numbers: the one-year panels, concatenated, against the panel.
echo "year,region,sector,measure,value" >"$tmp/singles.csv"
for y in $years; do tail -n +2 "$tmp/single_$y/thinning_panel.csv" >>"$tmp/singles.csv"; done
# The panel's values are shares: NA where the denominator is zero (documented).
check=$("$compare" "$tmp/panel/thinning_panel.csv" "$tmp/singles.csv" --keys 4 --rtol 1e-9 \
  --atol 1e-12 --na value | tail -n 1) || die "the one-year panels differ from the panel: $check"

t_groups=$(best "$panel_groups")
t_one=$(best "$panel_one")
t_decompose=$(best "$decompose_all")
t_single=$(best "$single_all")
row() {
  printf '| %s | %.2f | %.3f | %.2fx |\n' "$1" "$2" "$(echo "$2 / $nyears" | bc -l)" \
    "$(echo "$2 / $t_groups" | bc -l)"
}
report=$tmp/report.md
{
  bench_header "\`leontief thinning\`: WIOD $FIRST-$LAST panel ($nyears years, n = 1435) vs $nyears single-year runs"
  echo "- $RANKS MPI ranks; wall times, best of $REPS repetitions of each row"
  echo
  echo "| run ($RANKS ranks) | wall s | per year s | ÷ panel |"
  echo "|---|--:|--:|--:|"
  row "**panel, groups of 1 rank** (default)" "$t_groups"
  row "panel, one group of $RANKS ranks" "$t_one"
  row "$nyears x \`decompose --method tiva,position\`" "$t_decompose"
  row "$nyears x \`thinning\` on one table" "$t_single"
  echo
  echo "One-year panels, concatenated, against the panel: $check"
  echo
  echo "- wall: the whole command(s) including MPI start-up, reading the tables and writing the"
  echo "  results (the panel also writes its CSV files and the SDA; the $nyears x runs pay start-up,"
  echo "  PETSc initialisation and the output file $nyears times)."
  echo "- groups of 1 rank: each rank solves whole years with LAPACK, no communication inside a"
  echo "  year; one group of $RANKS ranks: every year on ScaLAPACK across the ranks."
} >"$report"
bench_publish "$report"
