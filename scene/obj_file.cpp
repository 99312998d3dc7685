#include "scene/obj_file.h"

#include "core/base/error.h"
#include "core/base/warning.h"
#include "scene/file_paths.h"
#include "scene/mesh_file.h"
#include "scene/shapes.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <map>
#include <set>
#include <sstream>
#include <streambuf>
#include <sys/stat.h>
#include <tbb/parallel_for.h>
#include <utility>

namespace tessera {
namespace {

// Whether `line` is a face statement that tinyobjloader keeps as a face: "f"
// then a space or a tab (as tinyobjloader reads it), with at least 3 corners
// (it drops faces with fewer, so they take no ordinal).
bool is_kept_face(const std::string& line) {
  const size_t start = line.find_first_not_of(" \t");
  if (start == std::string::npos || line.size() < start + 2 || line[start] != 'f' ||
      (line[start + 1] != ' ' && line[start + 1] != '\t'))
    return false;
  int corners = 0;
  for (size_t i = start + 1; (i = line.find_first_not_of(" \t\r", i)) != std::string::npos;
       i = line.find_first_of(" \t\r", i))
    ++corners;
  return corners >= 3;
}

// Mesh formats we may be handed by mistake, by extension or by their first
// bytes (a PLY named .obj reads as an OBJ with no faces otherwise).
void check_format(const std::string& path, const std::string& text) {
  std::string ext = lowercase_extension(path);
  static const char* const kOther[] = {".ply", ".gltf", ".glb", ".fbx", ".stl", ".dae", ".3ds", ".abc", ".usd",
                                       ".usda", ".usdc", ".usdz", ".blend", ".off"};
  bool other = false;
  for (const char* e : kOther) other = other || ext == e;
  if (!other) {
    if (text.compare(0, 4, "ply\n") == 0 || text.compare(0, 5, "ply\r\n") == 0) ext = ".ply", other = true;
    else if (text.compare(0, 4, "glTF") == 0) ext = ".glb", other = true;
  }
  // PLY has its own loader, chosen by extension (scene/ply_loader.h).
  if (ext == ".ply") throw Error(path + ": a PLY file, not an OBJ (name it .ply to load it as PLY)");
  if (other) throw Error(path + ": " + ext + " meshes are not supported yet (expected .obj)");
}

// An OBJ index ("12", "-3"): an optional minus and 1 to 18 digits, so it fits
// a long long; false for anything else ("3abc", "3.7", "").
bool parse_obj_index(const std::string& text, long long& value) {
  const size_t digits_at = !text.empty() && text[0] == '-' ? 1 : 0;
  const size_t digits = text.size() - digits_at;
  if (digits == 0 || digits > 18) return false;
  for (size_t i = digits_at; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  value = std::stoll(text);
  return true;
}

// What tinyobjloader reads wrongly without a word: a vertex with fewer than
// three coordinates or a non-finite one (both read as 0), face indices that are
// not integers ("3abc" and "3.7" read as 3) or overflow (4294967299 wraps to a
// valid vertex), faces of fewer than three corners or more than 255, and a missing material
// library when `warn_mtllib` (materials come from the scene file, but the user
// may not know that the file is missing). Returns the statements it counted.
ObjFile::Counts check_statements(const std::string& path, bool warn_mtllib) {
  ObjFile::Counts counts;
  long long vertices = 0;                // "v" statements so far
  long long max_index = 0, max_line = 0;  // the largest positive vertex index, checked at the end
  for_each_file_line(path, [&](const std::string& line, int number) {
    // Only "v", "f" and "mtllib" statements are looked at; the rest is skipped cheaply.
    const size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos) return true;
    const auto is = [&](char c) {
      return line[start] == c && start + 1 < line.size() && (line[start + 1] == ' ' || line[start + 1] == '\t');
    };
    const bool vertex = is('v'), face = is('f');
    if (!vertex && !face && line.compare(start, 7, "mtllib ") != 0 && line.compare(start, 7, "mtllib\t") != 0) {
      if (line[start] == 'v' && start + 2 < line.size() && (line[start + 2] == ' ' || line[start + 2] == '\t')) {
        if (line[start + 1] == 'n') ++counts.normals;
        else if (line[start + 1] == 't') ++counts.texcoords;
      }
      return true;
    }
    const std::vector<std::string> words = words_of(line);
    // Built only for a message: one string per line made this pass slower than parsing.
    const auto where = [&] { return path + ":" + std::to_string(number) + ": "; };
    if (vertex) {
      ++vertices;
      if (words.size() < 4)
        throw Error(where() + "vertex has " + std::to_string(words.size() - 1) + " coordinate" +
                    (words.size() == 2 ? "" : "s") + "; expected x y z");
      for (size_t i = 1; i < 4; ++i) {
        const std::string& w = words[i];
        char* end = nullptr;
        const double value = std::strtod(w.c_str(), &end);
        if (end == w.c_str() || *end != '\0')
          throw Error(where() + "vertex coordinate \"" + w + "\" is not a number");
        if (!std::isfinite(value) || std::fabs(value) > FLT_MAX)
          throw Error(where() + "vertex coordinate \"" + w + "\" is not a finite 32-bit float");
      }
    } else if (face) {
      if (words.size() < 4)
        throw Error(where() + "face has " + std::to_string(words.size() - 1) + " vertices; at least 3 are needed");
      // tinyobjloader counts a face's corners in a byte: 300 would read as 44,
      // and the next faces from the wrong corners.
      if (words.size() - 1 > 255)
        throw Error(where() + "face has " + std::to_string(words.size() - 1) +
                    " vertices; at most 255 are supported (split the polygon)");
      ++counts.faces;
      counts.corners += words.size() - 1;
      for (size_t i = 1; i < words.size(); ++i) {
        // v, v/vt, v//vn or v/vt/vn: every part present must be an index.
        const std::string& w = words[i];
        size_t begin = 0;
        for (int part = 0; begin <= w.size(); ++part) {
          const size_t slash = std::min(w.find('/', begin), w.size());
          const std::string index = w.substr(begin, slash - begin);
          long long value = 0;
          if ((part == 0 || !index.empty()) && (!parse_obj_index(index, value) || value == 0 || part > 2))
            throw Error(where() + "face corner \"" + w + "\" is not a vertex index (v, v/vt, v//vn or v/vt/vn)");
          if (part == 0 && value < 0 && -value > vertices)
            throw Error(where() + "face refers to vertex " + index + " but only " + std::to_string(vertices) +
                        " vertices come before it");
          if (part == 0 && value > max_index) max_index = value, max_line = number;
          begin = slash + 1;
        }
      }
    } else if (warn_mtllib) {
      for (size_t i = 1; i < words.size(); ++i) {
        const std::string library = resolve(directory_of(path), words[i]);
        struct stat st {};
        if (stat(library.c_str(), &st) != 0)
          warn(where() + "material library " + library + " not found (" + std::strerror(errno) +
               "); the scene file's material is used");
      }
    }
    return true;
  });
  if (max_index > vertices)
    throw Error(path + ":" + std::to_string(max_line) + ": face refers to vertex " + std::to_string(max_index) +
                " but the file has " + std::to_string(vertices) + " vertices");
  counts.positions = size_t(vertices);
  return counts;
}


// A face corner, zero-based (vt, vn below 0: none).
struct Corner {
  int v, vt, vn;
};

// The vertices made from the corners so far, by (position, group, uv, normal,
// smoothing key): a flat open-addressing table of entry numbers over one array
// of entries, about 40 B a vertex against an unordered_map's 70 or more (a node
// and a bucket per entry; issue 11: loading peaks within about twice the mesh).
class CornerVertices {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Key {
    long long smoothing;
    int position;
    uint32_t group;
    int uv, normal;
    bool operator==(const Key& k) const {
      return position == k.position && group == k.group && uv == k.uv && normal == k.normal && smoothing == k.smoothing;
    }
  };
  explicit CornerVertices(size_t expected) {
    entries_.reserve(expected);
    resize_table(expected);
  }
  // The vertex made for this corner, or kNone.
  uint32_t find(const Key& k) const {
    for (size_t s = hash(k) & mask_; slots_[s] != kNone; s = (s + 1) & mask_)
      if (entries_[slots_[s]].key == k) return entries_[slots_[s]].vertex;
    return kNone;
  }
  void add(const Key& k, uint32_t vertex) {  // k not yet added
    entries_.push_back({k, vertex});
    if (2 * entries_.size() > slots_.size()) resize_table(2 * entries_.size());  // at most half full
    else place(uint32_t(entries_.size() - 1));
  }

