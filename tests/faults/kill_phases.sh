#!/usr/bin/env bash
# kill_phases.sh RANKS: `va` receives SIGTERM, SIGINT, SIGHUP or SIGKILL at each of its
# phases (LEONTIEF_FAULT, io/runtime/fault_injection.hpp) on rank 0, and at 2 ranks also on
# rank 1. A run stopped by TERM, INT or HUP prints one line, exits with 128 + the signal and
# leaves no temporary; a killed one (KILL) may leave temporaries, which the rerun removes.
# The older result and CSV files are never touched, and the rerun gives the reference result.
# Also a TERM inside the blocked solve of V̂BÊ (WIOD 2011, 1435 right-hand sides).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

import_leather
run_ok reference.log "$RANKS" "$LEONTIEF" va --table leather.h5 --output reference.h5 \
  --csv reference --log.level warn
mkdir old
run_ok old.log "$RANKS" "$LEONTIEF" va --table leather.h5 --output old/result.h5 --csv old/csv \
  --log.level warn
cp -a old snapshot

number() { case "$1" in TERM) echo 15 ;; INT) echo 2 ;; HUP) echo 1 ;; KILL) echo 9 ;; esac; }

# The older result and CSV files (a killed run's temporaries aside) are as they were.
old_unchanged() {
  diff -r -x '.*.partial-*' old snapshot >/dev/null ||
    fail "old results changed ($1): $(diff -r -x '.*.partial-*' old snapshot)"
}

same_as_reference() {
  for dataset in va_by_destination gross_exports; do
    "$H5_COMPARE" reference.h5 old/result.h5 "$dataset" --rtol 1e-13 >/dev/null ||
      fail "$dataset after the rerun differs from the reference ($1)"
  done
  compare_csv reference/va_by_destination.csv old/csv/va_by_destination.csv 3 1e-13 >/dev/null
}

ranks_to_signal=(0)
[[ "$RANKS" == 1 ]] || ranks_to_signal=(0 1)
phases=(read "assemble I-A" factor "solve V̂BY" write commit)
for phase in "${phases[@]}"; do
  for signal in TERM INT HUP KILL; do
    [[ "$signal" != HUP || "$phase" == factor ]] || continue  # HUP: once is enough
    for rank in "${ranks_to_signal[@]}"; do
      what="$signal at '$phase' on rank $rank of $RANKS"
      status=0
      LEONTIEF_FAULT="$phase:$signal:$rank" leontief va --table leather.h5 --output old/result.h5 \
        --csv old/csv --log.level warn >run.log 2>&1 || status=$?
      if [[ "$signal" == KILL ]]; then
        [[ $status != 0 ]] || fail "$what: exit status 0"
        old_unchanged "$what"
        # The rerun removes what the killed run left and writes the same result.
        run_ok rerun.log "$RANKS" "$LEONTIEF" va --table leather.h5 --output old/result.h5 \
          --csv old/csv --log.level warn
        no_temporaries
        same_as_reference "$what"
        rm -rf old && cp -a snapshot old
      else
        expected=$((128 + $(number "$signal")))
        if [[ "$RANKS" == 1 && $status != "$expected" ]]; then
          cat run.log >&2
          fail "$what: exit status $status, expected $expected"
        fi
        [[ $status != 0 ]] || fail "$what: exit status 0"
        expect_one_line run.log "^leontief: error: interrupted by SIG$signal; the run stopped and removed its temporary files"
        no_temporaries
        old_unchanged "$what"
      fi
      echo "ok: $what (exit status $status)"
    done
  done
done

# Inside a long loop: V̂BÊ of WIOD 2011 is solved in blocks of right-hand sides; a TERM at the
# start of that phase stops the run at the next block, long before the solve would end.
import_wiod2011
status=0
LEONTIEF_FAULT="solve V̂BÊ:TERM" leontief va --table wiod2011.h5 --output wiod.h5 \
  --va.source_in_exports true --solver.matrix sparse --log.level info >loop.log 2>&1 || status=$?
[[ $status != 0 ]] || fail "TERM inside the V̂BÊ solve: exit status 0"
expect_one_line loop.log "^leontief: error: interrupted by SIGTERM"
grep -q "solve V̂BÊ done" loop.log && fail "the V̂BÊ solve ran to its end despite SIGTERM"
[[ ! -e wiod.h5 ]] || fail "wiod.h5 written despite SIGTERM"
no_temporaries
echo "PASS: kill at every phase of va at $RANKS rank(s)"
