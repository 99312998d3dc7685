#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/, clang, ASan + UBSan) into build-fuzz/
# and run each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   # default: 60 s each ($TESSERA_FUZZ_SECONDS), every target
#   TESSERA_FUZZ_KEEP_GOING=1 scripts/fuzz.sh   # go on after a finding (libFuzzer -fork=1), collecting all
#   TESSERA_FUZZ_SEED=1 scripts/fuzz.sh 10      # a fixed seed and a fresh corpus (what CI runs)
#   TESSERA_FUZZ_REPORT_ONLY=1 scripts/fuzz.sh  # print findings (base64 too) but exit 0 (CI)
#
# Each target starts from its seed corpus (tests/fuzz/corpus/<target>/) and its
# regression inputs (tests/fuzz/regressions/<target>/), replaying them first; new
# interesting inputs go to build-fuzz/corpus/<target>/, never into the clone. A
# crash, a sanitizer report, an input running longer than -timeout, or an
# allocation over -malloc_limit_mb (512 MB), a process over -rss_limit_mb (2 GB) is a finding: libFuzzer saves the
# input in build-fuzz/findings/<target>/ and this script exits 1. Keep it as a
# regression test: copy it to tests/fuzz/regressions/<target>/ (the normal build
# replays it: ctest -L fuzz), fix the bug, commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-${TESSERA_FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scene_json obj ply gltf bucket_record journal user_config image_png image_jpeg image_hdr image_exr image_pfm)
fi
timeout_s=${TESSERA_FUZZ_TIMEOUT:-10}   # one input running longer is a hang
rss_mb=${TESSERA_FUZZ_RSS_MB:-2048}     # a process above this is out of memory,
malloc_mb=${TESSERA_FUZZ_MALLOC_MB:-512} # and so is one allocation above this: inputs are a few KB
jobs=$(nproc 2>/dev/null || echo 2)
build=$root/build-fuzz
start=$SECONDS

export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
echo "== fuzz: building build-fuzz/"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" \
      -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      "${launcher[@]}" -DTESSERA_FUZZ=ON -DTESSERA_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target $(printf 'fuzz_%s ' "${targets[@]}")

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/.ci/lsan.supp:print_suppressions=0"
failed=()
summary=()
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t findings=$build/findings/$t log=$build/logs/$t.log
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  seeds=("$root/tests/fuzz/corpus/$t")
  [ -d "$root/tests/fuzz/regressions/$t" ] && seeds+=("$root/tests/fuzz/regressions/$t")
  echo "== fuzz $t: ${seconds} s"
  rm -f "$findings"/*
  mode=()
  # A fixed seed from an empty corpus replays the same inputs in the same order,
  # so a run of T seconds tries a prefix of what a longer run with that seed
  # tries: CI can only find what a longer local run with its seed finds first.
  if [ -n "${TESSERA_FUZZ_SEED:-}" ]; then mode+=(-seed="$TESSERA_FUZZ_SEED"); rm -rf "${corpus:?}"/*; fi
  [ "${TESSERA_FUZZ_KEEP_GOING:-0}" = 1 ] && mode+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  status=0
  "$build/tests/fuzz/fuzz_$t" "${mode[@]}" -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" \
      -malloc_limit_mb="$malloc_mb" -artifact_prefix="$findings/" -print_final_stats=1 \
      "$corpus" "${seeds[@]}" >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n1 || true)
  [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -n1 | tr -d '#' || true)
  found=$(find "$findings" -type f | sort)
  if [ $status -ne 0 ] || [ -n "$found" ]; then
    failed+=("$t")
    grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|ALARM|out-of-memory|deadly signal|terminate called|what\(\)' "$log" | sort -u | head -n 8 || true
    summary+=("$t: ${execs:-?} executions, $(echo "$found" | grep -c .) FINDING(S) (exit $status): $(echo $found)")
  else
    summary+=("$t: ${execs:-?} executions, no findings")
  fi
done
echo "== fuzz summary (${seconds} s per target, -timeout=$timeout_s, -rss_limit_mb=$rss_mb, -malloc_limit_mb=$malloc_mb)"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  # Each finding in the log too (they are small), so one found on a CI machine can be recovered.
  for t in "${failed[@]}"; do
    for f in $(find "$build/findings/$t" -type f | sort); do
      echo "== finding $t/$(basename "$f") ($(stat -c %s "$f") bytes), base64:"
      base64 -w 100 "$f" | head -n 200
    done
  done
  if [ "${TESSERA_FUZZ_REPORT_ONLY:-0}" = 1 ]; then
    echo "== fuzz: NEW FINDINGS (${failed[*]}) in $((SECONDS - start)) s, reported, not failing this run" \
         "(TESSERA_FUZZ_REPORT_ONLY=1). Keep each as tests/fuzz/regressions/<target>/<name> and fix it."
    exit 0
  fi
  echo "== fuzz: FAILED (${failed[*]}) in $((SECONDS - start)) s; logs in build-fuzz/logs/." \
       "Keep each finding as tests/fuzz/regressions/<target>/<name> and fix it."
  exit 1
fi
echo "== fuzz: passed in $((SECONDS - start)) s"
