#!/usr/bin/env bash
# The main job on the bundled real table (WIOD 2013 release, year 2011: 41 economies x 35
# sectors): installs what is missing, builds, imports the table, prints its balance checks,
# and computes value added by origin and destination on 2 MPI ranks.
# Results: out/wiod2011_va.h5 and tidy CSV files in out/wiod2011_va/.
set -euo pipefail
LEONTIEF_ROOT=$(cd "$(dirname "$0")" && pwd)
source "$LEONTIEF_ROOT/cmake/dependencies.sh"
leontief_install_dependencies
leontief_mpi_environment
LEONTIEF_TARGET=leontief leontief_build "$LEONTIEF_ROOT/build"  # the executable only

cd "$LEONTIEF_ROOT"
bin=build/leontief
$bin import --input tests/data/wiod2013/wiot_2011.csv.gz --output out/wiod2011.h5 \
  --source "WIOD 2013 release" --units "millions of US dollars"
$bin info --table out/wiod2011.h5
mpiexec -n 2 --oversubscribe $bin va --config configs/wiod2011_va.ini
echo
echo "value added by origin and destination (first rows of out/wiod2011_va/va_by_destination.csv):"
head -4 out/wiod2011_va/va_by_destination.csv
