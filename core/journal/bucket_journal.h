#pragma once
// Bucket journals (.tsj): a header naming the render, then finished bucket
// records (core/journal/bucket_record.h) appended as they complete. The same file
// format serves crash-safe checkpoints (--checkpoint/--resume) and farm shards
// (--shard K/N, merged by `tessera merge`).
//
//   header (48 bytes): magic "TSJ1", version (4; now 2), render fingerprint (8),
//   image width, height (4 + 4), bucket width, height (4 + 4), AOV layers (4: the
//   AovSet mask of core/render/aov.h), zero (4), XXH64 of the first 40 bytes (8).
//   Version 1 (before AOVs: a 40-byte header, records of format 1) is refused
//   with a message saying so.
//
// In this file:
//   JournalReader   streams a journal record by record (one record in memory)
//   read_journal    reads a whole journal, folding duplicate records of a bucket
//   JournalFile     a journal opened for writing and locked against other processes
//   JournalWriter   appends records, flushes them at most N seconds apart, syncs
//   JournalSink     a BucketSink that journals each bucket it has not journaled before

#include "core/engine/bucket.h"
#include "core/engine/bucket_buffer.h"
#include "core/journal/bucket_record.h"
#include "core/engine/bucket_sink.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tessera {

constexpr size_t kJournalHeaderBytes = 48;
constexpr uint32_t kJournalVersion = 2;

struct JournalHeader {
  uint64_t fingerprint = 0;
  int width = 0, height = 0;
  BucketSize bucket_size;
  AovSet aovs;  // the AOV layers each record carries
  RecordContext context() const { return {fingerprint, width, height, aovs}; }
};

// Streams the records of a journal. Memory is one record (at most one bucket of
// the header's size), however large the file.
class JournalReader {
 public:
  // Open `path` and validate its header. Throws Error("<path>: ...") naming the
  // reason: cannot open (strerror), a directory, empty, too short, bad magic,
  // version (1: "<path>: bucket file format version 1 was written by an older
  // Tessera, before AOVs; this build reads version 2: render it again"), header
  // checksum, impossible sizes or AOV layers.
  explicit JournalReader(const std::string& path);
  ~JournalReader();
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;

  const JournalHeader& header() const { return header_; }
  const std::string& path() const { return path_; }

  // Read the next record into `out`. False at the end of the file, or at a torn
  // last record (the writer was killed mid-write), which is dropped and counted
  // in dropped_bytes(). Any other damage, and a bucket that is not the header's
  // grid bucket of its id, throws Error("<path>: record at byte N: ...").
  bool next(BucketBuffer& out);
  uint64_t record_offset() const { return record_offset_; }  // of the record next() returned last
  uint64_t valid_bytes() const { return offset_; }          // header plus every whole, valid record read
  uint64_t dropped_bytes() const { return dropped_; }       // the torn tail, once next() returned false

 private:
  void read_exact(uint8_t* out, size_t n);
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;    // of the file when opened
  uint64_t offset_ = 0;  // of the next record
  uint64_t record_offset_ = 0, dropped_ = 0;
  size_t max_record_ = 0;  // the largest record a bucket of this header can need
  JournalHeader header_;
  std::vector<uint8_t> buffer_;
};

struct JournalContents {
  JournalHeader header;
  std::vector<std::unique_ptr<BucketBuffer>> buckets;  // in file order, one per bucket id
  uint64_t valid_bytes = 0;    // header plus every whole, valid record
  uint64_t dropped_bytes = 0;  // a torn last record (the writer was killed mid-write)
  size_t duplicates = 0;       // records of a bucket already read, with the same bytes (skipped)
};

// Read and validate a whole journal (the buckets are kept; the file is streamed).
// A torn last record is dropped (and counted); a second record of a bucket with
// the same bytes is skipped (and counted); two records of one bucket with
// different pixels, and any other damage, throw Error("<path>: ...") naming the
// byte offsets. The entry point for fuzzing.
JournalContents read_journal(const std::string& path);

// A bucket file opened for writing, with an exclusive lock (flock LOCK_EX |
// LOCK_NB) held as long as this object lives, so that two processes never write
// (or resume) one journal. The kernel drops the lock when the process dies.
class JournalFile {
 public:
  // Open (and with `create`, create) `path`; nothing in it is changed. Throws
  // Error("<path>: in use by another tessera process") if another holds the lock,
  // or Error("<path>: cannot open bucket file: <strerror>").
  JournalFile(const std::string& path, bool create);
  ~JournalFile();
  JournalFile(JournalFile&& other) noexcept;
  JournalFile& operator=(JournalFile&&) = delete;
  JournalFile(const JournalFile&) = delete;

  const std::string& path() const { return path_; }
  int fd() const { return fd_; }
  uint64_t size() const;  // now

 private:
  std::string path_;
  int fd_ = -1;
};

// Appends records to a locked journal. Records are buffered and written out at
// most `flush_seconds` apart (0 = after every bucket), and on flush() and
// destruction, so a crash loses at most the last few seconds of work. Every
// flush is synced to disk (fdatasync). A failed write (a full disk) throws
// Error("<path>: cannot write bucket file: <strerror>"), cuts off the part of a
// record it wrote, and leaves the records written before it resumable.
class JournalWriter {
 public:
  // Start `file` afresh: empty it and write `header`.
  JournalWriter(JournalFile file, const JournalHeader& header, double flush_seconds);
  // Continue `file`, whose first `valid_bytes` are good (read_journal after the
  // file was locked); anything after them (a torn record) is cut off first.
  JournalWriter(JournalFile file, const JournalHeader& header, double flush_seconds, uint64_t valid_bytes);
  // The same, opening and locking `path` first (creating it to start afresh).
  JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds);
  JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds, uint64_t valid_bytes);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  void append(const BucketBuffer& bucket);  // not thread-safe: called by the completer
  void flush();                             // write out and sync to disk
  const std::string& path() const { return file_.path(); }

 private:
  JournalFile file_;
  JournalHeader header_;
  double flush_seconds_;
  uint64_t committed_ = 0;  // bytes known to be in the file
  std::string failure_;     // the error of a failed write; nothing more is written after one
  std::vector<uint8_t> pending_;
  std::chrono::steady_clock::time_point last_flush_;
};

// A sink that appends every bucket to a journal, then passes it on (or not, for
// shards). Buckets the journal already holds (a resumed render's restored ones,
// listed in `already_journaled`) are passed on but never appended again.
class JournalSink final : public BucketSink {
 public:
  JournalSink(JournalWriter& journal, BucketSink* next, std::vector<int> already_journaled = {});
  void begin(int width, int height) override {
    if (next_) next_->begin(width, height);
  }
  void write_bucket(const BucketBuffer& bucket) override;
  void finish() override {
    journal_.flush();
    if (next_) next_->finish();
  }
  bool needs_sequential() const override { return next_ && next_->needs_sequential(); }

 private:
  JournalWriter& journal_;
  BucketSink* next_;
  std::vector<int> already_journaled_;  // sorted
};

}  // namespace tessera
