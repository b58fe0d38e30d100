#!/usr/bin/env bash
# Every repository path named in the README, docs/ and code comments exists: a pointer that a
# move left behind fails here. A name without extension may point at a module (NAME.hpp/.cpp);
# files that an operator creates (slurm/site.conf from its .example) are listed as such.
set -euo pipefail
cd "${REPO:-$(dirname "$0")/../..}"
made_by_operator=(slurm/site.conf)
stale=0
while read -r file; do
  while read -r path; do
    [[ -z $path ]] && continue
    [[ " ${made_by_operator[*]} " == *" $path "* ]] && continue
    if [[ $path == *'*'* ]]; then
      compgen -G "$path" >/dev/null && continue
    else
      [[ -e $path ]] && continue
      compgen -G "$path.*" >/dev/null && continue
    fi
    echo "$file: names $path, which does not exist"
    stale=1
  done < <(grep -oE '(^|[^$A-Za-z0-9_./-])(engine|io|jobs|tests|bench|cmake|slurm|data|docs|\.ci)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*]' "$file" |
    sed -E 's/^[^a-z.]//' | sort -u)
done < <(git ls-files README.md 'docs/*.md' '*.cpp' '*.hpp' '*.sh' '*.cmake' '*CMakeLists.txt' '*.sbatch' '*.toml' \
  .ci/run .clang-format 2>/dev/null || true)
if ((stale)); then
  echo "FAIL: stale pointers above (a file moved or was renamed: update the text)"
  exit 1
fi
echo "ok: every path named in the docs and comments exists"
