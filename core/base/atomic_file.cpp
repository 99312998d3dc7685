#include "core/base/atomic_file.h"

#include "core/base/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera {
namespace {

constexpr size_t kBufferBytes = size_t(1) << 20;

std::string directory_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

int open_temp(const std::string& temp) {
  int fd;
  do fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  while (fd < 0 && errno == EINTR);
  return fd;
}

// Why `path` cannot be the final name, before anything is written, or "".
std::string path_problem(const std::string& path) {
  if (path.empty()) return "empty file name";
  if (path.back() == '/') return "names a directory";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "is a directory";
  return "";
}

}  // namespace

std::string temp_path_for(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  // The process id keeps two processes writing one output from sharing (and
  // renaming away) each other's temporary file: the last rename wins, whole.
  return dir + ".tessera-tmp-" + path.substr(dir.size()) + "." + std::to_string(::getpid());
}

void check_output_path(const std::string& path, const std::string& what) {
  const std::string problem = path_problem(path);
  if (!problem.empty()) throw Error(path + ": cannot write " + what + ": " + problem);
  const std::string temp = temp_path_for(path);
  const int fd = open_temp(temp);
  if (fd < 0) {
    const int e = errno;
    throw Error(path + ": cannot write " + what + " in " + directory_of(path) + ": " + std::strerror(e));
  }
  ::close(fd);
  ::unlink(temp.c_str());
}

AtomicFileWriter::AtomicFileWriter(std::string path, std::string what)
    : path_(std::move(path)), temp_(temp_path_for(path_)), what_(std::move(what)) {
  const std::string problem = path_problem(path_);
  if (!problem.empty()) throw Error(path_ + ": cannot write " + what_ + ": " + problem);
  fd_ = open_temp(temp_);
  if (fd_ < 0) {
    const int e = errno;
    throw Error(path_ + ": cannot write " + what_ + " in " + directory_of(path_) + ": " + std::strerror(e));
  }
  buffer_.reserve(kBufferBytes);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (!committed_) discard();
}

void AtomicFileWriter::fail(const std::string& reason) {
  if (error_.empty()) error_ = reason;
}

void AtomicFileWriter::throw_if_failed() const {
  if (!error_.empty()) throw Error(path_ + ": cannot write " + what_ + ": " + error_);
}

bool AtomicFileWriter::flush_buffer() noexcept {
  const unsigned char* p = buffer_.data();
  size_t left = buffer_.size();
  uint64_t at = buffer_start_;
  while (left > 0) {
    const ssize_t n = ::pwrite(fd_, p, left, off_t(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A write that makes no progress is a full disk as far as we can tell.
      fail(n < 0 ? std::strerror(errno) : std::strerror(ENOSPC));
      return false;
    }
    p += n, left -= size_t(n), at += uint64_t(n);
  }
  buffer_.clear();
  buffer_start_ = position_;
  return true;
}

bool AtomicFileWriter::try_write(const void* data, size_t size) noexcept {
  if (failed() || fd_ < 0) return false;
  const auto* bytes = static_cast<const unsigned char*>(data);
  while (size > 0) {
    const size_t room = kBufferBytes - buffer_.size();
    const size_t n = size < room ? size : room;
    buffer_.insert(buffer_.end(), bytes, bytes + n);
    bytes += n, size -= n, position_ += n;
    if (buffer_.size() == kBufferBytes && !flush_buffer()) return false;
  }
  return true;
}

void AtomicFileWriter::write(const void* data, size_t size) {
  if (!try_write(data, size)) {
    if (!failed()) fail("the file is already closed");
    throw_if_failed();
  }
}

void AtomicFileWriter::seek(uint64_t position) {
  if (!failed() && !flush_buffer()) throw_if_failed();
  position_ = buffer_start_ = position;
}

void AtomicFileWriter::commit() {
  if (committed_) return;
  if (fd_ < 0) fail("the file is already closed");
  if (!failed()) flush_buffer();
  if (!failed() && ::fsync(fd_) != 0) fail(std::string("fsync: ") + std::strerror(errno));
  if (fd_ >= 0) {
    // close() may report a delayed write error (NFS, quotas); it is not retried.
    if (::close(fd_) != 0 && !failed()) fail(std::string("close: ") + std::strerror(errno));
    fd_ = -1;
  }
  if (!failed() && std::rename(temp_.c_str(), path_.c_str()) != 0)
    fail(std::string("cannot rename ") + temp_ + " into place: " + std::strerror(errno));
  if (failed()) {
    discard();
    throw_if_failed();
  }
  committed_ = true;
  // The rename is durable only once the directory entry is on disk.
  const int dir = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) {
    const int e = errno;
    throw Error(path_ + ": written, but cannot open its directory to sync it: " + std::strerror(e));
  }
  const int synced = ::fsync(dir);
  const int e = errno;
  ::close(dir);
  if (synced != 0 && e != EINVAL)  // EINVAL: the file system cannot sync directories
    throw Error(path_ + ": written, but cannot sync its directory: " + std::strerror(e));
}

void AtomicFileWriter::discard() noexcept {
  if (fd_ >= 0) ::close(fd_), fd_ = -1;
  ::unlink(temp_.c_str());
}

}  // namespace tessera
