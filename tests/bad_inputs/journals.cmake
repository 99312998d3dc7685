# Bad inputs: journals (see README.md). Each case asserts the exit status and the message.
#
# The files (made once from real 8x8 renders of the built-in scene, --spp 1,
# --bucket-size 4, four records of 256 bytes at bytes 48, 304, 560 and 816;
# made in format 1 and converted to format 2 (the 48-byte header with AOV
# layers), each damage kept):
#   journals_8x8_spp1.tsj          a whole, valid journal
#   journals_8x8_spp2.tsj          the same image rendered with --spp 2 (another render)
#   journals_8x8_buckets8.tsj      the same render with 8x8 buckets
#   journals_corrupt_record.tsj    a payload byte of the record at 296 flipped
#   journals_damaged_length.tsj    the length field of the record at 296 made huge
#   journals_truncated_header.tsj  the first 20 bytes
#   journals_torn_tail.tsj         cut at byte 908, inside the last record (a killed writer)
#   journals_bad_magic.tsj, journals_bad_version.tsj (resealed), journals_header_checksum.tsj,
#   journals_impossible_size.tsj   (height 0, resealed)
#   journals_conflicting_pixels.tsj  bucket 2 (at 560) with one pixel changed, resealed
#   journals_two_versions.tsj      the valid journal plus that changed record of bucket 2 at 1072
#   journals_off_grid.tsj          the record at 816 relabelled bucket 0, resealed
#   journals_empty.tsj (0 bytes), journals_notes.txt (text)
#   journals_v1_format.tsj         journals_8x8_spp1.tsj as written in format 1 (before AOVs)
set(J ${TESSERA_BAD_INPUTS})
set(J_RENDER --resolution 8x8 --spp 1 --bucket-size 4 -q)

# ---- tessera merge ---------------------------------------------------------------
tessera_cli_test(journals.merge_corrupt_record ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_corrupt_record\\.tsj: record at byte 304: bucket record checksum mismatch \\(corrupt data\\)"
    merge ${J}/journals_corrupt_record.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_damaged_length ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_damaged_length\\.tsj: record at byte 304: damaged bucket record header"
    merge ${J}/journals_damaged_length.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_truncated_header ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_truncated_header\\.tsj: not a Tessera bucket file \\(too short for a header\\)"
    merge ${J}/journals_truncated_header.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_torn_tail_is_missing_a_bucket ${TESSERA_CLI_FAILED}
    "tessera: warning: [^\n]*journals_torn_tail\\.tsj ends in a torn record.*tessera: error: merge: 1 of 4 buckets missing \\(ids 3\\)"
    merge ${J}/journals_torn_tail.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_bad_magic ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_bad_magic\\.tsj: not a Tessera bucket file \\(bad magic\\)"
    merge ${J}/journals_bad_magic.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_bad_version ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_bad_version\\.tsj: bucket file format version 3 \\(this build reads version 2\\)"
    merge ${J}/journals_bad_version.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_header_checksum ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_header_checksum\\.tsj: bucket file header checksum mismatch"
    merge ${J}/journals_header_checksum.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_impossible_size ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_impossible_size\\.tsj: bucket file header has an impossible image or bucket size"
    merge ${J}/journals_impossible_size.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_empty_file ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_empty\\.tsj: not a Tessera bucket file \\(empty: 0 bytes\\)"
    merge ${J}/journals_empty.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_text_file ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_notes\\.txt: not a Tessera bucket file \\(bad magic\\)"
    merge ${J}/journals_notes.txt -o journals_merge.png)
tessera_cli_test(journals.merge_directory ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*bad_inputs/files: cannot read bucket file: Is a directory"
    merge ${J} -o journals_merge.png)
tessera_cli_test(journals.merge_missing_file ${TESSERA_CLI_FAILED}
    "tessera: error: journals_no_such_file\\.tsj: cannot open bucket file: No such file or directory"
    merge journals_no_such_file.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_foreign_render ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_8x8_spp2\\.tsj: from another scene or other render settings than [^\n]*journals_8x8_spp1\\.tsj"
    merge ${J}/journals_8x8_spp1.tsj ${J}/journals_8x8_spp2.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_other_bucket_size ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_8x8_buckets8\\.tsj: written with other bucket sizes than [^\n]*journals_8x8_spp1\\.tsj"
    merge ${J}/journals_8x8_spp1.tsj ${J}/journals_8x8_buckets8.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_record_off_grid ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*journals_off_grid\\.tsj: record at byte 816: bucket 0 does not match the 4x4 bucket grid of the file header"
    merge ${J}/journals_off_grid.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_conflicting_duplicate ${TESSERA_CLI_FAILED}
    "tessera: error: merge: bucket 2 has different pixels in [^\n]*journals_8x8_spp1\\.tsj \\(record at byte 560\\) and [^\n]*journals_conflicting_pixels\\.tsj \\(record at byte 560\\)"
    merge ${J}/journals_8x8_spp1.tsj ${J}/journals_conflicting_pixels.tsj -o journals_merge.png)
