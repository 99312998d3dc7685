#pragma once
// The bucket journal of one render (a --checkpoint file, or a shard's .tsj
// output), opened the same way by `tessera render` and by MPI rank 0: locked
// for the whole render, resumed or started afresh, checked against the render.

#include "core/journal/bucket_journal.h"

#include <memory>
#include <string>
#include <vector>

namespace tessera {

struct RenderJournal {
  std::unique_ptr<JournalWriter> writer;
  std::vector<std::unique_ptr<BucketBuffer>> restored;  // finished by an earlier run, one per bucket
  std::vector<int> restored_ids;                        // their ids: already journaled, never appended again
};

// Lock `path` (Error "<path>: in use by another tessera process" if another
// process holds it). With `resume`, a journal found there is read and checked
// against `header` (same image, scene, settings and bucket size) and continued; a
// missing or empty (0-byte) file starts afresh. Without `resume` an existing file
// is an error. Prints what was resumed on stderr unless `quiet`.
RenderJournal open_render_journal(const std::string& path, const JournalHeader& header, bool resume,
                                  double flush_seconds, bool quiet);

}  // namespace tessera
