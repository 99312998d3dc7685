#pragma once
// ExrOStream: OpenEXR's output stream interface over an AtomicFileWriter, so
// EXR files get the same short-write, fsync and rename handling as every other
// output. Private to core/ (it includes OpenEXR, a private dependency).
//
// OpenEXR's file destructors write the offset table and swallow exceptions; the
// writer records the failure, and its commit() throws it.

#include "core/base/atomic_file.h"

#include <ImfIO.h>

namespace tessera {

class ExrOStream final : public Imf::OStream {
 public:
  explicit ExrOStream(AtomicFileWriter& writer) : Imf::OStream(writer.temp_path().c_str()), writer_(writer) {}
  void write(const char c[], int n) override { writer_.write(c, size_t(n)); }
  uint64_t tellp() override { return writer_.tell(); }
  void seekp(uint64_t pos) override { writer_.seek(pos); }

 private:
  AtomicFileWriter& writer_;
};

}  // namespace tessera
