#include "scene/ply_loader.h"
#include "scene/file_paths.h"

#include "core/base/error.h"
#include "core/image/image_io.h"
#include "core/base/warning.h"
#include "scene/mesh_file.h"
#include "scene/shapes.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <sys/stat.h>
#include <type_traits>
#include <utility>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace tessera {
namespace {

enum class Type { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 };
enum class Format { Ascii, BinaryLittleEndian, BinaryBigEndian };

// What a vertex or face property is used for; None is read past.
enum Role { None, X, Y, Z, NX, NY, NZ, U, V, R, G, B, Indices, kRoles };

struct Property {
  std::string name;
  bool list = false;
  Type count_type = Type::UInt8;  // lists only
  Type type = Type::Float32;      // the value's type, or a list item's
  Role role = None;
};

struct Element {
  std::string name;
  uint64_t count = 0;
  int line = 0;  // header line
  std::vector<Property> properties;
};

struct Header {
  Format format = Format::Ascii;
  std::vector<Element> elements;
  size_t data_start = 0;  // byte offset of the first element's data
};

size_t size_of(Type t) {
  switch (t) {
    case Type::Int8: case Type::UInt8: return 1;
    case Type::Int16: case Type::UInt16: return 2;
    case Type::Int32: case Type::UInt32: case Type::Float32: return 4;
    case Type::Float64: return 8;
  }
  return 1;
}

bool is_integer(Type t) { return t != Type::Float32 && t != Type::Float64; }

// The range of an integer type, and its name in a message.
double min_of(Type t) {
  switch (t) {
    case Type::Int8: return -128;
    case Type::Int16: return -32768;
    case Type::Int32: return -2147483648.0;
    default: return 0;
  }
}
double max_of(Type t) {
  switch (t) {
    case Type::Int8: return 127;
    case Type::UInt8: return 255;
    case Type::Int16: return 32767;
    case Type::UInt16: return 65535;
    case Type::Int32: return 2147483647.0;
    default: return 4294967295.0;
  }
}
const char* type_range(Type t) {
  switch (t) {
    case Type::Int8: return "an 8-bit signed integer";
    case Type::UInt8: return "an 8-bit unsigned integer";
    case Type::Int16: return "a 16-bit signed integer";
    case Type::UInt16: return "a 16-bit unsigned integer";
    case Type::Int32: return "a 32-bit signed integer";
    default: return "a 32-bit unsigned integer";
  }
}

bool parse_type(const std::string& w, Type& t) {
  static const std::pair<const char*, Type> kNames[] = {
      {"char", Type::Int8},     {"int8", Type::Int8},       {"uchar", Type::UInt8},   {"uint8", Type::UInt8},
      {"short", Type::Int16},   {"int16", Type::Int16},     {"ushort", Type::UInt16}, {"uint16", Type::UInt16},
      {"int", Type::Int32},     {"int32", Type::Int32},     {"uint", Type::UInt32},   {"uint32", Type::UInt32},
      {"float", Type::Float32}, {"float32", Type::Float32}, {"double", Type::Float64}, {"float64", Type::Float64}};
  for (const auto& n : kNames)
    if (w == n.first) return t = n.second, true;
  return false;
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// A value for a message: "nan", "inf", "1e+39".
std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// "vertex" -> "vertices", "face" -> "faces", "edge" -> "\"edge\" elements".
std::string items_name(const std::string& element) {
  if (element == "vertex") return "vertices";
  if (element == "face") return "faces";
  return "\"" + element + "\" elements";
}

Header parse_header(const std::string& path, const std::string& text) {
  if (text.compare(0, 4, "ply\n") != 0 && text.compare(0, 5, "ply\r\n") != 0)
    throw Error(path + ": not a PLY file (the first line is not \"ply\")");
  Header h;
  size_t pos = text.find('\n') + 1;
  bool have_format = false;
  for (int number = 2;; ++number) {
    if (pos >= text.size()) throw Error(path + ": PLY header has no end_header line");
    const size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) throw Error(path + ": PLY header has no end_header line");
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = path + ": header line " + std::to_string(number) + ": ";
    const std::vector<std::string> w = words_of(line);
    if (w.empty() || w[0] == "comment" || w[0] == "obj_info") continue;
    if (w[0] == "end_header") {
      if (w.size() != 1) throw Error(where + "malformed line \"" + line + "\" (expected end_header)");
      break;
    }
    if (w[0] == "format") {
      if (w.size() != 3) throw Error(where + "malformed line \"" + line + "\" (expected format ENCODING 1.0)");
      if (w[1] == "ascii") h.format = Format::Ascii;
      else if (w[1] == "binary_little_endian") h.format = Format::BinaryLittleEndian;
      else if (w[1] == "binary_big_endian") h.format = Format::BinaryBigEndian;
      else
        throw Error(where + "unknown format \"" + w[1] +
                    "\" (expected ascii, binary_little_endian or binary_big_endian)");
      if (w[2] != "1.0") throw Error(where + "unsupported PLY version \"" + w[2] + "\" (expected 1.0)");
      have_format = true;
    } else if (w[0] == "element") {
      const auto malformed = [&] {
        return Error(where + "malformed line \"" + line + "\" (expected element NAME COUNT)");
      };
      if (w.size() != 3 || w[2].empty() || w[2].size() > 19) throw malformed();
      for (char c : w[2])
        if (c < '0' || c > '9') throw malformed();
      Element e;
      e.name = w[1];
      e.count = std::strtoull(w[2].c_str(), nullptr, 10);
      e.line = number;
      for (const Element& other : h.elements)
        if (other.name == e.name) throw Error(where + "element \"" + e.name + "\" is declared twice");
      // Indices are 32-bit: more vertices or faces could not be addressed.
      if ((e.name == "vertex" || e.name == "face") && e.count > std::numeric_limits<uint32_t>::max())
        throw Error(where + std::to_string(e.count) + " " + items_name(e.name) + " are more than a mesh can hold");
      h.elements.push_back(e);
    } else if (w[0] == "property") {
      if (h.elements.empty()) throw Error(where + "property before any element");
      Property p;
      bool ok = false;
      if (w.size() == 5 && w[1] == "list")
        ok = parse_type(w[2], p.count_type) && is_integer(p.count_type) && parse_type(w[3], p.type), p.list = true;
      else if (w.size() == 3)
        ok = parse_type(w[1], p.type);
      if (!ok)
        throw Error(where + "malformed line \"" + line +
                    "\" (expected property TYPE NAME or property list INTEGER_TYPE TYPE NAME)");
      p.name = w.back();
      h.elements.back().properties.push_back(p);
    } else {
      throw Error(where + "unknown header keyword \"" + w[0] + "\"");
    }
  }
  if (!have_format) throw Error(path + ": PLY header has no format line");
  h.data_start = pos;
  return h;
}

// Gives the vertex and face properties their roles; checks that x, y, z and
// the face's index list are there.
void assign_roles(const std::string& path, Header& h) {
  bool have_vertex = false, have_face = false;
  for (Element& e : h.elements) {
    const std::string where = path + ": header line " + std::to_string(e.line) + ": ";
    if (e.name == "vertex") {
      have_vertex = true;
      static const std::pair<const char*, Role> kNames[] = {
          {"x", X},  {"y", Y},  {"z", Z},  {"nx", NX},        {"ny", NY},        {"nz", NZ},
          {"s", U},  {"t", V},  {"u", U},  {"v", V},          {"texture_u", U},  {"texture_v", V},
          {"red", R}, {"green", G}, {"blue", B}, {"r", R},   {"g", G},          {"b", B},
          {"diffuse_red", R}, {"diffuse_green", G}, {"diffuse_blue", B}};
      for (Property& p : e.properties)
        for (const auto& n : kNames)
          if (!p.list && p.name == n.first) p.role = n.second;
      for (Role r : {X, Y, Z}) {
        bool found = false;
        for (const Property& p : e.properties) found = found || p.role == r;
        if (!found) throw Error(where + "vertex element has no " + "xyz"[r - X] + " property");
      }
    } else if (e.name == "face") {
      have_face = true;
      Property* indices = nullptr;
      for (Property& p : e.properties)
        if (p.name == "vertex_indices" || p.name == "vertex_index") indices = &p;
      if (!indices) throw Error(where + "face element has no vertex_indices list");
      if (!indices->list || !is_integer(indices->type))
        throw Error(where + "face property " + indices->name + " is not a list of integers");
      indices->role = Indices;
    }
  }
  if (!have_vertex) throw Error(path + ": PLY file has no vertex element");
  if (!have_face) throw Error(path + ": PLY file has no face element (a point cloud cannot be rendered)");
}

bool host_is_little_endian() {
  const uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

template <class T>
T load(const unsigned char* p, bool swap) {
  unsigned char b[sizeof(T)];
  std::memcpy(b, p, sizeof(T));
  if (swap)
    for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
  T v;
  std::memcpy(&v, b, sizeof(T));
  return v;
}

// Binary data: values straight from the file's bytes, every read bounds-checked.
class BinaryReader {
 public:
  BinaryReader(const std::string& path, const std::string& text, size_t start, bool swap)
      : path_(path), begin_(reinterpret_cast<const unsigned char*>(text.data())), p_(begin_ + start),
        end_(begin_ + text.size()), swap_(swap) {}

  // False when the file ends first.
  bool read(Type t, double& v) {
    const size_t n = size_of(t);
    if (size_t(end_ - p_) < n) return false;
    v = decode(p_, t, swap_);
    p_ += n;
    return true;
  }
  // The value of type `t` at `p` (size_of(t) bytes there, unchecked).
  static double decode(const unsigned char* p, Type t, bool swap) {
    switch (t) {
      case Type::Int8: return double(int8_t(*p));
      case Type::UInt8: return double(*p);
      case Type::Int16: return load<int16_t>(p, swap);
      case Type::UInt16: return load<uint16_t>(p, swap);
      case Type::Int32: return load<int32_t>(p, swap);
      case Type::UInt32: return load<uint32_t>(p, swap);
      case Type::Float32: return load<float>(p, swap);
      case Type::Float64: return load<double>(p, swap);
    }
    return 0;
  }
  const unsigned char* position() const { return p_; }
  bool swapped() const { return swap_; }
  bool skip(Type t, uint64_t count) {
    const size_t n = size_of(t);
    if (count > uint64_t(end_ - p_) / n) return false;
    p_ += count * n;
    return true;
  }
  // The smallest number of bytes one item of `e` takes (a list its count, a face's index list 3 corners).
  static uint64_t min_item_size(const Element& e) {
    uint64_t size = 0;
    for (const Property& p : e.properties) {
      size += size_of(p.list ? p.count_type : p.type);
      if (p.role == Indices) size += 3 * size_of(p.type);  // a face has at least 3 corners
    }
    return size;
  }
  uint64_t remaining() const { return uint64_t(end_ - p_); }
  std::string where() const { return where_mark(mark()); }
  // A place to name later (an item's first byte), and its name.
  uint64_t mark() const { return uint64_t(p_ - begin_); }
  std::string where_mark(uint64_t byte) const { return path_ + ": byte " + std::to_string(byte) + ": "; }
  // Where the value just read began.
  std::string where_last(Type t) const {
    return path_ + ": byte " + std::to_string(p_ - begin_ - size_of(t)) + ": ";
  }

 private:
  const std::string& path_;
  const unsigned char* begin_;
  const unsigned char* p_;
  const unsigned char* end_;
  bool swap_;
};

// ASCII data: whitespace-separated numbers; lines are counted for messages.
// Read from the file in pieces (a window of about kPiece bytes), so a large
// ASCII file is never whole in memory beside its mesh (issue 11).
class AsciiReader {
 public:
  static constexpr size_t kPiece = size_t(1) << 20;
  // `head`: the file's first bytes (the header and maybe some data), `start` where the data begins.
  AsciiReader(const std::string& path, std::ifstream& in, std::string head, size_t start, int first_line,
              uint64_t file_size)
      : path_(path), in_(in), text_(std::move(head)), p_(start), line_(first_line), file_size_(file_size) {}

  // False when the file ends first; throws for a token that is not a number.
  bool read(Type t, double& v, const std::string& element, uint64_t i) {
    for (;;) {
      while (p_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[p_])))
        if (text_[p_++] == '\n') ++line_;
      if (p_ < text_.size()) break;
      size_t unused = p_;
      if (!refill(unused)) return false;
    }
    size_t end = p_;
    for (;;) {  // the token may continue in the next piece
      while (end < text_.size() && !std::isspace(static_cast<unsigned char>(text_[end]))) ++end;
      if (end < text_.size() || !refill(end)) break;
    }
    const char* start = text_.c_str() + p_;  // the token ends at a space or at the string's terminating NUL
    char* stop = nullptr;
    v = std::strtod(start, &stop);
    const auto fail = [&](const char* what) {
      return Error(where() + element + " " + std::to_string(i) + ": \"" + text_.substr(p_, std::min<size_t>(end - p_, 40)) +
                   "\" is not " + what);
    };
    if (stop != text_.c_str() + end) throw fail("a number");
    if (is_integer(t) && !(std::isfinite(v) && v == std::floor(v))) throw fail("an integer");
    // An integer must fit its declared type (so counts and indices stay in range for casts).
    if (is_integer(t) && (v < min_of(t) || v > max_of(t))) throw fail(type_range(t));
    p_ = end;
    return true;
  }
  bool skip(Type t, uint64_t count, const std::string& element, uint64_t i) {
    double v;
    for (uint64_t k = 0; k < count; ++k)
      if (!read(t, v, element, i)) return false;
    return true;
  }
  // Each value takes at least one character and a separator.
  static uint64_t min_item_size(const Element& e) {
    uint64_t values = e.properties.size();
    for (const Property& p : e.properties) values += p.role == Indices ? 3 : 0;  // a face has at least 3 corners
    return 2 * values;
  }
  uint64_t remaining() const {
    const uint64_t at = consumed_ + p_;
    return (file_size_ > at ? file_size_ - at : 0) + 1;
  }
  std::string where() const { return where_mark(mark()); }
  uint64_t mark() const { return uint64_t(line_); }  // the line the last value was on
  std::string where_mark(uint64_t line) const { return path_ + ":" + std::to_string(line) + ": "; }

