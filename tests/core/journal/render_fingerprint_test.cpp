// The render fingerprint (core/journal/render_fingerprint.h, computed from a
// scene description by scene/scene_description.h): equal for the same
// description however it is spelled, different when anything in it or in a file
// it references changes, and blind to scheduling.

#include "core/journal/bucket_journal.h"
#include "core/journal/bucket_record.h"
#include "core/journal/render_fingerprint.h"
#include "core/engine/render_loop.h"
#include "scene/scene_description.h"
#include "scene/scene_file.h"
#include "tests/core/render/test_scene.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

const char* const kSmallScene = R"({
  "camera": { "position": [0, 0, 4], "look_at": [0, 0, 0], "fov": 45 },
  "film": { "resolution": [32, 24], "spp": 4, "max_depth": 3, "seed": 5 },
  "environment": { "radiance": [0.1, 0.2, 0.3] },
  "materials": { "grey": { "type": "diffuse", "albedo": [0.5, 0.5, 0.5] },
                 "glow": { "type": "emissive", "radiance": [4, 4, 4] } },
  "shapes": [
    { "type": "quad", "material": "grey", "corner": [-1, -1, 0], "edge1": [2, 0, 0], "edge2": [0, 2, 0] },
    { "type": "sphere", "material": "glow", "center": [0, 0, 1], "radius": 0.5 }
  ]
})";

uint64_t fingerprint_of(const std::string& text, const std::string& path = "a.json", const std::string& base = "") {
  return description_fingerprint(parse_scene_text(text, path, base));
}

// `text` with the first `from` replaced by `to` (which must be there).
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("render fingerprint: the same description however it is written", "[render_fingerprint]") {
  const std::string cornell = std::string(TESSERA_SOURCE_DIR) + "/scenes/cornell-box.json";
  const uint64_t fa = description_fingerprint(parse_scene_file(cornell));
  CHECK(fa == description_fingerprint(parse_scene_file(cornell)));  // parsed again
  CHECK(fa != 0);

  const uint64_t small = fingerprint_of(kSmallScene);
  CHECK(small != fa);
  // Another file name and directory (no mesh to read there).
  CHECK(small == fingerprint_of(kSmallScene, "b.json", "/elsewhere/"));
  // Whitespace and key order.
  const std::string compact = R"({"shapes":[{"edge2":[0,2,0],"edge1":[2,0,0],"corner":[-1,-1,0],"material":"grey","type":"quad"},
    {"radius":0.5,"center":[0,0,1],"material":"glow","type":"sphere"}],
    "materials":{"glow":{"radiance":[4,4,4],"type":"emissive"},"grey":{"albedo":[0.5,0.5,0.5],"type":"diffuse"}},
    "environment":{"radiance":[0.1,0.2,0.3]},"film":{"seed":5,"max_depth":3,"spp":4,"resolution":[32,24]},
    "camera":{"fov":45,"look_at":[0,0,0],"position":[0,0,4]}})";
  CHECK(small == fingerprint_of(compact));
  // One number in other spellings: 45 = 45.0 = 4.5e1, 0.5 = 5e-1.
  CHECK(small == fingerprint_of(edited(kSmallScene, "\"fov\": 45", "\"fov\": 45.0")));
  CHECK(small == fingerprint_of(edited(kSmallScene, "\"fov\": 45", "\"fov\": 4.5e1")));
  CHECK(small == fingerprint_of(edited(kSmallScene, "\"radius\": 0.5", "\"radius\": 5e-1")));
  // A film default stated or left out (the film block is written out in full).
  CHECK(small == fingerprint_of(edited(kSmallScene, "\"seed\": 5", "\"seed\": 5, \"variance\": false")));
  CHECK(fingerprint_of(edited(kSmallScene, "\"spp\": 4,", "")) ==
        fingerprint_of(edited(kSmallScene, "\"spp\": 4,", "\"spp\": 16,")));
  // The "render" block is scheduling: not part of it.
  CHECK(small == fingerprint_of(edited(kSmallScene, "\"film\"", "\"render\": { \"threads\": 3, \"bucket_size\": 8 },\n\"film\"")));
}

