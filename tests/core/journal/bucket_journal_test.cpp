// Bucket journals (core/journal/bucket_journal.h): written by JournalWriter (with and
// without buffering), read back exactly by read_journal, a torn last record
// dropped at any cut, other damage refused with the byte offset, appending
// after a torn tail, and JournalSink forwarding.

#include "core/engine/bucket.h"
#include "core/journal/bucket_journal.h"
#include "core/journal/bucket_record.h"
#include "core/engine/bucket_sink.h"
#include "core/base/error.h"
#include "tests/core/engine/bucket_checks.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

JournalHeader test_header() {
  JournalHeader h;
  h.fingerprint = 0xfeedfacecafebeefull;
  h.width = 45;
  h.height = 37;
  h.bucket_size = {16, 16};
  return h;
}

float pixel_value(int x, int y, int c, int salt) { return float(salt * 100000 + y * 1000 + x) + 0.25f * float(c); }

BucketBuffer make_bucket(const Bucket& bucket, int salt = 0) {
  BucketBuffer b;
  b.bucket = bucket;
  b.rgb.resize(size_t(bucket.rect.area()) * 3);
  for (int y = bucket.rect.y; y < bucket.rect.y + bucket.rect.height; ++y)
    for (int x = bucket.rect.x; x < bucket.rect.x + bucket.rect.width; ++x)
      for (int c = 0; c < 3; ++c) b.pixel(x, y)[c] = pixel_value(x, y, c, salt);
  return b;
}

std::vector<BucketBuffer> make_buckets(const JournalHeader& h, int salt = 0) {
  std::vector<BucketBuffer> out;
  for (const Bucket& b : cut_into_buckets(h.width, h.height, h.bucket_size)) out.push_back(make_bucket(b, salt));
  return out;
}

void require_header(const JournalHeader& a, const JournalHeader& b) {
  REQUIRE(a.fingerprint == b.fingerprint);
  REQUIRE(a.width == b.width);
  REQUIRE(a.height == b.height);
  REQUIRE(a.bucket_size.width == b.bucket_size.width);
  REQUIRE(a.bucket_size.height == b.bucket_size.height);
}

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::vector<uint8_t>& bytes, size_t n) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(n));
  REQUIRE(out.good());
}
void write_bytes(const fs::path& p, const std::vector<uint8_t>& bytes) { write_bytes(p, bytes, bytes.size()); }

// Write `buckets` to a fresh journal; returns the byte offset of each record.
std::vector<size_t> write_journal(const fs::path& p, const JournalHeader& h, const std::vector<BucketBuffer>& buckets) {
  std::vector<size_t> offsets;
  size_t at = kJournalHeaderBytes;
  JournalWriter w(p.string(), h, 0);
  for (const BucketBuffer& b : buckets) {
    offsets.push_back(at);
    w.append(b);
    at += bucket_record_size(b.bucket.rect);
  }
  w.flush();
  return offsets;
}

void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}
void put64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = uint8_t(v >> (8 * i));
}

// Records a sink's calls.
class RecordingSink final : public BucketSink {
 public:
  explicit RecordingSink(bool sequential = false) : sequential_(sequential) {}
  void begin(int width, int height) override { began = {width, height}; }
  void write_bucket(const BucketBuffer& bucket) override { ids.push_back(bucket.bucket.id); }
  void finish() override { ++finished; }
  bool needs_sequential() const override { return sequential_; }
  std::pair<int, int> began{0, 0};
  std::vector<int> ids;
  int finished = 0;

 private:
  bool sequential_;
};

}  // namespace

TEST_CASE("journal header layout", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "header_layout");
  const fs::path p = dir / "h.tsj";
  { JournalWriter w(p.string(), test_header(), 0); }
  const std::vector<uint8_t> bytes = read_bytes(p);
  REQUIRE(bytes.size() == kJournalHeaderBytes);
  REQUIRE(kJournalHeaderBytes == 48);
  CHECK(std::memcmp(bytes.data(), "TSJ1", 4) == 0);
  std::vector<uint8_t> expect(48);
  std::memcpy(expect.data(), "TSJ1", 4);
  put32(&expect[4], 2);
  put64(&expect[8], test_header().fingerprint);
  put32(&expect[16], 45);
  put32(&expect[20], 37);
  put32(&expect[24], 16);
  put32(&expect[28], 16);
  put32(&expect[32], 0);  // no AOV layers
  put32(&expect[36], 0);
  put64(&expect[40], XXH64(expect.data(), 40, 0));
  CHECK(bytes == expect);

  const JournalContents c = read_journal(p.string());
  require_header(c.header, test_header());
  CHECK(c.buckets.empty());
  CHECK(c.valid_bytes == 48);
  CHECK(c.dropped_bytes == 0);
}

