#!/bin/sh
# Instancing against baking: a small mesh (vertex normals, UVs) placed three
# times through "meshes" + "instances" (turned and stretched, mirrored, with a
# normal-mapped checker, an alpha cut-out and an emissive override) must render
# what the same mesh gives as three "mesh" shapes with the same transforms
# (whose loader bakes the transform into the vertices). Same sampler, same
# seed, same lights (no emitter among them: the light list's order would
# differ): the paths are the same up to float rounding (Embree intersects an
# instance in object space; here the images agree to about 1e-9), so every
# pixel but a rare path that rounds onto another branch matches to 1e-3.
# (Vertex normals interpolated before placing them instead of after, unlike the
# baked copy, put 8% of pixels over 1e-3 and the mean at 6e-4.)
# Then the light of emissive instances: two placements of an emitting mesh give
# twice the light of one on a diffuse floor (the mean over the image, within a
# tolerance from the noise at 64 spp).
# Usage: instances_match_baked.sh TESSERA WORKDIR
set -u
tessera=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
export TESSERA_CONFIG=
fail=0

# A four-sided pyramid with its base: smooth vertex normals that differ from the
# face normals, and UVs over the sides.
cat > pyramid.obj <<'EOF'
v -0.5 0 -0.5
v 0.5 0 -0.5
v 0.5 0 0.5
v -0.5 0 0.5
v 0 0.9 0
vt 0 0
vt 1 0
vt 1 1
vt 0 1
vt 0.5 0.5
vn -0.6 0.3 -0.6
vn 0.6 0.3 -0.6
vn 0.6 0.3 0.6
vn -0.6 0.3 0.6
vn 0 1 0
f 4/4/4 3/3/3 5/5/5
f 3/3/3 2/2/2 5/5/5
f 2/2/2 1/1/1 5/5/5
f 1/1/1 4/4/4 5/5/5
f 1/1/1 2/2/2 3/3/3
f 1/1/1 3/3/3 4/4/4
EOF

head='"camera": { "position": [0, 2.2, 4.5], "look_at": [0, 0.4, 0], "fov": 40 },
  "film": { "resolution": [64, 48], "spp": 16, "max_depth": 4, "seed": 3 },
  "environment": { "radiance": [0.3, 0.35, 0.4] },
  "materials": {
    "floor": { "type": "diffuse", "albedo": [0.6, 0.6, 0.6] },
    "checker": { "type": "diffuse",
                 "albedo": { "checkerboard": { "color0": [0.9, 0.3, 0.1], "color1": [0.1, 0.3, 0.9], "scale": 4 } },
                 "normal_map": { "checkerboard": { "color0": [0.8, 0.5, 0.9], "color1": [0.2, 0.5, 0.9], "scale": 3 } } },
    "cut": { "type": "diffuse", "albedo": [0.8, 0.8, 0.2], "two_sided": true,
             "alpha": { "checkerboard": { "color0": 1, "color1": 0, "scale": 5 } } },
    "sun": { "type": "emissive", "radiance": [30, 30, 30] }
  }'
floor='{ "type": "quad", "material": "floor", "corner": [-4, 0, 4], "edge1": [8, 0, 0], "edge2": [0, 0, -8] },
    { "type": "sphere", "material": "sun", "center": [3, 5, 3], "radius": 0.5 }'
t1='{ "scale": [1, 1.5, 0.7], "rotate": { "axis": [0, 1, 0], "angle": 30 }, "translate": [-1.1, 0, 0] }'
t2='{ "scale": [-1, 1, 1], "rotate": { "axis": [1, 0, 1], "angle": 20 }, "translate": [0.1, 0.1, 0.3] }'
t3='{ "scale": 0.6, "translate": [1.2, 0, -0.2] }'