 private:
  // Drops the bytes before p_ and reads the next piece; `end` (an offset in
  // the window) moves with the bytes. False at the end of the file.
  bool refill(size_t& end) {
    consumed_ += p_;
    text_.erase(0, p_);
    end -= p_;
    p_ = 0;
    return read_mesh_piece(in_, path_, text_, kPiece) > 0;
  }

  const std::string& path_;
  std::ifstream& in_;
  std::string text_;       // the window: the file's bytes from consumed_ on
  size_t p_;               // in text_
  int line_;
  uint64_t file_size_;
  uint64_t consumed_ = 0;  // bytes of the file before text_
};

// The mesh as read: positions go straight into the mesh; triangles wait for
// the degenerate check (the face element may come before the vertices).
struct PlyData {
  TriangleMesh mesh;
  std::vector<Vec3> normals;
  std::vector<Vec2> uvs;
  std::vector<Vec3> colors;
  std::vector<uint32_t> triangles;      // 3 vertex indices each
  // The face each triangle comes from; empty while they are the same (every
  // face a triangle, read in parallel): a quarter less memory for a large scan.
  std::vector<uint32_t> triangle_face;
  uint64_t vertex_count = 0;            // from the header
};

// A vertex colour component as linear RGB: integers are sRGB codes (0..255 for
// 8-bit and 32-bit types, 0..65535 for 16-bit), decoded as image textures'
// are; floats are linear values as they are. Clamped to >= 0.
float color_value(double v, Type t) {
  if (!is_integer(t)) return std::max(0.0f, float(v));
  const double max = t == Type::Int16 || t == Type::UInt16 ? 65535.0 : 255.0;
  return srgb_to_linear(float(std::min(1.0, std::max(0.0, v / max))));
}

