// Bucket records (core/journal/bucket_record.h): the byte layout, a bit-exact round
// trip, placement through apply_bucket_record, and a clear Error (never a crash,
// never a silent success) for every kind of damaged or foreign record.

#include "core/engine/bucket.h"
#include "core/journal/bucket_record.h"
#include "core/engine/bucket_sink.h"
#include "core/base/error.h"
#include "tests/core/engine/bucket_checks.h"

#include <catch2/catch.hpp>
#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace tessera;

namespace {

constexpr uint64_t kFingerprint = 0x0123456789abcdefull;
const RecordContext kContext{kFingerprint, 45, 37};

uint32_t bits(float f) { return float_bits(f); }
float from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
uint32_t le32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }
uint64_t le64(const uint8_t* p) { return uint64_t(le32(p)) | uint64_t(le32(p + 4)) << 32; }
void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}
void put64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = uint8_t(v >> (8 * i));
}

// A distinct, exactly representable value for each pixel channel of the image.
float pixel_value(int x, int y, int c) { return float(y * 1000 + x) * 4.0f + float(c) + 0.25f; }

BucketBuffer make_bucket(int id, PixelRect rect) {
  BucketBuffer b;
  b.bucket = {id, rect};
  b.rgb.resize(size_t(rect.area()) * 3);
  for (int y = rect.y; y < rect.y + rect.height; ++y)
    for (int x = rect.x; x < rect.x + rect.width; ++x)
      for (int c = 0; c < 3; ++c) b.pixel(x, y)[c] = pixel_value(x, y, c);
  return b;
}

std::vector<uint8_t> encode(const BucketBuffer& b, const RecordContext& context = kContext) {
  std::vector<uint8_t> out(bucket_record_size(b.bucket.rect));
  encode_bucket_record(b, context, out.data());
  return out;
}

void decode(const std::vector<uint8_t>& record, BucketBuffer& out, const RecordContext& context = kContext) {
  decode_bucket_record(record.data(), record.size(), context, out, "rec.tsj: record at byte 40");
}

// Recompute the XXH64 trailer after patching header fields, so that only the
// field checks can reject the record.
void reseal(std::vector<uint8_t>& record) {
  const size_t n = record.size() - 8;
  put64(&record[n], XXH64(record.data(), n, 0));
}


}  // namespace

TEST_CASE("bucket record layout is the documented little-endian format", "[bucket_record]") {
  const BucketBuffer b = make_bucket(7, {16, 8, 5, 3});
  const std::vector<uint8_t> r = encode(b);
  REQUIRE(r.size() == bucket_record_size(b.bucket.rect));
  REQUIRE(r.size() == 56 + 5 * 3 * 3 * 4 + 8);
  REQUIRE(kBucketRecordHeaderBytes == 56);
  REQUIRE(kBucketRecordOverheadBytes == 64);

  CHECK(std::memcmp(r.data(), "TSB1", 4) == 0);
  CHECK(le32(&r[4]) == kBucketRecordVersion);
  CHECK(le32(&r[4]) == 2);
  CHECK(le64(&r[8]) == kFingerprint);
  CHECK(le32(&r[16]) == 45);
  CHECK(le32(&r[20]) == 37);
  CHECK(le32(&r[24]) == 7);
  CHECK(le32(&r[28]) == 16);
  CHECK(le32(&r[32]) == 8);
  CHECK(le32(&r[36]) == 5);
  CHECK(le32(&r[40]) == 3);
  CHECK(le32(&r[44]) == 3);
  CHECK(le64(&r[48]) == 5 * 3 * 3 * 4);
  for (size_t i = 0; i < b.rgb.size(); ++i) CHECK(le32(&r[56 + 4 * i]) == bits(b.rgb[i]));
  CHECK(le64(&r[r.size() - 8]) == XXH64(r.data(), r.size() - 8, 0));

  // peek reads the size from a whole header, and says 0 for less.
  CHECK(peek_bucket_record_size(r.data(), r.size()) == r.size());
  CHECK(peek_bucket_record_size(r.data(), kBucketRecordHeaderBytes) == r.size());
  for (size_t n = 0; n < kBucketRecordHeaderBytes; ++n) CHECK(peek_bucket_record_size(r.data(), n) == 0);
}

