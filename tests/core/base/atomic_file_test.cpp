// AtomicFileWriter: the final name holds the previous file or the complete new
// one; failures name the final file and the reason and leave no temporary file.
// (A full disk is tested end to end by tests/app/full_disk.sh.)

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "tests/test_files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a committed file replaces the previous one; no temporary file stays", "[atomic_file]") {
  const fs::path dir = fresh_test_dir("atomic_file", "commit");
  const std::string path = (dir / "out.txt").string();
  write_test_file(path, "previous");
  {
    AtomicFileWriter out(path, "text");
    CHECK(out.temp_path() == temp_path_for((dir / "out.txt").string()));
    out.write("new ");
    CHECK(read_text(path) == "previous");  // nothing at the final name until commit
    std::string big(3 << 20, 'x');        // past the buffer
    out.write(big);
    out.commit();
  }
  const std::string text = read_text(path);
  CHECK(text.size() == 4 + (3u << 20));
  CHECK(text.compare(0, 4, "new ") == 0);
  CHECK_FALSE(fs::exists(temp_path_for((dir / "out.txt").string())));
}

TEST_CASE("seek rewrites earlier bytes, as OpenEXR's offset table does", "[atomic_file]") {
  const fs::path dir = fresh_test_dir("atomic_file", "seek");
  const std::string path = (dir / "out.bin").string();
  AtomicFileWriter out(path);
  out.write("0123456789");
  CHECK(out.tell() == 10);
  out.seek(2);
  out.write("ab");
  CHECK(out.tell() == 4);
  out.seek(10);
  out.write("!");
  out.commit();
  CHECK(read_text(path) == "01ab456789!");
}

TEST_CASE("an uncommitted writer leaves the previous file and no temporary file", "[atomic_file]") {
  const fs::path dir = fresh_test_dir("atomic_file", "abandon");
  const std::string path = (dir / "out.txt").string();
  write_test_file(path, "previous");
  {
    AtomicFileWriter out(path);
    out.write("half of a fi");
  }
  CHECK(read_text(path) == "previous");
  CHECK_FALSE(fs::exists(temp_path_for((dir / "out.txt").string())));
}

TEST_CASE("an output path in a missing directory or naming a directory fails with the reason", "[atomic_file]") {
  const fs::path dir = fresh_test_dir("atomic_file", "errors");
  const std::string missing = (dir / "no_such_dir" / "out.png").string();
  CHECK_THROWS_WITH(AtomicFileWriter(missing, "image"),
                    missing + ": cannot write image in " + (dir / "no_such_dir").string() + ": No such file or directory");
  CHECK_THROWS_WITH(check_output_path(missing, "image"),
                    missing + ": cannot write image in " + (dir / "no_such_dir").string() + ": No such file or directory");
  fs::create_directories(dir / "folder.png");
  const std::string folder = (dir / "folder.png").string();
  CHECK_THROWS_WITH(check_output_path(folder, "image"), folder + ": cannot write image: is a directory");
  CHECK_THROWS_WITH(AtomicFileWriter(folder, "image"), folder + ": cannot write image: is a directory");
  const std::string ok = (dir / "fine.png").string();
  CHECK_NOTHROW(check_output_path(ok, "image"));
  CHECK_FALSE(fs::exists(ok));
  CHECK_FALSE(fs::exists(temp_path_for((dir / "fine.png").string())));
}
