#!/usr/bin/env bash
# tests/mutation/run_mutations.sh [BUILD_DIR] — checks that the tests see a wrong answer: puts
# one NaN into a result (V̂BY, the dense Leontief inverse B, KWW's DVA_FIN of the first
# exporter), rebuilds, runs the tests that check that result, and requires every one of them
# to FAIL; then restores the source and rebuilds. Prints one line per (mutation, test).
# Not part of CTest: it edits sources. Needs a clean tree and a configured BUILD_DIR
# (default build-tests/, as ./run-tests.sh leaves it). Exit 0 when every mutation was caught.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$repo/build-tests}
cd "$repo"
[[ -f $build/CMakeCache.txt ]] || { echo "run_mutations.sh: $build is not a configured build" >&2; exit 2; }
[[ -z $(git status --porcelain --untracked-files=no) ]] ||
  { echo "run_mutations.sh: the tree has uncommitted changes; commit or stash them first" >&2; exit 2; }
source "$repo/cmake/dependencies.sh"
leontief_mpi_environment
export OPENBLAS_NUM_THREADS=1
restore() { git -C "$repo" checkout -- decomposition solver; }
trap 'restore; cmake --build "$build" -j 2 >/dev/null 2>&1' EXIT

# mutate FILE PERL_SUBSTITUTION: applies it and fails if it changed nothing.
mutate() {
  perl -0pi -e "$2" "$repo/$1"
  git -C "$repo" diff --quiet -- "$1" && { echo "run_mutations.sh: the mutation of $1 no longer applies" >&2; exit 2; }
}

# expect_failure LABEL COMMAND...: the test must fail with the mutation in place.
caught=0 missed=0
expect_failure() {
  local label=$1
  shift
  if "$@" >/dev/null 2>&1; then
    echo "MISSED  $label"
    missed=$((missed + 1))
  else
    echo "caught  $label"
    caught=$((caught + 1))
  fi
}
unit() { mpiexec -n "$1" --oversubscribe "$build/tests/leontief_tests" "${@:2}"; }
cli() { (cd "$build" && ctest -R "^$1\$" --output-on-failure); }

rebuild() {
  cmake --build "$build" -j 2 >"$build/mutation-build.log" 2>&1 ||
    { tail -20 "$build/mutation-build.log" >&2; echo "run_mutations.sh: build failed" >&2; exit 2; }
}

echo "== NaN in V̂BY (decomposition/trade/value_added.cpp: the first local entry)"
mutate decomposition/trade/value_added.cpp \
  's/(accounts\.by_destination = scaled_local_rows\(by\.get\(\), v, begin, local, G\);)/$1\n    if (!accounts.by_destination.empty()) accounts.by_destination[0] = __builtin_nan("");/'
rebuild
expect_failure "unit np1: V̂BY matches the serial dense inverse" unit 1 "V̂BY matches the serial dense inverse on random tables"
expect_failure "unit np2: V̂BY matches the serial dense inverse" unit 2 "V̂BY matches the serial dense inverse on random tables"
expect_failure "unit np1: leather regression [leather]" unit 1 "[leather]"
expect_failure "cli_wiod2011_va" cli cli_wiod2011_va
restore

echo "== NaN in B (solver/dense_inverse.cpp: the last local entry of the dense inverse)"
mutate solver/dense_inverse.cpp \
  's/(  return ranks == 1 \|\| table\.n\(\) >= DenseLeontief::kBlock \* ranks \? invert_dense\(table\)\n\s*: invert_by_solves\(table\);)/  DenseLeontiefInverse b = ranks == 1 || table.n() >= DenseLeontief::kBlock * ranks ? invert_dense(table) : invert_by_solves(table);\n  if (b.local_rows > 0) b.data()[b.local_rows * b.n - 1] = __builtin_nan("");\n  return b;/'
rebuild
expect_failure "unit np1: [dense_inverse]" unit 1 "[dense_inverse]"
expect_failure "unit np2: [dense_inverse]" unit 2 "[dense_inverse]"
expect_failure "cli_inverse" cli cli_inverse
restore

echo "== NaN in one decomposition term (decomposition/trade/kww.cpp: DVA_FIN of the first exporter)"
mutate decomposition/trade/kww.cpp \
  's/(      t\[0\] \+= sums\.va_multiplier\(s, k\) \* yexp;)/$1\n      if (s == 0) t[0] = __builtin_nan("");/'
rebuild
expect_failure "unit np1: [kww] (leather against decompr, identities)" unit 1 "[kww]"
expect_failure "unit np2: [kww]" unit 2 "[kww]"
expect_failure "cli_leather_decompose" cli cli_leather_decompose
expect_failure "cli_wiod2011_decompose" cli cli_wiod2011_decompose

echo "run_mutations.sh: $caught caught, $missed missed"
((missed == 0))
