# Bad inputs: glTF models given alone (see README.md). Each message names the
# model file and the place in it: the accessor, the buffer view, the JSON line,
# or tinygltf's own reason.
# The .gltf files were written by tests/scene/gltf_loader_test.cpp's GltfBuilder.

tessera_cli_test(bad_input.gltf.index_out_of_range ${TESSERA_CLI_FAILED}
    "tessera: error: [^:\n]*files/gltf_index_out_of_range\\.gltf: accessor 0: index 7 at position 2 is out of range \\(3 vertices\\)"
    render ${TESSERA_BAD_INPUTS}/gltf_index_out_of_range.gltf -q --resolution 8x8 --spp 1 -o bad_gltf_index.png)
tessera_cli_test(bad_input.gltf.view_past_buffer ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*gltf_view_past_buffer\\.gltf: accessor 0: buffer view 0 \\(bytes 0 to 400\\) reaches past the end of buffer 0 \\(36 bytes\\)"
    render ${TESSERA_BAD_INPUTS}/gltf_view_past_buffer.gltf -q --resolution 8x8 --spp 1 -o bad_gltf_view.png)
tessera_cli_test(bad_input.gltf.missing_buffer ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*gltf_missing_buffer\\.gltf: File not found : gone\\.bin"
    render ${TESSERA_BAD_INPUTS}/gltf_missing_buffer.gltf -q --resolution 8x8 --spp 1 -o bad_gltf_buffer.png)
tessera_cli_test(bad_input.gltf.bad_json ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*gltf_bad_json\\.gltf:3:13: invalid JSON: syntax error"
    render ${TESSERA_BAD_INPUTS}/gltf_bad_json.gltf -q --resolution 8x8 --spp 1 -o bad_gltf_json.png)
tessera_cli_test(bad_input.gltf.truncated_glb ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*gltf_truncated\\.glb: Invalid glTF binary\\."
    render ${TESSERA_BAD_INPUTS}/gltf_truncated.glb -q --resolution 8x8 --spp 1 -o bad_gltf_glb.png)
