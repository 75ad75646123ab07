#!/usr/bin/env bash
# stale_csv.sh RANKS: a rerun into a --csv directory replaces the previous run's files as a
# whole (.leontief-manifest): files the previous run of the same command wrote and this one
# does not are removed when the run completes; the user's own files, files changed since a
# run wrote them, and other commands' files stay; a failed run changes nothing.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

import_leather
mkdir out
echo "my notes" >out/notes.csv
echo "my table" >out/mine.txt

va() { run_ok va.log "$RANKS" "$LEONTIEF" va --table leather.h5 --output va.h5 --csv out --log.level warn "$@"; }
decompose() {
  run_ok decompose.log "$RANKS" "$LEONTIEF" decompose --table leather.h5 --output decompose.h5 \
    --csv out --log.level warn "$@"
}
present() { for f in "$@"; do [[ -f "out/$f" ]] || fail "out/$f is missing ($step)"; done; }
absent() { for f in "$@"; do [[ ! -e "out/$f" ]] || fail "out/$f was left beside the new files ($step)"; done; }

step="va with V̂BÊ"
va --va.source_in_exports true
present va_by_destination.csv gross_exports.csv va_in_exports.csv notes.csv mine.txt .leontief-manifest

step="decompose kww into the same directory"
decompose --method kww
present kww.csv va_by_destination.csv gross_exports.csv va_in_exports.csv notes.csv

step="va again without V̂BÊ"
va
present va_by_destination.csv gross_exports.csv kww.csv notes.csv mine.txt
absent va_in_exports.csv

step="decompose wwz"
decompose --method wwz
present wwz.csv va_by_destination.csv notes.csv mine.txt
absent kww.csv

step="a file the user changed after a run wrote it"
echo "edited by hand" >>out/wwz.csv
decompose --method kww
present kww.csv wwz.csv

step="a failed run"
cp -a out snapshot
status=0
leontief decompose --table leather.h5 --output decompose.h5 --csv out --method wwz,nosuch \
  --log.level warn >failed.log 2>&1 || status=$?
[[ $status != 0 ]] || fail "decompose with an unknown method succeeded"
diff -r out snapshot >/dev/null || fail "a failed run changed the CSV directory: $(diff -r out snapshot)"
echo "PASS: stale CSV files replaced, the user's kept, at $RANKS rank(s)"
