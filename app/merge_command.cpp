#include "app/merge_command.h"

#include "app/distinct_paths.h"
#include "app/output_metadata.h"

#include "core/base/atomic_file.h"
#include "core/engine/bucket_grid.h"
#include "core/journal/bucket_journal.h"
#include "core/base/error.h"
#include "core/image/aov_io.h"
#include "core/image/image.h"
#include "core/base/warning.h"

#include <cstdio>
#include <cstring>
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

// Whether `b`'s pixels (and AOV channels) are, bit for bit, those already in
// `image` (and `aov`) at its place.
bool same_pixels(const Image& image, const AovImage& aov, const BucketBuffer& b) {
  const PixelRect& r = b.bucket.rect;
  const size_t k = size_t(aov.channels());
  for (int y = r.y; y < r.y + r.height; ++y) {
    const float* row = &image.data()[(size_t(y) * size_t(image.width()) + size_t(r.x)) * 3];
    if (std::memcmp(row, b.pixel(r.x, y), size_t(r.width) * 3 * sizeof(float)) != 0) return false;
    if (k && std::memcmp(aov.pixel(r.x, y), &b.aov[size_t(y - r.y) * size_t(r.width) * k],
                         size_t(r.width) * k * sizeof(float)) != 0)
      return false;
  }
  return true;
}

}  // namespace

int run_merge(const MergeCommand& cmd) {
  if (cmd.inputs.empty()) throw Error("merge: no bucket files given");
  // An input given twice is fine (its records are identical); -o must not be one.
  for (const std::string& input : cmd.inputs) check_distinct_files({{"an input", input}, {"-o", cmd.output}});
  image_format_for_path(cmd.output);  // before reading anything
  const std::string warning = check_write_options(cmd.write_options, cmd.output);
  if (!warning.empty()) warn(warning);
  check_output_path(cmd.output, "image");

  JournalHeader reference;
  std::string reference_path;
  Image image;
  AovImage aov;  // the layers the files carry (their headers say which)
  // Per bucket id: the file and byte offset it came from (file -1: not yet seen).
  struct Source {
    int file = -1;
    uint64_t offset = 0;
  };
  std::vector<Source> source;
  std::vector<std::string> torn;
  size_t duplicates = 0;
  BucketBuffer b;  // one record at a time: the files are streamed
  for (size_t f = 0; f < cmd.inputs.size(); ++f) {
    const std::string& path = cmd.inputs[f];
    JournalReader reader(path);
    const JournalHeader& h = reader.header();
    if (f == 0) {
      reference = h, reference_path = path;
      image = Image(h.width, h.height);
      aov = AovImage(h.width, h.height, h.aovs);
      for (const std::string& side : aov_side_paths(cmd.output, h.aovs)) check_output_path(side, "image");
      source.assign(size_t(BucketGrid(h.width, h.height, h.bucket_size).count()), Source{});
    } else if (h.aovs != reference.aovs) {
      throw Error(path + ": holds other AOV layers than " + reference_path);
    } else if (h.fingerprint != reference.fingerprint || h.width != reference.width || h.height != reference.height) {
      throw Error(path + ": from another scene or other render settings than " + reference_path +
                  " (or written by another version of Tessera)");
    } else if (h.bucket_size.width != reference.bucket_size.width || h.bucket_size.height != reference.bucket_size.height) {
      throw Error(path + ": written with other bucket sizes than " + reference_path);
    }
    // The reader checks each record against the grid of its header (ids and rectangles).
    while (reader.next(b)) {
      Source& from = source[size_t(b.bucket.id)];
      if (from.file >= 0) {
        // The same bucket twice (a shard given twice, a checkpoint and a shard
        // that overlap): harmless when the pixels are the same bits.
        if (!same_pixels(image, aov, b))
          throw Error("merge: bucket " + std::to_string(b.bucket.id) + " has different pixels in " +
                      cmd.inputs[size_t(from.file)] + " (record at byte " + std::to_string(from.offset) + ") and " +
                      path + " (record at byte " + std::to_string(reader.record_offset()) + ")");
        ++duplicates;
        continue;
      }
      from = {int(f), reader.record_offset()};
      image.write_rect(b.bucket.rect, b.rgb.data());
      aov.write_rect(b.bucket.rect, b.aov.data());
    }
    if (reader.dropped_bytes()) torn.push_back(path);
  }
  for (const std::string& path : torn)
    warn(path + " ends in a torn record (its writer was killed); it was ignored");
  std::vector<int> missing;
  for (size_t id = 0; id < source.size(); ++id)
    if (source[id].file < 0) missing.push_back(int(id));
  if (!missing.empty()) {
    const std::string what = std::to_string(missing.size()) + " of " + std::to_string(source.size()) +
                             " buckets missing (ids " + list_ids(missing) + ")";
    if (!cmd.allow_missing) throw Error("merge: " + what + "; pass --allow-missing to write the image anyway");
    warn(what + "; they are black in " + cmd.output);
  }
  if (duplicates && !cmd.quiet)
    std::fprintf(stderr, "tessera: %zu bucket%s found twice with the same pixels; merged once\n", duplicates,
                 duplicates > 1 ? "s" : "");
  ImageWriteOptions options = cmd.write_options;
  options.metadata = merge_metadata();
  write_image_with_aovs(image, aov, cmd.output, options);
  if (!cmd.quiet)
    std::printf("tessera: merged %zu bucket files, %zu of %zu buckets, %dx%d | wrote %s\n", cmd.inputs.size(),
                source.size() - missing.size(), source.size(), reference.width, reference.height, cmd.output.c_str());
  return 0;
}

}  // namespace tessera
