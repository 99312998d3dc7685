#include "app/user_config.h"
#include "app/cli_values.h"

#include "core/base/error.h"
#include "core/engine/parallel.h"
#include "core/base/warning.h"
#include "scene/scene_file.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace tessera {
namespace {

namespace fs = std::filesystem;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// "[+-]digits" with '_' allowed between digits (TOML). nullopt if `text` is not
// of that form or does not fit in a long long.
std::optional<long long> parse_integer(const std::string& text) {
  std::string digits;
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) digits += text[i++];
  if (i == text.size()) return std::nullopt;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '_' && i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1])) && i + 1 < text.size() &&
               std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      continue;
    } else {
      return std::nullopt;
    }
  }
  const char* begin = digits.data() + (digits[0] == '+' ? 1 : 0);
  const char* end = digits.data() + digits.size();
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// A config value: an integer or a string, with its source text for messages.
struct Value {
  bool is_string = false;
  long long integer = 0;
  std::string text;    // the string's contents, or the integer as written
  std::string source;  // as written in the file
};

const char* const kKeys = "threads, bucket_size, bucket_order, scheduler or completion";

// Set `key` in `out` from `v`; throws Error (without a file:line prefix).
void apply(SchedulingDefaults& out, const std::string& key, const Value& v) {
  const auto want_string = [&] {
    if (!v.is_string) throw Error(key + ": expected a string, got " + v.source);
    return v.text;
  };
  if (key == "threads") {
    if (v.is_string) throw Error("threads: expected an integer, got " + v.source);
    out.threads = check_thread_request(v.integer, "threads");
  } else if (key == "bucket_size") {
    // An integer N means N x N; written back in plain digits ("1_024" -> "1024").
    out.bucket_size = parse_bucket_size(v.is_string ? v.text : std::to_string(v.integer));
  } else if (key == "bucket_order") {
    out.order = parse_bucket_order(want_string());
  } else if (key == "scheduler") {
    out.scheduler = parse_scheduler(want_string());
  } else if (key == "completion") {
    out.completion = parse_completion(want_string());
  } else {
    throw Error("unknown key \"" + key + "\" (expected " + kKeys + ")");
  }
}

bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Parses one config file, line by line.
class ConfigParser {
 public:
  explicit ConfigParser(const std::string& path) : path_(path) {}

  SchedulingDefaults parse(const std::string& text) {
    size_t start = 0;
    // A UTF-8 byte order mark is allowed before the first line.
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) start = 3;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ++line_no_;
      parse_line(line);
      start = end + 1;
    }
    return out_;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(path_ + ":" + std::to_string(line_no_) + ": " + what);
  }

  // Only spaces, tabs and a comment may follow position `i`.
  void expect_end(const std::string& line, size_t i, const char* after) const {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i < line.size() && line[i] != '#')
      fail(std::string("unexpected text after ") + after + ": \"" + line.substr(i) + "\"");
  }

  void parse_line(const std::string& line) {
    size_t i = 0;
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size() || line[i] == '#') return;
    if (line[i] == '[') return parse_table(line, i);

    const size_t key_begin = i;
    while (i < line.size() && is_key_char(line[i])) ++i;
    const std::string key = line.substr(key_begin, i - key_begin);
    if (key.empty()) fail("expected key = value, got \"" + trim(line) + "\"");
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size() || line[i] != '=') fail("missing '=' after key \"" + key + "\"");
    ++i;
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size() || line[i] == '#') fail("missing value for key \"" + key + "\"");

    const Value value = parse_value(line, i);
    expect_end(line, i, "value");

    const auto seen = seen_.find(key);
    if (seen != seen_.end())
      fail("duplicate key \"" + key + "\" (first set on line " + std::to_string(seen->second) + ")");
    seen_.emplace(key, line_no_);
    try {
      apply(out_, key, value);
    } catch (const Error& e) {
      fail(e.what());
    }
  }

  void parse_table(const std::string& line, size_t i) {
    if (line.compare(i, 2, "[[") == 0) fail("arrays of tables are not supported");
    const size_t close = line.find(']', i);
    if (close == std::string::npos) fail("unterminated table header");
    const std::string name = trim(line.substr(i + 1, close - i - 1));
    if (name != "render") fail("unknown table [" + name + "] (expected [render])");
    if (render_line_) fail("duplicate table [render] (first on line " + std::to_string(render_line_) + ")");
    render_line_ = line_no_;
    expect_end(line, close + 1, "table header");
  }

  // The value starting at line[i]; leaves i just past it.
  Value parse_value(const std::string& line, size_t& i) const {
    const size_t begin = i;
    Value v;
    const char quote = line[i];
    if (quote == '"' || quote == '\'') {
      if (line.compare(i, 3, std::string(3, quote)) == 0) fail("multi-line strings are not supported");
      v.is_string = true;
      ++i;
      for (;; ++i) {
        if (i >= line.size()) fail("unterminated string");
        const char c = line[i];
        if (c == quote) break;
        if (c == '\\' && quote == '"') {
          if (++i >= line.size()) fail("unterminated string");
          switch (line[i]) {
            case '"': v.text += '"'; break;
            case '\\': v.text += '\\'; break;
            case 't': v.text += '\t'; break;
            case 'n': v.text += '\n'; break;
            case 'r': v.text += '\r'; break;
            case 'b': v.text += '\b'; break;
            case 'f': v.text += '\f'; break;
            default: fail(std::string("unsupported escape sequence \"\\") + line[i] + "\" in string");
          }
        } else {
          v.text += c;
        }
      }
      ++i;  // the closing quote
      v.source = line.substr(begin, i - begin);
      return v;
    }
    while (i < line.size() && !is_space(line[i]) && line[i] != '#') ++i;
    v.source = v.text = line.substr(begin, i - begin);
    const char first = v.source[0];
    if (const auto n = parse_integer(v.source)) {
      v.integer = *n;
    } else if ((first >= '0' && first <= '9') || first == '+' || first == '-') {
      fail("invalid integer \"" + v.source + "\"");
    } else {
      fail("invalid value \"" + v.source + "\" (expected an integer or a quoted string)");
    }
    return v;
  }

  std::string path_;
  int line_no_ = 0;
  int render_line_ = 0;  // line of the [render] header; 0 = none yet
  std::map<std::string, int> seen_;  // key -> line it was set on
  SchedulingDefaults out_;
};

}  // namespace

