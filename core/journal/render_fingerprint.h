#pragma once
// The render fingerprint: one number for everything that changes pixels. Bucket
// records and journals carry it, so a bucket is never merged into an image of
// another scene, other settings or another renderer.
//
// Core does not know scene files: scene/ hands it the canonical bytes of the
// scene description (command-line overrides already written into it) and the
// content of every file the description references. A parameter added to the
// description is covered without touching this file. Scheduling (threads,
// buckets, order, scheduler, shards) is not in the description's hashed part:
// it does not change pixels.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tessera {

// Bump when the same description renders other pixels without a version
// change (a new default, a changed estimator): old journals are then refused.
constexpr const char* kRenderFormatTag = "tessera-render-v2";

// XXH3-64 over kRenderFormatTag, the project version, the canonical description
// and each referenced file (by name and content), each length-prefixed so that
// no two different inputs concatenate to the same bytes.
class RenderFingerprint {
 public:
  RenderFingerprint();  // hashes the renderer's version and format tag
  ~RenderFingerprint();
  RenderFingerprint(const RenderFingerprint&) = delete;
  RenderFingerprint& operator=(const RenderFingerprint&) = delete;

  void description(const std::string& canonical_bytes);
  // A file the description references, under the name the description gives it.
  void file(const std::string& name, const void* data, size_t size);
  // The same digest as file(name, data, size) with the bytes given in pieces,
  // so a large mesh file is hashed without being whole in memory: begin_file
  // with the total size, then file_bytes until that many bytes are given.
  void begin_file(const std::string& name, uint64_t size);
  void file_bytes(const void* data, size_t size);
  uint64_t digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  void chunk(const void* data, size_t size);
};

// The renderer's version as hashed: PROJECT_VERSION and kRenderFormatTag.
std::string renderer_version();

}  // namespace tessera
