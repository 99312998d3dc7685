#pragma once
// FLIP: the perceptual image difference of Andersson et al., "FLIP: A
// Difference Evaluator for Alternating Images" (HPG 2020), in its LDR form.
// It predicts, per pixel, how visible the difference is to someone flipping
// between the two images on a given display: a colour term (CSF-filtered
// images compared in a Hunt-adjusted CIELab space) raised to a power that a
// feature term (edge and point detectors on luminance) pulls towards 1.
//
// Constants and order of operations follow NVIDIA's reference implementation
// (github.com/NVlabs/flip, FLIP.h, v1.6), so results should agree with it up
// to float rounding.

#include "core/image/image.h"
#include "core/math/vec3.h"

namespace tessera {

struct FlipResult {
  Image error_map;  // per-pixel FLIP in [0, 1], stored in all three channels
  double mean = 0;  // the single number FLIP's authors recommend reporting
  double max = 0;
  int max_x = 0, max_y = 0;  // the first pixel (row-major) holding `max`
};

// LDR FLIP between a reference and a test image, both LINEAR RGB, which is
// what Tessera's Image holds and also what the reference implementation's
// evaluate() takes (its tool decodes sRGB PNGs to linear before calling it).
// So no transfer curve is applied here: values are clamped to [0, 1] (NaN
// counts as 0, as in the reference's clamp), that is, LDR FLIP judges the
// image as the default "clamp" PNG output would show it. HDR images should be
// tone mapped first if they are to be judged as displayed.
// `pixels_per_degree` describes the viewer; the default is the paper's 0.7 m
// wide 3840-pixel monitor seen from 0.7 m (see flip_pixels_per_degree).
// Throws Error naming both sizes if the images differ in size.
FlipResult compute_flip(const Image& reference, const Image& test, double pixels_per_degree = 67.0206);

// Pixels per degree of visual angle for a monitor `width_m` metres wide with
// `width_px` pixels across, seen from `distance_m` metres (small-angle form,
// as in the paper): flip_pixels_per_degree(0.7, 0.7, 3840) is about 67.02.
double flip_pixels_per_degree(double distance_m, double width_m, double width_px);

// The 'magma' colour map FLIP draws its error maps with, for writing a --diff
// image: `value` in [0, 1] (clamped) picks one of 256 entries as the reference
// does (round(value * 255)). The entries are display (sRGB-encoded) colours;
// they are returned as LINEAR RGB so that Tessera's PNG writer, which applies
// the sRGB curve, reproduces the reference's bytes.
Vec3 flip_magma(float value);

}  // namespace tessera