std::string user_config_path(const std::function<const char*(const char*)>& getenv) {
  if (const char* config = getenv("TESSERA_CONFIG")) return config;  // set but empty: no config file
  const char* xdg = getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute()) return (fs::path(xdg) / "tessera" / "config.toml").string();
  const char* home = getenv("HOME");
  if (home && *home) return (fs::path(home) / ".config" / "tessera" / "config.toml").string();
  return "";
}

SchedulingDefaults parse_user_config(const std::string& text, const std::string& path) {
  return ConfigParser(path).parse(text);
}

SchedulingDefaults load_user_config(const std::string& path, ConfigOrigin origin) {
  if (path.empty()) return {};
  const bool named = origin == ConfigOrigin::Named;
  // A default file that cannot be read must not stop every render: say so once
  // and go on with the built-in defaults. A file the user named must be read.
  const auto unreadable = [&](const std::string& why) -> SchedulingDefaults {
    const std::string message = path + ": cannot read config file: " + why;
    if (named) throw Error("TESSERA_CONFIG=" + message);
    warn(message + "; using the built-in defaults");
    return {};
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    if (named) throw Error("TESSERA_CONFIG=" + path + ": config file not found (unset TESSERA_CONFIG, or set it empty, to use none)");
    return {};
  }
  if (ec) return unreadable(ec.message());
  if (fs::is_directory(status)) return unreadable("it is a directory");
  if (!fs::is_regular_file(status)) return unreadable("not a regular file");  // /dev/zero, a FIFO
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable(errno ? std::strerror(errno) : "cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unreadable("read error");
  return parse_user_config(text.str(), path);
}

SchedulingDefaults user_config_defaults(const std::function<const char*(const char*)>& getenv) {
  const char* named = getenv("TESSERA_CONFIG");
  return load_user_config(user_config_path(getenv),
                          named && *named ? ConfigOrigin::Named : ConfigOrigin::Default);
}

SchedulingDefaults environment_defaults(const std::function<const char*(const char*)>& getenv) {
  SchedulingDefaults out;
  const auto read = [&](const char* name, auto&& set) {
    const char* raw = getenv(name);
    if (!raw) return;
    const std::string value = trim(raw);
    if (value.empty()) return;
    try {
      set(value);
    } catch (const Error& e) {
      throw Error(std::string("environment variable ") + name + ": " + e.what());
    }
  };
  read("TESSERA_THREADS", [&](const std::string& v) {
    const auto n = parse_integer(v);
    if (!n) throw Error("\"" + v + "\": expected an integer in [-4096, 4096]");
    out.threads = check_thread_request(*n, "");
  });
  read("TESSERA_BUCKET_SIZE", [&](const std::string& v) { out.bucket_size = parse_bucket_size(v); });
  read("TESSERA_BUCKET_ORDER", [&](const std::string& v) { out.order = parse_bucket_order(v); });
  read("TESSERA_SCHEDULER", [&](const std::string& v) { out.scheduler = parse_scheduler(v); });
  read("TESSERA_COMPLETION", [&](const std::string& v) { out.completion = parse_completion(v); });
  return out;
}

SchedulingDefaults overlay(const SchedulingDefaults& high, const SchedulingDefaults& low) {
  SchedulingDefaults out;
  out.threads = high.threads ? high.threads : low.threads;
  out.bucket_size = high.bucket_size ? high.bucket_size : low.bucket_size;
  out.order = high.order ? high.order : low.order;
  out.scheduler = high.scheduler ? high.scheduler : low.scheduler;
  out.completion = high.completion ? high.completion : low.completion;
  return out;
}

}  // namespace tessera
