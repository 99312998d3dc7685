# Bad inputs: the scene file's "lights" array and environment maps (see README.md).
# Each message names the scene file and the JSON pointer of the offending value.
# bad_scene() is defined in scene.cmake.

bad_scene(lights_not_array lights-not-array.json "lights-not-array\\.json: /lights: expected an array, found object")
bad_scene(lights_unknown_type lights-unknown-type.json
    "lights-unknown-type\\.json: /lights/0/type: unknown light type \"area\" \\(expected point, spot, directional or environment\\)")
bad_scene(lights_unknown_key lights-unknown-key.json "lights-unknown-key\\.json: /lights/0/colour: unknown key \"colour\"")
bad_scene(lights_point_negative lights-point-negative.json
    "lights-point-negative\\.json: /lights/1/intensity: each channel must be in \\[0, 1e9\\]")
bad_scene(lights_point_radius lights-point-radius.json "lights-point-radius\\.json: /lights/0/radius: must be in \\[0")
bad_scene(lights_spot_beam_wider lights-spot-beam-wider.json
    "lights-spot-beam-wider\\.json: /lights/0/beam_width: must not exceed cutoff_angle")
bad_scene(lights_spot_cutoff_zero lights-spot-cutoff-zero.json
    "lights-spot-cutoff-zero\\.json: /lights/0/cutoff_angle: must be in \\(0, 180\\) degrees")
bad_scene(lights_spot_look_at_position lights-spot-look-at-position.json
    "lights-spot-look-at-position\\.json: /lights/0/look_at: must differ from position")
bad_scene(lights_directional_zero lights-directional-zero.json
    "lights-directional-zero\\.json: /lights/0/direction: must not be zero")
bad_scene(lights_directional_angle lights-directional-angle.json
    "lights-directional-angle\\.json: /lights/0/angle: must be in \\[0.0, 90.0\\], got 120")
bad_scene(lights_env_intensity lights-env-intensity.json "lights-env-intensity\\.json: /lights/0/intensity: must be in \\[0")
# Environment map files: missing, of an unknown format, corrupt, holding a value that is not finite.
bad_scene(lights_env_missing lights-env-missing.json
    "lights-env-missing\\.json: /lights/0/file: [^\n]*lights-no-such-sky\\.hdr: cannot read image: No such file or directory")
bad_scene(lights_env_format lights-env-format.json
    "lights-env-format\\.json: /lights/0/file: [^\n]*lights-sky\\.txt: cannot read image: unknown format \"\\.txt\"")
bad_scene(lights_env_corrupt lights-env-corrupt.json
    "lights-env-corrupt\\.json: /lights/0/file: [^\n]*lights-corrupt\\.hdr: cannot read image: truncated Radiance HDR data")
bad_scene(lights_env_nonfinite lights-env-nonfinite.json
    "lights-env-nonfinite\\.json: /lights/0/file: [^\n]*lights-nonfinite\\.pfm: pixel \\(1, 0\\) is not finite")
# Negative values (lossy EXR compression leaves them in real maps) are read as 0 with one warning.
warn_scene(lights_env_negative lights-env-negative.json
    "lights-env-negative\\.json: /lights/0/file: [^\n]*lights-negative\\.pfm: 1 negative value\\(s\\) read as 0, the first at pixel \\(1, 0\\)")