TEST_CASE("journal round trip: header and every bucket read back exactly", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "round_trip");
  const JournalHeader h = test_header();
  std::vector<BucketBuffer> buckets = make_buckets(h);
  // Not in scanline order, as an unordered render completes them.
  std::swap(buckets[0], buckets[5]);
  std::swap(buckets[1], buckets.back());
  // Special floats survive too.
  buckets[2].rgb[0] = -0.0f;
  buckets[2].rgb[1] = std::numeric_limits<float>::infinity();
  buckets[2].rgb[2] = std::numeric_limits<float>::denorm_min();

  for (double flush_seconds : {0.0, 1e9}) {
    INFO("flush_seconds " << flush_seconds);
    const fs::path p = dir / (flush_seconds == 0 ? "unbuffered.tsj" : "buffered.tsj");
    size_t expected_size = kJournalHeaderBytes;
    {
      JournalWriter w(p.string(), h, flush_seconds);
      REQUIRE(fs::file_size(p) == kJournalHeaderBytes);  // the header is written at once
      for (const BucketBuffer& b : buckets) {
        w.append(b);
        expected_size += bucket_record_size(b.bucket.rect);
        // Unbuffered: each record is in the file before append returns.
        // Buffered: nothing but the header until flush() or destruction.
        REQUIRE(fs::file_size(p) == (flush_seconds == 0 ? expected_size : kJournalHeaderBytes));
      }
      if (flush_seconds != 0) {
        w.flush();
        REQUIRE(fs::file_size(p) == expected_size);
        w.flush();  // nothing pending: nothing written
        REQUIRE(fs::file_size(p) == expected_size);
        // More buckets after a flush are held again, then written by the destructor.
        w.append(buckets[0]);
        w.append(buckets[1]);
        REQUIRE(fs::file_size(p) == expected_size);
        expected_size += bucket_record_size(buckets[0].bucket.rect) + bucket_record_size(buckets[1].bucket.rect);
      }
    }
    REQUIRE(fs::file_size(p) == expected_size);

    const JournalContents c = read_journal(p.string());
    require_header(c.header, h);
    CHECK(c.valid_bytes == expected_size);
    CHECK(c.dropped_bytes == 0);
    // The two buckets appended again (same bytes) are read once.
    CHECK(c.duplicates == (flush_seconds == 0 ? 0 : 2));
    REQUIRE(c.buckets.size() == buckets.size());
    for (size_t i = 0; i < buckets.size(); ++i) {
      INFO("bucket " << i);
      require_same_bits(*c.buckets[i], buckets[i]);
    }
  }
}

TEST_CASE("journal writer: a small flush interval writes out once it has passed", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "flush_interval");
  const fs::path p = dir / "j.tsj";
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  JournalWriter w(p.string(), h, 0.05);
  w.append(buckets[0]);  // right after the constructor's flush: held
  // The interval passes, and the next append writes both.
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(60)) {
  }
  w.append(buckets[1]);
  REQUIRE(fs::file_size(p) ==
          kJournalHeaderBytes + bucket_record_size(buckets[0].bucket.rect) + bucket_record_size(buckets[1].bucket.rect));
}

