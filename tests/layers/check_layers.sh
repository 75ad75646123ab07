#!/usr/bin/env bash
# The folders are layers, io <- solver <- decomposition <- app: a file may include its own
# layer and the layers below it, never one above (docs/architecture.md). Fails listing every
# upward include, as file:line: include.
set -euo pipefail
root="${1:?usage: check_layers.sh PROJECT_SOURCE_DIR}"
cd "$root"
rank() {
  case "$1" in
    io) echo 0 ;; solver) echo 1 ;; decomposition) echo 2 ;; app) echo 3 ;; *) echo -1 ;;
  esac
}
violations=0
checked=0
while IFS= read -r file; do
  own=$(rank "${file%%/*}")
  checked=$((checked + 1))
  while IFS=: read -r line text; do
    target=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^/"]+)\/.*/\1/' <<<"$text")
    level=$(rank "$target")
    if ((level > own)); then
      echo "$file:$line: $text (layer ${file%%/*} includes the layer above it: $target)"
      violations=$((violations + 1))
    fi
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^/"]+/' "$file" || true)
done < <(find io solver decomposition app -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) | sort)
((checked > 0)) || { echo "no sources found under $root" >&2; exit 1; }
if ((violations)); then
  echo "FAIL: $violations upward include(s) in $checked files" >&2
  exit 1
fi
echo "ok: $checked files include only their own layer or those below (io <- solver <- decomposition <- app)"
