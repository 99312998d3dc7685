#!/bin/sh
# cmake --install into a fresh prefix: bin/tessera and share/doc/tessera/README.md
# are there, and the installed tessera runs (--version). Prints PASS or FAIL.
# Usage: install_prefix.sh CMAKE BUILD_DIR PREFIX
set -u
cmake=$1 build=$2 prefix=$3
rm -rf "$prefix"
if ! "$cmake" --install "$build" --prefix "$prefix" >"$prefix.log" 2>&1; then
  cat "$prefix.log"; echo "FAIL: cmake --install failed"; exit 1
fi
[ -x "$prefix/bin/tessera" ] || { echo "FAIL: no $prefix/bin/tessera"; exit 1; }
[ -f "$prefix/share/doc/tessera/README.md" ] || { echo "FAIL: no $prefix/share/doc/tessera/README.md"; exit 1; }
out=$(cd / && "$prefix/bin/tessera" --version 2>&1) || { echo "$out"; echo "FAIL: the installed tessera --version failed"; exit 1; }
echo "$out"
case "$out" in
  "tessera "*"Embree "*"oneTBB "*"OpenEXR "*) echo "PASS: installed tessera runs" ;;
  *) echo "FAIL: unexpected --version output"; exit 1 ;;
esac
