// ShadowBatch: held shadow rays are traced in batches grouped by depth, and
// every unblocked contribution reaches its target, in the order it was added.

#include "core/render/shadow_batch.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace tessera;

namespace {

// Blocks the rays that point down (direction.y < 0), and records each batch it
// is asked, as the depths the test wrote into the rays' origins (origin.x).
struct RecordingQuery final : RayQuery {
  mutable std::vector<std::vector<int>> batches;
  mutable int single_calls = 0;
  bool intersect(const Ray&, RayHit&) const override { return false; }
  bool occluded(const Ray& ray) const override {
    ++single_calls;
    return ray.direction.y < 0.0f;
  }
  void occluded_batch(const Ray* rays, int n, bool* blocked) const override {
    std::vector<int> depths;
    for (int i = 0; i < n; ++i) depths.push_back(int(rays[i].origin.x)), blocked[i] = rays[i].direction.y < 0.0f;
    batches.push_back(depths);
  }
};

}  // namespace

TEST_CASE("a shadow batch adds every unblocked contribution to its target, in order, grouped by depth for tracing",
          "[render][shadow_batch]") {
  RecordingQuery query;
  ShadowBatch batch(query);
  REQUIRE(batch.empty());
  // More rays than the batch holds, so it flushes once on its own.
  const int n = ShadowBatch::kCapacity + 45;
  Vec3 targets[3];
  Vec3 expected[3];
  int unblocked = 0;
  for (int i = 0; i < n; ++i) {
    const int depth = (i * 7) % 6;  // depths 0-5: keys 0, 1, 2 and "3 or more"
    const bool down = i % 3 == 1;
    const Ray ray{Vec3(float(depth), 0, 0), Vec3(0.3f, down ? -1.0f : 1.0f, 0.1f)};
    // Contributions whose float sums depend on their order.
    const Vec3 contribution(1.0f / float(i + 3), 1e7f / float(i + 1), 0.1f * float(i));
    batch.add(ray, contribution, &targets[i % 3], depth);
    if (!down) expected[i % 3] += contribution, ++unblocked;
  }
  REQUIRE(query.batches.size() == 1);  // the automatic flush at capacity
  CHECK(query.batches[0].size() == size_t(ShadowBatch::kCapacity));
  batch.flush();
  CHECK(batch.empty());
  REQUIRE(query.batches.size() == 2);
  CHECK(query.batches[1].size() == size_t(45));
  CHECK(query.single_calls == 0);
  for (int t = 0; t < 3; ++t) {
    INFO("target " << t);
    // Bit for bit: added in the order they came, whatever order they were traced in.
    CHECK(targets[t].x == expected[t].x);
    CHECK(targets[t].y == expected[t].y);
    CHECK(targets[t].z == expected[t].z);
  }
  CHECK(unblocked > 100);
  // Traced grouped by depth: keys never decrease within a batch (depths 3 and up share a key).
  for (const std::vector<int>& depths : query.batches) {
    int last = 0;
    for (int d : depths) {
      const int key = d < 3 ? d : 3;
      CHECK(key >= last);
      last = key;
    }
  }
  // An empty flush asks nothing.
  batch.flush();
  CHECK(query.batches.size() == 2);
}

TEST_CASE("the default RayQuery batches answer ray by ray", "[render][shadow_batch]") {
  RecordingQuery query;
  const Ray rays[3] = {Ray{Vec3(0), Vec3(0, -1, 0)}, Ray{Vec3(0), Vec3(0, 1, 0)}, Ray{Vec3(0), Vec3(0, -2, 0)}};
  bool blocked[3] = {false, true, false};
  query.RayQuery::occluded_batch(rays, 3, blocked);
  CHECK(blocked[0]);
  CHECK_FALSE(blocked[1]);
  CHECK(blocked[2]);
  CHECK(query.single_calls == 3);
  RayHit hits[3];
  bool found[3] = {true, true, true};
  query.RayQuery::intersect_batch(rays, 3, hits, found);
  CHECK_FALSE(found[0]);
  CHECK_FALSE(found[2]);
}