TEST_CASE("journal with a torn last record: the record is dropped at any cut", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "torn_tail");
  const JournalHeader h = test_header();
  const std::vector<Bucket> grid = cut_into_buckets(h.width, h.height, h.bucket_size);
  // The last record is a clipped 13x5 bucket; the one before it a full one.
  const std::vector<BucketBuffer> buckets = {make_bucket(grid[0]), make_bucket(grid[4]), make_bucket(grid.back())};
  const fs::path whole = dir / "whole.tsj";
  const std::vector<size_t> offsets = write_journal(whole, h, buckets);
  const std::vector<uint8_t> bytes = read_bytes(whole);
  const size_t last = offsets.back();
  REQUIRE(bytes.size() == last + bucket_record_size(grid.back().rect));

  const fs::path p = dir / "torn.tsj";
  for (size_t cut = last; cut < bytes.size(); ++cut) {
    INFO("file cut at byte " << cut << " (last record at " << last << ", file " << bytes.size() << " bytes)");
    write_bytes(p, bytes, cut);
    const JournalContents c = read_journal(p.string());
    require_header(c.header, h);
    REQUIRE(c.valid_bytes == last);
    REQUIRE(c.dropped_bytes == cut - last);
    REQUIRE(c.buckets.size() == 2);
    require_same_bits(*c.buckets[0], buckets[0]);
    require_same_bits(*c.buckets[1], buckets[1]);
  }

  // Only the header survived, cut anywhere in the first record.
  for (size_t cut : {kJournalHeaderBytes + 1, size_t(60), size_t(96), offsets[1] - 1}) {
    write_bytes(p, bytes, cut);
    const JournalContents c = read_journal(p.string());
    CHECK(c.valid_bytes == kJournalHeaderBytes);
    CHECK(c.dropped_bytes == cut - kJournalHeaderBytes);
    CHECK(c.buckets.empty());
  }

  // A last record of full length whose bytes did not all reach the disk (zeros
  // in its payload) is dropped the same way.
  std::vector<uint8_t> zeroed = bytes;
  std::fill(zeroed.end() - 40, zeroed.end(), uint8_t(0));
  write_bytes(p, zeroed);
  const JournalContents c = read_journal(p.string());
  CHECK(c.valid_bytes == last);
  CHECK(c.dropped_bytes == bytes.size() - last);
  CHECK(c.buckets.size() == 2);
}

TEST_CASE("journal with a damaged record before the last throws naming its offset", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "damaged_middle");
  const JournalHeader h = test_header();
  const std::vector<Bucket> grid = cut_into_buckets(h.width, h.height, h.bucket_size);
  const std::vector<BucketBuffer> buckets = {make_bucket(grid[0]), make_bucket(grid[2]), make_bucket(grid[3]),
                                             make_bucket(grid[6])};
  const fs::path whole = dir / "whole.tsj";
  const std::vector<size_t> offsets = write_journal(whole, h, buckets);
  const std::vector<uint8_t> bytes = read_bytes(whole);
  const fs::path p = dir / "damaged.tsj";

  // Any one byte of the second or third record changed, in any way: an error
  // naming the file and the damaged record's offset, never a silent drop.
  for (size_t record : {size_t(1), size_t(2)}) {
    const std::string where = p.string() + ": record at byte " + std::to_string(offsets[record]) + ": ";
    for (size_t at = offsets[record]; at < offsets[record + 1]; ++at) {
      for (uint8_t mask : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xff)}) {
        if (at >= offsets[record] + 64 && at < offsets[record + 1] - 16 && mask != 0x01) continue;  // payload: one mask
        INFO("record " << record << ", byte " << at << " ^ " << int(mask));
        std::vector<uint8_t> damaged = bytes;
        damaged[at] ^= mask;
        write_bytes(p, damaged);
        REQUIRE_THROWS_WITH(read_journal(p.string()), Catch::StartsWith(where));
      }
    }
  }

  // A damaged length that points past the end of the file is not a torn tail:
  // dropping it would silently drop every good record after it (and a resume
  // would cut them off the file).
  for (size_t record : {size_t(0), size_t(1)}) {
    for (size_t byte = 49; byte < 56; ++byte) {
      INFO("record " << record << ", length byte " << byte);
      std::vector<uint8_t> damaged = bytes;
      damaged[offsets[record] + byte] ^= 0x80;
      write_bytes(p, damaged);
      REQUIRE_THROWS_WITH(read_journal(p.string()),
                          Catch::Equals(p.string() + ": record at byte " + std::to_string(offsets[record]) +
                                        ": damaged bucket record header (bad magic, or a length that does not match "
                                        "its rectangle)"));
    }
  }
  // Nor is a length that happens to reach exactly the end of the file (longer
  // than any bucket of the file can need: refused before anything is allocated).
  {
    std::vector<uint8_t> damaged = bytes;
    put64(&damaged[offsets[1] + 48], bytes.size() - offsets[1] - 64);
    write_bytes(p, damaged);
    REQUIRE_THROWS_WITH(read_journal(p.string()),
                        Catch::Contains("record at byte " + std::to_string(offsets[1]) +
                                        ": damaged bucket record header (a length of " +
                                        std::to_string(bytes.size() - offsets[1]) +
                                        " bytes; a 16x16 bucket needs at most 3136)"));
  }
  // A length within a bucket's size that reaches exactly the end of the file: a checksum mismatch.
  {
    std::vector<uint8_t> damaged(bytes.begin(), bytes.begin() + long(offsets[1] + 2000));
    put64(&damaged[offsets[1] + 48], 2000 - 64);
    write_bytes(p, damaged);
    REQUIRE_THROWS_WITH(read_journal(p.string()), Catch::Contains("record at byte " + std::to_string(offsets[1]) +
                                                                  ": bucket record checksum mismatch"));
  }

  // The first record: a wrong payload byte is a checksum mismatch.
  std::vector<uint8_t> damaged = bytes;
  damaged[offsets[0] + 100] ^= 0x04;
  write_bytes(p, damaged);
  REQUIRE_THROWS_WITH(read_journal(p.string()),
                      Catch::Contains(": record at byte 48: bucket record checksum mismatch (corrupt data)"));
  // Garbage between records.
  damaged = bytes;
  damaged.insert(damaged.begin() + long(offsets[2]), 7, uint8_t(0x5a));
  write_bytes(p, damaged);
  REQUIRE_THROWS_WITH(read_journal(p.string()),
                      Catch::Contains("record at byte " + std::to_string(offsets[2]) + ": "));
}

