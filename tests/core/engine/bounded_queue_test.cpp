#include "core/engine/bounded_queue.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace tessera;

TEST_CASE("a full queue blocks producers until the consumer takes an item", "[queue]") {
  BoundedQueue<int> q(2);
  REQUIRE(q.push(1));
  REQUIRE(q.push(2));
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    q.push(3);
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(pushed);  // still blocked: the queue is full
  int v = 0;
  REQUIRE(q.pop(v));
  CHECK(v == 1);
  producer.join();
  CHECK(pushed);
  CHECK(q.peak() == 2);
  q.close();
  REQUIRE(q.pop(v));
  CHECK(v == 2);
  REQUIRE(q.pop(v));
  CHECK(v == 3);
  CHECK_FALSE(q.pop(v));     // closed and drained
  CHECK_FALSE(q.push(4));    // closed
}
