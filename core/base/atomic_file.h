#pragma once
// AtomicFileWriter: every output file Tessera writes (images, streamed EXR,
// statistics and trace JSON) goes through it, so that a reader of the final
// name sees either the previous file or the complete new one, never half.
//
// The bytes go to a temporary file beside the final path (dir + ".tessera-tmp-"
// + name + "." + process id, so the rename stays inside one file system and
// concurrent processes never share one); commit() flushes it,
// fsyncs it, renames it over the final name and fsyncs the directory. Any
// failure (a short write, ENOSPC, EIO, a failed fsync, close or rename) throws
// Error("<final path>: cannot write <what>: <reason>") and removes the
// temporary file; a writer destroyed without commit() removes it too. The
// previous file at the final name is never touched until the rename.
// Not thread-safe: one writer per thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

// The temporary name a file is written under before it is renamed to `path`.
std::string temp_path_for(const std::string& path);

// Throws Error naming `path` and the reason unless a file could be written
// there now: its directory exists and is writable, and `path` is not a
// directory. Creates and removes the temporary file to find out (called before
// long work, so a bad output path fails at once, not after the render).
void check_output_path(const std::string& path, const std::string& what = "file");

class AtomicFileWriter {
 public:
  // Creates (truncates) the temporary file. `what` names the content in
  // messages ("image", "statistics"). Throws Error on failure.
  explicit AtomicFileWriter(std::string path, std::string what = "file");
  ~AtomicFileWriter();  // removes the temporary file unless committed
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Appends (or, after seek(), overwrites) bytes; buffered. Throws Error on failure.
  void write(const void* data, size_t size);
  void write(const std::string& text) { write(text.data(), text.size()); }
  // The same, but records the failure instead of throwing (for callbacks from C
  // code and from destructors that must not throw); commit() then throws it.
  bool try_write(const void* data, size_t size) noexcept;

  uint64_t tell() const { return position_; }
  void seek(uint64_t position);  // later writes go there (OpenEXR rewrites its offset table)

  // Flush, fsync, close, rename into place, fsync the directory. Throws Error
  // (and removes the temporary file) on any failure, or if a write failed before.
  void commit();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }
  bool failed() const { return !error_.empty(); }
  // Throws the recorded failure, if any, as Error("<path>: cannot write <what>: <reason>").
  void throw_if_failed() const;

 private:
  void fail(const std::string& reason);  // records the first failure
  bool flush_buffer() noexcept;
  void discard() noexcept;

  std::string path_, temp_, what_;
  int fd_ = -1;
  std::vector<unsigned char> buffer_;  // pending bytes, to be written at buffer_start_
  uint64_t buffer_start_ = 0;
  uint64_t position_ = 0;
  std::string error_;  // the first failure's reason; empty = none
  bool committed_ = false;
};

}  // namespace tessera
