#pragma once
// The process's resident set as Linux reports it in /proc/self/status: now
// (VmRSS) and its high-water mark (VmHWM), which writing 5 to
// /proc/self/clear_refs resets to the current size. Lets a command measure the
// peak of one phase (bench's configurations, render's load phase).

#include <cstdint>

namespace tessera {

// Resets the high-water mark to the current resident set. Where the kernel
// refuses (not Linux, a restricted /proc), nothing happens and later peaks are
// the process's peak so far.
void reset_peak_rss();
// The resident set's high-water mark in bytes (getrusage's ru_maxrss where
// /proc/self/status cannot be read).
uint64_t peak_rss_bytes();
// The resident set now in bytes; 0 where /proc/self/status cannot be read.
uint64_t current_rss_bytes();

}  // namespace tessera
