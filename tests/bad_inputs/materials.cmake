# Bad inputs: material parameters (see README.md), with bad_scene() from scene.cmake.
# Each message names the file and the JSON pointer of the value.

bad_scene(conductor_unknown_metal microfacet-unknown-metal.json
    "microfacet-unknown-metal\\.json: /materials/m/metal: unknown name \"Pt\" \\(expected one of Au, Ag, Cu, Al\\)")
bad_scene(conductor_metal_and_eta microfacet-metal-and-eta.json
    "microfacet-metal-and-eta\\.json: /materials/m/eta: cannot be given together with \"metal\"")
bad_scene(dielectric_thin_not_boolean microfacet-thin-not-boolean.json "microfacet-thin-not-boolean\\.json: /materials/m/thin: ")
bad_scene(dielectric_ior_zero microfacet-ior-zero.json "microfacet-ior-zero\\.json: /materials/m/ior: must be > 0")
