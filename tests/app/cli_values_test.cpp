#include "app/cli_values.h"
#include "core/base/error.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using namespace tessera;
using Catch::Equals;
using Catch::StartsWith;

TEST_CASE("bad bucket size strings are errors", "[cli][bucket]") {
  for (const char* text : {"0", "abc", "32x", "5000", "x32", "", "-8", "0x16", "16x0", "16x5000", "16x16x16", "32y"}) {
    INFO("bucket size \"" << text << "\"");
    REQUIRE_THROWS_AS(parse_bucket_size(text), Error);
    REQUIRE_THROWS_WITH(parse_bucket_size(text),
                        Equals(std::string("bucket size \"") + text +
                               "\": expected N or WxH with each side in [1, 4096]"));
  }
}

TEST_CASE("good bucket size strings parse", "[cli][bucket]") {
  const BucketSize square = parse_bucket_size("32");
  CHECK(square.width == 32);
  CHECK(square.height == 32);
  const BucketSize wide = parse_bucket_size("32x16");
  CHECK(wide.width == 32);
  CHECK(wide.height == 16);
  const BucketSize extremes = parse_bucket_size("1x4096");
  CHECK(extremes.width == 1);
  CHECK(extremes.height == 4096);
}

TEST_CASE("absurd resolutions are refused by one rule, naming where they came from", "[cli][bad_input]") {
  CHECK_THROWS_WITH(parse_resolution("100000x100000"),
                    Equals("--resolution \"100000x100000\": each side must be in [1, 65536], got 100000x100000"));
  CHECK_THROWS_WITH(parse_resolution("0x0"), StartsWith("--resolution \"0x0\": each side must be in [1, 65536]"));
  CHECK_THROWS_WITH(parse_resolution("-5x5"), StartsWith("--resolution \"-5x5\": each side must be in [1, 65536]"));
  CHECK_THROWS_WITH(parse_resolution("65536x65536"),
                    Equals("--resolution \"65536x65536\": 65536x65536 is 4294967296 pixels, more than the 1073741824 "
                           "(32768x32768) a render may have"));
  CHECK_THROWS_WITH(parse_resolution("99999999999999999999x2"), StartsWith("--resolution \"99999999999999999999x2\": expected WxH"));
  CHECK_THROWS_WITH(parse_resolution(" 16x16"), StartsWith("--resolution \" 16x16\": expected WxH"));
  CHECK(parse_resolution("32768x32768").width == 32768);
  CHECK(parse_resolution("65536x1").width == 65536);
}

TEST_CASE("seeds on the command line cover 0..2^64-1 and refuse negatives", "[cli][bad_input]") {
  CHECK(parse_seed("18446744073709551615") == UINT64_MAX);
  CHECK(parse_seed("0") == 0);
  for (const char* bad : {"-1", "18446744073709551616", "", "1.5", "+3", " 4", "nan"})
    CHECK_THROWS_WITH(parse_seed(bad), Equals(std::string("--seed \"") + bad + "\": expected an integer in [0, 18446744073709551615]"));
}
