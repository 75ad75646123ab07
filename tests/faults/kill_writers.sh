#!/usr/bin/env bash
# kill_writers.sh RANKS: every other command that writes (import, export, generate,
# aggregate, decompose, inverse) receives SIGTERM or SIGKILL in each of its phases and at the
# moment its outputs are complete under their temporary names ("commit"). TERM: one line, no
# temporary, the older output unchanged. KILL: the rerun removes the temporaries and writes
# the same output as an uninterrupted run.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

import_leather
printf 'code,group\nArgentina,Americas\nTurkey,Europe\nGermany,Europe\n' >regions.csv

# Each case: NAME|PHASES|OUTPUT|CHECK|ARGS (CHECK: "csv" compares the file, "h5:DATASET" one
# dataset, "dir:FILE" a CSV file inside the output directory).
cases=(
  "import|import,commit|out.h5|h5:Z|import --input $LEATHER_CSV --output out.h5"
  "export|export,commit|out.csv|csv|export --table leather.h5 --output out.csv"
  "generate|generate,write,commit|out.h5|h5:synthetic/output_by_destination|generate --generate.regions 3 --generate.sectors 40 --output out.h5"
  "aggregate|aggregate,commit|out.h5|h5:Y|aggregate --table leather.h5 --regions regions.csv --output out.h5"
  "decompose|decompose kww,write,commit|out.h5|dir:kww.csv|decompose --table leather.h5 --method kww --output out.h5 --csv out_csv"
  "inverse|invert,write,commit|out.h5|h5:leontief_inverse|inverse --table leather.h5 --output out.h5"
)

# same NAME CHECK: the output equals the reference of the uninterrupted run.
same() {
  local name="$1" check="$2"
  case "$check" in
    csv) cmp -s "reference_$name/out.csv" out.csv || fail "$name: out.csv differs from the reference" ;;
    h5:*) "$H5_COMPARE" "reference_$name/out.h5" out.h5 "${check#h5:}" --rtol 1e-13 >/dev/null ||
      fail "$name: ${check#h5:} differs from the reference" ;;
    dir:*) cmp -s "reference_$name/out_csv/${check#dir:}" "out_csv/${check#dir:}" ||
      fail "$name: out_csv/${check#dir:} differs from the reference" ;;
  esac
}

for spec in "${cases[@]}"; do
  IFS='|' read -r name phases output check args <<<"$spec"
  read -r -a arguments <<<"$args"
  rm -rf out.h5 out.csv out_csv
  run_ok "reference_$name.log" "$RANKS" "$LEONTIEF" "${arguments[@]}" --log.level warn
  mkdir "reference_$name"
  mv "$output" "reference_$name/"
  [[ ! -d out_csv ]] || mv out_csv "reference_$name/"
  # An older output that every interrupted run must leave alone.
  cp -a "reference_$name/." .
  IFS=',' read -r -a phase_list <<<"$phases"
  for phase in "${phase_list[@]}"; do
    for signal in TERM KILL; do
      what="$name: $signal at '$phase' ($RANKS rank(s))"
      cp "$output" before
      status=0
      LEONTIEF_FAULT="$phase:$signal" leontief "${arguments[@]}" --log.level warn >run.log 2>&1 ||
        status=$?
      [[ $status != 0 ]] || { cat run.log >&2; fail "$what: exit status 0 (was the phase reached?)"; }
      cmp -s before "$output" || fail "$what: the older output changed"
      if [[ "$signal" == TERM ]]; then
        expect_one_line run.log "^leontief: error: interrupted by SIGTERM"
        no_temporaries
      else
        run_ok rerun.log "$RANKS" "$LEONTIEF" "${arguments[@]}" --log.level warn
        no_temporaries
        same "$name" "$check"
      fi
      echo "ok: $what (exit status $status)"
    done
  done
  rm -rf out.h5 out.csv out_csv before
done
echo "PASS: kill at every phase of the writing commands at $RANKS rank(s)"
