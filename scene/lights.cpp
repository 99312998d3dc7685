#include "scene/lights.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "core/image/image_io.h"
#include "core/sampling/sampling.h"
#include "scene/file_paths.h"
#include "scene/shapes.h"

#include <cmath>
#include <memory>

namespace tessera {
namespace {

Vec3 read_power(const JsonValue& v) {
  const Vec3 c = v.vec3();
  if (c.x < 0 || c.y < 0 || c.z < 0 || c.x > 1e9f || c.y > 1e9f || c.z > 1e9f) v.fail("each channel must be in [0, 1e9]");
  return c;
}

Vec3 read_position(const JsonValue& v) {
  const Vec3 p = v.vec3();
  if (!within_world(p)) v.fail("must lie within 1e15 of the origin");
  return p;
}

}  // namespace

LightDescription read_light(const JsonValue& v, const std::string& base_dir) {
  LightDescription l;
  const std::string type = v.at("type").string();
  if (type == "point") {
    v.expect_object({"type", "position", "intensity", "radius"});
    l.type = LightType::Point;
    l.position = read_position(v.at("position"));
    l.color = read_power(v.at("intensity"));
    if (v.has("radius")) {
      l.radius = float(v.at("radius").number(0, 1e15));
      if (!within_world(l.position - Vec3(l.radius)) || !within_world(l.position + Vec3(l.radius)))
        v.at("radius").fail("the sphere reaches beyond 1e15 from the origin");
      if (l.radius > 0 && !(kPi * l.radius * l.radius > 0))
        v.at("radius").fail("too small: the sphere's area is zero in 32-bit floats (use 0 for a point light)");
    }
  } else if (type == "spot") {
    v.expect_object({"type", "position", "look_at", "intensity", "cutoff_angle", "beam_width"});
    l.type = LightType::Spot;
    l.position = read_position(v.at("position"));
    l.look_at = read_position(v.at("look_at"));
    if (length(l.look_at - l.position) == 0) v.at("look_at").fail("must differ from position");
    l.color = read_power(v.at("intensity"));
    const JsonValue cutoff = v.at("cutoff_angle"), beam = v.at("beam_width");
    l.cutoff_angle = float(cutoff.number(0, 180));
    if (!(l.cutoff_angle > 0 && l.cutoff_angle < 180)) cutoff.fail("must be in (0, 180) degrees");
    l.beam_width = float(beam.number(0, 180));
    if (l.beam_width > l.cutoff_angle) beam.fail("must not exceed cutoff_angle");
  } else if (type == "directional") {
    v.expect_object({"type", "direction", "irradiance", "angle"});
    l.type = LightType::Directional;
    const JsonValue d = v.at("direction");
    l.direction = d.vec3();
    if (!(length(l.direction) > 0)) d.fail("must not be zero");
    l.color = read_power(v.at("irradiance"));
    if (v.has("angle")) l.angle = float(v.at("angle").number(0, 90));
  } else if (type == "environment") {
    v.expect_object({"type", "file", "intensity", "rotation"});
    l.type = LightType::Environment;
    const JsonValue f = v.at("file");
    l.file = f.string();
    if (l.file.empty()) f.fail("must name an image file");
    try {
      image_read_format_for_path(l.file);
    } catch (const Error& e) {
      f.fail(e.what());
    }
    l.path = resolve(base_dir, l.file);
    if (v.has("intensity")) l.intensity = float(v.at("intensity").number(0, 1e9));
    if (v.has("rotation")) l.rotation = float(v.at("rotation").number(-1e6, 1e6));
  } else {
    v.at("type").fail("unknown light type \"" + type + "\" (expected point, spot, directional or environment)");
  }
  return l;
}

namespace {

// "pixel (x, y)" of float i of an RGB image `width` wide.
std::string pixel_name(size_t i, int width) {
  const size_t pixel = i / 3;
  return "pixel (" + std::to_string(pixel % size_t(width)) + ", " + std::to_string(pixel / size_t(width)) + ")";
}

std::shared_ptr<const EnvironmentMap> read_environment_map(const LightDescription& l) {
  const SourceOrigin file = l.origin.child("file");
  Image image;
  try {
    image = read_image(l.path);
  } catch (const Error& e) {
    file.fail(e.what());  // "scene.json: /lights/3/file: sky.hdr: cannot read image: ..."
  }
  if (image.width() < 1 || image.height() < 1) file.fail(l.path + ": the environment map has no pixels");
  std::vector<float> rgb = image.data();
  // Radiance is finite and >= 0. Lossy EXR compression (DWA) leaves small
  // negative values in real maps: read as 0, with one warning.
  size_t negative = 0, first_negative = 0;
  for (size_t i = 0; i < rgb.size(); ++i) {
    if (!std::isfinite(rgb[i])) file.fail(l.path + ": " + pixel_name(i, image.width()) + " is not finite" +
                                          " (an environment map holds radiance: finite and >= 0)");
    if (rgb[i] < 0.0f) {
      if (negative++ == 0) first_negative = i;
      rgb[i] = 0.0f;
    }
  }
  if (negative > 0)
    warn(file.where() + ": " + l.path + ": " + std::to_string(negative) + " negative value(s) read as 0, the first at " +
         pixel_name(first_negative, image.width()));
  return std::make_shared<const EnvironmentMap>(image.width(), image.height(), std::move(rgb), l.intensity, l.rotation);
}

}  // namespace

void build_lights(const std::vector<LightDescription>& lights, SceneGeometry& geometry,
                  std::vector<Material>& materials, ShapeOrigins& origins, std::vector<Light>& out) {
  for (const LightDescription& l : lights) {
    switch (l.type) {
      case LightType::Point:
        if (l.radius > 0) {
          // A sphere of radiance L sends I = L pi r^2 in every direction.
          Material glow;
          glow.albedo = Vec3(0.0f);
          glow.emission = l.color * float(1.0 / (3.14159265358979323846 * double(l.radius) * double(l.radius)));
          if (!(glow.emission.x <= 1e30f && glow.emission.y <= 1e30f && glow.emission.z <= 1e30f))
            l.origin.child("radius").fail("too small for its intensity: the radiance overflows a 32-bit float");
          materials.push_back(glow);
          geometry.add_sphere({l.position, l.radius}, uint32_t(materials.size() - 1));
          origins.spheres.resize(geometry.spheres.size() - 1);  // shapes without a name keep their index
          origins.spheres.push_back(l.origin.where());
        } else {
          out.push_back(Light::point(l.position, l.color));
        }
        break;
      case LightType::Spot:
        out.push_back(Light::spot(l.position, l.look_at, l.color, l.cutoff_angle, l.beam_width));
        break;
      case LightType::Directional: out.push_back(Light::directional(l.direction, l.color, l.angle)); break;
      case LightType::Environment: out.push_back(Light::environment(read_environment_map(l))); break;
    }
  }
}

}  // namespace tessera