tessera_cli_test(journals.merge_conflict_within_one_file ${TESSERA_CLI_FAILED}
    "tessera: error: merge: bucket 2 has different pixels in [^\n]*journals_two_versions\\.tsj \\(record at byte 560\\) and [^\n]*journals_two_versions\\.tsj \\(record at byte 1072\\)"
    merge ${J}/journals_two_versions.tsj -o journals_merge.png)
# Not an error: the same buckets twice with the same bytes are merged once.
tessera_cli_test(journals.merge_identical_duplicates_tolerated ${TESSERA_CLI_OK}
    "tessera: 4 buckets found twice with the same pixels; merged once.*merged 2 bucket files, 4 of 4 buckets"
    merge ${J}/journals_8x8_spp1.tsj ${J}/journals_8x8_spp1.tsj -o journals_merge_twice.png)

# ---- tessera render --resume ------------------------------------------------------
# The bad file is copied into the build tree first (a resume opens its journal
# for writing), then given to --checkpoint FILE --resume; nothing is rendered.
function(tessera_resume_test name file status_regex output_regex)
  add_test(NAME ${name}
           COMMAND sh -c "src=$1; dst=$2; shift 2; rm -rf \"$dst\"; cp \"$src\" \"$dst\" || exit 9; \
\"$0\" render \"$@\" -o \"$dst.png\" --checkpoint \"$dst\" --resume 2>&1; echo \"[tessera exit status: $?]\"" $<TARGET_FILE:tessera> ${file}
                   ${name}.tsj ${ARGN}
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(${name} PROPERTIES
      PASS_REGULAR_EXPRESSION "${output_regex}.*\\[tessera exit status: ${status_regex}\\]"
      TIMEOUT 60 LABELS "cli;journal" ENVIRONMENT "TESSERA_CONFIG=")
endfunction()
tessera_resume_test(journals.resume_corrupt_record ${J}/journals_corrupt_record.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_corrupt_record\\.tsj: record at byte 304: bucket record checksum mismatch \\(corrupt data\\)" ${J_RENDER})
tessera_resume_test(journals.resume_damaged_length ${J}/journals_damaged_length.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_damaged_length\\.tsj: record at byte 304: damaged bucket record header" ${J_RENDER})
tessera_resume_test(journals.resume_truncated_header ${J}/journals_truncated_header.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_truncated_header\\.tsj: not a Tessera bucket file \\(too short for a header\\)" ${J_RENDER})
tessera_resume_test(journals.resume_bad_magic ${J}/journals_bad_magic.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_bad_magic\\.tsj: not a Tessera bucket file \\(bad magic\\)" ${J_RENDER})
tessera_resume_test(journals.resume_bad_version ${J}/journals_bad_version.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_bad_version\\.tsj: bucket file format version 3 \\(this build reads version 2\\)" ${J_RENDER})
tessera_resume_test(journals.resume_header_checksum ${J}/journals_header_checksum.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_header_checksum\\.tsj: bucket file header checksum mismatch" ${J_RENDER})
tessera_resume_test(journals.resume_text_file ${J}/journals_notes.txt ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_text_file\\.tsj: not a Tessera bucket file \\(bad magic\\)" ${J_RENDER})
tessera_resume_test(journals.resume_foreign_render ${J}/journals_8x8_spp2.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_foreign_render\\.tsj: written for another scene or other render settings \\(spp, seed, depth\\), or by another version of Tessera; it cannot be resumed by this render"
    --resolution 8x8 --spp 3 --bucket-size 4 -q)
# journals_8x8_spp1.tsj was written by a build whose fingerprint was a list of
# fields, with exactly these settings: this build's fingerprint (a hash of the
# scene description and the renderer's version) differs, so it is refused in
# one line, not resumed into an image of another renderer.
tessera_resume_test(journals.resume_written_by_an_older_tessera ${J}/journals_8x8_spp1.tsj ${TESSERA_CLI_FAILED}
    "^tessera: error: journals\\.resume_written_by_an_older_tessera\\.tsj: written for another scene or other render settings \\(spp, seed, depth\\), or by another version of Tessera; it cannot be resumed by this render\n\\[tessera"
    ${J_RENDER})
tessera_resume_test(journals.resume_other_image_size ${J}/journals_8x8_spp1.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_other_image_size\\.tsj: written for a 8x8 image, not 16x16"
    --resolution 16x16 --spp 1 --bucket-size 4 -q)
tessera_resume_test(journals.resume_conflicting_duplicate ${J}/journals_two_versions.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_conflicting_duplicate\\.tsj: bucket 2 has two records with different pixels \\(at bytes 560 and 1072\\)"
    ${J_RENDER})
tessera_resume_test(journals.resume_record_off_grid ${J}/journals_off_grid.tsj ${TESSERA_CLI_FAILED}
    "tessera: error: journals\\.resume_record_off_grid\\.tsj: record at byte 816: bucket 0 does not match the 4x4 bucket grid" ${J_RENDER})
# Not errors: an empty (0-byte) journal starts afresh, a torn tail is dropped.
tessera_resume_test(journals.resume_empty_starts_afresh ${J}/journals_empty.tsj ${TESSERA_CLI_OK}
    "tessera: journals\\.resume_empty_starts_afresh\\.tsj is empty: starting afresh" --resolution 8x8 --spp 1 --bucket-size 4)

# A directory, or a journal in a missing directory, named with the reason.
tessera_cli_test(journals.checkpoint_directory ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*bad_inputs/files: is a directory, not a bucket file \\(\\.tsj\\)"
    render ${J_RENDER} -o journals_dir.png --checkpoint ${J})
tessera_cli_test(journals.resume_directory ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*bad_inputs/files: is a directory, not a bucket file \\(\\.tsj\\)"
    render ${J_RENDER} -o journals_dir.png --checkpoint ${J} --resume)
tessera_cli_test(journals.checkpoint_in_missing_directory ${TESSERA_CLI_FAILED}
    "tessera: error: journals_no_such_dir/job\\.tsj: cannot open bucket file: No such file or directory"
    render ${J_RENDER} -o journals_missing_dir.png --checkpoint journals_no_such_dir/job.tsj --resume)
# A shard of this build and one of an older build (the same settings): refused.
add_test(NAME journals.merge_with_an_older_tessera_refused
         COMMAND sh -c "rm -f journals_new_shard.tsj; \"$0\" render --resolution 8x8 --spp 1 --bucket-size 4 -q \
--shard 0/1 -o journals_new_shard.tsj || exit 9; \"$0\" merge journals_new_shard.tsj $1 -o journals_old_new.png 2>&1; \
echo \"[tessera exit status: $?]\"" $<TARGET_FILE:tessera> ${J}/journals_8x8_spp1.tsj
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(journals.merge_with_an_older_tessera_refused PROPERTIES
    PASS_REGULAR_EXPRESSION "^tessera: error: [^\n]*journals_8x8_spp1\\.tsj: from another scene or other render settings than journals_new_shard\\.tsj \\(or written by another version of Tessera\\)\n\\[tessera exit status: [1-9][0-9]*\\]"
    TIMEOUT 60 LABELS "cli;journal" ENVIRONMENT "TESSERA_CONFIG=")
# The fingerprint is the scene description: scheduling (threads, scheduler,
# order) resumes the same render; a film setting from the command line is
# another render (each refused in one line).
add_test(NAME journals.resume_scheduling_yes_film_settings_no
         COMMAND sh -c "rm -f journals_sched.tsj; r='render --resolution 8x8 --bucket-size 4 -o journals_sched.png --checkpoint journals_sched.tsj'; \
\"$0\" $r --spp 1 -q -t:2 || exit 9; \"$0\" $r --spp 1 --resume -t:1 --scheduler static --bucket-order spiral 2>&1 || exit 8; \
\"$0\" $r --resume --spp 1 --seed 0 --max-depth 5 -q 2>&1 || exit 6; \
for o in '--spp 1 --seed 1' '--spp 1 --max-depth 2' '--spp 1 --variance' '--spp 2'; do \"$0\" $r --resume $o 2>&1 && exit 7; done; echo \"[done]\"" $<TARGET_FILE:tessera>
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(journals.resume_scheduling_yes_film_settings_no PROPERTIES
    PASS_REGULAR_EXPRESSION "resuming journals_sched\\.tsj: 4 buckets already done[^\n]*\n(tessera: [^\n]*\n)*tessera: error: journals_sched\\.tsj: written for another scene[^\n]*\ntessera: error: journals_sched\\.tsj: written for another scene[^\n]*\ntessera: error: journals_sched\\.tsj: written for another scene[^\n]*\ntessera: error: journals_sched\\.tsj: written for another scene[^\n]*\n\\[done\\]"
    TIMEOUT 60 LABELS "cli;journal" ENVIRONMENT "TESSERA_CONFIG=")
# Another bucket size than the journal's: generated here, since the fingerprint must match this build's.
add_test(NAME journals.resume_other_bucket_size
         COMMAND sh -c "rm -f journals_bucket_size.tsj; \"$0\" render --resolution 8x8 --spp 1 --bucket-size 4 -q \
--shard 0/1 -o journals_bucket_size.tsj || exit 9; \"$0\" render --resolution 8x8 --spp 1 --bucket-size 8 -q \
--shard 0/1 -o journals_bucket_size.tsj --resume 2>&1; echo \"[tessera exit status: $?]\"" $<TARGET_FILE:tessera>
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(journals.resume_other_bucket_size PROPERTIES
    PASS_REGULAR_EXPRESSION "tessera: error: journals_bucket_size\\.tsj: written with 4x4 buckets; resume with --bucket-size 4x4.*\\[tessera exit status: [1-9][0-9]*\\]"
    TIMEOUT 60 LABELS "cli;journal" ENVIRONMENT "TESSERA_CONFIG=")
