# Bad inputs: images (see README.md). Each case asserts the exit status and the message.
#
# The files in files/images_* are small: halves of 32x24 renders (truncated_*),
# 512 random bytes (garbage_*), headers that claim more than the file holds
# (huge_*: a 56-byte HDR claiming 10000x10000, a 20-byte PFM claiming
# 65536x65536, an 8 KB EXR whose data window is 2000000x1000, a PNG whose IHDR
# says 60000x60000), an RLE run past the end of its scanline, 8x8 all-NaN and
# finite images. A reader that trusts a header would allocate gigabytes or hang:
# each case has a short timeout.
set(TESSERA_IMAGES_REF ${TESSERA_BAD_INPUTS}/images_ref.pfm)
set(TESSERA_COMPARE_UNREADABLE 4)
set(TESSERA_COMPARE_FAILURE 2)

# tessera compare BAD REFERENCE: exit 4, and the message names BAD and what is wrong.
function(tessera_bad_image name file message)
  string(REPLACE "." "\\." file_regex "${file}")
  tessera_cli_test(bad_input.images.${name} ${TESSERA_COMPARE_UNREADABLE}
      "tessera: error: [^\n]*${file_regex}: cannot read image: ${message}"
      compare ${TESSERA_BAD_INPUTS}/${file} ${TESSERA_IMAGES_REF})
  set_tests_properties(bad_input.images.${name} PROPERTIES TIMEOUT 10)
endfunction()

tessera_bad_image(truncated_png images_truncated.png "truncated PNG: chunk \"IDAT\"")
tessera_bad_image(truncated_jpeg images_truncated.jpg "truncated JPEG: no end-of-image marker")
tessera_bad_image(truncated_hdr images_truncated.hdr "truncated Radiance HDR data at scanline 11 of 24")
tessera_bad_image(truncated_exr images_truncated.exr "truncated or corrupt EXR")
tessera_bad_image(truncated_pfm images_truncated.pfm "truncated PFM data: 32x24 needs 9216 bytes")
tessera_bad_image(empty_png images_empty.png "empty file")
tessera_bad_image(empty_exr images_empty.exr "empty file")
tessera_bad_image(garbage_hdr images_garbage.hdr "not a Radiance HDR file")
tessera_bad_image(garbage_jpeg images_garbage.jpg "not a JPEG file")
tessera_bad_image(garbage_pfm images_garbage.pfm "not a valid PFM header")
tessera_bad_image(hdr_header_claims_10000x10000 images_huge_header.hdr "the header claims 10000x10000 pixels, more than a 56-byte file can hold")
tessera_bad_image(pfm_header_claims_65536x65536 images_huge_header.pfm "the header claims 65536x65536 pixels")
tessera_bad_image(exr_data_window_2000000x1000 images_huge_window.exr "the header claims 2000000x1000 pixels")
tessera_bad_image(png_ihdr_claims_60000x60000 images_huge_ihdr.png "the header claims 60000x60000 pixels")
tessera_bad_image(hdr_rle_run_past_scanline images_bad_rle.hdr "corrupt Radiance HDR scanline 0: a run of 100 at x 0 of 8")
tessera_bad_image(unknown_extension images_picture.bmp "unknown format \"\\.bmp\"")
tessera_bad_image(missing_file images_no_such_file.exr "No such file or directory")
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/images_out_dir.png ${CMAKE_CURRENT_BINARY_DIR}/images_out_dir.json)
tessera_cli_test(bad_input.images.directory ${TESSERA_COMPARE_UNREADABLE}
    "tessera: error: images_out_dir\\.png: cannot read image: is a directory"
    compare images_out_dir.png ${TESSERA_IMAGES_REF})

# A test image full of NaN against a finite reference fails (exit 2), whatever the metric.
foreach(format exr pfm)
  tessera_cli_test(bad_input.images.all_nan_${format}_fails ${TESSERA_COMPARE_FAILURE}
      "non-finite +64 pixels in the test.*FAILURE: 64 pixels are NaN or infinite in [^\n]*images_nan\\.${format}"
      compare ${TESSERA_BAD_INPUTS}/images_nan.${format} ${TESSERA_IMAGES_REF} --metric psnr --fail 10)
endforeach()
tessera_cli_test(bad_input.images.all_nan_fails_flip ${TESSERA_COMPARE_FAILURE}
    "FAILURE: 64 pixels are NaN or infinite"
    compare ${TESSERA_BAD_INPUTS}/images_nan.exr ${TESSERA_IMAGES_REF} --metric flip --fail 1)
