// Image readers: valid files of every format read back as written; truncated,
// corrupt, hostile and empty files fail at once with an error naming the file,
// never hang, read past their data or allocate what the file cannot hold.

#include "core/base/error.h"
#include "core/image/image_io.h"
#include "tests/test_files.h"

#include <ImfChannelList.h>
#include <ImfCompression.h>
#include <ImfHeader.h>
#include <ImfOutputFile.h>
#include <stb_image_write.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <vector>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

Image gradient(int w, int h) {
  Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) image.set_pixel(x, y, {float(x) / float(w), float(y) / float(h), 0.25f + float(x % 3)});
  return image;
}

// The bytes of `image` written as `ext` by write_image (JPEG: stb's encoder).
Bytes encoded(const Image& image, const std::string& ext) {
  const fs::path dir = fresh_test_dir("image_decode", "encoded" + ext);
  if (ext == ".jpg") {
    std::vector<unsigned char> rgb(image.data().size());
    for (size_t i = 0; i < rgb.size(); ++i) rgb[i] = encode_srgb8(image.data()[i], {});
    Bytes out;
    stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
          auto* o = static_cast<Bytes*>(ctx);
          o->insert(o->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
        },
        &out, image.width(), image.height(), 3, rgb.data(), 90);
    return out;
  }
  write_image(image, (dir / ("image" + ext)).string());
  return file_bytes(dir / ("image" + ext));
}

ImageFormat format_of(const std::string& ext) { return image_read_format_for_path("x" + ext); }

