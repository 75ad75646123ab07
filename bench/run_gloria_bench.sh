#!/usr/bin/env bash
# bench/run_gloria_bench.sh — a GLORIA-size table on one node (issue 14, goal 4): n = G x N
# dense (default 164 x 122 = 20,008, about GLORIA's 164 regions x 120 sectors), every link
# present, from `leontief generate` (known answer). At one rank (BLAS threads from the
# hardware unless THREADS is set): V̂BY (`va`), TiVA (`decompose --method tiva`) and
# Borin–Mancini (`decompose --method bm`), each with its wall and CPU time, peak memory
# (GNU time) and the program's own estimate, logged before it reads the table (and the
# reason it gives when it refuses to start). V̂BY is checked against the known answer.
#
# Needs about 3 n² · 8 bytes while generating (CSR of a dense Z) and 2–3 n x n copies per
# run: ~10 GB and about an hour at n = 20,000 on 2 cores. Run it on a quiet machine:
#
#   bash bench/run_gloria_bench.sh                       # n = 20,008; bench/results/gloria.md
#   REGIONS=40 SECTORS=50 RESULTS=- bash bench/run_gloria_bench.sh     # smoke test, n = 2000
#
# Settings: BUILD_DIR, REGIONS (164), SECTORS (122), METHODS ("va tiva bm"), THREADS (0:
# from the hardware), RESULTS (default bench/results/gloria.md; "-": stdout only).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_setup run_gloria_bench.sh

REGIONS=${REGIONS:-164}
SECTORS=${SECTORS:-122}
METHODS=${METHODS:-"va tiva bm"}
THREADS=${THREADS:-0}
RESULTS=${RESULTS:-$repo/bench/results/gloria.md}
bench_begin REGIONS SECTORS METHODS THREADS

[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time, Debian package 'time') is needed"
bench_build leontief leontief_synthetic_check
leontief=$BUILD_DIR/leontief
check=$BUILD_DIR/tests/cli/leontief_synthetic_check
# The program chooses BLAS threads itself (every core of the machine for one rank).
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS
n=$((REGIONS * SECTORS))
table=$tmp/table.h5
memory=$(awk '/^MemTotal:/ {printf "%.1f GB", $2 * 1024 / 1e9}' /proc/meminfo)

note "generating a dense table: $REGIONS x $SECTORS = $n (several minutes)"
/usr/bin/time -f "%e %M" -o "$tmp/gen_time.txt" "$leontief" generate --output "$table" \
  --generate.regions "$REGIONS" --generate.sectors "$SECTORS" --generate.links_per_row "$n" \
  --generate.layout dense --log.level warn
read -r gen_wall gen_kib <"$tmp/gen_time.txt"
require_number "generate: wall time" "$gen_wall"
copy=$(awk -v n="$n" 'BEGIN {printf "%.2f", 8 * n * n / 1e9}')

report=$tmp/report.md
{
  bench_header "A GLORIA-size table on one node: n = $n ($REGIONS x $SECTORS), dense, one rank"
  echo "- Memory $memory; BLAS threads chosen by the program (THREADS=$THREADS: 0 = from the"
  echo "  hardware), as logged in each row"
  echo
  echo "One n x n copy = $copy GB. Table generated in $gen_wall s (peak $(awk -v k="$gen_kib" 'BEGIN {printf "%.1f", k * 1024 / 1e9}') GB), $(du -h "$table" | cut -f1) on disk."
  echo
  echo "| command | outcome | whole run s | CPU s | peak GB | copies of n x n | estimate before the run | phases (s) |"
  echo "|---|---|--:|--:|--:|--:|---|---|"
} >"$report"
for method in $METHODS; do
  case $method in
    va) args=(va --table "$table" --output "$tmp/out.h5") phases="read|assemble I-A|factor|solve V̂BY|write" ;;
    *) args=(decompose --method "$method" --table "$table" --output "$tmp/out.h5" --csv "$tmp/out")
       phases="read|assemble I-A|factor|decompose $method|write" ;;
  esac
  [[ $method == bm ]] && phases="read|assemble I-A|factor|invert|decompose bm|write"
  rm -rf "$tmp/out.h5" "$tmp/out"
  note "$method at n = $n"
  status=0
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time.txt" "$leontief" "${args[@]}" \
    --solver.threads "$THREADS" >"$tmp/run.log" 2>&1 || status=$?
  read -r wall user system kib <"$tmp/time.txt" || true
  estimate=$(sed -n 's/.*memory needed about \([^(]*\)per rank.*/\1/p' "$tmp/run.log" | head -n 1)
  [[ -n $estimate ]] || die "$method: no memory estimate in the log"
  if [[ $status != 0 ]]; then
    reason=$(grep -m1 '^leontief: error:' "$tmp/run.log" || tail -n 1 "$tmp/run.log")
    grep -q "not enough memory" <<<"$reason" || { tail -n 20 "$tmp/run.log" >&2; die "$method failed"; }
    echo "| \`$method\` | refused before starting: $reason | | | | | ${estimate}per rank | |" >>"$report"
    continue
  fi
  require_number "$method: wall time" "$wall"
  require_number "$method: peak RSS" "$kib"
  detail=""
  IFS='|' read -r -a names <<<"$phases"
  for name in "${names[@]}"; do detail+="${detail:+, }$name $(phase_seconds "$tmp/run.log" "$name")"; done
  [[ $method == va ]] && { "$check" "$table" "$tmp/out.h5" 1e-9 >/dev/null || die "V̂BY differs from the known answer"; }
  threads=$(sed -n 's/.*BLAS: \([0-9?]*\) thread(s) per rank.*/\1/p' "$tmp/run.log" | head -n 1)
  peak=$(awk -v k="$kib" 'BEGIN {printf "%.2f", k * 1024 / 1e9}')
  copies=$(awk -v k="$kib" -v n="$n" 'BEGIN {printf "%.2f", k * 1024 / (8 * n * n)}')
  cpu=$(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.1f", u + s}')
  label=$([[ $method == va ]] && echo va || echo "decompose --method $method")
  echo "| \`$label\` | done ($threads BLAS threads) | $wall | $cpu | $peak | $copies | ${estimate}per rank | $detail |" >>"$report"
done
bench_publish "$report"
