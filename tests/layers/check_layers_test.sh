#!/bin/sh
# cmake/CheckLayers.cmake passes on the real tree and fails, naming the file
# and line, on a copy of core/ where a core file includes scene/.
# Usage: check_layers_test.sh CMAKE SOURCE_DIR WORK_DIR
set -eu
cmake=$1 src=$2 work=$3
"$cmake" -DROOT="$src" -P "$src/cmake/CheckLayers.cmake" || { echo "FAIL: the real tree violates the layering"; exit 1; }
rm -rf "$work" && mkdir -p "$work/core/render" "$work/core/engine" "$work/scene" "$work/accel"
printf '#pragma once\n#include "core/math/vec3.h"\n#include "scene/shapes.h"\n' > "$work/core/render/bad.h"
printf '#include "core/compare/flip.h"\n' > "$work/core/engine/uses_compare.cpp"
printf '#include <embree3/rtcore.h>\n' > "$work/scene/bad.cpp"
if out=$("$cmake" -DROOT="$work" -P "$src/cmake/CheckLayers.cmake" 2>&1); then
  echo "FAIL: a core file including scene/ passed the check"; exit 1
fi
for expected in 'core/render/bad.h:3: #include "scene/shapes.h"' 'core/engine/uses_compare.cpp:1:' 'scene/bad.cpp:1:'; do
  case $out in *"$expected"*) ;; *) echo "FAIL: expected '$expected' in:"; echo "$out"; exit 1 ;; esac
done
echo "PASS: violations named: $(echo "$out" | grep -c ': #include')"
