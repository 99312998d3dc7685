# Bad inputs: instancing (see README.md): the scene file's "meshes" and
# "instances". Each case asserts the exit status and the one-line message
# naming the file and the JSON pointer.

set(INSTANCING_BAD ${CMAKE_CURRENT_SOURCE_DIR}/bad_inputs/files)

# bad_instancing(<case> <scene file> <message regex>)
function(bad_instancing name file message)
  tessera_cli_test(bad_input.instancing.${name} ${TESSERA_CLI_FAILED} "tessera: error: [^\n]*${message}"
      render ${INSTANCING_BAD}/${file} -q --resolution 8x8 --spp 1 -o bad_instancing_${name}.png)
  set_tests_properties(bad_input.instancing.${name} PROPERTIES FAIL_REGULAR_EXPRESSION "wrote")
endfunction()

bad_instancing(unknown_of instancing-unknown-of.json
    "instancing-unknown-of\\.json: /instances/1/of: unknown mesh \"tre\" \\(\"meshes\" defines tree\\)")
bad_instancing(no_meshes instancing-no-meshes.json
    "instancing-no-meshes\\.json: /instances/0/of: unknown mesh \"tree\" \\(\"meshes\" defines none\\)")
bad_instancing(never_placed instancing-never-placed.json
    "instancing-never-placed\\.json: /meshes/bush: mesh \"bush\" is never placed by an instance")
bad_instancing(missing_file instancing-missing-file.json
    "instancing-missing-file\\.json: /meshes/tree/file: [^\n]*instancing-no-such-mesh\\.obj: mesh file not found")
bad_instancing(unknown_material instancing-unknown-material.json
    "instancing-unknown-material\\.json: /instances/0/material: unknown material \"bark\"")
bad_instancing(unknown_key instancing-unknown-key.json
    "instancing-unknown-key\\.json: /instances/0/scale: unknown key \"scale\" \\(expected one of: of, transform, material\\)")
bad_instancing(singular_transform instancing-singular.json
    "instancing-singular\\.json: /instances/0/transform: the transform is not invertible in 32-bit floats")
bad_instancing(beyond_world instancing-beyond-world.json
    "instancing-beyond-world\\.json: /instances/1: the placed mesh reaches beyond 1e15 from the origin")