tessera_cli_test(bad_input.images.all_nan_fails_ztest ${TESSERA_COMPARE_FAILURE}
    "64 of 64 pixels reject.*FAILURE: 64 pixels are NaN or infinite"
    compare ${TESSERA_BAD_INPUTS}/images_nan.pfm ${TESSERA_IMAGES_REF} --ztest ${TESSERA_IMAGES_REF} --spp 4)
tessera_cli_test(bad_input.images.all_nan_json_counts ${TESSERA_COMPARE_FAILURE}
    "\"nonfinite\": {[^}]*\"test_pixels\": 64"
    compare ${TESSERA_BAD_INPUTS}/images_nan.pfm ${TESSERA_IMAGES_REF} --json)
tessera_cli_test(bad_input.images.nan_reference_fails ${TESSERA_COMPARE_FAILURE}
    "FAILURE: [^\n]*images_nan\\.pfm has 64 non-finite \\(NaN or infinite\\) pixels: a reference must be finite"
    compare ${TESSERA_IMAGES_REF} ${TESSERA_BAD_INPUTS}/images_nan.pfm)

# Output paths: checked before any work. The renders asked for here would take
# minutes, so the timeout catches a tessera that renders first.
set(TESSERA_SLOW_RENDER --resolution 2048x2048 --spp 65536)
function(tessera_bad_output name message)
  tessera_cli_test(bad_input.images.${name} ${TESSERA_CLI_FAILED} "tessera: error: ${message}" ${ARGN})
  set_tests_properties(bad_input.images.${name} PROPERTIES TIMEOUT 20 FAIL_REGULAR_EXPRESSION "wrote")
endfunction()
tessera_bad_output(render_output_missing_directory
    "images_no_dir/out\\.png: cannot write image in images_no_dir: No such file or directory"
    render ${TESSERA_SLOW_RENDER} -o images_no_dir/out.png)
tessera_bad_output(render_output_is_directory
    "images_out_dir\\.png: cannot write image: is a directory"
    render ${TESSERA_SLOW_RENDER} -o images_out_dir.png)
tessera_bad_output(render_output_exr_missing_directory
    "images_no_dir/out\\.exr: cannot write image in images_no_dir: No such file or directory"
    render ${TESSERA_SLOW_RENDER} --completion sequential -o images_no_dir/out.exr)
tessera_bad_output(stats_json_missing_directory
    "images_no_dir/stats\\.json: cannot write statistics in images_no_dir: No such file or directory"
    render ${TESSERA_SLOW_RENDER} -o images_ok.png --stats-json images_no_dir/stats.json)
tessera_bad_output(stats_json_is_directory
    "images_out_dir\\.json: cannot write statistics: is a directory"
    render ${TESSERA_SLOW_RENDER} -o images_ok.png --stats-json images_out_dir.json)
tessera_bad_output(trace_missing_directory
    "images_no_dir/trace\\.json: cannot write trace in images_no_dir: No such file or directory"
    render ${TESSERA_SLOW_RENDER} -o images_ok.png --trace images_no_dir/trace.json)
tessera_bad_output(heatmap_missing_directory
    "images_no_dir/heat\\.png: cannot write heatmap in images_no_dir: No such file or directory"
    render ${TESSERA_SLOW_RENDER} -o images_ok.png --heatmap images_no_dir/heat.png)
tessera_bad_output(heatmap_is_directory
    "images_out_dir\\.png: cannot write heatmap: is a directory"
    render ${TESSERA_SLOW_RENDER} -o images_ok.png --heatmap images_out_dir.png)
tessera_bad_output(merge_output_missing_directory
    "images_no_dir/merged\\.exr: cannot write image in images_no_dir: No such file or directory"
    merge images_no_such_shard.tsj -o images_no_dir/merged.exr)
tessera_bad_output(merge_output_is_directory
    "images_out_dir\\.png: cannot write image: is a directory"
    merge images_no_such_shard.tsj -o images_out_dir.png)
tessera_bad_output(compare_diff_missing_directory
    "images_no_dir/diff\\.png: cannot write difference image in images_no_dir: No such file or directory"
    compare ${TESSERA_IMAGES_REF} ${TESSERA_IMAGES_REF} --diff images_no_dir/diff.png)
# One file given for two roles: refused before anything is read or written
# (copies in the build tree, so a failure could not overwrite a tracked file).
configure_file(${PROJECT_SOURCE_DIR}/scenes/cornell-box.json ${CMAKE_CURRENT_BINARY_DIR}/images_scene_copy.json COPYONLY)
configure_file(${TESSERA_IMAGES_REF} ${CMAKE_CURRENT_BINARY_DIR}/images_ref_copy.pfm COPYONLY)
tessera_bad_output(stats_json_is_the_scene "images_scene_copy\\.json: given as both the scene file and --stats-json"
    render images_scene_copy.json ${TESSERA_SLOW_RENDER} -o images_ok.png --stats-json images_scene_copy.json)
