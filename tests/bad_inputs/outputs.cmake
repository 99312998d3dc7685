# Bad inputs: output options (see README.md): crop regions and JPEG quality.
# Each case asserts the exit status and the one-line message.
set(TESSERA_OUTPUTS_SMALL --resolution 8x8 --spp 1 -q)

tessera_cli_test(bad_input.outputs.crop_reversed ${TESSERA_CLI_FAILED}
    "tessera: error: --crop \"0\\.5,0\\.2,0,1\": needs 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1\n"
    render ${TESSERA_OUTPUTS_SMALL} --crop 0.5,0.2,0,1 -o bad_outputs_crop.png)
tessera_cli_test(bad_input.outputs.crop_out_of_range ${TESSERA_CLI_FAILED}
    "tessera: error: --crop \"0,1\\.5,0,1\": needs 0 <= x0"
    render ${TESSERA_OUTPUTS_SMALL} --crop 0,1.5,0,1 -o bad_outputs_crop.png)
tessera_cli_test(bad_input.outputs.crop_malformed ${TESSERA_CLI_FAILED}
    "tessera: error: --crop \"0,1,0\": expected x0,x1,y0,y1"
    render ${TESSERA_OUTPUTS_SMALL} --crop 0,1,0 -o bad_outputs_crop.png)
tessera_cli_test(bad_input.outputs.crop_empty ${TESSERA_CLI_FAILED}
    "tessera: error: --crop \"0\\.01,0\\.02,0,1\": holds no pixel of the 8x8 image"
    render ${TESSERA_OUTPUTS_SMALL} --crop 0.01,0.02,0,1 -o bad_outputs_crop.png)
tessera_cli_test(bad_input.outputs.pixel_bounds_past_the_image ${TESSERA_CLI_FAILED}
    "tessera: error: --pixel-bounds \"0,9,0,8\": needs 0 <= x0 < x1 <= 8 and 0 <= y0 < y1 <= 8"
    render ${TESSERA_OUTPUTS_SMALL} --pixel-bounds 0,9,0,8 -o bad_outputs_crop.png)
tessera_cli_test(bad_input.outputs.pixel_bounds_not_integers ${TESSERA_CLI_FAILED}
    "tessera: error: --pixel-bounds \"0,4\\.5,0,8\": \"4\\.5\" is not a whole number"
    render ${TESSERA_OUTPUTS_SMALL} --pixel-bounds 0,4.5,0,8 -o bad_outputs_crop.png)
tessera_cli_test(bad_input.outputs.jpeg_quality_zero ${TESSERA_CLI_FAILED}
    "tessera: error: --jpeg-quality: Value 0 not in range 1 to 100"
    render ${TESSERA_OUTPUTS_SMALL} --jpeg-quality 0 -o bad_outputs.jpg)
tessera_cli_test(bad_input.outputs.merge_jpeg_quality_too_high ${TESSERA_CLI_FAILED}
    "tessera: error: --jpeg-quality: Value 101 not in range 1 to 100"
    merge missing.tsj --jpeg-quality 101 -o bad_outputs.jpg)
if(MPI_C_FOUND)
  tessera_cli_test(bad_input.outputs.crop_under_mpi ${TESSERA_CLI_FAILED}
      "tessera: error: --crop and --pixel-bounds are not supported under mpirun yet"
      render ${TESSERA_OUTPUTS_SMALL} --mpi --crop 0,0.5,0,0.5 -o bad_outputs_crop.png)
endif()
