# bench/common.sh — set-up shared by the bench/run_*.sh scripts (sourced, bash).
#
# After `bench_setup NAME`: repo, BUILD_DIR, DATA_DIR, cores, tmp (removed on exit), one BLAS
# thread per process, Open MPI allowed as root. Then:
#   bench_build TARGET...     builds only these targets (Release tree required)
#   bench_peak_rss_wrapper    creates $tmp/peak_rss PREFIX CMD...: writes each process's peak
#                             RSS (KiB) to PREFIX.<rank>; sets rss_tool
#   now                       wall-clock seconds
#   phase_seconds LOG NAME    seconds of "NAME done (X s)" in a leontief log (fails if absent)
#   machine_summary           one Markdown paragraph: CPU, memory, BLAS, PETSc, MPI, commit

bench_setup() {
  bench_name=$1
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  BUILD_DIR=${BUILD_DIR:-$repo/build}
  DATA_DIR=${DATA_DIR:-$repo/tests/data}
  # Before OMP_NUM_THREADS is set: GNU nproc honours it.
  cores=$(nproc)
  export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
  if [[ $EUID -eq 0 ]]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  fi
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/leontief-bench.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
}

die() { echo "$bench_name: $*" >&2; exit 1; }
note() { echo "$bench_name: $*" >&2; }
now() { echo "${EPOCHREALTIME/,/.}"; }

bench_build() {
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    note "configuring $BUILD_DIR (Release)"
    cmake -S "$repo" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >"$tmp/build.log" 2>&1 ||
      { cat "$tmp/build.log" >&2; die "cmake configure failed"; }
  fi
  local build_type
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")
  [[ $build_type == Release ]] ||
    die "$BUILD_DIR is a '$build_type' build; timings need Release (set BUILD_DIR to another tree)"
  # Only the programs needed, so a broken unrelated target does not stop the benchmark.
  local target args=()
  for target in "$@"; do args+=(--target "$target"); done
  if ! cmake --build "$BUILD_DIR" -j "$cores" "${args[@]}" >"$tmp/build.log" 2>&1; then
    tail -n 30 "$tmp/build.log" >&2
    die "build failed"
  fi
}

bench_peak_rss_wrapper() {
  # GNU time reports the kernel's ru_maxrss; without it, poll VmHWM (may miss the last ~10 ms).
  if [[ ! -x /usr/bin/time && $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    note "installing GNU time (package 'time')"
    apt-get install -y -qq time >/dev/null 2>&1 || note "could not install 'time'; polling VmHWM"
  fi
  cat >"$tmp/peak_rss" <<'WRAPPER'
#!/usr/bin/env bash
out="$1.${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-${PMI_RANK:-0}}}"
shift
if [[ -x /usr/bin/time ]]; then exec /usr/bin/time -f %M -o "$out" "$@"; fi
"$@" &
pid=$! hwm=0
while kill -0 "$pid" 2>/dev/null; do
  v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [[ -n $v ]] && hwm=$v
  sleep 0.01
done
wait "$pid"
rc=$?
echo "$hwm" >"$out"
exit "$rc"
WRAPPER
  chmod +x "$tmp/peak_rss"
  rss_tool=$([[ -x /usr/bin/time ]] && echo "GNU time (ru_maxrss)" || echo "VmHWM polled every 10 ms")
}

phase_seconds() {
  local value
  # Log lines: "[    0.40s] info  factor done (0.063 s)"; only rank 0 logs.
  value=$(sed -n "s/^.*info  $2 done (\([0-9.]*\) s)\$/\1/p" "$1" | tail -n 1)
  [[ -n $value ]] || die "no '$2 done' line in $1 (phase renamed?)"
  echo "$value"
}

machine_summary() {
  local cpu mem petsc mpi commit blas
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal:/ {printf "%.0f GB", $2 * 1024 / 1e9}' /proc/meminfo)
  petsc=$(pkg-config --modversion PETSc 2>/dev/null || echo "?")
  mpi=$(mpiexec --version 2>/dev/null | head -n 1)
  blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo "?")
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "?")
  git -C "$repo" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
  echo "Machine: $cpu, $cores cores, $mem; BLAS $blas (OPENBLAS_NUM_THREADS=1 per rank" \
    "unless stated); PETSc $petsc; $mpi; commit $commit; $(date -u +%Y-%m-%d)."
}
