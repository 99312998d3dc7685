#include "app/user_config.h"

#include "core/base/error.h"
#include "core/engine/parallel.h"
#include "core/base/warning.h"

#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace tessera;
using Catch::Contains;
using Catch::Equals;
using Catch::StartsWith;

namespace {

namespace fs = std::filesystem;

fs::path test_dir(const std::string& name) { return fresh_test_dir("user_config", name); }
void write_file(const fs::path& path, const std::string& text) { write_test_file(path, text); }

// A fake environment: getenv over a map; variables not in the map are unset.
struct FakeEnv {
  std::map<std::string, std::string> vars;
  std::function<const char*(const char*)> getenv() const {
    return [this](const char* name) -> const char* {
      const auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

SchedulingDefaults parse(const std::string& text) { return parse_user_config(text, "cfg.toml"); }

// The message parse_user_config throws for `text`.
std::string parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error for: " << text);
  return "";
}

std::string env_error(const FakeEnv& env) {
  try {
    environment_defaults(env.getenv());
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error from the environment");
  return "";
}

bool is_empty(const SchedulingDefaults& d) {
  return !d.threads && !d.bucket_size && !d.order && !d.scheduler && !d.completion;
}

}  // namespace

TEST_CASE("user config: each key", "[app][config]") {
  SECTION("threads") {
    CHECK(parse("threads = 4").threads == 4);
    CHECK(parse("threads = 0").threads == 0);
    CHECK(parse("threads = -1").threads == -1);
    CHECK(parse("threads = +2").threads == 2);
    CHECK(parse("threads = 1_0").threads == 10);
  }
  SECTION("bucket_size as an integer") {
    const auto d = parse("bucket_size = 64");
    REQUIRE(d.bucket_size);
    CHECK(d.bucket_size->width == 64);
    CHECK(d.bucket_size->height == 64);
  }
  SECTION("bucket_size as WxH") {
    const auto d = parse("bucket_size = \"32x16\"");
    REQUIRE(d.bucket_size);
    CHECK(d.bucket_size->width == 32);
    CHECK(d.bucket_size->height == 16);
  }
  SECTION("bucket_order") {
    CHECK(parse("bucket_order = \"spiral\"").order == BucketOrder::Spiral);
    CHECK(parse("bucket_order = 'hilbert'").order == BucketOrder::Hilbert);
  }
  SECTION("scheduler") { CHECK(parse("scheduler = \"dynamic\"").scheduler == Scheduler::Dynamic); }
  SECTION("completion") { CHECK(parse("completion = \"sequential\"").completion == Completion::Sequential); }
  SECTION("a key sets only itself") {
    const auto d = parse("scheduler = \"static\"");
    CHECK_FALSE(d.threads);
    CHECK_FALSE(d.bucket_size);
    CHECK_FALSE(d.order);
    CHECK_FALSE(d.completion);
  }
}

TEST_CASE("user config: a whole file with [render], comments and blank lines", "[app][config]") {
  const auto d = parse(
      "# Tessera user defaults\n"
      "\n"
      "   [ render ]   # the one table\n"
      "threads = -1          # all but one\n"
      "\tbucket_size = \"16x8\"\n"
      "bucket_order = \"random\"#no space before the comment\n"
      "scheduler=\"static\"\r\n"
      "completion = \"sequential\"\n"
      "   # indented comment\n");
  CHECK(d.threads == -1);
  REQUIRE(d.bucket_size);
  CHECK(d.bucket_size->width == 16);
  CHECK(d.bucket_size->height == 8);
  CHECK(d.order == BucketOrder::Random);
  CHECK(d.scheduler == Scheduler::Static);
  CHECK(d.completion == Completion::Sequential);
}

TEST_CASE("user config: keys before the header and an empty file", "[app][config]") {
  CHECK(is_empty(parse("")));
  CHECK(is_empty(parse("# only a comment\n\n")));
  CHECK(is_empty(parse("[render]\n")));
  const auto d = parse("threads = 3\n[render]\nscheduler = \"tbb\"\n");
  CHECK(d.threads == 3);
  CHECK(d.scheduler == Scheduler::Tbb);
  CHECK(parse("\xEF\xBB\xBFthreads = 5").threads == 5);  // UTF-8 byte order mark
}

TEST_CASE("user config: errors name the file and line", "[app][config]") {
  SECTION("unknown key") {
    CHECK_THAT(parse_error("threads = 2\n\nspp = 4\n"),
               StartsWith("cfg.toml:3: unknown key \"spp\"") && Contains("threads, bucket_size"));
  }
  SECTION("unknown table") {
    CHECK_THAT(parse_error("[film]\n"), Equals("cfg.toml:1: unknown table [film] (expected [render])"));
    CHECK_THAT(parse_error("[render]\n[render]\n"), StartsWith("cfg.toml:2: duplicate table [render]"));
    CHECK_THAT(parse_error("[render\n"), Equals("cfg.toml:1: unterminated table header"));
    CHECK_THAT(parse_error("[render] x\n"), StartsWith("cfg.toml:1: unexpected text after table header"));
  }
  SECTION("bad integer") {
    CHECK_THAT(parse_error("# c\nthreads = 4x\n"), Equals("cfg.toml:2: invalid integer \"4x\""));
    CHECK_THAT(parse_error("threads = 1.5"), Equals("cfg.toml:1: invalid integer \"1.5\""));
    CHECK_THAT(parse_error("threads = 99999999999999999999"), StartsWith("cfg.toml:1: invalid integer"));
    CHECK_THAT(parse_error("threads = 5000"),
               Equals("cfg.toml:1: threads: 5000 is out of range [-4096, 4096] (0 = all hardware threads, -N = all but N)"));
    CHECK_THAT(parse_error("threads = -65537"), StartsWith("cfg.toml:1: threads: -65537 is out of range [-4096, 4096]"));
    CHECK_THAT(parse_error("threads = \"4\""), Equals("cfg.toml:1: threads: expected an integer, got \"4\""));
    CHECK_THAT(parse_error("threads = true"), StartsWith("cfg.toml:1: invalid value \"true\""));
  }
  SECTION("bad bucket size") {
    CHECK_THAT(parse_error("\n\nbucket_size = 0"),
               StartsWith("cfg.toml:3: bucket size \"0\": expected N or WxH"));
    CHECK_THAT(parse_error("bucket_size = \"32x\""), StartsWith("cfg.toml:1: bucket size \"32x\""));
  }
  SECTION("bad order, scheduler or completion name") {
    CHECK_THAT(parse_error("[render]\nbucket_order = \"zigzag\""),
               StartsWith("cfg.toml:2: unknown bucket order \"zigzag\""));
    CHECK_THAT(parse_error("scheduler = \"fifo\""), StartsWith("cfg.toml:1: unknown scheduler \"fifo\""));
    CHECK_THAT(parse_error("completion = \"later\""), StartsWith("cfg.toml:1: unknown completion mode \"later\""));
    CHECK_THAT(parse_error("bucket_order = 3"), Equals("cfg.toml:1: bucket_order: expected a string, got 3"));
  }
  SECTION("missing '='") {
    CHECK_THAT(parse_error("\nthreads 4\n"), Equals("cfg.toml:2: missing '=' after key \"threads\""));
    CHECK_THAT(parse_error("threads\n"), Equals("cfg.toml:1: missing '=' after key \"threads\""));
    CHECK_THAT(parse_error("= 4\n"), Equals("cfg.toml:1: expected key = value, got \"= 4\""));
    CHECK_THAT(parse_error("threads =   # nothing\n"), Equals("cfg.toml:1: missing value for key \"threads\""));
  }
  SECTION("unterminated string") {
    CHECK_THAT(parse_error("scheduler = \"tbb\n"), Equals("cfg.toml:1: unterminated string"));
    CHECK_THAT(parse_error("\n\nscheduler = 'tbb"), Equals("cfg.toml:3: unterminated string"));
    CHECK_THAT(parse_error("scheduler = \"tbb\\\"\n"), Equals("cfg.toml:1: unterminated string"));
    CHECK_THAT(parse_error("scheduler = \"\"\"tbb\"\"\""), Equals("cfg.toml:1: multi-line strings are not supported"));
  }
  SECTION("text after a value, duplicate keys") {
    CHECK_THAT(parse_error("threads = 4 5\n"), Equals("cfg.toml:1: unexpected text after value: \"5\""));
    CHECK_THAT(parse_error("scheduler = \"tbb\" x\n"), Equals("cfg.toml:1: unexpected text after value: \"x\""));
    CHECK_THAT(parse_error("threads = 1\n[render]\nthreads = 2\n"),
               Equals("cfg.toml:3: duplicate key \"threads\" (first set on line 1)"));
  }
  SECTION("lines count with CRLF endings") {
    CHECK_THAT(parse_error("threads = 1\r\n\r\nbogus = 1\r\n"), StartsWith("cfg.toml:3: unknown key \"bogus\""));
  }
}

TEST_CASE("user config: string escapes", "[app][config]") {
  // An escaped quote is part of the string, so the name is unknown, not cut short.
  CHECK_THAT(parse_error(R"(scheduler = "t\"b")"), StartsWith("cfg.toml:1: unknown scheduler \"t\"b\""));
  CHECK_THAT(parse_error(R"(scheduler = "\q")"), StartsWith("cfg.toml:1: unsupported escape sequence"));
  // Literal strings take backslashes as they are.
  CHECK_THAT(parse_error(R"(scheduler = '\q')"), StartsWith("cfg.toml:1: unknown scheduler \"\\q\""));
}

TEST_CASE("user config: path rules", "[app][config]") {
  FakeEnv env;
  SECTION("nothing set") { CHECK(user_config_path(env.getenv()).empty()); }
  SECTION("HOME") {
    env.vars["HOME"] = "/home/ada";
    CHECK(user_config_path(env.getenv()) == "/home/ada/.config/tessera/config.toml");
    env.vars["HOME"] = "/home/ada/";
    CHECK(user_config_path(env.getenv()) == "/home/ada/.config/tessera/config.toml");
    env.vars["HOME"] = "";
    CHECK(user_config_path(env.getenv()).empty());
  }
  SECTION("XDG_CONFIG_HOME beats HOME") {
    env.vars["HOME"] = "/home/ada";
    env.vars["XDG_CONFIG_HOME"] = "/xdg";
    CHECK(user_config_path(env.getenv()) == "/xdg/tessera/config.toml");
    SECTION("an empty or relative XDG_CONFIG_HOME is ignored") {
      env.vars["XDG_CONFIG_HOME"] = "";
      CHECK(user_config_path(env.getenv()) == "/home/ada/.config/tessera/config.toml");
      env.vars["XDG_CONFIG_HOME"] = "relative/dir";
      CHECK(user_config_path(env.getenv()) == "/home/ada/.config/tessera/config.toml");
    }
  }
  SECTION("TESSERA_CONFIG beats both") {
    env.vars["HOME"] = "/home/ada";
    env.vars["XDG_CONFIG_HOME"] = "/xdg";
    env.vars["TESSERA_CONFIG"] = "/etc/tessera.toml";
    CHECK(user_config_path(env.getenv()) == "/etc/tessera.toml");
    SECTION("set but empty: no config file") {
      env.vars["TESSERA_CONFIG"] = "";
      CHECK(user_config_path(env.getenv()).empty());
      CHECK(is_empty(load_user_config(user_config_path(env.getenv()))));
    }
  }
}

TEST_CASE("user config: load from a file", "[app][config]") {
  const fs::path dir = test_dir("load");
  SECTION("a real file") {
    const fs::path path = dir / "tessera" / "config.toml";
    fs::create_directories(path.parent_path());
    write_file(path, "[render]\nthreads = 2\nbucket_size = \"8x4\"\nbucket_order = \"hilbert\"\n");
    const auto d = load_user_config(path.string());
    CHECK(d.threads == 2);
    REQUIRE(d.bucket_size);
    CHECK(d.bucket_size->width == 8);
    CHECK(d.bucket_size->height == 4);
    CHECK(d.order == BucketOrder::Hilbert);
    CHECK_FALSE(d.scheduler);

    // Found through the path rules.
    FakeEnv env;
    env.vars["XDG_CONFIG_HOME"] = fs::absolute(dir).string();
    CHECK(user_config_path(env.getenv()) == fs::absolute(path).string());
    CHECK(load_user_config(user_config_path(env.getenv())).threads == 2);
  }
  SECTION("a malformed file names itself and the line") {
    const fs::path path = dir / "bad.toml";
    write_file(path, "threads = 1\nbucket_order = \"zigzag\"\n");
    CHECK_THROWS_WITH(load_user_config(path.string()),
                      StartsWith(path.string() + ":2: unknown bucket order \"zigzag\""));
  }
  SECTION("a missing file is empty defaults") {
    CHECK(is_empty(load_user_config((dir / "no_such.toml").string())));
    CHECK(is_empty(load_user_config((dir / "no_such_dir" / "config.toml").string())));
    CHECK(is_empty(load_user_config("")));
  }
  SECTION("an unreadable default file is one warning and the built-in defaults") {
    const fs::path sub = dir / "a_directory.toml";
    fs::create_directories(sub);
    std::vector<std::string> warnings;
    const WarningHandler previous = set_warning_handler([&](const std::string& m) { warnings.push_back(m); });
    const SchedulingDefaults d = load_user_config(sub.string());
    set_warning_handler(previous);
    CHECK(is_empty(d));
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], StartsWith(sub.string() + ": cannot read config file: it is a directory"));
  }
  SECTION("a file named by TESSERA_CONFIG must exist and be readable") {
    const fs::path sub = dir / "a_directory.toml";
    fs::create_directories(sub);
    CHECK_THROWS_WITH(load_user_config(sub.string(), ConfigOrigin::Named),
                      StartsWith("TESSERA_CONFIG=" + sub.string() + ": cannot read config file: it is a directory"));
    const std::string missing = (dir / "no_such.toml").string();
    CHECK_THROWS_WITH(load_user_config(missing, ConfigOrigin::Named),
                      StartsWith("TESSERA_CONFIG=" + missing + ": config file not found"));
    FakeEnv env;
    env.vars["TESSERA_CONFIG"] = missing;
    CHECK_THROWS_WITH(user_config_defaults(env.getenv()), StartsWith("TESSERA_CONFIG=" + missing));
    env.vars["TESSERA_CONFIG"] = "";  // set but empty: no config file at all
    CHECK(is_empty(user_config_defaults(env.getenv())));
    env.vars.clear();
    env.vars["HOME"] = (dir / "no_home").string();  // the default path missing is fine
    CHECK(is_empty(user_config_defaults(env.getenv())));
  }
}