TEST_CASE("render fingerprint: every change to the description changes it", "[render_fingerprint]") {
  const uint64_t reference = fingerprint_of(kSmallScene);
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"spp\": 4", "\"spp\": 5"},
      {"\"seed\": 5", "\"seed\": 6"},
      {"\"seed\": 5", "\"seed\": 9223372036854775813"},
      {"[32, 24]", "[33, 24]"},
      {"[32, 24]", "[24, 32]"},
      {"\"max_depth\": 3", "\"max_depth\": 4"},
      {"\"seed\": 5", "\"seed\": 5, \"variance\": true"},
      {"\"spp\": 4,", ""},  // back to the default: still another description
      {"\"albedo\": [0.5, 0.5, 0.5]", "\"albedo\": [0.5, 0.50000006, 0.5]"},
      {"\"radiance\": [4, 4, 4]", "\"radiance\": [4, 4, 4.5]"},
      {"\"radiance\": [4, 4, 4] }", "\"radiance\": [4, 4, 4], \"two_sided\": true }"},
      {"\"grey\": {", "\"more\": { \"type\": \"diffuse\" }, \"grey\": {"},  // a material added
      {"[-1, -1, 0]", "[-1, -1, 0.001]"},
      {"\"radius\": 0.5", "\"radius\": 0.25"},
      {"\"fov\": 45", "\"fov\": 46"},
      {"\"position\": [0, 0, 4]", "\"position\": [0, 0, 4], \"lens_radius\": 0.1"},
      {"[0.1, 0.2, 0.3]", "[0.1, 0.2, 0.30000001]"},
      {"\"type\": \"quad\", \"material\": \"grey\"", "\"type\": \"quad\", \"material\": \"glow\""},
  };
  std::set<uint64_t> seen = {reference};
  for (const auto& edit : edits) {
    INFO(edit.first << " -> " << edit.second);
    const uint64_t f = fingerprint_of(edited(kSmallScene, edit.first, edit.second));
    CHECK(f != reference);
    CHECK(seen.insert(f).second);  // and differs from every other edit
  }
  // The shapes in another order (pixels may differ: light and BVH order).
  const std::string quad = R"({ "type": "quad", "material": "grey", "corner": [-1, -1, 0], "edge1": [2, 0, 0], "edge2": [0, 2, 0] })";
  const std::string sphere = R"({ "type": "sphere", "material": "glow", "center": [0, 0, 1], "radius": 0.5 })";
  const std::string swapped = edited(edited(kSmallScene, quad, "@@"), sphere, quad);
  CHECK(fingerprint_of(edited(swapped, "@@", sphere)) != reference);
}

TEST_CASE("render fingerprint: a new film parameter is covered without a line of fingerprint code", "[render_fingerprint]") {
  // A key the film block does not know yet (the next sampler or filter setting)
  // is in the document, and so in the fingerprint.
  SceneDescription desc = parse_scene_text(kSmallScene, "a.json", "");
  const uint64_t reference = description_fingerprint(desc);
  SceneDescription added = desc;
  added.document["film"]["a_new_parameter"] = "value";
  CHECK(description_fingerprint(added) != reference);
  added.document["film"]["a_new_parameter"] = "another value";
  const uint64_t other = description_fingerprint(added);
  CHECK(other != reference);
  added.document["film"]["a_new_parameter"] = "value";
  CHECK(description_fingerprint(added) != other);
}

TEST_CASE("render fingerprint: command-line settings reach it through the film block", "[render_fingerprint]") {
  const SceneDescription base = parse_scene_text(kSmallScene, "a.json", "");
  const uint64_t reference = description_fingerprint(base);
  struct Override {
    const char* key;
    nlohmann::json value;
  };
  const std::vector<Override> overrides = {{"spp", 7}, {"max_depth", 0}, {"seed", 99u},
                                           {"resolution", {64, 48}}, {"variance", true},
                                           {"sampler", "independent"}, {"filter", "box"},
                                           {"filter", "tent:1.5"}};
  std::set<uint64_t> seen = {reference};
  for (const Override& o : overrides) {
    INFO(o.key);
    SceneDescription desc = base;
    set_film_value(desc, o.key, o.value, "--option");
    CHECK(seen.insert(description_fingerprint(desc)).second);
  }
  // The settings the renderer gets are read back from the film block.
  SceneDescription desc = base;
  set_film_value(desc, "spp", 7, "--spp");
  set_film_value(desc, "resolution", {64, 48}, "--resolution");
  set_film_value(desc, "variance", true, "--variance");
  set_film_value(desc, "sampler", "independent", "--sampler");
  set_film_value(desc, "filter", "gaussian:2", "--filter");
  CHECK(desc.film.sampler == SamplerKind::Independent);
  CHECK(desc.film.filter.kind == FilterKind::Gaussian);
  CHECK(desc.film.filter.radius == 2.0f);
  CHECK(desc.film.spp == 7);
  CHECK(desc.film.width == 64);
  CHECK(desc.film.height == 48);
  CHECK(desc.film.max_depth == 3);  // from the file
  CHECK(desc.film.variance);
  // The same value as the file's: the same description.
  SceneDescription same = base;
  set_film_value(same, "spp", 4, "--spp");
  set_film_value(same, "sampler", "sobol", "--sampler");  // the defaults, stated
  set_film_value(same, "filter", "tent:1", "--filter");
  CHECK(description_fingerprint(same) == reference);
  // A bad value is named by its source, and the description is unchanged.
  SceneDescription bad = base;
  REQUIRE_THROWS_WITH(set_film_value(bad, "spp", 0, "--spp"), Catch::Equals("--spp: /film/spp: must be in [1, 1048576], got 0"));
  CHECK(description_fingerprint(bad) == reference);
}

