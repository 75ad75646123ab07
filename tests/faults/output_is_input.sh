#!/usr/bin/env bash
# output_is_input.sh RANKS: no command writes over one of its inputs. An output that is the
# same file as an input (the same path, a symbolic link or a hard link to it; a --csv
# directory that is the table; a CSV file the run writes that is its own input) is refused
# with one line, exit status 1, and the input stays byte for byte as it was.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

import_leather
cp "$LEATHER_CSV" leather.csv
printf 'code,group\nArgentina,Americas\nTurkey,Europe\nGermany,Europe\n' >regions.csv
printf '[generate]\nregions = 2\nsectors = 3\n' >generate.ini
mkdir -p folder tables
cp leather.csv folder/leather.csv
cp leather.h5 tables/leather.h5
ln -s leather.h5 link.h5
ln leather.h5 hardlink.h5
mkdir -p shock_csv
printf '[scenario.a]\nmodel = demand\nfinal_demand_change = Argentina:Agriculture:Turkey:-1\n' \
  >shock_csv/demand_summary.csv

# refused INPUT OPTION COMMAND...: the run is refused naming OPTION; INPUT is unchanged.
refused() {
  local input="$1" option="$2"
  shift 2
  cp "$input" pristine
  local status=0
  leontief "$@" --log.level warn >refused.log 2>&1 || status=$?
  [[ $status == 1 ]] || { cat refused.log >&2; fail "$* : exit status $status, expected 1"; }
  expect_one_line refused.log "is the input $option[ ;(]"
  cmp -s pristine "$input" || fail "$*: the input $input changed"
  no_temporaries
  echo "ok: $*: $(grep 'leontief: error:' refused.log)"
}

refused leather.csv --input import --input leather.csv --output leather.csv
refused folder/leather.csv --input import --input folder --output folder/leather.csv
refused leather.h5 --table export --table leather.h5 --output leather.h5
refused leather.h5 --table va --table leather.h5 --output leather.h5
refused leather.h5 --table va --table leather.h5 --output link.h5
refused leather.h5 --table va --table link.h5 --output hardlink.h5
refused leather.h5 --table va --table leather.h5 --output result.h5 --csv leather.h5
refused leather.h5 --table inverse --table leather.h5 --output leather.h5
refused leather.h5 --table decompose --table leather.h5 --method kww --output leather.h5
refused leather.h5 --table aggregate --table leather.h5 --regions regions.csv --output leather.h5
refused regions.csv --regions aggregate --table leather.h5 --regions regions.csv --output regions.csv
refused generate.ini --config generate --config generate.ini --output generate.ini
refused shock_csv/demand_summary.csv --scenario shock --table leather.h5 \
  --scenario shock_csv/demand_summary.csv --output shock_csv/demand_summary.csv
refused leather.h5 --tables thinning --tables leather.h5 --output leather.h5
refused tables/leather.h5 --tables thinning --tables tables --output tables/leather.h5
refused leather.h5 --data.table tariff --data.source table --data.table leather.h5 \
  --output leather.h5

# A CSV file the run writes into --csv that is one of its inputs: refused when it is created
# (its name is known only then), still before anything is replaced.
refused shock_csv/demand_summary.csv --scenario shock --table leather.h5 \
  --scenario shock_csv/demand_summary.csv --output shock.h5 --csv shock_csv
[[ ! -e shock.h5 ]] || fail "shock wrote its result although a CSV output is its input"

# Not refused: an output next to the inputs, or a result in a directory of tables.
run_ok ok.log "$RANKS" "$LEONTIEF" va --table tables/leather.h5 --output tables/result.h5 \
  --log.level warn
echo "PASS: outputs never overwrite inputs at $RANKS rank(s)"
