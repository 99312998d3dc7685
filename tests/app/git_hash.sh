#!/bin/sh
# cmake/GitHash.cmake: in a git checkout the generated file holds HEAD's hash;
# outside one, "unknown"; run again unchanged, it leaves the file alone (so
# nothing recompiles). Prints PASS or FAIL.
# Usage: git_hash.sh CMAKE SOURCE_DIR WORKDIR
set -u
cmake=$1 source=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
outside=$(mktemp -d)  # not under any git checkout
"$cmake" -DSOURCE_DIR="$outside" -DOUTPUT="$work/outside.cpp" -P "$source/cmake/GitHash.cmake" || exit 1
rmdir "$outside"
grep -q 'return "unknown";' "$work/outside.cpp" || { cat "$work/outside.cpp"; echo "FAIL: no \"unknown\" outside git"; exit 1; }
if command -v git >/dev/null 2>&1 && head=$(git -C "$source" rev-parse --short=12 HEAD 2>/dev/null); then
  "$cmake" -DSOURCE_DIR="$source" -DOUTPUT="$work/inside.cpp" -P "$source/cmake/GitHash.cmake" || exit 1
  grep -q "return \"$head\";" "$work/inside.cpp" || { cat "$work/inside.cpp"; echo "FAIL: not HEAD's hash $head"; exit 1; }
  touch -d '2000-01-01' "$work/inside.cpp"
  "$cmake" -DSOURCE_DIR="$source" -DOUTPUT="$work/inside.cpp" -P "$source/cmake/GitHash.cmake" || exit 1
  [ -n "$(find "$work/inside.cpp" ! -newermt '2001-01-01')" ] || { echo "FAIL: rewritten though HEAD did not change"; exit 1; }
fi
echo "PASS: git hash generated"