// decode_image must throw an Error naming `name` whose message contains `what`, quickly.
void require_rejects(const Bytes& bytes, const std::string& ext, const std::string& what) {
  const auto start = std::chrono::steady_clock::now();
  try {
    decode_image(bytes.data(), bytes.size(), format_of(ext), "bad" + ext);
    FAIL("decoded a bad " << ext << " file of " << bytes.size() << " bytes");
  } catch (const Error& e) {
    const std::string message = e.what();
    INFO(message);
    CHECK(message.rfind("bad" + ext + ": cannot read image: ", 0) == 0);
    CHECK(message.find(what) != std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

Bytes text_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace

TEST_CASE("every format round-trips through decode_image", "[io][decode]") {
  // Width 40 makes stb write RLE Radiance scanlines; width 5 flat ones.
  for (const int w : {40, 5}) {
    const Image image = gradient(w, 7);
    for (const std::string ext : {".pfm", ".exr", ".hdr", ".png"}) {
      INFO(ext << " width " << w);
      const Bytes bytes = encoded(image, ext);
      const Image back = decode_image(bytes.data(), bytes.size(), format_of(ext), "x" + ext);
      REQUIRE(back.width() == w);
      REQUIRE(back.height() == 7);
      const float tolerance = ext == ".pfm" ? 0.0f : ext == ".png" ? 0.01f : 0.02f;
      for (int y = 0; y < 7; ++y)
        for (int x = 0; x < w; ++x)
          for (int c = 0; c < 3; ++c) {
            const float want = ext == ".png" ? std::min(1.0f, image.pixel(x, y)[c]) : image.pixel(x, y)[c];
            REQUIRE(std::abs(back.pixel(x, y)[c] - want) <= tolerance * std::max(1.0f, want));
          }
    }
  }
  const Bytes jpeg = encoded(gradient(16, 16), ".jpg");
  CHECK(decode_image(jpeg.data(), jpeg.size(), ImageFormat::Jpeg, "x.jpg").width() == 16);
}

TEST_CASE("the RGBE reader decodes exactly what stb_image_write encodes", "[io][decode][hdr]") {
  Image image(9, 2);  // RLE width: runs and literals
  for (int x = 0; x < 9; ++x) image.set_pixel(x, 0, {x < 5 ? 1.0f : 0.5f, 0.25f, 0.5f});
  for (int x = 0; x < 9; ++x) image.set_pixel(x, 1, {float(x), 0.0f, 1e-3f});
  const Bytes bytes = encoded(image, ".hdr");
  const Image back = decode_image(bytes.data(), bytes.size(), ImageFormat::Hdr, "x.hdr");
  CHECK(back.pixel(0, 0).x == 1.0f);
  CHECK(back.pixel(6, 0).x == 0.5f);
  CHECK(back.pixel(3, 0).z == 0.5f);
  CHECK(back.pixel(3, 0).y == 0.25f);
  CHECK(back.pixel(7, 1).x == 7.0f);
  CHECK(back.pixel(0, 1).x == 0.0f);
}

TEST_CASE("truncated halves of valid files fail, naming the file", "[io][decode]") {
  const Image image = gradient(64, 48);
  const std::pair<const char*, const char*> cases[] = {
      {".pfm", "truncated PFM data"}, {".hdr", "truncated Radiance HDR data"}, {".exr", ""},
      {".png", "truncated PNG"},      {".jpg", "truncated JPEG"}};
  for (const auto& [ext, what] : cases) {
    INFO(ext);
    Bytes bytes = encoded(image, ext);
    for (const size_t keep : {bytes.size() / 2, bytes.size() - 1, bytes.size() * 3 / 4}) {
      const Bytes cut(bytes.begin(), bytes.begin() + long(keep));
      require_rejects(cut, ext, what);
    }
  }
}

TEST_CASE("a truncated RLE Radiance file names the scanline", "[io][decode][hdr]") {
  Bytes bytes = encoded(gradient(64, 48), ".hdr");
  // Cut inside the data but keep enough bytes for the minimal-size check.
  const Bytes cut(bytes.begin(), bytes.end() - 10);
  require_rejects(cut, ".hdr", "truncated Radiance HDR data at scanline 47 of 48");
}

TEST_CASE("headers claiming more than the file holds fail before allocating", "[io][decode]") {
  // 56 bytes claiming 10000x10000 (stb read this as a black image).
  const std::string hdr = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 10000 +X 10000\n";
  require_rejects(text_bytes(hdr + std::string(56 - hdr.size(), '\0')), ".hdr", "10000x10000");
  // Within the pixel limit but still more than the file holds.
  require_rejects(text_bytes("#?RADIANCE\n\n-Y 1000 +X 1000\n" + std::string(4000, '\0')), ".hdr",
                  "truncated Radiance HDR data: 1000x1000 needs at least");
  // 20 bytes claiming 65536x65536 (asked for 51 GB).
  require_rejects(text_bytes("PF\n65536 65536\n-1.0\n"), ".pfm", "65536x65536");
  require_rejects(text_bytes("PF\n2000 1000\n-1.0\n" + std::string(1000, 'x')), ".pfm",
                  "truncated PFM data: 2000x1000 needs 24000000 bytes");
  // An EXR whose data window claims 2,000,000 x 1,000 (asked for 24 GB).
  Bytes exr = encoded(gradient(8, 8), ".exr");
  const std::string key = std::string("dataWindow") + '\0' + "box2i" + '\0';
  const auto at = std::search(exr.begin(), exr.end(), key.begin(), key.end());
  REQUIRE(at != exr.end());
  const size_t value = size_t(at - exr.begin()) + key.size() + 4;
  const int32_t window[4] = {0, 0, 1999999, 999};
  std::memcpy(&exr[value], window, 16);
  require_rejects(exr, ".exr", "claims 2000000x1000 pixels");
  // Within the size limits, but taller than the file's offset table could be.
  const int32_t tall[4] = {0, 0, 0, 4000000};
  std::memcpy(&exr[value], tall, 16);
  require_rejects(exr, ".exr", "offset table alone");
  // A PNG whose IHDR claims 60000x60000 but holds a few bytes of data.
  Bytes png = encoded(gradient(8, 8), ".png");
  const uint8_t big[8] = {0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60};
  std::memcpy(&png[16], big, 8);
  require_rejects(png, ".png", "");
}

TEST_CASE("EXR: a one-line image is sized by its whole compression chunk", "[io][decode][exr]") {
  // A 4.7-million-pixel single line: within the pixel limit and the file's claim
  // for one line, but ZIP buffers 16 lines and PIZ 32, allocated before any data
  // is read (600 MB from a 467-byte file in fuzzing).
  Bytes exr = encoded(gradient(8, 8), ".exr");
  const std::string key = std::string("dataWindow") + '\0' + "box2i" + '\0';
  const auto at = std::search(exr.begin(), exr.end(), key.begin(), key.end());
  REQUIRE(at != exr.end());
  const size_t value = size_t(at - exr.begin()) + key.size() + 4;
  const int32_t line[4] = {0, 0, 4718597, 0};
  std::memcpy(&exr[value], line, 16);
  exr.resize(60000);  // holdable: 60000 x 4096 bytes > one line of 4.7M x 12 bytes, < 16 lines
  const std::string compression = std::string("compression") + '\0' + "compression" + '\0';
  const auto c = std::search(exr.begin(), exr.end(), compression.begin(), compression.end());
  REQUIRE(c != exr.end());
  for (const uint8_t zip_or_piz : {3, 4}) {
    exr[size_t(c - exr.begin()) + compression.size() + 4] = zip_or_piz;
    require_rejects(exr, ".exr", "claims 4718598x");
  }
}

TEST_CASE("EXR: a channel list under any attribute name must end where its attribute does", "[io][decode][exr]") {
  // OpenEXR parses every chlist attribute up to an empty name, whatever size the
  // file states: a misnamed second list without its terminator made it read the
  // next attribute as channels and allocate what that garbage claimed.
  Bytes exr = encoded(gradient(8, 8), ".exr");
  const std::string key = std::string("channels") + '\0' + "chlist" + '\0';
  const auto at = std::search(exr.begin(), exr.end(), key.begin(), key.end());
  REQUIRE(at != exr.end());
  // Insert an unterminated copy of the channel list as "extraList" before it.
  const size_t start = size_t(at - exr.begin());
  int32_t size = 0;
  std::memcpy(&size, &exr[start + key.size()], 4);
  const Bytes list(exr.begin() + long(start + key.size() + 4), exr.begin() + long(start + key.size() + 4 + size_t(size) - 1));
  Bytes attr;
  for (const char ch : std::string("extraList") + '\0' + "chlist" + '\0') attr.push_back(uint8_t(ch));
  const int32_t unterminated = int32_t(list.size());
  for (int i = 0; i < 4; ++i) attr.push_back(uint8_t(unterminated >> (8 * i)));
  attr.insert(attr.end(), list.begin(), list.end());
  exr.insert(exr.begin() + long(start), attr.begin(), attr.end());
  require_rejects(exr, ".exr", "the channel list extraList does not end where its attribute does");
}

TEST_CASE("an EXR written by OpenEXR with a huge data window fails with a message", "[io][decode][exr]") {
  // OpenEXR's own file for a 2,000,000 x 1,000 image whose pixels were never
  // written: about 8 KB (header and offset table) claiming 24 GB of RGB floats.
  const fs::path dir = fresh_test_dir("image_decode", "huge_exr");
  const std::string path = (dir / "huge.exr").string();
  {
    Imf::Header header(Imath::Box2i({0, 0}, {1999999, 999}), Imath::Box2i({0, 0}, {1999999, 999}));
    header.compression() = Imf::NO_COMPRESSION;  // one scanline of one channel buffered: 4 MB
    header.channels().insert("R", Imf::Channel(Imf::HALF));
    Imf::OutputFile file(path.c_str(), header);
  }
  REQUIRE(fs::file_size(path) < 16384);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(read_image(path), Catch::StartsWith(path + ": cannot read image: the header claims 2000000x1000"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("corrupt Radiance runs and headers fail", "[io][decode][hdr]") {
  const std::string head = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 2 +X 8\n";
  // A run longer than the scanline.
  Bytes run = text_bytes(head);
  for (const uint8_t b : {2, 2, 0, 8, 128 + 100, 7}) run.push_back(b);
  run.resize(run.size() + 64, 1);
  require_rejects(run, ".hdr", "a run of 100 at x 0 of 8");
  // An RLE length that is not the width.
  Bytes length = text_bytes(head);
  for (const uint8_t b : {2, 2, 0, 9}) length.push_back(b);
  length.resize(length.size() + 64, 1);
  require_rejects(length, ".hdr", "RLE length 9, image width 8");
  require_rejects(text_bytes("#?RADIANCE\n\n+Y 2 +X 8\n" + std::string(64, 'x')), ".hdr", "expected -Y H +X W");
  require_rejects(text_bytes("#?RADIANCE\nFORMAT=32-bit_rle_xyze\n\n-Y 2 +X 8\n"), ".hdr", "unsupported Radiance HDR FORMAT");
  require_rejects(text_bytes("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n"), ".hdr", "truncated Radiance HDR header");
}

TEST_CASE("garbage and empty files fail in every format", "[io][decode]") {
  std::mt19937 rng(7);
  Bytes garbage(4096);
  for (uint8_t& b : garbage) b = uint8_t(rng());
  for (const std::string ext : {".png", ".jpg", ".hdr", ".exr", ".pfm"}) {
    INFO(ext);
    require_rejects(garbage, ext, "");
    require_rejects(Bytes{}, ext, "empty file");
    require_rejects(Bytes(1, 0), ext, "");
  }
}

TEST_CASE("read_image names the file for missing, directory, FIFO and unknown inputs", "[io][decode]") {
  const fs::path dir = fresh_test_dir("image_decode", "paths");
  const std::string missing = (dir / "missing.png").string();
  CHECK_THROWS_WITH(read_image(missing), missing + ": cannot read image: No such file or directory");
  fs::create_directories(dir / "folder.exr");
  const std::string folder = (dir / "folder.exr").string();
  CHECK_THROWS_WITH(read_image(folder), folder + ": cannot read image: is a directory");
  const std::string fifo = (dir / "fifo.pfm").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(read_image(fifo), fifo + ": cannot read image: not a regular file");  // and does not block
  write_test_file(dir / "image.bmp", "BM");
  const std::string bmp = (dir / "image.bmp").string();
  CHECK_THROWS_WITH(read_image(bmp), Catch::StartsWith(bmp + ": cannot read image: unknown format \".bmp\""));
}