TEST_CASE("bucket record round trip is bit-exact for every float", "[bucket_record]") {
  BucketBuffer b = make_bucket(3, {8, 4, 4, 4});
  const std::vector<uint32_t> specials = {
      bits(0.0f),
      bits(-0.0f),
      bits(std::numeric_limits<float>::denorm_min()),
      bits(-std::numeric_limits<float>::denorm_min()),
      0x007fffffu,  // largest denormal
      bits(std::numeric_limits<float>::min()),
      bits(std::numeric_limits<float>::max()),
      bits(-std::numeric_limits<float>::max()),
      bits(std::numeric_limits<float>::infinity()),
      bits(-std::numeric_limits<float>::infinity()),
      0x7fc00000u,  // quiet NaN
      0xffc12345u,  // negative quiet NaN with a payload
      0x7f800001u,  // signalling NaN
      bits(-1.5e-30f),
      bits(3.4e37f),
      bits(-123456.789f),
      bits(1.0f / 3.0f),
  };
  for (size_t i = 0; i < specials.size(); ++i) b.rgb[i] = from_bits(specials[i]);
  b.rgb.back() = from_bits(0x3f800001u);  // 1 + 1 ulp

  const std::vector<uint8_t> r = encode(b);
  REQUIRE(r.size() == bucket_record_size(b.bucket.rect));

  BucketBuffer out;  // empty: decode sizes it
  decode(r, out);
  require_same_bits(b, out);
  REQUIRE(out.rgb.size() == b.rgb.size());
  for (size_t i = 0; i < specials.size(); ++i) CHECK(bits(out.rgb[i]) == specials[i]);
  CHECK(std::signbit(out.rgb[1]));
  CHECK(std::isnan(out.rgb[12]));

  // Decoding into a pooled buffer with room for a full bucket keeps its capacity
  // and overwrites the prefix that the rectangle covers.
  BucketBuffer pooled;
  pooled.bucket = {99, {0, 0, 32, 32}};
  pooled.rgb.assign(32 * 32 * 3, -7.0f);
  decode(r, pooled);
  CHECK(pooled.rgb.size() == 32 * 32 * 3);
  require_same_bits(b, pooled);
}

TEST_CASE("bucket records of every (clipped) bucket of an image round trip", "[bucket_record]") {
  for (BucketSize size : {BucketSize{16, 16}, BucketSize{7, 5}, BucketSize{1, 1}, BucketSize{64, 64}, BucketSize{45, 1}}) {
    const std::vector<Bucket> buckets = cut_into_buckets(kContext.width, kContext.height, size);
    REQUIRE(!buckets.empty());
    for (const Bucket& bucket : buckets) {
      INFO("bucket size " << size.width << "x" << size.height << ", bucket " << bucket.id);
      const BucketBuffer b = make_bucket(bucket.id, bucket.rect);
      const std::vector<uint8_t> r = encode(b);
      REQUIRE(r.size() == 64 + size_t(bucket.rect.area()) * 12);
      REQUIRE(peek_bucket_record_size(r.data(), r.size()) == r.size());
      BucketBuffer out;
      decode(r, out);
      require_same_bits(b, out);
    }
  }
  // The bottom-right bucket of 45x37 in 16x16 buckets is 13x5.
  const std::vector<Bucket> grid = cut_into_buckets(45, 37, {16, 16});
  const Bucket& corner = grid.back();
  REQUIRE(corner.rect.width == 13);
  REQUIRE(corner.rect.height == 5);
  REQUIRE(bucket_record_size(corner.rect) == 64 + 13 * 5 * 12);
}

