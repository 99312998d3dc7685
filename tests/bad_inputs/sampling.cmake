# Bad inputs: sampler and pixel filter (see README.md), in the scene file's film
# block and on the command line. Each message names the JSON path or the option
# and the choices. Uses bad_scene and bad_option from scene.cmake.

bad_scene(sampling_unknown_sampler sampling-unknown-sampler.json
    "sampling-unknown-sampler\\.json: /film/sampler: unknown sampler \"halton\" \\(expected sobol or independent\\)")
bad_scene(sampling_unknown_filter sampling-unknown-filter.json
    "sampling-unknown-filter\\.json: /film/filter: unknown filter \"mitchell\" \\(expected box, tent, gaussian or blackman-harris, optionally :RADIUS\\)")
bad_scene(sampling_filter_radius sampling-filter-radius.json
    "sampling-filter-radius\\.json: /film/filter: filter radius 0 is out of range \\(0, 16\\] pixels")
bad_scene(sampling_filter_radius_text sampling-filter-radius-text.json
    "sampling-filter-radius-text\\.json: /film/filter: filter radius \"wide\" is not a number")
bad_scene(sampling_filter_number sampling-filter-number.json
    "sampling-filter-number\\.json: /film/filter: expected a string, found number")
# Said once, not wrapped in a second copy of the file and path.
set_tests_properties(bad_input.scene.sampling_filter_number PROPERTIES FAIL_REGULAR_EXPRESSION "wrote;/film/filter: [^\n]*/film/filter")

bad_option(cli_sampler_unknown "tessera: error: --sampler: unknown sampler \"halton\" \\(expected sobol or independent\\)"
    --sampler halton)
bad_option(cli_filter_unknown "tessera: error: --filter: unknown filter \"mitchell\" \\(expected box, tent, gaussian"
    --filter mitchell:2)
bad_option(cli_filter_radius_zero "tessera: error: --filter: filter radius 0 is out of range \\(0, 16\\] pixels" --filter tent:0)
bad_option(cli_filter_radius_huge "tessera: error: --filter: filter radius 1e9 is out of range" --filter gaussian:1e9)
bad_option(cli_filter_radius_empty "tessera: error: --filter: filter radius \"\" is not a number" --filter tent:)

# The choices reach the render: the summary line names them and counts dropped samples.
tessera_cli_test(cli.sampler_and_filter ${TESSERA_CLI_OK}
    "tessera: 16x16, 2 spp, .*, independent sampler, gaussian:1\\.25 filter\n.*, 0 non-finite samples dropped\n.*wrote cli_sampler_filter\\.png"
    render --resolution 16x16 --spp 2 --sampler independent --filter gaussian:1.25 -o cli_sampler_filter.png)
tessera_cli_test(cli.sampler_and_filter_defaults ${TESSERA_CLI_OK}
    "tessera: 16x16, 2 spp, .*, sobol sampler, tent:1 filter\n.*wrote cli_sampler_defaults\\.png"
    render --resolution 16x16 --spp 2 -o cli_sampler_defaults.png)
tessera_cli_test(bad_input.scene.bench_sampler_unknown ${TESSERA_CLI_FAILED}
    "tessera: error: --sampler: unknown sampler \"halton\"" bench --sampler halton --spp 1 --resolution 8x8)
tessera_cli_test(cli.bench_sampler_and_filter ${TESSERA_CLI_OK}
    "# cornell-box \\(built in\\): 8x8, 1 spp, max depth [0-9]+, independent sampler, box:0\\.5 filter"
    bench --sampler independent --filter box --spp 1 --resolution 8x8 -t 1 --schedulers tbb)
# The film block's keys reach the render, and the command line overrides them.
tessera_cli_test(cli.sampler_and_filter_from_film ${TESSERA_CLI_OK}
    "tessera: 8x8, 2 spp, .*, independent sampler, blackman-harris:2 filter\n.*wrote cli_sampler_film\\.png"
    render ${SCENE_BAD}/sampling-film-ok.json -o cli_sampler_film.png)
tessera_cli_test(cli.sampler_and_filter_override_film ${TESSERA_CLI_OK}
    "tessera: 8x8, 2 spp, .*, sobol sampler, box:0\\.25 filter\n.*wrote cli_sampler_film_override\\.png"
    render ${SCENE_BAD}/sampling-film-ok.json --sampler sobol --filter box:0.25 -o cli_sampler_film_override.png)
