#!/usr/bin/env bash
# damaged_table.sh RANKS: tables carry checksums (Fletcher-32 on every dataset, checksummed
# HDF5 metadata), so damage is reported instead of changing results: one line naming the
# file and the dataset or the metadata, no HDF5 internals. Also a directory given as --table
# (probed before MPI-IO opens it) and a result file's checksums.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

import_wiod2011

# damaged NAME ERE COMMAND...: one clean line matching ERE, no result.
damaged() {
  local name="$1" regex="$2"
  shift 2
  local status=0
  leontief "$@" --log.level warn >"$name.log" 2>&1 || status=$?
  [[ $status == 1 ]] || { cat "$name.log" >&2; fail "$name: exit status $status, expected 1"; }
  expect_one_line "$name.log" "$regex"
  if grep -Eq 'format version|HDF5 error in|\(at [^)]*\.cpp:[0-9]+\)|H5[A-Z][a-z]' "$name.log"; then
    fail "$name: the message shows HDF5 internals: $(grep 'leontief: error:' "$name.log")"
  fi
  [[ ! -e result.h5 ]] || fail "$name: a result was written from a damaged table"
  no_temporaries
  echo "ok: $name: $(grep 'leontief: error:' "$name.log")"
}

# One bit of gross output x: every result would change silently without the checksum.
cp wiod2011.h5 x_flipped.h5
"$H5_DAMAGE" x_flipped.h5 --data x
damaged x_bit "x_flipped\.h5: dataset /x is damaged: checksum mismatch" \
  va --table x_flipped.h5 --output result.h5
damaged x_bit_info "x_flipped\.h5: dataset /x is damaged: checksum mismatch" \
  info --table x_flipped.h5

# One bit in Z, which each rank reads in part (at 2 ranks only some ranks see the damage).
cp wiod2011.h5 z_flipped.h5
"$H5_DAMAGE" z_flipped.h5 --data Z
damaged z_bit "z_flipped\.h5: dataset /Z is damaged: checksum mismatch" \
  va --table z_flipped.h5 --output result.h5

# A damaged metadata block: the object header of /labels.
cp wiod2011.h5 header.h5
"$H5_DAMAGE" header.h5 --header /labels
damaged header "header\.h5: the file is damaged: its HDF5 metadata cannot be read" \
  va --table header.h5 --output result.h5

# A directory where the table belongs: told before MPI-IO sees it.
mkdir a_directory.h5
damaged directory "a_directory\.h5: is a directory, not a file" \
  va --table a_directory.h5 --output result.h5

# Results carry checksums too.
run_ok va.log "$RANKS" "$LEONTIEF" va --table wiod2011.h5 --output good.h5 --log.level warn
cp good.h5 result_flipped.h5
"$H5_DAMAGE" result_flipped.h5 --data va_by_destination
if "$H5_COMPARE" good.h5 result_flipped.h5 va_by_destination --rtol 0 >compare.log 2>&1; then
  fail "a flipped bit in a result was read back without an error"
fi
grep -qi "checksum" compare.log || fail "reading a damaged result does not name the checksum: $(cat compare.log)"
echo "PASS: damaged tables and results at $RANKS rank(s)"