 private:
  struct Entry {
    Key key;
    uint32_t vertex;
  };
  static size_t hash(const Key& k) {
    uint64_t h = uint64_t(uint32_t(k.position));
    for (uint64_t part : {uint64_t(k.group), uint64_t(uint32_t(k.uv)), uint64_t(uint32_t(k.normal)), uint64_t(k.smoothing)})
      h = (h ^ part) * 0x9E3779B97F4A7C15ull + (h >> 29);
    return size_t(h ^ (h >> 32));
  }
  void place(uint32_t e) {
    size_t s = hash(entries_[e].key) & mask_;
    while (slots_[s] != kNone) s = (s + 1) & mask_;
    slots_[s] = e;
  }
  // Room for `count` entries at most half full; every entry placed again.
  void resize_table(size_t count) {
    size_t size = 16;
    while (size < 2 * count) size *= 2;
    slots_.assign(size, kNone);
    mask_ = size - 1;
    for (uint32_t e = 0; e < entries_.size(); ++e) place(e);
  }
  std::vector<uint32_t> slots_;  // entry numbers; kNone where empty
  size_t mask_ = 0;
  std::vector<Entry> entries_;
};


// tinyobjloader's rules for reading a statement's words (MIT licence,
// Copyright (c) 2012-Present, Syoyo Fujita and many contributors), ported so
// that our reader makes the same numbers and indices from the same text:
// bit for bit, for the meshes and goldens read with it before.
namespace obj_text {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_new_line(char c) { return c == '\r' || c == '\n' || c == '\0'; }
bool is_digit(char c) { return unsigned(c - '0') < 10u; }

// A number in [s, s_end) by tinyobjloader's grammar (not strtod's: its
// mantissa and its ldexp make the same float as before); false if none.
bool try_parse_double(const char* s, const char* s_end, double* result) {
  if (s >= s_end) return false;
  double mantissa = 0.0;
  int exponent = 0;
  char sign = '+', exp_sign = '+';
  const char* curr = s;
  int read = 0;
  bool end_not_reached = false, leading_decimal_dots = false;
  if (*curr == '+' || *curr == '-') {
    sign = *curr;
    curr++;
    if (curr != s_end && *curr == '.') leading_decimal_dots = true;
  } else if (is_digit(*curr)) {
  } else if (*curr == '.') {
    leading_decimal_dots = true;
  } else {
    return false;
  }
  end_not_reached = curr != s_end;
  if (!leading_decimal_dots) {
    while (end_not_reached && is_digit(*curr)) {
      mantissa *= 10;
      mantissa += static_cast<int>(*curr - 0x30);
      curr++;
      read++;
      end_not_reached = curr != s_end;
    }
    if (read == 0) return false;
  }
  if (!end_not_reached) goto assemble;
  if (*curr == '.') {
    curr++;
    read = 1;
    end_not_reached = curr != s_end;
    while (end_not_reached && is_digit(*curr)) {
      static const double pow_lut[] = {1.0, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001, 0.0000001};
      const int lut_entries = sizeof pow_lut / sizeof pow_lut[0];
      mantissa += static_cast<int>(*curr - 0x30) * (read < lut_entries ? pow_lut[read] : std::pow(10.0, -read));
      read++;
      curr++;
      end_not_reached = curr != s_end;
    }
  } else if (*curr == 'e' || *curr == 'E') {
  } else {
    goto assemble;
  }
  if (!end_not_reached) goto assemble;
  if (*curr == 'e' || *curr == 'E') {
    curr++;
    end_not_reached = curr != s_end;
    if (end_not_reached && (*curr == '+' || *curr == '-')) {
      exp_sign = *curr;
      curr++;
    } else if (is_digit(*curr)) {
    } else {
      return false;
    }
    read = 0;
    end_not_reached = curr != s_end;
    while (end_not_reached && is_digit(*curr)) {
      if (exponent > 2147483647 / 10) return false;
      exponent *= 10;
      exponent += static_cast<int>(*curr - 0x30);
      curr++;
      read++;
      end_not_reached = curr != s_end;
    }
    exponent *= exp_sign == '+' ? 1 : -1;
    if (read == 0) return false;
  }
assemble:
  *result = (sign == '+' ? 1 : -1) * (exponent ? std::ldexp(mantissa * std::pow(5.0, exponent), exponent) : mantissa);
  return true;
}

// The next word as a float, `fallback` when it is not a number.
float parse_real(const char** token, double fallback = 0.0) {
  *token += std::strspn(*token, " \t");
  const char* end = *token + std::strcspn(*token, " \t\r");
  double value = fallback;
  try_parse_double(*token, end, &value);
  *token = end;
  return static_cast<float>(value);
}

int parse_int(const char** token) {
  *token += std::strspn(*token, " \t");
  const int i = std::atoi(*token);
  *token += std::strcspn(*token, " \t\r");
  return i;
}

std::string parse_string(const char** token) {
  *token += std::strspn(*token, " \t");
  const size_t e = std::strcspn(*token, " \t\r");
  std::string s(*token, e);
  *token += e;
  return s;
}

struct Triple {
  int v = -1, vt = -1, vn = -1;
};

// One-based (or, negative, relative to `n`) to zero-based; 0 is refused.
bool fix_index(int idx, int n, int* ret) {
  if (idx > 0) return *ret = idx - 1, true;
  if (idx == 0) return false;
  *ret = n + idx;
  return true;
}

// A corner: i, i/j/k, i//k or i/j. `relative` gets kRelativeV (VT, VN) for
// each part given as a negative index.
constexpr uint8_t kRelativeV = 1, kRelativeVt = 2, kRelativeVn = 4;
bool parse_triple(const char** token, int vsize, int vnsize, int vtsize, Triple* ret, uint8_t* relative) {
  Triple vi;
  *relative = 0;
  const auto fix = [&](int n, int* out, uint8_t bit) {
    const int idx = std::atoi(*token);
    if (idx < 0) *relative |= bit;
    return fix_index(idx, n, out);
  };
  if (!fix(vsize, &vi.v, kRelativeV)) return false;
  *token += std::strcspn(*token, "/ \t\r");
  if ((*token)[0] != '/') return *ret = vi, true;
  (*token)++;
  if ((*token)[0] == '/') {  // i//k
    (*token)++;
    if (!fix(vnsize, &vi.vn, kRelativeVn)) return false;
    *token += std::strcspn(*token, "/ \t\r");
    return *ret = vi, true;
  }
  if (!fix(vtsize, &vi.vt, kRelativeVt)) return false;  // i/j/k or i/j
  *token += std::strcspn(*token, "/ \t\r");
  if ((*token)[0] != '/') return *ret = vi, true;
  (*token)++;
  if (!fix(vnsize, &vi.vn, kRelativeVn)) return false;
  *token += std::strcspn(*token, "/ \t\r");
  return *ret = vi, true;
}

// An mtllib line's names: split at spaces, a backslash escaping the next
// character; the last (perhaps empty) always kept.
std::vector<std::string> split_names(const std::string& s) {
  std::vector<std::string> names;
  std::string name;
  bool escaping = false;
  for (char ch : s) {
    if (escaping) {
      escaping = false;
    } else if (ch == '\\') {
      escaping = true;
      continue;
    } else if (ch == ' ') {
      if (!name.empty()) names.push_back(name);
      name.clear();
      continue;
    }
    name += ch;
  }
  names.push_back(name);
  return names;
}

}  // namespace obj_text
}  // namespace

// The whitespace-separated words of a line.
std::vector<std::string> words_of(const std::string& line) {
  // By hand, not with an istringstream per line: that was most of the time of
  // checking a million-triangle OBJ.
  std::vector<std::string> words;
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && space(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !space(line[i])) ++i;
    if (i > start) words.emplace_back(line, start, i - start);
  }
  return words;
}

