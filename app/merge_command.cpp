#include "app/merge_command.h"

#include "core/atomic_file.h"
#include "core/bucket_grid.h"
#include "core/bucket_journal.h"
#include "core/error.h"
#include "core/image.h"

#include <cstdio>
#include <string>
#include <vector>

namespace tessera {
namespace {

std::string list_ids(const std::vector<int>& ids) {
  std::string s;
  for (size_t i = 0; i < ids.size() && i < 10; ++i) s += (i ? ", " : "") + std::to_string(ids[i]);
  if (ids.size() > 10) s += ", ...";
  return s;
}

}  // namespace

int run_merge(const MergeCommand& cmd) {
  if (cmd.inputs.empty()) throw Error("merge: no bucket files given");
  image_format_for_path(cmd.output);  // before reading anything
  const std::string warning = check_write_options(cmd.write_options, cmd.output);
  if (!warning.empty()) std::fprintf(stderr, "tessera: warning: %s\n", warning.c_str());
  check_output_path(cmd.output, "image");

  JournalHeader reference;
  std::string reference_path;
  Image image;
  std::vector<int> source;  // per bucket id: index of the file it came from, or -1
  std::vector<std::string> duplicates, torn;
  for (size_t f = 0; f < cmd.inputs.size(); ++f) {
    const std::string& path = cmd.inputs[f];
    JournalContents contents = read_journal(path);
    const JournalHeader& h = contents.header;
    if (f == 0) {
      reference = h, reference_path = path;
      image = Image(h.width, h.height);
      source.assign(size_t(BucketGrid(h.width, h.height, h.bucket_size).count()), -1);
    } else if (h.fingerprint != reference.fingerprint || h.width != reference.width || h.height != reference.height) {
      throw Error(path + ": from another scene or other render settings than " + reference_path);
    } else if (h.bucket_size.width != reference.bucket_size.width || h.bucket_size.height != reference.bucket_size.height) {
      throw Error(path + ": written with other bucket sizes than " + reference_path);
    }
    if (contents.dropped_bytes) torn.push_back(path);
    const BucketGrid grid(h.width, h.height, h.bucket_size);
    for (const auto& b : contents.buckets) {
      const Bucket expect = b->bucket.id < grid.count() ? grid.bucket(b->bucket.id) : Bucket{};
      if (b->bucket.id >= grid.count() || expect.rect.x != b->bucket.rect.x || expect.rect.y != b->bucket.rect.y ||
          expect.rect.width != b->bucket.rect.width || expect.rect.height != b->bucket.rect.height)
        throw Error(path + ": bucket " + std::to_string(b->bucket.id) + " does not match the bucket grid");
      int& from = source[size_t(b->bucket.id)];
      if (from >= 0) {
        duplicates.push_back("bucket " + std::to_string(b->bucket.id) + " in " + cmd.inputs[size_t(from)] + " and " + path);
        continue;  // keep the first
      }
      from = int(f);
      image.write_rect(b->bucket.rect, b->rgb.data());
    }
  }
  if (!duplicates.empty())
    throw Error("merge: " + std::to_string(duplicates.size()) + " duplicate bucket" + (duplicates.size() > 1 ? "s" : "") +
                " (" + duplicates.front() + (duplicates.size() > 1 ? ", ..." : "") + "): each shard must be merged once");
  std::vector<int> missing;
  for (size_t id = 0; id < source.size(); ++id)
    if (source[id] < 0) missing.push_back(int(id));
  if (!missing.empty()) {
    const std::string what = std::to_string(missing.size()) + " of " + std::to_string(source.size()) +
                             " buckets missing (ids " + list_ids(missing) + ")";
    if (!cmd.allow_missing) throw Error("merge: " + what + "; pass --allow-missing to write the image anyway");
    std::fprintf(stderr, "tessera: warning: %s; they are black in %s\n", what.c_str(), cmd.output.c_str());
  }
  for (const std::string& path : torn)
    std::fprintf(stderr, "tessera: warning: %s ends in a torn record (its writer was killed); it was ignored\n", path.c_str());
  write_image(image, cmd.output, cmd.write_options);
  if (!cmd.quiet)
    std::printf("tessera: merged %zu bucket files, %zu of %zu buckets, %dx%d | wrote %s\n", cmd.inputs.size(),
                source.size() - missing.size(), source.size(), reference.width, reference.height, cmd.output.c_str());
  return 0;
}

}  // namespace tessera
