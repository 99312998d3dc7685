#pragma once
// BoundedQueue: a blocking FIFO of fixed capacity between workers and the
// completer. A full queue blocks push(), so a slow writer slows the workers
// instead of piling up buffers.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace tessera {

template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(std::max<size_t>(1, capacity)) {}

  // Block while full. Returns false (dropping `item`) once the queue is closed.
  bool push(T item) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    peak_ = std::max(peak_, items_.size());
    lock.unlock();
    not_empty_.notify_one();
    return true;
  }
  // Block while empty. Returns false when the queue is closed and drained.
  bool pop(T& out) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return false;
    out = std::move(items_.front());
    items_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return true;
  }
  // No more pushes; pop() drains what is left. Wakes every waiter.
  void close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    not_full_.notify_all();
    not_empty_.notify_all();
  }
  size_t capacity() const { return capacity_; }
  // Most items ever held at once.
  size_t peak() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_;
  }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  size_t peak_ = 0;
  bool closed_ = false;
};

}  // namespace tessera
