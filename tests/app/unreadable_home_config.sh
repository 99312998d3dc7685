#!/bin/sh
# A HOME the user cannot read (so the default config file cannot even be
# looked at) must not stop every render: one warning, then the built-in
# defaults. Root reads anything, so as root the render runs in a user
# namespace, where root's capabilities do not reach the host's files.
# Usage: unreadable_home_config.sh TESSERA WORK_DIR
tessera=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir/home/.config/tessera" || exit 1
printf 'threads = 1\n' > "$dir/home/.config/tessera/config.toml"
chmod 000 "$dir/home"
run=""
if [ "$(id -u)" = 0 ]; then
  if unshare -U true 2>/dev/null; then
    run="unshare -U"
  else
    chmod 755 "$dir/home"
    echo "SKIP: running as root without user namespaces: root bypasses permissions"
    exit 77
  fi
fi
out=$(cd "$dir" && env -u TESSERA_CONFIG -u XDG_CONFIG_HOME HOME="$dir/home" $run "$tessera" render -q --resolution 8x8 --spp 1 -o out.png 2>&1)
status=$?
chmod 755 "$dir/home"
printf '%s\n[tessera exit status: %s]\n' "$out" "$status"
warnings=$(printf '%s\n' "$out" | grep -c 'tessera: warning:')
[ "$status" = 0 ] && [ "$warnings" = 1 ] && [ -s "$dir/out.png" ] &&
  printf '%s\n' "$out" | grep -q "tessera: warning: $dir/home/.config/tessera/config.toml: cannot read config file: Permission denied; using the built-in defaults" &&
  echo "UNREADABLE_HOME_RENDERED"
