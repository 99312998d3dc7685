// Fuzz target: the bucket record decoder (core/journal/bucket_record.h decode_bucket_record).
#include "core/journal/bucket_record.h"
#include "core/base/error.h"


namespace {
uint64_t u64_at(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
uint32_t u32_at(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Expect the render the record claims to belong to (when it has that much of a
  // header), so the fuzzer gets past the fingerprint and image-size checks into
  // the rectangle, payload and checksum; and once a fixed render, so the
  // mismatch paths run too.
  tessera::RecordContext claimed;
  if (size >= 24) {
    claimed.fingerprint = u64_at(data + 8);
    claimed.width = int(u32_at(data + 16));
    claimed.height = int(u32_at(data + 20));
  }
  // AOV layers whose channels add up to the record's count (past RGB), when some do.
  if (size >= 48) {
    const uint32_t channels = u32_at(data + 44);
    for (uint32_t mask = 0; mask < (1u << tessera::kAovCount); ++mask)
      if (uint32_t(3 + tessera::AovSet{mask}.channels()) == channels) {
        claimed.aovs = tessera::AovSet{mask};
        break;
      }
  }
  for (const tessera::RecordContext& expected :
       {claimed, tessera::RecordContext{1, 64, 64}, tessera::RecordContext{1, 64, 64, tessera::AovSet{0x1f}}}) {
    tessera::BucketBuffer out;
    try {
      tessera::decode_bucket_record(data, size, expected, out, "fuzz record");
    } catch (const tessera::Error&) {
    }
  }
  (void)tessera::peek_bucket_record_size(data, size);
  return 0;
}
