#include "app/progress.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

using namespace tessera;

TEST_CASE("the progress bar fits the terminal it is drawn on", "[progress]") {
  // A long render, thousands of buckets, with restored ones: every field is at its widest.
  ProgressSnapshot s;
  s.done = 12345, s.total = 65536, s.restored = 4000, s.elapsed = 4000.0, s.rays = 987654321098ull;
  for (int columns = 1; columns <= 200; ++columns) {
    INFO("columns " << columns);
    const std::string line = format_progress_bar(s, columns);
    CHECK(int(line.size()) <= std::max(1, columns - 1));  // the last column would wrap on some terminals
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
  }
  // The percentage and the ETA stay longest; the bar only when there is room.
  const std::string narrow = format_progress_bar(s, 20);
  CHECK(narrow.find("18%") != std::string::npos);
  CHECK(narrow.find("ETA") != std::string::npos);
  CHECK(narrow.find('[') == std::string::npos);
  ProgressSnapshot typical;  // a few hundred buckets
  typical.done = 100, typical.total = 256, typical.elapsed = 5.0, typical.rays = 6000000;
  const std::string sixty = format_progress_bar(typical, 60);
  CHECK(sixty.find("ETA 7.8s") != std::string::npos);
  CHECK(sixty.find("100/256 buckets") != std::string::npos);
  CHECK(sixty.find("[") == 0);  // the bar outlives the elapsed time
  CHECK(sixty.find("elapsed") == std::string::npos);
  CHECK(format_progress_bar(typical, 100).find("elapsed 5.0s") != std::string::npos);
  const std::string wide = format_progress_bar(s, 200);
  CHECK(wide.find("[") == 0);
  CHECK(wide.find("(4000 restored)") != std::string::npos);
  CHECK(wide.find("elapsed") != std::string::npos);
}

TEST_CASE("restored buckets count apart: the ETA is of this run's work", "[progress]") {
  ProgressSnapshot s;
  s.total = 100, s.done = 60, s.restored = 50, s.elapsed = 10.0;  // 10 rendered in 10 s, 40 left
  CHECK(s.eta() == Approx(40.0));
  s.restored = 0;  // 60 rendered in 10 s
  CHECK(s.eta() == Approx(40.0 * 10.0 / 60.0));
  s.restored = 60;  // nothing rendered yet: unknown, not zero
  CHECK(s.eta() < 0);
  CHECK(format_progress_line(s).find("ETA ?") != std::string::npos);
  s.done = 100;
  CHECK(s.eta() == 0.0);
}

TEST_CASE("durations read as seconds, minutes or hours", "[progress]") {
  CHECK(format_duration(0.04) == "0.0s");
  CHECK(format_duration(12.34) == "12.3s");
  CHECK(format_duration(245) == "4m05s");
  CHECK(format_duration(7620) == "2h07m");
  CHECK(format_duration(-1) == "?");
}

TEST_CASE("the terminal width falls back to COLUMNS, then 80", "[progress]") {
  // /dev/null is no terminal: TIOCGWINSZ fails there.
  std::FILE* null = std::fopen("/dev/null", "w");
  REQUIRE(null);
  const char* saved = std::getenv("COLUMNS");
  const std::string old = saved ? saved : "";
  setenv("COLUMNS", "60", 1);
  CHECK(terminal_columns(fileno(null)) == 60);
  setenv("COLUMNS", "wide", 1);
  CHECK(terminal_columns(fileno(null)) == 80);
  unsetenv("COLUMNS");
  CHECK(terminal_columns(fileno(null)) == 80);
  if (saved) setenv("COLUMNS", old.c_str(), 1);
  std::fclose(null);
}

TEST_CASE("an unfinished bar is ended before the next message", "[progress]") {
  std::FILE* out = std::tmpfile();
  REQUIRE(out);
  ProgressReporter progress(out, true);
  progress.end_line();  // nothing drawn: nothing to end
  std::this_thread::sleep_for(std::chrono::milliseconds(120));  // redraws are at most ten a second
  BucketRecord record;
  record.id = 0, record.thread = 0, record.rays = 1000;
  progress.on_bucket_done(record, 1, 4);  // an interrupted render stops here
  progress.end_line();
  progress.end_line();  // once only
  std::rewind(out);
  std::string text;
  for (int c; (c = std::fgetc(out)) != EOF;) text += char(c);
  std::fclose(out);
  CHECK(text.rfind("\r[", 0) == 0);
  CHECK(text.find(" 25%") != std::string::npos);
  CHECK(text.find("\x1b[K") != std::string::npos);
  CHECK(text.back() == '\n');
  CHECK(text.find('\n') == text.size() - 1);
}