TEST_CASE("user config: environment variables", "[app][config]") {
  FakeEnv env;
  SECTION("none set") { CHECK(is_empty(environment_defaults(env.getenv()))); }
  SECTION("each variable") {
    env.vars = {{"TESSERA_THREADS", "-2"},
                {"TESSERA_BUCKET_SIZE", "24x12"},
                {"TESSERA_BUCKET_ORDER", "spiral"},
                {"TESSERA_SCHEDULER", "dynamic"},
                {"TESSERA_COMPLETION", "sequential"}};
    const auto d = environment_defaults(env.getenv());
    CHECK(d.threads == -2);
    REQUIRE(d.bucket_size);
    CHECK(d.bucket_size->width == 24);
    CHECK(d.bucket_size->height == 12);
    CHECK(d.order == BucketOrder::Spiral);
    CHECK(d.scheduler == Scheduler::Dynamic);
    CHECK(d.completion == Completion::Sequential);
  }
  SECTION("empty values are unset; spaces are trimmed") {
    env.vars = {{"TESSERA_THREADS", ""}, {"TESSERA_BUCKET_SIZE", " 16 "}, {"TESSERA_SCHEDULER", "\ttbb"}};
    const auto d = environment_defaults(env.getenv());
    CHECK_FALSE(d.threads);
    REQUIRE(d.bucket_size);
    CHECK(d.bucket_size->width == 16);
    CHECK(d.bucket_size->height == 16);
    CHECK(d.scheduler == Scheduler::Tbb);
  }
  SECTION("bad values name the variable") {
    env.vars = {{"TESSERA_THREADS", "many"}};
    CHECK_THAT(env_error(env),
               Equals("environment variable TESSERA_THREADS: \"many\": expected an integer in [-4096, 4096]"));
    env.vars = {{"TESSERA_THREADS", "9999"}};
    CHECK_THAT(env_error(env), StartsWith("environment variable TESSERA_THREADS: 9999 is out of range [-4096, 4096]"));
    env.vars = {{"TESSERA_THREADS", "-65537"}};
    CHECK_THAT(env_error(env), StartsWith("environment variable TESSERA_THREADS: -65537 is out of range [-4096, 4096]"));
    env.vars = {{"TESSERA_BUCKET_SIZE", "0x8"}};
    CHECK_THAT(env_error(env), StartsWith("environment variable TESSERA_BUCKET_SIZE: bucket size \"0x8\""));
    env.vars = {{"TESSERA_BUCKET_ORDER", "zigzag"}};
    CHECK_THAT(env_error(env), StartsWith("environment variable TESSERA_BUCKET_ORDER: unknown bucket order \"zigzag\""));
    env.vars = {{"TESSERA_SCHEDULER", "fifo"}};
    CHECK_THAT(env_error(env), StartsWith("environment variable TESSERA_SCHEDULER: unknown scheduler \"fifo\""));
    env.vars = {{"TESSERA_COMPLETION", "later"}};
    CHECK_THAT(env_error(env), StartsWith("environment variable TESSERA_COMPLETION: unknown completion mode"));
  }
}