// Fixed-size items of a binary file, decoded in parallel: vertices of scalar
// properties only, and faces that are all triangles (one index list). Most of
// a large scan's load is these loops. Each returns false, having changed
// nothing, for anything it does not handle or any problem (a short file, a
// non-finite value, an index out of range, a face that is not a triangle), and
// the sequential reader then reads the element and names the item at fault.
bool read_vertices_in_parallel(const Element& e, BinaryReader& reader, PlyData& out, bool has_normals,
                               bool has_uvs, bool has_colors, const Type* color_types) {
  if (out.mesh.vertex_count() > 0) return false;  // a second vertex element: appended by the sequential reader
  for (const Property& p : e.properties)
    if (p.list) return false;
  const uint64_t stride = BinaryReader::min_item_size(e);  // scalars: the exact size
  if (e.count == 0 || stride == 0 || e.count > reader.remaining() / stride) return false;
  const size_t n = size_t(e.count);
  const unsigned char* base = reader.position();
  const bool swap = reader.swapped();
  TriangleMesh mesh(out.mesh.material());
  mesh.resize_vertices(n);
  std::vector<Vec3> normals(has_normals ? n : 0), colors(has_colors ? n : 0);
  std::vector<Vec2> uvs(has_uvs ? n : 0);
  std::atomic<bool> bad{false};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 8192), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t i = range.begin(); i < range.end(); ++i) {
      double values[kRoles] = {};
      size_t offset = 0;
      for (const Property& p : e.properties) {
        if (p.role != None) values[p.role] = BinaryReader::decode(base + i * stride + offset, p.type, swap);
        offset += size_of(p.type);
      }
      const auto finite = [&](std::initializer_list<Role> roles) {
        for (Role r : roles)
          if (!(std::fabs(values[r]) <= FLT_MAX)) return false;
        return true;
      };
      if (!finite({X, Y, Z}) || (has_normals && !finite({NX, NY, NZ})) || (has_uvs && !finite({U, V})) ||
          (has_colors && !finite({R, G, B}))) {
        bad = true;
        return;
      }
      mesh.set_vertex(i, {float(values[X]), float(values[Y]), float(values[Z])});
      if (has_normals) normals[i] = {float(values[NX]), float(values[NY]), float(values[NZ])};
      if (has_uvs) uvs[i] = {float(values[U]), float(values[V])};
      if (has_colors)
        colors[i] = {color_value(values[R], color_types[R]), color_value(values[G], color_types[G]),
                     color_value(values[B], color_types[B])};
    }
  });
  if (bad) return false;
  out.mesh = std::move(mesh);
  out.normals = std::move(normals);
  out.uvs = std::move(uvs);
  out.colors = std::move(colors);
  reader.skip(Type::UInt8, n * stride);
  return true;
}