TEST_CASE("apply_bucket_record puts every pixel in its place", "[bucket_record]") {
  const std::vector<Bucket> buckets = cut_into_buckets(kContext.width, kContext.height, {16, 8});
  ImageSink sink;
  sink.begin(kContext.width, kContext.height);

  // One clipped bucket alone: its pixels land, every other pixel stays black.
  const Bucket& edge = buckets.back();
  REQUIRE(edge.rect.width < 16);
  REQUIRE(edge.rect.height < 8);
  const std::vector<uint8_t> edge_record = encode(make_bucket(edge.id, edge.rect));
  apply_bucket_record(edge_record.data(), edge_record.size(), kContext, sink, "edge");
  for (int y = 0; y < kContext.height; ++y)
    for (int x = 0; x < kContext.width; ++x) {
      const Vec3 p = sink.image().pixel(x, y);
      if (edge.rect.contains(x, y)) {
        REQUIRE(p.x == pixel_value(x, y, 0));
        REQUIRE(p.y == pixel_value(x, y, 1));
        REQUIRE(p.z == pixel_value(x, y, 2));
      } else {
        REQUIRE(p.x == 0.0f);
        REQUIRE(p.y == 0.0f);
        REQUIRE(p.z == 0.0f);
      }
    }

  // All buckets, in reverse order: the image is complete and exact.
  for (auto it = buckets.rbegin(); it != buckets.rend(); ++it) {
    const std::vector<uint8_t> r = encode(make_bucket(it->id, it->rect));
    apply_bucket_record(r.data(), r.size(), kContext, sink, "all");
  }
  for (int y = 0; y < kContext.height; ++y)
    for (int x = 0; x < kContext.width; ++x) {
      INFO("pixel " << x << "," << y);
      const Vec3 p = sink.image().pixel(x, y);
      REQUIRE(p.x == pixel_value(x, y, 0));
      REQUIRE(p.y == pixel_value(x, y, 1));
      REQUIRE(p.z == pixel_value(x, y, 2));
    }

  // A rejected record reaches no sink.
  std::vector<uint8_t> bad = encode(make_bucket(0, buckets[0].rect));
  for (size_t i = 56; i < bad.size() - 8; ++i) bad[i] = 0;
  ImageSink untouched;
  untouched.begin(kContext.width, kContext.height);
  REQUIRE_THROWS_AS(apply_bucket_record(bad.data(), bad.size(), kContext, untouched, "bad"), Error);
  for (float v : untouched.image().data()) REQUIRE(v == 0.0f);
}

TEST_CASE("bucket record: wrong magic, version and channel count", "[bucket_record]") {
  const std::vector<uint8_t> good = encode(make_bucket(2, {32, 0, 13, 16}));
  BucketBuffer out;

  std::vector<uint8_t> r = good;
  r[0] = 'X';
  REQUIRE_THROWS_WITH(decode(r, out), Catch::StartsWith("rec.tsj: record at byte 40: ") &&
                                          Catch::Contains("not a bucket record (bad magic)"));
  r = good;
  r[3] = '2';  // "TSB2": resealing does not help
  reseal(r);
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("bad magic"));

  r = good;
  put32(&r[4], 1);  // the format before AOVs
  REQUIRE_THROWS_WITH(decode(r, out),
                      Catch::Contains("bucket record format version 1 (this build reads version 2)"));
  reseal(r);
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("format version 1"));
  r = good;
  put32(&r[4], 3);
  reseal(r);
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("bucket record format version 3 (this build reads version 2)"));
  r = good;
  put32(&r[4], 0);
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("format version 0"));

  r = good;
  put32(&r[44], 4);
  reseal(r);
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("bucket record has 4 channels, not the 3 of this render"));
}

