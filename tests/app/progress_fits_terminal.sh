#!/bin/sh
# The progress bar on a 60-column terminal: a pty from script(1) with no window
# size (stdin is not a terminal), so tessera takes the width from COLUMNS. Every
# redraw returns to column 0 and erases the rest of the line, and no line is
# longer than 59 columns, so the terminal never scrolls. Then the same render
# with stderr to a file: plain lines, no carriage returns or escapes.
# Usage: progress_fits_terminal.sh TESSERA WORKDIR
tessera=$1
dir=$2
command -v script >/dev/null 2>&1 || { echo "no script(1): skipped"; exit 77; }
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
args="render --resolution 64x64 --bucket-size 8 --spp 8 -t:1 -o progress.png"
COLUMNS=60 script -qec "\"$tessera\" $args >/dev/null" /dev/null </dev/null >pty.out 2>&1 || { cat pty.out; echo "FAIL: render under a pty"; exit 1; }
esc=$(printf '\033')
cr=$(printf '\r')
grep -q "${esc}\[K" pty.out || { echo "FAIL: no erase-to-end-of-line"; exit 1; }
grep -q "$cr" pty.out || { echo "FAIL: no carriage return"; exit 1; }
# Lines as the terminal shows them: split at \r and \n, escapes removed.
longest=$(tr '\r' '\n' <pty.out | sed "s/${esc}\[K//g" | awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }')
[ "$longest" -le 59 ] || { echo "FAIL: a line of $longest columns on a 60-column terminal"; tr '\r' '\n' <pty.out; exit 1; }
tr '\r' '\n' <pty.out | grep -q "100%" || { echo "FAIL: no final 100% line"; exit 1; }
"$tessera" $args >/dev/null 2>log.txt || { cat log.txt; echo "FAIL: render to a log"; exit 1; }
if grep -q "$cr" log.txt || grep -q "$esc" log.txt; then echo "FAIL: terminal codes in a log"; exit 1; fi
grep -q "^tessera: 100% (64/64 buckets)" log.txt || { cat log.txt; echo "FAIL: no plain 100% line"; exit 1; }
echo "PROGRESS_FITS longest $longest"
