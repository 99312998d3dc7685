#include "core/journal/render_fingerprint.h"

#include <xxhash.h>

#ifndef TESSERA_VERSION
#error "TESSERA_VERSION (PROJECT_VERSION) must be defined by the build"
#endif

namespace tessera {

struct RenderFingerprint::State {
  XXH3_state_t* xxh = XXH3_createState();
  ~State() { XXH3_freeState(xxh); }
};

std::string renderer_version() { return std::string("tessera ") + TESSERA_VERSION + " " + kRenderFormatTag; }

RenderFingerprint::RenderFingerprint() : state_(std::make_unique<State>()) {
  XXH3_64bits_reset(state_->xxh);
  const std::string version = renderer_version();
  chunk(version.data(), version.size());
}

RenderFingerprint::~RenderFingerprint() = default;

void RenderFingerprint::chunk(const void* data, size_t size) {
  const uint64_t length = size;  // the length first: "ab" + "c" differs from "a" + "bc"
  XXH3_64bits_update(state_->xxh, &length, sizeof length);
  XXH3_64bits_update(state_->xxh, data, size);
}

void RenderFingerprint::description(const std::string& canonical_bytes) {
  chunk("description", 11);
  chunk(canonical_bytes.data(), canonical_bytes.size());
}

void RenderFingerprint::file(const std::string& name, const void* data, size_t size) {
  chunk("file", 4);
  chunk(name.data(), name.size());
  chunk(data, size);
}

void RenderFingerprint::begin_file(const std::string& name, uint64_t size) {
  chunk("file", 4);
  chunk(name.data(), name.size());
  XXH3_64bits_update(state_->xxh, &size, sizeof size);  // as chunk() would: the length, then the bytes
}

void RenderFingerprint::file_bytes(const void* data, size_t size) { XXH3_64bits_update(state_->xxh, data, size); }

uint64_t RenderFingerprint::digest() const { return XXH3_64bits_digest(state_->xxh); }

}  // namespace tessera
