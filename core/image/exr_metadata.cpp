#include "core/image/exr_metadata.h"

#include <ImfChromaticities.h>
#include <ImfDoubleAttribute.h>
#include <ImfIntAttribute.h>
#include <ImfMatrixAttribute.h>
#include <ImfStandardAttributes.h>
#include <ImfStringAttribute.h>

namespace tessera {
namespace {

Imath::M44f to_m44f(const Matrix44& m) {
  return Imath::M44f(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14],
                     m[15]);
}

}  // namespace

void add_exr_metadata(Imf::Header& header, const ImageMetadata& metadata) {
  // Imf::Chromaticities() defaults to Rec. ITU-R BT.709-3: the sRGB primaries and D65.
  Imf::addChromaticities(header, Imf::Chromaticities());
  if (!metadata.software.empty()) header.insert("software", Imf::StringAttribute(metadata.software));
  if (metadata.world_to_camera) Imf::addWorldToCamera(header, to_m44f(*metadata.world_to_camera));
  if (metadata.world_to_ndc) Imf::addWorldToNDC(header, to_m44f(*metadata.world_to_ndc));
  for (const ImageMetadata::Entry& e : metadata.entries) {
    if (const auto* s = std::get_if<std::string>(&e.value)) header.insert(e.name, Imf::StringAttribute(*s));
    else if (const auto* i = std::get_if<int>(&e.value)) header.insert(e.name, Imf::IntAttribute(*i));
    else header.insert(e.name, Imf::DoubleAttribute(std::get<double>(e.value)));
  }
}

}  // namespace tessera
