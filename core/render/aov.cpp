#include "core/render/aov.h"

#include "core/base/error.h"

#include <algorithm>

namespace tessera {
namespace {

struct AovInfo {
  Aov aov;
  const char* name;
  const char* channels[3];
  int count;
};
constexpr AovInfo kAovs[kAovCount] = {
    {Aov::Albedo, "albedo", {"R", "G", "B"}, 3},
    {Aov::Normal, "normal", {"X", "Y", "Z"}, 3},
    {Aov::Depth, "depth", {"Z", nullptr, nullptr}, 1},
    {Aov::Position, "position", {"X", "Y", "Z"}, 3},
    {Aov::Variance, "variance", {"R", "G", "B"}, 3},
};

const AovInfo& info(Aov a) {
  for (const AovInfo& i : kAovs)
    if (i.aov == a) return i;
  throw Error("unknown AOV bit " + std::to_string(uint32_t(a)));
}

}  // namespace

Aov aov_at(int index) { return kAovs[index].aov; }
const char* aov_name(Aov a) { return info(a).name; }
int aov_channels(Aov a) { return info(a).count; }

int AovSet::channels() const {
  int n = 0;
  for (const AovInfo& i : kAovs)
    if (has(i.aov)) n += i.count;
  return n;
}

int AovSet::offset(Aov a) const {
  int n = 0;
  for (const AovInfo& i : kAovs) {
    if (i.aov == a) return n;
    if (has(i.aov)) n += i.count;
  }
  return n;
}

std::string aov_names() {
  std::string s;
  for (const AovInfo& i : kAovs) s += (s.empty() ? "" : ", ") + std::string(i.name);
  return s;
}

AovSet parse_aov_names(const std::vector<std::string>& names) {
  AovSet set;
  for (const std::string& name : names) {
    const AovInfo* found = nullptr;
    for (const AovInfo& i : kAovs)
      if (name == i.name) found = &i;
    if (!found)
      throw Error("unknown AOV \"" + name + "\" (expected albedo, normal, depth, position or variance)");
    set.mask |= uint32_t(found->aov);
  }
  return set;
}

AovSet parse_aov_list(const std::string& text) {
  if (text == "none") return AovSet{};  // turns a scene file's list off
  std::vector<std::string> names;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    names.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parse_aov_names(names);
}

std::vector<std::string> aov_name_list(AovSet set) {
  std::vector<std::string> names;
  for (const AovInfo& i : kAovs)
    if (set.has(i.aov)) names.push_back(i.name);
  return names;
}

std::vector<std::string> aov_channel_names(AovSet set) {
  std::vector<std::string> names;
  for (const AovInfo& i : kAovs)
    if (set.has(i.aov))
      for (int c = 0; c < i.count; ++c) names.push_back(std::string(i.name) + "." + i.channels[c]);
  return names;
}

}  // namespace tessera
