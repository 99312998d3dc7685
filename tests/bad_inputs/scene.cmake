# Bad inputs: scene (see README.md). Each case asserts the exit status and the message.
# Scene files, meshes, command-line values, the environment and the user config.
# Every message names the file and the place: file:line:col for JSON syntax,
# a JSON pointer for values, file:line for OBJ and config files, the option or
# the variable for the command line and the environment.

set(SCENE_BAD ${CMAKE_CURRENT_SOURCE_DIR}/bad_inputs/files)
set(SCENE_OK ${SCENE_BAD}/scene-ok.json)

# A scene file that must be refused: bad_scene(<case> <scene file> <message regex>).
function(bad_scene name file message)
  tessera_cli_test(bad_input.scene.${name} ${TESSERA_CLI_FAILED} "tessera: error: [^\n]*${message}"
      render ${SCENE_BAD}/${file} -q --resolution 8x8 --spp 1 -o bad_scene_${name}.png)
  set_tests_properties(bad_input.scene.${name} PROPERTIES FAIL_REGULAR_EXPRESSION "wrote")
endfunction()

# A scene that loads with one warning: warn_scene(<case> <scene file> <warning regex>).
function(warn_scene name file message)
  tessera_cli_test(bad_input.scene.${name} ${TESSERA_CLI_OK} "tessera: warning: [^\n]*${message}"
      render ${SCENE_BAD}/${file} -q -o bad_scene_${name}.png)
endfunction()

# Command-line values refused before the scene is read: bad_option(<case> <message regex> <args>...).
function(bad_option name message)
  tessera_cli_test(bad_input.scene.${name} ${TESSERA_CLI_FAILED} "${message}"
      render ${SCENE_OK} -q --spp 1 -o bad_scene_${name}.png ${ARGN})
  set_tests_properties(bad_input.scene.${name} PROPERTIES FAIL_REGULAR_EXPRESSION "wrote")
endfunction()

# ---- JSON syntax: file:line:col --------------------------------------------
bad_scene(malformed scene-malformed.json "scene-malformed\\.json:3:10: invalid JSON: .*expected '}'")
bad_scene(truncated scene-truncated.json "scene-truncated\\.json:3:38: invalid JSON: .*missing closing quote")
bad_scene(binary scene-binary.json "scene-binary\\.json:1:1: invalid JSON: .*last read: '\\\\x89'")
bad_scene(empty scene-empty.json "scene-empty\\.json:1:1: invalid JSON: .*unexpected end of input")
# A number beyond a double: nlohmann's own message names no file; ours names file:line:col.
bad_scene(fov_overflow scene-fov-overflow.json "scene-fov-overflow\\.json:2:22: number 1e400 is out of range")
bad_scene(translate_overflow scene-translate-overflow.json "scene-translate-overflow\\.json:4:37: number 1e400 is out of range")
bad_scene(triangles_overflow scene-triangles-overflow.json "scene-triangles-overflow\\.json:4:45: number -1e999 is out of range")

# ---- wrong types and non-finite values: JSON pointers ------------------------
bad_scene(spp_string scene-spp-string.json "scene-spp-string\\.json: /film/spp: expected an integer, found string")
bad_scene(shapes_object scene-shapes-object.json "scene-shapes-object\\.json: /shapes: expected an array, found object")
bad_scene(radius_nan_string scene-radius-nan-string.json "scene-radius-nan-string\\.json: /shapes/0/radius: expected a number, found string")
bad_scene(rotate_inf_string scene-rotate-inf-string.json "scene-rotate-inf-string\\.json: /shapes/0/transform/rotate/angle: expected a number")
bad_scene(camera_nan_string scene-camera-nan-string.json "scene-camera-nan-string\\.json: /camera/position/0: expected a number")
bad_scene(camera_float_overflow scene-camera-float-overflow.json "scene-camera-float-overflow\\.json: /camera/look_at/0: must be a finite 32-bit float")
bad_scene(threads_float scene-threads-float.json "scene-threads-float\\.json: /render/threads: expected an integer, found 2\\.5")

