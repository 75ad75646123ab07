#!/usr/bin/env bash
# usability.sh RANKS: `leontief help COMMAND` prints the command's help; a mistyped command
# gets a suggestion; a long solve or export prints its progress (share done, time left;
# LEONTIEF_PROGRESS_SECONDS shortens the wait so a small table shows it).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$LEONTIEF" help va >help.txt || fail "leontief help va failed"
grep -q "^usage: leontief va " help.txt || fail "leontief help va does not print va's help"
"$LEONTIEF" va --help >dash_help.txt 2>/dev/null || true
cmp -s help.txt dash_help.txt || fail "leontief help va differs from leontief va --help"

for typo in "vaa va" "decompse decompose" "improt import" "thining thinning" "inverze inverse"; do
  read -r wrong right <<<"$typo"
  status=0
  leontief "$wrong" --table x.h5 >typo.log 2>&1 || status=$?
  [[ $status == 2 ]] || fail "leontief $wrong: exit status $status, expected 2"
  expect_one_line typo.log "unknown command '$wrong'; did you mean '$right'\?"
done
status=0
"$LEONTIEF" help vaa >typo.log 2>&1 || status=$?
[[ $status == 2 ]] && grep -q "did you mean 'va'" typo.log || fail "leontief help vaa: no suggestion"
status=0
leontief frobnicate >typo.log 2>&1 || status=$?
expect_one_line typo.log "unknown command 'frobnicate' \(see leontief --help\)"

import_wiod2011
LEONTIEF_PROGRESS_SECONDS=0.01 run_ok progress.log "$RANKS" "$LEONTIEF" va --table wiod2011.h5 \
  --output va.h5 --va.source_in_exports true --solver.matrix sparse
grep -Eq "solve: [0-9]+% done, about .* left" progress.log || fail "no progress line for the solve"
LEONTIEF_PROGRESS_SECONDS=0.01 run_ok export.log "$RANKS" "$LEONTIEF" export --table wiod2011.h5 \
  --output wiod2011.csv
grep -Eq "export: [0-9]+% done, about .* left" export.log || fail "no progress line for export"
echo "PASS: help, suggestions and progress at $RANKS rank(s)"
