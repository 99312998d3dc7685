#include "core/sampling/sampler.h"

#include "core/base/error.h"

namespace tessera {

SamplerKind parse_sampler_kind(const std::string& name) {
  if (name == "sobol") return SamplerKind::Sobol;
  if (name == "independent") return SamplerKind::Independent;
  throw Error("unknown sampler \"" + name + "\" (expected sobol or independent)");
}

const char* to_string(SamplerKind kind) { return kind == SamplerKind::Sobol ? "sobol" : "independent"; }

}  // namespace tessera