# ---- out of range: spp, bucket size, threads, resolution, seed ---------------
bad_scene(spp_zero scene-spp-zero.json "scene-spp-zero\\.json: /film/spp: must be in \\[1, 1048576\\], got 0")
bad_scene(spp_negative scene-spp-negative.json "scene-spp-negative\\.json: /film/spp: must be in \\[1, 1048576\\], got -1")
bad_scene(spp_huge scene-spp-huge.json "scene-spp-huge\\.json: /film/spp: must be in \\[1, 1048576\\], got 1000000000000")
bad_scene(bucket_zero scene-bucket-zero.json "scene-bucket-zero\\.json: /render/bucket_size: must be in \\[1, 4096\\], got 0")
bad_scene(bucket_negative scene-bucket-negative.json "scene-bucket-negative\\.json: /render/bucket_size/1: must be in \\[1, 4096\\], got -16")
bad_scene(bucket_huge scene-bucket-huge.json "scene-bucket-huge\\.json: /render/bucket_size: must be in \\[1, 4096\\], got 100000")
bad_scene(threads_huge scene-threads-huge.json "scene-threads-huge\\.json: /render/threads: 65537 is out of range \\[-4096, 4096\\]")
bad_scene(threads_negative_huge scene-threads-negative-huge.json "scene-threads-negative-huge\\.json: /render/threads: -65537 is out of range")
bad_scene(resolution_huge scene-resolution-huge.json "scene-resolution-huge\\.json: /film/resolution/0: must be in \\[1, 65536\\], got 100000")
bad_scene(resolution_zero scene-resolution-zero.json "scene-resolution-zero\\.json: /film/resolution/0: must be in \\[1, 65536\\], got 0")
bad_scene(resolution_negative scene-resolution-negative.json "scene-resolution-negative\\.json: /film/resolution/0: must be in \\[1, 65536\\], got -5")
bad_scene(resolution_pixels scene-resolution-pixels.json "scene-resolution-pixels\\.json: /film/resolution: 65536x65536 is 4294967296 pixels")
bad_scene(seed_negative scene-seed-negative.json "scene-seed-negative\\.json: /film/seed: must be in \\[0, 18446744073709551615\\], got -1")

# ---- triangles and meshes: degenerate, non-finite, missing, other formats ----
warn_scene(triangles_degenerate scene-triangles-degenerate.json
    "scene-triangles-degenerate\\.json: /shapes/0/indices/3: degenerate \\(zero-area\\) triangle dropped")
bad_scene(triangles_all_degenerate scene-triangles-all-degenerate.json
    "scene-triangles-all-degenerate\\.json: /shapes/0/indices/0: every triangle is degenerate")
bad_scene(obj_nan scene-mesh-nan.json "scene-mesh-nan\\.json: /shapes/0/file: [^\n]*scene-nan\\.obj:3: vertex coordinate \"nan\" is not a finite")
bad_scene(obj_inf scene-mesh-inf.json "scene-mesh-inf\\.json: /shapes/0/file: [^\n]*scene-inf\\.obj:5: vertex coordinate \"-inf\" is not a finite")
bad_scene(obj_two_coordinates scene-mesh-two-coords.json
    "scene-mesh-two-coords\\.json: /shapes/0/file: [^\n]*scene-two-coords\\.obj:2: vertex has 2 coordinates")
# Found only once there is geometry (scene/build_scene.cpp, core/render/render_scene.cpp),
# still named by file and JSON path: an emitter whose area underflows floats, a
# box a tiny scale collapses.
bad_scene(emitter_zero_area scene-emitter-zero-area.json
    "scene-emitter-zero-area\\.json: /shapes/1: emits light but has zero area in 32-bit floats \\(too small to be sampled\\)")
bad_scene(box_collapsed scene-box-collapsed.json
    "scene-box-collapsed\\.json: /shapes/0: every triangle is degenerate \\(zero area\\) after the transform; nothing to render")
warn_scene(obj_degenerate scene-mesh-degenerate.json "scene-degenerate\\.obj:5: degenerate \\(zero-area\\) triangle dropped")
warn_scene(obj_missing_mtllib scene-mesh-mtllib.json "scene-mtllib\\.obj:2: material library [^\n]*scene-absent\\.mtl not found")
bad_scene(mesh_missing scene-mesh-missing.json "scene-mesh-missing\\.json: /shapes/0/file: [^\n]*scene-no-such-mesh\\.obj: mesh file not found")
bad_scene(mesh_is_directory scene-mesh-directory.json "scene-mesh-directory\\.json: /shapes/0/file: [^\n]*: is a directory, not a mesh file")
# PLY meshes (scene/ply_loader.h): a valid one renders (any case of .ply), a bad one names the element and the place.
tessera_cli_test(bad_input.scene.ply_renders ${TESSERA_CLI_OK} "wrote"
    render ${SCENE_BAD}/scene-mesh-ply.json --resolution 8x8 --spp 1 -o bad_scene_ply_renders.png)
tessera_cli_test(bad_input.scene.ply_upper_case ${TESSERA_CLI_OK} "wrote"
    render ${SCENE_BAD}/ply-upper.json --resolution 8x8 --spp 1 -o bad_scene_ply_upper.png)
