#!/usr/bin/env bash
# A speed claim, measured the way the brief asks: two commits built side by
# side (Release, each in its own worktree under benchmarks/results/), run
# alternately N times each on the same scene and settings, medians compared.
# Usage: benchmarks/side_by_side.sh BASE_REV NEW_REV [RUNS] [-- tessera render args]
# Default render: scenes/cornell-box.json 512x512 64 spp -t:2. Check `uptime`
# first: anything else running on the machine (a build, a helper) skews it.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1 new=$2 runs=${3:-5}
shift $(( $# >= 3 ? 3 : $# ))
[[ ${1:-} == -- ]] && shift
args=("$@")
[[ ${#args[@]} -eq 0 ]] && args=(scenes/cornell-box.json --resolution 512x512 --spp 64 -t:2)
root=$PWD/benchmarks/results/side-by-side
mkdir -p "$root"
build() {  # REV -> path of its tessera
  local rev=$1 dir="$root/$(git rev-parse --short "$1")"
  if [[ ! -x $dir/build/app/tessera ]]; then
    rm -rf "$dir"; git worktree add -q --detach "$dir" "$rev"
    (cd "$dir" && export CCACHE_BASEDIR=$dir && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTESSERA_BUILD_TESTS=OFF \
       $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null &&
       cmake --build build -j"$(nproc)" --target tessera >/dev/null)
  fi
  echo "$dir/build/app/tessera"
}
bin_base=$(build "$base") bin_new=$(build "$new")
echo "load before timing: $(uptime)"
render_seconds() {  # TESSERA -> render seconds from --stats-json
  "$1" render "${args[@]}" -q -o "$root/out.exr" --stats-json "$root/stats.json" >/dev/null
  python3 -c "import json; print(json.load(open('$root/stats.json'))['time_s']['render'])"
}
declare -a t_base t_new
for ((i = 0; i < runs; i++)); do
  t_base+=("$(render_seconds "$bin_base")"); t_new+=("$(render_seconds "$bin_new")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mb=$(median "${t_base[@]}") mn=$(median "${t_new[@]}")
echo "render ${args[*]}"
echo "base $base: ${t_base[*]} s; median $mb s"
echo "new  $new: ${t_new[*]} s; median $mn s"
awk -v b="$mb" -v n="$mn" 'BEGIN { printf "new / base = %.3f (%+.1f%%) by medians\n", n / b, (n / b - 1) * 100 }'
# The fastest run of each, a second view: on a shared VM, bursts of steal time
# only ever add to a run, so the minimum is the least disturbed.
minb=$(printf '%s\n' "${t_base[@]}" | sort -g | head -1) minn=$(printf '%s\n' "${t_new[@]}" | sort -g | head -1)
awk -v b="$minb" -v n="$minn" 'BEGIN { printf "new / base = %.3f (%+.1f%%) by the fastest runs (%.3f s, %.3f s)\n", n / b, (n / b - 1) * 100, b, n }'
echo "load after timing: $(uptime)"