bool read_triangles_in_parallel(const Element& e, BinaryReader& reader, PlyData& out) {
  if (!out.triangles.empty()) return false;
  if (e.properties.size() != 1 || !e.properties[0].list || e.properties[0].role != Indices) return false;
  const Property& p = e.properties[0];
  if (!is_integer(p.type)) return false;
  const size_t count_size = size_of(p.count_type), index_size = size_of(p.type);
  const uint64_t stride = count_size + 3 * index_size;
  if (e.count == 0 || e.count > reader.remaining() / stride || out.vertex_count > UINT32_MAX) return false;
  const size_t n = size_t(e.count);
  const unsigned char* base = reader.position();
  const bool swap = reader.swapped();
  const double vertices = double(out.vertex_count);
  std::vector<uint32_t> triangles(3 * n);
  std::atomic<bool> bad{false};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 8192), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t i = range.begin(); i < range.end(); ++i) {
      // Item i starts at i * stride only while every face before it is a triangle:
      // the first that is not is caught at its own (right) place.
      const unsigned char* item = base + i * stride;
      if (BinaryReader::decode(item, p.count_type, swap) != 3) {
        bad = true;
        return;
      }
      for (int k = 0; k < 3; ++k) {
        const double v = BinaryReader::decode(item + count_size + size_t(k) * index_size, p.type, swap);
        if (!(v >= 0 && v < vertices)) {
          bad = true;
          return;
        }
        triangles[3 * i + size_t(k)] = uint32_t(v);
      }
    }
  });
  if (bad) return false;
  out.triangles = std::move(triangles);  // triangle_face stays empty: triangle i is face i
  reader.skip(Type::UInt8, n * stride);
  return true;
}

