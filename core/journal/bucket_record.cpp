#include "core/journal/bucket_record.h"

#include "core/base/error.h"
#include "core/base/little_endian.h"

#include <xxhash.h>

#include <cstring>

namespace tessera {
namespace {

constexpr char kMagic[4] = {'T', 'S', 'B', '1'};
constexpr uint32_t kBeautyChannels = 3;

uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float bits_float(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

}  // namespace

size_t bucket_record_size(const PixelRect& rect, AovSet aovs) {
  return kBucketRecordOverheadBytes + size_t(rect.area()) * (kBeautyChannels + uint32_t(aovs.channels())) * 4;
}

void encode_bucket_record(const BucketBuffer& bucket, const RecordContext& context, uint8_t* out) {
  const PixelRect& r = bucket.bucket.rect;
  if (bucket.aovs != context.aovs)
    throw Error("bucket " + std::to_string(bucket.bucket.id) + " carries other AOV layers than its record");
  const uint32_t channels = kBeautyChannels + uint32_t(context.aovs.channels());
  const size_t beauty = size_t(r.area()) * kBeautyChannels;
  const size_t floats = size_t(r.area()) * channels;
  std::memcpy(out, kMagic, 4);
  put32(out + 4, kBucketRecordVersion);
  put64(out + 8, context.fingerprint);
  put32(out + 16, uint32_t(context.width));
  put32(out + 20, uint32_t(context.height));
  put32(out + 24, uint32_t(bucket.bucket.id));
  put32(out + 28, uint32_t(r.x));
  put32(out + 32, uint32_t(r.y));
  put32(out + 36, uint32_t(r.width));
  put32(out + 40, uint32_t(r.height));
  put32(out + 44, channels);
  put64(out + 48, floats * 4);
  uint8_t* payload = out + kBucketRecordHeaderBytes;
  for (size_t i = 0; i < beauty; ++i) put32(payload + 4 * i, float_bits(bucket.rgb[i]));
  for (size_t i = beauty; i < floats; ++i) put32(payload + 4 * i, float_bits(bucket.aov[i - beauty]));
  put64(payload + floats * 4, XXH64(out, kBucketRecordHeaderBytes + floats * 4, 0));
}

size_t peek_bucket_record_size(const uint8_t* data, size_t available) {
  if (available < kBucketRecordHeaderBytes) return 0;
  const uint64_t payload = get64(data + 48);
  if (payload > (uint64_t(1) << 40)) return SIZE_MAX;  // nonsense; decode will say what is wrong
  return kBucketRecordOverheadBytes + size_t(payload);
}

void decode_bucket_record(const uint8_t* data, size_t size, const RecordContext& expected, BucketBuffer& out,
                          const std::string& where) {
  const auto fail = [&](const std::string& what) { throw Error(where + ": " + what); };
  if (size < kBucketRecordOverheadBytes)
    fail("truncated bucket record (" + std::to_string(size) + " bytes, a record has at least " +
         std::to_string(kBucketRecordOverheadBytes) + ")");
  if (std::memcmp(data, kMagic, 4) != 0) fail("not a bucket record (bad magic)");
  const uint32_t version = get32(data + 4);
  if (version != kBucketRecordVersion)
    fail("bucket record format version " + std::to_string(version) + " (this build reads version " +
         std::to_string(kBucketRecordVersion) + ")");
  const uint64_t payload = get64(data + 48);
  const uint32_t channels = kBeautyChannels + uint32_t(expected.aovs.channels());
  if (get32(data + 44) != channels)
    fail("bucket record has " + std::to_string(get32(data + 44)) + " channels, not the " + std::to_string(channels) +
         " of this render (RGB and its AOVs)");
  if (payload > size - kBucketRecordOverheadBytes)
    fail("truncated bucket record (payload of " + std::to_string(payload) + " bytes, " +
         std::to_string(size - kBucketRecordOverheadBytes) + " present)");
  if (payload != size - kBucketRecordOverheadBytes) fail("bucket record size mismatch");
  if (get64(data + kBucketRecordHeaderBytes + payload) != XXH64(data, kBucketRecordHeaderBytes + payload, 0))
    fail("bucket record checksum mismatch (corrupt data)");
  // The checksum holds: the fields are as written. Now check they fit this render.
  if (get64(data + 8) != expected.fingerprint)
    fail("bucket record is from another scene or other render settings (fingerprint differs)");
  const uint32_t w = get32(data + 16), h = get32(data + 20);
  if (w != uint32_t(expected.width) || h != uint32_t(expected.height))
    fail("bucket record is for a " + std::to_string(w) + "x" + std::to_string(h) + " image, not " +
         std::to_string(expected.width) + "x" + std::to_string(expected.height));
  const uint32_t id = get32(data + 24);
  const uint64_t x = get32(data + 28), y = get32(data + 32), rw = get32(data + 36), rh = get32(data + 40);
  if (rw == 0 || rh == 0 || x + rw > w || y + rh > h)
    fail("bucket " + std::to_string(id) + " rectangle " + std::to_string(rw) + "x" + std::to_string(rh) + " at " +
         std::to_string(x) + "," + std::to_string(y) + " lies outside the image");
  if (payload != rw * rh * channels * 4) fail("bucket record payload does not match its rectangle");
  out.bucket = {int(id), {int(x), int(y), int(rw), int(rh)}};
  const size_t beauty = size_t(rw * rh * kBeautyChannels), aov = size_t(rw * rh) * size_t(expected.aovs.channels());
  if (out.rgb.size() < beauty) out.rgb.resize(beauty);
  if (out.aov.size() < aov) out.aov.resize(aov);
  out.aovs = expected.aovs;
  const uint8_t* p = data + kBucketRecordHeaderBytes;
  for (size_t i = 0; i < beauty; ++i) out.rgb[i] = bits_float(get32(p + 4 * i));
  p += beauty * 4;
  for (size_t i = 0; i < aov; ++i) out.aov[i] = bits_float(get32(p + 4 * i));
}

void apply_bucket_record(const uint8_t* data, size_t size, const RecordContext& expected, BucketSink& sink,
                         const std::string& where) {
  BucketBuffer bucket;
  decode_bucket_record(data, size, expected, bucket, where);
  sink.write_bucket(bucket);
}

}  // namespace tessera