TEST_CASE("render fingerprint: a referenced mesh file's bytes are part of it", "[render_fingerprint]") {
  const fs::path dir = fresh_test_dir("render_fingerprint", "mesh");
  fs::create_directories(dir / "a" / "meshes");
  fs::create_directories(dir / "b" / "meshes");
  const std::string obj = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
  const std::string scene = edited(kSmallScene, "\"shapes\": [",
                                   "\"shapes\": [ { \"type\": \"mesh\", \"material\": \"grey\", \"file\": \"meshes/t.obj\" },");
  write_test_file(dir / "a" / "meshes" / "t.obj", obj);
  write_test_file(dir / "a" / "scene.json", scene);
  const uint64_t reference = description_fingerprint(parse_scene_file((dir / "a" / "scene.json").string()));
  CHECK(reference != fingerprint_of(kSmallScene));
  // The same files elsewhere: the same render.
  write_test_file(dir / "b" / "meshes" / "t.obj", obj);
  write_test_file(dir / "b" / "scene.json", scene);
  CHECK(description_fingerprint(parse_scene_file((dir / "b" / "scene.json").string())) == reference);
  // Any byte of the mesh file: even a comment, which changes no vertex.
  write_test_file(dir / "b" / "meshes" / "t.obj", obj + "# edited\n");
  CHECK(description_fingerprint(parse_scene_file((dir / "b" / "scene.json").string())) != reference);
  write_test_file(dir / "b" / "meshes" / "t.obj", "v 0 0 0\nv 1 0 0\nv 0 2 0\nf 1 2 3\n");
  CHECK(description_fingerprint(parse_scene_file((dir / "b" / "scene.json").string())) != reference);
  // A mesh that cannot be read is an error naming its JSON path.
  fs::remove(dir / "b" / "meshes" / "t.obj");
  const std::string path = (dir / "b" / "scene.json").string();
  REQUIRE_THROWS_WITH(description_fingerprint(parse_scene_file(path)),
                      Catch::StartsWith(path + ": /shapes/0/file: " + (dir / "b" / "meshes" / "t.obj").string() +
                                        ": cannot open mesh file: No such file or directory"));
}