bad_scene(ply_truncated ply-truncated.json
    "ply-truncated\\.json: /shapes/0/file: [^\n]*ply-truncated\\.ply: element vertex: expected 3 vertices, file ends after 1")
bad_scene(ply_face_range ply-face-range.json
    "ply-face-range\\.json: /shapes/0/file: [^\n]*ply-face-range\\.ply:13: face 0: vertex index 7 out of range \\(the file has 3 vertices\\)")
bad_scene(ply_not_number ply-not-number.json
    "ply-not-number\\.json: /shapes/0/file: [^\n]*ply-not-number\\.ply:10: vertex 0: \"zero\" is not a number")
bad_scene(mesh_gltf scene-mesh-gltf.json "scene-mesh-gltf\\.json: /shapes/0/file: [^\n]*scene-mesh\\.gltf: no triangles to render")

# ---- the scene file itself ----------------------------------------------------
tessera_cli_test(bad_input.scene.scene_missing ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*scene-no-such\\.json: cannot open scene file: No such file or directory"
    render ${SCENE_BAD}/scene-no-such.json -q -o bad_scene_missing.png)
tessera_cli_test(bad_input.scene.scene_is_directory ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*bad_inputs/files: cannot open scene file: Is a directory"
    render ${SCENE_BAD} -q -o bad_scene_directory.png)

# ---- command-line values: the option and the value ----------------------------
# -t:65537 and above crashed inside oneTBB; every layer now follows one rule.
bad_option(cli_threads_huge "tessera: error: --threads: 65537 is out of range \\[-4096, 4096\\]" -t:65537)
bad_option(cli_threads_negative_huge "tessera: error: --threads: -65537 is out of range" -t:-65537)
bad_option(cli_threads_5000 "tessera: error: --threads: 5000 is out of range" -t:5000)
bad_option(cli_threads_overflow "--threads" -t:99999999999)
bad_option(cli_spp_zero "--spp: Value 0 not in range" --spp=0)
bad_option(cli_spp_negative "--spp: Value -1 not in range" --spp=-1)
bad_option(cli_spp_huge "--spp: Value 99999999999 not in range" --spp=99999999999)
bad_option(cli_max_depth_negative "--max-depth: Value -1 not in range" --max-depth=-1)
bad_option(cli_bucket_zero "tessera: error: --bucket-size: bucket size \"0\"" --bucket-size=0)
bad_option(cli_bucket_negative "tessera: error: --bucket-size: bucket size \"-8\"" --bucket-size=-8)
bad_option(cli_bucket_huge "tessera: error: --bucket-size: bucket size \"99999999999999999999\"" --bucket-size=99999999999999999999)
bad_option(cli_resolution_huge "tessera: error: --resolution \"100000x100000\": each side must be in \\[1, 65536\\]" --resolution=100000x100000)
bad_option(cli_resolution_zero "tessera: error: --resolution \"0x0\": each side must be in" --resolution=0x0)
bad_option(cli_resolution_negative "tessera: error: --resolution \"-5x5\": each side must be in" --resolution=-5x5)
bad_option(cli_resolution_pixels "tessera: error: --resolution \"65536x65536\": 65536x65536 is 4294967296 pixels" --resolution=65536x65536)
# CLI11 parsed -1 into an unsigned seed as 2^64-1.
bad_option(cli_seed_negative "tessera: error: --seed \"-1\": expected an integer in \\[0, 18446744073709551615\\]" --seed=-1)
bad_option(cli_seed_overflow "tessera: error: --seed \"18446744073709551616\"" --seed=18446744073709551616)
# CLI::Range let NaN through, and the journal was never flushed.
bad_option(cli_checkpoint_interval_nan "--checkpoint-interval: Value nan not in range" --checkpoint-interval=nan)
bad_option(cli_checkpoint_interval_inf "--checkpoint-interval: Value inf not in range" --checkpoint-interval=inf)
# sscanf's %d overflowed silently here.
tessera_cli_test(bad_input.scene.cli_shard_overflow ${TESSERA_CLI_FAILED}
    "tessera: error: --shard \"99999999999/3\": expected K/N with 0 <= K < N"
    render ${SCENE_OK} -q --spp 1 --shard=99999999999/3 -o bad_scene_shard.tsj)

# A large but sane request is capped at 4x the hardware threads, with a warning.
tessera_cli_test(bad_input.scene.cli_threads_capped ${TESSERA_CLI_OK}
    "tessera: warning: 4096 threads requested; using [0-9]+ \\(at most 4 per hardware thread"
    render ${SCENE_OK} -q -t:4096 --resolution 8x8 --spp 1 -o bad_scene_capped.png)