cat > instanced.json <<EOF
{ $head,
  "shapes": [ $floor ],
  "meshes": { "pyramid": { "file": "pyramid.obj", "material": "checker" } },
  "instances": [
    { "of": "pyramid", "transform": $t1 },
    { "of": "pyramid", "transform": $t2, "material": "cut" },
    { "of": "pyramid", "transform": $t3, "material": "floor" }
  ]
}
EOF
cat > baked.json <<EOF
{ $head,
  "shapes": [ $floor,
    { "type": "mesh", "file": "pyramid.obj", "material": "checker", "transform": $t1 },
    { "type": "mesh", "file": "pyramid.obj", "material": "cut", "transform": $t2 },
    { "type": "mesh", "file": "pyramid.obj", "material": "floor", "transform": $t3 }
  ]
}
EOF
"$tessera" render instanced.json -q --exr-float -o instanced.exr || { echo "FAIL: instanced.json did not render"; exit 1; }
"$tessera" render baked.json -q --exr-float -o baked.exr || { echo "FAIL: baked.json did not render"; exit 1; }
# At most 1% of pixels differ by more than 1e-3, and the mean |difference| is
# below 1e-4 in a scene whose pixels are about 0.3.
"$tessera" compare instanced.exr baked.exr --metric max --fail 1e-3 --fail-percent 1 ||
  { echo "FAIL: instances differ from baked meshes in more than 1% of pixels"; fail=1; }
"$tessera" compare instanced.exr baked.exr --metric mean --fail 1e-4 ||
  { echo "FAIL: instances differ from baked meshes on average"; fail=1; }

# Emissive instances light the floor at each placement: two give twice one.
# lights N: N glowing pyramids over a floor under a black sky, seen from above;
# N = 0 is the pyramid not glowing (the image is black).
lights() {
  lamp='{ "of": "lamp", "transform": { "translate": [-1, 0.5, 0] } }'
  glow='"type": "emissive", "radiance": [5, 5, 5], "two_sided": true'
  case $1 in
    0) inst="$lamp" glow='"type": "diffuse", "albedo": [0, 0, 0]' ;;
    1) inst="$lamp" ;;
    2) inst="$lamp, { \"of\": \"lamp\", \"transform\": { \"rotate\": { \"axis\": [0, 1, 0], \"angle\": 90 }, \"translate\": [1, 0.5, 0] } }" ;;
  esac
  cat > lights$1.json <<EOF
{ "camera": { "position": [0, 6, 0], "look_at": [0, 0, 0], "up": [0, 0, -1], "fov": 50 },
  "film": { "resolution": [32, 32], "spp": 64, "max_depth": 1, "seed": 1 },
  "materials": { "floor": { "type": "diffuse", "albedo": [0.5, 0.5, 0.5] }, "glow": { $glow } },
  "shapes": [ { "type": "quad", "material": "floor", "corner": [-2, 0, 2], "edge1": [4, 0, 0], "edge2": [0, 0, -4] } ],
  "meshes": { "lamp": { "file": "pyramid.obj", "material": "glow" } },
  "instances": [ $inst ]
}
EOF
  "$tessera" render lights$1.json -q --exr-float -o lights$1.exr || { echo "FAIL: lights$1.json did not render"; exit 1; }
}
lights 0
lights 1
lights 2
# The second lamp (turned a quarter about its axis, which leaves a square
# pyramid as it was) is the first mirrored through x = 0, and the floor and the
# camera are symmetric: it adds as much light as the first gives. Each image is
# brighter than the one before everywhere, so mean |difference| is the mean of
# the light added: one lamp's (1 - 0), then the second lamp's (2 - 1).
mean_abs() { "$tessera" compare "$1" "$2" --metric mean --fail 1e30 --json | sed -n 's/^ *"mean_abs": *\([-0-9.e+]*\),*$/\1/p'; }
one=$(mean_abs lights1.exr lights0.exr)
two=$(mean_abs lights2.exr lights1.exr)
echo "mean light of the first lamp $one, of the second $two"
awk -v a="$one" -v b="$two" 'BEGIN { r = b / a; exit !(a > 0.01 && r > 0.95 && r < 1.05) }' ||
  { echo "FAIL: the second emissive instance adds $two, not the first's $one (within 5%)"; fail=1; }
[ "$fail" -eq 0 ] && echo "INSTANCES OK"
exit $fail
