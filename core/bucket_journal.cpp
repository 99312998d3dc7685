#include "core/bucket_journal.h"

#include "core/error.h"
#include "core/little_endian.h"

#include <xxhash.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace tessera {
namespace {

constexpr char kMagic[4] = {'T', 'S', 'J', '1'};
constexpr uint32_t kVersion = 1;


std::vector<uint8_t> encode_header(const JournalHeader& h) {
  std::vector<uint8_t> out(kJournalHeaderBytes);
  std::memcpy(out.data(), kMagic, 4);
  put32(&out[4], kVersion);
  put64(&out[8], h.fingerprint);
  put32(&out[16], uint32_t(h.width));
  put32(&out[20], uint32_t(h.height));
  put32(&out[24], uint32_t(h.bucket_size.width));
  put32(&out[28], uint32_t(h.bucket_size.height));
  put64(&out[32], XXH64(out.data(), 32, 0));
  return out;
}

// Whether the whole record header at `p` is one the writer could have written. A
// torn write cuts a record short but leaves the bytes it wrote intact, so a record
// header that does not add up (bad magic, a length that does not match its
// rectangle) is damage, not a torn tail: dropping it would silently drop every
// good record after it too.
bool plausible_record_header(const uint8_t* p, const JournalHeader& h) {
  if (std::memcmp(p, "TSB1", 4) != 0) return false;
  const uint64_t w = get32(p + 36), ht = get32(p + 40), channels = get32(p + 44);
  return w >= 1 && ht >= 1 && w <= uint64_t(h.width) && ht <= uint64_t(h.height) && channels == 3 &&
         get64(p + 48) == w * ht * channels * 4;
}

}  // namespace

JournalContents read_journal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open bucket file: " + std::strerror(errno));
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < kJournalHeaderBytes) throw Error(path + ": not a Tessera bucket file (too short for a header)");
  if (std::memcmp(bytes.data(), kMagic, 4) != 0) throw Error(path + ": not a Tessera bucket file (bad magic)");
  if (get32(&bytes[4]) != kVersion)
    throw Error(path + ": bucket file format version " + std::to_string(get32(&bytes[4])) + " (this build reads version 1)");
  if (get64(&bytes[32]) != XXH64(bytes.data(), 32, 0)) throw Error(path + ": bucket file header checksum mismatch");

  JournalContents c;
  c.header.fingerprint = get64(&bytes[8]);
  c.header.width = int(get32(&bytes[16]));
  c.header.height = int(get32(&bytes[20]));
  c.header.bucket_size = {int(get32(&bytes[24])), int(get32(&bytes[28]))};
  if (c.header.width < 1 || c.header.height < 1 || c.header.width > 65536 || c.header.height > 65536 ||
      c.header.bucket_size.width < 1 || c.header.bucket_size.height < 1 || c.header.bucket_size.width > 4096 ||
      c.header.bucket_size.height > 4096)
    throw Error(path + ": bucket file header has an impossible image or bucket size");

  size_t offset = kJournalHeaderBytes;
  while (offset < bytes.size()) {
    const size_t available = bytes.size() - offset;
    const size_t size = peek_bucket_record_size(&bytes[offset], available);
    const std::string where = path + ": record at byte " + std::to_string(offset);
    if (size == 0 || size > available) {
      // A record cut short by the end of the file: the writer died mid-write.
      if (size != 0 && !plausible_record_header(&bytes[offset], c.header))
        throw Error(where + ": damaged bucket record header (bad magic, or a length that does not match its rectangle)");
      c.dropped_bytes = available;
      break;
    }
    auto bucket = std::make_unique<BucketBuffer>();
    try {
      decode_bucket_record(&bytes[offset], size, c.header.context(), *bucket, where);
    } catch (const Error&) {
      if (offset + size == bytes.size() && size != SIZE_MAX &&
          plausible_record_header(&bytes[offset], c.header)) {  // the last record, damaged by a torn write
        c.dropped_bytes = available;
        break;
      }
      throw;
    }
    c.buckets.push_back(std::move(bucket));
    offset += size;
  }
  c.valid_bytes = offset;
  return c;
}

JournalWriter::JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds)
    : path_(path), header_(header), flush_seconds_(flush_seconds), last_flush_(std::chrono::steady_clock::now()) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw Error(path + ": cannot create bucket file: " + std::strerror(errno));
  pending_ = encode_header(header);
  flush();
}

JournalWriter::JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds,
                             uint64_t valid_bytes)
    : path_(path), header_(header), flush_seconds_(flush_seconds), last_flush_(std::chrono::steady_clock::now()) {
  if (truncate(path.c_str(), off_t(valid_bytes)) != 0)
    throw Error(path + ": cannot cut the torn record off the bucket file: " + std::strerror(errno));
  file_ = std::fopen(path.c_str(), "ab");
  if (!file_) throw Error(path + ": cannot append to bucket file: " + std::strerror(errno));
}

JournalWriter::~JournalWriter() {
  try {
    flush();
  } catch (...) {
    // Destructors must not throw; an explicit flush() reports the error.
  }
  std::fclose(file_);
}

void JournalWriter::append(const BucketBuffer& bucket) {
  const size_t at = pending_.size();
  pending_.resize(at + bucket_record_size(bucket.bucket.rect));
  encode_bucket_record(bucket, header_.context(), &pending_[at]);
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_flush_).count() >= flush_seconds_) flush();
}

void JournalWriter::flush() {
  last_flush_ = std::chrono::steady_clock::now();
  if (pending_.empty()) return;
  if (std::fwrite(pending_.data(), 1, pending_.size(), file_) != pending_.size() || std::fflush(file_) != 0)
    throw Error(path_ + ": cannot write bucket file: " + std::strerror(errno));
  pending_.clear();
  fdatasync(fileno(file_));  // survive a machine crash, not only a killed process
}

}  // namespace tessera
