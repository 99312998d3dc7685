# Sanitizer and fuzzing builds (scripts/test-sanitizers.sh, scripts/fuzz.sh).
#
#   -DTESSERA_SANITIZE=address,undefined   AddressSanitizer + UndefinedBehaviorSanitizer
#   -DTESSERA_SANITIZE=thread              ThreadSanitizer (link a TSan-built oneTBB:
#                                          scripts/build-tbb-tsan.sh says why)
#   -DTESSERA_FUZZ=ON                      libFuzzer targets in tests/fuzz/ (clang only);
#                                          everything else is built with
#                                          -fsanitize=fuzzer-no-link,address,undefined
#
# Every target of the project (libraries, tessera, the tests) is instrumented, so
# a report can come from any layer. Undefined behaviour is not recoverable: the
# first report aborts the process, so a test cannot pass over it.

set(TESSERA_SANITIZE "" CACHE STRING "Sanitizers to build with, comma separated (address,undefined | thread)")
option(TESSERA_FUZZ "Build the libFuzzer targets in tests/fuzz (clang)" OFF)

set(_tessera_sanitize "${TESSERA_SANITIZE}")
if(TESSERA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TESSERA_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  if(_tessera_sanitize STREQUAL "")
    set(_tessera_sanitize "address,undefined")
  endif()
  # The fuzz targets add -fsanitize=fuzzer themselves (it brings libFuzzer's main).
  set(_tessera_sanitize "fuzzer-no-link,${_tessera_sanitize}")
endif()

if(NOT _tessera_sanitize STREQUAL "")
  if(_tessera_sanitize MATCHES "thread" AND _tessera_sanitize MATCHES "address")
    message(FATAL_ERROR "TESSERA_SANITIZE: thread cannot be combined with address")
  endif()
  message(STATUS "Tessera: building with -fsanitize=${_tessera_sanitize}")
  set(_tessera_sanitize_flags -fsanitize=${_tessera_sanitize} -fno-omit-frame-pointer -g)
  if(_tessera_sanitize MATCHES "undefined")
    list(APPEND _tessera_sanitize_flags -fno-sanitize-recover=undefined)
  endif()
  add_compile_options(${_tessera_sanitize_flags})
  add_link_options(-fsanitize=${_tessera_sanitize})
endif()
