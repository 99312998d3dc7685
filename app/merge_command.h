#pragma once
// `tessera merge`: assemble an image from bucket files (.tsj) written by shards
// (--shard K/N) or checkpoints, streamed record by record, refusing files of
// different renders and reporting missing buckets. A bucket found twice with the
// same pixel bits is merged once; with different pixels it is an error.

#include "core/image/image_io.h"

#include <string>
#include <vector>

namespace tessera {

struct MergeCommand {
  std::vector<std::string> inputs;  // .tsj files
  std::string output;               // image path (.png, .exr, .hdr, .pfm)
  bool allow_missing = false;       // write what there is (missing buckets black)
  ImageWriteOptions write_options;
  bool quiet = false;
};

int run_merge(const MergeCommand& command);

}  // namespace tessera
