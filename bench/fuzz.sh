#!/usr/bin/env bash
# bench/fuzz.sh [SECONDS] — fuzzes every reader: builds the libFuzzer targets of tests/fuzz
# (clang, ASan + UBSan, -DLEONTIEF_FUZZ=ON in $FUZZ_BUILD_DIR, default build-fuzz/), runs each
# for SECONDS (default 300) seeded from the fixtures in tests/data, and writes a summary
# (targets, time each, executions, crashes and what they were) to bench/results/fuzz.md with
# the commit. The corpus grows across runs ($FUZZ_BUILD_DIR/fuzz-work/corpus/TARGET); inputs
# that crash are kept in $FUZZ_BUILD_DIR/fuzz-work/artifacts/TARGET/. A fixed crash goes into
# tests/fuzz/regressions/TARGET/, which CTest replays (tests/fuzz/README.md).
#
#   bench/fuzz.sh 600                 # 10 minutes per target
#   FUZZ_TARGETS="icio figaro" bench/fuzz.sh 60
set -uo pipefail

seconds=${1:-300}
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "usage: bench/fuzz.sh [SECONDS]" >&2; exit 2; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$repo/build-fuzz}
work=$build/fuzz-work
results=$repo/bench/results/fuzz.md
max_restarts=20  # a target that keeps crashing at once is not restarted forever
# The targets write their input files to a scratch folder: in memory where there is one.
scratch_root=$work/tmp
[[ -d /dev/shm && -w /dev/shm ]] && scratch_root=/dev/shm

# The commit fuzzed is the one built now (a later commit does not change the binaries).
# Results come from a committed tree (bench/common.sh's rule): uncommitted changes to the
# sources stop the script unless ALLOW_DIRTY=1, and the results file then says so.
commit=$(git -C "$repo" rev-parse --short HEAD) || { echo "fuzz.sh: not a git checkout" >&2; exit 1; }
if [[ -n $(git -C "$repo" status --porcelain --untracked-files=no) ]]; then
  [[ ${ALLOW_DIRTY:-0} == 1 ]] ||
    { echo "fuzz.sh: the tree has uncommitted changes: commit them, or set ALLOW_DIRTY=1" >&2; exit 1; }
  commit+=" (UNCOMMITTED CHANGES: these results belong to no commit)"
fi
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# shellcheck source=../cmake/dependencies.sh
source "$repo/cmake/dependencies.sh"
leontief_install_dependencies fuzz >/dev/null || { echo "fuzz.sh: installing clang failed" >&2; exit 1; }

echo "fuzz.sh: building the fuzz targets in $build" >&2
mkdir -p "$build"
CC=clang CXX=clang++ cmake -S "$repo" -B "$build" -DLEONTIEF_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/fuzz-configure.log" 2>&1 ||
  { cat "$build/fuzz-configure.log" >&2; exit 1; }
nice cmake --build "$build" -j"$(nproc)" >"$build/fuzz-build.log" 2>&1 ||
  { tail -40 "$build/fuzz-build.log" >&2; exit 1; }

read -r -a targets <<<"${FUZZ_TARGETS:-$(tr ';' ' ' <"$build/fuzz_seeds/targets.txt")}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

now() { date +%s; }
rows=()
total_seconds=0
total_crashes=0
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  [[ -x "$binary" ]] || { echo "fuzz.sh: no target fuzz_$target" >&2; exit 1; }
  # Seeds: the files of the fixtures the target lists (folders recursively).
  seeds=$work/seeds/$target corpus=$work/corpus/$target artifacts=$work/artifacts/$target
  rm -rf "$seeds" && mkdir -p "$seeds" "$corpus" "$artifacts" "$work/logs"
  while IFS= read -r source; do
    [[ -z "$source" ]] && continue
    find "$source" -type f -print0 | while IFS= read -r -d '' file; do
      cp "$file" "$seeds/$(echo "${file#"$repo"/}" | tr '/' '_')"
    done
  done <"$build/fuzz_seeds/$target.txt"
  start=$(now) executions=0 crashes=0 restarts=0 what=""
  echo "fuzz.sh: $target for $seconds s" >&2
  while :; do
    left=$((seconds - ($(now) - start)))
    ((left > 0 && restarts < max_restarts)) || break
    log=$work/logs/$target-$restarts.log
    scratch=$scratch_root/leontief-fuzz-$target
    rm -rf "$scratch" && mkdir -p "$scratch"
    TMPDIR=$scratch nice -n 10 "$binary" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -max_len=131072 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    executions=$((executions + ${runs:-0}))
    if ((rc != 0)); then
      crashes=$((crashes + 1))
      reason=$(grep -a -m1 -E '^SUMMARY: |fuzz finding: |ERROR: libFuzzer: ' "$log" | cut -c1-160)
      artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
      what+="${what:+<br>}${reason:-exit $rc} (\`${artifact#"$repo"/}\`)"
      echo "fuzz.sh: $target: ${reason:-exit $rc}; input $artifact; log $log" >&2
    fi
    restarts=$((restarts + 1))
  done
  rm -rf "$scratch_root/leontief-fuzz-$target"
  elapsed=$(($(now) - start))
  total_seconds=$((total_seconds + elapsed))
  total_crashes=$((total_crashes + crashes))
  corpus_size=$(find "$corpus" -type f | wc -l)
  rows+=("| $target | $elapsed | $executions | $((executions / (elapsed > 0 ? elapsed : 1))) | $corpus_size | $crashes | ${what:-none} |")
done

mkdir -p "$(dirname "$results")"
{
  echo "# Fuzzing the readers"
  echo
  echo "- Commit: \`$commit\`; run $started – $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Reproduce: \`bench/fuzz.sh $seconds\`${FUZZ_TARGETS:+ with FUZZ_TARGETS=\"$FUZZ_TARGETS\"}"
  echo "- $(clang --version | head -1), libFuzzer with ASan + UBSan (every finding fatal), LeakSanitizer"
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "- Machine: $(nproc) cores, load average (1, 5, 15 min) $load_before before, $load_after after"
  if awk -v a="${load_before%% *}" -v b="${load_after%% *}" 'BEGIN { exit !(a > 1 || b > 1) }'; then
    echo "  (the machine was shared with other work: executions per second are low and not"
    echo "  comparable between runs)"
  fi
  echo
  awk -v t="${#targets[@]}" -v s="$total_seconds" -v c="$total_crashes" \
    'BEGIN { printf "Total: %d targets, %.2f hours of fuzzing, %d crash(es).\n", t, s / 3600, c }'
  echo
  echo "| target | seconds | executions | exec/s | corpus files | crashes | findings (saved input) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Targets and their inputs: tests/fuzz/README.md. A crash input reproduces with"
  echo "\`${build#"$repo"/}/tests/fuzz/fuzz_TARGET INPUT\`; once fixed it goes into"
  echo "tests/fuzz/regressions/TARGET/, which \`ctest -R fuzz_replay\` replays."
} >"$results"
echo "fuzz.sh: wrote $results" >&2
cat "$results"
((total_crashes == 0))