TEST_CASE("journal with a record of another render throws", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "foreign_record");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  const fs::path p = dir / "j.tsj";
  write_journal(p, h, {buckets[0], buckets[1]});
  // A record with another fingerprint, then a good one after it.
  JournalHeader other = h;
  other.fingerprint ^= 0x100;
  std::vector<uint8_t> foreign(bucket_record_size(buckets[2].bucket.rect));
  encode_bucket_record(buckets[2], other.context(), foreign.data());
  std::vector<uint8_t> good(bucket_record_size(buckets[3].bucket.rect));
  encode_bucket_record(buckets[3], h.context(), good.data());
  std::vector<uint8_t> bytes = read_bytes(p);
  const size_t at = bytes.size();
  bytes.insert(bytes.end(), foreign.begin(), foreign.end());
  bytes.insert(bytes.end(), good.begin(), good.end());
  write_bytes(p, bytes);
  REQUIRE_THROWS_WITH(read_journal(p.string()),
                      Catch::Contains("record at byte " + std::to_string(at) + ": bucket record is from another scene"));
}

TEST_CASE("journal: bad magic, short file, bad header are clear errors", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "bad_header");
  const JournalHeader h = test_header();
  const fs::path whole = dir / "whole.tsj";
  write_journal(whole, h, make_buckets(h));
  const std::vector<uint8_t> bytes = read_bytes(whole);
  const fs::path p = dir / "bad.tsj";

  REQUIRE_THROWS_WITH(read_journal((dir / "missing.tsj").string()),
                      Catch::Equals((dir / "missing.tsj").string() + ": cannot open bucket file: No such file or directory"));
  REQUIRE_THROWS_WITH(read_journal(dir.string()),
                      Catch::Equals(dir.string() + ": cannot read bucket file: Is a directory"));

  write_bytes(p, bytes, 0);
  REQUIRE_THROWS_WITH(read_journal(p.string()), Catch::Equals(p.string() + ": not a Tessera bucket file (empty: 0 bytes)"));
  for (size_t n = 1; n < kJournalHeaderBytes; ++n) {
    INFO(n << " bytes");
    write_bytes(p, bytes, n);
    REQUIRE_THROWS_WITH(read_journal(p.string()),
                        Catch::Equals(p.string() + ": not a Tessera bucket file (too short for a header)"));
  }

  std::vector<uint8_t> b = bytes;
  b[0] = 'X';
  write_bytes(p, b);
  REQUIRE_THROWS_WITH(read_journal(p.string()), Catch::Equals(p.string() + ": not a Tessera bucket file (bad magic)"));
  // A bucket record is not a journal.
  std::vector<uint8_t> record(bytes.begin() + kJournalHeaderBytes, bytes.end());
  write_bytes(p, record);
  REQUIRE_THROWS_WITH(read_journal(p.string()), Catch::Contains("bad magic"));

  b = bytes;
  put32(&b[4], 7);
  put64(&b[40], XXH64(b.data(), 40, 0));
  write_bytes(p, b);
  REQUIRE_THROWS_WITH(read_journal(p.string()),
                      Catch::Equals(p.string() + ": bucket file format version 7 (this build reads version 2)"));

  for (size_t at = 8; at < kJournalHeaderBytes; ++at) {
    INFO("header byte " << at);
    b = bytes;
    b[at] ^= 0x10;
    write_bytes(p, b);
    REQUIRE_THROWS_WITH(read_journal(p.string()), Catch::Equals(p.string() + ": bucket file header checksum mismatch"));
  }

  // A consistent header with an impossible size.
  struct Sizes {
    uint32_t w, h, bw, bh;
  };
  for (const Sizes& s : {Sizes{0, 37, 16, 16}, Sizes{45, 0, 16, 16}, Sizes{65537, 37, 16, 16}, Sizes{45, 37, 0, 16},
                         Sizes{45, 37, 16, 4097}, Sizes{0xffffffffu, 37, 16, 16}}) {
    INFO(s.w << "x" << s.h << ", buckets " << s.bw << "x" << s.bh);
    b = bytes;
    put32(&b[16], s.w);
    put32(&b[20], s.h);
    put32(&b[24], s.bw);
    put32(&b[28], s.bh);
    put64(&b[40], XXH64(b.data(), 40, 0));
    write_bytes(p, b);
    REQUIRE_THROWS_WITH(read_journal(p.string()),
                        Catch::Equals(p.string() + ": bucket file header has an impossible image or bucket size"));
  }
}

