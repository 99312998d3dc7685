#pragma once
// Bucket records: one finished bucket as a self-contained, versioned,
// little-endian byte buffer, to store in a journal or send to another process.
//
//   offset  size  field
//        0     4  magic "TSB1"
//        4     4  format version (2; version 1 had no AOVs and is refused)
//        8     8  render fingerprint (core/journal/render_fingerprint.h)
//       16   4+4  image width, height
//       24     4  bucket id
//       28  4x4   bucket rectangle x, y, width, height
//       44     4  channels: 3 (linear R, G, B) + the AOV channels of the render
//       48     8  payload bytes = width * height * channels * 4
//       56     n  payload, float32: the beauty's pixels row-major (R, G, B
//                 interleaved), then the AOV pixels row-major (the render's
//                 AOV channels interleaved in core/render/aov.h's order)
//     56+n     8  XXH64 checksum of bytes [0, 56 + n)
//
// Every field of a received record is validated before use. Which AOVs a
// record holds is not in it: the fingerprint covers the AOV list, and the
// journal header (or the render) names it.

#include "core/engine/bucket_buffer.h"
#include "core/engine/bucket_sink.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace tessera {

constexpr uint32_t kBucketRecordVersion = 2;
constexpr size_t kBucketRecordHeaderBytes = 56;
constexpr size_t kBucketRecordOverheadBytes = kBucketRecordHeaderBytes + 8;

// What a record must match to belong to a render.
struct RecordContext {
  uint64_t fingerprint = 0;
  int width = 0, height = 0;  // image size
  AovSet aovs;                // the AOV layers every record carries
};

// Bytes a record of this bucket needs (with `aovs`' channels).
size_t bucket_record_size(const PixelRect& rect, AovSet aovs = {});

// Write `bucket` as a record into `out`, which must hold
// bucket_record_size(rect, context.aovs) bytes. The bucket must carry context.aovs.
void encode_bucket_record(const BucketBuffer& bucket, const RecordContext& context, uint8_t* out);

// Size of the record starting at `data`, read from its header, or 0 if fewer
// than a header's bytes are available. Does not validate.
size_t peek_bucket_record_size(const uint8_t* data, size_t available);

// Validate the record in `data` (exactly `size` bytes) against `expected` and
// decode it into `out` (its aovs set to expected.aovs). Throws
// Error("<where>: <what is wrong>") for a wrong magic, version, fingerprint,
// image size, channel count, rectangle outside the image, size mismatch,
// truncation or checksum; never reads or writes out of bounds.
void decode_bucket_record(const uint8_t* data, size_t size, const RecordContext& expected, BucketBuffer& out,
                          const std::string& where);

// Decode a record and deliver it to `sink` (a framebuffer or a file writer).
void apply_bucket_record(const uint8_t* data, size_t size, const RecordContext& expected, BucketSink& sink,
                         const std::string& where);

}  // namespace tessera
