#include "core/journal/bucket_journal.h"

#include "core/engine/bucket_grid.h"
#include "core/base/error.h"
#include "core/base/little_endian.h"

#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera {
namespace {

constexpr char kMagic[4] = {'T', 'S', 'J', '1'};
constexpr uint32_t kVersion = kJournalVersion;

std::vector<uint8_t> encode_header(const JournalHeader& h) {
  std::vector<uint8_t> out(kJournalHeaderBytes);
  std::memcpy(out.data(), kMagic, 4);
  put32(&out[4], kVersion);
  put64(&out[8], h.fingerprint);
  put32(&out[16], uint32_t(h.width));
  put32(&out[20], uint32_t(h.height));
  put32(&out[24], uint32_t(h.bucket_size.width));
  put32(&out[28], uint32_t(h.bucket_size.height));
  put32(&out[32], h.aovs.mask);
  put32(&out[36], 0);
  put64(&out[40], XXH64(out.data(), 40, 0));
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
  return w >= 1 && ht >= 1 && w <= uint64_t(h.width) && ht <= uint64_t(h.height) &&
         channels == 3 + uint64_t(h.aovs.channels()) && get64(p + 48) == w * ht * channels * 4;
}

bool same_bits(const BucketBuffer& a, const BucketBuffer& b) {
  const PixelRect &ra = a.bucket.rect, &rb = b.bucket.rect;
  if (a.bucket.id != b.bucket.id || ra.x != rb.x || ra.y != rb.y || ra.width != rb.width || ra.height != rb.height)
    return false;
  const size_t aov = size_t(ra.area()) * size_t(a.aovs.channels());
  return a.aovs == b.aovs && std::memcmp(a.rgb.data(), b.rgb.data(), size_t(ra.area()) * 3 * sizeof(float)) == 0 &&
         (aov == 0 || std::memcmp(a.aov.data(), b.aov.data(), aov * sizeof(float)) == 0);
}

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

// ---- reading -------------------------------------------------------------------

JournalReader::JournalReader(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error(path + ": cannot open bucket file: " + errno_text(errno));
  struct stat st {};
  if (fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    throw Error(path + ": cannot open bucket file: " + errno_text(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd_);
    throw Error(path + ": cannot read bucket file: " + errno_text(EISDIR));
  }
  try {
    size_ = uint64_t(st.st_size);
    if (size_ == 0) throw Error(path + ": not a Tessera bucket file (empty: 0 bytes)");
    uint8_t h[kJournalHeaderBytes];
    // Magic and version first: an older journal may be shorter than this header.
    if (size_ < 8) throw Error(path + ": not a Tessera bucket file (too short for a header)");
    read_exact(h, 8);
    if (std::memcmp(h, kMagic, 4) != 0) throw Error(path + ": not a Tessera bucket file (bad magic)");
    const uint32_t version = get32(&h[4]);
    if (version == 1)
      throw Error(path + ": bucket file format version 1 was written by an older Tessera, before AOVs; this build "
                  "reads version " + std::to_string(kVersion) + ": render it again");
    if (version != kVersion)
      throw Error(path + ": bucket file format version " + std::to_string(version) + " (this build reads version " +
                  std::to_string(kVersion) + ")");
    if (size_ < kJournalHeaderBytes) throw Error(path + ": not a Tessera bucket file (too short for a header)");
    read_exact(h + 8, kJournalHeaderBytes - 8);
    if (get64(&h[40]) != XXH64(h, 40, 0)) throw Error(path + ": bucket file header checksum mismatch");
    const uint32_t w = get32(&h[16]), ht = get32(&h[20]), bw = get32(&h[24]), bh = get32(&h[28]);
    if (w < 1 || ht < 1 || w > 65536 || ht > 65536 || bw < 1 || bh < 1 || bw > 4096 || bh > 4096)
      throw Error(path + ": bucket file header has an impossible image or bucket size");
    const uint32_t aovs = get32(&h[32]);
    if (aovs >= (1u << kAovCount) || get32(&h[36]) != 0)
      throw Error(path + ": bucket file header names unknown AOV layers");
    header_.fingerprint = get64(&h[8]);
    header_.width = int(w), header_.height = int(ht);
    header_.bucket_size = {int(bw), int(bh)};
    header_.aovs = AovSet{aovs};
    max_record_ = bucket_record_size({0, 0, int(std::min(bw, w)), int(std::min(bh, ht))}, header_.aovs);
    offset_ = kJournalHeaderBytes;
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

JournalReader::~JournalReader() { ::close(fd_); }

void JournalReader::read_exact(uint8_t* out, size_t n) {
  while (n > 0) {
    const ssize_t got = ::read(fd_, out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw Error(path_ + ": cannot read bucket file: " + errno_text(errno));
    if (got == 0) throw Error(path_ + ": bucket file ended early (it shrank while it was read)");
    out += got, n -= size_t(got);
  }
}

bool JournalReader::next(BucketBuffer& out) {
  if (offset_ >= size_ || dropped_) return false;
  const uint64_t available = size_ - offset_;
  const std::string where = path_ + ": record at byte " + std::to_string(offset_);
  if (available < kBucketRecordHeaderBytes) {  // cut short inside a record header: a torn write
    dropped_ = available;
    return false;
  }
  if (buffer_.size() < kBucketRecordHeaderBytes) buffer_.resize(kBucketRecordHeaderBytes);
  read_exact(buffer_.data(), kBucketRecordHeaderBytes);
  const size_t size = peek_bucket_record_size(buffer_.data(), kBucketRecordHeaderBytes);
  const bool plausible = plausible_record_header(buffer_.data(), header_);
  if (size > available) {
    // A record cut short by the end of the file: the writer died mid-write.
    if (!plausible)
      throw Error(where + ": damaged bucket record header (bad magic, or a length that does not match its rectangle)");
    dropped_ = available;
    return false;
  }
  // Never allocate what no bucket of this journal can need: a damaged length.
  if (size > max_record_)
    throw Error(where + ": damaged bucket record header (a length of " + std::to_string(size) + " bytes; a " +
                std::to_string(header_.bucket_size.width) + "x" + std::to_string(header_.bucket_size.height) +
                " bucket needs at most " + std::to_string(max_record_) + ")");
  if (buffer_.size() < size) buffer_.resize(size);
  read_exact(buffer_.data() + kBucketRecordHeaderBytes, size - kBucketRecordHeaderBytes);
  try {
    decode_bucket_record(buffer_.data(), size, header_.context(), out, where);
  } catch (const Error&) {
    if (size == available && plausible) {  // the last record, damaged by a torn write
      dropped_ = available;
      return false;
    }
    throw;
  }
  const BucketGrid grid(header_.width, header_.height, header_.bucket_size);
  const PixelRect& r = out.bucket.rect;
  const PixelRect g = out.bucket.id >= 0 && out.bucket.id < grid.count() ? grid.bucket(out.bucket.id).rect : PixelRect{};
  if (out.bucket.id < 0 || out.bucket.id >= grid.count() || r.x != g.x || r.y != g.y || r.width != g.width ||
      r.height != g.height)
    throw Error(where + ": bucket " + std::to_string(uint32_t(out.bucket.id)) + " does not match the " +
                std::to_string(header_.bucket_size.width) + "x" + std::to_string(header_.bucket_size.height) +
                " bucket grid of the file header");
  record_offset_ = offset_;
  offset_ += size;
  return true;
}

JournalContents read_journal(const std::string& path) {
  JournalReader reader(path);
  JournalContents c;
  c.header = reader.header();
  std::map<int, std::pair<size_t, uint64_t>> seen;  // bucket id -> index in c.buckets, byte offset
  for (;;) {
    auto bucket = std::make_unique<BucketBuffer>();
    if (!reader.next(*bucket)) break;
    const int id = bucket->bucket.id;
    const auto it = seen.find(id);
    if (it == seen.end()) {
      seen.emplace(id, std::make_pair(c.buckets.size(), reader.record_offset()));
      c.buckets.push_back(std::move(bucket));
    } else if (same_bits(*c.buckets[it->second.first], *bucket)) {
      ++c.duplicates;  // written twice (an older Tessera re-appended restored buckets): harmless
    } else {
      throw Error(path + ": bucket " + std::to_string(id) + " has two records with different pixels (at bytes " +
                  std::to_string(it->second.second) + " and " + std::to_string(reader.record_offset()) + ")");
    }
  }
  c.valid_bytes = reader.valid_bytes();
  c.dropped_bytes = reader.dropped_bytes();
  return c;
}

// ---- writing -------------------------------------------------------------------

JournalFile::JournalFile(const std::string& path, bool create) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | (create ? O_CREAT : 0), 0666);
  if (fd_ < 0) throw Error(path + ": cannot open bucket file: " + errno_text(errno));
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    if (err == EWOULDBLOCK) throw Error(path + ": in use by another tessera process");
    throw Error(path + ": cannot lock bucket file: " + errno_text(err));
  }
}

JournalFile::~JournalFile() {
  if (fd_ >= 0) ::close(fd_);  // drops the lock
}

JournalFile::JournalFile(JournalFile&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

uint64_t JournalFile::size() const {
  struct stat st {};
  if (fstat(fd_, &st) != 0) throw Error(path_ + ": cannot stat bucket file: " + errno_text(errno));
  return uint64_t(st.st_size);
}

JournalWriter::JournalWriter(JournalFile file, const JournalHeader& header, double flush_seconds)
    : file_(std::move(file)), header_(header), flush_seconds_(flush_seconds),
      last_flush_(std::chrono::steady_clock::now()) {
  // Emptied only now, under the lock (a device such as /dev/full has no size to cut).
  if (file_.size() > 0 && ftruncate(file_.fd(), 0) != 0)
    throw Error(path() + ": cannot empty bucket file: " + errno_text(errno));
  pending_ = encode_header(header);
  flush();
}

JournalWriter::JournalWriter(JournalFile file, const JournalHeader& header, double flush_seconds, uint64_t valid_bytes)
    : file_(std::move(file)), header_(header), flush_seconds_(flush_seconds), committed_(valid_bytes),
      last_flush_(std::chrono::steady_clock::now()) {
  const uint64_t size = file_.size();
  if (size < valid_bytes)
    throw Error(path() + ": bucket file is " + std::to_string(size) + " bytes, shorter than the " +
                std::to_string(valid_bytes) + " read from it");
  if (size > valid_bytes && ftruncate(file_.fd(), off_t(valid_bytes)) != 0)
    throw Error(path() + ": cannot cut the torn record off the bucket file: " + errno_text(errno));
}

JournalWriter::JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds)
    : JournalWriter(JournalFile(path, true), header, flush_seconds) {}

JournalWriter::JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds,
                             uint64_t valid_bytes)
    : JournalWriter(JournalFile(path, false), header, flush_seconds, valid_bytes) {}

JournalWriter::~JournalWriter() {
  try {
    flush();
  } catch (...) {
    // Destructors must not throw; an explicit flush() reports the error.
  }
}

void JournalWriter::append(const BucketBuffer& bucket) {
  if (!failure_.empty()) throw Error(failure_);
  const size_t at = pending_.size();
  pending_.resize(at + bucket_record_size(bucket.bucket.rect, header_.aovs));
  encode_bucket_record(bucket, header_.context(), &pending_[at]);
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_flush_).count() >= flush_seconds_) flush();
}

