#pragma once
// Bucket journals (.tsj): a header naming the render, then finished bucket
// records (core/bucket_record.h) appended as they complete. The same file
// format serves crash-safe checkpoints (--checkpoint/--resume) and farm shards
// (--shard K/N, merged by `tessera merge`).
//
//   header (40 bytes): magic "TSJ1", version (4), render fingerprint (8),
//   image width, height (4 + 4), bucket width, height (4 + 4), XXH64 of the first 32 bytes (8)

#include "core/bucket.h"
#include "core/bucket_buffer.h"
#include "core/bucket_record.h"
#include "core/bucket_sink.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace tessera {

constexpr size_t kJournalHeaderBytes = 40;

struct JournalHeader {
  uint64_t fingerprint = 0;
  int width = 0, height = 0;
  BucketSize bucket_size;
  RecordContext context() const { return {fingerprint, width, height}; }
};

struct JournalContents {
  JournalHeader header;
  std::vector<std::unique_ptr<BucketBuffer>> buckets;  // in file order
  uint64_t valid_bytes = 0;    // header plus every whole, valid record
  uint64_t dropped_bytes = 0;  // a torn last record (the writer was killed mid-write)
};

// Read and validate a journal. A torn last record is dropped (and counted); any
// other damage throws Error("<path>: ..."), naming the byte offset of the record.
JournalContents read_journal(const std::string& path);

// Appends records to a journal. Records are buffered and written out at most
// `flush_seconds` apart (0 = after every bucket), and on flush() and destruction,
// so a crash loses at most the last few seconds of work.
class JournalWriter {
 public:
  // Create (truncating) a journal with `header`.
  JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds);
  // Continue an existing journal whose first `valid_bytes` are good (read_journal);
  // anything after them (a torn record) is cut off first.
  JournalWriter(const std::string& path, const JournalHeader& header, double flush_seconds, uint64_t valid_bytes);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  void append(const BucketBuffer& bucket);  // not thread-safe: called by the completer
  void flush();                             // write out and sync to disk

 private:
  std::string path_;
  JournalHeader header_;
  double flush_seconds_;
  std::FILE* file_ = nullptr;
  std::vector<uint8_t> pending_;
  std::chrono::steady_clock::time_point last_flush_;
};

// A sink that appends every bucket to a journal, then passes it on (or not, for shards).
class JournalSink final : public BucketSink {
 public:
  JournalSink(JournalWriter& journal, BucketSink* next) : journal_(journal), next_(next) {}
  void begin(int width, int height) override {
    if (next_) next_->begin(width, height);
  }
  void write_bucket(const BucketBuffer& bucket) override {
    if (next_) next_->write_bucket(bucket);
    journal_.append(bucket);
  }
  void finish() override {
    journal_.flush();
    if (next_) next_->finish();
  }
  bool needs_sequential() const override { return next_ && next_->needs_sequential(); }

 private:
  JournalWriter& journal_;
  BucketSink* next_;
};

}  // namespace tessera