TEST_CASE("user config: overlay precedence", "[app][config]") {
  SchedulingDefaults config = parse("threads = 2\nbucket_size = 8\nscheduler = \"static\"\n");
  FakeEnv env;
  env.vars = {{"TESSERA_THREADS", "6"}, {"TESSERA_BUCKET_ORDER", "spiral"}};
  const SchedulingDefaults environment = environment_defaults(env.getenv());

  // Environment variables over the config file.
  const SchedulingDefaults d = overlay(environment, config);
  CHECK(d.threads == 6);                          // both: the environment wins
  CHECK(d.order == BucketOrder::Spiral);          // environment only
  REQUIRE(d.bucket_size);                         // config only
  CHECK(d.bucket_size->width == 8);
  CHECK(d.scheduler == Scheduler::Static);        // config only
  CHECK_FALSE(d.completion);                      // neither: left to the built-in default

  // The other way round, the config file would win.
  CHECK(overlay(config, environment).threads == 2);
  // Empty layers change nothing.
  CHECK(overlay(SchedulingDefaults{}, config).threads == 2);
  CHECK(overlay(config, SchedulingDefaults{}).threads == 2);
  CHECK(is_empty(overlay(SchedulingDefaults{}, SchedulingDefaults{})));
}

TEST_CASE("one thread rule: range checked with its source, large counts capped with a warning", "[app][config][threads]") {
  CHECK(check_thread_request(4096, "--threads") == 4096);
  CHECK(check_thread_request(-4096, "--threads") == -4096);
  CHECK_THROWS_WITH(check_thread_request(65537, "--threads"),
                    Equals("--threads: 65537 is out of range [-4096, 4096] (0 = all hardware threads, -N = all but N)"));
  CHECK_THROWS_WITH(check_thread_request(-65537, ""), StartsWith("-65537 is out of range"));
  CHECK_THROWS_WITH(check_thread_request(INT64_MIN, "x"), StartsWith("x: -9223372036854775808 is out of range"));

  const int cap = max_thread_count();
  CHECK(cap >= kMinThreadCap);
  std::string warning;
  CHECK(resolve_thread_count(cap, &warning) == cap);
  CHECK(warning.empty());
  CHECK(resolve_thread_count(cap + 1, &warning) == cap);
  CHECK_THAT(warning, StartsWith(std::to_string(cap + 1) + " threads requested; using " + std::to_string(cap)));
  CHECK(resolve_thread_count(-kMaxThreadRequest) == 1);  // all but 4096: at least one
  CHECK(resolve_thread_count(0) >= 1);
}