TEST_CASE("bucket record: a flipped byte fails the checksum", "[bucket_record]") {
  const std::vector<uint8_t> good = encode(make_bucket(2, {32, 0, 13, 16}));
  BucketBuffer out;
  const std::string mismatch = "bucket record checksum mismatch (corrupt data)";

  std::vector<uint8_t> r = good;
  r[56 + 100] ^= 0x01;  // payload
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains(mismatch));
  r = good;
  r[r.size() - 9] ^= 0x80;  // last payload byte
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains(mismatch));

  // Header fields: fingerprint, image size, bucket id, rectangle.
  for (size_t at : {8, 15, 16, 22, 24, 28, 33, 36, 40}) {
    INFO("header byte " << at);
    r = good;
    r[at] ^= 0x01;
    REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains(mismatch));
  }
  // The checksum itself.
  r = good;
  r[r.size() - 1] ^= 0x40;
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains(mismatch));
}

TEST_CASE("bucket record: every truncation throws, never crashes", "[bucket_record]") {
  const std::vector<uint8_t> good = encode(make_bucket(5, {0, 16, 16, 16}));
  BucketBuffer out;
  for (size_t n = 0; n < good.size(); ++n) {
    INFO("first " << n << " bytes");
    // An exactly sized copy, so that a read past the end leaves the allocation.
    const std::vector<uint8_t> cut(good.begin(), good.begin() + n);
    REQUIRE_THROWS_WITH(decode_bucket_record(cut.data(), cut.size(), kContext, out, "cut"),
                        Catch::StartsWith("cut: truncated bucket record ("));
  }
  const std::vector<uint8_t> header_only(good.begin(), good.begin() + 63);
  REQUIRE_THROWS_WITH(decode_bucket_record(header_only.data(), 63, kContext, out, "w"),
                      Catch::Contains("truncated bucket record (63 bytes, a record has at least 64)"));
  const std::vector<uint8_t> half(good.begin(), good.begin() + 64 + 100);
  REQUIRE_THROWS_WITH(decode_bucket_record(half.data(), half.size(), kContext, out, "w"),
                      Catch::Contains("truncated bucket record (payload of 3072 bytes, 100 present)"));
}

TEST_CASE("bucket record: extra bytes are a size mismatch", "[bucket_record]") {
  const std::vector<uint8_t> good = encode(make_bucket(5, {0, 16, 16, 16}));
  BucketBuffer out;
  for (size_t extra : {1, 4, 8, 12, 1000}) {
    INFO(extra << " extra bytes");
    std::vector<uint8_t> r = good;
    r.resize(r.size() + extra, 0);
    REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("bucket record size mismatch"));
  }
}

TEST_CASE("bucket record from another render is refused", "[bucket_record]") {
  const BucketBuffer b = make_bucket(4, {16, 16, 16, 16});
  BucketBuffer out;

  // Another fingerprint: a valid record, but of another scene or other settings.
  const std::vector<uint8_t> other = encode(b, {kFingerprint ^ 1, kContext.width, kContext.height});
  REQUIRE_THROWS_WITH(decode(other, out),
                      Catch::Contains("bucket record is from another scene or other render settings (fingerprint differs)"));
  decode(other, out, {kFingerprint ^ 1, kContext.width, kContext.height});  // fine where it belongs
  require_same_bits(b, out);

  // Another image size with the same fingerprint.
  const std::vector<uint8_t> bigger = encode(b, {kFingerprint, 64, 48});
  REQUIRE_THROWS_WITH(decode(bigger, out), Catch::Contains("bucket record is for a 64x48 image, not 45x37"));
  const std::vector<uint8_t> ok = encode(b);
  REQUIRE_THROWS_WITH(decode(ok, out, {kFingerprint, 45, 38}), Catch::Contains("for a 45x37 image, not 45x38"));
  REQUIRE_THROWS_WITH(decode(ok, out, {kFingerprint, 46, 37}), Catch::Contains("for a 45x37 image, not 46x37"));
}

