#!/usr/bin/env bash
# Applies the house style (.clang-format) to the tracked C++ sources of engine/ io/ jobs/
# tests/ bench/, or checks it.
#   cmake/format.sh            reformats those files in place
#   cmake/format.sh --check    lists the files that differ from the style; exit 1 if any
# Needs clang-format (Debian: clang-format, installed by cmake/setup-debian.sh). The style
# depends on its version: CI and developers use Debian 12's.
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "format.sh: unknown option $1 (--check)" >&2; exit 64 ;;
esac
command -v clang-format >/dev/null || {
  echo "format.sh: clang-format not found (cmake/setup-debian.sh installs it)" >&2
  exit 69
}

# Tracked files only: build trees and scratch files are not ours to format.
mapfile -d '' files < <(git ls-files -z -- engine io jobs tests bench | grep -zE '\.(cpp|hpp)$')

if ! $check; then
  printf '%s\0' "${files[@]}" | xargs -0 -r clang-format -i --style=file
  exit 0
fi
differ=0
for f in "${files[@]}"; do
  if ! clang-format --style=file "$f" | cmp -s - "$f"; then
    echo "$f"
    differ=$((differ + 1))
  fi
done
if ((differ > 0)); then
  echo "format.sh: $differ of ${#files[@]} files differ from .clang-format; run cmake/format.sh" >&2
  exit 1
fi
echo "format.sh: all ${#files[@]} files follow .clang-format"
