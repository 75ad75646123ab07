#!/usr/bin/env bash
# expect_error.sh --regex ERE [--absent PATH]... [--dir DIR]... [--timeout S] -- COMMAND...
#
# Runs COMMAND (e.g. `leontief va ...` or `mpiexec -n 2 leontief va ...`) and asserts that it
# fails cleanly:
#   - it finishes within the timeout (default 60 s, or $EXPECT_ERROR_TIMEOUT; a hang is a
#     failure) with a non-zero exit status that is not a signal (< 128);
#   - stderr holds exactly one `leontief: error:` (one line starting with it, and the text
#     nowhere else, so two ranks' interleaved messages are caught), and that line matches ERE
#     (grep -E), which should name the file and the place;
#   - no Open MPI abort or crash banner (MPI_ABORT, a rank killed by a signal), no PETSc or
#     HDF5 error stack, no internal error or uncaught exception. The banner mpiexec prints for
#     a non-zero exit status ("Primary job terminated normally, but 1 process returned a
#     non-zero exit code") is expected and allowed;
#   - every --absent PATH does not exist afterwards, and neither its directory nor any --dir
#     DIR contains a leftover `.*.partial-*` temporary file.
set -uo pipefail

regex=""
timeout_seconds="${EXPECT_ERROR_TIMEOUT:-60}"
absent=()
dirs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --regex) regex="$2"; shift 2 ;;
    --absent) absent+=("$2"); dirs+=("$(dirname "$2")"); shift 2 ;;
    --dir) dirs+=("$2"); shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "expect_error.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [[ -z "$regex" || $# -eq 0 ]]; then
  echo "usage: expect_error.sh --regex ERE [--absent PATH]... [--dir DIR]... [--timeout S] -- COMMAND..." >&2
  exit 2
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/leontief-expect.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
out="$scratch/stdout"
err="$scratch/stderr"

status=0
timeout "$timeout_seconds" "$@" >"$out" 2>"$err" || status=$?

problems=()
if [[ $status == 124 ]]; then
  problems+=("no result after ${timeout_seconds} s (hang?)")
elif [[ $status == 0 ]]; then
  problems+=("exit status 0, expected a failure")
elif [[ $status -ge 128 ]]; then
  problems+=("exit status $status: killed by signal $((status - 128))")
fi

error_lines="$(grep -c '^leontief: error:' "$err")"
error_count="$(grep -o 'leontief: error:' "$err" "$out" | wc -l)"
if [[ $error_lines != 1 || $error_count != 1 ]]; then
  problems+=("expected exactly one 'leontief: error:' line on stderr, found $error_lines line(s) and $error_count occurrence(s)")
fi
error_line="$(grep -m 1 '^leontief: error:' "$err")"
if [[ -n "$error_line" ]] && ! grep -Eq -- "$regex" <<<"$error_line"; then
  problems+=("the error line does not match /$regex/")
fi

banners='MPI_ABORT was invoked|exited on signal|ORTE_ERROR_LOG|unexpectedly disconnected|PETSC ERROR|HDF5-DIAG|internal error|terminate called|Segmentation fault|core dumped'
if grep -Eq "$banners" "$err" "$out"; then
  problems+=("abort/crash banner or error stack in the output: $(grep -Eho "$banners" "$err" "$out" | sort -u | tr '\n' ' ')")
fi

for path in "${absent[@]}"; do
  [[ ! -e "$path" ]] || problems+=("output $path exists after the failure")
done
mapfile -t unique_dirs < <(printf '%s\n' "${dirs[@]}" | sort -u)
for dir in "${unique_dirs[@]}"; do
  [[ -d "$dir" ]] || continue
  leftovers="$(find "$dir" -name '.*.partial-*' 2>/dev/null)"
  [[ -z "$leftovers" ]] || problems+=("temporary files left: $(tr '\n' ' ' <<<"$leftovers")")
done

if [[ ${#problems[@]} -gt 0 ]]; then
  echo "FAIL: $*" >&2
  for p in "${problems[@]}"; do echo "  - $p" >&2; done
  echo "  exit status: $status" >&2
  echo "---- stdout" >&2
  cat "$out" >&2
  echo "---- stderr" >&2
  cat "$err" >&2
  echo "----" >&2
  exit 1
fi
echo "ok (exit status $status): $error_line"
exit 0
