#!/usr/bin/env bash
# full_disk.sh RANKS: writing onto a full file system (a 256 KiB tmpfs) gives one line naming
# the file and the operating system's reason, leaves nothing behind and never hangs: results
# (HDF5), tidy CSV files, an imported table, and the outputs whose size is estimated first
# (export, generate) also when the estimate is overridden. Skipped (77) unless the test may
# mount a tmpfs (root).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

disk="$TMP/disk"
mkdir -p "$disk"
if [[ "$(id -u)" != 0 ]] || ! mount -t tmpfs -o size=256k tmpfs "$disk" 2>/dev/null; then
  echo "SKIP: a full disk is simulated with a small tmpfs, which needs root to mount"
  exit 77
fi
trap 'umount "$disk" 2>/dev/null; cleanup' EXIT

import_wiod2011
enospc="No space left on device"

# check NAME ERE COMMAND...: one line matching ERE, the disk empty afterwards.
check() {
  local name="$1" regex="$2"
  shift 2
  local status=0
  leontief "$@" --log.level warn >"$name.log" 2>&1 || status=$?
  [[ $status != 0 && $status != 124 ]] || { cat "$name.log" >&2; fail "$name: exit status $status"; }
  expect_one_line "$name.log" "$regex"
  no_temporaries "$disk"
  local left
  left="$(find "$disk" -type f)"
  [[ -z "$left" ]] || fail "$name: files left on the full disk: $left"
  echo "ok: $name: $(grep 'leontief: error:' "$name.log")"
}

check va_result "disk/result\.h5: cannot write: $enospc" \
  va --table wiod2011.h5 --output disk/result.h5
check va_csv "disk/csv/va_by_destination\.csv: cannot write: $enospc" \
  va --table wiod2011.h5 --output result.h5 --csv disk/csv
rm -rf "$disk/csv"
check import "disk/table\.h5: cannot write: $enospc" \
  import --input "$TEST_DATA/wiod2013/wiot_2011.csv.gz" --output disk/table.h5
check export_estimate "export: the wide CSV of wiod2011\.h5 .* needs about .* of disk, but .* are available" \
  export --table wiod2011.h5 --output disk/table.csv
check export_written "disk/table\.csv: cannot (write|finish writing): $enospc" \
  export --table wiod2011.h5 --output disk/table.csv --size_check false
check generate_estimate "generate: .* needs about .* of disk, but .* are available" \
  generate --generate.regions 10 --generate.sectors 1000 --output disk/network.h5
check generate_written "disk/network\.h5: cannot (write|finish writing): $enospc" \
  generate --generate.regions 10 --generate.sectors 1000 --output disk/network.h5 \
  --size_check false
echo "PASS: full disk at $RANKS rank(s)"
