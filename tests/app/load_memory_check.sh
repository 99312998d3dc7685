# Sourced by load_memory.sh and load_memory_obj.sh: the sanitizer skip and the
# check of a render's --stats-json (stats.json in the current directory)
# against its mesh.

# skip_if_sanitized SANITIZED(0|1): exits 77 (CTest's skip) under a sanitizer.
skip_if_sanitized() {
  if [ "$1" = 1 ]; then echo "SKIP: a sanitizer's allocator makes the resident set meaningless"; exit 77; fi
}

# check_load_memory WHAT MESH_MIN MESH_MAX MESH_ABOUT: mesh_bytes must lie in
# (MESH_MIN, MESH_MAX) ("about MESH_ABOUT"), and load_peak_rss_bytes under 3
# times it; exits 77 where the resident set cannot be read (the field is 0).
check_load_memory() {
  what=$1 mesh_min=$2 mesh_max=$3 mesh_about=$4
  field() { sed -n "s/.*\"$1\": *\([0-9][0-9]*\).*/\1/p" stats.json | head -1; }
  peak=$(field load_peak_rss_bytes) mesh=$(field mesh_bytes)
  [ -n "$peak" ] && [ -n "$mesh" ] || { echo "FAIL: stats.json lacks load_peak_rss_bytes or mesh_bytes"; exit 1; }
  [ "$mesh" -gt "$mesh_min" ] && [ "$mesh" -lt "$mesh_max" ] ||
    { echo "FAIL: mesh_bytes $mesh, expected about $mesh_about"; exit 1; }
  if [ "$peak" = 0 ]; then echo "SKIP: no resident-set figures here"; exit 77; fi
  awk -v p="$peak" -v m="$mesh" 'BEGIN {
    printf "load peak %.1f MiB for a %.1f MiB mesh: ratio %.2f\n", p / 1048576, m / 1048576, p / m
    exit !(p < 3 * m) }' || { echo "FAIL: the $what load phase peaked at 3 times the mesh or more"; exit 1; }
}
