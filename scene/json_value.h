#pragma once
// JsonValue: a JSON value that remembers where it came from (file and JSON
// pointer), so every error it raises names the place:
//   scenes/box.json: /shapes/3/radius: must be > 0

#include "core/base/error.h"
#include "core/math/vec3.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace tessera {

// One key as a JSON pointer token (RFC 6901): '~' -> "~0", '/' -> "~1".
std::string escape_pointer_token(const std::string& key);

class JsonValue {
 public:
  JsonValue(const nlohmann::json& value, std::string file, std::string pointer = "")
      : value_(&value), file_(std::move(file)), pointer_(std::move(pointer)) {}

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const nlohmann::json& raw() const { return *value_; }

  [[noreturn]] void fail(const std::string& message) const;

  bool has(const char* key) const { return value_->is_object() && value_->contains(key); }
  JsonValue at(const char* key) const;  // a missing key is an error
  JsonValue at(size_t index) const;
  size_t size() const { return value_->size(); }

  // Object with no keys beyond `allowed` (a typo must not be silently ignored).
  void expect_object(std::initializer_list<const char*> allowed) const;
  void expect_object(const std::vector<const char*>& allowed) const;
  void expect_array() const;

  double number() const;  // finite and within a 32-bit float's range (scene numbers become floats)
  double number(double min, double max) const;  // inclusive range
  int64_t integer(int64_t min, int64_t max) const;
  uint64_t unsigned_integer() const;  // [0, 2^64-1]
  bool boolean() const;
  std::string string() const;
  Vec3 vec3() const;  // [x, y, z]

  // Optional members with defaults.
  double number_or(const char* key, double fallback) const { return has(key) ? at(key).number() : fallback; }
  Vec3 vec3_or(const char* key, const Vec3& fallback) const { return has(key) ? at(key).vec3() : fallback; }
  bool boolean_or(const char* key, bool fallback) const { return has(key) ? at(key).boolean() : fallback; }

 private:
  const nlohmann::json* value_;
  std::string file_;
  std::string pointer_;
};

// Parse JSON text; a syntax error or a number beyond a double (1e400) names
// file:line:column.
nlohmann::json parse_json_text(const std::string& text, const std::string& file);

}  // namespace tessera
