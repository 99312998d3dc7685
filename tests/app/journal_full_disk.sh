#!/bin/sh
# The checkpoint journal on a full disk (a 64 KiB tmpfs in a private mount
# namespace): the render fails with an error naming the journal and the reason,
# exits non-zero and writes no image; the records written before the disk
# filled stay a clean, resumable journal, and resuming it (with room to spare)
# gives the uninterrupted image's pixels (EXR headers differ: render time).
# Usage: journal_full_disk.sh TESSERA WORKDIR   (exit 77: skipped)
set -eu
tessera=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir/small" && cd "$dir"
if ! unshare -rm true 2>/dev/null; then
  echo "SKIP: no private mount namespaces here (unshare -rm)"
  exit 77
fi
args="--resolution 128x96 --spp 4 --bucket-size 8 -t:2 --exr-float -q"
record=832  # bytes of an 8x8 bucket's record; the header is 48
"$tessera" render $args -o reference.exr

# 192 records of 832 bytes do not fit in 64 KiB.
TESSERA=$tessera ARGS=$args unshare -rm sh -c '
  mount -t tmpfs -o size=64k tmpfs small || exit 3
  status=0
  "$TESSERA" render $ARGS -o out.exr --checkpoint small/job.tsj --checkpoint-interval 0 2>err.txt || status=$?
  echo "$status" >status.txt
  cp small/job.tsj saved.tsj'
cat err.txt
status=$(cat status.txt)
[ "$status" -ne 0 ] || { echo "the render on a full disk exited 0"; exit 1; }
grep -qx "tessera: error: small/job.tsj: cannot write bucket file: No space left on device" err.txt
[ ! -e out.exr ] || { echo "the failed render wrote an image"; exit 1; }
size=$(stat -c %s saved.tsj)
[ $(((size - 48) % record)) -eq 0 ] && [ "$size" -gt $((48 + record)) ] ||
  { echo "the journal left on the full disk ($size bytes) is not whole records"; exit 1; }
echo "journal kept $(((size - 48) / record)) records"

"$tessera" render $args -o out.exr --checkpoint saved.tsj --resume
"$tessera" compare reference.exr out.exr --fail 0 >/dev/null
echo FULL_DISK_JOURNAL_RESUMED
