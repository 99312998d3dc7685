# Bad inputs: textures (see README.md). A texture file that is missing or
# corrupt, and texture objects with bad keys: each message names the scene file,
# the JSON pointer of the texture and, for files, the texture's path.

tessera_cli_test(bad_input.textures.missing_file ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*textures_missing_file\\.json: /materials/wood/albedo/texture: [^\n]*textures_no_such_file\\.png: [^\n]*No such file or directory"
    render ${TESSERA_BAD_INPUTS}/textures_missing_file.json -q --resolution 8x8 --spp 1 -o bad_textures_missing.png)
tessera_cli_test(bad_input.textures.corrupt_file ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*textures_corrupt_file\\.json: /materials/wood/albedo/texture: [^\n]*images_truncated\\.png: cannot read image: truncated PNG"
    render ${TESSERA_BAD_INPUTS}/textures_corrupt_file.json -q --resolution 8x8 --spp 1 -o bad_textures_corrupt.png)
tessera_cli_test(bad_input.textures.missing_normal_map ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*textures_missing_normal_map\\.json: /materials/wood/normal_map/texture: [^\n]*textures_no_such_normals\\.png: [^\n]*No such file or directory"
    render ${TESSERA_BAD_INPUTS}/textures_missing_normal_map.json -q --resolution 8x8 --spp 1 -o bad_textures_normals.png)
tessera_cli_test(bad_input.textures.bad_wrap ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*textures_bad_wrap\\.json: /materials/wood/albedo/wrap: unknown wrap mode \"tile\" \\(expected repeat, clamp or mirror\\)"
    render ${TESSERA_BAD_INPUTS}/textures_bad_wrap.json -q --resolution 8x8 --spp 1 -o bad_textures_wrap.png)
tessera_cli_test(bad_input.textures.bad_colorspace ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*textures_bad_colorspace\\.json: /materials/wood/albedo/colorspace: unknown colour space \"rec2020\""
    render ${TESSERA_BAD_INPUTS}/textures_bad_colorspace.json -q --resolution 8x8 --spp 1 -o bad_textures_cs.png)
tessera_cli_test(bad_input.textures.bad_checker_colour ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*textures_bad_checker\\.json: /materials/wood/albedo/checkerboard/color0: each channel must be in \\[0, 1\\]"
    render ${TESSERA_BAD_INPUTS}/textures_bad_checker.json -q --resolution 8x8 --spp 1 -o bad_textures_checker.png)
tessera_cli_test(bad_input.textures.not_a_texture ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*textures_not_a_texture\\.json: /materials/wood/albedo: expected a colour \\[r, g, b\\] or a texture"
    render ${TESSERA_BAD_INPUTS}/textures_not_a_texture.json -q --resolution 8x8 --spp 1 -o bad_textures_not.png)
foreach(name missing_file corrupt_file missing_normal_map bad_wrap bad_colorspace bad_checker_colour not_a_texture)
  set_tests_properties(bad_input.textures.${name} PROPERTIES FAIL_REGULAR_EXPRESSION "wrote")
endforeach()
