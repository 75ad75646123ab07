#!/usr/bin/env bash
# bench/run_all.sh — every benchmark, one after the other, at one commit: regenerates every
# file in bench/results (the numbers the README and docs point to).
#
#   bash bench/run_all.sh            # on a quiet machine; about 1.5 hours on 2 cores
#   QUICK=1 bash bench/run_all.sh    # smoke test: small sizes, 1 repetition, prints only
#
# Each script runs with its own defaults (settings inherited from the environment are
# cleared, so that the files hold what their "Reproduce" line says); BUILD_DIR and DATA_DIR
# pass through. A tree with uncommitted changes is refused (ALLOW_DIRTY=1 overrides; every
# file then says so). At the end every results file must name the commit the run started
# at.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
commit=$(git -C "$repo" rev-parse HEAD)
if [[ ${QUICK:-0} != 1 && ${ALLOW_DIRTY:-0} != 1 &&
      -n $(git -C "$repo" status --porcelain --untracked-files=no) ]]; then
  echo "run_all.sh: the tree has uncommitted changes: commit them first (or ALLOW_DIRTY=1)" >&2
  exit 1
fi

# The settings of the scripts (see each script's header): cleared, then set for QUICK.
settings=(TABLE BASELINE REPS FLOOR_REPS RANKS MATRICES METHODS FIRST LAST DENSE_RANKS
  SPARSE_REGIONS SPARSE_SECTORS LINKS DENSE_REGIONS DENSE_SECTORS SKIP_SPARSE SKIP_DENSE
  SIZES THREADS REGIONS SECTORS RESULTS DAYS DRAWS ENSEMBLE_RANKS SKIP_WIOD SKIP_ENSEMBLE)
clear=()
for name in "${settings[@]}"; do clear+=(-u "$name"); done

# bench SCRIPT RESULTS_FILE [SETTING=VALUE...]
bench() {
  local script=$1 results=$2
  shift 2
  echo "== bench/$script" >&2
  # The 1-minute load of the previous script must not show in this one's "before".
  [[ ${QUICK:-0} == 1 ]] || sleep 75
  if [[ ${QUICK:-0} == 1 ]]; then
    env "${clear[@]}" RESULTS=- "$@" bash "$repo/bench/$script"
  else
    env "${clear[@]}" RESULTS="$repo/bench/results/$results" bash "$repo/bench/$script"
  fi
}

bench run_bench.sh wiod2011_va.md REPS=1 FLOOR_REPS=2
bench run_decompose_bench.sh wiod2011_decompose.md REPS=1 METHODS="bm tiva all"
bench run_thinning_bench.sh wiod_thinning.md REPS=1 FIRST=2009 LAST=2011
bench run_scaling_bench.sh scaling.md SPARSE_SECTORS=2000 DENSE_SECTORS=20 RANKS="1 2" \
  DENSE_RANKS="1 2"
bench run_database_bench.sh wiod_database.md REPS=1 FIRST=2009 LAST=2011 METHODS="tiva bm"
bench run_floor_bench.sh floor.md SIZES=20x30 METHODS="va inverse wwz" REPS=1 FLOOR_REPS=1
bench run_read_bench.sh read.md REGIONS=20 SECTORS=30 RANKS=1 REPS=1
bench run_dense_scaling_bench.sh dense_scaling.md REGIONS=12 SECTORS=30 METHODS="va bm" \
  RANKS=2 REPS=1
bench run_dynamic_bench.sh dynamic.md DAYS=20 DRAWS=4 SPARSE_SECTORS=500 FLOOR_REPS=5
# Not here: bench/run_gloria_bench.sh (n = 20,008: ~9 GB and ~6 minutes of both cores; run it alone).

[[ ${QUICK:-0} == 1 ]] && { echo "run_all.sh: QUICK run, nothing written" >&2; exit 0; }
status=0
for file in wiod2011_va scaling wiod2011_decompose wiod_thinning wiod_database floor read \
  dense_scaling dynamic; do
  grep -q "^- Commit: \`$commit\`" "$repo/bench/results/$file.md" || {
    echo "run_all.sh: bench/results/$file.md does not name commit $commit" >&2
    status=1
  }
done
[[ $(git -C "$repo" rev-parse HEAD) == "$commit" ]] || { echo "run_all.sh: HEAD moved" >&2; status=1; }
((status == 0)) && echo "run_all.sh: every results file is from commit $commit" >&2
exit "$status"
