#pragma once
// Fresnel reflectance: the share of light a smooth interface reflects.
//   fr_dielectric(cos_i, eta)  exact, unpolarized, for a dielectric of relative
//                  index eta (inside over outside); cos_i < 0 means the light
//                  arrives from inside; 1 on total internal reflection.
//   fr_complex(cos_i, eta, k)  a conductor of complex index eta + i k, per RGB channel.
//   conductor_from_reflectance(r)  the artist mapping used for a conductor's
//                  `reflectance` (F0): pbrt-v4's (ConductorMaterial): eta = 1,
//                  k = 2 sqrt(r) / sqrt(1 - r), whose normal-incidence
//                  reflectance is exactly r and which keeps the exact conductor
//                  curve towards grazing (not Schlick's approximation).
//   kMetals        named metals (Au, Ag, Cu, Al) as RGB eta and k.
// Pure functions; thread-safe. Formulas after pbrt-v4 util/scattering.h.

#include "core/math/vec3.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace tessera {

inline float fr_dielectric(float cos_i, float eta) {
  cos_i = std::clamp(cos_i, -1.0f, 1.0f);
  if (cos_i < 0.0f) eta = 1.0f / eta, cos_i = -cos_i;  // from inside: the interface seen the other way
  const float sin2_t = (1.0f - cos_i * cos_i) / (eta * eta);
  if (sin2_t >= 1.0f) return 1.0f;  // total internal reflection
  const float cos_t = std::sqrt(std::max(0.0f, 1.0f - sin2_t));
  const float r_parl = (eta * cos_i - cos_t) / (eta * cos_i + cos_t);
  const float r_perp = (cos_i - eta * cos_t) / (cos_i + eta * cos_t);
  return 0.5f * (r_parl * r_parl + r_perp * r_perp);
}

inline float fr_complex(float cos_i, float eta, float k) {
  using C = std::complex<float>;
  cos_i = std::clamp(cos_i, 0.0f, 1.0f);
  const C n(eta, k);
  const C sin2_t = (1.0f - cos_i * cos_i) / (n * n);
  const C cos_t = std::sqrt(C(1.0f) - sin2_t);
  const C r_parl = (n * cos_i - cos_t) / (n * cos_i + cos_t);
  const C r_perp = (cos_i - n * cos_t) / (cos_i + n * cos_t);
  return 0.5f * (std::norm(r_parl) + std::norm(r_perp));
}
inline Vec3 fr_complex(float cos_i, const Vec3& eta, const Vec3& k) {
  return {fr_complex(cos_i, eta.x, k.x), fr_complex(cos_i, eta.y, k.y), fr_complex(cos_i, eta.z, k.z)};
}

// eta and k of the conductor whose normal-incidence reflectance is r (each
// channel clamped to [0, 0.9999] so k stays finite).
inline void conductor_from_reflectance(const Vec3& r, Vec3& eta, Vec3& k) {
  eta = Vec3(1.0f);
  const auto one = [](float c) {
    c = std::clamp(c, 0.0f, 0.9999f);
    return 2.0f * std::sqrt(c) / std::sqrt(1.0f - c);
  };
  k = {one(r.x), one(r.y), one(r.z)};
}

struct NamedMetal {
  const char* name;
  Vec3 eta, k;
};
// RGB fits of measured spectral data, as Tungsten (src/core/bsdfs/ComplexIorData.hpp)
// and Mitsuba 0.5 tabulate them (from the PBRT/Palik spectra, integrated
// against the sRGB matching functions).
inline constexpr NamedMetal kMetals[] = {
    {"Au", {0.1431189557f, 0.3749570432f, 1.4424785571f}, {3.9831604247f, 2.3857207478f, 1.6032152899f}},
    {"Ag", {0.1552646489f, 0.1167232965f, 0.1383806959f}, {4.8283433224f, 3.1222459278f, 2.1469504455f}},
    {"Cu", {0.2004376970f, 0.9240334304f, 1.1022119527f}, {3.9129485033f, 2.4528477015f, 2.1421879552f}},
    {"Al", {1.6574599595f, 0.8803689579f, 0.5212287346f}, {9.2238691996f, 6.2695232477f, 4.8370012281f}},
};
// The names for a scene file's "metal" choice, in kMetals order, null-terminated.
inline constexpr const char* kMetalNames[] = {"Au", "Ag", "Cu", "Al", nullptr};

}  // namespace tessera
