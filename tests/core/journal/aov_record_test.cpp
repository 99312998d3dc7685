// AOVs in bucket records and journals: a bit-exact round trip of the layers, a
// record of other layers refused, the journal header naming the layers, and a
// journal of format version 1 (before AOVs) refused with one clear line.

#include "core/base/error.h"
#include "core/journal/bucket_journal.h"
#include "core/journal/bucket_record.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>
#include <xxhash.h>

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

BucketBuffer make_bucket(int id, PixelRect rect, AovSet aovs) {
  BucketBuffer b;
  b.bucket = {id, rect};
  b.aovs = aovs;
  b.rgb.resize(size_t(rect.area()) * 3);
  b.aov.resize(size_t(rect.area()) * size_t(aovs.channels()));
  for (size_t i = 0; i < b.rgb.size(); ++i) b.rgb[i] = float(i) + 0.5f;
  for (size_t i = 0; i < b.aov.size(); ++i) b.aov[i] = -float(i) - 0.25f;
  if (!b.aov.empty()) b.aov[1] = std::numeric_limits<float>::infinity();  // a depth on a miss survives
  return b;
}

}  // namespace

TEST_CASE("a bucket record carries the AOV channels bit for bit, after the beauty", "[aov][record]") {
  const AovSet aovs = parse_aov_list("normal,depth");
  const RecordContext context{42, 30, 20, aovs};
  const BucketBuffer b = make_bucket(3, {8, 4, 5, 3}, aovs);
  std::vector<uint8_t> r(bucket_record_size(b.bucket.rect, aovs));
  REQUIRE(r.size() == 64 + 15 * (3 + 4) * 4);
  encode_bucket_record(b, context, r.data());
  CHECK(r[4] == 2);    // format version 2
  CHECK(r[44] == 7);   // channels: RGB and the four AOV channels
  BucketBuffer out;
  decode_bucket_record(r.data(), r.size(), context, out, "rec");
  CHECK(out.aovs == aovs);
  CHECK(std::memcmp(out.rgb.data(), b.rgb.data(), b.rgb.size() * 4) == 0);
  CHECK(std::memcmp(out.aov.data(), b.aov.data(), b.aov.size() * 4) == 0);
  // Read as a render with other layers: refused by its channel count.
  const RecordContext fewer{42, 30, 20, parse_aov_list("depth")};
  CHECK_THROWS_WITH(decode_bucket_record(r.data(), r.size(), fewer, out, "rec"),
                    "rec: bucket record has 7 channels, not the 4 of this render (RGB and its AOVs)");
  // A bucket without the layers its record promises is not encoded.
  const BucketBuffer bare = make_bucket(3, {8, 4, 5, 3}, {});
  CHECK_THROWS_WITH(encode_bucket_record(bare, context, r.data()), Catch::Contains("other AOV layers"));
}

TEST_CASE("a journal records its AOV layers in its header and reads them back", "[aov][journal]") {
  const fs::path p = test_case_dir("aov_journal") / "j.tsj";
  fs::remove(p);
  const AovSet aovs = parse_aov_list("albedo,variance");
  const JournalHeader header{7, 16, 8, {8, 8}, aovs};
  {
    JournalWriter w(p.string(), header, 0.0);
    w.append(make_bucket(0, {0, 0, 8, 8}, aovs));
    w.append(make_bucket(1, {8, 0, 8, 8}, aovs));
  }
  CHECK(fs::file_size(p) == kJournalHeaderBytes + 2 * bucket_record_size({0, 0, 8, 8}, aovs));
  const JournalContents c = read_journal(p.string());
  CHECK(c.header.aovs == aovs);
  REQUIRE(c.buckets.size() == 2);
  const BucketBuffer expected = make_bucket(1, {8, 0, 8, 8}, aovs);
  CHECK(std::memcmp(c.buckets[1]->aov.data(), expected.aov.data(), expected.aov.size() * 4) == 0);
}

TEST_CASE("a journal of format version 1 (before AOVs) is refused with one clear line", "[aov][journal]") {
  const fs::path p = test_case_dir("aov_journal") / "v1.tsj";
  // A version 1 header: magic, version 1, fingerprint, 8x8 image, 4x4 buckets, XXH64 of the first 32 bytes.
  uint8_t h[40] = {'T', 'S', 'J', '1', 1, 0, 0, 0};
  h[16] = 8, h[20] = 8, h[24] = 4, h[28] = 4;
  const uint64_t sum = XXH64(h, 32, 0);
  for (int i = 0; i < 8; ++i) h[32 + i] = uint8_t(sum >> (8 * i));
  {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(h), sizeof h);
  }
  CHECK_THROWS_WITH(read_journal(p.string()),
                    p.string() + ": bucket file format version 1 was written by an older Tessera, before AOVs; this "
                                 "build reads version 2: render it again");
}

TEST_CASE("an AOV list of \"none\" is the empty set; \"none\" beside a layer is unknown", "[aov]") {
  CHECK(parse_aov_list("none") == AovSet{});
  CHECK(parse_aov_list("none").channels() == 0);
  CHECK_THROWS_WITH(parse_aov_list("none,depth"), Catch::Contains("unknown AOV \"none\""));
}