# ---- the environment and the user config file ------------------------------------
function(bad_environment name env message)
  tessera_cli_test(bad_input.scene.${name} ${TESSERA_CLI_FAILED} "tessera: error: ${message}"
      render ${SCENE_OK} -q --resolution 8x8 --spp 1 -o bad_scene_${name}.png)
  set_tests_properties(bad_input.scene.${name} PROPERTIES ENVIRONMENT "${env}" FAIL_REGULAR_EXPRESSION "wrote")
endfunction()
bad_environment(env_threads_huge "TESSERA_CONFIG=;TESSERA_THREADS=65537"
    "environment variable TESSERA_THREADS: 65537 is out of range \\[-4096, 4096\\]")
bad_environment(env_threads_negative_huge "TESSERA_CONFIG=;TESSERA_THREADS=-65537"
    "environment variable TESSERA_THREADS: -65537 is out of range")
bad_environment(env_bucket_zero "TESSERA_CONFIG=;TESSERA_BUCKET_SIZE=0"
    "environment variable TESSERA_BUCKET_SIZE: bucket size \"0\"")
bad_environment(env_bucket_negative "TESSERA_CONFIG=;TESSERA_BUCKET_SIZE=-8"
    "environment variable TESSERA_BUCKET_SIZE: bucket size \"-8\"")
bad_environment(env_bucket_huge "TESSERA_CONFIG=;TESSERA_BUCKET_SIZE=99999x99999"
    "environment variable TESSERA_BUCKET_SIZE: bucket size \"99999x99999\"")
bad_environment(env_threads_not_a_number "TESSERA_CONFIG=;TESSERA_THREADS=nan"
    "environment variable TESSERA_THREADS: \"nan\": expected an integer")
bad_environment(config_missing "TESSERA_CONFIG=${SCENE_BAD}/scene-no-such.toml"
    "TESSERA_CONFIG=[^\n]*scene-no-such\\.toml: config file not found")
bad_environment(config_is_directory "TESSERA_CONFIG=${SCENE_BAD}"
    "TESSERA_CONFIG=[^\n]*bad_inputs/files: cannot read config file: it is a directory")
bad_environment(config_threads_huge "TESSERA_CONFIG=${SCENE_BAD}/scene-threads-huge.toml"
    "[^\n]*scene-threads-huge\\.toml:3: threads: 65537 is out of range \\[-4096, 4096\\]")
bad_environment(config_threads_negative_huge "TESSERA_CONFIG=${SCENE_BAD}/scene-threads-negative-huge.toml"
    "[^\n]*scene-threads-negative-huge\\.toml:2: threads: -65537 is out of range")
bad_environment(config_bucket_huge "TESSERA_CONFIG=${SCENE_BAD}/scene-bucket-huge.toml"
    "[^\n]*scene-bucket-huge\\.toml:2: bucket size \"16x99999\"")
bad_environment(config_bucket_zero "TESSERA_CONFIG=${SCENE_BAD}/scene-bucket-zero.toml"
    "[^\n]*scene-bucket-zero\\.toml:2: bucket size \"0\"")
bad_environment(config_threads_nan "TESSERA_CONFIG=${SCENE_BAD}/scene-threads-nan.toml"
    "[^\n]*scene-threads-nan\\.toml:2: invalid value \"nan\"")

