#include "scene/json_value.h"

#include <cfloat>
#include <cmath>
#include <type_traits>

namespace tessera {
namespace {

const char* type_name(const nlohmann::json& v) { return v.type_name(); }

}  // namespace

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

void JsonValue::fail(const std::string& message) const {
  throw Error(file_ + ": " + (pointer_.empty() ? "/" : pointer_) + ": " + message);
}

JsonValue JsonValue::at(const char* key) const {
  if (!value_->is_object()) fail(std::string("expected an object, found ") + type_name(*value_));
  auto it = value_->find(key);
  if (it == value_->end()) fail(std::string("missing required key \"") + key + "\"");
  return JsonValue(*it, file_, pointer_ + "/" + escape_pointer_token(key));
}

JsonValue JsonValue::at(size_t index) const {
  if (!value_->is_array()) fail(std::string("expected an array, found ") + type_name(*value_));
  if (index >= value_->size()) fail("index " + std::to_string(index) + " out of range");
  return JsonValue((*value_)[index], file_, pointer_ + "/" + std::to_string(index));
}

void JsonValue::expect_object(std::initializer_list<const char*> allowed) const {
  expect_object(std::vector<const char*>(allowed));
}

void JsonValue::expect_object(const std::vector<const char*>& allowed) const {
  if (!value_->is_object()) fail(std::string("expected an object, found ") + type_name(*value_));
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    bool known = false;
    for (const char* k : allowed) known = known || it.key() == k;
    if (!known) {
      std::string list;
      for (const char* k : allowed) list += (list.empty() ? "" : ", ") + std::string(k);
      JsonValue(it.value(), file_, pointer_ + "/" + escape_pointer_token(it.key()))
          .fail("unknown key \"" + it.key() + "\" (expected one of: " + list + ")");
    }
  }
}

void JsonValue::expect_array() const {
  if (!value_->is_array()) fail(std::string("expected an array, found ") + type_name(*value_));
}

double JsonValue::number() const {
  if (!value_->is_number()) fail(std::string("expected a number, found ") + type_name(*value_));
  const double v = value_->get<double>();
  // Scene numbers become 32-bit floats: 1e39 would turn into infinity.
  if (!std::isfinite(v) || std::fabs(v) > FLT_MAX) fail("must be a finite 32-bit float, got " + value_->dump());
  return v;
}

double JsonValue::number(double min, double max) const {
  const double v = number();
  if (v < min || v > max) fail("must be in [" + nlohmann::json(min).dump() + ", " + nlohmann::json(max).dump() + "], got " + value_->dump());
  return v;
}

int64_t JsonValue::integer(int64_t min, int64_t max) const {
  if (!value_->is_number_integer()) fail(std::string("expected an integer, found ") + (value_->is_number() ? value_->dump() : type_name(*value_)));
  // Unsigned values beyond int64 compare as huge, which the range check rejects.
  const bool too_big = value_->is_number_unsigned() && value_->get<uint64_t>() > uint64_t(INT64_MAX);
  const int64_t v = too_big ? INT64_MAX : value_->get<int64_t>();
  if (too_big || v < min || v > max)
    fail("must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " + value_->dump());
  return v;
}

uint64_t JsonValue::unsigned_integer() const {
  if (value_->is_number_unsigned()) return value_->get<uint64_t>();
  if (value_->is_number_integer()) fail("must be in [0, 18446744073709551615], got " + value_->dump());
  fail(std::string("expected an integer, found ") + (value_->is_number() ? value_->dump() : type_name(*value_)));
}

bool JsonValue::boolean() const {
  if (!value_->is_boolean()) fail(std::string("expected true or false, found ") + type_name(*value_));
  return value_->get<bool>();
}

std::string JsonValue::string() const {
  if (!value_->is_string()) fail(std::string("expected a string, found ") + type_name(*value_));
  return value_->get<std::string>();
}

Vec3 JsonValue::vec3() const {
  if (!value_->is_array() || value_->size() != 3) fail("expected an array of 3 numbers, found " + value_->dump());
  return {float(at(size_t(0)).number()), float(at(size_t(1)).number()), float(at(size_t(2)).number())};
}

namespace {

// The DOM parser, also told where a failure happened: nlohmann reports a
// number overflow ("1e400") as an out_of_range exception with no position, but
// its SAX interface passes the position to parse_error.
class LocatingParser : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
 public:
  explicit LocatingParser(nlohmann::json& result)
      : nlohmann::detail::json_sax_dom_parser<nlohmann::json>(result, false) {}

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    failed = true;
    this->position = position;
    this->token = token;
    message = e.what();
    overflow = std::is_same<Exception, nlohmann::json::out_of_range>::value;
    return false;
  }

  bool failed = false, overflow = false;
  std::size_t position = 0;
  std::string token, message;
};

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& file) {
  nlohmann::json result;
  LocatingParser sax(result);
  nlohmann::json::sax_parse(text, &sax);
  if (!sax.failed) return result;
  // Turn the byte offset into line:column: the start of an overflowing number,
  // else the last character read.
  size_t end = sax.position > 0 ? sax.position - 1 : 0;
  if (sax.overflow) end = sax.position >= sax.token.size() ? sax.position - sax.token.size() : 0;
  end = std::min(end, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  const std::string where = file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (sax.overflow) throw Error(where + "number " + sax.token + " is out of range (beyond a 64-bit float)");
  // Keep nlohmann's explanation without its "[json.exception...] parse error at line 1, column 2:" prefix.
  std::string what = sax.message;
  const size_t colon = what.find(": ", what.find("parse error"));
  if (colon != std::string::npos) what = what.substr(colon + 2);
  // nlohmann quotes the bytes it read: a binary file must not put them on the terminal.
  std::string printable;
  for (const unsigned char c : what) {
    static const char kHex[] = "0123456789abcdef";
    if (c >= 0x20 && c < 0x7f) printable += char(c);
    else printable += std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
  }
  throw Error(where + "invalid JSON: " + printable);
}

}  // namespace tessera