TEST_CASE("bucket record whose rectangle lies outside the image is refused", "[bucket_record]") {
  BucketBuffer out;
  // Written for a larger image: the bucket fits there, and is refused here (the
  // image size check comes first).
  const BucketBuffer beyond = make_bucket(11, {40, 32, 16, 16});
  const std::vector<uint8_t> larger = encode(beyond, {kFingerprint, 64, 48});
  REQUIRE_THROWS_AS(decode(larger, out), Error);
  REQUIRE_THROWS_WITH(decode(larger, out), Catch::Contains("not 45x37"));

  // Encoding does not validate: a record naming the right image with a
  // rectangle that sticks out of it.
  const std::vector<uint8_t> sticks_out = encode(beyond);
  REQUIRE_THROWS_WITH(decode(sticks_out, out),
                      Catch::Contains("bucket 11 rectangle 16x16 at 40,32 lies outside the image"));
  REQUIRE_THROWS_WITH(decode(encode(make_bucket(1, {30, 0, 16, 16})), out), Catch::Contains("lies outside the image"));
  REQUIRE_THROWS_WITH(decode(encode(make_bucket(1, {0, 30, 16, 8})), out), Catch::Contains("lies outside the image"));
  // Touching the right and bottom edges is inside.
  decode(encode(make_bucket(1, {29, 29, 16, 8})), out);
  CHECK(out.bucket.rect.x == 29);

  // Patched rectangles with a recomputed checksum, including values that would
  // wrap around in 32 bits or are negative as int.
  const std::vector<uint8_t> good = encode(make_bucket(2, {32, 16, 13, 16}));
  struct Patch {
    uint32_t x, y, w, h;
  };
  for (const Patch& p : {Patch{33, 16, 13, 16}, Patch{32, 22, 13, 16}, Patch{0xfffffff0u, 16, 0x20, 16},
                         Patch{32, 0xffffffffu, 13, 16}, Patch{32, 16, 0xffffffffu, 1}, Patch{32, 16, 0, 16},
                         Patch{32, 16, 13, 0}, Patch{45, 0, 1, 1}, Patch{0, 37, 1, 1}}) {
    INFO("rect " << p.x << "," << p.y << " " << p.w << "x" << p.h);
    std::vector<uint8_t> r = good;
    put32(&r[28], p.x);
    put32(&r[32], p.y);
    put32(&r[36], p.w);
    put32(&r[40], p.h);
    reseal(r);
    REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("lies outside the image"));
  }

  // A rectangle inside the image that does not match the payload.
  std::vector<uint8_t> r = good;
  put32(&r[36], 12);
  reseal(r);
  REQUIRE_THROWS_WITH(decode(r, out), Catch::Contains("bucket record payload does not match its rectangle"));
}

TEST_CASE("bucket record: a flipped byte at any offset throws, never crashes or succeeds", "[bucket_record]") {
  const std::vector<uint8_t> good = encode(make_bucket(9, {44, 36, 1, 1}));  // a 1x1 corner bucket
  REQUIRE(good.size() == 64 + 12);
  BucketBuffer out;
  decode(good, out);
  for (size_t at = 0; at < good.size(); ++at) {
    for (uint8_t mask : {0x01, 0x10, 0x80, 0xff}) {
      INFO("byte " << at << " ^ " << int(mask));
      std::vector<uint8_t> r = good;
      r[at] ^= mask;
      REQUIRE_THROWS_AS(decode(r, out), Error);
    }
  }
  // Larger bucket, every offset, one mask.
  const std::vector<uint8_t> big = encode(make_bucket(0, {0, 0, 16, 16}));
  for (size_t at = 0; at < big.size(); ++at) {
    INFO("byte " << at);
    std::vector<uint8_t> r = big;
    r[at] ^= uint8_t(1u << (at % 8));
    REQUIRE_THROWS_AS(decode(r, out), Error);
  }
}