TEST_CASE("journal append mode cuts a torn tail and continues", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "append");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  REQUIRE(buckets.size() == 9);
  const fs::path p = dir / "j.tsj";
  const std::vector<size_t> offsets = write_journal(p, h, {buckets[0], buckets[1], buckets[2]});
  const std::vector<uint8_t> bytes = read_bytes(p);

  for (double flush_seconds : {0.0, 1e9}) {
    INFO("flush_seconds " << flush_seconds);
    // Killed while writing the third record.
    write_bytes(p, bytes, offsets[2] + 100);
    const JournalContents torn = read_journal(p.string());
    REQUIRE(torn.valid_bytes == offsets[2]);
    REQUIRE(torn.dropped_bytes == 100);
    REQUIRE(torn.buckets.size() == 2);
    {
      JournalWriter w(p.string(), torn.header, flush_seconds, torn.valid_bytes);
      REQUIRE(fs::file_size(p) == offsets[2]);  // the tail is cut at once
      w.append(buckets[2]);
      w.append(buckets[7]);
      w.append(buckets[8]);
    }
    const JournalContents c = read_journal(p.string());
    require_header(c.header, h);
    CHECK(c.dropped_bytes == 0);
    CHECK(c.valid_bytes == fs::file_size(p));
    REQUIRE(c.buckets.size() == 5);
    require_same_bits(*c.buckets[0], buckets[0]);
    require_same_bits(*c.buckets[1], buckets[1]);
    require_same_bits(*c.buckets[2], buckets[2]);
    require_same_bits(*c.buckets[3], buckets[7]);
    require_same_bits(*c.buckets[4], buckets[8]);
    // The first records are unchanged byte for byte.
    const std::vector<uint8_t> after = read_bytes(p);
    REQUIRE(std::equal(bytes.begin(), bytes.end(), after.begin()));
  }

  // Continuing a journal with nothing torn, and with nothing appended, leaves it as it is.
  write_bytes(p, bytes);
  { JournalWriter w(p.string(), h, 0, bytes.size()); }
  REQUIRE(read_bytes(p) == bytes);

  REQUIRE_THROWS_WITH(JournalWriter((dir / "missing.tsj").string(), h, 0, 40),
                      Catch::Equals((dir / "missing.tsj").string() + ": cannot open bucket file: No such file or directory"));
  REQUIRE_FALSE(fs::exists(dir / "missing.tsj"));
  REQUIRE_THROWS_WITH(JournalWriter((dir / "no_dir" / "j.tsj").string(), h, 0),
                      Catch::Equals((dir / "no_dir" / "j.tsj").string() + ": cannot open bucket file: No such file or directory"));
  REQUIRE_THROWS_WITH(JournalWriter(dir.string(), h, 0),
                      Catch::Equals(dir.string() + ": cannot open bucket file: Is a directory"));
  // Continuing a file shorter than what was read from it (someone cut it meanwhile).
  write_bytes(p, bytes, 100);
  REQUIRE_THROWS_WITH(JournalWriter(p.string(), h, 0, bytes.size()),
                      Catch::Equals(p.string() + ": bucket file is 100 bytes, shorter than the " +
                                    std::to_string(bytes.size()) + " read from it"));
}

