#!/bin/sh
# MPI rank 0's checkpoint journal on a full disk (a 64 KiB tmpfs in a private
# mount namespace): whichever of rank 0's threads (the one merging other ranks'
# buckets or the one rendering) meets the error, the job ends with the one-line
# error naming the journal and the reason, not std::terminate, and writes no
# image; the journal left behind resumes to the uninterrupted image's pixels.
# Usage: mpi_journal_full_disk.sh TESSERA MPIRUN WORKDIR   (exit 77: skipped)
set -eu
tessera=$1
mpirun=$2
dir=$3
rm -rf "$dir" && mkdir -p "$dir/small" && cd "$dir"
if ! unshare -rm true 2>/dev/null; then
  echo "SKIP: no private mount namespaces here (unshare -rm)"
  exit 77
fi
args="--resolution 128x96 --spp 4 --bucket-size 8 --exr-float -q"
"$tessera" render $args -t:2 -o reference.exr

TESSERA=$tessera MPIRUN=$mpirun ARGS=$args unshare -rm sh -c '
  mount -t tmpfs -o size=64k tmpfs small || exit 3
  status=0
  "$MPIRUN" --oversubscribe -np 3 "$TESSERA" render $ARGS -t:1 -o out.exr --checkpoint small/job.tsj \
      --checkpoint-interval 0 2>err.txt || status=$?
  echo "$status" >status.txt
  cp small/job.tsj saved.tsj'
cat err.txt
[ "$(cat status.txt)" -ne 0 ] || { echo "the job on a full disk exited 0"; exit 1; }
grep -q "^tessera: error: rank 0: small/job.tsj: cannot write bucket file: No space left on device$" err.txt
if grep -q "terminate called" err.txt; then echo "rank 0 died in std::terminate"; exit 1; fi
[ ! -e out.exr ] || { echo "the failed job wrote an image"; exit 1; }

"$tessera" render $args -t:2 -o out.exr --checkpoint saved.tsj --resume
"$tessera" compare reference.exr out.exr --fail 0 >/dev/null
echo MPI_FULL_DISK_ONE_LINE_ERROR
