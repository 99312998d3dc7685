#pragma once
// User defaults for scheduling, after RenderMan's rendermn.ini: a per-user
// config file and environment variables. Precedence, highest first:
//   command line > scene file "render" block > environment variables > config file > built-in defaults.
//
// The config file is a TOML subset:
//
//   # Tessera user defaults
//   [render]                 # optional; keys may also stand before any header
//   threads = -1             # same convention as -t: 0 = all, -N = all but N
//   bucket_size = "32x16"    # or an integer: 64 = 64x64
//   bucket_order = "spiral"  # scanline | spiral | hilbert | random
//   scheduler = "tbb"        # tbb | static | dynamic
//   completion = "unordered" # unordered | sequential
//
// Supported: comments (#, also after a value), blank lines, bare keys,
// `key = value` with an integer ([+-]digits, '_' between digits) or a string
// ("basic" with \" \\ \t \n \r \b \f escapes, or 'literal'), one [render] table.
// Anything else (unknown keys or tables, floats, booleans, arrays, multi-line
// strings, duplicate keys) is an error.

#include "core/engine/bucket.h"
#include "core/engine/bucket_order.h"
#include "core/engine/render_loop.h"

#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

namespace tessera {

struct SchedulingDefaults {                // each unset value falls through to the next source
  std::optional<int> threads;              // same convention as -t: 0 = all, -N = all but N; check_thread_request
  std::optional<BucketSize> bucket_size;   // each side in [1, 4096]
  std::optional<BucketOrder> order;
  std::optional<Scheduler> scheduler;
  std::optional<Completion> completion;
};

// Path of the user config file: $TESSERA_CONFIG if set (set but empty = no
// config file: returns ""), else $XDG_CONFIG_HOME/tessera/config.toml (an empty
// or relative XDG_CONFIG_HOME is ignored, as the XDG spec says), else
// $HOME/.config/tessera/config.toml (an empty HOME counts as unset). Empty if
// none applies.
std::string user_config_path(const std::function<const char*(const char*)>& getenv = ::getenv);

// Parse config text. Errors throw Error("<path>:<line>: <what>").
SchedulingDefaults parse_user_config(const std::string& text, const std::string& path);

// Where a config path came from: the default location, or TESSERA_CONFIG.
enum class ConfigOrigin { Default, Named };

// Read and parse the file at `path`. An empty path gives empty defaults. A
// missing default file gives empty defaults; one that cannot be read (a
// directory, no permission) gives one warning (core/base/warning.h) and empty
// defaults, so an unreadable HOME does not stop every render. A Named file
// (TESSERA_CONFIG) that is missing or unreadable throws
// Error("TESSERA_CONFIG=<path>: ..."). A malformed file throws as parse_user_config.
SchedulingDefaults load_user_config(const std::string& path, ConfigOrigin origin = ConfigOrigin::Default);

// The user's config file as a render reads it: user_config_path(getenv), Named
// when TESSERA_CONFIG is set and not empty.
SchedulingDefaults user_config_defaults(const std::function<const char*(const char*)>& getenv = ::getenv);

// Environment overrides: TESSERA_THREADS, TESSERA_BUCKET_SIZE (N or WxH),
// TESSERA_BUCKET_ORDER, TESSERA_SCHEDULER, TESSERA_COMPLETION. Unset or empty
// variables are ignored; spaces and tabs around a value are trimmed. A bad
// value throws Error("environment variable TESSERA_THREADS: ...").
SchedulingDefaults environment_defaults(const std::function<const char*(const char*)>& getenv = ::getenv);

// Layer: each value set in `high` wins over the one in `low`.
SchedulingDefaults overlay(const SchedulingDefaults& high, const SchedulingDefaults& low);

}  // namespace tessera