TEST_CASE("JournalSink journals every bucket and forwards it to the next sink", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "sink");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);

  SECTION("with an image sink after it") {
    const fs::path p = dir / "image.tsj";
    JournalWriter w(p.string(), h, 1e9);
    ImageSink image;
    JournalSink sink(w, &image);
    CHECK_FALSE(sink.needs_sequential());
    sink.begin(h.width, h.height);
    REQUIRE(image.image().width() == h.width);
    REQUIRE(image.image().height() == h.height);
    for (auto it = buckets.rbegin(); it != buckets.rend(); ++it) sink.write_bucket(*it);
    REQUIRE(fs::file_size(p) == kJournalHeaderBytes);  // buffered until finish()
    sink.finish();
    const JournalContents c = read_journal(p.string());
    REQUIRE(c.buckets.size() == buckets.size());
    for (size_t i = 0; i < buckets.size(); ++i) require_same_bits(*c.buckets[i], buckets[buckets.size() - 1 - i]);
    for (int y = 0; y < h.height; ++y)
      for (int x = 0; x < h.width; ++x) REQUIRE(image.image().pixel(x, y).y == pixel_value(x, y, 1, 0));
  }

  SECTION("calls reach the next sink in order") {
    const fs::path p = dir / "recording.tsj";
    JournalWriter w(p.string(), h, 0);
    RecordingSink next(true);
    JournalSink sink(w, &next);
    CHECK(sink.needs_sequential());
    sink.begin(h.width, h.height);
    CHECK(next.began == std::make_pair(h.width, h.height));
    sink.write_bucket(buckets[3]);
    sink.write_bucket(buckets[1]);
    CHECK(next.ids == std::vector<int>{3, 1});
    CHECK(next.finished == 0);
    sink.finish();
    CHECK(next.finished == 1);
    const JournalContents c = read_journal(p.string());
    REQUIRE(c.buckets.size() == 2);
    require_same_bits(*c.buckets[0], buckets[3]);
    require_same_bits(*c.buckets[1], buckets[1]);
  }

  SECTION("without a next sink it only journals (a shard)") {
    const fs::path p = dir / "shard.tsj";
    JournalWriter w(p.string(), h, 1e9);
    JournalSink sink(w, nullptr);
    CHECK_FALSE(sink.needs_sequential());
    sink.begin(h.width, h.height);
    for (size_t i = 1; i < buckets.size(); i += 2) sink.write_bucket(buckets[i]);
    sink.finish();
    const JournalContents c = read_journal(p.string());
    REQUIRE(c.buckets.size() == buckets.size() / 2);
    for (size_t i = 0; i < c.buckets.size(); ++i) require_same_bits(*c.buckets[i], buckets[2 * i + 1]);
    // Merging the shard into a framebuffer puts its buckets in place.
    ImageSink merged;
    merged.begin(c.header.width, c.header.height);
    for (const auto& b : c.buckets) merged.write_bucket(*b);
    for (int y = 0; y < h.height; ++y)
      for (int x = 0; x < h.width; ++x) {
        const bool in_shard = buckets[1].bucket.rect.contains(x, y) || buckets[3].bucket.rect.contains(x, y) ||
                              buckets[5].bucket.rect.contains(x, y) || buckets[7].bucket.rect.contains(x, y);
        REQUIRE(merged.image().pixel(x, y).x == (in_shard ? pixel_value(x, y, 0, 0) : 0.0f));
      }
  }
}

TEST_CASE("journal reader streams records with their offsets", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "reader");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  const fs::path p = dir / "j.tsj";
  const std::vector<size_t> offsets = write_journal(p, h, {buckets[4], buckets[8], buckets[0]});
  JournalReader reader(p.string());
  require_header(reader.header(), h);
  BucketBuffer b;
  for (size_t i = 0; i < 3; ++i) {
    REQUIRE(reader.next(b));
    CHECK(reader.record_offset() == offsets[i]);
    require_same_bits(b, buckets[i == 0 ? 4 : i == 1 ? 8 : 0]);
  }
  CHECK_FALSE(reader.next(b));
  CHECK_FALSE(reader.next(b));
  CHECK(reader.valid_bytes() == fs::file_size(p));
  CHECK(reader.dropped_bytes() == 0);
}

