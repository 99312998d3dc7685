#!/usr/bin/env bash
# Build oneTBB with ThreadSanitizer from Debian's own source package, once per
# machine, and print its install prefix on stdout (everything else goes to stderr).
#
# Why: Debian's libtbb12 is not instrumented, so a TSan build of Tessera linked
# against it sees oneTBB's task hand-offs as unsynchronised and reports hundreds
# of races that prove nothing. Built from the same Debian source (same version,
# same patches) with -fsanitize=thread, oneTBB's synchronisation is visible to
# TSan and a report means a real race in our code.
#
# The result lives outside the clone, in
#   ${TESSERA_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tessera-ci}/tbb-tsan-<Debian version>
# so later CI runs on the same machine reuse it. Only the tbb library is built
# (no tbbmalloc, tbbbind, tests or examples). Needs root (or sudo) the first time
# to add a deb-src entry for bookworm and fetch the source with `apt-get source`.
set -euo pipefail

log() { echo "build-tbb-tsan: $*" >&2; }
# Run "$@" up to $1 times, 20 s apart: a mirror that drops one request should
# not fail the CI stage.
retry() {
  local n=$1 i=1; shift
  until "$@"; do
    [ "$i" -lt "$n" ] || return 1
    log "failed (try $i of $n): $*; again in 20 s"; sleep 20; i=$((i + 1))
  done
}

version=$(dpkg-query -W -f='${Version}' libtbb-dev 2>/dev/null || true)
if [ -z "$version" ]; then
  log "libtbb-dev is not installed (scripts/install-deps.sh)"; exit 1
fi
cache=${TESSERA_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tessera-ci}
prefix="$cache/tbb-tsan-$version"
if [ -f "$prefix/.complete" ]; then
  log "reusing $prefix"
  echo "$prefix"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    log "need root to add a deb-src entry and fetch onetbb's source"; exit 1
  fi
fi

# A deb-src entry for the suites Debian 12 installs from (the .deb entries are left alone).
srclist=/etc/apt/sources.list.d/tessera-deb-src.sources
if ! apt-cache showsrc "onetbb=$version" 2>/dev/null | grep -q '^Package: onetbb'; then
  if [ ! -f "$srclist" ]; then
    log "adding $srclist"
    $sudo tee "$srclist" >/dev/null <<'EOF'
# Written by Tessera's scripts/build-tbb-tsan.sh: Debian's source packages, so that
# CI can build oneTBB with ThreadSanitizer from the same source as libtbb12.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  retry 3 $sudo apt-get update -q >&2
fi

start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/tbb-tsan.XXXXXX")
trap 'rm -rf "$work"' EXIT
log "fetching onetbb $version source into $work"
# apt-get source unpacks and applies Debian's patches (dpkg-source, from dpkg-dev).
(cd "$work" && retry 3 apt-get source -q --only-source "onetbb=$version" >&2) ||
  { log "cannot fetch onetbb $version's source from Debian's archive (network?): no TSan oneTBB"; exit 1; }
srcdir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'onetbb-*' | head -n1)
[ -n "$srcdir" ] || { log "apt-get source left no onetbb-* directory"; exit 1; }

# Clang, as the TSan build of Tessera uses: one runtime for both.
# TBB_STRICT=OFF: oneTBB's own -Werror would fail on warnings TSan builds add.
log "building (tbb only, -j2) into $prefix"
cmake -S "$srcdir" -B "$work/build" -G "Unix Makefiles" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS="-fsanitize=thread" -DCMAKE_CXX_FLAGS="-fsanitize=thread" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" \
  -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF -DTBBMALLOC_BUILD=OFF \
  -DTBB_DISABLE_HWLOC_AUTOMATIC_SEARCH=ON -DTBB_ENABLE_IPO=OFF \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib >&2
cmake --build "$work/build" --target tbb -j2 >&2
rm -rf "$prefix"
cmake --install "$work/build" >&2
touch "$prefix/.complete"
log "built in $(( $(date +%s) - start )) s"
echo "$prefix"
