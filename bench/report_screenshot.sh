#!/usr/bin/env bash
# Renders an `evaluate --report DIR` folder with headless chromium, to check by eye that the
# page and its plots look right: bench/report_screenshot.sh DIR [OUT.png] [HEIGHT]
set -euo pipefail
dir=${1:?usage: $0 REPORT_DIR [OUT.png] [HEIGHT]}
out=${2:-$dir/screenshot.png}
height=${3:-2000}
[[ -r $dir/index.html ]] || { echo "no $dir/index.html" >&2; exit 66; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[[ -n $browser ]] || { echo "chromium not found (apt-get install chromium)" >&2; exit 69; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
page="file://$(cd "$dir" && pwd)/index.html"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$out_abs" --window-size=1280,"$height" "$page" \
  >/dev/null 2>&1
[[ -s $out_abs ]] || { echo "chromium wrote no screenshot" >&2; exit 1; }
echo "$out_abs"
