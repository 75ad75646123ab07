#!/usr/bin/env bash
# stale_temporaries.sh RANKS: temporaries of the same outputs left by killed runs on this host
# (.NAME.partial-HOST-PID, and the older .NAME.partial-PID) are removed when a run starts;
# those of a run still going, and of other hosts, are never touched.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

import_leather
host="$(hostname | tr -c 'A-Za-z0-9._\n' '_')"
dead="$(bash -c 'echo $$')"  # a process that has ended
sleep 300 &
live=$!
trap 'kill "$live" 2>/dev/null; cleanup' EXIT

mkdir -p out/csv
touch "out/.result.h5.partial-$host-$dead" "out/.result.h5.partial-$dead" \
  "out/csv/.va_by_destination.csv.partial-$host-$dead" \
  "out/.result.h5.partial-$host-$live" "out/.result.h5.partial-otherhost-$dead" \
  "out/.other.h5.partial-$host-$dead"
run_ok va.log "$RANKS" "$LEONTIEF" va --table leather.h5 --output out/result.h5 --csv out/csv

for gone in "out/.result.h5.partial-$host-$dead" "out/.result.h5.partial-$dead" \
  "out/csv/.va_by_destination.csv.partial-$host-$dead"; do
  [[ ! -e "$gone" ]] || fail "$gone (a killed run's temporary) was not removed"
done
for kept in "out/.result.h5.partial-$host-$live" "out/.result.h5.partial-otherhost-$dead" \
  "out/.other.h5.partial-$host-$dead"; do
  [[ -e "$kept" ]] || fail "$kept was removed (a live run's, another host's or another output's)"
done
grep -q "temporary file of a run on host otherhost" va.log ||
  fail "no warning about the other host's temporary"
[[ -s out/result.h5 && -s out/csv/va_by_destination.csv ]] || fail "the run wrote no result"
echo "PASS: stale temporaries removed, live and foreign ones kept, at $RANKS rank(s)"
