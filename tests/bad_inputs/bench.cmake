# tessera bench: sweeps given RenderMan's way, and --compare's refusals.

tessera_cli_test(cli.bench_colon_thread_list ${TESSERA_CLI_OK}
    "threads scheduler[^\n]*\n1 +tbb +8 +spiral [^\n]*\n2 +tbb +8 +spiral "
    bench -t:1,2 --scheduler tbb --bucket-size 8 --bucket-order spiral --repeat 1 --warmup 0 --spp 1 --resolution 16x16)
tessera_cli_test(bad_input.bench.compare_one_file ${TESSERA_CLI_FAILED}
    "--compare"
    bench --compare only_one.json)
tessera_cli_test(bad_input.bench.compare_missing ${TESSERA_CLI_FAILED}
    "tessera: error: bench_no_such_a\\.json: cannot open bench report: No such file or directory"
    bench --compare bench_no_such_a.json bench_no_such_b.json)
tessera_cli_test(bad_input.bench.compare_not_report ${TESSERA_CLI_FAILED}
    "tessera: error: [^\n]*scene-ok\\.json: not a tessera bench report \\(no \"schema\": \"tessera-bench\"\\)"
    bench --compare ${SCENE_OK} ${SCENE_OK})
tessera_cli_test(bad_input.bench.html_unwritable ${TESSERA_CLI_FAILED}
    "tessera: error: bench_no_such_dir/b\\.html: "
    bench --html bench_no_such_dir/b.html --spp 1 --resolution 8x8)

# tessera generate: refusals before anything is written.
tessera_cli_test(bad_input.bench.generate_unknown_kind ${TESSERA_CLI_FAILED}
    "tessera: error: unknown scene kind \"forest\" \\(expected displaced-sphere, terrain, half-empty, instances or emitters\\)"
    generate forest -o gen_forest.json)
tessera_cli_test(bad_input.bench.generate_not_json ${TESSERA_CLI_FAILED}
    "tessera: error: gen_scene\\.obj: the generated scene must be a \\.json file"
    generate terrain -o gen_scene.obj)
tessera_cli_test(bad_input.bench.generate_triangles_zero ${TESSERA_CLI_FAILED}
    "tessera: error: --triangles 0 is out of range \\[8, 500000000\\]"
    generate terrain -o gen_zero.json --triangles 0)
tessera_cli_test(bad_input.bench.generate_missing_directory ${TESSERA_CLI_FAILED}
    "tessera: error: gen_no_such_dir/t\\.ply: "
    generate terrain -o gen_no_such_dir/t.json --triangles 100)
