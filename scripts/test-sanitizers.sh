#!/usr/bin/env bash
# Build Tessera under sanitizers and run its tests through CTest.
#
#   scripts/test-sanitizers.sh asan   # AddressSanitizer + UBSan: the whole test suite, in build-asan/
#   scripts/test-sanitizers.sh tsan   # ThreadSanitizer: the multithreaded tests, in build-tsan/
#   scripts/test-sanitizers.sh        # both
#
# Extra arguments go to ctest (e.g. -R journal). Both builds use clang and
# ccache and are reused between runs. Any sanitizer report fails the stage:
# reports are written to <build>/sanitizer-reports/ (log_path), so a report from
# a tessera whose stderr a test discards, or from a test expecting a non-zero
# exit status, is still caught; they are printed at the end.
#
# ThreadSanitizer only means something if oneTBB's synchronisation is visible to
# it, so the TSan build links a oneTBB built with -fsanitize=thread from
# Debian's source package (scripts/build-tbb-tsan.sh, cached outside the clone).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
stage=${1:-all}
[ $# -gt 0 ] && shift
jobs=$(nproc 2>/dev/null || echo 2)
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi

# -O2 with assertions on (no NDEBUG) and debug info for the reports' stacks.
common=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g"
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}")

# Run ctest in $1 with the rest as arguments; fail on a failed test or on any report.
# ctest runs under the command in the array run_prefix, if any.
run_prefix=()
run_ctest() {
  local build=$1; shift
  local reports=$build/sanitizer-reports
  rm -rf "$reports"; mkdir -p "$reports"  # reports of this ctest run only
  local status=0
  ${run_prefix[@]+"${run_prefix[@]}"} ctest --test-dir "$build" --output-on-failure -j"$jobs" "$@" || status=$?
  local files
  files=$(find "$reports" -type f | sort)
  if [ -n "$files" ]; then
    echo "test-sanitizers: $(echo "$files" | wc -l) sanitizer report(s) in $reports:" >&2
    for f in $files; do echo "==== $f" >&2; cat "$f" >&2; done
    status=1
  fi
  return $status
}

asan() {
  local start=$SECONDS build=$root/build-asan
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer: build-asan/"
  cmake -S . -B "$build" "${common[@]}" -DTESSERA_SANITIZE=address,undefined >/dev/null
  cmake --build "$build" -j"$jobs"
  local reports=$build/sanitizer-reports/report
  # exitcode: a report makes the process fail even in a test that expects exit 1.
  # Leaks in third-party code we do not build: .ci/lsan.supp.
  local asan_options="log_path=$reports:exitcode=86:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1"
  export UBSAN_OPTIONS="log_path=$reports:print_stacktrace=1:halt_on_error=1:exitcode=86"
  export LSAN_OPTIONS="suppressions=$root/.ci/lsan.supp:print_suppressions=0"
  local status=0
  ASAN_OPTIONS="$asan_options" run_ctest "$build" -LE mpi "$@" || status=$?
  # Open MPI's leaks are allocated in components it dlclose()s at MPI_Finalize, and
  # the fast unwinder stops in them: unwind fully (slow), so the stacks reach
  # libmpi and .ci/lsan.supp can name it. Only for the MPI tests.
  ASAN_OPTIONS="$asan_options:fast_unwind_on_malloc=0" run_ctest "$build" -L mpi "$@" || status=$?
  echo "== asan: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
  return $status
}

# The tests that run threads: the bucket engine (every scheduler, order and
# completion, errors, interrupts, restored buckets), determinism across thread
# counts, journals, streamed EXR sinks, the bounded queue, Embree queries from
# many threads, and every tessera command line test (renders, resume after kill,
# shards, progress, MPI), and the alpha cut-out filters Embree calls on every worker.
tsan_tests='scheduler|sequential completion|completer|statistics account|sink|restored|interrupt|queue|bit-identical|seed changes|journal|Journal|Exr|many threads|non-finite|cut-outs|^cli\.'

tsan() {
  local start=$SECONDS build=$root/build-tsan
  echo "== ThreadSanitizer: build-tsan/ (multithreaded tests)"
  local tbb
  tbb=$(scripts/build-tbb-tsan.sh)
  cmake -S . -B "$build" "${common[@]}" -DTESSERA_SANITIZE=thread \
        -DCMAKE_PREFIX_PATH="$tbb" -DTBB_DIR="$tbb/lib/cmake/TBB" >/dev/null
  cmake --build "$build" -j"$jobs"
  # Embree (uninstrumented) loads libtbb.so.12 too: make sure the process gets the TSan one.
  export LD_LIBRARY_PATH="$tbb/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if ! ldd "$build/app/tessera" | grep -q "$tbb/lib/libtbb.so"; then
    echo "test-sanitizers: build-tsan/app/tessera does not load the TSan oneTBB from $tbb:" >&2
    ldd "$build/app/tessera" | grep tbb >&2
    return 1
  fi
  local reports=$build/sanitizer-reports/report
  local status=0
  # Clang 14's TSan maps its shadow at fixed addresses and dies at random
  # ("FATAL: ThreadSanitizer: unexpected memory mapping") on kernels that
  # randomize mmap with more than 30 bits (vm.mmap_rnd_bits=32; google/sanitizers
  # issue 1716). Turn address randomization off for the tests (inherited by every
  # process they start) where the container allows it.
  local no_aslr=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then
    no_aslr=(setarch "$(uname -m)" -R)
  else
    echo "test-sanitizers: cannot turn off address randomization here (vm.mmap_rnd_bits=$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo '?'))"
  fi
  run_prefix=(${no_aslr[@]+"${no_aslr[@]}"})
  TSAN_OPTIONS="log_path=$reports:exitcode=66:halt_on_error=0:second_deadlock_stack=1:suppressions=$root/.ci/tsan.supp" \
    run_ctest "$build" -R "$tsan_tests" "$@" || status=$?
  echo "== tsan: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
  return $status
}

case "$stage" in
  asan) asan "$@" ;;
  tsan) tsan "$@" ;;
  all) status=0; asan "$@" || status=1; tsan "$@" || status=1; exit $status ;;
  *) echo "usage: scripts/test-sanitizers.sh [asan|tsan|all] [ctest arguments]" >&2; exit 2 ;;
esac