TEST_CASE("render fingerprint: a referenced PLY mesh's bytes are part of it, binary ones included", "[render_fingerprint]") {
  const fs::path dir = fresh_test_dir("render_fingerprint", "ply");
  std::string ply = "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                    "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n";
  const float xyz[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
  ply.append(reinterpret_cast<const char*>(xyz), sizeof xyz);
  const std::string face("\x03\0\0\0\0\x01\0\0\0\x02\0\0\0", 13);
  const std::string scene = edited(kSmallScene, "\"shapes\": [",
                                   "\"shapes\": [ { \"type\": \"mesh\", \"material\": \"grey\", \"file\": \"t.PLY\" },");
  write_test_file(dir / "t.PLY", ply + face);
  write_test_file(dir / "scene.json", scene);
  const std::string path = (dir / "scene.json").string();
  const uint64_t reference = description_fingerprint(parse_scene_file(path));
  CHECK(description_fingerprint(parse_scene_file(path)) == reference);
  // One byte of one binary float (a NUL inside the file, past any text reader's end).
  std::string moved = ply + face;
  moved[ply.size() - 1] = '\x01';
  write_test_file(dir / "t.PLY", moved);
  CHECK(description_fingerprint(parse_scene_file(path)) != reference);
  write_test_file(dir / "t.PLY", ply + face);
  CHECK(description_fingerprint(parse_scene_file(path)) == reference);
}

TEST_CASE("render fingerprint: the renderer's version and every input's bounds are hashed", "[render_fingerprint]") {
  CHECK(renderer_version().find(kRenderFormatTag) != std::string::npos);
  const auto digest = [](const std::string& description, const std::string& name, const std::string& content) {
    RenderFingerprint f;
    f.description(description);
    f.file(name, content.data(), content.size());
    return f.digest();
  };
  const uint64_t reference = digest("{}", "m.obj", "v");
  CHECK(reference == digest("{}", "m.obj", "v"));
  CHECK(reference != digest("{}", "m.ob", "jv"));    // no two inputs run together
  CHECK(reference != digest("{}m", ".obj", "v"));
  CHECK(reference != digest("{} ", "m.obj", "v"));
}

TEST_CASE("render fingerprint: scheduling does not change it nor the records", "[render_fingerprint]") {
  // There is no scheduling parameter to hash. Renders with different threads,
  // buckets, orders and schedulers journal records with the same fingerprint,
  // which all decode against it and assemble into the same image.
  const auto scene = TestScene::from_text(kSmallScene);
  const RenderSettings settings = scene->file.settings;
  const uint64_t fingerprint = description_fingerprint(scene->file.description);
  const fs::path dir = fresh_test_dir("render_fingerprint", "scheduling");

  struct Run {
    int threads;
    BucketSize bucket;
    BucketOrder order;
    Scheduler scheduler;
  };
  const std::vector<Run> runs = {{1, {32, 32}, BucketOrder::Scanline, Scheduler::Tbb},
                                 {4, {7, 5}, BucketOrder::Random, Scheduler::Dynamic},
                                 {3, {8, 8}, BucketOrder::Scanline, Scheduler::Static}};
  std::vector<std::vector<float>> images;
  for (size_t i = 0; i < runs.size(); ++i) {
    INFO("run " << i);
    const fs::path p = dir / ("run" + std::to_string(i) + ".tsj");
    JournalHeader header;
    header.fingerprint = description_fingerprint(parse_scene_text(kSmallScene, "test.json", ""));  // afresh for each run
    header.width = settings.width;
    header.height = settings.height;
    header.bucket_size = runs[i].bucket;
    REQUIRE(header.fingerprint == fingerprint);
    ScheduleOptions schedule;
    schedule.threads = runs[i].threads;
    schedule.bucket_size = runs[i].bucket;
    schedule.order = runs[i].order;
    schedule.order_seed = 17;
    schedule.scheduler = runs[i].scheduler;
    {
      JournalWriter journal(p.string(), header, 0);
      JournalSink sink(journal, nullptr);
      render_buckets(scene->file.scene, *scene->accel, settings, schedule, sink);
    }
    const JournalContents c = read_journal(p.string());
    CHECK(c.header.fingerprint == fingerprint);
    CHECK(c.dropped_bytes == 0);
    REQUIRE(c.buckets.size() == cut_into_buckets(settings.width, settings.height, runs[i].bucket).size());

    // Every record decodes against the fingerprint; assembled, they are the image.
    const std::vector<uint8_t> bytes = [&] {
      std::ifstream in(p, std::ios::binary);
      return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }();
    ImageSink image;
    image.begin(settings.width, settings.height);
    size_t offset = kJournalHeaderBytes;
    while (offset < bytes.size()) {
      const size_t size = peek_bucket_record_size(&bytes[offset], bytes.size() - offset);
      REQUIRE(size > 0);
      REQUIRE(offset + size <= bytes.size());
      apply_bucket_record(&bytes[offset], size, {fingerprint, settings.width, settings.height}, image, p.string());
      offset += size;
    }
    REQUIRE(offset == bytes.size());
    images.push_back(image.image().data());
  }
  const RenderResult reference = scene->render(settings, 1);
  double sum = 0;
  for (float v : reference.image.data()) sum += v;
  REQUIRE(sum > 0.0);
  for (size_t i = 0; i < images.size(); ++i) {
    INFO("run " << i);
    REQUIRE(images[i] == reference.image.data());
  }

  // A record of this render is refused by a render with other settings.
  SceneDescription more = scene->file.description;
  set_film_value(more, "spp", settings.spp + 1, "--spp");
  const uint64_t other = description_fingerprint(more);
  REQUIRE(other != fingerprint);
  const JournalContents c = read_journal((dir / "run0.tsj").string());
  std::vector<uint8_t> record(bucket_record_size(c.buckets[0]->bucket.rect));
  encode_bucket_record(*c.buckets[0], {fingerprint, settings.width, settings.height}, record.data());
  BucketBuffer out;
  REQUIRE_THROWS_WITH(decode_bucket_record(record.data(), record.size(), {other, settings.width, settings.height}, out, "r"),
                      Catch::Contains("from another scene or other render settings"));
}

TEST_CASE("render fingerprint: light parameters and the environment map's bytes are in it", "[render_fingerprint][lights]") {
  // --resume must refuse a checkpoint of a scene whose lights changed: every
  // parameter is in the description, and the map file's content is hashed like
  // a mesh file's (the same name with other bytes is another scene).
  const fs::path dir = fresh_test_dir("render_fingerprint", "lights");
  write_test_file(dir / "sky.pfm", std::string("PF\n1 1\n-1.0\n") + std::string("\0\0\x80?\0\0\x80?\0\0\x80?", 12));
  const std::string base_dir = dir.string() + "/";
  const std::string lit = edited(kSmallScene, "\"shapes\"", R"("lights": [
      { "type": "point", "position": [0, 2, 0], "intensity": [1, 1, 1], "radius": 0.1 },
      { "type": "spot", "position": [0, 3, 0], "look_at": [0, 0, 0], "intensity": [2, 2, 2], "cutoff_angle": 30, "beam_width": 20 },
      { "type": "directional", "direction": [0, -1, 0], "irradiance": [1, 1, 1], "angle": 0.53 },
      { "type": "environment", "file": "sky.pfm", "intensity": 1, "rotation": 0 } ],
    "shapes")");
  const uint64_t reference = fingerprint_of(lit, "a.json", base_dir);
  CHECK(reference != fingerprint_of(kSmallScene));
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"radius\": 0.1 }", "\"radius\": 0.2 }"},
      {"[0, 2, 0]", "[0, 2.5, 0]"},
      {"\"cutoff_angle\": 30", "\"cutoff_angle\": 31"},
      {"\"beam_width\": 20", "\"beam_width\": 19"},
      {"\"angle\": 0.53", "\"angle\": 0.5"},
      {"\"irradiance\": [1, 1, 1]", "\"irradiance\": [1, 1, 2]"},
      {"\"intensity\": 1,", "\"intensity\": 2,"},
      {"\"rotation\": 0", "\"rotation\": 90"},
  };
  std::set<uint64_t> seen = {reference};
  for (const auto& edit : edits) {
    INFO(edit.first << " -> " << edit.second);
    CHECK(seen.insert(fingerprint_of(edited(lit, edit.first, edit.second), "a.json", base_dir)).second);
  }
  // The same file name with other pixels.
  write_test_file(dir / "sky.pfm", std::string("PF\n1 1\n-1.0\n") + std::string("\0\0\x80?\0\0\x80?\0\0\0@", 12));
  CHECK(seen.insert(fingerprint_of(lit, "a.json", base_dir)).second);
  // A map that cannot be read is an error naming its JSON pointer.
  fs::remove(dir / "sky.pfm");
  REQUIRE_THROWS_WITH(fingerprint_of(lit, "a.json", base_dir),
                      Catch::Contains("a.json: /lights/3/file: ") && Catch::Contains("cannot open environment map"));
}

TEST_CASE("render fingerprint: a file hashed in pieces is the file hashed whole", "[render_fingerprint]") {
  // scene_description hashes mesh files in pieces, so a large one is never whole in memory
  // (issue 11); the digest must be the one of the whole bytes (checkpoints stay valid).
  std::vector<unsigned char> bytes(3 * 1024 * 1024 + 17);
  uint32_t x = 12345;
  for (unsigned char& b : bytes) x = x * 1664525u + 1013904223u, b = static_cast<unsigned char>(x >> 24);
  RenderFingerprint whole, pieces, other_name;
  whole.file("mesh.ply", bytes.data(), bytes.size());
  pieces.begin_file("mesh.ply", bytes.size());
  for (size_t at = 0, step = 1; at < bytes.size(); at += step, step = step * 7 + 1)
    pieces.file_bytes(bytes.data() + at, std::min(step, bytes.size() - at));
  other_name.begin_file("other.ply", bytes.size());
  other_name.file_bytes(bytes.data(), bytes.size());
  CHECK(pieces.digest() == whole.digest());
  CHECK(other_name.digest() != whole.digest());
}
