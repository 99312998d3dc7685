#pragma once
// The EXR header attributes of an ImageMetadata. Private to core/ (it includes
// OpenEXR, a private dependency): image_io.cpp and exr_stream_sink.cpp use it.

#include "core/image/image_metadata.h"

#include <ImfHeader.h>

namespace tessera {

// Add `metadata` to `header`: each entry as a string, int or double attribute,
// "software", worldToCamera / worldToNDC when set, and always the
// chromaticities of the values written (Rec.709 / sRGB primaries, D65 white):
// Tessera renders in linear Rec.709.
void add_exr_metadata(Imf::Header& header, const ImageMetadata& metadata);

}  // namespace tessera
