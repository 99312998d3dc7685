#!/bin/sh
# An OBJ loads within a few times its mesh (issue 11: peak memory while
# loading within about twice the final mesh). A generated 400x400 grid (160k
# positions with one normal each, 318k triangles, `f a//a b//b c//c` corners:
# one vertex per position) is rendered alone; its --stats-json
# load_peak_rss_bytes must stay under 3 times mesh_bytes (measured 2.7 here,
# 2.4 at 1M triangles: the parsed positions, normals and corners, then the
# mesh, plus a fixed share: the parallel parse's pieces, kept resident by the
# worker threads' heaps). tinyobjloader's parse measured 7.8: a per-face
# vector or a corner table per vertex again reads above 3. Skipped under
# sanitizers (their allocators keep freed memory) and where /proc/self/status
# cannot be read (the field is then 0).
# Usage: load_memory_obj.sh TESSERA WORKDIR SANITIZED(0|1)
set -u
tessera=$1 work=$2 sanitized=$3
. "$(dirname "$0")/load_memory_check.sh"
skip_if_sanitized "$sanitized"
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
export TESSERA_CONFIG=
awk -v n=400 'BEGIN {
  for (j = 0; j < n; ++j) for (i = 0; i < n; ++i) {
    x = i / (n - 1); y = j / (n - 1); z = 0.1 * sin(12 * x) * cos(9 * y)
    printf "v %.6f %.6f %.6f\n", x, y, z }
  for (j = 0; j < n; ++j) for (i = 0; i < n; ++i) printf "vn %.4f %.4f 1\n", -1.2 * cos(12 * i / (n - 1)), 0.9 * sin(9 * j / (n - 1))
  for (j = 0; j + 1 < n; ++j) for (i = 0; i + 1 < n; ++i) {
    a = j * n + i + 1; b = a + 1; c = a + n; d = c + 1
    printf "f %d//%d %d//%d %d//%d\nf %d//%d %d//%d %d//%d\n", a, a, b, b, d, d, a, a, d, d, c, c }
}' > grid.obj || { echo "FAIL: awk"; exit 1; }
"$tessera" render grid.obj -q --resolution 8x8 --spp 1 -o grid.png --stats-json stats.json ||
  { echo "FAIL: render"; exit 1; }
# 160k vertices (positions, normals: 24 B) and 318k triangles (12 B): 7.7 MB.
check_load_memory OBJ 7000000 8500000 "7.7 MB"
echo "LOAD_MEMORY_OK"
