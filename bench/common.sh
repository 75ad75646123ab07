# bench/common.sh — set-up shared by the bench/run_*.sh scripts (sourced, bash).
#
# After `bench_setup NAME`: repo, BUILD_DIR, DATA_DIR, cores, tmp (removed on exit), one
# BLAS thread per process, Open MPI allowed as root. After the script's defaults,
# `bench_begin SETTING...` names its environment settings (they make the exact command that
# reproduces the results), checks the commit (see below) and records the load. Then:
#   bench_build TARGET...     builds only these targets (Release tree required)
#   bench_peak_rss_wrapper    creates $tmp/peak_rss PREFIX CMD...: writes each process's peak
#                             RSS (KiB) to PREFIX.<rank>; sets rss_tool
#   peak_rss_kib PREFIX N     "largest sum" of the N processes' peaks (fails if one is missing)
#   now                       wall-clock seconds
#   phase_seconds LOG NAME    seconds of "NAME done (X s)" in a leontief log (fails if absent)
#   require_number WHAT V     fails unless V is a number
#   bench_header TITLE        the provenance block every results file starts with: commit,
#                             exact command, machine, BLAS and threads, load before and after
#   bench_publish REPORT      prints REPORT and writes it to RESULTS (unless RESULTS is "-"),
#                             after checking that the commit and the tree did not change
#
# Published numbers must come from a committed tree: with RESULTS other than "-", a tree with
# uncommitted changes stops the script before anything runs, unless ALLOW_DIRTY=1 (the
# results file then says so in its first lines).

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

# bench_begin SETTING...: after the script's defaults: the settings that make the command,
# the commit (and the refusal of uncommitted changes), the start time and load.
bench_begin() {
  bench_settings=("$@")
  bench_check_tree
  bench_started=$(date -u +%Y-%m-%dT%H:%MZ)
  load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
  if awk -v l="${load_before%% *}" 'BEGIN {exit !(l > 0.5)}'; then
    note "load average $load_before before the benchmark: timings will be noisy"
  fi
}

# Uncommitted changes to tracked files, except results files: the scripts of one run
# (run_all.sh) write theirs one after another at the same commit.
bench_tree_changes() {
  git -C "$repo" status --porcelain --untracked-files=no -- . ':(exclude)bench/results'
}