std::string where_face(const ObjFile& file, size_t face) {
  return file.path + ":" + std::to_string(line_of_face(file.path, face)) + ": ";
}

int line_of_face(const std::string& path, size_t face) {
  size_t seen = 0;
  int found = 0;
  for_each_file_line(path, [&](const std::string& line, int number) {
    if (is_kept_face(line) && seen++ == face) found = number;
    return found == 0;
  });
  return found;
}

ObjFile open_obj_file(const std::string& path, bool warn_mtllib) {
  ObjFile file;
  file.path = path;
  {
    uint64_t size = 0;
    std::ifstream in = open_mesh_file(path, size);
    std::string head;
    read_mesh_piece(in, path, head, 8);
    check_format(path, head);
  }
  file.expected = check_statements(path, warn_mtllib);
  return file;
}

namespace {

// What one piece of the text gives, parsed on its own (in parallel with the
// others): its v, vn, vt and f statements, relative indices against the
// piece's own counts (flagged, the counts before the piece added when it is
// merged), and the statements that change what follows (usemtl, mtllib, s)
// or may fail the file (l, p, vw), read in order when merged.
struct ObjPiece {
  std::vector<float> positions, normals, texcoords;
  std::vector<int32_t> v, vt, vn;
  std::vector<uint8_t> relative;  // per corner: obj_text::kRelativeV | kRelativeVt | kRelativeVn
  std::vector<uint8_t> face_corners;
  struct Statement {
    size_t faces;  // the piece's faces before it
    int line;      // in the piece, from 1
    std::string text;
  };
  std::vector<Statement> statements;
  int lines = 0;
  int failed_line = 0;  // of a face tinyobjloader refuses (the piece stops there)
};

void parse_piece(const char* text, size_t size, ObjPiece& piece) {
  using namespace obj_text;
  std::string line;
  size_t start = 0;
  while (start < size) {
    size_t end = start;
    while (end < size && text[end] != '\r' && text[end] != '\n') ++end;
    line.assign(text + start, end - start);
    const int number = ++piece.lines;
    start = end + (end + 1 < size && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
    const char* token = line.c_str();
    token += std::strspn(token, " \t");
    if (token[0] == '\0' || token[0] == '#') continue;
    if (token[0] == 'v' && is_space(token[1])) {
      token += 2;
      for (int k = 0; k < 3; ++k) piece.positions.push_back(parse_real(&token));
    } else if (token[0] == 'v' && token[1] == 'n' && is_space(token[2])) {
      token += 3;
      for (int k = 0; k < 3; ++k) piece.normals.push_back(parse_real(&token));
    } else if (token[0] == 'v' && token[1] == 't' && is_space(token[2])) {
      token += 3;
      for (int k = 0; k < 2; ++k) piece.texcoords.push_back(parse_real(&token));
    } else if (token[0] == 'f' && is_space(token[1])) {
      token += 2;
      token += std::strspn(token, " \t");
      const size_t first = piece.v.size();
      const int nv = int(piece.positions.size() / 3), nvn = int(piece.normals.size() / 3),
                nvt = int(piece.texcoords.size() / 2);
      while (!is_new_line(token[0])) {
        Triple t;
        uint8_t relative = 0;
        if (!parse_triple(&token, nv, nvn, nvt, &t, &relative)) {
          piece.failed_line = number;
          piece.v.resize(first), piece.vt.resize(first), piece.vn.resize(first), piece.relative.resize(first);
          return;
        }
        piece.v.push_back(t.v), piece.vt.push_back(t.vt), piece.vn.push_back(t.vn), piece.relative.push_back(relative);
        token += std::strspn(token, " \t\r");
      }
      const size_t n = piece.v.size() - first;
      if (n < 3) {  // tinyobjloader drops it (check_statements has refused it already)
        piece.v.resize(first), piece.vt.resize(first), piece.vn.resize(first), piece.relative.resize(first);
        continue;
      }
      piece.face_corners.push_back(uint8_t(n));
    } else if ((token[0] == 'v' && token[1] == 'w' && is_space(token[2])) ||
               ((token[0] == 'l' || token[0] == 'p') && is_space(token[1])) || std::strncmp(token, "usemtl", 6) == 0 ||
               (std::strncmp(token, "mtllib", 6) == 0 && is_space(token[6])) || (token[0] == 's' && is_space(token[1]))) {
      piece.statements.push_back({piece.face_corners.size(), number, line});
    }
    // g, o, t and anything else: names and tags no mesh keeps.
  }
}

// Where to cut `text` (up to `size`) so that no line is split: just after its
// last line break before `size` (a "\r" that may begin "\r\n" does not count
// unless it is the text's end), or 0 if none.
size_t line_cut(const std::string& text, size_t size, bool at_end) {
  for (size_t p = size; p > 0; --p) {
    const char c = text[p - 1];
    if (c == '\n') return p;
    if (c == '\r' && (p < text.size() ? text[p] != '\n' : at_end)) return p;
  }
  return 0;
}

}  // namespace

void parse_obj_file(ObjFile& file, tinyobj::MaterialReader* materials) {
  // Polygons are fanned by build_obj_meshes, so each face keeps its ordinal in
  // the file and an error can name its line. Statements are matched in
  // tinyobjloader's order and read by its rules (obj_text above). The text is
  // read 2 MiB at a time, cut at line breaks into 256 KiB pieces parsed in
  // parallel, then merged in order: the same arrays as one pass would make.
  // Small blocks: the pieces' arrays live in the worker threads' heaps, which
  // keep them resident after they are freed (8 MiB blocks peaked 0.25x the
  // mesh higher at 1M triangles).
  using namespace obj_text;
  std::set<std::string> libraries_read;
  std::map<std::string, int> material_map;
  int material = -1;
  unsigned smoothing = 0;
  bool any_vt = false, any_vn = false;
  const ObjFile::Counts& expected = file.expected;
  file.positions.reserve(3 * expected.positions);
  file.normals.reserve(3 * expected.normals);
  file.texcoords.reserve(2 * expected.texcoords);
  file.corner_v.reserve(expected.corners);
  file.face_corners.reserve(expected.faces);
  // A corner's vt (vn) into its column: none is kept while every corner so
  // far names none (`named` false) or names its v (`is_v`); the column is
  // written out at the first corner that breaks the pattern.
  const auto add_to_column = [&](std::vector<int32_t>& column, bool& named, bool& is_v, int32_t index) {
    const size_t before = file.corner_v.size() - 1;  // corners before this one
    if (named && !is_v) return column.push_back(index);
    if (!named && index == -1) return;
    if (!named && before == 0 && index == file.corner_v.back()) return void(named = is_v = true);
    if (is_v && index == file.corner_v.back()) return;
    column.reserve(std::max(expected.corners, file.corner_v.size()));
    if (is_v) column.assign(file.corner_v.begin(), file.corner_v.end() - 1);
    else column.assign(before, -1);
    column.push_back(index);
    named = true;
    is_v = false;
  };
  const auto fail = [&](const char* what, int number) {
    throw Error(file.path + ": invalid OBJ: Failed parse `" + what + "' line(e.g. zero value for " +
                (what[0] == 'f' ? "face" : "vertex") + " index. line " + std::to_string(number) + ".)");
  };
  // The statements a piece leaves to the merge, with the counts so far.
  const auto statement = [&](const std::string& line, int number) {
    const char* token = line.c_str();
    token += std::strspn(token, " \t");
    const int nv = int(file.positions.size() / 3), nvn = int(file.normals.size() / 3),
              nvt = int(file.texcoords.size() / 2);
    if (token[0] == 'v' && token[1] == 'w' && is_space(token[2])) {
      // Skin weights (tinyobjloader's extension): kept by nobody, but a
      // negative joint fails the file there, so here too.
      token += 3;
      token += std::strspn(token, " \t");
      token += std::strcspn(token, " \t\r");
      while (!is_new_line(token[0])) {
        const float joint = parse_real(&token, -1.0);
        parse_real(&token, -1.0);
        if (joint < 0.0f)
          throw Error(file.path + ": invalid OBJ: Failed parse `vw' line. joint_id is negative. line " +
                      std::to_string(number) + ".)");
        token += std::strspn(token, " \t\r");
      }
    } else if ((token[0] == 'l' || token[0] == 'p') && is_space(token[1])) {
      // Lines and points: not rendered, but an index 0 fails the file.
      const char what[2] = {token[0], '\0'};
      token += 2;
      while (!is_new_line(token[0])) {
        Triple t;
        uint8_t relative = 0;
        if (!parse_triple(&token, nv, nvn, nvt, &t, &relative)) fail(what, number);
        token += std::strspn(token, " \t\r");
      }
    } else if (std::strncmp(token, "usemtl", 6) == 0) {
      token += 6;
      const auto found = material_map.find(parse_string(&token));
      material = found == material_map.end() ? -1 : found->second;
    } else if (std::strncmp(token, "mtllib", 6) == 0 && is_space(token[6])) {
      if (!materials) return;
      // The first of the names that reads (a backslash escapes a space).
      for (const std::string& name : split_names(token + 7)) {
        if (libraries_read.count(name)) continue;
        std::string warnings, errors;
        if ((*materials)(name, &file.materials, &material_map, &warnings, &errors)) {
          libraries_read.insert(name);
          break;
        }
      }
    } else if (token[0] == 's' && is_space(token[1])) {
      token += 2;
      token += std::strspn(token, " \t");
      if (token[0] == '\0' || token[0] == '\r' || token[1] == '\n') return;
      if (std::strlen(token) >= 3 && token[0] == 'o' && token[1] == 'f' && token[2] == 'f') {
        smoothing = 0;
      } else {
        const int id = parse_int(&token);
        smoothing = id < 0 ? 0u : unsigned(id);
      }
    }
  };
  // A piece into the file's arrays, in order.
  int lines_before = 0;
  const auto merge = [&](ObjPiece& piece) {
    const int64_t base_v = int64_t(file.positions.size() / 3), base_vn = int64_t(file.normals.size() / 3),
                  base_vt = int64_t(file.texcoords.size() / 2);
    size_t face = 0, corner = 0;
    const auto faces_upto = [&](size_t end) {
      for (; face < end; ++face) {
        const unsigned n = piece.face_corners[face];
        for (unsigned k = 0; k < n; ++k, ++corner) {
          const uint8_t r = piece.relative[corner];
          file.corner_v.push_back(int32_t(piece.v[corner] + (r & kRelativeV ? base_v : 0)));
          add_to_column(file.corner_vt, any_vt, file.vt_is_v, int32_t(piece.vt[corner] + (r & kRelativeVt ? base_vt : 0)));
          add_to_column(file.corner_vn, any_vn, file.vn_is_v, int32_t(piece.vn[corner] + (r & kRelativeVn ? base_vn : 0)));
        }
        if (file.runs.empty() || file.runs.back().material != material || file.runs.back().smoothing != smoothing)
          file.runs.push_back({file.face_corners.size(), material, smoothing});
        file.face_corners.push_back(uint8_t(n));
      }
    };
    // Positions (normals, UVs) come after a piece's faces in the arrays, but
    // its relative indices were resolved against its own counts: unaffected.
    for (const ObjPiece::Statement& s : piece.statements) {
      faces_upto(s.faces);
      // A statement's relative indices (l, p) are checked for 0 only: the counts do not matter.
      statement(s.text, lines_before + s.line);
    }
    faces_upto(piece.face_corners.size());
    if (piece.failed_line) fail("f", lines_before + piece.failed_line);
    file.positions.insert(file.positions.end(), piece.positions.begin(), piece.positions.end());
    file.normals.insert(file.normals.end(), piece.normals.begin(), piece.normals.end());
    file.texcoords.insert(file.texcoords.end(), piece.texcoords.begin(), piece.texcoords.end());
    lines_before += piece.lines;
  };

  constexpr size_t kBlock = size_t(2) << 20, kPiece = size_t(256) << 10;
  uint64_t size = 0;
  std::ifstream in = open_mesh_file(file.path, size);
  std::string window;
  bool eof = false;
  while (!eof || !window.empty()) {
    while (!eof && window.size() < kBlock) eof = read_mesh_piece(in, file.path, window, kPiece) == 0;
    size_t cut = eof ? window.size() : line_cut(window, window.size(), false);
    if (cut == 0) {  // one line longer than the block: read on
      if (eof) break;
      eof = read_mesh_piece(in, file.path, window, kPiece) == 0;
      continue;
    }
    std::vector<size_t> bounds{0};
    while (bounds.back() < cut) {
      const size_t next = bounds.back() + kPiece >= cut ? cut : line_cut(window, bounds.back() + kPiece, eof);
      bounds.push_back(next > bounds.back() ? next : cut);
    }
    std::vector<ObjPiece> pieces(bounds.size() - 1);
    tbb::parallel_for(size_t(0), pieces.size(), [&](size_t i) {
      parse_piece(window.data() + bounds[i], bounds[i + 1] - bounds[i], pieces[i]);
    });
    for (ObjPiece& piece : pieces) {
      merge(piece);
      piece = ObjPiece();  // its memory back at once
    }
    window.erase(0, cut);
  }
  if (file.runs.empty()) file.runs.push_back({0, -1, 0});
}

size_t obj_face_count(const ObjFile& file) { return file.face_corners.size(); }

ObjMeshes build_obj_meshes(const ObjFile& file, const std::vector<uint32_t>& group_of_face,
                           const std::vector<uint32_t>& materials) {
  const size_t vertex_count = file.positions.size() / 3;
  const size_t groups = materials.size();
  const auto where = [&](size_t ordinal) { return where_face(file, ordinal); };
  const auto corner_of = [&](size_t c) {
    return Corner{file.corner_v[c], file.corner_vt_of(c), file.corner_vn_of(c)};
  };

  // Per group: whether every corner names a normal (a UV), whether any face
  // lies in a smoothing group, and the triangle count. Indices are checked
  // here (an error naming the face's line).
  const size_t normal_count = file.normals.size() / 3, uv_count = file.texcoords.size() / 2;
  std::vector<char> use_normals(groups, normal_count > 0), use_uvs(groups, uv_count > 0), smooth(groups, 0);
  std::vector<size_t> triangles(groups, 0);
  for_each_obj_face(file, [&](size_t ordinal, size_t first, unsigned n, int, unsigned smoothing) {
    const uint32_t g = group_of_face[ordinal];
    if (n < 3) throw Error(where(ordinal) + "face has " + std::to_string(n) + " vertices; at least 3 are needed");
    triangles[g] += n - 2;
    if (smoothing != 0) smooth[g] = 1;
    for (unsigned k = 0; k < n; ++k) {
      const Corner c = corner_of(first + k);
      if (c.v < 0 || size_t(c.v) >= vertex_count)
        throw Error(where(ordinal) + "face refers to vertex " + std::to_string(c.v + 1) + " but the file has " +
                    std::to_string(vertex_count) + " vertices");
      if (c.vn >= 0 && size_t(c.vn) >= normal_count)
        throw Error(where(ordinal) + "face refers to normal " + std::to_string(c.vn + 1) + " but the file has " +
                    std::to_string(normal_count) + " normals");
      if (c.vt >= 0 && size_t(c.vt) >= uv_count)
        throw Error(where(ordinal) + "face refers to texture coordinate " + std::to_string(c.vt + 1) +
                    " but the file has " + std::to_string(uv_count) + " texture coordinates");
      use_normals[g] = use_normals[g] && c.vn >= 0;
      use_uvs[g] = use_uvs[g] && c.vt >= 0;
    }
  });

  // Each group's vertices: one per position when it is the only group and has
  // no normals or UVs (or names them by the position's index), else one per distinct (position, uv, normal) a corner names; with
  // generated normals, one per (position, uv, smoothing group), and a flat
  // face's own corners (its smoothing key is unique to it).
  struct Group {
    std::vector<Vec3> normals;
    std::vector<Vec2> uvs;
    bool split = false, generate = false;
  };
  std::vector<Group> built(groups);
  bool any_split = false;
  ObjMeshes out;
  out.meshes.reserve(groups);
  for (size_t g = 0; g < groups; ++g) {
    out.meshes.emplace_back(materials[g]);
    Group& b = built[g];
    b.generate = !use_normals[g] && smooth[g];
    // With several groups, each keeps only the positions its faces name.
    // A lone group whose corners name their normal (UV) by their vertex's
    // own index (f 1//1 ..., vn_is_v) keeps one vertex per position as well:
    // no table (issue 11; the same triangles, their vertices in position order).
    const bool per_position = groups == 1 && !b.generate &&
                              (!use_normals[g] || (file.vn_is_v && normal_count >= vertex_count)) &&
                              (!use_uvs[g] || (file.vt_is_v && uv_count >= vertex_count));
    b.split = !per_position;
    if (triangles[g] == 0) continue;
    any_split = any_split || b.split;
    // A lone group's split vertices are about one per position (a smooth
    // mesh); reserved so they do not grow by doubling (issue 11).
    const size_t vertices = !b.split || groups == 1 ? vertex_count : 0;
    out.meshes[g].reserve(vertices, triangles[g]);
    if (b.split && groups == 1) {
      if (use_normals[g] || b.generate) b.normals.reserve(vertices);
      if (use_uvs[g]) b.uvs.reserve(vertices);
    }
    if (!b.split) {  // every position (unreferenced ones are harmless to Embree)
      for (size_t v = 0; v < vertex_count; ++v)
        out.meshes[g].add_vertex({file.positions[3 * v], file.positions[3 * v + 1], file.positions[3 * v + 2]});
      if (use_normals[g]) {
        b.normals.reserve(vertex_count);
        for (size_t v = 0; v < vertex_count; ++v)
          b.normals.push_back({file.normals[3 * v], file.normals[3 * v + 1], file.normals[3 * v + 2]});
      }
      if (use_uvs[g]) {
        b.uvs.reserve(vertex_count);
        for (size_t v = 0; v < vertex_count; ++v) b.uvs.push_back({file.texcoords[2 * v], file.texcoords[2 * v + 1]});
      }
    }
  }
  // A lone group without generated normals: a vertex is told by its first
  // corner's (position, uv, normal), so the table keeps a vertex number per
  // slot and each vertex's first corner: 8 B a vertex against the general
  // table's 40 (issue 11). Vertex numbers count up with the table's entries.
  constexpr uint32_t kNone = CornerVertices::kNone;
  const bool lone = groups == 1 && built[0].split && !built[0].generate && file.corner_v.size() < kNone;
  std::vector<uint32_t> lone_slots, lone_first;  // vertex numbers (kNone: empty); a vertex's first corner
  size_t lone_mask = 0;
  const auto lone_key = [&](size_t corner, int& v, int& uv, int& normal) {
    v = file.corner_v[corner];
    uv = use_uvs[0] ? file.corner_vt_of(corner) : -1;
    normal = use_normals[0] ? file.corner_vn_of(corner) : -1;
  };
  const auto lone_hash = [](int v, int uv, int normal) {
    uint64_t h = uint64_t(uint32_t(v));
    for (uint64_t part : {uint64_t(uint32_t(uv)), uint64_t(uint32_t(normal))}) h = (h ^ part) * 0x9E3779B97F4A7C15ull + (h >> 29);
    return size_t(h ^ (h >> 32));
  };
  const auto lone_place = [&](uint32_t vertex) {
    int v, uv, normal;
    lone_key(lone_first[vertex], v, uv, normal);
    size_t s = lone_hash(v, uv, normal) & lone_mask;
    while (lone_slots[s] != kNone) s = (s + 1) & lone_mask;
    lone_slots[s] = vertex;
  };
  const auto lone_resize = [&](size_t count) {  // room for `count` vertices at most half full
    size_t size = 16;
    while (size < 2 * count) size *= 2;
    lone_slots.assign(size, kNone);
    lone_mask = size - 1;
    for (uint32_t vertex = 0; vertex < lone_first.size(); ++vertex) lone_place(vertex);
  };
  if (lone) {
    lone_first.reserve(vertex_count);
    lone_resize(vertex_count);
  }
  CornerVertices corner_vertices(any_split && !lone ? vertex_count : 0);
  const auto vertex_of = [&](uint32_t g, size_t corner_index, long long smoothing) -> uint32_t {
    Group& b = built[g];
    TriangleMesh& mesh = out.meshes[g];
    const Corner c = corner_of(corner_index);
    if (!b.split) return uint32_t(c.v);
    const int uv = use_uvs[g] ? c.vt : -1, normal = use_normals[g] ? c.vn : -1;
    const long long key = b.generate ? smoothing : 0;
    const CornerVertices::Key corner{key, c.v, g, uv, normal};
    if (lone) {
      for (size_t s = lone_hash(c.v, uv, normal) & lone_mask; lone_slots[s] != kNone; s = (s + 1) & lone_mask) {
        int v2, uv2, normal2;
        lone_key(lone_first[lone_slots[s]], v2, uv2, normal2);
        if (v2 == c.v && uv2 == uv && normal2 == normal) return lone_slots[s];
      }
    } else {
      const uint32_t found = corner_vertices.find(corner);
      if (found != CornerVertices::kNone) return found;
    }
    const size_t v = size_t(c.v);
    const uint32_t id = mesh.add_vertex({file.positions[3 * v], file.positions[3 * v + 1], file.positions[3 * v + 2]});
    if (use_normals[g]) {
      const size_t i = size_t(c.vn);
      b.normals.push_back({file.normals[3 * i], file.normals[3 * i + 1], file.normals[3 * i + 2]});
    } else if (b.generate) {
      b.normals.push_back(Vec3(0.0f));  // summed below
    }
    if (use_uvs[g]) {
      const size_t i = size_t(c.vt);
      b.uvs.push_back({file.texcoords[2 * i], file.texcoords[2 * i + 1]});
    }
    if (lone) {
      lone_first.push_back(uint32_t(corner_index));
      if (2 * lone_first.size() > lone_slots.size()) lone_resize(2 * lone_first.size());
      else lone_place(id);
    } else {
      corner_vertices.add(corner, id);
    }
    return id;
  };

  for_each_obj_face(file, [&](size_t ordinal, size_t first, unsigned n, int, unsigned group_id) {
    const uint32_t g = group_of_face[ordinal];
    TriangleMesh& mesh = out.meshes[g];
    // Smoothing key: the group's id, or for a face outside any group one of its own.
    const long long smoothing = group_id != 0 ? (long long)group_id : -1 - (long long)ordinal;
    // Fan from the first corner (exact for convex polygons, as OBJ asks).
    const uint32_t v0 = vertex_of(g, first, smoothing);
    for (unsigned k = 1; k + 1 < n; ++k) {
      const uint32_t v1 = vertex_of(g, first + k, smoothing);
      const uint32_t v2 = vertex_of(g, first + k + 1, smoothing);
      const Vec3 p0 = mesh.vertex(v0), p1 = mesh.vertex(v1), p2 = mesh.vertex(v2);
      if (is_degenerate(p0, p1, p2)) {
        if (out.dropped++ == 0) out.first_dropped_face = ordinal;
        continue;
      }
      mesh.add_triangle(v0, v1, v2);
      ++out.triangles;
      if (built[g].generate) {
        // Area-weighted: the unnormalized face normal, summed at each corner.
        const Vec3 fn = cross(p1 - p0, p2 - p0);
        for (uint32_t v : {v0, v1, v2}) built[g].normals[v] = built[g].normals[v] + fn;
      }
    }
  });
  for (size_t g = 0; g < groups; ++g) {
    Group& b = built[g];
    TriangleMesh& mesh = out.meshes[g];
    if (b.generate) {
      // A vertex whose faces cancel out (a sheet folded back on itself) or
      // that no kept triangle uses: the normal of one of its triangles, or any.
      for (size_t t = 0; t < mesh.triangle_count(); ++t)
        for (int k = 0; k < 3; ++k) {
          Vec3& n = b.normals[mesh.index(t, k)];
          if (!(dot(n, n) > 1e-30f)) {
            const Vec3 face = cross(mesh.corner(t, 1) - mesh.corner(t, 0), mesh.corner(t, 2) - mesh.corner(t, 0));
            if (dot(face, face) > 1e-30f) n = face;
          }
        }
      for (Vec3& n : b.normals)
        if (!(dot(n, n) > 1e-30f)) n = Vec3(0.0f, 0.0f, 1.0f);
    }
    mesh.set_normals(std::move(b.normals));
    mesh.set_uvs(std::move(b.uvs));
  }
  return out;
}

void warn_dropped(const ObjFile& file, const ObjMeshes& built, const std::string& scope) {
  if (built.dropped == 0) return;
  const std::string where = where_face(file, built.first_dropped_face);
  if (built.triangles == 0)
    throw Error(where + "every triangle of the " + scope + " is degenerate (zero area); nothing to render");
  warn(where + "degenerate (zero-area) triangle dropped" +
       (built.dropped > 1 ? " (" + std::to_string(built.dropped) + " in this " + scope + ", the first on this line)" : ""));
}

}  // namespace tessera