# The default config path unreadable (here: a directory) warns once and renders
# with the built-in defaults; TESSERA_CONFIG must be unset for the default path.
set(SCENE_HOME ${CMAKE_CURRENT_BINARY_DIR}/bad_scene_home)
file(MAKE_DIRECTORY ${SCENE_HOME}/.config/tessera/config.toml)
add_test(NAME bad_input.scene.default_config_unreadable
         COMMAND sh -c "env -u TESSERA_CONFIG -u XDG_CONFIG_HOME HOME=\"$1\" \"$0\" render \"$2\" --resolution 8x8 --spp 1 -o bad_scene_home.png 2>&1; echo \"[tessera exit status: $?]\""
                 $<TARGET_FILE:tessera> ${SCENE_HOME} ${SCENE_OK}
         WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(bad_input.scene.default_config_unreadable PROPERTIES
    PASS_REGULAR_EXPRESSION "tessera: warning: [^\n]*bad_scene_home/\\.config/tessera/config\\.toml: cannot read config file: it is a directory; using the built-in defaults.*wrote bad_scene_home\\.png.*\\[tessera exit status: 0\\]"
    TIMEOUT 60 LABELS cli)

# tessera bench sweeps thread counts under the same rule.
tessera_cli_test(bad_input.scene.bench_threads_huge ${TESSERA_CLI_FAILED}
    "tessera: error: --threads: 65537 is out of range \\[-4096, 4096\\]"
    bench ${SCENE_OK} -t 1,65537 --spp 1 --resolution 8x8)
tessera_cli_test(bad_input.scene.bench_resolution_zero ${TESSERA_CLI_FAILED}
    "tessera: error: --resolution \"0x8\": each side must be in"
    bench ${SCENE_OK} --spp 1 --resolution 0x8)

# tessera compare's numbers: `--fail nan` made every comparison pass.
foreach(option fail warn fail-percent warn-percent threshold alpha ppd)
  tessera_cli_test(bad_input.scene.compare_${option}_nan ${TESSERA_CLI_FAILED}
      "--${option}: Value nan is not a finite number"
      compare --${option}=nan ${SCENE_BAD}/scene-ok.json ${SCENE_BAD}/scene-ok.json)
endforeach()
tessera_cli_test(bad_input.scene.compare_fail_inf ${TESSERA_CLI_FAILED}
    "--fail: Value -inf is not a finite number" compare --fail=-inf ${SCENE_BAD}/scene-ok.json ${SCENE_BAD}/scene-ok.json)
tessera_cli_test(bad_input.scene.compare_spp_negative ${TESSERA_CLI_FAILED}
    "--spp: Value -4 not in range" compare --spp=-4 ${SCENE_BAD}/scene-ok.json ${SCENE_BAD}/scene-ok.json)

# A HOME without read permission: the default config cannot be read; one warning, and the render runs.
add_test(NAME bad_input.scene.default_config_permission_denied
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/app/unreadable_home_config.sh $<TARGET_FILE:tessera>
                 ${CMAKE_CURRENT_BINARY_DIR}/bad_scene_unreadable_home)
set_tests_properties(bad_input.scene.default_config_permission_denied PROPERTIES
    PASS_REGULAR_EXPRESSION "UNREADABLE_HOME_RENDERED" SKIP_RETURN_CODE 77 SKIP_REGULAR_EXPRESSION "SKIP:" TIMEOUT 60 LABELS cli)

# ---- The world: coordinates within 1e15 (Embree aborts on rays beyond ~1.8e19) ----
bad_scene(camera_far scene-camera-far.json "scene-camera-far\\.json: /camera/position: must lie within 1e15 of the origin")
bad_scene(sphere_beyond_world scene-sphere-beyond-world.json "scene-sphere-beyond-world\\.json: /shapes/[0-9]+: the sphere reaches beyond 1e15")
bad_scene(quad_beyond_world scene-quad-beyond-world.json "scene-quad-beyond-world\\.json: /shapes/[0-9]+: a vertex lies beyond 1e15 from the origin")

# ---- Devices and pipes are not scene or config files (they would be read forever) ----
tessera_cli_test(bad_input.scene.scene_is_a_device ${TESSERA_CLI_FAILED}
    "tessera: error: /dev/zero: cannot open scene file: not a regular file" render /dev/zero -q -o bad_scene_device.png)
set_tests_properties(bad_input.scene.scene_is_a_device PROPERTIES TIMEOUT 10)
tessera_cli_test(bad_input.scene.config_is_a_device ${TESSERA_CLI_FAILED}
    "TESSERA_CONFIG=/dev/zero[^\n]*not a regular file" render -q --resolution 8x8 --spp 1 -o bad_scene_config_device.png)
set_tests_properties(bad_input.scene.config_is_a_device PROPERTIES TIMEOUT 10 ENVIRONMENT "TESSERA_CONFIG=/dev/zero")

# ---- OBJ faces: indices tinyobjloader would read as another vertex -------------
function(bad_face name message)
  bad_scene(obj_face_${name} scene-mesh-face-${name}.json
      "scene-mesh-face-${name}\\.json: /shapes/0/file: [^\n]*scene-face-${name}\\.obj:4: ${message}")
endfunction()
bad_face(wrapping "face refers to vertex 4294967299 but the file has 3 vertices")
bad_face(overflow "face corner \"99999999999999999999\" is not a vertex index")
bad_face(letters "face corner \"3abc\" is not a vertex index")
bad_face(fraction "face corner \"3\\.7\" is not a vertex index")
bad_face(negative "face refers to vertex -4 but only 3 vertices come before it")
bad_face(two-corners "face has 2 vertices; at least 3 are needed")
bad_face(bad-texture-index "face corner \"2/x\" is not a vertex index")
