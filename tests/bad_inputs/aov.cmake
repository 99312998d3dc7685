# Bad inputs: AOV layers (--aov and the film block's "aov"), and journals that
# cannot carry this render's layers (see README.md).
set(A ${TESSERA_BAD_INPUTS})

# Checked before the scene is read (this one does not exist).
tessera_cli_test(aov.unknown_name_on_the_command_line ${TESSERA_CLI_FAILED}
    "^tessera: error: --aov: unknown AOV \"shadow\" \\(expected albedo, normal, depth, position or variance\\)\n"
    render aov_no_such_scene.json --resolution 8x8 --spp 1 --aov albedo,shadow -o aov_bad.exr)
tessera_cli_test(aov.empty_name_on_the_command_line ${TESSERA_CLI_FAILED}
    "^tessera: error: --aov: unknown AOV \"\" \\(expected albedo, normal, depth, position or variance\\)\n"
    render --resolution 8x8 --spp 1 --aov albedo,,normal -o aov_bad.exr)
tessera_cli_test(aov.unknown_name_in_the_film_block ${TESSERA_CLI_FAILED}
    "^tessera: error: [^\n]*aov_unknown_name\\.json: /film/aov/1: unknown AOV \"Normal\" \\(expected albedo, normal, depth, position or variance\\)\n"
    render ${A}/aov_unknown_name.json -o aov_bad.exr)
tessera_cli_test(aov.film_block_not_a_list ${TESSERA_CLI_FAILED}
    "^tessera: error: [^\n]*aov_not_a_list\\.json: /film/aov: expected an array, found string\n"
    render ${A}/aov_not_a_list.json -o aov_bad.exr)

# A journal of format 1 (before AOVs) is refused in one line, by merge and by --resume.
tessera_cli_test(aov.merge_refuses_a_version_1_journal ${TESSERA_CLI_FAILED}
    "^tessera: error: [^\n]*journals_v1_format\\.tsj: bucket file format version 1 was written by an older Tessera, before AOVs; this build reads version 2: render it again\n"
    merge ${A}/journals_v1_format.tsj -o aov_merge_v1.png)
tessera_resume_test(aov.resume_refuses_a_version_1_journal ${A}/journals_v1_format.tsj ${TESSERA_CLI_FAILED}
    "^tessera: error: aov\\.resume_refuses_a_version_1_journal\\.tsj: bucket file format version 1 was written by an older Tessera, before AOVs; this build reads version 2: render it again\n\\[tessera"
    --resolution 8x8 --spp 1 --bucket-size 4 -q)

# A resume with other layers than the journal's is another render: refused.
add_test(NAME aov.resume_with_other_aovs_refused
         COMMAND sh -c "rm -f aov_resume.tsj; \"$0\" render --resolution 8x8 --spp 1 --bucket-size 4 -q --aov albedo,depth \
--shard 0/2 -o aov_resume.tsj || exit 9; \"$0\" render --resolution 8x8 --spp 1 --bucket-size 4 -q --aov normal \
--shard 0/2 -o aov_resume.tsj --resume 2>&1; echo \"[tessera exit status: $?]\"; \"$0\" render --resolution 8x8 --spp 1 \
--bucket-size 4 -q --shard 0/2 -o aov_resume.tsj --resume 2>&1; echo \"[tessera exit status: $?]\"" $<TARGET_FILE:tessera>
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(aov.resume_with_other_aovs_refused PROPERTIES
    PASS_REGULAR_EXPRESSION "^tessera: error: aov_resume\\.tsj: written with AOVs albedo,depth, not normal; resume with the same --aov\n\\[tessera exit status: [1-9][0-9]*\\]\ntessera: error: aov_resume\\.tsj: written with AOVs albedo,depth, not none; resume with the same --aov\n\\[tessera exit status: [1-9][0-9]*\\]"
    TIMEOUT 60 LABELS "cli;journal" ENVIRONMENT "TESSERA_CONFIG=")
# Shards of other layers do not merge.
add_test(NAME aov.merge_of_other_aovs_refused
         COMMAND sh -c "rm -f aov_m0.tsj aov_m1.tsj; \"$0\" render --resolution 8x8 --spp 1 --bucket-size 4 -q --aov albedo \
--shard 0/2 -o aov_m0.tsj || exit 9; \"$0\" render --resolution 8x8 --spp 1 --bucket-size 4 -q --aov normal \
--shard 1/2 -o aov_m1.tsj || exit 9; \"$0\" merge aov_m0.tsj aov_m1.tsj -o aov_m.exr 2>&1; echo \"[tessera exit status: $?]\"" $<TARGET_FILE:tessera>
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(aov.merge_of_other_aovs_refused PROPERTIES
    PASS_REGULAR_EXPRESSION "^tessera: error: aov_m1\\.tsj: holds other AOV layers than aov_m0\\.tsj\n\\[tessera exit status: [1-9][0-9]*\\]"
    TIMEOUT 60 LABELS "cli;journal" ENVIRONMENT "TESSERA_CONFIG=")
