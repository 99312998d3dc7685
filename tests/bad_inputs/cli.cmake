# Bad inputs: the command line itself (see README.md). Every usage error is one
# line, "tessera: error: <what> (see tessera [COMMAND] --help)", and exit status
# 2 (tessera compare: 4, its "other error", so that its 2 keeps meaning "the
# images differ"); CLI11's own codes (100 and up) never reach the shell.

# usage_error(<case> <status> <message regex> <args>...): the whole output is
# that one line and the status, nothing before or after it.
function(usage_error name status message)
  add_test(NAME bad_input.cli.${name}
           COMMAND sh -c "\"$0\" \"$@\" 2>&1; echo \"[tessera exit status: $?]\"" $<TARGET_FILE:tessera> ${ARGN}
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(bad_input.cli.${name} PROPERTIES
      PASS_REGULAR_EXPRESSION "^tessera: error: ${message}[^\n]*\n\\[tessera exit status: ${status}\\]\n$"
      TIMEOUT 20 LABELS cli ENVIRONMENT "TESSERA_CONFIG=")
endfunction()

usage_error(no_command 2 "no command given \\(expected render, merge, compare, bench or generate\\) \\(see tessera --help\\)")
usage_error(unknown_command 2 "unknown command \"frobnicate\" \\(expected a command: render, merge, compare, bench or generate\\) \\(see tessera --help\\)" frobnicate)
usage_error(unknown_option_before_command 2 "unknown option \"--frobnicate\" \\(expected a command: render, merge, compare, bench or generate\\) \\(see tessera --help\\)" --frobnicate)
usage_error(unknown_option 2 "[^\n]*--frobnicate[^\n]*\\(see tessera render --help\\)" render --frobnicate)
usage_error(bucket_order_unknown 2 "--bucket-order: zigzag not in \\{scanline,spiral,hilbert,random\\}"
    render --bucket-order zigzag)
usage_error(scheduler_unknown 2 "--scheduler: [^\n]*fifo" render --scheduler fifo)
usage_error(threads_not_a_number 2 "--threads: cannot read \"abc\" as a number" render -t:abc)
usage_error(threads_empty 2 "[^\n]*threads[^\n]*" render -t:)
usage_error(spp_not_a_number 2 "[^\n]*--spp[^\n]*many" render --spp many)
usage_error(output_missing_value 2 "[^\n]*--output[^\n]*" render -o)
# CMake drops an empty argument from a list, so sh passes it here.
add_test(NAME bad_input.cli.output_empty_value
         COMMAND sh -c "\"$0\" render -o '' 2>&1; echo \"[tessera exit status: $?]\"" $<TARGET_FILE:tessera>
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(bad_input.cli.output_empty_value PROPERTIES
    PASS_REGULAR_EXPRESSION "^tessera: error: --output: empty value\n\\[tessera exit status: 2\\]\n$"
    TIMEOUT 20 LABELS cli ENVIRONMENT "TESSERA_CONFIG=")
usage_error(scene_and_extra_argument 2 "[^\n]*second\\.json" render first.json second.json)
usage_error(tonemap_unknown 2 "--tonemap: [^\n]*filmic" render --tonemap filmic)
usage_error(heatmap_mode_unknown 2 "--heatmap-mode: [^\n]*cost" render --heatmap-mode cost)
# Values checked after parsing but before any file is read are usage errors too.
usage_error(threads_5000 2 "--threads: 5000 is out of range \\[-4096, 4096\\]" render -t:5000)
usage_error(bucket_size_zero 2 "--bucket-size: bucket size \"0\"" render --bucket-size 0)
usage_error(resolution_malformed 2 "--resolution \"16\": expected WxH" render --resolution 16)
usage_error(seed_negative 2 "--seed \"-1\"" render --seed=-1)
usage_error(merge_needs_output 2 "[^\n]*--output[^\n]*\\(see tessera merge --help\\)" merge a.tsj)
usage_error(bench_threads_5000 2 "--threads: 5000 is out of range" bench -t 1,5000)
usage_error(bench_scheduler_unknown 2 "--schedulers?: [^\n]*fifo" bench --schedulers tbb,fifo)
# tessera compare: idiff's codes; a usage error is 4, never 2 (a failed comparison).
usage_error(compare_missing_reference 4 "[^\n]*reference[^\n]*\\(see tessera compare --help\\)" compare only.exr)
usage_error(compare_unknown_metric 4 "--metric: [^\n]*ssim" compare a.exr b.exr --metric ssim)
usage_error(compare_unknown_option 4 "[^\n]*--frobnicate" compare a.exr b.exr --frobnicate)

# A runtime error (here a missing scene file) is status 1, not the usage status.
tessera_cli_test(bad_input.cli.runtime_error_is_1 "1" "tessera: error: [^\n]*cli-no-such-scene\\.json: cannot open scene file"
    render cli-no-such-scene.json -q -o bad_cli_runtime.png)
# --help is not an error.
tessera_cli_test(bad_input.cli.help_is_success ${TESSERA_CLI_OK} "Usage:" --help)

# ---- thread counts: one rule from every source -------------------------------
# Beyond [-4096, 4096] refused (above); above 4x the hardware threads (and 16)
# capped with one warning naming the cap, from the command line (scene.cmake),
# the scene file's render block, TESSERA_THREADS, the user config and bench -t.
set(CLI_CAP_WARNING "tessera: warning: 4096 threads requested; using [0-9]+ \\(at most 4 per hardware thread")
file(READ ${PROJECT_SOURCE_DIR}/scenes/cornell-box.json CLI_CAP_SCENE)
string(REPLACE "\"film\":" "\"render\": { \"threads\": 4096 },\n  \"film\":" CLI_CAP_SCENE "${CLI_CAP_SCENE}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/cli_threads_4096.json "${CLI_CAP_SCENE}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/cli_threads_4096.toml "[render]\nthreads = 4096\n")
tessera_cli_test(bad_input.cli.threads_capped_from_scene_file ${TESSERA_CLI_OK} "${CLI_CAP_WARNING}"
    render cli_threads_4096.json -q --resolution 8x8 --spp 1 -o bad_cli_capped_scene.png)
tessera_cli_test(bad_input.cli.threads_capped_from_environment ${TESSERA_CLI_OK} "${CLI_CAP_WARNING}"
    render -q --resolution 8x8 --spp 1 -o bad_cli_capped_env.png)
set_tests_properties(bad_input.cli.threads_capped_from_environment PROPERTIES ENVIRONMENT "TESSERA_CONFIG=;TESSERA_THREADS=4096")
tessera_cli_test(bad_input.cli.threads_capped_from_config ${TESSERA_CLI_OK} "${CLI_CAP_WARNING}"
    render -q --resolution 8x8 --spp 1 -o bad_cli_capped_config.png)
set_tests_properties(bad_input.cli.threads_capped_from_config PROPERTIES
    ENVIRONMENT "TESSERA_CONFIG=${CMAKE_CURRENT_BINARY_DIR}/cli_threads_4096.toml")
tessera_cli_test(bad_input.cli.threads_capped_in_bench ${TESSERA_CLI_OK} "${CLI_CAP_WARNING}"
    bench -t 4096 --spp 1 --resolution 8x8)
# The capped count is the one used: the summary says so.
tessera_cli_test(bad_input.cli.threads_capped_count_used ${TESSERA_CLI_OK} "tessera: (1[6-9]|[2-9][0-9]|[0-9]{3,}) threads, "
    render -t:4096 --resolution 8x8 --spp 1 -o bad_cli_capped_used.png)