// Reads every element of `h` with `reader`: vertices and faces into `out`, the rest read past.
template <class Reader>
void read_elements(const std::string& path, const Header& h, Reader& reader, PlyData& out) {
  // A read that runs out of file: the element, how many it wanted, how many were whole.
  constexpr bool ascii = std::is_same<Reader, AsciiReader>::value;
  const auto read = [&](Type t, double& v, const std::string& element, uint64_t i) {
    if constexpr (ascii) return reader.read(t, v, element, i);
    else return (void)element, (void)i, reader.read(t, v);
  };
  const auto skip = [&](Type t, uint64_t n, const std::string& element, uint64_t i) {
    if constexpr (ascii) return reader.skip(t, n, element, i);
    else return (void)element, (void)i, reader.skip(t, n);
  };
  const auto where_value = [&](Type t) {
    if constexpr (ascii) return (void)t, reader.where();
    else return reader.where_last(t);
  };
  std::vector<uint32_t> corners;
  for (const Element& e : h.elements) {
    if (e.properties.empty()) continue;  // takes no bytes, however many there are
    const auto truncated = [&](uint64_t whole) {
      return Error(path + ": element " + e.name + ": expected " + std::to_string(e.count) + " " +
                   items_name(e.name) + ", file ends after " + std::to_string(whole));
    };
    const bool vertex = e.name == "vertex", face = e.name == "face";
    // Reserve only what the remaining bytes could hold: a huge count in a
    // small file ends as "file ends after N", not as an allocation.
    const uint64_t can_hold = reader.remaining() / std::max<uint64_t>(1, Reader::min_item_size(e));
    const size_t reserve = size_t(std::min(e.count, can_hold));
    bool has_normals = false, has_uvs = false, has_colors = false;
    Type color_types[kRoles] = {};  // each colour property scaled by its own type
    if (vertex) {
      int roles[kRoles] = {};
      for (const Property& p : e.properties) roles[p.role] = 1, color_types[p.role] = p.type;
      has_normals = roles[NX] && roles[NY] && roles[NZ];
      has_uvs = roles[U] && roles[V];
      has_colors = roles[R] && roles[G] && roles[B];
      out.mesh.reserve(reserve, 0);
      if (has_normals) out.normals.reserve(reserve);
      if (has_uvs) out.uvs.reserve(reserve);
      if (has_colors) out.colors.reserve(reserve);
    } else if (face) {
      out.triangles.reserve(3 * reserve);
      // A second face element: its faces are numbered from 0 again, so the
      // triangles so far are named from here on (the first element's faces are
      // its triangles while triangle_face is empty).
      if (!out.triangles.empty())
        for (size_t t = out.triangle_face.size(); t < out.triangles.size() / 3; ++t) out.triangle_face.push_back(uint32_t(t));
    }
    if constexpr (!ascii) {
      // A skipped element of scalars only: one step over all of it.
      bool scalars = true;
      for (const Property& p : e.properties) scalars = scalars && !p.list;
      if (!vertex && !face && scalars) {
        const uint64_t size = Reader::min_item_size(e);
        if (e.count > reader.remaining() / size) throw truncated(reader.remaining() / size);
        reader.skip(Type::UInt8, e.count * size);
        continue;
      }
      if (vertex && read_vertices_in_parallel(e, reader, out, has_normals, has_uvs, has_colors, color_types)) continue;
      if (face && read_triangles_in_parallel(e, reader, out)) continue;
    }
    for (uint64_t i = 0; i < e.count; ++i) {
      // Messages only: "face 12: ".
      const auto item = [&] { return e.name + " " + std::to_string(i) + ": "; };
      double values[kRoles] = {};
      // The item's place: its first byte, or the line of its first value.
      uint64_t start = reader.mark();
      bool first = true;
      for (const Property& p : e.properties) {
        double v = 0;
        if (!p.list) {
          if (p.role == None) {
            if (!skip(p.type, 1, e.name, i)) throw truncated(i);
          } else if (!read(p.type, v, e.name, i)) {
            throw truncated(i);
          } else {
            values[p.role] = v;
          }
        } else {
          double count = 0;
          if (!read(p.count_type, count, e.name, i)) throw truncated(i);
          if (p.role != Indices) {
            if (count < 0) throw Error(where_value(p.count_type) + item() + p.name + " has a negative count");
            if (!skip(p.type, uint64_t(count), e.name, i)) throw truncated(i);
          } else {
            if (count < 3)
              throw Error(where_value(p.count_type) + item() + "has " + std::to_string(int64_t(count)) +
                          " vertices; at least 3 are needed");
            corners.clear();
            for (uint64_t k = 0; k < uint64_t(count); ++k) {
              if (!read(p.type, v, e.name, i)) throw truncated(i);
              if (v < 0 || v >= double(out.vertex_count))
                throw Error(where_value(p.type) + item() + "vertex index " + std::to_string(int64_t(v)) +
                            " out of range (the file has " + std::to_string(out.vertex_count) + " vertices)");
              corners.push_back(uint32_t(v));
            }
            // Fan from the first corner (exact for convex polygons). Faces are
            // named per triangle from the first that is not one triangle.
            if (corners.size() > 3 && out.triangle_face.empty())
              for (size_t t = 0; t < out.triangles.size() / 3; ++t) out.triangle_face.push_back(uint32_t(t));
            for (size_t k = 1; k + 1 < corners.size(); ++k) {
              out.triangles.insert(out.triangles.end(), {corners[0], corners[k], corners[k + 1]});
              if (!out.triangle_face.empty() || corners.size() > 3) out.triangle_face.push_back(uint32_t(i));
            }
          }
        }
        if (ascii && first) start = reader.mark();
        first = false;
      }
      if (vertex) {
        const auto check = [&](std::initializer_list<Role> roles, const char* what) {
          for (Role r : roles)
            if (!(std::fabs(values[r]) <= FLT_MAX))
              throw Error(reader.where_mark(start) + item() + what + " " + format_number(values[r]) +
                          " is not a finite 32-bit float");
        };
        check({X, Y, Z}, "position");
        out.mesh.add_vertex({float(values[X]), float(values[Y]), float(values[Z])});
        if (has_normals) {
          check({NX, NY, NZ}, "normal");
          out.normals.push_back({float(values[NX]), float(values[NY]), float(values[NZ])});
        }
        if (has_uvs) {
          check({U, V}, "texture coordinate");
          out.uvs.push_back({float(values[U]), float(values[V])});
        }
        if (has_colors) {
          check({R, G, B}, "colour");
          out.colors.push_back({color_value(values[R], color_types[R]), color_value(values[G], color_types[G]),
                                color_value(values[B], color_types[B])});
        }
      }
    }
  }
}


}  // namespace

