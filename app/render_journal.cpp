#include "app/render_journal.h"

#include "core/base/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace tessera {
namespace {

// A journal may be continued only by the render that wrote it.
void check_resumable(const std::string& path, const JournalHeader& found, const JournalHeader& now) {
  if (found.width != now.width || found.height != now.height)
    throw Error(path + ": written for a " + std::to_string(found.width) + "x" + std::to_string(found.height) +
                " image, not " + std::to_string(now.width) + "x" + std::to_string(now.height));
  if (found.aovs != now.aovs) {
    const auto list = [](AovSet set) {
      std::string s;
      for (const std::string& name : aov_name_list(set)) s += (s.empty() ? "" : ",") + name;
      return s.empty() ? std::string("none") : s;
    };
    throw Error(path + ": written with AOVs " + list(found.aovs) + ", not " + list(now.aovs) +
                "; resume with the same --aov");
  }
  if (found.fingerprint != now.fingerprint)
    throw Error(path + ": written for another scene or other render settings (spp, seed, depth), or by another "
                "version of Tessera; it cannot be resumed by this render");
  if (found.bucket_size.width != now.bucket_size.width || found.bucket_size.height != now.bucket_size.height)
    throw Error(path + ": written with " + std::to_string(found.bucket_size.width) + "x" +
                std::to_string(found.bucket_size.height) + " buckets; resume with --bucket-size " +
                std::to_string(found.bucket_size.width) + "x" + std::to_string(found.bucket_size.height));
}

}  // namespace

RenderJournal open_render_journal(const std::string& path, const JournalHeader& header, bool resume,
                                  double flush_seconds, bool quiet) {
  struct stat st {};
  const bool exists = stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw Error(path + ": is a directory, not a bucket file (.tsj)");
  if (exists && !resume) throw Error(path + ": bucket file exists; pass --resume to continue it, or remove it");

  // Locked before it is read, so that no other process appends to (or cuts) it
  // between this read and this render's appends.
  JournalFile file(path, true);
  RenderJournal j;
  if (!resume || file.size() == 0) {
    if (resume && exists && !quiet)
      std::fprintf(stderr, "tessera: %s is empty: starting afresh\n", path.c_str());
    j.writer = std::make_unique<JournalWriter>(std::move(file), header, flush_seconds);
    return j;
  }
  JournalContents done = read_journal(path);
  check_resumable(path, done.header, header);
  if (!quiet)
    std::fprintf(stderr, "tessera: resuming %s: %zu buckets already done%s%s\n", path.c_str(), done.buckets.size(),
                 done.dropped_bytes ? ", a torn last record dropped" : "",
                 done.duplicates ? (", " + std::to_string(done.duplicates) + " duplicate records skipped").c_str() : "");
  j.writer = std::make_unique<JournalWriter>(std::move(file), header, flush_seconds, done.valid_bytes);
  for (const auto& b : done.buckets) j.restored_ids.push_back(b->bucket.id);
  j.restored = std::move(done.buckets);
  return j;
}

}  // namespace tessera