# The commit the results belong to; refuses a tree with uncommitted changes when publishing.
bench_check_tree() {
  commit=$(git -C "$repo" rev-parse HEAD 2>/dev/null) || die "not a git checkout: $repo"
  commit_state="clean tree"
  if [[ -n $(bench_tree_changes 2>/dev/null) ]]; then
    commit_state="UNCOMMITTED CHANGES: these numbers belong to no commit"
    if [[ ${RESULTS:--} != - && ${ALLOW_DIRTY:-0} != 1 ]]; then
      die "the tree has uncommitted changes: commit them, or set RESULTS=- (print only) or" \
        "ALLOW_DIRTY=1 (the results file will say so)"
    fi
  fi
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

# peak_rss_kib PREFIX RANKS: "largest sum" of the peak RSS (KiB) written by $tmp/peak_rss for
# RANKS processes; fails unless every process wrote a number.
peak_rss_kib() {
  local files=("$1".*)
  [[ ${#files[@]} == "$2" && -e ${files[0]} ]] ||
    die "peak RSS: ${#files[@]} of $2 processes reported ($1.*)"
  cat "${files[@]}" | awk -v want="$2" '/^[0-9]+$/ && $1 > 0 {s += $1; n++; if ($1 > m) m = $1}
    END {if (n != want) exit 1; print m, s}' ||
    die "peak RSS: not a number in $1.*"
}

# bench_mpi_run RANKS LOG CMD...: CMD under mpiexec at RANKS ranks (oversubscribed beyond the
# cores), each process under $tmp/peak_rss (bench_peak_rss_wrapper), output to LOG; sets wall
# (s) and rss_max (MB, the largest process). A failure shows the end of LOG and stops.
bench_mpi_run() {
  local ranks=$1 log=$2 start flags=()
  shift 2
  ((ranks > cores)) && flags+=(--oversubscribe)
  rm -f "$tmp"/rss.*
  start=$(now)
  mpiexec "${flags[@]}" -n "$ranks" "$tmp/peak_rss" "$tmp/rss" "$@" >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; die "failed at $ranks ranks: $*"; }
  wall=$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}')
  rss_max=$(peak_rss_kib "$tmp/rss" "$ranks")
  rss_max=$(awk -v k="${rss_max%% *}" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')
}

# bench_generate_network OUT: `leontief generate` of a sparse network of SPARSE_REGIONS x
# SPARSE_SECTORS nodes with LINKS links per node (CSR store; the calling script's settings)
# into OUT, at one rank; sets n, links (the count generate reports), wall and rss_max.
bench_generate_network() {
  n=$((SPARSE_REGIONS * SPARSE_SECTORS))
  note "generating a network: n = $n, $LINKS links per node"
  bench_mpi_run 1 "$tmp/gen.log" "$BUILD_DIR/leontief" generate --output "$1" \
    --generate.regions "$SPARSE_REGIONS" --generate.sectors "$SPARSE_SECTORS" \
    --generate.links_per_row "$LINKS"
  links=$(sed -n 's/.*, \([0-9]*\) nonzeros in Z\( (.*)\)\{0,1\}$/\1/p' "$tmp/gen.log")
  require_number "links of the generated network" "$links"
}

# bench_ratio A B [DIGITS]: A / B with DIGITS decimals (default 2).
bench_ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN {printf "%.*f", d, a / b}'; }

# require_number WHAT VALUE: VALUE is a number (a missing measurement must not print as 0).
require_number() {
  [[ $2 =~ ^[0-9]+([.][0-9]*)?([eE][-+]?[0-9]+)?$ ]] || die "$1: no measurement ('$2')"
}

phase_seconds() {
  local value
  # Log lines: "[    0.40s] info  factor done (0.063 s)"; only rank 0 logs.
  value=$(sed -n "s/^.*info  $2 done (\([0-9.]*\) s)\$/\1/p" "$1" | tail -n 1)
  [[ -n $value ]] || die "no '$2 done' line in $1 (phase renamed?)"
  echo "$value"
}

# The exact command: every setting of the script with its value.
bench_command() {
  local name line=""
  for name in "${bench_settings[@]}"; do
    local value=${!name}
    [[ $value == "$repo"/* ]] && value=${value#"$repo"/}  # repository paths, as relative
    line+="$name=\"$value\" "
  done
  echo "${line}bash bench/$bench_name"
}

bench_header() {
  local cpu mem petsc mpi blas lapack cxx
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal:/ {printf "%.0f GB", $2 * 1024 / 1e9}' /proc/meminfo)
  petsc=$(pkg-config --modversion PETSc 2>/dev/null || echo "?")
  mpi=$(mpiexec --version 2>/dev/null | head -n 1)
  blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo "?")
  lapack=$(readlink -f /usr/lib/x86_64-linux-gnu/liblapack.so.3 2>/dev/null || echo "?")
  cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null)
  cxx="$(basename "${cxx:-c++}") $("${cxx:-c++}" -dumpfullversion 2>/dev/null || echo "?")"
  cat <<HEADER
# $1

- Commit: \`$commit\` ($commit_state); run $bench_started – @BENCH_END@
- Reproduce every number below: \`$(bench_command)\`
- Machine: ${cpu:-unknown CPU}, $cores cores, $mem RAM; load average (1, 5, 15 min)
  $load_before before, @BENCH_LOAD_AFTER@ after (a 1-minute load above about
  0.5 means other work was running: such timings are not fit to compare)
- BLAS: \`$blas\`, LAPACK: \`$lapack\`; OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1 per
  process (MPI ranks are the parallelism) unless a row says otherwise
- Software: PETSc $petsc; $mpi; $cxx, CMAKE_BUILD_TYPE=Release
HEADER
}

# bench_publish REPORT: fills in the end of the run (time and load: the header may be written
# before the runs), prints REPORT and copies it to RESULTS, unless the tree changed meanwhile.
bench_publish() {
  local report=$1 now_commit
  sed -i -e "s/@BENCH_END@/$(date -u +%Y-%m-%dT%H:%MZ)/" \
    -e "s/@BENCH_LOAD_AFTER@/$(cut -d ' ' -f 1-3 /proc/loadavg)/" "$report"
  cat "$report"
  [[ ${RESULTS:--} == - ]] && return 0
  now_commit=$(git -C "$repo" rev-parse HEAD)
  [[ $now_commit == "$commit" ]] ||
    die "HEAD moved from $commit to $now_commit during the run: not publishing"
  if [[ ${ALLOW_DIRTY:-0} != 1 && -n $(bench_tree_changes) ]]; then
    die "the tree changed during the run: not publishing"
  fi
  mkdir -p "$(dirname "$RESULTS")"
  cp "$report" "$RESULTS"
  note "wrote $RESULTS"
}