TEST_CASE("journal: a record that is not its id's grid bucket is refused", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "grid");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  const fs::path p = dir / "j.tsj";
  BucketBuffer wrong = buckets[1];
  wrong.bucket.id = 2;  // bucket 1's rectangle under bucket 2's id
  write_journal(p, h, {buckets[0], wrong});
  REQUIRE_THROWS_WITH(read_journal(p.string()),
                      Catch::Equals(p.string() + ": record at byte " +
                                    std::to_string(kJournalHeaderBytes + bucket_record_size(buckets[0].bucket.rect)) +
                                    ": bucket 2 does not match the 16x16 bucket grid of the file header"));
}

TEST_CASE("journal: duplicate records of a bucket", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "duplicates");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  const fs::path p = dir / "j.tsj";

  SECTION("with the same bytes are read once") {
    write_journal(p, h, {buckets[0], buckets[3], buckets[0], buckets[5], buckets[3], buckets[3]});
    const JournalContents c = read_journal(p.string());
    REQUIRE(c.buckets.size() == 3);
    CHECK(c.duplicates == 3);
    require_same_bits(*c.buckets[0], buckets[0]);
    require_same_bits(*c.buckets[1], buckets[3]);
    require_same_bits(*c.buckets[2], buckets[5]);
    CHECK(c.valid_bytes == fs::file_size(p));
  }
  SECTION("with different pixels are an error naming both offsets") {
    BucketBuffer changed = buckets[3];
    changed.rgb[7] = std::nextafter(changed.rgb[7], 1e9f);
    const std::vector<size_t> offsets = write_journal(p, h, {buckets[0], buckets[3], buckets[5], changed});
    REQUIRE_THROWS_WITH(read_journal(p.string()),
                        Catch::Equals(p.string() + ": bucket 3 has two records with different pixels (at bytes " +
                                      std::to_string(offsets[1]) + " and " + std::to_string(offsets[3]) + ")"));
  }
}

TEST_CASE("journal file lock: a second writer of one journal is refused", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "lock");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  const fs::path p = dir / "j.tsj";
  {
    JournalWriter first(p.string(), h, 0);
    first.append(buckets[0]);
    const std::vector<uint8_t> before = read_bytes(p);
    // flock locks belong to the open file, so a second open in this process conflicts too.
    REQUIRE_THROWS_WITH(JournalFile(p.string(), true), Catch::Equals(p.string() + ": in use by another tessera process"));
    REQUIRE_THROWS_WITH(JournalWriter(p.string(), h, 0), Catch::Equals(p.string() + ": in use by another tessera process"));
    REQUIRE_THROWS_WITH(JournalWriter(p.string(), h, 0, before.size()),
                        Catch::Equals(p.string() + ": in use by another tessera process"));
    REQUIRE(read_bytes(p) == before);  // the refused writers changed nothing
    first.append(buckets[1]);
  }
  // Released with the writer.
  const JournalContents c = read_journal(p.string());
  REQUIRE(c.buckets.size() == 2);
  JournalWriter again(p.string(), h, 0, c.valid_bytes);
}

TEST_CASE("journal writer on a full device reports the file and the reason", "[bucket_journal]") {
  REQUIRE_THROWS_WITH(JournalWriter("/dev/full", test_header(), 0),
                      Catch::Equals("/dev/full: cannot write bucket file: No space left on device"));
}

TEST_CASE("JournalSink does not append buckets the journal already holds", "[bucket_journal]") {
  const fs::path dir = fresh_test_dir("bucket_journal", "sink_restored");
  const JournalHeader h = test_header();
  const std::vector<BucketBuffer> buckets = make_buckets(h);
  const fs::path p = dir / "j.tsj";
  write_journal(p, h, {buckets[2], buckets[6]});
  const JournalContents before = read_journal(p.string());
  {
    JournalWriter w(p.string(), h, 0, before.valid_bytes);
    RecordingSink next;
    JournalSink sink(w, &next, {6, 2});
    sink.begin(h.width, h.height);
    for (const BucketBuffer& b : buckets) sink.write_bucket(b);
    sink.finish();
    CHECK(next.ids == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8});  // every bucket reaches the image
  }
  const JournalContents c = read_journal(p.string());
  CHECK(c.duplicates == 0);
  REQUIRE(c.buckets.size() == buckets.size());  // each bucket once
  CHECK(c.valid_bytes == fs::file_size(p));
}
