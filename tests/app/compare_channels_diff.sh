#!/bin/sh
# tessera compare --channels, --diff FILE.exr/.pfm (signed numbers) and --scale.
# Usage: compare_channels_diff.sh TESSERA WORKDIR
tessera=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
a='--resolution 40x30 --spp 2 --exr-float -q'
"$tessera" render $a -o a.exr && "$tessera" render $a --seed 1 -o b.exr || fail "renders"
json_value() { sed -n "s/^ *\"$1\": *\([-0-9.e+]*\),*\$/\1/p"; }
rmse_rgb=$("$tessera" compare a.exr b.exr --metric rmse --fail 1e9 --json | json_value rmse)
rmse_rgba=$("$tessera" compare a.exr b.exr --metric rmse --fail 1e9 --json --channels R,G,B,A | json_value rmse)
rmse_a=$("$tessera" compare a.exr b.exr --metric rmse --fail 1e9 --json --channels a | json_value rmse)
echo "rmse rgb $rmse_rgb rgba $rmse_rgba alpha $rmse_a"
# The EXR alpha is 1 in both: adding it spreads the same squared error over 4 channels.
awk -v x="$rmse_rgb" -v y="$rmse_rgba" 'BEGIN { exit !(x > 0 && (y / x - sqrt(0.75))^2 < 1e-12) }' || fail "rgba rmse is not sqrt(3/4) of rgb"
[ -n "$rmse_a" ] && awk -v a="$rmse_a" 'BEGIN { exit !(a == 0) }' || fail "alpha alone differs: $rmse_a"
"$tessera" compare a.exr b.exr --channels rgbx >/dev/null 2>err.txt; status=$?
[ $status = 4 ] && grep -q 'tessera: error: --channels "rgbx": expected' err.txt || fail "bad --channels: status $status"

# --diff .exr: the signed difference. Its mean |value| against an all-zero image
# (the difference of an image with itself) is the mean |difference|.
"$tessera" compare a.exr a.exr --diff zero.exr >/dev/null || fail "zero diff"
"$tessera" compare a.exr b.exr --fail 1e9 --diff d.exr >/dev/null || fail "diff"
"$tessera" compare a.exr b.exr --fail 1e9 --diff d2.exr --scale 2 >/dev/null || fail "scaled diff"
mean=$("$tessera" compare a.exr b.exr --metric mean --fail 1e9 --json | json_value mean_abs)
mean_d=$("$tessera" compare d.exr zero.exr --metric mean --fail 1e9 --json | json_value mean_abs)
mean_d2=$("$tessera" compare d2.exr zero.exr --metric mean --fail 1e9 --json | json_value mean_abs)
echo "mean |a-b| $mean, of the diff $mean_d, scaled by 2 $mean_d2"
awk -v m="$mean" -v d="$mean_d" -v d2="$mean_d2" 'BEGIN { exit !(m > 0 && (d / m - 1)^2 < 1e-10 && (d2 / m - 2)^2 < 1e-10) }' ||
  fail "the diff image does not hold the difference"
# Signed: a .pfm difference holds negative and positive floats (test - reference).
"$tessera" compare a.exr b.exr --fail 1e9 --diff d.pfm >/dev/null || fail "pfm diff"
signs=$(tail -c $((40 * 30 * 12)) d.pfm | od -An -v -tf4 | awk '{ for (i = 1; i <= NF; i++) { if ($i < 0) n++; if ($i > 0) p++ } } END { print (n > 0 && p > 0) ? "signed" : "unsigned" }')
[ "$signs" = signed ] || fail "the .pfm difference is not signed"
# --scale on a picture: the colour ramp no longer spans the largest difference.
"$tessera" compare a.exr b.exr --fail 1e9 --diff p1.png >/dev/null && "$tessera" compare a.exr b.exr --fail 1e9 --diff p2.png --scale 0.5 >/dev/null || fail "png diffs"
if cmp -s p1.png p2.png; then fail "--scale changed nothing in the png"; fi
"$tessera" compare a.exr b.exr --scale 2 >/dev/null 2>err.txt; status=$?
[ $status = 4 ] && grep -q "tessera: error: --scale scales the --diff image" err.txt || fail "--scale without --diff: status $status"
echo "COMPARE_CHANNELS_DIFF_OK"