tessera_bad_output(heatmap_is_the_output "\\./images_same\\.png: given as both -o and --heatmap"
    render ${TESSERA_SLOW_RENDER} -o images_same.png --heatmap ./images_same.png)
tessera_bad_output(checkpoint_is_the_output "images_same\\.exr: given as both -o and --checkpoint"
    render ${TESSERA_SLOW_RENDER} -o images_same.exr --checkpoint images_same.exr)
tessera_bad_output(merge_output_is_an_input "images_shard\\.tsj: given as both an input and -o"
    merge images_shard.tsj -o images_shard.tsj)
tessera_bad_output(compare_diff_is_the_reference "images_ref_copy\\.pfm: given as both TEST and --diff"
    compare images_ref_copy.pfm images_ref_copy.pfm --diff images_ref_copy.pfm)
# An empty value (an unset variable in a farm script) is an error, not "the default" or "none".
tessera_bad_output(empty_output "--output: (empty value|1 required TEXT missing)" render ${TESSERA_SLOW_RENDER} --output=)
tessera_bad_output(empty_checkpoint "--checkpoint: (empty value|1 required TEXT missing)" render ${TESSERA_SLOW_RENDER} -o images_ok.png --checkpoint=)
tessera_bad_output(exposure_nan "--exposure nan: must be a finite number of stops"
    render ${TESSERA_SLOW_RENDER} --exposure nan -o images_ok.png)
tessera_bad_output(exposure_inf "--exposure inf: must be a finite number of stops"
    render ${TESSERA_SLOW_RENDER} --exposure inf -o images_ok.png)

# A read-only output directory (a read-only tmpfs in a private mount namespace:
# CI runs as root, which chmod would not stop), for the image and every report.
add_test(NAME bad_input.images.read_only_output_directory
         COMMAND sh -c "mkdir -p images_ro && unshare -rm true 2>/dev/null || { echo SKIP; exit 77; }; \
exec unshare -rm sh -c 'mount -t tmpfs -o size=64k,ro tmpfs images_ro || exit 77; \
for a in \"-o images_ro/out.png\" \"-o images_ro/out.exr --completion sequential\" \"-o images_ok.png --stats-json images_ro/s.json\" \
\"-o images_ok.png --trace images_ro/t.json\" \"-o images_ok.png --heatmap images_ro/h.png\"; do \
timeout 20 \"$0\" render --resolution 2048x2048 --spp 65536 $a; echo \"[status $?]\"; done' \"$0\"" $<TARGET_FILE:tessera>
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(bad_input.images.read_only_output_directory PROPERTIES
    PASS_REGULAR_EXPRESSION "images_ro/out\\.png: cannot write image in images_ro: Read-only file system\n\\[status 1\\].*images_ro/out\\.exr: cannot write image in images_ro: Read-only file system\n\\[status 1\\].*images_ro/s\\.json: cannot write statistics in images_ro: Read-only file system\n\\[status 1\\].*images_ro/t\\.json: cannot write trace in images_ro: Read-only file system\n\\[status 1\\].*images_ro/h\\.png: cannot write heatmap in images_ro: Read-only file system\n\\[status 1\\]"
    SKIP_RETURN_CODE 77 TIMEOUT 60 LABELS cli ENVIRONMENT "TESSERA_CONFIG=")

# --exposure and --tonemap do nothing for a float image: a one-line warning, and the render goes on.
tessera_cli_test(bad_input.images.exposure_with_float_output_warns ${TESSERA_CLI_OK}
    "tessera: warning: images_exposure\\.exr: --exposure and --tonemap apply to PNG and JPEG output only"
    render --resolution 16x16 --spp 1 --exposure 2 -q -o images_exposure.exr)

# --exr-float does nothing for another format: a one-line warning, and the render goes on.
tessera_cli_test(bad_input.images.exr_float_with_png_warns ${TESSERA_CLI_OK}
    "tessera: warning: images_float\\.png: --exr-float applies to EXR output only"
    render --resolution 16x16 --spp 1 --exr-float -q -o images_float.png)
# A --ztest variance image with a negative pixel is not a variance: unreadable input (exit 4).
tessera_cli_test(bad_input.images.ztest_negative_variance 4
    "tessera: error: [^\n]*images_negative_variance\\.pfm: pixel \\(0, 0\\) holds -1[.0-9]*: not a variance image"
    compare ${TESSERA_IMAGES_REF} ${TESSERA_IMAGES_REF} --ztest ${TESSERA_BAD_INPUTS}/images_negative_variance.pfm --spp 4)