bool is_ply_path(const std::string& path) { return lowercase_extension(path) == ".ply"; }

TriangleMesh load_ply_mesh(const std::string& path, const Transform& to_world, uint32_t material) {
  PlyData data{TriangleMesh(material), {}, {}, {}, {}, {}, 0};
  {
    // The file's bytes live only while they are read (an ASCII file's a piece
    // at a time); the mesh is placed in place (transformed), so no second copy
    // of it is ever made.
    uint64_t size = 0;
    std::ifstream in = open_mesh_file(path, size);
    // The header: pieces until its end_header line has been read (the whole file if there is none).
    std::string text;
    size_t searched = 0, at = std::string::npos;
    for (size_t piece = 4096;; piece = std::min<size_t>(2 * piece, AsciiReader::kPiece)) {
      if (at == std::string::npos) {  // each byte looked at once (a file with no end_header is read to its end)
        at = text.find("\nend_header", searched);
        searched = text.size() > 11 ? text.size() - 11 : 0;
      }
      if (at != std::string::npos && text.find('\n', at + 1) != std::string::npos) break;
      if (read_mesh_piece(in, path, text, piece) == 0) break;
    }
    Header h = parse_header(path, text);
    assign_roles(path, h);
    for (const Element& e : h.elements)
      if (e.name == "vertex") data.vertex_count = e.count;  // known before any face is read
    if (h.format == Format::Ascii) {
      int first_line = 1;
      for (size_t i = 0; i < h.data_start; ++i) first_line += text[i] == '\n';
      AsciiReader reader(path, in, std::move(text), h.data_start, first_line, size);
      read_elements(path, h, reader, data);
    } else {
      // Binary items are decoded in parallel from the whole file.
      const size_t rest = text.size() < size ? size_t(size - text.size()) : 0;
      if (rest > 0 && read_mesh_piece(in, path, text, rest) != rest)
        throw Error(path + ": cannot read mesh file: the file changed while being read");
      const bool little = h.format == Format::BinaryLittleEndian;
      BinaryReader reader(path, text, h.data_start, little != host_is_little_endian());
      read_elements(path, h, reader, data);
    }
  }

  TriangleMesh& mesh = data.mesh;
  if (data.triangles.empty()) throw Error(path + ": PLY file has no faces");
  mesh.reserve(mesh.vertex_count(), data.triangles.size() / 3);
  size_t dropped = 0, first_dropped_face = 0;
  for (size_t t = 0; t < data.triangles.size() / 3; ++t) {
    const uint32_t a = data.triangles[3 * t], b = data.triangles[3 * t + 1], c = data.triangles[3 * t + 2];
    if (is_degenerate(mesh.vertex(a), mesh.vertex(b), mesh.vertex(c))) {
      if (dropped++ == 0) first_dropped_face = data.triangle_face.empty() ? t : data.triangle_face[t];
      continue;
    }
    mesh.add_triangle(a, b, c);
  }
  std::vector<uint32_t>().swap(data.triangles);
  std::vector<uint32_t>().swap(data.triangle_face);
  if (dropped > 0) {
    const std::string where = path + ": face " + std::to_string(first_dropped_face) + ": ";
    if (mesh.triangle_count() == 0)
      throw Error(where + "every triangle of the mesh is degenerate (zero area); nothing to render");
    warn(where + "degenerate (zero-area) triangle dropped" +
         (dropped > 1 ? " (" + std::to_string(dropped) + " in this mesh, the first in this face)" : ""));
  }
  mesh.set_normals(std::move(data.normals));
  mesh.set_uvs(std::move(data.uvs));
  mesh.set_colors(std::move(data.colors));
  return transformed(std::move(mesh), to_world);
}

}  // namespace tessera
