#!/usr/bin/env bash
# Renders an HTML page (a `tessera bench --html` report) to PNG in a real
# browser: Debian's chromium, headless, so a report can be checked by eye or
# by a machine without a display. Installs chromium when it is missing (root).
# Usage: scripts/screenshot-page.sh PAGE.html OUT.png [WIDTHxHEIGHT]   (default 1280x1800)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 PAGE.html OUT.png [WIDTHxHEIGHT]" >&2; exit 2; }
page=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1280x1800}
[ -f "$page" ] || { echo "$0: $1: no such file" >&2; exit 1; }
if ! command -v chromium >/dev/null; then
  apt-get install -y --no-install-recommends chromium >/dev/null || {
    echo "$0: chromium is not installed and apt-get could not install it (run as root)" >&2; exit 1; }
fi
# A throwaway profile, and no network: the page must be self-contained.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --proxy-server=127.0.0.1:9 --window-size="${size/x/,}" --screenshot="$out" "file://$page" 2>/dev/null
[ -s "$out" ] || { echo "$0: chromium wrote no screenshot" >&2; exit 1; }
echo "$out"