void JournalWriter::flush() {
  if (!failure_.empty()) throw Error(failure_);
  last_flush_ = std::chrono::steady_clock::now();
  if (pending_.empty()) return;
  const auto fail = [&](const std::string& what, int err) {
    // Cut off what part of a record reached the file, so the journal stays a
    // clean prefix of whole records (a resume would drop it as torn anyway).
    if (ftruncate(file_.fd(), off_t(committed_)) != 0) {
      // Nothing more to do: the error below is what the user must see.
    }
    failure_ = path() + ": " + what + ": " + errno_text(err);
    throw Error(failure_);
  };
  size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t n = ::pwrite(file_.fd(), pending_.data() + done, pending_.size() - done, off_t(committed_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write bucket file", errno);
    if (n == 0) fail("cannot write bucket file", ENOSPC);  // no progress and no error: the device is full
    done += size_t(n);
  }
  // Survive a machine crash, not only a killed process. A file that cannot be
  // synced at all (EINVAL, EROFS: a device such as /dev/null) is written anyway.
  if (fdatasync(file_.fd()) != 0 && errno != EINVAL && errno != EROFS)
    fail("cannot sync bucket file to disk", errno);
  committed_ += pending_.size();
  pending_.clear();
}

JournalSink::JournalSink(JournalWriter& journal, BucketSink* next, std::vector<int> already_journaled)
    : journal_(journal), next_(next), already_journaled_(std::move(already_journaled)) {
  std::sort(already_journaled_.begin(), already_journaled_.end());
}

void JournalSink::write_bucket(const BucketBuffer& bucket) {
  if (next_) next_->write_bucket(bucket);
  if (!std::binary_search(already_journaled_.begin(), already_journaled_.end(), bucket.bucket.id))
    journal_.append(bucket);
}

}  // namespace tessera
